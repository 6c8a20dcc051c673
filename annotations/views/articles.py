"""HTML pages. Each view gets its objects through a selector that checks membership."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors, services
from annotations.forms import ArticleAddForm, add_service_error
from annotations.models import Article, Membership, Workspace

ANNOTATING_ROLES = [Membership.Role.REVIEWER, Membership.Role.EDITOR, Membership.Role.ADMIN]
# An archive import brings thousands: the list shows a page of them, newest first.
ARTICLES_PER_PAGE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "")[:200]
    memberships = list(selectors.membership_list_for_user(user=request.user))
    articles = selectors.article_list_for_user(user=request.user, title=title, memberships=memberships)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    rows_html, pending = _article_rows_html(page)
    reviewing = {m.workspace_id for m in memberships if m.can_review()}
    context = {
        "rows_html": rows_html,
        "page": page,
        "title": title,
        "memberships": memberships,
        "can_review": bool(reviewing),
        "can_add": any(m.role in ANNOTATING_ROLES for m in memberships),
        "queue_size": selectors.annotation_queue_size(reviewing_workspace_ids=reviewing),
        "sent_back": selectors.annotation_list_sent_back(user=request.user),
        "pending_analysis": pending,
    }
    return render(request, "annotations/home.html", context)


def _article_rows_html(page) -> tuple[SafeString, bool]:
    """Return the page's table of articles as HTML and whether any awaits analysis.

    From the cache when the same rows were shown before: the key is the digest of
    everything they show, read in one query (`selectors.article_page_summary`), so
    nothing is stale and a cached page reads no articles. What is built is stored
    under the digest of the rows it was built from.
    """
    cache = caches["fragments"]
    summary = selectors.article_page_summary(page.object_list)
    if (found := cache.get(f"article-rows:{summary.digest}")) is not None:
        return mark_safe(found), summary.pending
    articles = list(page.object_list)
    html = render_to_string("annotations/home.html#article-rows", {"articles": articles})
    cache.set(f"article-rows:{selectors.rows_digest(a.row_digest for a in articles)}", html)
    return mark_safe(html), any(a.pending for a in articles)


@login_required
def article_add(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article; it is queued for analysis and opens in the review page, which shows progress."""
    workspaces = Workspace.objects.filter(
        memberships__user=request.user, memberships__role__in=ANNOTATING_ROLES
    ).order_by("name")
    if not workspaces.exists():
        raise PermissionDenied("Fact-checkers read and export; reviewers, editors and admins add articles.")
    limit = settings.AXIS_MAX_UPLOAD_BYTES
    form = ArticleAddForm(request.POST or None, request.FILES or None, workspaces=workspaces, limit=limit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article, created = services.article_create(
                workspace=data["workspace"], raw_text=data["text"], by=request.user, title=data["title"],
                source_url=data["source_url"], byline=data["byline"], published=data["published"],
                content_type=data["content_type"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if not created:
                messages.info(request, "This article is already in the workspace; here it is.")
            elif article.status == article.Status.FAILED:
                messages.error(request, f"The article was stored but its analysis failed: {article.analysis_error}")
            return redirect("annotations:article-detail", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "annotations/article_add.html", {"form": form}, status=status)


@require_GET
def article_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the article's analysis state for static/annotations/js/status.js; 404 to non-members."""
    # No login redirect: the poller wants JSON, and a stranger learns nothing from a 404.
    if not request.user.is_authenticated:
        raise Http404("No such article.")
    article = (
        Article.objects.filter(pk=pk, workspace__memberships__user=request.user)
        .only("status", "analysis_error")
        .first()
    )
    if article is None:
        raise Http404("No such article.")
    response = JsonResponse({
        "status": article.status,
        "label": article.get_status_display(),
        "error": article.analysis_error,
        "done": article.status not in Article.Status.PENDING,
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed analysis again and go back to the review page."""
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    if not membership.can_annotate():
        raise PermissionDenied(services.ARTICLE_RETRY_FORBIDDEN)
    try:
        services.article_retry(article=article, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("annotations:article-detail", pk=pk)
    messages.success(request, "The analysis is queued again.")
    return redirect("annotations:article-detail", pk=pk)
