"""The standard lane catalogue: the rows of a customer journey map.

Each standard lane has a stable key (used in files and code), a value type and a label
in Russian and English. A map may also carry custom lanes with keys of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LaneType(StrEnum):
    """What a lane's cells hold."""

    TEXT = "text"  # free text, possibly multi-line
    LIST = "list"  # a list of short items, one per line in editors
    EMOTION = "emotion"  # a whole number -2..+2 (or unrated) with optional words
    IMPORTANCE = "importance"  # a whole number 1..5 (or unrated)
    NUMBER = "number"  # any finite number (or empty)
    CHOICE = "choice"  # one of the lane's options (or empty)


@dataclass(frozen=True)
class StandardLane:
    key: str
    type: LaneType
    label_ru: str
    label_en: str
    icon: str
    help_ru: str
    help_en: str

    def label(self, language: str) -> str:
        return self.label_ru if language == "ru" else self.label_en

    def help(self, language: str) -> str:
        return self.help_ru if language == "ru" else self.help_en


_T = LaneType
CATALOGUE: tuple[StandardLane, ...] = (
    StandardLane("actions", _T.LIST, "Действия", "Actions", "👤",
                 "Что клиент делает на этапе", "What the customer does at this stage"),
    StandardLane("touchpoints", _T.LIST, "Точки контакта", "Touchpoints", "🔗",
                 "Где клиент встречается с компанией", "Where the customer meets the company"),
    StandardLane("channels", _T.LIST, "Каналы", "Channels", "📡",
                 "Каналы коммуникации", "Communication channels"),
    StandardLane("goals", _T.TEXT, "Цели (JTBD)", "Goals (JTBD)", "🎯",
                 "Какую работу клиент хочет выполнить", "The job the customer wants done"),
    StandardLane("emotion", _T.EMOTION, "Эмоции", "Emotions", "😐",
                 "Оценка от −2 (😡) до +2 (🤩) и слова", "A score from −2 (😡) to +2 (🤩) and words"),
    StandardLane("importance", _T.IMPORTANCE, "Важность", "Importance", "⭐",
                 "Насколько этап важен для клиента, 1–5", "How much the stage matters to the customer, 1–5"),
    StandardLane("pain_points", _T.LIST, "Боли и барьеры", "Pain points & barriers", "🩹",
                 "Что мешает клиенту двигаться дальше", "What stops the customer from moving on"),
    StandardLane("expectations", _T.LIST, "Ожидания и потребности", "Expectations & needs", "🙏",
                 "Чего клиент ждёт от компании", "What the customer expects from the company"),
    StandardLane("triggers", _T.LIST, "Триггеры", "Triggers", "⚡",
                 "Что подталкивает к следующему шагу", "What pushes the customer to the next step"),
    StandardLane("hypotheses", _T.LIST, "Гипотезы", "Hypotheses", "🧪",
                 "Что проверить, чтобы улучшить этап", "What to test to improve the stage"),
    StandardLane("recommendations", _T.LIST, "Рекомендации", "Recommendations", "💡",
                 "Что сделать, чтобы улучшить опыт", "What to do to improve the experience"),
    StandardLane("questions", _T.LIST, "Открытые вопросы", "Open questions", "❓",
                 "Что выяснить об этапе (например, вопросы с воркшопа)",
                 "What to find out about the stage (e.g. questions from a workshop)"),
    StandardLane("dmu_economic", _T.TEXT, "ЭП — экономический покупатель", "Economic buyer (ЭП)", "💰",
                 "Участвует ли на этапе и что для него важно: ROI, TCO, выгода",
                 "Takes part at this stage? What matters: ROI, TCO, long-term gain"),
    StandardLane("dmu_technical", _T.TEXT, "ТП — технический покупатель", "Technical buyer (ТП)", "🛠️",
                 "Участвует ли на этапе и что для него важно: стабильность, безопасность, стандарты",
                 "Takes part at this stage? What matters: stability, security, standards"),
    StandardLane("dmu_user", _T.TEXT, "КЭ — конечный эксплуатант", "End user (КЭ)", "🧑‍💻",
                 "Участвует ли на этапе и что для него важно: удобство, простота, функции",
                 "Takes part at this stage? What matters: convenience, simplicity, features"),
    StandardLane("metrics", _T.NUMBER, "Клиентов на этапе", "Customers reaching the stage", "📊",
                 "Сколько клиентов дошло до этапа (воронка)", "How many customers reached the stage (funnel)"),
)

BY_KEY: dict[str, StandardLane] = {lane.key: lane for lane in CATALOGUE}

#: Lanes a new B2C / custom map starts with, in order.
DEFAULT_KEYS: tuple[str, ...] = (
    "actions", "touchpoints", "goals", "emotion", "importance",
    "pain_points", "expectations", "recommendations",
)
#: Lanes a new B2B map starts with: the defaults plus the three DMU roles.
B2B_KEYS: tuple[str, ...] = DEFAULT_KEYS + ("dmu_economic", "dmu_technical", "dmu_user")
#: Lanes that say what to do about a bottleneck, shown with it under "What to fix first", in this order.
FIX_FIRST_KEYS: tuple[str, ...] = ("recommendations", "hypotheses", "pain_points")


def standard(key: str) -> StandardLane | None:
    """The catalogue entry for ``key``, or None for a custom lane."""
    return BY_KEY.get(key)
