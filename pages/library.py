"""Library: the saved maps, a new map from a template, duplicate, rename, delete to the trash and back."""

from __future__ import annotations

import streamlit as st

from cjm import levels, limits, numbers
from cjm.errors import CJMError
from cjm.i18n import ago, t
from cjm.markdown import literal
from cjm.storage import MapSummary
from cjm.templates import list_templates, new_map_from_template, new_map_title, unique_title
from pages._import import import_section, paste_section
from pages._ui import attempt, forget_editor, lang, notify, open_map, refusal, require_shell, show_notices, store

require_shell()
LANG = lang()


def taken_titles() -> list[str]:
    return [summary.title for summary in store().list_maps()]


def title_key(template_id: str, count: int) -> str:
    """The title box of a template: a fresh default for each template and each size of the library."""
    return f"new_title_{LANG}_{template_id}_{count}"


def create_from_template(template_key: str, count: int) -> None:
    """A new map of the chosen template, with the title typed (the default: "template — day"), made unique."""
    template_id = st.session_state[template_key]
    typed = (st.session_state.get(title_key(template_id, count)) or "").strip()  # the box of *this* template
    try:
        taken = taken_titles()
        title = unique_title(typed, taken) if typed else new_map_title(
            next(tpl.title for tpl in list_templates(LANG) if tpl.id == template_id), LANG, taken)
        stored = store().create(new_map_from_template(template_id, LANG, title=title), note=t("note.created", LANG))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))
        return
    open_map(stored.map.id)
    st.session_state["_go_builder"] = True


def open_in_builder(map_id: str) -> None:
    open_map(map_id)
    st.session_state["_go_builder"] = True


def duplicate(summary: MapSummary) -> None:
    try:
        title = unique_title(summary.title[: limits.MAX_TITLE_CHARS - 20] + t("library.copy_suffix", LANG),
                             taken_titles())
        copy = store().duplicate(summary.id, title=title)
        notify("toast", t("library.duplicated", LANG, title=literal(copy.map.title)))
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def rename(summary: MapSummary, widget_key: str) -> None:
    title = st.session_state.get(widget_key, "")
    try:
        store().rename(summary.id, title, expected_version=summary.version)
        forget_editor(summary.id)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def restore(map_id: str) -> None:
    try:
        store().restore_from_trash(map_id)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))


def _confirm(question: str, label: str, key: str, action) -> None:
    """A dialog's body: the question, the action's button (runs it), and Cancel."""
    st.markdown(question)
    left, right = st.columns(2)
    if left.button(label, type="primary", key=f"confirm_{key}"):
        attempt(action)
        st.rerun()
    if right.button(t("library.cancel", LANG), key=f"cancel_{key}"):
        st.rerun()


def _to_trash(summary: MapSummary) -> None:
    store().delete(summary.id)
    forget_editor(summary.id)
    st.session_state["_just_deleted"] = (summary.id, summary.title)


def _purge(summary: MapSummary) -> None:
    store().purge(summary.id)
    forget_editor(summary.id)


@st.dialog(t("library.delete", LANG))
def confirm_delete(summary: MapSummary) -> None:
    _confirm(t("library.delete_confirm", LANG, title=literal(summary.title)), t("library.delete", LANG),
             "delete_map", lambda: _to_trash(summary))


@st.dialog(t("library.purge", LANG))
def confirm_purge(summary: MapSummary) -> None:
    _confirm(t("library.purge_confirm", LANG, title=literal(summary.title)), t("library.purge", LANG),
             "purge_map", lambda: _purge(summary))


if st.session_state.pop("_go_builder", False):
    st.switch_page("pages/builder.py", query_params=dict(st.query_params))

st.title(t("library.header", LANG), anchor=False)
show_notices()

just_deleted = st.session_state.pop("_just_deleted", None)
if just_deleted:
    deleted_id, deleted_title = just_deleted
    note, undo = st.columns([5, 1], vertical_alignment="center")
    note.info(t("library.deleted", LANG, title=literal(deleted_title)))
    undo.button(t("library.undo_delete", LANG), key="undo_delete", on_click=restore, args=(deleted_id,))

try:
    maps = store().list_maps()
    trashed = store().trash()
except CJMError as exc:
    st.error(t("builder.error", LANG, message=refusal(exc, LANG)))
    st.stop()

FIRST_RUN = "_first_run_dismissed"
if not maps:
    st.info(t("library.empty", LANG))
    if not st.session_state.get(FIRST_RUN):  # an auditor's first path: template → rate → bottleneck → export
        with st.container(border=True, key="first_run"):
            st.markdown(f"**{t('library.first_run', LANG)}**")
            st.markdown(t("library.first_run_steps", LANG))
            st.button(t("library.first_run_hide", LANG), key="first_run_hide",
                      on_click=lambda: st.session_state.update({FIRST_RUN: True}))

for summary in maps:
    with st.container(border=True, key=f"map_card_{summary.id}"):
        info, actions = st.columns([5, 4], vertical_alignment="center")
        info.markdown(f"**{literal(summary.title)}**")
        facts = [t("map.kind." + summary.kind, LANG), t("library.stages", LANG, count=summary.stage_count),
                 t("library.updated", LANG, when=ago(summary.updated, LANG))]
        if summary.actions_total:  # the action plan's progress
            facts.append(t("library.actions", LANG, count=summary.actions_total, done=summary.actions_done))
        info.caption(" · ".join(facts))
        if summary.persona:
            info.caption(literal(summary.persona))
        if summary.top_stage and levels.is_bottleneck(summary.top_level):
            info.markdown(f"{levels.icon(summary.top_level)} " + t(
                "library.top", LANG, stage=literal(summary.top_stage),
                score=literal(numbers.score(summary.top_score, LANG))))
        else:
            info.caption(t("library.no_top", LANG))
        # the buttons as wide as their words, wrapping to a second row when the card is narrow: never clipped
        row = actions.container(horizontal=True, horizontal_alignment="right", key=f"card_actions_{summary.id}")
        row.button(t("library.open", LANG), key=f"open_{summary.id}", type="primary",
                   on_click=open_in_builder, args=(summary.id,))
        row.button(t("library.duplicate", LANG), key=f"dup_{summary.id}", on_click=duplicate, args=(summary,))
        with row.popover(t("library.rename", LANG), key=f"rename_menu_{summary.id}"):
            widget = f"rename_{summary.id}_{summary.version}"
            st.text_input(t("library.new_title", LANG), value=summary.title, key=widget,
                          max_chars=limits.MAX_TITLE_CHARS)
            st.button(t("library.save", LANG), key=f"rename_save_{summary.id}", on_click=rename,
                      args=(summary, widget))
        if row.button(t("library.delete", LANG), key=f"del_{summary.id}"):
            confirm_delete(summary)

st.subheader(t("library.new", LANG), anchor=False)
templates = list_templates(LANG)
by_id = {tpl.id: tpl for tpl in templates}
template_key = f"new_template_{LANG}"
chosen = st.selectbox(
    t("library.template", LANG), list(by_id), key=template_key,
    format_func=lambda i: f"{by_id[i].title} — {t('library.stages', LANG, count=len(by_id[i].stage_names))}",
)
if chosen:
    if by_id[chosen].description:
        st.caption(literal(by_id[chosen].description))
    st.text(t("library.preview", LANG, stages=" → ".join(by_id[chosen].stage_names))
            + (" ↺" if by_id[chosen].cyclic else ""))
    default = new_map_title(by_id[chosen].title, LANG, [s.title for s in maps])
    st.text_input(t("library.new_map_title", LANG), value=default,
                  key=title_key(chosen, len(maps)), max_chars=limits.MAX_TITLE_CHARS,
                  help=t("library.new_map_title_help", LANG))
st.button(t("library.create", LANG), type="primary", key="create_map", on_click=create_from_template,
          args=(template_key, len(maps)))

# --- issue 12: the import (pages/_import.py: preview, the changes a returned workbook brings, create or update) ---
import_section(LANG, limits.MAX_FILE_BYTES // (1024 * 1024))
# --- end of issue 12: the import ---
paste_section(LANG)  # issue 13: cells pasted from a spreadsheet, the same preview and mapping step

if trashed:
    with st.expander(t("library.trash", LANG, count=len(trashed))):
        for summary in trashed:
            row, restore_col, purge_col = st.columns([4, 1, 1.3], vertical_alignment="center")
            row.text(summary.title)
            restore_col.button(t("library.restore", LANG), key=f"restore_{summary.id}", on_click=restore,
                               args=(summary.id,))
            if purge_col.button(t("library.purge", LANG), key=f"purge_{summary.id}"):
                confirm_purge(summary)
