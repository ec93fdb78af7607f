"""UI strings of the import mapping step: lanes of people's spreadsheets, their values, import profiles, paste.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
}
