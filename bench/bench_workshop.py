"""Workshop benchmarks (issue 6): prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_workshop [--rounds 40] [--voters 100] [--sessions 30] [--postgres]

1. With ``--voters`` participants voting (99 in background threads through the core API, each
   changing a vote about once a second, plus one probe), the time from a probe vote being stored
   until the facilitator's board in Chromium shows it: p50 and p95 (target: p95 <= 2 s). The probe
   votes on a stage of its own, switching its importance between 1 and 5, at a random moment
   (0–1.5 s after the last one showed), and the page is watched for the new mean with
   ``wait_for_function`` (checked every animation frame).
2. The app server's RSS with the facilitator's board and ``--sessions`` participant phones open in Chromium
   (the light phone page /j/CODE, which polls the phase and timer every 2 s; no Streamlit session per phone).

The board is revealed (not blind) so that the probe's mean shows. bench/bench_workshop_load.py puts 200 HTTP
phones on the server instead of browsers.

``--postgres`` runs both against a throwaway PostgreSQL (tests/pgserver.py) instead of SQLite.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_builder import machine_info, mean, pct
from cjm.access import Owner
from cjm.editing import add_stage
from cjm.rooms import RoomStore
from cjm.storage import MapStore
from cjm.templates import load_template
from tests.harness import AppServer, launch_chromium

OWNER = Owner("bench")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-US"}


def setup_room(url: str, voters: int):
    """The demo map plus a probe stage, a room in the vote phase and ``voters`` participants."""
    store = MapStore(url)
    demo, probe_id = add_stage(load_template("saas_demo", "en"), "Probe")
    store.create(demo)
    rooms = RoomStore(store)
    room = rooms.open_room(OWNER, demo.id, phase="vote")
    rooms.reveal(OWNER, room.id)  # the probe's mean must show on the board
    tokens = [rooms.join(room.code, f"P{i:03d}")[1] for i in range(voters)]
    return store, rooms, room, tokens, [s.id for s in demo.stages if s.id != probe_id], probe_id


def background_voting(rooms: RoomStore, tokens: list[str], stage_ids: list[str], stop: threading.Event,
                      counter: list[int]) -> list[threading.Thread]:
    def voter(token: str, seed: int) -> None:
        rng = random.Random(seed)
        stop.wait(rng.random())  # spread the first votes over a second
        while not stop.is_set():
            rooms.vote(token, rng.choice(stage_ids), importance=rng.randint(1, 5), emotion=rng.randint(-2, 2))
            counter[0] += 1
            stop.wait(0.6 + rng.random() * 0.8)  # a person changing a vote about once a second

    threads = [threading.Thread(target=voter, args=(token, i), daemon=True) for i, token in enumerate(tokens)]
    for thread in threads:
        thread.start()
    return threads


def measure_latency(browser, server: AppServer, rooms: RoomStore, room, probe_token: str, probe_id: str,
                    rounds: int) -> list[float]:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
    page.goto(f"{server.url}/workshop?room={room.id}")  # loopback: the owner without signing in
    page.locator(f'tr[data-stage="{probe_id}"]').wait_for(timeout=60_000)
    samples = []
    rng = random.Random(1)
    for n in range(rounds + 1):
        value = 5 if n % 2 == 0 else 1
        time.sleep(rng.random() * 1.5)  # not in step with the board's 1 s refresh: votes come at any moment
        rooms.vote(probe_token, probe_id, importance=value)
        stored = time.perf_counter()
        page.wait_for_function(
            """([id, value]) => {
                const row = document.querySelector(`.cjm-room[data-blind] tr[data-stage="${id}"]`);
                return row && row.children[2].firstChild.textContent.trim() === value;
            }""",
            arg=[probe_id, str(value)], polling="raf", timeout=30_000)
        if n:  # the first round only warms up
            samples.append((time.perf_counter() - stored) * 1000)
    page.context.close()
    return samples


def server_cpu_seconds(server: AppServer) -> float:
    """User + system CPU time of the app server process so far (from /proc)."""
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_rss(browser, server: AppServer, rooms: RoomStore, room, tokens: list[str],
                sessions: int) -> list[tuple[str, float]]:
    figures: list[tuple[str, float]] = [("server, no session yet", server.rss_mb())]
    board = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
    board.goto(f"{server.url}/workshop?room={room.id}")
    board.locator("tr[data-stage]").first.wait_for(timeout=60_000)
    figures.append(("facilitator's board open", server.rss_mb()))
    phones, load_seconds = [], []
    for i in range(sessions):
        context = browser.new_context(**PHONE)
        context.add_cookies([{"name": f"cjm_p_{room.code}", "value": tokens[i], "url": f"{server.url}/j/{room.code}"}])
        phone = context.new_page()
        opened = time.perf_counter()
        phone.goto(f"{server.url}/j/{room.code}", wait_until="commit", timeout=120_000)
        phone.get_by_text("Stages rated").wait_for(timeout=120_000)
        load_seconds.append(time.perf_counter() - opened)
        phones.append(phone)
        if i + 1 in (1, 10, sessions):
            figures.append((f"+ {i + 1} phone{'s' if i else ''}", server.rss_mb()))
    figures.append((f"phone page ready, s: first {load_seconds[0]:.1f}, median "
                    f"{sorted(load_seconds)[len(load_seconds) // 2]:.1f}, last {load_seconds[-1]:.1f}", float("nan")))
    cpu_before, wall_before = server_cpu_seconds(server), time.perf_counter()
    time.sleep(6)  # a benchmark, not a test: three 2-second ticks of every phone's fragment
    busy = (server_cpu_seconds(server) - cpu_before) / (time.perf_counter() - wall_before)
    figures.append((f"app server CPU while {sessions} phones poll: {busy * 100:.0f}% of one core", float("nan")))
    figures.append((f"{sessions} phones after 6 s of polling", server.rss_mb()))
    for phone in phones:
        phone.context.close()
    board.context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--voters", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL server")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cjm-bench-ws-")))
        env: dict[str, str] = {}
        if args.postgres:
            from tests.pgserver import PostgresServer

            pg = stack.enter_context(PostgresServer())
            pg.create_database("cjm_bench")
            url = pg.url("cjm_bench")
            env["CJM_DATABASE_URL"] = url
        else:
            (work / "data").mkdir()
            url = f"sqlite:///{work / 'data' / 'cjm.sqlite3'}"
        store, rooms, room, tokens, stage_ids, probe_id = setup_room(url, args.voters)
        stack.callback(store.close)
        server = AppServer(work / "data", work / "app.log", env=env).start()
        stack.callback(server.stop)

        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        print("\n".join(machine_info(browser.version)))
        print(f"database  {'PostgreSQL (throwaway, loopback)' if args.postgres else 'SQLite (WAL, synchronous=FULL)'}")

        stop = threading.Event()
        counter = [0]
        threads = background_voting(rooms, tokens[1:], stage_ids, stop, counter)
        started = time.perf_counter()
        try:
            samples = measure_latency(browser, server, rooms, room, tokens[0], probe_id, args.rounds)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
        elapsed = time.perf_counter() - started
        print(f"\n1. vote stored -> facilitator's board shows it ({args.voters} participants, "
              f"{args.voters - 1} voting in the background: {counter[0] / elapsed:.0f} votes/s; "
              "board fragment every 0.5 s)")
        print(f"   rounds {len(samples)}: p50 {pct(samples, 0.5):.0f} ms, p95 {pct(samples, 0.95):.0f} ms, "
              f"mean {mean(samples):.0f} ms, max {max(samples):.0f} ms   (target: p95 <= 2000 ms)")

        try:
            figures = measure_rss(browser, server, rooms, room, tokens, args.sessions)
        except Exception:
            print(f"-- app server log, last lines:\n{server.log()[-3000:]}", file=sys.stderr)
            raise
        print("\n2. app server RSS (process + children) with participant phones open (light page, poll every 2 s)")
        for label, rss in figures:
            print(f"   {label:<34} {rss:7.1f} MB" if rss == rss else f"   {label}")
        base = dict(figures)["facilitator's board open"]
        last = [rss for _, rss in figures if rss == rss][-1]
        print(f"   per phone session: {(last - base) / args.sessions:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
