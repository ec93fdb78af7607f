"""cjm/analysis.py: what to fix first, and emotion suggestions to confirm, for any lane keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm import analysis, lexicon
from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from tests.conftest import make_map_dict


def custom_emotion_map():
    """The emotion lane is a custom one ("feelings"), added before any lane keyed "emotion"."""
    doc = make_map_dict()
    doc["lanes"] = [lane for lane in doc["lanes"] if lane["key"] != "emotion"]
    doc["lanes"].insert(0, {"key": "feelings", "label": "How they feel", "type": "emotion"})
    doc["lanes"].append({"key": "recommendations", "label": "Do this", "type": "list"})
    doc["lanes"].append({"key": "pain_points", "label": "Pains", "type": "list"})
    for stage in doc["stages"]:
        stage["values"].pop("emotion", None)
    doc["stages"][0]["values"]["feelings"] = {"score": None, "words": "angry and confused"}
    doc["stages"][0]["values"]["importance"] = 5
    doc["stages"][0]["values"]["recommendations"] = ["call back within an hour"]
    doc["stages"][1]["values"]["feelings"] = {"score": 2, "words": "delighted"}
    return map_from_dict(doc)


def test_suggestions_read_the_emotion_lane_scoring_reads_whatever_its_key():
    m = custom_emotion_map()
    found = analysis.suggestions(m, score_map(m))
    assert [(s.stage_id, s.lane_key, s.words) for s in found] == [("a", "feelings", "angry and confused")]
    assert found[0].score < 0


def test_confirming_a_suggestion_keeps_the_words_in_a_custom_emotion_lane():
    m = custom_emotion_map()
    suggestion = analysis.suggestions(m, score_map(m))[0]
    confirmed = analysis.confirm(m, suggestion.stage_id, suggestion.score)
    assert confirmed.stage("a").values["feelings"] == {"score": suggestion.score, "words": "angry and confused"}
    assert analysis.suggestions(confirmed, score_map(confirmed)) == []  # a person's score now


def test_todos_are_the_bottlenecks_with_their_fix_first_lanes():
    m = custom_emotion_map()
    scores = score_map(m)
    todos = analysis.todos(m, scores)
    assert [todo.score.stage_id for todo in todos] == [s.stage_id for s in scores if s.level in ("critical",
                                                                                                  "warning")]
    first = todos[0]
    assert first.score.stage_id == "a"
    assert [(d.label, d.items) for d in first.details] == [("Do this", ("call back within an hour",))]


def test_no_todos_without_a_bottleneck():
    doc = make_map_dict()
    for stage in doc["stages"]:
        stage["values"].update(importance=1, emotion={"score": 2, "words": ""})
    m = map_from_dict(doc)
    assert analysis.todos(m, score_map(m)) == []


# --- words that contradict the score ("check") ---------------------------------------------------
def test_words_on_the_other_side_of_neutral_are_flagged():
    doc = make_map_dict()
    doc["stages"][0]["values"]["emotion"] = {"score": -2, "words": "Удовлетворение"}
    doc["stages"][1]["values"]["emotion"] = {"score": 1, "words": "frustrated, confused"}
    doc["stages"][2]["values"]["emotion"] = {"score": -1, "words": "annoyed"}  # agrees: no flag
    m = map_from_dict(doc)
    found = analysis.checks(m)
    assert [(c.stage_id, c.score, c.reading) for c in found] == [("a", -2, 1), ("b", 1, -2)]
    assert found[0].words == "Удовлетворение" and found[0].lane_key == "emotion"


@pytest.mark.parametrize(("score", "words", "flagged"), [
    (-2, "Удовлетворение", True), (2, "раздражение", True), (0, "раздражение", False), (-1, "нормально", False),
    (-2, "xyzzy", False), (None, "восторг", False), (1, "не доволен", True), (-1, "not bad", True),
])
def test_contradicts(score, words, flagged):
    assert (lexicon.contradicts(score, words) is not None) == flagged


# --- quadrants of the priority matrix --------------------------------------------------------------
@pytest.mark.parametrize(("importance", "emotion", "expected"), [
    (5, -2, analysis.FIX_NOW), (3, 0, analysis.FIX_NOW), (5, 0, analysis.FIX_NOW), (3, 1, analysis.PROTECT),
    (2, 0, analysis.IMPROVE_LATER), (2, 2, analysis.MONITOR), (2.5, 0.5, analysis.FIX_NOW),
    (2.49, 0.51, analysis.MONITOR), (None, 1, None), (4, None, None),
])
def test_every_rated_point_has_one_quadrant(importance, emotion, expected):
    assert analysis.quadrant(importance, emotion) == expected


@given(st.floats(1, 5), st.floats(-2, 2))
def test_a_cell_is_in_the_quadrant_of_its_stage(importance, emotion):
    i, e = analysis.cell(importance, emotion)
    assert 1 <= i <= 5 and -2 <= e <= 2
    assert analysis.quadrant(i, e) == analysis.quadrant(importance, emotion)


def test_every_bottleneck_of_the_default_scoring_is_on_the_fix_side():
    from cjm import levels
    from cjm.scoring import priority

    for i in range(1, 6):
        for e in range(-2, 3):
            if levels.is_bottleneck(levels.level_for(priority(i, e), 70, 40)):
                assert analysis.quadrant(i, e) in (analysis.FIX_NOW, analysis.IMPROVE_LATER)
