"""A draft is its author's alone: no other member reads it on any page, in the API, the audit trail or exports."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotations import selectors, services
from annotations.models import Membership
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Draft note nobody else may read"
ROLES = [Membership.Role.REVIEWER, Membership.Role.EDITOR, Membership.Role.ADMIN, Membership.Role.FACTCHECKER]


@pytest.fixture
def draft(workspace):
    """Another reviewer's draft, with evidence attached, on a claim of the workspace."""
    author = MembershipFactory(workspace=workspace, role=Membership.Role.REVIEWER, user__username="drafter").user
    article = ArticleFactory(workspace=workspace)
    claim = ClaimFactory(article=article, ordinal=0)
    annotation = services.annotation_create(article=article, claim=claim, by=author, note=SECRET,
                                            evidence=[{"url": "https://example.org/secret-evidence"}])
    return annotation


def member(workspace, role):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace, role=role)
    return user


def home_row(user):
    """Return the first article of the home page's list as `user` reads it, with its counts."""
    memberships = list(selectors.membership_list_for_user(user=user))
    return list(selectors.article_page_for_user(user=user, memberships=memberships, size=50).rows)[0]


def page_client(user):
    client = Client()
    client.force_login(user)
    return client


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_another_members_draft_page_is_404(workspace, draft, role):
    response = page_client(member(workspace, role)).get(f"/annotations/{draft.pk}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_the_author_reads_their_own_draft_page(draft):
    response = page_client(draft.author).get(f"/annotations/{draft.pk}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_another_members_draft_is_404_in_the_api(workspace, draft, role):
    client = api_client(member(workspace, role))
    assert client.get(f"/api/v1/annotations/{draft.pk}/").status_code == 404
    listed = client.get("/api/v1/annotations/").json()["results"]
    assert draft.pk not in [row["id"] for row in listed]


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.ADMIN])
def test_editors_cannot_decide_on_another_members_draft(workspace, draft, role):
    response = page_client(member(workspace, role)).post(f"/annotations/{draft.pk}/decide/",
                                                         {"decision": "reject", "comment": "no"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == "draft"


@pytest.mark.parametrize("role", [Membership.Role.REVIEWER, Membership.Role.EDITOR, Membership.Role.ADMIN])
def test_another_members_draft_cannot_be_edited_or_submitted_from_the_review_page(workspace, draft, role):
    client = page_client(member(workspace, role))
    base = f"/articles/{draft.article_id}/annotations/{draft.pk}"
    assert client.post(f"{base}/submit/").status_code == 404
    assert client.post(f"{base}/evidence/", {f"e{draft.pk}-url": "https://example.org/x"}).status_code == 404
    draft.refresh_from_db()
    assert (draft.state, draft.evidence.count()) == ("draft", 1)


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.ADMIN])
def test_another_members_draft_is_absent_from_the_audit_page_and_its_csv(workspace, draft, role):
    client = page_client(member(workspace, role))
    page = client.get("/audit/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode() and "secret-evidence" not in page.content.decode()
    assert "drafter" not in page.content.decode()  # the draft's author did nothing else
    csv = b"".join(client.get("/audit/export.csv").streaming_content).decode()
    assert SECRET not in csv and "secret-evidence" not in csv


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.ADMIN])
def test_another_members_draft_is_absent_from_the_audit_api(workspace, draft, role):
    response = api_client(member(workspace, role)).get("/api/v1/audit-events/?page_size=100")
    assert response.status_code == 200
    about = [(row["object_type"], row["object_id"]) for row in response.json()["results"]]
    assert ("annotation", str(draft.pk)) not in about
    assert not [row for row in response.json()["results"] if row["object_type"] == "evidence"]
    assert SECRET not in response.content.decode()


def test_a_submitted_annotation_and_its_history_are_readable_by_editors(workspace, draft):
    services.annotation_submit(annotation=draft, by=draft.author)
    editor = member(workspace, Membership.Role.EDITOR)
    assert SECRET in page_client(editor).get(f"/annotations/{draft.pk}/").content.decode()
    results = api_client(editor).get("/api/v1/audit-events/?page_size=100").json()["results"]
    about = {(row["object_type"], row["object_id"]) for row in results}
    assert ("annotation", str(draft.pk)) in about
    assert any(row["object_type"] == "evidence" for row in results)


def test_the_author_finds_their_own_draft_in_the_audit_trail(workspace, draft):
    author = draft.author
    author.memberships.update(role=Membership.Role.EDITOR)
    results = api_client(author).get("/api/v1/audit-events/?page_size=100").json()["results"]
    assert ("annotation", str(draft.pk)) in {(row["object_type"], row["object_id"]) for row in results}


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.ADMIN])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_another_members_draft_is_absent_from_exports_of_every_state(workspace, draft, role, fmt):
    response = page_client(member(workspace, role)).get(f"/exports/{fmt}/?workspace={workspace.slug}&states=all")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert SECRET not in body


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_does_not_count_another_members_draft(workspace, draft, role):
    # The author's page first: its table is cached, and must not be what the others get.
    author_page = page_client(draft.author).get("/").content.decode()
    assert "1 draft" in author_page and "0 of 1 approved" in author_page
    user = member(workspace, role)
    response = page_client(user).get("/")
    row = home_row(user)
    assert (row.annotation_count, row.draft_count) == (0, 0)
    body = response.content.decode()
    assert "1 draft" not in body and "Not started" in body


def test_the_home_page_counts_only_approved_work_for_fact_checkers(workspace, draft):
    services.annotation_submit(annotation=draft, by=draft.author)
    editor_row = home_row(member(workspace, Membership.Role.EDITOR))
    assert (editor_row.annotation_count, editor_row.submitted_count) == (1, 1)
    checker = member(workspace, Membership.Role.FACTCHECKER)
    response = page_client(checker).get("/")
    row = home_row(checker)
    assert (row.annotation_count, row.submitted_count) == (0, 0)
    assert "awaiting review" not in response.content.decode()
