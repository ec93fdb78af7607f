"""The editing session: every change a version; undo/redo; failed saves and conflicts lose nothing."""

from __future__ import annotations

import pytest

from cjm.editor import MapEditor
from cjm.errors import CJMError
from cjm.mapfile import map_from_dict
from cjm.model import Map
from cjm.storage import MapConflict, MapStore, StorageError
from tests.conftest import make_map_dict


@pytest.fixture
def store(database_url):
    """A store on an empty database, once on SQLite and once on PostgreSQL."""
    with MapStore(database_url) as s:
        yield s


@pytest.fixture
def map_id(store) -> str:
    return store.create(map_from_dict(make_map_dict())).map.id


def titled(title: str):
    return lambda m: m.model_copy(update={"title": title})


def test_every_change_is_saved_as_a_version(store, map_id):
    editor = MapEditor(store, map_id)
    editor.apply(titled("A"), "title A")
    editor.apply(titled("B"), "title B")
    assert editor.version == 3 and store.get(map_id).map.title == "B"
    assert [v.note for v in store.history(map_id)] == ["title B", "title A", "created"]


def test_undo_and_redo_walk_back_and_forth_as_new_versions(store, map_id):
    editor = MapEditor(store, map_id)
    editor.apply(titled("A"), "a")
    editor.apply(titled("B"), "b")
    assert editor.undo().title == "A"
    assert editor.undo().title == "Test map"
    assert not editor.can_undo and editor.undo().title == "Test map"  # nothing left: no-op
    assert editor.redo().title == "A"
    assert editor.redo().title == "B"
    assert not editor.can_redo
    assert store.get(map_id).map.title == "B"
    assert editor.version == 7  # history is append-only: 3 edits + 2 undos + 2 redos
    notes = [v.note for v in store.history(map_id)]
    assert notes[:4] == ["redo (version 3)", "redo (version 4)", "undo (back to version 1)", "undo (back to version 2)"]


def test_a_new_change_clears_redo(store, map_id):
    editor = MapEditor(store, map_id)
    editor.apply(titled("A"), "a")
    editor.undo()
    assert editor.can_redo
    editor.apply(titled("C"), "c")
    assert not editor.can_redo
    assert editor.undo().title == "Test map"


def test_a_broken_rule_changes_nothing(store, map_id):
    editor = MapEditor(store, map_id)

    def bad(m: Map) -> Map:
        raise CJMError('Stage "Оценка", lane "Importance": expected a whole number 1–5, got 9')

    with pytest.raises(CJMError, match="expected a whole number 1–5"):
        editor.apply(bad, "bad")
    assert editor.version == 1 and editor.pending is None and not editor.can_undo
    assert store.current_version(map_id) == 1


def test_failed_save_keeps_the_change_to_retry(store, map_id, monkeypatch):
    editor = MapEditor(store, map_id)
    real_save = store.save

    def locked(*args, **kwargs):
        raise StorageError("could not save: database is locked — your edit is kept, try again")

    monkeypatch.setattr(store, "save", locked)
    with pytest.raises(StorageError, match="your edit is kept"):
        editor.apply(titled("Unsaved"), "title")
    assert editor.map.title == "Unsaved" and editor.pending and not editor.pending.conflict
    assert store.get(map_id).map.title == "Test map"
    # a further edit while the database is down builds on the pending one
    with pytest.raises(StorageError):
        editor.apply(lambda m: m.model_copy(update={"persona": "P"}), "persona")
    assert (editor.map.title, editor.map.persona) == ("Unsaved", "P")
    monkeypatch.setattr(store, "save", real_save)
    editor.retry()
    assert editor.pending is None and editor.version == 2
    stored = store.get(map_id).map
    assert (stored.title, stored.persona) == ("Unsaved", "P")
    assert editor.undo().title == "Test map"


def test_two_tabs_second_writer_is_told_and_nothing_is_overwritten(store, map_id):
    first, second = MapEditor(store, map_id), MapEditor(store, map_id)
    first.apply(titled("First"), "first")
    assert second.changed_elsewhere() and not first.changed_elsewhere()
    with pytest.raises(MapConflict, match="changed elsewhere"):
        second.apply(titled("Second"), "second")
    assert second.pending and second.pending.conflict and second.map.title == "Second"
    assert store.get(map_id).map.title == "First"
    with pytest.raises(MapConflict):  # no further edits on a stale map
        second.apply(titled("Third"), "third")
    with pytest.raises(MapConflict):
        second.retry()
    assert second.reload().title == "First" and second.pending is None
    second.apply(titled("Second, after reload"), "second")
    assert store.get(map_id).map.title == "Second, after reload"


def test_restore_an_old_version_is_a_new_version_undo_takes_it_back(store, map_id):
    editor = MapEditor(store, map_id)
    editor.apply(titled("A"), "a")
    editor.apply(titled("B"), "b")
    assert editor.restore(1).title == "Test map"
    assert editor.version == 4 and store.history(map_id)[0].note == "restore version 1"
    assert editor.undo().title == "B"


def test_undo_depth_is_bounded(store, map_id, monkeypatch):
    from cjm import editor as editor_module

    monkeypatch.setattr(editor_module, "UNDO_DEPTH", 3)
    editor = MapEditor(store, map_id)
    for i in range(6):
        editor.apply(titled(f"T{i}"), f"t{i}")
    assert editor.undo_versions == [4, 5, 6]


# --- a held change (the Builder shows an edit's new top bottleneck, then saves it) -----------------------------
def test_a_held_change_is_shown_at_once_and_saved_by_save_held(store, map_id):
    editor = MapEditor(store, map_id)
    assert editor.hold(titled("Held"), "title held").title == "Held"
    assert editor.map.title == "Held"  # what the page draws
    assert store.current_version(map_id) == 1 and editor.version == 1  # not stored yet
    editor.save_held()
    assert editor.held is None and editor.version == 2 and store.get(map_id).map.title == "Held"
    assert [v.note for v in store.history(map_id)][0] == "title held"
    assert editor.can_undo and editor.undo().title == "Test map"
    editor.save_held()  # nothing held: nothing happens
    assert store.current_version(map_id) == 3


def test_a_held_change_is_never_skipped_by_what_comes_next(store, map_id):
    editor = MapEditor(store, map_id)
    editor.hold(titled("A"), "a")
    editor.hold(lambda m: m.model_copy(update={"persona": "P"}), "persona")  # builds on A, A saved first
    assert store.get(map_id).map.title == "A" and editor.map.persona == "P"
    editor.apply(titled("B"), "b")  # saves the held persona, then B
    assert [v.note for v in store.history(map_id)][:3] == ["b", "persona", "a"]
    editor.hold(titled("C"), "c")
    assert editor.undo().title == "B"  # undo saves C first and takes C back
    assert [v.note for v in store.history(map_id)][1] == "c"


def test_a_held_change_that_breaks_a_rule_changes_nothing(store, map_id):
    editor = MapEditor(store, map_id)

    def bad(m: Map) -> Map:
        raise CJMError("expected a whole number 1–5, got 9")

    with pytest.raises(CJMError):
        editor.hold(bad, "bad")
    assert editor.held is None and editor.map.title == "Test map" and store.current_version(map_id) == 1


def test_a_held_change_whose_save_fails_is_kept_pending(store, map_id, monkeypatch):
    editor = MapEditor(store, map_id)
    real_save = store.save
    editor.hold(titled("Kept"), "title")

    def locked(*args, **kwargs):
        raise StorageError("could not save: database is locked — your edit is kept, try again")

    monkeypatch.setattr(store, "save", locked)
    with pytest.raises(StorageError):
        editor.save_held()
    assert editor.held is None and editor.pending and editor.map.title == "Kept"
    monkeypatch.setattr(store, "save", real_save)
    editor.retry()
    assert store.get(map_id).map.title == "Kept" and editor.pending is None


def test_a_held_change_meets_a_conflict_like_any_other(store, map_id):
    mine, theirs = MapEditor(store, map_id), MapEditor(store, map_id)
    theirs.apply(titled("Theirs"), "theirs")
    mine.hold(titled("Mine"), "mine")
    with pytest.raises(MapConflict):
        mine.save_held()
    assert mine.pending and mine.pending.conflict and mine.map.title == "Mine"
    assert store.get(map_id).map.title == "Theirs"  # nothing overwritten
    with pytest.raises(MapConflict):  # nothing more is held on top of a conflict, as apply() refuses too
        mine.hold(titled("Mine again"), "again")
    assert mine.held is None and mine.map.title == "Mine"
