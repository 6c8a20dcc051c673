"""What every export format reads: one record per annotation, and the links and scale around them.

A record shows an annotation as the export's mode says. In the default mode
(approved work only) its content comes from `approved_snapshot`, so an
approved annotation that is being edited and re-reviewed still exports the
version an editor approved: its state is "approved", its version the approved
one, and `updated` the time of that approval. With every state asked for, the
record shows the annotation as it is now.
"""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode


@dataclass(frozen=True, slots=True)
class ExportRecord:
    id: int
    article_id: int
    article_title: str
    # Where the article was first published; may be empty.
    article_source_url: str
    article_byline: str
    article_published: date | None
    # "claim", "quote" or "span", and the claim's or quote's id.
    target: str
    target_id: int | None
    # Offsets into the article's clean text, and the text between them.
    start: int
    end: int
    text: str
    tags: list[str]
    verdict: str | None
    verdict_value: int | None
    note: str
    correction: str
    evidence: list[dict]
    author: str
    # Who made the annotation's state what the record shows (the approver, by default), and when.
    editor: str | None
    decided: datetime | None
    state: str
    version: int
    created: datetime
    updated: datetime
    # The article's language code (e.g. "en"); empty when unknown.
    article_language: str = ""
    # Up to 32 characters either side of the span; read only for the formats that need them.
    prefix: str | None = None
    suffix: str | None = None
    # The quoted source whose quote is, or overlaps, the target; read only for ClaimReview and JSON Lines.
    speaker: str | None = None
    speaker_is_institution: bool | None = None
    # The public page of a published fact check (its id in the address) and since when; read only for ClaimReview.
    public_id: str | None = None
    public_since: datetime | None = None

    def as_dict(self) -> dict:
        """Return the record as JSON-ready values (dates as ISO 8601 strings)."""
        return {
            "id": self.id,
            "article": {
                "id": self.article_id,
                "title": self.article_title,
                "source_url": self.article_source_url,
                "byline": self.article_byline,
                "published": _iso(self.article_published),
            },
            "target": {
                "kind": self.target,
                "id": self.target_id,
                "start": self.start,
                "end": self.end,
                "text": self.text,
                "prefix": self.prefix,
                "suffix": self.suffix,
                "speaker": (None if self.speaker is None
                            else {"name": self.speaker, "is_institution": self.speaker_is_institution}),
            },
            "tags": self.tags,
            "verdict": self.verdict,
            "verdict_value": self.verdict_value,
            "note": self.note,
            "correction": self.correction,
            "evidence": self.evidence,
            "author": self.author,
            "editor": self.editor,
            "state": self.state,
            "version": self.version,
            "created": _iso(self.created),
            "updated": _iso(self.updated),
            "decided": _iso(self.decided),
        }


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class ExportContext:
    """What formats need besides the records: absolute links into Axis, the workspace, its rating scale."""

    workspace_name: str
    # Absolute URL of the Axis server, without a trailing slash, e.g. "https://axis.example.org".
    base_url: str
    # Absolute URL templates with one "{}" for the id.
    annotation_url: str
    article_url: str
    # The export's own address (a Web Annotation collection names its pages after it).
    collection_url: str
    # Absolute URL template of a public fact check with one "{}" for its public id, and the workspace's list of
    # them; None when the workspace does not publish fact checks.
    public_url: str | None = None
    publisher_url: str | None = None
    # The numeric ends of the workspace's rating scale; None when fewer than two ratings carry a value.
    best_rating: int | None = None
    worst_rating: int | None = None

    def page_url(self, page: int) -> str:
        """Return the address of one page of the collection."""
        joiner = "&" if "?" in self.collection_url else "?"
        return f"{self.collection_url}{joiner}{urlencode({'page': page})}"
