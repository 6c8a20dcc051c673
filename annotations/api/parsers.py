"""The API's JSON parsers: a body PostgreSQL could not store, or too deep to walk, is a 400."""

from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from annotations.input_checks import TOO_DEEP, json_problem


class CheckedJSONParser(JSONParser):
    """JSON, refused with 400 naming the field when it holds a NUL character (PostgreSQL keeps
    none in text or jsonb) or is nested deeper than any document Axis reads."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ValidationError({"body": [TOO_DEEP]}) from None
        problem = json_problem(data)
        if problem is not None:
            field, message = problem
            raise exceptions.ValidationError({field: [message]})
        return data


class CheckedJSONLDParser(CheckedJSONParser):
    media_type = "application/ld+json"
