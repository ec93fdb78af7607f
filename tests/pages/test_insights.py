"""Insights page (pages/insights.py) in-process: orders → combinations → a goal on the map; an event log →
the funnel → counts into the map; each as one version that Undo takes back; bad files in one line."""

from __future__ import annotations

from cjm.i18n import t
from cjm.model import METRICS_KEY
from tests.pages.conftest import add_map, open_page

PAGE = "pages/insights.py"


def orders_csv() -> bytes:
    """Bread and milk together in 3 of 10 orders (30 %), bread in 5, milk in 4."""
    baskets = [["хлеб", "молоко"]] * 3 + [["хлеб", "сыр"]] * 2 + [["молоко", "чай"]] + [["чай"]] * 4
    lines = ["Номер заказа;Товар"] + [f"{n};{item}" for n, basket in enumerate(baskets) for item in basket]
    return ("\n".join(lines) + "\n").encode("cp1251")


def events_csv(stage_names: list[str]) -> bytes:
    """10 customers reach stage 1, 6 go on to stage 2 (1 h later), 3 to stage 4 (2 h after that)."""
    rows = ["user_id,event_name,event_time"]
    for n in range(10):
        rows.append(f"u{n},{stage_names[0].upper()},2024-05-0{1 + n % 9} 10:00")
        if n < 6:
            rows.append(f"u{n},{stage_names[1]},2024-05-0{1 + n % 9} 11:00")
        if n < 3:
            rows.append(f"u{n},{stage_names[3].lower()},2024-05-0{1 + n % 9} 13:00")
    return ("\n".join(rows) + "\n").encode()


def test_orders_give_ranked_combinations_and_a_chart_without_an_open_map(data_dir):
    at = open_page(PAGE)
    assert at.title[0].value == t("insights.title", "en")
    at.file_uploader(key="orders_file").upload("orders.csv", orders_csv(), "text/csv")
    at.run()
    at.select_slider(key="min_support").set_value(0.2)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table[t("insights.col_items", "en")][:2]) == ["молоко + хлеб", "сыр + хлеб"]
    assert list(table[t("insights.col_support", "en")][:2]) == ["30%", "20%"]
    assert list(table[t("insights.col_orders", "en")][:2]) == [3, 2]
    assert len(at.get("vega_lite_chart")) == 1
    assert t("insights.no_map", "en") in [e.value for e in at.info]


def test_a_combination_becomes_a_goal_on_the_chosen_stages_as_one_version_and_undo_takes_it_back(store):
    m = add_map(store, "saas_demo", "ru")
    at = open_page(PAGE, lang="ru", map_id=m.id)
    at.file_uploader(key="orders_file").upload("заказы.csv", orders_csv(), "text/csv")
    at.run()
    chosen = [m.stages[0].id, m.stages[2].id]
    at.multiselect(key=f"goal_stages_{m.id}").set_value(chosen)
    at.text_input(key=next(w.key for w in at.text_input if w.key.startswith("job_"))).set_value("Завтрак")
    at.run()
    line = "Завтрак: молоко + хлеб (из данных: поддержка 30 %, 3 из 10 заказов)"
    assert line in [e.value for e in at.text]
    at.button(key="add_goal").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = store.get(m.id)
    assert stored.version == 2
    for stage in stored.map.stages:
        before = m.stage(stage.id).values.get("goals")
        if stage.id in chosen:
            assert stage.values["goals"].splitlines()[-1] == line
        else:
            assert stage.values.get("goals") == before
    assert t("insights.goal_added", "ru", count=2, version=2) in [e.value for e in at.success]
    at.button(key="undo_goal").click().run()
    assert not at.exception
    restored = store.get(m.id)
    assert restored.version == 3
    assert [s.values.get("goals") for s in restored.map.stages] == [s.values.get("goals") for s in m.stages]


def test_an_event_log_gives_the_funnel_and_its_counts_go_into_the_maps_metrics_lane(store):
    m = add_map(store, "saas_demo", "en")
    names = [s.name for s in m.stages]
    at = open_page(PAGE, map_id=m.id)
    at.file_uploader(key="events_file").upload("events.csv", events_csv(names), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the stages found their events by name, case aside; the third has none
    feeds = [w for w in at.multiselect if w.key.startswith("feed_")]
    assert [w.value for w in feeds] == [[names[0].upper()], [names[1]], [], [names[3].lower()]]
    steps = at.dataframe[0].value
    assert list(steps[t("insights.col_customers", "en")]) == ["10", "6", "—", "3"]
    assert list(steps[t("insights.col_conversion", "en")]) == ["60%", "—", "—", "—"]
    assert list(steps[t("insights.col_hours", "en")]) == ["1", "—", "—", "—"]
    assert len(at.get("vega_lite_chart")) == 1

    at.button(key="write_counts").click().run()
    assert not at.exception
    stored = store.get(m.id)
    assert stored.version == 2
    assert [s.values.get(METRICS_KEY) for s in stored.map.stages] == [10, 6, None, 3]
    at.button(key="undo_counts").click().run()
    assert store.get(m.id).map.lane(METRICS_KEY) is None


def test_a_person_fixes_the_mapping_and_the_funnel_follows(store):
    m = add_map(store, "saas_demo", "en")
    names = [s.name for s in m.stages]
    at = open_page(PAGE, map_id=m.id)
    at.file_uploader(key="events_file").upload("events.csv", events_csv(names), "text/csv")
    at.run()
    third = next(w for w in at.multiselect if w.key.endswith(m.stages[2].id))
    third.set_value([names[3].lower()]).run()
    fourth = next(w for w in at.multiselect if w.key.endswith(m.stages[3].id))
    fourth.set_value([]).run()
    steps = at.dataframe[0].value
    assert list(steps[t("insights.col_customers", "en")]) == ["10", "6", "3", "—"]
    assert list(steps[t("insights.col_conversion", "en")]) == ["60%", "50%", "—", "—"]


def test_bad_files_are_one_line_and_nothing_breaks(store):
    m = add_map(store, "saas_demo", "en")
    at = open_page(PAGE, map_id=m.id)
    at.file_uploader(key="events_file").upload("events.csv", b"who,what\na,b\n", "text/csv")
    at.file_uploader(key="orders_file").upload("orders.csv", b"date,price\n2024-01-01,5\n", "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error] + [e.value for e in at.warning]
    assert any("no item column" in line for line in shown)
    assert any("timestamp" in line or "customer" in line for line in shown)
    assert all("\n" not in line for line in shown)
    assert store.get(m.id).version == 1


def test_the_russian_page_speaks_russian_and_the_events_can_be_their_own_steps(data_dir):
    at = open_page(PAGE, lang="ru")
    assert at.title[0].value == t("insights.title", "ru")
    at.file_uploader(key="events_file").upload(
        "events.csv", "Клиент;Событие;Дата и время\nа;вход;01.05.2024 10:00\nа;покупка;01.05.2024 12:30\n"
        "б;вход;02.05.2024 09:00\n".encode("cp1251"), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    steps = at.dataframe[0].value
    assert list(steps[t("insights.col_stage", "ru")]) == ["вход", "покупка"]
    assert list(steps[t("insights.col_conversion", "ru")]) == ["50 %", "—"]
    assert list(steps[t("insights.col_hours", "ru")]) == ["2,5", "—"]


def test_columns_not_found_by_their_headers_are_chosen_by_hand(data_dir):
    at = open_page(PAGE)
    at.file_uploader(key="orders_file").upload("o.csv", b"x;y\n1;a\n1;b\n2;a\n2;b\n3;c\n", "text/csv")
    at.run()
    assert t("insights.choose_columns", "en") in [e.value for e in at.info]
    assert not at.dataframe  # nothing read from a guess
    next(w for w in at.selectbox if w.key.startswith("order_col_")).set_value("x")
    next(w for w in at.selectbox if w.key.startswith("item_col_")).set_value("y")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table[t("insights.col_items", "en")]) == ["a + b"]
    assert list(table[t("insights.col_orders", "en")]) == [2]
