"""Frozen records that flow between the pipeline stages.

Every offset indexes `Analysis.text` (the clean text) and counts Unicode
code points, as Python's str does.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Cleaned:
    """A page reduced to its writing: the clean body plus what the page said about it."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    # (start, end) of each paragraph of `text`.
    paragraphs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    checkworthiness: float = 0.0
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None = None
    organization: str | None = None
    # A ministry, company or court speaking as a body rather than a person.
    is_institution: bool = False


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str  # "direct" or "indirect"
    speaker: Speaker
    cue_start: int
    cue_end: int
    confidence: float


@dataclass(frozen=True)
class Analysis:
    text: str
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    language: str = "en"
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = field(default=())

    def to_dict(self) -> dict:
        """Return the JSON shape that `analyze_article --json` prints."""
        return {
            "title": self.title,
            "byline": self.byline,
            "text": self.text,
            "claims": [
                {
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "checkworthiness": c.checkworthiness,
                    "reasons": list(c.reasons),
                }
                for c in self.claims
            ],
            "quotes": [
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "kind": q.kind,
                    "speaker": {
                        "name": q.speaker.name,
                        "role": q.speaker.role,
                        "organization": q.speaker.organization,
                    },
                    "cue": {"start": q.cue_start, "end": q.cue_end},
                    "confidence": q.confidence,
                }
                for q in self.quotes
            ],
        }
