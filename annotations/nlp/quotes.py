"""Find direct and indirect quotes, each with its attribution cue and the phrase naming the speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.nlp import vocab
from annotations.nlp.mentions import Mention, parse_speaker
from annotations.nlp.types import Claim

# Verbs that attribute speech, in every form a news report uses them.
SPEECH_VERBS = frozenset(vocab.speech_verbs("cue"))

# Verbs that can introduce reported speech without quote marks ("X argues that ...").
REPORTING_VERBS = frozenset(vocab.speech_verbs("reporting"))

# Verbs that report a clause without "that" ("the minister said the talks had failed").
BARE_CLAUSE_VERBS = frozenset(vocab.speech_verbs("bare"))

# Auxiliaries whose presence shows a reported clause has its own verb ("insisted it had").
FINITE_AUXILIARIES = ("had", "has", "have", "was", "were", "is", "are", "would", "will", "could", "should", "must", "may", "might", "can", "did", "does")

# Words after "said" that do not open a reported clause ("said in", "said goodbye").
NOT_CLAUSE_STARTS = (
    "in", "on", "at", "to", "for", "with", "by", "from", "during", "after", "before", "about",
    "of", "so", "as", "when", "yesterday", "today", "earlier", "later", "last", "nothing",
    "little", "much", "goodbye", "hello", "yes", "no", "thank", "thanks", "sorry", "and", "or",
    "but", "that", "than", "what", "more", "less", "too", "also", "again", "once", "repeatedly",
    "publicly", "privately", "recently", "previously", "only",
)

# ... unless what follows makes them open a clause after all: "said about 600 had left",
# "said no one was hurt" (as regex alternatives for the bare "said X" pattern).
NOT_CLAUSE_EXCEPT = {"about": r"about(?!\s+[\d$£€])", "no": r"no(?!\s+one\b)"}

# Words that may stand between a reporting verb and its "that" ("said in a statement that").
REPORTING_ADJUNCT_MAX_WORDS = 6

# A longer adjunct is allowed when it is a prepositional phrase ("said in a briefing
# published before the debate that ..."), which cannot hide a verb of its own.
REPORTING_PP_MAX_WORDS = 9
REPORTING_PREPOSITIONS = ("in", "on", "at", "during", "after", "before", "to", "through", "via")

# Participles that report speech in a trailing clause (", saying the plan had failed").
PARTICIPLE_VERBS = vocab.speech_verbs("participle")

# Participles that name the audience before the reported clause (", telling supporters that ...").
AUDIENCE_PARTICIPLES = vocab.speech_verbs("audience")

# Words in the audience of such a participle before its "that".
AUDIENCE_MAX_WORDS = 8

# Phrases that attribute a statement to a source ("according to X, ...").
ACCORDING_TO = ("according to", "as reported by", "in the words of")

# Lower-case nouns for figures and documents: "according to Eurostat figures" cites data, and
# the gold convention (and a reader) does not count a study or a statistic as a speaker.
DATA_NOUNS = frozenset(
    """figures data statistics numbers estimates estimate study studies report reports survey
    surveys poll polls analysis research records documents document filing filings results
    census index projections forecast forecasts calculations tally count""".split()
)

# Words before a quoted phrase that make it a name or title rather than speech.
TITLE_CUES = frozenset(
    """titled entitled called dubbed named nicknamed headlined labelled labeled termed
    so-called word words term phrase slogan motto known""".split()
)

# Nouns for a document, scheme or sign: a marked phrase set off after one by a comma names it
# ("the impact assessment, ‘Rural Court Estate: Options Review’,", "an agenda item, “…”").
DOCUMENT_NOUNS = frozenset(
    """report assessment review study paper book atlas album film song item agenda motion
    bill act title headline slogan motto banner sign register strategy plan scheme programme
    program policy campaign petition document briefing consultation survey guidance""".split()
)

# Small words a title may hold in lower case ("Heritage at Risk", "Fuel for Growth").
TITLE_CONNECTORS = frozenset("a an and at by de del for in la of on or the to with y".split())

# Words right before a mark that make the marked words part of a noun phrase, not speech
# ("the council's 'zero tolerance' policy", "a “no limits” pact", "so-called “grey belt” land").
NOUN_PHRASE_OPENERS = frozenset("the a an its their his her our your this that these those so-called".split())

# Verbs that pass a verdict on a thing in someone's words ("called the delay “indefensible.”").
VERDICT_VERBS = ("called", "calls", "call", "labelled", "labeled", "branded", "deemed")

# Clause openers after which a reported clause stops at the last comma or dash.
SUBORDINATORS = ("while", "although", "though", "whereas", "even as", "even though", "even if", "as", "if", "because", "since", "despite")

# Quoted phrases up to this many words need a speech cue to count as a quote.
SHORT_QUOTE_WORDS = 4

# Confidence of each way of finding a quote.
@dataclass(frozen=True)
class Reading:
    """One way of reading a quote cue, with a paragraph it reads and, for a trap, one it must not."""

    name: str
    confidence: float
    example: str
    quote: str
    speaker: str
    counter_example: str | None = None


# Each reading find_quotes applies, direct ones in the order it tries them for a marked
# quote, then the indirect ones. tests/nlp/test_cues.py runs every example and counter-example.
CUE_READINGS = (
    Reading("after", 0.95, "“Rates will rise this year,” said Ada Moss.", "Rates will rise this year", "Ada Moss"),
    Reading("before", 0.9, "Ada Moss said: “Rates will rise this year.”", "Rates will rise this year.", "Ada Moss"),
    Reading("reported", 0.8, "Ada Moss said the bond sale “had no bearing whatsoever” on the rate decision.",
            "had no bearing whatsoever", "Ada Moss"),
    Reading("continuation", 0.85, "“Rates will rise this year,” said Ada Moss. “Nobody can stop that now.”",
            "Nobody can stop that now.", "Ada Moss"),
    Reading("colon", 0.6, "Ada Moss was blunt about the outlook: “Rates will rise this year, and nobody can stop that now.”",
            "Rates will rise this year, and nobody can stop that now.", "Ada Moss",
            counter_example="Ada Moss was blunt: “No comment.”"),  # too short to be more than a label
    Reading("according", 0.75, "According to Ada Moss, rates will rise sharply this year.",
            "rates will rise sharply this year", "Ada Moss",
            counter_example="According to Eurostat figures, rates rose sharply last year."),  # data is no speaker
    Reading("indirect_that", 0.75, "Ada Moss argued that rates would rise sharply this year.",
            "rates would rise sharply this year", "Ada Moss"),
    Reading("indirect_bare", 0.65, "Ada Moss said rates would rise sharply this year.",
            "rates would rise sharply this year", "Ada Moss",
            counter_example="Ada Moss said in a statement on Monday."),  # "said in" opens no clause
    Reading("indirect_tail", 0.65, "Rates will rise sharply this year, Ada Moss said.",
            "Rates will rise sharply this year", "Ada Moss"),
)
CONFIDENCE = {r.name: r.confidence for r in CUE_READINGS}

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
MARKS_RE = re.compile("[\"“”«»„‘’']")
_DOUBLE_MARK_RE = re.compile("[\"“”«»„]")
_SINGLE_MARK_RE = re.compile("[‘’']")
_VERB_ALT = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_REPORT_ALT = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
_AFTER_VERB_RE = re.compile(rf"^[\s,—–-]*(?P<verb>(?:{_VERB_ALT}))\b", re.I)
_AFTER_SUBJ_RE = re.compile(rf"^[\s,—–-]*(?P<subj>[^“”\"]{{1,160}}?)\s+(?P<verb>(?:{_VERB_ALT}))\b")
_BEFORE_RE = re.compile(
    rf"(?P<verb>\b(?:{_VERB_ALT}))\b(?P<adj>(?:\s+(?!that\b)[^\s,:;“”\"]+){{0,5}}?)\s*(?:that\s*)?[:,—–]?\s*$"
)
_BEFORE_VERB_SUBJ_RE = re.compile(rf"\b(?P<verb>(?:{_VERB_ALT}))\s+(?P<subj>[^,:“”\"]{{2,80}}?)\s*[:,]\s*$")
_ACCORDING_ALT = "|".join(ACCORDING_TO)
_ACCORDING_BEFORE_RE = re.compile(rf"\b(?P<verb>{_ACCORDING_ALT})\s+(?P<subj>[^,:“”\"]{{2,100}}?)\s*[:,]\s*$", re.I)
_ACCORDING_AFTER_RE = re.compile(rf"^[\s,—–-]*(?P<verb>{_ACCORDING_ALT})\s+(?P<subj>[^“”\"]{{2,160}})", re.I)
_THAT_RE = re.compile(
    rf"(?<![\w\-])(?P<verb>(?:{_REPORT_ALT}))\b(?P<adj>(?:\s+(?!that\b)[^\s]+){{0,{REPORTING_ADJUNCT_MAX_WORDS}}}?"
    rf"|\s+(?:{'|'.join(REPORTING_PREPOSITIONS)})(?:\s+(?!that\b)[^\s]+){{1,{REPORTING_PP_MAX_WORDS - 1}}}?)\s+that\s+(?P<clause>\S)",
)
# Speech verbs whose object is the audience ("told reporters").
_OBJECT_LEMMAS = vocab.speech_verb_lemmas("object")
_TOLD = tuple(vocab.inflect(v)["past"] for v in _OBJECT_LEMMAS)
_TELLS = tuple(vocab.inflect(v)["s"] for v in _OBJECT_LEMMAS)
_TOLD_SOMEONE = r"(?:" + vocab.alternation(_TOLD) + r")\s+[^,.]+?"
_BARE_RE = re.compile(
    r"\b(?P<verb>(?:" + vocab.alternation(set(BARE_CLAUSE_VERBS) - set(_TOLD) - set(_TELLS)) + ")"
    r"|(?:" + vocab.alternation(_TOLD) + r")\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*"
    r"|(?:" + vocab.alternation(_TELLS) + r")\s+(?:the\s+)?[\w’'\-]+)\s+(?P<clause>(?!(?:"
    + "|".join(NOT_CLAUSE_EXCEPT.get(word, word) for word in NOT_CLAUSE_STARTS)
    + r")\b)[\w’'$£€]+)"
)
_WORD_RE = re.compile(r"[a-z]+")
# "The council insisted its contractors had followed ...": other reporting verbs report a
# clause without "that" only when a subject and a finite verb follow, not an object
# ("insisted on", "warned residents to leave", "admitted the offence").
_FINITE_CLAUSE_VERBS = REPORTING_VERBS - BARE_CLAUSE_VERBS
_FINITE_CLAUSE_RE = re.compile(
    r"\b(?P<verb>" + "|".join(sorted(_FINITE_CLAUSE_VERBS, key=len, reverse=True)) + r")\s+"
    r"(?P<clause>(?=(?:he|she|they|it|we|I|you|there|(?:the|its|his|her|their|this|these|those|[A-Z][\w’'\-]*)"
    r"(?:\s+[\w’'\-]+){0,3}?)\s+(?:"
    + "|".join(FINITE_AUXILIARIES)
    + r")\b)\S)"
)
_SINGLE_CLOSE_RE = re.compile(r"[,.!?…]['’](?!\w)")
_SINGLE_OPEN_RE = re.compile(r"(?<=[\s(\[—–-])['‘](?=\w)")
_LOWER_WORD_RE = re.compile(r"\b[a-z]+\b")
_CUE_WORDS = REPORTING_VERBS | frozenset(w for p in ACCORDING_TO for w in p.split() if len(w) > 3) | frozenset(PARTICIPLE_VERBS + AUDIENCE_PARTICIPLES + ("informed", "notified"))
_SENTENCE_END_RE = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bGen)(?<!\bMaj)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bProf)[.!?]\s")
_AUX_END_RE = re.compile(r"(?:\s+(?:has|have|had|also|previously|earlier|repeatedly|once|then|later|long|would|will|did|does|do|not|never|always|often|again))+\s*$")
_PASSIVE_RE = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?P<verb>" + vocab.alternation(vocab.speech_verbs("passive")) + r")\s+"
    r"(?:[^,]{0,40}?\s)?(?:by|from)\s+(?P<subj>(?:the\s+)?[A-Z][^,]{0,80}?)\s+(?:in\s+\S+\s+)?that\s+(?P<clause>\S)"
)
_SAYING_RE = re.compile(
    rf",\s+(?:(?P<verb>{'|'.join(PARTICIPLE_VERBS)})\s+(?:that\s+)?"
    rf"|(?P<verb2>{'|'.join(AUDIENCE_PARTICIPLES)})(?:\s+[^\s,.;:]+){{1,{AUDIENCE_MAX_WORDS}}}?\s+that\s+)(?P<clause>\S)"
)
_ACRONYM_END_RE = re.compile(r"\s*\([A-Z][A-Za-z&]{1,7}\)\s*$")
_WHICH_SAYS_RE = re.compile(
    r"(?P<subj>(?:[A-Z][\w’'\-&.]*\s+(?:(?:of|for|and|the)\s+)*){0,8}[A-Z][\w’'\-&.]*)(?:\s+\([A-Z]{2,8}\))?,\s+which\s+"
    r"(?P<verb>" + vocab.alternation(vocab.speech_verbs("which")) + r")\s+(?:that\s+)?(?P<clause>\S)"
)
_DATELINE_RE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .,'\-]+\s+[—–-]+\s+")
_TAIL_RE = re.compile(
    r"(?:(?P<subj>[^,“”\"]{2,80}?)\s+(?P<verb>" + vocab.alternation(vocab.speech_verbs("tail")) + "|" + _TOLD_SOMEONE + r")"
    r"(?:\s+[^,.“”\"]+?){0,6}?|(?P<verb2>said|says)\s+(?P<subj2>[^“”\"]{2,160}?))[.!]?"
)
# "..., the Andes Grid Coordinator, which runs the national grid, said on Thursday."
_TAIL_RELATIVE_RE = re.compile(
    r",\s+(?P<subj>(?:the\s+)?[A-Z][^,“”\"]{1,60}?),\s+(?P<rel>which|who)\s+[^,“”\"]{2,80}?,\s+"
    r"(?P<verb>" + vocab.alternation(vocab.speech_verbs("relative")) + "|" + _TOLD_SOMEONE + r")(?:\s+[^,.“”\"]+?){0,6}?[.!]?$"
)
# How many trailing comma-separated segments may hold a closing attribution ("..., said X, the Y's Z.").
TAIL_SEGMENTS = 3
_VERDICT_RE = re.compile(rf"\b(?P<verb>{'|'.join(VERDICT_VERBS)})\s+(?:the|a|an|his|her|their|its|this|that|these|those|it|them)(?:\s+[^\s,;:“”\"]+){{0,4}}?\s+(?:as\s+)?$")
_PARENTHETICAL_RE = re.compile(rf",\s+(?P<subj>[^,;:“”\"]{{2,60}}?)\s+(?P<verb>{_REPORT_ALT})\s*,\s")
_ACCORDING_HEAD_RE = re.compile(rf"^(?P<verb>(?i:{_ACCORDING_ALT}))\s+(?P<subj>[^,]{{2,120}}?),\s+(?P<clause>.+)$")
_ACCORDING_TAIL_RE = re.compile(rf",\s+(?P<verb>{_ACCORDING_ALT})\s+(?P<subj>[^“”\"]{{2,160}}?)[.!]?$")


@dataclass(frozen=True)
class QuoteSpan:
    """A quote found in the text, before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue_start: int
    cue_end: int
    confidence: float
    speaker: Mention | None = None
    # Set when the quote continues the speaker of the quote before it (or, for a
    # paragraph that opens a multi-paragraph quote, of the quote after it).
    continues: bool = False
    paragraph: int = 0
    looks_ahead: bool = False
    # The name of the reading (CUE_READINGS) that found the quote.
    reading: str | None = None


def find_quotes(text: str, paragraphs: tuple[tuple[int, int], ...], claims: list[Claim]) -> list[QuoteSpan]:
    """Return the direct and indirect quotes of a clean text in text order."""
    out: list[QuoteSpan] = []
    sentences = [(c.start, c.end) for c in claims]
    si = 0
    open_chain = False
    prev_par_quoted = False
    for pi, (p_start, p_end) in enumerate(paragraphs):
        par_sents = []
        while si < len(sentences) and sentences[si][1] <= p_end:
            if sentences[si][0] >= p_start:
                par_sents.append(sentences[si])
            si += 1
        spans = _mark_spans(text, p_start, p_end)
        direct = _direct(text, p_start, p_end, spans, par_sents, pi, open_chain, prev_par_quoted)
        out.extend(direct)
        open_chain = bool(spans) and spans[-1][1] is None and direct and direct[-1].end >= _rstrip(text, p_start, p_end) - 1
        n_before = len(out)
        taken = [(q.start, q.end) for q in direct]
        # A marked title ("the assessment, ‘Rural Court Estate: Options Review’,") is no speech,
        # so it does not stop the sentence around it from being reported speech.
        quoted = [(s, e if e is not None else p_end) for s, e in spans if e is None or not _is_title(text, p_start, s, text[s + 1 : e])]
        quoted = [(s, e) for s, e in quoted if _words(text, s, e) > SHORT_QUOTE_WORDS]
        for s_start, s_end in par_sents:
            if any(s_start < e and s < s_end for s, e in quoted):
                continue
            if any(s_start <= s < s_end for s, _ in taken):
                continue
            q = _indirect(text, s_start, s_end, pi)
            if q is not None:
                out.append(q)
        prev_par_quoted = len(out) > n_before - len(direct)
    out.sort(key=lambda q: q.start)
    return _chain(out)


def _rstrip(text: str, start: int, end: int) -> int:
    """Return `end` moved left past trailing whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _words(text: str, start: int, end: int) -> int:
    """Return the number of words in text[start:end]."""
    return len(text[start:end].split())


def _mark_spans(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """Return (opening mark, closing mark or None if unclosed) pairs of a paragraph."""
    spans: list[tuple[int, int | None]] = []
    open_at: int | None = None
    for m in _DOUBLE_MARK_RE.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in DOUBLE_OPEN or ch == '"' and open_at is None:
            if open_at is None:
                open_at = i
        elif open_at is not None:
            spans.append((open_at, i))
            open_at = None
    if open_at is not None:
        spans.append((open_at, None))
    singles = _single_spans(text, start, end, spans)
    # ‘I knew the job was “a project”, …’: speech quoted inside a quote is part of it, not a
    # quote of its own, and must not cut the outer quote short.
    spans = [(s, e) for s, e in spans if not any(o < s and e is not None and c is not None and e < c for o, c in singles)]
    spans.extend(singles)
    spans.sort()
    return spans


def _single_spans(text: str, start: int, end: int, doubles) -> list[tuple[int, int | None]]:
    """Return quotes in single marks outside double-quoted text, ignoring apostrophes."""
    covered = [(s, e if e is not None else end) for s, e in doubles]
    spans: list[tuple[int, int | None]] = []
    open_at: int | None = None
    for m in _SINGLE_MARK_RE.finditer(text, start, end):
        i = m.start()
        if any(s <= i <= e for s, e in covered):
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # Iran’s, don't
        if open_at is None:
            if (before.isspace() or before in "([—–-") and after.isalpha():
                open_at = i
        elif not before.isspace() and not after.isalnum() and not _plural_possessive(text, i, end):
            spans.append((open_at, i))
            open_at = None
    # ‘The cameras worked, … (no closing mark): a quote that runs on into the next paragraph,
    # when it opens a sentence with a capital; a lower-case ’em or ’tis is no quote.
    if open_at is not None and text[open_at + 1 : open_at + 2].isupper() and text[open_at] in "‘'":
        spans.append((open_at, None))
    return spans


def _plural_possessive(text: str, i: int, end: int) -> bool:
    """Return whether the mark at i, inside an open single quote, is a plural possessive ("the residents' bay")."""
    if text[i - 1] != "s" or text[i + 1 : i + 2] != " " or not text[i + 2 : i + 3].islower():
        return False
    # It is when the quote closes later, after punctuation, before any new quote opens;
    # a scare phrase ('Blue Meanies' because ...) has no such close after it.
    close = _SINGLE_CLOSE_RE.search(text, i + 1, end)
    opener = _SINGLE_OPEN_RE.search(text, i + 1, end)
    return close is not None and (opener is None or close.start() < opener.start())


def _inner(text: str, open_at: int, close_at: int) -> tuple[int, int]:
    """Return the trimmed span between two marks, without a trailing comma."""
    s, e = open_at + 1, close_at
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


def _sentence_of(pos: int, sents: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Return the sentence span holding `pos`."""
    for s, e in sents:
        if s <= pos < e:
            return s, e
    return None


def _direct(
    text: str,
    p_start: int,
    p_end: int,
    spans: list[tuple[int, int | None]],
    sents: list[tuple[int, int]],
    pi: int,
    open_chain: bool,
    prev_par_quoted: bool,
) -> list[QuoteSpan]:
    """Return the direct quotes of one paragraph."""
    out: list[QuoteSpan] = []
    p_last = _rstrip(text, p_start, p_end)
    for idx, (o, c) in enumerate(spans):
        close = c if c is not None else p_last
        s, e = _inner(text, o, close)
        if e <= s:
            continue
        # Text around the quote, bounded by neighbouring quotes and by the sentence.
        prev_close = spans[idx - 1][1] if idx > 0 else None
        next_open = spans[idx + 1][0] if idx + 1 < len(spans) else p_last
        sent = _sentence_of(o, sents) or (p_start, p_last)
        b_from = max(sent[0], (prev_close + 1) if prev_close is not None else p_start)
        after_sent = _sentence_of(close + 1, sents) if c is not None else None
        a_to = min(next_open, after_sent[1] if after_sent else (close + 1))
        a_from = close + 1 if c is not None else close
        inner = text[s:e]
        words = len(inner.split())
        if _is_title(text, b_from, o, inner):
            continue
        found = _cue_after(text, a_from, a_to, text[close - 1], inner)
        source = "after"
        if found is None:
            found = _cue_before(text, b_from, o, short=words <= SHORT_QUOTE_WORDS)
            source = "before"
        if found is None:
            found = _cue_reported(text, sent, o, pi)
            source = "reported"
        if found is None and out and out[-1].paragraph == pi and out[-1].end <= o:
            # “A,” said X. “B.” — a later quote without its own cue is the same speaker's.
            found = (out[-1].cue_start, out[-1].cue_end, out[-1].speaker)
            source = "continuation"
        whole_par = o == p_start and (c is None or not text[c + 1 : p_last].strip(" .,;:!?\"”’"))
        if found is None and whole_par and (open_chain or prev_par_quoted or _prev_par_intro(text, p_start)):
            out.append(QuoteSpan(s, e, "direct", -1, -1, CONFIDENCE["continuation"], None, True, pi, reading="continuation"))
            continue
        if found is None and o == p_start and open_chain:
            out.append(QuoteSpan(s, e, "direct", -1, -1, CONFIDENCE["continuation"], None, True, pi, reading="continuation"))
            continue
        if found is None and o == p_start and c is None:
            # An opening paragraph of a multi-paragraph quote: the speaker is named further on.
            out.append(QuoteSpan(s, e, "direct", -1, -1, CONFIDENCE["continuation"], None, True, pi, True, reading="continuation"))
            continue
        if found is None:
            found = _cue_colon(text, b_from, o) if words > SHORT_QUOTE_WORDS else None
            source = "colon"
        if found is None:
            continue
        cue_s, cue_e, mention = found
        if words <= SHORT_QUOTE_WORDS and source in ("colon",):
            continue
        out.append(QuoteSpan(s, e, "direct", cue_s, cue_e, CONFIDENCE[source], mention, False, pi, reading=source))
    return out


def _is_title(text: str, b_from: int, o: int, inner: str = "") -> bool:
    """Return whether a quoted phrase is a title or a name, by its words or the words before it."""
    window = text[b_from:o].rstrip(" :")
    before = window.rstrip(",").split()
    if before and before[-1].casefold().strip("“”\"") in TITLE_CUES:
        return True
    # "its annual report, “Energía No Suministrada 2024”,": a document named in apposition.
    if window.endswith(",") and before and before[-1].casefold() in DOCUMENT_NOUNS:
        return True
    return _title_case(inner)


def _title_case(inner: str) -> bool:
    """Return whether marked words are capitalised like a title ("Rural Court Estate: Options Review")."""
    words = inner.rstrip(" .,;:").split()
    if len(words) < 2 or inner.rstrip()[-1:] in "?!":
        return False
    if any(c in inner for c in ".?!") and not inner.rstrip().endswith("."):
        return False  # two sentences of speech, however capitalised
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in TITLE_CONNECTORS for w in words) and words[0][:1].isupper()


def _cue_reported(text: str, sent: tuple[int, int], o: int, pi: int):
    """Return (cue start, cue end, speaker) of reported speech that a marked phrase sits inside."""
    # "She said the bond sale “had no bearing whatsoever” on when …", "Peña agreed, writing
    # that the notice “would not …”": the marked words are the speaker's own, quoted directly.
    s_start = sent[0]
    before = text[s_start:o]
    if not before.strip() or _opens_noun_phrase(before):
        return None
    m = _VERDICT_RE.search(before)
    if m:
        mention = _speaker(text, s_start, s_start + m.start("verb"), "before")
        if mention and mention.kind != "pronoun" and _subject_close(text, mention, s_start + m.start("verb")):
            return s_start + m.start("verb"), s_start + m.end("verb"), mention
    m = _PARENTHETICAL_RE.search(before)
    if m:
        # "Any such hearing, Peña wrote, must allow for “…”": the cue interrupts the sentence.
        mention = _speaker(text, s_start + m.start("subj"), s_start + m.end("subj"), "before")
        if mention:
            return s_start + m.start("verb"), s_start + m.end("verb"), mention
    q = _indirect(text, s_start, sent[1], pi)
    if q is not None and q.cue_end <= o and q.start <= o < max(q.end, o + 1) and q.cue_start >= s_start:
        return q.cue_start, q.cue_end, q.speaker
    return None


def _opens_noun_phrase(before: str) -> bool:
    """Return whether the word before a mark makes the marked words part of a noun phrase."""
    words = before.split()
    last = words[-1].casefold() if words else ""
    return last in NOUN_PHRASE_OPENERS or last.endswith(("’s", "'s", "s’", "s'"))


def _prev_par_intro(text: str, p_start: int) -> bool:
    """Return whether the previous paragraph ends with a colon introducing this one."""
    return text[:p_start].rstrip().endswith(":")


def _cue_after(text: str, a_from: int, a_to: int, last_char: str, inner: str):
    """Return (cue start, cue end, speaker) from the attribution that follows a quote."""
    window = text[a_from:a_to]
    if not window.strip():
        return None
    # A quote that ends in mid-phrase ("a “no limits” pact") is not followed by its attribution.
    if last_char not in ".,!?…—–-" and window.lstrip(" ")[:1] not in (",", "—", "–"):
        return None
    m = _ACCORDING_AFTER_RE.match(window)
    if m and not _is_data(m.group("subj")):
        mention = _speaker(text, a_from + m.start("subj"), a_from + len(_trim_end(window)), "after")
        if mention:
            return a_from + m.start("verb"), a_from + m.end("verb"), mention
    m = _AFTER_VERB_RE.match(window)
    if m:
        subj_end = a_from + len(_trim_end(window))
        mention = _speaker(text, a_from + m.end("verb"), subj_end, "after")
        if mention:
            return a_from + m.start("verb"), a_from + m.end("verb"), mention
    m = _AFTER_SUBJ_RE.match(window)
    if m and not _SENTENCE_END_RE.search(m.group("subj")):
        mention = _speaker(text, a_from + m.start("subj"), a_from + m.end("subj"), "before")
        if mention and _subject_fits(mention, a_from + m.end("subj"), text):
            return a_from + m.start("verb"), a_from + m.end("verb"), mention
    return None


def _subject_fits(mention: Mention, subj_end: int, text: str) -> bool:
    """Return whether a mention is the whole subject rather than an object inside it."""
    gap = text[mention.end:subj_end]
    return len(gap.split()) <= 16


def _trim_end(window: str) -> str:
    """Return a window without trailing whitespace and sentence punctuation."""
    w = window.rstrip()
    # The full stop of "Inc." or "Jr." belongs to the name as well as to the sentence.
    if _ABBREVIATED_NAME_END_RE.search(w):
        return w
    return w.rstrip(".!?;:,—–- ")


def _cue_before(text: str, b_from: int, o: int, short: bool = False):
    """Return (cue start, cue end, speaker) from an attribution that leads into a quote."""
    window = text[b_from:o]
    if not window.strip():
        return None
    if short and not _COLON_COMMA_END_RE.search(window):
        # "remained “solid.”": a short quoted word inside a sentence needs "said:" right before it.
        return None
    m = _ACCORDING_BEFORE_RE.search(window)
    if m and not _is_data(m.group("subj")):
        mention = _speaker(text, b_from + m.start("subj"), b_from + m.end("subj"), "after")
        if mention:
            return b_from + m.start("verb"), b_from + m.end("verb"), mention
    m = _BEFORE_RE.search(window)
    if m:
        mention = _speaker(text, b_from, b_from + m.start("verb"), "before")
        if mention:
            return b_from + m.start("verb"), b_from + m.end("verb"), mention
    m = _BEFORE_VERB_SUBJ_RE.search(window)
    if m:
        mention = _speaker(text, b_from + m.start("subj"), b_from + m.end("subj"), "after")
        if mention:
            return b_from + m.start("verb"), b_from + m.end("verb"), mention
    return None


def _cue_colon(text: str, b_from: int, o: int):
    """Return the subject of a sentence that introduces a quote with a colon."""
    window = text[b_from:o].rstrip()
    if not window.endswith(":"):
        return None
    colon = b_from + len(window) - 1
    m = _CAPITALISED_SUBJECT_RE.match(window)
    if not m:
        return None
    mention = _speaker(text, b_from + m.start("subj"), b_from + m.end("subj"), "before")
    if mention is None or mention.kind == "institution":
        return None
    return colon, colon + 1, mention


def _speaker(text: str, start: int, end: int, side: str) -> Mention | None:
    """Return who text[start:end] names, or None when it names nobody."""
    # A comma closing an appositive ("X, a professor at Y, said") marks where the subject ends.
    while end > start and text[end - 1] in (" ;:—–-" if side == "before" else " ,;:—–-"):
        end -= 1
    if side == "before":
        m = _AUX_END_RE.search(text, start, end)
        if m and m.end() >= end:
            end = m.start()
        # "The Medicines and Healthcare products Regulatory Agency (MHRA) said": the acronym
        # in brackets repeats the name.
        m = _ACRONYM_END_RE.search(text, start, end)
        if m and m.end() >= end:
            end = m.start()
    while start < end and text[start] in " ,;:—–-":
        start += 1
    if end <= start:
        return None
    return parse_speaker(text, start, end, side)


def _indirect(text: str, s_start: int, s_end: int, pi: int) -> QuoteSpan | None:
    """Return the reported speech of a sentence without quote marks, if it has any."""
    sent = text[s_start:s_end]
    # Most sentences report nobody; a word-set check spares them the regexes below.
    words = set(_WORD_RE.findall(sent.casefold()))
    if _CUE_WORDS.isdisjoint(words):
        return None
    m = _ACCORDING_HEAD_RE.match(sent)
    if m and not _is_data(m.group("subj")):
        mention = _speaker(text, s_start + m.start("subj"), s_start + m.end("subj"), "after")
        if mention:
            return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start("verb"), s_start + m.end("verb"), mention, "according", pi)
    m = _ACCORDING_TAIL_RE.search(sent) if any(p in sent for p in ACCORDING_TO) else None
    if m and not _is_data(m.group("subj")):
        mention = _speaker(text, s_start + m.start("subj"), s_start + m.end("subj"), "after")
        if mention:
            return _head_quote(text, s_start, s_start + m.start(), s_start + m.start("verb"), s_start + m.end("verb"), mention, pi)
    for m in _that_matches(sent):
        if m.group("verb").casefold() in ("point", "points", "pointed") and not m.group("adj").strip().startswith("out"):
            continue
        mention = _speaker(text, s_start, s_start + m.start("verb"), "before")
        if mention and _subject_close(text, mention, s_start + m.start("verb")):
            return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start("verb"), s_start + m.end("verb"), mention, "indirect_that", pi)
    m = _PASSIVE_RE.search(sent) if "that" in sent else None
    if m:
        mention = _speaker(text, s_start + m.start("subj"), s_start + m.end("subj"), "after")
        if mention and mention.kind == "institution":
            return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start("verb"), s_start + m.end("verb"), mention, "indirect_bare", pi)
    m = _SAYING_RE.search(sent) if "," in sent else None
    if m:
        head = _DATELINE_RE.match(sent)
        h = head.end() if head else 0
        mention = _speaker(text, s_start + h, s_start + m.start(), "after")
        v = "verb" if m.group("verb") else "verb2"
        if mention and mention.kind != "pronoun":
            return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start(v), s_start + m.end(v), mention, "indirect_bare", pi)
    found = _relative_tail(text, s_start, sent, pi)
    if found is not None:
        return found
    m = _WHICH_SAYS_RE.search(sent) if "which" in sent else None
    if m:
        # "called by the Health Workers' Alliance (HWA), which says its members have lost ...".
        mention = _body_before_which(m.group("subj"), s_start + m.end("subj"))
        return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start("verb"), s_start + m.end("verb"), mention, "indirect_bare", pi)
    m, comma = _tail(sent)
    if m and len(sent[:comma].split()) >= 4 and not MARKS_RE.match(sent):
        if m.group("subj"):
            mention = _speaker(text, s_start + m.start("subj"), s_start + m.end("subj"), "before")
            verb = "verb"
            if mention is not None and not _subject_close(text, mention, s_start + m.start("verb")):
                mention = None
        else:
            mention = _speaker(text, s_start + m.start("subj2"), s_start + m.end("subj2"), "after")
            verb = "verb2"
            if mention is not None and mention.kind == "pronoun":
                mention = None  # "..., said she would ask" reports her words, it does not name her
            elif mention is not None:
                rest = text[mention.end : s_start + m.end("subj2")].strip()
                if rest and not rest.startswith(",") and not _TIME_PHRASE_RE.fullmatch(rest):
                    mention = None  # "..., said the government should act": a clause, not a name
        if mention:
            v_s = s_start + m.start(verb)
            v_e = v_s + len(m.group(verb).split()[0])
            return _head_quote(text, s_start, s_start + comma, v_s, v_e, mention, pi)
    for m in _bare_matches(sent, words):
        mention = _speaker(text, s_start, s_start + m.start("verb"), "before")
        if mention and _subject_close(text, mention, s_start + m.start("verb")):
            verb_end = s_start + m.start("verb") + len(m.group("verb").split()[0])
            return _clause_quote(text, s_start, s_end, s_start + m.start("clause"), s_start + m.start("verb"), verb_end, mention, "indirect_bare", pi)
    return None


def _body_before_which(subject: str, subject_end: int) -> Mention:
    """Return the body a "which" clause follows: "which" stands for a thing, so the name is an organization's."""
    name = _LEADING_ARTICLE_RE.sub("", subject)
    return Mention(subject_end - len(name), subject_end, name, kind="institution")


def _relative_tail(text: str, s_start: int, sent: str, pi: int) -> QuoteSpan | None:
    """Return "A, the Andes Grid Coordinator, which runs the grid, said." as a quote of the named body."""
    m = _TAIL_RELATIVE_RE.search(sent) if "which" in sent or "who" in sent else None
    if m is None:
        return None
    subj_s, subj_e = s_start + m.start("subj"), s_start + m.end("subj")
    if m.group("rel") == "which":
        mention = _body_before_which(m.group("subj"), subj_e)
        if not mention.name[:1].isupper():
            return None
    else:
        mention = _speaker(text, subj_s, subj_e, "before")
    if mention is None or mention.kind == "pronoun":
        return None
    return _head_quote(text, s_start, s_start + m.start(), s_start + m.start("verb"), s_start + m.end("verb"), mention, pi)


def _bare_matches(sent: str, words: set[str]):
    """Yield "X said the plan failed" reports, then "X insisted its staff had acted" ones."""
    yield from _BARE_RE.finditer(sent)
    if not _FINITE_CLAUSE_VERBS.isdisjoint(words):
        yield from _FINITE_CLAUSE_RE.finditer(sent)


def _that_matches(sent: str):
    """Yield every "VERB ... that" in a sentence, including one inside an earlier match's words."""
    # "X, who co-wrote the study, cautioned that ...": the relative clause's verb must not hide
    # the main verb after it, so each search restarts right after the previous verb.
    if "that" not in sent:
        return
    pos = 0
    while True:
        m = _THAT_RE.search(sent, pos)
        if m is None:
            return
        yield m
        pos = m.end("verb")


def _is_data(subject: str) -> bool:
    """Return whether "according to ..." cites figures or a document rather than someone speaking."""
    # "according to Eurostat figures", "according to unofficial results from the board".
    return not DATA_NOUNS.isdisjoint(_LOWER_WORD_RE.findall(subject))


def _tail(sent: str) -> tuple[re.Match | None, int]:
    """Return the attribution closing a sentence ("..., the minister said.") and the comma before it."""
    commas = []
    pos = len(sent)
    for _ in range(TAIL_SEGMENTS):
        pos = sent.rfind(", ", 0, pos)
        if pos < 0:
            break
        commas.append(pos)
    for n, pos in enumerate(commas):
        m = _TAIL_RE.fullmatch(sent, pos + 2)
        if m and not _reports_clause(sent, m):
            return m, pos
        # "..., the ministry said on Wednesday, the biggest rise in a decade."
        if n > 0:
            end = commas[n - 1]
            rest = sent[end:]
            m = _TAIL_RE.fullmatch(sent, pos + 2, end)
            if m and _CUE_WORDS.isdisjoint(_WORD_RE.findall(rest.casefold())):
                return m, pos
    return None, -1


def _reports_clause(sent: str, m: re.Match) -> bool:
    """Return whether a closing "X said ..." goes on to report a clause ("..., Ms. Lund said she had left")."""
    if not m.group("subj") or not m.group("verb").startswith(("said", "says", "added", "adds")):
        return False
    rest = sent[m.end("verb") : m.end()].strip(" .!").split()
    # "said on Tuesday", "said in a statement" qualify the verb; "said she had" reports words.
    return len(rest) >= 3 and rest[0].casefold() not in NOT_CLAUSE_STARTS


def _subject_close(text: str, mention: Mention, verb_start: int) -> bool:
    """Return whether the named speaker is the subject of the verb, not a distant noun."""
    gap = text[mention.end:verb_start]
    if not gap.strip():
        return True
    g = _AUX_END_RE.sub("", " " + gap.strip()).strip()
    g = _ACRONYM_END_RE.sub("", g).strip()  # "… Regulatory Agency (MHRA) said"
    g = _WHO_END_RE.sub(",", g)
    if not g:
        return True
    if g.startswith(",") or g.endswith(",") and g.count(",") == 1:
        return g.endswith(",") and len(g.split()) <= 18 and not _CLAUSE_IN_GAP_RE.search(g)
    return bool(_DESCRIBING_GAP_RE.fullmatch(g))


def _clause_quote(text, s_start, s_end, c_start, cue_s, cue_e, mention, source, pi) -> QuoteSpan | None:
    """Return a quote spanning a reported clause to the end of its sentence."""
    end = _rstrip(text, c_start, s_end)
    head = text[s_start:cue_s].lstrip(" “\"").casefold()
    if head.startswith(tuple(w + " " for w in SUBORDINATORS)) or head.startswith(tuple(w + "," for w in SUBORDINATORS)):
        # "While X argues that A—B—C": the main clause after the last comma or dash is not X's.
        cut = max(text.rfind(",", c_start, end), text.rfind("—", c_start, end), text.rfind("–", c_start, end))
        if cut > c_start:
            end = cut
    while end > c_start and (text[end - 1] in ".!?;:,—–- " or text[end - 1].isspace()):
        end -= 1
    if len(text[c_start:end].split()) < 3:
        return None
    return QuoteSpan(c_start, end, "indirect", cue_s, cue_e, CONFIDENCE[source], mention, False, pi, reading=source)


def _head_quote(text, s_start, c_end, cue_s, cue_e, mention, pi) -> QuoteSpan | None:
    """Return a quote spanning the clause that opens a sentence ("A, the minister said.")."""
    dateline = _DATELINE_RE.match(text, s_start, c_end)
    start = dateline.end() if dateline else s_start
    while start < c_end and text[start].isspace():
        start += 1
    end = c_end
    while end > start and (text[end - 1] in ".!?;:,—–- " or text[end - 1].isspace()):
        end -= 1
    if len(text[start:end].split()) < 4:
        return None
    return QuoteSpan(start, end, "indirect", cue_s, cue_e, CONFIDENCE["indirect_tail"], mention, False, pi, reading="indirect_tail")


def _chain(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """Return quotes with continuation quotes given the cue and speaker of their chain."""
    out = list(quotes)
    for i, q in enumerate(out):
        if q.continues and q.speaker is None:
            if not q.looks_ahead and i > 0 and (out[i - 1].speaker is not None or out[i - 1].continues):
                prev = out[i - 1]
                out[i] = QuoteSpan(q.start, q.end, q.kind, prev.cue_start, prev.cue_end, q.confidence, prev.speaker, True, q.paragraph, reading=q.reading)
            else:
                # Look ahead within the chain for the paragraph that names the speaker.
                for nxt in out[i + 1 :]:
                    if nxt.speaker is not None and nxt.kind == "direct" and nxt.paragraph - q.paragraph <= 3:
                        out[i] = QuoteSpan(q.start, q.end, q.kind, nxt.cue_start, nxt.cue_end, q.confidence, nxt.speaker, False, q.paragraph, reading=q.reading)
                        break
    return [q for q in out if q.speaker is not None and q.cue_start >= 0]
_ABBREVIATED_NAME_END_RE = re.compile(r"\b(?:" + vocab.alternation(w.capitalize() for w in vocab.abbreviated_name_ends()) + r")\.$")
_COLON_COMMA_END_RE = re.compile(r"[:,]\s*$")
_CAPITALISED_SUBJECT_RE = re.compile(r"\s*(?P<subj>(?:[A-Z][\w’'\-.]*\s?){1,5})")
_TIME_PHRASE_RE = re.compile(r"(?:on|in|at|last|this)\s+\w+")
_LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)
_WHO_END_RE = re.compile(r",?\s*\bwho$")
_CLAUSE_IN_GAP_RE = re.compile(r"\b(?:" + vocab.alternation(vocab.speech_verbs("gap")) + r"|but)\b|\band\s+(?:his|her|their)\b")
_DESCRIBING_GAP_RE = re.compile(r"(?:(?:of|at|from|with)\s[^,]{1,80}|also|has|had|have|\w+ly|once|later|then|too)")
