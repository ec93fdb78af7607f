"""Editing operations: each returns a new valid map, leaves its input alone and names what is wrong."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import editing, limits
from cjm.errors import CJMError, MapValidationError
from cjm.lanes import BY_KEY, CATALOGUE, LaneType
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.model import Map
from tests.conftest import make_map_dict, storable_text

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@pytest.fixture
def m() -> Any:
    """The conftest map (stages a, b, c); after the test it must be exactly as it was."""
    original = map_from_dict(make_map_dict())
    before = map_to_dict(original)
    yield original
    assert map_to_dict(original) == before, "an editing operation changed its input map"


def stage_ids(m: Map) -> list[str]:
    return [stage.id for stage in m.stages]


def stage_names(m: Map) -> list[str]:
    return [stage.name for stage in m.stages]


def lane_keys(m: Map) -> list[str]:
    return [lane.key for lane in m.lanes]


def error(exc_type: type[Exception], fn, *args, **kwargs) -> str:
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def valid(m: Map) -> Map:
    """The map survives a round trip through its file form unchanged."""
    again = map_from_dict(map_to_dict(m))
    assert map_to_dict(again) == map_to_dict(m)
    return m


# --- stages -------------------------------------------------------------------------------
def test_add_stage_at_the_end(m):
    new, stage_id = editing.add_stage(m, "Лояльность")
    assert new is not m
    assert stage_ids(new) == ["a", "b", "c", stage_id]
    assert new.stage(stage_id).name == "Лояльность" and new.stage(stage_id).values == {}
    assert re.fullmatch(r"s[0-9a-f]{10}", stage_id)
    assert new.updated == m.updated and new.created == m.created and new.id == m.id
    valid(new)


def test_add_stage_after_a_stage(m):
    new, stage_id = editing.add_stage(m, "Между", after="a")
    assert stage_ids(new) == ["a", stage_id, "b", "c"]
    new, last = editing.add_stage(m, "Последний", after="c")
    assert stage_ids(new) == ["a", "b", "c", last]


def test_add_stage_gives_fresh_ids(m):
    new, first = editing.add_stage(m, "One")
    new, second = editing.add_stage(new, "Two")
    assert first != second and len(set(stage_ids(new))) == 5


def test_add_stage_errors(m):
    assert error(CJMError, editing.add_stage, m, "X", after="nope") == 'no stage with id "nope" in this map'
    assert "stage name is empty" in error(MapValidationError, editing.add_stage, m, "  ")
    too_long = error(MapValidationError, editing.add_stage, m, "x" * (limits.MAX_LABEL_CHARS + 1))
    assert "the limit is 200" in too_long


def full_of_stages(count: int = limits.MAX_STAGES) -> Map:
    doc = make_map_dict()
    doc["stages"] = [{"id": f"s{i}", "name": f"Stage {i}", "values": {}} for i in range(count)]
    return map_from_dict(doc)


def test_the_501st_stage_is_refused():
    m = full_of_stages()
    message = error(MapValidationError, editing.add_stage, m, "One too many")
    assert message == "cannot add a stage: the map has 500 stages; the limit is 500"
    assert "the limit is 500" in error(MapValidationError, editing.duplicate_stage, m, "s0")
    almost = full_of_stages(limits.MAX_STAGES - 1)
    assert len(editing.add_stage(almost, "The last one")[0].stages) == limits.MAX_STAGES


def test_duplicate_stage(m):
    new, copy_id = editing.duplicate_stage(m, "b")
    assert stage_ids(new) == ["a", "b", copy_id, "c"]
    assert copy_id not in stage_ids(m)
    assert new.stage(copy_id).name == "Оценка (copy)"
    assert new.stage(copy_id).values == m.stage("b").values
    new2 = editing.set_value(new, copy_id, "actions", ["only in the copy"])
    assert new2.stage("b").values["actions"] == ["compare", "read reviews"]
    assert editing.duplicate_stage(m, "c", suffix=" 2")[0].stages[3].name == "Сделка 2"
    valid(new)


def test_duplicate_stage_keeps_the_suffix_within_the_name_limit(m):
    long = editing.rename_stage(m, "a", "я" * limits.MAX_LABEL_CHARS)
    new, copy_id = editing.duplicate_stage(long, "a")
    name = new.stage(copy_id).name
    assert len(name) == limits.MAX_LABEL_CHARS and name.endswith(" (copy)")
    silly = editing.duplicate_stage(m, "a", suffix="!" * 300)[0].stages[1].name
    assert silly == "!" * limits.MAX_LABEL_CHARS


def test_duplicate_stage_unknown(m):
    assert error(CJMError, editing.duplicate_stage, m, "zz") == 'no stage with id "zz" in this map'


def test_delete_stages(m):
    new = editing.delete_stages(m, ["a", "c"])
    assert stage_ids(new) == ["b"]
    assert stage_ids(editing.delete_stages(m, iter(["b", "b"]))) == ["a", "c"]
    assert stage_ids(editing.delete_stages(m, "b")) == ["a", "c"]  # one id as a plain string
    assert stage_ids(editing.delete_stages(m, [])) == ["a", "b", "c"]
    assert editing.delete_stages(m, ["a", "b", "c"]).stages == []  # an empty map is valid


def test_delete_stages_unknown_deletes_nothing(m):
    assert error(CJMError, editing.delete_stages, m, ["a", "x"]) == 'no stage with id "x" in this map'


def test_rename_stage(m):
    new = editing.rename_stage(m, "b", "Выбор")
    assert stage_names(new) == ["Осмысление", "Выбор", "Сделка"]
    assert new.stage("b").values == m.stage("b").values
    assert error(CJMError, editing.rename_stage, m, "q", "x") == 'no stage with id "q" in this map'
    assert error(MapValidationError, editing.rename_stage, m, "b", "") == "Stage 2, name: the stage name is empty"


@pytest.mark.parametrize(
    ("stage_id", "delta", "order"),
    [
        ("b", -1, ["b", "a", "c"]),
        ("b", 1, ["a", "c", "b"]),
        ("a", 2, ["b", "c", "a"]),
        ("a", -1, ["a", "b", "c"]),  # first stage up: no-op
        ("c", 1, ["a", "b", "c"]),  # last stage down: no-op
        ("a", 99, ["b", "c", "a"]),
        ("c", -99, ["c", "a", "b"]),
        ("b", 0, ["a", "b", "c"]),
    ],
)
def test_move_stage(m, stage_id, delta, order):
    assert stage_ids(editing.move_stage(m, stage_id, delta)) == order


def test_move_stage_unknown(m):
    assert error(CJMError, editing.move_stage, m, "zz", 1) == 'no stage with id "zz" in this map'


def test_reorder_stages(m):
    new = editing.reorder_stages(m, ["c", "a", "b"])
    assert stage_ids(new) == ["c", "a", "b"]
    assert new.stage("b").values == m.stage("b").values


@pytest.mark.parametrize(
    ("order", "detail"),
    [
        (["a", "b"], 'missing "c"'),
        (["a", "b", "c", "d"], 'unknown "d"'),
        (["a", "b", "b"], 'missing "c"; repeated "b"'),
        (["a", "b", "c", "a"], 'repeated "a"'),
        ([], 'missing "a", "b", "c"'),
    ],
)
def test_reorder_stages_needs_a_permutation(m, order, detail):
    message = error(CJMError, editing.reorder_stages, m, order)
    assert message == f"the new stage order does not match the map's stages: {detail}"


@pytest.mark.parametrize(
    ("lane", "value", "stored"),
    [
        ("actions", ["call", "", "  ", "write"], ["call", "write"]),
        ("goals", "be happy", "be happy"),
        ("emotion", 2, {"score": 2, "words": ""}),
        ("emotion", {"words": "calm"}, {"score": None, "words": "calm"}),
        ("importance", 4.0, 4),
        ("metrics", 12.5, 12.5),
        ("channel", "phone", "phone"),
    ],
)
def test_set_value_stores_the_canonical_form(m, lane, value, stored):
    new = editing.set_value(m, "c", lane, value)
    assert new.stage("c").values[lane] == stored
    assert new.stage("a").values == m.stage("a").values
    valid(new)


@pytest.mark.parametrize(
    ("lane", "empty"),
    [("importance", None), ("importance", ""), ("actions", None), ("actions", ""), ("actions", []),
     ("actions", ["", " "]), ("emotion", {"score": None, "words": ""})],
)
def test_set_value_clears(m, lane, empty):
    new = editing.set_value(m, "b", lane, empty)
    assert lane not in new.stage("b").values
    assert new.stage("b").values.keys() == m.stage("b").values.keys() - {lane}


def test_set_value_clearing_an_empty_cell_is_fine(m):
    new = editing.set_value(m, "a", "goals", None)
    assert map_to_dict(new) == map_to_dict(m)


def test_set_value_on_a_hidden_lane(m):
    hidden = editing.set_lane_hidden(m, "goals", True)
    assert editing.set_value(hidden, "a", "goals", "kept").stage("a").values["goals"] == "kept"


@pytest.mark.parametrize(
    ("lane", "value", "message"),
    [
        ("importance", "x", 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got "x"'),
        ("importance", 6, 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got 6'),
        ("actions", "one string", 'Stage "Оценка", lane "Actions": expected a list of text items, got "one string"'),
        ("goals", ["a"], 'Stage "Оценка", lane "Goals (JTBD)": expected text, got a list'),
        ("metrics", True, 'Stage "Оценка", lane "Customers": expected a number, got true'),
        ("channel", "fax", 'Stage "Оценка", lane "Channel": expected one of "email", "phone", got "fax"'),
        ("emotion", 3,
         'Stage "Оценка", lane "Emotions": expected an emotion score: a whole number from −2 to +2, got 3'),
    ],
)
def test_set_value_wrong_type_names_stage_and_lane(m, lane, value, message):
    assert error(MapValidationError, editing.set_value, m, "b", lane, value) == message


def test_set_value_unknown_stage_or_lane(m):
    assert error(CJMError, editing.set_value, m, "zz", "goals", "x") == 'no stage with id "zz" in this map'
    assert error(CJMError, editing.set_value, m, "a", "nope", "x") == 'no lane with key "nope" in this map'


def test_set_value_does_not_share_the_callers_value(m):
    items = ["one"]
    new = editing.set_value(m, "a", "actions", items)
    items.append("two")
    assert new.stage("a").values["actions"] == ["one"]


# --- lanes --------------------------------------------------------------------------------
def test_add_standard_lane_labelled_in_the_maps_language(m):
    new = editing.add_standard_lane(m, "pain_points")
    assert lane_keys(new) == [*lane_keys(m), "pain_points"]
    lane = new.lane("pain_points")
    assert (lane.label, lane.type, lane.options, lane.hidden) == ("Pain points & barriers", LaneType.LIST, [], False)
    ru = map_from_dict(make_map_dict(language="ru"))
    assert editing.add_standard_lane(ru, "pain_points").lane("pain_points").label == "Боли и барьеры"
    valid(new)


def test_add_standard_lane_after(m):
    new = editing.add_standard_lane(m, "touchpoints", after="actions")
    assert lane_keys(new)[:3] == ["actions", "touchpoints", "goals"]
    assert error(CJMError, editing.add_standard_lane, m, "touchpoints", after="zz") == (
        'no lane with key "zz" in this map'
    )


def test_add_standard_lane_refuses_a_present_or_unknown_key(m):
    assert error(CJMError, editing.add_standard_lane, m, "actions") == (
        'the map already has the lane "actions" ("Actions")'
    )
    message = error(CJMError, editing.add_standard_lane, m, "channel")
    assert message.startswith('"channel" is not a standard lane; standard lanes: actions, touchpoints')


def test_every_standard_lane_can_be_added_to_an_empty_map(m):
    empty = map_from_dict(make_map_dict(lanes=[], stages=[]))
    for entry in CATALOGUE:
        empty = editing.add_standard_lane(empty, entry.key)
    assert lane_keys(empty) == [entry.key for entry in CATALOGUE]


def map_with_lanes(count: int) -> Map:
    doc = make_map_dict(stages=[])
    doc["lanes"] = [{"key": f"lane_{i}", "label": f"Lane {i}", "type": "text"} for i in range(count)]
    return map_from_dict(doc)


def test_the_61st_lane_is_refused():
    full = map_with_lanes(limits.MAX_LANES)
    expected = "cannot add a lane: the map has 60 lanes; the limit is 60"
    assert error(MapValidationError, editing.add_custom_lane, full, "More", "text") == expected
    assert error(MapValidationError, editing.add_standard_lane, full, "actions") == expected
    almost = map_with_lanes(limits.MAX_LANES - 1)
    assert len(editing.add_custom_lane(almost, "Last", "text")[0].lanes) == limits.MAX_LANES


def test_add_custom_lane(m):
    new, key = editing.add_custom_lane(m, "Мотивация клиента", "text")
    assert key == "motivatsiya_klienta"
    assert lane_keys(new) == [*lane_keys(m), key]
    assert new.lane(key).label == "Мотивация клиента" and new.lane(key).type is LaneType.TEXT
    new, choice = editing.add_custom_lane(new, "Сегмент", LaneType.CHOICE, ["B2B", "B2C"], after="actions")
    assert choice == "segment" and lane_keys(new)[1] == "segment"
    assert new.lane("segment").options == ["B2B", "B2C"]
    assert editing.set_value(new, "a", "segment", "B2C").stage("a").values["segment"] == "B2C"
    valid(new)


def test_add_custom_lane_keys_never_collide(m):
    new, first = editing.add_custom_lane(m, "Channel", "text")  # "channel" is a lane of this map
    new, second = editing.add_custom_lane(new, "channel!", "list")
    new, third = editing.add_custom_lane(new, "Actions", "text")  # a standard key, present
    new, fourth = editing.add_custom_lane(new, "Touchpoints", "text")  # a standard key, absent
    assert (first, second, third, fourth) == ("channel_2", "channel_3", "actions_2", "touchpoints_2")
    assert len(set(lane_keys(new))) == len(new.lanes)
    assert editing.add_standard_lane(new, "touchpoints").lane("touchpoints").label == "Touchpoints"


def test_add_custom_lane_errors(m):
    assert error(CJMError, editing.add_custom_lane, m, "X", "colour") == (
        'unknown lane type "colour"; lane types: text, list, emotion, importance, number, choice'
    )
    assert error(MapValidationError, editing.add_custom_lane, m, "Pick", "choice") == (
        'Lane 7 ("Pick"): a choice lane needs at least one option'
    )
    assert error(MapValidationError, editing.add_custom_lane, m, "Pick", "choice", ["x", "x"]) == (
        'Lane 7 ("Pick"): the options repeat'
    )
    assert "only a choice lane has options" in error(MapValidationError, editing.add_custom_lane, m, "T", "text", ["a"])
    assert "the label is empty" in error(MapValidationError, editing.add_custom_lane, m, "   ", "text")
    assert error(CJMError, editing.add_custom_lane, m, "T", "text", after="zz") == 'no lane with key "zz" in this map'


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Когда", "kogda"),
        ("Мотивация клиента", "motivatsiya_klienta"),
        ("Щёки и ЖУРНАЛ — Юг", "shcheki_i_zhurnal_yug"),
        ("Подъезд, объём", "podezd_obem"),
        ("Customer  Mood!!", "customer_mood"),
        ("__Private__", "private"),
        ("Café déjà vu", "cafe_deja_vu"),
        ("2024 plan", "lane_2024_plan"),
        ("42", "lane_42"),
        ("🔥🚀", "lane"),
        ("😀 Радость", "radost"),
        ("Actions", "actions_2"),
        ("metrics", "metrics_2"),
        ("Emotion", "emotion_2"),
        ("Emotions", "emotions"),
        ("x" * 60, "x" * 40),
        ("a" * 39 + " b", "a" * 39),
    ],
)
def test_custom_lane_key(label, key):
    assert editing.custom_lane_key(label) == key


def test_custom_lane_key_counts_up_within_40_chars():
    base = "y" * 40
    assert editing.custom_lane_key("Y" * 50, [base]) == "y" * 38 + "_2"
    taken = [base] + ["y" * 38 + f"_{n}" for n in range(2, 10)]
    assert editing.custom_lane_key("Y" * 50, taken) == "y" * 37 + "_10"
    assert editing.custom_lane_key("Когда", ["kogda", "kogda_2"]) == "kogda_3"
    assert editing.custom_lane_key("🔥", ["lane"]) == "lane_2"


@settings(max_examples=300)
@given(st.text(max_size=80), st.lists(st.from_regex(KEY_PATTERN, fullmatch=True), max_size=5))
def test_custom_lane_keys_are_always_valid_and_free(label, taken):
    key = editing.custom_lane_key(label, taken)
    assert KEY_PATTERN.fullmatch(key)
    assert key not in BY_KEY and key not in taken


def test_rename_lane(m):
    new = editing.rename_lane(m, "goals", "Jobs to be done")
    assert new.lane("goals").label == "Jobs to be done" and lane_keys(new) == lane_keys(m)
    assert new.stages[2].values["goals"] == "buy fast"
    assert error(CJMError, editing.rename_lane, m, "zz", "x") == 'no lane with key "zz" in this map'
    assert error(MapValidationError, editing.rename_lane, m, "goals", " ") == "Lane 2, label: the label is empty"


def test_set_lane_hidden(m):
    hidden = editing.set_lane_hidden(m, "emotion", True)
    assert hidden.lane("emotion").hidden and not m.lane("emotion").hidden
    assert hidden.stage("a").values["emotion"] == {"score": -1, "words": "lost"}
    assert not editing.set_lane_hidden(hidden, "emotion", False).lane("emotion").hidden
    assert error(CJMError, editing.set_lane_hidden, m, "zz", True) == 'no lane with key "zz" in this map'


@pytest.mark.parametrize(
    ("key", "delta", "position"),
    [("goals", -1, 0), ("goals", 1, 2), ("actions", -1, 0), ("channel", 1, 5), ("channel", -99, 0), ("actions", 99, 5)],
)
def test_move_lane(m, key, delta, position):
    new = editing.move_lane(m, key, delta)
    assert lane_keys(new).index(key) == position
    assert sorted(lane_keys(new)) == sorted(lane_keys(m))


def test_move_lane_unknown(m):
    assert error(CJMError, editing.move_lane, m, "zz", 1) == 'no lane with key "zz" in this map'


def test_reorder_lanes(m):
    order = list(reversed(lane_keys(m)))
    assert lane_keys(editing.reorder_lanes(m, order)) == order
    message = error(CJMError, editing.reorder_lanes, m, order[:-1])
    assert message == 'the new lane order does not match the map\'s lanes: missing "actions"'
    assert "unknown \"x\"" in error(CJMError, editing.reorder_lanes, m, [*order, "x"])


def test_delete_lane_removes_its_values(m):
    new = editing.delete_lane(m, "importance")
    assert "importance" not in lane_keys(new)
    assert all("importance" not in stage.values for stage in new.stages)
    assert new.stage("b").values["actions"] == ["compare", "read reviews"]
    assert editing.add_standard_lane(new, "importance").stage("a").values.get("importance") is None
    assert error(CJMError, editing.delete_lane, m, "zz") == 'no lane with key "zz" in this map'


def test_deleting_every_lane_is_allowed(m):
    new = m
    for key in lane_keys(m):
        new = editing.delete_lane(new, key)
    assert new.lanes == [] and [stage.values for stage in new.stages] == [{}, {}, {}]
    assert stage_ids(new) == stage_ids(m)


def test_set_lane_options_clears_values_no_longer_allowed(m):
    m2 = editing.set_value(editing.set_value(m, "a", "channel", "email"), "b", "channel", "phone")
    new = editing.set_lane_options(m2, "channel", ["email", "chat"])
    assert new.lane("channel").options == ["email", "chat"]
    assert new.stage("a").values["channel"] == "email"
    assert "channel" not in new.stage("b").values
    assert m2.stage("b").values["channel"] == "phone"


def test_set_lane_options_errors(m):
    assert error(CJMError, editing.set_lane_options, m, "goals", ["a"]) == (
        'lane "Goals (JTBD)" is a text lane; only a choice lane has options'
    )
    assert error(CJMError, editing.set_lane_options, m, "zz", ["a"]) == 'no lane with key "zz" in this map'
    assert "needs at least one option" in error(MapValidationError, editing.set_lane_options, m, "channel", [])
    too_many = [f"o{i}" for i in range(limits.MAX_OPTIONS + 1)]
    assert "at most 100 options" in error(MapValidationError, editing.set_lane_options, m, "channel", too_many)


# --- the map's settings -------------------------------------------------------------------
def test_set_details_changes_only_what_is_given(m):
    new = editing.set_details(m, title="New title", cyclic=True)
    assert (new.title, new.cyclic) == ("New title", True)
    assert (new.description, new.persona, new.kind, new.language) == (m.description, m.persona, m.kind, m.language)
    new = editing.set_details(new, description="About", persona="Anna, 35", kind="b2b")
    assert (new.title, new.description, new.persona, new.kind, new.cyclic) == (
        "New title", "About", "Anna, 35", "b2b", True,
    )
    assert editing.set_details(new, description="").description == ""
    assert not editing.set_details(new, cyclic=False).cyclic
    assert map_to_dict(editing.set_details(m)) == map_to_dict(m)
    assert new.stages == m.stages and new.updated == m.updated


def test_set_details_errors(m):
    assert error(MapValidationError, editing.set_details, m, title=" ") == "title: the title is empty"
    assert error(MapValidationError, editing.set_details, m, kind="b2g") == (
        "kind: Input should be 'b2c', 'b2b' or 'custom', got \"b2g\""
    )
    assert "description" in error(MapValidationError, editing.set_details, m, description="x" * 20_001)


def test_set_language_relabels_untouched_standard_lanes_only(m):
    m = editing.add_custom_lane(m, "Mood", "text")[0]  # custom: kept
    m = editing.rename_lane(m, "goals", "Jobs")  # a renamed standard lane: kept
    ru = editing.set_language(m, "ru")
    labels = {lane.key: lane.label for lane in ru.lanes}
    assert ru.language == "ru"
    assert labels == {
        "actions": "Действия", "goals": "Jobs", "emotion": "Эмоции", "importance": "Важность",
        "metrics": "Customers",  # not the catalogue's English label: kept
        "channel": "Channel", "mood": "Mood",
    }
    back = editing.set_language(ru, "en")
    assert [lane.label for lane in back.lanes] == [lane.label for lane in m.lanes]
    assert map_to_dict(editing.set_language(m, "en")) == map_to_dict(m)
    assert error(CJMError, editing.set_language, m, "de") == 'unknown language "de"; languages: ru, en'


def test_set_language_leaves_a_standard_lane_labelled_in_the_new_language_alone():
    doc = make_map_dict(language="ru")
    doc["lanes"][0]["label"] = "Actions"  # already English in a Russian map
    en = editing.set_language(map_from_dict(doc), "en")
    assert en.lane("actions").label == "Actions" and en.lane("emotion").label == "Emotions"


def test_set_scoring(m):
    new = editing.set_scoring(m, critical_at=80)
    assert (new.scoring.critical_at, new.scoring.warning_at) == (80, 40)
    new = editing.set_scoring(new, warning_at=55.5)
    assert (new.scoring.critical_at, new.scoring.warning_at) == (80, 55.5)
    assert editing.set_scoring(m, critical_at=50, warning_at=50).scoring.warning_at == 50
    assert error(MapValidationError, editing.set_scoring, m, warning_at=90) == (
        "scoring: the warning threshold (90) is above the critical one (70)"
    )
    assert "less than or equal to 100" in error(MapValidationError, editing.set_scoring, m, critical_at=101)


# --- properties ---------------------------------------------------------------------------
STAGE_OPS = ("add", "add_after", "duplicate", "delete", "move", "rename", "set")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_stage_edits_keep_ids_unique_and_the_map_valid(data):
    m = map_from_dict(make_map_dict())
    shadow = [(stage.id, stage.name) for stage in m.stages]  # what the order and names should be
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        before = map_to_dict(m)
        op = data.draw(st.sampled_from(STAGE_OPS), label="op")
        ids = [stage_id for stage_id, _ in shadow]
        if op in ("add", "add_after") or not ids:
            after = data.draw(st.sampled_from(ids), label="after") if op == "add_after" and ids else None
            name = data.draw(storable_text(min_size=1, max_size=20).filter(str.strip), label="name")
            m2, new_id = editing.add_stage(m, name, after=after)
            shadow.insert(ids.index(after) + 1 if after else len(shadow), (new_id, name))
        elif op == "duplicate":
            target = data.draw(st.sampled_from(ids), label="target")
            m2, new_id = editing.duplicate_stage(m, target)
            i = ids.index(target)
            shadow.insert(i + 1, (new_id, shadow[i][1] + " (copy)"))
            assert m2.stage(new_id).values == m.stage(target).values
        elif op == "delete":
            gone = data.draw(st.lists(st.sampled_from(ids), max_size=3), label="gone")
            m2 = editing.delete_stages(m, gone)
            shadow = [item for item in shadow if item[0] not in gone]
        elif op == "move":
            target = data.draw(st.sampled_from(ids), label="target")
            delta = data.draw(st.integers(-5, 5), label="delta")
            m2 = editing.move_stage(m, target, delta)
            i = ids.index(target)
            item = shadow.pop(i)
            shadow.insert(min(max(i + delta, 0), len(shadow)), item)
        elif op == "rename":
            target = data.draw(st.sampled_from(ids), label="target")
            m2 = editing.rename_stage(m, target, "Renamed")
            shadow[ids.index(target)] = (target, "Renamed")
        else:
            target = data.draw(st.sampled_from(ids), label="target")
            m2 = editing.set_value(m, target, "importance", data.draw(st.integers(1, 5), label="value"))
        assert map_to_dict(m) == before  # the input is untouched
        m = m2
        assert [(stage.id, stage.name) for stage in m.stages] == shadow
        assert len(set(stage_ids(m))) == len(m.stages)
        valid(m)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_lane_edits_keep_keys_unique_and_the_map_valid(data):
    m = map_from_dict(make_map_dict())
    for _ in range(data.draw(st.integers(1, 20), label="steps")):
        keys = lane_keys(m)
        op = data.draw(st.sampled_from(("custom", "standard", "move", "delete", "hide")), label="op")
        if op == "custom" or not keys:
            label = data.draw(storable_text(min_size=1, max_size=30).filter(str.strip), label="label")
            m2, key = editing.add_custom_lane(m, label, data.draw(st.sampled_from(["text", "list", "number"])))
            assert lane_keys(m2) == [*keys, key] and key not in BY_KEY
        elif op == "standard":
            missing = [entry.key for entry in CATALOGUE if entry.key not in keys]
            if not missing:
                continue
            key = data.draw(st.sampled_from(missing), label="standard key")
            m2 = editing.add_standard_lane(m, key)
            assert lane_keys(m2) == [*keys, key]
        elif op == "move":
            key = data.draw(st.sampled_from(keys), label="key")
            m2 = editing.move_lane(m, key, data.draw(st.integers(-4, 4), label="delta"))
            assert sorted(lane_keys(m2)) == sorted(keys)
        elif op == "delete":
            key = data.draw(st.sampled_from(keys), label="key")
            m2 = editing.delete_lane(m, key)
            assert lane_keys(m2) == [k for k in keys if k != key]
            assert all(key not in stage.values for stage in m2.stages)
        else:
            key = data.draw(st.sampled_from(keys), label="key")
            m2 = editing.set_lane_hidden(m, key, data.draw(st.booleans(), label="hidden"))
            assert lane_keys(m2) == keys
        assert lane_keys(m) == keys  # the input is untouched
        m = m2
        assert len(set(lane_keys(m))) == len(m.lanes)
        assert all(KEY_PATTERN.fullmatch(key) for key in lane_keys(m))
        valid(m)


@settings(max_examples=100, deadline=None)
@given(st.permutations(["a", "b", "c"]), st.permutations(["actions", "goals", "emotion", "importance", "metrics",
                                                           "channel"]))
def test_reorder_with_any_permutation_gives_that_order(stage_order, lane_order):
    m = map_from_dict(make_map_dict())
    new = editing.reorder_lanes(editing.reorder_stages(m, stage_order), lane_order)
    assert stage_ids(new) == stage_order and lane_keys(new) == lane_order
    assert {stage.id: stage.values for stage in new.stages} == {stage.id: stage.values for stage in m.stages}


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.data())
def test_reorder_a_bigger_map_with_a_random_permutation(count, data):
    doc = make_map_dict()
    doc["stages"] = [{"id": f"id{i}", "name": f"Stage {i}", "values": {"importance": i % 5 + 1}} for i in range(count)]
    m = map_from_dict(doc)
    order = data.draw(st.permutations(stage_ids(m)))
    new = editing.reorder_stages(m, order)
    assert stage_ids(new) == order
    assert all(new.stage(i).values == m.stage(i).values for i in order)


def test_set_scoring_method_and_weights():
    from cjm.errors import MapValidationError

    m = map_from_dict(make_map_dict())
    set_scoring = editing.set_scoring
    changed = set_scoring(m, method="opportunity", importance_weight=2, emotion_weight=0.5, funnel_weight=0)
    s = changed.scoring
    assert (s.method, s.importance_weight, s.emotion_weight, s.funnel_weight) == ("opportunity", 2, 0.5, 0)
    assert m.scoring.method == "priority"  # the original is untouched
    with pytest.raises(MapValidationError, match="weight"):
        set_scoring(m, importance_weight=7)
    with pytest.raises(MapValidationError):
        set_scoring(m, method="magic")
