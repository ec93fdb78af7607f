"""cjm/analysis.py: what to fix first, and emotion suggestions to confirm, for any lane keys."""

from __future__ import annotations

from cjm import analysis
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
