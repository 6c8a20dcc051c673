"""Background analysis: queued on commit, run by a worker, retried, redone after a worker dies."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from asgiref.local import Local
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotations import services
from annotations.models import Article, AuditEvent, Claim, Quote
from annotations.services import analysis as analysis_service
from annotations.services.analysis import analysis_requeue_abandoned
from annotations.tasks import articles_analyse
from tests.factories import ARTICLE_TEXT

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def _reset_task_backends():
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@contextmanager
def database_tasks():
    """Queue tasks in PostgreSQL, as production does, instead of running them at once."""
    with override_settings(TASKS={"default": {"BACKEND": DATABASE_BACKEND}}):
        _reset_task_backends()
        try:
            yield
        finally:
            _reset_task_backends()
    _reset_task_backends()


def run_worker():
    """Run the waiting tasks as `db_worker` does (the command itself closes the test's transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[])
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


def _failing_pipeline(monkeypatch):
    def analyze(raw, *, content_type=None):
        raise RuntimeError("the tokenizer fell over")

    monkeypatch.setattr("annotations.nlp.analyze", analyze)


def test_article_is_stored_queued_and_analysed_by_the_worker_after_commit(
        workspace, reviewer, django_capture_on_commit_callbacks):
    with database_tasks():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article, created = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=reviewer)
            # Nothing is queued while the transaction is open: a worker could not see the article yet.
            assert DBTaskResult.objects.count() == 0
        assert created and article.status == Article.Status.QUEUED and len(callbacks) == 1
        callbacks[0]()
        queued = DBTaskResult.objects.get()
        assert queued.args_kwargs["kwargs"]["article_ids"] == [article.pk]
        assert Claim.objects.filter(article=article).count() == 0
        run_worker()
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert Claim.objects.filter(article=article).exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_analysis_runs_once_the_article_is_committed(workspace, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=reviewer)
        # The transaction is still open: the task waits for its commit.
        assert article.status == Article.Status.QUEUED and not article.claims.exists()
    assert len(callbacks) == 1
    article.refresh_from_db()
    assert article.status == Article.Status.READY and article.claims.exists()


def _added(workspace, by, callbacks) -> Article:
    """Add the article and run its analysis, as the commit of a request does."""
    with callbacks(execute=True):
        article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=by)
    article.refresh_from_db()
    return article


def test_a_worker_killed_mid_article_stores_nothing_and_the_next_run_analyses_it(workspace, monkeypatch):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=None, analyse=False)
    real_copy_rows = analysis_service.copy_rows

    def killed(model, *args, **kwargs):
        if model is Quote:
            raise SystemExit("SIGKILL")  # after the claims went in, before the quotes
        return real_copy_rows(model, *args, **kwargs)

    monkeypatch.setattr(analysis_service, "copy_rows", killed)
    with pytest.raises(SystemExit):
        articles_analyse.call(article_ids=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.ANALYSING
    assert Claim.objects.filter(article=article).count() == 0
    assert article.clean_text == ""

    monkeypatch.setattr(analysis_service, "copy_rows", real_copy_rows)
    assert articles_analyse.call(article_ids=[article.pk]) == {"ready": 1}
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    claims = Claim.objects.filter(article=article).count()
    # A second run of a finished article changes nothing.
    assert articles_analyse.call(article_ids=[article.pk]) == {"skipped": 1}
    assert Claim.objects.filter(article=article).count() == claims


def test_a_pipeline_error_marks_the_article_failed_with_the_reason(workspace, reviewer, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    _failing_pipeline(monkeypatch)
    article = _added(workspace, reviewer, django_capture_on_commit_callbacks)
    assert article.status == Article.Status.FAILED
    assert article.analysis_error == "RuntimeError: the tokenizer fell over"
    assert Claim.objects.filter(article=article).count() == 0


def test_reviewer_retries_a_failed_analysis(workspace, reviewer, reviewer_client, monkeypatch,
                                            django_capture_on_commit_callbacks):
    with monkeypatch.context() as patch:
        _failing_pipeline(patch)
        article = _added(workspace, reviewer, django_capture_on_commit_callbacks)
    page = reviewer_client.get(f"/articles/{article.pk}/")
    assert b"Analysis failed: RuntimeError: the tokenizer fell over" in page.content
    assert b"Retry the analysis" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(f"/articles/{article.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    article.refresh_from_db()
    assert (article.status, article.analysis_error) == (Article.Status.READY, "")
    assert AuditEvent.objects.filter(action="article.retry", object_id=str(article.pk), actor=reviewer).exists()


def test_factchecker_cannot_retry_an_analysis(workspace, reviewer, factchecker, client, monkeypatch,
                                              django_capture_on_commit_callbacks):
    _failing_pipeline(monkeypatch)
    article = _added(workspace, reviewer, django_capture_on_commit_callbacks)
    client.force_login(factchecker)
    assert b"Retry the analysis" not in client.get(f"/articles/{article.pk}/").content
    assert client.post(f"/articles/{article.pk}/retry/").status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    with pytest.raises(ValidationError) as raised:
        services.article_retry(article=article, by=factchecker)
    assert raised.value.message_dict == {"status": [services.ARTICLE_RETRY_FORBIDDEN]}


def test_outsider_cannot_retry_an_analysis(workspace, reviewer, outsider_client, monkeypatch,
                                           django_capture_on_commit_callbacks):
    _failing_pipeline(monkeypatch)
    article = _added(workspace, reviewer, django_capture_on_commit_callbacks)
    assert outsider_client.post(f"/articles/{article.pk}/retry/").status_code == 404
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED


def test_only_a_failed_analysis_can_be_retried(workspace, reviewer, reviewer_client,
                                               django_capture_on_commit_callbacks):
    article = _added(workspace, reviewer, django_capture_on_commit_callbacks)
    assert article.status == Article.Status.READY
    with pytest.raises(ValidationError) as raised:
        services.article_retry(article=article, by=reviewer)
    assert raised.value.message_dict == {"status": [services.ARTICLE_NOT_FAILED]}
    response = reviewer_client.post(f"/articles/{article.pk}/retry/", follow=True)
    assert services.ARTICLE_NOT_FAILED in response.content.decode()
    assert not AuditEvent.objects.filter(action="article.retry").exists()


def test_status_endpoint_answers_members_with_the_state(workspace, reviewer, reviewer_client,
                                                        django_assert_num_queries):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=reviewer, analyse=False)
    with django_assert_num_queries(3):  # session, user, the article joined to the caller's membership
        response = reviewer_client.get(f"/articles/{article.pk}/status/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "queued", "label": "Queued", "error": "", "done": False}
    articles_analyse.call(article_ids=[article.pk])
    assert reviewer_client.get(f"/articles/{article.pk}/status/").json()["done"] is True


def test_status_endpoint_is_a_404_to_outsiders_and_strangers(workspace, reviewer, outsider_client, client):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=reviewer, analyse=False)
    assert outsider_client.get(f"/articles/{article.pk}/status/").status_code == 404
    assert client.get(f"/articles/{article.pk}/status/").status_code == 404
    assert reviewer_client_missing(client, reviewer).get("/articles/999999/status/").status_code == 404


def reviewer_client_missing(client, reviewer):
    client.force_login(reviewer)
    return client


def test_pages_show_a_queued_article_and_load_the_status_poller(workspace, reviewer, reviewer_client):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=reviewer, analyse=False)
    status_url = f'data-article-status="/articles/{article.pk}/status/"'.encode()
    for page in (reviewer_client.get("/"), reviewer_client.get(f"/articles/{article.pk}/")):
        assert status_url in page.content
        assert b"annotations/js/status.js" in page.content
    articles_analyse.call(article_ids=[article.pk])
    assert b"annotations/js/status.js" not in reviewer_client.get(f"/articles/{article.pk}/").content
    assert b"annotations/js/status.js" not in reviewer_client.get("/").content


def test_requeue_redoes_what_a_restarted_worker_was_running(workspace, django_capture_on_commit_callbacks):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=None, analyse=False)
    other, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT + " More.", by=None,
                                       analyse=False)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ANALYSING)
    with database_tasks():
        # The worker "w1" died while running the first article; the second is queued on a live worker.
        dead = articles_analyse.enqueue(article_ids=[article.pk]).db_result
        live = articles_analyse.enqueue(article_ids=[other.pk]).db_result
        DBTaskResult.objects.filter(pk__in=[dead.pk, live.pk]).update(
            status="RUNNING", started_at=timezone.now(), worker_ids=["w1"])
        DBTaskResult.objects.filter(pk=live.pk).update(worker_ids=["w2"])

        with django_capture_on_commit_callbacks(execute=True):
            assert analysis_requeue_abandoned(worker_id="w1") == 1
        dead.refresh_from_db()
        assert dead.status == "FAILED"
        waiting = DBTaskResult.objects.get(status="READY")
        assert waiting.args_kwargs["kwargs"]["article_ids"] == [article.pk]
        # Run again at once: the new task covers the article, so nothing is queued twice.
        assert analysis_requeue_abandoned(worker_id="w1") == 0
        # A task running for longer than the stale limit is taken for dead as well.
        DBTaskResult.objects.filter(pk=live.pk).update(started_at=timezone.now() - timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert analysis_requeue_abandoned(stale_after=timedelta(minutes=30)) == 1


def test_requeue_command_reports_what_it_did(workspace, django_capture_on_commit_callbacks):
    from io import StringIO

    services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=None, analyse=False)
    out = StringIO()
    with database_tasks():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("analysis_requeue", "--worker-id", "w9", stdout=out)
        assert DBTaskResult.objects.count() == 1
    assert out.getvalue() == "Queued 1 article(s) for analysis again.\n"
