"""Importing maps from xlsx and CSV: foreign tables, our own workbook, and bad files."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile

import openpyxl
import pytest

from cjm import editing
from cjm.errors import CJMError
from cjm.mapfile import map_to_dict
from cjm.model import Map
from cjm.scoring import score_map
from cjm.xlsx.read import read_table, recognise

# --- helpers --------------------------------------------------------------------------------------


def xlsx(rows: list[list[object]], merge: str | None = None, title: str = "Sheet") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def quick(fn, *args, **kwargs):
    start = time.perf_counter()
    with pytest.raises(CJMError) as info:
        fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert "\n" not in str(info.value)
    return str(info.value)


def values(m: Map, name: str) -> dict:
    return next(s for s in m.stages if s.name == name).values


RU_COLUMNS = [
    ["Карта пути клиента: интернет-магазин"],
    [],
    ["Этап", "Знакомство", "Выбор", "Покупка"],
    ["👤 Действия", "Видит рекламу\nПереходит на сайт", "Сравнивает", "Платит"],
    ["Эмоции", "😡", "-1", "раздражение, долго"],
    ["Важность (1-5)", "5/5", "★★★", "abc"],
    ["Боли:", "Долго грузится", None, None],
    ["Цели (JTBD)", "Найти товар", None, None],
    ["Настроение сотрудников", "x\ny", "z", None],
]


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
    assert any("skipped 2 title rows" in note for note in u.notes)
    assert any("emotion from words (suggested) in 1 cell" in note for note in u.notes)
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
    assert any("not read" in note and "abc" not in note for note in u.notes)


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
    assert u.notes[0] == f"encoding {'UTF-8 with BOM' if encoding == 'utf-8-sig' else 'UTF-8'}, separator ;"
    assert m.title == "Карта клиента"
    assert values(m, "Знакомство")["pain_points"] == ["Долго, дорого", "Непонятно"]
    assert values(m, "Знакомство")["emotion"]["score"] == -2 and values(m, "Покупка")["importance"] == 3


def test_csv_cp1251_semicolon_russian_excel():
    text = "Этап;Действия;Эмоции;Важность\nЗнакомство;Видит рекламу;-1;5\nВыбор;Сравнивает;раздражение;3/5\n"
    m, u = read_table(text.encode("cp1251"), "export.csv")
    assert "encoding cp1251, separator ;" in u.notes
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


# --- our own workbook ------------------------------------------------------------------------------------


def sample_map() -> Map:
    m, _ = read_table(xlsx([
        ["Этап", "Действия", "Эмоции", "Важность", "Клиентов на этапе"],
        ["Знакомство", "Видит рекламу\nПереходит", "😡", 3, 1000],
        ["Выбор", "Сравнивает", "раздражение", 4, 400],
        ["Покупка", "Платит", 1, None, 120.5],
    ]), "Моя карта.xlsx")
    m = editing.set_details(m, persona="Маша, 30 лет")
    m, _ = editing.add_custom_lane(m, "Статус", "choice", ["да", "нет"])
    return editing.set_value(m, m.stages[0].id, m.lanes[-1].key, "да")


def cjm_workbook(m: Map, edit=None, extra_rows=(), drop: int | None = None) -> bytes:
    """A workbook built per docs/xlsx-format.md (Map, Scores, Data, About, _cjm)."""
    wb = openpyxl.Workbook()
    wb.active.title = "Карта"
    wb.active.append(["not read back"])
    wb.create_sheet("Оценки").append(["rank"])
    data = wb.create_sheet("Данные")
    headers, keys = ["Stage id", "Stage"], ["stage_id", "stage"]
    for lane in m.lanes:
        headers.append(lane.label)
        keys.append(f"v:{lane.key}")
        if lane.type.value == "emotion":
            headers.append(f"{lane.label} (words)")
            keys.append(f"w:{lane.key}")
    data.append(headers)
    data.append(keys)
    for stage in m.stages:
        row: list[object] = [stage.id, stage.name]
        for lane in m.lanes:
            value = stage.values.get(lane.key)
            if lane.type.value == "list":
                row.append("\n".join(value) if value else None)
            elif lane.type.value == "emotion":
                row.extend([value["score"] if value else None, value["words"] if value and value["words"] else None])
            else:
                row.append(value)
        data.append(row)
    for row in extra_rows:
        data.append(row)
    if drop is not None:
        data.delete_rows(drop)
    if edit:
        edit(data)
    wb.create_sheet("О карте").append(["title"])
    hidden = wb.create_sheet("_cjm")
    hidden.sheet_state = "veryHidden"
    text = json.dumps(map_to_dict(m), ensure_ascii=False, separators=(",", ":"))
    hidden["A1"] = "cjm-studio-map"
    hidden["A2"] = str(m.schema_version)
    for n, start in enumerate(range(0, len(text), 100), start=3):  # small chunks: the join is tested
        hidden.cell(n, 1, text[start:start + 100]).data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_own_workbook_unchanged_round_trip_is_exact():
    m = sample_map()
    back, u = read_table(cjm_workbook(m), "export.xlsx")
    assert u.kind == "cjm-workbook" and u.orientation == "exact" and u.sheet == "Данные"
    assert map_to_dict(back) == map_to_dict(m)
    assert u.notes == ()


def test_own_workbook_edited_cell_is_picked_up():
    m = sample_map()
    assert m.stages[0].values["importance"] == 3

    def edit(ws):
        ws["F3"] = "5"  # A Stage id, B Stage, C Действия, D Эмоции, E Эмоции (words), F Важность
        ws["B4"] = "Выбор тарифа"
        ws["D5"] = "😡"

    back, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx")
    assert back.stages[0].values["importance"] == 5
    assert back.stages[1].name == "Выбор тарифа" and back.stages[1].id == m.stages[1].id
    assert back.stages[2].values["emotion"] == {"score": -2, "words": ""}
    assert back.stages[1].values == m.stages[1].values and back.id == m.id
    assert any("3 changed cells" in note for note in u.notes)


def test_own_workbook_new_row_deleted_row_and_order():
    m = sample_map()
    data = cjm_workbook(m, extra_rows=[[None, "Повторная покупка", "Возвращается", -1, None, "5/5"]], drop=4)
    back, u = read_table(data, "export.xlsx")
    assert [s.name for s in back.stages] == ["Знакомство", "Покупка", "Повторная покупка"]
    assert back.stages[0].id == m.stages[0].id and back.stages[1].id == m.stages[2].id
    new = back.stages[2]
    assert new.id not in {s.id for s in m.stages}
    assert new.values["actions"] == ["Возвращается"] and new.values["importance"] == 5
    assert new.values["emotion"] == {"score": -1, "words": ""}
    assert any("1 new stage" in note for note in u.notes) and any("1 stage removed" in note for note in u.notes)


def test_own_workbook_reordered_rows_and_unparseable_edit():
    m = sample_map()

    def edit(ws):
        first = [c.value for c in ws[3]]
        last = [c.value for c in ws[5]]
        for col, value in enumerate(last, start=1):
            ws.cell(3, col, value)
        for col, value in enumerate(first, start=1):
            ws.cell(5, col, value)
        ws["F4"] = "очень"  # importance of "Выбор": not a number

    back, u = read_table(cjm_workbook(m, edit=edit), "export.xlsx")
    assert [s.id for s in back.stages] == [m.stages[2].id, m.stages[1].id, m.stages[0].id]
    assert back.stages[1].values["importance"] == 4  # the base value stays
    unread = next(lane for lane in back.lanes if lane.label.endswith("(не распознано)"))
    assert back.stages[1].values[unread.key] == "очень"


def test_broken_cjm_sheet_falls_back_to_foreign_reading():
    wb = openpyxl.Workbook()
    for row in (["Этап", "Действия"], ["A", "x"]):
        wb.active.append(row)
    hidden = wb.create_sheet("_cjm")
    hidden["A1"] = "cjm-studio-map"
    hidden["A3"] = "{not json"
    out = io.BytesIO()
    wb.save(out)
    m, u = read_table(out.getvalue(), "x.xlsx")
    assert u.kind == "spreadsheet" and m.stages[0].values == {"actions": ["x"]}


# --- bad files --------------------------------------------------------------------------------------------


def test_size_cap_first_for_a_60_mb_csv():
    data = b"a;b\n" * (15 * 1024 * 1024)
    message = quick(read_table, data, "big.csv")
    assert "over the limit of 20.0 MB" in message


def test_empty_files():
    assert "empty" in quick(read_table, b"", "x.csv")
    assert "empty" in quick(read_table, b"  \n\n", "x.csv")


def test_csv_without_a_table():
    message = quick(read_table, b"a,b,c\n1,2,3\n", "numbers.csv")
    assert "no journey map table found" in message


def test_renamed_binary():
    message = quick(read_table, os.urandom(50_000).replace(b"PK", b"pk"), "map.xlsx")
    assert "not an Excel workbook" in message
    assert "binary data" in quick(read_table, b"\x00\x01" * 100, "map.csv")


def test_old_xls():
    assert ".xls" in quick(read_table, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")


def test_truncated_workbook():
    data = xlsx(RU_COLUMNS)
    assert "damaged" in quick(read_table, data[: len(data) // 2], "cut.xlsx")


def test_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in quick(read_table, out.getvalue(), "x.xlsx")


def test_zip_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                entry.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024
    message = quick(read_table, data, "bomb.xlsx")
    assert "zip bomb" in message


def test_compression_ratio_bomb_under_the_total_cap():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    assert "compressed" in quick(read_table, out.getvalue(), "ratio.xlsx")


def test_too_many_zip_entries():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(2_001):
            archive.writestr(f"x/{n}", "")
    assert "parts" in quick(read_table, out.getvalue(), "many.xlsx")


def _replace_entry(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def test_xml_entity_bomb_in_a_sheet():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                       for n in range(1, 10))
            + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    data = _replace_entry(xlsx([["Этап", "Действия"], ["A", "x"]]), "xl/worksheets/sheet1.xml", bomb)
    message = quick(read_table, data, "lol.xlsx")
    assert "forbidden XML" in message


def test_workbook_without_a_usable_sheet():
    message = quick(read_table, xlsx([["Выручка", "2024"], [100, 200]]), "finance.xlsx")
    assert "no sheet holds a journey map table" in message
    assert "no sheet holds" in quick(read_table, xlsx([]), "empty.xlsx")


def test_table_with_labels_but_no_stages():
    assert "no stages" in quick(read_table, xlsx([["Этап", "Действия", "Эмоции"]]), "head.xlsx")


def test_xml_entity_bomb_found_by_the_parser_past_the_prolog_scan(monkeypatch):
    """defusedxml itself refuses the DTD too (openpyxl wraps its error): the message is the same."""
    import cjm.xlsx.read as module
    monkeypatch.setattr(module, "PROLOG_BYTES", 5)
    data = _replace_entry(xlsx([["Этап", "Действия"], ["A", "x"]]), "xl/worksheets/sheet1.xml",
                          b'<?xml version="1.0"?>\n<!DOCTYPE z [<!ENTITY a "aaaa">]><worksheet/>')
    assert "forbidden XML" in quick(read_table, data, "lol.xlsx")
