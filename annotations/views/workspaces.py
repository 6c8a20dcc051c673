"""A workspace's settings page, for its admins: members and roles, the label set, the rating scale, publishing."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import access, selectors, services
from annotations.choices import Role
from annotations.forms import LabelForm, MemberForm, PublishingForm, RatingForm, add_service_error

if TYPE_CHECKING:
    from annotations.models import Workspace


def _workspace_for_admin(request: HttpRequest, slug: str) -> "Workspace":
    """Return the workspace; 404 for non-members, 403 for members who are not its admins."""
    return access.require(user=request.user, workspace=slug, may=Role.ADMINISTERING, message=services.NOT_ADMIN,
                          not_found="No such workspace.").workspace


def _page(request, workspace: "Workspace", *, status: int = 200, **forms_) -> HttpResponse:
    context = {
        "workspace": workspace,
        "members": selectors.membership_list_for_workspace(workspace=workspace),
        "labels": selectors.label_list_for_workspace(workspace=workspace),
        "ratings": selectors.rating_list_for_workspace(workspace=workspace),
        "roles": Role.choices,
        "member_form": forms_.get("member_form") or MemberForm(),
        "label_form": forms_.get("label_form") or LabelForm(),
        "rating_form": forms_.get("rating_form") or RatingForm(),
        "publishing_form": forms_.get("publishing_form")
        or PublishingForm(initial={"publish_fact_checks": workspace.publish_fact_checks}),
    }
    return render(request, "annotations/workspace_settings.html", context, status=status)


@login_required
def workspace_settings(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _workspace_for_admin(request, slug))


def _submit(request, slug: str, form_class, key: str, action, done: str) -> HttpResponse:
    """Validate the form, run the service, and answer with a redirect or the page with errors."""
    workspace = _workspace_for_admin(request, slug)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(workspace, form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("annotations:workspace-settings", slug=slug)
    return _page(request, workspace, status=400, **{key: form})


@login_required
@require_POST
def member_change(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, MemberForm, "member_form",
                   lambda ws, d: services.membership_change(workspace=ws, username=d["username"], role=d["role"],
                                                            by=request.user),
                   "Member saved.")


@login_required
@require_POST
def label_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, LabelForm, "label_form",
                   lambda ws, d: services.label_create(workspace=ws, by=request.user, **d), "Tag added.")


@login_required
@require_POST
def rating_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, RatingForm, "rating_form",
                   lambda ws, d: services.rating_create(workspace=ws, by=request.user, **d), "Verdict added.")


@login_required
@require_POST
def publishing_set(request: HttpRequest, slug: str) -> HttpResponse:
    return _submit(request, slug, PublishingForm, "publishing_form",
                   lambda ws, d: services.workspace_publishing_set(workspace=ws, enabled=d["publish_fact_checks"],
                                                                   by=request.user),
                   "Public fact checks saved.")


def _delete(request, slug: str, action) -> HttpResponse:
    workspace = _workspace_for_admin(request, slug)
    try:
        message = action(workspace)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect("annotations:workspace-settings", slug=workspace.slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def remove(workspace):
        services.membership_remove(membership=selectors.membership_get_in_workspace(workspace=workspace, pk=pk),
                                   by=request.user)
        return "Member removed; their work stays."

    return _delete(request, slug, remove)


@login_required
@require_POST
def label_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def remove(workspace):
        services.label_delete(label=selectors.label_get_in_workspace(workspace=workspace, pk=pk), by=request.user)
        return "Tag deleted."

    return _delete(request, slug, remove)


@login_required
@require_POST
def rating_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def remove(workspace):
        services.rating_delete(rating=selectors.rating_get_in_workspace(workspace=workspace, pk=pk), by=request.user)
        return "Verdict deleted."

    return _delete(request, slug, remove)
