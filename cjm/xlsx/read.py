"""Import a journey map from a spreadsheet: an xlsx workbook or a CSV file.

:func:`read_table` decides by content (a zip is a workbook, anything else is read as CSV text; the
extension only sharpens the error message) and returns the new :class:`Map` together with an
:class:`Understanding`: what the preview shows before the file becomes a map.

* our own workbook comes back exactly, with the edits made in its Data sheet (:mod:`cjm.xlsx.workbook`);
* any other workbook, and CSV, is read as people make tables (:mod:`cjm.xlsx.foreign`, :mod:`cjm.xlsx.csv`);
* the file's size, a workbook's zip and its XML are checked before anything parses them
  (:mod:`cjm.xlsx.safety`). Every bad file gives a one-line :class:`MapFileError`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MapFileError, Phrase
from ..model import LANGUAGES, Map
from .csv import read_csv
from .safety import check_size
from .values import Understanding
from .workbook import read_workbook

__all__ = ["Understanding", "read_table"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 and other old Office files


def read_table(data: bytes, filename: str, language: str = "ru") -> tuple[Map, Understanding]:
    """A new map from the bytes of an xlsx or CSV file. Raises :class:`CJMError` (one line) on a bad file."""
    language = language if language in LANGUAGES else "ru"
    name = Path(filename or "").name or Phrase("err.file.the_file")
    check_size(data, name)
    ext = Path(name).suffix.lower()
    if data[:4] == _ZIP or (data[:2] == b"PK" and ext in (".xlsx", ".xlsm")):
        return read_workbook(data, name, language)
    if data[:8] == _OLE:
        raise MapFileError.keyed("err.xlsx.old", name=name)
    if ext in (".xlsx", ".xlsm", ".xltx"):
        raise MapFileError.keyed("err.xlsx.not_zip", name=name)
    return read_csv(data, name, language)
