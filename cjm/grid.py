"""The map as an editable grid: one row per stage, one column per lane.

This is the grid's *meaning*, independent of the widget: which columns exist, what each cell
shows and offers in its editor, and how a value typed or picked in a cell becomes a map value.
The Builder page turns :func:`columns` into AG Grid column definitions.

Cell representation (what the grid holds):

* text        -> the text
* list        -> items joined by newlines (one item per line in the editor)
* importance  -> a picker label "★★★☆☆ 3", or "—" when unrated
* emotion     -> two columns: the score as a picker label "😡 −2" … "🤩 +2" (or "—"),
                 and the words as text
* number      -> the number, or None
* choice      -> the option, or ""

The key columns stay in view: the importance and emotion score that scoring reads are *pinned* beside the
stage name and its priority, whatever the lanes' order; the other lanes follow in order and a person may
show only some of them (``shown``: a view of the grid, not a change of the map).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from . import editing, numbers, phases
from . import emotion as emotion_scale
from .analysis import checks
from .cells import stars
from .errors import CJMError, Phrase
from .i18n import t
from .lanes import LaneType
from .model import Lane, Map
from .scoring import StageScore, emotion_lane, importance_lane
from .validation import CellError, problem_of, show
from .validation import shown as quoted

UNRATED = "—"
NAME_FIELD = "name"
ID_FIELD = "id"

# streamlit-aggrid runs the text between two such marks, anywhere in a string of the grid options, as
# JavaScript (``new Function``). Our own code goes in as ``JsCode`` objects, never as strings.
JSCODE_MARK = "::JSCODE::"
_WORD_JOINER = "\u2060"  # invisible, keeps the text as it reads
_ADJACENT_COLONS = re.compile(r":(?=:)")


def inert(text: str) -> str:
    """Text that cannot hold the grid's code mark: a word joiner goes between any two adjacent colons.

    The result has no two adjacent colons at all (every ``:`` followed by ``:`` gets the joiner after it,
    overlapping pairs included), so it cannot contain ``::JSCODE::`` whatever the input, and it reads the
    same. A choice picked in the grid comes back inert: :func:`cell_value` maps it to the option.
    """
    return _ADJACENT_COLONS.sub(":" + _WORD_JOINER, text)


def inert_options(value: Any) -> Any:
    """The grid options with every plain string made :func:`inert`; anything else (our JsCode) kept.

    The one way options reach the grid component: a user's lane label, choice option or any text a
    future column adds is covered without the caller having to remember it.
    """
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {key: inert_options(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [inert_options(item) for item in value]
    return value

IMPORTANCE_LABELS: dict[int, str] = {n: f"{stars(n)} {n}" for n in range(1, 6)}
EMOTION_LABELS: dict[int, str] = {n: emotion_scale.label(n) for n in emotion_scale.SCALE}


def value_field(key: str) -> str:
    return f"v_{key}"


def words_field(key: str) -> str:
    return f"w_{key}"


IMPORTANCE_KEYS: tuple[str, ...] = ("", *(str(n) for n in IMPORTANCE_LABELS))  # what a person types: 1…5
EMOTION_KEYS: tuple[str, ...] = ("", *(str(n) for n in EMOTION_LABELS))  # −2…2 ("-2", "2"; "+" and "−" read too)


@dataclass(frozen=True)
class Column:
    """One grid column: ``editor`` is text | longtext | picker | number; ``options`` for pickers and ``keys``,
    what a person types to pick each option (digits for importance and emotion, none for a choice)."""

    field: str
    header: str
    lane_key: str | None  # None for the stage name
    lane_type: LaneType | None
    editor: str
    options: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    pinned: bool = False  # kept in view beside the stage name: the importance and emotion scoring reads


def key_lanes(m: Map) -> tuple[str | None, str | None]:
    """The keys of the importance and the emotion lane scoring reads (pinned beside the stage name)."""
    importance, emotion = importance_lane(m), emotion_lane(m)
    return (importance.key if importance else None), (emotion.key if emotion else None)


def columns(m: Map, ui_language: str | None = None, shown: Collection[str] | None = None) -> list[Column]:
    """The editable columns: the stage name, the pinned key columns, then the other lanes in order.

    Hidden lanes are left out; ``shown`` (lane keys) narrows the unpinned lanes to those a person picked.
    Lane labels are the map's own text; the grid's own words (an emotion's "words") are in ``ui_language``
    (the map's language when not given).
    """
    language = ui_language or m.language
    importance_key, emotion_key = key_lanes(m)
    out = [Column(NAME_FIELD, "", None, None, "text")]
    rest: list[Column] = []
    for lane in m.lanes:
        if lane.hidden:
            continue
        for column in _lane_columns(lane, language, lane.key in (importance_key, emotion_key)):
            if column.pinned:
                out.append(column)
            elif shown is None or lane.key in shown:
                rest.append(column)
    pinned_order = {value_field(importance_key or ""): 0, value_field(emotion_key or ""): 1}
    out[1:] = sorted(out[1:], key=lambda column: pinned_order.get(column.field, 2))
    return out + rest


def _lane_columns(lane: Lane, language: str, key_lane: bool) -> list[Column]:
    field, kind = value_field(lane.key), lane.type
    if kind is LaneType.IMPORTANCE:
        return [Column(field, lane.label, lane.key, kind, "picker", (UNRATED, *IMPORTANCE_LABELS.values()),
                       IMPORTANCE_KEYS, pinned=key_lane)]
    if kind is LaneType.EMOTION:
        return [
            Column(field, lane.label, lane.key, kind, "picker", (UNRATED, *EMOTION_LABELS.values()), EMOTION_KEYS,
                   pinned=key_lane),
            Column(words_field(lane.key), t("grid.emotion_words_of", language, lane=lane.label), lane.key, kind,
                   "longtext"),
        ]
    if kind is LaneType.NUMBER:
        return [Column(field, lane.label, lane.key, kind, "number")]
    if kind is LaneType.CHOICE:
        return [Column(field, lane.label, lane.key, kind, "picker", ("", *lane.options))]
    return [Column(field, lane.label, lane.key, kind, "longtext")]


CHECK_PREFIX = "_check_"  # row field beside a cell whose emotion words contradict its score: what to check


def rows(m: Map, scores: list[StageScore] | None = None, ui_language: str | None = None) -> list[dict[str, Any]]:
    """The grid's rows. ``scores`` add the read-only ``_score`` (and ``_score_text``, in ``ui_language``),
    ``_level`` and ``_rank`` of each stage; an emotion whose words contradict its score adds
    ``_check_<field>`` (what to check, in ``ui_language``) for its score and words cells."""
    language = ui_language or m.language
    by_id = {s.stage_id: s for s in scores or []}
    lanes = [lane for lane in m.lanes if not lane.hidden]
    flagged = {(c.stage_id, c.lane_key): c for c in checks(m)}
    out = []
    for stage in m.stages:
        row: dict[str, Any] = {ID_FIELD: stage.id, NAME_FIELD: stage.name}
        for lane in lanes:
            row.update(_cells(lane, stage.values.get(lane.key)))
            check = flagged.get((stage.id, lane.key))
            if check is not None:
                note = t("grid.check", language, reading=numbers.emotion(check.reading, language))
                row[CHECK_PREFIX + value_field(lane.key)] = row[CHECK_PREFIX + words_field(lane.key)] = note
        score = by_id.get(stage.id)
        if score is not None:
            row["_score"] = score.score
            row["_score_text"] = numbers.score(score.score, language)
            row["_level"] = score.level
            row["_rank"] = score.rank
        out.append(row)
    return out


def _cells(lane: Lane, value: Any) -> dict[str, Any]:
    field, t = value_field(lane.key), lane.type
    if t is LaneType.LIST:
        return {field: "\n".join(value or [])}
    if t is LaneType.IMPORTANCE:
        return {field: IMPORTANCE_LABELS[value] if value else UNRATED}
    if t is LaneType.EMOTION:
        score = value["score"] if value else None
        return {field: UNRATED if score is None else EMOTION_LABELS[score],
                words_field(lane.key): value["words"] if value else ""}
    if t is LaneType.NUMBER:
        return {field: value}
    return {field: value or ""}


# --- from a grid cell back to a map value ----------------------------------------------------

_STARS = re.compile(r"^[★☆\s]+$")
_IMPORTANCE = re.compile(r"^([1-5])(?:\s*/\s*5)?$")
_TRAILING_NUMBER = re.compile(r"([+\-−]?\d+(?:[.,]\d+)?)\s*$")
_EMOJI_SCORES = {emoji: score for score, emoji in emotion_scale.EMOJI.items()}


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, float) and math.isnan(raw)) or (
        isinstance(raw, str) and raw.strip() in ("", UNRATED))


def parse_importance(raw: Any) -> int | None:
    """'★★★☆☆ 3', '3', '3/5', '★★★', 3 -> 3; '—' or '' -> None (unrated)."""
    if _blank(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1 <= raw <= 5:
            return int(raw)
        raise CellError(Phrase("err.cell.importance"), raw)
    if isinstance(raw, str):
        text = raw.strip()
        if _STARS.match(text) and 1 <= text.count("★") <= 5:
            return text.count("★")
        for candidate in (text, text.lstrip("★☆ ")):
            match = _IMPORTANCE.match(candidate)
            if match:
                return int(match.group(1))
    raise CellError(Phrase("err.cell.importance"), raw)


def parse_emotion_score(raw: Any) -> int | None:
    """'😡 −2', '-2', '−2', '+1', '😡', -2 -> the score; '—' or '' -> None (unrated)."""
    if _blank(raw):
        return None
    number: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if text in _EMOJI_SCORES:
            return _EMOJI_SCORES[text]
        match = _TRAILING_NUMBER.search(text)
        head = text[: match.start()].strip() if match else text
        if match and (not head or head in _EMOJI_SCORES):
            number = float(match.group(1).replace("−", "-").replace(",", "."))
            if head and _EMOJI_SCORES[head] != number:
                raise CellError(Phrase("err.cell.emotion_range"), raw)
    if number is not None and number.is_integer() and -2 <= number <= 2:
        return int(number)
    raise CellError(Phrase("err.cell.emotion_range"), raw)


def parse_number(raw: Any) -> int | float | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(Phrase("err.cell.number"), raw)
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            raise CellError(Phrase("err.cell.number"), raw)
        return int(raw) if isinstance(raw, float) and raw.is_integer() else raw
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(Phrase("err.cell.number"), raw) from None
        if math.isfinite(number):
            return int(number) if number.is_integer() else number
    raise CellError(Phrase("err.cell.number"), raw)


def parse_list(raw: Any) -> list[str]:
    if _blank(raw) and raw != UNRATED:
        return []
    if not isinstance(raw, str):
        raise CellError(Phrase("err.cell.lines"), raw)
    return [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def _text(raw: Any) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return f"{raw:g}"
    if not isinstance(raw, str):
        raise CellError(Phrase("err.cell.text"), raw)
    return raw


class GridEditError(CJMError):
    """A value typed in the grid does not fit its column; the map is unchanged."""


def cell_value(m: Map, field: str, raw: Any, stage_id: str) -> tuple[str, Any]:
    """What a grid edit means: ``(lane key, canonical value)``, or ``("", name)`` for the stage name.

    Raises :class:`GridEditError` naming the stage and lane when the value does not fit.
    """
    stage = m.stage(stage_id)
    if stage is None:
        raise GridEditError.keyed("err.grid.stage_gone")
    if field == NAME_FIELD:
        return "", _text(raw)
    key = field[2:] if field[:2] in ("v_", "w_") else ""
    lane = m.lane(key)
    if lane is None:
        raise GridEditError.keyed("err.grid.column_gone", column=quoted(field))
    try:
        if field.startswith("w_"):
            if lane.type is not LaneType.EMOTION:
                raise CellError(Phrase("err.cell.words_lane"), field)
            current = stage.values.get(key) or {"score": None, "words": ""}
            return key, {"score": current["score"], "words": _text(raw)}
        return key, _parse(lane, raw, stage.values.get(key))
    except CellError as exc:
        raise GridEditError.keyed("err.grid.cell", stage=quoted(stage.name), lane=quoted(lane.label),
                                  problem=problem_of(exc)) from None


def _parse(lane: Lane, raw: Any, current: Any) -> Any:
    t = lane.type
    if t is LaneType.IMPORTANCE:
        return parse_importance(raw)
    if t is LaneType.EMOTION:
        words = current["words"] if current else ""
        return {"score": parse_emotion_score(raw), "words": words}
    if t is LaneType.NUMBER:
        return parse_number(raw)
    if t is LaneType.LIST:
        return parse_list(raw)
    if t is LaneType.CHOICE:
        text = _text(raw)
        if text and text not in lane.options:
            text = {inert(option): option for option in lane.options}.get(text, text)  # picked in the grid
        if text and text not in lane.options:
            raise CellError(Phrase("err.cell.choice", options=", ".join(show(o) for o in lane.options)), raw)
        return text
    return _text(raw)


# --- grid events -> changes --------------------------------------------------------------------

Change = Callable[[Map], Map]


def change_for_event(m: Map, event: Any) -> tuple[Change, str] | None:
    """What an event sent by the grid asks for: a change and its history note, or None for no change.

    Events: ``{"kind": "cell", "stage": id, "field": f, "value": v}`` (a cell edited) and
    ``{"kind": "order", "ids": [...]}`` (rows dragged). Anything else is ignored; a malformed or
    out-of-date event raises :class:`GridEditError`.
    """
    if not isinstance(event, dict):
        return None
    kind = event.get("kind")
    if kind == "cell":
        stage_id, field = event.get("stage"), event.get("field")
        if not isinstance(stage_id, str) or not isinstance(field, str):
            raise GridEditError.keyed("err.grid.unreadable")
        key, value = cell_value(m, field, event.get("value"), stage_id)
        stage = m.stage(stage_id)
        assert stage is not None  # cell_value checked it
        if key == "":
            if value == stage.name:
                return None
            return (lambda mm: editing.rename_stage(mm, stage_id, value)), t("note.rename_stage", m.language,
                                                                              stage=value.strip())
        if _same(stage.values.get(key), value):
            return None
        lane = m.lane(key)
        note = t("note.edit_cell", m.language, stage=stage.name, lane=lane.label if lane else key)
        return (lambda mm: editing.set_value(mm, stage_id, key, value)), note
    if kind == "order":
        ids = event.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise GridEditError.keyed("err.grid.order")
        if ids == [s.id for s in m.stages]:
            return None
        return (lambda mm: editing.reorder_stages(mm, ids)), t("note.reorder", m.language)
    return None


def _same(current: Any, new: Any) -> bool:
    empty = (None, "", [], {"score": None, "words": ""})
    if current in empty and new in empty:
        return True
    return current == new


# --- phases: a band beside the stage rows ---------------------------------------------------------

PHASE_FIELD, PHASE_ID_FIELD = "_phase", "_phase_id"  # read-only row fields: the stage's phase name and id
PHASE_FIRST, PHASE_LAST = "_phase_first", "_phase_last"  # the stage opens / closes its phase's band


def phase_fields(m: Map) -> dict[str, dict[str, Any]]:
    """Stage id -> its phase's name and id ("" for a stage in no phase) and whether it opens or closes the phase's
    band, for the grid's phase column; empty when the map has no phase with stages (the grid then has no phase
    column). Stages are the grid's rows, so a phase is a band down its stages' rows, left of their names, its name
    on the first: the header band of the other faces, turned the grid's way (:func:`cjm.phases.runs`)."""
    if not phases.has_bands(m):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for run in phases.runs(m):
        for index, stage_id in enumerate(run.stage_ids):
            out[stage_id] = {PHASE_FIELD: run.name, PHASE_ID_FIELD: run.phase.id if run.phase else "",
                             PHASE_FIRST: index == 0, PHASE_LAST: index == run.span - 1}
    return out


# --- evidence marks (cjm/evidence.py): what the grid's badges and filter read ----------------------------------
EVIDENCE_PREFIX = "_ev_"  # row field beside a lane's cells: the mark of that lane's cell ("_ev_<lane key>")
EVIDENCE_WORD_PREFIX = "_evw_"  # the mark in words (``ui_language``), for the cell's tooltip
EVIDENCE_ONLY = "_evonly"  # row field (no lane key makes it): the mark shown alone ("" none), other cells dimmed


def evidence_fields(m: Map, ui_language: str | None = None, only: str | None = None) -> dict[str, dict[str, Any]]:
    """Stage id -> the evidence fields of its grid row: ``_ev_<lane key>`` (the mark), ``_evw_<lane key>``
    (its word) for each marked cell, and ``_ev_only`` (``only``: the mark the grid shows alone, or "")."""
    from . import evidence

    language = ui_language or m.language
    out: dict[str, dict[str, Any]] = {}
    for stage in m.stages:
        row: dict[str, Any] = {EVIDENCE_ONLY: only or ""}
        for key, mark in stage.evidence.items():
            row[EVIDENCE_PREFIX + key] = mark
            row[EVIDENCE_WORD_PREFIX + key] = evidence.word(mark, language)
        out[stage.id] = row
    return out
