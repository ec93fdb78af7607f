"""JTBD from deals (cjm/jtbd.py, cjm/tables.py, `cjm jtbd`): planted combinations, file layouts, bad files,
hostile item names, and a combination turned into a goal on the map as one version."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm import limits
from cjm.cli import main
from cjm.editor import MapEditor
from cjm.errors import CJMError
from cjm.jtbd import Combination, add_goal, find_combinations, goal_line
from cjm.storage import MapStore
from cjm.tables import DataError, find_column
from cjm.templates import new_map_from_template


def order_lines(baskets: list[list[str]], header=("order_id", "item"), sep=",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for number, basket in enumerate(baskets, start=1):
        for item in basket:
            writer.writerow([f"A-{number:05d}", item])
    return out.getvalue()


def planted(orders: int = 1000, seed: int = 7) -> list[list[str]]:
    """Bread and milk together in exactly 30 % of the orders; bread alone in 10 %, milk alone in 20 %; noise
    items each in well under 30 %."""
    rng = random.Random(seed)
    baskets = []
    for n in range(orders):
        basket = []
        if n < orders * 3 // 10:
            basket += ["хлеб", "молоко"]
        elif n < orders * 4 // 10:
            basket.append("хлеб")
        elif n < orders * 6 // 10:
            basket.append("молоко")
        basket += rng.sample([f"товар {k}" for k in range(40)], 3)
        rng.shuffle(basket)
        baskets.append(basket)
    return baskets


def test_a_pair_in_exactly_30_percent_of_orders_is_found_with_its_support_confidence_and_lift():
    data = order_lines(planted()).encode()
    deals = find_combinations(data, "orders.csv", min_support=0.25)
    assert (deals.orders, deals.items, deals.lines) == (1000, 42, 3000 + 300 * 2 + 100 + 200)
    assert len(deals.combinations) == 1
    top = deals.combinations[0]
    assert top.items == ("молоко", "хлеб")
    assert top.support == 0.3 and top.orders == 300
    # bread in 400 orders, milk in 500: the best rule is bread → milk (300/400), lift 0.3 / (0.4 × 0.5)
    assert (top.antecedent, top.consequent) == (("хлеб",), ("молоко",))
    assert top.confidence == pytest.approx(0.75)
    assert top.lift == pytest.approx(1.5)
    assert top.as_json() == {"items": ["молоко", "хлеб"], "support": 0.3, "orders": 300, "confidence": 0.75,
                             "lift": 1.5, "rule": {"if": ["хлеб"], "then": ["молоко"]}}


def test_combinations_are_ranked_by_support_and_hold_two_items_or_more():
    baskets = [["a", "b", "c"]] * 5 + [["a", "b"]] * 3 + [["c", "d"]] * 2
    deals = find_combinations(order_lines(baskets).encode(), "o.csv", min_support=0.2)
    assert [(c.items, c.orders) for c in deals.combinations] == [
        (("a", "b"), 8), (("a", "b", "c"), 5), (("a", "c"), 5), (("b", "c"), 5), (("c", "d"), 2)]
    assert all(len(c.items) >= 2 for c in deals.combinations)
    supports = [c.support for c in deals.combinations]
    assert supports == sorted(supports, reverse=True) and all(0 < s <= 1 for s in supports)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_russian_headers_semicolons_and_russian_excel_encodings(encoding):
    text = order_lines(planted(200), header=("Номер заказа", "Наименование товара"), sep=";")
    deals = find_combinations(text.encode(encoding), "заказы.csv", min_support=0.25)
    assert deals.columns == ["Номер заказа", "Наименование товара"]
    assert deals.combinations[0].items == ("молоко", "хлеб") and deals.combinations[0].support == 0.3


def test_one_order_per_row_with_its_items_in_one_cell():
    baskets = planted(100)
    text = "Чек;Товары\n" + "".join(f'{n};"{"; ".join(b)}"\n' for n, b in enumerate(baskets))
    deals = find_combinations(text.encode("cp1251"), "baskets.csv", min_support=0.25)
    assert deals.layout.separator == ";" and deals.orders == 100
    assert deals.combinations[0].items == ("молоко", "хлеб") and deals.combinations[0].orders == 30


def test_baskets_without_an_order_column_are_numbered_by_row_and_a_comma_inside_an_item_stays():
    rows = ["Молоко 3,2% | хлеб"] * 3 + ["Молоко 3,2% | сыр"] * 1
    text = "Items\n" + "".join(f'"{r}"\n' for r in rows)
    deals = find_combinations(text.encode(), "b.csv", min_support=0.5)
    assert deals.layout.order is None and deals.layout.separator == "|"
    assert [(c.items, c.orders) for c in deals.combinations] == [(("Молоко 3,2%", "хлеб"), 3)]


def test_parquet_order_lines(tmp_path):
    import pandas as pd

    rows = [(f"o{n}", item) for n, basket in enumerate(planted(300)) for item in basket]
    path = tmp_path / "orders.parquet"
    pd.DataFrame(rows, columns=["transaction_id", "product"]).to_parquet(path)
    deals = find_combinations(path, min_support=0.25)
    assert deals.combinations[0].items == ("молоко", "хлеб") and deals.combinations[0].orders == 90


def test_rows_without_an_order_or_item_are_left_out_and_counted():
    text = "order,item\n1,a\n1,b\n,c\n2,\n2,a\n2,b\n"
    deals = find_combinations(text.encode(), "o.csv", min_support=0.5)
    assert deals.skipped == 2 and deals.orders == 2
    assert deals.combinations[0].items == ("a", "b")


def test_named_columns_override_the_headers():
    text = "x,y,z\n1,a,q\n1,b,q\n2,a,q\n2,b,q\n"
    with pytest.raises(DataError, match="no item column"):
        find_combinations(text.encode(), "o.csv", min_support=0.5)
    deals = find_combinations(text.encode(), "o.csv", min_support=0.5, order="x", item="y")
    assert deals.combinations[0].items == ("a", "b")
    with pytest.raises(DataError, match='no column "nope"'):
        find_combinations(text.encode(), "o.csv", order="nope", item="y")


@pytest.mark.parametrize(("columns", "role", "expected"), [
    (["Дата", "ID заказа", "Товар"], "order", 1),
    (["Дата", "ID заказа", "Товар"], "item", 2),
    (["order_id", "SKU"], "item", 1),
    (["Номер чека (ККМ)", "Позиция"], "order", 0),
    (["user_id", "event_name", "event_time"], "customer", 0),
    (["user_id", "event_name", "event_time"], "event", 1),
    (["user_id", "event_name", "event_time"], "time", 2),
    (["Клиент", "Этап", "Дата и время"], "time", 2),
    (["foo", "bar"], "order", None),
])
def test_columns_are_found_by_russian_and_english_headers(columns, role, expected):
    assert find_column(columns, role) == expected


# --- bad input: one line each ----------------------------------------------------------------------------
@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"order,item\n", "no rows below the header"),
    (b"date,item\n2024-01-01,a\n2024-01-01,b\n", "no order id column"),
    (b"order,price\n1,10\n", "no item column"),
    (b"PK\x03\x04" + b"\x00" * 100, "an Excel workbook or a zip archive"),
    (b"order;item\n1;a\n\xd0\x98\x98\x98", "neither UTF-8 nor cp1251"),
])
def test_bad_orders_files_get_one_line(data, message):
    with pytest.raises(CJMError) as caught:
        find_combinations(data, "bad.csv")
    assert message in caught.value.message and "\n" not in caught.value.message


def test_a_60_mb_upload_is_refused_by_its_size_before_it_is_parsed():
    data = b"\x00" * (60 * 1024 * 1024)  # parsed, it would be refused as binary data
    with pytest.raises(DataError) as caught:
        find_combinations(data, "big.csv")
    assert caught.value.message == "big.csv: 60.0 MB, over the limit of 20.0 MB"
    assert caught.value.text("ru") == "big.csv: 60,0\u00a0МБ, больше предела 20,0\u00a0МБ"


def test_a_file_past_the_command_line_limit_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(limits.MAX_DATA_FILE_BYTES + 1)
    assert main(["jtbd", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"cjm: {path}: 2048.0 MB, over the limit of 2048.0 MB" and "\n" not in err


def test_utf8_at_the_start_and_cp1251_later_is_refused_naming_the_line():
    good = "order,item\n" + "".join(f"{n},молоко\n" for n in range(5000))
    data = good.encode() + "9999,хлеб\n".encode("cp1251")
    with pytest.raises(DataError) as caught:
        find_combinations(data, "mixed.csv")
    assert "not at line 5002" in caught.value.message


def test_ascii_at_the_start_and_cp1251_later_reads_as_cp1251():
    good = "order,item\n" + "".join(f"{n},milk\n{n},bread\n" for n in range(4000))
    data = good.encode() + "9999,хлеб\n9999,milk\n".encode("cp1251")
    deals = find_combinations(data, "late.csv", min_support=0.1)
    assert deals.items == 3 and deals.orders == 4001


def test_a_minimum_support_below_the_floor_is_one_line_and_not_a_share_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(order_lines(planted(20)))
    assert main(["jtbd", str(path), "--min-support", "0.0001"]) == 1
    assert capsys.readouterr().err.strip() == \
        "cjm: the minimum support is a share of orders from 0.001 to 1, got 0.0001"
    for bad in ("nan", "0", "1.5", "abc"):
        with pytest.raises(SystemExit) as caught:
            main(["jtbd", str(path), "--min-support", bad])
        assert caught.value.code == 2
        assert "a share of orders from 0 to 1" in capsys.readouterr().err


# --- the command ----------------------------------------------------------------------------------------
def test_cli_json_lists_items_support_orders_and_lift(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text(order_lines(planted()), encoding="cp1251")
    assert main(["jtbd", str(path), "--min-support", "0.25", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [{"items": ["молоко", "хлеб"], "support": 0.3, "orders": 300, "confidence": 0.75,
                                "lift": 1.5, "rule": {"if": ["хлеб"], "then": ["молоко"]}}]
    assert "1,000 orders" in err


def test_cli_table_ranks_by_support(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text(order_lines([["a", "b", "c"]] * 5 + [["a", "b"]] * 3))
    assert main(["jtbd", str(path), "--min-support", "0.5", "--top", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["support", "orders", "confidence", "lift", "items", "best", "rule"]
    assert lines[1].split()[:2] == ["100.0%", "8"] and "a + b" in lines[1]
    assert len(lines) == 3


# --- into the map ---------------------------------------------------------------------------------------
COMBO = Combination(("молоко", "хлеб"), 0.3, 600, 0.75, 1.8, ("хлеб",), ("молоко",))


def test_the_goal_line_says_it_comes_from_the_data_with_its_support():
    assert goal_line(COMBO, 2000, "ru") == "молоко + хлеб (из данных: поддержка 30 %, 600 из 2\u00a0000 заказов)"
    assert goal_line(COMBO, 2000, "en", job="  Make   breakfast ") == \
        "Make breakfast: молоко + хлеб (from the data: support 30%, 600 of 2,000 orders)"
    half = Combination(("a", "b"), 0.125, 1, 1.0, 1.0, ("a",), ("b",))
    assert "12,5 %" in goal_line(half, 8, "ru") and "12.5%" in goal_line(half, 8, "en")


def test_a_combination_becomes_a_goal_on_the_chosen_stages_as_one_version_that_undo_takes_back(tmp_path):
    store = MapStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    m = store.create(new_map_from_template("saas_demo", "ru")).map
    editor = MapEditor(store, m.id)
    line = goal_line(COMBO, 2000, "ru")
    chosen = [m.stages[1].id, m.stages[2].id]
    before = {s.id: s.values.get("goals") for s in m.stages}
    changed = editor.apply(lambda mm: add_goal(mm, chosen, line), "goal from data")
    assert editor.version == 2
    for stage in changed.stages:
        goals = stage.values.get("goals")
        if stage.id in chosen:
            assert goals.splitlines()[-1] == line and goals.startswith(before[stage.id] or line)
        else:
            assert goals == before[stage.id]
    again = add_goal(changed, chosen, line)  # the same goal twice stays once
    assert [s.values.get("goals") for s in again.stages] == [s.values.get("goals") for s in changed.stages]
    editor.undo()
    assert {s.id: s.values.get("goals") for s in store.get(m.id).map.stages} == before
    store.close()


def test_a_map_without_a_goals_lane_gets_one():
    m = new_map_from_template("saas_demo", "en")
    from cjm.editing import delete_lane

    m = delete_lane(m, "goals")
    changed = add_goal(m, [m.stages[0].id], "a + b (from the data: support 30%, 3 of 10 orders)")
    assert changed.lane("goals").label == "Goals (JTBD)"
    assert changed.stages[0].values["goals"] == "a + b (from the data: support 30%, 3 of 10 orders)"
    with pytest.raises(CJMError, match="pick at least one stage"):
        add_goal(m, [], "x")


# --- hostile item names ---------------------------------------------------------------------------------
odd_text = st.text(alphabet=st.characters(codec=None, categories=None), min_size=1, max_size=30) | st.sampled_from([
    "\u0301\u0301a", "שלום", "\u202eevil", "a\x00b", "\ud800", "=cmd|' /C calc'!A0", "x" * 5000, '"; DROP TABLE x; --',
    "\ufeff", "a\nb", "  ", "\ufffe"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odd_text, min_size=2, max_size=4, unique=True))
def test_hostile_item_names_are_read_exactly_or_refused_in_one_line(names):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["order", "item"])
    for order in range(4):
        for name in names:
            writer.writerow([order, name])
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    try:
        deals = find_combinations(data, "hostile.csv", min_support=0.5)
    except CJMError as exc:
        assert "\n" not in exc.message
        return
    kept = {n.strip(" \t\r\n") for n in names} - {""}
    for c in deals.combinations:
        assert set(c.items) <= kept
    m = new_map_from_template("saas_demo", "en")
    for c in deals.combinations[:3]:
        try:
            changed = add_goal(m, [m.stages[0].id], goal_line(c, deals.orders, "en"))
        except CJMError as exc:
            assert "\n" not in exc.message
        else:
            assert goal_line(c, deals.orders, "en") in changed.stages[0].values["goals"]


def test_each_row_can_be_said_to_be_an_order_even_when_a_column_looks_like_an_order_id():
    from cjm.jtbd import ROWS_ARE_ORDERS

    text = "id,items\n1,a;b\n1,a;b\n2,a;c\n"  # "id" repeats: read as order lines it would be two orders
    deals = find_combinations(text.encode(), "o.csv", min_support=0.5, order=ROWS_ARE_ORDERS)
    assert deals.orders == 3 and deals.combinations[0].items == ("a", "b") and deals.combinations[0].orders == 2
