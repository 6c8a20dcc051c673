"""W3C Web Annotation (JSON-LD): one Annotation per Axis annotation, in an AnnotationCollection of pages.

The whole export is one JSON-LD document whose `@graph` holds the pages in
order, then the collection: the collection closes the graph because its
`total` and `last` page are known only once the rows have streamed. Each page
is also served on its own at `<collection>&page=N` (api/exports.py), so every
`id`, `first`, `next` and `partOf` here can be dereferenced.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from django.conf import settings

from annotations.exports.jsonld import dumps
from annotations.exports.records import ExportContext, ExportRecord
from annotations.models import CorrectionKind

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{CONTEXT}"'
PAGE_SIZE = 1000
CORRECTION_LABELS = dict(CorrectionKind.choices)


def _motivation(record: ExportRecord) -> str:
    if record.verdict:
        return "assessing"
    if record.correction:
        return "editing"
    if record.note:
        return "commenting"
    if record.tags:
        return "tagging"
    return "linking"


def timestamp(moment: datetime) -> str:
    """Return the time in UTC written with "Z", as the Data Model requires of `created` and `modified` (3.3.1)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def creator_id(username: str, context: ExportContext) -> str:
    """Return the IRI of an Axis account: `acct:user@host` (RFC 7565), as Hypothesis names its users."""
    return f"acct:{quote(username, safe='')}@{urlsplit(context.base_url).netloc}"


def annotation(record: ExportRecord, context: ExportContext) -> dict:
    """Return the Web Annotation of one record, valid on its own; its selectors reproduce `record.text`.

    Each carries its own `@context`, so an annotation taken out of its page still reads as one.
    """
    body = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in record.tags]
    if record.verdict:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": record.verdict})
    if record.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": record.note, "format": "text/plain"})
    if record.correction:
        # The kinds of correction are Axis's own words, in the language of its interface.
        body.append({"type": "TextualBody", "purpose": "editing", "language": settings.LANGUAGE_CODE,
                     "value": str(CORRECTION_LABELS.get(record.correction, record.correction))})
    body.extend({"type": "SpecificResource", "purpose": "linking", "source": e["url"]} for e in record.evidence)
    selector = {"type": "TextQuoteSelector", "exact": record.text}
    if record.prefix is not None:
        selector |= {"prefix": record.prefix, "suffix": record.suffix}
    target = {"source": context.article_url.format(record.article_id),
              "selector": [{"type": "TextPositionSelector", "start": record.start, "end": record.end}, selector]}
    if record.article_language:
        target["language"] = record.article_language
    item = {
        "@context": CONTEXT,
        "id": context.annotation_url.format(record.id),
        "type": "Annotation",
        "motivation": _motivation(record),
        "created": timestamp(record.created),
        "modified": timestamp(record.updated),
        "creator": {"id": creator_id(record.author, context), "type": "Person", "nickname": record.author},
        "generator": {"id": context.base_url + "/", "type": "Software", "name": "Axis"},
        "target": target,
    }
    if body:
        item["body"] = body
    return item


def collection(context: ExportContext, *, total: int) -> dict:
    """Return the AnnotationCollection node of an export with `total` annotations."""
    node = {"id": context.collection_url, "type": "AnnotationCollection",
            "label": f"Annotations of {context.workspace_name}", "total": total}
    if total:
        node |= {"first": context.page_url(0), "last": context.page_url((total - 1) // PAGE_SIZE)}
    return node


def render(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    """Yield the whole export as one JSON-LD document: the pages, then the collection."""
    yield '{"@context":' + dumps(CONTEXT) + ',"@graph":[\n'
    total = 0
    for record in records:
        page, index = divmod(total, PAGE_SIZE)
        if index == 0:
            if page:
                # The previous page ends here, and only now is it known to have a next one.
                yield '\n],"next":' + dumps(context.page_url(page)) + "},\n"
            head = {"id": context.page_url(page), "type": "AnnotationPage", "partOf": context.collection_url,
                    "startIndex": page * PAGE_SIZE}
            if page:
                head["prev"] = context.page_url(page - 1)
            yield dumps(head)[:-1] + ',"items":[\n'
        else:
            yield ",\n"
        yield dumps(annotation(record, context))
        total += 1
    if total:
        yield "\n]},\n"
    yield dumps(collection(context, total=total)) + "\n]}\n"


def render_page(records: Iterable[ExportRecord], context: ExportContext, *, page: int, total: int) -> Iterator[str]:
    """Yield one page of the collection as its own document; `records` are that page's."""
    last = (total - 1) // PAGE_SIZE
    head = {"@context": CONTEXT, "id": context.page_url(page), "type": "AnnotationPage",
            "partOf": collection(context, total=total), "startIndex": page * PAGE_SIZE}
    if page:
        head["prev"] = context.page_url(page - 1)
    if page < last:
        head["next"] = context.page_url(page + 1)
    yield dumps(head)[:-1] + ',"items":['
    separator = "\n"
    for record in records:
        yield separator + dumps(annotation(record, context))
        separator = ",\n"
    yield "\n]}\n"
