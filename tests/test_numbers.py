"""cjm/numbers.py: the one home of how numbers read in each language (decimal comma in Russian)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm import numbers
from cjm.scoring import number as why_number


@pytest.mark.parametrize(("value", "en", "ru"), [
    (4, "4", "4"), (4.333, "4.33", "4,33"), (62.2, "62.2", "62,2"), (62.0, "62", "62"), (-0.5, "−0.5", "−0,5"),
    (-0.001, "0", "0"), (1_000_000, "1000000", "1000000"), (0, "0", "0"),
])
def test_number(value, en, ru):
    assert numbers.number(value, "en") == en
    assert numbers.number(value, "ru") == ru


def test_scores_emotions_and_changes():
    assert numbers.score(None, "ru") == "—"
    assert numbers.score(62.25, "ru") == "62,2" or numbers.score(62.25, "ru") == "62,3"
    assert numbers.emotion(-0.67, "ru") == "😞 −0,67"
    assert numbers.emotion(-0.67, "en") == "😞 −0.67"
    assert numbers.emotion(None, "ru") == "—"
    assert numbers.emotion(1, "ru") == "🙂 +1"
    assert numbers.signed(5.5, "ru") == "+5,5"
    assert numbers.signed(-3, "en") == "−3"
    assert numbers.signed(0, "en") == "0"
    assert numbers.importance(4.67, "ru") == "4,67"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_russian_never_shows_a_decimal_point_and_english_never_a_comma(value):
    assert "." not in numbers.number(value, "ru") and "e" not in numbers.number(value, "ru")
    assert "," not in numbers.number(value, "en")


def test_the_why_lines_use_the_same_format():
    assert why_number(4.333, "ru") == numbers.number(4.333, "ru")
