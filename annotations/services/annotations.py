"""Annotations and their review: the workflow rules of Axis live here and only here."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    Claim,
    Decision,
    Evidence,
    Membership,
    Quote,
    Rating,
    ReviewDecision,
    Stance,
)
from annotations.services.audit import audit_record, audit_snapshot
from annotations.services.corrections import correction_apply, correction_data_clean

NOT_A_MEMBER = "You are not a member of this workspace."
CANNOT_ANNOTATE = "Fact-checkers read and export; only reviewers, editors and admins annotate."
NOT_YOURS = "Only the author of an annotation can change or submit it."
ONLY_EDITORS_DECIDE = "Only an editor or admin can approve, reject or request changes."
OWN_ANNOTATION = "Nobody approves or rejects their own annotation."
COMMENT_REQUIRED = "Say why: a comment is required to reject or request changes."
ALREADY_DECIDED = "This annotation was already decided by someone else; reload to see the decision."
CHANGED_SINCE_READ = "The reviewer changed this annotation since you read it; look at the new version first."
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
    """A save against an outdated version; carries the newer annotation."""

    def __init__(self, current: Annotation):
        super().__init__({"version": STALE_VERSION}, code="conflict")
        self.current = current


def _membership(*, workspace_id: int, user: AbstractBaseUser) -> Membership:
    membership = Membership.objects.filter(workspace_id=workspace_id, user=user).first()
    if membership is None:
        raise ValidationError({"workspace": NOT_A_MEMBER})
    return membership


def annotation_payload(annotation: Annotation) -> dict:
    """Return what an annotation says (not who or when), as exports show it.

    Reads tags, verdict and evidence: prefetch them when calling this in a loop.
    """
    return {
        "tags": sorted(label.name for label in annotation.tags.all()),
        "verdict": annotation.verdict.name if annotation.verdict_id else None,
        "verdict_value": annotation.verdict.value if annotation.verdict_id else None,
        "note": annotation.note,
        "correction": annotation.correction,
        "correction_data": annotation.correction_data,
        "evidence": [
            {"url": e.url, "title": e.title, "publisher": e.publisher, "stance": e.stance}
            for e in annotation.evidence.all()
        ],
    }


def _check_choices(*, workspace_id: int, tags, verdict) -> None:
    if verdict is not None and verdict.workspace_id != workspace_id:
        raise ValidationError({"verdict": FOREIGN_CHOICE})
    if any(label.workspace_id != workspace_id for label in tags):
        raise ValidationError({"tags": FOREIGN_CHOICE})


def _check_content(*, tags, verdict, note: str, correction: str, has_evidence: bool = False) -> None:
    if not (tags or verdict or note.strip() or correction or has_evidence):
        raise ValidationError({"note": EMPTY_ANNOTATION})


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

    `evidence` is a list of evidence_attach arguments (url, title, publisher, stance).
    """
    membership = _membership(workspace_id=article.workspace_id, user=by)
    if not membership.can_annotate():
        raise ValidationError({"workspace": CANNOT_ANNOTATE})
    tags = list(tags)
    _check_choices(workspace_id=article.workspace_id, tags=tags, verdict=verdict)
    _check_content(tags=tags, verdict=verdict, note=note, correction=correction, has_evidence=bool(evidence))
    annotation = Annotation(
        article=article, claim=claim, quote=quote, author=by, verdict=verdict, note=note,
        correction=correction, correction_data=correction_data or {},
    )
    if (claim is not None and claim.article_id != article.pk) or (quote is not None and quote.article_id != article.pk):
        raise ValidationError({"target": "That claim or quote belongs to another article."})
    if claim is None and quote is None:
        text = article.clean_text
        if start is None or end is None or start == end:
            raise ValidationError({"start": SPAN_EMPTY})
        if not (0 <= start < end <= len(text)):
            raise ValidationError({"start": SPAN_OUTSIDE})
        annotation.start, annotation.end = start, end
        annotation.exact = text[start:end]
        annotation.prefix = text[max(0, start - QUOTE_CONTEXT) : start]
        annotation.suffix = text[end : end + QUOTE_CONTEXT]
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
    if annotation.state == AnnotationState.REJECTED:
        raise ValidationError({"state": CANNOT_EDIT_REJECTED})
    tags = list(tags)
    _check_choices(workspace_id=annotation.article.workspace_id, tags=tags, verdict=verdict)
    _check_content(tags=tags, verdict=verdict, note=note, correction=annotation.correction,
                   has_evidence=annotation.evidence.exists())
    before = annotation_payload(annotation) | {"state": annotation.state, "version": annotation.version}
    state = AnnotationState.SUBMITTED if annotation.state == AnnotationState.APPROVED else annotation.state
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
    """Attach an evidence source to the author's annotation."""
    if annotation.author_id != by.pk:
        raise ValidationError({"author": NOT_YOURS})
    if annotation.state == AnnotationState.REJECTED:
        raise ValidationError({"state": CANNOT_EDIT_REJECTED})
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": ONLY_HTTP})
    evidence = Evidence(annotation=annotation, url=url, title=title, publisher=publisher, stance=stance)
    evidence.full_clean()
    evidence.save()
    if annotation.state == AnnotationState.APPROVED:
        Annotation.objects.filter(pk=annotation.pk).update(state=AnnotationState.SUBMITTED,
                                                           version=models.F("version") + 1)
    audit_record(workspace=annotation.article.workspace, actor=by, action="evidence.attach", obj=evidence,
                 after=audit_snapshot(evidence))
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
    annotation.save(update_fields=["state", "updated"])
    audit_record(workspace=annotation.article.workspace, actor=by, action="annotation.submit", obj=annotation,
                 before={"state": before}, after={"state": new_state, "version": annotation.version})
    return annotation


@transaction.atomic
def annotation_decide(
    *, annotation: Annotation, by: AbstractBaseUser, decision: str, comment: str = "", version: int | None = None
) -> ReviewDecision:
    """Record an editor's decision on a submitted annotation: the one place this rule lives.

    `version` is the version the editor read; a newer one is refused, so nobody approves
    words they have not seen.
    """
    # Two editors deciding at once: the row lock makes the second wait, then see the first's decision.
    annotation = Annotation.objects.select_for_update().select_related("article__workspace").get(pk=annotation.pk)
    membership = _membership(workspace_id=annotation.article.workspace_id, user=by)
    if not membership.can_review():
        raise ValidationError({"decision": ONLY_EDITORS_DECIDE})
    if annotation.author_id == by.pk:
        raise ValidationError({"decision": OWN_ANNOTATION})
    if decision not in Decision.values:
        raise ValidationError({"decision": f"Choose one of: {', '.join(Decision.values)}."})
    if decision != Decision.APPROVE and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    if version is not None and version != annotation.version:
        raise ValidationError({"version": CHANGED_SINCE_READ})
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


def annotation_approve_many(
    *, annotations, by: AbstractBaseUser
) -> tuple[list[ReviewDecision], list[tuple[Annotation, list[str]]]]:
    """Approve each annotation through `annotation_decide`; return (decisions, skipped with reasons).

    Each approval is its own transaction, so one refusal (say, the editor's own
    annotation) skips that item and leaves the others approved.
    """
    decisions, skipped = [], []
    for annotation in annotations:
        try:
            decisions.append(annotation_decide(annotation=annotation, by=by, decision=Decision.APPROVE))
        except ValidationError as exc:
            skipped.append((annotation, exc.messages))
    return decisions, skipped
