"""The Builder's AgGrid options (pages/_grid.py): user text can never become JavaScript."""

from __future__ import annotations

import json

from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from pages._grid import JSCODE_MARK, frame, grid_options
from tests.conftest import make_map_dict

HOSTILE = f"{JSCODE_MARK}function(){{alert(1)}}{JSCODE_MARK}"


def test_jscode_marks_in_user_text_are_neutralized():
    doc = make_map_dict()
    doc["lanes"][1]["label"] = HOSTILE
    doc["lanes"][5]["options"] = [HOSTILE, "phone"]
    doc["lanes"][2]["label"] = "Emotions " + HOSTILE
    m = map_from_dict(doc)
    options = grid_options(m, stage_header="Stage", priority_header="Priority")
    user_strings = json.loads(json.dumps(options, default=lambda v: None))  # JsCode objects are ours: left out
    flat = json.dumps(user_strings, ensure_ascii=False)
    assert JSCODE_MARK not in flat, "a user string still carries the component's code marker"
    assert "alert(1)" in flat  # the text itself is still there, as text


def test_rows_carry_user_text_as_data_only():
    doc = make_map_dict()
    doc["stages"][0]["name"] = HOSTILE
    m = map_from_dict(doc)
    data = frame(m, score_map(m), selected=["a"])
    assert data.loc[0, "name"] == HOSTILE  # data is never parsed for code by the component
    assert bool(data.loc[0, "_selected"]) and not bool(data.loc[1, "_selected"])
