"""Core benchmarks: prints figures, asserts nothing (targets from issue #2 are shown beside them).

    .venv/bin/python -m bench.bench_core        # from the repository root

* load + validate of each template (ms)
* scoring a synthetic 1,000-stage map (target < 10 ms): with a funnel (customers per stage), workshop votes on
  every 10th stage and emotion words without a score (lexicon suggestions) on every 7th
* save + load of a 500-stage map (target < 100 ms)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from cjm.lanes import BY_KEY, DEFAULT_KEYS
from cjm.mapfile import read_map, write_map
from cjm.model import Lane, Map, Stage, Vote
from cjm.scoring import score_map
from cjm.templates import list_templates


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` runs (after one warm-up run)."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms   (n={len(samples)})"


def synthetic_stages(count: int) -> list[Stage]:
    """Stages filled like a real map: lists, text, emotion with words, importance."""
    return [
        Stage.model_construct(
            id=f"s{i}", name=f"Stage {i}",
            values={
                "actions": [f"action {i}.{j}" for j in range(3)],
                "touchpoints": ["site", "email"],
                "goals": f"goal of stage {i} " * 4,
                "emotion": {"score": (i // 5) % 5 - 2, "words": "mixed feelings"},
                "importance": 1 + i % 5,
                "pain_points": [f"pain {i}"],
                "expectations": ["fast answer"],
                "recommendations": [f"fix {i}", "measure"],
            },
        )
        for i in range(count)
    ]


FEELINGS = ("frustrated, confused", "Раздражение, Критическая Боль", "Ожидание, небольшое волнение",
            "not happy", "relieved", "mixed feelings")


def scoring_stages(count: int) -> list[Stage]:
    """The synthetic stages plus what scoring v2 reads: a funnel (mostly shrinking, sometimes growing or 0),
    5 votes on every 10th stage, emotion words without a score on every 7th stage."""
    stages = synthetic_stages(count)
    customers = 1_000_000.0
    for i, stage in enumerate(stages):
        customers *= 1.05 if i % 13 == 0 else 0.99
        stage.values["metrics"] = 0 if i % 97 == 50 else round(customers)
        if i % 7 == 0:
            stage.values["emotion"] = {"score": None, "words": FEELINGS[i % len(FEELINGS)]}
        if i % 10 == 0:
            stage.votes = [Vote.model_construct(participant=f"p{j}", importance=1 + (i + j) % 5,
                                                emotion=(i * j) % 5 - 2) for j in range(5)]
    return stages


def lanes_en() -> list[Lane]:
    return [Lane(key=k, label=BY_KEY[k].label_en, type=BY_KEY[k].type) for k in DEFAULT_KEYS]


def main() -> None:
    print("CJM Studio core benchmarks")
    print(f"python {sys.version.split()[0]}")
    print()
    print("load + validate each template:")
    for template in list_templates():
        samples = timed(lambda t=template: read_map(t.path), repeat=30)
        print(f"  {template.id + '.' + template.language:<30} {summary(samples)}")

    print()
    # 1,000 stages is twice the map limit (500): built unchecked, scoring has headroom.
    metrics = Lane(key="metrics", label=BY_KEY["metrics"].label_en, type=BY_KEY["metrics"].type)
    big = Map(title="synthetic", lanes=[*lanes_en(), metrics]).model_copy(update={"stages": scoring_stages(1000)})
    samples = timed(lambda: score_map(big), repeat=50)
    print(f"score 1,000 stages               {summary(samples)}   target < 10 ms")
    opportunity = big.model_copy(update={"scoring": big.scoring.model_copy(update={"method": "opportunity"})})
    samples = timed(lambda: score_map(opportunity), repeat=50)
    print(f"  … opportunity method           {summary(samples)}   target < 10 ms")

    m500 = Map.model_validate({"title": "synthetic 500", "lanes": [lane.model_dump() for lane in lanes_en()],
                               "stages": [s.model_dump() for s in synthetic_stages(500)]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m500.json"

        def save_load() -> None:
            write_map(m500, path)
            assert read_map(path) == m500

        samples = timed(save_load, repeat=20)
        size_kb = path.stat().st_size / 1024
        print(f"save + load 500 stages ({size_kb:,.0f} KB) {summary(samples)}   target < 100 ms")


if __name__ == "__main__":
    main()
