"""Levels have one home (cjm/levels.py): the rule, the icons and colours; every view follows it."""

from __future__ import annotations

import ast
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
        cells = {(row, column): ws.cell(row, column).value for row in range(1, ws.max_row + 1)
                 for column in range(1, ws.max_column + 1)}
        # the first lane's row, and each stage's column, found by what they hold (the sheet's layout may change)
        lane_row = next(row for (row, _), value in cells.items() if value in (m.lanes[0].label, f"v:{m.lanes[0].key}"))
        columns = [next(column for (_, column), value in cells.items() if value == stage.id) for stage in m.stages]
        fills[rule] = [ws.cell(lane_row, column).fill.fgColor.rgb for column in columns]  # stages 1–3
    tint = {level: "00" + levels.excel_colour(levels.STYLES[level].print_tint) for level in levels.LEVELS}
    assert fills["as shipped"][0] == tint["critical"] and fills["as shipped"][1] == tint["warning"]
    assert fills["only critical"][0] == tint["critical"] and fills["only critical"][1] != tint["warning"]
    assert fills["as shipped"][2] != tint["ok"]


# icons, and the colours of the rated levels (unrated is plain grey, which any muted text may use too)
LEVEL_LITERALS = re.compile(r"🔴|🟠|🟢|⚪|" + "|".join(
    re.escape(colour.lstrip("#")) for level, style in levels.STYLES.items() if level != levels.UNRATED
    for colour in (style.colour, style.tint, style.header, style.text, style.print_tint, style.print_header)), re.I)


def code_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants of the code, docstrings left out (a docstring may name an icon it explains)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def restated_rules(tree: ast.AST) -> list[int]:
    """Lines that test for the bottleneck levels themselves, e.g. ``level in ("critical", "warning")``."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.Tuple, ast.Set, ast.List))
            and {getattr(e, "value", None) for e in node.elts} >= {"critical", "warning"}]


def test_no_second_copy_of_the_level_table():
    """Icons, colours and the bottleneck test are written in cjm/levels.py only."""
    offenders = []
    for folder in ("cjm", "pages", "web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "levels.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(ROOT)}:{n}: {text[:60]!r}" for n, text in code_strings(tree)
                          if LEVEL_LITERALS.search(text)]
            offenders += [f"{path.relative_to(ROOT)}:{n}: the bottleneck levels restated"
                          for n in restated_rules(tree)]
    assert not offenders, "level icons/colours/rule restated outside cjm/levels.py:\n" + "\n".join(offenders)
