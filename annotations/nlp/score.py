"""Score how check-worthy each claim is with a transparent weighted feature model."""

from __future__ import annotations

import math
import re

from annotations.nlp import vocab
from annotations.nlp.types import Claim

# Each feature: (reason shown to the user, weight in logits). Positive = verifiable fact.
FEATURES = {
    "figure": ("number or quantity", 1.5),
    "number": ("number or quantity", 0.9),
    "date": ("date", 0.8),
    "actor": ("named actor", 0.5),
    "comparison": ("comparison", 0.4),
    "event": ("causal or factual assertion", 0.7),
    "attributed": ("attributed statement", 0.3),
    "quoted": ("quoted speech", -0.9),
    "opinion": ("opinion", -0.9),
    "prediction": ("prediction", -0.6),
    "hedge": ("hedged/framing", -0.8),
    "question": ("question", -1.2),
    "short": ("too short to check", -1.0),
}
BIAS = -0.6

# A sentence counts as quoted speech when this share of its characters sits inside quote marks.
QUOTED_SHARE = 0.5

# Vocabularies behind the features.
NUMBER_WORDS = """two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
ninety hundred hundreds thousand thousands million millions billion billions trillion
dozen dozens percent twice double doubled tripled halved""".split()
UNIT_PATTERN = r"[$£€¥]\s?\d|\d\s?(?:%|percent|per cent)|\d[\d,.]*\s?(?:m|bn|k|km|kg|mph|million|billion|trillion|tons?|tonnes?|acres?|hectares?|miles?|kilometres?|kilometers?|metres?|meters?|degrees?|people|jobs|cases|homes|troops|votes|patients|workers|households|dollars|euros|pounds|years|months|weeks|days|hours|minutes)\b"
MONTH_WORDS = (
    [m.capitalize() for m in vocab.month_names()]
    + [a.capitalize() + "." for a in vocab.months() if a not in vocab.month_names()]
    + [d.capitalize() for d in vocab.weekday_names()]
)
RELATIVE_DATES = ("yesterday", "last week", "last month", "last year", "this year", "this week",
                  "this month", "next year", "next month", "last winter", "last summer", "last spring",
                  "last autumn", "last fall", "earlier this")
COMPARATIVE_WORDS = ("more than", "less than", "fewer than", "greater than", "higher than", "lower than",
                     "larger than", "smaller than", "compared with", "compared to", "the largest", "the biggest",
                     "the highest", "the lowest", "the first", "the only", "the most", "increase", "increased",
                     "rose", "risen", "fell", "fallen", "declined", "dropped", "grew", "doubled", "surged",
                     "record", "up from", "down from", "since")
EVENT_VERBS = """attacked signed sent sending killed launched announced approved passed voted invaded
supplied supplying imported exported cemented made visited met arrested charged sentenced elected
appointed resigned won lost built destroyed closed opened banned fined sued acquired bought sold paid
raised cut struck reached ratified issued imposed lifted released published reported confirmed agreed
established founded began ended started recorded rose fell grew declined increased decreased fired
deployed withdrew captured engineered provided delivered transferred received donated invested
scored flooded burned evacuated employs employed accounts accounted costs cost holds held contains
includes rejected blocked ruled filed""".split()
CAUSAL_WORDS = ("because", "due to", "caused", "causes", "led to", "leads to", "as a result", "resulted in",
                "results in", "owing to")
OPINION_WORDS = """should must ought believe believes think thinks feel feels arguably clearly
obviously undoubtedly surely glaring formidable supposed seemingly seemed seems unfortunately
fortunately sadly remarkable shameful disgraceful terrible wonderful best worst deserve deserves
nobody everybody everyone anybody nothing lightly can't cannot""".split()
PREDICTION_WORDS = ("will", "would", "could", "may", "might", "likely", "unlikely", "expected to", "expect",
                    "expects", "poised", "forecast", "forecasts", "going to", "set to")
HEDGE_WORDS = ("remain", "remains", "perhaps", "maybe", "possibly", "apparently", "supposedly", "so-called",
               "highlight", "highlights")
# Hedging phrasings, each keyed by text it cannot match without: a substring test is far
# cheaper than a search, so the regex runs only on sentences holding that text.
HEDGE_PATTERNS = {
    "than": r"\b(?:less|more|rather)\s+(?:a|an|the)\s+\w+(?:\s+\w+){0,3}\s+than\b",
    "or now": r"\b[Ff]or now\b",
    " ways": r"\bin (?:some|many) ways\b",
    "": r"[“\"‘][a-z][^”\"’]{0,25}[”\"’]",
    "quick to": r"\bquick to\b",
}

_FIGURE_RE = re.compile(UNIT_PATTERN, re.I)
_WORDS_RE = re.compile(r"[A-Za-z][A-Za-z’'\-]*\.?")
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\ds?\b")
_RELATIVE_DATE_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in RELATIVE_DATES) + r")\b", re.I)
_PHRASES_RE = {
    "comparison": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in COMPARATIVE_WORDS if " " in w) + r")\b", re.I),
    "event": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in CAUSAL_WORDS if " " in w) + r")\b", re.I),
    "prediction": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in PREDICTION_WORDS if " " in w) + r")\b", re.I),
}
_SINGLE = {
    "number": frozenset(w.casefold() for w in NUMBER_WORDS),
    "comparison": frozenset(w for w in COMPARATIVE_WORDS if " " not in w),
    "event": frozenset(w.casefold() for w in EVENT_VERBS) | frozenset(w for w in CAUSAL_WORDS if " " not in w),
    "opinion": frozenset(w.casefold() for w in OPINION_WORDS),
    "prediction": frozenset(w for w in PREDICTION_WORDS if " " not in w),
}
_RELATIVE_DATE_FIRST = frozenset(w.split()[0] for w in RELATIVE_DATES)


def _needles(phrases) -> tuple[str, ...]:
    """Return the longest word of each multi-word phrase (the last of equals): text it cannot match without."""
    return tuple(sorted({max(reversed(p.split()), key=len) for p in phrases if " " in p}))


# A case-folded sentence holds one of these before its phrase regex is worth running.
_PHRASE_NEEDLES = {
    "comparison": _needles(COMPARATIVE_WORDS),
    "event": _needles(CAUSAL_WORDS),
    "prediction": _needles(PREDICTION_WORDS),
}
# Hedge patterns need one of these words (or a quote mark) before the regex is worth running.
_HEDGE_TRIGGERS = frozenset(("than", "now", "ways", "quick"))
_HEDGE_WORDS = frozenset(HEDGE_WORDS)
_MONTHS = frozenset(MONTH_WORDS) | frozenset(w.rstrip(".") for w in MONTH_WORDS)
# A word keeps at most one full stop, so month words with and without one cover every form.
_MONTH_FORMS = _MONTHS | frozenset(w + "." for w in _MONTHS)
_HEDGE_RES = tuple((needle, re.compile(p)) for needle, p in HEDGE_PATTERNS.items())
_ACTOR_RE = re.compile(r"(?<=[\s(“\"‘])[A-Z]")
_ATTRIBUTION_WORDS = frozenset(vocab.speech_verbs("score")) | {"according"}
_QUOTED_RE = re.compile(r"(?<!\w)[“\"‘'](?=\w)(?:[^”\"’']|\B'|'\B(?=\w)|(?<=\w)[’'](?=\w))*(?:[”\"’'](?!\w)|$)")
_QUOTE_MARK_RE = re.compile("[“\"‘']")
_DIGIT_RE = re.compile(r"\d")


def features(sentence: str) -> list[str]:
    """Return the names of the features a sentence shows."""
    found: list[str] = []
    raw_words = _WORDS_RE.findall(sentence)
    words = {w.casefold().rstrip(".") for w in raw_words}
    low = sentence.casefold()
    has_digit = _has_digit(sentence)
    if has_digit and _FIGURE_RE.search(sentence):
        found.append("figure")
    elif has_digit or words & _SINGLE["number"]:
        found.append("number")
    # "on 30 September." ends the sentence: the month keeps its full stop among the raw words.
    if (has_digit and _YEAR_RE.search(sentence)) or not _MONTH_FORMS.isdisjoint(raw_words) or (
        words & _RELATIVE_DATE_FIRST and _RELATIVE_DATE_RE.search(sentence)
    ):
        found.append("date")
    if _ACTOR_RE.search(sentence):
        found.append("actor")
    for name in ("comparison", "event"):
        if words & _SINGLE[name] or _has_phrase(name, sentence, low):
            found.append(name)
    quoted = False
    has_marks = _QUOTE_MARK_RE.search(sentence) is not None
    if has_marks:
        quoted = sum(len(m.group()) for m in _QUOTED_RE.finditer(sentence)) >= QUOTED_SHARE * len(sentence)
    if quoted:
        found.append("quoted")
    elif words & _ATTRIBUTION_WORDS:
        found.append("attributed")
    if words & _SINGLE["opinion"]:
        found.append("opinion")
    if words & _SINGLE["prediction"] or _has_phrase("prediction", sentence, low):
        found.append("prediction")
    if words & _HEDGE_WORDS or (words & _HEDGE_TRIGGERS or has_marks) and any(
        needle in sentence and rx.search(sentence) for needle, rx in _HEDGE_RES
    ):
        found.append("hedge")
    if sentence.rstrip("”\"’' )").endswith("?"):
        found.append("question")
    if len(raw_words) < 5:
        found.append("short")
    return found


def _has_digit(sentence: str) -> bool:
    """Return whether any character is a digit, as str.isdigit counts them ("²" too)."""
    if _DIGIT_RE.search(sentence):
        return True
    # Beyond ASCII, str.isdigit also counts superscripts and circled digits, which \d does not.
    return not sentence.isascii() and any(map(str.isdigit, sentence))


def _has_phrase(name: str, sentence: str, low: str) -> bool:
    """Return whether a sentence holds one of a feature's multi-word phrases."""
    return any(n in low for n in _PHRASE_NEEDLES[name]) and _PHRASES_RE[name].search(sentence) is not None


def checkworthiness(sentence: str) -> tuple[float, tuple[str, ...]]:
    """Return a score in [0, 1] and the reasons behind it."""
    names = features(sentence)
    logit = BIAS + sum(FEATURES[n][1] for n in names)
    score = 1.0 / (1.0 + math.exp(-logit))
    return round(score, 3), tuple(dict.fromkeys(FEATURES[n][0] for n in names))


def score(claims: list[Claim]) -> list[Claim]:
    """Return the claims with check-worthiness and reasons filled in."""
    out = []
    for c in claims:
        value, reasons = checkworthiness(c.text)
        out.append(Claim(c.start, c.end, c.text, value, reasons))
    return out
