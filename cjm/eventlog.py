"""The funnel from an event log: how many customers reach each stage, where they drop, how long they take.

An event log (CSV or Parquet, read by :mod:`cjm.tables`) has a customer id, an event (or stage) and a timestamp
column per row. DuckDB runs the whole query; Python only builds it.

**Steps.** With a map, each stage is a step, fed by the events matched to it (:func:`match_stages`: the stage's
name and the event's compared without case, spaces, ``_`` and ``-``; the app lets a person fix the mapping;
a stage may take several events). A stage with no event is no step: its count is "no data". Without a map, the
steps are the distinct events in the order customers typically reach them (:func:`typical_order`: the mean
position of each event's first time in each customer's own sequence; ties: more customers first).

**An ordered funnel.** A customer reaches step 1 at their first event of it, and step *k* at their first event of
step *k* at or after the moment they reached step *k − 1* (so the counts never grow down the funnel and
``conversion = next / this``, as the map's scoring computes it from the ``metrics`` lane). Per step: customers
who reached it, the **conversion** to the next step (0…1), the **drop-off** (1 − conversion) and the **median
hours** from this step to the next among those who made it. Customers are told apart by two 64-bit hashes of
the id (128 bits: no two ids of a real log share both).

Timestamps are read as :mod:`cjm.timestamps` says (ISO 8601, ``31.05.2024 14:05``, Unix time, Parquet's types; one
format per file); a cell that does not read is refused with its row (nothing is dropped silently).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .editing import add_standard_lane, set_value
from .errors import CJMError
from .lanes import LaneType
from .model import METRICS_KEY, Map
from .tables import Table, data_error, find_column, listed, open_table, pick_column, trimmed
from .timestamps import time_expression
from .validation import show

_NOT_IN_NAMES = re.compile(r"[\s_\-]+")


@dataclass(frozen=True, slots=True)
class LogColumns:
    customer: int
    event: int
    time: int


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    rows: int
    customers: int


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the funnel."""

    stage: str
    events: tuple[str, ...]
    customers: int | None  # None: no event feeds this stage
    conversion: float | None  # to the next step, 0…1; None: last step or no data
    drop_off: float | None
    median_hours_to_next: float | None
    stage_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"stage": self.stage, "customers": self.customers, "conversion": self.conversion,
                                "drop_off": self.drop_off, "median_hours_to_next": self.median_hours_to_next,
                                "events": list(self.events)}
        if self.stage_id is not None:
            data["stage_id"] = self.stage_id
        return data


@dataclass
class EventLog:
    """An open, loaded event log: the temporary table ``ev`` (customer key, event, time in µs since 1970)."""

    table: Table
    columns: LogColumns
    rows: int
    customers: int
    skipped: int  # rows without a customer id or an event
    events: list[Event] = field(default_factory=list)
    time_format: str = ""
    scan: str = ""  # the SQL that reads the file's rows as (k1, k2, e, ts)
    # one entry per (customer, event): the customer's number, the event's index in ``events``, first and last time
    customer: Any = None
    event: Any = None
    first: Any = None
    last: Any = None
    keys: Any = None  # (k1, k2) of each customer number

    @property
    def name(self) -> str:
        return self.table.name


# --- columns and timestamps -----------------------------------------------------------------------------
def guess_columns(columns: Sequence[str]) -> tuple[int | None, int | None, int | None]:
    """(customer, event, time): the columns whose headers name them, or None (:func:`cjm.tables.find_column`)."""
    time_index = find_column(columns, "time")
    event_index = find_column(columns, "event", taken=[i for i in (time_index,) if i is not None])
    taken = [i for i in (time_index, event_index) if i is not None]
    return find_column(columns, "customer", taken=taken, generic_id=True), event_index, time_index


def detect_columns(table: Table, customer: str | None = None, event: str | None = None,
                   time: str | None = None) -> LogColumns:
    """The customer, event and time columns (named by the user, else found by their headers)."""
    columns = table.columns
    guessed = guess_columns(columns)
    picked = [pick_column(columns, given) for given in (customer, event, time)]
    found = [given if given is not None else guess for given, guess in zip(picked, guessed, strict=True)]
    for index, key in zip(found, ("eventlog.no_customer_column", "eventlog.no_event_column",
                                  "eventlog.no_time_column"), strict=True):
        if index is None:
            raise data_error(key, name=table.name, columns=listed(columns))
    result = LogColumns(*found)  # type: ignore[arg-type]
    if len(set(found)) < 3:
        raise data_error("data.same_column", column=columns[result.event])
    return result


# --- loading --------------------------------------------------------------------------------------------
def _scan_sql(table: Table, columns: LogColumns, time_sql: str, trim_events: bool) -> str:
    """Every row as (k1, k2: the customer's two 64-bit hashes, e: the event, ts: µs); NULL where a cell is empty.
    ``trim_events``: the event without blanks around it (else as it is; :func:`load` trims the few distinct names
    after the aggregation, which is much cheaper than trimming every row)."""
    customer = trimmed(f"CAST({table.col(columns.customer)} AS VARCHAR)")
    event = f"CAST({table.col(columns.event)} AS VARCHAR)"
    if trim_events:
        event = trimmed(event)
    return (f"SELECT CASE WHEN c <> '' THEN hash(c) END AS k1, CASE WHEN c <> '' THEN hash(c, 'cjm') END AS k2, "
            f"NULLIF(e, '') AS e, ts FROM (SELECT {customer} AS c, {event} AS e, {time_sql} AS ts FROM data)")


def load(table: Table, columns: LogColumns) -> EventLog:
    """Read the log once into DuckDB's ``p`` — per customer and event the first and last time and the count — and
    take ``p`` into numpy arrays (what the typical order and the funnel walk).

    A row without a customer or an event is left out (and counted); a timestamp that does not read is refused
    with its row."""
    import numpy as np

    if not table.query("SELECT 1 FROM data LIMIT 1"):
        raise data_error("data.no_rows", name=table.name)
    time_format, time_sql = time_expression(table, columns.time)
    table.execute(f"CREATE OR REPLACE TEMP TABLE p AS SELECT k1, k2, e, min(ts) AS first, max(ts) AS last, "
                  f"count(*) AS n, count(*) - count(ts) AS unread "
                  f"FROM ({_scan_sql(table, columns, time_sql, trim_events=False)}) GROUP BY k1, k2, e")
    by_event = "SELECT e, sum(n), count(*) FILTER (WHERE k1 IS NOT NULL), sum(n) FILTER (WHERE k1 IS NULL), " \
               "sum(unread) FILTER (WHERE k1 IS NOT NULL) FROM p GROUP BY e"
    found = table.query(by_event)
    if any(e is not None and e != e.strip(" \t\r\n") for e, *_ in found):  # blanks around names: merge them
        table.execute(f"CREATE OR REPLACE TEMP TABLE p AS SELECT k1, k2, NULLIF({trimmed('e')}, '') AS e, "
                      "min(first) AS first, max(last) AS last, sum(n) AS n, sum(unread) AS unread FROM p "
                      f"GROUP BY k1, k2, NULLIF({trimmed('e')}, '')")
        found = table.query(by_event)
    rows = sum(int(n or 0) for _, n, *_ in found)
    if rows == 0:
        raise data_error("data.no_rows", name=table.name)
    skipped = sum(int(n or 0) if e is None else int(lost or 0) for e, n, _, lost, _ in found)
    unread = sum(int(u or 0) for e, *_, u in found if e is not None)
    if unread:
        _refuse_times(table, columns.time, time_sql, unread)
    log = EventLog(table, columns, rows, 0, skipped, time_format=time_format)
    log.scan = _scan_sql(table, columns, time_sql, trim_events=True)
    named = sorted(((e, int(n or 0) - int(lost or 0), int(c)) for e, n, c, lost, _ in found if e is not None and c),
                   key=lambda x: (-x[2], x[0]))
    log.events = [Event(e, n, c) for e, n, c in named]
    if not log.events:
        raise data_error("eventlog.no_events", name=table.name)
    names = [e.name for e in log.events]
    table.execute("CREATE OR REPLACE TEMP TABLE codes AS SELECT unnest(?::VARCHAR[]) AS e, "
                  "unnest(range(?))::INTEGER AS code, unnest(?::INTEGER[]) AS by_name",
                  [names, len(names), _ranks(names)])
    try:  # sorted by customer, then time: the typical order reads positions straight off it
        got = table.con.execute("SELECT p.k1, p.k2, c.code, p.first, p.last FROM p JOIN codes c USING (e) "
                                "WHERE p.k1 IS NOT NULL ORDER BY p.k1, p.k2, p.first, c.by_name").fetchnumpy()
    except Exception as exc:  # noqa: BLE001 - DuckDB's errors become one line
        from .tables import broken

        raise broken(table.name, exc) from None
    k1, k2 = np.asarray(got["k1"]), np.asarray(got["k2"])
    new = np.ones(len(k1), dtype=bool)
    new[1:] = (k1[1:] != k1[:-1]) | (k2[1:] != k2[:-1])
    log.customer = np.cumsum(new) - 1
    log.customers = int(log.customer[-1]) + 1 if len(k1) else 0
    log.keys = (k1[new], k2[new])
    log.event = np.asarray(got["code"])
    log.first, log.last = np.asarray(got["first"]), np.asarray(got["last"])
    return log


def _ranks(names: list[str]) -> list[int]:
    """Each name's place in alphabetical order."""
    ranks = [0] * len(names)
    for place, index in enumerate(sorted(range(len(names)), key=names.__getitem__)):
        ranks[index] = place
    return ranks


def _refuse_times(table: Table, index: int, time_sql: str, unread: int) -> None:
    table.execute("SET preserve_insertion_order = true")
    found = table.query(
        f"SELECT n, raw FROM (SELECT row_number() OVER () AS n, CAST({table.col(index)} AS VARCHAR) AS raw, "
        f"{time_sql} AS ts FROM data) WHERE ts IS NULL ORDER BY n LIMIT 1")
    row, raw = found[0] if found else (0, None)
    raise data_error("eventlog.bad_time", name=table.name, count=unread, row=row + 1,
                     column=show(table.columns[index]), value=show(raw or ""))


def typical_order(log: EventLog) -> list[str]:
    """The distinct events in the order customers typically reach them: the mean position of each event's first
    time in each customer's own sequence (1 = their first event), then more customers first, then the name."""
    import numpy as np

    names = [e.name for e in log.events]
    customer = log.customer  # rows come sorted by customer, then first time, then name (see load)
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    position = np.arange(len(customer)) - np.repeat(starts, np.diff(np.r_[starts, len(customer)])) + 1
    mean = np.bincount(log.event, weights=position, minlength=len(names)) / \
        np.maximum(np.bincount(log.event, minlength=len(names)), 1)
    return [names[i] for i in sorted(range(len(names)), key=lambda i: (mean[i], -log.events[i].customers, names[i]))]


# --- stages and events ----------------------------------------------------------------------------------
def name_key(text: str) -> str:
    """'Add to cart' and 'add_to_cart' alike: no case, no spaces, ``_`` or ``-``; ё as е."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _NOT_IN_NAMES.sub("", folded)


def match_stages(m: Map, events: Sequence[str]) -> dict[str, list[str]]:
    """Each stage's id → the events whose name matches the stage's (see :func:`name_key`); [] for none."""
    by_key: dict[str, list[str]] = {}
    for name in events:
        by_key.setdefault(name_key(name), []).append(name)
    return {stage.id: list(by_key.get(name_key(stage.name), [])) for stage in m.stages}


# --- the funnel -----------------------------------------------------------------------------------------
_NONE_FIRST = 2**63 - 1  # "no event of this step": later than any time
_NONE_LAST = -(2**63)


def funnel(log: EventLog, steps: Sequence[tuple[str, Sequence[str], str | None]]) -> list[Step]:
    """The ordered funnel over ``steps``: (label, the events that feed it, the stage id or None).

    Each customer's first and last time at each step (numpy, from ``p``) settle the chain for nearly everyone: the
    step is reached at its first time when that is not before the previous step, and never when its last time
    is. A customer with an earlier *and* a later event of a step than the previous one is walked again exactly
    over their own events (a second read of the file, for those customers only)."""
    import numpy as np

    if len(steps) > limits.MAX_STAGES:
        raise CJMError.keyed("err.funnel.steps", limit=limits.MAX_STAGES, count=len(steps))
    table = log.table
    fed = [k for k, (_, events, _) in enumerate(steps) if events]
    counts = dict.fromkeys(fed, 0)
    durations: dict[int, list[Any]] = {k: [] for k in fed}
    if fed:
        code_of = {e.name: i for i, e in enumerate(log.events)}
        firsts, lasts = {}, {}
        for k in fed:  # each customer's first and last time at step k (several events may feed it)
            codes = [code_of[e] for e in dict.fromkeys(steps[k][1]) if e in code_of]
            rows = np.isin(log.event, codes)
            first = np.full(log.customers, _NONE_FIRST, dtype=np.int64)
            last = np.full(log.customers, _NONE_LAST, dtype=np.int64)
            np.minimum.at(first, log.customer[rows], log.first[rows])
            np.maximum.at(last, log.customer[rows], log.last[rows])
            firsts[k], lasts[k] = first, last
        t = firsts[fed[0]]
        reached = t != _NONE_FIRST
        unsure = np.zeros(log.customers, dtype=bool)
        walked: list[tuple[int, Any, Any]] = []  # (step, reached, time reached) of each fed step
        for k in fed:
            if walked:
                first, last = firsts[k], lasts[k]
                unsure |= reached & (first < t) & (last >= t)
                now = reached & (first >= t) & (first != _NONE_FIRST)
                t, reached = np.where(now, first, t), now
            walked.append((k, reached, t))
        sure = ~unsure  # a customer walked again exactly counts only there, at every step
        for index, (k, reached, t) in enumerate(walked):
            counts[k] = int(np.count_nonzero(reached & sure))
            if index:
                before, _, t_before = walked[index - 1]
                both = reached & sure
                durations[before].append(t[both] - t_before[both])
        if unsure.any():
            pairs = [(e, k) for k in fed for e in dict.fromkeys(steps[k][1])]
            table.execute("CREATE OR REPLACE TEMP TABLE stagemap (e VARCHAR, s INTEGER)")
            table.execute("INSERT INTO stagemap SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[])",
                          [[e for e, _ in pairs], [k for _, k in pairs]])
            _walk_exactly(log, fed, log.keys[0][unsure], log.keys[1][unsure], counts, durations)
    hours = {k: (round(float(np.median(np.concatenate(d))) / 3_600_000_000, 2) if sum(map(len, d)) else None)
             for k, d in durations.items()}
    out = []
    for k, (label, events, stage_id) in enumerate(steps):
        here = counts.get(k)
        after = counts.get(k + 1) if k + 1 < len(steps) else None
        conversion = drop_off = None
        if here and after is not None:
            conversion, drop_off = round(after / here, 4), round(1 - after / here, 4)
        out.append(Step(label, tuple(events), here, conversion, drop_off,
                        hours.get(k) if after is not None else None, stage_id))
    return out


def _walk_exactly(log: EventLog, fed: list[int], k1: Any, k2: Any, counts: dict[int, int],
                  durations: dict[int, list[Any]]) -> None:
    """The chain of the customers ``(k1, k2)`` over every one of their events: step k is reached at the first
    event of it at or after step k − 1 was reached."""
    import pandas as pd

    table = log.table
    table.con.register("unsure", pd.DataFrame({"k1": k1, "k2": k2}))
    table.execute(f"CREATE OR REPLACE TEMP TABLE sev AS SELECT x.k1, x.k2, m.s, x.ts FROM ({log.scan}) x "
                  "JOIN unsure USING (k1, k2) JOIN stagemap m USING (e)")
    previous = None
    for k in fed:
        if previous is None:
            table.execute(f"CREATE OR REPLACE TEMP TABLE r{k} AS SELECT k1, k2, min(ts) AS t FROM sev "
                          f"WHERE s = {k} GROUP BY k1, k2")
        else:
            table.execute(f"CREATE OR REPLACE TEMP TABLE r{k} AS SELECT x.k1, x.k2, min(x.ts) AS t FROM sev x "
                          f"JOIN r{previous} p ON x.k1 = p.k1 AND x.k2 = p.k2 AND x.ts >= p.t WHERE x.s = {k} "
                          "GROUP BY x.k1, x.k2")
            found = table.con.execute(f"SELECT b.t - a.t AS d FROM r{previous} a JOIN r{k} b USING (k1, k2)") \
                .fetchnumpy()
            durations[previous].append(found["d"])
        counts[k] += table.query(f"SELECT count(*) FROM r{k}")[0][0]
        previous = k
    table.con.unregister("unsure")


def event_steps(log: EventLog) -> tuple[list[tuple[str, list[str], None]], int]:
    """Steps from the events themselves, typical order; at most MAX_FUNNEL_STEPS (the most reached). Returns the
    steps and how many events were left out."""
    order = typical_order(log)
    left_out = 0
    if len(order) > limits.MAX_FUNNEL_STEPS:
        kept = {e.name for e in log.events[: limits.MAX_FUNNEL_STEPS]}  # log.events: most customers first
        left_out = len(order) - len(kept)
        order = [e for e in order if e in kept]
    return [(e, [e], None) for e in order], left_out


def map_steps(m: Map, mapping: dict[str, list[str]]) -> list[tuple[str, list[str], str]]:
    """The map's stages as steps, fed by ``mapping`` (stage id → events)."""
    return [(stage.name, list(mapping.get(stage.id, [])), stage.id) for stage in m.stages]


@dataclass(frozen=True, slots=True)
class LogSummary:
    """What was read from an event log (plain data, to keep or cache)."""

    name: str
    columns: tuple[str, ...]
    picked: LogColumns
    rows: int
    customers: int
    skipped: int
    events: tuple[Event, ...]
    time_format: str
    left_out: int = 0  # events not made steps (past MAX_FUNNEL_STEPS)


def _summary(log: EventLog, left_out: int = 0) -> LogSummary:
    return LogSummary(log.name, tuple(log.table.columns), log.columns, log.rows, log.customers, log.skipped,
                      tuple(log.events), log.time_format, left_out)


Steps = Sequence[tuple[str, Sequence[str], str | None]]


def from_file(source: str | os.PathLike[str] | bytes, name: str | None = None, *, m: Map | None = None,
              steps: Steps | None = None, customer: str | None = None, event: str | None = None,
              time: str | None = None, max_bytes: int | None = None) -> tuple[LogSummary, list[Step]]:
    """Read an event log and build its funnel over ``steps`` (label, events, stage id) when given, else over
    ``m``'s stages matched to the events (:func:`match_stages`), else over the events in their typical order."""
    with open_table(source, name, max_bytes=max_bytes) as table:
        log = load(table, detect_columns(table, customer, event, time))
        if steps is not None:
            return _summary(log), funnel(log, steps)
        if m is not None:
            return _summary(log), funnel(log, map_steps(m, match_stages(m, [e.name for e in log.events])))
        own, left_out = event_steps(log)
        return _summary(log, left_out), funnel(log, own)


def read_log(source: str | os.PathLike[str] | bytes, name: str | None = None, *, customer: str | None = None,
             event: str | None = None, time: str | None = None, max_bytes: int | None = None) -> LogSummary:
    """Read an event log for its columns, counts and distinct events (no funnel yet)."""
    with open_table(source, name, max_bytes=max_bytes) as table:
        return _summary(load(table, detect_columns(table, customer, event, time)))


# --- into the map ---------------------------------------------------------------------------------------
def write_counts(m: Map, steps: Sequence[Step]) -> Map:
    """The customers of each step into the map's ``metrics`` lane (added when missing), by stage id; a stage
    without data is cleared (its old count came from elsewhere). One new map: one version, one undo."""
    lane = m.lane(METRICS_KEY)
    if lane is None:
        m = add_standard_lane(m, METRICS_KEY)
    elif lane.type is not LaneType.NUMBER:
        raise CJMError.keyed("err.funnel.lane_type", lane=lane.label, type=lane.type.value)
    by_stage = {step.stage_id: step.customers for step in steps if step.stage_id is not None}
    changed = m
    for stage in m.stages:
        if stage.id not in by_stage:
            continue
        value = by_stage[stage.id]
        if stage.values.get(METRICS_KEY) != value:
            changed = set_value(changed, stage.id, METRICS_KEY, value)
    return changed
