"""UI strings of phases: stage groups in the grid, on the Board, in Excel and in the Builder.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # refusals of cjm/phases.py (CJMError.key, filled with its params)
    "phases.err.unknown": {"ru": "Такой фазы нет на карте (её могли удалить в другой вкладке)",
                           "en": "This phase is not on the map (it may have been deleted in another tab)"},
    "phases.err.unknown_stage": {"ru": "Этапа «{stage}» нет на карте", "en": "The stage “{stage}” is not on the map"},
    "phases.err.gap": {
        "ru": "Этапы фазы «{phase}» должны идти подряд: между ними стоит «{stage}» — добавьте и его или "
              "выберите соседние этапы",
        "en": "The stages of phase “{phase}” must be neighbours: “{stage}” lies between them — add it too or "
              "choose neighbouring stages",
    },
    "phases.err.split": {
        "ru": "Если убрать «{stage}» из фазы «{phase}», она распадётся на две: убирайте этапы с её начала или конца",
        "en": "Taking “{stage}” out of phase “{phase}” would split it in two: take stages from its start or end",
    },
}
