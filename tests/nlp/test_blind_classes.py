"""Phrasing classes behind the blind-set failures, each tested with fresh example sentences."""

from annotations.nlp import analyze

from .helpers import assert_offsets, quotes_by_text


def speaker_of(text: str, quote: str):
    return quotes_by_text(analyze(text))[quote].speaker


def test_abbreviated_ranks_in_front_of_a_name_are_the_role():
    text = (
        "Title Line\n\nDet. Supt. Owen Marsh, who led the search, said the boat had been found near the pier.\n\n"
        "Lt. Col. Ines Baptiste said the base would reopen on Friday morning."
    )
    s = speaker_of(text, "the boat had been found near the pier")
    assert (s.name, s.role, s.organization) == ("Owen Marsh", "Det. Supt.", None)
    assert speaker_of(text, "the base would reopen on Friday morning").role == "Lt. Col."


def test_clerical_style_is_an_honorific_not_part_of_the_name():
    text = "Title Line\n\nThe Very Rev. Colm Ashdown, the Dean of Farleigh, said the roof appeal had raised £2m."
    s = speaker_of(text, "the roof appeal had raised £2m")
    assert (s.name, s.role, s.organization) == ("Colm Ashdown", "Dean", "Farleigh")


def test_marked_span_inside_reported_speech_is_a_direct_quote_of_the_speaker():
    text = (
        "Title Line\n\nGwen Tully, the harbour master, said the new quay was \"a disaster waiting to happen\" "
        "for the fleet.\n\nBrandmoor Ferries said in a statement that it was \"surprised\" and remained "
        "\"confident in the crossing.\""
    )
    a = analyze(text)
    got = [(q.kind, q.text, q.speaker.name) for q in a.quotes]
    assert got == [
        ("direct", "a disaster waiting to happen", "Gwen Tully"),
        ("direct", "surprised", "Brandmoor Ferries"),
        ("direct", "confident in the crossing.", "Brandmoor Ferries"),
    ]
    assert_offsets(a)


def test_verdict_and_parenthetical_cues_reach_a_marked_span():
    text = (
        "Title Line\n\nSenator Paul Ekwueme called the settlement \"shameful.\"\n\n"
        "Any new contract, Ekwueme wrote, should include \"a clause that protects the tenants.\"\n\n"
        "Judge Hana Quist agreed, writing that the lease \"cannot be read as a blank cheque.\""
    )
    q = quotes_by_text(analyze(text))
    assert q["shameful."].speaker.name == "Paul Ekwueme"
    assert q["a clause that protects the tenants."].speaker.name == "Paul Ekwueme"
    assert q["cannot be read as a blank cheque."].speaker.name == "Hana Quist"


def test_marked_words_in_a_noun_phrase_stay_scare_quotes():
    text = "Title Line\n\nMayor Rhea Olin said the city's \"clean streets\" programme would be expanded next year."
    a = analyze(text)
    assert [(q.kind, q.speaker.name) for q in a.quotes] == [("indirect", "Rhea Olin")]


def test_titles_in_marks_are_not_speech_and_do_not_hide_reported_speech():
    text = (
        "Title Line\n\nHousing Minister Dara Fenn told MPs that the department's own review, 'Coastal Flood "
        "Defences: Next Steps', found that 40 towns were at risk.\n\nResidents sued in May, arguing that the "
        "board had posted only an agenda item, \"Sea wall - deferred,\" two days before the vote."
    )
    a = analyze(text)
    texts = [q.text for q in a.quotes]
    assert "Coastal Flood Defences: Next Steps" not in texts
    assert "Sea wall - deferred" not in texts
    assert any(t.startswith("the department's own review") for t in texts)


def test_closing_cue_of_a_force_and_a_police_spokesperson_name_the_police_body():
    text = (
        "Title Line\n\nOfficers from Westvale Constabulary's rural crime team searched three farms on Monday.\n\n"
        "Two men were questioned and later released without charge, the force said.\n\n"
        "A police spokesperson said the investigation would continue into the spring. "
        "'We are grateful for the help of local farmers,' the spokesperson added."
    )
    for quote in (
        "Two men were questioned and later released without charge",
        "the investigation would continue into the spring",
        "We are grateful for the help of local farmers,",
    ):
        s = speaker_of(text, quote.rstrip(","))
        assert (s.name, s.is_institution) == ("Westvale Constabulary", True)


def test_named_spokesperson_body_keeps_its_full_name():
    text = "Title Line\n\nA Department of Transport spokesperson said the bridge would reopen in May after repairs."
    s = speaker_of(text, "the bridge would reopen in May after repairs")
    assert (s.name, s.is_institution) == ("Department of Transport", True)


def test_she_after_a_spokeswoman_goes_on_quoting_the_body():
    text = (
        "Title Line\n\nCouncillor Ruth Amaro said the report was late.\n\n"
        "A spokeswoman for the Elmford Housing Trust said repairs had been delayed by a shortage of roofers. "
        "She said the trust had hired two new contractors this month."
    )
    s = speaker_of(text, "the trust had hired two new contractors this month")
    assert (s.name, s.is_institution) == ("Elmford Housing Trust", True)


def test_relative_clause_with_which_marks_a_body_in_a_closing_cue():
    text = (
        "Title Line\n\nWind farms in the north lost 3% of their output in March, the Northern Grid Operator, "
        "which runs the regional network, said on Friday.\n\n"
        "The operator's chief engineer, Tilde Varga, said new cables would be laid next year."
    )
    a = analyze(text)
    s = quotes_by_text(a)["Wind farms in the north lost 3% of their output in March"].speaker
    assert (s.name, s.is_institution) == ("Northern Grid Operator", True)
    s = quotes_by_text(a)["new cables would be laid next year"].speaker
    assert (s.role, s.organization) == ("chief engineer", "Northern Grid Operator")


def test_long_prepositional_adjunct_before_that():
    text = "Title Line\n\nThe Bar Council said in a short note published after the hearing that the fees were unfair."
    s = speaker_of(text, "the fees were unfair")
    assert s.name == "Bar Council"


def test_possessive_owner_takes_the_full_name_and_a_person_owns_no_organization():
    text = (
        "Title Line\n\nVantor Robotics Ltd. said sales rose 9%.\n\n"
        "\"We doubled the line,\" said Ivo Stern, Vantor's head of production.\n\n"
        "Kaia Brenn, a 6-foot-1 sophomore from Oslo, said she would stay. Per Lund, Brenn's agent, "
        "said the contract ran to 2027."
    )
    q = quotes_by_text(analyze(text))
    s = q["We doubled the line"].speaker
    assert (s.role, s.organization) == ("head of production", "Vantor Robotics Ltd.")
    s = q["she would stay"].speaker
    assert (s.name, s.role, s.organization) == ("Kaia Brenn", None, None)
    s = q["the contract ran to 2027"].speaker
    assert (s.role, s.organization) == ("agent", None)


def test_county_possessive_names_the_county_and_a_past_tense_verb_is_no_appositive():
    text = (
        "Title Line\n\nThe contract was signed by Marlow County in June.\n\n"
        "The county's solicitor, Ewan Pyle, said the council would not appeal.\n\n"
        "Harcourt's founder, Lena Obi, rejected that claim. \"We met every deadline,\" she said."
    )
    q = quotes_by_text(analyze(text))
    s = q["the council would not appeal"].speaker
    assert (s.role, s.organization) == ("solicitor", "Marlow County")
    s = q["We met every deadline"].speaker
    assert (s.name, s.role, s.organization) == ("Lena Obi", "founder", "Harcourt")


def test_body_named_as_an_employer_speaks_as_an_institution_and_groups_do_not_speak():
    text = (
        "Title Line\n\nLiv Aune, chief executive of Nordlys Kraft, said prices had peaked.\n\n"
        "Nordlys Kraft said last week that it would build two new turbines.\n\n"
        "Developers say the rules are too strict for small projects."
    )
    a = analyze(text)
    q = quotes_by_text(a)
    assert q["it would build two new turbines"].speaker.is_institution
    assert "the rules are too strict for small projects" not in q
