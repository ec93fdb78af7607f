"""CJM Studio: the Streamlit shell. Widgets in, core calls, widgets out."""

import html
import os
import sys
import time

import streamlit as st

from cjm.access import OWNER_COOKIE, SIGNOUT_PATH
from cjm.i18n import language_name, normalize_language, t
from cjm.model import LANGUAGES

_RUN_START = time.perf_counter()  # CJM_RUN_TIMES=1: each run's duration to stderr (bench/bench_builder.py)

st.set_page_config(page_title="CJM Studio", page_icon="🗺️", layout="wide")

if "lang" not in st.session_state:
    st.session_state.lang = normalize_language(st.context.locale)


def _pick_language() -> None:
    # The language lives in a plain state variable: with st.navigation, a widget keyed "lang" itself
    # came back as None after a click (streamlit 1.67), so the widget only reports into it.
    if st.session_state.get("lang_picker"):
        st.session_state.lang = st.session_state.lang_picker


# Participants never come here: their phones use the light page /j (web/, served beside this app by server.py).
st.sidebar.segmented_control(
    t("sidebar.language", st.session_state.lang),
    options=list(LANGUAGES),
    format_func=language_name,
    key="lang_picker",
    default=st.session_state.lang,
    required=True,
    on_change=_pick_language,
)

lang = st.session_state.lang
if st.context.cookies.get(OWNER_COOKIE):  # signed in with the cookie (not the owner's own loopback): a way out
    with st.sidebar:  # this tab goes to the sign-out page (a link button would open another and leave this one in)
        label = html.escape(t("signout.button", lang))
        st.html(f'<a href="{SIGNOUT_PATH}" target="_self" class="cjm-signout">⎋ {label}</a>')

pages = [
    st.Page("pages/library.py", title=t("nav.library", lang), icon="🗂️", url_path="library", default=True),
    st.Page("pages/builder.py", title=t("nav.builder", lang), icon="✏️", url_path="builder"),
    st.Page("pages/analysis.py", title=t("nav.analysis", lang), icon="📈", url_path="analysis"),
    st.Page("pages/actions.py", title=t("nav.actions", lang), icon="✅", url_path="actions"),
    st.Page("pages/insights.py", title=t("nav.insights", lang), icon="💡", url_path="insights"),
    st.Page("pages/board.py", title=t("nav.board", lang), icon="🖼️", url_path="board"),
    st.Page("pages/compare.py", title=t("nav.compare", lang), icon="⚖️", url_path="compare"),
    st.Page("pages/export.py", title=t("nav.export", lang), icon="📤", url_path="export"),
    st.Page("pages/workshop.py", title=t("nav.workshop", lang), icon="🗳️", url_path="workshop"),
]
try:
    st.navigation(pages, position="sidebar").run()
finally:
    if os.environ.get("CJM_RUN_TIMES"):
        print(f"CJM_RUN_TIME {time.perf_counter() - _RUN_START:.6f}", file=sys.stderr, flush=True)
