"""The Builder's AG Grid: column definitions from ``cjm.grid`` and compact edit events back.

The grid sends one small event per user action (a cell edited, rows dragged, rows selected),
tagged with a nonce so an event re-delivered after a rerun is applied once only. Data flows
from the server (``server_sync_strategy="server_wins"``): after each change the page sends the
saved map back, so the grid always shows what is stored.

Editing never destroys: our own editors (:data:`TEXT_EDITOR`, :data:`PICK_EDITOR`) open with the caret
at the end of the text, a key typed on a cell adds to the text (a new item in a list lane) instead of
replacing it, and a picker takes the digit typed (1–5, −2…2) and commits with Enter, moving down.
The keyboard meets the grid once: Tab from the page lands on a cell, Tab again leaves the grid (inside,
the arrow keys move and Enter edits); Tab while editing goes on to the next cell.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import pandas as pd
from st_aggrid import AgGrid, JsCode

from cjm import evidence, grid, levels
from cjm.grid import Column
from cjm.lanes import LaneType
from cjm.model import Map
from cjm.scoring import StageScore

ROW_HEIGHT = 84
NAME_WIDTH = 190
PRIORITY_WIDTH = 92
PINNED_WIDTHS = {LaneType.IMPORTANCE: 112, LaneType.EMOTION: 92}

# Sent to Python for each user action; user text travels only as data, never inside this code.
EVENT_JS = JsCode("""
function ({streamlitRerunEventTriggerName: name, eventData: e}) {
  const nonce = Date.now() + ':' + Math.random();
  if (name === 'cellValueChanged') {
    const v = e.newValue === undefined ? null : e.newValue;
    return {kind: 'cell', stage: e.data.id, field: e.colDef.field, value: v, nonce: nonce};
  }
  if (name === 'rowDragEnd') {
    const ids = [];
    e.api.forEachNode(n => ids.push(n.data.id));
    return {kind: 'order', ids: ids, nonce: nonce};
  }
  if (name === 'selectionChanged') {
    return {kind: 'select', ids: e.api.getSelectedRows().map(r => r.id), nonce: nonce};
  }
  return {kind: 'none', nonce: nonce};
}
""")

# Selection changes made by the grid itself (new row data) are not the user's: no rerun for them.
SHOULD_RETURN_JS = JsCode("""
function ({streamlitRerunEventTriggerName: name, eventData: e}) {
  if (name === 'selectionChanged') {
    return ['rowClicked', 'checkboxSelected', 'spaceKey', 'uiSelectAll', 'uiSelectAllFiltered',
            'uiSelectAllCurrentPage'].includes(e.source);
  }
  return true;
}
""")

# The server decides which rows are selected (e.g. a stage just added): re-apply it on every data update.
SYNC_SELECTION_JS = JsCode("""
function (e) {
  e.api.forEachNode(n => {
    if (n.data && n.isSelected() !== !!n.data._selected) { n.setSelected(!!n.data._selected); }
  });
}
""")

# Tab from the page lands on a cell (the one last focused, else the first stage's name), never on the headers.
FOCUS_INTO_GRID_JS = JsCode("""
function (p) {
  if (!p.api.getDisplayedRowCount()) { return false; }
  const last = p.api.getFocusedCell();
  const row = last && last.rowIndex < p.api.getDisplayedRowCount() ? last.rowIndex : 0;
  const column = last ? last.column : 'name';
  p.api.ensureIndexVisible(row);
  p.api.setFocusedCell(row, column);
  return true;
}
""")

# Tab while editing moves on to the next cell (the grid's own Tab); Tab on a cell leaves the grid, to the next
# (Shift+Tab: previous) element of the page around the grid's frame: one Tab stop for the whole grid. The grid's
# rows are tab stops of their own (AG Grid), so the browser's Tab would walk through every row: we take the key
# first (a listener on the frame's document, capture phase) whenever no cell is being edited.
TAB_OUT_JS = JsCode("""
function (e) {
  window.__cjmGridApi = e.api;
  if (window.__cjmTabOut) { return; }
  window.__cjmTabOut = true;
  const leave = backwards => {
    const frame = window.frameElement;
    if (!frame) { return false; }
    const all = [...frame.ownerDocument.querySelectorAll(
        'a[href], button, input, select, textarea, summary, iframe, [tabindex]')]
      .filter(el => el === frame || (!el.disabled && el.tabIndex >= 0 && el.getClientRects().length));
    const next = all[all.indexOf(frame) + (backwards ? -1 : 1)];
    if (next) { next.focus(); } else { frame.blur(); }
    return true;
  };
  document.addEventListener('keydown', ev => {
    const api = window.__cjmGridApi;
    if (ev.key !== 'Tab' || ev.ctrlKey || ev.altKey || ev.metaKey || !api) { return; }
    if ((api.isDestroyed && api.isDestroyed()) || api.getEditingCells().length) { return; }
    if (leave(ev.shiftKey)) { ev.preventDefault(); ev.stopPropagation(); }
  }, true);
}
""")
TAB_JS = JsCode("function (p) { return p.editing ? p.nextCellPosition : false; }")

# Text, list and stage-name editor. The text it edits comes in params.value (data), never into this code.
TEXT_EDITOR = JsCode("""
class CjmTextEditor {
  init(params) {
    this.params = params;
    this.mode = params.mode || 'text';  // 'line' (the stage name), 'text' or 'list' (one item per line)
    const start = params.value === null || params.value === undefined ? '' : String(params.value);
    let value = start;
    const key = params.eventKey;
    if (key && key.length === 1) {  // a key typed on the cell adds to the text, it never replaces it
      const gap = this.mode === 'list' ? '\\n' : ' ';
      value = start === '' ? key : (/\\s$/.test(start) ? start + key : start + gap + key);
    }
    if (this.mode === 'line') {
      this.input = document.createElement('input');
      this.input.type = 'text';
      this.input.className = 'ag-input-field-input ag-text-field-input cjm-line-editor';
      this.eGui = document.createElement('div');
      this.eGui.className = 'ag-cell-edit-wrapper';
      this.eGui.appendChild(this.input);
    } else {
      this.input = document.createElement('textarea');
      this.input.rows = params.rows || 12;
      this.input.cols = params.cols || 60;
      this.input.className = 'ag-input-field-input ag-text-area-input';
      this.eGui = document.createElement('div');
      this.eGui.className = 'ag-large-text cjm-text-editor';
      const inner = document.createElement('div');
      inner.className = 'ag-large-text-input';
      inner.appendChild(this.input);
      this.eGui.appendChild(inner);
    }
    if (params.maxLength) { this.input.maxLength = params.maxLength; }
    this.input.value = value;
    this.input.setAttribute('aria-label', params.colDef.headerName || '');
    const inside = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (this.mode !== 'line') { inside.push('ArrowUp', 'ArrowDown', 'PageUp', 'PageDown'); }
    this.input.addEventListener('keydown', e => {
      // Move within the text; Shift+Enter is a new line (a new item in a list). Enter, Esc, Tab go to the grid.
      if (inside.includes(e.key) || (e.key === 'Enter' && e.shiftKey && this.mode !== 'line')) {
        e.stopPropagation();
      }
    });
  }
  getGui() { return this.eGui; }
  afterGuiAttached() {
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);  // the caret at the end: nothing selected, nothing overwritten
    this.input.scrollTop = this.input.scrollHeight;
  }
  getValue() { return this.input.value; }
  isPopup() { return this.mode !== 'line'; }
  getPopupPosition() { return 'over'; }
}
""")

# Importance, emotion and choice picker: a list of options; typing a digit (1–5, −2…2) or the start of an
# option picks it, arrows move, Enter commits and moves down (the grid's Enter), Esc cancels, a click commits.
PICK_EDITOR = JsCode("""
class CjmPickEditor {
  init(params) {
    this.params = params;
    this.values = params.values || [];
    this.keys = params.keys || [];
    this.index = Math.max(0, this.values.indexOf(params.value));
    this.typed = '';
    this.eGui = document.createElement('div');
    this.eGui.className = 'cjm-pick';
    this.eGui.tabIndex = 0;
    this.eGui.setAttribute('role', 'listbox');
    this.eGui.setAttribute('aria-label', params.colDef.headerName || '');
    this.items = this.values.map((value, i) => {
      const item = document.createElement('div');
      item.className = 'cjm-pick-option';
      item.setAttribute('role', 'option');
      item.id = 'cjm-pick-' + i;
      item.textContent = value === '' ? '—' : value;
      item.addEventListener('mousedown', e => e.preventDefault());
      item.addEventListener('click', () => { this.choose(i); params.stopEditing(); });
      this.eGui.appendChild(item);
      return item;
    });
    this.eGui.addEventListener('keydown', e => this.onKeyDown(e));
    const key = params.eventKey;
    if (key === 'Backspace' || key === 'Delete') { this.choose(0); }
    else if (key && key.length === 1) { this.type(key); }
    this.show();
  }
  choose(i) { this.index = Math.max(0, Math.min(this.values.length - 1, i)); this.show(); }
  show() {
    this.items.forEach((item, i) => {
      item.setAttribute('aria-selected', i === this.index ? 'true' : 'false');
      item.classList.toggle('cjm-pick-selected', i === this.index);
    });
    this.eGui.setAttribute('aria-activedescendant', 'cjm-pick-' + this.index);
    const item = this.items[this.index];
    if (item && item.scrollIntoView) { item.scrollIntoView({block: 'nearest'}); }
  }
  type(key) {
    const typed = (this.typed + key).replace('\\u2212', '-').replace('+', '');
    let i = this.keys.findIndex(k => k !== '' && k === typed);
    if (i < 0 && typed !== '-') {
      const text = typed.toLowerCase();
      i = this.values.findIndex(v => v !== '' && v.toLowerCase().startsWith(text));
    }
    if (i >= 0) { this.choose(i); }
    // a lone minus waits for its digit; a digit completes a number; letters build up a prefix
    this.typed = (typed === '-' || (i >= 0 && !/^-?[0-9]$/.test(typed))) ? typed : '';
  }
  onKeyDown(e) {
    const k = e.key;
    if (k === 'ArrowDown' || k === 'ArrowUp' || k === 'Home' || k === 'End' || k === 'PageUp' || k === 'PageDown') {
      const last = this.values.length - 1;
      const to = {ArrowDown: this.index + 1, ArrowUp: this.index - 1, Home: 0, End: last, PageUp: 0, PageDown: last};
      this.choose(to[k]);
      this.typed = '';
      e.preventDefault();
      e.stopPropagation();
    } else if (k.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      this.type(k);
      e.preventDefault();
      e.stopPropagation();
    }
  }
  getGui() { return this.eGui; }
  afterGuiAttached() { this.eGui.focus(); this.show(); }
  getValue() { return this.values[this.index]; }
  isPopup() { return true; }
  getPopupPosition() { return 'under'; }
}
""")


def level_class_rules() -> dict[str, JsCode]:
    """A row class per bottleneck level (generated from cjm.levels, the one home of levels)."""
    return {f"cjm-{level}": JsCode(f"function (p) {{ return !!p.data && p.data._level === '{level}'; }}")
            for level in levels.LEVELS if levels.is_bottleneck(level)}


PRIORITY_FORMATTER = JsCode("""
function (p) {
  if (!p.data) { return ''; }
  const icons = ICONS;
  const icon = icons[p.data._level] || icons[UNRATED];
  const score = (p.data._score_text === null || p.data._score_text === undefined) ? '—' : p.data._score_text;
  return icon + ' ' + score;
}
""".replace("ICONS", levels.grid_icons_js()).replace("UNRATED", repr(levels.UNRATED)))

EMOTION_STYLE = JsCode("""
function (p) {
  const colours = {'-2': '#fecaca', '-1': '#fed7aa', '0': '#f3f4f6', '1': '#d9f99d', '2': '#bbf7d0'};
  const m = /([+\\-−]?\\d)\\s*$/.exec(p.value || '');
  if (!m) { return {backgroundColor: 'transparent'}; }
  const n = m[1].replace('−', '-').replace('+', '');
  return {backgroundColor: colours[n] || 'transparent'};
}
""")

# A key column not rated yet shows where to rate (with a dashed frame); a contradicted emotion says "check".
UNRATED_RULE = JsCode("function (p) { return p.value === '" + grid.UNRATED + "'; }")
CHECK_RULE = JsCode("function (p) { return !!p.data && !!p.data['" + grid.CHECK_PREFIX + "' + p.colDef.field]; }")
CHECK_TOOLTIP = JsCode("""
function (p) {
  const note = p.data ? p.data['PREFIX' + p.colDef.field] : null;
  if (note) { return note + (p.value ? '\\n\\n' + p.value : ''); }
  return p.colDef.cellEditor === PICK ? null : p.value;
}
""".replace("PREFIX", grid.CHECK_PREFIX).replace("PICK", "'cjmPick'"))

STATIC_CSS = {
    ".ag-cell": {"line-height": "1.35 !important", "padding-top": "4px", "padding-bottom": "4px"},
    ".ag-cell-wrap-text": {"white-space": "pre-wrap !important", "word-break": "break-word"},
    ".ag-header-cell-label, .ag-header-group-cell-label": {"font-weight": "600"},
    ".ag-cell.cjm-rate": {"outline": f"2px dashed {levels.colour(levels.WARNING)}", "outline-offset": "-6px",
                          "color": "#92400e"},
    ".ag-cell.cjm-rate-importance::after": {"content": "' 1–5'", "font-size": "13px"},
    ".ag-cell.cjm-rate-emotion::after": {"content": "' −2…+2'", "font-size": "13px"},
    ".ag-cell.cjm-check": {"box-shadow": f"inset 4px 0 0 {levels.colour(levels.WARNING)}"},
    ".ag-cell.cjm-check::before": {"content": "'⚠ '"},
    ".cjm-pick": {"background": "var(--ag-background-color, #fff)", "border": "1px solid #c7d2fe",
                  "border-radius": "6px", "box-shadow": "0 6px 18px rgba(0,0,0,.18)", "padding": "4px 0",
                  "min-width": "140px", "max-height": "320px", "overflow-y": "auto", "outline": "none"},
    ".cjm-pick-option": {"padding": "6px 12px", "cursor": "pointer", "white-space": "nowrap", "font-size": "15px"},
    ".cjm-pick-option:hover": {"background": "#eef2ff"},
    ".cjm-pick-option.cjm-pick-selected": {"background": "#4f46e5", "color": "#fff"},
    ".cjm-text-editor textarea": {"font": "inherit", "padding": "8px", "min-width": "360px"},
    ".cjm-line-editor": {"font": "inherit", "padding": "0 8px", "height": "100%", "width": "100%"},
}


# --- evidence marks: a badge in the cell's corner, the mark in its tooltip, the other cells dimmed while the grid
# shows one mark alone. The rules read the row's fields (cjm.grid.evidence_fields): no user text in this code.
def evidence_rule(mark: str) -> JsCode:
    """The cell's lane (its field without "v_"/"w_") carries ``mark`` (a fixed word of cjm.evidence)."""
    return JsCode(f"function (p) {{ return !!p.data && p.data['{grid.EVIDENCE_PREFIX}' + p.colDef.field.slice(2)] "
                  f"=== '{mark}'; }}")


EVIDENCE_DIM_RULE = JsCode(f"""
function (p) {{
  const only = p.data ? p.data['{grid.EVIDENCE_ONLY}'] : '';
  return !!only && p.data['{grid.EVIDENCE_PREFIX}' + p.colDef.field.slice(2)] !== only;
}}
""")
EVIDENCE_TOOLTIP = JsCode(f"""
function (p) {{
  const d = p.data || {{}};
  const f = p.colDef.field;
  const parts = [d['{grid.CHECK_PREFIX}' + f], d['{grid.EVIDENCE_WORD_PREFIX}' + f.slice(2)]].filter(x => !!x);
  if (parts.length) {{ return parts.join('\n') + (p.value ? '\n\n' + p.value : ''); }}
  return p.colDef.cellEditor === 'cjmPick' ? null : p.value;
}}
""")
# (text and border, background) of each badge: none of the levels' colours (a badge is not a level)
EVIDENCE_COLOURS = {"assumption": ("#7e22ce", "#f3e8ff"), "partly": ("#1d4ed8", "#dbeafe"),
                    "validated": ("#0f766e", "#ccfbf1")}


def evidence_css() -> dict[str, dict[str, str]]:
    """The badges (cjm.evidence.BADGE, the one home of the signs) and the dimming."""
    css = {".ag-cell.cjm-ev-dim": {"opacity": "0.35"}}
    for mark, sign in evidence.BADGE.items():
        ink, paper = EVIDENCE_COLOURS[mark]
        css[f".ag-cell.cjm-ev-{mark}::after"] = {
            "content": f"'{sign}'", "position": "absolute", "top": "3px", "right": "4px", "min-width": "16px",
            "height": "16px", "line-height": "14px", "text-align": "center", "font-size": "11px",
            "font-weight": "700", "border-radius": "8px", "border": f"1px solid {ink}", "color": ink,
            "background": paper, "padding": "0 2px", "pointer-events": "none"}
    css[".ag-cell.cjm-ev-assumption"] = {"box-shadow": f"inset 0 0 0 2px {EVIDENCE_COLOURS['assumption'][0]}"}
    return css


def with_evidence(definition: dict[str, Any]) -> dict[str, Any]:
    """A lane column's definition with the evidence badges, dimming and tooltip (the stage name and the
    priority have no mark: left as they are)."""
    field = definition.get("field", "")
    if field[:2] not in ("v_", "w_"):
        return definition
    rules = dict(definition.get("cellClassRules") or {})
    rules.update({f"cjm-ev-{mark}": evidence_rule(mark) for mark in evidence.EVIDENCE})
    rules["cjm-ev-dim"] = EVIDENCE_DIM_RULE
    return {**definition, "cellClassRules": rules, "tooltipValueGetter": EVIDENCE_TOOLTIP}


def _column_def(col: Column, stage_header: str) -> dict[str, Any]:
    if col.field == grid.NAME_FIELD:
        return {"field": col.field, "headerName": stage_header, "pinned": "left", "rowDrag": True,
                "width": NAME_WIDTH, "editable": True, "wrapText": True, "cellEditor": "cjmText",
                "cellEditorParams": {"mode": "line", "maxLength": 200}}
    base: dict[str, Any] = {"field": col.field, "headerName": col.header, "editable": True,
                            "wrapText": True, "tooltipValueGetter": CHECK_TOOLTIP,
                            "cellClassRules": {"cjm-check": CHECK_RULE}}
    if col.editor == "picker":
        base.update(cellEditor="cjmPick", cellEditorPopup=True, width=140,
                    cellEditorParams={"values": list(col.options), "keys": list(col.keys)})
        if col.lane_type is LaneType.EMOTION:
            base["cellStyle"] = EMOTION_STYLE
        if col.pinned:  # a key column: beside the stage name; unrated, it shows what to type there
            base.update(pinned="left", width=PINNED_WIDTHS.get(col.lane_type, 110), wrapText=False,
                        headerTooltip=col.header,
                        cellClassRules={"cjm-check": CHECK_RULE, "cjm-rate": UNRATED_RULE,
                                        f"cjm-rate-{col.lane_type.value}": UNRATED_RULE})
    elif col.editor == "number":
        base.update(cellEditor="agNumberCellEditor", width=120, type="numericColumn", tooltipValueGetter=None)
    else:
        mode = "list" if col.lane_type is LaneType.LIST else "text"
        base.update(cellEditor="cjmText", cellEditorPopup=True, width=230,
                    cellEditorParams={"mode": mode, "maxLength": 20_000, "rows": 12, "cols": 60})
    return {k: v for k, v in base.items() if v is not None}


# Phases in the grid. Stages are its rows, so a phase is a band down its stages' rows: a coloured edge on their
# names and the phase's name as a small header above the first one's name. (Not a column of its own: AG Grid unpins
# the first pinned columns once they are wider than the grid, about 600 px at 1280 with the sidebar open, and the
# pinned columns already take 530; nor row spanning, which breaks pinning when rows can be dragged: ag-grid#13222.)
# The names come in the row's data and go in as text (textContent), never into this code.
PHASE_NAME_RENDERER = JsCode("""
class CjmPhaseName {
  init(p) {
    this.eGui = document.createElement('span');
    const d = p.data || {};
    if (d.FIRST && d.NAME) {
      const tag = document.createElement('span');
      tag.className = 'cjm-phase-tag';
      tag.textContent = d.NAME;
      this.eGui.appendChild(tag);
    }
    this.eGui.appendChild(document.createTextNode(p.value === null || p.value === undefined ? '' : String(p.value)));
  }
  getGui() { return this.eGui; }
  refresh() { return false; }
}
""".replace("FIRST", grid.PHASE_FIRST).replace("NAME", grid.PHASE_FIELD))


PHASE_ALWAYS_NEW = JsCode("function (a, b) { return false; }")


def _phase_rule(test: str) -> JsCode:
    return JsCode("function (p) { const d = p.data; return !!d && !!d.ID && TEST; }"
                  .replace("ID", grid.PHASE_ID_FIELD).replace("TEST", test))


PHASE_CSS = {
    ".ag-cell.cjm-phase": {"box-shadow": "inset 5px 0 0 #6366f1", "padding-left": "12px"},
    ".ag-cell.cjm-phase-first": {"border-top": "2px solid #6366f1 !important"},
    ".cjm-phase-tag": {"display": "block", "font-size": "11px", "font-weight": "700", "letter-spacing": "0.02em",
                       "color": "#3730a3", "background": "#e0e7ff", "border-radius": "4px", "padding": "0 6px",
                       "margin": "0 0 3px -2px", "line-height": "18px", "white-space": "nowrap", "overflow": "hidden",
                       "text-overflow": "ellipsis", "max-width": "100%", "width": "fit-content"},
}


def with_phases(m: Map, name_column: dict[str, Any]) -> dict[str, Any]:
    """The stage names' column with the phase band when the map has phases (else as it is)."""
    if not grid.phase_fields(m):
        return name_column
    rules = {**name_column.get("cellClassRules", {}), "cjm-phase": _phase_rule("true"),
             "cjm-phase-first": _phase_rule("!!d." + grid.PHASE_FIRST)}
    # the name may stay while its phase changes (renamed, stages chosen): the cell is drawn again on every update
    # (the grid redraws a cell only when its own value changed)
    return {**name_column, "cellRenderer": PHASE_NAME_RENDERER, "cellClassRules": rules,
            "tooltipField": grid.PHASE_FIELD, "equals": PHASE_ALWAYS_NEW}


def grid_options(m: Map, stage_header: str, priority_header: str, ui_language: str | None = None,
                 shown: Collection[str] | None = None) -> dict[str, Any]:
    """AG Grid options for the map: stages as rows, the key columns pinned, then the lanes ``shown``.

    Every string in them passes :func:`cjm.grid.inert_options` on the way out, so no user text (a lane
    label, a choice option, a header) can carry the component's code mark; our code is JsCode objects.
    """
    column_defs: list[dict[str, Any]] = []
    for col in grid.columns(m, ui_language, shown):
        definition = with_evidence(_column_def(col, stage_header))
        column_defs.append(definition)
        if col.field == grid.NAME_FIELD:
            column_defs.append({"field": "_score", "headerName": priority_header, "pinned": "left",
                                "width": PRIORITY_WIDTH, "editable": False, "valueFormatter": PRIORITY_FORMATTER})
    column_defs[0] = with_phases(m, column_defs[0])
    return grid.inert_options({
        "columnDefs": column_defs,
        "components": {"cjmText": TEXT_EDITOR, "cjmPick": PICK_EDITOR},
        "defaultColDef": {"sortable": False, "filter": False, "resizable": True, "suppressMovable": True,
                          "wrapHeaderText": True, "autoHeaderHeight": True},
        "getRowId": JsCode("function (p) { return p.data.id; }"),
        "rowSelection": {"mode": "multiRow", "checkboxes": True, "headerCheckbox": False,
                         "enableClickSelection": False},
        "selectionColumnDef": {"pinned": "left", "width": 44, "suppressHeaderMenuButton": True},
        "rowDragManaged": True,
        "suppressColumnVirtualisation": True,  # at most 60 lanes: every column in the DOM, rows stay virtual
        "animateRows": True,
        "rowHeight": ROW_HEIGHT,
        "rowClassRules": level_class_rules(),
        "onFirstDataRendered": SYNC_SELECTION_JS,
        "onRowDataUpdated": SYNC_SELECTION_JS,
        "stopEditingWhenCellsLoseFocus": True,
        "enterNavigatesVerticallyAfterEdit": True,
        "focusGridInnerElement": FOCUS_INTO_GRID_JS,
        "tabToNextCell": TAB_JS,
        "onGridReady": TAB_OUT_JS,
        "suppressHeaderFocus": True,
        "tooltipShowDelay": 600,
        "singleClickEdit": False,
    })


def frame(m: Map, scores: list[StageScore], selected: list[str], ui_language: str | None = None,
          evidence_only: str | None = None) -> pd.DataFrame:
    """The rows as a DataFrame of plain objects (a fresh one: AgGrid mutates what it gets)."""
    rows = grid.rows(m, scores, ui_language)
    chosen = set(selected)
    marks = grid.evidence_fields(m, ui_language, evidence_only)
    for row in rows:
        row["_selected"] = row["id"] in chosen
        row.update(marks.get(row["id"], {}))
    checks = sorted({key for row in rows for key in row if key.startswith(grid.CHECK_PREFIX)})
    phase_fields = grid.phase_fields(m)
    for row in rows:
        row.update(phase_fields.get(row["id"], {}))
    marked = sorted({key for row in rows for key in row
                     if key.startswith((grid.EVIDENCE_PREFIX, grid.EVIDENCE_WORD_PREFIX, grid.EVIDENCE_ONLY))})
    fields = (["id", "name", "_score", "_score_text", "_level", "_rank", "_selected"]
              + [c.field for c in grid.columns(m)[1:]] + checks + marked
              + ([grid.PHASE_FIELD, grid.PHASE_ID_FIELD, grid.PHASE_FIRST, grid.PHASE_LAST] if phase_fields else []))
    return pd.DataFrame(rows, columns=fields, dtype=object)


def map_grid(m: Map, scores: list[StageScore], selected: list[str], *, key: str, stage_header: str,
             priority_header: str, ui_language: str, on_event: Callable[[dict[str, Any]], None],
             shown: Collection[str] | None = None, evidence_only: str | None = None) -> None:
    """Draw the grid; ``on_event`` gets each user action once, before the page reruns. ``evidence_only``: a
    mark whose cells the grid shows alone (the others dimmed)."""
    height = min(640, 80 + ROW_HEIGHT * max(len(m.stages), 1))  # the header, the rows, a scrollbar

    def callback(response: Any) -> None:
        event = getattr(response, "raw_data", None)
        if isinstance(event, dict) and event.get("kind") in ("cell", "order", "select"):
            on_event(event)

    AgGrid(
        frame(m, scores, selected, ui_language, evidence_only),
        gridOptions=grid_options(m, stage_header, priority_header, ui_language, shown),
        height=height,
        key=key,
        data_return_mode="CUSTOM",
        custom_jscode_for_grid_return=EVENT_JS,
        should_grid_return=SHOULD_RETURN_JS,
        update_on=["cellValueChanged", "rowDragEnd", "selectionChanged"],
        callback=callback,
        server_sync_strategy="server_wins",
        allow_unsafe_jscode=True,
        custom_css={**levels.grid_css(), **STATIC_CSS, **PHASE_CSS, **evidence_css()},
        theme="streamlit",
        show_toolbar=False,
    )
