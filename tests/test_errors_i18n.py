"""Refusals a person can cause through the app are said in the UI's language (cjm/strings/errors.py): the English
line stays the one the CLI and the tests have always read, the Russian one comes from the same key, and
:func:`cjm.i18n.error_text` never raises whatever the parameters hold."""

from __future__ import annotations

import io
import json
import pickle
import re
import string
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import actions, editing, evidence, grid, jtbd, limits
from cjm.db import failed
from cjm.errors import CJMError, MapValidationError, Phrase, Quoted
from cjm.formats import import_bytes
from cjm.i18n import STRINGS, error_text, t
from cjm.import_plan import Choices, check
from cjm.mapfile import map_from_bytes, map_from_dict, map_to_dict
from cjm.numbers import Megabytes, Number, Whole
from cjm.storage import MapConflict, MapInTrash
from cjm.strings import errors as error_strings
from cjm.templates import new_map_from_template
from cjm.workshop import check_minutes
from cjm.xlsx.csv import read_pasted
from cjm.xlsx.read import read_table
from tests.xlsx_helpers import xlsx

CYRILLIC = re.compile("[А-Яа-яЁё]")


def demo(language: str = "ru"):
    return new_map_from_template("saas_demo", language)


def refusal(action: Callable[[], object]) -> CJMError:
    with pytest.raises(CJMError) as info:
        action()
    return info.value


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def workbook_without_a_map() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["a", "b", "c"])
    book.active.append([1, 2, 3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bad_json_map() -> bytes:
    document = map_to_dict(demo())
    document["stages"][0]["name"] = ""
    document["title"] = "x" * (limits.MAX_TITLE_CHARS + 1)
    return json.dumps(document).encode()


def phase_gap():
    document = map_to_dict(demo())
    document["phases"] = [{"id": "p1", "name": "До", "stages": [document["stages"][0]["id"],
                                                                document["stages"][2]["id"]]}]
    return map_from_dict(document)


def lane_limit():
    m = demo()
    for number in range(limits.MAX_LANES - len(m.lanes)):
        m, _ = editing.add_custom_lane(m, f"Lane {number}", "text")
    return editing.add_custom_lane(m, "One too many", "text")


def plan_choice():
    _, understood = import_bytes(xlsx([["Stage", "Doing", "Priority"], ["Sign up", "Fills", "High"]]), "a.xlsx", "en")
    check(understood.plan, Choices(lanes={"Priority": "no-such-lane"}))


def cell_in_grid():
    m = demo()
    return grid.cell_value(m, "v_importance", "seven", m.stages[0].id)


def empty_cell_marked():
    m = demo()
    stage = m.stages[0]
    m = editing.set_value(m, stage.id, "importance", None)
    return evidence.mark(m, stage.id, "importance", "validated")


# (what the person did, a part of the English line as the CLI has always said it, a part of the Russian line)
CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("empty csv", lambda: read_table(b"", "file.csv", "ru"), "file.csv: the file is empty", "file.csv: файл пуст"),
    ("file over 20 MB", lambda: read_table(b"a;b\n" * (6 * 1024 * 1024), "big.csv", "ru"),
     "over the limit of 20.0 MB", "больше предела 20,0\u00a0МБ"),
    ("zip bomb", lambda: read_table(zip_bomb(), "bomb.xlsx", "ru"), "(a zip bomb?); refused", "zip-бомба?"),
    ("damaged zip", lambda: read_table(b"PK\x03\x04" + b"\0" * 100, "cut.xlsx", "ru"),
     "a damaged or incomplete workbook", "повреждена"),
    (".xls", lambda: read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "ru"),
     "an old Excel 97–2003 (.xls)", "старый файл Excel 97–2003"),
    ("renamed text", lambda: read_table(b"hello", "map.xlsx", "ru"), "not an Excel workbook", "это не книга Excel"),
    ("binary csv", lambda: read_table(b"\x00\x01" * 100, "map.csv", "ru"), "binary data", "двоичные данные"),
    ("csv without a map", lambda: read_table(b"a,b,c\n1,2,3\n", "n.csv", "ru"), "no journey map table found",
     "таблица карты пути не найдена"),
    ("workbook without a map", lambda: read_table(workbook_without_a_map(), "n.xlsx", "ru"),
     "no sheet holds a journey map table", "ни на одном листе нет таблицы"),
    ("nothing pasted", lambda: read_pasted("  ", "ru", "cells"), "cells: nothing pasted", "cells: ничего не вставлено"),
    ("paste without lane labels", lambda: read_pasted("just a sentence", "en", "cells"),
     "no journey map table found", "нет подписей дорожек вроде «Действия»"),
    ("a non-map JSON", lambda: map_from_bytes(b"[1, 2]", "x.json"), "expected a JSON object", "нужен объект JSON"),
    ("not JSON", lambda: map_from_bytes(b"{", "x.json"), "x.json: not valid JSON", "x.json: это не JSON"),
    ("a newer file", lambda: map_from_bytes(b'{"schema_version": 99}', "x.json"), "made by a newer CJM Studio",
     "обновите CJM Studio"),
    ("unknown extension", lambda: import_bytes(b"x", "report.doc", "ru"), "cannot import .doc",
     "не импортируются (.doc)"),
    ("no extension", lambda: import_bytes(b"x", "README", "ru"), "cannot import files without an extension",
     "(файлы без расширения)"),
    ("map with bad fields", lambda: map_from_bytes(bad_json_map(), "m.json"), "the limit is 300 (and 1 more problem)",
     "а можно не больше 300 (и ещё 1 ошибка)"),
    ("mapping choice", plan_choice, "“Priority”: no lane “no-such-lane”", "«Priority»: нет дорожки «no-such-lane»"),
    ("grid edit", cell_in_grid, 'lane "Важность": expected a whole number 1–5, got "seven"',
     "дорожка «Важность»: ожидается целое число от 1 до 5, а здесь «seven»"),
    ("cell value", lambda: editing.set_value(demo(), demo().stages[0].id, "importance", 9),
     "expected a whole number 1–5, got 9", "ожидается целое число от 1 до 5, а здесь 9"),
    ("unknown lane", lambda: editing.set_value(demo(), demo().stages[0].id, "zz", 1),
     'no lane with key "zz" in this map', "на карте нет дорожки с ключом «zz»"),
    ("lane limit", lane_limit, "cannot add a lane", "дорожку не добавить"),
    ("stale stage order", lambda: editing.reorder_stages(demo(), []),
     "the new stage order does not match the map's stages: missing \"", "не совпадает с этапами карты: нет «"),
    ("phase gap", phase_gap, "its stages are not neighbours", "её этапы идут на карте не подряд"),
    ("thresholds", lambda: editing.set_scoring(demo(), warning_at=90.5, critical_at=70),
     "the warning threshold (90.5) is above the critical one (70)", "порог внимания (90,5) выше критического (70)"),
    ("gone action", lambda: actions.update_action(demo(), "nope", status="done"), "no action with id",
     "на карте нет действия"),
    ("empty cell marked", empty_cell_marked, "the cell is empty, there is nothing to mark", "отмечать нечего"),
    ("goal without stages", lambda: jtbd.add_goal(demo(), [], "Get it done"), "pick at least one stage",
     "выберите хотя бы один этап"),
    ("workshop timer", lambda: check_minutes(10_000), "the timer must be more than 0", "таймер — больше 0"),
]


@pytest.mark.parametrize(("action", "english", "russian"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_a_refusal_is_said_in_russian_and_unchanged_in_english(action, english, russian):
    error = refusal(action)
    assert english in error.message
    assert error_text(error, "en") == error.message  # the English UI and the CLI say the same line
    said = error_text(error, "ru")
    assert russian in said and CYRILLIC.search(said)
    assert english not in said


def test_every_problem_of_a_map_is_said_in_russian():
    error = refusal(lambda: map_from_bytes(bad_json_map(), "m.json"))
    assert isinstance(error, MapValidationError) and len(error.problems) == 2
    assert error.message.endswith("(and 1 more problem)")
    assert error_text(error, "ru").endswith("(и ещё 1 ошибка)")
    assert all(isinstance(problem, Phrase) for problem in error.problems)
    assert [problem.say("ru") for problem in error.problems] == [
        f"title: название карты: {limits.MAX_TITLE_CHARS + 1} символ, а можно не больше {limits.MAX_TITLE_CHARS}",
        "Этап 1, name: нужно указать название этапа"]


def test_storage_refusals_and_the_conflict():
    assert error_text(MapInTrash.keyed("err.store.in_trash"), "ru") == "карта в корзине: восстановите её, чтобы " \
                                                                        "редактировать"
    conflict = MapConflict(7, 5)
    assert conflict.message.startswith("this map was changed elsewhere (now version 7, you edited version 5)")
    assert "сейчас версия 7, вы правили версию 5" in error_text(conflict, "ru")


def test_a_database_failure_names_what_could_not_be_done_in_the_readers_language():
    error = failed(Phrase("err.db.do.save"), Phrase("err.db.locked"), Phrase("err.db.hint.edit_kept"))
    assert error.message == "could not save: database is locked — your edit is kept, try again"
    assert error_text(error, "ru") == "не удалось сохранить: база данных занята — ваша правка не потеряна, " \
                                      "попробуйте ещё раз"
    driver = failed(Phrase("err.db.do.load_map"), "disk I/O error")  # the database's own words stay as they are
    assert error_text(driver, "ru") == "не удалось загрузить карту: disk I/O error"


def test_the_errors_part_is_merged_with_both_languages():
    """Both languages and the same placeholders are checked for every key by tests/test_i18n.py; here: the part is
    merged, and each Russian line is Russian (or, like a bare "{where}, {path}", has no words to translate)."""
    for key, entry in error_strings.STRINGS.items():
        assert STRINGS[key] is entry
        forms = entry["ru"].values() if isinstance(entry["ru"], dict) else [entry["ru"]]
        for form in forms:
            words = "".join(text for text, *_ in string.Formatter().parse(form))
            assert CYRILLIC.search(words) or not re.search("[A-Za-z]{4,}", words.replace("JSON", "")
                                                           .replace("UTF", "").replace("Excel", "")), key


def test_sizes_counts_and_quotes_in_the_readers_locale():
    assert t("err.file.too_big", "ru", name="a", size=Megabytes(21 * 1024 * 1024), limit=Megabytes(20 << 20)) == \
        "a: 21,0\u00a0МБ, больше предела 20,0\u00a0МБ"
    assert t("err.xlsx.ratio", "en", name="b", ratio=Whole(12345)) == \
        "b: a part of the workbook is compressed 12,345 times (a zip bomb?); refused"
    assert "12\u00a0345" in t("err.xlsx.ratio", "ru", name="b", ratio=Whole(12345))
    assert Quoted(["a", "b"]).say("ru") == "«a», «b»" and str(Quoted(["a"])) == "“a”"
    assert Number(0.5).say("ru") == "0,5"


def test_phrases_and_map_errors_survive_pickling():
    error = refusal(lambda: map_from_bytes(bad_json_map(), "m.json"))
    again = pickle.loads(pickle.dumps(error))
    assert again.message == error.message and error_text(again, "ru") == error_text(error, "ru")
    phrase = Phrase("err.file.empty", name="x")
    assert pickle.loads(pickle.dumps(phrase)).say("ru") == "x: файл пуст"


def test_a_file_named_with_braces_is_named_as_it_is():
    for name in ("{name}.csv", "{0}.csv", "{}.csv", "{name!r:>{x}}.csv", "%s{.csv"):
        error = refusal(lambda name=name: import_bytes(b"", name, "ru"))
        assert error.message == f"{name}: the file is empty"
        assert error_text(error, "ru") == f"{name}: файл пуст"


ODD_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(blacklist_categories=())),  # lone surrogates, NUL, controls
    st.sampled_from(["{x}", "{name}", "{0}", "{", "}", "{{}}", "{count:d}", "\u202eRTL\u202c", "\x00", "\ud800",
                     "a" * 100_000, "%s", "ёлочки «»"]),
)
ODD_VALUE = st.one_of(ODD_TEXT, st.none(), st.integers(), st.floats(), st.booleans(), st.lists(st.integers()),
                      st.builds(Whole, st.integers(-(10**12), 10**12)), st.builds(Megabytes, st.integers(0, 10**12)))
KEYS = sorted(error_strings.STRINGS)


def placeholders(key: str) -> set[str]:
    entry = STRINGS[key]["en"]
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(KEYS), values=st.dictionaries(st.sampled_from(["name", "count", "where", "extra", "x"]),
                                                          ODD_VALUE, max_size=4), odd=ODD_VALUE, lang=st.sampled_from(
                                                              ["ru", "en", "de", ""]))
def test_error_text_never_raises_on_odd_params(key, values, odd, lang):
    params = {name: odd for name in placeholders(key)} | values
    try:
        error: CJMError = CJMError.keyed(key, **params)
    except Exception:  # noqa: BLE001 - params that cannot make the English line: an error a caller builds by hand
        error = CJMError("plain English line", key=key, **params)
    text = error_text(error, lang)
    assert isinstance(text, str) and text
    nested = MapValidationError([Phrase("err.file.empty", name=str(odd)), "an English problem"])
    assert error_text(nested, lang)


@settings(max_examples=200, deadline=None)
@given(name=ODD_TEXT)
def test_any_file_name_comes_back_in_the_refusal(name):
    error = refusal(lambda: read_table(b"", name or "x.csv", "ru"))
    said = error_text(error, "ru")
    assert said.endswith(": файл пуст")
