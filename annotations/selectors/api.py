"""Querysets of the REST API, each limited to what the caller may read."""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

from annotations import access
from annotations.models import (
    Annotation,
    Article,
    AuditEvent,
    Claim,
    Evidence,
    Label,
    Quote,
    Rating,
    ReviewDecision,
    Role,
    Source,
    Workspace,
)
from annotations.selectors.visibility import annotation_visibility, audit_events_visible

roles_for_user = access.roles_for_user


def workspaces_for_api(*, user: AbstractBaseUser) -> QuerySet[Workspace]:
    return Workspace.objects.filter(memberships__user=user).order_by("pk")


def articles_for_api(*, user: AbstractBaseUser) -> QuerySet[Article]:
    return Article.objects.filter(workspace__memberships__user=user).defer("raw_text").order_by("pk")


def claims_for_api(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    return Claim.objects.filter(article__workspace__memberships__user=user).order_by("pk")


def quotes_for_api(*, user: AbstractBaseUser) -> QuerySet[Quote]:
    return Quote.objects.filter(article__workspace__memberships__user=user).select_related("source").order_by("pk")


def sources_for_api(*, user: AbstractBaseUser) -> QuerySet[Source]:
    return Source.objects.filter(workspace__memberships__user=user).order_by("pk")


def annotations_for_api(*, user: AbstractBaseUser, roles: dict[int, str]) -> QuerySet[Annotation]:
    """Return the annotations the user may read, with their tags, verdict and evidence joined."""
    return with_api_columns(Annotation.objects.filter(annotation_visibility(user=user, roles=roles))).order_by("pk")


def with_api_columns(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """Join what the API shows of each annotation: author, verdict, the claim or quote (for a correction's
    proposal), `tag_names` and `evidence_rows` (dicts).

    Tags and evidence come as two array columns of the one query rather than as two
    prefetches: for a page of 50, building the prefetches' per-object managers cost more
    than reading the rows.
    """
    evidence = Evidence.objects.filter(annotation=OuterRef("pk")).order_by("id")
    return annotations.select_related("author", "verdict", "claim", "quote__source").annotate(
        tag_names=ArraySubquery(Label.objects.filter(annotations=OuterRef("pk")).values("name")),
        evidence_rows=ArraySubquery(evidence.values(row=JSONObject(
            id="id", url="url", title="title", publisher="publisher", stance="stance"))),
    )


def annotation_current_for_api(*, pk: int) -> Annotation:
    """Return the annotation as it now is, with the API's columns, for a 409's `current` (the caller
    read it before: a conflict is only ever answered about an annotation the caller may read)."""
    return with_api_columns(Annotation.objects).get(pk=pk)


def decisions_for_api(*, user: AbstractBaseUser, roles: dict[int, str]) -> QuerySet[ReviewDecision]:
    """Return the review decisions on annotations the user may read."""
    visible = Annotation.objects.filter(annotation_visibility(user=user, roles=roles)).values("pk")
    return ReviewDecision.objects.filter(annotation__in=visible).select_related("editor").order_by("pk")


def audit_events_for_api(*, user: AbstractBaseUser, roles: dict[int, str]) -> QuerySet[AuditEvent]:
    """Return the audit events of the workspaces where the user is an editor or admin, minus others' drafts."""
    reviewing = [ws for ws, role in roles.items() if role in Role.REVIEWING]
    events = AuditEvent.objects.filter(workspace_id__in=reviewing).select_related("actor").order_by("pk")
    return audit_events_visible(events, user=user)


def label_map_for_api(*, workspace_id: int) -> dict[str, Label]:
    """Return the workspace's labels by their names in lower case, as the API names tags."""
    return {label.name.lower(): label for label in Label.objects.filter(workspace_id=workspace_id)}


def rating_get_for_api(*, workspace_id: int, name: str) -> Rating | None:
    """Return the workspace's rating of this name in any case, or None."""
    return Rating.objects.filter(workspace_id=workspace_id, name__iexact=name).first()
