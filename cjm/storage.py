"""Maps in a database, with every version kept: SQLite by default, PostgreSQL for shared workshops.

Each map has a summary row in ``maps`` (what the map list shows, computed on every write) and an
append-only history in ``map_versions`` (the map's JSON per version). Edits use optimistic
concurrency: :meth:`MapStore.save` names the version it edited and is refused with
:class:`MapConflict` if someone saved in between. Deleting moves a map to the trash
(``deleted_at`` set); a map in the trash can still be read, copied, restored or purged, not edited.

Every failure reaches the caller as a :class:`~cjm.errors.CJMError` with a one-line message:
database trouble becomes :class:`StorageError`, never a raw SQLAlchemy exception.
One :class:`MapStore` may be shared by many threads; each call is its own transaction. The database itself
(engine, transactions, error mapping) is a :class:`cjm.db.Database`, public as :attr:`MapStore.db`.

SQLite and PostgreSQL behave alike: on SQLite a write holds the database's write lock for its whole
transaction; on PostgreSQL (READ COMMITTED) the compare-and-set on the map's row decides, and a writer
that lost a race to another one gets :class:`MapConflict` too. On both, a lock held elsewhere for longer
than ``busy_timeout_ms`` gives :class:`StorageError`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

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
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from . import db, limits
from .actions import progress
from .db import BUSY_TIMEOUT_MS, Database, StorageError, aware, lost_race, metadata, utc
from .errors import CJMError, Phrase
from .i18n import t
from .mapfile import map_from_dict, map_to_dict
from .model import Map, new_id, now
from .scoring import score_map

DEFAULT_DATA_DIR = db.DEFAULT_DATA_DIR  # read by database_url() here: point it elsewhere to move the default
_KEPT = Phrase("err.db.hint.edit_kept")
_AGAIN = Phrase("err.db.hint.try_again")


# --- errors (StorageError, from cjm.db, is importable from here too) -----------------------
class MapNotFound(CJMError):
    """No such map (or version): never stored, or purged."""


class MapExists(CJMError):
    """A map with this id is already stored."""


class MapInTrash(CJMError):
    """The map is in the trash: restore it before editing it."""


class MapConflict(CJMError):
    """Someone saved the map since this copy was loaded."""

    def __init__(self, current_version: int, expected_version: int):
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(t("err.store.conflict", "en", current=current_version, expected=expected_version),
                         key="err.store.conflict", current=current_version, expected=expected_version)


# --- results -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredMap:
    """A map as stored: its content, its version, and when it went to the trash (``None`` if not)."""

    map: Map
    version: int
    deleted_at: datetime | None = None

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class MapSummary:
    """One row of the map list, read without parsing the map itself."""

    id: str
    title: str
    persona: str
    kind: str
    language: str
    stage_count: int
    top_stage: str | None
    top_score: float | None
    top_level: str | None
    version: int
    created: datetime
    updated: datetime
    deleted_at: datetime | None
    actions_done: int = 0  # the action plan's progress (a map stored before the plan existed: 0 of 0)
    actions_total: int = 0

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a map's history."""

    version: int
    note: str
    created: datetime
    title: str
    stage_count: int


# --- tables (in cjm.db's metadata: opening the database creates them) --------------------
maps = Table(
    "maps",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("persona", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("stage_count", Integer, nullable=False),
    Column("top_stage", Text),
    Column("top_score", Float),
    Column("top_level", String(16)),
    Column("current_version", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True)),
    Column("actions_done", Integer),  # added with the action plan: NULL in a row written before it (0 of 0)
    Column("actions_total", Integer),
    Index("ix_maps_updated", "updated"),
)

map_versions = Table(
    "map_versions",
    metadata,
    Column("map_id", String(64), ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("title", Text, nullable=False),  # title and stage_count: history without parsing documents
    Column("stage_count", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)


def database_url(data_dir: str | os.PathLike[str] | None = None) -> str:
    """``CJM_DATABASE_URL`` if set, else ``cjm.sqlite3`` in ``data_dir``, ``CJM_DATA_DIR`` or ``data/``."""
    return db.database_url(data_dir, default_dir=DEFAULT_DATA_DIR)


class MapStore:
    """Maps and their versions in one database. Safe to share between threads."""

    def __init__(self, url: str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        """Open (and if needed create) the database; a write waits ``busy_timeout_ms`` at most for a lock."""
        self.db = Database(url or database_url(), busy_timeout_ms=busy_timeout_ms)

    @classmethod
    def from_env(cls) -> MapStore:
        """The store at :func:`database_url`."""
        return cls(database_url())

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> MapStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------
    def get(self, map_id: str) -> StoredMap:
        """The current version; a map in the trash is returned too, with ``deleted_at`` set."""
        query = (
            select(maps.c.current_version, maps.c.deleted_at, map_versions.c.document)
            .join(map_versions, (map_versions.c.map_id == maps.c.id)
                  & (map_versions.c.version == maps.c.current_version))
            .where(maps.c.id == map_id)
        )
        with self.db.read(Phrase("err.db.do.load_map")) as conn:
            row = conn.execute(query).first()
        if row is None:
            raise _not_found(map_id)
        return StoredMap(_load(row.document), row.current_version, aware(row.deleted_at))

    def current_version(self, map_id: str) -> int:
        """The current version number only: a cheap check whether someone else saved meanwhile."""
        with self.db.read(Phrase("err.db.do.check_map")) as conn:
            version = conn.execute(select(maps.c.current_version).where(maps.c.id == map_id)).scalar()
        if version is None:
            raise _not_found(map_id)
        return version

    def get_version(self, map_id: str, version: int) -> Map:
        """The map as it was at ``version``."""
        with self.db.read(Phrase("err.db.do.load_version")) as conn:
            document = _document(conn, map_id, version)
        return _load(document)

    def history(self, map_id: str) -> list[VersionInfo]:
        """Every version, newest first."""
        query = (
            select(map_versions.c.version, map_versions.c.note, map_versions.c.created,
                   map_versions.c.title, map_versions.c.stage_count)
            .where(map_versions.c.map_id == map_id)
            .order_by(map_versions.c.version.desc())
        )
        with self.db.read(Phrase("err.db.do.load_history")) as conn:
            rows = conn.execute(query).all()
        if not rows:
            raise _not_found(map_id)
        return [VersionInfo(r.version, r.note, aware(r.created), r.title, r.stage_count) for r in rows]

    def list_maps(self, include_deleted: bool = False) -> list[MapSummary]:
        """Summaries, most recently updated first; maps in the trash only if ``include_deleted``."""
        query = select(maps).order_by(maps.c.updated.desc(), maps.c.id)
        if not include_deleted:
            query = query.where(maps.c.deleted_at.is_(None))
        return self._summaries(query, Phrase("err.db.do.load_list"))

    def trash(self) -> list[MapSummary]:
        """Maps in the trash, most recently deleted first."""
        query = select(maps).where(maps.c.deleted_at.is_not(None)).order_by(maps.c.deleted_at.desc(), maps.c.id)
        return self._summaries(query, Phrase("err.db.do.load_trash"))

    # --- writing ---------------------------------------------------------------------------
    def create(self, m: Map, note: str = "created") -> StoredMap:
        """Store a new map as version 1, exactly as given. Refuses an id already stored."""
        m = _checked(m)
        with self.db.write(Phrase("err.db.do.save_new_map"), Phrase("err.db.hint.try_again")) as conn:
            try:
                _insert_map(conn, m, note)
            except IntegrityError:  # the only constraint an insert of a new id can break
                raise MapExists.keyed("err.store.exists", id=m.id) from None
        return StoredMap(m, 1)

    def save(self, m: Map, expected_version: int, note: str) -> StoredMap:
        """Store ``m`` as the version after ``expected_version``, stamping ``updated``.

        Raises :class:`MapConflict` if the map's current version is not ``expected_version``.
        """
        m = _checked(m, updated=now())
        with self._versioned_write(Phrase("err.db.do.save"), m.id, expected_version, _KEPT) as conn:
            _append_version(conn, m, expected_version, note)
        return StoredMap(m, expected_version + 1)

    def restore_version(self, map_id: str, version: int, expected_version: int) -> StoredMap:
        """Make an old version the current one, as a new version (history is never rewritten)."""
        with self._versioned_write(Phrase("err.db.do.restore_version"), map_id, expected_version, _AGAIN) as conn:
            m = _load(_document(conn, map_id, version), updated=now())
            _append_version(conn, m, expected_version, f"restore version {version}")
        return StoredMap(m, expected_version + 1)

    def rename(self, map_id: str, title: str, expected_version: int) -> StoredMap:
        """A new version with another title."""
        with self._versioned_write(Phrase("err.db.do.rename_map"), map_id, expected_version, _AGAIN) as conn:
            row = conn.execute(
                select(map_versions.c.document)
                .where(map_versions.c.map_id == map_id, map_versions.c.version == expected_version)
            ).first()
            if row is None:
                _refuse(conn, map_id, expected_version)
            m = _load(row.document, title=title, updated=now())
            _append_version(conn, m, expected_version, "rename")
        return StoredMap(m, expected_version + 1)

    def duplicate(self, map_id: str, title: str | None = None, *, suffix: str = " (copy)") -> StoredMap:
        """A new map with a new id copying the current version; titled ``title`` or "<title><suffix>"."""
        with self.db.write(Phrase("err.db.do.copy_map"), Phrase("err.db.hint.try_again")) as conn:
            source = _current(conn, map_id)
            if title is None:
                title = source.map.title[: limits.MAX_TITLE_CHARS - len(suffix)] + suffix
            stamp = now()
            copy = _checked(source.map, id=new_id(), title=title, created=stamp, updated=stamp)
            _insert_map(conn, copy, f'copy of "{source.map.title}", version {source.version}')
        return StoredMap(copy, 1)

    def delete(self, map_id: str) -> None:
        """Move the map to the trash (no new version). Deleting a map already in the trash does nothing."""
        with self.db.write(Phrase("err.db.do.trash_map"), Phrase("err.db.hint.try_again")) as conn:
            result = conn.execute(
                update(maps).where(maps.c.id == map_id).values(deleted_at=func.coalesce(maps.c.deleted_at, now()))
            )
        if result.rowcount == 0:
            raise _not_found(map_id)

    def restore_from_trash(self, map_id: str) -> None:
        """Take the map out of the trash, as it was."""
        with self.db.write(Phrase("err.db.do.restore_map"), Phrase("err.db.hint.try_again")) as conn:
            result = conn.execute(update(maps).where(maps.c.id == map_id).values(deleted_at=None))
        if result.rowcount == 0:
            raise _not_found(map_id)

    def purge(self, map_id: str) -> None:
        """Remove the map and all its versions for good (in the trash or not)."""
        with self.db.write(Phrase("err.db.do.delete_map"), Phrase("err.db.hint.try_again")) as conn:
            conn.execute(delete(map_versions).where(map_versions.c.map_id == map_id))
            result = conn.execute(delete(maps).where(maps.c.id == map_id))
        if result.rowcount == 0:
            raise _not_found(map_id)

    # --- helpers ---------------------------------------------------------------------------
    @contextmanager
    def _versioned_write(self, action: str, map_id: str, expected_version: int, hint: str) -> Iterator[Connection]:
        """A write transaction adding the version after ``expected_version``.

        On PostgreSQL a writer that lost a race to another one can fail with a database error (a duplicate
        version, or a serialization failure under a stricter isolation level): if the map has moved on from
        ``expected_version`` meanwhile, that is a :class:`MapConflict` like any other.
        """
        try:
            with self.db.write(action, hint) as conn:
                yield conn
        except StorageError as exc:
            if not lost_race(exc.__cause__):
                raise
            with self.db.read(action, hint) as conn:
                current = conn.execute(select(maps.c.current_version).where(maps.c.id == map_id)).scalar()
                if current != expected_version:
                    _refuse(conn, map_id, expected_version)  # raises: not found, in the trash, conflict
            raise

    def _summaries(self, query: Any, action: str) -> list[MapSummary]:
        with self.db.read(action) as conn:
            rows = conn.execute(query).all()
        return [
            MapSummary(
                id=r.id, title=r.title, persona=r.persona, kind=r.kind, language=r.language,
                stage_count=r.stage_count, top_stage=r.top_stage, top_score=r.top_score, top_level=r.top_level,
                version=r.current_version, created=aware(r.created), updated=aware(r.updated),
                deleted_at=aware(r.deleted_at), actions_done=r.actions_done or 0, actions_total=r.actions_total or 0,
            )
            for r in rows
        ]


# --- module helpers ------------------------------------------------------------------------
def _append_version(conn: Connection, m: Map, expected_version: int, note: str) -> None:
    """Compare-and-set the summary to the next version, then add that version."""
    version = expected_version + 1
    result = conn.execute(
        update(maps)
        .where(maps.c.id == m.id, maps.c.current_version == expected_version, maps.c.deleted_at.is_(None))
        .values(current_version=version, **_summary(m))
    )
    if result.rowcount != 1:
        _refuse(conn, m.id, expected_version)
    conn.execute(insert(map_versions).values(_version_row(m, version, note)))


def _current(conn: Connection, map_id: str) -> StoredMap:
    row = conn.execute(select(maps.c.current_version, maps.c.deleted_at).where(maps.c.id == map_id)).first()
    if row is None:
        raise _not_found(map_id)
    document = _document(conn, map_id, row.current_version)
    return StoredMap(_load(document), row.current_version, aware(row.deleted_at))


def _insert_map(conn: Connection, m: Map, note: str) -> None:
    conn.execute(insert(maps).values(id=m.id, current_version=1, deleted_at=None, **_summary(m)))
    conn.execute(insert(map_versions).values(_version_row(m, 1, note)))


def _refuse(conn: Connection, map_id: str, expected_version: int) -> NoReturn:
    """Why a write to ``expected_version`` cannot happen: always raises."""
    row = conn.execute(select(maps.c.current_version, maps.c.deleted_at).where(maps.c.id == map_id)).first()
    if row is None:
        raise _not_found(map_id)
    if row.deleted_at is not None:
        raise MapInTrash.keyed("err.store.in_trash")
    raise MapConflict(row.current_version, expected_version)


def _document(conn: Connection, map_id: str, version: int) -> str:
    row = conn.execute(
        select(map_versions.c.document).where(map_versions.c.map_id == map_id, map_versions.c.version == version)
    ).first()
    if row is None:
        exists = conn.execute(select(maps.c.id).where(maps.c.id == map_id)).first()
        raise (MapNotFound.keyed("err.store.no_version", id=map_id, version=version) if exists
               else _not_found(map_id))
    return row.document


def _summary(m: Map) -> dict[str, Any]:
    # The top-ranked stage whatever its level: whether that level is a bottleneck is decided when the
    # Library reads it (cjm.levels.is_bottleneck), so a change of that rule needs no re-save.
    scores = score_map(m)
    top = scores[0] if scores and scores[0].rank is not None else None
    return {
        "title": m.title, "persona": m.persona, "kind": m.kind, "language": m.language,
        "stage_count": len(m.stages),
        "top_stage": top.stage if top else None,
        "top_score": top.score if top else None,
        "top_level": top.level if top else None,
        "actions_done": progress(m)[0], "actions_total": progress(m)[1],
        "created": utc(m.created), "updated": utc(m.updated),
    }


def _version_row(m: Map, version: int, note: str) -> dict[str, Any]:
    document = json.dumps(map_to_dict(m), ensure_ascii=False, separators=(",", ":"))
    return {"map_id": m.id, "version": version, "title": m.title, "stage_count": len(m.stages),
            "note": note, "document": document, "created": utc(now())}


def _checked(m: Map, **changes: Any) -> Map:
    """A validated copy of ``m`` with ``changes``: a map changed in place since it was built is checked again."""
    return _validated(map_to_dict(m), changes)


def _load(document: str, **changes: Any) -> Map:
    """The map in a stored document (migrated if older), with ``changes``."""
    return _validated(json.loads(document), changes)


def _validated(document: dict[str, Any], changes: dict[str, Any]) -> Map:
    document.update({k: v.isoformat() if isinstance(v, datetime) else v for k, v in changes.items()})
    return map_from_dict(document)


def _not_found(map_id: str) -> MapNotFound:
    return MapNotFound.keyed("err.store.not_found", id=map_id)
