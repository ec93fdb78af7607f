"""Insights: from data to the map — JTBD from deals (orders), the funnel from an event log (cjm.jtbd, cjm.eventlog)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from cjm import charts, eventlog, jtbd, limits
from cjm.editor import MapEditor
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.lanes import standard
from cjm.markdown import literal
from cjm.model import METRICS_KEY
from cjm.scoring import number
from cjm.storage import MapNotFound
from cjm.tables import DATA_EXTENSIONS, headers
from pages._ui import editor, lang, notify, open_map_id, refusal, require_shell, show_notices

require_shell()
LANG = lang()
TYPES = list(DATA_EXTENSIONS)
TOP_ROWS, TOP_BARS = 300, 20
SUPPORTS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]  # minimum support


def problem(exc: CJMError) -> str:
    return t("builder.error", LANG, message=refusal(exc, LANG))


def open_editor() -> MapEditor | None:
    map_id = open_map_id()
    if not map_id:
        return None
    try:
        ed = editor(map_id)
        if ed.pending is None and ed.changed_elsewhere():
            ed.reload()
    except MapNotFound:
        return None
    return ed


# --- the core, cached by the file's bytes ------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=False)
def file_headers(data: bytes, name: str) -> list[str]:
    return headers(data, name)


@st.cache_data(max_entries=8, show_spinner=False)
def orders_layout(data: bytes, name: str) -> jtbd.Layout:
    return jtbd.guess_layout(data, name)


@st.cache_data(max_entries=16, show_spinner=False)
def deals_of(data: bytes, name: str, order: str, item: str, min_support: float) -> jtbd.Deals:
    return jtbd.find_combinations(data, name, min_support=min_support, order=order, item=item)


@st.cache_data(max_entries=8, show_spinner=False)
def log_of(data: bytes, name: str, customer: str | None, event: str | None, time: str | None) -> eventlog.LogSummary:
    return eventlog.read_log(data, name, customer=customer, event=event, time=time)


@st.cache_data(max_entries=16, show_spinner=False)
def funnel_of(data: bytes, name: str, customer: str, event: str, time: str,
              steps: tuple[tuple[str, tuple[str, ...], str | None], ...] | None) -> tuple:
    return eventlog.from_file(data, name, customer=customer, event=event, time=time, steps=steps)


def apply(ed: MapEditor, change, note: str, done_key: str, **params) -> None:
    """One change to the open map: one version; its Undo button shows until the next change."""
    try:
        ed.apply(change, note)
    except CJMError as exc:
        notify("error", problem(exc))
        return
    st.session_state["insights_undo"] = (ed.map_id, ed.version)
    notify("success", t(done_key, LANG, version=ed.version, **params))


def undo(ed: MapEditor) -> None:
    try:
        ed.undo()
    except CJMError as exc:
        notify("error", problem(exc))
        return
    st.session_state.pop("insights_undo", None)
    notify("info", t("insights.undone", LANG, version=ed.version))


def undo_button(ed: MapEditor, key: str) -> None:
    if st.session_state.get("insights_undo") == (ed.map_id, ed.version) and ed.can_undo:
        st.button(t("insights.undo", LANG), key=key, icon="↩️", on_click=undo, args=(ed,))


def column_label(column: str | None) -> str:
    return t("insights.choose", LANG) if column is None else column


def order_label(column: str | None) -> str:
    return t("insights.rows_are_orders", LANG) if column == jtbd.ROWS_ARE_ORDERS else column_label(column)


def no_map_hint() -> None:
    st.info(t("insights.no_map", LANG))
    st.page_link("pages/library.py", label=t("builder.to_library", LANG), icon="🗂️")


ed = open_editor()
st.title(t("insights.title", LANG), anchor=False)
st.caption(t("insights.caption", LANG) if ed is None else
           t("insights.caption_map", LANG, title=literal(ed.map.title)))
show_notices()
# The open tab is kept in the session, so a rerun (an upload, a click) stays on it. Both tabs are drawn on every
# run: a file uploaded in the other tab stays uploaded.
tab_jtbd, tab_funnel = st.tabs([t("insights.tab_jtbd", LANG), t("insights.tab_funnel", LANG)],
                               key=f"insights_tab_{LANG}", on_change="rerun")


# --- JTBD from deals ---------------------------------------------------------------------------------------
def deals_table(deals: jtbd.Deals) -> pd.DataFrame:
    rows = deals.combinations[:TOP_ROWS]
    return pd.DataFrame({
        t("insights.col_items", LANG): [" + ".join(c.items) for c in rows],
        t("insights.col_support", LANG): [jtbd.percent(c.support, LANG) for c in rows],
        t("insights.col_orders", LANG): [c.orders for c in rows],
        t("insights.col_confidence", LANG): [jtbd.percent(c.confidence, LANG) for c in rows],
        t("insights.col_lift", LANG): [number(c.lift, LANG) for c in rows],
        t("insights.col_rule", LANG): [f"{' + '.join(c.antecedent)} → {' + '.join(c.consequent)}" for c in rows],
    })


def goal_form(deals: jtbd.Deals, digest: str) -> None:
    st.subheader(t("insights.to_goal", LANG), anchor=False)
    if ed is None:
        no_map_hint()
        return
    m = ed.map
    choices = list(range(min(len(deals.combinations), TOP_ROWS)))
    pick = st.selectbox(t("insights.combination", LANG), choices, key=f"combo_{digest}",
                        format_func=lambda i: f"{' + '.join(deals.combinations[i].items)} — "
                                              f"{jtbd.percent(deals.combinations[i].support, LANG)}")
    job = st.text_input(t("insights.job", LANG), key=f"job_{digest}", max_chars=limits.MAX_LABEL_CHARS,
                        placeholder=t("insights.job_placeholder", LANG))
    stages = st.multiselect(t("insights.stages", LANG), [s.id for s in m.stages], key=f"goal_stages_{ed.map_id}",
                            format_func=lambda sid: m.stage(sid).name if m.stage(sid) else sid)
    combination = deals.combinations[pick]
    line = jtbd.goal_line(combination, deals.orders, m.language, job)
    st.caption(t("insights.goal_preview", LANG))
    st.text(line)
    st.button(t("insights.add_goal", LANG), key="add_goal", type="primary", disabled=not stages,
              on_click=apply, args=(ed, lambda mm: jtbd.add_goal(mm, stages, line),
                                    t("note.jtbd_goal", m.language, items=" + ".join(combination.items)),
                                    "insights.goal_added"),
              kwargs={"count": len(stages)})
    undo_button(ed, "undo_goal")


with tab_jtbd:
    upload = st.file_uploader(t("insights.orders_upload", LANG), type=TYPES, key="orders_file",
                              help=t("insights.orders_help", LANG))
    if upload is None:
        st.caption(t("insights.orders_help", LANG))
    else:
        data, name = upload.getvalue(), upload.name
        digest = hashlib.sha1(data).hexdigest()[:12]
        try:
            columns = file_headers(data, name)
        except CJMError as exc:
            st.error(problem(exc))
            columns = []
        if columns:
            try:
                layout = orders_layout(data, name)
            except CJMError as exc:  # say what is missing; the person picks the columns below
                st.warning(problem(exc))
                layout = None
            guessed_order, guessed_item = jtbd.guess_columns(columns)
            one, two, three = st.columns(3)
            if layout is None:  # "— choose —" first, and nothing is read until both are chosen
                order_options, item_options = [None, jtbd.ROWS_ARE_ORDERS, *columns], [None, *columns]
                order_index = 0 if guessed_order is None else guessed_order + 2
                item_index = 0 if guessed_item is None else guessed_item + 1
            else:
                order_options, item_options = [jtbd.ROWS_ARE_ORDERS, *columns], list(columns)
                order_index, item_index = (0 if layout.order is None else layout.order + 1), layout.item
            order = one.selectbox(t("insights.order_column", LANG), order_options, key=f"order_col_{digest}",
                                  index=order_index, format_func=order_label)
            item = two.selectbox(t("insights.item_column", LANG), item_options, index=item_index,
                                 key=f"item_col_{digest}", format_func=column_label)
            support = three.select_slider(t("insights.min_support", LANG), SUPPORTS, value=0.05, key="min_support",
                                          format_func=lambda share: jtbd.percent(share, LANG))
            deals = None
            if order is None or item is None:
                st.info(t("insights.choose_columns", LANG))
            else:
                try:
                    deals = deals_of(data, name, order, item, support)
                except CJMError as exc:
                    st.error(problem(exc))
            if deals is not None:
                st.caption(t("insights.deals_summary", LANG, orders=jtbd.number(deals.orders, LANG),
                             lines=jtbd.number(deals.lines, LANG), items=jtbd.number(deals.items, LANG),
                             found=jtbd.number(len(deals.combinations), LANG),
                             support=jtbd.percent(deals.min_support, LANG)))
                if deals.skipped:
                    st.caption(t("insights.skipped_orders", LANG, count=deals.skipped))
                if not deals.combinations:
                    st.info(t("insights.no_combinations", LANG))
                else:
                    st.dataframe(deals_table(deals), hide_index=True, width="stretch", key="combinations")
                    top = deals.combinations[:TOP_BARS]
                    st.vega_lite_chart(charts.combinations_chart([
                        {"combination": " + ".join(c.items), "support": c.support, "orders": c.orders,
                         "label": t("insights.bar_label", LANG, support=jtbd.percent(c.support, LANG),
                                    lift=number(c.lift, LANG))} for c in top], LANG), key="combinations_chart")
                    goal_form(deals, digest)


# --- the funnel from an event log --------------------------------------------------------------------------
def funnel_table(steps: list[eventlog.Step]) -> pd.DataFrame:
    def share(value: float | None) -> str:
        return "—" if value is None else jtbd.percent(value, LANG)

    return pd.DataFrame({
        t("insights.col_stage", LANG): [s.stage for s in steps],
        t("insights.col_events", LANG): [", ".join(s.events) for s in steps],
        t("insights.col_customers", LANG): ["—" if s.customers is None else jtbd.number(s.customers, LANG)
                                            for s in steps],
        t("insights.col_conversion", LANG): [share(s.conversion) for s in steps],
        t("insights.col_drop_off", LANG): [share(s.drop_off) for s in steps],
        t("insights.col_hours", LANG): ["—" if s.median_hours_to_next is None else number(s.median_hours_to_next, LANG)
                                        for s in steps],
    })


def bar_label(step: eventlog.Step) -> str:
    if step.customers is None:
        return t("insights.no_events", LANG)
    if step.conversion is None:
        return jtbd.number(step.customers, LANG)
    label = t("chart.conversion", LANG, percent=jtbd.percent(step.conversion, LANG))
    if step.median_hours_to_next is not None:
        label = t("insights.bar_hours", LANG, label=label, hours=number(step.median_hours_to_next, LANG))
    return label


def mapping_form(log: eventlog.LogSummary, digest: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Each stage of the open map with the events that feed it: matched by name, fixed here by a person."""
    assert ed is not None
    m = ed.map
    names = [e.name for e in log.events]
    matched = eventlog.match_stages(m, names)
    st.caption(t("insights.mapping", LANG))
    steps = []
    for stage in m.stages:
        left, right = st.columns([1, 2], vertical_alignment="center")
        left.markdown(f"**{literal(stage.name)}**")
        chosen = right.multiselect(stage.name, names, default=matched.get(stage.id, []), label_visibility="collapsed",
                                   key=f"feed_{digest}_{ed.map_id}_{stage.id}",
                                   placeholder=t("insights.no_events", LANG))
        steps.append((stage.name, tuple(chosen), stage.id))
    return tuple(steps)


with tab_funnel:
    upload = st.file_uploader(t("insights.events_upload", LANG), type=TYPES, key="events_file",
                              help=t("insights.events_help", LANG))
    if upload is None:
        st.caption(t("insights.events_help", LANG))
    else:
        data, name = upload.getvalue(), upload.name
        digest = hashlib.sha1(data).hexdigest()[:12]
        try:
            columns = file_headers(data, name)
        except CJMError as exc:
            st.error(problem(exc))
            columns = []
        if columns:
            guessed = eventlog.guess_columns(columns)
            if None in guessed:  # say what is missing; the person picks it below
                try:
                    log_of(data, name, None, None, None)
                except CJMError as exc:
                    st.warning(problem(exc))
            picked = []
            labels = (t("insights.customer_column", LANG), t("insights.event_column", LANG),
                      t("insights.time_column", LANG))
            for role, (box, label, guess) in enumerate(zip(st.columns(3), labels, guessed, strict=True)):
                options = list(columns) if guess is not None else [None, *columns]  # "— choose —" first
                picked.append(box.selectbox(label, options, index=guess or 0, key=f"role{role}_col_{digest}",
                                            format_func=column_label))
            log = None
            if None in picked:
                st.info(t("insights.choose_columns", LANG))
            else:
                try:
                    log = log_of(data, name, *picked)
                except CJMError as exc:
                    st.error(problem(exc))
            if log is not None:
                st.caption(t("insights.log_summary", LANG, rows=jtbd.number(log.rows, LANG),
                             customers=jtbd.number(log.customers, LANG), events=jtbd.number(len(log.events), LANG)))
                if log.skipped:
                    st.caption(t("insights.skipped_events", LANG, count=log.skipped))
                modes = ["events"] if ed is None else ["map", "events"]
                mode = st.radio(t("insights.steps_from", LANG), modes, horizontal=True, key="steps_from",
                                format_func=lambda k: t("insights.steps_events", LANG) if k == "events" else
                                t("insights.steps_map", LANG, title=literal(ed.map.title) if ed else ""))
                steps_wanted = mapping_form(log, digest) if mode == "map" else None
                try:
                    summary, steps = funnel_of(data, name, *picked, steps_wanted)
                except CJMError as exc:
                    st.error(problem(exc))
                    steps = []
                if steps:
                    if summary.left_out:
                        st.caption(t("insights.left_out", LANG, shown=limits.MAX_FUNNEL_STEPS, count=summary.left_out))
                    st.vega_lite_chart(charts.event_funnel_spec(
                        [{"stage": f"{i}. {s.stage}", "customers": s.customers, "label": bar_label(s)}
                         for i, s in enumerate(steps, start=1)], LANG), key="event_funnel")
                    st.dataframe(funnel_table(steps), hide_index=True, width="stretch", key="funnel_steps",
                                 column_config={t("insights.col_hours", LANG): st.column_config.TextColumn(
                                     help=t("insights.col_hours_help", LANG))})
                    if mode == "map" and ed is not None:
                        fed = sum(s.customers is not None for s in steps)
                        lane = ed.map.lane(METRICS_KEY)
                        st.caption(t("insights.write_help", LANG, lane=literal(
                            lane.label if lane else standard(METRICS_KEY).label(ed.map.language))))
                        st.button(t("insights.write_counts", LANG), key="write_counts", type="primary",
                                  disabled=fed == 0, on_click=apply,
                                  args=(ed, lambda mm: eventlog.write_counts(mm, steps),
                                        t("note.funnel_counts", ed.map.language, name=name),
                                        "insights.counts_written"),
                                  kwargs={"count": fed})
                        undo_button(ed, "undo_counts")
                    elif ed is None:
                        no_map_hint()
