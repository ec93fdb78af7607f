"""Scoring: which stages hurt most where it matters most.

First version (documented in the README):

    priority = importance / 5 × (2 − emotion) / 4 × 100        (0…100)

Importance 5 with emotion −2 (😡) gives 100; emotion +2 (🤩) always gives 0.
Level: ``critical`` at or above ``critical_at`` (70 by default), ``warning`` at or above
``warning_at`` (40), else ``ok``. A stage without importance or emotion is ``unrated``:
it gets no score (never 0) and comes after the scored stages.
Ranks go from 1 (the top bottleneck) down; ties keep the stages' order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .lanes import LaneType
from .model import Map, ScoringSettings

LEVELS = ("critical", "warning", "ok", "unrated")


@dataclass(frozen=True)
class StageScore:
    stage_id: str
    stage: str
    importance: int | None
    emotion: int | None
    score: float | None
    level: str
    rank: int | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def priority(importance: int, emotion: int) -> float:
    """The priority of one stage, 0…100, rounded to one decimal."""
    return round(importance / 5 * (2 - emotion) / 4 * 100, 1)


def level_for(score: float | None, settings: ScoringSettings) -> str:
    if score is None:
        return "unrated"
    if score >= settings.critical_at:
        return "critical"
    if score >= settings.warning_at:
        return "warning"
    return "ok"


def score_map(m: Map) -> list[StageScore]:
    """Every stage's score, ranked: the top bottleneck first, unrated stages last."""
    importance_lane = m.first_lane_of(LaneType.IMPORTANCE)
    emotion_lane = m.first_lane_of(LaneType.EMOTION)
    importance_key = importance_lane.key if importance_lane else None
    emotion_key = emotion_lane.key if emotion_lane else None
    settings = m.scoring
    rated: list[tuple[float, int, Any]] = []
    unrated = []
    for position, stage in enumerate(m.stages):
        importance = stage.values.get(importance_key) if importance_key else None
        emotion_cell = stage.values.get(emotion_key) if emotion_key else None
        emotion = emotion_cell["score"] if emotion_cell else None
        if importance is None or emotion is None:
            unrated.append(StageScore(stage.id, stage.name, importance, emotion, None, "unrated", None))
        else:
            rated.append((priority(importance, emotion), position, (stage, importance, emotion)))
    rated.sort(key=lambda item: (-item[0], item[1]))
    ranked = [
        StageScore(stage.id, stage.name, importance, emotion, score, level_for(score, settings), rank)
        for rank, (score, _, (stage, importance, emotion)) in enumerate(rated, start=1)
    ]
    return ranked + unrated


def top_bottleneck(m: Map) -> StageScore | None:
    """The highest-priority stage that is not ``ok`` or unrated, if any."""
    scores = score_map(m)
    if scores and scores[0].level in ("critical", "warning"):
        return scores[0]
    return None
