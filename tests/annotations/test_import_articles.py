"""The import_articles command and the batch import service behind it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotations import tasks
from annotations.models import Article, AuditEvent, Claim, Quote, Source
from annotations.services import analysis
from annotations.services.bulk import tables_analyse
from annotations.services.imports_bulk import ImportRecord, article_import_batch
from tests.annotations.test_tasks import database_tasks
from tests.factories import ARTICLE_TEXT, ClaimFactory


def texts(n: int) -> list[str]:
    return [f"{ARTICLE_TEXT}\n\nThe council met {i} times in {2000 + i}." for i in range(n)]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_jsonl(path, rows: list) -> None:
    path.write_text("\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n")


def test_a_folder_of_text_and_html_files_is_imported_and_analysed(workspace, tmp_path,
                                                                  django_capture_on_commit_callbacks):
    (tmp_path / "a.txt").write_text(texts(1)[0])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(
        f"<html><head><title>Bridges</title></head><body><article><p>{texts(2)[1]}</p></article></body></html>")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society spent $3 million.".encode("latin-1"))
    (tmp_path / "notes.md").write_text("ignored: not .txt or .html")

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(str(tmp_path), "--workspace", workspace.slug)

    assert out.splitlines()[0] == "Added 2, skipped 0 already present, failed 2."
    assert err.splitlines() == ["empty.txt: text: The article has no text.", "latin1.txt: not UTF-8 text"]
    assert Article.objects.filter(workspace=workspace, status=Article.Status.READY).count() == 2
    assert Article.objects.get(title="Bridges").claims.exists()


def test_json_lines_reports_each_bad_line_and_goes_on(workspace, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "archive.jsonl"
    good = texts(3)
    write_jsonl(path, [
        {"text": good[0], "title": "One", "url": "https://example.org/1", "author": "Ann Lee",
         "published": "2024-03-01"},
        "{not json",
        {"title": "no text"},
        {"text": good[1], "published": "March"},
        {"text": good[1], "url": "not a url"},
        {"text": good[1], "colour": "blue"},
        "",
        {"text": good[2], "published": "2024-03-02T10:00:00+00:00"},
    ])

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(str(path), "--workspace", workspace.slug)

    assert out.splitlines()[0] == "Added 2, skipped 0 already present, failed 5."
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"archive.jsonl line {n}" for n in (2, 3, 4, 5, 6)]
    assert lines[1] == "archive.jsonl line 3: text: The article has no text."
    assert lines[2] == "archive.jsonl line 4: published: 'March' is not a date (YYYY-MM-DD)"
    assert lines[3] == "archive.jsonl line 5: source_url: Enter a valid URL."
    one = Article.objects.get(title="One")
    assert (one.source_url, one.byline, str(one.published)) == ("https://example.org/1", "Ann Lee", "2024-03-01")
    assert Article.objects.get(published="2024-03-02").status == Article.Status.READY


def test_importing_again_skips_what_is_there(workspace, tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [{"text": t} for t in texts(3)] + [{"text": texts(1)[0] + "  "}])

    first, _ = run(str(path), "--workspace", workspace.slug)
    again, _ = run(str(path), "--workspace", workspace.slug)

    # The fourth line is the first text with other whitespace: the same article.
    assert first.splitlines()[0] == "Added 3, skipped 1 already present, failed 0."
    assert again.splitlines()[0] == "Added 0, skipped 4 already present, failed 0."
    assert Article.objects.count() == 3


def test_an_interrupted_import_finishes_without_duplicates_when_run_again(workspace, tmp_path, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    from annotations.services import imports_bulk

    path = tmp_path / "a.jsonl"
    write_jsonl(path, [{"text": t} for t in texts(7)])
    real = imports_bulk.article_import_batch
    calls = []

    def interrupted(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(**kwargs)

    monkeypatch.setattr(imports_bulk, "article_import_batch", interrupted)
    out = StringIO()
    with pytest.raises(CommandError, match="Interrupted") as raised:
        call_command("import_articles", str(path), "--workspace", workspace.slug, "--batch-size", "2",
                     stdout=out, stderr=StringIO())
    assert raised.value.returncode == 130
    assert out.getvalue().splitlines()[0] == "Added 4, skipped 0 already present, failed 0."
    assert Article.objects.count() == 4

    monkeypatch.setattr(imports_bulk, "article_import_batch", real)
    # The first run's analysis never ran (its callbacks are left uncalled): the second queues it again.
    with django_capture_on_commit_callbacks(execute=True):
        again, _ = run(str(path), "--workspace", workspace.slug, "--batch-size", "2")
    assert again.splitlines()[0] == "Added 3, skipped 4 already present, failed 0."
    assert Article.objects.count() == 7
    assert Article.objects.filter(status=Article.Status.READY).count() == 7


def test_a_batch_takes_the_same_few_queries_whatever_its_size(workspace, django_assert_num_queries):
    records = [ImportRecord(origin=f"line {i}", text=t) for i, t in enumerate(texts(40))]
    # present hashes; savepoint; articles; audit events; release savepoint
    with django_assert_num_queries(5):
        small = article_import_batch(workspace=workspace, records=records[:3], queue_analysis=False)
    with django_assert_num_queries(5):
        large = article_import_batch(workspace=workspace, records=records[3:], queue_analysis=False)
    assert (len(small.added), len(large.added)) == (3, 37)
    assert Article.objects.filter(status=Article.Status.QUEUED).count() == 40
    assert AuditEvent.objects.filter(action="article.create").count() == 40


def test_a_batch_queues_one_task_per_content_type(workspace, django_capture_on_commit_callbacks):
    records = [ImportRecord(origin="a", text=texts(3)[0]), ImportRecord(origin="b", text=texts(3)[1]),
               ImportRecord(origin="c.html", text=f"<p>{texts(3)[2]}</p>", content_type="text/html")]
    with database_tasks(), django_capture_on_commit_callbacks(execute=True):
        result = article_import_batch(workspace=workspace, records=records)
    queued = sorted((t.args_kwargs["kwargs"]["content_type"] or "", len(t.args_kwargs["kwargs"]["article_ids"]))
                    for t in DBTaskResult.objects.all())
    assert queued == [("", 2), ("text/html", 1)]
    assert len(result.added) == 3 and Claim.objects.count() == 0


def test_now_analyses_in_the_command_without_a_worker(workspace, tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [{"text": t} for t in texts(2)])
    with database_tasks():
        out, _ = run(str(path), "--workspace", workspace.slug, "--now")
    assert out.splitlines() == ["Added 2, skipped 0 already present, failed 0.", "Analysed: 2 ready."]
    assert DBTaskResult.objects.count() == 0
    assert Article.objects.filter(status=Article.Status.READY).count() == 2


def test_unknown_workspace_or_path_is_refused(workspace, tmp_path):
    with pytest.raises(CommandError, match="no workspace with the slug 'nowhere'"):
        run(str(tmp_path), "--workspace", "nowhere")
    with pytest.raises(CommandError, match="no such file or folder"):
        run(str(tmp_path / "missing.jsonl"), "--workspace", workspace.slug)
    assert Article.objects.count() == 0


def analysed_since(moment, *models) -> dict[str, bool]:
    """Return, for each model's table, whether ANALYZE last ran on it after `moment`."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the statistics views answer from a snapshot
        cursor.execute("SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                       [[model._meta.db_table for model in models]])
        found = dict(cursor.fetchall())
    return {model._meta.db_table: found.get(model._meta.db_table) is not None
            and found[model._meta.db_table] > moment for model in models}


def test_an_import_ends_by_analysing_the_tables_it_filled(workspace, tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [{"text": t} for t in texts(2)])
    before = timezone.now()
    with database_tasks():
        run(str(path), "--workspace", workspace.slug, "--now")
    assert analysed_since(before, Article, Claim, Quote, Source) == dict.fromkeys(
        ["annotations_article", "annotations_claim", "annotations_quote", "annotations_source"], True)


def test_an_import_that_adds_nothing_analyses_nothing(workspace, tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, ["not json"])
    before = timezone.now()
    run(str(path), "--workspace", workspace.slug)
    assert analysed_since(before, Article) == {"annotations_article": False}


def test_a_batch_from_an_import_asks_to_analyse_tables_whose_statistics_fell_behind(workspace, monkeypatch):
    records = [ImportRecord(origin=f"line {i}", text=t) for i, t in enumerate(texts(analysis.BULK_BATCH + 1))]
    ids = article_import_batch(workspace=workspace, records=records, queue_analysis=False).added
    asked = []
    monkeypatch.setattr(analysis, "tables_analyse", lambda *tables, **options: asked.append((tables, options)))
    assert tasks.articles_analyse.call(article_ids=ids[:1]) == {"ready": 1}
    assert asked == []  # one article, as the page adds them
    assert tasks.articles_analyse.call(article_ids=ids) == {"ready": analysis.BULK_BATCH, "skipped": 1}
    assert asked == [((Article, Claim, Quote, Source), {"stale_only": True})]


def test_tables_analysed_since_their_last_change_are_not_analysed_again(workspace):
    ClaimFactory.create_batch(3)
    assert tables_analyse(Claim) == ["annotations_claim"]
    # The rows a transaction changes count once it commits; nothing has changed since.
    assert tables_analyse(Claim, stale_only=True) == []
