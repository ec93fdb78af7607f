"""Reading cells: raw spreadsheet and CSV cells into lane values, shared by every reader.

Decisions:

* A cell that does not parse for its lane (importance "abc", a number lane's "many", a choice that is
  not an option) is kept verbatim in an extra text lane "<label> (not read)" / "<label> (не распознано)"
  next to its lane, and the notes count it.
* Emotion: a number, an emoji (😡 −2 … 🤩 +2), "😡 words" or "-1 words" give a score (and words); other
  text is stored as words with no score (``{"score": None, "words": text}``), which scoring marks as
  *suggested* from the lexicon; the notes count those cells (and the ones the lexicon cannot read).
* An unrecognised row/column becomes a custom lane: ``list`` when one of its cells holds several lines,
  else ``text``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .. import limits
from ..editing import custom_lane_key
from ..errors import Phrase
from ..grid import parse_emotion_score, parse_importance, parse_list, parse_number
from ..i18n import t
from ..lanes import BY_KEY, LaneType
from ..model import Map
from ..scales import emotion_cell
from ..validation import CellError
from .settings import MAX_COLS, MAX_ROWS


@dataclass(frozen=True)
class Unread:
    """A cell whose text did not come into the map as it is, and why (in the reader's language)."""

    sheet: str
    cell: str  # "D9"
    text: str
    reason: str


@dataclass(frozen=True)
class Comment:
    """A cell comment; ``stage`` is where it came in (None: not imported, ``reason`` says why)."""

    sheet: str
    cell: str
    author: str
    text: str
    stage: str | None
    reason: str = ""


@dataclass(frozen=True)
class Understanding:
    """What the preview shows before the file becomes a map."""

    kind: str  # "cjm-workbook" | "spreadsheet" | "csv"
    sheet: str | None
    orientation: str  # "stages-as-columns" | "stages-as-rows" | "exact"
    header_at: int | None  # 1-based row (or column) where the table starts
    lanes: tuple[tuple[str, str, str, bool], ...]  # (label in the file, lane key, lane type, standard?)
    stages: int
    notes: tuple[str, ...]
    # our own workbook: the map as exported (the hidden copy) and the library version it was exported at, so
    # that the preview can list the changes and offer to update that map (cjm.merge)
    base: Map | None = None
    version: int | None = None
    sheets_disagree: tuple[tuple[str, tuple[Any, Any]], ...] = ()  # merge change id -> (Map sheet, Data sheet)
    unread: tuple[Unread, ...] = ()
    comments: tuple[Comment, ...] = ()
    plan: Any = None  # a foreign table: the cjm.import_plan.ImportPlan the map was made from (the mapping step)


def sheet_rows(ws: Any) -> list[list[Any]]:
    """A sheet's values, row by row (at most MAX_ROWS × MAX_COLS), trimmed. Bounded by the sheet's own size:
    asking openpyxl for cells past it would pad (and, on a sheet in memory, create) millions of empty cells."""
    rows: list[list[Any]] = []
    max_row = min(MAX_ROWS, ws.max_row or MAX_ROWS)
    max_col = min(MAX_COLS, ws.max_column or MAX_COLS)
    for row in ws.iter_rows(max_row=max_row, max_col=max_col, values_only=True):
        rows.append([plain(value) for value in row])
    return trim(rows)


def plain(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows cut to the last non-empty column; trailing empty rows removed; all rows the same width."""
    width = 0
    for row in rows:
        for index in range(len(row) - 1, -1, -1):
            if row[index] is not None:
                width = max(width, index + 1)
                break
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return [(row + [None] * width)[:width] for row in rows]


def understanding_of(m: Map, kind: str, sheet: str | None, orientation: str, header_at: int | None,
                      notes: list[str], **more: Any) -> Understanding:
    lanes = tuple((lane.label, lane.key, lane.type.value, lane.key in BY_KEY) for lane in m.lanes)
    return Understanding(kind, sheet, orientation, header_at, lanes, len(m.stages), tuple(notes), **more)


def same_cell(written: Any, read: Any) -> bool:
    """A returned cell holds what the export wrote (empty is empty; 3 is 3.0; CRLF is LF)."""
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



def raw_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)):
        return f"{raw:g}"
    return str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()


def name_text(raw: Any) -> str:
    """A name typed in our own workbook (a stage, a lane, the title): as typed, without blanks at either end,
    cut to the longest label; "" when empty."""
    return raw_text(raw)[: limits.MAX_LABEL_CHARS].strip()


def label_text(raw: Any) -> str:
    text = " ".join(raw_text(raw).split())
    return text[: limits.MAX_LABEL_CHARS].strip() or "—"


def custom_type(cells: Any) -> LaneType:
    for raw in cells:
        if isinstance(raw, str) and len(parse_list(raw)) > 1:
            return LaneType.LIST
    return LaneType.TEXT


class CellParser:
    """Turns raw cells into lane values; cells that do not parse are kept in extra "(not read)" lanes."""

    def __init__(self, language: str):
        self.language = language  # the map's: the "(not read)" lanes' labels
        self.unread: dict[str, list[tuple[dict[str, Any], str]]] = {}  # lane key -> [(stage, text)]
        self.labels: dict[str, str] = {}
        self.suggested = 0
        self.unknown_words = 0
        self.scored_words = 0
        self.extra: dict[str, str] = {}  # "(not read)" lane key -> its lane's key
        self.failed = False  # the last cell parsed did not fit its lane (kept in a "(not read)" lane)

    def parse(self, lane: dict[str, Any], raw: Any, key: str, stage: dict[str, Any]) -> Any:
        self.failed = False
        lane_type = LaneType(lane["type"])
        try:
            if lane_type is LaneType.IMPORTANCE:
                return parse_importance(raw)
            if lane_type is LaneType.NUMBER:
                number = parse_number(raw)
                if key == "metrics" and number is not None and number < 0:
                    raise CellError(Phrase("err.cell.customers"), raw)
                return number
            if lane_type is LaneType.EMOTION:
                return self.emotion(raw)
            if lane_type is LaneType.LIST:
                return parse_list(raw_text(raw))
            if lane_type is LaneType.CHOICE:
                text = raw_text(raw)
                if text and text not in lane["options"]:
                    raise CellError(Phrase("err.cell.option"), raw)
                return text or None
            return raw_text(raw) or None
        except CellError:
            self.keep(lane, raw, stage)
            return stage["values"].get(key) if stage["values"].get(key) is not None else None

    def keep(self, lane: dict[str, Any], raw: Any, stage: dict[str, Any]) -> None:
        self.failed = True
        self.unread.setdefault(lane["key"], []).append((stage, raw_text(raw)))
        self.labels[lane["key"]] = lane["label"]

    def score(self, lane: dict[str, Any], raw: Any, stage: dict[str, Any]) -> int | None:
        """An emotion score cell of our own Data sheet (the words are a column of their own)."""
        self.failed = False
        try:
            return parse_emotion_score(raw)
        except CellError:
            self.keep(lane, raw, stage)
            current = stage["values"].get(lane["key"])
            return current["score"] if current else None

    def emotion(self, raw: Any) -> dict[str, Any] | None:
        try:
            score = parse_emotion_score(raw)
            return None if score is None else {"score": score, "words": ""}
        except CellError:
            pass
        text = raw_text(raw)
        cell = emotion_cell(text)  # cjm.scales: every face emoji, signs, "−1 words", scale words, the lexicon
        if cell.suggested:
            self.suggested += 1
        elif cell.score is None:
            self.unknown_words += 1
            return {"score": None, "words": text}
        elif cell.words:
            self.scored_words += 1
        return {"score": cell.score, "words": cell.words}

    def source_of(self, extra_key: str) -> str:
        return self.extra[extra_key]

    def extra_lanes(self, lanes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The "(not read)" lanes, and their values put into the stages."""
        out = []
        taken = {lane["key"] for lane in lanes}
        for key, cells in self.unread.items():
            label = self.unread_label(key)
            new_key = custom_lane_key(label, taken)
            taken.add(new_key)
            self.extra[new_key] = key
            out.append({"key": new_key, "label": label, "type": "text", "options": [], "hidden": False})
            for stage, text in cells:
                stage["values"][new_key] = text
        return out

    def unread_label(self, key: str) -> str:
        """The label of the "(not read)" lane next to the lane ``key``."""
        return t("xlsx.import.not_read_lane", self.language, label=self.labels[key])[: limits.MAX_LABEL_CHARS]

    def notes(self, language: str) -> list[str]:
        """What the cells told, in ``language`` (the UI's)."""
        out = [t("xlsx.import.not_read", language, label=self.labels[key], count=len(cells),
                 lane=self.unread_label(key)) for key, cells in self.unread.items()]
        for key, count in (("xlsx.import.scored_words", self.scored_words), ("xlsx.import.suggested", self.suggested),
                           ("xlsx.import.unknown_words", self.unknown_words)):
            if count:
                out.append(t(key, language, count=count))
        return out

