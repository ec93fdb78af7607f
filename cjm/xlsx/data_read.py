"""The Data sheet read back: one row per stage, row 2 the machine keys (docs/xlsx-format.md).

A cell equal to what the export wrote keeps the exported value; a changed cell is parsed as an edit; a row
with an unknown ``stage_id`` is a new stage; a stage with no row is removed (the preview asks before
removing it); the row order is the stage order. A column without a known key but with a header becomes a
custom lane; a column with neither is listed cell by cell, as is every cell that does not fit its lane (kept
as text in a "(not read)" lane).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from .. import evidence, phases
from ..actions import release_stages
from ..editing import custom_lane_key
from ..i18n import t
from ..lanes import LaneType
from ..mapfile import map_from_dict, map_to_dict
from ..model import Map, new_stage_id
from .settings import EVIDENCE_PREFIX, HIDDEN_SHEET, KEY_ROW, STAGE_ID_KEY, STAGE_KEY, VALUE_PREFIX, WORDS_PREFIX
from .values import CellParser, Unread, custom_type, label_text, name_text, raw_text, same_cell, sheet_rows


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


@dataclass
class DataReading:
    map: Map  # the exported map with the Data sheet's edits
    sheet: str | None  # the Data sheet's title (None: there is none)
    notes: list[str]
    unread: list[Unread]
    anchors: dict[tuple[int, int], tuple[str, str]]  # (row, column), 1-based -> (stage id, lane label or "Stage")


def read_data_sheet(base: Map, sheets: dict[str, Any], language: str) -> DataReading:
    """The base map with the Data sheet's rows laid over it; notes in ``language`` (the UI's), words that go
    into the map (a new stage's name, "(not read)" lanes) in the map's language."""
    found = _data_sheet(sheets)
    doc = map_to_dict(base)
    lanes = {lane["key"]: lane for lane in doc["lanes"]}
    notes: list[str] = []
    unread: list[Unread] = []
    anchors: dict[tuple[int, int], tuple[str, str]] = {}
    if found is None:
        notes.append(t("xlsx.import.no_data", language))
        return DataReading(base, None, notes, unread, anchors)
    title, rows = found

    def lost(row_no: int, index: int, raw: Any, reason: str, **params: Any) -> None:
        unread.append(Unread(title, f"{get_column_letter(index + 1)}{row_no}", raw_text(raw),
                             t(reason, language, **params)))

    headers = rows[0] if rows else []
    keys = rows[1] if len(rows) > 1 else []
    parser = CellParser(base.language)
    columns: list[tuple[int, str, str]] = []  # (index, "v"/"w"/"new", lane key)
    new_lanes: list[tuple[int, dict[str, Any]]] = []
    taken = set(lanes)
    ignored: list[int] = []  # columns with neither a key nor a header: their cells are listed, not read
    width = max((len(row) for row in rows), default=0)
    for index in range(2, width):
        key = keys[index] if index < len(keys) else None
        if isinstance(key, str) and key[:2] == EVIDENCE_PREFIX and key[2:] in lanes:
            columns.append((index, "e", key[2:]))
        elif isinstance(key, str) and key[:2] in (VALUE_PREFIX, WORDS_PREFIX) and key[2:] in lanes:
            if key[:2] == WORDS_PREFIX and lanes[key[2:]]["type"] != LaneType.EMOTION:
                ignored.append(index)
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
        else:
            ignored.append(index)
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
            stage = dict(base_stage, values=dict(base_stage["values"]), evidence=dict(base_stage.get("evidence", {})))
            used.add(base_stage["id"])
        for index in ignored:
            if index < len(row) and row[index] is not None:
                lost(row_no, index, row[index], "xlsx.import.unread.no_header")
        anchors[(row_no, 2)] = (stage["id"], t("xlsx.stage", base.language))
        name_cell = row[1] if len(row) > 1 else None
        if base_stage is None or not same_cell(base_stage["name"], name_cell):
            text = name_text(name_cell)
            if text:
                stage["name"] = text
                edited += base_stage is not None
            elif base_stage is None:
                stage["name"] = t("xlsx.import.stage_n", base.language, number=len(stages) + 1)
            else:
                notes.append(t("xlsx.import.name_cleared", language, row=row_no, name=base_stage["name"]))
        for index, part, key in columns:
            raw = row[index] if index < len(row) else None
            lane = _lane_of(new_lanes, key) if part == "new" else lanes[key]
            suffix = {"w": f" {t('xlsx.words', base.language)}", "e": f" {t('evidence.part', base.language)}"}
            anchors[(row_no, index + 1)] = (stage["id"], lane["label"] + suffix.get(part, ""))
            if part == "e":
                changed = _read_mark(stage, base_stage, key, raw, base.language)
                if changed is None:
                    lost(row_no, index, raw, "evidence.unread")
                edited += bool(changed)
                continue
            if part == "new":
                if raw is not None:
                    stage["values"][key] = parser.parse(lane, raw, key, stage)
                    if parser.failed:
                        lost(row_no, index, raw, "xlsx.import.unread.type", lane=lane["label"],
                             kept=parser.unread_label(key))
                continue
            current = stage["values"].get(key)
            if base_stage is not None and same_cell(_exported(lane["type"], current, part == "w"), raw):
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
            if parser.failed:
                lost(row_no, index, raw, "xlsx.import.unread.type", lane=lane["label"], kept=parser.unread_label(key))
            if _empty(stage["values"].get(key)):  # a cleared cell loses its mark (cjm/evidence.py)
                stage.get("evidence", {}).pop(key, None)
        stages.append(stage)
    removed = sum(1 for stage_id in by_id if stage_id not in used)
    doc["lanes"].extend(lane for _, lane in new_lanes)
    doc["lanes"].extend(parser.extra_lanes(doc["lanes"]))
    old_order = [stage_id for stage_id in by_id if stage_id in used]
    doc["stages"] = stages
    phases.settle(doc, old_order)  # a removed or moved row keeps the phases valid (cjm/phases.py)
    for key, count in (("xlsx.import.edited", edited), ("xlsx.import.added", added),
                       ("xlsx.import.removed", removed), ("xlsx.import.new_columns", len(new_lanes))):
        if count:
            notes.append(t(key, language, count=count, sheet=title))
    notes.extend(parser.notes(language))
    return DataReading(map_from_dict(release_stages(doc)), title, notes, unread, anchors)


def _lane_of(new_lanes: list[tuple[int, dict[str, Any]]], key: str) -> dict[str, Any]:
    return next(lane for _, lane in new_lanes if lane["key"] == key)



def _empty(value: Any) -> bool:
    """A cell value the map keeps as no value (the model drops it)."""
    if isinstance(value, dict):
        return value.get("score") is None and not value.get("words")
    return value is None or value == "" or value == []


def _read_mark(stage: dict[str, Any], base_stage: dict[str, Any] | None, key: str, raw: Any,
               language: str) -> bool | None:
    """A cell of a lane's evidence column laid over the stage: as exported, the mark stays; changed, the mark
    it names (empty: none). Returns whether an exported stage's mark changed; None: not a mark (it stays).
    A mark set on an empty cell is kept (the colleague said so); the model allows it."""
    marks = stage.setdefault("evidence", {})
    exported = base_stage.get("evidence", {}).get(key) if base_stage else None
    if base_stage is not None and same_cell(evidence.word(exported, language) if exported else None, raw):
        return False  # as exported: the mark is what the row's values left it
    current = marks.get(key)
    try:
        mark = evidence.parse(raw)
    except ValueError:
        return None
    if mark == current:
        return False
    if mark is None:
        marks.pop(key, None)
    else:
        marks[key] = mark
    return base_stage is not None
