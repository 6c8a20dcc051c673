import pytest
from django.urls import reverse

from annotations.models import Annotation, Article
from annotations.views.articles import ARTICLES_PER_PAGE
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, QuoteFactory

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
    row = response.context["page"].object_list[0]
    assert (row.title, row.claim_count, row.quote_count) == ("Budget passes", 1, 1)
    assert b"Budget passes" in response.content


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
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("count", [3, 6])
def test_home_query_count_does_not_grow_with_articles(reviewer_client, workspace, count,
                                                      django_assert_num_queries):
    for article in ArticleFactory.create_batch(count, workspace=workspace):
        ClaimFactory(article=article)
    # session, user, how many articles, the digest of the page, memberships, the user's sent-back
    # annotations; and the page of articles with their counts, to build the rows
    with django_assert_num_queries(7):
        response = reviewer_client.get(reverse("annotations:home"))
    assert response.content.decode().count('class="article-title"') == count
    # The rows now come from the cache: the articles are not read again.
    with django_assert_num_queries(6):
        again = reviewer_client.get(reverse("annotations:home"))
    assert again.content.decode().count('class="article-title"') == count


def test_home_shows_a_page_of_articles_at_a_time_newest_first(reviewer_client, workspace, django_assert_num_queries):
    articles = ArticleFactory.create_batch(ARTICLES_PER_PAGE + 3, workspace=workspace)
    first = reviewer_client.get(reverse("annotations:home"))
    with django_assert_num_queries(6):  # the page's digest is that of its own rows: from the cache
        assert reviewer_client.get(reverse("annotations:home")).status_code == 200
    assert [a.pk for a in first.context["page"].object_list] == [a.pk for a in reversed(articles)][:ARTICLES_PER_PAGE]
    html = first.content.decode()
    assert f"Showing 1–{ARTICLES_PER_PAGE} of {ARTICLES_PER_PAGE + 3} articles" in html
    assert 'href="?page=2" rel="next"' in html
    second = reviewer_client.get(reverse("annotations:home"), {"page": 2})
    assert [a.pk for a in second.context["page"].object_list] == [a.pk for a in reversed(articles[:3])]
    # A page that does not exist shows the last one rather than an error.
    assert reviewer_client.get(reverse("annotations:home"), {"page": "99"}).context["page"].number == 2
    assert reviewer_client.get(reverse("annotations:home"), {"page": "x"}).context["page"].number == 1


def test_home_finds_articles_by_title(reviewer_client, workspace, other_workspace):
    ArticleFactory(workspace=workspace, title="Budget passes")
    ArticleFactory(workspace=workspace, title="Bridge closed")
    ArticleFactory(workspace=other_workspace, title="Budget leak")
    response = reviewer_client.get(reverse("annotations:home"), {"title": "BUDGET"})
    assert [a.title for a in response.context["page"].object_list] == ["Budget passes"]
    assert "whose title contains “BUDGET”" in response.content.decode()
    nothing = reviewer_client.get(reverse("annotations:home"), {"title": "weather"})
    assert list(nothing.context["page"].object_list) == []
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
