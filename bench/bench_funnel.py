"""Funnel from an event log: prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_funnel [--events 2000000] [--big 10000000] [--rounds 3] [--keep]

* 2,000,000 events (CSV, generated here by DuckDB, never committed): ``cjm.eventlog.from_file`` (read, one
  aggregation, the events' typical order, the ordered funnel) against pandas just reading the same CSV
  (``pd.read_csv``), in turns, each in a fresh process; target ≤ 1.5× pandas;
* the same with a map's four stages as the steps (what ``cjm funnel --map`` and the Insights page do);
* 10,000,000 events: the funnel's time and peak memory, reported (pandas read beside it);
* the floor, first: DuckDB with the funnel's reader only reading the three columns, and only grouping by
  (customer, event), against the same pandas read — what any DuckDB query over this CSV needs at the least.

Times are taken inside each process around the call (imports excluded); peak memory is the process's maximum
resident set (``ru_maxrss``), the interpreter and imports included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.harness import ROOT

STAGES = ("visit", "view_product", "add_to_cart", "checkout", "purchase")
KEEP = 0.6  # the share of customers going on to the next stage


def make_events(path: Path, events: int) -> None:
    """``events`` rows: customers walk visit → … → purchase, 60 % going on at each step, 4–30 h apart; the rest
    of the rows are repeated visits. Shuffled by a hash, written by DuckDB."""
    import duckdb

    customers = int(events / (sum(KEEP ** k for k in range(len(STAGES))) + 1.5))
    layers = " UNION ALL ".join(
        f"SELECT c, '{stage}' AS e, {k} AS k FROM range({int(customers * KEEP ** k)}) t(c)"
        for k, stage in enumerate(STAGES))
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT 'c' || c AS customer_id, e AS event,
                 strftime(TIMESTAMP '2024-01-01' + to_seconds((c * 37) % 7776000 + k * (14400 + hash(c, k) % 93600)),
                          '%Y-%m-%d %H:%M:%S') AS timestamp
          FROM (
            {layers}
            UNION ALL
            SELECT hash(r) % {customers} AS c, 'visit' AS e, 0 AS k
            FROM range({events} - (SELECT count(*) FROM ({layers}))) t(r)
          )
          ORDER BY hash(c, e, k)
        ) TO '{path}' (HEADER, DELIMITER ',')""")
    con.close()


PANDAS = """
import json, resource, sys, time
import pandas as pd
t = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOOR = """
import json, sys, time
from cjm.tables import open_table
with open_table(sys.argv[1]) as table:  # the reader the funnel uses (delimiter, quotes, every column as text)
    t = time.perf_counter()
    table.query("SELECT count(c0), count(c1), count(c2) FROM data")
    scan = time.perf_counter() - t
    t = time.perf_counter()
    table.query("SELECT count(*) FROM (SELECT c0, c1, min(c2) FROM data GROUP BY c0, c1)")
    grouped = time.perf_counter() - t
print(json.dumps({"scan": scan, "grouped": grouped}))
"""

FUNNEL = """
import json, resource, sys, time
from cjm.eventlog import from_file
from cjm.templates import new_map_from_template
m = None
if sys.argv[2] == "map":
    m = new_map_from_template("saas_demo", "en")
    names = ["visit", "view_product", "add_to_cart", "purchase"]
    m = m.model_copy(update={"stages": [s.model_copy(update={"name": n}) for s, n in zip(m.stages, names)]})
t = time.perf_counter()
log, steps = from_file(sys.argv[1], m=m)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": log.rows, "customers": [s.customers for s in steps],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(path: Path, rounds: int, mode: str) -> tuple[list[dict], list[dict]]:
    pandas, funnel = [], []
    for _ in range(rounds):  # in turns: drift on a shared machine hits both alike
        pandas.append(run(PANDAS, str(path)))
        funnel.append(run(FUNNEL, str(path), mode))
    return pandas, funnel


def floor(path: Path, rounds: int) -> None:
    """What DuckDB needs at the least, against pandas in turns: reading the three columns, and the one grouping
    any ordered funnel needs (per customer and event, the first time)."""
    pandas, bare = [], []
    for _ in range(rounds):
        pandas.append(run(PANDAS, str(path))["seconds"])
        bare.append(run(FLOOR, str(path)))
    p = statistics.median(pandas)
    scan = statistics.median(r["scan"] for r in bare)
    grouped = statistics.median(r["grouped"] for r in bare)
    print("the floor: DuckDB alone, no funnel (medians)")
    print(f"  pandas read_csv                          {p:6.2f} s")
    print(f"  DuckDB reads the three columns           {scan:6.2f} s   {scan / p:.2f}× pandas")
    print(f"  DuckDB groups by (customer, event)       {grouped:6.2f} s   {grouped / p:.2f}× pandas")


def report(title: str, pandas: list[dict], funnel: list[dict], target: float | None) -> None:
    p = [r["seconds"] for r in pandas]
    f = [r["seconds"] for r in funnel]
    ratio_median = statistics.median(f) / statistics.median(p)
    ratio_best = min(f) / min(p)
    print(f"{title}")
    print(f"  pandas read_csv      median {statistics.median(p):6.2f} s  best {min(p):6.2f} s  "
          f"peak {max(r['peak_mb'] for r in pandas):7.0f} MB")
    print(f"  cjm funnel           median {statistics.median(f):6.2f} s  best {min(f):6.2f} s  "
          f"peak {max(r['peak_mb'] for r in funnel):7.0f} MB   customers per step {funnel[0]['customers']}")
    verdict = "" if target is None else f"   target ≤ {target}×: {'met' if ratio_median <= target else 'NOT met'}"
    print(f"  ratio funnel/pandas  median {ratio_median:.2f}×  best {ratio_best:.2f}×{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="0: skip")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and say where")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cjm-bench-funnel-"))
    try:
        path = folder / "events.csv"
        make_events(path, args.events)
        print(f"{args.events:,} events, {path.stat().st_size / 1e6:.0f} MB CSV, {args.rounds} rounds in turns; load "
              f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        floor(path, args.rounds)
        pandas, funnel = compare(path, args.rounds, "events")
        report("steps: the events in their typical order", pandas, funnel, 1.5)
        funnel_map = [run(FUNNEL, str(path), "map") for _ in range(args.rounds)]
        report("steps: a map's 4 stages matched to the events", pandas, funnel_map, 1.5)
        if args.big:
            path.unlink()
            big = folder / "events-big.csv"
            make_events(big, args.big)
            print(f"\n{args.big:,} events, {big.stat().st_size / 1e6:.0f} MB CSV, one round")
            pandas, funnel = compare(big, 1, "events")
            report("steps: the events in their typical order", pandas, funnel, None)
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            for item in folder.iterdir():
                item.unlink()
            folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
