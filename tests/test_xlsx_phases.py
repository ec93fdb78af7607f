"""Phases in the Excel workbook: the Map sheet's merged row of phase names, read back, and merged into the map."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from cjm import editing, phases
from cjm.diff import diff_maps, shown
from cjm.mapfile import map_to_dict
from cjm.merge import apply, plan
from cjm.templates import load_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table
from cjm.xlsx.settings import HEADER_FILL
from tests.conftest import storable_text


def with_phases(language: str = "en"):
    """The SaaS demo (stages need, options, purchase, onboarding): "Before" over the first two, "During" over
    the third, the fourth in no phase."""
    m = load_template("saas_demo", language)
    ids = [s.id for s in m.stages]
    m, _ = phases.add_phase(m, "Before" if language == "en" else "До покупки", ids[:2])
    m, _ = phases.add_phase(m, "During" if language == "en" else "Покупка", ids[2:3])
    return m


def book_of(m):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))


def edited(m, edit) -> bytes:
    book = book_of(m)
    edit(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, language: str = "en"):
    return read_table(data, "shared.xlsx", language)


def groups(m) -> list[tuple[str, list[str]]]:
    return [(p.name, list(p.stages)) for p in m.phases]


# --- writing ----------------------------------------------------------------------------------
def test_a_map_without_phases_keeps_its_sheet_as_it_was():
    ws = book_of(load_template("saas_demo", "en"))["Map"]
    assert ws["A5"].value == "stage" and ws["C5"].value == "1. Recognizing the need"
    assert not ws.merged_cells.ranges and ws.print_title_rows == "$5:$6" and ws.freeze_panes == "C7"
    assert all(ws.cell(r, 1).value != "phase" for r in range(1, ws.max_row + 1))


def test_an_empty_phase_draws_no_row():
    m, _ = phases.add_phase(load_template("saas_demo", "en"), "Later")
    ws = book_of(m)["Map"]
    assert ws["A5"].value == "stage" and not ws.merged_cells.ranges


@pytest.mark.parametrize("language", ["en", "ru"])
def test_phases_are_a_merged_header_row_above_the_stage_names(language):
    m = with_phases(language)
    ws = book_of(m).worksheets[0]
    assert [ws.cell(5, c).value for c in range(1, 7)] == [
        "phase", "Phase" if language == "en" else "Фаза", m.phases[0].name, None, m.phases[1].name, None]
    assert [str(r) for r in ws.merged_cells.ranges] == ["C5:D5"]
    assert ws["A6"].value == "stage" and ws["C6"].value.startswith("1. ") and ws["A7"].value == "level"
    for cell in (ws["B5"], ws["C5"], ws["E5"]):  # styled like the header
        assert cell.font.b and cell.fill.fgColor.rgb.endswith(HEADER_FILL[-6:])
    assert ws["C5"].alignment.horizontal == "center" and ws["C5"].data_type == "s"
    assert ws.print_title_rows == "$5:$7" and ws.freeze_panes == "C8"


def test_a_formula_like_phase_name_stays_text():
    m = with_phases()
    m = phases.rename_phase(m, m.phases[0].id, "=SUM(A1:A3)")
    data = export_xlsx(m)
    again = openpyxl.load_workbook(io.BytesIO(data))
    assert again["Map"]["C5"].value == "=SUM(A1:A3)" and again["Map"]["C5"].data_type == "s"
    back, _ = read(data)
    assert back.phases[0].name == "=SUM(A1:A3)"


# --- reading back -----------------------------------------------------------------------------
def test_an_untouched_workbook_gives_the_same_phases_and_says_nothing_about_them():
    m = with_phases()
    back, u = read(export_xlsx(m))
    assert map_to_dict(back) == map_to_dict(m)
    assert not [n for n in u.notes if "phase" in n]


@given(storable_text(min_size=1, max_size=60).filter(lambda s: s.strip()))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_phase_name_round_trips(name):
    m = with_phases()
    m = phases.rename_phase(m, m.phases[0].id, name)
    back, _ = read(export_xlsx(m))
    assert back.phases[0].name == name.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert back.phases[0].id == m.phases[0].id


def test_a_renamed_phase_keeps_its_id_and_is_said():
    m = with_phases()

    def edit(ws):
        ws["C5"] = "Discover"

    back, u = read(edited(m, edit))
    assert groups(back) == [("Discover", ["need", "options"]), ("During", ["purchase"])]
    assert back.phases[0].id == m.phases[0].id
    assert "the phase “Before” was renamed “Discover”" in u.notes


def test_merged_differently_the_sheet_is_read_as_it_is():
    m = with_phases()

    def edit(ws):  # "Before" now over the first three stages; "During" gone from the row
        ws.unmerge_cells("C5:D5")
        ws["E5"] = None
        ws.merge_cells("C5:E5")

    back, u = read(edited(m, edit))
    assert groups(back) == [("Before", ["need", "options", "purchase"]), ("During", [])]
    assert ("the phase “Before” is now over the stages “Recognizing the need” … “Purchase decision”"
            in u.notes)
    assert "the phase “During” is no longer over any stage: kept without stages (delete it in the Builder)" in u.notes


def test_the_same_name_typed_in_each_cell_is_one_phase_and_a_new_name_a_new_phase():
    m = with_phases()

    def edit(ws):
        ws.unmerge_cells("C5:D5")
        ws["D5"] = "Before"  # written in each cell instead of merged: the same phase
        ws["F5"] = "После"  # over the stage in no phase

    back, u = read(edited(m, edit), "ru")
    assert groups(back) == [("Before", ["need", "options"]), ("During", ["purchase"]),
                            ("После", ["onboarding"])]
    assert u.notes == ("новая фаза «После»: «Onboarding and use»",)


def test_an_unmerged_name_covers_only_its_own_column():
    m = with_phases()

    def edit(ws):
        ws.unmerge_cells("C5:D5")  # D5 now empty: "Comparing options" in no phase

    back, u = read(edited(m, edit))
    assert groups(back) == [("Before", ["need"]), ("During", ["purchase"])]
    assert "the phase “Before” is now over the stages “Recognizing the need”" in u.notes


def test_a_name_beside_the_stages_is_listed_not_dropped():
    m = with_phases()

    def edit(ws):
        ws["H5"] = "Loyalty"  # past the last stage (F)

    back, u = read(edited(m, edit))
    assert groups(back) == groups(m)
    assert [(x.cell, x.text) for x in u.unread] == [("H5", "Loyalty")]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_phases_typed_in_a_row_inserted_above_the_stages_of_a_map_without_them(language):
    m = load_template("saas_demo", language)

    def edit(ws):
        ws.insert_rows(5)  # above the stage names (openpyxl moves no merged cells: none here)
        ws["B5"] = "Phase"
        ws["C5"] = "До покупки"
        ws.merge_cells("C5:D5")
        ws["E5"] = "Покупка"

    back, u = read(edited(m, edit), language)
    assert groups(back) == [("До покупки", ["need", "options"]), ("Покупка", ["purchase"])]
    note = {"en": "row 5 above the stage names on the sheet “Map” was read as phases",
            "ru": "строка 5 над названиями этапов на листе «Карта» прочитана как фазы"}[language]
    assert note in u.notes and not u.unread
    assert [s.name for s in back.stages] == [s.name for s in m.stages]
    first, second = plan(u.base, back, m).changes  # and the update offers them, one change each
    assert first.kind == second.kind == "phase"
    assert first.line(language) == {"en": "Phase “До покупки” added: “Recognizing the need”, “Comparing options”",
                                    "ru": "Фаза «До покупки» добавлена: «Осознание потребности», "
                                          "«Рассмотрение вариантов»"}[language]


def test_a_deleted_row_of_phases_keeps_them_and_says_so():
    m = with_phases()

    def edit(ws):
        ws.unmerge_cells("C5:D5")
        ws.delete_rows(5)

    back, u = read(edited(m, edit))
    assert groups(back) == groups(m)
    assert "the sheet “Map” has no phases' row: the phases stay as they were" in u.notes


def test_a_deleted_stage_column_leaves_its_phase():
    m = with_phases()

    def edit(ws):  # as Excel does it: the merged name shrinks with the deleted column
        ws.unmerge_cells("C5:D5")
        ws.delete_cols(4)

    back, u = read(edited(m, edit))
    assert groups(back) == [("Before", ["need"]), ("During", ["purchase"])]
    p = plan(u.base, back, m)
    assert [c.kind for c in p.changes] == ["stage_remove"]  # the phase loses the stage only with it
    kept = apply(p, p.defaults())  # the removal waits for the person: the phase keeps the stage
    assert groups(kept) == groups(m)
    agreed = apply(p, p.everything())
    assert groups(agreed) == [("Before", ["need"]), ("During", ["purchase"])]


def test_an_inserted_stage_inside_a_merged_phase_joins_it():
    m = with_phases()

    def edit(ws):  # a column inserted in the middle of "Before": Excel widens the merged name over it
        ws.unmerge_cells("C5:D5")
        ws.insert_cols(4)
        ws.merge_cells("C5:E5")
        ws["D6"] = "Asks a friend"

    back, u = read(edited(m, edit))
    new = back.stages[1]
    assert new.name == "Asks a friend" and groups(back)[0] == ("Before", ["need", new.id, "options"])
    p = plan(u.base, back, m)
    assert sorted(c.kind for c in p.changes) == ["phase", "stage_add"]
    assert groups(apply(p, p.everything()))[0] == ("Before", ["need", new.id, "options"])
    only_stage = {c.id: (0 if c.kind == "stage_add" else None) for c in p.changes}
    assert groups(apply(p, only_stage))[0] == ("Before", ["need", new.id, "options"])  # lands inside: joins


def test_a_stage_deleted_on_the_data_sheet_of_a_map_with_phases():
    m = with_phases()
    book = book_of(m)
    book["Data"].delete_rows(4)  # stage 2's row
    out = io.BytesIO()
    book.save(out)
    back, u = read(out.getvalue())
    p = plan(u.base, back, m)
    agreed = apply(p, p.everything())
    assert "options" not in [s.id for s in agreed.stages]
    assert groups(agreed) == [("Before", ["need"]), ("During", ["purchase"])]


# --- the three-way merge and the diff ---------------------------------------------------------
def test_a_phase_renamed_in_the_workbook_is_a_change_to_take_or_leave():
    m = with_phases()

    def edit(ws):
        ws["C5"] = "Discover"

    back, u = read(edited(m, edit))
    p = plan(u.base, back, m)
    [change] = p.changes
    assert change.kind == "phase" and not change.conflict
    assert change.line("en") == "Phase “Before” renamed “Discover”"
    assert change.line("ru") == "Фаза «Before» переименована в «Discover»"
    assert groups(apply(p, p.everything()))[0] == ("Discover", ["need", "options"])
    assert groups(apply(p, {change.id: None}))[0] == ("Before", ["need", "options"])


def test_a_phase_changed_in_the_app_since_the_export_is_a_conflict():
    m = with_phases()
    data = edited(m, lambda ws: ws.__setitem__("C5", "Discover"))
    ours = phases.rename_phase(m, m.phases[0].id, "Explore")
    back, u = read(data)
    [change] = plan(u.base, back, ours).changes
    assert change.conflict and change.ours["name"] == "Explore"
    # the preview says the app's and the export's phase in words
    assert shown(change.ours, None, "en") == "phase “Explore”, 2 stages"
    assert shown(change.base, None, "ru") == "фаза «Before», 2 этапа"


def test_the_apps_phase_edits_since_the_export_are_kept():
    m = with_phases()
    back, u = read(export_xlsx(m))
    ours, _ = phases.add_phase(m, "After", ["onboarding"])
    p = plan(u.base, back, ours)
    assert p.changes == ()
    assert groups(apply(p, p.everything())) == groups(ours)
    assert [c.text("en") for c in p.kept] == ["Phase “After” added: “Onboarding and use”"]


def test_diff_names_every_phase_change():
    m = with_phases()
    other = phases.rename_phase(m, m.phases[0].id, "Explore")
    other = phases.assign(other, ["purchase"], None)
    other, _ = phases.add_phase(other, "After", ["onboarding"])
    lines = [c.text("en") for c in diff_maps(m, other) if c.kind.startswith("phase_")]
    assert lines == ["Phase “Before” renamed “Explore”",
                     "Phase “During”: stages “Purchase decision” → —",
                     "Phase “After” added: “Onboarding and use”"]
    gone = phases.delete_phase(m, m.phases[1].id)
    assert [c.text("ru") for c in diff_maps(m, gone)] == [
        "Фаза «During» удалена (была над «Purchase decision»); её этапы остаются"]


def test_a_stage_move_in_the_app_and_the_workbook_keep_phases_valid():
    m = with_phases()
    back, u = read(export_xlsx(m))
    ours = editing.move_stage(m, "onboarding", -2)  # lands between need and options: joins "Before"
    p = plan(u.base, back, ours)
    merged = apply(p, p.everything())
    assert [s.id for s in merged.stages] == [s.id for s in ours.stages]
    assert groups(merged) == groups(ours) == [("Before", ["need", "onboarding", "options"]), ("During", ["purchase"])]


def test_sheet_merges_reads_the_merged_ranges_of_one_sheet():
    from cjm.xlsx.merges import Merge, sheet_merges

    data = export_xlsx(with_phases())
    assert sheet_merges(data, "Map") == [Merge(3, 5, 4, 5)]
    assert sheet_merges(data, "Data") == [] and sheet_merges(data, "no such sheet") == []
    assert Merge(3, 5, 4, 5).holds(5, 4) and not Merge(3, 5, 4, 5).holds(5, 5)


def test_a_broken_merged_range_is_a_damaged_workbook_refused_in_one_line():
    import zipfile

    m = with_phases()
    source = zipfile.ZipFile(io.BytesIO(export_xlsx(m)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b'ref="C5:D5"', b'ref="not a range"')
            target.writestr(item, part)
    from cjm.errors import MapFileError

    with pytest.raises(MapFileError, match="damaged workbook") as info:
        read(out.getvalue())
    assert "\n" not in str(info.value)
