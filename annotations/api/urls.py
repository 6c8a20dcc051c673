from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from annotations.api import exports, search, views

router = DefaultRouter()
router.register("workspaces", views.WorkspaceViewSet, basename="workspace")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("sources", views.SourceViewSet, basename="source")
router.register("annotations", views.AnnotationViewSet, basename="annotation")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("audit-events", views.AuditEventViewSet, basename="auditevent")

urlpatterns = [
    # Exports of reviewed work, and Web Annotation import (annotations/api/exports.py)
    path("v1/exports/claimreview/", exports.ClaimReviewExportView.as_view(), name="export-claimreview"),
    path("v1/exports/webannotation/", exports.WebAnnotationExportView.as_view(), name="export-webannotation"),
    path("v1/exports/csv/", exports.CsvExportView.as_view(), name="export-csv"),
    path("v1/exports/jsonl/", exports.JsonLinesExportView.as_view(), name="export-jsonl"),
    path("v1/articles/<int:pk>/import-webannotations/", exports.WebAnnotationImportView.as_view(),
         name="article-import-webannotations"),
    path("v1/search/", search.SearchView.as_view(), name="search"),
    path("v1/", include(router.urls)),
    # The schema and its documentation page are public: they describe the API, not anyone's data.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    # The split view serves Swagger UI's start-up script from ?script=, not inline: the CSP allows no inline code.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny],
                                                      template_name="api/swagger_ui.html"), name="docs"),
]
