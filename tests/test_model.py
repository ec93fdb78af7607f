"""The map model: good values are kept in canonical form, bad ones named precisely."""

from __future__ import annotations

import pytest

from cjm import limits
from cjm.errors import MapValidationError
from cjm.mapfile import map_from_dict, map_to_dict
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


# --- scoring v2: settings, votes, funnel counts --------------------------------------------------
def test_map_without_new_scoring_fields_gets_the_defaults():
    m = map_from_dict(make_map_dict(scoring={"method": "priority", "critical_at": 70, "warning_at": 40}))
    s = m.scoring
    assert (s.method, s.importance_weight, s.emotion_weight, s.funnel_weight) == ("priority", 1.0, 1.0, 0.5)
    assert map_from_dict(make_map_dict()).scoring == s
    assert all(stage.votes == [] for stage in m.stages)


def test_scoring_settings_round_trip():
    scoring = {"method": "opportunity", "critical_at": 80, "warning_at": 50, "importance_weight": 2,
               "emotion_weight": 0.5, "funnel_weight": 0}
    m = map_from_dict(make_map_dict(scoring=scoring))
    assert map_to_dict(m)["scoring"] == scoring


WEIGHT = "the {} weight must be a number from {} to {}, got {}"


@pytest.mark.parametrize(
    ("scoring", "expected"),
    [
        ({"importance_weight": 5}, "importance_weight: " + WEIGHT.format("importance", 0.1, 3, 5)),
        ({"importance_weight": 0.05}, "importance_weight: " + WEIGHT.format("importance", 0.1, 3, 0.05)),
        ({"emotion_weight": 0}, "emotion_weight: " + WEIGHT.format("emotion", 0.1, 3, 0)),
        ({"emotion_weight": True}, "emotion_weight: " + WEIGHT.format("emotion", 0.1, 3, "true")),
        ({"funnel_weight": 1.5}, "funnel_weight: " + WEIGHT.format("funnel", 0, 1, 1.5)),
        ({"funnel_weight": -0.1}, "funnel_weight: " + WEIGHT.format("funnel", 0, 1, -0.1)),
        ({"method": "kano"}, "method: Input should be 'priority' or 'opportunity', got \"kano\""),
        ({"critical_at": 101}, "critical_at: Input should be less than or equal to 100"),
        ({"warning_at": -1}, "warning_at: Input should be greater than or equal to 0"),
    ],
)
def test_scoring_settings_out_of_range_are_refused(scoring, expected):
    assert problem(make_map_dict(scoring=scoring)) == "scoring, " + expected


@pytest.mark.parametrize("weight", [0.1, 1, 3])
def test_weights_at_the_edges_are_fine(weight):
    m = map_from_dict(make_map_dict(scoring={"importance_weight": weight, "emotion_weight": weight}))
    assert m.scoring.importance_weight == weight


@pytest.mark.parametrize("value", [-1, -0.5])
def test_negative_customer_counts_are_refused(value):
    assert problem(with_value("metrics", value)) == (
        f'Stage "Оценка", lane "Customers": expected a number of customers: 0 or more, got {value!r}')


def test_zero_customers_and_negative_numbers_in_other_lanes_are_fine():
    assert map_from_dict(with_value("metrics", 0)).stages[1].values["metrics"] == 0
    doc = make_map_dict()
    doc["lanes"].append({"key": "margin", "label": "Margin", "type": "number"})
    doc["stages"][1]["values"]["margin"] = -12.5
    assert map_from_dict(doc).stages[1].values["margin"] == -12.5


def with_votes(votes) -> dict:
    doc = make_map_dict()
    doc["stages"][1]["votes"] = votes
    return doc


def test_votes_load_and_round_trip():
    votes = [{"participant": "Анна", "importance": 5, "emotion": -2},
             {"participant": "Bob", "importance": 4.0, "emotion": None},
             {"participant": "C", "emotion": 1}]
    m = map_from_dict(with_votes(votes))
    assert [(v.participant, v.importance, v.emotion) for v in m.stages[1].votes] == [
        ("Анна", 5, -2), ("Bob", 4, None), ("C", None, 1)]
    assert isinstance(m.stages[1].votes[1].importance, int)
    assert map_from_dict(map_to_dict(m)) == m


def test_stages_without_votes_are_saved_as_before():
    doc = map_to_dict(map_from_dict(make_map_dict()))
    assert all(set(stage) == {"id", "name", "values"} for stage in doc["stages"])
    doc = map_to_dict(map_from_dict(with_votes([{"participant": "a", "importance": 3}])))
    assert "votes" in doc["stages"][1] and "votes" not in doc["stages"][0]


IMPORTANCE_1_5 = "expected an importance: a whole number 1–5, got "
EMOTION_2_2 = "expected an emotion score: a whole number from −2 to +2, got "
EMPTY_VOTE = "votes.0: a vote needs an importance, an emotion or both"


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([{"participant": "a", "importance": 7}], "votes.0.importance: " + IMPORTANCE_1_5 + "7"),
        ([{"participant": "a", "importance": "5"}], "votes.0.importance: " + IMPORTANCE_1_5 + '"5"'),
        ([{"participant": "a", "emotion": 3}], "votes.0.emotion: " + EMOTION_2_2 + "3"),
        ([{"participant": "a", "emotion": True}], "votes.0.emotion: " + EMOTION_2_2 + "true"),
        ([{"participant": "a"}], EMPTY_VOTE),
        ([{"participant": "a", "importance": None, "emotion": None}], EMPTY_VOTE),
        ([{"participant": "  ", "importance": 3}], "votes.0.participant: the participant is empty"),
        ([{"participant": "x" * 101, "importance": 3}],
         "votes.0.participant: the participant has 101 characters; the limit is 100"),
        ([{"participant": "a", "importance": 3, "weight": 2}], "votes.0.weight: is not a field of a map file"),
        ([{"participant": "a", "importance": 3}] * 1001, "votes: a stage has at most 1,000 votes, got 1,001"),
    ],
)
def test_bad_votes_are_named(votes, expected):
    assert problem(with_votes(votes)) == f'Stage 2 ("Оценка"), {expected}'


def test_a_thousand_votes_are_fine():
    m = map_from_dict(with_votes([{"participant": f"p{i}", "importance": 1 + i % 5} for i in range(1000)]))
    assert len(m.stages[1].votes) == 1000


# --- version 2: phases, evidence marks, actions ---------------------------------------------------------
def test_a_version_1_file_reads_as_version_2_and_saves_as_before_when_nothing_new_is_used():
    m = map_from_dict(make_map_dict())
    assert m.schema_version == 2
    saved = map_to_dict(m)
    assert {"phases", "actions"}.isdisjoint(saved)
    assert all("evidence" not in stage for stage in saved["stages"])
    assert "weigh_by_evidence" not in saved["scoring"]


def test_phases_evidence_and_actions_round_trip():
    doc = make_map_dict(
        phases=[{"id": "p1", "name": "До покупки", "stages": ["a", "b"]},
                {"id": "p2", "name": "After", "stages": ["c"]}],
        actions=[{"id": "x1", "title": "Call back in a day", "stage_id": "b", "owner": "Ира", "due": "2026-12-15",
                  "status": "in_progress", "effort": "M"}],
        scoring={"weigh_by_evidence": True},
    )
    doc["stages"][0]["evidence"] = {"importance": "assumption", "emotion": "validated"}
    m = map_from_dict(doc)
    assert [p.name for p in m.phases] == ["До покупки", "After"]
    assert m.stages[0].evidence == {"importance": "assumption", "emotion": "validated"}
    assert m.actions[0].due.isoformat() == "2026-12-15" and m.scoring.weigh_by_evidence
    assert map_from_dict(map_to_dict(m)) == m


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(phases=[{"name": "P", "stages": ["zz"]}]), 'Phase "P": the stage id "zz" is not a stage'),
        (lambda d: d.update(phases=[{"name": "P", "stages": ["a"]}, {"name": "Q", "stages": ["a"]}]),
         'Phase "Q": the stage id "a" is in phase "P" too'),
        (lambda d: d.update(phases=[{"name": "P", "stages": ["a", "c"]}]),
         'Phase "P": its stages are not neighbours'),
        (lambda d: d.update(phases=[{"name": " ", "stages": []}]), "the phase name is empty"),
        (lambda d: d["stages"][0].update(evidence={"nope": "validated"}),
         'an evidence mark for "nope", which is not a lane of this map'),
        (lambda d: d["stages"][0].update(evidence={"importance": "sure"}), "assumption"),
        (lambda d: d.update(actions=[{"title": "Fix", "stage_id": "zz"}]), 'the stage id "zz" is not a stage'),
        (lambda d: d.update(actions=[{"title": "Fix", "status": "later"}]), "in_progress"),
        (lambda d: d.update(actions=[{"title": "Fix", "effort": "XL"}]), "'S'"),
        (lambda d: d.update(actions=[{"title": "Fix", "due": "tomorrow"}]), "due"),
    ],
)
def test_version_2_rules_refuse_clearly(change, expected):
    doc = make_map_dict()
    change(doc)
    with pytest.raises(MapValidationError, match=None) as caught:
        map_from_dict(doc)
    assert expected in str(caught.value)


def test_deleting_a_stage_keeps_its_phase_and_frees_its_actions():
    from cjm.editing import delete_stages

    m = map_from_dict(make_map_dict(phases=[{"id": "p1", "name": "P", "stages": ["a", "b"]}],
                                    actions=[{"id": "x1", "title": "Fix", "stage_id": "b"}]))
    m = delete_stages(m, ["b"])
    assert [(p.name, p.stages) for p in m.phases] == [("P", ["a"])]
    assert m.actions[0].stage_id is None and m.actions[0].title == "Fix"
