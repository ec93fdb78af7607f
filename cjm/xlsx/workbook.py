"""Reading back our own workbook (docs/xlsx-format.md), or any other workbook as a foreign table.

A workbook with a ``_cjm`` sheet whose ``A1`` is ``cjm-studio-map``: the JSON in ``_cjm`` is the map as
exported (the *base*; ``B2`` the library version it was exported at). Every sheet a person edits comes back:

* the **Map** sheet (:mod:`cjm.xlsx.map_read`) and the **Data** sheet (:mod:`cjm.xlsx.data_read`) are each
  laid over the base, then merged (:func:`cjm.merge.combine`); a unit the two sheets changed differently is
  listed for the person to choose (the Map sheet's value meanwhile: the sheet people see);
* the **Actions** sheet (:mod:`cjm.xlsx.actions_sheet`) gives the action plan: rows added, changed, removed;
* cell comments (:mod:`cjm.xlsx.comments`) on a stage's cell come in as items of a "Comments" lane,
  "<lane>: <text> — <author>"; the others are listed as not imported;
* a cell of Scores, About or Workshop that differs from what the export wrote is listed as not read (those
  sheets are computed from the map), as is every cell the readers could not take.

Without a usable ``_cjm`` sheet the workbook is read as a foreign one (:mod:`cjm.xlsx.foreign`).
"""

from __future__ import annotations

import json
import zipfile
from typing import Any
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from .. import limits
from ..editing import custom_lane_key
from ..errors import CJMError
from ..i18n import t
from ..lanes import LaneType
from ..mapfile import map_from_dict, map_to_dict
from ..merge import combine
from ..model import Map
from .actions_sheet import read_actions_sheet
from .comments import sheet_comments
from .data_read import read_data_sheet
from .export import workbook as written_workbook
from .foreign import from_sheets
from .map_read import find as find_map_sheet
from .map_read import read_map_sheet
from .merges import sheet_merges
from .safety import open_workbook
from .settings import EXACT, HIDDEN_SHEET, KIND_WORKBOOK, MAGIC, MAX_HIDDEN_ROWS
from .values import Comment, Understanding, Unread, same_cell, sheet_rows, understanding_of


def read_workbook(data: bytes, name: str, language: str) -> tuple[Map, Understanding]:
    """A map from the bytes of an xlsx file (checked by :mod:`cjm.xlsx.safety` first)."""
    with open_workbook(data, name) as workbook:
        sheets = {ws.title: ws for ws in workbook.worksheets}
        if HIDDEN_SHEET in sheets:
            found = _cjm_base(sheets[HIDDEN_SHEET])
            if found is not None:
                return _our_workbook(data, found[0], found[1], sheets, language)
        return from_sheets(workbook, name, language)


def _cjm_base(ws: Any) -> tuple[Map, int | None] | None:
    """The hidden copy and the version it carries, or None when the sheet is not ours or does not parse."""
    cells: list[Any] = []
    version: Any = None
    for row in ws.iter_rows(max_col=2, values_only=True):
        cells.append(row[0] if row else None)
        if len(cells) == 2 and len(row) > 1:
            version = row[1]
        if len(cells) > 2 and cells[-1] is None:
            break
        if len(cells) > MAX_HIDDEN_ROWS:
            return None
    if not cells or cells[0] != MAGIC:
        return None
    chunks = [cell for cell in cells[2:] if isinstance(cell, str)]
    try:
        base = map_from_dict(json.loads("".join(chunks)))
    except (ValueError, RecursionError, CJMError):
        return None
    number = int(version) if isinstance(version, (str, int)) and str(version).isdigit() else None
    return base, number


def _our_workbook(data: bytes, base: Map, version: int | None, sheets: dict[str, Any],
                  language: str) -> tuple[Map, Understanding]:
    written = written_workbook(base, version, hidden=False)  # what the export wrote, to tell edits from it
    visible = {title: ws for title, ws in sheets.items() if title != HIDDEN_SHEET}
    notes: list[str] = []
    unread: list[Unread] = []

    data_reading = read_data_sheet(base, visible, language)
    notes.extend(data_reading.notes)
    unread.extend(data_reading.unread)
    found = find_map_sheet({title: ws for title, ws in visible.items() if title != data_reading.sheet}, sheet_rows)
    map_title = None
    map_anchors: dict[tuple[int, int], tuple[str, str]] = {}
    map_side = base
    if found is None:
        notes.append(t("xlsx.import.no_map", language, sheet=written.worksheets[0].title))
    else:
        map_title, rows = found
        try:
            merges = sheet_merges(data, map_title)
        except (ValueError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            merges = []  # a damaged sheet part: its merged phase names read as single cells
        reading = read_map_sheet(map_title, rows, sheet_rows(written.worksheets[0]), base, language, merges)
        map_side, map_anchors = reading.map, reading.anchors
        notes.extend(reading.notes)
        unread.extend(reading.unread)

    theirs, disagree, kept = combine(base, map_side, data_reading.map)
    if disagree:
        notes.append(t("xlsx.import.sheets_disagree", language, count=len(disagree)))
    names = {stage.id: stage.name for stage in theirs.stages}
    labels = {lane.key: lane.label for lane in theirs.lanes}
    for item in kept:
        notes.append(t("xlsx.import.kept_edited", language, name=names.get(item) or labels.get(item) or item))

    anchors = {map_title: map_anchors, data_reading.sheet: data_reading.anchors}
    theirs, found_comments = _comments(data, theirs, anchors, language)
    if found_comments is None:
        notes.append(t("xlsx.import.comments_unreadable", language))
    comments = found_comments or []
    if any(comment.stage for comment in comments):
        notes.append(t("xlsx.import.comments", language, count=sum(1 for c in comments if c.stage),
                       lane=t("xlsx.import.comments_lane", base.language)))
    if any(not comment.stage for comment in comments):
        notes.append(t("xlsx.import.comments_left", language, count=sum(1 for c in comments if not c.stage)))
    plan = read_actions_sheet(theirs, base, visible, language)  # the action plan (issue 15): its own sheet
    theirs = plan.map
    notes.extend(plan.notes)
    unread.extend(plan.unread)
    unread.extend(_computed_sheets(written, visible, {map_title, data_reading.sheet, plan.sheet}, language))
    if unread:
        notes.append(t("xlsx.import.unread", language, count=len(unread)))
    return theirs, understanding_of(theirs, KIND_WORKBOOK, data_reading.sheet, EXACT, 1, notes, base=base,
                                    version=version, sheets_disagree=tuple(disagree.items()), unread=tuple(unread),
                                    comments=tuple(comments))


def _comments(data: bytes, m: Map, anchors: dict[Any, dict[tuple[int, int], tuple[str, str]]],
              language: str) -> tuple[Map, list[Comment] | None]:
    """``m`` with the comments on stage cells as items of its comments lane; every comment, and where it went."""
    try:
        found = sheet_comments(data)
    except (ValueError, KeyError, IndexError, zipfile.BadZipFile, ElementTree.ParseError):
        return m, None  # a damaged comments part: said in a note, the rest of the workbook still comes in
    if not found:
        return m, []
    doc = map_to_dict(m)
    stages = {stage["id"]: stage for stage in doc["stages"]}
    label = t("xlsx.import.comments_lane", m.language)
    lane = next((lane for lane in doc["lanes"] if lane["label"] == label and lane["type"] == LaneType.LIST), None)
    items: dict[str, list[tuple[str, int]]] = {}  # stage id -> (item, index of its comment in ``out``)
    out: list[Comment] = []
    for sheet, comments in found.items():
        for comment in comments:
            try:
                column, row = coordinate_from_string(comment.cell)
                anchor = anchors.get(sheet, {}).get((row, column_index_from_string(column)))
            except ValueError:
                anchor = None
            stage = stages.get(anchor[0]) if anchor else None
            if stage is None or not comment.text:
                reason = "xlsx.import.comment_empty" if stage is not None else "xlsx.import.comment_outside"
                out.append(Comment(sheet, comment.cell, comment.author, comment.text, None, t(reason, language)))
                continue
            item = f"{anchor[1]}: {comment.text}" + (f" — {comment.author}" if comment.author else "")
            items.setdefault(stage["id"], []).append((item, len(out)))
            out.append(Comment(sheet, comment.cell, comment.author, comment.text, stage["name"]))
    if not items:
        return m, out
    if lane is None:
        lane = {"key": custom_lane_key(label, (lane["key"] for lane in doc["lanes"])), "label": label,
                "type": LaneType.LIST.value, "options": [], "hidden": False}
        if len(doc["lanes"]) >= limits.MAX_LANES:
            return m, [Comment(c.sheet, c.cell, c.author, c.text, None, t("xlsx.import.comment_no_lane", language))
                       for c in out]
        doc["lanes"].append(lane)
    for stage_id, new in items.items():
        values = stages[stage_id]["values"]
        current = list(values.get(lane["key"]) or [])
        for item, index in new:
            if item in current:
                continue  # the same workbook imported again
            if sum(map(len, current)) + len(item) > limits.MAX_CELL_CHARS:
                c = out[index]
                out[index] = Comment(c.sheet, c.cell, c.author, c.text, None,
                                     t("xlsx.import.comment_too_long", language))
                continue
            current.append(item)
        if current:
            values[lane["key"]] = current
    return map_from_dict(doc), out


def _computed_sheets(written: Any, sheets: dict[str, Any], read: set[str | None], language: str) -> list[Unread]:
    """Cells of the sheets computed from the map (Scores, About, Workshop) that differ from what the export
    wrote: not read back, so listed. Cells where the export wrote a formula are left alone."""
    out: list[Unread] = []
    for ws in written.worksheets[1:]:
        if ws.title in read or ws.title not in sheets:
            continue
        formulas = {(cell.row, cell.column) for row in ws.iter_rows() for cell in row if cell.data_type == "f"}
        expected = sheet_rows(ws)
        for r, row in enumerate(sheet_rows(sheets[ws.title]), start=1):
            for c, value in enumerate(row, start=1):
                if value is None or (r, c) in formulas:
                    continue
                before = expected[r - 1][c - 1] if r <= len(expected) and c <= len(expected[r - 1]) else None
                if not same_cell(before, value):
                    out.append(Unread(ws.title, f"{get_column_letter(c)}{r}", str(value),
                                      t("xlsx.import.unread.computed", language)))
    return out

