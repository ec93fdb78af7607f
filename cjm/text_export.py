"""Plain-text exports: a Markdown summary and a Mermaid ``journey`` diagram, each escaping its own syntax.

The tidy CSV export is in :mod:`cjm.xlsx.csv`, beside the CSV reader.
"""

from __future__ import annotations

from . import levels, phases
from .cells import cell_text
from .i18n import t
from .lanes import LaneType
from .model import Map
from .scoring import score_map


def _md(text: str) -> str:
    special = "\\`*_{}[]()#+-.!|<>~"
    escaped = "".join("\\" + ch if ch in special else ch for ch in text)
    return escaped.replace("\r", " ").replace("\n", "<br>")


def to_markdown(m: Map) -> str:
    """A summary to paste into a wiki or an issue: who, the bottlenecks with why, and the map as a table."""
    lines = [f"# {_md(m.title)}", ""]
    if m.persona:
        lines += [f"**{t('map.persona', m.language)}:** {_md(m.persona)}", ""]
    if m.description:
        lines += [_md(m.description), ""]
    scores = score_map(m)
    lines += [f"## {t('analysis.ranking', m.language)}", ""]
    for s in scores:
        value = "—" if s.score is None else f"{s.score:g}"
        lines.append(f"{s.rank or '—'}. **{_md(s.stage)}** — {levels.label(s.level, m.language)} {value}: "
                     f"{_md(s.why)}")
    lines += ["", f"## {t('map.grid', m.language)}", ""]
    lanes = [lane for lane in m.lanes if not lane.hidden]
    grouped = phases.has_bands(m)  # a map with phases: their column first (an old map's table stays as it was)
    head = [t("phases.label", m.language)] if grouped else []
    head += [t("board.stage", m.language)] + [lane.label for lane in lanes]
    lines.append("| " + " | ".join(_md(text) for text in head) + " |")
    lines.append("|" + "---|" * len(head))
    for stage, phase in zip(m.stages, phases.names_per_stage(m), strict=True):
        cells = [_md(phase or "")] if grouped else []
        cells += [_md(stage.name)] + [_md(cell_text(lane, stage.values.get(lane.key))) for lane in lanes]
        lines.append("| " + " | ".join(cells) + " |")
    lines += _action_plan(m)
    return "\n".join(lines) + "\n"


def _action_plan(m: Map) -> list[str]:
    """The action plan (cjm/actions.py) as a table under its progress; nothing when the map has no actions."""
    from . import actions

    if not m.actions:
        return []
    language = m.language
    done, total = actions.progress(m)
    fields = ("title", "stage", "owner", "due", "status", "effort")
    lines = ["", f"## {t('nav.actions', language)}", "", t("actions.progress", language, count=total, done=done), "",
             "| " + " | ".join(_md(t(f"actions.field.{field}", language)) for field in fields) + " |",
             "|" + "---|" * len(fields)]
    for row in actions.rows(m):
        cells = [row.title, row.stage, row.owner, actions.due_text(row.due, language),
                 t(f"action.status.{row.status}", language), row.effort]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return lines


def _mermaid(text: str) -> str:
    """Mermaid journey text: no line breaks, no ':' (its separator), no ';' or '#' (comments, entities)."""
    cleaned = " ".join(text.replace(":", " -").replace(";", ",").replace("#", "№").split())
    return cleaned or "…"


def to_mermaid(m: Map) -> str:
    """A Mermaid ``journey``: one section per stage, its actions as tasks scored 1–5 from the emotion.

    A map with phases has one section per phase instead, its stages as the tasks (a stage in no phase stays a
    section of its own with its actions)."""
    actions = next((lane for lane in m.lanes if lane.key == "actions"), None)
    emotion_lane = m.first_lane_of(LaneType.EMOTION)
    actor = t("mermaid.actor", m.language)
    lines = ["journey", f"  title {_mermaid(m.title)}"]

    def score(stage_id: str) -> int:
        stage = m.stage(stage_id)
        cell = stage.values.get(emotion_lane.key) if emotion_lane and stage else None
        return 3 if not cell or cell["score"] is None else cell["score"] + 3  # −2…+2 → 1…5

    for run in phases.runs(m):
        if run.phase is not None:
            lines.append(f"  section {_mermaid(run.phase.name)}")
            lines += [f"    {_mermaid(m.stage(s).name)}: {score(s)}: {actor}" for s in run.stage_ids]
            continue
        for stage_id in run.stage_ids:
            stage = m.stage(stage_id)
            tasks = (stage.values.get(actions.key) if actions else None) or [stage.name]
            lines.append(f"  section {_mermaid(stage.name)}")
            lines += [f"    {_mermaid(task)}: {score(stage_id)}: {actor}" for task in tasks]
    return "\n".join(lines) + "\n"


