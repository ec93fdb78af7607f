"""Phases: named groups of neighbouring stages (before / during / after…), shown as a band above them.

The model (:class:`cjm.model.Phase`, ``Map.phases``) holds the rules: a phase names known stages, a stage is in at
most one phase, a phase's stages are neighbours in the map's order. This module is the one home of what *changes*
phases, and of what every face draws (:func:`runs`: the grid's column groups, the Board's band, the Excel header
row, the Mermaid sections). Like :mod:`cjm.editing`, every function takes a Map, never changes it and returns a
new, validated one.

Choices (docs/file-format.md, "Phases"):

* **Assigning never stretches a phase on its own.** :func:`assign` and :func:`set_stages` refuse, with a one-line
  :class:`~cjm.errors.CJMError` (an i18n ``key`` and its ``params``, so a page says it in the user's language),
  stages that would not be neighbours ("«B» lies between them: add it too") and taking a stage out of the middle
  of a phase, which would split it in two. A stage assigned to a phase leaves the phase it was in (from that
  phase's edge).
* **Deleting a phase keeps its stages**; deleting a stage keeps its phase (:func:`cjm.editing.delete_stages`), even
  when that was the phase's last stage: a phase with no stages keeps its name, is listed in the Builder and draws
  no band, until it is given stages again or deleted.
* **Stage edits keep phases valid** (:mod:`cjm.editing` calls :func:`follow_order` and :func:`join_phase_of`):
  a stage added after a stage of a phase joins that phase; a duplicate joins its original's phase; a moved stage
  joins the phase it lands inside (between two of its stages), stays in its own phase when it lands next to one
  of its stages, and otherwise leaves its phase. A phase's name is never lost by a stage edit.
* Phase names may repeat (a spreadsheet may have two "Other" groups); a phase is known by its id.
* ``Map.phases`` is kept in the stages' order (a phase with no stages last).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .errors import CJMError
from .mapfile import map_from_dict, map_to_dict
from .model import Map, Phase, new_id


class Run(NamedTuple):
    """One band of the header above the stages: a phase (or None: stages in no phase) over neighbouring stages."""

    phase: Phase | None
    stage_ids: tuple[str, ...]
    start: int  # index of the first stage (its column among the stages, from 0)
    span: int  # how many stages

    @property
    def name(self) -> str:
        return self.phase.name if self.phase is not None else ""


# --- reading ------------------------------------------------------------------------------
def runs(m: Map) -> list[Run]:
    """The header bands in stage order: each phase over its stages, and None over each stretch of stages in none.

    Every stage is in exactly one run; a phase with no stages has none. A map without phases gives one None run
    (or none at all without stages): faces draw the band only when :func:`has_bands` says so.
    """
    owner = {stage_id: phase for phase in m.phases for stage_id in phase.stages}
    result: list[Run] = []
    for index, stage in enumerate(m.stages):
        phase = owner.get(stage.id)
        last = result[-1] if result else None
        if last is not None and (last.phase is phase):
            result[-1] = last._replace(stage_ids=(*last.stage_ids, stage.id), span=last.span + 1)
        else:
            result.append(Run(phase, (stage.id,), index, 1))
    return result


def has_bands(m: Map) -> bool:
    """True when some phase has a stage: the faces draw a phase band (an old map looks as it always did)."""
    return any(phase.stages for phase in m.phases)


def phase_of(m: Map, stage_id: str) -> Phase | None:
    """The phase a stage is in, or None."""
    return next((phase for phase in m.phases if stage_id in phase.stages), None)


def names_per_stage(m: Map) -> list[str | None]:
    """The phase name above each stage, in stage order (None: in no phase)."""
    owner = {stage_id: phase.name for phase in m.phases for stage_id in phase.stages}
    return [owner.get(stage.id) for stage in m.stages]


# --- building from groups (import, Excel) -------------------------------------------------
def phases_from_groups(stage_ids: Sequence[str], names: Sequence[str | None]) -> list[dict[str, Any]]:
    """Phases in JSON form (for a map document's ``"phases"``) from the group name above each stage.

    ``names[i]`` is the group written above ``stage_ids[i]`` (a merged cell's value repeated over its columns, or
    None / blank for no group). Neighbouring stages with the same name (compared stripped) form one phase, named
    as written (stripped); the same name again after other stages is another phase of that name. The model checks
    the names (not empty, at most 200 characters, storable) and the count (at most 50) when the document becomes
    a Map, with a message naming the phase.
    """
    if len(stage_ids) != len(names):
        raise CJMError(f"{len(names)} group names for {len(stage_ids)} stages")
    phases: list[dict[str, Any]] = []
    previous: str | None = None
    for stage_id, raw in zip(stage_ids, names, strict=True):
        name = raw.strip() if isinstance(raw, str) else None
        if not name:
            previous = None
            continue
        if name == previous:
            phases[-1]["stages"].append(stage_id)
        else:
            phases.append({"id": new_id(), "name": name, "stages": [stage_id]})
        previous = name
    return phases


def with_groups(m: Map, names: Sequence[str | None]) -> Map:
    """The map with its phases made from the group name above each stage (:func:`phases_from_groups`)."""
    doc = map_to_dict(m)
    doc["phases"] = phases_from_groups([stage["id"] for stage in doc["stages"]], names)
    return map_from_dict(doc)


# --- editing ------------------------------------------------------------------------------
def _phase(doc: dict[str, Any], phase_id: str) -> dict[str, Any]:
    for phase in doc.get("phases", []):
        if phase["id"] == phase_id:
            return phase
    raise CJMError.keyed("phases.err.unknown")


def _stage_names(doc: dict[str, Any]) -> dict[str, str]:
    return {stage["id"]: stage["name"] for stage in doc["stages"]}


def tidy(doc: dict[str, Any]) -> None:
    """Put each phase's stages in map order and the phases in the stages' order, empty ones last (in place)."""
    position = {stage["id"]: index for index, stage in enumerate(doc["stages"])}
    phases = doc.get("phases", [])
    for phase in phases:
        phase["stages"] = sorted((s for s in phase["stages"] if s in position), key=position.__getitem__)
    phases.sort(key=lambda phase: position[phase["stages"][0]] if phase["stages"] else len(position))


def add_phase(m: Map, name: str, stage_ids: Iterable[str] = ()) -> tuple[Map, str]:
    """Add a phase named ``name`` over ``stage_ids`` (none: a phase to fill later). Returns the map and its id.

    The stages follow :func:`set_stages`' rules (neighbours; taken from another phase's edge).
    """
    doc = map_to_dict(m)
    taken = {phase["id"] for phase in doc.get("phases", [])}
    phase_id = new_id()
    while phase_id in taken:  # pragma: no cover - 128 random bits
        phase_id = new_id()
    doc.setdefault("phases", []).append({"id": phase_id, "name": name, "stages": []})
    wanted = [stage_ids] if isinstance(stage_ids, str) else list(stage_ids)
    if wanted:
        _set(doc, phase_id, wanted)
    tidy(doc)
    return map_from_dict(doc), phase_id


def rename_phase(m: Map, phase_id: str, name: str) -> Map:
    """Give a phase a new name (the model refuses an empty or too long one)."""
    doc = map_to_dict(m)
    _phase(doc, phase_id)["name"] = name
    return map_from_dict(doc)


def delete_phase(m: Map, phase_id: str) -> Map:
    """Remove a phase; its stages stay, in no phase."""
    doc = map_to_dict(m)
    phase = _phase(doc, phase_id)
    doc["phases"] = [p for p in doc["phases"] if p is not phase]
    return map_from_dict(doc)


def set_stages(m: Map, phase_id: str, stage_ids: Iterable[str]) -> Map:
    """Make ``stage_ids`` exactly the phase's stages (the Builder's multiselect). See :func:`assign` for the rules."""
    doc = map_to_dict(m)
    _set(doc, phase_id, list(stage_ids))
    tidy(doc)
    return map_from_dict(doc)


def assign(m: Map, stage_ids: Iterable[str], phase_id: str | None) -> Map:
    """Put stages into a phase (added to its stages), or with ``phase_id`` None take them out of any phase.

    Refused with a one-line :class:`CJMError` (nothing changes): an unknown stage or phase; a phase whose stages
    would not be neighbours (the message names a stage in between); a stage taken from the middle of a phase,
    which would split that phase in two. A stage put into a phase leaves the one it was in.
    """
    doc = map_to_dict(m)
    wanted = [stage_ids] if isinstance(stage_ids, str) else list(stage_ids)
    _known_stages(doc, wanted)
    if phase_id is None:
        gone = set(wanted)
        for phase in doc.get("phases", []):
            kept = [s for s in phase["stages"] if s not in gone]
            if kept != phase["stages"]:
                _check_not_split(doc, phase, kept)
                phase["stages"] = kept
    else:
        phase = _phase(doc, phase_id)
        _set(doc, phase_id, [*phase["stages"], *wanted])
    tidy(doc)
    return map_from_dict(doc)


def _known_stages(doc: dict[str, Any], stage_ids: list[str]) -> None:
    known = _stage_names(doc)
    for stage_id in stage_ids:
        if stage_id not in known:
            raise CJMError.keyed("phases.err.unknown_stage", stage=stage_id)


def _set(doc: dict[str, Any], phase_id: str, stage_ids: list[str]) -> None:
    """Make ``stage_ids`` the phase's stages in ``doc``, taking them from other phases' edges; or refuse."""
    phase = _phase(doc, phase_id)
    _known_stages(doc, stage_ids)
    names = _stage_names(doc)
    order = [stage["id"] for stage in doc["stages"]]
    wanted = set(stage_ids)
    places = [index for index, stage_id in enumerate(order) if stage_id in wanted]
    if places:
        gap = next((order[i] for i in range(places[0], places[-1] + 1) if order[i] not in wanted), None)
        if gap is not None:
            raise CJMError.keyed("phases.err.gap", phase=phase["name"], stage=names[gap])
    for other in doc.get("phases", []):
        if other is phase:
            continue
        kept = [s for s in other["stages"] if s not in wanted]
        if kept != other["stages"]:
            _check_not_split(doc, other, kept)
            other["stages"] = kept
    phase["stages"] = [order[i] for i in places]


def _check_not_split(doc: dict[str, Any], phase: dict[str, Any], kept: list[str]) -> None:
    """Refuse leaving ``phase`` with ``kept``: stages that are no longer neighbours (one taken from its middle)."""
    order = [stage["id"] for stage in doc["stages"]]
    position = {stage_id: index for index, stage_id in enumerate(order)}
    places = sorted(position[s] for s in kept)
    if places and places[-1] - places[0] != len(places) - 1:
        names = _stage_names(doc)
        missing = next(order[i] for i in range(places[0], places[-1] + 1) if order[i] not in set(kept))
        raise CJMError.keyed("phases.err.split", phase=phase["name"], stage=names[missing])


# --- keeping phases valid through stage edits (cjm.editing) -------------------------------
def join_phase_of(doc: dict[str, Any], stage_id: str, neighbour_id: str) -> None:
    """Put the new stage ``stage_id`` (just inserted after ``neighbour_id``) into the neighbour's phase (in place)."""
    for phase in doc.get("phases", []):
        if neighbour_id in phase["stages"]:
            phase["stages"].append(stage_id)
    tidy(doc)


def _kept_in_order(old: list[str], new: list[str]) -> set[str]:
    """The stages that did not move: a longest run of ``old`` kept in the same order in ``new`` (the rest moved).

    A longest increasing subsequence of the old positions, read in the new order (patience sorting, n log n).
    """
    from bisect import bisect_left

    where = {stage_id: index for index, stage_id in enumerate(old)}
    sequence = [where[s] for s in new if s in where]
    tails: list[int] = []  # tails[k]: the index into sequence of the smallest tail of an increasing run of k+1
    before: list[int] = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        k = bisect_left([sequence[t] for t in tails], value)
        if k:
            before[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    kept: set[str] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        kept.add(old[sequence[i]])
        i = before[i]
    return kept


def follow_order(doc: dict[str, Any], old_order: list[str], moved: Iterable[str] | None = None) -> None:
    """After the stages of ``doc`` were put in a new order, make its phases valid again (in place).

    ``moved`` are the stages that were moved (None: the fewest stages whose moving explains the new order). The
    stages that did not move keep their phases. A moved stage joins the phase it lands inside (the nearest stages
    that did not move, on either side, are both of that phase); one that lands at the edge of its own phase
    (the nearest unmoved stage on one side is of its phase) stays in it; any other leaves its phase. A phase all
    of whose stages moved together keeps them when they still sit side by side and in no other phase.
    """
    phases = doc.get("phases", [])
    if not phases:
        return
    order = [stage["id"] for stage in doc["stages"]]
    moved_set = set(moved) if moved is not None else set(order) - _kept_in_order(old_order, order)
    old_owner = {stage_id: phase["id"] for phase in phases for stage_id in phase["stages"]}
    owner = {s: p for s, p in old_owner.items() if s not in moved_set}
    # each stretch of moved stages between two unmoved ones (or an end)
    i = 0
    while i < len(order):
        if order[i] not in moved_set:
            i += 1
            continue
        j = i
        while j < len(order) and order[j] in moved_set:
            j += 1
        left = owner.get(order[i - 1]) if i > 0 else None
        right = owner.get(order[j]) if j < len(order) else None
        block = order[i:j]
        if left is not None and left == right:
            for stage_id in block:
                owner[stage_id] = left
        else:
            if left is not None:
                for stage_id in block:
                    if old_owner.get(stage_id) != left:
                        break
                    owner[stage_id] = left
            if right is not None:
                for stage_id in reversed(block):
                    if old_owner.get(stage_id) != right or stage_id in owner:
                        break
                    owner[stage_id] = right
        i = j
    # a phase left with no stages takes back its moved stages if they sit together and belong to no other phase
    holding = set(owner.values())
    position = {stage_id: index for index, stage_id in enumerate(order)}
    for phase in phases:
        if phase["id"] in holding or not phase["stages"]:
            continue
        places = sorted(position[s] for s in phase["stages"])
        together = places[-1] - places[0] == len(places) - 1
        if together and not any(s in owner for s in phase["stages"]):
            for stage_id in phase["stages"]:
                owner[stage_id] = phase["id"]
    for phase in phases:
        phase["stages"] = [s for s in order if owner.get(s) == phase["id"]]
    tidy(doc)


def settle(doc: dict[str, Any], old_order: list[str]) -> None:
    """Make the phases of ``doc`` valid whatever happened to its stages (a merge of a returned workbook): stages no
    longer there leave their phase, a stage in two phases stays in the first, the new order is followed
    (:func:`follow_order`, from ``old_order``), and a phase whose stages still are not neighbours keeps its longest
    stretch of neighbours (the others leave it). Names are never lost (in place)."""
    position = {stage["id"]: index for index, stage in enumerate(doc["stages"])}
    owned: set[str] = set()
    for phase in doc.get("phases", []):
        phase["stages"] = [s for s in dict.fromkeys(phase["stages"]) if s in position and s not in owned]
        owned.update(phase["stages"])
    follow_order(doc, old_order)
    for phase in doc.get("phases", []):
        places = sorted(position[s] for s in phase["stages"])
        best: list[int] = []
        run: list[int] = []
        for place in places:
            run = [*run, place] if run and place == run[-1] + 1 else [place]
            if len(run) > len(best):
                best = run
        phase["stages"] = [doc["stages"][place]["id"] for place in best]
    tidy(doc)
