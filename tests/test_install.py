"""A wheel installed outside the checkout finds its clause library and questionnaires."""
import os
import site
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source checkout")


@pytest.fixture(scope="module")
def installed() -> Iterator[Path]:
    """A fresh virtual environment, outside the checkout, with the project's wheel in it."""
    with tempfile.TemporaryDirectory(prefix="agreement-builder-install-") as folder:
        yield _install(Path(folder))


def _install(work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next((work / "dist").glob("agreement_builder-*.whl"))
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    # The test environment's packages stand in for the dependencies (no download needed).
    # Added only now, after the install, so pip never mistakes the test environment's own
    # agreement-builder for this one; and they come after the new environment's packages.
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True).stdout.strip()
    Path(own, "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return work / "venv" / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": ""}
    return subprocess.run([str(bin_dir / "agreement-builder"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_installed_wheel_works_outside_the_checkout(installed, tmp_path):
    assert _run(installed, "example", "-o", "a.yaml", cwd=tmp_path).returncode == 0
    done = _run(installed, "check", "a.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lint = _run(installed, "clauses", "lint", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "from agreement_builder.resources import data_folder as d; print(d('clauses')); print(d('questionnaires'))"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    for folder in where.stdout.split():
        assert Path(folder).is_relative_to(installed.parent), f"{folder} is not the installed wheel's"
        assert any(Path(folder).iterdir())
