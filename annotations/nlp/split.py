"""Where a claim may be split: between two tokens, and best between clauses or sentences.

A split point is an offset into the text at the end of a token, where the
whitespace (or dash) before the next token begins. Both halves must keep a word:
a split never cuts a word ("Insp" | "ectors counted …") or leaves only punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A token is a run of anything but whitespace and dashes; a dash standing between words is a token of its own.
DASHES = "—–"
TOKEN_RE = re.compile(rf"[{DASHES}]|[^\s{DASHES}]+")
# Punctuation that ends a clause or a sentence when a token ends with it.
CLAUSE_END = ",;:"
SENTENCE_END = ".!?"
CLOSERS = "\"'”’)]"
# Words that open a clause: a split before them leaves two readable claims.
CLAUSE_OPENERS = frozenset(
    """and but or nor yet so while whereas although though because since which who whom whose
    when where after before unless until if as""".split()
)
WORD_RE = re.compile(r"\w")


@dataclass(frozen=True)
class SplitPoint:
    at: int  # offset into the text where the left half ends
    clause: bool  # between two clauses or sentences, not only between two words
    before: str  # the left half, whitespace stripped
    after: str  # the right half, whitespace stripped


def _is_clause_boundary(left: str, right: str) -> bool:
    stripped = left.rstrip(CLOSERS)
    if right in DASHES or left in DASHES:
        return True
    if stripped[-1:] and stripped[-1] in CLAUSE_END:
        return True
    if stripped[-1:] and stripped[-1] in SENTENCE_END and right[:1].isupper():
        return True
    return right.strip("\"'“‘(").lower() in CLAUSE_OPENERS


def split_points(text: str) -> list[SplitPoint]:
    """Return every point between two tokens of the text where both halves keep a word, in order."""
    tokens = list(TOKEN_RE.finditer(text))
    points = []
    for left, right in zip(tokens, tokens[1:]):
        at = left.end()
        before, after = text[:at].rstrip(), text[at:].lstrip()
        if WORD_RE.search(before) and WORD_RE.search(after):
            points.append(SplitPoint(at, _is_clause_boundary(left.group(), right.group()), before, after))
    return points


def split_point_at(text: str, at: int) -> SplitPoint | None:
    """Return the split point an offset names, or None when it falls inside a token.

    Any offset in the whitespace between two tokens names the point at its start.
    """
    if not 0 < at < len(text):
        return None
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return next((point for point in split_points(text) if point.at == at), None)
