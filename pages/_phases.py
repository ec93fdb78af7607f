"""The Builder's Phases panel: add a phase, rename it, choose its stages, delete it (its stages stay).

Thin: every change is a call of :mod:`cjm.phases` through the editor (one version each, Undo takes it back); a
refusal (stages that are not neighbours, a phase split in two) is said in the user's language
(:func:`cjm.i18n.error_text`) and nothing changes. Each phase is a small form, so picking several stages is one
change when *Save* is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from cjm import limits, phases
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.model import Map
from pages._ui import notify, refusal


def _apply(ed: Any, change: Callable[[Map], Map], note: str, lang: str) -> None:
    try:
        ed.apply(change, note)
    except CJMError as exc:
        if ed.pending is None:  # a failed save or a conflict has its own banner
            notify("error", t("builder.error", lang, message=refusal(exc, lang)))


def phases_panel(ed: Any, lang: str, suffix: str) -> None:
    """The *Phases* expander under the grid; ``suffix`` renews the widgets after undo, reload or restore."""
    m: Map = ed.map
    map_id = ed.map_id
    panel = st.expander(t("phases.builder.panel", lang), key=f"phases_{map_id}", on_change="rerun")
    if not panel.open:
        return
    numbers = {stage.id: index for index, stage in enumerate(m.stages, start=1)}
    names = {stage.id: f"{numbers[stage.id]}. {stage.name}" for stage in m.stages}
    language = m.language  # history notes are in the map's language

    def save(phase_id: str, name_key: str, stages_key: str) -> None:
        phase = next((p for p in ed.map.phases if p.id == phase_id), None)
        if phase is None:
            return
        name = st.session_state[name_key]
        chosen = list(st.session_state[stages_key])

        def change(mm: Map) -> Map:
            if name != phase.name:
                mm = phases.rename_phase(mm, phase_id, name)
            return phases.set_stages(mm, phase_id, chosen) if chosen != list(phase.stages) else mm

        _apply(ed, change, t("phases.note.edit", language, phase=name.strip()), lang)

    def delete(phase_id: str) -> None:
        phase = next((p for p in ed.map.phases if p.id == phase_id), None)
        if phase is not None:
            _apply(ed, lambda mm: phases.delete_phase(mm, phase_id),
                   t("phases.note.delete", language, phase=phase.name), lang)

    def add(name_key: str, stages_key: str) -> None:
        name = st.session_state[name_key]
        chosen = list(st.session_state[stages_key])
        _apply(ed, lambda mm: phases.add_phase(mm, name, chosen)[0],
               t("phases.note.add", language, phase=name.strip()), lang)

    with panel:
        st.caption(t("phases.builder.help", lang))
        for phase in m.phases:
            name_key, stages_key = f"phase_name_{phase.id}_{suffix}", f"phase_stages_{phase.id}_{suffix}"
            with st.form(key=f"phase_form_{phase.id}_{suffix}", border=True):
                left, right = st.columns([1, 2])
                left.text_input(t("phases.builder.name", lang), value=phase.name, key=name_key,
                                max_chars=limits.MAX_LABEL_CHARS)
                right.multiselect(t("phases.builder.stages", lang), list(names), default=list(phase.stages),
                                  format_func=names.get, key=stages_key,
                                  placeholder=t("phases.builder.no_stages", lang))
                save_col, delete_col = st.columns([1, 1])
                save_col.form_submit_button(t("phases.builder.save", lang), on_click=save,
                                            args=(phase.id, name_key, stages_key), key=f"phase_save_{phase.id}")
                delete_col.form_submit_button(t("phases.builder.delete", lang), on_click=delete, args=(phase.id,),
                                              key=f"phase_delete_{phase.id}",
                                              help=t("phases.builder.delete_help", lang))
        name_key, stages_key = f"new_phase_name_{map_id}", f"new_phase_stages_{map_id}"
        with st.form(key=f"new_phase_{map_id}", clear_on_submit=True, border=True):
            st.markdown(f"**{t('phases.builder.add', lang)}**")
            left, right = st.columns([1, 2])
            left.text_input(t("phases.builder.name", lang), key=name_key, max_chars=limits.MAX_LABEL_CHARS,
                            placeholder=t("phases.builder.name_example", lang))
            right.multiselect(t("phases.builder.stages", lang), list(names), format_func=names.get, key=stages_key,
                              placeholder=t("phases.builder.no_stages", lang))
            st.form_submit_button(t("phases.builder.add_button", lang), on_click=add, args=(name_key, stages_key),
                                  key=f"phase_add_{map_id}")
