"""Checks on input that PostgreSQL or Python would otherwise fail on with a server error: each is
made once, where the input comes in, and answers 400 naming the parameter."""

import re
from datetime import datetime, timedelta

NUL = "\x00"
NUL_REFUSED = "Null characters are not allowed."
# PostgreSQL stores a time's UTC offset only within ±15:59 ("time zone displacement out of range").
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)
OFFSET_REFUSED = "The UTC offset must be between -15:59 and +15:59."
# Deeper than any document Axis reads (a Web Annotation collection is about ten levels);
# Python's own parser would stop with a RecursionError near a thousand.
MAX_JSON_DEPTH = 64
TOO_DEEP = f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep."


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_text_too_deep(text: str) -> bool:
    """Return whether JSON text nests arrays and objects deeper than MAX_JSON_DEPTH.

    Read before parsing: the parser recurses once per level in C, and in a server thread's
    smaller stack 50,000 levels crash the process before Python's RecursionError.
    """
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def offset_is_storable(moment: datetime) -> bool:
    """Return whether PostgreSQL can read this time's UTC offset (a naive time has none)."""
    offset = moment.utcoffset()
    return offset is None or abs(offset) <= MAX_UTC_OFFSET


def first_nul(items) -> str | None:
    """Return the first name among (name, value) pairs whose name or value holds a NUL."""
    for name, value in items:
        if NUL in name or NUL in value:
            return name.replace(NUL, "") or "query"
    return None


def json_problem(data) -> tuple[str, str] | None:
    """Return (field, message) for the first NUL or too-deep nesting in parsed JSON, or None.

    The field is the top-level key it sits under ("body" for the document itself). Walks the
    document with a stack, not recursion, so any depth Python could parse is checked.
    """
    stack = [(data, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return field or "body", TOO_DEEP
        if isinstance(value, str):
            if NUL in value:
                return field or "body", NUL_REFUSED
        elif isinstance(value, dict):
            for key, item in value.items():
                name = field or key.replace(NUL, "") or "body"
                if NUL in key:
                    return name, NUL_REFUSED
                stack.append((item, depth + 1, name))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, field) for item in value)
    return None
