"""Workshop rooms in the map store's database: rooms, participants, votes and notes.

Who may do what is decided here, by the token each caller holds:

* the **facilitator token** (returned once by :meth:`RoomStore.open_room`, 256 bits, stored only
  as its SHA-256) changes the room: phase, timer, closing, reading the board, accepting;
* a **participant token** (returned by :meth:`RoomStore.join`) lets its holder vote and add or
  remove their *own* notes while the room is open and in the right phase, nothing else;
* the **join code** only lets people join an open, unexpired room.

A participant's repeated vote on a stage replaces the earlier one (one row per participant and
stage, written with an upsert, so concurrent votes are never lost or doubled). Everything is
in the same database as the maps, so several app instances on one PostgreSQL share rooms.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
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
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from . import workshop as ws
from .db import aware, metadata, utc
from .errors import CJMError
from .i18n import t
from .model import Map, new_id, now
from .storage import MapStore, StoredMap
from .workshop import RoomNote, RoomVote, WorkshopError

# --- tables (in cjm.db's metadata, beside the maps': opening the database creates them) ------
rooms = Table(
    "workshop_rooms",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("map_id", String(64), ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    Column("facilitator_hash", String(64), nullable=False),
    Column("phase", String(16), nullable=False),
    Column("phase_ends_at", DateTime(timezone=True)),
    Column("timer_minutes", Float),
    Column("opened", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("accepted_version", Integer),
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

votes = Table(
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
)

_UNSET: Any = object()


# --- errors ---------------------------------------------------------------------------------
class RoomNotFound(CJMError):
    """No open room has this code, or the link is wrong."""


class RoomClosed(CJMError):
    """The room was closed or has expired."""


class NotAllowed(CJMError):
    """The token does not give the right to do this."""


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

    def is_open(self, at: datetime | None = None) -> bool:
        return self.closed_at is None and (at or now()) < self.expires_at

    @property
    def state(self) -> str:
        """The phase, or ``closed`` once closed or expired."""
        return self.phase if self.is_open() else ws.CLOSED

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
    """Everything on the facilitator's board at one moment."""

    room: Room
    map: Map
    map_version: int
    participants: dict[str, str]  # id -> display name
    votes: list[RoomVote]
    notes: list[RoomNote]

    def tally(self) -> list[ws.StageTally]:
        return ws.tally(self.map, self.votes, self.notes)

    @property
    def voters(self) -> int:
        """Participants who have voted on at least one stage."""
        return len({v.participant_id for v in self.votes})


@dataclass(frozen=True)
class ParticipantView:
    """What one participant sees: the room, the map's stages, their own votes and notes."""

    room: Room
    participant: Participant
    map: Map
    votes: dict[str, RoomVote]  # stage id -> this participant's vote
    notes: list[RoomNote]  # this participant's notes, oldest first


class RoomStore:
    """Workshop rooms stored beside the maps of ``store`` (same database: ``store.db``)."""

    def __init__(self, store: MapStore, clock: Callable[[], datetime] = now):
        self.store = store
        self.db = store.db
        self._now = clock
        self.db.create_tables("prepare the workshop tables")  # done already if this module was loaded first

    # --- facilitator ------------------------------------------------------------------------
    def open_room(self, map_id: str, phase: str = "collect") -> tuple[Room, str]:
        """A new room for the map; returns it and the facilitator token (shown once, never stored)."""
        phase = ws.check_phase(phase)
        secret = ws.new_secret()
        stored = self.store.get(map_id)  # raises MapNotFound
        if stored.in_trash:
            raise WorkshopError("this map is in the trash: restore it before starting a workshop")
        opened = self._now()
        for _attempt in range(20):
            row = {
                "id": new_id(), "code": ws.new_code(), "map_id": map_id, "facilitator_hash": ws.secret_hash(secret),
                "phase": phase, "phase_ends_at": None, "timer_minutes": None, "opened": utc(opened),
                "expires_at": utc(opened + timedelta(hours=ws.ROOM_HOURS)), "closed_at": None,
                "accepted_version": None,
            }
            try:
                with self.db.write("open the workshop room", "try again") as conn:
                    conn.execute(insert(rooms).values(row))
            except CJMError as exc:
                if isinstance(exc.__cause__, IntegrityError):  # the random code is taken: draw again
                    continue
                raise
            return _room(row), secret
        raise WorkshopError("could not find a free join code: try again")

    def facilitate(self, room_id: str, token: str) -> Room:
        """The room, if ``token`` is its facilitator token; else :class:`NotAllowed`."""
        with self.db.read("load the workshop room") as conn:
            return self._facilitated(conn, room_id, token)

    def set_phase(self, room_id: str, token: str, phase: str, minutes: float | None = None) -> Room:
        """Move the room to ``phase`` with a fresh timer of ``minutes`` (None: no timer)."""
        phase = ws.check_phase(phase)
        minutes = ws.check_minutes(minutes)
        at = self._now()
        ends = utc(at + timedelta(minutes=minutes)) if minutes else None
        return self._facilitator_update(room_id, token, "change the phase",
                                        phase=phase, phase_ends_at=ends, timer_minutes=minutes)

    def set_timer(self, room_id: str, token: str, minutes: float | None) -> Room:
        """Restart (or stop, with None) the current phase's timer."""
        minutes = ws.check_minutes(minutes)
        ends = utc(self._now() + timedelta(minutes=minutes)) if minutes else None
        return self._facilitator_update(room_id, token, "set the timer", phase_ends_at=ends, timer_minutes=minutes)

    def close(self, room_id: str, token: str) -> Room:
        """Close the room: its code stops working, participants see that it has ended."""
        with self.db.write("close the room", "try again") as conn:
            room = self._facilitated(conn, room_id, token, open_only=False)
            if room.closed_at is not None:
                return room
            conn.execute(update(rooms).where(rooms.c.id == room_id).values(closed_at=utc(self._now())))
            return self._room(conn, room_id)

    def snapshot(self, room_id: str, token: str) -> Snapshot:
        """The board: the room, its map, participants, every vote and note."""
        with self.db.read("load the workshop") as conn:
            room = self._facilitated(conn, room_id, token, open_only=False)
            people = {r.id: r.name for r in conn.execute(
                select(participants.c.id, participants.c.name).where(participants.c.room_id == room_id))}
            room_votes = [_vote(r) for r in conn.execute(select(votes).where(votes.c.room_id == room_id))]
            room_notes = [_note(r) for r in conn.execute(select(notes).where(notes.c.room_id == room_id))]
        stored = self.store.get(room.map_id)
        return Snapshot(room, stored.map, stored.version, people, room_votes, room_notes)

    def accept(self, room_id: str, token: str, save: Callable[[Callable[[Map], Map], str], Map]) -> ws.Accepted:
        """Put the room's votes and notes into the map through ``save`` (e.g. ``MapEditor.apply``).

        ``save(change, note)`` applies ``change`` to the current map and stores it as one version,
        so undo takes the whole result back. Accepting again adds only what is new.
        """
        snap = self.snapshot(room_id, token)
        room = snap.room
        result: list[ws.Accepted] = []

        def change(m: Map) -> Map:
            changed, accepted = ws.accept(
                m, code=room.code, opened=room.opened, accepted=self._now(), participants=snap.participants,
                votes=snap.votes, notes=snap.notes)
            result.append(accepted)
            return changed

        save(change, t("note.workshop", snap.map.language, code=room.code))
        version = self.store.current_version(room.map_id)
        with self.db.write("mark the room accepted", "try again") as conn:
            conn.execute(update(rooms).where(rooms.c.id == room_id).values(accepted_version=version))
        return result[-1]

    def rooms_of_map(self, map_id: str) -> list[Room]:
        """The map's rooms, newest first (for the facilitator's list; no tokens)."""
        with self.db.read("load the workshop rooms") as conn:
            rows = conn.execute(select(rooms).where(rooms.c.map_id == map_id).order_by(rooms.c.opened.desc()))
            return [_room(r._mapping) for r in rows]

    # --- participants -----------------------------------------------------------------------
    def find(self, code: str) -> Room:
        """The open room with this join code."""
        cleaned = ws.normalize_code(code)
        if not cleaned:
            raise RoomNotFound("enter the code shown on the facilitator's screen")
        with self.db.read("find the workshop") as conn:
            row = conn.execute(select(rooms).where(rooms.c.code == cleaned)).first()
        if row is None:
            raise RoomNotFound(f'no workshop has the code "{cleaned}": check the code on the screen')
        room = _room(row._mapping)
        if not room.is_open(self._now()):
            raise RoomClosed(f'the workshop "{cleaned}" has ended: its code no longer works')
        return room

    def join(self, code: str, name: str) -> tuple[Participant, str]:
        """Join the open room with ``code`` as ``name``; returns the participant and their token."""
        name = ws.check_name(name)
        room = self.find(code)
        secret = ws.new_secret()
        with self.db.write("join the workshop", "try again") as conn:
            count = conn.execute(select(func.count()).select_from(participants)
                                 .where(participants.c.room_id == room.id)).scalar_one()
            if count >= ws.MAX_PARTICIPANTS:
                raise WorkshopError(f"this workshop is full ({ws.MAX_PARTICIPANTS:,} participants)")
            self._open_room(conn, room.id)
            taken = conn.execute(select(participants.c.name).where(participants.c.room_id == room.id)).scalars()
            row = {"id": new_id(), "room_id": room.id, "name": ws.unique_name(name, taken),
                   "token_hash": ws.secret_hash(secret), "joined": utc(self._now())}
            conn.execute(insert(participants).values(row))
        return Participant(row["id"], room.id, row["name"], aware(row["joined"])), secret

    def view(self, token: str) -> ParticipantView:
        """What the holder of a participant token sees (also after the room closed)."""
        with self.db.read("load the workshop") as conn:
            person = self._participant(conn, token)
            room = self._room(conn, person.room_id)
            mine = {r.stage_id: _vote(r) for r in conn.execute(
                select(votes).where(votes.c.participant_id == person.id))}
            own = [_note(r) for r in conn.execute(
                select(notes).where(notes.c.participant_id == person.id).order_by(notes.c.created, notes.c.id))]
        stored = self._map(room)
        return ParticipantView(room, person, stored.map, mine, own)

    def vote(self, token: str, stage_id: str, *, importance: Any = _UNSET, emotion: Any = _UNSET) -> RoomVote:
        """Record (or change) this participant's vote on a stage; the last vote wins.

        Only in the vote phase of an open room, only on a stage of the map, only on the scale.
        Giving one of importance/emotion keeps the other as it was.
        """
        given: dict[str, int] = {}
        if importance is not _UNSET:
            given["importance"] = ws.check_importance(importance)
        if emotion is not _UNSET:
            given["emotion"] = ws.check_emotion(emotion)
        if not given:
            raise WorkshopError("a vote needs an importance, an emotion or both")
        self._check_stage(self.room_of(token), stage_id)  # before the write lock: reading the map is slow
        with self.db.write("save your vote", "tap again") as conn:
            person = self._participant(conn, token)
            room = self._open_room(conn, person.room_id)
            if room.phase != "vote":
                raise WorkshopError("voting is not open: wait for the facilitator to start the vote")
            stamp = utc(self._now())
            row = {"participant_id": person.id, "stage_id": stage_id, "room_id": room.id,
                   "importance": None, "emotion": None, **given, "updated": stamp}
            dialect = conn.dialect.name
            upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(votes).values(row)
            conn.execute(upsert.on_conflict_do_update(
                index_elements=[votes.c.participant_id, votes.c.stage_id], set_={**given, "updated": stamp}))
            stored = conn.execute(select(votes).where(votes.c.participant_id == person.id,
                                                      votes.c.stage_id == stage_id)).one()
        return _vote(stored)

    def add_note(self, token: str, stage_id: str, kind: str, text: str) -> RoomNote:
        """Add a note (pain point, idea or question) to a stage, in the collect phase."""
        kind, text = ws.check_note(kind, text)
        self._check_stage(self.room_of(token), stage_id)
        with self.db.write("save your note", "your text is kept, try again") as conn:
            person = self._participant(conn, token)
            room = self._open_room(conn, person.room_id)
            if room.phase != "collect":
                raise WorkshopError("notes are collected in the collect phase: the facilitator has moved on")
            count = conn.execute(select(func.count()).select_from(notes)
                                 .where(notes.c.participant_id == person.id)).scalar_one()
            if count >= ws.MAX_NOTES_PER_PARTICIPANT:
                raise WorkshopError(f"you have added {ws.MAX_NOTES_PER_PARTICIPANT} notes, the most one person can")
            row = {"id": new_id(), "room_id": room.id, "participant_id": person.id, "stage_id": stage_id,
                   "kind": kind, "text": text, "created": utc(self._now())}
            conn.execute(insert(notes).values(row))
        return _note(row)

    def delete_note(self, token: str, note_id: str) -> None:
        """Remove one of your own notes while the room is open."""
        with self.db.write("remove the note", "try again") as conn:
            person = self._participant(conn, token)
            self._open_room(conn, person.room_id)
            result = conn.execute(sql_delete(notes).where(notes.c.id == note_id,
                                                          notes.c.participant_id == person.id))
        if result.rowcount == 0:
            raise NotAllowed("that note is not one of yours, or it was already removed")

    # --- helpers ------------------------------------------------------------------------------
    def _facilitated(self, conn: Connection, room_id: str, token: str, open_only: bool = False) -> Room:
        row = conn.execute(select(rooms).where(rooms.c.id == str(room_id))).first()
        given = ws.secret_hash(token) if isinstance(token, str) else ""
        if row is None or not hmac.compare_digest(row.facilitator_hash, given):
            raise NotAllowed("this facilitator link is not valid: open the workshop from the link you were given")
        room = _room(row._mapping)
        if open_only and not room.is_open(self._now()):
            raise RoomClosed("this workshop has ended")
        return room

    def _facilitator_update(self, room_id: str, token: str, action: str, **values: Any) -> Room:
        with self.db.write(action, "try again") as conn:
            self._facilitated(conn, room_id, token, open_only=True)
            conn.execute(update(rooms).where(rooms.c.id == room_id).values(**values))
            return self._room(conn, room_id)

    def _participant(self, conn: Connection, token: str) -> Participant:
        given = ws.secret_hash(token) if isinstance(token, str) and token else ""
        row = conn.execute(select(participants).where(participants.c.token_hash == given)).first()
        if row is None:
            raise NotAllowed("this participant link is not valid: join again with the room's code")
        return Participant(row.id, row.room_id, row.name, aware(row.joined))

    def _room(self, conn: Connection, room_id: str) -> Room:
        row = conn.execute(select(rooms).where(rooms.c.id == room_id)).first()
        if row is None:
            raise RoomNotFound("this workshop no longer exists")
        return _room(row._mapping)

    def _open_room(self, conn: Connection, room_id: str) -> Room:
        room = self._room(conn, room_id)
        if not room.is_open(self._now()):
            raise RoomClosed("this workshop has ended: nothing more can be added")
        return room

    def room_of(self, token: str) -> Room:
        """The room of a participant token, without the map: what a phone polls for phase and timer."""
        with self.db.read("load the workshop") as conn:
            return self._room(conn, self._participant(conn, token).room_id)

    def _map(self, room: Room) -> StoredMap:
        return self.store.get(room.map_id)

    def _check_stage(self, room: Room, stage_id: str) -> None:
        if not isinstance(stage_id, str) or self._map(room).map.stage(stage_id) is None:
            raise WorkshopError("that stage is no longer on the map: reload to see the current stages")


def _room(row: Any) -> Room:
    get = row.get if hasattr(row, "get") else row.__getitem__
    return Room(
        id=get("id"), code=get("code"), map_id=get("map_id"), phase=get("phase"),
        phase_ends_at=aware(get("phase_ends_at")), timer_minutes=get("timer_minutes"),
        opened=aware(get("opened")), expires_at=aware(get("expires_at")), closed_at=aware(get("closed_at")),
        accepted_version=get("accepted_version"),
    )


def _vote(row: Any) -> RoomVote:
    return RoomVote(row.participant_id, row.stage_id, row.importance, row.emotion)


def _note(row: Any) -> RoomNote:
    get = row.get if isinstance(row, dict) else row._mapping.get
    return RoomNote(get("id"), get("participant_id"), get("stage_id"), get("kind"), get("text"),
                    aware(get("created")))


__all__ = [
    "NotAllowed", "Participant", "ParticipantView", "Room", "RoomClosed", "RoomNotFound", "RoomStore",
    "Snapshot", "WorkshopError",
]
