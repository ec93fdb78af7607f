"""Baseline for bench/bench_builder.py: the Builder's rows in a plain AgGrid, nothing else.

    CJM_DATA_DIR=... .venv/bin/python -m streamlit run bench/bare_grid_page.py   # open /?map=<id>

(from the repository root: ``python -m`` puts it on the import path, so ``cjm`` imports as it is).

What a naive page would do with the same rows: load the map (``?map=<id>``, else ``CJM_BENCH_MAP_ID``)
from the same store once per session, show ``cjm.grid.rows`` in an AgGrid built with
GridOptionsBuilder defaults (editable cells, the emotion picker with the Builder's labels), and
after an edit recompute the top bottleneck from the rows the grid sends back. It never saves.
With ``CJM_RUN_TIMES`` set, each script run's duration goes to stderr as ``CJM_RUN_TIME <seconds>``
(the same hook as in app.py).
"""

from __future__ import annotations

import os
import sys
import time

_RUN_START = time.perf_counter()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from st_aggrid import AgGrid, GridOptionsBuilder, JsCode  # noqa: E402

# cjm is importable because the server runs `python -m streamlit` in the repository root (tests/harness.py).
from cjm import emotion  # noqa: E402
from cjm.grid import EMOTION_LABELS, UNRATED, parse_emotion_score, parse_importance, rows  # noqa: E402
from cjm.i18n import t  # noqa: E402
from cjm.scoring import level_for, priority, score_map  # noqa: E402
from cjm.storage import MapStore  # noqa: E402

LANG = "en"
LEVEL_ICON = {"critical": "🔴", "warning": "🟠", "ok": "🟢", "unrated": "⚪"}
ROW_HEIGHT = 84  # as pages/_grid.py: the same iframe height for the same rows


@st.cache_resource(show_spinner=False)
def store() -> MapStore:
    return MapStore.from_env()


def top_from_rows(data: pd.DataFrame, settings) -> dict | None:
    """The top bottleneck of the rows as the grid holds them (first of the highest score)."""
    best = None
    for record in data.to_dict("records"):
        try:
            importance = parse_importance(record.get("v_importance"))
            score_emotion = parse_emotion_score(record.get("v_emotion"))
        except Exception:  # noqa: BLE001 - a bad cell counts as unrated, as a naive page would do
            continue
        if importance is None or score_emotion is None:
            continue
        score = priority(importance, score_emotion)
        if best is None or score > best["score"]:
            best = {"name": record.get("name"), "score": score, "importance": importance, "emotion": score_emotion,
                    "level": level_for(score, settings)}
    return best if best and best["level"] in ("critical", "warning") else None


def page() -> None:
    st.set_page_config(page_title="bare grid", layout="wide")
    map_id = st.query_params.get("map") or os.environ.get("CJM_BENCH_MAP_ID")
    if not map_id:
        st.error("no map: open ?map=<id> or set CJM_BENCH_MAP_ID")
        return
    if st.session_state.get("map_id") != map_id:
        st.session_state.map_id = map_id
        st.session_state.map = store().get(map_id).map
    m = st.session_state.map

    df = pd.DataFrame(rows(m, score_map(m)), dtype=object)
    gb = GridOptionsBuilder.from_dataframe(df)
    gb.configure_default_column(editable=True)
    for hidden in ("id", "_level", "_rank"):
        if hidden in df.columns:
            gb.configure_column(hidden, hide=True)
    gb.configure_column("v_emotion", cellEditor="agSelectCellEditor",
                        cellEditorParams={"values": [UNRATED, *EMOTION_LABELS.values()]})
    gb.configure_grid_options(getRowId=JsCode("function (p) { return p.data.id; }"))

    grid_col, side = st.columns([4, 1.25], gap="medium")
    with grid_col:
        response = AgGrid(
            df.copy(),
            gridOptions=gb.build(),
            height=min(640, 110 + ROW_HEIGHT * max(len(m.stages), 1)),
            key="bare_grid",
            data_return_mode="AS_INPUT",
            update_on=["cellValueChanged"],
            allow_unsafe_jscode=True,
        )
    data = response.data if isinstance(response.data, pd.DataFrame) and len(response.data) else df
    top = top_from_rows(data, m.scoring)
    with side, st.container(border=True, key="top_bottleneck"):
        st.markdown(f"**{t('builder.top', LANG)}**")
        if top:
            st.markdown(f"### {LEVEL_ICON[top['level']]} {top['score']:g}")
            st.text(top["name"])
            st.caption(f"{t('level.' + top['level'], LANG)} · importance {top['importance']}/5, "
                       f"emotion {emotion.label(top['emotion'])}: priority {top['score']:g} of 100")
        else:
            st.caption(t("builder.top_none", LANG))


try:
    page()
finally:
    if os.environ.get("CJM_RUN_TIMES"):
        print(f"CJM_RUN_TIME {time.perf_counter() - _RUN_START:.6f}", file=sys.stderr, flush=True)
