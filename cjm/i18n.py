"""Every UI string in Russian and English.

``t("key", lang, **params)`` returns the string in ``lang`` with ``params`` filled in.
A test checks that every key has both languages and the same placeholders.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .model import LANGUAGES

DEFAULT_LANGUAGE = "en"

# A value is a string, or plural forms chosen by the ``count`` parameter (see :func:`plural_form`).
STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    "sidebar.language": {"ru": "Язык", "en": "Language"},
    # a language's own name, the same in either UI language (what a language picker shows)
    "language.ru": {"ru": "Русский", "en": "Русский"},
    "language.en": {"ru": "English", "en": "English"},
    "map.persona": {"ru": "Персона", "en": "Persona"},
    "map.kind.b2c": {"ru": "B2C", "en": "B2C"},
    "map.kind.b2b": {"ru": "B2B", "en": "B2B"},
    "map.kind.custom": {"ru": "своя", "en": "custom"},
    "map.grid": {"ru": "Карта", "en": "Map"},
    "scores.rank": {"ru": "Место", "en": "Rank"},
    "scores.stage": {"ru": "Этап", "en": "Stage"},
    "scores.importance": {"ru": "Важность", "en": "Importance"},
    "scores.emotion": {"ru": "Эмоция", "en": "Emotion"},
    "scores.score": {"ru": "Приоритет", "en": "Priority"},
    "scores.level": {"ru": "Уровень", "en": "Level"},
    # the level words; their icons and colours are in cjm/levels.py
    "level.critical": {"ru": "критично", "en": "critical"},
    "level.warning": {"ru": "внимание", "en": "warning"},
    "level.ok": {"ru": "норма", "en": "ok"},
    "level.unrated": {"ru": "не оценён", "en": "unrated"},
    # --- navigation ---
    "nav.library": {"ru": "Карты", "en": "Maps"},
    "nav.builder": {"ru": "Редактор", "en": "Builder"},
    # --- library ---
    "library.header": {"ru": "Мои карты", "en": "My maps"},
    "library.empty": {
        "ru": "Карт пока нет. Создайте первую из шаблона ниже: «Демо CJM» — готовая карта с узким местом, "
              "пустые шаблоны дают только этапы.",
        "en": "No maps yet. Create your first one from a template below: the “CJM demo” is a finished map with "
              "a bottleneck, the blank templates give you the stages only.",
    },
    "library.new": {"ru": "Новая карта", "en": "New map"},
    "library.template": {"ru": "Шаблон", "en": "Template"},
    "library.preview": {"ru": "Этапы: {stages}", "en": "Stages: {stages}"},
    "library.create": {"ru": "Создать карту", "en": "Create map"},
    "library.open": {"ru": "Открыть", "en": "Open"},
    "library.duplicate": {"ru": "Копия", "en": "Duplicate"},
    "library.copy_suffix": {"ru": " (копия)", "en": " (copy)"},
    "library.duplicated": {"ru": "Создана копия «{title}»", "en": "Copy “{title}” created"},
    "library.rename": {"ru": "Переименовать", "en": "Rename"},
    "library.new_title": {"ru": "Новое название", "en": "New title"},
    "library.save": {"ru": "Сохранить", "en": "Save"},
    "library.delete": {"ru": "Удалить", "en": "Delete"},
    "library.delete_confirm": {
        "ru": "Переместить карту «{title}» в корзину? Её можно будет восстановить.",
        "en": "Move the map “{title}” to the trash? You can restore it from there.",
    },
    "library.deleted": {"ru": "Карта «{title}» в корзине", "en": "Map “{title}” moved to the trash"},
    "library.undo_delete": {"ru": "Вернуть", "en": "Undo"},
    "library.cancel": {"ru": "Отмена", "en": "Cancel"},
    "library.trash": {"ru": "Корзина ({count})", "en": "Trash ({count})"},
    "library.restore": {"ru": "Восстановить", "en": "Restore"},
    "library.purge": {"ru": "Удалить навсегда", "en": "Delete forever"},
    "library.purge_confirm": {
        "ru": "Удалить карту «{title}» и всю её историю навсегда? Это нельзя отменить.",
        "en": "Delete the map “{title}” and its whole history for good? This cannot be undone.",
    },
    "library.stages": {
        "ru": {"one": "{count} этап", "few": "{count} этапа", "many": "{count} этапов"},
        "en": {"one": "{count} stage", "many": "{count} stages"},
    },
    "library.updated": {"ru": "изменена {when}", "en": "changed {when}"},
    "library.top": {"ru": "Узкое место: {stage} — {score}", "en": "Bottleneck: {stage} — {score}"},
    "library.no_top": {"ru": "Узких мест нет", "en": "No bottleneck"},
    # --- builder ---
    "builder.none": {
        "ru": "Карта не выбрана. Откройте карту или создайте новую на странице «Карты».",
        "en": "No map is open. Open a map or create one on the Maps page.",
    },
    "builder.not_found": {
        "ru": "Эта карта не найдена (возможно, удалена навсегда).",
        "en": "This map was not found (it may have been deleted for good).",
    },
    "builder.to_library": {"ru": "К списку карт", "en": "Go to my maps"},
    "builder.stage": {"ru": "Этап", "en": "Stage"},
    "builder.priority": {"ru": "Приоритет", "en": "Priority"},
    "builder.saved": {"ru": "✓ Сохранено · версия {version} · {when}", "en": "✓ Saved · version {version} · {when}"},
    "builder.unsaved": {"ru": "⚠ Не сохранено", "en": "⚠ Not saved"},
    "builder.retry": {"ru": "Сохранить ещё раз", "en": "Try saving again"},
    "builder.conflict": {
        "ru": "Карту изменили в другой вкладке или другой человек (сейчас версия {current}, вы правили версию "
              "{mine}). Ваше последнее изменение не сохранено. Загрузите свежую версию и повторите правку.",
        "en": "This map was changed in another tab or by someone else (now version {current}, you edited version "
              "{mine}). Your last change was not saved. Reload the latest version and redo your change.",
    },
    "builder.changed_elsewhere": {
        "ru": "Карту изменили в другой вкладке. Загрузите свежую версию, прежде чем править.",
        "en": "This map was changed in another tab. Reload the latest version before editing.",
    },
    "builder.reload": {"ru": "Загрузить свежую версию", "en": "Reload the latest version"},
    "builder.undo": {"ru": "↶ Отменить", "en": "↶ Undo"},
    "builder.redo": {"ru": "↷ Повторить", "en": "↷ Redo"},
    "builder.history": {"ru": "🕘 История", "en": "🕘 History"},
    "builder.version_row": {"ru": "Версия {version} · {when} · {note}", "en": "Version {version} · {when} · {note}"},
    "builder.current": {"ru": "текущая", "en": "current"},
    "builder.restore": {"ru": "Восстановить", "en": "Restore"},
    "builder.restored": {"ru": "Восстановлена версия {version}", "en": "Version {version} restored"},
    "builder.add_stage": {"ru": "➕ Этап", "en": "➕ Stage"},
    "builder.new_stage": {"ru": "Новый этап", "en": "New stage"},
    "builder.duplicate_stage": {"ru": "📋 Копия", "en": "📋 Duplicate"},
    "builder.copy_suffix": {"ru": " (копия)", "en": " (copy)"},
    "builder.delete_stage": {"ru": "🗑 Удалить", "en": "🗑 Delete"},
    "builder.move_up": {"ru": "↑", "en": "↑"},
    "builder.move_down": {"ru": "↓", "en": "↓"},
    "builder.selected": {
        "ru": {"one": "Выделен {count} этап: {names}", "few": "Выделено {count} этапа: {names}",
               "many": "Выделено {count} этапов: {names}"},
        "en": {"one": "{count} stage selected: {names}", "many": "{count} stages selected: {names}"},
    },
    "builder.select_hint": {
        "ru": "Выделите этап галочкой, чтобы копировать, удалять или двигать его. Перетаскивайте этапы за ⠿.",
        "en": "Tick a stage to duplicate, delete or move it. Drag stages by ⠿ to reorder them.",
    },
    "builder.delete_confirm": {
        "ru": "Удалить этапы: {names}? Отменить можно кнопкой «Отменить» или через историю версий.",
        "en": "Delete these stages: {names}? You can take it back with Undo or from the version history.",
    },
    "builder.confirm_delete": {"ru": "Удалить", "en": "Delete"},
    "builder.cancel": {"ru": "Отмена", "en": "Cancel"},
    "builder.top": {"ru": "Главное узкое место", "en": "Top bottleneck"},
    "builder.top_none": {
        "ru": "Узких мест нет: ни один оценённый этап не достигает порога «внимание».",
        "en": "No bottleneck: no rated stage reaches the warning threshold.",
    },
    "builder.ranking": {"ru": "Рейтинг этапов", "en": "Stage ranking"},
    "builder.details": {"ru": "Карта: название, персона, тип, язык", "en": "Map: title, persona, kind, language"},
    "builder.title": {"ru": "Название", "en": "Title"},
    "builder.persona": {"ru": "Персона или сегмент", "en": "Persona or segment"},
    "builder.description": {"ru": "Описание", "en": "Description"},
    "builder.kind": {"ru": "Тип пути", "en": "Journey kind"},
    "builder.cyclic": {"ru": "Цикличный путь (возврат к началу)", "en": "Cyclic journey (loops back)"},
    "builder.map_language": {"ru": "Язык карты", "en": "Map language"},
    "builder.lanes": {"ru": "Дорожки (строки карты)", "en": "Lanes (the map's rows)"},
    "builder.lane": {"ru": "Дорожка", "en": "Lane"},
    "builder.lane_label": {"ru": "Название дорожки", "en": "Lane label"},
    "builder.lane_hidden": {"ru": "скрыта", "en": "hidden"},
    "builder.hide": {"ru": "Скрыть", "en": "Hide"},
    "builder.show": {"ru": "Показать", "en": "Show"},
    "builder.delete_lane": {"ru": "Удалить дорожку", "en": "Delete lane"},
    "builder.delete_lane_confirm": {
        "ru": "Удалить дорожку «{label}» и все её значения? Отменить можно кнопкой «Отменить».",
        "en": "Delete the lane “{label}” and all its values? You can take it back with Undo.",
    },
    "builder.add_lane": {"ru": "Добавить дорожку", "en": "Add a lane"},
    "builder.standard_lane": {"ru": "Стандартная", "en": "Standard"},
    "builder.custom_lane": {"ru": "Своя", "en": "Custom"},
    "builder.lane_type": {"ru": "Тип значений", "en": "Value type"},
    "builder.lane_options": {"ru": "Варианты (по одному в строке)", "en": "Options (one per line)"},
    "builder.add": {"ru": "Добавить", "en": "Add"},
    "builder.lane_type.text": {"ru": "текст", "en": "text"},
    "builder.lane_type.list": {"ru": "список", "en": "list"},
    "builder.lane_type.emotion": {"ru": "эмоция −2…+2", "en": "emotion −2…+2"},
    "builder.lane_type.importance": {"ru": "важность 1–5", "en": "importance 1–5"},
    "builder.lane_type.number": {"ru": "число", "en": "number"},
    "builder.lane_type.choice": {"ru": "выбор из вариантов", "en": "choice of options"},
    "builder.no_lanes_to_add": {"ru": "Все стандартные дорожки уже есть", "en": "Every standard lane is there"},
    "builder.error": {"ru": "Не получилось: {message}", "en": "That did not work: {message}"},
    "builder.grid_help": {
        "ru": "Enter или двойной щелчок — править ячейку (курсор в конце текста: ничего не стирается), Enter — "
              "сохранить и вниз, Shift+Enter — новая строка (новый пункт списка), Esc — отменить. В важности и "
              "эмоции наберите 1–5 или −2…2. Стрелки — по таблице, Tab — в таблицу и из неё.",
        "en": "Enter or double-click edits a cell (the caret goes to the end: nothing is overwritten), Enter saves "
              "and moves down, Shift+Enter starts a new line (a new item in a list), Esc cancels. In importance "
              "and emotion type 1–5 or −2…2. Arrows move in the grid; Tab goes into the grid and out of it.",
    },
    # --- version notes (stored in the map's language) ---
    "note.created": {"ru": "создана", "en": "created"},
    "note.edit_cell": {"ru": "«{stage}»: {lane}", "en": "“{stage}”: {lane}"},
    "note.rename_stage": {"ru": "этап переименован в «{stage}»", "en": "stage renamed to “{stage}”"},
    "note.reorder": {"ru": "порядок этапов", "en": "stage order"},
    "note.add_stage": {"ru": "добавлен этап «{stage}»", "en": "stage “{stage}” added"},
    "note.duplicate_stage": {"ru": "копия этапа «{stage}»", "en": "stage “{stage}” duplicated"},
    "note.delete_stages": {"ru": "удалены этапы: {stages}", "en": "stages deleted: {stages}"},
    "note.move_stage": {"ru": "этап «{stage}» перемещён", "en": "stage “{stage}” moved"},
    "note.add_lane": {"ru": "добавлена дорожка «{lane}»", "en": "lane “{lane}” added"},
    "note.rename_lane": {"ru": "дорожка переименована в «{lane}»", "en": "lane renamed to “{lane}”"},
    "note.hide_lane": {"ru": "дорожка «{lane}» скрыта", "en": "lane “{lane}” hidden"},
    "note.show_lane": {"ru": "дорожка «{lane}» показана", "en": "lane “{lane}” shown"},
    "note.move_lane": {"ru": "дорожка «{lane}» перемещена", "en": "lane “{lane}” moved"},
    "note.delete_lane": {"ru": "удалена дорожка «{lane}»", "en": "lane “{lane}” deleted"},
    "note.details": {"ru": "данные карты", "en": "map details"},
    "note.language": {"ru": "язык карты", "en": "map language"},
    "note.undo": {"ru": "отмена (назад к версии {version})", "en": "undo (back to version {version})"},
    "note.redo": {"ru": "повтор (версия {version})", "en": "redo (version {version})"},
    "note.restore": {"ru": "восстановлена версия {version}", "en": "restore version {version}"},
    "chart.stages": {"ru": "Этапы", "en": "Stages"},
    "chart.stage": {"ru": "Этап", "en": "Stage"},
    "chart.stage_number": {"ru": "Этап №", "en": "Stage no."},
    "chart.emotion": {"ru": "Эмоция", "en": "Emotion"},
    "chart.importance": {"ru": "Важность", "en": "Importance"},
    "chart.score": {"ru": "Приоритет", "en": "Priority"},
    "chart.level": {"ru": "Уровень", "en": "Level"},
    "chart.why": {"ru": "Почему", "en": "Why"},
    "chart.map": {"ru": "Карта", "en": "Map"},
    "chart.customers": {"ru": "Клиентов на этапе", "en": "Customers reaching the stage"},
    "chart.conversion": {"ru": "→ дальше {percent}", "en": "→ next {percent}"},
    "chart.no_data": {"ru": "нет данных", "en": "no data"},
    "chart.curve_title": {"ru": "Кривая эмоций", "en": "Emotion curve"},
    "chart.matrix_title": {"ru": "Матрица приоритетов", "en": "Priority matrix"},
    "chart.funnel_title": {"ru": "Воронка", "en": "Funnel"},
    "chart.compare_title": {"ru": "Кривые эмоций рядом", "en": "Emotion curves side by side"},
    "chart.fix_now": {"ru": "Исправить сейчас", "en": "Fix now"},
    "chart.protect": {"ru": "Беречь", "en": "Protect"},
    "chart.monitor": {"ru": "Наблюдать", "en": "Monitor"},
    "chart.improve_later": {"ru": "Улучшить потом", "en": "Improve later"},
    "board.stage": {"ru": "Этап", "en": "Stage"},
    "board.slide_of": {"ru": "Этап {number} из {total}", "en": "Stage {number} of {total}"},
    "nav.analysis": {"ru": "Анализ", "en": "Analysis"},
    "nav.board": {"ru": "Доска", "en": "Board"},
    "nav.compare": {"ru": "Сравнение", "en": "Compare"},
    "analysis.caption": {"ru": "Метод оценки: {method}", "en": "Scoring method: {method}"},
    "analysis.method.priority": {"ru": "приоритет (важность × негатив эмоции)",
                                 "en": "priority (importance × negative emotion)"},
    "analysis.method.opportunity": {"ru": "opportunity score (важность + неудовлетворённость)",
                                    "en": "opportunity score (importance + dissatisfaction)"},
    "analysis.ranking": {"ru": "Этапы по приоритету", "en": "Stages by priority"},
    "analysis.todo": {"ru": "Что исправлять в первую очередь", "en": "What to fix first"},
    "analysis.none_rated": {
        "ru": "Ни один этап не оценён: задайте важность и эмоции в редакторе, и здесь появится рейтинг.",
        "en": "No stage is rated yet: set importance and emotion in the Builder and the ranking shows here.",
    },
    "analysis.no_funnel": {
        "ru": "Нет данных воронки: добавьте дорожку «Клиентов на этапе» и заполните числа.",
        "en": "No funnel data: add the “Customers reaching the stage” lane and fill in the numbers.",
    },
    "board.mode": {"ru": "Вид", "en": "View"},
    "board.mode.board": {"ru": "Вся карта", "en": "Whole map"},
    "board.mode.present": {"ru": "Презентация", "en": "Presentation"},
    "board.previous": {"ru": "← Назад", "en": "← Back"},
    "board.next": {"ru": "Дальше →", "en": "Next →"},
    "board.empty": {"ru": "В карте нет этапов.", "en": "The map has no stages."},
    "compare.header": {"ru": "Сравнение карт", "en": "Compare maps"},
    "compare.need_two": {
        "ru": "Для сравнения нужны две карты. Создайте копию карты («Копия» в списке) и измените её — "
              "например, как «как будет».",
        "en": "Comparing needs two maps. Duplicate a map (Duplicate in the list) and change the copy — "
              "for example as the to-be journey.",
    },
    "compare.first": {"ru": "Карта A", "en": "Map A"},
    "compare.second": {"ru": "Карта B", "en": "Map B"},
    "compare.same": {"ru": "Выбрана одна и та же карта.", "en": "The same map is chosen twice."},
    "compare.stage_a": {"ru": "Этап A", "en": "Stage A"},
    "compare.stage_b": {"ru": "Этап B", "en": "Stage B"},
    "compare.score_a": {"ru": "Приоритет A", "en": "Priority A"},
    "compare.score_b": {"ru": "Приоритет B", "en": "Priority B"},
    "compare.delta": {"ru": "Изменение", "en": "Change"},
    "note.scoring": {"ru": "настройки оценки", "en": "scoring settings"},
    "analysis.settings": {"ru": "Настройки оценки: метод, веса, пороги", "en": "Scoring: method, weights, thresholds"},
    "analysis.method": {"ru": "Метод", "en": "Method"},
    "analysis.importance_weight": {"ru": "Вес важности", "en": "Importance weight"},
    "analysis.emotion_weight": {"ru": "Вес эмоции", "en": "Emotion weight"},
    "analysis.funnel_weight": {"ru": "Вес отвала в воронке", "en": "Funnel drop-off weight"},
    "analysis.critical_at": {"ru": "Критично от", "en": "Critical from"},
    "analysis.warning_at": {"ru": "Внимание от", "en": "Warning from"},
    "analysis.settings_help": {
        "ru": "Веса усиливают или ослабляют влияние важности и эмоции (1 — как есть). Вес воронки: насколько "
              "отвал клиентов на следующем шаге поднимает приоритет этапа. Формулы — в README.",
        "en": "Weights strengthen or soften the effect of importance and emotion (1 = as is). The funnel weight: "
              "how much losing customers before the next step raises a stage's priority. Formulas: see README.",
    },
    "analysis.suggested": {"ru": "Эмоции, предложенные по словам", "en": "Emotions suggested from words"},
    "analysis.suggested_help": {
        "ru": "У этих этапов эмоция описана только словами; оценка подобрана по словарю и отмечена *. "
              "Подтвердите её или поправьте в редакторе.",
        "en": "These stages describe the emotion in words only; the score comes from the lexicon and is marked *. "
              "Confirm it, or change it in the Builder.",
    },
    "analysis.confirm": {"ru": "Подтвердить {emotion}", "en": "Confirm {emotion}"},
    "nav.export": {"ru": "Экспорт", "en": "Export"},
    "export.intro": {
        "ru": "Скачайте карту, чтобы поделиться ею. Книгу Excel коллега может править и вернуть: импорт — на "
              "странице «Карты».",
        "en": "Download the map to share it. A colleague can edit the Excel workbook and send it back: import it "
              "on the Maps page.",
    },
    # file formats (cjm/formats.py): a label each, help for the ones the Export page shows as cards
    "format.xlsx": {"ru": "Excel (.xlsx)", "en": "Excel (.xlsx)"},
    "format.xlsx.help": {
        "ru": "Листы: карта (этапы — столбцы), оценки с графиками, данные для правки и обратного импорта, "
              "о карте.",
        "en": "Sheets: the map (stages as columns), scores with charts, data to edit and import back, about.",
    },
    "format.json": {"ru": "JSON", "en": "JSON"},
    "format.json.help": {
        "ru": "Полная копия карты в формате CJM Studio.", "en": "A full copy of the map in CJM Studio's format.",
    },
    "format.csv": {"ru": "Таблица CSV", "en": "CSV table"},
    "format.md": {"ru": "Сводка Markdown", "en": "Markdown summary"},
    "format.mmd": {"ru": "Диаграмма Mermaid", "en": "Mermaid journey"},
    "export.more": {"ru": "Другие форматы", "en": "Other formats"},
    "export.download": {"ru": "Скачать .{ext}", "en": "Download .{ext}"},
    "library.import": {"ru": "Импорт из файла", "en": "Import from a file"},
    "library.import_help": {
        "ru": "Excel или CSV (ваш шаблон или выгрузка CJM Studio) или JSON. Сначала покажем, как файл понят. "
              "Книга CJM Studio, вернувшаяся от коллеги, может обновить свою карту: вы увидите каждое изменение и "
              "выберете, какие принять; иначе карта создаётся новой и ничего не перезаписывает.",
        "en": "Excel or CSV (your own template or a CJM Studio export) or JSON. You first see how the file was "
              "understood. A CJM Studio workbook a colleague sends back can update its map: you see every change and "
              "choose which to take; otherwise the map is created as a new one and overwrites nothing.",
    },
    "library.import_file": {"ru": "Файл", "en": "File"},
    "library.import_failed": {"ru": "Файл не импортирован: {message}", "en": "The file was not imported: {message}"},
    "library.import_preview": {"ru": "Как понят файл", "en": "How the file was understood"},
    "library.import_kind": {"ru": "Тип: {kind} · {orientation} · {stages}",
                            "en": "Type: {kind} · {orientation} · {stages}"},
    "library.import_lane_file": {"ru": "В файле", "en": "In the file"},
    "library.import_lane_map": {"ru": "Дорожка карты", "en": "Map lane"},
    "library.import_lane_type": {"ru": "Тип", "en": "Type"},
    "library.import_new_lane": {"ru": "новая дорожка", "en": "new lane"},
    "library.import_create": {"ru": "Создать карту из файла", "en": "Create a map from this file"},
    "library.imported": {"ru": "Карта «{title}» импортирована", "en": "Map “{title}” imported"},
    "import.kind.csv": {"ru": "CSV", "en": "CSV"},
    "import.kind.spreadsheet": {"ru": "таблица Excel", "en": "Excel spreadsheet"},
    "import.kind.cjm-workbook": {"ru": "книга CJM Studio", "en": "CJM Studio workbook"},
    "import.orientation.stages-as-rows": {"ru": "этап в каждой строке", "en": "one row per stage"},
    "import.orientation.stages-as-columns": {"ru": "этапы — столбцы", "en": "stages as columns"},
    "import.orientation.exact": {"ru": "точная копия с правками", "en": "exact copy with edits"},
    "mermaid.actor": {"ru": "Клиент", "en": "Customer"},
    # --- issue 14: Builder, Board and Analysis for real maps (names that say what and which, key columns,
    # checks of emotion words, long maps) ---
    "grid.emotion_words_of": {"ru": "{lane} · слова", "en": "{lane} · words"},
    "grid.check": {"ru": "Слова читаются как {reading}: проверьте оценку",
                   "en": "The words read {reading}: check the score"},
    "builder.move_stage_up": {"ru": "Поднять «{stage}» выше", "en": "Move «{stage}» up"},
    "builder.move_stage_down": {"ru": "Опустить «{stage}» ниже", "en": "Move «{stage}» down"},
    "builder.move_one_up": {"ru": "Поднять выделенный этап (выделите один этап)",
                            "en": "Move the selected stage up (tick one stage first)"},
    "builder.move_one_down": {"ru": "Опустить выделенный этап (выделите один этап)",
                              "en": "Move the selected stage down (tick one stage first)"},
    "builder.duplicate_named": {"ru": "Копировать {names}", "en": "Duplicate {names}"},
    "builder.delete_named": {"ru": "Удалить {names}", "en": "Delete {names}"},
    "builder.lane_up": {"ru": "Поднять дорожку «{lane}»", "en": "Move lane «{lane}» up"},
    "builder.lane_down": {"ru": "Опустить дорожку «{lane}»", "en": "Move lane «{lane}» down"},
    "builder.lane_hide": {"ru": "Скрыть дорожку «{lane}»", "en": "Hide lane «{lane}»"},
    "builder.lane_show": {"ru": "Показать дорожку «{lane}»", "en": "Show lane «{lane}»"},
    "builder.lane_delete": {"ru": "Удалить дорожку «{lane}»", "en": "Delete lane «{lane}»"},
    "builder.lane_label_of": {"ru": "Название дорожки «{lane}»", "en": "Label of lane «{lane}»"},
    "builder.grid_title": {"ru": "Таблица карты «{title}»: этапы — строки, дорожки — столбцы",
                           "en": "Grid of the map «{title}»: stages as rows, lanes as columns"},
    "builder.columns": {"ru": "Столбцы: {shown} из {total}", "en": "Columns: {shown} of {total}"},
    "builder.columns_pick": {"ru": "Дорожки в таблице", "en": "Lanes in the grid"},
    "builder.columns_help": {
        "ru": "Только вид: карта хранит все дорожки. Этап, приоритет, важность и эмоция видны всегда.",
        "en": "A view only: the map keeps every lane. Stage, priority, importance and emotion always show.",
    },
    "builder.rate_here": {
        "ru": "Оцените этапы в столбцах «{importance}» и «{emotion}» рядом с названием этапа (отмечены пунктиром): "
              "выберите ячейку, наберите 1–5 или −2…2 и нажмите Enter.",
        "en": "Rate the stages in the «{importance}» and «{emotion}» columns beside each stage name (dashed "
              "frames): select a cell, type 1–5 or −2…2 and press Enter.",
    },
    "builder.checks": {"ru": "Проверьте эмоции", "en": "Check these emotions"},
    "check.row": {"ru": "«{stage}»: {score}, но слова «{words}» читаются как {reading}",
                  "en": "«{stage}»: {score}, but the words «{words}» read {reading}"},
    "board.jump": {"ru": "Перейти к этапу", "en": "Jump to stage"},
    "board.top": {"ru": "Главное узкое место: {number}. {stage} — {level} · {score}",
                  "en": "Top bottleneck: {number}. {stage} — {level} · {score}"},
    "board.keys": {"ru": "Клавиши: → PageDown Пробел — дальше, ← PageUp — назад (подходит пульт-кликер).",
                   "en": "Keys: → PageDown Space forward, ← PageUp back (a presentation clicker works)."},
    "chart.stages_numbered": {"ru": "Этапы (номер; название — в подсказке)",
                              "en": "Stages (number; the name in the tooltip)"},
    "chart.more": {"ru": "+ ещё {count}", "en": "+ {count} more"},
    "chart.quadrant": {"ru": "Квадрант", "en": "Quadrant"},
    "chart.count": {"ru": "Этапов", "en": "Stages"},
    "chart.top_score": {"ru": "Наибольший приоритет", "en": "Highest priority"},
    "chart.conversion_title": {"ru": "Дальше", "en": "To the next stage"},
    "analysis.zoom_help": {"ru": "Колесо мыши над кривой — масштаб, перетаскивание — сдвиг, двойной щелчок — сброс.",
                           "en": "Mouse wheel over the curve zooms, dragging moves, a double-click resets."},
    "analysis.quadrants_help": {
        "ru": "Линии квадрантов проходят между делениями шкалы: важность 3–5 — высокая, эмоция −2…0 — не позитивная "
              "(нейтральное пока нечего беречь). Так каждая точка лежит в одном квадранте; среднее голосов ровно на "
              "линии идёт в сторону «Исправить сейчас». Размер точки — сколько этапов в клетке; подписаны {count} "
              "этапов с наибольшим приоритетом, остальные — в подсказке.",
        "en": "The quadrants' lines lie between the scale's points: importance 3–5 is high, emotion −2…0 is not "
              "positive (nothing to protect yet at neutral). So every point is inside one quadrant; a mean of votes "
              "exactly on a line goes toward “Fix now”. A point's size is how many stages share its cell; the {count} "
              "stages of highest priority are named, the others are in the tooltip.",
    },
    "analysis.top_of": {"ru": "Первые {shown} из {total}", "en": "The top {shown} of {total}"},
    "analysis.show_all": {"ru": "Показать все этапы ({count})", "en": "Show all {count} stages"},
    "analysis.no_todo": {"ru": "Узких мест нет: ни один этап не достигает порога «внимание».",
                         "en": "No bottleneck: no stage reaches the warning threshold."},
    "library.new_map_title": {"ru": "Название новой карты", "en": "Title of the new map"},
    "library.new_map_title_help": {
        "ru": "По умолчанию — название шаблона; если такая карта уже есть, добавится номер: «… (2)».",
        "en": "The template's title by default; when a map of that title exists, a number is added: “… (2)”.",
    },
    "library.first_run": {"ru": "С чего начать: аудит за 15 минут", "en": "Where to start: an audit in 15 minutes"},
    "library.first_run_steps": {
        "ru": "1. **Шаблон** — выберите ниже («Демо CJM» — готовая карта, пустые шаблоны дают только этапы) и нажмите "
              "«Создать карту».\n2. **Оценка** — в редакторе задайте каждому этапу важность 1–5 и эмоцию −2…2 в "
              "столбцах с пунктиром рядом с названием.\n3. **Узкое место** — главное видно рядом с таблицей; "
              "«Анализ» ранжирует все этапы и объясняет почему.\n4. **Экспорт** — «Экспорт» отдаёт карту книгой "
              "Excel, которую откроет руководитель.",
        "en": "1. **Template** — pick one below (the “CJM demo” is a finished map, the blanks give the stages only) "
              "and press *Create map*.\n2. **Rate** — in the Builder give every stage an importance 1–5 and an emotion "
              "−2…2 in the dashed columns beside its name.\n3. **Bottleneck** — the top one shows beside the grid; "
              "*Analysis* ranks every stage and says why.\n4. **Export** — *Export* hands the map over as an Excel "
              "workbook a manager can open.",
    },
    "library.first_run_hide": {"ru": "Понятно, скрыть", "en": "Got it, hide this"},
    "analysis.checks": {"ru": "Слова эмоций противоречат оценке", "en": "Emotion words that contradict the score"},
    "analysis.checks_help": {
        "ru": "Слова и оценка по разные стороны от нейтрального: проверьте, что верно, и поправьте в редакторе.",
        "en": "The words and the score are on opposite sides of neutral: check which is right and fix it in the "
              "Builder.",
    },
    "grid.emotion_words": {"ru": "слова", "en": "words"},
    "time.just_now": {"ru": "только что", "en": "just now"},
    "time.minutes": {
        "ru": {"one": "{count} минуту назад", "few": "{count} минуты назад", "many": "{count} минут назад"},
        "en": {"one": "{count} minute ago", "many": "{count} minutes ago"},
    },
    "time.hours": {
        "ru": {"one": "{count} час назад", "few": "{count} часа назад", "many": "{count} часов назад"},
        "en": {"one": "{count} hour ago", "many": "{count} hours ago"},
    },
    "time.date": {"ru": "{date}", "en": "{date}"},
    # --- issue 15: data into the map (cjm/tables.py, cjm/jtbd.py, cjm/eventlog.py, pages/insights.py) ---
    "data.too_big": {"ru": "{name}: {size}, больше предела {limit}",
                     "en": "{name}: {size}, over the limit of {limit}"},
    "data.empty": {"ru": "{name}: файл пуст", "en": "{name}: the file is empty"},
    "data.folder": {"ru": "{name}: это папка, а не файл", "en": "{name}: a folder, not a file"},
    "data.missing": {"ru": "{name}: нет такого файла", "en": "{name}: no such file"},
    "data.denied": {"ru": "{name}: нет доступа", "en": "{name}: permission denied"},
    "data.unreadable": {"ru": "{name}: не удаётся прочитать ({reason})", "en": "{name}: cannot read it ({reason})"},
    "data.workbook": {"ru": "{name}: это книга Excel или zip-архив; сохраните таблицу как CSV",
                      "en": "{name}: an Excel workbook or a zip archive; save the table as CSV"},
    "data.binary": {"ru": "{name}: двоичные данные, а не таблица CSV",
                    "en": "{name}: binary data, not a CSV table"},
    "data.encoding": {
        "ru": "{name}: ни UTF-8, ни cp1251 (байт {byte} в позиции {position}); сохраните файл в UTF-8",
        "en": "{name}: neither UTF-8 nor cp1251 (byte {byte} at position {position}); save it as UTF-8",
    },
    "data.mixed_encoding": {
        "ru": "{name}: начало в UTF-8, но строка {line} — нет (байт {position}); сохраните файл целиком в UTF-8",
        "en": "{name}: UTF-8 at the start but not at line {line} (byte {position}); save the whole file as UTF-8",
    },
    "data.surrogate": {
        "ru": "{name}: строка {line} содержит половину суррогатной пары UTF-16 — такой текст нельзя сохранить; "
              "исправьте её",
        "en": "{name}: line {line} holds half of a UTF-16 surrogate pair, which no text can hold; fix it",
    },
    "data.broken_line": {"ru": "{name}: строка {line} не читается как таблица: {reason}",
                         "en": "{name}: line {line} does not read as a table row: {reason}"},
    "data.broken": {"ru": "{name}: не читается как таблица: {reason}",
                    "en": "{name}: does not read as a table: {reason}"},
    "data.no_such_column": {"ru": "нет столбца {column}; столбцы: {columns}",
                            "en": "no column {column}; the columns are {columns}"},
    "data.same_column": {"ru": "столбец «{column}» выбран для двух ролей",
                         "en": "the column “{column}” is picked for two roles"},
    "data.no_rows": {"ru": "{name}: под заголовком нет ни одной строки",
                     "en": "{name}: no rows below the header"},
    "jtbd.bad_support": {"ru": "минимальная поддержка — доля заказов от {low} до 1, получено {value}",
                         "en": "the minimum support is a share of orders from {low} to 1, got {value}"},
    "jtbd.no_item_column": {
        "ru": "{name}: нет столбца с товарами (Товар, Услуга, Наименование, Item, Product…); столбцы: {columns}",
        "en": "{name}: no item column (Item, Product, Service, Товар…); the columns are {columns}",
    },
    "jtbd.no_order_column": {
        "ru": "{name}: нет столбца с номером заказа (Заказ, Чек, Сделка, Order, ID…); столбцы: {columns}",
        "en": "{name}: no order id column (Order, Receipt, Deal, ID, Заказ…); the columns are {columns}",
    },
    "jtbd.no_orders": {"ru": "{name}: ни в одной строке нет и заказа, и товара",
                       "en": "{name}: no row has both an order id and an item"},
    "jtbd.percent": {"ru": "{value} %", "en": "{value}%"},
    "jtbd.marker": {
        "ru": {"one": "из данных: поддержка {support}, {orders} из {count} заказа",
               "many": "из данных: поддержка {support}, {orders} из {count} заказов"},
        "en": {"one": "from the data: support {support}, {orders} of {count} order",
               "many": "from the data: support {support}, {orders} of {count} orders"},
    },
    "eventlog.no_customer_column": {
        "ru": "{name}: нет столбца с клиентом (Клиент, Пользователь, Customer, User ID…); столбцы: {columns}",
        "en": "{name}: no customer id column (Customer, User ID, Client, Клиент…); the columns are {columns}",
    },
    "eventlog.no_event_column": {
        "ru": "{name}: нет столбца с событием (Событие, Этап, Действие, Event, Stage…); столбцы: {columns}",
        "en": "{name}: no event column (Event, Stage, Action, Событие…); the columns are {columns}",
    },
    "eventlog.no_time_column": {
        "ru": "{name}: нет столбца со временем (Дата, Время, Timestamp…); столбцы: {columns}",
        "en": "{name}: no timestamp column (Timestamp, Time, Date, Дата…); the columns are {columns}",
    },
    "eventlog.no_times": {"ru": "{name}: в столбце {column} нет ни одного значения времени",
                          "en": "{name}: the column {column} holds no timestamps"},
    "eventlog.bad_time": {
        "ru": {"one": "{name}: {count} значение в столбце {column} не читается как дата и время, строка {row}: "
                      "{value} (пишите 2024-05-31 14:05 или 31.05.2024 14:05)",
               "few": "{name}: {count} значения в столбце {column} не читаются как дата и время, первое — в строке "
                      "{row}: {value} (пишите 2024-05-31 14:05 или 31.05.2024 14:05)",
               "many": "{name}: {count} значений в столбце {column} не читаются как дата и время, первое — в строке "
                       "{row}: {value} (пишите 2024-05-31 14:05 или 31.05.2024 14:05)"},
        "en": {"one": "{name}: {count} value in the column {column} does not read as a date and time, row {row}: "
                      "{value} (write 2024-05-31 14:05 or 31.05.2024 14:05)",
               "many": "{name}: {count} values in the column {column} do not read as a date and time, the first in "
                       "row {row}: {value} (write 2024-05-31 14:05 or 31.05.2024 14:05)"},
    },
    "eventlog.no_events": {"ru": "{name}: ни в одной строке нет и клиента, и события",
                           "en": "{name}: no row has both a customer id and an event"},
    "nav.insights": {"ru": "Инсайты", "en": "Insights"},
    "note.jtbd_goal": {"ru": "Цель из данных: {items}", "en": "Goal from the data: {items}"},
    "note.funnel_counts": {"ru": "Воронка из журнала событий {name}", "en": "Funnel from the event log {name}"},
    "insights.title": {"ru": "Из данных — в карту", "en": "From data to the map"},
    "insights.caption": {
        "ru": "JTBD — из устойчивых сочетаний товаров и услуг в сделках, воронка — из журнала событий. "
              "Откройте карту, чтобы перенести результат на неё.",
        "en": "JTBD from the stable combinations of goods and services in deals, the funnel from an event log. "
              "Open a map to put the results on it.",
    },
    "insights.caption_map": {
        "ru": "JTBD — из сочетаний товаров в сделках, воронка — из журнала событий. Результат ляжет на карту "
              "«{title}».",
        "en": "JTBD from the combinations of items in deals, the funnel from an event log. Results go onto the map "
              "“{title}”.",
    },
    "insights.tab_jtbd": {"ru": "🧺 JTBD из сделок", "en": "🧺 JTBD from deals"},
    "insights.tab_funnel": {"ru": "🪜 Воронка из журнала событий", "en": "🪜 Funnel from an event log"},
    "insights.orders_upload": {"ru": "Заказы (CSV или Parquet)", "en": "Orders (CSV or Parquet)"},
    "insights.orders_help": {
        "ru": "Строки заказов (номер заказа и товар в строке) или один заказ в строке со всеми товарами в одной "
              "ячейке через «;». Заголовки на русском или английском, разделитель «,» или «;», UTF-8 или cp1251, "
              "до 20 МБ (больше — командой cjm jtbd).",
        "en": "Order lines (an order id and an item on each row) or one order per row with its items in one cell, "
              "separated by “;”. Headers in Russian or English, “,” or “;”, UTF-8 or cp1251, up to 20 MB (larger: "
              "the cjm jtbd command).",
    },
    "insights.order_column": {"ru": "Столбец заказа", "en": "Order column"},
    "insights.rows_are_orders": {"ru": "— каждая строка — заказ —", "en": "— each row is an order —"},
    "insights.choose": {"ru": "— выберите —", "en": "— choose —"},
    "insights.choose_columns": {"ru": "Выберите столбцы выше: их не удалось найти по заголовкам.",
                                "en": "Choose the columns above: they could not be found by their headers."},
    "insights.item_column": {"ru": "Столбец товаров", "en": "Item column"},
    "insights.min_support": {"ru": "Минимальная поддержка, % заказов", "en": "Minimum support, % of orders"},
    "insights.deals_summary": {
        "ru": "Заказов: {orders} · строк: {lines} · товаров: {items} · сочетаний с поддержкой от {support}: {found}",
        "en": "Orders: {orders} · rows: {lines} · items: {items} · combinations with support from {support}: {found}",
    },
    "insights.skipped_orders": {
        "ru": {"one": "{count} строка без заказа или товара пропущена",
               "few": "{count} строки без заказа или товара пропущены",
               "many": "{count} строк без заказа или товара пропущено"},
        "en": {"one": "{count} row without an order id or an item left out",
               "many": "{count} rows without an order id or an item left out"},
    },
    "insights.no_combinations": {
        "ru": "Нет сочетаний из двух и более товаров с такой поддержкой: уменьшите минимальную поддержку.",
        "en": "No combination of two or more items has that support: lower the minimum support.",
    },
    "insights.col_items": {"ru": "Товары вместе", "en": "Items together"},
    "insights.col_support": {"ru": "Поддержка", "en": "Support"},
    "insights.col_orders": {"ru": "Заказов", "en": "Orders"},
    "insights.col_confidence": {"ru": "Достоверность", "en": "Confidence"},
    "insights.col_lift": {"ru": "Лифт", "en": "Lift"},
    "insights.col_rule": {"ru": "Лучшее правило", "en": "Best rule"},
    "insights.bar_label": {"ru": "{support} · лифт {lift}", "en": "{support} · lift {lift}"},
    "insights.chart_support": {"ru": "Доля заказов", "en": "Share of orders"},
    "insights.chart_combinations": {"ru": "Сочетания по поддержке", "en": "Combinations by support"},
    "insights.to_goal": {"ru": "Сделать целью (JTBD) на карте", "en": "Make it a goal (JTBD) on the map"},
    "insights.combination": {"ru": "Сочетание", "en": "Combination"},
    "insights.job": {"ru": "Работа клиента (необязательно)", "en": "The customer's job (optional)"},
    "insights.job_placeholder": {"ru": "например, приготовить завтрак", "en": "e.g. make breakfast"},
    "insights.stages": {"ru": "Этапы карты", "en": "Stages of the map"},
    "insights.goal_preview": {"ru": "В дорожку «Цели (JTBD)» выбранных этапов добавится строка:",
                              "en": "This line goes into the “Goals (JTBD)” lane of the chosen stages:"},
    "insights.add_goal": {"ru": "Добавить цель на карту", "en": "Add the goal to the map"},
    "insights.goal_added": {
        "ru": {"one": "Цель добавлена на {count} этап · версия {version}",
               "few": "Цель добавлена на {count} этапа · версия {version}",
               "many": "Цель добавлена на {count} этапов · версия {version}"},
        "en": {"one": "Goal added to {count} stage · version {version}",
               "many": "Goal added to {count} stages · version {version}"},
    },
    "insights.undo": {"ru": "Отменить", "en": "Undo"},
    "insights.undone": {"ru": "Отменено · версия {version}", "en": "Undone · version {version}"},
    "insights.no_map": {"ru": "Чтобы перенести результат на карту, откройте её в разделе «Карты».",
                        "en": "To put the results on a map, open it under Maps."},
    "insights.events_upload": {"ru": "Журнал событий (CSV или Parquet)", "en": "Event log (CSV or Parquet)"},
    "insights.events_help": {
        "ru": "Строка — событие: клиент, событие (или этап) и время. Заголовки на русском или английском, «,» или "
              "«;», UTF-8 или cp1251, до 20 МБ (больше — командой cjm funnel).",
        "en": "One event per row: customer, event (or stage) and time. Headers in Russian or English, “,” or “;”, "
              "UTF-8 or cp1251, up to 20 MB (larger: the cjm funnel command).",
    },
    "insights.customer_column": {"ru": "Столбец клиента", "en": "Customer column"},
    "insights.event_column": {"ru": "Столбец события", "en": "Event column"},
    "insights.time_column": {"ru": "Столбец времени", "en": "Time column"},
    "insights.log_summary": {"ru": "Событий: {rows} · клиентов: {customers} · разных событий: {events}",
                             "en": "Events: {rows} · customers: {customers} · distinct events: {events}"},
    "insights.skipped_events": {
        "ru": {"one": "{count} строка без клиента или события пропущена",
               "few": "{count} строки без клиента или события пропущены",
               "many": "{count} строк без клиента или события пропущено"},
        "en": {"one": "{count} row without a customer or an event left out",
               "many": "{count} rows without a customer or an event left out"},
    },
    "insights.steps_from": {"ru": "Шаги воронки", "en": "Funnel steps"},
    "insights.steps_map": {"ru": "этапы карты «{title}»", "en": "the stages of “{title}”"},
    "insights.steps_events": {"ru": "события в том порядке, в каком их проходят клиенты",
                              "en": "the events in the order customers reach them"},
    "insights.mapping": {
        "ru": "Какие события относятся к каждому этапу (найдены по названию без учёта регистра и пробелов; "
              "поправьте, если нужно):",
        "en": "Which events feed each stage (found by name, ignoring case and spaces; fix it if needed):",
    },
    "insights.no_events": {"ru": "нет событий — нет данных", "en": "no events — no data"},
    "insights.left_out": {
        "ru": "Показаны {shown} событий, до которых доходит больше всего клиентов; не показано: {count}",
        "en": "Showing the {shown} events most customers reach; {count} more left out",
    },
    "insights.col_stage": {"ru": "Этап", "en": "Stage"},
    "insights.col_events": {"ru": "События", "en": "Events"},
    "insights.col_customers": {"ru": "Клиентов", "en": "Customers"},
    "insights.col_conversion": {"ru": "Конверсия в следующий", "en": "Conversion to next"},
    "insights.col_drop_off": {"ru": "Отвал", "en": "Drop-off"},
    "insights.col_hours": {"ru": "Медиана, ч", "en": "Median, h"},
    "insights.col_hours_help": {"ru": "Медиана по клиентам: сколько часов от этого шага до следующего",
                                "en": "The median over customers: hours from this step to the next"},
    "insights.bar_hours": {"ru": "{label} · {hours} ч", "en": "{label} · {hours} h"},
    "insights.write_help": {
        "ru": "Числа клиентов лягут в дорожку «{lane}» (её читает правило воронки при оценке); у этапов без "
              "событий число очистится. Это одна версия: её можно отменить.",
        "en": "The customer counts go into the lane “{lane}” (the scoring's funnel rule reads it); stages without "
              "events are cleared. It is one version: Undo takes it back.",
    },
    "insights.write_counts": {"ru": "Записать клиентов в карту", "en": "Write the customers into the map"},
    "insights.counts_written": {
        "ru": {"one": "Клиенты записаны для {count} этапа · версия {version}",
               "many": "Клиенты записаны для {count} этапов · версия {version}"},
        "en": {"one": "Customers written for {count} stage · version {version}",
               "many": "Customers written for {count} stages · version {version}"},
    },
    # --- end of issue 15 ---
    # --- scoring v2: the one-line "why" of each stage and funnel notes (in the map's language) ---
    "why.line": {"ru": "{inputs}: {reading} → {level}", "en": "{inputs}: {reading} → {level}"},
    "why.inputs": {
        "ru": "важность {importance} и эмоция {emotion}",
        "en": "importance {importance} and emotion {emotion}",
    },
    "why.suggested": {"ru": "{emotion} (предложена по словам)", "en": "{emotion} (suggested from the words)"},
    "why.votes": {
        "ru": {"one": "{inputs} (среднее по {count} голосу)", "few": "{inputs} (среднее по {count} голосам)",
               "many": "{inputs} (среднее по {count} голосам)"},
        "en": {"one": "{inputs} ({count} vote)", "many": "{inputs} (mean of {count} votes)"},
    },
    "why.reading.strongest": {
        "ru": "самая сильная боль там, где важнее всего", "en": "strongest pain where it matters most"},
    "why.reading.vneg_high": {"ru": "сильная боль на важном этапе", "en": "strong pain at an important stage"},
    "why.reading.vneg_mid": {
        "ru": "сильная боль на этапе средней важности", "en": "strong pain at a stage of medium importance"},
    "why.reading.vneg_low": {"ru": "сильная боль на второстепенном этапе", "en": "strong pain at a minor stage"},
    "why.reading.neg_high": {"ru": "негатив на важном этапе", "en": "pain at an important stage"},
    "why.reading.neg_mid": {
        "ru": "негатив на этапе средней важности", "en": "some pain at a stage of medium importance"},
    "why.reading.neg_low": {"ru": "негатив на второстепенном этапе", "en": "some pain at a minor stage"},
    "why.reading.neutral_high": {
        "ru": "нейтрально на важном этапе: есть что улучшить", "en": "neutral at an important stage: room to improve"},
    "why.reading.neutral_mid": {
        "ru": "нейтрально на этапе средней важности", "en": "neutral at a stage of medium importance"},
    "why.reading.neutral_low": {"ru": "нейтрально на второстепенном этапе", "en": "neutral at a minor stage"},
    "why.reading.pos": {"ru": "клиенты в целом довольны", "en": "customers are mostly satisfied"},
    "why.reading.delight": {"ru": "клиенты в восторге: так держать", "en": "customers are delighted: keep it up"},
    "why.opportunity": {"ru": "{reading}, индекс возможности {raw} из 9", "en": "{reading}, opportunity {raw} of 9"},
    "why.funnel": {
        "ru": "{reading}, до следующего этапа не доходят {percent}%",
        "en": "{reading}, {percent}% drop off before the next stage",
    },
    "why.unrated.importance": {"ru": "нет оценки важности: этап не оценён", "en": "no importance yet: unrated"},
    "why.unrated.emotion": {"ru": "нет оценки эмоции: этап не оценён", "en": "no emotion score yet: unrated"},
    "why.unrated.both": {
        "ru": "нет оценок важности и эмоции: этап не оценён", "en": "no importance or emotion yet: unrated"},
    "why.unrated.words": {
        "ru": "по словам эмоции оценку не подобрать, поставьте её сами: этап не оценён",
        "en": "no emotion score and none can be suggested from the words: unrated",
    },
    "funnel.grew": {
        "ru": "клиентов больше, чем на предыдущем этапе: проверьте числа",
        "en": "more customers than the previous stage: check the numbers",
    },
    "funnel.zero": {
        "ru": "на этапе нет клиентов: конверсия — нет данных",
        "en": "no customers at this stage: conversion — no data",
    },
    # --- workshop (issue 6) ---
    "nav.workshop": {"ru": "Воркшоп", "en": "Workshop"},
    "note.workshop": {"ru": "воркшоп {code}: голоса и заметки", "en": "workshop {code}: votes and notes"},
    "ws.phase": {"ru": "Фаза", "en": "Phase"},
    "ws.phase.collect": {"ru": "📝 Сбор заметок", "en": "📝 Collect notes"},
    "ws.phase.vote": {"ru": "🗳️ Голосование", "en": "🗳️ Vote"},
    "ws.phase.review": {"ru": "🔍 Обсуждение", "en": "🔍 Review"},
    "ws.phase.closed": {"ru": "🏁 Воркшоп завершён", "en": "🏁 Workshop ended"},
    "ws.note.pain": {"ru": "Боль", "en": "Pain point"},
    "ws.note.idea": {"ru": "Идея", "en": "Idea"},
    "ws.note.question": {"ru": "Вопрос", "en": "Question"},
    "ws.board.stage": {"ru": "Этап", "en": "Stage"},
    "ws.board.votes": {"ru": "Голосов", "en": "Votes"},
    "ws.board.importance": {"ru": "Важность (среднее ± разброс)", "en": "Importance (mean ± spread)"},
    "ws.board.emotion": {"ru": "Эмоция (среднее ± разброс)", "en": "Emotion (mean ± spread)"},
    "ws.board.discuss": {"ru": "обсудить", "en": "discuss"},
    "ws.board.no_stages": {"ru": "В карте нет этапов", "en": "The map has no stages"},
    "ws.board.no_notes": {"ru": "Заметок пока нет", "en": "No notes yet"},
    "ws.start.title": {"ru": "Воркшоп", "en": "Workshop"},
    "ws.start.intro": {
        "ru": "Откройте комнату для карты: участники заходят с телефонов по коду или QR, добавляют заметки "
              "и голосуют за важность и эмоцию каждого этапа, а вы видите итог вживую и переносите его в карту.",
        "en": "Open a room for a map: participants join from their phones with a code or QR code, add notes and "
              "vote on each stage's importance and emotion; you watch the result live and accept it into the map.",
    },
    "ws.start.map": {"ru": "Карта", "en": "Map"},
    "ws.start.go": {"ru": "🗳️ Начать воркшоп", "en": "🗳️ Start workshop"},
    "ws.start.open": {"ru": "Открытые комнаты", "en": "Open rooms"},
    "ws.start.no_maps": {"ru": "Сначала создайте карту.", "en": "Create a map first."},
    "ws.start.other": {"ru": "Начать другой воркшоп", "en": "Start another workshop"},
    "ws.title": {"ru": "Воркшоп · {title}", "en": "Workshop · {title}"},
    "ws.join_at": {
        "ru": "Откройте ссылку или QR и введите код", "en": "Open the link or scan the QR code; the code is"},
    "ws.qr": {"ru": "Наведите камеру телефона", "en": "Point a phone camera here"},
    "ws.local_link": {
        "ru": "Эта ссылка ведёт на localhost: с телефонов она не откроется. Откройте приложение по сетевому адресу "
              "(Network URL в консоли) или задайте CJM_PUBLIC_URL.",
        "en": "This link points to localhost, which phones cannot open. Open the app by its network address "
              "(the Network URL Streamlit printed) or set CJM_PUBLIC_URL.",
    },
    "ws.timer": {"ru": "Таймер", "en": "Timer"},
    "ws.minutes": {"ru": "Минут на фазу", "en": "Minutes for the phase"},
    "ws.restart_timer": {"ru": "⏱ Таймер заново", "en": "⏱ Restart the timer"},
    "ws.close": {"ru": "Закрыть комнату", "en": "Close the room"},
    "ws.close_confirm": {
        "ru": "Код перестанет работать, участники увидят, что воркшоп завершён. Голоса и заметки останутся: "
              "их можно перенести в карту и после закрытия.",
        "en": "The code stops working and participants see that the workshop has ended. Votes and notes stay: "
              "you can still accept them into the map after closing.",
    },
    "ws.closed_now": {"ru": "Комната закрыта", "en": "The room is closed"},
    "ws.ended": {
        "ru": "Воркшоп завершён: код больше не работает.", "en": "This workshop has ended: its code no longer works."},
    "ws.owner_only": {
        "ru": "Воркшопами управляет только владелец, вошедший на этом сервере.",
        "en": "Only the signed-in owner of this server runs workshops.",
    },
    "ws.reveal": {"ru": "👁 Показать голоса", "en": "👁 Reveal the votes"},
    "ws.reveal_help": {
        "ru": "До этого на экране только число проголосовавших: ранние голоса никого не сбивают.",
        "en": "Until then the board shows only how many have voted, so nobody anchors on early votes.",
    },
    "ws.new_round": {"ru": "🔁 Раунд {round}", "en": "🔁 Round {round}"},
    "ws.new_round_help": {
        "ru": "После обсуждения: новое голосование вслепую. Доска сравнит раунды; в карту переносится последний.",
        "en": "After the discussion: a new blind vote. The board compares the rounds; accepting takes the last one.",
    },
    "ws.round": {"ru": "раунд {round}", "en": "round {round}"},
    "ws.blind": {
        "ru": "🙈 Голоса скрыты: видно только, сколько человек проголосовало. Покажите их, когда все закончат.",
        "en": "🙈 Votes are hidden: only how many have voted shows. Reveal them when everyone is done.",
    },
    "ws.rounds.title": {"ru": "Раунд {before} и раунд {after}", "en": "Round {before} against round {after}"},
    "ws.rounds.importance": {"ru": "Важность, раунд {round}", "en": "Importance, round {round}"},
    "ws.rounds.emotion": {"ru": "Эмоция, раунд {round}", "en": "Emotion, round {round}"},
    "ws.rounds.moved": {"ru": "Кто изменил оценку", "en": "Who moved"},
    "ws.notes.newest": {"ru": "Заметки, сначала новые", "en": "Notes, newest first"},
    "ws.notes.newer": {"ru": "← Новее", "en": "← Newer"},
    "ws.notes.older": {"ru": "Старше →", "en": "Older →"},
    "ws.notes.page": {
        "ru": {"one": "страница {page} из {pages} · {count} заметка", "few": "страница {page} из {pages} · "
               "{count} заметки", "many": "страница {page} из {pages} · {count} заметок"},
        "en": {"one": "page {page} of {pages} · {count} note", "many": "page {page} of {pages} · {count} notes"},
    },
    "ws.accept.round": {"ru": "Переносятся голоса раунда {round}.", "en": "The votes of round {round} are taken."},
    "ws.participants": {"ru": "Участников", "en": "Participants"},
    "ws.voted": {"ru": "Проголосовали", "en": "Have voted"},
    "ws.notes": {"ru": "Заметок", "en": "Notes"},
    "ws.discuss": {
        "ru": "Мнения расходятся — стоит обсудить: {stages}",
        "en": "The room disagrees — worth discussing: {stages}",
    },
    "ws.accept.title": {"ru": "Перенести в карту", "en": "Accept into the map"},
    "ws.accept.help": {
        "ru": "Голоса станут важностью и эмоцией этапов (разброс учитывается в приоритете), заметки — пунктами "
              "дорожек «Боли», «Гипотезы» и «Открытые вопросы». Одна версия карты: её можно отменить.",
        "en": "Votes become each stage's importance and emotion (the spread is kept for the scoring); notes become "
              "items of the Pain points, Hypotheses and Open questions lanes. One version of the map: "
              "undo takes it back.",
    },
    "ws.accept": {"ru": "✅ Перенести в карту", "en": "✅ Accept into the map"},
    "ws.accept.done": {
        "ru": "Перенесено: голосов — {votes} (этапов: {stages}), заметок — {notes}.",
        "en": "Accepted: {votes} votes on {stages} stages, {notes} notes.",
    },
    "ws.accept.skipped": {
        "ru": "Пропущено (этап удалён из карты): голосов — {votes}, заметок — {notes}.",
        "en": "Skipped because their stage was deleted from the map: {votes} votes, {notes} notes.",
    },
    "ws.accept.top_changed": {
        "ru": "Главное узкое место теперь «{after}» (было «{before}»).",
        "en": "The top bottleneck is now “{after}” (it was “{before}”).",
    },
    "ws.accept.ranking": {"ru": "Приоритеты этапов:", "en": "Stage priorities now:"},
    "ws.accept.undo": {"ru": "↶ Отменить перенос", "en": "↶ Undo the accept"},
    "ws.accept.undone": {"ru": "Перенос отменён", "en": "The accept was undone"},
    "ws.accept.analysis": {"ru": "Открыть анализ", "en": "Open the analysis"},
    "ws.join.title": {"ru": "Присоединиться к воркшопу", "en": "Join the workshop"},
    "ws.join.code": {"ru": "Код комнаты", "en": "Room code"},
    "ws.join.code_help": {"ru": "Код на экране ведущего", "en": "The code on the facilitator's screen"},
    "ws.join.name": {"ru": "Ваше имя", "en": "Your name"},
    "ws.join.name_placeholder": {"ru": "Как вас называть", "en": "What the room calls you"},
    "ws.join.go": {"ru": "Войти", "en": "Join"},
    "ws.join.privacy": {
        "ru": "Без регистрации: нужно только имя. Его увидят ведущий и карта.",
        "en": "No account needed: just a name, which the facilitator and the map will show.",
    },
    "ws.join.you_are": {"ru": "Вы — {name} · комната {code}", "en": "You are {name} · room {code}"},
    "ws.join.closed": {
        "ru": "Воркшоп завершён. Спасибо за участие!", "en": "The workshop has ended. Thank you for taking part!"},
    "ws.join.collect_help": {
        "ru": "Выберите этап, вид заметки и напишите её. Можно добавить несколько заметок.",
        "en": "Pick a stage and a kind of note, then write it. You can add several notes.",
    },
    "ws.join.no_stages": {"ru": "В карте пока нет этапов.", "en": "The map has no stages yet."},
    "ws.join.vote_help": {
        "ru": "Для каждого этапа: насколько он важен клиенту (1–5) и что клиент чувствует (😡…🤩). "
              "Голос можно изменить.",
        "en": "For each stage: how much it matters to the customer (1–5) and how the customer feels (😡…🤩). "
              "You can change a vote.",
    },
    "ws.join.progress": {"ru": "Оценено этапов: {rated} из {total}", "en": "Stages rated: {rated} of {total}"},
    "ws.join.review": {
        "ru": "Голосование закрыто, ведущий обсуждает итоги. Ваши голоса:",
        "en": "Voting is closed; the facilitator is reviewing the results. Your votes:",
    },
    "ws.join.your_vote": {
        "ru": "«{stage}»: важность {importance}, эмоция {emotion}",
        "en": "“{stage}”: importance {importance}, emotion {emotion}",
    },
    "ws.note.stage": {"ru": "Этап", "en": "Stage"},
    "ws.note.kind": {"ru": "Что это", "en": "Kind"},
    "ws.note.text": {"ru": "Заметка", "en": "Note"},
    "ws.note.placeholder": {"ru": "Например: долго ждать ответа", "en": "For example: the answer takes too long"},
    "ws.note.add": {"ru": "Добавить заметку", "en": "Add the note"},
    "ws.note.received": {"ru": "✓ Заметка получена", "en": "✓ Note received"},
    "ws.note.delete": {"ru": "Удалить заметку", "en": "Remove the note"},
    "ws.note.mine": {
        "ru": {"one": "Ваша {count} заметка", "few": "Ваши {count} заметки", "many": "Ваши {count} заметок"},
        "en": {"one": "Your {count} note", "many": "Your {count} notes"},
    },
    "ws.vote.importance": {"ru": "Важность ★", "en": "Importance ★"},
    "ws.vote.emotion": {"ru": "Эмоция", "en": "Emotion"},
    "ws.vote.received": {
        "ru": "✓ Голос получен: важность {importance}, эмоция {emotion}",
        "en": "✓ Vote received: importance {importance}, emotion {emotion}",
    },
    "ws.vote.saved": {"ru": "✓ Ваш голос сохранён", "en": "✓ Your vote is saved"},
    # --- the phone page (web/) and the sign-in page (issue 11) ---
    "phone.title": {"ru": "Воркшоп", "en": "Workshop"},
    "phone.offline": {
        "ru": "Нет связи с сервером — пробуем снова…", "en": "Cannot reach the server — trying again…"},
    "phone.next": {"ru": "Дальше", "en": "Next"},
    "phone.room": {"ru": "Комната {code}", "en": "Room {code}"},
    "phone.round": {"ru": "раунд {round}", "en": "round {round}"},
    "phone.importance_of": {"ru": "Важность этапа «{stage}»", "en": "Importance of “{stage}”"},
    "phone.emotion_of": {"ru": "Эмоция на этапе «{stage}»", "en": "Emotion at “{stage}”"},
    "phone.before": {
        "ru": "В раунде {round} вы дали: важность {importance}, эмоция {emotion}",
        "en": "In round {round} you gave: importance {importance}, emotion {emotion}",
    },
    "signin.title": {"ru": "Вход", "en": "Sign in"},
    "signin.intro": {
        "ru": "Этот сервер CJM Studio открыт только владельцу. Участники воркшопа заходят по коду комнаты.",
        "en": "This CJM Studio server is open to its owner only. Workshop participants join with a room code.",
    },
    "signin.token": {"ru": "Токен владельца", "en": "Owner token"},
    "signin.password": {"ru": "Токен владельца или пароль", "en": "Owner token or password"},
    "signin.go": {"ru": "Войти", "en": "Sign in"},
    "signin.help": {
        "ru": "Ссылку для входа с токеном сервер печатает в консоли при запуске; токен хранится в папке данных "
              "(файл owner-token) или задан в CJM_OWNER_TOKEN.",
        "en": "The server prints a sign-in link with the token in its console when it starts; the token is kept "
              "in the data folder (the owner-token file) or set in CJM_OWNER_TOKEN.",
    },
    "signin.participant": {"ru": "Я участник воркшопа →", "en": "I am a workshop participant →"},
    "signin.wrong": {"ru": "Не подходит: проверьте токен или пароль.", "en": "That is not it: check the token or "
                     "password."},
    "signin.needed": {"ru": "Сначала войдите", "en": "Sign in first"},
    "signout.button": {"ru": "Выйти", "en": "Sign out"},
    "signout.title": {"ru": "Выход", "en": "Sign out"},
    "signout.intro": {"ru": "Этот браузер забудет вход владельца. Чтобы войти снова, понадобится токен или пароль.",
                      "en": "This browser forgets the owner's sign-in. To come back you will need the token or the "
                            "password."},
    "signout.go": {"ru": "Выйти на этом устройстве", "en": "Sign out on this device"},
    "signout.back": {"ru": "← Остаться", "en": "← Stay signed in"},
    # --- refusals a participant can meet, in their language (cjm.errors.CJMError.key) ---
    "err.name.empty": {
        "ru": "Введите имя (любое, по которому вас узнают)",
        "en": "Enter a display name (any name the room will recognise)",
    },
    "err.name.long": {
        "ru": "В имени {count} символов, можно не больше {limit}",
        "en": "The display name has {count} characters; the limit is {limit}",
    },
    "err.name.unstorable": {
        "ru": "В имени есть символ, который нельзя сохранить ({problem}): уберите его",
        "en": "The display name holds a character that cannot be stored ({problem}): remove it",
    },
    "err.importance": {
        "ru": "Важность — целое число от 1 до 5, получено {value}",
        "en": "Importance is a whole number from 1 to 5, got {value}",
    },
    "err.emotion": {
        "ru": "Эмоция — целое число от −2 до +2, получено {value}",
        "en": "Emotion is a whole number from −2 to +2, got {value}",
    },
    "err.vote.empty": {
        "ru": "В голосе нужна важность, эмоция или обе", "en": "A vote needs an importance, an emotion or both"},
    "err.vote.phase": {
        "ru": "Голосование ещё не открыто: дождитесь ведущего",
        "en": "Voting is not open: wait for the facilitator to start the vote",
    },
    "err.note.kind": {
        "ru": "Неизвестный вид заметки {value}: нужен один из {kinds}",
        "en": "Unknown kind of note {value}: expected one of {kinds}",
    },
    "err.note.empty": {"ru": "Заметка пустая", "en": "The note is empty"},
    "err.note.long": {
        "ru": "В заметке {count} символов, можно не больше {limit}",
        "en": "The note has {count} characters; the limit is {limit}",
    },
    "err.note.unstorable": {
        "ru": "В заметке есть символ, который нельзя сохранить ({problem}): уберите его",
        "en": "The note holds a character that cannot be stored ({problem}): remove it",
    },
    "err.note.phase": {
        "ru": "Заметки собирают на этапе сбора: ведущий уже перешёл дальше",
        "en": "Notes are collected in the collect phase: the facilitator has moved on",
    },
    "err.note.per_phase": {
        "ru": "В этой фазе вы добавили {limit} заметок — это наибольшее число для одного человека",
        "en": "You have added {limit} notes in this phase, the most one person can",
    },
    "err.note.total": {
        "ru": "Вы добавили {limit} заметок — это наибольшее число для одного человека",
        "en": "You have added {limit} notes, the most one person can",
    },
    "err.note.not_yours": {
        "ru": "Это не ваша заметка, или она уже удалена", "en": "That note is not one of yours, or it was already "
        "removed"},
    "err.code.empty": {"ru": "Введите код с экрана ведущего", "en": "Enter the code shown on the facilitator's screen"},
    "err.code.unknown": {
        "ru": "Воркшопа с кодом «{code}» нет: проверьте код на экране",
        "en": "No workshop has the code “{code}”: check the code on the screen",
    },
    "err.code.ended": {
        "ru": "Воркшоп «{code}» завершён: код больше не работает",
        "en": "The workshop “{code}” has ended: its code no longer works",
    },
    "err.room.full": {
        "ru": "В комнате уже {limit} участников — больше нельзя",
        "en": "This workshop is full ({limit} participants)",
    },
    "err.room.ended": {
        "ru": "Воркшоп завершён: добавить ничего нельзя", "en": "This workshop has ended: nothing more can be added"},
    "err.room.gone": {"ru": "Этого воркшопа больше нет", "en": "This workshop no longer exists"},
    "err.token": {
        "ru": "Ссылка участника недействительна: войдите снова по коду комнаты",
        "en": "This participant link is not valid: join again with the room's code",
    },
    "err.stage.gone": {
        "ru": "Этого этапа больше нет в карте: обновите страницу",
        "en": "That stage is no longer on the map: reload to see the current stages",
    },
    "err.owner": {
        "ru": "Воркшопом управляет только владелец сервера, вошедший на нём",
        "en": "Only the signed-in owner can run a workshop: sign in on this server first",
    },
    "err.throttle.codes": {
        "ru": "Слишком много неверных кодов: попробуйте через {seconds}\u00a0с",
        "en": "Too many wrong codes: try again in {seconds}\u00a0s",
    },
    "err.throttle.signin": {
        "ru": "Слишком много неудачных попыток входа: попробуйте через {seconds}\u00a0с",
        "en": "Too many failed sign-ins: try again in {seconds}\u00a0s",
    },
    "err.busy": {"ru": "Сервер занят: попробуйте ещё раз", "en": "The server is busy: try again"},
    "err.server": {"ru": "На сервере что-то сломалось: попробуйте ещё раз", "en": "Something went wrong on the "
                   "server: try again"},
    "err.api.too_large": {
        "ru": "Запрос слишком большой (не больше {limit} байт)", "en": "The request is too large (at most {limit} "
        "bytes)"},
    "err.api.json": {"ru": "Тело запроса — не JSON", "en": "The body is not JSON"},
    "err.api.object": {"ru": "Тело запроса должно быть объектом JSON", "en": "The body must be a JSON object"},
    "err.api.field": {"ru": "Лишнее поле «{field}»", "en": "Unexpected field “{field}”"},
    "err.api.type": {"ru": "У поля «{field}» неверный тип", "en": "The field “{field}” has the wrong type"},
    "err.api.method": {"ru": "Этот метод здесь не работает; можно: {allowed}", "en": "Method not allowed here; "
                       "allowed: {allowed}"},
    "err.api.unknown": {"ru": "Такого адреса в API нет", "en": "No such address in the API"},
    # --- spreadsheets (cjm/xlsx): sheet words, import notes ---
    # the workbook's sheets: titles, headers, legend, formulas (the map's language)
    "xlsx.sheet.map": {"ru": "Карта", "en": "Map"},
    "xlsx.sheet.scores": {"ru": "Оценки", "en": "Scores"},
    "xlsx.sheet.data": {"ru": "Данные", "en": "Data"},
    "xlsx.sheet.about": {"ru": "О карте", "en": "About"},
    "xlsx.map.corner": {"ru": "Строка \\ Этап", "en": "Lane \\ Stage"},
    "xlsx.legend": {"ru": "Легенда", "en": "Legend"},
    "xlsx.words": {"ru": "(слова)", "en": "(words)"},
    "xlsx.stage_id": {"ru": "ID этапа", "en": "Stage id"},
    "xlsx.stage": {"ru": "Этап", "en": "Stage"},
    "xlsx.hidden": {"ru": "(скрыта)", "en": "(hidden)"},
    "xlsx.rank": {"ru": "Место", "en": "Rank"},
    "xlsx.importance": {"ru": "Важность", "en": "Importance"},
    "xlsx.emotion": {"ru": "Эмоция", "en": "Emotion"},
    "xlsx.score": {"ru": "Балл", "en": "Score"},
    "xlsx.level": {"ru": "Уровень", "en": "Level"},
    "xlsx.why": {"ru": "Почему", "en": "Why"},
    "xlsx.number": {"ru": "№", "en": "#"},
    "xlsx.priority": {"ru": "Приоритет", "en": "Priority"},
    "xlsx.chart.emotion": {"ru": "Кривая эмоций", "en": "Emotion curve"},
    "xlsx.chart.priority": {"ru": "Приоритет по этапам", "en": "Priority by stage"},
    "xlsx.title": {"ru": "Название", "en": "Title"},
    "xlsx.description": {"ru": "Описание", "en": "Description"},
    "xlsx.persona": {"ru": "Персона", "en": "Persona"},
    "xlsx.kind": {"ru": "Тип", "en": "Kind"},
    "xlsx.cyclic": {"ru": "Цикл", "en": "Cyclic"},
    "xlsx.language": {"ru": "Язык", "en": "Language"},
    "xlsx.created": {"ru": "Создана", "en": "Created"},
    "xlsx.updated": {"ru": "Изменена", "en": "Updated"},
    "xlsx.stages": {"ru": "Этапов", "en": "Stages"},
    "xlsx.lanes": {"ru": "Строк", "en": "Lanes"},
    "xlsx.method": {"ru": "Метод оценки", "en": "Scoring method"},
    "xlsx.formula": {"ru": "Формула", "en": "Formula"},
    "xlsx.funnel": {"ru": "Правило воронки", "en": "Funnel rule"},
    "xlsx.weights": {"ru": "Веса (важность / эмоция / воронка)", "en": "Weights (importance / emotion / funnel)"},
    "xlsx.critical_at": {"ru": "Критично от", "en": "Critical from"},
    "xlsx.warning_at": {"ru": "Внимание от", "en": "Warning from"},
    "xlsx.options": {"ru": "Варианты строк-выборов", "en": "Options of choice lanes"},
    "xlsx.yes": {"ru": "да", "en": "yes"},
    "xlsx.no": {"ru": "нет", "en": "no"},
    "xlsx.meaning.critical": {
        "ru": "балл ≥ {critical}: узкое место, исправлять в первую очередь",
        "en": "score ≥ {critical}: a bottleneck, fix first",
    },
    "xlsx.meaning.warning": {
        "ru": "балл {warning}…{critical}: требует внимания",
        "en": "score {warning}…{critical}: needs attention",
    },
    "xlsx.meaning.ok": {"ru": "балл ниже {warning}: в порядке", "en": "score below {warning}: fine"},
    "xlsx.meaning.unrated": {
        "ru": "нет важности или эмоции: не оценён",
        "en": "no importance or no emotion: not scored",
    },
    "xlsx.formula.priority": {
        "ru": "балл = 100 × (I/5)^wi × ((2 − E)/4)^we; I — важность 1…5, E — эмоция −2…+2",
        "en": "score = 100 × (I/5)^wi × ((2 − E)/4)^we; I = importance 1…5, E = emotion −2…+2",
    },
    "xlsx.formula.opportunity": {
        "ru": "S = E + 3; O = I + max(I − S, 0) (1…9); балл = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
        "en": "S = E + 3; O = I + max(I − S, 0) (1…9); "
              "score = 100 × (wi·(I − 1) + we·max(I − S, 0)) / (4·(wi + we))",
    },
    "xlsx.formula.funnel": {
        "ru": "при числе клиентов: балл = база + f × отток × (100 − база)",
        "en": "with customer counts: score = base + f × drop-off × (100 − base)",
    },
    "xlsx.note.data": {
        "ru": "Правьте лист «Карта» или «Данные» (ячейки, этапы, дорожки, комментарии), затем импортируйте книгу: "
              "приложение покажет каждое изменение. Скрытые столбец A и строка 4 карты и строка 2 данных — ключи.",
        "en": "Edit the Map or the Data sheet (cells, stages, lanes, comments), then import the workbook: the app "
              "shows every change. The Map's hidden column A and row 4 and the Data's row 2 are its keys.",
    },
    "xlsx.sheet.workshop": {"ru": "Воркшоп", "en": "Workshop"},
    "xlsx.ws.workshops": {"ru": "Воркшопы", "en": "Workshops"},
    "xlsx.ws.code": {"ru": "Код комнаты", "en": "Room code"},
    "xlsx.ws.opened": {"ru": "Открыт", "en": "Opened"},
    "xlsx.ws.accepted": {"ru": "Перенесён в карту", "en": "Accepted"},
    "xlsx.ws.participants": {"ru": "Участников", "en": "Participants"},
    "xlsx.ws.votes": {"ru": "Голосов", "en": "Votes"},
    "xlsx.ws.importance_mean": {"ru": "Важность, среднее", "en": "Importance, mean"},
    "xlsx.ws.importance_spread": {"ru": "Важность, разброс (σ)", "en": "Importance, spread (σ)"},
    "xlsx.ws.emotion_mean": {"ru": "Эмоция, среднее", "en": "Emotion, mean"},
    "xlsx.ws.emotion_spread": {"ru": "Эмоция, разброс (σ)", "en": "Emotion, spread (σ)"},
    "xlsx.ws.discuss": {"ru": "Обсудить", "en": "Discuss"},
    "xlsx.ws.by_stage": {"ru": "Голоса по этапам", "en": "Votes by stage"},
    "xlsx.ws.all_votes": {"ru": "Все голоса", "en": "Every vote"},
    "xlsx.ws.participant": {"ru": "Участник", "en": "Participant"},
    "xlsx.ws.notes": {"ru": "Заметки", "en": "Notes"},
    "xlsx.ws.lane": {"ru": "Строка", "en": "Lane"},
    "xlsx.ws.note": {"ru": "Заметка", "en": "Note"},
    # the import: words that go into the new map (the map's language)
    "xlsx.import.stage_n": {"ru": "Этап {number}", "en": "Stage {number}"},
    "xlsx.import.row_n": {"ru": "Строка {number}", "en": "Row {number}"},
    "xlsx.import.column_n": {"ru": "Столбец {number}", "en": "Column {number}"},
    "xlsx.import.not_read_lane": {"ru": "{label} (не распознано)", "en": "{label} (not read)"},
    "xlsx.import.untitled": {"ru": "Импортированная карта", "en": "Imported map"},
    # the import: how the file was understood (the UI's language; the Library's preview, the CLI)
    "xlsx.import.csv": {"ru": "кодировка {encoding}, разделитель {separator}",
                        "en": "encoding {encoding}, separator {separator}"},
    "xlsx.import.utf8_bom": {"ru": "UTF-8 с BOM", "en": "UTF-8 with BOM"},
    "xlsx.import.tab": {"ru": "табуляция", "en": "tab"},
    "xlsx.import.skipped": {
        "ru": {"one": "пропущена {count} строка над таблицей", "few": "пропущены {count} строки над таблицей",
               "many": "пропущено {count} строк над таблицей"},
        "en": {"one": "skipped {count} row above the table", "many": "skipped {count} rows above the table"},
    },
    "xlsx.import.skipped_title": {
        "ru": {"one": "пропущена {count} строка заголовка над таблицей",
               "few": "пропущены {count} строки заголовка над таблицей",
               "many": "пропущено {count} строк заголовка над таблицей"},
        "en": {"one": "skipped {count} title row above the table",
               "many": "skipped {count} title rows above the table"},
    },
    "xlsx.import.no_data": {
        "ru": "нет листа с данными: карта прочитана из скрытого листа _cjm, как была выгружена",
        "en": "no Data sheet: the map is read from the hidden _cjm sheet as exported",
    },
    "xlsx.import.name_cleared": {
        "ru": "строка {row}: название этапа стёрто; оставлено прежнее «{name}»",
        "en": "row {row}: the stage name was cleared; kept “{name}”",
    },
    "xlsx.import.edited": {
        "ru": {"one": "{count} изменённая ячейка прочитана как правка",
               "few": "{count} изменённые ячейки прочитаны как правки",
               "many": "{count} изменённых ячеек прочитаны как правки"},
        "en": {"one": "{count} changed cell read as an edit", "many": "{count} changed cells read as edits"},
    },
    "xlsx.import.added": {
        "ru": {"one": "{count} новый этап", "few": "{count} новых этапа", "many": "{count} новых этапов"},
        "en": {"one": "{count} new stage", "many": "{count} new stages"},
    },
    "xlsx.import.removed": {
        "ru": {"one": "{count} этап удалён (его строки нет на листе «{sheet}»)",
               "few": "{count} этапа удалены (их строк нет на листе «{sheet}»)",
               "many": "{count} этапов удалены (их строк нет на листе «{sheet}»)"},
        "en": {"one": "{count} stage removed (no row in the sheet “{sheet}”)",
               "many": "{count} stages removed (no row in the sheet “{sheet}”)"},
    },
    "xlsx.import.new_columns": {
        "ru": {"one": "{count} новый столбец прочитан как новая дорожка",
               "few": "{count} новых столбца прочитаны как новые дорожки",
               "many": "{count} новых столбцов прочитаны как новые дорожки"},
        "en": {"one": "{count} new column read as a custom lane", "many": "{count} new columns read as custom lanes"},
    },
    "xlsx.import.not_read": {
        "ru": {"one": "{label}: {count} ячейка не подходит к типу дорожки, сохранена как текст в «{lane}»",
               "few": "{label}: {count} ячейки не подходят к типу дорожки, сохранены как текст в «{lane}»",
               "many": "{label}: {count} ячеек не подходят к типу дорожки, сохранены как текст в «{lane}»"},
        "en": {"one": "{label}: {count} cell not read as its type, kept as text in “{lane}”",
               "many": "{label}: {count} cells not read as its type, kept as text in “{lane}”"},
    },
    "xlsx.import.scored_words": {
        "ru": {"one": "оценка эмоции и слова в одной ячейке — в {count} ячейке",
               "many": "оценка эмоции и слова в одной ячейке — в {count} ячейках"},
        "en": {"one": "emotion score and words in the same cell in {count} cell",
               "many": "emotion score and words in the same cell in {count} cells"},
    },
    "xlsx.import.suggested": {
        "ru": {"one": "эмоция по словам (предложена) в {count} ячейке",
               "many": "эмоция по словам (предложена) в {count} ячейках"},
        "en": {"one": "emotion from words (suggested) in {count} cell",
               "many": "emotion from words (suggested) in {count} cells"},
    },
    "xlsx.import.unknown_words": {
        "ru": {"one": "слова об эмоции, которые словарь не может оценить, в {count} ячейке: без оценки",
               "many": "слова об эмоции, которые словарь не может оценить, в {count} ячейках: без оценки"},
        "en": {"one": "emotion words the lexicon cannot score in {count} cell: left unrated",
               "many": "emotion words the lexicon cannot score in {count} cells: left unrated"},
    },
    # --- end of spreadsheets ---
    # --- issue 12: Excel sharing (the Map sheet read back, update with a three-way merge, diff, Scores formulas) ---
    "xlsx.version": {"ru": "версия {version}", "en": "version {version}"},
    "xlsx.scores.note": {
        "ru": "Баллы и уровни пересчитываются по листу «{sheet}»: поменяйте там важность или эмоцию.",
        "en": "Scores and levels recalculate from the sheet “{sheet}”: change an importance or an emotion there.",
    },
    "xlsx.scores.stale": {
        "ru": "изменено в таблице: импортируйте книгу, чтобы увидеть объяснение",
        "en": "changed in the spreadsheet: import the workbook to see why",
    },
    "xlsx.scores.by_stage": {"ru": "По этапам (расчёт)", "en": "By stage (the calculation)"},
    # changes between two maps (cjm/diff.py: cjm diff, the import's preview), in the UI's language
    "diff.cell": {"ru": "Этап «{stage}», дорожка «{lane}»: {before} → {after}",
                  "en": 'Stage "{stage}", lane "{lane}": {before} → {after}'},
    "diff.detail": {"ru": "Карта, {field}: {before} → {after}", "en": "Map, {field}: {before} → {after}"},
    "diff.stage_added": {"ru": "Этап «{stage}» добавлен (место {position})",
                         "en": 'Stage "{stage}" added (position {position})'},
    "diff.stage_removed": {"ru": "Этап «{stage}» удалён (был на месте {position})",
                           "en": 'Stage "{stage}" removed (was at position {position})'},
    "diff.stage_renamed": {"ru": "Этап «{before}» переименован в «{after}»",
                           "en": 'Stage "{before}" renamed "{after}"'},
    "diff.stage_moved": {"ru": "Этап «{stage}» перемещён: место {before} → {after}",
                         "en": 'Stage "{stage}" moved: position {before} → {after}'},
    "diff.lane_added": {"ru": "Дорожка «{lane}» добавлена (место {position})",
                        "en": 'Lane "{lane}" added (position {position})'},
    "diff.lane_removed": {"ru": "Дорожка «{lane}» удалена (была на месте {position})",
                          "en": 'Lane "{lane}" removed (was at position {position})'},
    "diff.lane_renamed": {"ru": "Дорожка «{before}» переименована в «{after}»",
                          "en": 'Lane "{before}" renamed "{after}"'},
    "diff.lane_moved": {"ru": "Дорожка «{lane}» перемещена: место {before} → {after}",
                        "en": 'Lane "{lane}" moved: position {before} → {after}'},
    "diff.lane_type": {"ru": "Дорожка «{lane}»: тип {before} → {after}",
                       "en": 'Lane "{lane}": type {before} → {after}'},
    "diff.none": {"ru": "Различий нет", "en": "No differences"},
    "diff.stage_order": {"ru": "Порядок этапов изменён", "en": "The order of the stages changed"},
    "diff.lane_order": {"ru": "Порядок дорожек изменён", "en": "The order of the lanes changed"},
    "diff.field.title": {"ru": "название", "en": "title"},
    "diff.field.persona": {"ru": "персона", "en": "persona"},
    "diff.field.description": {"ru": "описание", "en": "description"},
    "diff.field.kind": {"ru": "тип", "en": "kind"},
    "diff.field.cyclic": {"ru": "цикл", "en": "cyclic"},
    "diff.field.language": {"ru": "язык", "en": "language"},
    "diff.field.method": {"ru": "метод оценки", "en": "scoring method"},
    "diff.field.critical_at": {"ru": "«критично» от", "en": "critical from"},
    "diff.field.warning_at": {"ru": "«внимание» от", "en": "warning from"},
    "diff.field.importance_weight": {"ru": "вес важности", "en": "importance weight"},
    "diff.field.emotion_weight": {"ru": "вес эмоции", "en": "emotion weight"},
    "diff.field.funnel_weight": {"ru": "вес воронки", "en": "funnel weight"},
    # the import of our own workbook: the Map sheet, comments, cells not read (the UI's language)
    "xlsx.import.no_map": {
        "ru": "лист «{sheet}» потерял скрытые ключи (столбец A, строка 4): его правки не прочитаны",
        "en": "the sheet “{sheet}” lost its hidden keys (column A, row 4): its edits were not read",
    },
    "xlsx.import.map_edited": {
        "ru": {"one": "{count} изменённая ячейка на листе «{sheet}» прочитана как правка",
               "few": "{count} изменённые ячейки на листе «{sheet}» прочитаны как правки",
               "many": "{count} изменённых ячеек на листе «{sheet}» прочитаны как правки"},
        "en": {"one": "{count} changed cell on the sheet “{sheet}” read as an edit",
               "many": "{count} changed cells on the sheet “{sheet}” read as edits"},
    },
    "xlsx.import.map_new_stages": {
        "ru": {"one": "{count} столбец вставлен на листе «{sheet}»: новый этап",
               "few": "{count} столбца вставлены на листе «{sheet}»: новые этапы",
               "many": "{count} столбцов вставлены на листе «{sheet}»: новые этапы"},
        "en": {"one": "{count} column inserted on the sheet “{sheet}”: a new stage",
               "many": "{count} columns inserted on the sheet “{sheet}”: new stages"},
    },
    "xlsx.import.map_new_lanes": {
        "ru": {"one": "{count} строка вставлена на листе «{sheet}»: новая дорожка",
               "few": "{count} строки вставлены на листе «{sheet}»: новые дорожки",
               "many": "{count} строк вставлены на листе «{sheet}»: новые дорожки"},
        "en": {"one": "{count} row inserted on the sheet “{sheet}”: a new lane",
               "many": "{count} rows inserted on the sheet “{sheet}”: new lanes"},
    },
    "xlsx.import.map_removed_stages": {
        "ru": {"one": "{count} столбец этапа удалён на листе «{sheet}»",
               "few": "{count} столбца этапов удалены на листе «{sheet}»",
               "many": "{count} столбцов этапов удалены на листе «{sheet}»"},
        "en": {"one": "{count} stage column deleted on the sheet “{sheet}”",
               "many": "{count} stage columns deleted on the sheet “{sheet}”"},
    },
    "xlsx.import.map_removed_lanes": {
        "ru": {"one": "{count} строка дорожки удалена на листе «{sheet}»",
               "few": "{count} строки дорожек удалены на листе «{sheet}»",
               "many": "{count} строк дорожек удалены на листе «{sheet}»"},
        "en": {"one": "{count} lane row deleted on the sheet “{sheet}”",
               "many": "{count} lane rows deleted on the sheet “{sheet}”"},
    },
    "xlsx.import.title_cleared": {"ru": "название карты стёрто; оставлено прежнее «{title}»",
                                  "en": "the map's title was cleared; kept “{title}”"},
    "xlsx.import.name_cleared_map": {"ru": "{cell}: название этапа стёрто; оставлено прежнее «{name}»",
                                     "en": "{cell}: the stage name was cleared; kept “{name}”"},
    "xlsx.import.label_cleared": {"ru": "{cell}: название дорожки стёрто; оставлено прежнее «{label}»",
                                  "en": "{cell}: the lane label was cleared; kept “{label}”"},
    "xlsx.import.sheets_disagree": {
        "ru": {"one": "{count} ячейка изменена на листах карты и данных по-разному: выберите ниже",
               "few": "{count} ячейки изменены на листах карты и данных по-разному: выберите ниже",
               "many": "{count} ячеек изменены на листах карты и данных по-разному: выберите ниже"},
        "en": {"one": "{count} cell changed differently on the Map and Data sheets: choose below",
               "many": "{count} cells changed differently on the Map and Data sheets: choose below"},
    },
    "xlsx.import.kept_edited": {"ru": "«{name}»: удалено на одном листе, но изменено на другом — оставлено",
                                "en": "“{name}”: removed on one sheet but edited on the other: kept"},
    "xlsx.import.comments_lane": {"ru": "Комментарии", "en": "Comments"},
    "xlsx.import.comments": {
        "ru": {"one": "{count} комментарий к ячейке перенесён в дорожку «{lane}»",
               "few": "{count} комментария к ячейкам перенесены в дорожку «{lane}»",
               "many": "{count} комментариев к ячейкам перенесены в дорожку «{lane}»"},
        "en": {"one": "{count} cell comment read into the lane “{lane}”",
               "many": "{count} cell comments read into the lane “{lane}”"},
    },
    "xlsx.import.comments_left": {
        "ru": {"one": "{count} комментарий не у ячейки этапа: не импортирован, показан ниже",
               "few": "{count} комментария не у ячеек этапов: не импортированы, показаны ниже",
               "many": "{count} комментариев не у ячеек этапов: не импортированы, показаны ниже"},
        "en": {"one": "{count} comment not on a stage's cell: not imported, listed below",
               "many": "{count} comments not on a stage's cell: not imported, listed below"},
    },
    "xlsx.import.comments_unreadable": {"ru": "комментарии к ячейкам не удалось прочитать (повреждённая часть книги)",
                                        "en": "the cell comments could not be read (a damaged part of the workbook)"},
    "xlsx.import.comment_outside": {"ru": "не у ячейки этапа", "en": "not on a stage's cell"},
    "xlsx.import.comment_too_long": {"ru": "не помещается в ячейку дорожки комментариев (предел 20 000 знаков)",
                                     "en": "does not fit the comments lane's cell (the limit is 20,000 characters)"},
    "xlsx.import.comment_empty": {"ru": "пустой комментарий", "en": "an empty comment"},
    "xlsx.import.comment_no_lane": {"ru": "в карте уже предельное число дорожек: некуда добавить комментарии",
                                    "en": "the map has as many lanes as it can hold: no room for a comments lane"},
    "xlsx.import.unread": {
        "ru": {"one": "{count} ячейку не удалось прочитать: она показана ниже",
               "few": "{count} ячейки не удалось прочитать: они показаны ниже",
               "many": "{count} ячеек не удалось прочитать: они показаны ниже"},
        "en": {"one": "{count} cell could not be read: listed below",
               "many": "{count} cells could not be read: listed below"},
    },
    "xlsx.import.unread.level": {"ru": "уровень считается по важности и эмоции: не читается",
                                 "en": "the level is calculated from importance and emotion: not read back"},
    "xlsx.import.unread.type": {"ru": "не подходит к дорожке «{lane}»: сохранено текстом в «{kept}»",
                                "en": "does not fit the lane “{lane}”: kept as text in “{kept}”"},
    "xlsx.import.unread.sheet_label": {"ru": "подпись листа: не читается", "en": "a label of the sheet: not read back"},
    "xlsx.import.unread.outside": {"ru": "вне таблицы карты: не читается", "en": "outside the map's table: not read"},
    "xlsx.import.unread.no_header": {"ru": "столбец без заголовка и ключа: не читается",
                                     "en": "a column with neither a header nor a key: not read"},
    "xlsx.import.unread.computed": {"ru": "этот лист считается по карте: не читается",
                                    "en": "this sheet is calculated from the map: not read back"},
    # the import's preview of a returned workbook (pages/_import.py), in the UI's language
    "import.target": {"ru": "Что сделать", "en": "What to do"},
    "import.update": {"ru": "Обновить «{title}»", "en": "Update “{title}”"},
    "import.create_new": {"ru": "Создать новую карту", "en": "Create a new map"},
    "import.exported_from": {
        "ru": "Книга выгружена из версии {version}; сейчас у карты версия {current}. Изменения, сделанные в "
              "приложении после выгрузки, сохраняются.",
        "en": "The workbook was exported at version {version}; the map is now at version {current}. Changes made "
              "in the app since the export are kept.",
    },
    "import.exported_unknown": {
        "ru": "Версия выгрузки неизвестна: за основу взята копия карты, сохранённая в книге.",
        "en": "The version it was exported at is not known: the copy of the map kept in the workbook is the base.",
    },
    "import.changes": {
        "ru": {"one": "Что изменилось в книге — {count} изменение",
               "few": "Что изменилось в книге — {count} изменения",
               "many": "Что изменилось в книге — {count} изменений"},
        "en": {"one": "What the workbook changes — {count} change",
               "many": "What the workbook changes — {count} changes"},
    },
    "import.conflicts": {
        "ru": {"one": "{count} изменение требует решения: отмечено ⚠ или предлагает два значения",
               "few": "{count} изменения требуют решения: отмечены ⚠ или предлагают два значения",
               "many": "{count} изменений требуют решения: отмечены ⚠ или предлагают два значения"},
        "en": {"one": "{count} change needs your decision: marked ⚠ or offering two values",
               "many": "{count} changes need your decision: marked ⚠ or offering two values"},
    },
    "import.no_changes": {"ru": "Книга ничего не меняет: в карте уже есть все её правки.",
                          "en": "The workbook changes nothing: the map already has all its edits."},
    "import.conflict": {"ru": "в приложении это тоже изменили после выгрузки: было {base}, сейчас {ours}",
                        "en": "also changed in the app since the export: it was {base}, now {ours}"},
    "import.conflict_removed": {"ru": "в приложении это удалили после выгрузки, а в книге изменили",
                                "en": "removed in the app since the export, but edited in the workbook"},
    "import.removal": {"ru": "удаление: отметьте, чтобы удалить", "en": "a removal: tick to remove"},
    "import.option.map": {"ru": "лист «Карта»: {value}", "en": "Map sheet: {value}"},
    "import.option.data": {"ru": "лист «Данные»: {value}", "en": "Data sheet: {value}"},
    "import.option.workbook": {"ru": "из книги: {value}", "en": "from the workbook: {value}"},
    "import.option.keep": {"ru": "оставить как в карте: {value}", "en": "keep the map's: {value}"},
    "import.more": {
        "ru": {"one": "и ещё {count} изменение (берётся по умолчанию или кнопкой «Принять всё»)",
               "many": "и ещё {count} изменений (берутся по умолчанию или кнопкой «Принять всё»)"},
        "en": {"one": "and {count} more change (taken as by default, or with “Accept all”)",
               "many": "and {count} more changes (taken as by default, or with “Accept all”)"},
    },
    "import.kept": {"ru": "Изменения в приложении после выгрузки, которые сохранятся ({count})",
                    "en": "Changes made in the app since the export, which stay ({count})"},
    "import.unread": {"ru": "Ячейки, которые не прочитаны ({count})", "en": "Cells not read ({count})"},
    "import.comments": {"ru": "Комментарии к ячейкам ({count})", "en": "Cell comments ({count})"},
    "import.col.sheet": {"ru": "Лист", "en": "Sheet"},
    "import.col.cell": {"ru": "Ячейка", "en": "Cell"},
    "import.col.text": {"ru": "Текст", "en": "Text"},
    "import.col.why": {"ru": "Почему", "en": "Why"},
    "import.col.author": {"ru": "Автор", "en": "Author"},
    "import.col.where": {"ru": "Куда попал", "en": "Went to"},
    "import.accept_all": {"ru": "Принять всё и обновить", "en": "Accept all and update"},
    "import.apply_chosen": {"ru": "Обновить отмеченным", "en": "Update with the ticked changes"},
    "import.updated": {"ru": "«{title}» обновлена: изменений {count} · версия {version}",
                       "en": "“{title}” updated: {count} changes · version {version}"},
    "note.import_update": {"ru": "Обновлено из книги Excel: изменений {count}",
                           "en": "Updated from an Excel workbook: {count} changes"},
    # --- end of issue 12 ---
}


def _merge_parts() -> None:
    """Add each concern's strings (cjm/strings/); a key defined twice is a mistake caught at import."""
    from .strings import actions, errors, evidence, mapping, phases

    for part in (phases, evidence, actions, mapping, errors):
        twice = sorted(set(part.STRINGS) & set(STRINGS))
        if twice:
            raise RuntimeError(f"{part.__name__} defines i18n keys already defined: {twice}")
        STRINGS.update(part.STRINGS)


_merge_parts()


def ago(moment: datetime, lang: str, now: datetime | None = None) -> str:
    """'just now', '5 minutes ago', '2 hours ago', or the date."""
    current = now or datetime.now(UTC)
    seconds = (current - moment).total_seconds()
    if seconds < 60:
        return t("time.just_now", lang)
    if seconds < 3600:
        return t("time.minutes", lang, count=int(seconds // 60))
    if seconds < 86400:
        return t("time.hours", lang, count=int(seconds // 3600))
    from .numbers import day

    return t("time.date", lang, date=day(moment, lang))


def language_name(code: str) -> str:
    """'ru' -> 'Русский', 'en' -> 'English': a language in its own words."""
    return t(f"language.{code}", code)


def language_from_env() -> str:
    """Russian when the environment's locale is Russian, else English (for the CLI)."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def normalize_language(value: str | None) -> str:
    """'ru-RU' -> 'ru'; anything not Russian or English -> the default."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def plural_form(count: int, lang: str) -> str:
    """'one', 'few' or 'many': Russian has three forms (1 этап, 2 этапа, 5 этапов), English two."""
    count = abs(count)
    if lang == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
            return "few"
        return "many"
    return "one" if count == 1 else "many"


def t(key: str, lang: str, **params: object) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if isinstance(text, dict):
        form = plural_form(int(params["count"]), lang)  # type: ignore[arg-type]
        text = text.get(form) or text["many"]
    if not params:
        return text
    # a parameter that says itself (a Phrase, a size, a count in groups) is said in this language
    return text.format(**{name: value.say(lang) if hasattr(type(value), "say") else value
                          for name, value in params.items()})


def error_text(error: BaseException, lang: str) -> str:
    """A refusal in ``lang``: its i18n ``key`` filled with its ``params`` (cjm.errors.CJMError), else its message.

    Never raises: a key whose parameters do not fit falls back to the English line, which is still right.
    """
    try:
        say = getattr(error, "say", None)
        if callable(say):
            return str(say(lang))
        key = getattr(error, "key", "")
        if key and key in STRINGS:
            return t(key, lang, **getattr(error, "params", {}))
    except Exception:  # noqa: BLE001 - a refusal is always shown, in English at worst
        pass
    message = getattr(error, "message", None)
    return message if isinstance(message, str) else str(error)
