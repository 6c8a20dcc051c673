"""Every endpoint's permissions across roles and across two workspaces, as one table."""

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Annotation, Article, Membership, ReviewDecision
from tests.factories import ARTICLE_TEXT, ArticleFactory, ClaimFactory, MembershipFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["reviewer", "editor", "factchecker", "admin"]


@pytest.fixture
def world(workspace, other_workspace):
    """Two workspaces with the same kind of content; the caller belongs to the first only."""
    content = {}
    for key, ws in (("own", workspace), ("foreign", other_workspace)):
        author = MembershipFactory(workspace=ws, role=Membership.Role.REVIEWER).user
        article = ArticleFactory(workspace=ws)
        claim = ClaimFactory(article=article, ordinal=0)
        quote = QuoteFactory(article=article)
        annotation = services.annotation_create(article=article, claim=claim, by=author, note="Needs a source")
        services.annotation_submit(annotation=annotation, by=author)
        content[key] = {"workspace": ws, "article": article, "claim": claim, "quote": quote, "source": quote.source,
                        "annotation": annotation, "author": author}
    return content


def client_for(role, workspace):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace, role=role)
    client = APIClient()
    client.force_authenticate(user)
    return client, user


# (method, url template, body builder, {role: expected status} for own content; foreign is always 404)
TABLE = [
    ("get", "/api/v1/articles/{article}/", None, dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/claims/{claim}/", None, dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/quotes/{quote}/", None, dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/sources/{source}/", None, dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/annotations/{annotation}/", None, {"reviewer": 200, "editor": 200, "factchecker": 404,
                                                        "admin": 200}),
    ("post", "/api/v1/annotations/", lambda c: {"article": c["article"].pk, "claim": c["claim"].pk, "note": "x"},
     {"reviewer": 201, "editor": 201, "factchecker": 403, "admin": 201}),
    ("post", "/api/v1/decisions/", lambda c: {"annotation": c["annotation"].pk, "version": c["annotation"].version,
                                              "decision": "approve"},
     {"reviewer": 403, "editor": 201, "factchecker": 404, "admin": 201}),
    ("delete", "/api/v1/articles/{article}/", None, {"reviewer": 403, "editor": 403, "factchecker": 403,
                                                     "admin": 204}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,body,expected", TABLE, ids=[f"{m} {u}" for m, u, _, _ in TABLE])
@pytest.mark.parametrize("side", ["own", "foreign"])
def test_endpoint_permissions(world, role, method, url, body, expected, side):
    content = world[side]
    client, _ = client_for(role, world["own"]["workspace"])
    ids = {k: v.pk for k, v in content.items() if hasattr(v, "pk")}
    before = (Article.objects.count(), Annotation.objects.count(), ReviewDecision.objects.count())
    response = getattr(client, method)(url.format(**ids), body(content) if body else None, format="json")
    want = expected[role] if side == "own" else 404
    assert response.status_code == want, response.content
    if want >= 400:
        assert before == (Article.objects.count(), Annotation.objects.count(), ReviewDecision.objects.count())


@pytest.mark.parametrize("role,status", [("admin", 201), ("editor", 403), ("reviewer", 403), ("factchecker", 403)])
def test_only_admins_add_articles_by_api(world, role, status):
    client, _ = client_for(role, world["own"]["workspace"])
    response = client.post("/api/v1/articles/", {"workspace": "herald", "text": "A new story. It has facts."},
                           format="json")
    assert response.status_code == status
    assert Article.objects.filter(title="Untitled article").exists() is (status == 201) or status == 201


def test_adding_to_a_foreign_workspace_names_the_field(world):
    client, _ = client_for("admin", world["own"]["workspace"])
    response = client.post("/api/v1/articles/", {"workspace": "post", "text": ARTICLE_TEXT}, format="json")
    assert response.status_code == 400
    assert "workspace" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/workspaces/", "/api/v1/articles/", "/api/v1/annotations/",
                                 "/api/v1/audit-events/"])
def test_anonymous_gets_401(world, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("role,status", [("editor", 200), ("admin", 200), ("reviewer", 403), ("factchecker", 403)])
def test_audit_events_are_for_editors_and_admins(world, role, status):
    client, _ = client_for(role, world["own"]["workspace"])
    response = client.get("/api/v1/audit-events/")
    assert response.status_code == status
    if status == 200:
        workspaces = {row["workspace"] for row in response.json()["results"]}
        assert workspaces == {world["own"]["workspace"].pk}


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/claims/", "/api/v1/quotes/", "/api/v1/sources/",
                                 "/api/v1/annotations/"])
def test_lists_show_only_the_callers_workspaces(world, url):
    client, _ = client_for("editor", world["own"]["workspace"])
    rows = client.get(url).json()["results"]
    assert rows
    foreign_ids = {v.pk for v in world["foreign"].values() if hasattr(v, "pk")}
    own_ids = {v.pk for v in world["own"].values() if hasattr(v, "pk")}
    assert all(row["id"] in own_ids or row["id"] not in foreign_ids for row in rows)
    workspace_of = {"/api/v1/articles/": "workspace", "/api/v1/sources/": "workspace"}.get(url)
    if workspace_of:
        assert {row[workspace_of] for row in rows} == {world["own"]["workspace"].pk}


@pytest.mark.parametrize(("endpoint", "param", "target"), [
    ("annotations", "article", "article"), ("annotations", "claim", "claim"), ("annotations", "quote", "quote"),
    ("claims", "article", "article"), ("quotes", "article", "article"), ("quotes", "source", "source"),
    ("decisions", "annotation", "annotation"),
])
def test_an_id_filter_says_nothing_about_other_workspaces_ids(world, endpoint, param, target):
    client, editor = client_for("editor", world["own"]["workspace"])
    mine = world["own"]
    services.annotation_decide(annotation=mine["annotation"], version=mine["annotation"].version, by=editor,
                               decision="approve")
    on_quote = services.annotation_create(article=mine["article"], quote=mine["quote"], by=mine["author"], note="q")
    services.annotation_submit(annotation=on_quote, by=mine["author"])
    assert client.get(f"/api/v1/{endpoint}/", {param: mine[target].pk}).json()["results"] != []
    foreign = client.get(f"/api/v1/{endpoint}/", {param: world["foreign"][target].pk})
    missing = client.get(f"/api/v1/{endpoint}/", {param: 10**9})
    assert (foreign.status_code, foreign.json()["results"]) == (200, [])
    assert (missing.status_code, missing.json()["results"]) == (200, [])
    wrong = client.get(f"/api/v1/{endpoint}/", {param: "x"})
    assert wrong.status_code == 400 and param in wrong.json()
