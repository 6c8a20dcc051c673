"""DRF permission classes built on annotations.access: the API asks the role sets the pages ask (`Role.*`)."""

from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from annotations import access
from annotations.choices import Role

AUDIT_FOR_EDITORS = "The audit trail is for editors and admins."
ANNOTATE_FORBIDDEN = "Fact-checkers read and export; they do not annotate."


def caller_roles(request, view) -> dict[int, str]:
    """Return {workspace id: role} of the caller, read once per request (the view's `roles` when it has them)."""
    if hasattr(view, "roles"):
        return view.roles
    if not hasattr(request, "_axis_roles"):
        request._axis_roles = access.roles_for_user(user=request.user)
    return request._axis_roles


def require_role(roles: dict[int, str], workspace_id: int, may: frozenset[str], message: str) -> None:
    """Raise a 403 unless the caller's role in the workspace (in `roles`) is in `may`."""
    if roles.get(workspace_id) not in may:
        raise exceptions.PermissionDenied(message)


class ReviewsSomewhere(BasePermission):
    """The caller is an editor or admin (Role.REVIEWING) in at least one workspace."""

    message = AUDIT_FOR_EDITORS

    def has_permission(self, request, view) -> bool:
        return bool(Role.REVIEWING.intersection(caller_roles(request, view).values()))
