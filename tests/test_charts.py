"""Chart specifications: the right marks, encodings and labels (rendering is checked in the browser)."""

from __future__ import annotations

import json

from cjm import analysis, charts
from cjm.i18n import t
from cjm.scoring import score_map
from cjm.templates import load_template


def spec(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_emotion_curve_points_coloured_by_level_sized_by_importance():
    m = load_template("saas_demo", "en")
    text = spec(charts.emotion_curve(m, score_map(m), "en"))
    assert '"field": "level"' in text and '"field": "importance"' in text
    assert "2. Comparing options" in text and "Emotion curve" in text


def test_priority_matrix_has_the_four_labelled_quadrants():
    m = load_template("saas_demo", "ru")
    text = spec(charts.priority_matrix(m, score_map(m), "ru"))
    for label in ("Исправить сейчас", "Беречь", "Наблюдать", "Улучшить потом"):
        assert label in text


def test_funnel_shows_conversion_or_no_data():
    text = spec(charts.funnel_chart([{"stage": "1. Cart", "customers": 1000, "conversion": 0.42},
                                     {"stage": "2. Mail", "customers": 0, "conversion": None}], "en"))
    assert "→ next 42%" in text and "no data" in text


def test_thirty_stages_widen_the_curve_and_angle_labels():
    m = load_template("saas_demo", "en")
    stages = [s.model_copy(update={"id": f"x{i}", "name": f"Stage {i}"}) for i in range(30) for s in m.stages[:1]]
    big = m.model_copy(update={"stages": stages})
    chart = charts.emotion_curve(big, score_map(big), "en").to_dict()
    assert chart["layer"][1]["encoding"]["x"]["axis"]["labelAngle"] == -30
    assert chart["width"] == 90 * 30


def test_specs_for_the_page_equal_the_validated_ones():
    m = load_template("clothing_abandoned_cart", "en")
    for kind in ("curve", "matrix", "funnel"):
        assert charts.spec(kind, m, "en", validate=False) == charts.spec(kind, m, "en", validate=True)


def test_stages_sharing_a_point_are_listed_together_on_the_matrix():
    m = load_template("clothing_abandoned_cart", "ru")
    text = spec(charts.priority_matrix(m, score_map(m), "ru"))
    assert "4. Купон на скидку\\n5. Покупка" in text or "5. Покупка\\n4. Купон на скидку" in text


# --- issue 14: titles once, long maps, quadrants, numbers in the UI's language ---------------------------
def long_map(count, unrated=0):
    from tests.e2e.pages import long_map as make

    return make(count, "ru", unrated=unrated)


def test_the_charts_carry_no_title_of_their_own_the_page_gives_the_heading():
    m = load_template("clothing_abandoned_cart", "en")
    for kind in ("curve", "matrix", "funnel"):
        made = charts.spec(kind, m, "en")
        assert "title" not in made and made["description"]
    pair = charts.compare_curves([("A", m, score_map(m)), ("B", m, score_map(m))], "en").to_dict()
    assert "title" not in pair


def test_a_long_curve_numbers_the_stages_labels_every_kth_and_zooms():
    m = long_map(200)
    made = charts.spec("curve", m, "en")
    x = made["layer"][2]["encoding"]["x"]
    assert x["field"] == "position" and x["type"] == "quantitative"
    assert x["axis"]["values"][:3] == [1, 10, 20] and len(x["axis"]["values"]) == 21
    assert made["params"][0]["bind"] == "scales"  # wheel zoom, drag to pan
    assert charts.label_step(30) == 2 and charts.label_step(200) == 10 and charts.label_step(500) == 25


def test_the_matrix_groups_stages_per_cell_and_names_only_the_top_ones():
    for count in (200, 500):
        m = long_map(count, unrated=3)
        scores = score_map(m)
        cells = charts.matrix_cells(m, scores, "ru")
        assert len(cells) <= 25 and cells["count"].sum() == count - 3
        shown = " ".join(cells["ranks"])
        assert "#1" in shown and "#11" not in shown and "+ ещё" in shown
        assert set(cells["names"]) == {""}  # a long map marks ranks, the names are in the tooltips
        for cell in cells.to_dict("records"):
            key = analysis.quadrant(cell["importance"], cell["emotion"])
            assert cell["quadrant"] == t("chart." + key, "ru")
        assert len(json.dumps(charts.spec("matrix", m, "ru"), ensure_ascii=False)) < 40_000


def test_a_point_on_a_quadrant_line_is_drawn_inside_its_quadrant():
    made = charts.spec("matrix", load_template("saas_demo", "en"), "en")
    areas = next(layer for layer in made["layer"] if layer["mark"]["type"] == "rect")
    rects = made["datasets"][(areas.get("data") or made["data"])["name"]]
    lines = {r["x1"] for r in rects} & {r["x0"] for r in rects}, {r["y1"] for r in rects} & {r["y0"] for r in rects}
    assert lines == ({analysis.EMOTION_LINE}, {analysis.IMPORTANCE_LINE})  # between the scale's points


def test_tooltips_write_numbers_in_the_ui_language():
    from cjm.mapfile import map_from_dict
    from tests.conftest import make_map_dict

    doc = make_map_dict()
    doc["stages"][0]["votes"] = [{"participant": "p1", "importance": 4, "emotion": -1},
                                 {"participant": "p2", "importance": 5, "emotion": 0},
                                 {"participant": "p3", "importance": 5, "emotion": 0}]
    m = map_from_dict(doc)
    rows = next(d for d in charts.spec("curve", m, "ru")["datasets"].values() if d and "emotion_text" in d[0])
    assert (rows[0]["emotion_text"], rows[0]["importance_text"]) == ("😐 −0,33", "4,67")  # the UI's language


def test_event_funnel_ticks_stop_at_the_top_count():
    """The x scale runs on to 1.7 × the top count so the labels fit beside the bars; its ticks and grid lines stop
    at the top count (the screenshot at 10 customers showed 0…17 before)."""
    steps = [{"stage": "1. Visit", "customers": 10, "label": "→ 60 %"},
             {"stage": "2. Cart", "customers": 6, "label": "6"},
             {"stage": "3. Paid", "customers": None, "label": "no data"}]
    found = json.dumps(charts.event_funnel_spec(steps, "en"))
    assert '"values": [0, 2, 4, 6, 8, 10]' in found
    assert '"domain": [0, 17.0]' in found  # the room for the labels is kept


def test_count_ticks_are_few_whole_and_within_the_top():
    for top in (1, 2, 7, 8, 9, 10, 17, 99, 100, 101, 1234, 9999, 50_000, 2_000_000):
        ticks = charts.count_ticks(top)
        step = ticks[1] - ticks[0]
        assert ticks[0] == 0 and ticks[-1] <= top < ticks[-1] + step and len(ticks) <= 9
        assert ticks == list(range(0, ticks[-1] + 1, step))
        assert str(step).strip("0") in ("1", "2", "5")
