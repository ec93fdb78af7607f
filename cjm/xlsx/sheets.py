"""The sheets for people: Map, Scores, About and Workshop (docs/xlsx-format.md). None of them is read back.

* **Map** — stages as columns, lanes as rows, bottleneck columns tinted, a legend; for people and printing;
* **Scores** — the ranked table, a line chart of the emotion curve and a bar chart of priority;
* **About** — title, persona, dates, scoring method and formula, thresholds, legend, choice options;
* **Workshop** — workshops held, each stage's votes with mean and spread, every vote, every note.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import emotion as emotion_scale
from .. import levels
from ..cells import cell_text, stars
from ..i18n import t
from ..lanes import LaneType
from ..model import Lane, Map
from ..scoring import StageScore
from ..workshop import DISCUSS_SPREAD, mean_spread
from .settings import EMOTION_FILL, HEADER_FILL, LANE_WIDTH, STAGE_WIDTH, TIME_FORMAT
from .style import BOLD, WRAP, fill, height, line_count, print_setup, put, style_cache


def _level_fills(colour: str) -> dict[str, PatternFill]:
    """Each level's fill from its style in :mod:`cjm.levels`: "print_tint" for cells, "print_header" for marks."""
    return {level: fill(levels.excel_colour(getattr(style, colour))) for level, style in levels.STYLES.items()}


def _header(level: str, score: StageScore | None, language: str) -> str:
    mark = levels.icon(level)
    if score is None or score.score is None:
        return f"{mark} —"
    shown = f"{score.score:g}"
    return f"{mark} {shown.replace('.', ',') if language == 'ru' else shown}"


def _emotion_text(value: dict[str, Any], language: str) -> str:
    parts = []
    if value["score"] is not None:
        words = emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])[value["score"]]
        parts.append(f"{emotion_scale.label(value['score'])} ({words})")
    if value["words"]:
        parts.append(value["words"])
    return "\n".join(parts)


def _map_cell(lane: Lane, value: Any, language: str) -> str:
    if value is None:
        return ""
    if lane.type is LaneType.EMOTION:
        return _emotion_text(value, language)
    if lane.type is LaneType.IMPORTANCE:
        return f"{stars(value)} {value}/5"
    return cell_text(lane, value)


def map_sheet(ws: Worksheet, m: Map, by_stage: dict[str, StageScore]) -> None:
    style = style_cache()
    language = m.language
    lanes = [lane for lane in m.lanes if not lane.hidden]
    stage_levels = [by_stage[stage.id].level if stage.id in by_stage else levels.UNRATED for stage in m.stages]

    corner = put(ws, 1, 1, t("xlsx.map.corner", language))
    corner.font, corner.fill, corner.alignment = BOLD, fill(HEADER_FILL), WRAP
    ws.column_dimensions["A"].width = LANE_WIDTH
    header_fill = fill(HEADER_FILL)
    column_fills = _level_fills("print_tint")
    header_fills = _level_fills("print_header")
    emotion_fills = {score: fill(color) for score, color in EMOTION_FILL.items()}
    for index, (stage, level) in enumerate(zip(m.stages, stage_levels, strict=True), start=2):
        text = f"{index - 1}. {stage.name}\n{_header(level, by_stage.get(stage.id), language)}"
        cell = put(ws, 1, index, text)
        cell.font, cell.alignment = BOLD, WRAP
        cell.fill = header_fills[level] if levels.is_bottleneck(level) else header_fill
        ws.column_dimensions[get_column_letter(index)].width = STAGE_WIDTH

    for row, lane in enumerate(lanes, start=2):
        label = put(ws, row, 1, lane.label)
        label.font, label.fill, label.alignment = BOLD, header_fill, WRAP
        lines = line_count(lane.label, LANE_WIDTH)
        for index, (stage, level) in enumerate(zip(m.stages, stage_levels, strict=True), start=2):
            value = stage.values.get(lane.key)
            text = _map_cell(lane, value, language)
            lines = max(lines, line_count(text, STAGE_WIDTH))
            cell = put(ws, row, index, text)
            if lane.type is LaneType.EMOTION and value is not None and value["score"] is not None:
                style(cell, alignment=WRAP, fill=emotion_fills[value["score"]])
            elif levels.is_bottleneck(level):
                style(cell, alignment=WRAP, fill=column_fills[level])
            else:
                style(cell, alignment=WRAP)
        ws.row_dimensions[row].height = height(lines)  # spreadsheet apps do not grow wrapped rows by themselves

    row = len(lanes) + 3
    put(ws, row, 1, t("xlsx.legend", language)).font = BOLD
    for offset, (level, meaning) in enumerate(_legend(m), start=1):
        cell = put(ws, row + offset, 1, levels.label(level, language))
        cell.fill = header_fills[level]
        put(ws, row + offset, 2, meaning)
    for offset, score in enumerate(emotion_scale.SCALE, start=len(_legend(m)) + 1):
        cell = put(ws, row + offset, 1, emotion_scale.label(score))
        cell.fill = emotion_fills[score]
        put(ws, row + offset, 2, emotion_scale.WORDS.get(language, emotion_scale.WORDS["en"])[score])

    ws.row_dimensions[1].height = height(max(line_count(c.value or "", STAGE_WIDTH) for c in ws[1]))
    ws.freeze_panes = "B2"
    print_setup(ws)
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"


def _legend(m: Map) -> list[tuple[str, str]]:
    settings, language = m.scoring, m.language
    critical, warning = f"{settings.critical_at:g}", f"{settings.warning_at:g}"
    return [(level, t(f"xlsx.meaning.{level}", language, critical=critical, warning=warning))
            for level in levels.LEVELS]


def scores_sheet(ws: Worksheet, m: Map, scores: list[StageScore]) -> None:
    language = m.language
    heads = ("xlsx.rank", "xlsx.stage", "xlsx.importance", "xlsx.emotion", "xlsx.score", "xlsx.level", "xlsx.why")
    for column, key in enumerate(heads, start=1):
        cell = put(ws, 1, column, t(key, language))
        cell.font, cell.fill = BOLD, fill(HEADER_FILL)
    fills = _level_fills("print_header")
    for row, s in enumerate(scores, start=2):
        values = [s.rank, s.stage, s.importance, s.emotion, s.score, levels.label(s.level, language), s.why]
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
        ws.cell(row=row, column=6).fill = fills[s.level]
        ws.cell(row=row, column=7).alignment = WRAP
    for letter, width in zip("ABCDEFG", (7, 30, 11, 10, 9, 16, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"

    # the helper table in stage order, for the charts: I = number, J = stage, K = emotion, L = priority
    by_stage = {s.stage_id: s for s in scores}
    helper_heads = ("xlsx.number", "xlsx.stage", "xlsx.emotion", "xlsx.priority")
    for column, key in zip((9, 10, 11, 12), helper_heads, strict=True):
        put(ws, 1, column, t(key, language)).font = BOLD
    for row, stage in enumerate(m.stages, start=2):
        s = by_stage[stage.id]
        put(ws, row, 9, row - 1)
        put(ws, row, 10, f"{row - 1}. {stage.name}")
        put(ws, row, 11, s.emotion)
        put(ws, row, 12, s.score)
    ws.column_dimensions["J"].width = 30
    last = max(len(m.stages) + 1, 2)
    names = Reference(ws, min_col=10, min_row=2, max_row=last)

    line = LineChart()
    line.title = t("xlsx.chart.emotion", language)
    line.y_axis.title = t("xlsx.emotion", language)
    line.y_axis.scaling.min, line.y_axis.scaling.max = -2, 2
    line.add_data(Reference(ws, min_col=11, min_row=1, max_row=last), titles_from_data=True)
    line.set_categories(names)
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.height, line.width = 9, 22
    ws.add_chart(line, "N2")

    bar = BarChart()
    bar.type = "col"
    bar.title = t("xlsx.chart.priority", language)
    bar.y_axis.title = t("xlsx.priority", language)
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    bar.add_data(Reference(ws, min_col=12, min_row=1, max_row=last), titles_from_data=True)
    bar.set_categories(names)
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.height, bar.width = 9, 22
    ws.add_chart(bar, "N21")


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
        ("xlsx.weights", f"{settings.importance_weight:g} / {settings.emotion_weight:g} / {settings.funnel_weight:g}"),
        ("xlsx.critical_at", settings.critical_at), ("xlsx.warning_at", settings.warning_at),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        put(ws, row, 1, t(key, language)).font = BOLD
        put(ws, row, 2, value).alignment = WRAP
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90

    row = len(rows) + 2
    put(ws, row, 1, t("xlsx.legend", language)).font = BOLD
    fills = _level_fills("print_header")
    for level, meaning in _legend(m):
        row += 1
        put(ws, row, 1, levels.label(level, language)).fill = fills[level]
        put(ws, row, 2, meaning)
    row += 2
    put(ws, row, 1, t("xlsx.note.data", language))

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
    for letter, width in zip("ABCDEFG", (30, 22, 60, 22, 16, 16, 12), strict=True):
        ws.column_dimensions[letter].width = width

