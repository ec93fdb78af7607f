"""Foreign spreadsheets as people make them: lane labels, either orientation, titles, custom lanes."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cjm.scoring import score_map
from cjm.xlsx.foreign import recognise
from cjm.xlsx.read import read_table
from tests.xlsx_helpers import RU_COLUMNS, values, xlsx

# --- labels -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label,key", [
    ("👤 Действия", "actions"), ("Touch points", "touchpoints"), ("Цели (JTBD)", "goals"), ("Feelings", "emotion"),
    ("Importance (1-5)", "importance"), ("Эмоции", "emotion"), ("Боли", "pain_points"),
    ("Pain points", "pain_points"), ("Рекомендации", "recommendations"), ("Этап", "#stage"), ("Stage", "#stage"),
    ("PAIN POINTS & BARRIERS!", "pain_points"), ("Точки контакта", "touchpoints"), ("Эмоции (слова)", "emotion#words"),
    ("Emotions (words)", "emotion#words"), ("Клиентов на этапе", "metrics"), ("Погода", None), (None, None), (5, None),
])
def test_lane_labels_are_recognised_in_both_languages(label, key):
    assert recognise(label) == key


# --- foreign spreadsheets -------------------------------------------------------------------------------


def test_stages_as_columns_with_title_blank_row_and_merged_title():
    m, u = read_table(xlsx(RU_COLUMNS, merge="A1:D1"), "моя карта.xlsx")
    assert u.kind == "spreadsheet" and u.orientation == "stages-as-columns" and u.sheet == "Sheet"
    assert u.header_at == 3 and u.stages == 3
    assert m.title == "Карта пути клиента: интернет-магазин"
    assert [s.name for s in m.stages] == ["Знакомство", "Выбор", "Покупка"]
    assert [lane.key for lane in m.lanes][:3] == ["actions", "emotion", "importance"]
    assert m.lane("actions").label == "Действия"  # the map's language, not the file's text
    first, second, third = (s.values for s in m.stages)
    assert first["actions"] == ["Видит рекламу", "Переходит на сайт"]
    assert first["emotion"] == {"score": -2, "words": ""} and second["emotion"]["score"] == -1
    assert third["emotion"] == {"score": None, "words": "раздражение, долго"}
    assert first["importance"] == 5 and second["importance"] == 3 and "importance" not in third
    assert first["pain_points"] == ["Долго грузится"] and first["goals"] == "Найти товар"
    assert "пропущены 2 строки заголовка над таблицей" in u.notes  # the notes in the language asked for
    assert "эмоция по словам (предложена) в 1 ячейке" in u.notes
    # the scoring marks the word-only emotion as suggested
    scores = {s.stage_id: s for s in score_map(m)}
    assert scores[m.stages[2].id].suggested


def test_unparseable_cell_is_kept_in_a_not_read_lane_and_unknown_rows_become_custom_lanes():
    m, u = read_table(xlsx(RU_COLUMNS), "map.xlsx")
    keys = [lane.key for lane in m.lanes]
    unread = m.lanes[keys.index("importance") + 1]
    assert unread.label == "Важность (не распознано)" and unread.type.value == "text"
    assert values(m, "Покупка")[unread.key] == "abc"
    custom = next(lane for lane in m.lanes if lane.label == "Настроение сотрудников")
    assert custom.type.value == "list"  # a cell with several lines
    assert values(m, "Знакомство")[custom.key] == ["x", "y"]
    row = next(item for item in u.lanes if item[1] == custom.key)
    assert row == ("Настроение сотрудников", custom.key, "list", False)
    assert ("👤 Действия", "actions", "list", True) in u.lanes
    assert "Важность: 1 ячейка не подходит к типу дорожки, сохранена как текст в «Важность (не распознано)»" in u.notes


def test_stages_as_rows_in_english_with_header_row():
    rows = [
        ["Customer journey — SaaS onboarding"],
        ["Legend: importance 1-5, emotion -2..+2"],
        [],
        ["Stage", "Actions", "Touch points", "Feelings", "Importance (1-5)", "Pain points", "Weather"],
        ["Sign up", "Fills the form", "Website", "🤩", "★★★★★", "Too many fields\nCaptcha", "sunny"],
        ["First use", "Creates a project", "App", "confused and frustrated", 4, None, None],
        ["Pay", None, "Billing", 1, "2/5", None, "rain"],
    ]
    m, u = read_table(xlsx(rows), "saas.xlsx", language="en")
    assert u.orientation == "stages-as-rows" and u.header_at == 4
    assert m.title == "Customer journey — SaaS onboarding" and m.language == "en"
    assert [s.name for s in m.stages] == ["Sign up", "First use", "Pay"]
    assert m.lane("touchpoints").label == "Touchpoints"
    sign_up, first_use, pay = (s.values for s in m.stages)
    assert sign_up["emotion"]["score"] == 2 and sign_up["importance"] == 5
    assert sign_up["pain_points"] == ["Too many fields", "Captcha"]
    assert first_use["emotion"] == {"score": None, "words": "confused and frustrated"}
    assert pay["emotion"]["score"] == 1 and pay["importance"] == 2
    weather = next(lane for lane in m.lanes if lane.label == "Weather")
    assert weather.type.value == "text" and pay[weather.key] == "rain"


def test_russian_rows_with_emotion_words_column_and_no_stage_header():
    rows = [
        [None, "Действия", "Эмоции", "Эмоции (слова)", "Важность"],
        ["Поиск", "Ищет", -1, "тревога", "4"],
        ["Покупка", "Платит", None, "радость", 5],
    ]
    m, u = read_table(xlsx(rows), "без заголовка.xlsx")
    assert u.orientation == "stages-as-rows"
    assert [s.name for s in m.stages] == ["Поиск", "Покупка"]
    assert values(m, "Поиск")["emotion"] == {"score": -1, "words": "тревога"}
    assert values(m, "Покупка")["emotion"] == {"score": None, "words": "радость"}
    assert m.title == "без заголовка"  # no title row: the file name
    assert [lane.key for lane in m.lanes] == ["actions", "emotion", "importance"]


def test_emoji_with_words_in_one_cell_and_empty_stage_name():
    rows = [["Stage", "Emotions", "Actions"], ["", "😞 slow delivery", "Waits"], ["Done", "+1 ok", "Rates"]]
    m, _ = read_table(xlsx(rows), "x.xlsx", language="en")
    assert m.stages[0].name == "Stage 1"
    assert m.stages[0].values["emotion"] == {"score": -1, "words": "slow delivery"}
    assert m.stages[1].values["emotion"] == {"score": 1, "words": "ok"}


def test_best_sheet_is_chosen_and_hidden_sheets_are_skipped():
    wb = openpyxl.Workbook()
    wb.active.append(["just", "numbers"])
    ws = wb.create_sheet("CJM")
    for row in (["Stage", "Actions", "Emotions"], ["A", "x", 1]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    m, u = read_table(out.getvalue(), "two.xlsx")
    assert u.sheet == "CJM" and m.stages[0].values["emotion"]["score"] == 1


def test_new_ids_every_import():
    data = xlsx(RU_COLUMNS)
    a, _ = read_table(data, "a.xlsx")
    b, _ = read_table(data, "a.xlsx")
    assert a.id != b.id and a.stages[0].id != b.stages[0].id


def test_notes_in_english_and_plural_forms():
    m, u = read_table(xlsx(RU_COLUMNS), "map.xlsx", language="en")
    assert m.lane("actions").label == "Actions"  # a foreign table becomes a map in the language asked for
    assert u.notes == (
        "skipped 2 title rows above the table",
        "Важность (1-5): 1 value not read: «abc» — give it a score in the mapping",  # the label as in the file
        "Importance: 1 cell not read as its type, kept as text in “Importance (not read)”",
        "emotion from words (suggested) in 1 cell",
    )
    rows = [["Stage", "Emotions"], ["A", "😞 slow"], ["B", "+1 ok"], ["C", "grrr"], ["D", "xyzzy"], ["E", "qwerty"]]
    _, u = read_table(xlsx([["My journey"], *rows]), "x.xlsx", language="en")
    assert u.notes == ("skipped 1 title row above the table",
                       "Emotions: 3 values not read: «grrr», «xyzzy», «qwerty» — give them scores in the mapping",
                       "emotion score and words in the same cell in 2 cells",
                       "emotion words the lexicon cannot score in 3 cells: left unrated")
    _, u = read_table(xlsx([[], *rows]), "x.xlsx", language="ru")
    assert u.notes == ("пропущена 1 строка над таблицей",
                       "Emotions: 3 значения не распознаны: «grrr», «xyzzy», «qwerty» — задайте оценки в сопоставлении",
                       "оценка эмоции и слова в одной ячейке — в 2 ячейках",
                       "слова об эмоции, которые словарь не может оценить, в 3 ячейках: без оценки")
