"""What a correction proposes, beside what the machine said, as the queue, the annotation page and the API show it."""

from dataclasses import dataclass

from annotations.models import Annotation, CorrectionKind, Origin, QuoteState, Source


@dataclass(frozen=True)
class Proposal:
    """A correction as two sides of one comparison; `machine` and `proposed` are plain dicts (the API's shape)."""

    kind: str
    label: str
    # "machine" while the target is as the machine found it; "current" once a person changed it.
    found_by: str
    machine: dict
    proposed: dict


def _speaker(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {"source_id": source.pk, "name": source.name, "role": source.role, "organization": source.organization}


def _proposed_speaker(data: dict) -> dict:
    return {"source_id": data.get("source_id"), "name": data.get("name", ""), "role": data.get("role", ""),
            "organization": data.get("organization", "")}


def _split(annotation: Annotation) -> dict:
    claim, at = annotation.claim, annotation.correction_data.get("at")
    proposed = {"at": at, "claims": None}
    if isinstance(at, int) and claim.start < at < claim.end:
        left, right = claim.text[: at - claim.start].strip(), claim.text[at - claim.start :].strip()
        if left and right:
            proposed["claims"] = [left, right]
    return proposed


def correction_proposal(annotation: Annotation) -> Proposal | None:
    """Return what the annotation's correction proposes, or None when it is no correction.

    Reads the annotation's claim and quote with its source: select them with it.
    """
    kind = annotation.correction
    if not kind:
        return None
    data = annotation.correction_data or {}
    quote, claim = annotation.quote if annotation.quote_id else None, annotation.claim if annotation.claim_id else None
    if kind == CorrectionKind.MISSED_QUOTE and annotation.start is not None:
        machine, proposed = {"quote": None}, {"quote": annotation.exact, "speaker": _proposed_speaker(data)}
    elif kind == CorrectionKind.SPEAKER and quote is not None:
        machine = {"quote": quote.text, "speaker": _speaker(quote.source)}
        proposed = {"quote": quote.text, "speaker": _proposed_speaker(data)}
    elif kind == CorrectionKind.NOT_A_QUOTE and quote is not None:
        machine, proposed = {"quote": quote.text, "speaker": _speaker(quote.source)}, {"quote": None}
    elif kind == CorrectionKind.SPLIT_CLAIM and claim is not None:
        machine, proposed = {"claim": claim.text}, _split(annotation)
    elif kind == CorrectionKind.MERGE_CLAIMS and claim is not None:
        machine, proposed = {"claim": claim.text}, {"merge_with_next": True}
    else:
        # A correction on a target it does not fit, stored before proposals were checked: shown as stored.
        machine, proposed = {}, dict(data)
    changed = False
    if quote is not None:
        changed = quote.origin != Origin.MACHINE or quote.state != QuoteState.MACHINE
    elif claim is not None:
        changed = claim.origin != Origin.MACHINE
    found_by = "current" if changed else "machine"
    return Proposal(kind, annotation.get_correction_display(), found_by, machine, proposed)


def correction_proposal_data(annotation: Annotation) -> dict | None:
    """Return the proposal as the API shows it: {"kind", "found_by", "machine", "proposed"}, or None."""
    proposal = correction_proposal(annotation)
    if proposal is None:
        return None
    return {"kind": proposal.kind, "found_by": proposal.found_by, "machine": proposal.machine,
            "proposed": proposal.proposed}
