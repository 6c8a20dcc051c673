"""Import of W3C Web Annotations made elsewhere onto an article: anchoring, content, permissions, round trip."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Annotation, Article, AuditEvent, Evidence, Membership
from annotations.services import imports
from annotations.services.imports import Quote, anchor
from tests.annotations.test_import_articles import analysed_since
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, QuoteFactory

TEXT = "The port grew. The port grew again in May. Critics said the port grew too fast."


def span(where) -> tuple[int, int] | str:
    """Return where an anchor lies, or the reason it does not."""
    return where if isinstance(where, str) else (where.start, where.end)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def hypothesis(exact: str, *, start=None, end=None, prefix="", suffix="", body=None, ident="h1") -> dict:
    """An annotation as Hypothesis's JSON-LD endpoint gives it: a list of targets, comments without purpose."""
    selectors = [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]
    if start is not None:
        selectors.insert(0, {"type": "TextPositionSelector", "start": start, "end": end})
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": ident,
            "body": body if body is not None else [{"type": "TextualBody", "value": "Check this."}],
            "target": [{"source": "https://example.org/story", "selector": selectors}]}


# Anchoring (plain Python, no database)


def test_a_position_whose_text_is_the_quote_anchors_there():
    assert anchor(TEXT, position=(4, 13), quote=Quote("port grew")) == imports.Anchor(4, 13, "position")


def test_a_position_that_disagrees_falls_back_to_the_quote():
    start = TEXT.index("in May")
    assert anchor(TEXT, position=(0, 6), quote=Quote("in May")) == imports.Anchor(start, start + 6, "quote")


def test_prefix_and_suffix_choose_between_occurrences():
    second = TEXT.index("port grew again")
    assert span(anchor(TEXT, position=None, quote=Quote("port grew", prefix="The ", suffix=" again"))) == (
        second, second + 9)
    third = TEXT.index("port grew too")
    assert span(anchor(TEXT, position=None, quote=Quote("port grew", prefix="said the "))) == (third, third + 9)


def test_an_ambiguous_quote_is_reported_not_guessed():
    assert anchor(TEXT, position=None, quote=Quote("port grew")) == imports.QUOTE_AMBIGUOUS.format(n=3)
    # "The " precedes two of the three: still no single one.
    assert anchor(TEXT, position=None, quote=Quote("port grew", prefix="The ")) == imports.QUOTE_AMBIGUOUS.format(n=3)


def test_a_quote_that_is_not_in_the_text_is_reported():
    assert anchor(TEXT, position=(0, 3), quote=Quote("harbour")) == imports.QUOTE_NOT_FOUND


def test_a_quote_too_far_from_any_text_is_not_found():
    # Within 1 edit per 8 characters, and only for quotes of 8 characters or more.
    assert anchor(TEXT, position=None, quote=Quote("Critics sang loudly")) == imports.QUOTE_NOT_FOUND
    assert anchor(TEXT, position=None, quote=Quote("in Maz")) == imports.QUOTE_NOT_FOUND


def test_a_position_without_a_quote_is_not_trusted():
    assert anchor(TEXT, position=(0, 3), quote=None) == imports.POSITION_ONLY
    assert anchor(TEXT, position=None, quote=None) == imports.NO_SELECTOR


def test_a_unique_quote_anchors_even_when_its_context_differs():
    start = TEXT.index("Critics")
    assert span(anchor(TEXT, position=(999, 1005), quote=Quote("Critics", prefix="xyz"))) == (start, start + 7)


# The service and the endpoint


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, raw_text=TEXT, clean_text=TEXT)


def post(user, article, data, content_type="application/json"):
    return api(user).post(f"/api/v1/articles/{article.pk}/import-webannotations/", json.dumps(data),
                          content_type=content_type)


@pytest.mark.django_db
def test_import_creates_draft_span_annotations_of_the_importer(reviewer, article):
    start = TEXT.index("in May")
    data = hypothesis("in May", start=start, end=start + 6, ident="https://hypothes.is/a/1", body=[
        {"type": "TextualBody", "value": "Which May?"},
        {"type": "TextualBody", "purpose": "tagging", "value": "Statistic"},
        {"type": "TextualBody", "purpose": "tagging", "value": "no-such-tag"},
        {"type": "TextualBody", "purpose": "assessing", "value": "Mostly true"},
        {"type": "SpecificResource", "purpose": "linking", "source": "https://port.example/report"},
        {"type": "SpecificResource", "purpose": "linking", "source": "javascript:alert(1)"},
    ])
    response = post(reviewer, article, data)
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["unanchored"], result["skipped"]) == (1, [], [])
    assert result["ignored"] == {"tags": ["no-such-tag"], "verdicts": [], "links": ["javascript:alert(1)"]}
    annotation = Annotation.objects.get(pk=result["annotations"][0])
    assert (annotation.start, annotation.end, annotation.exact) == (start, start + 6, "in May")
    assert (annotation.author, annotation.state, annotation.note) == (reviewer, "draft", "Which May?")
    assert [t.name for t in annotation.tags.all()] == ["statistic"]
    assert annotation.verdict.name == "Mostly true"
    assert [e.url for e in annotation.evidence.all()] == ["https://port.example/report"]
    assert AuditEvent.objects.filter(action="annotation.import", object_id=str(article.pk)).exists()


@pytest.mark.django_db
def test_targets_that_do_not_anchor_are_reported_with_their_reasons(reviewer, article):
    data = [
        hypothesis("port grew", ident="a"),
        hypothesis("harbour", ident="b"),
        {"type": "Annotation", "id": "c", "body": "https://example.org", "target": "https://example.org/story"},
        hypothesis("Critics", ident="d", body=[]),
    ]
    response = post(reviewer, article, data)
    assert response.status_code == 200
    result = response.json()
    assert result["created"] == 0
    assert result["unanchored"] == [
        {"id": "a", "index": 0, "reason": imports.QUOTE_AMBIGUOUS.format(n=3), "quote": "port grew"},
        {"id": "b", "index": 1, "reason": imports.QUOTE_NOT_FOUND, "quote": "harbour"},
        {"id": "c", "index": 2, "reason": imports.PAGE_NOTE, "quote": None},
    ]
    assert result["skipped"] == [{"id": "d", "index": 3, "reason": imports.NOTHING_TO_KEEP}]
    assert Annotation.objects.count() == 0


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_twice(reviewer, article):
    data = hypothesis("Critics said")
    assert post(reviewer, article, data).json()["created"] == 1
    again = post(reviewer, article, data).json()
    assert again["created"] == 0 and again["skipped"][0]["reason"] == imports.ALREADY_IMPORTED
    assert Annotation.objects.count() == 1


@pytest.mark.django_db
def test_json_ld_content_type_is_accepted(reviewer, article):
    response = post(reviewer, article, hypothesis("Critics said"), content_type="application/ld+json")
    assert response.status_code == 200 and response.json()["created"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, [], "text", 3, {"type": "AnnotationCollection", "first": "https://x/1"}])
def test_a_document_without_annotations_is_400_naming_the_field(reviewer, article, data):
    response = post(reviewer, article, data)
    assert response.status_code == 400
    assert list(response.json()) == ["annotations"]


@pytest.mark.django_db
def test_malformed_selectors_and_bodies_are_reported_not_a_500(reviewer, article):
    data = [
        {"type": "Annotation", "target": {"selector": [{"type": "TextPositionSelector", "start": "0", "end": None},
                                                       {"type": "TextQuoteSelector", "exact": 5}, 7, None]},
         "body": [None, 3, {"purpose": 9, "value": []}]},
        {"type": ["Annotation"], "target": [None, {"selector": {"type": "TextQuoteSelector", "exact": "May"}}],
         "body": {"value": "ok"}},
    ]
    result = post(reviewer, article, data).json()
    assert result["unanchored"] == [{"id": None, "index": 0, "reason": imports.NO_SELECTOR, "quote": None}]
    assert result["created"] == 1


@pytest.mark.django_db
def test_too_many_annotations_is_400(reviewer, article, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT", 2)
    response = post(reviewer, article, [hypothesis("May")] * 3)
    assert response.status_code == 400 and list(response.json()) == ["annotations"]
    assert Annotation.objects.count() == 0


@pytest.mark.django_db
def test_an_article_not_yet_analysed_is_400(reviewer, workspace):
    queued = ArticleFactory(workspace=workspace, status=Article.Status.QUEUED, clean_text="", analysed_at=None)
    response = post(reviewer, queued, hypothesis("May"))
    assert response.status_code == 400 and list(response.json()) == ["article"]


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("reviewer", 200), ("editor", 200), ("admin", 200), ("factchecker", 403)])
def test_reviewers_editors_and_admins_import_and_fact_checkers_do_not(workspace, article, role, status):
    user = MembershipFactory(workspace=workspace, role=role).user
    response = post(user, article, hypothesis("Critics said"))
    assert response.status_code == status
    assert Annotation.objects.count() == (1 if status == 200 else 0)


@pytest.mark.django_db
def test_another_workspaces_article_is_404_and_an_anonymous_call_401(article, outsider):
    assert post(outsider, article, hypothesis("Critics said")).status_code == 404
    anonymous = APIClient().post(f"/api/v1/articles/{article.pk}/import-webannotations/",
                                 json.dumps(hypothesis("Critics said")), content_type="application/json")
    assert anonymous.status_code == 401
    assert Annotation.objects.count() == 0


@pytest.mark.django_db
def test_the_service_refuses_a_fact_checker(article, factchecker):
    with pytest.raises(ValidationError) as error:
        services.webannotation_import(article=article, data=hypothesis("Critics said"), by=factchecker)
    assert error.value.message_dict == {"workspace": [services.CANNOT_ANNOTATE]}


# Round trip


@pytest.mark.django_db
def test_web_annotations_exported_from_one_workspace_import_onto_a_copy_with_the_same_spans(
        workspace, other_workspace, editor, outsider):
    """Export an article's approved work as Web Annotations; import it onto a copy of the article elsewhere."""
    reviewer = MembershipFactory(workspace=workspace, role=Membership.Role.REVIEWER).user
    article = ArticleFactory(workspace=workspace)
    text = article.clean_text
    claim = ClaimFactory(article=article, ordinal=0, end=text.index("Tuesday.") + len("Tuesday."))
    quote = QuoteFactory(article=article)
    critics = text.index("Critics said")
    labels = {label.name: label for label in workspace.labels.all()}
    created = [
        services.annotation_create(article=article, by=reviewer, claim=claim, note="Check the minutes.",
                                   tags=[labels["statistic"]], verdict=workspace.ratings.get(name="False"),
                                   evidence=[{"url": "https://council.example/minutes"}]),
        services.annotation_create(article=article, by=reviewer, quote=quote, note="Who else said it?"),
        services.annotation_create(article=article, by=reviewer, start=critics, end=critics + 12, note="Which?"),
    ]
    for annotation in created:
        services.annotation_submit(annotation=annotation, by=reviewer)
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    response = api(editor).get(f"/api/v1/exports/webannotation/?workspace=herald&article={article.pk}")
    document = json.loads(b"".join(response.streaming_content))

    copy = ArticleFactory(workspace=other_workspace, raw_text=article.raw_text, clean_text=text)
    result = post(outsider, copy, document).json()

    assert (result["created"], result["unanchored"], result["skipped"]) == (3, [], [])
    imported = list(Annotation.objects.filter(article=copy).order_by("start"))
    expected = sorted([(claim.start, claim.end), (quote.start, quote.end), (critics, critics + 12)])
    assert [(a.start, a.end) for a in imported] == expected
    assert all(a.exact == text[a.start:a.end] and a.author == outsider and a.state == "draft" for a in imported)
    first = imported[0]
    assert (first.note, first.verdict.name, [t.name for t in first.tags.all()]) == (
        "Check the minutes.", "False", ["statistic"])
    assert first.verdict.workspace == other_workspace
    assert [e.url for e in first.evidence.all()] == ["https://council.example/minutes"]


# The command


@pytest.mark.django_db
def test_the_import_command_reports_what_it_created_and_what_not(article, reviewer, tmp_path):
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps([hypothesis("Critics said"), hypothesis("harbour", ident="b")]), encoding="utf-8")
    out = StringIO()
    before = timezone.now()
    call_command("import_annotations", str(path), "--article", str(article.pk), "--user", "rita", stdout=out)
    assert out.getvalue() == f"Created 1 draft annotation.\n  #1 b: {imports.QUOTE_NOT_FOUND}\n"
    assert Annotation.objects.get().author == reviewer
    assert analysed_since(before, Annotation, Evidence) == {"annotations_annotation": True,
                                                             "annotations_evidence": True}


@pytest.mark.django_db
@pytest.mark.parametrize("args,message", [
    (["--article", "x", "--user", "rita"], "--article: give an article's id"),
    (["--article", "999999", "--user", "rita"], "--article: no article 999999."),
    (["--article", "{article}", "--user", "nobody"], "--user: no user “nobody”."),
    (["--article", "{article}", "--user", "fay"], "workspace: " + services.CANNOT_ANNOTATE),
])
def test_the_import_command_refuses_bad_arguments_in_one_line(article, reviewer, factchecker, tmp_path, args,
                                                                message):
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps(hypothesis("Critics said")), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_annotations", str(path), *[a.format(article=article.pk) for a in args])
    assert str(error.value).startswith(message)
    assert Annotation.objects.count() == 0


@pytest.mark.django_db
def test_an_imported_quote_that_cuts_a_flag_is_stored_with_the_whole_flag(reviewer, workspace):
    flag = "\U0001F1EB\U0001F1F7"
    text = f"Supporters waved the {flag} flag in May."
    article = ArticleFactory(workspace=workspace, raw_text=text, clean_text=text)
    # Made elsewhere, the quote starts between the flag's two regional indicators.
    start = text.index(flag) + 1
    data = hypothesis("\U0001F1F7 flag", start=start, end=start + 6)
    response = post(reviewer, article, data)
    assert response.status_code == 200 and response.json()["created"] == 1
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.exact) == (start - 1, f"{flag} flag")
    again = post(reviewer, article, data).json()
    assert (again["created"], again["skipped"]) == (0, [{"id": "h1", "index": 0, "reason": imports.ALREADY_IMPORTED}])
    assert Annotation.objects.count() == 1

