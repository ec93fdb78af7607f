"""Excel benchmarks: prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_excel [--pages DIR]      # from the repository root

* export of the SaaS demo map vs plain pandas ``to_excel`` of the same cells, in one run (target ≤ 2×);
* export and import of a 500-stage map (target < 3 s each), the import against openpyxl reading every cell of
  the same file; the three-way plan and the diff of a 500-stage map with 60 cells edited (target < 1 s each);
* LibreOffice recalculating the demo's Scores sheet (the test in tests/test_xlsx_office.py does it for every map);
* LibreOffice (Debian's ``libreoffice-calc-nogui``, when installed: ``make office``) converts the demo
  workbook in Russian and English, with 4 and 40 stages, to PDF, and every page to PNG (pdftoppm); with
  ``--pages DIR`` the pages stay there to be looked at.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.bench_builder import big_map
from bench.bench_core import timed
from cjm import editing
from cjm.cells import map_matrix
from cjm.diff import diff_maps
from cjm.merge import plan
from cjm.model import Map
from cjm.templates import load_template, new_map_from_template
from cjm.xlsx.export import export_xlsx
from cjm.xlsx.read import read_table


def plain_pandas(m) -> bytes:
    lanes, headers, rows = map_matrix(m)
    buffer = io.BytesIO()
    pd.DataFrame(rows, index=lanes, columns=headers).to_excel(buffer)
    return buffer.getvalue()


def all_cells_pandas(m) -> bytes:
    """pandas writing every cell our workbook holds (map, scores, data, about, exact copy), unstyled."""
    from cjm.scoring import score_map
    from cjm.xlsx.export import chunks, cjm_json, data_table

    lanes, headers, rows = map_matrix(m)
    table_headers, keys, data_rows = data_table(m)
    scores = pd.DataFrame([s.as_json() for s in score_map(m)])
    about = pd.DataFrame({"field": ["title", "persona", "description"], "value": [m.title, m.persona, m.description]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(rows, index=lanes, columns=headers).to_excel(writer, sheet_name="Map")
        scores.to_excel(writer, sheet_name="Scores", index=False)
        pd.DataFrame([keys] + data_rows, columns=table_headers).to_excel(writer, sheet_name="Data", index=False)
        about.to_excel(writer, sheet_name="About", index=False)
        pd.DataFrame({"json": list(chunks(cjm_json(m)))}).to_excel(writer, sheet_name="_cjm", index=False)
    return buffer.getvalue()


def bare_read(data: bytes) -> int:
    """The baseline of the import: openpyxl (read-only) reading every cell of every sheet of the file."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    book.close()
    return count


def edited_workbook(m: Map) -> bytes:
    """``m`` exported, 30 cells typed on the Map sheet and 30 on the Data sheet (as a colleague would)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(m)))
    map_ws, data_ws = book.worksheets[0], book.worksheets[2]
    keys = [c.value for c in data_ws[2]]
    for k in range(30):
        map_ws.cell(row=11, column=3 + k * 7).value = str(k % 5 + 1)  # importance
        data_ws.cell(row=3 + k * 11, column=keys.index("v:goals") + 1).value = f"goal typed in Data {k}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def recalculate(office: str, workbooks: dict[str, bytes], folder: Path) -> bool:
    """LibreOffice opens each workbook, recalculates it and writes every sheet as CSV (as the test does)."""
    paths = []
    for name, data in workbooks.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", options, "--outdir",
                    str(folder), *paths], capture_output=True, text=True, timeout=600, check=False)
    return all(any(folder.glob(f"{name}-*.csv")) for name in workbooks)


def long_map(language: str, count: int) -> Map:
    """The SaaS demo's stages repeated to ``count`` stages, in ``language``: real text of both languages."""
    demo = load_template("saas_demo", language)
    stages = []
    for k in range(count):
        source = demo.stages[k % len(demo.stages)]
        name = f"{source.name} ({k // len(demo.stages) + 1})" if count > len(demo.stages) else source.name
        stages.append(source.model_copy(update={"id": f"st{k:03d}", "name": name}))
    return demo.model_copy(update={"stages": stages})


def render(office: str, workbooks: dict[str, bytes], folder: Path, dpi: int = 60) -> dict[str, list[Path]]:
    """Each workbook converted to PDF by LibreOffice in one run, every page rendered to PNG (pdftoppm)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in workbooks.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    profile = (folder / "lo-profile").resolve().as_uri()  # its own profile: a LibreOffice already open does not block
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(folder), *paths], capture_output=True, text=True, timeout=600, check=False)
    pages: dict[str, list[Path]] = {}
    for name in workbooks:
        pdf = folder / f"{name}.pdf"
        if pdf.exists() and shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / name)], check=False,
                           timeout=300)
        pages[name] = sorted(folder.glob(f"{name}-*.png"))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="render the LibreOffice PDF pages to PNG here")
    args = parser.parse_args()
    demo = load_template("saas_demo", "ru")
    print("CJM Studio Excel benchmarks (bench/bench_excel.py)")
    ours = timed(lambda: export_xlsx(demo), 20)
    plain = timed(lambda: plain_pandas(demo), 20)
    print(f"export, SaaS demo          median {statistics.median(ours):7.1f} ms")
    print(f"pandas to_excel, same cells median {statistics.median(plain):7.1f} ms")
    every = timed(lambda: all_cells_pandas(demo), 20)
    print(f"ratio to the map sheet only  {statistics.median(ours) / statistics.median(plain):7.2f}   target <= 2")
    print(f"pandas, all our cells (5 sheets, unstyled) median {statistics.median(every):7.1f} ms")
    print(f"ratio to all the same cells  {statistics.median(ours) / statistics.median(every):7.2f}   target <= 2")

    big = big_map(new_map_from_template("saas_demo", "en"), 500)
    data = export_xlsx(big)
    export_ms = timed(lambda: export_xlsx(big), 3)
    import_ms = timed(lambda: read_table(data, "big.xlsx", "en"), 3)
    plain_big = timed(lambda: plain_pandas(big), 3)
    print(f"500 stages: ours / pandas to_excel = {statistics.median(export_ms) / statistics.median(plain_big):.2f}"
          f" ({statistics.median(plain_big) / 1000:.2f} s for pandas)")
    print(f"500 stages: export median {statistics.median(export_ms) / 1000:6.2f} s, "
          f"import median {statistics.median(import_ms) / 1000:6.2f} s ({len(data) / 1024:.0f} KB)   target < 3 s each")
    bare = timed(lambda: bare_read(data), 3)
    print(f"500 stages: import / openpyxl reading every cell of the same file = "
          f"{statistics.median(import_ms) / statistics.median(bare):.2f} ({statistics.median(bare) / 1000:.2f} s "
          "for openpyxl alone; the import reads the Map and Data sheets, rebuilds the written Map to compare, "
          "merges, reads comments)")
    edited = edited_workbook(big)
    theirs, understanding = read_table(edited, "edited.xlsx", "en")
    ours = editing.set_value(big, big.stages[3].id, "goals", "changed in the app")
    plan_ms = timed(lambda: plan(understanding.base, theirs, ours, dict(understanding.sheets_disagree)), 3)
    diff_ms = timed(lambda: diff_maps(big, theirs), 3)
    print(f"500 stages, 60 cells edited on both sheets: three-way plan median {statistics.median(plan_ms):7.1f} ms, "
          f"diff median {statistics.median(diff_ms):7.1f} ms   target < 1 s each")

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        print("LibreOffice: not installed (make office, or apt-get install libreoffice-calc-nogui) — PDF check skipped")
        return 0
    books = {f"{language}-{count}": export_xlsx(long_map(language, count), 7)
             for language in ("ru", "en") for count in (4, 40)}
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        pages = render(office, books, args.pages or Path(folder) / "pages")
        took = time.perf_counter() - start
    print(f"LibreOffice -> PDF -> PNG of {len(books)} workbooks (RU and EN, 4 and 40 stages): {took:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        recalculated = recalculate(office, {"demo": export_xlsx(demo)}, Path(folder))
        took = time.perf_counter() - start
    print(f"LibreOffice recalculation of the demo's Scores (to CSV): {took:.1f} s, "
          f"{'ok' if recalculated else 'NO CSV'}")
    for name, found in pages.items():
        print(f"  {name}: {len(found)} pages{'' if found else ' — NO PDF'}")
    if args.pages:
        print(f"pages rendered to {args.pages} (look at every one)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
