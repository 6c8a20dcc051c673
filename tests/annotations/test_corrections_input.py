"""A proposal that does not fit its kind or target is refused where it is made: 400 naming the field."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.input_checks import NUL_REFUSED
from annotations.models import Annotation
from annotations.services import corrections
from tests.factories import ArticleFactory, ClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_X_AXIS_FRAGMENT": "1"}


@pytest.fixture
def article(workspace):
    article = ArticleFactory(workspace=workspace)
    ClaimFactory(article=article, ordinal=0)
    QuoteFactory(article=article, source__name="Maria Lopez")
    return article


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("target,correction,data,body", [
    ("quote", "speaker", {}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("quote", "speaker", {"name": ""}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("claim", "speaker", {"name": "A"}, {"correction": [corrections.WRONG_TARGET["speaker"]]}),
    ("quote", "split_claim", {"at": 4}, {"correction": [corrections.WRONG_TARGET["split_claim"]]}),
    ("span", "merge_claims", {}, {"correction": [corrections.WRONG_TARGET["merge_claims"]]}),
    ("claim", "split_claim", {"at": "x"}, {"correction_data.at": [corrections.AT_NUMBER]}),
    ("claim", "split_claim", {"at": 6}, {"correction_data.at": [corrections.SPLIT_INSIDE_WORD]}),
    ("quote", "speaker", {"source_id": "abc"}, {"correction_data.source_id": [corrections.SOURCE_ID_NUMBER]}),
    # The API's JSON parser refuses a NUL before any service reads it (the service refuses one too).
    ("quote", "speaker", {"name": "A\u0000"}, {"correction_data": [NUL_REFUSED]}),
])
def test_api_refuses_a_proposal_that_does_not_fit_with_400_naming_the_field(
        reviewer, article, target, correction, data, body):
    payload = {"article": article.pk, "correction": correction, "correction_data": data, "note": "n"}
    payload |= {"claim": {"claim": article.claims.get().pk}, "quote": {"quote": article.quotes.get().pk},
                "span": {"start": 0, "end": 3}}[target]
    response = api(reviewer).post("/api/v1/annotations/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == body
    assert Annotation.objects.count() == 0


def test_the_review_page_refuses_a_speaker_correction_on_a_claim(reviewer_client, article):
    claim = article.claims.get()
    response = reviewer_client.post(reverse("annotations:annotation-create", args=[article.pk]), {
        "target": f"claim:{claim.pk}", "correction": "speaker", "speaker_name": "Someone"}, **FRAGMENT)
    assert response.status_code == 400
    assert corrections.WRONG_TARGET["speaker"] in response.content.decode()
    assert Annotation.objects.count() == 0


@pytest.mark.parametrize("split_at", ["6", "1000"])
def test_the_review_page_refuses_a_split_inside_a_word_or_outside_the_claim(reviewer_client, article, split_at):
    claim = article.claims.get()
    response = reviewer_client.post(reverse("annotations:annotation-create", args=[article.pk]), {
        "target": f"claim:{claim.pk}", "correction": "split_claim", "split_at": split_at}, **FRAGMENT)
    assert response.status_code == 400
    body = response.content.decode()
    assert corrections.SPLIT_INSIDE_WORD in body or corrections.SPLIT_OUTSIDE in body
    assert Annotation.objects.count() == 0


def test_the_review_page_refuses_a_split_of_a_quote(reviewer_client, article):
    quote = article.quotes.get()
    response = reviewer_client.post(reverse("annotations:annotation-create", args=[article.pk]), {
        "target": f"quote:{quote.pk}", "correction": "split_claim", "split_at": "5"}, **FRAGMENT)
    assert response.status_code == 400
    assert corrections.WRONG_TARGET["split_claim"] in response.content.decode()
    assert Annotation.objects.count() == 0
