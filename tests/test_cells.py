"""Cells as readable text."""

from __future__ import annotations

from cjm.cells import cell_text, map_matrix
from cjm.mapfile import map_from_dict
from cjm.model import Lane
from tests.conftest import make_map_dict


def test_cell_text_per_type():
    assert cell_text(Lane(key="a", label="A", type="list"), ["x", "y"]) == "• x\n• y"
    assert cell_text(Lane(key="i", label="I", type="importance"), 3) == "★★★☆☆ 3/5"
    assert cell_text(Lane(key="e", label="E", type="emotion"), {"score": -2, "words": "боль"}) == "😡 −2 боль"
    assert cell_text(Lane(key="e", label="E", type="emotion"), {"score": None, "words": "боль"}) == "боль"
    assert cell_text(Lane(key="e", label="E", type="emotion"), {"score": 1, "words": ""}) == "🙂 +1"
    assert cell_text(Lane(key="n", label="N", type="number"), 12000) == "12 000"
    assert cell_text(Lane(key="t", label="T", type="text"), None) == ""


def test_matrix_has_unique_headers_and_skips_hidden_lanes():
    doc = make_map_dict()
    doc["stages"][1]["name"] = doc["stages"][0]["name"]
    doc["lanes"][1]["hidden"] = True
    lanes, headers, rows = map_matrix(map_from_dict(doc))
    assert headers == ["1. Осмысление", "2. Осмысление", "3. Сделка"]
    assert "Goals (JTBD)" not in lanes and len(rows) == len(lanes) == 5
