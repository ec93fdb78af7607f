"""The one harness for driving the real app: a Streamlit server on a free port and headless Debian Chromium.

Used by the browser tests (tests/e2e/conftest.py) and by every benchmark (``python -m bench.bench_…`` from
the repository root). It imports neither pytest nor anything of the app, so both can use it as it is.

* ``free_port()``; ``server_env(data_dir)``: the environment a server gets (``CJM_DATA_DIR`` …);
* ``AppServer(script=…)``: ``python -m streamlit run SCRIPT`` with the launch flags from the stack notes,
  output to a log file, waited for on ``/_stcore/health``, stopped with terminate + wait. The script is a
  parameter: ``server.py`` by default (app.py wrapped in ``st.App`` with the phone page, the API and the sign-in
  gate), or e.g. ``bench/bare_grid_page.py``; ``signin_link()`` is the owner's link the server printed;
* ``launch_chromium(playwright)``: Debian's Chromium (``$CJM_CHROMIUM``) with ``LAUNCH_ARGS``;
* ``IDLE`` and ``wait_idle(page)``: the app has finished its script run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
#: The app is idle: its script run has finished (an element to wait for, never a sleep).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STARTUP_SECONDS = 90
#: ``streamlit run`` flags for a test or benchmark server (the port and address are added per server).
STREAMLIT_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment, the app's data folder (``CJM_DATA_DIR``) and unbuffered output (log lines
    such as ``CJM_RUN_TIME`` arrive when they happen), then ``extra`` on top."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is not None:
        env["CJM_DATA_DIR"] = str(data_dir)
    return {**env, **(extra or {})}


def wait_healthy(url: str, process: subprocess.Popen | None, describe, seconds: float = STARTUP_SECONDS) -> None:
    """Poll ``url/_stcore/health`` until it answers 200; fail early if ``process`` exits.

    ``describe()`` gives the text (the server's log) shown when it fails.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{describe()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)  # polling the health endpoint: a state check, not a timing assumption
    raise RuntimeError(f"the server did not become healthy in {seconds:.0f}s:\n{describe()}")


class AppServer:
    """``python -m streamlit run SCRIPT`` in a subprocess on a free port, with its own data directory.

    ``script`` is relative to ``cwd`` (the repository root by default, which ``python -m`` also puts on the
    import path: that is how a script outside the root, such as bench/bare_grid_page.py, imports ``cjm``).
    """

    def __init__(self, data_dir: Path | None, log_path: Path, env: Mapping[str, str] | None = None, *,
                 script: str = "server.py", cwd: Path = ROOT, extra_args: Sequence[str] = ()):
        self.script = script
        self.cwd = cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log_path = log_path
        self.env = server_env(data_dir, env)
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", self.script, *STREAMLIT_FLAGS,
                "--server.port", str(self.port), "--server.address", "127.0.0.1", *self.extra_args]

    def start(self) -> AppServer:
        # Output to a file, never an unread pipe (a full pipe blocks the server).
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command(), cwd=self.cwd, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            wait_healthy(self.url, self.process, self.log_tail)
        except BaseException:
            self.stop()
            raise
        return self

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def signin_link(self) -> str:
        """The owner's sign-in link ``http://…/?token=…`` that server.py printed at start (on this server's port)."""
        match = re.search(r"^\s*(http://\S+/\?token=\S+)$", self.log(), flags=re.M)
        assert match, f"no sign-in link in the server's log:\n{self.log_tail()}"
        return self.url + "/?" + match.group(1).split("/?", 1)[1]

    def log_tail(self, chars: int = 4000) -> str:
        return self.log()[-chars:]

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def run_times_since(self, offset: int) -> list[float]:
        """Milliseconds of each script run logged after byte ``offset`` (``CJM_RUN_TIMES=1``: app.py's hook)."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", errors="replace")
        return [float(s) * 1000 for s in re.findall(r"^CJM_RUN_TIME (\d+\.\d+)$", text, flags=re.M)]

    def rss_mb(self) -> float:
        """VmRSS of the server process and all its descendants, in MB."""
        assert self.process is not None
        total_kb, todo, seen = 0, [self.process.pid], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total_kb += int(re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.M).group(1))
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, AttributeError):
                continue  # the process ended meanwhile
        return total_kb / 1024

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def launch_chromium(playwright, **options):
    """Debian's Chromium, headless, with the launch arguments every test and benchmark uses
    (Playwright cannot download its own browsers here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS, **options)


def wait_idle(page, timeout: float | None = None) -> None:
    """Wait until the app's script has finished its run."""
    page.locator(IDLE).wait_for(state="attached", timeout=timeout)
