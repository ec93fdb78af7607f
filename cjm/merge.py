"""Three-way merge of a map: what a returned workbook brings to the map as it is now.

* **base**: the map as exported (the workbook's hidden copy, of a known library version);
* **theirs**: the workbook's map (base with every edit made in its sheets, :mod:`cjm.xlsx.workbook`);
* **ours**: the map in the library now.

:func:`plan` lists the changes theirs brings, unit by unit — a detail, a lane's label, a stage's name, a
cell's value (an emotion's score and words apart), a stage or lane added or removed, the order of stages or
lanes, a phase (its name and stages as one unit, :mod:`cjm.phases`). A unit the app changed since the export
while the workbook left it is kept (:attr:`Plan.kept`); a
unit changed on both sides, differently, is a **conflict**. Where the workbook's two sheets disagree on a
unit, the change offers both values (:class:`Option` "map" and "data").

:func:`apply` makes the map from the person's decisions: for each change the index of the option taken,
or None to keep the map as it is. :meth:`Plan.defaults` takes plain changes and leaves conflicts and
removals for the person to agree to; :meth:`Plan.everything` takes every change (the first option).

:func:`combine` merges the workbook's two sheets (Map and Data) with the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import diff, phases
from .actions import release_stages
from .diff import EVIDENCE, SCORE, VALUE, WORDS
from .lanes import LaneType
from .mapfile import map_from_dict, map_to_dict
from .model import Map

WORKBOOK, MAP_SHEET, DATA_SHEET = "workbook", "map", "data"  # where an option's value comes from
REMOVALS = frozenset({"stage_remove", "lane_remove", "action_remove"})


@dataclass(frozen=True)
class Option:
    source: str  # WORKBOOK, or MAP_SHEET / DATA_SHEET when the sheets disagree
    value: Any


@dataclass(frozen=True)
class Change:
    """One unit the workbook changes. ``ours`` is the map's value now, ``base`` the exported one."""

    id: str
    kind: str  # detail, lane_label, name, cell, lane_add, lane_remove, stage_add, stage_remove, stage_order,
    #            lane_order, phase (a phase's {"name", "stages"}, or None: removed)
    options: tuple[Option, ...]
    ours: Any = None
    base: Any = None
    conflict: bool = False  # the app changed this unit since the export too, differently
    stage_id: str | None = None
    lane_key: str | None = None
    part: str | None = None
    stage: str | None = None  # names for the preview
    lane: str | None = None
    lane_type: str | None = None
    names: dict[str, str] | None = None  # an order: the names (labels) of its stages (lanes); an action: stages'
    action_id: str | None = None  # an action of the plan: action (``part``: a field), action_add, action_remove
    action: str | None = None  # its title, for the preview

    @property
    def removal(self) -> bool:
        return self.kind in REMOVALS

    @property
    def sheets_disagree(self) -> bool:
        return len(self.options) > 1

    def line(self, language: str, option: int = 0) -> str:
        """The change in words, as :mod:`cjm.diff` says it ('Stage "…", lane "…": 3 → 5')."""
        value = self.options[option].value
        kinds = {"detail": "detail", "lane_label": "lane_renamed", "name": "stage_renamed", "cell": "cell",
                 "lane_add": "lane_added", "lane_remove": "lane_removed", "stage_add": "stage_added",
                 "stage_remove": "stage_removed", "stage_order": "stage_order", "lane_order": "lane_order"}
        if self.kind == "phase":
            return self._phase_line(value, language)
        if self.kind.startswith("action"):
            return self._action_line(value, language)
        kind = kinds[self.kind]
        if kind in ("stage_order", "lane_order"):
            return self._order_line(kind, value, language)
        position = value["position"] if isinstance(value, dict) and "position" in value else None
        before, after = self.ours, value
        if kind in ("stage_added", "lane_added", "stage_removed", "lane_removed"):
            before = after = position
        return diff.describe(diff.Change(kind, stage=self.stage, stage_id=self.stage_id, lane=self.lane,
                                         lane_key=self.lane_key, part=self.part, before=before, after=after,
                                         lane_type=self.lane_type), language)

    def shown(self, value: Any, language: str) -> str:
        """One of this unit's values as a person reads it (a cell's, a detail's; an action's status in words, its
        stage by name)."""
        if self.kind == "action":
            if self.part == "stage_id":
                value = (self.names or {}).get(value, value)
            return diff.action_value(self.part, value, language)
        return diff.shown(value, self.lane_type, language, self.part)

    def _action_line(self, value: Any, language: str) -> str:
        kind = {"action": "action", "action_add": "action_added", "action_remove": "action_removed"}[self.kind]
        before, after = self.ours, value
        if self.part == "stage_id":
            names = self.names or {}
            before, after = names.get(before, before), names.get(after, after)
        return diff.describe(diff.Change(kind, action_id=self.action_id, action=self.action, part=self.part,
                                         before=before, after=after), language)

    def _phase_line(self, value: dict[str, Any] | None, language: str) -> str:
        """The phase's change from the map now to ``value``, in words (:func:`cjm.diff.describe`)."""
        names = self.names or {}
        before, after = self.ours, value
        def stage_names(phase: dict[str, Any] | None) -> list[str]:
            return [names.get(s, s) for s in (phase or {}).get("stages", [])]
        if before is None or after is None:
            phase = after if before is None else before
            kind = "phase_added" if before is None else "phase_removed"
            return diff.describe(diff.Change(kind, stage=phase["name"], before=stage_names(before),
                                             after=stage_names(after)), language)
        lines = []
        if before["name"] != after["name"]:
            lines.append(diff.describe(diff.Change("phase_renamed", before=before["name"], after=after["name"]),
                                       language))
        if before["stages"] != after["stages"]:
            lines.append(diff.describe(diff.Change("phase_stages", stage=after["name"], before=stage_names(before),
                                                   after=stage_names(after)), language))
        return "; ".join(lines)

    def _order_line(self, kind: str, order: list[str], language: str) -> str:
        """'Stage "B" moved: position 2 → 1; …' for the fewest moves from the map's order to ``order``."""
        names = self.names or {}
        now = list(self.ours or ())
        moved = diff.moved_pairs([(now.index(item), k) for k, item in enumerate(order)])
        lines = [diff.describe(diff.Change("stage_moved" if kind == "stage_order" else "lane_moved",
                                           stage=names.get(order[k], order[k]), lane=names.get(order[k], order[k]),
                                           before=i + 1, after=k + 1), language)
                 for i, k in sorted(moved, key=lambda pair: pair[1])]
        return "; ".join(lines) or diff.describe(diff.Change(kind), language)


@dataclass(frozen=True)
class Plan:
    base: Map
    theirs: Map
    ours: Map
    changes: tuple[Change, ...]
    kept: tuple[diff.Change, ...] = field(default=())  # the app's changes since the export, which stay

    def defaults(self) -> dict[str, int | None]:
        """Plain changes taken (the Map sheet's value where the sheets disagree); conflicts and removals wait."""
        return {c.id: None if c.conflict or c.removal else 0 for c in self.changes}

    def everything(self) -> dict[str, int | None]:
        return {c.id: 0 for c in self.changes}

    @property
    def conflicts(self) -> int:
        return sum(c.conflict or c.sheets_disagree for c in self.changes)


# --- units ------------------------------------------------------------------------------------------------
def _cells(doc: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    """(stage id, lane key, part) -> value, for every stage and lane (None when empty); a cell's evidence mark
    is a part of its own (a changed mark is a change)."""
    lanes = {lane["key"]: lane for lane in doc["lanes"]}
    out: dict[tuple[str, str, str], Any] = {}
    for stage in doc["stages"]:
        marks = stage.get("evidence", {})
        for key, lane in lanes.items():
            out[(stage["id"], key, EVIDENCE)] = marks.get(key)
            value = stage["values"].get(key)
            if lane["type"] == LaneType.EMOTION:
                out[(stage["id"], key, SCORE)] = value["score"] if value else None
                out[(stage["id"], key, WORDS)] = (value["words"] or None) if value else None
            else:
                out[(stage["id"], key, VALUE)] = None if value in (None, "", []) else value
    return out


def _stage_touched(stage_id: str, base: dict[str, Any], other: dict[str, Any]) -> bool:
    """The stage's name or a cell differs between two documents' cell tables (``base`` and ``other``)."""
    return any(value != other["cells"].get(unit) for unit, value in base["cells"].items() if unit[0] == stage_id) \
        or base["names"].get(stage_id) != other["names"].get(stage_id)


def _lane_touched(key: str, base: dict[str, Any], other: dict[str, Any]) -> bool:
    return any(value != other["cells"].get(unit) for unit, value in base["cells"].items() if unit[1] == key) \
        or base["labels"].get(key) != other["labels"].get(key)


def _view(m: Map) -> dict[str, Any]:
    doc = map_to_dict(m)
    return {"doc": doc, "cells": _cells(doc), "names": {s["id"]: s["name"] for s in doc["stages"]},
            "labels": {lane["key"]: lane["label"] for lane in doc["lanes"]},
            "stages": [s["id"] for s in doc["stages"]], "lanes": [lane["key"] for lane in doc["lanes"]],
            "stage": {s["id"]: s for s in doc["stages"]}, "lane": {lane["key"]: lane for lane in doc["lanes"]},
            "phases": {p["id"]: {"name": p["name"], "stages": list(p["stages"])} for p in doc.get("phases", [])}}


def _after(order: list[str], item: str, present: set[str]) -> str | None:
    """The nearest item before ``item`` in ``order`` that is in ``present`` (None: it goes first)."""
    index = order.index(item)
    return next((order[k] for k in range(index - 1, -1, -1) if order[k] in present), None)


def added_cells(change: Change, theirs: Map, language: str, most: int = 3) -> str:
    """What an added stage or lane brings, as it reads: its first filled cells ("Actions: “Renews”; …"); ""
    for any other change."""
    if change.kind not in ("stage_add", "lane_add"):
        return ""
    value = change.options[0].value
    lanes = {lane.key: lane for lane in theirs.lanes}
    names = {stage.id: stage.name for stage in theirs.stages}
    parts: list[str] = []
    if change.kind == "stage_add":
        for key, cell in value["stage"]["values"].items():
            if key in lanes:
                parts.append(f"{lanes[key].label}: {diff.shown(cell, lanes[key].type.value, language)}")
    else:
        lane = value["lane"]
        for (stage_id, _, part), cell in value["cells"].items():
            parts.append(f"{names.get(stage_id, stage_id)}: {diff.shown(cell, lane['type'], language, part)}")
    more = f" … (+{len(parts) - most})" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more


# --- the plan ---------------------------------------------------------------------------------------------
def plan(base: Map, theirs: Map, ours: Map, sheets: Mapping[str, tuple[Any, Any]] | None = None) -> Plan:
    """The changes ``theirs`` brings to ``ours`` since ``base``. ``sheets``: change id -> (Map sheet's value,
    Data sheet's value) where the workbook's two sheets disagree (:func:`combine`)."""
    sheets = sheets or {}
    b, t, o = _view(base), _view(theirs), _view(ours)
    changes: list[Change] = []

    def unit(change_id: str, base_value: Any, their_value: Any, our_value: Any, **info: Any) -> None:
        if change_id in sheets:
            options = tuple(Option(source, value) for source, value in zip((MAP_SHEET, DATA_SHEET),
                                                                               sheets[change_id], strict=True)
                            if value != our_value)
            if options:
                changes.append(Change(change_id, options=options, ours=our_value, base=base_value,
                                      conflict=our_value != base_value, **info))
            return
        if their_value == base_value or their_value == our_value:
            return  # the workbook left it (ours is kept), or both made the same change
        changes.append(Change(change_id, options=(Option(WORKBOOK, their_value),), ours=our_value, base=base_value,
                              conflict=our_value != base_value, **info))

    for name in diff.DETAILS + diff.SCORING:
        def detail(view: dict[str, Any], name: str = name) -> Any:
            return view["doc"]["scoring"].get(name, False) if name in diff.SCORING else view["doc"][name]
        unit(f"detail:{name}", detail(b), detail(t), detail(o), kind="detail", part=name)

    # lanes: labels, added, removed
    for key in t["lanes"]:
        lane = t["lane"][key]
        if key in o["labels"]:  # (a lane both have but the export did not came in with an earlier merge)
            unit(f"lane_label:{key}", b["labels"].get(key), t["labels"][key], o["labels"][key], kind="lane_label",
                 lane_key=key, lane=o["labels"][key])
        elif key not in b["labels"] or _lane_touched(key, b, t):  # new in the workbook, or the app removed it
            cells = {(s, key, part): t["cells"][(s, key, part)]
                     for s in t["stages"] for part in (VALUE, SCORE, WORDS, EVIDENCE)
                     if t["cells"].get((s, key, part)) is not None}
            value = {"lane": lane, "after": _after(t["lanes"], key, set(o["lanes"])),
                     "position": t["lanes"].index(key) + 1, "cells": cells}
            changes.append(Change(f"lane_add:{key}", "lane_add", (Option(WORKBOOK, value),),
                                  conflict=key in b["labels"], lane_key=key, lane=lane["label"]))
    for key in o["lanes"]:
        if key in b["labels"] and key not in t["labels"]:
            changes.append(Change(f"lane_remove:{key}", "lane_remove",
                                  (Option(WORKBOOK, {"position": b["lanes"].index(key) + 1}),),
                                  conflict=_lane_touched(key, b, o), lane_key=key, lane=o["labels"][key]))

    # stages: names, added, removed
    for stage_id in t["stages"]:
        if stage_id in o["names"]:
            unit(f"name:{stage_id}", b["names"].get(stage_id), t["names"][stage_id], o["names"][stage_id],
                 kind="name", stage_id=stage_id, stage=o["names"][stage_id])
        elif stage_id not in b["names"] or _stage_touched(stage_id, b, t):
            stage = t["stage"][stage_id]
            value = {"stage": stage, "after": _after(t["stages"], stage_id, set(o["stages"])),
                     "position": t["stages"].index(stage_id) + 1}
            changes.append(Change(f"stage_add:{stage_id}", "stage_add", (Option(WORKBOOK, value),),
                                  conflict=stage_id in b["names"], stage_id=stage_id, stage=stage["name"]))
    for stage_id in o["stages"]:
        if stage_id in b["names"] and stage_id not in t["names"]:
            changes.append(Change(f"stage_remove:{stage_id}", "stage_remove",
                                  (Option(WORKBOOK, {"position": b["stages"].index(stage_id) + 1}),),
                                  conflict=_stage_touched(stage_id, b, o), stage_id=stage_id,
                                  stage=o["names"][stage_id]))

    # cells of the stages and lanes both have (the export too, or an earlier merge or the other sheet added them)
    for stage_id in o["stages"]:
        if stage_id not in t["names"]:
            continue
        for key in o["lanes"]:
            if key not in t["labels"]:
                continue
            lane = o["lane"][key]
            for part in ((SCORE, WORDS, EVIDENCE) if lane["type"] == LaneType.EMOTION else (VALUE, EVIDENCE)):
                cell = (stage_id, key, part)
                unit(f"cell:{stage_id}:{key}:{part}", b["cells"].get(cell), t["cells"].get(cell), o["cells"].get(cell),
                     kind="cell", stage_id=stage_id, lane_key=key, part=part, stage=o["names"][stage_id],
                     lane=lane["label"], lane_type=lane["type"])

    # phases: each one's name and stages as one unit (None: not there); a stage the workbook removed is left out
    # (its removal is a change of its own, and a phase never holds a stage the map no longer has)
    stage_names = {**b["names"], **o["names"], **t["names"]}
    removed = set(b["stages"]) - set(t["stages"])

    def phase(view: dict[str, Any], phase_id: str) -> dict[str, Any] | None:
        found = view["phases"].get(phase_id)
        return None if found is None else {"name": found["name"],
                                           "stages": [s for s in found["stages"] if s not in removed]}

    for phase_id in dict.fromkeys([*o["phases"], *t["phases"], *b["phases"]]):
        unit(f"phase:{phase_id}", phase(b, phase_id), phase(t, phase_id), phase(o, phase_id), kind="phase",
             names=stage_names)

    # the order of the stages and lanes all three have
    for kind, items, names in (("stage_order", "stages", "names"), ("lane_order", "lanes", "labels")):
        common = set(b[items]) & set(t[items]) & set(o[items])
        orders = [[item for item in view[items] if item in common] for view in (b, t, o)]
        unit(kind, orders[0], orders[1], orders[2], kind=kind, names=o[names])

    _action_units(b, t, o, unit, changes)  # the action plan: fields, added, removed

    kept_units = {(c.stage_id, c.lane_key, c.part, c.action_id) for c in changes}
    kept = tuple(c for c in diff.diff_maps(base, ours)
                 if (c.stage_id, c.lane_key, c.part, c.action_id) not in kept_units)
    return Plan(base, theirs, ours, tuple(changes), kept)


# --- applying the decisions --------------------------------------------------------------------------------
def _ordered(primary: list[str], secondary: list[str], present: set[str]) -> list[str]:
    """``primary``'s order of the present items; each other present item of ``secondary`` after its nearest
    predecessor there."""
    out = [item for item in primary if item in present]
    placed = set(out)
    for k, item in enumerate(secondary):
        if item in present and item not in placed:
            before = next((secondary[j] for j in range(k - 1, -1, -1) if secondary[j] in placed), None)
            out.insert(out.index(before) + 1 if before is not None else 0, item)
            placed.add(item)
    return out


def apply(p: Plan, decisions: Mapping[str, int | None]) -> Map:
    """The map with the chosen changes: ``decisions[change id]`` is the option taken, or None (keep ours)."""
    doc = map_to_dict(p.ours)
    chosen = {c.id: (c, c.options[decisions[c.id]].value) for c in p.changes if decisions.get(c.id) is not None}
    stages = {s["id"]: s for s in doc["stages"]}
    lanes = {lane["key"]: lane for lane in doc["lanes"]}
    stage_order = [s["id"] for s in doc["stages"]]
    lane_order = [lane["key"] for lane in doc["lanes"]]
    their_stage_order = [s.id for s in p.theirs.stages]
    their_lane_order = [lane.key for lane in p.theirs.lanes]

    for change, value in chosen.values():
        if change.kind == "detail":
            (doc["scoring"] if change.part in diff.SCORING else doc)[change.part] = value
        elif change.kind == "lane_label":
            lanes[change.lane_key]["label"] = value
        elif change.kind == "name":
            stages[change.stage_id]["name"] = value
        elif change.kind == "lane_remove":
            lane_order.remove(change.lane_key)
        elif change.kind == "stage_remove":
            stage_order.remove(change.stage_id)
    for change, value in chosen.values():
        if change.kind == "lane_add":
            lanes[change.lane_key] = dict(value["lane"])
            lane_order = _ordered(lane_order, their_lane_order, set(lane_order) | {change.lane_key})
            for (stage_id, key, part), cell in value["cells"].items():
                if stage_id in stages:
                    _set(stages[stage_id], lanes[key], part, cell)
        elif change.kind == "stage_add":
            stages[change.stage_id] = {**value["stage"], "values": dict(value["stage"]["values"])}
            stage_order = _ordered(stage_order, their_stage_order, set(stage_order) | {change.stage_id})
    for change, value in chosen.values():
        if change.kind == "cell" and change.stage_id in stages and change.lane_key in lanes:
            _set(stages[change.stage_id], lanes[change.lane_key], change.part, value)
    present_stages, present_lanes = set(stage_order), set(lane_order)
    if "stage_order" in chosen:
        stage_order = _ordered(their_stage_order, stage_order, present_stages)
    if "lane_order" in chosen:
        lane_order = _ordered(their_lane_order, lane_order, present_lanes)
    doc["actions"] = _applied_actions(p, chosen, doc.get("actions", []), present_stages)
    doc["lanes"] = [lanes[key] for key in lane_order]
    our_order = [s["id"] for s in doc["stages"]]
    doc["stages"] = []
    for stage_id in stage_order:
        stage = stages[stage_id]
        stage["values"] = {key: v for key, v in stage["values"].items() if key in present_lanes}
        if stage.get("evidence"):
            stage["evidence"] = {key: v for key, v in stage["evidence"].items() if key in present_lanes}
        doc["stages"].append(stage)
    _apply_phases(doc, [value for change, value in chosen.values() if change.kind == "phase"],
                  [change.id.split(":", 1)[1] for change, value in chosen.values() if change.kind == "phase"],
                  our_order)
    return map_from_dict(doc)


def _apply_phases(doc: dict[str, Any], values: list[dict[str, Any] | None], phase_ids: list[str],
                  our_order: list[str]) -> None:
    """The chosen phase changes laid over the map's phases, then the phases made valid for the merged stages
    (:func:`cjm.phases.settle`: a stage the workbook added joins the phase it lands inside)."""
    present = {s["id"] for s in doc["stages"]}
    current = {phase["id"]: phase for phase in doc.get("phases", [])}
    for phase_id, value in zip(phase_ids, values, strict=True):
        if value is None:
            current.pop(phase_id, None)
            continue
        taken = set(value["stages"])
        for other in current.values():
            if other["id"] != phase_id:
                other["stages"] = [s for s in other["stages"] if s not in taken]
        current[phase_id] = {"id": phase_id, "name": value["name"], "stages": [s for s in value["stages"]
                                                                              if s in present]}
    doc["phases"] = list(current.values())
    phases.settle(doc, [s for s in our_order if s in present])


def _set(stage: dict[str, Any], lane: dict[str, Any], part: str, value: Any) -> None:
    key = lane["key"]
    if part == EVIDENCE:
        marks = stage.setdefault("evidence", {})
        if value is None:
            marks.pop(key, None)
        else:
            marks[key] = value
    elif lane["type"] == LaneType.EMOTION:
        now = stage["values"].get(key) or {"score": None, "words": ""}
        now = {**now, part: value if part == SCORE else (value or "")}
        if now["score"] is None and not now["words"]:
            stage["values"].pop(key, None)
        else:
            stage["values"][key] = now
    elif value is None:
        stage["values"].pop(key, None)
    else:
        stage["values"][key] = value


# --- the action plan (cjm/actions.py) ------------------------------------------------------------------------
def _plan_of(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in view["doc"].get("actions", [])}


def _action_units(b: dict[str, Any], t: dict[str, Any], o: dict[str, Any], unit: Any, changes: list[Change]) -> None:
    """The workbook's changes to the plan: an action's fields (one unit each), actions added and removed. An
    action the app removed since the export but the workbook changed comes back as an addition (a conflict)."""
    from .actions import FIELDS

    base, theirs, ours = _plan_of(b), _plan_of(t), _plan_of(o)
    names = {**b["names"], **t["names"], **o["names"]}
    for action_id, action in theirs.items():
        if action_id in ours:
            for name in FIELDS:
                unit(f"action:{action_id}:{name}", base.get(action_id, {}).get(name), action.get(name),
                     ours[action_id].get(name), kind="action", part=name, action_id=action_id,
                     action=ours[action_id]["title"], names=names)
        elif action_id not in base or action != base[action_id]:
            changes.append(Change(f"action_add:{action_id}", "action_add", (Option(WORKBOOK, action),),
                                  conflict=action_id in base, action_id=action_id, action=action["title"]))
    for action_id, action in ours.items():
        if action_id in base and action_id not in theirs:
            changes.append(Change(f"action_remove:{action_id}", "action_remove", (Option(WORKBOOK, {}),),
                                  conflict=action != base[action_id], action_id=action_id, action=action["title"]))


def _applied_actions(p: Plan, chosen: dict[str, tuple[Change, Any]], plan: list[dict[str, Any]],
                     stages: set[str]) -> list[dict[str, Any]]:
    """Our plan with the chosen changes: fields set, removals made, additions after their nearest predecessor in
    the workbook's order. An action whose stage is not in the result keeps no stage."""
    by_id = {a["id"]: dict(a) for a in plan}
    order = list(by_id)
    for change, value in chosen.values():
        if change.kind == "action" and change.action_id in by_id:
            by_id[change.action_id][change.part] = value
        elif change.kind == "action_remove" and change.action_id in by_id:
            order.remove(change.action_id)
        elif change.kind == "action_add" and change.action_id not in by_id:
            by_id[change.action_id] = dict(value)
            order = _ordered(order, [a.id for a in p.theirs.actions], set(order) | {change.action_id})
    return release_stages({"stages": [{"id": s} for s in stages], "actions": [by_id[a] for a in order]})["actions"]


# --- the workbook's two sheets --------------------------------------------------------------------------------
def combine(base: Map, map_side: Map, data_side: Map) -> tuple[Map, dict[str, tuple[Any, Any]], list[str]]:
    """One map from the edits of the Map sheet and of the Data sheet (each laid over ``base``).

    Returns the map (where the sheets disagree, the Map sheet's value: the sheet people see), the units they
    disagree on (change id -> (Map sheet's value, Data sheet's value)), and the stages and lanes one sheet
    removed while the other edited them (kept, so that no edit is lost: their ids, for a note).
    Stages (lanes) both sheets added under the same name (label) are one.
    """
    data_side = _same_new(base, map_side, data_side)
    inner = plan(base, data_side, map_side)
    decisions: dict[str, int | None] = {}
    disagree: dict[str, tuple[Any, Any]] = {}
    kept: list[str] = []
    for change in inner.changes:
        if change.kind in ("stage_add", "lane_add") and change.conflict:
            decisions[change.id] = 0  # the Map sheet removed it, the Data sheet edited it: keep it
            kept.append(change.stage_id or change.lane_key or "")
        elif change.removal and change.conflict:
            decisions[change.id] = None  # the Data sheet removed it, the Map sheet edited it: keep it
            kept.append(change.stage_id or change.lane_key or "")
        elif change.conflict:
            decisions[change.id] = None  # the Map sheet's value stays ...
            disagree[change.id] = (change.ours, change.options[0].value)  # ... and both are offered
        else:
            decisions[change.id] = 0
    return apply(inner, decisions), disagree, kept


def _same_new(base: Map, map_side: Map, data_side: Map) -> Map:
    """``data_side`` with the ids of its new stages (keys of its new lanes) set to those of the Map sheet's new
    ones of the same name (label), so that one stage added on both sheets is one stage."""
    old_stages, old_lanes = {s.id for s in base.stages}, {lane.key for lane in base.lanes}
    map_new = {s.name: s.id for s in map_side.stages if s.id not in old_stages}
    lane_new = {lane.label: lane.key for lane in map_side.lanes if lane.key not in old_lanes}
    doc = map_to_dict(data_side)
    keys = {}
    for lane in doc["lanes"]:
        if lane["key"] not in old_lanes and lane["label"] in lane_new:
            keys[lane["key"]] = lane_new.pop(lane["label"])
            lane["key"] = keys[lane["key"]]
    for stage in doc["stages"]:
        if stage["id"] not in old_stages and stage["name"] in map_new:
            stage["id"] = map_new.pop(stage["name"])
        stage["values"] = {keys.get(key, key): value for key, value in stage["values"].items()}
    return map_from_dict(doc)
