"""REST API under /api/v1/. Every queryset is limited to the caller's workspaces, so another
workspace's object answers 404 whatever its id; writes go through the same services as the pages."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import decorators, exceptions, mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import access, selectors, services
from annotations.api import filters, permissions, serializers
from annotations.api.exceptions import PayloadTooLarge
from annotations.api.parsers import CheckedJSONParser
from annotations.choices import Role
from annotations.models import (
    Annotation,
    Article,
    AuditEvent,
    Claim,
    Quote,
    ReviewDecision,
    Source,
    Workspace,
)
from annotations.uploads import UploadError, read_upload

QUEUED_EXAMPLE = {
    "id": 7, "url": "https://axis.example.org/api/v1/articles/7/", "workspace": 1, "title": "Council budget",
    "source_url": "", "byline": "", "published": None, "language": "en", "content_hash": "9f86d08…",
    "status": "queued", "analysis_error": "", "analysed_at": None, "created": "2026-12-04T10:00:00Z",
    "clean_text": "", "claims": [], "quotes": [],
}


class CallerMixin:
    """The caller's roles by workspace, read once per request; ids in URLs are integers."""

    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return self.queryset
        return self.caller_queryset()

    @property
    def roles(self) -> dict[int, str]:
        if not hasattr(self, "_roles"):
            self._roles = selectors.roles_for_user(user=self.request.user)
        return self._roles

    def require_role(self, workspace_id: int, allowed: frozenset[str], message: str) -> None:
        permissions.require_role(self.roles, workspace_id, allowed, message)


@extend_schema_view(
    list=extend_schema(
        summary="List your workspaces, with your role in each",
        description="Every workspace you are a member of, with your `role` in it: `reviewer`, `editor`, "
                    "`factchecker` or `admin`. Your role decides what you may do with its articles and annotations.",
        responses={200: OpenApiResponse(serializers.WorkspaceSerializer, description="One page of your workspaces.")},
    ),
    retrieve=extend_schema(
        summary="Read one of your workspaces",
        description="A workspace you are a member of, with your role in it. Any other id answers 404, "
                    "whether or not such a workspace exists.",
        responses={200: OpenApiResponse(serializers.WorkspaceSerializer, description="The workspace.")},
    ),
)
class WorkspaceViewSet(CallerMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Workspace.objects.none()
    serializer_class = serializers.WorkspaceSerializer
    ordering_fields = ["name", "created"]

    def caller_queryset(self):
        return selectors.workspaces_for_api(user=self.request.user)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"roles": self.roles}


@extend_schema_view(
    create=extend_schema(
        request={"application/json": serializers.ArticleCreateSerializer,
                 "multipart/form-data": serializers.ArticleCreateSerializer},
        responses={201: OpenApiResponse(serializers.ArticleDetailSerializer,
                                        description="The new article, `queued` with no claims or quotes yet; "
                                                    "`Location` is its `url`, to poll.",
                                        examples=[OpenApiExample("Queued", response_only=True, status_codes=["201"],
                                                                 value=QUEUED_EXAMPLE)]),
                   200: OpenApiResponse(serializers.ArticleDetailSerializer,
                                        description="The workspace already has this text: that article, as it is."),
                   413: OpenApiResponse(serializers.ErrorSerializer, description="The file is too large."),
                   415: OpenApiResponse(serializers.ErrorSerializer, description="Not a .txt or .html file.")},
        summary="Add an article (admins)",
        description="Send the article as `text`, or upload it as a .txt or .html `file`, into a workspace where you "
                    "are an admin. The answer comes before the analysis: the article is stored `queued`, with no "
                    "claims or quotes, and a worker (`manage.py db_worker`) analyses it. GET its "
                    "`url` (also in the `Location` header) until `status` is `ready`, with its claims and quotes, "
                    "or `failed`, with `analysis_error`. The same text again answers 200 with the article already "
                    "stored, in whatever state it is.",
    ),
    list=extend_schema(
        summary="List articles",
        description="The articles of your workspaces, without their text, claims or quotes (read one article for "
                    "those). `status` says how far the analysis has got: `queued`, `analysing`, `ready`, or "
                    "`failed` with the reason in `analysis_error`.",
        responses={200: OpenApiResponse(serializers.ArticleSerializer, description="One page of articles.")},
    ),
    retrieve=extend_schema(
        summary="Read an article with its claims and quotes",
        description="The article's clean text and the claims and quotes the analysis found in it. Both lists are "
                    "empty until `status` is `ready`: poll this URL after adding an article.",
        responses={200: OpenApiResponse(serializers.ArticleDetailSerializer,
                                        description="The article, its claims and its quotes.")},
    ),
    destroy=extend_schema(
        summary="Delete an article and everything on it (admins)",
        description="Delete the article with its claims, quotes, annotations and their decisions; the audit trail "
                    "records it. Only an admin of the article's workspace may.",
        responses={204: OpenApiResponse(description="Deleted; nothing is left of the article.")},
    ),
)
class ArticleViewSet(CallerMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Article.objects.none()
    filterset_class = filters.ArticleFilter
    # Not `published`: it may be empty, and a cursor cannot page a column with empty values
    # (ascending lost those rows; descending wrote a cursor at "None" that no page could read).
    ordering_fields = ["created", "title"]
    parser_classes = [CheckedJSONParser, MultiPartParser, FormParser]

    def caller_queryset(self):
        queryset = selectors.articles_for_api(user=self.request.user)
        if self.action == "retrieve":
            return queryset.prefetch_related("claims", "quotes__source")
        return queryset.defer("clean_text")

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ArticleCreateSerializer
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def create(self, request: Request, *args, **kwargs) -> Response:
        response = super().create(request, *args, **kwargs)
        if not self.article_created:
            # The workspace already has this text: the answer is that article as it is, no new resource.
            response.status_code = status.HTTP_200_OK
            del response.headers["Location"]
        # Otherwise the analysis runs in a worker after this answer: the caller polls `Location`.
        return response

    def perform_create(self, serializer) -> None:
        values = serializer.validated_data
        request = self.request
        membership = access.membership_get_by_slug(user=request.user, slug=values["workspace"])
        workspace = membership.workspace if membership is not None else None
        if workspace is None:
            raise exceptions.ValidationError({"workspace": "You are not a member of a workspace with this slug."})
        self.require_role(workspace.pk, Role.ADMINISTERING, "Only a workspace admin adds articles by API.")
        text, content_type = values.get("text"), None
        if values.get("file") is not None:
            try:
                text, content_type = read_upload(values["file"], limit=settings.AXIS_MAX_UPLOAD_BYTES)
            except UploadError as error:
                if error.code == "too_large":
                    raise PayloadTooLarge(str(error)) from None
                if error.code == "unsupported":
                    raise exceptions.UnsupportedMediaType(values["file"].content_type, detail=str(error)) from None
                raise exceptions.ValidationError({"file": str(error)}) from None
        elif len(text.encode("utf-8")) > settings.AXIS_MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(f"The text is larger than {settings.AXIS_MAX_UPLOAD_BYTES:,} bytes.")
        article, created = services.article_create(
            workspace=workspace, raw_text=text, by=request.user, title=values["title"],
            source_url=values.get("source_url", ""), byline=values["byline"], published=values["published"],
            content_type=content_type,
        )
        self.article_created = created
        serializer.instance = self.get_queryset().prefetch_related("claims", "quotes__source").get(pk=article.pk)

    def perform_destroy(self, article) -> None:
        self.require_role(article.workspace_id, Role.ADMINISTERING, "Only a workspace admin deletes articles.")
        services.article_delete(article=article, by=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List claims",
        description="Check-worthy sentences cut from your workspaces' articles: each with its span (`start`, `end`) "
                    "in the article's clean text, its place in the article (`ordinal`), its `checkworthiness` from "
                    "0 to 1 with the `reasons` for it, and its `origin`: the machine or a person.",
        responses={200: OpenApiResponse(serializers.ClaimSerializer, description="One page of claims.")},
    ),
    retrieve=extend_schema(
        summary="Read a claim",
        description="One claim of an article in your workspaces.",
        responses={200: OpenApiResponse(serializers.ClaimSerializer, description="The claim.")},
    ),
)
class ClaimViewSet(CallerMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Claim.objects.none()
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["ordinal", "checkworthiness", "id"]

    def caller_queryset(self):
        return selectors.claims_for_api(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List quotes",
        description="Direct and indirect quotes found in your workspaces' articles: each with its span in the "
                    "article's clean text, its `speaker` (name, role, organization), the span of its speech verb "
                    "(`cue`), the machine's `confidence` and its review `state`.",
        responses={200: OpenApiResponse(serializers.QuoteSerializer, description="One page of quotes.")},
    ),
    retrieve=extend_schema(
        summary="Read a quote",
        description="One quote with its speaker.",
        responses={200: OpenApiResponse(serializers.QuoteSerializer, description="The quote.")},
    ),
)
class QuoteViewSet(CallerMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Quote.objects.none()
    serializer_class = serializers.QuoteSerializer
    filterset_class = filters.QuoteFilter
    ordering_fields = ["start", "confidence", "id"]

    def caller_queryset(self):
        return selectors.quotes_for_api(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List sources",
        description="The people and institutions quoted in your workspaces' articles, one per name in each "
                    "workspace, with their role and organization as the articles give them.",
        responses={200: OpenApiResponse(serializers.SourceSerializer, description="One page of sources.")},
    ),
    retrieve=extend_schema(
        summary="Read a source",
        description="One source: a person or an institution quoted in your workspaces.",
        responses={200: OpenApiResponse(serializers.SourceSerializer, description="The source.")},
    ),
)
class SourceViewSet(CallerMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Source.objects.none()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["name", "id"]

    def caller_queryset(self):
        return selectors.sources_for_api(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List annotations",
        description="The annotations on your workspaces' articles that you may read, each with its target "
                    "(`claim`, `quote`, or a span with its `exact` text), tags, verdict, note, correction, evidence, "
                    "author, review `state` and `version`.",
        responses={200: OpenApiResponse(serializers.AnnotationSerializer, description="One page of annotations.")},
    ),
    retrieve=extend_schema(
        summary="Read an annotation",
        description="One annotation you may read, with its tags, verdict, evidence, author, state and version.",
        responses={200: OpenApiResponse(serializers.AnnotationSerializer, description="The annotation.")},
    ),
    create=extend_schema(
        summary="Annotate a claim, a quote or a span (reviewers, editors and admins)",
        description="Create a draft annotation on exactly one target: a `claim`, a `quote`, or a span `start`-`end` "
                    "of the article's clean text. Tags are named as in the workspace's label set and the verdict as "
                    "in its rating scale; evidence links must be http:// or https://. Fact-checkers get 403.",
        request=serializers.AnnotationCreateSerializer,
        responses={201: OpenApiResponse(serializers.AnnotationSerializer,
                                        description="The new annotation, a draft at version 1.")},
    ),
    partial_update=extend_schema(
        summary="Edit your annotation's tags, verdict or note",
        description="Send the `version` you read with the fields to change. If someone saved a newer version "
                    "meanwhile, nothing is changed and the answer is 409 with the current annotation.",
        request=serializers.AnnotationUpdateSerializer,
        responses={200: OpenApiResponse(serializers.AnnotationSerializer,
                                        description="The annotation as saved, its `version` one higher."),
                   409: OpenApiResponse(serializers.ConflictSerializer,
                                        description="Someone saved a newer version; `current` is that version.")},
    ),
)
class AnnotationViewSet(CallerMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = Annotation.objects.none()
    filterset_class = filters.AnnotationFilter
    ordering_fields = ["created", "updated", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def caller_queryset(self):
        return selectors.annotations_for_api(user=self.request.user, roles=self.roles)

    def get_serializer_class(self):
        return {
            "create": serializers.AnnotationCreateSerializer,
            "partial_update": serializers.AnnotationUpdateSerializer,
        }.get(self.action, serializers.AnnotationSerializer)

    def _choices(self, workspace_id: int, values: dict) -> dict:
        labels = selectors.label_map_for_api(workspace_id=workspace_id)
        unknown = [name for name in values["tags"] if name.lower() not in labels]
        if unknown:
            raise exceptions.ValidationError({"tags": [f"Not in this workspace's label set: {', '.join(unknown)}."]})
        verdict = None
        if values.get("verdict"):
            verdict = selectors.rating_get_for_api(workspace_id=workspace_id, name=values["verdict"])
            if verdict is None:
                raise exceptions.ValidationError({"verdict": ["Not in this workspace's rating scale."]})
        return {"tags": [labels[name.lower()] for name in values["tags"]], "verdict": verdict,
                "note": values["note"]}

    def perform_create(self, serializer) -> None:
        values = serializer.validated_data
        request = self.request
        article = get_object_or_404(selectors.articles_for_api(user=request.user), pk=values["article"])
        self.require_role(article.workspace_id, Role.ANNOTATING, permissions.ANNOTATE_FORBIDDEN)
        target = {}
        if values["claim"] is not None:
            target["claim"] = get_object_or_404(article.claims, pk=values["claim"])
        elif values["quote"] is not None:
            target["quote"] = get_object_or_404(article.quotes, pk=values["quote"])
        else:
            target |= {"start": values["start"], "end": values["end"]}
        with transaction.atomic():
            annotation = services.annotation_create(
                article=article, by=request.user, **target, **self._choices(article.workspace_id, values),
                correction=values["correction"], correction_data=values["correction_data"],
                evidence=values["evidence"],
            )
        serializer.instance = self.get_queryset().get(pk=annotation.pk)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        # Validated whole, not as DRF's partial update: every edit names its `version`, and
        # perform_update keeps the fields left out as they are.
        return self.update(request, *args, **kwargs)

    def perform_update(self, serializer) -> None:
        annotation = serializer.instance
        current = {"tags": annotation.tag_names,  # read by get_object through with_api_columns
                   "verdict": annotation.verdict.name if annotation.verdict_id else None,
                   "note": annotation.note}
        values = current | serializer.validated_data
        services.annotation_update(annotation=annotation, by=self.request.user, version=values["version"],
                                   **self._choices(annotation.article.workspace_id, values))
        serializer.instance = self.get_queryset().get(pk=annotation.pk)

    @extend_schema(
        summary="Send your draft (or sent-back) annotation to the editors",
        description="Move your draft, or your annotation an editor sent back with changes requested, to "
                    "`submitted`, where the workspace's editors review it. No body.",
        request=None,
        responses={200: OpenApiResponse(serializers.AnnotationSerializer, description="The annotation, submitted.")},
    )
    @decorators.action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        annotation = self.get_object()
        services.annotation_submit(annotation=annotation, by=request.user)
        return Response(serializers.AnnotationSerializer(self.get_queryset().get(pk=annotation.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="List review decisions",
        description="Editors' decisions on the annotations you may read: `approve`, `reject` or `request_changes`, "
                    "with the annotation version decided on, the editor and their comment.",
        responses={200: OpenApiResponse(serializers.DecisionSerializer, description="One page of decisions.")},
    ),
    retrieve=extend_schema(
        summary="Read a review decision",
        description="One editor's decision on an annotation you may read.",
        responses={200: OpenApiResponse(serializers.DecisionSerializer, description="The decision.")},
    ),
    create=extend_schema(
        summary="Approve, reject or request changes (editors and admins)",
        description="Decide on a submitted annotation of your workspace. Send the `version` you read (required): any other "
                    "version is refused with 409, whose `current` is the annotation as it now is. "
                    "Nobody decides on their own annotation.",
        request=serializers.DecisionCreateSerializer,
        responses={201: OpenApiResponse(serializers.DecisionSerializer,
                                        description="The decision; the annotation's state follows it."),
                   409: OpenApiResponse(serializers.ConflictSerializer,
                                        description="The annotation changed after the version you read; "
                                                    "`current` is the newer version.")},
    ),
)
class DecisionViewSet(CallerMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    # For the schema generator; callers get caller_queryset().
    queryset = ReviewDecision.objects.none()
    filterset_class = filters.DecisionFilter
    ordering_fields = ["created", "id"]

    def caller_queryset(self):
        return selectors.decisions_for_api(user=self.request.user, roles=self.roles)

    def get_serializer_class(self):
        return serializers.DecisionCreateSerializer if self.action == "create" else serializers.DecisionSerializer

    def perform_create(self, serializer) -> None:
        values = serializer.validated_data
        request = self.request
        annotation = get_object_or_404(selectors.annotations_for_api(user=request.user, roles=self.roles),
                                       pk=values["annotation"])
        self.require_role(annotation.article.workspace_id, Role.REVIEWING,
                          "Only an editor or admin can approve, reject or request changes.")
        serializer.instance = services.annotation_decide(
            annotation=annotation, by=request.user, decision=values["decision"], comment=values["comment"],
            version=values["version"])


@extend_schema_view(
    list=extend_schema(
        summary="List the audit trail (editors and admins)",
        description="What happened in the workspaces where you are an editor or admin: who (`actor`) did what "
                    "(`action`) to which object, with its recorded state `before` and `after`. Other roles get 403.",
        responses={200: OpenApiResponse(serializers.AuditEventSerializer, description="One page of audit events.")},
    ),
    retrieve=extend_schema(
        summary="Read an audit event (editors and admins)",
        description="One event of the audit trail of a workspace where you are an editor or admin.",
        responses={200: OpenApiResponse(serializers.AuditEventSerializer, description="The audit event.")},
    ),
)
class AuditEventViewSet(CallerMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail of the workspaces where the caller is an editor or admin."""

    # For the schema generator; callers get caller_queryset().
    queryset = AuditEvent.objects.none()
    serializer_class = serializers.AuditEventSerializer
    filterset_class = filters.AuditEventFilter
    ordering_fields = ["created", "id"]
    permission_classes = [IsAuthenticated, permissions.ReviewsSomewhere]

    def caller_queryset(self):
        return selectors.audit_events_for_api(user=self.request.user, roles=self.roles)
