"""Actions: the map's action plan — filter by owner and status, add, edit, delete, the CSV for trackers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cjm import actions, limits
from cjm.errors import CJMError
from cjm.formats import CSV, download_name
from cjm.i18n import t
from cjm.markdown import literal
from cjm.model import Action
from pages._ui import lang, notify, open_editor, refusal, require_shell, show_notices

require_shell()
LANG = lang()
ed = open_editor(follow_latest=True)
map_id = ed.map_id
ANYONE, UNASSIGNED = "\x00anyone", ""  # the owner filter's two choices that are not an owner's name


def status_word(status: str) -> str:
    return t(f"action.status.{status}", LANG)


def stage_word(stage_id: str | None) -> str:
    stage = ed.map.stage(stage_id) if stage_id else None
    return stage.name if stage else t("actions.no_stage", LANG)


def change(fn, note: str, done: str) -> bool:
    """One change to the plan: one version. A refused change becomes a notice; the form keeps what was typed."""
    try:
        ed.apply(fn, note)
    except CJMError as exc:
        notify("error", t("builder.error", LANG, message=refusal(exc, LANG)))
        return False
    notify("toast", t(done, LANG, version=ed.version))
    return True


def fields(prefix: str) -> dict:
    """What a form's widgets hold, as an action's fields."""
    state = st.session_state
    return {"title": state[f"{prefix}_title"], "stage_id": state[f"{prefix}_stage"], "owner": state[f"{prefix}_owner"],
            "due": state[f"{prefix}_due"], "status": state[f"{prefix}_status"], "effort": state[f"{prefix}_effort"],
            "notes": state[f"{prefix}_notes"]}


def add(prefix: str) -> None:
    values = fields(prefix)
    if not values["title"].strip():
        notify("warning", t("actions.title_needed", LANG))
        return
    title = values.pop("title")
    if change(lambda mm: actions.add_action(mm, title, **values)[0],
              t("note.action_added", ed.map.language, title=title.strip()[:80]), "actions.added"):
        for name in ("title", "owner", "notes"):  # a fresh form for the next action
            st.session_state[f"{prefix}_{name}"] = ""
        st.session_state[f"{prefix}_due"] = None


def save(action_id: str, prefix: str) -> None:
    values = fields(prefix)
    if not values["title"].strip():
        notify("warning", t("actions.title_needed", LANG))
        return
    change(lambda mm: actions.update_action(mm, action_id, **values),
           t("note.action_changed", ed.map.language, title=values["title"].strip()[:80]), "actions.saved")


def delete(action: Action) -> None:
    change(lambda mm: actions.delete_actions(mm, [action.id]),
           t("note.action_deleted", ed.map.language, title=action.title.strip()[:80]), "actions.deleted")


def form(prefix: str, action: Action | None) -> None:
    """The fields of an action (empty for a new one). Widgets are keyed by the action and the map's version, so a
    saved change shows its stored values."""
    m = ed.map
    stage_ids = [None] + [stage.id for stage in m.stages]
    st.text_area(t("actions.field.title", LANG), value=action.title if action else "", key=f"{prefix}_title",
                 max_chars=limits.MAX_CELL_CHARS, height=68)
    left, middle, right = st.columns(3)
    left.selectbox(t("actions.field.stage", LANG), stage_ids, format_func=stage_word, key=f"{prefix}_stage",
                   index=stage_ids.index(action.stage_id) if action and action.stage_id in stage_ids else 0)
    middle.text_input(t("actions.field.owner", LANG), value=action.owner if action else "", key=f"{prefix}_owner",
                      max_chars=limits.MAX_LABEL_CHARS)
    right.date_input(t("actions.field.due", LANG), value=action.due if action else None, key=f"{prefix}_due",
                     format="DD.MM.YYYY" if LANG == "ru" else "YYYY-MM-DD", min_value=date(2000, 1, 1))
    left.selectbox(t("actions.field.status", LANG), actions.STATUSES, format_func=status_word, key=f"{prefix}_status",
                   index=actions.STATUSES.index(action.status) if action else 0)
    efforts = [None, *actions.EFFORTS]
    middle.selectbox(t("actions.field.effort", LANG), efforts, key=f"{prefix}_effort",
                     format_func=lambda e: e or t("actions.no_effort", LANG),
                     index=efforts.index(action.effort) if action else 0)
    st.text_area(t("actions.field.notes", LANG), value=action.notes if action else "", key=f"{prefix}_notes",
                 max_chars=limits.MAX_CELL_CHARS, height=68)


m = ed.map
show_notices()
st.title(literal(m.title), anchor=False)
st.caption(t("actions.caption", LANG))
done, total = actions.progress(m)
if total:
    st.progress(done / total, text=t("actions.progress", LANG, count=total, done=done))
else:
    st.info(t("actions.empty", LANG))

shown = list(m.actions)
if total:
    owner_col, status_col = st.columns([1, 2])
    owner_choices = [ANYONE, *actions.owners(m), UNASSIGNED]
    owner = owner_col.selectbox(
        t("actions.filter_owner", LANG), owner_choices, key=f"actions_owner_{map_id}",
        format_func=lambda o: t("actions.anyone", LANG) if o == ANYONE else o or t("actions.unassigned", LANG))
    statuses = status_col.pills(t("actions.filter_status", LANG), actions.STATUSES, selection_mode="multi",
                                format_func=status_word, key=f"actions_status_{map_id}")
    shown = actions.filtered(m, owner=None if owner == ANYONE else owner, status=statuses or None)
    if len(shown) != total:
        st.caption(t("actions.shown", LANG, shown=len(shown), total=total))
    if shown:
        rows = actions.rows(m, shown)
        table = pd.DataFrame({
            t("actions.field.title", LANG): [r.title for r in rows],
            t("actions.field.stage", LANG): [r.stage for r in rows],
            t("actions.field.owner", LANG): [r.owner for r in rows],
            t("actions.field.due", LANG): [actions.due_text(r.due, LANG) for r in rows],
            t("actions.field.status", LANG): [status_word(r.status) for r in rows],
            t("actions.field.effort", LANG): [r.effort for r in rows],
            t("actions.field.notes", LANG): [r.notes for r in rows],
        })
        with st.container(key="actions_table"):
            st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("actions.csv", LANG), data=lambda: actions.to_csv(ed.map, shown).encode("utf-8"),
                           file_name=download_name(m, CSV.extension).replace(CSV.suffix, "-actions" + CSV.suffix),
                           mime=CSV.mime, key="actions_csv", help=t("actions.csv_help", LANG), on_click="ignore")
    else:
        st.caption(t("actions.none_match", LANG))

if shown:
    with st.expander(t("actions.edit", LANG), expanded=False, key=f"actions_edit_{map_id}"):
        by_id = {a.id: a for a in shown}
        picked = st.selectbox(
            t("actions.pick", LANG), list(by_id), key=f"actions_pick_{map_id}",
            format_func=lambda i: f"{by_id[i].title[:80]} · {status_word(by_id[i].status)}"
                                  + (f" · {by_id[i].owner}" if by_id[i].owner else ""))
        if picked:
            prefix = f"edit_{picked}_{ed.version}"
            with st.form(f"actions_edit_form_{prefix}", border=False):
                form(prefix, by_id[picked])
                save_col, delete_col = st.columns([1, 1])
                save_col.form_submit_button(t("actions.save", LANG), type="primary", on_click=save,
                                            args=(picked, prefix))
                delete_col.form_submit_button(t("actions.delete", LANG), on_click=delete, args=(by_id[picked],))

with st.expander(t("actions.add", LANG), expanded=not total, key=f"actions_add_{map_id}"):
    prefix = f"add_{map_id}"
    with st.form(f"actions_add_form_{map_id}", border=False):
        form(prefix, None)
        st.form_submit_button(t("actions.add", LANG), type="primary", on_click=add, args=(prefix,))
