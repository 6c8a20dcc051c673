"""Exports through the API: what each format says, who may export what, and what it costs (issue 7)."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from annotations import services
from annotations.exports import webannotation
from annotations.exports.jsonld import OfflineContextError, expand, offline_document_loader
from annotations.exports.records import ExportContext, ExportRecord
from annotations.models import Label, Rating
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
FORMATS = ["claimreview", "webannotation", "csv", "jsonl"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def export(user, fmt: str, query: str = "workspace=herald"):
    return api(user).get(f"/api/v1/exports/{fmt}/?{query}")


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def approve(annotation, *, by, editor):
    services.annotation_submit(annotation=annotation, by=by)
    services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    annotation.refresh_from_db()
    return annotation


def choices(workspace) -> tuple[dict, dict]:
    return ({r.name: r for r in Rating.objects.filter(workspace=workspace)},
            {label.name: label for label in Label.objects.filter(workspace=workspace)})


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, title="Flood budget", source_url="https://herald.example/flood",
                          byline="Jane Doe", published=date(2026, 5, 1))


@pytest.fixture
def world(workspace, article, reviewer, editor):
    """On one article: approved verdicts on a claim and on a quote, an approved note on a span,
    a submitted annotation and a draft."""
    ratings, labels = choices(workspace)
    text = article.clean_text
    claim = ClaimFactory(article=article, ordinal=0, end=text.index("Tuesday.") + len("Tuesday."))
    quote = QuoteFactory(article=article, source=SourceFactory(workspace=workspace, name="Maria Lopez"))
    critics = text.index("Critics said")
    on_claim = approve(services.annotation_create(
        article=article, by=reviewer, claim=claim, verdict=ratings["Mostly false"], tags=[labels["statistic"]],
        note="The budget was $3.9 million.", evidence=[{"url": "https://council.example/minutes"}],
    ), by=reviewer, editor=editor)
    on_quote = approve(services.annotation_create(
        article=article, by=reviewer, quote=quote, verdict=ratings["Misleading"], note="Out of context.",
    ), by=reviewer, editor=editor)
    on_span = approve(services.annotation_create(
        article=article, by=reviewer, start=critics, end=critics + len("Critics said the plan was rushed"),
        note="Which critics?", tags=[labels["opinion"]],
    ), by=reviewer, editor=editor)
    submitted = services.annotation_create(article=article, by=reviewer, claim=claim, note="Pending review",
                                           verdict=ratings["True"])
    services.annotation_submit(annotation=submitted, by=reviewer)
    draft = services.annotation_create(article=article, by=reviewer, claim=claim, note="Private draft")
    return {"claim": claim, "quote": quote, "on_claim": on_claim, "on_quote": on_quote, "on_span": on_span,
            "submitted": submitted, "draft": draft, "approved": [on_claim.pk, on_quote.pk, on_span.pk]}


# What each format says


def test_csv_has_one_row_per_approved_annotation_with_its_columns(world, factchecker, article):
    response = export(factchecker, "csv")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [int(r["annotation_id"]) for r in rows] == world["approved"]
    first = rows[0]
    assert (first["article_id"], first["article_title"], first["target"]) == (str(article.pk), "Flood budget",
                                                                               "claim")
    assert first["text"] == world["claim"].text == article.clean_text[int(first["start"]):int(first["end"])]
    assert (first["tags"], first["verdict"], first["verdict_value"]) == ("statistic", "Mostly false", "2")
    assert first["note"] == "The budget was $3.9 million."
    assert first["evidence_urls"] == "https://council.example/minutes"
    assert (first["author"], first["editor"], first["state"]) == ("rita", "ed", "approved")
    assert first["created"] and first["updated"] and first["decided"]
    assert [r["target"] for r in rows] == ["claim", "quote", "span"]


def test_csv_cells_that_look_like_formulas_start_with_an_apostrophe(workspace, article, reviewer, editor,
                                                                   factchecker):
    approve(services.annotation_create(article=article, by=reviewer, start=0, end=3,
                                       note='=HYPERLINK("http://evil.example","click")'),
            by=reviewer, editor=editor)
    approve(services.annotation_create(article=article, by=reviewer, start=4, end=11, note="+1 more"),
            by=reviewer, editor=editor)
    approve(services.annotation_create(article=article, by=reviewer, start=12, end=20, note="@SUM(A1)"),
            by=reviewer, editor=editor)
    approve(services.annotation_create(article=article, by=reviewer, start=21, end=29, note="-2 points"),
            by=reviewer, editor=editor)
    notes = [r["note"] for r in csv_rows(export(factchecker, "csv"))]
    assert notes == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1 more", "'@SUM(A1)", "'-2 points"]


def test_csv_starts_with_a_byte_order_mark_so_spreadsheets_read_utf8(workspace, reviewer, editor, factchecker):
    article = ArticleFactory(workspace=workspace, title="“Flood” budget", byline="José Núñez")
    approve(services.annotation_create(article=article, by=reviewer, start=0, end=3, note="=“naïve” – café"),
            by=reviewer, editor=editor)
    data = b"".join(export(factchecker, "csv").streaming_content)
    assert data.startswith(b"\xef\xbb\xbfannotation_id,")
    assert data.count(b"\xef\xbb\xbf") == 1
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert row["article_title"] == "“Flood” budget"
    # The formula guard still applies behind the mark.
    assert row["note"] == "'=“naïve” – café"


def publish(*annotations, admin, editor):
    """Switch the workspace's public fact checks on and publish each annotation; return their publications."""
    services.workspace_publishing_set(workspace=annotations[0].article.workspace, enabled=True, by=admin)
    return [services.publication_publish(annotation=a, by=editor) for a in annotations]


def test_claimreview_expands_offline_and_carries_the_required_properties(world, factchecker, article, editor,
                                                                        admin_member):
    on_claim, on_quote = publish(world["on_claim"], world["on_quote"], admin=admin_member, editor=editor)
    response = export(factchecker, "claimreview")
    assert response.status_code == 200
    reviews = json.loads(body(response))
    # One per claim or quote with an approved verdict; the span note and unapproved work have none.
    assert len(reviews) == 2
    expanded = expand(reviews)
    assert len(expanded) == 2
    for node in expanded:
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        for prop in ("claimReviewed", "reviewRating", "url", "itemReviewed", "author", "datePublished"):
            assert node[SCHEMA + prop], prop
        rating = node[SCHEMA + "reviewRating"][0]
        assert rating["@type"] == [SCHEMA + "Rating"] and rating[SCHEMA + "alternateName"]
        assert rating[SCHEMA + "name"] == rating[SCHEMA + "alternateName"]
        claim = node[SCHEMA + "itemReviewed"][0]
        assert claim["@type"] == [SCHEMA + "Claim"]
        appearance = claim[SCHEMA + "appearance"][0]
        assert appearance[SCHEMA + "url"][0]["@value"] == "https://herald.example/flood"
        assert appearance[SCHEMA + "headline"][0]["@value"] == "Flood budget"
        assert appearance[SCHEMA + "datePublished"][0]["@value"] == "2026-05-01"
        assert appearance[SCHEMA + "author"][0][SCHEMA + "name"][0]["@value"] == "Jane Doe"
        assert claim[SCHEMA + "datePublished"][0]["@value"] == "2026-05-01"
    by_text = {r["claimReviewed"]: r for r in reviews}
    review = by_text[world["claim"].text]
    # The public page, readable without a sign-in; not the Axis page of the annotation.
    assert review["url"] == f"http://testserver/checks/herald/{on_claim.public_id}/"
    assert by_text[world["quote"].text]["url"] == f"http://testserver/checks/herald/{on_quote.public_id}/"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false", "name": "Mostly false",
                                      "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                                      "ratingExplanation": "The budget was $3.9 million."}
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert review["author"] == {"@type": "Organization", "name": "Daily Herald",
                                "url": "http://testserver/checks/herald/"}
    assert review["datePublished"] == on_claim.published_at.date().isoformat()


def test_claimreview_of_an_unpublished_review_has_no_url(world, factchecker, editor, admin_member):
    """Google requires `url` to be the public page; without one the review carries none, never a sign-in page."""
    (on_claim,) = publish(world["on_claim"], admin=admin_member, editor=editor)
    reviews = {r["claimReviewed"]: r for r in json.loads(body(export(factchecker, "claimreview")))}
    assert reviews[world["claim"].text]["url"].endswith(f"/checks/herald/{on_claim.public_id}/")
    unpublished = reviews[world["quote"].text]
    assert "url" not in unpublished
    # Still dated: the day its verdict was approved.
    assert unpublished["datePublished"] == world["on_quote"].decisions.get().created.date().isoformat()
    services.workspace_publishing_set(workspace=world["on_claim"].article.workspace, enabled=False, by=admin_member)
    reviews = json.loads(body(export(factchecker, "claimreview")))
    assert all("url" not in r and "url" not in r["author"] for r in reviews)
    assert "/annotations/" not in json.dumps(reviews)


def test_claimreview_rates_a_verdict_off_the_numeric_scale_by_name_alone(world, factchecker):
    reviews = json.loads(body(export(factchecker, "claimreview")))
    on_quote = next(r for r in reviews if r["claimReviewed"] == world["quote"].text)
    # No number: any would rank "Misleading" between True and False (claimreview.py says why).
    assert on_quote["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading", "name": "Misleading",
                                        "ratingExplanation": "Out of context."}


def test_claimreview_names_the_quoted_source_as_the_claims_author(world, workspace, article, reviewer, editor,
                                                                  factchecker):
    reviews = json.loads(body(export(factchecker, "claimreview")))
    on_quote = next(r for r in reviews if r["claimReviewed"] == world["quote"].text)
    assert on_quote["itemReviewed"]["author"] == {"@type": "Person", "name": "Maria Lopez"}
    # A claim that lies inside a quote is the quoted source's too; an institution is an Organization.
    world["quote"].source.is_institution = True
    world["quote"].source.save()
    text = article.clean_text
    inside = ClaimFactory(article=article, ordinal=1, start=text.index("We cannot"), end=text.index(" another"))
    ratings, _ = choices(workspace)
    approve(services.annotation_create(article=article, by=reviewer, claim=inside, verdict=ratings["False"]),
            by=reviewer, editor=editor)
    reviews = json.loads(body(export(factchecker, "claimreview")))
    review = next(r for r in reviews if r["claimReviewed"] == "We cannot wait")
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Maria Lopez"}


def test_claimreview_gives_one_review_per_claim_the_latest_approved(world, workspace, article, reviewer, editor,
                                                                   factchecker):
    ratings, _ = choices(workspace)
    second = MembershipFactory(workspace=workspace, role="reviewer").user
    later = approve(services.annotation_create(article=article, by=second, claim=world["claim"],
                                               verdict=ratings["False"]), by=second, editor=editor)
    reviews = json.loads(body(export(factchecker, "claimreview")))
    on_claim = [r for r in reviews if r["claimReviewed"] == world["claim"].text]
    assert len(on_claim) == 1
    assert on_claim[0]["datePublished"] == later.decisions.get().created.date().isoformat()
    assert on_claim[0]["reviewRating"]["alternateName"] == "False"


def test_claimreview_without_a_byline_names_the_workspace_as_the_claims_author(workspace, reviewer, editor,
                                                                               factchecker):
    article = ArticleFactory(workspace=workspace, byline="", source_url="")
    claim = ClaimFactory(article=article, ordinal=0)
    ratings, _ = choices(workspace)
    approve(services.annotation_create(article=article, by=reviewer, claim=claim, verdict=ratings["True"]),
            by=reviewer, editor=editor)
    (review,) = json.loads(body(export(factchecker, "claimreview")))
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Daily Herald"}
    assert "url" not in review["itemReviewed"]["appearance"]
    assert "datePublished" not in review["itemReviewed"]


def test_webannotation_selectors_reproduce_the_span_text_from_the_article(world, factchecker, article):
    response = export(factchecker, "webannotation")
    assert response["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    document = json.loads(body(response))
    (page, collection) = document["@graph"]
    assert [item["id"] for item in page["items"]] == [f"http://testserver/annotations/{pk}/"
                                                      for pk in world["approved"]]
    text = article.clean_text
    for item in page["items"]:
        assert item["target"]["source"] == f"http://testserver/articles/{article.pk}/"
        position, quote = item["target"]["selector"]
        assert (position["type"], quote["type"]) == ("TextPositionSelector", "TextQuoteSelector")
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])
        assert quote["prefix"] or position["start"] == 0
        assert item["creator"]["nickname"] == "rita" and item["created"] and item["modified"]
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 3


def test_webannotation_expands_offline_with_a_body_for_each_purpose(world, factchecker):
    expanded = expand(json.loads(body(export(factchecker, "webannotation"))))
    page = next(node for node in expanded if node["@type"] == [AS + "OrderedCollectionPage"])
    first = page[AS + "items"][0]["@list"][0]
    assert first["@type"] == [OA + "Annotation"]
    assert first[OA + "motivatedBy"] == [{"@id": OA + "assessing"}]
    bodies = {b[OA + "hasPurpose"][0]["@id"].removeprefix(OA): b for b in first[OA + "hasBody"]}
    assert set(bodies) == {"tagging", "assessing", "commenting", "linking"}
    assert bodies["tagging"]["@type"] == [OA + "TextualBody"]
    assert bodies["assessing"]["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"] == "Mostly false"
    assert bodies["linking"]["@type"] == [OA + "SpecificResource"]
    assert bodies["linking"][OA + "hasSource"] == [{"@id": "https://council.example/minutes"}]
    target = first[OA + "hasTarget"][0]
    assert {s["@type"][0] for s in target[OA + "hasSelector"]} == {OA + "TextPositionSelector",
                                                                  OA + "TextQuoteSelector"}


def test_webannotation_pages_a_large_set_with_first_next_and_part_of(world, factchecker, monkeypatch):
    monkeypatch.setattr(webannotation, "PAGE_SIZE", 2)
    document = json.loads(body(export(factchecker, "webannotation")))
    first, second, collection = document["@graph"]
    base = "http://testserver/api/v1/exports/webannotation/?workspace=herald"
    assert (first["id"], first["startIndex"], len(first["items"]), first["next"]) == (
        f"{base}&page=0", 0, 2, f"{base}&page=1")
    assert (second["id"], second["startIndex"], len(second["items"]), second["prev"]) == (
        f"{base}&page=1", 2, 1, f"{base}&page=0")
    assert "next" not in second and first["partOf"] == second["partOf"] == base
    assert collection == {"id": base, "type": "AnnotationCollection", "label": "Annotations of Daily Herald",
                          "total": 3, "first": f"{base}&page=0", "last": f"{base}&page=1"}
    assert len(expand(document)) == 3


def test_webannotation_page_is_served_on_its_own(world, factchecker, monkeypatch):
    monkeypatch.setattr(webannotation, "PAGE_SIZE", 2)
    page = json.loads(body(export(factchecker, "webannotation", "workspace=herald&page=1")))
    base = "http://testserver/api/v1/exports/webannotation/?workspace=herald"
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (page["type"], page["startIndex"], page["prev"]) == ("AnnotationPage", 2, f"{base}&page=0")
    assert page["partOf"]["total"] == 3 and page["partOf"]["id"] == base
    assert [item["id"] for item in page["items"]] == [f"http://testserver/annotations/{world['approved'][2]}/"]
    assert expand(page)
    response = export(factchecker, "webannotation", "workspace=herald&page=2")
    assert response.status_code == 404


def test_webannotation_of_nothing_is_an_empty_collection(workspace, factchecker):
    document = json.loads(body(export(factchecker, "webannotation")))
    assert document["@graph"] == [{"id": "http://testserver/api/v1/exports/webannotation/?workspace=herald",
                                   "type": "AnnotationCollection", "label": "Annotations of Daily Herald",
                                   "total": 0}]
    # A page holds one or more annotations (5.2): a collection of nothing has no page 0.
    response = export(factchecker, "webannotation", "workspace=herald&page=0")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such page: the collection is shorter."}
    assert json.loads(body(export(factchecker, "claimreview"))) == []


def test_webannotation_times_are_utc_written_with_z(world, factchecker, settings):
    settings.TIME_ZONE = "Europe/Paris"
    (page, _collection) = json.loads(body(export(factchecker, "webannotation")))["@graph"]
    on_claim = world["on_claim"]
    first = page["items"][0]
    assert first["created"] == on_claim.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert first["modified"] == on_claim.decisions.get().created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for item in page["items"]:
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")
        assert datetime.fromisoformat(item["created"]).utcoffset().total_seconds() == 0


def test_each_webannotation_stands_alone_with_context_creator_id_and_language(world, factchecker, article):
    (page, _collection) = json.loads(body(export(factchecker, "webannotation")))["@graph"]
    for item in page["items"]:
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["creator"] == {"id": "acct:rita@testserver", "type": "Person", "nickname": "rita"}
        assert item["target"]["language"] == article.language == "en"
        expanded = expand(item)
        assert expanded[0]["@type"] == [OA + "Annotation"]
        assert expanded[0]["http://purl.org/dc/terms/creator"][0]["@id"] == "acct:rita@testserver"


def test_a_correction_body_is_in_the_language_of_axis_itself(settings):
    settings.LANGUAGE_CODE = "en-gb"
    moment = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
    record = ExportRecord(id=1, article_id=2, article_title="", article_source_url="", article_byline="",
                          article_published=None, target="span", target_id=None, start=0, end=3, text="The",
                          tags=[], verdict=None, verdict_value=None, note="", correction="not_a_quote",
                          evidence=[], author="rita@home", editor=None, decided=None, state="approved", version=1,
                          created=moment, updated=moment, article_language="")
    context = ExportContext(workspace_name="Herald", base_url="https://axis.example", annotation_url="{}",
                            article_url="{}", collection_url="c")
    item = webannotation.annotation(record, context)
    assert item["body"] == [{"type": "TextualBody", "purpose": "editing", "language": "en-gb",
                             "value": "Not a quote"}]
    assert "language" not in item["target"]
    assert item["creator"]["id"] == "acct:rita%40home@axis.example"
    assert item["created"] == "2026-05-01T12:30:00Z"


def test_jsonl_has_one_full_record_per_line(world, factchecker, article):
    lines = body(export(factchecker, "jsonl")).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == world["approved"]
    on_quote = records[1]
    assert on_quote["url"] == f"http://testserver/annotations/{world['on_quote'].pk}/"
    assert on_quote["article"] == {"id": article.pk, "title": "Flood budget",
                                   "source_url": "https://herald.example/flood", "byline": "Jane Doe",
                                   "published": "2026-05-01"}
    assert on_quote["target"]["kind"] == "quote" and on_quote["target"]["text"] == world["quote"].text
    assert on_quote["target"]["speaker"] == {"name": "Maria Lopez", "is_institution": False}
    assert (on_quote["verdict"], on_quote["verdict_value"], on_quote["editor"]) == ("Misleading", None, "ed")
    assert records[0]["evidence"] == [{"url": "https://council.example/minutes", "title": "", "publisher": "",
                                       "stance": "context"}]


def test_the_offline_loader_refuses_any_other_context():
    with pytest.raises(OfflineContextError):
        offline_document_loader("https://example.org/context.jsonld")


# Approved work only, unless an editor asks


def test_an_approved_annotation_being_edited_exports_its_approved_version(world, reviewer, factchecker):
    on_claim = world["on_claim"]
    services.annotation_update(annotation=on_claim, by=reviewer, version=on_claim.version, note="Rewritten",
                               tags=[], verdict=None)
    on_claim.refresh_from_db()
    assert on_claim.state == "submitted"
    row = csv_rows(export(factchecker, "csv"))[0]
    assert (row["annotation_id"], row["note"], row["verdict"], row["state"]) == (
        str(on_claim.pk), "The budget was $3.9 million.", "Mostly false", "approved")
    assert "Rewritten" not in body(export(factchecker, "jsonl"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_factcheckers_export_never_carries_unapproved_work(world, factchecker, fmt):
    text = body(export(factchecker, fmt))
    assert "Pending review" not in text and "Private draft" not in text
    assert f"/annotations/{world['submitted'].pk}/" not in text
    assert export(factchecker, fmt, "workspace=herald&states=all").status_code == 403


@pytest.mark.parametrize("role,status", [("editor", 200), ("admin", 200), ("reviewer", 403), ("factchecker", 403)])
def test_only_editors_and_admins_export_every_state(world, workspace, role, status):
    user = MembershipFactory(workspace=workspace, role=role).user
    response = export(user, "csv", "workspace=herald&states=all")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": "Only an editor or admin can export work that is not approved."}


def test_every_state_shows_work_as_it_is_but_never_someone_elses_draft(world, editor, reviewer):
    rows = csv_rows(export(editor, "csv", "workspace=herald&states=all"))
    states = {int(r["annotation_id"]): r["state"] for r in rows}
    assert states == {world["on_claim"].pk: "approved", world["on_quote"].pk: "approved",
                      world["on_span"].pk: "approved", world["submitted"].pk: "submitted"}
    pending = next(r for r in rows if r["state"] == "submitted")
    assert (pending["note"], pending["verdict"], pending["editor"], pending["decided"]) == (
        "Pending review", "True", "", "")
    # Its author, made an editor, sees their own draft.
    services.membership_set(workspace=world["on_claim"].article.workspace, user=reviewer, role="editor")
    assert "Private draft" in body(export(reviewer, "jsonl", "workspace=herald&states=all"))


def test_every_state_lists_live_tags_and_evidence(world, editor):
    records = [json.loads(line) for line in body(export(editor, "jsonl", "workspace=herald&states=all"))
               .splitlines()]
    on_claim = next(r for r in records if r["id"] == world["on_claim"].pk)
    assert on_claim["tags"] == ["statistic"]
    assert on_claim["evidence"][0]["url"] == "https://council.example/minutes"
    reviews = json.loads(body(export(editor, "claimreview", "workspace=herald&states=all")))
    # One review per target: the most recently decided; the undecided "True" on the claim comes after.
    assert sorted(r["reviewRating"]["alternateName"] for r in reviews) == ["Misleading", "Mostly false"]


def test_since_keeps_work_approved_from_that_time(workspace, article, reviewer, editor, factchecker):
    with time_machine.travel(datetime(2026, 5, 1, 9, 0, tzinfo=UTC), tick=False):
        early = approve(services.annotation_create(article=article, by=reviewer, start=0, end=3, note="early"),
                        by=reviewer, editor=editor)
    with time_machine.travel(datetime(2026, 5, 3, 9, 0, tzinfo=UTC), tick=False):
        late = approve(services.annotation_create(article=article, by=reviewer, start=4, end=11, note="late"),
                       by=reviewer, editor=editor)
    ids = [int(r["annotation_id"]) for r in csv_rows(export(factchecker, "csv", "workspace=herald&since=2026-05-02"))]
    assert ids == [late.pk]
    ids = [int(r["annotation_id"]) for r in csv_rows(
        export(factchecker, "csv", "workspace=herald&since=2026-05-01T08:00:00%2B00:00"))]
    assert ids == [early.pk, late.pk]


def test_article_narrows_the_export_to_one_article(world, workspace, reviewer, editor, factchecker):
    other = ArticleFactory(workspace=workspace)
    approve(services.annotation_create(article=other, by=reviewer, start=0, end=3, note="elsewhere"),
            by=reviewer, editor=editor)
    rows = csv_rows(export(factchecker, "csv", f"workspace=herald&article={world['claim'].article_id}"))
    assert [int(r["annotation_id"]) for r in rows] == world["approved"]
    response = export(factchecker, "csv", f"workspace=herald&article={world['claim'].article_id}")
    assert f"-article-{world['claim'].article_id}-csv-" in response["Content-Disposition"]


# Workspaces, errors and headers


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_workspaces_export_is_404(world, outsider, fmt):
    response = export(outsider, fmt)
    assert response.status_code == 404
    assert response.json() == {"detail": "No such workspace among yours."}


def test_an_article_of_another_workspace_is_404(world, outsider, factchecker):
    foreign = ArticleFactory(workspace=outsider.memberships.get().workspace)
    response = export(factchecker, "csv", f"workspace=herald&article={foreign.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such article in this workspace."}
    # Nor does the outsider reach the article through their own workspace's slug.
    response = export(outsider, "csv", f"workspace=post&article={world['claim'].article_id}")
    assert response.status_code == 404


def test_an_anonymous_export_is_401(world):
    response = APIClient().get("/api/v1/exports/csv/?workspace=herald")
    assert response.status_code == 401


@pytest.mark.parametrize("query,field", [
    ("", "workspace"),
    ("workspace=herald&since=yesterday", "since"),
    ("workspace=herald&since=2026-02-30", "since"),
    ("workspace=herald&states=some", "states"),
    ("workspace=herald&article=0", "article"),
    ("workspace=herald&article=99999999999999999999999", "article"),
])
def test_a_bad_parameter_is_400_naming_it(world, factchecker, query, field):
    response = export(factchecker, "csv", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_bad_page_is_400_naming_it(world, factchecker):
    response = export(factchecker, "webannotation", "workspace=herald&page=-1")
    assert response.status_code == 400 and list(response.json()) == ["page"]


@pytest.mark.parametrize("fmt,media_type,extension", [
    ("claimreview", "application/ld+json", "jsonld"),
    ("webannotation", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "jsonld"),
    ("csv", "text/csv; charset=utf-8", "csv"),
    ("jsonl", "application/x-ndjson; charset=utf-8", "jsonl"),
])
def test_exports_stream_as_attachments_in_their_own_content_type(world, factchecker, fmt, media_type, extension):
    response = api(factchecker).get(f"/api/v1/exports/{fmt}/?workspace=herald", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"].startswith('attachment; filename="axis-herald-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_an_error_is_json_whatever_the_client_accepts(world, outsider):
    response = api(outsider).get("/api/v1/exports/csv/?workspace=herald", HTTP_ACCEPT="text/csv")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_a_token_pulls_the_approved_verdicts(world, factchecker):
    _, token = services.token_create(user=factchecker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/exports/claimreview/?workspace=herald")
    assert response.status_code == 200 and len(json.loads(body(response))) == 2


# Cost


def _approved_batch(article, reviewer, editor, n: int) -> None:
    ratings, labels = choices(article.workspace)
    for i in range(n):
        approve(services.annotation_create(
            article=article, by=reviewer, claim=ClaimFactory(article=article, ordinal=100 + i),
            verdict=ratings["False"], tags=[labels["statistic"], labels["opinion"]], note=f"n{i}",
            evidence=[{"url": f"https://example.org/{i}"}, {"url": f"https://example.org/{i}/b"}],
        ), by=reviewer, editor=editor)


@pytest.mark.parametrize("rows", [3, 9])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("states", ["approved", "all"])
def test_export_queries_do_not_grow_with_rows(article, reviewer, editor, rows, fmt, states,
                                              django_assert_num_queries):
    _approved_batch(article, reviewer, editor, rows)
    client = api(editor)
    # The membership with its workspace; the rating scale; the annotations with everything they carry.
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/exports/{fmt}/?workspace=herald&states={states}")
        text = body(response)
    assert text.count("example.org/") >= 2 * rows or fmt == "claimreview"


# Markup in the text (issue 14, item 22)

HOSTILE = "</script><script>alert(1)</script> & <!-- more"


@pytest.fixture
def hostile(workspace, reviewer, editor):
    """An approved verdict on a claim whose text, note and article title hold markup and an ampersand."""
    article = ArticleFactory(workspace=workspace, title=f"Title {HOSTILE}", byline="A & B",
                             raw_text=f"Officials said {HOSTILE}.\n\nNothing else.")
    start = article.clean_text.index("</script>")
    claim = ClaimFactory(article=article, ordinal=0, start=start, end=start + len(HOSTILE))
    ratings, labels = choices(workspace)
    return approve(services.annotation_create(
        article=article, by=reviewer, claim=claim, verdict=ratings["False"], note=f"Note {HOSTILE}",
        tags=[labels["statistic"]], evidence=[{"url": "https://example.org/?a=1&b=<2>", "title": HOSTILE}],
    ), by=reviewer, editor=editor)


@pytest.mark.parametrize("fmt,query", [
    ("claimreview", ""), ("webannotation", ""), ("webannotation", "&page=0"), ("jsonl", ""),
])
def test_json_exports_escape_angle_brackets_and_ampersands(hostile, factchecker, fmt, query):
    text = body(export(factchecker, fmt, "workspace=herald&states=approved" + query))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text
    # Escapes, not removals: the JSON still says exactly what was written.
    document = json.loads(text.splitlines()[0] if fmt == "jsonl" else text)
    assert HOSTILE in json.dumps(document, ensure_ascii=False)
