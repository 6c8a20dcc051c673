"""GET /api/v1/search/: one kind of match across your workspaces, best first, a cursor page at a time."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from annotations.api.pagination import RankCursorPagination
from annotations.api.serializers import ErrorSerializer
from annotations.forms import SearchForm
from annotations.selectors import search

KIND_REQUIRED = "Choose one kind: article, claim, quote, source or note."


class SearchQuerySerializer(serializers.Serializer):
    """The query parameters, for the schema; annotations.forms.SearchForm checks them, as on the page."""

    q = serializers.CharField(help_text="The words to find, as a web search engine reads them: a phrase in "
                                        "\"quotes\", `or` between alternatives, `-word` to leave a word out.")
    kind = serializers.ChoiceField(choices=search.KINDS, help_text="The kind of match: `article` (title, byline, "
                                   "text), `claim`, `quote`, `source` (name, role, organization) or `note` "
                                   "(an annotation's note, as the visibility rule lets you read it).")
    workspace = serializers.SlugField(required=False, help_text="Slug of one of your workspaces; without it, "
                                                                "all of them.")
    date_from = serializers.DateField(required=False, help_text="Only matches in articles published (or, "
                                                                "undated, added) on or after this date.")
    date_to = serializers.DateField(required=False, help_text="Only matches in articles published (or added) "
                                                              "on or before this date.")
    verdict = serializers.CharField(required=False, help_text="A rating's name: claims and quotes with a note "
                                                              "of that verdict, and those notes; other kinds "
                                                              "are left out.")
    state = serializers.ChoiceField(choices=search.STATES, required=False,
                                    help_text="An annotation state: claims and quotes with a note in that state, "
                                              "and those notes; other kinds are left out.")
    speaker = serializers.CharField(required=False, help_text="Part of a source's name: quotes of that source "
                                                              "and the sources; other kinds are left out.")


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=search.KINDS, help_text="The kind of match.")
    id = serializers.IntegerField(help_text="The id of the article, claim, quote, source or annotation.")
    workspace = serializers.IntegerField(help_text="The workspace's id.")
    article = serializers.IntegerField(allow_null=True, help_text="The article it is in (null for a source).")
    title = serializers.CharField(help_text="The article's title, or the source's name.")
    snippet = serializers.CharField(help_text="The best passage, HTML-escaped, with the matched words in "
                                              "`<mark>`…`</mark>`.")
    rank = serializers.FloatField(help_text="ts_rank_cd of the match: higher is better.")
    link = serializers.CharField(allow_blank=True, help_text="The page of the exact place: the review page "
                                 "with the claim or quote selected (empty for a source never quoted).")


def _result(kind: str, row, absolute) -> dict:
    link = search.search_link(kind, row)
    return {
        "kind": kind, "id": row.pk,
        "workspace": row.workspace_id if kind in ("article", "source") else row.article.workspace_id,
        "article": None if kind == "source" else (row.pk if kind == "article" else row.article_id),
        "title": search.search_title(kind, row), "snippet": str(search.snippet_html(row.snippet)),
        "rank": row.rank, "link": absolute(link) if link else "",
    }


@extend_schema(
    summary="Search your workspaces",
    description="Full-text search (PostgreSQL, in the article's language) over one kind of match in your "
                "workspaces, best first (`ts_rank_cd`), each with a highlighted snippet and the link to its "
                "place. Another member's draft note is never found; a fact-checker finds approved notes only. "
                "Pages follow the `next` and `previous` links (cursor pagination).",
    parameters=[SearchQuerySerializer],
    responses={200: OpenApiResponse(SearchResultSerializer(many=True), description="One page of matches."),
               400: OpenApiResponse(ErrorSerializer, description="A query parameter is invalid (an empty `q`, "
                                                                 "a workspace not yours, a verdict no workspace "
                                                                 "has…); it is named.")},
)
class SearchView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = RankCursorPagination
    serializer_class = SearchResultSerializer

    def get(self, request: Request):
        roles, workspaces = search.search_scope(user=request.user)
        form = SearchForm(request.query_params, roles=roles, workspaces=workspaces)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        kind = form.cleaned_data["kind"]
        if not kind:
            raise exceptions.ValidationError({"kind": [KIND_REQUIRED]})
        found = search.search_kind(user=request.user, roles=form.searched_roles(), kind=kind,
                                   q=form.cleaned_data["q"], filters=form.filters())
        page = self.paginate_queryset(found)
        results = [_result(kind, row, request.build_absolute_uri) for row in page]
        return self.get_paginated_response(self.get_serializer(results, many=True).data)
