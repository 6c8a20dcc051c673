"""Workspaces and their members."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.models import Label, Membership, Rating, Workspace
from annotations.services.audit import audit_record, audit_snapshot

DEFAULT_LABELS = [
    ("check-worthy", "A factual claim worth verifying"),
    ("statistic", "Carries a number, rate or quantity"),
    ("prediction", "Says what will happen"),
    ("opinion", "A view, not a checkable fact"),
    ("needs context", "True as far as it goes, but misleads without more"),
    ("not checkable", "Cannot be verified with public evidence"),
]
# (name, value): the ordered part of the scale carries 5..1 so ClaimReview can rate it.
DEFAULT_RATINGS = [
    ("True", 5),
    ("Mostly true", 4),
    ("Half true", 3),
    ("Mostly false", 2),
    ("False", 1),
    ("Misleading", None),
    ("Unproven", None),
]


@transaction.atomic
def workspace_create(*, name: str, slug: str, by: AbstractBaseUser | None = None) -> Workspace:
    """Create a workspace with the default label set and rating scale."""
    workspace = Workspace(name=name, slug=slug)
    workspace.full_clean()
    workspace.save()
    Label.objects.bulk_create(
        Label(workspace=workspace, name=name, description=description, ordinal=i)
        for i, (name, description) in enumerate(DEFAULT_LABELS)
    )
    Rating.objects.bulk_create(
        Rating(workspace=workspace, name=name, value=value, ordinal=i)
        for i, (name, value) in enumerate(DEFAULT_RATINGS)
    )
    audit_record(workspace=workspace, actor=by, action="workspace.create", obj=workspace,
                 after=audit_snapshot(workspace))
    return workspace


@transaction.atomic
def membership_set(
    *, workspace: Workspace, user: AbstractBaseUser, role: str, by: AbstractBaseUser | None = None
) -> Membership:
    """Give the user this role in the workspace, adding them when they are not a member."""
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    before = audit_snapshot(membership) if membership else None
    if membership is None:
        membership = Membership(workspace=workspace, user=user)
    if before is not None and membership.role == role:
        return membership
    membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save()
    audit_record(workspace=workspace, actor=by, action="membership.set", obj=membership,
                 before=before, after=audit_snapshot(membership))
    return membership
