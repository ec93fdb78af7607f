"""The Scores sheet recalculates in a real spreadsheet: LibreOffice (headless) computes every sample map's
priorities, levels and ranks from our formulas, and they are the app's numbers; an importance changed on the
Data sheet moves the score as the app would.

LibreOffice is installed by `make test` when run as root (`make office`). Missing, these tests fail when ``CI``
is set and are skipped (with the reason) otherwise.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cjm import editing
from cjm.i18n import t
from cjm.mapfile import map_from_dict
from cjm.model import Map, Vote
from cjm.scoring import score_map
from cjm.templates import list_templates, load_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.map_sheet import level_word
from tests.conftest import make_map_dict


def _office() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice is not installed (make office, or apt-get install libreoffice-calc-nogui)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def recalculated(maps: dict[str, bytes], folder: Path) -> dict[str, list[list[str]]]:
    """Each workbook opened and recalculated by LibreOffice, its Scores sheet as CSV rows (raw values)."""
    office = _office()
    paths = []
    for name, data in maps.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    # 44 ",", 34 '"', 76 UTF-8, from line 1; values as stored (not as shown); -1: every sheet to its own file
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = (folder / "profile").as_uri()  # a profile of its own: another soffice running does not block it
    result = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", options,
                             "--outdir", str(folder / "csv"), *paths], capture_output=True, text=True, timeout=600)
    out = {}
    for name in maps:
        found = [p for p in (folder / "csv").glob(f"{name}-*.csv") if p.stem.split("-", 1)[1] in ("Scores", "Оценки")]
        assert found, result.stdout + result.stderr
        out[name] = list(csv.reader(io.StringIO(found[0].read_text(encoding="utf-8"))))
    return out


def by_stage(rows: list[list[str]], m: Map) -> list[dict[str, str]]:
    """The By-stage table (stage order) with its hidden helpers, from the recalculated CSV."""
    title = t("xlsx.scores.by_stage", m.language)
    head = next(i for i, row in enumerate(rows) if row and row[0] == title) + 1
    return [{"stage": row[1], "importance": row[2], "emotion": row[3], "score": row[4], "level": row[5],
             "rank": row[18]} for row in rows[head + 1: head + 1 + len(m.stages)]]


def ranking(rows: list[list[str]], m: Map) -> list[str]:
    """The stage names of the Ranking table, top first."""
    return [row[1] for row in rows[4: 4 + len(m.stages)]]


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def assert_app_numbers(rows: list[list[str]], m: Map) -> None:
    scores = {s.stage_id: s for s in score_map(m)}
    table = by_stage(rows, m)
    for stage, row in zip(m.stages, table, strict=True):
        s = scores[stage.id]
        assert row["stage"] == stage.name
        assert number(row["score"]) == s.score, (stage.name, row, s)
        assert row["level"] == level_word(s.level, m.language), (stage.name, row)
        assert (int(row["rank"]) if row["rank"] else None) == s.rank, (stage.name, row)
        for field in ("importance", "emotion"):
            value = number(row[field])
            assert (None if value is None else round(value, 2)) == getattr(s, field), (stage.name, field, row)
    assert ranking(rows, m) == [s.stage for s in score_map(m)]


def edge_maps() -> dict[str, Map]:
    """What the templates do not exercise: the opportunity method and weights, the funnel rule (a drop, a
    rise, zero customers), workshop votes, an emotion in words only, an unrated stage, ties."""
    doc = make_map_dict()
    doc["scoring"] = {"method": "opportunity", "importance_weight": 2, "emotion_weight": 0.5, "funnel_weight": 0.7,
                      "critical_at": 55, "warning_at": 30.5}
    doc["stages"] = [
        {"id": "a", "name": "A", "values": {"importance": 4, "emotion": {"score": -1, "words": ""}, "metrics": 1000}},
        {"id": "b", "name": "B", "values": {"importance": 4, "emotion": {"score": None, "words": "раздражение"},
                                            "metrics": 420}},
        {"id": "c", "name": "C", "values": {"importance": 2, "metrics": 600}},
        {"id": "d", "name": "D", "values": {"importance": 3, "emotion": {"score": 1, "words": ""}, "metrics": 0},
         "votes": [{"participant": "Anna", "importance": 5, "emotion": -2},
                   {"participant": "Boris", "importance": 2}, {"participant": "Vera", "emotion": 1}]},
        {"id": "e", "name": "E", "values": {"importance": 4, "emotion": {"score": -1, "words": ""}, "metrics": 35}},
        {"id": "f", "name": "F", "values": {"importance": 4, "emotion": {"score": -1, "words": ""}}},
    ]
    opportunity = map_from_dict(doc)
    priority = editing.set_scoring(opportunity, method="priority", importance_weight=1.5, emotion_weight=0.3,
                                   funnel_weight=0.25)
    plain = editing.set_scoring(opportunity, method="priority", importance_weight=1, emotion_weight=1,
                                funnel_weight=0)
    return {"opportunity": opportunity, "priority_weights": priority, "no_funnel": plain}


@pytest.fixture(scope="module")
def every_map() -> dict[str, Map]:
    maps = {f"{tpl.id}.{tpl.language}": load_template(tpl.id, tpl.language) for tpl in list_templates()}
    maps.update(edge_maps())
    return maps


@pytest.fixture(scope="module")
def recalculated_maps(every_map, tmp_path_factory) -> dict[str, list[list[str]]]:
    return recalculated({name: export_xlsx(m) for name, m in every_map.items()}, tmp_path_factory.mktemp("office"))


def test_libreoffice_recalculates_every_sample_map_to_the_apps_numbers(every_map, recalculated_maps):
    assert len(every_map) >= 20
    for name, m in every_map.items():
        assert_app_numbers(recalculated_maps[name], m)


def test_votes_and_suggestions_are_in_the_edge_maps(every_map):
    m = every_map["opportunity"]
    assert isinstance(m.stages[3].votes[0], Vote)
    scores = {s.stage_id: s for s in score_map(m)}
    assert scores["b"].suggested and scores["d"].votes == 3 and scores["c"].level == "unrated"
    assert scores["a"].drop_off is not None and scores["e"].customers == 35


def test_an_importance_changed_on_the_data_sheet_moves_score_level_and_rank(tmp_path):
    """As a colleague does in Excel: importance of stage 1 from 3 to 5, emotion of stage 3 to −2."""
    m = load_template("saas_demo", "en")
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    data = book["Data"]
    keys = [c.value for c in data[2]]
    data.cell(row=3, column=keys.index("v:importance") + 1, value=5)
    data.cell(row=5, column=keys.index("v:emotion") + 1, value=-2)
    out = io.BytesIO()
    book.save(out)
    edited = editing.set_value(m, m.stages[0].id, "importance", 5)
    edited = editing.set_value(edited, m.stages[2].id, "emotion", {"score": -2, "words": m.stages[2].values[
        "emotion"]["words"]})
    rows = recalculated({"edited": out.getvalue()}, tmp_path)["edited"]
    assert_app_numbers(rows, edited)
    assert number(by_stage(rows, edited)[0]["score"]) == 75  # was 45
    assert by_stage(rows, edited)[2]["level"] == "CRITICAL 🔴"  # was OK
