"""The editor's queue, review decisions, an annotation's history and the audit trail."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import selectors, services
from annotations.exports.csv import Echo, text_cell
from annotations.models import Annotation, AnnotationState, AuditEvent, Decision, Membership, ReviewDecision
from annotations.selectors.editorial import Kind, Snippet

QUEUE_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
NOT_AN_EDITOR = "The queue and the audit trail are for editors and admins."
NOTHING_SELECTED = "Select at least one annotation to approve."
NO_LONGER_QUEUED = "It is no longer awaiting review."
# Sent by queue.js: answer with the item's HTML instead of a redirect.
FRAGMENT_HEADER = "X-Axis-Fragment"

_DECIDED_MESSAGE = {
    Decision.APPROVE: "Approved #{pk} (version {v}).",
    Decision.REJECT: "Rejected #{pk}; {author} will see your comment.",
    Decision.REQUEST_CHANGES: "Sent #{pk} back to {author} with your comment.",
}


def _queue_url(value: str) -> str:
    """Return `value` when it is the queue page (with any filters), else the bare queue page."""
    queue = reverse("annotations:queue")
    parts = urlsplit(value)
    # Only ever back to the queue itself: anything else would make this an open redirect.
    if parts.scheme or parts.netloc or parts.path != queue:
        return queue
    return value


class QueueFilterForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1)
    reviewer = forms.IntegerField(required=False, min_value=1)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Kind.choices])
    tag = forms.IntegerField(required=False, min_value=1)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = forms.CharField(required=False, max_length=5000, strip=True)
    # The version the editor read: deciding on a newer one is refused.
    version = forms.IntegerField(required=False, min_value=1)
    # The queue page, with its filters, to go back to.
    next = forms.CharField(required=False, max_length=2000)

    def clean_next(self) -> str:
        return _queue_url(self.cleaned_data["next"])


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=60)
    actor = forms.CharField(required=False, max_length=20)
    object_type = forms.CharField(required=False, max_length=60)
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")

    def clean_actor(self) -> str:
        actor = self.cleaned_data["actor"]
        if actor and actor != "none" and not actor.isdigit():
            raise ValidationError("Choose a person from the list.")
        return actor

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date comes before the start date.")
        return data


@dataclass
class QueueItem:
    annotation: Annotation
    own: bool
    form: DecisionForm | None = None
    result: ReviewDecision | None = None

    @property
    def snippet(self) -> Snippet:
        return selectors.annotation_snippet(self.annotation)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return selectors.annotation_kinds(self.annotation)

    @property
    def proposal(self) -> selectors.Proposal | None:
        return selectors.correction_proposal(self.annotation)


def _reviewing_memberships(user: AbstractBaseUser) -> list[Membership]:
    """Return the user's editor and admin memberships, or refuse with 403."""
    memberships = selectors.membership_list_reviewing(user=user)
    if not memberships:
        raise PermissionDenied(NOT_AN_EDITOR)
    return memberships


def _add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put each message of a service's ValidationError on its field, or on the form when it names none."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, field_messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, field_messages)


def _queue_context(
    request: HttpRequest, memberships: list[Membership], query: QueryDict, failed: QueueItem | None = None
) -> dict:
    filters = QueueFilterForm(query)
    filters.is_valid()
    chosen = {name: value for name, value in filters.cleaned_data.items() if value}
    workspace_ids = [m.workspace_id for m in memberships]
    facets = selectors.annotation_queue_facets(workspace_ids=workspace_ids)
    queue = selectors.annotation_list_for_queue(workspace_ids=workspace_ids, **chosen)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(query.get("page"))
    items = []
    for annotation in page:
        if failed is not None and annotation.pk == failed.annotation.pk:
            items.append(QueueItem(annotation, own=failed.own, form=failed.form))
        else:
            items.append(QueueItem(annotation, own=annotation.author_id == request.user.pk))
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
def annotation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    annotation, membership = selectors.annotation_get_for_user(user=request.user, pk=pk)
    if not membership.can_review():
        raise PermissionDenied(services.ONLY_EDITORS_DECIDE)
    fragment = request.headers.get(FRAGMENT_HEADER) == "queue-item"
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            review = services.annotation_decide(
                annotation=annotation, by=request.user,
                decision=form.cleaned_data["decision"], comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
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
    failed = QueueItem(annotation, own=annotation.author_id == request.user.pk, form=form)
    if fragment:
        return _render_item(request, failed, form, status=400)
    query = QueryDict(urlsplit(next_url).query)
    context = _queue_context(request, _reviewing_memberships(request.user), query, failed=failed)
    if not any(item.form is form for item in context["items"]):
        # Decided by someone else or filtered out: there is no form to show the error on.
        messages.error(request, f"#{annotation.pk}: " + " ".join(_form_messages(form)))
        return redirect(next_url)
    return render(request, "annotations/queue.html", context, status=400)


def _form_messages(form: forms.Form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _render_item(request: HttpRequest, item: QueueItem, form: DecisionForm, status: int = 200) -> HttpResponse:
    context = {"item": item, "next_url": form.cleaned_data.get("next") or reverse("annotations:queue")}
    return render(request, "annotations/queue.html#queue-item", context, status=status)


@require_POST
@login_required
def queue_approve(request: HttpRequest) -> HttpResponse:
    memberships = _reviewing_memberships(request.user)
    next_url = _queue_url(request.POST.get("next", ""))
    pks = sorted({int(value) for value in request.POST.getlist("ids") if value.isdigit()})
    if not pks:
        messages.error(request, NOTHING_SELECTED)
        return redirect(next_url)
    annotations = list(selectors.annotation_list_for_queue(
        workspace_ids=[m.workspace_id for m in memberships], pks=pks))
    decisions, skipped = services.annotation_approve_many(annotations=annotations, by=request.user)
    found = {annotation.pk for annotation in annotations}
    reasons = [f"#{a.pk} by {a.author.get_username()}: {' '.join(why)}" for a, why in skipped]
    reasons += [f"#{pk}: {NO_LONGER_QUEUED}" for pk in pks if pk not in found]
    if decisions:
        approved = ", ".join(f"#{d.annotation_id}" for d in decisions)
        messages.success(request, f"Approved {len(decisions)}: {approved}.")
    if reasons:
        messages.warning(request, f"Skipped {len(reasons)}: " + "; ".join(reasons))
    return redirect(next_url)


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
        "can_decide": membership.can_review()
        and annotation.state == AnnotationState.SUBMITTED
        and annotation.author_id != request.user.pk,
    }
    return render(request, "annotations/annotation_detail.html", context)


def _audit_filters(form: AuditFilterForm) -> dict:
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


@dataclass
class AuditRow:
    event: AuditEvent
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


AUDIT_CSV_COLUMNS = ["time", "actor", "action", "object_type", "object_id", "before", "after"]


def _audit_csv_rows(events) -> Iterator[list[str]]:
    yield AUDIT_CSV_COLUMNS
    for event in events.iterator(chunk_size=2000):
        yield [
            event.created.isoformat(),
            text_cell(event.actor.get_username()) if event.actor_id else "",
            text_cell(event.action),
            text_cell(event.object_type),
            text_cell(event.object_id),
            json.dumps(event.before, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False),
            json.dumps(event.after, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False),
        ]


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    memberships = _reviewing_memberships(request.user)
    form = AuditFilterForm(request.GET)
    filters = _audit_filters(form)
    if form.errors:
        return audit(request)
    events = selectors.audit_event_list(user=request.user, workspace_ids=[m.workspace_id for m in memberships], **filters)
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _audit_csv_rows(events)), content_type="text/csv; charset=utf-8"
    )
    filename = f"axis-audit-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
