"""Workshop logic, free of storage: phases, codes and secrets, vote checks, the tally, accepting.

A workshop room belongs to one map. Participants join with a short code and a display name;
in the **collect** phase they add notes (pain points, ideas, questions) to stages, in the
**vote** phase they rate each stage's importance (1–5) and emotion (−2…+2), and in **review**
the facilitator discusses the tally. Votes are **blind** until the facilitator reveals them (the
board shows only how many voted, so nobody anchors on early votes); after a discussion a second
**round** starts blind again, and the board compares the rounds (:func:`compare_rounds`).
:func:`accept` turns a room's latest votes and its notes into a new map: votes become ``Stage.votes``
(scoring uses their mean and reports their spread) and the rounded mean becomes the stage's
importance/emotion cell; notes become lane items.
Persistence and who-may-do-what live in :mod:`cjm.rooms`.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import CJMError
from .lanes import LaneType, standard
from .mapfile import map_from_dict, map_to_dict
from .model import (
    MAX_NOTE_CHARS,
    MAX_PARTICIPANT_CHARS,
    MAX_VOTES,
    MAX_WORKSHOPS,
    Lane,
    Map,
    Stage,
    Vote,
    Workshop,
    WorkshopNote,
)
from .validation import EMOTION_MAX, EMOTION_MIN, IMPORTANCE_MAX, IMPORTANCE_MIN, show, shown, unstorable, whole_number

COLLECT, VOTE, REVIEW = "collect", "vote", "review"
PHASES: tuple[str, ...] = (COLLECT, VOTE, REVIEW)
PAGE_PATHS = ("workshop", "library", "builder", "analysis", "board", "compare", "export")
JOIN_PATH = "/j"  # the participant's phone page: /j (a code box) and /j/CODE
CLOSED = "closed"

#: Note kinds a participant picks from, and the lane each one becomes.
NOTE_LANES: dict[str, str] = {"pain": "pain_points", "idea": "hypotheses", "question": "questions"}


def note_icon(kind: str) -> str:
    """The icon of a kind of note: its lane's, from the lane catalogue."""
    from .lanes import standard

    lane = standard(NOTE_LANES.get(kind, ""))
    return lane.icon if lane else ""

#: Join codes: no 0/O, 1/I/L, so a code read aloud or off a projector is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
SECRET_BYTES = 32  # 256-bit facilitator and participant tokens (the issue asks for ≥ 128)

MAX_NAME_CHARS = 40
MAX_PARTICIPANTS = MAX_VOTES  # a stage can hold one accepted vote per participant
MAX_NOTES_PER_PARTICIPANT = 200
MAX_TIMER_MINUTES = 180
ROOM_HOURS = 24  # an unclosed room and its code expire this long after opening

#: A stage whose votes spread this much (population standard deviation) is flagged "discuss":
#: e.g. importance 1 and 5 from two people (σ 2), or 2, 3, 5, 5 (σ 1.3).
DISCUSS_SPREAD = 1.2

IMPORTANCE_SCALE: tuple[int, ...] = tuple(range(IMPORTANCE_MIN, IMPORTANCE_MAX + 1))
EMOTION_SCALE: tuple[int, ...] = tuple(range(EMOTION_MIN, EMOTION_MAX + 1))


class WorkshopError(CJMError):
    """A workshop action that cannot happen: wrong phase, bad vote, unknown stage…"""


# --- codes and secrets ---------------------------------------------------------------------
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a person typed as a code: case, spaces and dashes do not matter; O and 0 are the same."""
    cleaned = "".join(ch for ch in str(text).upper() if ch.isalnum())
    return cleaned.replace("0", "O").replace("1", "I")[:16]


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret: str) -> str:
    """Tokens are stored only as their SHA-256: a copy of the database lets nobody in."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def app_address(page_url: str, public_url: str | None = None) -> str:
    """The app's address without the page: ``https://host:8501/base`` from ``…/base/workshop``.

    ``public_url`` (``CJM_PUBLIC_URL``) wins: the address phones can reach when the facilitator
    opened the app as ``localhost`` or behind a proxy.
    """
    if public_url and public_url.strip():
        return public_url.strip().rstrip("/")
    parts = urlsplit(page_url or "")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in PAGE_PATHS:
        path = head
    return urlunsplit((parts.scheme or "http", parts.netloc, path, "", "")).rstrip("/")


def join_link(app_url: str, code: str) -> str:
    """The short link the QR code and the projector show: ``http://host:8501/j/K7MX4P``."""
    return f"{app_url}{JOIN_PATH}/{quote(code, safe='')}"


def is_local(app_url: str) -> bool:
    """True when phones could not open the address (``localhost``, ``127.0.0.1``, ``::1``)."""
    host = (urlsplit(app_url).hostname or "").lower()
    return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".localhost")


# --- checks ---------------------------------------------------------------------------------
def check_phase(phase: Any, *, allow_closed: bool = False) -> str:
    if phase in PHASES or (allow_closed and phase == CLOSED):
        return phase
    raise WorkshopError(f"unknown phase {show(phase)}: expected one of {', '.join(PHASES)}")


def check_name(name: Any) -> str:
    """A display name: 1–40 characters once trimmed, no line breaks."""
    if not isinstance(name, str):
        raise WorkshopError("the display name must be text", key="err.name.empty")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise WorkshopError("enter a display name (any name the room will recognise)", key="err.name.empty")
    if len(cleaned) > MAX_NAME_CHARS:
        raise WorkshopError(f"the display name has {len(cleaned)} characters; the limit is {MAX_NAME_CHARS}",
                            key="err.name.long", count=len(cleaned), limit=MAX_NAME_CHARS)
    problem = unstorable(cleaned)
    if problem is not None:
        raise WorkshopError(f"the display name holds {problem}, which cannot be stored: remove it",
                            key="err.name.unstorable", problem=problem)
    return cleaned


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when someone in the room already has it."""
    used = {n.casefold() for n in taken}
    if name.casefold() not in used:
        return name
    n = 2
    while f"{name} ({n})".casefold() in used:
        n += 1
    return f"{name} ({n})"


def check_importance(value: Any) -> int:
    number = whole_number(value)
    if number is None or not IMPORTANCE_MIN <= number <= IMPORTANCE_MAX:
        raise WorkshopError(f"importance is a whole number from 1 to 5, got {show(value)}",
                            key="err.importance", value=show(value))
    return number


def check_emotion(value: Any) -> int:
    number = whole_number(value)
    if number is None or not EMOTION_MIN <= number <= EMOTION_MAX:
        raise WorkshopError(f"emotion is a whole number from −2 to +2, got {show(value)}",
                            key="err.emotion", value=show(value))
    return number


def check_note(kind: Any, text: Any) -> tuple[str, str]:
    if not isinstance(kind, str) or kind not in NOTE_LANES:
        raise WorkshopError(f"unknown kind of note {show(kind)}: expected one of {', '.join(NOTE_LANES)}",
                            key="err.note.kind", value=show(kind), kinds=", ".join(NOTE_LANES))
    if not isinstance(text, str) or not text.strip():
        raise WorkshopError("the note is empty", key="err.note.empty")
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise WorkshopError(f"the note has {len(cleaned):,} characters; the limit is {MAX_NOTE_CHARS:,}",
                            key="err.note.long", count=len(cleaned), limit=MAX_NOTE_CHARS)
    problem = unstorable(cleaned)
    if problem is not None:
        raise WorkshopError(f"the note holds {problem}, which cannot be stored: remove it",
                            key="err.note.unstorable", problem=problem)
    return kind, cleaned


def check_minutes(minutes: Any) -> float | None:
    """A phase timer in minutes (None: no timer)."""
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not math.isfinite(minutes):
        raise WorkshopError.keyed("err.ws.timer_type", got=shown(minutes))
    if not 0 < minutes <= MAX_TIMER_MINUTES:
        raise WorkshopError.keyed("err.ws.timer_range", limit=MAX_TIMER_MINUTES)
    return float(minutes)


def seconds_left(ends_at: datetime | None, at: datetime) -> int | None:
    """Whole seconds until the timer ends (0 once it has), or None with no timer."""
    if ends_at is None:
        return None
    return max(0, math.ceil((ends_at - at).total_seconds()))


def clock(seconds: int | None) -> str:
    """``4:05`` for 245 seconds; an empty string with no timer."""
    if seconds is None:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"


# --- what a room holds ----------------------------------------------------------------------
@dataclass(frozen=True)
class RoomVote:
    participant_id: str
    stage_id: str
    importance: int | None
    emotion: int | None


@dataclass(frozen=True)
class RoomNote:
    id: str
    participant_id: str
    stage_id: str
    kind: str
    text: str
    created: datetime


@dataclass(frozen=True)
class StageTally:
    """One stage on the facilitator's board."""

    stage_id: str
    name: str
    voters: int  # participants who rated the stage at all
    importance_votes: int
    importance_mean: float | None
    importance_spread: float | None
    emotion_votes: int
    emotion_mean: float | None
    emotion_spread: float | None
    notes: dict[str, int] = field(default_factory=dict)  # note kind -> how many notes of that kind
    importance_histogram: tuple[int, ...] = (0,) * len(IMPORTANCE_SCALE)  # votes for 1, 2, … 5
    emotion_histogram: tuple[int, ...] = (0,) * len(EMOTION_SCALE)  # votes for −2, −1, … +2

    @property
    def discuss(self) -> bool:
        """The room disagrees: flag the stage for discussion."""
        return any(s is not None and s >= DISCUSS_SPREAD for s in (self.importance_spread, self.emotion_spread))


def histogram(values: Iterable[int], scale: Sequence[int]) -> tuple[int, ...]:
    """How many of ``values`` fall on each point of ``scale``."""
    counts = dict.fromkeys(scale, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    return tuple(counts[point] for point in scale)


def mean_spread(values: Sequence[int]) -> tuple[float | None, float | None]:
    """Mean and population standard deviation (2 decimals); a single vote has spread 0."""
    if not values:
        return None, None
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return round(mean, 2), round(spread, 2)


def tally(m: Map, votes: Iterable[RoomVote], note_counts: Mapping[tuple[str, str], int] | None = None,
          ) -> list[StageTally]:
    """Per stage of ``m``, in map order: vote counts, means, spreads, histograms and how many notes of each kind.

    ``note_counts`` maps (stage id, kind) to a number of notes (the store counts them: a room may hold 10,000).
    Votes and notes for a stage no longer on the map are left out (see :func:`orphans`).
    """
    by_stage: dict[str, list[RoomVote]] = {}
    for vote in votes:
        by_stage.setdefault(vote.stage_id, []).append(vote)
    counts = note_counts or {}
    result = []
    for stage in m.stages:
        stage_votes = by_stage.get(stage.id, [])
        importance = [v.importance for v in stage_votes if v.importance is not None]
        emotion = [v.emotion for v in stage_votes if v.emotion is not None]
        i_mean, i_spread = mean_spread(importance)
        e_mean, e_spread = mean_spread(emotion)
        result.append(StageTally(
            stage.id, stage.name, len(stage_votes), len(importance), i_mean, i_spread,
            len(emotion), e_mean, e_spread,
            {kind: counts[stage.id, kind] for kind in NOTE_LANES if counts.get((stage.id, kind))},
            histogram(importance, IMPORTANCE_SCALE), histogram(emotion, EMOTION_SCALE),
        ))
    return result


@dataclass(frozen=True)
class Move:
    """One participant's change between two rounds on one stage (None: no rating in that round)."""

    name: str
    importance: tuple[int | None, int | None]
    emotion: tuple[int | None, int | None]


@dataclass(frozen=True)
class RoundComparison:
    """One stage, the earlier round against the latest: means, spreads and who moved."""

    stage_id: str
    name: str
    before: StageTally
    after: StageTally
    moved: tuple[Move, ...]  # participants who rated the stage in both rounds and changed a rating


def compare_rounds(m: Map, before: Iterable[RoomVote], after: Iterable[RoomVote],
                   participants: Mapping[str, str]) -> list[RoundComparison]:
    """Per stage of ``m``: the tally of round ``before`` and of round ``after``, and who changed their rating.

    A participant "moved" when they rated the stage in both rounds and their importance or emotion differs
    (a rating given in only one round is not a move). Moves are listed by name.
    """
    before, after = list(before), list(after)
    old = {(v.participant_id, v.stage_id): v for v in before}
    comparison = []
    for b, a in zip(tally(m, before), tally(m, after), strict=True):
        moves = []
        for vote in after:
            earlier = old.get((vote.participant_id, vote.stage_id))
            if vote.stage_id != a.stage_id or earlier is None or vote.participant_id not in participants:
                continue
            changed_i = None not in (earlier.importance, vote.importance) and earlier.importance != vote.importance
            changed_e = None not in (earlier.emotion, vote.emotion) and earlier.emotion != vote.emotion
            if changed_i or changed_e:
                moves.append(Move(participants[vote.participant_id], (earlier.importance, vote.importance),
                                  (earlier.emotion, vote.emotion)))
        moves.sort(key=lambda mv: mv.name.casefold())
        comparison.append(RoundComparison(a.stage_id, a.name, b, a, tuple(moves)))
    return comparison


def orphans(m: Map, votes: Iterable[RoomVote], notes: Iterable[RoomNote]) -> tuple[int, int]:
    """Votes and notes whose stage was deleted from the map during the workshop."""
    ids = {stage.id for stage in m.stages}
    return sum(v.stage_id not in ids for v in votes), sum(n.stage_id not in ids for n in notes)


# --- accepting into the map ------------------------------------------------------------------
@dataclass(frozen=True)
class Accepted:
    """What :func:`accept` did, for the facilitator's confirmation."""

    stages_rated: int
    votes: int
    notes_added: int
    lanes_added: tuple[str, ...]
    skipped_votes: int  # their stage is no longer on the map
    skipped_notes: int


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def accept(
    m: Map,
    *,
    code: str,
    opened: datetime,
    accepted: datetime,
    participants: dict[str, str],
    votes: Sequence[RoomVote],
    notes: Sequence[RoomNote],
) -> tuple[Map, Accepted]:
    """A new map with the room's result in it (``m`` is not changed).

    ``participants`` maps participant id → display name (unique within the room).
    Votes: each stage's ``votes`` get one :class:`Vote` per participant who rated it, replacing
    the votes this room gave when it was accepted before (other workshops' votes stay); the
    stage's importance and emotion cells become the rounded means (lanes added if missing).
    Notes: each becomes an item of its kind's lane (pain points, hypotheses, questions), added
    once; a note accepted before is skipped. The room's record goes into ``Map.workshops``.
    """
    doc = m.model_copy(deep=True)
    ids = {stage.id for stage in doc.stages}
    earlier = next((w for w in doc.workshops if w.code == code), None)
    earlier_names = set(earlier.participants) if earlier else set()
    earlier_notes = {n.id for n in earlier.notes} if earlier else set()

    lanes_added: list[str] = []

    def lane_for(key: str) -> Lane:
        lane = doc.lane(key)
        if lane is None:
            entry = standard(key)
            assert entry is not None, key
            lane = Lane(key=key, label=entry.label(doc.language), type=entry.type)
            doc.lanes.append(lane)
            lanes_added.append(lane.label)
        return lane

    # votes
    per_stage: dict[str, list[RoomVote]] = {}
    for vote in votes:
        if vote.stage_id in ids and vote.participant_id in participants:
            per_stage.setdefault(vote.stage_id, []).append(vote)
    stages_rated = counted = 0
    for stage in doc.stages:
        room_votes = sorted(per_stage.get(stage.id, []), key=lambda v: participants[v.participant_id].casefold())
        kept = [v for v in stage.votes if v.participant not in earlier_names]
        new = [
            Vote(participant=participants[v.participant_id][:MAX_PARTICIPANT_CHARS],
                 importance=v.importance, emotion=v.emotion)
            for v in room_votes if v.importance is not None or v.emotion is not None
        ]
        if not new and len(kept) == len(stage.votes):
            continue
        stage.votes = (kept + new)[-MAX_VOTES:]
        counted += len(new)
        stages_rated += bool(new)
        _cells_from_votes(stage, lane_for)

    # notes
    added = 0
    record_notes = list(earlier.notes) if earlier else []
    for note in sorted(notes, key=lambda n: (n.created, n.id)):
        if note.stage_id not in ids or note.id in earlier_notes or note.participant_id not in participants:
            continue
        lane = lane_for(NOTE_LANES[note.kind])
        stage = next(s for s in doc.stages if s.id == note.stage_id)
        _add_item(stage, lane, note.text)
        record_notes.append(WorkshopNote(id=note.id, stage_id=note.stage_id, lane=lane.key, text=note.text,
                                         participant=participants[note.participant_id][:MAX_PARTICIPANT_CHARS]))
        added += 1

    record = Workshop(code=code, opened=opened, accepted=accepted,
                      participants=sorted(participants.values(), key=str.casefold)[:MAX_VOTES],
                      notes=record_notes)
    doc.workshops = [w for w in doc.workshops if w.code != code] + [record]
    del doc.workshops[:-MAX_WORKSHOPS]
    skipped_votes, skipped_notes = orphans(m, votes, notes)
    result = map_from_dict(map_to_dict(doc))  # every rule checked again: MapValidationError, m unchanged
    return result, Accepted(stages_rated, counted, added, tuple(lanes_added), skipped_votes, skipped_notes)


def _cells_from_votes(stage: Stage, lane_for: Any) -> None:
    importance = [v.importance for v in stage.votes if v.importance is not None]
    emotion = [v.emotion for v in stage.votes if v.emotion is not None]
    if importance:
        key = lane_for("importance").key
        stage.values[key] = _round_half_up(sum(importance) / len(importance))
    if emotion:
        lane = lane_for("emotion")
        words = stage.values.get(lane.key, {}).get("words", "") if lane.type is LaneType.EMOTION else ""
        stage.values[lane.key] = {"score": _round_half_up(sum(emotion) / len(emotion)), "words": words}


def _add_item(stage: Stage, lane: Lane, text: str) -> None:
    current = stage.values.get(lane.key)
    if lane.type is LaneType.LIST:
        items = list(current or [])
        items.extend(line.strip() for line in text.splitlines() if line.strip())
        stage.values[lane.key] = items
    else:  # a map that made the lane a text lane: add a paragraph
        stage.values[lane.key] = f"{current}\n{text}" if current else text
