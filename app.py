"""CJM Studio: the Streamlit shell. Widgets in, core calls, widgets out."""

import streamlit as st

from cjm.i18n import normalize_language, t

st.set_page_config(page_title="CJM Studio", page_icon="🗺️", layout="wide")

if "lang" not in st.session_state:
    st.session_state.lang = normalize_language(st.context.locale)

with st.sidebar:
    st.segmented_control(
        t("sidebar.language", st.session_state.lang),
        options=["ru", "en"],
        format_func=lambda code: {"ru": "Русский", "en": "English"}[code],
        key="lang",
        required=True,
    )

lang = st.session_state.lang
pages = [st.Page("pages/templates.py", title=t("nav.templates", lang), icon="🗺️", url_path="templates", default=True)]
st.navigation(pages).run()
