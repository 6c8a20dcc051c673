"""Annotations and their review: the workflow rules of Axis live here and only here."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from annotations import access
from annotations.graphemes import grapheme_ceil, grapheme_floor, grapheme_snap
from annotations.limits import annotation_limits_check
from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    Claim,
    Decision,
    Evidence,
    Quote,
    Rating,
    ReviewDecision,
    Role,
    Stance,
)
from annotations.services.audit import audit_event, audit_events_write, audit_record, audit_snapshot
from annotations.services.bulk import copy_rows
from annotations.services.corrections import correction_apply, correction_data_clean

NOT_A_MEMBER = access.NOT_A_MEMBER
CANNOT_ANNOTATE = "Fact-checkers read and export; only reviewers, editors and admins annotate."
NOT_YOURS = "Only the author of an annotation can change or submit it."
ONLY_EDITORS_DECIDE = "Only an editor or admin can approve, reject or request changes."
OWN_ANNOTATION = "Nobody approves or rejects their own annotation."
COMMENT_REQUIRED = "Say why: a comment is required to reject or request changes."
ALREADY_DECIDED = "This annotation was already decided by someone else; reload to see the decision."
CHANGED_SINCE_READ = (
    "{author} changed this annotation after you opened it (now version {current}; you read version {read}). "
    "Read the new version, then decide."
)
VERSION_NOT_READ = (
    "There is no version {read} of this annotation; the latest is version {current}. Read it, then decide."
)
STALE_VERSION = "Someone saved a newer version of this annotation; your text is kept below."
CANNOT_EDIT_REJECTED = "A rejected annotation is closed; start a new one."
ONLY_HTTP = "Only http:// and https:// links are accepted."
SPAN_OUTSIDE = "The selection lies outside the article's text."
SPAN_EMPTY = "Select some text first."
EMPTY_ANNOTATION = "Add a tag, a verdict, a note or a correction."
FOREIGN_CHOICE = "That choice does not belong to this workspace."

QUOTE_CONTEXT = 32

# (state, action) -> new state. Every other move is refused.
TRANSITIONS = {
    (AnnotationState.DRAFT, "submit"): AnnotationState.SUBMITTED,
    (AnnotationState.CHANGES_REQUESTED, "submit"): AnnotationState.SUBMITTED,
    (AnnotationState.SUBMITTED, Decision.APPROVE): AnnotationState.APPROVED,
    (AnnotationState.SUBMITTED, Decision.REJECT): AnnotationState.REJECTED,
    (AnnotationState.SUBMITTED, Decision.REQUEST_CHANGES): AnnotationState.CHANGES_REQUESTED,
}


class VersionConflict(ValidationError):
    """A save or a decision against an outdated version; carries the newer annotation."""

    def __init__(self, current: Annotation, message: str = STALE_VERSION):
        super().__init__({"version": message}, code="conflict")
        self.current = current


def _decision_conflict(current: Annotation, read: int) -> VersionConflict:
    """Return the refusal of a decision on `read`, saying who changed the annotation since (one query)."""
    if read > current.version:
        return VersionConflict(current, VERSION_NOT_READ.format(read=read, current=current.version))
    # Only the author changes an annotation's content, so the author made every version since.
    author = current.author.get_username()
    return VersionConflict(current, CHANGED_SINCE_READ.format(author=author, current=current.version, read=read))


def annotation_payload(annotation: Annotation, *, tags=None, evidence=None) -> dict:
    """Return what an annotation says (not who or when), as exports show it.

    Reads tags, verdict and evidence: prefetch them when calling this in a loop, or
    give the `tags` and `evidence` the caller already holds (a bulk create).
    """
    tags = annotation.tags.all() if tags is None else tags
    evidence = annotation.evidence.all() if evidence is None else evidence
    return {
        "tags": sorted(label.name for label in tags),
        "verdict": annotation.verdict.name if annotation.verdict_id else None,
        "verdict_value": annotation.verdict.value if annotation.verdict_id else None,
        "note": annotation.note,
        "correction": annotation.correction,
        "correction_data": annotation.correction_data,
        "evidence": [
            {"url": e.url, "title": e.title, "publisher": e.publisher, "stance": e.stance}
            for e in evidence
        ],
    }


def _check_choices(*, workspace_id: int, tags, verdict) -> None:
    if verdict is not None and verdict.workspace_id != workspace_id:
        raise ValidationError({"verdict": FOREIGN_CHOICE})
    if any(label.workspace_id != workspace_id for label in tags):
        raise ValidationError({"tags": FOREIGN_CHOICE})


def _check_content(*, tags, verdict, note: str, correction: str, has_evidence: bool = False) -> None:
    annotation_limits_check(note=note, tags=tags)
    if not (tags or verdict or note.strip() or correction or has_evidence):
        raise ValidationError({"note": EMPTY_ANNOTATION})


def _span_fields(text: str, start: int | None, end: int | None) -> dict:
    """Return start, end, exact, prefix and suffix of a span of `text`, or raise naming `start`.

    Every way in passes here (page, API, imports, corrections): the span is moved outward to
    grapheme boundaries, so none stores half a character, and its context holds whole ones.
    """
    if start is None or end is None or start == end:
        raise ValidationError({"start": SPAN_EMPTY})
    if not (0 <= start < end <= len(text)):
        raise ValidationError({"start": SPAN_OUTSIDE})
    start, end = grapheme_snap(text, start, end)
    return {
        "start": start, "end": end, "exact": text[start:end],
        "prefix": text[grapheme_ceil(text, max(0, start - QUOTE_CONTEXT)) : start],
        "suffix": text[end : grapheme_floor(text, end + QUOTE_CONTEXT)],
    }


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    by: AbstractBaseUser,
    claim: Claim | None = None,
    quote: Quote | None = None,
    start: int | None = None,
    end: int | None = None,
    tags=(),
    verdict: Rating | None = None,
    note: str = "",
    correction: str = "",
    correction_data: dict | None = None,
    evidence: list[dict] = (),
) -> Annotation:
    """Create a draft annotation on a claim, a quote or a span of the article.

    A span's start and end move outward to grapheme cluster boundaries (annotations.graphemes).
    `evidence` is a list of evidence_attach arguments (url, title, publisher, stance).
    """
    access.membership_check(user=by, workspace_id=article.workspace_id, may=Role.ANNOTATING,
                            field="workspace", message=CANNOT_ANNOTATE)
    tags = list(tags)
    _check_choices(workspace_id=article.workspace_id, tags=tags, verdict=verdict)
    _check_content(tags=tags, verdict=verdict, note=note, correction=correction, has_evidence=bool(evidence))
    annotation_limits_check(evidence_count=len(evidence))
    annotation = Annotation(
        article=article, claim=claim, quote=quote, author=by, verdict=verdict, note=note,
        correction=correction, correction_data=correction_data or {},
    )
    if (claim is not None and claim.article_id != article.pk) or (quote is not None and quote.article_id != article.pk):
        raise ValidationError({"target": "That claim or quote belongs to another article."})
    if claim is None and quote is None:
        for name, value in _span_fields(article.clean_text, start, end).items():
            setattr(annotation, name, value)
    annotation.correction_data = correction_data_clean(
        correction=correction, data=correction_data or {}, article=article, claim=claim, quote=quote,
        start=annotation.start, end=annotation.end)
    annotation.full_clean(exclude=["tags"])
    annotation.save()
    annotation.tags.set(tags)
    for item in evidence:
        evidence_attach(annotation=annotation, by=by, **item)
    audit_record(workspace=article.workspace, actor=by, action="annotation.create", obj=annotation,
                 after=annotation_payload(annotation) | {"state": annotation.state})
    return annotation


@dataclass
class SpanDraft:
    """One span annotation checked for a bulk create and not stored yet: its row, tags and evidence rows."""

    annotation: Annotation
    tags: list
    evidence: list[Evidence]


def _evidence_row(*, annotation: Annotation, url: str, title: str = "", publisher: str = "",
                  stance: str = Stance.CONTEXT) -> Evidence:
    """Check one evidence link of a new annotation as evidence_attach does, without a query."""
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": ONLY_HTTP})
    evidence = Evidence(annotation=annotation, url=url, title=title, publisher=publisher, stance=stance)
    # full_clean less its constraint queries: the columns' widths, the URL's form and the stance here,
    # and the table's CheckConstraints when the row is inserted.
    evidence.clean_fields(exclude=["annotation"])
    return evidence


def annotation_span_prepare(
    *,
    article: Article,
    by: AbstractBaseUser,
    start: int | None,
    end: int | None,
    tags=(),
    verdict: Rating | None = None,
    note: str = "",
    evidence: list[dict] = (),
) -> SpanDraft:
    """Check one span annotation as annotation_create does, in Python alone, and return it unsaved.

    The same rules in the same order, so a refusal names the same field with the same message:
    the workspace's own tags and verdict, the limits, something to keep, a span inside the text
    (moved outward to grapheme boundaries), each evidence link. The caller checks the membership
    once for the batch (annotations_create_many); the database's constraints and span trigger
    still refuse a row that gets past this.
    """
    tags = list(tags)
    evidence = list(evidence)
    _check_choices(workspace_id=article.workspace_id, tags=tags, verdict=verdict)
    _check_content(tags=tags, verdict=verdict, note=note, correction="", has_evidence=bool(evidence))
    annotation_limits_check(evidence_count=len(evidence))
    annotation = Annotation(article=article, author=by, verdict=verdict, note=note,
                            **_span_fields(article.clean_text, start, end))
    # full_clean less the queries (foreign keys that exist, CheckConstraints the insert checks again).
    annotation.clean_fields(exclude=["article", "claim", "quote", "author", "verdict"])
    rows = [_evidence_row(annotation=annotation, **item) for item in evidence]
    # Each label once, as annotation.tags.set() stores them.
    return SpanDraft(annotation=annotation, tags=list({label.pk: label for label in tags}.values()), evidence=rows)


# Rows per INSERT of a bulk create: a request of MAX_IMPORT annotations makes a few statements, not thousands.
BULK_BATCH = 1000


def annotation_spans_insert(*, article: Article, by: AbstractBaseUser, drafts: list[SpanDraft]) -> list[Annotation]:
    """Store checked drafts with batched inserts (annotations, evidence) and COPY (their tags, the audit events).

    Writes the events annotation_create and evidence_attach write, one per row, so each annotation
    and link is in the audit trail as if created one by one. Call it in a transaction, after checking
    the membership of `by` (annotations_create_many, webannotation_import): it checks nothing itself.
    """
    if not drafts:
        return []
    annotations = Annotation.objects.bulk_create([d.annotation for d in drafts], batch_size=BULK_BATCH)
    copy_rows(Annotation.tags.through, ("annotation", "label"),
              ((d.annotation.pk, label.pk) for d in drafts for label in d.tags))
    Evidence.objects.bulk_create([e for d in drafts for e in d.evidence], batch_size=BULK_BATCH)
    events = []
    for draft in drafts:
        annotation = draft.annotation
        events.extend(audit_event(workspace_id=article.workspace_id, actor=by, action="evidence.attach", obj=e,
                                  after=audit_snapshot(e)) for e in draft.evidence)
        events.append(audit_event(
            workspace_id=article.workspace_id, actor=by, action="annotation.create", obj=annotation,
            after=annotation_payload(annotation, tags=draft.tags, evidence=draft.evidence) | {"state": annotation.state}))
    audit_events_write(events)
    return annotations


@transaction.atomic
def annotations_create_many(
    *, article: Article, by: AbstractBaseUser, items: list[dict]
) -> list[Annotation | ValidationError]:
    """Create a draft span annotation for each item (annotation_span_prepare's arguments) in a fixed number of queries.

    Return, in the items' order, the new annotation or why that one was refused; the others are
    created. The membership is checked once; each item is checked in Python (annotation_span_prepare)
    and the rows go in with batched inserts.
    """
    access.membership_check(user=by, workspace_id=article.workspace_id, may=Role.ANNOTATING,
                            field="workspace", message=CANNOT_ANNOTATE)
    outcomes, drafts = [], []
    for item in items:
        try:
            draft = annotation_span_prepare(article=article, by=by, **item)
        except ValidationError as error:
            outcomes.append(error)
            continue
        drafts.append(draft)
        outcomes.append(draft.annotation)
    annotation_spans_insert(article=article, by=by, drafts=drafts)
    return outcomes


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    by: AbstractBaseUser,
    version: int,
    tags=(),
    verdict: Rating | None = None,
    note: str = "",
) -> Annotation:
    """Save the author's edit made on `version`; a newer version raises VersionConflict.

    An approved annotation that is edited goes back to review; its approved
    snapshot stays what exports show until the new version is approved.
    """
    if annotation.author_id != by.pk:
        raise ValidationError({"author": NOT_YOURS})
    # The state as stored, locked: the caller's copy may predate a decision, and writing its state
    # back would undo a rejection or a send-back.
    stored = Annotation.objects.select_for_update().values_list("state", flat=True).get(pk=annotation.pk)
    if stored == AnnotationState.REJECTED:
        raise ValidationError({"state": CANNOT_EDIT_REJECTED})
    tags = list(tags)
    _check_choices(workspace_id=annotation.article.workspace_id, tags=tags, verdict=verdict)
    _check_content(tags=tags, verdict=verdict, note=note, correction=annotation.correction,
                   has_evidence=annotation.evidence.exists())
    before = annotation_payload(annotation) | {"state": stored, "version": annotation.version}
    state = AnnotationState.SUBMITTED if stored == AnnotationState.APPROVED else stored
    # Optimistic lock: the row changes only if nobody saved since `version` was read.
    updated = Annotation.objects.filter(pk=annotation.pk, version=version).update(
        verdict=verdict, note=note, state=state, version=models.F("version") + 1, updated=timezone.now()
    )
    if not updated:
        raise VersionConflict(Annotation.objects.select_related("verdict").get(pk=annotation.pk))
    annotation.refresh_from_db()
    annotation.tags.set(tags)
    audit_record(workspace=annotation.article.workspace, actor=by, action="annotation.update", obj=annotation,
                 before=before,
                 after=annotation_payload(annotation) | {"state": annotation.state, "version": annotation.version})
    return annotation


@transaction.atomic
def evidence_attach(
    *, annotation: Annotation, by: AbstractBaseUser, url: str, title: str = "", publisher: str = "",
    stance: str = Stance.CONTEXT,
) -> Evidence:
    """Attach an evidence source to the author's annotation; a submitted or approved one gets a new version."""
    if annotation.author_id != by.pk:
        raise ValidationError({"author": NOT_YOURS})
    # The state as it is now, locked: the caller's copy may predate a decision taken meanwhile.
    state = Annotation.objects.select_for_update().values_list("state", flat=True).get(pk=annotation.pk)
    if state == AnnotationState.REJECTED:
        raise ValidationError({"state": CANNOT_EDIT_REJECTED})
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": ONLY_HTTP})
    evidence = Evidence(annotation=annotation, url=url, title=title, publisher=publisher, stance=stance)
    evidence.full_clean()
    annotation_limits_check(evidence_count=annotation.evidence.count() + 1)
    evidence.save()
    after = audit_snapshot(evidence)
    if state in (AnnotationState.SUBMITTED, AnnotationState.APPROVED):
        # What an editor may be reading changed: a new version, so a decision on the old one is refused,
        # and an approved annotation goes back for review.
        Annotation.objects.filter(pk=annotation.pk).update(state=AnnotationState.SUBMITTED,
                                                           version=models.F("version") + 1)
        # The version this evidence made, for telling an editor what changed since the version they read.
        after["annotation_version"] = Annotation.objects.values_list("version", flat=True).get(pk=annotation.pk)
    audit_record(workspace=annotation.article.workspace, actor=by, action="evidence.attach", obj=evidence,
                 after=after)
    return evidence


@transaction.atomic
def annotation_submit(*, annotation: Annotation, by: AbstractBaseUser) -> Annotation:
    """Send the author's draft (or sent-back) annotation to the editors."""
    annotation = Annotation.objects.select_for_update().select_related("article__workspace").get(pk=annotation.pk)
    if annotation.author_id != by.pk:
        raise ValidationError({"author": NOT_YOURS})
    new_state = TRANSITIONS.get((annotation.state, "submit"))
    if new_state is None:
        raise ValidationError({"state": f"A {annotation.get_state_display().lower()} annotation cannot be submitted."})
    before = annotation.state
    annotation.state = new_state
    fields = ["state", "updated"]
    if ReviewDecision.objects.filter(annotation=annotation, annotation_version=annotation.version).exists():
        # Sent back and resubmitted without an edit (evidence alone makes no version then): one decision
        # per version, so the resubmission is a version of its own for the editors to decide on.
        annotation.version += 1
        fields.append("version")
    annotation.save(update_fields=fields)
    audit_record(workspace=annotation.article.workspace, actor=by, action="annotation.submit", obj=annotation,
                 before={"state": before}, after={"state": new_state, "version": annotation.version})
    return annotation


@transaction.atomic
def annotation_decide(
    *, annotation: Annotation, by: AbstractBaseUser, decision: str, version: int, comment: str = ""
) -> ReviewDecision:
    """Record an editor's decision on a submitted annotation: the one place this rule lives.

    `version` is the version the editor read, and every caller must give it: any other
    version is refused with VersionConflict, so nobody approves words they have not seen.
    """
    # Two editors deciding at once: the row lock makes the second wait, then see the first's decision.
    annotation = Annotation.objects.select_for_update().select_related("article__workspace").get(pk=annotation.pk)
    access.membership_check(user=by, workspace_id=annotation.article.workspace_id, may=Role.REVIEWING,
                            field="decision", message=ONLY_EDITORS_DECIDE)
    if annotation.author_id == by.pk:
        raise ValidationError({"decision": OWN_ANNOTATION})
    if decision not in Decision.values:
        raise ValidationError({"decision": f"Choose one of: {', '.join(Decision.values)}."})
    if decision != Decision.APPROVE and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    if version != annotation.version:
        raise _decision_conflict(annotation, version)
    new_state = TRANSITIONS.get((annotation.state, decision))
    if new_state is None:
        if annotation.state in (AnnotationState.APPROVED, AnnotationState.REJECTED,
                                AnnotationState.CHANGES_REQUESTED):
            raise ValidationError({"state": ALREADY_DECIDED})
        raise ValidationError({"state": f"A {annotation.get_state_display().lower()} annotation cannot be decided."})
    try:
        with transaction.atomic():
            review = ReviewDecision.objects.create(
                annotation=annotation, annotation_version=annotation.version, editor=by,
                decision=decision, comment=comment.strip(),
            )
    except IntegrityError:
        raise ValidationError({"state": ALREADY_DECIDED}) from None
    before = annotation.state
    annotation.state = new_state
    fields = ["state", "updated"]
    if new_state == AnnotationState.APPROVED:
        annotation.approved_snapshot = annotation_payload(annotation) | {"version": annotation.version}
        fields.append("approved_snapshot")
        # A refused correction (say, a split point that no longer fits) rolls the approval back with it.
        correction_apply(annotation=annotation, by=by)
    annotation.save(update_fields=fields)
    workspace = annotation.article.workspace
    audit_record(workspace=workspace, actor=by, action=f"decision.{decision}", obj=review,
                 after=audit_snapshot(review))
    audit_record(workspace=workspace, actor=by, action="annotation.decide", obj=annotation,
                 before={"state": before}, after={"state": new_state, "version": annotation.version})
    return review


@dataclass(frozen=True)
class BulkOutcome:
    """What became of one annotation of a bulk approval: its decision, or the refusal."""

    annotation: Annotation
    version: int
    decision: ReviewDecision | None = None
    error: ValidationError | None = None


@transaction.atomic
def annotation_approve_many(*, items: list[tuple[Annotation, int]], by: AbstractBaseUser) -> list[BulkOutcome]:
    """Approve each (annotation, version read) through `annotation_decide`; return each one's outcome.

    The items do not depend on one another, so a refusal (the editor's own work, a
    newer version, a correction that no longer fits) refuses that item only: its
    savepoint is rolled back and the others are approved. Anything but a refusal
    rolls back the whole batch, so a bulk approval never stops halfway.
    """
    outcomes = []
    for annotation, version in items:
        try:
            review = annotation_decide(annotation=annotation, by=by, decision=Decision.APPROVE, version=version)
        except ValidationError as exc:
            outcomes.append(BulkOutcome(annotation, version, error=exc))
        else:
            outcomes.append(BulkOutcome(annotation, version, decision=review))
    return outcomes
