"""Check what a correction proposes, and apply it to the article's claims, quotes and sources once approved.

A correction is an annotation like any other until an editor approves it;
only then does it change what the machine found. Its `correction_data` is
checked against its kind and target when it is made (`correction_data_clean`)
and again at approval, when the claim or the source it names may have changed.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from annotations.models import (
    Annotation,
    Article,
    Claim,
    CorrectionKind,
    Origin,
    Quote,
    QuoteState,
    Source,
)
from annotations.nlp.split import split_point_at
from annotations.services.audit import audit_record, audit_snapshot

SPLIT_OUTSIDE = "The split point must fall inside the claim."
SPLIT_INSIDE_WORD = "The split point must fall between two words, not inside one."
NO_NEXT_CLAIM = "This is the article's last claim: there is nothing to merge it with."
QUOTE_EXISTS = "That text is already a quote."
NAME_REQUIRED = "Name the speaker, or choose an existing source."
TEXT_REQUIRED = "Write it as text."
TOO_LONG = "Keep it to {limit} characters."
NO_NUL = "It contains a NUL character."
SOURCE_ID_NUMBER = "Give the id of one of the workspace's sources, as a number."
NO_SUCH_SOURCE = "No such source in this workspace."
AT_NUMBER = "Give the split point as a character offset into the article, a whole number."
AT_REQUIRED = "Say where to split the claim."
UNKNOWN_KEY = "Not part of this correction."
NO_DATA_WANTED = "This correction proposes nothing more than its kind: leave correction_data empty."
NO_CORRECTION = "Choose a correction first: correction_data belongs to one."
WRONG_TARGET = {
    CorrectionKind.SPEAKER: "Changing the speaker applies to a quote.",
    CorrectionKind.NOT_A_QUOTE: "“Not a quote” applies to a quote.",
    CorrectionKind.MISSED_QUOTE: "A missed quote is a selection of the text, not a claim or a quote.",
    CorrectionKind.SPLIT_CLAIM: "Splitting applies to a claim.",
    CorrectionKind.MERGE_CLAIMS: "Merging applies to a claim.",
}
TARGET_OF = {
    CorrectionKind.SPEAKER: "quote",
    CorrectionKind.NOT_A_QUOTE: "quote",
    CorrectionKind.MISSED_QUOTE: "span",
    CorrectionKind.SPLIT_CLAIM: "claim",
    CorrectionKind.MERGE_CLAIMS: "claim",
}
SPEAKER_FIELD_LIMIT = 300
# Error keys name the field inside correction_data, e.g. "correction_data.name".
DATA = "correction_data"


def _key(name: str) -> str:
    return f"{DATA}.{name}"


def _text(value, *, limit: int, errors: dict, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[_key(name)] = TEXT_REQUIRED
        return ""
    value = value.strip()
    if "\x00" in value:
        errors[_key(name)] = NO_NUL
    elif len(value) > limit:
        errors[_key(name)] = TOO_LONG.format(limit=limit)
    return value


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown_keys(data: dict, allowed: set[str], errors: dict) -> None:
    for name in data:
        if name not in allowed:
            errors[_key(str(name)[:60])] = UNKNOWN_KEY


def _clean_speaker(data: dict, *, article: Article, errors: dict) -> dict:
    """A speaker: an existing source by id (its name, role and organization are copied), or a named one."""
    _unknown_keys(data, {"source_id", "name", "role", "organization"}, errors)
    if data.get("source_id") is not None:
        if not _whole_number(data["source_id"]):
            errors[_key("source_id")] = SOURCE_ID_NUMBER
            return {}
        source = Source.objects.filter(workspace_id=article.workspace_id, pk=data["source_id"]).first()
        if source is None:
            errors[_key("source_id")] = NO_SUCH_SOURCE
            return {}
        return {"source_id": source.pk, "name": source.name, "role": source.role,
                "organization": source.organization}
    cleaned = {name: _text(data.get(name), limit=SPEAKER_FIELD_LIMIT, errors=errors, name=name)
               for name in ("name", "role", "organization")}
    if not cleaned["name"] and _key("name") not in errors:
        errors[_key("name")] = NAME_REQUIRED
    return cleaned


def _clean_split(data: dict, *, article: Article, claim: Claim, errors: dict) -> dict:
    _unknown_keys(data, {"at"}, errors)
    at = data.get("at")
    if at is None:
        errors[_key("at")] = AT_REQUIRED
        return {}
    if not _whole_number(at):
        errors[_key("at")] = AT_NUMBER
        return {}
    if not claim.start < at < claim.end:
        errors[_key("at")] = SPLIT_OUTSIDE
        return {}
    point = split_point_at(article.clean_text[claim.start:claim.end], at - claim.start)
    if point is None:
        errors[_key("at")] = SPLIT_INSIDE_WORD
        return {}
    return {"at": claim.start + point.at}


def correction_data_clean(
    *,
    correction: str,
    data,
    article: Article,
    claim: Claim | None = None,
    quote: Quote | None = None,
    start: int | None = None,
    end: int | None = None,
) -> dict:
    """Return what the correction proposes, checked against its kind and target, in the shape stored.

    Raise ValidationError naming the field: "correction" for a kind that does not fit
    the target, "correction_data.<name>" for a value. Reads a source, the next claim
    or a quote when the correction names one.
    """
    if not correction:
        if data:
            raise ValidationError({DATA: NO_CORRECTION})
        return {}
    if not isinstance(data, dict):
        raise ValidationError({DATA: "Give an object of the correction's fields."})
    target = "claim" if claim is not None else "quote" if quote is not None else "span"
    if TARGET_OF.get(correction) != target:
        raise ValidationError({"correction": WRONG_TARGET.get(correction, "Not a kind of correction.")})
    errors: dict[str, str] = {}
    cleaned: dict = {}
    if correction in (CorrectionKind.SPEAKER, CorrectionKind.MISSED_QUOTE):
        cleaned = _clean_speaker(data, article=article, errors=errors)
    elif correction == CorrectionKind.SPLIT_CLAIM:
        cleaned = _clean_split(data, article=article, claim=claim, errors=errors)
    elif data:
        errors[DATA] = NO_DATA_WANTED
    if correction == CorrectionKind.MERGE_CLAIMS and not errors and _next_claim(claim) is None:
        errors["correction"] = NO_NEXT_CLAIM
    if (correction == CorrectionKind.MISSED_QUOTE and not errors
            and Quote.objects.filter(article=article, start=start, end=end).exists()):
        errors["correction"] = QUOTE_EXISTS
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_claim(claim: Claim) -> Claim | None:
    return Claim.objects.filter(article_id=claim.article_id, ordinal__gt=claim.ordinal).order_by("ordinal").first()


def correction_apply(*, annotation: Annotation, by: AbstractBaseUser) -> None:
    """Make the approved correction real; call inside the approval's transaction.

    The proposal is checked again first: the claim may have been split or merged,
    or the source removed, since it was made.
    """
    apply = {
        CorrectionKind.SPEAKER: _change_speaker,
        CorrectionKind.NOT_A_QUOTE: _reject_quote,
        CorrectionKind.MISSED_QUOTE: _add_quote,
        CorrectionKind.SPLIT_CLAIM: _split_claim,
        CorrectionKind.MERGE_CLAIMS: _merge_claims,
    }.get(annotation.correction)
    if apply is None:
        return
    data = correction_data_clean(correction=annotation.correction, data=annotation.correction_data,
                                 article=annotation.article, claim=annotation.claim, quote=annotation.quote,
                                 start=annotation.start, end=annotation.end)
    apply(annotation, data, by)


def _source(annotation: Annotation, data: dict) -> Source:
    """Return the source the correction names: an existing one, or one it creates."""
    workspace_id = annotation.article.workspace_id
    if data.get("source_id"):
        return Source.objects.get(workspace_id=workspace_id, pk=data["source_id"])
    existing = Source.objects.filter(workspace_id=workspace_id, name__iexact=data["name"]).first()
    if existing is not None:
        return existing
    return Source.objects.create(workspace_id=workspace_id, name=data["name"], role=data.get("role", ""),
                                 organization=data.get("organization", ""))


def _save_quote(quote: Quote, by, action: str, before: dict | None, workspace) -> None:
    quote.save()
    audit_record(workspace=workspace, actor=by, action=action, obj=quote, before=before, after=audit_snapshot(quote))


def _change_speaker(annotation: Annotation, data: dict, by) -> None:
    quote = annotation.quote
    before = audit_snapshot(quote)
    quote.source = _source(annotation, data)
    quote.state = QuoteState.CORRECTED
    _save_quote(quote, by, "quote.correct", before, annotation.article.workspace)


def _reject_quote(annotation: Annotation, data: dict, by) -> None:
    quote = annotation.quote
    before = audit_snapshot(quote)
    quote.state = QuoteState.REJECTED
    _save_quote(quote, by, "quote.reject", before, annotation.article.workspace)


def _add_quote(annotation: Annotation, data: dict, by) -> None:
    quote = Quote(article=annotation.article, start=annotation.start, end=annotation.end, text=annotation.exact,
                  kind=Quote.Kind.DIRECT, source=_source(annotation, data), confidence=1.0, origin=Origin.PERSON,
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


def _split_claim(annotation: Annotation, data: dict, by) -> None:
    claim = annotation.claim
    text = annotation.article.clean_text
    # A checked split point ends a token and leaves a word on each side.
    at = data["at"]
    left_end = claim.start + len(text[claim.start:at].rstrip())
    right_start = at + (len(text[at:claim.end]) - len(text[at:claim.end].lstrip()))
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


def _merge_claims(annotation: Annotation, data: dict, by) -> None:
    claim = annotation.claim
    following = _next_claim(claim)
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
