"""The signed-in person's own settings: personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import selectors, services


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    rows = selectors.token_list_for_user(user=request.user)
    # The new token is shown once, on the page right after it was made, and never stored in clear.
    new_token = request.session.pop("new_token", None)
    return render(request, "annotations/tokens.html", {"tokens": rows, "new_token": new_token})


@login_required
@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    try:
        _, token = services.token_create(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict["token"]))
        return redirect("annotations:tokens")
    request.session["new_token"] = token
    return redirect("annotations:tokens")


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_key: str) -> HttpResponse:
    if services.token_revoke(user=request.user, token_key=token_key):
        messages.success(request, "Token revoked: it no longer opens the API.")
    else:
        messages.error(request, "No such token.")
    return redirect("annotations:tokens")
