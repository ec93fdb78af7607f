"""The grid's meaning: rows and columns from a map, and what an edit in a cell turns into."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm import grid
from cjm.grid import GridEditError, change_for_event, parse_emotion_score, parse_importance, parse_list, parse_number
from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from cjm.templates import load_template
from cjm.validation import CellError
from tests.conftest import make_map_dict, storable_text


@pytest.fixture
def m():
    return map_from_dict(make_map_dict())


def test_the_key_columns_come_first_then_the_lanes_in_order_hidden_ones_left_out(m):
    """Issue 14: importance and the emotion score scoring reads are pinned beside the stage name."""
    columns = grid.columns(m)
    assert [c.field for c in columns] == ["name", "v_importance", "v_emotion", "v_actions", "v_goals", "w_emotion",
                                          "v_metrics", "v_channel"]
    assert [c.field for c in columns if c.pinned] == ["v_importance", "v_emotion"]
    hidden = map_from_dict(make_map_dict(lanes=[{**lane, "hidden": lane["key"] == "goals"}
                                                for lane in make_map_dict()["lanes"]]))
    assert "v_goals" not in [c.field for c in grid.columns(hidden)]
    emotion_columns = [c for c in columns if c.lane_key == "emotion"]
    assert [c.header for c in emotion_columns] == ["Emotions", "Emotions · words"]
    assert emotion_columns[0].options == ("—", "😡 −2", "😞 −1", "😐 0", "🙂 +1", "🤩 +2")
    assert emotion_columns[0].keys == ("", "-2", "-1", "0", "1", "2")  # what a person types to pick
    assert columns[1].keys == ("", "1", "2", "3", "4", "5")


def test_a_person_picks_the_lanes_shown_the_key_columns_always_show(m):
    fields = [c.field for c in grid.columns(m, shown={"channel"})]
    assert fields == ["name", "v_importance", "v_emotion", "v_channel"]
    assert [c.field for c in grid.columns(m, shown=set())] == ["name", "v_importance", "v_emotion"]
    assert [c.field for c in grid.columns(m, shown={"emotion"})][-1] == "w_emotion"  # the words: a lane to pick


def test_a_second_importance_lane_is_not_pinned():
    doc = make_map_dict()
    doc["lanes"].append({"key": "importance_b2b", "label": "Importance (buyer)", "type": "importance"})
    columns = grid.columns(map_from_dict(doc))
    assert [c.field for c in columns if c.pinned] == ["v_importance", "v_emotion"]
    assert columns[-1].field == "v_importance_b2b" and not columns[-1].pinned


def test_rows_say_what_to_check_and_the_score_in_the_ui_language():
    doc = make_map_dict()
    doc["stages"][0]["values"]["emotion"] = {"score": -2, "words": "Удовлетворение"}
    m = map_from_dict(doc)
    rows = grid.rows(m, score_map(m), "ru")
    assert rows[0]["_check_v_emotion"] == rows[0]["_check_w_emotion"] == (
        "Слова читаются как 🙂 +1: проверьте оценку")
    assert "_check_v_emotion" not in rows[1]
    assert rows[1]["_score_text"] == "100" and rows[0]["_score_text"] == grid.rows(m, score_map(m), "en")[0][
        "_score_text"].replace(".", ",")


def test_rows_hold_cells_as_the_grid_shows_them(m):
    rows = grid.rows(m, score_map(m))
    assert rows[1]["v_importance"] == "★★★★★ 5"
    assert rows[1]["v_emotion"] == "😡 −2" and rows[1]["w_emotion"] == ""
    assert rows[1]["v_actions"] == "compare\nread reviews"
    assert rows[2]["v_importance"] == "—" and rows[2]["v_emotion"] == "—"
    assert rows[2]["v_metrics"] == 120 and rows[0]["v_metrics"] is None
    assert (rows[1]["_level"], rows[1]["_score"], rows[1]["_rank"]) == ("critical", 100.0, 1)


@pytest.mark.parametrize(("raw", "expected"), [
    ("★★★☆☆ 3", 3), ("3", 3), (" 3/5 ", 3), ("★★★★", 4), (5, 5), (2.0, 2), ("—", None), ("", None), (None, None)])
def test_parse_importance(raw, expected):
    assert parse_importance(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "0", "9", 0, 9, 3.5, "★★★★★★", "6/5", True])
def test_parse_importance_refuses(raw):
    with pytest.raises(CellError, match="a whole number 1–5"):
        parse_importance(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("😡 −2", -2), ("🤩 +2", 2), ("😐 0", 0), ("-1", -1), ("−1", -1), ("+1", 1), ("😞", -1), (2, 2), ("—", None)])
def test_parse_emotion(raw, expected):
    assert parse_emotion_score(raw) == expected


@pytest.mark.parametrize("raw", ["3", "-3", "😡 +2", "happy", 1.5, "🙂 1.5"])
def test_parse_emotion_refuses(raw):
    with pytest.raises(CellError, match="an emotion from −2 to \\+2"):
        parse_emotion_score(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (12, 12), (12.0, 12), (1.5, 1.5), ("1 200", 1200), ("1,5", 1.5), ("", None), (None, None), (float("nan"), None)])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12a", float("inf"), True])
def test_parse_number_refuses(raw):
    with pytest.raises(CellError, match="a number"):
        parse_number(raw)


def test_parse_list_one_item_per_line():
    assert parse_list("a\r\n b \n\n c\r") == ["a", "b", "c"]
    assert parse_list("") == [] and parse_list(None) == []


@given(st.lists(storable_text(min_size=1).filter(lambda s: s.strip() and "\n" not in s and "\r" not in s), max_size=6))
def test_list_cells_round_trip(items):
    m = map_from_dict(make_map_dict())
    change, _ = change_for_event(m, {"kind": "cell", "stage": "a", "field": "v_actions", "value": "\n".join(items)}
                                 ) or (None, None)
    if change is None:
        assert items == []
        return
    changed = change(m)
    assert changed.stages[0].values.get("actions", []) == [i.strip() for i in items if i.strip()]
    assert grid.rows(changed)[0]["v_actions"] == "\n".join(i.strip() for i in items if i.strip())


def apply(m, event):
    found = change_for_event(m, event)
    return (found[0](m), found[1]) if found else (m, None)


def test_cell_events_change_the_map(m):
    changed, note = apply(m, {"kind": "cell", "stage": "b", "field": "v_importance", "value": "★★☆☆☆ 2"})
    assert changed.stage("b").values["importance"] == 2 and note == "“Оценка”: Importance"
    changed, _ = apply(m, {"kind": "cell", "stage": "b", "field": "w_emotion", "value": "angry"})
    assert changed.stage("b").values["emotion"] == {"score": -2, "words": "angry"}
    changed, _ = apply(m, {"kind": "cell", "stage": "b", "field": "v_emotion", "value": "—"})
    assert "emotion" not in changed.stage("b").values  # unrated, words were empty
    changed, note = apply(m, {"kind": "cell", "stage": "c", "field": "name", "value": "Покупка"})
    assert changed.stage("c").name == "Покупка" and note == "stage renamed to “Покупка”"
    changed, _ = apply(m, {"kind": "cell", "stage": "c", "field": "v_importance", "value": "—"})
    assert changed == m  # nothing changed: no new version


def test_emotion_score_keeps_the_words(m):
    with_words, _ = apply(m, {"kind": "cell", "stage": "a", "field": "v_emotion", "value": "🙂 +1"})
    assert with_words.stage("a").values["emotion"] == {"score": 1, "words": "lost"}


def test_order_events(m):
    changed, note = apply(m, {"kind": "order", "ids": ["c", "a", "b"]})
    assert [s.id for s in changed.stages] == ["c", "a", "b"] and note == "stage order"
    assert change_for_event(m, {"kind": "order", "ids": ["a", "b", "c"]}) is None


@pytest.mark.parametrize(("event", "message"), [
    ({"kind": "cell", "stage": "b", "field": "v_importance", "value": "9"},
     'Stage "Оценка", lane "Importance": expected a whole number 1–5, got "9"'),
    ({"kind": "cell", "stage": "b", "field": "v_metrics", "value": "abc"},
     'Stage "Оценка", lane "Customers": expected a number, got "abc"'),
    ({"kind": "cell", "stage": "b", "field": "v_channel", "value": "fax"},
     'Stage "Оценка", lane "Channel": expected one of "email", "phone", got "fax"'),
    ({"kind": "cell", "stage": "gone", "field": "v_goals", "value": "x"}, "that stage is no longer in the map"),
    ({"kind": "cell", "stage": "b", "field": "v_nope", "value": "x"}, 'the column "v_nope" is no longer in the map'),
    ({"kind": "cell", "stage": 3, "field": "v_goals"}, "cannot be read"),
    ({"kind": "order", "ids": "abc"}, "cannot be read"),
])
def test_bad_events_are_refused_with_a_message(m, event, message):
    with pytest.raises(GridEditError) as info:
        change_for_event(m, event)
    assert message in info.value.message


def test_order_that_is_not_a_permutation_is_refused_on_apply(m):
    change, _ = change_for_event(m, {"kind": "order", "ids": ["a", "b"]})
    with pytest.raises(Exception, match="the new stage order does not match"):
        change(m)


@pytest.mark.parametrize("event", [None, "x", {"kind": "select", "ids": []}, {"kind": "none"}, {}])
def test_other_events_change_nothing(m, event):
    assert change_for_event(m, event) is None


def test_a_value_over_the_limit_is_refused(m):
    change, _ = change_for_event(m, {"kind": "cell", "stage": "a", "field": "v_goals", "value": "x" * 20_001})
    with pytest.raises(Exception, match="at most 20,000 characters"):
        change(m)


def test_every_template_makes_rows_for_every_stage():
    for template_id in ("saas_demo", "b2b_linear", "clothing_abandoned_cart"):
        m = load_template(template_id, "ru")
        rows = grid.rows(m, score_map(m))
        assert len(rows) == len(m.stages)
        assert {c.field for c in grid.columns(m)} <= set(rows[0])


def test_grid_words_follow_the_ui_language_lane_labels_stay_the_maps():
    m = load_template("saas_demo", "ru")
    emotion = [c for c in grid.columns(m, "en") if c.lane_key == "emotion"]
    assert [c.header for c in emotion] == ["Эмоции", "Эмоции · words"]
    assert [c.header for c in grid.columns(m) if c.lane_key == "emotion"] == ["Эмоции", "Эмоции · слова"]
