"""Export a map as an Excel workbook (xlsx): the contract is docs/xlsx-format.md.

Sheets, in order (titles in the map's language, fixed words, never user text): **Map**, **Scores**,
**Data**, **About**, **Workshop** (only when the map has workshop votes), **Actions** (the action plan:
:mod:`cjm.xlsx.actions_sheet`) and **_cjm**, very hidden: the
exact map as compact JSON in chunks. The sheets for people are drawn in :mod:`cjm.xlsx.sheets`; this
module holds the workbook and the two sheets the import reads back: Data (tidy, machine-readable: row 1
headers, row 2 keys, one row per stage from row 3) and _cjm.

The _cjm JSON keeps the exact text: ``json.dumps`` escapes control characters (``\\u0000``), and lone
surrogates / U+FFFE / U+FFFF are written as ``\\uXXXX`` escapes. Visible cells hold
:func:`cjm.xlsx.style.sheet_text`. :func:`data_table` is public: it is exactly what the Data sheet holds.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import evidence
from ..i18n import t
from ..lanes import LaneType
from ..mapfile import map_to_dict
from ..model import Lane, Map
from ..scoring import score_map
from .actions_sheet import actions_sheet
from .map_sheet import date_text, map_sheet
from .scores import scores_sheet
from .settings import (
    DATA_ID_WIDTH,
    DATA_WIDTH,
    EMOTION_LIST,
    EVIDENCE_PREFIX,
    FIRST_STAGE_ROW,
    HEADER_FILL,
    HEADER_ROW,
    HIDDEN_SHEET,
    IMPORTANCE_LIST,
    KEY_ROW,
    MAGIC,
    SPARE_ROWS,
    STAGE_ID_KEY,
    STAGE_KEY,
    VALUE_PREFIX,
    VERSION_KEY,
    WORDS_PREFIX,
)
from .sheets import about_sheet, has_workshop, workshop_sheet
from .style import (
    BOLD,
    GREY,
    WRAP,
    chunks,
    default_font,
    fill,
    height,
    line_count,
    print_header,
    print_setup,
    put,
    sheet_text,
    style_cache,
)

__all__ = ["chunks", "cjm_json", "data_columns", "data_table", "data_value", "export_xlsx", "workbook"]

_JSON_BAD = re.compile("[\ud800-\udfff\ufffe\uffff]")  # json.dumps already escapes control characters


def export_xlsx(m: Map, version: int | None = None) -> bytes:
    """The whole workbook (docs/xlsx-format.md) as the bytes of an xlsx file. ``version``: the library
    version of the map being exported (kept in the hidden sheet: the import's "Update" names it)."""
    out = io.BytesIO()
    workbook(m, version).save(out)
    return _same_bytes(out.getvalue(), m.updated)


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _same_bytes(data: bytes, when: datetime) -> bytes:
    """The same map gives the same file: openpyxl stamps the save time into docProps/core.xml and into every
    zip entry; both become the map's last change."""
    stamp = max(when.astimezone(UTC).replace(tzinfo=None), datetime(1980, 1, 1))
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"<dcterms:modified\1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                                     + rb"</dcterms:modified>", body)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            target.writestr(entry, body)
    return out.getvalue()


def workbook(m: Map, version: int | None = None, hidden: bool = True) -> Workbook:
    """The workbook as openpyxl holds it (``hidden=False``: without the exact copy and the Data sheet's cells,
    for the reader to compare a returned workbook's Map, Scores, About and Workshop with the ones written)."""
    language = m.language
    scores = score_map(m)
    by_stage = {s.stage_id: s for s in scores}
    wb = Workbook()
    default_font(wb)
    wb.properties.creator = "CJM Studio"
    wb.properties.title = sheet_text(m.title)
    wb.properties.created = m.created.replace(tzinfo=None)
    map_ws = wb.active
    map_ws.title = t("xlsx.sheet.map", language)
    scores_ws = wb.create_sheet(t("xlsx.sheet.scores", language))
    data_ws = wb.create_sheet(t("xlsx.sheet.data", language))
    about_ws = wb.create_sheet(t("xlsx.sheet.about", language))
    workshop_ws = wb.create_sheet(t("xlsx.sheet.workshop", language)) if has_workshop(m) else None
    actions_ws = wb.create_sheet(t("xlsx.sheet.actions", language))  # always: empty, it invites the first actions

    map_sheet(map_ws, m, by_stage, version)
    option_ranges = about_sheet(about_ws, m)
    if hidden:
        data_keys = _data_sheet(data_ws, m, option_ranges)
    else:  # the reader's copy: it reads the Data sheet against the hidden JSON, not against these cells
        data_keys = {key: column for column, (_, key, _, _) in enumerate(data_columns(m), start=1)}
    scores_sheet(scores_ws, m, scores, data_ws.title, data_keys)
    if workshop_ws is not None:
        workshop_sheet(workshop_ws, m)
    actions_sheet(actions_ws, m)
    date = date_text(m, version)
    for ws in (scores_ws, about_ws, workshop_ws, actions_ws):
        if ws is not None:
            print_setup(ws, language)
    print_setup(data_ws, language, sum(ws_width for ws_width in _data_widths(m)))
    for ws in (scores_ws, about_ws, data_ws, workshop_ws, actions_ws):
        if ws is not None:
            print_header(ws, m.title, m.persona, date)
    if hidden:
        _hidden_sheet(wb.create_sheet(HIDDEN_SHEET), m, version)
    return wb


# --- Data ------------------------------------------------------------------------------------------
def data_columns(m: Map) -> list[tuple[str, str, Lane | None, str]]:
    """The Data sheet's columns: (header, key, lane, part) with part "id", "name", "v", "w" or "e" (a lane's
    evidence marks: one column per lane after all the lanes' own, :func:`evidence_columns`)."""
    language = m.language
    columns: list[tuple[str, str, Lane | None, str]] = [
        (t("xlsx.stage_id", language), STAGE_ID_KEY, None, "id"),
        (t("xlsx.stage", language), STAGE_KEY, None, "name"),
    ]
    for lane in m.lanes:
        label = f"{lane.label} {t('xlsx.hidden', language)}" if lane.hidden else lane.label
        columns.append((label, f"{VALUE_PREFIX}{lane.key}", lane, "v"))
        if lane.type is LaneType.EMOTION:
            columns.append((f"{label} {t('xlsx.words', language)}", f"{WORDS_PREFIX}{lane.key}", lane, "w"))
    return columns + evidence_columns(m)


def evidence_columns(m: Map) -> list[tuple[str, str, Lane | None, str]]:
    """A column per lane for its cells' evidence marks, '<label> (evidence)': the mark's word in the map's
    language, picked from a list (docs/xlsx-format.md); a colleague sees and changes marks there."""
    part = t("evidence.part", m.language)
    return [(f"{lane.label} {part}", f"{EVIDENCE_PREFIX}{lane.key}", lane, "e") for lane in m.lanes]


def evidence_list(language: str) -> str:
    """The data validation list of the evidence columns: the marks' words (none holds a comma or a quote)."""
    return '"' + ",".join(evidence.word(mark, language) for mark in evidence.EVIDENCE) + '"'


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
            elif part == "e":
                assert lane is not None
                mark = stage.evidence.get(lane.key)
                value = evidence.word(mark, m.language) if mark else None
            else:
                assert lane is not None
                value = data_value(lane, stage.values.get(lane.key), part)
            row.append(sheet_text(value) if isinstance(value, str) else value)
        rows.append(row)
    return [c[0] for c in columns], [c[1] for c in columns], rows


def _data_widths(m: Map) -> list[int]:
    return [DATA_ID_WIDTH if part == "id" else DATA_WIDTH for _, _, _, part in data_columns(m)]


def _validation(ws: Worksheet, formula: str, column: int, first: int, last: int) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning")
    letter = get_column_letter(column)
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


def _data_sheet(ws: Worksheet, m: Map, option_ranges: dict[str, str]) -> dict[str, int]:
    """Fill Data; return each key ("v:importance"…) and its column number (the Scores formulas read them)."""
    style = style_cache()
    columns = data_columns(m)
    headers, keys, rows = data_table(m)
    header_fill = fill(HEADER_FILL)
    for column, (header, key) in enumerate(zip(headers, keys, strict=True), start=1):
        cell = put(ws, HEADER_ROW, column, header)
        cell.font, cell.fill, cell.alignment = BOLD, header_fill, WRAP
        put(ws, KEY_ROW, column, key).font = GREY
    widths = _data_widths(m)
    for r, values in enumerate(rows, start=FIRST_STAGE_ROW):
        lines = 1
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=column, value=value)
            style(cell, alignment=WRAP)
            if isinstance(value, str):
                cell.data_type = "s"  # already sheet_text
                lines = max(lines, line_count(value, widths[column - 1]))
        if lines > 1:
            ws.row_dimensions[r].height = height(lines)  # spreadsheet apps do not grow wrapped rows by themselves
    first, last = FIRST_STAGE_ROW, FIRST_STAGE_ROW - 1 + len(rows) + SPARE_ROWS
    for column, (_, _, lane, part) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(column)].width = DATA_ID_WIDTH if part == "id" else DATA_WIDTH
        if lane is not None and part == "e":
            _validation(ws, evidence_list(m.language), column, first, last)
            continue
        if lane is None or part != "v":
            continue
        if lane.type is LaneType.IMPORTANCE:
            _validation(ws, IMPORTANCE_LIST, column, first, last)
        elif lane.type is LaneType.EMOTION:
            _validation(ws, EMOTION_LIST, column, first, last)
        elif lane.type is LaneType.CHOICE and lane.key in option_ranges:
            _validation(ws, option_ranges[lane.key], column, first, last)
    ws.freeze_panes = f"C{FIRST_STAGE_ROW}"
    ws.row_dimensions[HEADER_ROW].height = height(max(line_count(h, w) for h, w in zip(headers, widths, strict=True)))
    return {key: column for column, key in enumerate(keys, start=1)}


# --- _cjm ------------------------------------------------------------------------------------------
def cjm_json(m: Map) -> str:
    """The exact map as the _cjm sheet holds it: compact JSON, XML-safe (escapes, same value when parsed)."""
    text = json.dumps(map_to_dict(m), ensure_ascii=False, separators=(",", ":"))
    return _JSON_BAD.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _hidden_sheet(ws: Worksheet, m: Map, version: int | None) -> None:
    put(ws, 1, 1, MAGIC)
    put(ws, 2, 1, str(m.schema_version))
    put(ws, 1, 2, VERSION_KEY)
    if version is not None:
        put(ws, 2, 2, str(version))
    for row, piece in enumerate(chunks(cjm_json(m)), start=3):
        cell = ws.cell(row=row, column=1, value=piece)
        cell.data_type = "s"
    ws.sheet_state = "veryHidden"
