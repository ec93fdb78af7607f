"""One person's editing session of one map: autosave, undo/redo, conflicts, failed saves.

Every change is saved at once as a new version (no save button). History is append-only:
undo saves the content of the version before the last change as a *new* version, redo saves
the undone content again, and restoring an old version is a new version too.

Nothing is lost:

* a change that breaks a rule raises before anything happens (the map stays as it was);
* a save that fails (disk full, database locked) keeps the changed map here as ``pending``,
  shown to the user, and :meth:`MapEditor.retry` saves it later;
* when another tab or person saved meanwhile, the save is refused (:class:`MapConflict`),
  the change is kept as ``pending`` and the user can :meth:`MapEditor.reload`.

A change can also be *held* for a moment (:meth:`MapEditor.hold`): checked against the rules at once and shown
(:attr:`MapEditor.map` has it), saved by :meth:`MapEditor.save_held` in the same run of the page. The Builder draws an
edit's new top bottleneck first and saves after it (issue 14: the person sees the result sooner). Anything else
the editor does saves a held change first, so it is never skipped, never applied twice, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import CJMError
from .i18n import t
from .model import Map
from .storage import MapConflict, MapStore, StorageError

UNDO_DEPTH = 100


@dataclass
class Pending:
    """A change shown to the user but not saved yet, and why."""

    map: Map
    note: str
    error: CJMError

    @property
    def conflict(self) -> bool:
        return isinstance(self.error, MapConflict)


class MapEditor:
    """Edits one stored map. Undo and redo keep version numbers only, never whole maps."""

    def __init__(self, store: MapStore, map_id: str):
        self.store = store
        self.map_id = map_id
        stored = store.get(map_id)
        self.saved_map: Map = stored.map
        self.version: int = stored.version
        self.undo_versions: list[int] = []
        self.redo_versions: list[int] = []
        self.pending: Pending | None = None
        self.held: tuple[Map, str] | None = None  # checked, shown, saved by save_held() in the same run

    # --- what the user sees --------------------------------------------------------------
    @property
    def map(self) -> Map:
        """The map as the user sees it: with a held or a pending (unsaved) change if there is one."""
        if self.held:
            return self.held[0]
        return self.pending.map if self.pending else self.saved_map

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_versions) and self.pending is None

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_versions) and self.pending is None

    def changed_elsewhere(self) -> bool:
        """True when the stored map is newer than the one being edited (another tab saved)."""
        return self.store.current_version(self.map_id) != self.version

    # --- changing --------------------------------------------------------------------------
    def apply(self, change: Callable[[Map], Map], note: str) -> Map:
        """Apply ``change`` to the current map and save it. Raises CJMError; see the module doc."""
        self.hold(change, note)
        return self.save_held()

    def hold(self, change: Callable[[Map], Map], note: str) -> Map:
        """Apply ``change`` and hold it unsaved until :meth:`save_held` (see the module doc). A rule broken raises
        and nothing changes; a change already held is saved first."""
        self.save_held()
        if self.pending and self.pending.conflict:
            raise self.pending.error
        changed = change(self.map)  # a rule broken: raises, nothing changes
        self.held = (changed, note)
        return changed

    def save_held(self) -> Map:
        """Save the held change, if any, as :meth:`apply` would have (a failed save keeps it as ``pending``)."""
        if self.held is None:
            return self.map
        changed, note = self.held
        self.held = None
        self._save(changed, note, undo_to=self.version)
        return self.map

    def retry(self) -> Map:
        """Save the pending change again (after a storage failure)."""
        self.save_held()
        if self.pending is None:
            return self.map
        if self.pending.conflict:
            raise self.pending.error
        self._save(self.pending.map, self.pending.note, undo_to=self.version)
        return self.map

    def reload(self) -> Map:
        """Drop a pending change and load the latest stored version (after a conflict)."""
        try:
            self.save_held()
        except CJMError:  # kept as pending, which a reload drops, as the person asked
            pass
        stored = self.store.get(self.map_id)
        self.saved_map, self.version, self.pending = stored.map, stored.version, None
        self.redo_versions.clear()
        return self.map

    def undo(self) -> Map:
        self.save_held()
        if not self.can_undo:
            return self.map
        target = self.undo_versions.pop()
        before = self.version
        try:
            self._store(self.store.get_version(self.map_id, target), t("note.undo", self.map.language, version=target))
        except CJMError:
            self.undo_versions.append(target)
            raise
        self.redo_versions.append(before)
        return self.map

    def redo(self) -> Map:
        self.save_held()
        if not self.can_redo:
            return self.map
        target = self.redo_versions.pop()
        before = self.version
        try:
            self._store(self.store.get_version(self.map_id, target), t("note.redo", self.map.language, version=target))
        except CJMError:
            self.redo_versions.append(target)
            raise
        self._push_undo(before)
        return self.map

    def restore(self, version: int) -> Map:
        """Make an older version current again, as a new version (undo can take it back)."""
        self.save_held()
        before = self.version
        self._store(self.store.get_version(self.map_id, version), t("note.restore", self.map.language, version=version))
        self._push_undo(before)
        self.redo_versions.clear()
        return self.map

    # --- saving ----------------------------------------------------------------------------
    def _save(self, changed: Map, note: str, undo_to: int) -> None:
        try:
            self._store(changed, note)
        except (StorageError, MapConflict) as exc:
            self.pending = Pending(changed, note, exc)
            raise
        self.pending = None
        self._push_undo(undo_to)
        self.redo_versions.clear()

    def _store(self, m: Map, note: str) -> None:
        stored = self.store.save(m, expected_version=self.version, note=note)
        self.saved_map, self.version = stored.map, stored.version

    def _push_undo(self, version: int) -> None:
        self.undo_versions.append(version)
        del self.undo_versions[:-UNDO_DEPTH]
