"""The Builder's evidence panel: mark the chosen cell as an assumption, partly backed or validated (or remove the
mark), and show one mark alone in the grid with a list of its cells.

A control beside the grid rather than a key or a context menu inside it: AG Grid's context menu is Enterprise
only, and a shortcut inside a cell editor is fragile; buttons with words are reachable by keyboard and named for a
screen reader. The stage follows the row selected in the grid (one row), else the first stage. Rules live in
cjm/evidence.py; this module only draws widgets and calls it.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cjm import evidence
from cjm.grid import key_lanes
from cjm.i18n import t
from cjm.markdown import literal
from cjm.model import Map


def mark_label(mark: str, language: str) -> str:
    """'? assumption': the badge the grid shows and the word."""
    return f"{evidence.BADGE[mark]} {evidence.word(mark, language)}"


def evidence_panel(m: Map, picked: list[str], language: str, run: Callable[..., None]) -> str | None:
    """Draw the panel; ``run(change, note)`` applies a change. Returns the mark the grid shows alone (or None).

    The panel is an expander, closed until opened, and what is inside is drawn only while it is open: every element
    on the Builder is drawn again by the browser on each edit in the grid (issue 14's benchmark), and the panel's two
    pickers and four buttons were about a quarter of it. Closing it also ends "show only the assumptions".
    """
    stages = {stage.id: stage for stage in m.stages}
    lanes = [lane for lane in m.lanes if not lane.hidden]
    panel = st.expander(t("evidence.panel", language), key="evidence_panel", on_change="rerun")
    if not panel.open:
        return None
    with panel:
        if not stages or not lanes:
            return None
        counts = evidence.counts(m)
        st.caption(t("evidence.counts", language, **counts))
        follow = picked[0] if len(picked) == 1 and picked[0] in stages else ""
        stage_id = st.selectbox(t("builder.stage", language), list(stages), key=f"ev_stage_{m.id}_{follow}",
                                index=list(stages).index(follow) if follow else 0,
                                format_func=lambda sid: stages[sid].name)
        importance_key, _ = key_lanes(m)
        keys = [lane.key for lane in lanes]
        labels = {lane.key: lane.label for lane in lanes}
        lane_key = st.selectbox(t("builder.lane", language), keys, key=f"ev_lane_{m.id}",
                                index=keys.index(importance_key) if importance_key in keys else 0,
                                format_func=lambda key: labels[key])
        stage = stages[stage_id]
        now = stage.evidence.get(lane_key)
        filled = lane_key in stage.values
        with st.container(key="evidence_now"):
            if not filled:
                st.caption(t("evidence.empty", language))
            else:
                st.caption(t("evidence.now", language, mark=mark_label(now, language) if now
                             else t("evidence.unmarked", language)))

        def apply(mark: str | None) -> None:
            note = t("evidence.note", m.language, stage=stage.name, lane=labels[lane_key],
                     mark=evidence.word(mark, m.language) if mark else t("evidence.unmarked", m.language))
            run(lambda mm: evidence.mark(mm, stage_id, lane_key, mark), note)

        for mark in evidence.EVIDENCE:
            st.button(mark_label(mark, language), key=f"ev_set_{mark}", on_click=apply, args=(mark,),
                      disabled=not filled or now == mark, width="stretch")
        st.button(t("evidence.clear", language), key="ev_clear", on_click=apply, args=(None,), disabled=not now,
                  width="stretch")
        only = st.toggle(t("evidence.only", language), key=f"ev_only_{m.id}")
        if only:
            cells = evidence.marked_cells(m, evidence.ASSUMPTION)
            with st.container(key="evidence_list"):
                if not cells:
                    st.caption(t("evidence.none", language))
                for cell in cells[:30]:
                    st.caption("• " + literal(t("evidence.cell", language, stage=cell.stage, lane=cell.lane)))
                if len(cells) > 30:
                    st.caption(t("evidence.more", language, count=len(cells) - 30))
        return evidence.ASSUMPTION if only else None
