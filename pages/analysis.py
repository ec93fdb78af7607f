"""Analysis: stages ranked by priority with why and what to do, the emotion curve, the priority matrix, the funnel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cjm import actions, analysis, charts, editing, emotion, evidence, levels, numbers
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.markdown import literal
from cjm.model import (
    FUNNEL_WEIGHT_MAX,
    FUNNEL_WEIGHT_MIN,
    METHODS,
    THRESHOLD_MAX,
    THRESHOLD_MIN,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Map,
)
from cjm.scoring import emotion_lane, funnel, score_map
from pages._ui import lang, notify, open_editor, refusal, require_shell, show_notices

require_shell()
LANG = lang()

ed = open_editor(follow_latest=True)
map_id = ed.map_id


def change(fn, note: str) -> None:
    try:
        ed.apply(fn, note)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def save_scoring(field: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    change(lambda mm: editing.set_scoring(mm, **{field: value}), t("note.scoring", ed.map.language))


def confirm(stage_id: str, score: int) -> None:
    stage, lane = ed.map.stage(stage_id), emotion_lane(ed.map)
    change(lambda mm: analysis.confirm(mm, stage_id, score),
           t("note.edit_cell", ed.map.language, stage=stage.name if stage else "", lane=lane.label if lane else ""))


def to_action(stage_id: str, text: str) -> None:
    """A recommendation made an action of the plan on its stage (once), as one version."""
    try:
        ed.apply(lambda mm: actions.from_recommendation(mm, stage_id, text)[0],
                 t("note.action_added", ed.map.language, title=text.strip()[:80]))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))
        return
    notify("toast", t("analysis.action_made", LANG, title=literal(text.strip()[:80]), version=ed.version))


m = ed.map
scores = score_map(m)
show_notices()


@st.cache_data(max_entries=64, show_spinner=False)
def chart_spec(kind: str, map_id: str, version: int, language: str, _m: Map, _scores: list) -> dict:
    """A chart's Vega-Lite spec, built once per saved version (Altair takes tens of ms per chart)."""
    return charts.spec(kind, _m, language, scores=_scores)


def chart(kind: str) -> dict:
    if ed.pending is not None:  # unsaved: not the stored version, do not cache
        return charts.spec(kind, m, LANG, scores=scores)
    return chart_spec(kind, map_id, ed.version, LANG, m, scores)


st.title(literal(m.title), anchor=False)
st.caption(t("analysis.caption", LANG, method=t("analysis.method." + m.scoring.method, LANG)))
if m.scoring.weigh_by_evidence:  # said where the ranking is read, not only inside the settings
    st.caption(t("evidence.weighed", LANG, **evidence.counts(m)), help=t("evidence.weigh_help", LANG))

settings_panel = st.expander(t("analysis.settings", LANG), key=f"scoring_{map_id}", on_change="rerun")
if settings_panel.open:
    with settings_panel:
        suffix = f"{map_id}_{ed.version}"
        sc = m.scoring
        st.radio(t("analysis.method", LANG), METHODS, horizontal=True,
                 index=METHODS.index(sc.method), key=f"method_{suffix}",
                 format_func=lambda k: t("analysis.method." + k, LANG),
                 on_change=save_scoring, args=("method", f"method_{suffix}"))
        one, two, three = st.columns(3)
        one.slider(t("analysis.importance_weight", LANG), WEIGHT_MIN, WEIGHT_MAX, float(sc.importance_weight), 0.1,
                   key=f"wi_{suffix}", on_change=save_scoring, args=("importance_weight", f"wi_{suffix}"))
        two.slider(t("analysis.emotion_weight", LANG), WEIGHT_MIN, WEIGHT_MAX, float(sc.emotion_weight), 0.1,
                   key=f"we_{suffix}", on_change=save_scoring, args=("emotion_weight", f"we_{suffix}"))
        three.slider(t("analysis.funnel_weight", LANG), float(FUNNEL_WEIGHT_MIN), float(FUNNEL_WEIGHT_MAX),
                     float(sc.funnel_weight), 0.05,
                     key=f"wf_{suffix}", on_change=save_scoring, args=("funnel_weight", f"wf_{suffix}"))
        low, high = float(THRESHOLD_MIN), float(THRESHOLD_MAX)
        one.number_input(t("analysis.critical_at", LANG), low, high, float(sc.critical_at), 5.0,
                         key=f"crit_{suffix}", on_change=save_scoring, args=("critical_at", f"crit_{suffix}"))
        two.number_input(t("analysis.warning_at", LANG), low, high, float(sc.warning_at), 5.0,
                         key=f"warn_{suffix}", on_change=save_scoring, args=("warning_at", f"warn_{suffix}"))
        st.checkbox(t("evidence.weigh", LANG), value=sc.weigh_by_evidence, key=f"weigh_{suffix}",
                    help=t("evidence.weigh_help", LANG), on_change=save_scoring,
                    args=("weigh_by_evidence", f"weigh_{suffix}"))
        st.caption(t("analysis.settings_help", LANG))

suggested = analysis.suggestions(m, scores)
if suggested:
    st.subheader(t("analysis.suggested", LANG), anchor=False)
    st.caption(t("analysis.suggested_help", LANG))
    for item in suggested:
        text, button = st.columns([4, 1.4], vertical_alignment="center")
        text.markdown(f"**{literal(item.stage)}**: «{literal(item.words)}» → {emotion.label(item.score)}")
        button.button(t("analysis.confirm", LANG, emotion=emotion.label(item.score)), key=f"confirm_{item.stage_id}",
                      on_click=confirm, args=(item.stage_id, item.score))

checks = analysis.checks(m)
if checks:
    with st.container(key="emotion_checks"):
        st.subheader(f"⚠ {t('analysis.checks', LANG)}", anchor=False)
        st.caption(t("analysis.checks_help", LANG))
        for check in checks:
            st.markdown("- " + literal(t("check.row", LANG, stage=check.stage, score=numbers.emotion(check.score, LANG),
                                         words=check.words, reading=numbers.emotion(check.reading, LANG))))

TOP = 10  # the ranking and the to-dos list this many, with "show all"
rated = [s for s in scores if s.rank is not None]
if not rated:
    st.info(t("analysis.none_rated", LANG))
else:
    st.subheader(t("analysis.ranking", LANG), anchor=False)
    everything = len(scores) <= TOP or st.toggle(t("analysis.show_all", LANG, count=len(scores)),
                                                 key=f"ranking_all_{map_id}")
    listed = scores if everything else scores[:TOP]
    if not everything:
        st.caption(t("analysis.top_of", LANG, shown=TOP, total=len(scores)))
    # a static table: the why-line wraps and is read whole; its cells render Markdown, so user text is escaped
    table = pd.DataFrame({
        t("scores.rank", LANG): ["—" if s.rank is None else str(s.rank) for s in listed],
        t("scores.level", LANG): [levels.label(s.level, LANG) for s in listed],
        t("scores.stage", LANG): [literal(s.stage) for s in listed],
        t("scores.score", LANG): [literal(numbers.score(s.score, LANG)) for s in listed],
        t("scores.importance", LANG): [literal(numbers.importance(s.importance, LANG)) for s in listed],
        t("scores.emotion", LANG): [literal(numbers.emotion(s.emotion, LANG) + (" *" if s.suggested else ""))
                                    for s in listed],
        t("chart.why", LANG): [literal(getattr(s, "why", "")) for s in listed],
    })
    with st.container(key="ranking"):
        st.table(table, hide_index=True, border="horizontal")

    st.subheader(t("analysis.todo", LANG), anchor=False)
    todos = analysis.todos(m, scores)
    if not todos:
        st.caption(t("analysis.no_todo", LANG))
    elif len(todos) > TOP and not st.toggle(t("analysis.show_all", LANG, count=len(todos)), key=f"todo_all_{map_id}"):
        st.caption(t("analysis.top_of", LANG, shown=TOP, total=len(todos)))
        todos = todos[:TOP]
    for todo in todos:
        s = todo.score
        with st.container(border=True, key=f"todo_{s.stage_id}"):
            st.markdown(f"{levels.icon(s.level)} **{s.rank}. {literal(s.stage)}** — {numbers.score(s.score, LANG)}")
            if s.why:
                st.caption(literal(s.why))
            for detail in todo.details:
                st.markdown(f"*{literal(detail.label)}*")
                if detail.lane_key not in actions.FROM_LANES:
                    st.text("\n".join(f"• {item}" for item in detail.items))
                    continue
                for index, item in enumerate(detail.items):  # a recommendation becomes an action of the plan
                    text, button = st.columns([5, 1.3], vertical_alignment="center")
                    text.text(f"• {item}")
                    made = actions.find(m, s.stage_id, item) is not None
                    button.button(t("analysis.in_plan" if made else "analysis.to_action", LANG), disabled=made,
                                  key=f"to_action_{s.stage_id}_{detail.lane_key}_{index}", on_click=to_action,
                                  args=(s.stage_id, item), help=t("analysis.to_action_help", LANG, stage=s.stage))

st.subheader(t("chart.curve_title", LANG), anchor=False)
st.vega_lite_chart(chart("curve"), key="curve")
if len(m.stages) > charts.CURVE_NAMED:
    st.caption(t("analysis.zoom_help", LANG))
st.subheader(t("chart.matrix_title", LANG), anchor=False)
st.vega_lite_chart(chart("matrix"), key="matrix")
st.caption(t("analysis.quadrants_help", LANG, count=charts.MATRIX_NAMED))
st.subheader(t("chart.funnel_title", LANG), anchor=False)
if funnel(m):
    st.vega_lite_chart(chart("funnel"), key="funnel")
else:
    st.caption(t("analysis.no_funnel", LANG))
