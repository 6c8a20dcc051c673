"""HTML pages. Each view gets its objects through a selector that checks membership."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    articles = list(selectors.article_list_for_user(user=request.user))
    memberships = list(selectors.membership_list_for_user(user=request.user))
    return render(request, "annotations/home.html", {"articles": articles, "memberships": memberships})


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article, membership = selectors.article_get_for_user(user=request.user, pk=pk)
    context = {
        "article": article,
        "membership": membership,
        "claims": list(selectors.claim_list_for_article(article=article)),
        "quotes": list(selectors.quote_list_for_article(article=article)),
    }
    return render(request, "annotations/article_detail.html", context)
