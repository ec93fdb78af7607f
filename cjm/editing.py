"""Editing a map: pure operations on stages, lanes and the map's settings.

Every function takes a :class:`~cjm.model.Map`, never changes it, and returns a new,
validated Map. Each one works on the map's JSON form (:func:`cjm.mapfile.map_to_dict`)
and builds the result with :func:`cjm.mapfile.map_from_dict`, so every rule and limit of
the model is checked and a broken result is refused with a one-line
:class:`~cjm.errors.MapValidationError` naming the stage and lane. A request that cannot
be carried out at all (an unknown stage id or lane key, a lane that is already there, an
order that is not a permutation…) raises :class:`~cjm.errors.CJMError`.

Choices:

* ``updated`` and ``created`` are kept as they are: the storage layer stamps ``updated``.
* Deleting every stage or every lane is allowed: an empty map is a valid map (the UI may
  ask for confirmation). Deleting an unknown stage or lane is an error, not a no-op.
* Moving a stage or lane past either end is clamped: moving the first one up does nothing.
* :func:`set_lane_options` clears the cells whose value is no longer an option, so an
  option renamed through it empties the cells that held the old name.
* Stage edits keep the map's phases valid (rules in :mod:`cjm.phases`): a stage added after a stage of a
  phase, or a duplicate, joins that phase; a moved stage joins the phase it lands inside, stays in its own
  at that phase's edge and otherwise leaves it; a deleted stage leaves its phase, which keeps its name.
* Custom lane keys come from :func:`custom_lane_key` and never equal a standard lane key,
  even one the map does not use, so a standard lane can always be added later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from . import limits, phases
from .errors import CJMError, Joined, MapValidationError, Phrase
from .lanes import BY_KEY, CATALOGUE, LaneType, standard
from .mapfile import map_from_dict, map_to_dict
from .model import LANGUAGES, Map, new_stage_id
from .validation import shown

MAX_KEY_CHARS = 40  # cjm.model's lane key pattern: ^[a-z][a-z0-9_]{0,39}$

# Russian (and the few extra Ukrainian/Belarusian) letters, lower case, to Latin.
_CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


# --- helpers ------------------------------------------------------------------------------
def _stage_index(doc: dict[str, Any], stage_id: str) -> int:
    for i, stage in enumerate(doc["stages"]):
        if stage["id"] == stage_id:
            return i
    raise CJMError.keyed("err.edit.no_stage", id=shown(stage_id))


def _lane_index(doc: dict[str, Any], key: str) -> int:
    for i, lane in enumerate(doc["lanes"]):
        if lane["key"] == key:
            return i
    raise CJMError.keyed("err.edit.no_lane", lane_key=shown(key))


def _moved(items: list[Any], index: int, delta: int) -> None:
    """Move ``items[index]`` by ``delta`` places, clamped to the ends (in place)."""
    target = min(max(index + delta, 0), len(items) - 1)
    items.insert(target, items.pop(index))


def _check_permutation(current: list[str], wanted: list[str], key: str) -> None:
    """Refuse ``wanted`` unless it is exactly a reordering of ``current`` (``key``: the refusal's line)."""
    if len(wanted) == len(current) and set(wanted) == set(current) and len(set(wanted)) == len(wanted):
        return
    missing = [x for x in current if x not in set(wanted)]
    unknown = [x for x in dict.fromkeys(wanted) if x not in set(current)]
    repeated = [x for x in dict.fromkeys(wanted) if wanted.count(x) > 1]
    raise CJMError.keyed(key, details=order_details(missing, unknown, repeated))


def order_details(missing: list[str], unknown: list[str], repeated: list[str]) -> Joined:
    """What is wrong with a new order: 'missing "c"; repeated "b"' (at most five of each)."""
    details = []
    for items, key in ((missing, "err.order.missing"), (unknown, "err.order.unknown"),
                       (repeated, "err.order.repeated")):
        if items:
            details.append(Phrase(key, items=Joined(shown(x) for x in items[:5])))
    return Joined(details, "; ")


def _insert_position(doc: dict[str, Any], after: str | None, lanes: bool) -> int:
    if after is None:
        return len(doc["lanes" if lanes else "stages"])
    return (_lane_index(doc, after) if lanes else _stage_index(doc, after)) + 1


def _room_for_stage(doc: dict[str, Any]) -> None:
    if len(doc["stages"]) >= limits.MAX_STAGES:
        raise MapValidationError([Phrase("err.edit.stage_limit", count=len(doc["stages"]), limit=limits.MAX_STAGES)])


def _room_for_lane(doc: dict[str, Any]) -> None:
    if len(doc["lanes"]) >= limits.MAX_LANES:
        raise MapValidationError([Phrase("err.edit.lane_limit", count=len(doc["lanes"]), limit=limits.MAX_LANES)])


# --- stages -------------------------------------------------------------------------------
def add_stage(m: Map, name: str, after: str | None = None) -> tuple[Map, str]:
    """Add an empty stage after the stage ``after`` (None: at the end). Returns the map and the new id."""
    doc = map_to_dict(m)
    _room_for_stage(doc)
    position = _insert_position(doc, after, lanes=False)
    taken = {stage["id"] for stage in doc["stages"]}
    stage_id = new_stage_id()
    while stage_id in taken:  # pragma: no cover - 40 random bits
        stage_id = new_stage_id()
    doc["stages"].insert(position, {"id": stage_id, "name": name, "values": {}})
    if after is not None:  # added after a stage of a phase: it joins that phase (cjm/phases.py)
        phases.join_phase_of(doc, stage_id, after)
    return map_from_dict(doc), stage_id


def duplicate_stage(m: Map, stage_id: str, suffix: str = " (copy)") -> tuple[Map, str]:
    """Copy a stage with its values right after it, named ``name + suffix``. Returns the map and the new id.

    A name that would pass the length limit is shortened before the suffix, so the suffix stays visible.
    """
    doc = map_to_dict(m)
    index = _stage_index(doc, stage_id)
    _room_for_stage(doc)
    original = doc["stages"][index]
    room = max(limits.MAX_LABEL_CHARS - len(suffix), 0)
    name = (original["name"][:room] + suffix)[: limits.MAX_LABEL_CHARS]
    taken = {stage["id"] for stage in doc["stages"]}
    new_id = new_stage_id()
    while new_id in taken:  # pragma: no cover - 40 random bits
        new_id = new_stage_id()
    clone = {"id": new_id, "name": name, "values": original["values"]}  # doc is a fresh dump: nothing shared
    if original.get("evidence"):  # the marks go with the values they back (cjm/evidence.py)
        clone["evidence"] = original["evidence"]
    doc["stages"].insert(index + 1, clone)
    phases.join_phase_of(doc, new_id, stage_id)  # the copy joins its original's phase
    return map_from_dict(doc), new_id


def delete_stages(m: Map, stage_ids: Iterable[str]) -> Map:
    """Remove the given stages (every one must exist). Removing all stages is allowed."""
    doc = map_to_dict(m)
    wanted = [stage_ids] if isinstance(stage_ids, str) else list(stage_ids)
    for stage_id in wanted:
        _stage_index(doc, stage_id)
    gone = set(wanted)
    doc["stages"] = [stage for stage in doc["stages"] if stage["id"] not in gone]
    for phase in doc.get("phases", []):  # a phase keeps its name and its other stages
        phase["stages"] = [stage_id for stage_id in phase["stages"] if stage_id not in gone]
    for action in doc.get("actions", []):  # an action outlives its stage, about the map as a whole
        if action.get("stage_id") in gone:
            action["stage_id"] = None
    return map_from_dict(doc)


def rename_stage(m: Map, stage_id: str, name: str) -> Map:
    """Give a stage a new name."""
    doc = map_to_dict(m)
    doc["stages"][_stage_index(doc, stage_id)]["name"] = name
    return map_from_dict(doc)


def move_stage(m: Map, stage_id: str, delta: int) -> Map:
    """Move a stage ``delta`` places (negative: towards the start), stopping at the ends."""
    doc = map_to_dict(m)
    old_order = [stage["id"] for stage in doc["stages"]]
    _moved(doc["stages"], _stage_index(doc, stage_id), delta)
    phases.follow_order(doc, old_order, moved=[stage_id])
    return map_from_dict(doc)


def reorder_stages(m: Map, stage_ids: list[str]) -> Map:
    """Put the stages in the order of ``stage_ids``, which must hold every stage id exactly once."""
    doc = map_to_dict(m)
    wanted = list(stage_ids)
    by_id = {stage["id"]: stage for stage in doc["stages"]}
    _check_permutation(list(by_id), wanted, "err.order.stages")
    doc["stages"] = [by_id[stage_id] for stage_id in wanted]
    phases.follow_order(doc, list(by_id))
    return map_from_dict(doc)


def set_value(m: Map, stage_id: str, lane_key: str, value: Any) -> Map:
    """Set one cell to ``value`` in the JSON canonical form (see :mod:`cjm.validation`); None or "" clears it.

    A value that does not fit the lane raises :class:`MapValidationError` naming the stage and the lane.
    """
    doc = map_to_dict(m)
    values = doc["stages"][_stage_index(doc, stage_id)]["values"]
    _lane_index(doc, lane_key)
    if value is None or (isinstance(value, str) and value == ""):
        values.pop(lane_key, None)
        doc["stages"][_stage_index(doc, stage_id)].get("evidence", {}).pop(lane_key, None)  # cjm/evidence.py
    else:  # an edited value keeps its mark (cjm/evidence.py)
        values[lane_key] = value
    return map_from_dict(doc)


# --- lanes --------------------------------------------------------------------------------
def add_standard_lane(m: Map, key: str, after: str | None = None) -> Map:
    """Add a lane from the catalogue, labelled in the map's language, after lane ``after`` (None: at the end)."""
    entry = standard(key)
    if entry is None:
        known = ", ".join(lane.key for lane in CATALOGUE)
        raise CJMError.keyed("err.edit.not_standard", lane_key=shown(key), known=known)
    doc = map_to_dict(m)
    for lane in doc["lanes"]:
        if lane["key"] == key:
            raise CJMError.keyed("err.edit.lane_exists", lane_key=shown(key), label=shown(lane["label"]))
    _room_for_lane(doc)
    position = _insert_position(doc, after, lanes=True)
    doc["lanes"].insert(position, {"key": key, "label": entry.label(doc["language"]), "type": entry.type.value,
                                   "options": [], "hidden": False})
    return map_from_dict(doc)


def custom_lane_key(label: str, taken: Iterable[str] = ()) -> str:
    """A lane key made from ``label``: Latin lowercase, digits and "_", starting with a letter, at most 40 chars.

    Cyrillic is transliterated ("Мотивация клиента" -> "motivatsiya_klienta"); a label with nothing usable
    gives "lane"; one starting with a digit gets "lane_" in front. The key is never a standard lane key nor
    one of ``taken``: "_2", "_3"… is appended until it is free.
    """
    text = "".join(_CYRILLIC.get(ch, ch) for ch in label.lower())
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    base = _NOT_KEY_CHARS.sub("_", text.lower()).strip("_")
    if not base:
        base = "lane"
    elif not base[0].isalpha():
        base = "lane_" + base
    base = base[:MAX_KEY_CHARS].rstrip("_")
    reserved = set(BY_KEY) | set(taken)
    key, n = base, 1
    while key in reserved:
        n += 1
        tail = f"_{n}"
        key = base[: MAX_KEY_CHARS - len(tail)].rstrip("_") + tail
    return key


def _lane_type(lane_type: LaneType | str) -> LaneType:
    try:
        return LaneType(lane_type)
    except ValueError:
        known = ", ".join(t.value for t in LaneType)
        raise CJMError.keyed("err.edit.lane_type", type=shown(lane_type), known=known) from None


def add_custom_lane(m: Map, label: str, lane_type: LaneType | str, options: list[str] | None = None,
                    after: str | None = None) -> tuple[Map, str]:
    """Add a lane of the map's own, with a key made from its label (:func:`custom_lane_key`).

    ``options`` are for a choice lane (which needs at least one). Returns the map and the new key.
    """
    kind = _lane_type(lane_type)
    doc = map_to_dict(m)
    _room_for_lane(doc)
    position = _insert_position(doc, after, lanes=True)
    key = custom_lane_key(label, (lane["key"] for lane in doc["lanes"]))
    doc["lanes"].insert(position, {"key": key, "label": label, "type": kind.value,
                                   "options": list(options or []), "hidden": False})
    return map_from_dict(doc), key


def rename_lane(m: Map, key: str, label: str) -> Map:
    """Give a lane a new label (its key stays)."""
    doc = map_to_dict(m)
    doc["lanes"][_lane_index(doc, key)]["label"] = label
    return map_from_dict(doc)


def set_lane_hidden(m: Map, key: str, hidden: bool) -> Map:
    """Hide a lane from the views, or show it again. Its values are kept."""
    doc = map_to_dict(m)
    doc["lanes"][_lane_index(doc, key)]["hidden"] = bool(hidden)
    return map_from_dict(doc)


def move_lane(m: Map, key: str, delta: int) -> Map:
    """Move a lane ``delta`` places (negative: up), stopping at the ends."""
    doc = map_to_dict(m)
    _moved(doc["lanes"], _lane_index(doc, key), delta)
    return map_from_dict(doc)


def reorder_lanes(m: Map, keys: list[str]) -> Map:
    """Put the lanes in the order of ``keys``, which must hold every lane key exactly once."""
    doc = map_to_dict(m)
    wanted = list(keys)
    by_key = {lane["key"]: lane for lane in doc["lanes"]}
    _check_permutation(list(by_key), wanted, "err.order.lanes")
    doc["lanes"] = [by_key[key] for key in wanted]
    return map_from_dict(doc)


def delete_lane(m: Map, key: str) -> Map:
    """Remove a lane and its values and evidence marks in every stage. Removing the last lane is allowed."""
    doc = map_to_dict(m)
    del doc["lanes"][_lane_index(doc, key)]
    for stage in doc["stages"]:
        stage["values"].pop(key, None)
        stage.get("evidence", {}).pop(key, None)
    return map_from_dict(doc)


def set_lane_options(m: Map, key: str, options: list[str]) -> Map:
    """Set the options of a choice lane. Cells holding a value that is no longer an option are cleared."""
    doc = map_to_dict(m)
    lane = doc["lanes"][_lane_index(doc, key)]
    if lane["type"] != LaneType.CHOICE.value:
        raise CJMError.keyed("err.edit.options", label=shown(lane["label"]), type=lane["type"])
    lane["options"] = list(options)
    allowed = set(lane["options"])
    for stage in doc["stages"]:
        if key in stage["values"] and stage["values"][key] not in allowed:
            del stage["values"][key]
            stage.get("evidence", {}).pop(key, None)  # a cleared cell loses its mark (cjm/evidence.py)
    return map_from_dict(doc)


# --- the map's settings -------------------------------------------------------------------
def set_details(m: Map, *, title: str | None = None, description: str | None = None, persona: str | None = None,
                kind: str | None = None, cyclic: bool | None = None) -> Map:
    """Change the given details of the map; the ones left as None stay as they are."""
    doc = map_to_dict(m)
    changes = {"title": title, "description": description, "persona": persona, "kind": kind, "cyclic": cyclic}
    doc.update({field: value for field, value in changes.items() if value is not None})
    return map_from_dict(doc)


def set_language(m: Map, language: str) -> Map:
    """Switch the map's language and relabel the standard lanes whose label is still the catalogue's.

    A standard lane whose label is the catalogue label in the old language gets the one in the new
    language; custom lanes and renamed standard lanes keep their labels.
    """
    if language not in LANGUAGES:
        raise CJMError.keyed("err.edit.language", language=shown(language), known=", ".join(LANGUAGES))
    doc = map_to_dict(m)
    old = doc["language"]
    for lane in doc["lanes"]:
        entry = standard(lane["key"])
        if entry is not None and lane["label"] == entry.label(old):
            lane["label"] = entry.label(language)
    doc["language"] = language
    return map_from_dict(doc)


def set_scoring(m: Map, *, critical_at: float | None = None, warning_at: float | None = None,
                method: str | None = None, importance_weight: float | None = None,
                emotion_weight: float | None = None, funnel_weight: float | None = None,
                weigh_by_evidence: bool | None = None) -> Map:
    """Change the scoring settings given; out-of-range values are refused by the model with a message."""
    doc = map_to_dict(m)
    changes = {"critical_at": critical_at, "warning_at": warning_at, "method": method,
               "importance_weight": importance_weight, "emotion_weight": emotion_weight,
               "funnel_weight": funnel_weight, "weigh_by_evidence": weigh_by_evidence}
    doc["scoring"].update({k: v for k, v in changes.items() if v is not None})
    return map_from_dict(doc)
