"""The Library's import: upload, how the file was understood, and — for a returned CJM Studio workbook — every
change it brings, to take all or one by one, into a new map or into the map it was exported from.

Widgets only; the reading is :func:`cjm.formats.import_bytes`, the changes and the merge :mod:`cjm.merge`. Someone's
table (a spreadsheet, a CSV, cells pasted from a spreadsheet) gets the mapping step: each row or column → a lane,
each word or mark of an importance or emotion lane → a score (:mod:`cjm.import_plan`, :mod:`cjm.scales`), the
ranking those choices give, and Create; the choices are remembered for files with the same labels
(:mod:`cjm.import_profiles`).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from cjm import import_plan, levels, merge, numbers, scales
from cjm.errors import CJMError
from cjm.formats import READABLE, as_new_map, import_bytes, import_text
from cjm.i18n import t
from cjm.import_plan import MAX_VALUES_SHOWN, Choices, ImportPlan
from cjm.import_profiles import ProfileStore
from cjm.lanes import BY_KEY
from cjm.markdown import literal
from cjm.model import Map
from cjm.scoring import score_map
from cjm.storage import MapNotFound, database_url
from cjm.templates import unique_title
from pages._ui import editor, notify, open_map, refusal, store

MAX_LISTED = 200  # changes shown one by one; the rest follow the defaults (or "accept all")
UPDATE, CREATE = "update", "create"


def _round() -> int:
    return st.session_state.get("_import_round", 0)


def _finish() -> None:
    st.session_state["_import_round"] = _round() + 1  # a fresh, empty uploader and fresh choices
    st.session_state.pop("_import_cache", None)
    st.session_state.pop("_paste_cache", None)
    st.session_state["_go_builder"] = True


def _read(upload: Any, language: str) -> tuple[Map, Any]:
    """The upload read once per file (every widget of the preview reruns the page)."""
    cached = st.session_state.get("_import_cache")
    key = (upload.file_id, language)
    if cached is None or cached[0] != key:
        cached = (key, *import_bytes(upload.getvalue(), upload.name, language))
        st.session_state["_import_cache"] = cached
    return cached[1], cached[2]


def _library_map(base: Map) -> tuple[Map, int] | None:
    """The library's map the workbook was exported from (not in the trash), and its version now."""
    try:
        stored = store().get(base.id)
    except MapNotFound:
        return None
    return None if stored.in_trash else (stored.map, stored.version)


def _plan(theirs: Map, understanding: Any, ours: Map) -> merge.Plan:
    return merge.plan(understanding.base, theirs, ours, dict(understanding.sheets_disagree))


def _choice_key(change: merge.Change) -> str:
    return f"import_take_{_round()}_{change.id}"


def _decisions(p: merge.Plan, everything: bool) -> dict[str, int | None]:
    """What the person chose on the screen (a change not on the screen keeps its default)."""
    if everything:
        return p.everything()
    chosen = p.defaults()
    for change in p.changes:
        value = st.session_state.get(_choice_key(change), "unset")
        if value == "unset":
            continue
        if change.sheets_disagree:
            chosen[change.id] = value
        else:
            chosen[change.id] = 0 if value else None
    return chosen


# --- acting ------------------------------------------------------------------------------------------------
def _create(upload_key: str, language: str) -> None:
    upload = st.session_state.get(upload_key)
    if upload is None:
        return
    try:
        theirs, understanding = _read(upload, language)
        m = theirs
        if understanding is not None and understanding.base is not None:
            p = _plan(theirs, understanding, understanding.base)
            m = merge.apply(p, _decisions(p, everything=False))
        taken = [summary.title for summary in store().list_maps()]
        m = as_new_map(m.model_copy(update={"title": unique_title(m.title, taken)}))
        stored = store().create(m, note=t("note.created", language))
    except CJMError as exc:
        notify("error", t("library.import_failed", language, message=refusal(exc, language)))
        return
    notify("toast", t("library.imported", language, title=literal(stored.map.title)))
    open_map(stored.map.id)
    _finish()


def _update(upload_key: str, language: str, everything: bool) -> None:
    """The library map with the chosen changes, as one version (Undo in the Builder takes it back)."""
    upload = st.session_state.get(upload_key)
    if upload is None:
        return
    try:
        theirs, understanding = _read(upload, language)
        ed = editor(understanding.base.id)
        if ed.pending is None and ed.changed_elsewhere():
            ed.reload()
        decisions = _decisions(_plan(theirs, understanding, ed.map), everything)
        count = sum(value is not None for value in decisions.values())
        m = ed.apply(lambda ours: merge.apply(_plan(theirs, understanding, ours), decisions),
                     t("note.import_update", ed.map.language, count=count))
    except CJMError as exc:
        notify("error", t("library.import_failed", language, message=refusal(exc, language)))
        return
    notify("toast", t("import.updated", language, title=literal(m.title), count=count, version=ed.version))
    open_map(m.id)
    _finish()


# --- showing ---------------------------------------------------------------------------------------------------
def _flag(change: merge.Change, language: str) -> str:
    if change.conflict and change.kind in ("stage_add", "lane_add"):
        return t("import.conflict_removed", language)
    if change.conflict:
        return t("import.conflict", language, base=change.shown(change.base, language),
                 ours=change.shown(change.ours, language))
    if change.removal:
        return t("import.removal", language)
    return ""


def _change_row(change: merge.Change, default: int | None, theirs: Map, language: str) -> None:
    flag = _flag(change, language)
    if change.sheets_disagree:
        options: list[Any] = [*range(len(change.options)), None]
        kept = "" if change.kind.endswith("_order") else change.shown(change.ours, language)
        names = {None: t("import.option.keep", language, value=kept).rstrip(": ")}
        for index, option in enumerate(change.options):
            value = (change.line(language, index) if change.kind.endswith("_order")  # an order: its moves
                     else change.shown(option.value, language))
            names[index] = t(f"import.option.{option.source}", language, value=value)
        st.radio(literal(change.line(language)) + (f" — {flag}" if flag else ""), options, horizontal=True,
                 index=options.index(default), format_func=lambda i: names[i], key=_choice_key(change))
        return
    st.checkbox(literal(change.line(language)), value=default is not None, key=_choice_key(change))
    added = merge.added_cells(change, theirs, language)
    if added:
        st.caption(literal(added))
    if flag:
        st.caption(("⚠ " if change.conflict else "") + flag)


def _listing(rows: list[dict[str, str]], key: str) -> None:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key)


def _workbook_preview(theirs: Map, understanding: Any, upload_key: str, language: str) -> None:
    base = understanding.base
    found = _library_map(base)
    if found is not None:
        ours, current = found
        names = {UPDATE: t("import.update", language, title=literal(ours.title)),
                 CREATE: t("import.create_new", language)}
        target = st.radio(t("import.target", language), [UPDATE, CREATE], horizontal=True,
                          key=f"import_target_{_round()}", format_func=names.__getitem__)
        exported = (t("import.exported_from", language, version=understanding.version, current=current)
                    if understanding.version is not None else t("import.exported_unknown", language))
        st.caption(exported)
    else:
        ours, target = base, CREATE
    p = _plan(theirs, understanding, ours if target == UPDATE else base)
    defaults = p.defaults()
    with st.container(key="import_changes"):
        if p.changes:
            st.markdown(f"**{t('import.changes', language, count=len(p.changes))}**")
            if p.conflicts:
                st.warning(t("import.conflicts", language, count=p.conflicts))
            for change in p.changes[:MAX_LISTED]:
                _change_row(change, defaults[change.id], theirs, language)
            if len(p.changes) > MAX_LISTED:
                st.caption(t("import.more", language, count=len(p.changes) - MAX_LISTED))
        else:
            st.success(t("import.no_changes", language))
    if target == UPDATE and p.kept:
        with st.expander(t("import.kept", language, count=len(p.kept)), key="import_kept"):
            st.text("\n".join(change.text(language) for change in p.kept))
    if understanding.unread:
        with st.expander(t("import.unread", language, count=len(understanding.unread)), expanded=True):
            _listing([{t("import.col.sheet", language): u.sheet, t("import.col.cell", language): u.cell,
                       t("import.col.text", language): u.text, t("import.col.why", language): u.reason}
                      for u in understanding.unread], key="import_unread")
    if understanding.comments:
        with st.expander(t("import.comments", language, count=len(understanding.comments))):
            _listing([{t("import.col.sheet", language): c.sheet, t("import.col.cell", language): c.cell,
                       t("import.col.author", language): c.author, t("import.col.text", language): c.text,
                       t("import.col.where", language): c.stage or c.reason} for c in understanding.comments],
                     key="import_comments")
    row = st.container(horizontal=True, key="import_actions")
    if target == UPDATE:
        row.button(t("import.accept_all", language), type="primary", key="import_accept_all", on_click=_update,
                   args=(upload_key, language, True), disabled=not p.changes)
        row.button(t("import.apply_chosen", language), key="import_apply_chosen", on_click=_update,
                   args=(upload_key, language, False), disabled=not p.changes)
    else:
        row.button(t("library.import_create", language), type="primary", key="import_create", on_click=_create,
                   args=(upload_key, language))


def _table_preview(imported: Map, understanding: Any, upload_key: str, language: str) -> None:
    """JSON (no understanding): the stages and Create; a foreign table: the mapping step."""
    if understanding is not None and understanding.plan is not None:
        _mapping_step(understanding.plan, "import", language, lambda: _create_mapped("import", upload_key, language))
        return
    st.text(" → ".join(stage.name for stage in imported.stages[:12]) + (" …" if len(imported.stages) > 12 else ""))
    st.button(t("library.import_create", language), type="primary", key="import_create", on_click=_create,
              args=(upload_key, language))


# --- the mapping step (issue 13): source → lane, value → score, the ranking it gives, then Create ---------------
@st.cache_resource(show_spinner=False)
def _profiles(url: str) -> ProfileStore:
    return ProfileStore(store())


def _profile(plan: ImportPlan, prefix: str) -> Choices:
    """The stored profile for this file's labels, read once per file (the widgets' first values)."""
    key = f"_{prefix}_profile"
    cached = st.session_state.get(key)
    if cached is None or cached[0] != (plan.name, plan.labels_key(), _round()):
        try:
            found = _profiles(database_url()).load(plan)
        except CJMError:
            found = None
        cached = ((plan.name, plan.labels_key(), _round()), found or Choices())
        st.session_state[key] = cached
    return cached[1]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _lane_key(prefix: str, plan: ImportPlan, index: int) -> str:
    """A widget per file (by its labels), so that another file dropped in starts from its own guesses."""
    return f"{prefix}_lane_{_round()}_{plan.labels_key()[:8]}_{index}"


def _value_key(prefix: str, plan: ImportPlan, index: int, kind: str, value: str) -> str:
    return f"{prefix}_value_{_round()}_{plan.labels_key()[:8]}_{index}_{kind}_{_digest(value)}"


def _choices(plan: ImportPlan, prefix: str) -> Choices:
    """What the widgets say now (a widget not drawn yet: the profile's choice, else the reader's guess)."""
    profile = _profile(plan, prefix)
    start = import_plan.merged(plan, profile)
    chosen = Choices()
    for index, source in enumerate(plan.sources):
        chosen.lanes[source.id] = st.session_state.get(_lane_key(prefix, plan, index), start.lanes[source.id])
    for index, source in enumerate(plan.sources):
        kind = _scale_kind(plan, source, chosen)
        if kind is None:
            continue
        for text, assumed in scales.read_lane(kind, source.cells, source.label).values[:MAX_VALUES_SHOWN]:
            value = scales.value_key(text)
            first = start.values.get(source.id, {}).get(value, assumed)
            picked = st.session_state.get(_value_key(prefix, plan, index, kind, value), first)
            if picked != assumed:
                chosen.values.setdefault(source.id, {})[value] = picked
    return chosen


def _scale_kind(plan: ImportPlan, source: Any, chosen: Choices) -> str | None:
    return None if import_plan.reading(plan, source.id, chosen) is None else import_plan.SCALE_TYPES[
        import_plan.lane_type(plan, source, chosen.lanes[source.id])]


def _lane_name(key: str, language: str) -> str:
    entry = BY_KEY.get(key)
    return f"➕ {t('library.import_new_lane', language)}" if entry is None else f"{entry.icon} {entry.label(language)}"


def _score_name(kind: str, score: int | None, language: str) -> str:
    if score is None:
        return t("mapping.not_read", language)
    return numbers.emotion(score, language) if kind == scales.EMOTION else f"{'★' * score} {score}"


def _mapping_step(plan: ImportPlan, prefix: str, language: str, create: Any) -> None:
    chosen = _choices(plan, prefix)
    options = list(import_plan.lane_options())
    with st.container(key=f"{prefix}_mapping"):
        st.markdown(f"**{t('mapping.lanes', language)}**")
        st.caption(t("mapping.lanes_help", language))
        left, right = st.columns([2, 3])
        left.caption(t("library.import_lane_file", language))
        right.caption(t("library.import_lane_map", language))
        for index, source in enumerate(plan.sources):
            left, right = st.columns([2, 3], vertical_alignment="center")
            filled = sum(cell is not None for cell in source.cells)
            kind = t("builder.lane_type." + import_plan.lane_type(plan, source, chosen.lanes[source.id]), language)
            left.markdown(f"{literal(source.label)}  \n:gray[{t('mapping.filled', language, count=filled)} · "
                          f"{t('library.import_lane_type', language)}: {kind}]")
            right.selectbox(t("mapping.lane_for", language, label=literal(source.label)), options,
                            index=options.index(chosen.lanes[source.id]), key=_lane_key(prefix, plan, index),
                            format_func=lambda key: _lane_name(key, language), label_visibility="collapsed")
        chosen = _choices(plan, prefix)  # the lanes as picked in this run
        for index, source in enumerate(plan.sources):
            kind = _scale_kind(plan, source, chosen)
            if kind is None:
                continue
            read = import_plan.reading(plan, source.id, chosen)
            base = scales.read_lane(kind, source.cells, source.label)
            with st.container(border=True, key=f"{prefix}_values_{index}"):
                st.markdown(t("mapping.values", language, label=literal(source.label),
                              lane=_lane_name(chosen.lanes[source.id], language)))
                for note in base.notes(language):
                    st.caption(literal(note))
                if read.unknown:
                    st.warning(t("mapping.unknown_left", language, count=len(read.unknown)))
                scores: list[int | None] = [None, *scales.score_range(kind)]
                shown = base.values[:MAX_VALUES_SHOWN]
                columns = st.columns(3)
                for number, (text, assumed) in enumerate(shown):
                    value = scales.value_key(text)
                    current = chosen.values.get(source.id, {}).get(value, assumed)
                    mark = "" if assumed is not None else "⚠ "
                    columns[number % 3].selectbox(
                        mark + literal(text)[:60], scores, index=scores.index(current),
                        key=_value_key(prefix, plan, index, kind, value),
                        format_func=lambda score, kind=kind: _score_name(kind, score, language))
                if len(base.values) > MAX_VALUES_SHOWN:
                    st.caption(t("mapping.more_values", language, count=len(base.values) - MAX_VALUES_SHOWN))
    chosen = _choices(plan, prefix)
    try:
        m, understanding = import_plan.apply(plan, chosen)
    except CJMError as exc:
        st.error(t("library.import_failed", language, message=refusal(exc, language)))
        return
    in_boxes = {f"{source.label}: {note}" for source in plan.sources if _scale_kind(plan, source, chosen)
                for note in scales.read_lane(_scale_kind(plan, source, chosen), source.cells, source.label,
                                             chosen.values.get(source.id)).notes(language)}
    for note in understanding.notes:
        if note not in in_boxes:  # what was assumed about a lane's values is said in its box above
            st.caption(literal(note))
    st.text(" → ".join(stage.name for stage in m.stages[:12]) + (" …" if len(m.stages) > 12 else ""))
    ranking = [s for s in score_map(m) if s.rank is not None]
    with st.container(key=f"{prefix}_ranking"):
        if ranking:
            st.markdown(f"**{t('mapping.ranking', language)}**")
            st.markdown("\n".join(
                f"{s.rank}. {levels.icon(s.level)} {literal(s.stage)} — {numbers.score(s.score, language)}"
                for s in ranking[:5]))
        else:
            st.info(t("mapping.no_ranking", language))
    st.button(t("mapping.create", language), type="primary", key=f"{prefix}_create", on_click=create)


def _create_mapped(prefix: str, source_key: str, language: str) -> None:
    """The map the mapping step shows, stored as a new map; the choices remembered for files with these labels."""
    read = _read_source(prefix, source_key, language)
    if read is None:
        return
    plan = read[1].plan
    chosen = _choices(plan, prefix)
    try:
        m, _ = import_plan.apply(plan, chosen)
        taken = [summary.title for summary in store().list_maps()]
        m = as_new_map(m.model_copy(update={"title": unique_title(m.title, taken)}))
        stored = store().create(m, note=t("note.created", language))
    except CJMError as exc:
        notify("error", t("library.import_failed", language, message=refusal(exc, language)))
        return
    try:
        _profiles(database_url()).save(plan, chosen)
    except CJMError as exc:
        notify("error", t("mapping.profile_failed", language, message=refusal(exc, language)))
    notify("toast", t("library.imported", language, title=literal(stored.map.title)))
    open_map(stored.map.id)
    _finish()


def _read_source(prefix: str, source_key: str, language: str) -> tuple[Map, Any] | None:
    if prefix == "paste":
        text = st.session_state.get(source_key) or ""
        return _read_paste(text, language) if text.strip() else None
    upload = st.session_state.get(source_key)
    return None if upload is None else _read(upload, language)


def _read_paste(text: str, language: str) -> tuple[Map, Any]:
    cached = st.session_state.get("_paste_cache")
    key = (_digest(text), len(text), language)
    if cached is None or cached[0] != key:
        cached = (key, *import_text(text, language))
        st.session_state["_paste_cache"] = cached
    return cached[1], cached[2]


def understood(understanding, stages: str, language: str) -> str:
    """How a file or pasted table was read: its kind, orientation and ``stages`` (the count, said)."""
    return t("library.import_kind", language, kind=t("import.kind." + understanding.kind, language),
             orientation=t("import.orientation." + understanding.orientation, language), stages=stages)


def paste_section(language: str) -> None:
    """Cells copied from Excel or Google Sheets: the same preview and mapping step as a file."""
    paste_key = f"paste_text_{_round()}"
    text = st.text_area(t("mapping.paste", language), key=paste_key, height=140,
                        placeholder=t("mapping.paste_placeholder", language), help=t("mapping.paste_help", language))
    if not text or not text.strip():
        return
    try:
        imported, understanding = _read_paste(text, language)
    except CJMError as exc:
        st.error(t("library.import_failed", language, message=refusal(exc, language)))
        return
    with st.container(border=True, key="paste_preview"):
        st.markdown(f"**{t('library.import_preview', language)}**: {literal(imported.title)}")
        st.caption(understood(understanding, t("library.stages", language, count=len(imported.stages)), language))
        _mapping_step(understanding.plan, "paste", language, lambda: _create_mapped("paste", paste_key, language))


def import_section(language: str, limit_mb: int) -> None:
    """The import: uploader, preview, create or update."""
    st.subheader(t("library.import", language), anchor=False)
    st.caption(t("library.import_help", language))
    upload_key = f"import_upload_{_round()}"
    upload = st.file_uploader(t("library.import_file", language), type=[f.extension for f in READABLE],
                              key=upload_key, max_upload_size=limit_mb)
    if upload is None:
        return
    try:
        imported, understanding = _read(upload, language)
    except CJMError as exc:
        st.error(t("library.import_failed", language, message=refusal(exc, language)))
        return
    with st.container(border=True, key="import_preview"):
        st.markdown(f"**{t('library.import_preview', language)}**: {literal(imported.title)}")
        stages = t("library.stages", language, count=len(imported.stages))
        if understanding is None:
            st.caption(stages)
        else:
            st.caption(understood(understanding, stages, language))
            if understanding.plan is None:  # a mapped table: the mapping step shows the notes as chosen
                for note in understanding.notes:
                    st.caption(literal(note))
        if understanding is not None and understanding.base is not None:
            _workbook_preview(imported, understanding, upload_key, language)
        else:
            _table_preview(imported, understanding, upload_key, language)
