"""Every HTML page and form post × every role × own and foreign workspace, as one table.

The rule (annotations/access.py, Role.* in models.py): a non-member gets 404, as for an object
that does not exist; a member whose role does not allow the action gets 403; a signed-out
visitor is sent to sign in (302), except where a page is public or answers a poller. The URL
names come from annotations.urls, so a new page fails `test_every_page_is_in_the_table` until
it has a row here.

Each test builds one world and runs its URL for all six callers and both sides, each request in
a savepoint that is rolled back, so a post by one caller does not change what the next one meets.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse

from annotations import services, urls
from annotations.models import Annotation, AnnotationState, Membership, ReviewDecision
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["reviewer", "editor", "factchecker", "admin"]
CALLERS = [*ROLES, "outsider", "anonymous"]
LOGIN = 302  # a signed-out visitor is sent to the sign-in page


def _content(workspace, *, publish: bool) -> dict:
    """An article with a submitted annotation, an approved one (published when `publish`) and a failed article."""
    author = MembershipFactory(workspace=workspace, role=Membership.Role.REVIEWER).user
    editor = MembershipFactory(workspace=workspace, role=Membership.Role.EDITOR).user
    article = ArticleFactory(workspace=workspace)
    claim = ClaimFactory(article=article, ordinal=0)
    submitted = services.annotation_create(article=article, claim=claim, by=author, note="Needs a source")
    services.annotation_submit(annotation=submitted, by=author)
    verdict = workspace.ratings.first()
    approved = services.annotation_create(article=article, claim=claim, by=author, note="False", verdict=verdict)
    services.annotation_submit(annotation=approved, by=author)
    services.annotation_decide(annotation=approved, by=editor, decision="approve", version=approved.version)
    publication = None
    if publish:
        services.workspace_publishing_set(workspace=workspace, enabled=True, by=_admin(workspace))
        publication = services.publication_publish(annotation=approved, by=editor)
    label = workspace.labels.first()
    rating = services.rating_create(workspace=workspace, name="Unused", value=None, by=_admin(workspace))
    return {"workspace": workspace, "article": article, "claim": claim, "submitted": submitted,
            "approved": approved, "publication": publication, "label": label, "rating": rating,
            "member": MembershipFactory(workspace=workspace, role=Membership.Role.REVIEWER)}


def _admin(workspace):
    membership = workspace.memberships.filter(role=Membership.Role.ADMIN).first()
    return (membership or MembershipFactory(workspace=workspace, role=Membership.Role.ADMIN)).user


@pytest.fixture
def world(workspace, other_workspace):
    """Own content where each caller has their role, foreign content in a workspace none of them is in."""
    callers = {role: MembershipFactory(workspace=workspace, role=role).user for role in ROLES}
    elsewhere = services.workspace_create(name="Morning Gazette", slug="gazette")
    # An editor, but of a third workspace: the queue and the audit trail are theirs, this content is not.
    callers["outsider"] = MembershipFactory(workspace=elsewhere, role=Membership.Role.EDITOR).user
    callers["anonymous"] = None
    return {"callers": callers, "own": _content(workspace, publish=True),
            "foreign": _content(other_workspace, publish=False)}


def _ws(c):
    return {"slug": c["workspace"].slug}


def _article(c):
    return {"pk": c["article"].pk}


def _on_submitted(c):
    return {"pk": c["article"].pk, "annotation_pk": c["submitted"].pk}


def _submitted(c):
    return {"pk": c["submitted"].pk}


def _approved(c):
    return {"pk": c["approved"].pk}


def _none(c):
    return {}


def _table(own: dict, foreign: dict | int | None = None) -> tuple[dict, dict]:
    """Return ({caller: status} own, {caller: status} foreign); `foreign` defaults to 404 for every member."""
    if foreign is None:
        foreign = {caller: 404 for caller in CALLERS} | {"anonymous": own["anonymous"]}
    elif isinstance(foreign, int):
        foreign = dict.fromkeys(CALLERS, foreign)
    return own, foreign


def _roles(statuses: dict, outsider: int, anonymous: int = LOGIN) -> dict:
    return statuses | {"outsider": outsider, "anonymous": anonymous}


EVERY_MEMBER = dict.fromkeys(ROLES, 200)
EDITORS = {"reviewer": 403, "editor": 200, "factchecker": 403, "admin": 200}
ADMINS = {"reviewer": 403, "editor": 403, "factchecker": 403, "admin": 200}
ADMINS_POST = {"reviewer": 403, "editor": 403, "factchecker": 403, "admin": 302}
# A submitted annotation is hidden from fact-checkers (approved work only): 404, as for any id they may not read.
NOT_THE_AUTHOR = {"reviewer": 400, "editor": 400, "factchecker": 404, "admin": 400}

# URL name → (method, kwargs builder, POST data builder, (own table, foreign table)).
# Pages without an object in the URL are the same on both sides.
CASES = {
    "home": ("get", _none, None, _table(_roles(EVERY_MEMBER, 200), _roles(EVERY_MEMBER, 200))),
    # An editor elsewhere adds articles there.
    "article-add": ("get", _none, None, _table(
        _roles({"reviewer": 200, "editor": 200, "factchecker": 403, "admin": 200}, 200),
        _roles({"reviewer": 200, "editor": 200, "factchecker": 403, "admin": 200}, 200))),
    # Search: everyone signed in has the box; an outsider finds only their own workspaces' rows.
    "search": ("get", _none, None, _table(_roles(EVERY_MEMBER, 200), _roles(EVERY_MEMBER, 200))),
    "tokens": ("get", _none, None, _table(_roles(EVERY_MEMBER, 200), _roles(EVERY_MEMBER, 200))),
    "token-create": ("post", _none, lambda c: {}, _table(
        _roles(dict.fromkeys(ROLES, 302), 302), _roles(dict.fromkeys(ROLES, 302), 302))),
    "token-revoke": ("post", lambda c: {"token_key": "nosuchtoken"}, lambda c: {}, _table(
        _roles(dict.fromkeys(ROLES, 302), 302), _roles(dict.fromkeys(ROLES, 302), 302))),
    "workspace-settings": ("get", _ws, None, _table(_roles(ADMINS, 404))),
    "member-change": ("post", _ws, lambda c: {"username": c["member"].user.username, "role": "editor"},
                      _table(_roles(ADMINS_POST, 404))),
    "member-remove": ("post", lambda c: {"slug": c["workspace"].slug, "pk": c["member"].pk}, lambda c: {},
                      _table(_roles(ADMINS_POST, 404))),
    "label-add": ("post", _ws, lambda c: {"name": "New label"}, _table(_roles(ADMINS_POST, 404))),
    "label-remove": ("post", lambda c: {"slug": c["workspace"].slug, "pk": c["label"].pk}, lambda c: {},
                     _table(_roles(ADMINS_POST, 404))),
    "rating-add": ("post", _ws, lambda c: {"name": "Not rated yet"}, _table(_roles(ADMINS_POST, 404))),
    "rating-remove": ("post", lambda c: {"slug": c["workspace"].slug, "pk": c["rating"].pk}, lambda c: {},
                      _table(_roles(ADMINS_POST, 404))),
    "publishing-set": ("post", _ws, lambda c: {}, _table(_roles(ADMINS_POST, 404))),
    "article-detail": ("get", _article, None, _table(_roles(EVERY_MEMBER, 404))),
    # The poller's JSON: a signed-out visitor learns nothing from a 404.
    "article-status": ("get", _article, None, _table(_roles(EVERY_MEMBER, 404, anonymous=404))),
    # Retrying an analysed article is refused with a message (302); a fact-checker may not retry (403).
    "article-retry": ("post", _article, lambda c: {}, _table(
        _roles({"reviewer": 302, "editor": 302, "factchecker": 403, "admin": 302}, 404))),
    "review-panel": ("get", _article, None, _table(_roles(EVERY_MEMBER, 404))),
    # A fact-checker's post is refused by the service, shown on the form (400).
    "annotation-create": ("post", _article, lambda c: {"target": f"claim:{c['claim'].pk}", "note": "A note"},
                          _table(_roles({"reviewer": 302, "editor": 302, "factchecker": 400, "admin": 302}, 404))),
    "annotation-list": ("get", _article, None, _table(_roles(EVERY_MEMBER, 404))),
    "annotation-edit": ("post", _on_submitted, lambda c: {f"a{c['submitted'].pk}-note": "Changed",
                                                          f"a{c['submitted'].pk}-version": c["submitted"].version},
                        _table(_roles(NOT_THE_AUTHOR, 404))),
    "annotation-submit": ("post", _on_submitted, lambda c: {}, _table(_roles(NOT_THE_AUTHOR, 404))),
    "evidence-add": ("post", _on_submitted, lambda c: {f"e{c['submitted'].pk}-url": "https://example.org/a"},
                     _table(_roles(NOT_THE_AUTHOR, 404))),
    # An editor elsewhere has a queue and an audit trail of their own.
    "queue": ("get", _none, None, _table(_roles(EDITORS, 200), _roles(EDITORS, 200))),
    # Approving another workspace's annotation: it is not in the caller's queue, which says so (302).
    "queue-approve": ("post", _none, lambda c: {"items": f"{c['submitted'].pk}:{c['submitted'].version}"},
                      _table(_roles({"reviewer": 403, "editor": 302, "factchecker": 403, "admin": 302}, 302),
                             _roles({"reviewer": 403, "editor": 302, "factchecker": 403, "admin": 302}, 302))),
    "annotation-detail": ("get", _submitted, None, _table(
        _roles({"reviewer": 200, "editor": 200, "factchecker": 404, "admin": 200}, 404))),
    "annotation-decide": ("post", _submitted, lambda c: {"decision": "approve", "version": c["submitted"].version},
                          _table(_roles({"reviewer": 403, "editor": 302, "factchecker": 404, "admin": 302}, 404))),
    # A refusal to publish is a message on the annotation's page (302) whoever asks; non-members get 404.
    "annotation-publish": ("post", _approved, lambda c: {}, _table(_roles(dict.fromkeys(ROLES, 302), 404))),
    "annotation-unpublish": ("post", _approved, lambda c: {}, _table(_roles(dict.fromkeys(ROLES, 302), 404))),
    "audit": ("get", _none, None, _table(_roles(EDITORS, 200), _roles(EDITORS, 200))),
    "audit-export": ("get", _none, None, _table(_roles(EDITORS, 200), _roles(EDITORS, 200))),
    # Public pages: the own workspace publishes its fact checks, the foreign one does not.
    "check-list": ("get", _ws, None, _table(dict.fromkeys(CALLERS, 200), 404)),
    "check-detail": ("get", lambda c: {"slug": c["workspace"].slug,
                                       "public_id": c["publication"].public_id if c["publication"] else
                                       "00000000-0000-0000-0000-000000000000"},
                     None, _table(dict.fromkeys(CALLERS, 200), 404)),
    "export": ("get", lambda c: {"fmt": "csv"}, None, _table(_roles(EVERY_MEMBER, 404))),
}
# The export names its workspace in the query string.
QUERY = {"export": lambda c: {"workspace": c["workspace"].slug}}


def _names() -> list[str]:
    return [p.name for p in urls.urlpatterns if isinstance(p, URLPattern)]


def test_every_page_is_in_the_table():
    assert sorted(_names()) == sorted(CASES)


def _ask(client: Client, name: str, content: dict):
    method, kwargs, data, _ = CASES[name]
    url = reverse(f"annotations:{name}", kwargs=kwargs(content))
    if name in QUERY:
        return client.get(url, QUERY[name](content))
    if method == "get":
        return client.get(url)
    return client.post(url, data(content))


def _rows() -> tuple[int, int, int]:
    return (Annotation.objects.count(), ReviewDecision.objects.count(), Membership.objects.count())


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_permissions(world, name):
    expected = {"own": CASES[name][3][0], "foreign": CASES[name][3][1]}
    answered = {"own": {}, "foreign": {}}
    unchanged = []
    for side in ("own", "foreign"):
        for caller in CALLERS:
            client = Client()
            if world["callers"][caller] is not None:
                client.force_login(world["callers"][caller])
            with transaction.atomic():
                before = _rows()
                response = _ask(client, name, world[side])
                answered[side][caller] = response.status_code
                if response.status_code in (403, 404) and _rows() != before:
                    unchanged.append((side, caller))
                transaction.set_rollback(True)
    assert answered == expected
    # A refusal writes nothing.
    assert unchanged == []


@pytest.mark.parametrize("data", [{"decision": "approve"}, {}], ids=["valid", "empty"])
@pytest.mark.parametrize("fragment", [True, False], ids=["fragment", "page"])
def test_a_reviewers_decision_is_refused_whatever_it_holds(world, data, fragment):
    """A reviewer's post is a 403 before its form is read, from the queue's script or a page, and decides nothing."""
    client = Client()
    client.force_login(world["callers"]["reviewer"])
    submitted = world["own"]["submitted"]
    headers = {"X-Axis-Fragment": "queue-item"} if fragment else {}
    response = client.post(reverse("annotations:annotation-decide", args=[submitted.pk]),
                           data | ({"version": submitted.version} if data else {}), headers=headers)
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == AnnotationState.SUBMITTED
    assert not ReviewDecision.objects.filter(annotation=submitted).exists()


def test_a_fact_checker_may_not_retry_a_failed_analysis(world):
    article = world["own"]["article"]
    article.status = article.Status.FAILED
    article.save(update_fields=["status"])
    client = Client()
    client.force_login(world["callers"]["factchecker"])
    response = client.post(reverse("annotations:article-retry", args=[article.pk]))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == article.Status.FAILED
