"""The app as a user installs it: the wheel of this checkout, started with `cjm run` from another folder.

It proves that the wheel carries server.py, app.py, pages/, web/ and the templates, that the pages find each other
there, that `cjm run` applies the app's Streamlit settings (.streamlit/config.toml: the theme's primary colour), and
that the phone page and its files are served from the installed copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot
from tests.e2e.pages import Library
from tests.harness import AppServer
from tests.installing import built_wheel, install

PRIMARY = "rgb(79, 70, 229)"  # theme.primaryColor #4F46E5 in .streamlit/config.toml


class CjmRun(AppServer):
    """``cjm run --port P --host 127.0.0.1 --data-dir D`` of an installed copy (on PYTHONPATH), not from the repo."""

    def __init__(self, site: Path, data_dir: Path, log_path: Path, cwd: Path):
        super().__init__(data_dir, log_path, env={"PYTHONPATH": str(site)}, cwd=cwd)
        self.site = site

    def command(self) -> list[str]:
        return [str(self.site / "bin" / "cjm"), "run", "--port", str(self.port), "--host", "127.0.0.1",
                "--data-dir", str(self.data_dir)]


@pytest.fixture(scope="module")
def installed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CjmRun]:
    base = tmp_path_factory.mktemp("installed")
    site = install(built_wheel(), base / "site")
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    server = CjmRun(site, base / "data", base / "cjm-run.log", cwd=elsewhere).start()
    yield server
    server.stop()


def test_the_installed_app_creates_and_analyses_a_map(page, installed_app):
    assert "cjm: starting CJM Studio" in installed_app.log()
    library = Library(page, installed_app.url).open()
    assert_no_exception(page)
    create = page.locator(".st-key-create_map button")
    expect(create).to_have_css("background-color", PRIMARY)  # the app's theme, passed on by `cjm run`
    library.create()  # the default template, CJM demo, lands in the Builder
    assert "/builder?map=" in page.url
    assert (installed_app.data_dir / "cjm.sqlite3").is_file()  # --data-dir, not the installed package

    page.get_by_role("link", name="Analysis").click()
    expect(page.get_by_text("Comparing options").first).to_be_visible()
    assert_no_exception(page)
    shot(page, "installed-analysis")

    page.goto(f"{installed_app.url}/j")  # the participant's face, templates and vendored files from the wheel
    expect(page.get_by_role("textbox", name="Room code")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)  # htmx loaded and set the page up
