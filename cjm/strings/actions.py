"""UI strings of the action plan: the Actions page, its sheet and CSV, progress on the library card.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # the statuses (codes in cjm/actions.py), as the page, the sheet and the lines of a change say them
    "action.status.open": {"ru": "открыто", "en": "open"},
    "action.status.in_progress": {"ru": "в работе", "en": "in progress"},
    "action.status.done": {"ru": "готово", "en": "done"},
    # --- the Excel sheet ---
    "xlsx.sheet.actions": {"ru": "План действий", "en": "Actions"},
    "xlsx.action.id": {"ru": "Id действия", "en": "Action id"},
    "xlsx.action.title": {"ru": "Что сделать", "en": "Action"},
    "xlsx.action.stage": {"ru": "Этап", "en": "Stage"},
    "xlsx.action.owner": {"ru": "Ответственный", "en": "Owner"},
    "xlsx.action.due": {"ru": "Срок", "en": "Due"},
    "xlsx.action.status": {"ru": "Статус", "en": "Status"},
    "xlsx.action.effort": {"ru": "Трудозатраты (S/M/L)", "en": "Effort (S/M/L)"},
    "xlsx.action.notes": {"ru": "Заметки", "en": "Notes"},
    "xlsx.action.stages": {"ru": "Этапы карты", "en": "The map's stages"},
    "xlsx.import.actions": {
        "ru": {"one": "Лист «{sheet}»: {count} действие", "few": "Лист «{sheet}»: {count} действия",
               "many": "Лист «{sheet}»: {count} действий"},
        "en": {"one": "Sheet “{sheet}”: {count} action", "many": "Sheet “{sheet}”: {count} actions"},
    },
    "xlsx.import.no_actions_sheet": {
        "ru": "Листа «{sheet}» нет: план действий оставлен как при выгрузке",
        "en": "No “{sheet}” sheet: the action plan is kept as exported"},
    "xlsx.import.unread.action_title": {"ru": "у действия нет текста «Что сделать»",
                                        "en": "an action needs its text (the Action column)"},
    "xlsx.import.unread.action_stage": {"ru": "нет такого этапа в карте", "en": "no such stage in the map"},
    "xlsx.import.unread.action_due": {"ru": "срок не читается как дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)",
                                      "en": "the due date does not read as a date (YYYY-MM-DD or DD.MM.YYYY)"},
    "xlsx.import.unread.action_status": {"ru": "статус — одно из: открыто, в работе, готово",
                                         "en": "a status is one of: open, in progress, done"},
    "xlsx.import.unread.action_effort": {"ru": "трудозатраты — S, M или L", "en": "an effort is S, M or L"},
    "xlsx.import.unread.action_invalid": {"ru": "действие не принято: {message}",
                                          "en": "the action was not taken: {message}"},
    "xlsx.import.unread.action_limit": {"ru": "в карте уже {limit} действий — это предел",
                                        "en": "the map already has {limit} actions, the limit"},
    # --- what changed (cjm diff, the import's preview) ---
    "diff.action_added": {"ru": "Добавлено действие «{action}»", "en": "Action “{action}” added"},
    "diff.action_removed": {"ru": "Удалено действие «{action}»", "en": "Action “{action}” removed"},
    "diff.action": {"ru": "Действие «{action}», {field}: {before} → {after}",
                    "en": "Action “{action}”, {field}: {before} → {after}"},
    "diff.action_field.title": {"ru": "текст", "en": "text"},
    "diff.action_field.stage_id": {"ru": "этап", "en": "stage"},
    "diff.action_field.owner": {"ru": "ответственный", "en": "owner"},
    "diff.action_field.due": {"ru": "срок", "en": "due"},
    "diff.action_field.status": {"ru": "статус", "en": "status"},
    "diff.action_field.effort": {"ru": "трудозатраты", "en": "effort"},
    "diff.action_field.notes": {"ru": "заметки", "en": "notes"},
}
