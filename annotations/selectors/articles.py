"""Reads about articles and what the machine found in them."""

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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

from annotations import access
from annotations.models import Annotation, Article, Claim, Membership, Quote
from annotations.selectors.visibility import annotation_visible_in, workspaces_reading_approved_only
from annotations.services.audit import AUDIT_SKIP_FIELDS

# The per-state annotation counts each article of `article_page_for_user` carries (`annotation_count` is all).
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
    return access.membership_list(user=user)


@dataclass(frozen=True)
class ArticleCursor:
    """A place in the article list: the (created, id) of a row, and whether to read the rows newer than it
    (the page before) or older (the page after). Page links carry it as `<microseconds since 1970>_<id>`."""

    created: datetime
    pk: int
    newer: bool = False

    @classmethod
    def parse(cls, value: str | None, *, newer: bool) -> "ArticleCursor | None":
        """Return the cursor a page link carries, or None for one missing or not of that form."""
        try:
            micros, pk = (value or "").split("_")
            return cls(EPOCH + timedelta(microseconds=int(micros)), int(pk), newer)
        except (ValueError, OverflowError):  # not two numbers, or a date outside years 1 to 9999
            return None

    @classmethod
    def of(cls, article: Article) -> str:
        """Return the cursor of an article's place, as page links carry it."""
        return f"{(article.created - EPOCH) // timedelta(microseconds=1)}_{article.pk}"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ArticlePage:
    """A page of the article list, newest first, read from a cursor (or from the newest without one)."""

    rows: QuerySet[Article]  # the page in reading order, and one row more when there is more that way
    cursor: ArticleCursor | None
    size: int

    def shown(self, read: list[Article]) -> list[Article]:
        """Return the rows of the page, newest first, out of those `rows` read."""
        rows = read[: self.size]
        return rows[::-1] if self.cursor is not None and self.cursor.newer else rows

    def has_newer(self, count: int) -> bool:
        """Return whether there are newer rows than the page's, from how many `rows` holds."""
        return self.cursor is not None and (not self.cursor.newer or count > self.size)

    def has_older(self, count: int) -> bool:
        """Return whether there are older rows than the page's, from how many `rows` holds."""
        return (self.cursor is not None and self.cursor.newer) or count > self.size


def article_page_for_user(*, user: AbstractBaseUser, memberships: list[Membership], title: str = "",
                          cursor: ArticleCursor | None = None, size: int) -> ArticlePage:
    """Return a page of `size` articles of the user's workspaces (their `memberships`), newest first from
    `cursor`.

    Each article carries its claim and quote counts, its annotation count in all and
    per state (`STATE_COUNTS`), `pending` (awaiting analysis), and `row_digest`: a digest
    of every stored field but the texts (as the audit trail records them), the
    workspace's name, the claim and quote counts and the states of its annotations (which
    every annotation count follows from), counting only the annotations the user may read.
    `title` keeps the articles whose title contains it (any case).

    Keyset pagination on (created, id): a page costs the same at any depth and however
    many articles there are, and rows added between two page loads neither repeat nor
    skip a row. The workspace ids come from the memberships already read, not a join, and each
    workspace's page is read from its own index scan (`article_workspace_created_id`)
    and the few results merged: the join, or an IN over several workspaces, left
    PostgreSQL to sort every article of the user's workspaces for each page. The
    packaged keyset paginators read one queryset in one order, which is that sort.
    """
    checking = workspaces_reading_approved_only(roles={m.workspace_id: m.role for m in memberships})
    rows = _article_rows(user.pk, checking)
    if not memberships:
        return ArticlePage(rows.none(), cursor, size)
    newer = cursor is not None and cursor.newer
    order = ["created", "id"] if newer else ["-created", "-id"]
    branches = []
    for workspace_id in sorted({m.workspace_id for m in memberships}):
        branch = Article.objects.filter(workspace_id=workspace_id)
        if title.strip():
            branch = branch.filter(title__icontains=title.strip())
        if cursor is not None and newer:
            # `created >= c` bounds the index scan; the OR only sorts out rows created at c itself.
            branch = branch.filter(Q(created__gt=cursor.created) | Q(pk__gt=cursor.pk), created__gte=cursor.created)
        elif cursor is not None:
            branch = branch.filter(Q(created__lt=cursor.created) | Q(pk__lt=cursor.pk), created__lte=cursor.created)
        branches.append(branch.order_by(*order).values("pk")[: size + 1])
    ids = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return ArticlePage(rows.filter(pk__in=ids).order_by(*order)[: size + 1], cursor, size)


@functools.lru_cache(maxsize=512)
def _article_rows(user_id: int, checking: frozenset[int]) -> QuerySet[Article]:
    """Return every article with the counts and digest of `article_page_for_user`, as the user sees them.

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
    count: int  # how many rows the page read: one more than it shows when there is more
    pending: bool  # whether any of them awaits analysis


def article_page_summary(page: ArticlePage) -> ArticlePageSummary:
    """Return the digest of a page's rows, how many there are and whether any awaits analysis, in one query.

    The rows are those `page.rows` reads, the one past the page included.
    """
    digest, count, pending = rows_summary(page.rows, "pending")
    return ArticlePageSummary(digest, count, pending > 0)


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


def article_status_get(*, user: AbstractBaseUser, pk: int) -> Article | None:
    """Return the article's analysis state (`status`, `analysis_error` only), or None unless the user is a member."""
    return (
        Article.objects.filter(pk=pk, workspace__memberships__user=user)
        .only("status", "analysis_error")
        .first()
    )
