"""Vocabularies of the text pipeline, each written once as a plain list in vocab/*.txt.

Every module that needs a word list, or a regex alternation of one, builds it from here,
so that adding a speech verb is one line in vocab/speech_verbs.txt.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DIR = Path(__file__).resolve().parent / "vocab"

# The forms each use of a speech verb takes unless its line names others ("bare:s,past").
VERB_USE_FORMS = {
    "cue": ("base", "s", "past"),
    "reporting": ("base", "s", "past"),
    "bare": ("base", "s", "past"),
    "participle": ("ing",),
    "audience": ("ing",),
    "object": ("past",),
    "sentence": ("s", "past"),
    "score": ("s", "past"),
    "which": ("s", "past"),
    "tail": ("s", "past"),
    "relative": ("s", "past"),
    "passive": ("past",),
    "gap": ("s", "past"),
    "appositive": ("s", "past"),
    "predicate": ("s", "past"),
    "stopword": ("past",),
}
FORMS = ("base", "s", "past", "ing")


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the lines of vocab/NAME.txt split into words, without comments and blank lines."""
    text = (DIR / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(tuple(line.split("#", 1)[0].split()) for line in text.splitlines() if line.split("#", 1)[0].strip())


def words(name: str) -> tuple[str, ...]:
    """Return the first word of each line of vocab/NAME.txt."""
    return tuple(row[0] for row in rows(name))


def alternation(items, *, escape: bool = True) -> str:
    """Return a regex alternation of the items, longest first so none hides a longer one."""
    ordered = sorted(dict.fromkeys(items), key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered) if escape else "|".join(ordered)


# Speech verbs ----------------------------------------------------------------------------

def inflect(lemma: str) -> dict[str, str]:
    """Return the base, -s, past and -ing forms of a verb ("warn" → warns, warned, warning)."""
    irregular = {row[0]: row[1:] for row in rows("irregular_verbs")}
    if lemma in irregular:
        return dict(zip(FORMS, (lemma, *irregular[lemma]), strict=True))
    consonant_y = lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou")
    if consonant_y:
        s, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        s = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else lemma + "s"
        past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    return {"base": lemma, "s": s, "past": past, "ing": ing}


@cache
def _verb_uses() -> tuple[tuple[str, dict[str, tuple[str, ...]]], ...]:
    """Return each speech verb lemma with the forms of each of its uses."""
    out = []
    for lemma, *uses in rows("speech_verbs"):
        table = {}
        for use in uses:
            name, _, forms = use.partition(":")
            if name not in VERB_USE_FORMS:
                raise ValueError(f"vocab/speech_verbs.txt: {lemma}: unknown use {name!r}")
            table[name] = tuple(forms.split(",")) if forms else VERB_USE_FORMS[name]
        out.append((lemma, table))
    return tuple(out)


def speech_verb_lemmas(use: str | None = None) -> tuple[str, ...]:
    """Return the speech verb lemmas (with this use, if given), in file order."""
    return tuple(lemma for lemma, table in _verb_uses() if use is None or use in table)


def speech_verbs(use: str, forms: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Return the forms of the speech verbs with this use, in file order ("tail" → said, says, ...)."""
    if use not in VERB_USE_FORMS:
        raise KeyError(use)
    out: list[str] = []
    for lemma, table in _verb_uses():
        if use in table:
            forms_here = inflect(lemma)
            out.extend(forms_here[f] for f in (forms or table[use]) if f in table[use])
    return tuple(dict.fromkeys(out))


def all_speech_verb_forms() -> frozenset[str]:
    """Return every form of every speech verb."""
    return frozenset(f for lemma in speech_verb_lemmas() for f in inflect(lemma).values())


# Calendar, honorifics, company suffixes -----------------------------------------------------

def months() -> dict[str, int]:
    """Return each month name and abbreviation with its number ("sept" → 9)."""
    return {w: i for i, row in enumerate(rows("months"), 1) for w in row}


def month_names() -> tuple[str, ...]:
    """Return the month names in calendar order."""
    return words("months")


def weekday_names() -> tuple[str, ...]:
    """Return the weekday names, Monday first."""
    return words("weekdays")


def weekday_abbreviations() -> tuple[str, ...]:
    """Return the abbreviations of the weekdays a dateline uses ("tues")."""
    return tuple(w for row in rows("weekdays") for w in row[1:])


def _with_and_without_stop(word: str) -> tuple[str, ...]:
    """Return an abbreviation both without and with its full stop ("mr." → mr, mr.)."""
    return (word[:-1], word) if word.endswith(".") else (word,)


def honorifics() -> tuple[str, ...]:
    """Return every honorific, abbreviations with and without their full stop."""
    return tuple(f for row in rows("honorifics") for f in _with_and_without_stop(row[0]))


def honorific_genders() -> dict[str, str]:
    """Return the gender each gendered honorific tells ("mrs." → "f")."""
    return {f: row[1] for row in rows("honorifics") if row[1:2] in (("m",), ("f",)) for f in _with_and_without_stop(row[0])}


def honorific_pattern(*, gendered: bool = False) -> str:
    """Return an alternation of capitalised honorifics, an abbreviation's full stop optional ("Mrs\\.?")."""
    chosen = [row[0] for row in rows("honorifics") if not gendered or row[1:2] in (("m",), ("f",))]
    bare = sorted(chosen, key=lambda w: len(w.rstrip(".")), reverse=True)
    return "|".join(re.escape(w.rstrip(".").capitalize()) + (r"\.?" if w.endswith(".") else "") for w in bare)


def front_honorifics() -> tuple[str, ...]:
    """Return the honorifics (without full stop) that may stand between an appositive and a name."""
    return tuple(row[0].rstrip(".") for row in rows("honorifics") if "front" in row)


def company_suffixes() -> tuple[str, ...]:
    """Return the suffixes of a firm's legal name, abbreviations with and without full stop."""
    out: list[str] = []
    for row in rows("company_suffixes"):
        out.extend((row[0],) if "strict" in row else _with_and_without_stop(row[0]))
    return tuple(out)


def abbreviated_name_ends() -> tuple[str, ...]:
    """Return the abbreviations (without full stop) that end a name: company suffixes, "Jr"."""
    return tuple(w.rstrip(".") for w in words("company_suffixes") + words("name_suffixes") if w.endswith("."))
