"""Levels: the one place that decides what a stage's score means and how each level looks.

Where is it decided that a stage is a bottleneck? Here:

* :func:`level_for` turns a score (0…100, or None when the stage is unrated) and the map's thresholds
  into a level: ``critical`` at or above ``critical_at``, ``warning`` at or above ``warning_at``, else
  ``ok``; ``unrated`` without a score.
* :data:`BOTTLENECK_LEVELS` says which levels are bottlenecks (flagged, tinted, listed as to-dos,
  shown as the top bottleneck). Changing "a warning is a bottleneck" is one edit of that set.
* :data:`STYLES` holds each level's icon, word key and colours. The grid's JavaScript and CSS, the
  Board's CSS, the charts' colour scale, the Excel fills and the Library's cards are all generated from
  it (see the ``*_css``/``*_js`` helpers below); nothing else writes a level's colour or icon.

Labels are in :mod:`cjm.i18n` (``level.<name>``: the word alone); :func:`label` adds the icon.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .i18n import t

CRITICAL, WARNING, OK, UNRATED = "critical", "warning", "ok", "unrated"
LEVELS: tuple[str, ...] = (CRITICAL, WARNING, OK, UNRATED)  # most urgent first
BOTTLENECK_LEVELS: frozenset[str] = frozenset({CRITICAL, WARNING})


@dataclass(frozen=True, slots=True)
class Style:
    """How a level looks. Colours are ``#rrggbb``; Excel takes them without ``#``."""

    icon: str  # a coloured circle: never the only cue, the word goes with it
    colour: str  # strong: chart points, the Board's curve, header borders, score text
    tint: str  # light background of a bottleneck's cells (grid rows, Board column, Excel column)
    header: str  # background of a bottleneck's column header (Board)
    text: str  # the score's text colour in the grid
    print_tint: str  # stronger tint for paper and spreadsheets (Excel cells): the screen tints vanish in print
    print_header: str  # the header / legend / level cell in a spreadsheet


STYLES: dict[str, Style] = {
    CRITICAL: Style("🔴", "#dc2626", "#fff1f2", "#fee2e2", "#b91c1c", "#f8cbad", "#f4b084"),
    WARNING: Style("🟠", "#f59e0b", "#fffbeb", "#fef3c7", "#b45309", "#ffe699", "#ffd966"),
    OK: Style("🟢", "#16a34a", "#f0fdf4", "#e2efda", "#15803d", "#c6efce", "#e2efda"),
    UNRATED: Style("⚪", "#9ca3af", "#f9fafb", "#f2f2f2", "#6b7280", "#ededed", "#f2f2f2"),
}


def level_for(score: float | None, critical_at: float, warning_at: float) -> str:
    """The level of a score under the map's thresholds; ``unrated`` for no score (never 0)."""
    if score is None:
        return UNRATED
    if score >= critical_at:
        return CRITICAL
    if score >= warning_at:
        return WARNING
    return OK


def is_bottleneck(level: str | None) -> bool:
    return level in BOTTLENECK_LEVELS


def order(level: str | None) -> int:
    """0 for the most urgent level; for sorting."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def icon(level: str | None) -> str:
    return STYLES[level].icon if level in STYLES else ""


def colour(level: str) -> str:
    return STYLES[level].colour


def word(level: str, language: str) -> str:
    """'critical' / 'критично': the level in words, no icon."""
    return t(f"level.{level}", language)


def label(level: str, language: str) -> str:
    """'🔴 critical' / '🔴 критично'."""
    return f"{icon(level)} {word(level, language)}"


def excel_colour(colour_hex: str) -> str:
    """'#fee2e2' -> 'FEE2E2' (openpyxl's form)."""
    return colour_hex.lstrip("#").upper()


# --- generated for the views ---------------------------------------------------------------------
def grid_css() -> dict[str, dict[str, str]]:
    """The Builder grid's row tints and score colours (AgGrid ``custom_css``), bottleneck rows only."""
    css: dict[str, dict[str, str]] = {}
    for level in LEVELS:
        if not is_bottleneck(level):
            continue
        style = STYLES[level]
        css[f".ag-row.cjm-{level}"] = {"background-color": f"{style.tint} !important"}
        css[f".ag-row.cjm-{level} .ag-cell[col-id='_score']"] = {"font-weight": "700", "color": style.text}
    return css


def grid_icons_js() -> str:
    """The level → icon table as a JavaScript object literal (built from :data:`STYLES`, not user text)."""
    return json.dumps({level: style.icon for level, style in STYLES.items()}, ensure_ascii=False)


def board_css(scope: str) -> str:
    """The Board's level styles under the CSS selector ``scope``: bottleneck columns tinted, header bordered."""
    rules = []
    for level in LEVELS:
        if not is_bottleneck(level):
            continue
        style = STYLES[level]
        rules.append(f"{scope} thead th.lvl-{level} {{ background: {style.header}; border-top: 5px solid "
                     f"{style.colour}; }}")
        rules.append(f"{scope} td.lvl-{level} {{ background: {style.tint}; }}")
    return "\n".join(rules)
