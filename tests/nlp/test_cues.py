"""Every named reading of a quote cue finds its example, and none reads its counter-example."""

import pytest

from annotations.nlp.clean import clean
from annotations.nlp.quotes import CUE_READINGS, find_quotes
from annotations.nlp.segment import segment


def _quotes(paragraph: str):
    cleaned = clean("Title Line\n\n" + paragraph)
    claims = segment(cleaned.text, cleaned.paragraphs)
    return [(cleaned.text[q.start : q.end], q.reading, q.speaker.name if q.speaker else None)
            for q in find_quotes(cleaned.text, cleaned.paragraphs, claims)]


def test_reading_names_are_unique():
    names = [r.name for r in CUE_READINGS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("reading", CUE_READINGS, ids=lambda r: r.name)
def test_each_reading_finds_its_example(reading):
    assert (reading.quote, reading.name, reading.speaker) in _quotes(reading.example)


@pytest.mark.parametrize("reading", [r for r in CUE_READINGS if r.counter_example], ids=lambda r: r.name)
def test_no_reading_finds_a_quote_in_a_counter_example(reading):
    assert _quotes(reading.counter_example) == []
