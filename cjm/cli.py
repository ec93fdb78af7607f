"""``python -m cjm`` (or ``cjm`` when installed): everything the app does with maps, headless, and ``run``.

A user's mistake gives one line on stderr and exit code 1; a usage mistake exit code 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from . import emotion, evidence
from .actions import STATUSES
from .errors import CJMError
from .evidence import EVIDENCE
from .formats import CSV, READABLE, WRITABLE, check_writable, listed, read_any, read_understood, write_any
from .i18n import language_from_env
from .mapfile import json_schema_text
from .model import LANGUAGES
from .scoring import score_map
from .templates import list_templates, new_map_from_template

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def default_language() -> str:
    return language_from_env()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line + usage, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: usage error: {message}\n")


def _prog() -> str:
    return "cjm" if Path(sys.argv[0]).name == "cjm" else "python -m cjm"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port number from 1 to 65535, got {text!r}")
    return port


def _share(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:  # the lower limit (limits.MIN_SUPPORT) is checked with its message by cjm.jtbd
        raise argparse.ArgumentTypeError(f"a share of orders from 0 to 1 such as 0.05, got {text!r}")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number from 1, got {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_prog(), description="CJM Studio: customer journey maps from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = commands.add_parser("templates", help="list the templates")
    p.add_argument("--lang", choices=LANGUAGES, help="only templates in this language")

    p = commands.add_parser("new", help="make a new map file from a template")
    p.add_argument("template", help="template id (see 'templates'), optionally with .ru or .en")
    p.add_argument("out", help="the new map file (.json)")
    p.add_argument("--lang", choices=LANGUAGES, help="template language (default: from $LANG, else en)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = commands.add_parser("validate", help="check map files; one line per bad file")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-v", "--verbose", action="store_true", help="also print a line for each valid file")

    p = commands.add_parser("score", help="rank a map's stages by priority")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--weigh-by-evidence", action="store_true",
                   help="weigh each stage by the confidence of its importance and emotion, for this run")

    p = commands.add_parser("mark", help="mark how well a cell is backed: assumption, partly, validated or none",
                            description="Set or remove the evidence mark of one cell (the stage by id or name, the "
                                        "lane by key or label) and save the map; without STAGE, list the marks.")
    p.add_argument("path", metavar="MAP")
    p.add_argument("stage", metavar="STAGE", nargs="?")
    p.add_argument("lane", metavar="LANE", nargs="?")
    p.add_argument("mark", metavar="MARK", nargs="?", choices=(*EVIDENCE, "none"))
    p.add_argument("--only", choices=EVIDENCE, help="list only the cells with this mark")

    p = commands.add_parser("convert", help="convert a map between formats, by extension")
    p.add_argument("src", metavar="IN", help=f"input ({listed(READABLE)})")
    p.add_argument("dst", metavar="OUT", help=f"output ({listed(WRITABLE)})")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = commands.add_parser("jtbd", help="JTBD from deals: combinations of items bought together, by support",
                            description="Find the combinations of two or more items bought together in at least "
                                        "--min-support of the orders (FP-growth), with the best rule of each.")
    p.add_argument("path", metavar="ORDERS", help="order lines (an order id and an item column), or one order per "
                                                  "row with its items in one cell; CSV (',' or ';', UTF-8 or cp1251) "
                                                  "or Parquet")
    p.add_argument("--min-support", type=_share, default=0.05, metavar="SHARE",
                   help="the least share of orders a combination is in, 0.001-1 (default: 0.05)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--order-column", metavar="HEADER", help="the order id column (default: found by its header)")
    p.add_argument("--item-column", metavar="HEADER", help="the item column (default: found by its header)")
    p.add_argument("--top", type=_count, metavar="N", help="only the N combinations with the highest support")

    p = commands.add_parser("funnel", help="the funnel from an event log: customers, conversion, drop-off, time",
                            description="Customers reaching each step, conversion to the next, drop-off and median "
                                        "hours to the next, from an event log (customer, event, timestamp).")
    p.add_argument("path", metavar="EVENTS", help="the event log: CSV (',' or ';', UTF-8 or cp1251) or Parquet")
    p.add_argument("--map", metavar="MAP", help="the map whose stages are the steps (matched to event names "
                                                "without case and spaces); default: the events in the order "
                                                "customers typically reach them")
    p.add_argument("--into", metavar="MAP", help="write the counts into this map's metrics lane (the map of --map, "
                                                 "else this one); an existing file needs --force")
    p.add_argument("--force", action="store_true", help="let --into overwrite an existing file")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--customer-column", metavar="HEADER", help="the customer id column (default: by its header)")
    p.add_argument("--event-column", metavar="HEADER", help="the event column (default: by its header)")
    p.add_argument("--time-column", metavar="HEADER", help="the timestamp column (default: by its header)")

    p = commands.add_parser("diff", help="what changed between two maps, one line per change",
                            description="Every change from OLD to NEW: stages and lanes added, removed, renamed, "
                                        "moved, and each changed cell. Any readable format on either side.")
    p.add_argument("old", metavar="OLD", help=f"the map before ({listed(READABLE)})")
    p.add_argument("new", metavar="NEW", help=f"the map after ({listed(READABLE)})")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the lines (default: from $LANG, else en)")

    p = commands.add_parser("actions", help="a map's action plan: owner, due date, status, effort; CSV for trackers",
                            description="The map's actions (the app's Actions page). --format csv gives columns a "
                                        "tracker imports (Summary, Stage, Owner, Due, Status, Effort, Notes).")
    p.add_argument("path", metavar="MAP", help=f"the map ({listed(READABLE)})")
    p.add_argument("--format", choices=("table", CSV.extension, "json"), default="table")
    p.add_argument("--owner", metavar="NAME", help="only this owner's actions (case does not matter; '' = unassigned)")
    p.add_argument("--status", choices=STATUSES, action="append",
                   help="only actions with this status (give it again for several)")

    p = commands.add_parser("phases", help="list a map's phases; add, rename, set, unassign or delete one",
                            description="Phases group neighbouring stages (before / during / after). Without an "
                                        "option: each band in stage order. An option changes the map file in place "
                                        "(a phase and a stage are named by id or by name).")
    p.add_argument("path", metavar="MAP", help=f"the map ({listed(READABLE)}; changed in place in its own format)")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="NAME", help="add a phase over --stages (or none yet)")
    action.add_argument("--rename", nargs=2, metavar=("PHASE", "NAME"), help="give a phase a new name")
    action.add_argument("--set", metavar="PHASE", help="make --stages exactly the phase's stages (neighbours)")
    action.add_argument("--unassign", action="store_true", help="take --stages out of their phases")
    action.add_argument("--delete", metavar="PHASE", help="delete a phase; its stages stay")
    p.add_argument("--stages", metavar="STAGES", default="", help="stage ids or names, comma-separated")

    commands.add_parser("schema", help="print the JSON Schema of the map file format")

    p = commands.add_parser("import", help="a map from someone's spreadsheet or CSV, with the mapping fixed by options",
                            description="Reads IN as the app's import does and writes OUT; prints how each row or "
                            "column was read, what was assumed and the values not read. Fix the mapping with "
                            "--lane and --map-value (or a profile file) and run it again.")
    p.add_argument("src", metavar="IN", help="the spreadsheet (.xlsx) or CSV")
    p.add_argument("dst", metavar="OUT", help=f"the map to write ({listed(WRITABLE)})")
    p.add_argument("--lane", action="append", default=[], metavar="LABEL=LANE",
                   help="the row or column LABEL becomes LANE (a catalogue key such as importance, emotion, "
                   "pain_points, or custom); repeatable")
    p.add_argument("--map-value", action="append", default=[], metavar="[LABEL:]VALUE=SCORE",
                   help="VALUE of an importance or emotion lane reads as SCORE (1…5 or −2…+2; none: not read), "
                   "in the lane LABEL or every such lane; repeatable")
    p.add_argument("--profile", metavar="JSON", help="choices from a profile file (see docs/file-format.md)")
    p.add_argument("--save-profile", metavar="JSON", help="write the choices made to this profile file")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the new map and the notes (default: from $LANG)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = commands.add_parser("run", help="start the app (Streamlit) on http://localhost:PORT",
                            description="Start the CJM Studio app: `python -m streamlit run app.py` with the app's "
                                        "own Streamlit settings, wherever you start it from.")
    p.add_argument("--port", type=_port, default=8501, help="port to listen on (default: 8501)")
    p.add_argument("--host", help="address to listen on, e.g. 127.0.0.1 (default: every address, as Streamlit)")
    p.add_argument("--data-dir", metavar="DIR", help="folder of the SQLite database (default: $CJM_DATA_DIR, else "
                                                    "data/ in a source checkout or ~/.local/share/cjm-studio when "
                                                    "installed; $CJM_DATABASE_URL overrides both)")
    return parser


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CJMError(f"{path} exists already; use --force to overwrite it")
    if path.is_dir():
        raise CJMError(f"{path} is a folder")


def cmd_templates(args: argparse.Namespace) -> int:
    rows = list_templates(args.lang)
    width = max((len(t.id) for t in rows), default=0)
    for t in rows:
        print(f"{t.id:<{width}}  {t.language}  {len(t.stage_names):>2} stages  {t.title}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    template_id, language = args.template, args.lang
    stem, _, suffix = template_id.rpartition(".")
    if stem and suffix in LANGUAGES:
        template_id, language = stem, language or suffix
    language = language or default_language()
    out = Path(args.out)
    check_writable(out)
    _refuse_overwrite(out, args.force)
    m = new_map_from_template(template_id, language)
    write_any(m, out)
    print(f"{out}: new map \"{m.title}\" ({len(m.stages)} stages) from template {template_id}.{language}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.paths:
        try:
            read_any(path)
        except CJMError as exc:
            bad += 1
            message = exc.message.removeprefix(f"{path}: ")
            print(f"{path}: {message}")
        else:
            if args.verbose:
                print(f"{path}: ok")
    return EXIT_ERROR if bad else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    m = read_any(args.path)
    if args.weigh_by_evidence:
        m = m.model_copy(update={"scoring": m.scoring.model_copy(update={"weigh_by_evidence": True})})
    scores = score_map(m)
    if args.format == "json":
        print(json.dumps([s.as_json() for s in scores], ensure_ascii=False, indent=2))
        return EXIT_OK
    header = ("rank", "stage", "importance", "emotion", "score", "level")
    table = [header] + [
        (str(s.rank or "—"), s.stage, str(s.importance or "—"), emotion.label(s.emotion),
         "—" if s.score is None else f"{s.score:g}", s.level)
        for s in scores
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    src, dst = Path(args.src), Path(args.dst)
    check_writable(dst)
    if src.resolve() == dst.resolve():
        raise CJMError("IN and OUT are the same file")
    _refuse_overwrite(dst, args.force)
    m = read_any(src)
    write_any(m, dst)
    print(f"{dst}: written ({len(m.stages)} stages)")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """One line per change (or a JSON list); exit 0 whether or not the maps differ."""
    from .diff import diff_maps
    from .i18n import t

    language = args.lang or default_language()
    (old, old_understood), (new, new_understood) = (read_understood(path, language) for path in (args.old, args.new))
    # a table's lanes are labelled in the language it is read in: the other side's, when that one has its own
    if _table(old_understood) and not _table(new_understood) and new.language != old.language:
        old, old_understood = read_understood(args.old, new.language)
    if _table(new_understood) and not _table(old_understood) and old.language != new.language:
        new, new_understood = read_understood(args.new, old.language)
    details = not (_table(old_understood) or _table(new_understood))  # a table carries no title, persona…
    changes = diff_maps(old, new, details=details)
    if args.format == "json":
        print(json.dumps([change.as_json(language) for change in changes], ensure_ascii=False, indent=2))
    elif changes:
        print("\n".join(change.text(language) for change in changes))
    else:
        print(t("diff.none", language))
    return EXIT_OK


def _table(understood: object) -> bool:
    """Read from a foreign spreadsheet or CSV (not our JSON or workbook): it has no map details."""
    return understood is not None and getattr(understood, "orientation", "exact") != "exact"


def cmd_import(args: argparse.Namespace) -> int:
    from .import_plan import Choices, apply, cli_choices, from_profile, merged, normal_label, profile_of
    from .mapfile import read_file

    src, dst = Path(args.src), Path(args.dst)
    check_writable(dst)
    _refuse_overwrite(dst, args.force)
    language = args.lang or default_language()
    _, understood = read_understood(src, language)
    plan = getattr(understood, "plan", None)
    if plan is None:
        raise CJMError(f"{src}: a CJM Studio file, not someone's table: nothing to map (use convert)")
    stored: Choices | None = None
    if args.profile:
        try:
            stored = from_profile(plan, json.loads(read_file(Path(args.profile)).decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            raise CJMError(f"{args.profile}: not a profile (JSON)") from None
    chosen = merged(plan, stored, cli_choices(plan, args.lane, args.map_value))
    m, understood = apply(plan, chosen)
    write_any(m, dst)
    for source in plan.sources:
        print(f"{source.id} → {chosen.lanes[source.id]}")
    for note in understood.notes:
        print(note)
    if args.save_profile:
        profile = {"labels": sorted({normal_label(s.label) for s in plan.sources}), **profile_of(plan, chosen)}
        Path(args.save_profile).write_text(json.dumps(profile, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{dst}: written ({len(m.stages)} stages)")
    return EXIT_OK


def cmd_actions(args: argparse.Namespace) -> int:
    from . import actions

    m = read_any(args.path)
    chosen = actions.filtered(m, owner=args.owner, status=args.status)
    if args.format == CSV.extension:
        sys.stdout.write(actions.to_csv(m, chosen))
    elif args.format == "json":
        print(json.dumps(actions.to_json(m, chosen), ensure_ascii=False, indent=2))
    else:
        def cell(text: str, width: int = 60) -> str:
            line = " ".join(text.split())
            return line if len(line) <= width else line[: width - 1] + "…"

        _print_table(("#", "action", "stage", "owner", "due", "status", "effort"), [
            (str(i), cell(r.title), cell(r.stage, 30), cell(r.owner, 30), r.due.isoformat() if r.due else "—",
             r.status, r.effort or "—") for i, r in enumerate(actions.rows(m, chosen), 1)], right={0})
        done, total = actions.progress(m)
        print(f"{done} of {total} done" + (f"; {len(chosen)} shown" if len(chosen) != total else ""))
    return EXIT_OK


def cmd_phases(args: argparse.Namespace) -> int:
    """Print the phase bands, or make one change to a .json map (cjm/phases.py) and write it back."""
    from . import phases

    path = Path(args.path)
    m = read_any(path)
    editing = args.add is not None or args.rename or args.set or args.unassign or args.delete
    if not editing:
        for run in phases.runs(m):
            names = ", ".join(f"{run.start + k + 1}. {m.stage(s).name}" for k, s in enumerate(run.stage_ids))
            print(f"{run.phase.name} [{run.phase.id}]: {names}" if run.phase else f"— {names}")
        for phase in m.phases:
            if not phase.stages:
                print(f"{phase.name} [{phase.id}]: (no stages)")
        return EXIT_OK
    check_writable(path)  # a format the map can be written back in (as `cjm mark`)
    stages = [_stage_ref(m, text) for text in args.stages.split(",") if text.strip()]
    if args.add is not None:
        m, _ = phases.add_phase(m, args.add, stages)
    elif args.rename:
        m = phases.rename_phase(m, _phase_ref(m, args.rename[0]), args.rename[1])
    elif args.set:
        m = phases.set_stages(m, _phase_ref(m, args.set), stages)
    elif args.unassign:
        m = phases.assign(m, stages, None)
    else:
        m = phases.delete_phase(m, _phase_ref(m, args.delete))
    write_any(m, path)
    print(f"{path}: written ({len(m.phases)} phases)")
    return EXIT_OK


def _stage_ref(m, text: str) -> str:
    """A stage named by its id, else by its name (exactly, once)."""
    text = text.strip()
    if m.stage(text) is not None:
        return text
    found = [stage.id for stage in m.stages if stage.name == text]
    if len(found) != 1:
        raise CJMError(f"no stage {text!r} in this map (give its id or its exact name)" if not found
                       else f"{len(found)} stages are named {text!r}: give the id")
    return found[0]


def _phase_ref(m, text: str) -> str:
    """A phase named by its id, else by its name (exactly, once)."""
    found = [phase.id for phase in m.phases if phase.id == text] or [p.id for p in m.phases if p.name == text]
    if len(found) != 1:
        raise CJMError(f"no phase {text!r} in this map (cjm phases MAP lists them)" if not found
                       else f"{len(found)} phases are named {text!r}: give the id")
    return found[0]


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json_schema_text())
    return EXIT_OK


# --- data into the map (issue 15): jtbd, funnel -------------------------------------------------------------
def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int] = frozenset()) -> None:
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def cmd_jtbd(args: argparse.Namespace) -> int:
    from .jtbd import find_combinations

    deals = find_combinations(args.path, min_support=args.min_support, order=args.order_column,
                              item=args.item_column)
    found = deals.combinations[: args.top] if args.top else deals.combinations
    print(f"{args.path}: {deals.orders:,} orders, {deals.lines:,} rows, {deals.items:,} distinct items; "
          f"{len(deals.combinations):,} combinations in at least {args.min_support:.1%} of the orders"
          + (f"; {deals.skipped:,} rows without an order id or an item left out" if deals.skipped else ""),
          file=sys.stderr)
    if args.format == "json":
        print(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [(_pct(c.support), f"{c.orders:,}", _pct(c.confidence), f"{c.lift:.2f}", " + ".join(c.items),
             f"{' + '.join(c.antecedent)} → {' + '.join(c.consequent)}") for c in found]
    _print_table(("support", "orders", "confidence", "lift", "items", "best rule"), rows, right={0, 1, 2, 3})
    return EXIT_OK


def cmd_funnel(args: argparse.Namespace) -> int:
    from .eventlog import from_file, write_counts

    source = args.map or args.into
    into = Path(args.into) if args.into else None
    if into is not None:
        check_writable(into)
        if args.map and not into.exists() and into.resolve() == Path(args.map).resolve():
            raise CJMError(f"{into}: no such file")
        if into.exists() and not args.force:
            raise CJMError(f"{into} exists already; use --force to write the counts into it")
        if into.is_dir():
            raise CJMError(f"{into} is a folder")
        if not args.map and not into.exists():
            raise CJMError(f"{into}: no such file (give the map with --map MAP and --into NEW to write a new file)")
    m = read_any(source) if source else None
    log, steps = from_file(args.path, m=m, customer=args.customer_column, event=args.event_column,
                           time=args.time_column)
    left_out = log.left_out
    print(f"{args.path}: {log.rows:,} events of {log.customers:,} customers, {len(log.events):,} distinct events"
          + (f"; {log.skipped:,} rows without a customer or an event left out" if log.skipped else "")
          + (f"; {left_out:,} events reached by the fewest customers left out" if left_out else ""),
          file=sys.stderr)
    unmatched = [step.stage for step in steps if step.customers is None]
    if m is not None and unmatched:
        print(f"cjm: no event matches {len(unmatched)} of {len(steps)} stages: "
              + ", ".join(f'"{name}"' for name in unmatched[:10]), file=sys.stderr)
    if args.format == "json":
        print(json.dumps([step.as_json() for step in steps], ensure_ascii=False, indent=2))
    else:
        rows = [(step.stage, "—" if step.customers is None else f"{step.customers:,}", _pct(step.conversion),
                 _pct(step.drop_off), "—" if step.median_hours_to_next is None else f"{step.median_hours_to_next:g}")
                for step in steps]
        _print_table(("stage", "customers", "conversion", "drop-off", "median hours to next"), rows,
                     right={1, 2, 3, 4})
    if into is not None and m is not None:
        write_any(write_counts(m, steps), into)
        print(f"{into}: customers written into the metrics lane for {len(steps) - len(unmatched)} of "
              f"{len(steps)} stages" + (" (the others cleared: no data)" if unmatched else ""), file=sys.stderr)
    return EXIT_OK


# --- run: the Streamlit app --------------------------------------------------------------------------
def app_dir() -> Path:
    """The folder holding ``server.py``, ``app.py``, ``pages/``, ``web/`` and ``.streamlit/config.toml``.

    In a source checkout that is the repository, beside this ``cjm/``; installed from a wheel it is the
    ``cjm_app`` package (pyproject.toml maps app.py, pages/ and the config there).
    """
    repo = Path(__file__).resolve().parent.parent
    if (repo / "server.py").is_file() and (repo / "pages" / "library.py").is_file():
        return repo
    spec = importlib.util.find_spec("cjm_app")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "server.py").is_file():
            return Path(location)
    raise CJMError("the app's files (server.py, app.py, pages/) are not installed with this copy of CJM Studio")


def streamlit_flags(config: Path) -> list[str]:
    """``.streamlit/config.toml`` as ``streamlit run`` flags: Streamlit reads that file only from the current
    folder, so ``cjm run`` started anywhere passes the app's settings explicitly."""
    with config.open("rb") as handle:
        sections = tomllib.load(handle)
    flags = []
    for section, options in sections.items():
        for key, value in options.items():
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", text]
    return flags


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "cjm-studio"


def run_command(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The command line and environment ``cjm run`` starts Streamlit with."""
    folder = app_dir()
    command = [sys.executable, "-m", "streamlit", "run", str(folder / "server.py")]  # app.py + the phone page
    config = folder / ".streamlit" / "config.toml"
    if config.is_file():
        command += streamlit_flags(config)
    command += ["--server.port", str(args.port)]
    if args.host:
        command += ["--server.address", args.host]
    env = dict(os.environ)
    if args.data_dir:
        env["CJM_DATA_DIR"] = str(Path(args.data_dir).expanduser().resolve())
    elif folder != Path(__file__).resolve().parent.parent and not (env.get("CJM_DATA_DIR") or
                                                                   env.get("CJM_DATABASE_URL")):
        env["CJM_DATA_DIR"] = str(user_data_dir())  # installed: never data/ inside site-packages
    return command, env


def cmd_run(args: argparse.Namespace) -> int:
    command, env = run_command(args)
    where = "$CJM_DATABASE_URL" if env.get("CJM_DATABASE_URL") else env.get("CJM_DATA_DIR") or "data/"
    print(f"cjm: starting CJM Studio on http://{args.host or 'localhost'}:{args.port} (maps in {where})",
          file=sys.stderr, flush=True)
    sys.stdout.flush()
    os.execve(sys.executable, command, env)  # Streamlit takes over this process (Ctrl+C stops it)
    return EXIT_OK  # pragma: no cover - not reached


def cmd_mark(args: argparse.Namespace) -> int:
    m = read_any(args.path)
    if args.stage is None:
        for cell in evidence.marked_cells(m, args.only):
            print(f"{cell.stage} · {cell.lane}: {cell.evidence}")
        return EXIT_OK
    if args.lane is None or args.mark is None:
        raise CJMError("give STAGE, LANE and MARK (assumption, partly, validated or none), or none of them to list")
    stage = m.stage(args.stage) or next((s for s in m.stages if s.name == args.stage), None)
    lane = m.lane(args.lane) or next((la for la in m.lanes if la.label == args.lane), None)
    if stage is None or lane is None:
        raise CJMError(f"no {'stage' if stage is None else 'lane'} "
                       f"{args.stage if stage is None else args.lane!r} in {args.path}")
    write_any(evidence.mark(m, stage.id, lane.key, None if args.mark == "none" else args.mark), Path(args.path))
    print(f"{args.path}: {stage.name} · {lane.label}: {args.mark}")
    return EXIT_OK


COMMANDS = {"templates": cmd_templates, "new": cmd_new, "validate": cmd_validate, "score": cmd_score,
            "convert": cmd_convert, "diff": cmd_diff, "import": cmd_import, "schema": cmd_schema, "run": cmd_run,
            "jtbd": cmd_jtbd, "funnel": cmd_funnel, "mark": cmd_mark, "actions": cmd_actions, "phases": cmd_phases}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CJMError as exc:
        print(f"cjm: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # e.g. an output folder that does not exist or is read-only
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cjm: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
