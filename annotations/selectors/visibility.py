"""Who reads which annotations: the one rule that pages, the API, the audit trail and exports call.

A draft is its author's alone; fact-checkers read approved work only; everyone
else in the workspace reads the rest. An audit event about an annotation is
readable exactly when the annotation is.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from annotations.models import Annotation, AnnotationState, AuditEvent, Membership, Role

# Audit events about an annotation name it as their object, or (evidence, decisions) in their `after`.
_ABOUT_ANNOTATION_IN_AFTER = ("evidence", "reviewdecision")


def annotation_drafts_hidden(*, user_id: int) -> Q:
    """Return the filter that leaves out other people's drafts, the part of the rule that holds for every role."""
    return ~Q(state=AnnotationState.DRAFT) | Q(author_id=user_id)


def workspaces_reading_approved_only(*, roles: dict[int, str]) -> frozenset[int]:
    """Return the workspaces of `roles` ({id: role}) where the user reads approved work only (fact-checkers)."""
    return frozenset(ws for ws, role in roles.items() if role in Role.READING_APPROVED_ONLY)


def annotation_visibility(*, user: AbstractBaseUser, roles: dict[int, str]) -> Q:
    """Return the filter of annotations the user may read in the workspaces of `roles` ({id: role})."""
    checking = sorted(workspaces_reading_approved_only(roles=roles))
    working = sorted(set(roles) - set(checking))
    return Q(article__workspace_id__in=checking, state=AnnotationState.APPROVED) | (
        Q(article__workspace_id__in=working) & annotation_drafts_hidden(user_id=user.pk)
    )


def annotation_visible_in(*, user_id: int, checking: frozenset[int]) -> Q:
    """Return the same rule for annotations already limited to the user's workspaces (say, one article's):
    `checking` are the workspaces where the user is a fact-checker."""
    drafts_hidden = annotation_drafts_hidden(user_id=user_id)
    if not checking:
        return drafts_hidden
    return Q(state=AnnotationState.APPROVED) | (~Q(article__workspace_id__in=checking) & drafts_hidden)


def annotation_visible_to(*, user: AbstractBaseUser, membership: Membership) -> Q:
    """Return the filter of annotations one member may read in their workspace."""
    return annotation_visibility(user=user, roles={membership.workspace_id: membership.role})


def audit_events_visible(events: QuerySet[AuditEvent], *, user: AbstractBaseUser) -> QuerySet[AuditEvent]:
    """Return the events minus those about someone else's draft annotation.

    One correlated subquery per event, on the annotation's primary key: the id the
    event names (its object id, or `annotation_id` in its `after`) is cast to an integer.
    """
    about = Case(
        When(object_type="annotation", then=Cast("object_id", IntegerField())),
        When(object_type__in=_ABOUT_ANNOTATION_IN_AFTER, then=Cast(KT("after__annotation_id"), IntegerField())),
        output_field=IntegerField(),
    )
    others_drafts = Annotation.objects.filter(pk=OuterRef("about_annotation"), state=AnnotationState.DRAFT).exclude(
        author=user)
    return events.alias(about_annotation=about).filter(~Exists(others_drafts))
