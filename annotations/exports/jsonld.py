"""JSON-LD as Axis writes it, and an offline pyld document loader for the two contexts its exports name.

`dumps` is the one encoder of every JSON document Axis exports. It writes
`<`, `>` and `&` as JSON escapes (as Django's json_script does), so a
document pasted into `<script type="application/ld+json">` cannot close the
element or open markup, whatever its claims say; the JSON means the same.

Nothing here reaches the network, so exports can be expanded and checked on a
machine without internet (tests, CI). contexts/anno.jsonld is a copy of
http://www.w3.org/ns/anno.jsonld (W3C Software and Document License). The
schema.org context is reduced to its vocabulary: enough to expand every term
of a ClaimReview, not the full context's type coercions.
"""

import json
from functools import cache
from pathlib import Path

CONTEXTS = Path(__file__).resolve().parent / "contexts"
SCHEMA_ORG = {"@context": {"@vocab": "https://schema.org/"}}
SCHEMA_ORG_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
ANNO_URLS = {"http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"}


# Outside strings JSON has none of these characters, so escaping the whole text touches only string content.
HTML_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value) -> str:
    """Return compact JSON of the value, with <, > and & escaped so it is safe inside a script element."""
    return _encode(value).translate(HTML_ESCAPES)


class OfflineContextError(LookupError):
    """A document named a context that is not served offline."""


@cache
def _anno() -> dict:
    return json.loads((CONTEXTS / "anno.jsonld").read_text(encoding="utf-8"))


def offline_document_loader(url: str, options: dict | None = None) -> dict:
    """Return the remote document pyld asks for, from local copies; refuse any other URL."""
    if url in SCHEMA_ORG_URLS:
        document = SCHEMA_ORG
    elif url in ANNO_URLS:
        document = _anno()
    else:
        raise OfflineContextError(f"No offline copy of {url}; only schema.org and the Web Annotation context.")
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(document) -> list:
    """Return pyld's expansion of the document, loading contexts offline."""
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": offline_document_loader})
