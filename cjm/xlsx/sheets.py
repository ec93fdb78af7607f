"""The sheets for people that are not read back: About and Workshop (docs/xlsx-format.md).

(The Map sheet, which is read back, is drawn in :mod:`cjm.xlsx.map_sheet`; Scores in :mod:`cjm.xlsx.scores`.)

* **About** — title, persona, dates, scoring method and formula, thresholds, legend, choice options;
* **Workshop** — workshops held, each stage's votes with mean and spread, every vote, every note.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from .. import levels, numbers
from ..i18n import t
from ..lanes import LaneType
from ..model import Map
from ..workshop import DISCUSS_SPREAD, mean_spread
from .map_sheet import legend, level_fills, level_word
from .settings import HEADER_FILL, TIME_FORMAT
from .style import BOLD, LEFT, WRAP, fill, height, line_count, put


def about_sheet(ws: Worksheet, m: Map) -> dict[str, str]:
    """Fill About; return lane key -> the absolute range of its choice options (for the Data lists)."""
    language, settings = m.language, m.scoring
    method_words = t(f"analysis.method.{settings.method}", language)
    rows: list[tuple[str, Any]] = [
        ("xlsx.title", m.title), ("xlsx.description", m.description), ("xlsx.persona", m.persona),
        ("xlsx.kind", m.kind),
        ("xlsx.cyclic", t("xlsx.yes" if m.cyclic else "xlsx.no", language)), ("xlsx.language", m.language),
        ("xlsx.created", m.created.strftime(TIME_FORMAT)), ("xlsx.updated", m.updated.strftime(TIME_FORMAT)),
        ("xlsx.stages", len(m.stages)), ("xlsx.lanes", len(m.lanes)),
        ("xlsx.method", method_words), ("xlsx.formula", t(f"xlsx.formula.{settings.method}", language)),
        ("xlsx.funnel", t("xlsx.formula.funnel", language)),
        ("xlsx.weights", " / ".join(numbers.number(weight, language) for weight in (  # "0,5" in Russian
            settings.importance_weight, settings.emotion_weight, settings.funnel_weight))),
        ("xlsx.critical_at", settings.critical_at), ("xlsx.warning_at", settings.warning_at),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        label = put(ws, row, 1, t(key, language))
        label.font, label.alignment = BOLD, WRAP
        put(ws, row, 2, value).alignment = LEFT
        ws.row_dimensions[row].height = height(max(line_count(str(value), 90), line_count(t(key, language), 34)))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90

    row = len(rows) + 2
    put(ws, row, 1, t("xlsx.legend", language)).font = BOLD
    fills = level_fills("print_header")
    for level, meaning in legend(m):
        row += 1
        cell = put(ws, row, 1, level_word(level, language))
        cell.fill, cell.font = fills[level], BOLD
        put(ws, row, 2, meaning)
    row += 2
    note = put(ws, row, 1, t("xlsx.note.data", language))
    note.alignment = WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    ws.row_dimensions[row].height = height(line_count(note.value, 124))

    ranges: dict[str, str] = {}
    choices = [lane for lane in m.lanes if lane.type is LaneType.CHOICE]
    if choices:
        row += 2
        put(ws, row, 1, t("xlsx.options", language)).font = BOLD
        title = ws.title.replace("'", "''")
        for lane in choices:
            row += 1
            put(ws, row, 1, lane.label)
            first = row
            for offset, option in enumerate(lane.options):
                put(ws, first + offset, 2, option)
            row = first + len(lane.options) - 1
            ranges[lane.key] = f"'{title}'!$B${first}:$B${row}"
    return ranges


def has_workshop(m: Map) -> bool:
    """The map holds workshop votes or an accepted workshop: the workbook gets a Workshop sheet."""
    return bool(m.workshops) or any(stage.votes for stage in m.stages)


def _heads(ws: Worksheet, row: int, language: str, keys: Iterable[str]) -> None:
    for column, key in enumerate(keys, start=1):
        cell = put(ws, row, column, t(key, language))
        cell.font, cell.fill, cell.alignment = BOLD, fill(HEADER_FILL), WRAP


def workshop_sheet(ws: Worksheet, m: Map) -> None:
    """Workshops held, each stage's votes with mean and spread, every vote, every note."""
    language = m.language
    row = 1
    put(ws, row, 1, t("xlsx.ws.workshops", language)).font = BOLD
    row += 1
    _heads(ws, row, language, ("xlsx.ws.code", "xlsx.ws.opened", "xlsx.ws.accepted", "xlsx.ws.participants",
                               "xlsx.ws.notes"))
    for w in m.workshops:
        row += 1
        for column, value in enumerate((w.code, w.opened.strftime(TIME_FORMAT),
                                        w.accepted.strftime(TIME_FORMAT), len(w.participants),
                                        len(w.notes)), start=1):
            put(ws, row, column, value)

    row += 2
    put(ws, row, 1, t("xlsx.ws.by_stage", language)).font = BOLD
    row += 1
    _heads(ws, row, language, ("xlsx.stage", "xlsx.ws.votes", "xlsx.ws.importance_mean",
                               "xlsx.ws.importance_spread", "xlsx.ws.emotion_mean", "xlsx.ws.emotion_spread",
                               "xlsx.ws.discuss"))
    discuss_fill = fill(levels.excel_colour(levels.STYLES[levels.WARNING].print_header))
    for stage in m.stages:
        row += 1
        i_mean, i_spread = mean_spread([v.importance for v in stage.votes if v.importance is not None])
        e_mean, e_spread = mean_spread([v.emotion for v in stage.votes if v.emotion is not None])
        discuss = any(x is not None and x >= DISCUSS_SPREAD for x in (i_spread, e_spread))
        for column, value in enumerate((stage.name, len(stage.votes), i_mean, i_spread, e_mean, e_spread,
                                        t("xlsx.yes", language) if discuss else ""), start=1):
            put(ws, row, column, value)
        if discuss:
            ws.cell(row=row, column=7).fill = discuss_fill

    row += 2
    put(ws, row, 1, t("xlsx.ws.all_votes", language)).font = BOLD
    row += 1
    _heads(ws, row, language, ("xlsx.stage", "xlsx.ws.participant", "xlsx.importance", "xlsx.emotion"))
    for stage in m.stages:
        for vote in stage.votes:
            row += 1
            for column, value in enumerate((stage.name, vote.participant, vote.importance, vote.emotion), start=1):
                put(ws, row, column, value)

    row += 2
    put(ws, row, 1, t("xlsx.ws.notes", language)).font = BOLD
    row += 1
    _heads(ws, row, language, ("xlsx.stage", "xlsx.ws.lane", "xlsx.ws.note", "xlsx.ws.participant",
                               "xlsx.ws.code"))
    names = {stage.id: stage.name for stage in m.stages}
    for w in m.workshops:
        for note in w.notes:
            row += 1
            lane = m.lane(note.lane)
            values = (names.get(note.stage_id, note.stage_id), lane.label if lane else note.lane, note.text,
                      note.participant, w.code)
            for column, value in enumerate(values, start=1):
                put(ws, row, column, value).alignment = WRAP
            ws.row_dimensions[row].height = height(line_count(note.text, 60))
    for letter, width in zip("ABCDEFG", (30, 22, 60, 22, 16, 16, 12), strict=True):
        ws.column_dimensions[letter].width = width

