"""The audit trail as CSV, for the editors' download from the audit page.

Like the annotations' CSV (exports/csv.py) it starts with a UTF-8 byte-order mark
and writes any text a person typed as a cell that cannot run as a formula.
"""

import csv
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from annotations.exports.csv import BOM, Echo, text_cell
from annotations.models import AuditEvent

MEDIA_TYPE = "text/csv; charset=utf-8"
COLUMNS = ["time", "actor", "action", "object_type", "object_id", "before", "after"]


def rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    """Yield the header, then one row per event, reading the events 2,000 at a time."""
    yield COLUMNS
    for event in events.iterator(chunk_size=2000):
        yield [
            event.created.isoformat(),
            text_cell(event.actor.get_username()) if event.actor_id else "",
            text_cell(event.action),
            text_cell(event.object_type),
            text_cell(event.object_id),
            json.dumps(event.before, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False),
            json.dumps(event.after, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False),
        ]


def render(events: QuerySet[AuditEvent]) -> Iterator[str]:
    """Yield the byte-order mark, so a spreadsheet reads the file as UTF-8, then one line per row."""
    writer = csv.writer(Echo())
    yield BOM
    for row in rows(events):
        yield writer.writerow(row)
