"""Workshop: the facilitator's room. Join code, QR and link; phases and timer; the live board; accept.

The facilitator's address carries the room and its secret key (``?room=…&key=…``): only that
link runs the room. Everything here is a call into :mod:`cjm.rooms` and :mod:`cjm.room_board`.
"""

from __future__ import annotations

import io
import os
from html import escape

import segno
import streamlit as st

from cjm.errors import CJMError
from cjm.i18n import t
from cjm.markdown import literal
from cjm.room_board import notes_html, votes_table
from cjm.rooms import NotAllowed, Room
from cjm.scoring import score_map
from cjm.workshop import CLOSED, PHASES, app_address, clock, facilitator_link, is_local, join_link
from pages._ui import editor, lang, notify, open_map, open_map_id, require_shell, rooms, show_notices, store

require_shell()
LANG = lang()
LIVE_SECONDS = 1  # the board re-runs this often (the issue asks for ≤ 2 s)


def app_url() -> str:
    return app_address(st.context.url or "", os.environ.get("CJM_PUBLIC_URL"))


# --- no room in the address: start one -------------------------------------------------------------
def start(map_id: str) -> None:
    try:
        room, key = rooms().open_room(map_id)
    except CJMError as exc:
        notify("error", literal(exc.message))
        return
    open_map(map_id)
    st.query_params.update({"room": room.id, "key": key})
    st.session_state.setdefault("_my_rooms", {})[room.id] = key


room_id, key = st.query_params.get("room"), st.query_params.get("key")
if not room_id or not key:
    st.title(t("ws.start.title", LANG), anchor=False)
    show_notices()
    st.markdown(t("ws.start.intro", LANG))
    try:
        maps = store().list_maps()
    except CJMError as exc:
        st.error(literal(exc.message))
        st.stop()
    if not maps:
        st.info(t("ws.start.no_maps", LANG))
        st.page_link("pages/library.py", label=t("builder.to_library", LANG), icon="🗂️")
        st.stop()
    ids = [s.id for s in maps]
    titles = {s.id: f"{s.title} · {t('library.stages', LANG, count=s.stage_count)}" for s in maps}
    current = open_map_id()
    chosen = st.selectbox(t("ws.start.map", LANG), ids, index=ids.index(current) if current in ids else 0,
                          format_func=lambda i: literal(titles[i]), key="ws_start_map")
    st.button(t("ws.start.go", LANG), type="primary", on_click=start, args=(chosen,), key="ws_start")
    mine = st.session_state.get("_my_rooms", {})
    if mine:  # rooms this browser opened: the way back for a facilitator who navigated away
        st.subheader(t("ws.start.mine", LANG), anchor=False)
        for opened_id, opened_key in mine.items():
            try:
                opened = rooms().facilitate(opened_id, opened_key)
                title = store().get(opened.map_id).map.title
            except CJMError:
                continue
            st.page_link("pages/workshop.py", label=f"{opened.code} · {literal(title)} · "
                         f"{t('ws.phase.' + opened.state, LANG)}", query_params={"room": opened_id, "key": opened_key})
    st.stop()

try:
    room: Room = rooms().facilitate(room_id, key)
except NotAllowed as exc:
    st.error(literal(exc.message))
    st.query_params.pop("key", None)
    st.button(t("ws.start.other", LANG), on_click=lambda: st.query_params.clear())
    st.stop()
except CJMError as exc:
    st.error(literal(exc.message))
    st.stop()

ed = editor(room.map_id)
if ed.pending is None and ed.changed_elsewhere():
    ed.reload()
open_map(room.map_id)


# --- actions (callbacks) -----------------------------------------------------------------------------
def minutes() -> float | None:
    return st.session_state.get("ws_minutes") if st.session_state.get("ws_use_timer") else None


def change_phase() -> None:
    phase = st.session_state.get("ws_phase")
    if phase:
        try:
            rooms().set_phase(room.id, key, phase, minutes())
        except CJMError as exc:
            notify("error", literal(exc.message))


def restart_timer() -> None:
    try:
        rooms().set_timer(room.id, key, minutes())
    except CJMError as exc:
        notify("error", literal(exc.message))


def close_room() -> None:
    try:
        rooms().close(room.id, key)
        notify("success", t("ws.closed_now", LANG))
    except CJMError as exc:
        notify("error", literal(exc.message))


def accept() -> None:
    before = [s.stage for s in score_map(ed.map)[:3]]
    try:
        report = rooms().accept(room.id, key, ed.apply)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=literal(exc.message)))
        return
    st.session_state[f"_accepted_{room.id}"] = (report, before)


def undo_accept() -> None:
    try:
        ed.undo()
        st.session_state.pop(f"_accepted_{room.id}", None)
        notify("info", t("ws.accept.undone", LANG))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=literal(exc.message)))


@st.dialog(t("ws.close", LANG))
def confirm_close() -> None:
    st.markdown(t("ws.close_confirm", LANG))
    yes, no = st.columns(2)
    if yes.button(t("ws.close", LANG), type="primary", key="ws_close_yes", width="stretch"):
        close_room()
        st.rerun()
    if no.button(t("library.cancel", LANG), key="ws_close_no", width="stretch"):
        st.rerun()


# --- the page ------------------------------------------------------------------------------------------
st.title(t("ws.title", LANG, title=literal(ed.map.title)), anchor=False)
show_notices()
address = app_url()
link = join_link(address, room.code)
is_open = room.state != CLOSED

join_col, control_col = st.columns([1, 1], gap="large")
with join_col:
    if is_open:
        code_col, qr_col = st.columns([3, 2], vertical_alignment="center")
        code_col.caption(t("ws.join_at", LANG))
        code_col.html(f'<div style="font-size:64px;font-weight:800;letter-spacing:8px;font-family:monospace"'
                      f' data-testid="cjm-join-code">{escape(room.code)}</div>')
        code_col.code(link, language=None)
        if is_local(address):
            code_col.warning(t("ws.local_link", LANG))
        png = io.BytesIO()
        segno.make(link, error="m").save(png, kind="png", scale=6, border=2)
        qr_col.image(png.getvalue(), caption=t("ws.qr", LANG), width=200)
    else:
        st.info(t("ws.ended", LANG))

with control_col:
    if is_open:
        st.segmented_control(t("ws.phase", LANG), list(PHASES), default=room.phase, key="ws_phase", required=True,
                             format_func=lambda p: t(f"ws.phase.{p}", LANG), on_change=change_phase, width="stretch")
        timer_on, length = st.columns([1, 1], vertical_alignment="bottom")
        timer_on.toggle(t("ws.timer", LANG), value=True, key="ws_use_timer")
        length.number_input(t("ws.minutes", LANG), min_value=1, max_value=180, value=10, step=1, key="ws_minutes")
        again, close = st.columns(2)
        again.button(t("ws.restart_timer", LANG), on_click=restart_timer, width="stretch", key="ws_timer")
        if close.button(t("ws.close", LANG), width="stretch", key="ws_close"):
            confirm_close()
    with st.expander(t("ws.facilitator_link", LANG)):
        st.caption(t("ws.facilitator_link_help", LANG))
        st.code(facilitator_link(address, room.id, key), language=None)


@st.fragment(run_every=LIVE_SECONDS)
def live_board() -> None:
    try:
        snap = rooms().snapshot(room.id, key)
    except CJMError as exc:
        st.warning(literal(exc.message))  # shown until the database answers again; the next tick retries
        return
    stages = snap.tally()
    left = snap.room.seconds_left()
    state = t(f"ws.phase.{snap.room.state}", LANG)
    timer = f" · ⏱ {clock(left)}" if left is not None else ""
    st.subheader(f"{state}{timer}", anchor=False)
    people, voted, noted = st.columns(3)
    people.metric(t("ws.participants", LANG), len(snap.participants))
    voted.metric(t("ws.voted", LANG), snap.voters)
    noted.metric(t("ws.notes", LANG), len(snap.notes))
    discuss = [s.name for s in stages if s.discuss]
    if discuss:
        st.warning(t("ws.discuss", LANG, stages=", ".join(f"«{literal(n)}»" for n in discuss)))
    st.html(votes_table(stages, LANG))
    st.html(notes_html(stages, snap.participants, LANG))


live_board()

st.divider()
st.subheader(t("ws.accept.title", LANG), anchor=False)
st.caption(t("ws.accept.help", LANG))
st.button(t("ws.accept", LANG), type="primary", on_click=accept, key="ws_accept")
done = st.session_state.get(f"_accepted_{room.id}")
if done:
    report, before = done
    st.success(t("ws.accept.done", LANG, votes=report.votes, stages=report.stages_rated, notes=report.notes_added))
    if report.skipped_votes or report.skipped_notes:
        st.caption(t("ws.accept.skipped", LANG, votes=report.skipped_votes, notes=report.skipped_notes))
    after = score_map(ed.map)[:3]
    if before and after and before[0] != after[0].stage:
        st.markdown(t("ws.accept.top_changed", LANG, before=literal(before[0]), after=literal(after[0].stage)))
    st.markdown(t("ws.accept.ranking", LANG) + "\n" + "\n".join(
        f"{i}. {literal(s.stage)} — {s.score:g} · {literal(s.why)}" for i, s in enumerate(after, 1)
        if s.score is not None))
    undo, analysis = st.columns([1, 2], vertical_alignment="center")
    undo.button(t("ws.accept.undo", LANG), on_click=undo_accept, key="ws_accept_undo", disabled=not ed.can_undo)
    analysis.page_link("pages/analysis.py", label=t("ws.accept.analysis", LANG), icon="📈")
