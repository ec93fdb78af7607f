"""Map files by extension: which formats can be read and written.

JSON is the full-fidelity format. Further formats register here, and the CLI's
``convert`` and the app's import/export use this one table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import CJMError
from .mapfile import read_map, write_map
from .model import Map

READERS: dict[str, Callable[[Path], Map]] = {".json": read_map}
WRITERS: dict[str, Callable[[Map, Path], None]] = {".json": write_map}


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
