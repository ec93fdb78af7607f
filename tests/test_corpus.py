"""The import corpus (tests/data/, made by tests/data/make_corpus.py): spreadsheets as people make them, RU and EN,
both orientations, xlsx and CSV. Each is imported with the reader's guesses (and, where the case says so, the
choices a person makes in the mapping step), scored, and its top bottleneck is the one a person names."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm import levels
from cjm.errors import CJMError
from cjm.formats import import_bytes
from cjm.import_plan import Choices, apply
from cjm.scoring import score_map
from cjm.storage import MapStore
from tests.data import make_corpus

DATA = Path(__file__).resolve().parent / "data"


def cases() -> list[make_corpus.Case]:
    make_corpus.CASES.clear()
    make_corpus.build(Path(__import__("tempfile").mkdtemp()))  # fills the table; the test reads the committed files
    return list(make_corpus.CASES)


CASES = cases()


def test_the_corpus_is_big_and_varied_enough():
    assert len(CASES) >= 12
    assert {c.language for c in CASES} == {"ru", "en"}
    assert {c.orientation for c in CASES} == {"stages-as-rows", "stages-as-columns"}
    assert {Path(c.name).suffix for c in CASES} == {".xlsx", ".csv"}
    assert any(c.phases for c in CASES) and any(c.persona for c in CASES) and any(c.description_has for c in CASES)
    assert (DATA / "ru_delivery_cp1251.csv").read_bytes().decode("cp1251").startswith("Этап;")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_gives_the_bottleneck_a_person_names(case):
    data = (DATA / case.name).read_bytes()
    m, understood = import_bytes(data, case.name, case.language)
    if case.choices:  # first without: the reader alone does not find it (the person's choices are needed)
        assert _top(m) != case.bottleneck
        m, understood = apply(understood.plan, Choices.from_json(case.choices))
    assert understood.orientation == case.orientation
    assert len(m.stages) == case.stages
    assert _top(m) == case.bottleneck, [(s.stage, s.score, s.level) for s in score_map(m)]
    top = min(score_map(m), key=lambda s: s.rank or 99)
    assert levels.is_bottleneck(top.level)
    if case.title:
        assert m.title == case.title
    assert m.persona == case.persona
    assert [p.name for p in m.phases] == list(case.phases)
    assert tuple(len(p.stages) for p in m.phases) == case.phase_sizes
    if case.phases:  # in map order, each stage in one phase
        assert [i for p in m.phases for i in p.stages] == [s.id for s in m.stages][: sum(case.phase_sizes)]
    if case.description_has:
        assert case.description_has in m.description
    for note in case.notes_have:
        assert any(text.startswith(note) for text in understood.notes), understood.notes
    assert not any(lane.label.endswith(("(not read)", "(не распознано)")) for lane in m.lanes)  # all values read


def _top(m) -> str | None:
    ranked = [s for s in score_map(m) if s.rank == 1]
    return ranked[0].stage if ranked else None


@pytest.mark.parametrize("name", ["bad_no_table.csv", "bad_not_a_zip.xlsx"])
def test_bad_input_gives_one_clear_line_and_changes_nothing(tmp_path, name):
    with MapStore(f"sqlite:///{tmp_path / 'cjm.sqlite3'}") as store:
        before = store.list_maps()
        with pytest.raises(CJMError) as info:
            import_bytes((DATA / name).read_bytes(), name, "en")
        assert "\n" not in str(info.value) and name in str(info.value)
        assert store.list_maps() == before
