"""A production server: gunicorn with DEBUG off, as deploy/ runs it, answering real HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.db import OperationalError

from tests.test_settings import PRODUCTION_KEY

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HTTPS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL for the test database, on a TCP port or the embedded server's socket."""
    host = settings_dict["HOST"] or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


def production_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "AXIS_TASKS_BACKEND"}}
    env.update(DEBUG="0", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="127.0.0.1", **extra)
    return env


def serve(env: dict, port: int) -> subprocess.Popen:
    env = dict(env, AXIS_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", AXIS_ACCESS_LOG="/dev/null")
    server = subprocess.Popen([str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "axis.wsgi"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited: {server.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("gunicorn did not start within 30 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT,
                            env=production_env(STATIC_ROOT=str(root)), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def production_server(django_db_setup, django_db_blocker, static_root):
    from django.db import connection

    with django_db_blocker.unblock():
        connection.ensure_connection()
        url = database_url(connection.settings_dict)
    port = free_port()
    server = serve(production_env(STATIC_ROOT=str(static_root), DATABASE_URL=url), port)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        yield client
    stop(server)


def test_plain_http_is_sent_to_https(production_server):
    response = production_server.get("/login/")
    assert response.status_code == 301
    assert response.headers["location"] == f"https://127.0.0.1:{production_server.base_url.port}/login/"


def test_pages_carry_the_security_headers(production_server):
    response = production_server.get("/login/", headers=HTTPS)
    assert response.status_code == 200
    headers = response.headers
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    cookie = headers["set-cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie and "SameSite=Lax" in cookie


def test_healthz_answers_200_with_the_database(production_server):
    # Over plain HTTP too: the load balancer probes gunicorn directly.
    response = production_server.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["cache-control"]


def test_static_files_are_compressed_and_cached_forever(production_server, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["annotations/css/axis.css"]
    assert hashed != "annotations/css/axis.css"
    response = production_server.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip", **HTTPS})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "max-age=315360000, public, immutable"
    assert response.headers["content-encoding"] in {"gzip", "br"}
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["x-content-type-options"] == "nosniff"
    # The unhashed name is still served, but cached only briefly: it changes with each release.
    plain = production_server.get("/static/annotations/css/axis.css", headers=HTTPS)
    assert plain.status_code == 200 and "immutable" not in plain.headers["cache-control"]


def test_pages_are_served_gzipped_to_browsers_that_accept_it(production_server):
    page = production_server.get("/login/", headers={"Accept-Encoding": "gzip", **HTTPS})
    assert page.status_code == 200
    assert page.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["vary"]
    assert int(page.headers["content-length"]) < len(page.content)  # httpx has unpacked it
    assert "Sign in" in page.text
    plain = production_server.get("/login/", headers={"Accept-Encoding": "identity", **HTTPS})
    assert "content-encoding" not in plain.headers


def test_healthz_answers_503_when_the_database_does_not(static_root):
    port = free_port()
    closed = free_port()
    env = production_env(STATIC_ROOT=str(static_root),
                         DATABASE_URL=f"postgres://axis@127.0.0.1:{closed}/axis?connect_timeout=2")
    server = serve(env, port)
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
    finally:
        stop(server)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_healthz_view_reports_a_database_error(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("axis.health.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db(transaction=True)
def test_an_article_added_by_api_answers_queued_and_the_worker_then_analyses_it(production_server, admin_member):
    # The production task backend: the answer comes before the analysis, which `db_worker` does.
    from django.db import connection

    from annotations import services
    from annotations.models import Article
    from tests.factories import ARTICLE_TEXT

    headers = {"Authorization": f"Token {services.token_create(user=admin_member)[1]}", **HTTPS}
    response = production_server.post("/api/v1/articles/", json={"workspace": "herald", "text": ARTICLE_TEXT},
                                      headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["claims"], body["quotes"]) == ("queued", [], [])
    port = production_server.base_url.port
    assert response.headers["location"] == body["url"] == f"https://127.0.0.1:{port}/api/v1/articles/{body['id']}/"
    detail = f"/api/v1/articles/{body['id']}/"
    assert production_server.get(detail, headers=headers).json()["status"] == "queued"

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"], cwd=ROOT,
        env=production_env(DATABASE_URL=database_url(connection.settings_dict)), capture_output=True, text=True,
        timeout=300)
    assert worker.returncode == 0, worker.stderr[-2000:]
    polled = production_server.get(detail, headers=headers).json()
    assert polled["status"] == "ready" and polled["claims"] and polled["quotes"]
    assert Article.objects.get(pk=body["id"]).claims.count() == len(polled["claims"])


def test_gunicorn_refuses_to_serve_with_debug_on(static_root):
    # A production machine with a development .env (DEBUG=1) and settings that forget DEBUG=0.
    env = dict(production_env(STATIC_ROOT=str(static_root), DATABASE_URL="postgres://axis@127.0.0.1:1/axis"),
               DEBUG="1", AXIS_BIND=f"127.0.0.1:{free_port()}", WEB_CONCURRENCY="1", AXIS_ACCESS_LOG="/dev/null")
    result = subprocess.run([str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "axis.wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "Axis: DEBUG is on (from the environment or .env); gunicorn serves production: set DEBUG=0." in result.stderr
