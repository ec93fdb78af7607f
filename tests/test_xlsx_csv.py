"""CSV: tables read as people save them (encodings, separators), and the tidy CSV export (formula-safe)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm import editing
from cjm.templates import load_template
from cjm.xlsx.csv import csv_safe, csv_text, to_csv
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
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-2", "-2"), ("+1", "+1"), ("plain = text", "plain = text"),
    ("-2.5", "-2.5"), ("see;=2+5", "see;'=2+5"), ("ok\n=3+4", "ok\n'=3+4"), ("a\n-2", "a\n'-2"),
    ("x,+1", "x,'+1"), ('say "=1"', 'say "\'=1"'), ("-inf", "'-inf"), ("1-2", "1-2")])
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


# a reader that splits on "," or on ";" (Excel in a Russian or German locale opens a comma CSV that way)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def risky_fields(text: str) -> list[tuple[str, str]]:
    """(separator, field) for every field, or line of a field, that a spreadsheet could run as a formula."""
    risky = []
    for separator in (",", ";"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for field in row:
                lines = {field, *re.split(r"[\r\n]", field), *field.split("\n")}
                risky += [(separator, line) for line in lines
                          if line.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(line)]
    return risky


def test_csv_is_safe_for_comma_and_semicolon_readers():
    m = load_template("saas_demo", "en")
    first, second = m.stages[0].id, m.stages[1].id
    m = editing.rename_stage(m, first, "see;=2+5")
    m = editing.set_value(m, first, "actions", ["ok", "=3+4"])
    m = editing.set_value(m, first, "goals", "a,@SUM(A1);-x")
    m = editing.set_value(m, second, "goals", "-2")
    text = to_csv(m)
    assert risky_fields(text) == []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][0] == "see;'=2+5"  # one cell, and "=2+5" can start no cell of a ";" reader
    assert rows[1][1] == "ok\n'=3+4"  # every line of a cell
    assert rows[1][3] == "a,'@SUM(A1);'-x"
    assert rows[2][3] == "-2"  # a plain number stays a number
    assert rows[2][rows[0].index("Emotions")] == "-2"
    assert len({len(row) for row in rows}) == 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(alphabet=";,\n\r\t=+-@\"' a1.", max_size=12),
                                   st.sampled_from(["-2", "-2.5", "+1", "see;=2+5", "ok\n=3+4", ";", '";"'])),
                         min_size=1, max_size=4), min_size=1, max_size=4))
def test_csv_writer_property_no_field_of_either_reader_starts_a_formula(rows):
    text = csv_text(rows)
    assert risky_fields(text) == []
    back = list(csv.reader(io.StringIO(text, newline="")))  # the "," reader gets every cell back, made safe
    assert back == [[csv_safe(cell, number_ok=index > 0 or len(row) == 1) for index, cell in enumerate(row)]
                    for row in rows]
