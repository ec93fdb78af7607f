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

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "sheet.map": "Map", "sheet.scores": "Scores", "sheet.data": "Data", "sheet.about": "About",
        "map.corner": "Lane \\ Stage", "legend": "Legend", "words": "(words)",
        "stage_id": "Stage id", "stage": "Stage", "hidden": "(hidden)",
        "rank": "Rank", "importance": "Importance", "emotion": "Emotion", "score": "Score", "level": "Level",
        "why": "Why", "number": "#", "priority": "Priority", "chart.emotion": "Emotion curve",
        "chart.priority": "Priority by stage",
        "title": "Title", "description": "Description", "persona": "Persona", "kind": "Kind", "cyclic": "Cyclic",
        "language": "Language", "created": "Created", "updated": "Updated", "stages": "Stages", "lanes": "Lanes",
        "method": "Scoring method", "formula": "Formula", "funnel": "Funnel rule",
        "weights": "Weights (importance / emotion / funnel)", "critical_at": "Critical from",
        "warning_at": "Warning from", "options": "Options of choice lanes", "yes": "yes", "no": "no",
        "meaning.critical": "score ≥ {critical}: a bottleneck, fix first",
        "meaning.warning": "score {warning}…{critical}: needs attention",
        "meaning.ok": "score below {warning}: fine",
        "meaning.unrated": "no importance or no emotion: not scored",
        "formula.priority": "score = 100 × (I/5)^wi × ((2 − E)/4)^we; I = importance 1…5, E = emotion −2…+2",
        "formula.opportunity": "S = E + 3; O = I + max(I − S, 0) (1…9); "
                               "score = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
        "formula.funnel": "with customer counts: score = base + f × drop-off × (100 − base)",
        "note.data": "Data: row 2 holds the machine keys; edit cells, add or remove stage rows, then import.",
        "sheet.workshop": "Workshop", "ws.workshops": "Workshops", "ws.code": "Room code", "ws.opened": "Opened",
        "ws.accepted": "Accepted", "ws.participants": "Participants", "ws.votes": "Votes",
        "ws.importance_mean": "Importance, mean", "ws.importance_spread": "Importance, spread (σ)",
        "ws.emotion_mean": "Emotion, mean", "ws.emotion_spread": "Emotion, spread (σ)", "ws.discuss": "Discuss",
        "ws.by_stage": "Votes by stage", "ws.all_votes": "Every vote", "ws.participant": "Participant",
        "ws.notes": "Notes", "ws.lane": "Lane", "ws.note": "Note",
    },
    "ru": {
        "sheet.map": "Карта", "sheet.scores": "Оценки", "sheet.data": "Данные", "sheet.about": "О карте",
        "map.corner": "Строка \\ Этап", "legend": "Легенда", "words": "(слова)",
        "stage_id": "ID этапа", "stage": "Этап", "hidden": "(скрыта)",
        "rank": "Место", "importance": "Важность", "emotion": "Эмоция", "score": "Балл", "level": "Уровень",
        "why": "Почему", "number": "№", "priority": "Приоритет", "chart.emotion": "Кривая эмоций",
        "chart.priority": "Приоритет по этапам",
        "title": "Название", "description": "Описание", "persona": "Персона", "kind": "Тип", "cyclic": "Цикл",
        "language": "Язык", "created": "Создана", "updated": "Изменена", "stages": "Этапов", "lanes": "Строк",
        "method": "Метод оценки", "formula": "Формула", "funnel": "Правило воронки",
        "weights": "Веса (важность / эмоция / воронка)", "critical_at": "Критично от",
        "warning_at": "Внимание от", "options": "Варианты строк-выборов", "yes": "да", "no": "нет",
        "meaning.critical": "балл ≥ {critical}: узкое место, исправлять в первую очередь",
        "meaning.warning": "балл {warning}…{critical}: требует внимания",
        "meaning.ok": "балл ниже {warning}: в порядке",
        "meaning.unrated": "нет важности или эмоции: не оценён",
        "formula.priority": "балл = 100 × (I/5)^wi × ((2 − E)/4)^we; I — важность 1…5, E — эмоция −2…+2",
        "formula.opportunity": "S = E + 3; O = I + max(I − S, 0) (1…9); "
                               "балл = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
        "formula.funnel": "при числе клиентов: балл = база + f × отток × (100 − база)",
        "note.data": "Данные: строка 2 — машинные ключи; правьте ячейки, добавляйте или удаляйте этапы, "
                     "затем импортируйте.",
        "sheet.workshop": "Воркшоп", "ws.workshops": "Воркшопы", "ws.code": "Код комнаты", "ws.opened": "Открыт",
        "ws.accepted": "Перенесён в карту", "ws.participants": "Участников", "ws.votes": "Голосов",
        "ws.importance_mean": "Важность, среднее", "ws.importance_spread": "Важность, разброс (σ)",
        "ws.emotion_mean": "Эмоция, среднее", "ws.emotion_spread": "Эмоция, разброс (σ)", "ws.discuss": "Обсудить",
        "ws.by_stage": "Голоса по этапам", "ws.all_votes": "Все голоса", "ws.participant": "Участник",
        "ws.notes": "Заметки", "ws.lane": "Строка", "ws.note": "Заметка",
    },
}

def word(language: str, key: str, **params: Any) -> str:
    text = WORDS.get(language, WORDS["en"])[key]
    return text.format(**params) if params else text


def _level_fills(colour: str) -> dict[str, PatternFill]:
    """Each level's fill from its style in :mod:`cjm.levels` (``colour``: "tint" for cells, "header" for marks)."""
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

    corner = put(ws, 1, 1, word(language, "map.corner"))
    corner.font, corner.fill, corner.alignment = BOLD, fill(HEADER_FILL), WRAP
    ws.column_dimensions["A"].width = LANE_WIDTH
    header_fill = fill(HEADER_FILL)
    column_fills = _level_fills("tint")
    header_fills = _level_fills("header")
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
    put(ws, row, 1, word(language, "legend")).font = BOLD
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
    return [(level, word(language, f"meaning.{level}", critical=critical, warning=warning))
            for level in levels.LEVELS]


def scores_sheet(ws: Worksheet, m: Map, scores: list[StageScore]) -> None:
    language = m.language
    heads = ["rank", "stage", "importance", "emotion", "score", "level", "why"]
    for column, key in enumerate(heads, start=1):
        cell = put(ws, 1, column, word(language, key))
        cell.font, cell.fill = BOLD, fill(HEADER_FILL)
    fills = _level_fills("header")
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
    for column, key in zip((9, 10, 11, 12), ("number", "stage", "emotion", "priority"), strict=True):
        put(ws, 1, column, word(language, key)).font = BOLD
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
    line.title = word(language, "chart.emotion")
    line.y_axis.title = word(language, "emotion")
    line.y_axis.scaling.min, line.y_axis.scaling.max = -2, 2
    line.add_data(Reference(ws, min_col=11, min_row=1, max_row=last), titles_from_data=True)
    line.set_categories(names)
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.height, line.width = 9, 22
    ws.add_chart(line, "N2")

    bar = BarChart()
    bar.type = "col"
    bar.title = word(language, "chart.priority")
    bar.y_axis.title = word(language, "priority")
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
        ("title", m.title), ("description", m.description), ("persona", m.persona), ("kind", m.kind),
        ("cyclic", word(language, "yes" if m.cyclic else "no")), ("language", m.language),
        ("created", m.created.strftime(TIME_FORMAT)), ("updated", m.updated.strftime(TIME_FORMAT)),
        ("stages", len(m.stages)), ("lanes", len(m.lanes)),
        ("method", method_words), ("formula", word(language, f"formula.{settings.method}")),
        ("funnel", word(language, "formula.funnel")),
        ("weights", f"{settings.importance_weight:g} / {settings.emotion_weight:g} / {settings.funnel_weight:g}"),
        ("critical_at", settings.critical_at), ("warning_at", settings.warning_at),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        put(ws, row, 1, word(language, key)).font = BOLD
        put(ws, row, 2, value).alignment = WRAP
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90

    row = len(rows) + 2
    put(ws, row, 1, word(language, "legend")).font = BOLD
    fills = _level_fills("header")
    for level, meaning in _legend(m):
        row += 1
        put(ws, row, 1, levels.label(level, language)).fill = fills[level]
        put(ws, row, 2, meaning)
    row += 2
    put(ws, row, 1, word(language, "note.data"))

    ranges: dict[str, str] = {}
    choices = [lane for lane in m.lanes if lane.type is LaneType.CHOICE]
    if choices:
        row += 2
        put(ws, row, 1, word(language, "options")).font = BOLD
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
        cell = put(ws, row, column, word(language, key))
        cell.font, cell.fill, cell.alignment = BOLD, fill(HEADER_FILL), WRAP


def workshop_sheet(ws: Worksheet, m: Map) -> None:
    """Workshops held, each stage's votes with mean and spread, every vote, every note."""
    language = m.language
    row = 1
    put(ws, row, 1, word(language, "ws.workshops")).font = BOLD
    row += 1
    _heads(ws, row, language, ("ws.code", "ws.opened", "ws.accepted", "ws.participants", "ws.notes"))
    for w in m.workshops:
        row += 1
        for column, value in enumerate((w.code, w.opened.strftime(TIME_FORMAT),
                                        w.accepted.strftime(TIME_FORMAT), len(w.participants),
                                        len(w.notes)), start=1):
            put(ws, row, column, value)

    row += 2
    put(ws, row, 1, word(language, "ws.by_stage")).font = BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.votes", "ws.importance_mean", "ws.importance_spread",
                               "ws.emotion_mean", "ws.emotion_spread", "ws.discuss"))
    discuss_fill = fill(levels.excel_colour(levels.STYLES[levels.WARNING].header))
    for stage in m.stages:
        row += 1
        i_mean, i_spread = mean_spread([v.importance for v in stage.votes if v.importance is not None])
        e_mean, e_spread = mean_spread([v.emotion for v in stage.votes if v.emotion is not None])
        discuss = any(x is not None and x >= DISCUSS_SPREAD for x in (i_spread, e_spread))
        for column, value in enumerate((stage.name, len(stage.votes), i_mean, i_spread, e_mean, e_spread,
                                        word(language, "yes") if discuss else ""), start=1):
            put(ws, row, column, value)
        if discuss:
            ws.cell(row=row, column=7).fill = discuss_fill

    row += 2
    put(ws, row, 1, word(language, "ws.all_votes")).font = BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.participant", "importance", "emotion"))
    for stage in m.stages:
        for vote in stage.votes:
            row += 1
            for column, value in enumerate((stage.name, vote.participant, vote.importance, vote.emotion), start=1):
                put(ws, row, column, value)

    row += 2
    put(ws, row, 1, word(language, "ws.notes")).font = BOLD
    row += 1
    _heads(ws, row, language, ("stage", "ws.lane", "ws.note", "ws.participant", "ws.code"))
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

