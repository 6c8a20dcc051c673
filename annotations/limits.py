"""How much one annotation holds, whichever way it comes in: the review page, the API or an import.

The one home of these numbers. Forms and serializers read them to refuse early with a field error;
the services check them again (`annotation_limits_check`), so a way in that has no form of its
own, such as the Web Annotation import or a management command, meets the very same limits.
"""

from django.core.exceptions import ValidationError

NOTE_MAX_CHARS = 10_000
TAGS_MAX = 50
EVIDENCE_MAX = 50
# Evidence links, titles and publishers: the columns' own widths (annotations.models.Evidence).
URL_MAX_CHARS = 2000
EVIDENCE_TITLE_MAX_CHARS = 500
EVIDENCE_PUBLISHER_MAX_CHARS = 300

NOTE_TOO_LONG = "A note holds at most {limit:,} characters; this one has {length:,}."
TOO_MANY_TAGS = "An annotation holds at most {limit:,} tags; this one has {count:,}."
TOO_MUCH_EVIDENCE = "An annotation holds at most {limit:,} evidence links; this one would have {count:,}."


def annotation_limits_check(*, note: str = "", tags=(), evidence_count: int = 0) -> None:
    """Raise a ValidationError naming the field when an annotation would hold more than Axis keeps."""
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({"note": NOTE_TOO_LONG.format(limit=NOTE_MAX_CHARS, length=len(note))})
    if len(tags) > TAGS_MAX:
        raise ValidationError({"tags": TOO_MANY_TAGS.format(limit=TAGS_MAX, count=len(tags))})
    if evidence_count > EVIDENCE_MAX:
        raise ValidationError({"evidence": TOO_MUCH_EVIDENCE.format(limit=EVIDENCE_MAX, count=evidence_count)})
