"""UI strings by concern, merged into :data:`cjm.i18n.STRINGS` (one file per concern keeps parallel work apart)."""
