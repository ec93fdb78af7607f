"""Levels have one home (cjm/levels.py): the rule, the icons and colours; every view follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm import analysis, board, levels, scoring
from cjm.mapfile import map_from_dict
from cjm.model import ScoringSettings
from tests.conftest import make_map_dict

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("score", "level"), [
    (None, "unrated"), (0, "ok"), (39.9, "ok"), (40, "warning"), (69.9, "warning"), (70, "critical"), (100, "critical"),
])
def test_level_for_at_the_thresholds(score, level):
    assert levels.level_for(score, 70, 40) == level
    assert scoring.level_for(score, ScoringSettings()) == level


def three_levels_map():
    """Stage 1 critical (I5, E−2: 100), stage 2 warning (I4, E0: 40), stage 3 ok (I1, E2: 0)."""
    doc = make_map_dict()
    cells = [(5, -2), (4, 0), (1, 2)]
    for stage, (importance, emotion) in zip(doc["stages"], cells, strict=True):
        stage["values"].update(importance=importance, emotion={"score": emotion, "words": ""})
        stage["values"].pop("metrics", None)
    return map_from_dict(doc)


def test_score_map_runs_the_covered_functions(monkeypatch):
    calls = {"level_for": 0, "funnel_boost": 0}
    real_level, real_boost = levels.level_for, scoring.funnel_boost

    def level_spy(*args):
        calls["level_for"] += 1
        return real_level(*args)

    def boost_spy(*args):
        calls["funnel_boost"] += 1
        return real_boost(*args)

    monkeypatch.setattr(levels, "level_for", level_spy)
    monkeypatch.setattr(scoring, "funnel_boost", boost_spy)
    scores = scoring.score_map(three_levels_map())
    assert [s.level for s in scores] == ["critical", "warning", "ok"]
    assert calls == {"level_for": 3, "funnel_boost": 3}


BOTTLENECK_RULES = {
    "as shipped": frozenset({"critical", "warning"}),
    "only critical": frozenset({"critical"}),
    "ok too": frozenset({"critical", "warning", "ok"}),
}


@pytest.mark.parametrize("rule", list(BOTTLENECK_RULES))
def test_every_view_follows_one_edit_of_the_bottleneck_rule(monkeypatch, rule):
    """Changing which levels are bottlenecks is one edit in cjm/levels.py: every view follows it."""
    from pages._grid import grid_options, level_class_rules

    chosen = BOTTLENECK_RULES[rule]
    monkeypatch.setattr(levels, "BOTTLENECK_LEVELS", chosen)
    m = three_levels_map()
    scores = scoring.score_map(m)
    expected = [s.stage for s in scores if s.level in chosen]

    assert [s.stage for s in scoring.bottlenecks(scores)] == expected
    assert scoring.top_bottleneck(m).stage == expected[0]
    assert [todo.score.stage for todo in analysis.todos(m, scores)] == expected
    # Board: a bottleneck column is tinted, others are not
    css = board.css()
    for level in ("critical", "warning", "ok"):
        assert (f"td.lvl-{level} " in css) == (level in chosen), level
    # Builder grid: row classes and their CSS
    assert set(level_class_rules()) == {f"cjm-{level}" for level in chosen}
    assert set(grid_options(m, "Stage", "Priority")["rowClassRules"]) == {f"cjm-{level}" for level in chosen}
    assert {k for k in levels.grid_css() if k.endswith("cjm-critical") or k.endswith("cjm-warning")
            or k.endswith("cjm-ok")} == {f".ag-row.cjm-{level}" for level in chosen}
    # Library card: the stored summary keeps the top stage; the card asks the rule when it reads it
    assert levels.is_bottleneck(scores[0].level)


def test_excel_follows_the_bottleneck_rule(monkeypatch):
    from openpyxl import load_workbook

    from cjm.formats import export_bytes

    m = three_levels_map()
    fills = {}
    for rule in ("as shipped", "only critical"):
        monkeypatch.setattr(levels, "BOTTLENECK_LEVELS", BOTTLENECK_RULES[rule])
        import io

        ws = load_workbook(io.BytesIO(export_bytes(m, "xlsx"))).worksheets[0]
        fills[rule] = [ws.cell(2, column).fill.fgColor.rgb for column in (2, 3, 4)]  # first lane, stages 1–3
    tint = {level: "00" + levels.excel_colour(levels.STYLES[level].print_tint) for level in levels.LEVELS}
    assert fills["as shipped"][0] == tint["critical"] and fills["as shipped"][1] == tint["warning"]
    assert fills["only critical"][0] == tint["critical"] and fills["only critical"][1] != tint["warning"]
    assert fills["as shipped"][2] != tint["ok"]


LEVEL_LITERALS = re.compile(r"🔴|🟠|🟢|⚪|#dc2626|#f59e0b|#16a34a|#9ca3af|F8CBAD|FFE699|\(\"critical\", \"warning\"\)")


def test_no_second_copy_of_the_level_table():
    """Icons, colours and the bottleneck test are written in cjm/levels.py only."""
    offenders = []
    for folder in ("cjm", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "levels.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if LEVEL_LITERALS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "level icons/colours/rule restated outside cjm/levels.py:\n" + "\n".join(offenders)
