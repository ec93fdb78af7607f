"""Evidence marks in the grid (issue 15, part 3): the row fields the badges and the filter read, and the column
rules, which go through inert_options like every other option (a hostile label or name runs nothing)."""

from __future__ import annotations

import pandas as pd

from cjm import evidence, grid
from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from pages._grid import frame, grid_options, with_evidence
from tests.conftest import make_map_dict
from tests.test_grid_widget import NESTED, our_code, run_by_component


def marked():
    doc = make_map_dict()
    doc["stages"][0]["evidence"] = {"importance": "assumption", "emotion": "validated"}
    return map_from_dict(doc)


def test_row_fields_carry_each_mark_its_word_and_the_filter():
    fields = grid.evidence_fields(marked(), "ru", only="assumption")
    assert fields["a"] == {"_evonly": "assumption", "_ev_importance": "assumption", "_evw_importance": "допущение",
                           "_ev_emotion": "validated", "_evw_emotion": "подтверждено"}
    assert fields["b"] == {"_evonly": "assumption"}
    assert grid.evidence_fields(marked())["b"] == {"_evonly": ""}


def test_the_frame_holds_the_evidence_fields():
    m = marked()
    data = frame(m, score_map(m), [], "en", "assumption")
    assert data.loc[0, "_ev_importance"] == "assumption" and data.loc[0, "_evw_importance"] == "assumption"
    assert pd.isna(data.loc[1, "_ev_importance"]) and data.loc[1, "_evonly"] == "assumption"


def test_lane_columns_get_the_badges_and_the_name_does_not():
    options = grid_options(marked(), stage_header="Stage", priority_header="Priority")
    by_field = {c["field"]: c for c in options["columnDefs"]}
    for field in ("v_importance", "v_emotion", "w_emotion", "v_goals", "v_metrics"):
        rules = by_field[field]["cellClassRules"]
        assert {f"cjm-ev-{mark}" for mark in evidence.EVIDENCE} | {"cjm-ev-dim"} <= set(rules)
    assert "cjm-check" in by_field["v_goals"]["cellClassRules"]  # the rules a column had are kept
    assert "cjm-rate" in by_field["v_importance"]["cellClassRules"]
    assert "cjm-ev-dim" not in (by_field["name"].get("cellClassRules") or {})
    assert with_evidence({"field": "_score"}) == {"field": "_score"}


def test_a_hostile_map_with_marks_runs_only_our_code():
    doc = make_map_dict()
    doc["stages"][0]["name"] = NESTED
    doc["lanes"][3]["label"] = "Importance " + NESTED
    doc["stages"][0]["evidence"] = {"importance": "assumption"}
    m = map_from_dict(doc)
    options = grid_options(m, stage_header="Stage " + NESTED, priority_header="Priority")
    assert run_by_component(options) == our_code(options)
