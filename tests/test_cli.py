"""``python -m cjm``: commands, exit codes (0 ok, 1 user mistake, 2 usage) and one-line messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cjm.cli import main
from cjm.mapfile import read_map
from cjm.templates import template_ids
from tests.conftest import make_map_dict

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def test_templates_lists_every_template_in_both_languages(capsys):
    code, out, _ = run(capsys, "templates")
    assert code == 0
    for template_id in template_ids():
        assert f"{template_id} " in out
    assert "saas_demo" in out and " ru " in out and " en " in out
    code, out, _ = run(capsys, "templates", "--lang", "en")
    assert code == 0 and " ru " not in out


@pytest.mark.parametrize("spec", [("saas_demo", "--lang", "ru"), ("saas_demo.en",)])
def test_new_from_template(tmp_path, capsys, spec):
    out_path = tmp_path / "m.json"
    code, out, err = run(capsys, "new", spec[0], str(out_path), *spec[1:])
    assert (code, err) == (0, "")
    m = read_map(out_path)
    assert m.language == ("en" if spec[0].endswith(".en") else "ru")
    assert m.id != f"tpl-saas_demo-{m.language}"
    assert "4 stages" in out


def test_new_refuses_to_overwrite_without_force(tmp_path, capsys):
    out_path = write(tmp_path / "m.json", "keep me")
    code, _, err = run(capsys, "new", "saas_demo", str(out_path), "--lang", "en")
    assert code == 1 and err == f"cjm: {out_path} exists already; use --force to overwrite it\n"
    assert out_path.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "new", "saas_demo", str(out_path), "--lang", "en", "--force")[0] == 0


def test_new_unknown_template(tmp_path, capsys):
    code, _, err = run(capsys, "new", "nope", str(tmp_path / "m.json"), "--lang", "ru")
    assert code == 1 and err.startswith('cjm: no template "nope" in language "ru"; templates: saas_demo')
    assert err.count("\n") == 1
    assert not (tmp_path / "m.json").exists()


def test_new_into_missing_folder(tmp_path, capsys):
    code, _, err = run(capsys, "new", "saas_demo", str(tmp_path / "no" / "m.json"), "--lang", "ru")
    assert code == 1 and "No such file or directory" in err and err.count("\n") == 1


BAD_FILES = {
    "cp1251.json": "not UTF-8 text",
    "broken.json": "not valid JSON: Expecting ',' delimiter at line 1, column 15",
    "list.json": "expected a JSON object with a map (title, lanes, stages), got a list",
    "imp0.json": 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got 0',
    "imp6.json": 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got 6',
    "imp35.json": 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got 3.5',
    "impabc.json": 'Stage "Оценка", lane "Importance": expected a whole number 1–5, got "abc"',
    "emo3.json": 'Stage "Оценка", lane "Emotions": expected an emotion score: a whole number from −2 to +2, got 3',
    "emo-3.json": 'Stage "Оценка", lane "Emotions": expected an emotion score: a whole number from −2 to +2, got -3',
    "dupid.json": 'Stage "Сделка": the stage id "a" is used by another stage too',
    "noname.json": "Stage 3, name: the stage name is empty",
    "wrongtype.json": 'Stage "Оценка", lane "Actions": expected a list of text items, got "compare"',
    "newer.json": "made by a newer CJM Studio (file format version 9; this version reads up to 2)",
    "missing.json": "no such file",
    "toomany.json": "the map has 501 stages; the limit is 500",
    "toolong.json": 'Stage "Оценка", lane "Goals (JTBD)": expected at most 20,000 characters, got "20,001 characters"',
}


def bad_files(tmp_path: Path) -> dict[str, Path]:
    def with_value(lane, value):
        doc = make_map_dict()
        doc["stages"][1]["values"][lane] = value
        return doc

    dup = make_map_dict()
    dup["stages"][2]["id"] = "a"
    noname = make_map_dict()
    noname["stages"][2]["name"] = ""
    paths = {
        "broken.json": write(tmp_path / "broken.json", '{"title": "x" "y"}'),
        "list.json": write(tmp_path / "list.json", [1]),
        "imp0.json": write(tmp_path / "imp0.json", with_value("importance", 0)),
        "imp6.json": write(tmp_path / "imp6.json", with_value("importance", 6)),
        "imp35.json": write(tmp_path / "imp35.json", with_value("importance", 3.5)),
        "impabc.json": write(tmp_path / "impabc.json", with_value("importance", "abc")),
        "emo3.json": write(tmp_path / "emo3.json", with_value("emotion", 3)),
        "emo-3.json": write(tmp_path / "emo-3.json", with_value("emotion", {"score": -3})),
        "dupid.json": write(tmp_path / "dupid.json", dup),
        "noname.json": write(tmp_path / "noname.json", noname),
        "wrongtype.json": write(tmp_path / "wrongtype.json", with_value("actions", "compare")),
        "newer.json": write(tmp_path / "newer.json", make_map_dict(schema_version=9)),
        "missing.json": tmp_path / "missing.json",
        "toomany.json": write(tmp_path / "toomany.json",
                              make_map_dict(stages=[{"id": f"s{i}", "name": f"S{i}"} for i in range(501)])),
        "toolong.json": write(tmp_path / "toolong.json", with_value("goals", "x" * 20_001)),
    }
    paths["cp1251.json"] = tmp_path / "cp1251.json"
    paths["cp1251.json"].write_bytes(json.dumps(make_map_dict(), ensure_ascii=False).encode("cp1251"))
    return paths


def test_validate_good_files(tmp_path, capsys):
    good = write(tmp_path / "good.json", make_map_dict())
    assert run(capsys, "validate", str(good)) == (0, "", "")
    assert run(capsys, "validate", "-v", str(good)) == (0, f"{good}: ok\n", "")


def test_validate_one_line_per_bad_file(tmp_path, capsys):
    paths = bad_files(tmp_path)
    good = write(tmp_path / "good.json", make_map_dict())
    code, out, err = run(capsys, "validate", str(good), *map(str, paths.values()))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == len(paths)
    for (name, path), line in zip(paths.items(), lines, strict=True):
        assert line.startswith(f"{path}: "), line
        assert BAD_FILES[name] in line, line


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_command_refuses_bad_files_without_writing(tmp_path, capsys, name):
    path = bad_files(tmp_path)[name]
    for argv in (["score", str(path)], ["convert", str(path), str(tmp_path / "out.json")]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert err.startswith("cjm: ") and err.count("\n") == 1 and BAD_FILES[name] in err
    assert not (tmp_path / "out.json").exists()


def test_score_table_and_json(tmp_path, capsys):
    path = write(tmp_path / "m.json", make_map_dict())
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0
    header, first, second, third = out.splitlines()
    assert header.split() == ["rank", "stage", "importance", "emotion", "score", "level"]
    assert first.split() == ["1", "Оценка", "5", "😡", "−2", "100", "critical"]
    assert second.split()[-1] == "warning" and third.split()[-1] == "unrated"
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    rows = json.loads(out)
    assert [r["rank"] for r in rows] == [1, 2, None]
    assert rows[0].items() >= {"stage_id": "b", "stage": "Оценка", "importance": 5, "emotion": -2, "score": 100.0,
                               "level": "critical", "rank": 1}.items()  # scoring v2 adds keys (why, …)


def test_convert_json_to_json(tmp_path, capsys):
    src = write(tmp_path / "in.json", make_map_dict())
    code, out, _ = run(capsys, "convert", str(src), str(tmp_path / "out.json"))
    assert code == 0 and read_map(tmp_path / "out.json") == read_map(src)


@pytest.mark.parametrize(
    ("dst", "message"),
    [("out.pdf", "cannot write .pdf; writable: "), ("in.json", "IN and OUT are the same file")],
)
def test_convert_refusals(tmp_path, capsys, dst, message):
    src = write(tmp_path / "in.json", make_map_dict())
    before = src.read_bytes()
    code, _, err = run(capsys, "convert", str(src), str(tmp_path / dst))
    assert code == 1 and message in err
    assert src.read_bytes() == before and not (tmp_path / "out.pdf").exists()


def test_convert_unknown_input_format(tmp_path, capsys):
    src = write(tmp_path / "in.txt", "hello")
    code, _, err = run(capsys, "convert", str(src), str(tmp_path / "out.json"))
    assert code == 1 and "cannot read .txt; readable: .csv, .json, .xlsx" in err


def test_schema_command_prints_the_checked_in_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and out == (ROOT / "docs" / "map.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["score"], ["score", "a", "--format", "xml"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage error" in capsys.readouterr().err


def test_real_process_never_prints_a_traceback(tmp_path):
    """As a user runs it: `python -m cjm`, in a subprocess, on garbage."""
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xff\xfe garbage")
    for argv, expected in ((["validate", str(garbage)], 1), (["score", str(garbage)], 1), (["nonsense"], 2),
                           (["templates"], 0)):
        result = subprocess.run([sys.executable, "-m", "cjm", *argv], cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == expected, result.stderr
        assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("suffix", "expected"), [(".csv", "Stage,Actions"), (".md", "# Test map"),
                                                  (".mmd", "journey\n  title Test map")])
def test_convert_to_text_formats(tmp_path, capsys, suffix, expected):
    src = write(tmp_path / "in.json", make_map_dict())
    out = tmp_path / f"out{suffix}"
    assert run(capsys, "convert", str(src), str(out))[0] == 0
    assert expected in out.read_text(encoding="utf-8-sig")


def test_convert_a_foreign_csv_into_a_map(tmp_path, capsys):
    src = tmp_path / "audit.csv"
    src.write_bytes("Этап;Действия;Важность;Эмоции\nПоиск;Ищет в Яндексе;5/5;😡\nПокупка;Платит;3;+1\n".encode())
    out = tmp_path / "audit.json"
    code, _, err = run(capsys, "convert", str(src), str(out))
    assert (code, err) == (0, "")
    m = read_map(out)
    assert [s.name for s in m.stages] == ["Поиск", "Покупка"]
    assert m.stages[0].values["importance"] == 5 and m.stages[0].values["emotion"]["score"] == -2


def test_convert_refuses_garbage_spreadsheets(tmp_path, capsys):
    src = tmp_path / "broken.xlsx"
    src.write_bytes(b"\x00\x01 not a zip at all" * 100)
    code, out, err = run(capsys, "convert", str(src), str(tmp_path / "out.json"))
    assert code == 1 and out == "" and err.startswith("cjm: ") and err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_convert_json_to_xlsx_and_back_is_exact(tmp_path, capsys):
    src = write(tmp_path / "in.json", make_map_dict())
    assert run(capsys, "convert", str(src), str(tmp_path / "map.xlsx"))[0] == 0
    assert run(capsys, "convert", str(tmp_path / "map.xlsx"), str(tmp_path / "back.json"))[0] == 0
    original, back = read_map(src).model_dump(mode="json"), read_map(tmp_path / "back.json").model_dump(mode="json")
    for key in ("id", "created", "updated"):
        original.pop(key), back.pop(key)
    assert back == original
