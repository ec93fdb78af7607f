"""Compare: two maps side by side (as-is vs to-be, two personas): emotion curves overlaid, score changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cjm import charts, levels, numbers
from cjm.compare import compare
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.scoring import score_map
from pages._ui import lang, refusal, require_shell, store

require_shell()
LANG = lang()

st.title(t("compare.header", LANG), anchor=False)
try:
    maps = store().list_maps()
except CJMError as exc:
    st.error(refusal(exc, LANG))
    st.stop()
if len(maps) < 2:
    st.info(t("compare.need_two", LANG))
    st.stop()

titles = {s.id: s.title for s in maps}
left, right = st.columns(2)
first = left.selectbox(t("compare.first", LANG), list(titles), format_func=titles.get, key="compare_a")
second = right.selectbox(t("compare.second", LANG), list(titles), index=1, format_func=titles.get, key="compare_b")
a, b = store().get(first).map, store().get(second).map
label_a, label_b = f"A: {a.title}", f"B: {b.title}"
if first == second:
    st.caption(t("compare.same", LANG))
st.subheader(t("chart.compare_title", LANG), anchor=False)
st.altair_chart(charts.compare_curves([(label_a, a, score_map(a)), (label_b, b, score_map(b))], LANG),
                key="compare_chart")

rows = compare(a, b)
st.dataframe(pd.DataFrame({
    "#": [r.position for r in rows],
    t("compare.stage_a", LANG): [r.stage_a or "—" for r in rows],
    t("compare.score_a", LANG): [f"{levels.icon(r.level_a)} {numbers.score(r.score_a, LANG)}"
                                 if r.score_a is not None else "—" for r in rows],
    t("compare.stage_b", LANG): [r.stage_b or "—" for r in rows],
    t("compare.score_b", LANG): [f"{levels.icon(r.level_b)} {numbers.score(r.score_b, LANG)}"
                                 if r.score_b is not None else "—" for r in rows],
    t("compare.delta", LANG): [("—" if r.delta is None else numbers.signed(r.delta, LANG)) for r in rows],
}), hide_index=True, width="stretch", key="compare_table")
