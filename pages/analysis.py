"""Analysis: stages ranked by priority with why and what to do, the emotion curve, the priority matrix, the funnel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cjm import charts, editing, emotion
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.lanes import LaneType
from cjm.markdown import literal
from cjm.model import Map
from cjm.scoring import funnel, score_map
from pages._ui import lang, notify, open_editor, require_shell, show_notices

require_shell()
LANG = lang()
LEVEL_ICON = {"critical": "🔴", "warning": "🟠", "ok": "🟢", "unrated": "⚪"}

ed = open_editor(follow_latest=True)
map_id = ed.map_id


def change(fn, note: str) -> None:
    try:
        ed.apply(fn, note)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=literal(exc.message)))


def save_scoring(field: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    change(lambda mm: editing.set_scoring(mm, **{field: value}), t("note.scoring", ed.map.language))


def confirm(stage_id: str, score: int) -> None:
    stage = ed.map.stage(stage_id)
    words = (stage.values.get("emotion") or {}).get("words", "") if stage else ""
    lane = ed.map.first_lane_of(LaneType.EMOTION)
    change(lambda mm: editing.set_value(mm, stage_id, lane.key, {"score": score, "words": words}),
           t("note.edit_cell", ed.map.language, stage=stage.name if stage else "", lane=lane.label))


m = ed.map
scores = score_map(m)
show_notices()


@st.cache_data(max_entries=64, show_spinner=False)
def chart_spec(kind: str, map_id: str, version: int, language: str, _m: Map) -> dict:
    """A chart's Vega-Lite spec, built once per saved version (Altair takes tens of ms per chart)."""
    return charts.spec(kind, _m, language)


def chart(kind: str) -> dict:
    if ed.pending is not None:  # unsaved: not the stored version, do not cache
        return charts.spec(kind, m, LANG)
    return chart_spec(kind, map_id, ed.version, LANG, m)
st.title(literal(m.title), anchor=False)
st.caption(t("analysis.caption", LANG, method=t("analysis.method." + m.scoring.method, LANG)))

settings_panel = st.expander(t("analysis.settings", LANG), key=f"scoring_{map_id}", on_change="rerun")
if settings_panel.open:
    with settings_panel:
        suffix = f"{map_id}_{ed.version}"
        sc = m.scoring
        st.radio(t("analysis.method", LANG), ["priority", "opportunity"], horizontal=True,
                 index=["priority", "opportunity"].index(sc.method), key=f"method_{suffix}",
                 format_func=lambda k: t("analysis.method." + k, LANG),
                 on_change=save_scoring, args=("method", f"method_{suffix}"))
        one, two, three = st.columns(3)
        one.slider(t("analysis.importance_weight", LANG), 0.1, 3.0, float(sc.importance_weight), 0.1,
                   key=f"wi_{suffix}", on_change=save_scoring, args=("importance_weight", f"wi_{suffix}"))
        two.slider(t("analysis.emotion_weight", LANG), 0.1, 3.0, float(sc.emotion_weight), 0.1,
                   key=f"we_{suffix}", on_change=save_scoring, args=("emotion_weight", f"we_{suffix}"))
        three.slider(t("analysis.funnel_weight", LANG), 0.0, 1.0, float(sc.funnel_weight), 0.05,
                     key=f"wf_{suffix}", on_change=save_scoring, args=("funnel_weight", f"wf_{suffix}"))
        one.number_input(t("analysis.critical_at", LANG), 0.0, 100.0, float(sc.critical_at), 5.0,
                         key=f"crit_{suffix}", on_change=save_scoring, args=("critical_at", f"crit_{suffix}"))
        two.number_input(t("analysis.warning_at", LANG), 0.0, 100.0, float(sc.warning_at), 5.0,
                         key=f"warn_{suffix}", on_change=save_scoring, args=("warning_at", f"warn_{suffix}"))
        st.caption(t("analysis.settings_help", LANG))

suggested = [s for s in scores if s.suggested and s.emotion is not None]
if suggested:
    st.subheader(t("analysis.suggested", LANG), anchor=False)
    st.caption(t("analysis.suggested_help", LANG))
    for s in suggested:
        stage = m.stage(s.stage_id)
        words = (stage.values.get("emotion") or {}).get("words", "") if stage else ""
        text, button = st.columns([4, 1.4], vertical_alignment="center")
        text.markdown(f"**{literal(s.stage)}**: «{literal(words)}» → {emotion.label(round(s.emotion))}")
        button.button(t("analysis.confirm", LANG, emotion=emotion.label(round(s.emotion))), key=f"confirm_{s.stage_id}",
                      on_click=confirm, args=(s.stage_id, round(s.emotion)))

rated = [s for s in scores if s.rank is not None]
if not rated:
    st.info(t("analysis.none_rated", LANG))
else:
    st.subheader(t("analysis.ranking", LANG), anchor=False)
    table = pd.DataFrame({
        t("scores.rank", LANG): [s.rank for s in scores],
        t("scores.level", LANG): [t("level." + s.level, LANG) for s in scores],
        t("scores.stage", LANG): [s.stage for s in scores],
        t("scores.score", LANG): [s.score for s in scores],
        t("scores.importance", LANG): [s.importance for s in scores],
        t("scores.emotion", LANG): [emotion.label(s.emotion) + (" *" if s.suggested else "") for s in scores],
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
st.vega_lite_chart(chart("curve"), key="curve")
st.subheader(t("chart.matrix_title", LANG), anchor=False)
st.vega_lite_chart(chart("matrix"), key="matrix")
st.subheader(t("chart.funnel_title", LANG), anchor=False)
if funnel(m):
    st.vega_lite_chart(chart("funnel"), key="funnel")
else:
    st.caption(t("analysis.no_funnel", LANG))
