"""HTML pages. Each view gets its objects through a selector that checks membership."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    articles = list(selectors.article_list_for_user(user=request.user))
    memberships = list(selectors.membership_list_for_user(user=request.user))
    reviewing = {m.workspace_id for m in memberships if m.can_review()}
    context = {
        "articles": articles,
        "memberships": memberships,
        "can_review": bool(reviewing),
        "queue_size": selectors.annotation_queue_size(articles=articles, reviewing_workspace_ids=reviewing),
        "sent_back": list(selectors.annotation_list_sent_back(user=request.user)),
    }
    return render(request, "annotations/home.html", context)
