"""Articles: adding, retrying and deleting them. Their analysis is services/analysis.py."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotations import access
from annotations.models import Article, Role, Workspace
from annotations.services.analysis import UNTITLED, analysis_enqueue, article_analysis_retry
from annotations.services.audit import audit_record, audit_snapshot

ARTICLE_TEXT_EMPTY = "The article has no text."
ARTICLE_RETRY_FORBIDDEN = "Reviewers, editors and admins retry an analysis; fact-checkers read."


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
    The analysis task is enqueued once the transaction commits (`analysis_enqueue`).
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
        analysis_enqueue(article_ids=[article.pk], content_type=content_type)
        # Outside a transaction the immediate backend has analysed it by now; a worker will do so later.
        article.refresh_from_db()
    return article, True


def article_retry(*, article: Article, by: AbstractBaseUser) -> Article:
    """Queue a failed analysis again; return the article, now queued."""
    access.membership_check(user=by, workspace_id=article.workspace_id, may=Role.ANNOTATING, field="status",
                            message=ARTICLE_RETRY_FORBIDDEN, stranger={"status": ARTICLE_RETRY_FORBIDDEN})
    return article_analysis_retry(article=article, by=by)


@transaction.atomic
def article_delete(*, article: Article, by: AbstractBaseUser) -> None:
    """Delete the article with its claims, quotes and annotations; the audit trail keeps the record."""
    audit_record(workspace=article.workspace, actor=by, action="article.delete", obj=article,
                 before=audit_snapshot(article))
    article.delete()
