"""The package as a user installs it: one top-level name, the data inside, working from a wheel
in a fresh virtualenv and from any folder."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    subprocess.run([sys.executable, "-c", "import setuptools"], capture_output=True).returncode,
    reason="setuptools is not installed: no wheel can be built offline",
)


NOT_SOURCES = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # From a clean copy: a `build/` folder left in the checkout would mask a missing file.
    source = tmp_path_factory.mktemp("source") / "dramabot"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(out.glob("dramabot-*.whl"))


def test_the_wheel_holds_one_package_with_its_code_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"dramabot"}
    code = {f"dramabot/{p.relative_to(REPO / 'bot')}" for p in (REPO / "bot").rglob("*.py")}
    code |= {f"dramabot/cogs/{p.name}" for p in (REPO / "cogs").glob("*.py")}
    assert code <= set(names), sorted(code - set(names))
    data = {
        f"dramabot/data/{p.relative_to(REPO / 'data')}"
        for p in (REPO / "data").rglob("*.*")
        if "__pycache__" not in p.parts  # bytecode Python wrote beside the sources
    }
    assert data <= set(names), sorted(data - set(names))
    migrations = [n for n in names if n.startswith("dramabot/storage/migrations/")]
    assert len(migrations) == len(list((REPO / "bot/storage/migrations").glob("*/*.sql")))


def test_the_installed_wheel_answers_from_its_own_data_in_any_folder(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The dependencies come from this environment's site-packages (no network); the package
    # only from the wheel (this checkout's editable finder is a .pth file, not read from here).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    answer = subprocess.run(
        [str(python), "-m", "dramabot", "--db", str(tmp_path / "x.sqlite3"), "review",
         "nevertheless", "--json"],
        cwd=elsewhere, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr
    review = json.loads(answer.stdout)
    assert review["scores"] == {"Oppa": 4.6, "Noona": 4.5} and review["url"]
    where = subprocess.run(
        [str(python), "-c", "import dramabot; print(dramabot.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert str(venv) in where.stdout  # the installed copy, not this checkout
