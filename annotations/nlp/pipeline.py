"""Run the text pipeline: clean, segment, find quotes, attribute them, score claims."""

from __future__ import annotations

from annotations.nlp.attribute import attribute, clear_caches
from annotations.nlp.clean import clean
from annotations.nlp.quotes import find_quotes
from annotations.nlp.score import score
from annotations.nlp.segment import segment
from annotations.nlp.types import Analysis


def analyze(raw: str, *, content_type: str | None = None) -> Analysis:
    """Return the analysis of a page given as text or HTML."""
    # Caches hold one article's tokens; starting empty keeps articles independent.
    clear_caches()
    cleaned = clean(raw, content_type=content_type)
    claims = segment(cleaned.text, cleaned.paragraphs)
    spans = find_quotes(cleaned.text, cleaned.paragraphs, claims)
    quotes = attribute(cleaned.text, spans)
    speakers = tuple(dict.fromkeys(q.speaker for q in quotes))
    return Analysis(
        text=cleaned.text,
        title=cleaned.title,
        byline=cleaned.byline,
        published=cleaned.published,
        claims=tuple(score(claims)),
        quotes=tuple(quotes),
        speakers=speakers,
    )
