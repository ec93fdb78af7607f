"""The action plan: what the team will do about a stage, who owns it, by when, and how far it is.

The fields live on :class:`cjm.model.Action`; the choices (status, effort), the limit and every operation on a
map's actions have their home here. Like :mod:`cjm.editing`, each change takes a Map, never changes it, and
returns a new, validated Map (a broken result is refused with a one-line
:class:`~cjm.errors.MapValidationError`); an unknown action id is a :class:`~cjm.errors.CJMError`.

Choices:

* An action's stage is optional: an action about the map as a whole, or one whose stage was deleted
  (:func:`cjm.editing.delete_stages` sets it to None), has none.
* Owners are compared without case and outer spaces ("Ира" and " ира" are one owner); the owner is stored as
  typed, trimmed. An empty owner is "unassigned".
* A recommendation becomes an action with its text as the title and its stage: :func:`from_recommendation`.
  The same text on the same stage is made an action once (:func:`find`), so a second click does not repeat it.
* The CSV for trackers has English column names (Jira, Trello and Asana importers match them by name) and is
  written by :func:`cjm.xlsx.csv.csv_text`, which protects every cell against formula injection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:  # cjm.model imports this module for the choices below: the model is imported where it is used
    from .model import Action, Map

Status = Literal["open", "in_progress", "done"]
STATUSES: tuple[str, ...] = get_args(Status)
Effort = Literal["S", "M", "L"]
EFFORTS: tuple[str, ...] = get_args(Effort)
MAX_ACTIONS = 1_000  # actions a map keeps

DONE = "done"
#: The to-do lanes (cjm.analysis.todos) whose items the Analysis page offers to make actions: what to do, and what
#: to check. Pain points say what hurts, not what to do.
FROM_LANES: tuple[str, ...] = ("recommendations", "hypotheses")
FIELDS: tuple[str, ...] = ("title", "stage_id", "owner", "due", "status", "effort", "notes")  # what a change sets

#: The tracker CSV's columns (Jira's "Summary" is an issue's title) and how a status reads there.
CSV_COLUMNS: tuple[str, ...] = ("Summary", "Stage", "Owner", "Due", "Status", "Effort", "Notes")
CSV_STATUS: dict[str, str] = {"open": "Open", "in_progress": "In Progress", "done": "Done"}


# --- helpers --------------------------------------------------------------------------------------------------
def _doc(m: Map) -> dict[str, Any]:
    from .mapfile import map_to_dict

    doc = map_to_dict(m)
    doc.setdefault("actions", [])
    return doc


def _map(doc: dict[str, Any]) -> Map:
    from .mapfile import map_from_dict

    return map_from_dict(doc)


def _index(doc: dict[str, Any], action_id: str) -> int:
    from .errors import CJMError
    from .validation import shown

    for i, action in enumerate(doc["actions"]):
        if action["id"] == action_id:
            return i
    raise CJMError.keyed("err.action.gone", id=shown(action_id))


def _fields(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` in the JSON form of an action; an unknown field is a programming error."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"not a field of an action: {', '.join(sorted(unknown))}")
    out = dict(changes)
    if isinstance(out.get("due"), date):
        out["due"] = out["due"].isoformat()
    if isinstance(out.get("owner"), str):
        out["owner"] = out["owner"].strip()
    if out.get("effort") == "":
        out["effort"] = None
    if out.get("stage_id") == "":
        out["stage_id"] = None
    return out


def _new_id(doc: dict[str, Any]) -> str:
    from .model import new_id

    taken = {action["id"] for action in doc["actions"]}
    action_id = new_id()
    while action_id in taken:  # pragma: no cover - 128 random bits
        action_id = new_id()
    return action_id


def owner_key(owner: str) -> str:
    """How owners are told apart: without case and outer spaces."""
    return owner.strip().casefold()


# --- changes --------------------------------------------------------------------------------------------------
def add_action(m: Map, title: str, **fields: Any) -> tuple[Map, str]:
    """Add an action at the end of the plan (``fields``: stage_id, owner, due, status, effort, notes).
    Returns the map and the new action's id."""
    from .errors import MapValidationError, Phrase
    from .numbers import Whole

    doc = _doc(m)
    if len(doc["actions"]) >= MAX_ACTIONS:
        raise MapValidationError([Phrase("err.action.limit", count=Whole(len(doc["actions"])),
                                         limit=Whole(MAX_ACTIONS))])
    action_id = _new_id(doc)
    doc["actions"].append({"id": action_id, **_fields({"title": title, **fields})})
    return _map(doc), action_id


def update_action(m: Map, action_id: str, **changes: Any) -> Map:
    """Change some fields of an action (title, stage_id, owner, due, status, effort, notes)."""
    doc = _doc(m)
    doc["actions"][_index(doc, action_id)].update(_fields(changes))
    return _map(doc)


def delete_actions(m: Map, action_ids: Iterable[str]) -> Map:
    """Remove the given actions (every one must exist)."""
    doc = _doc(m)
    wanted = [action_ids] if isinstance(action_ids, str) else list(action_ids)
    for action_id in wanted:
        _index(doc, action_id)
    gone = set(wanted)
    doc["actions"] = [action for action in doc["actions"] if action["id"] not in gone]
    return _map(doc)


def reorder_actions(m: Map, action_ids: list[str]) -> Map:
    """Put the actions in the order of ``action_ids``, which must hold every action id exactly once."""
    from .editing import order_details
    from .errors import CJMError, Phrase

    doc = _doc(m)
    by_id = {action["id"]: action for action in doc["actions"]}
    wanted = list(action_ids)
    if len(wanted) != len(by_id) or set(wanted) != set(by_id):
        missing = [x for x in by_id if x not in set(wanted)]
        unknown = [x for x in dict.fromkeys(wanted) if x not in by_id]
        raise CJMError.keyed("err.order.actions",
                             details=order_details(missing, unknown, []) or Phrase("err.order.repeated_ids"))
    doc["actions"] = [by_id[action_id] for action_id in wanted]
    return _map(doc)


def move_action(m: Map, action_id: str, delta: int) -> Map:
    """Move an action ``delta`` places (negative: up), stopping at the ends."""
    doc = _doc(m)
    items = doc["actions"]
    index = _index(doc, action_id)
    items.insert(min(max(index + delta, 0), len(items) - 1), items.pop(index))
    return _map(doc)


def release_stages(doc: dict[str, Any]) -> dict[str, Any]:
    """A map document whose stages were removed (a sheet read back, a merge): each action whose stage is no longer
    there keeps no stage, as :func:`cjm.editing.delete_stages` does. Changes ``doc`` in place and returns it."""
    stages = {stage["id"] for stage in doc.get("stages", [])}
    for action in doc.get("actions", []):
        if action.get("stage_id") not in stages:
            action["stage_id"] = None
    return doc


# --- recommendations ------------------------------------------------------------------------------------------
def find(m: Map, stage_id: str | None, title: str) -> Action | None:
    """The action already made of this text on this stage (text compared without outer spaces), if any."""
    wanted = title.strip()
    return next((a for a in m.actions if a.stage_id == stage_id and a.title.strip() == wanted), None)


def from_recommendation(m: Map, stage_id: str, text: str, **fields: Any) -> tuple[Map, str]:
    """A recommendation (an item of a to-do's fix-first lanes, :func:`cjm.analysis.todos`) made an action on its
    stage, open and unassigned unless ``fields`` say otherwise. Made once: the id of the action already made of
    it is returned with the map unchanged."""
    from .errors import CJMError

    if m.stage(stage_id) is None:
        raise CJMError.keyed("err.grid.stage_gone")
    existing = find(m, stage_id, text)
    if existing is not None:
        return m, existing.id
    return add_action(m, text.strip(), stage_id=stage_id, **fields)


# --- reading --------------------------------------------------------------------------------------------------
def owners(m: Map) -> list[str]:
    """The owners of the plan, each once (its first spelling), in alphabetical order; unassigned left out."""
    seen: dict[str, str] = {}
    for action in m.actions:
        key = owner_key(action.owner)
        if key and key not in seen:
            seen[key] = action.owner.strip()
    return sorted(seen.values(), key=str.casefold)


def filtered(m: Map, owner: str | None = None, status: str | Iterable[str] | None = None) -> list[Action]:
    """The actions of ``owner`` ("" = unassigned; None = anyone) with ``status`` (one, several, or None = any)."""
    statuses = None if status is None else ({status} if isinstance(status, str) else set(status))
    wanted = None if owner is None else owner_key(owner)
    return [a for a in m.actions
            if (wanted is None or owner_key(a.owner) == wanted) and (statuses is None or a.status in statuses)]


def progress(m: Map) -> tuple[int, int]:
    """(done, total): how far the plan is."""
    return sum(a.status == DONE for a in m.actions), len(m.actions)


@dataclass(frozen=True, slots=True)
class Row:
    """An action as a table shows it: the stage by name (empty for none)."""

    id: str
    title: str
    stage: str
    owner: str
    due: date | None
    status: str
    effort: str
    notes: str


def rows(m: Map, actions: Iterable[Action] | None = None) -> list[Row]:
    """The actions (all by default) with their stages' names."""
    names = {stage.id: stage.name for stage in m.stages}
    return [Row(a.id, a.title, names.get(a.stage_id or "", ""), a.owner, a.due, a.status, a.effort or "", a.notes)
            for a in (m.actions if actions is None else actions)]


def due_text(due: date | None, language: str) -> str:
    """A due date as the UI shows it: 24.12.2026 in Russian, 2026-12-24 in English; "" for none."""
    if due is None:
        return ""
    return due.strftime("%d.%m.%Y") if language == "ru" else due.isoformat()


def to_csv(m: Map, actions: Iterable[Action] | None = None) -> str:
    """The actions as CSV for a tracker (Summary, Stage, Owner, Due, Status, Effort, Notes), formula-safe."""
    from .xlsx.csv import csv_text

    table = [list(CSV_COLUMNS)]
    for row in rows(m, actions):
        table.append([row.title, row.stage, row.owner, row.due.isoformat() if row.due else "",
                      CSV_STATUS[row.status], row.effort, row.notes])
    return csv_text(table)


def to_json(m: Map, actions: Iterable[Action] | None = None) -> list[dict[str, Any]]:
    """The actions as JSON values, each with its stage's name beside its id."""
    names = {stage.id: stage.name for stage in m.stages}
    return [{**a.model_dump(mode="json"), "stage": names.get(a.stage_id or "")}
            for a in (m.actions if actions is None else actions)]
