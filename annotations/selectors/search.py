"""Search across the caller's workspaces: articles, claims, quotes, sources and annotation notes.

Every searchable row carries a stored `search` tsvector that PostgreSQL generates from the row
itself (models.py), with a GIN index; a query is `websearch_to_tsquery` (quotes for phrases, `or`,
`-word`), ranked by `ts_rank_cd` and shown with a `ts_headline` snippet. Articles are searched in
the text search configuration of their language (`search_config`); claims, quotes, sources and
notes in "simple", since a generated column reads only its own row and their language lives on
the article.

Only the caller's workspaces are searched, and notes through the one visibility rule
(selectors/visibility.py). Each kind is one query.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, TruncDate
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotations import access
from annotations.models import (
    SEARCH_CONFIGS,
    SEARCH_SIMPLE,
    Annotation,
    Article,
    Claim,
    Quote,
    Rating,
    Source,
)
from annotations.selectors.visibility import annotation_visibility

KINDS = ("article", "claim", "quote", "source", "note")
KIND_LABELS = {"article": "Articles", "claim": "Claims", "quote": "Quotes", "source": "Sources",
               "note": "Annotation notes"}
# ts_headline marks the matches with these (private-use characters no article holds); the snippet is
# HTML-escaped with them in place, then they become <mark> and </mark>.
START_SEL, STOP_SEL = "\ue000", "\ue001"
HEADLINE = {"start_sel": START_SEL, "stop_sel": STOP_SEL, "max_words": 30, "min_words": 12,
            "max_fragments": 2, "fragment_delimiter": " … "}
STATES = Annotation.State.values  # what `state` may be
CONFIGS = sorted({*SEARCH_CONFIGS.values(), SEARCH_SIMPLE})

NO_SUCH_VERDICT = "No rating of that name in the workspaces searched."


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search; a filter that does not apply to a kind leaves that kind out."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    verdict: str = ""  # a rating's name
    state: str = ""  # an annotation state
    speaker: str = ""  # part of a source's name

    def applies_to(self, kind: str) -> bool:
        """Return whether every filter set has a meaning for the kind."""
        if (self.verdict or self.state) and kind not in ("claim", "quote", "note"):
            return False
        return not (self.speaker and kind not in ("quote", "source"))


def snippet_html(snippet: str | None) -> SafeString:
    """Return the headline HTML-escaped, with its matches in <mark>."""
    escaped = escape(snippet or "")
    return mark_safe(escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))  # noqa: S308 - escaped above


def search_scope(*, user: AbstractBaseUser) -> tuple[dict[int, str], dict[str, int]]:
    """Return the caller's {workspace id: role} and {workspace slug: id}, by workspace name. One query."""
    if not user.is_authenticated:
        return {}, {}
    rows = list(access.membership_list(user=user).values_list("workspace_id", "role", "workspace__slug"))
    return {ws: role for ws, role, _ in rows}, {slug: ws for ws, _, slug in rows}


def search_verdict_exists(*, workspace_ids: list[int], verdict: str) -> bool:
    """Return whether a rating of that name (any case) is in one of the workspaces. One query."""
    return Rating.objects.filter(workspace_id__in=workspace_ids, name__iexact=verdict).exists()


def _query(q: str, config: str = SEARCH_SIMPLE) -> SearchQuery:
    return SearchQuery(q, config=config, search_type="websearch")


def _article_date(prefix: str = "") -> Coalesce:
    return Coalesce(f"{prefix}published", TruncDate(f"{prefix}created"))


def _dated(queryset: QuerySet, filters: SearchFilters, prefix: str) -> QuerySet:
    if filters.date_from or filters.date_to:
        queryset = queryset.alias(search_date=_article_date(prefix))
    if filters.date_from:
        queryset = queryset.filter(search_date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(search_date__lte=filters.date_to)
    return queryset


def _annotation_filter(filters: SearchFilters) -> Q:
    condition = Q()
    if filters.verdict:
        condition &= Q(verdict__name__iexact=filters.verdict)
    if filters.state:
        condition &= Q(state=filters.state)
    return condition


def _simple(queryset: QuerySet, q: str, text) -> QuerySet:
    query = _query(q)
    return queryset.filter(search=query).annotate(
        rank=SearchRank(F("search"), query, cover_density=True),
        snippet=SearchHeadline(text, query, config=SEARCH_SIMPLE, **HEADLINE),
    )


def _articles(q: str, workspace_ids: list[int], filters: SearchFilters) -> QuerySet:
    # The GIN index answers one tsquery: the query in every configuration, OR-ed. A row is then
    # kept only if it matches the query in its own configuration (one CASE arm per row), so a
    # stem of one language never finds a word of another.
    queries = {config: _query(q, config) for config in CONFIGS}
    anywhere = queries[CONFIGS[0]]
    for config in CONFIGS[1:]:
        anywhere = anywhere | queries[config]
    own = Case(*(When(Q(search_config=c, search=queries[c]), then=Value(True)) for c in CONFIGS),
               default=Value(False), output_field=BooleanField())
    # CONCAT_WS skips a NULL: an article without a byline has no empty part.
    text = Func(Value(". "), "title", NullIf("byline", Value("")), "clean_text", function="CONCAT_WS",
                output_field=TextField())
    rank = Case(*(When(search_config=c, then=SearchRank(F("search"), queries[c], cover_density=True))
                  for c in CONFIGS), output_field=FloatField())
    snippet = Case(*(When(search_config=c, then=SearchHeadline(text, queries[c], config=c, **HEADLINE))
                     for c in CONFIGS), output_field=TextField())
    articles = (Article.objects.filter(search=anywhere, workspace_id__in=workspace_ids)
                .alias(own_match=own).filter(own_match=True)
                .only("id", "title", "workspace_id", "published", "created")
                .annotate(rank=rank, snippet=snippet))
    return _dated(articles, filters, "")


def _claims(q: str, workspace_ids: list[int], filters: SearchFilters, visible: Q) -> QuerySet:
    claims = Claim.objects.filter(article__workspace_id__in=workspace_ids)
    if filters.verdict or filters.state:
        on_claim = Annotation.objects.filter(visible, _annotation_filter(filters), claim=OuterRef("pk"))
        claims = claims.filter(Exists(on_claim))
    claims = claims.select_related("article").only("id", "article__id", "article__title", "article__workspace_id")
    return _simple(_dated(claims, filters, "article__"), q, "text")


def _quotes(q: str, workspace_ids: list[int], filters: SearchFilters, visible: Q) -> QuerySet:
    quotes = Quote.objects.filter(article__workspace_id__in=workspace_ids)
    if filters.verdict or filters.state:
        on_quote = Annotation.objects.filter(visible, _annotation_filter(filters), quote=OuterRef("pk"))
        quotes = quotes.filter(Exists(on_quote))
    if filters.speaker:
        quotes = quotes.filter(source__name__icontains=filters.speaker)
    quotes = quotes.select_related("article", "source").only(
        "id", "article__id", "article__title", "article__workspace_id", "source__id", "source__name")
    return _simple(_dated(quotes, filters, "article__"), q, "text")


def _sources(q: str, workspace_ids: list[int], filters: SearchFilters) -> QuerySet:
    sources = Source.objects.filter(workspace_id__in=workspace_ids)
    if filters.speaker:
        sources = sources.filter(name__icontains=filters.speaker)
    quoted = _dated(Quote.objects.filter(source=OuterRef("pk")), filters, "article__").order_by("-article__created",
                                                                                                   "-id")
    if filters.date_from or filters.date_to:
        sources = sources.filter(Exists(quoted))
    text = Concat("name", Value(", "), "role", Value(", "), "organization", output_field=TextField())
    sources = sources.only("id", "name", "workspace_id").annotate(
        last_quote_id=Subquery(quoted.values("id")[:1]),
        last_quote_article_id=Subquery(quoted.values("article_id")[:1]),
    )
    return _simple(sources, q, text)


def _notes(q: str, workspace_ids: list[int], filters: SearchFilters, visible: Q) -> QuerySet:
    notes = Annotation.objects.filter(visible, _annotation_filter(filters), article__workspace_id__in=workspace_ids)
    notes = notes.select_related("article", "verdict").only(
        "id", "claim_id", "quote_id", "start", "end", "state", "article__id", "article__title",
        "article__workspace_id", "verdict__name")
    return _simple(_dated(notes, filters, "article__"), q, "note")


def search_kind(*, user: AbstractBaseUser, roles: dict[int, str], kind: str, q: str,
                filters: SearchFilters = SearchFilters()) -> QuerySet:
    """Return the matches of one kind in the workspaces of `roles` ({id: role}), best first (a lazy queryset).

    Each row carries `rank` and `snippet` (ts_headline, marked with START_SEL/STOP_SEL: show it through
    snippet_html). Evaluating it is one query.
    """
    workspace_ids = list(roles)
    if not filters.applies_to(kind) or not workspace_ids:
        return Article.objects.annotate(rank=Value(0.0), snippet=Value("")).order_by("-rank", "-id").none()
    visible = annotation_visibility(user=user, roles=roles)
    if kind == "article":
        found = _articles(q, workspace_ids, filters)
    elif kind == "claim":
        found = _claims(q, workspace_ids, filters, visible)
    elif kind == "quote":
        found = _quotes(q, workspace_ids, filters, visible)
    elif kind == "source":
        found = _sources(q, workspace_ids, filters)
    else:
        found = _notes(q, workspace_ids, filters, visible)
    return found.order_by("-rank", "-id")


def search_link(kind: str, row) -> str:
    """Return the path of the exact place of a match: the review page with the claim or quote selected."""
    if kind == "article":
        return reverse("annotations:article-detail", args=[row.pk])
    if kind == "claim":
        return reverse("annotations:article-detail", args=[row.article_id]) + f"?target=claim:{row.pk}"
    if kind == "quote":
        return reverse("annotations:article-detail", args=[row.article_id]) + f"?target=quote:{row.pk}"
    if kind == "source":
        if row.last_quote_id is None:
            return ""
        return reverse("annotations:article-detail", args=[row.last_quote_article_id]) + f"?target=quote:{row.last_quote_id}"
    if row.claim_id:
        return reverse("annotations:article-detail", args=[row.article_id]) + f"?target=claim:{row.claim_id}"
    if row.quote_id:
        return reverse("annotations:article-detail", args=[row.article_id]) + f"?target=quote:{row.quote_id}"
    return reverse("annotations:article-detail", args=[row.article_id]) + f"?target=span:{row.start}-{row.end}"


def search_title(kind: str, row) -> str:
    """Return the heading of a match: the article's title, or the source's name."""
    if kind == "source":
        return row.name
    if kind == "article":
        return row.title
    return row.article.title
