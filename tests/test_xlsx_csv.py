"""CSV: tables read as people save them (encodings, separators), and the tidy CSV export (formula-safe)."""

from __future__ import annotations

import csv
import io

import pytest

from cjm import editing
from cjm.templates import load_template
from cjm.xlsx.csv import csv_safe, to_csv
from cjm.xlsx.read import read_table
from tests.xlsx_helpers import values

# --- CSV ------------------------------------------------------------------------------------------------

CSV_RU = ("Карта клиента\n"
          "\n"
          "Этап;Действия;Эмоции;Важность;Боли\n"
          "Знакомство;Видит рекламу;😡;5/5;\"Долго, дорого\nНепонятно\"\n"
          "Покупка;Платит;-1;★★★;\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_utf8_with_and_without_bom_semicolon(encoding):
    m, u = read_table(CSV_RU.encode(encoding), "карта.csv")
    assert u.kind == "csv" and u.orientation == "stages-as-rows" and u.header_at == 3
    assert u.notes[0] == f"кодировка {'UTF-8 с BOM' if encoding == 'utf-8-sig' else 'UTF-8'}, разделитель ;"
    assert m.title == "Карта клиента"
    assert values(m, "Знакомство")["pain_points"] == ["Долго, дорого", "Непонятно"]
    assert values(m, "Знакомство")["emotion"]["score"] == -2 and values(m, "Покупка")["importance"] == 3


def test_csv_cp1251_semicolon_russian_excel():
    text = "Этап;Действия;Эмоции;Важность\nЗнакомство;Видит рекламу;-1;5\nВыбор;Сравнивает;раздражение;3/5\n"
    m, u = read_table(text.encode("cp1251"), "export.csv")
    assert "кодировка cp1251, разделитель ;" in u.notes
    assert values(m, "Знакомство") == {"actions": ["Видит рекламу"], "emotion": {"score": -1, "words": ""},
                                       "importance": 5}
    assert values(m, "Выбор")["emotion"] == {"score": None, "words": "раздражение"}


def test_csv_comma_stages_as_columns_english():
    text = ('Stage,Awareness,Purchase\n"Touch points","Ads\nSearch",Website\n'
            'Emotions,1,"frustrated"\nImportance (1-5),4,5\n')
    m, u = read_table(text.encode(), "journey.csv", language="en")
    assert u.orientation == "stages-as-columns" and "encoding UTF-8, separator ," in u.notes
    assert values(m, "Awareness")["touchpoints"] == ["Ads", "Search"]
    assert values(m, "Purchase") == {"touchpoints": ["Website"], "emotion": {"score": None, "words": "frustrated"},
                                     "importance": 5}



@pytest.mark.parametrize(("language", "note"), [("en", "encoding UTF-16, separator tab"),
                                                ("ru", "кодировка UTF-16, разделитель табуляция")])
def test_csv_tab_separated_utf16_note_in_the_ui_language(language, note):
    text = "Stage\tActions\tEmotions\nSearch\tLooks around\t-1\n"
    m, u = read_table(text.encode("utf-16"), "journey.csv", language=language)
    assert u.notes[0] == note and values(m, "Search")["emotion"]["score"] == -1


# --- writing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"), ("-x", "'-x"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-2", "-2"), ("+1", "+1"), ("plain = text", "plain = text")])
def test_csv_cells_never_run_as_formulas(text, expected):
    assert csv_safe(text) == expected


def test_csv_has_a_row_per_stage_and_keeps_text():
    m = load_template("saas_demo", "en")
    m = editing.rename_stage(m, m.stages[0].id, "=cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(to_csv(m))))
    assert rows[0][:4] == ["Stage", "Actions", "Touchpoints", "Goals (JTBD)"]
    assert len(rows) == 1 + len(m.stages)
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[2][rows[0].index("Emotions")] == "-2" and rows[2][rows[0].index("Importance")] == "5"
    assert rows[2][1] == "Compares pricing plans\nReads reviews\nLooks for demo versions"
