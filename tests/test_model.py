"""The map model: good values are kept in canonical form, bad ones named precisely."""

from __future__ import annotations

import pytest

from cjm import limits
from cjm.errors import MapValidationError
from cjm.mapfile import map_from_dict
from cjm.model import Lane, Map, Stage
from tests.conftest import make_map_dict


def with_value(lane: str, value, stage: int = 1) -> dict:
    doc = make_map_dict()
    doc["stages"][stage]["values"][lane] = value
    return doc


def problem(doc) -> str:
    with pytest.raises(MapValidationError) as info:
        map_from_dict(doc)
    return info.value.message


def test_valid_map_loads(map_dict):
    m = map_from_dict(map_dict)
    assert [s.name for s in m.stages] == ["Осмысление", "Оценка", "Сделка"]
    assert m.stages[1].values["importance"] == 5
    assert m.stages[2].values["metrics"] == 120


@pytest.mark.parametrize("value", [1, 5, 3.0])
def test_importance_accepts_whole_numbers_1_to_5(value):
    m = map_from_dict(with_value("importance", value))
    assert m.stages[1].values["importance"] == int(value)
    assert isinstance(m.stages[1].values["importance"], int)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (6, "6"), (3.5, "3.5"), ("abc", '"abc"'), ("5", '"5"'), (True, "true"), ([5], "a list")],
)
def test_importance_out_of_scale_is_named(value, shown):
    assert problem(with_value("importance", value)) == (
        f'Stage "Оценка", lane "Importance": expected a whole number 1–5, got {shown}'
    )


@pytest.mark.parametrize("score", [-2, -1, 0, 1, 2])
def test_emotion_scale(score):
    m = map_from_dict(with_value("emotion", {"score": score, "words": "x"}))
    assert m.stages[1].values["emotion"] == {"score": score, "words": "x"}


@pytest.mark.parametrize("score", [3, -3, 1.5, "bad"])
def test_emotion_out_of_scale(score):
    message = problem(with_value("emotion", {"score": score, "words": ""}))
    expected = 'Stage "Оценка", lane "Emotions": expected an emotion score: a whole number from −2 to +2'
    assert message.startswith(expected)


def test_bare_emotion_number_is_canonicalized():
    m = map_from_dict(with_value("emotion", -2))
    assert m.stages[1].values["emotion"] == {"score": -2, "words": ""}


def test_emotion_with_words_only_is_unrated_but_kept():
    m = map_from_dict(with_value("emotion", {"score": None, "words": "Раздражение, Критическая Боль"}))
    assert m.stages[1].values["emotion"] == {"score": None, "words": "Раздражение, Критическая Боль"}


def test_unrated_is_absent_not_zero():
    m = map_from_dict(with_value("importance", None))
    assert "importance" not in m.stages[1].values
    m = map_from_dict(with_value("emotion", {"score": None, "words": ""}))
    assert "emotion" not in m.stages[1].values


@pytest.mark.parametrize(
    ("lane", "value", "expected"),
    [
        ("goals", 5, "expected text, got 5"),
        ("actions", "one line", 'expected a list of text items, got "one line"'),
        ("actions", ["ok", 3], "expected a list of text items, got a list"),
        ("metrics", "12", 'expected a number, got "12"'),
        ("metrics", True, "expected a number, got true"),
        ("channel", "fax", 'expected one of "email", "phone", got "fax"'),
        ("emotion", {"score": 1, "mood": "x"}, "expected an emotion"),
    ],
)
def test_wrong_type_names_stage_and_lane(lane, value, expected):
    message = problem(with_value(lane, value))
    assert message.startswith('Stage "Оценка", lane ')
    assert expected in message


def test_list_drops_empty_items_keeps_text_as_typed():
    m = map_from_dict(with_value("actions", ["  keep spaces ", "", "   "]))
    assert m.stages[1].values["actions"] == ["  keep spaces "]


def test_value_for_unknown_lane():
    assert problem(with_value("nope", "x")) == 'Stage "Оценка": a value for "nope", which is not a lane of this map'


def test_duplicate_stage_ids():
    doc = make_map_dict()
    doc["stages"][2]["id"] = "a"
    assert problem(doc) == 'Stage "Сделка": the stage id "a" is used by another stage too'


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_stage_name(name):
    doc = make_map_dict()
    doc["stages"][2]["name"] = name
    assert problem(doc) == "Stage 3, name: the stage name is empty"


def test_duplicate_lane_keys():
    doc = make_map_dict()
    doc["lanes"].append({"key": "goals", "label": "Again", "type": "text"})
    assert 'Lane key "goals" is used twice' in problem(doc)


def test_all_problems_are_listed():
    doc = make_map_dict()
    doc["stages"][0]["values"]["importance"] = 0
    doc["stages"][1]["values"]["importance"] = 9
    with pytest.raises(MapValidationError) as info:
        map_from_dict(doc)
    assert len(info.value.problems) == 2
    assert info.value.message.endswith("(and 1 more problem)")


def test_cell_over_the_limit():
    message = problem(with_value("goals", "x" * (limits.MAX_CELL_CHARS + 1)))
    assert message == (
        f'Stage "Оценка", lane "Goals (JTBD)": expected at most {limits.MAX_CELL_CHARS:,} characters, '
        f'got "{limits.MAX_CELL_CHARS + 1:,} characters"'
    )


def test_cell_at_the_limit_is_fine():
    m = map_from_dict(with_value("goals", "я" * limits.MAX_CELL_CHARS))
    assert len(m.stages[1].values["goals"]) == limits.MAX_CELL_CHARS


def test_too_many_stages_and_lanes():
    doc = make_map_dict(stages=[{"id": f"s{i}", "name": f"S{i}"} for i in range(limits.MAX_STAGES + 1)])
    assert problem(doc) == f"the map has {limits.MAX_STAGES + 1} stages; the limit is {limits.MAX_STAGES}"
    lanes = [{"key": f"l{i}", "label": f"L{i}", "type": "text"} for i in range(limits.MAX_LANES + 1)]
    assert problem(make_map_dict(lanes=lanes, stages=[])) == (
        f"the map has {limits.MAX_LANES + 1} lanes; the limit is {limits.MAX_LANES}"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "", "title: the title is empty"),
        ("kind", "b2g", "kind: Input should be 'b2c', 'b2b' or 'custom', got \"b2g\""),
        ("language", "de", "language: Input should be 'ru' or 'en', got \"de\""),
        ("colour", "red", "colour: is not a field of a map file"),
    ],
)
def test_map_fields(field, value, expected):
    assert problem(make_map_dict(**{field: value})) == expected


def test_bad_lane_definitions():
    doc = make_map_dict()
    doc["lanes"][0]["key"] = "Bad Key"
    assert problem(doc).startswith('Lane 1 ("Actions"), key: String should match pattern')
    doc = make_map_dict()
    doc["lanes"][5]["options"] = []
    assert problem(doc) == 'Lane 6 ("Channel"): a choice lane needs at least one option'
    doc = make_map_dict()
    doc["lanes"][0]["options"] = ["x"]
    assert problem(doc) == 'Lane 1 ("Actions"): only a choice lane has options, this one is list'


def test_scoring_thresholds_must_be_ordered():
    message = problem(make_map_dict(scoring={"warning_at": 80, "critical_at": 60}))
    assert message == "scoring: the warning threshold (80) is above the critical one (60)"


def test_building_a_map_in_code_validates_too():
    lane = Lane(key="importance", label="Важность", type="importance")
    with pytest.raises(Exception, match="expected a whole number 1–5"):
        Map(title="x", lanes=[lane], stages=[Stage(name="a", values={"importance": 7})])
    m = Map(title="x", lanes=[lane], stages=[Stage(name="a", values={"importance": 4})])
    assert m.stages[0].id.startswith("s") and m.id and m.created.tzinfo is not None
