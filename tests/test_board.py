"""The Board's HTML: every user text escaped, bottlenecks marked beyond colour, 500 stages still a table."""

from __future__ import annotations

import base64
import re

from cjm.board import board_html, slide_html
from cjm.mapfile import map_from_dict
from cjm.scoring import score_map
from cjm.templates import load_template
from tests.conftest import make_map_dict

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_user_text_is_escaped_everywhere():
    doc = make_map_dict()
    doc["stages"][0]["name"] = HOSTILE
    doc["stages"][1]["values"]["actions"] = [HOSTILE]
    doc["lanes"][1]["label"] = HOSTILE
    doc["stages"][0]["values"]["goals"] = HOSTILE
    m = map_from_dict(doc)
    for html in (board_html(m, score_map(m), "en"), slide_html(m, score_map(m), 0, "en")):
        assert "<script>" not in html and "<img src=x" not in html and "onerror=\"alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bottlenecks_are_marked_with_a_label_not_only_colour():
    m = load_template("saas_demo", "en")
    html = board_html(m, score_map(m), "en")
    header = re.search(r'<th class="lvl-critical"[^>]*>(.*?)</th>', html).group(1)
    assert "Comparing options" in header and "🔴 critical · 100" in header and "🔴 🔴" not in header
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)', html).group(1)).decode()
    assert svg.count("<circle") == 4  # the emotion curve: a point per rated stage
    assert "😡" in svg and "🤩" in svg


def test_the_board_follows_lane_order_and_hides_hidden_lanes():
    doc = make_map_dict()
    doc["lanes"][1]["hidden"] = True
    m = map_from_dict(doc)
    html = board_html(m, score_map(m), "ru")
    assert "Goals (JTBD)" not in html
    assert html.index(">Actions<") < html.index(">Importance<")
    assert "Этап" in html  # the board's own words in the UI language


def test_500_stages_make_one_scrollable_table():
    doc = make_map_dict(stages=[{"id": f"s{i}", "name": f"Stage {i}", "values": {"importance": 1 + i % 5,
                                 "emotion": i % 5 - 2, "actions": [f"do {i}"]}} for i in range(500)])
    m = map_from_dict(doc)
    html = board_html(m, score_map(m), "en")
    assert html.count('<col class="stage">') == 500
    assert "overflow-x: auto" in html and len(html) < 3_000_000


def test_slide_is_clamped_and_shows_one_stage():
    m = load_template("saas_demo", "ru")
    assert "Этап 4 из 4" in slide_html(m, score_map(m), 99, "ru")
    first = slide_html(m, score_map(m), -5, "ru")
    assert "Этап 1 из 4" in first and "Осознание потребности" in first and "Рассмотрение вариантов" not in first
