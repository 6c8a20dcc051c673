"""Grapheme clusters: what a reader sees as one character, which a stored span never cuts.

An emoji joined by ZWJs, a flag's two regional indicators, a letter and its combining
accents are several code points but one extended grapheme cluster (Unicode UAX #29).
PostgreSQL, Python and the page all count code points, so a span can start or end inside
a cluster; the `regex` package's \\X finds the clusters. Plain Python, no Django.
"""

import regex

_CLUSTER = regex.compile(r"\X")
# Below U+0300 (the combining diacritical marks) every code point is Other, Control, CR or LF in
# UAX #29: none is Extend, ZWJ, SpacingMark, Prepend, a regional indicator or Hangul.
_SIMPLE = "\u0300"


def _cluster_around(text: str, offset: int) -> tuple[int, int] | None:
    """Return (start, end) of the cluster that `offset` falls strictly inside, or None at a boundary.

    Scans from the line's start: a line feed always ends a cluster (UAX #29 GB4), and regional
    indicators pair up counting from the start of their run, so no shorter look-back is safe.
    """
    if offset <= 0 or offset >= len(text):
        return None
    before, after = text[offset - 1], text[offset]
    if before < _SIMPLE and after < _SIMPLE and (before, after) != ("\r", "\n"):
        # Latin letters, digits and punctuation: no cluster joins two of them but CR LF (GB3), so the
        # common case needs no scan of its line (a bulk import snaps thousands of spans on one text).
        return None
    line = text.rfind("\n", 0, offset) + 1
    for cluster in _CLUSTER.finditer(text, line):
        if cluster.end() > offset:
            return cluster.span() if cluster.start() < offset else None
    return None


def grapheme_floor(text: str, offset: int) -> int:
    """Return `offset`, or the start of the cluster it falls inside."""
    around = _cluster_around(text, offset)
    return around[0] if around else offset


def grapheme_ceil(text: str, offset: int) -> int:
    """Return `offset`, or the end of the cluster it falls inside."""
    around = _cluster_around(text, offset)
    return around[1] if around else offset


def grapheme_snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span widened to cluster boundaries, so it keeps every character it touched."""
    return grapheme_floor(text, start), grapheme_ceil(text, end)
