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
from ..errors import MapFileError
from ..i18n import t
from ..import_plan import WORDS, ImportPlan, Source, apply
from ..lanes import BY_KEY, CATALOGUE, LaneType
from ..model import Map
from .settings import COLUMNS, HIDDEN_SHEET, KIND_SPREADSHEET, LAYOUT_COLUMNS, LAYOUT_ROWS, MAX_LABEL_LENGTH, ROWS
from .values import Understanding, custom_type, label_text, raw_text, sheet_rows

# --- lane labels ------------------------------------------------------------------------------------

STAGE = "#stage"  # the stage-name header
PHASE = "#phase"  # a group row (or column) of stages
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
                "sentiment", "emotional curve", "emotion score", "оценка эмоции", "эмоции оценка",
                "удовлетворенность", "удовлетворенность клиента", "satisfaction", "customer satisfaction", "csat"),
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
    STAGE: ("этап", "этапы", "стадия", "стадии", "шаг", "этап пути", "название этапа", "этапы пути",
            "stage", "stages", "step", "stage name", "journey stage", "stage id"),
    PHASE: ("фаза", "фазы", "группа этапов", "группа", "phase", "phases", "stage group", "group"),
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
    return any(key not in (STAGE, PHASE) for key in found.values())


def build(rows: list[list[Any]], layout: Layout, name: str, language: str, kind: str, sheet: str | None,
          notes: list[str]) -> tuple[Map, Understanding]:
    """The map from a table, with the reader's guesses (the plan is in ``Understanding.plan``)."""
    return apply(analyse(rows, layout, name, language, kind, sheet, notes))


def analyse(rows: list[list[Any]], layout: Layout, name: str, language: str, kind: str, sheet: str | None,
            notes: list[str]) -> ImportPlan:
    """What the table holds, before any choice (:mod:`cjm.import_plan`). For stages-as-columns the table is
    transposed first, so that in both cases ``table[header_pos]`` holds the lane labels and every later non-blank
    line is a stage."""
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
    lines, beside_lines = _split_notes([line for pos, line in enumerate(table) if pos > header_pos])
    phase_col: int | None = None
    if layout.orientation == ROWS:
        stage_col = next((i for i, v in enumerate(header) if recognise(v) == STAGE), None)
        phase_col = next((i for i, v in enumerate(header) if recognise(v) == PHASE), None)
        if stage_col is None and phase_col is not None:
            stage_col, phase_col = phase_col, None
        if stage_col is None:  # the first column, when its header is empty or not a lane label
            first = next((i for i, v in enumerate(header) if v is not None or any(line[i] is not None
                                                                                 for line in lines)), None)
            if first is not None and recognise(header[first]) is None:
                stage_col = first
        if phase_col is None and stage_col:
            phase_col = _phase_line(header, lines, stage_col - 1)
    else:
        phase_col = next((r for r, key in layout.found.items() if key == PHASE), None)
        if phase_col is None and stage_col:
            phase_col = _phase_line(header, lines, stage_col - 1)
        if phase_col is not None and phase_col < start:
            start = phase_col
    beside_positions = _beside(header, lines, {stage_col, phase_col})
    above = [row for index, row in enumerate(rows[:start])]
    title, persona, description = _texts_above(above)
    more_notes = [text for pos in beside_positions for text in _texts(
        [header[pos], *(line[pos] for line in lines)])] + [text for line in beside_lines for text in _texts(line)]
    description = "\n".join(part for part in (description, *more_notes) if part)
    if start:
        notes.append(t("xlsx.import.skipped_title" if title else "xlsx.import.skipped", language, count=start))
    sources: list[Source] = []
    seen_ids: set[str] = set()
    seen_guess: set[tuple[str, str]] = set()
    for index, label in enumerate(header):
        if index in (stage_col, phase_col) or index in beside_positions:
            continue
        cells = tuple(line[index] for line in lines)
        if label is None and all(value is None for value in cells):
            continue
        if layout.orientation == COLUMNS and index < start:
            continue  # title and blank rows above the table (counted in "skipped … rows")
        key = recognise(label)
        part = "v"
        if key is not None and key.endswith(WORDS_SUFFIX):
            key, part = key[: -len(WORDS_SUFFIX)], WORDS
        if key in (STAGE, PHASE) or (key is not None and (key, part) in seen_guess):
            key = None
        if key is not None:
            seen_guess.add((key, part))
        where = "xlsx.import.row_n" if layout.orientation == COLUMNS else "xlsx.import.column_n"
        text = label_text(label) if label is not None else t(where, language, number=index + 1)
        source_id = text
        number = 2
        while source_id in seen_ids:
            source_id, number = f"{text} ({number})", number + 1
        seen_ids.add(source_id)
        sources.append(Source(source_id, text, key, part if key is not None else "v", cells,
                              custom_type(cells).value))
    stage_names = tuple(label_text(line[stage_col]) if stage_col is not None and line[stage_col] is not None
                        else t("xlsx.import.stage_n", language, number=number)
                        for number, line in enumerate(lines, start=1))
    if not stage_names:
        raise MapFileError.keyed("err.table.no_stages", name=name)
    phases = _phases([line[phase_col] for line in lines]) if phase_col is not None else ()
    return ImportPlan(name, language, kind, sheet, layout.orientation, start + 1, stage_names, tuple(sources),
                      (title or _title_from(name, language))[: limits.MAX_TITLE_CHARS], persona[:2000],
                      description[: limits.MAX_CELL_CHARS], phases, tuple(notes))


def _split_notes(lines: list[list[Any]]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The stage lines, and the notes after them: after a blank line, lines of one cell only (a source, a
    comment written under the table or right of it)."""
    stages: list[list[Any]] = []
    notes: list[list[Any]] = []
    gap = False
    for line in lines:
        filled = sum(value is not None for value in line)
        if not filled:
            gap = gap or bool(stages)
            continue
        if gap and filled == 1 and not notes or notes and filled == 1:
            notes.append(line)
            continue
        if notes:  # a table again after the notes: they were stages after all
            stages.extend(notes)
            notes = []
        stages.append(line)
    return stages, notes


def _beside(header: list[Any], lines: list[list[Any]], skip: set[int | None]) -> set[int]:
    """Positions right of a blank position after the table that hold no lane: notes beside the table (no lane
    label, and cells in at most half of the stages)."""
    out: set[int] = set()
    seen_table = gap = False
    for index, label in enumerate(header):
        empty = label is None and all(line[index] is None for line in lines)
        if empty:
            gap = gap or seen_table
            continue
        if not gap:
            seen_table = seen_table or index not in skip
            continue
        filled = sum(line[index] is not None for line in lines)
        if recognise(label) is None and (label is None or filled * 2 <= len(lines)):
            out.add(index)
    return out


def _phase_line(header: list[Any], lines: list[list[Any]], position: int) -> int | None:
    """The position just before the stage names, when it groups them: a merged group row (a name on the first
    stage of each group, blanks after it; or the name repeated), with no lane label."""
    if position < 0 or len(lines) < 2 or recognise(header[position]) not in (None, PHASE):
        return None
    values = [line[position] for line in lines]
    if values[0] is None or not all(value is None or isinstance(value, str) for value in values):
        return None
    names = [label_text(v) for v in values if v is not None]
    groups = len(_phases(values))
    least = 1 if recognise(header[position]) == PHASE else 2  # one unlabelled group over all: a title, not phases
    return position if least <= groups < len(lines) and len(set(names)) == groups else None


def _phases(values: list[Any]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    out: list[tuple[str, list[int]]] = []
    for index, value in enumerate(values):
        name = label_text(value) if value is not None else None
        if name is not None and (not out or out[-1][0] != name):
            out.append((name, [index]))
        elif out:
            out[-1][1].append(index)
    return tuple((name, tuple(indexes)) for name, indexes in out)


_PERSONA = re.compile(r"^\s*(персона|persona|сегмент|segment|клиент|customer|аудитория|audience|профиль|profile)"
                      r"\s*[:—–-]\s*(\S.*)$", re.I | re.S)


def _texts(values: list[Any]) -> list[str]:
    return [raw_text(value) for value in values if value is not None and raw_text(value)]


def _texts_above(rows: list[list[Any]]) -> tuple[str | None, str, str]:
    """Title (the first text above the table that is not a lane label), persona ("Персона: …",
    "Segment: …") and the other texts (the description), in reading order."""
    title: str | None = None
    persona = ""
    rest: list[str] = []
    for row in rows:
        texts = _texts(row)
        if not texts:
            continue
        line = " ".join(texts)
        match = _PERSONA.match(texts[0]) or (_PERSONA.match(line) if len(texts) > 1 else None)
        if match is None and len(texts) > 1 and _PERSONA.match(texts[0] + ": " + " ".join(texts[1:])):
            match = _PERSONA.match(texts[0] + ": " + " ".join(texts[1:]))
        if match:
            persona = persona or " ".join(match.group(2).split())
        elif title is None and isinstance(row[next(i for i, v in enumerate(row) if v is not None)], str) \
                and recognise(texts[0]) is None:
            title = " ".join(texts[0].split())
            rest.extend(texts[1:])
        else:
            rest.append(line)
    return title, persona, "\n".join(rest)


def _stage_row(table: list[list[Any]], layout: Layout) -> int | None:
    """Stages-as-columns (``table`` transposed): the row of stage names.

    The row labelled "Этап"/"Stage", else the nearest row above the first lane label with something right
    of the label column (a title row, merged or not, has nothing there), else none.
    """
    for r, key in layout.found.items():
        if key == STAGE:
            return r
    phase = next((r for r, key in layout.found.items() if key == PHASE), None)
    lanes = [r for r, key in layout.found.items() if key != PHASE]
    for r in range(min(lanes) - 1, -1, -1):
        if r != phase and any(line[r] is not None for line in table[layout.index + 1:]):
            return r
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
        raise MapFileError.keyed("err.xlsx.no_table", name=name)
    _, title, rows, layout = best
    return build(rows, layout, name, language, KIND_SPREADSHEET, title, [])
