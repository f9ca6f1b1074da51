"""Sample requests for reviewing a language: `python tests/render_samples.py LANG OUTDIR`.

Writes, for one verdict of each finding in tests/test_triage.py's table, the request as text (and, for a few,
HTML) written in LANG from one well-filled fixture, plus the CLI's help pages and `reportkit check` in LANG. A
reviewer who reads the language reads these files, not the .po, and reports what a native support agent would not
accept. Sends no packets: the verdicts come from synthetic probe data.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import fixtures  # noqa: E402
import test_triage as table  # noqa: E402

from reportkit import i18n  # noqa: E402
from reportkit.model import Diagnostics, Section  # noqa: E402
from reportkit.render import render  # noqa: E402


def main(language: str, outdir: Path) -> None:
    language = i18n.require(language, "language")
    outdir.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    base = fixtures.sample_report()
    for _name, mutate, answers, _culprit, finding, _confidence in table.CASES:
        if finding in seen:
            continue
        seen.add(finding)
        data = table.healthy()
        mutate(data)
        verdict = table.triage.decide(data, answers, table.SETTINGS)
        kept = tuple(s for s in base.diagnostics.sections if s.name != "probes")
        report = dataclasses.replace(
            base, verdict=verdict, diagnostics=Diagnostics((*kept, Section("probes", "ok", data=data)))
        )
        (outdir / f"{finding}.txt").write_text(render(report, "text", language=language), encoding="utf-8")
        if len(seen) <= 3:
            (outdir / f"{finding}.html").write_text(render(report, "html", language=language), encoding="utf-8")
    env = {**os.environ, "REPORTKIT_LANG": language, "COLUMNS": "100"}
    for args in (["--help"], ["collect", "--help"], ["diagnose", "--help"], ["render", "--help"], ["check", "--help"]):
        out = subprocess.run([sys.executable, "-m", "reportkit", *args], capture_output=True, text=True, env=env)
        (outdir / f"help-{'-'.join(a.strip('-') for a in args)}.txt").write_text(out.stdout + out.stderr, "utf-8")
    report_json = outdir / "sample-report.json"
    report_json.write_text(render(fixtures.minimal_report(), "json"), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "reportkit", "check", str(report_json)], capture_output=True, text=True, env=env
    )
    (outdir / "check-minimal.txt").write_text(out.stdout + out.stderr, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
