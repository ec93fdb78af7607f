"""The Map sheet read back: the picture people see and edit (docs/xlsx-format.md, :mod:`cjm.xlsx.map_sheet`).

The hidden column A names each row's role and the hidden row 4 holds each stage column's id, so the reader
knows every row and column wherever a colleague moved it:

* a cell that still holds what the export wrote keeps the exported value (the round trip stays exact);
* a changed cell is read as a person's edit in any notation the grid accepts (importance "5", "5/5", "★★★★★";
  emotion "−2", "😡", "+1 (positive)", words on the lines below; list items one per line, "•" or not: the
  notations are in :mod:`cjm.xlsx.map_cells`);
* the title (B1), the persona (B2), stage names (row 5, "N. " optional) and lane labels (column B) rename;
* a column inserted among the stages is a new stage, a row inserted among the lanes a new lane (a label the
  catalogue knows becomes that standard lane); a deleted column or row is a stage or lane removed (the
  preview asks before removing it);
* the phases' row (a map with phases: names merged over their stages) is read as it is: neighbouring stage columns
  under one merged cell, or under the same name, are one phase; a phase keeps its id when its name or most of its
  stages are still there (a rename, stages added or taken away), and each change is said in a note; a phase the
  row no longer names keeps its name with no stages (deleted in the Builder, never by a workbook);
* anything else that changed (the level row, the legend, the date, cells outside the table) is listed cell by
  cell as not read, and a cell that does not fit its lane is kept as text in a "(not read)" lane and listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from .. import limits, phases
from ..actions import release_stages
from ..editing import custom_lane_key
from ..i18n import t
from ..lanes import BY_KEY
from ..mapfile import map_from_dict, map_to_dict
from ..model import Map, new_stage_id
from .foreign import recognise
from .map_cells import cell_value, stage_name
from .merges import Merge
from .settings import (
    MAP_LABEL_COLUMN,
    MAP_MAGIC,
    MAP_ROLE_COLUMN,
    ROLE_DATE,
    ROLE_LEGEND,
    ROLE_LEVEL,
    ROLE_PERSONA,
    ROLE_PHASE,
    ROLE_STAGE,
    ROLE_TITLE,
    VALUE_PREFIX,
)
from .values import CellParser, Unread, custom_type, label_text, name_text, raw_text, same_cell

ROLE, LABEL = MAP_ROLE_COLUMN - 1, MAP_LABEL_COLUMN - 1  # 0-based columns
HEAD_ROWS = 50  # the key row is looked for in this many first rows


@dataclass
class Layout:
    """Where things are on a Map sheet (0-based rows and columns)."""

    roles: dict[int, str]  # row -> its role (column A)
    key_row: int
    columns: dict[int, str]  # column -> stage id (row 4)
    rows: dict[str, int] = field(default_factory=dict)  # role -> row (first)

    def row(self, role: str) -> int | None:
        return self.rows.get(role)


def layout(rows: list[list[Any]]) -> Layout | None:
    key_row = next((r for r, row in enumerate(rows[:HEAD_ROWS]) if row and row[ROLE] == MAP_MAGIC), None)
    if key_row is None:
        return None
    roles = {r: row[ROLE] for r, row in enumerate(rows) if row and isinstance(row[ROLE], str)}
    columns = {c: value for c, value in enumerate(rows[key_row]) if c > LABEL and isinstance(value, str)}
    found = Layout(roles, key_row, columns)
    for r, role in roles.items():
        found.rows.setdefault(role, r)
    return found


def find(sheets: dict[str, Any], rows_of: Any) -> tuple[str, list[list[Any]]] | None:
    """The Map sheet: a visible sheet with the key row's magic in column A."""
    for title, ws in sheets.items():
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue
        rows = rows_of(ws)
        if layout(rows) is not None:
            return title, rows
    return None


@dataclass
class MapReading:
    map: Map  # the exported map with the Map sheet's edits
    notes: list[str]
    unread: list[Unread]
    anchors: dict[tuple[int, int], tuple[str, str]]  # (row, column), 1-based -> (stage id, lane label or "Stage")


def _cell(rows: list[list[Any]], r: int | None, c: int | None) -> Any:
    if r is None or c is None or r >= len(rows) or c >= len(rows[r]):
        return None
    return rows[r][c]


def _address(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


class _Reader:
    def __init__(self, sheet: str, rows: list[list[Any]], written: list[list[Any]], base: Map, language: str,
                 merges: Sequence[Merge] = ()):
        self.sheet, self.rows, self.written, self.base, self.language = sheet, rows, written, base, language
        self.merges = list(merges)
        self.found_phase_row: int | None = None  # a row of phases a person inserted above the stage names
        self._merges_row: int | None = None
        self._merges_of_row: list[Merge] = []
        self.map_language = base.language
        self.here = layout(rows)
        self.there = layout(written)
        assert self.here is not None and self.there is not None
        self.written_columns = {stage_id: c for c, stage_id in self.there.columns.items()}
        self.parser = CellParser(base.language)
        self.unread: list[Unread] = []
        self.notes: list[str] = []
        self.anchors: dict[tuple[int, int], tuple[str, str]] = {}
        self.edited = 0

    def lost(self, r: int, c: int, text: Any, reason_key: str, **params: Any) -> None:
        self.unread.append(Unread(self.sheet, _address(r, c), raw_text(text), t(reason_key, self.language, **params)))

    # --- the parts of the sheet -----------------------------------------------------------------------------
    def read(self) -> MapReading:
        here = self.here
        doc = map_to_dict(self.base)
        stages = {stage["id"]: stage for stage in doc["stages"]}
        lanes = {lane["key"]: lane for lane in doc["lanes"]}
        self._details(doc)
        stage_row, level_row = here.row(ROLE_STAGE), here.row(ROLE_LEVEL)
        legend_row = here.row(ROLE_LEGEND)
        end = legend_row if legend_row is not None else len(self.rows)
        table_rows = [r for r in range(stage_row + 1 if stage_row is not None else end, end) if r != level_row]
        width = max((len(self.rows[r]) for r in [*table_rows, *(x for x in (stage_row, level_row) if x is not None)]),
                    default=0)

        # columns: existing stages (first time their id shows) and inserted ones
        columns: list[tuple[int, str, bool]] = []  # (column, stage id, new?)
        seen: set[str] = set()
        for c in range(LABEL + 1, width):
            stage_id = here.columns.get(c)
            if stage_id in stages and stage_id not in seen:
                seen.add(stage_id)
                columns.append((c, stage_id, False))
            elif any(_cell(self.rows, r, c) is not None for r in [*table_rows, stage_row] if r is not None):
                columns.append((c, new_stage_id(), True))
            elif _cell(self.rows, level_row, c) is not None:
                self.lost(level_row, c, self.rows[level_row][c], "xlsx.import.unread.level")
        # rows: existing lanes (first time their key shows) and inserted ones
        lane_rows: list[tuple[int, str | None]] = []  # (row, lane key or None for a new lane)
        seen_lanes: set[str] = set()
        for r in table_rows:
            role = here.roles.get(r, "")
            key = role[len(VALUE_PREFIX):] if role.startswith(VALUE_PREFIX) else None
            if key in lanes and key not in seen_lanes and not lanes[key]["hidden"]:
                seen_lanes.add(key)
                lane_rows.append((r, key))
            elif any(value is not None for value in self.rows[r][LABEL:]):
                lane_rows.append((r, None))

        new_stages = self._stages(columns, stages, stage_row, level_row)
        new_lanes = self._lanes(lane_rows, columns, lanes, doc, stages, new_stages)
        for r, key in lane_rows:
            lane = lanes[key] if key is not None else new_lanes[r]
            for c, stage_id, _ in columns:
                self.anchors[(r + 1, c + 1)] = (stage_id, lane["label"])
        for c, stage_id, _ in columns:
            for r, where in ((stage_row, "xlsx.stage"), (level_row, "xlsx.level")):
                if r is not None:
                    self.anchors[(r + 1, c + 1)] = (stage_id, t(where, self.map_language))

        # what is gone, and the new order
        removed_stages = [stage_id for stage_id in stages if stage_id not in seen]
        removed_lanes = [key for key, lane in lanes.items() if not lane["hidden"] and key not in seen_lanes]
        everything = {**stages, **{stage["id"]: stage for stage in new_stages.values()}}
        doc["stages"] = [everything[stage_id] for _, stage_id, _ in columns]
        all_lanes = {**lanes, **{lane["key"]: lane for lane in new_lanes.values()}}
        shown = [key if key is not None else new_lanes[r]["key"] for r, key in lane_rows]
        hidden = {key for key, lane in lanes.items() if lane["hidden"]}
        doc["lanes"] = [all_lanes[key] for key in _with_hidden(shown, [lane.key for lane in self.base.lanes], hidden)]
        for key in removed_lanes:
            for stage in doc["stages"]:
                stage["values"].pop(key, None)
                stage.get("evidence", {}).pop(key, None)  # a lane's marks go with it
        doc["lanes"].extend(self.parser.extra_lanes(doc["lanes"]))
        self._phases(doc, columns)
        self._outside(table_rows, columns, stage_row, level_row, legend_row)
        self._counts(len(new_stages), len(new_lanes), len(removed_stages), len(removed_lanes))
        self.notes.extend(self.parser.notes(self.language))
        return MapReading(map_from_dict(release_stages(doc)), self.notes, self.unread, self.anchors)

    def _details(self, doc: dict[str, Any]) -> None:
        for role, name in ((ROLE_TITLE, "title"), (ROLE_PERSONA, "persona")):
            r, w = self.here.row(role), self.there.row(role)
            if r is None or w is None:
                continue
            raw, written = _cell(self.rows, r, LABEL), _cell(self.written, w, LABEL)
            if same_cell(written, raw):
                continue
            text = raw_text(raw)
            if name == "persona":
                prefix = f"{t('xlsx.persona', self.map_language)}:"
                text = text[len(prefix):].strip() if text.startswith(prefix) else text
                doc["persona"] = text[: limits.MAX_CELL_CHARS]
                self.edited += 1
            elif text.strip():
                doc["title"] = text.strip()[: limits.MAX_TITLE_CHARS]
                self.edited += 1
            else:
                self.notes.append(t("xlsx.import.title_cleared", self.language, title=doc["title"]))

    def _stages(self, columns: list[tuple[int, str, bool]], stages: dict[str, Any], stage_row: int | None,
                level_row: int | None) -> dict[str, dict[str, Any]]:
        new: dict[str, dict[str, Any]] = {}
        w_stage, w_level = self.there.row(ROLE_STAGE), self.there.row(ROLE_LEVEL)  # in the sheet as written
        for number, (c, stage_id, is_new) in enumerate(columns, start=1):
            raw = _cell(self.rows, stage_row, c)
            if is_new:
                name = stage_name(raw)
                new[stage_id] = {"id": stage_id, "values": {},
                                 "name": name or t("xlsx.import.stage_n", self.map_language, number=number)}
                if _cell(self.rows, level_row, c) is not None:
                    self.lost(level_row, c, self.rows[level_row][c], "xlsx.import.unread.level")
                continue
            wc = self.written_columns.get(stage_id)
            if not same_cell(_cell(self.written, w_stage, wc), raw):
                name = stage_name(raw)
                if name:
                    self.edited += name != stages[stage_id]["name"]
                    stages[stage_id]["name"] = name
                else:
                    self.notes.append(t("xlsx.import.name_cleared_map", self.language, cell=_address(stage_row, c),
                                        name=stages[stage_id]["name"]))
            level = _cell(self.rows, level_row, c)
            if level is not None and not same_cell(_cell(self.written, w_level, wc), level):
                self.lost(level_row, c, level, "xlsx.import.unread.level")
        return new

    def _lanes(self, lane_rows: list[tuple[int, str | None]], columns: list[tuple[int, str, bool]],
               lanes: dict[str, Any], doc: dict[str, Any], stages: dict[str, Any],
               new_stages: dict[str, dict[str, Any]]) -> dict[int, dict[str, Any]]:
        everything = {**stages, **new_stages}
        taken = set(lanes)
        new: dict[int, dict[str, Any]] = {}
        for number, (r, key) in enumerate(lane_rows, start=1):
            if key is None:
                lane = self._new_lane(r, number, columns, taken)
                taken.add(lane["key"])
                new[r] = lane
            else:
                lane = lanes[key]
                wr = self.there.row(f"{VALUE_PREFIX}{key}")
                label = _cell(self.rows, r, LABEL)
                if not same_cell(_cell(self.written, wr, LABEL), label):
                    if name_text(label):
                        self.edited += name_text(label) != lane["label"]
                        lane["label"] = name_text(label)
                    else:
                        self.notes.append(t("xlsx.import.label_cleared", self.language, cell=_address(r, LABEL),
                                            label=lane["label"]))
            wr = self.there.row(f"{VALUE_PREFIX}{key}") if key is not None else None
            for c, stage_id, is_new in columns:
                raw = _cell(self.rows, r, c)
                stage = everything[stage_id]
                written = None
                if key is not None and not is_new:
                    written = _cell(self.written, wr, self.written_columns.get(stage_id))
                    if same_cell(written, raw):
                        continue
                elif raw is None:
                    continue
                value = cell_value(self.parser, lane, raw, stage, written)
                if self.parser.failed:
                    self.lost(r, c, raw, "xlsx.import.unread.type", lane=lane["label"],
                              kept=self.parser.unread_label(lane["key"]))
                    continue
                if key is not None and not is_new and value != stage["values"].get(lane["key"]):
                    self.edited += 1  # a cell retyped to the same value ("5" for "★★★★★ 5/5") is no edit
                if value is None:
                    stage["values"].pop(lane["key"], None)
                    stage.get("evidence", {}).pop(lane["key"], None)  # a cleared cell loses its mark
                else:
                    stage["values"][lane["key"]] = value
        for lane in new.values():
            doc["lanes"].append(lane)
        return new

    def _new_lane(self, r: int, number: int, columns: list[tuple[int, str, bool]], taken: set[str]) -> dict[str, Any]:
        raw_label = _cell(self.rows, r, LABEL)
        label = label_text(raw_label) if raw_label is not None else t("xlsx.import.row_n", self.map_language,
                                                                       number=r + 1)
        key = recognise(label)
        cells = [_cell(self.rows, r, c) for c, _, _ in columns]
        if key in BY_KEY and key not in taken:
            return {"key": key, "label": label, "type": BY_KEY[key].type.value, "options": [], "hidden": False}
        return {"key": custom_lane_key(label, taken), "label": label, "type": custom_type(cells).value,
                "options": [], "hidden": False}

    # --- the phases' row ------------------------------------------------------------------------------------------
    def _phase_name(self, r: int, c: int) -> str:
        """The phase written over column ``c``: its cell, or the first cell of the merged range it is under."""
        merge = next((m for m in self._row_merges(r) if m.holds(r + 1, c + 1)), None)
        raw = _cell(self.rows, merge.min_row - 1, merge.min_col - 1) if merge is not None else _cell(self.rows, r, c)
        return name_text(raw)

    def _row_merges(self, r: int) -> list[Merge]:
        """The merged ranges across row ``r`` (0-based), found once."""
        if self._merges_row != r:
            self._merges_row, self._merges_of_row = r, [m for m in self.merges if m.min_row <= r + 1 <= m.max_row]
        return self._merges_of_row

    def _inserted_phase_row(self, columns: list[tuple[int, str, bool]]) -> int | None:
        """The row right above the stage names when a person inserted it (no role in column A, below the key row)
        and wrote something over the stage columns: phases typed in Excel for a map that had none."""
        stage_row = self.here.row(ROLE_STAGE)
        if stage_row is None or stage_row - 1 <= self.here.key_row:
            return None
        r = stage_row - 1
        if self.here.roles.get(r) or not any(_cell(self.rows, r, c) is not None for c, _, _ in columns):
            return None
        return r

    def _phases(self, doc: dict[str, Any], columns: list[tuple[int, str, bool]]) -> None:
        """The map's phases from the phases' row, over the sheet's stages (in its order), each change in a note."""
        base_order = [stage.id for stage in self.base.stages]
        base_phases = doc.get("phases", [])
        r = self.here.row(ROLE_PHASE)
        found = self._inserted_phase_row(columns) if r is None and not phases.has_bands(self.base) else None
        if found is not None:  # a map without phases, and a colleague wrote a row of them above the stage names
            r = self.found_phase_row = found
            self.notes.append(t("phases.xlsx.row_found", self.language, sheet=self.sheet, row=found + 1))
        if r is None:  # no phases' row: the map has none to show (or the row was deleted): they stay as they were
            if phases.has_bands(self.base):
                self.notes.append(t("phases.xlsx.row_gone", self.language, sheet=self.sheet))
            present = {stage["id"] for stage in doc["stages"]}
            for phase in base_phases:
                phase["stages"] = [s for s in phase["stages"] if s in present]
            phases.follow_order(doc, [s for s in base_order if s in present])
            return
        label = _cell(self.rows, r, LABEL)
        w = self.there.row(ROLE_PHASE)
        written_label = _cell(self.written, w, LABEL) if w is not None else None
        if found is None and label is not None and not same_cell(written_label, label):
            self.lost(r, LABEL, label, "xlsx.import.unread.sheet_label")
        stage_columns = {c for c, _, _ in columns}
        under = {m.min_col - 1 for m in self._row_merges(r) for c in stage_columns if m.holds(r + 1, c + 1)}
        for c in range(LABEL + 1, len(self.rows[r])):  # a name beside the stages: listed, never dropped unsaid
            if c not in stage_columns and c not in under and self.rows[r][c] is not None:
                self.lost(r, c, self.rows[r][c], "xlsx.import.unread.outside")
        names = {stage["id"]: stage["name"] for stage in doc["stages"]}
        groups = phases.phases_from_groups([stage_id for _, stage_id, _ in columns],
                                           [self._phase_name(r, c) for c, _, _ in columns])
        old = {phase["id"]: phase for phase in base_phases}
        free = dict(old)

        def overlap(group: dict[str, Any], phase: dict[str, Any]) -> int:
            return len(set(group["stages"]) & set(phase["stages"]))

        for group in groups:  # a group takes the id of the phase it continues: same name and stages, then most stages
            ranked = sorted(free.values(), key=lambda p: (p["name"] == group["name"] and overlap(group, p) > 0,
                                                            overlap(group, p), p["name"] == group["name"]),
                            reverse=True)
            best = ranked[0] if ranked else None
            if best is not None and (overlap(group, best) or best["name"] == group["name"]):
                del free[best["id"]]
                group["id"] = best["id"]

        def span(stage_ids: list[str]) -> str:
            opening, closing = ("«", "»") if self.language == "ru" else ("“", "”")
            shown = [f"{opening}{names.get(s, '')}{closing}" for s in stage_ids]
            return shown[0] if len(shown) == 1 else f"{shown[0]} … {shown[-1]}"

        for group in groups:
            before = old.get(group["id"])
            if before is None:
                self.notes.append(t("phases.xlsx.added", self.language, phase=group["name"],
                                    stages=span(group["stages"])))
                continue
            if before["name"] != group["name"]:
                self.notes.append(t("phases.xlsx.renamed", self.language, before=before["name"], after=group["name"]))
            if before["stages"] != group["stages"]:
                self.notes.append(t("phases.xlsx.stages", self.language, phase=group["name"],
                                    stages=span(group["stages"])))
        for phase in free.values():  # no longer named on the row: kept, with no stages
            if phase["stages"]:
                self.notes.append(t("phases.xlsx.emptied", self.language, phase=phase["name"]))
            groups.append({"id": phase["id"], "name": phase["name"], "stages": []})
        doc["phases"] = groups
        phases.tidy(doc)

    # --- what else changed -----------------------------------------------------------------------------------
    def _outside(self, table_rows: list[int], columns: list[tuple[int, str, bool]], stage_row: int | None,
                 level_row: int | None, legend_row: int | None) -> None:
        """Cells outside the table that differ from what the export wrote: listed, never read."""
        table = set(table_rows) | {r for r in (stage_row, level_row) if r is not None}
        for r, row in enumerate(self.rows):
            role = self.here.roles.get(r)
            if role == ROLE_PHASE or r == self.found_phase_row:  # read by _phases (its label checked there)
                continue
            if r == self.here.key_row or r in table:
                for c in range(LABEL, len(row)):
                    if r in (stage_row, level_row) and c == LABEL and row[c] is not None:
                        w = self.there.row(role) if role else None
                        if not same_cell(_cell(self.written, w, LABEL), row[c]):
                            self.lost(r, c, row[c], "xlsx.import.unread.sheet_label")
                continue
            if legend_row is not None and r >= legend_row:
                w = self.there.row(ROLE_LEGEND)
                written = {raw_text(v) for v in (self.written[w + r - legend_row]
                                                  if w is not None and w + r - legend_row < len(self.written) else [])
                           if v is not None}
                for c in range(LABEL, len(row)):
                    if row[c] is not None and raw_text(row[c]) not in written:
                        self.lost(r, c, row[c], "xlsx.import.unread.outside")
                continue
            w = self.there.row(role) if role in (ROLE_TITLE, ROLE_PERSONA, ROLE_DATE) else None
            for c in range(LABEL, len(row)):
                if row[c] is None or (c == LABEL and role in (ROLE_TITLE, ROLE_PERSONA)):
                    continue
                if w is None or not same_cell(_cell(self.written, w, c), row[c]):
                    self.lost(r, c, row[c], "xlsx.import.unread.outside")

    def _counts(self, new_stages: int, new_lanes: int, removed_stages: int, removed_lanes: int) -> None:
        for key, count in (("xlsx.import.map_edited", self.edited), ("xlsx.import.map_new_stages", new_stages),
                           ("xlsx.import.map_new_lanes", new_lanes),
                           ("xlsx.import.map_removed_stages", removed_stages),
                           ("xlsx.import.map_removed_lanes", removed_lanes)):
            if count:
                self.notes.append(t(key, self.language, count=count, sheet=self.sheet))


def _with_hidden(shown: list[str], base_order: list[str], hidden: set[str]) -> list[str]:
    """The lanes in the sheet's order, each hidden lane (not on the sheet) after its predecessor in the map."""
    out = list(shown)
    for k, key in enumerate(base_order):
        if key not in hidden:
            continue
        before = next((base_order[j] for j in range(k - 1, -1, -1) if base_order[j] in out), None)
        out.insert(out.index(before) + 1 if before is not None else 0, key)
    return out


def read_map_sheet(sheet: str, rows: list[list[Any]], written: list[list[Any]], base: Map,
                   language: str, merges: Sequence[Merge] = ()) -> MapReading:
    """The exported map with the Map sheet's edits; ``written`` is the Map sheet the export writes for ``base``
    (to tell an edited cell from an untouched one); ``merges`` the sheet's merged ranges
    (:func:`cjm.xlsx.merges.sheet_merges`: the phases' row). Notes and reasons in ``language``."""
    return _Reader(sheet, rows, written, base, language, merges).read()
