"""Split clean text into sentence claims with exact character offsets."""

from __future__ import annotations

import re

from annotations.nlp import vocab
from annotations.nlp.types import Claim

# Abbreviations that stand before a name or number and so never end a sentence mid-paragraph.
PREFIX_ABBREVIATIONS = frozenset(
    """messrs mmes sen sens rep reps gov lt col capt cmdr sgt cpl pvt
    maj brig adm fr hon pres supt det insp atty amb vs v ma sta sto""".split()
) | frozenset(w.rstrip(".") for w in vocab.words("honorifics") if w.endswith("."))

# Abbreviations that may end a sentence; they do only before a word that typically starts one.
ABBREVIATIONS = frozenset(
    """st mt ft llc plc dept univ assn est approx etc al
    no nos vol fig figs ch pp ave blvd rd
    hwy sq mln bn tel ext ph.d phd d.c u.s u.k u.n e.u a.m p.m e.g i.e cf ca""".split()
) | frozenset(vocab.abbreviated_name_ends()) | frozenset(w for row in vocab.rows("months") for w in row[1:])

# Clock abbreviations: a capitalised word after them starts a new sentence ("at 7 p.m. Tickets
# sold out") unless it continues the time, as a day, month or time zone does ("7 a.m. Monday").
CLOCK_ABBREVIATIONS = frozenset(("a.m", "p.m"))
CLOCK_CONTINUATIONS = frozenset(
    """Eastern Pacific Central Mountain Atlantic ET EST EDT PT PST PDT CT CST
    CDT MT MST MDT GMT BST UTC CET CEST IST AEST AEDT local""".split()
) | frozenset(w.capitalize() for w in [*vocab.months(), *vocab.weekday_names()])

# Capitalised words that start sentences far more often than they continue a name.
SENTENCE_STARTERS = frozenset(
    """A An The This That These Those It Its It's He She They We I You His Her Their Our My
    Your There Here Then But And Or So Yet Nor For If When While Although Though Because Since
    As After Before Until Unless Once Now Still Also However Meanwhile Moreover Furthermore
    Instead Indeed Yes No Not Some Many Most Much Few Several Each Every All Both Either
    Neither Such Other Another In On At By With Without From To Of Over Under Into During
    Despite Between Among Across Through Throughout Against About Above Below Around Near
    What Who Whom Whose Which Where Why How Whether One Two Three Last Next First Today
    Tomorrow Yesterday Earlier Later Officials Analysts Experts Critics Residents
    Half None Any Enough Little Less More Fewer Nobody Nothing Everyone Everybody Someone
    Somebody Anyone Something Everything Nearly Almost Only Just Even Roughly Around Perhaps
    Maybe Again Already Recently Thus Therefore Otherwise Overall Nonetheless Nevertheless
    According Asked""".split()
)
# (Closed-class words, determiners, quantifiers, pronouns and sentence adverbs, are listed
# as a class: "the U.S. Half received ..." starts a sentence as surely as "the U.S. Some".)

# Endings of plural common nouns that start sentences ("Inc. Economists had expected").
PLURAL_NOUN_ENDINGS = ("ists", "ers", "ians", "ments", "tions", "ors", "ants", "ents", "ies")

# Verbs of an attribution that may follow a quote ending in ? or ! within the same sentence.
ATTRIBUTION_VERBS = vocab.speech_verbs("sentence")

_CLOSERS = "\"”’'»"
_ATTRIBUTION_RE = re.compile(
    r"(?:(?:[A-Z][\w’'\-]*\.?|the|a|an|her|his|their)\s+){1,4}(?:" + "|".join(ATTRIBUTION_VERBS) + r")\b"
    r"|(?:" + "|".join(ATTRIBUTION_VERBS) + r")\s+[A-Z]"
)
_CANDIDATE_RE = re.compile(r"(?:[.!?]+|…|\.\.\.)[\"”’'»)\]]*(?=\s|$)")
_OPENERS = "\"“‘'«([—–-"
_DOTTED_RE = re.compile(r"(?:[A-Za-z]\.){2,}$")
_INITIAL_RE = re.compile(r"[A-Z]\.$")
_NEXT_WORD_RE = re.compile(r"[\w’'\-]+")
_SHORT_ABBREV_RE = re.compile(r"[A-Z][a-z]{1,2}")


def segment(text: str, paragraphs: tuple[tuple[int, int], ...] | None = None) -> list[Claim]:
    """Return every sentence of every paragraph as a claim with offsets into `text`."""
    if not paragraphs:
        paragraphs = _paragraphs(text)
    claims: list[Claim] = []
    for p_start, p_end in paragraphs:
        for start, end in sentence_spans(text, p_start, p_end):
            claims.append(Claim(start=start, end=end, text=text[start:end]))
    return claims


def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Return (start, end) of blank-line separated paragraphs."""
    spans = []
    for m in _PARAGRAPH_RE.finditer(text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return tuple(spans)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return whitespace-trimmed sentence spans of text[start:end]."""
    spans: list[tuple[int, int]] = []
    sent_start = start
    for m in _CANDIDATE_RE.finditer(text, start, end):
        cut = m.end()
        if cut >= end or not text[cut:end].strip():
            break
        if _is_boundary(text, m.start(), m.end(), end):
            _add(spans, text, sent_start, cut)
            sent_start = cut
    _add(spans, text, sent_start, end)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append the trimmed span when it holds any text."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_boundary(text: str, p_start: int, p_end: int, limit: int) -> bool:
    """Return whether the punctuation at text[p_start:p_end] ends a sentence."""
    i = p_end
    while i < limit and text[i].isspace():
        i += 1
    while i < limit and text[i] in _OPENERS:
        i += 1
    if i >= limit:
        return True
    nxt = text[i]
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    punct = text[p_start:p_end]
    if punct[-1] in _CLOSERS and punct[0] in "?!" and _ATTRIBUTION_RE.match(text, i, min(limit, i + 60)):
        # ‘Why now?’ Mr Price asked. — the attribution completes the sentence.
        return False
    if not punct.startswith(".") or punct.startswith("..."):
        return True
    if len(punct.rstrip(".")) != 0:
        # A closing quote or bracket after the full stop: the abbreviation question is moot.
        return True
    word_start = p_start
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in _OPENERS:
        word_start -= 1
    word = text[word_start:p_end]
    if len(punct) > 1:
        return True
    low = word[:-1].casefold()
    if low in PREFIX_ABBREVIATIONS:
        return False
    is_abbrev = low in ABBREVIATIONS or _DOTTED_RE.search(word) or _INITIAL_RE.fullmatch(word)
    if not is_abbrev:
        # "about Rs. 355 crore", "Art. 12": a short capitalised word with a full stop before a
        # figure abbreviates a unit or a label, and news style starts no sentence with a numeral.
        return not (nxt.isdigit() and _SHORT_ABBREV_RE.fullmatch(word[:-1]))
    if nxt.isdigit():
        return False
    m = _NEXT_WORD_RE.match(text, i)
    next_word = m.group() if m else ""
    if low in CLOCK_ABBREVIATIONS:
        return next_word not in CLOCK_CONTINUATIONS
    return next_word in SENTENCE_STARTERS or next_word.casefold().endswith(PLURAL_NOUN_ENDINGS)
_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
