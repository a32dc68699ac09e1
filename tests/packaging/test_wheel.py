"""A non-editable wheel carries knowledge/ and dialogs/ and works from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_finds_its_data_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )
    wheel = next(dist.glob("strategibot-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    # dependencies come from the test environment's site-packages (no network needed) …
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # … and strategibot itself only from the wheel
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", site, str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import json, strategibot, strategibot.core.resources as r;"
        "print(json.dumps({'module': strategibot.__file__,"
        " 'knowledge': str(r.data_dir('knowledge')), 'dialogs': str(r.data_dir('dialogs'))}))"
    )
    found = json.loads(subprocess.run(
        [str(python), "-c", probe], cwd=elsewhere, check=True, capture_output=True, text=True,
    ).stdout)
    assert found["module"].startswith(site)
    assert found["knowledge"] == f"{site}/strategibot/_data/knowledge"
    assert found["dialogs"] == f"{site}/strategibot/_data/dialogs"

    check = subprocess.run([str(python), "-m", "strategibot", "kb", "check"], cwd=elsewhere,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    ask = subprocess.run([str(python), "-m", "strategibot", "ask", "hvad betyder RK?"],
                         cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert ask.returncode == 0, ask.stderr
    assert "Kilde: Koncernstrategi 2019, s. 7" in ask.stdout
