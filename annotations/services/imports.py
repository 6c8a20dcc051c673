"""Import of W3C Web Annotations made elsewhere (Hypothesis, another Axis) onto an existing article.

Each annotation is anchored on the article's clean text by its
TextPositionSelector when the text at those offsets is its quote, else by its
TextQuoteSelector: the exact text, with prefix and suffix to choose between
several occurrences. Nothing is guessed beyond exact matches: a target that
cannot be anchored is reported with the reason, and so is one that anchors
but has nothing Axis can keep. Each anchored one becomes a draft span
annotation of the importing user, through annotation_create.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.graphemes import grapheme_snap
from annotations.models import Annotation, Article, Label, Membership, Rating
from annotations.services.annotations import CANNOT_ANNOTATE, NOT_A_MEMBER, annotation_create
from annotations.services.audit import audit_record

MAX_IMPORT = 5000
# A quote that occurs more often than this is reported as ambiguous without counting further.
MAX_OCCURRENCES = 1000
NOT_ANALYSED = "This article has not been analysed yet: there is no text to anchor to."
NO_ANNOTATIONS = "Send a Web Annotation, a list of them, an AnnotationPage or an AnnotationCollection."
TOO_MANY = f"Send at most {MAX_IMPORT:,} annotations at once."
NO_SELECTOR = "The target has no TextQuoteSelector or TextPositionSelector."
POSITION_ONLY = "The target has only a TextPositionSelector, with no quote to check it against."
QUOTE_NOT_FOUND = "The quoted text does not occur in this article."
QUOTE_AMBIGUOUS = "The quoted text occurs {n} times here and its prefix and suffix do not single one out."
NOTHING_TO_KEEP = "It has no comment, known tag, known verdict or web link to keep."
ALREADY_IMPORTED = "You already have an annotation with this span and note on this article."

ANNOTATION_TYPES = {"Annotation", "oa:Annotation", "http://www.w3.org/ns/oa#Annotation"}
COMMENT_PURPOSES = {"", "commenting", "describing", "replying", "questioning", "highlighting"}


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class ImportResult:
    created: list[Annotation] = field(default_factory=list)
    # {"id": the annotation's own id or None, "index": its place in the input, "reason": …}
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
    """Yield the annotations of a document: an annotation, a list, a page, a collection or a JSON-LD @graph."""
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
                # Pages and collections; a page's `next` may be embedded, or (a link) ignored.
                stack.extend(node[key] for key in ("next", "items", "first", "@graph")
                             if isinstance(node.get(key), list | dict))


def _selectors(annotation: dict) -> tuple[tuple[int, int] | None, Quote | None]:
    """Return the first target's position and quote selectors, either of them None when absent or malformed."""
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
                exact, prefix, suffix = (selector.get(k, "") for k in ("exact", "prefix", "suffix"))
                if isinstance(exact, str) and exact and isinstance(prefix, str) and isinstance(suffix, str):
                    quote = Quote(exact, prefix, suffix)
    return position, quote


def anchor(text: str, *, position: tuple[int, int] | None, quote: Quote | None) -> tuple[int, int] | str:
    """Return the (start, end) where the selectors anchor on the text, or the reason they do not."""
    if position is not None and quote is not None:
        start, end = position
        if 0 <= start < end <= len(text) and text[start:end] == quote.exact:
            return position
    if quote is None:
        return POSITION_ONLY if position is not None else NO_SELECTOR
    starts, at = [], text.find(quote.exact)
    while at >= 0 and len(starts) <= MAX_OCCURRENCES:
        starts.append(at)
        at = text.find(quote.exact, at + 1)
    if not starts:
        return QUOTE_NOT_FOUND
    if len(starts) > 1:
        fitting = [s for s in starts if (quote.prefix or quote.suffix)
                   and text.endswith(quote.prefix, 0, s) and text.startswith(quote.suffix, s + len(quote.exact))]
        if len(fitting) != 1:
            count = f"more than {MAX_OCCURRENCES:,}" if len(starts) > MAX_OCCURRENCES else len(starts)
            return QUOTE_AMBIGUOUS.format(n=count)
        starts = fitting
    return starts[0], starts[0] + len(quote.exact)


@dataclass
class _Content:
    tags: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _content(annotation: dict) -> _Content:
    """Sort the bodies by purpose: tags, verdicts, comments and links. Corrections (`editing`) are not imported."""
    content = _Content()
    if isinstance(annotation.get("bodyValue"), str):
        content.notes.append(annotation["bodyValue"])
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


def _identity(annotation: dict) -> str | None:
    ident = annotation.get("id", annotation.get("@id"))
    return ident if isinstance(ident, str) else None


@transaction.atomic
def webannotation_import(*, article: Article, data, by: AbstractBaseUser) -> ImportResult:
    """Create a draft span annotation for each Web Annotation in `data` that anchors on the article.

    Reads the workspace's labels and ratings and the importer's spans on the article once.
    """
    membership = Membership.objects.filter(workspace_id=article.workspace_id, user=by).first()
    if membership is None:
        raise ValidationError({"workspace": NOT_A_MEMBER})
    if not membership.can_annotate():
        raise ValidationError({"workspace": CANNOT_ANNOTATE})
    if article.status != Article.Status.READY or not article.clean_text:
        raise ValidationError({"article": NOT_ANALYSED})
    annotations = list(annotations_in(data))
    if not annotations:
        raise ValidationError({"annotations": NO_ANNOTATIONS})
    if len(annotations) > MAX_IMPORT:
        raise ValidationError({"annotations": TOO_MANY})
    labels = {label.name.lower(): label for label in Label.objects.filter(workspace_id=article.workspace_id)}
    ratings = {rating.name.lower(): rating for rating in Rating.objects.filter(workspace_id=article.workspace_id)}
    mine = set(Annotation.objects.filter(article=article, author=by, start__isnull=False)
               .values_list("start", "end", "note"))
    result = ImportResult()
    text = article.clean_text
    for index, item in enumerate(annotations):
        report = {"id": _identity(item), "index": index}
        position, quote = _selectors(item)
        where = anchor(text, position=position, quote=quote)
        if isinstance(where, str):
            result.unanchored.append(report | {"reason": where})
            continue
        where = grapheme_snap(text, *where)  # as annotation_create stores it, for the duplicate check
        content = _content(item)
        tags = list({labels[t.lower()].pk: labels[t.lower()] for t in content.tags if t.lower() in labels}.values())
        result.ignored["tags"].update(t for t in content.tags if t.lower() not in labels)
        verdict = next((ratings[v.lower()] for v in content.verdicts if v.lower() in ratings), None)
        result.ignored["verdicts"].update(v for v in content.verdicts if v.lower() not in ratings)
        links = [url for url in dict.fromkeys(content.links) if url.lower().startswith(("http://", "https://"))]
        result.ignored["links"].update(url for url in content.links if url not in links)
        note = "\n\n".join(n.strip() for n in content.notes if n.strip())
        if (*where, note) in mine:
            result.skipped.append(report | {"reason": ALREADY_IMPORTED})
            continue
        if not (tags or verdict or note or links):
            result.skipped.append(report | {"reason": NOTHING_TO_KEEP})
            continue
        try:
            created = annotation_create(article=article, by=by, start=where[0], end=where[1], tags=tags,
                                        verdict=verdict, note=note, evidence=[{"url": url} for url in links])
        except ValidationError as error:
            # A link longer than Axis stores, say: this one is reported and the rest go on.
            result.skipped.append(report | {"reason": " ".join(error.messages)})
            continue
        mine.add((*where, note))
        result.created.append(created)
    audit_record(workspace=article.workspace, actor=by, action="annotation.import", obj=article,
                 after={"created": [a.pk for a in result.created], "unanchored": len(result.unanchored),
                        "skipped": len(result.skipped)})
    return result
