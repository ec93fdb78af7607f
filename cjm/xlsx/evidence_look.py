"""Evidence marks as a colleague sees them on the Map sheet: a frame around each marked cell, and one line of
legend. Display only: the marks are read back from the Data sheet's evidence columns (docs/xlsx-format.md,
*Evidence marks*), so a frame a colleague draws or removes changes nothing, and the Map sheet's cell values stay
exactly what they were.

The cells are found by what the sheet holds (the hidden column A's roles and the hidden row of stage ids), not by
fixed rows, so a change of the Map sheet's layout (a phase row above the stages…) does not move the frames.
"""

from __future__ import annotations

from openpyxl.styles import Border, Side
from openpyxl.worksheet.worksheet import Worksheet

from .. import evidence
from ..i18n import t
from ..model import Map
from .settings import MAP_FIRST_STAGE_COLUMN, MAP_MAGIC, MAP_ROLE_COLUMN, ROLE_LEGEND, VALUE_PREFIX
from .style import GREY, put

#: The frame of each mark: a line style that prints in black and white too, and a colour (not a level's).
FRAMES: dict[str, tuple[str, str]] = {"assumption": ("mediumDashed", "7E22CE"), "partly": ("mediumDashDot", "1D4ED8"),
                                      "validated": ("thin", "0F766E")}
SIGNS = {"assumption": "- -", "partly": "-·-", "validated": "—"}  # the frames as the legend draws them


def frame(mark: str) -> Border:
    style, colour = FRAMES[mark]
    side = Side(style=style, color=colour)
    return Border(left=side, right=side, top=side, bottom=side)


def show_marks(ws: Worksheet, m: Map) -> None:
    """Frame every marked cell of the Map sheet ``ws`` and add the legend line (nothing when no cell is marked)."""
    if not any(stage.evidence for stage in m.stages):
        return
    roles = {ws.cell(row, MAP_ROLE_COLUMN).value: row for row in range(1, ws.max_row + 1)}
    key_row = roles.get(MAP_MAGIC)
    if key_row is None:
        return
    columns = {ws.cell(key_row, column).value: column for column in range(MAP_FIRST_STAGE_COLUMN, ws.max_column + 1)}
    frames = {mark: frame(mark) for mark in evidence.EVIDENCE}
    for stage in m.stages:
        column = columns.get(stage.id)
        for key, mark in stage.evidence.items():
            row = roles.get(f"{VALUE_PREFIX}{key}")
            if column is not None and row is not None:
                ws.cell(row, column).border = frames[mark]
    legend_row = roles.get(ROLE_LEGEND)
    if legend_row is not None:
        language = m.language
        marks = " · ".join(f"{SIGNS[mark]} {evidence.word(mark, language)}" for mark in evidence.EVIDENCE)
        # one line, not wrapped: it runs on over the empty cells beside it
        put(ws, legend_row, MAP_FIRST_STAGE_COLUMN, t("evidence.xlsx_legend", language, marks=marks)).font = GREY
