"""Shared assertions for the text-pipeline tests."""

from annotations.nlp.types import Analysis


def assert_offsets(analysis: Analysis) -> None:
    """Assert every claim, quote and cue points into the clean text exactly."""
    text = analysis.text
    for c in analysis.claims:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
    for q in analysis.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert 0 <= q.cue_start < q.cue_end <= len(text)
        assert 0.0 <= q.confidence <= 1.0


def quotes_by_text(analysis: Analysis) -> dict[str, object]:
    """Return the quotes keyed by their text."""
    return {q.text: q for q in analysis.quotes}
