"""The import contracts (pyproject.toml [tool.importlinter]) hold, and would catch an import against the flow."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency")


def _lint(pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=pythonpath, env=env, capture_output=True, text=True, timeout=300)


def test_the_source_tree_keeps_every_contract():
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers_contract(tmp_path):
    shutil.copytree(ROOT / "src" / "divert", tmp_path / "divert",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    (tmp_path / "divert" / "core" / "upward.py").write_text("from divert.ops import pipeline  # against the flow\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "divert.core is not allowed to import divert.ops" in result.stdout
    assert "divert.core.upward -> divert.ops.pipeline" in result.stdout


def test_synth_importing_an_app_breaks_its_contract(tmp_path):
    shutil.copytree(ROOT / "src" / "divert", tmp_path / "divert",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    (tmp_path / "divert" / "synth" / "leak.py").write_text("from divert.registers import models\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "divert.synth.leak -> divert.registers.models" in result.stdout
