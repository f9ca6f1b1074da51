"""The wheel as a user gets it: install non-editable into a fresh venv, run `reportkit collect` there."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from reportkit.model import Report

ROOT = Path(__file__).resolve().parent.parent
PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


def project_copy(dest: Path) -> Path:
    """Only the files git knows (or would know), so a dev .venv or build/ never leaks into the wheel."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.mark.slow
def test_non_editable_install_runs_collect(tmp_path: Path) -> None:
    src = project_copy(tmp_path / "src")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(src)], capture_output=True, text=True, check=False
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    work = tmp_path / "work"
    work.mkdir()
    shot = work / "error.png"  # in a fresh process Pillow's plugins are not registered yet: this once failed
    shot.write_bytes(
        base64.b64decode(PNG_1X1)
    )  # run away from the source tree so only the installed package can be imported
    out = work / "out"
    done = subprocess.run(
        [
            str(bindir / "reportkit"),
            "collect",
            "--yes",
            "--offline",
            "-o",
            str(out),
            "--name",
            "Anna",
            "--summary",
            "Kassa ei toimi — оплата не проходит",
            "--host",
            "203.0.113.10",
            "--error",
            "HTTP 502",
            "--screenshot",
            str(shot),
            "--bundle",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")},
    )
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    bundles = {n for n in names if n.startswith("reportkit-") and n.endswith(".zip")}
    assert len(bundles) == 1
    assert names - bundles == {"attachments", "report.json", "request.html", "request.md", "request.txt"}
    assert (out / "attachments" / "screenshot-01.png").is_file()
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.problem.summary == "Kassa ei toimi — оплата не проходит"
    assert report.service.host == "203.0.113.10"
    assert "HTTP 502" in (out / "request.txt").read_text(encoding="utf-8")
    where = subprocess.run(
        [str(bindir / "python"), "-c", "import reportkit.templates as t; print(t.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert str(env_dir) in where.stdout  # templates came from the installed wheel, not the checkout
    # the compiled catalogs ship too: a non-editable install translates
    catalog = subprocess.run(
        [str(bindir / "python"), "-c", "from reportkit import i18n; "
         "print(i18n.translations('fi').pgettext('triage.TEXT.healthy', 'No check found a fault.'))"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert catalog.returncode == 0 and catalog.stdout.strip() not in ("", "No check found a fault."), catalog
