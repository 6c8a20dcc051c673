"""Django's PostgreSQL backend, starting the embedded server on the first connection."""

from pathlib import Path

from django.db.backends.postgresql import base

from axis.embedded_db import start


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        if not self.settings_dict["HOST"]:
            # Written back so that dbshell and later connections find the socket too.
            self.settings_dict["HOST"], self.settings_dict["PORT"] = start(Path(self.settings_dict["PGDATA"]))
        return super().get_connection_params()
