"""Apply an approved correction of the machine to the article's claims, quotes and sources.

A correction is an annotation like any other until an editor approves it;
only then does it change what the machine found.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from annotations.models import Annotation, Claim, CorrectionKind, Origin, Quote, QuoteState, Source
from annotations.services.audit import audit_record, audit_snapshot

SPLIT_OUTSIDE = "The split point must fall inside the claim, between two words."
NO_NEXT_CLAIM = "This is the article's last claim: there is nothing to merge it with."
QUOTE_EXISTS = "That text is already a quote."


def correction_apply(*, annotation: Annotation, by: AbstractBaseUser) -> None:
    """Make the approved correction real; call inside the approval's transaction."""
    apply = {
        CorrectionKind.SPEAKER: _change_speaker,
        CorrectionKind.NOT_A_QUOTE: _reject_quote,
        CorrectionKind.MISSED_QUOTE: _add_quote,
        CorrectionKind.SPLIT_CLAIM: _split_claim,
        CorrectionKind.MERGE_CLAIMS: _merge_claims,
    }.get(annotation.correction)
    if apply is not None:
        apply(annotation, by)


def _source(annotation: Annotation) -> Source:
    """Return the source the correction names: an existing one, or one it creates."""
    data = annotation.correction_data
    workspace_id = annotation.article.workspace_id
    if data.get("source_id"):
        source = Source.objects.filter(workspace_id=workspace_id, pk=data["source_id"]).first()
        if source is None:
            raise ValidationError({"source": "That source no longer exists."})
        return source
    existing = Source.objects.filter(workspace_id=workspace_id, name__iexact=data["name"]).first()
    if existing is not None:
        return existing
    return Source.objects.create(workspace_id=workspace_id, name=data["name"], role=data.get("role", ""),
                                 organization=data.get("organization", ""))


def _save_quote(quote: Quote, by, action: str, before: dict | None, workspace) -> None:
    quote.save()
    audit_record(workspace=workspace, actor=by, action=action, obj=quote, before=before, after=audit_snapshot(quote))


def _change_speaker(annotation: Annotation, by) -> None:
    quote = annotation.quote
    before = audit_snapshot(quote)
    quote.source = _source(annotation)
    quote.state = QuoteState.CORRECTED
    _save_quote(quote, by, "quote.correct", before, annotation.article.workspace)


def _reject_quote(annotation: Annotation, by) -> None:
    quote = annotation.quote
    before = audit_snapshot(quote)
    quote.state = QuoteState.REJECTED
    _save_quote(quote, by, "quote.reject", before, annotation.article.workspace)


def _add_quote(annotation: Annotation, by) -> None:
    quote = Quote(article=annotation.article, start=annotation.start, end=annotation.end, text=annotation.exact,
                  kind=Quote.Kind.DIRECT, source=_source(annotation), confidence=1.0, origin=Origin.PERSON,
                  state=QuoteState.CONFIRMED)
    try:
        with transaction.atomic():
            _save_quote(quote, by, "quote.add", None, annotation.article.workspace)
    except IntegrityError:
        raise ValidationError({"correction": QUOTE_EXISTS}) from None


def _shift_ordinals(claim: Claim, by: int) -> None:
    # The (article, ordinal) constraint is deferred to commit, so the renumbering may pass through duplicates.
    Claim.objects.filter(article_id=claim.article_id, ordinal__gt=claim.ordinal).update(
        ordinal=models.F("ordinal") + by
    )


def _split_claim(annotation: Annotation, by) -> None:
    claim = annotation.claim
    text = annotation.article.clean_text
    at = annotation.correction_data.get("at", -1)
    left_end = claim.start + len(text[claim.start:at].rstrip())
    right_start = at + (len(text[at:claim.end]) - len(text[at:claim.end].lstrip()))
    if not (claim.start < left_end and right_start < claim.end):
        raise ValidationError({"correction": SPLIT_OUTSIDE})
    before = audit_snapshot(claim)
    _shift_ordinals(claim, 1)
    claim.end, claim.text, claim.origin = left_end, text[claim.start:left_end], Origin.PERSON
    claim.save(update_fields=["end", "text", "origin"])
    new = Claim(article_id=claim.article_id, ordinal=claim.ordinal + 1, start=right_start, end=before["end"],
                text=text[right_start:before["end"]], checkworthiness=claim.checkworthiness, reasons=claim.reasons,
                origin=Origin.PERSON)
    new.save()
    workspace = annotation.article.workspace
    audit_record(workspace=workspace, actor=by, action="claim.split", obj=claim, before=before,
                 after=audit_snapshot(claim))
    audit_record(workspace=workspace, actor=by, action="claim.create", obj=new, after=audit_snapshot(new))


def _merge_claims(annotation: Annotation, by) -> None:
    claim = annotation.claim
    following = Claim.objects.filter(article_id=claim.article_id, ordinal__gt=claim.ordinal).order_by("ordinal").first()
    if following is None:
        raise ValidationError({"correction": NO_NEXT_CLAIM})
    text = annotation.article.clean_text
    before = audit_snapshot(claim)
    workspace = annotation.article.workspace
    # The next claim's annotations now speak about the merged claim.
    Annotation.objects.filter(claim=following).update(claim=claim)
    audit_record(workspace=workspace, actor=by, action="claim.delete", obj=following,
                 before=audit_snapshot(following))
    following.delete()
    _shift_ordinals(claim, -1)
    claim.end, claim.text, claim.origin = following.end, text[claim.start:following.end], Origin.PERSON
    claim.checkworthiness = max(claim.checkworthiness, following.checkworthiness)
    claim.save(update_fields=["end", "text", "origin", "checkworthiness"])
    audit_record(workspace=workspace, actor=by, action="claim.merge", obj=claim, before=before,
                 after=audit_snapshot(claim))
