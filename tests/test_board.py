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
    assert svg.count("<polyline") == 1  # the emotion curve's line, stretched to the columns
    points = re.findall(r'<span class="pt lvl-(\w+)" style="left:([0-9.]+)%[^"]*"[^>]*>(.*?)</span>', html)
    assert [(level, face) for level, _, face in points] == [("warning", "😞"), ("critical", "😡"), ("ok", "🙂"),
                                                            ("ok", "🤩")]  # a point per rated stage, its face
    assert [float(left) for _, left, _ in points] == [12.5, 37.5, 62.5, 87.5]  # over the middle of its column


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
    assert html.count('<col class="stage"') == 500 and 'class="cjm-board scroll"' in html
    assert "overflow-x: auto" in html and len(html) < 3_000_000
    assert 'data-index="499"' in html  # every stage can be brought into view


def test_up_to_8_stages_share_the_width_and_type_shrinks_as_they_grow():
    def board(count):
        doc = make_map_dict(stages=[{"id": f"s{i}", "name": f"Stage {i}", "values": {}} for i in range(count)])
        return board_html(map_from_dict(doc), [], "en")

    for count in (1, 4, 8):
        html = board(count)
        assert 'class="cjm-board fit"' in html
    assert "--board-font:17px" in board(4) and "--board-font:13px" in board(8)
    assert 'class="cjm-board scroll"' in board(9)


def test_numbers_read_in_the_ui_language():
    doc = make_map_dict()
    doc["stages"][0]["votes"] = [{"participant": "p1", "importance": 4, "emotion": -1},
                                 {"participant": "p2", "importance": 5, "emotion": 0},
                                 {"participant": "p3", "importance": 5, "emotion": 0}]
    m = map_from_dict(doc)
    html = board_html(m, score_map(m), "ru")
    badge = re.search(r'data-index="0">.*?<span class="badge">(.*?)</span>', html).group(1)
    assert "," in badge and "." not in badge.split("·")[1]
    assert "−0,33" in html  # the point's title: the mean of the votes with a decimal comma


def test_slide_is_clamped_and_shows_one_stage():
    m = load_template("saas_demo", "ru")
    assert "Этап 4 из 4" in slide_html(m, score_map(m), 99, "ru")
    first = slide_html(m, score_map(m), -5, "ru")
    assert "Этап 1 из 4" in first and "Осознание потребности" in first and "Рассмотрение вариантов" not in first
