"""The bad-input table (issue 14, item 19): each class of bad input, sent to every endpoint or
page it reaches, answers 400 naming the parameter, never 500.

The endpoints come from the URL conf and the OpenAPI schema, so a new page or endpoint joins the
table by itself (or fails `test_every_url_has_its_arguments` until this file knows its ids).
The same table runs in process (tests/annotations/test_bad_input.py) and against gunicorn with
production settings (tests/test_bad_input_production.py): `send` is all that differs.
"""

import base64
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_filters import IsoDateTimeFilter

from annotations import services
from annotations.api import urls as api_urls
from annotations.models import AuditEvent, Membership
from annotations.services.analysis import article_analysis_run
from tests.factories import ARTICLE_TEXT, UserFactory

HTML, API = "html", "api"
DEEP = 50_000
BAD_OFFSET = "2026-01-01T00:00:00-23:59"
# Python reads these offsets; PostgreSQL stores ±15:59 at most.
BAD_OFFSETS = [BAD_OFFSET, "2026-01-01T00:00:00+16:00", "2026-01-01T12:00+23:59"]


@dataclass
class Request:
    method: str
    path: str
    query: dict = field(default_factory=dict)
    body: bytes | None = None
    content_type: str | None = None
    accept: str | None = None
    # The parameter the 400 must name; None: any answer below 500 will do.
    names: str | None = None

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path

    def __str__(self) -> str:
        return f"{self.method} {self.url[:160]}"


@dataclass
class Answer:
    status: int
    content_type: str
    text: str


Send = Callable[[Request], Answer]


def check(send: Send, requests: list[Request]) -> list[str]:
    """Send each request; return one line per request whose answer is not as the table says."""
    failures = []
    for request in requests:
        answer = send(request)
        if answer.status >= 500:
            failures.append(f"{request}: {answer.status} {answer.text[:200]}")
        elif request.names is not None and not names_parameter(answer, request.names):
            failures.append(f"{request}: {answer.status}, expected a 400 naming {request.names!r}: "
                            f"{answer.text[:200]}")
    return failures


def names_parameter(answer: Answer, name: str) -> bool:
    if answer.status != 400:
        return False
    if "json" in answer.content_type:
        return name in json.loads(answer.text)
    # The pages' plain-text 400s and the export download's: "name: message" lines.
    return any(line.startswith(f"{name}: ") for line in answer.text.splitlines())


# The world: one workspace whose admin reads and writes everything, with a row of every kind.

def make_world(*, password: str | None = None) -> dict:
    workspace = services.workspace_create(name="Bad Input Gazette", slug="badinput")
    admin = UserFactory(username="bad-input-admin")
    if password:
        admin.set_password(password)
        admin.save()
    services.membership_set(workspace=workspace, user=admin, role=Membership.Role.ADMIN)
    reviewer = UserFactory(username="bad-input-reviewer")
    member = services.membership_set(workspace=workspace, user=reviewer, role=Membership.Role.REVIEWER)
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=admin)
    # The analysis is queued for after the commit, which a test's transaction never reaches:
    # run what the task runs (a ready article, as on a committed world, is skipped).
    article_analysis_run(article_ids=[article.pk])
    article.refresh_from_db()
    quote = article.quotes.select_related("source").first()
    annotation = services.annotation_create(article=article, claim=article.claims.first(), by=reviewer, note="x")
    services.annotation_submit(annotation=annotation, by=reviewer)
    decision = services.annotation_decide(annotation=annotation, by=admin, decision="request_changes",
                                          version=annotation.version, comment="Which source?")
    token_row, token = services.token_create(user=admin)
    return {
        "workspace": workspace, "admin": admin, "reviewer": reviewer, "membership": member, "article": article,
        "claim": article.claims.first(), "quote": quote, "source": quote.source, "annotation": annotation,
        "decision": decision, "label": workspace.labels.first(), "rating": workspace.ratings.first(),
        "token": token, "token_key": token_row.token_key, "audit_event": AuditEvent.objects.filter(workspace=workspace).first(),
    }


# Every URL of the URL conf, with its arguments filled from the world.

# Which object a URL's `pk` names, by URL name; API routes name it by their basename.
PK_OF = {
    "api:article": "article", "api:claim": "claim", "api:quote": "quote", "api:source": "source",
    "api:annotation": "annotation", "api:decision": "decision", "api:auditevent": "audit_event",
    "api:workspace": "workspace",
    "annotations:member-remove": "membership", "annotations:label-remove": "label",
    "annotations:rating-remove": "rating", "annotations:annotation-detail": "annotation",
    "annotations:annotation-decide": "annotation",
}
# Pages of the Django admin are Django's own; these two stand for them.
ADMIN_PAGES = {"admin:index", "admin:login"}


def url_names() -> Iterator[tuple[str, list[str]]]:
    """Yield (namespaced name, argument names) of every named URL, format suffixes left out."""
    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                pattern = entry.pattern
                arguments = list(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
                if "format" in arguments:
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                if name.startswith("admin:") and name not in ADMIN_PAGES:
                    continue
                yield name, arguments
    seen = set()
    for name, arguments in walk(get_resolver().url_patterns, None):
        if name not in seen:
            seen.add(name)
            yield name, arguments


def url_arguments(name: str, arguments: list[str], world: dict) -> dict:
    values = {}
    for argument in arguments:
        if argument == "slug":
            values[argument] = world["workspace"].slug
        elif argument == "fmt":
            values[argument] = "csv"
        elif argument == "token_key":
            values[argument] = world["token_key"]
        elif argument == "annotation_pk":
            values[argument] = world["annotation"].pk
        elif argument == "public_id":
            # A published fact check's page; an unpublished id is a 404, after any 400 for bad input.
            values[argument] = uuid.UUID(int=1)
        elif argument == "pk":
            owner = PK_OF.get(name) or PK_OF.get(name.rsplit("-", 1)[0]) or "article"
            values[argument] = world[owner].pk
        else:
            raise KeyError(f"{name}: no value for the URL argument {argument!r}; add it to tests/bad_input.py")
    return values


def all_paths(world: dict) -> list[tuple[str, str]]:
    """Return (name, path) of every page and endpoint."""
    return [(name, reverse(name, kwargs=url_arguments(name, arguments, world))) for name, arguments in url_names()]


def list_endpoints() -> list[tuple[str, type]]:
    """Return (basename, viewset) of every router endpoint: each lists with a cursor."""
    return [(basename, viewset) for _, viewset, basename in api_urls.router.registry]


def write_operations(schema: dict) -> list[tuple[str, str, bool]]:
    """Return (method, path template, takes a body) of every POST, PUT and PATCH in the schema."""
    return [(method.upper(), path, "requestBody" in operation)
            for path, item in schema["paths"].items()
            for method, operation in item.items() if method in {"post", "put", "patch"}]


def fill_template(path: str, world: dict) -> str:
    """/api/v1/annotations/{id}/submit/ → its path for the world's annotation."""
    resource = path.split("/")[3]
    owner = {"articles": "article", "annotations": "annotation", "decisions": "decision"}.get(resource, resource)
    return path.replace("{id}", str(world[owner].pk)).replace("{pk}", str(world[owner].pk))


# The classes of bad input, each a list of requests.

def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Cursors no page ever wrote: never valid, whatever the order.
BROKEN_CURSORS = [cursor("p=\0"), cursor("r=x"), cursor("o=-1&p=1"), "%%%", cursor("\xff"), cursor("p=a\0b&r=1")]
# Positions that are not a value of a number or time column (but are text, and some a number).
FOREIGN_POSITIONS = ["abc", "9" * 30, "2026-13-45", BAD_OFFSET, "1e999"]
TEXT_COLUMNS = {"CharField", "TextField", "SlugField"}


def _position_fits(position: str, column) -> bool:
    kind = column.get_internal_type()
    # A float reads a long number, and 1e999 as infinity (PostgreSQL keeps both).
    return kind in TEXT_COLUMNS or (kind == "FloatField" and position in {"9" * 30, "1e999"})


def tampered_cursors(world: dict) -> list[Request]:
    """Every list endpoint, in every order it offers, with cursors it never wrote."""
    requests = []
    for basename, viewset in list_endpoints():
        path = reverse(f"api:{basename}-list")
        model = viewset.queryset.model
        for name in [None, *viewset.ordering_fields]:
            column = model._meta.get_field(name or "id")
            for ordering in ([None] if name is None else [name, f"-{name}"]):
                order = {"ordering": ordering} if ordering else {}
                for value in BROKEN_CURSORS:
                    requests.append(Request("GET", path, {"cursor": value} | order, names="cursor"))
                for position in FOREIGN_POSITIONS:
                    expected = None if _position_fits(position, column) else "cursor"
                    requests.append(Request("GET", path, {"cursor": cursor(f"p={position}")} | order,
                                            names=expected))
    return requests


def nul_in_query_strings(world: dict) -> list[Request]:
    """Every page and endpoint, with a NUL in a parameter it reads and in one it does not."""
    requests = []
    for _, path in all_paths(world):
        for name in ("title", "workspace", "cursor", "q", "since", "made-up"):
            requests.append(Request("GET", path, {name: "a\0b"}, names=name))
        requests.append(Request("POST", path, {"page": "\0"}, names="page"))
    return requests


def nul_in_form_fields(world: dict) -> list[Request]:
    """Every page and endpoint, posted a form with a NUL in a field."""
    requests = []
    for _, path in all_paths(world):
        for name in ("note", "username", "title", "correction_speaker"):
            body = urlencode({name: "a\0b", "other": "fine"}).encode()
            requests.append(Request("POST", path, body=body, content_type="application/x-www-form-urlencoded",
                                    names=name))
    return requests


def deep_json(world: dict, schema: dict) -> list[Request]:
    """Every write operation of the API, sent JSON nested 50,000 deep, and nested in an object.
    (The pages read forms, never JSON: their POSTs are in nul_in_form_fields.)"""
    requests = []
    deep = ("[" * DEEP + "]" * DEEP).encode()
    wrapped = ('{"note": ' + "[" * DEEP + "]" * DEEP + "}").encode()
    for method, template, takes_body in write_operations(schema):
        path = fill_template(template, world)
        for body in (deep, wrapped):
            for content_type in ("application/json", "application/ld+json"):
                # Only the import reads JSON-LD; elsewhere that type is a 415.
                reads = takes_body and (content_type == "application/json" or "import" in path)
                requests.append(Request(method, path, body=body, content_type=content_type,
                                        names="body" if reads else None))
    return requests


def nul_in_json(world: dict, schema: dict) -> list[Request]:
    """Every write operation of the API, sent JSON with a NUL under a field, as a value or a key."""
    requests = []
    article, claim = world["article"], world["claim"]
    for method, template, takes_body in write_operations(schema):
        path = fill_template(template, world)
        bodies = [
            ({"note": "a\0b"}, "note"),
            ({"correction_data": {"name": "\0"}, "article": article.pk, "claim": claim.pk,
              "correction": "speaker"}, "correction_data"),
            ({"correction_data": {"na\0me": "x"}}, "correction_data"),
            ({"type": "Annotation", "body": [{"type": "TextualBody", "value": "x\0y"}],
              "target": {"selector": {"type": "TextQuoteSelector", "exact": claim.text}}}, "body"),
            (["\0"], "body"),
        ]
        for body, name in bodies:
            requests.append(Request(method, path, body=json.dumps(body).encode(), content_type="application/json",
                                    names=name if takes_body else None))
    return requests


def since_filters() -> list[tuple[str, str]]:
    """Return (list endpoint's basename, filter) of every date-time filter of the API."""
    return [(basename, name) for basename, viewset in list_endpoints() if getattr(viewset, "filterset_class", None)
            for name, declared in viewset.filterset_class.base_filters.items()
            if isinstance(declared, IsoDateTimeFilter)]


def unstorable_offsets(world: dict) -> list[Request]:
    """Every `since`/`updated_since` of the API's lists, its exports and the export pages, given a
    UTC offset Python reads and PostgreSQL does not store."""
    slug = world["workspace"].slug
    requests = []
    for basename, name in since_filters():
        for value in BAD_OFFSETS:
            requests.append(Request("GET", reverse(f"api:{basename}-list"), {name: value}, names=name))
    for fmt in ("claimreview", "webannotation", "csv", "jsonl"):
        for states in ("approved", "all"):
            for value in BAD_OFFSETS:
                query = {"workspace": slug, "since": value, "states": states}
                requests.append(Request("GET", reverse(f"api:export-{fmt}"), query, names="since"))
                requests.append(Request("GET", reverse("annotations:export", args=[fmt]), query, names="since"))
    return requests


def browsable_pages(world: dict) -> list[Request]:
    """The browsable API's page of every list and of every object."""
    requests = []
    for basename, _ in list_endpoints():
        requests.append(Request("GET", reverse(f"api:{basename}-list"), accept="text/html"))
        owner = PK_OF[f"api:{basename}"]
        requests.append(Request("GET", reverse(f"api:{basename}-detail", args=[world[owner].pk]), accept="text/html"))
    return requests


def assert_table(send: Send, requests: list[Request]) -> None:
    failures = check(send, requests)
    assert not failures, f"{len(failures)} of {len(requests)}:\n" + "\n".join(failures)


class BadInputTable:
    """The table's tests, one per class of bad input. A test class that inherits them gives
    the fixtures `send`, `world` and `schema` (the OpenAPI schema as a dict)."""

    def test_a_tampered_cursor_is_a_400_naming_cursor_on_every_list_in_every_order(self, send, world):
        assert_table(send, tampered_cursors(world))

    def test_a_nul_in_a_query_string_is_a_400_naming_it_on_every_page_and_endpoint(self, send, world):
        assert_table(send, nul_in_query_strings(world))

    def test_a_nul_in_a_form_field_is_a_400_naming_it_on_every_page_and_endpoint(self, send, world):
        assert_table(send, nul_in_form_fields(world))

    def test_json_nested_50000_deep_is_a_400_on_every_write_endpoint(self, send, world, schema):
        assert_table(send, deep_json(world, schema))

    def test_a_nul_in_a_json_body_is_a_400_naming_its_field_on_every_write_endpoint(self, send, world, schema):
        assert_table(send, nul_in_json(world, schema))

    def test_a_utc_offset_postgresql_cannot_store_is_a_400_naming_the_parameter(self, send, world):
        assert since_filters(), "the API has date-time filters"
        assert_table(send, unstorable_offsets(world))

    def test_the_browsable_api_shows_every_list_and_object(self, send, world):
        assert_table(send, browsable_pages(world))
