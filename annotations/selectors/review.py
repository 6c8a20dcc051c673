"""Reads for the review page of one article."""

from dataclasses import dataclass
from html import escape  # Django's escapes the same characters, with a costly lazy-string wrapper

from django.core.cache import caches
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    Claim,
    Evidence,
    Label,
    Membership,
    Quote,
    Rating,
    Source,
)
from annotations.selectors.articles import RowDigest, fragment_key, rows_digest, rows_summary


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """What the review page shows of a claim. A page reads hundreds of them at a time, and
    building a model instance for each cost more than rendering them."""

    pk: int
    ordinal: int
    start: int
    end: int
    text: str
    checkworthiness: float
    reasons: list
    has_verdict: bool
    digest: str  # of all the above, computed by the database (`_claim_rows`)


@dataclass(frozen=True)
class ClaimsSummary:
    """The article's claims in three figures, read without reading the claims."""

    count: int
    without_verdict: int
    digest: str  # `rows_digest` of the claims


def _claim_rows(article: Article, pk: int | None = None) -> QuerySet[Claim]:
    """Return the article's claims (or the one with `pk`), each with `has_verdict` and `row_digest`, an MD5 of every
    field shown."""
    # An annotation counts toward "has a verdict" in any state but rejected.
    # The claims with a verdict are read once, as a set (a hashed subplan over the article's
    # annotations), rather than asked per claim: an `Exists` per claim let PostgreSQL pick a
    # plan from the statistics, and on rows not yet analysed it read every live annotation of
    # the table for each claim (6 s at 5,000 claims). `NOT state = rejected` uses no index on
    # state, so the set comes from the article's index whatever the statistics say. The
    # claim_id filter keeps NULL out of the set: `IN` a set holding NULL is NULL, not false.
    with_verdict = Annotation.objects.filter(article=article, claim__isnull=False, verdict__isnull=False).exclude(
        state=AnnotationState.REJECTED)
    claims = Claim.objects.filter(article=article)
    if pk is not None:
        claims, with_verdict = claims.filter(pk=pk), with_verdict.filter(claim_id=pk)
    has_verdict = ExpressionWrapper(Q(pk__in=with_verdict.values("claim_id")), output_field=BooleanField())
    return (claims.annotate(has_verdict=has_verdict)
            .annotate(row_digest=RowDigest("pk", "ordinal", "start", "end", "text", "checkworthiness", "reasons",
                                            "has_verdict")))


def claims_for_review(*, article: Article, pk: int | None = None) -> list[ClaimRow]:
    """Return the article's claims in reading order (or the one with `pk`), each flagged `has_verdict`."""
    rows = _claim_rows(article, pk).order_by("ordinal").values_list(
        "pk", "ordinal", "start", "end", "text", "checkworthiness", "reasons", "has_verdict", "row_digest")
    return [ClaimRow(*row) for row in rows]


def claims_summary(*, article: Article) -> ClaimsSummary:
    """Return how many claims the article has, how many lack a verdict and their digest, in one query.

    The review page needs no more than this when its claim list comes from the cache.
    """
    digest, count, with_verdict = rows_summary(_claim_rows(article).order_by(), "has_verdict")
    return ClaimsSummary(count, count - with_verdict, digest)


def quotes_for_review(*, article: Article) -> QuerySet[Quote]:
    """Return the article's quotes, rejected ones included, with their sources."""
    return Quote.objects.filter(article=article).select_related("source").order_by("start")


def annotation_visible_to(*, user, membership: Membership) -> Q:
    """Return the filter of annotations a member may see: fact-checkers see approved work only,
    others everything but someone else's drafts."""
    if membership.role == Membership.Role.FACTCHECKER:
        return Q(state=AnnotationState.APPROVED)
    return ~Q(state=AnnotationState.DRAFT) | Q(author=user)


def target_filter(target: tuple) -> Q:
    """Return the filter of annotations on a parsed target: ("claim", id), ("quote", id) or ("span", (s, e))."""
    kind, value = target
    if kind == "claim":
        return Q(claim_id=value)
    if kind == "quote":
        return Q(quote_id=value)
    return Q(start=value[0], end=value[1])


def annotations_for_review(*, article: Article, visible: Q) -> QuerySet[Annotation]:
    """Return the article's visible annotations with everything the panel shows, in three queries."""
    return (
        Annotation.objects.filter(visible, article=article)
        .select_related("author", "verdict")
        .prefetch_related(
            Prefetch("tags", queryset=Label.objects.only("id", "name")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
        )
        .order_by("created", "id")
    )


def annotation_overview(*, article: Article, visible: Q) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Return the visible annotations' count per state and the spans they cover, in one query."""
    counts: dict[str, int] = {}
    spans = []
    rows = Annotation.objects.filter(visible, article=article).values_list("state", "start", "end")
    for state, start, end in rows:
        counts[state] = counts.get(state, 0) + 1
        if start is not None:
            spans.append((start, end))
    return counts, spans


def labels_and_ratings(*, workspace_id: int) -> tuple[list[Label], list[Rating]]:
    """Return the workspace's label set and rating scale, the choices of an annotation's form."""
    return list(Label.objects.filter(workspace_id=workspace_id)), list(Rating.objects.filter(workspace_id=workspace_id))


def sources_for_article(*, article: Article) -> list[Source]:
    """Return the sources quoted in the article by name, the choices for a speaker in a correction.

    Not the workspace's: an archive has tens of thousands. Anyone else is named in
    the correction, and a source of that name in the workspace is used (`corrections._source`).
    """
    return list(Source.objects.filter(quotes__article=article).distinct()
                .only("id", "name", "role", "organization").order_by("name", "id"))


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


def article_text_html(article: Article, *, claims, quotes, spans) -> SafeString:
    """Return the clean text as HTML runs carrying their offsets, claims and quotes.

    Every character of the text is inside exactly one run (`data-o` is its first
    offset), so the browser's selection maps back to code-point offsets. Claim
    markers and speaker labels are empty elements: they add no text to a selection.
    """
    text = article.clean_text
    claim_by_id = {c.pk: c for c in claims}
    quote_by_id = {q.pk: q for q in quotes}
    # Each speaker is named once, at the end of the paragraph where their quote ends.
    labels_at: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.state == Quote.State.REJECTED:
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
            classes.append("q-rejected" if quote.state == Quote.State.REJECTED else "q")
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


def review_fragments(article: Article, *, claims: ClaimsSummary, quotes, spans) -> tuple[SafeString, SafeString]:
    """Return the article's text and its claim list as HTML, from the cache when they were built before.

    Building them is most of the review page's work. The cache key is a digest of
    everything they show (the claims with their scores and verdict flags, the quotes
    with their states and speakers, the reader's visible spans), so any change gives a
    new key: nothing to invalidate and nothing stale. The claims come in as their
    summary, and are read only to build the HTML; the key it is stored under is made
    from the claims read, so what a later request finds always matches its key. The
    clean text itself never changes once analysed (a database rule); its length and
    analysis time are in the key.
    """
    def key_for(claims_digest_: str) -> str:
        made_of = (
            article.pk, len(article.clean_text), article.analysed_at, claims_digest_,
            [(q.pk, q.start, q.end, q.state, q.source_id, q.source.describe()) for q in quotes],
            sorted(spans),
        )
        return "review:" + fragment_key(made_of)

    cache = caches["fragments"]
    if (found := cache.get(key_for(claims.digest))) is not None:
        return mark_safe(found[0]), mark_safe(found[1])
    rows = claims_for_review(article=article)
    text_html = article_text_html(article, claims=rows, quotes=quotes, spans=spans)
    list_html = claim_list_html(sorted(rows, key=lambda c: (-c.checkworthiness, c.ordinal)))
    cache.set(key_for(rows_digest(row.digest for row in rows)), (str(text_html), str(list_html)))
    return text_html, list_html
