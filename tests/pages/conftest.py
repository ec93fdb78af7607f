"""In-process page tests: ``streamlit.testing.v1.AppTest`` runs app.py (the shell with st.navigation) and
switches to a page, with the store in a temporary folder. No server, no browser: about a second a test.

Pages with the AG Grid (the Builder) are not tested here: AppTest cannot drive the grid (it shows it as an
unknown component); the browser tests in tests/e2e/ do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cjm.model import Map
from cjm.storage import MapStore, database_url
from cjm.templates import new_map_from_template

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data folder for the app (``CJM_DATA_DIR``); the app's cached store is dropped before and after,
    so each test's pages open this folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CJM_DATA_DIR", str(folder))
    monkeypatch.delenv("CJM_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield folder
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def store(data_dir: Path) -> Iterator[MapStore]:
    """The same database the app's pages use, to set up maps and to check what a page saved."""
    with MapStore(database_url(data_dir)) as s:
        yield s


def add_map(store: MapStore, template: str = "saas_demo", language: str = "en", **changes) -> Map:
    m = new_map_from_template(template, language)
    if changes:
        m = m.model_copy(update=changes)
    return store.create(m).map


def open_page(page: str | None = None, *, lang: str = "en", map_id: str | None = None) -> AppTest:
    """Run app.py as a browser session would: UI language ``lang``, ``?map=map_id``, then ``page`` (a path
    as in app.py's st.navigation, e.g. ``pages/analysis.py``; None: the default page, the library)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    if map_id:
        at.query_params["map"] = map_id
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
