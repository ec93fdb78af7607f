"""UI strings of the import mapping step: lanes of people's spreadsheets, their values, import profiles, paste.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used).
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # what the reader assumed about a lane's values (cjm.scales; "Label: " goes before each)
    "mapping.assumed.scale": {"ru": "шкала {scale} пересчитана в 1–5", "en": "{scale} scale rescaled to 1–5"},
    "mapping.assumed.named_scale": {"ru": "шкала {scale} (из названия) пересчитана в 1–5",
                                    "en": "{scale} scale (named in the label) rescaled to 1–5"},
    "mapping.assumed.rounded": {"ru": "дробные оценки округлены", "en": "fractional scores rounded"},
    "mapping.assumed.words_3": {"ru": "три уровня словами: {levels}", "en": "three levels in words: {levels}"},
    "mapping.assumed.words_5": {"ru": "пять уровней словами: {levels}", "en": "five levels in words: {levels}"},
    "mapping.assumed.marks": {"ru": "восклицательные знаки — шкала {scale}, пересчитана в 1–5",
                              "en": "exclamation marks read as a {scale} scale, rescaled to 1–5"},
    "mapping.assumed.fractions": {"ru": "дроби («7/10», «2 из 3») пересчитаны в 1–5",
                                  "en": "fractions (“7/10”, “2 of 3”) rescaled to 1–5"},
    "mapping.assumed.stars": {"ru": "звёзды из неполной шкалы (★★☆) пересчитаны в 1–5",
                              "en": "stars out of a shorter scale (★★☆) rescaled to 1–5"},
    "mapping.assumed.emotion_scale": {"ru": "шкала удовлетворённости {scale} пересчитана в −2…+2",
                                      "en": "{scale} satisfaction scale rescaled to −2…+2"},
    "mapping.assumed.emotion_named_scale": {"ru": "шкала {scale} (из названия) пересчитана в −2…+2",
                                            "en": "{scale} scale (named in the label) rescaled to −2…+2"},
    "mapping.assumed.emotion_emoji": {"ru": "эмодзи прочитаны как оценка эмоции",
                                      "en": "emoji read as emotion scores"},
    "mapping.assumed.emotion_signs": {"ru": "знаки + и − прочитаны как +1 и −1 (++ и −− как ±2, ± как 0)",
                                      "en": "signs + and − read as +1 and −1 (++ and −− as ±2, ± as 0)"},
    "mapping.assumed.emotion_scale_words": {"ru": "слова шкалы («негативно», «positive») прочитаны как оценки",
                                            "en": "scale words (“negative”, “позитивно”) read as scores"},
    "mapping.unknown_values": {
        "ru": {"one": "{label}: {count} значение не распознано: {values} — задайте оценку в сопоставлении",
               "few": "{label}: {count} значения не распознаны: {values} — задайте оценки в сопоставлении",
               "many": "{label}: {count} значений не распознаны: {values} — задайте оценки в сопоставлении"},
        "en": {"one": "{label}: {count} value not read: {values} — give it a score in the mapping",
               "many": "{label}: {count} values not read: {values} — give them scores in the mapping"},
    },
    "mapping.phases_found": {
        "ru": {"one": "{count} фаза из объединённой строки над этапами: {names}",
               "few": "{count} фазы из объединённой строки над этапами: {names}",
               "many": "{count} фаз из объединённой строки над этапами: {names}"},
        "en": {"one": "{count} phase from the group row above the stages: {names}",
               "many": "{count} phases from the group row above the stages: {names}"},
    },
    "mapping.persona_found": {"ru": "персона: {persona}", "en": "persona: {persona}"},
    "mapping.notes_found": {
        "ru": {"one": "{count} строка заметок у таблицы — в описание карты",
               "few": "{count} строки заметок у таблицы — в описание карты",
               "many": "{count} строк заметок у таблицы — в описание карты"},
        "en": {"one": "{count} line of notes by the table went to the map's description",
               "many": "{count} lines of notes by the table went to the map's description"},
    },
    "mapping.pasted_name": {"ru": "Вставленная таблица", "en": "Pasted table"},
    "import.kind.paste": {"ru": "ячейки из таблицы", "en": "cells pasted from a spreadsheet"},
    # the mapping step (pages/_import.py)
    "mapping.lanes": {"ru": "Строки и столбцы файла → дорожки карты", "en": "Rows and columns of the file → map lanes"},
    "mapping.lanes_help": {
        "ru": "Проверьте, что каждая строка (или столбец) попала в нужную дорожку; «новая дорожка» сохранит её "
              "как есть.",
        "en": "Check that each row (or column) went to the right lane; “new lane” keeps it as it is.",
    },
    "mapping.lane_for": {"ru": "Дорожка для «{label}»", "en": "Lane for “{label}”"},
    "mapping.filled": {
        "ru": {"one": "{count} ячейка", "few": "{count} ячейки", "many": "{count} ячеек"},
        "en": {"one": "{count} cell", "many": "{count} cells"},
    },
    "mapping.values": {"ru": "Значения «{label}» → {lane}", "en": "Values of “{label}” → {lane}"},
    "mapping.unknown_left": {
        "ru": {"one": "{count} значение не распознано (⚠): задайте оценку, иначе оно останется без оценки",
               "few": "{count} значения не распознаны (⚠): задайте оценки, иначе они останутся без оценки",
               "many": "{count} значений не распознаны (⚠): задайте оценки, иначе они останутся без оценки"},
        "en": {"one": "{count} value not read (⚠): give it a score, or it stays unscored",
               "many": "{count} values not read (⚠): give them scores, or they stay unscored"},
    },
    "mapping.not_read": {"ru": "— не распознано", "en": "— not read"},
    "mapping.more_values": {
        "ru": {"one": "ещё {count} значение — задайте его в карте", "few": "ещё {count} значения — задайте их в карте",
               "many": "ещё {count} значений — задайте их в карте"},
        "en": {"one": "{count} more value: set it in the map", "many": "{count} more values: set them in the map"},
    },
    "mapping.ranking": {"ru": "Что исправлять первым (по этим настройкам)",
                        "en": "What to fix first (with these choices)"},
    "mapping.no_ranking": {
        "ru": "Пока нет рейтинга: ни один этап не оценён. Выберите дорожки «Важность» и «Эмоции» или задайте оценки.",
        "en": "No ranking yet: no stage is rated. Choose the Importance and Emotions lanes, or give values scores.",
    },
    "mapping.create": {"ru": "Создать карту", "en": "Create map"},
    "mapping.profile_failed": {"ru": "Карта создана, но выбор не запомнен: {message}",
                               "en": "The map is created, but the choices are not remembered: {message}"},
    "mapping.paste": {"ru": "…или вставьте ячейки из Excel или Google Таблиц",
                      "en": "…or paste cells from Excel or Google Sheets"},
    "mapping.paste_placeholder": {"ru": "Выделите таблицу в Excel, скопируйте (Ctrl+C) и вставьте сюда (Ctrl+V)",
                                  "en": "Select the table in Excel, copy (Ctrl+C) and paste it here (Ctrl+V)"},
    "mapping.paste_help": {
        "ru": "Этапы в столбцах или в строках, с подписями дорожек (Действия, Эмоции, Важность…). "
              "Ctrl+Enter — прочитать.",
        "en": "Stages as columns or as rows, with lane labels (Actions, Emotions, Importance…). Ctrl+Enter reads it.",
    },
    "mapping.lane_taken": {"ru": "{label}: дорожку «{lane}» уже заняла «{first}» — сохранено как новая дорожка",
                           "en": "{label}: the lane “{lane}” is taken by “{first}”, kept as a new lane"},
}
