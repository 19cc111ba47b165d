"""A plain, non-editable install works from any folder: data comes from the package, not the tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_runs_demo_list_and_score_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(wheels.glob("iah_assess-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "IAH_ASSESS_DATA_DIR": str(tmp_path / "data")}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from iah_assess.cli import main; sys.exit(main(sys.argv[1:]))", *args],
            cwd=elsewhere, env=env, capture_output=True, text=True, encoding="utf-8",
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run(
        [sys.executable, "-c", "import iah_assess.catalog as c; print(c.__file__); print(c.shipped_dir()); print(c.resources_dir())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    assert all(line.startswith(str(target)) for line in where[:3]), where
    assert (Path(where[2]) / "fonts" / "DejaVuSans.ttf").exists()
    assert "valid" in cli("validate", where[1])
    cli("demo")
    assert "2025/26" in cli("list")
    scores = json.loads(cli("score", "2025/26", "--json"))
    assert len(scores["areas"]) == 6
