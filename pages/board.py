"""Board: the classic map for projecting (stages as columns), and a presentation mode, one stage at a time.

Up to 8 stages share the screen; a longer map scrolls sideways with a jump list, and opens scrolled to its top
bottleneck. The presentation steps with a clicker's keys: →, PageDown, Space forward; ←, PageUp back.
"""

from __future__ import annotations

import streamlit as st

from cjm import levels, numbers
from cjm.board import LANE_COLUMN, board_html, fits, slide_html
from cjm.i18n import t
from cjm.markdown import literal
from cjm.scoring import score_map, top_bottleneck
from pages._browser import button, helper
from pages._ui import lang, open_editor, require_shell

require_shell()
LANG = lang()

ed = open_editor(follow_latest=True)
map_id, m = ed.map_id, ed.map

scores = score_map(m)
SLIDE = f"slide_{map_id}"
FORWARD = ("ArrowRight", "PageDown", "Space", "ArrowDown")  # a presentation clicker sends PageDown / PageUp
BACK = ("ArrowLeft", "PageUp", "ArrowUp")


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
    st.caption(t("board.keys", LANG))
    helper(keys={**dict.fromkeys(FORWARD, button("slide_next")), **dict.fromkeys(BACK, button("slide_back"))})
else:
    top = top_bottleneck(m, scores)
    positions = {stage.id: i for i, stage in enumerate(m.stages)}
    target = None
    if not fits(m):  # a long map: say where the top bottleneck is, open there, and let people jump
        if top is not None:
            st.markdown(f"{levels.icon(top.level)} " + t(
                "board.top", LANG, number=positions[top.stage_id] + 1, stage=literal(top.stage),
                level=levels.word(top.level, LANG), score=numbers.score(top.score, LANG)))
        target = st.selectbox(t("board.jump", LANG), list(range(len(m.stages))),
                              index=positions[top.stage_id] if top is not None else 0,
                              format_func=lambda i: f"{i + 1}. {m.stages[i].name}",
                              key=f"board_jump_{map_id}_{ed.version}")
    st.html(board_html(m, scores, LANG))
    if target is not None:
        helper(scroll={"container": ".cjm-board", "target": f'th[data-index="{int(target)}"]',
                       "margin": LANE_COLUMN + 12})
