"""An article's analysis: the services that move its status, and the tasks they queue.

The moves are ARTICLE_TRANSITIONS (models.py, so that selectors read the same sets), and the
functions here are the only ones that assign Article.status: each move is a conditional UPDATE
on the statuses the table allows it from, so two runs at once settle in the database. Tasks
call these services (annotations/tasks.py imports this module in the task's body), and these
services queue the tasks once the transaction commits, importing annotations.tasks in the
function's body: neither module imports the other when it loads.
"""

import logging
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from annotations.models import (
    ARTICLE_TRANSITIONS,
    Article,
    ArticleEvent,
    Claim,
    Origin,
    Quote,
    Source,
    article_statuses_before,
)
from annotations.services.audit import audit_record, audit_snapshot
from annotations.services.bulk import copy_rows, tables_analyse

# A task of this many articles or more comes from a bulk import (the page adds one at a time).
BULK_BATCH = 10

if TYPE_CHECKING:
    from annotations.nlp.types import Analysis

logger = logging.getLogger(__name__)

ARTICLE_NOT_FAILED = "Only an article whose analysis failed can be retried."
ARTICLE_MOVE_REFUSED = "The analysis of a {status} article cannot {event}."
# The title of an article added without one; the analysis may replace it with the page's own.
UNTITLED = "Untitled article"
# Articles per task that a requeue queues: the size of an import's batch.
REQUEUE_BATCH = 100


def article_status_after(*, status: str, event: str) -> str:
    """Return the status `event` moves an article to from `status`, or raise ValidationError naming status."""
    try:
        return ARTICLE_TRANSITIONS[(status, event)]
    except KeyError:
        raise _refused(status=status, event=event) from None


def _refused(*, status: str, event: str) -> ValidationError:
    """Return the refusal of a move that ARTICLE_TRANSITIONS does not have."""
    if event == ArticleEvent.RETRY:
        return ValidationError({"status": ARTICLE_NOT_FAILED})
    label = Article.Status(status).label.lower()
    return ValidationError({"status": ARTICLE_MOVE_REFUSED.format(status=label, event=event)})


def _movable(articles: QuerySet[Article], event: str) -> QuerySet[Article]:
    """Return those of the articles that `event` may move (ARTICLE_TRANSITIONS)."""
    return articles.filter(status__in=article_statuses_before(event))


def _target(event: str) -> str:
    """Return the status every move of `event` leads to (a requeue's alone lead to several, and it moves none)."""
    (target,) = {to for (_, on), to in ARTICLE_TRANSITIONS.items() if on == event}
    return target


def _move(articles: QuerySet[Article], event: str, **fields) -> int:
    """Move those of the articles that `event` may move, setting `fields` too; return how many. One UPDATE."""
    return _movable(articles, event).update(status=_target(event), updated=timezone.now(), **fields)


def analysis_enqueue(*, article_ids: list[int], content_type: str | None = None) -> None:
    """Queue one task that analyses these articles, once the current transaction commits.

    With the database backend this writes one row to the task table after the commit, so
    no worker looks for an article before it is there; the immediate backend runs the
    analysis then, in this process. Outside a transaction, "once it commits" is now.
    """
    from annotations.tasks import articles_analyse

    if not article_ids:
        return
    transaction.on_commit(partial(articles_analyse.enqueue, article_ids=list(article_ids), content_type=content_type))


def article_analysis_run(*, article_ids: list[int], content_type: str | None = None) -> dict[str, int]:
    """Analyse the articles, then store each in its own transaction; return how many ended in each state.

    What the task `articles_analyse` does. The whole batch goes through the text pipeline
    before any of it is stored: run back to back, the pipeline keeps its working set in the
    processor's caches and runs about a fifth faster than when every article alternates
    with the database. A ready or deleted article is "skipped".
    """
    articles = article_analysis_start(article_ids=article_ids)
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


def article_analysis_start(*, article_ids: list[int]) -> list[Article]:
    """Mark the articles still to analyse as analysing, and return them; two queries.

    A ready or deleted article is not returned. Two workers given the same article both
    run it (one of them may be the rerun of a worker that died); the first to store wins.
    """
    now = timezone.now()
    with transaction.atomic():
        articles = list(
            _movable(Article.objects.select_for_update(no_key=True, of=("self",)), ArticleEvent.START)
            .select_related("workspace").filter(pk__in=article_ids)
            .order_by("pk")  # one locking order, so two workers never deadlock
        )
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(
            status=_target(ArticleEvent.START), analysis_error="", updated=now
        )
    for article in articles:
        article.status = article_status_after(status=article.status, event=ArticleEvent.START)
        article.analysis_error, article.updated = "", now
    return articles


def article_analyse(
    *, article: Article, content_type: str | None = None, title_given: bool | None = None
) -> Article:
    """Run the text pipeline on the article and store its claims, quotes and sources.

    New speakers are added first; then the article, its claims and quotes are stored
    in one transaction with a fixed number of queries, whatever the article's length.
    A failure leaves nothing half-stored and marks the article failed with the reason. Safe to run again on a queued,
    analysing or failed article (a worker died, a retry); a ready one is left alone.
    """
    analysis = article_text_analyse(article, content_type=content_type)
    return article_analyses_store([(article, analysis)], title_given=title_given)[0]


def article_text_analyse(article: Article, *, content_type: str | None = None) -> "Analysis | Exception":
    """Return the pipeline's analysis of the article's text, or the error it ended with.

    Reads and writes nothing: a worker can analyse a batch before storing any of it.
    """
    from annotations.nlp import analyze

    try:
        analysis = analyze(article.raw_text, content_type=content_type)
        if not analysis.text.strip():
            raise ValueError("no article text was found on the page")
    except Exception as exc:  # noqa: BLE001 - any pipeline error is the article's failure, shown to the user
        return exc
    return analysis


def article_analyses_store(
    analysed: list[tuple[Article, "Analysis | Exception"]], *, title_given: bool | None = None
) -> list[Article]:
    """Store a batch of what `article_text_analyse` returned, each article in its own transaction.

    The speakers of the whole batch are looked up (and the new ones added) once, in
    two to four queries, before the articles are stored; then each article takes a
    fixed number of queries. Returns the articles, ready or failed, in the same order.
    """
    speakers: dict[int, list] = {}
    for article, analysis in analysed:
        if not isinstance(analysis, Exception):
            speakers.setdefault(article.workspace_id, []).extend(quote.speaker for quote in analysis.quotes)
    with transaction.atomic():
        sources = {workspace_id: _sources_for(workspace_id=workspace_id, speakers=found)
                   for workspace_id, found in speakers.items()}
    stored = []
    for article, analysis in analysed:
        if isinstance(analysis, Exception):
            stored.append(article_analysis_fail(article=article, error=analysis))
            continue
        given = article.title != UNTITLED if title_given is None else title_given
        try:
            stored.append(article_analysis_finish(article=article, analysis=analysis, title_given=given,
                                                   sources=sources.get(article.workspace_id, {})))
        except (IntegrityError, DataError) as exc:
            # A database rule refused what the pipeline found (e.g. a span off the clean text):
            # the transaction rolled back whole, and the reason is the article's to show.
            stored.append(article_analysis_fail(article=article, error=exc))
    return stored


def article_analysis_fail(*, article: Article, error: BaseException) -> Article:
    """Mark the article failed with the reason, unless another run has made it ready meanwhile."""
    _move(Article.objects.filter(pk=article.pk), ArticleEvent.FAIL,
          analysis_error=f"{type(error).__name__}: {error}"[:2000])
    article.refresh_from_db()
    return article


def article_analysis_finish(*, article: Article, analysis: "Analysis", title_given: bool,
                            sources: dict[str, int]) -> Article:
    """Store the analysis in one transaction; an article made ready meanwhile is left alone.

    `sources` maps each speaker's lower-cased name to its Source's id (`_sources_for`).
    """
    before = audit_snapshot(article)
    article.clean_text = analysis.text
    article.language = analysis.language
    if not title_given and analysis.title:
        article.title = analysis.title[:500]
    article.byline = article.byline or (analysis.byline or "")[:300]
    article.published = article.published or analysis.published
    article.status = _target(ArticleEvent.FINISH)
    article.analysis_error = ""
    article.analysed_at = article.updated = timezone.now()
    stored = ["clean_text", "language", "title", "byline", "published", "status", "analysis_error",
              "analysed_at", "updated"]
    with transaction.atomic():
        # The conditional UPDATE locks the row, so of two runs at once the second waits, then
        # finds the article ready and stores nothing. The clean text goes in first: the span
        # triggers check claims and quotes against it. raw_text is not written again.
        if not _movable(Article.objects.filter(pk=article.pk), ArticleEvent.FINISH).update(
            **{name: getattr(article, name) for name in stored}
        ):
            return Article.objects.get(pk=article.pk)
        copy_rows(
            Claim,
            ["article", "ordinal", "start", "end", "text", "checkworthiness", "reasons", "origin"],
            ((article.pk, i, c.start, c.end, c.text, c.checkworthiness, list(c.reasons), Origin.MACHINE)
             for i, c in enumerate(analysis.claims)),
        )
        copy_rows(
            Quote,
            ["article", "start", "end", "text", "kind", "source", "cue_start", "cue_end", "confidence", "origin",
             "state"],
            ((article.pk, q.start, q.end, q.text, q.kind, sources[q.speaker.name.lower()], q.cue_start,
              q.cue_end, q.confidence, Origin.MACHINE, Quote.State.MACHINE)
             for q in analysis.quotes),
        )
        audit_record(workspace=article.workspace, actor=None, action="article.analyse", obj=article,
                     before=before, after=audit_snapshot(article))
    return article


def _sources_for(*, workspace_id: int, speakers: list) -> dict[str, int]:
    """Return the id of the workspace's Source for each speaker, keyed by lower-cased name.

    Creates the missing ones and fills a role or organization that an earlier
    article left empty. Four queries at most, however many speakers.
    """
    wanted = {}
    for speaker in speakers:
        wanted.setdefault(speaker.name.lower(), speaker)
    if not wanted:
        return {}

    def fetch() -> dict[str, Source]:
        rows = Source.objects.alias(key=Lower("name")).filter(workspace_id=workspace_id, key__in=list(wanted))
        return {source.name.lower(): source for source in rows.only("id", "name", "role", "organization")}

    existing = fetch()
    missing = [
        Source(
            workspace_id=workspace_id,
            name=speaker.name[:300],
            role=(speaker.role or "")[:300],
            organization=(speaker.organization or "")[:300],
            is_institution=speaker.is_institution,
        )
        for key, speaker in wanted.items()
        if key not in existing
    ]
    if missing:
        # Another import may add the same person meanwhile: keep theirs and read it back.
        Source.objects.bulk_create(missing, ignore_conflicts=True)
        existing = fetch()
    filled = []
    for key, source in existing.items():
        speaker = wanted[key]
        role = source.role or (speaker.role or "")[:300]
        organization = source.organization or (speaker.organization or "")[:300]
        if (role, organization) != (source.role, source.organization):
            source.role, source.organization = role, organization
            filled.append(source)
    if filled:
        Source.objects.bulk_update(filled, ["role", "organization"])
    return {key: source.pk for key, source in existing.items()}


def article_analysis_retry(*, article: Article, by: AbstractBaseUser) -> Article:
    """Queue a failed analysis again, with an audit event; return the article, now queued.

    The caller has checked that `by` may retry (services/articles.py `article_retry`).
    """
    with transaction.atomic():
        # The conditional UPDATE settles two people pressing Retry at once: one of them matches.
        if not _move(Article.objects.filter(pk=article.pk), ArticleEvent.RETRY, analysis_error=""):
            raise _refused(status=article.status, event=ArticleEvent.RETRY)
        before = audit_snapshot(article)
        article.refresh_from_db()
        audit_record(workspace=article.workspace, actor=by, action="article.retry", obj=article,
                     before=before, after=audit_snapshot(article))
        analysis_enqueue(article_ids=[article.pk])
    article.refresh_from_db()
    return article


def analysis_requeue_abandoned(*, worker_id: str | None = None, stale_after: timedelta = timedelta(minutes=30)) -> int:
    """Queue again the articles that no live task will analyse; return how many.

    An article is abandoned when it is queued or analysing and no task for it is waiting,
    or its task is running on `worker_id` (a worker that is only now starting, so its
    previous run died) or has been running longer than `stale_after`. Those task rows
    are marked failed. Reads every waiting or running analysis task: a few rows.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from annotations.tasks import articles_analyse

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
        # A requeue assigns no status: the task it queues makes the next move (ARTICLE_TRANSITIONS).
        abandoned = _movable(Article.objects.exclude(pk__in=covered), ArticleEvent.REQUEUE)
        ids = list(abandoned.values_list("pk", flat=True).order_by("pk"))
        for start in range(0, len(ids), REQUEUE_BATCH):
            analysis_enqueue(article_ids=ids[start:start + REQUEUE_BATCH])
    if ids:
        logger.warning("Queued the analysis of %d abandoned article(s) again.", len(ids))
    return len(ids)
