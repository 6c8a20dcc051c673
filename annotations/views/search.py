"""The results page of the header's search box: matches of each kind, grouped, best first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.forms import SearchForm
from annotations.selectors import search

# The page shows this many matches of each kind, or of the one kind chosen.
PER_KIND = 10
ONE_KIND = 50


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    roles, workspaces = search.search_scope(user=request.user)
    if "q" not in request.GET:
        form = SearchForm(roles=roles, workspaces=workspaces)
        return render(request, "annotations/search.html", {"form": form, "groups": None})
    form = SearchForm(request.GET, roles=roles, workspaces=workspaces)
    if not form.is_valid():
        return render(request, "annotations/search.html", {"form": form, "groups": None}, status=400)
    kinds = form.kinds()
    limit = ONE_KIND if len(kinds) == 1 else PER_KIND
    groups = []
    for kind in kinds:
        rows = list(search.search_kind(user=request.user, roles=form.searched_roles(), kind=kind,
                                       q=form.cleaned_data["q"], filters=form.filters())[:limit])
        groups.append({
            "kind": kind, "label": search.KIND_LABELS[kind],
            "results": [{"title": search.search_title(kind, row), "link": search.search_link(kind, row),
                         "snippet": search.snippet_html(row.snippet), "row": row} for row in rows],
        })
    return render(request, "annotations/search.html", {
        "form": form, "groups": groups, "found": sum(len(g["results"]) for g in groups), "limit": limit,
    })
