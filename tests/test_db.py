"""cjm.db: the database the stores share — transactions, error mapping, table creation, SQLite's WAL switch.

Tests taking ``database_url`` run on SQLite and on PostgreSQL (tests/conftest.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import Column, Integer, Table, insert, select, text

from cjm import db, storage
from cjm.db import Database, StorageError, metadata
from cjm.rooms import RoomStore
from cjm.storage import MapStore


@pytest.fixture
def database(database_url):
    d = Database(database_url)
    yield d
    d.dispose()


def scratch_table(name: str = "scratch") -> Table:
    return Table(name, metadata, Column("n", Integer, primary_key=True))


@pytest.fixture
def scratch():
    """A table added to the shared metadata for one test (taken out again: later databases do not get it)."""
    table = scratch_table()
    yield table
    metadata.remove(table)


def test_a_write_commits_and_a_failed_write_leaves_nothing(database, scratch):
    database.create_tables()
    with database.write("add one") as conn:
        conn.execute(insert(scratch).values(n=1))
    with pytest.raises(RuntimeError), database.write("add two") as conn:
        conn.execute(insert(scratch).values(n=2))
        raise RuntimeError("changed my mind")
    with database.read("count") as conn:
        assert conn.execute(select(scratch.c.n)).scalars().all() == [1]


def test_database_failures_become_one_storage_error_line(database, scratch):
    database.create_tables()
    with database.write("add one") as conn:
        conn.execute(insert(scratch).values(n=1))
    with pytest.raises(StorageError) as info, database.write("add it again", hint="try again") as conn:
        conn.execute(insert(scratch).values(n=1))
    message = info.value.message
    assert message.startswith("could not add it again: ") and message.endswith(" — try again")
    assert "\n" not in message
    assert isinstance(info.value.__cause__, Exception)


def test_tables_added_later_are_created_by_create_tables(database):
    table = scratch_table("scratch_later")
    try:
        with database.read("look") as conn:
            assert "scratch_later" not in {r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master" if database.dialect == "sqlite"
                else "SELECT tablename FROM pg_tables"))}
        database.create_tables()
        database.create_tables()  # nothing left to do: no error
        with database.read("count") as conn:
            assert conn.execute(select(table.c.n)).all() == []
    finally:
        metadata.remove(table)


def test_dialect_names_the_backend(database, database_url):
    assert database.dialect == ("sqlite" if database_url.startswith("sqlite") else "postgresql")


def test_map_and_room_stores_share_one_public_database(database_url):
    with MapStore(database_url) as store:
        assert isinstance(store.db, Database)
        rooms = RoomStore(store)
        assert rooms.db is store.db
    assert storage.StorageError is db.StorageError  # callers keep importing it from cjm.storage


# --- SQLite's switch to WAL -----------------------------------------------------------------------------
def hold_write_lock(path, seconds: float | None) -> sqlite3.Connection:
    """A plain connection holding the (rollback-journal) write lock of ``path``; released after ``seconds``."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    if seconds is not None:
        threading.Timer(seconds, holder.execute, ["COMMIT"]).start()
    return holder


def test_a_new_sqlite_file_opens_while_another_connection_holds_its_write_lock(tmp_path):
    """SQLite fails the WAL switch at once while another connection writes (no busy wait): it is retried.

    This is what several processes opening a brand-new database at the same moment ran into.
    """
    path = tmp_path / "cjm.sqlite3"
    holder = hold_write_lock(path, 0.3)
    started = time.monotonic()
    try:
        database = Database(f"sqlite:///{path}")
        waited = time.monotonic() - started
        with database.read("check") as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        database.dispose()
    finally:
        holder.close()
    assert 0.25 <= waited < 4


def test_the_wal_switch_waits_no_longer_than_the_busy_timeout(tmp_path):
    path = tmp_path / "cjm.sqlite3"
    holder = hold_write_lock(path, None)
    started = time.monotonic()
    try:
        with pytest.raises(StorageError) as info:
            Database(f"sqlite:///{path}", busy_timeout_ms=200)
    finally:
        holder.close()
    assert info.value.message == "could not open the database: database is locked"
    assert 0.19 <= time.monotonic() - started < 3


def test_the_wal_switch_is_not_retried_for_other_errors():
    calls = []

    class Cursor:
        def execute(self, sql):
            calls.append(sql)
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        db.enable_wal(Cursor(), 5000)
    assert calls == ["PRAGMA journal_mode=WAL"]
