"""Exports and Web Annotation import under /api/v1/.

Exports stream in their own content types; only errors are JSON. Every export
reads one workspace the caller belongs to (another is a 404) and approved work
only, unless an editor or admin asks for `states=all`.
"""

from datetime import datetime

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import selectors, services
from annotations.api import permissions
from annotations.api.parsers import CheckedJSONLDParser, CheckedJSONParser
from annotations.api.serializers import ErrorSerializer
from annotations.choices import Role
from annotations.exports import FORMATS, STATES, STATES_ALL, STATES_APPROVED, parse_since, webannotation
from annotations.exports import csv as csv_export
from annotations.exports.stream import export_context, export_filename, export_response, export_text

IMPORT_FORBIDDEN = "Fact-checkers read and export; they do not import annotations."
NO_SUCH_PAGE = "No such page: the collection is shorter."
# The largest id PostgreSQL's bigint holds.
MAX_ID = 2**63 - 1


class ErrorsAsJSON(BaseContentNegotiation):
    """Never answer 406: an export picks its own content type, and an error is always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportQuerySerializer(serializers.Serializer):
    workspace = serializers.SlugField(help_text="Slug of one of your workspaces.")
    article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                       help_text="Only this article's annotations.")
    since = serializers.CharField(
        required=False, help_text="Only work approved since this ISO 8601 time or date (with `states=all`: "
                                  "changed since). A time without an offset is in the server's time zone.")
    states = serializers.ChoiceField(
        choices=STATES, default=STATES_APPROVED,
        help_text="`approved` (the default): approved work, as approved. `all`: every state you can read, "
                  "as it is now (editors and admins).")

    def validate_since(self, value: str) -> datetime:
        try:
            return parse_since(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class WebAnnotationQuerySerializer(ExportQuerySerializer):
    page = serializers.IntegerField(
        required=False, min_value=0, max_value=10**9,
        help_text=f"One AnnotationPage of {webannotation.PAGE_SIZE:,} annotations, with `partOf` its collection. "
                  "Without it, the whole collection streams as one document.")


def _errors(description: str) -> dict:
    return {400: OpenApiResponse(ErrorSerializer, description="A query parameter is invalid; it is named."),
            403: OpenApiResponse(ErrorSerializer, description="`states=all` is for editors and admins."),
            404: OpenApiResponse(ErrorSerializer, description=description)}


NOT_FOUND = "No such workspace among yours, or no such article in it."


class ExportView(APIView):
    """Base of the four export endpoints; `format_name` names the format."""

    format_name = ""
    query_serializer = ExportQuerySerializer
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ErrorsAsJSON

    def get(self, request: Request):
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        scope = selectors.export_scope(workspace_slug=values["workspace"], user=request.user,
                                       all_states=values["states"] == STATES_ALL,
                                       article_id=values.get("article"), since=values.get("since"))
        fmt = FORMATS[self.format_name]
        context = export_context(scope=scope, absolute=request.build_absolute_uri)
        pieces = self.pieces(fmt, scope, context, values)
        return export_response(pieces, media_type=fmt.media_type, filename=export_filename(fmt=fmt, scope=scope))

    def pieces(self, fmt, scope, context, values):
        return export_text(fmt=fmt, scope=scope, context=context)


@extend_schema(
    summary="ClaimReview JSON-LD (schema.org) of approved verdicts",
    description="A JSON array with one ClaimReview per claim, quote or span whose latest approved annotation "
                "gives a verdict. `reviewRating.alternateName` is the verdict; `ratingValue`, `bestRating` and "
                "`worstRating` appear when the verdict is on the workspace's numeric scale (a verdict outside it, "
                "such as Misleading, has no number: any would rank it between true and false). `url` is the "
                "public page of a fact check an editor published, in a workspace that publishes them; an "
                "unpublished review has no `url`, as Axis has no public page for it. Text is escaped for "
                "`<script type=\"application/ld+json\">` (`<`, `>` and `&` as `\\u003c`, `\\u003e`, "
                "`\\u0026`).",
    parameters=[ExportQuerySerializer],
    responses={(200, "application/ld+json"): OpenApiResponse(
        {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        description="A JSON-LD array of ClaimReview objects (attachment)."), **_errors(NOT_FOUND)},
)
class ClaimReviewExportView(ExportView):
    format_name = "claimreview"


@extend_schema(
    summary="W3C Web Annotations of approved work",
    description="One Annotation per annotation, targeting the article's clean text with a TextPositionSelector "
                "and a TextQuoteSelector. Without `page`, one JSON-LD document whose `@graph` holds every "
                "AnnotationPage and then the AnnotationCollection; with `page`, that AnnotationPage alone.",
    parameters=[WebAnnotationQuerySerializer],
    responses={(200, webannotation.MEDIA_TYPE): OpenApiResponse(
        {"type": "object", "additionalProperties": True},
        description="A JSON-LD document in the Web Annotation context (attachment)."),
        **_errors(NOT_FOUND + " Or a page past the collection's last.")},
)
class WebAnnotationExportView(ExportView):
    format_name = "webannotation"
    query_serializer = WebAnnotationQuerySerializer

    def pieces(self, fmt, scope, context, values):
        page = values.get("page")
        if page is None:
            return super().pieces(fmt, scope, context, values)
        total = selectors.export_count(scope=scope)
        # A collection of nothing has no pages (5.2: a page holds one or more items).
        if total == 0 or page > (total - 1) // webannotation.PAGE_SIZE:
            raise exceptions.NotFound(NO_SUCH_PAGE)
        first = page * webannotation.PAGE_SIZE
        rows = selectors.annotations_for_export(scope=scope, context=True)[first:first + webannotation.PAGE_SIZE]
        records = selectors.export_records(rows, all_states=scope.all_states)
        return webannotation.render_page(records, context, page=page, total=total)


@extend_schema(
    summary="CSV of approved annotations, one row per annotation",
    description="Columns: " + ", ".join(f"`{c}`" for c in csv_export.COLUMNS)
                + ". UTF-8 with a byte-order mark, so spreadsheets read accents and curly quotes. Cells that a "
                  "spreadsheet would run as a formula start with an apostrophe.",
    parameters=[ExportQuerySerializer],
    responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row "
                                                                                "(attachment)."),
               **_errors(NOT_FOUND)},
)
class CsvExportView(ExportView):
    format_name = "csv"


@extend_schema(
    summary="JSON Lines of approved annotations, one full record per line",
    description="One JSON object per annotation and line: its article, its target (claim, quote or span) with "
                "the text, and its tags, verdict, note, correction and evidence.",
    parameters=[ExportQuerySerializer],
    responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR, description="One JSON object "
                                                                                           "per line (attachment)."),
               **_errors(NOT_FOUND)},
)
class JsonLinesExportView(ExportView):
    format_name = "jsonl"


class ImportReportSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True, help_text="The annotation's own `id`, when it has one.")
    index = serializers.IntegerField(help_text="Its place among the annotations sent, from 0.")
    reason = serializers.CharField()


class UnanchoredReportSerializer(ImportReportSerializer):
    quote = serializers.CharField(allow_null=True, help_text="The start of its quote, when it has one.")


class AnchoredReportSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True, help_text="The annotation's own `id`, when it has one.")
    index = serializers.IntegerField(help_text="Its place among the annotations sent, from 0.")
    annotation = serializers.IntegerField(help_text="The id of the draft created from it.")
    how = serializers.ChoiceField(
        choices=["position", "quote", "context", "fuzzy"],
        help_text="`position`: its TextPositionSelector; `quote`: its exact quote (whitespace collapsed); "
                  "`context`: the one occurrence its prefix or suffix agrees with; `fuzzy`: no exact occurrence, "
                  "the one place within a bounded edit distance (worth a look).")
    errors = serializers.IntegerField(help_text="Edits between its quote and the text anchored on (fuzzy only).")


class IgnoredSerializer(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(), help_text="Not in the workspace's label set.")
    verdicts = serializers.ListField(child=serializers.CharField(), help_text="Not in its rating scale.")
    links = serializers.ListField(child=serializers.CharField(), help_text="Not http:// or https://.")


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Draft annotations created.")
    annotations = serializers.ListField(child=serializers.IntegerField(), help_text="Their ids.")
    anchored = AnchoredReportSerializer(many=True, help_text="How each created draft anchored.")
    unanchored = UnanchoredReportSerializer(many=True, help_text="Targets that do not anchor on the article's "
                                                                 "text, each with the reason.")
    skipped = ImportReportSerializer(many=True, help_text="Anchored, but nothing to keep or already imported.")
    ignored = IgnoredSerializer()


HYPOTHESIS_EXAMPLE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "id": "https://hypothes.is/a/abc123",
    "body": [{"type": "TextualBody", "value": "Which budget line?"},
             {"type": "TextualBody", "purpose": "tagging", "value": "statistic"}],
    "target": [{"source": "https://example.org/story", "selector": [
        {"type": "TextPositionSelector", "start": 4, "end": 38},
        {"type": "TextQuoteSelector", "exact": "council approved a budget", "prefix": "The ", "suffix": " of"}]}],
}


@extend_schema(
    summary="Import W3C Web Annotations or Hypothesis's JSON onto an article as drafts",
    description="Send W3C Web Annotations (one, a JSON array, an AnnotationPage or an AnnotationCollection such as "
                "this API's Web Annotation export) or Hypothesis's own JSON (an annotation of its API, a search "
                "result's `rows`, or the client's export with its `annotations`). Each is anchored on the "
                "article's clean text as Hypothesis anchors: by its TextPositionSelector when the text there is "
                "its quote; else by its TextQuoteSelector's exact text, whitespace collapsed, with prefix and "
                "suffix choosing between occurrences; else by the one occurrence its prefix or suffix agrees "
                "with; else by a fuzzy match within one edit per 8 characters of the quote. `anchored` says how "
                "each draft anchored; the others are in `unanchored` with the reason. A draft holds what any "
                "other way in allows (note length, tags, links); one over a limit is in `skipped` with the reason. "
                "Comments (Hypothesis's `text`) become the note, tagging bodies (its `tags`) tags of the label "
                "set, assessing bodies the verdict, "
                "links evidence. Reviewers, editors and admins.",
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                 description="The id of the article to anchor the annotations on.")],
    request={"application/json": OpenApiTypes.OBJECT, "application/ld+json": OpenApiTypes.OBJECT},
    responses={200: OpenApiResponse(ImportResultSerializer, description="What was created, and what was not and why."),
               400: OpenApiResponse(ErrorSerializer, description="Nothing to import, too much, or the article has "
                                                                 "no analysed text; the field is named.")},
    examples=[OpenApiExample("A Hypothesis annotation", value=HYPOTHESIS_EXAMPLE, request_only=True)],
)
class WebAnnotationImportView(APIView):
    parser_classes = [CheckedJSONParser, CheckedJSONLDParser]
    renderer_classes = [JSONRenderer]

    def post(self, request: Request, pk: int) -> Response:
        article = get_object_or_404(selectors.articles_for_api(user=request.user).select_related("workspace"), pk=pk)
        permissions.require_role(permissions.caller_roles(request, self), article.workspace_id, Role.ANNOTATING,
                                 IMPORT_FORBIDDEN)
        result = services.webannotation_import(article=article, data=request.data, by=request.user)
        return Response({
            "created": len(result.created),
            "annotations": [annotation.pk for annotation in result.created],
            "anchored": result.anchored,
            "unanchored": result.unanchored,
            "skipped": result.skipped,
            "ignored": {key: sorted(values) for key, values in result.ignored.items()},
        })
