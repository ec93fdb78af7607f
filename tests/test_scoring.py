"""Scoring v1: priority from importance and negative emotion, levels, ranks, unrated stages."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.mapfile import map_from_dict
from cjm.model import ScoringSettings, Stage
from cjm.scoring import level_for, priority, score_map, top_bottleneck
from cjm.templates import load_template
from tests.conftest import make_map_dict


@pytest.mark.parametrize(
    ("importance", "emotion", "expected"),
    [(5, -2, 100.0), (5, 2, 0.0), (1, 2, 0.0), (3, -1, 45.0), (4, 1, 20.0), (1, -2, 20.0), (5, 0, 50.0)],
)
def test_priority_formula(importance, emotion, expected):
    assert priority(importance, emotion) == expected


@given(st.integers(1, 5), st.integers(-2, 2))
def test_priority_is_monotone(importance, emotion):
    score = priority(importance, emotion)
    assert 0 <= score <= 100
    if importance < 5:
        assert priority(importance + 1, emotion) >= score
    if emotion > -2:
        assert priority(importance, emotion - 1) >= score


def test_levels_by_threshold():
    settings = ScoringSettings()
    assert [level_for(s, settings) for s in (100, 70, 69.9, 40, 39.9, 0, None)] == [
        "critical", "critical", "warning", "warning", "ok", "ok", "unrated"]
    strict = ScoringSettings(critical_at=90, warning_at=10)
    assert [level_for(s, strict) for s in (80, 5)] == ["warning", "ok"]


def test_ranked_best_first_unrated_last():
    m = map_from_dict(make_map_dict())
    scores = score_map(m)
    assert [(s.stage, s.score, s.level, s.rank) for s in scores] == [
        ("Оценка", 100.0, "critical", 1),
        ("Осмысление", 45.0, "warning", 2),
        ("Сделка", None, "unrated", None),
    ]


def test_unrated_is_never_zero():
    doc = make_map_dict()
    doc["stages"][0]["values"] = {"importance": 5}  # emotion missing
    doc["stages"][1]["values"] = {"emotion": {"score": None, "words": "Раздражение"}}  # words, no score
    scores = {s.stage: s for s in score_map(map_from_dict(doc))}
    assert scores["Осмысление"].level == "unrated" and scores["Осмысление"].score is None
    assert scores["Оценка"].level == "unrated" and scores["Оценка"].emotion is None


def test_ties_keep_stage_order():
    doc = make_map_dict()
    for stage in doc["stages"]:
        stage["values"] = {"importance": 4, "emotion": -1}
    assert [s.rank for s in score_map(map_from_dict(doc))] == [1, 2, 3]
    assert [s.stage for s in score_map(map_from_dict(doc))] == ["Осмысление", "Оценка", "Сделка"]


def test_map_without_rating_lanes_is_all_unrated():
    doc = make_map_dict(lanes=[{"key": "goals", "label": "Goals", "type": "text"}])
    for stage in doc["stages"]:
        stage["values"] = {}
    assert {s.level for s in score_map(map_from_dict(doc))} == {"unrated"}
    assert top_bottleneck(map_from_dict(doc)) is None


@pytest.mark.parametrize("language", ["ru", "en"])
def test_saas_demo_stage_two_is_the_critical_bottleneck(language):
    m = load_template("saas_demo", language)
    scores = score_map(m)
    assert scores[0].stage_id == m.stages[1].id
    assert scores[0].level == "critical" and scores[0].rank == 1
    assert (scores[0].importance, scores[0].emotion) == (5, -2)
    onboarding = next(s for s in scores if s.stage_id == m.stages[3].id)
    assert onboarding.emotion == 2 and onboarding.level == "ok"
    assert top_bottleneck(m).stage_id == m.stages[1].id


def test_scoring_a_thousand_stages_is_fast():
    """A smoke check with a generous bound; the real figure is in bench/bench_core.py."""
    # 1,000 stages is twice the map limit: built unchecked to show scoring has headroom.
    base = map_from_dict(make_map_dict())
    stages = [Stage.model_construct(id=f"s{i}", name=f"S{i}", values={"importance": 1 + i % 5,
                                    "emotion": {"score": (i // 5) % 5 - 2, "words": ""}}) for i in range(1000)]
    m = base.model_copy(update={"stages": stages})
    start = time.perf_counter()
    scores = score_map(m)
    assert len(scores) == 1000 and scores[0].score == 100.0
    assert time.perf_counter() - start < 1.0
