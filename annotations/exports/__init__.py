"""Exports of reviewed work: ClaimReview JSON-LD, W3C Web Annotation, CSV and JSON Lines.

Each format is a module whose `render(records, context)` yields text; stream.py
turns any of them into a streaming response or a file. The records come from
selectors/exports.py, which decides who may read what.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from annotations.exports import claimreview, csv, jsonl, webannotation
from annotations.exports.records import ExportContext, ExportRecord
from annotations.input_checks import OFFSET_REFUSED, offset_is_storable

STATES_APPROVED = "approved"
STATES_ALL = "all"
STATES = [STATES_APPROVED, STATES_ALL]
SINCE_INVALID = "Enter a date or an ISO 8601 time, e.g. 2026-05-01 or 2026-05-01T09:00:00Z."
FORMAT_UNKNOWN = "Choose one of: {}."


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    media_type: str
    extension: str
    render: Callable[[Iterable[ExportRecord], ExportContext], Iterator[str]]
    # What the records must carry beyond the common fields (each costs the query some work).
    verdicts_only: bool = False
    speaker: bool = False
    context: bool = False
    public: bool = False


FORMATS = {
    f.name: f
    for f in [
        ExportFormat("claimreview", "ClaimReview (JSON-LD)", claimreview.MEDIA_TYPE, "jsonld", claimreview.render,
                     verdicts_only=True, speaker=True, public=True),
        ExportFormat("webannotation", "Web Annotation (JSON-LD)", webannotation.MEDIA_TYPE, "jsonld",
                     webannotation.render, context=True),
        ExportFormat("csv", "CSV", csv.MEDIA_TYPE, "csv", csv.render),
        ExportFormat("jsonl", "JSON Lines", jsonl.MEDIA_TYPE, "jsonl", jsonl.render, speaker=True, context=True),
    ]
}


def parse_since(value: str) -> datetime:
    """Return the aware time a `since` value names: an ISO 8601 time, or a date (its midnight).

    A time without an offset is in the server's time zone. Raises ValueError with SINCE_INVALID.
    """
    value = value.strip()
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = None if day is None else datetime.combine(day, time.min)
    except ValueError:
        # A well-formed but impossible value, such as 2026-02-30.
        moment = None
    if moment is None:
        raise ValueError(SINCE_INVALID)
    if not offset_is_storable(moment):
        raise ValueError(OFFSET_REFUSED)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
