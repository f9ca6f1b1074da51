"""Start-up time of the CLI: `reportkit --help` and `reportkit collect --yes --offline`, against `python -c pass`.

Run with the venv's Python:  .venv/bin/python benchmarks/startup.py [--runs 15] [--write]
Median wall time of N runs each; --write records the table in benchmarks/RESULTS.md.
Target (DESIGN §8): `reportkit --help` ≤ 120 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HELP_TARGET_MS = 120.0
RESULTS = Path(__file__).with_name("RESULTS.md")


def median_ms(cmd: list[str], runs: int, env: dict[str, str], cwd: str) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd, check=True)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="record the results in benchmarks/RESULTS.md")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("reportkit")
    if not script.exists():
        print(f"no reportkit script next to {sys.executable}; install the project into this venv first")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CONFIG_HOME": f"{tmp}/c", "XDG_DATA_HOME": f"{tmp}/d", "XDG_CACHE_HOME": f"{tmp}/k"}
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "reportkit --help": [str(script), "--help"],
            "reportkit collect --yes --offline": [
                str(script),
                "collect",
                "--yes",
                "--offline",
                "-o",
                f"{tmp}/out",
                "--force",
                "--summary",
                "benchmark",
            ],
        }
        rows = {name: median_ms(cmd, args.runs, env, tmp) for name, cmd in cases.items()}
    base = rows["python -c pass"][0]
    lines = [f"| {name} | {med:.0f} | {low:.0f} | {med - base:+.0f} |" for name, (med, low) in rows.items()]
    help_ms = rows["reportkit --help"][0]
    verdict = "PASS" if help_ms <= HELP_TARGET_MS else "FAIL"
    table = "\n".join(
        [
            f"## startup — {datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
            f"median and minimum of {args.runs} runs, wall time in ms.",
            "",
            "| command | median | min | over bare python |",
            "|---|---:|---:|---:|",
            *lines,
            "",
            f"`reportkit --help`: {help_ms:.0f} ms against a target of ≤ {HELP_TARGET_MS:.0f} ms — {verdict}. "
            "(`collect` includes a 0.25 s CPU sample for the top-processes list.)",
            "",
        ]
    )
    print(table)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
        RESULTS.write_text(old.rstrip("\n") + "\n\n" + table, encoding="utf-8")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
