"""Workshop: the facilitator's room. Code, QR and short link; phases, timer, reveal, rounds; the live board; accept.

Only the signed-in owner reaches this page (the gate in front of the app, cjm.access); the room's address holds
its id only (``?room=…``), never a key. Everything here is a call into :mod:`cjm.rooms` and :mod:`cjm.room_board`.
"""

from __future__ import annotations

import io
import os
from html import escape

import segno
import streamlit as st

from cjm import numbers
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.markdown import literal
from cjm.room_board import notes_feed, notes_overview, rounds_table, votes_table
from cjm.rooms import Room
from cjm.scoring import score_map
from cjm.workshop import CLOSED, PHASES, VOTE, app_address, clock, is_local, join_link
from pages._ui import (
    editor,
    lang,
    notify,
    open_map,
    open_map_id,
    owner,
    refusal,
    require_shell,
    rooms,
    show_notices,
    store,
)

require_shell()
LANG = lang()
LIVE_SECONDS = 0.5  # the board re-runs this often: a vote shows within a second (the issue asks ≤ 1 s p95)
NOTES_PAGE = 30  # notes per page of the board's feed, newest first

OWNER = owner()
if OWNER is None:  # the gate lets only the owner's session in; asked again here all the same
    st.error(t("ws.owner_only", LANG))
    st.stop()
if "key" in st.query_params:  # links of the first workshop version carried a key: nothing needs it now
    st.query_params.pop("key")


def app_url() -> str:
    return app_address(st.context.url or "", os.environ.get("CJM_PUBLIC_URL"))


# --- no room in the address: start one, or go back to an open one ---------------------------------
def start(map_id: str) -> None:
    try:
        room = rooms().open_room(OWNER, map_id)
    except CJMError as exc:
        notify("error", refusal(exc, LANG))
        return
    open_map(map_id)
    st.query_params["room"] = room.id


room_id = st.query_params.get("room")
if not room_id:
    st.title(t("ws.start.title", LANG), anchor=False)
    show_notices()
    st.markdown(t("ws.start.intro", LANG))
    try:
        maps = store().list_maps()
        open_rooms = rooms().open_rooms(OWNER)
    except CJMError as exc:
        st.error(refusal(exc, LANG))
        st.stop()
    if not maps:
        st.info(t("ws.start.no_maps", LANG))
        st.page_link("pages/library.py", label=t("builder.to_library", LANG), icon="🗂️")
        st.stop()
    ids = [s.id for s in maps]
    titles = {s.id: s.title for s in maps}
    current = open_map_id()
    chosen = st.selectbox(t("ws.start.map", LANG), ids, index=ids.index(current) if current in ids else 0,
                          format_func=titles.get, key="ws_start_map")  # options are plain text: no Markdown escapes
    st.button(t("ws.start.go", LANG), type="primary", on_click=start, args=(chosen,), key="ws_start")
    if open_rooms:  # the way back for a facilitator who navigated away
        st.subheader(t("ws.start.open", LANG), anchor=False)
        for opened in open_rooms:
            title = titles.get(opened.map_id, "?")
            st.page_link("pages/workshop.py", label=f"{opened.code} · {literal(title)} · "
                         f"{t('ws.phase.' + opened.state, LANG)}", query_params={"room": opened.id})
    st.stop()

try:
    room: Room = rooms().room(OWNER, room_id)
except CJMError as exc:
    st.error(refusal(exc, LANG))
    st.button(t("ws.start.other", LANG), on_click=lambda: st.query_params.clear())
    st.stop()

ed = editor(room.map_id)
if ed.pending is None and ed.changed_elsewhere():
    ed.reload()
open_map(room.map_id)


# --- actions (callbacks) -----------------------------------------------------------------------------
def minutes() -> float | None:
    return st.session_state.get("ws_minutes") if st.session_state.get("ws_use_timer") else None


def attempt(action, *args) -> None:
    try:
        action(OWNER, room.id, *args)
    except CJMError as exc:
        notify("error", refusal(exc, LANG))


def change_phase() -> None:
    phase = st.session_state.get("ws_phase")
    if phase:
        attempt(rooms().set_phase, phase, minutes())


def new_round() -> None:
    attempt(rooms().new_round, minutes())
    st.session_state.ws_phase = VOTE  # a new round is a vote: the phase control follows


def close_room() -> None:
    try:
        rooms().close(OWNER, room.id)
        notify("success", t("ws.closed_now", LANG))
    except CJMError as exc:
        notify("error", refusal(exc, LANG))


def accept() -> None:
    before = [s.stage for s in score_map(ed.map)[:3]]
    try:
        report = rooms().accept(OWNER, room.id, ed.apply)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))
        return
    st.session_state[f"_accepted_{room.id}"] = (report, before)


def undo_accept() -> None:
    try:
        ed.undo()
        st.session_state.pop(f"_accepted_{room.id}", None)
        notify("info", t("ws.accept.undone", LANG))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


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
with join_col:  # what the projector shows to let people in: the code, the QR code, the short link
    if is_open:
        code_col, qr_col = st.columns([3, 2], vertical_alignment="center")
        code_col.caption(t("ws.join_at", LANG))
        code_col.html(f'<div style="font-size:clamp(36px,4.3vw,64px);font-weight:800;letter-spacing:0.12em;'
                      f'font-family:monospace;white-space:nowrap"'
                      f' data-testid="cjm-join-code">{escape(room.code)}</div>')
        code_col.code(link, language=None, wrap_lines=True)  # the whole short link, even on a narrow column
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
        again, reveal = st.columns(2)
        again.button(t("ws.restart_timer", LANG), width="stretch", key="ws_timer",
                     on_click=lambda: attempt(rooms().set_timer, minutes()))
        reveal.button(t("ws.reveal", LANG), width="stretch", key="ws_reveal", disabled=room.revealed,
                      on_click=lambda: attempt(rooms().reveal), help=t("ws.reveal_help", LANG))
        next_round, close = st.columns(2)
        next_round.button(t("ws.new_round", LANG, round=room.vote_round + 1), width="stretch", key="ws_round",
                          on_click=new_round, help=t("ws.new_round_help", LANG))
        if close.button(t("ws.close", LANG), width="stretch", key="ws_close"):
            confirm_close()


def notes_pager(total: int) -> int:
    pages = max(1, -(-total // NOTES_PAGE))
    page = min(st.session_state.get("ws_notes_page", 0), pages - 1)
    if pages > 1:
        newer, where, older = st.columns([1, 2, 1], vertical_alignment="center")
        if newer.button(t("ws.notes.newer", LANG), key="ws_notes_newer", disabled=page == 0, width="stretch"):
            page -= 1
        if older.button(t("ws.notes.older", LANG), key="ws_notes_older", disabled=page >= pages - 1,
                        width="stretch"):
            page += 1
        where.caption(t("ws.notes.page", LANG, page=page + 1, pages=pages, count=total))
    st.session_state.ws_notes_page = page
    return page


@st.fragment(run_every=LIVE_SECONDS)
def live_board() -> None:
    try:
        snap = rooms().snapshot(OWNER, room.id)
    except CJMError as exc:
        st.warning(refusal(exc, LANG))  # shown until the database answers again; the next tick retries
        return
    live = snap.room
    stages = snap.tally()
    left = live.seconds_left()
    state = t(f"ws.phase.{live.state}", LANG)
    timer = f" · ⏱ {clock(left)}" if left is not None else ""
    st.subheader(f"{state} · {t('ws.round', LANG, round=live.vote_round)}{timer}", anchor=False)
    people, voted, noted = st.columns(3)
    people.metric(t("ws.participants", LANG), len(snap.participants))
    voted.metric(t("ws.voted", LANG), snap.voters)
    noted.metric(t("ws.notes", LANG), snap.notes_total)
    if live.blind:
        st.caption(t("ws.blind", LANG))
    else:
        discuss = [s.name for s in stages if s.discuss]
        if discuss:
            st.warning(t("ws.discuss", LANG, stages=", ".join(f"«{literal(n)}»" for n in discuss)))
    st.html(votes_table(stages, LANG, blind=live.blind))
    if live.vote_round > 1 and not live.blind:
        st.markdown(f"**{t('ws.rounds.title', LANG, before=live.vote_round - 1, after=live.vote_round)}**")
        st.html(rounds_table(snap.rounds(), live.vote_round - 1, live.vote_round, LANG))
    st.html(notes_overview(stages, LANG))
    if snap.notes_total:
        st.markdown(f"**{t('ws.notes.newest', LANG)}**")
        page = notes_pager(snap.notes_total)
        feed = rooms().notes_page(OWNER, room.id, offset=page * NOTES_PAGE, limit=NOTES_PAGE)
        st.html(notes_feed(feed, snap.participants, {s.id: s.name for s in snap.map.stages}, LANG))


live_board()

st.divider()
st.subheader(t("ws.accept.title", LANG), anchor=False)
st.caption(t("ws.accept.help", LANG) + (" " + t("ws.accept.round", LANG, round=room.vote_round)
                                       if room.vote_round > 1 else ""))
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
        f"{i}. {literal(s.stage)} — {numbers.score(s.score, LANG)} · {literal(s.why)}" for i, s in enumerate(after, 1)
        if s.score is not None))
    undo, analysis = st.columns([1, 2], vertical_alignment="center")
    undo.button(t("ws.accept.undo", LANG), on_click=undo_accept, key="ws_accept_undo", disabled=not ed.can_undo)
    analysis.page_link("pages/analysis.py", label=t("ws.accept.analysis", LANG), icon="📈")
