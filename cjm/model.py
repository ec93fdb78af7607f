"""The journey-map model: a Map has ordered lanes (rows) and ordered stages (columns).

Everything that enters the core becomes a :class:`Map` through :func:`Map.model_validate`,
which checks the structure (pydantic) and then every cell against its lane
(:mod:`cjm.validation`). A Map that exists is valid.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import limits
from .lanes import LaneType
from .validation import EMPTY, CellError, normalize, show

SCHEMA_VERSION = 1

Kind = Literal["b2c", "b2b", "custom"]
Language = Literal["ru", "en"]
LANGUAGES: tuple[str, ...] = ("ru", "en")

_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
_LANE_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


def new_id() -> str:
    return uuid.uuid4().hex


def new_stage_id() -> str:
    return "s" + uuid.uuid4().hex[:10]


def now() -> datetime:
    return datetime.now(UTC)


def _name(value: str, what: str, limit: int) -> str:
    if not value.strip():
        raise ValueError(f"the {what} is empty")
    if len(value) > limit:
        raise ValueError(f"the {what} has {len(value):,} characters; the limit is {limit:,}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


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
        return _name(value, "label", limits.MAX_LABEL_CHARS)

    @model_validator(mode="after")
    def _options(self) -> Lane:
        if self.type is LaneType.CHOICE:
            if not self.options:
                raise ValueError("a choice lane needs at least one option")
            if len(self.options) > limits.MAX_OPTIONS:
                raise ValueError(f"a choice lane has at most {limits.MAX_OPTIONS} options")
            if len(set(self.options)) != len(self.options):
                raise ValueError("the options repeat")
            for option in self.options:
                _name(option, "option", limits.MAX_LABEL_CHARS)
        elif self.options:
            raise ValueError(f"only a choice lane has options, this one is {self.type.value}")
        return self


class Stage(_Strict):
    """A column of the map: one step of the journey, with a value per lane."""

    id: str = Field(default_factory=new_stage_id, pattern=_ID_PATTERN)
    name: str
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="Lane key -> value in the lane type's canonical form; empty cells are absent",
    )

    @field_validator("name")
    @classmethod
    def _stage_name(cls, value: str) -> str:
        return _name(value, "stage name", limits.MAX_LABEL_CHARS)


class ScoringSettings(_Strict):
    """How stages are scored. ``priority`` = importance/5 × (2 − emotion)/4 × 100."""

    method: Literal["priority"] = "priority"
    critical_at: float = Field(70, ge=0, le=100, description="A score at or above this is critical")
    warning_at: float = Field(40, ge=0, le=100, description="A score at or above this is a warning")

    @model_validator(mode="after")
    def _order(self) -> ScoringSettings:
        if self.warning_at > self.critical_at:
            raise ValueError(
                f"the warning threshold ({self.warning_at:g}) is above the critical one ({self.critical_at:g})"
            )
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
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _name(value, "title", limits.MAX_TITLE_CHARS)

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
            more = len(problems) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise PydanticCustomError("map_rules", "{problem}{suffix}",
                                      {"problem": problems[0], "suffix": suffix, "problems": problems})
        return self

    # --- look-ups -----------------------------------------------------------------------
    def lane(self, key: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.key == key), None)

    def first_lane_of(self, lane_type: LaneType) -> Lane | None:
        return next((lane for lane in self.lanes if lane.type is lane_type), None)

    def stage(self, stage_id: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.id == stage_id), None)


def map_problems(m: Map) -> list[str]:
    """Every rule the map breaks beyond its fields' own types; normalizes cells in place."""
    problems: list[str] = []
    if len(m.lanes) > limits.MAX_LANES:
        problems.append(f"the map has {len(m.lanes)} lanes; the limit is {limits.MAX_LANES}")
    if len(m.stages) > limits.MAX_STAGES:
        problems.append(f"the map has {len(m.stages)} stages; the limit is {limits.MAX_STAGES}")
    if problems:
        return problems
    lanes: dict[str, Lane] = {}
    for lane in m.lanes:
        if lane.key in lanes:
            problems.append(f'Lane key "{lane.key}" is used twice')
        lanes[lane.key] = lane
    seen_ids: set[str] = set()
    for stage in m.stages:
        where = f"Stage {show(stage.name)}"
        if stage.id in seen_ids:
            problems.append(f'{where}: the stage id "{stage.id}" is used by another stage too')
        seen_ids.add(stage.id)
        clean: dict[str, Any] = {}
        for key, value in stage.values.items():
            lane = lanes.get(key)
            if lane is None:
                problems.append(f"{where}: a value for {show(key)}, which is not a lane of this map")
                continue
            try:
                canonical = normalize(lane.type, value, lane.options)
            except CellError as exc:
                problems.append(f"{where}, lane {show(lane.label)}: {exc}")
                continue
            if canonical is not EMPTY:
                clean[key] = canonical
        stage.values = clean
    return problems
