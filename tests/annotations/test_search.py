"""Search across the archive (issue 16 §1): the results page, GET /api/v1/search/, and who finds what."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.forms import SearchForm
from annotations.models import Annotation, Article, Rating, Source
from annotations.selectors import search
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, QuoteFactory, SourceFactory

MEASLES = ("Measles outbreak reaches the capital.\n\n"
           "The measles outbreak has spread to 40 schools, officials said on Monday.\n\n"
           "“Vaccination rates fell below 90 percent,” said Helen Oduya, an epidemiologist at Northgate.")

pytestmark = pytest.mark.django_db
_editions = itertools.count()


def _article(workspace, text=MEASLES, **kwargs):
    text = f"{text}\n\nEdition {next(_editions)}."
    article = ArticleFactory(workspace=workspace, raw_text=text, clean_text=text,
                             content_hash=Article.hash_text(text), **kwargs)
    sentence = "The measles outbreak has spread to 40 schools, officials said on Monday."
    start = text.find(sentence)
    claim = ClaimFactory(article=article, start=start, end=start + len(sentence), text=sentence) if start >= 0 else None
    quote = None
    if "“" in text:
        source = SourceFactory(workspace=workspace, name=f"Helen Oduya {article.pk}", organization="Northgate")
        quote = QuoteFactory(article=article, source=source)
    return article, claim, quote


def _api(api_client, user, **params):
    api_client.force_authenticate(user)
    return api_client.get("/api/v1/search/", params)


def test_a_phrase_finds_each_kind_grouped_with_its_snippet_marked(reviewer_client, reviewer, workspace):
    article, claim, quote = _article(workspace, title="Measles in the capital")
    AnnotationFactory(claim=claim, article=article, author=reviewer, note="Officials counted measles cases twice.")

    response = reviewer_client.get("/search/", {"q": '"measles outbreak"'})

    assert response.status_code == 200
    groups = {g["kind"]: g["results"] for g in response.context["groups"]}
    assert [r["row"].pk for r in groups["article"]] == [article.pk]
    assert [r["row"].pk for r in groups["claim"]] == [claim.pk]
    assert groups["quote"] == [] and groups["note"] == []
    assert "<mark>measles</mark> <mark>outbreak</mark>" in str(groups["claim"][0]["snippet"])
    html = response.content.decode()
    assert f'href="/articles/{article.pk}/?target=claim:{claim.pk}"' in html
    assert "Claims" in html and "Articles" in html


def test_the_header_box_is_on_every_page(reviewer_client):
    html = reviewer_client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html


def test_websearch_syntax_works_as_people_expect(reviewer, workspace, api_client):
    _article(workspace, title="Measles in the capital")
    _article(workspace, text="Flu season starts early.\n\nThe flu season began in October, doctors said.",
             title="Flu season")

    def titles(q):
        return sorted(r["title"] for r in _api(api_client, reviewer, q=q, kind="article").json()["results"])

    assert titles("measles or flu") == ["Flu season", "Measles in the capital"]
    assert titles("season -measles") == ["Flu season"]
    assert titles('"outbreak measles"') == []
    # English stemming: "spreading" finds "spread".
    assert titles("spreading schools") == ["Measles in the capital"]


def test_a_snippet_is_escaped_except_its_marks(reviewer, workspace, api_client):
    text = 'Alert.\n\nThe "measles" page & 3 < 5 > 2 more measles.'
    ArticleFactory(workspace=workspace, raw_text=text, clean_text=text, content_hash=Article.hash_text(text))

    snippet = _api(api_client, reviewer, q="measles", kind="article").json()["results"][0]["snippet"]

    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&quot;<mark>measles</mark>&quot;" in snippet and "&amp; 3 &lt; 5 &gt; 2" in snippet


def test_the_api_answers_a_cursor_page_of_one_kind_with_links(reviewer, workspace, api_client):
    claims = [_article(workspace)[1] for _ in range(3)]

    first = _api(api_client, reviewer, q="measles", kind="claim", page_size=2)
    assert first.status_code == 200
    body = first.json()
    assert len(body["results"]) == 2 and body["next"]
    result = body["results"][0]
    assert set(result) == {"kind", "id", "workspace", "article", "title", "snippet", "rank", "link"}
    assert result["link"].endswith(f"/articles/{result['article']}/?target=claim:{result['id']}")
    second = api_client.get(body["next"]).json()
    found = [r["id"] for r in body["results"] + second["results"]]
    assert sorted(found) == sorted(c.pk for c in claims)


@pytest.mark.parametrize("params, name", [
    ({"q": "", "kind": "claim"}, "q"),
    ({"q": "   ", "kind": "claim"}, "q"),
    ({"kind": "claim"}, "q"),
    ({"q": "measles"}, "kind"),
    ({"q": "measles", "kind": "everything"}, "kind"),
    ({"q": "measles", "kind": "claim", "workspace": "post"}, "workspace"),
    ({"q": "measles", "kind": "claim", "workspace": "nosuch"}, "workspace"),
    ({"q": "measles", "kind": "claim", "date_from": "yesterday"}, "date_from"),
    ({"q": "measles", "kind": "claim", "date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
    ({"q": "measles", "kind": "claim", "state": "pending"}, "state"),
    ({"q": "measles", "kind": "claim", "verdict": "No such verdict"}, "verdict"),
    ({"q": "measles", "kind": "claim", "cursor": "cD1hYmM="}, "cursor"),
])
def test_bad_input_answers_400_naming_the_parameter(reviewer, workspace, other_workspace, api_client, params, name):
    response = _api(api_client, reviewer, **params)
    assert response.status_code == 400
    assert name in response.json()


def test_the_page_shows_a_form_error_for_an_empty_query(reviewer_client):
    response = reviewer_client.get("/search/", {"q": " "})
    assert response.status_code == 400
    assert SearchForm.SEARCH_EMPTY in response.content.decode()


def test_nothing_of_another_workspace_is_ever_searched(reviewer, workspace, other_workspace, outsider, api_client,
                                                       reviewer_client):
    theirs, their_claim, _ = _article(other_workspace, title="Measles elsewhere")
    AnnotationFactory(claim=their_claim, article=theirs, author=outsider, note="measles note",
                      state=Annotation.State.SUBMITTED)

    for kind in search.KINDS:
        assert _api(api_client, reviewer, q="measles", kind=kind).json()["results"] == []
    assert reviewer_client.get("/search/", {"q": "measles"}).context["found"] == 0
    # And the outsider finds their own.
    assert len(_api(api_client, outsider, q="measles", kind="note").json()["results"]) == 1


def test_notes_are_found_through_the_visibility_rule(workspace, reviewer, editor, factchecker, api_client):
    article, claim, _ = _article(workspace)
    AnnotationFactory(claim=claim, article=article, author=reviewer, note="draft about vaccination")
    submitted = AnnotationFactory(claim=claim, article=article, author=reviewer, note="submitted about vaccination",
                                  state=Annotation.State.SUBMITTED)
    approved = AnnotationFactory(claim=claim, article=article, author=reviewer, note="approved about vaccination",
                                 state=Annotation.State.APPROVED)

    def notes(user):
        return sorted(r["id"] for r in _api(api_client, user, q="vaccination", kind="note").json()["results"])

    assert len(notes(reviewer)) == 3  # their own draft too
    assert notes(editor) == sorted([submitted.pk, approved.pk])  # never another member's draft
    assert notes(factchecker) == [approved.pk]  # approved only


def test_filters_narrow_the_kinds_they_apply_to(workspace, reviewer, api_client):
    old, old_claim, old_quote = _article(workspace, published="2025-03-01")
    new, new_claim, _ = _article(workspace, published="2026-03-01")
    false = Rating.objects.filter(workspace=workspace).first()
    AnnotationFactory(claim=new_claim, article=new, author=reviewer, verdict=false, note="outbreak checked",
                      state=Annotation.State.SUBMITTED)

    def ids(q="measles", **params):
        return [r["id"] for r in _api(api_client, reviewer, q=q, **params).json()["results"]]

    assert ids(kind="claim", date_from="2026-01-01") == [new_claim.pk]
    assert ids(kind="claim", date_to="2025-12-31") == [old_claim.pk]
    assert ids(kind="claim", verdict=false.name.upper()) == [new_claim.pk]
    assert ids(kind="claim", state="submitted") == [new_claim.pk]
    assert ids(kind="claim", state="approved") == []
    assert ids(kind="article", state="submitted") == []  # a state has no meaning for an article
    assert ids(q="vaccination", kind="quote", speaker=f"oduya {old.pk}") == [old_quote.pk]
    assert ids(kind="claim", speaker="oduya") == []
    assert old_quote.source_id in ids(q="Northgate", kind="source", speaker="Helen")


def test_the_search_vector_follows_every_write(workspace, reviewer, api_client):
    _, _, quote = _article(workspace)
    Source.objects.filter(pk=quote.source_id).update(organization="Cholera Institute")  # no service, no save()

    found = _api(api_client, reviewer, q="cholera", kind="source").json()["results"]
    assert [r["id"] for r in found] == [quote.source_id]


def test_ranking_puts_the_denser_match_first(workspace, reviewer, api_client):
    weak, _, _ = _article(workspace, text="Budget.\n\nThe measles figures and, much later, an outbreak of spending.",
                          title="Budget")
    strong, _, _ = _article(workspace, title="Measles outbreak")

    found = [r["article"] for r in _api(api_client, reviewer, q="measles outbreak", kind="article").json()["results"]]
    assert found == [strong.pk, weak.pk]


def test_the_page_reads_a_fixed_number_of_queries(reviewer_client, reviewer, workspace):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert reviewer_client.get("/search/", {"q": "measles"}).status_code == 200
        return len(queries)

    article, claim, _ = _article(workspace)
    AnnotationFactory(claim=claim, article=article, author=reviewer, note="measles note")
    few = count()
    for _ in range(3):
        article, claim, _ = _article(workspace)
        AnnotationFactory(claim=claim, article=article, author=reviewer, note="measles note")
    # session, user, the caller's workspaces, then one query per kind: articles, claims, quotes, sources, notes.
    assert count() == few == 8


def test_the_api_reads_a_fixed_number_of_queries(reviewer, workspace, api_client):
    for _ in range(4):
        _article(workspace)
    api_client.force_authenticate(reviewer)
    for kind in search.KINDS:
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/search/", {"q": "measles", "kind": kind}).status_code == 200
        # the caller's workspaces, the page of matches
        assert len(queries) == 2, kind


def test_articles_are_searched_in_their_language(workspace, reviewer, api_client):
    english, _, _ = _article(workspace, title="English")
    other, _, _ = _article(workspace, title="Other", language="sv")
    assert (english.search_config, other.search_config) == ("english", "simple")

    def titles(q):
        return sorted(r["title"] for r in _api(api_client, reviewer, q=q, kind="article").json()["results"])

    # English stems "spreading" to "spread"; "simple" keeps words as written.
    assert titles("spreading") == ["English"]
    assert titles("spread") == ["English", "Other"]
