"""Every write that enforces a rule of Axis. Views, the API and commands call these."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from annotations.models import Article, AuditEvent, Claim, Label, Membership, Quote, Rating, Source, Workspace

DEFAULT_LABELS = [
    ("check-worthy", "A factual claim worth verifying"),
    ("statistic", "Carries a number, rate or quantity"),
    ("prediction", "Says what will happen"),
    ("opinion", "A view, not a checkable fact"),
    ("needs context", "True as far as it goes, but misleads without more"),
    ("not checkable", "Cannot be verified with public evidence"),
]
# (name, value): the ordered part of the scale carries 5..1 so ClaimReview can rate it.
DEFAULT_RATINGS = [
    ("True", 5),
    ("Mostly true", 4),
    ("Half true", 3),
    ("Mostly false", 2),
    ("False", 1),
    ("Misleading", None),
    ("Unproven", None),
]
# Fields an audit snapshot leaves out: whole article texts belong in the article, not in every event.
AUDIT_SKIP_FIELDS = {"raw_text", "clean_text"}

ARTICLE_TEXT_EMPTY = "The article has no text."


def audit_snapshot(obj: models.Model) -> dict:
    """Return the object's concrete field values, as stored, for an audit event."""
    return {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.attname not in AUDIT_SKIP_FIELDS
    }


def audit_record(
    *,
    workspace: Workspace | None,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        workspace=workspace,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


@transaction.atomic
def workspace_create(*, name: str, slug: str, by: AbstractBaseUser | None = None) -> Workspace:
    """Create a workspace with the default label set and rating scale."""
    workspace = Workspace(name=name, slug=slug)
    workspace.full_clean()
    workspace.save()
    Label.objects.bulk_create(
        Label(workspace=workspace, name=name, description=description, ordinal=i)
        for i, (name, description) in enumerate(DEFAULT_LABELS)
    )
    Rating.objects.bulk_create(
        Rating(workspace=workspace, name=name, value=value, ordinal=i)
        for i, (name, value) in enumerate(DEFAULT_RATINGS)
    )
    audit_record(workspace=workspace, actor=by, action="workspace.create", obj=workspace,
                 after=audit_snapshot(workspace))
    return workspace


@transaction.atomic
def membership_set(
    *, workspace: Workspace, user: AbstractBaseUser, role: str, by: AbstractBaseUser | None = None
) -> Membership:
    """Give the user this role in the workspace, adding them when they are not a member."""
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    before = audit_snapshot(membership) if membership else None
    if membership is None:
        membership = Membership(workspace=workspace, user=user)
    if before is not None and membership.role == role:
        return membership
    membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save()
    audit_record(workspace=workspace, actor=by, action="membership.set", obj=membership,
                 before=before, after=audit_snapshot(membership))
    return membership


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
    """Store an article and analyse it; return (article, created).

    The same text already in the workspace is returned as it is, with created False.
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
                article.title = "Untitled article"
            article.full_clean(exclude=["workspace", "added_by"], validate_unique=False)
            article.save()
            audit_record(workspace=workspace, actor=by, action="article.create", obj=article,
                         after=audit_snapshot(article))
    except IntegrityError:
        # Two people added the same text at the same moment: the unique constraint let one in.
        return Article.objects.get(workspace=workspace, content_hash=content_hash), False
    if analyse:
        article_analyse(article=article, content_type=content_type, title_given=bool(title.strip()))
    return article, True


def article_analyse(*, article: Article, content_type: str | None = None, title_given: bool = True) -> Article:
    """Run the text pipeline on the article and store its claims, quotes and sources.

    Everything is stored in one transaction with a fixed number of queries,
    whatever the article's length; a failure leaves nothing half-stored and
    marks the article failed with the reason.
    """
    from annotations.nlp import analyze

    try:
        analysis = analyze(article.raw_text, content_type=content_type)
        if not analysis.text.strip():
            raise ValueError("no article text was found on the page")
    except Exception as exc:  # noqa: BLE001 - any pipeline error is the article's failure, shown to the user
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.FAILED, analysis_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        article.refresh_from_db()
        return article

    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status == Article.Status.READY:
            return article
        sources = _sources_for(workspace=article.workspace, speakers=[q.speaker for q in analysis.quotes])
        Claim.objects.bulk_create(
            Claim(
                article=article,
                ordinal=i,
                start=c.start,
                end=c.end,
                text=c.text,
                checkworthiness=c.checkworthiness,
                reasons=list(c.reasons),
            )
            for i, c in enumerate(analysis.claims)
        )
        Quote.objects.bulk_create(
            Quote(
                article=article,
                start=q.start,
                end=q.end,
                text=q.text,
                kind=q.kind,
                source=sources[q.speaker.name.lower()],
                cue_start=q.cue_start,
                cue_end=q.cue_end,
                confidence=q.confidence,
            )
            for q in analysis.quotes
        )
        before = audit_snapshot(article)
        article.clean_text = analysis.text
        article.language = analysis.language
        if not title_given and analysis.title:
            article.title = analysis.title[:500]
        article.byline = article.byline or (analysis.byline or "")[:300]
        article.published = article.published or analysis.published
        article.status = Article.Status.READY
        article.analysis_error = ""
        article.analysed_at = timezone.now()
        article.save()
        audit_record(workspace=article.workspace, actor=None, action="article.analyse", obj=article,
                     before=before, after=audit_snapshot(article))
    return article


def _sources_for(*, workspace: Workspace, speakers: list) -> dict[str, Source]:
    """Return the workspace's Source for each speaker, keyed by lower-cased name.

    Creates the missing ones and fills a role or organization that an earlier
    article left empty. Four queries at most, however many speakers.
    """
    wanted = {}
    for speaker in speakers:
        wanted.setdefault(speaker.name.lower(), speaker)
    if not wanted:
        return {}

    def fetch() -> dict[str, Source]:
        rows = Source.objects.alias(key=Lower("name")).filter(workspace=workspace, key__in=list(wanted))
        return {source.name.lower(): source for source in rows}

    existing = fetch()
    missing = [
        Source(
            workspace=workspace,
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
    return existing
