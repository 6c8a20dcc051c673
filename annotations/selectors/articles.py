"""Reads about articles and what the machine found in them."""

import functools
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from annotations.models import Annotation, Article, Claim, Membership, Quote
from annotations.selectors.visibility import annotation_visible_in
from annotations.services.audit import AUDIT_SKIP_FIELDS

# The per-state annotation counts each article of `article_list_for_user` carries (`annotation_count` is all).
STATE_COUNTS = [f"{state}_count" for state in Annotation.State.values]
PENDING = sorted(Article.Status.PENDING)  # awaiting analysis (ARTICLE_TRANSITIONS, models.py)


class RowDigest(Func):
    """The MD5 of a row of values as PostgreSQL writes it out as text (`ROW(...)::text`)."""

    template = "md5(ROW(%(expressions)s)::text)"
    output_field = CharField()


def rows_summary(rows: QuerySet, *flags: str) -> tuple:
    """Return the digest of `rows` (each with a `row_digest`), how many there are, and how many have each flag.

    `flags` name boolean columns of the rows (names from the code, never from a
    request: they are written into the SQL). The rows are the queryset's own (its
    filters, order and slice); Django compiles them, and the few lines of SQL here add
    them up: Django's own aggregate over annotated rows took it ten times as long.
    `rows_digest` gives the same digest in Python.
    """
    try:
        selected, params = rows.values("row_digest", *flags).query.sql_with_params()
    except EmptyResultSet:  # Django knows without asking (an empty page, say)
        return (rows_digest([]), 0, *(0 for _ in flags))
    flag_counts = "".join(f', count(*) FILTER (WHERE summed."{flag}")' for flag in flags)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(coalesce(string_agg(summed.row_digest, ',' ORDER BY summed.row_digest COLLATE \"C\"), '')),"
            f" count(*){flag_counts} FROM ({selected}) AS summed",
            params,
        )
        return cursor.fetchone()


def rows_digest(row_digests) -> str:
    """Return the digest of rows from their `RowDigest`s, in any order, as `rows_summary` computes it."""
    return hashlib.md5(",".join(sorted(row_digests)).encode()).hexdigest()


def _count(queryset: QuerySet, **filters) -> Coalesce:
    """Return a correlated COUNT subquery; separate joins would multiply each other's rows."""
    counted = (
        queryset.filter(**filters)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def membership_list_for_user(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    """Return the user's memberships with their workspaces."""
    return Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")


def article_list_for_user(*, user: AbstractBaseUser, title: str = "",
                          memberships: list[Membership] | None = None) -> QuerySet[Article]:
    """Return the articles of the user's workspaces with their counts, newest first.

    Each article carries its claim and quote counts, its annotation count in all and
    per state (`STATE_COUNTS`), `pending` (awaiting analysis), and `row_digest`: a digest
    of every stored field but the texts (as the audit trail records them), the
    workspace's name, the claim and quote counts and the states of its annotations (which
    every annotation count follows from), counting only the annotations the user may read.
    `title` keeps the articles whose title contains it (any case). `memberships` are the
    user's, when the caller has read them already.
    """
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user))
    checking = frozenset(m.workspace_id for m in memberships if m.role == Membership.Role.FACTCHECKER)
    articles = _article_rows(user.pk, checking).filter(workspace__memberships__user=user)
    if title.strip():
        articles = articles.filter(title__icontains=title.strip())
    return articles


@functools.lru_cache(maxsize=512)
def _article_rows(user_id: int, checking: frozenset[int]) -> QuerySet[Article]:
    """Return every article with the counts and digest of `article_list_for_user`, as the user sees them.

    Built once per process and user: building its subqueries took longer than running
    them. It is never evaluated itself; each caller filters it, which makes a copy. The
    annotation counts leave out what the user may not read (`annotation_visible_in`:
    other people's drafts; in `checking`, the workspaces where they check facts, all but
    approved work), and so does the digest, so a cached table is only ever one that
    shows the same counts.
    """
    ref = OuterRef("pk")
    annotations = Annotation.objects.filter(annotation_visible_in(user_id=user_id, checking=checking))
    counts = {
        "claim_count": _count(Claim.objects, article_id=ref),
        "quote_count": _count(Quote.objects.exclude(state=Quote.State.REJECTED), article_id=ref),
        "annotation_count": _count(annotations, article_id=ref),
    } | {name: _count(annotations, article_id=ref, state=state)
         for state, name in zip(Annotation.State.values, STATE_COUNTS, strict=True)}
    shown = [f.attname for f in Article._meta.concrete_fields if f.attname not in AUDIT_SKIP_FIELDS]
    # The digest takes the states of the article's annotations in one subquery rather than
    # the six counts made from them, so that a cached page's digest runs three, not eight.
    states = (annotations.filter(article_id=ref).order_by().values("article_id")
              .annotate(states=StringAgg("state", delimiter=Value(","), order_by="state")).values("states"))
    return (
        Article.objects.select_related("workspace")
        .defer(*AUDIT_SKIP_FIELDS)
        .annotate(**counts)
        .annotate(row_digest=RowDigest(*shown, "workspace__name", "claim_count", "quote_count", Subquery(states)),
                  pending=ExpressionWrapper(Q(status__in=PENDING), output_field=BooleanField()))
        .order_by("-created", "-id")
    )


@dataclass(frozen=True)
class ArticlePageSummary:
    digest: str  # `rows_digest` of the page's articles
    pending: bool  # whether any of them awaits analysis


def article_page_summary(page: QuerySet[Article]) -> ArticlePageSummary:
    """Return the digest of a page of `article_list_for_user` and whether any awaits analysis, in one query."""
    digest, _, pending = rows_summary(page, "pending")
    return ArticlePageSummary(digest, pending > 0)


def fragment_key(made_of) -> str:
    """Return a short digest of `made_of`, the values a cached piece of HTML is built from."""
    return hashlib.blake2b(repr(made_of).encode(), digest_size=20).hexdigest()


def article_get_for_user(*, user: AbstractBaseUser, pk: int) -> tuple[Article, Membership]:
    """Return the article and the user's membership in its workspace, or raise Http404.

    A member of another workspace gets the same 404 as for an id that does not exist.
    """
    # One query on every review request: the membership's columns ride along with the article.
    columns = [field.attname for field in Membership._meta.concrete_fields]
    try:
        article = (
            Article.objects.select_related("workspace")
            .filter(pk=pk, workspace__memberships__user=user)
            .annotate(**{f"membership_{name}": F(f"workspace__memberships__{name}") for name in columns})
            .get()
        )
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    membership = Membership.from_db(article._state.db, columns,
                                    [getattr(article, f"membership_{name}") for name in columns])
    membership.workspace = article.workspace
    return article, membership


def claim_list_for_article(*, article: Article) -> QuerySet[Claim]:
    """Return the article's claims in reading order."""
    return Claim.objects.filter(article=article).order_by("ordinal")


def quote_list_for_article(*, article: Article) -> QuerySet[Quote]:
    """Return the article's quotes with their sources, in reading order."""
    return (
        Quote.objects.filter(article=article)
        .exclude(state=Quote.State.REJECTED)
        .select_related("source")
        .order_by("start")
    )


def annotation_counts_for_article(*, article: Article) -> dict[str, int]:
    """Return the number of the article's annotations in each state."""
    rows = Annotation.objects.filter(article=article).values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


