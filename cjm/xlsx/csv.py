"""CSV: tables read as people save them, and the tidy CSV export.

Reading: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251 (Russian Excel); the separator (``;``,
``,`` or tab) is the one that gives the most rows of the same width. The table is then read like a foreign
spreadsheet (:mod:`cjm.xlsx.foreign`).

Writing: one row per stage. Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) get a leading apostrophe (OWASP ASVS 1.2.10, CWE-1236); everything
else is the text as typed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from typing import Any

from ..errors import MapFileError
from ..i18n import t
from ..lanes import LaneType
from ..model import Map
from .foreign import build, find_layout
from .settings import CSV_SNIFF_CHARS, CSV_SNIFF_LINES, KIND_CSV, MAX_COLS, MAX_ROWS
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
            raise MapFileError(f"{name}: damaged UTF-16 text") from None
    if b"\x00" in data[:CSV_SNIFF_CHARS]:
        raise MapFileError(f"{name}: binary data, not a CSV table (save the spreadsheet as .xlsx or CSV)")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _sniff(text: str) -> str:
    sample = text[:CSV_SNIFF_CHARS].splitlines()[:CSV_SNIFF_LINES]
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
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
        raise MapFileError(f"{name}: the file is empty")
    delimiter = _sniff(text)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([cell.strip() or None for cell in row[:MAX_COLS]])
            if len(rows) >= MAX_ROWS:
                break
    except csv.Error as exc:
        raise MapFileError(f"{name}: not a readable CSV table ({exc})") from None
    rows = trim(rows)
    layout = find_layout(rows)
    if layout is None:
        raise MapFileError(f"{name}: no journey map table found (no lane labels such as \"Действия\", \"Эмоции\", "
                           "\"Actions\", \"Pain points\" in the first column or a header row)")
    shown = t("xlsx.import.utf8_bom", language) if encoding == "utf-8-sig" else encoding
    separator = t("xlsx.import.tab", language) if delimiter == "\t" else delimiter
    return build(rows, layout, name, language, KIND_CSV, None,
                 [t("xlsx.import.csv", language, encoding=shown, separator=separator)])


# --- writing --------------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Quote text a spreadsheet would run as a formula; a plain number such as -2 stays a number."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
        return text
    except ValueError:
        return "'" + text


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
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[csv_safe(cell) for cell in row] for row in rows])
    return out.getvalue()
