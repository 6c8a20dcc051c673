"""Phrasings met in articles written without sight of the pipeline, each with fresh example sentences."""

from annotations.nlp import analyze

from .helpers import assert_offsets, quotes_by_text


def speaker_of(text: str, quote: str):
    return quotes_by_text(analyze(text))[quote].speaker


def test_possessive_common_noun_gives_the_organization_named_earlier():
    text = (
        "Title Line\n\nRiverside District Council voted to close the library.\n\n"
        "Omar Haddad, the council's deputy leader, said the building would be sold next year."
    )
    s = speaker_of(text, "the building would be sold next year")
    assert (s.name, s.role, s.organization) == ("Omar Haddad", "deputy leader", "Riverside District Council")


def test_company_possessive_resolves_to_the_legal_name():
    text = (
        "Title Line\n\nShares of Pellworth Dairies Inc. rose 4% on Monday.\n\n"
        "Ana Ruiz, the company's chief financial officer, said margins had recovered in the spring."
    )
    s = speaker_of(text, "margins had recovered in the spring")
    assert (s.role, s.organization) == ("chief financial officer", "Pellworth Dairies Inc.")


def test_its_and_whose_point_to_the_organization_named_just_before():
    text = (
        "Title Line\n\nA residents' group, Keep Elm Park Green, has collected 900 signatures. "
        "Its founder, Maya Lindqvist, said the trees were older than the town hall.\n\n"
        "The grant came from the Tallow Arts Foundation, whose chief executive, Bruno Sela, said in a "
        "statement that the money would pay for twelve studios."
    )
    s = speaker_of(text, "the trees were older than the town hall")
    assert (s.role, s.organization) == ("founder", "Keep Elm Park Green")
    s = speaker_of(text, "the money would pay for twelve studios")
    assert (s.role, s.organization) == ("chief executive", "Tallow Arts Foundation")


def test_a_persons_lawyer_has_no_organization_and_accented_names_count():
    text = "Title Line\n\nMs Şahin's barrister, Owen Pryce, said his client would appeal the ruling."
    s = speaker_of(text, "his client would appeal the ruling")
    assert (s.name, s.role, s.organization) == ("Owen Pryce", "barrister", None)


def test_organization_after_of_with_a_descriptive_noun():
    text = "Title Line\n\nLena Marsh, of charity Ramps For Everyone, said the ferry had no step-free access."
    s = speaker_of(text, "the ferry had no step-free access")
    assert (s.name, s.role, s.organization) == ("Lena Marsh", None, "Ramps For Everyone")
    # A home address after "of" is no employer.
    text = "Title Line\n\nTom Reed, 40, of Mill Lane, said the bridge had been shut for a week."
    assert speaker_of(text, "the bridge had been shut for a week").organization is None


def test_positions_and_legal_jobs_in_front_of_a_name_are_roles():
    s = speaker_of("Title Line\n\n“We kept fighting,” said forward Nia Cole.", "We kept fighting")
    assert (s.name, s.role) == ("Nia Cole", "forward")
    text = "Title Line\n\nThe visitors led at the break behind striker Ola Berg, who said the pitch was heavy."
    assert speaker_of(text, "the pitch was heavy").role == "striker"


def test_a_verb_in_ing_before_a_title_is_not_part_of_the_role():
    text = "Title Line\n\nGrace Lee won the seat, defeating former fire chief Dan Moss.\n\n“It was a fair fight,” Moss said."
    s = speaker_of(text, "It was a fair fight")
    assert (s.name, s.role) == ("Dan Moss", "former fire chief")


def test_what_someone_said_is_not_their_role_and_kinship_is_not_a_job():
    text = "Title Line\n\nHis wife, Clara Voss, said the fire started in the kitchen."
    s = speaker_of(text, "the fire started in the kitchen")
    assert (s.name, s.role, s.organization) == ("Clara Voss", None, None)
    s = speaker_of("Title Line\n\n“He loved that boat,” said Erik Moen, her nephew.", "He loved that boat")
    assert s.role is None


def test_institution_with_and_in_its_name_keeps_the_whole_name():
    text = "Title Line\n\nNorthvale Fire and Rescue Service said it had answered 300 calls during the storm."
    s = speaker_of(text, "it had answered 300 calls during the storm")
    assert (s.name, s.is_institution) == ("Northvale Fire and Rescue Service", True)


def test_person_of_an_institute_is_split_from_the_institute():
    text = (
        "Title Line\n\n“The warming is faster than we thought,” said Prof. Ilse Maier of the Alpine Snow Institute.\n\n"
        "The institute said it would release the measurements in June."
    )
    assert speaker_of(text, "The warming is faster than we thought").organization == "Alpine Snow Institute"
    s = speaker_of(text, "it would release the measurements in June")
    assert (s.name, s.is_institution) == ("Alpine Snow Institute", True)


def test_pronoun_follows_the_latest_subject_even_when_named_by_surname():
    text = (
        "Title Line\n\n“The pier is safe,” said Sam Ortega, a harbour engineer.\n\n"
        "“We raised the money ourselves,” said Dina Voss, who runs the rowing club.\n\n"
        "Back at the slipway, Ortega checks the tide tables.\n\n"
        "“I will be here until the end,” he said."
    )
    assert speaker_of(text, "I will be here until the end").name == "Sam Ortega"


def test_pronoun_skips_a_place_named_after_a_preposition():
    text = (
        "Title Line\n\n“The fares are fair,” said Lars Holm, the operator.\n\n"
        "Jonah Peel, 15, takes the early boat to Westfield Grammar with his bike.\n\n"
        "“Nobody checks tickets anyway,” he said."
    )
    assert speaker_of(text, "Nobody checks tickets anyway").name == "Jonah Peel"


def test_surname_keeps_the_person_it_first_stood_for():
    text = (
        "Title Line\n\nAstrid Lund, who ran the village shop for 50 years, has died.\n\n"
        "Ms. Lund opened the shop in 1961.\n\n"
        "Her granddaughter, Freya Lund, said the shop had been her second home.\n\n"
        "In a 2015 interview, Ms. Lund said she had never taken a holiday."
    )
    assert speaker_of(text, "she had never taken a holiday").name == "Astrid Lund"
    assert speaker_of(text, "the shop had been her second home").name == "Freya Lund"


def test_participle_with_an_audience_reports_a_clause():
    text = "Title Line\n\nRuth Kane conceded shortly before midnight, telling volunteers at the depot that she would not seek a recount."
    s = speaker_of(text, "she would not seek a recount")
    assert s.name == "Ruth Kane"


def test_other_reporting_verbs_take_a_clause_with_its_own_verb():
    text = "Title Line\n\nKeswick Borough Council said the fine stood.\n\nThe council insisted its wardens had acted lawfully."
    s = speaker_of(text, "its wardens had acted lawfully")
    assert (s.name, s.is_institution) == ("Keswick Borough Council", True)
    # An object, not a clause: nothing is reported.
    a = analyze("Title Line\n\nThe council insisted on a full inquiry into the towing.")
    assert not a.quotes


def test_the_spokesperson_speaks_again_for_the_same_body():
    text = (
        "Title Line\n\nA spokesperson for Harbourside Trust said the pool would reopen on Friday.\n\n"
        "\"We are sorry for the disruption,\" the spokesperson said."
    )
    s = speaker_of(text, "We are sorry for the disruption")
    assert (s.name, s.is_institution) == ("Harbourside Trust", True)


def test_figures_and_unnamed_groups_are_not_speakers():
    a = analyze(
        "Title Line\n\nSome traders have called the slump a \"cocoa winter\", although exports are steady, "
        "according to customs figures.\n\nShoppers say the new car park, dubbed the 'Pit' by regulars, is too small."
    )
    assert not a.quotes


def test_plural_possessive_inside_a_single_quoted_quote():
    text = "Title Line\n\n'They parked in the visitors' spaces all week,' said Moira Flint. 'Nobody stopped them.'"
    a = analyze(text)
    assert_offsets(a)
    quotes = quotes_by_text(a)
    assert "They parked in the visitors' spaces all week" in quotes
    assert quotes["Nobody stopped them."].speaker.name == "Moira Flint"


def test_family_title_in_front_of_a_name_is_dropped():
    text = "Title Line\n\nGranny Edith Moss, who is 90, says she has not been outside for a month."
    assert speaker_of(text, "she has not been outside for a month").name == "Edith Moss"


def test_relative_clause_verb_does_not_hide_the_main_reporting_verb():
    text = "Title Line\n\nDr. Ana Veld, a chemist who co-wrote the report, cautioned that the samples were small."
    assert speaker_of(text, "the samples were small").name == "Ana Veld"
