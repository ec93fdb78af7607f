"""The funnel from an event log (cjm/eventlog.py, `cjm funnel`): planted conversions and times, the ordered
funnel against a plain-Python walk (hypothesis), stages matched to events, counts into the map, bad files."""

from __future__ import annotations

import csv
import io
import json
import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.cli import main
from cjm.editing import set_value
from cjm.editor import MapEditor
from cjm.errors import CJMError
from cjm.eventlog import detect_columns, from_file, funnel, load, match_stages, name_key, write_counts
from cjm.mapfile import read_map, write_map
from cjm.model import METRICS_KEY
from cjm.scoring import funnel as map_funnel
from cjm.storage import MapStore
from cjm.tables import DataError, open_table
from cjm.templates import new_map_from_template

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def log_csv(rows: list[tuple[str, str, datetime | str]], header=("customer_id", "event", "timestamp"), sep=",",
            fmt="%Y-%m-%d %H:%M:%S") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for customer, event, when in rows:
        writer.writerow([customer, event, when.strftime(fmt) if isinstance(when, datetime) else when])
    return out.getvalue()


def walk(rows, steps: list[list[str]]):
    """The funnel of ``rows`` over ``steps`` (lists of events), as the app builds it for a map's stages."""
    with open_table(log_csv(rows).encode(), "e.csv") as table:
        log = load(table, detect_columns(table))
        return funnel(log, [("/".join(names), names, None) for names in steps])


def planted(customers: int = 1000, seed: int = 3) -> list[tuple[str, str, datetime]]:
    """Everyone visits; 60 % view a product 2 h later, half of them add to cart 5 h after that, half of those buy
    24 h later. Rows shuffled, a few repeated visits and views mixed in."""
    rng = random.Random(seed)
    rows = []
    for n in range(customers):
        who, t = f"c{n:05d}", START + timedelta(minutes=n)
        rows.append((who, "visit", t))
        if n % 10 < 6:
            rows.append((who, "view_product", t + timedelta(hours=2)))
            rows.append((who, "visit", t + timedelta(hours=3)))  # a repeat: changes nothing
            if n % 10 < 3:
                rows.append((who, "add_to_cart", t + timedelta(hours=7)))
                if n % 20 < 3:
                    rows.append((who, "purchase", t + timedelta(hours=31)))
    rng.shuffle(rows)
    return rows


def test_planted_conversions_and_median_times():
    log, steps = from_file(log_csv(planted()).encode(), "events.csv")
    assert (log.rows, log.customers, log.left_out, log.skipped) == (2650, 1000, 0, 0)
    assert [s.stage for s in steps] == ["visit", "view_product", "add_to_cart", "purchase"]
    assert [s.customers for s in steps] == [1000, 600, 300, 150]
    assert [s.conversion for s in steps] == [0.6, 0.5, 0.5, None]
    assert [s.drop_off for s in steps] == [0.4, 0.5, 0.5, None]
    assert [s.median_hours_to_next for s in steps] == [2.0, 5.0, 24.0, None]
    assert steps[0].as_json() == {"stage": "visit", "customers": 1000, "conversion": 0.6, "drop_off": 0.4,
                                  "median_hours_to_next": 2.0, "events": ["visit"]}


def test_an_event_before_the_previous_step_does_not_count_and_a_later_one_does():
    rows = [
        ("a", "buy", START), ("a", "visit", START + timedelta(hours=1)),  # bought before visiting: not reached
        ("b", "visit", START), ("b", "buy", START - timedelta(hours=5)), ("b", "buy", START + timedelta(hours=4)),
        ("c", "visit", START), ("c", "visit", START + timedelta(hours=9)), ("c", "buy", START + timedelta(hours=10)),
    ]
    steps = walk(rows, [["visit"], ["buy"]])
    assert [(s.stage, s.customers) for s in steps] == [("visit", 3), ("buy", 2)]
    # b: 4 h (the purchase after the visit), c: 10 h (from the first visit) — median 7
    assert steps[0].median_hours_to_next == 7.0 and steps[0].conversion == pytest.approx(2 / 3, abs=1e-4)


def reference(rows: list[tuple[str, str, int]], steps: list[list[str]]) -> tuple[list[int], list[float | None]]:
    """The ordered funnel walked customer by customer in plain Python."""
    by_customer: dict[str, list[tuple[int, str]]] = {}
    for who, event, ts in rows:
        by_customer.setdefault(who, []).append((ts, event))
    counts, gaps = [0] * len(steps), [[] for _ in steps]
    for events in by_customer.values():
        t = None
        for k, names in enumerate(steps):
            times = [ts for ts, e in events if e in names and (t is None or ts >= t)]
            if not times:
                break
            new = min(times)
            if t is not None:
                gaps[k - 1].append(new - t)
            t = new
            counts[k] += 1
    return counts, [round(statistics.median(g) / 3_600_000_000, 2) if g else None for g in gaps]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from(["v", "p", "c", "x"]),
                          st.integers(0, 48)), min_size=1, max_size=60))
def test_the_funnel_is_the_ordered_walk_of_every_customer(events):
    rows = [(who, event, START + timedelta(hours=h)) for who, event, h in events]
    steps_wanted = [["v"], ["p", "x"], ["c"]]
    got = walk(rows, steps_wanted)
    micro = [(who, e, int((t - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1_000_000)) for who, e, t in rows]
    counts, hours = reference(micro, steps_wanted)
    assert [s.customers for s in got] == counts
    assert [s.median_hours_to_next for s in got][:-1] == hours[:-1]


def test_without_a_map_the_events_come_in_the_order_customers_reach_them():
    rows = []
    for n in range(50):
        t = START + timedelta(days=n)
        rows += [(f"u{n}", "zeta_signup", t), (f"u{n}", "alpha_onboarding", t + timedelta(hours=1))]
        if n % 2:
            rows.append((f"u{n}", "middle_paid", t + timedelta(hours=2)))
    _, steps = from_file(log_csv(rows).encode(), "e.csv")
    assert [s.stage for s in steps] == ["zeta_signup", "alpha_onboarding", "middle_paid"]
    assert [s.customers for s in steps] == [50, 50, 25]


def test_stages_match_events_without_case_spaces_or_underscores():
    m = new_map_from_template("classic_5stage", "en")
    names = [s.name for s in m.stages]
    events = [names[0].upper(), names[1].replace(" ", "_").lower(), f"  {names[2]}  ", "something else"]
    matched = match_stages(m, events)
    assert [matched[s.id] for s in m.stages] == [[events[0]], [events[1]], [events[2]], [], []]
    assert name_key("Добавление в корзину") == name_key("добавление_в-корзину") == name_key("ДОБАВЛЕНИЕ В КОРЗИНУ")
    assert name_key("Ёлка") == name_key("елка")


def test_a_maps_stages_are_the_steps_and_the_counts_go_into_its_metrics_lane_as_one_version(tmp_path):
    m = new_map_from_template("saas_demo", "ru")
    names = [s.name for s in m.stages]
    rows = []
    for n in range(100):
        t = START + timedelta(hours=n)
        rows.append((f"k{n}", names[0].lower(), t))
        if n < 80:
            rows.append((f"k{n}", names[1].upper(), t + timedelta(hours=1)))
        if n < 20:
            rows.append((f"k{n}", names[3], t + timedelta(hours=3)))
    log, steps = from_file(log_csv(rows, header=("Клиент", "Событие", "Дата и время"), sep=";",
                                      fmt="%d.%m.%Y %H:%M").encode("cp1251"), "события.csv", m=m)
    assert log.time_format == "dmy"
    assert [s.customers for s in steps] == [100, 80, None, 20]
    assert [s.conversion for s in steps] == [0.8, None, None, None]  # no data for the unmatched stage
    assert [s.stage_id for s in steps] == [s.id for s in m.stages]

    store = MapStore(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    stored = store.create(m).map
    editor = MapEditor(store, stored.id)
    changed = editor.apply(lambda mm: write_counts(mm, steps), "counts")
    assert editor.version == 2
    assert [s.values.get(METRICS_KEY) for s in changed.stages] == [100, 80, None, 20]
    assert [f.conversion for f in map_funnel(changed)] == [0.8, None, None, None]  # scoring reads the same counts
    editor.undo()
    assert store.get(stored.id).map.lane(METRICS_KEY) is None
    store.close()


def test_counts_replace_old_ones_and_a_stage_without_data_is_cleared():
    m = new_map_from_template("clothing_abandoned_cart", "en")
    before = [s.values.get(METRICS_KEY) for s in m.stages]
    assert all(v is not None for v in before)
    from cjm.eventlog import Step

    steps = [Step(s.name, ("e",), 7 if k == 0 else None, None, None, None, s.id) for k, s in enumerate(m.stages)]
    changed = write_counts(m, steps)
    assert [s.values.get(METRICS_KEY) for s in changed.stages] == [7] + [None] * (len(before) - 1)


def test_timestamps_in_several_formats_and_parquet_types(tmp_path):
    rows = [("a", "x", START), ("a", "y", START + timedelta(hours=3)), ("b", "x", START)]
    for fmt, expected in [("%Y-%m-%d %H:%M:%S", "iso"), ("%Y-%m-%dT%H:%M", "iso"), ("%Y-%m-%d", "iso"),
                          ("%Y-%m-%dT%H:%M:%SZ", "iso_offset"), ("%Y-%m-%dT%H:%M:%S+03:00", "iso_offset"),
                          ("%d.%m.%Y %H:%M", "dmy"), ("%d/%m/%Y %H:%M:%S", "dmy"), ("%s", "unix")]:
        log, steps = from_file(log_csv(rows, fmt=fmt).encode(), "t.csv")
        assert log.time_format == expected, fmt
        assert [s.customers for s in steps] == [2, 1], fmt
        assert steps[0].median_hours_to_next == (0.0 if fmt == "%Y-%m-%d" else 3.0), fmt
    # an offset is a moment: 10:00 in Moscow (+03:00) is 07:00 UTC, three hours before 10:00 UTC
    _, steps = from_file(b"customer,event,timestamp\na,x,2024-05-01T10:00:00+03:00\na,y,2024-05-01T10:00:00Z\n",
                         "tz.csv")
    assert steps[0].median_hours_to_next == 3.0
    import pandas as pd

    path = tmp_path / "events.parquet"
    pd.DataFrame({"user_id": [1, 1, 2], "event_name": ["x", "y", "x"],
                  "event_time": pd.to_datetime([START, START + timedelta(hours=3), START])}).to_parquet(path)
    log, steps = from_file(path)
    assert log.time_format == "native" and [s.customers for s in steps] == [2, 1]
    assert steps[0].median_hours_to_next == 3.0


# --- bad input --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"customer,event,time\n", "no rows below the header"),
    (b"event,time\nx,2024-01-01\n", "no customer id column"),
    (b"customer,time\na,2024-01-01\n", "no event column"),
    (b"customer,event\na,x\n", "no timestamp column"),
])
def test_bad_event_logs_get_one_line(data, message):
    with pytest.raises(CJMError) as caught:
        from_file(data, "bad.csv")
    assert message in caught.value.message and "\n" not in caught.value.message


def test_unparsable_timestamps_are_refused_naming_the_first_row_and_how_many():
    rows = [("a", "x", "2024-01-01 10:00"), ("b", "x", "2024-01-02 10:00"), ("c", "y", "вчера"),
            ("d", "y", "2024-01-03 10:00"), ("e", "y", "soon")]
    with pytest.raises(DataError) as caught:
        from_file(log_csv(rows).encode(), "e.csv")
    assert caught.value.message == ('e.csv: 2 values in the column "timestamp" do not read as a date and time, the '
                                    'first in row 4: "вчера" (write 2024-05-31 14:05 or 31.05.2024 14:05)')
    assert caught.value.text("ru").startswith('e.csv: 2 значения в столбце "timestamp" не читаются как дата и время, '
                                              'первое — в строке 4: "вчера"')


def test_an_empty_timestamp_is_refused_too_and_rows_without_a_customer_are_counted():
    with pytest.raises(DataError, match="row 3"):
        from_file(b"customer,event,timestamp\na,x,2024-01-01\nb,x,\n", "e.csv")
    log, steps = from_file(b"customer,event,timestamp\na,x,2024-01-01\n,x,2024-01-01\nb,,2024-01-01\n", "e.csv")
    assert (log.rows, log.skipped, log.customers) == (3, 2, 1)


def test_a_60_mb_event_log_upload_is_refused_before_parsing():
    with pytest.raises(DataError) as caught:
        from_file(b"\xff" * (60 * 1024 * 1024), "huge.csv")
    assert caught.value.message == "huge.csv: 60.0 MB, over the limit of 20.0 MB"


# --- the command ----------------------------------------------------------------------------------------
def test_cli_json_and_table(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(log_csv(planted(200)))
    assert main(["funnel", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    found = json.loads(out)
    assert [set(s) >= {"stage", "customers", "conversion", "drop_off", "median_hours_to_next"} for s in found] == \
        [True] * 4
    assert [s["customers"] for s in found] == [200, 120, 60, 30] and "200 customers" in err
    assert main(["funnel", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["stage", "customers", "conversion"]
    assert lines[1].split() == ["visit", "200", "60.0%", "40.0%", "2"]


def test_cli_into_writes_the_metrics_lane_only_when_told_to_overwrite(tmp_path, capsys):
    m = new_map_from_template("saas_demo", "en")
    m = set_value(m, m.stages[0].id, "goals", "keep me")
    map_path = tmp_path / "map.json"
    write_map(m, map_path)
    rows = [(f"u{n}", m.stages[0].name, START) for n in range(10)] + \
        [(f"u{n}", m.stages[1].name.lower(), START + timedelta(hours=1)) for n in range(4)]
    events = tmp_path / "events.csv"
    events.write_text(log_csv(rows))
    original = map_path.read_bytes()
    assert main(["funnel", str(events), "--into", str(map_path)]) == 1
    assert "exists already; use --force" in capsys.readouterr().err
    assert map_path.read_bytes() == original  # untouched
    assert main(["funnel", str(events), "--into", str(map_path), "--force", "--format", "json"]) == 0
    written = read_map(map_path)
    assert [s.values.get(METRICS_KEY) for s in written.stages] == [10, 4, None, None]
    assert written.stages[0].values["goals"] == "keep me"
    assert "2 of 4 stages" in capsys.readouterr().err
    new = tmp_path / "new.json"
    assert main(["funnel", str(events), "--map", str(map_path), "--into", str(new)]) == 0
    assert read_map(new).stages[1].values[METRICS_KEY] == 4
    assert main(["funnel", str(events), "--into", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_a_missing_file_and_named_columns(tmp_path, capsys):
    assert main(["funnel", str(tmp_path / "nope.csv")]) == 1
    assert capsys.readouterr().err.strip() == f"cjm: {tmp_path / 'nope.csv'}: no such file"
    path = tmp_path / "e.csv"
    path.write_text("who,what,when\na,x,2024-01-01\n")
    assert main(["funnel", str(path)]) == 1
    assert "no customer id column" in capsys.readouterr().err
    assert main(["funnel", str(path), "--customer-column", "who", "--event-column", "what",
                 "--time-column", "when"]) == 0


# --- hostile event names ----------------------------------------------------------------------------------
odd_text = st.text(min_size=1, max_size=30) | st.sampled_from(
    ["\u0301a", "שלום", "\u202eevil", "a\x00b", "\ud800", "=1+1", "x" * 3000, "'; DROP TABLE ev; --", "a\nb", "\ufffe"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odd_text, min_size=1, max_size=4, unique=True), odd_text)
def test_hostile_event_and_customer_names_never_crash(events, customer):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["customer", "event", "timestamp"])
    for k, event in enumerate(events):
        writer.writerow([customer, event, f"2024-01-0{k + 1} 10:00"])
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    m = new_map_from_template("saas_demo", "en")
    try:
        log, steps = from_file(data, "hostile.csv", m=m)
    except CJMError as exc:
        assert "\n" not in exc.message
        return
    assert {e.name for e in log.events} <= {e.strip(" \t\r\n") for e in events}
    write_counts(m, steps)  # counts are numbers keyed by stage id: always storable
