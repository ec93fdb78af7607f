"""The Map sheet comes back: a colleague's edits on the sheet people see (cjm/xlsx/map_read.py), comments,
inserted and deleted rows and columns, cells that cannot be read, and the Map sheet against the Data sheet."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.comments import Comment

from cjm import editing
from cjm.mapfile import map_to_dict
from cjm.merge import apply, plan
from cjm.templates import load_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table

# the SaaS demo's Map sheet: stages in C…F (row 5), lanes from row 7 in the demo's order
ROW = {"actions": 7, "touchpoints": 8, "goals": 9, "emotion": 10, "importance": 11, "pain_points": 12,
       "expectations": 13, "recommendations": 14}


@pytest.fixture
def demo():
    return load_template("saas_demo", "en")


def edited(m, edit, version=None) -> bytes:
    """``m`` exported, then its sheets edited with openpyxl as a person types."""
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m, version)))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, language: str = "en"):
    return read_table(data, "shared.xlsx", language)


def test_the_issues_edit_an_action_line_importance_5_and_a_comment_come_back(demo):
    def edit(book):
        ws = book["Map"]
        ws["D7"] = ws["D7"].value + "\n• Asks a friend"  # stage 2, actions: a line added
        ws["D11"] = "5"  # already 5: no change; stage 1 gets 5 below
        ws["C11"] = 5
        ws["E9"].comment = Comment("Anna:\nWhy is this so vague?", "Anna")

    back, u = read(edited(demo, edit))
    assert back.stages[1].values["actions"] == [*demo.stages[1].values["actions"], "Asks a friend"]
    assert back.stages[0].values["importance"] == 5
    comments = next(lane for lane in back.lanes if lane.label == "Comments")
    assert back.stages[2].values[comments.key] == ["Goals (JTBD): Why is this so vague? — Anna"]
    assert "2 changed cells on the sheet “Map” read as edits" in u.notes
    assert "1 cell comment read into the lane “Comments”" in u.notes
    assert [(c.sheet, c.cell, c.stage) for c in u.comments] == [("Map", "E9", "Purchase decision")]
    changes = plan(u.base, back, u.base).changes
    assert sorted(c.kind for c in changes) == ["cell", "cell", "lane_add"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("5", 5), ("5/5", 5), ("★★★★★", 5), ("★★★★★ 3/5", 5), ("★★★☆☆ 1/5", 1), (" 2 ", 2), (4.0, 4), (None, None)])
def test_importance_in_any_notation_the_grid_accepts(demo, typed, expected):
    def edit(book):
        book["Map"]["C11"] = typed  # stage 1 was ★★★☆☆ 3/5

    back, _ = read(edited(demo, edit))
    assert back.stages[0].values.get("importance") == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("-2", {"score": -2, "words": ""}),
    ("😡", {"score": -2, "words": ""}),
    ("+1 (positive)\nCalm now", {"score": 1, "words": "Calm now"}),
    ("−1 (negative) 🤩\nConfusion, distrust", {"score": 2, "words": "Confusion, distrust"}),  # the emoji changed
    ("+2 (negative) 😞\nConfusion, distrust", {"score": 2, "words": "Confusion, distrust"}),  # the number changed
    ("−1 (negative) 😞\nConfused, angry", {"score": -1, "words": "Confused, angry"}),  # the words changed
    ("😡 long wait", {"score": -2, "words": "long wait"}),
    ("раздражение", {"score": None, "words": "раздражение"}),  # words only: scored as a suggestion
])
def test_emotion_in_any_notation_with_its_words_below(demo, typed, expected):
    def edit(book):
        book["Map"]["C10"] = typed  # stage 1 was "−1 (negative) 😞\nConfusion, distrust"

    back, _ = read(edited(demo, edit))
    assert back.stages[0].values["emotion"] == expected


def test_renames_of_stages_lanes_title_and_persona(demo):
    def edit(book):
        ws = book["Map"]
        ws["D5"] = "2. Choosing a plan"
        ws["E5"] = "Decision"  # without its number
        ws["B9"] = "Goals"
        ws["B1"] = "Shared map"
        ws["B2"] = "Persona: Anna, head of sales"

    back, u = read(edited(demo, edit))
    assert [s.name for s in back.stages][1:3] == ["Choosing a plan", "Decision"]
    assert back.lane("goals").label == "Goals"
    assert back.title == "Shared map" and back.persona == "Anna, head of sales"
    assert [s.id for s in back.stages] == [s.id for s in demo.stages]


def test_an_inserted_column_is_a_new_stage_and_an_inserted_row_a_new_lane(demo):
    def edit(book):
        ws = book["Map"]
        ws.insert_cols(5)  # before stage 3 (E)
        ws["E5"] = "Trial"
        ws["E7"] = "• Tries it\n• Invites the team"
        ws["E11"] = "★★★★☆"
        ws.insert_rows(10)  # before Emotions
        ws["B10"] = "Triggers"  # a standard lane's label
        ws["C10"] = "An ad"
        ws["E10"] = "A colleague"
        ws.insert_rows(16)  # after the last lane (now at 15)
        ws["B16"] = "Owner"
        ws["D16"] = "Sales"

    back, u = read(edited(demo, edit))
    names = [s.name for s in back.stages]
    assert names == [demo.stages[0].name, demo.stages[1].name, "Trial", demo.stages[2].name, demo.stages[3].name]
    trial = back.stages[2]
    assert trial.values["actions"] == ["Tries it", "Invites the team"] and trial.values["importance"] == 4
    assert [lane.key for lane in back.lanes][3] == "triggers" and back.lane("triggers").type.value == "list"
    assert back.stages[0].values["triggers"] == ["An ad"] and trial.values["triggers"] == ["A colleague"]
    owner = back.lanes[-1]
    assert owner.label == "Owner" and back.stages[1].values[owner.key] == "Sales"
    assert "1 column inserted on the sheet “Map”: a new stage" in u.notes
    assert "2 rows inserted on the sheet “Map”: new lanes" in u.notes


def test_deleted_columns_and_rows_are_listed_and_removed_only_when_agreed(demo):
    def edit(book):
        ws = book["Map"]
        ws.delete_cols(5)  # stage 3
        ws.delete_rows(8)  # Touchpoints

    back, u = read(edited(demo, edit))
    assert demo.stages[2].id not in [s.id for s in back.stages] and back.lane("touchpoints") is None
    assert "1 stage column deleted on the sheet “Map”" in u.notes and "1 lane row deleted on the sheet “Map”" in u.notes
    p = plan(u.base, back, u.base)
    assert sorted(c.kind for c in p.changes) == ["lane_remove", "stage_remove"]
    kept = apply(p, p.defaults())  # nothing removed until the person agrees
    assert map_to_dict(kept) == map_to_dict(demo)
    agreed = apply(p, p.everything())
    assert len(agreed.stages) == 3 and agreed.lane("touchpoints") is None


def test_a_moved_column_moves_the_stage(demo):
    def edit(book):
        ws = book["Map"]
        ws.move_range("F1:F40", cols=1)  # stage 4 out of the way…
        ws.insert_cols(3)
        ws.move_range("H1:H40", cols=-5)  # …and in front of stage 1
        ws.delete_cols(8)

    back, _ = read(edited(demo, edit))
    assert [s.id for s in back.stages] == [demo.stages[k].id for k in (3, 0, 1, 2)]
    assert map_to_dict(back)["stages"][0] == map_to_dict(demo)["stages"][3]


def test_what_cannot_be_read_is_listed_cell_by_cell(demo):
    def edit(book):
        ws = book["Map"]
        ws["C11"] = "very"  # not an importance
        ws["D6"] = "OK · 0"  # the level row: calculated
        ws["H30"] = "a note far away"  # below the legend
        ws["F2"] = "beside the persona"
        book["Scores"]["B13"] = "my own remark"  # a computed sheet
        book["About"]["B1"] = "Another title"

    back, u = read(edited(demo, edit))
    got = {(x.sheet, x.cell): (x.text, x.reason) for x in u.unread}
    assert got[("Map", "C11")] == (
        "very", "does not fit the lane “Importance”: kept as text in “Importance (not read)”")
    assert got[("Map", "D6")][1] == "the level is calculated from importance and emotion: not read back"
    assert got[("Map", "H30")] == ("a note far away", "outside the map's table: not read")
    assert got[("Map", "F2")][0] == "beside the persona"
    assert got[("Scores", "B13")] == ("my own remark", "this sheet is calculated from the map: not read back")
    assert got[("About", "B1")][0] == "Another title"
    assert len(u.unread) == 6 and "6 cells could not be read: listed below" in u.notes
    assert back.stages[0].values["importance"] == 3  # the exported value stays, the text is kept beside it
    unread_lane = next(lane for lane in back.lanes if lane.label == "Importance (not read)")
    assert back.stages[0].values[unread_lane.key] == "very"
    _, ru = read(edited(demo, edit), "ru")
    assert {(x.sheet, x.cell): x.reason for x in ru.unread}[("Map", "D6")] == \
        "уровень считается по важности и эмоции: не читается"


def test_the_map_and_data_sheets_changed_differently_is_shown_for_the_person_to_decide(demo):
    def edit(book):
        book["Map"]["C11"] = "5"
        book["Data"]["H3"] = 4  # the same cell (stage 1's importance) on the Data sheet
        book["Data"]["E4"] = "Irritation"  # stage 2's goals on Data only

    back, u = read(edited(demo, edit))
    assert back.stages[0].values["importance"] == 5  # the Map sheet's value meanwhile: the sheet people see
    assert back.stages[1].values["goals"] == "Irritation"
    assert dict(u.sheets_disagree) == {f"cell:{demo.stages[0].id}:importance:value": (5, 4)}
    assert "1 cell changed differently on the Map and Data sheets: choose below" in u.notes
    p = plan(u.base, back, u.base, dict(u.sheets_disagree))
    change = next(c for c in p.changes if c.sheets_disagree)
    assert [o.source for o in change.options] == ["map", "data"]
    assert apply(p, {**p.defaults(), change.id: 1}).stages[0].values["importance"] == 4


def test_comments_not_on_a_stage_cell_are_listed_and_data_comments_come_in(demo):
    def edit(book):
        book["Map"]["B11"].comment = Comment("on a label", "Boris")
        book["Data"]["F5"].comment = Comment("Boris:\nreally?", "Boris")  # stage 3's emotion on Data

    back, u = read(edited(demo, edit))
    assert [(c.cell, c.stage) for c in u.comments] == [("B11", None), ("F5", "Purchase decision")]
    assert u.comments[0].reason == "not on a stage's cell"
    comments = next(lane for lane in back.lanes if lane.label == "Comments")
    assert back.stages[2].values[comments.key] == ["Emotions: really? — Boris"]
    assert "1 comment not on a stage's cell: not imported, listed below" in u.notes


def test_formula_like_text_typed_on_the_map_sheet_stays_text(demo):
    def edit(book):
        book["Map"]["C9"] = "=HYPERLINK(\"http://evil\",\"x\")"
        book["Map"]["C9"].data_type = "s"

    back, _ = read(edited(demo, edit))
    assert back.stages[0].values["goals"] == "=HYPERLINK(\"http://evil\",\"x\")"
    again = openpyxl.load_workbook(io.BytesIO(export_xlsx(back)))
    assert again["Map"]["C9"].data_type == "s" and again["Data"]["E3"].data_type == "s"


def test_a_russian_workbook_and_its_version(demo):
    m = load_template("saas_demo", "ru")

    def edit(book):
        book["Карта"]["C11"] = "★★★★★"

    back, u = read(edited(m, edit, version=7), "ru")
    assert back.stages[0].values["importance"] == 5 and u.version == 7 and u.base == m
    assert u.notes == ("1 изменённая ячейка на листе «Карта» прочитана как правка",)


def test_a_map_sheet_without_its_keys_is_said_and_the_data_sheet_still_read(demo):
    def edit(book):
        book["Map"].delete_cols(1)  # the hidden column of row roles
        book["Data"]["H3"] = 5

    back, u = read(edited(demo, edit))
    assert back.stages[0].values["importance"] == 5
    assert "the sheet “Map” lost its hidden keys (column A, row 4): its edits were not read" in u.notes


def test_a_workbook_exported_with_unsaved_edits_round_trips_and_the_base_is_the_hidden_copy(demo):
    m = editing.set_value(demo, demo.stages[0].id, "importance", 1)
    back, u = read(export_xlsx(m))
    assert map_to_dict(back) == map_to_dict(m) and u.base == m and u.version is None and u.notes == ()


def test_a_damaged_comments_part_is_said_and_the_rest_comes_in(demo):
    import zipfile

    data = edited(demo, lambda book: book["Map"].__setitem__("C11", "5"))
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/_rels/sheet1.xml.rels":
                target.writestr(item, source.read(item.filename))
        target.writestr("xl/worksheets/_rels/sheet1.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="c1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'comments" Target="../comments9.xml"/></Relationships>'))
        target.writestr("xl/comments9.xml", "<comments><broken")
    back, u = read(out.getvalue())
    assert back.stages[0].values["importance"] == 5
    assert "the cell comments could not be read (a damaged part of the workbook)" in u.notes and u.comments == ()


def test_a_comment_too_long_for_the_comments_lane_is_listed_not_lost(demo):
    def edit(book):
        book["Map"]["C9"].comment = Comment("x" * 19_990, "Anna")
        book["Map"]["D9"].comment = Comment("short", "Anna")

    back, u = read(edited(demo, edit))
    assert [(c.cell, c.stage) for c in u.comments] == [("C9", None), ("D9", "Comparing options")]
    assert u.comments[0].reason == "does not fit the comments lane's cell (the limit is 20,000 characters)"
    comments = next(lane for lane in back.lanes if lane.label == "Comments")
    assert back.stages[1].values[comments.key] == ["Goals (JTBD): short — Anna"]
    assert comments.key not in back.stages[0].values
