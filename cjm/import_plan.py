"""An import plan the user can fix: how a foreign table becomes a map, decided before the map exists.

Reading a foreign table (:mod:`cjm.xlsx.foreign`) gives an :class:`ImportPlan`: the stages' names, each source
row or column with its label and cells (a :class:`Source`), the title, persona and notes found above or beside the
table, and the phases of a merged group row above the stages. :class:`Choices` are what a person (the import's
mapping step, the CLI's ``--lane`` / ``--map-value``, a stored profile) decides:

* each source → a lane: a catalogue key, or :data:`CUSTOM` (a lane of its own, named by its label);
* each distinct value of an importance or emotion lane → a score, or None (not read: kept, and said).

:func:`apply` makes the map from a plan and choices; :func:`defaults` are the choices the reader guesses. The
cells of an importance or emotion lane are read together by :mod:`cjm.scales` (scales per lane, words, emoji);
any other lane's cells as before (:class:`cjm.xlsx.values.CellParser`). Nothing is dropped: a value not read is
kept in a "(not read)" lane (importance) or as words with no score (emotion), and the notes name it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import scales
from .editing import custom_lane_key
from .errors import CJMError, Quoted
from .i18n import t
from .lanes import BY_KEY, CATALOGUE, LaneType
from .mapfile import map_from_dict
from .model import SCHEMA_VERSION, Map, new_id, new_stage_id

CUSTOM = "custom"  # a source's lane of its own
WORDS = "w"  # a source that holds an emotion lane's words (beside its scores)
SCALE_TYPES = {LaneType.IMPORTANCE.value: scales.IMPORTANCE, LaneType.EMOTION.value: scales.EMOTION}
MAX_VALUES_SHOWN = 40  # distinct values of one lane offered for a score in the mapping step


class PlanError(CJMError):
    """A choice that does not fit the plan (an unknown source, lane or score); one line."""


@dataclass(frozen=True)
class Source:
    """A row (stages across) or a column (stages down) of the table: its label and one cell per stage."""

    id: str  # the label as written, made unique in the file ("Notes", "Notes (2)"): the choices' key
    label: str
    guess: str | None  # the catalogue key the label means, or None (a custom lane)
    part: str  # "v" (values) or "w" (an emotion lane's words)
    cells: tuple[Any, ...]
    custom_type: str = LaneType.TEXT.value  # the type a custom lane of it gets (text, or list)


@dataclass(frozen=True)
class ImportPlan:
    """A foreign table understood, not yet a map."""

    name: str  # the file's name
    language: str  # the new map's language (and of the notes)
    kind: str  # "spreadsheet" | "csv" | "paste"
    sheet: str | None
    orientation: str
    header_at: int
    stage_names: tuple[str, ...]
    sources: tuple[Source, ...]
    title: str
    persona: str = ""
    description: str = ""
    phases: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (name, indexes of its stages)
    notes: tuple[str, ...] = ()  # what the reader said about the file (encoding, rows skipped)

    def source(self, source_id: str) -> Source:
        for item in self.sources:
            if item.id == source_id:
                return item
        raise PlanError.keyed("err.plan.no_source", source=source_id,
                              sources=Quoted(s.id for s in self.sources))

    def labels_key(self) -> str:
        """The file's labels, normalised, as one key: a stored profile fits the next file with the same labels."""
        joined = "\n".join(sorted(normal_label(s.label) for s in self.sources))
        return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class Choices:
    """What a person decided: source id → lane key (or CUSTOM); source id → {value key → score or None}."""

    lanes: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, int | None]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"lanes": dict(self.lanes), "values": {k: dict(v) for k, v in self.values.items() if v}}

    @classmethod
    def from_json(cls, data: Any) -> Choices:
        """Choices from stored JSON; anything malformed is left out (a profile never breaks an import)."""
        lanes: dict[str, str] = {}
        values: dict[str, dict[str, int | None]] = {}
        if isinstance(data, dict):
            for key, lane in (data.get("lanes") or {}).items() if isinstance(data.get("lanes"), dict) else ():
                if isinstance(key, str) and isinstance(lane, str) and (lane == CUSTOM or lane in BY_KEY):
                    lanes[key] = lane
            raw_values = data.get("values")
            for key, table in (raw_values.items() if isinstance(raw_values, dict) else ()):
                if isinstance(key, str) and isinstance(table, dict):
                    values[key] = {v: s for v, s in table.items() if isinstance(v, str)
                                   and (s is None or (isinstance(s, int) and not isinstance(s, bool) and -2 <= s <= 5))}
        return cls(lanes, values)


def normal_label(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold().replace("ё", "е")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


# --- the choices ---------------------------------------------------------------------------------------------


def lane_options() -> tuple[str, ...]:
    """What a source can become: every catalogue lane, and a lane of its own."""
    return (*(lane.key for lane in CATALOGUE), CUSTOM)


def defaults(plan: ImportPlan) -> Choices:
    """The reader's guesses: each recognised label its lane, the rest custom; no value chosen."""
    return Choices({s.id: s.guess or CUSTOM for s in plan.sources}, {})


def merged(plan: ImportPlan, *more: Choices | None) -> Choices:
    """The defaults, then each of ``more`` over them (a profile, then what the person chose now)."""
    out = defaults(plan)
    ids = {s.id for s in plan.sources}
    for choices in more:
        if choices is None:
            continue
        out.lanes.update({k: v for k, v in choices.lanes.items() if k in ids})
        for key, table in choices.values.items():
            if key in ids:
                out.values.setdefault(key, {}).update(table)
    return out


def lane_type(plan: ImportPlan, source: Source, lane: str) -> str:
    return BY_KEY[lane].type.value if lane in BY_KEY else source.custom_type


def reading(plan: ImportPlan, source_id: str, choices: Choices) -> scales.LaneReading | None:
    """How the source's cells read as its chosen lane (importance or emotion), or None for another lane."""
    source = plan.source(source_id)
    lane = choices.lanes.get(source.id, source.guess or CUSTOM)
    kind = SCALE_TYPES.get(lane_type(plan, source, lane))
    if kind is None or _words_part(source, lane):
        return None
    return scales.read_lane(kind, source.cells, source.label, choices.values.get(source.id))


def _words_part(source: Source, lane: str) -> bool:
    return source.part == WORDS and lane == source.guess


def check(plan: ImportPlan, choices: Choices) -> None:
    """A :class:`PlanError` for a choice that names no source, no lane or a score off the lane's scale."""
    options = set(lane_options())
    for source_id, lane in choices.lanes.items():
        plan.source(source_id)
        if lane not in options:
            raise PlanError.keyed("err.plan.no_lane", source=source_id, lane=lane, lanes=", ".join(sorted(options)))
    for source_id, table in choices.values.items():
        source = plan.source(source_id)
        lane = choices.lanes.get(source_id, source.guess or CUSTOM)
        kind = SCALE_TYPES.get(lane_type(plan, source, lane))
        if kind is None:
            raise PlanError.keyed("err.plan.no_scale", source=source_id)
        allowed = scales.score_range(kind)
        for value, score in table.items():
            if score is not None and score not in allowed:
                raise PlanError.keyed("err.plan.score", source=source_id, value=value, score=score,
                                      allowed=", ".join(str(s) for s in allowed))


# --- the map ---------------------------------------------------------------------------------------------------


def apply(plan: ImportPlan, choices: Choices | None = None) -> tuple[Map, Any]:
    """The map a plan and choices make, and how the file was understood (for the preview)."""
    from .xlsx.values import CellParser, Understanding, label_text, raw_text

    if choices is not None:
        check(plan, choices)
    choices = merged(plan, choices)
    language = plan.language
    parser = CellParser(language)
    lanes: list[dict[str, Any]] = []
    file_labels: dict[str, str] = {}
    taken: set[str] = set()
    routes: list[tuple[Source, str, str, scales.LaneReading | None]] = []  # (source, lane key, part, reading)
    notes_later: list[str] = []
    for source in plan.sources:
        lane = choices.lanes[source.id]
        part = WORDS if _words_part(source, lane) else "v"
        if lane in BY_KEY and (lane not in taken or _other_half(lane, part, routes)):
            if lane not in taken:
                entry = BY_KEY[lane]
                lanes.append({"key": lane, "label": entry.label(language), "type": entry.type.value,
                              "options": [], "hidden": False})
                taken.add(lane)
                file_labels[lane] = source.label
            key = lane
        else:  # custom, or a catalogue lane a source before took
            if lane in BY_KEY:
                first = next(s.label for s, k, _, _ in routes if k == lane)
                notes_later.append(t("mapping.lane_taken", language, label=source.label, lane=BY_KEY[lane].label(
                    language), first=first))
            key = custom_lane_key(source.label, taken)
            taken.add(key)
            kept_type = source.custom_type if lane not in BY_KEY else BY_KEY[lane].type.value
            if kept_type in SCALE_TYPES or kept_type not in (LaneType.TEXT.value, LaneType.LIST.value):
                kept_type = source.custom_type
            lanes.append({"key": key, "label": label_text(source.label), "type": kept_type, "options": [],
                          "hidden": False})
            file_labels[key] = source.label
        lane_kind = next(item["type"] for item in lanes if item["key"] == key)
        scale = SCALE_TYPES.get(lane_kind)
        read = (scales.read_lane(scale, source.cells, source.label, choices.values.get(source.id))
                if scale is not None and part != WORDS else None)
        routes.append((source, key, part, read))
    by_key = {lane["key"]: lane for lane in lanes}
    stages = [{"id": new_stage_id(), "name": name, "values": {}} for name in plan.stage_names]
    notes = list(plan.notes) + notes_later
    for source, key, part, read in routes:
        for stage, raw in zip(stages, source.cells, strict=True):
            if raw is None:
                continue
            old = stage["values"].get(key)
            if part == WORDS:
                stage["values"][key] = {"score": old["score"] if old else None, "words": raw_text(raw)}
                continue
            if read is not None:
                value = _scaled(read, stages.index(stage), by_key[key], raw, stage, parser)
            else:
                value = parser.parse(by_key[key], raw, key, stage)
            if value is None:
                continue
            if by_key[key]["type"] == LaneType.EMOTION and old:
                value = {"score": value["score"], "words": old["words"] or value["words"]}
            stage["values"][key] = value
        if read is not None:
            label = source.label
            notes.extend(f"{label}: {text}" for text in read.notes(language))
            if read.unknown:
                notes.append(t("mapping.unknown_values", language, label=label, count=len(read.unknown),
                               values=", ".join(f"«{v}»" for v in read.unknown[:8])
                               + (" …" if len(read.unknown) > 8 else "")))
    if not stages:
        raise CJMError.keyed("err.table.no_stages", name=plan.name)
    for lane in parser.extra_lanes(lanes):  # each "(not read)" lane right after its own
        source_key = parser.source_of(lane["key"])
        position = next(i for i, item in enumerate(lanes) if item["key"] == source_key)
        lanes.insert(position + 1, lane)
        file_labels[lane["key"]] = lane["label"]
    notes.extend(parser.notes(language))
    phases = [{"id": new_id(), "name": name, "stages": [stages[i]["id"] for i in indexes]}
              for name, indexes in plan.phases]
    doc = {"schema_version": SCHEMA_VERSION, "title": plan.title, "language": language, "kind": "custom",
           "persona": plan.persona, "description": plan.description, "lanes": lanes, "stages": stages,
           "phases": phases}
    if plan.phases:
        notes.append(t("mapping.phases_found", language, count=len(plan.phases),
                       names=", ".join(f"«{name}»" for name, _ in plan.phases[:6])))
    if plan.persona:
        notes.append(t("mapping.persona_found", language, persona=plan.persona[:80]))
    if plan.description:
        notes.append(t("mapping.notes_found", language, count=len(plan.description.splitlines())))
    new_map = map_from_dict(doc)
    lanes_seen = tuple((file_labels.get(lane.key, lane.label), lane.key, lane.type.value, lane.key in BY_KEY)
                       for lane in new_map.lanes)
    return new_map, Understanding(plan.kind, plan.sheet, plan.orientation, plan.header_at, lanes_seen,
                                  len(new_map.stages), tuple(notes), plan=plan)


def _other_half(lane: str, part: str, routes: list[tuple[Source, str, str, Any]]) -> bool:
    """An emotion lane's words beside its scores (or the scores beside its words): both go into one lane."""
    if BY_KEY[lane].type is not LaneType.EMOTION:
        return False
    parts = {p for _, key, p, _ in routes if key == lane}
    return part not in parts


def _scaled(read: scales.LaneReading, index: int, lane: dict[str, Any], raw: Any, stage: dict[str, Any],
            parser: Any) -> Any:
    cell = read.cells[index]
    if cell is None:
        return None
    if read.kind == scales.IMPORTANCE:
        if not cell.known:
            parser.keep(lane, raw, stage)
            return None
        return cell.score
    if cell.suggested:
        parser.suggested += 1
    elif not cell.known:
        parser.unknown_words += 1
    elif cell.words and cell.score is not None and not cell.chosen:
        parser.scored_words += 1
    return {"score": cell.score, "words": cell.words if cell.known or cell.words else cell.text}


# --- profiles: the choices remembered for the next file with the same labels --------------------------------


def profile_of(plan: ImportPlan, choices: Choices) -> dict[str, Any]:
    """The choices that differ from the reader's guesses, keyed by normalised label (stored as a profile)."""
    guess = defaults(plan)
    by_id = {s.id: normal_label(s.id) for s in plan.sources}
    return {"lanes": {by_id[k]: v for k, v in choices.lanes.items() if k in by_id and guess.lanes.get(k) != v},
            "values": {by_id[k]: dict(v) for k, v in choices.values.items() if k in by_id and v}}


def from_profile(plan: ImportPlan, data: Any) -> Choices:
    """A stored profile as choices for ``plan`` (its labels matched after normalising)."""
    stored = Choices.from_json(data)
    ids = {normal_label(s.id): s.id for s in plan.sources}
    return Choices({ids[k]: v for k, v in stored.lanes.items() if k in ids},
                   {ids[k]: v for k, v in stored.values.items() if k in ids})


# --- the CLI's words ----------------------------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^(.+?)\s*=\s*(.*)$", re.S)


def parse_lane_option(text: str) -> tuple[str, str]:
    """``"Priority=importance"`` → ("Priority", "importance"); a one-line :class:`PlanError` if malformed."""
    match = _ASSIGNMENT.match(text or "")
    if not match or not match.group(2).strip():
        raise PlanError(f"--lane “{text}”: write LABEL=LANE, e.g. \"Priority=importance\" or \"Notes=custom\"")
    return match.group(1).strip(), match.group(2).strip()


def parse_value_option(text: str) -> tuple[str | None, str, int | None]:
    """``"High=5"``, ``"Priority:High=5"`` (one lane only), ``"Meh=none"`` → (label or None, value, score)."""
    match = _ASSIGNMENT.match(text or "")
    if not match:
        raise PlanError(f"--map-value “{text}”: write VALUE=SCORE or LABEL:VALUE=SCORE, e.g. \"High=5\"")
    left, right = match.group(1).strip(), match.group(2).strip().replace("−", "-")
    label, _, value = left.rpartition(":") if ":" in left else (None, "", left)
    if right.casefold() in ("none", "null", ""):
        score = None
    else:
        try:
            score = int(right)
        except ValueError:
            raise PlanError(f"--map-value “{text}”: the score is a whole number (or none)") from None
    return (label.strip() or None) if label is not None else None, value.strip(), score


def cli_choices(plan: ImportPlan, lanes: list[str], values: list[str]) -> Choices:
    """Choices from ``--lane`` and ``--map-value`` options (a value without a label: every scale lane holding it)."""
    by_label = {normal_label(s.id): s.id for s in plan.sources}
    chosen = Choices()
    for option in lanes:
        label, lane = parse_lane_option(option)
        source_id = by_label.get(normal_label(label))
        if source_id is None:
            plan.source(label)  # raises, naming the labels there are
        chosen.lanes[source_id] = lane
    current = merged(plan, chosen)
    for option in values:
        label, value, score = parse_value_option(option)
        targets = ([by_label.get(normal_label(label)) or plan.source(label).id] if label is not None
                   else [s.id for s in plan.sources if reading(plan, s.id, current) is not None])
        for source_id in targets:
            chosen.values.setdefault(source_id, {})[scales.value_key(value)] = score
    return chosen
