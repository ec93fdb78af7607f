"""The JSON file format of a map: reading, writing, versions and the JSON Schema.

A map file is UTF-8 JSON: one object, the fields of :class:`cjm.model.Map`, with
``schema_version`` first. Older versions are migrated on load (:data:`MIGRATIONS`);
a file from a newer CJM Studio is refused with a clear message.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import limits
from .errors import MapFileError, MapValidationError, Phrase
from .model import SCHEMA_VERSION, Map
from .numbers import Megabytes, Whole
from .validation import problem_of, show, shown

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "map.schema.json"

#: ``MIGRATIONS[n]`` turns a version-n document into a version-(n+1) one.
def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added phases, evidence marks and actions, all optional: a version-1 map is a version-2 map."""
    return {**document, "schema_version": 2}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def map_from_bytes(data: bytes, source: str | None = None) -> Map:
    """Parse the bytes of a map file. Raises :class:`MapFileError` or :class:`MapValidationError`."""
    source = source or Phrase("err.file.the_file")
    too_big(len(data), source)
    if not data.strip():
        raise MapFileError.keyed("err.file.empty", name=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MapFileError.keyed("err.file.not_utf8", name=source, byte=f"0x{data[exc.start]:02x}",
                                 position=Whole(exc.start)) from None
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise MapFileError.keyed("err.file.json", name=source, reason=exc.msg, line=Whole(exc.lineno),
                                 column=Whole(exc.colno)) from None
    except RecursionError:
        raise MapFileError.keyed("err.file.json_deep", name=source) from None
    except _Constant as exc:  # NaN / Infinity
        raise MapFileError.keyed("err.file.json_constant", name=source, constant=exc.constant) from None
    return map_from_dict(document)


def too_big(size: int, name: str) -> None:
    """A :class:`MapFileError` when ``size`` bytes are over the limit of a file the app or the CLI reads."""
    if size > limits.MAX_FILE_BYTES:
        raise MapFileError.keyed("err.file.too_big", name=name, size=Megabytes(size),
                                 limit=Megabytes(limits.MAX_FILE_BYTES))


class _Constant(ValueError):
    def __init__(self, constant: str):
        super().__init__(f"{constant} is not a JSON number")
        self.constant = constant


def _reject_constant(name: str) -> Any:
    raise _Constant(name)


def map_from_dict(document: Any) -> Map:
    """A :class:`Map` from a parsed JSON document, migrating older versions."""
    if not isinstance(document, dict):
        raise MapFileError.keyed("err.map.not_object", got=show(document))
    version = document.get("schema_version")
    if "schema_version" not in document:
        raise MapFileError.keyed("err.map.no_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise MapFileError.keyed("err.map.bad_version", got=show(version))
    if version > SCHEMA_VERSION:
        raise MapFileError.keyed("err.map.newer", version=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](dict(document))
        version = document["schema_version"]
    try:
        return Map.model_validate(document)
    except ValidationError as exc:
        raise MapValidationError(describe_validation_error(exc, document)) from None


def read_map(path: str | os.PathLike[str]) -> Map:
    """Read a map file, checking its size before reading it."""
    return map_from_bytes(read_file(path), source=str(path))


def read_file(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, its size checked before it is read; a one-line :class:`MapFileError` otherwise."""
    path = Path(path)
    try:
        too_big(path.stat().st_size, str(path))
        if path.is_dir():
            raise MapFileError.keyed("err.file.folder", name=str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise MapFileError.keyed("err.file.missing", name=str(path)) from None
    except PermissionError:
        raise MapFileError.keyed("err.file.denied", name=str(path)) from None
    except OSError as exc:
        raise MapFileError.keyed("err.file.unreadable", name=str(path), reason=exc.strerror or str(exc)) from None


def map_to_dict(m: Map) -> dict[str, Any]:
    """The map as plain JSON values."""
    return m.model_dump(mode="json")


def map_to_json(m: Map) -> str:
    """The text of a map file: pretty, UTF-8 friendly (Cyrillic stays readable)."""
    return json.dumps(map_to_dict(m), ensure_ascii=False, indent=2) + "\n"


def write_map(m: Map, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    write_text_atomic(Path(path), map_to_json(m))


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, synced, then renamed over ``path``."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the file format, generated from the model."""
    schema = Map.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CJM Studio journey map"
    schema["description"] = (
        f"A customer journey map, file format version {SCHEMA_VERSION}. Cell values are checked "
        "against their lane's type beyond this schema: see docs/file-format.md."
    )
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def describe_validation_error(exc: ValidationError, document: Any) -> list[str]:
    """One readable line per pydantic error, naming the stage or lane by its name (a :class:`Phrase` when the
    model's own check said why, so that it is said in the reader's language)."""
    problems: list[str] = []
    for error in exc.errors(include_url=False):
        if error["type"] == "map_rules":
            problems.extend(error["ctx"]["problems"])
            continue
        where = _where(error["loc"], document)
        message: str = error["msg"].removeprefix("Value error, ")
        if error["type"] == "value_error":
            message = problem_of(error.get("ctx", {}).get("error", message))
        elif error["type"] == "missing":
            message = Phrase("err.field.missing")
        elif error["type"] == "extra_forbidden":
            message = Phrase("err.field.extra")
        elif error["type"] == "string_unicode":  # pydantic's own check met a lone surrogate
            message = Phrase("err.field.surrogate")
        elif error["type"] in ("string_type", "int_type", "bool_type", "list_type", "dict_type", "enum",
                               "literal_error", "string_pattern_mismatch", "float_type", "datetime_from_date_parsing",
                               "datetime_parsing", "datetime_type", "model_type", "int_parsing", "string_too_long"):
            message = f"{message}, got {show(error.get('input'))}"
        problems.append(Phrase("err.where.problem", where=where, problem=message) if where else message)
    return problems


_WHERE = {"stages": ("err.where.stage_named", "err.where.stage_n"),
          "lanes": ("err.where.lane_named", "err.where.lane_n")}


def _where(loc: tuple[Any, ...], document: Any) -> str:
    """Turn ('stages', 2, 'name') into 'Stage 3 ("Оценка"), name'."""
    parts: list[str] = []
    node = document
    i = 0
    while i < len(loc):
        part = loc[i]
        if part in ("stages", "lanes") and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            index = loc[i + 1]
            item = node[part][index] if isinstance(node, dict) and isinstance(node.get(part), list) else None
            label = None
            if isinstance(item, dict):
                label = item.get("name") if part == "stages" else item.get("label") or item.get("key")
            named, numbered = _WHERE[part]
            if isinstance(label, str) and label.strip():
                parts.append(Phrase(named, number=index + 1, name=shown(label)))
            else:
                parts.append(Phrase(numbered, number=index + 1))
            node = item
            i += 2
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
        i += 1
    if not parts:
        return ""
    head, rest = parts[0], parts[1:]
    return Phrase("err.where.path", where=head, path=".".join(rest)) if rest else head
