import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, QuoteFactory

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
    row = response.context["articles"][0]
    assert (row.title, row.claim_count, row.quote_count) == ("Budget passes", 1, 1)
    assert b"Budget passes" in response.content


def test_home_does_not_show_another_workspaces_articles(reviewer_client, other_workspace):
    ArticleFactory(workspace=other_workspace, title="Secret scoop")
    response = reviewer_client.get(reverse("annotations:home"))
    assert b"Secret scoop" not in response.content
    assert response.context["articles"] == []


@pytest.mark.parametrize("count", [3, 6])
def test_home_query_count_does_not_grow_with_articles(reviewer_client, workspace, count,
                                                      django_assert_num_queries):
    for article in ArticleFactory.create_batch(count, workspace=workspace):
        ClaimFactory(article=article)
    # session, user, articles with their counts per state, memberships, the user's sent-back annotations
    with django_assert_num_queries(5):
        response = reviewer_client.get(reverse("annotations:home"))
    assert len(response.context["articles"]) == count


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
