"""cjm/diff.py and `cjm diff`: what changed between two maps, in words, from any readable format."""

from __future__ import annotations

import json

import pytest

from cjm import editing
from cjm.cli import main
from cjm.diff import Change, diff_maps
from cjm.formats import write_any
from cjm.templates import load_template


@pytest.fixture
def demo():
    return load_template("saas_demo", "en")


def lines(old, new, language="en", **kwargs) -> list[str]:
    return [change.text(language) for change in diff_maps(old, new, **kwargs)]


def test_the_same_map_has_no_changes(demo):
    assert diff_maps(demo, demo) == []


def test_a_cell_change_reads_as_the_issue_shows_it(demo):
    new = editing.set_value(demo, demo.stages[1].id, "importance", 3)
    assert lines(demo, new) == ['Stage "Comparing options", lane "Importance": 5 → 3']
    assert lines(demo, new, "ru") == ["Этап «Comparing options», дорожка «Importance»: 5 → 3"]
    [change] = diff_maps(demo, new)
    assert (change.kind, change.stage_id, change.lane_key, change.before, change.after) == (
        "cell", demo.stages[1].id, "importance", 5, 3)


def test_an_emotion_is_two_changes_its_score_and_its_words(demo):
    stage = demo.stages[0]
    new = editing.set_value(demo, stage.id, "emotion", {"score": 1, "words": "calm, sure"})
    assert lines(demo, new) == [
        f'Stage "{stage.name}", lane "Emotions": −1 → +1',
        f'Stage "{stage.name}", lane "Emotions (words)": “{stage.values["emotion"]["words"]}” → “calm, sure”']


def test_stages_and_lanes_added_removed_renamed_moved(demo):
    new = editing.rename_stage(demo, demo.stages[0].id, "Need")
    new = editing.move_stage(new, demo.stages[3].id, -3)
    new, _ = editing.add_stage(new, "Renewal")
    new = editing.delete_stages(new, [demo.stages[2].id])
    new = editing.rename_lane(new, "goals", "Goals")
    new = editing.delete_lane(new, "touchpoints")
    new, _ = editing.add_custom_lane(new, "Owner", "text")
    new = editing.move_lane(new, "recommendations", -6)
    got = lines(demo, new)
    assert got == [
        'Lane "Goals (JTBD)" renamed "Goals"',
        'Lane "Recommendations" moved: position 8 → 1',
        'Lane "Owner" added (position 8)',
        'Lane "Touchpoints" removed (was at position 2)',
        'Stage "Recognizing the need" renamed "Need"',
        'Stage "Onboarding and use" moved: position 4 → 1',
        'Stage "Renewal" added (position 4)',
        'Stage "Purchase decision" removed (was at position 3)',
    ]


def test_moves_are_the_fewest_that_explain_the_order(demo):
    ids = [stage.id for stage in demo.stages]
    new = editing.reorder_stages(demo, [ids[1], ids[2], ids[3], ids[0]])  # the first went last: one move
    assert [c.stage for c in diff_maps(demo, new) if c.kind == "stage_moved"] == ["Recognizing the need"]


def test_details_and_scoring_settings(demo):
    new = editing.set_details(demo, title="New title", persona="")
    new = editing.set_scoring(new, critical_at=80)
    assert lines(demo, new)[:3] == [f"Map, title: “{demo.title}” → “New title”",
                                    f"Map, persona: “{demo.persona[:79]}…” → —",
                                    "Map, critical from: 70 → 80"]
    assert lines(demo, new, details=False) == []


def test_stages_without_our_ids_pair_by_name_then_by_place(demo):
    """A CSV gives stages new ids: same names pair, a renamed one pairs by its place."""
    stages = [stage.model_copy(update={"id": f"x{k}"}) for k, stage in enumerate(demo.stages)]
    stages[2] = stages[2].model_copy(update={"name": "Decision"})
    other = demo.model_copy(update={"stages": stages})
    assert lines(demo, other) == ['Stage "Purchase decision" renamed "Decision"']


def test_json_form_has_ids_values_and_the_line(demo):
    new = editing.set_value(demo, demo.stages[1].id, "actions", ["a", "b"])
    [change] = diff_maps(demo, new)
    data = change.as_json("en")
    assert data["kind"] == "cell" and data["after"] == ["a", "b"] and data["lane_key"] == "actions"
    assert data["text"].endswith("→ “a; b”")


def test_long_and_multiline_text_is_one_short_line():
    change = Change("cell", stage="S", lane="Goals", part="value", before=None, after="x\n" * 100, lane_type="text")
    text = change.text("en")
    assert "\n" not in text and text.endswith("…”") and len(text) < 130


# --- the command --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old_ext", "new_ext"), [("json", "xlsx"), ("xlsx", "csv"), ("csv", "json"),
                                                  ("csv", "csv"), ("xlsx", "xlsx")])
def test_cjm_diff_reads_any_format_on_either_side(tmp_path, capsys, demo, old_ext, new_ext):
    new = editing.set_value(demo, demo.stages[1].id, "importance", 3)
    new = editing.rename_stage(new, demo.stages[3].id, "Use")
    write_any(demo, tmp_path / f"old.{old_ext}")
    write_any(new, tmp_path / f"new.{new_ext}")
    assert main(["diff", str(tmp_path / f"old.{old_ext}"), str(tmp_path / f"new.{new_ext}"), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ['Stage "Onboarding and use" renamed "Use"', 'Stage "Comparing options", lane "Importance": 5 → 3']


def test_cjm_diff_json_and_russian_and_no_differences(tmp_path, capsys, demo):
    write_any(demo, tmp_path / "a.json")
    write_any(editing.set_value(demo, demo.stages[0].id, "goals", "Sell more"), tmp_path / "b.xlsx")
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "b.xlsx"), "--format", "json", "--lang", "ru"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["kind"] == "cell" and item["after"] == "Sell more"
    assert item["text"] == f"Этап «{demo.stages[0].name}», дорожка «Goals (JTBD)»: «{demo.stages[0].values['goals']}»" \
                           " → «Sell more»"
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "a.json"), "--lang", "ru"]) == 0
    assert capsys.readouterr().out == "Различий нет\n"


def test_cjm_diff_bad_file_is_one_line_and_exit_1(tmp_path, capsys, demo):
    write_any(demo, tmp_path / "a.json")
    (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "b.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cjm: ") and err.count("\n") == 1
