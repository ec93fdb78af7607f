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
    # the Excel Map sheet's phases' row, and reading it back
    "phases.label": {"ru": "Фаза", "en": "Phase"},
    "phases.xlsx.row_gone": {
        "ru": "на листе «{sheet}» нет строки фаз: фазы оставлены как были",
        "en": "the sheet “{sheet}” has no phases' row: the phases stay as they were",
    },
    "phases.xlsx.row_found": {
        "ru": "строка {row} над названиями этапов на листе «{sheet}» прочитана как фазы",
        "en": "row {row} above the stage names on the sheet “{sheet}” was read as phases",
    },
    "phases.xlsx.added": {"ru": "новая фаза «{phase}»: {stages}", "en": "a new phase “{phase}”: {stages}"},
    "phases.xlsx.renamed": {"ru": "фаза «{before}» переименована в «{after}»",
                            "en": "the phase “{before}” was renamed “{after}”"},
    "phases.xlsx.stages": {"ru": "фаза «{phase}» теперь над этапами {stages}",
                           "en": "the phase “{phase}” is now over the stages {stages}"},
    "phases.xlsx.emptied": {
        "ru": "фаза «{phase}» больше не указана над этапами: оставлена без этапов (удалить её можно в Редакторе)",
        "en": "the phase “{phase}” is no longer over any stage: kept without stages (delete it in the Builder)",
    },
    # a phase change in a diff (cjm diff, the import preview, the three-way merge of a workbook)
    "phases.diff.added": {"ru": "Фаза «{phase}» добавлена: {stages}", "en": "Phase “{phase}” added: {stages}"},
    "phases.diff.removed": {"ru": "Фаза «{phase}» удалена (была над {stages}); её этапы остаются",
                            "en": "Phase “{phase}” removed (was over {stages}); its stages stay"},
    "phases.diff.renamed": {"ru": "Фаза «{before}» переименована в «{after}»",
                            "en": "Phase “{before}” renamed “{after}”"},
    "phases.diff.stages": {"ru": "Фаза «{phase}»: этапы {before} → {after}",
                           "en": "Phase “{phase}”: stages {before} → {after}"},
    # the Builder's Phases panel
    "phases.builder.panel": {"ru": "Фазы (группы этапов)", "en": "Phases (groups of stages)"},
    "phases.builder.help": {
        "ru": "Фаза объединяет соседние этапы (например, до покупки, покупка, после). Она видна полосой над "
              "этапами на Доске, полосой у названий этапов в таблице, объединённой строкой в Excel. Удаление фазы "
              "оставляет этапы.",
        "en": "A phase groups neighbouring stages (say: before the purchase, the purchase, after). It shows as a "
              "band above the stages on the Board, a band beside the stage names in the grid, a merged row in "
              "Excel. Deleting a phase keeps its stages.",
    },
    "phases.builder.name": {"ru": "Название фазы", "en": "Phase name"},
    "phases.builder.name_example": {"ru": "например, До покупки", "en": "e.g. Before the purchase"},
    "phases.builder.stages": {"ru": "Этапы фазы (соседние)", "en": "Its stages (neighbours)"},
    "phases.builder.no_stages": {"ru": "Выберите этапы", "en": "Choose stages"},
    "phases.builder.save": {"ru": "Сохранить фазу", "en": "Save the phase"},
    "phases.builder.delete": {"ru": "Удалить фазу", "en": "Delete the phase"},
    "phases.builder.delete_help": {"ru": "Этапы останутся на карте, без фазы",
                                   "en": "Its stages stay on the map, in no phase"},
    "phases.builder.add": {"ru": "Новая фаза", "en": "New phase"},
    "phases.builder.add_button": {"ru": "Добавить фазу", "en": "Add the phase"},
    "phases.note.add": {"ru": "Добавлена фаза «{phase}»", "en": "Phase “{phase}” added"},
    "phases.note.edit": {"ru": "Изменена фаза «{phase}»", "en": "Phase “{phase}” changed"},
    "phases.note.delete": {"ru": "Удалена фаза «{phase}» (этапы остались)",
                           "en": "Phase “{phase}” deleted (its stages stay)"},
    "phases.diff.value": {"ru": {"one": "фаза {phase}, {count} этап", "few": "фаза {phase}, {count} этапа",
                                 "many": "фаза {phase}, {count} этапов"},
                          "en": {"one": "phase {phase}, {count} stage", "many": "phase {phase}, {count} stages"}},
}
