"""Builder benchmarks in a real browser: prints figures, asserts nothing, exits 0.

    .venv/bin/python -m bench.bench_builder [--rounds N] [--sessions S]      # from the repository root

In one run, on the SaaS demo map (4 stages) and on a 200-stage map, side by side with a bare page
(bench/bare_grid_page.py: the same rows in a plain AgGrid, no saving):

* edit -> visible top-bottleneck update, measured in the browser: a MutationObserver on the page
  notices when the ``.st-key-top_bottleneck`` panel shows the new top stage and stamps Date.now()
  at the next animation frame ("visible"); the start is the pick (pointerdown in the grid iframe)
  and, as a second column, Date.now() evaluated in the grid iframe just before Playwright's click()
  (that includes Playwright's own click overhead).
  Targets: builder/bare ratio <= 1.2, p50 <= 250 ms on the demo map.
* server time of the script runs each edit caused (CJM_RUN_TIMES hook in app.py and in the bare
  page), builder vs bare. Target <= 1.5x.
* the app server's RSS with 1 and with 10 idle Builder sessions. Target <= +15 MB a session.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from cjm import editing
from cjm.model import Map, Stage
from cjm.scoring import score_map
from cjm.storage import MapStore, database_url
from cjm.templates import new_map_from_template
from tests.harness import CHROMIUM, AppServer, launch_chromium, wait_idle

# The Builder names its grid's frame after the map (issue 14); the bare page keeps the component's own title.
GRID_FRAME = '.st-key-map_grid iframe, iframe[title="st_aggrid.AgGrid.agGrid"]'
QUIET_MS = 300  # "settled": the script state stayed notRunning this long
STEP_TIMEOUT_MS = 30_000
WARMUPS = 2
MAX_FAILURES = 3  # failed rounds of one page on one map before it is given up
TOGGLED_ROW = 1  # the stage whose emotion is toggled (row index in the grid)
BAD, GOOD = "😡 −2", "🤩 +2"  # toggling between these moves the top bottleneck every time

# --- in-browser measuring ---------------------------------------------------------------------------
# On the page: resolve window.__cjmDone with Date.now() at the first DOM mutation after which the
# top-bottleneck panel's text differs from now and names the expected stage and score.
OBSERVE_JS = """
([name, score, timeoutMs]) => {
  const text = () => {
    const el = document.querySelector('.st-key-top_bottleneck');
    return el ? el.textContent : null;
  };
  const before = text();
  window.__cjmDone = new Promise((resolve, reject) => {
    const check = () => {
      const now = text();
      if (now === null || now === before || !now.includes(name) || !now.includes(score)) { return; }
      const t = Date.now();
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({t: t, frame: Date.now()}));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('the top bottleneck did not change to ' + name + ': ' + text()));
    }, timeoutMs);
  });
  return before;
}
"""

# In the grid iframe: arm a listener for the pick (the next pointerdown) and return Date.now().
ARM_JS = """
(timeoutMs) => {
  window.__cjmDown = new Promise(resolve => {
    const onDown = () => { document.removeEventListener('pointerdown', onDown, true); resolve(Date.now()); };
    document.addEventListener('pointerdown', onDown, true);
    setTimeout(() => resolve(null), timeoutMs);
  });
  return Date.now();
}
"""

# On the page: resolve once the script state has stayed notRunning for quietMs (a rerun resets it).
SETTLE_JS = """
([quietMs, timeoutMs]) => new Promise((resolve, reject) => {
  const start = Date.now();
  let idleSince = null;
  const app = () => document.querySelector('[data-testid="stApp"]');
  const idle = () => { const a = app(); return !!a && a.getAttribute('data-test-script-state') === 'notRunning'; };
  const observer = new MutationObserver(() => { idleSince = idle() ? Date.now() : null; });
  if (app()) { observer.observe(app(), {attributes: true, attributeFilter: ['data-test-script-state']}); }
  idleSince = idle() ? Date.now() : null;
  const tick = () => {
    const now = Date.now();
    if (!idle()) { idleSince = null; } else if (idleSince === null) { idleSince = now; }
    if (idleSince !== null && now - idleSince >= quietMs) { observer.disconnect(); resolve(now - start); return; }
    if (now - start > timeoutMs) { observer.disconnect(); reject(new Error('the app did not settle')); return; }
    setTimeout(tick, 20);
  };
  tick();
})
"""


# --- maps ------------------------------------------------------------------------------------------
def big_map(demo: Map, count: int = 200) -> Map:
    """``count`` stages on the demo's lanes: varied importance and emotion, text in every lane.

    Stage 2 (row 1) is the only one with importance 5 and emotion −2 (score 100): toggling its emotion
    moves the top bottleneck between it and the first 80-point stage.
    """
    stages = []
    for i in range(count):
        importance = 5 if i == TOGGLED_ROW else 1 + (i * 7) % 4
        score = -2 if i == TOGGLED_ROW else (i * 3) % 5 - 2
        stages.append(Stage(id=f"st{i:03d}", name=f"Stage {i + 1:03d}: step of the journey", values={
            "actions": [f"Action {j + 1} at this step: compares, reads, asks" for j in range(1 + i % 3)],
            "touchpoints": ["Website", "Email", "Sales call"][: 1 + i % 3],
            "goals": "Find out quickly whether the product fits and what it costs. " * (1 + i % 2),
            "emotion": {"score": score, "words": ["tired", "unsure", "calm", "hopeful", "glad"][score + 2]},
            "importance": importance,
            "pain_points": [f"Pain point number {j + 1}" for j in range(i % 3)],
            "expectations": ["A clear answer", "Fair pricing"][: 1 + i % 2],
            "recommendations": [f"Recommendation {j + 1}" for j in range(1 + i % 2)],
        }))
    data = demo.model_dump(mode="json")
    data.pop("id")  # a new id
    data.update(title=f"Benchmark map: {count} stages", stages=[s.model_dump(mode="json") for s in stages])
    return Map.model_validate(data)


@dataclass
class Target:
    """A map under test and what the top-bottleneck panel shows for each value of the toggled cell."""

    label: str
    map: Map
    expect: dict[str, tuple[str, str]] = field(default_factory=dict)  # picked label -> (stage name, score text)

    def __post_init__(self) -> None:
        stage = self.map.stages[TOGGLED_ROW]
        words = stage.values["emotion"]["words"]
        for label, value in ((BAD, -2), (GOOD, 2)):
            changed = editing.set_value(self.map, stage.id, "emotion", {"score": value, "words": words})
            top = score_map(changed)[0]
            self.expect[label] = (top.stage, f"{top.score:g}")
        assert self.expect[BAD][0] != self.expect[GOOD][0], "toggling must move the top bottleneck"


# --- the browser side --------------------------------------------------------------------------------
@dataclass
class Round:
    latency_ms: float  # pick (pointerdown) -> first animation frame after the panel changed ("visible")
    latency_eval_ms: float  # Date.now() before click() -> the same frame
    frame_ms: float  # panel changed in the DOM -> that frame
    runs: list[float]  # server ms of each script run the edit caused


def settle(page) -> None:
    wait_idle(page, STEP_TIMEOUT_MS)
    page.evaluate(SETTLE_JS, [QUIET_MS, STEP_TIMEOUT_MS])


def prime(browser, server: AppServer) -> None:
    """Open the app's start page once, so that st.navigation has run in this server process.

    On a fresh server, a first session that opens /builder directly runs pages/builder.py as a
    legacy multipage-app page, without app.py (no shell, no wide layout; streamlit 1.67).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(server.url + "/")
        settle(page)
    finally:
        context.close()


def open_view(context, url: str):
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(url)
    page.frame_locator(GRID_FRAME).locator(f'.ag-row[row-index="{TOGGLED_ROW}"]').first.wait_for(state="visible")
    settle(page)
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{url}: {page.locator('[data-testid=stException]').first.inner_text()}")
    if "/builder" in url and not page.locator(".st-key-lang_picker").count():
        print(f"  ! {url} ran without the app shell (app.py): pages/builder.py ran as a legacy page")
    return page


def edit_round(page, server: AppServer, target: Target) -> Round:
    grid = page.frame_locator(GRID_FRAME)
    cell = grid.locator(f'.ag-row[row-index="{TOGGLED_ROW}"] .ag-cell[col-id="v_emotion"]')
    option = GOOD if cell.inner_text().strip() == BAD else BAD
    name, score = target.expect[option]
    offset = server.log_size()
    cell.scroll_into_view_if_needed()
    cell.dblclick()
    if "/builder" in page.url:  # the Builder's own picker (issue 14): the options are listed at once
        item = grid.locator(".cjm-pick .cjm-pick-option").get_by_text(option, exact=True)
    else:  # the bare page: AG Grid's select editor
        grid.locator(".ag-picker-field-wrapper").click()
        item = grid.locator(".ag-select-list-item").get_by_text(option, exact=True)
    item.wait_for(state="visible")
    page.evaluate(OBSERVE_JS, [name, score, STEP_TIMEOUT_MS])
    frame = page.locator(GRID_FRAME).first.element_handle().content_frame()
    t_eval = frame.evaluate(ARM_JS, STEP_TIMEOUT_MS)
    item.click()
    done = page.evaluate("window.__cjmDone")
    t_down = frame.evaluate("window.__cjmDown") or t_eval
    settle(page)
    return Round(done["frame"] - t_down, done["frame"] - t_eval, done["frame"] - done["t"],
                 server.run_times_since(offset))


def attempt(view, target: Target, kind: str, failures: dict[str, int]) -> Round | None:
    """One edit round; a failed round is reported and counted (and the page given up after a few)."""
    page, server = view
    if failures[kind] >= MAX_FAILURES:
        return None
    try:
        return edit_round(page, server, target)
    except Exception as exc:  # noqa: BLE001 - a lost round is reported, the run goes on
        failures[kind] += 1
        print(f"  ! {kind} on {target.label}: a round failed ({str(exc).splitlines()[0][:200]})")
        try:
            page.keyboard.press("Escape")
            settle(page)
        except Exception:  # noqa: BLE001 - the next round will tell
            pass
        return None


# --- figures ---------------------------------------------------------------------------------------
def pct(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[min(len(ordered), max(1, math.ceil(q * len(ordered) - 1e-9))) - 1]


def mean(samples: list[float]) -> float:
    return statistics.mean(samples) if samples else math.nan


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and not math.isnan(a) and not math.isnan(b) else "n/a"


def machine_info(browser_version: str) -> list[str]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "?"

    return [
        f"machine   {platform.platform()}, nproc {os.cpu_count()}, python {platform.python_version()}",
        f"browser   chromium {browser_version} ({CHROMIUM}, headless)",
        f"packages  streamlit {version('streamlit')}, streamlit-aggrid {version('streamlit-aggrid')}, "
        f"pandas {version('pandas')}, playwright {version('playwright')}",
        "note      a 2-core machine: the browser, the app server and the bare-page server share the cores;"
        if os.cpu_count() == 2 else
        f"note      {os.cpu_count()} cores: the browser, the app server and the bare-page server share them;",
        "          figures are end-to-end on this box, compare the ratios more than the absolute numbers.",
    ]


# --- phases ----------------------------------------------------------------------------------------
def measure_edits(browser, app: AppServer, bare: AppServer, targets: list[Target], ids: dict[str, str],
                  rounds: int) -> dict[tuple[str, str], list[Round]]:
    """Builder and bare page open side by side on each map; rounds alternate between them."""
    results: dict[tuple[str, str], list[Round]] = {}
    for target in targets:
        map_id = ids[target.label]
        views = {}
        contexts = []
        try:
            for kind, server, url in (("builder", app, f"{app.url}/builder?map={map_id}"),
                                      ("bare", bare, f"{bare.url}/?map={map_id}")):
                context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
                contexts.append(context)
                views[kind] = (open_view(context, url), server)
                results[(kind, target.label)] = []
            failures = {kind: 0 for kind in views}
            for kind in views:
                for _ in range(WARMUPS):
                    attempt(views[kind], target, kind, failures)
            for i in range(rounds):
                for kind in ["builder", "bare"] if i % 2 == 0 else ["bare", "builder"]:
                    measured = attempt(views[kind], target, kind, failures)
                    if measured is not None:
                        results[(kind, target.label)].append(measured)
            for kind, (page, _) in views.items():
                if page.locator('[data-testid="stException"]').count():
                    print(f"  ! {kind} on {target.label} shows an exception: "
                          f"{page.locator('[data-testid=stException]').first.inner_text()[:300]}")
        finally:
            for context in contexts:
                context.close()
    return results


def measure_rss(browser, app: AppServer, map_id: str, sessions: int) -> list[tuple[int, float]]:
    """RSS of a fresh app server (one Library visit, closed) with 0, 1 and ``sessions`` idle Builder sessions."""
    figures = [(0, app.rss_mb())]
    contexts = []
    try:
        for n in range(1, sessions + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
            contexts.append(context)
            open_view(context, f"{app.url}/builder?map={map_id}")
            if n in (1, sessions):
                time.sleep(1.0)  # let the server finish what the session's first runs started
                figures.append((n, app.rss_mb()))
    finally:
        for context in contexts:
            context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="measured edits per page and map (after 2 warm-ups)")
    parser.add_argument("--sessions", type=int, default=10, help="open Builder sessions for the RSS figure")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server logs, data) for a look")
    args = parser.parse_args()
    rounds, sessions = max(1, args.rounds), max(2, args.sessions)

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="cjm-bench-builder-"))
    data_dir = work / "data"
    servers: list[AppServer] = []
    playwright = browser = None
    try:
        demo = new_map_from_template("saas_demo", "en")
        targets = [Target("demo (4 stages)", demo), Target("200 stages", big_map(demo))]
        with MapStore(database_url(data_dir)) as store:  # the file the servers open (CJM_DATA_DIR)
            ids = {t.label: store.create(t.map).map.id for t in targets}

        timing = {"CJM_RUN_TIMES": "1"}
        app = AppServer(data_dir, work / "app.log", timing)
        servers.append(app)
        bare = AppServer(data_dir, work / "bare.log", timing, script="bench/bare_grid_page.py")
        servers.append(bare)
        app.start()
        bare.start()

        playwright = sync_playwright().start()
        browser = launch_chromium(playwright)
        prime(browser, app)

        print("CJM Studio Builder benchmarks (bench/bench_builder.py)")
        for line in machine_info(browser.version):
            print(line)
        print(f"rounds    {rounds} measured edits per page and map, after {WARMUPS} warm-ups; builder and bare "
              "rounds alternate")
        print()

        results = measure_edits(browser, app, bare, targets, ids, rounds)
        print_latency(results, targets)
        print_server_time(results, targets)

        app.stop()
        rss_server = AppServer(data_dir, work / "app-rss.log")
        servers.append(rss_server)
        rss_server.start()
        prime(browser, rss_server)
        print_rss(measure_rss(browser, rss_server, ids[targets[0].label], sessions))
    finally:
        if browser is not None:
            browser.close()
        if playwright is not None:
            playwright.stop()
        for server in servers:
            server.stop()
    print()
    print(f"total {time.monotonic() - started:.0f} s; server logs and data in {work}"
          + (" (kept)" if args.keep else " (removed)"))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_latency(results, targets: list[Target]) -> None:
    print("1. edit -> visible top-bottleneck update, in the browser (ms)")
    print("   from the pick (pointerdown in the grid iframe) to the first animation frame after the panel's text")
    print("   changed; [from Date.now() in the grid iframe just before Playwright's click(), to the same frame];")
    print("   dom->frame: from the DOM change to that frame")
    print(f"   {'page':<8} {'map':<16} {'n':>3} {'p50':>6} {'p95':>6} {'mean':>6}   [{'p50':>5} {'p95':>5} "
          f"{'mean':>5}]   dom->frame p50")
    for target in targets:
        for kind in ("builder", "bare"):
            rs = results[(kind, target.label)]
            a = [r.latency_ms for r in rs]
            b = [r.latency_eval_ms for r in rs]
            f = [r.frame_ms for r in rs]
            print(f"   {kind:<8} {target.label:<16} {len(rs):>3} {pct(a, .5):6.0f} {pct(a, .95):6.0f} {mean(a):6.0f}"
                  f"   [{pct(b, .5):5.0f} {pct(b, .95):5.0f} {mean(b):5.0f}]   {pct(f, .5):10.0f}")
    print("   ratio builder/bare (target <= 1.2; builder p50 <= 250 ms on the demo map):")
    for target in targets:
        a = [r.latency_ms for r in results[("builder", target.label)]]
        b = [r.latency_ms for r in results[("bare", target.label)]]
        print(f"     {target.label:<16} p50 {ratio(pct(a, .5), pct(b, .5))}   p95 {ratio(pct(a, .95), pct(b, .95))}")
    print()


def print_server_time(results, targets: list[Target]) -> None:
    print("2. server time of the script runs caused by each edit (ms, CJM_RUN_TIMES hook)")
    print(f"   {'page':<8} {'map':<16} {'runs/edit':>9} {'median':>7} {'p95':>7}   {'per run median':>14}")
    totals = {}
    for target in targets:
        for kind in ("builder", "bare"):
            rs = results[(kind, target.label)]
            per_edit = [sum(r.runs) for r in rs]
            per_run = [x for r in rs for x in r.runs] or [0.0]
            counts = [len(r.runs) for r in rs] or [0]
            totals[(kind, target.label)] = per_edit
            spread = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
            print(f"   {kind:<8} {target.label:<16} {spread:>9} {pct(per_edit, .5):7.1f} {pct(per_edit, .95):7.1f}"
                  f"   {pct(per_run, .5):14.1f}")
    print("   ratio builder/bare (target <= 1.5):")
    for target in targets:
        a, b = totals[("builder", target.label)], totals[("bare", target.label)]
        print(f"     {target.label:<16} median {ratio(pct(a, .5), pct(b, .5))}   p95 {ratio(pct(a, .95), pct(b, .95))}")
    print()


def print_rss(figures: list[tuple[int, float]]) -> None:
    print("3. app server RSS (fresh server, Builder on the demo map, sessions idle; process + children)")
    for n, mb in figures:
        print(f"   {n:>2} session{'s' if n != 1 else ' '}  {mb:7.1f} MB")
    (n1, one), (nn, many) = figures[1], figures[-1]
    print(f"   per added session: ({many:.1f} - {one:.1f}) / {nn - n1} = {(many - one) / (nn - n1):+.1f} MB"
          "   (target <= +15 MB)")


if __name__ == "__main__":
    sys.exit(main())
