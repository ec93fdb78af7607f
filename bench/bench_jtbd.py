"""JTBD from deals: prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_jtbd [--lines 1000000] [--orders 50000] [--min-support 0.05] [--rounds 2]

1,000,000 order lines of about 50,000 orders (CSV generated here by DuckDB, never committed; 2,000 items with
skewed popularity and a few planted baskets, one pair in exactly 30 % of the orders): the time of
``cjm.jtbd.find_combinations`` (read, pairs, FP-growth, rules) and the peak memory of its process, beside pandas
just reading the same CSV, in turns, each in a fresh process. Times are taken inside the process around the
call; peak memory is the process's maximum resident set (``ru_maxrss``), interpreter and imports included.
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

ITEMS = 2_000


def make_orders(path: Path, lines: int, orders: int) -> None:
    """Order lines: 30 % of the orders hold bread and milk (exactly), 12 % coffee + sugar + cookies; the rest of
    each order drawn from ITEMS items, popular ones more often; about ``lines`` lines in all."""
    import duckdb

    per_order = max(lines // orders, 3)
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT order_id, item FROM (
            SELECT 'A' || o AS order_id, 'bread' AS item FROM range({orders}) t(o) WHERE o % 10 < 3
            UNION ALL SELECT 'A' || o, 'milk' FROM range({orders}) t(o) WHERE o % 10 < 3
            UNION ALL SELECT 'A' || o, unnest(['coffee', 'sugar', 'cookies']) FROM range({orders}) t(o)
                      WHERE o % 25 < 3
            UNION ALL
            SELECT 'A' || (r % {orders}), 'item ' || CAST(floor(pow(random(), 3) * {ITEMS}) AS INTEGER)
            FROM range({orders * per_order - int(orders * 0.6 + orders * 0.36)}) t(r)
          ) ORDER BY hash(order_id, item)
        ) TO '{path}' (HEADER, DELIMITER ';')""")
    con.close()


PANDAS = """
import json, resource, sys, time
import pandas as pd
t = time.perf_counter()
frame = pd.read_csv(sys.argv[1], sep=";")
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

JTBD = """
import json, resource, sys, time
from cjm.jtbd import find_combinations
t = time.perf_counter()
deals = find_combinations(sys.argv[1], min_support=float(sys.argv[2]))
seconds = time.perf_counter() - t
top = deals.combinations[0] if deals.combinations else None
print(json.dumps({"seconds": seconds, "lines": deals.lines, "orders": deals.orders, "items": deals.items,
                  "found": len(deals.combinations), "top": top.as_json() if top else None,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORTS = """
import json, resource
import cjm.jtbd, duckdb, mlxtend.frequent_patterns, pandas
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--min-support", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cjm-bench-jtbd-") as folder:
        path = Path(folder) / "orders.csv"
        make_orders(path, args.lines, args.orders)
        print(f"orders file: {path.stat().st_size / 1e6:.0f} MB CSV; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
        pandas, jtbd = [], []
        for _ in range(args.rounds):  # in turns: drift on a shared machine hits both alike
            pandas.append(run(PANDAS, str(path)))
            jtbd.append(run(JTBD, str(path), str(args.min_support)))
        base = run(IMPORTS)["peak_mb"]
    first = jtbd[0]
    print(f"{first['lines']:,} order lines, {first['orders']:,} orders, {first['items']:,} distinct items; "
          f"min support {args.min_support:.0%}: {first['found']} combinations; top {first['top']}")
    p = [r["seconds"] for r in pandas]
    j = [r["seconds"] for r in jtbd]
    peak = max(r["peak_mb"] for r in jtbd)
    print(f"  pandas read_csv     median {statistics.median(p):6.2f} s  best {min(p):6.2f} s  "
          f"peak {max(r['peak_mb'] for r in pandas):6.0f} MB")
    print(f"  cjm jtbd            median {statistics.median(j):6.2f} s  best {min(j):6.2f} s  "
          f"peak {peak:6.0f} MB ({peak - base:.0f} MB over the {base:.0f} MB of the interpreter and imports)")
    print(f"  ratio jtbd/pandas   median {statistics.median(j) / statistics.median(p):.2f}×  (no target: reported)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
