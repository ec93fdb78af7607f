"""The facilitator's live workshop board as self-contained HTML, for projecting.

Per stage: how many people voted, the mean importance and emotion with their spread, a
"discuss" flag when the room disagrees, and the notes grouped by kind. Every piece of user
text (stage names, notes, display names) goes through :func:`html.escape`.
"""

from __future__ import annotations

from html import escape

from . import emotion as emotion_scale
from .i18n import t
from .scoring import number
from .workshop import NOTE_LANES, StageTally

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
.cjm-notes { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px;
  margin-top: 16px; font-size: 16px; }
.cjm-notes section { border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px; }
.cjm-notes h4 { margin: 0 0 6px 0; font-size: 17px; }
.cjm-notes ul { margin: 4px 0 8px 0; padding-left: 18px; }
.cjm-notes li { white-space: pre-wrap; overflow-wrap: anywhere; }
.cjm-notes .who { color: #6b7280; font-size: 13px; }
</style>
"""


def _mean(mean: float | None, spread: float | None, lang: str, face: bool = False) -> str:
    if mean is None:
        return '<span class="muted">—</span>'
    shown = emotion_scale.label(mean) if face else number(mean, lang)
    if spread:
        shown += f' <span class="muted">±{number(spread, lang)}</span>'
    return shown


def votes_table(stages: list[StageTally], lang: str) -> str:
    """One row per stage: votes, importance and emotion means with spread, the discuss flag."""
    head = "".join(f"<th>{escape(t(key, lang))}</th>" for key in
                   ("ws.board.stage", "ws.board.votes", "ws.board.importance", "ws.board.emotion"))
    rows = []
    for s in stages:
        flag = f' <span class="flag">{escape(t("ws.board.discuss", lang))}</span>' if s.discuss else ""
        rows.append(
            f'<tr class="{"discuss" if s.discuss else ""}" data-stage="{escape(s.stage_id)}" '
            f'data-votes="{s.voters}">'
            f"<td>{escape(s.name)}{flag}</td>"
            f'<td class="num">{s.voters}</td>'
            f'<td class="num">{_mean(s.importance_mean, s.importance_spread, lang)}</td>'
            f'<td class="num">{_mean(s.emotion_mean, s.emotion_spread, lang, face=True)}</td></tr>'
        )
    if not rows:
        rows.append(f'<tr><td colspan="4" class="muted">{escape(t("ws.board.no_stages", lang))}</td></tr>')
    return f'{CSS}<div class="cjm-room"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>' \
           f"</table></div>"


def notes_html(stages: list[StageTally], names: dict[str, str], lang: str) -> str:
    """Notes grouped by stage, then by kind (pain points, ideas, questions), each with its author."""
    sections = []
    for s in stages:
        if not s.notes:
            continue
        parts = [f"<h4>{escape(s.name)}</h4>"]
        for kind in NOTE_LANES:
            items = s.notes.get(kind)
            if not items:
                continue
            parts.append(f"<div>{NOTE_ICONS[kind]} {escape(t('ws.note.' + kind, lang))} ({len(items)})</div><ul>")
            parts.extend(
                f'<li>{escape(n.text)} <span class="who">— {escape(names.get(n.participant_id, "?"))}</span></li>'
                for n in items
            )
            parts.append("</ul>")
        sections.append(f'<section data-stage="{escape(s.stage_id)}">{"".join(parts)}</section>')
    if not sections:
        return f'{CSS}<div class="cjm-room muted">{escape(t("ws.board.no_notes", lang))}</div>'
    return f'{CSS}<div class="cjm-notes">{"".join(sections)}</div>'
