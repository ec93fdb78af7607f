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
    # --- navigation, the Actions page ---
    "nav.actions": {"ru": "План действий", "en": "Actions"},
    "actions.caption": {"ru": "Что команда сделает по карте: ответственный, срок, статус, трудозатраты, этап.",
                        "en": "What the team will do about the map: owner, due date, status, effort and stage."},
    "actions.progress": {
        "ru": {"one": "Выполнено {done} из {count} действия", "many": "Выполнено {done} из {count} действий"},
        "en": {"one": "{done} of {count} action done", "many": "{done} of {count} actions done"},
    },
    "actions.empty": {
        "ru": "В плане пока нет действий. Добавьте первое ниже или нажмите «→ в план» у рекомендации на странице "
              "«Анализ».",
        "en": "The plan has no actions yet. Add the first one below, or press “→ to the plan” beside a "
              "recommendation on the Analysis page."},
    "actions.filter_owner": {"ru": "Ответственный", "en": "Owner"},
    "actions.filter_status": {"ru": "Статус", "en": "Status"},
    "actions.anyone": {"ru": "Все", "en": "Anyone"},
    "actions.unassigned": {"ru": "Без ответственного", "en": "Unassigned"},
    "actions.shown": {"ru": "Показано {shown} из {total}", "en": "{shown} of {total} shown"},
    "actions.none_match": {"ru": "Под фильтр не подходит ни одно действие.", "en": "No action matches the filter."},
    "actions.no_stage": {"ru": "— вся карта —", "en": "— the whole map —"},
    "actions.no_effort": {"ru": "—", "en": "—"},
    "actions.csv": {"ru": "Скачать CSV для трекера", "en": "Download CSV for a tracker"},
    "actions.csv_help": {
        "ru": "Столбцы Summary, Stage, Owner, Due, Status, Effort, Notes — их по имени узнаёт импорт Jira, Trello и "
              "Asana. В файле показанные действия.",
        "en": "Columns Summary, Stage, Owner, Due, Status, Effort, Notes, matched by name by the Jira, Trello and "
              "Asana importers. The file holds the actions shown."},
    "actions.add": {"ru": "Добавить действие", "en": "Add an action"},
    "actions.edit": {"ru": "Изменить действие", "en": "Edit an action"},
    "actions.pick": {"ru": "Действие", "en": "Action"},
    "actions.field.title": {"ru": "Что сделать", "en": "What will be done"},
    "actions.field.stage": {"ru": "Этап", "en": "Stage"},
    "actions.field.owner": {"ru": "Ответственный", "en": "Owner"},
    "actions.field.due": {"ru": "Срок", "en": "Due"},
    "actions.field.status": {"ru": "Статус", "en": "Status"},
    "actions.field.effort": {"ru": "Трудозатраты", "en": "Effort"},
    "actions.field.notes": {"ru": "Заметки", "en": "Notes"},
    "actions.save": {"ru": "Сохранить", "en": "Save"},
    "actions.delete": {"ru": "Удалить действие", "en": "Delete the action"},
    "actions.added": {"ru": "Действие добавлено · версия {version}", "en": "Action added · version {version}"},
    "actions.saved": {"ru": "Действие сохранено · версия {version}", "en": "Action saved · version {version}"},
    "actions.deleted": {"ru": "Действие удалено · версия {version}", "en": "Action deleted · version {version}"},
    "actions.title_needed": {"ru": "Напишите, что сделать.", "en": "Write what will be done."},
    "note.action_added": {"ru": "Действие добавлено: {title}", "en": "Action added: {title}"},
    "note.action_changed": {"ru": "Действие изменено: {title}", "en": "Action changed: {title}"},
    "note.action_deleted": {"ru": "Действие удалено: {title}", "en": "Action deleted: {title}"},
    # --- Analysis: a recommendation becomes an action ---
    "analysis.to_action": {"ru": "→ в план", "en": "→ to the plan"},
    "analysis.to_action_help": {"ru": "Сделать действием в плане (этап: «{stage}»)",
                                "en": "Make it an action of the plan (stage: “{stage}”)"},
    "analysis.in_plan": {"ru": "✓ в плане", "en": "✓ in the plan"},
    "analysis.action_made": {"ru": "В плане: «{title}» · версия {version}",
                             "en": "In the plan: “{title}” · version {version}"},
    # --- the library's card ---
    "library.actions": {
        "ru": {"one": "✅ {done} из {count} действия выполнено", "many": "✅ {done} из {count} действий выполнено"},
        "en": {"one": "✅ {done} of {count} action done", "many": "✅ {done} of {count} actions done"},
    },
}
