"""Charts of a map (Altair specifications, no UI): the emotion curve, the priority matrix, the funnel.

Readable on a projector (large type) and with 30+ stages (labels angled, width grows with stages).
Colour is never the only cue: a level's label carries its icon and word (cjm/levels.py).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from . import emotion as emotion_scale
from . import levels
from .i18n import t
from .model import Map
from .scoring import StageScore

FONT = 15


def _level_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[levels.label(k, lang) for k in levels.LEVELS],
                     range=[levels.colour(k) for k in levels.LEVELS])


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
            "level": levels.label(score.level, lang),
            "level_key": score.level,
            "why": getattr(score, "why", "") or "",
        })
    return pd.DataFrame(rows, columns=["position", "stage", "emotion", "importance", "score", "level", "level_key",
                                       "why"])


def _configure(chart: alt.Chart) -> alt.Chart:
    return chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT + 1).configure_legend(
        labelFontSize=FONT, titleFontSize=FONT).configure_title(fontSize=FONT + 4)


def emotion_curve(m: Map, scores: list[StageScore], lang: str) -> alt.Chart:
    """The classic CJM line: emotion across stages; points coloured by level, sized by importance."""
    data = _frame(m, scores, lang)
    order = list(data["stage"])
    x = alt.X("stage:N", sort=order, title=t("chart.stages", lang),
              axis=alt.Axis(labelAngle=-30 if len(order) > 3 else 0, labelLimit=200, labelOverlap=False))
    y = alt.Y("emotion:Q", title=t("chart.emotion", lang), scale=alt.Scale(domain=[-2.2, 2.2]),
              axis=alt.Axis(values=list(emotion_scale.SCALE), labelExpr=_emoji_label_expr(), labelOverlap=False))
    line = alt.Chart(data).mark_line(interpolate="monotone", strokeWidth=3, color="#6366f1").encode(x=x, y=y)
    points = alt.Chart(data).mark_circle(opacity=0.95, stroke="white", strokeWidth=1.5).encode(
        x=x, y=y,
        color=alt.Color("level:N", scale=_level_scale(lang), title=t("chart.level", lang)),
        size=alt.Size("importance:Q", scale=alt.Scale(domain=[1, 5], range=[120, 900]),
                      title=t("chart.importance", lang)),
        tooltip=[alt.Tooltip("stage:N", title=t("chart.stage", lang)),
                 alt.Tooltip("emotion:Q", title=t("chart.emotion", lang)),
                 alt.Tooltip("importance:Q", title=t("chart.importance", lang)),
                 alt.Tooltip("score:Q", title=t("chart.score", lang)),
                 alt.Tooltip("why:N", title=t("chart.why", lang))],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], color="#a1a1aa").encode(y="y:Q")
    width = min(max(560, 90 * len(order)), 2700)  # 30 stages at full size; longer maps get denser
    return _configure((zero + line + points).properties(width=width, height=420,
                                                        title=t("chart.curve_title", lang)))


def _emoji_label_expr() -> str:
    pairs = ", ".join(f"'{k}': '{emotion_scale.EMOJI[k]} {k:+d}'" for k in emotion_scale.SCALE)
    return f"({{{pairs}}})[datum.value] || datum.value"


def priority_matrix(m: Map, scores: list[StageScore], lang: str) -> alt.Chart:
    """Importance × emotion with labelled quadrants: fix now, protect, monitor, improve later.

    Stages that share a point are listed together beside it (one name per line).
    """
    data = _frame(m, scores, lang).dropna(subset=["emotion", "importance"])
    points_data = (
        data.assign(order=data["level_key"].map(levels.order))
        .sort_values(["order", "position"])
        .groupby(["emotion", "importance"], as_index=False, sort=False)
        .agg(stage=("stage", "\n".join), level=("level", "first"), score=("score", "max"), why=("why", "first"))
    )
    top, bottom = 5.75, 0.45
    quadrants = pd.DataFrame([
        {"x0": -2.3, "x1": 0, "y0": 3, "y1": top, "label": t("chart.fix_now", lang), "lx": -1.15, "ly": 5.5,
         "fill": "#fee2e2"},
        {"x0": 0, "x1": 2.3, "y0": 3, "y1": top, "label": t("chart.protect", lang), "lx": 1.15, "ly": 5.5,
         "fill": "#dcfce7"},
        {"x0": -2.3, "x1": 0, "y0": bottom, "y1": 3, "label": t("chart.improve_later", lang), "lx": -1.15,
         "ly": 0.65, "fill": "#fef3c7"},
        {"x0": 0, "x1": 2.3, "y0": bottom, "y1": 3, "label": t("chart.monitor", lang), "lx": 1.15, "ly": 0.65,
         "fill": "#f3f4f6"},
    ])
    x_scale, y_scale = alt.Scale(domain=[-2.3, 2.3]), alt.Scale(domain=[bottom, top])
    areas = alt.Chart(quadrants).mark_rect(opacity=0.6).encode(
        x=alt.X("x0:Q", scale=x_scale, title=t("chart.emotion", lang),
                axis=alt.Axis(values=list(emotion_scale.SCALE), labelExpr=_emoji_label_expr())),
        x2="x1:Q", y=alt.Y("y0:Q", scale=y_scale, title=t("chart.importance", lang),
                           axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        y2="y1:Q", color=alt.Color("fill:N", scale=None), tooltip=alt.value(None))
    labels = alt.Chart(quadrants).mark_text(fontSize=FONT + 1, fontWeight="bold", color="#374151").encode(
        x=alt.X("lx:Q", scale=x_scale), y=alt.Y("ly:Q", scale=y_scale), text="label:N")
    points = alt.Chart(points_data).mark_circle(size=420, opacity=0.9, stroke="white", strokeWidth=1.5).encode(
        x=alt.X("emotion:Q", scale=x_scale), y=alt.Y("importance:Q", scale=y_scale),
        color=alt.Color("level:N", scale=_level_scale(lang), title=t("chart.level", lang)),
        tooltip=[alt.Tooltip("stage:N", title=t("chart.stage", lang)),
                 alt.Tooltip("score:Q", title=t("chart.score", lang)),
                 alt.Tooltip("why:N", title=t("chart.why", lang))])
    names = alt.Chart(points_data).mark_text(align="left", baseline="middle", dx=16, fontSize=FONT - 2,
                                             lineBreak="\n", color="#111827").encode(
        x=alt.X("emotion:Q", scale=x_scale), y=alt.Y("importance:Q", scale=y_scale), text="stage:N")
    return _configure((areas + labels + points + names).properties(width=760, height=520,
                                                                    title=t("chart.matrix_title", lang)))


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
    order = list(data["stage"])
    y = alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(data).mark_bar(color="#6366f1", cornerRadiusEnd=4).encode(
        x=alt.X("customers:Q", title=t("chart.customers", lang)), y=y,
        tooltip=[alt.Tooltip("stage:N"), alt.Tooltip("customers:Q"), alt.Tooltip("label:N")])
    text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT - 1).encode(
        x="customers:Q", y=y, text="label:N")
    return _configure((bars + text).properties(width=760, height=max(200, 48 * len(order)),
                                               title=t("chart.funnel_title", lang)))


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
        tooltip=[alt.Tooltip("map:N"), alt.Tooltip("stage:N"), alt.Tooltip("emotion:Q"), alt.Tooltip("score:Q")])
    return _configure((line + points).properties(width=680, height=340, title=t("chart.compare_title", lang)))


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
        room = alt.Scale(domain=[0, max(float(data["shown"].max() or 0), 1) * 1.7])  # the labels fit beside
        whole = alt.Axis(tickMinStep=1, labelExpr=_count_expr(lang))
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
