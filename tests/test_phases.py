"""Phases (stage groups): the header bands, editing phases, and stage edits that keep them valid."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import editing, phases
from cjm.errors import CJMError, MapValidationError
from cjm.i18n import error_text
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.model import Map
from tests.conftest import make_map_dict, storable_text


def six(**overrides: Any) -> Map:
    """Stages a…f; phase "Before" over a, b and "During" over c, d, e; f in no phase."""
    doc = make_map_dict(schema_version=2)
    doc["stages"] = [{"id": s, "name": s.upper(), "values": {}} for s in "abcdef"]
    doc["phases"] = [{"id": "p1", "name": "Before", "stages": ["a", "b"]},
                     {"id": "p2", "name": "During", "stages": ["c", "d", "e"]}]
    doc.update(overrides)
    return map_from_dict(doc)


def groups(m: Map) -> dict[str, list[str]]:
    return {phase.name: list(phase.stages) for phase in m.phases}


def refused(fn, *args, **kwargs) -> CJMError:
    with pytest.raises(CJMError) as info:
        fn(*args, **kwargs)
    assert "\n" not in str(info.value)
    return info.value


# --- runs ---------------------------------------------------------------------------------
def test_runs_cover_every_stage_in_order():
    m = six()
    bands = phases.runs(m)
    assert [(r.name, r.stage_ids, r.start, r.span) for r in bands] == [
        ("Before", ("a", "b"), 0, 2), ("During", ("c", "d", "e"), 2, 3), ("", ("f",), 5, 1)]
    assert bands[0].phase.id == "p1" and bands[2].phase is None
    assert phases.has_bands(m)
    assert phases.names_per_stage(m) == ["Before", "Before", "During", "During", "During", None]


def test_runs_of_a_map_without_phases_is_one_plain_band():
    m = map_from_dict(make_map_dict())
    assert [(r.phase, r.span) for r in phases.runs(m)] == [(None, 3)]
    assert not phases.has_bands(m)
    assert phases.runs(map_from_dict(make_map_dict(stages=[]))) == []


def test_a_gap_between_phases_is_its_own_band():
    m = six(phases=[{"id": "p1", "name": "A", "stages": ["a"]}, {"id": "p2", "name": "B", "stages": ["d", "e"]}])
    assert [(r.name, r.start, r.span) for r in phases.runs(m)] == [("A", 0, 1), ("", 1, 2), ("B", 3, 2), ("", 5, 1)]


def test_an_empty_phase_draws_no_band_but_is_kept():
    m = editing.delete_stages(six(), ["a", "b"])
    assert groups(m) == {"During": ["c", "d", "e"], "Before": []}
    assert [r.name for r in phases.runs(m)] == ["During", ""]


# --- add, rename, delete ------------------------------------------------------------------
def test_add_phase_over_neighbouring_stages():
    m, pid = phases.add_phase(six(), "After", ["f"])
    assert groups(m)["After"] == ["f"] and phases.phase_of(m, "f").id == pid
    assert [p.name for p in m.phases] == ["Before", "During", "After"]


def test_add_phase_without_stages_then_assign():
    m, pid = phases.add_phase(map_from_dict(make_map_dict()), "До покупки")
    assert groups(m) == {"До покупки": []}
    m = phases.assign(m, ["a", "b"], pid)
    assert groups(m) == {"До покупки": ["a", "b"]}
    assert m.schema_version == 2 and map_to_dict(m)["phases"][0]["name"] == "До покупки"


def test_add_phase_in_front_keeps_phases_in_stage_order():
    m = phases.assign(six(), ["a"], None)
    m, _ = phases.add_phase(m, "First", ["a"])
    assert [p.name for p in m.phases] == ["First", "Before", "During"]


def test_add_phase_refuses_a_bad_name_with_the_models_message():
    with pytest.raises(MapValidationError, match="phase name is empty"):
        phases.add_phase(six(), "   ")
    with pytest.raises(MapValidationError, match="limit is 200"):
        phases.add_phase(six(), "x" * 201)
    with pytest.raises(MapValidationError):
        phases.add_phase(six(), "bad\x00name")


def test_rename_and_delete_keep_the_stages():
    m = phases.rename_phase(six(), "p1", "Before purchase")
    assert groups(m)["Before purchase"] == ["a", "b"]
    m = phases.delete_phase(m, "p1")
    assert groups(m) == {"During": ["c", "d", "e"]}
    assert [s.id for s in m.stages] == list("abcdef")
    m = phases.delete_phase(m, "p2")
    assert m.phases == [] and "phases" not in map_to_dict(m)  # a map without phases is saved as before


def test_unknown_phase_or_stage_is_refused():
    assert refused(phases.rename_phase, six(), "zz", "X").key == "phases.err.unknown"
    assert refused(phases.delete_phase, six(), "zz").key == "phases.err.unknown"
    assert refused(phases.assign, six(), ["zz"], "p1").key == "phases.err.unknown_stage"


def test_names_may_repeat():
    m, _ = phases.add_phase(six(), "Before", ["f"])
    assert [p.name for p in m.phases] == ["Before", "During", "Before"]


# --- assign ---------------------------------------------------------------------------------
def test_assign_takes_a_stage_from_the_edge_of_another_phase():
    m = phases.assign(six(), ["c"], "p1")
    assert groups(m) == {"Before": ["a", "b", "c"], "During": ["d", "e"]}


def test_assign_refuses_stages_that_are_not_neighbours():
    error = refused(phases.assign, six(), ["f"], "p1")
    assert error.key == "phases.err.gap" and error.params["stage"] == "C"
    assert "«C»" in error_text(error, "ru") or "C" in error_text(error, "ru")


def test_taking_a_stage_out_of_the_middle_is_refused():
    error = refused(phases.assign, six(), ["d"], None)
    assert error.key == "phases.err.split" and error.params == {"phase": "During", "stage": "D"}
    error = refused(phases.assign, six(), ["d"], "p1")  # a gap first: c lies between
    assert error.key == "phases.err.gap"


def test_taking_stages_out_from_the_edges():
    m = phases.assign(six(), ["e"], None)
    assert groups(m)["During"] == ["c", "d"]
    m = phases.assign(m, ["c", "d"], None)
    assert groups(m) == {"Before": ["a", "b"], "During": []}


def test_set_stages_is_exact():
    m = phases.set_stages(six(), "p2", ["d", "e", "f"])
    assert groups(m) == {"Before": ["a", "b"], "During": ["d", "e", "f"]}
    m = phases.set_stages(m, "p2", [])
    assert groups(m)["During"] == []
    assert refused(phases.set_stages, six(), "p2", ["c", "e"]).key == "phases.err.gap"


def test_a_refusal_changes_nothing():
    m = six()
    before = map_to_dict(m)
    refused(phases.assign, m, ["d"], None)
    assert map_to_dict(m) == before


def test_refusals_read_in_both_languages():
    error = refused(phases.assign, six(), ["d"], None)
    ru, en = error_text(error, "ru"), error_text(error, "en")
    assert "During" in ru and "D" in ru and ru != en
    assert "During" in en


# --- phases from groups (import helpers) ----------------------------------------------------
def test_phases_from_groups():
    got = phases.phases_from_groups(list("abcdef"), [" До ", "До", None, "", "После", "До"])
    assert [(p["name"], p["stages"]) for p in got] == [("До", ["a", "b"]), ("После", ["e"]), ("До", ["f"])]
    assert len({p["id"] for p in got}) == 3
    m = phases.with_groups(six(phases=[]), [" До ", "До", None, "", "После", "До"])
    assert [(r.name, r.span) for r in phases.runs(m)] == [("До", 2), ("", 2), ("После", 1), ("До", 1)]


def test_phases_from_groups_needs_a_name_per_stage():
    with pytest.raises(CJMError):
        phases.phases_from_groups(["a"], [])


@given(st.lists(st.one_of(st.none(), storable_text(max_size=8), st.sampled_from(["A", "B", " A"])),
                min_size=0, max_size=6))
@settings(max_examples=100, deadline=None)
def test_groups_give_a_valid_map_or_a_clear_refusal(names):
    m = six(phases=[])
    ids = [s.id for s in m.stages][: len(names)]
    doc = map_to_dict(m)
    doc["stages"] = doc["stages"][: len(names)]
    doc["phases"] = phases.phases_from_groups(ids, names)
    try:
        back = map_from_dict(doc)
    except MapValidationError as exc:
        assert "Phase" in str(exc) and "\n" not in str(exc)
        return
    got = phases.names_per_stage(back)
    assert got == [n.strip() if isinstance(n, str) and n.strip() else None for n in names]


# --- stage edits keep phases valid ----------------------------------------------------------
def test_added_stage_joins_the_phase_of_the_stage_before_it():
    m, new = editing.add_stage(six(), "X", after="c")
    assert groups(m)["During"] == ["c", new, "d", "e"]
    m, last = editing.add_stage(m, "Y", after="e")
    assert groups(m)["During"][-1] == last
    m, end = editing.add_stage(m, "Z")
    assert phases.phase_of(m, end) is None
    m, other = editing.add_stage(m, "W", after="f")
    assert phases.phase_of(m, other) is None


def test_duplicate_joins_the_originals_phase():
    m, copy = editing.duplicate_stage(six(), "b")
    assert groups(m)["Before"] == ["a", "b", copy]


@pytest.mark.parametrize(("stage", "delta", "expected"), [
    ("b", 1, {"Before": ["a"], "During": ["c", "b", "d", "e"]}),   # lands inside During: joins it
    ("c", -1, {"Before": ["a", "c", "b"], "During": ["d", "e"]}),  # lands between a and b: joins Before
    ("e", 1, {"Before": ["a", "b"], "During": ["c", "d"]}),        # past the edge: leaves its phase
    ("f", -1, {"Before": ["a", "b"], "During": ["c", "d", "f", "e"]}),  # lands inside During
    ("d", 1, {"Before": ["a", "b"], "During": ["c", "e", "d"]}),   # moves within its phase
    ("a", -1, {"Before": ["a", "b"], "During": ["c", "d", "e"]}),  # clamped: nothing moves
])
def test_move_stage(stage, delta, expected):
    assert groups(editing.move_stage(six(), stage, delta)) == expected


def test_a_one_stage_phase_travels_with_its_stage():
    m = six(phases=[{"id": "p1", "name": "Solo", "stages": ["b"]}])
    m = editing.move_stage(m, "b", 3)
    assert groups(m) == {"Solo": ["b"]} and [s.id for s in m.stages] == list("acdebf")


def test_reorder_moving_a_whole_phase_keeps_it():
    m = editing.reorder_stages(six(), list("cdeabf"))
    assert groups(m) == {"During": ["c", "d", "e"], "Before": ["a", "b"]}
    assert [p.name for p in m.phases] == ["During", "Before"]
    m = editing.reorder_stages(six(), list("fabcde"))
    assert groups(m) == {"Before": ["a", "b"], "During": ["c", "d", "e"]}


def test_reorder_dragging_a_stage_into_another_phase():
    m = editing.reorder_stages(six(), list("acdbef"))
    assert groups(m) == {"Before": ["a"], "During": ["c", "d", "b", "e"]}


def test_reorder_scatter_never_breaks_the_map():
    m = editing.reorder_stages(six(), list("fedcba"))
    assert {p.name for p in m.phases} == {"Before", "During"}
    valid_bands = [r for r in phases.runs(m) if r.phase is not None]
    assert all(r.span >= 1 for r in valid_bands)


def test_delete_stages_keeps_the_phase_name():
    m = editing.delete_stages(six(), ["c", "d", "e"])
    assert groups(m) == {"Before": ["a", "b"], "During": []}
    m, new = editing.add_stage(m, "X", after="b")
    assert groups(m)["Before"] == ["a", "b", new]


# --- any sequence of edits ------------------------------------------------------------------
EDITS = st.lists(st.tuples(
    st.sampled_from(["add", "add_end", "duplicate", "delete", "move", "reorder", "assign", "unassign",
                     "set", "add_phase", "rename", "delete_phase"]),
    st.integers(0, 50), st.integers(-3, 3), st.randoms(use_true_random=False),
    storable_text(min_size=1, max_size=10)), max_size=25)


@given(EDITS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sequence_of_edits_keeps_a_valid_map_and_every_phase_name(edits):
    m = six()
    for op, n, delta, rnd, text in edits:
        ids = [s.id for s in m.stages]
        names_before = {p.id: p.name for p in m.phases}
        pick = ids[n % len(ids)] if ids else None
        pid = m.phases[n % len(m.phases)].id if m.phases else None
        expect_names = dict(names_before)
        try:
            if op == "add" and pick:
                m, _ = editing.add_stage(m, text, after=pick)
            elif op == "add_end":
                m, _ = editing.add_stage(m, text)
            elif op == "duplicate" and pick:
                m, _ = editing.duplicate_stage(m, pick)
            elif op == "delete" and pick:
                m = editing.delete_stages(m, [pick])
            elif op == "move" and pick:
                m = editing.move_stage(m, pick, delta)
            elif op == "reorder":
                shuffled = list(ids)
                rnd.shuffle(shuffled)
                m = editing.reorder_stages(m, shuffled)
            elif op in ("assign", "unassign", "set") and ids:
                chosen = rnd.sample(ids, min(len(ids), 1 + n % 3))
                if op == "assign" and pid:
                    m = phases.assign(m, chosen, pid)
                elif op == "unassign":
                    m = phases.assign(m, chosen, None)
                elif op == "set" and pid:
                    m = phases.set_stages(m, pid, chosen)
            elif op == "add_phase":
                m, new = phases.add_phase(m, text)
                expect_names[new] = text
            elif op == "rename" and pid:
                m = phases.rename_phase(m, pid, text)
                expect_names[pid] = text
            elif op == "delete_phase" and pid:
                m = phases.delete_phase(m, pid)
                del expect_names[pid]
        except MapValidationError as exc:  # only a name the model refuses, or a limit
            assert op in ("add", "add_end", "duplicate", "add_phase", "rename"), exc
            continue
        except CJMError as exc:  # a refused assignment: one line, nothing changed
            assert op in ("assign", "unassign", "set"), exc
            assert exc.key in ("phases.err.gap", "phases.err.split")
            continue
        assert map_to_dict(map_from_dict(map_to_dict(m))) == map_to_dict(m)  # valid, round trips
        assert {p.id: p.name for p in m.phases} == expect_names  # no phase lost or renamed by a stage edit
        bands = phases.runs(m)
        assert [s for r in bands for s in r.stage_ids] == [s.id for s in m.stages]
        placed = [r.phase.id for r in bands if r.phase is not None]
        assert len(placed) == len(set(placed))  # each phase one band
        first = {r.phase.id: r.start for r in bands if r.phase is not None}
        assert [p.id for p in m.phases if p.stages] == sorted(first, key=first.__getitem__)


# --- text exports ---------------------------------------------------------------------------
def demo_with_phases(language: str = "en") -> Map:
    from cjm.templates import load_template

    m = load_template("saas_demo", language)
    ids = [s.id for s in m.stages]
    m, _ = phases.add_phase(m, "Before: #1; go", ids[:2])
    return m


def test_mermaid_has_a_section_per_phase_with_its_stages_as_tasks():
    from cjm.text_export import to_mermaid

    lines = to_mermaid(demo_with_phases()).splitlines()
    start = lines.index("  section Before - №1, go")  # its syntax escaped
    assert lines[start + 1:start + 3] == ["    Recognizing the need: 2: Customer", "    Comparing options: 1: Customer"]
    assert "  section Purchase decision" in lines  # a stage in no phase: its own section with its actions
    assert "    Sets up integrations: 5: Customer" in lines
    assert sum(line.startswith("  section") for line in lines) == 3


def test_mermaid_and_markdown_of_a_map_without_phases_are_as_before():
    from cjm.templates import load_template
    from cjm.text_export import to_markdown, to_mermaid

    m = load_template("saas_demo", "en")
    with_empty, _ = phases.add_phase(m, "Later")  # a phase with no stages draws nothing
    assert to_mermaid(with_empty) == to_mermaid(m) and to_markdown(with_empty) == to_markdown(m)
    assert sum(line.startswith("  section") for line in to_mermaid(m).splitlines()) == 4


def test_markdown_table_gets_a_phase_column():
    from cjm.text_export import to_markdown

    text = to_markdown(demo_with_phases("ru"))
    assert "| Фаза | Этап |" in text
    assert "| Before: \\#1; go | Осознание потребности |" in text


# --- the grid and the Board -----------------------------------------------------------------
def test_grid_rows_carry_the_phase_and_where_its_band_starts_and_ends():
    import json

    from st_aggrid.shared import JsCodeEncoder

    from cjm import grid
    from cjm.scoring import score_map
    from pages._grid import frame, grid_options

    m = six(phases=[{"id": "p1", "name": "Same", "stages": ["a", "b"]},
                    {"id": "p2", "name": "Same", "stages": ["c"]}])
    fields = grid.phase_fields(m)
    assert fields["a"] == {"_phase": "Same", "_phase_id": "p1", "_phase_first": True, "_phase_last": False}
    assert fields["b"]["_phase_last"] and fields["c"]["_phase_first"] and fields["c"]["_phase_last"]
    assert fields["f"] == {"_phase": "", "_phase_id": "", "_phase_first": False, "_phase_last": True}
    df = frame(m, score_map(m), [])
    assert list(df["_phase_id"]) == ["p1", "p1", "p2", "", "", ""]  # two phases named alike stay apart
    assert list(df["_phase_first"]) == [True, False, True, True, False, False]
    names = grid_options(m, "Stage", "Priority", "ru")["columnDefs"][0]
    assert names["field"] == "name" and names["pinned"] == "left" and names["rowDrag"] is True
    code = json.dumps(names, cls=JsCodeEncoder)
    assert "cjm-phase-tag" in code and "_phase_first" in code and "textContent" in code
    assert set(names["cellClassRules"]) == {"cjm-phase", "cjm-phase-first"}


def test_a_map_without_phases_has_no_phase_band_in_the_grid():
    from cjm import grid
    from cjm.scoring import score_map
    from pages._grid import frame, grid_options

    m, _ = phases.add_phase(map_from_dict(make_map_dict()), "Empty")
    assert grid.phase_fields(m) == {}
    assert "_phase" not in frame(m, score_map(m), []).columns
    names = grid_options(m, "Stage", "Priority")["columnDefs"][0]
    assert "cellRenderer" not in names and "cellClassRules" not in names


def test_a_hostile_phase_name_cannot_become_grid_code():
    import json
    import re

    from st_aggrid.shared import JsCodeEncoder

    from pages._grid import grid_options

    hostile = "::JSCODE::alert(1)::JSCODE::"
    m = six(phases=[{"id": "p1", "name": hostile, "stages": ["a"]}])
    text = json.dumps(grid_options(m, "Stage", "Priority"), cls=JsCodeEncoder)
    assert "alert(1)" not in "".join(re.findall(r"::JSCODE::(.*?)::JSCODE::", text, re.S))


def test_board_has_a_band_of_phase_names_over_their_stages():
    from cjm.board import board_html, slide_html
    from cjm.scoring import score_map

    m = six(phases=[{"id": "p1", "name": "<b>До</b>", "stages": ["b", "c"]}])
    html = board_html(m, score_map(m), "ru")
    band = html[html.index('<tr class="phases">'):html.index("</tr>", html.index('<tr class="phases">'))]
    assert '<th class="lane">Фаза</th>' in band
    assert [int(n) for n in re.findall(r'colspan="(\d+)"', band)] == [1, 2, 3]
    assert 'data-phase="p1">&lt;b&gt;До&lt;/b&gt;</th>' in band and "<b>До" not in html
    assert html.index('<tr class="phases">') < html.index('data-index="0"')
    assert '<span class="phase">&lt;b&gt;До&lt;/b&gt;</span>' in slide_html(m, score_map(m), 1, "en")
    plain = map_from_dict(make_map_dict())
    assert 'class="phases"' not in board_html(plain, score_map(plain), "en")
    assert 'class="phase"' not in slide_html(plain, score_map(plain), 0, "en")


# --- the command line ---------------------------------------------------------------------------
def test_cli_lists_and_edits_phases(tmp_path, capsys):
    from cjm.cli import main
    from cjm.mapfile import read_map, write_map

    path = tmp_path / "map.json"
    write_map(six(), path)
    assert main(["phases", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Before [p1]: 1. A, 2. B", "During [p2]: 3. C, 4. D, 5. E", "— 6. F"]
    assert main(["phases", str(path), "--add", "After", "--stages", "F"]) == 0
    assert main(["phases", str(path), "--rename", "Before", "До покупки"]) == 0
    assert main(["phases", str(path), "--set", "p2", "--stages", "c,d"]) == 0
    assert main(["phases", str(path), "--unassign", "--stages", "a"]) == 0
    assert groups(read_map(path)) == {"До покупки": ["b"], "During": ["c", "d"], "After": ["f"]}
    capsys.readouterr()
    assert main(["phases", str(path), "--set", "p2", "--stages", "c,f"]) == 1  # refused: e lies between
    assert "must be neighbours" in capsys.readouterr().err
    assert main(["phases", str(path), "--delete", "After"]) == 0
    assert groups(read_map(path)) == {"До покупки": ["b"], "During": ["c", "d"]}
    assert main(["phases", str(path), "--delete", "nope"]) == 1
    assert "no phase 'nope'" in capsys.readouterr().err


@given(storable_text(min_size=1, max_size=40).filter(lambda s: s.strip()))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_phase_name_stays_text_on_every_face(name):
    from html import escape

    from cjm.board import board_html
    from cjm.scoring import score_map
    from cjm.text_export import to_markdown, to_mermaid

    m = six(phases=[{"id": "p1", "name": name, "stages": ["a", "b"]}])
    html = board_html(m, score_map(m), "en")
    assert f'data-phase="p1">{escape(name).replace(chr(10), "<br>")}</th>' in html
    sections = [line for line in to_mermaid(m).splitlines() if line.startswith("  section ")]
    assert len(sections) == 5 and ":" not in sections[0] and ";" not in sections[0]
    table = [line for line in to_markdown(m).splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == table[0].count(" | ") for line in table)  # a name never adds a column
