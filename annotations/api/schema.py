"""OpenAPI schema: every operation also lists the errors it can answer."""

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
