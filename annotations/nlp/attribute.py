"""Resolve each quote's speaker mention to one speaker record for the whole article."""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from annotations.nlp import mentions, vocab
from annotations.nlp.mentions import (
    CALENDAR_WORDS,
    HONORIFICS,
    INSTITUTION_NOUNS,
    NON_NAME_WORDS,
    ORG_DESCRIPTORS,
    PLACES,
    SPOKESPERSON_NOUNS,
    UPPER,
    Mention,
    caps,
    is_role_head,
    org_runs,
    org_runs_at,
    people_in,
)
from annotations.nlp.quotes import MARKS_RE, QuoteSpan
from annotations.nlp.types import Quote, Speaker

# The capitals of `caps()`, for tests one character at a time.
_UPPER_SET = frozenset(string.ascii_uppercase + UPPER.removeprefix("A-Z"))

# Confidence lost when a speaker is only reached through a pronoun or surname.
INDIRECT_REFERENCE_PENALTY = 0.05

# Pronouns and honorifics that tell a speaker's gender, so "she" skips a man quoted last.
GENDER_WORDS = {"he": "m", "him": "m", "she": "f", "her": "f"} | vocab.honorific_genders()

# Spokespeople whose noun tells their gender: "A spokeswoman for the authority said ... She
# said ..." goes on quoting the body through the same unnamed woman.
SPOKES_GENDER = {"spokeswoman": "f", "spokesman": "m"}
_SPOKES_GENDER_RE = re.compile(r"\b(" + "|".join(SPOKES_GENDER) + r")\b", re.I)

# Words after which a name is an object or a thing, not the subject a pronoun picks up.
OBJECT_MARKERS = frozenset("the a an of to at in on from for with by about into onto behind".split())

# Common nouns for a business, resolved to the firm the article is about.
COMPANY_NOUNS = frozenset("company firm business start-up startup group bakery maker lender retailer insurer".split())

# Common nouns for a sports club, whose name rarely holds the noun: "the club said" is the club
# the article is about ("Calderbrook Athletic").
CLUB_NOUNS = frozenset("club team side franchise".split())

# Common nouns an article uses for a body whose name holds another word ("the force" for
# "Northmoor Police", "a police spokesperson" for "Calder Constabulary").
INSTITUTION_SYNONYMS = {
    "force": ("police", "constabulary", "force"),
    "police": ("police", "constabulary", "force"),
    "constabulary": ("police", "constabulary"),
}

# Capitalised words that open a sentence before a name rather than belong to it ("The", "By").
LEADING_FUNCTION_WORDS = frozenset("the a an by in on at of for from with and but as after before when while".split())

# Longest acronym that is looked up as "Full Name (ACRONYM)" in the article.
ACRONYM_MAX_LETTERS = 8

# Suffixes and words that make an organization a business rather than a public body.
COMPANY_MARKS = (*vocab.company_suffixes(), "ai")


@dataclass
class _Record:
    """What the article has said about one speaker so far."""

    name: str
    role: str | None = None
    organization: str | None = None
    institution: bool = False
    gender: str | None = None
    # Where the article last referred to this speaker.
    pos: int = -1


class _Registry:
    """Speakers met so far, merged so that a role or organization given once stays."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.records: dict[str, _Record] = {}
        self.order: list[str] = []
        self.quoted: list[tuple[int, int]] = []

    def add(self, name: str, role: str | None = None, org: str | None = None, institution: bool = False, pos: int = -1) -> str:
        """Return the key of a speaker after recording what is known about them."""
        key = name.casefold()
        rec = self.records.get(key)
        if rec is None:
            rec = self.records[key] = _Record(name, institution=institution)
        rec.role = rec.role or role
        rec.organization = rec.organization or org
        rec.pos = max(rec.pos, pos)
        if key in self.order:
            self.order.remove(key)
        self.order.append(key)
        return key

    def by_part(self, name: str) -> str | None:
        """Return the latest person whose full name ends (or starts) with `name`."""
        words = name.casefold().split()
        for key in reversed(self.order):
            rec = self.records[key]
            parts = key.split()
            if rec.institution or len(parts) <= len(words):
                continue
            if parts[-len(words) :] == words or parts[: len(words)] == words:
                return key
        return None

    def last(self, institution: bool, gender: str | None = None) -> str | None:
        """Return the latest person (or institution) heard, skipping a known other gender."""
        for key in reversed(self.order):
            rec = self.records[key]
            if rec.institution != institution:
                continue
            if gender and rec.gender and rec.gender != gender:
                continue
            return key
        return None

    def speaker(self, key: str) -> Speaker:
        """Return the speaker record of a key."""
        rec = self.records[key]
        # "Tolland's lawyer": the owner of the job is a person the article names, quoted or not.
        org = None if rec.organization and _surname_of_someone(self.text, rec.organization) else rec.organization
        return Speaker(rec.name, rec.role, org, rec.institution)


def clear_caches() -> None:
    """Forget what was cached while one article was analysed."""
    mentions.clear_caches()
    _org_starting_with.cache_clear()
    _honorific_gender.cache_clear()
    _surname_of_someone.cache_clear()
    _longer_name.cache_clear()


def attribute(text: str, spans: list[QuoteSpan]) -> list[Quote]:
    """Return quotes with resolved speakers, in text order."""
    reg = _Registry(text)
    reg.quoted = [(q.start, q.end) for q in spans if q.kind == "direct"]
    keys: list[str | None] = []
    spokes: tuple[str, str, int] | None = None
    for i, q in enumerate(spans):
        key = None
        if q.continues and i > 0 and keys[-1] is not None and spans[i - 1].cue_start == q.cue_start:
            key = keys[-1]
            reg.add(reg.records[key].name, pos=q.start)
        elif q.speaker is not None:
            key = _spokes_again(reg, spokes, q.speaker)
            if key is None:
                key = _resolve(reg, q.speaker, q.start)
            spokes = _spokes_of(reg, key, q.speaker) if key else spokes
            if key is not None:
                reg.add(reg.records[key].name, pos=max(q.start, q.speaker.start))
        keys.append(key)
    for key in {k for k in keys if k}:
        rec = reg.records[key]
        if not rec.institution and rec.role is None and rec.organization is None:
            rec.role, rec.organization = _introduction(text, rec.name)
    out: list[Quote] = []
    for q, key in zip(spans, keys):
        if key is None:
            continue
        conf = q.confidence
        if q.speaker is not None and q.speaker.kind in ("pronoun", "surname"):
            conf -= INDIRECT_REFERENCE_PENALTY
        out.append(
            Quote(
                start=q.start,
                end=q.end,
                text=text[q.start : q.end],
                kind=q.kind,
                speaker=reg.speaker(key),
                cue_start=q.cue_start,
                cue_end=q.cue_end,
                confidence=round(max(0.0, min(1.0, conf)), 3),
            )
        )
    return out


def _spokes_of(reg: _Registry, key: str, m: Mention) -> tuple[str, str, int] | None:
    """Return (body, gender, position) when an institution spoke through a gendered spokesperson."""
    if not reg.records[key].institution:
        return None
    found = _SPOKES_GENDER_RE.search(reg.text, max(0, m.start - 30), m.end)
    return (key, SPOKES_GENDER[found.group(1).casefold()], m.end) if found else None


def _spokes_again(reg: _Registry, spokes: tuple[str, str, int] | None, m: Mention) -> str | None:
    """Return the body whose spokeswoman "she" is, when no one else was named since she spoke."""
    if spokes is None or m.kind != "pronoun" or GENDER_WORDS.get(m.name) != spokes[1]:
        return None
    key, _, since = spokes
    if any(p.kind == "person" for p in people_in(reg.text, since, m.start)):
        return None
    return key


def _gender_of(text: str, m: Mention) -> str | None:
    """Return the gender an honorific gives a person, right before this mention or anywhere else."""
    before = text[max(0, m.start - 6) : m.start].split()
    return (GENDER_WORDS.get(before[-1].casefold()) if before else None) or _honorific_gender(text, m.name.split()[-1])


# An honorific and the space after it; the name that follows is checked by lookup, so no
# pattern is built per surname.
_HONORIFIC_RE = re.compile(r"\b(" + vocab.honorific_pattern(gendered=True) + r")\s+")
# The one capitalised word that may stand between an honorific and a surname ("Mr. John Tolland").
_GIVEN_NAME_RE = re.compile(r"[A-Z][\w’'\-]*\s+")
# What may not follow a surname for it to be the whole word.
_NAME_CHAR_RE = re.compile(r"[\w’'\-]")


@lru_cache(maxsize=1)
def _honorifics(text: str) -> tuple[tuple[int, str, int, int | None], ...]:
    """Return each honorific of the article: (start, honorific, where a surname may start, or after a given name)."""
    out = []
    for m in _HONORIFIC_RE.finditer(text):
        given = _GIVEN_NAME_RE.match(text, m.end())
        out.append((m.start(), m.group(1), m.end(), given.end() if given else None))
    return tuple(out)


@lru_cache(maxsize=256)
def _honorific_gender(text: str, surname: str) -> str | None:
    """Return the gender "Mr. Tolland" or "Ms Roy" gives a surname anywhere in the article, if only one."""
    found = set()
    # Read as a left-to-right scan would: an honorific inside the previous match is not one.
    reached = -1
    for start, honorific, bare, after_given in _honorifics(text):
        if start < reached:
            continue
        end = next((at + len(surname) for at in (after_given, bare) if at is not None and _name_at(text, surname, at)), None)
        if end is None:
            continue
        reached = end
        if honorific.casefold() in GENDER_WORDS:
            found.add(GENDER_WORDS[honorific.casefold()])
    return found.pop() if len(found) == 1 else None


def _name_at(text: str, name: str, at: int) -> bool:
    """Return whether `name` stands at `at` as a whole word (no letter, apostrophe or hyphen after)."""
    end = at + len(name)
    return text.startswith(name, at) and not _NAME_CHAR_RE.match(text, end)


def _resolve(reg: _Registry, m: Mention, at: int) -> str | None:
    """Return the registry key of the speaker a mention refers to."""
    text = reg.text
    if m.kind == "pronoun":
        if m.name == "it":
            return _it(reg, at)
        gender = GENDER_WORDS.get(m.name)
        key = reg.last(False, gender)
        # A person introduced after the last quote is the likelier antecedent ("Siân ... She said").
        person = _latest_person_before(text, min(at, m.start), reg.quoted, gender, reg)
        if person is not None and (key is None or person.start > reg.records[key].pos):
            key = _resolve(reg, person, person.start)
        if key is None:
            return None
        if gender and reg.records[key].gender is None:
            reg.records[key].gender = gender
        return reg.add(reg.records[key].name)
    if m.kind == "institution":
        name = _institution_name(reg, m.name, at)
        return reg.add(name, institution=True) if name else None
    gender = _gender_of(text, m)
    key = m.name.casefold()
    if key not in reg.records and m.kind == "surname":
        first = _first_referent(text, m.name, m.start)
        if first is not None:
            key = reg.add(first.name, first.role, first.organization)
    if key not in reg.records:
        key = reg.by_part(m.name)
    if key is None:
        org = _org_starting_with(text, m.name)
        if org is not None:
            return reg.add(org, institution=True)
        if _is_known_org(reg, m.name):
            # "Sol del Norte said": the article gave it as someone's employer, so a body speaks.
            return reg.add(m.name, institution=True)
        org = _org_of(reg, m)
        # A surname, or two words that end a longer name given earlier ("van Dijk", "Te Huia").
        if m.kind == "surname" or len(m.name.split()) == 2:
            full = _full_name_before(text, m.name, at)
            if full is not None:
                key = reg.add(full.name, m.role or full.role, org or full.organization)
        if key is None:
            key = reg.add(m.name, m.role, org)
    else:
        reg.add(reg.records[key].name, m.role, _org_of(reg, m))
    if gender:
        reg.records[key].gender = gender
    return key


def _org_of(reg: _Registry, m: Mention) -> str | None:
    """Return the organization of a person mention, by its fullest name, unless it is a person."""
    org = m.organization
    if org is None:
        return _referenced_org(reg, m)
    # "Araújo's agent": a person's agent works for the person, who is no organization.
    if org.casefold() in reg.records and not reg.records[org.casefold()].institution or reg.by_part(org):
        return None
    # "Lumora's chief technology officer" works for "Lumora Inc.", the name first given; an
    # organization written with the title ("Halden Chief Executive", "at Cadence") stays as written.
    return _full_org(reg, org, m.start) if _possessive_near(reg.text, org, m.start) else org


def _possessive_near(text: str, org: str, at: int) -> bool:
    """Return whether the paragraph around `at` gives `org` as the owner of a job ("Lumora's ...")."""
    s, e = _paragraph_bounds(text, at)
    para = text[s:e]
    i = para.find(org) if org else -1
    while i >= 0:
        if (i == 0 or not _is_word_char(para[i - 1])) and _POSSESSIVE_TAIL_RE.match(para, i + len(org)):
            return True
        i = para.find(org, i + 1)
    return False


# What makes the word before it an owner: "Lumora’s chief", "the Workers' union".
_POSSESSIVE_TAIL_RE = re.compile(r"(?:’s|'s|(?<=s)’|(?<=s)')\s+[a-z]")


def _is_known_org(reg: _Registry, name: str) -> bool:
    """Return whether a speaker's name is the organization of someone quoted before."""
    low = name.casefold()
    return any(rec.organization and rec.organization.casefold() == low for rec in reg.records.values())


def _referenced_org(reg: _Registry, m: Mention) -> str | None:
    """Return the organization a job's owner refers to ("its founder", "the council's leader")."""
    if m.org_ref is None:
        return None
    if m.org_ref == "its":
        # The organization named last before the mention, in its paragraph or the one before.
        start = max(0, reg.text.rfind("\n\n", 0, max(0, reg.text.rfind("\n\n", 0, m.start))))
        found = org_runs(reg.text, start, m.start)
        return _full_org(reg, found[-1][2], m.start) if found else None
    if m.org_ref not in INSTITUTION_NOUNS and m.org_ref not in ORG_DESCRIPTORS:
        # "The county's attorney": only a body the article names with that last word will do.
        return _named_body(reg.text, m.org_ref)
    name = _institution_name(reg, "the " + m.org_ref, m.start)
    # Only a proper name will do; "council" alone says nothing the role does not.
    return name if name and name[:1].isupper() else None


def _named_body(text: str, noun: str) -> str | None:
    """Return the first capitalised name ending in `noun` ("Pahranagat County" for "county")."""
    # The name must end with the noun: "the state's" is not "Cascadia State University".
    before = _run_ending_in(text, noun[:1].upper() + noun[1:])
    if before is None:
        return None
    words = before.split()
    while words and words[0].casefold() in LEADING_FUNCTION_WORDS:
        words = words[1:]  # "The Andes Grid Coordinator", "By Pahranagat County"
    return " ".join(words + [noun[:1].upper() + noun[1:]]) if words else None


_BODY_GOES_ON_RE = re.compile(caps(r"\w|\s+[A-Z]"))


def _is_body_char(c: str) -> bool:
    """Return whether a character may be part of a capitalised word of a name (letters, ’, ', -)."""
    return _is_word_char(c) or c in "’'-"


def _run_ending_in(text: str, last: str) -> str | None:
    """Return the capitalised words before the first run of them in the text that ends with `last`.

    The run is the one a left-to-right scan for
    `(?<![\\w’'])((?:[A-Z][\\w’'\\-]*\\s+)+)LAST(?!\\w|\\s+[A-Z])` finds; `last` is found with
    str.find, so no pattern is compiled per word.
    """
    n = len(last)
    first = None
    i = text.find(last, 1)
    while i >= 0:
        if text[i - 1].isspace() and not _BODY_GOES_ON_RE.match(text, i + n):
            # Walk back over the words before it; each word may open the run.
            at = i
            while True:
                end = at
                while end > 0 and text[end - 1].isspace():
                    end -= 1
                if end == at or end == 0 or not _is_body_char(text[end - 1]):
                    break
                r = end - 1
                while r > 0 and _is_body_char(text[r - 1]):
                    r -= 1
                opens = [p for p in range(r, end) if text[p] in _UPPER_SET and (p == r or text[p - 1] == "-")]
                if opens and (first is None or opens[0] < first):
                    first = opens[0]
                if not (text[r] in _UPPER_SET and r > 0 and text[r - 1].isspace()):
                    break
                at = r
        i = text.find(last, i + 1)
    if first is None:
        return None
    # From the run's first word, the most words after which `last` ends the run.
    at, points = first, []
    while True:
        end = at
        while end < len(text) and _is_body_char(text[end]):
            end += 1
        ws = end
        while ws < len(text) and text[ws].isspace():
            ws += 1
        if ws == end:
            break
        points.append(ws)
        if ws >= len(text) or text[ws] not in _UPPER_SET:
            break
        at = ws
    at = next(p for p in reversed(points) if text.startswith(last, p) and not _BODY_GOES_ON_RE.match(text, p + n))
    return text[first:at]


def _it(reg: _Registry, at: int) -> str | None:
    """Return the institution "it" refers to: one named in the previous sentences, else the last."""
    text = reg.text
    start = max(0, text.rfind("\n\n", 0, max(0, text.rfind("\n\n", 0, at))))
    runs = org_runs(text, start, at)
    if runs:
        first_of_sentence = runs[0]
        for run in runs:
            if text.rfind(".", 0, run[0]) < text.rfind(".", 0, at - 1):
                first_of_sentence = run
        return reg.add(_full_org(reg, first_of_sentence[2], at), institution=True)
    return reg.last(True)


def _person_gender(text: str, reg: _Registry, person: Mention) -> str | None:
    """Return what the article tells of a person's gender: an honorific, or a pronoun heard before."""
    known = reg.records.get(person.name.casefold())
    return _gender_of(text, person) or (known.gender if known else None)


def _latest_person_before(text: str, at: int, quoted: list[tuple[int, int]] = (), gender: str | None = None,
                          reg: _Registry | None = None) -> Mention | None:
    """Return the last person named as a subject in the current or previous paragraph, outside quotes.

    With a gender ("she"), a person known to be of the other one is passed over for the one before.
    """
    start = max(0, text.rfind("\n\n", 0, max(0, text.rfind("\n\n", 0, at))))
    people = [
        p for p in people_in(text, start, at)
        if not any(s <= p.start < e for s, e in quoted) and not _is_object(text, p.start)
        # A surname counts once the article has given the full name it stands for.
        and (p.kind == "person" or p.kind == "surname" and _full_name_before(text, p.name, p.start) is not None)
    ]
    # "Túndé Oyèwọlé, Ardent Pay's chief executive, …": the owner of the job in an appositive
    # describes the person before it and is no subject.
    people = [p for p in people if not (text[p.end : p.end + 2] in ("'s", "’s") and text[: p.start].rstrip().endswith(","))]
    # A name in quote marks is a title or a sign ("It reads 'Nearly Home'"), not a subject.
    people = [p for p in people if not (MARKS_RE.fullmatch(text[p.start - 1 : p.start]) and MARKS_RE.fullmatch(text[p.end : p.end + 1]))]
    if reg is not None:
        # A name the article has already shown to be a body ("Kisaan Ledger said") is no "he".
        people = [p for p in people if not (p.name.casefold() in reg.records and reg.records[p.name.casefold()].institution)]
    if gender and reg is not None:
        people = [p for p in people if _person_gender(text, reg, p) in (None, gender)]
    return people[-1] if people else None


def _is_object(text: str, start: int) -> bool:
    """Return whether the name at `start` follows a preposition or article, so is no subject."""
    # "takes the ferry to Carrow Academy", "the Marigold": "he" is rarely the thing after "to".
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1] in OBJECT_MARKERS


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """Return the paragraph around a position."""
    s = text.rfind("\n\n", 0, pos)
    e = text.find("\n\n", pos)
    return (0 if s < 0 else s + 2), (len(text) if e < 0 else e)


@lru_cache(maxsize=256)
def _surname_of_someone(text: str, word: str) -> bool:
    """Return whether a single word is the last name of a person the article names in full."""
    if " " in word:
        return False
    for i in _word_at(text, word, len(text)):
        s, e = _paragraph_bounds(text, i)
        if any(p.kind == "person" and p.end == i + len(word) and p.start < i for p in people_in(text, s, e)):
            return True
    return False


def _first_referent(text: str, part: str, at: int) -> Mention | None:
    """Return the person a surname stood for when the article first used it alone before `at`."""
    # "Ingrid Lund ... Ms. Lund trained ... her daughter, Kari Lund ... Ms. Lund said": a short
    # form keeps the referent it was given, however many Lunds are introduced after it.
    full = None
    for occ in _uses_alone(text, part, at):
        before = text[max(0, occ - 40) : occ].split()
        if before and before[-1][:1].isupper() and before[-1].casefold() not in HONORIFICS:
            full = occ  # "Kari Lund": a full name (checked below only when it matters)
        elif full is not None:
            s, e = _paragraph_bounds(text, full)
            for p in people_in(text, s, e):
                if p.kind == "person" and p.start <= full < p.end:
                    return p
            return None
    return None


def _uses_alone(text: str, word: str, at: int):
    """Yield where `word` stands as a whole word (not inside "Lund-Berg") before `at`."""
    i = text.find(word, 0, at)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and (j >= len(text) or not (text[j].isalnum() or text[j] == "-")):
            yield i
        i = text.find(word, i + 1, at)


def _full_name_before(text: str, part: str, at: int) -> Mention | None:
    """Return the earlier full mention of a person given by surname or given name alone."""
    for i in _word_at(text, part, at):
        s, e = _paragraph_bounds(text, i)
        for p in people_in(text, s, e):
            words = p.name.split()
            if p.kind == "person" and p.start <= i < p.end and len(words) > len(part.split()):
                return p
    return None


def _word_at(text: str, word: str, end: int):
    """Yield each start of `word` in text[:end] with no word character right before or after it."""
    # str.find with a boundary test: a regex built per name would be compiled for every article.
    n = len(word)
    i = text.find(word, 0, end)
    while i >= 0 and word:
        j = i + n
        if (i == 0 or not _is_word_char(text[i - 1])) and (j >= end or not _is_word_char(text[j])):
            yield i
            i = text.find(word, j, end)
        else:
            i = text.find(word, i + 1, end)


def _is_word_char(c: str) -> bool:
    """Return whether a character is a word character, as a regex sees it (a letter, digit or _)."""
    return c.isalnum() or c == "_"


@lru_cache(maxsize=256)
def _org_starting_with(text: str, name: str) -> str | None:
    """Return the full name of an organization the article first gave as "NAME ... Inc."."""
    if name.casefold() in PLACES or name.casefold() in NON_NAME_WORDS:
        return None
    for i in _word_at(text, name, len(text)):
        s, e = _paragraph_bounds(text, i)
        for o_start, o_end, org in org_runs_at(text, s, e, i):
            # "Parlo" → "Parlo AI Inc.", but not "Leticia Farrow" → "... of the Centre".
            if o_start == i and len(org) > len(name) and org[len(name) : len(name) + 2].strip()[:1].isupper():
                return org
            if o_start == i and org == name:
                return org
    return None


def _introduction(text: str, name: str) -> tuple[str | None, str | None]:
    """Return the role and organization the article gives a person anywhere."""
    i = text.find(name) if name else -1
    while i >= 0:
        s, e = _paragraph_bounds(text, i)
        i = text.find(name, i + len(name))
        for p in people_in(text, s, e):
            if p.name == name and (p.role or p.organization):
                return p.role, p.organization
    return None, None


def _full_org(reg: _Registry, name: str, at: int) -> str:
    """Return the fullest name the article gives an organization."""
    for fuller in (_spelled_out(reg.text, name), _org_starting_with(reg.text, name), _longer_name(reg.text, name)):
        if fuller and fuller != name:
            return fuller
    return name


@lru_cache(maxsize=256)
def _longer_name(text: str, name: str) -> str | None:
    """Return the longer name a short form was first given as ("Kwena Platinum", "Sendai Crimson Owls")."""
    if not name[:1].isupper() or _surname_of_someone(text, name):
        return None
    # The first run of capitalised words on one line (up to four more) that holds the short form.
    for before_text, after_text in _runs_around(text, name):
        before = before_text.split()
        while before and (before[0].casefold() in LEADING_FUNCTION_WORDS or before[0].casefold() in HONORIFICS
                          or before[0].casefold() in CALENDAR_WORDS or is_role_head(before[0])):
            before = before[1:]  # "The Western Ironbarks", "By Kwena"
        after = after_text.split()
        while after and (after[-1].casefold() in CALENDAR_WORDS or is_role_head(after[-1])):
            after = after[:-1]
        if before or after:
            return " ".join(before + [name] + after)
    return None


def _runs_around(text: str, name: str):
    """Yield (words before, words after) of each one-line run of capitalised words holding `name`.

    Up to four words of two letters or more on each side, each run the one a left-to-right
    regex scan would find next; the name is found with str.find, so no pattern is compiled
    per name.
    """
    if not name:
        return
    n = len(name)
    # Each place the name ends a whole word, and every start from which up to four words lead to it.
    starts: set[int] = set()
    i = text.find(name)
    while i >= 0:
        if not _is_run_char(text, i + n):
            at, k = i, 0
            while True:
                if at == 0 or not (_is_run_char(text, at - 1) or text[at - 1] in "’'"):
                    starts.add(at)
                if k == 4 or at < 3 or text[at - 1] != " ":
                    break
                w = at - 1
                while w > 0 and _is_run_char(text, w - 1):
                    w -= 1
                if at - 1 - w < 2 or not "A" <= text[w] <= "Z":
                    break
                at, k = w, k + 1
        i = text.find(name, i + 1)
    reached = 0
    for s in sorted(starts):
        if s < reached:
            continue
        # From this start, the most words (up to four) after which the name stands.
        points, at = [s], s
        while len(points) < 5:
            word = _CAP_WORD_SPACE_RE.match(text, at)
            if word is None:
                break
            at = word.end()
            points.append(at)
        at = next(p for p in reversed(points) if text.startswith(name, p) and not _is_run_char(text, p + n))
        end = at + n
        for _ in range(4):
            word = _SPACE_CAP_WORD_RE.match(text, end)
            if word is None:
                break
            end = word.end()
        reached = end
        yield text[s:at], text[at + n : end]


def _is_run_char(text: str, i: int) -> bool:
    """Return whether text[i] exists and is a letter, digit, underscore or hyphen."""
    return i < len(text) and (_is_word_char(text[i]) or text[i] == "-")


# One capitalised word of two letters or more and the space after it, and the reverse.
_CAP_WORD_SPACE_RE = re.compile(r"[A-Z][\w\-]+ ")
_SPACE_CAP_WORD_RE = re.compile(r" [A-Z][\w\-]+")


def _spelled_out(text: str, acronym: str) -> str | None:
    """Return the name an article spells out before "(ACRONYM)": "the Health Workers’ Alliance (HWA)"."""
    if not (acronym.isalpha() and acronym.isupper() and 2 <= len(acronym) <= ACRONYM_MAX_LETTERS):
        return None
    i = text.find("(" + acronym + ")")
    if i < 0:
        return None
    # Walk back from the bracket: each capitalised word gives the next initial from the end;
    # lower-case words may sit between them ("Medicines and Healthcare products Regulatory Agency").
    letters = list(acronym)
    name: list[str] = []
    for word in reversed(text[max(0, i - 40 * len(acronym)) : i].split()):
        if not letters:
            break
        if word[:1] == letters[-1]:
            letters.pop()
        elif not (word.isalpha() and word.islower()) or not name:
            return None
        name.append(word)
    return " ".join(reversed(name)) if not letters else None


def _institution_name(reg: _Registry, phrase: str, at: int) -> str | None:
    """Return the name an article gives an institution it may call by a common noun."""
    text = reg.text
    bare = _LEADING_ARTICLE_RE.sub("", phrase.strip())
    bare = _LEADING_OWNER_RE.sub("", bare)
    if bare[:1].isupper():
        for key in reversed(reg.order):
            rec = reg.records[key]
            if rec.institution and rec.name != bare and rec.name.startswith(bare + " "):
                return rec.name
        return _full_org(reg, bare, at)
    head = bare.split()[-1].casefold()
    if head in COMPANY_NOUNS:
        return _company(reg, at) or bare
    if head in CLUB_NOUNS and not any(head in r.name.casefold().split() for r in reg.records.values() if r.institution):
        # People the article gives a job ("manager Ivo Grant"), quoted or not, are not the club.
        staff = {w for p in people_in(text, 0, len(text)) if p.kind == "person" and p.role for w in p.name.split()}
        named = _most_named(reg, staff)
        if named is not None:
            return _longer_name(text, named) or named
    last = reg.last(True)
    if head in SPOKESPERSON_NOUNS:
        # "the spokesperson said" speaks again for the body whose spokesperson spoke last.
        return reg.records[last].name if last else None
    # "The state weather bureau, PAGASA, said ... the bureau said": the name the noun was given.
    introduced = _introduced_as(text[:at], head)
    if introduced:
        return introduced
    heads = set(INSTITUTION_SYNONYMS.get(head, (head,)))
    for key in reversed(reg.order):
        rec = reg.records[key]
        if rec.institution and not heads.isdisjoint(rec.name.casefold().split()):
            return rec.name
    best = None
    for _, _, org in org_runs(text, 0, at):
        if not heads.isdisjoint(org.casefold().split()):
            best = org
    if best is None and last and not INSTITUTION_NOUNS.intersection(last.split()):
        # "NHS Glenmoor said ... The health board said": a body named without a kind of
        # institution in its name is the likeliest one the article now calls by a common noun.
        return reg.records[last].name
    return best or bare


# "The state weather bureau, PAGASA,": a common noun and the name it is given right after.
# Every "the" starts one chain of lower-case words to the comma, so the first chain whose
# last word is the noun is the first place the noun is given a name.
_INTRODUCED_RE = re.compile(r"\b[Tt]he\s+(?:[a-z\-]+\s+)*([a-z\-]+),\s+([A-Z][\w’'\-&.]*(?:\s+[A-Z][\w’'\-&.]*)*),")
_PLAIN_NOUN_RE = re.compile(r"[a-z\-]+")


def _introduced_as(text: str, noun: str) -> str | None:
    """Return the name the text first gives a common noun: "the bureau, PAGASA," → "PAGASA"."""
    if _PLAIN_NOUN_RE.fullmatch(noun):
        return next((m.group(2) for m in _INTRODUCED_RE.finditer(text) if m.group(1) == noun), None)
    # A noun with other characters ("bureau’s") cannot end a plain chain; rare enough to build.
    m = re.search(rf"\b[Tt]he\s+(?:[a-z\-]+\s+)*{re.escape(noun)},\s+([A-Z][\w’'\-&.]*(?:\s+[A-Z][\w’'\-&.]*)*),", text)
    return m.group(1) if m else None


def _company(reg: _Registry, at: int) -> str | None:
    """Return the business "the company" refers to in an article."""
    for key in reversed(reg.order):
        rec = reg.records[key]
        if rec.institution and _is_company(rec.name):
            return rec.name
    companies = [org for _, _, org in org_runs(reg.text, 0, at) if _is_company(org)]
    if companies:
        return companies[-1]
    named = _most_named(reg)
    # "Kisaan" said most, "Kisaan Ledger" as first given.
    return (_longer_name(reg.text, named) or named) if named else None


def _most_named(reg: _Registry, people: set[str] = frozenset()) -> str | None:
    """Return the capitalised name the article repeats most (twice at least), not a person, place or title."""
    people = people | {w for key, r in reg.records.items() if not r.institution for w in r.name.split()}
    counts: Counter[str] = Counter()
    for m in _CAPITALISED_WORD_RE.finditer(reg.text):
        w = m.group(1)
        low = w.casefold()
        if low in NON_NAME_WORDS or low in PLACES or low in HONORIFICS or w in people or is_role_head(w):
            continue
        counts[w] += 1
    if counts:
        word, n = counts.most_common(1)[0]
        if n >= 2:
            return word
    return None


def _is_company(name: str) -> bool:
    """Return whether an organization name reads as a business."""
    words = name.casefold().split()
    return bool(words) and (words[-1] in COMPANY_MARKS or "ai" in words)
_LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)
_LEADING_OWNER_RE = re.compile(r"^[A-Z][\w\-]*(?:’s|'s)\s+(?=[A-Z])")
_CAPITALISED_WORD_RE = re.compile(r"(?:(?<=[\s(“\"‘])|^)([A-Z][\w\-]+)")
