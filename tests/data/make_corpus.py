"""The import corpus: spreadsheets made the way people make them (issue 13), and what a person reads in each.

Run ``python -m tests.data.make_corpus`` to write the files into tests/data/ (they are committed; the test reads the
committed files). Each entry says the bottleneck a person would name looking at the table: the stage that matters
most and feels worst. tests/test_corpus.py imports every file with the reader's guesses, scores it and checks it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    bottleneck: str
    orientation: str  # "stages-as-rows" | "stages-as-columns"
    stages: int
    title: str | None = None
    persona: str = ""
    phases: tuple[str, ...] = ()
    phase_sizes: tuple[int, ...] = ()  # stages in each phase
    description_has: str = ""
    notes_have: tuple[str, ...] = ()  # what the reader says it assumed (in the file's language)
    choices: dict = field(default_factory=dict)  # {"lanes": {...}, "values": {...}} a person gives first


def _xlsx(path: Path, sheets: list[tuple[str, list[list[object]]]], merges: dict[str, list[str]] | None = None,
          widths: bool = True) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cell_range in (merges or {}).get(title, []):
            ws.merge_cells(cell_range)
            first = ws[cell_range.split(":")[0]]
            first.alignment = Alignment(horizontal="center")
            first.font = Font(bold=True)
        if widths:
            for column in ws.columns:
                ws.column_dimensions[column[0].column_letter].width = 22
        ws["A1"].font = Font(bold=True, size=14)
    book.save(path)


def _csv(path: Path, rows: list[list[object]], delimiter: str = ",", encoding: str = "utf-8") -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    path.write_bytes(out.getvalue().encode(encoding))


CASES: list[Case] = []


def case(**kwargs):
    CASES.append(Case(**kwargs))


def build(folder: Path = HERE) -> list[Path]:
    written: list[Path] = []

    # 1. EN, one row per stage, importance in words, faces beyond the app's five, a title and a persona above
    _xlsx(folder / "en_saas_onboarding_words.xlsx", [("Journey", [
        ["SaaS onboarding — customer journey (Q3 workshop)"],
        ["Persona: Sam, team lead at a 20-person agency"],
        [],
        ["Stage", "What the customer does", "Touchpoints", "Importance", "Feeling", "Pain points"],
        ["Discover", "Reads a comparison blog post", "Blog\nG2 reviews", "Medium", "😃", None],
        ["Sign up", "Creates an account", "Website", "High", "🙂", "Too many form fields"],
        ["Connect data", "Links Google Drive", "App", "High", "😤", "OAuth error\nUnclear permissions"],
        ["Invite team", "Sends invites", "Email", "Low", "😐", None],
        ["Pay", "Enters card", "Billing page", "Medium", "🙁", "No invoices for EU VAT"],
    ])])
    case(name="en_saas_onboarding_words.xlsx", language="en", bottleneck="Connect data",
         orientation="stages-as-rows", stages=5, title="SaaS onboarding — customer journey (Q3 workshop)",
         persona="Sam, team lead at a 20-person agency", notes_have=("Importance: three levels in words",
                                                                     "Feeling: emoji read as emotion scores"))

    # 2. RU, stages as columns, a merged row of phases above the stages, importance words with "критично"
    _xlsx(folder / "ru_fitness_phases_merged.xlsx", [("CJM", [
        ["Карта пути клиента фитнес-клуба"],
        ["Сегмент: работающие взрослые 25–40 лет"],
        [None, "До покупки", None, "Покупка", None, "После покупки"],
        ["Этап", "Поиск клуба", "Пробное занятие", "Выбор абонемента", "Оплата", "Первый месяц"],
        ["Действия", "Ищет в картах", "Приходит на пробное", "Сравнивает тарифы", "Платит на ресепшене",
         "Ходит на тренировки"],
        ["Эмоции", "🙂", "😀", "😕", "😡", "🙂"],
        ["Важность", "средняя", "высокая", "высокая", "критично", "средняя"],
        ["Боли", None, None, "Непонятные тарифы", "Очередь, терминал не работает", None],
    ])], merges={"CJM": ["B3:C3", "D3:E3"]})
    case(name="ru_fitness_phases_merged.xlsx", language="ru", bottleneck="Оплата", orientation="stages-as-columns",
         stages=5, title="Карта пути клиента фитнес-клуба", persona="работающие взрослые 25–40 лет",
         phases=("До покупки", "Покупка", "После покупки"), phase_sizes=(2, 2, 1),
         notes_have=("Важность: пять уровней словами",))

    # 3. RU, CSV from Russian Excel: ";" and cp1251, importance 1–10, satisfaction 1–5
    _csv(folder / "ru_delivery_cp1251.csv", [
        ["Этап", "Действия клиента", "Важность (1-10)", "Удовлетворённость", "Проблемы"],
        ["Заказ на сайте", "Собирает корзину", 6, 4, ""],
        ["Подтверждение", "Ждёт звонка оператора", 5, 3, "Звонят поздно"],
        ["Доставка", "Ждёт курьера", 10, 1, "Интервал 9–21, курьер опаздывает"],
        ["Получение", "Проверяет заказ", 7, 4, ""],
        ["Возврат", "Оформляет возврат", 4, 2, "Только через чат"],
    ], delimiter=";", encoding="cp1251")
    case(name="ru_delivery_cp1251.csv", language="ru", bottleneck="Доставка", orientation="stages-as-rows",
         stages=5, notes_have=("Важность (1-10): шкала 1–10 (из названия) пересчитана в 1–5",
                               "Удовлетворённость: шкала удовлетворённости 1–5 пересчитана в −2…+2"))

    # 4. EN, CSV with stages as columns, importance as percentages, feelings as + and − signs (U+2212 too)
    _csv(folder / "en_bank_columns_percent.csv", [
        ["Stage", "Open the app", "Log in", "Transfer money", "Confirm with SMS", "See receipt"],
        ["Actions", "Taps the icon", "Face ID", "Picks a contact", "Types the code", "Checks balance"],
        ["Importance %", "40%", "70%", "90%", "95%", "30%"],
        ["Emotion", "+", "+", "−", "--", "++"],
        ["Pain points", "", "", "Fees shown late", "SMS takes a minute", ""],
    ])
    case(name="en_bank_columns_percent.csv", language="en", bottleneck="Confirm with SMS",
         orientation="stages-as-columns", stages=5,
         notes_have=("Emotion: signs + and − read as +1 and −1 (++ and −− as ±2, ± as 0)",))

    # 5. EN, marks "!!!" for importance, a 1–10 satisfaction, blank columns between, notes beside the table
    _xlsx(folder / "en_clinic_marks_notes.xlsx", [("Patient journey", [
        ["Stage", "Actions", None, "Importance", "Satisfaction (1-10)", None, "Notes from the team"],
        ["Book", "Calls the front desk", None, "!!", 7, None, "Source: 14 patient interviews, March"],
        ["Arrive", "Finds parking", None, "!", 5, None, None],
        ["Wait", "Sits in the waiting room", None, "!!!", 2, None, "Wait times measured by the nurse"],
        ["Consultation", "Talks to the doctor", None, "!!!", 9, None, None],
        ["Pay", "Pays at the desk", None, "!!", 6, None, None],
    ])])
    case(name="en_clinic_marks_notes.xlsx", language="en", bottleneck="Wait", orientation="stages-as-rows",
         stages=5, description_has="Source: 14 patient interviews, March",
         notes_have=("Importance: exclamation marks read as a 1–3 scale, rescaled to 1–5",))

    # 6. RU, one row per stage, stars out of three, feelings in words (the lexicon suggests)
    _xlsx(folder / "ru_bank_card_words.xlsx", [("Лист1", [
        ["Путь клиента: дебетовая карта"],
        [],
        ["Этап", "Что делает клиент", "Значимость", "Эмоции", "Боли"],
        ["Заявка", "Заполняет анкету", "★★☆", "спокойствие", None],
        ["Ожидание карты", "Ждёт курьера", "★★★", "злость и раздражение", "Нет статуса доставки"],
        ["Активация", "Звонит в банк", "★★☆", "недоумение", "Не проходит звонок"],
        ["Первая покупка", "Платит картой", "★☆☆", "радость", None],
    ])])
    case(name="ru_bank_card_words.xlsx", language="ru", bottleneck="Ожидание карты", orientation="stages-as-rows",
         stages=4, title="Путь клиента: дебетовая карта",
         notes_have=("Значимость: звёзды из неполной шкалы (★★☆) пересчитаны в 1–5",))

    # 7. EN, CSV with a BOM from Google Sheets, thumbs with skin tones, a unicode minus in numbers
    _csv(folder / "en_marketplace_sheets.csv", [
        ["Stage", "Customer actions", "Importance", "Emotion", "Emotion words"],
        ["Browse", "Scrolls the feed", 3, "👍🏽", "fun"],
        ["Compare sellers", "Reads ratings", 4, "🤔", "unsure"],
        ["Checkout", "Pays", 5, "👎🏿", "hidden fees"],
        ["Wait for parcel", "Tracks it", 4, "−1", "slow updates"],
        ["Review", "Leaves stars", 2, "😊", ""],
    ], encoding="utf-8-sig")
    case(name="en_marketplace_sheets.csv", language="en", bottleneck="Checkout", orientation="stages-as-rows",
         stages=5)

    # 8. RU, stages as columns, importance as fractions, "😡 words" cells, persona and legend above
    _xlsx(folder / "ru_insurance_fractions.xlsx", [("Карта", [
        ["ОСАГО онлайн: путь клиента"],
        ["Персона: Игорь, 35 лет, первый полис онлайн"],
        ["Легенда: важность — из 5, эмоции — смайлы"],
        [],
        ["Этап", "Расчёт цены", "Ввод данных", "Оплата", "Получение полиса"],
        ["Действия", "Вводит госномер", "Вводит паспорт и права", "Платит картой", "Скачивает PDF"],
        ["Важность", "3/5", "4/5", "5/5", "2/5"],
        ["Эмоции", "🙂 быстро", "😩 много полей", "😡 ошибка оплаты, деньги списались", "😊"],
    ])])
    case(name="ru_insurance_fractions.xlsx", language="ru", bottleneck="Оплата", orientation="stages-as-columns",
         stages=4, title="ОСАГО онлайн: путь клиента", persona="Игорь, 35 лет, первый полис онлайн",
         description_has="Легенда: важность — из 5, эмоции — смайлы")

    # 9. EN, H/M/L letters, emotion −2…+2 with the unicode minus, a blank column, a note under the table
    _xlsx(folder / "en_hotel_hml.xlsx", [("Sheet1", [
        ["Stage", "Touchpoints", None, "Importance", "Emotion", "Pain points"],
        ["Search", "Booking.com", None, "M", "0", None],
        ["Book", "Hotel website", None, "H", "1", None],
        ["Check-in", "Front desk", None, "H", "−2", "40-minute queue"],
        ["Stay", "Room", None, "M", "1", None],
        ["Check-out", "Front desk", None, "L", "0", None],
        [],
        ["Data: guest survey, n=212"],
    ])])
    case(name="en_hotel_hml.xlsx", language="en", bottleneck="Check-in", orientation="stages-as-rows", stages=5,
         description_has="Data: guest survey, n=212")

    # 10. RU, CSV UTF-8 with commas, key/important/unimportant words, the app's own scale words for feelings
    _csv(folder / "ru_telecom_scale_words.csv", [
        ["Переход к другому оператору"],
        ["Этап", "Действия", "Важность", "Эмоции"],
        ["Решение уйти", "Сравнивает тарифы", "важно", "нейтрально"],
        ["Перенос номера", "Подаёт заявку", "ключевой", "сильно негативно"],
        ["Новая SIM", "Получает SIM", "важно", "позитивно"],
        ["Первый месяц", "Пользуется", "неважно", "позитивно"],
    ])
    case(name="ru_telecom_scale_words.csv", language="ru", bottleneck="Перенос номера",
         orientation="stages-as-rows", stages=4, title="Переход к другому оператору")

    # 11. EN, a workbook with an instructions sheet first; stages as columns; importance named (1-3)
    _xlsx(folder / "en_b2b_two_sheets.xlsx", [
        ("Read me", [["How to fill in this template"], ["One column per stage; rate importance 1-3"]]),
        ("Journey", [
            ["B2B procurement journey"],
            ["Stage", "Need", "Shortlist", "Security review", "Contract", "Rollout"],
            ["Actions", "Writes a brief", "Asks for demos", "Sends the questionnaire", "Negotiates", "Trains users"],
            ["Importance (1-3)", 2, 2, 3, 3, 1],
            ["Emotions", "🙂", "😊", "☹️", "😐", "🙂"],
        ]),
    ])
    case(name="en_b2b_two_sheets.xlsx", language="en", bottleneck="Security review",
         orientation="stages-as-columns", stages=5, title="B2B procurement journey",
         notes_have=("Importance (1-3): 1–3 scale (named in the label) rescaled to 1–5",))

    # 12. RU, a "Приоритет" column the reader does not know: the person maps it to Importance and scores a word
    _xlsx(folder / "ru_food_priority_custom.xlsx", [("Лист1", [
        ["Доставка еды: путь клиента"],
        ["Этап", "Что делает", "Приоритет", "Настроение", "Боли"],
        ["Выбор ресторана", "Листает каталог", "Средний", "🙂", None],
        ["Оформление", "Собирает заказ", "Высокий", "😐", None],
        ["Ожидание", "Смотрит на карту", "Горит", "Так себе", "Курьер стоит на месте"],
        ["Получение", "Забирает пакет", "Низкий", "😊", None],
    ])])
    case(name="ru_food_priority_custom.xlsx", language="ru", bottleneck="Ожидание", orientation="stages-as-rows",
         stages=4, title="Доставка еды: путь клиента",
         choices={"lanes": {"Приоритет": "importance"}, "values": {"Приоритет": {"горит": 5},
                                                                   "Настроение": {"так себе": -2}}})

    # 13. EN, CSV with tabs (a .csv saved from a tab export), a satisfaction score in percent
    _csv(folder / "en_utility_tabs_percent.csv", [
        ["Stage", "Actions", "Importance", "CSAT %", "Pain points"],
        ["Move in", "Registers the meter", 4, "70%", ""],
        ["First bill", "Reads the bill", 5, "20%", "Estimated reading, bill too high"],
        ["Pay", "Pays online", 3, "80%", ""],
        ["Outage", "Calls support", 4, "45%", "Long hold"],
    ], delimiter="\t")
    case(name="en_utility_tabs_percent.csv", language="en", bottleneck="First bill", orientation="stages-as-rows",
         stages=4, notes_have=("CSAT %: 0–100 % scale (named in the label) rescaled to −2…+2",))

    written = [folder / c.name for c in CASES]
    # bad input: no table at all; a workbook that is not a zip
    (folder / "bad_no_table.csv").write_text("Weather;Mood of the cat\nsunny;fine\n", encoding="utf-8")
    (folder / "bad_not_a_zip.xlsx").write_bytes(b"this is not a workbook\n" * 10)
    return written


if __name__ == "__main__":
    CASES.clear()
    for path in build():
        print(path.relative_to(HERE.parent.parent))
