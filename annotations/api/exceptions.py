"""DRF exception handler: a service's ValidationError is a 400 naming the field, a stale version a 409."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, status, views
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from annotations.services import VersionConflict


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is larger than this server accepts."
    default_code = "too_large"


def exception_handler(exc: Exception, context: dict):
    """Return DRF's response, with Django ValidationErrors as {"field": ["message"]}."""
    if isinstance(exc, VersionConflict):
        from annotations.api.serializers import AnnotationSerializer
        from annotations.selectors import annotation_current_for_api

        current = annotation_current_for_api(pk=exc.current.pk)
        body = as_serializer_error(exc) | {"current": AnnotationSerializer(current).data}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return views.exception_handler(exc, context)


def not_found(request, exception=None):
    """Answer 404 in JSON under /api/, like the API's own 404s, and with Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
