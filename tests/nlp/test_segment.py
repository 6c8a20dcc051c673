from annotations.nlp.segment import segment


def sentences(text: str) -> list[str]:
    return [c.text for c in segment(text)]


def test_abbreviations_inside_sentences_do_not_split():
    text = (
        "Dr. Lee met Mr. Ortiz and Mrs. Hale at St. Mary's on Jan. 5 at 9 a.m. near the U.S. Capitol. "
        "Prof. J. K. Rowan of Acme Inc. spoke, e.g. about No. 10 and Gen. Park."
    )
    assert sentences(text) == [
        "Dr. Lee met Mr. Ortiz and Mrs. Hale at St. Mary's on Jan. 5 at 9 a.m. near the U.S. Capitol.",
        "Prof. J. K. Rowan of Acme Inc. spoke, e.g. about No. 10 and Gen. Park.",
    ]


def test_abbreviation_at_paragraph_end_ends_the_sentence():
    assert sentences("She moved to the U.S.\n\nThen she left.") == ["She moved to the U.S.", "Then she left."]


def test_abbreviation_before_a_sentence_starter_ends_the_sentence():
    assert sentences("He lived in the U.S. Then he moved to Oslo.") == ["He lived in the U.S.", "Then he moved to Oslo."]
    assert sentences("The clinic opens at 8 a.m. Some parents arrive early.") == [
        "The clinic opens at 8 a.m.",
        "Some parents arrive early.",
    ]


def test_abbreviation_before_a_proper_noun_does_not_split():
    assert sentences("Talks with U.S. Secretary Blake ended.") == ["Talks with U.S. Secretary Blake ended."]


def test_decimals_and_money_do_not_split():
    assert sentences("Prices rose 3.5% to $1.2 billion. Rents fell.") == ["Prices rose 3.5% to $1.2 billion.", "Rents fell."]


def test_closing_quote_belongs_to_the_sentence_it_closes():
    text = "“We are done.” The mayor left. “Why now?” she asked."
    assert sentences(text) == ["“We are done.”", "The mayor left.", "“Why now?” she asked."]


def test_question_in_quote_followed_by_capitalised_attribution_is_one_sentence():
    assert sentences("‘How many more?’ Mr Price asked. He left.") == ["‘How many more?’ Mr Price asked.", "He left."]


def test_claims_reproduce_text_and_cover_the_body():
    text = "First one. Second one!\n\n“Third,” he said. Fourth? Fifth…"
    claims = segment(text)
    for c in claims:
        assert text[c.start : c.end] == c.text == c.text.strip()
    covered = sum(len(c.text.replace(" ", "")) for c in claims)
    assert covered >= 0.95 * len(text.replace(" ", "").replace("\n", ""))


def test_clock_time_ends_a_sentence_before_a_new_capitalised_sentence():
    assert sentences("The market opens at 6 a.m. Stallholders arrive an hour earlier.") == [
        "The market opens at 6 a.m.",
        "Stallholders arrive an hour earlier.",
    ]
    # A day, month or time zone continues the time instead.
    assert sentences("Polls close at 8 p.m. Eastern on Tuesday. Counting starts then.") == [
        "Polls close at 8 p.m. Eastern on Tuesday.",
        "Counting starts then.",
    ]
    assert sentences("The ferry leaves at 9 a.m. Friday from Pier 4.") == ["The ferry leaves at 9 a.m. Friday from Pier 4."]
