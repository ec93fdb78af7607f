"""Bad files: size, emptiness, binaries, damaged zips, zip bombs, XML entity bombs; one line each, fast."""

from __future__ import annotations

import io
import os
import zipfile

from cjm.xlsx.read import read_table
from tests.xlsx_helpers import RU_COLUMNS, quick, xlsx

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
    import cjm.xlsx.settings as module
    monkeypatch.setattr(module, "PROLOG_BYTES", 5)
    data = _replace_entry(xlsx([["Этап", "Действия"], ["A", "x"]]), "xl/worksheets/sheet1.xml",
                          b'<?xml version="1.0"?>\n<!DOCTYPE z [<!ENTITY a "aaaa">]><worksheet/>')
    assert "forbidden XML" in quick(read_table, data, "lol.xlsx")
