"""Our own workbook read back: the _cjm base, the Data sheet's edits, new, removed and reordered stages."""

from __future__ import annotations

import io

import openpyxl

from cjm import editing
from cjm.mapfile import map_to_dict
from cjm.model import Map
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table
from tests.xlsx_helpers import xlsx

# --- our own workbook ------------------------------------------------------------------------------------


def sample_map() -> Map:
    m, _ = read_table(xlsx([
        ["Этап", "Действия", "Эмоции", "Важность", "Клиентов на этапе"],
        ["Знакомство", "Видит рекламу\nПереходит", "😡", 3, 1000],
        ["Выбор", "Сравнивает", "раздражение", 4, 400],
        ["Покупка", "Платит", 1, None, 120.5],
    ]), "Моя карта.xlsx")
    m = editing.set_details(m, persona="Маша, 30 лет")
    m, _ = editing.add_custom_lane(m, "Статус", "choice", ["да", "нет"])
    return editing.set_value(m, m.stages[0].id, m.lanes[-1].key, "да")


def cjm_workbook(m: Map, edit=None, extra_rows=(), drop: int | None = None) -> bytes:
    """Our export of ``m`` (a Russian map), its Data sheet edited with openpyxl as a colleague would."""
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    data = book["Данные"]
    for row in extra_rows:
        data.append(row)
    if drop is not None:
        data.delete_rows(drop)
    if edit:
        edit(data)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_hidden_copy_is_read_whatever_its_chunks():
    """docs/xlsx-format.md: A1 the magic, A2 the schema version, A3… the JSON in chunks (here of 100 characters)."""
    m = sample_map()
    book = openpyxl.load_workbook(io.BytesIO(cjm_workbook(m)))
    hidden = book["_cjm"]
    text = "".join(hidden.cell(row=r, column=1).value for r in range(3, hidden.max_row + 1))
    hidden.delete_rows(3, hidden.max_row)
    for n, start in enumerate(range(0, len(text), 100), start=3):
        hidden.cell(n, 1, text[start:start + 100]).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    back, u = read_table(out.getvalue(), "export.xlsx")
    assert map_to_dict(back) == map_to_dict(m) and u.notes == ()


def test_own_workbook_unchanged_round_trip_is_exact():
    m = sample_map()
    back, u = read_table(cjm_workbook(m), "export.xlsx")
    assert u.kind == "cjm-workbook" and u.orientation == "exact" and u.sheet == "Данные"
    assert map_to_dict(back) == map_to_dict(m)
    assert u.notes == ()


def test_own_workbook_edited_cell_is_picked_up():
    m = sample_map()
    assert m.stages[0].values["importance"] == 3

    def edit(ws):
        ws["F3"] = "5"  # A Stage id, B Stage, C Действия, D Эмоции, E Эмоции (words), F Важность
        ws["B4"] = "Выбор тарифа"
        ws["D5"] = "😡"

    back, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx", "en")
    assert back.stages[0].values["importance"] == 5
    assert back.stages[1].name == "Выбор тарифа" and back.stages[1].id == m.stages[1].id
    assert back.stages[2].values["emotion"] == {"score": -2, "words": ""}
    assert back.stages[1].values == m.stages[1].values and back.id == m.id
    assert any("3 changed cells" in note for note in u.notes)


def test_own_workbook_new_row_deleted_row_and_order():
    m = sample_map()
    data = cjm_workbook(m, extra_rows=[[None, "Повторная покупка", "Возвращается", -1, None, "5/5"]], drop=4)
    back, u = read_table(data, "export.xlsx", "en")
    assert [s.name for s in back.stages] == ["Знакомство", "Покупка", "Повторная покупка"]
    assert back.stages[0].id == m.stages[0].id and back.stages[1].id == m.stages[2].id
    new = back.stages[2]
    assert new.id not in {s.id for s in m.stages}
    assert new.values["actions"] == ["Возвращается"] and new.values["importance"] == 5
    assert new.values["emotion"] == {"score": -1, "words": ""}
    assert any("1 new stage" in note for note in u.notes) and any("1 stage removed" in note for note in u.notes)


def test_own_workbook_reordered_rows_and_unparseable_edit():
    m = sample_map()

    def edit(ws):
        first = [c.value for c in ws[3]]
        last = [c.value for c in ws[5]]
        for col, value in enumerate(last, start=1):
            ws.cell(3, col, value)
        for col, value in enumerate(first, start=1):
            ws.cell(5, col, value)
        ws["F4"] = "очень"  # importance of "Выбор": not a number

    back, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx")
    assert [s.id for s in back.stages] == [m.stages[2].id, m.stages[1].id, m.stages[0].id]
    assert back.stages[1].values["importance"] == 4  # the base value stays
    unread = next(lane for lane in back.lanes if lane.label.endswith("(не распознано)"))
    assert back.stages[1].values[unread.key] == "очень"


def test_broken_cjm_sheet_falls_back_to_foreign_reading():
    wb = openpyxl.Workbook()
    for row in (["Этап", "Действия"], ["A", "x"]):
        wb.active.append(row)
    hidden = wb.create_sheet("_cjm")
    hidden["A1"] = "cjm-studio-map"
    hidden["A3"] = "{not json"
    out = io.BytesIO()
    wb.save(out)
    m, u = read_table(out.getvalue(), "x.xlsx")
    assert u.kind == "spreadsheet" and m.stages[0].values == {"actions": ["x"]}


def test_notes_speak_the_ui_language_and_new_words_the_maps():
    """A Russian map read back in an English UI: English notes, but a new unnamed stage is "Этап N"."""
    m = sample_map()

    def edit(ws):
        ws["F3"] = 5
        ws["F4"] = 2
        ws["F5"] = "много"  # not an importance
        ws["J2"] = None  # a new column: header, no key
        ws["J1"] = "Комментарий"
        ws["J3"] = "да"

    data = cjm_workbook(m, edit=edit, extra_rows=[[None, None, "Возвращается"], [None, "Ещё", "Снова"]], drop=4)
    back, en = read_table(data, "export.xlsx", "en")
    assert [s.name for s in back.stages][-2:] == ["Этап 3", "Ещё"]
    assert "(не распознано)" in back.lanes[-1].label  # a lane of the map: the map's language
    assert en.notes == (
        "2 changed cells read as edits",
        "2 new stages",
        "1 stage removed (no row in the sheet “Данные”)",
        "1 new column read as a custom lane",
        "Важность: 1 cell not read as its type, kept as text in “Важность (не распознано)”",
        "1 cell could not be read: listed below",
    )
    assert [(u.sheet, u.cell, u.text) for u in en.unread] == [("Данные", "F5", "много")]
    assert en.unread[0].reason == "does not fit the lane “Важность”: kept as text in “Важность (не распознано)”"
    _, ru = read_table(data, "export.xlsx", "ru")
    assert ru.notes == (
        "2 изменённые ячейки прочитаны как правки",
        "2 новых этапа",
        "1 этап удалён (его строки нет на листе «Данные»)",
        "1 новый столбец прочитан как новая дорожка",
        "Важность: 1 ячейка не подходит к типу дорожки, сохранена как текст в «Важность (не распознано)»",
        "1 ячейку не удалось прочитать: она показана ниже",
    )


def test_a_cleared_stage_name_keeps_the_old_one_and_says_so():
    m = sample_map()

    def edit(ws):
        ws["B4"] = None

    back, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx", "en")
    assert back.stages[1].name == "Выбор"
    assert u.notes == ("row 4: the stage name was cleared; kept “Выбор”",)
    _, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx", "ru")
    assert u.notes == ("строка 4: название этапа стёрто; оставлено прежнее «Выбор»",)


def test_without_a_data_sheet_the_hidden_copy_is_the_map():
    m = sample_map()
    wb = openpyxl.load_workbook(io.BytesIO(cjm_workbook(m)))
    del wb["Данные"]
    out = io.BytesIO()
    wb.save(out)
    back, u = read_table(out.getvalue(), "export.xlsx", "en")
    assert map_to_dict(back) == map_to_dict(m)
    assert u.notes == ("no Data sheet: the map is read from the hidden _cjm sheet as exported",)
