"""OpenAPI schema: every operation also lists the errors it can answer."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from annotations.api.serializers import ErrorSerializer

ERRORS = {
    "400": "Invalid input: each offending field is named with its messages.",
    "401": "No valid session or token.",
    "403": "Your role in this workspace does not allow this.",
    "404": "No such object among your workspaces (or, on a list, an invalid cursor).",
}


class AxisAutoSchema(AutoSchema):
    def get_description(self) -> str:
        # drf-spectacular falls back on the view's docstring, inherited from any base class:
        # CallerMixin's note on roles became the description of 20 operations. Docstrings
        # are for the code's readers; an operation's description is written in extend_schema.
        return ""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        # 404 also answers a list's stale cursor and a write naming an object you cannot see.
        codes = ["401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            codes.append("400")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=ERRORS[code]), code, direction=direction
                )
        return responses


class AxisFilterExtension(DjangoFilterExtension):
    """A filter's help_text describes its parameter, also when its type is given by extend_schema_field."""

    priority = 1  # before drf-spectacular's own extension

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            if not parameter.get("description") and filter_field.extra.get("help_text"):
                parameter["description"] = filter_field.extra["help_text"]
        return parameters
