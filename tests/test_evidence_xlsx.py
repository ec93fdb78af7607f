"""Evidence marks in the workbook (issue 15, part 3): the Data sheet's evidence columns, read back as a colleague
left them, a changed mark as a change of the three-way update, and any text in a mark cell either a mark or
listed as not read."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given, settings

from cjm import evidence, merge
from cjm.diff import diff_maps
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table
from tests.conftest import make_map_dict, storable_text


def marked_map(language: str = "en"):
    doc = make_map_dict(language=language)
    doc["stages"][0]["evidence"] = {"importance": "assumption", "emotion": "partly"}
    doc["stages"][1]["evidence"] = {"importance": "validated"}
    return map_from_dict(doc)


def edited(m, edit) -> bytes:
    """Our export of ``m``, its Data sheet edited with openpyxl as a colleague would (``edit(sheet, column)``,
    ``column(key)`` the number of the column whose row-2 key is ``key``)."""
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    data = book.worksheets[2]
    keys = {cell.value: cell.column for cell in data[2]}
    edit(data, keys.__getitem__)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("language", "sheet", "words"), [
    ("en", "Data", ["assumption", "partly backed", "validated"]),
    ("ru", "Данные", ["допущение", "частично подтверждено", "подтверждено"]),
])
def test_the_data_sheet_shows_each_mark_as_a_word_picked_from_a_list(language, sheet, words):
    m = marked_map(language)
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    data = book[sheet]
    keys = {cell.value: cell.column for cell in data[2]}
    assert data.cell(3, keys["e:importance"]).value == words[0]
    assert data.cell(3, keys["e:emotion"]).value == words[1]
    assert data.cell(4, keys["e:importance"]).value == words[2]
    assert data.cell(5, keys["e:importance"]).value is None
    header = data.cell(1, keys["e:importance"]).value
    assert header == ("Importance (evidence)" if language == "en" else "Importance (подкреплённость)")
    lists = [dv.formula1 for dv in data.data_validations.dataValidation
             if openpyxl.utils.get_column_letter(keys["e:importance"]) + "3" in str(dv.sqref)]
    assert lists == ['"' + ",".join(words) + '"']


def test_marks_come_back_unchanged():
    m = marked_map()
    back, understanding = read_table(export_xlsx(m), "map.xlsx")
    assert [s.evidence for s in back.stages] == [s.evidence for s in m.stages]
    assert understanding.unread == () and map_to_dict(back) == map_to_dict(m)


def test_a_colleague_changes_sets_and_clears_marks():
    def edit(data, column):
        data.cell(3, column("e:importance")).value = "Validated"  # any case
        data.cell(3, column("e:emotion")).value = None  # cleared: no mark
        data.cell(5, column("e:goals")).value = "?"  # the badge of an assumption
        data.cell(4, column("e:actions")).value = "допущение"  # the word of the other language

    back, understanding = read_table(edited(marked_map(), edit), "map.xlsx")
    assert back.stage("a").evidence == {"importance": "validated"}
    assert back.stage("c").evidence == {"goals": "assumption"}
    assert back.stage("b").evidence == {"importance": "validated", "actions": "assumption"}
    assert understanding.unread == ()
    lines = [c.text("en") for c in diff_maps(marked_map(), back) if c.part == "evidence"]
    assert 'Stage "Осмысление", lane "Importance (evidence)": assumption → validated' in lines


def test_text_that_is_no_mark_is_listed_and_the_mark_kept():
    def edit(data, column):
        data.cell(3, column("e:importance")).value = "maybe"

    back, understanding = read_table(edited(marked_map(), edit), "map.xlsx", language="en")
    assert back.stage("a").evidence["importance"] == "assumption"
    [lost] = understanding.unread
    assert (lost.sheet, lost.text) == ("Data", "maybe") and lost.cell.endswith("3")
    assert "not an evidence mark" in lost.reason


def test_a_new_stage_row_brings_its_marks():
    def edit(data, column):
        data.cell(6, 2).value = "New stage"
        data.cell(6, column("v:importance")).value = 4
        data.cell(6, column("e:importance")).value = "partly backed"

    back, _ = read_table(edited(marked_map(), edit), "map.xlsx")
    new = back.stages[-1]
    assert new.name == "New stage" and new.evidence == {"importance": "partly"}


def test_a_changed_mark_is_a_change_of_the_three_way_update():
    base = marked_map()

    def edit(data, column):
        data.cell(3, column("e:importance")).value = "validated"
        data.cell(4, column("e:importance")).value = "partly backed"

    theirs, understanding = read_table(edited(base, edit), "map.xlsx")
    ours = evidence.mark(base, "b", "importance", "assumption")  # the app changed stage b's mark since
    p = merge.plan(understanding.base, theirs, ours, dict(understanding.sheets_disagree))
    changes = {c.id: c for c in p.changes}
    plain, clash = changes["cell:a:importance:evidence"], changes["cell:b:importance:evidence"]
    assert not plain.conflict and clash.conflict
    assert plain.line("en") == 'Stage "Осмысление", lane "Importance (evidence)": assumption → validated'
    assert plain.line("ru") == 'Этап «Осмысление», дорожка «Importance (подкреплённость)»: допущение → подтверждено'
    updated = merge.apply(p, p.defaults())
    assert updated.stage("a").evidence["importance"] == "validated"
    assert updated.stage("b").evidence["importance"] == "assumption"  # a conflict waits for a tick
    assert merge.apply(p, p.everything()).stage("b").evidence["importance"] == "partly"


def test_a_lane_removed_by_the_update_takes_its_marks():
    base = marked_map()
    theirs = map_from_dict({**map_to_dict(base), "lanes": [la for la in map_to_dict(base)["lanes"]
                                                           if la["key"] != "importance"],
                            "stages": [{**s, "values": {k: v for k, v in s["values"].items() if k != "importance"},
                                        "evidence": {k: v for k, v in s.get("evidence", {}).items()
                                                     if k != "importance"}}
                                       for s in map_to_dict(base)["stages"]]})
    p = merge.plan(base, theirs, base)
    assert merge.apply(p, p.everything()).stage("a").evidence == {"emotion": "partly"}


def test_the_weighting_option_is_a_detail_of_the_update():
    base = marked_map()
    theirs = map_from_dict({**map_to_dict(base), "scoring": {"weigh_by_evidence": True}})
    p = merge.plan(base, theirs, base)
    [change] = p.changes
    assert change.id == "detail:weigh_by_evidence" and change.line("en") == "Map, weigh by evidence: no → yes"
    assert merge.apply(p, p.everything()).scoring.weigh_by_evidence


@settings(max_examples=200, deadline=None)
@given(storable_text(max_size=40))
def test_any_text_is_a_mark_or_refused(text):
    try:
        mark = evidence.parse(text)
    except ValueError as exc:
        assert "an evidence mark" in str(exc)
    else:
        assert mark is None or mark in evidence.EVIDENCE


# --- the Scores sheet weighs by evidence too (LibreOffice recalculates it: tests/test_xlsx_office.py) ----------
def weighed_maps() -> dict[str, object]:
    """The worked example of docs/file-format.md in both languages, and the demo with marks on other lanes."""
    from tests.test_evidence import worked_example

    out = {f"worked.{language}": worked_example(language=language) for language in ("en", "ru")}
    demo = marked_map()
    out["demo"] = map_from_dict({**map_to_dict(demo), "scoring": {"weigh_by_evidence": True}})
    return out


def test_libreoffice_weighs_the_scores_by_evidence_as_the_app(tmp_path):
    from tests.test_xlsx_office import assert_app_numbers, by_stage, number, recalculated

    maps = weighed_maps()
    rows = recalculated({name: export_xlsx(m) for name, m in maps.items()}, tmp_path)
    for name, m in maps.items():
        assert_app_numbers(rows[name], m)
    assert [number(row["score"]) for row in by_stage(rows["worked.ru"], maps["worked.ru"])] == [50, 64, 60]


def test_a_mark_changed_on_the_data_sheet_moves_the_score_in_the_spreadsheet(tmp_path):
    from tests.test_evidence import worked_example
    from tests.test_xlsx_office import assert_app_numbers, by_stage, number, recalculated

    m = worked_example()

    def edit(data, column):
        data.cell(3, column("e:importance")).value = "validated"  # Search: 50 → 100
        data.cell(5, column("e:emotion")).value = "partly backed"  # Payment: 60 → 48

    rows = recalculated({"edited": edited(m, edit)}, tmp_path)["edited"]
    after = evidence.mark(evidence.mark(m, "search", "importance", "validated"), "payment", "emotion", "partly")
    assert_app_numbers(rows, after)
    assert [number(row["score"]) for row in by_stage(rows, after)] == [100, 64, 48]


# --- a mark belongs to a value, in the workbook too ---------------------------------------------------------
def edited_map_sheet(m, edit) -> bytes:
    """Our export of ``m``, its Map sheet edited (``edit(sheet, row_of)``, ``row_of(role)`` the row whose hidden
    column A names the role, e.g. "v:importance")."""
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    sheet = book.worksheets[0]
    roles = {sheet.cell(row, 1).value: row for row in range(1, sheet.max_row + 1)}
    edit(sheet, roles.__getitem__)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_lane_row_deleted_on_the_map_sheet_takes_its_marks():
    back, understanding = read_table(edited_map_sheet(marked_map(), lambda sheet, row: sheet.delete_rows(
        row("v:importance"))), "map.xlsx", language="en")
    assert back.lane("importance") is None
    assert back.stage("a").evidence == {"emotion": "partly"} and back.stage("b").evidence == {}


def test_a_value_cleared_on_either_sheet_loses_its_mark():
    def on_map(sheet, row):
        sheet.cell(row("v:importance"), 3).value = None  # stage a: the first stage column is C

    back, _ = read_table(edited_map_sheet(marked_map(), on_map), "map.xlsx", language="en")
    assert "importance" not in back.stage("a").values and back.stage("a").evidence == {"emotion": "partly"}

    def on_data(data, column):
        data.cell(4, column("v:importance")).value = None  # stage b

    back, _ = read_table(edited(marked_map(), on_data), "map.xlsx", language="en")
    assert "importance" not in back.stage("b").values and back.stage("b").evidence == {}
    assert back.stage("a").evidence == {"importance": "assumption", "emotion": "partly"}


def test_the_map_sheet_frames_marked_cells_and_says_where_to_change_them():
    from cjm.xlsx.evidence_look import FRAMES

    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(marked_map())))
    sheet = book.worksheets[0]
    roles = {sheet.cell(row, 1).value: row for row in range(1, sheet.max_row + 1)}
    importance, emotion, goals = roles["v:importance"], roles["v:emotion"], roles["v:goals"]
    assert sheet.cell(importance, 3).border.left.style == FRAMES["assumption"][0]  # stage a is column C
    assert sheet.cell(emotion, 3).border.top.style == FRAMES["partly"][0]
    assert sheet.cell(importance, 4).border.bottom.style == FRAMES["validated"][0]
    assert sheet.cell(goals, 3).border.left.style is None and sheet.cell(importance, 5).border.left.style is None
    legend = sheet.cell(roles["legend"], 3).value
    assert legend.startswith("Frames: - - assumption") and "Data sheet" in legend
    plain = openpyxl.load_workbook(io.BytesIO(export_xlsx(map_from_dict(make_map_dict())))).worksheets[0]
    assert plain.cell(roles["legend"], 3).value is None  # a map without marks: the sheet as before


def test_a_frame_drawn_in_excel_changes_no_mark():
    from openpyxl.styles import Border, Side

    def edit(sheet, row):
        sheet.cell(row("v:goals"), 5).border = Border(left=Side(style="mediumDashed"))
        sheet.cell(row("v:importance"), 3).border = Border()

    back, understanding = read_table(edited_map_sheet(marked_map(), edit), "map.xlsx", language="en")
    assert [s.evidence for s in back.stages] == [s.evidence for s in marked_map().stages]
    assert understanding.unread == ()
