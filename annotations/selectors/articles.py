"""Reads about articles and what the machine found in them."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from annotations.models import Annotation, Article, Claim, Membership, Quote
from annotations.services.audit import audit_snapshot

# The attributes `article_annotation_counts` sets, one per annotation state.
STATE_COUNTS = [f"{state}_count" for state in Annotation.State.values]


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


def article_list_for_user(*, user: AbstractBaseUser, title: str = "") -> QuerySet[Article]:
    """Return the articles of the user's workspaces with their claim and quote counts, newest first.

    `title` keeps the articles whose title contains it (any case). The annotation
    counts come from `article_annotation_counts` for the page shown, in one query.
    """
    ref = OuterRef("pk")
    articles = Article.objects.filter(workspace__memberships__user=user)
    if title.strip():
        articles = articles.filter(title__icontains=title.strip())
    return (
        articles.select_related("workspace")
        .defer("raw_text", "clean_text")
        .annotate(
            claim_count=_count(Claim.objects, article_id=ref),
            quote_count=_count(Quote.objects.exclude(state=Quote.State.REJECTED), article_id=ref),
        )
        .order_by("-created", "-id")
    )


def article_annotation_counts(articles: list[Article]) -> None:
    """Set each article's annotation counts: in all (`annotation_count`) and per state (`approved_count`...).

    One query for the articles together, grouped by article and state.
    """
    counts: dict[int, dict[str, int]] = {article.pk: {} for article in articles}
    rows = (Annotation.objects.filter(article_id__in=list(counts)).order_by()
            .values_list("article_id", "state").annotate(n=Count("pk")))
    for article_id, state, n in rows:
        counts[article_id][state] = n
    for article in articles:
        found = counts[article.pk]
        article.annotation_count = sum(found.values())
        for state, name in zip(Annotation.State.values, STATE_COUNTS, strict=True):
            setattr(article, name, found.get(state, 0))


def article_rows_key(articles: list[Article]) -> str:
    """Return a digest of everything the article list's rows can show, as their cache key.

    Every stored field but the two texts (as the audit trail records them), the
    workspace's name and the counts: a row that changes in any of them changes the
    key, so the cached rows are never stale.
    """
    counts = ["claim_count", "quote_count", "annotation_count", *STATE_COUNTS]
    return fragment_key([(audit_snapshot(a), a.workspace.name, [getattr(a, name) for name in counts])
                         for a in articles])


def fragment_key(made_of) -> str:
    """Return a short digest of `made_of`, the values a cached piece of HTML is built from."""
    return hashlib.blake2b(repr(made_of).encode(), digest_size=20).hexdigest()


def article_get_for_user(*, user: AbstractBaseUser, pk: int) -> tuple[Article, Membership]:
    """Return the article and the user's membership in its workspace, or raise Http404.

    A member of another workspace gets the same 404 as for an id that does not exist.
    """
    membership = (
        Membership.objects.filter(user=user, workspace__articles__pk=pk).select_related("workspace").first()
    )
    if membership is None:
        raise Http404("No such article.")
    article = Article.objects.select_related("workspace").get(pk=pk)
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


