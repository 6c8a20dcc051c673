"""Django admin for every model, with search and filters."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from annotations import models
from annotations.services import tokens_revoke_unless_member


def _revoke_tokens_of_users_left_without_workspace(request, user_ids) -> None:
    # The admin deletes memberships without services.membership_remove; the rule is the same.
    for user in get_user_model().objects.filter(pk__in=set(user_ids)):
        tokens_revoke_unless_member(user=user, by=request.user)


class RevokesTokensOfFormerMembers:
    """Deleting memberships here (directly, inline, or with their workspace) revokes the API
    tokens of a user left with no workspace, as removing a member on the settings page does."""

    def _member_ids(self, queryset) -> list[int]:
        field = "user_id" if queryset.model is models.Membership else "memberships__user_id"
        return [pk for pk in queryset.values_list(field, flat=True) if pk is not None]

    def delete_model(self, request, obj):
        user_ids = self._member_ids(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        _revoke_tokens_of_users_left_without_workspace(request, user_ids)

    def delete_queryset(self, request, queryset):
        user_ids = self._member_ids(queryset)
        super().delete_queryset(request, queryset)
        _revoke_tokens_of_users_left_without_workspace(request, user_ids)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is models.Membership:
            _revoke_tokens_of_users_left_without_workspace(
                request, [obj.user_id for obj in formset.deleted_objects])


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Workspace)
class WorkspaceAdmin(RevokesTokensOfFormerMembers, admin.ModelAdmin):
    list_display = ["name", "slug", "created"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # Switched in the workspace's settings page, through the service that audits it.
    readonly_fields = ["publish_fact_checks"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(RevokesTokensOfFormerMembers, admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created"]
    list_filter = ["role", "workspace"]
    search_fields = ["user__username", "workspace__name"]
    list_select_related = ["user", "workspace"]
    autocomplete_fields = ["user", "workspace"]


@admin.register(models.Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "ordinal"]
    list_filter = ["workspace"]
    search_fields = ["name"]


@admin.register(models.Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "workspace", "ordinal"]
    list_filter = ["workspace"]
    search_fields = ["name"]


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "status", "byline", "published", "created"]
    list_filter = ["status", "workspace", "language"]
    search_fields = ["title", "byline", "source_url"]
    list_select_related = ["workspace"]
    # The status moves by ARTICLE_TRANSITIONS only (services/analysis.py), as an annotation's state does.
    readonly_fields = ["content_hash", "clean_text", "status", "analysis_error", "analysed_at", "created", "updated"]
    raw_id_fields = ["added_by"]


@admin.register(models.Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "ordinal", "checkworthiness", "origin"]
    list_filter = ["origin", "article__workspace"]
    search_fields = ["text"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organization", "is_institution", "workspace"]
    list_filter = ["is_institution", "workspace"]
    search_fields = ["name", "role", "organization"]


@admin.register(models.Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "kind", "state", "confidence", "article"]
    list_filter = ["kind", "state", "origin", "article__workspace"]
    search_fields = ["text", "source__name"]
    list_select_related = ["article", "source"]
    raw_id_fields = ["article", "source"]


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0


@admin.register(models.Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["id", "article", "author", "state", "verdict", "correction", "updated"]
    list_filter = ["state", "correction", "article__workspace"]
    search_fields = ["note", "exact", "author__username"]
    list_select_related = ["article", "author", "verdict"]
    raw_id_fields = ["article", "claim", "quote", "author", "verdict"]
    # The state moves only through the workflow services: an editable state here would let anyone
    # with admin access approve an annotation, their own included, with no decision recorded.
    readonly_fields = ["state", "version", "approved_snapshot"]
    inlines = [EvidenceInline]


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["url", "stance", "publisher", "annotation"]
    list_filter = ["stance"]
    search_fields = ["url", "title", "publisher"]
    raw_id_fields = ["annotation"]


@admin.register(models.ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are made in the editor's queue or the API, through one service."""

    list_display = ["annotation", "decision", "editor", "created"]
    list_filter = ["decision"]
    search_fields = ["comment", "editor__username"]
    list_select_related = ["annotation", "editor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: editors publish and unpublish on the annotation page, through one audited service."""

    list_display = ["public_id", "annotation", "published", "published_by", "published_at"]
    list_filter = ["published", "annotation__article__workspace"]
    search_fields = ["public_id"]
    list_select_related = ["annotation", "published_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "action", "object_type", "object_id", "actor", "workspace"]
    list_filter = ["action", "object_type", "workspace"]
    search_fields = ["object_id", "actor__username"]
    list_select_related = ["actor", "workspace"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
