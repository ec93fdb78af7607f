"""The facilitator's live workshop board as self-contained HTML, for projecting.

Per stage: how many people voted and — once the facilitator reveals the round — the mean importance and emotion
with their spread, a histogram of each, and a "discuss" flag when the room disagrees; from the second round on,
round by round (mean, spread, who moved). Notes are shown as counts per stage and kind, and the newest page of
them (a room may hold 10,000). Every piece of user text (stage names, notes, display names) goes through
:func:`html.escape`.
"""

from __future__ import annotations

from html import escape

from . import emotion as emotion_scale
from .i18n import t
from .scoring import number
from .workshop import EMOTION_SCALE, IMPORTANCE_SCALE, NOTE_LANES, Move, RoomNote, RoundComparison, StageTally

NOTE_ICONS = {"pain": "🩹", "idea": "💡", "question": "❓"}

CSS = """
<style>
.cjm-room { font-size: 18px; line-height: 1.4; }
.cjm-room table { border-collapse: collapse; width: 100%; }
.cjm-room th, .cjm-room td { border-bottom: 1px solid #e5e7eb; padding: 8px 10px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.cjm-room th { background: #eef2ff; font-size: 16px; }
.cjm-room td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.cjm-room tr.discuss td { background: #fff7ed; }
.cjm-room .flag { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 10px;
  background: #f97316; color: #fff; font-size: 14px; font-weight: 600; }
.cjm-room .muted { color: #6b7280; }
.cjm-room .moved { font-size: 15px; color: #374151; }
.cjm-hist { display: flex; align-items: flex-end; gap: 4px; margin-top: 6px; }
.cjm-hist span { display: flex; flex-direction: column; align-items: center; justify-content: flex-end;
  width: 30px; height: 62px; font-size: 12px; color: #6b7280; line-height: 1.1; }
.cjm-hist i { font-style: normal; color: #374151; min-height: 14px; }
.cjm-hist b { display: block; width: 20px; background: #6366f1; border-radius: 2px 2px 0 0; }
.cjm-hist em { font-style: normal; border-top: 1px solid #d1d5db; width: 100%; text-align: center; padding-top: 1px; }
.cjm-hist.faces b { background: #fbbf24; }
.cjm-notes { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px;
  margin-top: 16px; font-size: 16px; }
.cjm-notes section { border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px; }
.cjm-notes h4 { margin: 0 0 6px 0; font-size: 17px; }
.cjm-feed { list-style: none; padding: 0; margin: 8px 0; font-size: 16px; }
.cjm-feed li { border-bottom: 1px solid #e5e7eb; padding: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.cjm-feed .who { color: #6b7280; font-size: 13px; }
</style>
"""


def _mean(mean: float | None, spread: float | None, lang: str, face: bool = False) -> str:
    if mean is None:
        return '<span class="muted">—</span>'
    shown = emotion_scale.label(mean) if face else number(mean, lang)
    if spread:
        shown += f' <span class="muted">±{number(spread, lang)}</span>'
    return shown


def histogram(counts: tuple[int, ...], scale: tuple[int, ...], face: bool = False) -> str:
    """Bars for the votes on each point of the scale: the count above a bar, the point under it (none: no votes)."""
    if not any(counts):
        return ""
    top = max(counts)
    bars = []
    for point, count in zip(scale, counts, strict=True):
        label = emotion_scale.EMOJI[point] if face else str(point)
        height = round(32 * count / top)
        bars.append(f'<span title="{escape(label)}: {count}"><i>{count or ""}</i><b style="height:{height}px"></b>'
                    f"<em>{escape(label)}</em></span>")
    return f'<div class="cjm-hist{" faces" if face else ""}" aria-hidden="true">{"".join(bars)}</div>'


def votes_table(stages: list[StageTally], lang: str, *, blind: bool = False) -> str:
    """One row per stage: votes; once revealed, importance and emotion means with spread, histograms, the flag.

    ``blind``: only how many voted (the room does not anchor on early votes).
    """
    keys = ("ws.board.stage", "ws.board.votes") if blind else \
        ("ws.board.stage", "ws.board.votes", "ws.board.importance", "ws.board.emotion")
    head = "".join(f"<th>{escape(t(key, lang))}</th>" for key in keys)
    rows = []
    for s in stages:
        flag = f' <span class="flag">{escape(t("ws.board.discuss", lang))}</span>' if s.discuss and not blind else ""
        cells = f"<td>{escape(s.name)}{flag}</td>" f'<td class="num">{s.voters}</td>'
        if not blind:
            cells += (f'<td class="num">{_mean(s.importance_mean, s.importance_spread, lang)}'
                      f"{histogram(s.importance_histogram, IMPORTANCE_SCALE)}</td>"
                      f'<td class="num">{_mean(s.emotion_mean, s.emotion_spread, lang, face=True)}'
                      f"{histogram(s.emotion_histogram, EMOTION_SCALE, face=True)}</td>")
        css = "discuss" if s.discuss and not blind else ""
        rows.append(f'<tr class="{css}" data-stage="{escape(s.stage_id)}" data-votes="{s.voters}">{cells}</tr>')
    if not rows:
        rows.append(f'<tr><td colspan="4" class="muted">{escape(t("ws.board.no_stages", lang))}</td></tr>')
    return f'{CSS}<div class="cjm-room" data-blind="{str(blind).lower()}"><table><thead><tr>{head}</tr></thead>' \
           f'<tbody>{"".join(rows)}</tbody></table></div>'


def _move(move: Move) -> str:
    parts = []
    (i0, i1), (e0, e1) = move.importance, move.emotion
    if None not in (i0, i1) and i0 != i1:
        parts.append(f"★ {i0}→{i1}")
    if None not in (e0, e1) and e0 != e1:
        parts.append(f"{emotion_scale.label(e0)}→{emotion_scale.label(e1)}")
    return f"{escape(move.name)} ({', '.join(parts)})"


def rounds_table(comparisons: list[RoundComparison], before: int, after: int, lang: str) -> str:
    """Round ``before`` against round ``after``, per stage: mean ± spread of each, and who moved."""
    head = "".join(f"<th>{escape(text)}</th>" for text in (
        t("ws.board.stage", lang), t("ws.rounds.importance", lang, round=before),
        t("ws.rounds.importance", lang, round=after), t("ws.rounds.emotion", lang, round=before),
        t("ws.rounds.emotion", lang, round=after), t("ws.rounds.moved", lang)))
    rows = []
    for c in comparisons:
        moved = ", ".join(_move(m) for m in c.moved) or '<span class="muted">—</span>'
        rows.append(
            f'<tr data-stage="{escape(c.stage_id)}" data-moved="{len(c.moved)}"><td>{escape(c.name)}</td>'
            f'<td class="num">{_mean(c.before.importance_mean, c.before.importance_spread, lang)}</td>'
            f'<td class="num">{_mean(c.after.importance_mean, c.after.importance_spread, lang)}</td>'
            f'<td class="num">{_mean(c.before.emotion_mean, c.before.emotion_spread, lang, face=True)}</td>'
            f'<td class="num">{_mean(c.after.emotion_mean, c.after.emotion_spread, lang, face=True)}</td>'
            f'<td class="moved">{moved}</td></tr>')
    return f'{CSS}<div class="cjm-room cjm-rounds"><table><thead><tr>{head}</tr></thead>' \
           f'<tbody>{"".join(rows)}</tbody></table></div>'


def notes_overview(stages: list[StageTally], lang: str) -> str:
    """How many notes of each kind per stage (the notes themselves: :func:`notes_feed`)."""
    sections = []
    for s in stages:
        if not s.notes:
            continue
        kinds = "".join(f"<div>{NOTE_ICONS[kind]} {escape(t('ws.note.' + kind, lang))}: "
                        f'<b data-kind="{kind}">{s.notes[kind]}</b></div>' for kind in NOTE_LANES if kind in s.notes)
        sections.append(f'<section data-stage="{escape(s.stage_id)}"><h4>{escape(s.name)}</h4>{kinds}</section>')
    if not sections:
        return f'{CSS}<div class="cjm-room muted">{escape(t("ws.board.no_notes", lang))}</div>'
    return f'{CSS}<div class="cjm-notes">{"".join(sections)}</div>'


def notes_feed(notes: list[RoomNote], names: dict[str, str], stage_names: dict[str, str], lang: str) -> str:
    """A page of notes, newest first: kind, stage, text and author."""
    if not notes:
        return ""
    items = "".join(
        f'<li data-stage="{escape(n.stage_id)}">{NOTE_ICONS.get(n.kind, "")} '
        f'<b>{escape(stage_names.get(n.stage_id, "?"))}</b> · {escape(n.text)} '
        f'<span class="who">— {escape(names.get(n.participant_id, "?"))}</span></li>' for n in notes)
    return f'{CSS}<ul class="cjm-feed">{items}</ul>'
