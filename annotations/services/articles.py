"""Articles: storing them and storing what the text pipeline found in them."""

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from annotations import access
from annotations.models import Article, Claim, Origin, Quote, Role, Source, Workspace
from annotations.services.audit import audit_record, audit_snapshot
from annotations.services.bulk import copy_rows

if TYPE_CHECKING:
    from annotations.nlp.types import Analysis

ARTICLE_TEXT_EMPTY = "The article has no text."
ARTICLE_NOT_FAILED = "Only an article whose analysis failed can be retried."
ARTICLE_RETRY_FORBIDDEN = "Reviewers, editors and admins retry an analysis; fact-checkers read."
UNTITLED = "Untitled article"


def article_create(
    *,
    workspace: Workspace,
    raw_text: str,
    by: AbstractBaseUser | None,
    title: str = "",
    source_url: str = "",
    byline: str = "",
    published: date | None = None,
    content_type: str | None = None,
    analyse: bool = True,
) -> tuple[Article, bool]:
    """Store an article, queued, and queue its analysis; return (article, created).

    The same text already in the workspace is returned as it is, with created False.
    The analysis task is enqueued once the transaction commits (annotations.tasks).
    """
    if not raw_text.strip():
        raise ValidationError({"raw_text": ARTICLE_TEXT_EMPTY})
    content_hash = Article.hash_text(raw_text)
    existing = Article.objects.filter(workspace=workspace, content_hash=content_hash).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article(
                workspace=workspace,
                raw_text=raw_text,
                content_hash=content_hash,
                title=title.strip()[:500],
                source_url=source_url,
                byline=byline.strip()[:300],
                published=published,
                added_by=by if by is not None and by.is_authenticated else None,
            )
            if not article.title:
                article.title = UNTITLED
            article.full_clean(exclude=["workspace", "added_by"], validate_unique=False)
            article.save()
            audit_record(workspace=workspace, actor=by, action="article.create", obj=article,
                         after=audit_snapshot(article))
    except IntegrityError:
        # Two people added the same text at the same moment: the unique constraint let one in.
        return Article.objects.get(workspace=workspace, content_hash=content_hash), False
    if analyse:
        from annotations.tasks import analysis_enqueue

        analysis_enqueue(article_ids=[article.pk], content_type=content_type)
        # The immediate backend (tests) has analysed it by now; a worker will do so later.
        article.refresh_from_db()
    return article, True


def article_retry(*, article: Article, by: AbstractBaseUser) -> Article:
    """Queue a failed analysis again; return the article, now queued."""
    from annotations.tasks import analysis_enqueue

    access.membership_check(user=by, workspace_id=article.workspace_id, may=Role.ANNOTATING, field="status",
                            message=ARTICLE_RETRY_FORBIDDEN, stranger={"status": ARTICLE_RETRY_FORBIDDEN})
    with transaction.atomic():
        # The conditional UPDATE settles two people pressing Retry at once: one of them matches.
        retried = Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
            status=Article.Status.QUEUED, analysis_error="", updated=timezone.now()
        )
        if not retried:
            raise ValidationError({"status": ARTICLE_NOT_FAILED})
        before = audit_snapshot(article)
        article.refresh_from_db()
        audit_record(workspace=article.workspace, actor=by, action="article.retry", obj=article,
                     before=before, after=audit_snapshot(article))
        analysis_enqueue(article_ids=[article.pk])
    article.refresh_from_db()
    return article


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
            stored.append(_article_fail(article, analysis))
            continue
        given = article.title != UNTITLED if title_given is None else title_given
        try:
            stored.append(_article_store(article, analysis, title_given=given,
                                         sources=sources.get(article.workspace_id, {})))
        except (IntegrityError, DataError) as exc:
            # A database rule refused what the pipeline found (e.g. a span off the clean text):
            # the transaction rolled back whole, and the reason is the article's to show.
            stored.append(_article_fail(article, exc))
    return stored


def _article_fail(article: Article, exc: BaseException) -> Article:
    """Mark the article failed with the reason, unless another run has made it ready meanwhile."""
    Article.objects.filter(pk=article.pk).exclude(status=Article.Status.READY).update(
        status=Article.Status.FAILED, analysis_error=f"{type(exc).__name__}: {exc}"[:2000], updated=timezone.now()
    )
    article.refresh_from_db()
    return article


def _article_store(article: Article, analysis, *, title_given: bool, sources: dict[str, int]) -> Article:
    """Store the analysis in one transaction; an article made ready meanwhile is left alone."""
    before = audit_snapshot(article)
    article.clean_text = analysis.text
    article.language = analysis.language
    if not title_given and analysis.title:
        article.title = analysis.title[:500]
    article.byline = article.byline or (analysis.byline or "")[:300]
    article.published = article.published or analysis.published
    article.status = Article.Status.READY
    article.analysis_error = ""
    article.analysed_at = article.updated = timezone.now()
    stored = ["clean_text", "language", "title", "byline", "published", "status", "analysis_error",
              "analysed_at", "updated"]
    with transaction.atomic():
        # The conditional UPDATE locks the row, so of two runs at once the second waits, then
        # finds the article ready and stores nothing. The clean text goes in first: the span
        # triggers check claims and quotes against it. raw_text is not written again.
        if not Article.objects.filter(pk=article.pk).exclude(status=Article.Status.READY).update(
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


@transaction.atomic
def article_delete(*, article: Article, by: AbstractBaseUser) -> None:
    """Delete the article with its claims, quotes and annotations; the audit trail keeps the record."""
    audit_record(workspace=article.workspace, actor=by, action="article.delete", obj=article,
                 before=audit_snapshot(article))
    article.delete()
