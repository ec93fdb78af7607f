"""The Builder's AG Grid: column definitions from ``cjm.grid`` and compact edit events back.

The grid sends one small event per user action (a cell edited, rows dragged, rows selected),
tagged with a nonce so an event re-delivered after a rerun is applied once only. Data flows
from the server (``server_sync_strategy="server_wins"``): after each change the page sends the
saved map back, so the grid always shows what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from st_aggrid import AgGrid, JsCode

from cjm import grid, levels
from cjm.grid import Column
from cjm.lanes import LaneType
from cjm.model import Map
from cjm.scoring import StageScore

ROW_HEIGHT = 84

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



def level_class_rules() -> dict[str, JsCode]:
    """A row class per bottleneck level (generated from cjm.levels, the one home of levels)."""
    return {f"cjm-{level}": JsCode(f"function (p) {{ return !!p.data && p.data._level === '{level}'; }}")
            for level in levels.LEVELS if levels.is_bottleneck(level)}


PRIORITY_FORMATTER = JsCode("""
function (p) {
  if (!p.data) { return ''; }
  const icons = ICONS;
  const icon = icons[p.data._level] || icons[UNRATED];
  const score = (p.data._score === null || p.data._score === undefined) ? '—' : p.data._score;
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

STATIC_CSS = {
    ".ag-cell": {"line-height": "1.35 !important", "padding-top": "4px", "padding-bottom": "4px"},
    ".ag-cell-wrap-text": {"white-space": "pre-wrap !important", "word-break": "break-word"},
    ".ag-header-cell-label, .ag-header-group-cell-label": {"font-weight": "600"},
}


def _column_def(col: Column, stage_header: str) -> dict[str, Any]:
    if col.field == grid.NAME_FIELD:
        return {"field": col.field, "headerName": stage_header, "pinned": "left", "rowDrag": True, "width": 210,
                "editable": True, "wrapText": True, "cellEditor": "agTextCellEditor",
                "cellEditorParams": {"maxLength": 200}}
    base: dict[str, Any] = {"field": col.field, "headerName": col.header, "editable": True,
                            "wrapText": True, "tooltipField": col.field}
    if col.editor == "picker":
        base.update(cellEditor="agSelectCellEditor", width=140, tooltipField=None,
                    cellEditorParams={"values": list(col.options)})
        if col.lane_type is LaneType.EMOTION:
            base["cellStyle"] = EMOTION_STYLE
    elif col.editor == "number":
        base.update(cellEditor="agNumberCellEditor", width=120, type="numericColumn", tooltipField=None)
    else:
        base.update(cellEditor="agLargeTextCellEditor", cellEditorPopup=True, width=230,
                    cellEditorParams={"maxLength": 20_000, "rows": 12, "cols": 60})
    return {k: v for k, v in base.items() if v is not None}


def grid_options(m: Map, stage_header: str, priority_header: str, ui_language: str | None = None) -> dict[str, Any]:
    """AG Grid options for the map: stages as rows, lanes as columns (emotion: score + words).

    Every string in them passes :func:`cjm.grid.inert_options` on the way out, so no user text (a lane
    label, a choice option, a header) can carry the component's code mark; our code is JsCode objects.
    """
    column_defs: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for col in grid.columns(m, ui_language):
        definition = _column_def(col, stage_header)
        if col.group is None:
            column_defs.append(definition)
            if col.field == grid.NAME_FIELD:
                column_defs.append({"field": "_score", "headerName": priority_header, "pinned": "left",
                                    "width": 112, "editable": False, "valueFormatter": PRIORITY_FORMATTER})
            continue
        group_id = f"g_{col.lane_key}"
        if group_id not in groups:
            groups[group_id] = {"headerName": col.group, "groupId": group_id, "children": []}
            column_defs.append(groups[group_id])
        groups[group_id]["children"].append(definition)
    return grid.inert_options({
        "columnDefs": column_defs,
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
        "tooltipShowDelay": 600,
        "singleClickEdit": False,
    })


def frame(m: Map, scores: list[StageScore], selected: list[str]) -> pd.DataFrame:
    """The rows as a DataFrame of plain objects (a fresh one: AgGrid mutates what it gets)."""
    rows = grid.rows(m, scores)
    chosen = set(selected)
    for row in rows:
        row["_selected"] = row["id"] in chosen
    fields = ["id", "name", "_score", "_level", "_rank", "_selected"] + [c.field for c in grid.columns(m)[1:]]
    return pd.DataFrame(rows, columns=fields, dtype=object)


def map_grid(m: Map, scores: list[StageScore], selected: list[str], *, key: str, stage_header: str,
             priority_header: str, ui_language: str, on_event: Callable[[dict[str, Any]], None]) -> None:
    """Draw the grid; ``on_event`` gets each user action once, before the page reruns."""
    height = min(640, 110 + ROW_HEIGHT * max(len(m.stages), 1))

    def callback(response: Any) -> None:
        event = getattr(response, "raw_data", None)
        if isinstance(event, dict) and event.get("kind") in ("cell", "order", "select"):
            on_event(event)

    AgGrid(
        frame(m, scores, selected),
        gridOptions=grid_options(m, stage_header, priority_header, ui_language),
        height=height,
        key=key,
        data_return_mode="CUSTOM",
        custom_jscode_for_grid_return=EVENT_JS,
        should_grid_return=SHOULD_RETURN_JS,
        update_on=["cellValueChanged", "rowDragEnd", "selectionChanged"],
        callback=callback,
        server_sync_strategy="server_wins",
        allow_unsafe_jscode=True,
        custom_css={**levels.grid_css(), **STATIC_CSS},
        theme="streamlit",
        show_toolbar=False,
    )
