"""Import of annotations made elsewhere (Hypothesis, another Axis) onto an existing article.

Two forms come in: W3C Web Annotations (one, a list, an AnnotationPage or
AnnotationCollection, a JSON-LD @graph) and Hypothesis's own JSON (an
annotation of its API with `text`, `tags` and `target[].selector`, a search
result's `rows`, or the client's export with its `annotations`). Each is
anchored on the article's clean text as Hypothesis anchors (annotations.anchoring):
by position when the text there is the quote, then by the quote, its context,
and a fuzzy match with a bounded distance. A target that does not anchor is
reported with the reason, and so is one that anchors but has nothing Axis can
keep. Each anchored one becomes a draft span annotation of the importing user,
checked by annotation_span_prepare (the rules of annotation_create, so the limits of
every other way in apply) and stored with the others in batched inserts.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import access
from annotations.anchoring import (  # noqa: F401 (the reasons are this module's messages too)
    FUZZY_AMBIGUOUS,
    NO_SELECTOR,
    POSITION_ONLY,
    QUOTE_AMBIGUOUS,
    QUOTE_NOT_FOUND,
    Anchor,
    CollapsedText,
    Quote,
    anchor,
)
from annotations.graphemes import grapheme_snap
from annotations.models import Annotation, Article, Label, Rating, Role
from annotations.services.annotations import CANNOT_ANNOTATE, annotation_span_prepare, annotation_spans_insert
from annotations.services.audit import audit_record

MAX_IMPORT = 5000
# How much of an unanchored quote the report repeats.
REPORTED_QUOTE_CHARS = 200
NOT_ANALYSED = "This article has not been analysed yet: there is no text to anchor to."
NO_ANNOTATIONS = ("Send a Web Annotation, a list of them, an AnnotationPage or an AnnotationCollection, or "
                  "Hypothesis's JSON (an annotation, a search result's rows, or the client's export).")
TOO_MANY = f"Send at most {MAX_IMPORT:,} annotations at once."
PAGE_NOTE = "It is about the page as a whole (a page note), not about any of its text."
REPLY = "A reply to another annotation, not on any text of its own."
NOTHING_TO_KEEP = "It has no comment, known tag, known verdict or web link to keep."
ALREADY_IMPORTED = "You already have an annotation with this span, note, tags and verdict on this article."

ANNOTATION_TYPES = {"Annotation", "oa:Annotation", "http://www.w3.org/ns/oa#Annotation"}
COMMENT_PURPOSES = {"", "commenting", "describing", "replying", "questioning", "highlighting"}
# Where annotations sit inside a document: pages and collections (W3C), search results and exports (Hypothesis).
CONTAINER_KEYS = ("next", "items", "first", "@graph", "rows", "annotations")


@dataclass
class ImportResult:
    created: list[Annotation] = field(default_factory=list)
    # {"id": the annotation's own id or None, "index": its place in the input, "annotation": the new id,
    #  "how": "position", "quote", "context" or "fuzzy", "errors": edits between its quote and the text}
    anchored: list[dict] = field(default_factory=list)
    # {"id": …, "index": …, "reason": …, "quote": the start of its quote or None}
    unanchored: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    # Tag and verdict names outside the workspace's label set and rating scale, and links that are not http(s).
    ignored: dict[str, set[str]] = field(default_factory=lambda: {"tags": set(), "verdicts": set(), "links": set()})


def _types(node: dict) -> set[str]:
    kind = node.get("type", node.get("@type"))
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def annotations_in(data) -> Iterator[dict]:
    """Yield the annotations of a document, in order: W3C's forms and containers, and Hypothesis's."""
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > 4 * MAX_IMPORT:
            raise ValidationError({"annotations": TOO_MANY})
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            types = _types(node)
            if types & ANNOTATION_TYPES or (not types and "target" in node):
                yield node
            else:
                # A page's `next` may be embedded, or (a link) ignored; the last key pops first, `next` last.
                stack.extend(node[key] for key in CONTAINER_KEYS if isinstance(node.get(key), list | dict))


def _selectors(annotation: dict) -> tuple[tuple[int, int] | None, Quote | None]:
    """Return the first target's position and quote selectors, either of them None when absent or malformed.

    Other selectors (Hypothesis's RangeSelector, an XPath into its page's DOM) cannot point into the clean text.
    """
    position = quote = None
    targets = [t for t in _as_list(annotation.get("target")) if isinstance(t, dict)]
    for target in targets[:1]:
        for selector in _as_list(target.get("selector")):
            if not isinstance(selector, dict):
                continue
            types = {t.removeprefix("oa:") for t in _types(selector)}
            if "TextPositionSelector" in types and position is None:
                start, end = selector.get("start"), selector.get("end")
                if all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
                    position = (start, end)
            elif "TextQuoteSelector" in types and quote is None:
                exact, prefix, suffix = (selector.get(k) or "" for k in ("exact", "prefix", "suffix"))
                if isinstance(exact, str) and exact and isinstance(prefix, str) and isinstance(suffix, str):
                    quote = Quote(exact, prefix, suffix)
    return position, quote


def _unanchored_reason(annotation: dict, reason: str) -> str:
    """Say why a target without selectors has none: a Hypothesis reply or page note, else the anchoring's reason."""
    if reason != NO_SELECTOR:
        return reason
    if annotation.get("references"):
        return REPLY
    targets = [t for t in _as_list(annotation.get("target")) if isinstance(t, dict | str)]
    if targets and all(isinstance(t, str) or not t.get("selector") for t in targets):
        return PAGE_NOTE
    return reason


@dataclass
class _Content:
    tags: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _content(annotation: dict) -> _Content:
    """Sort what an annotation says: tags, verdicts, comments and links. Corrections (`editing`) are not imported.

    W3C's bodies by purpose, and `bodyValue`; Hypothesis's own `text` (the comment) and `tags`.
    """
    content = _Content()
    for key in ("bodyValue", "text"):
        if isinstance(annotation.get(key), str):
            content.notes.append(annotation[key])
    content.tags.extend(tag for tag in _as_list(annotation.get("tags")) if isinstance(tag, str))
    for body in _as_list(annotation.get("body")):
        if isinstance(body, str):
            content.links.append(body)
            continue
        if not isinstance(body, dict):
            continue
        purposes = {p.removeprefix("oa:") for p in _as_list(body.get("purpose")) if isinstance(p, str)} or {""}
        value = body.get("value")
        if isinstance(value, str):
            if "tagging" in purposes:
                content.tags.append(value)
            elif "assessing" in purposes:
                content.verdicts.append(value)
            elif purposes & COMMENT_PURPOSES:
                content.notes.append(value)
        else:
            link = body.get("source", body.get("id"))
            if isinstance(link, str):
                content.links.append(link)
    return content


def _sameness(start: int, end: int, note: str, tags, verdict_id: int | None) -> tuple:
    """Return what makes two annotations of one author the same: span, note, tags and verdict."""
    return start, end, note, frozenset(label.pk for label in tags), verdict_id


def _identity(annotation: dict) -> str | None:
    ident = annotation.get("id", annotation.get("@id"))
    return ident if isinstance(ident, str) else None


@transaction.atomic
def webannotation_import(*, article: Article, data, by: AbstractBaseUser) -> ImportResult:
    """Create a draft span annotation for each annotation in `data` (W3C or Hypothesis) that anchors on the article.

    Reads the workspace's labels and ratings and the importer's spans on the article (with their tags) once,
    and stores the new annotations, tags, links and audit events in batched inserts: a fixed number of
    queries whatever the number of annotations (up to annotation_spans_insert's batch size).
    """
    access.membership_check(user=by, workspace_id=article.workspace_id, may=Role.ANNOTATING,
                            field="workspace", message=CANNOT_ANNOTATE)
    if article.status != Article.Status.READY or not article.clean_text:
        raise ValidationError({"article": NOT_ANALYSED})
    annotations = list(annotations_in(data))
    if not annotations:
        raise ValidationError({"annotations": NO_ANNOTATIONS})
    if len(annotations) > MAX_IMPORT:
        raise ValidationError({"annotations": TOO_MANY})
    labels = {label.name.lower(): label for label in Label.objects.filter(workspace_id=article.workspace_id)}
    ratings = {rating.name.lower(): rating for rating in Rating.objects.filter(workspace_id=article.workspace_id)}
    mine = {_sameness(a.start, a.end, a.note, a.tags.all(), a.verdict_id)
            for a in Annotation.objects.filter(article=article, author=by, start__isnull=False)
            .only("start", "end", "note", "verdict_id").prefetch_related("tags")}
    result = ImportResult()
    text = CollapsedText(article.clean_text)
    drafts, anchored = [], []
    for index, item in enumerate(annotations):
        report = {"id": _identity(item), "index": index}
        position, quote = _selectors(item)
        where = anchor(text, position=position, quote=quote)
        if isinstance(where, str):
            result.unanchored.append(report | {"reason": _unanchored_reason(item, where),
                                               "quote": quote.exact[:REPORTED_QUOTE_CHARS] if quote else None})
            continue
        # As annotation_create stores it, for the duplicate check.
        start, end = grapheme_snap(article.clean_text, where.start, where.end)
        content = _content(item)
        tags = list({labels[t.lower()].pk: labels[t.lower()] for t in content.tags if t.lower() in labels}.values())
        result.ignored["tags"].update(t for t in content.tags if t.lower() not in labels)
        verdict = next((ratings[v.lower()] for v in content.verdicts if v.lower() in ratings), None)
        result.ignored["verdicts"].update(v for v in content.verdicts if v.lower() not in ratings)
        links = [url for url in dict.fromkeys(content.links) if url.lower().startswith(("http://", "https://"))]
        result.ignored["links"].update(url for url in content.links if url not in links)
        note = "\n\n".join(n.strip() for n in content.notes if n.strip())
        same = _sameness(start, end, note, tags, verdict.pk if verdict else None)
        if same in mine:
            result.skipped.append(report | {"reason": ALREADY_IMPORTED})
            continue
        if not (tags or verdict or note or links):
            result.skipped.append(report | {"reason": NOTHING_TO_KEEP})
            continue
        try:
            draft = annotation_span_prepare(article=article, by=by, start=start, end=end, tags=tags,
                                            verdict=verdict, note=note, evidence=[{"url": url} for url in links])
        except ValidationError as error:
            # Over a limit every way in shares (a note too long, a link longer than Axis stores, too many
            # tags or links): this one is reported and the rest go on.
            result.skipped.append(report | {"reason": " ".join(error.messages)})
            continue
        mine.add(same)
        drafts.append(draft)
        anchored.append((report, where))
    result.created = annotation_spans_insert(article=article, by=by, drafts=drafts)
    result.anchored = [report | {"annotation": created.pk, "how": where.how, "errors": where.errors}
                       for (report, where), created in zip(anchored, result.created, strict=True)]
    audit_record(workspace=article.workspace, actor=by, action="annotation.import", obj=article,
                 after={"created": [a.pk for a in result.created], "unanchored": len(result.unanchored),
                        "skipped": len(result.skipped)})
    return result
