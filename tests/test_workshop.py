"""Workshop logic without storage: codes, checks, the tally, accepting votes and notes into a map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cjm import workshop as ws
from cjm.errors import MapValidationError
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.model import Map, Vote
from cjm.scoring import score_map
from cjm.workshop import RoomNote, RoomVote, WorkshopError
from tests.conftest import make_map_dict

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PEOPLE = {"p1": "Anna", "p2": "Boris", "p3": "Chen"}


def make_map(**overrides) -> Map:
    return map_from_dict(make_map_dict(**overrides))


def note(note_id: str, stage: str, kind: str, text: str, who: str = "p1", minute: int = 0) -> RoomNote:
    return RoomNote(note_id, who, stage, kind, text, T0 + timedelta(minutes=minute))


def accept(m: Map, votes=(), notes=(), people=PEOPLE, code="ABC234"):
    return ws.accept(m, code=code, opened=T0, accepted=T0 + timedelta(hours=1), participants=dict(people),
                     votes=list(votes), notes=list(notes))


# --- codes and secrets ---------------------------------------------------------------------
def test_codes_are_short_and_unambiguous():
    codes = {ws.new_code() for _ in range(500)}
    assert len(codes) > 490
    for code in codes:
        assert len(code) == ws.CODE_LENGTH
        assert not set(code) & set("01OIL")


def test_typed_codes_are_forgiving():
    assert ws.normalize_code(" abc-234 ") == "ABC234"
    assert ws.normalize_code("k7m x4p") == "K7MX4P"
    assert ws.normalize_code("") == ""


def test_secrets_are_long_random_and_stored_as_hashes():
    a, b = ws.new_secret(), ws.new_secret()
    assert a != b
    assert len(a) >= 43  # 32 bytes, url-safe base64: 256 bits
    assert ws.secret_hash(a) != a and len(ws.secret_hash(a)) == 64
    assert ws.secret_hash(a) == ws.secret_hash(a)


# --- checks ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "5", True, None, float("nan")])
def test_importance_outside_the_scale_is_refused(value):
    with pytest.raises(WorkshopError, match="importance is a whole number from 1 to 5"):
        ws.check_importance(value)


@pytest.mark.parametrize("value", [-3, 3, 1.5, "+1", False, None])
def test_emotion_outside_the_scale_is_refused(value):
    with pytest.raises(WorkshopError, match="emotion is a whole number from −2 to \\+2"):
        ws.check_emotion(value)


def test_scale_ends_are_accepted():
    assert [ws.check_importance(v) for v in (1, 5, 3.0)] == [1, 5, 3]
    assert [ws.check_emotion(v) for v in (-2, 0, 2)] == [-2, 0, 2]


def test_names_are_trimmed_limited_and_made_unique():
    assert ws.check_name("  Anna   K.  ") == "Anna K."
    with pytest.raises(WorkshopError, match="enter a display name"):
        ws.check_name("   ")
    with pytest.raises(WorkshopError, match="limit is 40"):
        ws.check_name("x" * 41)
    with pytest.raises(WorkshopError, match="must be text"):
        ws.check_name(None)
    assert ws.unique_name("Anna", ["Boris"]) == "Anna"
    assert ws.unique_name("anna", ["Anna"]) == "anna (2)"
    assert ws.unique_name("Anna", ["Anna", "Anna (2)"]) == "Anna (3)"


def test_notes_are_checked():
    assert ws.check_note("pain", "  long wait  ") == ("pain", "long wait")
    with pytest.raises(WorkshopError, match="unknown kind of note"):
        ws.check_note("rant", "x")
    with pytest.raises(WorkshopError, match="the note is empty"):
        ws.check_note("idea", "  \n ")
    with pytest.raises(WorkshopError, match="limit is 1,000"):
        ws.check_note("idea", "x" * 1001)


def test_phases_and_timers():
    assert ws.check_phase("vote") == "vote"
    with pytest.raises(WorkshopError, match="unknown phase"):
        ws.check_phase("party")
    assert ws.check_minutes(None) is None
    assert ws.check_minutes(5) == 5.0
    for bad in (0, -1, 181, float("inf"), "5", True):
        with pytest.raises(WorkshopError, match="timer"):
            ws.check_minutes(bad)
    assert ws.seconds_left(T0 + timedelta(seconds=245), T0) == 245
    assert ws.seconds_left(T0, T0 + timedelta(minutes=1)) == 0
    assert ws.seconds_left(None, T0) is None
    assert ws.clock(245) == "4:05" and ws.clock(0) == "0:00" and ws.clock(None) == ""


# --- the tally ------------------------------------------------------------------------------
def test_tally_counts_means_spreads_and_flags_disagreement():
    m = make_map()
    votes = [
        RoomVote("p1", "a", 1, 0), RoomVote("p2", "a", 5, 0), RoomVote("p3", "a", None, 1),
        RoomVote("p1", "b", 4, -2), RoomVote("p2", "b", 4, -1),
        RoomVote("p1", "gone", 5, -2),  # its stage was deleted
    ]
    board = {s.stage_id: s for s in ws.tally(m, votes)}
    assert list(board) == ["a", "b", "c"]
    a, b, c = board["a"], board["b"], board["c"]
    assert (a.voters, a.importance_votes, a.importance_mean, a.importance_spread) == (3, 2, 3.0, 2.0)
    assert (a.emotion_votes, a.emotion_mean) == (3, 0.33)
    assert a.discuss  # 1 against 5
    assert (b.voters, b.importance_mean, b.importance_spread, b.emotion_mean, b.emotion_spread) == (2, 4, 0, -1.5, 0.5)
    assert not b.discuss
    assert (c.voters, c.importance_mean, c.importance_spread, c.discuss) == (0, None, None, False)
    assert ws.orphans(m, votes, []) == (1, 0)


def test_tally_counts_notes_by_stage_and_kind_and_draws_histograms():
    m = make_map()
    counts = {("a", "question"): 1, ("a", "pain"): 2, ("b", "idea"): 1, ("gone", "pain"): 4}
    votes = [RoomVote("p1", "a", 5, -2), RoomVote("p2", "a", 5, 2), RoomVote("p3", "a", 1, None)]
    board = {s.stage_id: s for s in ws.tally(m, votes, counts)}
    assert board["a"].notes == {"pain": 2, "question": 1}  # in the kinds' order
    assert list(board["a"].notes) == ["pain", "question"]
    assert board["b"].notes == {"idea": 1} and board["c"].notes == {}
    assert board["a"].importance_histogram == (1, 0, 0, 0, 2)
    assert board["a"].emotion_histogram == (1, 0, 0, 0, 1)
    assert ws.histogram([3, 3, 9], ws.IMPORTANCE_SCALE) == (0, 0, 2, 0, 0)  # off the scale: not counted


def test_rounds_compare_means_and_name_who_moved():
    m = make_map()
    before = [RoomVote("p1", "a", 5, -2), RoomVote("p2", "a", 3, 0), RoomVote("p3", "a", 2, None)]
    after = [RoomVote("p1", "a", 4, -2), RoomVote("p2", "a", 3, 1), RoomVote("p3", "a", None, 1),
             RoomVote("p4", "a", 1, 1)]
    names = {"p1": "Boris", "p2": "anna", "p3": "Chen", "p4": "Dana"}
    a, b, c = ws.compare_rounds(m, before, after, names)
    assert (a.before.importance_mean, a.after.importance_mean) == (3.33, 2.67)
    assert [(mv.name, mv.importance, mv.emotion) for mv in a.moved] == [
        ("anna", (3, 3), (0, 1)), ("Boris", (5, 4), (-2, -2))]  # Chen rated different things: no move
    assert b.moved == c.moved == () and b.after.voters == 0


def test_the_join_link_is_the_short_phone_address():
    assert ws.join_link("http://192.168.1.20:8501", "K7MX4P") == "http://192.168.1.20:8501/j/K7MX4P"
    assert ws.app_address("http://h:8501/workshop?room=x") == "http://h:8501"


# --- accepting ------------------------------------------------------------------------------
def test_accept_turns_votes_into_stage_votes_and_cells_and_changes_the_ranking():
    m = make_map()
    before = [s.stage for s in score_map(m)]
    votes = [RoomVote(p, "c", 5, -2) for p in PEOPLE] + [RoomVote("p1", "b", 2, 2), RoomVote("p2", "b", 1, 1)]
    changed, report = accept(m, votes)
    c = changed.stage("c")
    assert [v.participant for v in c.votes] == ["Anna", "Boris", "Chen"]
    assert c.values["importance"] == 5 and c.values["emotion"] == {"score": -2, "words": ""}
    b = changed.stage("b")
    assert b.values["importance"] == 2  # mean 1.5 rounds half up
    assert b.values["emotion"]["score"] == 2 and b.values["emotion"]["words"] == ""
    after = [s.stage for s in score_map(changed)]
    assert after[0] == "Сделка" and before != after
    ranked = {s.stage: s for s in score_map(changed)}
    assert ranked["Оценка"].importance_spread == 0.5 and ranked["Оценка"].votes == 2
    assert (report.stages_rated, report.votes, report.notes_added) == (2, 5, 0)
    assert m.stage("c").votes == [] and "importance" not in m.stage("c").values  # the input is untouched


def test_accept_keeps_emotion_words_and_adds_missing_rating_lanes():
    m = make_map()
    m = m.model_copy(update={"lanes": [lane for lane in m.lanes if lane.key not in ("importance", "emotion")]})
    for stage in m.stages:
        stage.values = {k: v for k, v in stage.values.items() if k not in ("importance", "emotion")}
    m = Map.model_validate(m.model_dump())
    changed, report = accept(m, [RoomVote("p1", "a", 3, -1)])
    assert {"importance", "emotion"} <= {lane.key for lane in changed.lanes}
    assert set(report.lanes_added) == {"Importance", "Emotions"}
    assert changed.stage("a").values["emotion"] == {"score": -1, "words": ""}
    words = make_map()
    changed, _ = accept(words, [RoomVote("p1", "a", 3, -2)])
    assert changed.stage("a").values["emotion"] == {"score": -2, "words": "lost"}


def test_accept_turns_notes_into_lane_items_once():
    m = make_map()
    notes = [note("n1", "a", "pain", "Long wait"), note("n2", "a", "idea", "Chat bot\nFAQ", minute=1),
             note("n3", "b", "question", "Who decides?", who="p2", minute=2), note("n4", "gone", "pain", "lost")]
    changed, report = accept(m, notes=notes)
    a = changed.stage("a")
    assert a.values["pain_points"] == ["Long wait"]
    assert a.values["hypotheses"] == ["Chat bot", "FAQ"]
    assert changed.stage("b").values["questions"] == ["Who decides?"]
    assert changed.lane("questions").label == "Open questions"
    assert (report.notes_added, report.skipped_notes) == (3, 1)
    record = changed.workshops[-1]
    assert record.code == "ABC234" and record.participants == ["Anna", "Boris", "Chen"]
    assert [(n.id, n.lane, n.participant) for n in record.notes] == [
        ("n1", "pain_points", "Anna"), ("n2", "hypotheses", "Anna"), ("n3", "questions", "Boris")]
    # accepting again (more notes and changed votes meanwhile) adds only what is new
    again, report = accept(changed, [RoomVote("p1", "a", 4, None)],
                           notes + [note("n5", "a", "pain", "No price", minute=5)])
    assert again.stage("a").values["pain_points"] == ["Long wait", "No price"]
    assert again.stage("a").values["hypotheses"] == ["Chat bot", "FAQ"]
    assert report.notes_added == 1
    assert len(again.workshops) == 1 and len(again.workshops[0].notes) == 4


def test_accept_again_replaces_this_rooms_votes_and_keeps_other_workshops():
    m = make_map()
    m.stages[0].votes = [Vote(participant="Earlier workshop", importance=1, emotion=2)]
    m = Map.model_validate(m.model_dump())
    first, _ = accept(m, [RoomVote("p1", "a", 5, -2), RoomVote("p2", "a", 4, -1)])
    assert [v.participant for v in first.stage("a").votes] == ["Earlier workshop", "Anna", "Boris"]
    second, report = accept(first, [RoomVote("p1", "a", 3, 0)])  # Boris changed nothing, Anna changed
    assert [(v.participant, v.importance) for v in second.stage("a").votes] == [("Earlier workshop", 1), ("Anna", 3)]
    assert report.votes == 1
    third, _ = accept(second, [RoomVote("p1", "a", 3, 0)], code="XYZ789", people={"p1": "Dana"})
    assert [v.participant for v in third.stage("a").votes] == ["Earlier workshop", "Anna", "Dana"]
    assert [w.code for w in third.workshops] == ["ABC234", "XYZ789"]


def test_accepted_workshop_is_part_of_the_json_and_round_trips():
    m = make_map()
    changed, _ = accept(m, [RoomVote("p1", "a", 5, -2)], [note("n1", "a", "pain", "<b>bold</b>")])
    doc = map_to_dict(changed)
    assert doc["workshops"][0]["participants"] == ["Anna", "Boris", "Chen"]
    assert doc["stages"][0]["votes"] == [{"participant": "Anna", "importance": 5, "emotion": -2}]
    assert map_from_dict(doc) == changed
    assert "workshops" not in map_to_dict(m)  # a map without workshops is saved as before


def test_accept_refuses_what_breaks_a_rule_and_leaves_the_map_as_it_was():
    m = make_map()
    huge = [note(f"n{i}", "a", "pain", "x" * 900, minute=i) for i in range(30)]  # > 20,000 characters in a cell
    before = map_to_dict(m)
    with pytest.raises(MapValidationError, match="characters"):
        accept(m, notes=huge)
    assert map_to_dict(m) == before


def test_votes_from_unknown_participants_are_ignored():
    m = make_map()
    changed, report = accept(m, [RoomVote("stranger", "a", 5, -2)])
    assert changed.stage("a").votes == [] and report.votes == 0
