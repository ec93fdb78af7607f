"""The Board: the classic journey map for projecting, as self-contained HTML.

Stages are columns, lanes are rows, the emotion lane is drawn as a curve across the columns, and
bottleneck stages are marked by colour *and* a label. Every piece of user text goes through
:func:`html.escape`: a stage named ``<script>`` shows as text. Columns have a fixed width and the
board scrolls sideways, so 500 stages stay usable.
"""

from __future__ import annotations

import base64
from html import escape

from . import emotion as emotion_scale
from . import levels
from .cells import cell_text, stars
from .i18n import t
from .lanes import LaneType
from .model import Map
from .scoring import StageScore

COLUMN = 240  # px per stage
LANE_COLUMN = 190  # px for the lane labels
CURVE_HEIGHT = 150

_STATIC_CSS = """
<style>
.cjm-board { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 8px; }
.cjm-board table { border-collapse: collapse; table-layout: fixed; font-size: 17px; line-height: 1.4; }
.cjm-board th, .cjm-board td { border: 1px solid #e5e7eb; padding: 8px 10px; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
.cjm-board col.stage { width: {COLUMN}px; }
.cjm-board col.lane { width: {LANE_COLUMN}px; }
.cjm-board th.lane { position: sticky; left: 0; z-index: 1; background: #f8fafc; font-weight: 600;
  width: {LANE_COLUMN}px; min-width: {LANE_COLUMN}px; overflow-wrap: normal; }
.cjm-board thead th:not(.lane), .cjm-board tbody td { width: {COLUMN}px; min-width: {COLUMN}px; }
.cjm-board thead th { background: #eef2ff; font-size: 18px; }
.cjm-board .badge { display: block; font-size: 14px; font-weight: 500; color: #374151; margin-top: 4px; }
.cjm-board td.curve { padding: 0; width: auto; min-width: 0; }
.cjm-slide { border: 1px solid #e5e7eb; border-radius: 12px; padding: 28px 36px; font-size: 24px; }
.cjm-slide h2 { font-size: 40px; margin: 0 0 8px 0; }
.cjm-slide .big { font-size: 56px; }
.cjm-slide dt { font-weight: 700; margin-top: 18px; color: #4338ca; }
.cjm-slide dd { margin: 4px 0 0 0; white-space: pre-wrap; }
</style>
""".replace("{COLUMN}", str(COLUMN)).replace("{LANE_COLUMN}", str(LANE_COLUMN))


def css() -> str:
    """The Board's styles; the level styles come from :mod:`cjm.levels` (read each time: one home)."""
    return _STATIC_CSS.replace("</style>", levels.board_css(".cjm-board") + "\n</style>")


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _badge(score: StageScore | None, lang: str) -> str:
    if score is None:
        return ""
    value = "—" if score.score is None else f"{score.score:g}"
    return f'<span class="badge">{escape(levels.label(score.level, lang))} · {value}</span>'


def _curve(m: Map, scores: dict[str, StageScore], lang: str) -> str:
    width = COLUMN * len(m.stages)
    points = []
    for i, stage in enumerate(m.stages):
        s = scores.get(stage.id)
        if s is None or s.emotion is None:
            continue
        x = i * COLUMN + COLUMN / 2
        y = 20 + (2 - float(s.emotion)) / 4 * (CURVE_HEIGHT - 40)
        points.append((x, y, s))
    parts = [f'<svg width="{width}" height="{CURVE_HEIGHT}" role="img" '
             f'aria-label="{escape(t("chart.curve_title", lang))}">',
             f'<line x1="0" x2="{width}" y1="{CURVE_HEIGHT / 2}" y2="{CURVE_HEIGHT / 2}" stroke="#d1d5db" '
             'stroke-dasharray="4 4"/>']
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#6366f1" stroke-width="3"/>')
    for x, y, s in points:
        rounded = max(-2, min(2, round(float(s.emotion))))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{levels.colour(s.level)}" stroke="white" '
                     'stroke-width="2"/>')
        parts.append(f'<text x="{x + 14:.1f}" y="{y + 6:.1f}" font-size="20">{emotion_scale.EMOJI[rounded]}</text>')
    parts.append("</svg>")
    svg = "".join(parts).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    # An <img> with a data URI: HTML sanitizers (st.html's among them) drop inline <svg>.
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{CURVE_HEIGHT}" '
            f'alt="{escape(t("chart.curve_title", lang))}" style="display:block">')


def board_html(m: Map, scores: list[StageScore], lang: str) -> str:
    """The whole board: a header row of stages, an emotion curve row, then one row per visible lane."""
    by_id = {s.stage_id: s for s in scores}
    lanes = [lane for lane in m.lanes if not lane.hidden]
    emotion_lane = m.first_lane_of(LaneType.EMOTION)
    width = LANE_COLUMN + COLUMN * len(m.stages)
    out = [css(), f'<div class="cjm-board"><table style="width:{width}px">', '<colgroup><col class="lane">']
    out += ['<col class="stage">' for _ in m.stages]
    out.append("</colgroup><thead><tr>")
    out.append(f'<th class="lane">{escape(t("board.stage", lang))}</th>')
    for i, stage in enumerate(m.stages, start=1):
        s = by_id.get(stage.id)
        level = s.level if s else levels.UNRATED
        out.append(f'<th class="lvl-{level}" data-stage="{escape(stage.id)}">{i}. {_text(stage.name)}'
                   f"{_badge(s, lang)}</th>")
    out.append("</tr></thead><tbody>")
    if emotion_lane is not None and m.stages:
        out.append(f'<tr><th class="lane">{escape(emotion_lane.label)}</th>'
                   f'<td class="curve" colspan="{len(m.stages)}">{_curve(m, by_id, lang)}</td></tr>')
    for lane in lanes:
        if lane.type is LaneType.EMOTION and lane is emotion_lane:
            values = [stage.values.get(lane.key) for stage in m.stages]
            cells = [escape(v["words"]) if v else "" for v in values]
        else:
            cells = [_text(cell_text(lane, stage.values.get(lane.key))) for stage in m.stages]
        out.append(f'<tr><th class="lane">{escape(lane.label)}</th>')
        for stage, cell in zip(m.stages, cells, strict=True):
            level = by_id[stage.id].level if stage.id in by_id else levels.UNRATED
            out.append(f'<td class="lvl-{level}">{cell}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def slide_html(m: Map, scores: list[StageScore], index: int, lang: str) -> str:
    """One stage, large: for presentation mode. ``index`` is clamped to the stages."""
    if not m.stages:
        return ""
    index = max(0, min(index, len(m.stages) - 1))
    stage = m.stages[index]
    s = next((x for x in scores if x.stage_id == stage.id), None)
    head = t("board.slide_of", lang, number=index + 1, total=len(m.stages))
    feeling = ""
    if s is not None and s.emotion is not None:
        feeling = emotion_scale.EMOJI[max(-2, min(2, round(float(s.emotion))))]
    importance = stars(round(s.importance)) if s is not None and s.importance is not None else ""
    out = [css(), '<div class="cjm-slide">', f"<div>{escape(head)}</div>", f"<h2>{_text(stage.name)}</h2>",
           f'<div class="big">{feeling} <span style="font-size:32px">{importance}</span></div>',
           f"<div>{_badge(s, lang)}</div>"]
    if s is not None and getattr(s, "why", ""):
        out.append(f"<p>{escape(s.why)}</p>")
    out.append("<dl>")
    for lane in m.lanes:
        if lane.hidden or lane.type in (LaneType.IMPORTANCE,):
            continue
        text = cell_text(lane, stage.values.get(lane.key))
        if text:
            out.append(f"<dt>{escape(lane.label)}</dt><dd>{escape(text)}</dd>")
    out.append("</dl></div>")
    return "".join(out)
