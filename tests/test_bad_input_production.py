"""The bad-input table of tests/bad_input.py against gunicorn with production settings (DEBUG off,
as deploy/ runs it), over real HTTP: every class answers 400 naming the parameter there too."""

import json

import httpx
import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator

from tests import bad_input
from tests.bad_input import Answer, Request
from tests.test_production import (  # noqa: F401 (static_root is a fixture)
    HTTPS,
    database_url,
    free_port,
    production_env,
    serve,
    static_root,
    stop,
)
from tests.test_settings import PRODUCTION_KEY

# Marked so that pytest-django sets the test database up even when this module runs alone; each
# test's own transaction is empty, the world being committed before it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The table's world, committed so that the server sees it. Afterwards the database is
    emptied as after any transactional test (the audit trail refuses DELETE, not TRUNCATE)."""
    with django_db_blocker.unblock():
        world = bad_input.make_world()
        # A session the production server reads: signed with its key, as its sign-in would.
        with override_settings(SECRET_KEY=PRODUCTION_KEY):
            session = SessionStore()
            session[SESSION_KEY] = str(world["admin"].pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = world["admin"].get_session_auth_hash()
            session.create()
        world["session"] = session.session_key
        yield world
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(scope="module")
def server(world, django_db_blocker, static_root):  # noqa: F811
    from django.db import connection

    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    port = free_port()
    # The token throttle is tested elsewhere; this table alone sends a thousand requests a minute.
    process = serve(production_env(STATIC_ROOT=str(static_root), DATABASE_URL=url, AXIS_API_RATE="100000/min"),
                    port)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        yield client
    stop(process)


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def send(server, world):
    def send(request: Request) -> Answer:
        headers = dict(HTTPS)
        if request.path.startswith("/api/"):
            headers["Authorization"] = f"Token {world['token']}"
        else:
            headers["Cookie"] = f"sessionid={world['session']}"
        if request.accept:
            headers["Accept"] = request.accept
        if request.content_type:
            headers["Content-Type"] = request.content_type
        if request.body:
            # A view that answers without reading the body (a 401, an action that takes none)
            # leaves it on a kept-alive connection, which gunicorn then drops.
            headers["Connection"] = "close"
        try:
            response = server.request(request.method, request.url, content=request.body, headers=headers)
        except httpx.RemoteProtocolError as error:
            return Answer(599, "", f"the server dropped the connection: {error}")
        return Answer(response.status_code, response.headers.get("content-type", ""), response.text)

    return send


def test_the_production_server_reads_the_world_as_its_admin(send, world):
    pages = send(Request("GET", "/"))
    assert pages.status == 200 and "Bad Input Gazette" in pages.text
    api = send(Request("GET", "/api/v1/workspaces/"))
    assert [row["slug"] for row in json.loads(api.text)["results"]] == ["badinput"]


class TestOnTheProductionServer(bad_input.BadInputTable):
    pass
