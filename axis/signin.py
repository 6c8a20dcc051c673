"""Sign-in throttling with django-axes: what a locked-out person sees, and whose address counts."""

import os

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT = ("Too many failed sign-ins for this account or from this address. Try again in {minutes} "
              "minutes, or ask a site administrator to unlock the account.")
# The peers allowed to say who the client is: those gunicorn trusts with X-Forwarded-Proto
# (deploy/gunicorn.conf.py), by default the local proxy of deploy/nginx-axis.conf.
LOCAL_PROXIES = "127.0.0.1,::1"


class SigninThrottleBackend(AxesStandaloneBackend):
    """django-axes' check of each sign-in. A call with no request (a shell, the test client's
    login()) comes from no address and is not counted; axes itself would refuse it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def signin_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Answer a locked-out sign-in with the sign-in page itself and the reason on the form (429)."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(None, LOCKED_OUT.format(minutes=minutes))
    context = {"form": form, "next": request.POST.get("next", request.GET.get("next", ""))}
    return render(request, "registration/login.html", context, status=429)


def client_address(request: HttpRequest) -> str:
    """Return the address a sign-in comes from. Behind a trusted proxy, that is the last
    X-Forwarded-For entry (the one nginx appends); anything before it the client wrote itself."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    trusted = {ip.strip() for ip in os.environ.get("AXIS_FORWARDED_ALLOW_IPS", LOCAL_PROXIES).split(",")}
    if forwarded and ("*" in trusted or peer in trusted):
        return forwarded.rsplit(",", 1)[-1].strip() or peer
    return peer
