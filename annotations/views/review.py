"""The review page of an article and the actions a reviewer takes on it.

Every action answers a fetch from static/annotations/js/review.js (header
X-Axis-Fragment) with the re-rendered side panel, and a plain form post with a
redirect back to the page, so the page works without JavaScript too.
"""
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations import access, selectors, services
from annotations.choices import AnnotationState, Role
from annotations.forms import (
    AnnotationCreateForm,
    AnnotationEditForm,
    EvidenceForm,
    TargetField,
    add_service_error,
    resolve_target,
)
from annotations.graphemes import grapheme_snap
from annotations.views.fragments import review_fragments

if TYPE_CHECKING:
    from annotations.models import Annotation, Article, Membership

FRAGMENT_HEADER = "X-Axis-Fragment"
# The overview lists this many annotations at a time; the state filter narrows it.
ANNOTATION_LIST_LIMIT = 200


def _target_key(annotation: "Annotation") -> str:
    if annotation.claim_id:
        return _key(("claim", annotation.claim_id))
    if annotation.quote_id:
        return _key(("quote", annotation.quote_id))
    return _key(("span", (annotation.start, annotation.end)))


def _parse_target(raw: str | None) -> tuple | None:
    if not raw:
        return None
    try:
        return TargetField().clean(raw)
    except ValidationError:
        return None


def _panel_context(request, article: "Article", membership: "Membership", target: tuple | None, *,
                   create_form=None, new_evidence_form=None, edit_forms=None, evidence_forms=None,
                   conflict=None) -> dict:
    """Return what the side panel needs for one target, or for none (then it reads nothing).

    The forms passed in are re-rendered as they were posted, so an error or a conflict
    keeps everything typed or ticked.
    """
    selected = None
    if target is not None:
        kind, value = target
        if kind == "claim":
            selected = next(iter(selectors.claims_for_review(article=article, pk=value)), None)
        elif kind == "quote":
            selected = selectors.quotes_for_review(article=article).filter(pk=value).first()
        elif 0 <= value[0] < value[1] <= len(article.clean_text):
            # As the service will store it: no half characters at either end.
            value = grapheme_snap(article.clean_text, *value)
            target = ("span", value)
            selected = {"start": value[0], "end": value[1], "text": article.clean_text[value[0]:value[1]]}
    context = {
        "article": article,
        "membership": membership,
        "can_annotate": access.allows(membership, Role.ANNOTATING),
        "target": None,
        "create_form": create_form,
        "new_evidence_form": new_evidence_form or EvidenceForm(prefix="new"),
    }
    if selected is None:
        return context
    labels, ratings = selectors.labels_and_ratings(workspace_id=article.workspace_id)
    visible = selectors.annotation_visible_to(user=request.user, membership=membership)
    on_target = list(selectors.annotations_for_review(article=article, visible=visible)
                     .filter(selectors.target_filter(target)))
    edit_forms = edit_forms or {}
    evidence_forms = evidence_forms or {}
    for annotation in on_target:
        annotation.proposal = selectors.correction_proposal(annotation)
        annotation.editable = annotation.editable_by(request.user)
        annotation.edit_form = edit_forms.get(annotation.pk) or AnnotationEditForm(
            labels=labels, ratings=ratings, prefix=f"a{annotation.pk}",
            initial={"tags": [t.pk for t in annotation.tags.all()], "verdict": annotation.verdict_id,
                     "note": annotation.note, "version": annotation.version},
        )
        annotation.evidence_form = evidence_forms.get(annotation.pk) or EvidenceForm(prefix=f"e{annotation.pk}")
    key = _key(target)
    if create_form is None:
        create_form = AnnotationCreateForm(workspace_id=article.workspace_id, labels=labels, ratings=ratings,
                                           initial={"target": key})
    # Choosing a speaker is offered for quotes and spans only.
    speaker_choice = context["can_annotate"] and target[0] in ("quote", "span")
    # A refused correction comes back in its own form, with the speaker typed.
    kept = {create_form.data.get("correction"): create_form} if create_form.is_bound else {}
    return context | {
        "kept_correction": kept,
        "target": target,
        "target_key": key,
        "selected": selected,
        "on_target": on_target,
        "create_form": create_form,
        "conflict": conflict,
        "sources": selectors.sources_for_article(article=article) if speaker_choice else [],
        "split_choices": selectors.claim_split_choices(claim=selected) if target[0] == "claim" else [],
    }


def _key(target: tuple) -> str:
    kind, value = target
    return f"span:{value[0]}-{value[1]}" if kind == "span" else f"{kind}:{value}"


def _choices(workspace_id: int) -> dict:
    labels, ratings = selectors.labels_and_ratings(workspace_id=workspace_id)
    return {"labels": labels, "ratings": ratings}


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    return _render_page(request, article, membership, target=_parse_target(request.GET.get("target")))


def _render_page(request, article, membership, *, target, status=200, **panel):
    context = _panel_context(request, article, membership, target, **panel)
    visible = selectors.annotation_visible_to(user=request.user, membership=membership)
    counts, spans = selectors.annotation_overview(article=article, visible=visible)
    claims = selectors.claims_summary(article=article)
    quotes = list(selectors.quotes_for_review(article=article))
    speakers: dict[str, int] = {}
    live_quotes = [q for q in quotes if q.state != q.State.REJECTED]
    for quote in live_quotes:
        speakers[quote.source.name] = speakers.get(quote.source.name, 0) + 1
    text_html, claim_list_html = review_fragments(article, claims=claims, quotes=quotes, spans=spans)
    context |= {
        "text_html": text_html,
        "claim_count": claims.count,
        "claim_list_html": claim_list_html,
        "quotes": live_quotes,
        "annotation_total": sum(counts.values()),
        "state_counts": [(label, value, counts.get(value, 0)) for value, label in AnnotationState.choices],
        "speakers": sorted(speakers.items()),
        "without_verdict": claims.without_verdict,
    }
    return render(request, "annotations/review.html", context, status=status)


@login_required
def review_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the side panel for ?target=…, for the page's script to swap in."""
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    target = _parse_target(request.GET.get("target"))
    if request.GET.get("target") and target is None:
        return HttpResponse("Choose a claim or a quote, or select some text.", status=400)
    context = _panel_context(request, article, membership, target)
    return render(request, "annotations/review.html#panel", context)


@login_required
def annotation_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the overview's list of annotations, newest first, optionally in one state."""
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    visible = selectors.annotation_visible_to(user=request.user, membership=membership)
    annotations = selectors.annotations_for_review(article=article, visible=visible).order_by("-updated", "-id")
    state = request.GET.get("state", "")
    if state in AnnotationState.values:
        annotations = annotations.filter(state=state)
    total = annotations.count()
    annotations = list(annotations[:ANNOTATION_LIST_LIMIT])
    for annotation in annotations:
        annotation.target_key = _target_key(annotation)
    return render(request, "annotations/review.html#annotation-list",
                  {"article": article, "annotations": annotations, "total": total})


def _respond(request, pk: int, target_key: str, *, status: int, message: str = "", **panel) -> HttpResponse:
    """Answer an action: the re-rendered panel for a fetch, a redirect or the page for a form post."""
    fragment = request.headers.get(FRAGMENT_HEADER) == "1"
    if status < 400 and not fragment:
        if message:
            messages.success(request, message)
        return redirect(f"{reverse('annotations:article-detail', args=[pk])}?target={target_key}")
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    target = _parse_target(target_key)
    if not fragment:
        if message:
            messages.error(request, message)
        return _render_page(request, article, membership, target=target, status=status, **panel)
    context = _panel_context(request, article, membership, target, **panel)
    context |= {"flash": message, "flash_error": status >= 400}
    return render(request, "annotations/review.html#panel", context, status=status)


def _annotation(request, article_pk: int, annotation_pk: int) -> "Annotation":
    article, membership = selectors.article_get_for_user(user=request.user, pk=article_pk)
    visible = selectors.annotation_visible_to(user=request.user, membership=membership)
    annotation = selectors.annotation_get_for_review(article=article, visible=visible, pk=annotation_pk)
    if annotation is None:
        raise Http404("No such annotation.")
    return annotation


@login_required
@require_POST
def annotation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    article, _ = selectors.article_get_for_user(user=request.user, pk=pk)
    form = AnnotationCreateForm(request.POST, workspace_id=article.workspace_id, **_choices(article.workspace_id))
    # The evidence row is optional: it is checked and attached only when a link is given,
    # but re-rendered as typed in any case.
    posted_evidence = EvidenceForm(request.POST, prefix="new")
    evidence_form = posted_evidence if request.POST.get("new-url") else None
    target_key = request.POST.get("target", "")
    if not form.is_valid() or (evidence_form is not None and not evidence_form.is_valid()):
        if evidence_form is not None:
            for field, errors in evidence_form.errors.items():
                form.add_error(None, f"Evidence {field}: {' '.join(errors)}")
        return _respond(request, pk, target_key, status=400, create_form=form, new_evidence_form=posted_evidence)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            annotation = services.annotation_create(
                article=article, by=request.user, **resolve_target(article, data["target"]),
                tags=data["tags"], verdict=data["verdict"], note=data["note"],
                correction=data["correction"], correction_data=form.correction_data(),
                evidence=[evidence_form.cleaned_data] if evidence_form is not None else [],
            )
    except ValidationError as exc:
        add_service_error(form, exc)
        return _respond(request, pk, target_key, status=400, create_form=form, new_evidence_form=posted_evidence)
    return _respond(request, pk, _target_key(annotation), status=201, message="Saved as a draft.")


@login_required
@require_POST
def annotation_edit(request: HttpRequest, pk: int, annotation_pk: int) -> HttpResponse:
    annotation = _annotation(request, pk, annotation_pk)
    choices = _choices(annotation.article.workspace_id)
    form = AnnotationEditForm(request.POST, prefix=f"a{annotation.pk}", **choices)
    key = _target_key(annotation)
    if not form.is_valid():
        return _respond(request, pk, key, status=400, edit_forms={annotation.pk: form})
    data = form.cleaned_data
    try:
        services.annotation_update(annotation=annotation, by=request.user, version=data["version"],
                                   tags=data["tags"], verdict=data["verdict"], note=data["note"])
    except services.VersionConflict as conflict:
        # Keep what the reviewer typed, now against the newer version, so saving again is a choice.
        kept = AnnotationEditForm(
            prefix=f"a{annotation.pk}", **choices,
            initial={"tags": [label.pk for label in data["tags"]],
                     "verdict": data["verdict"].pk if data["verdict"] else None,
                     "note": data["note"], "version": conflict.current.version},
        )
        return _respond(request, pk, key, status=409, edit_forms={annotation.pk: kept},
                        conflict={"annotation": conflict.current, "message": services.STALE_VERSION})
    except ValidationError as exc:
        add_service_error(form, exc)
        return _respond(request, pk, key, status=400, edit_forms={annotation.pk: form})
    return _respond(request, pk, key, status=200, message="Saved.")


@login_required
@require_POST
def annotation_submit_view(request: HttpRequest, pk: int, annotation_pk: int) -> HttpResponse:
    annotation = _annotation(request, pk, annotation_pk)
    key = _target_key(annotation)
    try:
        services.annotation_submit(annotation=annotation, by=request.user)
    except ValidationError as exc:
        return _respond(request, pk, key, status=400, message=" ".join(exc.messages))
    return _respond(request, pk, key, status=200, message="Submitted for review.")


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, annotation_pk: int) -> HttpResponse:
    annotation = _annotation(request, pk, annotation_pk)
    key = _target_key(annotation)
    form = EvidenceForm(request.POST, prefix=f"e{annotation.pk}")
    if form.is_valid():
        try:
            services.evidence_attach(annotation=annotation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
    if form.errors:
        return _respond(request, pk, key, status=400, evidence_forms={annotation.pk: form})
    return _respond(request, pk, key, status=201, message="Evidence attached.")
