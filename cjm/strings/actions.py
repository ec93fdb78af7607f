"""UI strings of the action plan: the Actions page, its sheet and CSV, progress on the library card.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
}
