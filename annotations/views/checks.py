"""Public fact checks: pages anyone can read, and the editor's publish and unpublish actions.

A public page exists only while the workspace publishes fact checks (its admin's
switch) and an editor has published that approved verdict; otherwise its
address answers 404, the same as one that never existed.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors, services
from annotations.exports import claimreview
from annotations.exports.stream import export_context
from annotations.selectors.exports import ExportScope, export_records

CHECKS_PAGE_SIZE = 50


@require_GET
def check_list(request: HttpRequest, slug: str) -> HttpResponse:
    """List the workspace's published fact checks, newest first."""
    workspace = selectors.public_workspace_get(slug=slug)
    page = Paginator(selectors.public_check_list(workspace=workspace), CHECKS_PAGE_SIZE).get_page(
        request.GET.get("page"))
    records = list(export_records(page.object_list, all_states=False))
    return render(request, "annotations/check_list.html", {"workspace": workspace, "page": page,
                                                           "records": records})


@require_GET
def check_detail(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    """Show one published fact check, with its ClaimReview JSON-LD as search engines read it."""
    workspace = selectors.public_workspace_get(slug=slug)
    record = selectors.public_check_get(workspace=workspace, public_id=public_id)
    context = export_context(scope=ExportScope(workspace=workspace), absolute=request.build_absolute_uri)
    return render(request, "annotations/check_detail.html", {
        "workspace": workspace,
        "record": record,
        "context": context,
        "claimreview": claimreview.review(record, context),
    })


def _publication_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    annotation, _ = selectors.annotation_get_for_user(user=request.user, pk=pk)
    try:
        action(annotation=annotation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("annotations:annotation-detail", pk=annotation.pk)


@login_required
@require_POST
def publication_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _publication_action(request, pk, services.publication_publish, "Published: the fact check has a public page.")


@login_required
@require_POST
def publication_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _publication_action(request, pk, services.publication_unpublish,
                               "Unpublished: its public page answers “not found”.")
