"""Board: the classic map for projecting (stages as columns), and a presentation mode, one stage at a time."""

from __future__ import annotations

import streamlit as st

from cjm.board import board_html, slide_html
from cjm.i18n import t
from cjm.markdown import literal
from cjm.scoring import score_map
from pages._ui import lang, open_editor, require_shell

require_shell()
LANG = lang()

ed = open_editor(follow_latest=True)
map_id, m = ed.map_id, ed.map

scores = score_map(m)
SLIDE = f"slide_{map_id}"


def step(delta: int) -> None:
    st.session_state[SLIDE] = max(0, min(len(m.stages) - 1, st.session_state.get(SLIDE, 0) + delta))


st.title(literal(m.title), anchor=False)
mode = st.segmented_control(t("board.mode", LANG), ["board", "present"], default="board", key="board_mode",
                            format_func=lambda k: t("board.mode." + k, LANG), required=True)
if not m.stages:
    st.info(t("board.empty", LANG))
elif mode == "present":
    index = max(0, min(st.session_state.get(SLIDE, 0), len(m.stages) - 1))
    back, status, forward = st.columns([1, 4, 1], vertical_alignment="center")
    back.button(t("board.previous", LANG), on_click=step, args=(-1,), disabled=index == 0, key="slide_back",
                width="stretch")
    forward.button(t("board.next", LANG), on_click=step, args=(1,), disabled=index >= len(m.stages) - 1,
                   key="slide_next", width="stretch")
    status.progress((index + 1) / len(m.stages))
    st.html(slide_html(m, scores, index, LANG))
else:
    st.html(board_html(m, scores, LANG))
