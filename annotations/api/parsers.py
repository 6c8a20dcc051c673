"""The API's JSON parsers: a body PostgreSQL could not store, or too deep to walk, is a 400."""

import codecs

from rest_framework import exceptions
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json as drf_json

from annotations.input_checks import TOO_DEEP, json_problem, json_text_too_deep


class CheckedJSONParser(JSONParser):
    """JSON, refused with 400 naming the field when it holds a NUL character (PostgreSQL keeps
    none in text or jsonb) or is nested deeper than any document Axis reads."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (LookupError, UnicodeError) as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        if json_text_too_deep(text):
            raise exceptions.ValidationError({"body": [TOO_DEEP]})
        try:
            data = drf_json.loads(text, parse_constant=drf_json.strict_constant if self.strict else None)
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        except RecursionError:
            raise exceptions.ValidationError({"body": [TOO_DEEP]}) from None
        problem = json_problem(data)
        if problem is not None:
            field, message = problem
            raise exceptions.ValidationError({field: [message]})
        return data


class CheckedJSONLDParser(CheckedJSONParser):
    media_type = "application/ld+json"
