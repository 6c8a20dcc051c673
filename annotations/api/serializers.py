"""Shapes of the REST API. Output serializers read; input serializers check shape only."""

from rest_framework import serializers

from annotations import limits
from annotations.models import (
    Annotation,
    Article,
    AuditEvent,
    Claim,
    CorrectionKind,
    Evidence,
    Quote,
    ReviewDecision,
    Source,
    Workspace,
)
from annotations.selectors.corrections import correction_proposal_data


class InputSerializer(serializers.Serializer):
    """An input shape whose answer is the object the service made, in the `output` shape.

    The viewset's perform_create or perform_update calls the service and sets
    `instance` to what it returned, so DRF's own create() and update() answer with it.
    """

    output: type[serializers.BaseSerializer]

    def to_representation(self, instance) -> dict:
        return self.output(instance, context=self.context).data


class WorkspaceSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Workspace
        fields = ["id", "name", "slug", "role", "created"]

    def get_role(self, workspace: Workspace) -> str:
        return self.context["roles"].get(workspace.pk, "")


class ClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "article", "ordinal", "start", "end", "text", "checkworthiness", "reasons", "origin"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "workspace", "name", "role", "organization", "is_institution"]


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "role", "organization", "is_institution"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerSerializer(source="source", read_only=True)
    cue = serializers.SerializerMethodField()

    class Meta:
        model = Quote
        fields = ["id", "article", "start", "end", "text", "kind", "speaker", "cue", "confidence", "origin", "state"]

    def get_cue(self, quote: Quote) -> dict | None:
        if quote.cue_start is None:
            return None
        return {"start": quote.cue_start, "end": quote.cue_end}


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:article-detail",
        help_text="This article in the API: GET it until `status` is `ready` (or `failed`) to read its claims.")

    class Meta:
        model = Article
        fields = ["id", "url", "workspace", "title", "source_url", "byline", "published", "language", "content_hash",
                  "status", "analysis_error", "analysed_at", "created"]


class ArticleDetailSerializer(ArticleSerializer):
    claims = ClaimSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "clean_text", "claims", "quotes"]


class ArticleCreateSerializer(InputSerializer):
    """Give `text` or upload `file` (.txt or .html); the article is stored queued and a worker analyses it."""

    output = ArticleDetailSerializer

    workspace = serializers.SlugField(help_text="Slug of the workspace to add the article to.")
    text = serializers.CharField(required=False, allow_blank=False, trim_whitespace=False,
                                 help_text="The article's text, or its page's HTML; or send `file` instead.")
    file = serializers.FileField(required=False, help_text="A .txt or .html file (multipart/form-data).")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="",
                                  help_text="Left blank, the analysis takes the title from the text when it finds one.")
    # No default: drf-spectacular would write `default: ""` into the `format: uri` branch, which no
    # validator accepts (an empty string is not a URI). The view reads a missing one as "".
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=2000,
                                      help_text="Where the article was published, if anywhere.")
    byline = serializers.CharField(required=False, allow_blank=True, max_length=300, default="",
                                   help_text="Who wrote it.")
    published = serializers.DateField(required=False, allow_null=True, default=None,
                                      help_text="When it was published (YYYY-MM-DD).")

    def validate(self, data: dict) -> dict:
        if bool(data.get("text")) == bool(data.get("file")):
            raise serializers.ValidationError({"text": "Give either the text or a file, not both and not neither."})
        return data


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "url", "title", "publisher", "stance"]


class EvidenceInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=limits.URL_MAX_CHARS)
    title = serializers.CharField(required=False, allow_blank=True, max_length=limits.EVIDENCE_TITLE_MAX_CHARS,
                                  default="")
    publisher = serializers.CharField(required=False, allow_blank=True,
                                      max_length=limits.EVIDENCE_PUBLISHER_MAX_CHARS, default="")
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, default=Evidence.Stance.CONTEXT)

    def validate_url(self, url: str) -> str:
        if not url.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http:// and https:// links are accepted.")
        return url


class UsernameField(serializers.CharField):
    """A user, as their username. (With `source="author.get_username"` DRF inspected the
    method's signature again for every object: a tenth of a list's time.)"""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str:
        return user.get_username()


class AnnotationSerializer(serializers.ModelSerializer):
    tags = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    verdict_value = serializers.SerializerMethodField()
    author = UsernameField()
    evidence = EvidenceSerializer(many=True, read_only=True, source="evidence_rows")
    correction_proposal = serializers.SerializerMethodField(
        help_text="The correction beside what it changes: {kind, found_by ('machine' or 'current'), machine, "
                  "proposed}; null when the annotation is no correction.")

    class Meta:
        model = Annotation
        fields = ["id", "article", "claim", "quote", "start", "end", "exact", "prefix", "suffix", "tags",
                  "verdict", "verdict_value", "note", "correction", "correction_data", "correction_proposal",
                  "evidence", "author", "state", "version", "created", "updated"]

    # Serializes annotations read through selectors.with_api_columns (tag names and evidence as columns).
    def get_tags(self, annotation: Annotation) -> list[str]:
        return sorted(annotation.tag_names)

    def get_verdict(self, annotation: Annotation) -> str | None:
        return annotation.verdict.name if annotation.verdict_id else None

    def get_verdict_value(self, annotation: Annotation) -> int | None:
        return annotation.verdict.value if annotation.verdict_id else None

    def get_correction_proposal(self, annotation: Annotation) -> dict | None:
        return correction_proposal_data(annotation)


class AnnotationContentSerializer(InputSerializer):
    """Tags and verdict are named as in the workspace's label set and rating scale."""

    output = AnnotationSerializer

    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list,
                                 max_length=limits.TAGS_MAX)
    verdict = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.NOTE_MAX_CHARS, default="")


class AnnotationCreateSerializer(AnnotationContentSerializer):
    """Target exactly one of: a claim, a quote, or a span (start, end) of the article."""

    article = serializers.IntegerField()
    claim = serializers.IntegerField(required=False, allow_null=True, default=None)
    quote = serializers.IntegerField(required=False, allow_null=True, default=None)
    start = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    end = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    correction = serializers.ChoiceField(choices=CorrectionKind.choices, required=False, allow_blank=True,
                                         default="")
    correction_data = serializers.DictField(
        required=False, default=dict,
        help_text="What the correction proposes. speaker (on a quote) and missed_quote (on a span): "
                  "{\"source_id\": id of a workspace source} or {\"name\", \"role\", \"organization\"}; "
                  "split_claim (on a claim): {\"at\": offset into the article between two words}; "
                  "not_a_quote and merge_claims: {}. A value that does not fit answers 400 naming it, "
                  "e.g. {\"correction_data.name\": [...]}.")
    evidence = EvidenceInputSerializer(many=True, required=False, default=list, max_length=limits.EVIDENCE_MAX)

    def validate(self, data: dict) -> dict:
        targets = [data["claim"] is not None, data["quote"] is not None, data["start"] is not None]
        if sum(targets) != 1 or (data["start"] is None) != (data["end"] is None):
            raise serializers.ValidationError({"claim": "Give exactly one target: claim, quote, or start and end."})
        return data


class AnnotationUpdateSerializer(AnnotationContentSerializer):
    """Change what you send; tags, verdict or note left out keep their current value."""

    # No defaults here: a PATCH of the note alone must not clear the tags and verdict.
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    verdict = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a newer one answers 409.")

    def to_representation(self, annotation: Annotation) -> dict:
        """The annotation's editable values as this serializer reads them (the browsable API's
        form shows them): tags and verdict by name, not the model's related managers."""
        return {"tags": sorted(label.name for label in annotation.tags.all()),
                "verdict": annotation.verdict.name if annotation.verdict_id else None,
                "note": annotation.note, "version": annotation.version}


class DecisionSerializer(serializers.ModelSerializer):
    editor = UsernameField()

    class Meta:
        model = ReviewDecision
        fields = ["id", "annotation", "annotation_version", "editor", "decision", "comment", "created"]


class DecisionCreateSerializer(InputSerializer):
    output = DecisionSerializer
    annotation = serializers.IntegerField()
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version of the annotation you read (required). Any other version is refused with 409, "
                  "whose `current` is the annotation as it now is: read it, then decide on its version.")
    decision = serializers.ChoiceField(choices=ReviewDecision.Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = ["id", "workspace", "actor", "action", "object_type", "object_id", "before", "after", "created"]

    def get_actor(self, event: AuditEvent) -> str | None:
        return event.actor.get_username() if event.actor_id else None


class ConflictSerializer(serializers.Serializer):
    version = serializers.ListField(child=serializers.CharField())
    current = AnnotationSerializer()


class ErrorSerializer(serializers.Serializer):
    """An error: `detail`, or each offending field with its messages."""

    detail = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
