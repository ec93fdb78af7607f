"""Data tables people export — orders, event logs — read by DuckDB: CSV or Parquet, headers in Russian or English.

* **Size first**: a file past its limit is refused before a byte of it is parsed (an upload:
  :data:`cjm.limits.MAX_FILE_BYTES`; a file named on the command line: :data:`cjm.limits.MAX_DATA_FILE_BYTES`).
* **Encoding**: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251 (Russian Excel), decided from the
  first 64 KB; a cp1251 file is re-encoded to UTF-8 in a temporary folder, in a stream. A file whose start is
  UTF-8 but whose later bytes are not is refused, naming the line (never read as cp1251 mojibake).
* **Separator**: ``;``, ``,``, tab or ``|``: the one that splits the first lines into the most equal rows.
  Quotes as Excel writes them (``"a;b"``, ``""`` inside).
* **Columns** are found by their header (:func:`find_column`): ``order``/``заказ``/``чек``…,
  ``item``/``товар``/``услуга``…, ``customer``/``клиент``…, ``event``/``этап``/``событие``…,
  ``timestamp``/``дата``/``время``…; the caller may name them instead. Inside DuckDB the columns are
  ``c0, c1, …`` (a view named ``data``), so no header text ever becomes SQL.

Every problem is a one-line :class:`DataError` with an i18n key, so the app says it in the UI language.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import limits
from .errors import CJMError
from .i18n import t
from .numbers import Megabytes
from .validation import show
from .xlsx.csv import best_delimiter

SNIFF_BYTES = 65_536
SNIFF_LINES = 40
CHUNK_BYTES = 1 << 20
DELIMITERS = (";", ",", "\t", "|")
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
#: What an uploader of data files (orders, event logs) takes: CSV-like text and Parquet (map files: cjm.formats).
DATA_EXTENSIONS = ("csv", "txt", "tsv", *(suffix.lstrip(".") for suffix in PARQUET_SUFFIXES))
ZIP_MAGIC = b"PK\x03\x04"
SURROGATE_CHECK_BYTES = 256 * 1024 * 1024  # a larger file found not UTF-8 late on is read as cp1251


class DataError(CJMError):
    """A data file that cannot be used, in one line. ``key``/``params`` name the line in :mod:`cjm.i18n`."""

    def __init__(self, message: str, key: str, **params: object):
        super().__init__(message)
        self.key = key
        self.params = params

    def text(self, language: str) -> str:
        """The line in ``language``."""
        return t(self.key, language, **self.params)


def data_error(key: str, **params: object) -> DataError:
    """A :class:`DataError` whose English line is the i18n table's."""
    return DataError(t(key, "en", **params), key, **params)


# --- the roles of columns ------------------------------------------------------------------------------
#: Header words that name a column's role, compared after :func:`header_key` (lower case, ё→е, ``_-./#№``
#: as spaces). A header equal to one of them wins over one that only contains it as whole words.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "order": ("order", "order id", "order no", "order number", "orderid", "receipt", "receipt id", "check",
              "check id", "transaction", "transaction id", "basket", "basket id", "cart id", "deal", "deal id",
              "invoice", "invoice id", "purchase id", "заказ", "номер заказа", "id заказа", "заказ id", "код заказа",
              "чек", "номер чека", "id чека", "сделка", "номер сделки", "id сделки", "транзакция", "счет",
              "номер счета", "документ", "номер документа", "покупка", "id покупки"),
    "item": ("item", "items", "product", "products", "sku", "goods", "service", "services", "article",
             "product name", "item name", "товар", "товары", "услуга", "услуги", "продукт", "продукты",
             "наименование", "номенклатура", "позиция", "позиции", "артикул", "состав", "состав заказа",
             "товары и услуги", "название товара"),
    "customer": ("customer", "customer id", "customerid", "client", "client id", "user", "user id", "userid",
                 "visitor", "visitor id", "account", "account id", "person", "contact", "contact id", "lead",
                 "lead id", "клиент", "id клиента", "клиент id", "код клиента", "покупатель", "id покупателя",
                 "пользователь", "id пользователя", "посетитель", "контакт", "лид"),
    "event": ("event", "event name", "event type", "action", "stage", "step", "activity", "status", "этап",
              "событие", "название события", "тип события", "действие", "шаг", "статус", "стадия"),
    "time": ("timestamp", "time", "datetime", "date", "event time", "event date", "created at", "created",
             "occurred at", "ts", "date time", "время", "дата", "дата и время", "дата время", "момент",
             "время события", "дата события"),
}
#: A bare "id" names the key of the rows: the order in a list of order lines, the customer in an event log.
GENERIC_ID = ("id", "ид", "номер", "no")
_SEPARATORS = re.compile(r"[\s_\-./#№:()]+")


def header_key(text: str) -> str:
    """'ID_заказа ' → 'id заказа': lower case, ё as е, separators as one space."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SEPARATORS.sub(" ", folded).strip()


def find_column(columns: Sequence[str], role: str, taken: Sequence[int] = (), generic_id: bool = False) -> int | None:
    """The index of the column whose header names ``role`` (see :data:`ROLE_NAMES`), or None.

    An exact name beats a header that holds the name as whole words ("Номер заказа в CRM"); the first column
    wins a tie; columns in ``taken`` are skipped. ``generic_id``: a bare "id" is taken when nothing else fits.
    """
    names = ROLE_NAMES[role]
    best: tuple[int, int] | None = None  # (rank, index): rank 0 exact, 1 contained
    for index, column in enumerate(columns):
        if index in taken:
            continue
        key = header_key(column)
        padded = f" {key} "
        if key in names:
            rank = 0
        elif any(f" {name} " in padded for name in names if len(name) > 2):
            rank = 1
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, index)
    if best is None and generic_id:
        best = next(((2, i) for i, c in enumerate(columns) if i not in taken and header_key(c) in GENERIC_ID), None)
    return None if best is None else best[1]


def pick_column(columns: Sequence[str], given: str | None) -> int | None:
    """The index of the column the user named (exact header, else the same after :func:`header_key`)."""
    if given is None:
        return None
    if given in columns:
        return list(columns).index(given)
    key = header_key(given)
    for index, column in enumerate(columns):
        if header_key(column) == key:
            return index
    raise data_error("data.no_such_column", column=show(given), columns=listed(columns))


def listed(columns: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(show(c, 30) for c in columns[:limit])
    return shown + (f" … (+{len(columns) - limit})" if len(columns) > limit else "")


# --- the file ------------------------------------------------------------------------------------------
@dataclass
class Table:
    """An open data file: DuckDB's view ``data`` with columns ``c0, c1, …`` (``columns`` holds the headers)."""

    con: duckdb.DuckDBPyConnection
    name: str
    columns: list[str]
    kind: str  # "csv" or "parquet"
    encoding: str | None = None
    delimiter: str | None = None
    types: list[str] | None = None  # DuckDB's type of each column (all VARCHAR for CSV)
    path: Path | None = None
    folder: Path | None = None
    ascii_start: bool = False  # a UTF-8 guess from an ASCII start: cp1251 may still come later

    def col(self, index: int) -> str:
        """The SQL name of column ``index``."""
        return f"c{index}"

    def rows(self) -> int:
        return self.query("SELECT count(*) FROM data")[0][0]

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Run ``sql``; a DuckDB failure (a broken row met half-way, memory) becomes one line."""
        return self._run(sql, params, fetch=True)

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self._run(sql, params, fetch=False)

    def _run(self, sql: str, params: Sequence[object], fetch: bool) -> list[tuple]:
        for attempt in (1, 2):
            try:
                cursor = self.con.execute(sql, list(params))
                return cursor.fetchall() if fetch else []
            except duckdb.Error as exc:
                if not _unicode_problem(exc) or self.kind != "csv" or self.path is None:
                    raise broken(self.name, exc) from None
                if attempt == 2 or self.encoding != "utf-8" or not self.ascii_start:
                    line, position = _first_bad_utf8(self.path)
                    raise data_error("data.mixed_encoding", name=self.name, line=line, position=position) from None
                # UTF-8 was a guess from an ASCII start and cp1251 came later: read it again as cp1251
                _refuse_surrogates(self.path.read_bytes() if self.path.stat().st_size <= SURROGATE_CHECK_BYTES
                                   else b"\xff", self.name)
                self.path = _transcode(self.path, self.folder or self.path.parent, self.name)
                self.encoding = "cp1251"
                self.con.execute(f"CREATE OR REPLACE VIEW data AS SELECT {_renamed(len(self.columns))} FROM "
                                 f"{_csv_source(self.path, self.delimiter or ',', 'utf-8')}")
        raise AssertionError("not reached")  # pragma: no cover


def _unicode_problem(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "unicode" in text or "utf-8" in text or "utf8" in text


def broken(name: str, exc: BaseException) -> DataError:
    """One line for DuckDB's several-line complaint: the line it names and what it says."""
    text = str(exc)
    where = re.search(r"[Ll]ine:? (\d+)", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    skip = ("Original Line", "Possible", "*", "DIALECT", "Delimiter", "Quote", "Escape", "Header", "Skip",
            "Comment", "Date", "Timestamp", "Column", "The search", "File", "CSV Error")
    reason = next((line for line in lines if not line.startswith(skip)), lines[0] if lines else type(exc).__name__)
    reason = re.sub(r"^[A-Za-z ]+ Error: ", "", reason)[:200]
    if where:
        return data_error("data.broken_line", name=name, line=int(where.group(1)), reason=reason)
    return data_error("data.broken", name=name, reason=reason)


def _utf8_start(head: bytes, whole: bool) -> bool:
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return not whole and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"


def _encoding(head: bytes, whole: bool, name: str) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"  # DuckDB skips the BOM
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _utf8_start(head, whole):
        return "utf-8"
    _refuse_surrogates(head, name)
    return "cp1251"


def _refuse_surrogates(data: bytes, name: str) -> None:
    """UTF-8 but for encoded surrogates (half of a UTF-16 pair, which no text can hold): refused, never read as
    cp1251 mojibake."""
    try:
        text = data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return
    position = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), 0)
    raise data_error("data.surrogate", name=name, line=text.count("\n", 0, position) + 1)


def _delimiter(head: str) -> str:
    """The separator that splits the first lines into the most rows of one width (a tie: the wider rows)."""
    sample = head.splitlines()[:SNIFF_LINES]
    if len(sample) > 1 and not head.endswith(("\n", "\r")):
        sample = sample[:-1]  # the last line may be cut
    return best_delimiter(sample, DELIMITERS)


def _transcode(path: Path, folder: Path, name: str) -> Path:
    """``path`` (cp1251) as UTF-8 in ``folder``, streamed; a byte cp1251 does not define is refused."""
    target = folder / "utf8.csv"
    decoder = codecs.getincrementaldecoder("cp1251")()
    offset = 0
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK_BYTES):
            try:
                dst.write(decoder.decode(chunk))
            except UnicodeDecodeError as exc:
                raise data_error("data.encoding", name=name, byte=f"0x{chunk[exc.start]:02x}",
                                 position=offset + exc.start) from None
            offset += len(chunk)
        dst.write(decoder.decode(b"", final=True))
    return target


def _first_bad_utf8(path: Path) -> tuple[int, int]:
    """(line, byte offset) of the first byte that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n"), offset + exc.start
            line += chunk.count(b"\n")
            offset += len(chunk)
    return line, offset


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise data_error("data.too_big", name=name, size=Megabytes(size), limit=Megabytes(max_bytes))
    if size == 0:
        raise data_error("data.empty", name=name)


def _connect(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"temp_directory": str(folder / "spill")})
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")  # faster; row numbers are asked for with ORDER BY
    con.execute("SET enable_progress_bar = false")
    return con


def _describe(con: duckdb.DuckDBPyConnection, source: str, name: str) -> tuple[list[str], list[str]]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as exc:
        raise broken(name, exc) from None
    return [row[0] for row in rows], [row[1] for row in rows]


def sql_text(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


#: Blanks trimmed around a cell of a data file (an order id, an item, a customer, an event, a time). Only these:
#: DuckDB's trim() without them also takes other Unicode spaces, which may be part of a value.
BLANKS = " \t\r\n"


def trimmed(sql: str) -> str:
    """The SQL of ``sql`` (text) without :data:`BLANKS` around it."""
    return f"trim({sql}, {sql_text(BLANKS)})"


def _renamed(count: int) -> str:
    return ", ".join(f"#{i + 1} AS c{i}" for i in range(count))


def _csv_source(path: Path, delimiter: str, encoding: str) -> str:
    options = (f"delim={sql_text(delimiter)}, quote='\"', escape='\"', header=true, all_varchar=true, "
               "null_padding=true" + (", encoding='utf-16'" if encoding == "utf-16" else ""))
    return f"read_csv({sql_text(str(path))}, {options})"


@contextmanager
def open_table(source: str | os.PathLike[str] | bytes, name: str | None = None, *,
               max_bytes: int | None = None) -> Iterator[Table]:
    """Open a CSV or Parquet file (a path, or an upload's bytes with its ``name``) as a :class:`Table`.

    The size is checked first (``max_bytes``: an upload's :data:`cjm.limits.MAX_FILE_BYTES` for bytes, else
    :data:`cjm.limits.MAX_DATA_FILE_BYTES`). Temporary files and DuckDB's connection go when the block ends.
    """
    if isinstance(source, bytes):
        name = name or "upload"
        _check_size(len(source), name, limits.MAX_FILE_BYTES if max_bytes is None else max_bytes)
    else:
        path = Path(source)
        name = name or str(path)
        try:
            if path.is_dir():
                raise data_error("data.folder", name=name)
            _check_size(path.stat().st_size, name, limits.MAX_DATA_FILE_BYTES if max_bytes is None else max_bytes)
        except FileNotFoundError:
            raise data_error("data.missing", name=name) from None
        except PermissionError:
            raise data_error("data.denied", name=name) from None
    with tempfile.TemporaryDirectory(prefix="cjm-data-") as temp:
        folder = Path(temp)
        if isinstance(source, bytes):
            path = folder / "upload"
            path.write_bytes(source)
        con = _connect(folder)
        try:
            yield _open(con, path, name, folder)
        finally:
            con.close()


def headers(source: str | os.PathLike[str] | bytes, name: str | None = None, *,
            max_bytes: int | None = None) -> list[str]:
    """The column headers of a data file (for a person to pick the roles)."""
    with open_table(source, name, max_bytes=max_bytes) as table:
        return list(table.columns)


def _open(con: duckdb.DuckDBPyConnection, path: Path, name: str, folder: Path) -> Table:
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise data_error("data.unreadable", name=name, reason=exc.strerror or str(exc)) from None
    if not head.strip():
        raise data_error("data.empty", name=name)
    if head.startswith(b"PAR1") or name.lower().endswith(PARQUET_SUFFIXES):
        source = f"read_parquet({sql_text(str(path))})"
        columns, types = _describe(con, source, name)
        table = Table(con, name, columns, "parquet", types=types, path=path, folder=folder)
    else:
        if head.startswith(ZIP_MAGIC):
            raise data_error("data.workbook", name=name)
        encoding = _encoding(head, whole=len(head) < SNIFF_BYTES, name=name)
        if encoding != "utf-16" and head.count(b"\x00") > len(head) // 10:
            raise data_error("data.binary", name=name)
        if encoding == "cp1251":
            path = _transcode(path, folder, name)
        text = head.decode({"utf-8": "utf-8-sig"}.get(encoding, encoding), errors="ignore").lstrip("\ufeff")
        delimiter = _delimiter(text)
        source = _csv_source(path, delimiter, encoding)
        columns, types = _describe(con, source, name)
        table = Table(con, name, columns, "csv", encoding, delimiter, types, path, folder,
                      ascii_start=encoding == "utf-8" and head.isascii())
    table.execute(f"CREATE VIEW data AS SELECT {_renamed(len(table.columns))} FROM {source}")
    return table
