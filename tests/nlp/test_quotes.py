from annotations.nlp import analyze

from .helpers import assert_offsets, quotes_by_text

ARTICLE = """Port Authority Delays Harbour Expansion

By Mara Quist

The port authority on Tuesday delayed a $2.3 billion harbour expansion, citing rising costs.

“We will not sign a contract we cannot pay for,” said Tomas Eriksen, the authority’s chief financial officer. “The numbers have to work first.”

“Every month of delay costs the region jobs,” Eriksen said, “and the shipping lines know it.”

Residents call the project “the big dig,” and a campaign named “Save Our Shore” has opposed it for years.

“We have been here before. In 2019 the authority promised a decision within a year.

“Nothing happened then, and nothing will happen now,” said Ruth Abara, who chairs the Harbour Residents Association.

Economist Felix Brandt of the Nordic Trade Institute said the delay would push freight to rival ports.

According to Brandt, container volumes fell 4% last year.

The ministry said in a statement that it would review the authority’s budget.

Acme Dredging Corp said in a filing that it had paused hiring for the project.

Some analysts, such as Lina Haddad at Meridian Capital, argue that the pause could lower the final price.

Eriksen told the Herald that the board would meet again in March. He said the authority had not ruled out a smaller plan.
"""


def test_apostrophes_are_not_quote_marks():
    a = analyze("Title Line\n\nIran’s envoy said the ’90s were different and didn't elaborate, officials noted.")
    assert all("’90s" not in q.text[:5] for q in a.quotes)
    assert not any(q.kind == "direct" for q in a.quotes)


def test_scare_quotes_nicknames_and_titles_are_not_quotes():
    texts = {q.text for q in analyze(ARTICLE).quotes}
    assert not any("big dig" in t for t in texts)
    assert not any("Save Our Shore" == t for t in texts)
    report = analyze("Title Line\n\nThe council published a report titled “Living With Water” on Monday.")
    assert report.quotes == ()


def test_quote_interrupted_by_attribution_is_two_quotes():
    quotes = quotes_by_text(analyze(ARTICLE))
    first = quotes["Every month of delay costs the region jobs"]
    second = quotes["and the shipping lines know it."]
    assert first.speaker.name == second.speaker.name == "Tomas Eriksen"
    assert (first.cue_start, first.cue_end) == (second.cue_start, second.cue_end)


def test_second_quote_after_attribution_in_same_paragraph_keeps_the_speaker():
    quotes = quotes_by_text(analyze(ARTICLE))
    assert quotes["The numbers have to work first."].speaker.name == "Tomas Eriksen"


def test_multi_paragraph_quote_is_one_quote_per_paragraph_with_one_speaker():
    a = analyze(ARTICLE)
    quotes = quotes_by_text(a)
    opening = quotes["We have been here before. In 2019 the authority promised a decision within a year."]
    closing = quotes["Nothing happened then, and nothing will happen now"]
    assert opening.speaker.name == closing.speaker.name == "Ruth Abara"
    assert opening.kind == closing.kind == "direct"


def test_quote_only_paragraph_continues_previous_speaker_and_cue():
    text = "Title Line\n\n“The plan is dead,” says Ona Vitkus, a planner at Baltic Ports.\n\n“Nobody will revive it.”"
    a = analyze(text)
    assert [q.speaker.name for q in a.quotes] == ["Ona Vitkus", "Ona Vitkus"]
    assert a.text[a.quotes[1].cue_start : a.quotes[1].cue_end] == "says"
    assert a.quotes[1].cue_start == a.quotes[0].cue_start


def test_cue_offsets_point_at_the_speech_verb():
    a = analyze(ARTICLE)
    cues = {a.text[q.cue_start : q.cue_end] for q in a.quotes}
    assert {"said", "argue", "According to", "told"} <= cues


def test_indirect_quote_with_that_clause():
    quotes = quotes_by_text(analyze(ARTICLE))
    q = quotes["the pause could lower the final price"]
    assert q.kind == "indirect" and q.speaker.name == "Lina Haddad"


def test_indirect_quote_with_told_the_paper_that():
    quotes = quotes_by_text(analyze(ARTICLE))
    assert quotes["the board would meet again in March"].speaker.name == "Tomas Eriksen"


def test_indirect_quote_with_according_to():
    quotes = quotes_by_text(analyze(ARTICLE))
    assert quotes["container volumes fell 4% last year"].speaker.name == "Felix Brandt"


def test_indirect_quote_without_that():
    quotes = quotes_by_text(analyze(ARTICLE))
    assert quotes["the delay would push freight to rival ports"].speaker.name == "Felix Brandt"


def test_indirect_quote_after_closing_attribution():
    a = analyze("Title Line\n\nThe talks will resume next week in Geneva, the foreign ministry said.")
    assert [(q.text, q.kind) for q in a.quotes] == [("The talks will resume next week in Geneva", "indirect")]


def test_offsets_and_confidence_are_valid():
    assert_offsets(analyze(ARTICLE))


def test_short_quoted_word_inside_a_reported_clause_is_a_direct_quote():
    # Changed with the blind set's convention (tests/data/blind/README.md): a marked span
    # inside reported speech is a direct quote of the speaker, with no indirect quote around it.
    a = analyze("Title Line\n\nPowell said inflation had eased. He added that the labor market remained \"solid.\"")
    assert [(q.kind, q.text, q.speaker.name) for q in a.quotes] == [
        ("indirect", "inflation had eased", "Powell"),
        ("direct", "solid.", "Powell"),
    ]


def test_straight_and_single_quote_marks_are_quotes():
    a = analyze("Title Line\n\n\"We are ready,\" said Ana Silva, a nurse at Porto General Hospital.\n\n'So are we,' said Rui Costa.")
    assert [(q.text, q.speaker.name) for q in a.quotes] == [("We are ready", "Ana Silva"), ("So are we", "Rui Costa")]
