"""Reads for the editorial workflow: the editor's queue, an annotation's history, the audit trail."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator

from annotations import access
from annotations.models import (
    Annotation,
    AnnotationState,
    AuditEvent,
    Evidence,
    Label,
    Membership,
    ReviewDecision,
    Role,
)
from annotations.selectors.visibility import annotation_visibility, annotation_visible_to, audit_events_visible

# Characters of the article shown on each side of the annotated text.
CONTEXT_CHARS = 90
# How long a rejection stays among a reviewer's notifications; sent-back work stays until resubmitted.
REJECTED_NOTICE_DAYS = 14


class Kind:
    """What an annotation carries, derived from its content; one annotation can be several kinds."""

    TAG = "tag"
    VERDICT = "verdict"
    EVIDENCE = "evidence"
    SPAN_NOTE = "span_note"
    CORRECTION = "correction"

    choices = [
        (TAG, "Tag"),
        (VERDICT, "Verdict"),
        (EVIDENCE, "Evidence"),
        (SPAN_NOTE, "Span note"),
        (CORRECTION, "Correction"),
    ]
    labels = dict(choices)


def _kind_condition(kind: str) -> Q | Exists:
    """Return the filter that selects annotations of this kind."""
    return {
        Kind.TAG: Exists(Annotation.tags.through.objects.filter(annotation_id=OuterRef("pk"))),
        Kind.VERDICT: Q(verdict__isnull=False),
        Kind.EVIDENCE: Exists(Evidence.objects.filter(annotation_id=OuterRef("pk"))),
        Kind.SPAN_NOTE: Q(start__isnull=False) & ~Q(note=""),
        Kind.CORRECTION: ~Q(correction=""),
    }[kind]


def annotation_kinds(annotation: Annotation) -> list[tuple[str, str]]:
    """Return the (kind, label) pairs of the annotation; reads prefetched tags and evidence."""
    found = {
        Kind.TAG: bool(annotation.tags.all()),
        Kind.VERDICT: annotation.verdict_id is not None,
        Kind.EVIDENCE: bool(annotation.evidence.all()),
        Kind.SPAN_NOTE: annotation.start is not None and bool(annotation.note.strip()),
        Kind.CORRECTION: bool(annotation.correction),
    }
    return [(kind, label) for kind, label in Kind.choices if found[kind]]


@dataclass(frozen=True)
class Snippet:
    """The annotated text with a little of the article on each side, cut at word boundaries."""

    before: str
    target: str
    after: str
    cut_before: bool
    cut_after: bool


def annotation_snippet(annotation: Annotation) -> Snippet:
    """Return the snippet of an annotation read through `_with_context` (no query)."""
    before, after = annotation.ctx_before or "", annotation.ctx_after or ""
    cut_before = annotation.ctx_start > len(before)
    cut_after = len(after) == CONTEXT_CHARS
    # Drop the partial word at each cut end, and keep to the target's paragraph.
    if cut_before and " " in before:
        before = before[before.index(" ") + 1 :]
    if cut_after and " " in after:
        after = after[: after.rindex(" ")]
    if "\n" in before:
        before, cut_before = before[before.rindex("\n") + 1 :], False
    if "\n" in after:
        after, cut_after = after[: after.index("\n")], False
    return Snippet(before, annotation.ctx_target or "", after, cut_before, cut_after)


def _with_context(queryset: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """Add the annotated text and its surroundings, cut from the clean text by PostgreSQL.

    The article's text itself is never loaded: a queue of fifty items on one long
    article would otherwise carry fifty copies of it.
    """
    start = Coalesce("start", "claim__start", "quote__start")
    end = Coalesce("end", "claim__end", "quote__end")
    text = F("article__clean_text")
    return queryset.annotate(ctx_start=start, ctx_end=end).annotate(
        ctx_target=Substr(text, F("ctx_start") + 1, F("ctx_end") - F("ctx_start")),
        ctx_before=Substr(
            text,
            Greatest(F("ctx_start") - CONTEXT_CHARS, Value(0)) + 1,
            F("ctx_start") - Greatest(F("ctx_start") - CONTEXT_CHARS, Value(0)),
        ),
        ctx_after=Substr(text, F("ctx_end") + 1, CONTEXT_CHARS),
    )


def _annotation_base() -> QuerySet[Annotation]:
    return (
        Annotation.objects.select_related("article__workspace", "author", "verdict", "claim", "quote__source")
        .defer("article__raw_text", "article__clean_text")
        .prefetch_related(
            Prefetch("tags", queryset=Label.objects.only("id", "name", "workspace_id")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
        )
    )


def membership_list_reviewing(*, user: AbstractBaseUser) -> list[Membership]:
    """Return the user's memberships in which they may decide on annotations (editor or admin)."""
    return list(access.membership_list(user=user, may=Role.REVIEWING))


def _queued(*, user: AbstractBaseUser, memberships: list[Membership]) -> Q:
    """Return the filter of the submitted annotations of the memberships' workspaces that the user may read.

    Through the one rule of selectors/visibility.py, as the review page, the API and the exports
    read: a role that may review but reads less than the others sees only what it may read.
    """
    roles = {membership.workspace_id: membership.role for membership in memberships}
    return annotation_visibility(user=user, roles=roles) & Q(state=AnnotationState.SUBMITTED)


def annotation_list_for_queue(
    *,
    user: AbstractBaseUser,
    memberships: list[Membership],
    article: int | None = None,
    reviewer: int | None = None,
    kind: str | None = None,
    tag: int | None = None,
    pks: list[int] | None = None,
) -> QuerySet[Annotation]:
    """Return the submitted annotations of the memberships' workspaces the user may read, longest waiting first."""
    queryset = _annotation_base().filter(_queued(user=user, memberships=memberships))
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    if article:
        queryset = queryset.filter(article_id=article)
    if reviewer:
        queryset = queryset.filter(author_id=reviewer)
    if kind:
        queryset = queryset.filter(_kind_condition(kind))
    if tag:
        queryset = queryset.filter(Exists(Annotation.tags.through.objects.filter(annotation_id=OuterRef("pk"),
                                                                                 label_id=tag)))
    # `updated` moves on submit and on each edit, so it says how long the current version has waited.
    return _with_context(queryset).order_by("updated", "id")


@dataclass
class QueueFacets:
    """The filter choices of the queue, each with the number of submitted annotations it holds."""

    total: int = 0
    articles: list[tuple[int, str, int]] = field(default_factory=list)
    reviewers: list[tuple[int, str, int]] = field(default_factory=list)
    kinds: list[tuple[str, str, int]] = field(default_factory=list)
    tags: list[tuple[int, str, int]] = field(default_factory=list)


def annotation_queue_facets(*, user: AbstractBaseUser, memberships: list[Membership]) -> QueueFacets:
    """Return the queue's filter choices with their counts. Four queries."""
    workspace_ids = [membership.workspace_id for membership in memberships]
    queue = Annotation.objects.filter(_queued(user=user, memberships=memberships))
    facets = QueueFacets()
    facets.articles = [
        (row["article_id"], row["article__title"], row["n"])
        for row in queue.order_by("article__title", "article_id")
        .values("article_id", "article__title")
        .annotate(n=Count("pk"))
    ]
    facets.reviewers = [
        (row["author_id"], row["author__username"], row["n"])
        for row in queue.order_by("author__username", "author_id")
        .values("author_id", "author__username")
        .annotate(n=Count("pk"))
    ]
    counts = queue.aggregate(
        total=Count("pk"),
        **{kind: Count("pk", filter=_kind_condition(kind)) for kind, _ in Kind.choices},
    )
    facets.total = counts["total"]
    facets.kinds = [(kind, label, counts[kind]) for kind, label in Kind.choices if counts[kind]]
    labels = (
        Label.objects.filter(workspace_id__in=workspace_ids)
        .annotate(n=Count("annotations", filter=Q(annotations__in=queue)))
        .filter(n__gt=0)
        .select_related("workspace")
        .order_by("ordinal", "name", "workspace__name")
    )
    several = len(workspace_ids) > 1
    facets.tags = [
        (label.pk, f"{label.name} ({label.workspace.name})" if several else label.name, label.n) for label in labels
    ]
    return facets


def annotation_get_for_user(*, user: AbstractBaseUser, pk: int) -> tuple[Annotation, Membership]:
    """Return the annotation, with its context, and the user's membership in its workspace.

    Raise Http404 for non-members and for what the member may not read (someone else's
    draft; unapproved work for a fact-checker), the same 404 as for an id that does not exist.
    """
    membership = access.membership_for_annotation(user=user, annotation_id=pk)
    if membership is None:
        raise Http404("No such annotation.")
    visible = annotation_visible_to(user=user, membership=membership)
    annotation = _with_context(_annotation_base().filter(visible, pk=pk)).first()
    if annotation is None:
        raise Http404("No such annotation.")
    return annotation, membership


@dataclass(frozen=True)
class TimelineEntry:
    """One readable step of an annotation's history."""

    when: datetime
    actor: str
    text: str
    kind: str
    comment: str = ""
    link: str = ""


def _event_entry(event: AuditEvent) -> TimelineEntry | None:
    who = event.actor.get_username() if event.actor_id else "Axis"
    after, before = event.after or {}, event.before or {}
    version = after.get("version")
    match event.action:
        case "annotation.create":
            text, kind = "created the annotation (version 1)", "create"
        case "annotation.submit":
            text = f"submitted version {version} for review" if version else "submitted it for review"
            kind = "submit"
            if before.get("state") == AnnotationState.CHANGES_REQUESTED:
                text = f"resubmitted it for review as version {version}" if version else "resubmitted it for review"
        case "annotation.update":
            text, kind = f"edited it, making version {version}", "update"
            if before.get("state") == AnnotationState.APPROVED:
                text += "; it went back for review, and exports keep the approved version until then"
        case "evidence.attach":
            label = after.get("title") or after.get("url", "")
            text, kind = f"attached evidence ({after.get('stance', 'context')}): {label}", "evidence"
            return TimelineEntry(event.created, who, text, kind, link=after.get("url", ""))
        case "annotation.decide" | "decision.approve" | "decision.reject" | "decision.request_changes":
            # Told from the ReviewDecision rows, which carry the comment.
            return None
        case _:
            text, kind = f"{event.action.replace('.', ' ').replace('_', ' ')}", "other"
    return TimelineEntry(event.created, who, text, kind)


_DECISION_TEXT = {
    ReviewDecision.Decision.APPROVE: "approved version {v}",
    ReviewDecision.Decision.REJECT: "rejected version {v}",
    ReviewDecision.Decision.REQUEST_CHANGES: "sent version {v} back for changes",
}


def annotation_timeline(*, annotation: Annotation) -> list[TimelineEntry]:
    """Return the annotation's history, oldest first, from its audit events and review decisions.

    Two queries: the decisions with their editors, the audit events with their actors.
    Reads the annotation's evidence: prefetch it.
    """
    decisions = list(ReviewDecision.objects.filter(annotation=annotation).select_related("editor"))
    evidence_ids = [str(e.pk) for e in annotation.evidence.all()]
    events = (
        AuditEvent.objects.filter(
            Q(object_type="annotation", object_id=str(annotation.pk))
            | Q(object_type="evidence", object_id__in=evidence_ids)
        )
        .select_related("actor")
        .order_by("created", "id")
    )
    entries = [entry for entry in map(_event_entry, events) if entry is not None]
    entries += [
        TimelineEntry(
            d.created,
            d.editor.get_username(),
            _DECISION_TEXT[d.decision].format(v=d.annotation_version),
            d.decision,
            comment=d.comment,
        )
        for d in decisions
    ]
    # Evidence given at creation is recorded a moment before the annotation itself; creation reads first.
    return sorted(entries, key=lambda entry: (entry.kind != "create", entry.when))


def _quoted(text: str | None) -> str:
    return f"“{Truncator(text).chars(200)}”" if text else "none"


def _update_changes(before: dict, after: dict) -> list[str]:
    """Return what an edit changed, read from its audit event's two payloads."""
    lines = []
    if before.get("note") != after.get("note"):
        lines.append(f"Note: {_quoted(before.get('note'))} → {_quoted(after.get('note'))}")
    added = sorted(set(after.get("tags") or []) - set(before.get("tags") or []))
    removed = sorted(set(before.get("tags") or []) - set(after.get("tags") or []))
    if added or removed:
        parts = [f"{verb} {', '.join(names)}" for verb, names in (("added", added), ("removed", removed)) if names]
        lines.append(f"Tags: {'; '.join(parts)}")
    if before.get("verdict") != after.get("verdict"):
        lines.append(f"Verdict: {before.get('verdict') or 'none'} → {after.get('verdict') or 'none'}")
    return lines


def annotation_changes_since(*, annotation: Annotation, version: int) -> list[str]:
    """Return, oldest first, what changed in the annotation after `version`, told from its audit events.

    One query: the edits made on `version` or later and the evidence that made a newer version.
    """
    events = AuditEvent.objects.filter(
        Q(object_type="annotation", object_id=str(annotation.pk), action="annotation.update",
          before__version__gte=version)
        | Q(object_type="evidence", action="evidence.attach", after__annotation_id=annotation.pk,
            after__annotation_version__gt=version)
    ).order_by("created", "id")
    lines = []
    for event in events:
        after = event.after or {}
        if event.action == "evidence.attach":
            label = after.get("title") or after.get("url", "")
            lines.append(f"Evidence attached ({after.get('stance', 'context')}): {label}")
        else:
            lines += _update_changes(event.before or {}, after)
    return lines


def annotation_list_sent_back(*, user: AbstractBaseUser) -> list[Annotation]:
    """Return the user's annotations sent back for changes or recently rejected, with the decision.

    Each carries its latest decision's comment, editor and time (`decision_comment`,
    `decision_editor`, `decision_at`), read in a second query when there is any: on most
    article lists there is none, and one plain query costs less than a query with subqueries.
    """
    since = timezone.now() - timedelta(days=REJECTED_NOTICE_DAYS)
    annotations = list(
        Annotation.objects.filter(author=user)
        .filter(Q(state=AnnotationState.CHANGES_REQUESTED) | Q(state=AnnotationState.REJECTED, updated__gte=since))
        .select_related("article", "claim", "quote")
        .only("id", "state", "version", "exact", "updated", "article__title", "claim__text", "quote__text")
        .order_by("-updated", "-id")[:20]
    )
    if annotations:
        latest = (ReviewDecision.objects.filter(annotation__in=annotations).select_related("editor")
                  .order_by("annotation_id", "-created", "-id").distinct("annotation_id"))
        decisions = {decision.annotation_id: decision for decision in latest}
        for annotation in annotations:
            decision = decisions.get(annotation.pk)
            annotation.decision_comment = decision.comment if decision else None
            annotation.decision_editor = decision.editor.get_username() if decision else None
            annotation.decision_at = decision.created if decision else None
    return annotations


def audit_event_list(
    *,
    user: AbstractBaseUser,
    workspace_ids: list[int],
    action: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Return the workspaces' audit events the user may read, newest first; `actor` is a user id or "none"."""
    queryset = audit_events_visible(AuditEvent.objects.filter(workspace_id__in=workspace_ids), user=user)
    queryset = queryset.select_related("actor", "workspace")
    if action:
        queryset = queryset.filter(action=action)
    if actor == "none":
        queryset = queryset.filter(actor__isnull=True)
    elif actor:
        queryset = queryset.filter(actor_id=actor)
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if date_from:
        queryset = queryset.filter(created__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(created__date__lte=date_to)
    return queryset.order_by("-created", "-id")


@dataclass
class AuditFilterOptions:
    actions: list[str]
    object_types: list[str]
    actors: list[tuple[int, str]]


def audit_filter_options(*, user: AbstractBaseUser, workspace_ids: list[int]) -> AuditFilterOptions:
    """Return the actions, object types and actors found in the trail the user reads. Three queries."""
    events = audit_events_visible(AuditEvent.objects.filter(workspace_id__in=workspace_ids), user=user).order_by()
    User = get_user_model()
    actors = (
        User.objects.filter(pk__in=events.filter(actor__isnull=False).values("actor_id"))
        .order_by(User.USERNAME_FIELD)
        .values_list("pk", User.USERNAME_FIELD)
    )
    return AuditFilterOptions(
        actions=list(events.values_list("action", flat=True).distinct().order_by("action")),
        object_types=list(events.values_list("object_type", flat=True).distinct().order_by("object_type")),
        actors=list(actors),
    )


def audit_event_changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """Return (field, before, after) for each value the event changed or set."""
    before, after = event.before or {}, event.after or {}
    keys = list(after) + [key for key in before if key not in after]
    return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


def audit_event_annotation_id(event: AuditEvent) -> int | None:
    """Return the id of the annotation the event is about, when it is about one."""
    if event.object_type == "annotation":
        return int(event.object_id)
    if event.object_type in ("evidence", "reviewdecision"):
        return (event.after or {}).get("annotation_id")
    return None


def annotation_queue_size(*, user: AbstractBaseUser, memberships: list[Membership]) -> int:
    """Return how many annotations the user may review await review in the workspaces of the memberships
    where they review. No query when they review nowhere."""
    reviewing = [membership for membership in memberships if access.allows(membership, Role.REVIEWING)]
    if not reviewing:
        return 0
    return Annotation.objects.filter(_queued(user=user, memberships=reviewing)).count()
