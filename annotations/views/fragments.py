"""Pieces of HTML that most of a page's work goes into, kept in the per-process "fragments" cache.

A piece is stored under a digest of everything it shows, computed by the database
on each request (settings.CACHES: each process's own memory, 64 pieces), so any
change gives a new key: nothing to invalidate, nothing stale, nothing to share
between servers. The review page keeps its text and claim list here, the home
page its table of articles.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape  # Django's escapes the same characters, with a costly lazy-string wrapper
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

from annotations import selectors
from annotations.choices import QuoteState
from annotations.selectors.review import ClaimsSummary

if TYPE_CHECKING:
    from annotations.models import Article, Quote


def fragment_key(made_of) -> str:
    """Return a short digest of `made_of`, the values a cached piece of HTML is built from."""
    return hashlib.blake2b(repr(made_of).encode(), digest_size=20).hexdigest()


def cached_fragments(kind: str, digest: str,
                     build: Callable[[], tuple[str, Iterable[str]]]) -> tuple[SafeString, ...]:
    """Return the pieces of HTML stored under `kind` and `digest`, or build and store them.

    `build` reads the rows and returns their digest with the pieces built from them.
    They are stored under that digest, not the one asked for, so what a later request
    finds always matches its key even when the rows changed in between.
    """
    cache = caches["fragments"]
    if (found := cache.get(f"{kind}:{digest}")) is not None:
        return tuple(mark_safe(piece) for piece in found)
    built_digest, pieces = build()
    pieces = tuple(mark_safe(piece) for piece in pieces)
    cache.set(f"{kind}:{built_digest}", tuple(str(piece) for piece in pieces))
    return pieces


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    claim: int | None
    quote: int | None
    spans: int


def text_segments(text: str, *, claims, quotes, spans) -> list[Segment]:
    """Cut the text at every claim, quote and span boundary into runs that belong to one of each."""
    cuts = {0, len(text)}
    for item in (*claims, *quotes):
        cuts.update((item.start, item.end))
        # Paragraph ends, where speaker labels go.
        paragraph_end = text.find("\n", item.end)
        cuts.add(len(text) if paragraph_end < 0 else paragraph_end)
    for start, end in spans:
        cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    claim_at = _owner_lookup(claims)
    quote_at = _owner_lookup(quotes)
    span_edges = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    segments, depth, edge = [], 0, 0
    for start, end in zip(points, points[1:]):
        while edge < len(span_edges) and span_edges[edge][0] <= start:
            depth += span_edges[edge][1]
            edge += 1
        segments.append(Segment(start, end, claim_at(start), quote_at(start), depth))
    return segments


def _owner_lookup(items):
    """Return a function giving the id of the item covering an offset; offsets must be asked in order."""
    ordered = sorted(items, key=lambda item: item.start)
    position = 0

    def owner(offset: int) -> int | None:
        nonlocal position
        while position < len(ordered) and ordered[position].end <= offset:
            position += 1
        if position < len(ordered) and ordered[position].start <= offset:
            return ordered[position].pk
        return None

    return owner


def article_text_html(article: "Article", *, claims, quotes, spans) -> SafeString:
    """Return the clean text as HTML runs carrying their offsets, claims and quotes.

    Every character of the text is inside exactly one run (`data-o` is its first
    offset), so the browser's selection maps back to code-point offsets. Claim
    markers and speaker labels are empty elements: they add no text to a selection.
    """
    text = article.clean_text
    claim_by_id = {c.pk: c for c in claims}
    quote_by_id = {q.pk: q for q in quotes}
    # Each speaker is named once, at the end of the paragraph where their quote ends.
    labels_at: "dict[int, list[Quote]]" = {}
    for quote in quotes:
        if quote.state == QuoteState.REJECTED:
            continue
        paragraph_end = text.find("\n", quote.end)
        at = labels_at.setdefault(len(text) if paragraph_end < 0 else paragraph_end, [])
        if all(other.source_id != quote.source_id for other in at):
            at.append(quote)
    parts = []
    for seg in text_segments(text, claims=claims, quotes=quotes, spans=spans):
        claim = claim_by_id.get(seg.claim)
        if claim is not None and claim.start == seg.start:
            parts.append(
                f'<span class="cm" data-claim="{claim.pk}" data-score="{claim.checkworthiness:.2f}" '
                f'aria-hidden="true"></span>'
            )
        classes = ["s"]
        attrs = [f'data-o="{seg.start}"']
        if claim is not None:
            classes.append("c")
            attrs.append(f'data-c="{claim.pk}"')
        quote = quote_by_id.get(seg.quote)
        if quote is not None:
            classes.append("q-rejected" if quote.state == QuoteState.REJECTED else "q")
            attrs.append(f'data-q="{quote.pk}"')
        if seg.spans:
            classes.append("a")
        parts.append(f'<span class="{" ".join(classes)}" {" ".join(attrs)}>{escape(text[seg.start:seg.end])}</span>')
        for quote in labels_at.get(seg.end, ()):
            speaker = escape(quote.source.describe())
            parts.append(
                f'<span class="qs" data-q="{quote.pk}" data-speaker="— {speaker}" role="button" tabindex="0" '
                f'aria-label="Quote by {speaker}"></span>'
            )
    return mark_safe("".join(parts))


def claim_list_html(claims) -> SafeString:
    """Return the overview's claim list items; built here because a template loop over
    thousands of claims costs more than the rest of the page."""
    items = []
    for claim in claims:
        reasons = escape(", ".join(claim.reasons) or "no signals")
        text = claim.text if len(claim.text) <= 110 else claim.text[:109] + "…"
        items.append(
            f'<li data-claim="{claim.pk}" data-score="{claim.checkworthiness:.3f}" data-ordinal="{claim.ordinal}" '
            f'data-verdict="{1 if claim.has_verdict else 0}"><a href="?target=claim:{claim.pk}" '
            f'data-target="claim:{claim.pk}" title="{reasons}"><span class="score-chip">'
            f"{claim.checkworthiness:.2f}</span> {escape(text)}</a></li>"
        )
    return mark_safe("".join(items))


def review_fragments(article: "Article", *, claims: ClaimsSummary, quotes, spans) -> tuple[SafeString, SafeString]:
    """Return the article's text and its claim list as HTML, from the cache when they were built before.

    Building them is most of the review page's work. The key is a digest of
    everything they show (the claims with their scores and verdict flags, the quotes
    with their states and speakers, the reader's visible spans). The claims come in as
    their summary, and are read only to build the HTML. The clean text itself never
    changes once analysed (a database rule); its length and analysis time are in the key.
    """
    def key_for(claims_digest: str) -> str:
        return fragment_key((
            article.pk, len(article.clean_text), article.analysed_at, claims_digest,
            [(q.pk, q.start, q.end, q.state, q.source_id, q.source.describe()) for q in quotes],
            sorted(spans),
        ))

    def build() -> tuple[str, tuple[SafeString, SafeString]]:
        rows = selectors.claims_for_review(article=article)
        text_html = article_text_html(article, claims=rows, quotes=quotes, spans=spans)
        list_html = claim_list_html(sorted(rows, key=lambda c: (-c.checkworthiness, c.ordinal)))
        return key_for(selectors.rows_digest(row.digest for row in rows)), (text_html, list_html)

    text_html, list_html = cached_fragments("review", key_for(claims.digest), build)
    return text_html, list_html
