"""Time of `reportkit check` and `reportkit render` against the size of a saved report (should be linear).

Run with the venv's Python:  .venv/bin/python benchmarks/report_size.py [--sizes 10 50] [--write]
Builds report.json files holding N MB of error text in five errors, times both commands once each (wall time of a
fresh process) and prints seconds per MB; --write appends the table to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("RESULTS.md")
ERRORS = 5


def build(folder: Path, megabytes: float) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    import fixtures

    data = fixtures.sample_report().to_dict()
    base = data["evidence"]["errors"][1]
    line = str(base["text"]) + "\n"
    repeat = max(1, int(megabytes * 1024 * 1024 / len(line.encode()) / ERRORS))
    data["evidence"]["errors"] = [{**base, "text": line * repeat} for _ in range(ERRORS)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reportkit", *args], stdout=subprocess.DEVNULL, env=env, check=True, cwd=str(ROOT)
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[10.0, 50.0], help="report sizes in MB")
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/RESULTS.md")
    options = parser.parse_args()
    rows: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_STATE_HOME": tmp}
        for size in options.sizes:
            path = build(Path(tmp) / f"r{size:g}", size)
            mb = path.stat().st_size / (1024 * 1024)
            check = timed(["check", str(path)], env)
            render = timed(["render", str(path), "-o", str(Path(tmp) / f"o{size:g}"), "--force"], env)
            rows.append((mb, check, render))
    lines = [
        "| report | check | check s/MB | render | render s/MB |",
        "|---:|---:|---:|---:|---:|",
        *(f"| {mb:.1f} MB | {c:.2f} s | {c / mb:.3f} | {r:.2f} s | {r / mb:.3f} |" for mb, c, r in rows),
    ]
    print("\n".join(lines))
    if options.write:
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
        machine = f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}"
        text = (
            f"\n## report size — {stamp}\n\nMachine: {machine}; one run each, wall time of a fresh process "
            f"(start-up included); {ERRORS} errors of equal size.\n\n" + "\n".join(lines) + "\n"
        )
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
