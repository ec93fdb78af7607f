"""Export a map as an Excel workbook (xlsx): the contract is docs/xlsx-format.md.

Sheets, in order (titles in the map's language, fixed words, never user text):

* **Map** — stages as columns, lanes as rows, for people and printing;
* **Scores** — the ranked table, a line chart of the emotion curve and a bar chart of priority;
* **Data** — tidy and machine-readable (row 1 headers, row 2 keys, one row per stage from row 3):
  the source for re-import;
* **About** — title, persona, dates, scoring method and formula, thresholds, legend, choice options;
* **_cjm** — very hidden: the exact map as compact JSON in chunks.

Security: every piece of user text is written as a string cell (``data_type = "s"`` after the value), so
text such as ``=HYPERLINK(...)``, ``+1``, ``-x``, ``@x`` stays literal; no cell holds a formula.

Characters XML cannot hold: openpyxl refuses control characters other than tab, LF and CR
(``IllegalCharacterError``), and lone surrogates, U+FFFE and U+FFFF make a file that does not load.
In the visible sheets they become U+FFFD; CR and CRLF become LF (an XML parser turns a raw CR into LF
anyway, so the cell then reads back exactly as written). A cell longer than Excel's 32,767 characters
(UTF-16 units) is cut with "…". The ``_cjm`` JSON keeps the exact text: ``json.dumps`` escapes control
characters (``\\u0000``), and lone surrogates / U+FFFE / U+FFFF are written as ``\\uXXXX`` escapes.
:func:`sheet_text` and :func:`data_table` are public so the import side can compare a Data cell with
exactly what the export wrote.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import emotion as emotion_scale
from ..cells import cell_text, stars
from ..i18n import t
from ..lanes import LaneType
from ..mapfile import map_to_dict
from ..model import Lane, Map
from ..scoring import StageScore, score_map
from ..workshop import DISCUSS_SPREAD, mean_spread

MAGIC = "cjm-studio-map"
CHUNK_CHARS = 30_000  # the _cjm JSON per cell (also at most this many UTF-16 units)
EXCEL_CELL_CHARS = 32_767  # Excel's limit of one cell, in UTF-16 units
SPARE_ROWS = 200  # Data rows with validations below the stages, for stages a colleague adds
STAGE_WIDTH = 34
LANE_WIDTH = 26

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "sheet.map": "Map", "sheet.scores": "Scores", "sheet.data": "Data", "sheet.about": "About",
        "map.corner": "Lane \\ Stage", "legend": "Legend", "words": "(words)",
        "stage_id": "Stage id", "stage": "Stage", "hidden": "(hidden)",
        "rank": "Rank", "importance": "Importance", "emotion": "Emotion", "score": "Score", "level": "Level",
        "why": "Why", "number": "#", "priority": "Priority", "chart.emotion": "Emotion curve",
        "chart.priority": "Priority by stage",
        "title": "Title", "description": "Description", "persona": "Persona", "kind": "Kind", "cyclic": "Cyclic",
        "language": "Language", "created": "Created", "updated": "Updated", "stages": "Stages", "lanes": "Lanes",
        "method": "Scoring method", "formula": "Formula", "funnel": "Funnel rule",
        "weights": "Weights (importance / emotion / funnel)", "critical_at": "Critical from",
        "warning_at": "Warning from", "options": "Options of choice lanes", "yes": "yes", "no": "no",
        "meaning.critical": "score ≥ {critical}: a bottleneck, fix first",
        "meaning.warning": "score {warning}…{critical}: needs attention",
        "meaning.ok": "score below {warning}: fine",
        "meaning.unrated": "no importance or no emotion: not scored",
        "formula.priority": "score = 100 × (I/5)^wi × ((2 − E)/4)^we; I = importance 1…5, E = emotion −2…+2",
        "formula.opportunity": "S = E + 3; O = I + max(I − S, 0) (1…9); "
                               "score = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
        "formula.funnel": "with customer counts: score = base + f × drop-off × (100 − base)",
        "note.data": "Data: row 2 holds the machine keys; edit cells, add or remove stage rows, then import.",
        "sheet.workshop": "Workshop", "ws.workshops": "Workshops", "ws.code": "Room code", "ws.opened": "Opened",
        "ws.accepted": "Accepted", "ws.participants": "Participants", "ws.votes": "Votes",
        "ws.importance_mean": "Importance, mean", "ws.importance_spread": "Importance, spread (σ)",
        "ws.emotion_mean": "Emotion, mean", "ws.emotion_spread": "Emotion, spread (σ)", "ws.discuss": "Discuss",
        "ws.by_stage": "Votes by stage", "ws.all_votes": "Every vote", "ws.participant": "Participant",
        "ws.notes": "Notes", "ws.lane": "Lane", "ws.note": "Note",
    },
    "ru": {
        "sheet.map": "Карта", "sheet.scores": "Оценки", "sheet.data": "Данные", "sheet.about": "О карте",
        "map.corner": "Строка \\ Этап", "legend": "Легенда", "words": "(слова)",
        "stage_id": "ID этапа", "stage": "Этап", "hidden": "(скрыта)",
        "rank": "Место", "importance": "Важность", "emotion": "Эмоция", "score": "Балл", "level": "Уровень",
        "why": "Почему", "number": "№", "priority": "Приоритет", "chart.emotion": "Кривая эмоций",
        "chart.priority": "Приоритет по этапам",
        "title": "Название", "description": "Описание", "persona": "Персона", "kind": "Тип", "cyclic": "Цикл",
        "language": "Язык", "created": "Создана", "updated": "Изменена", "stages": "Этапов", "lanes": "Строк",
        "method": "Метод оценки", "formula": "Формула", "funnel": "Правило воронки",
        "weights": "Веса (важность / эмоция / воронка)", "critical_at": "Критично от",
        "warning_at": "Внимание от", "options": "Варианты строк-выборов", "yes": "да", "no": "нет",
        "meaning.critical": "балл ≥ {critical}: узкое место, исправлять в первую очередь",
        "meaning.warning": "балл {warning}…{critical}: требует внимания",
        "meaning.ok": "балл ниже {warning}: в порядке",
        "meaning.unrated": "нет важности или эмоции: не оценён",
        "formula.priority": "балл = 100 × (I/5)^wi × ((2 − E)/4)^we; I — важность 1…5, E — эмоция −2…+2",
        "formula.opportunity": "S = E + 3; O = I + max(I − S, 0) (1…9); "
                               "балл = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
        "formula.funnel": "при числе клиентов: балл = база + f × отток × (100 − база)",
        "note.data": "Данные: строка 2 — машинные ключи; правьте ячейки, добавляйте или удаляйте этапы, "
                     "затем импортируйте.",
        "sheet.workshop": "Воркшоп", "ws.workshops": "Воркшопы", "ws.code": "Код комнаты", "ws.opened": "Открыт",
        "ws.accepted": "Перенесён в карту", "ws.participants": "Участников", "ws.votes": "Голосов",
        "ws.importance_mean": "Важность, среднее", "ws.importance_spread": "Важность, разброс (σ)",
        "ws.emotion_mean": "Эмоция, среднее", "ws.emotion_spread": "Эмоция, разброс (σ)", "ws.discuss": "Обсудить",
        "ws.by_stage": "Голоса по этапам", "ws.all_votes": "Все голоса", "ws.participant": "Участник",
        "ws.notes": "Заметки", "ws.lane": "Строка", "ws.note": "Заметка",
    },
}

LEVEL_FILL = {"critical": "F8CBAD", "warning": "FFE699", "ok": "C6EFCE", "unrated": "EDEDED"}
LEVEL_HEADER_FILL = {"critical": "F4B084", "warning": "FFD966", "ok": "E2EFDA", "unrated": "F2F2F2"}
EMOTION_FILL = {-2: "F8696B", -1: "FBAA77", 0: "FFEB84", 1: "B1D580", 2: "63BE7B"}
HEADER_FILL = "D9E1F2"

_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)
_GREY = Font(color="808080", italic=True)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_JSON_BAD = re.compile("[\ud800-\udfff\ufffe\uffff]")  # json.dumps already escapes control characters


def _w(language: str, key: str, **params: Any) -> str:
    text = WORDS.get(language, WORDS["en"])[key]
    return text.format(**params) if params else text


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def sheet_text(text: str) -> str:
    """``text`` as a visible sheet cell holds it (see the module docstring): XML-safe, LF line breaks,
    at most 32,767 UTF-16 units."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_BAD.sub("\ufffd", text)
    if len(text) > EXCEL_CELL_CHARS // 2 and _utf16_len(text) > EXCEL_CELL_CHARS:
        text = next(chunks(text, EXCEL_CELL_CHARS - 1)) + "…"
    return text


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (an estimate)."""
    return sum(max(1, -(-len(line) // max(1, width - 2))) for line in str(text).split("\n")) if text else 1


def _height(lines: int) -> float:
    return min(409.0, 15.0 * max(1, lines) + 3)  # points; 409 is the spreadsheet maximum


def _style_cache() -> Callable[..., None]:
    """Style cells fast: the first cell of each combination is styled, the others copy its style array.

    (openpyxl hashes and registers every style attribute on assignment: the slow part of an export.)
    """
    cache: dict[tuple[tuple[str, int], ...], Any] = {}

    def apply(cell: Cell, **attributes: Any) -> None:
        key = tuple((name, id(value)) for name, value in attributes.items())
        cached = cache.get(key)
        if cached is None:
            for name, value in attributes.items():
                setattr(cell, name, value)
            cache[key] = copy(cell._style)
        else:
            cell._style = copy(cached)

    return apply


def _print_setup(ws: Worksheet) -> None:
    """Landscape, as wide as the page, as many pages down as it takes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a cell; text always as a string cell (never a formula or an error code)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = sheet_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


# --- Data ------------------------------------------------------------------------------------------
def data_columns(m: Map) -> list[tuple[str, str, Lane | None, str]]:
    """The Data sheet's columns: (header, key, lane, part) with part "id", "name", "v" or "w"."""
    language = m.language
    columns: list[tuple[str, str, Lane | None, str]] = [
        (_w(language, "stage_id"), "stage_id", None, "id"),
        (_w(language, "stage"), "stage", None, "name"),
    ]
    for lane in m.lanes:
        label = f"{lane.label} {_w(language, 'hidden')}" if lane.hidden else lane.label
        columns.append((label, f"v:{lane.key}", lane, "v"))
        if lane.type is LaneType.EMOTION:
            columns.append((f"{label} {_w(language, 'words')}", f"w:{lane.key}", lane, "w"))
    return columns


def data_value(lane: Lane, value: Any, part: str = "v") -> Any:
    """What a Data cell holds for a lane's value (before :func:`sheet_text` for text): None when empty."""
    if value is None:
        return None
    kind = lane.type
    if kind is LaneType.EMOTION:
        return (value["words"] or None) if part == "w" else value["score"]
    if kind is LaneType.LIST:
        return "\n".join(value)
    return value  # text, choice option, importance 1–5, number


def data_table(m: Map) -> tuple[list[str], list[str], list[list[Any]]]:
    """(headers, keys, rows) of the Data sheet, text already as the sheet holds it (:func:`sheet_text`)."""
    columns = data_columns(m)
    rows = []
    for stage in m.stages:
        row: list[Any] = []
        for _, _, lane, part in columns:
            if part == "id":
                value: Any = stage.id
            elif part == "name":
                value = stage.name
            else:
                assert lane is not None
                value = data_value(lane, stage.values.get(lane.key), part)
            row.append(sheet_text(value) if isinstance(value, str) else value)
        rows.append(row)
    return [c[0] for c in columns], [c[1] for c in columns], rows


# --- the workbook ----------------------------------------------------------------------------------
def export_xlsx(m: Map) -> bytes:
    """The whole workbook (docs/xlsx-format.md) as the bytes of an xlsx file."""
    language = m.language
    scores = score_map(m)
    by_stage = {s.stage_id: s for s in scores}
    wb = Workbook()
    wb.properties.creator = "CJM Studio"
    wb.properties.title = sheet_text(m.title)
    wb.properties.created = m.created.replace(tzinfo=None)
    map_ws = wb.active
    map_ws.title = _w(language, "sheet.map")
    scores_ws = wb.create_sheet(_w(language, "sheet.scores"))
    data_ws = wb.create_sheet(_w(language, "sheet.data"))
    about_ws = wb.create_sheet(_w(language, "sheet.about"))
    workshop_ws = wb.create_sheet(_w(language, "sheet.workshop")) if has_workshop(m) else None
    hidden_ws = wb.create_sheet("_cjm")

    _map_sheet(map_ws, m, by_stage)
    _scores_sheet(scores_ws, m, scores)
    option_ranges = _about_sheet(about_ws, m)
    _data_sheet(data_ws, m, option_ranges)
    if workshop_ws is not None:
        _workshop_sheet(workshop_ws, m)
    for ws in (scores_ws, about_ws, data_ws, workshop_ws):
        if ws is not None:
            _print_setup(ws)
    _hidden_sheet(hidden_ws, m)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header(level: str, score: StageScore | None, language: str) -> str:
    mark = t(f"level.{level}", language).split(" ", 1)[0]
    if score is None or score.score is None:
        return f"{mark} —"
    shown = f"{score.score:g}"
    return f"{mark} {shown.replace('.', ',') if language == 'ru' else shown}"


def _emotion_text(value: dict[str, Any], language: str) -> str:
    parts = []
    if value["score"] is not None:
        words = emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])[value["score"]]
        parts.append(f"{emotion_scale.label(value['score'])} ({words})")
    if value["words"]:
        parts.append(value["words"])
    return "\n".join(parts)


def _map_cell(lane: Lane, value: Any, language: str) -> str:
    if value is None:
        return ""
    if lane.type is LaneType.EMOTION:
        return _emotion_text(value, language)
    if lane.type is LaneType.IMPORTANCE:
        return f"{stars(value)} {value}/5"
    return cell_text(lane, value)


def _map_sheet(ws: Worksheet, m: Map, by_stage: dict[str, StageScore]) -> None:
    style = _style_cache()
    language = m.language
    lanes = [lane for lane in m.lanes if not lane.hidden]
    levels = [by_stage[stage.id].level if stage.id in by_stage else "unrated" for stage in m.stages]

    corner = _put(ws, 1, 1, _w(language, "map.corner"))
    corner.font, corner.fill, corner.alignment = _BOLD, _fill(HEADER_FILL), _WRAP
    ws.column_dimensions["A"].width = LANE_WIDTH
    header_fill = _fill(HEADER_FILL)
    column_fills = {level: _fill(color) for level, color in LEVEL_FILL.items()}
    header_fills = {level: _fill(color) for level, color in LEVEL_HEADER_FILL.items()}
    emotion_fills = {score: _fill(color) for score, color in EMOTION_FILL.items()}
    for index, (stage, level) in enumerate(zip(m.stages, levels, strict=True), start=2):
        text = f"{index - 1}. {stage.name}\n{_header(level, by_stage.get(stage.id), language)}"
        cell = _put(ws, 1, index, text)
        cell.font, cell.alignment = _BOLD, _WRAP
        cell.fill = header_fills[level] if level in ("critical", "warning") else header_fill
        ws.column_dimensions[get_column_letter(index)].width = STAGE_WIDTH

    for row, lane in enumerate(lanes, start=2):
        label = _put(ws, row, 1, lane.label)
        label.font, label.fill, label.alignment = _BOLD, header_fill, _WRAP
        lines = _lines(lane.label, LANE_WIDTH)
        for index, (stage, level) in enumerate(zip(m.stages, levels, strict=True), start=2):
            value = stage.values.get(lane.key)
            text = _map_cell(lane, value, language)
            lines = max(lines, _lines(text, STAGE_WIDTH))
            cell = _put(ws, row, index, text)
            if lane.type is LaneType.EMOTION and value is not None and value["score"] is not None:
                style(cell, alignment=_WRAP, fill=emotion_fills[value["score"]])
            elif level in ("critical", "warning"):
                style(cell, alignment=_WRAP, fill=column_fills[level])
            else:
                style(cell, alignment=_WRAP)
        ws.row_dimensions[row].height = _height(lines)  # spreadsheet apps do not grow wrapped rows by themselves

    row = len(lanes) + 3
    _put(ws, row, 1, _w(language, "legend")).font = _BOLD
    for offset, (level, meaning) in enumerate(_legend(m), start=1):
        cell = _put(ws, row + offset, 1, t(f"level.{level}", language))
        cell.fill = column_fills[level]
        _put(ws, row + offset, 2, meaning)
    for offset, score in enumerate(emotion_scale.SCALE, start=len(_legend(m)) + 1):
        cell = _put(ws, row + offset, 1, emotion_scale.label(score))
        cell.fill = emotion_fills[score]
        _put(ws, row + offset, 2, emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])[score])

    ws.row_dimensions[1].height = _height(max(_lines(c.value or "", STAGE_WIDTH) for c in ws[1]))
    ws.freeze_panes = "B2"
    _print_setup(ws)
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"


def _legend(m: Map) -> list[tuple[str, str]]:
    settings, language = m.scoring, m.language
    critical, warning = f"{settings.critical_at:g}", f"{settings.warning_at:g}"
    return [(level, _w(language, f"meaning.{level}", critical=critical, warning=warning))
            for level in ("critical", "warning", "ok", "unrated")]


def _scores_sheet(ws: Worksheet, m: Map, scores: list[StageScore]) -> None:
    language = m.language
    heads = ["rank", "stage", "importance", "emotion", "score", "level", "why"]
    for column, key in enumerate(heads, start=1):
        cell = _put(ws, 1, column, _w(language, key))
        cell.font, cell.fill = _BOLD, _fill(HEADER_FILL)
    fills = {level: _fill(color) for level, color in LEVEL_FILL.items()}
    for row, s in enumerate(scores, start=2):
        values = [s.rank, s.stage, s.importance, s.emotion, s.score, t(f"level.{s.level}", language), s.why]
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
        ws.cell(row=row, column=6).fill = fills[s.level]
        ws.cell(row=row, column=7).alignment = _WRAP
    for letter, width in zip("ABCDEFG", (7, 30, 11, 10, 9, 16, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"

    # the helper table in stage order, for the charts: I = number, J = stage, K = emotion, L = priority
    by_stage = {s.stage_id: s for s in scores}
    for column, key in zip((9, 10, 11, 12), ("number", "stage", "emotion", "priority"), strict=True):
        _put(ws, 1, column, _w(language, key)).font = _BOLD
    for row, stage in enumerate(m.stages, start=2):
        s = by_stage[stage.id]
        _put(ws, row, 9, row - 1)
        _put(ws, row, 10, f"{row - 1}. {stage.name}")
        _put(ws, row, 11, s.emotion)
        _put(ws, row, 12, s.score)
    ws.column_dimensions["J"].width = 30
    last = max(len(m.stages) + 1, 2)
    names = Reference(ws, min_col=10, min_row=2, max_row=last)

    line = LineChart()
    line.title = _w(language, "chart.emotion")
    line.y_axis.title = _w(language, "emotion")
    line.y_axis.scaling.min, line.y_axis.scaling.max = -2, 2
    line.add_data(Reference(ws, min_col=11, min_row=1, max_row=last), titles_from_data=True)
    line.set_categories(names)
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.height, line.width = 9, 22
    ws.add_chart(line, "N2")

    bar = BarChart()
    bar.type = "col"
    bar.title = _w(language, "chart.priority")
    bar.y_axis.title = _w(language, "priority")
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    bar.add_data(Reference(ws, min_col=12, min_row=1, max_row=last), titles_from_data=True)
    bar.set_categories(names)
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.height, bar.width = 9, 22
    ws.add_chart(bar, "N21")


def _about_sheet(ws: Worksheet, m: Map) -> dict[str, str]:
    """Fill About; return lane key -> the absolute range of its choice options (for the Data lists)."""
    language, settings = m.language, m.scoring
    method_words = t(f"analysis.method.{settings.method}", language)
    rows: list[tuple[str, Any]] = [
        ("title", m.title), ("description", m.description), ("persona", m.persona), ("kind", m.kind),
        ("cyclic", _w(language, "yes" if m.cyclic else "no")), ("language", m.language),
        ("created", m.created.strftime("%Y-%m-%d %H:%M UTC")), ("updated", m.updated.strftime("%Y-%m-%d %H:%M UTC")),
        ("stages", len(m.stages)), ("lanes", len(m.lanes)),
        ("method", method_words), ("formula", _w(language, f"formula.{settings.method}")),
        ("funnel", _w(language, "formula.funnel")),
        ("weights", f"{settings.importance_weight:g} / {settings.emotion_weight:g} / {settings.funnel_weight:g}"),
        ("critical_at", settings.critical_at), ("warning_at", settings.warning_at),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        _put(ws, row, 1, _w(language, key)).font = _BOLD
        _put(ws, row, 2, value).alignment = _WRAP
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90

    row = len(rows) + 2
    _put(ws, row, 1, _w(language, "legend")).font = _BOLD
    for level, meaning in _legend(m):
        row += 1
        _put(ws, row, 1, t(f"level.{level}", language)).fill = _fill(LEVEL_FILL[level])
        _put(ws, row, 2, meaning)
    row += 2
    _put(ws, row, 1, _w(language, "note.data"))

    ranges: dict[str, str] = {}
    choices = [lane for lane in m.lanes if lane.type is LaneType.CHOICE]
    if choices:
        row += 2
        _put(ws, row, 1, _w(language, "options")).font = _BOLD
        title = ws.title.replace("'", "''")
        for lane in choices:
            row += 1
            _put(ws, row, 1, lane.label)
            first = row
            for offset, option in enumerate(lane.options):
                _put(ws, first + offset, 2, option)
            row = first + len(lane.options) - 1
            ranges[lane.key] = f"'{title}'!$B${first}:$B${row}"
    return ranges


def has_workshop(m: Map) -> bool:
    """The map holds workshop votes or an accepted workshop: the workbook gets a Workshop sheet."""
    return bool(m.workshops) or any(stage.votes for stage in m.stages)


def _heads(ws: Worksheet, row: int, language: str, keys: Iterable[str]) -> None:
    for column, key in enumerate(keys, start=1):
        cell = _put(ws, row, column, _w(language, key))
        cell.font, cell.fill, cell.alignment = _BOLD, _fill(HEADER_FILL), _WRAP


def _workshop_sheet(ws: Worksheet, m: Map) -> None:
    """Workshops held, each stage's votes with mean and spread, every vote, every note."""
    language = m.language
    row = 1
    _put(ws, row, 1, _w(language, "ws.workshops")).font = _BOLD
    row += 1
    _heads(ws, row, language, ("ws.code", "ws.opened", "ws.accepted", "ws.participants", "ws.notes"))
    for w in m.workshops:
        row += 1
        for column, value in enumerate((w.code, w.opened.strftime("%Y-%m-%d %H:%M UTC"),
                                        w.accepted.strftime("%Y-%m-%d %H:%M UTC"), len(w.participants),
                                        len(w.notes)), start=1):
            _put(ws, row, column, value)

    row += 2
    _put(ws, row, 1, _w(language, "ws.by_stage")).font = _BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.votes", "ws.importance_mean", "ws.importance_spread",
                               "ws.emotion_mean", "ws.emotion_spread", "ws.discuss"))
    discuss_fill = _fill(LEVEL_FILL["warning"])
    for stage in m.stages:
        row += 1
        i_mean, i_spread = mean_spread([v.importance for v in stage.votes if v.importance is not None])
        e_mean, e_spread = mean_spread([v.emotion for v in stage.votes if v.emotion is not None])
        discuss = any(x is not None and x >= DISCUSS_SPREAD for x in (i_spread, e_spread))
        for column, value in enumerate((stage.name, len(stage.votes), i_mean, i_spread, e_mean, e_spread,
                                        _w(language, "yes") if discuss else ""), start=1):
            _put(ws, row, column, value)
        if discuss:
            ws.cell(row=row, column=7).fill = discuss_fill

    row += 2
    _put(ws, row, 1, _w(language, "ws.all_votes")).font = _BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.participant", "importance", "emotion"))
    for stage in m.stages:
        for vote in stage.votes:
            row += 1
            for column, value in enumerate((stage.name, vote.participant, vote.importance, vote.emotion), start=1):
                _put(ws, row, column, value)

    row += 2
    _put(ws, row, 1, _w(language, "ws.notes")).font = _BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.lane", "ws.note", "ws.participant", "ws.code"))
    names = {stage.id: stage.name for stage in m.stages}
    for w in m.workshops:
        for note in w.notes:
            row += 1
            lane = m.lane(note.lane)
            values = (names.get(note.stage_id, note.stage_id), lane.label if lane else note.lane, note.text,
                      note.participant, w.code)
            for column, value in enumerate(values, start=1):
                _put(ws, row, column, value).alignment = _WRAP
    for letter, width in zip("ABCDEFG", (30, 22, 60, 22, 16, 16, 12), strict=True):
        ws.column_dimensions[letter].width = width


def _validation(ws: Worksheet, formula: str, column: int, first: int, last: int) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning")
    letter = get_column_letter(column)
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


def _data_sheet(ws: Worksheet, m: Map, option_ranges: dict[str, str]) -> None:
    style = _style_cache()
    columns = data_columns(m)
    headers, keys, rows = data_table(m)
    header_fill = _fill(HEADER_FILL)
    for column, (header, key) in enumerate(zip(headers, keys, strict=True), start=1):
        cell = _put(ws, 1, column, header)
        cell.font, cell.fill, cell.alignment = _BOLD, header_fill, _WRAP
        _put(ws, 2, column, key).font = _GREY
    for r, values in enumerate(rows, start=3):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # already sheet_text
                style(cell, alignment=_WRAP)
    last = 2 + len(rows) + SPARE_ROWS
    for column, (_, _, lane, part) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(column)].width = 14 if part == "id" else 30
        if lane is None or part != "v":
            continue
        if lane.type is LaneType.IMPORTANCE:
            _validation(ws, '"1,2,3,4,5"', column, 3, last)
        elif lane.type is LaneType.EMOTION:
            _validation(ws, '"-2,-1,0,1,2"', column, 3, last)
        elif lane.type is LaneType.CHOICE and lane.key in option_ranges:
            _validation(ws, option_ranges[lane.key], column, 3, last)
    ws.freeze_panes = "C3"


def cjm_json(m: Map) -> str:
    """The exact map as the _cjm sheet holds it: compact JSON, XML-safe (escapes, same value when parsed)."""
    text = json.dumps(map_to_dict(m), ensure_ascii=False, separators=(",", ":"))
    return _JSON_BAD.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterable[str]:
    """``text`` in pieces of at most ``size`` characters and ``size`` UTF-16 units."""
    start = 0
    while start < len(text):
        piece = text[start:start + size]
        over = _utf16_len(piece) - size
        while over > 0:  # each character is 1 or 2 units: dropping ceil(over / 2) never cuts too much
            piece = piece[:len(piece) - (over + 1) // 2]
            over = _utf16_len(piece) - size
        yield piece
        start += len(piece)


def _hidden_sheet(ws: Worksheet, m: Map) -> None:
    _put(ws, 1, 1, MAGIC)
    _put(ws, 2, 1, str(m.schema_version))
    for row, piece in enumerate(chunks(cjm_json(m)), start=3):
        cell = ws.cell(row=row, column=1, value=piece)
        cell.data_type = "s"
    ws.sheet_state = "veryHidden"
