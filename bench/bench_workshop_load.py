"""A room of 200 phones on one box (issue 11): prints figures, asserts nothing (run from the repository root).

    .venv/bin/python -m bench.bench_workshop_load [--phones 200] [--postgres] [--keep]

One run (SQLite by default; ``--postgres``: a throwaway PostgreSQL with **two app instances** sharing the room,
half the phones on each):

1. The server(s) start with ``server.py`` (the Streamlit app, the phone page, the API); a map (the SaaS demo)
   and a room in the vote phase are put in the database; the facilitator's board is open in Chromium on the
   first instance (the owner on loopback), votes revealed, re-running every 0.5 s as in a workshop.
2. ``--phones`` HTTP phones (a thread each, keep-alive connections to 127.0.0.1, ``Accept-Encoding: gzip``)
   do what the phone page does: open ``/j/CODE``, join with a name (the cookie is the person), load the room,
   then poll ``/j/CODE/poll`` every 2 s (htmx), and tap importance and emotion on every stage at moments spread
   over the voting window, then change one vote (all as htmx posts). Measured: each tap's round trip (p50,
   p95), the server's CPU (user + system, process and threads) as % of one core over the steady window, RSS;
   then in the database: every vote stored exactly once, with the phone's last tap.
3. While the phones poll, a probe phone changes a vote at random moments and the board in Chromium is watched
   until it shows it: vote → board, p50 and p95.
4. The phone page in Chromium at 390×844 (touch) with "Fast 3G" as the issue defines it (150 ms RTT,
   1.6 Mbit/s down, 750 kbit/s up, cache off): bytes on the wire (all requests) and time to interactive
   (htmx has set the page up: ``html[data-ready]``), against a **baseline in the same run**: a page of the
   Streamlit app (the Library) under the same throttling.

Baselines printed beside the figures: the server's CPU with the board alone (no phone), and the Streamlit page.
Targets (issue 11): 200 phones, vote p95 ≤ 1 s, server ≤ 60 % of one core, page ≤ 150 KB, interactive ≤ 2 s,
vote → board ≤ 1 s p95. Load only ever goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import os
import random
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, text

from bench.bench_builder import machine_info, mean, pct
from cjm.access import Owner
from cjm.editing import add_stage
from cjm.rooms import RoomStore
from cjm.storage import MapStore
from cjm.templates import load_template
from tests.harness import AppServer, launch_chromium

OWNER = Owner("bench")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-US"}
FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
POLL_SECONDS = 2.0
TOKEN = "bench-owner-token-0123456789abcdef"


@dataclass
class Phone:
    """One HTTP phone: a keep-alive connection, its cookie, what it tapped last."""

    n: int
    base: str
    code: str
    connection: http.client.HTTPConnection = field(init=False)
    cookie: str = ""
    state: str = ""
    last: dict[str, dict[str, int]] = field(default_factory=dict)
    taps: list[float] = field(default_factory=list)
    served: list[float] = field(default_factory=list)  # the server's own time for each tap (Server-Timing)
    polls: int = 0
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def request(self, method: str, path: str, form: dict[str, str] | None = None, htmx: bool = False):
        headers = {"Accept-Encoding": "gzip", "Accept-Language": "en-US"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()  # a dropped keep-alive connection: once more on a new one
                if attempt:
                    raise
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return response, data.decode("utf-8")

    def join(self) -> None:
        self.request("GET", f"/j/{self.code}")
        response, _ = self.request("POST", f"/j/{self.code}/join", {"name": f"Phone {self.n:03d}"})
        cookie = response.getheader("Set-Cookie") or ""
        if response.status != 303 or not cookie:
            raise RuntimeError(f"phone {self.n} could not join: {response.status}")
        self.cookie = cookie.split(";", 1)[0]
        _, page = self.request("GET", f"/j/{self.code}")
        self.state = re.search(r'data-state="([^"]+)"', page).group(1)

    def poll(self) -> None:
        response, body = self.request("GET", f"/j/{self.code}/poll?s={self.state}", htmx=True)
        self.polls += 1
        found = re.search(r'data-state="([^"]+)"', body)
        if response.status != 200:
            self.errors.append(f"poll {response.status}")
        elif found:
            self.state = found.group(1)

    def tap(self, stage_id: str, field_name: str, value: int) -> None:
        started = time.perf_counter()
        response, body = self.request("POST", f"/j/{self.code}/vote/{stage_id}", {field_name: str(value)}, htmx=True)
        self.taps.append((time.perf_counter() - started) * 1000)
        timing = re.search(r"dur=([0-9.]+)", response.getheader("Server-Timing") or "")
        if timing:
            self.served.append(float(timing.group(1)))
        if response.status != 200 or "✓ Vote received" not in body:
            self.errors.append(f"tap {response.status}")
            return
        self.last.setdefault(stage_id, {})[field_name] = value


def run_phone(phone: Phone, stage_ids: list[str], window: float, stop: threading.Event, ready: threading.Barrier,
              go: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    try:
        phone.join()
    except Exception as exc:  # noqa: BLE001 - reported in the figures
        phone.errors.append(f"join: {exc}")
    ready.wait()
    go.wait()
    start = time.monotonic()
    plan = sorted((rng.uniform(0, window), stage, name, rng.randint(1, 5) if name == "importance" else
                   rng.randint(-2, 2)) for stage in stage_ids for name in ("importance", "emotion"))
    changed = (window + rng.uniform(0, 4), rng.choice(stage_ids), "importance", rng.randint(1, 5))
    plan.append(changed)  # one vote changed afterwards: the last tap must win
    next_poll = start + rng.uniform(0, POLL_SECONDS)
    while not stop.is_set():
        now = time.monotonic()
        if plan and now - start >= plan[0][0]:
            _, stage, name, value = plan.pop(0)
            try:
                phone.tap(stage, name, value)
            except Exception as exc:  # noqa: BLE001 - reported in the figures
                phone.errors.append(f"tap: {type(exc).__name__}")
            continue
        if now >= next_poll:
            try:
                phone.poll()
            except Exception as exc:  # noqa: BLE001
                phone.errors.append(f"poll: {type(exc).__name__}")
            next_poll = time.monotonic() + POLL_SECONDS  # as htmx's "every 2s": 2 s after the answer, no catching up
            continue
        wake = min(next_poll, start + plan[0][0] if plan else next_poll)
        stop.wait(max(0.0, wake - time.monotonic()))


def cpu_seconds(server: AppServer) -> float:
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def page_weight(browser, url: str, cookie: tuple[str, str, str] | None = None, ready: str = "html[data-ready]"):
    """Bytes on the wire and time to interactive of ``url`` at phone size on Fast 3G, cache off."""
    context = browser.new_context(**PHONE)
    if cookie:
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": cookie[2]}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="commit", timeout=120_000)
    page.locator(ready).first.wait_for(state="attached", timeout=120_000)
    interactive = page.evaluate("performance.now()")
    page.wait_for_load_state("load", timeout=120_000)
    total = sum(sizes.values())
    requests = len(sizes)
    context.close()
    return total, interactive, requests


def probe_board(browser, base_url: str, room_id: str, probe: Phone, stage_id: str, rounds: int,
                cookies: list[dict] | None = None):
    """Vote → the facilitator's board in Chromium (``cookies``: the owner's, when sign-in is required)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.goto(f"{base_url}/workshop?room={room_id}", timeout=180_000)
    page.locator(f'.cjm-room[data-blind="false"] tr[data-stage="{stage_id}"]').first.wait_for(timeout=120_000)
    rng = random.Random(7)
    samples = []
    for n in range(rounds + 1):
        value = 5 if n % 2 == 0 else 1
        time.sleep(rng.random() * 1.5)  # a benchmark, not a test: votes come at any moment of the board's tick
        probe.tap(stage_id, "importance", value)
        stored = time.perf_counter()
        page.wait_for_function(
            """([id, value]) => {
                const rows = document.querySelectorAll(`.cjm-room[data-blind="false"] tr[data-stage="${id}"]`);
                const row = rows[rows.length - 1];
                return row && row.children[2].firstChild.textContent.trim() === value;
            }""", arg=[stage_id, str(value)], polling="raf", timeout=60_000)
        if n:
            samples.append((time.perf_counter() - stored) * 1000)
    return samples, page


def board_draw(browser, server: AppServer, room_id: str) -> tuple[float, int]:
    """Seconds from opening the facilitator's page until its board (and notes feed, if any) is drawn; DOM size."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
    started = time.perf_counter()
    page.goto(f"{server.url}/workshop?room={room_id}", timeout=180_000)
    page.locator("tr[data-stage]").first.wait_for(timeout=120_000)
    if page.locator('[data-testid="stMetricValue"]').nth(2).inner_text() != "0":
        page.locator(".cjm-feed li").first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - started
    size = page.evaluate("document.documentElement.outerHTML.length")
    page.context.close()
    return seconds, size


def bulk_notes(store: MapStore, rooms: RoomStore, room, stage_ids: list[str], count: int) -> None:
    """``count`` notes from the room's participants, written in one go (what a long collect phase leaves)."""
    from sqlalchemy import insert

    from cjm.model import new_id, now
    from cjm.rooms import notes

    people = list(rooms.snapshot(OWNER, room.id).participants)
    start = now()
    rows = [{"id": new_id(), "room_id": room.id, "participant_id": people[i % len(people)],
             "stage_id": stage_ids[i % len(stage_ids)], "kind": ("pain", "idea", "question")[i % 3],
             "text": f"Note {i}: " + "waiting for the answer takes too long " * (1 + i % 4),
             "created": start} for i in range(count)]
    with store.db.write("add notes") as conn:
        conn.execute(insert(notes), rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--window", type=float, default=30.0, help="seconds over which the phones tap their votes")
    parser.add_argument("--probes", type=int, default=20, help="vote → board rounds")
    parser.add_argument("--postgres", action="store_true", help="two app instances on a throwaway PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="cjm-bench-load-"))
        if not args.keep:
            stack.callback(lambda: __import__("shutil").rmtree(work, ignore_errors=True))
        env = {"CJM_OWNER_TOKEN": TOKEN}
        if args.postgres:
            from tests.pgserver import PostgresServer

            pg = stack.enter_context(PostgresServer())
            pg.create_database("cjm_load")
            url = pg.url("cjm_load")
            env["CJM_DATABASE_URL"] = url
        else:
            (work / "data").mkdir()
            url = f"sqlite:///{work / 'data' / 'cjm.sqlite3'}"
        store = MapStore(url)
        stack.callback(store.close)
        demo, probe_stage = add_stage(load_template("saas_demo", "en"), "Probe")  # only the probe votes on it
        store.create(demo)
        rooms = RoomStore(store)
        room = rooms.open_room(OWNER, demo.id, phase="vote")
        rooms.reveal(OWNER, room.id)
        stage_ids = [s.id for s in demo.stages if s.id != probe_stage]

        servers = [AppServer(work / "data", work / f"app{i}.log", env=env).start()
                   for i in range(2 if args.postgres else 1)]
        for server in servers:
            stack.callback(server.stop)
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        print("\n".join(machine_info(browser.version)))
        print(f"database  {'PostgreSQL (throwaway, loopback), 2 app instances' if args.postgres else 'SQLite'}"
              f"; {args.phones} phones; {len(stage_ids)} stages; board in Chromium every 0.5 s")

        # the phone page's weight and time to interactive, before the load (and the Streamlit baseline)
        probe = Phone(9999, servers[0].url, room.code)
        probe.join()
        cookie = (probe.cookie.split("=", 1)[0], probe.cookie.split("=", 1)[1], f"{servers[0].url}/j/{room.code}")
        phone_bytes, phone_tti, phone_requests = page_weight(browser, f"{servers[0].url}/j/{room.code}", cookie)
        join_bytes, join_tti, _ = page_weight(browser, f"{servers[0].url}/j")
        app_bytes, app_tti, app_requests = page_weight(browser, f"{servers[0].url}/library",
                                                       ready='[data-testid="stApp"][data-test-script-state="notRunning"]')

        empty_draw, empty_dom = board_draw(browser, servers[0], room.id)

        # the server's CPU per request, one phone alone (what the load figures below add up to on a quiet box)
        alone = Phone(9998, servers[0].url, room.code)
        alone.join()
        per_request = {}
        for name, action in (("poll", lambda i: alone.poll()),
                             ("tap", lambda i: alone.tap(stage_ids[0], "importance", 1 + i % 5))):
            for i in range(10):
                action(i)
            spent = cpu_seconds(servers[0])
            for i in range(200):
                action(i)
            per_request[name] = (cpu_seconds(servers[0]) - spent) / 200 * 1000

        # the board alone: the baseline CPU (CPU pressure: how much of the time something on the box waited for a CPU)
        pressure = Path("/proc/pressure/cpu").read_text().split()[1] if Path("/proc/pressure/cpu").exists() else "?"
        board_page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
        board_page.goto(f"{servers[0].url}/workshop?room={room.id}", timeout=180_000)
        try:
            board_page.locator("tr[data-stage]").first.wait_for(timeout=120_000)
        except Exception:
            board_page.screenshot(path=str(work / "board-failed.png"), full_page=True)
            print(f"-- the board did not show; screenshot and logs in {work}\n{servers[0].log()[-3000:]}")
            raise
        before = [cpu_seconds(s) for s in servers]
        wall = time.perf_counter()
        time.sleep(6)  # a benchmark, not a test: six seconds of the board alone
        board_only = [(cpu_seconds(s) - b) / (time.perf_counter() - wall) for s, b in zip(servers, before, strict=True)]
        rss_before = [s.rss_mb() for s in servers]

        # the phones
        stop, go = threading.Event(), threading.Event()
        ready = threading.Barrier(args.phones + 1)
        phones = [Phone(i, servers[i % len(servers)].url, room.code) for i in range(args.phones)]
        threads = [threading.Thread(target=run_phone, args=(p, stage_ids, args.window, stop, ready, go, i),
                                    daemon=True) for i, p in enumerate(phones)]
        joined_at = time.perf_counter()
        for thread in threads:
            thread.start()
        ready.wait()
        join_seconds = time.perf_counter() - joined_at
        go.set()
        time.sleep(3)  # the first polls and taps spread out
        before = [cpu_seconds(s) for s in servers]
        client_before = time.process_time()
        wall = time.perf_counter()
        board_samples, _ = probe_board(browser, servers[0].url, room.id, probe, probe_stage, args.probes)
        steady = max(0.0, args.window + 6 - (time.perf_counter() - wall))
        time.sleep(steady)  # until every phone has tapped and changed its vote (the window, plus the change)
        elapsed = time.perf_counter() - wall
        busy = [(cpu_seconds(s) - b) / elapsed for s, b in zip(servers, before, strict=True)]
        client_busy = (time.process_time() - client_before) / elapsed
        rss_after = [s.rss_mb() for s in servers]
        # under load: the phone page again
        loaded_bytes, loaded_tti, _ = page_weight(browser, f"{servers[0].url}/j/{room.code}", cookie)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        board_page.context.close()

        # every vote stored exactly once, with the last tap
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT p.name, v.stage_id, v.importance, v.emotion, "
                "(SELECT count(*) FROM workshop_votes w WHERE w.participant_id = v.participant_id "
                " AND w.stage_id = v.stage_id) FROM workshop_votes v JOIN workshop_participants p "
                "ON p.id = v.participant_id WHERE v.room_id = :room"), {"room": room.id}).all()
        engine.dispose()
        stored = {(name, stage): (i, e, count) for name, stage, i, e, count in rows}
        expected = wrong = 0
        for p in phones:
            for stage, given in p.last.items():
                expected += 1
                got = stored.get((f"Phone {p.n:03d}", stage))
                if got is None or got[2] != 1 or any(got[0 if k == "importance" else 1] != v for k, v in given.items()):
                    wrong += 1
        # the board with 10,000 notes: counts, the newest page (the issue: a 10 MB board, 15 s to draw)
        bulk_notes(store, rooms, room, stage_ids, 10_000)
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            rooms.snapshot(OWNER, room.id).tally()
            rooms.notes_page(OWNER, room.id, limit=30)
            timings.append((time.perf_counter() - started) * 1000)
        full_draw, full_dom = board_draw(browser, servers[0], room.id)

        taps = [t for p in phones for t in p.taps]
        served = [t for p in phones for t in p.served]
        errors = [e for p in phones for e in p.errors]
        polls = sum(p.polls for p in phones)

        label = ["A", "B"]
        load = os.getloadavg()
        taps_per_second = args.phones * (len(stage_ids) * 2 + 1) / args.window
        projected = (board_only[0] + args.phones / POLL_SECONDS * per_request["poll"] / 1000
                     + taps_per_second * per_request["tap"] / 1000)
        print(f"\n0. the box: load average {load[0]:.1f}, CPU pressure before the run {pressure} (others' work shares "
              f"the 2 cores). Server CPU per request, one phone alone: poll {per_request['poll']:.1f} ms, tap "
              f"{per_request['tap']:.1f} ms; the board alone {board_only[0] * 100:.0f}% of a core → {args.phones} "
              f"phones polling every 2 s and tapping {len(stage_ids) * 2 + 1} times in {args.window:.0f} s would "
              f"need ≈ {projected * 100:.0f}% of one core")
        print(f"\n1. {args.phones} phones joined in {join_seconds:.1f} s (page, name, room page each); then "
              f"polled every {POLL_SECONDS:.0f} s and tapped {len(taps)} votes over {args.window:.0f} s "
              f"({polls} polls, "
              f"{len(errors)} errors{': ' + ', '.join(sorted(set(errors))[:4]) if errors else ''})")
        print(f"   tap → answer (a vote stored and its card back): p50 {pct(taps, 0.5):.0f} ms, "
              f"p95 {pct(taps, 0.95):.0f} ms, max {max(taps):.0f} ms   (target: p95 <= 1000 ms)")
        print(f"   of which in the server (Server-Timing, from the gate to the answer): p50 {pct(served, 0.5):.0f} ms, "
              f"p95 {pct(served, 0.95):.0f} ms; the phones' own process (200 threads, one GIL) used "
              f"{client_busy * 100:.0f}% of a core")
        print(f"   stored: {len(stored)} (phone, stage) votes for {expected} expected; wrong or doubled: {wrong}"
              f"; rows per (phone, stage): {sorted({c for *_, c in stored.values()})}")
        for i in range(len(servers)):
            name = f"instance {label[i]}" if len(servers) > 1 else "server"
            print(f"   {name}: CPU {busy[i] * 100:.0f}% of one core with the phones (board alone: "
                  f"{board_only[i] * 100:.0f}%)   RSS {rss_before[i]:.0f} → {rss_after[i]:.0f} MB")
        if len(servers) > 1:
            print(f"   both instances: CPU {sum(busy) * 100:.0f}% of one core in all")
        print("   (target: server <= 60% of one core)")
        print(f"\n2. vote → facilitator's board (Chromium, fragment every 0.5 s) while the phones poll and vote: "
              f"rounds {len(board_samples)}: p50 {pct(board_samples, 0.5):.0f} ms, "
              f"p95 {pct(board_samples, 0.95):.0f} ms, mean {mean(board_samples):.0f} ms, "
              f"max {max(board_samples):.0f} ms   (target: p95 <= 1000 ms)")
        print(f"\n2b. the board with 10,000 notes: its data (snapshot, tally, newest page) {pct(timings, 0.5):.0f} ms "
              f"(p95 {pct(timings, 0.95):.0f} ms); drawn in Chromium in {full_draw:.1f} s, "
              f"page {full_dom / 1024:.0f} KB of HTML; baseline, the same board with no notes: {empty_draw:.1f} s, "
              f"{empty_dom / 1024:.0f} KB")
        print("\n3. the phone page at 390×844 on Fast 3G (150 ms RTT, 1.6 Mbit/s), cache off")
        print(f"   room page /j/CODE (vote phase): {phone_bytes / 1024:.1f} KB on the wire in {phone_requests} "
              f"requests, interactive at {phone_tti / 1000:.2f} s; under the load: {loaded_bytes / 1024:.1f} KB, "
              f"{loaded_tti / 1000:.2f} s   (targets: <= 150 KB, <= 2 s)")
        print(f"   code box /j: {join_bytes / 1024:.1f} KB, interactive at {join_tti / 1000:.2f} s")
        print(f"   baseline, a Streamlit page of the app (/library) the same way: {app_bytes / 1024:.0f} KB in "
              f"{app_requests} requests, idle at {app_tti / 1000:.2f} s   → the phone page is "
              f"{app_bytes / max(phone_bytes, 1):.0f}× lighter and {app_tti / max(phone_tti, 1):.1f}× faster")
        if args.keep:
            print(f"\nkept: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
