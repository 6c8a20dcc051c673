"""JSON Lines: one full record per line."""

from collections.abc import Iterable, Iterator

from annotations.exports.jsonld import dumps
from annotations.exports.records import ExportContext, ExportRecord

# JSON Lines has no registered media type; application/x-ndjson is the one most tools recognise.
MEDIA_TYPE = "application/x-ndjson; charset=utf-8"


def render(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    """Yield each record as one line of JSON, with its Axis address as `url`."""
    for record in records:
        yield dumps({"url": context.annotation_url.format(record.id)} | record.as_dict()) + "\n"
