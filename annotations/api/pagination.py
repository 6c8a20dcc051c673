from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Cursor pagination: pages stay stable while rows are added, and deep pages cost no OFFSET."""

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500
