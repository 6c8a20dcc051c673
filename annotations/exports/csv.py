"""CSV: one row per annotation, for spreadsheets.

The file starts with a UTF-8 byte-order mark: without it Excel reads a CSV in
the machine's legacy code page, so "José Núñez" and curly quotes turn into
mojibake. Python's csv readers take it off with encoding="utf-8-sig".
"""

import csv
from collections.abc import Iterable, Iterator

from annotations.exports.records import ExportContext, ExportRecord

MEDIA_TYPE = "text/csv; charset=utf-8"
COLUMNS = [
    "annotation_id", "article_id", "article_title", "target", "start", "end", "text", "tags", "verdict",
    "verdict_value", "note", "evidence_urls", "author", "editor", "state", "created", "updated", "decided",
]
# A cell starting with one of these runs as a formula in a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# U+FEFF at the start of a UTF-8 file; it is no part of the first cell.
BOM = "\ufeff"


class Echo:
    """A file-like object whose write() hands back the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def text_cell(value: str | None) -> str:
    """Return the text as a cell that a spreadsheet shows as text: a formula gets a leading apostrophe."""
    if not value:
        return ""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def render(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    """Yield the byte-order mark and the header line, then one line per record."""
    writer = csv.writer(Echo())
    yield BOM + writer.writerow(COLUMNS)
    for r in records:
        yield writer.writerow([
            r.id,
            r.article_id,
            text_cell(r.article_title),
            r.target,
            r.start,
            r.end,
            text_cell(r.text),
            text_cell("; ".join(r.tags)),
            text_cell(r.verdict),
            "" if r.verdict_value is None else r.verdict_value,
            text_cell(r.note),
            text_cell(" ".join(e["url"] for e in r.evidence)),
            text_cell(r.author),
            text_cell(r.editor),
            r.state,
            r.created.isoformat(),
            r.updated.isoformat(),
            "" if r.decided is None else r.decided.isoformat(),
        ])
