"""The README's local commands, typed as a new user types them: in a fresh checkout where
`make install` ran, from a shell whose environment holds only PATH and HOME.

The checkout is a copy of this one's files (tracked and new, as they are on disk) with the
shared .venv linked in; it has no DATABASE_URL, so it runs on its own embedded PostgreSQL
server in its own `.axis/`, which `make run` must stop when it stops.
"""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEMO_ARTICLE = "annotations/demo/cracks-in-the-axis.txt"
TIMEOUT = 180

# Every local command the README shows, as written there, and how this test runs it: the
# arguments standing for its placeholders, or why it is not run here. A command added to
# the README fails `test_every_readme_command_is_run_or_accounted_for` until it is listed.
# "{folder}" is a folder of two articles made for the import.
RUN = {
    "make run": None,  # test_make_run_* below
    "make test": "the suite this test is part of",
    ".venv/bin/python manage.py analyze_article PATH": f"manage.py analyze_article {DEMO_ARTICLE}",
    ".venv/bin/python manage.py analyze_article PATH --json": f"manage.py analyze_article {DEMO_ARTICLE} --json",
    ".venv/bin/python manage.py analyze_article PATH --save --workspace SLUG":
        f"manage.py analyze_article {DEMO_ARTICLE} --save --workspace demo",
    ".venv/bin/python manage.py import_articles PATH --workspace SLUG": "manage.py import_articles {folder} --workspace demo",
    ".venv/bin/python manage.py export --format claimreview --workspace demo [--since TIME] [--out FILE]":
        "manage.py export --format claimreview --workspace demo --since 2020-01-01T00:00:00Z --out {folder}/cr.json",
    ".venv/bin/python bench/quality.py [-v] [tests/data/SET]": "bench/quality.py tests/data/articles",
    ".venv/bin/python bench/pipeline.py [--words N] [--seed S]": "bench/pipeline.py --words 300 --seed 2",
    ".venv/bin/python bench/review_page.py [--sizes 100,1000,2000]": "minutes: builds its own database and pages",
    ".venv/bin/python bench/import.py [--articles N] [--rounds R] [--explain]": "minutes: imports 10,000 articles",
    ".venv/bin/python bench/load.py [--seconds S] [--clients C] [--pace P] [--pages review,list,api,static]":
        "minutes: a load test against gunicorn",
    ".venv/bin/python bench/export.py": "minutes: exports 100,000 annotations",
    ".venv/bin/python bench/search.py [--sizes 1000,10000] [--runs 30]": "bench/search.py --sizes 100 --runs 2",
    ".venv/bin/python manage.py db_worker": "runs until stopped; make run starts it",
    ".venv/bin/python manage.py analysis_requeue": "make run runs it",
    ".venv/bin/python manage.py prune_db_task_results": "manage.py prune_db_task_results",
    ".venv/bin/python manage.py createsuperuser": "asks for a password at the terminal",
    ".venv/bin/python manage.py shell": "interactive; test_make_run_leaves_the_server_… runs one",
    ".venv/bin/python manage.py embedded_db_stop": "manage.py embedded_db_stop",
    ".venv/bin/python manage.py axes_reset_username NAME": "manage.py axes_reset_username reviewer",
}


def runnable(how: str | None) -> bool:
    return bool(how) and how.startswith(("manage.py ", "bench/"))


def readme_commands() -> list[str]:
    """Lines of the README's ```sh blocks that start with `make` or `.venv/bin/python`, and its
    inline `manage.py …` / `.venv/bin/python …` spans, comments dropped."""
    text = README.read_text()
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith(("make ", ".venv/bin/python ")):
                lines.append(line)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for span in re.findall(r"`((?:\.venv/bin/python )?(?:manage\.py|bench/\w+\.py)[^`]*)`", prose):
        line = span if span.startswith(".venv/") else f".venv/bin/python {span}"
        if line not in lines:
            lines.append(line)
    return lines


def clean_env() -> dict:
    return {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"]}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A fresh checkout of this one's files, after `make install`, with the demo loaded."""
    root = tmp_path_factory.mktemp("checkout")
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(source.read_bytes())
    venv = (ROOT / ".venv").resolve()
    (root / ".venv").symlink_to(venv)
    installed = venv / ".installed"
    if installed.exists():
        # The shared venv already holds requirements.txt: `make install` then has only .env to write.
        stamp = installed.stat().st_mtime - 60
        os.utime(root / "requirements.txt", (stamp, stamp))
    run(root, "make install")
    run(root, ".venv/bin/python manage.py migrate --no-input")
    run(root, ".venv/bin/python manage.py load_demo")
    yield root
    for process in postgres_of(root):  # only if a test failed half-way
        process.terminate()


def run(root: Path, command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(shlex.split(command), cwd=root, env=clean_env(), capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def postgres_of(root: Path) -> list[psutil.Process]:
    """The postgres server processes whose data folder is in this checkout."""
    pgdata = str(root / ".axis" / "pgdata")
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and pgdata in (process.info["cmdline"] or []):
            found.append(process)
    return found


def wait_for_no_postgres(root: Path, seconds: float = 15) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while (left := postgres_of(root)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_run_then_stop(root: Path, stop_signal: int, command: str = "make run AXIS_PORT={port}") -> str:
    """Start `make run` in its own process group, wait for a page, stop the group; return its output."""
    port = free_port()
    make = subprocess.Popen(shlex.split(command.format(port=port)), cwd=root, env=clean_env(),
                            start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert make.poll() is None, make.stdout.read()
            assert time.monotonic() < deadline, "make run served nothing"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/login/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        assert postgres_of(root), "make run serves from its embedded server"
        os.killpg(make.pid, stop_signal)
        output, _ = make.communicate(timeout=60)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
    return output


def test_make_install_marks_the_checkout_as_a_development_one(checkout):
    assert "DEBUG=1" in (checkout / ".env").read_text().splitlines()


def test_the_environment_wins_over_env_so_production_settings_still_need_a_secret_key(checkout):
    result = subprocess.run([".venv/bin/python", "manage.py", "check"], cwd=checkout, env=dict(clean_env(), DEBUG="0"),
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode != 0
    assert result.stderr.startswith("Axis: set SECRET_KEY")


def test_the_deploy_check_fails_in_a_development_checkout(checkout):
    result = subprocess.run([".venv/bin/python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=checkout, env=clean_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_every_readme_command_is_run_or_accounted_for():
    assert set(readme_commands()) == set(RUN), "list each README command in RUN, with how to run it or why not"


@pytest.mark.parametrize("command", [c for c, how in RUN.items() if runnable(how)])
def test_readme_command_works_in_a_clean_shell(checkout, tmp_path, command):
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "one.txt").write_text("Schools Hire More\n\nThe council said on Monday that 40 new teachers "
                                    "would start in March.\n")
    (folder / "two.txt").write_text("Bus Fares Rise\n\n\u201cFares will rise by 5%,\u201d said Ana Ruiz, "
                                    "the transport director.\n")
    result = run(checkout, ".venv/bin/python " + RUN[command].format(folder=folder))
    if "--json" in command:
        assert json.loads(result.stdout)["claims"]
    if "import_articles" in command:
        assert "Added 2, skipped 0 already present, failed 0." in result.stdout
    if "export" in command:
        assert isinstance(json.loads((folder / "cr.json").read_text()), list | dict)


def test_make_run_stops_the_embedded_server_it_started(checkout):
    assert not wait_for_no_postgres(checkout), "no server runs before"
    make_run_then_stop(checkout, signal.SIGTERM)
    assert not wait_for_no_postgres(checkout), "the embedded server outlived make run"
    handles = checkout / ".axis" / "pgdata" / ".handle_pids.json"
    assert json.loads(handles.read_text() or "[]") == []


def test_runserver_alone_stops_the_embedded_server_too(checkout):
    # Its reloader SIGKILLs the child that used the server, then exits itself.
    make_run_then_stop(checkout, signal.SIGTERM, ".venv/bin/python manage.py runserver 127.0.0.1:{port}")
    assert not wait_for_no_postgres(checkout), "the embedded server outlived runserver"


def test_make_run_leaves_the_server_to_another_axis_process_still_using_it(checkout):
    holder = subprocess.Popen(
        [".venv/bin/python", "manage.py", "shell", "-c",
         "import sys; from annotations.models import Article; print('ready', Article.objects.count(), flush=True);"
         " sys.stdin.readline(); print('ready', Article.objects.count(), flush=True)"],
        cwd=checkout, env=clean_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        while not (before := holder.stdout.readline()).startswith("ready"):
            assert before, "the other process did not start"
        make_run_then_stop(checkout, signal.SIGINT)  # Ctrl-C
        time.sleep(1)
        assert postgres_of(checkout), "make run stopped a server another process still uses"
        output, _ = holder.communicate("go\n", timeout=60)
        assert output.splitlines()[-1] == before.strip(), "the other process still reads the database"
        assert holder.returncode == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    assert not wait_for_no_postgres(checkout), "the last process using the server stops it"
