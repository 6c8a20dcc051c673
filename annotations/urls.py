from django.urls import path

from annotations.views import account, articles, checks, editorial, exports, review, search, workspaces

app_name = "annotations"

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/new/", articles.article_add, name="article-add"),
    path("search/", search.search_page, name="search"),
    path("settings/tokens/", account.tokens, name="tokens"),
    path("workspaces/<slug:slug>/", workspaces.workspace_settings, name="workspace-settings"),
    path("workspaces/<slug:slug>/members/", workspaces.member_change, name="member-change"),
    path("workspaces/<slug:slug>/members/<int:pk>/remove/", workspaces.member_remove, name="member-remove"),
    path("workspaces/<slug:slug>/labels/", workspaces.label_add, name="label-add"),
    path("workspaces/<slug:slug>/labels/<int:pk>/delete/", workspaces.label_remove, name="label-remove"),
    path("workspaces/<slug:slug>/ratings/", workspaces.rating_add, name="rating-add"),
    path("workspaces/<slug:slug>/ratings/<int:pk>/delete/", workspaces.rating_remove, name="rating-remove"),
    path("workspaces/<slug:slug>/publishing/", workspaces.publishing_set, name="publishing-set"),
    path("settings/tokens/new/", account.token_create_view, name="token-create"),
    path("settings/tokens/<str:token_key>/revoke/", account.token_revoke_view, name="token-revoke"),
    # The review page and what a reviewer does on it
    path("articles/<int:pk>/", review.review_page, name="article-detail"),
    path("articles/<int:pk>/status/", articles.article_status, name="article-status"),
    path("articles/<int:pk>/retry/", articles.article_retry_view, name="article-retry"),
    path("articles/<int:pk>/panel/", review.review_panel, name="review-panel"),
    path("articles/<int:pk>/annotations/", review.annotation_create_view, name="annotation-create"),
    path("articles/<int:pk>/annotations/list/", review.annotation_list, name="annotation-list"),
    path("articles/<int:pk>/annotations/<int:annotation_pk>/edit/", review.annotation_edit, name="annotation-edit"),
    path("articles/<int:pk>/annotations/<int:annotation_pk>/submit/", review.annotation_submit_view,
         name="annotation-submit"),
    path("articles/<int:pk>/annotations/<int:annotation_pk>/evidence/", review.evidence_add, name="evidence-add"),
    # Editorial workflow (queue, decisions, audit trail)
    path("queue/", editorial.queue, name="queue"),
    path("queue/approve/", editorial.queue_approve, name="queue-approve"),
    path("annotations/<int:pk>/", editorial.annotation_detail, name="annotation-detail"),
    path("annotations/<int:pk>/decide/", editorial.annotation_decide_view, name="annotation-decide"),
    path("annotations/<int:pk>/publish/", checks.publication_publish_view, name="annotation-publish"),
    path("annotations/<int:pk>/unpublish/", checks.publication_unpublish_view, name="annotation-unpublish"),
    path("audit/", editorial.audit, name="audit"),
    path("audit/export.csv", editorial.audit_export, name="audit-export"),
    # Public fact checks: no sign-in
    path("checks/<slug:slug>/", checks.check_list, name="check-list"),
    path("checks/<slug:slug>/<uuid:public_id>/", checks.check_detail, name="check-detail"),
    # Downloads of reviewed work (ClaimReview, Web Annotation, CSV, JSON Lines)
    path("exports/<slug:fmt>/", exports.export_download, name="export"),
]
