"""The Builder's AgGrid options (pages/_grid.py): user text can never become JavaScript.

streamlit-aggrid walks every string of the grid options (``rowData`` excepted) and runs the text
between two ``::JSCODE::`` marks with ``new Function`` — anywhere in the string, across newlines
(its regex is ``/::JSCODE::(.*?)::JSCODE::/s``). These tests apply that same walk to what we send.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from st_aggrid.shared import JsCode, JsCodeEncoder

from cjm import grid
from cjm.grid import JSCODE_MARK, inert
from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from pages._grid import frame, grid_options
from tests.conftest import make_map_dict

HOSTILE = f"{JSCODE_MARK}function(){{alert(1)}}{JSCODE_MARK}"
# The payload of issue 10: a single replace of the mark leaves a fresh mark pair behind.
NESTED = "::JSCODE::JSCODE::alert(1)//::JSCODE::JSCODE::"
COMPONENT_REGEX = re.compile(r"::JSCODE::(.*?)::JSCODE::", re.S)  # the component's own, in Python

FRAGMENTS = st.sampled_from([":", "::", "JSCODE", "::JSCODE::", "JS", "CODE", ":JSCODE:", "\u2060", "alert(1)",
                             "//", "\n", " ", "a"])
MARKISH = st.lists(FRAGMENTS, max_size=30).map("".join) | st.text(max_size=60)


def run_by_component(options: dict) -> list[str]:
    """The code the component would run: every mark pair it finds in the strings it walks."""
    found: set[str] = set()
    encoded = json.loads(json.dumps(options, cls=JsCodeEncoder))

    def walk(value, key=None):
        if key == "rowData":
            return
        if isinstance(value, str):
            found.update(COMPONENT_REGEX.findall(value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(encoded)
    return sorted(found)


def our_code(options: dict) -> list[str]:
    found = []

    def walk(value):
        if isinstance(value, JsCode):
            found.append(COMPONENT_REGEX.search(value.js_code).group(1))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(options)
    return sorted(set(found))


def hostile_map(text: str):
    doc = make_map_dict()
    doc["lanes"][1]["label"] = text or "x"
    doc["lanes"][5]["options"] = sorted({text or "x", "phone"})
    doc["lanes"][2]["label"] = "Emotions " + text
    return map_from_dict(doc)


def test_nested_marks_from_the_issue_run_nothing():
    m = hostile_map(NESTED)
    options = grid_options(m, stage_header="Stage " + NESTED, priority_header="Priority")
    assert run_by_component(options) == our_code(options)
    flat = json.dumps(json.loads(json.dumps(options, cls=JsCodeEncoder)), ensure_ascii=False)
    assert "alert(1)" in flat  # the text itself is still there, as text


@settings(max_examples=300, deadline=None)
@given(MARKISH)
def test_inert_text_never_holds_a_mark(text):
    out = inert(text)
    assert JSCODE_MARK not in out and "::" not in out
    assert out.replace("\u2060", "") == text.replace("\u2060", "")  # reads the same


@settings(max_examples=60, deadline=None)
@given(MARKISH.filter(lambda s: s.strip() != "" and len(s) <= 40 and "\x00" not in s))
def test_grid_options_run_only_our_code(text):
    try:
        m = hostile_map(text.strip())
    except Exception:  # text the model refuses never reaches the grid
        return
    options = grid_options(m, stage_header="Stage", priority_header="Priority")
    assert run_by_component(options) == our_code(options)


def test_a_choice_picked_in_the_grid_maps_back_to_the_option():
    m = hostile_map(NESTED)
    lane = m.lanes[5]
    stage = m.stages[0]
    key, value = grid.cell_value(m, grid.value_field(lane.key), inert(NESTED), stage.id)
    assert (key, value) == (lane.key, NESTED)


def test_rows_carry_user_text_as_data_only():
    doc = make_map_dict()
    doc["stages"][0]["name"] = HOSTILE
    m = map_from_dict(doc)
    data = frame(m, score_map(m), selected=["a"])
    assert data.loc[0, "name"] == HOSTILE  # rowData is never parsed for code by the component
    assert bool(data.loc[0, "_selected"]) and not bool(data.loc[1, "_selected"])
