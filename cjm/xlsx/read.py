"""Import a journey map from a spreadsheet: an xlsx workbook or a CSV file.

:func:`read_table` decides by content (a zip is a workbook, anything else is read as CSV text; the
extension only sharpens the error message) and returns the new :class:`Map` together with an
:class:`Understanding`: what the preview shows before the file becomes a map.

* **Our own workbook** (a ``_cjm`` sheet whose ``A1`` is ``cjm-studio-map``, docs/xlsx-format.md): the
  JSON in ``_cjm`` is the base; the Data sheet (found by its row-2 keys ``stage_id``, ``stage``) is laid
  over it. A cell equal to what the export wrote keeps the base value, a changed cell is parsed as an
  edit, a row with an unknown ``stage_id`` is a new stage, a stage with no row is removed, and the row
  order is the stage order. A column without a known key but with a header becomes a custom lane.
* **A foreign table**, in either orientation: stages across the top with lane labels in a column, or
  one row per stage with lane labels as column headers. The orientation is the one where more cells
  are recognised lane labels (Russian or English, with synonyms; case, emoji and punctuation ignored).
  Title, legend and blank rows above the table are skipped; the first text above the table is the title.

Decisions:

* Nothing is dropped. An unrecognised row/column becomes a custom lane: ``list`` when one of its cells
  holds several lines, else ``text``.
* A cell that does not parse for its lane (importance "abc", a number lane's "many", a choice that is
  not an option) is kept verbatim in an extra text lane "<label> (not read)" / "<label> (не распознано)"
  next to its lane, and the notes count it.
* Emotion: a number, an emoji (😡 −2 … 🤩 +2), "😡 words" or "-1 words" give a score (and words); other
  text is stored as words with no score (``{"score": None, "words": text}``), which scoring marks as
  *suggested* from the lexicon; the notes count those cells (and the ones the lexicon cannot read).
* Empty rows and columns are skipped; a stage without a name is named "Этап N" / "Stage N".

Safety: the size cap (:data:`cjm.limits.MAX_FILE_BYTES`) is checked first; a workbook's zip directory
(entry count, total uncompressed size, compression ratio) is checked before openpyxl sees it, and
openpyxl reads through defusedxml (``openpyxl.DEFUSEDXML`` must be True: checked at import). Every bad
file gives a one-line :class:`MapFileError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl

from .. import emotion as emotion_scale
from .. import limits
from ..editing import custom_lane_key
from ..errors import CJMError, MapFileError
from ..grid import parse_emotion_score, parse_importance, parse_list, parse_number
from ..lanes import BY_KEY, CATALOGUE, LaneType
from ..lexicon import suggest
from ..mapfile import map_from_dict, map_to_dict
from ..model import SCHEMA_VERSION, Map, new_stage_id
from ..validation import CellError

if openpyxl.DEFUSEDXML is not True:  # pragma: no cover - the environment is broken
    raise ImportError("cjm.xlsx needs defusedxml (pip install defusedxml) so that openpyxl refuses XML bombs")

# --- limits -----------------------------------------------------------------------------------
MAX_ZIP_ENTRIES = 2_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all entries together
MAX_RATIO = 200  # uncompressed / compressed, per entry bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
PROLOG_BYTES = 8_192  # the start of each XML part, searched for a DTD
MAX_ROWS = 5_000  # rows (or columns) of a sheet looked at
MAX_COLS = 1_000
MARKER = "cjm-studio-map"
CJM_SHEET = "_cjm"

KIND_WORKBOOK, KIND_SPREADSHEET, KIND_CSV = "cjm-workbook", "spreadsheet", "csv"
COLUMNS, ROWS, EXACT = "stages-as-columns", "stages-as-rows", "exact"


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


_WORDS = {
    "ru": {"stage": "Этап", "row": "Строка", "column": "Столбец", "not_read": "не распознано",
           "untitled": "Импортированная карта"},
    "en": {"stage": "Stage", "row": "Row", "column": "Column", "not_read": "not read", "untitled": "Imported map"},
}


def _w(language: str, word: str) -> str:
    return _WORDS.get(language, _WORDS["en"])[word]


# --- entry point --------------------------------------------------------------------------------


def read_table(data: bytes, filename: str, language: str = "ru") -> tuple[Map, Understanding]:
    """A new map from the bytes of an xlsx or CSV file. Raises :class:`CJMError` (one line) on a bad file."""
    language = language if language in _WORDS else "ru"
    name = Path(filename or "").name or "the file"
    if len(data) > limits.MAX_FILE_BYTES:
        raise MapFileError(f"{name}: {_mb(len(data))}, over the limit of {_mb(limits.MAX_FILE_BYTES)}")
    if not data.strip():
        raise MapFileError(f"{name}: the file is empty")
    ext = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04" or (data[:2] == b"PK" and ext in (".xlsx", ".xlsm")):
        return _read_workbook(data, name, language)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise MapFileError(f"{name}: an old Excel 97–2003 (.xls) or Office file: save it as .xlsx or CSV")
    if ext in (".xlsx", ".xlsm", ".xltx"):
        raise MapFileError(f"{name}: not an Excel workbook (an .xlsx file is a zip archive; this one is not)")
    return _read_csv(data, name, language)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# --- xlsx -----------------------------------------------------------------------------------------


def _check_zip(data: bytes, name: str) -> None:
    damaged = f"{name}: a damaged or incomplete workbook (not a readable zip/xlsx file)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, IndexError):
        raise MapFileError(damaged) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise MapFileError(f"{name}: {len(entries):,} parts in the workbook; the limit is {MAX_ZIP_ENTRIES:,}")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNZIPPED_BYTES:
        raise MapFileError(f"{name}: unpacks to {_mb(total)}, over the limit of {_mb(MAX_UNZIPPED_BYTES)} "
                           "(a zip bomb or a far too large workbook)")
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise MapFileError(f"{name}: a part of the workbook is compressed {ratio:,} times (a zip bomb?); refused")
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise MapFileError(f"{name}: a zip archive but not an Excel workbook (no xl/workbook.xml)")
    try:  # no part of a workbook declares a DTD: refuse entity tricks before any XML parser runs
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and not entry.is_dir():
                    with archive.open(entry) as part:
                        head = part.read(PROLOG_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise MapFileError(_FORBIDDEN.format(name=name))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise MapFileError(damaged) from None


def _read_workbook(data: bytes, name: str, language: str) -> tuple[Map, Understanding]:
    _check_zip(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except CJMError:
        raise
    except Exception as exc:  # openpyxl raises anything on a broken file; the user gets one line
        raise MapFileError(_workbook_problem(name, exc)) from None
    try:
        try:
            return _from_workbook(workbook, name, language)
        except CJMError:
            raise
        except Exception as exc:  # sheets are parsed lazily in read-only mode: an XML bomb shows up here
            raise MapFileError(_workbook_problem(name, exc)) from None
    finally:
        workbook.close()


_FORBIDDEN = "{name}: the workbook contains forbidden XML (entity or DTD declarations: an XML bomb?); refused"


def _workbook_problem(name: str, exc: BaseException) -> str:
    """One line for an exception of openpyxl, looking through its causes (openpyxl wraps them in ValueError)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if (type(seen).__module__ or "").startswith("defusedxml") or "Forbidden" in type(seen).__name__:
            return _FORBIDDEN.format(name=name)
        seen = seen.__cause__ or seen.__context__
    return f"{name}: a damaged workbook that cannot be read ({type(exc).__name__})"


def _sheet_rows(ws: Any) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True):
        rows.append([_plain(value) for value in row])
    return _trim(rows)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
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


def _from_workbook(workbook: Any, name: str, language: str) -> tuple[Map, Understanding]:
    sheets = {ws.title: ws for ws in workbook.worksheets}
    if CJM_SHEET in sheets:
        base = _cjm_base(sheets[CJM_SHEET])
        if base is not None:
            return _overlay(base, sheets, name)
    best: tuple[int, str, list[list[Any]], _Layout] | None = None
    for ws in workbook.worksheets:
        if ws.title == CJM_SHEET or getattr(ws, "sheet_state", "visible") != "visible":
            continue
        rows = _sheet_rows(ws)
        layout = _find_layout(rows)
        if layout is not None and (best is None or layout.score > best[0]):
            best = (layout.score, ws.title, rows, layout)
    if best is None:
        raise MapFileError(f"{name}: no sheet holds a journey map table (no lane labels such as "
                           "\"Действия\", \"Эмоции\", \"Actions\", \"Pain points\" in a column or a header row)")
    _, title, rows, layout = best
    return _build(rows, layout, name, language, KIND_SPREADSHEET, title, [])


# --- our own workbook: the _cjm base and the Data overlay ----------------------------------------------


def _cjm_base(ws: Any) -> Map | None:
    cells: list[Any] = []
    for row in ws.iter_rows(max_col=1, values_only=True):
        cells.append(row[0] if row else None)
        if len(cells) > 2 and cells[-1] is None:
            break
        if len(cells) > 2_000:
            return None
    if not cells or cells[0] != MARKER:
        return None
    chunks = [cell for cell in cells[2:] if isinstance(cell, str)]
    try:
        return map_from_dict(json.loads("".join(chunks)))
    except (ValueError, RecursionError, CJMError):
        return None


def _data_sheet(sheets: dict[str, Any]) -> tuple[str, list[list[Any]]] | None:
    for title, ws in sheets.items():
        if title == CJM_SHEET:
            continue
        head = list(ws.iter_rows(min_row=2, max_row=2, max_col=2, values_only=True))
        if head and len(head[0]) >= 2 and head[0][0] == "stage_id" and head[0][1] == "stage":
            return title, _sheet_rows(ws)
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


def _overlay(base: Map, sheets: dict[str, Any], name: str) -> tuple[Map, Understanding]:
    found = _data_sheet(sheets)
    doc = map_to_dict(base)
    lanes = {lane["key"]: lane for lane in doc["lanes"]}
    notes: list[str] = []
    if found is None:
        notes.append("no Data sheet: the map is read from the hidden _cjm sheet as exported")
        return base, _understanding_of(base, KIND_WORKBOOK, None, EXACT, None, notes)
    title, rows = found
    headers = rows[0] if rows else []
    keys = rows[1] if len(rows) > 1 else []
    parser = _CellParser(base.language)
    columns: list[tuple[int, str, str]] = []  # (index, "v"/"w"/"new", lane key)
    new_lanes: list[tuple[int, dict[str, Any]]] = []
    taken = set(lanes)
    for index in range(2, len(keys)):
        key = keys[index]
        if isinstance(key, str) and key[:2] in ("v:", "w:") and key[2:] in lanes:
            if key[0] == "w" and lanes[key[2:]]["type"] != LaneType.EMOTION:
                continue
            columns.append((index, key[0], key[2:]))
        elif index < len(headers) and headers[index] is not None:
            label = _label_text(headers[index])
            new_key = custom_lane_key(label, taken)
            taken.add(new_key)
            lane_type = _custom_type(row[index] if index < len(row) else None for row in rows[2:])
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
            text = _label_text(name_cell) if name_cell is not None else ""
            if text:
                stage["name"] = text
                edited += base_stage is not None
            elif base_stage is None:
                stage["name"] = f"{_w(base.language, 'stage')} {len(stages) + 1}"
            else:
                notes.append(f"row {row_no}: the stage name was cleared; kept {base_stage['name']!r}")
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
                    stage["values"][key] = {"score": now["score"], "words": _cell_text(raw)}
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
    if edited:
        notes.append(f"{edited} changed cell{'s' if edited != 1 else ''} read as edits")
    if added:
        notes.append(f"{added} new stage{'s' if added != 1 else ''}")
    if removed:
        notes.append(f"{removed} stage{'s' if removed != 1 else ''} removed (no row in the Data sheet)")
    if new_lanes:
        notes.append(f"{len(new_lanes)} new column{'s' if len(new_lanes) != 1 else ''} read as custom lanes")
    notes.extend(parser.notes())
    new_map = map_from_dict(doc)
    return new_map, _understanding_of(new_map, KIND_WORKBOOK, title, EXACT, 1, notes)


def _lane_of(new_lanes: list[tuple[int, dict[str, Any]]], key: str) -> dict[str, Any]:
    return next(lane for _, lane in new_lanes if lane["key"] == key)


def _understanding_of(m: Map, kind: str, sheet: str | None, orientation: str, header_at: int | None,
                      notes: list[str]) -> Understanding:
    lanes = tuple((lane.label, lane.key, lane.type.value, lane.key in BY_KEY) for lane in m.lanes)
    return Understanding(kind, sheet, orientation, header_at, lanes, len(m.stages), tuple(notes))


# --- cells --------------------------------------------------------------------------------------------


def _cell_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)):
        return f"{raw:g}"
    return str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()


def _label_text(raw: Any) -> str:
    text = " ".join(_cell_text(raw).split())
    return text[: limits.MAX_LABEL_CHARS].strip() or "—"


def _custom_type(cells: Any) -> LaneType:
    for raw in cells:
        if isinstance(raw, str) and len(parse_list(raw)) > 1:
            return LaneType.LIST
    return LaneType.TEXT


_EMOJI_SCORE = {face: score for score, face in emotion_scale.EMOJI.items()}
_LEADING_SCORE = re.compile(r"^([+\-−]?[0-2])(?:\s*[:.)—–-]\s*|\s+)(\S.*)$", re.S)


class _CellParser:
    """Turns raw cells into lane values; cells that do not parse are kept in extra "(not read)" lanes."""

    def __init__(self, language: str):
        self.language = language
        self.unread: dict[str, list[tuple[dict[str, Any], str]]] = {}  # lane key -> [(stage, text)]
        self.labels: dict[str, str] = {}
        self.suggested = 0
        self.unknown_words = 0
        self.scored_words = 0
        self.extra: dict[str, str] = {}  # "(not read)" lane key -> its lane's key

    def parse(self, lane: dict[str, Any], raw: Any, key: str, stage: dict[str, Any]) -> Any:
        lane_type = LaneType(lane["type"])
        try:
            if lane_type is LaneType.IMPORTANCE:
                return parse_importance(raw)
            if lane_type is LaneType.NUMBER:
                number = parse_number(raw)
                if key == "metrics" and number is not None and number < 0:
                    raise CellError("a number of customers: 0 or more", raw)
                return number
            if lane_type is LaneType.EMOTION:
                return self.emotion(raw)
            if lane_type is LaneType.LIST:
                return parse_list(_cell_text(raw))
            if lane_type is LaneType.CHOICE:
                text = _cell_text(raw)
                if text and text not in lane["options"]:
                    raise CellError("one of the options", raw)
                return text or None
            return _cell_text(raw) or None
        except CellError:
            self.keep(lane, raw, stage)
            return stage["values"].get(key) if stage["values"].get(key) is not None else None

    def keep(self, lane: dict[str, Any], raw: Any, stage: dict[str, Any]) -> None:
        self.unread.setdefault(lane["key"], []).append((stage, _cell_text(raw)))
        self.labels[lane["key"]] = lane["label"]

    def score(self, lane: dict[str, Any], raw: Any, stage: dict[str, Any]) -> int | None:
        """An emotion score cell of our own Data sheet (the words are a column of their own)."""
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
        text = _cell_text(raw)
        for face, value in _EMOJI_SCORE.items():
            if text.startswith(face) and text[len(face):].strip():
                self.scored_words += 1
                return {"score": value, "words": text[len(face):].strip(" \n:—–-")}
        match = _LEADING_SCORE.match(text)
        if match:
            self.scored_words += 1
            return {"score": int(match.group(1).replace("−", "-")), "words": match.group(2).strip()}
        if suggest(text) is None:
            self.unknown_words += 1
        else:
            self.suggested += 1
        return {"score": None, "words": text}

    def source_of(self, extra_key: str) -> str:
        return self.extra[extra_key]

    def extra_lanes(self, lanes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The "(not read)" lanes, and their values put into the stages."""
        out = []
        taken = {lane["key"] for lane in lanes}
        for key, cells in self.unread.items():
            label = f"{self.labels[key]} ({_w(self.language, 'not_read')})"[: limits.MAX_LABEL_CHARS]
            new_key = custom_lane_key(label, taken)
            taken.add(new_key)
            self.extra[new_key] = key
            out.append({"key": new_key, "label": label, "type": "text", "options": [], "hidden": False})
            for stage, text in cells:
                stage["values"][new_key] = text
        return out

    def notes(self) -> list[str]:
        out = []
        for key, cells in self.unread.items():
            out.append(f"{self.labels[key]}: {len(cells)} cell{'s' if len(cells) != 1 else ''} not read as "
                       f"its type, kept as text in \"{self.labels[key]} ({_w(self.language, 'not_read')})\"")
        if self.scored_words:
            out.append(f"emotion score and words in the same cell in {self.scored_words} cells")
        if self.suggested:
            out.append(f"emotion from words (suggested) in {self.suggested} cell{'s' if self.suggested != 1 else ''}")
        if self.unknown_words:
            out.append(f"emotion words the lexicon cannot score in {self.unknown_words} "
                       f"cell{'s' if self.unknown_words != 1 else ''}: left unrated")
        return out


# --- lane labels ------------------------------------------------------------------------------------

STAGE = "#stage"  # the stage-name header
WORDS_SUFFIX = "#words"  # an emotion lane's words column

_EXTRA: dict[str, tuple[str, ...]] = {
    "actions": ("действие", "действия клиента", "действия пользователя", "что делает клиент", "что делает",
                "action", "customer actions", "user actions", "doing", "activities", "activity"),
    "touchpoints": ("точка контакта", "точки касания", "точка касания", "точки взаимодействия", "touch points",
                    "touch point", "touchpoint", "touchpoints", "contact points"),
    "channels": ("канал", "каналы коммуникации", "channel", "communication channels"),
    "goals": ("цели", "цель", "цели клиента", "jtbd", "задачи клиента", "goal", "goals", "customer goals",
              "jobs to be done", "job to be done"),
    "emotion": ("эмоция", "эмоции клиента", "чувства", "чувство", "эмоциональное состояние", "настроение",
                "ощущения", "эмоциональная кривая", "emotion", "feelings", "feeling", "mood", "emotional state",
                "sentiment", "emotional curve", "emotion score", "оценка эмоции", "эмоции оценка"),
    "importance": ("значимость", "важность для клиента", "importance for the customer", "importance score"),
    "pain_points": ("боли", "боль", "барьеры", "проблемы", "боли клиента", "pain points", "pain point", "pains",
                    "pain", "barriers", "problems", "painpoints"),
    "expectations": ("ожидания", "потребности", "ожидания клиента", "expectations", "needs",
                     "expectations and needs"),
    "triggers": ("триггер", "trigger"),
    "hypotheses": ("гипотеза", "hypothesis"),
    "recommendations": ("рекомендация", "улучшения", "возможности", "идеи", "recommendation", "improvements",
                        "opportunities", "ideas"),
    "dmu_economic": ("эп", "экономический покупатель", "economic buyer"),
    "dmu_technical": ("тп", "технический покупатель", "technical buyer"),
    "dmu_user": ("кэ", "конечный эксплуатант", "end user"),
    "metrics": ("клиенты на этапе", "воронка", "количество клиентов", "число клиентов", "customers", "funnel",
                "number of customers", "customers at the stage"),
    STAGE: ("этап", "этапы", "стадия", "стадии", "шаг", "фаза", "этап пути", "название этапа", "этапы пути",
            "stage", "stages", "step", "phase", "stage name", "journey stage", "stage id"),
}
_WORDS_SUFFIXES = ("words", "слова", "описание", "description")


def _normal(text: str) -> str:
    text = text.lower().replace("ё", "е")
    kept = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text)
    return " ".join(kept.split())


def _variants(text: str) -> list[str]:
    """The label as written, then without parenthesised hints, then without digits."""
    full = _normal(text)
    bare = _normal(re.sub(r"[(\[][^)\]]*[)\]]", " ", text))
    no_digits = " ".join(word for word in bare.split() if not word.isdigit())
    return [v for v in dict.fromkeys((full, bare, no_digits)) if v]


def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for lane in CATALOGUE:
        for label in (lane.label_ru, lane.label_en, lane.key.replace("_", " ")):
            for variant in _variants(label):
                table.setdefault(variant, lane.key)
    for key, words in _EXTRA.items():
        for word in words:
            table.setdefault(_normal(word), key)
    return table


SYNONYMS: dict[str, str] = _synonyms()


def recognise(label: Any) -> str | None:
    """The lane key a label means (``#stage`` for the stage-name header, ``<key>#words`` for emotion words)."""
    if not isinstance(label, str) or len(label) > 120:
        return None
    variants = _variants(label)
    for variant in variants:
        words = variant.split()
        if len(words) > 1 and words[-1] in _WORDS_SUFFIXES:
            head = SYNONYMS.get(" ".join(words[:-1]))
            if head is not None and BY_KEY.get(head) is not None and BY_KEY[head].type is LaneType.EMOTION:
                return head + WORDS_SUFFIX
    for variant in variants:
        if variant in SYNONYMS:
            return SYNONYMS[variant]
    return None


# --- foreign tables ---------------------------------------------------------------------------------------


@dataclass
class _Layout:
    orientation: str
    index: int  # 0-based: the label column (stages-as-columns) or the header row (stages-as-rows)
    score: int
    found: dict[int, str] = field(default_factory=dict)  # position along the labels -> recognised key


def _find_layout(rows: list[list[Any]]) -> _Layout | None:
    if not rows or not rows[0]:
        return None
    best: _Layout | None = None
    for c in range(min(len(rows[0]), 5)):
        found = {r: key for r, row in enumerate(rows) if (key := recognise(row[c])) is not None}
        if _useful(found) and (best is None or len(found) > best.score):
            best = _Layout(COLUMNS, c, len(found), found)
    for r, row in enumerate(rows[:200]):
        found = {c: key for c, value in enumerate(row) if (key := recognise(value)) is not None}
        if _useful(found) and (best is None or len(found) > best.score
                               or (len(found) == best.score and STAGE in found.values())):
            best = _Layout(ROWS, r, len(found), found)
    return best


def _useful(found: dict[int, str]) -> bool:
    return any(key != STAGE for key in found.values())


def _build(rows: list[list[Any]], layout: _Layout, name: str, language: str, kind: str, sheet: str | None,
           notes: list[str]) -> tuple[Map, Understanding]:
    """The map from a table. For stages-as-columns the table is transposed first, so that in both cases
    ``table[header_pos]`` holds the lane labels and every later non-blank line is a stage."""
    if layout.orientation == COLUMNS:
        table = [list(column) for column in zip(*rows, strict=True)]
        header_pos = layout.index
        stage_col = _stage_row(table, layout)
        start = min([*layout.found, *([stage_col] if stage_col is not None else [])])
    else:
        table = rows
        header_pos = start = layout.index
        stage_col = None
    header = table[header_pos]
    lines = [line for pos, line in enumerate(table) if pos > header_pos and any(v is not None for v in line)]
    if layout.orientation == ROWS:
        stage_col = next((i for i, v in enumerate(header) if recognise(v) == STAGE), None)
        if stage_col is None:  # the first column, when its header is empty or not a lane label
            first = next((i for i, v in enumerate(header) if v is not None or any(line[i] is not None
                                                                                 for line in lines)), None)
            if first is not None and recognise(header[first]) is None:
                stage_col = first
    title = _title_above(rows, layout, start)
    if start:
        notes.append(f"skipped {start} {'title ' if title else ''}row{'s' if start != 1 else ''} above the table")
    parser = _CellParser(language)
    lanes: list[dict[str, Any]] = []
    sources: list[tuple[int, str, str]] = []  # (index in a line, "v"/"w", lane key)
    taken: set[str] = set()
    file_labels: dict[str, str] = {}
    for index, label in enumerate(header):
        if index == stage_col:
            continue
        has_values = any(line[index] is not None for line in lines)
        if label is None and not has_values:
            continue
        if layout.orientation == COLUMNS and index < start:
            continue  # title and blank rows above the table (counted in "skipped … rows")
        key = recognise(label)
        part = "v"
        if key is not None and key.endswith(WORDS_SUFFIX):
            key, part = key[: -len(WORDS_SUFFIX)], "w"
        if key is not None and key != STAGE and not any(p == part and k == key for _, p, k in sources):
            emotion_half = part == "w" or (key in taken and BY_KEY[key].type is LaneType.EMOTION)
            if key not in taken:
                _add_standard(lanes, taken, key, language)
                file_labels[key] = _label_text(label)
                sources.append((index, part, key))
                continue
            if emotion_half:  # the other half (score or words) of an emotion lane already seen
                sources.append((index, part, key))
                continue
        where = "row" if layout.orientation == COLUMNS else "column"
        text = _label_text(label) if label is not None else f"{_w(language, where)} {index + 1}"
        new_key = custom_lane_key(text, taken)
        taken.add(new_key)
        lane_type = _custom_type(line[index] for line in lines)
        lanes.append({"key": new_key, "label": text, "type": lane_type.value, "options": [], "hidden": False})
        file_labels[new_key] = text
        sources.append((index, "v", new_key))
    by_key = {lane["key"]: lane for lane in lanes}
    stages: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        raw_name = line[stage_col] if stage_col is not None else None
        stage = {"id": new_stage_id(), "name": (_label_text(raw_name) if raw_name is not None
                                                else f"{_w(language, 'stage')} {number}"), "values": {}}
        for index, part, key in sources:
            raw = line[index]
            if raw is None:
                continue
            old = stage["values"].get(key)
            if part == "w":
                stage["values"][key] = {"score": old["score"] if old else None, "words": _cell_text(raw)}
                continue
            value = parser.parse(by_key[key], raw, key, stage)
            if value is not None and by_key[key]["type"] == LaneType.EMOTION and old:
                value = {"score": value["score"], "words": old["words"] or value["words"]}
            if value is not None:
                stage["values"][key] = value
        stages.append(stage)
    if not stages:
        raise MapFileError(f"{name}: the table has lane labels but no stages")
    for lane in parser.extra_lanes(lanes):  # each "(not read)" lane right after its own
        source = parser.source_of(lane["key"])
        position = next(i for i, item in enumerate(lanes) if item["key"] == source)
        lanes.insert(position + 1, lane)
        file_labels[lane["key"]] = lane["label"]
    notes.extend(parser.notes())
    doc = {"schema_version": SCHEMA_VERSION, "title": title or _title_from(name, language), "language": language,
           "kind": "custom", "lanes": lanes, "stages": stages}
    new_map = map_from_dict(doc)
    lanes_seen = tuple((file_labels.get(lane.key, lane.label), lane.key, lane.type.value, lane.key in BY_KEY)
                       for lane in new_map.lanes)
    return new_map, Understanding(kind, sheet, layout.orientation, start + 1, lanes_seen, len(new_map.stages),
                                  tuple(notes))


def _add_standard(lanes: list[dict[str, Any]], taken: set[str], key: str, language: str) -> None:
    entry = BY_KEY[key]
    lanes.append({"key": key, "label": entry.label(language), "type": entry.type.value, "options": [],
                  "hidden": False})
    taken.add(key)


def _stage_row(table: list[list[Any]], layout: _Layout) -> int | None:
    """Stages-as-columns (``table`` transposed): the row of stage names.

    The row labelled "Этап"/"Stage", else the nearest row above the first lane label with something right
    of the label column (a title row, merged or not, has nothing there), else none.
    """
    for r, key in layout.found.items():
        if key == STAGE:
            return r
    for r in range(min(layout.found) - 1, -1, -1):
        if any(line[r] is not None for line in table[layout.index + 1:]):
            return r
    return None


def _title_above(rows: list[list[Any]], layout: _Layout, start: int) -> str | None:
    """The first text above the table (a title row), when it is not a lane label."""
    for row in rows[:start]:
        for value in row:
            if isinstance(value, str) and value.strip() and recognise(value) is None:
                return " ".join(value.split())[: limits.MAX_TITLE_CHARS]
    return None


def _title_from(name: str, language: str) -> str:
    stem = Path(name).stem.replace("_", " ").strip()
    return " ".join(stem.split())[: limits.MAX_TITLE_CHARS] or _w(language, "untitled")


# --- CSV ------------------------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise MapFileError(f"{name}: damaged UTF-16 text") from None
    if b"\x00" in data[:65536]:
        raise MapFileError(f"{name}: binary data, not a CSV table (save the spreadsheet as .xlsx or CSV)")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _sniff(text: str) -> str:
    sample = text[:65536].splitlines()[:60]
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter) if any(cell.strip() for cell in row)]
        if not counts:
            continue
        width, times = Counter(counts).most_common(1)[0]
        score = (times if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str, language: str) -> tuple[Map, Understanding]:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise MapFileError(f"{name}: the file is empty")
    delimiter = _sniff(text)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([cell.strip() or None for cell in row[:MAX_COLS]])
            if len(rows) >= MAX_ROWS:
                break
    except csv.Error as exc:
        raise MapFileError(f"{name}: not a readable CSV table ({exc})") from None
    rows = _trim(rows)
    layout = _find_layout(rows)
    if layout is None:
        raise MapFileError(f"{name}: no journey map table found (no lane labels such as \"Действия\", \"Эмоции\", "
                           "\"Actions\", \"Pain points\" in the first column or a header row)")
    shown = {";": ";", ",": ",", "\t": "tab"}[delimiter]
    return _build(rows, layout, name, language, KIND_CSV, None, [f"encoding {encoding}, separator {shown}"])
