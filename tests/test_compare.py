"""Comparing two maps stage by stage."""

from __future__ import annotations

from cjm import editing
from cjm.compare import compare
from cjm.templates import load_template


def test_a_duplicated_map_pairs_by_stage_id_and_shows_the_change():
    as_is = load_template("saas_demo", "en")
    to_be = editing.set_value(as_is, as_is.stages[1].id, "emotion", {"score": 1, "words": "clear pricing"})
    to_be = editing.reorder_stages(to_be, [s.id for s in reversed(to_be.stages)])
    rows = compare(as_is, to_be)
    second = next(r for r in rows if r.stage_a == "Comparing options")
    assert second.stage_b == "Comparing options" and second.score_a == 100.0 and second.score_b == 25.0
    assert second.delta == -75.0 and (second.level_a, second.level_b) == ("critical", "ok")


def test_unrelated_maps_pair_by_position_and_keep_extra_stages():
    a, b = load_template("saas_demo", "en"), load_template("clothing_abandoned_cart", "en")
    rows = compare(a, b)
    assert len(rows) == max(len(a.stages), len(b.stages))
    assert rows[-1].stage_a is None and rows[-1].stage_b == b.stages[-1].name and rows[-1].delta is None
