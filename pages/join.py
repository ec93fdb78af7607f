"""Join: the participant's view of a workshop, made for a phone. A display name, no login.

The participant's token lives in the address (``?p=…``): a refresh, a lost connection or a
server restart brings the same person back to the same room.
"""

from __future__ import annotations

import streamlit as st

from cjm import emotion
from cjm.errors import CJMError
from cjm.i18n import language_name, t
from cjm.markdown import literal
from cjm.model import LANGUAGES, MAX_NOTE_CHARS
from cjm.rooms import NotAllowed, ParticipantView
from cjm.workshop import CLOSED, COLLECT, MAX_NAME_CHARS, NOTE_LANES, VOTE, clock, note_icon
from pages._ui import lang, notify, require_shell, rooms, show_notices

require_shell()
LANG = lang()
TOKEN = "p"

# Big, thumb-sized choices; no user text in here.
st.html("""<style>
[class*="st-key-importance_"] button, [class*="st-key-emotion_"] button, .st-key-note_kind button {
  min-height: 3.2rem; padding: 0.25rem 0.3rem; }
[class*="st-key-importance_"] button p, [class*="st-key-emotion_"] button p, .st-key-note_kind button p {
  font-size: 1.25rem; }
.st-key-note_stage label { padding: 0.35rem 0; }
.st-key-note_stage label p { font-size: 1.1rem; }
.stMainBlockContainer { max-width: 40rem; padding-top: 2.5rem; }
</style>""")


def set_language() -> None:
    st.session_state.lang = st.session_state.join_lang


st.segmented_control(t("sidebar.language", LANG), list(LANGUAGES), default=LANG, key="join_lang", required=True,
                     format_func=language_name, on_change=set_language,
                     label_visibility="collapsed")


# --- joining ----------------------------------------------------------------------------------
def join() -> None:
    try:
        person, token = rooms().join(st.session_state.get("join_code", ""), st.session_state.get("join_name", ""))
    except CJMError as exc:
        notify("error", literal(exc.message))
        return
    st.query_params.clear()
    st.query_params[TOKEN] = token
    notify("success", t("ws.join.welcome", LANG, name=literal(person.name)))


def join_form(problem: str | None = None) -> None:
    st.title(t("ws.join.title", LANG), anchor=False)
    if problem:
        st.warning(literal(problem))
    show_notices()
    if "join_code" not in st.session_state:
        st.session_state.join_code = st.query_params.get("code", "")
    with st.form("join_form", border=False):
        st.text_input(t("ws.join.code", LANG), key="join_code", max_chars=16,
                      placeholder="K7MX4P", help=t("ws.join.code_help", LANG))
        st.text_input(t("ws.join.name", LANG), key="join_name", max_chars=MAX_NAME_CHARS,
                      placeholder=t("ws.join.name_placeholder", LANG))
        st.form_submit_button(t("ws.join.go", LANG), type="primary", width="stretch", on_click=join)
    st.caption(t("ws.join.privacy", LANG))
    st.stop()


token = st.query_params.get(TOKEN)
if not token:
    join_form()
try:
    view: ParticipantView = rooms().view(token)
except NotAllowed as exc:
    st.query_params.pop(TOKEN, None)
    join_form(exc.message)
except CJMError as exc:
    st.error(literal(exc.message))
    st.button(t("ws.retry", LANG), on_click=lambda: None)
    st.stop()

room, person, m = view.room, view.participant, view.map
STATE = room.state


# --- actions (callbacks) ---------------------------------------------------------------------------
def received(stage_id: str) -> None:
    st.session_state.setdefault("_received", set()).add(stage_id)


def vote(stage_id: str, field: str) -> None:
    value = st.session_state.get(f"{field}_{stage_id}")
    if value is None:  # tapping the chosen value again: a vote can be changed, not taken back
        return
    try:
        rooms().vote(token, stage_id, **{field: value})
        received(stage_id)
    except CJMError as exc:
        notify("error", literal(exc.message))


def add_note() -> None:
    stage_id, kind = st.session_state.get("note_stage"), st.session_state.get("note_kind")
    text = st.session_state.get("note_text", "")
    try:
        rooms().add_note(token, stage_id, kind, text)
    except CJMError as exc:
        notify("error", literal(exc.message))
        return
    st.session_state.note_text = ""
    notify("success", t("ws.note.received", LANG))


def delete_note(note_id: str) -> None:
    try:
        rooms().delete_note(token, note_id)
    except CJMError as exc:
        notify("error", literal(exc.message))


# --- the live header: phase and timer (re-runs every 2 s; a new phase redraws the page) -----------
st.title(literal(m.title), anchor=False)
st.caption(t("ws.join.you_are", LANG, name=literal(person.name), code=room.code))


@st.fragment(run_every=2)
def live_header() -> None:
    try:
        now_room = rooms().room_of(token)
    except CJMError:
        return  # a passing database hiccup: the next tick tries again
    if now_room.state != STATE:
        st.rerun(scope="app")
    left = now_room.seconds_left()
    phase = t(f"ws.phase.{now_room.state}", LANG)
    timer = f" · ⏱ {clock(left)}" if left is not None else ""
    st.subheader(f"{phase}{timer}", anchor=False)


live_header()
show_notices()


def stage_label(stage_id: str) -> str:
    stage = m.stage(stage_id)
    return literal(stage.name) if stage else "?"


if STATE == CLOSED:
    st.success(t("ws.join.closed", LANG))
    st.stop()

if STATE == COLLECT:
    st.info(t("ws.join.collect_help", LANG))
    if not m.stages:
        st.warning(t("ws.join.no_stages", LANG))
        st.stop()
    ids = [s.id for s in m.stages]
    if st.session_state.get("note_stage") not in ids:
        st.session_state.note_stage = ids[0]
    st.radio(t("ws.note.stage", LANG), ids, key="note_stage", format_func=stage_label)
    st.segmented_control(t("ws.note.kind", LANG), list(NOTE_LANES), key="note_kind", default=next(iter(NOTE_LANES)),
                         required=True, format_func=lambda k: f"{note_icon(k)} {t('ws.note.' + k, LANG)}",
                         width="stretch")
    st.text_area(t("ws.note.text", LANG), key="note_text", max_chars=MAX_NOTE_CHARS, height=110,
                 placeholder=t("ws.note.placeholder", LANG))
    st.button(t("ws.note.add", LANG), type="primary", width="stretch", on_click=add_note, key="note_add")
    if view.notes:
        st.subheader(t("ws.note.mine", LANG, count=len(view.notes)), anchor=False)
        for n in reversed(view.notes):
            with st.container(border=True, horizontal=True, vertical_alignment="center"):
                st.markdown(f"{note_icon(n.kind)} **{stage_label(n.stage_id)}** · {literal(n.text)}",
                            width="stretch")
                st.button("🗑", key=f"del_{n.id}", on_click=delete_note, args=(n.id,),
                          help=t("ws.note.delete", LANG))

elif STATE == VOTE:
    rated = sum(1 for s in m.stages if s.id in view.votes)
    st.info(t("ws.join.vote_help", LANG))
    st.progress(rated / len(m.stages) if m.stages else 0.0,
                text=t("ws.join.progress", LANG, rated=rated, total=len(m.stages)))
    for stage in m.stages:
        mine = view.votes.get(stage.id)
        with st.container(border=True, key=f"stage_{stage.id}"):
            st.markdown(f"**{literal(stage.name)}**")
            st.segmented_control(
                t("ws.vote.importance", LANG), [1, 2, 3, 4, 5], key=f"importance_{stage.id}",
                default=mine.importance if mine else None, on_change=vote, args=(stage.id, "importance"),
                width="stretch")
            st.segmented_control(
                t("ws.vote.emotion", LANG), list(emotion.SCALE), key=f"emotion_{stage.id}",
                default=mine.emotion if mine else None, format_func=emotion.label,
                on_change=vote, args=(stage.id, "emotion"), width="stretch")
            if mine and stage.id in st.session_state.get("_received", set()):
                st.caption(t("ws.vote.received", LANG, importance=mine.importance or "—",
                             emotion=emotion.label(mine.emotion)))
            elif mine:
                st.caption(t("ws.vote.saved", LANG))

else:  # review
    st.info(t("ws.join.review", LANG))
    for stage in m.stages:
        mine = view.votes.get(stage.id)
        if mine:
            st.markdown(t("ws.join.your_vote", LANG, stage=literal(stage.name), importance=mine.importance or "—",
                          emotion=emotion.label(mine.emotion)))
