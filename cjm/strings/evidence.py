"""UI strings of evidence marks on cells and the scoring option that weighs by them.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # the marks (cjm/evidence.py); "evidence.mark." + mark
    "evidence.mark.assumption": {"ru": "допущение", "en": "assumption"},
    "evidence.mark.partly": {"ru": "частично подтверждено", "en": "partly backed"},
    "evidence.mark.validated": {"ru": "подтверждено", "en": "validated"},
    # a lane's evidence column (the Data sheet) and a mark as a part of a cell (diff, the update preview)
    "evidence.part": {"ru": "(подкреплённость)", "en": "(evidence)"},
    "evidence.unread": {"ru": "не отметка подкреплённости (допущение, частично подтверждено, подтверждено): "
                              "отметка оставлена как была",
                        "en": "not an evidence mark (assumption, partly backed, validated): "
                              "the mark is kept as it was"},
    "diff.field.weigh_by_evidence": {"ru": "учёт подкреплённости", "en": "weigh by evidence"},
    # the why of a stage (cjm/scoring.py)
    "evidence.why.line": {"ru": "{line} ({notes})", "en": "{line} ({notes})"},
    "evidence.why.weighed": {"ru": "с учётом подкреплённости × {confidence}",
                             "en": "weighed by evidence × {confidence}"},
    "evidence.why.assumed.importance": {"ru": "важность — допущение", "en": "importance is an assumption"},
    "evidence.why.assumed.emotion": {"ru": "эмоция — допущение", "en": "emotion is an assumption"},
    "evidence.why.assumed.importance_emotion": {"ru": "важность и эмоция — допущения",
                                                "en": "importance and emotion are assumptions"},
}
