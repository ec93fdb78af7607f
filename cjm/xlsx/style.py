"""How the export writes cells: text always as text, XML-safe and within Excel's limits; fonts, fills, rows.

Security: every piece of user text is written as a string cell (``data_type = "s"`` after the value), so
text such as ``=HYPERLINK(...)``, ``+1``, ``-x``, ``@x`` stays literal; no cell holds a formula.

Characters XML cannot hold: openpyxl refuses control characters other than tab, LF and CR
(``IllegalCharacterError``), and lone surrogates, U+FFFE and U+FFFF make a file that does not load.
In the visible sheets they become U+FFFD; CR and CRLF become LF (an XML parser turns a raw CR into LF
anyway, so the cell then reads back exactly as written). A cell longer than Excel's 32,767 characters
(UTF-16 units) is cut with "…". The hidden sheet's JSON keeps the exact text (see :func:`cjm.xlsx.export.cjm_json`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from .settings import (
    CHUNK_CHARS,
    EXCEL_CELL_CHARS,
    FONT_NAME,
    FONT_SIZE,
    HEADER_CHARS,
    LINE_POINTS,
    MAX_ROW_POINTS,
    MIN_PRINT_SCALE,
    PAPER,
    PRINT_WIDTH_CHARS,
    SMALL_SIZE,
    TITLE_SIZE,
)

WRAP = Alignment(wrap_text=True, vertical="top")
LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")  # numbers too, beside text
CENTRE = Alignment(vertical="top", horizontal="center")
# every font names its face: a cell without one falls back to the program's default (a serif in LibreOffice)
TEXT = Font(name=FONT_NAME, size=FONT_SIZE, family=2)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, family=2, bold=True)
TITLE = Font(name=FONT_NAME, size=TITLE_SIZE, family=2, bold=True)
GREY = Font(name=FONT_NAME, size=SMALL_SIZE, family=2, color="808080", italic=True)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def default_font(wb: Workbook) -> None:
    """Make :data:`TEXT` the workbook's default font (the "Normal" style and font 0), so that every cell,
    styled or not, names its face."""
    wb._fonts = IndexedList([TEXT])  # openpyxl keeps the default font at index 0 of this list
    wb._named_styles["Normal"].font = TEXT


def fill(colour: str) -> PatternFill:
    """A solid fill; ``colour`` in openpyxl's form (``"FEE2E2"``, see :func:`cjm.levels.excel_colour`)."""
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterable[str]:
    """``text`` in pieces of at most ``size`` characters and ``size`` UTF-16 units."""
    start = 0
    while start < len(text):
        piece = text[start:start + size]
        over = utf16_len(piece) - size
        while over > 0:  # each character is 1 or 2 units: dropping ceil(over / 2) never cuts too much
            piece = piece[:len(piece) - (over + 1) // 2]
            over = utf16_len(piece) - size
        yield piece
        start += len(piece)


def sheet_text(text: str) -> str:
    """``text`` as a visible sheet cell holds it (see the module docstring): XML-safe, LF line breaks,
    at most 32,767 UTF-16 units."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_BAD.sub("\ufffd", text)
    if len(text) > EXCEL_CELL_CHARS // 2 and utf16_len(text) > EXCEL_CELL_CHARS:
        text = next(chunks(text, EXCEL_CELL_CHARS - 1)) + "…"
    return text


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a cell; text always as a string cell (never a formula or an error code)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = sheet_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def line_count(text: str, width: int, per_unit: float = 1.0) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (an estimate that errs long:
    a line holds ``width - 2`` characters; ``per_unit`` > 1 for plain prose, whose letters are narrower than
    the digit a column's width counts)."""
    room = max(1, int((width - 2) * per_unit))
    return sum(max(1, -(-len(line) // room)) for line in str(text).split("\n")) if text else 1


def height(count: int) -> float:
    """Points for a row of ``count`` lines: spreadsheet apps do not grow wrapped rows by themselves."""
    return min(MAX_ROW_POINTS, LINE_POINTS * max(1, count) + 4)


def style_cache() -> Callable[..., None]:
    """Style cells fast: the first cell of each combination is styled, the others copy its style array.

    (openpyxl hashes and registers every style attribute on assignment: the slow part of an export.)
    """
    cache: dict[tuple[tuple[str, int], ...], Any] = {}

    def apply(cell: Cell, **attributes: Any) -> None:
        key = tuple((name, id(value)) for name, value in attributes.items())
        cached = cache.get(key)
        if cached is None:
            for name, value in attributes.items():
                setattr(cell, name, value)
            cache[key] = copy(cell._style)
        else:
            cell._style = copy(cached)

    return apply


def print_setup(ws: Worksheet, language: str, width_chars: float | None = None) -> None:
    """Landscape on the language's paper; as wide as the page, as many pages down as it takes. A sheet
    wider than :data:`MIN_PRINT_SCALE` allows (``width_chars``, the printed columns' widths) prints at
    that scale over several pages across instead of shrinking to an unreadable size."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER.get(language, PAPER["en"])
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if width_chars is not None and PRINT_WIDTH_CHARS / width_chars * 100 < MIN_PRINT_SCALE:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = MIN_PRINT_SCALE
        ws.page_setup.pageOrder = "overThenDown"
        return
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def header_text(text: str, limit: int) -> str:
    """User text in a print header: one line of at most ``limit`` characters ("…" when cut), "&" doubled
    (it starts a code there)."""
    flat = " ".join(sheet_text(text).split())
    if len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat.replace("&", "&&")


def print_header(ws: Worksheet, title: str, persona: str, date: str) -> None:
    """Title, persona and date at the top of every printed page; the sheet and the page number at the bottom."""
    budget = (HEADER_CHARS - len(date) - 40) // 2  # the codes take about 40 characters; "&" may double
    left = header_text(title, budget * 2 // 3)
    center = header_text(persona, budget - budget * 2 // 3)
    ws.oddHeader.left.text, ws.oddHeader.left.font, ws.oddHeader.left.size = left, f"{FONT_NAME},Bold", 10
    ws.oddHeader.center.text, ws.oddHeader.center.font, ws.oddHeader.center.size = center, FONT_NAME, 9
    ws.oddHeader.right.text, ws.oddHeader.right.font, ws.oddHeader.right.size = date, FONT_NAME, 9
    ws.oddFooter.left.text, ws.oddFooter.left.font, ws.oddFooter.left.size = "&A", FONT_NAME, 8
    ws.oddFooter.right.text, ws.oddFooter.right.font, ws.oddFooter.right.size = "&P / &N", FONT_NAME, 8
