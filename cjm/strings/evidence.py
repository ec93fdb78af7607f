"""UI strings of evidence marks on cells and the scoring option that weighs by them.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # the why of a stage (cjm/scoring.py)
    "evidence.why.line": {"ru": "{line} ({notes})", "en": "{line} ({notes})"},
    "evidence.why.weighed": {"ru": "с учётом подкреплённости × {confidence}",
                             "en": "weighed by evidence × {confidence}"},
    "evidence.why.assumed.importance": {"ru": "важность — допущение", "en": "importance is an assumption"},
    "evidence.why.assumed.emotion": {"ru": "эмоция — допущение", "en": "emotion is an assumption"},
    "evidence.why.assumed.importance_emotion": {"ru": "важность и эмоция — допущения",
                                                "en": "importance and emotion are assumptions"},
}
