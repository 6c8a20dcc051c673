"""The demo article must come out exactly right."""

from pathlib import Path

import pytest

from annotations.nlp import analyze

from .helpers import assert_offsets

# The copy the project ships as its demo article, byte for byte the user's page.
DEMO = Path(__file__).resolve().parents[2] / "annotations" / "demo" / "cracks-in-the-axis.txt"


@pytest.fixture(scope="module")
def demo():
    return analyze(DEMO.read_text(encoding="utf-8"))


def claim_containing(analysis, fragment: str):
    return next(c for c in analysis.claims if fragment in c.text)


def test_demo_title_byline_and_chrome(demo):
    assert demo.title == "Cracks in the Axis: How China, Russia and Iran “Alliance” Falters"
    assert demo.byline == "Администратор"
    assert demo.text.startswith("When Russia turned to China")
    for chrome in ("top of page", "bottom of page", "Writer", "Администратор", "2 days ago", "3 min read", "Cracks in the Axis"):
        assert chrome not in demo.text
    assert demo.text.endswith("quick to unravel under pressure.")


def test_demo_has_exactly_the_five_quotes(demo):
    got = [(q.kind, q.speaker.name, q.speaker.role, q.speaker.organization) for q in demo.quotes]
    assert got == [
        ("direct", "Alexander Gabuev", "director", "Carnegie Russia Eurasia Center"),
        ("direct", "Alexander Gabuev", "director", "Carnegie Russia Eurasia Center"),
        ("direct", "Sergey Radchenko", "Cold War historian", "Johns Hopkins University"),
        ("direct", "Sergey Radchenko", "Cold War historian", "Johns Hopkins University"),
        ("indirect", "Yun Sun", None, "Stimson Center"),
    ]
    assert demo.quotes[0].text.startswith("The reality of this conflict")
    assert demo.quotes[1].text.startswith("That just exposes the limitations")
    assert demo.quotes[2].text.startswith("There are no shared values")
    assert demo.quotes[3].text.startswith("Putin is a cynical manipulator")
    assert demo.quotes[4].text.startswith("the axis concept remains relevant")


def test_demo_cues_point_at_the_speech_verbs(demo):
    cues = [demo.text[q.cue_start : q.cue_end] for q in demo.quotes]
    assert cues == ["observes", "observes", "says", "says", "argue"]


def test_demo_scare_quotes_are_not_quotes(demo):
    texts = [q.text.strip("‘’“”,. ") for q in demo.quotes]
    for phrase in ("Alliance", "no limits", "axis", "multipolar world order"):
        assert phrase not in texts


def test_demo_factual_claims_outrank_the_framing_claim(demo):
    troops = claim_containing(demo, "North Korea reportedly sending over 14,000 troops")
    visit = claim_containing(demo, "Iran’s defense minister made his first post-war foreign visit to China in late June")
    framing = claim_containing(demo, "the “axis” remains less a unified bloc than a loose alignment of convenience")
    assert troops.checkworthiness > framing.checkworthiness
    assert visit.checkworthiness > framing.checkworthiness


def test_demo_offsets_are_exact(demo):
    assert_offsets(demo)
