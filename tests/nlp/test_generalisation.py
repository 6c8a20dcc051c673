"""Phrasing classes met in the final set, each tested with sentences written for the test."""

from annotations.nlp import analyze
from annotations.nlp.attribute import _word_at
from annotations.nlp.mentions import org_runs, org_runs_at, people_in
from annotations.nlp.score import features
from annotations.nlp.segment import segment


def sentences(text: str) -> list[str]:
    return [c.text for c in segment(text)]


def speakers(text: str) -> dict[str, tuple[str, str | None, str | None]]:
    return {q.text: (q.speaker.name, q.speaker.role, q.speaker.organization) for q in analyze(text).quotes}


def test_short_unit_abbreviation_before_a_figure_does_not_end_the_sentence():
    text = "The loan came to about Tk. 900 million, the bank said. Repayments start in May."
    assert sentences(text) == ["The loan came to about Tk. 900 million, the bank said.", "Repayments start in May."]


def test_name_before_a_figure_still_ends_the_sentence_when_it_is_long():
    assert sentences("The prize went to Marta. 40 teams had entered.") == ["The prize went to Marta.", "40 teams had entered."]


def test_quantifier_after_a_dotted_abbreviation_starts_a_sentence():
    text = "Trials ran in Spain and the U.K. Half the patients were over 70."
    assert sentences(text) == ["Trials ran in Spain and the U.K.", "Half the patients were over 70."]


def test_name_after_a_dotted_abbreviation_continues_the_sentence():
    assert sentences("The U.S. Navy confirmed the drill.") == ["The U.S. Navy confirmed the drill."]


def test_acronym_speaker_takes_the_name_spelled_out_before_it():
    text = (
        "The walkout was backed by the Coastal Ferry Workers’ Guild (CFWG), which represents 900 crew.\n\n"
        "\u201cWe will not sail on these rosters,\u201d the CFWG said in a statement."
    )
    assert speakers(text)["We will not sail on these rosters"][0] == "Coastal Ferry Workers’ Guild"


def test_acronym_spelled_out_with_lower_case_words_inside():
    text = (
        "The Office for Rail and road Safety Standards (ORSS) opened an inquiry.\n\n"
        "\u201cThe review will take six months,\u201d an ORSS spokesperson said."
    )
    assert speakers(text)["The review will take six months"][0] == "Office for Rail and road Safety Standards"


def test_acronym_never_spelled_out_stays_as_written():
    text = "\u201cPrices will rise again in spring,\u201d the TRNB said on Monday."
    assert speakers(text)["Prices will rise again in spring"][0] == "TRNB"


def roles(text: str) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.role, p.organization) for p in people_in(text, 0, len(text))}


def test_bare_institution_noun_in_a_front_title_is_part_of_the_role():
    text = "Club secretary Marisol Ekwueme told reporters the vote was close."
    assert roles(text)["Marisol Ekwueme"] == ("Club secretary", None)


def test_police_noun_in_a_front_title_names_no_employer():
    text = "\u201cWe will add patrols on Friday nights,\u201d said Police Commissioner Hal Brandvold."
    assert speakers(text)["We will add patrols on Friday nights"] == ("Hal Brandvold", "Police Commissioner", None)


def test_company_name_in_a_front_title_stays_the_organization():
    text = "Ostrava Steel spokeswoman Lenka Dvořák said the plant reopens in March."
    assert roles(text)["Lenka Dvořák"] == ("spokeswoman", "Ostrava Steel")


def test_member_title_in_front_of_a_name_is_no_part_of_the_name():
    text = "\u201cThe library stays open,\u201d Assemblymember Tomasz Wrona said."
    assert speakers(text)["The library stays open"][0] == "Tomasz Wrona"


def test_verb_before_a_job_title_is_no_part_of_the_role():
    text = "The Harrow Rowing Club have dismissed head coach Petra Lindqvist after a winless season."
    assert roles(text)["Petra Lindqvist"] == ("head coach", None)


def test_adjective_in_ed_after_an_article_stays_in_the_role():
    text = "The board heard from the retired judge Oona Falk on Monday."
    assert roles(text)["Oona Falk"] == ("retired judge", None)


def test_word_at_finds_whole_words_only():
    text = "Lund met Lund-Berg and Lundqvist; Lund_2 is not Lund."
    # A hyphen is no word character, so "Lund-Berg" holds "Lund" as a regex \\b would see it.
    assert list(_word_at(text, "Lund", len(text))) == [0, 9, text.rindex("Lund")]
    assert list(_word_at(text, "Lund", 10)) == [0]


def test_org_runs_at_returns_the_runs_org_runs_gives_at_that_place():
    text = "Staff at the Brennan Institute and Orla Kane of Vesta Labs Inc. met the Harbour Trust."
    every = org_runs(text, 0, len(text))
    for start, _, _ in every:
        assert set(org_runs_at(text, 0, len(text), start)) <= set(every)
        assert any(o[0] == start for o in org_runs_at(text, 0, len(text), start))
    assert org_runs_at(text, 0, len(text), text.index("met")) == ()


def test_features_see_phrases_and_hedges_in_any_case():
    found = features("Exports rose to 40% More Than a year earlier, for now at least, in some ways.")
    assert "comparison" in found and "hedge" in found and "figure" in found


def test_features_count_a_superscript_as_a_digit():
    assert "number" in features("The plot covers several km² of marsh near the river mouth.")


def test_she_passes_over_a_man_the_article_calls_mr_elsewhere():
    # The latest name before "she" is a man ("Mr. Varga" in the first paragraph), so the
    # woman named before him in the sentence is the speaker.
    text = (
        "Tamás Varga sold the flats in 2019. Mr. Varga has since retired.\n\n"
        "Ilona Bartos, 67, paid Tamás Varga $40,000 that spring. At the hearing she said: "
        "\u201cThe walls were wet by Christmas.\u201d"
    )
    assert speakers(text)["The walls were wet by Christmas."][0] == "Ilona Bartos"


def test_an_honorific_for_two_genders_tells_nothing():
    # Two Hollands, "Mr." and "Ms.": the surname alone says nothing of who "he" is.
    text = (
        "Mr. Holland and Ms. Holland run the farm.\n\n"
        "Peter Holland, who keeps the accounts, met the inspectors. He said: \u201cWe passed.\u201d"
    )
    assert speakers(text)["We passed."][0] == "Peter Holland"


def test_a_person_owning_the_job_is_no_organization_even_unquoted():
    text = (
        "Carys Lloyd, 58, admitted two counts of theft.\n\n"
        "Lloyd's solicitor, Imran Shah, said she was sorry. \u201cShe will repay every penny,\u201d Shah said."
    )
    assert speakers(text)["She will repay every penny"] == ("Imran Shah", "solicitor", None)


def test_a_firm_whose_name_starts_like_a_person_keeps_its_employee():
    text = "Marsh Holdings chief executive Ana Ruiz said the deal was off. \u201cWe walked away,\u201d Ruiz said."
    assert speakers(text)["We walked away"] == ("Ana Ruiz", "chief executive", "Marsh Holdings")


def test_what_a_person_did_after_their_age_is_no_role():
    assert roles("Ilona Bartos, 67, paid $40,000 for the flat.")["Ilona Bartos"] == (None, None)
    assert roles("Ilona Bartos, 67, joined Acme in 2019.")["Ilona Bartos"] == (None, None)
    assert roles("Ilona Bartos, 67, a retired nurse, paid $40,000.")["Ilona Bartos"] == ("retired nurse", None)


def test_a_description_ends_with_its_sentence():
    text = "The fund was set up by Ilona Bartos, a retired nurse. Her son, who lives in Leeds, runs it now."
    assert roles(text)["Ilona Bartos"] == ("retired nurse", None)


def test_crown_in_front_of_an_office_is_part_of_it():
    assert roles("Crown prosecutor Leah Sandhu asked for six years.")["Leah Sandhu"] == ("Crown prosecutor", None)
    assert roles("Crown counsel Owen Tate said the appeal would fail.")["Owen Tate"] == ("Crown counsel", None)


def test_a_short_form_possessor_takes_the_two_word_name_first_given():
    text = (
        "The Eastern Harriers won the shield on Sunday.\n\n"
        "\u201cWe defended well,\u201d said Mia Kerr, the Harriers\u2019 captain.\n\n"
        "Dunmore Cables Ltd. said its plant would close. Ola Berg, Dunmore\u2019s head of operations, said 80 jobs would go."
    )
    found = speakers(text)
    assert found["We defended well"] == ("Mia Kerr", "captain", "Eastern Harriers")
    assert found["80 jobs would go"] == ("Ola Berg", "head of operations", "Dunmore Cables Ltd.")


def test_a_portfolio_or_country_in_front_of_an_office_is_part_of_it():
    assert roles("Fire Chief Dana Ruiz ordered the evacuation.")["Dana Ruiz"] == ("Fire Chief", None)
    assert roles("Health Minister Ana Lima visited the ward.")["Ana Lima"] == ("Health Minister", None)
    assert roles("U.S. District Judge Ray Otis ruled on Friday.")["Ray Otis"] == ("U.S. District Judge", None)
    # A name in front of the office is still its employer.
    assert roles("Halden Chief Executive Mark Roe said no.")["Mark Roe"] == ("Chief Executive", "Halden")


def test_speech_quoted_inside_a_single_quoted_quote_stays_part_of_it():
    text = (
        "The coach left on Sunday. \u2018They called it \u201ca rebuild\u201d, and I believed them,\u2019 "
        "Ana Ruiz said. \u2018I still do.\u2019"
    )
    found = speakers(text)
    assert found["They called it \u201ca rebuild\u201d, and I believed them"][0] == "Ana Ruiz"
    assert "a rebuild" not in found


def test_the_club_is_the_club_the_article_is_about():
    text = (
        "Portwell Rangers have parted company with manager Ivo Grant after a run of six defeats.\n\n"
        "Portwell sit 19th in the table. In a statement, the club said: \u201cWe thank Ivo for his work.\u201d\n\n"
        "Grant had been at Portwell since 2022."
    )
    found = speakers(text)["We thank Ivo for his work."]
    assert found[0] == "Portwell Rangers"


def test_a_company_or_club_without_a_suffix_is_no_person():
    text = (
        "Harlow Cables said it would cut 200 jobs. Ade Bello, an analyst at Stern Bank, said the cuts "
        "could push Harlow Cables back into profit. \u2018It is overdue\u2019, he said."
    )
    assert speakers(text)["It is overdue"][0] == "Ade Bello"
    assert "Harlow Cables" not in roles(text) and "Felling Rovers" not in roles("Felling Rovers won 2-0 on Saturday.")


def test_two_words_that_end_a_longer_name_are_that_person():
    text = (
        "Mere Te Rangi scored twice as the Hawks won 24-10.\n\n"
        "\u201cThe forwards made it easy,\u201d said Te Rangi, a winger.\n\n"
        "\u201cWe were second best,\u201d said Jo Blake, the Lions coach."
    )
    found = speakers(text)
    assert found["The forwards made it easy"][0] == "Mere Te Rangi"
    assert found["We were second best"][0] == "Jo Blake"


def test_a_job_at_the_body_takes_the_name_the_article_gave_it():
    text = (
        "The Northfold Water Authority will rebuild the weir.\n\n"
        "\u201cWork starts in March,\u201d said Ken Aalto, a project engineer at the authority."
    )
    assert speakers(text)["Work starts in March"] == ("Ken Aalto", "project engineer", "Northfold Water Authority")


def test_a_title_then_the_name_in_commas_makes_the_name_the_speaker():
    found = speakers(
        "The chief executive of Acme Foods, Dana Ruiz, said the plant would close. "
        "The Minister of State for Trade, Eoin Hale, said talks would go on."
    )
    assert found["the plant would close"] == ("Dana Ruiz", "chief executive", "Acme Foods")
    assert found["talks would go on"] == ("Eoin Hale", "Minister of State for Trade", None)


def test_reported_clauses_after_testified_no_one_and_about_a_figure():
    found = speakers(
        "Lina Park, an economist, testified that the fee was three times the market rate. "
        "Inspector Ravi Bose said no one had been hurt. "
        "Mayor Ana Cole said about 600 homes had lost power. "
        "Ana Cole said about the plan that it was late."
    )
    assert found["the fee was three times the market rate"][0] == "Lina Park"
    assert found["no one had been hurt"][0] == "Ravi Bose"
    assert found["about 600 homes had lost power"][0] == "Ana Cole"
    assert "about the plan that it was late" not in found


def test_an_honorific_between_the_job_in_front_and_the_name():
    text = "Tessaly Ltd.\u2019s chief scientific officer, Dr. Noor Haddad, told analysts the trial had worked."
    assert speakers(text)["the trial had worked"] == ("Noor Haddad", "chief scientific officer", "Tessaly Ltd.")


def test_the_company_without_a_suffix_and_he_after_it():
    text = (
        "Pune\u2019s Tarang Ledger raises $20 million\n\n"
        "Tarang Ledger, which lends to weavers, has raised $20 million, the company said on Monday.\n\n"
        "Vikram Sethi, a partner at Oakridge Capital, said the fund had looked at 40 firms before choosing "
        "Tarang Ledger. \u201cThey are dull,\u201d he said. \u201cDull is good.\u201d"
    )
    found = speakers(text)
    assert found["Tarang Ledger, which lends to weavers, has raised $20 million"][0] == "Tarang Ledger"
    assert found["They are dull"][0] == "Vikram Sethi"


def test_a_name_in_quote_marks_is_no_subject_for_she():
    text = (
        "Dragica Horvat lost her house in the flood.\n\n"
        "Back in town, Horvat has painted a sign for the gate. It reads \u2018Back Soon\u2019. "
        "She laughs when asked about it. \u2018Ask me in June,\u2019 she said."
    )
    assert speakers(text)["Ask me in June"][0] == "Dragica Horvat"


def test_a_possessor_before_a_job_and_a_name_is_not_the_speaker():
    text = (
        "Rhona Pike, 51, admitted the fraud.\n\n"
        "Pike's barrister, Omar Quint, asked for leniency, saying his client had repaid most of the money."
    )
    assert speakers(text)["his client had repaid most of the money"] == ("Omar Quint", "barrister", None)


def test_a_past_form_after_an_age_is_what_was_done():
    assert roles("Bryce Hale, 44, pleaded guilty on Monday.")["Bryce Hale"] == (None, None)
    assert roles("Bryce Hale, 44, retired teacher, spoke first.")["Bryce Hale"] == ("retired teacher", None)


def test_more_jobs_and_longer_jobs_in_front_of_the_name():
    found = speakers(
        "The Ministry of Transport closed the bridge on Friday.\n\n"
        "The ministry\u2019s deputy director for roads, Ana P\u00e9rez, said repairs would take a month. "
        "Her agent, Tom Reyes of Keel Talent Group, said she would not comment further."
    )
    assert found["repairs would take a month"] == ("Ana P\u00e9rez", "deputy director for roads", "Ministry of Transport")
    assert found["she would not comment further"] == ("Tom Reyes", "agent", "Keel Talent Group")


def test_a_party_in_front_of_an_office_stays_in_the_role_as_written():
    assert roles("Mia Dunn, the Scottish Green councillor for Harbourside, objected.")["Mia Dunn"] == (
        "Scottish Green councillor for Harbourside", None)
    assert roles("Labour councillor Ed Hart voted against.")["Ed Hart"] == ("Labour councillor", None)
    # A company in front of a job is still its employer.
    assert roles("Mia Dunn, a Brightwell spokeswoman, declined to comment.")["Mia Dunn"] == ("spokeswoman", "Brightwell")


def test_a_body_introduced_as_the_noun_then_its_name():
    found = speakers(
        "The national weather agency, MetKora, said on Sunday that the storm had turned north. "
        "The agency said it would issue new warnings at noon."
    )
    assert found["the storm had turned north"] == ("MetKora", None, None)
    assert found["it would issue new warnings at noon"] == ("MetKora", None, None)


def test_a_short_form_of_a_three_word_name_takes_the_whole_name():
    text = (
        "Kenji Oda, the Nagoya Silver Herons catcher, will join Denver next season.\n\n"
        "The Silver Herons will receive a fee of about $17 million under the posting rules, the club said."
    )
    assert speakers(text)["The Silver Herons will receive a fee of about $17 million under the posting rules"][0] == (
        "Nagoya Silver Herons")


def test_two_bodies_joined_by_and_when_one_name_holds_and():
    text = (
        "The deal needs approval from the Fair Trading and Consumer Welfare Authority and the Central Bank of Ruvia. "
        "The Fair Trading and Consumer Welfare Authority said it would rule within 60 days."
    )
    assert speakers(text)["it would rule within 60 days"][0] == "Fair Trading and Consumer Welfare Authority"
    assert "Central Bank of Ruvia" in [name for _, _, name in org_runs(text, 0, len(text))]


def test_general_closes_an_office_in_front_of_the_name():
    assert roles("Attorney General Evan Pratt said the ruling stood.")["Evan Pratt"] == ("Attorney General", None)
    found = speakers("\u201cIt is settled,\u201d said Deputy Solicitor General Evan Pratt, who argued the case.")
    assert found["It is settled"] == ("Evan Pratt", "Deputy Solicitor General", None)


def test_organization_words_and_connectors_in_other_languages_and_friends_of():
    assert roles("Rui Costa, president of the Federação das Indústrias do Norte, said no.")["Rui Costa"] == (
        "president", "Federação das Indústrias do Norte")
    assert roles("Lise Roux, director of the Musée Valcourt, said no.")["Lise Roux"] == ("director", "Musée Valcourt")
    assert ("Friends of Ashgrove Park" in [name for _, _, name in org_runs(
        "Friends of Ashgrove Park said it would appeal.", 0, 46)])


def test_the_owner_of_a_job_in_an_appositive_is_no_subject_for_he():
    text = "Femi Ade, Bright Ledger\u2019s chief executive, will stay on. He told staff that no jobs would go."
    assert speakers(text)["no jobs would go"] == ("Femi Ade", "chief executive", "Bright Ledger")


def test_ma_before_a_given_name_does_not_end_the_sentence():
    text = "The disaster officer, Ma. Teresa Abad, said the islands were the biggest worry."
    assert sentences(text) == [text]
    assert speakers(text)["the islands were the biggest worry"][0] == "Ma. Teresa Abad"


def test_a_single_quoted_quote_that_runs_into_the_next_paragraph():
    text = (
        "Ola Nyberg, the gallery\u2019s keeper, said the alarm had worked. \u2018We did what we could,\u2019 she said. "
        "\u2018The doors held, the guards ran. It was not enough.\n\n"
        "\u2018We will reopen in spring.\u2019"
    )
    found = speakers(text)
    assert found["The doors held, the guards ran. It was not enough."][0] == "Ola Nyberg"


def test_a_company_with_a_dotted_suffix_before_an_appositive_is_the_subject():
    text = "Harlow Grain Ltd., one of the region\u2019s largest millers, said on Monday that it would close two sites."
    assert speakers(text)["it would close two sites"] == ("Harlow Grain Ltd.", None, None)


def test_a_body_followed_by_which_says_is_the_speaker():
    text = "The walkout was called by the Coastal Nurses\u2019 Guild (CNG), which says its members have lost 12 per cent of their pay."
    assert speakers(text)["its members have lost 12 per cent of their pay"] == ("Coastal Nurses\u2019 Guild", None, None)


def test_an_acronym_in_brackets_between_the_name_and_the_verb():
    text = "The Office for Water Safety Standards (OWSS) said in a statement that it had opened an inquiry."
    assert speakers(text)["it had opened an inquiry"] == ("Office for Water Safety Standards", None, None)
