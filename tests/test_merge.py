"""cjm/merge.py: the three-way merge of base (as exported), theirs (the workbook) and ours (the map now)."""

from __future__ import annotations

import pytest

from cjm import editing
from cjm.merge import DATA_SHEET, MAP_SHEET, added_cells, apply, combine, plan
from cjm.templates import load_template


@pytest.fixture
def base():
    return load_template("saas_demo", "en")


def ids(m) -> list[str]:
    return [stage.id for stage in m.stages]


def test_the_workbooks_edit_comes_in_and_the_apps_edit_since_stays(base):
    s1, s2 = base.stages[0].id, base.stages[1].id
    theirs = editing.set_value(base, s1, "importance", 5)
    ours = editing.set_value(base, s2, "goals", "Changed in the app")
    p = plan(base, theirs, ours)
    assert [(c.kind, c.stage_id, c.lane_key, c.ours, c.options[0].value, c.conflict) for c in p.changes] == [
        ("cell", s1, "importance", 3, 5, False)]
    assert [c.text("en") for c in p.kept] == [
        f'Stage "Comparing options", lane "Goals (JTBD)": “{base.stages[1].values["goals"]}” → “Changed in the app”']
    merged = apply(p, p.defaults())
    assert merged.stages[0].values["importance"] == 5 and merged.stages[1].values["goals"] == "Changed in the app"
    assert merged.id == ours.id


def test_a_cell_changed_on_both_sides_differently_is_a_conflict_the_person_decides(base):
    s1 = base.stages[0].id
    theirs = editing.set_value(base, s1, "importance", 5)
    ours = editing.set_value(base, s1, "importance", 1)
    p = plan(base, theirs, ours)
    [change] = p.changes
    assert change.conflict and change.ours == 1 and change.base == 3 and change.options[0].value == 5
    assert p.defaults() == {change.id: None}  # waits for the person
    assert apply(p, p.defaults()).stages[0].values["importance"] == 1
    assert apply(p, p.everything()).stages[0].values["importance"] == 5
    assert change.line("en") == 'Stage "Recognizing the need", lane "Importance": 1 → 5'


def test_the_same_change_on_both_sides_is_no_change(base):
    theirs = editing.set_value(base, base.stages[0].id, "importance", 5)
    assert plan(base, theirs, theirs).changes == ()


def test_an_emotions_score_and_words_merge_apart(base):
    s1 = base.stages[0].id
    words = base.stages[0].values["emotion"]["words"]
    theirs = editing.set_value(base, s1, "emotion", {"score": 2, "words": words})
    ours = editing.set_value(base, s1, "emotion", {"score": -1, "words": "new words"})
    p = plan(base, theirs, ours)
    assert [(c.part, c.conflict) for c in p.changes] == [("score", False)]
    assert apply(p, p.defaults()).stages[0].values["emotion"] == {"score": 2, "words": "new words"}


def test_stages_added_on_both_sides_land_where_each_side_put_them(base):
    theirs, new_theirs = editing.add_stage(base, "From the workbook", after=base.stages[1].id)
    ours, new_ours = editing.add_stage(base, "From the app")
    p = plan(base, theirs, ours)
    [change] = p.changes
    assert change.kind == "stage_add" and change.line("en") == 'Stage "From the workbook" added (position 3)'
    merged = apply(p, p.defaults())
    assert ids(merged) == [*ids(base)[:2], new_theirs, *ids(base)[2:], new_ours]


def test_a_removed_stage_is_removed_only_when_the_person_agrees(base):
    gone = base.stages[2].id
    theirs = editing.delete_stages(base, [gone])
    p = plan(base, theirs, base)
    [change] = p.changes
    assert change.removal and not change.conflict and p.defaults() == {change.id: None}
    assert gone in ids(apply(p, p.defaults()))
    assert gone not in ids(apply(p, p.everything()))
    edited = editing.set_value(base, gone, "importance", 1)  # the app edited it since: a conflict
    assert plan(base, theirs, edited).changes[0].conflict


def test_a_stage_the_app_removed_comes_back_only_if_the_workbook_edited_it(base):
    gone = base.stages[2].id
    ours = editing.delete_stages(base, [gone])
    assert plan(base, base, ours).changes == ()
    theirs = editing.set_value(base, gone, "importance", 1)
    [change] = plan(base, theirs, ours).changes
    assert change.kind == "stage_add" and change.conflict
    merged = apply(plan(base, theirs, ours), {change.id: 0})
    assert ids(merged) == ids(base) and merged.stages[2].values["importance"] == 1


def test_a_new_lane_comes_with_its_cells_and_a_removed_one_waits(base):
    theirs, key = editing.add_custom_lane(base, "Owner", "text", after="actions")
    theirs = editing.set_value(theirs, base.stages[1].id, key, "Sales")
    theirs = editing.delete_lane(theirs, "touchpoints")
    p = plan(base, theirs, base)
    assert sorted(c.kind for c in p.changes) == ["lane_add", "lane_remove"]
    merged = apply(p, p.defaults())
    assert [lane.key for lane in merged.lanes][:3] == ["actions", key, "touchpoints"]
    assert merged.stages[1].values[key] == "Sales"
    assert "touchpoints" not in [lane.key for lane in apply(p, p.everything()).lanes]


def test_the_workbooks_order_with_the_apps_new_stage_after_its_neighbour(base):
    a, b, c, d = ids(base)
    theirs = editing.reorder_stages(base, [d, a, b, c])
    ours, new = editing.add_stage(base, "App", after=b)
    p = plan(base, theirs, ours)
    [change] = p.changes
    assert change.kind == "stage_order"
    assert change.line("en") == 'Stage "Onboarding and use" moved: position 4 → 1'
    assert ids(apply(p, p.defaults())) == [d, a, b, new, c]
    assert ids(apply(p, {change.id: None})) == [a, b, new, c, d]


def test_both_reordered_differently_is_a_conflict(base):
    a, b, c, d = ids(base)
    p = plan(base, editing.reorder_stages(base, [d, a, b, c]), editing.reorder_stages(base, [b, a, c, d]))
    assert [(ch.kind, ch.conflict) for ch in p.changes] == [("stage_order", True)]


def test_details_rename_and_relabel(base):
    theirs = editing.set_details(base, title="New title", persona="Anna")
    theirs = editing.rename_stage(theirs, base.stages[0].id, "Need")
    theirs = editing.rename_lane(theirs, "goals", "Goals")
    p = plan(base, theirs, base)
    assert [c.line("en") for c in p.changes] == [
        f"Map, title: “{base.title}” → “New title”", f"Map, persona: “{base.persona[:79]}…” → “Anna”",
        'Lane "Goals (JTBD)" renamed "Goals"', 'Stage "Recognizing the need" renamed "Need"']
    assert apply(p, p.defaults()) == theirs.model_copy(update={"id": base.id})


def test_merging_again_brings_nothing(base):
    theirs = editing.set_value(base, base.stages[0].id, "importance", 5)
    theirs, _ = editing.add_stage(theirs, "New")
    ours = editing.set_value(base, base.stages[1].id, "goals", "x")
    merged = apply(plan(base, theirs, ours), plan(base, theirs, ours).everything())
    assert plan(base, theirs, merged).changes == ()


# --- the two sheets of a workbook ------------------------------------------------------------------------------
def test_two_sheets_that_disagree_offer_both_values(base):
    s1 = base.stages[0].id
    map_side = editing.set_value(base, s1, "importance", 5)
    data_side = editing.set_value(base, s1, "importance", 4)
    data_side = editing.set_value(data_side, base.stages[1].id, "goals", "from Data")
    theirs, disagree, kept = combine(base, map_side, data_side)
    assert theirs.stages[0].values["importance"] == 5 and theirs.stages[1].values["goals"] == "from Data"
    assert disagree == {f"cell:{s1}:importance:value": (5, 4)} and kept == []
    p = plan(base, theirs, base, disagree)
    change = next(c for c in p.changes if c.lane_key == "importance")
    assert [(o.source, o.value) for o in change.options] == [(MAP_SHEET, 5), (DATA_SHEET, 4)]
    assert change.sheets_disagree and not change.conflict and p.conflicts == 1
    assert apply(p, {**p.defaults(), change.id: 1}).stages[0].values["importance"] == 4
    ours = editing.set_value(base, s1, "importance", 5)  # the app has the Map sheet's value: only Data's is offered
    [only] = [c for c in plan(base, theirs, ours, disagree).changes if c.lane_key == "importance"]
    assert [(o.source, o.value) for o in only.options] == [(DATA_SHEET, 4)]


def test_a_stage_added_on_both_sheets_under_one_name_is_one_stage(base):
    map_side, _ = editing.add_stage(base, "Renewal")
    data_side, data_id = editing.add_stage(base, "Renewal")
    data_side = editing.set_value(data_side, data_id, "importance", 2)
    theirs, _, _ = combine(base, map_side, data_side)
    assert [s.name for s in theirs.stages].count("Renewal") == 1
    assert theirs.stages[-1].values["importance"] == 2


def test_removed_on_one_sheet_but_edited_on_the_other_is_kept(base):
    gone = base.stages[2].id
    map_side = editing.set_value(base, gone, "importance", 1)
    data_side = editing.delete_stages(base, [gone])
    theirs, _, kept = combine(base, map_side, data_side)
    assert gone in ids(theirs) and theirs.stages[2].values["importance"] == 1 and kept == [gone]
    theirs, _, kept = combine(base, data_side, map_side)
    assert gone in ids(theirs) and kept == [gone]


def test_two_sheets_that_order_the_stages_differently_offer_both_orders(base):
    a, b, c, d = ids(base)
    theirs, disagree, _ = combine(base, editing.reorder_stages(base, [d, a, b, c]),
                                  editing.reorder_stages(base, [b, a, c, d]))
    assert ids(theirs) == [d, a, b, c] and set(disagree) == {"stage_order"}
    [change] = plan(base, theirs, base, disagree).changes
    assert [change.line("en", k) for k in (0, 1)] == [
        'Stage "Onboarding and use" moved: position 4 → 1', 'Stage "Comparing options" moved: position 2 → 1']


def test_an_added_stage_or_lane_says_what_it_brings(base):
    theirs, new = editing.add_stage(base, "Renewal")
    theirs = editing.set_value(theirs, new, "actions", ["Renews the plan"])
    theirs, key = editing.add_custom_lane(theirs, "Owner", "text")
    theirs = editing.set_value(theirs, base.stages[0].id, key, "Sales")
    changes = {c.kind: c for c in plan(base, theirs, base).changes}
    assert added_cells(changes["stage_add"], theirs, "en") == "Actions: “Renews the plan”"
    assert added_cells(changes["lane_add"], theirs, "ru") == "Recognizing the need: «Sales»"
