"""Browser tests: a real streamlit server on a free port, driven by headless Debian Chromium.

The server and the browser come from tests/harness.py (shared with bench/).

Tests wait on the app's state (the script is idle, an element shows up), never on sleeps.
In CI (CI=true) a Chromium that cannot start fails the run; it never skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.harness import CHROMIUM, ROOT, AppServer, launch_chromium, wait_idle

# what the browser tests import from here
__all__ = ["AppServer", "assert_no_exception", "shot", "shots_at_both_widths", "wait_idle"]

expect.set_options(timeout=10_000)  # a state we wait for; generous for a busy 2-core CI machine

ARTIFACTS = ROOT / ".artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    base = tmp_path_factory.mktemp("app")
    server = AppServer(base / "data", base / "streamlit.log").start()
    yield server
    server.stop()


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[AppServer]:
    """A server of its own with an empty data directory, for tests that need a clean slate."""
    server = AppServer(tmp_path / "data", tmp_path / "streamlit.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = launch_chromium(playwright)
    except Exception as exc:  # noqa: BLE001 - any launch failure means the same thing here
        playwright.stop()
        message = f"cannot start Chromium at {CHROMIUM} (run `make test`, which installs it): {exc}"
        if os.environ.get("CI") or not os.environ.get("CJM_ALLOW_NO_BROWSER"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot(page, f"FAILED-{request.node.name}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under .artifacts/screenshots/ (to look at, and on failures)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def shots_at_both_widths(page, name: str) -> None:
    """Screenshots ``name-1280`` and ``name-1920``: the whole page, the window as tall as its content; the
    window is 1280 × 1000 again afterwards."""
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 1000})
        wait_idle(page)
        tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(1000, min(int(tall) + 40, 6000))})
        wait_idle(page)
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 1000})
    wait_idle(page)


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
