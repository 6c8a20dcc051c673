"""DRF exception handler that turns Django ValidationErrors into 400s naming the field."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions, views
from rest_framework.serializers import as_serializer_error


def exception_handler(exc: Exception, context: dict):
    """Return DRF's response, with a service's ValidationError as {"field": ["message"]}."""
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return views.exception_handler(exc, context)
