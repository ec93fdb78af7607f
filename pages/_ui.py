"""Shared pieces of the Streamlit shell: the store, the language, the open map's editor, notices.

Widgets and session plumbing only; every rule lives in ``cjm``.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable

import streamlit as st

from cjm.access import OWNER_COOKIE, Gate, Owner
from cjm.db import data_folder
from cjm.editor import MapEditor
from cjm.errors import CJMError
from cjm.i18n import error_text, t
from cjm.markdown import literal
from cjm.rooms import RoomStore
from cjm.storage import DEFAULT_DATA_DIR, MapNotFound, MapStore
from cjm.throttle import Limits

MAP_PARAM = "map"  # ?map=<id> keeps the open map across a browser refresh


def require_shell() -> None:
    """Make sure this page runs inside ``app.py`` (language switch, layout, navigation).

    On a fresh server, Streamlit decides between its legacy ``pages/`` folder mode and
    ``st.navigation`` only when ``app.py`` first runs. A first request straight to a page
    (``/builder?map=…`` after a restart) would run the page file bare. Here we switch the legacy
    mode off and rerun: the rerun goes through ``app.py``'s navigation and lands on this same page
    (both modes name it by its URL path). Tested by tests/e2e/test_app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def fragment(func: Callable[[], None]) -> Callable[[], None]:
    """``st.fragment``; with ``CJM_RUN_TIMES`` set, a run of the fragment alone prints its ``CJM_RUN_TIME`` line to
    stderr as app.py does for a run of the whole page (bench/bench_builder.py reads both)."""

    @functools.wraps(func)
    def timed() -> None:
        started = time.perf_counter()
        try:
            func()
        finally:
            from streamlit.runtime.scriptrunner import get_script_run_ctx

            ctx = get_script_run_ctx()
            if os.environ.get("CJM_RUN_TIMES") and ctx is not None and ctx.fragment_ids_this_run:
                print(f"CJM_RUN_TIME {time.perf_counter() - started:.6f}", file=sys.stderr, flush=True)

    return st.fragment(timed)


@st.cache_resource(show_spinner=False)
def store() -> MapStore:
    """One store (one connection pool) for every session of this server."""
    return MapStore.from_env()


@st.cache_resource(show_spinner=False)
def rooms() -> RoomStore:
    """Workshop rooms, in the same database (and connection pool) as the maps."""
    return RoomStore(store(), limits=Limits.from_env())


@st.cache_resource(show_spinner=False)
def gate() -> Gate:
    """The server's sign-in rules (the same owner token the gate in front of the app uses)."""
    return Gate.from_env(data_folder(default_dir=DEFAULT_DATA_DIR))


def owner() -> Owner | None:
    """This session's owner, asked of cjm.access again (the gate let the websocket in only if it may)."""
    context = st.context
    peer = context.ip_address or "127.0.0.1"  # Streamlit reports a loopback client as None
    return gate().owner(peer, {k.lower(): v for k, v in context.headers.items()}, context.cookies.get(OWNER_COOKIE))


def lang() -> str:
    return st.session_state.get("lang", "en")


def notify(kind: str, text: str) -> None:
    """A message to show on the next run (callbacks run before the page draws)."""
    st.session_state.setdefault("_notices", []).append((kind, text))


def show_notices() -> None:
    for kind, text in st.session_state.pop("_notices", []):
        if kind == "toast":
            st.toast(text)
        else:
            getattr(st, kind)(text)


def open_map_id() -> str | None:
    """The open map: from the address (a link or a refresh) or this session; the address is kept in step.

    Sidebar links carry no query string, so without this a refresh of Analysis or Board lost the map.
    """
    map_id = st.query_params.get(MAP_PARAM) or st.session_state.get("map_id")
    if map_id:
        st.session_state.map_id = map_id
        if st.query_params.get(MAP_PARAM) != map_id:
            st.query_params[MAP_PARAM] = map_id
    return map_id


def open_map(map_id: str) -> None:
    st.session_state.map_id = map_id
    st.query_params[MAP_PARAM] = map_id


def editor(map_id: str) -> MapEditor:
    """This session's editor of ``map_id`` (kept across reruns; undo/redo live in it)."""
    editors: dict[str, MapEditor] = st.session_state.setdefault("_editors", {})
    if map_id not in editors:
        editors[map_id] = MapEditor(store(), map_id)
    return editors[map_id]


def forget_editor(map_id: str) -> None:
    st.session_state.get("_editors", {}).pop(map_id, None)


def refusal(exc: BaseException, language: str | None = None) -> str:
    """A refusal of the core in the UI's language (:func:`cjm.i18n.error_text`), escaped for markdown."""
    return literal(error_text(exc, language or lang()))


def open_editor(follow_latest: bool = False) -> MapEditor:
    """The open map's editor; with no map or an unknown one, say so, link to the library and stop.

    ``follow_latest``: a read-mostly page (Analysis, Board) shows the newest stored version when this
    session has nothing unsaved.
    """
    language = lang()
    map_id = open_map_id()
    if not map_id:
        st.info(t("builder.none", language))
        st.page_link("pages/library.py", label=t("builder.to_library", language), icon="🗂️")
        st.stop()
    try:
        ed = editor(map_id)
        if follow_latest and ed.pending is None and ed.changed_elsewhere():
            ed.reload()
    except MapNotFound:
        st.warning(t("builder.not_found", language))
        st.page_link("pages/library.py", label=t("builder.to_library", language), icon="🗂️")
        st.stop()
    return ed


def attempt(action, *args) -> None:
    """Run a core action from a callback; a user's mistake becomes a notice on the next run."""
    try:
        action(*args)
    except CJMError as exc:
        notify("error", t("builder.error", lang(), message=refusal(exc)))
