"""Every template is valid, exists in Russian and English, and the two agree."""

from __future__ import annotations

import pytest

from cjm.errors import CJMError
from cjm.lanes import BY_KEY, LaneType
from cjm.mapfile import read_map
from cjm.scoring import score_map
from cjm.templates import ORDER, SAMPLE_DIR, find_template, list_templates, load_template, new_map_from_template

NUMERIC = (LaneType.IMPORTANCE, LaneType.NUMBER)


def test_every_listed_template_exists_in_both_languages():
    assert sorted(p.name for p in SAMPLE_DIR.glob("*.json")) == sorted(
        f"{template_id}.{lang}.json" for template_id in ORDER for lang in ("ru", "en"))
    assert [t.id for t in list_templates("ru")] == list(ORDER)
    assert [t.id for t in list_templates("en")] == list(ORDER)


@pytest.mark.parametrize("template_id", ORDER)
def test_ru_and_en_versions_agree(template_id):
    ru, en = load_template(template_id, "ru"), load_template(template_id, "en")
    assert (ru.language, en.language) == ("ru", "en")
    assert (ru.kind, ru.cyclic) == (en.kind, en.cyclic)
    assert [(lane.key, lane.type, lane.options and len(lane.options)) for lane in ru.lanes] == [
        (lane.key, lane.type, lane.options and len(lane.options)) for lane in en.lanes]
    assert [s.id for s in ru.stages] == [s.id for s in en.stages]
    for stage_ru, stage_en in zip(ru.stages, en.stages, strict=True):
        assert set(stage_ru.values) == set(stage_en.values), stage_ru.id
        for lane in ru.lanes:
            value_ru, value_en = stage_ru.values.get(lane.key), stage_en.values.get(lane.key)
            if lane.type in NUMERIC:
                assert value_ru == value_en, (stage_ru.id, lane.key)
            if lane.type is LaneType.EMOTION and value_ru:
                assert value_ru["score"] == value_en["score"], (stage_ru.id, lane.key)
    assert [s.level for s in score_map(ru)] == [s.level for s in score_map(en)]


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: f"{t.id}.{t.language}")
def test_standard_lanes_use_catalogue_labels(template):
    m = read_map(template.path)
    assert m.language == template.language
    for lane in m.lanes:
        standard = BY_KEY.get(lane.key)
        if standard:
            assert lane.type is standard.type, lane.key
            assert lane.label == standard.label(m.language), lane.key


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: f"{t.id}.{t.language}")
def test_filled_templates_have_a_clear_bottleneck_blanks_are_empty(template):
    m = read_map(template.path)
    scores = score_map(m)
    if template.blank:
        assert all(not s.values for s in m.stages)
        assert {s.level for s in scores} == {"unrated"}
    else:
        assert all(s.level != "unrated" for s in scores), "every filled stage is rated"
        assert scores[0].level in ("critical", "warning")


def test_stage_models_from_the_seeds():
    def names(template_id, lang="ru"):
        return [s.name for s in load_template(template_id, lang).stages]

    assert names("b2c_cyclic") == ["Осмысление", "Оценка", "Сделка", "Опыт (повтор)"]
    assert load_template("b2c_cyclic", "ru").cyclic
    assert names("b2b_linear") == ["Понимание задачи", "Обзор решений", "Формирование требований", "Выбор"]
    assert len(names("classic_5stage")) == 5 and len(names("normative_6stage")) == 6
    assert names("saas_demo")[1] == "Рассмотрение вариантов"


def test_b2b_maps_carry_the_dmu_roles():
    for template_id in ("b2b_linear", "blank_b2b_linear"):
        m = load_template(template_id, "ru")
        assert m.kind == "b2b"
        assert {"dmu_economic", "dmu_technical", "dmu_user"} <= {lane.key for lane in m.lanes}
    filled = load_template("b2b_linear", "en")
    assert all("dmu_economic" in s.values for s in filled.stages)


def test_saas_demo_matches_the_seed():
    m = load_template("saas_demo", "ru")
    assert [s.values["importance"] for s in m.stages] == [3, 5, 4, 5]
    assert [s.values["emotion"]["score"] for s in m.stages] == [-1, -2, 1, 2]
    assert m.stages[1].values["emotion"]["words"] == "Раздражение, Критическая Боль"
    assert any("калькулятор ROI" in item for item in m.stages[1].values["recommendations"])


def test_new_map_from_template_is_a_fresh_copy():
    template = load_template("saas_demo", "en")
    fresh = new_map_from_template("saas_demo", "en")
    assert fresh.id != template.id and fresh.created > template.created
    assert fresh.stages == template.stages and fresh.lanes == template.lanes


def test_unknown_template_is_a_clear_error():
    with pytest.raises(CJMError, match='no template "nope" in language "en"; templates: saas_demo, classic_5stage'):
        find_template("nope", "en")


def test_a_new_map_gets_the_title_it_is_given_and_a_refused_title_is_an_error():
    from cjm.errors import CJMError

    m = new_map_from_template("saas_demo", "ru", title="Аудит сайта «Оплата»")
    assert m.title == "Аудит сайта «Оплата»"
    with pytest.raises(CJMError, match="title"):
        new_map_from_template("saas_demo", "en", title="   ")


def test_unique_titles_number_the_duplicates():
    from cjm import limits
    from cjm.templates import unique_title

    assert unique_title("CJM demo", []) == "CJM demo"
    assert unique_title("CJM demo", ["cjm  DEMO"]) == "CJM demo (2)"
    assert unique_title("CJM demo", ["CJM demo", "CJM demo (2)"]) == "CJM demo (3)"
    long = "x" * limits.MAX_TITLE_CHARS
    assert len(unique_title(long, [long])) == limits.MAX_TITLE_CHARS


def test_a_new_maps_default_title_is_the_template_and_the_day_unique_in_the_library():
    from datetime import date

    from cjm import limits
    from cjm.templates import new_map_title

    day = date(2026, 11, 30)
    assert new_map_title("Демо CJM: SaaS", "ru", [], day) == "Демо CJM: SaaS — 30.11.2026"
    assert new_map_title("CJM demo", "en", [], day) == "CJM demo — 2026-11-30"
    assert new_map_title("CJM demo", "en", ["cjm demo — 2026-11-30"], day) == "CJM demo — 2026-11-30 (2)"
    long = new_map_title("x" * limits.MAX_TITLE_CHARS, "en", ["x" * 282 + " — 2026-11-30"], day)
    assert len(long) <= limits.MAX_TITLE_CHARS and long.endswith(" — 2026-11-30 (2)")
