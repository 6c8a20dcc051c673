"""HTML pages. Each view gets its objects through a selector that checks membership."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from annotations import access, selectors, services
from annotations.choices import ArticleStatus, Role
from annotations.forms import ArticleAddForm, add_service_error
from annotations.views.fragments import cached_fragments

# An archive import brings thousands: the list shows a page of them, newest first.
ARTICLES_PER_PAGE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "")[:200]
    memberships = list(selectors.membership_list_for_user(user=request.user))
    # A cursor that is not one (edited by hand, cut short) shows the newest page.
    cursor = (selectors.ArticleCursor.parse(request.GET.get("older"), newer=False)
              or selectors.ArticleCursor.parse(request.GET.get("newer"), newer=True))
    page = selectors.article_page_for_user(user=request.user, memberships=memberships, title=title, cursor=cursor,
                                           size=ARTICLES_PER_PAGE)
    rows = _article_rows_html(page)
    context = {
        "rows_html": rows.html,
        "shown": rows.shown,
        "newer": rows.newer,
        "older": rows.older,
        "paged": cursor is not None,
        "title": title,
        "memberships": memberships,
        "can_review": any(access.allows(m, Role.REVIEWING) for m in memberships),
        "can_add": any(access.allows(m, Role.ANNOTATING) for m in memberships),
        "queue_size": selectors.annotation_queue_size(user=request.user, memberships=memberships),
        "sent_back": selectors.annotation_list_sent_back(user=request.user),
        "pending_analysis": rows.pending,
    }
    return render(request, "annotations/home.html", context)


@dataclass(frozen=True)
class _ArticleRows:
    html: SafeString
    shown: int  # how many articles the page shows
    newer: str | None  # the cursor of the page before, if there is one
    older: str | None  # the cursor of the page after
    pending: bool  # whether any awaits analysis


def _article_rows_html(page: selectors.ArticlePage) -> _ArticleRows:
    """Return the page's table of articles as HTML, with the cursors of the pages either side.

    From the fragment cache when the same rows were shown before: its key is the
    digest of everything they show, read in one query (`selectors.article_page_summary`),
    so nothing is stale and a cached page reads no articles. What is built is stored
    with the cursors of its first and last rows (their created and id are part of the digest).
    """
    summary = selectors.article_page_summary(page)

    def build() -> tuple[str, tuple[str, str, str]]:
        read = list(page.rows)
        articles = page.shown(read)
        html = render_to_string("annotations/home.html#article-rows", {"articles": articles})
        first, last = ((selectors.ArticleCursor.of(articles[0]), selectors.ArticleCursor.of(articles[-1]))
                       if articles else ("", ""))
        return selectors.rows_digest(a.row_digest for a in read), (html, first, last)

    html, first, last = cached_fragments("article-page", summary.digest, build)
    return _ArticleRows(
        html=html, shown=min(summary.count, page.size), pending=summary.pending,
        newer=str(first) if first and page.has_newer(summary.count) else None,
        older=str(last) if last and page.has_older(summary.count) else None,
    )


@login_required
def article_add(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article; it is queued for analysis and opens in the review page, which shows progress."""
    workspaces = access.workspaces_where(user=request.user, may=Role.ANNOTATING)
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
    article = selectors.article_status_get(user=request.user, pk=pk)
    if article is None:
        raise Http404("No such article.")
    response = JsonResponse({
        "status": article.status,
        "label": article.get_status_display(),
        "error": article.analysis_error,
        "done": article.status not in ArticleStatus.PENDING,
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def article_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed analysis again and go back to the review page."""
    article, _ = selectors.article_get_for_user(user=request.user, pk=pk)
    try:
        services.article_retry(article=article, by=request.user)
    except access.Refused:
        raise  # the service's word on the role: 403
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("annotations:article-detail", pk=pk)
    messages.success(request, "The analysis is queued again.")
    return redirect("annotations:article-detail", pk=pk)
