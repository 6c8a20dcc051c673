from annotations.nlp import analyze

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
