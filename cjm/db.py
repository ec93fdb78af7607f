"""The database under the stores: where it lives, its engine, transactions, table creation, errors, times.

:class:`Database` is what the stores (:mod:`cjm.storage` for maps, :mod:`cjm.rooms` for workshops) share: one
SQLAlchemy engine, configured alike for SQLite and PostgreSQL, and two kinds of transaction::

    with db.read("load the map") as conn: ...
    with db.write("save", hint="your edit is kept, try again") as conn: ...

Every database failure inside them reaches the caller as one :class:`StorageError` line ("could not save:
database is locked — your edit is kept, try again"), never as a raw SQLAlchemy exception.

SQLite: WAL, durable commits, a busy timeout and foreign keys on every connection; a write transaction takes the
write lock up front (``BEGIN IMMEDIATE``), so it waits for another writer instead of failing halfway.
PostgreSQL: READ COMMITTED, and ``lock_timeout`` set to the same timeout. Every table of :data:`metadata` (the
stores add theirs to it) is created once, under a lock, when a database lacks it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, Index, MetaData, create_engine, event, func, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .errors import CJMError, Phrase

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATABASE_FILE = "cjm.sqlite3"
BUSY_TIMEOUT_MS = 5000
SCHEMA_LOCK = 0x636A6D5F736368  # PostgreSQL advisory lock held while creating tables ("cjm_sch")
# PostgreSQL errors that mean another transaction wrote the same rows first: unique_violation,
# serialization_failure, deadlock_detected
LOST_RACE = frozenset({"23505", "40001", "40P01"})
WRITE_OPTION = "cjm_write"  # execution option of a connection whose transaction is a write

metadata = MetaData()
"""Every table of every store: :meth:`Database.create_tables` creates what a database lacks."""


class StorageError(CJMError):
    """The database failed (locked, disk full, read-only, unreachable…); nothing was changed."""


def data_folder(data_dir: str | os.PathLike[str] | None = None, *, default_dir: Path | None = None) -> Path:
    """The data folder: ``data_dir``, else ``CJM_DATA_DIR``, else ``default_dir`` (``data/`` beside the package).

    The SQLite database lives there unless ``CJM_DATABASE_URL`` says otherwise, and so does the owner token
    (:mod:`cjm.access`) whatever the database.
    """
    return Path(data_dir or os.environ.get("CJM_DATA_DIR") or default_dir or DEFAULT_DATA_DIR).expanduser()


def database_url(data_dir: str | os.PathLike[str] | None = None, *, default_dir: Path | None = None) -> str:
    """``CJM_DATABASE_URL`` if set, else ``cjm.sqlite3`` in ``data_dir``, ``CJM_DATA_DIR`` or ``default_dir``.

    ``default_dir`` is :data:`DEFAULT_DATA_DIR` (``data/`` beside the package) unless given.
    """
    url = os.environ.get("CJM_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_folder(data_dir, default_dir=default_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"could not create the data folder {folder}: {exc.strerror or exc}") from exc
    path = folder.resolve() / DATABASE_FILE
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


class Database:
    """One database (SQLite or PostgreSQL) shared by the stores. Safe to share between threads."""

    def __init__(self, url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        """Open (and if needed create) the database and its tables; a lock is waited for ``busy_timeout_ms``."""
        self._busy_seconds = busy_timeout_ms / 1000
        with storage_errors(Phrase("err.db.do.open_db")):
            self.engine = create(url, busy_timeout_ms=busy_timeout_ms)
        # SQLite: this process's writers take turns on a lock of their own before BEGIN IMMEDIATE. SQLite's busy
        # handler makes a waiting writer sleep (up to 100 ms a time) and lets a newcomer overtake it, so with many
        # threads writing at once (a room of phones voting) some waited seconds or gave up "database is locked";
        # the lock hands over at once. Other processes on the same file still meet SQLite's busy timeout.
        self._writers = threading.RLock() if self.engine.dialect.name == "sqlite" else None
        with storage_errors(Phrase("err.db.do.open_db")):
            try:
                create_tables(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def read(self, action: str, hint: str = "") -> Iterator[Connection]:
        """A read transaction; a failure is a :class:`StorageError` "could not <action>: … — <hint>"."""
        with self.transaction(action, write=False, hint=hint) as conn:
            yield conn

    @contextmanager
    def write(self, action: str, hint: str = "") -> Iterator[Connection]:
        """A write transaction: committed at the end of the block, rolled back if it raises."""
        with self.transaction(action, write=True, hint=hint) as conn:
            yield conn

    @contextmanager
    def transaction(self, action: str, *, write: bool, hint: str = "") -> Iterator[Connection]:
        """One transaction; SQLite writes take the write lock up front (``BEGIN IMMEDIATE``), in turn."""
        turn = self._writers if write else None
        if turn is not None and not turn.acquire(timeout=4 * self._busy_seconds):
            raise failed(action, Phrase("err.db.locked"), hint)
        try:
            with storage_errors(action, hint), self.engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: write})
                with conn.begin():
                    yield conn
        finally:
            if turn is not None:
                turn.release()

    def create_tables(self, action: str = "prepare the database") -> None:
        """Create the tables of :data:`metadata` this database lacks (a store defined after opening it adds some)."""
        with storage_errors(action):
            create_tables(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


T = TypeVar("T")
MAX_GROUP = 64  # writes one commit carries at most


class _Waiting(Generic[T]):
    """One write waiting for its group's commit."""

    def __init__(self, job: Callable[[Connection], T]):
        self.job = job
        self.ready = threading.Event()
        self.leads = False
        self.result: T | None = None
        self.error: BaseException | None = None

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


class GroupCommit:
    """Small writes that arrive together share one transaction and one commit (group commit).

    A durable commit costs a disk flush (SQLite ``synchronous=FULL``, PostgreSQL's WAL flush); 60 workshop
    votes a second each paying one queue behind each other. Here the first writer leads: it runs every write
    waiting at that moment (at most :data:`MAX_GROUP`), each in its own savepoint — one refused write (a closed
    room, a wrong phase) is rolled back alone — commits once, and hands the lead to the next writer waiting.
    A writer returns only after the commit that holds its write, so an answer still means "stored"; a failed
    commit fails every write of the group with its error.
    """

    def __init__(self, db: Database, action: str, hint: str = ""):
        self.db, self.action, self.hint = db, action, hint
        self._lock = threading.Lock()
        self._waiting: list[_Waiting[Any]] = []
        self._busy = False

    def run(self, job: Callable[[Connection], T]) -> T:
        """Run ``job(conn)`` in a savepoint of a shared write transaction; its result once committed."""
        mine: _Waiting[T] = _Waiting(job)
        with self._lock:
            self._waiting.append(mine)
            if not self._busy:
                self._busy = mine.leads = True
        if not mine.leads:
            mine.ready.wait()  # set when committed, or when handed the lead
            if not mine.leads:
                return mine.outcome()
        with self._lock:
            group, self._waiting = self._waiting[:MAX_GROUP], self._waiting[MAX_GROUP:]
        try:
            self._commit(group)
        finally:
            with self._lock:
                if self._waiting:
                    nxt = self._waiting[0]
                    nxt.leads = True
                    nxt.ready.set()
                else:
                    self._busy = False
            for waiting in group:
                if waiting is not mine:
                    waiting.ready.set()
        return mine.outcome()

    def _commit(self, group: list[_Waiting[Any]]) -> None:
        try:
            with self.db.write(self.action, self.hint) as conn:
                for waiting in group:
                    try:
                        with storage_errors(self.action, self.hint), conn.begin_nested():
                            waiting.result = waiting.job(conn)
                    except Exception as exc:  # noqa: BLE001 - this write's own refusal, given back to its writer
                        waiting.error = exc
        except BaseException as exc:  # the commit itself failed: no write of the group stands
            for waiting in group:
                waiting.result, waiting.error = None, exc
            if not isinstance(exc, Exception):
                raise


def create(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine configured for the stores (see the module's docstring). Connects lazily."""
    backend = make_url(url).get_backend_name()
    options: dict[str, Any] = {"pool_pre_ping": backend != "sqlite"}  # a server may drop idle connections
    if backend == "postgresql":
        # Up to 40 connections: the web routes run in a pool of threads (28 in Streamlit's server) beside the app's
        # sessions. SQLite keeps the default 15: its writers take turns anyway, and waiting for a pooled
        # connection is fairer than SQLite's busy handler (more connections: "database is locked" under load).
        options.update(pool_size=10, max_overflow=30)
    if backend == "postgresql":
        options["isolation_level"] = "READ COMMITTED"  # what the stores' compare-and-set writes rely on
    try:
        engine = create_engine(url, **options)
    except ImportError as exc:
        raise StorageError(f"could not open the database: its driver is not installed ({exc})") from exc
    if backend == "sqlite":
        _configure_sqlite(engine, busy_timeout_ms)
    elif backend == "postgresql":
        _configure_postgresql(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, durable commits, a lock timeout and foreign keys on every connection; we emit BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # sqlite3 must not BEGIN by itself: see _on_begin
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            enable_wal(cursor, busy_timeout_ms)
            cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged commit survives a crash
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock first, so a writer waits (busy_timeout) instead of failing
        # when another connection committed between its read and its write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def enable_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """``PRAGMA journal_mode=WAL``, retried for up to ``busy_timeout_ms`` while the database is busy.

    Switching a file (a brand-new one included) to WAL while another connection holds its write lock fails at
    once with "database is locked": SQLite does not wait ``busy_timeout`` there. Several processes opening a new
    database together hit that; so the switch is retried like a busy handler would.
    """
    deadline = time.monotonic() + max(busy_timeout_ms, 0) / 1000
    pause = 0.002
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            left = deadline - time.monotonic()
            if not busy or left <= 0:
                raise
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.05)


def _configure_postgresql(engine: Engine, lock_timeout_ms: int) -> None:
    """Like SQLite's busy timeout: a statement waiting longer than this for a lock fails (0 would wait forever)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET inside a transaction would be undone by its rollback
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = {max(int(lock_timeout_ms), 1)}")
        finally:
            dbapi_connection.autocommit = autocommit


def create_tables(engine: Engine) -> None:
    """Create the missing tables, once even when several stores open a new database at the same moment.

    Columns a newer version added to an existing table are added (``ALTER TABLE … ADD COLUMN``: such a column is
    nullable or has a server default). Only a database that lacks a table or a column is written to (a read-only
    SQLite file with every table opens fine); then the tables are checked again and created under a lock: SQLite's
    write lock, a PostgreSQL advisory lock.
    """
    with engine.connect() as conn:
        missing = _missing(conn)
        conn.rollback()
        if not missing:
            return
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
            metadata.create_all(conn)
            for table, column in _missing(conn):  # checked again under the lock
                _add_column(conn, table, column)


def _missing(conn: Connection) -> list[tuple[Any, Any]]:
    """Tables this database lacks (column None), and columns and indexes a newer version added to tables it has."""
    inspector = inspect(conn)
    existing = set(inspector.get_table_names())
    found: list[tuple[Any, Any]] = []
    for name, table in metadata.tables.items():
        if name not in existing:
            found.append((table, None))
            continue
        have = {c["name"] for c in inspector.get_columns(name)}
        found += [(table, column) for column in table.columns if column.name not in have]
        indexed = {i["name"] for i in inspector.get_indexes(name)}
        found += [(table, index) for index in table.indexes if index.name not in indexed]
    return found


def _add_column(conn: Connection, table: Any, column: Any) -> None:
    """``ALTER TABLE … ADD COLUMN`` for a column added after the table was made (nullable or with a default), or
    ``CREATE INDEX`` for an index added after it."""
    if column is None:
        return  # a whole table: create_all made it
    if isinstance(column, Index):
        column.create(conn, checkfirst=True)
        return
    preparer = conn.dialect.identifier_preparer
    ddl = f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN {preparer.format_column(column)} " \
          f"{column.type.compile(dialect=conn.dialect)}"
    default = column.server_default
    if default is not None:
        ddl += f" DEFAULT {getattr(default.arg, 'text', default.arg)}"
    if not column.nullable:
        ddl += " NOT NULL"
    conn.exec_driver_sql(ddl)


def lost_race(exc: BaseException | None) -> bool:
    """Did PostgreSQL refuse a write because another transaction wrote the same rows first?"""
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in LOST_RACE


@contextmanager
def storage_errors(action: str, hint: str = "") -> Iterator[None]:
    """Database exceptions become one :class:`StorageError` line: "could not save: database is locked"."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        line = reason[0] if len(reason[0]) <= 200 else reason[0][:199] + "…"
        raise failed(action, line, hint) from exc


def failed(action: str, reason: str, hint: str = "") -> StorageError:
    """ "could not <action>: <reason> — <hint>", each part said in the reader's language when it is a Phrase."""
    if hint:
        return StorageError.keyed("err.db.failed_hint", action=action, reason=reason, hint=hint)
    return StorageError.keyed("err.db.failed", action=action, reason=reason)


def utc(value: datetime) -> datetime:
    """UTC for storage: SQLite keeps no time zone, so every stored time is UTC."""
    return value.astimezone(UTC)


def aware(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
