"""Workspace admins manage members and roles, the label set and the rating scale; nobody else does."""

import pytest
from django.urls import reverse
from knox.models import AuthToken

from annotations import services
from annotations.models import AuditEvent, Label, Membership, Rating
from tests.factories import AnnotationFactory, ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, slug="herald"):
    return reverse(f"annotations:{name}", args=[slug, *args])


@pytest.fixture
def admin_client(client, admin_member):
    client.force_login(admin_member)
    return client


def test_admin_sees_members_labels_and_ratings(admin_client, reviewer):
    body = admin_client.get(url("workspace-settings")).content.decode()
    assert "rita" in body and "check-worthy" in body and "Mostly true" in body


@pytest.mark.parametrize("role", ["reviewer", "editor", "factchecker"])
def test_other_roles_get_403(client, workspace, role):
    member = UserFactory()
    Membership.objects.create(workspace=workspace, user=member, role=role)
    client.force_login(member)
    assert client.get(url("workspace-settings")).status_code == 403
    assert client.post(url("label-add"), {"name": "sneaky"}).status_code == 403
    assert not Label.objects.filter(name="sneaky").exists()


def test_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.get(url("workspace-settings")).status_code == 404


def test_admin_adds_a_member_and_changes_their_role(admin_client, workspace):
    UserFactory(username="newbie")
    admin_client.post(url("member-change"), {"username": "newbie", "role": "reviewer"})
    admin_client.post(url("member-change"), {"username": "newbie", "role": "editor"})
    assert Membership.objects.get(workspace=workspace, user__username="newbie").role == "editor"
    assert AuditEvent.objects.filter(action="membership.set").count() >= 2


def test_unknown_username_is_a_field_error(admin_client):
    response = admin_client.post(url("member-change"), {"username": "ghost", "role": "reviewer"})
    assert response.status_code == 400
    assert response.context["member_form"].errors["username"] == [services.UNKNOWN_USER]


def test_the_last_admin_cannot_step_down(admin_client, admin_member, workspace):
    response = admin_client.post(url("member-change"), {"username": admin_member.username, "role": "editor"})
    assert response.status_code == 400
    assert Membership.objects.get(user=admin_member).role == "admin"


def test_label_added_and_unused_label_deleted_but_not_one_in_use(admin_client, workspace, reviewer):
    admin_client.post(url("label-add"), {"name": "satire"})
    satire = Label.objects.get(workspace=workspace, name="satire")
    admin_client.post(url("label-remove", satire.pk))
    assert not Label.objects.filter(pk=satire.pk).exists()
    used = workspace.labels.get(name="statistic")
    AnnotationFactory(claim__article__workspace=workspace, author=reviewer).tags.add(used)
    admin_client.post(url("label-remove", used.pk))
    assert Label.objects.filter(pk=used.pk).exists()


def test_duplicate_label_is_a_form_error(admin_client):
    response = admin_client.post(url("label-add"), {"name": "Statistic"})
    assert response.status_code == 400


def test_rating_with_a_taken_value_is_refused_and_a_new_one_added(admin_client, workspace):
    assert admin_client.post(url("rating-add"), {"name": "Pants on fire", "value": 1}).status_code == 400
    admin_client.post(url("rating-add"), {"name": "Satire", "value": ""})
    assert Rating.objects.get(workspace=workspace, name="Satire").value is None


def _api(token):
    from rest_framework.test import APIClient

    caller = APIClient()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return caller


def test_a_member_removed_from_their_only_workspace_loses_their_api_tokens(admin_client, workspace, reviewer):
    _, token = services.token_create(user=reviewer)
    assert _api(token).get("/api/v1/articles/").status_code == 200
    membership = Membership.objects.get(workspace=workspace, user=reviewer)
    admin_client.post(url("member-remove", membership.pk))
    assert not Membership.objects.filter(user=reviewer).exists()
    assert not AuthToken.objects.filter(user=reviewer).exists()
    assert _api(token).get("/api/v1/articles/").status_code == 401
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(reviewer.pk)).exists()


def test_a_member_of_another_workspace_keeps_their_token_for_that_one_only(admin_client, workspace,
                                                                         other_workspace, reviewer):
    services.membership_set(workspace=other_workspace, user=reviewer, role=Membership.Role.REVIEWER)
    mine, theirs = ArticleFactory(workspace=workspace), ArticleFactory(workspace=other_workspace)
    _, token = services.token_create(user=reviewer)
    admin_client.post(url("member-remove", Membership.objects.get(workspace=workspace, user=reviewer).pk))
    caller = _api(token)
    listed = caller.get("/api/v1/articles/").json()["results"]
    assert [row["id"] for row in listed] == [theirs.pk]
    assert caller.get(f"/api/v1/articles/{mine.pk}/").status_code == 404
    assert caller.get("/api/v1/exports/csv/?workspace=herald").status_code == 404
    assert AuthToken.objects.filter(user=reviewer).count() == 1


def test_deleting_a_membership_in_the_django_admin_revokes_the_tokens_too(client, workspace, reviewer):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    _, token = services.token_create(user=reviewer)
    membership = Membership.objects.get(workspace=workspace, user=reviewer)
    client.post(f"/admin/annotations/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert _api(token).get("/api/v1/articles/").status_code == 401


def test_a_user_with_no_workspace_cannot_make_a_token(client):
    loner = UserFactory(username="loner")
    client.force_login(loner)
    response = client.post(reverse("annotations:token-create"), follow=True)
    assert services.TOKEN_NO_WORKSPACE in response.content.decode()
    assert response.context["new_token"] is None
    assert not AuthToken.objects.filter(user=loner).exists()
