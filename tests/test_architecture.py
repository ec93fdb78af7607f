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
    modules = [m.name for m in pkgutil.walk_packages(cjm.__path__, prefix="cjm.")
               if not m.name.endswith("__main__") and "sample_maps" not in m.name]
    assert {"cjm.model", "cjm.cli", "cjm.xlsx.export", "cjm.xlsx.foreign"} <= set(modules)
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


# --- modules keep to each other's public names ------------------------------------------------------
DB_MODULE = ROOT / "cjm" / "db.py"  # the one home of the engine


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_cjm_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return name.split(".")[0] == "cjm" and (path.with_suffix(".py").is_file() or (path / "__init__.py").is_file())


def private_reaches(source: str, path: Path) -> list[str]:
    """Where the module at ``path`` uses another cjm module's private names, or an engine outside cjm/db.py.

    Caught: ``from .x import _y`` / ``from cjm.x import _y`` (and ``from . import _x``); ``x._y`` on a cjm module
    bound by an import; ``a.b._c`` (a private member of another object, e.g. ``self.store._transaction``); and any
    ``._engine`` outside cjm/db.py. A module's own private names (``_y``, ``self._y``) are its business.
    """
    here = _module_name(path)
    package = here.split(".") if path.name == "__init__.py" else here.split(".")[:-1]
    tree = ast.parse(source)
    modules: set[str] = set()  # local names bound to cjm modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source_module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                if source_module.split(".")[0] != "cjm":
                    continue
                if _is_private(alias.name) and source_module != here:
                    found.append(f"line {node.lineno}: from {source_module} import {alias.name}")
                if _is_cjm_module(f"{source_module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname for a in node.names if a.asname and a.name.split(".")[0] == "cjm")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        where = f"line {node.lineno}: {ast.unparse(node)}"
        if node.attr == "_engine" and path != DB_MODULE:
            found.append(where)
        elif _is_private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in modules:
            found.append(where)
        elif _is_private(node.attr) and isinstance(node.value, ast.Attribute):
            found.append(where)
    return found


def test_no_core_module_reaches_into_another_modules_private_names_or_the_engine():
    """Issue 10: maps and rooms share the database through cjm.db's public API only."""
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "cjm").rglob("*.py"))
        if (found := private_reaches(path.read_text(encoding="utf-8"), path))
    }
    assert offenders == {}


def test_the_private_reach_check_catches_what_it_should():
    rooms = ROOT / "cjm" / "rooms.py"
    caught = {
        "from .storage import MapStore, _aware, _storage_errors": 2,
        "from cjm.storage import _utc": 1,
        "from . import _secret": 1,
        "from . import storage\nstorage._load('{}')": 1,
        "import cjm.storage as s\ns._not_found('m')": 1,
        "def f(self):\n    with self.store._transaction('x'):\n        pass": 1,
        "def f(store):\n    return store._engine": 1,
    }
    fine = [
        "from .storage import MapStore, StorageError",
        "from .db import aware, metadata",
        "from __future__ import annotations",
        "from sqlalchemy import _private_thing",  # not ours
        "def f(self):\n    return self._now(), self.db.read('x')",
        "def f(row):\n    return row._mapping",  # SQLAlchemy's public Row API
        "def _own():\n    return _own",
    ]
    for source, count in caught.items():
        assert len(private_reaches(source, rooms)) == count, source
    for source in fine:
        assert private_reaches(source, rooms) == [], source
    assert private_reaches("def f(self):\n    return self._engine", DB_MODULE) == []


# --- tests and benchmarks import the code as packages --------------------------------------------------
def test_no_sys_path_edits_in_tests_or_bench():
    """bench/ and tests/ are packages run from the repository root (``python -m bench.bench_core``, pytest);
    the app server and the browser come from tests/harness.py. Nobody patches the import path."""
    needle = "sys" + ".path"  # spelt apart so that this file passes its own check
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("bench", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    ]
    assert offenders == []


def test_every_benchmark_imports_as_a_module_of_the_bench_package():
    modules = sorted(f"bench.{p.stem}" for p in (ROOT / "bench").glob("bench_*.py"))
    assert "bench.bench_core" in modules and (ROOT / "bench" / "__init__.py").is_file()
    code = f"import importlib\nfor name in {modules!r}: importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
