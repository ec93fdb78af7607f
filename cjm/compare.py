"""Two maps side by side (as-is vs to-be, or two personas): stage by stage, how the scores moved."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Map
from .scoring import StageScore, score_map


@dataclass(frozen=True)
class StageChange:
    position: int  # 1-based, in the first map (or the second when only it has the stage)
    stage_a: str | None
    stage_b: str | None
    score_a: float | None
    score_b: float | None
    level_a: str | None
    level_b: str | None

    @property
    def delta(self) -> float | None:
        if self.score_a is None or self.score_b is None:
            return None
        return round(self.score_b - self.score_a, 1)


def compare(a: Map, b: Map) -> list[StageChange]:
    """Pair the stages of ``a`` and ``b``: by stage id (a duplicated map keeps them), else by position."""
    scores_a = {s.stage_id: s for s in score_map(a)}
    scores_b = {s.stage_id: s for s in score_map(b)}
    ids_b = {stage.id for stage in b.stages}
    by_id = sum(stage.id in ids_b for stage in a.stages) >= max(1, len(a.stages) // 2)
    pairs: list[tuple[int, object, object]] = []
    if by_id:
        used = set()
        for i, stage in enumerate(a.stages, start=1):
            other = b.stage(stage.id)
            pairs.append((i, stage, other))
            if other:
                used.add(other.id)
        for i, stage in enumerate(b.stages, start=1):
            if stage.id not in used:
                pairs.append((i, None, stage))
    else:
        for i in range(max(len(a.stages), len(b.stages))):
            pairs.append((i + 1, a.stages[i] if i < len(a.stages) else None,
                          b.stages[i] if i < len(b.stages) else None))

    def part(stage, scores: dict[str, StageScore]) -> tuple[str | None, float | None, str | None]:
        if stage is None:
            return None, None, None
        s = scores.get(stage.id)
        return stage.name, (s.score if s else None), (s.level if s else None)

    out = []
    for position, stage_a, stage_b in pairs:
        name_a, score_a, level_a = part(stage_a, scores_a)
        name_b, score_b, level_b = part(stage_b, scores_b)
        out.append(StageChange(position, name_a, name_b, score_a, score_b, level_a, level_b))
    return out
