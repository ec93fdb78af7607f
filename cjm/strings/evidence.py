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
    "evidence.xlsx_legend": {"ru": "Рамки: {marks} (менять на листе «Данные»)",
                             "en": "Frames: {marks} (change them on the Data sheet)"},
    "diff.field.weigh_by_evidence": {"ru": "учёт подкреплённости", "en": "weigh by evidence"},
    # the Builder's evidence panel (pages/_evidence.py)
    "evidence.panel": {"ru": "Подкреплённость", "en": "Evidence"},
    "evidence.counts": {"ru": "Допущений: {assumption} · частично: {partly} · подтверждено: {validated}",
                        "en": "Assumptions: {assumption} · partly backed: {partly} · validated: {validated}"},
    "evidence.empty": {"ru": "Ячейка пуста: отмечать нечего", "en": "The cell is empty: nothing to mark"},
    "evidence.now": {"ru": "Сейчас: {mark}", "en": "Now: {mark}"},
    "evidence.unmarked": {"ru": "без отметки", "en": "not marked"},
    "evidence.clear": {"ru": "Снять отметку", "en": "Remove the mark"},
    "evidence.note": {"ru": "«{stage}»: {lane} — {mark}", "en": "“{stage}”: {lane} — {mark}"},
    "evidence.only": {"ru": "Только допущения", "en": "Only assumptions"},
    "evidence.none": {"ru": "Допущений на карте нет.", "en": "No assumptions on this map."},
    "evidence.cell": {"ru": "{stage} — {lane}", "en": "{stage} — {lane}"},
    "evidence.more": {"ru": "… и ещё {count}", "en": "… and {count} more"},
    # the scoring option (Analysis)
    "evidence.weigh": {"ru": "Учитывать подкреплённость", "en": "Weigh by evidence"},
    "evidence.weigh_help": {
        "ru": "Приоритет этапа умножается на уверенность в его важности и эмоции — берётся меньшая: "
              "допущение × 0,5, частично подтверждено × 0,8, подтверждено или без отметки × 1.",
        "en": "A stage's priority is multiplied by the confidence of its importance and emotion, the lower of the "
              "two: assumption × 0.5, partly backed × 0.8, validated or unmarked × 1.",
    },
    "evidence.weighed": {
        "ru": "Приоритеты с учётом подкреплённости — допущений: {assumption}, частично подтверждено: {partly}, "
              "подтверждено: {validated}",
        "en": "Priorities weighed by evidence — assumptions: {assumption}, partly backed: {partly}, "
              "validated: {validated}",
    },
    # the why of a stage (cjm/scoring.py)
    "evidence.why.line": {"ru": "{line} ({notes})", "en": "{line} ({notes})"},
    "evidence.why.weighed": {"ru": "с учётом подкреплённости × {confidence}",
                             "en": "weighed by evidence × {confidence}"},
    "evidence.why.assumed.importance": {"ru": "важность — допущение", "en": "importance is an assumption"},
    "evidence.why.assumed.emotion": {"ru": "эмоция — допущение", "en": "emotion is an assumption"},
    "evidence.why.assumed.importance_emotion": {"ru": "важность и эмоция — допущения",
                                                "en": "importance and emotion are assumptions"},
}
