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


# --- group commit ---------------------------------------------------------------------------------------
def test_writes_arriving_together_share_commits_and_each_gets_its_own_answer(database, scratch):
    """40 writers at once: every write stored exactly once, each writer gets its own result, fewer commits."""
    from sqlalchemy import event

    database.create_tables()
    commits = []
    event.listen(database.engine, "commit", lambda conn: commits.append(1))
    group = db.GroupCommit(database, "add a number")
    start = threading.Barrier(40)
    answers: dict[int, int] = {}

    def writer(n: int) -> None:
        start.wait()
        answers[n] = group.run(lambda conn: conn.execute(insert(scratch).values(n=n)).inserted_primary_key[0] * 10)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(1, 41)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {n: n * 10 for n in range(1, 41)}
    with database.read("count") as conn:
        assert sorted(conn.execute(select(scratch.c.n)).scalars()) == list(range(1, 41))
    assert 1 <= len(commits) < 40  # at least two writers shared a commit


def test_a_refused_write_in_a_group_is_rolled_back_alone(database, scratch):
    database.create_tables()
    group = db.GroupCommit(database, "add a number")
    release = threading.Event()
    results: dict[str, object] = {}

    def slow_first(conn):  # holds the lead while the others queue up behind it
        conn.execute(insert(scratch).values(n=1))
        release.wait(10)
        return "first"

    def refused(conn):
        conn.execute(insert(scratch).values(n=2))
        raise ValueError("not in this phase")

    def fine(conn):
        conn.execute(insert(scratch).values(n=3))
        return "third"

    def run(name, job):
        try:
            results[name] = group.run(job)
        except ValueError as exc:
            results[name] = exc

    first = threading.Thread(target=run, args=("first", slow_first))
    first.start()
    while not group._busy:  # the first writer leads
        time.sleep(0.001)
    others = [threading.Thread(target=run, args=(name, job)) for name, job in (("refused", refused), ("third", fine))]
    for thread in others:
        thread.start()
    while len(group._waiting) < 2:  # both wait for the next commit (state, not time)
        time.sleep(0.001)
    release.set()
    for thread in [first, *others]:
        thread.join()
    assert results["first"] == "first" and results["third"] == "third"
    assert isinstance(results["refused"], ValueError)
    with database.read("count") as conn:
        assert sorted(conn.execute(select(scratch.c.n)).scalars()) == [1, 3]


def test_a_write_the_database_refuses_is_one_storage_error_line_and_the_lead_passes_on(database, scratch):
    database.create_tables()
    with database.write("seed") as conn:
        conn.execute(insert(scratch).values(n=7))
    group = db.GroupCommit(database, "add a number", "try again")
    with pytest.raises(StorageError, match="could not add a number"):
        group.run(lambda conn: conn.execute(text("INSERT INTO no_such_table VALUES (1)")))
    assert group.run(lambda conn: 5) == 5  # the next group runs: the lead was handed back
