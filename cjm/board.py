"""The Board: the classic journey map for projecting, as self-contained HTML.

Stages are columns, lanes are rows, the emotion curve is drawn across the columns, and bottleneck
stages are marked by colour *and* a label. Every piece of user text goes through :func:`html.escape`:
a stage named ``<script>`` shows as text.

Up to :data:`FIT_STAGES` stages the columns share the screen's width (8 fit at 1280 px with the sidebar
open: type shrinks as stages grow); a longer map keeps columns of :data:`COLUMN` px and scrolls sideways
(500 stages stay usable), each stage header carrying ``data-index`` so the page can bring one into view
(the top bottleneck on open, a stage from the jump list). The lane column sticks to the left on an opaque
background above the scrolled cells.
"""

from __future__ import annotations

import base64
from html import escape

from . import emotion as emotion_scale
from . import levels, numbers, phases
from .cells import cell_text, stars
from .i18n import t
from .lanes import LaneType
from .model import Map
from .scoring import StageScore

FIT_STAGES = 8  # up to this many stages share the width; more scroll
COLUMN = 220  # px per stage when the board scrolls
LANE_COLUMN = 170  # px for the lane labels when the board scrolls
FIT_LANE_COLUMN = "13%"  # share of the width for the lane labels when the stages fit
CURVE_HEIGHT = 150
CURVE_UNIT = 100  # the curve's drawing width per stage (it is stretched to the columns)

_STATIC_CSS = """
<style>
.cjm-board { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 8px; }
.cjm-board table { border-collapse: separate; border-spacing: 0; table-layout: fixed; line-height: 1.4; }
.cjm-board th, .cjm-board td { border-right: 1px solid #e5e7eb; border-bottom: 1px solid #e5e7eb; padding: 8px 10px;
  vertical-align: top; text-align: left; overflow-wrap: anywhere; hyphens: auto; }
.cjm-board th.lane { position: sticky; left: 0; z-index: 3; background: #f8fafc; font-weight: 600;
  overflow-wrap: break-word; box-shadow: 2px 0 0 #e5e7eb; }
.cjm-board thead th { background: #eef2ff; }
.cjm-board thead tr.phases th.phase { background: #c7d2fe; color: #1e1b4b; text-align: center; font-weight: 700;
  border-right: 3px solid #fff; border-bottom: 3px solid #6366f1; }
.cjm-board thead tr.phases th.phase.none { background: #f8fafc; border-bottom-color: #e5e7eb; }
.cjm-board thead tr.phases th.lane { background: #f8fafc; }
.cjm-slide .phase { display: inline-block; background: #c7d2fe; color: #1e1b4b; font-weight: 700;
  border-radius: 6px; padding: 2px 10px; margin-left: 10px; }
.cjm-board .badge { display: block; font-size: 0.8em; font-weight: 500; color: #374151; margin-top: 4px; }
.cjm-board td.curve { padding: 0; }
.cjm-board .curve-box { position: relative; height: {CURVE_HEIGHT}px; overflow: hidden; }
.cjm-board .curve-box img { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block; }
.cjm-board .pt { position: absolute; transform: translate(-9px, -9px); white-space: nowrap; font-size: 20px;
  line-height: 18px; z-index: 1; }
.cjm-board .pt::before { content: ""; display: inline-block; width: 14px; height: 14px; border-radius: 50%;
  background: var(--dot); border: 2px solid #fff; vertical-align: middle; margin-right: 4px; }
.cjm-board.fit table { width: 100%; font-size: var(--board-font); }
.cjm-board.fit thead th { font-size: 1.05em; }
.cjm-board.scroll table { font-size: 17px; }
.cjm-board.scroll thead th { font-size: 18px; }
.cjm-slide { border: 1px solid #e5e7eb; border-radius: 12px; padding: 28px 36px; font-size: 24px; }
.cjm-slide h2 { font-size: 40px; margin: 0 0 8px 0; }
.cjm-slide .big { font-size: 56px; }
.cjm-slide dt { font-weight: 700; margin-top: 18px; color: #4338ca; }
.cjm-slide dd { margin: 4px 0 0 0; white-space: pre-wrap; }
</style>
""".replace("{CURVE_HEIGHT}", str(CURVE_HEIGHT))

# Type in the fitted board: large on a short map, smaller as more stages share the width (px, by stage count).
FIT_FONT = {1: 18, 2: 18, 3: 17, 4: 17, 5: 16, 6: 15, 7: 14, 8: 13}


def css() -> str:
    """The Board's styles; the level styles come from :mod:`cjm.levels` (read each time: one home)."""
    return _STATIC_CSS.replace("</style>", levels.board_css(".cjm-board") + "\n</style>")


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _badge(score: StageScore | None, lang: str) -> str:
    if score is None:
        return ""
    return f'<span class="badge">{escape(levels.label(score.level, lang))} · {numbers.score(score.score, lang)}</span>'


def _curve(m: Map, scores: dict[str, StageScore], lang: str) -> str:
    """The emotion curve across the stage columns: a line drawn to the columns' width (an SVG image, stretched:
    HTML sanitizers drop inline <svg>) and a point per rated stage, its level's colour and its face, placed in
    per cent of the width so it sits over its column whatever the column's width."""
    count = len(m.stages)
    width = CURVE_UNIT * count
    top, span = 20, CURVE_HEIGHT - 40
    points = []
    for i, stage in enumerate(m.stages):
        s = scores.get(stage.id)
        if s is None or s.emotion is None:
            continue
        y = top + (2 - float(s.emotion)) / 4 * span
        points.append((i, y, s))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {CURVE_HEIGHT}" '
             f'preserveAspectRatio="none" width="{width}" height="{CURVE_HEIGHT}">',
             f'<line x1="0" x2="{width}" y1="{CURVE_HEIGHT / 2}" y2="{CURVE_HEIGHT / 2}" stroke="#d1d5db" '
             'stroke-dasharray="4 4" vector-effect="non-scaling-stroke"/>']
    if len(points) > 1:
        path = " ".join(f"{(i + 0.5) * CURVE_UNIT:.1f},{y:.1f}" for i, y, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#6366f1" stroke-width="3" '
                     'vector-effect="non-scaling-stroke"/>')
    parts.append("</svg>")
    data = base64.b64encode("".join(parts).encode("utf-8")).decode("ascii")
    title = escape(t("chart.curve_title", lang))
    out = [f'<div class="curve-box"><img src="data:image/svg+xml;base64,{data}" alt="{title}">']
    for i, y, s in points:
        rounded = max(-2, min(2, round(float(s.emotion))))
        left = (i + 0.5) / count * 100
        label = escape(f"{i + 1}. {s.stage}: {numbers.emotion(s.emotion, lang)}")
        out.append(f'<span class="pt lvl-{s.level}" style="left:{left:.3f}%;top:{y:.1f}px;'
                   f'--dot:{levels.colour(s.level)}" title="{label}">{emotion_scale.EMOJI[rounded]}</span>')
    out.append("</div>")
    return "".join(out)


def fits(m: Map) -> bool:
    """Whether the stages share the screen's width (no sideways scrolling)."""
    return len(m.stages) <= FIT_STAGES


def board_html(m: Map, scores: list[StageScore], lang: str) -> str:
    """The whole board: a header row of stages, an emotion curve row, then one row per visible lane."""
    by_id = {s.stage_id: s for s in scores}
    lanes = [lane for lane in m.lanes if not lane.hidden]
    emotion_lane = m.first_lane_of(LaneType.EMOTION)
    if fits(m):
        font = FIT_FONT.get(len(m.stages), 13)
        out = [css(), f'<div class="cjm-board fit" style="--board-font:{font}px"><table>',
               f'<colgroup><col class="lane" style="width:{FIT_LANE_COLUMN}">']
        out += ['<col class="stage">' for _ in m.stages]
    else:
        width = LANE_COLUMN + COLUMN * len(m.stages)
        out = [css(), f'<div class="cjm-board scroll"><table style="width:{width}px">',
               f'<colgroup><col class="lane" style="width:{LANE_COLUMN}px">']
        out += [f'<col class="stage" style="width:{COLUMN}px">' for _ in m.stages]
    out.append("</colgroup><thead>")
    out.append(_phase_band(m, lang))
    out.append("<tr>")
    out.append(f'<th class="lane">{escape(t("board.stage", lang))}</th>')
    for i, stage in enumerate(m.stages, start=1):
        s = by_id.get(stage.id)
        level = s.level if s else levels.UNRATED
        out.append(f'<th class="lvl-{level}" data-stage="{escape(stage.id)}" data-index="{i - 1}">{i}. '
                   f"{_text(stage.name)}{_badge(s, lang)}</th>")
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


def _phase_band(m: Map, lang: str) -> str:
    """The band of phase names above the stage headers, each over its stages ("" for a map without phases)."""
    if not phases.has_bands(m):
        return ""
    out = [f'<tr class="phases"><th class="lane">{escape(t("phases.label", lang))}</th>']
    for run in phases.runs(m):
        if run.phase is None:
            out.append(f'<th class="phase none" colspan="{run.span}"></th>')
        else:
            out.append(f'<th class="phase" colspan="{run.span}" data-phase="{escape(run.phase.id)}">'
                       f"{_text(run.phase.name)}</th>")
    out.append("</tr>")
    return "".join(out)


def slide_html(m: Map, scores: list[StageScore], index: int, lang: str) -> str:
    """One stage, large: for presentation mode. ``index`` is clamped to the stages."""
    if not m.stages:
        return ""
    index = max(0, min(index, len(m.stages) - 1))
    stage = m.stages[index]
    s = next((x for x in scores if x.stage_id == stage.id), None)
    head = escape(t("board.slide_of", lang, number=index + 1, total=len(m.stages)))
    phase = phases.phase_of(m, stage.id)
    if phase is not None:
        head += f'<span class="phase">{_text(phase.name)}</span>'
    feeling = ""
    if s is not None and s.emotion is not None:
        feeling = emotion_scale.EMOJI[max(-2, min(2, round(float(s.emotion))))]
    importance = stars(round(s.importance)) if s is not None and s.importance is not None else ""
    out = [css(), '<div class="cjm-slide">', f"<div>{head}</div>", f"<h2>{_text(stage.name)}</h2>",
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
