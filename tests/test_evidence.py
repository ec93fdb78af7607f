"""Evidence marks (issue 15, part 3): setting and clearing a mark, the confidence rule, the filter helpers, the
scoring option that weighs by evidence, the why of a bottleneck resting on assumptions, and edits that keep the
map valid (a lane deleted takes its marks along)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import editing, evidence
from cjm.errors import CJMError
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.scoring import score_map, top_bottleneck
from tests.conftest import make_map_dict


def worked_example(weigh: bool = True, language: str = "en"):
    """The example of docs/file-format.md ("Evidence marks"): three stages, three kinds of backing."""
    doc = make_map_dict(language=language, stages=[
        {"id": "search", "name": "Search", "values": {"importance": 5, "emotion": {"score": -2, "words": ""}},
         "evidence": {"importance": "assumption", "emotion": "validated"}},
        {"id": "delivery", "name": "Delivery", "values": {"importance": 4, "emotion": {"score": -2, "words": ""}},
         "evidence": {"importance": "validated", "emotion": "partly"}},
        {"id": "payment", "name": "Payment", "values": {"importance": 4, "emotion": {"score": -1, "words": ""}}},
    ])
    doc["scoring"] = {"weigh_by_evidence": weigh}
    return map_from_dict(doc)


def by_id(m):
    return {s.stage_id: s for s in score_map(m)}


# --- the confidence rule --------------------------------------------------------------------------------
@pytest.mark.parametrize(("importance", "emotion", "expected"), [
    (None, None, 1.0), ("validated", None, 1.0), ("assumption", None, 0.5), (None, "partly", 0.8),
    ("partly", "assumption", 0.5), ("partly", "partly", 0.8), ("validated", "validated", 1.0),
])
def test_a_stage_is_as_confident_as_its_weaker_input(importance, emotion, expected):
    marks = {k: v for k, v in (("importance", importance), ("emotion", emotion)) if v}
    m = map_from_dict(make_map_dict(stages=[
        {"id": "a", "name": "A", "values": {"importance": 3, "emotion": {"score": -1, "words": ""}},
         "evidence": marks}]))
    assert evidence.confidence(m.stages[0], m) == expected


def test_marks_on_other_lanes_do_not_change_the_confidence():
    m = map_from_dict(make_map_dict(stages=[
        {"id": "a", "name": "A", "values": {"importance": 3, "goals": "x"}, "evidence": {"goals": "assumption"}}]))
    assert evidence.confidence(m.stages[0], m) == 1.0 and evidence.assumed(m.stages[0], m) == ()


def test_confidence_reads_the_lanes_scoring_reads_whatever_their_keys():
    doc = make_map_dict()
    for lane in doc["lanes"]:
        if lane["key"] == "importance":
            lane["key"] = "weight"
    doc["stages"] = [{"id": "a", "name": "A", "values": {"weight": 4}, "evidence": {"weight": "assumption"}}]
    m = map_from_dict(doc)
    assert evidence.confidence(m.stages[0], m) == 0.5 and evidence.assumed(m.stages[0], m) == ("importance",)


# --- scoring --------------------------------------------------------------------------------------------
def test_worked_example_unweighted_keeps_the_plain_ranking():
    scores = by_id(worked_example(weigh=False))
    assert [scores[s].score for s in ("search", "delivery", "payment")] == [100.0, 80.0, 60.0]
    assert scores["search"].rank == 1 and scores["search"].confidence == 0.5
    assert scores["search"].unweighted_score == 100.0


def test_worked_example_weighted_by_evidence_reorders_the_stages():
    scores = by_id(worked_example())
    assert [scores[s].score for s in ("search", "delivery", "payment")] == [50.0, 64.0, 60.0]
    assert [scores[s].rank for s in ("delivery", "payment", "search")] == [1, 2, 3]
    assert scores["search"].unweighted_score == 100.0 and scores["search"].level == "warning"
    assert scores["delivery"].confidence == 0.8


def test_why_says_a_bottleneck_rests_on_an_assumption_and_the_weight():
    plain = by_id(worked_example(weigh=False))["search"].why
    assert plain.endswith("→ critical (importance is an assumption)")
    weighted = by_id(worked_example())["search"].why
    assert weighted.endswith("(weighed by evidence × 0.5; importance is an assumption)")
    assert by_id(worked_example())["delivery"].why.endswith("(weighed by evidence × 0.8)")
    assert "(" not in by_id(worked_example())["payment"].why


def test_why_in_russian():
    why = by_id(worked_example(language="ru"))["search"].why
    assert why.endswith("(с учётом подкреплённости × 0,5; важность — допущение)")


def test_why_names_both_assumptions_and_not_for_a_stage_that_is_fine():
    m = map_from_dict(make_map_dict(stages=[
        {"id": "a", "name": "A", "values": {"importance": 5, "emotion": {"score": -2, "words": ""}},
         "evidence": {"importance": "assumption", "emotion": "assumption"}},
        {"id": "b", "name": "B", "values": {"importance": 1, "emotion": {"score": 2, "words": ""}},
         "evidence": {"importance": "assumption"}},
    ]))
    scores = by_id(m)
    assert scores["a"].why.endswith("(importance and emotion are assumptions)")
    assert scores["a"].assumed == ("importance", "emotion")
    assert "assumption" not in scores["b"].why  # level ok: not a bottleneck resting on anything
    assert top_bottleneck(m).stage_id == "a"


def test_as_json_carries_the_evidence_fields():
    row = by_id(worked_example())["search"].as_json()
    assert row["confidence"] == 0.5 and row["unweighted_score"] == 100.0 and row["assumed"] == ["importance"]


def test_unrated_stage_has_no_confidence():
    m = map_from_dict(make_map_dict(stages=[
        {"id": "a", "name": "A", "values": {"importance": 5}, "evidence": {"importance": "assumption"}}]))
    s = score_map(m)[0]
    assert s.score is None and s.confidence is None


mark_values = st.sampled_from([None, *evidence.EVIDENCE])
stage_values = st.fixed_dictionaries({
    "importance": st.one_of(st.none(), st.integers(1, 5)),
    "emotion": st.one_of(st.none(), st.integers(-2, 2)),
    "metrics": st.one_of(st.none(), st.integers(0, 10_000)),
    "marks": st.fixed_dictionaries({key: mark_values for key in ("importance", "emotion", "goals", "metrics")}),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(stage_values, min_size=1, max_size=8), st.sampled_from(["priority", "opportunity"]),
       st.floats(0, 1))
def test_any_marks_keep_scores_in_range_and_leave_unweighted_scores_unchanged(stages, method, funnel_weight):
    plain, marked = [], []
    for i, s in enumerate(stages):
        values = {}
        if s["importance"] is not None:
            values["importance"] = s["importance"]
        if s["emotion"] is not None:
            values["emotion"] = {"score": s["emotion"], "words": ""}
        if s["metrics"] is not None:
            values["metrics"] = s["metrics"]
        plain.append({"id": f"s{i}", "name": f"S{i}", "values": values})
        marked.append({"id": f"s{i}", "name": f"S{i}", "values": values,
                       "evidence": {k: v for k, v in s["marks"].items() if v}})
    scoring = {"method": method, "funnel_weight": funnel_weight}
    before = score_map(map_from_dict(make_map_dict(stages=plain, scoring=scoring)))
    unweighted = score_map(map_from_dict(make_map_dict(stages=marked, scoring=scoring)))
    weighted = score_map(map_from_dict(make_map_dict(stages=marked, scoring={**scoring, "weigh_by_evidence": True})))
    assert [(s.stage_id, s.score, s.level, s.rank) for s in unweighted] == \
        [(s.stage_id, s.score, s.level, s.rank) for s in before]
    plain_scores = {s.stage_id: s.score for s in before}
    for s in weighted:
        if s.score is None:
            assert plain_scores[s.stage_id] is None
            continue
        assert 0 <= s.score <= 100
        assert s.score <= plain_scores[s.stage_id] + 0.05  # weighting never raises a score (rounding aside)
        assert s.score == pytest.approx(plain_scores[s.stage_id] * s.confidence, abs=0.1)


# --- marking --------------------------------------------------------------------------------------------
def test_mark_sets_changes_and_clears_without_touching_the_original():
    m = map_from_dict(make_map_dict())
    marked = evidence.mark(m, "a", "importance", "assumption")
    assert marked.stage("a").evidence == {"importance": "assumption"} and m.stage("a").evidence == {}
    again = evidence.mark(marked, "a", "importance", "validated")
    assert again.stage("a").evidence == {"importance": "validated"}
    cleared = evidence.mark(again, "a", "importance", None)
    assert cleared.stage("a").evidence == {} and "evidence" not in map_to_dict(cleared)["stages"][0]
    assert evidence.mark(cleared, "a", "importance", None).stage("a").evidence == {}  # nothing to clear: fine


@pytest.mark.parametrize(("stage_id", "lane", "mark", "message"), [
    ("nope", "importance", "assumption", "no stage"),
    ("a", "nope", "assumption", "no lane"),
    ("a", "importance", "sure", "unknown evidence mark"),
    ("c", "importance", "assumption", "the cell is empty"),
])
def test_mark_refuses_what_cannot_be_marked(stage_id, lane, mark, message):
    with pytest.raises(CJMError, match=message):
        evidence.mark(map_from_dict(make_map_dict()), stage_id, lane, mark)


def test_marked_cells_and_counts_filter_in_map_order():
    m = worked_example()
    assert [(c.stage, c.lane, c.evidence) for c in evidence.marked_cells(m, "assumption")] == \
        [("Search", "Importance", "assumption")]
    assert [(c.stage_id, c.lane_key) for c in evidence.marked_cells(m)] == [
        ("search", "emotion"), ("search", "importance"), ("delivery", "emotion"), ("delivery", "importance")]
    assert evidence.counts(m) == {"assumption": 1, "partly": 1, "validated": 2}
    with pytest.raises(ValueError):
        evidence.marked_cells(m, "guess")


# --- edits keep the map valid and the marks where they belong ---------------------------------------------
def test_editing_a_value_keeps_its_mark_and_clearing_it_drops_it():
    m = evidence.mark(map_from_dict(make_map_dict()), "a", "importance", "assumption")
    edited = editing.set_value(m, "a", "importance", 5)
    assert edited.stage("a").evidence == {"importance": "assumption"}
    cleared = editing.set_value(edited, "a", "importance", None)
    assert cleared.stage("a").evidence == {}


def test_deleting_a_lane_removes_its_marks():
    m = evidence.mark(map_from_dict(make_map_dict()), "a", "importance", "assumption")
    m = evidence.mark(m, "a", "emotion", "partly")
    gone = editing.delete_lane(m, "importance")
    assert gone.stage("a").evidence == {"emotion": "partly"}


def test_an_option_removed_clears_the_cell_and_its_mark():
    m = map_from_dict(make_map_dict())
    m = editing.set_value(m, "a", "channel", "email")
    m = evidence.mark(m, "a", "channel", "validated")
    m = editing.set_lane_options(m, "channel", ["phone"])
    assert "channel" not in m.stage("a").values and m.stage("a").evidence == {}


def test_a_duplicated_stage_keeps_the_marks_of_its_values():
    m = evidence.mark(map_from_dict(make_map_dict()), "a", "importance", "assumption")
    copy, new_id = editing.duplicate_stage(m, "a")
    assert copy.stage(new_id).evidence == {"importance": "assumption"}


def test_set_scoring_turns_the_weighting_on_and_off():
    m = editing.set_scoring(worked_example(weigh=False), weigh_by_evidence=True)
    assert m.scoring.weigh_by_evidence and by_id(m)["search"].score == 50.0
    off = editing.set_scoring(m, weigh_by_evidence=False)
    assert not off.scoring.weigh_by_evidence and "weigh_by_evidence" not in map_to_dict(off)["scoring"]


def test_json_round_trip_keeps_the_marks_and_the_option():
    m = worked_example()
    again = map_from_dict(map_to_dict(m))
    assert [s.evidence for s in again.stages] == [s.evidence for s in m.stages]
    assert again.scoring.weigh_by_evidence


# --- the CLI: what the grid does, headless ---------------------------------------------------------------
def test_cli_marks_lists_and_scores_weighed(tmp_path, capsys):
    from cjm.cli import main
    from cjm.formats import read_any

    path = tmp_path / "m.json"
    assert main(["new", "saas_demo", str(path), "--lang", "en"]) == 0
    assert main(["mark", str(path), "options", "importance", "assumption"]) == 0
    assert main(["mark", str(path), "Purchase decision", "Emotions", "partly"]) == 0  # by name and label
    assert read_any(str(path)).stage("options").evidence == {"importance": "assumption"}
    capsys.readouterr()
    assert main(["mark", str(path), "--only", "assumption"]) == 0
    assert capsys.readouterr().out == "Comparing options · Importance: assumption\n"
    assert main(["score", str(path), "--weigh-by-evidence"]) == 0
    assert "Comparing options     5           😡 −2     50     warning" in capsys.readouterr().out
    assert main(["score", str(path)]) == 0 and "100    critical" in capsys.readouterr().out
    assert main(["mark", str(path), "options", "importance", "none"]) == 0
    assert read_any(str(path)).stage("options").evidence == {}
    assert main(["mark", str(path), "nope", "importance", "assumption"]) == 1
    assert "no stage 'nope'" in capsys.readouterr().err
    assert main(["mark", str(path), "options"]) == 1


operations = st.lists(st.tuples(
    st.sampled_from(["mark", "unmark", "set", "clear", "delete_lane", "duplicate", "delete_stage", "options"]),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["importance", "emotion", "goals", "actions", "channel", "metrics"]),
    st.sampled_from(evidence.EVIDENCE)), max_size=12)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_any_edits_keep_every_mark_on_a_lane_and_a_value(steps):
    """Whatever is marked, edited, cleared or deleted in any order, the map stays valid, and every mark made
    through the app sits on a lane of the map and on a cell that has a value."""
    m = map_from_dict(make_map_dict())
    values = {"importance": 4, "emotion": {"score": -1, "words": "x"}, "goals": "g", "actions": ["a"],
              "channel": "email", "metrics": 10}
    for operation, stage_id, lane, mark in steps:
        if m.stage(stage_id) is None or (m.lane(lane) is None and operation != "duplicate"):
            continue
        try:
            if operation == "mark":
                m = evidence.mark(m, stage_id, lane, mark)
            elif operation == "unmark":
                m = evidence.mark(m, stage_id, lane, None)
            elif operation == "set":
                m = editing.set_value(m, stage_id, lane, values[lane])
            elif operation == "clear":
                m = editing.set_value(m, stage_id, lane, None)
            elif operation == "delete_lane":
                m = editing.delete_lane(m, lane)
            elif operation == "duplicate":
                m, _ = editing.duplicate_stage(m, stage_id)
            elif operation == "delete_stage":
                m = editing.delete_stages(m, [stage_id])
            elif lane == "channel":
                m = editing.set_lane_options(m, "channel", ["phone"])
        except CJMError as exc:  # the refusals: marking an empty cell, a value no longer among the options
            assert "the cell is empty" in exc.message or "expected one of" in exc.message, exc.message
        again = map_from_dict(map_to_dict(m))  # valid, and the same after a round trip
        assert [s.evidence for s in again.stages] == [s.evidence for s in m.stages]
        for stage in m.stages:
            for key in stage.evidence:
                assert m.lane(key) is not None and key in stage.values
