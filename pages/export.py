"""Export: the open map as a file to share — Excel (styled, with charts, re-importable) or JSON."""

from __future__ import annotations

from functools import partial

import streamlit as st

from cjm.formats import WRITABLE, download_name, export_bytes
from cjm.i18n import t
from cjm.markdown import literal
from pages._ui import lang, open_editor, require_shell

require_shell()
LANG = lang()
ed = open_editor(follow_latest=True)
m = ed.map


def file_bytes(extension: str) -> bytes:  # built only when its button is clicked
    return export_bytes(m, extension, version=None if ed.pending else ed.version)


st.title(literal(m.title), anchor=False)
st.caption(t("export.intro", LANG))
featured = [f for f in WRITABLE if f.featured]
for column, fmt in zip(st.columns(len(featured)), featured, strict=True):
    with column.container(border=True):
        st.markdown(f"**{fmt.label(LANG)}**")
        st.caption(fmt.help(LANG))
        st.download_button(t("export.download", LANG, ext=fmt.extension), data=partial(file_bytes, fmt.extension),
                           file_name=download_name(m, fmt.extension), mime=fmt.mime, key=f"get_{fmt.extension}",
                           type="primary" if fmt is featured[0] else "secondary", on_click="ignore")

st.markdown(f"**{t('export.more', LANG)}**")
more = [f for f in WRITABLE if not f.featured]
for column, fmt in zip(st.columns(len(more)), more, strict=True):
    column.download_button(fmt.label(LANG), data=partial(file_bytes, fmt.extension),
                           file_name=download_name(m, fmt.extension), mime=fmt.mime, key=f"get_{fmt.extension}",
                           on_click="ignore", width="stretch")
