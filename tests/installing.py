"""CJM Studio as a user installs it: the wheel built from this checkout, installed into a folder of its own.

Shared by tests/test_packaging.py and tests/e2e/test_installed.py; the wheel is built once per test run.
The build runs in a copy of the checkout (pip builds in the source folder and leaves ``build/`` there) with
``--no-build-isolation``: setuptools comes from requirements-dev.txt, nothing is downloaded.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Not part of the source: never copied for a build.
NOT_SOURCE = {".git", ".venv", "venv", "data", "build", "dist", ".artifacts", ".pytest_cache", ".ruff_cache",
              ".hypothesis", "__pycache__", "node_modules"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in NOT_SOURCE or n.endswith((".egg-info", ".pyc"))}


def pip(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"pip {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@functools.cache
def built_wheel() -> Path:
    """The wheel of this checkout (built once; removed when the test run ends)."""
    work = Path(tempfile.mkdtemp(prefix="cjm-wheel-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=_ignore)
    pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(work / "dist"), str(source))
    [wheel] = (work / "dist").glob("cjm_studio-*.whl")
    return wheel


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def install(wheel: Path, target: Path) -> Path:
    """The wheel installed into ``target`` without its dependencies (this venv has them): put ``target`` on
    PYTHONPATH to use it; its ``cjm`` command is ``target/bin/cjm``."""
    pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel))
    return target
