"""The editor's queue, review decisions, an annotation's history and the audit trail."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import access, selectors, services
from annotations.choices import Decision, Role
from annotations.exports import audit as audit_csv
from annotations.forms import (
    VERSION_MISSING,
    AuditFilterForm,
    DecisionForm,
    QueueFilterForm,
    add_service_error,
    queue_url,
)
from annotations.selectors.editorial import Snippet

if TYPE_CHECKING:
    from annotations.models import Annotation, AuditEvent, Membership, ReviewDecision

QUEUE_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
NOT_AN_EDITOR = "The queue and the audit trail are for editors and admins."
NOTHING_SELECTED = "Select at least one annotation to approve."
NO_LONGER_QUEUED = "It is no longer awaiting review."
BULK_REFUSED = "Not approved {n}: each is shown below with the reason."
# Sent by queue.js: answer with the item's HTML instead of a redirect.
FRAGMENT_HEADER = "X-Axis-Fragment"

_DECIDED_MESSAGE = {
    Decision.APPROVE: "Approved #{pk} (version {v}).",
    Decision.REJECT: "Rejected #{pk}; {author} will see your comment.",
    Decision.REQUEST_CHANGES: "Sent #{pk} back to {author} with your comment.",
}


@dataclass
class QueueItem:
    annotation: "Annotation"
    own: bool
    form: DecisionForm | None = None
    result: "ReviewDecision | None" = None
    # What changed since the version the editor read, when a decision was refused for it.
    changes: list[str] = field(default_factory=list)

    @property
    def snippet(self) -> Snippet:
        return selectors.annotation_snippet(self.annotation)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return selectors.annotation_kinds(self.annotation)

    @property
    def proposal(self) -> selectors.Proposal | None:
        return selectors.correction_proposal(self.annotation)


def _reviewing_memberships(user: AbstractBaseUser) -> "list[Membership]":
    """Return the user's editor and admin memberships, or refuse with 403."""
    memberships = selectors.membership_list_reviewing(user=user)
    if not memberships:
        raise PermissionDenied(NOT_AN_EDITOR)
    return memberships


def _queue_context(
    request: HttpRequest, memberships: "list[Membership]", query: QueryDict, failed: dict[int, QueueItem] | None = None
) -> dict:
    filters = QueueFilterForm(query)
    filters.is_valid()
    chosen = {name: value for name, value in filters.cleaned_data.items() if value}
    facets = selectors.annotation_queue_facets(user=request.user, memberships=memberships)
    queue = selectors.annotation_list_for_queue(user=request.user, memberships=memberships, **chosen)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(query.get("page"))
    failed = failed or {}
    items = [
        QueueItem(annotation, own=annotation.author_id == request.user.pk, form=failed[annotation.pk].form,
                  changes=failed[annotation.pk].changes)
        if annotation.pk in failed else QueueItem(annotation, own=annotation.author_id == request.user.pk)
        for annotation in page
    ]
    return {
        "memberships": memberships,
        "facets": facets,
        "filters": chosen,
        "page": page,
        "items": items,
        "query": query,
        "next_url": f"{reverse('annotations:queue')}?{query.urlencode()}" if query else reverse("annotations:queue"),
    }


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    memberships = _reviewing_memberships(request.user)
    return render(request, "annotations/queue.html", _queue_context(request, memberships, request.GET))


@require_POST
@login_required
def annotation_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    annotation, membership = selectors.annotation_get_for_user(user=request.user, pk=pk)
    # Before the form is read, so a post that is not an editor's is a 403 whatever it holds.
    access.require_role(membership, may=Role.REVIEWING, message=services.ONLY_EDITORS_DECIDE)
    fragment = request.headers.get(FRAGMENT_HEADER) == "queue-item"
    form = DecisionForm(request.POST)
    changes = []
    if form.is_valid():
        read = form.cleaned_data["version"]
        try:
            review = services.annotation_decide(
                annotation=annotation, by=request.user,
                decision=form.cleaned_data["decision"], comment=form.cleaned_data["comment"],
                version=read,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            changes = _changes_since_read(exc, read)
        else:
            item = QueueItem(annotation, own=False, result=review)
            if fragment:
                return _render_item(request, item, form)
            messages.success(request, _DECIDED_MESSAGE[review.decision].format(
                pk=annotation.pk, v=review.annotation_version, author=annotation.author.get_username()))
            return redirect(form.cleaned_data["next"])
    next_url = form.cleaned_data.get("next") or reverse("annotations:queue")
    # Read again: the refusal may be because another editor decided meanwhile.
    annotation, _ = selectors.annotation_get_for_user(user=request.user, pk=pk)
    failed = QueueItem(annotation, own=annotation.author_id == request.user.pk, form=form, changes=changes)
    if fragment:
        return _render_item(request, failed, form, status=400)
    query = QueryDict(urlsplit(next_url).query)
    context = _queue_context(request, _reviewing_memberships(request.user), query, failed={annotation.pk: failed})
    if not any(item.form is form for item in context["items"]):
        # Decided by someone else or filtered out: there is no form to show the error on.
        messages.error(request, f"#{annotation.pk}: " + " ".join(_form_messages(form)))
        return redirect(next_url)
    return render(request, "annotations/queue.html", context, status=400)


def _changes_since_read(exc: ValidationError, version: int | None) -> list[str]:
    """Return what changed since the version read, when `exc` refused a decision for that version."""
    if not isinstance(exc, services.VersionConflict) or version is None:
        return []
    return selectors.annotation_changes_since(annotation=exc.current, version=version)


def _form_messages(form: forms.Form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _render_item(request: HttpRequest, item: QueueItem, form: DecisionForm, status: int = 200) -> HttpResponse:
    context = {"item": item, "next_url": form.cleaned_data.get("next") or reverse("annotations:queue")}
    return render(request, "annotations/queue.html#queue-item", context, status=status)


def _bulk_pairs(values: list[str]) -> dict[int, int | None]:
    """Read the "id:version" pairs the queue's checkboxes post; an id alone has no version."""
    pairs: dict[int, int | None] = {}
    for value in values:
        pk, _, version = value.partition(":")
        if pk.isdigit():
            pairs[int(pk)] = int(version) if version.isdigit() else None
    return pairs


def _refused_form(version: int | None, next_url: str, error: ValidationError) -> DecisionForm:
    """Return an approval form for a queue item that carries the refusal of its bulk approval."""
    form = DecisionForm({"decision": Decision.APPROVE, "version": version or "", "next": next_url})
    if form.is_valid():
        add_service_error(form, error)
    return form


@require_POST
@login_required
def queue_approve(request: HttpRequest) -> HttpResponse:
    """Approve the selected items, each at the version the editor read; show each refusal on its item."""
    memberships = _reviewing_memberships(request.user)
    next_url = queue_url(request.POST.get("next", ""))
    pairs = _bulk_pairs(request.POST.getlist("items"))
    if not pairs:
        messages.error(request, NOTHING_SELECTED)
        return redirect(next_url)
    queued = {annotation.pk: annotation for annotation in selectors.annotation_list_for_queue(
        user=request.user, memberships=memberships, pks=list(pairs))}
    outcomes = services.annotation_approve_many(
        items=[(queued[pk], version) for pk, version in sorted(pairs.items())
               if pk in queued and version is not None],
        by=request.user)
    approved = [outcome for outcome in outcomes if outcome.decision is not None]
    refused = {outcome.annotation.pk: (outcome.version, outcome.error) for outcome in outcomes if outcome.error}
    refused |= {pk: (None, ValidationError({"version": VERSION_MISSING}))
                for pk, version in pairs.items() if pk in queued and version is None}
    # Each refusal goes on its item, read afresh: a newer version is there to read and decide on in place.
    failed = {pk: QueueItem(queued[pk], own=queued[pk].author_id == request.user.pk,
                            form=_refused_form(version, next_url, error), changes=_changes_since_read(error, version))
              for pk, (version, error) in refused.items()}
    context = _queue_context(request, memberships, QueryDict(urlsplit(next_url).query), failed=failed) if failed else {}
    shown = {item.annotation.pk for item in context.get("items", []) if item.form is not None}
    # Refusals of items not on the page (filtered out, decided meanwhile) and ids not in the queue are told here.
    reasons = [f"#{pk}: {' '.join(_form_messages(failed[pk].form))}" for pk in sorted(failed) if pk not in shown]
    reasons += [f"#{pk}: {NO_LONGER_QUEUED}" for pk in sorted(pairs) if pk not in queued]
    if approved:
        messages.success(request, f"Approved {len(approved)}: "
                                  + ", ".join(f"#{o.annotation.pk} (version {o.version})" for o in approved) + ".")
    if shown:
        messages.error(request, BULK_REFUSED.format(n=len(shown)))
    if reasons:
        messages.warning(request, f"Skipped {len(reasons)}: " + "; ".join(reasons))
    if not shown:
        return redirect(next_url)
    return render(request, "annotations/queue.html", context, status=200 if approved else 400)


@login_required
def annotation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    annotation, membership = selectors.annotation_get_for_user(user=request.user, pk=pk)
    context = {
        "annotation": annotation,
        "membership": membership,
        "snippet": selectors.annotation_snippet(annotation),
        "kinds": selectors.annotation_kinds(annotation),
        "proposal": selectors.correction_proposal(annotation),
        "timeline": selectors.annotation_timeline(annotation=annotation),
        "can_decide": annotation.decidable_by(membership),
        # Publishing is for editors, and only of a verdict that was approved (views/checks.py).
        "can_publish": access.allows(membership, Role.REVIEWING) and bool((annotation.approved_snapshot or {}).get("verdict")),
        "publication": selectors.publication_for_annotation(annotation=annotation),
    }
    return render(request, "annotations/annotation_detail.html", context)


def _audit_filters(form: AuditFilterForm) -> dict:
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


@dataclass
class AuditRow:
    event: "AuditEvent"
    changes: list[tuple[str, object, object]]
    annotation_id: int | None

    @property
    def state_change(self) -> tuple[object, object] | None:
        """Return (before, after) when the event moved a state, the change most readers look for."""
        return next(((before, after) for name, before, after in self.changes if name == "state"), None)


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    memberships = _reviewing_memberships(request.user)
    workspace_ids = [m.workspace_id for m in memberships]
    form = AuditFilterForm(request.GET)
    filters = _audit_filters(form)
    events = selectors.audit_event_list(user=request.user, workspace_ids=workspace_ids, **filters)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        AuditRow(event, selectors.audit_event_changes(event), selectors.audit_event_annotation_id(event))
        for event in page
    ]
    context = {
        "form": form,
        "filters": filters,
        "options": selectors.audit_filter_options(user=request.user, workspace_ids=workspace_ids),
        "page": page,
        "rows": rows,
        "several_workspaces": len(workspace_ids) > 1,
    }
    return render(request, "annotations/audit.html", context, status=400 if form.errors else 200)


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    memberships = _reviewing_memberships(request.user)
    form = AuditFilterForm(request.GET)
    filters = _audit_filters(form)
    if form.errors:
        return audit(request)
    events = selectors.audit_event_list(user=request.user, workspace_ids=[m.workspace_id for m in memberships], **filters)
    response = StreamingHttpResponse(audit_csv.render(events), content_type=audit_csv.MEDIA_TYPE)
    filename = f"axis-audit-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
