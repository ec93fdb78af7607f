"""Times in data files: which format a column holds, and the SQL (DuckDB) that reads it as µs since 1970.

ISO 8601 (``2024-05-31 14:05``, ``2024-05-31T14:05``, ``2024-05-31``; with ``Z`` or ``+03:00`` the values are
moments, kept in UTC), ``31.05.2024 14:05``, ``31/05/2024`` (day first), ``05/31/2024`` (when the day-first reading
fails), Unix seconds or milliseconds, or Parquet's own date and time types. One format per column, decided from its
first :data:`SAMPLE_VALUES` values; :mod:`cjm.eventlog` refuses, with its row, any value that does not read.
"""

from __future__ import annotations

import re

from .tables import Table, data_error
from .tables import trimmed as trim_sql
from .validation import show

SAMPLE_VALUES = 1_000
_DMY = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
_MDY = ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p"]
_NUMBERS = ("BIGINT", "INTEGER", "UBIGINT", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL")


def _candidates(raw: str, trimmed: str) -> list[tuple[str, str]]:
    """(name, SQL giving µs since 1970 or NULL) for each way a text column may hold time. ``raw`` is the cell,
    ``trimmed`` the cell without blanks around it (a cast to TIMESTAMP skips them itself, and is much faster than
    one to TIMESTAMPTZ, which is only used when the values carry a UTC offset)."""
    return [
        ("iso", f"epoch_us(TRY_CAST({raw} AS TIMESTAMP))"),
        ("iso_offset", f"epoch_us(TRY_CAST({raw} AS TIMESTAMPTZ))"),
        ("dmy", f"epoch_us(try_strptime({trimmed}, {_list(_DMY)}))"),
        ("mdy", f"epoch_us(try_strptime({trimmed}, {_list(_MDY)}))"),
        ("unix", f"CASE WHEN regexp_full_match({trimmed}, '[0-9]{{1,11}}') THEN TRY_CAST({trimmed} AS BIGINT) * "
                 f"1000000 WHEN regexp_full_match({trimmed}, '[0-9]{{12,14}}') THEN TRY_CAST({trimmed} AS BIGINT) * "
                 "1000 END"),
    ]


_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:Z|[+-]\d\d(?::?\d\d)?)$", re.IGNORECASE)


def _list(formats: list[str]) -> str:
    return "[" + ", ".join("'" + f + "'" for f in formats) + "]"


def time_expression(table: Table, index: int) -> tuple[str, str]:
    """(format name, SQL of the time in µs since 1970) for column ``index``, chosen from its first values."""
    column = table.col(index)
    kind = (table.types or ["VARCHAR"] * len(table.columns))[index].upper()
    if kind.startswith(("TIMESTAMP", "DATE")):
        return "native", f"epoch_us(CAST({column} AS TIMESTAMP))" if "TIME ZONE" not in kind else \
            f"epoch_us({column})"
    if kind.startswith(_NUMBERS):
        raw = trimmed = f"CAST(CAST({column} AS BIGINT) AS VARCHAR)"
    else:
        raw, trimmed = f"CAST({column} AS VARCHAR)", trim_sql(f"CAST({column} AS VARCHAR)")
    sample = [row[0] for row in table.query(
        f"SELECT {trimmed} FROM data WHERE {trimmed} IS NOT NULL AND {trimmed} <> '' LIMIT {SAMPLE_VALUES}")]
    if not sample:
        raise data_error("eventlog.no_times", name=table.name, column=show(table.columns[index]))
    values = "(SELECT unnest(?::VARCHAR[]) AS v)"
    offsets = any(_OFFSET.search(value) for value in sample)
    for name, sql in _candidates("v", "v"):
        if name == "iso" and offsets:
            continue  # a cast to TIMESTAMP would drop the offsets
        if table.query(f"SELECT count(*) FILTER (WHERE ({sql}) IS NULL) FROM {values}", [sample])[0][0] == 0:
            return name, dict(_candidates(raw, trimmed))[name]
    return "iso", dict(_candidates(raw, trimmed))["iso"]  # the first value that does not read is reported by load()
