"""Every UI string in Russian and English.

``t("key", lang, **params)`` returns the string in ``lang`` with ``params`` filled in.
A test checks that every key has both languages and the same placeholders.
"""

from __future__ import annotations

from .model import LANGUAGES

DEFAULT_LANGUAGE = "en"

# A value is a string, or plural forms chosen by the ``count`` parameter (see :func:`plural_form`).
STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    "app.title": {"ru": "CJM Studio", "en": "CJM Studio"},
    "app.tagline": {
        "ru": "Карты пути клиента: этапы, эмоции, важность и узкие места",
        "en": "Customer journey maps: stages, emotions, importance and bottlenecks",
    },
    "sidebar.language": {"ru": "Язык", "en": "Language"},
    "nav.templates": {"ru": "Шаблоны", "en": "Templates"},
    "templates.header": {"ru": "Шаблоны карт", "en": "Map templates"},
    "templates.intro": {
        "ru": "Выберите шаблон, чтобы посмотреть его этапы и приоритеты. Редактор карт появится в следующей версии.",
        "en": "Pick a template to see its stages and priorities. The map editor comes in the next version.",
    },
    "templates.pick": {"ru": "Шаблон", "en": "Template"},
    "templates.stages": {
        "ru": {"one": "{count} этап", "few": "{count} этапа", "many": "{count} этапов"},
        "en": {"one": "{count} stage", "many": "{count} stages"},
    },
    "templates.blank": {"ru": "пустой", "en": "blank"},
    "templates.empty": {
        "ru": "Шаблоны не найдены. Проверьте папку sample_maps/.",
        "en": "No templates found. Check the sample_maps/ folder.",
    },
    "map.persona": {"ru": "Персона", "en": "Persona"},
    "map.kind": {"ru": "Тип", "en": "Kind"},
    "map.kind.b2c": {"ru": "B2C", "en": "B2C"},
    "map.kind.b2b": {"ru": "B2B", "en": "B2B"},
    "map.kind.custom": {"ru": "своя", "en": "custom"},
    "map.cyclic": {"ru": "цикличный путь", "en": "cyclic journey"},
    "map.lane": {"ru": "Дорожка", "en": "Lane"},
    "map.grid": {"ru": "Карта", "en": "Map"},
    "scores.header": {"ru": "Приоритеты этапов", "en": "Stage priorities"},
    "scores.rank": {"ru": "Место", "en": "Rank"},
    "scores.stage": {"ru": "Этап", "en": "Stage"},
    "scores.importance": {"ru": "Важность", "en": "Importance"},
    "scores.emotion": {"ru": "Эмоция", "en": "Emotion"},
    "scores.score": {"ru": "Приоритет", "en": "Priority"},
    "scores.level": {"ru": "Уровень", "en": "Level"},
    "scores.top": {
        "ru": "Главное узкое место: «{stage}» — приоритет {score} ({level})",
        "en": "Top bottleneck: “{stage}” — priority {score} ({level})",
    },
    "scores.none": {"ru": "Узких мест нет или этапы не оценены", "en": "No bottleneck, or stages not rated"},
    "level.critical": {"ru": "🔴 критично", "en": "🔴 critical"},
    "level.warning": {"ru": "🟠 внимание", "en": "🟠 warning"},
    "level.ok": {"ru": "🟢 норма", "en": "🟢 ok"},
    "level.unrated": {"ru": "⚪ не оценён", "en": "⚪ unrated"},
    "error.template": {"ru": "Не удалось открыть шаблон: {message}", "en": "Could not open the template: {message}"},
}


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
    return text.format(**params) if params else text
