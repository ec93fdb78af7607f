"""Excel benchmarks: prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_excel [--pages DIR]      # from the repository root

* export of the SaaS demo map vs plain pandas ``to_excel`` of the same cells, in one run (target ≤ 2×);
* export and import of a 500-stage map (target < 3 s each);
* LibreOffice (Debian's ``libreoffice-calc``, when installed) converts the demo export to PDF without
  complaint; with ``--pages DIR`` the PDF pages are also rendered to PNG there (pdftoppm) to look at.
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
from cjm.cells import map_matrix
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

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        print("LibreOffice: not installed (apt-get install libreoffice-calc-nogui) — PDF check skipped")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "saas_demo.xlsx"
        source.write_bytes(export_xlsx(demo))
        start = time.perf_counter()
        result = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                                capture_output=True, text=True, timeout=180)
        pdf = Path(folder) / "saas_demo.pdf"
        took = time.perf_counter() - start
        print(f"LibreOffice -> PDF: exit {result.returncode}, {'ok' if pdf.exists() else 'NO PDF'}, "
              f"{pdf.stat().st_size / 1024 if pdf.exists() else 0:.0f} KB in {took:.1f} s; "
              f"stderr: {result.stderr.strip()[:200] or '(none)'}")
        if args.pages and pdf.exists() and shutil.which("pdftoppm"):
            args.pages.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(args.pages / "page")], check=False,
                           timeout=120)
            print(f"pages rendered to {args.pages}: {sorted(p.name for p in args.pages.glob('*.png'))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
