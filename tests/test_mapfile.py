"""The JSON file format: bad files get one clear line; good maps survive save/load exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import limits, mapfile
from cjm.errors import MapFileError, MapValidationError
from cjm.lanes import LaneType
from cjm.mapfile import map_from_bytes, map_from_dict, map_to_json, read_map, write_map
from cjm.model import SCHEMA_VERSION
from tests.conftest import make_map_dict, storable_text


def to_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_read_write_round_trip(tmp_path, map_dict):
    m = map_from_dict(map_dict)
    path = tmp_path / "map.json"
    write_map(m, path)
    assert read_map(path) == m
    text = path.read_text(encoding="utf-8")
    assert "Осмысление" in text  # Cyrillic stays readable
    assert text.lstrip().startswith('{\n  "schema_version": 2')


def test_utf8_bom_is_accepted(map_dict):
    assert map_from_bytes(b"\xef\xbb\xbf" + to_bytes(map_dict)).title == "Test map"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Осмысление".encode("cp1251"), "m.json: not UTF-8 text (byte 0xce at position 0); save it as UTF-8 JSON"),
        (b"", "m.json: the file is empty"),
        (b"  \n", "m.json: the file is empty"),
        (b'{"title": ', "m.json: not valid JSON: Expecting value at line 1, column 11"),
        (b"[1, 2]", "expected a JSON object with a map (title, lanes, stages), got a list"),
        (b'"map"', 'expected a JSON object with a map (title, lanes, stages), got "map"'),
        (b'{"title": "x"}', 'not a CJM Studio map: the "schema_version" field is missing'),
        (b'{"schema_version": "1"}', '"schema_version" must be a whole number from 1, got "1"'),
        (b'{"schema_version": 1, "title": NaN}', "m.json: not valid JSON: NaN is not a JSON number"),
        (b"[" * 100_000, "m.json: nested too deeply to be a map"),
    ],
)
def test_bad_bytes(data, expected):
    with pytest.raises(MapFileError) as info:
        map_from_bytes(data, source="m.json")
    assert info.value.message == expected


def test_newer_version_is_refused_clearly(map_dict):
    map_dict["schema_version"] = SCHEMA_VERSION + 1
    expected = r"^made by a newer CJM Studio \(file format version 3; this version reads up to 2\)"
    with pytest.raises(MapFileError, match=expected):
        map_from_dict(map_dict)


def test_older_versions_are_migrated(monkeypatch, map_dict):
    """Pretend the current format is 2 and version 1 called the title "name": old files still open."""
    from cjm import model

    monkeypatch.setattr(model, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(mapfile, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(mapfile.MIGRATIONS, 1, lambda d: {**{k: v for k, v in d.items() if k != "name"},
                                                          "title": d["name"], "schema_version": 2})
    old = {k: v for k, v in map_dict.items() if k != "title"} | {"name": "Old title"}
    m = map_from_dict(old)
    assert (m.title, m.schema_version) == ("Old title", 2)
    assert len(m.stages) == 3


def test_wrong_shape_names_the_stage(map_dict):
    map_dict["stages"][1]["values"]["importance"] = "abc"
    with pytest.raises(MapValidationError) as info:
        map_from_bytes(to_bytes(map_dict))
    assert info.value.message == 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got "abc"'


def test_stages_must_be_a_list(map_dict):
    map_dict["stages"] = {"a": 1}
    with pytest.raises(MapValidationError, match="^stages: Input should be a valid list"):
        map_from_dict(map_dict)


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024)
    with pytest.raises(MapFileError, match=r"big.json: 0.0 MB, over the limit of 0.0 MB"):
        read_map(path)
    with pytest.raises(MapFileError, match="over the limit of"):
        map_from_bytes(b" " * 2048)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(MapFileError, match="no such file"):
        read_map(tmp_path / "nope.json")
    with pytest.raises(MapFileError, match="a folder, not a map file"):
        read_map(tmp_path)


def test_failed_write_leaves_old_file(tmp_path, map_dict, monkeypatch):
    path = tmp_path / "map.json"
    m = map_from_dict(map_dict)
    write_map(m, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mapfile.os, "replace", boom)
    with pytest.raises(OSError):
        write_map(m.model_copy(update={"title": "changed"}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.json"]  # no temp file left behind


def test_checked_in_json_schema_is_current():
    assert mapfile.SCHEMA_FILE.read_text(encoding="utf-8") == mapfile.json_schema_text(), (
        "docs/map.schema.json is out of date: run `make schema`"
    )


def test_json_schema_describes_the_fields():
    schema = mapfile.json_schema()
    assert {"schema_version", "title", "lanes", "stages", "scoring"} <= set(schema["properties"])
    assert schema["required"] == ["title"]


# --- property: any valid map survives save + load unchanged -------------------------------------

texts = storable_text(max_size=30)
names = storable_text(min_size=1, max_size=20).filter(lambda s: s.strip())
VALUES = {
    LaneType.TEXT: texts,
    LaneType.LIST: st.lists(texts, max_size=4),
    LaneType.EMOTION: st.one_of(
        st.none(),
        st.integers(-2, 2),
        st.fixed_dictionaries({"score": st.one_of(st.none(), st.integers(-2, 2)), "words": texts}),
    ),
    LaneType.IMPORTANCE: st.one_of(st.none(), st.integers(1, 5)),
    LaneType.NUMBER: st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False)),
    LaneType.CHOICE: st.sampled_from(["", "alpha", "beta"]),
}


@st.composite
def map_documents(draw):
    lane_types = draw(st.lists(st.sampled_from(list(LaneType)), min_size=0, max_size=8))
    lanes = [
        {"key": f"lane_{i}", "label": draw(names), "type": t.value, "hidden": draw(st.booleans()),
         **({"options": ["alpha", "beta"]} if t is LaneType.CHOICE else {})}
        for i, t in enumerate(lane_types)
    ]
    stages = []
    for i in range(draw(st.integers(0, 6))):
        values = {}
        for lane, t in zip(lanes, lane_types, strict=True):
            if draw(st.booleans()):
                values[lane["key"]] = draw(VALUES[t])
        stages.append({"id": f"st{i}", "name": draw(names), "values": values})
    moment = draw(st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1)))
    return make_map_dict(
        title=draw(names), description=draw(texts), persona=draw(texts),
        kind=draw(st.sampled_from(["b2c", "b2b", "custom"])), cyclic=draw(st.booleans()),
        language=draw(st.sampled_from(["ru", "en"])), lanes=lanes, stages=stages,
        created=moment.isoformat(), updated=moment.isoformat(),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(map_documents())
def test_save_then_load_gives_an_equal_map(doc):
    m = map_from_dict(doc)
    again = map_from_bytes(map_to_json(m).encode("utf-8"))
    assert again == m
    assert map_to_json(again) == map_to_json(m)
