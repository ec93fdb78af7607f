"""Export: the open map as a file to share — Excel (styled, with charts, re-importable) or JSON."""

from __future__ import annotations

import streamlit as st

from cjm.formats import download_name
from cjm.i18n import t
from cjm.mapfile import map_to_json
from cjm.markdown import literal
from pages._ui import lang, open_editor, require_shell

require_shell()
LANG = lang()
ed = open_editor(follow_latest=True)
m = ed.map


def xlsx_bytes() -> bytes:  # built only when the button is clicked
    from cjm.xlsx.export import export_xlsx

    return export_xlsx(m)


st.title(literal(m.title), anchor=False)
st.caption(t("export.intro", LANG))
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{t('export.xlsx', LANG)}**")
    st.caption(t("export.xlsx_help", LANG))
    st.download_button(t("export.download", LANG, ext="xlsx"), data=xlsx_bytes, file_name=download_name(m, "xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="get_xlsx",
                       type="primary", on_click="ignore")
with right.container(border=True):
    st.markdown(f"**{t('export.json', LANG)}**")
    st.caption(t("export.json_help", LANG))
    st.download_button(t("export.download", LANG, ext="json"), data=lambda: map_to_json(m).encode("utf-8"),
                       file_name=download_name(m, "json"), mime="application/json", key="get_json",
                       on_click="ignore")

st.markdown(f"**{t('export.more', LANG)}**")
for column, (ext, label, mime) in zip(st.columns(3), (("csv", "CSV", "text/csv"), ("md", "Markdown", "text/markdown"),
                                                      ("mmd", "Mermaid journey", "text/plain")), strict=True):
    def render(ext: str = ext) -> bytes:
        from cjm.text_export import to_markdown, to_mermaid
        from cjm.xlsx.csv import to_csv

        text = {"csv": lambda: "\ufeff" + to_csv(m), "md": lambda: to_markdown(m), "mmd": lambda: to_mermaid(m)}[ext]()
        return text.encode("utf-8")

    column.download_button(label, data=render, file_name=download_name(m, ext), mime=mime, key=f"get_{ext}",
                           on_click="ignore", width="stretch")
