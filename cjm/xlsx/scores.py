"""The Scores sheet: priorities and levels that recalculate in the spreadsheet, and two charts.

A colleague who changes an importance or an emotion on the Data sheet sees the score, the level and the rank
move. The formulas are generated here from the Data sheet's cell addresses and from numbers (weights,
thresholds, workshop means, suggested emotions): never from user text. Text a formula shows (stage names,
level words, the why-line) comes from cells it references.

Layout, top to bottom (columns A–G print; the helper columns from I are hidden):

* the map's title and a one-line note;
* **Ranking**: rank, stage, importance, emotion, score, level, why — row *k* shows the stage ranked *k*
  (``INDEX``/``MATCH`` on the calculation table's positions), so the order follows the numbers;
* the legend: each level's word, its threshold and meaning (the level formulas read these cells);
* the emotion curve (a straight line, −2…+2 with room, stage names below the plot) and priority by stage;
* **By stage**: the calculation in stage order (what the charts plot) and its hidden helpers.

Each formula mirrors :mod:`cjm.scoring` (priority or opportunity, weights, the funnel rule, workshop means,
lexicon suggestions, levels, ranks with ties in stage order); a test recalculates every sample map in
LibreOffice and compares with the app's numbers.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import evidence, levels
from ..i18n import t
from ..lanes import LaneType
from ..lexicon import suggest
from ..model import METRICS_KEY, Map
from ..scoring import StageScore, emotion_lane, importance_lane
from .map_sheet import legend, level_fills, level_word
from .settings import EVIDENCE_PREFIX, FIRST_STAGE_ROW, HEADER_FILL, VALUE_PREFIX
from .style import BOLD, CENTRE, GREY, LEFT, TEXT, TITLE, WRAP, fill, height, line_count, put, style_cache

# the By-stage table: shown columns A–G, hidden helpers from I
SHOWN = ("number", "stage", "importance", "emotion", "score", "level", "why")
HELPERS = ("importance_votes", "emotion_votes", "emotion_suggested", "importance_0", "emotion_0", "score_0",
           "base", "drop_off", "key", "position", "rank", "chart_emotion", "chart_score", "why_text")
COLUMN = {name: get_column_letter(index) for index, name in enumerate(SHOWN, start=1)}
COLUMN.update({name: get_column_letter(index) for index, name in enumerate(HELPERS, start=9)})
WIDTHS = (7, 30, 11, 10, 9, 16, 70)  # A–G
WHY_WIDTH = 70
PROSE = 1.15  # the why-line's letters per unit of column width (line_count)
SIDE_BY_SIDE = 8  # up to this many stages the two charts sit side by side under the ranking
CHART_HEIGHT, CHART_ROWS = 9.0, 20  # cm, and the rows it covers
HALF_WIDTH, FULL_WIDTH = 12.5, 27.0  # cm: A–E, and A–G


def _number(value: float) -> str:
    """A number as formula text: always a dot, never an exponent a spreadsheet could misread."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text.removesuffix(".0")


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _checked(cell: str, low: int, high: int) -> str:
    """The cell's number when it is a whole number low…high (as the import reads it), else empty text."""
    return f'IF(ISNUMBER({cell}),IF(AND({cell}>={low},{cell}<={high},{cell}=INT({cell})),{cell},""),"")'


class _Formulas:
    """The formula text of one By-stage row ``r`` (Data row ``data_row``)."""

    def __init__(self, m: Map, data_title: str, data_columns: dict[str, int], first: int, last: int,
                 words: dict[str, str]):
        self.m = m
        self.data = quote_sheetname(data_title)
        self.columns = data_columns  # "v:<key>" -> Data column number
        self.first, self.last = first, last  # the By-stage rows
        self.words = words  # level -> absolute reference of its word cell; "critical_at"/"warning_at"/"stale"
        importance, emotion = importance_lane(m), emotion_lane(m)
        self.importance_key = importance.key if importance else None
        self.emotion_key = emotion.key if emotion else None
        metrics = m.lane(METRICS_KEY)
        self.metrics_key = METRICS_KEY if metrics is not None and metrics.type is LaneType.NUMBER else None

    def data_cell(self, key: str | None, data_row: int) -> str | None:
        if key is None or f"{VALUE_PREFIX}{key}" not in self.columns:
            return None
        return f"{self.data}!{get_column_letter(self.columns[VALUE_PREFIX + key])}{data_row}"

    def row(self, r: int, data_row: int, is_last: bool) -> dict[str, str]:
        c = {name: f"{letter}{r}" for name, letter in COLUMN.items()}
        settings = self.m.scoring
        wi, we, fw = settings.importance_weight, settings.emotion_weight, settings.funnel_weight
        out: dict[str, str] = {}
        name = self.data_cell_name(data_row)
        out["stage"] = f"={name}"
        importance = self.data_cell(self.importance_key, data_row)
        emotion = self.data_cell(self.emotion_key, data_row)
        cell_i = _checked(importance, 1, 5) if importance else '""'
        cell_e = _checked(emotion, -2, 2) if emotion else '""'
        out["importance"] = f"=IF(ISNUMBER({c['importance_votes']}),{c['importance_votes']},{cell_i})"
        out["emotion"] = (f"=IF(ISNUMBER({c['emotion_votes']}),{c['emotion_votes']},IF(ISNUMBER({emotion}),"
                          f"{cell_e},IF(ISNUMBER({c['emotion_suggested']}),{c['emotion_suggested']},\"\")))"
                          if emotion else
                          f"=IF(ISNUMBER({c['emotion_votes']}),{c['emotion_votes']},\"\")")
        i, e = c["importance"], c["emotion"]
        if settings.method == "opportunity":
            base = (f"100*({_number(wi)}*({i}-1)+{_number(we)}*MAX({i}-{e}-3,0))"
                    f"/(4*({_number(wi)}+{_number(we)}))")
        else:
            power_i = "" if wi == 1 else f"^{_number(wi)}"
            power_e = "" if we == 1 else f"^{_number(we)}"
            base = f"100*({i}/5){power_i}*((2-{e})/4){power_e}"
        out["base"] = f'=IF(OR({i}="",{e}=""),"",{base})'
        customers = self.data_cell(self.metrics_key, data_row)
        following = self.data_cell(self.metrics_key, data_row + 1)
        if customers and following and not is_last and fw > 0:
            out["drop_off"] = (f"=IF(AND(ISNUMBER({customers}),ISNUMBER({following})),"
                               f"IF(AND({customers}>0,{following}<={customers}),1-{following}/{customers},0),0)")
        else:
            out["drop_off"] = "=0"
        b, d = c["base"], c["drop_off"]
        out["score"] = f'=IF({b}="","",ROUND(({b}+{_number(fw)}*{d}*(100-{b})){self.confidence(data_row)},1))'
        s = c["score"]
        w = self.words
        out["level"] = (f'=IF({s}="",{w[levels.UNRATED]},IF({s}>={w["critical_at"]},{w[levels.CRITICAL]},'
                        f'IF({s}>={w["warning_at"]},{w[levels.WARNING]},{w[levels.OK]})))')
        out["key"] = f'=IF({s}="",-1,{s})'
        keys = f"${COLUMN['key']}${self.first}:${COLUMN['key']}${self.last}"
        upto = f"${COLUMN['key']}${self.first}:{c['key']}"
        out["position"] = f"=SUMPRODUCT(--({keys}>{c['key']}))+SUMPRODUCT(--({upto}={c['key']}))"
        out["rank"] = f'=IF({s}="","",{c["position"]})'
        out["chart_emotion"] = f'=IF({e}="",NA(),{e})'
        out["chart_score"] = f'=IF({s}="",NA(),{s})'
        out["why"] = (f"=IF(AND({i}={c['importance_0']},{e}={c['emotion_0']},{s}={c['score_0']}),"
                      f"{c['why_text']},{w['stale']})")
        return out

    def confidence(self, data_row: int) -> str:
        """'*MIN(…)': the weighting by evidence (cjm.evidence.confidence) read from the Data sheet's evidence
        cells of the importance and the emotion; "" when the map does not weigh by evidence. A mark is matched by
        its word in the map's language or its name (our own words: no user text in the formula)."""
        if not self.m.scoring.weigh_by_evidence:
            return ""
        parts = []
        for key in (self.importance_key, self.emotion_key):
            if key is None or f"{EVIDENCE_PREFIX}{key}" not in self.columns:
                continue
            cell = f"{self.data}!{get_column_letter(self.columns[EVIDENCE_PREFIX + key])}{data_row}"
            expression = "1"
            for mark in (evidence.PARTLY, evidence.ASSUMPTION):
                names = ",".join(f'{cell}="{name}"' for name in dict.fromkeys(
                    (evidence.word(mark, self.m.language), mark)))
                expression = f"IF(OR({names}),{_number(evidence.CONFIDENCE[mark])},{expression})"
            parts.append(expression)
        return f"*MIN({','.join(parts)})" if parts else ""

    def data_cell_name(self, data_row: int) -> str:
        return f"{self.data}!B{data_row}"


def scores_sheet(ws: Worksheet, m: Map, scores: list[StageScore], data_title: str,
                 data_columns: dict[str, int]) -> None:
    """Draw Scores; ``data_columns`` maps each Data key ("v:importance"…) to its column number."""
    style = style_cache()
    language = m.language
    n = len(m.stages)
    header_fill = fill(HEADER_FILL)
    marks = level_fills("print_header")

    put(ws, 1, 1, m.title).font = TITLE
    ws.row_dimensions[1].height = 22
    put(ws, 2, 1, t("xlsx.scores.note", language, sheet=data_title)).font = GREY

    # the legend (its cells are what the level formulas read): level word, from, meaning
    rank_head = 4
    legend_row = rank_head + n + 2
    put(ws, legend_row, 1, t("xlsx.legend", language)).font = BOLD
    words: dict[str, str] = {}
    thresholds = {levels.CRITICAL: m.scoring.critical_at, levels.WARNING: m.scoring.warning_at}
    for offset, (level, meaning) in enumerate(legend(m), start=1):
        row = legend_row + offset
        style(put(ws, row, 2, level_word(level, language)), font=BOLD, fill=marks[level])
        words[level] = f"$B${row}"
        if level in thresholds:
            cell = put(ws, row, 3, thresholds[level])
            cell.font, cell.number_format, cell.alignment = TEXT, '"≥ "General', LEFT
            words[f"{level}_at"] = f"$C${row}"
        put(ws, row, 4, meaning).font = TEXT
    stale = put(ws, legend_row, _column("why_text"), t("xlsx.scores.stale", language))  # a hidden helper column
    stale.font = GREY
    words["stale"] = f"${COLUMN['why_text']}${legend_row}"
    stale_row = legend_row + len(levels.LEVELS)

    # the charts (side by side for a short map, each on a page of its own for a long one), then By stage
    chart_row = stale_row + 2
    wide = n > SIDE_BY_SIDE
    calc_head = chart_row + (2 * CHART_ROWS + 2 if wide else CHART_ROWS + 1) + 1
    first, last = calc_head + 1, calc_head + max(n, 1)
    heads = ("xlsx.number", "xlsx.stage", "xlsx.importance", "xlsx.emotion", "xlsx.score", "xlsx.level", "xlsx.why")
    put(ws, calc_head - 1, 1, t("xlsx.scores.by_stage", language)).font = BOLD
    for column, key in enumerate(heads, start=1):
        style(put(ws, calc_head, column, t(key, language)), font=BOLD, fill=header_fill, alignment=WRAP)
    for column, name in enumerate(HELPERS, start=9):
        put(ws, calc_head, column, name).font = GREY
    formulas = _Formulas(m, data_title, data_columns, first, last, words)
    by_stage = {s.stage_id: s for s in scores}
    for index, stage in enumerate(m.stages):
        r, data_row = first + index, FIRST_STAGE_ROW + index
        s = by_stage[stage.id]
        constants = _constants(m, stage, s)
        for name, value in constants.items():
            if value is not None:
                put(ws, r, _column(name), value).font = TEXT
        style(put(ws, r, 1, index + 1), font=TEXT, alignment=CENTRE)
        for name, text in formulas.row(r, data_row, index == n - 1).items():
            cell = ws.cell(row=r, column=_column(name), value=text)  # generated above: a formula, on purpose
            style(cell, font=TEXT, alignment=WRAP)
        ws.row_dimensions[r].height = height(line_count(s.why, WHY_WIDTH, PROSE))

    # the ranking: row k shows the stage at position k of By stage
    for column, key in enumerate(("xlsx.rank",) + heads[1:], start=1):
        style(put(ws, rank_head, column, t(key, language)), font=BOLD, fill=header_fill, alignment=WRAP)
    positions = f"${COLUMN['position']}${first}:${COLUMN['position']}${last}"
    for k in range(1, n + 1):
        r = rank_head + k
        match = f"MATCH({k},{positions},0)"
        cells = {1: f"=INDEX(${COLUMN['rank']}${first}:${COLUMN['rank']}${last},{match})"}
        for column, name in zip(range(2, 8), SHOWN[1:], strict=True):
            cells[column] = f"=INDEX(${COLUMN[name]}${first}:${COLUMN[name]}${last},{match})"
        for column, text in cells.items():
            style(ws.cell(row=r, column=column, value=text), font=TEXT, alignment=CENTRE if column == 1 else WRAP)
        why = scores[k - 1].why if k - 1 < len(scores) else ""
        ws.row_dimensions[r].height = height(line_count(why, WHY_WIDTH, PROSE))
    for column in (6,):  # the level cells take their level's colour, whatever the numbers become
        letter = get_column_letter(column)
        for top, bottom in ((rank_head + 1, rank_head + n), (first, last)):
            if bottom < top:
                continue
            area = f"{letter}{top}:{letter}{bottom}"
            for level in levels.LEVELS:
                ws.conditional_formatting.add(area, FormulaRule(formula=[f"{letter}{top}={words[level]}"],
                                                                fill=marks[level], stopIfTrue=True))

    for letter, width in zip("ABCDEFG", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    for name in HELPERS:
        ws.column_dimensions[COLUMN[name]].hidden = True
    ws.freeze_panes = f"A{rank_head + 1}"
    _charts(ws, m, chart_row, first, last)
    breaks = [chart_row - 1, chart_row + CHART_ROWS, calc_head - 2] if wide else [calc_head - 2]
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    ws.print_area = f"A1:G{last}"


def _column(name: str) -> int:
    return SHOWN.index(name) + 1 if name in SHOWN else HELPERS.index(name) + 9


def _constants(m: Map, stage: Any, s: StageScore) -> dict[str, Any]:
    """The numbers and texts of a By-stage row that are not formulas: workshop means, the lexicon's
    suggestion, the values at export (to tell when the why-line no longer fits) and the why-line."""
    emotion = emotion_lane(m)
    cell = stage.values.get(emotion.key) if emotion else None
    suggestion = suggest(cell["words"]) if cell and cell["words"] else None
    exact_i = _mean([v.importance for v in stage.votes if v.importance is not None])
    exact_e = _mean([v.emotion for v in stage.votes if v.emotion is not None])
    importance_lane_ = importance_lane(m)
    used_i = exact_i if exact_i is not None else (stage.values.get(importance_lane_.key) if importance_lane_ else None)
    used_e = exact_e if exact_e is not None else (cell["score"] if cell and cell["score"] is not None
                                                  else (suggestion.score if suggestion else None))
    return {"importance_votes": exact_i, "emotion_votes": exact_e,
            "emotion_suggested": suggestion.score if suggestion else None,
            "importance_0": used_i, "emotion_0": used_e, "score_0": s.score, "why_text": s.why}


def _charts(ws: Worksheet, m: Map, row: int, first: int, last: int) -> None:
    """Side by side under the legend for a short map; one under the other, a page each, for a long one (the
    stage numbers then stand for the names, which the By-stage table lists)."""
    language = m.language
    wide = len(m.stages) > SIDE_BY_SIDE
    names = Reference(ws, min_col=1 if wide else 2, min_row=first, max_row=last)
    width = FULL_WIDTH if wide else HALF_WIDTH

    line = LineChart()
    line.title = t("xlsx.chart.emotion", language)
    line.y_axis.title = t("xlsx.emotion", language)
    line.add_data(Reference(ws, min_col=_column("chart_emotion"), min_row=first, max_row=last))
    for series in line.series:
        series.smooth = False  # a straight line between stages: the curve never shows a value nobody gave
        series.marker.symbol = "circle"
        series.marker.size = 7
    line.y_axis.scaling.min, line.y_axis.scaling.max = -3, 3  # −2…+2 with a step of room above and below
    line.y_axis.majorUnit = 1
    line.y_axis.number_format = "+0;-0;0"  # no conditions, plain characters: Excel and LibreOffice take it alike
    line.legend = None
    _axes(line, names)
    line.height, line.width = CHART_HEIGHT, width
    ws.add_chart(line, f"A{row}")

    bar = BarChart()
    bar.type = "col"
    bar.title = t("xlsx.chart.priority", language)
    bar.y_axis.title = t("xlsx.priority", language)
    bar.add_data(Reference(ws, min_col=_column("chart_score"), min_row=first, max_row=last))
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    bar.y_axis.majorUnit = 20
    bar.legend = None
    _axes(bar, names)
    bar.height, bar.width = CHART_HEIGHT, width
    ws.add_chart(bar, f"A{row + CHART_ROWS + 1}" if wide else f"F{row}")


def _axes(chart: Any, names: Reference) -> None:
    chart.set_categories(names)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"  # stage names below the plot area, wherever the zero line runs
    chart.visible_cells_only = False  # the plotted columns are hidden helpers
