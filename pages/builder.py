"""Builder: the open map in an editable grid, saved on every edit, with undo, redo and history."""

from __future__ import annotations

import hashlib
from collections import deque
from typing import Any

import streamlit as st

from cjm import analysis, editing, levels, limits, numbers
from cjm.errors import CJMError
from cjm.grid import change_for_event, key_lanes
from cjm.i18n import ago, language_name, t
from cjm.lanes import CATALOGUE, LaneType
from cjm.markdown import literal
from cjm.model import KINDS, LANGUAGES, Map
from cjm.phases import has_bands
from cjm.scoring import StageScore, score_map
from pages._browser import button, helper
from pages._evidence import evidence_panel
from pages._grid import map_grid
from pages._phases import phases_panel
from pages._ui import attempt, fragment, lang, notify, open_editor, refusal, require_shell, show_notices

require_shell()
LANG = lang()

ed = open_editor()
map_id = ed.map_id
SELECTED = f"selected_{map_id}"
SEEN = "_grid_nonces"
VIEW_HIDDEN = f"grid_view_hidden_{map_id}"  # lanes a person took out of the grid's view (not the map's)
NAMES: list[tuple[str, str, str]] = []  # accessible names the browser helper gives buttons and the grid frame


def name(key: str, text: str) -> None:
    """The button keyed ``key`` is read as ``text`` (its visible label is an arrow or a bare word)."""
    NAMES.append((button(key), "aria-label", text))


# --- actions (callbacks: they run before the page is drawn again) -------------------------------
def run(change, note: str, *, hold: bool = False) -> None:
    """Apply a change and save it; ``hold``: save it only when the live part has drawn the new top bottleneck."""
    try:
        if hold:
            ed.hold(change, note)
        else:
            ed.apply(change, note)
    except CJMError as exc:
        if ed.pending is None:  # a failed save or a conflict has its own banner, with what to do next
            notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def save_held() -> None:
    """Save an edit held by the grid's callback (run(..., hold=True)); a failure shows in the status row below."""
    try:
        ed.save_held()
    except CJMError:  # kept as pending: the status row says so, with Retry or Reload
        pass


def selected_ids() -> list[str]:
    present = {s.id for s in ed.map.stages}
    return [i for i in st.session_state.get(SELECTED, []) if i in present]


def on_grid_event(event: dict[str, Any]) -> None:
    seen = st.session_state.setdefault(SEEN, deque(maxlen=500))
    nonce = event.get("nonce")
    if nonce in seen:  # the component can deliver the same event twice
        return
    seen.append(nonce)
    if event.get("kind") == "select":
        st.session_state[SELECTED] = [i for i in event.get("ids", []) if isinstance(i, str)]
        return
    try:
        found = change_for_event(ed.map, event)
        if found:  # saved once the new top bottleneck is drawn (live_part)
            run(*found, hold=True)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def add_stage() -> None:
    after = (selected_ids() or [None])[-1]
    name = t("builder.new_stage", ed.map.language)

    def change(m: Map) -> Map:
        changed, new_id = editing.add_stage(m, name, after=after)
        st.session_state[SELECTED] = [new_id]
        return changed

    run(change, t("note.add_stage", ed.map.language, stage=name))


def duplicate_stages() -> None:
    def change(m: Map) -> Map:
        copies = []
        for stage_id in selected_ids():
            m, copy_id = editing.duplicate_stage(m, stage_id, t("builder.copy_suffix", m.language))
            copies.append(copy_id)
        st.session_state[SELECTED] = copies  # the copies are what the user works on next
        return m

    names = ", ".join(s.name for s in ed.map.stages if s.id in selected_ids())
    run(change, t("note.duplicate_stage", ed.map.language, stage=names))


def move_selected(delta: int) -> None:
    ids = selected_ids()
    if len(ids) != 1:
        return
    stage = ed.map.stage(ids[0])
    run(lambda m: editing.move_stage(m, ids[0], delta), t("note.move_stage", ed.map.language, stage=stage.name))


def undo() -> None:
    attempt(ed.undo)


def redo() -> None:
    attempt(ed.redo)


def restore(version: int) -> None:
    try:
        ed.restore(version)
        notify("toast", t("builder.restored", LANG, version=version))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def retry() -> None:
    attempt(ed.retry)


def reload() -> None:
    ed.reload()


@st.dialog(t("builder.delete_stage", LANG))
def confirm_delete(ids: list[str]) -> None:
    names = ", ".join(f"«{s.name}»" for s in ed.map.stages if s.id in ids)
    st.markdown(t("builder.delete_confirm", LANG, names=literal(names)))
    left, right = st.columns(2)
    if left.button(t("builder.confirm_delete", LANG), type="primary", key="confirm_delete_stages"):
        run(lambda m: editing.delete_stages(m, ids), t("note.delete_stages", ed.map.language, stages=names))
        st.session_state[SELECTED] = []
        st.rerun()
    if right.button(t("builder.cancel", LANG), key="cancel_delete_stages"):
        st.rerun()


@st.dialog(t("builder.delete_lane", LANG))
def confirm_delete_lane(key: str, label: str) -> None:
    st.markdown(t("builder.delete_lane_confirm", LANG, label=literal(label)))
    left, right = st.columns(2)
    if left.button(t("builder.confirm_delete", LANG), type="primary", key="confirm_delete_lane"):
        run(lambda m: editing.delete_lane(m, key), t("note.delete_lane", ed.map.language, lane=label))
        st.rerun()
    if right.button(t("builder.cancel", LANG), key="cancel_delete_lane"):
        st.rerun()


# --- the page ----------------------------------------------------------------------------------
# What an edit in the grid changes is drawn by one fragment, live_part(): an edit reruns and redraws it alone, not
# the title, the details, lanes and phases panels, the sidebar or the browser helper (issue 14: the browser
# re-renders everything a run sends). The rest of the page is drawn from the map without its cells and from the
# stages ticked (around()); when that changes — a stage ticked, renamed, added or moved, an undo of a new title,
# a reload — the fragment asks for a run of the whole page.
def around(mm: Map) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What the page outside the live part shows: the map but its stages' cells, the stages' names, the ticked."""
    return (mm.model_dump_json(exclude={"stages", "updated"}), tuple((stage.id, stage.name) for stage in mm.stages),
            tuple(selected_ids()))


def why(score: StageScore) -> str:
    return literal(score.why)


def pick_lanes(widget_key: str, offered: list[str]) -> None:
    chosen = set(st.session_state.get(widget_key) or [])
    st.session_state[VIEW_HIDDEN] = {key for key in offered if key not in chosen}


m = ed.map
show_notices()

st.title(literal(m.title), anchor=False)
AROUND = f"_builder_around_{map_id}"
st.session_state[AROUND] = around(m)
picked = selected_ids()  # the stage toolbar's buttons are named for the stages ticked
picked_names = ", ".join(f"«{stage.name}»" for stage in m.stages if stage.id in set(picked))
if picked:
    name("duplicate_stage", t("builder.duplicate_named", LANG, names=picked_names))
    name("delete_stage", t("builder.delete_named", LANG, names=picked_names))
if len(picked) == 1:
    only = picked_names[1:-1]
    name("move_up", t("builder.move_stage_up", LANG, stage=only))
    name("move_down", t("builder.move_stage_down", LANG, stage=only))
else:
    name("move_up", t("builder.move_one_up", LANG))
    name("move_down", t("builder.move_one_down", LANG))


@fragment
def live_part() -> None:
    """The save status, Undo/Redo/History, the stage toolbar, the columns, the grid and the panels beside it."""
    try:
        draw_live_part()
    finally:  # an edit held by the grid's callback is saved in this run, whatever happens while drawing
        save_held()


def draw_live_part() -> None:
    m = ed.map
    if around(m) != st.session_state.get(AROUND):  # the rest of the page shows this change too
        st.rerun(scope="app")
    show_notices()  # what this part's callbacks said (on a run of the whole page, shown above already)
    scores = score_map(m)
    picked = selected_ids()
    importance_key, emotion_key = key_lanes(m)
    # Streamlit sends elements in the order they are drawn: the panel beside the grid is drawn first (the toolbars
    # above it are filled into `head` after it), so an edit's new top bottleneck reaches the browser first; the
    # status, the toolbars and the grid follow in the same run.
    head = st.container()
    grid_col, side = st.columns([4, 1.25], gap="medium")
    with side:
        todos = analysis.todos(m, scores)
        rated = [s for s in scores if s.rank is not None]
        # Few elements, each holding several lines: every element is drawn again by the browser on each edit.
        with st.container(border=True, key="top_bottleneck"):
            heading = f"**{t('builder.top', LANG)}**"
            if todos:
                top = todos[0].score
                st.markdown(f"{heading}\n\n### {levels.icon(top.level)} {numbers.score(top.score, LANG)}\n\n"
                            f"{literal(top.stage)}", anchors=False)
                first = todos[0].details[:1]  # the first fix-first lane it has: recommendations when given
                st.caption(f"{levels.label(top.level, LANG)} · {why(top)}"
                           + "".join(f"\n\n{literal(detail.label)}" for detail in first))
                for detail in first:
                    st.text("\n".join(f"• {item}" for item in detail.items[:3]))
            else:
                st.markdown(heading)
                if rated:
                    st.caption(t("builder.top_none", LANG))
            if len(rated) < len(scores) and importance_key and emotion_key:  # where to rate: the pinned columns
                st.caption(t("builder.rate_here", LANG, importance=literal(m.lane(importance_key).label),
                             emotion=literal(m.lane(emotion_key).label)))
        # An edit in the grid is saved here, once its new top bottleneck is on its way to the browser: on a
        # 200-stage map the save (the map checked, a new version written) is about 20 ms the person need not wait.
        save_held()
        if rated:
            st.markdown(f"**{t('builder.ranking', LANG)}**")
            st.text("\n".join(f"{s.rank}. {levels.icon(s.level)} {numbers.score(s.score, LANG)} — {s.stage}"
                               for s in rated[:8]))
        evidence_only = evidence_panel(m, picked, LANG, run)
        found = analysis.checks(m)
        if found:
            with st.container(border=True, key="emotion_checks"):
                st.markdown(f"**⚠ {t('builder.checks', LANG)}**")
                for check in found[:8]:
                    st.caption(literal(t("check.row", LANG, stage=check.stage,
                                         score=numbers.emotion(check.score, LANG), words=check.words,
                                         reading=numbers.emotion(check.reading, LANG))))

    with head:
        # One flex row, not st.columns: each column is two more blocks the browser draws again on every edit.
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        if ed.pending:
            row.markdown(f":orange[{t('builder.unsaved', LANG)}]", width="stretch")
        else:
            row.caption(t("builder.saved", LANG, version=ed.version, when=ago(ed.saved_map.updated, LANG)))
        row.button(t("builder.undo", LANG), on_click=undo, disabled=not ed.can_undo, key="undo")
        row.button(t("builder.redo", LANG), on_click=redo, disabled=not ed.can_redo, key="redo")
        history = row.popover(t("builder.history", LANG), key=f"history_{map_id}", on_change="rerun")
        row.page_link("pages/workshop.py", label=t("ws.start.go", LANG), query_params={"map": map_id})
        if history.open:  # drawn only when open: a grid edit's rerun stays light
            with history:
                for info in ed.store.history(map_id)[:50]:
                    row_text, row_button = st.columns([4, 1.4], vertical_alignment="center")
                    row_text.caption(t("builder.version_row", LANG, version=info.version, when=ago(info.created, LANG),
                                       note=literal(info.note)))
                    if info.version == ed.version:
                        row_button.caption(t("builder.current", LANG))
                    else:
                        row_button.button(t("builder.restore", LANG), key=f"restore_{info.version}", on_click=restore,
                                          args=(info.version,), disabled=ed.pending is not None)

        if ed.pending and ed.pending.conflict:
            error = ed.pending.error
            st.error(t("builder.conflict", LANG, current=getattr(error, "current_version", "?"), mine=ed.version))
            st.button(t("builder.reload", LANG), on_click=reload, type="primary", key="reload_conflict")
        elif ed.pending:
            st.warning(refusal(ed.pending.error, LANG))
            st.button(t("builder.retry", LANG), on_click=retry, type="primary", key="retry_save")
        elif ed.changed_elsewhere():
            st.warning(t("builder.changed_elsewhere", LANG))
            st.button(t("builder.reload", LANG), on_click=reload, type="primary", key="reload_stale")

        # which lanes the grid shows (a view: the key columns always show, the map keeps every lane)
        offered = [lane.key for lane in m.lanes if not lane.hidden and lane.key != importance_key]
        view_hidden = st.session_state.get(VIEW_HIDDEN, set())
        shown = [key for key in offered if key not in view_hidden]
        layout = hashlib.sha1(repr([(lane.key, lane.type.value, lane.hidden) for lane in m.lanes]).encode()).hexdigest()
        lane_labels = {lane.key: (t("grid.emotion_words_of", LANG, lane=lane.label) if lane.key == emotion_key
                                  else lane.label) for lane in m.lanes}
        bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
        bar.button(t("builder.add_stage", LANG), on_click=add_stage, key="add_stage")
        bar.button(t("builder.duplicate_stage", LANG), on_click=duplicate_stages, key="duplicate_stage",
                   disabled=not picked)
        if bar.button(t("builder.delete_stage", LANG), key="delete_stage", disabled=not picked):
            confirm_delete(picked)
        bar.button(t("builder.move_up", LANG), on_click=move_selected, args=(-1,), key="move_up",
                   disabled=len(picked) != 1)
        bar.button(t("builder.move_down", LANG), on_click=move_selected, args=(1,), key="move_down",
                   disabled=len(picked) != 1)
        with bar.container(key="selection_info", width="stretch"):  # what the server holds as selected (tests wait)
            if picked:
                names = ", ".join(f"«{literal(stage.name)}»" for stage in m.stages if stage.id in set(picked))
                st.caption(t("builder.selected", LANG, count=len(picked), names=names))
            else:
                st.caption(t("builder.select_hint", LANG))

        columns = bar.popover(t("builder.columns", LANG, shown=len(shown), total=len(offered)),
                            key=f"columns_{map_id}", on_change="rerun")
        if columns.open:  # drawn only when open, as the history: a grid edit's rerun stays light
            with columns:
                pills_key = f"grid_lanes_{map_id}_{layout[:10]}"
                st.pills(t("builder.columns_pick", LANG), offered, selection_mode="multi", default=shown,
                         key=pills_key, format_func=lambda key: literal(lane_labels[key]), on_change=pick_lanes,
                         args=(pills_key, offered))
                st.caption(t("builder.columns_help", LANG))

    # The grid last (its rows are the largest message).
    with grid_col, st.container(key="map_grid"):
        # AG Grid keeps its own column order when new definitions arrive: a new column layout gets a new grid.
        view = hashlib.sha1(repr(shown).encode()).hexdigest()
        grouped = "_p" if has_bands(m) else ""  # the phase column comes or goes: a new grid too
        map_grid(m, scores, picked, key=f"grid_{map_id}_{layout[:10]}_{view[:6]}{grouped}",
                 stage_header=t("builder.stage", LANG), priority_header=t("builder.priority", LANG), ui_language=LANG,
                 on_event=on_grid_event, shown=shown, evidence_only=evidence_only)
        st.caption(t("builder.grid_help", LANG))


live_part()
NAMES.append((".st-key-map_grid iframe", "title", t("builder.grid_title", LANG, title=m.title)))


# --- map details and lanes ---------------------------------------------------------------------
def save_details(field: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    if field == "language":
        run(lambda mm: editing.set_language(mm, value), t("note.language", value))
        return
    run(lambda mm: editing.set_details(mm, **{field: value}), t("note.details", ed.map.language))


suffix = f"{map_id}_{ed.version}"  # fresh widgets after undo, reload or restore
details = st.expander(t("builder.details", LANG), key=f"details_{map_id}", on_change="rerun")
if details.open:
    with details:
        left, right = st.columns(2)
        left.text_input(t("builder.title", LANG), value=m.title, key=f"title_{suffix}",
                        max_chars=limits.MAX_TITLE_CHARS, on_change=save_details, args=("title", f"title_{suffix}"))
        left.text_area(t("builder.persona", LANG), value=m.persona, key=f"persona_{suffix}", height=90,
                       on_change=save_details, args=("persona", f"persona_{suffix}"))
        right.selectbox(t("builder.kind", LANG), KINDS, index=KINDS.index(m.kind),
                        format_func=lambda k: t("map.kind." + k, LANG), key=f"kind_{suffix}",
                        on_change=save_details, args=("kind", f"kind_{suffix}"))
        right.selectbox(t("builder.map_language", LANG), list(LANGUAGES), index=LANGUAGES.index(m.language),
                        format_func=language_name, key=f"language_{suffix}",
                        on_change=save_details, args=("language", f"language_{suffix}"))
        right.checkbox(t("builder.cyclic", LANG), value=m.cyclic, key=f"cyclic_{suffix}",
                       on_change=save_details, args=("cyclic", f"cyclic_{suffix}"))
        st.text_area(t("builder.description", LANG), value=m.description, key=f"description_{suffix}", height=90,
                     on_change=save_details, args=("description", f"description_{suffix}"))


def lane_action(action: str, key: str, widget_key: str | None = None) -> None:
    lane = ed.map.lane(key)
    if lane is None:
        return
    language = ed.map.language
    if action == "up":
        run(lambda mm: editing.move_lane(mm, key, -1), t("note.move_lane", language, lane=lane.label))
    elif action == "down":
        run(lambda mm: editing.move_lane(mm, key, 1), t("note.move_lane", language, lane=lane.label))
    elif action == "toggle":
        note = t("note.show_lane" if lane.hidden else "note.hide_lane", language, lane=lane.label)
        run(lambda mm: editing.set_lane_hidden(mm, key, not lane.hidden), note)
    elif action == "rename" and widget_key:
        label = st.session_state[widget_key]
        run(lambda mm: editing.rename_lane(mm, key, label), t("note.rename_lane", language, lane=label))


def add_lane(kind_key: str, standard_key: str, label_key: str, type_key: str, options_key: str) -> None:
    language = ed.map.language
    if st.session_state[kind_key] == "standard":
        key = st.session_state.get(standard_key)
        if key:
            label = next(lane.label(language) for lane in CATALOGUE if lane.key == key)
            run(lambda mm: editing.add_standard_lane(mm, key), t("note.add_lane", language, lane=label))
        return
    label = st.session_state[label_key]
    lane_type = st.session_state[type_key]
    options = [line.strip() for line in st.session_state.get(options_key, "").splitlines() if line.strip()]
    run(lambda mm: editing.add_custom_lane(mm, label, lane_type, options or None)[0],
        t("note.add_lane", language, lane=label.strip()))


lanes_panel = st.expander(t("builder.lanes", LANG), key=f"lanes_{map_id}", on_change="rerun")
if lanes_panel.open:
    with lanes_panel:
        for index, lane in enumerate(m.lanes):
            cols = st.columns([3, 1.3, 0.5, 0.5, 0.9, 0.6], vertical_alignment="center")
            widget = f"lane_label_{lane.key}_{suffix}"
            # the label is collapsed: it is the text box's accessible name, read as written (no Markdown shown)
            cols[0].text_input(t("builder.lane_label_of", LANG, lane=lane.label), value=lane.label, key=widget,
                               label_visibility="collapsed", on_change=lane_action,
                               args=("rename", lane.key, widget), max_chars=limits.MAX_LABEL_CHARS)
            name(f"lane_up_{lane.key}", t("builder.lane_up", LANG, lane=lane.label))
            name(f"lane_down_{lane.key}", t("builder.lane_down", LANG, lane=lane.label))
            name(f"lane_toggle_{lane.key}", t("builder.lane_show" if lane.hidden else "builder.lane_hide", LANG,
                                              lane=lane.label))
            name(f"lane_delete_{lane.key}", t("builder.lane_delete", LANG, lane=lane.label))
            hidden = f" · {t('builder.lane_hidden', LANG)}" if lane.hidden else ""
            cols[1].caption(t("builder.lane_type." + lane.type.value, LANG) + hidden)
            cols[2].button("↑", key=f"lane_up_{lane.key}", on_click=lane_action, args=("up", lane.key),
                           disabled=index == 0)
            cols[3].button("↓", key=f"lane_down_{lane.key}", on_click=lane_action, args=("down", lane.key),
                           disabled=index == len(m.lanes) - 1)
            cols[4].button(t("builder.show" if lane.hidden else "builder.hide", LANG), key=f"lane_toggle_{lane.key}",
                           on_click=lane_action, args=("toggle", lane.key))
            if cols[5].button("🗑", key=f"lane_delete_{lane.key}", help=t("builder.delete_lane", LANG)):
                confirm_delete_lane(lane.key, lane.label)

        st.divider()
        st.markdown(f"**{t('builder.add_lane', LANG)}**")
        kind_key = f"new_lane_kind_{map_id}"
        kind = st.radio(t("builder.add_lane", LANG), ["standard", "custom"], horizontal=True, key=kind_key,
                        format_func=lambda k: t("builder.standard_lane" if k == "standard" else "builder.custom_lane",
                                                LANG), label_visibility="collapsed")
        present = {lane.key for lane in m.lanes}
        missing = [lane for lane in CATALOGUE if lane.key not in present]
        standard_key, label_key = f"new_lane_std_{map_id}", f"new_lane_label_{map_id}"
        type_key, options_key = f"new_lane_type_{map_id}", f"new_lane_options_{map_id}"
        if kind == "standard":
            if missing:
                labels = {x.key: f"{x.icon} {x.label(m.language)}" for x in missing}
                st.selectbox(t("builder.lane", LANG), list(labels), key=standard_key, format_func=labels.get)
            else:
                st.caption(t("builder.no_lanes_to_add", LANG))
        else:
            st.text_input(t("builder.lane_label", LANG), key=label_key, max_chars=limits.MAX_LABEL_CHARS)
            lane_type = st.selectbox(t("builder.lane_type", LANG), [lt.value for lt in LaneType], key=type_key,
                                     format_func=lambda v: t("builder.lane_type." + v, LANG))
            if lane_type == LaneType.CHOICE.value:
                st.text_area(t("builder.lane_options", LANG), key=options_key, height=90)
        st.button(t("builder.add", LANG), key=f"add_lane_{map_id}", on_click=add_lane,
                  args=(kind_key, standard_key, label_key, type_key, options_key),
                  disabled=kind == "standard" and not missing)

phases_panel(ed, LANG, suffix)  # pages/_phases.py
helper(names=NAMES)
