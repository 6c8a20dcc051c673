"""Bad input answers 400 naming the parameter, never 500: the table of tests/bad_input.py over
every endpoint and page, in this process (the production server runs it in
tests/test_bad_input_production.py)."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django_filters import IsoDateTimeFilter
from drf_spectacular.generators import SchemaGenerator

from annotations.api.filters import StorableIsoDateTimeFilter
from annotations.input_checks import MAX_JSON_DEPTH, NUL_REFUSED, OFFSET_REFUSED, TOO_DEEP
from tests import bad_input
from tests.bad_input import Answer, Request
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return bad_input.make_world()


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def send(world):
    """Send as the workspace's admin, signed in (pages) or with a token (API), each request in a
    savepoint so that one failure does not abort the rest."""
    client = Client(raise_request_exception=False)
    client.force_login(world["admin"])
    token = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {world['token']}")

    def send(request: Request) -> Answer:
        caller = token if request.path.startswith("/api/") else client
        extra = {"HTTP_ACCEPT": request.accept} if request.accept else {}
        try:
            with transaction.atomic():
                response = caller.generic(request.method, request.url, request.body or b"",
                                          content_type=request.content_type or "application/octet-stream",
                                          **extra)
                content = b"".join(response) if response.streaming else response.content
                if response.status_code >= 500:
                    raise _Rollback(response.status_code, content)
        except _Rollback as failed:
            return Answer(failed.args[0], "", failed.args[1].decode(errors="replace"))
        return Answer(response.status_code, response.get("Content-Type", ""), content.decode(errors="replace"))

    return send


class _Rollback(Exception):
    pass


def test_every_url_has_its_arguments(world):
    paths = dict(bad_input.all_paths(world))
    assert "annotations:home" in paths and "api:annotation-submit" in paths and "admin:login" in paths
    assert len(bad_input.list_endpoints()) == 8


class TestInThisProcessInDebugMode(bad_input.BadInputTable):
    @pytest.fixture(autouse=True)
    def debug_mode(self, settings):
        # pytest-django runs views with DEBUG off; this table runs them as `make run` does.
        settings.DEBUG = True


def test_the_browsable_api_annotation_form_holds_its_editable_values(world):
    client = Client()
    client.force_login(world["admin"])
    response = client.get(f"/api/v1/annotations/{world['annotation'].pk}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    # The PATCH form's raw data: what AnnotationUpdateSerializer takes, prefilled.
    assert ("&quot;tags&quot;: [],\n    &quot;verdict&quot;: null,\n    &quot;note&quot;: &quot;x&quot;,\n"
            "    &quot;version&quot;: 1\n}</textarea>") in response.content.decode()


def test_each_answer_says_what_is_wrong(send, world):
    article = world["article"]
    answer = send(Request("GET", "/api/v1/annotations/", {"cursor": bad_input.cursor("p=abc")}))
    assert answer.status == 400 and "Invalid cursor" in answer.text
    answer = send(Request("GET", "/", {"title": "\0"}))
    assert (answer.status, answer.text) == (400, f"title: {NUL_REFUSED}\n")
    answer = send(Request("POST", "/api/v1/annotations/", body=b"[" * 100 + b"]" * 100,
                          content_type="application/json"))
    assert (answer.status, answer.text) == (400, f'{{"body":["{TOO_DEEP}"]}}')
    answer = send(Request("GET", "/api/v1/audit-events/", {"since": bad_input.BAD_OFFSET}))
    assert (answer.status, answer.text) == (400, f'{{"since":["{OFFSET_REFUSED}"]}}')
    answer = send(Request("POST", f"/api/v1/articles/{article.pk}/import-webannotations/",
                          body=b'{"type": "Annotation", "bodyValue": "a\\u0000"}', content_type="application/json"))
    assert (answer.status, answer.text) == (400, f'{{"bodyValue":["{NUL_REFUSED}"]}}')


def test_json_as_deep_as_any_document_axis_reads_is_still_read(send, world):
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    body = f'{{"article": {world["article"].pk}, "claim": {world["claim"].pk}, "note": "ok", "nested": {nested}}}'
    answer = send(Request("POST", "/api/v1/annotations/", body=body.encode(), content_type="application/json"))
    assert answer.status == 201, answer.text


def test_offsets_postgresql_stores_are_accepted(send, world):
    for value in ("2026-01-01T00:00:00-15:59", "2026-01-01T00:00:00+15:59", "2026-01-01T00:00:00Z"):
        assert send(Request("GET", "/api/v1/annotations/", {"updated_since": value})).status == 200
        query = {"workspace": world["workspace"].slug, "since": value}
        assert send(Request("GET", "/api/v1/exports/csv/", query)).status == 200


def test_the_cursors_the_api_writes_still_page_in_every_order(world):
    client = Client(HTTP_AUTHORIZATION=f"Token {world['token']}")
    for ordering in ("-created", "title", "id"):
        first = client.get("/api/v1/articles/", {"page_size": 1, "ordering": ordering}).json()
        assert first["next"] is None or client.get(first["next"]).status_code == 200


def test_no_list_is_ordered_by_a_column_that_may_be_empty():
    # Cursor pagination compares each page's last value; an empty one (NULL) has no place in it.
    for basename, viewset in bad_input.list_endpoints():
        model = viewset.queryset.model
        assert [name for name in viewset.ordering_fields if model._meta.get_field(name).null] == [], basename


def test_paging_articles_in_any_order_reaches_every_article(world):
    ArticleFactory(workspace=world["workspace"], published=datetime.date(2024, 1, 1))
    ArticleFactory(workspace=world["workspace"])
    client = Client(HTTP_AUTHORIZATION=f"Token {world['token']}")
    for ordering in ("-published", "published", "title", "-created"):
        seen, url = [], "/api/v1/articles/?page_size=1&ordering=" + ordering
        while url:
            page = client.get(url)
            assert page.status_code == 200, (ordering, page.content)
            seen += [row["id"] for row in page.json()["results"]]
            url = page.json()["next"]
        assert len(seen) == len(set(seen)) == 3, ordering


def test_the_export_command_refuses_an_offset_postgresql_cannot_store(world):
    with pytest.raises(CommandError, match=re.escape(OFFSET_REFUSED)):
        call_command("export", "--format", "csv", "--workspace", world["workspace"].slug, "--since", bad_input.BAD_OFFSET, stdout=io.StringIO())


def test_every_date_time_filter_of_the_api_refuses_unstorable_offsets():
    for basename, name in bad_input.since_filters():
        viewset = dict(bad_input.list_endpoints())[basename]
        declared = viewset.filterset_class.base_filters[name]
        assert isinstance(declared, IsoDateTimeFilter) and isinstance(declared, StorableIsoDateTimeFilter), name
