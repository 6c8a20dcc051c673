"""The editor sees what a correction proposes beside what the machine said: queue, annotation page, API, review page."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.nlp.split import split_point_at
from tests.factories import ArticleFactory, ClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db

TEXT = ("Inspectors counted 40 cracks in the bridge, and the council closed it on Monday. "
        "“It is not safe,” said a spokesperson.")


@pytest.fixture
def article(workspace):
    article = ArticleFactory(workspace=workspace, raw_text=TEXT, clean_text=TEXT)
    sentence = TEXT[: TEXT.index("Monday.") + len("Monday.")]
    ClaimFactory(article=article, ordinal=0, start=0, end=len(sentence))
    start = TEXT.index("It is")
    QuoteFactory(article=article, start=start, end=TEXT.index(",”"), source__name="A Spokesperson",
                 source__role="spokesperson")
    return article


@pytest.fixture
def proposals(article, reviewer):
    """A speaker change, a missed quote and a split, submitted."""
    claim, quote = article.claims.get(), article.quotes.get()
    made = {
        "speaker": services.annotation_create(
            article=article, by=reviewer, quote=quote, correction="speaker",
            correction_data={"name": "Dana Kim", "role": "council engineer", "organization": "City Council"}),
        "missed": services.annotation_create(
            article=article, by=reviewer, start=0, end=len("Inspectors counted 40 cracks"),
            correction="missed_quote", correction_data={"name": "Chief Inspector", "role": "", "organization": ""}),
        "split": services.annotation_create(
            article=article, by=reviewer, claim=claim, correction="split_claim",
            correction_data={"at": TEXT.index(", and the") + 1}),
    }
    for annotation in made.values():
        services.annotation_submit(annotation=annotation, by=reviewer)
    return made


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" ,", ",")


def assert_shows_every_proposal(text: str) -> None:
    # The speaker change: the machine's speaker and the proposed one with role and organization.
    assert "The machine found A Spokesperson, spokesperson" in text
    assert "Proposed Dana Kim, council engineer, City Council" in text
    # The missed quote: its text and speaker.
    assert "No quote here" in text and "“Inspectors counted 40 cracks” by Chief Inspector" in text
    # The split: the two claims it makes.
    assert "“Inspectors counted 40 cracks in the bridge,”" in text
    assert "“and the council closed it on Monday.”" in text


def test_the_queue_shows_each_proposal_beside_what_the_machine_said(client, editor, proposals):
    client.force_login(editor)
    response = client.get(reverse("annotations:queue"))
    assert response.status_code == 200
    assert_shows_every_proposal(text_of(response))


def test_the_annotation_page_shows_the_proposal(client, editor, proposals):
    client.force_login(editor)
    pages = " ".join(text_of(client.get(reverse("annotations:annotation-detail", args=[a.pk])))
                     for a in proposals.values())
    assert_shows_every_proposal(pages)


def test_the_api_gives_the_proposal_beside_the_machines_finding(editor, proposals, article):
    client = APIClient()
    client.force_authenticate(editor)
    quote = article.quotes.get()
    rows = {row["id"]: row for row in client.get("/api/v1/annotations/").json()["results"]}
    assert rows[proposals["speaker"].pk]["correction_proposal"] == {
        "kind": "speaker", "found_by": "machine",
        "machine": {"quote": quote.text, "speaker": {"source_id": quote.source_id, "name": "A Spokesperson",
                                                     "role": "spokesperson", "organization": ""}},
        "proposed": {"quote": quote.text, "speaker": {"source_id": None, "name": "Dana Kim",
                                                      "role": "council engineer", "organization": "City Council"}},
    }
    assert rows[proposals["missed"].pk]["correction_proposal"] == {
        "kind": "missed_quote", "found_by": "machine", "machine": {"quote": None},
        "proposed": {"quote": "Inspectors counted 40 cracks",
                     "speaker": {"source_id": None, "name": "Chief Inspector", "role": "", "organization": ""}},
    }
    at = TEXT.index(", and the") + 1
    assert rows[proposals["split"].pk]["correction_proposal"] == {
        "kind": "split_claim", "found_by": "machine", "machine": {"claim": article.claims.get().text},
        "proposed": {"at": at, "claims": ["Inspectors counted 40 cracks in the bridge,",
                                          "and the council closed it on Monday."]},
    }
    detail = client.get(f"/api/v1/annotations/{proposals['split'].pk}/").json()
    assert detail["correction_proposal"]["proposed"]["claims"][1] == "and the council closed it on Monday."


def test_an_annotation_that_is_no_correction_has_no_proposal(editor, article, reviewer):
    annotation = services.annotation_create(article=article, by=reviewer, claim=article.claims.get(), note="n")
    services.annotation_submit(annotation=annotation, by=reviewer)
    client = APIClient()
    client.force_authenticate(editor)
    assert client.get(f"/api/v1/annotations/{annotation.pk}/").json()["correction_proposal"] is None


def test_the_review_page_offers_only_points_between_words_clauses_first(client, reviewer, article):
    claim = article.claims.get()
    client.force_login(reviewer)
    body = client.get(reverse("annotations:review-panel", args=[article.pk]), {"target": f"claim:{claim.pk}"},
                      HTTP_X_AXIS_FRAGMENT="1").content.decode()
    start = body.index('name="split_at"')
    select = body[start:body.index("</select>", start)]
    offered = [int(value) for value in re.findall(r'<option value="(\d+)"', select)]
    assert offered, "no split point offered"
    # Every point ends a token: none inside "Inspectors", "40" or "Monday".
    assert all(split_point_at(claim.text, at - claim.start) is not None for at in offered)
    assert all(TEXT[at - 1].isalnum() is False or TEXT[at].isspace() for at in offered)
    assert TEXT.index("ectors") not in offered
    clauses = select[select.index("Between clauses"):select.index("Between words")]
    assert f'value="{TEXT.index(", and") + 1}"' in clauses
    assert "the bridge, | and the council closed" in clauses


def test_the_review_panel_shows_a_speaker_proposal_on_its_quote(client, reviewer, article, proposals):
    client.force_login(reviewer)
    quote = article.quotes.get()
    response = client.get(reverse("annotations:review-panel", args=[article.pk]), {"target": f"quote:{quote.pk}"},
                          HTTP_X_AXIS_FRAGMENT="1")
    text = text_of(response)
    assert "The machine found A Spokesperson, spokesperson" in text
    assert "Proposed Dana Kim, council engineer, City Council" in text


def test_a_stored_proposal_that_does_not_fit_its_target_still_shows(client, editor, article, reviewer):
    # Stored before proposals were checked: a speaker change on a claim, with no name.
    annotation = services.annotation_create(article=article, by=reviewer, claim=article.claims.get(), note="n")
    type(annotation).objects.filter(pk=annotation.pk).update(correction="speaker", correction_data={"x": 1},
                                                            state="submitted")
    client.force_login(editor)
    assert client.get(reverse("annotations:queue")).status_code == 200
    assert client.get(reverse("annotations:annotation-detail", args=[annotation.pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(editor)
    row = api.get(f"/api/v1/annotations/{annotation.pk}/").json()
    assert row["correction_proposal"] == {"kind": "speaker", "found_by": "machine", "machine": {},
                                          "proposed": {"x": 1}}
