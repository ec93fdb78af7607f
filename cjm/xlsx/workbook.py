"""Reading back our own workbook (docs/xlsx-format.md), or any other workbook as a foreign table.

A workbook with a ``_cjm`` sheet whose ``A1`` is ``cjm-studio-map``: the JSON in ``_cjm`` is the base; the
Data sheet (found by its row-2 keys ``stage_id``, ``stage``) is laid over it. A cell equal to what the
export wrote keeps the base value, a changed cell is parsed as an edit, a row with an unknown ``stage_id``
is a new stage, a stage with no row is removed, and the row order is the stage order. A column without a
known key but with a header becomes a custom lane. Without a usable ``_cjm`` sheet the workbook is read
as a foreign one (:mod:`cjm.xlsx.foreign`).
"""

from __future__ import annotations

import json
from typing import Any

from ..editing import custom_lane_key
from ..errors import CJMError
from ..i18n import t
from ..lanes import LaneType
from ..mapfile import map_from_dict, map_to_dict
from ..model import Map, new_stage_id
from .foreign import from_sheets
from .safety import open_workbook
from .settings import (
    EXACT,
    HIDDEN_SHEET,
    KEY_ROW,
    KIND_WORKBOOK,
    MAGIC,
    MAX_HIDDEN_ROWS,
    STAGE_ID_KEY,
    STAGE_KEY,
    VALUE_PREFIX,
    WORDS_PREFIX,
)
from .values import CellParser, Understanding, custom_type, label_text, raw_text, sheet_rows, understanding_of


def read_workbook(data: bytes, name: str, language: str) -> tuple[Map, Understanding]:
    """A map from the bytes of an xlsx file (checked by :mod:`cjm.xlsx.safety` first)."""
    with open_workbook(data, name) as workbook:
        sheets = {ws.title: ws for ws in workbook.worksheets}
        if HIDDEN_SHEET in sheets:
            base = _cjm_base(sheets[HIDDEN_SHEET])
            if base is not None:
                return _overlay(base, sheets, language)
        return from_sheets(workbook, name, language)


def _cjm_base(ws: Any) -> Map | None:
    cells: list[Any] = []
    for row in ws.iter_rows(max_col=1, values_only=True):
        cells.append(row[0] if row else None)
        if len(cells) > 2 and cells[-1] is None:
            break
        if len(cells) > MAX_HIDDEN_ROWS:
            return None
    if not cells or cells[0] != MAGIC:
        return None
    chunks = [cell for cell in cells[2:] if isinstance(cell, str)]
    try:
        return map_from_dict(json.loads("".join(chunks)))
    except (ValueError, RecursionError, CJMError):
        return None


def _data_sheet(sheets: dict[str, Any]) -> tuple[str, list[list[Any]]] | None:
    for title, ws in sheets.items():
        if title == HIDDEN_SHEET:
            continue
        head = list(ws.iter_rows(min_row=KEY_ROW, max_row=KEY_ROW, max_col=2, values_only=True))
        if head and len(head[0]) >= 2 and head[0][0] == STAGE_ID_KEY and head[0][1] == STAGE_KEY:
            return title, sheet_rows(ws)
    return None


def _exported(lane_type: str, value: Any, words: bool) -> Any:
    """What the export wrote in a Data cell for ``value`` (docs/xlsx-format.md)."""
    if value is None:
        return None
    if lane_type == LaneType.EMOTION:
        return value.get("words") or None if words else value.get("score")
    if lane_type == LaneType.LIST:
        return "\n".join(value) or None
    return value


def _same_cell(written: Any, read: Any) -> bool:
    def norm(value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value.replace("\r\n", "\n")
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return float(value)
        return value
    return norm(written) == norm(read)


def _overlay(base: Map, sheets: dict[str, Any], language: str) -> tuple[Map, Understanding]:
    """The base map with the Data sheet's rows laid over it; notes in ``language`` (the UI's), words that go
    into the map (a new stage's name, "(not read)" lanes) in the map's language."""
    found = _data_sheet(sheets)
    doc = map_to_dict(base)
    lanes = {lane["key"]: lane for lane in doc["lanes"]}
    notes: list[str] = []
    if found is None:
        notes.append(t("xlsx.import.no_data", language))
        return base, understanding_of(base, KIND_WORKBOOK, None, EXACT, None, notes)
    title, rows = found
    headers = rows[0] if rows else []
    keys = rows[1] if len(rows) > 1 else []
    parser = CellParser(base.language)
    columns: list[tuple[int, str, str]] = []  # (index, "v"/"w"/"new", lane key)
    new_lanes: list[tuple[int, dict[str, Any]]] = []
    taken = set(lanes)
    for index in range(2, len(keys)):
        key = keys[index]
        if isinstance(key, str) and key[:2] in (VALUE_PREFIX, WORDS_PREFIX) and key[2:] in lanes:
            if key[:2] == WORDS_PREFIX and lanes[key[2:]]["type"] != LaneType.EMOTION:
                continue
            columns.append((index, key[0], key[2:]))
        elif index < len(headers) and headers[index] is not None:
            label = label_text(headers[index])
            new_key = custom_lane_key(label, taken)
            taken.add(new_key)
            lane_type = custom_type(row[index] if index < len(row) else None for row in rows[2:])
            new_lanes.append((index, {"key": new_key, "label": label, "type": lane_type.value, "options": [],
                                      "hidden": False}))
            columns.append((index, "new", new_key))
    by_id = {stage["id"]: stage for stage in doc["stages"]}
    stages: list[dict[str, Any]] = []
    used: set[str] = set()
    edited = added = 0
    for row_no, row in enumerate(rows[2:], start=3):
        if all(value is None for value in row):
            continue
        stage_id = row[0] if isinstance(row[0], str) else None
        base_stage = by_id.get(stage_id) if stage_id and stage_id not in used else None
        if base_stage is None:
            stage = {"id": new_stage_id(), "name": "", "values": {}}
            added += 1
        else:
            stage = dict(base_stage, values=dict(base_stage["values"]))
            used.add(base_stage["id"])
        name_cell = row[1] if len(row) > 1 else None
        if base_stage is None or not _same_cell(base_stage["name"], name_cell):
            text = label_text(name_cell) if name_cell is not None else ""
            if text:
                stage["name"] = text
                edited += base_stage is not None
            elif base_stage is None:
                stage["name"] = t("xlsx.import.stage_n", base.language, number=len(stages) + 1)
            else:
                notes.append(t("xlsx.import.name_cleared", language, row=row_no, name=base_stage["name"]))
        for index, part, key in columns:
            raw = row[index] if index < len(row) else None
            if part == "new":
                if raw is not None:
                    stage["values"][key] = parser.parse(_lane_of(new_lanes, key), raw, key, stage)
                continue
            lane = lanes[key]
            current = stage["values"].get(key)
            if base_stage is not None and _same_cell(_exported(lane["type"], current, part == "w"), raw):
                continue
            if base_stage is None and raw is None:
                continue
            edited += base_stage is not None
            if lane["type"] == LaneType.EMOTION:
                now = stage["values"].get(key) or {"score": None, "words": ""}
                if part == "w":
                    stage["values"][key] = {"score": now["score"], "words": raw_text(raw)}
                else:
                    score = parser.score(lane, raw, stage)
                    stage["values"][key] = {"score": score, "words": now["words"]}
            else:
                stage["values"][key] = parser.parse(lane, raw, key, stage)
        stages.append(stage)
    removed = sum(1 for stage_id in by_id if stage_id not in used)
    doc["lanes"].extend(lane for _, lane in new_lanes)
    doc["lanes"].extend(parser.extra_lanes(doc["lanes"]))
    doc["stages"] = stages
    for key, count in (("xlsx.import.edited", edited), ("xlsx.import.added", added),
                       ("xlsx.import.removed", removed), ("xlsx.import.new_columns", len(new_lanes))):
        if count:
            notes.append(t(key, language, count=count, sheet=title))
    notes.extend(parser.notes(language))
    new_map = map_from_dict(doc)
    return new_map, understanding_of(new_map, KIND_WORKBOOK, title, EXACT, 1, notes)


def _lane_of(new_lanes: list[tuple[int, dict[str, Any]]], key: str) -> dict[str, Any]:
    return next(lane for _, lane in new_lanes if lane["key"] == key)

