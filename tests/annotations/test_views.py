import re
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation, Article
from annotations.views.articles import ARTICLES_PER_PAGE
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    ClaimFactory,
    MembershipFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("annotations:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in to Axis" in response.content


def test_sign_in_with_wrong_password_says_so(client, reviewer):
    response = client.post(reverse("login"), {"username": "rita", "password": "nope"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content


def test_home_lists_the_members_articles_with_counts(reviewer_client, workspace):
    article = ArticleFactory(workspace=workspace, title="Budget passes")
    ClaimFactory(article=article)
    QuoteFactory(article=article)
    response = reviewer_client.get(reverse("annotations:home"))
    assert response.status_code == 200
    assert listed(response) == [article.pk]
    assert b"Budget passes" in response.content
    assert response.content.decode().count('<td class="num">1</td>') == 2  # one claim, one quote


def test_home_shows_each_change_though_its_rows_are_cached(reviewer_client, workspace):
    article = ArticleFactory(workspace=workspace, title="Budget passes")
    for _ in range(2):  # the second time from the cache
        assert '<td class="num">0</td>' in reviewer_client.get(reverse("annotations:home")).content.decode()
    ClaimFactory(article=article)
    assert '<td class="num">1</td>' in reviewer_client.get(reverse("annotations:home")).content.decode()
    Article.objects.filter(pk=article.pk).update(title="Budget fails")
    assert "Budget fails" in reviewer_client.get(reverse("annotations:home")).content.decode()
    annotation = AnnotationFactory(claim=article.claims.get(), state="submitted")
    assert "0 of 1 approved" in reviewer_client.get(reverse("annotations:home")).content.decode()
    Annotation.objects.filter(pk=annotation.pk).update(state="approved")
    assert "1 of 1 approved" in reviewer_client.get(reverse("annotations:home")).content.decode()
    Article.objects.filter(pk=article.pk).update(status="analysing")
    for _ in range(2):  # built, then from the cache: the page still polls for the state
        body = reviewer_client.get(reverse("annotations:home")).content.decode()
        assert "data-status-label>Analysing" in body and "status.js" in body


def test_home_does_not_show_another_workspaces_articles(reviewer_client, other_workspace):
    ArticleFactory(workspace=other_workspace, title="Secret scoop")
    response = reviewer_client.get(reverse("annotations:home"))
    assert b"Secret scoop" not in response.content
    assert listed(response) == []


@pytest.mark.parametrize("count", [3, 6])
def test_home_query_count_does_not_grow_with_articles(reviewer_client, workspace, other_workspace, reviewer, count,
                                                      django_assert_num_queries):
    MembershipFactory(user=reviewer, workspace=other_workspace)
    for article in [*ArticleFactory.create_batch(count, workspace=workspace), ArticleFactory(workspace=other_workspace)]:
        ClaimFactory(article=article)
    # session, user, memberships, the digest of the page (one index scan a workspace), the user's
    # sent-back annotations; and the page of articles with their counts, to build the rows
    with django_assert_num_queries(6):
        response = reviewer_client.get(reverse("annotations:home"))
    assert response.content.decode().count('class="article-title"') == count + 1
    # The rows now come from the cache: the articles are not read again.
    with django_assert_num_queries(5):
        again = reviewer_client.get(reverse("annotations:home"))
    assert again.content.decode().count('class="article-title"') == count + 1


def listed(response) -> list[int]:
    """Return the ids of the articles the list shows, in its order."""
    return [int(pk) for pk in re.findall(r'class="article-title" href="/articles/(\d+)/"', response.content.decode())]


def link(response, rel: str) -> dict | None:
    """Return the query of the page's "prev" or "next" link, or None without one."""
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return dict(parse_qsl(unescape(found.group(1)))) if found else None


def test_home_pages_through_articles_newest_first_without_repeats_or_gaps(reviewer_client, workspace,
                                                                          other_workspace, reviewer):
    MembershipFactory(user=reviewer, workspace=other_workspace)
    # Three pages across two workspaces, some stored in the same microsecond (ties broken by id).
    now = timezone.now()
    articles = [ArticleFactory(workspace=(workspace, other_workspace)[i % 2]) for i in range(2 * ARTICLES_PER_PAGE + 7)]
    Article.objects.filter(pk__in=[a.pk for a in articles[:20]]).update(created=now)
    newest_first = list(Article.objects.order_by("-created", "-id").values_list("pk", flat=True))
    home = reverse("annotations:home")

    first = reviewer_client.get(home)
    assert listed(first) == newest_first[:ARTICLES_PER_PAGE]
    assert link(first, "prev") is None
    assert f"Showing {ARTICLES_PER_PAGE} articles, newest first." in first.content.decode()
    # Rows added between two page loads go on top; the pages below neither repeat nor skip a row.
    ArticleFactory.create_batch(3, workspace=workspace)
    second = reviewer_client.get(home, link(first, "next"))
    assert listed(second) == newest_first[ARTICLES_PER_PAGE:2 * ARTICLES_PER_PAGE]
    third = reviewer_client.get(home, link(second, "next"))
    assert listed(third) == newest_first[2 * ARTICLES_PER_PAGE:]
    assert link(third, "next") is None
    # Back up: the page before is the second again, and before it the first with the three new ones on top.
    back = reviewer_client.get(home, link(third, "prev"))
    assert listed(back) == listed(second)
    top = reviewer_client.get(home, link(back, "prev"))
    assert listed(top) == newest_first[:ARTICLES_PER_PAGE]
    assert link(top, "prev") is not None  # the three new ones
    assert len(listed(reviewer_client.get(home, link(top, "prev")))) == 3


@pytest.mark.parametrize("cursor", ["x", "1_", "_1", "1_2_3", "99999999999999999999_1", "-99999999999999999_1",
                                    "1_99999999999999999999", "١_٢", "%00"])
def test_home_shows_the_newest_page_for_a_cursor_that_is_not_one(reviewer_client, workspace, cursor):
    articles = ArticleFactory.create_batch(3, workspace=workspace)
    for direction in ("older", "newer"):
        response = reviewer_client.get(reverse("annotations:home"), {direction: cursor})
        assert response.status_code == 200
        assert listed(response) in ([a.pk for a in reversed(articles)], [])


def test_home_of_a_user_in_no_workspace_lists_nothing(client, workspace):
    ArticleFactory(workspace=workspace)
    client.force_login(UserFactory())
    response = client.get(reverse("annotations:home"), {"older": "0_1"})
    assert response.status_code == 200
    assert listed(response) == []


def test_home_page_past_the_oldest_offers_the_newest(reviewer_client, workspace):
    ArticleFactory(workspace=workspace)
    response = reviewer_client.get(reverse("annotations:home"), {"older": "0_1"})
    assert response.status_code == 200
    assert listed(response) == []
    html = response.content.decode()
    assert "No articles this way." in html and "No articles yet." not in html


def test_home_deep_page_costs_the_queries_of_the_first(reviewer_client, workspace, django_assert_num_queries):
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 3, workspace=workspace)
    first = reviewer_client.get(reverse("annotations:home"))
    # session, user, memberships, the page's digest, sent-back annotations, the page's rows
    with django_assert_num_queries(6):
        second = reviewer_client.get(reverse("annotations:home"), link(first, "next"))
    assert len(listed(second)) == 3


def test_home_finds_articles_by_title(reviewer_client, workspace, other_workspace):
    ArticleFactory(workspace=workspace, title="Budget passes")
    ArticleFactory(workspace=workspace, title="Bridge closed")
    ArticleFactory(workspace=other_workspace, title="Budget leak")
    response = reviewer_client.get(reverse("annotations:home"), {"title": "BUDGET"})
    assert listed(response) == [Article.objects.get(title="Budget passes").pk]
    assert "Showing 1 article whose title contains “BUDGET”" in response.content.decode()
    nothing = reviewer_client.get(reverse("annotations:home"), {"title": "weather"})
    assert listed(nothing) == []
    assert "No article’s title contains “weather”." in nothing.content.decode()


def test_article_page_shows_claims_and_quotes(reviewer_client, workspace):
    article = ArticleFactory(workspace=workspace)
    ClaimFactory(article=article)
    QuoteFactory(article=article, source__name="Maria Lopez")
    response = reviewer_client.get(reverse("annotations:article-detail", args=[article.pk]))
    assert response.status_code == 200
    assert "Maria Lopez" in response.content.decode()


def test_member_of_another_workspace_gets_404_for_the_article(outsider_client, workspace):
    article = ArticleFactory(workspace=workspace)
    response = outsider_client.get(reverse("annotations:article-detail", args=[article.pk]))
    assert response.status_code == 404


def test_missing_article_is_the_same_404(reviewer_client):
    response = reviewer_client.get(reverse("annotations:article-detail", args=[999999]))
    assert response.status_code == 404
