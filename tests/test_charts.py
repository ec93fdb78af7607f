"""Chart specifications: the right marks, encodings and labels (rendering is checked in the browser)."""

from __future__ import annotations

import json

from cjm import charts
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
