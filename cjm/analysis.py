"""What Analysis and the Builder show beside the ranking: what to fix first, emotions to confirm or check,
and which quadrant of the priority matrix a stage is in.

Pages draw these; the rules are here: which stages are to-dos (:func:`cjm.levels.is_bottleneck`),
which lanes say what to do about them (:data:`cjm.lanes.FIX_FIRST_KEYS`), which emotion lane a
suggestion belongs to (the one scoring reads, :func:`cjm.scoring.emotion_lane`, whatever its key),
which words contradict their score (:func:`cjm.lexicon.contradicts`) and the quadrants (:func:`quadrant`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import editing
from .errors import CJMError
from .lanes import FIX_FIRST_KEYS, LaneType
from .lexicon import contradicts
from .model import Map
from .scoring import StageScore, bottlenecks, emotion_lane


@dataclass(frozen=True, slots=True)
class Detail:
    """Items of one lane of a to-do, e.g. the stage's recommendations."""

    lane_key: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Todo:
    """A bottleneck to fix: its score (level, rank, why) and what the map says to do about it."""

    score: StageScore
    details: tuple[Detail, ...]


def todos(m: Map, scores: list[StageScore]) -> list[Todo]:
    """The bottlenecks, top first, each with the items of the fix-first lanes it has (lanes without any left out)."""
    lanes = [lane for lane in (m.lane(key) for key in FIX_FIRST_KEYS) if lane is not None]
    out = []
    for s in bottlenecks(scores):
        stage = m.stage(s.stage_id)
        details = []
        for lane in lanes:
            items = stage.values.get(lane.key) if stage else None
            if items:
                details.append(Detail(lane.key, lane.label, tuple(items)))
        out.append(Todo(s, tuple(details)))
    return out


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An emotion scoring suggested from a stage's words, waiting for a person to confirm it."""

    stage_id: str
    stage: str
    lane_key: str
    words: str
    score: int  # −2…+2


def suggestions(m: Map, scores: list[StageScore]) -> list[Suggestion]:
    """Every stage whose emotion was suggested from its words, in ranking order."""
    lane = emotion_lane(m)
    if lane is None:
        return []
    out = []
    for s in scores:
        if not s.suggested or s.emotion is None:
            continue
        stage = m.stage(s.stage_id)
        cell = stage.values.get(lane.key) if stage else None
        out.append(Suggestion(s.stage_id, s.stage, lane.key, cell["words"] if cell else "", round(s.emotion)))
    return out


def confirm(m: Map, stage_id: str, score: int) -> Map:
    """The map with ``score`` set as the stage's emotion in the lane scoring reads; its words are kept."""
    lane = emotion_lane(m)
    stage = m.stage(stage_id)
    if lane is None or stage is None:
        raise CJMError.keyed("err.analysis.stage_gone")
    cell = stage.values.get(lane.key)
    return editing.set_value(m, stage_id, lane.key, {"score": score, "words": cell["words"] if cell else ""})


# --- emotion words that contradict their score -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Check:
    """An emotion cell whose words read on the other side of neutral from its score: "check"."""

    stage_id: str
    stage: str
    lane_key: str
    lane: str
    score: int  # the score a person chose, −2…+2
    words: str
    reading: int  # what the lexicon reads in the words, −2…+2


def checks(m: Map) -> list[Check]:
    """Every emotion cell (any lane of emotion type) whose words contradict its score, in the map's order."""
    lanes = [lane for lane in m.lanes if lane.type is LaneType.EMOTION]
    out = []
    for stage in m.stages:
        for lane in lanes:
            cell = stage.values.get(lane.key)
            if not cell or cell["score"] is None or not cell["words"]:
                continue
            reading = contradicts(cell["score"], cell["words"])
            if reading is not None:
                out.append(Check(stage.id, stage.name, lane.key, lane.label, cell["score"], cell["words"],
                                 reading.score))
    return out


# --- the priority matrix's quadrants ------------------------------------------------------------
FIX_NOW, PROTECT, IMPROVE_LATER, MONITOR = "fix_now", "protect", "improve_later", "monitor"
QUADRANTS: tuple[str, ...] = (FIX_NOW, PROTECT, IMPROVE_LATER, MONITOR)
#: The lines between the quadrants lie between the scale's points, so a rated stage is never on one:
#: importance 3–5 is "high" (above 2.5), emotion −2…0 is "not positive" (at or below +0.5): a neutral
#: experience is not one to protect yet, and every bottleneck under the default scoring is on that side.
IMPORTANCE_LINE = 2.5
EMOTION_LINE = 0.5


def quadrant(importance: float | None, emotion: float | None) -> str | None:
    """The quadrant of a stage: fix now (high importance, not positive), protect (high, positive),
    improve later (low, not positive), monitor (low, positive); None when unrated.

    A mean of votes exactly on a line counts toward "fix now": importance 2.5 is high, emotion +0.5 is
    not positive.
    """
    if importance is None or emotion is None:
        return None
    high = importance >= IMPORTANCE_LINE
    pain = emotion <= EMOTION_LINE
    if high:
        return FIX_NOW if pain else PROTECT
    return IMPROVE_LATER if pain else MONITOR


def cell(importance: float, emotion: float) -> tuple[int, int]:
    """The matrix cell (a point of the 1–5 × −2…+2 scale) a stage is drawn in: a mean of votes goes to the
    nearest point, halves toward "fix now" (importance 2.5 → 3, emotion 0.5 → 0), so its cell is in its quadrant."""
    return (max(1, min(5, math.floor(importance + 0.5))), max(-2, min(2, math.ceil(emotion - 0.5))))
