"""Refuse a NUL character in a request's path, query string or form fields before any view
reads them: PostgreSQL stores no NUL in text, so a filter on one would fail in the database."""

from django.http import HttpRequest, HttpResponse, JsonResponse

from annotations.input_checks import NUL, NUL_REFUSED, first_nul


def _refused(request: HttpRequest, name: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({name: [NUL_REFUSED]}, status=400)
    return HttpResponse(f"{name}: {NUL_REFUSED}\n", status=400, content_type="text/plain; charset=utf-8")


class RefuseNulMiddleware:
    """Answer 400 naming the parameter (or `path`) that holds a NUL; JSON bodies are checked by
    the API's parser (annotations/api/parsers.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            return _refused(request, "path")
        name = first_nul(_pairs(request.GET))
        if name is None and request.method == "POST" and request.content_type in FORM_TYPES:
            name = first_nul(_pairs(request.POST))
        if name is not None:
            return _refused(request, name)
        return self.get_response(request)


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _pairs(query):
    return ((name, value) for name, values in query.lists() for value in values if isinstance(value, str))
