import re

import pytest

from annotations.nlp import analyze, attribute
from annotations.nlp.mentions import caps

from .helpers import quotes_by_text
from .test_quotes import ARTICLE


def speaker_of(text: str, quote: str):
    return quotes_by_text(analyze(text))[quote].speaker


def test_speaker_after_quote_with_role_at_organization():
    s = speaker_of("Title Line\n\n“Rates will rise,” says Ada Moss, a strategist at Keel Bank.", "Rates will rise")
    assert (s.name, s.role, s.organization) == ("Ada Moss", "strategist", "Keel Bank")


def test_speaker_after_quote_with_possessive_organization():
    s = speaker_of(ARTICLE, "We will not sign a contract we cannot pay for")
    assert (s.name, s.role, s.organization) == ("Tomas Eriksen", "chief financial officer", None)
    s = speaker_of("Title Line\n\n“Rates will rise,” said Ada Moss, Keel Bank’s chief economist.", "Rates will rise")
    assert (s.role, s.organization) == ("chief economist", "Keel Bank")


def test_speaker_before_quote_with_colon():
    s = speaker_of("Title Line\n\nHana Ito, director of the Kyoto Water Institute, said: “The dams are full.”", "The dams are full.")
    assert (s.name, s.role, s.organization) == ("Hana Ito", "director", "Kyoto Water Institute")


def test_title_in_front_of_name_is_dropped_and_job_title_becomes_role():
    s = speaker_of(ARTICLE, "the delay would push freight to rival ports")
    assert (s.name, s.role, s.organization) == ("Felix Brandt", "Economist", "Nordic Trade Institute")
    s = speaker_of("Title Line\n\n“We need answers,” said Dr. Omar Reyes.", "We need answers")
    assert (s.name, s.role) == ("Omar Reyes", None)
    s = speaker_of("Title Line\n\nCouncil member Jo Park said the budget was balanced last year.", "the budget was balanced last year")
    assert (s.name, s.role) == ("Jo Park", "Council member")
    s = speaker_of("Title Line\n\n“The bill is dead,” Senator Maria Olsen told reporters.", "The bill is dead")
    assert (s.name, s.role) == ("Maria Olsen", "Senator")


def test_pronoun_continues_the_earlier_speaker():
    assert speaker_of(ARTICLE, "the authority had not ruled out a smaller plan").name == "Tomas Eriksen"
    s = speaker_of("Title Line\n\n“It is over,” said Ines Roth, a judge at the Bern court.\n\n“We move on,” she added.", "We move on")
    assert (s.name, s.role, s.organization) == ("Ines Roth", "judge", "Bern court")


def test_bare_surname_resolves_to_full_speaker_with_role_and_organization():
    s = speaker_of(ARTICLE, "Every month of delay costs the region jobs")
    assert (s.name, s.role) == ("Tomas Eriksen", "chief financial officer")
    text = "Title Line\n\nYuki Sato, a hydrologist at Tohoku University, has studied the river for years.\n\n“It is rising,” Sato said."
    s = speaker_of(text, "It is rising")
    assert (s.name, s.role, s.organization) == ("Yuki Sato", "hydrologist", "Tohoku University")


def test_analyst_introduced_as_an_example_is_the_speaker():
    s = speaker_of(ARTICLE, "the pause could lower the final price")
    assert (s.name, s.role, s.organization) == ("Lina Haddad", None, "Meridian Capital")


def test_institutions_are_marked_as_institutions():
    a = analyze(ARTICLE)
    quotes = quotes_by_text(a)
    assert quotes["it had paused hiring for the project"].speaker.is_institution
    assert quotes["it had paused hiring for the project"].speaker.name == "Acme Dredging Corp"
    assert quotes["it would review the authority’s budget"].speaker.is_institution
    assert not quotes["the pause could lower the final price"].speaker.is_institution


def test_role_and_organization_have_no_leading_article():
    for q in analyze(ARTICLE).quotes:
        for value in (q.speaker.role, q.speaker.organization):
            assert value is None or not value.lower().startswith(("the ", "a ", "an "))


def test_possessive_job_in_front_of_name_gives_role_and_organization():
    text = "Title Line\n\nNetwork Rail's chief executive, Andrew Haines, said punctuality had improved this year."
    s = speaker_of(text, "punctuality had improved this year")
    assert (s.name, s.role, s.organization) == ("Andrew Haines", "chief executive", "Network Rail")


def test_organization_followed_by_appositive_is_the_institution_speaking():
    text = "Title Line\n\nThe Office of Rail and Road, the industry regulator, warned that fares could rise again next year."
    s = speaker_of(text, "fares could rise again next year")
    assert (s.name, s.is_institution) == ("Office of Rail and Road", True)


def test_closing_attribution_before_a_trailing_appositive_is_found():
    text = "Title Line\n\nLONDON — Rail fares will rise by 5% in January, the Department for Transport said on Wednesday, the biggest rise in a decade."
    s = speaker_of(text, "Rail fares will rise by 5% in January")
    assert (s.name, s.is_institution) == ("Department for Transport", True)


def test_spokesperson_for_a_body_makes_the_body_the_speaker():
    s = speaker_of("Title Line\n\n“We’ll see,” a spokesperson for Avanti West Coast said.", "We’ll see")
    assert (s.name, s.is_institution) == ("Avanti West Coast", True)


# The per-name lookups read a name as the regex built per name used to; the reference
# patterns below are those regexes, kept here so each lookup is checked against its meaning.
LOOKUP_TEXTS = [
    "Mr. John Tolland spoke. Ms Roy and Mrs. Roy-Smith replied; Sir Kwena left.",
    "Mr Sir Roy said. Dame Ana Roy, Mr. Roy’s aide.",
    "The Kwena Platinum mine. By Kwena said. Kwena-based firms and McKwena; Red Red Kwena Owls Sendai.",
    "Lumora’s chief said so; Lumoras' union agreed. Lumora said. The Lumora's Hall.",
    "the state weather bureau, PAGASA, said. The big bureau, Ana Lopez Jr., added; the bureau chief, Ana,",
    "By Pahranagat County officials. Anglo-Saxon County’s attorney, x-Saxon County Council and Cascadia State University.",
]


def _old_honorific_gender(text, surname):
    found = {
        attribute.GENDER_WORDS[m.group(1).casefold()]
        for m in re.finditer(rf"\b(Mrs?\.?|Ms\.?|Miss|Sir|Dame)\s+(?:[A-Z][\w’'\-]*\s+)?{re.escape(surname)}(?![\w’'\-])", text)
    }
    return found.pop() if len(found) == 1 else None


def _old_runs_around(text, name):
    pattern = rf"(?<![\w’'\-])((?:[A-Z][\w\-]+ ){{0,4}}){re.escape(name)}((?: [A-Z][\w\-]+){{0,4}})(?![\w\-])"
    return [(m.group(1), m.group(2)) for m in re.finditer(pattern, text)]


def _old_run_ending_in(text, last):
    m = re.search(caps(rf"(?<![\w’'])((?:[A-Z][\w’'\-]*\s+)+){re.escape(last)}(?!\w|\s+[A-Z])"), text)
    return m.group(1) if m else None


def _old_introduced_as(text, noun):
    m = re.search(rf"\b[Tt]he\s+(?:[a-z\-]+\s+)*{re.escape(noun)},\s+([A-Z][\w’'\-&.]*(?:\s+[A-Z][\w’'\-&.]*)*),", text)
    return m.group(1) if m else None


@pytest.mark.parametrize("text", LOOKUP_TEXTS)
@pytest.mark.parametrize("name", ["Roy", "Tolland", "Kwena", "Red", "Lumora", "Lumoras", "Kwena Platinum", "Ana"])
def test_name_lookups_read_a_name_as_its_regex_did(text, name):
    attribute._honorific_gender.cache_clear()
    assert attribute._honorific_gender(text, name) == _old_honorific_gender(text, name)
    assert list(attribute._runs_around(text, name)) == _old_runs_around(text, name)


@pytest.mark.parametrize("text", LOOKUP_TEXTS)
@pytest.mark.parametrize("noun", ["county", "state", "bureau", "council", "big"])
def test_noun_lookups_read_a_noun_as_its_regex_did(text, noun):
    assert attribute._run_ending_in(text, noun.capitalize()) == _old_run_ending_in(text, noun.capitalize())
    assert attribute._introduced_as(text, noun) == _old_introduced_as(text, noun)


def test_a_fresh_article_compiles_no_regex():
    page = (
        "Port Deal Stalls\n\n“We will not sign,” said Mr. {a} {b}, chief executive of {c} Holdings. "
        "Ms. {d} said the plan was dead. {c}’s lawyer said nothing.\n\n"
        "“It is over,” {b} said. The company, {c}, said it would appeal. The county’s attorney agreed."
    )
    analyze(page.format(a="Tomas", b="Eriksen", c="Brandvik", d="Olsen"))  # literals compile once per process
    original, compiled = re._compiler.compile, []
    re._compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or original(pattern, flags)
    try:
        analyze(page.format(a="Ingrid", b="Vasquez", c="Marlowe", d="Kahale"))
    finally:
        re._compiler.compile = original
    assert compiled == []
