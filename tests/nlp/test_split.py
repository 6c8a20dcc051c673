"""Split points fall between tokens, and are marked where they fall between clauses or sentences."""

import pytest

from annotations.nlp.split import split_point_at, split_points

TEXT = "Inspectors counted 40 cars, and the bridge — built in 1990 — cost $4.2 million. Critics said so."


def test_every_point_ends_a_token_and_leaves_a_word_on_each_side():
    for point in split_points(TEXT):
        assert not (TEXT[point.at - 1].isalnum() and TEXT[point.at].isalnum())
        assert point.before == TEXT[: point.at].rstrip() and point.after == TEXT[point.at :].lstrip()


@pytest.mark.parametrize("inside", ["spectors", "ars,", "4.2", ".2 million", "illion."])
def test_no_point_falls_inside_a_word_or_a_number(inside):
    assert split_point_at(TEXT, TEXT.index(inside)) is None


@pytest.mark.parametrize("after,clause", [
    ("Inspectors", False),  # between two words
    ("40 cars,", True),  # after a comma
    ("the bridge", True),  # before a dash
    ("million.", True),  # between sentences
    ("Critics", False),
])
def test_points_between_clauses_are_marked(after, clause):
    point = split_point_at(TEXT, TEXT.index(after) + len(after))
    assert point is not None and point.clause is clause


def test_any_offset_in_the_space_between_words_names_the_point_after_the_first():
    at = TEXT.index(" counted")
    assert split_point_at(TEXT, at + 1).at == at


def test_a_clause_opening_word_marks_the_point_before_it():
    text = "The bridge opened in May but nobody used it."
    assert split_point_at(text, text.index(" but")).clause is True


def test_no_point_leaves_only_punctuation_on_a_side():
    assert split_points("Yes .") == []
    assert split_points("One") == []
    assert split_point_at("Two words", 0) is None and split_point_at("Two words", 9) is None
