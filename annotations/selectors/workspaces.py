"""Reads of a workspace's settings page: its members, label set and rating scale."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from annotations.models import Label, Membership, Rating, Workspace


def membership_list_for_workspace(*, workspace: Workspace) -> QuerySet[Membership]:
    """Return the workspace's memberships with their users, by username."""
    return workspace.memberships.select_related("user").order_by("user__username")


def label_list_for_workspace(*, workspace: Workspace) -> QuerySet[Label]:
    """Return the workspace's label set in its order."""
    return workspace.labels.all()


def rating_list_for_workspace(*, workspace: Workspace) -> QuerySet[Rating]:
    """Return the workspace's rating scale in its order."""
    return workspace.ratings.all()


def membership_get_in_workspace(*, workspace: Workspace, pk: int) -> Membership:
    """Return the workspace's membership with this id, or raise Http404 (also for another workspace's)."""
    return get_object_or_404(Membership, pk=pk, workspace=workspace)


def label_get_in_workspace(*, workspace: Workspace, pk: int) -> Label:
    """Return the workspace's label with this id, or raise Http404 (also for another workspace's)."""
    return get_object_or_404(Label, pk=pk, workspace=workspace)


def rating_get_in_workspace(*, workspace: Workspace, pk: int) -> Rating:
    """Return the workspace's rating with this id, or raise Http404 (also for another workspace's)."""
    return get_object_or_404(Rating, pk=pk, workspace=workspace)
