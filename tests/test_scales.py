"""Values as people write them (cjm.scales): importance and emotion lanes read together, RU and EN."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm import scales
from cjm.scales import emoji_score, read_emotion, read_importance, value_key


def scores(reading):
    return [None if cell is None else cell.score for cell in reading.cells]


def assumed(reading, language="en"):
    return reading.notes(language)


# --- importance -------------------------------------------------------------------------------------------


def test_three_word_levels_are_1_3_5_in_both_languages():
    r = read_importance(["High", "medium", "LOW", None, "Высокая", "средняя", "низкий", "H", "M", "L"])
    assert scores(r) == [5, 3, 1, None, 5, 3, 1, 5, 3, 1]
    assert r.unknown == ()
    assert assumed(r)[0].startswith("three levels in words: High = 5, medium = 3, LOW = 1")


def test_with_critical_in_the_column_the_words_are_five_levels():
    r = read_importance(["Critical", "High", "Medium", "Low", "Критично", "ключевой", "очень низкая"])
    assert scores(r) == [5, 4, 3, 2, 5, 5, 1]
    assert assumed(r, "ru")[0].startswith("пять уровней словами")


@pytest.mark.parametrize("cells,expected,note", [
    ([1, 4, 7, 10], [1, 2, 4, 5], "1–10 scale rescaled to 1–5"),
    ([0, 5, 10], [1, 3, 5], "0–10 scale rescaled to 1–5"),
    (["20%", "55 %", "100%"], [2, 3, 5], "0–100 % scale rescaled to 1–5"),
    ([15, 50, 90], [2, 3, 5], "0–100 % scale rescaled to 1–5"),
    ([1, 3, 5, 2], [1, 3, 5, 2], None),
    (["4,5", 2], [5, 2], "fractional scores rounded"),
])
def test_numeric_scales_are_detected_per_column(cells, expected, note):
    r = read_importance(cells)
    assert scores(r) == expected
    assert (assumed(r) == []) if note is None else (note in assumed(r))


def test_a_scale_named_in_the_label_wins_over_the_numbers():
    r = read_importance([1, 2, 3], label="Priority (1–3)")
    assert scores(r) == [1, 3, 5] and assumed(r) == ["1–3 scale (named in the label) rescaled to 1–5"]
    assert scores(read_importance([1, 2, 3], label="Важность")) == [1, 2, 3]  # without a name: 1–5 as is


def test_marks_stars_and_fractions():
    assert scores(read_importance(["!", "!!", "!!!"])) == [1, 3, 5]
    assert scores(read_importance(["!", "!!!!!"])) == [1, 5]
    assert scores(read_importance(["★★★", "★★★★★", "★★☆", "★★★☆☆ 3"])) == [3, 5, 3, 3]
    assert scores(read_importance(["5/5", "7/10", "2 из 3", "1 of 4"])) == [5, 4, 3, 1]


def test_unknown_values_are_listed_once_and_never_guessed():
    r = read_importance(["High", "abc", "ABC ", "??", 42.5, "Low"])
    assert scores(r) == [5, None, None, None, 3, 1]  # 42.5: a 0–100 column (a number above 10)
    assert r.unknown == ("abc", "??")
    assert [c.known for c in r.cells] == [True, False, False, False, True, True]


def test_a_value_outside_the_detected_scale_is_unknown():
    r = read_importance([1, 2, 3, 250])
    assert r.unknown == ("250",)


def test_overrides_give_a_value_its_score_or_leave_it_unread():
    r = read_importance(["Так себе", "High", "meh"], overrides={"так себе": 2, "high": 4, "meh": None})
    assert scores(r) == [2, 4, None] and [c.chosen for c in r.cells] == [True, True, True]
    assert r.unknown == ("meh",)


# --- emotion ----------------------------------------------------------------------------------------------


def test_satisfaction_scales_are_rescaled_to_minus_two_plus_two():
    r = read_emotion([1, 2, 3, 4, 5])
    assert scores(r) == [-2, -1, 0, 1, 2] and assumed(r) == ["1–5 satisfaction scale rescaled to −2…+2"]
    assert scores(read_emotion([1, 10, 6])) == [-2, 2, 0]
    assert scores(read_emotion(["10%", "90%"])) == [-2, 2]
    assert scores(read_emotion([-3, 0, 3])) == [-2, 0, 2]
    assert scores(read_emotion([-2, 0, 1])) == [-2, 0, 1] and assumed(read_emotion([-2, 0, 1])) == []


def test_signs_including_the_unicode_minus():
    r = read_emotion(["+", "++", "-", "−", "--", "±", "+/-"])
    assert scores(r) == [1, 2, -1, -1, -2, 0, 0]
    assert scores(read_emotion(["-", 1])) == [None, 1]  # a lone dash without any "+" in the column is a blank


@pytest.mark.parametrize("face,score", [
    ("😀", 2), ("😁", 2), ("😃", 2), ("😍", 2), ("🥰", 2), ("🤩", 2), ("😂", 2), ("🥳", 2), ("❤️", 2),
    ("🙂", 1), ("😊", 1), ("☺️", 1), ("👍", 1), ("👍🏽", 1), ("👍🏿", 1), ("👌", 1), ("😉", 1),
    ("😐", 0), ("😑", 0), ("😶", 0), ("🤔", 0), ("🤷‍♀️", 0),
    ("🙁", -1), ("☹️", -1), ("😞", -1), ("😢", -1), ("😕", -1), ("😟", -1), ("👎", -1), ("👎🏻", -1), ("🙄", -1),
    ("😠", -2), ("😡", -2), ("🤬", -2), ("😭", -2), ("😱", -2), ("💔", -2), ("😫", -2),
])
def test_face_and_gesture_emoji_with_variants(face, score):
    r = read_emotion([face, face + " долго ждал"])
    assert scores(r) == [score, score] and r.cells[1].words == "долго ждал"


def test_every_face_of_the_emoticons_blocks_has_a_family():
    blocks = [*range(0x1F600, 0x1F650), *range(0x1F910, 0x1F930), *range(0x1F970, 0x1F980)]
    faces = [chr(c) for c in blocks if "FACE" in unicodedata.name(chr(c), "")]
    assert len(faces) > 100
    unread = {unicodedata.name(f) for f in faces if emoji_score(f) is None}
    assert unread <= {"ROBOT FACE", "CLOWN FACE"}  # not feelings: listed as unknown values, never guessed


def test_words_are_suggested_and_unknown_words_listed():
    r = read_emotion(["раздражение", "Очень доволен", "Так себе", "negative", "восторг"])
    assert [c.suggested for c in r.cells] == [True, True, False, False, False]
    assert scores(r)[3:] == [-1, 2]  # the app's own scale words are scores
    assert r.unknown == ("Так себе",)
    r = read_emotion(["Так себе"], overrides={value_key("так  СЕБЕ"): -1})
    assert scores(r) == [-1] and r.cells[0].words == "Так себе" and r.unknown == ()


def test_an_unknown_emoji_is_kept_as_words_and_listed():
    r = read_emotion(["🤖", "🤖 bot"])
    assert scores(r) == [None, None] and r.unknown == ("🤖", "🤖 bot")


# --- odd text -----------------------------------------------------------------------------------------------

ODD = st.one_of(st.text(max_size=60), st.sampled_from(["\ud800", "\x00", "\u202e", "‮!!!", "★" * 50, "!" * 99,
                                                        "1/0", "0/0", "-0", "1e309", "NaN", "inf", "½"]))
CELL = st.one_of(ODD, st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=12), ODD)
def test_odd_cells_never_break_a_lane_and_scores_stay_on_the_scale(cells, label):
    for kind, allowed in ((scales.IMPORTANCE, {1, 2, 3, 4, 5}), (scales.EMOTION, {-2, -1, 0, 1, 2})):
        r = scales.read_lane(kind, cells, label)
        assert len(r.cells) == len(cells)
        for cell in r.cells:
            if cell is None:
                continue
            assert cell.score is None or cell.score in allowed
            assert cell.known or cell.score is None
            assert cell.known or value_key(cell.text) in {value_key(u) for u in r.unknown}
        for text in r.notes("ru") + r.notes("en"):
            assert text and "\n" not in text


def test_our_own_workbooks_cells_read_every_face_too():
    """A colleague types a face the app does not offer into the returned workbook: it is read (one home)."""
    from cjm.xlsx.values import CellParser

    parser = CellParser("en")
    assert parser.emotion("😤 long wait") == {"score": -2, "words": "long wait"}
    assert parser.emotion("👍🏽") == {"score": 1, "words": ""}
    assert parser.emotion("5") == {"score": None, "words": "5"}  # our sheet's scale is −2…+2: not rescaled
    assert parser.emotion("-") == {"score": None, "words": "-"}
