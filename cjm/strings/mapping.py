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
}
