"""Who may do what in a workspace: the one place that reads a membership and answers for a role.

The role sets live on `Role` (models.py): `Role.ANNOTATING`, `Role.REVIEWING`, `Role.EXPORTING`,
`Role.ADMINISTERING`. Pages and the API ask `require()`, which answers 404 to a non-member (as
for a workspace that does not exist) and 403 to a member whose role does not allow the action,
in the shape of healthchecks' `_get_rw_check_for_user`. Services ask `membership_check()`, whose
refusal is a `Refused`: a ValidationError naming the field, so a form or the API shows it as
such, and a PermissionDenied, so a page that lets it through answers 403. Which annotations a
member reads is the one rule of selectors/visibility.py (`annotation_visible_to`), which the
review page, the queue, the API and the exports all ask; this module imports models only.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from annotations.models import Membership, Role, Workspace

NOT_A_MEMBER = "You are not a member of this workspace."
NO_SUCH_WORKSPACE = "No such workspace among yours."
WRONG_ROLE = "Your role in this workspace does not allow this."


class Refused(ValidationError, PermissionDenied):
    """A service's refusal for the caller's role: a ValidationError naming the field, and a 403 on a page."""


def _signed_in(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated


def membership_get(*, user: AbstractBaseUser, workspace_id: int) -> Membership | None:
    """Return the user's membership in the workspace, or None (also for an anonymous user). One query."""
    if not _signed_in(user):
        return None
    return Membership.objects.filter(user=user, workspace_id=workspace_id).select_related("workspace").first()


def membership_get_by_slug(*, user: AbstractBaseUser, slug: str) -> Membership | None:
    """Return the user's membership in the workspace with this slug, with the workspace, or None. One query."""
    if not _signed_in(user):
        return None
    return Membership.objects.filter(user=user, workspace__slug=slug).select_related("workspace").first()


def membership_for_annotation(*, user: AbstractBaseUser, annotation_id: int) -> Membership | None:
    """Return the user's membership in the workspace of the annotation, with the workspace, or None. One query."""
    if not _signed_in(user):
        return None
    return (Membership.objects.filter(user=user, workspace__articles__annotations__pk=annotation_id)
            .select_related("workspace").first())


def membership_list(*, user: AbstractBaseUser, may: frozenset[str] | None = None) -> QuerySet[Membership]:
    """Return the user's memberships (those whose role is in `may`, when given) with their workspaces, by name."""
    memberships = Membership.objects.filter(user=user)
    if may is not None:
        memberships = memberships.filter(role__in=may)
    return memberships.select_related("workspace").order_by("workspace__name")


def membership_get_for_update(*, user: AbstractBaseUser, workspace_id: int) -> Membership | None:
    """Return the user's membership in the workspace, its row locked until the transaction ends, or None."""
    return Membership.objects.select_for_update().filter(user=user, workspace_id=workspace_id).first()


def membership_list_for_update(*, workspace_id: int, may: frozenset[str]) -> QuerySet[Membership]:
    """Return the workspace's memberships whose role is in `may`, to be read with their rows locked."""
    return Membership.objects.select_for_update().filter(workspace_id=workspace_id, role__in=may)


def workspaces_where(*, user: AbstractBaseUser, may: frozenset[str]) -> QuerySet[Workspace]:
    """Return the workspaces where the user's role is in `may`, by name (a queryset, for a form's choices)."""
    return Workspace.objects.filter(memberships__user=user, memberships__role__in=may).order_by("name")


def roles_for_user(*, user: AbstractBaseUser) -> dict[int, str]:
    """Return {workspace id: role} for the user's memberships. One query."""
    if not _signed_in(user):
        return {}
    return dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))


def allows(membership: Membership | None, may: frozenset[str]) -> bool:
    """Return whether the membership (None: not a member) has a role in `may`."""
    return membership is not None and membership.role in may


def require_role(membership: Membership, *, may: frozenset[str], message: str = WRONG_ROLE) -> Membership:
    """Return the membership when its role is in `may`, else raise PermissionDenied(message)."""
    if membership.role not in may:
        raise PermissionDenied(message)
    return membership


def require(*, user: AbstractBaseUser, workspace: Workspace | int | str, may: frozenset[str],
            message: str = WRONG_ROLE, not_found: str = NO_SUCH_WORKSPACE) -> Membership:
    """Return the user's membership in the workspace (a Workspace, its id or its slug), with the workspace,
    or raise Http404(not_found) to a non-member and PermissionDenied(message) to a role not in `may`."""
    if isinstance(workspace, str):
        membership = membership_get_by_slug(user=user, slug=workspace)
    else:
        workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
        membership = membership_get(user=user, workspace_id=workspace_id)
    if membership is None:
        raise Http404(not_found)
    return require_role(membership, may=may, message=message)


def membership_check(*, user: AbstractBaseUser, workspace_id: int, may: frozenset[str], field: str, message: str,
                     stranger: dict[str, str] | None = None) -> Membership:
    """Return the user's membership, for a service: raise ValidationError(`stranger`, by default
    {"workspace": NOT_A_MEMBER}) for a non-member and Refused({field: message}) for a wrong role."""
    membership = membership_get(user=user, workspace_id=workspace_id)
    if membership is None:
        raise ValidationError(stranger or {"workspace": NOT_A_MEMBER})
    if membership.role not in may:
        raise Refused({field: message}, code="forbidden")
    return membership


__all__ = [
    "NOT_A_MEMBER", "NO_SUCH_WORKSPACE", "WRONG_ROLE", "Refused", "Role", "allows",
    "membership_check", "membership_for_annotation", "membership_get", "membership_get_by_slug",
    "membership_get_for_update", "membership_list", "membership_list_for_update",
    "require", "require_role", "roles_for_user", "workspaces_where",
]
