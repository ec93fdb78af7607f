"""The Map sheet: the classic picture (stages as columns, lanes as rows) that people read, print and edit.

Layout (docs/xlsx-format.md; positions in :mod:`cjm.xlsx.settings`):

* the hidden column A names each row's role (``title``, ``persona``, ``date``, the key row's magic, ``stage``,
  ``level``, ``v:<lane key>``, ``legend``), and the hidden row 4 holds each stage column's id: so the reader
  (:mod:`cjm.xlsx.map_read`) recognises renamed, moved, inserted and deleted rows and columns;
* rows 1–3: the title, the persona and the date (and the library version) — also the print header;
* a map with phases has their row first (row 5, role ``phase``: each phase's name merged over its stages, styled
  like the header; stages in no phase have an empty cell) and everything below moves one row down;
* row 5: the stage names ("1. Name"), row 6: each stage's level as a word and its score, filled with the
  level's colour (the word survives a font without emoji and black-and-white printing; the emoji is extra);
* from row 7: one row per visible lane, its label in column B; emotions coloured by score, bottleneck
  columns tinted; then the legend (levels, emotion scale).

Every cell names its font (:mod:`cjm.xlsx.style`); user text is always a string cell.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import emotion as emotion_scale
from .. import levels, numbers, phases
from ..cells import cell_text, stars
from ..i18n import t
from ..lanes import LaneType
from ..model import Lane, Map
from ..scoring import StageScore
from .evidence_look import show_marks
from .settings import (
    EMOTION_FILL,
    HEADER_FILL,
    LANE_WIDTH,
    MAP_FIRST_LANE_ROW,
    MAP_FIRST_STAGE_COLUMN,
    MAP_KEY_ROW,
    MAP_LABEL_COLUMN,
    MAP_LEVEL_ROW,
    MAP_MAGIC,
    MAP_ROLE_COLUMN,
    MAP_STAGE_ROW,
    ROLE_DATE,
    ROLE_LEGEND,
    ROLE_LEVEL,
    ROLE_PERSONA,
    ROLE_PHASE,
    ROLE_STAGE,
    ROLE_TITLE,
    ROLE_WIDTH,
    STAGE_WIDTH,
    VALUE_PREFIX,
)
from .style import BOLD, GREY, TEXT, TITLE, WRAP, fill, height, line_count, print_header, print_setup, put, style_cache


def level_fills(colour: str) -> dict[str, PatternFill]:
    """Each level's fill from :mod:`cjm.levels`: "print_tint" for cells, "print_header" for marks."""
    return {level: fill(levels.excel_colour(getattr(style, colour))) for level, style in levels.STYLES.items()}


def level_word(level: str, language: str) -> str:
    """'КРИТИЧНО 🔴' / 'CRITICAL 🔴': the level as a word any font prints (with its colour as the fill); the
    emoji comes last, as an extra (a PDF made by LibreOffice drops it, leaving no gap)."""
    return f"{levels.word(level, language).upper()} {levels.icon(level)}"


def level_mark(level: str, score: StageScore | None, language: str) -> str:
    """The Map sheet's level cell: 'CRITICAL · 100 🔴' ('—' for no score)."""
    shown = numbers.score(score.score if score is not None else None, language)  # decimal comma in Russian
    return f"{levels.word(level, language).upper()} · {shown} {levels.icon(level)}"


def score_text(score: int) -> str:
    """'−2', '+1', '0': an emotion score with its sign (the emoji is written after, as an extra)."""
    return emotion_scale.label(score).split(" ", 1)[1]


def emotion_text(value: dict[str, Any], language: str) -> str:
    """'−2 (very negative) 😡' and the words on the next line."""
    parts = []
    if value["score"] is not None:
        words = emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])[value["score"]]
        parts.append(f"{score_text(value['score'])} ({words}) {emotion_scale.EMOJI[value['score']]}")
    if value["words"]:
        parts.append(value["words"])
    return "\n".join(parts)


def map_value(lane: Lane, value: Any, language: str) -> Any:
    """What a Map cell shows for a lane's value: text, or the number of a number lane; "" when empty."""
    if value is None:
        return ""
    if lane.type is LaneType.EMOTION:
        return emotion_text(value, language)
    if lane.type is LaneType.IMPORTANCE:
        return f"{stars(value)} {value}/5"
    if lane.type is LaneType.NUMBER:
        return value
    return cell_text(lane, value)


def stage_header(number: int, name: str) -> str:
    return f"{number}. {name}"


def date_text(m: Map, version: int | None) -> str:
    """The map's last change (and the library version when the export knows it): deterministic, so the
    reader can tell an edited cell from the one written."""
    shown = m.updated.strftime("%d.%m.%Y" if m.language == "ru" else "%Y-%m-%d")
    return shown if version is None else f"{shown} · {t('xlsx.version', m.language, version=version)}"


def legend(m: Map) -> list[tuple[str, str]]:
    settings, language = m.scoring, m.language
    critical, warning = f"{settings.critical_at:g}", f"{settings.warning_at:g}"
    return [(level, t(f"xlsx.meaning.{level}", language, critical=critical, warning=warning))
            for level in levels.LEVELS]


def phase_row(ws: Worksheet, m: Map, row: int, label: Any) -> None:
    """The phases' row: each phase's name over its stages (merged), styled like the header; a stage in no phase
    has an empty cell (a spreadsheet's merged group row, as people make them, and as :mod:`cjm.xlsx.map_read`
    reads back)."""
    put(ws, row, MAP_ROLE_COLUMN, ROLE_PHASE).font = GREY
    cell = put(ws, row, MAP_LABEL_COLUMN, t("phases.label", m.language))
    cell.font, cell.fill, cell.alignment = BOLD, label, WRAP
    lines = 1
    for run in phases.runs(m):
        if run.phase is None:
            continue
        column = MAP_FIRST_STAGE_COLUMN + run.start
        cell = put(ws, row, column, run.phase.name)
        cell.font, cell.fill, cell.alignment = BOLD, label, Alignment(wrap_text=True, vertical="top",
                                                                       horizontal="center")
        if run.span > 1:
            ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + run.span - 1)
        lines = max(lines, line_count(run.phase.name, STAGE_WIDTH * run.span))
    ws.row_dimensions[row].height = height(lines)


def map_sheet(ws: Worksheet, m: Map, by_stage: dict[str, StageScore], version: int | None = None) -> None:
    style = style_cache()
    # a map with phases gets their row above the stage names; an old map's sheet stays as it was
    shift = 1 if phases.has_bands(m) else 0
    stage_row, level_row, first_lane_row = MAP_STAGE_ROW + shift, MAP_LEVEL_ROW + shift, MAP_FIRST_LANE_ROW + shift
    language = m.language
    lanes = [lane for lane in m.lanes if not lane.hidden]
    stage_levels = [by_stage[stage.id].level if stage.id in by_stage else levels.UNRATED for stage in m.stages]
    first, label_col = MAP_FIRST_STAGE_COLUMN, MAP_LABEL_COLUMN
    header_fill = fill(HEADER_FILL)
    column_fills, mark_fills = level_fills("print_tint"), level_fills("print_header")
    emotion_fills = {score: fill(color) for score, color in EMOTION_FILL.items()}

    def role(row: int, name: str) -> None:
        put(ws, row, MAP_ROLE_COLUMN, name).font = GREY

    # the title block
    role(1, ROLE_TITLE)
    put(ws, 1, label_col, m.title).font = TITLE
    ws.row_dimensions[1].height = 22
    # the persona and the date with their labels in column B, which no stage column shifts (the text runs on
    # over the empty cells beside it)
    role(2, ROLE_PERSONA)
    put(ws, 2, label_col, f"{t('xlsx.persona', language)}: {m.persona}".rstrip()).font = TEXT
    role(3, ROLE_DATE)
    date = date_text(m, version)
    put(ws, 3, label_col, f"{t('xlsx.updated', language)}: {date}").font = TEXT

    # the keys (hidden) and the stage and level rows
    role(MAP_KEY_ROW, MAP_MAGIC)
    role(stage_row, ROLE_STAGE)
    role(level_row, ROLE_LEVEL)
    if shift:
        phase_row(ws, m, MAP_STAGE_ROW, header_fill)  # row 5; the stages below
    corner = put(ws, stage_row, label_col, t("xlsx.map.corner", language))
    corner.font, corner.fill, corner.alignment = BOLD, header_fill, WRAP
    level_label = put(ws, level_row, label_col, t("xlsx.level", language))
    level_label.font, level_label.fill, level_label.alignment = BOLD, header_fill, WRAP
    header_lines = 1
    for index, (stage, level) in enumerate(zip(m.stages, stage_levels, strict=True)):
        column = first + index
        put(ws, MAP_KEY_ROW, column, stage.id).font = GREY
        text = stage_header(index + 1, stage.name)
        header_lines = max(header_lines, line_count(text, STAGE_WIDTH))
        style(put(ws, stage_row, column, text), font=BOLD, alignment=WRAP,
              fill=mark_fills[level] if levels.is_bottleneck(level) else header_fill)
        style(put(ws, level_row, column, level_mark(level, by_stage.get(stage.id), language)),
              font=BOLD, alignment=WRAP, fill=mark_fills[level])
        ws.column_dimensions[get_column_letter(column)].width = STAGE_WIDTH
    ws.row_dimensions[stage_row].height = height(header_lines)
    ws.row_dimensions[MAP_KEY_ROW].hidden = True

    # the lanes
    for row, lane in enumerate(lanes, start=first_lane_row):
        role(row, f"{VALUE_PREFIX}{lane.key}")
        label = put(ws, row, label_col, lane.label)
        label.font, label.fill, label.alignment = BOLD, header_fill, WRAP
        lines = line_count(lane.label, LANE_WIDTH)
        for index, (stage, level) in enumerate(zip(m.stages, stage_levels, strict=True)):
            value = stage.values.get(lane.key)
            shown = map_value(lane, value, language)
            lines = max(lines, line_count(shown, STAGE_WIDTH) if isinstance(shown, str) else 1)
            cell = put(ws, row, first + index, shown if shown != "" else None)
            if lane.type is LaneType.EMOTION and value is not None and value["score"] is not None:
                style(cell, font=TEXT, alignment=WRAP, fill=emotion_fills[value["score"]])
            elif levels.is_bottleneck(level):
                style(cell, font=TEXT, alignment=WRAP, fill=column_fills[level])
            else:
                style(cell, font=TEXT, alignment=WRAP)
        ws.row_dimensions[row].height = height(lines)  # spreadsheet apps do not grow wrapped rows by themselves

    # the legend: the levels, and beside them the emotion scale
    row = first_lane_row + len(lanes) + 1
    role(row, ROLE_LEGEND)
    put(ws, row, label_col, t("xlsx.legend", language)).font = BOLD
    for offset, (level, meaning) in enumerate(legend(m), start=1):
        style(put(ws, row + offset, label_col, level_word(level, language)), font=BOLD, fill=mark_fills[level],
              alignment=WRAP)
        style(put(ws, row + offset, first, meaning), font=TEXT, alignment=WRAP)
        ws.row_dimensions[row + offset].height = height(line_count(meaning, STAGE_WIDTH, 1.15))
    scale_words = emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])
    for offset, score in enumerate(emotion_scale.SCALE, start=1):
        style(put(ws, row + offset, first + 1, f"{score_text(score)} {emotion_scale.EMOJI[score]}"), font=BOLD,
              fill=emotion_fills[score], alignment=WRAP)
        style(put(ws, row + offset, first + 2, scale_words[score]), font=TEXT, alignment=WRAP)

    ws.column_dimensions[get_column_letter(MAP_ROLE_COLUMN)].width = ROLE_WIDTH
    ws.column_dimensions[get_column_letter(MAP_ROLE_COLUMN)].hidden = True
    ws.column_dimensions[get_column_letter(label_col)].width = LANE_WIDTH
    ws.freeze_panes = ws.cell(row=first_lane_row, column=first).coordinate
    width = LANE_WIDTH + STAGE_WIDTH * len(m.stages)
    print_setup(ws, language, width)
    if not ws.sheet_properties.pageSetUpPr.fitToPage:  # pages across: the title block would print cut on each;
        last = get_column_letter(first + max(len(m.stages), 3) - 1)  # the print header carries it instead
        ws.print_area = f"{get_column_letter(label_col)}{MAP_STAGE_ROW}:{last}{row + len(levels.LEVELS) + 1}"
    ws.print_title_rows = f"{MAP_STAGE_ROW}:{level_row}"  # the phases' row too
    ws.print_title_cols = f"{get_column_letter(label_col)}:{get_column_letter(label_col)}"
    print_header(ws, m.title, m.persona, date)
    show_marks(ws, m)  # evidence marks: frames and a legend line (display only; cjm/xlsx/evidence_look.py)
