"""JSON -> xlsx -> JSON gives back the identical map; a colleague's edit in Excel comes back in."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cjm.mapfile import map_from_dict, map_to_dict
from cjm.templates import list_templates, load_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table
from tests.conftest import make_map_dict


def round_trip(m):
    return read_table(export_xlsx(m), "map.xlsx", m.language)


def ids_free(m) -> dict:
    doc = map_to_dict(m)
    doc.pop("id")
    doc.pop("created")
    doc.pop("updated")
    return doc


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: f"{t.id}.{t.language}")
def test_every_sample_map_survives_the_round_trip_exactly(template):
    m = load_template(template.id, template.language)
    back, understanding = round_trip(m)
    assert understanding.kind == "cjm-workbook" and understanding.orientation == "exact"
    assert ids_free(back) == ids_free(m)


def test_unrated_values_custom_lanes_hidden_lanes_settings_and_odd_text_survive():
    doc = make_map_dict()
    doc["lanes"][1]["hidden"] = True
    doc["scoring"] = {"method": "opportunity", "critical_at": 80, "warning_at": 30, "importance_weight": 2}
    doc["stages"][0]["values"]["goals"] = "=SUM(A1:A3) and \t tab"
    doc["stages"][1]["values"]["actions"] = ["-minus first", "@at", "line with\nbreak inside"]
    doc["stages"][2]["values"]["emotion"] = {"score": None, "words": "раздражение"}
    m = map_from_dict(doc)
    back, _ = round_trip(m)
    assert ids_free(back) == ids_free(m)


def edited(data: bytes, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[book.sheetnames[2]]  # Data
    edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column(sheet, key: str) -> int:
    return next(c.column for c in sheet[2] if c.value == key)


def test_a_colleagues_edits_in_the_data_sheet_come_back():
    m = load_template("saas_demo", "en")

    def edit(sheet):
        sheet.cell(row=3, column=column(sheet, "v:importance"), value="5/5")   # stage 1: 3 -> 5
        sheet.cell(row=4, column=column(sheet, "v:emotion"), value=1)          # stage 2: -2 -> +1
        sheet.cell(row=5, column=column(sheet, "stage"), value="Decision")     # rename stage 3
    back, _ = read_table(edited(export_xlsx(m), edit), "edited.xlsx", "en")
    assert back.stages[0].values["importance"] == 5
    assert back.stages[1].values["emotion"]["score"] == 1
    assert back.stages[1].values["emotion"]["words"] == m.stages[1].values["emotion"]["words"]
    assert back.stages[2].name == "Decision"
    assert back.stages[3] == m.stages[3]  # untouched rows stay exactly as they were


def test_export_bytes_is_the_file_convert_writes(tmp_path):
    from cjm.formats import export_bytes, write_any

    m = load_template("saas_demo", "ru")
    assert map_to_dict(read_table(export_bytes(m, "xlsx"), "map.xlsx", "ru")[0]) == map_to_dict(m)
    for extension in ("csv", ".json", "md", "mmd"):
        path = tmp_path / f"map.{extension.lstrip('.')}"
        write_any(m, path)
        assert export_bytes(m, extension) == path.read_bytes()
    assert export_bytes(m, "csv").startswith("\ufeff".encode())
