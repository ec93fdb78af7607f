"""Compare page (pages/compare.py) in-process: two maps, their curves, the change of each stage's priority."""

from __future__ import annotations

from cjm import editing
from cjm.i18n import t
from tests.pages.conftest import add_map, open_page


def test_with_one_map_the_page_asks_for_two(store):
    add_map(store)
    at = open_page("pages/compare.py")
    assert [e.value for e in at.info] == [t("compare.need_two", "en")]
    assert not at.dataframe


def test_an_as_is_and_a_to_be_map_pair_their_stages_and_show_the_change(store):
    as_is = add_map(store, title="As-is")
    copy = store.duplicate(as_is.id, title="To-be").map
    better = editing.set_value(copy, copy.stages[1].id, "emotion", {"score": 1, "words": "relieved"})
    store.save(better, expected_version=1, note="fixed the comparison step")

    at = open_page("pages/compare.py")
    at.selectbox(key="compare_a").set_value(as_is.id)
    at.selectbox(key="compare_b").set_value(copy.id).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table[t("compare.stage_a", "en")]) == [s.name for s in as_is.stages]
    assert list(table[t("compare.stage_b", "en")]) == [s.name for s in as_is.stages]
    # stage 2: importance 5, emotion −2 → +1: priority 100 → 25
    assert list(table[t("compare.delta", "en")]) == ["0", "−75", "0", "0"]  # the minus sign, as everywhere
    assert table[t("compare.score_a", "en")][1] == "🔴 100" and table[t("compare.score_b", "en")][1] == "🟢 25"
    assert len(at.get("vega_lite_chart")) == 1  # the two emotion curves in one chart
