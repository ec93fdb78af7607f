"""Map files: the one table of formats — extension, label, mime type, reader, writer.

The CLI (``convert``, ``validate``, ``score``), the Export page's downloads and the Library's
uploader all read :data:`FORMATS`; a format added here appears in each of them. JSON is the
full-fidelity format; ``.xlsx`` and ``.csv`` read back as people make them (see :mod:`cjm.xlsx`).

A reader takes ``(bytes, file name, language)`` and gives the map and how the file was understood
(None for JSON); a writer gives the file's bytes. Sizes are checked before any parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import CJMError, Phrase
from .i18n import t
from .model import Map, new_id

Reader = Callable[[bytes, str, str], tuple[Map, Any]]
Writer = Callable[..., bytes]  # (map) -> bytes; (map, version) -> bytes for a format that keeps the version


@dataclass(frozen=True, slots=True)
class Format:
    extension: str  # without the dot
    mime: str
    read: Reader | None
    write: Writer | None
    featured: bool = False  # the Export page shows it as a card with its help text
    keeps_version: bool = False  # the file records the library version it was made from (the workbook's update)

    @property
    def suffix(self) -> str:
        return "." + self.extension

    def label(self, language: str) -> str:
        return t(f"format.{self.extension}", language)

    def help(self, language: str) -> str:
        return t(f"format.{self.extension}.help", language)


# --- readers and writers (imports deferred: the CLI starts without openpyxl) --------------------------------
def _read_json(data: bytes, name: str, language: str) -> tuple[Map, Any]:
    from .mapfile import map_from_bytes

    return map_from_bytes(data, source=name), None


def _read_table(data: bytes, name: str, language: str) -> tuple[Map, Any]:
    from .xlsx.read import read_table

    return read_table(data, name, language)


def _write_json(m: Map) -> bytes:
    from .mapfile import map_to_json

    return map_to_json(m).encode("utf-8")


def _write_xlsx(m: Map, version: int | None = None) -> bytes:
    from .xlsx.export import export_xlsx

    return export_xlsx(m, version)


def _write_csv(m: Map) -> bytes:
    from .xlsx.csv import to_csv

    return ("\ufeff" + to_csv(m)).encode("utf-8")  # with a BOM: Excel opens Cyrillic right


def _write_markdown(m: Map) -> bytes:
    from .text_export import to_markdown

    return to_markdown(m).encode("utf-8")


def _write_mermaid(m: Map) -> bytes:
    from .text_export import to_mermaid

    return to_mermaid(m).encode("utf-8")


FORMATS: tuple[Format, ...] = (
    Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _read_table, _write_xlsx,
           featured=True, keeps_version=True),
    Format("json", "application/json", _read_json, _write_json, featured=True),
    Format("csv", "text/csv", _read_table, _write_csv),
    Format("md", "text/markdown", None, _write_markdown),
    Format("mmd", "text/plain", None, _write_mermaid),
)
BY_EXTENSION: dict[str, Format] = {f.extension: f for f in FORMATS}
CSV: Format = BY_EXTENSION["csv"]  # also the action plan's CSV for trackers (cjm/actions.py: cjm actions, Actions page)
READABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.read is not None)
WRITABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.write is not None)


def _format_of(name: str | Path) -> Format | None:
    return BY_EXTENSION.get(Path(name).suffix.lower().lstrip("."))


def _extension_of(name: str | Path) -> str:
    return Path(name).suffix.lower() or Phrase("err.format.no_extension")


def listed(formats: tuple[Format, ...]) -> str:
    return ", ".join(sorted("." + f.extension for f in formats))


def reader_for(name: str | Path) -> Format:
    """The format that reads the file ``name``, or a one-line :class:`CJMError` naming what can be read."""
    found = _format_of(name)
    if found is None or found.read is None:
        raise CJMError.keyed("err.format.read", name=str(name), extension=_extension_of(name),
                             formats=listed(READABLE))
    return found


def writer_for(name: str | Path) -> Format:
    """The format that writes the file ``name``, or a one-line :class:`CJMError` naming what can be written."""
    found = _format_of(name)
    if found is None or found.write is None:
        raise CJMError.keyed("err.format.write", name=str(name), extension=_extension_of(name),
                             formats=listed(WRITABLE))
    return found


# --- files (the CLI) -------------------------------------------------------------------------------------
def read_any(path: str | Path, language: str | None = None) -> Map:
    """The map in a file of any readable format (foreign tables are read with ``language``'s notes)."""
    return read_understood(path, language)[0]


def read_understood(path: str | Path, language: str | None = None) -> tuple[Map, Any]:
    """The map in a file and how the file was understood (None for JSON; see :mod:`cjm.xlsx.read`)."""
    from .i18n import language_from_env
    from .mapfile import read_file

    path = Path(path)
    found = reader_for(path)
    return found.read(read_file(path), str(path), language or language_from_env())


def check_writable(path: str | Path) -> None:
    writer_for(path)


def write_any(m: Map, path: str | Path) -> None:
    """Write ``m`` in the format of ``path``'s extension, atomically (a crash never leaves half a file)."""
    from .mapfile import write_bytes_atomic

    path = Path(path)
    write_bytes_atomic(path, writer_for(path).write(m))


# --- the app: downloads and uploads ----------------------------------------------------------------------
def export_bytes(m: Map, extension: str, version: int | None = None) -> bytes:
    """The bytes of the file ``convert`` writes for ``extension`` ("xlsx", ".csv", …), for a download.

    ``version``: the library version of ``m`` (None for a map with unsaved changes); a workbook keeps it, so
    that importing it back can update this map and say which version it was exported from."""
    found = writer_for("map." + extension.lstrip("."))
    return found.write(m, version) if found.keeps_version else found.write(m)


def download_name(m: Map, extension: str) -> str:
    """A safe file name for a download: the title in Latin letters, the date and the extension."""
    from .editing import custom_lane_key  # transliterates Cyrillic, keeps [a-z0-9_]

    stem = re.sub(r"_+", "-", custom_lane_key(m.title)).strip("-") or "map"
    return f"{stem}-{m.updated.strftime('%Y-%m-%d')}.{extension.lstrip('.')}"


def as_new_map(m: Map) -> Map:
    """An imported map gets a new id and the current time: an import never overwrites a map."""
    stamp = datetime.now(UTC)
    return m.model_copy(update={"id": new_id(), "created": stamp, "updated": stamp})


def import_bytes(data: bytes, filename: str, language: str) -> tuple[Map, Any]:
    """A map from an uploaded file and how it was understood (None for JSON).

    The map is always a new one (:func:`as_new_map`). Raises :class:`CJMError` with one line.
    """
    found = _format_of(filename)
    if found is None or found.read is None:
        raise CJMError.keyed("err.format.import", name=filename, extension=_extension_of(filename),
                             formats=listed(READABLE))
    m, understanding = found.read(data, filename, language)
    return as_new_map(m), understanding


def import_text(text: str, language: str) -> tuple[Map, Any]:
    """A map from cells pasted from Excel or Google Sheets (tab-separated text), and how they were understood."""
    from .xlsx.csv import read_pasted

    m, understanding = read_pasted(text, language)
    return as_new_map(m), understanding
