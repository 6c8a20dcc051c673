"""The Axis data model.

Rules that PostgreSQL can hold are held there: CHECK and UNIQUE constraints
below, and triggers (migration 0002) for the rules that span two tables:
spans must reproduce the article's clean text, nobody decides on their own
annotation, and the audit trail is append-only.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Deferrable, F, Q
from django.db.models.functions import Lower

from annotations import limits

# Full-text search (selectors/search.py): PostgreSQL text search configuration by article language code.
# Any other language is searched with "simple" (words as written, no stemming). The pipeline detects
# English only (nlp/types.py); each configuration here costs every article search one more match, and
# adding one changes the generated column (a migration).
SEARCH_CONFIGS = {"en": "english"}
SEARCH_SIMPLE = "simple"


def search_vector(*fields: tuple[str, str], config: str = SEARCH_SIMPLE) -> SearchVector:
    """Return the weighted tsvector of (field, weight) pairs in one text search configuration."""
    vectors = [SearchVector(name, weight=weight, config=config) for name, weight in fields]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def search_vector_column(*fields: tuple[str, str]) -> models.GeneratedField:
    """Return a stored generated tsvector column of the row's own fields, in the "simple" configuration.

    A generated column is recomputed by PostgreSQL on every INSERT and UPDATE of the row, whoever
    writes it (services, admin, bulk updates, raw SQL), so it cannot go stale.
    """
    return models.GeneratedField(expression=search_vector(*fields), output_field=SearchVectorField(),
                                 db_persist=True)


class Workspace(models.Model):
    """A newsroom: its members, articles, label set and rating scale."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    # Whether fact checks that editors publish are readable at /checks/<slug>/; off until an admin says so.
    publish_fact_checks = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
    FACTCHECKER = "factchecker", "Fact-checker"
    ADMIN = "admin", "Admin"


# Who may do what: the one home of these sets; annotations/access.py asks them. A new role goes in
# Role and in each set it belongs to (CONTRIBUTING.md).
Role.ANNOTATING = frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN})  # annotate, add and retry articles, import
Role.REVIEWING = frozenset({Role.EDITOR, Role.ADMIN})  # decide, publish, the queue and the audit trail
Role.EXPORTING = frozenset({Role.EDITOR, Role.ADMIN})  # export work that is not approved yet
Role.ADMINISTERING = frozenset({Role.ADMIN})  # members, label set, rating scale, publishing; articles by API
# Fact-checkers read approved work only (selectors/visibility.py).
Role.READING_APPROVED_ONLY = frozenset({Role.FACTCHECKER})


class Membership(models.Model):
    Role = Role

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="membership_one_per_user_and_workspace"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.workspace}"

    def can_annotate(self) -> bool:
        """Return whether the role is in Role.ANNOTATING (for templates; code asks annotations.access)."""
        return self.role in Role.ANNOTATING

    def can_review(self) -> bool:
        """Return whether the role is in Role.REVIEWING (for templates; code asks annotations.access)."""
        return self.role in Role.REVIEWING

    def can_administer(self) -> bool:
        """Return whether the role is in Role.ADMINISTERING (for templates; code asks annotations.access)."""
        return self.role in Role.ADMINISTERING


class Label(models.Model):
    """A tag of the workspace's label set."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    ordinal = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordinal", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "workspace", name="label_name_unique_in_workspace"),
            models.CheckConstraint(condition=~Q(name=""), name="label_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """A verdict of the workspace's rating scale; `value` is set where the scale is ordered."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="ratings")
    name = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    ordinal = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordinal", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "workspace", name="rating_name_unique_in_workspace"),
            models.UniqueConstraint(fields=["workspace", "value"], name="rating_value_unique_in_workspace"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_positive"),
            models.CheckConstraint(condition=~Q(name=""), name="rating_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ArticleStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    ANALYSING = "analysing", "Analysing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ArticleEvent(models.TextChoices):
    START = "start", "A task starts the analysis"
    FINISH = "finish", "The analysis is stored"
    FAIL = "fail", "The analysis failed"
    RETRY = "retry", "A person retries a failed analysis"
    REQUEUE = "requeue", "No live task will finish it: a new task is queued"


# An article's life: (status, event) -> status. The one statement of it: services/analysis.py
# makes these moves and nothing else assigns Article.status; the sets below follow from it.
# A new status or move goes here (CONTRIBUTING.md). Pure data, so selectors read it too.
ARTICLE_TRANSITIONS = {
    (ArticleStatus.QUEUED, ArticleEvent.START): ArticleStatus.ANALYSING,
    # A worker killed mid-article leaves it analysing with nothing stored: the next run starts again.
    (ArticleStatus.ANALYSING, ArticleEvent.START): ArticleStatus.ANALYSING,
    (ArticleStatus.FAILED, ArticleEvent.START): ArticleStatus.ANALYSING,
    # `article_analyse` stores a queued article in the process itself (analyze_article, load_demo).
    (ArticleStatus.QUEUED, ArticleEvent.FINISH): ArticleStatus.READY,
    (ArticleStatus.ANALYSING, ArticleEvent.FINISH): ArticleStatus.READY,
    (ArticleStatus.FAILED, ArticleEvent.FINISH): ArticleStatus.READY,
    (ArticleStatus.QUEUED, ArticleEvent.FAIL): ArticleStatus.FAILED,
    (ArticleStatus.ANALYSING, ArticleEvent.FAIL): ArticleStatus.FAILED,
    (ArticleStatus.FAILED, ArticleEvent.FAIL): ArticleStatus.FAILED,
    (ArticleStatus.FAILED, ArticleEvent.RETRY): ArticleStatus.QUEUED,
    # A requeue queues a new task and leaves the status as it is: that task makes the next move.
    (ArticleStatus.QUEUED, ArticleEvent.REQUEUE): ArticleStatus.QUEUED,
    (ArticleStatus.ANALYSING, ArticleEvent.REQUEUE): ArticleStatus.ANALYSING,
}


def article_statuses_before(event: str) -> frozenset[str]:
    """Return the statuses from which `event` moves an article (ARTICLE_TRANSITIONS)."""
    return frozenset(status for status, on in ARTICLE_TRANSITIONS if on == event)


# Statuses a task will move on its own, so a page polls them: those a requeue picks up.
ArticleStatus.PENDING = article_statuses_before(ArticleEvent.REQUEUE)
# Statuses a task may (re)start from; a ready article is never analysed again.
ArticleStatus.ANALYSABLE = article_statuses_before(ArticleEvent.START)


class Article(models.Model):
    Status = ArticleStatus

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=500)
    source_url = models.URLField(max_length=2000, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    raw_text = models.TextField()
    # Every offset in Axis indexes this text, so it never changes once analysed (trigger in 0002).
    clean_text = models.TextField(blank=True)
    language = models.CharField(max_length=16, default="en")
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    analysis_error = models.TextField(blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Full-text search: the configuration of the article's language, and title (A), byline (B) and
    # clean text (C) in it; both generated by PostgreSQL from the row itself.
    search_config = models.GeneratedField(
        expression=models.Case(*(models.When(language=code, then=models.Value(config))
                                  for code, config in SEARCH_CONFIGS.items()),
                               default=models.Value(SEARCH_SIMPLE)),
        output_field=models.CharField(max_length=20), db_persist=True)
    search = models.GeneratedField(
        expression=models.Case(
            *(models.When(language=code, then=search_vector(("title", "A"), ("byline", "B"), ("clean_text", "C"),
                                                            config=config))
              for code, config in SEARCH_CONFIGS.items()),
            default=search_vector(("title", "A"), ("byline", "B"), ("clean_text", "C")),
            output_field=SearchVectorField()),
        output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "content_hash"], name="article_unique_text_in_workspace"),
            models.CheckConstraint(condition=Q(status__in=ArticleStatus.values), name="article_status_valid"),
            models.CheckConstraint(condition=~Q(raw_text=""), name="article_raw_text_not_empty"),
            models.CheckConstraint(condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="article_hash_sha256"),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(analysed_at__isnull=False) & ~Q(clean_text="")),
                name="article_ready_has_clean_text",
            ),
        ]
        # The article list reads a page of each workspace in this order (keyset pagination).
        indexes = [models.Index(fields=["workspace", "-created", "-id"], name="article_workspace_created_id"),
                   GinIndex(fields=["search"], name="article_search")]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def hash_text(raw_text: str) -> str:
        """Return the content hash: SHA-256 of the text with runs of whitespace folded."""
        folded = re.sub(r"\s+", " ", raw_text).strip()
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()


class Origin(models.TextChoices):
    MACHINE = "machine", "Machine"
    PERSON = "person", "Person"


def span_constraints(prefix: str, *, nullable: bool = False) -> list[models.BaseConstraint]:
    """Return the CHECKs that keep a [start, end) span well formed."""
    well_formed = Q(start__gte=0) & Q(start__lt=F("end"))
    if nullable:
        both_null = Q(start__isnull=True, end__isnull=True)
        return [models.CheckConstraint(condition=both_null | well_formed, name=f"{prefix}_span_valid")]
    return [models.CheckConstraint(condition=well_formed, name=f"{prefix}_span_valid")]


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    ordinal = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    checkworthiness = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    search = search_vector_column(("text", "A"))

    class Meta:
        ordering = ["article", "ordinal"]
        indexes = [GinIndex(fields=["search"], name="claim_search")]
        constraints = [
            *span_constraints("claim"),
            # Deferred to commit: splitting or merging a claim renumbers the claims after it in one UPDATE.
            models.UniqueConstraint(
                fields=["article", "ordinal"], name="claim_ordinal_unique_in_article", deferrable=Deferrable.DEFERRED
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1), name="claim_checkworthiness_0_1"
            ),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="claim_origin_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Source(models.Model):
    """A person or body quoted in the workspace's articles; one row per real speaker."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    is_institution = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    search = search_vector_column(("name", "A"), ("role", "B"), ("organization", "B"))

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search"], name="source_search")]
        constraints = [
            models.UniqueConstraint(Lower("name"), "workspace", name="source_name_unique_in_workspace"),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def describe(self) -> str:
        """Return "name, role, organization" with the empty parts left out."""
        return ", ".join(part for part in (self.name, self.role, self.organization) if part)


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"


class QuoteState(models.TextChoices):
    MACHINE = "machine", "Found by the machine"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Not a quote"


class Quote(models.Model):
    Kind = QuoteKind
    State = QuoteState

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(default=1.0)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    state = models.CharField(max_length=10, choices=State.choices, default=State.MACHINE)
    search = search_vector_column(("text", "A"))

    class Meta:
        ordering = ["article", "start"]
        indexes = [GinIndex(fields=["search"], name="quote_search")]
        constraints = [
            *span_constraints("quote"),
            models.CheckConstraint(condition=Q(kind__in=QuoteKind.values), name="quote_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=QuoteState.values), name="quote_state_valid"),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="quote_origin_valid"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="quote_confidence_0_1"
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True)
                | (Q(cue_start__gte=0) & Q(cue_start__lt=F("cue_end"))),
                name="quote_cue_span_valid",
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="quote_span_unique_in_article"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AnnotationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class CorrectionKind(models.TextChoices):
    SPEAKER = "speaker", "Change the speaker"
    NOT_A_QUOTE = "not_a_quote", "Not a quote"
    MISSED_QUOTE = "missed_quote", "Missed quote"
    SPLIT_CLAIM = "split_claim", "Split the claim"
    MERGE_CLAIMS = "merge_claims", "Merge with the next claim"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"
    REQUEST_CHANGES = "request_changes", "Request changes"


class Annotation(models.Model):
    """A person's work on a claim, a quote or any span: tags, verdict, note, evidence, correction."""

    State = AnnotationState
    Correction = CorrectionKind

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations")
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations")
    # A span of the clean text, with its quote and context so it can be re-anchored.
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)

    tags = models.ManyToManyField(Label, blank=True, related_name="annotations")
    verdict = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    correction = models.CharField(max_length=20, choices=CorrectionKind.choices, blank=True)
    # What the correction proposes, e.g. {"source_id": 3} or {"at": 120}.
    correction_data = models.JSONField(default=dict, blank=True)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations")
    state = models.CharField(max_length=20, choices=AnnotationState.choices, default=AnnotationState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    # What exports show while an approved annotation is edited and re-reviewed.
    approved_snapshot = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    search = search_vector_column(("note", "A"))

    class Meta:
        ordering = ["article", "created", "id"]
        constraints = [
            *span_constraints("annotation", nullable=True),
            models.CheckConstraint(
                condition=(
                    (Q(claim__isnull=False) & Q(quote__isnull=True) & Q(start__isnull=True))
                    | (Q(claim__isnull=True) & Q(quote__isnull=False) & Q(start__isnull=True))
                    | (Q(claim__isnull=True) & Q(quote__isnull=True) & Q(start__isnull=False))
                ),
                name="annotation_one_target",
            ),
            models.CheckConstraint(condition=Q(state__in=AnnotationState.values), name="annotation_state_valid"),
            models.CheckConstraint(
                condition=Q(correction="") | Q(correction__in=CorrectionKind.values),
                name="annotation_correction_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="annotation_version_positive"),
        ]
        indexes = [
            models.Index(fields=["article", "state"], name="annotation_article_state"),
            models.Index(fields=["state", "updated"], name="annotation_state_updated"),
            GinIndex(fields=["search"], name="annotation_search"),
        ]

    def __str__(self) -> str:
        return f"Annotation {self.pk} ({self.state})"

    def editable_by(self, user) -> bool:
        """Return whether the user may change it now: their own, and not rejected (services/annotations.py)."""
        return self.author_id == user.pk and self.state != AnnotationState.REJECTED

    def decidable_by(self, membership: "Membership") -> bool:
        """Return whether this member may decide on it now: an editor or admin, on someone else's submitted work."""
        return (membership.role in Role.REVIEWING and self.state == AnnotationState.SUBMITTED
                and self.author_id != membership.user_id)


class Evidence(models.Model):
    Stance = Stance

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=limits.URL_MAX_CHARS)
    title = models.CharField(max_length=limits.EVIDENCE_TITLE_MAX_CHARS, blank=True)
    publisher = models.CharField(max_length=limits.EVIDENCE_PUBLISHER_MAX_CHARS, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["annotation", "id"]
        constraints = [
            # Only web links: a javascript: or data: URL in an export is an attack on its reader.
            models.CheckConstraint(condition=Q(url__regex=r"^[Hh][Tt][Tt][Pp][Ss]?://"), name="evidence_url_http"),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="evidence_stance_valid"),
        ]

    def __str__(self) -> str:
        return self.url


class ReviewDecision(models.Model):
    Decision = Decision

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="decisions")
    # The annotation's version when it was decided: one decision per submitted version.
    annotation_version = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annotation", "created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "annotation_version"], name="decision_one_per_annotation_version"
            ),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="decision_valid"),
            models.CheckConstraint(
                condition=Q(decision="approve") | ~Q(comment=""), name="decision_comment_required_unless_approve"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} by {self.editor}"


class Publication(models.Model):
    """An editor's word that an approved verdict has a public page; `public_id`, not the pk, names it."""

    annotation = models.OneToOneField(Annotation, on_delete=models.CASCADE, related_name="publication")
    # Random, so public addresses neither count the workspace's reviews nor lead from one to the next.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unpublishing keeps the row, so publishing again brings back the same address.
    published = models.BooleanField(default=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"Publication {self.public_id} of annotation {self.annotation_id}"


class AuditEvent(models.Model):
    """One change, written in the transaction that made it. Append-only (trigger in 0002)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.DO_NOTHING, null=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created"], name="audit_workspace_created"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"
