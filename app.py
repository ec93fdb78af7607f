"""CJM Studio: the Streamlit shell. Widgets in, core calls, widgets out."""

import streamlit as st

from cjm.i18n import normalize_language, t

st.set_page_config(page_title="CJM Studio", page_icon="🗺️", layout="wide")

if "lang" not in st.session_state:
    st.session_state.lang = normalize_language(st.context.locale)


def _pick_language() -> None:
    # The language lives in a plain state variable: with st.navigation, a widget keyed "lang" itself
    # came back as None after a click (streamlit 1.67), so the widget only reports into it.
    if st.session_state.get("lang_picker"):
        st.session_state.lang = st.session_state.lang_picker


with st.sidebar:
    st.segmented_control(
        t("sidebar.language", st.session_state.lang),
        options=["ru", "en"],
        format_func=lambda code: {"ru": "Русский", "en": "English"}[code],
        key="lang_picker",
        default=st.session_state.lang,
        required=True,
        on_change=_pick_language,
    )

lang = st.session_state.lang
pages = [
    st.Page("pages/library.py", title=t("nav.library", lang), icon="🗂️", url_path="library", default=True),
    st.Page("pages/builder.py", title=t("nav.builder", lang), icon="✏️", url_path="builder"),
]
st.navigation(pages).run()
