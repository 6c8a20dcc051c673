"""Snapping offsets to grapheme clusters (plain Python, no database)."""

from annotations.graphemes import _CLUSTER, grapheme_ceil, grapheme_floor, grapheme_snap

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"


def test_offsets_at_boundaries_stay_where_they_are():
    text = f"A {FAMILY} and e\u0301."
    assert grapheme_snap(text, 0, len(text)) == (0, len(text))
    assert grapheme_snap(text, 2, 7) == (2, 7)


def test_every_offset_inside_a_zwj_sequence_snaps_to_its_ends():
    text = f"A {FAMILY}."
    for offset in range(3, 7):
        assert (grapheme_floor(text, offset), grapheme_ceil(text, offset)) == (2, 7)


def test_a_carriage_return_and_line_feed_are_one_character_and_a_line_feed_ends_any():
    assert grapheme_snap("a\r\nb", 2, 3) == (1, 3)
    assert grapheme_snap("\U0001F1EB\n\U0001F1F7\U0001F1EB", 3, 4) == (2, 4)


def test_offsets_outside_the_text_are_left_to_the_caller():
    assert grapheme_snap("abc", -1, 9) == (-1, 9)


def test_between_two_code_points_below_the_combining_marks_only_cr_lf_is_one_cluster():
    # The shortcut of _cluster_around (no scan of the line) holds for every such pair, as \X splits them.
    joined = [(a, b) for a in range(0x300) for b in range(0x300) if len(_CLUSTER.findall(chr(a) + chr(b))) != 2]
    assert joined == [(ord("\r"), ord("\n"))]
    assert grapheme_snap("a\r\nb", 2, 3) == (1, 3)
