"""The Excel export (docs/xlsx-format.md): sheets, Data contract, _cjm, security, layout, charts, size."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, LineChart

from cjm import levels
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.model import SCHEMA_VERSION, Map
from cjm.templates import list_templates, load_template
from cjm.xlsx.export import data_table, export_xlsx
from cjm.xlsx.settings import EXCEL_CELL_CHARS, MAGIC
from cjm.xlsx.style import chunks, sheet_text
from tests.conftest import make_map_dict

SHEETS = {"en": ["Map", "Scores", "Data", "About", "Actions", "_cjm"],
          "ru": ["Карта", "Оценки", "Данные", "О карте", "План действий", "_cjm"]}


def _colour(level: str, part: str) -> str:
    """A level's colour as the workbook holds it: from cjm.levels, the one home of level colours."""
    return levels.excel_colour(getattr(levels.STYLES[level], part))


def _load(m: Map) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))


def _hidden_json(wb: openpyxl.Workbook) -> object:
    ws = wb["_cjm"]
    assert ws["A1"].value == MAGIC
    assert ws["A2"].value == str(SCHEMA_VERSION)
    cells = [ws.cell(row=r, column=1) for r in range(3, ws.max_row + 1)]
    assert all(c.data_type == "s" and len(c.value) <= 30_000 for c in cells)
    return json.loads("".join(c.value for c in cells))


def _data_rows(wb: openpyxl.Workbook, language: str = "en") -> tuple[list, list]:
    ws = wb[SHEETS[language][2]]
    rows = list(ws.iter_rows(values_only=True))
    keys = list(rows[1])
    return keys, [dict(zip(keys, row, strict=True)) for row in rows[2:]]


@pytest.fixture(scope="module")
def saas() -> Map:
    return load_template("saas_demo", "en")


@pytest.fixture(scope="module")
def saas_wb(saas: Map) -> openpyxl.Workbook:
    return _load(saas)


@pytest.mark.parametrize("template", list_templates(), ids=lambda tpl: f"{tpl.id}.{tpl.language}")
def test_every_template_exports_and_reloads(template) -> None:
    m = load_template(template.id, template.language)
    wb = _load(m)
    assert wb.sheetnames == SHEETS[m.language]
    assert wb["_cjm"].sheet_state == "veryHidden"
    assert all(wb[name].sheet_state == "visible" for name in SHEETS[m.language][:4])
    assert _hidden_json(wb) == map_to_dict(m)
    keys, rows = _data_rows(wb, m.language)
    assert [row["stage_id"] for row in rows] == [stage.id for stage in m.stages]
    assert [row["stage"] for row in rows] == [stage.name for stage in m.stages]


def test_data_sheet_keys_and_values(saas: Map, saas_wb: openpyxl.Workbook) -> None:
    ws = saas_wb["Data"]
    keys, rows = _data_rows(saas_wb)
    assert keys == ["stage_id", "stage", "v:actions", "v:touchpoints", "v:goals", "v:emotion", "w:emotion",
                    "v:importance", "v:pain_points", "v:expectations", "v:recommendations",
                    *(f"e:{lane.key}" for lane in saas.lanes)]  # evidence marks, one column per lane
    assert [c.value for c in ws[1]][:2] == ["Stage id", "Stage"]
    assert [c.value for c in ws[1]][11] == "Actions (evidence)"
    assert [c.value for c in ws[1]][5:7] == ["Emotions", "Emotions (words)"]
    assert [row["v:importance"] for row in rows] == [3, 5, 4, 5]
    assert [row["v:emotion"] for row in rows] == [-1, -2, 1, 2]
    assert all(isinstance(row["v:importance"], int) and isinstance(row["v:emotion"], int) for row in rows)
    assert rows[1]["v:actions"] == "\n".join(saas.stages[1].values["actions"])
    assert rows[0]["w:emotion"] == saas.stages[0].values["emotion"]["words"]
    assert len(rows) == 4
    # the workbook holds exactly what data_table says (the import side compares with it)
    _, table_keys, table_rows = data_table(saas)
    assert table_keys == keys
    assert [[row[k] for k in keys] for row in rows] == table_rows


def test_data_sheet_validations(saas_wb: openpyxl.Workbook) -> None:
    ws = saas_wb["Data"]
    found = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        found[str(dv.sqref)] = dv.formula1
    assert found["H3:H206"] == '"1,2,3,4,5"'  # importance: 4 stages + 200 spare rows
    assert found["F3:F206"] == '"-2,-1,0,1,2"'  # emotion


def test_choice_lane_validation_and_empty_cells() -> None:
    m = map_from_dict(make_map_dict())
    wb = _load(m)
    keys, rows = _data_rows(wb)
    assert "v:channel" in keys and "v:metrics" in keys
    assert rows[2]["v:metrics"] == 120
    assert rows[2]["v:importance"] is None and rows[2]["v:emotion"] is None  # unrated: empty cells
    assert rows[0]["v:actions"] is None
    column = openpyxl.utils.get_column_letter(keys.index("v:channel") + 1)
    formulas = {str(dv.sqref): dv.formula1 for dv in wb["Data"].data_validations.dataValidation}
    reference = formulas[f"{column}3:{column}205"]
    sheet, cells = reference.rsplit("!", 1)
    assert sheet == "'About'"
    first, last = (int(part.split("$")[-1]) for part in cells.split(":"))
    assert [wb["About"].cell(row=r, column=2).value for r in range(first, last + 1)] == ["email", "phone"]


_GENERATED = re.compile(r'=(?:[A-Z0-9$:!(),.+\-*/^<>=]|""|\'Data\'!)*')


def assert_generated(formula: str) -> None:
    """A formula we generated: functions, cell references ('Data'!H3), numbers and "" only: no user text."""
    assert _GENERATED.fullmatch(formula), formula


INJECTIONS = ["=HYPERLINK(\"http://evil\",\"x\")", "=1+2", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "#N/A", "=", "-"]


def test_formula_injection_stays_text() -> None:
    doc = make_map_dict()
    doc["stages"] = [
        {"id": f"s{k}", "name": text,
         "values": {"actions": [text, "ok"], "goals": text, "emotion": {"score": None, "words": text}}}
        for k, text in enumerate(INJECTIONS)
    ]
    doc["lanes"][0]["label"] = "=cmd|' /C calc'!A0"
    m = map_from_dict(doc)
    wb = _load(m)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if ws.title == "Scores" and cell.data_type == "f":
                    assert_generated(cell.value)  # our own formulas: cell references and numbers only
                else:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    keys, rows = _data_rows(wb)
    data = wb["Data"]
    for r, text in enumerate(INJECTIONS, start=3):
        shown = sheet_text(text)  # "\rx" is written "\nx": XML turns a raw CR into LF
        assert shown == (text if "\r" not in text else text.replace("\r", "\n"))
        for key, expected in (("stage", shown), ("v:goals", shown), ("v:actions", f"{shown}\nok"),
                              ("w:emotion", shown)):
            cell = data.cell(row=r, column=keys.index(key) + 1)
            assert cell.data_type == "s" and cell.value == expected
    ws = wb["Map"]
    assert ws["B7"].value == "=cmd|' /C calc'!A0" and ws["B7"].data_type == "s"
    for column, text in enumerate(INJECTIONS, start=3):
        header = ws.cell(row=5, column=column)
        assert header.data_type == "s" and header.value == f"{column - 2}. {sheet_text(text)}"
        actions = ws.cell(row=7, column=column)
        assert actions.data_type == "s" and actions.value == f"• {sheet_text(text)}\n• ok"
        goals = ws.cell(row=8, column=column)
        assert goals.data_type == "s" and goals.value == sheet_text(text)
    assert _hidden_json(wb) == map_to_dict(m)


def test_control_characters_become_replacement_in_sheets_but_stay_exact_in_cjm() -> None:
    """The model refuses such text (cjm.validation.unstorable); the export still never writes a broken file."""
    m = map_from_dict(make_map_dict())
    weird = "a\x00b\x07c\x1bd\ud800e\uffff\u2028f"
    first = m.stages[0].model_copy(update={"name": weird, "values": {**m.stages[0].values, "goals": weird}})
    m = m.model_copy(update={"title": weird, "stages": [first, *m.stages[1:]]})  # past the model's checks
    wb = _load(m)
    keys, rows = _data_rows(wb)
    assert rows[0]["stage"] == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd\u2028f"
    assert rows[0]["v:goals"] == sheet_text(weird)
    assert wb["About"]["B1"].value == sheet_text(weird)
    assert _hidden_json(wb) == map_to_dict(m)
    assert map_to_dict(m)["stages"][0]["name"] == weird


def test_long_cell_survives_in_data_and_cjm() -> None:
    doc = make_map_dict()
    long_text = ("=Ünïcødé 😀 line\n" * 2000)[:20_000]
    doc["stages"][1]["values"]["goals"] = long_text
    m = map_from_dict(doc)
    wb = _load(m)
    keys, rows = _data_rows(wb)
    assert rows[1]["v:goals"] == long_text
    assert _hidden_json(wb) == map_to_dict(m)


def test_sheet_text_fits_excel_cell_limit() -> None:
    assert sheet_text("x" * 40_000) == "x" * (EXCEL_CELL_CHARS - 1) + "…"
    cut = sheet_text("😀" * 20_000)
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_CELL_CHARS and cut.endswith("…")
    assert sheet_text("a\r\nb\rc") == "a\nb\nc"
    assert sheet_text(sheet_text("q\x00" * 20_000)) == sheet_text("q\x00" * 20_000)


def test_chunks_respect_utf16_units() -> None:
    text = "😀" * 40_000 + "abc"
    pieces = list(chunks(text))
    assert "".join(pieces) == text
    assert all(len(piece.encode("utf-16-le")) // 2 <= 30_000 for piece in pieces)
    assert list(chunks("")) == []


def test_map_sheet_layout(saas: Map, saas_wb: openpyxl.Workbook) -> None:
    ws = saas_wb["Map"]
    assert ws.freeze_panes == "C7"
    assert ws.print_title_rows == "$5:$6" and ws.print_title_cols == "$B:$B"
    assert ws.column_dimensions["C"].width == 34 and ws.column_dimensions["A"].hidden
    assert ws.row_dimensions[4].hidden  # the stage ids
    assert [ws.cell(row=r, column=1).value for r in range(1, 7)] == [
        "title", "persona", "date", "cjm-map-sheet", "stage", "level"]
    assert ws["B1"].value == saas.title and ws["B2"].value == f"Persona: {saas.persona}"
    assert ws["B3"].value == f"Updated: {saas.updated:%Y-%m-%d}"
    assert [ws.cell(row=4, column=c).value for c in range(3, 7)] == [stage.id for stage in saas.stages]
    assert ws["D5"].value == "2. Comparing options"
    assert ws["D6"].value == "CRITICAL · 100 🔴" and ws["C6"].value == "WARNING · 45 🟠"
    assert ws["C5"].alignment.wrap_text and ws["D7"].alignment.wrap_text
    labels = [ws.cell(row=r, column=2).value for r in range(7, 15)]
    assert labels == [lane.label for lane in saas.lanes]
    assert [ws.cell(row=r, column=1).value for r in range(7, 15)] == [f"v:{lane.key}" for lane in saas.lanes]
    # stage 2 (column D) is critical: tinted as cjm.levels says; stage 3 (column E) is ok: no fill
    assert ws["D7"].fill.fgColor.rgb.endswith(_colour("critical", "print_tint"))
    assert ws["D5"].fill.fgColor.rgb.endswith(_colour("critical", "print_header"))
    assert ws["D6"].fill.fgColor.rgb.endswith(_colour("critical", "print_header"))
    assert ws["E7"].fill.fill_type is None
    assert ws["C7"].fill.fgColor.rgb.endswith(_colour("warning", "print_tint"))  # stage 1: warning
    # the emotion row: coloured by score, the score with its sign first, the emoji last, then the words
    emotion_row = labels.index("Emotions") + 7
    assert ws.cell(row=emotion_row, column=4).value.startswith("−2 (very negative) 😡\n")
    assert ws.cell(row=emotion_row, column=4).fill.fgColor.rgb.endswith("F8696B")
    assert ws.cell(row=emotion_row, column=6).fill.fgColor.rgb.endswith("63BE7B")
    assert ws.cell(row=labels.index("Importance") + 7, column=3).value == "★★★☆☆ 3/5"
    # the legend below the table: the level as a word (any font prints it) with its colour, and its meaning
    legend_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "legend")
    assert ws.cell(row=legend_row, column=2).value == "Legend"
    words = {ws.cell(row=r, column=2).value: r for r in range(legend_row + 1, legend_row + 5)}
    assert list(words) == ["CRITICAL 🔴", "WARNING 🟠", "OK 🟢", "UNRATED ⚪"]
    assert ws.cell(row=words["CRITICAL 🔴"], column=2).fill.fgColor.rgb.endswith(_colour("critical", "print_header"))
    assert ws.cell(row=words["CRITICAL 🔴"], column=3).value == "score ≥ 70: a bottleneck, fix first"
    assert ws.cell(row=legend_row + 1, column=4).value == "−2 😡"
    assert ws.cell(row=legend_row + 1, column=5).value == "very negative"


def test_map_sheet_in_russian() -> None:
    m = load_template("saas_demo", "ru")
    ws = _load(m)["Карта"]
    assert ws["B1"].value == m.title and ws["B2"].value == f"Персона: {m.persona}"
    assert ws["D6"].value == "КРИТИЧНО · 100 🔴"
    assert ws["B3"].value == f"Изменена: {m.updated:%d.%m.%Y}"
    assert any(ws.cell(row=r, column=2).value == "Легенда" for r in range(1, ws.max_row + 1))


def test_the_version_exported_is_in_the_date_row_and_the_hidden_sheet(saas: Map) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(saas, version=12)))
    assert wb["Map"]["B3"].value == f"Updated: {saas.updated:%Y-%m-%d} · version 12"
    assert wb["_cjm"]["B1"].value == "version" and wb["_cjm"]["B2"].value == "12"
    assert _load(saas)["_cjm"]["B2"].value is None


def test_scores_sheet(saas_wb: openpyxl.Workbook) -> None:
    ws = saas_wb["Scores"]
    assert [c.value for c in ws[4]][:7] == ["Rank", "Stage", "Importance", "Emotion", "Score", "Level", "Why"]
    assert ws["A1"].value == "CJM demo: sales automation SaaS"
    assert all(str(ws.cell(row=5, column=c).value).startswith("=INDEX(") for c in range(1, 8))  # recalculates
    legend = {ws.cell(row=r, column=2).value: r for r in range(1, 20) if ws.cell(row=r, column=2).value}
    assert ws.cell(row=legend["CRITICAL 🔴"], column=3).value == 70
    assert ws.cell(row=legend["WARNING 🟠"], column=3).value == 40
    charts = ws._charts
    assert len(charts) == 2
    line = next(c for c in charts if isinstance(c, LineChart))
    assert sum(isinstance(c, BarChart) for c in charts) == 1
    assert line.series[0].smooth is False  # a straight line between stages, never an overshoot
    assert (line.y_axis.scaling.min, line.y_axis.scaling.max) == (-3, 3)  # −2…+2 with room
    assert line.x_axis.tickLblPos == "low"  # stage names below the plot area
    assert line.visible_cells_only is False  # it plots hidden helper columns


def test_about_sheet(saas: Map, saas_wb: openpyxl.Workbook) -> None:
    ws = saas_wb["About"]
    pairs = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    assert pairs["Title"] == saas.title
    assert pairs["Persona"] == saas.persona
    assert pairs["Stages"] == 4
    assert pairs["Critical from"] == 70 and pairs["Warning from"] == 40
    assert pairs["Updated"] == saas.updated.strftime("%Y-%m-%d %H:%M UTC")
    assert "100 × (I/5)" in pairs["Formula"]
    assert "CRITICAL 🔴" in pairs


def test_same_map_same_content(saas: Map) -> None:
    def content(wb: openpyxl.Workbook) -> list:
        return [[c.value for row in ws.iter_rows() for c in row] for ws in wb.worksheets]

    assert content(_load(saas)) == content(_load(saas))


def test_unrated_and_empty_map() -> None:
    doc = make_map_dict(stages=[])
    wb = _load(map_from_dict(doc))
    keys, rows = _data_rows(wb)
    assert rows == [] and keys[0] == "stage_id"
    assert len(wb["Scores"]._charts) == 2


def test_500_stages_export_quickly() -> None:
    doc = make_map_dict()
    doc["stages"] = [
        {"id": f"s{k}", "name": f"Stage {k}",
         "values": {"importance": k % 5 + 1, "emotion": {"score": k % 5 - 2, "words": "w" * 50},
                    "actions": [f"action {k}", "another"], "goals": "g" * 200, "metrics": 1000 - k,
                    "channel": "email"}}
        for k in range(500)
    ]
    doc["stages"][7]["values"]["goals"] = "x" * 20_000
    m = map_from_dict(doc)
    started = time.perf_counter()
    data = export_xlsx(m)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed  # a smoke bound only
    wb = openpyxl.load_workbook(io.BytesIO(data))
    keys, rows = _data_rows(wb)
    assert len(rows) == 500
    assert rows[7]["v:goals"] == "x" * 20_000
    assert _hidden_json(wb) == map_to_dict(m)


# --- the workshop sheet ------------------------------------------------------------------------------
def _workshop_map(language: str = "en") -> Map:
    from datetime import UTC, datetime

    from cjm.workshop import RoomNote, RoomVote, accept

    m = map_from_dict(make_map_dict(language=language))
    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    people = {"p1": "Anna", "p2": "Boris", "p3": "=HYPERLINK(\"http://x\")"}
    votes = [RoomVote("p1", "a", 1, -2), RoomVote("p2", "a", 5, -2), RoomVote("p3", "a", 3, None),
             RoomVote("p1", "b", 4, 1)]
    notes = [RoomNote("n1", "p1", "a", "pain", "=1+1 waiting", at), RoomNote("n2", "p3", "b", "question", "Who?", at)]
    changed, _ = accept(m, code="ABC234", opened=at, accepted=at, participants=people, votes=votes, notes=notes)
    return changed


def test_the_workshop_is_a_sheet_with_votes_means_spreads_notes_and_participants() -> None:
    m = _workshop_map()
    wb = _load(m)
    assert wb.sheetnames == ["Map", "Scores", "Data", "About", "Workshop", "Actions", "_cjm"]
    rows = [tuple(r) for r in wb["Workshop"].iter_rows(values_only=True)]
    assert rows[2][:5] == ("ABC234", "2026-11-23 10:00 UTC", "2026-11-23 10:00 UTC", 3, 2)
    by_stage = rows.index(("Votes by stage",) + (None,) * (len(rows[0]) - 1))
    assert rows[by_stage + 1][:7] == ("Stage", "Votes", "Importance, mean", "Importance, spread (σ)",
                                      "Emotion, mean", "Emotion, spread (σ)", "Discuss")
    assert rows[by_stage + 2][:7] == ("Осмысление", 3, 3, 1.63, -2, 0, "yes")  # 1, 5, 3: the room disagrees
    assert rows[by_stage + 3][:7] == ("Оценка", 1, 4, 0, 1, 0, None)
    assert rows[by_stage + 4][:2] == ("Сделка", 0)
    flat = [cell for row in rows for cell in row if cell is not None]
    assert "Every vote" in flat and "Boris" in flat
    assert "=1+1 waiting" in flat and "Who?" in flat and "Pain points & barriers" in flat
    for row in wb["Workshop"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"  # a note or a name that looks like a formula stays text


def test_no_workshop_no_sheet_and_the_russian_sheet_name() -> None:
    assert "Workshop" not in _load(map_from_dict(make_map_dict())).sheetnames
    assert "Воркшоп" in _load(_workshop_map("ru")).sheetnames


def test_a_workshop_map_comes_back_exactly_from_its_workbook() -> None:
    from cjm.xlsx.read import read_table

    m = _workshop_map()
    back, _ = read_table(export_xlsx(m), "map.xlsx", "en")
    assert map_to_dict(back) == map_to_dict(m)
    assert back.workshops[0].participants == ["=HYPERLINK(\"http://x\")", "Anna", "Boris"]


def test_levels_come_from_their_one_home() -> None:
    """No level name, colour or bottleneck rule of its own in cjm/xlsx: all of it comes from cjm.levels."""
    import cjm.xlsx

    for path in Path(cjm.xlsx.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8").replace('errorStyle="warning"', "")  # a dropdown's kind of alert
        for literal in ('"critical"', '"warning"', "'critical'", "'warning'", '"level.', "LEVEL_FILL"):
            assert literal not in source, (path.name, literal)


def test_russian_scores_and_about_name_levels_with_word_and_icon() -> None:
    wb = _load(load_template("saas_demo", "ru"))
    about = [wb["О карте"].cell(row=r, column=1).value for r in range(1, wb["О карте"].max_row + 1)]
    assert "КРИТИЧНО 🔴" in about and "ВНИМАНИЕ 🟠" in about and "НОРМА 🟢" in about and "НЕ ОЦЕНЁН ⚪" in about
    scores = wb["Оценки"]
    legend = {scores.cell(row=r, column=2).value: r for r in range(1, 20)}
    assert scores.cell(row=legend["КРИТИЧНО 🔴"], column=2).fill.fgColor.rgb.endswith(
        _colour("critical", "print_header"))


def test_the_same_map_gives_the_same_file(saas: Map, monkeypatch) -> None:
    """openpyxl stamps the time of saving into the file; the export stamps the map's last change instead."""
    import datetime as dt
    import types

    import openpyxl.writer.excel as writer

    first = export_xlsx(saas)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    real_time = time.time
    monkeypatch.setattr(writer, "datetime", types.SimpleNamespace(datetime=Later, timezone=dt.timezone))
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 * 400)  # the zip entries' clock, a year on
    assert export_xlsx(saas) == first
