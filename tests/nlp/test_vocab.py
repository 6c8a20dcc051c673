"""The vocabularies in annotations/nlp/vocab/ are written once and every list is built from them."""

import ast
import re
from pathlib import Path

import pytest

from annotations.nlp import attribute, clean, mentions, quotes, score, segment, vocab

NLP = Path(vocab.__file__).resolve().parent
FILES = sorted(p.stem for p in (NLP / "vocab").glob("*.txt"))


def test_every_vocabulary_file_is_read():
    assert set(FILES) == {"company_suffixes", "honorifics", "irregular_verbs", "months", "name_suffixes", "speech_verbs", "weekdays"}


@pytest.mark.parametrize("name", FILES)
def test_no_vocabulary_file_repeats_an_entry(name):
    firsts = vocab.words(name)
    assert len(firsts) == len(set(firsts))
    if name in ("months", "weekdays"):
        every = [w for row in vocab.rows(name) for w in row]
        assert len(every) == len(set(every))


@pytest.mark.parametrize("use", sorted(vocab.VERB_USE_FORMS))
def test_each_use_of_a_speech_verb_is_a_subset_of_the_verbs_without_repeats(use):
    forms = vocab.speech_verbs(use)
    assert forms and len(forms) == len(set(forms))
    assert set(forms) <= vocab.all_speech_verb_forms()


def test_derived_lists_are_subsets_of_their_source():
    verbs = vocab.all_speech_verb_forms()
    for derived in (quotes.SPEECH_VERBS, quotes.REPORTING_VERBS, quotes.BARE_CLAUSE_VERBS, quotes.PARTICIPLE_VERBS,
                    quotes.AUDIENCE_PARTICIPLES, segment.ATTRIBUTION_VERBS, score._ATTRIBUTION_WORDS - {"according"}):
        assert set(derived) <= verbs
    assert quotes.BARE_CLAUSE_VERBS <= quotes.SPEECH_VERBS
    honorifics = set(vocab.honorifics())
    assert honorifics <= mentions.HONORIFICS
    assert set(vocab.honorific_genders()) <= honorifics
    assert {h.casefold() for h in vocab.front_honorifics()} <= honorifics
    assert {k for k in attribute.GENDER_WORDS if k not in ("he", "him", "she", "her")} <= honorifics
    assert set(vocab.company_suffixes()) <= set(attribute.COMPANY_MARKS)
    assert set(mentions.COMPANY_SUFFIXES) == set(vocab.company_suffixes())
    ends = {w.rstrip(".") for w in vocab.words("company_suffixes") + vocab.words("name_suffixes")}
    assert set(vocab.abbreviated_name_ends()) <= ends
    calendar = {w for name in ("months", "weekdays") for row in vocab.rows(name) for w in row}
    assert set(clean.MONTHS) <= calendar
    assert set(vocab.weekday_abbreviations()) <= calendar
    assert mentions.CALENDAR_WORDS <= calendar
    assert {w.casefold().rstrip(".") for w in score.MONTH_WORDS} <= calendar


@pytest.mark.parametrize(
    "lemma, forms",
    [
        ("grumble", ("grumble", "grumbles", "grumbled", "grumbling")),
        ("reply", ("reply", "replies", "replied", "replying")),
        ("stress", ("stress", "stresses", "stressed", "stressing")),
        ("counter", ("counter", "counters", "countered", "countering")),
        ("say", ("say", "says", "said", "saying")),
        ("admit", ("admit", "admits", "admitted", "admitting")),
    ],
)
def test_verb_forms_come_from_the_lemma(lemma, forms):
    assert tuple(vocab.inflect(lemma).values()) == forms


def test_a_speech_verb_line_reaches_the_cue_patterns():
    """One line in speech_verbs.txt is all a new cue verb needs: its forms are in the pattern."""
    assert "testified" in quotes.SPEECH_VERBS and quotes._AFTER_VERB_RE.match(", testified Ms Roy")
    assert quotes._TAIL_RE.fullmatch("Ms Roy warned") and quotes._WHICH_SAYS_RE.search("Acme Corp, which maintains that it")


def _vocabulary_sets():
    """Return each vocabulary as the set of its words, case-folded and without full stops."""
    out = {"speech verbs": vocab.all_speech_verb_forms()}
    for name in FILES:
        if name not in ("speech_verbs", "irregular_verbs"):
            out[name] = {w.rstrip(".") for row in vocab.rows(name) for w in row if w not in ("m", "f", "front", "strict")}
    return out


_ALTERNATION = re.compile(r"(?<![\w\\])[A-Za-z’'\-]+(?:\|[A-Za-z’'\-]+){3,}(?![\w])")


def _spelled_lists():
    """Yield (file:line, words) for each regex alternation and each "...".split() word list in nlp/*.py."""
    for path in sorted(NLP.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for m in _ALTERNATION.finditer(node.value):
                    yield f"{path.name}:{node.lineno}", m.group().split("|")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
                    and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
                yield f"{path.name}:{node.lineno}", node.func.value.value.split()


# Lists of another concept that share a few words with a vocabulary, with the reason.
_OTHER_CONCEPTS = {
    # Events a claim reports (check-worthiness), of which announcing is one.
    ("score.py", frozenset({"announced", "reported", "confirmed", "agreed"})),
}


def _lemmas(words):
    """Return the speech verb lemmas whose forms the words are."""
    return {lemma for lemma in vocab.speech_verb_lemmas() for w in words if w in vocab.inflect(lemma).values()}


def test_no_source_in_nlp_spells_out_a_vocabulary():
    """A regex alternation or word list holding four words of one vocabulary must be built from it instead."""
    found = []
    for where, words in _spelled_lists():
        for name, vocabulary in _vocabulary_sets().items():
            hits = [w for w in words if w.casefold().rstrip(".") in vocabulary]
            # Verb forms count by lemma: "estimate estimates report reports" are nouns of data.
            count = len(_lemmas(hits)) if name == "speech verbs" else len(hits)
            if count >= 4 and (where.split(":")[0], frozenset(hits)) not in _OTHER_CONCEPTS:
                found.append(f"{where}: {name}: {' '.join(hits[:8])}")
    assert found == []
