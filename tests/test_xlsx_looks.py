"""How the workbook prints and reads, from the xlsx itself: paper, orientation, scale, print headers, fonts,
level words, row heights. (The pages themselves are looked at through LibreOffice: bench/bench_excel.py.)"""

from __future__ import annotations

import io

import openpyxl
import pytest

from bench.bench_excel import long_map
from cjm import levels
from cjm.mapfile import map_from_dict
from cjm.templates import load_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.settings import FONT_NAME
from tests.conftest import make_map_dict


def load(m, version=None) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(m, version)))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_cell_names_its_font(language):
    """No cell falls back to the program's default face (LibreOffice printed bold headers in a serif)."""
    wb = load(load_template("saas_demo", language))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.font.name == FONT_NAME, (ws.title, cell.coordinate, cell.font.name)
                assert cell.font.sz, (ws.title, cell.coordinate)
    assert wb["Map" if language == "en" else "Карта"]["B1"].font.b  # the title: bold, larger
    assert wb.worksheets[0]["B1"].font.sz > wb.worksheets[0]["C7"].font.sz


@pytest.mark.parametrize("language", ["ru", "en"])
def test_print_settings_paper_orientation_and_header(language):
    m = load_template("saas_demo", language)
    wb = load(m, version=9)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4: Russian paper (and see README)
        assert ws.page_setup.orientation == "landscape"
        assert ws.oddHeader.left.text == m.title.replace("&", "&&")
        assert ws.oddHeader.center.text.startswith(m.persona[:20])
        assert "9" in ws.oddHeader.right.text  # the date and the version
        assert ws.oddHeader.left.font == f"{FONT_NAME},Bold"
        assert ws.oddFooter.right.text == "&P / &N"
    map_ws = wb.worksheets[0]
    assert map_ws.sheet_properties.pageSetUpPr.fitToPage and map_ws.page_setup.fitToWidth == 1
    assert map_ws.print_title_rows == "$5:$6" and map_ws.print_title_cols == "$B:$B"


def test_a_long_map_prints_over_pages_at_a_readable_scale():
    ws = load(long_map("ru", 40)).worksheets[0]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == 70 and ws.page_setup.pageOrder == "overThenDown"


def test_print_header_text_is_escaped_and_short():
    doc = make_map_dict(title="R&D " + "x" * 290, persona="A & B")
    ws = load(map_from_dict(doc)).worksheets[0]
    assert ws.oddHeader.left.text.startswith("R&&D x") and ws.oddHeader.left.text.endswith("…")
    assert ws.oddHeader.center.text == "A && B"
    total = sum(len(part.text or "") for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right))
    assert total + 40 < 255


@pytest.mark.parametrize("language", ["ru", "en"])
def test_levels_read_as_words_wherever_they_show(language):
    """A font without emoji still says the level: the word (КРИТИЧНО, CRITICAL) with the level's colour."""
    wb = load(load_template("saas_demo", language))
    ws = wb.worksheets[0]
    marks = [ws.cell(row=6, column=c).value for c in range(3, 7)]
    words = {level: levels.word(level, language).upper() for level in levels.LEVELS}
    assert marks[1].startswith(words["critical"] + " · 100")
    assert all(any(mark.startswith(word) for word in words.values()) for mark in marks)
    legend = [ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)]
    assert all(f"{word} {levels.icon(level)}" in legend for level, word in words.items())


def test_data_rows_are_as_tall_as_their_longest_cell():
    doc = make_map_dict()
    doc["stages"][0]["values"]["actions"] = [f"step {k}" for k in range(8)]
    doc["stages"][1]["values"]["goals"] = "a long goal " * 30
    ws = load(map_from_dict(doc))["Data"]
    assert ws.row_dimensions[3].height >= 8 * 13  # eight items: eight lines
    assert ws.row_dimensions[4].height >= 12 * 13  # 360 characters in a 30-wide column
    assert ws.row_dimensions[5].height is None  # one line: the default
    assert all(cell.alignment.vertical == "top" for cell in ws[3] if cell.value is not None)


def test_scores_columns_are_sized_and_the_why_wraps():
    ws = load(load_template("saas_demo", "en"))["Scores"]
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFG"]
    assert widths == [7, 30, 11, 10, 9, 16, 70]
    assert ws["G5"].alignment.wrap_text and ws["F5"].alignment.wrap_text
    assert ws.print_area.startswith("'Scores'!$A$1:$G$")
    assert all(ws.column_dimensions[letter].hidden for letter in "IJKLMNOPQRSTUV")
