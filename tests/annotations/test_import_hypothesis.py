"""Annotations made in Hypothesis, on a page with chrome around the article, imported onto Axis's clean text
(issue 14, items 9 and 20): Hypothesis's own JSON, its order of anchoring, the duplicate check, the limits."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from annotations import anchoring, limits, services
from annotations.anchoring import Anchor, CollapsedText, Quote, anchor, collapse
from annotations.models import Annotation, Evidence
from annotations.nlp.clean import clean
from annotations.services import imports
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "annotations" / "demo" / "cracks-in-the-axis.txt").read_text(encoding="utf-8")
EXPORT = json.loads((ROOT / "tests" / "data" / "hypothesis" / "cracks-in-the-axis.json").read_text(encoding="utf-8"))
TEXT = "The port grew. The port grew again in May. Critics said the port grew too fast."


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user, article, data):
    return api(user).post(f"/api/v1/articles/{article.pk}/import-webannotations/", json.dumps(data),
                          content_type="application/json")


def h_annotation(exact: str, *, text="Check this.", tags=(), start=None, prefix="", suffix="", ident="h1") -> dict:
    """An annotation as Hypothesis's API gives it: `text`, `tags`, `uri`, and selectors with no `type` of its own."""
    selectors = [{"type": "RangeSelector", "startContainer": "/main[1]/p[2]", "startOffset": 0,
                  "endContainer": "/main[1]/p[2]", "endOffset": len(exact)},
                 {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]
    if start is not None:
        selectors.insert(1, {"type": "TextPositionSelector", "start": start, "end": start + len(exact)})
    return {"id": ident, "uri": "https://example.org/story", "text": text, "tags": list(tags),
            "user": "acct:rosa@hypothes.is", "created": "2026-11-01T09:00:00.000000+00:00",
            "target": [{"source": "https://example.org/story", "selector": selectors}]}


# Anchoring, in Hypothesis's order (plain Python, no database)


def test_whitespace_is_collapsed_on_both_sides_and_offsets_map_back():
    text = "First paragraph ends here.\n\nSecond   paragraph\tstarts."
    where = anchor(text, position=None, quote=Quote("ends here.\n\n\n\nSecond paragraph"))
    assert where == Anchor(text.index("ends"), text.index("paragraph\t") + len("paragraph"), "quote")
    collapsed = CollapsedText(text)
    assert collapsed.text == collapse(text) == "First paragraph ends here. Second paragraph starts."
    assert collapsed.to_original(0, len(collapsed.text)) == (0, len(text))


def test_a_quote_with_whitespace_around_it_anchors_on_its_words():
    assert anchor(TEXT, position=None, quote=Quote("\n  Critics said ")) == Anchor(43, 55, "quote")


def test_prefix_and_suffix_are_compared_with_whitespace_collapsed():
    text = "The port grew.\n\n\nThe port grew again."
    second = text.rindex("port grew")
    quote = Quote("port grew", prefix="grew. \n The ", suffix="   again")
    assert anchor(text, position=None, quote=quote) == Anchor(second, second + 9, "quote")


def test_a_single_occurrence_agreeing_on_one_side_only_anchors_by_context():
    # The prefix was the page's chrome; the suffix still agrees with one occurrence of three.
    third = TEXT.index("port grew too")
    where = anchor(TEXT, position=(500, 509), quote=Quote("port grew", prefix="Menu | Share", suffix=" too fast"))
    assert where == Anchor(third, third + 9, "context")


def test_a_position_is_taken_only_when_its_text_is_the_quote():
    assert anchor(TEXT, position=(19, 28), quote=Quote("port grew")) == Anchor(19, 28, "position")
    assert anchor(TEXT, position=(20, 29), quote=Quote("port grew")) == imports.QUOTE_AMBIGUOUS.format(n=3)


def test_a_quote_edited_since_anchors_fuzzily_within_the_bound_on_whole_words():
    where = anchor(TEXT, position=None, quote=Quote("Critics say the port grew to fast"))
    assert (where.how, TEXT[where.start:where.end]) == ("fuzzy", "Critics said the port grew too fast")
    assert where.errors == 3


def test_a_fuzzy_match_has_a_bounded_distance_and_a_short_quote_none():
    # 24 characters allow 3 edits; these are 4 away from anything in the text.
    assert anchor(TEXT, position=None, quote=Quote("Critics said the plan wa")) == imports.QUOTE_NOT_FOUND
    assert anchor(TEXT, position=None, quote=Quote("in Jun")) == imports.QUOTE_NOT_FOUND


def test_a_quote_longer_than_the_fuzzy_search_takes_must_occur_exactly(monkeypatch):
    monkeypatch.setattr(anchoring, "MAX_FUZZY_CHARS", 20)
    assert anchor(TEXT, position=None, quote=Quote("Critics say the port grew to fast")) == imports.QUOTE_NOT_FOUND


def test_two_fuzzy_places_alike_are_chosen_by_context_or_reported():
    text = "Officials said the port grew fast. Critics said the port grew fast."
    quote = Quote("said the port grows fast", suffix=" Critics")
    first = anchor(text, position=None, quote=quote)
    assert (first.how, first.start) == ("fuzzy", text.index("said"))
    assert anchor(text, position=None, quote=Quote("said the port grows fast")) == \
        imports.FUZZY_AMBIGUOUS.format(n="two or more")


# Hypothesis's own JSON


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, raw_text=TEXT, clean_text=TEXT)


@pytest.mark.django_db
def test_a_hypothesis_api_annotation_keeps_its_text_and_tags(reviewer, article):
    start = TEXT.index("in May")
    data = h_annotation("in May", start=start + 200, text="Which **May**?", tags=["Statistic", "hyp-only"])
    response = post(reviewer, article, data)
    assert response.status_code == 200, response.content
    result = response.json()
    created = Annotation.objects.get()
    assert result["annotations"] == [created.pk]
    assert result["anchored"] == [{"id": "h1", "index": 0, "annotation": created.pk, "how": "quote", "errors": 0}]
    assert result["ignored"]["tags"] == ["hyp-only"]
    assert (created.start, created.end, created.note) == (start, start + 6, "Which **May**?")
    assert [t.name for t in created.tags.all()] == ["statistic"]


@pytest.mark.django_db
@pytest.mark.parametrize("wrap", [
    lambda rows: {"total": len(rows), "rows": rows},  # the API's search
    lambda rows: {"export_date": "2026-12-01T10:00:00.000Z", "export_userid": "acct:rosa@hypothes.is",
                  "client_version": "1.1642.0", "annotations": rows},  # the client's export
], ids=["search-rows", "client-export"])
def test_hypothesis_search_results_and_client_exports_are_read_in_order(reviewer, article, wrap):
    rows = [h_annotation("Critics said", ident="a"), h_annotation("again in May", ident="b", tags=["prediction"])]
    result = post(reviewer, article, wrap(rows)).json()
    assert [r["id"] for r in result["anchored"]] == ["a", "b"]
    assert Annotation.objects.count() == 2


def as_w3c(item: dict) -> dict:
    """The same annotation as Hypothesis's JSON-LD endpoint writes it: the W3C form."""
    body = [{"type": "TextualBody", "value": item["text"], "format": "text/markdown"}] if item["text"] else []
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in item["tags"]]
    w3c = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": item["links"]["html"],
           "created": item["created"], "modified": item["updated"], "body": body, "target": item["target"]}
    return w3c | ({"references": item["references"]} if "references" in item else {})


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["hypothesis", "w3c"])
def test_an_export_made_on_the_page_with_its_chrome_anchors_every_annotation_whose_text_is_in_the_article(
        workspace, reviewer, form):
    cleaned = clean(PAGE).text
    article = ArticleFactory(workspace=workspace, raw_text=PAGE, clean_text=cleaned)
    assert collapse(cleaned).strip() in collapse(PAGE)
    sent = EXPORT if form == "hypothesis" else [as_w3c(item) for item in EXPORT["annotations"]]
    response = post(reviewer, article, sent)
    assert response.status_code == 200, response.content
    result = response.json()

    # Where each quote lies on the page, found again in the clean text through the collapsed texts.
    page, text = CollapsedText(PAGE), CollapsedText(cleaned)
    body_at = page.text.index(text.text.strip())
    expected, outside = {}, []
    for index, item in enumerate(EXPORT["annotations"]):
        selectors = {s["type"]: s for s in item["target"][0].get("selector", [])}
        if "TextQuoteSelector" not in selectors:
            continue
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        on_page = page.text.index(collapse(PAGE[position["start"]:position["end"]]).strip(),
                                  len(collapse(PAGE[:position["start"]])))
        if collapse(quote["exact"]).strip() not in text.text and "12,000" not in quote["exact"]:
            outside.append(index)
            continue
        exact = collapse(PAGE[position["start"]:position["end"]]).strip()
        expected[index] = text.to_original(on_page - body_at, on_page - body_at + len(exact))
    assert (len(expected), outside) == (11, [11, 12]), expected

    assert result["created"] == 11 and result["skipped"] == []
    anchored = {r["index"]: Annotation.objects.get(pk=r["annotation"]) for r in result["anchored"]}
    assert {i: (a.start, a.end) for i, a in anchored.items()} == expected
    assert {r["index"]: r["how"] for r in result["anchored"] if r["how"] != "quote"} == {7: "fuzzy"}
    assert anchored[7].exact == "with North Korea reportedly sending over 14,000 troops to assist Russia in Ukraine"
    assert anchored[4].exact == "China and Russia" and cleaned[anchored[4].end:].startswith(", meanwhile")
    assert {r["index"]: r["reason"] for r in result["unanchored"]} == {
        11: imports.QUOTE_NOT_FOUND, 12: imports.QUOTE_NOT_FOUND, 13: imports.PAGE_NOTE, 14: imports.REPLY}
    assert result["unanchored"][0]["quote"] == "Cracks in the Axis: How China, Russia and Iran “Alliance” Falters"
    assert all(a.exact == cleaned[a.start:a.end] and a.state == "draft" for a in anchored.values())
    assert [t.name for t in anchored[2].tags.all()] == ["statistic"]
    assert sorted(result["ignored"]["tags"]) == ["claim", "needs-source", "quote"]


@pytest.mark.django_db
def test_the_import_command_reads_a_hypothesis_export_and_flags_approximate_anchors(workspace, reviewer, tmp_path):
    article = ArticleFactory(workspace=workspace, raw_text=PAGE, clean_text=clean(PAGE).text)
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(EXPORT), encoding="utf-8")
    out = StringIO()
    call_command("import_annotations", str(path), "--article", str(article.pk), "--user", "rita", stdout=out)
    lines = out.getvalue().splitlines()
    fuzzy = Annotation.objects.get(exact__contains="14,000")
    assert lines[:2] == ["Created 11 draft annotations.",
                         f"  #7 hyp0007AxisCracks: anchored approximately (1 edit from its quote) as annotation "
                         f"{fuzzy.pk}; check its span."]
    assert lines[-1] == f"  #14 hypReplyAxisCracks: {imports.REPLY}"


# The duplicate check


@pytest.mark.django_db
def test_two_annotations_on_one_span_with_different_tags_or_verdicts_are_two(reviewer, article):
    verdict = {"type": "TextualBody", "purpose": "assessing", "value": "False"}
    data = [h_annotation("Critics said", ident="a", tags=["opinion"]),
            h_annotation("Critics said", ident="b", tags=["statistic"]),
            h_annotation("Critics said", ident="c", tags=["statistic"]) | {"body": [verdict]},
            h_annotation("Critics said", ident="d", tags=["statistic"])]
    result = post(reviewer, article, data).json()
    assert [r["id"] for r in result["anchored"]] == ["a", "b", "c"]
    assert result["skipped"] == [{"id": "d", "index": 3, "reason": imports.ALREADY_IMPORTED}]
    again = post(reviewer, article, data).json()
    assert again["created"] == 0 and len(again["skipped"]) == 4
    assert Annotation.objects.count() == 3


# One set of limits on every way in (item 20)


@pytest.mark.django_db
def test_an_imported_note_over_the_limit_is_refused_as_the_api_refuses_it(reviewer, article):
    huge = "x" * 1_000_000
    result = services.webannotation_import(article=article, by=reviewer,
                                           data=[h_annotation("Critics said", text=huge, ident="big"),
                                                 h_annotation("in May", text="x" * limits.NOTE_MAX_CHARS)])
    assert result.skipped == [{"id": "big", "index": 0, "reason": limits.NOTE_TOO_LONG.format(
        limit=10_000, length=1_000_000)}]
    assert [len(a.note) for a in Annotation.objects.all()] == [10_000]
    over = api(reviewer).post("/api/v1/annotations/", {"article": article.pk, "start": 0, "end": 3,
                                                       "note": "x" * 10_001}, format="json")
    assert over.status_code == 400 and list(over.json()) == ["note"]


@pytest.mark.django_db
def test_an_imported_annotation_with_more_tags_than_the_limit_is_refused(reviewer, article, monkeypatch):
    monkeypatch.setattr(limits, "TAGS_MAX", 1)
    result = services.webannotation_import(article=article, by=reviewer, data=[
        h_annotation("Critics said", tags=["opinion", "statistic"], ident="two"),
        h_annotation("in May", tags=["opinion"], ident="one")])
    assert result.skipped == [{"id": "two", "index": 0, "reason": limits.TOO_MANY_TAGS.format(limit=1, count=2)}]
    assert Annotation.objects.get().exact == "in May"


@pytest.mark.django_db
def test_an_imported_annotation_with_more_links_than_the_limit_is_refused(reviewer, article, monkeypatch):
    monkeypatch.setattr(limits, "EVIDENCE_MAX", 1)
    links = [{"type": "SpecificResource", "purpose": "linking", "source": f"https://port.example/{n}"}
             for n in range(2)]
    result = services.webannotation_import(article=article, by=reviewer, data=[
        h_annotation("Critics said", ident="two") | {"body": links},
        h_annotation("in May", ident="one") | {"body": links[:1]}])
    assert result.skipped == [{"id": "two", "index": 0,
                               "reason": limits.TOO_MUCH_EVIDENCE.format(limit=1, count=2)}]
    assert Evidence.objects.count() == 1 and Annotation.objects.count() == 1


@pytest.mark.django_db
def test_an_imported_link_longer_than_the_limit_is_refused(reviewer, article):
    long_link = "https://port.example/" + "a" * limits.URL_MAX_CHARS
    body = [{"type": "SpecificResource", "purpose": "linking", "source": long_link}]
    result = services.webannotation_import(article=article, by=reviewer,
                                           data=[h_annotation("Critics said", ident="long") | {"body": body}])
    assert [r["id"] for r in result.skipped] == ["long"]
    assert "at most 2000 characters" in result.skipped[0]["reason"]
    assert Annotation.objects.count() == 0 and Evidence.objects.count() == 0


@pytest.mark.django_db
def test_the_page_and_the_api_meet_the_same_tag_and_link_limits(reviewer, article, monkeypatch):
    monkeypatch.setattr(limits, "EVIDENCE_MAX", 1)
    annotation = services.annotation_create(article=article, by=reviewer, start=0, end=3, note="n",
                                            evidence=[{"url": "https://port.example/1"}])
    client = APIClient()
    client.force_login(reviewer)
    response = client.post(f"/articles/{article.pk}/annotations/{annotation.pk}/evidence/",
                           {f"e{annotation.pk}-url": "https://port.example/2", f"e{annotation.pk}-stance": "context"})
    assert response.status_code == 400
    assert limits.TOO_MUCH_EVIDENCE.format(limit=1, count=2) in response.content.decode()
    assert annotation.evidence.count() == 1
    tags = api(reviewer).post("/api/v1/annotations/", {"article": article.pk, "start": 0, "end": 3,
                                                       "tags": ["opinion"] * (limits.TAGS_MAX + 1)}, format="json")
    assert tags.status_code == 400 and list(tags.json()) == ["tags"]
