"""The journey-map model: a Map has ordered lanes (rows) and ordered stages (columns).

Everything that enters the core becomes a :class:`Map` through :func:`Map.model_validate`,
which checks the structure (pydantic) and then every cell against its lane
(:mod:`cjm.validation`). A Map that exists is valid.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import limits
from .actions import MAX_ACTIONS, Effort, Status
from .errors import MapValidationError, Phrase
from .evidence import Evidence
from .lanes import LaneType
from .numbers import Number, Whole
from .validation import (
    EMOTION_MAX,
    EMOTION_MIN,
    EMPTY,
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    CellError,
    Refused,
    check_storable,
    normalize,
    problem_of,
    show,
    shown,
    whole_number,
)

SCHEMA_VERSION = 2  # 2: phases, evidence marks, actions (all optional; a version-1 file reads as is)

#: The standard lane of funnel counts: customers reaching each stage (never negative).
METRICS_KEY = "metrics"
MAX_VOTES = 1_000  # votes a stage
MAX_PARTICIPANT_CHARS = 100
MAX_NOTE_CHARS = 1_000  # a workshop note
MAX_WORKSHOP_NOTES = 10_000  # notes kept in one workshop record
MAX_WORKSHOPS = 100  # workshop records a map keeps
MAX_PHASES = 50  # phases (stage groups) a map has
WEIGHT_MIN, WEIGHT_MAX = 0.1, 3.0  # importance and emotion weights
FUNNEL_WEIGHT_MIN, FUNNEL_WEIGHT_MAX = 0, 1
THRESHOLD_MIN, THRESHOLD_MAX = 0, 100  # level thresholds, on the 0…100 score

Kind = Literal["b2c", "b2b", "custom"]
KINDS: tuple[str, ...] = get_args(Kind)
Method = Literal["priority", "opportunity"]  # scoring methods (formulas: cjm/scoring.py)
METHODS: tuple[str, ...] = get_args(Method)
Language = Literal["ru", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)

_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
_LANE_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


def new_id() -> str:
    return uuid.uuid4().hex


def new_stage_id() -> str:
    return "s" + uuid.uuid4().hex[:10]


def now() -> datetime:
    return datetime.now(UTC)


def _name(value: str, what: str, limit: int) -> str:
    """``value`` if it is a name that is not blank and fits ``limit``; ``what`` names it (an "err.what." key)."""
    if not value.strip():
        raise Refused(Phrase("err.name.missing", what=Phrase(what)))
    if len(value) > limit:
        raise Refused(Phrase("err.name.too_long", what=Phrase(what), count=Whole(len(value)),
                             limit=Whole(limit)))
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        """Every text field of every part of a map (titles, names, labels, options, workshop names and notes)
        holds only text that can be stored (:func:`cjm.validation.check_storable`); cells are checked by
        :func:`cjm.validation.normalize`."""
        if isinstance(value, str):
            check_storable(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    check_storable(item)
        return value


class Lane(_Strict):
    """A row of the map: what every stage records."""

    key: str = Field(pattern=_LANE_KEY_PATTERN, description="Stable key: lowercase letters, digits, _")
    label: str = Field(description="What people see, in the map's language")
    type: LaneType
    options: list[str] = Field(default_factory=list, description="Allowed values of a choice lane")
    hidden: bool = False

    @field_validator("label")
    @classmethod
    def _label(cls, value: str) -> str:
        return _name(value, "err.what.label", limits.MAX_LABEL_CHARS)

    @model_validator(mode="after")
    def _options(self) -> Lane:
        if self.type is LaneType.CHOICE:
            if not self.options:
                raise Refused(Phrase("err.options.none"))
            if len(self.options) > limits.MAX_OPTIONS:
                raise Refused(Phrase("err.options.limit", limit=limits.MAX_OPTIONS))
            if len(set(self.options)) != len(self.options):
                raise Refused(Phrase("err.options.repeat"))
            for option in self.options:
                _name(option, "err.what.option", limits.MAX_LABEL_CHARS)
        elif self.options:
            raise Refused(Phrase("err.options.not_choice", type=self.type.value))
        return self


def _whole(value: Any, low: int, high: int, expected: Phrase) -> Any:
    """A whole number ``low``…``high`` (5.0 is 5; booleans and text are refused), or None."""
    if value is None:
        return None
    number = whole_number(value)
    if number is None or not low <= number <= high:
        raise CellError(expected, value)
    return number


class Vote(_Strict):
    """One participant's rating of a stage (workshop votes): importance, emotion or both."""

    participant: str = Field(min_length=1, max_length=MAX_PARTICIPANT_CHARS, description="Who voted")
    importance: int | None = Field(None, ge=IMPORTANCE_MIN, le=IMPORTANCE_MAX, description="1…5, or null")
    emotion: int | None = Field(None, ge=EMOTION_MIN, le=EMOTION_MAX, description="−2…+2, or null")

    @field_validator("participant", mode="before")
    @classmethod
    def _participant(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _name(value, "err.what.participant", MAX_PARTICIPANT_CHARS)
        return value

    @field_validator("importance", mode="before")
    @classmethod
    def _importance(cls, value: Any) -> Any:
        return _whole(value, IMPORTANCE_MIN, IMPORTANCE_MAX, Phrase("err.cell.importance_vote"))

    @field_validator("emotion", mode="before")
    @classmethod
    def _emotion(cls, value: Any) -> Any:
        return _whole(value, EMOTION_MIN, EMOTION_MAX, Phrase("err.cell.emotion_score"))

    @model_validator(mode="after")
    def _something(self) -> Vote:
        if self.importance is None and self.emotion is None:
            raise ValueError("a vote needs an importance, an emotion or both")
        return self


class Stage(_Strict):
    """A column of the map: one step of the journey, with a value per lane."""

    id: str = Field(default_factory=new_stage_id, pattern=_ID_PATTERN)
    name: str
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="Lane key -> value in the lane type's canonical form; empty cells are absent",
    )
    votes: list[Vote] = Field(
        default_factory=list,
        max_length=MAX_VOTES,
        exclude_if=lambda votes: not votes,  # a stage without votes is saved as before
        description=f"Participants' ratings (at most {MAX_VOTES:,}); scoring uses their mean",
    )

    evidence: dict[str, Evidence] = Field(
        default_factory=dict,
        exclude_if=lambda evidence: not evidence,  # a stage without marks is saved as before
        description="Lane key -> how well the value is backed: assumption, partly (backed) or validated; "
                    "an unmarked value is absent (cjm/evidence.py)",
    )

    @field_validator("name")
    @classmethod
    def _stage_name(cls, value: str) -> str:
        return _name(value, "err.what.stage_name", limits.MAX_LABEL_CHARS)

    @field_validator("votes", mode="before")
    @classmethod
    def _votes_limit(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_VOTES:
            raise ValueError(f"a stage has at most {MAX_VOTES:,} votes, got {len(value):,}")
        return value


class WorkshopNote(_Strict):
    """A note a participant added in a workshop, as accepted into the map."""

    id: str = Field(pattern=_ID_PATTERN, description="The note's id in the room (accepting again skips it)")
    stage_id: str = Field(pattern=_ID_PATTERN)
    lane: str = Field(pattern=_LANE_KEY_PATTERN, description="The lane the note went into")
    text: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    participant: str = Field(min_length=1, max_length=MAX_PARTICIPANT_CHARS)


class Workshop(_Strict):
    """What a workshop room gave the map when it was accepted (votes themselves are in ``Stage.votes``)."""

    code: str = Field(pattern=r"^[A-Z0-9]{4,12}$", description="The room's join code")
    opened: datetime
    accepted: datetime
    participants: list[str] = Field(default_factory=list, max_length=MAX_VOTES,
                                    description="Display names of everyone who joined")
    notes: list[WorkshopNote] = Field(default_factory=list, max_length=MAX_WORKSHOP_NOTES)

    @field_validator("opened", "accepted")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class Phase(_Strict):
    """A group of neighbouring stages (before / during / after…), shown as a band above them."""

    id: str = Field(default_factory=new_id, pattern=_ID_PATTERN)
    name: str
    stages: list[str] = Field(default_factory=list, description="Ids of the phase's stages, in map order")

    @field_validator("name")
    @classmethod
    def _phase_name(cls, value: str) -> str:
        return _name(value, "err.what.phase_name", limits.MAX_LABEL_CHARS)


class Action(_Strict):
    """What the team will do about a stage: a recommendation with an owner, a due date, a status and an effort."""

    id: str = Field(default_factory=new_id, pattern=_ID_PATTERN)
    title: str = Field(description="What will be done")
    stage_id: str | None = Field(None, pattern=_ID_PATTERN, description="The stage it is about, or null")
    owner: str = Field("", max_length=limits.MAX_LABEL_CHARS, description="Who does it")
    due: date | None = Field(None, description="By when, YYYY-MM-DD, or null")
    status: Status = "open"
    effort: Effort | None = Field(None, description="S, M or L, or null")
    notes: str = Field("", max_length=limits.MAX_CELL_CHARS)

    @field_validator("title")
    @classmethod
    def _action_title(cls, value: str) -> str:
        return _name(value, "err.what.action", limits.MAX_CELL_CHARS)


def _weight(value: Any, what: str, low: float, high: float) -> Any:
    """Refuse a number out of ``low``…``high`` with a message naming the setting (types: pydantic)."""
    if isinstance(value, bool) or (isinstance(value, (int, float)) and not low <= value <= high):
        raise ValueError(f"the {what} must be a number from {low:g} to {high:g}, got {show(value)}")
    return value


class ScoringSettings(_Strict):
    """How stages are scored: method, weights and level thresholds (formulas: docs/file-format.md)."""

    method: Method = Field(
        "priority",
        description="priority: importance/5 × (2 − emotion)/4 × 100; "
                    "opportunity: importance + max(importance − satisfaction, 0), shown on 0…100",
    )
    critical_at: float = Field(70, ge=THRESHOLD_MIN, le=THRESHOLD_MAX,
                               description="A score at or above this is critical")
    warning_at: float = Field(40, ge=THRESHOLD_MIN, le=THRESHOLD_MAX,
                              description="A score at or above this is a warning")
    importance_weight: float = Field(
        1.0, ge=WEIGHT_MIN, le=WEIGHT_MAX, description="How much importance counts, 0.1…3 (1 = as documented)")
    emotion_weight: float = Field(
        1.0, ge=WEIGHT_MIN, le=WEIGHT_MAX, description="How much negative emotion counts, 0.1…3 (1 = as documented)")
    funnel_weight: float = Field(
        0.5, ge=FUNNEL_WEIGHT_MIN, le=FUNNEL_WEIGHT_MAX,
        description="How strongly the drop-off into the next stage raises a stage's score, 0…1")
    weigh_by_evidence: bool = Field(
        False, exclude_if=lambda on: not on,  # off is saved as before
        description="Multiply a stage's score by the confidence of its importance and emotion "
                           "(RICE-style: assumption 0.5, partly 0.8, validated or unmarked 1.0; cjm/evidence.py)")

    @field_validator("importance_weight", mode="before")
    @classmethod
    def _importance_weight(cls, value: Any) -> Any:
        return _weight(value, "importance weight", WEIGHT_MIN, WEIGHT_MAX)

    @field_validator("emotion_weight", mode="before")
    @classmethod
    def _emotion_weight(cls, value: Any) -> Any:
        return _weight(value, "emotion weight", WEIGHT_MIN, WEIGHT_MAX)

    @field_validator("funnel_weight", mode="before")
    @classmethod
    def _funnel_weight(cls, value: Any) -> Any:
        return _weight(value, "funnel weight", 0, 1)

    @model_validator(mode="after")
    def _order(self) -> ScoringSettings:
        if self.warning_at > self.critical_at:
            raise Refused(Phrase("err.scoring.thresholds", warning=Number(self.warning_at),
                                 critical=Number(self.critical_at)))
        return self


class Map(_Strict):
    """A customer journey map."""

    schema_version: int = Field(SCHEMA_VERSION, description="Version of this file format")
    id: str = Field(default_factory=new_id, pattern=_ID_PATTERN)
    title: str
    description: str = Field("", max_length=limits.MAX_CELL_CHARS)
    persona: str = Field("", max_length=limits.MAX_CELL_CHARS, description="Persona or segment")
    kind: Kind = "custom"
    cyclic: bool = Field(False, description="The journey loops back (B2C repeat purchase)")
    language: Language = "ru"
    lanes: list[Lane] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    workshops: list[Workshop] = Field(
        default_factory=list,
        max_length=MAX_WORKSHOPS,
        exclude_if=lambda workshops: not workshops,  # a map without workshops is saved as before
        description="Workshops accepted into this map, oldest first",
    )
    phases: list[Phase] = Field(
        default_factory=list,
        max_length=MAX_PHASES,
        exclude_if=lambda phases: not phases,
        description="Stage groups in order; a stage is in at most one phase, a phase's stages are neighbours",
    )
    actions: list[Action] = Field(
        default_factory=list,
        max_length=MAX_ACTIONS,
        exclude_if=lambda actions: not actions,
        description="The action plan, in the order the team keeps it",
    )
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _name(value, "err.what.title", limits.MAX_TITLE_CHARS)

    @field_validator("created", "updated")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @field_validator("schema_version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"this model is format version {SCHEMA_VERSION}, got {value}")
        return value

    @model_validator(mode="after")
    def _cells(self) -> Map:
        problems = map_problems(self)
        if problems:
            raise PydanticCustomError("map_rules", "{problem}",
                                      {"problem": MapValidationError(problems).message, "problems": problems})
        return self

    # --- look-ups -----------------------------------------------------------------------
    def lane(self, key: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.key == key), None)

    def first_lane_of(self, lane_type: LaneType) -> Lane | None:
        return next((lane for lane in self.lanes if lane.type is lane_type), None)

    def stage(self, stage_id: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.id == stage_id), None)


def _at_stage(stage: Stage) -> Phrase:
    """Where a stage's problem is ("stage «X»"): built only when there is a problem (a valid 200-stage map is
    checked twice on every edit, and 200 phrases built for nothing were a tenth of the check)."""
    return Phrase("err.where.stage", stage=shown(stage.name))


def map_problems(m: Map) -> list[str]:
    """Every rule the map breaks beyond its fields' own types (each a :class:`Phrase`); normalizes cells in
    place."""
    problems: list[str] = []
    if len(m.lanes) > limits.MAX_LANES:
        problems.append(Phrase("err.map.lanes_limit", count=len(m.lanes), limit=limits.MAX_LANES))
    if len(m.stages) > limits.MAX_STAGES:
        problems.append(Phrase("err.map.stages_limit", count=len(m.stages), limit=limits.MAX_STAGES))
    if problems:
        return problems
    lanes: dict[str, Lane] = {}
    for lane in m.lanes:
        if lane.key in lanes:
            problems.append(Phrase("err.map.lane_twice", lane_key=lane.key))
        lanes[lane.key] = lane
    seen_ids: set[str] = set()
    for stage in m.stages:
        if stage.id in seen_ids:
            problems.append(Phrase("err.map.stage_id_twice", where=_at_stage(stage), id=stage.id))
        seen_ids.add(stage.id)
        clean: dict[str, Any] = {}
        for key, value in stage.values.items():
            lane = lanes.get(key)
            if lane is None:
                problems.append(Phrase("err.map.not_a_lane", where=_at_stage(stage), lane_key=shown(key)))
                continue
            try:
                canonical = normalize(lane.type, value, lane.options)
                if key == METRICS_KEY and lane.type is LaneType.NUMBER and canonical is not EMPTY and canonical < 0:
                    raise CellError(Phrase("err.cell.customers"), value)
            except CellError as exc:
                problems.append(Phrase("err.map.cell", where=_at_stage(stage), lane=shown(lane.label),
                                       problem=problem_of(exc)))
                continue
            if canonical is not EMPTY:
                clean[key] = canonical
        stage.values = clean
        for key in stage.evidence:
            if key not in lanes:
                problems.append(Phrase("err.map.evidence_lane", where=_at_stage(stage), lane_key=shown(key)))
    problems.extend(_phase_problems(m, seen_ids))
    action_ids: set[str] = set()
    for action in m.actions:
        where = Phrase("err.where.action", action=shown(action.title))
        if action.id in action_ids:
            problems.append(Phrase("err.map.action_id_twice", where=where, id=action.id))
        action_ids.add(action.id)
        if action.stage_id is not None and action.stage_id not in seen_ids:
            problems.append(Phrase("err.map.stage_unknown", where=where, id=action.stage_id))
    return problems


def _phase_problems(m: Map, stage_ids: set[str]) -> list[str]:
    """Phases name known stages, each stage at most once, each phase's stages neighbours in map order."""
    problems: list[str] = []
    position = {stage.id: index for index, stage in enumerate(m.stages)}
    owner: dict[str, str] = {}
    phase_ids: set[str] = set()
    for phase in m.phases:
        where = Phrase("err.where.phase", phase=shown(phase.name))
        if phase.id in phase_ids:
            problems.append(Phrase("err.map.phase_id_twice", where=where, id=phase.id))
        phase_ids.add(phase.id)
        for stage_id in phase.stages:
            if stage_id not in stage_ids:
                problems.append(Phrase("err.map.stage_unknown", where=where, id=stage_id))
            elif stage_id in owner:
                problems.append(Phrase("err.map.stage_in_two_phases", where=where, id=stage_id,
                                       phase=shown(owner[stage_id])))
            else:
                owner[stage_id] = phase.name
        places = sorted(position[s] for s in phase.stages if s in position)
        if places and places[-1] - places[0] != len(places) - 1:
            problems.append(Phrase("err.map.phase_gap", where=where))
    return problems
