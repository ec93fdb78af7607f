"""The map store: versions, conflicts, the trash, storage failures, crash durability, threads.

Tests taking ``store`` or ``database_url`` run twice, on SQLite and on PostgreSQL (tests/conftest.py); tests of
SQLite's own machinery (locks, pragmas, files) use ``db_path``, and tests of PostgreSQL's use ``postgres_url``.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from functools import partial
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from cjm import editing, storage
from cjm.errors import CJMError, MapValidationError
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.model import Map, now
from cjm.storage import (
    MapConflict,
    MapExists,
    MapInTrash,
    MapNotFound,
    MapStore,
    StorageError,
    StoredMap,
    database_url,
)
from tests.conftest import make_map_dict
from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parents[1]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "cjm.sqlite3"


@pytest.fixture
def store(database_url):
    """A store on an empty database, once on SQLite and once on PostgreSQL."""
    with MapStore(database_url) as s:
        yield s


def make_map(**overrides) -> Map:
    return map_from_dict(make_map_dict(**overrides))


def retitled(m: Map, title: str) -> Map:
    return m.model_copy(update={"title": title})


def content(m: Map) -> dict:
    """Everything but the ``updated`` stamp."""
    return {k: v for k, v in map_to_dict(m).items() if k != "updated"}


def rows(store: MapStore, sql: str) -> list[tuple]:
    """Rows straight from the store's database, whichever it is."""
    with store.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def race(threads: int, attempt) -> list:
    """``attempt(i)`` in ``threads`` threads at once (they start together); the outcomes in order."""
    barrier = threading.Barrier(threads)

    def run(i: int):
        barrier.wait()
        return attempt(i)

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(run, range(threads)))


# --- versions ------------------------------------------------------------------------------------
def test_create_get_round_trip(store):
    m = make_map()
    created = store.create(m)
    assert (created.map, created.version) == (m, 1)
    got = store.get(m.id)
    assert (got.map, got.version, got.deleted_at, got.in_trash) == (m, 1, None, False)
    assert got.map.stages[0].name == "Осмысление"


def test_create_refuses_an_id_already_stored(store):
    store.create(make_map())
    with pytest.raises(MapExists, match='^a map with id "map-1" is already stored$'):
        store.create(make_map(title="Another"))
    assert store.get("map-1").map.title == "Test map"
    assert [v.version for v in store.history("map-1")] == [1]


def test_save_increments_the_version_and_stamps_updated(store):
    m = make_map()
    store.create(m)
    before = now()
    saved = store.save(retitled(m, "Edited"), expected_version=1, note="edit title")
    assert saved.version == 2
    assert before <= saved.map.updated <= now()
    got = store.get(m.id)
    assert (got.version, got.map.title, got.map.updated) == (2, "Edited", saved.map.updated)
    assert m.updated.isoformat() == "2026-11-02T10:30:00.123456+00:00"  # the caller's map is not changed


def test_history_is_newest_first_and_old_versions_stay_readable(store):
    m = make_map()
    store.create(m)
    store.save(retitled(m, "Second"), 1, "edit cell")
    shorter = map_from_dict({**map_to_dict(m), "title": "Third", "stages": map_to_dict(m)["stages"][:1]})
    store.save(shorter, 2, "delete stages")
    history = store.history(m.id)
    assert [(h.version, h.note, h.title, h.stage_count) for h in history] == [
        (3, "delete stages", "Third", 1),
        (2, "edit cell", "Second", 3),
        (1, "created", "Test map", 3),
    ]
    assert history[0].created >= history[1].created >= history[2].created
    assert store.get_version(m.id, 1) == m
    assert store.get_version(m.id, 2).title == "Second"
    assert len(store.get_version(m.id, 3).stages) == 1


def test_restore_version_appends_a_copy_of_the_old_content(store):
    m = make_map()
    store.create(m)
    store.save(retitled(m, "Second"), 1, "edit")
    restored = store.restore_version(m.id, 1, expected_version=2)
    assert restored.version == 3
    assert content(store.get(m.id).map) == content(m)
    assert store.get(m.id).map.title == "Test map"
    assert [(h.version, h.note) for h in store.history(m.id)] == [(3, "restore version 1"), (2, "edit"),
                                                                  (1, "created")]
    assert store.get_version(m.id, 2).title == "Second"  # nothing was rewritten


def test_save_checks_a_map_changed_in_place_and_stores_nothing_invalid(store):
    m = make_map()
    store.create(m)
    m.stages[0].values["importance"] = 9  # bypasses validation
    with pytest.raises(MapValidationError, match="Importance"):
        store.save(m, 1, "edit")
    assert store.get(m.id).version == 1
    assert store.get(m.id).map.stages[0].values["importance"] == 3


# --- optimistic concurrency ---------------------------------------------------------------------
def test_conflict_between_two_tabs_overwrites_nothing(store):
    store.create(make_map())
    tab_a, tab_b = store.get("map-1"), store.get("map-1")
    store.save(retitled(tab_a.map, "Tab A"), tab_a.version, "edit in A")
    with pytest.raises(MapConflict) as info:
        store.save(retitled(tab_b.map, "Tab B"), tab_b.version, "edit in B")
    assert (info.value.current_version, info.value.expected_version) == (2, 1)
    assert info.value.message == (
        "this map was changed elsewhere (now version 2, you edited version 1): reload to see the changes"
    )
    current = store.get("map-1")
    assert (current.version, current.map.title) == (2, "Tab A")
    assert [h.note for h in store.history("map-1")] == ["edit in A", "created"]


def test_rename_and_restore_with_a_stale_version_conflict(store):
    m = make_map()
    store.create(m)
    store.save(retitled(m, "Second"), 1, "edit")
    with pytest.raises(MapConflict, match=r"now version 2, you edited version 1"):
        store.rename(m.id, "Renamed", expected_version=1)
    with pytest.raises(MapConflict, match=r"now version 2, you edited version 1"):
        store.restore_version(m.id, 1, expected_version=1)
    with pytest.raises(MapConflict, match=r"now version 2, you edited version 5"):
        store.save(m, 5, "edit")
    assert store.get(m.id).version == 2


def simultaneous_saves(store: MapStore, threads: int, rounds: int) -> None:
    """Each round, ``threads`` writers save the same version at once: exactly one wins, the others conflict."""

    def attempt(base: StoredMap, r: int, i: int) -> str:
        note = f"round {r} writer {i}"
        try:
            store.save(retitled(base.map, note), base.version, note)
        except MapConflict as conflict:
            assert (conflict.current_version, conflict.expected_version) == (base.version + 1, base.version)
            return "conflict"
        return "saved"

    store.create(make_map())
    for r in range(rounds):
        base = store.get("map-1")
        assert base.version == r + 1
        outcomes = race(threads, partial(attempt, base, r))
        assert sorted(outcomes) == ["conflict"] * (threads - 1) + ["saved"]
        winner = f"round {r} writer {outcomes.index('saved')}"
        assert (store.get("map-1").map.title, store.history("map-1")[0].note) == (winner, winner)  # whole
    assert [h.version for h in store.history("map-1")] == list(range(rounds + 1, 0, -1))  # none lost or doubled
    assert rows(store, "SELECT count(*), count(DISTINCT version) FROM map_versions") == [(rounds + 1, rounds + 1)]


def test_simultaneous_saves_of_one_version_let_exactly_one_win(store):
    simultaneous_saves(store, threads=20, rounds=5)


def test_simultaneous_saves_conflict_under_serializable_isolation_too(postgres_url):
    """The store asks for READ COMMITTED; if a transaction is stricter, losing the race is still a MapConflict."""
    with MapStore(postgres_url) as store:
        store.db.engine = store.db.engine.execution_options(isolation_level="SERIALIZABLE")
        simultaneous_saves(store, threads=20, rounds=5)


def test_simultaneous_creates_of_one_id_let_exactly_one_win(store):
    def attempt(i: int) -> str:
        try:
            store.create(make_map(title=f"creator {i}"))
        except MapExists:
            return "exists"
        return "created"

    outcomes = race(20, attempt)
    assert sorted(outcomes) == ["created"] + ["exists"] * 19
    got = store.get("map-1")
    assert (got.version, got.map.title) == (1, f"creator {outcomes.index('created')}")
    assert rows(store, "SELECT map_id, version FROM map_versions") == [("map-1", 1)]


def test_a_read_then_write_is_not_broken_by_another_writer(db_path, monkeypatch):
    """A rename reads, then writes: it holds the write lock from its first read, so a save in between waits."""
    url = sqlite_url(db_path)
    with MapStore(url) as store, MapStore(url, busy_timeout_ms=0) as other:
        store.create(make_map(id="a"))
        b = store.create(make_map(id="b")).map
        outcome: list[str] = []
        real_load = storage._load

        def load_while_another_writes(document, **changes):
            try:
                other.save(retitled(b, "B, edited"), 1, "edit elsewhere")
                outcome.append("the other writer saved")
            except StorageError:
                outcome.append("the other writer had to wait")
            return real_load(document, **changes)

        monkeypatch.setattr(storage, "_load", load_while_another_writes)
        assert store.rename("a", "Renamed", expected_version=1).version == 2
        assert outcome == ["the other writer had to wait"]


def test_on_postgresql_a_read_then_write_waits_for_nobody_and_loses_to_a_save_in_between(postgres_url, monkeypatch):
    """PostgreSQL locks rows, not the database: a save of another map goes through; a save of the same one wins."""
    with MapStore(postgres_url) as store, MapStore(postgres_url, busy_timeout_ms=100) as other:
        a = store.create(make_map(id="a")).map
        b = store.create(make_map(id="b")).map
        real_load = storage._load
        meanwhile: list[tuple[Map, int, str]] = []

        def load_while_another_writes(document, **changes):
            while meanwhile:
                m, version, title = meanwhile.pop()
                other.save(retitled(m, title), version, "edit elsewhere")  # a StorageError if it had to wait
            return real_load(document, **changes)

        monkeypatch.setattr(storage, "_load", load_while_another_writes)
        meanwhile.append((b, 1, "B, edited"))
        assert store.rename("a", "Renamed", expected_version=1).version == 2
        assert store.get("b").map.title == "B, edited"
        meanwhile.append((a, 2, "A, edited"))
        with pytest.raises(MapConflict, match=r"now version 3, you edited version 2"):
            store.rename("a", "Renamed again", expected_version=2)
        assert [(h.version, h.title) for h in store.history("a")] == [(3, "A, edited"), (2, "Renamed"), (1, "Test map")]


def test_threads_saving_different_maps_lose_no_version(store):
    threads, saves = 8, 25
    barrier = threading.Barrier(threads)

    def work(i: int) -> None:
        m = store.create(make_map(id=f"map-{i}")).map
        barrier.wait()
        for n in range(1, saves + 1):
            store.save(retitled(m, f"map {i} edit {n}"), n, f"edit {n}")

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(work, i) for i in range(threads)]:
            future.result()
    for i in range(threads):
        history = store.history(f"map-{i}")
        assert [h.version for h in history] == list(range(saves + 1, 0, -1))
        assert [h.title for h in history[:-1]] == [f"map {i} edit {n}" for n in range(saves, 0, -1)]
        assert store.get(f"map-{i}").version == saves + 1
    versions = rows(store, "SELECT map_id, version FROM map_versions")
    assert len(versions) == len(set(versions)) == threads * (saves + 1)


# --- the list, copies, renames, the trash -----------------------------------------------------------
def test_list_maps_gives_summaries_most_recent_first(store):
    older = make_map(id="alpha", title="Alpha", updated="2020-01-01T00:00:00Z")
    newer = make_map(id="zeta", title="Zeta", persona="Buyer", updated="2020-01-02T00:00:00+03:00")
    store.create(older)
    store.create(newer)
    assert [s.id for s in store.list_maps()] == ["zeta", "alpha"]
    store.save(retitled(older, "Alpha, edited"), 1, "edit")  # now the most recently updated
    summaries = store.list_maps()
    assert [s.id for s in summaries] == ["alpha", "zeta"]
    top = summaries[0]
    assert (top.title, top.version, top.stage_count, top.kind, top.language) == ("Alpha, edited", 2, 3, "custom", "en")
    assert (top.top_stage, top.top_score, top.top_level) == ("Оценка", 100.0, "critical")
    assert summaries[1].persona == "Buyer"
    assert summaries[1].created == newer.created and summaries[1].updated == newer.updated
    assert all(s.created.tzinfo is not None and s.updated.tzinfo is not None for s in summaries)


def test_summary_follows_every_write(store):
    m = make_map()
    store.create(m)
    calm = map_from_dict({**map_to_dict(m), "stages": [{"id": "x", "name": "Only", "values": {"importance": 5}}]})
    store.save(calm, 1, "edit")
    summary = store.list_maps()[0]
    assert (summary.stage_count, summary.top_stage, summary.top_score, summary.top_level) == (1, None, None, None)


def test_times_come_back_aware_in_utc(store, database_url):
    """Whatever the database keeps (SQLite: naive text; PostgreSQL: timestamptz in the session's zone)."""
    m = make_map(created="2026-03-01T08:00:00.5+03:00", updated="2026-03-02T23:30:00-05:00")
    store.create(m)
    store.delete(m.id)
    if database_url.startswith("postgresql"):  # a session in another zone reads the same instants
        database_url += "?options=-c%20timezone%3DAsia/Kolkata"
    with MapStore(database_url) as reader:
        [summary] = reader.list_maps(include_deleted=True)
        [version] = reader.history(m.id)
        deleted_at = reader.get(m.id).deleted_at
    times = [summary.created, summary.updated, summary.deleted_at, version.created, deleted_at]
    assert all(t.tzinfo is UTC for t in times)
    assert (summary.created, summary.updated) == (m.created, m.updated)
    assert summary.created.isoformat() == "2026-03-01T05:00:00.500000+00:00"
    assert summary.deleted_at == deleted_at and timedelta(0) <= now() - deleted_at < timedelta(minutes=1)


def test_text_with_nul_characters_is_refused_before_the_database(store):
    """PostgreSQL text cannot hold NUL (a save used to fail with "try again" forever): the model refuses it."""
    m = make_map()
    store.create(m)
    for change in ({"title": "Q\x003"}, {"persona": "who\x00"}):
        with pytest.raises(CJMError, match=r"U\+0000, a NUL character.*cannot be stored"):
            store.save(retitled(m, "x").model_copy(update=change), 1, "edit")
    with pytest.raises(CJMError, match="cannot be stored"):
        store.save(editing.rename_stage(m, "b", "Оценка\x00"), 1, "rename")
    assert store.get(m.id).version == 1 and store.get(m.id).map == m


def test_list_maps_reads_no_document(store, monkeypatch):
    store.create(make_map())

    def boom(*args, **kwargs):
        raise AssertionError("a document was parsed")

    monkeypatch.setattr(storage, "map_from_dict", boom)
    monkeypatch.setattr(storage.json, "loads", boom)
    assert [s.title for s in store.list_maps()] == ["Test map"]
    with pytest.raises(AssertionError):
        store.get("map-1")  # the patch does catch parsing


def test_duplicate_makes_a_new_map_from_the_current_version(store):
    m = make_map()
    store.create(m)
    store.save(retitled(m, "Edited"), 1, "edit")
    before = now()
    copy = store.duplicate(m.id)
    assert copy.version == 1 and copy.map.id != m.id
    assert copy.map.title == "Edited (copy)"
    assert copy.map.created >= before and copy.map.updated >= before
    assert (copy.map.lanes, copy.map.stages) == (m.lanes, m.stages)
    assert store.get(copy.map.id).map == copy.map
    assert store.get(m.id).version == 2  # the original is untouched
    assert store.duplicate(m.id, suffix=" (копия)").map.title == "Edited (копия)"
    assert store.duplicate(m.id, "Named").map.title == "Named"
    assert len(store.list_maps()) == 4


def test_duplicate_of_a_longest_title_stays_valid(store):
    store.create(make_map(title="x" * 300))
    assert store.duplicate("map-1").map.title == "x" * 293 + " (copy)"


def test_rename_is_a_new_version(store):
    store.create(make_map())
    renamed = store.rename("map-1", "Renamed", expected_version=1)
    assert (renamed.version, renamed.map.title) == (2, "Renamed")
    assert store.get("map-1").map.title == "Renamed"
    assert store.list_maps()[0].title == "Renamed"
    assert store.history("map-1")[0].note == "rename"
    with pytest.raises(MapValidationError, match="title is empty"):
        store.rename("map-1", "  ", expected_version=2)


def test_trash_restore_and_purge(store):
    store.create(make_map(id="kept", title="Kept"))
    store.create(make_map(id="gone", title="Gone"))
    store.delete("gone")
    assert [s.id for s in store.list_maps()] == ["kept"]
    assert {s.id for s in store.list_maps(include_deleted=True)} == {"kept", "gone"}
    [trashed] = store.trash()
    assert (trashed.id, trashed.in_trash) == ("gone", True)
    got = store.get("gone")  # still readable, flagged
    assert got.in_trash and got.deleted_at == trashed.deleted_at
    with pytest.raises(MapInTrash, match="^this map is in the trash: restore it to edit it$"):
        store.save(got.map, got.version, "edit")
    store.delete("gone")  # again: nothing changes
    assert store.trash()[0].deleted_at == trashed.deleted_at

    store.restore_from_trash("gone")
    assert {s.id for s in store.list_maps()} == {"kept", "gone"}
    assert store.trash() == []
    assert store.save(got.map, got.version, "edit").version == 2

    store.delete("gone")
    store.purge("gone")
    assert store.trash() == [] and [s.id for s in store.list_maps(include_deleted=True)] == ["kept"]
    with pytest.raises(MapNotFound):
        store.get("gone")
    assert rows(store, "SELECT count(*) FROM map_versions WHERE map_id = 'gone'") == [(0,)]
    assert store.get("kept").version == 1


def test_not_found_messages(store):
    missing = 'no map with id "nope": it was never saved here or has been deleted for good'
    calls = [
        lambda: store.get("nope"),
        lambda: store.history("nope"),
        lambda: store.get_version("nope", 1),
        lambda: store.save(make_map(id="nope"), 1, "edit"),
        lambda: store.rename("nope", "x", 1),
        lambda: store.restore_version("nope", 1, 1),
        lambda: store.duplicate("nope"),
        lambda: store.delete("nope"),
        lambda: store.restore_from_trash("nope"),
        lambda: store.purge("nope"),
    ]
    for call in calls:
        with pytest.raises(MapNotFound) as info:
            call()
        assert info.value.message == missing
    store.create(make_map())
    with pytest.raises(MapNotFound, match='^map "map-1" has no version 7$'):
        store.get_version("map-1", 7)
    assert issubclass(MapNotFound, CJMError)


# --- storage failures -------------------------------------------------------------------------------
def test_a_locked_database_gives_a_storage_error_and_keeps_the_old_version(db_path):
    with MapStore(sqlite_url(db_path)) as setup:
        m = setup.create(make_map()).map
    with MapStore(sqlite_url(db_path), busy_timeout_ms=0) as store:
        locker = sqlite3.connect(db_path, isolation_level=None)
        try:
            locker.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
            with pytest.raises(StorageError) as info:
                store.save(retitled(m, "Edited"), 1, "edit")
            assert info.value.message == "could not save: database is locked — your edit is kept, try again"
            assert isinstance(info.value.__cause__, Exception)  # the cause is kept for the log
            assert store.get(m.id).version == 1  # reading still works (WAL)
        finally:
            locker.rollback()
            locker.close()
        assert store.get(m.id).map == m
        assert store.save(retitled(m, "Edited"), 1, "edit").version == 2  # "try again" works


def test_a_read_only_database_gives_a_storage_error(db_path):
    with MapStore(sqlite_url(db_path)) as setup:
        m = setup.create(make_map()).map
    with MapStore(f"sqlite:///file:{db_path}?mode=ro&uri=true") as read_only:
        assert read_only.get(m.id).map == m
        with pytest.raises(StorageError, match="^could not save: attempt to write a readonly database — "):
            read_only.save(retitled(m, "Edited"), 1, "edit")
        with pytest.raises(StorageError, match="^could not move the map to the trash: attempt to write"):
            read_only.delete(m.id)
    with MapStore(sqlite_url(db_path)) as store:
        assert store.get(m.id).map == m and store.list_maps()[0].deleted_at is None


def test_on_postgresql_a_locked_map_gives_a_storage_error_and_keeps_the_old_version(postgres_url):
    """A row lock held elsewhere makes a save wait ``busy_timeout_ms`` at most, as on SQLite, then fail."""
    with MapStore(postgres_url, busy_timeout_ms=200) as store:
        m = store.create(make_map()).map
        other = store.create(make_map(id="other")).map
        libpq_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(libpq_url) as locker:
            locker.execute("SELECT * FROM maps WHERE id = 'map-1' FOR UPDATE")  # another writer holds the row
            with pytest.raises(StorageError) as info:
                store.save(retitled(m, "Edited"), 1, "edit")
            assert info.value.__cause__.orig.sqlstate == "55P03"  # lock_not_available
            assert re.fullmatch(r"could not save: [^\n]+ — your edit is kept, try again", info.value.message)
            assert store.get(m.id).version == 1  # reading still works
            assert store.save(retitled(other, "Edited"), 1, "edit").version == 2  # and other maps can be saved
            locker.rollback()
        assert store.save(retitled(m, "Edited"), 1, "edit").version == 2  # "try again" works


def test_an_unreachable_postgresql_gives_a_one_line_storage_error():
    with pytest.raises(StorageError) as info:
        MapStore(f"postgresql+psycopg://cjm@127.0.0.1:{free_port()}/cjm")
    assert info.value.message.startswith("could not open the database: connection failed: ")
    assert "\n" not in info.value.message


def test_stores_opened_at_once_on_a_new_database_all_work(database_url):
    """Several app processes starting together: the tables are created once, nobody fails."""
    if database_url.startswith("sqlite"):
        # A SQLite file is switched to WAL by its first connection; a brand-new file opened by several at once can
        # still fail that switch with "database is locked" (connect time, before any table is looked at).
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as first:
            first.execute("PRAGMA journal_mode=WAL")

    def open_and_create(i: int) -> int:
        with MapStore(database_url) as store:
            return store.create(make_map(id=f"map-{i}")).version

    assert race(8, open_and_create) == [1] * 8
    with MapStore(database_url) as store:
        assert len(store.list_maps()) == 8


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////nonexistent-folder/cjm.sqlite3", "could not open the database: unable to open database file"),
        ("not a url", "could not open the database: Could not parse SQLAlchemy URL from given URL string"),
    ],
)
def test_a_database_that_cannot_be_opened_gives_a_storage_error(url, expected):
    with pytest.raises(StorageError) as info:
        MapStore(url)
    assert info.value.message == expected


def test_sqlite_connections_are_durable_and_wait_for_locks(db_path):
    with MapStore(sqlite_url(db_path)) as store, store.db.engine.connect() as conn:
        pragmas = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                   for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000, "foreign_keys": 1}


def test_an_acknowledged_save_survives_the_process_being_killed(db_path):
    url = sqlite_url(db_path)
    with MapStore(url) as setup:
        setup.create(make_map())
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.storage_crash_child", url, "map-1", "Saved before the crash"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = child.stdout.readline()
        child.send_signal(signal.SIGKILL)
    finally:
        _, errors = child.communicate()
    assert line == "ACK\n", errors
    assert child.returncode == -signal.SIGKILL
    with MapStore(url) as reopened:
        got = reopened.get("map-1")
        assert (got.version, got.map.title) == (2, "Saved before the crash")
        assert reopened.history("map-1")[0].note == "edit before the crash"


# --- where the database lives -----------------------------------------------------------------------
def test_database_url_prefers_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CJM_DATABASE_URL", "postgresql+psycopg://cjm@db/cjm")
    monkeypatch.setenv("CJM_DATA_DIR", str(tmp_path / "env-data"))
    assert database_url() == "postgresql+psycopg://cjm@db/cjm"
    assert database_url(tmp_path / "arg") == "postgresql+psycopg://cjm@db/cjm"
    assert not (tmp_path / "env-data").exists()

    monkeypatch.delenv("CJM_DATABASE_URL")
    assert database_url() == f"sqlite:///{tmp_path / 'env-data' / 'cjm.sqlite3'}"
    assert (tmp_path / "env-data").is_dir()
    assert database_url(tmp_path / "arg") == f"sqlite:///{tmp_path / 'arg' / 'cjm.sqlite3'}"

    monkeypatch.delenv("CJM_DATA_DIR")
    assert storage.DEFAULT_DATA_DIR == ROOT / "data"
    monkeypatch.setattr(storage, "DEFAULT_DATA_DIR", tmp_path / "default")
    assert database_url() == f"sqlite:///{tmp_path / 'default' / 'cjm.sqlite3'}"


def test_from_env_opens_the_store_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("CJM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CJM_DATA_DIR", str(tmp_path / "data"))
    with MapStore.from_env() as store:
        store.create(make_map())
    assert (tmp_path / "data" / "cjm.sqlite3").is_file()
    with MapStore(sqlite_url(tmp_path / "data" / "cjm.sqlite3")) as again:
        assert again.get("map-1").version == 1


def test_current_version_is_cheap_and_tracks_saves(store):
    stored = store.create(map_from_dict(make_map_dict()))
    assert store.current_version(stored.map.id) == 1
    store.save(stored.map, expected_version=1, note="edit")
    assert store.current_version(stored.map.id) == 2
    with pytest.raises(MapNotFound):
        store.current_version("nope")
