"""How well a cell is backed: the evidence marks and the confidence each gives a stage's priority.

A value of the map may be marked *assumption*, *partly backed* or *validated* (``Stage.evidence``, keyed by
lane). An unmarked value is not weighed (confidence 1.0), so maps made before marks existed score as before.
The RICE-style weighting that uses :data:`CONFIDENCE` is an option of the scoring (docs/file-format.md).

Choices (one home for each; the grid, Excel and the CLI only call these):

* **A stage's confidence is the lower of its importance's and its emotion's** (:func:`confidence`). RICE has one
  confidence per idea; a priority built on a guessed importance is a guess, however well the emotion is
  backed, and "the weakest input decides" is one sentence to explain. The product would punish a stage with
  two partly-backed inputs (0.64) below one with a single assumption and a validated rest (0.5 vs 0.8·0.8): hard
  to explain in a workshop. Votes do not change a mark: a mark says where the value came from.
* **A mark belongs to a value.** Editing a cell keeps its mark (the team rewords or corrects the same fact; to
  re-grade it they mark it again), clearing a cell clears its mark (nothing is left to back), and marking an
  empty cell is refused. Deleting a lane removes its marks; duplicating a stage copies them with the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # cjm.model imports this module for the type of a mark
    from .model import Map, Stage

Evidence = Literal["assumption", "partly", "validated"]
EVIDENCE: tuple[str, ...] = get_args(Evidence)
ASSUMPTION, PARTLY, VALIDATED = EVIDENCE

#: RICE-style confidence of a value by its mark (an unmarked value: 1.0, see the module's note).
CONFIDENCE: dict[str, float] = {"assumption": 0.5, "partly": 0.8, "validated": 1.0}
UNMARKED_CONFIDENCE = 1.0

#: A short badge per mark, the same in every language (the grid's corner, the Excel legend, the CLI).
BADGE: dict[str, str] = {"assumption": "?", "partly": "◐", "validated": "✓"}


def value_confidence(mark: str | None) -> float:
    """The confidence of one value: 0.5 / 0.8 / 1.0 by its mark, 1.0 unmarked."""
    return CONFIDENCE.get(mark, UNMARKED_CONFIDENCE) if mark else UNMARKED_CONFIDENCE


def _key_lanes(m: Map) -> tuple[str | None, str | None]:
    from .lanes import LaneType

    importance, emotion = m.first_lane_of(LaneType.IMPORTANCE), m.first_lane_of(LaneType.EMOTION)
    return (importance.key if importance else None), (emotion.key if emotion else None)


def confidence(stage: Stage, m: Map) -> float:
    """The confidence of a stage's priority: the lower of its importance's and its emotion's (module note).

    The importance and the emotion are the lanes scoring reads (the first of each type).
    """
    importance_key, emotion_key = _key_lanes(m)
    marks = stage.evidence
    return min(value_confidence(marks.get(importance_key) if importance_key else None),
               value_confidence(marks.get(emotion_key) if emotion_key else None))


def assumed(stage: Stage, m: Map) -> tuple[str, ...]:
    """Which of the inputs scoring reads are marked as assumptions: ``()``, ``("importance",)``, ``("emotion",)``
    or both, in that order."""
    importance_key, emotion_key = _key_lanes(m)
    marks = stage.evidence
    return tuple(name for name, key in (("importance", importance_key), ("emotion", emotion_key))
                 if key is not None and marks.get(key) == ASSUMPTION)


@dataclass(frozen=True, slots=True)
class MarkedCell:
    """One marked cell, for lists and filters: where it is and its mark."""

    stage_id: str
    stage: str
    lane_key: str
    lane: str
    evidence: str


def marked_cells(m: Map, evidence: str | None = None) -> list[MarkedCell]:
    """The marked cells in the map's order (stages, then lanes); only those with ``evidence`` when given."""
    if evidence is not None and evidence not in EVIDENCE:
        raise ValueError(f"unknown evidence mark {evidence!r}; marks: {', '.join(EVIDENCE)}")
    out = []
    for stage in m.stages:
        if not stage.evidence:
            continue
        for lane in m.lanes:
            mark_ = stage.evidence.get(lane.key)
            if mark_ and (evidence is None or mark_ == evidence):
                out.append(MarkedCell(stage.id, stage.name, lane.key, lane.label, mark_))
    return out


def counts(m: Map) -> dict[str, int]:
    """How many cells carry each mark (every mark present, 0 when unused)."""
    out = dict.fromkeys(EVIDENCE, 0)
    for stage in m.stages:
        for mark_ in stage.evidence.values():
            out[mark_] += 1
    return out


def mark(m: Map, stage_id: str, lane_key: str, evidence: str | None) -> Map:
    """The map with one cell marked ``evidence`` (None: the mark removed); ``m`` is not changed.

    Refused with :class:`~cjm.errors.CJMError`: an unknown stage, lane or mark, and marking an empty cell (a mark
    belongs to a value, module note). Removing a mark that is not there is not an error.
    """
    from .errors import CJMError
    from .mapfile import map_from_dict, map_to_dict
    from .validation import shown

    if evidence is not None and evidence not in EVIDENCE:
        raise CJMError.keyed("err.evidence.unknown", mark=shown(evidence), marks=", ".join(EVIDENCE))
    if m.stage(stage_id) is None:
        raise CJMError.keyed("err.edit.no_stage", id=shown(stage_id))
    lane = m.lane(lane_key)
    if lane is None:
        raise CJMError.keyed("err.edit.no_lane", lane_key=shown(lane_key))
    doc = map_to_dict(m)
    stage = next(stage for stage in doc["stages"] if stage["id"] == stage_id)
    marks = stage.setdefault("evidence", {})
    if evidence is None:
        marks.pop(lane_key, None)
    else:
        if lane_key not in stage["values"]:
            raise CJMError.keyed("err.evidence.empty", stage=shown(stage["name"]), lane=shown(lane.label))
        marks[lane_key] = evidence
    return map_from_dict(doc)



def word(evidence: str, language: str) -> str:
    """A mark as people read it in ``language``: 'assumption' / 'допущение'."""
    from .i18n import t  # cjm.i18n imports the model, which imports this module

    return t("evidence.mark." + evidence, language)


def parse(raw: object) -> str | None:
    """A mark from what a person wrote (a spreadsheet cell): the mark's name or its word in either language,
    its badge (? ◐ ✓), any case and spacing; empty is no mark. Anything else raises ValueError."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValueError("an evidence mark: " + ", ".join(EVIDENCE))
    text = " ".join(raw.split()).casefold()
    if not text:
        return None
    for evidence in EVIDENCE:
        if text in (evidence, BADGE[evidence].casefold(), word(evidence, "en").casefold(),
                    word(evidence, "ru").casefold()):
            return evidence
    raise ValueError("an evidence mark: " + ", ".join(EVIDENCE))
