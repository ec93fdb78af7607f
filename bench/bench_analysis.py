"""Analysis and Board benchmarks: prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_analysis [--rounds 10]      # from the repository root

* Analysis page server rerun on a 200-stage map (target < 300 ms), and the Board's, via the
  CJM_RUN_TIMES hook in app.py (each whole script run's duration, logged by the server);
* the Board with 500 stages in the browser: time from navigation until the table is on screen, the
  HTML size, and that the page still scrolls sideways and answers (not a frozen browser).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_builder import big_map, machine_info, prime, settle
from cjm.storage import MapStore, database_url
from cjm.templates import new_map_from_template
from tests.harness import AppServer, launch_chromium, wait_idle

STEP_MS = 60_000


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered)) - 1))]


def reruns(page, server: AppServer, url: str, rounds: int) -> list[float]:
    """Open ``url`` then press R (Streamlit's rerun shortcut) ``rounds`` times; server ms per run."""
    page.goto(url)
    settle(page)
    offset = server.log_size()
    for _ in range(rounds):
        before = len(server.run_times_since(offset))
        page.locator("body").press("r")
        deadline = time.monotonic() + STEP_MS / 1000
        while len(server.run_times_since(offset)) <= before and time.monotonic() < deadline:
            page.wait_for_timeout(20)  # waiting on the server's log for the finished run, bounded
        settle(page)
    return server.run_times_since(offset)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cjm-bench-analysis-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        demo = new_map_from_template("saas_demo", "en")
        with MapStore(database_url(data)) as store:
            id200 = store.create(big_map(demo, 200)).map.id
            id500 = store.create(big_map(demo, 500)).map.id
            fresh = [store.create(big_map(demo, 200)).map.id for _ in range(args.rounds + 1)]
        server = AppServer(data, Path(folder) / "app.log", env={"CJM_RUN_TIMES": "1"}).start()
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                print("CJM Studio Analysis and Board benchmarks (bench/bench_analysis.py)")
                for line in machine_info(browser.version):
                    print(line)
                prime(browser, server)
                context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
                page = context.new_page()
                page.set_default_timeout(STEP_MS)
                print("\n1. server time of one script run, 200-stage map (ms)")
                offset = server.log_size()
                for map_id in fresh:  # each map seen for the first time: its charts are built
                    page.goto(f"{server.url}/analysis?map={map_id}")
                    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible")
                    settle(page)
                cold = server.run_times_since(offset)[-len(fresh) + 1:]  # the first view (imports) not counted
                print(f"   analysis, first view of a map (charts built)  n={len(cold):<3} median "
                      f"{statistics.median(cold):7.1f}   p95 {pct(cold, 0.95):7.1f}   target < 300 ms")
                for name in ("analysis", "board"):
                    times = reruns(page, server, f"{server.url}/{name}?map={id200}", args.rounds)
                    label = f"{name}, rerun ({'charts cached' if name == 'analysis' else 'HTML board'})"
                    print(f"   {label:<46} n={len(times):<3} median {statistics.median(times):7.1f}   "
                          f"p95 {pct(times, 0.95):7.1f}")

                print("\n2. the Board with 500 stages, in the browser")
                start = time.perf_counter()
                page.goto(f"{server.url}/board?map={id500}")
                page.locator(".cjm-board table").wait_for(state="visible")
                wait_idle(page)
                shown = (time.perf_counter() - start) * 1000
                size = page.locator(".cjm-board").evaluate("e => e.innerHTML.length")
                scroll = page.locator(".cjm-board").evaluate(
                    "e => { e.scrollLeft = e.scrollWidth; return [e.scrollWidth, e.clientWidth, e.scrollLeft]; }")
                start = time.perf_counter()
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")
                frame = (time.perf_counter() - start) * 1000
                print(f"   navigation -> table visible   {shown:8.0f} ms")
                print(f"   board HTML                   {size / 1024:8.0f} KB")
                print(f"   scroll width / visible       {scroll[0]:8d} px / {scroll[1]} px (scrolled to {scroll[2]})")
                print(f"   next animation frame after   {frame:8.1f} ms   (the page still answers)")
                context.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
