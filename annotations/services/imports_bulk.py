"""Bulk import: many articles stored in batches, each batch in a few queries, analysis queued."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Article, AuditEvent, Workspace
from annotations.services.articles import ARTICLE_TEXT_EMPTY, UNTITLED
from annotations.services.audit import audit_snapshot

# A concurrent import may insert one of our texts between the read and the insert; the batch
# is then read again. Twice in a row means something else is wrong, and the error surfaces.
INSERT_ATTEMPTS = 3


@dataclass(frozen=True)
class ImportRecord:
    """One article to import; `origin` names it in reports ("a.txt", "line 12")."""

    origin: str
    text: str
    title: str = ""
    source_url: str = ""
    byline: str = ""
    published: date | None = None
    content_type: str | None = None


@dataclass
class ImportBatchResult:
    added: list[int] = field(default_factory=list)
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Articles already present but never analysed (an earlier run was stopped): analysed again.
    unfinished: list[int] = field(default_factory=list)


def article_import_batch(
    *,
    workspace: Workspace,
    records: list[ImportRecord],
    by: AbstractBaseUser | None = None,
    queue_analysis: bool = True,
) -> ImportBatchResult:
    """Store the records' articles as queued; skip texts already in the workspace.

    At most five queries however large the batch: one read of the hashes already
    present, then in one transaction the articles and their audit events, then one
    task per content type queued after the commit. A bad record is reported, not stored.
    """
    result = ImportBatchResult()
    candidates: dict[str, tuple[ImportRecord, Article]] = {}
    for record in records:
        try:
            article = _article_from(workspace=workspace, record=record, by=by)
        except ValidationError as exc:
            result.failed.append((record.origin, _describe(exc)))
            continue
        if article.content_hash in candidates:
            result.skipped += 1
            continue
        candidates[article.content_hash] = (record, article)

    for attempt in range(INSERT_ATTEMPTS):
        present = dict(
            Article.objects.filter(workspace=workspace, content_hash__in=list(candidates))
            .order_by()  # no sort: the unique index answers it alone
            .values_list("content_hash", "status")
        )
        new = [(record, article) for key, (record, article) in candidates.items() if key not in present]
        try:
            with transaction.atomic():
                stored = Article.objects.bulk_create([article for _, article in new])
                AuditEvent.objects.bulk_create(
                    AuditEvent(workspace=workspace, actor=article.added_by, action="article.create",
                               object_type="article", object_id=str(article.pk), after=audit_snapshot(article))
                    for article in stored
                )
                if queue_analysis:
                    _queue(new)
        except IntegrityError:
            if attempt == INSERT_ATTEMPTS - 1:
                raise
            continue
        break
    result.added = [article.pk for _, article in new]
    result.skipped += len(present)
    unfinished_hashes = [key for key, status in present.items() if status == Article.Status.QUEUED]
    if unfinished_hashes:
        result.unfinished = list(
            Article.objects.filter(workspace=workspace, content_hash__in=unfinished_hashes).values_list("pk", flat=True)
        )
    return result


def _article_from(*, workspace: Workspace, record: ImportRecord, by: AbstractBaseUser | None) -> Article:
    """Return the unsaved article for a record, or raise ValidationError naming the field."""
    if not record.text.strip():
        raise ValidationError({"text": ARTICLE_TEXT_EMPTY})
    article = Article(
        workspace=workspace,
        raw_text=record.text,
        content_hash=Article.hash_text(record.text),
        title=record.title.strip()[:500] or UNTITLED,
        source_url=record.source_url.strip(),
        byline=record.byline.strip()[:300],
        published=record.published,
        added_by=by if by is not None and by.is_authenticated else None,
    )
    # Field rules only: constraint checks would cost a query per article, and the
    # database holds those rules at the insert anyway.
    article.full_clean(exclude=["workspace", "added_by"], validate_unique=False, validate_constraints=False)
    return article


def _queue(new: list[tuple[ImportRecord, Article]]) -> None:
    from annotations.services.analysis import analysis_enqueue

    by_type: dict[str | None, list[int]] = {}
    for record, article in new:
        by_type.setdefault(record.content_type, []).append(article.pk)
    for content_type, ids in by_type.items():
        analysis_enqueue(article_ids=ids, content_type=content_type)


def _describe(exc: ValidationError) -> str:
    """Return "field: message" for each of the error's fields."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)
