"""Checks before a file is parsed: its size, a workbook's zip directory, XML entity and DTD tricks.

The size cap (:data:`cjm.limits.MAX_FILE_BYTES`) comes first; a workbook's zip directory (entry count,
total uncompressed size, compression ratio) and the start of each XML part (no DTD) are checked before
openpyxl sees the file, and openpyxl reads through defusedxml (``openpyxl.DEFUSEDXML`` must be True:
checked at import). Every bad file gives a one-line :class:`MapFileError`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openpyxl

from .. import limits
from ..errors import CJMError, MapFileError
from . import settings

if openpyxl.DEFUSEDXML is not True:  # pragma: no cover - the environment is broken
    raise ImportError("cjm.xlsx needs defusedxml (pip install defusedxml) so that openpyxl refuses XML bombs")

_FORBIDDEN = "{name}: the workbook contains forbidden XML (entity or DTD declarations: an XML bomb?); refused"


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_size(data: bytes, name: str) -> None:
    if len(data) > limits.MAX_FILE_BYTES:
        raise MapFileError(f"{name}: {mb(len(data))}, over the limit of {mb(limits.MAX_FILE_BYTES)}")
    if not data.strip():
        raise MapFileError(f"{name}: the file is empty")


def check_zip(data: bytes, name: str) -> None:
    """Refuse a zip bomb, a zip that is not a workbook, and any XML part that declares a DTD."""
    damaged = f"{name}: a damaged or incomplete workbook (not a readable zip/xlsx file)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, IndexError):
        raise MapFileError(damaged) from None
    if len(entries) > settings.MAX_ZIP_ENTRIES:
        raise MapFileError(f"{name}: {len(entries):,} parts in the workbook; the limit is {settings.MAX_ZIP_ENTRIES:,}")
    total = sum(entry.file_size for entry in entries)
    if total > settings.MAX_UNZIPPED_BYTES:
        raise MapFileError(f"{name}: unpacks to {mb(total)}, over the limit of {mb(settings.MAX_UNZIPPED_BYTES)} "
                           "(a zip bomb or a far too large workbook)")
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > settings.RATIO_FLOOR and entry.file_size > settings.MAX_RATIO * packed:
            ratio = entry.file_size // packed
            raise MapFileError(f"{name}: a part of the workbook is compressed {ratio:,} times (a zip bomb?); refused")
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise MapFileError(f"{name}: a zip archive but not an Excel workbook (no xl/workbook.xml)")
    try:  # no part of a workbook declares a DTD: refuse entity tricks before any XML parser runs
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and not entry.is_dir():
                    with archive.open(entry) as part:
                        head = part.read(settings.PROLOG_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise MapFileError(_FORBIDDEN.format(name=name))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise MapFileError(damaged) from None


@contextmanager
def open_workbook(data: bytes, name: str) -> Iterator[Any]:
    """The checked workbook, read-only, values only, no external links; any openpyxl failure inside the
    ``with`` block (sheets are parsed lazily: an XML bomb shows up there) becomes one line."""
    check_zip(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except CJMError:
        raise
    except Exception as exc:  # openpyxl raises anything on a broken file; the user gets one line
        raise MapFileError(workbook_problem(name, exc)) from None
    try:
        yield workbook
    except CJMError:
        raise
    except Exception as exc:
        raise MapFileError(workbook_problem(name, exc)) from None
    finally:
        workbook.close()


def workbook_problem(name: str, exc: BaseException) -> str:
    """One line for an exception of openpyxl, looking through its causes (openpyxl wraps them in ValueError)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if (type(seen).__module__ or "").startswith("defusedxml") or "Forbidden" in type(seen).__name__:
            return _FORBIDDEN.format(name=name)
        seen = seen.__cause__ or seen.__context__
    return f"{name}: a damaged workbook that cannot be read ({type(exc).__name__})"
