"""What Analysis and the Builder show beside the ranking: what to fix first, and emotions to confirm.

Pages draw these; the rules are here: which stages are to-dos (:func:`cjm.levels.is_bottleneck`),
which lanes say what to do about them (:data:`cjm.lanes.FIX_FIRST_KEYS`), and which emotion lane a
suggestion belongs to (the one scoring reads, :func:`cjm.scoring.emotion_lane`, whatever its key).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import editing
from .errors import CJMError
from .lanes import FIX_FIRST_KEYS
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
        raise CJMError("that stage or its emotion lane is no longer in the map: reload to see the current map")
    cell = stage.values.get(lane.key)
    return editing.set_value(m, stage_id, lane.key, {"score": score, "words": cell["words"] if cell else ""})
