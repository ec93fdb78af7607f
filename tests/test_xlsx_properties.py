"""Property: a colleague's edits, typed into the Map sheet, the Data sheet or both (openpyxl, in the notations
people use), come back exactly — nothing more, nothing less — and updating the map three-way keeps the app's
own changes since the export beside them."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import editing
from cjm import emotion as emotion_scale
from cjm.mapfile import map_from_dict, map_to_dict
from cjm.merge import apply, plan
from cjm.model import Map
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table

LANES = [
    {"key": "actions", "label": "Actions", "type": "list"},
    {"key": "goals", "label": "Goals", "type": "text"},
    {"key": "emotion", "label": "Emotions", "type": "emotion"},
    {"key": "importance", "label": "Importance", "type": "importance"},
    {"key": "metrics", "label": "Customers", "type": "number"},
    {"key": "channel", "label": "Channel", "type": "choice", "options": ["email", "phone call"]},
    {"key": "owner", "label": "Owner", "type": "text"},
]
TYPES = {lane["key"]: lane["type"] for lane in LANES}
_LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщыэюяАБВ"
# text as a person types it: letters, digits and signs, marks, RTL and emoji inside; never blank at either end
# (a spreadsheet app keeps it, the import trims it), never a formula (Excel would run it)
_INNER = st.text(alphabet=st.sampled_from(list(_LETTERS + "0123456789 ,.;:!?()«»\"'-+@#%&/\\") +
                                          ["é", "ñ", "\u0301", "ש", "ع", "😀", "🙂", "—", "\t"]),
                 min_size=0, max_size=25)
TEXT = st.builds(lambda head, inner, tail: head + inner + tail, st.sampled_from(list(_LETTERS)), _INNER,
                 st.sampled_from(list(_LETTERS + "0123456789.!?"))).filter(lambda s: s == s.strip())
WORDS = st.text(alphabet=_LETTERS + " ,", min_size=1, max_size=20).map(str.strip).filter(
    lambda s: s and s[0].isalpha())


def value_for(key: str) -> st.SearchStrategy[Any]:
    kind = TYPES[key]
    if kind == "list":
        return st.lists(TEXT, min_size=1, max_size=3)
    if kind == "text":
        return TEXT
    if kind == "emotion":
        return st.builds(lambda score, words: {"score": score, "words": words},
                         st.one_of(st.none(), st.sampled_from(emotion_scale.SCALE)), st.one_of(st.just(""), WORDS)
                         ).filter(lambda v: v["score"] is not None or v["words"])
    if kind == "importance":
        return st.integers(1, 5)
    if kind == "number":
        return st.integers(0, 100_000)
    return st.sampled_from(["email", "phone call"])


@st.composite
def maps(draw) -> Map:
    count = draw(st.integers(1, 5))
    stages = []
    for k in range(count):
        values = {key: draw(value_for(key)) for key in TYPES if draw(st.booleans())}
        stages.append({"id": f"s{k}", "name": draw(TEXT), "values": values})
    language = draw(st.sampled_from(["ru", "en"]))
    return map_from_dict({"schema_version": 1, "id": "m1", "title": draw(TEXT), "language": language,
                          "lanes": LANES, "stages": stages, "created": "2026-11-01T09:00:00Z",
                          "updated": "2026-11-02T10:30:00Z"})


@st.composite
def edits(draw, m: Map) -> list[tuple[str, int, str, Any]]:
    """(sheet, stage index, lane key or "#name", value) with sheet "map", "data" or "both"; one edit a cell."""
    cells = [(k, key) for k in range(len(m.stages)) for key in [*TYPES, "#name"]]
    chosen = draw(st.lists(st.sampled_from(cells), min_size=1, max_size=6, unique=True))
    out = []
    for k, key in chosen:
        value = draw(TEXT) if key == "#name" else draw(st.one_of(st.none(), value_for(key)))
        out.append((draw(st.sampled_from(["map", "data", "both"])), k, key, value))
    return out


# --- typing a value as a person would -------------------------------------------------------------------------
def map_typed(draw, key: str, value: Any) -> Any:
    kind = TYPES[key]
    if value is None:
        return None
    if kind == "list":
        bullet = draw(st.sampled_from(["• ", "•", ""]))
        return "\n".join(bullet + item for item in value)
    if kind == "importance":
        return draw(st.sampled_from([value, str(value), f"{value}/5", "★" * value,
                                     f"{'★' * value}{'☆' * (5 - value)} {value}/5"]))
    if kind == "emotion":
        score = value["score"]
        if score is None:
            return value["words"]
        face = emotion_scale.EMOJI[score]
        first = draw(st.sampled_from([f"{score:+d}" if score else "0", face, f"{face} {score}",
                                      f"{score:+d} ({emotion_scale.WORDS['en'][score]}) {face}" if score else face]))
        return first + (f"\n{value['words']}" if value["words"] else "")
    return value


def data_typed(draw, key: str, value: Any, part: str) -> Any:
    kind = TYPES[key]
    if kind == "emotion":
        if value is None:
            return None
        return value["score"] if part == "v" else (value["words"] or None)
    if value is None:
        return None
    if kind == "list":
        return "\n".join(value)
    if kind == "importance":
        return draw(st.sampled_from([value, str(value), f"{value}/5"]))
    return value


def put(ws, row: int, column: int, value: Any) -> None:
    """Type ``value`` into a cell (None clears it: ``ws.cell(..., value=None)`` would leave it as it was)."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # typed text, not a formula


def workbook_with(m: Map, changes, draw) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    map_ws, data_ws = book.worksheets[0], book.worksheets[2]
    keys = [c.value for c in data_ws[2]]
    lane_rows = {lane.key: 7 + n for n, lane in enumerate(m.lanes)}
    for sheet, k, key, value in changes:
        if sheet in ("map", "both"):
            if key == "#name":
                put(map_ws, 5, 3 + k, draw(st.sampled_from([value, f"{k + 1}. {value}"])))
            else:
                put(map_ws, lane_rows[key], 3 + k, map_typed(draw, key, value))
        if sheet in ("data", "both"):
            if key == "#name":
                put(data_ws, 3 + k, 2, value)
                continue
            for part in ("v", "w") if TYPES[key] == "emotion" else ("v",):
                put(data_ws, 3 + k, keys.index(f"{part}:{key}") + 1, data_typed(draw, key, value, part))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_edits(m: Map, changes) -> Map:
    for _, k, key, value in changes:
        stage_id = m.stages[k].id
        m = editing.rename_stage(m, stage_id, value) if key == "#name" else editing.set_value(m, stage_id, key, value)
    return m


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])


@SETTINGS
@given(data=st.data())
def test_edits_typed_into_either_sheet_come_back_exactly(data):
    m = data.draw(maps())
    changes = data.draw(edits(m))
    back, understanding = read_table(workbook_with(m, changes, data.draw), "shared.xlsx", m.language)
    assert map_to_dict(back) == map_to_dict(with_edits(m, changes))
    assert understanding.unread == () and understanding.sheets_disagree == ()


@SETTINGS
@given(data=st.data())
def test_the_update_is_the_three_way_result(data):
    """Workbook edits come in; the app's edits since the export stay; where both changed a cell, the person's
    choice decides (accept all: the workbook's value; the defaults: the map's)."""
    base = data.draw(maps())
    changes = data.draw(edits(base))
    theirs, understanding = read_table(workbook_with(base, changes, data.draw), "shared.xlsx", base.language)
    ours_changes = data.draw(edits(base))
    ours = with_edits(base, ours_changes)
    p = plan(understanding.base, theirs, ours, dict(understanding.sheets_disagree))
    theirs_units = {(k, key): value for _, k, key, value in changes}
    ours_units = {(k, key): value for _, k, key, value in ours_changes}

    def parts(key: str, value: Any) -> dict[str, Any]:
        if key != "#name" and TYPES[key] == "emotion":  # an emotion merges as its score and its words
            return {"score": value["score"] if value else None, "words": (value["words"] or None) if value else None}
        return {"v": value if value not in (None, "", []) else None}

    def expected(workbook_wins: bool) -> Map:
        m = base
        for unit in {**ours_units, **theirs_units}:
            k, key = unit
            before = base.stages[k].name if key == "#name" else base.stages[k].values.get(key)
            b, t, o = (parts(key, side.get(unit, before)) for side in ({}, theirs_units, ours_units))
            chosen = {part: t[part] if t[part] != b[part] and (o[part] == b[part] or workbook_wins)
                      else o[part] for part in b}
            if "v" in chosen:
                value = chosen["v"]
            else:
                value = None if chosen["score"] is None and not chosen["words"] else {
                    "score": chosen["score"], "words": chosen["words"] or ""}
            m = with_edits(m, [("", k, key, value)])
        return m

    assert map_to_dict(apply(p, p.everything())) == map_to_dict(expected(workbook_wins=True))
    assert map_to_dict(apply(p, p.defaults())) == map_to_dict(expected(workbook_wins=False))
    conflicts = {(c.stage_id, "#name" if c.kind == "name" else c.lane_key) for c in p.changes if c.conflict}
    both = {(base.stages[k].id, key) for (k, key) in set(theirs_units) & set(ours_units)}
    assert conflicts <= both  # a conflict only where both sides changed the cell
