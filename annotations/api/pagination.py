import math
from base64 import b64decode

from django.core.exceptions import FieldDoesNotExist, ValidationError
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination

from annotations.input_checks import NUL, offset_is_storable

INVALID_CURSOR = "Invalid cursor: use the `next` or `previous` link of a page as it is."


class IdCursorPagination(CursorPagination):
    """Cursor pagination: pages stay stable while rows are added, and deep pages cost no OFFSET.

    A cursor is the client's to send back, so it is checked like any parameter: one that does
    not decode, or whose position is not a value of the ordering's column, is a 400 naming
    `cursor` (DRF would compare the column with it in the database, and fail there).
    """

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            if encoded is not None:
                # DRF's decoding skips what is not base64, so "%%%" would read as no cursor.
                b64decode(encoded.encode("ascii"), validate=True)
            cursor = super().decode_cursor(request)
        except (exceptions.NotFound, ValueError):
            raise exceptions.ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if cursor is not None and cursor.position is not None and not self._position_is_valid(cursor.position):
            raise exceptions.ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return cursor

    def _position_is_valid(self, position: str) -> bool:
        if NUL in position:
            return False
        try:
            field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        except FieldDoesNotExist:
            return True
        try:
            value = field.to_python(position)
            # The column's own range, e.g. a bigint's for an id.
            field.run_validators(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return False
        return not hasattr(value, "utcoffset") or offset_is_storable(value)


class RankCursorPagination(IdCursorPagination):
    """Search results, best first: the cursor's position is a match's rank (a float)."""

    ordering = ("-rank", "-id")

    def _position_is_valid(self, position: str) -> bool:
        try:
            return math.isfinite(float(position))
        except ValueError:
            return False
