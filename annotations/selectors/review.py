"""Reads for the review page of one article."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    Claim,
    Evidence,
    Label,
    Quote,
    Rating,
    Source,
)
from annotations.nlp.split import split_points
from annotations.selectors.articles import RowDigest, rows_summary


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


# Words of each half a split point's label shows.
SPLIT_LABEL_WORDS = 4


@dataclass(frozen=True)
class SplitChoice:
    """A point where the claim may be split: its offset into the article and the words either side."""

    at: int
    clause: bool
    before: str
    after: str


def claim_split_choices(*, claim) -> list[SplitChoice]:
    """Return where the claim may be split, between two tokens, in reading order (no query)."""
    choices = []
    for point in split_points(claim.text):
        before, after = point.before.split(), point.after.split()
        choices.append(SplitChoice(
            claim.start + point.at, point.clause,
            ("… " if len(before) > SPLIT_LABEL_WORDS else "") + " ".join(before[-SPLIT_LABEL_WORDS:]),
            " ".join(after[:SPLIT_LABEL_WORDS]) + (" …" if len(after) > SPLIT_LABEL_WORDS else ""),
        ))
    return choices


def quotes_for_review(*, article: Article) -> QuerySet[Quote]:
    """Return the article's quotes, rejected ones included, with their sources."""
    return Quote.objects.filter(article=article).select_related("source").order_by("start")


def target_filter(target: tuple) -> Q:
    """Return the filter of annotations on a parsed target: ("claim", id), ("quote", id) or ("span", (s, e))."""
    kind, value = target
    if kind == "claim":
        return Q(claim_id=value)
    if kind == "quote":
        return Q(quote_id=value)
    return Q(start=value[0], end=value[1])


def annotations_for_review(*, article: Article, visible: Q) -> QuerySet[Annotation]:
    """Return the article's visible annotations with everything the panel shows (a correction's
    claim or quote too), in three queries."""
    return (
        Annotation.objects.filter(visible, article=article)
        .select_related("author", "verdict", "claim", "quote__source")
        .prefetch_related(
            Prefetch("tags", queryset=Label.objects.only("id", "name")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
        )
        .order_by("created", "id")
    )


def annotation_get_for_review(*, article: Article, visible: Q, pk: int) -> Annotation | None:
    """Return the article's annotation `pk` with its article and workspace, if it is `visible`, else None."""
    return Annotation.objects.select_related("article__workspace").filter(visible, pk=pk, article=article).first()


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
