"""The action plan (cjm/actions.py): changes give a new, validated map; filters, progress, the tracker CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from cjm import actions, analysis
from cjm.actions import (
    add_action,
    delete_actions,
    filtered,
    from_recommendation,
    move_action,
    owners,
    progress,
    reorder_actions,
    to_csv,
    update_action,
)
from cjm.editing import delete_stages
from cjm.errors import CJMError, MapValidationError
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.scoring import score_map
from tests.conftest import make_map_dict, storable_text
from tests.test_hostile_text import HOSTILE


@pytest.fixture
def m():
    doc = make_map_dict()
    doc["lanes"].append({"key": "recommendations", "label": "Recommendations", "type": "list"})
    doc["stages"][1]["values"]["recommendations"] = ["Call back within a day", "Show prices up front"]
    return map_from_dict(doc)


def plan(m, *specs):
    """``m`` with actions (title, owner, status) added in order; returns the map and the ids."""
    ids = []
    for title, owner, status in specs:
        m, action_id = add_action(m, title, owner=owner, status=status)
        ids.append(action_id)
    return m, ids


def test_add_gives_a_new_map_and_leaves_the_old_one(m):
    m2, action_id = add_action(m, "Rewrite the pricing page", stage_id="b", owner=" Ира ", due=date(2026, 12, 15),
                               effort="M", notes="with legal")
    assert m.actions == []
    (action,) = m2.actions
    assert (action.id, action.title, action.stage_id, action.owner, action.due, action.status, action.effort,
            action.notes) == (action_id, "Rewrite the pricing page", "b", "Ира", date(2026, 12, 15), "open", "M",
                              "with legal")
    assert map_from_dict(map_to_dict(m2)) == m2


def test_update_changes_only_what_is_given(m):
    m, action_id = add_action(m, "Fix", stage_id="a", owner="Anna")
    m = update_action(m, action_id, status="done", due="2027-01-31", effort="")
    action = m.actions[0]
    assert (action.status, action.due, action.effort, action.owner, action.stage_id) == (
        "done", date(2027, 1, 31), None, "Anna", "a")
    m = update_action(m, action_id, stage_id="")
    assert m.actions[0].stage_id is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "  "}, "the action is empty"),
        ({"status": "later"}, "in_progress"),
        ({"effort": "XL"}, "'S'"),
        ({"due": "tomorrow"}, "due"),
        ({"stage_id": "zz"}, 'the stage id "zz" is not a stage'),
        ({"owner": "x" * 201}, "owner"),
    ],
)
def test_a_bad_change_is_refused_in_one_line_and_the_map_is_kept(m, changes, expected):
    m, action_id = add_action(m, "Fix")
    with pytest.raises(MapValidationError) as caught:
        update_action(m, action_id, **changes)
    assert expected in str(caught.value) and "\n" not in str(caught.value)
    assert m.actions[0].title == "Fix"


def test_an_unknown_action_is_an_error_not_a_no_op(m):
    with pytest.raises(CJMError, match="no action"):
        update_action(m, "nope", status="done")
    with pytest.raises(CJMError, match="no action"):
        delete_actions(m, ["nope"])


def test_delete_reorder_and_move(m):
    m, (one, two, three) = plan(m, ("1", "", "open"), ("2", "", "open"), ("3", "", "open"))
    assert [a.title for a in reorder_actions(m, [three, one, two]).actions] == ["3", "1", "2"]
    assert [a.title for a in move_action(m, one, 5).actions] == ["2", "3", "1"]
    assert [a.title for a in move_action(m, one, -1).actions] == ["1", "2", "3"]
    assert [a.title for a in delete_actions(m, [two]).actions] == ["1", "3"]
    with pytest.raises(CJMError, match="missing"):
        reorder_actions(m, [one, two])


def test_the_limit_is_named(m, monkeypatch):
    monkeypatch.setattr(actions, "MAX_ACTIONS", 2)
    m, _ = plan(m, ("1", "", "open"), ("2", "", "open"))
    with pytest.raises(MapValidationError, match="the limit is 2"):
        add_action(m, "3")


def test_two_actions_may_not_share_an_id(m):
    doc = map_to_dict(m)
    doc["actions"] = [{"id": "x", "title": "A"}, {"id": "x", "title": "B"}]
    with pytest.raises(MapValidationError, match='the action id "x" is used by another action too'):
        map_from_dict(doc)


def test_a_recommendation_becomes_an_action_once(m):
    todo = next(t for t in analysis.todos(m, score_map(m)) if t.score.stage_id == "b")
    text = next(d for d in todo.details if d.lane_key == "recommendations").items[0]
    m2, action_id = from_recommendation(m, "b", text)
    assert [(a.title, a.stage_id, a.status, a.owner) for a in m2.actions] == [(text, "b", "open", "")]
    m3, again = from_recommendation(m2, "b", " " + text + " ")
    assert again == action_id and m3 is m2
    assert actions.find(m2, "b", text).id == action_id and actions.find(m2, "a", text) is None
    with pytest.raises(CJMError, match="no longer in the map"):
        from_recommendation(m, "gone", text)


def test_a_deleted_stage_frees_its_actions(m):
    m, action_id = from_recommendation(m, "b", "Call back within a day")
    m = delete_stages(m, ["b"])
    assert m.actions[0].stage_id is None
    assert actions.rows(m)[0].stage == ""


def test_filters_by_owner_and_status(m):
    m, _ = plan(m, ("1", "Ира", "open"), ("2", " ира", "done"), ("3", "Bob", "in_progress"), ("4", "", "open"))
    assert owners(m) == ["Bob", "Ира"]
    assert [a.title for a in filtered(m, owner="ИРА")] == ["1", "2"]
    assert [a.title for a in filtered(m, owner="")] == ["4"]
    assert [a.title for a in filtered(m, status="open")] == ["1", "4"]
    assert [a.title for a in filtered(m, status=["open", "done"], owner="Ира")] == ["1", "2"]
    assert [a.title for a in filtered(m)] == ["1", "2", "3", "4"]
    assert progress(m) == (1, 4)
    assert progress(map_from_dict(make_map_dict())) == (0, 0)


def test_the_tracker_csv_has_the_columns_and_is_formula_safe(m):
    m, action_id = add_action(m, "=HYPERLINK(\"http://x\")", stage_id="b", owner="@bob", due=date(2026, 12, 1),
                              status="in_progress", effort="L", notes="line one\n-2 then +3")
    m, _ = add_action(m, "Plain, with a comma; and a semicolon")
    text = to_csv(m)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["Summary", "Stage", "Owner", "Due", "Status", "Effort", "Notes"]
    assert table[1] == ["'=HYPERLINK(\"http://x\")", "Оценка", "'@bob", "2026-12-01", "In Progress", "L",
                        "line one\n'-2 then +3"]
    assert table[2] == ["Plain, with a comma; and a semicolon", "", "", "", "Open", "", ""]
    assert to_csv(m, filtered(m, status="open")).count("\n") == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=HOSTILE, owner=HOSTILE, notes=HOSTILE)
def test_odd_text_is_kept_exactly_or_refused_in_one_line(m, title, owner, notes):
    try:
        m2, action_id = add_action(m, title, owner=owner, notes=notes, stage_id="a")
    except CJMError as exc:
        message = str(exc)
        assert message and "\n" not in message
        message.encode("utf-8")
        assert m.actions == []
        return
    action = m2.actions[0]
    assert (action.title, action.owner, action.notes) == (title, owner.strip(), notes)
    assert map_from_dict(map_to_dict(m2)) == m2
    text = to_csv(m2)
    text.encode("utf-8")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or cell.lstrip("+-").replace(".", "").isdigit()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=storable_text(min_size=1, max_size=60).filter(str.strip))
def test_any_storable_recommendation_becomes_an_action(m, text):
    m2, action_id = from_recommendation(m, "b", text)
    assert m2.actions[0].title == text.strip()
    assert from_recommendation(m2, "b", text)[1] == action_id


# --- the command line: python -m cjm actions ------------------------------------------------------------------
def _cli(capsys, *argv):
    from cjm.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def map_file(m, tmp_path):
    from cjm.mapfile import write_map

    m, _ = add_action(m, "=1+2 call back", stage_id="b", owner="Ира", status="done", due="2026-12-01", effort="S")
    m, _ = add_action(m, "Second\nline", owner="bob")
    m, _ = add_action(m, "Third", owner="ИРА", status="in_progress")
    path = tmp_path / "map.json"
    write_map(m, path)
    return path


def test_cli_table_shows_every_action_and_the_progress(capsys, map_file):
    code, out, _ = _cli(capsys, "actions", str(map_file))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["#", "action", "stage", "owner", "due", "status", "effort"]
    assert lines[1].split() == ["1", "=1+2", "call", "back", "Оценка", "Ира", "2026-12-01", "done", "S"]
    assert "Second line" in lines[2] and lines[-1] == "1 of 3 done"


def test_cli_filters_by_owner_and_status(capsys, map_file):
    code, out, _ = _cli(capsys, "actions", str(map_file), "--owner", "ира", "--status", "in_progress",
                        "--status", "open", "--format", "json")
    assert code == 0 and [a["title"] for a in __import__("json").loads(out)] == ["Third"]
    code, out, _ = _cli(capsys, "actions", str(map_file), "--owner", "ира")
    assert out.splitlines()[-1] == "1 of 3 done; 2 shown"


def test_cli_csv_is_for_trackers_and_formula_safe(capsys, map_file):
    code, out, _ = _cli(capsys, "actions", str(map_file), "--format", "csv")
    table = list(csv.reader(io.StringIO(out)))
    assert code == 0 and table[0] == list(actions.CSV_COLUMNS)
    assert table[1][:5] == ["'=1+2 call back", "Оценка", "Ира", "2026-12-01", "Done"] and len(table) == 4


def test_cli_refuses_a_bad_file_and_a_bad_status_in_one_line(capsys, tmp_path):
    code, _, err = _cli(capsys, "actions", str(tmp_path / "none.json"))
    assert code == 1 and err.strip().endswith("no such file") and err.count("\n") == 1
    with pytest.raises(SystemExit) as caught:
        _cli(capsys, "actions", str(tmp_path / "none.json"), "--status", "later")
    assert caught.value.code == 2


# --- the library's card: progress kept in the store's summary ----------------------------------------------------
def test_the_store_keeps_the_plans_progress_for_the_library_card(m, tmp_path):
    from cjm.storage import MapStore

    with MapStore(f"sqlite:///{tmp_path / 'cjm.sqlite3'}") as store:
        stored = store.create(m, note="created")
        assert (store.list_maps()[0].actions_done, store.list_maps()[0].actions_total) == (0, 0)
        m2, _ = plan(stored.map, ("1", "", "done"), ("2", "", "open"), ("3", "", "done"))
        store.save(m2, expected_version=stored.version, note="plan")
        summary = store.list_maps()[0]
        assert (summary.actions_done, summary.actions_total) == (2, 3)


def test_a_database_from_before_the_plan_gets_the_columns_and_reads_0_of_0(m, tmp_path):
    import sqlalchemy

    from cjm.storage import MapStore

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    with MapStore(url) as store:
        store.create(m, note="created")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:  # as a database made before the action plan: without its two columns
        conn.exec_driver_sql("ALTER TABLE maps DROP COLUMN actions_done")
        conn.exec_driver_sql("ALTER TABLE maps DROP COLUMN actions_total")
    engine.dispose()
    with MapStore(url) as store:
        summary = store.list_maps()[0]
        assert (summary.title, summary.actions_done, summary.actions_total) == (m.title, 0, 0)


def test_a_due_date_reads_in_the_uis_language():
    assert (actions.due_text(date(2026, 12, 24), "ru"), actions.due_text(date(2026, 12, 24), "en"),
            actions.due_text(None, "ru")) == ("24.12.2026", "2026-12-24", "")


def test_the_markdown_summary_carries_the_plan_escaped(m):
    from cjm.text_export import to_markdown

    assert "## Actions" not in to_markdown(m)
    m, _ = add_action(m, "Fix *this* | now\nplease", stage_id="b", owner="Ира", due=date(2026, 12, 24), status="done",
                      effort="S")
    m, _ = add_action(m, "Second")
    text = to_markdown(m)
    tail = text[text.index("## Actions"):].splitlines()
    assert tail[2] == "1 of 2 actions done"
    assert tail[4] == "| What will be done | Stage | Owner | Due | Status | Effort |"
    assert tail[6] == r"| Fix \*this\* \| now<br>please | Оценка | Ира | 2026\-12\-24 | done | S |"
    assert tail[7] == "| Second |  |  |  | open |  |"
