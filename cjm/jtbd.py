"""Jobs to be done from deals: the stable combinations of goods and services inside a purchase.

"JTBD are the frequent motives of purchases, found in the structure of deals" (seed 002). From an orders file
(:mod:`cjm.tables` reads it: order lines, or one order per row with its items in one cell) we find the
combinations of two or more items bought together in at least ``min_support`` of the orders, with mlxtend's
FP-growth (``fpgrowth``) and its ``association_rules`` — no hand-made Apriori:

* **support** = orders holding every item of the combination / all orders (0…1), and that number of orders;
* the **best rule** inside the combination: the split ``if A then B`` with the highest confidence
  (``orders with A and B / orders with A``; a tie: the higher lift, then the shorter "if"), and its **lift**
  (``confidence / share of orders with B``: above 1, bought together more often than by chance).

Combinations are ranked by support (then more items first, then by name). A combination becomes a JTBD goal on
the stages a person picks (:func:`add_goal`): one line in the standard *Goals (JTBD)* lane that says it comes
from the data and with which support — ``хлеб + молоко (из данных: поддержка 30 %, 600 из 2 000 заказов)``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .editing import add_standard_lane, set_value
from .errors import CJMError
from .i18n import t
from .lanes import LaneType
from .model import Map
from .tables import Table, data_error, find_column, listed, open_table, pick_column, sql_text, trimmed
from .validation import shown

GOALS_KEY = "goals"
ROWS_ARE_ORDERS = ""  # as the order column: every row is one order (its items in one cell)
#: When every order is one row, the first of these found in at least a fifth of the sampled item cells splits
#: them into items (a comma only when no other is used: "Молоко 3,2% | хлеб" keeps its comma). Order lines (an
#: order over several rows) are never split: there an item is a cell, whatever it holds.
ITEM_SEPARATORS = (";", "|", "\n", ",")
SEPARATOR_SHARE = 0.2
SAMPLE_CELLS = 2_000
DENSE_CELLS = 50_000_000  # a larger order × item matrix is handed to FP-growth as a sparse one


@dataclass(frozen=True, slots=True)
class Combination:
    """Items bought together, how often, and the best rule inside the combination."""

    items: tuple[str, ...]
    support: float  # orders with every item / all orders, 0…1
    orders: int
    confidence: float  # of the best rule
    lift: float
    antecedent: tuple[str, ...]  # the best rule: if these…
    consequent: tuple[str, ...]  # …then these

    def as_json(self) -> dict[str, Any]:
        return {"items": list(self.items), "support": round(self.support, 4), "orders": self.orders,
                "confidence": round(self.confidence, 4), "lift": round(self.lift, 4),
                "rule": {"if": list(self.antecedent), "then": list(self.consequent)}}


@dataclass(frozen=True, slots=True)
class Layout:
    """How the file holds its orders: which columns, and whether a cell holds several items."""

    order: int | None  # the order id column; None: every row is an order
    item: int
    separator: str | None  # items in one cell are split on it; None: one item per cell


@dataclass
class Deals:
    """What was read from an orders file and what was found in it."""

    name: str
    columns: list[str]
    layout: Layout
    lines: int  # rows of the file
    orders: int
    items: int  # distinct items
    skipped: int  # rows without an order id or an item
    min_support: float
    combinations: list[Combination] = field(default_factory=list)

    def as_json(self) -> list[dict[str, Any]]:
        return [c.as_json() for c in self.combinations]


# --- reading --------------------------------------------------------------------------------------------
def check_support(min_support: float) -> float:
    if isinstance(min_support, bool) or not isinstance(min_support, (int, float)) or math.isnan(min_support) \
            or not limits.MIN_SUPPORT <= min_support <= 1:
        raise data_error("jtbd.bad_support", value=str(min_support), low=limits.MIN_SUPPORT)
    return float(min_support)


def guess_columns(columns: Sequence[str]) -> tuple[int | None, int | None]:
    """(order, item): the columns whose headers name them, or None (see :func:`cjm.tables.find_column`)."""
    item_index = find_column(columns, "item")
    order_index = find_column(columns, "order", taken=[i for i in (item_index,) if i is not None], generic_id=True)
    return order_index, item_index


def guess_layout(source: str | os.PathLike[str] | bytes, name: str | None = None, *,
                 max_bytes: int | None = None) -> Layout:
    """How an orders file holds its orders, found from its headers and first cells; a one-line DataError when
    the order or item column cannot be found."""
    with open_table(source, name, max_bytes=max_bytes) as table:
        return detect_layout(table)


def detect_layout(table: Table, order: str | None = None, item: str | None = None) -> Layout:
    """The order and item columns (named by the user, else found by their headers) and the items' separator.

    ``order=ROWS_ARE_ORDERS`` (""): no order column, every row is one order."""
    columns = table.columns
    guessed_order, guessed_item = guess_columns(columns)
    item_index = pick_column(columns, item)
    if item_index is None:
        item_index = guessed_item
    if item_index is None:
        raise data_error("jtbd.no_item_column", name=table.name, columns=listed(columns))
    if order == ROWS_ARE_ORDERS:
        order_index = None
    else:
        order_index = pick_column(columns, order)
        if order_index is None:
            order_index = guessed_order if guessed_order != item_index else \
                find_column(columns, "order", taken=[item_index], generic_id=True)
    if order_index == item_index:
        raise data_error("data.same_column", column=columns[item_index])
    cells = [row[0] for row in table.query(
        f"SELECT CAST({table.col(item_index)} AS VARCHAR) FROM data WHERE {table.col(item_index)} IS NOT NULL "
        f"LIMIT {SAMPLE_CELLS}")]
    separator = next((candidate for candidate in ITEM_SEPARATORS
                      if cells and sum(candidate in cell for cell in cells) >= SEPARATOR_SHARE * len(cells)), None)
    if separator is not None and order_index is not None and not table.query(
            f"SELECT count(*) = count(DISTINCT {table.col(order_index)}) FROM data")[0][0]:
        separator = None  # order lines: an item is a cell, whatever it holds
    if order_index is None and separator is None:
        raise data_error("jtbd.no_order_column", name=table.name, columns=listed(columns))
    return Layout(order_index, item_index, separator)


def _pairs_sql(table: Table, layout: Layout) -> str:
    """(order, item) of every item of every row, trimmed; several items of a cell split on the separator."""
    order = f"CAST({table.col(layout.order)} AS VARCHAR)" if layout.order is not None else \
        "CAST(row_number() OVER () AS VARCHAR)"
    rows = f"SELECT {order} AS o_raw, CAST({table.col(layout.item)} AS VARCHAR) AS cell FROM data"
    item = "cell" if layout.separator is None else f"unnest(string_split(cell, {sql_text(layout.separator)}))"
    return (f"SELECT {trimmed('o_raw')} AS o, {trimmed('i_raw')} AS i "
            f"FROM (SELECT o_raw, {item} AS i_raw FROM ({rows}))")


def find_combinations(source: str | os.PathLike[str] | bytes, name: str | None = None, *,
                      min_support: float = 0.05, order: str | None = None, item: str | None = None,
                      max_bytes: int | None = None) -> Deals:
    """Read an orders file and find its combinations (see the module doc). Raises a one-line CJMError."""
    min_support = check_support(min_support)
    with open_table(source, name, max_bytes=max_bytes) as table:
        layout = detect_layout(table, order, item)
        return combinations_in(table, layout, min_support)


def combinations_in(table: Table, layout: Layout, min_support: float) -> Deals:
    """The combinations of the open ``table`` read with ``layout``."""
    # one pass: every (order, item) with its count, the unusable ones (no order id, no item) among them
    table.execute("CREATE OR REPLACE TEMP TABLE pairs AS SELECT o, i, count(*) AS n "
                  f"FROM ({_pairs_sql(table, layout)}) GROUP BY o, i")
    bad = "o IS NULL OR o = '' OR i IS NULL OR i = ''"
    lines, skipped = table.query(f"SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE {bad}), 0) FROM pairs")[0]
    if layout.separator is not None:  # lines are rows, not items: counted on the rows
        cell = trimmed(f"CAST({table.col(layout.item)} AS VARCHAR)")
        order = "'x'" if layout.order is None else trimmed(f"CAST({table.col(layout.order)} AS VARCHAR)")
        lines, skipped = table.query(f"SELECT count(*), count(*) FILTER (WHERE coalesce({order}, '') = '' OR "
                                     f"coalesce({cell}, '') = '') FROM data")[0]
    if lines == 0:
        raise data_error("data.no_rows", name=table.name)
    table.execute(f"DELETE FROM pairs WHERE {bad}")
    orders, items = table.query("SELECT count(DISTINCT o), count(DISTINCT i) FROM pairs")[0]
    deals = Deals(table.name, list(table.columns), layout, lines, orders, items, skipped, min_support)
    if orders == 0:
        raise data_error("jtbd.no_orders", name=table.name)
    deals.combinations = _mine(table, orders, min_support)
    return deals


def _mine(table: Table, orders: int, min_support: float) -> list[Combination]:
    """FP-growth on the orders × frequent items matrix, then the best rule of each combination."""
    import numpy as np
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth

    threshold = max(math.ceil(min_support * orders - 1e-9), 1)
    names = [row[0] for row in table.query(
        "SELECT i FROM pairs GROUP BY i HAVING count(*) >= ? ORDER BY count(*) DESC, i", [threshold])]
    if len(names) < 2:
        return []
    table.execute("CREATE OR REPLACE TEMP TABLE codes AS SELECT i, (row_number() OVER (ORDER BY i) - 1)::INTEGER "
                  "AS code FROM (SELECT unnest(?::VARCHAR[]) AS i)", [names])
    cursor = table.con.execute(
        "SELECT (dense_rank() OVER (ORDER BY p.o) - 1)::INTEGER AS row, c.code FROM pairs p JOIN codes c USING (i)")
    found = cursor.fetchnumpy()
    ordered = sorted(names)
    rows = int(found["row"].max()) + 1 if len(found["row"]) else 0
    if rows * len(ordered) <= DENSE_CELLS:
        matrix = np.zeros((rows, len(ordered)), dtype=bool)
        matrix[found["row"], found["code"]] = True
        frame = pd.DataFrame(matrix, columns=ordered, copy=False)
    else:
        from scipy.sparse import csr_matrix

        sparse = csr_matrix((np.ones(len(found["row"]), dtype=bool), (found["row"], found["code"])),
                            shape=(rows, len(ordered)))
        frame = pd.DataFrame.sparse.from_spmatrix(sparse, columns=ordered)
    # FP-growth counts support among the rows it is given (orders with a frequent item); scaled to all orders
    itemsets = fpgrowth(frame, min_support=(threshold - 0.5) / rows, use_colnames=True,
                        max_len=limits.MAX_COMBINATION_ITEMS)
    counts = [round(s * rows) for s in itemsets["support"]]
    itemsets["support"] = [n / orders for n in counts]
    bigger = itemsets[itemsets["itemsets"].map(len) >= 2]
    if bigger.empty:
        return []
    count_of = {frozenset(s): n for s, n in zip(itemsets["itemsets"], counts, strict=True)}
    rules = association_rules(itemsets, num_itemsets=orders, metric="confidence", min_threshold=0.0,
                              return_metrics=["confidence", "lift"])
    best: dict[frozenset[str], tuple[Any, ...]] = {}
    for antecedent, consequent, confidence, lift in zip(rules["antecedents"], rules["consequents"],
                                                        rules["confidence"], rules["lift"], strict=True):
        whole = frozenset(antecedent) | frozenset(consequent)
        key = (confidence, lift, -len(antecedent), tuple(sorted(antecedent)))
        if whole not in best or key > best[whole][0]:
            best[whole] = (key, tuple(sorted(antecedent)), tuple(sorted(consequent)), confidence, lift)
    found_combinations = []
    for itemset in bigger["itemsets"]:
        whole = frozenset(itemset)
        _, antecedent, consequent, confidence, lift = best[whole]
        n = count_of[whole]
        found_combinations.append(Combination(tuple(sorted(whole)), n / orders, n, float(confidence), float(lift),
                                              antecedent, consequent))
    found_combinations.sort(key=lambda c: (-c.orders, -len(c.items), c.items))
    return found_combinations


# --- into the map ---------------------------------------------------------------------------------------
def number(value: float, language: str) -> str:
    """2000 → '2 000' in Russian, '2,000' in English; 12.5 → '12,5' / '12.5'."""
    if float(value).is_integer():
        text = f"{int(value):,}"
        return text.replace(",", "\u00a0") if language == "ru" else text
    text = f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",") if language == "ru" else text


class Shown(int):
    """A count that picks the plural form as a number and is written as ``text`` ('2 000')."""

    def __new__(cls, value: int, text: str) -> Shown:
        shown = super().__new__(cls, value)
        shown.text = text
        return shown

    def __format__(self, spec: str) -> str:
        return self.text


def percent(share: float, language: str) -> str:
    """0.3 → '30 %' (Russian) / '30%'; 0.125 → '12,5 %' / '12.5%' (one decimal at most)."""
    value = round(share * 100, 1)
    return t("jtbd.percent", language, value=number(value, language))


def goal_line(combination: Combination, total_orders: int, language: str, job: str = "") -> str:
    """The goal as it goes into the map: '[job: ]items (from the data: support 30 %, 600 of 2,000 orders)'."""
    items = " + ".join(combination.items)
    marker = t("jtbd.marker", language, support=percent(combination.support, language),
               orders=number(combination.orders, language), count=Shown(total_orders, number(total_orders, language)))
    job = " ".join(job.split())
    return f"{job}: {items} ({marker})" if job else f"{items} ({marker})"


def add_goal(m: Map, stage_ids: Sequence[str] | Iterable[str], line: str) -> Map:
    """``line`` added to the *Goals (JTBD)* lane of each stage in ``stage_ids`` (the lane is added when the map has
    none). A stage that already holds the same line keeps it once. One new map: one version, one undo."""
    wanted = list(dict.fromkeys(stage_ids))
    if not wanted:
        raise CJMError.keyed("err.jtbd.no_stages")
    unknown = [s for s in wanted if m.stage(s) is None]
    if unknown:
        raise CJMError.keyed("err.edit.no_stage", id=shown(unknown[0]))
    lane = m.lane(GOALS_KEY)
    if lane is None:
        m = add_standard_lane(m, GOALS_KEY)
        lane = m.lane(GOALS_KEY)
    assert lane is not None
    if lane.type not in (LaneType.TEXT, LaneType.LIST):
        raise CJMError.keyed("err.jtbd.lane_type", lane=lane.label, type=lane.type.value)
    changed = m
    for stage_id in wanted:
        current = changed.stage(stage_id).values.get(GOALS_KEY)  # type: ignore[union-attr]
        if lane.type is LaneType.LIST:
            items = list(current or [])
            if line not in items:
                changed = set_value(changed, stage_id, GOALS_KEY, [*items, line])
        else:
            text = current or ""
            if line not in text.splitlines():
                changed = set_value(changed, stage_id, GOALS_KEY, f"{text}\n{line}" if text else line)
    return changed
