"""Workspaces and their members."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import access
from annotations.models import Annotation, Label, Membership, Rating, Role, Workspace
from annotations.services.audit import audit_record, audit_snapshot
from annotations.services.tokens import tokens_revoke_unless_member

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
    membership = access.membership_get(user=user, workspace_id=workspace.pk)
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


LAST_ADMIN = "A workspace keeps at least one admin."
NOT_ADMIN = "Only a workspace admin manages members, labels and ratings."
UNKNOWN_USER = "No Axis user has this username; a site administrator creates accounts."
LABEL_IN_USE = "This label is on annotations; it cannot be deleted."
RATING_IN_USE = "This rating is a verdict of annotations; it cannot be deleted."


def _require_admin(*, workspace: Workspace, by: AbstractBaseUser) -> None:
    access.membership_check(user=by, workspace_id=workspace.pk, may=Role.ADMINISTERING, field="workspace",
                            message=NOT_ADMIN, stranger={"workspace": NOT_ADMIN})


@transaction.atomic
def membership_change(*, workspace: Workspace, username: str, role: str, by: AbstractBaseUser) -> Membership:
    """Add a user to the workspace or change their role, as a workspace admin."""
    _require_admin(workspace=workspace, by=by)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": UNKNOWN_USER})
    current = access.membership_get_for_update(user=user, workspace_id=workspace.pk)
    if access.allows(current, Role.ADMINISTERING) and role not in Role.ADMINISTERING:
        _keep_an_admin(workspace=workspace, leaving=current)
    return membership_set(workspace=workspace, user=user, role=role, by=by)


@transaction.atomic
def membership_remove(*, membership: Membership, by: AbstractBaseUser) -> None:
    """Remove a member from the workspace, as a workspace admin; their work stays.

    A member left with no workspace loses their API tokens too.
    """
    _require_admin(workspace=membership.workspace, by=by)
    if access.allows(membership, Role.ADMINISTERING):
        _keep_an_admin(workspace=membership.workspace, leaving=membership)
    audit_record(workspace=membership.workspace, actor=by, action="membership.remove", obj=membership,
                 before=audit_snapshot(membership))
    membership.delete()
    tokens_revoke_unless_member(user=membership.user, by=by)


def _keep_an_admin(*, workspace: Workspace, leaving: Membership) -> None:
    # Locks the other admins' rows, so two admins cannot demote each other at the same moment.
    others = access.membership_list_for_update(workspace_id=workspace.pk, may=Role.ADMINISTERING)
    if not others.exclude(pk=leaving.pk).exists():
        raise ValidationError({"role": LAST_ADMIN})


@transaction.atomic
def label_create(*, workspace: Workspace, name: str, description: str = "", by: AbstractBaseUser) -> Label:
    """Add a tag to the workspace's label set."""
    _require_admin(workspace=workspace, by=by)
    label = Label(workspace=workspace, name=name.strip(), description=description.strip(),
                  ordinal=workspace.labels.count())
    label.full_clean()
    label.save()
    audit_record(workspace=workspace, actor=by, action="label.create", obj=label, after=audit_snapshot(label))
    return label


@transaction.atomic
def label_delete(*, label: Label, by: AbstractBaseUser) -> None:
    """Remove an unused tag from the label set."""
    _require_admin(workspace=label.workspace, by=by)
    if label.annotations.exists():
        raise ValidationError({"label": LABEL_IN_USE})
    audit_record(workspace=label.workspace, actor=by, action="label.delete", obj=label, before=audit_snapshot(label))
    label.delete()


@transaction.atomic
def rating_create(*, workspace: Workspace, name: str, value: int | None, by: AbstractBaseUser) -> Rating:
    """Add a verdict to the workspace's rating scale; `value` places it on the ordered scale."""
    _require_admin(workspace=workspace, by=by)
    rating = Rating(workspace=workspace, name=name.strip(), value=value, ordinal=workspace.ratings.count())
    rating.full_clean()
    rating.save()
    audit_record(workspace=workspace, actor=by, action="rating.create", obj=rating, after=audit_snapshot(rating))
    return rating


@transaction.atomic
def rating_delete(*, rating: Rating, by: AbstractBaseUser) -> None:
    """Remove an unused verdict from the rating scale."""
    _require_admin(workspace=rating.workspace, by=by)
    if Annotation.objects.filter(verdict=rating).exists():
        raise ValidationError({"rating": RATING_IN_USE})
    audit_record(workspace=rating.workspace, actor=by, action="rating.delete", obj=rating,
                 before=audit_snapshot(rating))
    rating.delete()
