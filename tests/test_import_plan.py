"""The import plan a person can fix (cjm.import_plan), its profiles (cjm.import_profiles) and ``cjm import``."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.cli import main
from cjm.errors import CJMError
from cjm.formats import import_bytes
from cjm.import_plan import CUSTOM, Choices, PlanError, apply, cli_choices, defaults, reading
from cjm.import_profiles import ProfileStore
from cjm.scoring import score_map
from cjm.storage import MapStore
from tests.xlsx_helpers import xlsx

EN_PRIORITY = [
    ["Onboarding audit — Acme CRM"],
    ["Persona: Olga, office manager, first CRM"],
    [],
    ["Stage", "Doing", "Priority", "Mood", "Pain points"],
    ["Sign up", "Fills the form", "Low", "🙂", "Captcha"],
    ["Import contacts", "Uploads CSV", "High", "😤", "Wrong encoding\nDuplicates"],
    ["Invite team", "Sends invites", "Medium", "Meh", None],
]


def plan_of(rows, name="audit.xlsx", language="en", **merge):
    m, understood = import_bytes(xlsx(rows, **merge), name, language)
    return m, understood.plan


def test_reading_a_foreign_file_gives_a_plan_with_guesses():
    m, plan = plan_of(EN_PRIORITY)
    assert [s.id for s in plan.sources] == ["Doing", "Priority", "Mood", "Pain points"]
    assert defaults(plan).lanes == {"Doing": "actions", "Priority": CUSTOM, "Mood": "emotion",
                                    "Pain points": "pain_points"}
    assert m.title == "Onboarding audit — Acme CRM" and m.persona == "Olga, office manager, first CRM"
    mood = reading(plan, "Mood", defaults(plan))
    assert [c.score for c in mood.cells] == [1, -2, None] and mood.unknown == ("Meh",)


def test_a_lane_changed_and_a_value_mapped_make_the_bottleneck():
    _, plan = plan_of(EN_PRIORITY)
    guess_map, _ = apply(plan)
    assert all(s.score is None for s in score_map(guess_map))  # no importance lane: no ranking
    choices = Choices({"Priority": "importance"}, {"Priority": {"high": 5}, "Mood": {"meh": -1}})
    assert [v for v, _ in reading(plan, "Priority", choices).values] == ["Low", "High", "Medium"]
    m, understood = apply(plan, choices)
    assert [s.values.get("importance") for s in m.stages] == [1, 5, 3]
    assert m.stages[2].values["emotion"] == {"score": -1, "words": "Meh"}
    top = min(score_map(m), key=lambda s: s.rank or 99)
    assert top.stage == "Import contacts" and top.level == "critical"
    assert "Priority: three levels in words: Low = 1, Medium = 3" in understood.notes  # High was chosen


def test_choices_that_do_not_fit_are_refused_in_one_line():
    _, plan = plan_of(EN_PRIORITY)
    for bad in (Choices({"Nope": "importance"}), Choices({"Priority": "weather"}),
                Choices({"Priority": "importance"}, {"Priority": {"high": 9}}),
                Choices({}, {"Doing": {"x": 1}})):
        with pytest.raises(PlanError) as info:
            apply(plan, bad)
        assert "\n" not in str(info.value)


def test_a_merged_phase_row_above_the_stages_becomes_phases_in_both_orientations():
    rows = [["Путь клиента: фитнес-клуб"], [None, "До покупки", None, "Покупка", "После"],
            ["Этап", "Поиск", "Сравнение", "Оплата", "Первое занятие"],
            ["Действия", "Ищет", "Сравнивает", "Платит", "Приходит"], ["Важность", "высокая", "средняя", "критично", 3]]
    m, plan = plan_of(rows, language="ru", merge="B2:C2")
    assert [(p.name, [m.stages[[s.id for s in m.stages].index(i)].name for i in p.stages]) for p in m.phases] == [
        ("До покупки", ["Поиск", "Сравнение"]), ("Покупка", ["Оплата"]), ("После", ["Первое занятие"])]
    assert m.title == "Путь клиента: фитнес-клуб" and len(m.stages) == 4
    down = [["Phase", "Stage", "Actions"], ["Before", "Search", "Googles"], [None, "Compare", "Reads reviews"],
            ["During", "Pay", "Pays"]]
    m, _ = plan_of(down)
    assert [p.name for p in m.phases] == ["Before", "During"] and [len(p.stages) for p in m.phases] == [2, 1]


def test_notes_beside_and_under_the_table_go_to_the_description():
    rows = [["Stage", "Actions", "Importance", None, "Source: 12 interviews, May"],
            ["Search", "Googles", 4, None, None], ["Pay", "Pays", 5, None, "Second note"],
            [], ["Updated by Anna"]]
    m, plan = plan_of(rows)
    assert [s.name for s in m.stages] == ["Search", "Pay"] and [s.id for s in plan.sources] == ["Actions",
                                                                                              "Importance"]
    assert m.description.splitlines() == ["Source: 12 interviews, May", "Second note", "Updated by Anna"]


def test_cli_choices_from_options():
    _, plan = plan_of(EN_PRIORITY)
    chosen = cli_choices(plan, ["priority=importance"], ["High=5", "Mood:Meh=-1", "Low=none"])
    assert chosen.lanes == {"Priority": "importance"}
    assert chosen.values == {"Priority": {"high": 5, "low": None}, "Mood": {"high": 5, "meh": -1, "low": None}}
    with pytest.raises(PlanError, match="no row or column labelled “Weather”"):
        cli_choices(plan, ["Weather=importance"], [])
    with pytest.raises(PlanError):
        cli_choices(plan, ["Priority"], [])


def test_cli_import_writes_the_map_and_says_what_it_read(tmp_path, capsys):
    src = tmp_path / "audit.xlsx"
    src.write_bytes(xlsx(EN_PRIORITY))
    out = tmp_path / "audit.json"
    profile = tmp_path / "profile.json"
    code = main(["import", str(src), str(out), "--lang", "en", "--lane", "Priority=importance",
                 "--map-value", "Priority:High=5", "--save-profile", str(profile)])
    printed = capsys.readouterr().out
    assert code == 0 and "Priority → importance" in printed and "Mood: 1 value not read: «Meh»" in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [s["values"].get("importance") for s in doc["stages"]] == [1, 5, 3]
    assert json.loads(profile.read_text(encoding="utf-8"))["lanes"] == {"priority": "importance"}
    again = tmp_path / "again.json"
    assert main(["import", str(src), str(again), "--lang", "en", "--profile", str(profile)]) == 0
    assert [s["values"].get("importance") for s in json.loads(again.read_text("utf-8"))["stages"]] == [1, 5, 3]
    assert main(["import", str(src), str(out), "--force", "--lane", "Priority=weather"]) == 1  # refused
    assert "no lane “weather”" in capsys.readouterr().err


def test_profiles_are_remembered_by_labels_on_both_databases(database_url):
    _, plan = plan_of(EN_PRIORITY)
    with MapStore(database_url) as store:
        profiles = ProfileStore(store)
        assert profiles.load(plan) is None
        profiles.save(plan, Choices({"Priority": "importance", "Doing": "actions"}, {"Priority": {"high": 5}}))
        # the next file: same labels, other case and order, other stages
        other = [["STAGE", "pain points", "mood", "PRIORITY", "doing"], ["A", "x", "🙂", "High", "y"]]
        _, plan2 = plan_of(other)
        loaded = profiles.load(plan2)
        assert loaded.lanes == {"PRIORITY": "importance"} and loaded.values == {"PRIORITY": {"high": 5}}
        m, _ = apply(plan2, loaded)
        assert m.stages[0].values["importance"] == 5
        _, plan3 = plan_of([["Stage", "Doing", "Priority"], ["A", "x", "High"]])
        assert profiles.load(plan3) is None  # other labels: no profile
        profiles.save(plan2, defaults(plan2))  # back to the guesses: nothing left to remember
        assert profiles.load(plan) is None


# --- paste ------------------------------------------------------------------------------------------------------


def test_cells_pasted_from_a_spreadsheet_read_like_a_file():
    from cjm.formats import import_text

    m, understood = import_text("Этап\tДействия\tВажность\tЭмоции\nПоиск\t\"Ищет\nСравнивает\"\tвысокая\t😡\n"
                                "Оплата\tПлатит\tнизкая\t🙂\r\n", "ru")
    assert understood.kind == "paste" and [s.name for s in m.stages] == ["Поиск", "Оплата"]
    assert m.stages[0].values["actions"] == ["Ищет", "Сравнивает"] and m.stages[0].values["importance"] == 5
    assert m.title == "Вставленная таблица"
    for bad in ("", "   \n\t", "just some words"):
        with pytest.raises(CJMError) as info:
            import_text(bad, "en")
        assert "\n" not in str(info.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["High", "😡", "!!!", "7/10", "−", "\ud800",
                                                                           "\x00", "\u202e", "Этап", "Stage"])),
                         min_size=1, max_size=5), min_size=1, max_size=6))
def test_odd_pasted_cells_give_a_map_or_one_line(rows):
    from cjm.formats import import_text

    text = "\n".join("\t".join(cell.replace("\t", " ").replace("\n", " ").replace("\r", " ") for cell in row)
                     for row in [["Stage", "Actions", "Importance", "Emotions"], *rows])
    try:
        m, understood = import_text(text, "en")
    except CJMError as exc:
        assert "\n" not in str(exc)
        return
    plan = understood.plan
    again, _ = apply(plan, defaults(plan))
    assert len(again.stages) == len(m.stages)


def test_two_columns_into_one_lane_the_second_is_kept_and_said():
    _, plan = plan_of(EN_PRIORITY)
    m, understood = apply(plan, Choices({"Priority": "pain_points"}))
    assert m.stages[1].values["pain_points"] == ["High"]  # Priority came first
    assert m.lanes[-1].label == "Pain points" and m.stages[1].values[m.lanes[-1].key] == ["Wrong encoding",
                                                                                          "Duplicates"]
    assert "Pain points: the lane “Pain points & barriers” is taken by “Priority”, kept as a new lane" in \
        understood.notes


def test_an_unlabelled_merged_column_left_of_the_stages_is_phases():
    rows = [[None, "Этап", "Действия", "Важность"], ["До", "Поиск", "Ищет", 4], [None, "Выбор", "Сравнивает", 5],
            ["После", "Отзыв", "Пишет", 2]]
    m, plan = plan_of(rows, language="ru", merge="A2:A3")
    assert [(p.name, len(p.stages)) for p in m.phases] == [("До", 2), ("После", 1)]
    assert [s.id for s in plan.sources] == ["Действия", "Важность"]


def test_a_title_right_above_the_stage_names_is_the_title_not_a_phase():
    rows = [[None, "Checkout journey"], ["Stage", "Cart", "Pay", "Receipt"], ["Actions", "Adds", "Pays", "Reads"]]
    m, _ = plan_of(rows)
    assert m.phases == [] and m.title == "Checkout journey"
