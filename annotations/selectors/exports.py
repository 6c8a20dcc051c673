"""Reads for exports: who may export what, and the annotations as records, streamed in one query.

The export query reads everything a record needs through joins and correlated
subqueries (tags, evidence, the deciding editor, the quoted speaker, the text
around the span), so its cost is one query however many rows, and its rows
arrive through a server-side cursor a chunk at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Greatest, JSONObject, Substr
from django.http import Http404

from annotations import access
from annotations.exports.records import ExportRecord
from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    Decision,
    Evidence,
    Label,
    Quote,
    Rating,
    ReviewDecision,
    Role,
    Workspace,
)
from annotations.selectors.visibility import annotation_visibility

EXPORT_CHUNK_SIZE = 2000
# Characters of context either side of a span, as annotation_create stores them.
CONTEXT_CHARS = 32
NO_WORKSPACE = "No such workspace among yours."
NO_ARTICLE = "No such article in this workspace."
ALL_STATES_FOR_EDITORS = "Only an editor or admin can export work that is not approved."


@dataclass(frozen=True)
class ExportScope:
    """Which annotations an export reads: one workspace, optionally one article and a start time."""

    workspace: Workspace
    all_states: bool = False
    # With every state: the caller's visibility filter (None for the shell, which reads everything).
    # Approved work is readable by every member, so it needs none.
    visible: Q | None = None
    article_id: int | None = None
    since: datetime | None = None


def export_scope(
    *,
    workspace_slug: str,
    user: AbstractBaseUser | None = None,
    all_states: bool = False,
    article_id: int | None = None,
    since: datetime | None = None,
) -> ExportScope:
    """Return what the caller may export from the workspace, or raise Http404 or PermissionDenied.

    `user=None` is the shell (the export command), which may read everything.
    A workspace the user is not in is a 404, like one that does not exist. Reads
    one row, plus one for the article when one is named.
    """
    visible = None
    if user is None:
        workspace = Workspace.objects.filter(slug=workspace_slug).first()
        if workspace is None:
            raise Http404(NO_WORKSPACE)
    else:
        membership = access.membership_get_by_slug(user=user, slug=workspace_slug)
        if membership is None:
            raise Http404(NO_WORKSPACE)
        if all_states and not access.allows(membership, Role.EXPORTING):
            raise PermissionDenied(ALL_STATES_FOR_EDITORS)
        workspace = membership.workspace
        if all_states:
            # Limited to this one membership: the filter names no other workspace.
            visible = annotation_visibility(user=user, roles={workspace.pk: membership.role})
    if article_id is not None and not Article.objects.filter(pk=article_id, workspace=workspace).exists():
        raise Http404(NO_ARTICLE)
    return ExportScope(workspace=workspace, all_states=all_states, visible=visible, article_id=article_id,
                       since=since)


def rating_scale(*, workspace: Workspace) -> tuple[int | None, int | None]:
    """Return the (best, worst) values of the workspace's numeric ratings, or (None, None) with fewer than two."""
    ends = Rating.objects.filter(workspace=workspace, value__isnull=False).aggregate(best=Max("value"),
                                                                                       worst=Min("value"))
    if ends["best"] is None or ends["best"] == ends["worst"]:
        return None, None
    return ends["best"], ends["worst"]


def _decisions(scope: ExportScope) -> QuerySet[ReviewDecision]:
    """Return the decision that made each row's state: its approval by default, else its latest decision."""
    decisions = ReviewDecision.objects.filter(annotation=OuterRef("pk"))
    if not scope.all_states:
        decisions = decisions.filter(decision=Decision.APPROVE)
    return decisions.order_by("-created", "-id")


def annotations_for_export(
    *, scope: ExportScope, verdicts_only: bool = False, speaker: bool = False, context: bool = False,
    public: bool = False,
) -> QuerySet:
    """Return the scope's annotations as value rows, in id order, ready for `export_records`.

    Approved work only, unless the scope asks for every state (then the caller's
    visibility still applies: nobody exports someone else's draft). With
    `verdicts_only`, one row per claim, quote or span: its most recently decided
    annotation with a verdict. `speaker` adds the quoted source of the target;
    `context` adds the text either side of it; `public` the public page of a
    published fact check, when the workspace publishes them and the row shows
    the approved version (the page shows that one).
    """
    queryset = Annotation.objects.filter(article__workspace=scope.workspace)
    if scope.visible is not None:
        queryset = queryset.filter(scope.visible)
    if scope.all_states:
        queryset = queryset.annotate(
            live_tags=ArraySubquery(Label.objects.filter(annotations=OuterRef("pk")).order_by("name").values("name")),
            live_evidence=ArraySubquery(
                Evidence.objects.filter(annotation=OuterRef("pk")).order_by("id")
                .values(json=JSONObject(url="url", title="title", publisher="publisher", stance="stance"))
            ),
            verdict_name=F("verdict__name"),
            verdict_number=F("verdict__value"),
        )
    else:
        # An approved annotation being edited again keeps exporting its approved version.
        queryset = queryset.filter(approved_snapshot__isnull=False).annotate(
            verdict_name=KT("approved_snapshot__verdict"),
        )
    if scope.article_id is not None:
        queryset = queryset.filter(article_id=scope.article_id)
    decisions = _decisions(scope)
    queryset = queryset.annotate(
        editor_name=Subquery(decisions.values(f"editor__{get_user_model().USERNAME_FIELD}")[:1]),
        decided=Subquery(decisions.values("created")[:1]),
        author_name=F(f"author__{get_user_model().USERNAME_FIELD}"),
        t_start=Coalesce("claim__start", "quote__start", "start"),
        t_end=Coalesce("claim__end", "quote__end", "end"),
        t_text=Case(When(claim__isnull=False, then="claim__text"), When(quote__isnull=False, then="quote__text"),
                    default="exact"),
    )
    if scope.since is not None:
        queryset = queryset.filter(updated__gte=scope.since) if scope.all_states else queryset.filter(
            decided__gte=scope.since)
    if verdicts_only:
        queryset = queryset.filter(verdict_name__isnull=False)
    fields = ["id", "article_id", "article__title", "article__source_url", "article__byline", "article__published",
              "article__language", "claim_id", "quote_id", "t_start", "t_end", "t_text", "note", "correction", "author_name",
              "editor_name", "decided", "state", "version", "created", "updated", "verdict_name"]
    fields += (["live_tags", "live_evidence", "verdict_number"] if scope.all_states else ["approved_snapshot"])
    if speaker:
        overlapping = (
            Quote.objects.filter(article_id=OuterRef("article_id"), start__lt=OuterRef("t_end"),
                                 end__gt=OuterRef("t_start"))
            .exclude(state=Quote.State.REJECTED)
            .order_by("start")
        )
        queryset = queryset.annotate(
            speaker_name=Coalesce("quote__source__name", Subquery(overlapping.values("source__name")[:1])),
            speaker_institution=Coalesce("quote__source__is_institution",
                                         Subquery(overlapping.values("source__is_institution")[:1])),
        )
        fields += ["speaker_name", "speaker_institution"]
    if context:
        # A span annotation stores its context; a claim's or quote's is cut from the clean text by PostgreSQL,
        # so only those 64 characters travel, not the article. substr() counts from 1, in characters.
        before = Greatest(F("t_start") - CONTEXT_CHARS, Value(0), output_field=IntegerField())
        queryset = queryset.annotate(
            t_prefix=Case(When(start__isnull=False, then="prefix"),
                          default=Substr("article__clean_text", before + 1, F("t_start") - before)),
            t_suffix=Case(When(start__isnull=False, then="suffix"),
                          default=Substr("article__clean_text", F("t_end") + 1, Value(CONTEXT_CHARS))),
        )
        fields += ["t_prefix", "t_suffix"]
    if public and scope.workspace.publish_fact_checks:
        published = Q(publication__published=True)
        if scope.all_states:
            published &= Q(state=AnnotationState.APPROVED)
        queryset = queryset.annotate(
            public_id=Case(When(published, then="publication__public_id")),
            public_since=Case(When(published, then="publication__published_at")),
        )
        fields += ["public_id", "public_since"]
    if verdicts_only:
        # DISTINCT ON keeps the first row of each target in this order: its latest decision.
        target = ["claim_id", "quote_id", "start", "end"]
        return queryset.order_by(*target, F("decided").desc(nulls_last=True), "-id").distinct(*target).values(*fields)
    return queryset.order_by("id").values(*fields)


def export_count(*, scope: ExportScope, verdicts_only: bool = False) -> int:
    """Return how many records the scope's export has (one query)."""
    return annotations_for_export(scope=scope, verdicts_only=verdicts_only).count()


def export_records(rows: QuerySet, *, all_states: bool) -> Iterator[ExportRecord]:
    """Yield a record per row of `annotations_for_export`, read through a server-side cursor in chunks."""
    for row in rows.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield _record(row, all_states=all_states)


def _record(row: dict, *, all_states: bool) -> ExportRecord:
    if all_states:
        tags, evidence = row["live_tags"], row["live_evidence"]
        verdict, verdict_value, note, correction = (row["verdict_name"], row["verdict_number"], row["note"],
                                                    row["correction"])
        state, version, updated = row["state"], row["version"], row["updated"]
    else:
        snapshot = row["approved_snapshot"]
        tags, evidence = snapshot.get("tags", []), snapshot.get("evidence", [])
        verdict, verdict_value = snapshot.get("verdict"), snapshot.get("verdict_value")
        note, correction = snapshot.get("note", ""), snapshot.get("correction", "")
        state, version = AnnotationState.APPROVED, snapshot.get("version", row["version"])
        updated = row["decided"] or row["updated"]
    if row["claim_id"] is not None:
        target, target_id = "claim", row["claim_id"]
    elif row["quote_id"] is not None:
        target, target_id = "quote", row["quote_id"]
    else:
        target, target_id = "span", None
    return ExportRecord(
        id=row["id"],
        article_id=row["article_id"],
        article_title=row["article__title"],
        article_source_url=row["article__source_url"],
        article_byline=row["article__byline"],
        article_published=row["article__published"],
        article_language=row["article__language"],
        target=target,
        target_id=target_id,
        start=row["t_start"],
        end=row["t_end"],
        text=row["t_text"],
        tags=tags,
        verdict=verdict,
        verdict_value=verdict_value,
        note=note,
        correction=correction,
        evidence=evidence,
        author=row["author_name"],
        editor=row["editor_name"],
        decided=row["decided"],
        state=state,
        version=version,
        created=row["created"],
        updated=updated,
        prefix=row.get("t_prefix"),
        suffix=row.get("t_suffix"),
        speaker=row.get("speaker_name"),
        speaker_is_institution=row.get("speaker_institution"),
        public_id=None if row.get("public_id") is None else str(row["public_id"]),
        public_since=row.get("public_since"),
    )
