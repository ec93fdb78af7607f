"""Map files by extension: which formats can be read and written.

JSON is the full-fidelity format. Further formats register here, and the CLI's
``convert`` and the app's import/export use this one table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import CJMError
from .mapfile import read_map, write_map
from .model import Map, new_id


def _text_writer(render: Callable[[Map], str], bom: bool = False) -> Callable[[Map, Path], None]:
    def write(m: Map, path: Path) -> None:
        from .mapfile import write_text_atomic

        write_text_atomic(path, ("\ufeff" if bom else "") + render(m))

    return write


def _csv(m: Map) -> str:
    from .xlsx.csv import to_csv

    return to_csv(m)


def _markdown(m: Map) -> str:
    from .text_export import to_markdown

    return to_markdown(m)


def _mermaid(m: Map) -> str:
    from .text_export import to_mermaid

    return to_mermaid(m)


def _table_reader(path: Path) -> Map:
    """A spreadsheet or CSV read as people make them (see cjm.xlsx.read); size checked first."""
    from . import limits
    from .i18n import language_from_env
    from .mapfile import MapFileError
    from .xlsx.read import read_table

    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise MapFileError(f"{path}: {size / 1024 / 1024:.1f} MB, over the limit of "
                               f"{limits.MAX_FILE_BYTES / 1024 / 1024:.1f} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise MapFileError(f"{path}: no such file") from None
    return read_table(data, path.name, language_from_env())[0]


def _write_xlsx(m: Map, path: Path) -> None:
    import os
    import tempfile

    from .xlsx.export import export_xlsx

    data = export_xlsx(m)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


READERS: dict[str, Callable[[Path], Map]] = {".json": read_map, ".xlsx": _table_reader, ".csv": _table_reader}
WRITERS: dict[str, Callable[[Map, Path], None]] = {
    ".json": write_map,
    ".xlsx": _write_xlsx,
    ".csv": _text_writer(_csv, bom=True),  # UTF-8 with BOM: Excel opens Cyrillic right
    ".md": _text_writer(_markdown),
    ".mmd": _text_writer(_mermaid),
}


def export_bytes(m: Map, extension: str) -> bytes:
    """The bytes of the file ``convert`` writes for ``extension`` ("xlsx", ".csv", …), for a download."""
    suffix = "." + extension.lstrip(".").lower()
    if suffix == ".xlsx":
        from .xlsx.export import export_xlsx

        return export_xlsx(m)
    if suffix == ".json":
        from .mapfile import map_to_json

        return map_to_json(m).encode("utf-8")
    texts = {".csv": ("\ufeff", _csv), ".md": ("", _markdown), ".mmd": ("", _mermaid)}
    if suffix not in texts:
        raise CJMError(f"cannot write {suffix}; writable: {', '.join(sorted(WRITERS))}")
    bom, render = texts[suffix]
    return (bom + render(m)).encode("utf-8")


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def read_any(path: str | Path) -> Map:
    path = Path(path)
    reader = READERS.get(_suffix(path))
    if reader is None:
        raise CJMError(f"{path}: cannot read {_suffix(path) or 'files without an extension'}; "
                       f"readable: {', '.join(sorted(READERS))}")
    return reader(path)


def check_writable(path: str | Path) -> None:
    path = Path(path)
    if _suffix(path) not in WRITERS:
        raise CJMError(f"{path}: cannot write {_suffix(path) or 'files without an extension'}; "
                       f"writable: {', '.join(sorted(WRITERS))}")


def write_any(m: Map, path: str | Path) -> None:
    path = Path(path)
    check_writable(path)
    WRITERS[_suffix(path)](m, path)


def download_name(m: Map, extension: str) -> str:
    """A safe file name for a download: the title in Latin letters, the date and the extension."""
    from .editing import custom_lane_key  # transliterates Cyrillic, keeps [a-z0-9_]

    stem = re.sub(r"_+", "-", custom_lane_key(m.title)).strip("-") or "map"
    return f"{stem}-{m.updated.strftime('%Y-%m-%d')}.{extension}"


def as_new_map(m: Map) -> Map:
    """An imported map gets a new id and the current time: an import never overwrites a map."""
    stamp = datetime.now(UTC)
    return m.model_copy(update={"id": new_id(), "created": stamp, "updated": stamp})


def import_bytes(data: bytes, filename: str, language: str) -> tuple[Map, Any]:
    """A map from an uploaded file (json, xlsx, csv) and how it was understood (None for JSON).

    The map is always a new one (:func:`as_new_map`). Raises :class:`CJMError` with one line.
    """
    from .mapfile import map_from_bytes

    suffix = Path(filename).suffix.lower()
    if suffix == ".json":
        return as_new_map(map_from_bytes(data, source=filename)), None
    if suffix in (".xlsx", ".csv"):
        from .xlsx.read import read_table

        m, understanding = read_table(data, filename, language)
        return as_new_map(m), understanding
    raise CJMError(f"{filename}: cannot import {suffix or 'files without an extension'}; "
                   "importable: .json, .xlsx, .csv")
