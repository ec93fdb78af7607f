"""cjm/formats.py: one table of formats that the CLI, the Export page and the Library's uploader read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjm import formats
from cjm.errors import CJMError
from cjm.i18n import STRINGS
from cjm.templates import load_template

ROOT = Path(__file__).resolve().parents[1]


def test_every_format_has_a_label_and_the_featured_ones_help_in_both_languages():
    for fmt in formats.FORMATS:
        assert set(STRINGS[f"format.{fmt.extension}"]) == {"ru", "en"}
        if fmt.featured:
            assert set(STRINGS[f"format.{fmt.extension}.help"]) == {"ru", "en"}
        assert re.fullmatch(r"[a-z]+/[a-z.+-]+", fmt.mime)


def test_the_cli_lists_what_the_table_reads_and_writes():
    out = subprocess.run([sys.executable, "-m", "cjm", "convert", "--help"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert formats.listed(formats.READABLE) in " ".join(out.split())
    assert formats.listed(formats.WRITABLE) in " ".join(out.split())


def test_the_library_uploader_takes_the_readable_formats():
    from streamlit.testing.v1 import AppTest  # noqa: F401 - the page test below drives it; here: the source

    source = (ROOT / "pages" / "_import.py").read_text(encoding="utf-8")  # the Library's import section
    assert "type=[f.extension for f in READABLE]" in source


def test_no_page_or_cli_restates_a_format():
    """Extensions, mime types and labels are written in cjm/formats.py (and the i18n table) only."""
    # ("json" alone is also the CLI's output style, --format table|json: not a file format there)
    pattern = re.compile(r"""["']\.?(xlsx|csv|md|mmd|\.json|text/csv|application/json|text/markdown)["']""")
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in [*(ROOT / "pages").glob("*.py"), ROOT / "cjm" / "cli.py"]
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if pattern.search(line)]
    assert offenders == []


@pytest.mark.parametrize("fmt", formats.WRITABLE, ids=lambda f: f.extension)
def test_each_writer_writes_what_export_bytes_gives(fmt, tmp_path):
    m = load_template("saas_demo", "ru")
    path = tmp_path / f"map.{fmt.extension}"
    formats.write_any(m, path)
    assert path.read_bytes() == formats.export_bytes(m, fmt.extension)
    if fmt.read is not None:
        back = formats.read_any(path, "ru")
        assert [(s.name, s.values) for s in back.stages] == [(s.name, s.values) for s in m.stages]


def test_unknown_formats_are_refused_in_one_line(tmp_path):
    with pytest.raises(CJMError, match=r"cannot write \.txt; writable: \.csv, \.json, \.md, \.mmd, \.xlsx"):
        formats.write_any(load_template("saas_demo", "en"), tmp_path / "map.txt")
    with pytest.raises(CJMError, match=r"cannot import \.md; importable: \.csv, \.json, \.xlsx"):
        formats.import_bytes(b"# hi", "notes.md", "en")
