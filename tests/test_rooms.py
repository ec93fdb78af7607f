"""Workshop rooms in the store, on SQLite and PostgreSQL: who may do what, votes, notes, concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, text

from cjm.access import Owner
from cjm.editor import MapEditor
from cjm.mapfile import map_from_dict
from cjm.model import now
from cjm.rooms import NotAllowed, RoomClosed, RoomNotFound, RoomStore
from cjm.rooms import rooms as rooms_table
from cjm.scoring import score_map
from cjm.storage import MapNotFound, MapStore
from cjm.templates import load_template
from cjm.throttle import Limits, Throttled
from cjm.workshop import WorkshopError
from tests.conftest import make_map_dict


class Clock:
    """A clock the test moves by hand (expiry, timers); each reading is a microsecond later."""

    def __init__(self):
        self.at = now()

    def __call__(self):
        self.at += timedelta(microseconds=1)
        return self.at


@pytest.fixture
def store(database_url):
    with MapStore(database_url) as s:
        yield s


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def rooms(store, clock):
    return RoomStore(store, clock=clock)


@pytest.fixture
def map_id(store):
    return store.create(map_from_dict(make_map_dict())).map.id


@pytest.fixture
def room(rooms, map_id):
    return rooms.open_room(OWNER, map_id)


OWNER = Owner("test")  # what the sign-in gate gives the signed-in facilitator (cjm.access)


def join_all(rooms, code, names):
    return [rooms.join(code, name)[1] for name in names]


# --- opening; only the owner runs a room -----------------------------------------------------
def test_open_room_gives_a_code_round_one_and_blind_votes(rooms, room, map_id):
    r = room
    assert r.map_id == map_id and r.phase == "collect" and r.state == "collect"
    assert len(r.code) == 6 and r.is_open() and r.vote_round == 1 and r.blind
    assert rooms.room(OWNER, r.id) == r
    assert rooms.find(r.code.lower()) == r
    assert rooms.rooms_of_map(OWNER, map_id) == [r]
    assert rooms.open_rooms(OWNER) == [r]


def test_a_participant_token_or_anything_but_the_owner_cannot_run_the_room(store, rooms, room, map_id):
    r = room
    _, participant = rooms.join(r.code, "Anna")
    for bad in ("", "x", participant, None, {"via": "cookie"}):
        for action, args in ((rooms.room, ()), (rooms.set_phase, ("vote",)), (rooms.set_timer, (5,)),
                             (rooms.reveal, ()), (rooms.new_round, ()), (rooms.close, ()), (rooms.snapshot, ()),
                             (rooms.notes_page, ()), (rooms.accept, (MapEditor(store, map_id).apply,))):
            with pytest.raises(NotAllowed, match="only the signed-in owner"):
                action(bad, r.id, *args)
        with pytest.raises(NotAllowed):
            rooms.open_room(bad, map_id)
        with pytest.raises(NotAllowed):
            rooms.open_rooms(bad)
    after = rooms.room(OWNER, r.id)
    assert (after.phase, after.closed_at, after.revealed, after.vote_round) == ("collect", None, False, 1)
    assert store.current_version(map_id) == 1
    with pytest.raises(RoomNotFound):
        rooms.room(OWNER, "another-room")


def test_tokens_are_stored_only_as_hashes(store, rooms, room, database_url):
    r = room
    _, participant = rooms.join(r.code, "Anna")
    engine = create_engine(database_url)
    with engine.connect() as conn:
        dump = " ".join(str(row) for table in ("workshop_rooms", "workshop_participants")
                        for row in conn.execute(text(f"select * from {table}")))
    engine.dispose()
    assert participant not in dump


def test_a_room_needs_a_map_that_is_not_in_the_trash(rooms, store, map_id):
    with pytest.raises(MapNotFound):
        rooms.open_room(OWNER, "no-such-map")
    store.delete(map_id)
    with pytest.raises(WorkshopError, match="in the trash"):
        rooms.open_room(OWNER, map_id)


# --- joining ----------------------------------------------------------------------------------
def test_join_by_code_with_a_display_name(rooms, room):
    r = room
    anna, token = rooms.join(f" {r.code[:3].lower()}-{r.code[3:]} ", "  Anna ")
    assert anna.name == "Anna" and anna.room_id == r.id
    second, _ = rooms.join(r.code, "anna")
    assert second.name == "anna (2)"
    view = rooms.view(token)
    assert view.participant == anna and view.room == r and view.votes == {} and view.notes == []
    assert [s.id for s in view.map.stages] == ["a", "b", "c"]


def test_join_refuses_bad_codes_and_names(rooms, room):
    r = room
    with pytest.raises(RoomNotFound, match="enter the code"):
        rooms.join("  ", "Anna")
    with pytest.raises(RoomNotFound, match='no workshop has the code "ZZZZZZ"'):
        rooms.join("zzzzzz", "Anna")
    with pytest.raises(WorkshopError, match="display name"):
        rooms.join(r.code, "")
    with pytest.raises(NotAllowed, match="participant link is not valid"):
        rooms.view("made-up")


def test_codes_expire_with_the_room(rooms, room, clock, map_id):
    r = room
    _, token = rooms.join(r.code, "Anna")
    rooms.close(OWNER, r.id)
    with pytest.raises(RoomClosed, match="has ended"):
        rooms.join(r.code, "Boris")
    assert rooms.view(token).room.state == "closed"
    with pytest.raises(RoomClosed):
        rooms.add_note(token, "a", "pain", "late")
    with pytest.raises(RoomClosed):
        rooms.set_phase(OWNER, r.id, "vote")
    assert rooms.close(OWNER, r.id).closed_at is not None  # closing twice is harmless
    # an unclosed room expires after a day
    other = rooms.open_room(OWNER, map_id)
    clock.at += timedelta(hours=24, seconds=1)
    with pytest.raises(RoomClosed):
        rooms.find(other.code)
    assert not rooms.room(OWNER, other.id).is_open(clock.at)


# --- phases and timers -------------------------------------------------------------------------
def test_phases_and_timer_are_visible_to_everyone(rooms, room, clock):
    r = room
    _, token = rooms.join(r.code, "Anna")
    changed = rooms.set_phase(OWNER, r.id, "vote", minutes=5)
    assert changed.phase == "vote" and changed.timer_minutes == 5
    clock.at += timedelta(seconds=61)
    assert rooms.view(token).room.seconds_left(clock.at) == 239
    assert rooms.set_timer(OWNER, r.id, None).seconds_left(clock.at) is None
    with pytest.raises(WorkshopError, match="unknown phase"):
        rooms.set_phase(OWNER, r.id, "closed")
    with pytest.raises(WorkshopError, match="timer"):
        rooms.set_phase(OWNER, r.id, "review", minutes=-1)
    assert rooms.room(OWNER, r.id).phase == "vote"


# --- votes ------------------------------------------------------------------------------------
def test_votes_only_in_the_vote_phase_and_the_last_one_wins(rooms, room):
    r = room
    _, token = rooms.join(r.code, "Anna")
    with pytest.raises(WorkshopError, match="voting is not open"):
        rooms.vote(token, "a", importance=5)
    rooms.set_phase(OWNER, r.id, "vote")
    rooms.vote(token, "a", importance=5)
    rooms.vote(token, "a", emotion=-2)  # keeps the importance
    stored = rooms.vote(token, "a", importance=2)
    assert (stored.importance, stored.emotion) == (2, -2)
    snap = rooms.snapshot(OWNER, r.id)
    assert len(snap.votes) == 1 and snap.voters == 1
    board = {s.stage_id: s for s in snap.tally()}
    assert (board["a"].importance_votes, board["a"].importance_mean, board["a"].emotion_mean) == (1, 2, -2)
    assert rooms.view(token).votes["a"].importance == 2


@pytest.mark.parametrize("kwargs", [{"importance": 0}, {"importance": 6}, {"importance": "5"},
                                    {"emotion": 3}, {"emotion": -2.5}, {"importance": True}, {}])
def test_votes_outside_the_scale_are_refused_and_nothing_changes(rooms, room, kwargs):
    r = room
    _, token = rooms.join(r.code, "Anna")
    rooms.set_phase(OWNER, r.id, "vote")
    rooms.vote(token, "a", importance=4, emotion=1)
    with pytest.raises(WorkshopError):
        rooms.vote(token, "a", **kwargs)
    assert rooms.view(token).votes["a"].importance == 4 and rooms.view(token).votes["a"].emotion == 1


def test_votes_on_unknown_stages_and_with_bad_tokens_are_refused(rooms, room):
    r = room
    _, token = rooms.join(r.code, "Anna")
    rooms.set_phase(OWNER, r.id, "vote")
    with pytest.raises(WorkshopError, match="no longer on the map"):
        rooms.vote(token, "zzz", importance=3)
    with pytest.raises(NotAllowed):
        rooms.vote(r.id, "a", importance=3)  # the room's id is no participant's token
    assert rooms.snapshot(OWNER, r.id).votes == []


def test_a_participant_cannot_touch_another_participants_votes_or_notes(rooms, room):
    r = room
    _, anna = rooms.join(r.code, "Anna")
    _, boris = rooms.join(r.code, "Boris")
    note = rooms.add_note(anna, "a", "pain", "Anna's note")
    with pytest.raises(NotAllowed, match="not one of yours"):
        rooms.delete_note(boris, note.id)
    rooms.set_phase(OWNER, r.id, "vote")
    rooms.vote(anna, "a", importance=5)
    rooms.vote(boris, "a", importance=1)
    assert rooms.view(anna).votes["a"].importance == 5
    assert [n.text for n in rooms.notes_page(OWNER, r.id)] == ["Anna's note"]


# --- notes ------------------------------------------------------------------------------------
def test_notes_in_the_collect_phase_and_removing_your_own(rooms, room):
    r = room
    _, token = rooms.join(r.code, "Anna")
    first = rooms.add_note(token, "a", "pain", "  <script>alert(1)</script>  ")
    rooms.add_note(token, "b", "question", "Who signs?")
    assert first.text == "<script>alert(1)</script>"  # stored as typed; escaped where shown
    assert [n.text for n in rooms.view(token).notes] == ["<script>alert(1)</script>", "Who signs?"]
    rooms.delete_note(token, first.id)
    assert [n.kind for n in rooms.view(token).notes] == ["question"]
    with pytest.raises(WorkshopError, match="unknown kind"):
        rooms.add_note(token, "a", "rant", "x")
    with pytest.raises(WorkshopError, match="no longer on the map"):
        rooms.add_note(token, "nope", "pain", "x")
    rooms.set_phase(OWNER, r.id, "vote")
    with pytest.raises(WorkshopError, match="collect phase"):
        rooms.add_note(token, "a", "pain", "late")


# --- accepting into the map -------------------------------------------------------------------
def test_accept_is_one_version_that_undo_takes_back(store, rooms, room, map_id):
    r = room
    people = join_all(rooms, r.code, ["Anna", "Boris", "Chen", "Dana", "Eve"])
    rooms.add_note(people[0], "c", "pain", "Paperwork")
    rooms.set_phase(OWNER, r.id, "vote")
    for token in people:
        rooms.vote(token, "c", importance=5, emotion=-2)
        rooms.vote(token, "b", importance=2, emotion=1)
    editor = MapEditor(store, map_id)
    before_version = editor.version
    before_top = score_map(editor.map)[0].stage
    report = rooms.accept(OWNER, r.id, editor.apply)
    assert (report.votes, report.notes_added) == (10, 1)
    assert editor.version == before_version + 1
    assert store.history(map_id)[0].note == f"workshop {r.code}: votes and notes"
    stage = editor.map.stage("c")
    assert len(stage.votes) == 5 and stage.values["pain_points"] == ["Paperwork"]
    assert score_map(editor.map)[0].stage == "Сделка" != before_top
    assert rooms.room(OWNER, r.id).accepted_version == before_version + 1
    editor.undo()
    assert editor.map.stage("c").votes == [] and "pain_points" not in editor.map.stage("c").values


def test_accept_needs_the_owner(store, rooms, room, map_id):
    r = room
    _, token = rooms.join(r.code, "Anna")
    with pytest.raises(NotAllowed):
        rooms.accept(r.id, token, MapEditor(store, map_id).apply)
    assert store.current_version(map_id) == 1


def test_purging_the_map_removes_its_rooms(store, rooms, room, map_id):
    r = room
    _, token = rooms.join(r.code, "Anna")
    rooms.add_note(token, "a", "idea", "x")
    store.purge(map_id)
    with pytest.raises(RoomNotFound):
        rooms.find(r.code)
    with pytest.raises(NotAllowed):
        rooms.view(token)


# --- concurrency and restarts -------------------------------------------------------------------
def test_a_hundred_participants_voting_at_once_lose_and_double_nothing(store, clock, database_url):
    m = load_template("saas_demo", "en")
    store.create(m)
    rooms = RoomStore(store, clock=clock)
    r = rooms.open_room(OWNER, m.id, phase="vote")
    tokens = join_all(rooms, r.code, [f"P{i}" for i in range(100)])
    stage_ids = [s.id for s in m.stages]
    start = threading.Barrier(100)
    errors: list[BaseException] = []

    def participant(i: int) -> None:
        token = tokens[i]
        try:
            start.wait()
            for n, stage_id in enumerate(stage_ids):
                rooms.vote(token, stage_id, importance=1 + (i + n) % 5, emotion=-2)
                rooms.vote(token, stage_id, emotion=(i % 5) - 2)  # changed: the last one wins
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with ThreadPoolExecutor(100) as pool:
        list(pool.map(participant, range(100)))
    assert errors == []
    snap = rooms.snapshot(OWNER, r.id)
    assert len(snap.votes) == 100 * len(stage_ids)
    assert len({(v.participant_id, v.stage_id) for v in snap.votes}) == len(snap.votes)
    names = {pid: name for pid, name in snap.participants.items()}
    for v in snap.votes:
        i = int(names[v.participant_id][1:])
        n = stage_ids.index(v.stage_id)
        assert (v.importance, v.emotion) == (1 + (i + n) % 5, (i % 5) - 2)
    for stage in snap.tally():
        assert stage.importance_votes == stage.emotion_votes == 100


def test_a_restart_in_the_middle_keeps_the_room_and_participants_go_on(database_url, map_id, clock):
    with MapStore(database_url) as first:
        rooms = RoomStore(first, clock=clock)
        r = rooms.open_room(OWNER, map_id)
        tokens = join_all(rooms, r.code, ["Anna", "Boris"])
        rooms.add_note(tokens[0], "a", "pain", "Slow")
        rooms.set_phase(OWNER, r.id, "vote", minutes=10)
        rooms.vote(tokens[1], "b", importance=4)
    with MapStore(database_url) as second:  # a new process: nothing kept in memory
        rooms = RoomStore(second, clock=clock)
        assert rooms.find(r.code).phase == "vote"
        view = rooms.view(tokens[1])
        assert view.participant.name == "Boris" and view.votes["b"].importance == 4
        rooms.vote(tokens[0], "b", importance=2)
        snap = rooms.snapshot(OWNER, r.id)
        assert sorted(snap.participants.values()) == ["Anna", "Boris"]
        assert [n.text for n in rooms.notes_page(OWNER, r.id)] == ["Slow"] and snap.notes_total == 1
        assert {s.stage_id: s.importance_mean for s in snap.tally()}["b"] == 3


def test_room_of_a_participant_is_the_light_poll(rooms, room):
    r = room
    _, token = rooms.join(r.code, "Anna")
    rooms.set_phase(OWNER, r.id, "review")
    assert rooms.room_of(token).phase == "review"
    with pytest.raises(NotAllowed):
        rooms.room_of(r.id)


def test_two_app_instances_on_one_database_share_the_room(database_url, map_id, clock):
    """Behind a load balancer: a phone talks to one instance, the facilitator's board to another."""
    with MapStore(database_url) as a, MapStore(database_url) as b:
        phones, board = RoomStore(a, clock=clock), RoomStore(b, clock=clock)
        r = board.open_room(OWNER, map_id, phase="vote")
        _, token = phones.join(r.code, "Anna")
        phones.vote(token, "a", importance=5, emotion=-1)
        snap = board.snapshot(OWNER, r.id)
        assert list(snap.participants.values()) == ["Anna"]
        assert {s.stage_id: s.voters for s in snap.tally()}["a"] == 1
        board.set_phase(OWNER, r.id, "review")
        with pytest.raises(WorkshopError, match="voting is not open"):
            phones.vote(token, "a", importance=4)


# --- blind voting, rounds ----------------------------------------------------------------------
def test_votes_are_blind_until_revealed_and_a_new_round_starts_blind_and_empty(rooms, room):
    r = room
    anna, boris = join_all(rooms, r.code, ["Anna", "Boris"])
    rooms.set_phase(OWNER, r.id, "vote")
    rooms.vote(anna, "a", importance=5, emotion=-2)
    rooms.vote(boris, "a", importance=1, emotion=0)
    assert rooms.snapshot(OWNER, r.id).room.blind
    assert rooms.view(anna).room.blind  # what /api/v1/me reports
    shown = rooms.reveal(OWNER, r.id)
    assert shown.revealed and not shown.blind and shown.vote_round == 1
    assert rooms.snapshot(OWNER, r.id).rounds() == []  # nothing to compare in round 1

    rooms.set_phase(OWNER, r.id, "review")
    second = rooms.new_round(OWNER, r.id, minutes=3)
    assert (second.vote_round, second.phase, second.blind, second.timer_minutes) == (2, "vote", True, 3)
    snap = rooms.snapshot(OWNER, r.id)
    assert snap.votes == [] and len(snap.earlier) == 2  # round 1 kept for the comparison
    view = rooms.view(anna)
    assert view.votes == {} and view.earlier["a"].importance == 5  # the phone shows "in round 1 you gave 5"

    rooms.vote(anna, "a", importance=4, emotion=-2)  # Anna moved
    rooms.vote(boris, "a", importance=1, emotion=0)  # Boris did not
    late, _ = rooms.join(r.code, "Chen")  # a late joiner votes in round 2
    rooms.vote(_, "a", importance=3)
    rooms.reveal(OWNER, r.id)
    [a, b, c] = rooms.snapshot(OWNER, r.id).rounds()
    assert (a.before.importance_mean, a.after.importance_mean) == (3, 2.67)
    assert a.before.voters == 2 and a.after.voters == 3
    assert [(m.name, m.importance, m.emotion) for m in a.moved] == [("Anna", (5, 4), (-2, -2))]
    assert b.moved == () and c.after.voters == 0


def test_accept_takes_the_last_round(store, rooms, room, map_id):
    r = room
    anna, boris = join_all(rooms, r.code, ["Anna", "Boris"])
    rooms.set_phase(OWNER, r.id, "vote")
    rooms.vote(anna, "c", importance=1, emotion=2)
    rooms.vote(boris, "c", importance=1, emotion=2)
    rooms.new_round(OWNER, r.id)
    rooms.vote(anna, "c", importance=5, emotion=-2)
    editor = MapEditor(store, map_id)
    report = rooms.accept(OWNER, r.id, editor.apply)
    assert report.votes == 1
    assert [(v.participant, v.importance, v.emotion) for v in editor.map.stage("c").votes] == [("Anna", 5, -2)]


def test_a_histogram_per_stage(rooms, room):
    r = room
    tokens = join_all(rooms, r.code, ["A", "B", "C", "D"])
    rooms.set_phase(OWNER, r.id, "vote")
    for token, (i, e) in zip(tokens, [(5, -2), (5, -1), (4, -2), (1, 2)], strict=True):
        rooms.vote(token, "b", importance=i, emotion=e)
    board = {s.stage_id: s for s in rooms.snapshot(OWNER, r.id).tally()}
    assert board["b"].importance_histogram == (1, 0, 0, 1, 2)
    assert board["b"].emotion_histogram == (2, 1, 0, 0, 1)
    assert board["a"].importance_histogram == (0, 0, 0, 0, 0)


# --- limits -------------------------------------------------------------------------------------
def test_a_room_takes_only_so_many_participants(store, clock, map_id):
    rooms = RoomStore(store, clock=clock, limits=Limits(participants_per_room=3))
    r = rooms.open_room(OWNER, map_id)
    join_all(rooms, r.code, ["A", "B", "C"])
    with pytest.raises(Throttled, match="full") as refused:
        rooms.join(r.code, "D")
    assert refused.value.retry_after is None and refused.value.key == "err.room.full"
    assert len(rooms.snapshot(OWNER, r.id).participants) == 3


def test_notes_per_participant_per_phase(store, clock, map_id):
    rooms = RoomStore(store, clock=clock, limits=Limits(notes_per_phase=2))
    r = rooms.open_room(OWNER, map_id)
    anna, boris = join_all(rooms, r.code, ["Anna", "Boris"])
    rooms.add_note(anna, "a", "pain", "one")
    rooms.add_note(anna, "a", "pain", "two")
    with pytest.raises(Throttled, match="in this phase"):
        rooms.add_note(anna, "a", "pain", "three")
    rooms.add_note(boris, "a", "idea", "Boris has his own count")
    rooms.set_phase(OWNER, r.id, "review")
    rooms.set_phase(OWNER, r.id, "collect")  # a new collect phase: a new count
    rooms.add_note(anna, "b", "pain", "three")
    assert rooms.snapshot(OWNER, r.id).notes_total == 4


def test_the_board_counts_notes_and_pages_them_newest_first(rooms, room):
    r = room
    [token] = join_all(rooms, r.code, ["Anna"])
    for i in range(7):
        rooms.add_note(token, "ab"[i % 2], "pain" if i % 3 else "idea", f"note {i}")
    snap = rooms.snapshot(OWNER, r.id)
    assert snap.notes_total == 7
    assert snap.note_counts == {("a", "idea"): 2, ("a", "pain"): 2, ("b", "pain"): 2, ("b", "idea"): 1}
    assert {s.stage_id: s.notes for s in snap.tally()}["a"] == {"pain": 2, "idea": 2}
    assert [n.text for n in rooms.notes_page(OWNER, r.id, offset=0, limit=3)] == ["note 6", "note 5", "note 4"]
    assert [n.text for n in rooms.notes_page(OWNER, r.id, offset=6, limit=3)] == ["note 0"]


def test_a_database_of_the_first_workshop_version_gains_the_new_columns(database_url, map_id):
    """Rooms made before rounds existed: opening the database adds vote_round, revealed, phase_started."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        for column in ("vote_round", "revealed", "phase_started"):
            conn.execute(text(f"ALTER TABLE workshop_rooms DROP COLUMN {column}"))
        conn.execute(text("DROP TABLE workshop_round_votes"))
        conn.execute(text("DROP INDEX ix_workshop_notes_kinds"))
        conn.execute(text(
            "INSERT INTO workshop_rooms (id, code, map_id, facilitator_hash, phase, opened, expires_at) VALUES "
            "('old', 'OLDOLD', :m, 'abc', 'vote', :o, :e)"), {"m": map_id, "o": now(), "e": now() + timedelta(hours=2)})
    engine.dispose()
    with MapStore(database_url) as reopened:
        rooms = RoomStore(reopened)
        old = rooms.find("OLDOLD")
        assert (old.vote_round, old.revealed, old.phase) == (1, False, "vote")
        _, token = rooms.join("OLDOLD", "Anna")
        rooms.vote(token, "a", importance=3)
        assert rooms.new_round(OWNER, "old").vote_round == 2
    assert {c.name for c in rooms_table.columns} >= {"vote_round", "revealed", "phase_started"}
    engine = create_engine(database_url)
    assert "ix_workshop_notes_kinds" in {i["name"] for i in inspect(engine).get_indexes("workshop_notes")}
    engine.dispose()


def test_a_room_with_ten_thousand_notes_gives_the_board_counts_and_a_page(store, rooms, room):
    """The board never loads every note: counts per stage and kind, and the newest page."""
    from sqlalchemy import insert

    from cjm.rooms import notes as notes_table

    r = room
    tokens = join_all(rooms, r.code, [f"P{i}" for i in range(50)])
    people = list(rooms.snapshot(OWNER, r.id).participants)
    start = now()
    rows = [{"id": f"n{i:05d}", "room_id": r.id, "participant_id": people[i % 50], "stage_id": "abc"[i % 3],
             "kind": ("pain", "idea", "question")[i % 3 - 1], "text": f"note {i}",
             "created": start + timedelta(milliseconds=i)} for i in range(10_000)]
    with store.db.write("bulk notes") as conn:
        conn.execute(insert(notes_table), rows)
    snap = rooms.snapshot(OWNER, r.id)
    assert snap.notes_total == 10_000 and sum(snap.note_counts.values()) == 10_000
    assert {s.stage_id: sum(s.notes.values()) for s in snap.tally()} == {"a": 3334, "b": 3333, "c": 3333}
    page = rooms.notes_page(OWNER, r.id, offset=0, limit=30)
    assert [n.text for n in page[:2]] == ["note 9999", "note 9998"] and len(page) == 30
    assert rooms.notes_page(OWNER, r.id, offset=9_990, limit=30)[-1].text == "note 0"
    assert len(rooms.view(tokens[0]).notes) == 200  # a participant still sees only their own
