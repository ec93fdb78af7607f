"""Analysis: stages ranked by priority with why and what to do, the emotion curve, the priority matrix, the funnel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cjm import charts, emotion
from cjm.i18n import t
from cjm.markdown import literal
from cjm.scoring import funnel, score_map
from cjm.storage import MapNotFound
from pages._ui import lang, open_map_id, require_shell, store

require_shell()
LANG = lang()
LEVEL_ICON = {"critical": "🔴", "warning": "🟠", "ok": "🟢", "unrated": "⚪"}

map_id = open_map_id()
if not map_id:
    st.info(t("builder.none", LANG))
    st.page_link("pages/library.py", label=t("builder.to_library", LANG), icon="🗂️")
    st.stop()
try:
    m = store().get(map_id).map
except MapNotFound:
    st.warning(t("builder.not_found", LANG))
    st.stop()

scores = score_map(m)
st.title(literal(m.title), anchor=False)
st.caption(t("analysis.caption", LANG, method=t("analysis.method." + m.scoring.method, LANG)))

rated = [s for s in scores if s.rank is not None]
if not rated:
    st.info(t("analysis.none_rated", LANG))
else:
    st.subheader(t("analysis.ranking", LANG), anchor=False)
    table = pd.DataFrame({
        t("scores.rank", LANG): [s.rank for s in scores],
        t("scores.level", LANG): [f"{LEVEL_ICON[s.level]} {t('level.' + s.level, LANG)}" for s in scores],
        t("scores.stage", LANG): [s.stage for s in scores],
        t("scores.score", LANG): [s.score for s in scores],
        t("scores.importance", LANG): [s.importance for s in scores],
        t("scores.emotion", LANG): [emotion.label(None if s.emotion is None else round(s.emotion)) for s in scores],
        t("chart.why", LANG): [getattr(s, "why", "") for s in scores],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="ranking")

    st.subheader(t("analysis.todo", LANG), anchor=False)
    detail_lanes = [m.lane(k) for k in ("recommendations", "hypotheses", "pain_points")]
    for s in rated:
        if s.level not in ("critical", "warning"):
            continue
        stage = m.stage(s.stage_id)
        with st.container(border=True, key=f"todo_{s.stage_id}"):
            st.markdown(f"{LEVEL_ICON[s.level]} **{s.rank}. {literal(s.stage)}** — {s.score:g}")
            if getattr(s, "why", ""):
                st.caption(literal(s.why))
            for lane in detail_lanes:
                items = stage.values.get(lane.key) if (lane and stage) else None
                if items:
                    st.markdown(f"*{literal(lane.label)}*")
                    st.text("\n".join(f"• {item}" for item in items))

st.subheader(t("chart.curve_title", LANG), anchor=False)
st.altair_chart(charts.emotion_curve(m, scores, LANG), key="curve")
left, right = st.columns([3, 2])
with left:
    st.subheader(t("chart.matrix_title", LANG), anchor=False)
    st.altair_chart(charts.priority_matrix(m, scores, LANG), key="matrix")
steps = funnel(m)
with right:
    st.subheader(t("chart.funnel_title", LANG), anchor=False)
    if steps:
        st.altair_chart(charts.funnel_chart([
            {"stage": f"{i}. {step.stage}", "customers": step.customers, "conversion": step.conversion}
            for i, step in enumerate(steps, start=1)], LANG), key="funnel")
    else:
        st.caption(t("analysis.no_funnel", LANG))
