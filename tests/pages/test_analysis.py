"""Analysis page (pages/analysis.py) in-process: the ranking, what to fix first, charts, suggested emotions."""

from __future__ import annotations

from cjm import editing
from cjm.i18n import t
from cjm.markdown import literal
from tests.pages.conftest import add_map, open_page


def test_the_saas_demo_ranks_stage_2_first_as_critical(store):
    m = add_map(store, "saas_demo", "en")
    at = open_page("pages/analysis.py", map_id=m.id)
    assert at.title[0].value == literal(m.title)
    ranking = at.table[0].value  # a static table: its cells render Markdown, so user text comes escaped
    stage_col, score_col, level_col = t("scores.stage", "en"), t("scores.score", "en"), t("scores.level", "en")
    assert list(ranking[stage_col]) == [literal(m.stages[i].name) for i in (1, 0, 2, 3)]
    assert list(ranking[score_col]) == ["100", "45", "20", "0"]  # the README's worked example
    assert ranking[level_col][0].endswith(t("level.critical", "en"))
    assert ranking[t("chart.why", "en")][0].startswith(literal("importance 5/5 and emotion 😡 −2"))

    # "What to fix first": the bottlenecks only, stage 2 first, with its recommendations
    keys = [getattr(e, "key", None) for e in at.main]
    bottlenecks = [k for k in keys if k and k.startswith("todo_")]
    assert bottlenecks[0] == f"todo_{m.stages[1].id}"
    assert f"todo_{m.stages[3].id}" not in bottlenecks  # the delighted onboarding stage is no bottleneck
    shown = "\n".join(e.value for e in at.text)
    for item in m.stages[1].values["recommendations"]:
        assert f"• {item}" in shown

    # the emotion curve and the priority matrix; the demo has no customer counts: no funnel
    assert len(at.get("vega_lite_chart")) == 2
    assert t("analysis.no_funnel", "en") in [e.value for e in at.caption]


def test_a_map_with_customer_counts_gets_a_funnel_chart(store):
    m = add_map(store, "clothing_abandoned_cart", "ru")
    at = open_page("pages/analysis.py", lang="ru", map_id=m.id)
    assert len(at.get("vega_lite_chart")) == 3
    assert t("analysis.no_funnel", "ru") not in [e.value for e in at.caption]


def test_an_emotion_in_words_is_suggested_and_confirming_it_saves_the_score(store):
    demo = add_map(store)
    stage = demo.stages[2]
    m = store.save(editing.set_value(demo, stage.id, "emotion", {"score": None, "words": "angry, frustrated"}),
                   expected_version=1, note="words only").map
    at = open_page("pages/analysis.py", map_id=m.id)
    assert t("analysis.suggested", "en") in [e.value for e in at.subheader]
    ranking = at.table[0].value
    assert ranking[t("scores.emotion", "en")][1] == literal("😡 −2 *")  # suggested, marked until confirmed

    at.button(key=f"confirm_{stage.id}").click().run()
    assert not at.exception
    assert store.get(m.id).map.stage(stage.id).values["emotion"] == {"score": -2, "words": "angry, frustrated"}
    assert t("analysis.suggested", "en") not in [e.value for e in at.subheader]


def test_without_an_open_map_the_page_says_so_and_links_to_the_library(data_dir):
    at = open_page("pages/analysis.py")
    assert [e.value for e in at.info] == [t("builder.none", "en")]
    assert not at.table


def test_an_unknown_map_is_reported_not_raised(data_dir):
    at = open_page("pages/analysis.py", map_id="no-such-map")
    assert [e.value for e in at.warning] == [t("builder.not_found", "en")]


def test_a_custom_emotion_lane_keeps_its_words_when_a_suggestion_is_confirmed(store):
    """Issue 10: the page read the words from the lane keyed "emotion" while scoring read the first lane of
    emotion type; Confirm on a map whose emotion lane is a custom one erased the words."""
    demo = add_map(store)
    m, key = editing.add_custom_lane(demo, "Feelings", "emotion")
    m = editing.delete_lane(m, "emotion")  # the custom lane is now the emotion lane scoring reads
    stage = m.stages[2]
    m = editing.set_value(m, stage.id, key, {"score": None, "words": "angry, frustrated"})
    m = store.save(m, expected_version=1, note="custom emotion lane").map
    at = open_page("pages/analysis.py", map_id=m.id)
    shown = "\n".join(e.value for e in at.markdown)
    assert f"«{literal('angry, frustrated')}»" in shown  # the suggestion quotes the words it came from
    at.button(key=f"confirm_{stage.id}").click().run()
    assert not at.exception
    assert store.get(m.id).map.stage(stage.id).values[key] == {"score": -2, "words": "angry, frustrated"}



# --- issue 14 ----------------------------------------------------------------------------------------------
def test_unrated_stages_read_as_a_dash_never_none_and_numbers_in_russian(store):
    demo = add_map(store, "saas_demo", "ru")
    votes = [{"participant": "p1", "importance": 4, "emotion": -1}, {"participant": "p2", "importance": 5,
             "emotion": 0}, {"participant": "p3", "importance": 5, "emotion": 0}]
    m = editing.set_value(demo, demo.stages[3].id, "importance", None)
    doc = m.model_dump(mode="json")
    doc["stages"][0]["votes"] = votes
    from cjm.mapfile import map_from_dict

    m = store.save(map_from_dict(doc), expected_version=1, note="votes, one unrated").map
    at = open_page("pages/analysis.py", lang="ru", map_id=m.id)
    ranking = at.table[0].value
    cells = [str(v) for column in ranking.columns for v in ranking[column]]
    assert "None" not in cells and "nan" not in cells
    last = ranking.iloc[-1]
    assert (last[t("scores.rank", "ru")], last[t("scores.score", "ru")], last[t("scores.importance", "ru")]) == (
        "—", "—", "—")
    first_stage = ranking[ranking[t("scores.stage", "ru")] == literal(m.stages[0].name)].iloc[0]
    assert first_stage[t("scores.emotion", "ru")] == literal("😐 −0,33")  # a decimal comma, as in the why-line
    assert first_stage[t("scores.importance", "ru")] == literal("4,67")


def test_no_bottleneck_says_so_under_the_heading(store):
    demo = add_map(store)
    m = demo
    for stage in demo.stages:
        m = editing.set_value(m, stage.id, "emotion", {"score": 2, "words": ""})
    m = store.save(m, expected_version=1, note="all delighted").map
    at = open_page("pages/analysis.py", map_id=m.id)
    headings = [e.value for e in at.subheader]
    assert t("analysis.todo", "en") in headings
    assert t("analysis.no_todo", "en") in [e.value for e in at.caption]  # never an empty heading


def test_a_long_map_lists_the_top_10_and_shows_all_on_request(store):
    from tests.e2e.pages import long_map

    m = store.create(long_map(200, "en", unrated=2)).map
    at = open_page("pages/analysis.py", map_id=m.id)
    assert len(at.table[0].value) == 10
    assert t("analysis.top_of", "en", shown=10, total=200) in [e.value for e in at.caption]
    at.toggle(key=f"ranking_all_{m.id}").set_value(True).run()
    assert not at.exception
    assert len(at.table[0].value) == 200
    cards = [e for e in at.main if str(getattr(e, "key", "") or "").startswith("todo_s")]
    assert len(cards) == 10  # 61 bottlenecks: the top 10, with "show all"


def test_words_that_contradict_the_score_are_flagged(store):
    demo = add_map(store, "saas_demo", "ru")
    m = store.save(editing.set_value(demo, demo.stages[1].id, "emotion", {"score": -2, "words": "Удовлетворение"}),
                   expected_version=1, note="contradiction").map
    at = open_page("pages/analysis.py", lang="ru", map_id=m.id)
    assert f"⚠ {t('analysis.checks', 'ru')}" in [e.value for e in at.subheader]
    shown = "\n".join(e.value for e in at.markdown)
    assert literal("Удовлетворение") in shown and literal("🙂 +1") in shown
