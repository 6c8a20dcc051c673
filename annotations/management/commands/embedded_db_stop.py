"""Stop the embedded PostgreSQL server unless another Axis process still uses it (the end of `make run`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from axis import embedded_db


class Command(BaseCommand):
    help = (
        "Stop the embedded PostgreSQL server (.axis/pgdata) when no live Axis process uses it; "
        "nothing to do with DATABASE_URL set. `make run` runs it after its web server and worker stop."
    )
    requires_system_checks = []

    def handle(self, **options) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != embedded_db.ENGINE:
            return
        if embedded_db.stop_if_unused(Path(database["PGDATA"])):
            self.stdout.write("Axis: stopped the embedded PostgreSQL server.")
