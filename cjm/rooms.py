"""Workshop rooms in the map store's database: rooms, participants, votes and notes.

Who may do what is decided here:

* the **owner** (an :class:`cjm.access.Owner`: the signed-in facilitator, see :mod:`cjm.access`) opens rooms and
  runs them: phase, timer, reveal, a new round, closing, reading the board, accepting. No key travels in a link;
  a participant token is never an owner;
* a **participant token** (returned by :meth:`RoomStore.join`, 256 bits, stored only as its SHA-256) lets its
  holder vote and add or remove their *own* notes while the room is open and in the right phase, nothing else;
* the **join code** only lets people join an open, unexpired room, up to the room's limit of participants.

A participant's repeated vote on a stage replaces the earlier one (one row per participant and stage, written
with an upsert, so concurrent votes are never lost or doubled). Votes belong to the room's current **round**;
starting a new round keeps the finished round's votes in ``workshop_round_votes`` for the board's comparison,
and the new round starts empty and blind. Everything is in the same database as the maps, so several app
instances on one PostgreSQL share rooms; the limits that must hold across instances (participants per room,
notes per participant per phase) are counted in the database, inside the write.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import Lock
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from . import workshop as ws
from .access import Owner
from .db import GroupCommit, aware, metadata, utc
from .errors import CJMError, Phrase
from .i18n import t
from .model import Map, new_id, now
from .storage import MapNotFound, MapStore, maps
from .throttle import Limits, Throttled
from .workshop import RoomNote, RoomVote, WorkshopError

# --- tables (in cjm.db's metadata, beside the maps': opening the database creates them) ------
rooms = Table(
    "workshop_rooms",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("map_id", String(64), ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    # The facilitator's key of the first workshop version (its hash). Rooms are run by the signed-in owner now:
    # new rooms keep it empty; the column stays so that older databases open unchanged.
    Column("facilitator_hash", String(64), nullable=False),
    Column("phase", String(16), nullable=False),
    Column("phase_ends_at", DateTime(timezone=True)),
    Column("timer_minutes", Float),
    Column("opened", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("accepted_version", Integer),
    # added with rounds and blind voting (cjm.db adds them to older databases)
    Column("vote_round", Integer, nullable=False, server_default=text("1")),
    Column("revealed", Boolean, nullable=False, server_default=text("false")),
    Column("phase_started", DateTime(timezone=True)),
    Index("ix_workshop_rooms_map", "map_id"),
)

participants = Table(
    "workshop_participants",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("room_id", String(64), ForeignKey("workshop_rooms.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("joined", DateTime(timezone=True), nullable=False),
    UniqueConstraint("room_id", "name", name="uq_workshop_participant_name"),
)

votes = Table(  # the current round's votes
    "workshop_votes",
    metadata,
    Column("participant_id", String(64), ForeignKey("workshop_participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("stage_id", String(64), primary_key=True),
    Column("room_id", String(64), ForeignKey("workshop_rooms.id", ondelete="CASCADE"), nullable=False),
    Column("importance", Integer),
    Column("emotion", Integer),
    Column("updated", DateTime(timezone=True), nullable=False),
    Index("ix_workshop_votes_room", "room_id"),
)

round_votes = Table(  # the votes of finished rounds, for the board's comparison
    "workshop_round_votes",
    metadata,
    Column("participant_id", String(64), ForeignKey("workshop_participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("stage_id", String(64), primary_key=True),
    Column("vote_round", Integer, primary_key=True),
    Column("room_id", String(64), ForeignKey("workshop_rooms.id", ondelete="CASCADE"), nullable=False),
    Column("importance", Integer),
    Column("emotion", Integer),
    Index("ix_workshop_round_votes_room", "room_id", "vote_round"),
)

notes = Table(
    "workshop_notes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("room_id", String(64), ForeignKey("workshop_rooms.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", String(64), ForeignKey("workshop_participants.id", ondelete="CASCADE"),
           nullable=False),
    Column("stage_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Index("ix_workshop_notes_room", "room_id"),
    Index("ix_workshop_notes_participant", "participant_id", "created"),
    Index("ix_workshop_notes_kinds", "room_id", "stage_id", "kind"),  # the board's counts read only this index
)

_UNSET: Any = object()
MAP_CACHE = 64  # parsed maps kept per store, by (map id, version): phones poll, the map rarely changes


# --- errors ---------------------------------------------------------------------------------
class RoomNotFound(CJMError):
    """No open room has this code, or the link is wrong."""


class RoomClosed(CJMError):
    """The room was closed or has expired."""


class NotAllowed(CJMError):
    """The caller has no right to do this (not the owner, a wrong participant token, someone else's note)."""


class WrongPhase(WorkshopError):
    """The room is not in the phase this needs (a vote outside the vote phase, a note outside collect)."""


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Room:
    id: str
    code: str
    map_id: str
    phase: str
    phase_ends_at: datetime | None
    timer_minutes: float | None
    opened: datetime
    expires_at: datetime
    closed_at: datetime | None
    accepted_version: int | None
    vote_round: int = 1
    revealed: bool = False
    phase_started: datetime | None = None

    def is_open(self, at: datetime | None = None) -> bool:
        return self.closed_at is None and (at or now()) < self.expires_at

    @property
    def state(self) -> str:
        """The phase, or ``closed`` once closed or expired."""
        return self.phase if self.is_open() else ws.CLOSED

    @property
    def blind(self) -> bool:
        """The board shows only how many voted (until the facilitator reveals this round's votes)."""
        return not self.revealed

    def seconds_left(self, at: datetime | None = None) -> int | None:
        return ws.seconds_left(self.phase_ends_at, at or now()) if self.is_open(at) else None


@dataclass(frozen=True)
class Participant:
    id: str
    room_id: str
    name: str
    joined: datetime


@dataclass(frozen=True)
class Snapshot:
    """Everything on the facilitator's board at one moment (the notes as counts: see :meth:`RoomStore.notes_page`)."""

    room: Room
    map: Map
    map_version: int
    participants: dict[str, str]  # id -> display name
    votes: list[RoomVote]  # the current round
    earlier: list[RoomVote]  # the round before (empty in round 1)
    note_counts: dict[tuple[str, str], int]  # (stage id, kind) -> notes
    notes_total: int

    def tally(self) -> list[ws.StageTally]:
        return ws.tally(self.map, self.votes, self.note_counts)

    def rounds(self) -> list[ws.RoundComparison]:
        """The round before against this one, per stage (empty in round 1)."""
        if self.room.vote_round < 2:
            return []
        return ws.compare_rounds(self.map, self.earlier, self.votes, self.participants)

    @property
    def voters(self) -> int:
        """Participants who have voted on at least one stage in this round."""
        return len({v.participant_id for v in self.votes})


@dataclass(frozen=True)
class ParticipantView:
    """What one participant sees: the room, the map's stages, their own votes and notes."""

    room: Room
    participant: Participant
    map: Map
    votes: dict[str, RoomVote]  # stage id -> this participant's vote in this round
    notes: list[RoomNote]  # this participant's notes, oldest first
    earlier: dict[str, RoomVote]  # stage id -> their vote in the round before (empty in round 1)


def check_owner(owner: object) -> Owner:
    """Only the signed-in owner runs a room (a participant's token, a string, None: refused)."""
    if not isinstance(owner, Owner):
        raise NotAllowed("only the signed-in owner can run a workshop: sign in on this server first",
                         key="err.owner")
    return owner


class RoomStore:
    """Workshop rooms stored beside the maps of ``store`` (same database: ``store.db``)."""

    def __init__(self, store: MapStore, clock: Callable[[], datetime] = now, limits: Limits | None = None):
        self.store = store
        self.db = store.db
        self._votes = GroupCommit(self.db, Phrase("err.db.do.save_vote"), Phrase("err.db.hint.tap_again"))
        self._now = clock
        self.limits = limits or Limits()
        self._maps: OrderedDict[tuple[str, int], Map] = OrderedDict()
        self._maps_lock = Lock()
        self._loading = Lock()
        self._latest: dict[str, tuple[int, Map]] = {}  # map id -> the newest version parsed
        self._room_maps: dict[str, str] = {}  # participant token's hash -> their room's map id
        self.db.create_tables("prepare the workshop tables")  # done already if this module was loaded first

    # --- the owner ---------------------------------------------------------------------------
    def open_room(self, owner: Owner, map_id: str, phase: str = "collect") -> Room:
        """A new room for the map, in ``phase``, round 1, votes blind."""
        check_owner(owner)
        phase = ws.check_phase(phase)
        stored = self.store.get(map_id)  # raises MapNotFound
        if stored.in_trash:
            raise WorkshopError.keyed("err.ws.in_trash")
        opened = self._now()
        for _attempt in range(20):
            row = {
                "id": new_id(), "code": ws.new_code(), "map_id": map_id, "facilitator_hash": "",
                "phase": phase, "phase_ends_at": None, "timer_minutes": None, "opened": utc(opened),
                "expires_at": utc(opened + timedelta(hours=ws.ROOM_HOURS)), "closed_at": None,
                "accepted_version": None, "vote_round": 1, "revealed": False, "phase_started": utc(opened),
            }
            try:
                with self.db.write(Phrase("err.db.do.open_room"), Phrase("err.db.hint.try_again")) as conn:
                    conn.execute(insert(rooms).values(row))
            except CJMError as exc:
                if isinstance(exc.__cause__, IntegrityError):  # the random code is taken: draw again
                    continue
                raise
            return _room(row)
        raise WorkshopError.keyed("err.ws.no_code")

    def room(self, owner: Owner, room_id: str) -> Room:
        """The room (open or not)."""
        check_owner(owner)
        with self.db.read(Phrase("err.db.do.load_room")) as conn:
            return self._room(conn, str(room_id))

    def set_phase(self, owner: Owner, room_id: str, phase: str, minutes: float | None = None) -> Room:
        """Move the room to ``phase`` with a fresh timer of ``minutes`` (None: no timer); notes count anew."""
        phase = ws.check_phase(phase)
        minutes = ws.check_minutes(minutes)
        at = self._now()
        ends = utc(at + timedelta(minutes=minutes)) if minutes else None
        return self._owner_update(owner, room_id, Phrase("err.db.do.change_phase"), phase=phase, phase_ends_at=ends,
                                  timer_minutes=minutes, phase_started=utc(at))

    def set_timer(self, owner: Owner, room_id: str, minutes: float | None) -> Room:
        """Restart (or stop, with None) the current phase's timer."""
        minutes = ws.check_minutes(minutes)
        ends = utc(self._now() + timedelta(minutes=minutes)) if minutes else None
        return self._owner_update(owner, room_id, Phrase("err.db.do.set_timer"), phase_ends_at=ends,
                                  timer_minutes=minutes)

    def reveal(self, owner: Owner, room_id: str) -> Room:
        """Show this round's votes on the board (until then it shows only how many voted)."""
        return self._owner_update(owner, room_id, Phrase("err.db.do.reveal_votes"), revealed=True)

    def new_round(self, owner: Owner, room_id: str, minutes: float | None = None) -> Room:
        """Start the next round of voting: this round's votes are kept for comparison, the new one starts empty,
        blind, in the vote phase. Accepting takes the latest round's votes."""
        check_owner(owner)
        minutes = ws.check_minutes(minutes)
        at = self._now()
        with self.db.write(Phrase("err.db.do.new_round"), Phrase("err.db.hint.try_again")) as conn:
            room = self._open_room(conn, str(room_id))
            current = [r._mapping for r in conn.execute(select(votes).where(votes.c.room_id == room.id))]
            if current:
                conn.execute(insert(round_votes), [
                    {"participant_id": r["participant_id"], "stage_id": r["stage_id"], "vote_round": room.vote_round,
                     "room_id": room.id, "importance": r["importance"], "emotion": r["emotion"]} for r in current])
            conn.execute(sql_delete(votes).where(votes.c.room_id == room.id))
            conn.execute(update(rooms).where(rooms.c.id == room.id).values(
                vote_round=room.vote_round + 1, revealed=False, phase=ws.VOTE, phase_started=utc(at),
                phase_ends_at=utc(at + timedelta(minutes=minutes)) if minutes else None, timer_minutes=minutes))
            return self._room(conn, room.id)

    def close(self, owner: Owner, room_id: str) -> Room:
        """Close the room: its code stops working, participants see that it has ended."""
        check_owner(owner)
        with self.db.write(Phrase("err.db.do.close_room"), Phrase("err.db.hint.try_again")) as conn:
            room = self._room(conn, str(room_id))
            if room.closed_at is not None:
                return room
            conn.execute(update(rooms).where(rooms.c.id == room.id).values(closed_at=utc(self._now())))
            return self._room(conn, room.id)

    def snapshot(self, owner: Owner, room_id: str) -> Snapshot:
        """The board: the room, its map, participants, this round's and the last round's votes, note counts."""
        check_owner(owner)
        with self.db.read(Phrase("err.db.do.load_workshop")) as conn:
            room = self._room(conn, str(room_id))
            people = {r.id: r.name for r in conn.execute(
                select(participants.c.id, participants.c.name).where(participants.c.room_id == room.id))}
            now_votes = [_vote(r) for r in conn.execute(select(votes).where(votes.c.room_id == room.id))]
            earlier = [_vote(r) for r in conn.execute(select(round_votes).where(
                round_votes.c.room_id == room.id, round_votes.c.vote_round == room.vote_round - 1))]
            counts = {(r.stage_id, r.kind): r.n for r in conn.execute(
                select(notes.c.stage_id, notes.c.kind, func.count().label("n"))
                .where(notes.c.room_id == room.id).group_by(notes.c.stage_id, notes.c.kind))}
            version = self._version(conn, room.map_id)
        m = self._map_of(room.map_id, version)
        return Snapshot(room, m, version, people, now_votes, earlier, counts, sum(counts.values()))

    def notes_page(self, owner: Owner, room_id: str, *, offset: int = 0, limit: int = 50) -> list[RoomNote]:
        """A page of the room's notes, newest first (the board pages through 10,000 notes this way)."""
        check_owner(owner)
        offset, limit = max(0, int(offset)), max(1, min(int(limit), 500))
        with self.db.read(Phrase("err.db.do.load_notes")) as conn:
            rows = conn.execute(select(notes).where(notes.c.room_id == str(room_id))
                                .order_by(notes.c.created.desc(), notes.c.id.desc()).offset(offset).limit(limit))
            return [_note(r) for r in rows]

    def accept(self, owner: Owner, room_id: str, save: Callable[[Callable[[Map], Map], str], Map]) -> ws.Accepted:
        """Put the room's latest round of votes and its notes into the map through ``save`` (``MapEditor.apply``).

        ``save(change, note)`` applies ``change`` to the current map and stores it as one version,
        so undo takes the whole result back. Accepting again adds only what is new.
        """
        snap = self.snapshot(owner, room_id)
        room = snap.room
        with self.db.read(Phrase("err.db.do.load_notes")) as conn:
            every_note = [_note(r) for r in conn.execute(select(notes).where(notes.c.room_id == room.id))]
        result: list[ws.Accepted] = []

        def change(m: Map) -> Map:
            changed, accepted = ws.accept(
                m, code=room.code, opened=room.opened, accepted=self._now(), participants=snap.participants,
                votes=snap.votes, notes=every_note)
            result.append(accepted)
            return changed

        save(change, t("note.workshop", snap.map.language, code=room.code))
        version = self.store.current_version(room.map_id)
        with self.db.write(Phrase("err.db.do.mark_accepted"), Phrase("err.db.hint.try_again")) as conn:
            conn.execute(update(rooms).where(rooms.c.id == room.id).values(accepted_version=version))
        return result[-1]

    def rooms_of_map(self, owner: Owner, map_id: str) -> list[Room]:
        """The map's rooms, newest first."""
        check_owner(owner)
        with self.db.read(Phrase("err.db.do.load_rooms")) as conn:
            rows = conn.execute(select(rooms).where(rooms.c.map_id == map_id).order_by(rooms.c.opened.desc()))
            return [_room(r._mapping) for r in rows]

    def open_rooms(self, owner: Owner) -> list[Room]:
        """Every room that is still open, newest first (the facilitator's way back to a room)."""
        check_owner(owner)
        at = utc(self._now())
        with self.db.read(Phrase("err.db.do.load_rooms")) as conn:
            rows = conn.execute(select(rooms).where(rooms.c.closed_at.is_(None), rooms.c.expires_at > at)
                                .order_by(rooms.c.opened.desc()).limit(100))
            return [_room(r._mapping) for r in rows]

    # --- participants -----------------------------------------------------------------------
    def find(self, code: str) -> Room:
        """The open room with this join code."""
        cleaned = ws.normalize_code(code) if isinstance(code, str) else ""
        if not cleaned:
            raise RoomNotFound("enter the code shown on the facilitator's screen", key="err.code.empty")
        with self.db.read(Phrase("err.db.do.find_workshop")) as conn:
            row = conn.execute(select(rooms).where(rooms.c.code == cleaned)).first()
        if row is None:
            raise RoomNotFound(f'no workshop has the code "{cleaned}": check the code on the screen',
                               key="err.code.unknown", code=cleaned)
        room = _room(row._mapping)
        if not room.is_open(self._now()):
            raise RoomClosed(f'the workshop "{cleaned}" has ended: its code no longer works',
                             key="err.code.ended", code=cleaned)
        return room

    def join(self, code: str, name: str) -> tuple[Participant, str]:
        """Join the open room with ``code`` as ``name``; returns the participant and their token."""
        name = ws.check_name(name)
        room = self.find(code)
        secret = ws.new_secret()
        limit = self.limits.participants_per_room
        with self.db.write(Phrase("err.db.do.join_workshop"), Phrase("err.db.hint.try_again")) as conn:
            count = conn.execute(select(func.count()).select_from(participants)
                                 .where(participants.c.room_id == room.id)).scalar_one()
            if count >= limit:
                raise Throttled(f"this workshop is full ({limit:,} participants)", None,
                                key="err.room.full", limit=limit)
            self._open_room(conn, room.id)
            taken = conn.execute(select(participants.c.name).where(participants.c.room_id == room.id)).scalars()
            row = {"id": new_id(), "room_id": room.id, "name": ws.unique_name(name, taken),
                   "token_hash": ws.secret_hash(secret), "joined": utc(self._now())}
            conn.execute(insert(participants).values(row))
        return Participant(row["id"], room.id, row["name"], aware(row["joined"])), secret

    def view(self, token: str) -> ParticipantView:
        """What the holder of a participant token sees (also after the room closed)."""
        with self.db.read(Phrase("err.db.do.load_workshop")) as conn:
            person = self._participant(conn, token)
            room = self._room(conn, person.room_id)
            mine = {r.stage_id: _vote(r) for r in conn.execute(
                select(votes).where(votes.c.participant_id == person.id))}
            before = {r.stage_id: _vote(r) for r in conn.execute(select(round_votes).where(
                round_votes.c.participant_id == person.id, round_votes.c.vote_round == room.vote_round - 1))}
            own = [_note(r) for r in conn.execute(
                select(notes).where(notes.c.participant_id == person.id).order_by(notes.c.created, notes.c.id))]
            version = self._version(conn, room.map_id)
        return ParticipantView(room, person, self._map_of(room.map_id, version), mine, own, before)

    def vote(self, token: str, stage_id: str, *, importance: Any = _UNSET, emotion: Any = _UNSET) -> RoomVote:
        """Record (or change) this participant's vote on a stage in this round; the last vote wins.

        Only in the vote phase of an open room, only on a stage of the map, only on the scale.
        Giving one of importance/emotion keeps the other as it was.
        """
        given: dict[str, int] = {}
        if importance is not _UNSET:
            given["importance"] = ws.check_importance(importance)
        if emotion is not _UNSET:
            given["emotion"] = ws.check_emotion(emotion)
        if not given:
            raise WorkshopError("a vote needs an importance, an emotion or both", key="err.vote.empty")
        self._check_stage(self._known_map(token), stage_id)  # before the write lock: the map may need parsing

        def write(conn: Connection) -> RoomVote:
            person = self._participant(conn, token)
            room = self._open_room(conn, person.room_id)
            if room.phase != ws.VOTE:
                raise WrongPhase("voting is not open: wait for the facilitator to start the vote",
                                 key="err.vote.phase")
            stamp = utc(self._now())
            row = {"participant_id": person.id, "stage_id": stage_id, "room_id": room.id,
                   "importance": None, "emotion": None, **given, "updated": stamp}
            dialect = conn.dialect.name
            upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(votes).values(row)
            conn.execute(upsert.on_conflict_do_update(
                index_elements=[votes.c.participant_id, votes.c.stage_id], set_={**given, "updated": stamp}))
            return _vote(conn.execute(select(votes).where(votes.c.participant_id == person.id,
                                                          votes.c.stage_id == stage_id)).one())

        return self._votes.run(write)  # votes arriving together share one commit (cjm.db.GroupCommit)

    def add_note(self, token: str, stage_id: str, kind: str, text: str) -> RoomNote:
        """Add a note (pain point, idea or question) to a stage, in the collect phase."""
        kind, text = ws.check_note(kind, text)
        per_phase = self.limits.notes_per_phase
        self._check_stage(self._known_map(token), stage_id)
        with self.db.write(Phrase("err.db.do.save_note"), Phrase("err.db.hint.text_kept")) as conn:
            person = self._participant(conn, token)
            room = self._open_room(conn, person.room_id)
            if room.phase != ws.COLLECT:
                raise WrongPhase("notes are collected in the collect phase: the facilitator has moved on",
                                 key="err.note.phase")
            mine = select(func.count()).select_from(notes).where(notes.c.participant_id == person.id)
            if conn.execute(mine).scalar_one() >= ws.MAX_NOTES_PER_PARTICIPANT:
                raise Throttled(f"you have added {ws.MAX_NOTES_PER_PARTICIPANT} notes, the most one person can",
                                None, key="err.note.total", limit=ws.MAX_NOTES_PER_PARTICIPANT)
            since = utc(room.phase_started or room.opened)
            if conn.execute(mine.where(notes.c.created >= since)).scalar_one() >= per_phase:
                raise Throttled(f"you have added {per_phase} notes in this phase, the most one person can",
                                None, key="err.note.per_phase", limit=per_phase)
            row = {"id": new_id(), "room_id": room.id, "participant_id": person.id, "stage_id": stage_id,
                   "kind": kind, "text": text, "created": utc(self._now())}
            conn.execute(insert(notes).values(row))
        return _note(row)

    def delete_note(self, token: str, note_id: str) -> None:
        """Remove one of your own notes while the room is open."""
        with self.db.write(Phrase("err.db.do.remove_note"), Phrase("err.db.hint.try_again")) as conn:
            person = self._participant(conn, token)
            self._open_room(conn, person.room_id)
            result = conn.execute(sql_delete(notes).where(notes.c.id == str(note_id),
                                                          notes.c.participant_id == person.id))
        if result.rowcount == 0:
            raise NotAllowed("that note is not one of yours, or it was already removed", key="err.note.not_yours")

    def room_of(self, token: str) -> Room:
        """The room of a participant token, without the map: what a phone polls for phase and timer."""
        with self.db.read(Phrase("err.db.do.load_workshop")) as conn:
            return self._room(conn, self._participant(conn, token).room_id)

    def stages(self, room: Room) -> Map:
        """The room's map as it is now (parsed once per version: every phone asks for it)."""
        with self.db.read(Phrase("err.db.do.load_map")) as conn:
            version = self._version(conn, room.map_id)
        return self._map_of(room.map_id, version)

    # --- helpers ------------------------------------------------------------------------------
    def _owner_update(self, owner: Owner, room_id: str, action: str, **values: Any) -> Room:
        check_owner(owner)
        with self.db.write(action, Phrase("err.db.hint.try_again")) as conn:
            room = self._open_room(conn, str(room_id))
            conn.execute(update(rooms).where(rooms.c.id == room.id).values(**values))
            return self._room(conn, room.id)

    def _participant(self, conn: Connection, token: str) -> Participant:
        given = ws.secret_hash(token) if isinstance(token, str) and token else ""
        row = conn.execute(select(participants).where(participants.c.token_hash == given)).first()
        if row is None:
            raise NotAllowed("this participant link is not valid: join again with the room's code", key="err.token")
        return Participant(row.id, row.room_id, row.name, aware(row.joined))

    def _room(self, conn: Connection, room_id: str) -> Room:
        row = conn.execute(select(rooms).where(rooms.c.id == room_id)).first()
        if row is None:
            raise RoomNotFound("this workshop no longer exists", key="err.room.gone")
        return _room(row._mapping)

    def _open_room(self, conn: Connection, room_id: str) -> Room:
        room = self._room(conn, room_id)
        if not room.is_open(self._now()):
            raise RoomClosed("this workshop has ended: nothing more can be added", key="err.room.ended")
        return room

    def _version(self, conn: Connection, map_id: str) -> int:
        version = conn.execute(select(maps.c.current_version).where(maps.c.id == map_id)).scalar()
        if version is None:
            raise MapNotFound.keyed("err.store.not_found", id=map_id)
        return version

    def _map_of(self, map_id: str, version: int) -> Map:
        """The map in ``version``, parsed once per version (phones ask for it all the time).

        Called with no transaction open: a thread never holds one pooled connection while waiting for another
        (a room of phones arriving at once would otherwise take every connection and wait for ever).
        """
        key = (map_id, version)
        with self._maps_lock:
            cached = self._maps.get(key)
            if cached is not None:
                self._maps.move_to_end(key)
                return cached
        with self._loading:  # one parse per version, however many phones ask at once
            with self._maps_lock:
                cached = self._maps.get(key)
            if cached is not None:
                return cached
            stored = self.store.get(map_id)
            with self._maps_lock:
                self._maps[(map_id, stored.version)] = stored.map
                while len(self._maps) > MAP_CACHE:
                    self._maps.popitem(last=False)
                if stored.version >= self._latest.get(map_id, (0, None))[0]:
                    self._latest[map_id] = (stored.version, stored.map)
        return stored.map

    def _known_map(self, token: str) -> Map:
        """The newest version of the participant's map this store has parsed (every page load and poll that
        changes state refreshes it), else the current one. Checking a vote's stage against it saves a read per
        tap; a stage deleted a moment ago at worst takes a vote that the tally and accept leave out (orphans)."""
        key = ws.secret_hash(token) if isinstance(token, str) else ""
        map_id = self._room_maps.get(key)
        if map_id is not None and map_id in self._latest:
            return self._latest[map_id][1]
        m = self._current_map(token)  # also checks the token: an unknown one never gets here
        if len(self._room_maps) > 100_000:
            self._room_maps.clear()
        self._room_maps[key] = m.id
        return m

    def _current_map(self, token: str) -> Map:
        """The map of the participant's room, read before any write (parsing it must not happen inside one)."""
        with self.db.read(Phrase("err.db.do.load_workshop")) as conn:
            room = self._room(conn, self._participant(conn, token).room_id)
            version = self._version(conn, room.map_id)
        return self._map_of(room.map_id, version)

    def _check_stage(self, m: Map, stage_id: str) -> None:
        if not isinstance(stage_id, str) or m.stage(stage_id) is None:
            raise WorkshopError("that stage is no longer on the map: reload to see the current stages",
                                key="err.stage.gone")


def _room(row: Any) -> Room:
    get = row.get if hasattr(row, "get") else row.__getitem__
    return Room(
        id=get("id"), code=get("code"), map_id=get("map_id"), phase=get("phase"),
        phase_ends_at=aware(get("phase_ends_at")), timer_minutes=get("timer_minutes"),
        opened=aware(get("opened")), expires_at=aware(get("expires_at")), closed_at=aware(get("closed_at")),
        accepted_version=get("accepted_version"), vote_round=int(get("vote_round") or 1),
        revealed=bool(get("revealed")), phase_started=aware(get("phase_started")),
    )


def _vote(row: Any) -> RoomVote:
    return RoomVote(row.participant_id, row.stage_id, row.importance, row.emotion)


def _note(row: Any) -> RoomNote:
    get = row.get if isinstance(row, dict) else row._mapping.get
    return RoomNote(get("id"), get("participant_id"), get("stage_id"), get("kind"), get("text"),
                    aware(get("created")))


__all__ = [
    "NotAllowed", "Participant", "ParticipantView", "Room", "RoomClosed", "RoomNotFound", "RoomStore",
    "Snapshot", "WorkshopError", "WrongPhase", "check_owner",
]
