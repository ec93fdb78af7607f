"""Charts of a map (Altair specifications, no UI): the emotion curve, the priority matrix, the funnel.

Readable on a projector (large type) and on long maps. Colour is never the only cue: a level's label carries
its icon and word (cjm/levels.py). Numbers in tooltips are written in the UI's language (cjm/numbers.py).
The charts carry no title of their own: the page gives each one a heading (and a ``description`` for screen
readers), so a title never shows twice.

Long maps degrade gracefully:

* the **emotion curve** names every stage up to :data:`CURVE_NAMED` stages; past that it numbers the stages,
  labels every k-th one (k from 1, 2, 5, 10, 20, 25, 50…: about one label per 50 px) and can be zoomed and
  panned (mouse wheel, drag; a double-click resets), the stage's name in its tooltip;
* the **priority matrix** draws one point per cell of the scale (importance 1–5 × emotion −2…+2, a mean of
  votes in its nearest cell, :func:`cjm.analysis.cell`), sized by how many stages it holds and carrying the
  count: at most 25 points whether the map has 4 stages or 500. A map of up to :data:`MATRIX_NAMED` rated
  stages has their names beside the points; a longer one marks only its top :data:`MATRIX_NAMED` stages by
  rank ("#2–4, #7 + 9 more"), every name in the tooltip; names beside a point stop at :data:`PER_CELL`.
  The quadrants' lines lie between the scale's points, so every point is inside one quadrant
  (:func:`cjm.analysis.quadrant`).
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from . import analysis, levels, numbers
from . import emotion as emotion_scale
from .i18n import t
from .model import Map
from .scoring import StageScore

FONT = 15
CURVE_NAMED = 30  # up to this many stages the curve's axis names each one
CURVE_WIDTH = 1100  # px of a long map's curve (zoomable)
MATRIX_NAMED = 10  # the matrix names this many stages, the highest priority first
PER_CELL = 3  # ... at most this many beside one point ("+ n more" after them)
NAME_CHARS = 28  # a name on the matrix is cut to this many characters (whole in the tooltip)
_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _level_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[levels.label(k, lang) for k in levels.LEVELS],
                     range=[levels.colour(k) for k in levels.LEVELS])


_COLUMNS = ["position", "stage", "emotion", "importance", "score", "rank", "level", "level_key", "why",
            "emotion_text", "importance_text", "score_text"]


def _frame(m: Map, scores: list[StageScore], lang: str) -> pd.DataFrame:
    by_id = {s.stage_id: s for s in scores}
    rows = []
    for position, stage in enumerate(m.stages, start=1):
        score = by_id.get(stage.id)
        if score is None:
            continue
        rows.append({
            "position": position,
            "stage": f"{position}. {stage.name}",
            "emotion": score.emotion,
            "importance": score.importance,
            "score": score.score,
            "rank": score.rank,
            "level": levels.label(score.level, lang),
            "level_key": score.level,
            "why": getattr(score, "why", "") or "",
            "emotion_text": numbers.emotion(score.emotion, lang),
            "importance_text": numbers.importance(score.importance, lang),
            "score_text": numbers.score(score.score, lang),
        })
    return pd.DataFrame(rows, columns=_COLUMNS)


def _configure(chart: alt.Chart) -> alt.Chart:
    return chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT + 1).configure_legend(
        labelFontSize=FONT, titleFontSize=FONT).configure_title(fontSize=FONT + 4)


def _tooltip(lang: str) -> list[alt.Tooltip]:
    return [alt.Tooltip("stage:N", title=t("chart.stage", lang)),
            alt.Tooltip("emotion_text:N", title=t("chart.emotion", lang)),
            alt.Tooltip("importance_text:N", title=t("chart.importance", lang)),
            alt.Tooltip("score_text:N", title=t("chart.score", lang)),
            alt.Tooltip("why:N", title=t("chart.why", lang))]


def label_step(count: int, width: int = CURVE_WIDTH, per_label: int = 50) -> int:
    """Every how many stages a long curve writes a stage number: the smallest of 1, 2, 5, 10, 20, 25, 50…
    that leaves about ``per_label`` px between labels."""
    wanted = count / max(1, width // per_label)
    return next((step for step in _STEPS if step >= wanted), math.ceil(wanted))


def emotion_curve(m: Map, scores: list[StageScore], lang: str) -> alt.Chart:
    """The classic CJM line: emotion across stages; points coloured by level, sized by importance."""
    data = _frame(m, scores, lang)
    count = len(data)
    y = alt.Y("emotion:Q", title=t("chart.emotion", lang), scale=alt.Scale(domain=[-2.2, 2.2]),
              axis=alt.Axis(values=list(emotion_scale.SCALE), labelExpr=_emoji_label_expr(), labelOverlap=False))
    zoom = None
    if count <= CURVE_NAMED:
        order = list(data["stage"])
        x = alt.X("stage:N", sort=order, title=t("chart.stages", lang),
                  axis=alt.Axis(labelAngle=-30 if count > 3 else 0, labelLimit=200, labelOverlap=False))
        width = max(560, 90 * count)
    else:  # numbered, every k-th labelled, zoomable: the names are in the tooltips
        step = label_step(count)
        ticks = [1, *range(step, count + 1, step)] if step > 1 else list(range(1, count + 1))
        x = alt.X("position:Q", title=t("chart.stages_numbered", lang),
                  scale=alt.Scale(domain=[0.5, count + 0.5], nice=False, zero=False),
                  axis=alt.Axis(values=ticks, format="d", labelOverlap=True, grid=False))
        width = CURVE_WIDTH
        zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    line = alt.Chart(data).mark_line(interpolate="monotone", strokeWidth=3 if count <= CURVE_NAMED else 2,
                                     color="#6366f1").encode(x=x, y=y)
    points = alt.Chart(data).mark_circle(opacity=0.95, stroke="white", strokeWidth=1.5).encode(
        x=x, y=y,
        color=alt.Color("level:N", scale=_level_scale(lang), title=t("chart.level", lang)),
        size=alt.Size("importance:Q", scale=alt.Scale(domain=[1, 5], range=[120, 900] if count <= CURVE_NAMED
                                                      else [30, 220]), title=t("chart.importance", lang)),
        tooltip=_tooltip(lang),
    )
    if zoom is not None:
        points = points.add_params(zoom)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], color="#a1a1aa").encode(y="y:Q")
    return _configure((zero + line + points).properties(width=width, height=420,
                                                        description=t("chart.curve_title", lang)))


def _emoji_label_expr() -> str:
    pairs = ", ".join(f"'{k}': '{emotion_scale.label(k)}'" for k in emotion_scale.SCALE)
    return f"({{{pairs}}})[datum.value] || ''"


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _ranges(ranks: list[int]) -> str:
    """[2, 3, 4, 7] → '#2–4, #7'."""
    runs: list[list[int]] = []
    for rank in sorted(ranks):
        if runs and rank == runs[-1][-1] + 1:
            runs[-1].append(rank)
        else:
            runs.append([rank])
    return ", ".join(f"#{run[0]}" if len(run) == 1 else f"#{run[0]}–{run[-1]}" for run in runs)


def matrix_cells(m: Map, scores: list[StageScore], lang: str) -> pd.DataFrame:
    """One row per occupied cell of the matrix: where (importance, emotion), how many stages, the most urgent
    level, the names written beside the point (only stages ranked within :data:`MATRIX_NAMED`, then "+n more"),
    its quadrant and a tooltip list."""
    data = _frame(m, scores, lang).dropna(subset=["emotion", "importance"])
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for row in data.to_dict("records"):
        cells.setdefault(analysis.cell(row["importance"], row["emotion"]), []).append(row)
    by_name = len(data) <= MATRIX_NAMED  # a short map: every stage by its name beside its point
    out = []
    for (importance, emotion), rows in cells.items():
        rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["position"]))
        named = [r for r in rows if r["rank"] is not None and r["rank"] <= MATRIX_NAMED]
        if by_name:
            lines = [_short(r["stage"]) for r in named[:PER_CELL]]
            rest = len(rows) - len(lines)
            if lines and rest:
                lines.append(t("chart.more", lang, count=rest))
            ranks = ""
        else:  # a long map: the ranks of its top stages above the point ("#2–4, #7 + 9 more"), names in the tooltip
            lines = []
            ranks = _ranges([int(r["rank"]) for r in named])
            if named and len(rows) > len(named):
                ranks += " " + t("chart.more", lang, count=len(rows) - len(named))
        listed = [r["stage"] for r in rows[:12]] + ([t("chart.more", lang, count=len(rows) - 12)]
                                                    if len(rows) > 12 else [])
        urgent = min(rows, key=lambda r: levels.order(r["level_key"]))
        out.append({
            "importance": importance, "emotion": emotion, "count": len(rows),
            "count_text": str(len(rows)) if len(rows) > 1 else "",
            "names": "\n".join(lines), "ranks": ranks, "stages": "; ".join(listed),
            "level": urgent["level"], "score_text": rows[0]["score_text"],
            "quadrant": t("chart." + analysis.quadrant(importance, emotion), lang),
        })
    return pd.DataFrame(out, columns=["importance", "emotion", "count", "count_text", "names", "ranks", "stages",
                                      "level", "score_text", "quadrant"])


def priority_matrix(m: Map, scores: list[StageScore], lang: str) -> alt.Chart:
    """Importance × emotion with labelled quadrants: fix now, protect, monitor, improve later.

    One point per occupied cell, sized by its stage count; names beside the points for the top stages only.
    """
    cells = matrix_cells(m, scores, lang)
    i_line, e_line = analysis.IMPORTANCE_LINE, analysis.EMOTION_LINE
    left, right, bottom, top = -2.5, 2.5, 0.35, 5.85
    quadrants = pd.DataFrame([
        {"x0": left, "x1": e_line, "y0": i_line, "y1": top, "key": analysis.FIX_NOW,
         "fill": levels.STYLES[levels.CRITICAL].header},
        {"x0": e_line, "x1": right, "y0": i_line, "y1": top, "key": analysis.PROTECT, "fill": "#dcfce7"},
        {"x0": left, "x1": e_line, "y0": bottom, "y1": i_line, "key": analysis.IMPROVE_LATER,
         "fill": levels.STYLES[levels.WARNING].header},
        {"x0": e_line, "x1": right, "y0": bottom, "y1": i_line, "key": analysis.MONITOR, "fill": "#f3f4f6"},
    ])
    quadrants["label"] = [t("chart." + key, lang) for key in quadrants["key"]]
    quadrants["lx"] = quadrants["x0"] + 0.08
    quadrants["ly"] = [top - 0.12 if y0 == i_line else bottom + 0.12 for y0 in quadrants["y0"]]
    x_scale, y_scale = alt.Scale(domain=[left, right], nice=False), alt.Scale(domain=[bottom, top], nice=False)
    areas = alt.Chart(quadrants).mark_rect(opacity=0.6).encode(
        x=alt.X("x0:Q", scale=x_scale, title=t("chart.emotion", lang),
                axis=alt.Axis(values=list(emotion_scale.SCALE), labelExpr=_emoji_label_expr(), grid=False)),
        x2="x1:Q", y=alt.Y("y0:Q", scale=y_scale, title=t("chart.importance", lang),
                           axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d", grid=False)),
        y2="y1:Q", color=alt.Color("fill:N", scale=None), tooltip=alt.value(None))
    labels = alt.Chart(quadrants).mark_text(fontSize=FONT, fontWeight="bold", color="#374151", align="left").encode(
        x=alt.X("lx:Q", scale=x_scale), y=alt.Y("ly:Q", scale=y_scale), text="label:N")
    most = max(int(cells["count"].max()) if len(cells) else 1, 1)
    where = {"x": alt.X("emotion:Q", scale=x_scale), "y": alt.Y("importance:Q", scale=y_scale)}
    points = alt.Chart(cells).mark_circle(opacity=0.9, stroke="white", strokeWidth=1.5).encode(
        **where,
        size=alt.Size("count:Q", scale=alt.Scale(domain=[1, max(most, 2)], range=[420, 2200]), legend=None),
        color=alt.Color("level:N", scale=_level_scale(lang), title=t("chart.level", lang)),
        tooltip=[alt.Tooltip("quadrant:N", title=t("chart.quadrant", lang)),
                 alt.Tooltip("count:Q", title=t("chart.count", lang)),
                 alt.Tooltip("score_text:N", title=t("chart.top_score", lang)),
                 alt.Tooltip("stages:N", title=t("chart.stages", lang))])
    counts = alt.Chart(cells).mark_text(fontSize=FONT - 2, fontWeight="bold", color="#111827").encode(
        **where, text="count_text:N")
    # names beside a point: to its right, or to its left in the last column (they would run out of the plot)
    right = cells.assign(names=cells["names"].where(cells["emotion"] < max(emotion_scale.SCALE), ""))
    left_ = cells.assign(names=cells["names"].where(cells["emotion"] == max(emotion_scale.SCALE), ""))
    names = (alt.Chart(right).mark_text(align="left", baseline="middle", dx=26, fontSize=FONT - 2, lineBreak="\n",
                                        color="#111827").encode(**where, text="names:N")
             + alt.Chart(left_).mark_text(align="right", baseline="middle", dx=-26, fontSize=FONT - 2,
                                          lineBreak="\n", color="#111827").encode(**where, text="names:N"))
    ranks = alt.Chart(cells).mark_text(align="center", baseline="bottom", dy=-30, fontSize=FONT - 2,
                                       fontWeight="bold", color="#111827").encode(**where, text="ranks:N")
    return _configure((areas + labels + points + counts + names + ranks).properties(
        width=760, height=520, description=t("chart.matrix_title", lang)))


def funnel_chart(steps: list[dict[str, Any]], lang: str) -> alt.Chart:
    """Customers reaching each stage, with the conversion to the next step written on each bar.

    ``steps``: dicts with ``stage`` (label), ``customers`` (number or None) and ``conversion``
    (0–1 or None when there is no data).
    """
    data = pd.DataFrame(steps, columns=["stage", "customers", "conversion"])
    data["label"] = [
        t("chart.no_data", lang) if c is None or pd.isna(c) else t("chart.conversion", lang, percent=f"{c:.0%}")
        for c in data["conversion"]
    ]
    data["customers_text"] = [numbers.number(c, lang) if c is not None and not pd.isna(c) else "—"
                              for c in data["customers"]]
    order = list(data["stage"])
    y = alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(data).mark_bar(color="#6366f1", cornerRadiusEnd=4).encode(
        x=alt.X("customers:Q", title=t("chart.customers", lang), axis=alt.Axis(labelExpr=_count_expr(lang))), y=y,
        tooltip=[alt.Tooltip("stage:N", title=t("chart.stage", lang)),
                 alt.Tooltip("customers_text:N", title=t("chart.customers", lang)),
                 alt.Tooltip("label:N", title=t("chart.conversion_title", lang))])
    text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT - 1).encode(
        x="customers:Q", y=y, text="label:N")
    return _configure((bars + text).properties(width=760, height=max(200, 48 * len(order)),
                                               description=t("chart.funnel_title", lang)))


def compare_curves(maps: list[tuple[str, Map, list[StageScore]]], lang: str) -> alt.Chart:
    """Emotion curves of several maps overlaid (as-is vs to-be, two personas), by stage position."""
    frames = []
    for label, m, scores in maps:
        frame = _frame(m, scores, lang)
        frame["map"] = label
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    x = alt.X("position:O", title=t("chart.stage_number", lang))
    y = alt.Y("emotion:Q", scale=alt.Scale(domain=[-2.2, 2.2]), title=t("chart.emotion", lang),
              axis=alt.Axis(values=list(emotion_scale.SCALE), labelExpr=_emoji_label_expr()))
    colour = alt.Color("map:N", title=t("chart.map", lang), scale=alt.Scale(range=["#6366f1", "#f97316"]))
    base = alt.Chart(data)
    line = base.mark_line(interpolate="monotone", strokeWidth=3).encode(x=x, y=y, color=colour,
                                                                        strokeDash="map:N")
    points = base.mark_point(size=160, filled=True).encode(
        x=x, y=y, color=colour, shape="map:N",
        tooltip=[alt.Tooltip("map:N", title=t("chart.map", lang)), alt.Tooltip("stage:N", title=t("chart.stage", lang)),
                 alt.Tooltip("emotion_text:N", title=t("chart.emotion", lang)),
                 alt.Tooltip("score_text:N", title=t("chart.score", lang))])
    return _configure((line + points).properties(width=680, height=340, description=t("chart.compare_title", lang)))


def spec(kind: str, m: Map, lang: str, validate: bool = False,
         scores: list[StageScore] | None = None) -> dict[str, Any]:
    """The Vega-Lite spec of chart ``kind`` (curve | matrix | funnel) for ``m`` (``scores``: if already made).

    Without ``validate`` the spec is built with Altair's schema checks off: a third faster, and the
    same dict (the unit tests build every kind with validation on).
    """
    from altair.utils import schemapi

    from .scoring import funnel, score_map

    with schemapi.debug_mode(validate):
        if kind == "funnel":
            steps = [{"stage": f"{i}. {step.stage}", "customers": step.customers, "conversion": step.conversion}
                     for i, step in enumerate(funnel(m), start=1)]
            chart = funnel_chart(steps, lang)
        else:
            scores = score_map(m) if scores is None else scores
            chart = emotion_curve(m, scores, lang) if kind == "curve" else priority_matrix(m, scores, lang)
        return chart.to_dict(validate=validate)


# --- issue 15: data into the map ---------------------------------------------------------------------------
def count_ticks(top: float, most: int = 8) -> list[int]:
    """Whole-number ticks 0, step, 2·step, … up to ``top`` (at most ``most`` + 1 of them), the step 1, 2 or 5 × 10ⁿ."""
    step = 1
    while top / step > most:
        for factor in (2, 5 / 2, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = round(step * factor)
            if top / step <= most:
                break
    return list(range(0, int(top) + 1, step))


def _count_expr(lang: str) -> str:
    """An axis label of a whole number: '2,000', in Russian '2 000'."""
    if lang == "ru":
        return "replace(format(datum.value, ',d'), regexp(',', 'g'), '\u00a0')"
    return "format(datum.value, ',d')"


def _percent_expr(lang: str) -> str:
    """An axis label of a share 0…1 as a percent: '30%', in Russian '30 %' with a decimal comma."""
    if lang == "ru":
        return "replace(replace(format(datum.value, '~%'), '%', ' %'), '.', ',')"
    return "format(datum.value, '~%')"


def combinations_chart(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Combinations of items (JTBD from deals) as bars by support, the best rule's lift written beside each.

    ``rows``: dicts with ``combination`` (label), ``support`` (0…1), ``orders`` and ``label`` (the text beside the
    bar, e.g. "30 % · lift 1,8"), most frequent first. Returns the Vega-Lite spec."""
    from altair.utils import schemapi

    data = pd.DataFrame(rows, columns=["combination", "support", "orders", "label"])
    order = list(data["combination"])
    y = alt.Y("combination:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    with schemapi.debug_mode(False):
        room = alt.Scale(domain=[0, min(max(float(data["support"].max() or 0), 0.01) * 1.3, 1.3)])
        bars = alt.Chart(data).mark_bar(color="#6366f1", cornerRadiusEnd=4).encode(
            x=alt.X("support:Q", title=t("insights.chart_support", lang), scale=room,
                    axis=alt.Axis(labelExpr=_percent_expr(lang))),
            y=y,
            tooltip=[alt.Tooltip("combination:N", title=t("insights.col_items", lang)),
                     alt.Tooltip("label:N", title=t("insights.col_support", lang)),
                     alt.Tooltip("orders:Q", title=t("insights.col_orders", lang))])
        text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT - 1).encode(
            x=alt.X("support:Q", scale=room), y=y, text="label:N")
        chart = _configure((bars + text).properties(width=720, height=alt.Step(34),  # 34 px a bar, however many
                                                    title=t("insights.chart_combinations", lang)))
        return chart.to_dict(validate=False)


def event_funnel_spec(steps: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The funnel of an event log: customers reaching each step as bars (34 px a bar, so long stage names never
    overlap), each with its ``label`` written beside it (the conversion and time to the next step, or "no data").

    ``steps``: dicts with ``stage`` (label), ``customers`` (None: no data) and ``label``. Returns the Vega-Lite spec."""
    from altair.utils import schemapi

    data = pd.DataFrame(steps, columns=["stage", "customers", "label"])
    data["shown"] = data["customers"].fillna(0)
    order = list(data["stage"])
    y = alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    with schemapi.debug_mode(False):
        top = max(float(data["shown"].max() or 0), 1)
        room = alt.Scale(domain=[0, top * 1.7])  # the labels fit beside the longest bar
        # ticks and grid lines only as far as the counts go: the room kept for the labels stays blank
        whole = alt.Axis(values=count_ticks(top), labelExpr=_count_expr(lang))
        bars = alt.Chart(data).mark_bar(color="#6366f1", cornerRadiusEnd=4).encode(
            x=alt.X("shown:Q", title=t("chart.customers", lang), scale=room, axis=whole), y=y,
            tooltip=[alt.Tooltip("stage:N", title=t("chart.stage", lang)),
                     alt.Tooltip("customers:Q", title=t("chart.customers", lang)),
                     alt.Tooltip("label:N", title=t("insights.col_conversion", lang))])
        text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT - 1).encode(
            x=alt.X("shown:Q", scale=room), y=y, text="label:N")
        chart = _configure((bars + text).properties(width=720, height=alt.Step(34),
                                                    title=t("chart.funnel_title", lang)))
        return chart.to_dict(validate=False)
