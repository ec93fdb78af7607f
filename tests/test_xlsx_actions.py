"""The Actions sheet (cjm/xlsx/actions_sheet.py): written always, read back, and the import's three-way merge."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from cjm import merge
from cjm.actions import add_action, update_action
from cjm.diff import diff_maps
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table
from tests.conftest import make_map_dict
from tests.test_hostile_text import HOSTILE


def planned(language: str = "en"):
    m = map_from_dict(make_map_dict(language=language))
    m, one = add_action(m, "=HYPERLINK(\"http://x\") call back", stage_id="b", owner="Ира", due=date(2026, 12, 1),
                        status="in_progress", effort="M", notes="first\nsecond")
    m, two = add_action(m, "Rewrite the FAQ", owner="Bob")
    m, three = add_action(m, "Price page", stage_id="c", status="done", effort="S")
    return m, (one, two, three)


def book_of(m):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet(book, language="en"):
    return book["Actions" if language == "en" else "План действий"]


def test_the_sheet_holds_the_plan_with_keys_dropdowns_and_text_as_text():
    m, (one, _, _) = planned()
    ws = sheet(book_of(m))
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:8] == ("Action id", "Action", "Stage", "Owner", "Due", "Status", "Effort (S/M/L)", "Notes")
    assert rows[1][:8] == ("action_id", "a:title", "a:stage", "a:owner", "a:due", "a:status", "a:effort", "a:notes")
    assert rows[2][:8] == (one, '=HYPERLINK("http://x") call back', "Оценка", "Ира", datetime(2026, 12, 1),
                           "in progress", "M", "first\nsecond")
    assert ws["B3"].data_type == "s" and ws["E3"].number_format == "yyyy-mm-dd"
    assert [r[9] for r in rows[2:5]] == ["Осмысление", "Оценка", "Сделка"] and ws.column_dimensions["J"].hidden
    assert ws.column_dimensions["A"].hidden  # the ids
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"C3:C205": "'Actions'!$J$3:$J$5", "F3:F205": '"open,in progress,done"', "G3:G205": '"S,M,L"'}


def test_a_map_without_actions_gets_the_sheet_with_its_headers_to_invite_the_first():
    ws = sheet(book_of(map_from_dict(make_map_dict(language="ru"))), "ru")
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Id действия", "Что сделать", "Этап") and rows[1][0] == "action_id"
    assert all(row[:8] == (None,) * 8 for row in rows[2:])


def test_an_untouched_workbook_gives_the_plan_back_exactly():
    m, _ = planned("ru")
    back, understood = read_table(export_xlsx(m), "map.xlsx")
    assert back.actions == m.actions and understood.unread == ()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, owner=HOSTILE, notes=HOSTILE)
def test_odd_text_comes_back_exactly(title, owner, notes):
    m = map_from_dict(make_map_dict())
    try:
        m, _ = add_action(m, title, owner=owner, notes=notes, stage_id="a")
    except Exception:  # refused text is tests/test_actions.py's concern
        return
    back, understood = read_table(export_xlsx(m), "map.xlsx")
    assert back.actions == m.actions and understood.unread == ()


def test_a_colleagues_edits_come_in_and_what_does_not_read_is_named():
    m, (one, two, three) = planned("ru")
    book = book_of(m)
    ws = sheet(book, "ru")
    ws["F3"] = "Готово"              # a status in words, any case
    ws["E4"] = "05.01.2027"          # a date typed as text
    ws["C4"] = "3. Сделка"           # a stage as the Map sheet numbers it
    ws["G4"] = "м"                   # Cyrillic М for M
    ws["D4"] = "Анна"
    ws.delete_rows(5)                # the third action removed
    ws["B5"] = "Новое действие"      # a row a colleague added
    ws["F5"] = "потом"               # ... with a status that does not read
    ws["C5"] = "Нет такого"          # ... and a stage the map does not have
    ws["D6"] = "без текста"          # a row without its text
    back, understood = read_table(saved(book), "map.xlsx", "en")
    assert [(a.title, a.status, a.stage_id, a.owner, a.due, a.effort) for a in back.actions] == [
        ('=HYPERLINK("http://x") call back', "done", "b", "Ира", date(2026, 12, 1), "M"),
        ("Rewrite the FAQ", "open", "c", "Анна", date(2027, 1, 5), "M"),
        ("Новое действие", "open", None, "", None, None),
    ]
    assert [(u.sheet, u.cell, u.text) for u in understood.unread] == [
        ("План действий", "C5", "Нет такого"), ("План действий", "F5", "потом"), ("План действий", "B6", "без текста")]
    assert "Sheet “План действий”: 3 actions" in understood.notes
    again, _ = read_table(saved(book), "map.xlsx")
    assert again.actions[2].id == back.actions[2].id  # the same workbook read twice adds the same action


def test_a_deleted_stage_frees_its_actions_and_a_missing_sheet_keeps_the_plan():
    m, (one, _, _) = planned()
    book = book_of(m)
    book["Data"].delete_rows(4)  # the stage "Оценка" (b) removed on the Data sheet
    back, _ = read_table(saved(book), "map.xlsx")
    assert "b" not in {s.id for s in back.stages} and back.actions[0].stage_id is None
    book = book_of(m)
    del book["Actions"]
    back, understood = read_table(saved(book), "map.xlsx", "en")
    assert back.actions == m.actions and "No “Actions” sheet: the action plan is kept as exported" in understood.notes


def test_the_update_preview_lists_added_changed_and_removed_actions_and_applies_them():
    m, (one, two, three) = planned()
    book = book_of(m)
    ws = sheet(book)
    ws["F3"] = "done"
    ws.delete_rows(5)
    ws["B5"] = "Call the bank"
    theirs, understood = read_table(saved(book), "map.xlsx")
    ours = update_action(m, two, owner="Carol")  # the app changed another action meanwhile
    p = merge.plan(understood.base, theirs, ours)
    lines = [c.line("en") for c in p.changes]
    assert lines == ['Action “=HYPERLINK("http://x") call back”, status: in progress → done',
                     "Action “Call the bank” added", "Action “Price page” removed"]
    assert [c.removal for c in p.changes] == [False, False, True]
    assert p.defaults()[f"action_remove:{three}"] is None  # a removal waits for a tick
    assert any(c.kind == "action" and c.action_id == two for c in p.kept)  # the app's own change is kept
    after = merge.apply(p, p.everything())
    assert [(a.title, a.status, a.owner) for a in after.actions] == [
        ('=HYPERLINK("http://x") call back', "done", "Ира"), ("Rewrite the FAQ", "open", "Carol"),
        ("Call the bank", "open", "")]
    assert [a.title for a in merge.apply(p, p.defaults()).actions][-1] == "Price page"


def test_a_status_changed_on_both_sides_is_a_conflict():
    m, (one, _, _) = planned()
    book = book_of(m)
    sheet(book)["F3"] = "done"
    theirs, understood = read_table(saved(book), "map.xlsx")
    p = merge.plan(understood.base, theirs, update_action(m, one, status="open"))
    (change,) = p.changes
    assert change.conflict and change.line("ru") == (
        'Действие «=HYPERLINK("http://x") call back», статус: открыто → готово')


def test_a_stage_change_reads_by_names_and_cjm_diff_lists_actions():
    m, (one, two, _) = planned()
    changed = update_action(update_action(m, one, stage_id="a", due=None), two, title="Rewrite the whole FAQ")
    lines = [c.text("en") for c in diff_maps(m, changed)]
    assert lines == ['Action “=HYPERLINK("http://x") call back”, stage: “Оценка” → “Осмысление”',
                     'Action “=HYPERLINK("http://x") call back”, due: 2026-12-01 → —',
                     "Action “Rewrite the whole FAQ”, text: “Rewrite the FAQ” → “Rewrite the whole FAQ”"]
    doc = map_to_dict(m)
    assert diff_maps(m, map_from_dict({**doc, "actions": doc["actions"][1:]}))[0].text("ru") == (
        'Удалено действие «=HYPERLINK("http://x") call back»')


@pytest.mark.parametrize("language", ["ru", "en"])
def test_statuses_read_in_either_language_and_as_the_tracker_writes_them(language):
    m, (one, _, _) = planned(language)
    for typed, status in (("In Progress", "in_progress"), ("в работе", "in_progress"), ("DONE", "done"),
                          ("открыто", "open"), ("in_progress", "in_progress")):
        book = book_of(update_action(m, one, status="open" if status != "open" else "done"))
        sheet(book, language)["F3"] = typed
        back, understood = read_table(saved(book), "map.xlsx")
        assert back.actions[0].status == status and understood.unread == ()


CELL_TEXT = HOSTILE.map(lambda s: "".join(c for c in s if c.isprintable() or c in "\n\t")).filter(str.strip)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=CELL_TEXT, stage=CELL_TEXT, owner=CELL_TEXT, due=CELL_TEXT, status=CELL_TEXT, effort=CELL_TEXT,
       notes=CELL_TEXT)
def test_whatever_a_colleague_types_in_a_new_row_is_taken_or_named(title, stage, owner, due, status, effort, notes):
    m, _ = planned()
    book = book_of(m)
    ws = sheet(book)
    try:
        for column, text in zip("BCDEFGH", (title, stage, owner, due, status, effort, notes), strict=True):
            ws[f"{column}6"] = text
            ws[f"{column}6"].data_type = "s"
        data = saved(book)
    except Exception:  # noqa: BLE001 - text openpyxl cannot write is not a colleague's either
        return
    back, understood = read_table(data, "map.xlsx", "en")
    assert back.actions[:3] == m.actions
    named = {u.cell for u in understood.unread}
    assert all(u.reason and "\n" not in u.reason for u in understood.unread)
    if len(back.actions) == 4:  # taken: its text as typed (line breaks as LF, blanks at the ends trimmed)
        assert back.actions[3].title == title.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:  # not taken: the row is named
        assert "B6" in named


def test_a_conflict_shows_the_values_as_people_read_them():
    m, (one, _, _) = planned("ru")
    book = book_of(m)
    sheet(book, "ru")["C3"] = "Сделка"
    theirs, understood = read_table(saved(book), "map.xlsx")
    p = merge.plan(understood.base, theirs, update_action(m, one, stage_id="a"))
    (change,) = p.changes
    assert change.conflict and change.line("ru") == (
        'Действие «=HYPERLINK("http://x") call back», этап: «Осмысление» → «Сделка»')
    assert (change.shown(change.base, "ru"), change.shown(change.ours, "ru")) == ("«Оценка»", "«Осмысление»")
    status = merge.Change("action:x:status", "action", (merge.Option(merge.WORKBOOK, "done"),), ours="in_progress",
                          part="status")
    assert status.shown(status.ours, "en") == "in progress"
