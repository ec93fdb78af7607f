"""docs/deploy.md tried: two app instances on a throwaway PostgreSQL behind nginx (docs/deploy/nginx.conf).

    .venv/bin/python -m bench.bench_deploy [--phones 40] [--probes 10]

Starts a throwaway PostgreSQL (tests/pgserver.py), two instances of ``server.py`` sharing it (the same
``CJM_OWNER_TOKEN``, ``CJM_REQUIRE_SIGNIN=1``, ``CJM_PUBLIC_URL`` = the proxy), and Debian's nginx with
docs/deploy/nginx.conf (its ports replaced by free ones; only 127.0.0.1). Then, all through the proxy:

1. what an unsigned browser gets (the sign-in page, 401), the sign-in link (303, the cookie);
2. the facilitator signs in in Chromium and starts a workshop: the Streamlit websocket works through nginx;
3. ``--phones`` HTTP phones join and vote (round robin over both instances: each instance's CPU time shows its
   share), every vote stored once; a probe's vote → the facilitator's board, p50 and p95.

Prints what it saw; asserts nothing. Needs nginx (``apt-get install nginx-light``) and PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, text

from bench.bench_builder import machine_info, pct
from bench.bench_workshop_load import OWNER, Phone, cpu_seconds, probe_board
from cjm.editing import add_stage
from cjm.rooms import RoomStore
from cjm.storage import MapStore
from cjm.templates import load_template
from tests.harness import ROOT, AppServer, free_port, launch_chromium, wait_healthy

TOKEN = "deploy-owner-token-0123456789abcdef"
CONFIG = ROOT / "docs" / "deploy" / "nginx.conf"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def start_nginx(work: Path, proxy_port: int, ports: list[int]) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    config = CONFIG.read_text(encoding="utf-8")
    config = config.replace("127.0.0.1:8601", f"127.0.0.1:{ports[0]}").replace("127.0.0.1:8602",
                                                                               f"127.0.0.1:{ports[1]}")
    config = config.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
    (work / "nginx.conf").write_text(config, encoding="utf-8")
    (work / "logs").mkdir(exist_ok=True)
    log = (work / "nginx.log").open("ab")
    process = subprocess.Popen([nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(work / 'nginx.log').read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{proxy_port}/_stcore/health", timeout=2)
            return process
        except OSError:
            time.sleep(0.1)  # waiting for nginx to listen: a state check
    raise RuntimeError("nginx did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument("--probes", type=int, default=10)
    args = parser.parse_args()

    from tests.pgserver import PostgresServer

    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cjm-deploy-")))
        pg = stack.enter_context(PostgresServer())
        pg.create_database("cjm_deploy")
        url = pg.url("cjm_deploy")
        proxy_port = free_port()
        proxy = f"http://127.0.0.1:{proxy_port}"
        env = {"CJM_DATABASE_URL": url, "CJM_OWNER_TOKEN": TOKEN, "CJM_REQUIRE_SIGNIN": "1",
               "CJM_PUBLIC_URL": proxy}
        servers = [AppServer(work / f"data{i}", work / f"app{i}.log", env=env).start() for i in range(2)]
        for server in servers:
            stack.callback(server.stop)
        nginx = start_nginx(work, proxy_port, [s.port for s in servers])
        stack.callback(lambda: (nginx.terminate(), nginx.wait(timeout=10)))
        wait_healthy(proxy, nginx, lambda: (work / "nginx.log").read_text())

        store = MapStore(url)
        stack.callback(store.close)
        demo, probe_stage = add_stage(load_template("saas_demo", "en"), "Probe")
        store.create(demo)
        rooms = RoomStore(store)

        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        print("\n".join(machine_info(browser.version)))
        version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
        print(f"setup     {version} on {proxy} → instances :{servers[0].port} and :{servers[1].port}, "
              "one throwaway PostgreSQL")

        status, _, body = fetch(f"{proxy}/library")
        print(f"\n1. unsigned /library through the proxy: {status}, sign-in page: {'Sign in' in body}, "
              f"the map's title absent: {demo.title not in body}")
        status, headers, _ = fetch(f"{proxy}/?token={TOKEN}")
        cookie = headers.get("set-cookie", headers.get("Set-Cookie", ""))
        print(f"   the sign-in link: {status} → {headers.get('location', headers.get('Location'))}, cookie "
              f"{'HttpOnly; SameSite=Strict' if 'HttpOnly' in cookie and 'SameSite=Strict' in cookie else cookie!r}")
        status, _, _ = fetch(f"{servers[0].url}/library")
        print(f"   an instance asked straight from loopback with CJM_REQUIRE_SIGNIN=1: {status}")

        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
        page.goto(f"{proxy}/?token={TOKEN}")
        page.goto(f"{proxy}/workshop?map={demo.id}")
        page.locator(".st-key-ws_start button").click()
        code_box = page.get_by_test_id("cjm-join-code")
        code_box.wait_for(timeout=60_000)
        code = code_box.inner_text().strip()
        room = rooms.open_rooms(OWNER)[0]
        rooms.set_phase(OWNER, room.id, "vote")
        rooms.reveal(OWNER, room.id)
        link = page.locator("code").filter(has_text="/j/").first.inner_text().replace("\n", "")
        print(f"\n2. the facilitator, signed in through the proxy, started room {code}: the Streamlit websocket "
              f"works through nginx; the projected link: {link}")
        page.context.close()

        stage_ids = [s.id for s in demo.stages if s.id != probe_stage]
        phones = [Phone(i, proxy, code) for i in range(args.phones)]
        before = [cpu_seconds(s) for s in servers]
        errors: list[str] = []

        def run(phone: Phone) -> None:
            try:
                phone.join()
                for stage in stage_ids:
                    phone.tap(stage, "importance", 1 + phone.n % 5)
                    phone.tap(stage, "emotion", phone.n % 5 - 2)
                phone.poll()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(str(exc))

        threads = [threading.Thread(target=run, args=(p,)) for p in phones]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        shares = [cpu_seconds(s) - b for s, b in zip(servers, before, strict=True)]
        engine = create_engine(url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*), count(DISTINCT (participant_id, stage_id)) FROM "
                                       "workshop_votes WHERE room_id = :r"), {"r": room.id}).one()
        engine.dispose()
        taps = [t for p in phones for t in p.taps]
        print(f"\n3. {args.phones} phones through the proxy: {len(taps)} taps, p50 {pct(taps, 0.5):.0f} ms, "
              f"p95 {pct(taps, 0.95):.0f} ms; {len(errors) + sum(len(p.errors) for p in phones)} errors; "
              f"stored {stored[0]} votes, {stored[1]} distinct (expected {args.phones * len(stage_ids)})")
        print(f"   CPU the phones cost each instance (round robin): A {shares[0]:.1f} s, B {shares[1]:.1f} s")
        probe = Phone(999, proxy, code)
        probe.join()
        owner = [{"name": "cjm_owner", "value": cookie.split(";")[0].split("=", 1)[1], "url": proxy}]
        samples, board = probe_board(browser, proxy, room.id, probe, probe_stage, args.probes, cookies=owner)
        print(f"   a probe's vote (through the proxy, on either instance) → the board (through the proxy, on its "
              f"sticky instance): p50 {pct(samples, 0.5):.0f} ms, p95 {pct(samples, 0.95):.0f} ms")
        board.context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
