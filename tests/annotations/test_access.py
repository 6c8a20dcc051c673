"""annotations/access.py: the one place that reads a membership and answers for a role."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from annotations import access
from annotations.models import AnnotationState, Membership, Role
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_role_sets_say_who_may_do_what():
    assert Role.ANNOTATING == {Role.REVIEWER, Role.EDITOR, Role.ADMIN}
    assert Role.REVIEWING == {Role.EDITOR, Role.ADMIN}
    assert Role.EXPORTING == {Role.EDITOR, Role.ADMIN}
    assert Role.ADMINISTERING == {Role.ADMIN}
    assert Role.READING_APPROVED_ONLY == {Role.FACTCHECKER}
    # The sets are not choices: a membership's role is still one of the four.
    assert Role.values == ["reviewer", "editor", "factchecker", "admin"]


def test_require_returns_the_membership_of_a_role_that_may(workspace, editor):
    membership = access.require(user=editor, workspace=workspace, may=Role.REVIEWING)
    assert (membership.user, membership.workspace, membership.role) == (editor, workspace, Role.EDITOR)
    assert access.require(user=editor, workspace=workspace.pk, may=Role.REVIEWING) == membership
    assert access.require(user=editor, workspace=workspace.slug, may=Role.REVIEWING) == membership


def test_require_answers_403_to_a_role_that_may_not(workspace, factchecker):
    with pytest.raises(PermissionDenied, match="Only editors here."):
        access.require(user=factchecker, workspace=workspace, may=Role.REVIEWING, message="Only editors here.")


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_require_answers_404_to_a_non_member(workspace, outsider, who):
    user = outsider if who == "outsider" else AnonymousUser()
    with pytest.raises(Http404):
        access.require(user=user, workspace=workspace, may=frozenset(Role.values))
    assert access.membership_get(user=user, workspace_id=workspace.pk) is None
    assert access.roles_for_user(user=user) == ({} if who == "anonymous" else {outsider.memberships.get().workspace_id:
                                                                               Role.EDITOR})


def test_a_services_refusal_is_a_validation_error_and_a_403(workspace, factchecker):
    with pytest.raises(access.Refused) as refused:
        access.membership_check(user=factchecker, workspace_id=workspace.pk, may=Role.ANNOTATING, field="workspace",
                                message="No annotating.")
    assert refused.value.message_dict == {"workspace": ["No annotating."]}
    assert isinstance(refused.value, ValidationError) and isinstance(refused.value, PermissionDenied)


def test_a_services_check_tells_a_non_member_so(workspace, outsider):
    with pytest.raises(ValidationError) as raised:
        access.membership_check(user=outsider, workspace_id=workspace.pk, may=Role.ANNOTATING, field="workspace",
                                message="No annotating.")
    assert raised.value.message_dict == {"workspace": [access.NOT_A_MEMBER]}
    assert not isinstance(raised.value, access.Refused)


def test_membership_list_keeps_the_roles_asked_for(workspace, other_workspace, reviewer):
    Membership.objects.create(user=reviewer, workspace=other_workspace, role=Role.EDITOR)
    assert [m.workspace for m in access.membership_list(user=reviewer)] == [workspace, other_workspace]
    assert [m.workspace for m in access.membership_list(user=reviewer, may=Role.REVIEWING)] == [other_workspace]


def test_an_annotation_is_editable_by_its_author_until_rejected(workspace, reviewer, editor):
    annotation = AnnotationFactory(claim=ClaimFactory(article=ArticleFactory(workspace=workspace)), author=reviewer)
    assert annotation.editable_by(reviewer) is True
    assert annotation.editable_by(editor) is False
    annotation.state = AnnotationState.REJECTED
    assert annotation.editable_by(reviewer) is False


def test_an_annotation_is_decidable_by_another_editor_once_submitted(workspace, reviewer, editor, admin_member):
    annotation = AnnotationFactory(claim=ClaimFactory(article=ArticleFactory(workspace=workspace)), author=editor)
    memberships = {m.user: m for m in Membership.objects.filter(workspace=workspace)}
    assert annotation.decidable_by(memberships[admin_member]) is False  # a draft
    annotation.state = AnnotationState.SUBMITTED
    assert annotation.decidable_by(memberships[admin_member]) is True
    assert annotation.decidable_by(memberships[editor]) is False  # their own
    assert annotation.decidable_by(memberships[reviewer]) is False  # not an editor


@pytest.mark.parametrize("role,shown", [(Role.ADMIN, True), (Role.EDITOR, False), (Role.FACTCHECKER, False)])
def test_the_home_page_links_a_workspaces_settings_for_its_admins_only(client, workspace, role, shown):
    membership = MembershipFactory(workspace=workspace, role=role)
    client.force_login(membership.user)
    body = client.get("/").content.decode()
    assert (f'href="/workspaces/{workspace.slug}/"' in body) is shown


def test_workspaces_where_keeps_those_where_the_role_may(workspace, other_workspace, factchecker):
    Membership.objects.create(user=factchecker, workspace=other_workspace, role=Role.REVIEWER)
    assert list(access.workspaces_where(user=factchecker, may=Role.ANNOTATING)) == [other_workspace]
    assert list(access.workspaces_where(user=factchecker, may=frozenset(Role.values))) == [workspace, other_workspace]


# A membership lookup, a test of a role, or one role named outside the sets (issue 15).
ROLE_RULE = re.compile(r"Membership\.objects|\.role in|\.role ==|Role\.(ADMIN|EDITOR|REVIEWER|FACTCHECKER)\b")
# Where the pattern matches without being a rule of who may do what.
NOT_A_RULE = {
    ("annotations/services/workspaces.py", "membership.role == role"),  # "already has this role": nothing to save
    ("annotations/management/commands/load_demo.py", "Membership.Role."),  # the demo's users, one of each role
}


def test_memberships_are_read_and_roles_tested_only_in_the_models_and_the_access_module():
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in sorted((root / "annotations").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if "/migrations/" in name or name in ("annotations/models.py", "annotations/access.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_RULE.search(line) and not any(name == file and text in line for file, text in NOT_A_RULE):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
