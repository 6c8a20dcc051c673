"""Background tasks: the analysis of stored articles, run by `manage.py db_worker`.

A task carries article ids, never article objects: by the time a worker runs it
the article may have been analysed, retried or deleted, so it reads the row afresh.
"""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from annotations.models import Article

logger = logging.getLogger(__name__)

# States a task may (re)start from. A worker killed mid-article leaves it "analysing"
# with nothing stored, so a task for such an article simply runs it again.
ANALYSABLE = [Article.Status.QUEUED, Article.Status.ANALYSING, Article.Status.FAILED]
# A task of this many articles or more comes from a bulk import (the page adds one at a time).
BULK_BATCH = 10


@task
def articles_analyse(*, article_ids: list[int], content_type: str | None = None) -> dict[str, int]:
    """Analyse the articles, then store each in its own transaction; return how many ended in each state.

    The whole batch goes through the text pipeline before any of it is stored: run
    back to back, the pipeline keeps its working set in the processor's caches and
    runs about a fifth faster than when every article alternates with the database.
    """
    from annotations.models import Claim, Quote, Source
    from annotations.services.articles import article_analyses_store, article_text_analyse
    from annotations.services.bulk import tables_analyse

    articles = _articles_claim(article_ids)
    outcome: dict[str, int] = {}
    if skipped := len(set(article_ids)) - len(articles):
        outcome["skipped"] = skipped
    analysed = [(article, article_text_analyse(article, content_type=content_type)) for article in articles]
    for article in article_analyses_store(analysed):
        outcome[article.status] = outcome.get(article.status, 0) + 1
    if len(analysed) >= BULK_BATCH:
        # An import's batch: its claims and quotes may have outgrown the tables' statistics.
        tables_analyse(Article, Claim, Quote, Source, stale_only=True)
    return outcome


def _articles_claim(article_ids: list[int]) -> list[Article]:
    """Mark the articles still to analyse as analysing, and return them; two queries.

    A ready or deleted article is not returned. Two workers given the same article both
    run it (one of them may be the rerun of a worker that died); the first to store wins.
    """
    now = timezone.now()
    with transaction.atomic():
        articles = list(
            Article.objects.select_for_update(no_key=True, of=("self",)).select_related("workspace")
            .filter(pk__in=article_ids, status__in=ANALYSABLE)
            .order_by("pk")  # one locking order, so two workers never deadlock
        )
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(
            status=Article.Status.ANALYSING, analysis_error="", updated=now
        )
    for article in articles:
        article.status, article.analysis_error, article.updated = Article.Status.ANALYSING, "", now
    return articles


def analysis_enqueue(*, article_ids: list[int], content_type: str | None = None) -> None:
    """Queue one task that analyses these articles, once the current transaction commits.

    With the database backend this writes one row to the task table after the commit.
    """
    if not article_ids:
        return
    enqueue = partial(articles_analyse.enqueue, article_ids=list(article_ids), content_type=content_type)
    if isinstance(articles_analyse.get_backend(), ImmediateBackend):
        # The immediate backend runs the analysis in this process, so no worker can look for an
        # article before it is committed; and tests, whose transaction never commits, see it on save.
        enqueue()
    else:
        transaction.on_commit(enqueue)


def analysis_requeue_abandoned(*, worker_id: str | None = None, stale_after: timedelta = timedelta(minutes=30)) -> int:
    """Queue again the articles that no live task will analyse; return how many.

    An article is abandoned when it is queued or analysing and no task for it is waiting,
    or its task is running on `worker_id` (a worker that is only now starting, so its
    previous run died) or has been running longer than `stale_after`. Those task rows
    are marked failed. Reads every waiting or running analysis task: a few rows.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(
        task_path=articles_analyse.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).only("id", "status", "started_at", "worker_ids", "args_kwargs")
    cutoff = timezone.now() - stale_after
    covered, dead = set(), []
    for row in tasks:
        ids = row.args_kwargs.get("kwargs", {}).get("article_ids", [])
        running_elsewhere = row.status == TaskResultStatus.RUNNING and (
            (worker_id is not None and row.worker_ids and row.worker_ids[-1] == worker_id)
            or (row.started_at is not None and row.started_at < cutoff)
        )
        if running_elsewhere:
            dead.append(row.pk)
        else:
            covered.update(ids)
    with transaction.atomic():
        if dead:
            DBTaskResult.objects.filter(pk__in=dead, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                exception_class_path="annotations.tasks.WorkerLost",
                traceback="The worker running this task stopped before it finished.",
            )
        pending = Article.objects.filter(
            status__in=[Article.Status.QUEUED, Article.Status.ANALYSING]
        ).exclude(pk__in=covered).values_list("pk", flat=True).order_by("pk")
        ids = list(pending)
        for start in range(0, len(ids), 100):
            analysis_enqueue(article_ids=ids[start:start + 100])
    if ids:
        logger.warning("Queued the analysis of %d abandoned article(s) again.", len(ids))
    return len(ids)
