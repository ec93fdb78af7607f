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

from ..errors import CJMError, MapFileError
from ..mapfile import too_big
from ..numbers import Megabytes, Whole
from . import settings

if openpyxl.DEFUSEDXML is not True:  # pragma: no cover - the environment is broken
    raise ImportError("cjm.xlsx needs defusedxml (pip install defusedxml) so that openpyxl refuses XML bombs")


def check_size(data: bytes, name: str) -> None:
    too_big(len(data), name)
    if not data.strip():
        raise MapFileError.keyed("err.file.empty", name=name)


def check_zip(data: bytes, name: str) -> None:
    """Refuse a zip bomb, a zip that is not a workbook, and any XML part that declares a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, IndexError):
        raise MapFileError.keyed("err.xlsx.damaged", name=name) from None
    if len(entries) > settings.MAX_ZIP_ENTRIES:
        raise MapFileError.keyed("err.xlsx.parts", name=name, count=Whole(len(entries)),
                                 limit=Whole(settings.MAX_ZIP_ENTRIES))
    total = sum(entry.file_size for entry in entries)
    if total > settings.MAX_UNZIPPED_BYTES:
        raise MapFileError.keyed("err.xlsx.unpacked", name=name, size=Megabytes(total),
                                 limit=Megabytes(settings.MAX_UNZIPPED_BYTES))
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > settings.RATIO_FLOOR and entry.file_size > settings.MAX_RATIO * packed:
            ratio = entry.file_size // packed
            raise MapFileError.keyed("err.xlsx.ratio", name=name, ratio=Whole(ratio))
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise MapFileError.keyed("err.xlsx.no_workbook", name=name)
    try:  # no part of a workbook declares a DTD: refuse entity tricks before any XML parser runs
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and not entry.is_dir():
                    with archive.open(entry) as part:
                        head = part.read(settings.PROLOG_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise MapFileError.keyed("err.xlsx.forbidden", name=name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise MapFileError.keyed("err.xlsx.damaged", name=name) from None


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
        raise workbook_problem(name, exc) from None
    try:
        yield workbook
    except CJMError:
        raise
    except Exception as exc:
        raise workbook_problem(name, exc) from None
    finally:
        workbook.close()


def workbook_problem(name: str, exc: BaseException) -> MapFileError:
    """The one-line error for an exception of openpyxl, looking through its causes (openpyxl wraps them in
    ValueError)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if (type(seen).__module__ or "").startswith("defusedxml") or "Forbidden" in type(seen).__name__:
            return MapFileError.keyed("err.xlsx.forbidden", name=name)
        seen = seen.__cause__ or seen.__context__
    return MapFileError.keyed("err.xlsx.unreadable", name=name, error=type(exc).__name__)
