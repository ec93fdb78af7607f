"""The core stays pure: nothing in cjm/ imports streamlit, directly or through another module."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import cjm

ROOT = Path(__file__).resolve().parents[1]
UI_PACKAGES = {"streamlit", "st_aggrid"}


def test_no_core_module_imports_streamlit_in_its_source():
    offenders = []
    for path in sorted((ROOT / "cjm").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in UI_PACKAGES]
    assert offenders == []


def test_importing_every_core_module_loads_no_streamlit():
    modules = [f"cjm.{m.name}" for m in pkgutil.iter_modules(cjm.__path__) if m.name != "__main__"]
    assert "cjm.model" in modules and "cjm.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'st_aggrid'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_hold_no_core_logic_imports_from_outside_cjm():
    """Pages talk to the core through cjm only (no reaching into sample_maps files directly)."""
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        source = path.read_text(encoding="utf-8")
        assert "sample_maps" not in source, path
        assert "open(" not in source, f"{path}: file access belongs in the core"
