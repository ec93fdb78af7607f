"""UI strings of phases: stage groups in the grid, on the Board, in Excel and in the Builder.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
}
