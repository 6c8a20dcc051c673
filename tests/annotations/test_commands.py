"""The management commands: load_demo and analyze_article."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Article, Claim, Membership, Quote, Source
from tests.factories import ARTICLE_TEXT

DEMO = Path(__file__).resolve().parents[2] / "annotations" / "demo" / "cracks-in-the-axis.txt"
DEMO_TITLE = "Cracks in the Axis: How China, Russia and Iran “Alliance” Falters"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_twice(monkeypatch):
    monkeypatch.setenv("AXIS_DEMO_PASSWORD", "demo-pass-123")
    first = run("load_demo")
    counts = (Article.objects.count(), Claim.objects.count(), Quote.objects.count(), Source.objects.count(),
              Membership.objects.count())
    second = run("load_demo")
    assert "Loaded the demo article" in first and "Found the demo article" in second
    assert "demo-pass-123" in second
    assert counts == (Article.objects.count(), Claim.objects.count(), Quote.objects.count(),
                      Source.objects.count(), Membership.objects.count())
    article = Article.objects.get()
    assert (article.title, article.byline, article.status) == (DEMO_TITLE, "Администратор", "ready")
    assert Quote.objects.count() == 5
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("editor", "editor"), ("factchecker", "factchecker"), ("reviewer", "reviewer"),
    ]


@pytest.mark.django_db
def test_demo_reviewer_sees_the_demo_article_on_home(client, monkeypatch):
    monkeypatch.setenv("AXIS_DEMO_PASSWORD", "demo-pass-123")
    run("load_demo")
    assert client.login(username="reviewer", password="demo-pass-123")
    response = client.get("/")
    assert DEMO_TITLE in response.content.decode()


def test_analyze_article_json_has_exactly_the_documented_shape():
    # No db fixture: pytest-django fails the test on any database access.
    result = json.loads(run("analyze_article", str(DEMO), "--json"))
    assert set(result) == {"title", "byline", "text", "claims", "quotes"}
    assert result["title"] == DEMO_TITLE
    text = result["text"]
    for claim in result["claims"]:
        assert set(claim) == {"start", "end", "text", "checkworthiness", "reasons"}
        assert text[claim["start"] : claim["end"]] == claim["text"]
    for quote in result["quotes"]:
        assert set(quote) == {"start", "end", "text", "kind", "speaker", "cue", "confidence"}
        assert set(quote["speaker"]) == {"name", "role", "organization"}
        assert set(quote["cue"]) == {"start", "end"}
        assert text[quote["start"] : quote["end"]] == quote["text"]
    assert [q["speaker"]["name"] for q in result["quotes"]] == [
        "Alexander Gabuev", "Alexander Gabuev", "Sergey Radchenko", "Sergey Radchenko", "Yun Sun",
    ]


def test_analyze_article_report_lists_claims_and_quotes():
    report = run("analyze_article", str(DEMO))
    assert "Claims (" in report and "Quotes (5)" in report
    assert "Sergey Radchenko, Cold War historian, Johns Hopkins University" in report


@pytest.mark.parametrize("make,message", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: (d / "empty.txt", (d / "empty.txt").write_text("  \n"))[0], "the file is empty"),
    (lambda d: (d / "latin1.txt", (d / "latin1.txt").write_bytes("Café".encode("latin-1")))[0], "not UTF-8"),
    (lambda d: (d / "bin.txt", (d / "bin.txt").write_bytes(b"PK\x03\x04\x00\x00"))[0], "binary file"),
])
def test_analyze_article_bad_file_is_one_line_and_stores_nothing(tmp_path, make, message, db):
    with pytest.raises(CommandError) as info:
        run("analyze_article", str(make(tmp_path)), "--save", "--workspace", "herald")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert Article.objects.count() == 0


def test_analyze_article_save_stores_the_article(tmp_path, workspace):
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE_TEXT)
    out = run("analyze_article", str(path), "--save", "--workspace", "herald")
    article = Article.objects.get(workspace=workspace)
    assert f"Stored article {article.pk}" in out
    assert article.claims.count() >= 3
    assert article.quotes.get(kind="direct").source.name == "Maria Lopez"


def test_analyze_article_save_needs_a_known_workspace(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE_TEXT)
    with pytest.raises(CommandError, match="no workspace with the slug 'nowhere'"):
        run("analyze_article", str(path), "--save", "--workspace", "nowhere")


def _analyse_counting_queries(workspace, paragraphs: int) -> int:
    from annotations import services

    text = "\n\n".join(
        f"The council spent ${i}.5 million on repairs in {1990 + i}. "
        f"“We fixed {i} bridges,” said Engineer Number{i} Smith, director of Roads Department {i}."
        for i in range(paragraphs)
    )
    article, _ = services.article_create(workspace=workspace, raw_text=text, by=None, analyse=False)
    with CaptureQueriesContext(connection) as captured:
        services.article_analyse(article=article)
    assert article.claims.count() == paragraphs * 2
    assert article.quotes.count() == paragraphs
    return len(captured)


def test_storing_an_analysed_article_takes_the_same_queries_whatever_its_length(workspace):
    # savepoint, lock the article, update it, sources (select, insert, select again), claims,
    # quotes, audit event, release savepoint
    assert _analyse_counting_queries(workspace, 3) == _analyse_counting_queries(workspace, 60) <= 11
