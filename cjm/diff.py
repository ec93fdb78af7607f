"""What changed between two maps, change by change and in words: ``cjm diff`` and the import's preview.

Stages are paired by id, then (for files without our ids, such as CSV) by name, then by position; lanes by
key, then by label. A pair whose name (label) differs is *renamed*; a pair whose place among the pairs
changed is *moved* (the fewest moves: the pairs outside a longest run that kept its order); the rest is
*added* or *removed*. Phases (stage groups) are paired by id, then name: added, removed, renamed, or over other
stages (``phase_*`` kinds; the phase's name in ``stage``, stage names in ``before``/``after``). Cells are compared
for every paired stage and lane; an emotion cell is two changes, its
score and its words. The map's details (title, persona…) and scoring settings are compared too.

Every line is in the language asked for (:mod:`cjm.i18n`, ``diff.*``); values show as a person reads them
(importance ``3``, emotion ``−2``, text in quotes, cut at :data:`SHOWN_CHARS`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from . import evidence, numbers
from .i18n import t
from .lanes import LaneType
from .model import Lane, Map

SHOWN_CHARS = 80  # a text value longer than this is cut with "…" in a line
DETAILS = ("title", "persona", "description", "kind", "cyclic", "language")
SCORING = ("method", "critical_at", "warning_at", "importance_weight", "emotion_weight", "funnel_weight",
           "weigh_by_evidence")
SCORE, WORDS, VALUE = "score", "words", "value"  # the parts of a cell (an emotion has two)
EVIDENCE = "evidence"  # a cell's evidence mark (cjm/evidence.py), compared as a part of its own


@dataclass(frozen=True)
class Change:
    """One difference. ``kind``: detail, stage_added, stage_removed, stage_renamed, stage_moved, lane_added,
    lane_removed, lane_renamed, lane_moved, lane_type or cell. Stage and lane are the new map's names (the old
    map's for what was removed); ``before``/``after`` are values (cells, details), names (renamed) or
    1-based positions (moved)."""

    kind: str
    stage: str | None = None
    stage_id: str | None = None
    lane: str | None = None
    lane_key: str | None = None
    part: str | None = None  # a cell: "value", or an emotion's "score" / "words"; a detail: its field
    before: Any = None
    after: Any = None
    lane_type: str | None = None  # the cell's lane type, to show its values
    action_id: str | None = None  # an action of the plan: action_added, action_removed, action (``part``: a field)
    action: str | None = None  # its title

    def text(self, language: str) -> str:
        """One line in ``language``: 'Stage "Comparing options", lane "Importance": 3 → 5'."""
        return describe(self, language)

    def as_json(self, language: str) -> dict[str, Any]:
        return {"kind": self.kind, "stage": self.stage, "stage_id": self.stage_id, "lane": self.lane,
                "lane_key": self.lane_key, "part": self.part, "before": self.before, "after": self.after,
                **({"action_id": self.action_id, "action": self.action} if self.action_id else {}),
                "text": self.text(language)}


# --- values as people read them ----------------------------------------------------------------------------
def shown(value: Any, lane_type: str | None, language: str, part: str | None = None) -> str:
    """A value in a line: '—' when empty, an emotion score with its sign, text in quotes (cut), a list's items."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict) and set(value) == {"name", "stages"}:  # a phase (cjm.merge's unit)
        return t("phases.diff.value", language, phase=_quoted(str(value["name"]), language),
                 count=len(value["stages"]))
    if isinstance(value, bool):
        return t("xlsx.yes" if value else "xlsx.no", language)
    if part == EVIDENCE:
        return evidence.word(value, language)
    if part == SCORE:
        return numbers.signed(value, language, 0) if value else "0"
    if lane_type == LaneType.LIST.value and isinstance(value, list):
        return _quoted("; ".join(value), language)
    if isinstance(value, (int, float)):
        return numbers.number(value, language)
    return _quoted(str(value), language)


def _quoted(text: str, language: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > SHOWN_CHARS:
        flat = flat[: SHOWN_CHARS - 1].rstrip() + "…"
    return f"«{flat}»" if language == "ru" else f"“{flat}”"


def lane_name(label: str, part: str | None, language: str) -> str:
    """An emotion's words read as their own lane: 'Emotions (words)'; a mark: 'Importance (evidence)'."""
    if part == EVIDENCE:
        return f"{label} {t('evidence.part', language)}"
    return f"{label} {t('xlsx.words', language)}" if part == WORDS else label


def describe(change: Change, language: str) -> str:
    c = change
    if c.kind.startswith("phase_"):
        return _phase_line(c, language)
    if c.kind == "cell":
        return t("diff.cell", language, stage=c.stage, lane=lane_name(c.lane or "", c.part, language),
                 before=shown(c.before, c.lane_type, language, c.part),
                 after=shown(c.after, c.lane_type, language, c.part))
    if c.kind == "detail":
        field = t(f"diff.field.{c.part}", language)
        return t("diff.detail", language, field=field, before=shown(c.before, None, language),
                 after=shown(c.after, None, language))
    if c.kind in ("stage_renamed", "lane_renamed"):
        return t(f"diff.{c.kind}", language, before=c.before, after=c.after)
    if c.kind in ("stage_moved", "lane_moved"):
        return t(f"diff.{c.kind}", language, stage=c.stage, lane=c.lane, before=c.before, after=c.after)
    if c.kind.startswith("action"):
        return describe_action(c, language)
    if c.kind == "lane_type":
        return t("diff.lane_type", language, lane=c.lane, before=t(f"builder.lane_type.{c.before}", language),
                 after=t(f"builder.lane_type.{c.after}", language))
    return t(f"diff.{c.kind}", language, stage=c.stage, lane=c.lane, position=c.after or c.before)


def _stages_text(names: Any, language: str, most: int = 4) -> str:
    """Stage names: '“A”, “B”, “C”', or past ``most`` a span '“A” … “F” (6)'; '—' for none."""
    shown = [_quoted(str(name), language) for name in names or ()]
    if not shown:
        return "—"
    return ", ".join(shown) if len(shown) <= most else f"{shown[0]} … {shown[-1]} ({len(shown)})"


def _phase_line(c: Change, language: str) -> str:
    if c.kind == "phase_renamed":
        return t("phases.diff.renamed", language, before=c.before, after=c.after)
    if c.kind == "phase_stages":
        return t("phases.diff.stages", language, phase=c.stage, before=_stages_text(c.before, language),
                 after=_stages_text(c.after, language))
    return t(f"phases.diff.{c.kind.removeprefix('phase_')}", language, phase=c.stage,
             stages=_stages_text(c.after if c.kind == "phase_added" else c.before, language))


def phase_changes(old: Map, new: Map) -> list[Change]:
    """The phases added, removed, renamed, or now over other stages (stage names as ``new`` has them)."""
    names = {stage.id: stage.name for stage in [*old.stages, *new.stages]}
    names.update({stage.id: stage.name for stage in new.stages})
    changes: list[Change] = []
    pairs = _pairs(old.phases, new.phases, lambda phase: phase.id, lambda phase: phase.name)
    for i, j in pairs:
        a, b = old.phases[i], new.phases[j]
        if a.name != b.name:
            changes.append(Change("phase_renamed", stage=b.name, before=a.name, after=b.name))
        if a.stages != b.stages:
            changes.append(Change("phase_stages", stage=b.name, before=[names[s] for s in a.stages],
                                  after=[names[s] for s in b.stages]))
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, phase in enumerate(new.phases):
        if j not in paired_new:
            changes.append(Change("phase_added", stage=phase.name, after=[names[s] for s in phase.stages]))
    for i, phase in enumerate(old.phases):
        if i not in paired_old:
            changes.append(Change("phase_removed", stage=phase.name, before=[names[s] for s in phase.stages]))
    return changes


# --- cells -------------------------------------------------------------------------------------------------
def cell_parts(lane: Lane, value: Any) -> dict[str, Any]:
    """A cell as its comparable parts: an emotion's score and words, any other lane's one value."""
    if lane.type is LaneType.EMOTION:
        return {SCORE: value["score"] if value else None, WORDS: (value["words"] or None) if value else None}
    return {VALUE: None if value in (None, "", []) else value}


# --- pairing -----------------------------------------------------------------------------------------------
def _pairs(old: list[Any], new: list[Any], key: Any, name: Any) -> list[tuple[int, int]]:
    """(old index, new index) pairs: by key, then by name, then leftovers at the same position."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_key = {key(item): j for j, item in enumerate(new)}
    for i, item in enumerate(old):
        j = by_key.get(key(item))
        if j is not None and j not in taken:
            pairs[i] = j
            taken.add(j)
    free_new: dict[str, list[int]] = {}
    for j, item in enumerate(new):
        if j not in taken:
            free_new.setdefault(name(item), []).append(j)
    for i, item in enumerate(old):
        if i in pairs:
            continue
        candidates = free_new.get(name(item))
        if candidates:
            j = candidates.pop(0)
            pairs[i] = j
            taken.add(j)
    for i in range(min(len(old), len(new))):
        if i not in pairs and i not in taken:
            pairs[i] = i
            taken.add(i)
    return sorted(pairs.items())


def moved_pairs(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (old, new) pairs that moved (see :func:`_moved`)."""
    moved = _moved(pairs)
    return [pair for pair in pairs if pair[0] in moved]


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """The old indexes of pairs that moved: those outside a longest run keeping their order (patience sort)."""
    by_new = sorted(pairs, key=lambda p: p[1])
    olds = [i for i, _ in by_new]
    tails: list[int] = []  # the smallest tail old index of a run of each length
    tail_at: list[int] = []
    back: list[int] = [-1] * len(olds)
    for k, i in enumerate(olds):
        n = bisect.bisect_left(tails, i)
        if n == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[n] = i
            tail_at[n] = k
        back[k] = tail_at[n - 1] if n else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(olds[k])
        k = back[k]
    return {i for i in olds if i not in keep}


def diff_maps(old: Map, new: Map, details: bool = True) -> list[Change]:
    """Every change from ``old`` to ``new``: details (unless ``details`` is False: a side read from a table
    that has none), lanes, stages, then cells stage by stage."""
    changes: list[Change] = []
    for field in DETAILS + SCORING if details else ():
        before = getattr(old.scoring if field in SCORING else old, field)
        after = getattr(new.scoring if field in SCORING else new, field)
        if before != after:
            changes.append(Change("detail", part=field, before=before, after=after))

    lane_pairs = _pairs(old.lanes, new.lanes, lambda lane: lane.key, lambda lane: " ".join(lane.label.lower().split()))
    paired_old_lanes = {i for i, _ in lane_pairs}
    paired_new_lanes = {j for _, j in lane_pairs}
    moved_lanes = _moved(lane_pairs)
    for i, j in lane_pairs:
        a, b = old.lanes[i], new.lanes[j]
        if a.label != b.label:
            changes.append(Change("lane_renamed", lane=b.label, lane_key=b.key, before=a.label, after=b.label))
        if a.type is not b.type:
            changes.append(Change("lane_type", lane=b.label, lane_key=b.key, before=a.type.value, after=b.type.value))
        if i in moved_lanes:
            changes.append(Change("lane_moved", lane=b.label, lane_key=b.key, before=i + 1, after=j + 1))
    for j, lane in enumerate(new.lanes):
        if j not in paired_new_lanes:
            changes.append(Change("lane_added", lane=lane.label, lane_key=lane.key, after=j + 1))
    for i, lane in enumerate(old.lanes):
        if i not in paired_old_lanes:
            changes.append(Change("lane_removed", lane=lane.label, lane_key=lane.key, before=i + 1))

    stage_pairs = _pairs(old.stages, new.stages, lambda stage: stage.id, lambda stage: stage.name)
    paired_old = {i for i, _ in stage_pairs}
    paired_new = {j for _, j in stage_pairs}
    moved = _moved(stage_pairs)
    for i, j in stage_pairs:
        a, b = old.stages[i], new.stages[j]
        if a.name != b.name:
            changes.append(Change("stage_renamed", stage=b.name, stage_id=b.id, before=a.name, after=b.name))
        if i in moved:
            changes.append(Change("stage_moved", stage=b.name, stage_id=b.id, before=i + 1, after=j + 1))
    for j, stage in enumerate(new.stages):
        if j not in paired_new:
            changes.append(Change("stage_added", stage=stage.name, stage_id=stage.id, after=j + 1))
    for i, stage in enumerate(old.stages):
        if i not in paired_old:
            changes.append(Change("stage_removed", stage=stage.name, stage_id=stage.id, before=i + 1))

    changes.extend(phase_changes(old, new))

    for i, j in sorted(stage_pairs, key=lambda p: p[1]):
        a, b = old.stages[i], new.stages[j]
        for li, lj in sorted(lane_pairs, key=lambda p: p[1]):
            old_lane, new_lane = old.lanes[li], new.lanes[lj]
            if old_lane.type is not new_lane.type:
                before_parts = {VALUE: a.values.get(old_lane.key)}
                after_parts = {VALUE: b.values.get(new_lane.key)}
            else:
                before_parts = cell_parts(old_lane, a.values.get(old_lane.key))
                after_parts = cell_parts(new_lane, b.values.get(new_lane.key))
            before_parts[EVIDENCE] = a.evidence.get(old_lane.key)
            after_parts[EVIDENCE] = b.evidence.get(new_lane.key)
            for part, after in after_parts.items():
                before = before_parts.get(part)
                if before != after:
                    changes.append(Change("cell", stage=b.name, stage_id=b.id, lane=new_lane.label,
                                          lane_key=new_lane.key, part=part, before=before, after=after,
                                          lane_type=new_lane.type.value))
    if details:  # a table (CSV, a foreign sheet) carries no action plan either
        changes.extend(action_changes(old, new))
    return changes


# --- the action plan (cjm/actions.py): actions paired by id ----------------------------------------------------
def action_value(field: str | None, value: Any, language: str) -> str:
    """A field of an action in a line: a status in words, a stage's name or a text in quotes, '—' when empty."""
    if value is None or value == "":
        return "—"
    if field == "status":
        return t(f"action.status.{value}", language)
    if field in ("due", "effort"):
        return str(value)
    return _quoted(str(value), language)


def describe_action(c: Change, language: str) -> str:
    title = " ".join((c.action or "").split())
    title = title if len(title) <= SHOWN_CHARS else title[: SHOWN_CHARS - 1].rstrip() + "…"
    if c.kind == "action":
        return t("diff.action", language, action=title, field=t(f"diff.action_field.{c.part}", language),
                 before=action_value(c.part, c.before, language), after=action_value(c.part, c.after, language))
    return t(f"diff.{c.kind}", language, action=title)


def action_field(m: Map, action: Any, field: str) -> Any:
    """An action's field as a line shows it: the stage by name, the date as YYYY-MM-DD."""
    value = getattr(action, field)
    if field == "stage_id":
        stage = m.stage(value) if value else None
        return stage.name if stage else None
    return value.isoformat() if field == "due" and value is not None else value


def action_changes(old: Map, new: Map) -> list[Change]:
    """Actions added, removed and changed field by field (the plan's order is not compared)."""
    from .actions import FIELDS

    before = {a.id: a for a in old.actions}
    after = {a.id for a in new.actions}
    changes: list[Change] = []
    for a in new.actions:
        b = before.get(a.id)
        if b is None:
            changes.append(Change("action_added", action_id=a.id, action=a.title))
            continue
        for field in FIELDS:
            was, now = action_field(old, b, field), action_field(new, a, field)
            if was != now:
                changes.append(Change("action", action_id=a.id, action=a.title, part=field, before=was, after=now))
    changes += [Change("action_removed", action_id=b.id, action=b.title) for b in old.actions if b.id not in after]
    return changes
