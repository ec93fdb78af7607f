"""CJM Studio installs as a package: `pip install .` gives a `cjm` command with the templates and the app.

The wheel tests (marked slow: a build takes a few seconds) build the wheel of this checkout and look inside,
then install it into a folder and run it from elsewhere. tests/e2e/test_installed.py opens the installed app
in the browser.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement

from cjm import cli
from cjm.templates import SAMPLE_DIR, list_templates
from tests.installing import ROOT, built_wheel, install, wheel_names

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_key(text: str) -> tuple[str, frozenset[str], str, str]:
    r = Requirement(text)
    return r.name.lower().replace("_", "-"), frozenset(r.extras), str(r.specifier), str(r.marker or "")


def requirements_txt() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines())
    return [line for line in lines if line and not line.startswith("-")]


# --- fast: the metadata and the CLI -------------------------------------------------------------------
def test_pyproject_dependencies_are_requirements_txt():
    """requirements.txt is what `make` installs, pyproject.toml what `pip install .` installs: the same ranges."""
    assert sorted(map(requirement_key, PYPROJECT["project"]["dependencies"])) == sorted(
        map(requirement_key, requirements_txt()))


def test_the_wheel_lists_every_package_of_the_core():
    """pyproject.toml names the packages (some are mapped from other folders): a new cjm subpackage must be added."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cjm").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
    assert PYPROJECT["project"]["scripts"] == {"cjm": "cjm.cli:main"}


def test_python_m_cjm_run_help():
    result = subprocess.run([sys.executable, "-m", "cjm", "run", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout and "--host" in result.stdout and "--data-dir" in result.stdout


def test_run_starts_streamlit_on_the_app_with_its_config(monkeypatch):
    monkeypatch.delenv("CJM_DATA_DIR", raising=False)
    monkeypatch.delenv("CJM_DATABASE_URL", raising=False)
    args = cli.build_parser().parse_args(["run", "--port", "8600", "--host", "127.0.0.1"])
    command, env = cli.run_command(args)
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(ROOT / "server.py")]
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags["--server.port"] == "8600" and flags["--server.address"] == "127.0.0.1"
    # .streamlit/config.toml is read by Streamlit only from the current folder: `cjm run` passes it on
    assert flags["--server.maxUploadSize"] == "20" and flags["--theme.primaryColor"] == "#4F46E5"
    assert flags["--server.headless"] == "true" and flags["--browser.gatherUsageStats"] == "false"
    assert "CJM_DATA_DIR" not in env  # from a checkout: data/ as `make run`


def test_run_keeps_the_data_out_of_an_installed_package(monkeypatch, tmp_path):
    app = tmp_path / "site-packages" / "cjm_app"
    (app / "pages").mkdir(parents=True)
    (app / "server.py").write_text("")
    monkeypatch.setattr(cli, "app_dir", lambda: app)
    monkeypatch.delenv("CJM_DATA_DIR", raising=False)
    monkeypatch.delenv("CJM_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    run = cli.build_parser().parse_args(["run"])
    command, env = cli.run_command(run)
    assert command[4] == str(app / "server.py") and "--server.port" in command and "--theme.base" not in command
    assert env["CJM_DATA_DIR"] == str(tmp_path / "xdg" / "cjm-studio")
    monkeypatch.setenv("CJM_DATA_DIR", "/srv/maps")
    assert cli.run_command(run)[1]["CJM_DATA_DIR"] == "/srv/maps"
    chosen = cli.run_command(argparse.Namespace(port=8501, host=None, data_dir=str(tmp_path / "mine")))[1]
    assert chosen["CJM_DATA_DIR"] == str(tmp_path / "mine")


@pytest.mark.parametrize("port", ["0", "70000", "web"])
def test_run_refuses_a_bad_port(port, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "--port", port])
    assert exit_info.value.code == 2
    assert "port" in capsys.readouterr().err


# --- slow: the wheel ------------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_wheel_holds_the_core_the_app_the_templates_and_the_config():
    names = wheel_names(built_wheel())
    core = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cjm").rglob("*.py")}
    assert core <= names, sorted(core - names)
    pages = {f"cjm_app/pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert {"cjm_app/app.py", "cjm_app/.streamlit/config.toml", "cjm_app/pages/library.py"} | pages <= names
    web = {f"cjm_app/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "web").rglob("*")
           if p.is_file() and "__pycache__" not in p.parts}
    assert {"cjm_app/server.py", "cjm_app/web/templates/room.html", "cjm_app/web/static/vendor/htmx-LICENSE.txt",
            "cjm_app/web/static/vendor/pico-LICENSE.md"} | web <= names, sorted(web - names)
    maps = {n for n in names if n.startswith("cjm/sample_maps/")}
    assert maps == {f"cjm/sample_maps/{p.name}" for p in SAMPLE_DIR.glob("*.json")}
    assert len(maps) == 24
    assert not [n for n in names if n.startswith(("tests/", "bench/", "docs/", "data/", "sample_maps/", "pages/",
                                                  "web/"))]
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert entry_points.startswith("cjm_studio-")


@pytest.mark.slow
def test_the_installed_cjm_command_works_from_any_folder(tmp_path):
    target = install(built_wheel(), tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("CJM_SAMPLE_MAPS", None)

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)

    listed = run(str(target / "bin" / "cjm"), "templates")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == len(list_templates()) == 24
    assert listed.stdout.splitlines()[0].split()[:2] == ["saas_demo", "ru"]

    where = run(sys.executable, "-c", "import cjm, cjm.cli, cjm.templates as t; "
                "print(cjm.__file__, cjm.cli.app_dir(), t.SAMPLE_DIR, sep='\\n')")
    assert where.returncode == 0, where.stderr
    assert where.stdout.split() == [str(target / "cjm" / "__init__.py"), str(target / "cjm_app"),
                                    str(target / "cjm" / "sample_maps")]

    made = run(str(target / "bin" / "cjm"), "new", "saas_demo.en", "demo.json")
    assert made.returncode == 0, made.stderr
    assert (elsewhere / "demo.json").is_file()
    assert run(str(target / "bin" / "cjm"), "run", "--help").returncode == 0
