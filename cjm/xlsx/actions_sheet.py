"""The Actions sheet: the map's action plan, written for people to edit and read back (docs/xlsx-format.md).

Written always, empty but for its headers when the map has no actions yet, so that a colleague can add the
first ones. Column A (hidden) holds each action's id. Row 1 headers for people, row 2 machine keys
(``action_id``, ``a:title`` … — the reader finds the sheet and its columns by them, wherever a colleague moved a
column), one action per row from row 3, in the plan's order, and spare rows with the dropdowns (stage, status,
effort) below.

Read back like the Data sheet: a cell equal to what the export wrote keeps the exported value; a changed cell is
parsed (a stage by its name, a status in Russian or English, an effort S/M/L — Cyrillic С/М/Л too —, a date as a
date cell, ``YYYY-MM-DD`` or ``DD.MM.YYYY``); a cell that does not parse is listed as not read and the field keeps
its exported value; a row with a new or empty id is a new action; an exported action without a row is removed
(the import's preview asks before removing it); the row order is the plan's order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from .. import actions
from ..errors import said
from ..i18n import t
from ..mapfile import describe_validation_error, map_from_dict, map_to_dict
from ..model import LANGUAGES, Action, Map
from .settings import FIRST_STAGE_ROW, HEADER_FILL, HEADER_ROW, HIDDEN_SHEET, KEY_ROW, SPARE_ROWS
from .style import BOLD, GREY, LEFT, WRAP, fill, height, line_count, put, sheet_text, style_cache
from .values import Unread, raw_text, same_cell, sheet_rows

ID_KEY = "action_id"  # A2: how the reader knows the sheet
#: the columns: (machine key, header's i18n key, width); the stage names for the dropdown sit in a hidden column
COLUMNS: tuple[tuple[str, str, int], ...] = (
    (ID_KEY, "xlsx.action.id", 10),  # hidden: people see the action; the reader knows it by its id
    ("a:title", "xlsx.action.title", 44),
    ("a:stage", "xlsx.action.stage", 24),
    ("a:owner", "xlsx.action.owner", 18),
    ("a:due", "xlsx.action.due", 12),
    ("a:status", "xlsx.action.status", 13),
    ("a:effort", "xlsx.action.effort", 15),
    ("a:notes", "xlsx.action.notes", 40),
)
STAGES_KEY = "a:stages"  # the hidden column of stage names (the stage dropdown's list)
FIELD = {"a:title": "title", "a:stage": "stage_id", "a:owner": "owner", "a:due": "due", "a:status": "status",
         "a:effort": "effort", "a:notes": "notes"}
DATE_FORMAT = "yyyy-mm-dd"
_EFFORT_LOOKALIKES = {"с": "S", "м": "M", "л": "L", "s": "S", "m": "M", "l": "L"}  # Cyrillic С М Л typed for S M L
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


# --- writing --------------------------------------------------------------------------------------------------
def exported(m: Map, action: Action) -> dict[str, Any]:
    """What the sheet holds for ``action``, by key (text as the sheet holds it)."""
    stage = m.stage(action.stage_id) if action.stage_id else None
    return {ID_KEY: action.id, "a:title": sheet_text(action.title),
            "a:stage": sheet_text(stage.name) if stage else None,
            "a:owner": sheet_text(action.owner) or None, "a:due": action.due,
            "a:status": t(f"action.status.{action.status}", m.language), "a:effort": action.effort,
            "a:notes": sheet_text(action.notes) or None}


def actions_sheet(ws: Worksheet, m: Map) -> None:
    """Fill the Actions sheet (see the module docstring)."""
    language = m.language
    style = style_cache()
    header_fill = fill(HEADER_FILL)
    for column, (key, header, width) in enumerate(COLUMNS, start=1):
        cell = put(ws, HEADER_ROW, column, t(header, language))
        cell.font, cell.fill, cell.alignment = BOLD, header_fill, WRAP
        put(ws, KEY_ROW, column, key).font = GREY
        ws.column_dimensions[get_column_letter(column)].width = width
    for r, action in enumerate(m.actions, start=FIRST_STAGE_ROW):
        values = exported(m, action)
        lines = 1
        for column, (key, _, width) in enumerate(COLUMNS, start=1):
            value = values[key]
            if value is None:
                continue
            cell = put(ws, r, column, value)
            style(cell, alignment=LEFT)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str) and key != ID_KEY:  # the id's column is hidden
                lines = max(lines, line_count(value, width))
        if lines > 1:
            ws.row_dimensions[r].height = height(lines)
    last = FIRST_STAGE_ROW - 1 + len(m.actions) + SPARE_ROWS
    stages_column = len(COLUMNS) + 2  # one empty column between the table and the hidden list
    letter = get_column_letter(stages_column)
    put(ws, HEADER_ROW, stages_column, t("xlsx.action.stages", language)).font = GREY
    put(ws, KEY_ROW, stages_column, STAGES_KEY).font = GREY
    for r, stage in enumerate(m.stages, start=FIRST_STAGE_ROW):
        put(ws, r, stages_column, stage.name)
    ws.column_dimensions[letter].hidden = True
    ws.column_dimensions["A"].hidden = True  # the ids
    if m.stages:
        title = ws.title.replace("'", "''")
        _dropdown(ws, f"'{title}'!${letter}${FIRST_STAGE_ROW}:${letter}${FIRST_STAGE_ROW + len(m.stages) - 1}",
                  "a:stage", last)
    words = ",".join(t(f"action.status.{status}", language) for status in actions.STATUSES)
    _dropdown(ws, f'"{words}"', "a:status", last)
    _dropdown(ws, f'"{",".join(actions.EFFORTS)}"', "a:effort", last)
    ws.freeze_panes = f"C{FIRST_STAGE_ROW}"
    ws.row_dimensions[HEADER_ROW].height = height(max(line_count(t(h, language), w) for _, h, w in COLUMNS))


def _dropdown(ws: Worksheet, formula: str, key: str, last: int) -> None:
    column = get_column_letter(next(i for i, (k, _, _) in enumerate(COLUMNS, start=1) if k == key))
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning")
    dv.add(f"{column}{FIRST_STAGE_ROW}:{column}{last}")
    ws.add_data_validation(dv)


# --- reading --------------------------------------------------------------------------------------------------
@dataclass
class ActionsReading:
    map: Map  # the map with the plan the sheet holds (the exported plan when there is no sheet)
    sheet: str | None  # the Actions sheet's title (None: there is none)
    notes: list[str]
    unread: list[Unread]


def find(sheets: dict[str, Any]) -> tuple[str, list[list[Any]]] | None:
    for title, ws in sheets.items():
        if title == HIDDEN_SHEET:
            continue
        head = list(ws.iter_rows(min_row=KEY_ROW, max_row=KEY_ROW, max_col=2, values_only=True))
        if head and len(head[0]) >= 2 and head[0][0] == ID_KEY and head[0][1] == "a:title":
            return title, sheet_rows(ws)
    return None


def _status(raw: Any) -> str | None:
    text = " ".join(raw_text(raw).replace("_", " ").casefold().split())
    for status in actions.STATUSES:
        words = {status.replace("_", " "), actions.CSV_STATUS[status].casefold()}
        words |= {t(f"action.status.{status}", language) for language in LANGUAGES}
        if text in words:
            return status
    return None


def _effort(raw: Any) -> str | None:
    return _EFFORT_LOOKALIKES.get(raw_text(raw).casefold())


def _due(raw: Any) -> date | None:
    """A date from a date cell, a serial number, ``YYYY-MM-DD`` or ``DD.MM.YYYY``; None when it is none of them."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        try:
            value = from_excel(raw)
        except (ValueError, OverflowError, TypeError):
            return None
        return value.date() if isinstance(value, datetime) else None
    text = raw_text(raw)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:  # a date cell comes through the sheet's rows as "2026-12-01T00:00:00"
        moment = datetime.fromisoformat(text)
        if moment.time() == datetime.min.time():
            return moment.date()
    except ValueError:
        pass
    match = _DOTTED.fullmatch(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def _stage_id(m: Map, raw: Any) -> str | None:
    """The stage named ``raw`` ("3. Name" too, as the Map sheet numbers them), or None."""
    text = raw_text(raw)
    squeezed = " ".join(text.split()).casefold()
    for stage in m.stages:
        if stage.name == text:
            return stage.id
    for index, stage in enumerate(m.stages, start=1):
        name = " ".join(stage.name.split()).casefold()
        if squeezed in (name, f"{index}. {name}"):
            return stage.id
    return None


def _new_id(row: int, title: str, taken: set[str]) -> str:
    """A new row's id, the same each time the same workbook is read (a second import adds nothing twice)."""
    digest = hashlib.sha256(f"{row}\x00{title}".encode("utf-8", "surrogatepass")).hexdigest()
    action_id = "a" + digest[:15]
    while action_id in taken:
        digest = hashlib.sha256(digest.encode()).hexdigest()
        action_id = "a" + digest[:15]
    return action_id


def read_actions_sheet(m: Map, base: Map, sheets: dict[str, Any], language: str) -> ActionsReading:
    """``m`` (the workbook's map, its other sheets read) with the plan of the Actions sheet; ``base`` is the map
    as exported. Notes and reasons in ``language``."""
    found = find(sheets)
    written = t("xlsx.sheet.actions", base.language)
    if found is None:
        keep = _with_actions(m, [a.model_dump(mode="json") for a in base.actions])
        note = [t("xlsx.import.no_actions_sheet", language, sheet=written)] if base.actions else []
        return ActionsReading(keep, None, note, [])
    title, rows = found
    keys = rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else []
    columns = {key: c for c, key in enumerate(keys) if key in FIELD or key == ID_KEY}
    by_id = {a.id: a for a in base.actions}
    unread: list[Unread] = []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    taken = set(by_id)

    def miss(r: int, key: str, raw: Any, reason: str) -> None:
        unread.append(Unread(title, f"{get_column_letter(columns[key] + 1)}{r}", raw_text(raw), reason))

    for r, row in enumerate(rows[FIRST_STAGE_ROW - 1:], start=FIRST_STAGE_ROW):
        cells = {key: row[c] if c < len(row) else None for key, c in columns.items()}
        if all(value is None for value in cells.values()):
            continue
        raw_id = cells.get(ID_KEY)
        old = by_id.get(raw_text(raw_id)) if raw_id is not None and raw_text(raw_id) not in seen else None
        was = exported(base, old) if old else {}
        action: dict[str, Any] = old.model_dump(mode="json") if old else {"status": "open"}
        for key, field in FIELD.items():
            if key not in cells:
                continue
            raw = cells[key]
            if old is not None and (same_cell(was.get(key), raw)
                                    or (key == "a:due" and old.due is not None and _due(raw) == old.due)):
                continue
            if key == "a:title":
                text = raw_text(raw)
                if text:
                    action["title"] = text
                elif old is not None:  # a cleared text keeps the action's own (a deleted row removes it)
                    miss(r, key, raw, t("xlsx.import.unread.action_title", language))
            elif key == "a:stage":
                if raw is None:
                    action["stage_id"] = None
                elif (stage_id := _stage_id(m, raw)) is not None:
                    action["stage_id"] = stage_id
                else:
                    miss(r, key, raw, t("xlsx.import.unread.action_stage", language))
            elif key == "a:due":
                value = None if raw is None else _due(raw)
                if raw is not None and value is None:
                    miss(r, key, raw, t("xlsx.import.unread.action_due", language))
                else:
                    action["due"] = value.isoformat() if value else None
            elif key == "a:status":
                status = "open" if raw is None else _status(raw)
                if status is None:
                    miss(r, key, raw, t("xlsx.import.unread.action_status", language))
                else:
                    action["status"] = status
            elif key == "a:effort":
                effort = None if raw is None else _effort(raw)
                if raw is not None and effort is None:
                    miss(r, key, raw, t("xlsx.import.unread.action_effort", language))
                else:
                    action["effort"] = effort
            else:  # owner, notes: as typed
                action[field] = raw_text(raw) if key == "a:owner" else _text(raw)
        if not action.get("title"):
            where = "a:title" if "a:title" in columns else next(iter(columns))
            miss(r, where, " · ".join(raw_text(v) for v in cells.values() if v is not None),
                 t("xlsx.import.unread.action_title", language))
            continue
        if old is None:
            action["id"] = _new_id(r, action["title"], taken)
        if len(out) >= actions.MAX_ACTIONS:
            miss(r, "a:title", action["title"], t("xlsx.import.unread.action_limit", language,
                                                   limit=actions.MAX_ACTIONS))
            continue
        try:
            Action.model_validate(action)
        except ValidationError as exc:
            message = "; ".join(said(problem, language) for problem in describe_validation_error(exc, action))
            miss(r, "a:title", action["title"], t("xlsx.import.unread.action_invalid", language, message=message))
            continue
        taken.add(action["id"])
        seen.add(action["id"])
        out.append(action)
    notes = [t("xlsx.import.actions", language, sheet=title, count=len(out))] if out or base.actions else []
    return ActionsReading(_with_actions(m, out), title, notes, unread)


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.replace("\r\n", "\n").replace("\r", "\n")
    return raw_text(raw)


def _with_actions(m: Map, plan: list[dict[str, Any]]) -> Map:
    """``m`` with ``plan``; an action whose stage is no longer in the map keeps no stage."""
    doc = map_to_dict(m)
    doc["actions"] = plan
    return map_from_dict(actions.release_stages(doc))
