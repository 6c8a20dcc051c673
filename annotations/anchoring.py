"""Anchor a quote made on another copy of an article (a browser's page, with its chrome) on Axis's clean text.

Plain Python, no Django. The order is Hypothesis's (its client's text-quote and
match-quote anchoring), with an answer that says how the quote anchored:

1. `position`: the TextPositionSelector, when the text there is the quote.
2. `quote`: the exact quote, with whitespace collapsed on both sides (a page's
   "\n\n\n" between paragraphs is the clean text's "\n\n"); among several
   occurrences, the one whose prefix and suffix both agree.
3. `context`: the single occurrence whose prefix or suffix agrees.
4. `fuzzy`: no exact occurrence, but one place within a bounded edit
   distance (Levenshtein, by rapidfuzz), chosen over any other by its context.

Anything else is a reason, never a guess.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# A quote that occurs more often than this is reported as ambiguous without counting further.
MAX_OCCURRENCES = 1000
# The fuzzy match allows one edit per this many characters of the quote: 1 in 8 (a changed word or two in a
# sentence, curly for straight quotes), so a quote under 8 characters must match exactly.
CHARS_PER_ERROR = 8
# Hypothesis's own ceiling on errors.
MAX_ERRORS = 256
# A longer quote must occur exactly: the fuzzy search costs about its length times the text's.
MAX_FUZZY_CHARS = 2000

NO_SELECTOR = "The target has no TextQuoteSelector or TextPositionSelector."
POSITION_ONLY = "The target has only a TextPositionSelector, with no quote to check it against."
QUOTE_NOT_FOUND = "The quoted text does not occur in this article, not even approximately."
QUOTE_AMBIGUOUS = "The quoted text occurs {n} times here and its prefix and suffix do not single one out."
FUZZY_AMBIGUOUS = ("The quoted text does not occur exactly; it is as close to {n} places here and its prefix and "
                   "suffix do not single one out.")

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    # "position", "quote", "context" or "fuzzy".
    how: str
    # Edits between the quote and the text anchored on (fuzzy only).
    errors: int = 0


def collapse(text: str) -> str:
    """Return the text with each run of whitespace written as one space."""
    return _WHITESPACE.sub(" ", text)


class CollapsedText:
    """The text with whitespace runs collapsed, and the way back to the text's own offsets."""

    def __init__(self, text: str):
        self.original = text
        pieces, self._cuts, self._shift = [], [0], [0]
        at = removed = 0
        for match in _WHITESPACE.finditer(text):
            pieces.append(text[at:match.start()] + " ")
            removed += len(match.group()) - 1
            at = match.end()
            # From this collapsed offset on, the original lies `removed` characters further.
            self._cuts.append(match.end() - removed)
            self._shift.append(removed)
        pieces.append(text[at:])
        self.text = "".join(pieces)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original offsets of the collapsed span [start, end)."""
        first = start + self._shift[bisect_right(self._cuts, start) - 1]
        last = (end - 1) + self._shift[bisect_right(self._cuts, end - 1) - 1]
        return first, last + 1


def anchor(text: str | CollapsedText, *, position: tuple[int, int] | None,
           quote: Quote | None) -> Anchor | str:
    """Return where the selectors anchor on the text, or the reason they do not.

    Pass a CollapsedText when anchoring many quotes on one text: it is built once.
    """
    collapsed = text if isinstance(text, CollapsedText) else CollapsedText(text)
    original = collapsed.original
    if quote is None:
        return POSITION_ONLY if position is not None else NO_SELECTOR
    if position is not None:
        start, end = position
        if 0 <= start < end <= len(original) and original[start:end] == quote.exact:
            return Anchor(start, end, "position")
    exact = collapse(quote.exact).strip()
    if not exact:
        return NO_SELECTOR
    # Whitespace where the context meets the quote is compared as absent: pages and clean text differ there.
    prefix, suffix = collapse(quote.prefix).strip(), collapse(quote.suffix).strip()
    starts = _occurrences(collapsed.text, exact)
    if starts:
        return _choose_exact(collapsed, exact, starts, prefix, suffix)
    return _fuzzy(collapsed, exact, prefix, suffix)


def _occurrences(text: str, exact: str) -> list[int]:
    starts, at = [], text.find(exact)
    while at >= 0 and len(starts) <= MAX_OCCURRENCES:
        starts.append(at)
        at = text.find(exact, at + 1)
    return starts


# The collapsed text has at most one space where context meets quote; read only that much, not the whole text.
def _prefix_agrees(text: str, start: int, prefix: str) -> bool:
    return bool(prefix) and text[max(0, start - len(prefix) - 1):start].rstrip().endswith(prefix)


def _suffix_agrees(text: str, end: int, suffix: str) -> bool:
    return bool(suffix) and text[end:end + len(suffix) + 1].lstrip().startswith(suffix)


def _choose_exact(collapsed: CollapsedText, exact: str, starts: list[int], prefix: str, suffix: str) -> Anchor | str:
    text = collapsed.text
    if len(starts) == 1:
        return Anchor(*collapsed.to_original(starts[0], starts[0] + len(exact)), "quote")
    if len(starts) > MAX_OCCURRENCES:
        return QUOTE_AMBIGUOUS.format(n=f"more than {MAX_OCCURRENCES:,}")
    agree = {s: (_prefix_agrees(text, s, prefix), _suffix_agrees(text, s + len(exact), suffix)) for s in starts}
    # Both that were given agree; then either one, when only one occurrence has it.
    both = [s for s, (p, q) in agree.items() if (p or not prefix) and (q or not suffix) and (prefix or suffix)]
    if len(both) == 1:
        return Anchor(*collapsed.to_original(both[0], both[0] + len(exact)), "quote")
    either = [s for s, (p, q) in agree.items() if p or q]
    if len(either) == 1:
        return Anchor(*collapsed.to_original(either[0], either[0] + len(exact)), "context")
    return QUOTE_AMBIGUOUS.format(n=len(starts))


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """Return how well the text around [start, end) agrees with the prefix and suffix, 0 to 200."""
    score = 0.0
    if prefix:
        score += fuzz.ratio(text[max(0, start - len(prefix) - 1):start].strip(), prefix)
    if suffix:
        score += fuzz.ratio(text[end:end + len(suffix) + 1].strip(), suffix)
    return score


def _best_window(text: str, exact: str, bound: int) -> tuple[int, int, int] | None:
    """Return the start, end and edit distance of the place closest to `exact`, if within `bound` edits."""
    cutoff = max(0.0, 100.0 * (1 - 2 * bound / (2 * len(exact))) - 1)
    found = fuzz.partial_ratio_alignment(exact, text, score_cutoff=cutoff)
    if found is None:
        return None
    # The alignment's window has the quote's length; a quote with a word added or dropped starts or ends
    # a little elsewhere: move each end to where the distance is least.
    start, end = found.dest_start, found.dest_end
    reach = min(bound, 16)

    def distance(s: int, e: int) -> tuple[int, int]:
        return Levenshtein.distance(exact, text[s:e], score_cutoff=bound), abs(e - s - len(exact))

    start = min(range(max(0, start - reach), min(end, start + reach + 1)), key=lambda s: distance(s, end))
    end = min(range(max(start + 1, end - reach), min(len(text), end + reach) + 1), key=lambda e: distance(start, e))
    errors = distance(start, end)[0]
    if errors > bound:
        return None
    # Where the quote begins or ends a word, so does the span: "Critics say" anchors on "Critics said", not on
    # "Critics sai". Accepted on the bound above, the span may then grow by the rest of a short word.
    if exact[-1].isalnum():
        stop = min(len(text), end + CHARS_PER_ERROR)
        while end < stop and text[end].isalnum() and text[end - 1].isalnum():
            end += 1
    if exact[0].isalnum():
        stop = max(0, start - CHARS_PER_ERROR)
        while start > stop and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
    return start, end, Levenshtein.distance(exact, text[start:end])


def _fuzzy(collapsed: CollapsedText, exact: str, prefix: str, suffix: str) -> Anchor | str:
    bound = min(MAX_ERRORS, len(exact) // CHARS_PER_ERROR)
    text = collapsed.text
    if bound == 0 or len(exact) > min(MAX_FUZZY_CHARS, len(text)):
        return QUOTE_NOT_FOUND
    first = _best_window(text, exact, bound)
    if first is None:
        return QUOTE_NOT_FOUND
    start, end, errors = first
    # Another place as close? Look again with this one blanked out, and let the context choose.
    blanked = text[:start] + "\0" * (end - start) + text[end:]
    second = _best_window(blanked, exact, errors)
    if second is not None and second[2] == errors:
        scores = [_context_score(text, s, e, prefix, suffix) for s, e, _ in (first, second)]
        if scores[0] == scores[1]:
            return FUZZY_AMBIGUOUS.format(n="two or more")
        start, end, errors = first if scores[0] > scores[1] else second
    return Anchor(*collapsed.to_original(start, end), "fuzzy", errors)
