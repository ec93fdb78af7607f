"""Scoring v2: both methods, weights, levels, ranks, unrated stages, votes, the funnel rule, suggestions, why."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm.mapfile import map_from_dict
from cjm.model import ScoringSettings, Stage, Vote
from cjm.scoring import (
    funnel,
    funnel_boost,
    level_for,
    opportunity,
    opportunity_score,
    priority,
    score_map,
    top_bottleneck,
)
from cjm.templates import load_template
from tests.conftest import make_map_dict

weights = st.floats(0.1, 3.0)
importances = st.integers(1, 5)
emotions = st.integers(-2, 2)


def stage(importance=None, emotion=None, words="", metrics=None, votes=None, sid=None, name=None):
    values = {}
    if importance is not None:
        values["importance"] = importance
    if emotion is not None or words:
        values["emotion"] = {"score": emotion, "words": words}
    if metrics is not None:
        values["metrics"] = metrics
    doc = {"id": sid, "name": name or sid, "values": values}
    if votes:
        doc["votes"] = votes
    return doc


def scored(stages, **scoring):
    doc = make_map_dict(stages=[stage(**s, sid=f"s{i}") for i, s in enumerate(stages)])
    if scoring:
        doc["scoring"] = scoring
    return {s.stage_id: s for s in score_map(map_from_dict(doc))}


# --- the formulas -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("importance", "emotion", "expected"),
    [(5, -2, 100.0), (5, 2, 0.0), (1, 2, 0.0), (3, -1, 45.0), (4, 1, 20.0), (1, -2, 20.0), (5, 0, 50.0)],
)
def test_priority_formula(importance, emotion, expected):
    assert priority(importance, emotion) == expected


def test_priority_weights_are_exponents_on_the_factors():
    assert priority(3, -1, importance_weight=2) == 27.0  # (3/5)² × 3/4 × 100
    assert priority(3, -1, emotion_weight=2) == 33.8  # 3/5 × (3/4)² × 100 = 33.75
    assert priority(5, -2, 3, 3) == 100.0 and priority(5, 2, 0.1, 0.1) == 0.0
    assert priority(1, -2, importance_weight=0.1) == 85.1  # (1/5)^0.1: importance hardly counts


@pytest.mark.parametrize(
    ("importance", "emotion", "raw", "score"),
    [(5, -2, 9, 100.0), (5, 2, 5, 50.0), (1, -2, 1, 0.0), (1, 2, 1, 0.0), (3, -1, 4, 37.5), (4, 1, 4, 37.5),
     (5, 0, 7, 75.0), (4, -2, 7, 75.0)],
)
def test_opportunity_formula(importance, emotion, raw, score):
    # satisfaction = emotion + 3; opportunity = importance + max(importance − satisfaction, 0)
    assert opportunity(importance, emotion) == raw
    assert opportunity_score(importance, emotion) == score == round((raw - 1) / 8 * 100, 1)


def test_opportunity_weights_are_coefficients():
    # 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))
    assert opportunity_score(5, 2, importance_weight=3) == 75.0  # 100 × 12 / 16
    assert opportunity_score(5, 2, emotion_weight=3) == 25.0  # 100 × 4 / 16
    assert opportunity_score(5, -2, 0.1, 3) == 100.0 and opportunity_score(1, 2, 3, 0.1) == 0.0


def test_funnel_boost_closes_part_of_the_gap_to_100():
    assert funnel_boost(40, 0.5, 0.5) == 55  # 40 + 0.5 × 0.5 × 60
    assert funnel_boost(40, 1.0, 1.0) == 100
    assert funnel_boost(40, 0.5, 0) == 40 and funnel_boost(40, None, 0.5) == 40 and funnel_boost(40, 0, 1) == 40
    assert funnel_boost(100, 1.0, 1.0) == 100


@given(st.floats(1, 5), st.floats(-2, 2), st.floats(0, 4), st.floats(0, 4), weights, weights,
       st.sampled_from([None, 0.0, 0.3, 1.0]), st.floats(0, 1))
def test_raising_importance_or_lowering_emotion_never_lowers_a_score(importance, emotion, up, down, wi, we,
                                                                     drop_off, fw):
    higher = min(5.0, importance + up)
    lower = max(-2.0, emotion - down)
    for formula in (priority, opportunity_score):
        def score(i, e, formula=formula):
            return round(funnel_boost(formula(i, e, wi, we), drop_off, fw), 1)

        base = score(importance, emotion)
        assert 0 <= base <= 100
        assert score(higher, emotion) >= base
        assert score(importance, lower) >= base
        assert score(higher, lower) >= base


@st.composite
def funnel_maps(draw):
    """A map of rated stages, maybe with customer counts (shrinking, growing or 0), any method and weights."""
    count = draw(st.integers(1, 6))
    with_funnel = draw(st.booleans())
    stages = []
    for i in range(count):
        stages.append(stage(draw(importances), draw(emotions),
                            metrics=draw(st.integers(0, 1000)) if with_funnel else None, sid=f"s{i}"))
    scoring = {"method": draw(st.sampled_from(["priority", "opportunity"])), "importance_weight": draw(weights),
               "emotion_weight": draw(weights), "funnel_weight": draw(st.floats(0, 1))}
    return make_map_dict(stages=stages, scoring=scoring)


@settings(max_examples=150, deadline=None)
@given(funnel_maps(), st.data())
def test_map_scores_are_monotone_with_and_without_funnel(doc, data):
    before = {s.stage_id: s for s in score_map(map_from_dict(doc))}
    index = data.draw(st.integers(0, len(doc["stages"]) - 1))
    values = doc["stages"][index]["values"]
    if data.draw(st.booleans()):
        values["importance"] = data.draw(st.integers(values["importance"], 5))
    else:
        values["emotion"]["score"] = data.draw(st.integers(-2, values["emotion"]["score"]))
    after = {s.stage_id: s for s in score_map(map_from_dict(doc))}
    sid = f"s{index}"
    assert after[sid].score >= before[sid].score
    assert all(0 <= s.score <= 100 for s in after.values())


# --- levels and ranks ---------------------------------------------------------------------------
def test_levels_by_threshold():
    settings = ScoringSettings()
    assert [level_for(s, settings) for s in (100, 70, 69.9, 40, 39.9, 0, None)] == [
        "critical", "critical", "warning", "warning", "ok", "ok", "unrated"]
    strict = ScoringSettings(critical_at=90, warning_at=10)
    assert [level_for(s, strict) for s in (80, 5)] == ["warning", "ok"]


def test_thresholds_are_per_map():
    default = scored([{"importance": 4, "emotion": -1}])
    assert default["s0"].score == 60.0 and default["s0"].level == "warning"
    strict = scored([{"importance": 4, "emotion": -1}], critical_at=55, warning_at=20)
    assert strict["s0"].level == "critical"


def test_ranked_best_first_unrated_last():
    m = map_from_dict(make_map_dict())
    scores = score_map(m)
    assert [(s.stage, s.score, s.level, s.rank) for s in scores] == [
        ("Оценка", 100.0, "critical", 1),
        ("Осмысление", 45.0, "warning", 2),
        ("Сделка", None, "unrated", None),
    ]


def test_ties_keep_stage_order():
    doc = make_map_dict()
    for s in doc["stages"]:
        s["values"] = {"importance": 4, "emotion": -1}
    assert [s.rank for s in score_map(map_from_dict(doc))] == [1, 2, 3]
    assert [s.stage for s in score_map(map_from_dict(doc))] == ["Осмысление", "Оценка", "Сделка"]


def test_weights_change_the_ranking():
    stages = [{"importance": 2, "emotion": -2}, {"importance": 5, "emotion": 0}]
    assert [s.score for s in scored(stages).values()] == [50.0, 40.0]
    by_importance = scored(stages, importance_weight=3)
    assert by_importance["s1"].rank == 1 and by_importance["s0"].score == 6.4  # (2/5)³ × 100
    by_emotion = scored(stages, emotion_weight=3)
    assert by_emotion["s0"].rank == 1 and by_emotion["s1"].score == 12.5  # (2/4)³ × 100


# --- unrated stages -----------------------------------------------------------------------------
def test_unrated_is_never_zero():
    scores = scored([{"importance": 5}, {"emotion": -2}, {}, {"importance": 4, "words": "hmm, so-so?"}])
    for sid in ("s0", "s1", "s2", "s3"):
        assert scores[sid].level == "unrated" and scores[sid].score is None and scores[sid].rank is None
        assert scores[sid].base_score is None
    assert scores["s0"].why == "no emotion score yet: unrated"
    assert scores["s1"].why == "no importance yet: unrated"
    assert scores["s2"].why == "no importance or emotion yet: unrated"
    assert scores["s3"].why == "no emotion score and none can be suggested from the words: unrated"
    assert scores["s3"].emotion is None and not scores["s3"].suggested


def test_map_without_rating_lanes_is_all_unrated():
    doc = make_map_dict(lanes=[{"key": "goals", "label": "Goals", "type": "text"}])
    for s in doc["stages"]:
        s["values"] = {}
    assert {s.level for s in score_map(map_from_dict(doc))} == {"unrated"}
    assert top_bottleneck(map_from_dict(doc)) is None
    assert funnel(map_from_dict(doc)) == []


# --- the SaaS demo from the seed ----------------------------------------------------------------
@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("method", ["priority", "opportunity"])
def test_saas_demo_stage_two_is_the_critical_bottleneck(language, method):
    m = load_template("saas_demo", language)
    m = m.model_copy(update={"scoring": m.scoring.model_copy(update={"method": method})})
    scores = score_map(m)
    assert scores[0].stage_id == m.stages[1].id
    assert scores[0].level == "critical" and scores[0].rank == 1 and scores[0].score == 100.0
    assert (scores[0].importance, scores[0].emotion) == (5, -2)
    onboarding = next(s for s in scores if s.stage_id == m.stages[3].id)
    assert onboarding.emotion == 2 and onboarding.level != "critical"
    assert top_bottleneck(m).stage_id == m.stages[1].id
    assert {s.method for s in scores} == {method}


def test_saas_demo_priority_table_and_why_lines():
    scores = score_map(load_template("saas_demo", "en"))
    assert [(s.importance, s.emotion, s.score, s.level) for s in scores] == [
        (5, -2, 100.0, "critical"), (3, -1, 45.0, "warning"), (4, 1, 20.0, "ok"), (5, 2, 0.0, "ok")]
    assert scores[0].why == "importance 5/5 and emotion 😡 −2: strongest pain where it matters most → critical"
    assert scores[3].why == "importance 5/5 and emotion 🤩 +2: customers are delighted: keep it up → ok"
    assert all(s.raw is None and s.votes == 0 and not s.suggested and s.customers is None for s in scores)
    ru = score_map(load_template("saas_demo", "ru"))
    assert ru[0].stage == "Рассмотрение вариантов"
    assert ru[0].why == "важность 5/5 и эмоция 😡 −2: самая сильная боль там, где важнее всего → критично"


def test_saas_demo_opportunity_reports_raw_and_normalized():
    m = load_template("saas_demo", "en")
    m = m.model_copy(update={"scoring": ScoringSettings(method="opportunity")})
    scores = score_map(m)
    assert [(s.stage_id, s.raw, s.score, s.level) for s in scores] == [
        ("options", 9, 100.0, "critical"), ("onboarding", 5, 50.0, "warning"), ("need", 4, 37.5, "ok"),
        ("purchase", 4, 37.5, "ok")]
    assert scores[0].why.endswith("strongest pain where it matters most, opportunity 9 of 9 → critical")


# --- the funnel ---------------------------------------------------------------------------------
def test_funnel_conversion_and_drop_off_raise_the_stage_before_the_drop():
    scores = scored([{"importance": 3, "emotion": 0, "metrics": 1000},   # 30 → 30 + 0.5 × 0.6 × 70 = 51
                     {"importance": 3, "emotion": 0, "metrics": 400},    # 400 → 400: no drop-off
                     {"importance": 3, "emotion": 0, "metrics": 400}])   # last stage: no next stage
    first, second, last = scores["s0"], scores["s1"], scores["s2"]
    assert (first.customers, first.conversion, first.drop_off) == (1000, 0.4, 0.6)
    assert (first.base_score, first.score, first.level, first.rank) == (30.0, 51.0, "warning", 1)
    assert first.why == ("importance 3/5 and emotion 😐 0: neutral at a stage of medium importance, "
                         "60% drop off before the next stage → warning")
    assert (second.conversion, second.drop_off, second.score) == (1.0, 0.0, 30.0)
    assert (last.conversion, last.drop_off, last.score, last.funnel_note) == (None, None, 30.0, None)


def test_funnel_weight_zero_switches_the_rule_off():
    scores = scored([{"importance": 3, "emotion": 0, "metrics": 1000}, {"importance": 3, "emotion": 0, "metrics": 1}],
                    funnel_weight=0)
    assert scores["s0"].score == 30.0 and scores["s0"].drop_off == 0.999 and "drop off" not in scores["s0"].why


def test_growing_counts_and_zero_customers_are_reported_not_errors():
    scores = scored([{"importance": 3, "emotion": 0, "metrics": 50},
                     {"importance": 3, "emotion": 0, "metrics": 60},   # grew: a note, and no boost for s0
                     {"importance": 3, "emotion": 0, "metrics": 0},    # 60 → 0: everyone lost
                     {"importance": 3, "emotion": 0, "metrics": 10},   # 0 customers at s2: no data; s3 grew
                     {"importance": 3, "emotion": 0}])                 # no count: no data
    s0, s1, s2, s3, s4 = (scores[f"s{i}"] for i in range(5))
    assert (s0.conversion, s0.drop_off, s0.score, s0.funnel_note) == (None, None, 30.0, None)
    assert s1.funnel_note == "more customers than the previous stage: check the numbers"
    assert (s1.conversion, s1.drop_off, s1.score) == (0.0, 1.0, 65.0)  # 30 + 0.5 × 1 × 70
    assert (s2.conversion, s2.drop_off, s2.score) == (None, None, 30.0)
    assert s2.funnel_note == "no customers at this stage: conversion — no data"
    assert s3.funnel_note == "more customers than the previous stage: check the numbers"
    assert (s3.conversion, s4.customers, s4.conversion) == (None, None, None)


def test_funnel_notes_follow_the_map_language():
    doc = make_map_dict(language="ru", stages=[stage(metrics=5, sid="a"), stage(metrics=9, sid="b"),
                                               stage(metrics=0, sid="c")])
    steps = funnel(map_from_dict(doc))
    assert [s.note for s in steps] == [None, "клиентов больше, чем на предыдущем этапе: проверьте числа",
                                       "на этапе нет клиентов: конверсия — нет данных"]


def test_funnel_steps_for_charts_from_the_clothing_map():
    m = load_template("clothing_abandoned_cart", "en")
    steps = funnel(m)
    assert [s.customers for s in steps] == [1000, 420, 260, 180, 110, 35]
    assert [s.conversion for s in steps] == [0.42, 0.619, 0.6923, 0.6111, 0.3182, None]
    assert [s.drop_off for s in steps] == [0.58, 0.381, 0.3077, 0.3889, 0.6818, None]
    assert all(s.note is None for s in steps)
    assert json.loads(json.dumps(steps[0].as_json()))["conversion"] == 0.42
    scores = score_map(m)
    assert scores[0].stage_id == "cart" and scores[0].level == "critical"
    purchase = next(s for s in scores if s.stage_id == "purchase")  # 4/5, 😐 0: 40, 68% lost after it
    assert (purchase.base_score, purchase.score, purchase.level) == (40.0, 60.5, "warning")


def test_unrated_stage_still_reports_its_funnel():
    scores = scored([{"metrics": 100}, {"importance": 5, "emotion": -2, "metrics": 20}])
    assert scores["s0"].level == "unrated" and (scores["s0"].customers, scores["s0"].conversion) == (100, 0.2)


def test_only_the_standard_metrics_lane_is_a_funnel():
    doc = make_map_dict(lanes=[{"key": "importance", "label": "I", "type": "importance"},
                               {"key": "emotion", "label": "E", "type": "emotion"},
                               {"key": "budget", "label": "Budget", "type": "number"}],
                        stages=[{"id": "a", "name": "A", "values": {"importance": 3, "emotion": 0, "budget": 100}},
                                {"id": "b", "name": "B", "values": {"importance": 3, "emotion": 0, "budget": 1}}])
    m = map_from_dict(doc)
    assert funnel(m) == [] and {s.score for s in score_map(m)} == {30.0}


# --- votes --------------------------------------------------------------------------------------
def test_votes_use_their_mean_and_report_the_spread():
    votes = [{"participant": "Анна", "importance": 5, "emotion": -2},
             {"participant": "Boris", "importance": 4, "emotion": -1},
             {"participant": "Chen", "importance": 4}]
    scores = scored([{"importance": 1, "emotion": 2, "votes": votes}])
    s = scores["s0"]
    assert (s.importance, s.emotion, s.votes) == (4.33, -1.5, 3)
    assert (s.importance_spread, s.emotion_spread) == (0.47, 0.5)
    assert s.score == priority(13 / 3, -1.5) == 75.8
    assert s.why == ("importance 4.33/5 ±0.47 and emotion 😡 −1.5 ±0.5 (mean of 3 votes): "
                     "strong pain at an important stage → critical")


def test_votes_of_one_kind_leave_the_other_to_the_cell():
    scores = scored([{"importance": 2, "emotion": 0, "votes": [{"participant": "a", "emotion": -2},
                                                               {"participant": "b", "emotion": -2}]},
                     {"votes": [{"participant": "a", "importance": 5}]}])
    assert (scores["s0"].importance, scores["s0"].emotion, scores["s0"].score) == (2, -2.0, 40.0)
    assert (scores["s0"].importance_spread, scores["s0"].emotion_spread) == (None, 0.0)
    assert scores["s1"].level == "unrated" and scores["s1"].importance == 5.0 and scores["s1"].votes == 1


def test_votes_why_line_in_russian_uses_decimal_commas():
    doc = make_map_dict(language="ru", stages=[stage(votes=[{"participant": "a", "importance": 5, "emotion": -1},
                                                            {"participant": "b", "importance": 4, "emotion": -2}],
                                                     sid="a", name="А")])
    why = score_map(map_from_dict(doc))[0].why
    assert why == ("важность 4,5/5 ±0,5 и эмоция 😡 −1,5 ±0,5 (среднее по 2 голосам): "
                   "самая сильная боль там, где важнее всего → критично")


# --- suggestions from emotion words -------------------------------------------------------------
def test_words_without_a_score_get_a_suggested_score():
    scores = scored([{"importance": 5, "words": "Раздражение, Критическая Боль"},
                     {"importance": 5, "emotion": 1, "words": "Раздражение"},  # a person's score wins
                     {"importance": 5, "words": "frustrated, confused"}])
    assert (scores["s0"].emotion, scores["s0"].suggested, scores["s0"].score) == (-2, True, 100.0)
    assert scores["s0"].why == ("importance 5/5 and emotion 😡 −2 (suggested from the words): "
                                "strongest pain where it matters most → critical")
    assert (scores["s1"].emotion, scores["s1"].suggested) == (1, False)
    assert (scores["s2"].emotion, scores["s2"].suggested) == (-2, True)


def test_suggested_score_in_a_russian_map():
    doc = make_map_dict(language="ru", stages=[stage(importance=3, words="не доволен", sid="a", name="А")])
    s = score_map(map_from_dict(doc))[0]
    assert (s.emotion, s.suggested, s.score) == (-1, True, 45.0)
    assert s.why == "важность 3/5 и эмоция 😞 −1 (предложена по словам): негатив на этапе средней важности → внимание"


def test_emotion_votes_win_over_a_suggestion():
    scores = scored([{"importance": 5, "words": "delighted", "votes": [{"participant": "a", "emotion": -2}]}])
    assert (scores["s0"].emotion, scores["s0"].suggested) == (-2.0, False)


def test_unrated_stage_shows_its_suggestion():
    s = scored([{"words": "раздражён"}])["s0"]
    assert s.level == "unrated" and s.emotion == -1 and s.suggested and s.why == "no importance yet: unrated"


# --- output -------------------------------------------------------------------------------------
def test_as_json_keeps_the_v1_keys_and_adds_the_new_ones():
    row = score_map(map_from_dict(make_map_dict()))[0].as_json()
    assert list(row)[:7] == ["stage_id", "stage", "importance", "emotion", "score", "level", "rank"]
    assert {"method", "raw", "base_score", "why", "suggested", "importance_spread", "emotion_spread", "votes",
            "customers", "conversion", "drop_off", "funnel_note"} <= set(row)
    assert json.loads(json.dumps(row, ensure_ascii=False)) == row


def test_scoring_a_thousand_stages_is_fast():
    """A smoke check with a generous bound; the real figure is in bench/bench_core.py."""
    # 1,000 stages is twice the map limit: built unchecked to show scoring has headroom.
    base = map_from_dict(make_map_dict())
    stages = [Stage.model_construct(
        id=f"s{i}", name=f"S{i}",
        values={"importance": 1 + i % 5, "metrics": 10_000 - i * 7 if i % 11 else 10_000 - i,
                "emotion": {"score": None if i % 7 == 0 else (i // 5) % 5 - 2, "words": "frustrated, confused"}},
        votes=[Vote(participant="p", importance=5, emotion=-2)] if i % 10 == 0 else [])
        for i in range(1000)]
    m = base.model_copy(update={"stages": stages})
    start = time.perf_counter()
    scores = score_map(m)
    assert len(scores) == 1000 and scores[0].score == 100.0
    assert time.perf_counter() - start < 1.0
