"""CSV: tables read as people save them, and the tidy CSV export.

Reading: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251 (Russian Excel); the separator (``;``,
``,`` or tab) is the one that gives the most rows of the same width. The table is then read like a foreign
spreadsheet (:mod:`cjm.xlsx.foreign`).

Writing (:func:`to_csv`): one row per stage, safe for a reader that splits on "," and for one that splits on
";": no field either of them reads, and no line of such a field, starts with ``=``, ``+``, ``-``, ``@``, tab
or CR unless it is a plain number (an apostrophe goes before it; OWASP ASVS 1.2.10, CWE-1236), and a cell
holding a separator, a quote or a line break is quoted. Everything else is the text as typed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from typing import Any

from .. import limits
from ..errors import MapFileError
from ..i18n import t
from ..lanes import LaneType
from ..model import Map
from ..numbers import Whole
from .foreign import build, find_layout
from .settings import CSV_SNIFF_CHARS, CSV_SNIFF_LINES, KIND_CSV, KIND_PASTE, MAX_COLS, MAX_ROWS
from .values import Understanding, trim

# --- reading --------------------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the name of its encoding (``utf-8-sig`` for UTF-8 with a BOM)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise MapFileError.keyed("err.csv.utf16", name=name) from None
    if b"\x00" in data[:CSV_SNIFF_CHARS]:
        raise MapFileError.keyed("err.csv.binary", name=name)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _sniff(text: str) -> str:
    return best_delimiter(text[:CSV_SNIFF_CHARS].splitlines()[:CSV_SNIFF_LINES], (";", ",", "\t"))


def best_delimiter(sample: list[str], delimiters: tuple[str, ...]) -> str:
    """The separator that splits ``sample`` (lines) into the most rows of one width (a tie: the wider rows)."""
    best, best_score = ",", (-1, -1)
    for delimiter in delimiters:
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter) if any(cell.strip() for cell in row)]
        if not counts:
            continue
        width, times = Counter(counts).most_common(1)[0]
        score = (times if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, name: str, language: str) -> tuple[Map, Understanding]:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise MapFileError.keyed("err.file.empty", name=name)
    delimiter = _sniff(text)
    rows, layout = _table(text, delimiter, name, "err.csv.unreadable")
    shown = t("xlsx.import.utf8_bom", language) if encoding == "utf-8-sig" else encoding
    separator = t("xlsx.import.tab", language) if delimiter == "\t" else delimiter
    return build(rows, layout, name, language, KIND_CSV, None,
                 [t("xlsx.import.csv", language, encoding=shown, separator=separator)])


def _table(text: str, delimiter: str, name: str, unreadable: str) -> tuple[list[list[Any]], Any]:
    """The cells of a CSV or pasted text (stripped, blanks None, within the row and column limits) and the map
    table found in them; a one-line MapFileError when the text is not a table (its key: ``unreadable``) or holds
    no map."""
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([cell.strip() or None for cell in row[:MAX_COLS]])
            if len(rows) >= MAX_ROWS:
                break
    except csv.Error as exc:
        raise MapFileError.keyed(unreadable, name=name, reason=str(exc)) from None
    rows = trim(rows)
    layout = find_layout(rows)
    if layout is None:
        raise MapFileError.keyed("err.csv.no_table", name=name)
    return rows, layout


def read_pasted(text: str, language: str, name: str = "") -> tuple[Map, Understanding]:
    """Cells copied from Excel or Google Sheets (tab-separated lines; a quoted cell may hold line breaks), read
    like a CSV table. Text without a tab is tried with ``;`` and ``,`` as a CSV file would be."""
    name = name or t("mapping.pasted_name", language)
    if len(text.encode("utf-8", "surrogatepass")) > limits.MAX_FILE_BYTES:
        raise MapFileError.keyed("err.paste.too_big", name=name, limit=Whole(limits.MAX_FILE_BYTES // (1024 * 1024)))
    if not text.strip():
        raise MapFileError.keyed("err.paste.empty", name=name)
    delimiter = "\t" if "\t" in text else _sniff(text)
    rows, layout = _table(text.replace("\r\n", "\n"), delimiter, name, "err.paste.unreadable")
    return build(rows, layout, name, language, KIND_PASTE, None, [])


# --- writing --------------------------------------------------------------------------------------------


# Where a reader can start a cell: the cell's start; after a line break (a reader that splits lines first);
# after "," or ";" (a reader that splits on the other separator than ours: Excel in a Russian or German
# locale opens a comma file splitting on ";" and does not see our quotes); after a quote (such a reader
# opens a quoted field there). A formula character in any of those places gets an apostrophe before it.
_CELL_STARTS = re.compile(r'(?:^|(?<=[\r\n,;"]))(?=[=+\-@\t\r])')  # = + - @ tab CR
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_NEEDS_QUOTES = re.compile('[,;"\r\n]')


def csv_safe(text: str, number_ok: bool = True) -> str:
    """``text`` that no spreadsheet runs as a formula, whether it splits on "," or ";" (OWASP ASVS 1.2.10,
    CWE-1236): every place a cell or a line can start with ``= + - @``, tab or CR gets an apostrophe before
    it. A plain number such as ``-2`` or ``-2.5`` stays a number when it is the whole cell (``number_ok``)."""
    if number_ok and _PLAIN_NUMBER.fullmatch(text):
        return text
    return _CELL_STARTS.sub("'", text)


def _quoted(text: str) -> str:
    """Quoted when it holds a separator of either kind, a quote or a line break (so a ";" reader keeps it whole
    when it starts its line)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV text, "," between cells, LF between rows, every cell made safe by :func:`csv_safe`.

    The first cell of a row keeps no signed number (``-2`` becomes ``'-2``): a ";" reader would read it
    together with the rest of the line (``-2,…``), which is no longer a number. Rows end with LF, not
    CRLF: a ";" reader that opens a quote at the end of a cell would start its field with CR.
    """
    lines = []
    for row in rows:
        cells = [csv_safe(cell, number_ok=index > 0 or len(row) == 1) for index, cell in enumerate(row)]
        line = ",".join(_quoted(cell) for cell in cells)
        lines.append((line if line or len(cells) != 1 else '""') + "\n")  # a lone empty cell is not a blank line
    return "".join(lines)


def to_csv(m: Map) -> str:
    """One row per stage: the stage, then one column per lane (an emotion lane: score and words)."""
    header = [t("board.stage", m.language)]
    for lane in m.lanes:
        header.append(lane.label)
        if lane.type is LaneType.EMOTION:
            header.append(f"{lane.label} ({t('grid.emotion_words', m.language)})")
    rows = [header]
    for stage in m.stages:
        row = [stage.name]
        for lane in m.lanes:
            value = stage.values.get(lane.key)
            if lane.type is LaneType.EMOTION:
                row += ["" if not value or value["score"] is None else str(value["score"]),
                        value["words"] if value else ""]
            elif lane.type is LaneType.LIST:
                row.append("\n".join(value or []))
            elif value is None:
                row.append("")
            else:
                row.append(str(value))
        rows.append(row)
    return csv_text(rows)
