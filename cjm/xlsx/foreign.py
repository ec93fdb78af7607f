"""Foreign spreadsheets and CSV tables, as people make them, in either orientation.

Stages across the top with lane labels in a column, or one row per stage with lane labels as column
headers. The orientation is the one where more cells are recognised lane labels (Russian or English, with
synonyms; case, emoji and punctuation ignored). Title, legend and blank rows above the table are skipped;
the first text above the table is the title. Nothing is dropped: unknown rows and columns become custom
lanes, cells that do not parse are kept (see :mod:`cjm.xlsx.values`). Empty rows and columns are skipped;
a stage without a name is named "Этап N" / "Stage N".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import limits
from ..editing import custom_lane_key
from ..errors import MapFileError
from ..i18n import t
from ..lanes import BY_KEY, CATALOGUE, LaneType
from ..mapfile import map_from_dict
from ..model import SCHEMA_VERSION, Map, new_stage_id
from .settings import COLUMNS, HIDDEN_SHEET, KIND_SPREADSHEET, LAYOUT_COLUMNS, LAYOUT_ROWS, MAX_LABEL_LENGTH, ROWS
from .values import CellParser, Understanding, custom_type, label_text, raw_text, sheet_rows

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
        for synonym in words:
            table.setdefault(_normal(synonym), key)
    return table


SYNONYMS: dict[str, str] = _synonyms()


def recognise(label: Any) -> str | None:
    """The lane key a label means (``#stage`` for the stage-name header, ``<key>#words`` for emotion words)."""
    if not isinstance(label, str) or len(label) > MAX_LABEL_LENGTH:
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


# --- tables ---------------------------------------------------------------------------------------------


@dataclass
class Layout:
    orientation: str
    index: int  # 0-based: the label column (stages-as-columns) or the header row (stages-as-rows)
    score: int
    found: dict[int, str] = field(default_factory=dict)  # position along the labels -> recognised key


def find_layout(rows: list[list[Any]]) -> Layout | None:
    if not rows or not rows[0]:
        return None
    best: Layout | None = None
    for c in range(min(len(rows[0]), LAYOUT_COLUMNS)):
        found = {r: key for r, row in enumerate(rows) if (key := recognise(row[c])) is not None}
        if _useful(found) and (best is None or len(found) > best.score):
            best = Layout(COLUMNS, c, len(found), found)
    for r, row in enumerate(rows[:LAYOUT_ROWS]):
        found = {c: key for c, value in enumerate(row) if (key := recognise(value)) is not None}
        if _useful(found) and (best is None or len(found) > best.score
                               or (len(found) == best.score and STAGE in found.values())):
            best = Layout(ROWS, r, len(found), found)
    return best


def _useful(found: dict[int, str]) -> bool:
    return any(key != STAGE for key in found.values())


def build(rows: list[list[Any]], layout: Layout, name: str, language: str, kind: str, sheet: str | None,
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
        notes.append(t("xlsx.import.skipped_title" if title else "xlsx.import.skipped", language, count=start))
    parser = CellParser(language)
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
                file_labels[key] = label_text(label)
                sources.append((index, part, key))
                continue
            if emotion_half:  # the other half (score or words) of an emotion lane already seen
                sources.append((index, part, key))
                continue
        where = "xlsx.import.row_n" if layout.orientation == COLUMNS else "xlsx.import.column_n"
        text = label_text(label) if label is not None else t(where, language, number=index + 1)
        new_key = custom_lane_key(text, taken)
        taken.add(new_key)
        lane_type = custom_type(line[index] for line in lines)
        lanes.append({"key": new_key, "label": text, "type": lane_type.value, "options": [], "hidden": False})
        file_labels[new_key] = text
        sources.append((index, "v", new_key))
    by_key = {lane["key"]: lane for lane in lanes}
    stages: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        raw_name = line[stage_col] if stage_col is not None else None
        stage = {"id": new_stage_id(), "name": (label_text(raw_name) if raw_name is not None
                                                else t("xlsx.import.stage_n", language, number=number)),
                 "values": {}}
        for index, part, key in sources:
            raw = line[index]
            if raw is None:
                continue
            old = stage["values"].get(key)
            if part == "w":
                stage["values"][key] = {"score": old["score"] if old else None, "words": raw_text(raw)}
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
    notes.extend(parser.notes(language))
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


def _stage_row(table: list[list[Any]], layout: Layout) -> int | None:
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


def _title_above(rows: list[list[Any]], layout: Layout, start: int) -> str | None:
    """The first text above the table (a title row), when it is not a lane label."""
    for row in rows[:start]:
        for value in row:
            if isinstance(value, str) and value.strip() and recognise(value) is None:
                return " ".join(value.split())[: limits.MAX_TITLE_CHARS]
    return None


def _title_from(name: str, language: str) -> str:
    stem = Path(name).stem.replace("_", " ").strip()
    return " ".join(stem.split())[: limits.MAX_TITLE_CHARS] or t("xlsx.import.untitled", language)


# --- the best sheet of a workbook -------------------------------------------------------------------------


def from_sheets(workbook: Any, name: str, language: str) -> tuple[Map, Understanding]:
    """The visible sheet where the most lane labels are recognised, read as a foreign table."""
    best: tuple[int, str, list[list[Any]], Layout] | None = None
    for ws in workbook.worksheets:
        if ws.title == HIDDEN_SHEET or getattr(ws, "sheet_state", "visible") != "visible":
            continue
        rows = sheet_rows(ws)
        layout = find_layout(rows)
        if layout is not None and (best is None or layout.score > best[0]):
            best = (layout.score, ws.title, rows, layout)
    if best is None:
        raise MapFileError(f"{name}: no sheet holds a journey map table (no lane labels such as "
                           "\"Действия\", \"Эмоции\", \"Actions\", \"Pain points\" in a column or a header row)")
    _, title, rows, layout = best
    return build(rows, layout, name, language, KIND_SPREADSHEET, title, [])
