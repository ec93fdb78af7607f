"""Scoring (version 2): which stages hurt most where it matters most, and why.

Every formula here is documented in the README ("Scoring") and in docs/file-format.md.
Inputs of a stage: importance ``I`` (1…5) and emotion ``E`` (−2…+2). When the stage has
workshop votes, ``I`` (resp. ``E``) is the mean of the votes that give one, else the cell.
An emotion cell with words but no score gets a score suggested by :mod:`cjm.lexicon`
(``suggested=True``). Settings ``wi``/``we`` are the importance/emotion weights (0.1…3),
``f`` the funnel weight (0…1).

* ``priority`` (default): ``100 × (I/5)^wi × ((2 − E)/4)^we`` — with weights 1 this is the
  v1 formula ``I/5 × (2 − E)/4 × 100``.
* ``opportunity``: satisfaction ``S = E + 3`` (1…5), raw ``O = I + max(I − S, 0)`` (1…9, the
  outcome-driven opportunity score, weights do not enter it); the 0…100 score used for levels
  and ranks is ``100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))`` — with weights 1 it is
  ``(O − 1) / 8 × 100``.
* Funnel: with customer counts in the standard ``metrics`` lane, ``drop_off = 1 − next/this``
  raises the stage's score toward 100: ``score = base + f × drop_off × (100 − base)``.
  More customers at the next stage than at this one: no boost, and the next stage gets a note;
  0 customers: conversion "no data".

* Evidence (option ``weigh_by_evidence``, off by default): the score after the funnel rule is multiplied by
  the stage's confidence, the lower of its importance's and emotion's (assumption 0.5, partly backed 0.8,
  validated or unmarked 1.0; :mod:`cjm.evidence`, the one home of the rule). Off, marks change no score; a
  bottleneck whose importance or emotion is an assumption says so in its why either way.

Levels, and which of them are bottlenecks, are decided in :mod:`cjm.levels` (one home); a stage
without importance or emotion is ``unrated``: no score (never 0), listed after the scored stages.
Ranks go from 1 (the top bottleneck) down; ties keep the stages' order.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from . import evidence, levels, numbers
from .i18n import t
from .lanes import LaneType
from .lexicon import suggest
from .model import METRICS_KEY, Lane, Map, ScoringSettings


@dataclass(frozen=True, slots=True)
class StageScore:
    """One stage's result. ``importance``/``emotion`` are means (2 decimals) when they come from votes."""

    stage_id: str
    stage: str
    importance: float | None
    emotion: float | None
    score: float | None  # 0…100, one decimal; None when unrated
    level: str
    rank: int | None
    method: str = "priority"
    raw: float | None = None  # the opportunity method's raw score, 1…9 (None for priority)
    base_score: float | None = None  # the score before the funnel rule
    why: str = ""  # one line in the map's language
    suggested: bool = False  # the emotion was suggested from the words, not given by a person
    importance_spread: float | None = None  # population standard deviation of the votes
    emotion_spread: float | None = None
    votes: int = 0
    customers: float | None = None  # the stage's count in the ``metrics`` lane
    conversion: float | None = None  # to the next stage, 0…1; None: no data
    drop_off: float | None = None  # 1 − conversion
    funnel_note: str | None = None  # e.g. "more customers than the previous stage: check the numbers"
    confidence: float | None = None  # of the importance and emotion, 0.5…1 (cjm/evidence.py); None when unrated
    unweighted_score: float | None = None  # the score before the evidence weighting (= score when it is off)
    assumed: tuple[str, ...] = ()  # "importance" and/or "emotion" when marked as assumptions

    def as_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["assumed"] = list(self.assumed)
        return row


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """One stage of the funnel, for charts: customers, conversion to the next stage, drop-off."""

    stage_id: str
    stage: str
    customers: float | None
    conversion: float | None
    drop_off: float | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# --- formulas ----------------------------------------------------------------------------------
def priority(importance: float, emotion: float, importance_weight: float = 1.0, emotion_weight: float = 1.0) -> float:
    """The priority of one stage, 0…100, rounded to one decimal."""
    return round(_priority(importance, emotion, importance_weight, emotion_weight), 1)


def _priority(importance: float, emotion: float, wi: float, we: float) -> float:
    i = importance / 5
    e = (2 - emotion) / 4
    if wi != 1:
        i **= wi
    if we != 1:
        e **= we
    return 100 * i * e


def satisfaction(emotion: float) -> float:
    """Emotion −2…+2 on the 1…5 satisfaction scale of the opportunity score."""
    return emotion + 3


def opportunity(importance: float, emotion: float) -> float:
    """The raw opportunity score: importance + max(importance − satisfaction, 0), 1…9."""
    return importance + max(importance - satisfaction(emotion), 0)


def opportunity_score(importance: float, emotion: float, importance_weight: float = 1.0,
                      emotion_weight: float = 1.0) -> float:
    """The opportunity on 0…100 (used for levels and ranks), rounded to one decimal."""
    return round(_opportunity_score(importance, emotion, importance_weight, emotion_weight), 1)


def _opportunity_score(importance: float, emotion: float, wi: float, we: float) -> float:
    gap = importance - emotion - 3
    return 100 * (wi * (importance - 1) + we * (gap if gap > 0 else 0)) / (4 * (wi + we))


def funnel_boost(base: float, drop_off: float | None, funnel_weight: float) -> float:
    """``base`` raised toward 100 by the drop-off into the next stage: base + f × drop_off × (100 − base)."""
    if not drop_off or drop_off <= 0 or funnel_weight <= 0:
        return base
    return base + funnel_weight * drop_off * (100 - base)


def level_for(score: float | None, settings: ScoringSettings) -> str:
    """The level of ``score`` under the map's thresholds (the rule is :func:`cjm.levels.level_for`)."""
    return levels.level_for(score, settings.critical_at, settings.warning_at)


# --- the funnel --------------------------------------------------------------------------------
def _counts(m: Map) -> list[float | None] | None:
    lane = m.lane(METRICS_KEY)
    if lane is None or lane.type is not LaneType.NUMBER:
        return None
    return [stage.values.get(METRICS_KEY) for stage in m.stages]


def _funnel(counts: list[float | None], language: str) -> list[tuple[Any, ...]]:
    """(conversion, drop-off, note, exact drop-off) of each stage from the customer counts.

    Conversion and drop-off are rounded to 4 decimals; None when there is no data: no count here or at
    the next stage, 0 customers here, more customers at the next stage (that stage gets a note), last stage.
    """
    out: list[tuple[Any, ...]] = []
    last = len(counts) - 1
    grew = zero = None
    for k, here in enumerate(counts):
        note = conversion = drop_off = exact = None
        if here is not None:
            before = counts[k - 1] if k else None
            if here == 0:
                note = zero = zero or t("funnel.zero", language)
            elif before is not None and here > before:
                note = grew = grew or t("funnel.grew", language)
            after = counts[k + 1] if k < last else None
            if here > 0 and after is not None and after <= here:
                exact = 1 - after / here
                conversion, drop_off = round(after / here, 4), round(exact, 4)
        out.append((conversion, drop_off, note, exact))
    return out


def funnel(m: Map) -> list[FunnelStep]:
    """Customers, conversion to the next stage and drop-off of each stage; [] without a ``metrics`` lane."""
    counts = _counts(m)
    if counts is None:
        return []
    return [
        FunnelStep(stage.id, stage.name, customers, conversion, drop_off, note)
        for stage, customers, (conversion, drop_off, note, _) in zip(
            m.stages, counts, _funnel(counts, m.language), strict=True)
    ]


# --- the map -----------------------------------------------------------------------------------
def _mean_spread(values: list[int]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    return mean, round(spread, 2)


def importance_lane(m: Map) -> Lane | None:
    """The lane scoring reads importance from: the first of importance type, whatever its key."""
    return m.first_lane_of(LaneType.IMPORTANCE)


def emotion_lane(m: Map) -> Lane | None:
    """The lane scoring reads emotion from: the first of emotion type, whatever its key."""
    return m.first_lane_of(LaneType.EMOTION)


def score_map(m: Map) -> list[StageScore]:
    """Every stage's score, ranked: the top bottleneck first, unrated stages last."""
    importance_lane_ = importance_lane(m)
    emotion_lane_ = emotion_lane(m)
    importance_key = importance_lane_.key if importance_lane_ else None  # values.get(None) is None
    emotion_key = emotion_lane_.key if emotion_lane_ else None
    settings = m.scoring
    language = m.language
    method = settings.method
    opportunity_method = method == "opportunity"
    wi, we, fw = settings.importance_weight, settings.emotion_weight, settings.funnel_weight
    formula = _opportunity_score if opportunity_method else _priority
    critical_at, warning_at = settings.critical_at, settings.warning_at
    weigh = settings.weigh_by_evidence
    counts = _counts(m)
    steps = _funnel(counts, language) if counts is not None else None
    no_funnel = (None, None, None, None)

    rated: list[tuple[float, tuple[Any, ...], tuple[Any, ...]]] = []
    unrated: list[StageScore] = []
    for position, stage in enumerate(m.stages):
        values = stage.values
        importance = values.get(importance_key)
        emotion_cell = values.get(emotion_key)
        emotion = emotion_cell["score"] if emotion_cell else None
        importance_spread = emotion_spread = None
        suggested = words_unknown = False
        votes = stage.votes
        if votes:
            given = [v.importance for v in votes if v.importance is not None]
            if given:
                importance, importance_spread = _mean_spread(given)
            given = [v.emotion for v in votes if v.emotion is not None]
            if given:
                emotion, emotion_spread = _mean_spread(given)
        if emotion is None and emotion_cell and emotion_cell["words"]:
            suggestion = suggest(emotion_cell["words"])
            if suggestion is None:
                words_unknown = True
            else:
                emotion, suggested = suggestion.score, True
        shown_importance = importance if importance_spread is None else round(importance, 2)
        shown_emotion = emotion if emotion_spread is None else round(emotion, 2)
        customers = counts[position] if counts is not None else None
        conversion, drop_off, note, exact_drop_off = steps[position] if steps is not None else no_funnel
        if importance is None or emotion is None:
            why = _why_unrated(language, importance is None, emotion is None, words_unknown)
            unrated.append(StageScore(
                stage.id, stage.name, shown_importance, shown_emotion, None, levels.UNRATED, None, method, None, None,
                why, suggested, importance_spread, emotion_spread, len(votes), customers, conversion, drop_off, note))
            continue
        base = formula(importance, emotion, wi, we)
        boosted = funnel_boost(base, exact_drop_off, fw)
        unweighted = round(boosted, 1)
        confidence = evidence.confidence(stage, m) if stage.evidence else evidence.UNMARKED_CONFIDENCE
        assumed = evidence.assumed(stage, m) if stage.evidence else ()
        score = round(boosted * confidence, 1) if weigh and confidence != 1 else unweighted
        raw = round(opportunity(importance, emotion), 2) if opportunity_method else None
        level = levels.level_for(score, critical_at, warning_at)
        why = _why(language, shown_importance, shown_emotion, importance_spread, emotion_spread,
                   len(votes) if importance_spread is not None or emotion_spread is not None else 0,
                   suggested, raw, round(exact_drop_off * 100) if exact_drop_off and fw else 0, level)
        if assumed or (weigh and confidence != 1):
            why = _why_evidence(language, why, assumed if levels.is_bottleneck(level) else (),
                                confidence if weigh else 1.0)
        rated.append((score, (stage.id, stage.name, shown_importance, shown_emotion, score, level),
                      (method, raw, round(base, 1), why, suggested, importance_spread, emotion_spread, len(votes),
                       customers, conversion, drop_off, note, confidence, unweighted, assumed)))
    rated.sort(key=_first, reverse=True)  # stable: ties keep the stages' order
    ranked = [StageScore(*head, rank, *tail) for rank, (_, head, tail) in enumerate(rated, start=1)]
    return ranked + unrated


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def top_bottleneck(m: Map, scores: list[StageScore] | None = None) -> StageScore | None:
    """The highest-priority stage if its level is a bottleneck (:func:`cjm.levels.is_bottleneck`), else None."""
    scores = score_map(m) if scores is None else scores
    if scores and levels.is_bottleneck(scores[0].level):
        return scores[0]
    return None


def bottlenecks(scores: list[StageScore]) -> list[StageScore]:
    """The ranked stages whose level is a bottleneck, top first: what to fix first."""
    return [s for s in scores if s.rank is not None and levels.is_bottleneck(s.level)]


# --- why ---------------------------------------------------------------------------------------
def number(value: float, language: str) -> str:
    """4 → '4', 4.333 → '4.33' ('4,33' in Russian): :func:`cjm.numbers.number`, the one home of the format."""
    return numbers.number(value, language)


def _reading(importance: float, emotion: float) -> str:
    """The key of the plain-words reading: emotion band × importance band (high ≥ 3.5, mid ≥ 2.5)."""
    if emotion >= 1.5:
        return "delight"
    if emotion > 0.5:
        return "pos"
    if emotion <= -1.5 and importance >= 4.5:
        return "strongest"
    feeling = "vneg" if emotion <= -1.5 else ("neg" if emotion < -0.5 else "neutral")
    where = "high" if importance >= 3.5 else ("mid" if importance >= 2.5 else "low")
    return f"{feeling}_{where}"


@lru_cache(maxsize=4096)
def _why(language: str, importance: float, emotion: float, importance_spread: float | None,
         emotion_spread: float | None, votes: int, suggested: bool, raw: float | None, percent: int,
         level: str) -> str:
    """The why-line; ``percent`` is the drop-off into the next stage that raised the score (0: none)."""
    shown_importance = number(importance, language) + "/5"
    if importance_spread is not None:
        shown_importance += f" ±{number(importance_spread, language)}"
    shown_emotion = numbers.emotion(emotion, language)
    if emotion_spread is not None:
        shown_emotion += f" ±{number(emotion_spread, language)}"
    if suggested:
        shown_emotion = t("why.suggested", language, emotion=shown_emotion)
    inputs = t("why.inputs", language, importance=shown_importance, emotion=shown_emotion)
    if votes:
        inputs = t("why.votes", language, inputs=inputs, count=votes)
    reading = t("why.reading." + _reading(importance, emotion), language)
    if raw is not None:
        reading = t("why.opportunity", language, reading=reading, raw=number(raw, language))
    if percent:
        reading = t("why.funnel", language, reading=reading, percent=percent)
    return t("why.line", language, inputs=inputs, reading=reading, level=levels.word(level, language))


def _why_evidence(language: str, why: str, assumed: tuple[str, ...], confidence: float) -> str:
    """The why-line with what the evidence adds: the weighting applied (``confidence`` < 1) and the inputs that
    are assumptions (given for bottlenecks only: "importance is an assumption")."""
    notes = []
    if confidence != 1:
        notes.append(t("evidence.why.weighed", language, confidence=number(confidence, language)))
    if assumed:
        notes.append(t("evidence.why.assumed." + "_".join(assumed), language))
    if not notes:
        return why
    return t("evidence.why.line", language, line=why, notes="; ".join(notes))


def _why_unrated(language: str, no_importance: bool, no_emotion: bool, words_unknown: bool) -> str:
    if no_importance and no_emotion:
        return t("why.unrated.both", language)
    if no_importance:
        return t("why.unrated.importance", language)
    return t("why.unrated.words" if words_unknown else "why.unrated.emotion", language)
