"""Wall time of `reportkit diagnose --json` in the network-namespace lab (tests/netlab): healthy, black-holed, and a
switched-off router (the early decision).

Run as root (it builds the lab: network namespaces, veth pairs, nftables inside them; nothing in the root namespace):
    .venv/bin/python benchmarks/diagnose.py [--runs 5] [--sequential-runs 1] [--venv DIR] [--write]

Cases: the healthy lab; every target black-holed (the home router drops all forwarded traffic and the ISP resolver
is silent); and a dead router (it answers nothing, not even ARP) at the default 6 s deadline, where the verdict must
come early, once the router's address has no neighbour entry. Each is timed concurrently (the product) and, when
the hidden `diagnose --sequential` switch exists, with the same probes one after another (the baseline; each probe
gets the whole deadline, so a black-holed sequential run takes about a minute: one run by default). Median of N runs
(after one warm-up for the concurrent runs), wall time of the whole command as `nobody` inside rk-client (process
start included); "probes" is the probe run's own `elapsed_ms`.
Targets (DESIGN §8): healthy ≤ 0.5 s; black-holed ≤ deadline + 0.5 s; dead router ≤ 2.5 s at the default deadline.
--write appends the table to RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from netlab import lab as netlab  # noqa: E402

RESULTS = Path(__file__).with_name("RESULTS.md")
DEADLINE = 3.0
DEFAULT_DEADLINE = 6.0  # reportkit's own default: the dead-router case runs with it
HEALTHY_TARGET = 0.5
BLACK_HOLE_TARGET = DEADLINE + 0.5
DEAD_ROUTER_TARGET = 2.5


def probe_elapsed_ms(data: dict[str, Any]) -> float | None:
    probes = data.get("probes") or {}
    inner = probes.get("data") if isinstance(probes.get("data"), dict) else probes
    value = inner.get("elapsed_ms") if isinstance(inner, dict) else None
    return float(value) if isinstance(value, int | float) else None


def measure(
    lab: netlab.Lab,
    fault: str,
    runs: int,
    extra: list[str],
    timeout: float | None = None,
    deadline: float = DEADLINE,
) -> dict[str, Any]:
    walls: list[float] = []
    probe_ms: list[float] = []
    verdicts: set[str] = set()
    with lab.fault(fault):
        if not extra:  # warm-up (page cache, ARP); the slow sequential baseline needs none
            lab.run_diagnose(extra, deadline=deadline)
        for _ in range(runs):
            if fault == "router-off":  # a router that has been off for a while: no neighbour entry left
                netlab.ip(netlab.CLIENT, "neigh", "flush", "all")
            data, elapsed = lab.run_diagnose(extra, deadline=deadline, timeout=timeout)
            walls.append(elapsed)
            ms = probe_elapsed_ms(data)
            if ms is not None:
                probe_ms.append(ms)
            verdict = data.get("verdict") or {}
            verdicts.add(f"{verdict.get('culprit')}/{verdict.get('finding')}")
            print(f"  {fault:<10} {' '.join(extra) or 'concurrent':<12} {elapsed:6.2f} s", file=sys.stderr)
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "probes": statistics.median(probe_ms) if probe_ms else None,
        "runs": runs,
        "verdicts": ", ".join(sorted(verdicts)),
    }


def sequential_supported(lab: netlab.Lab) -> bool:
    """The switch is hidden from --help; an unknown option would make click fail before printing help."""
    done = lab.reportkit("diagnose", "--sequential", "--help")
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per concurrent case (median; default 5)")
    parser.add_argument(
        "--sequential-runs",
        type=int,
        default=1,
        help="timed runs of the black-holed sequential baseline, about a minute each (default 1; the healthy "
        "sequential case uses --runs)",
    )
    parser.add_argument("--no-sequential", action="store_true", help="skip the sequential baseline")
    parser.add_argument("--venv", type=Path, help="an existing world-readable venv with reportkit installed")
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = parser.parse_args()
    reason = netlab.prerequisites()
    if reason:
        print(f"cannot build the network lab: {reason}", file=sys.stderr)
        return 2
    lab = netlab.Lab(venv=args.venv)
    rows: list[tuple[str, str, dict[str, Any], float | None]] = []
    try:
        lab.build()
        if lab.venv is None:
            assert lab.workdir is not None
            print("building the lab venv (non-editable install of this checkout) …", file=sys.stderr)
            lab.venv = netlab.build_venv(lab.workdir)
        sequential = not args.no_sequential and sequential_supported(lab)
        for case, fault, target, deadline in (
            ("healthy", "healthy", HEALTHY_TARGET, DEADLINE),
            ("black-holed", "black-hole", BLACK_HOLE_TARGET, DEADLINE),
            ("dead router (6 s deadline)", "router-off", DEAD_ROUTER_TARGET, DEFAULT_DEADLINE),
        ):
            rows.append((case, "concurrent", measure(lab, fault, args.runs, [], deadline=deadline), target))
            if sequential and fault != "router-off":  # sequential, every router probe would wait its full timeout
                runs = args.runs if fault == "healthy" else args.sequential_runs
                measured = measure(lab, fault, runs, ["--sequential"], timeout=600, deadline=deadline)
                rows.append((case, "sequential", measured, None))
    finally:
        lab.teardown()
    lines = []
    for case, mode, r, target in rows:
        probes = f"{r['probes'] / 1000:.2f}" if r["probes"] is not None else "—"
        verdict = "—" if target is None else ("PASS" if r["median"] <= target else "FAIL")
        goal = "—" if target is None else f"≤ {target:.1f}"
        lines.append(
            f"| {case} | {mode} | {r['runs']} | {r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} | {probes} "
            f"| {goal} | {verdict} | {r['verdicts']} |"
        )
    note = (
        "Sequential baseline: `diagnose --sequential` (hidden switch; each probe gets the whole deadline)."
        if any(mode == "sequential" for _, mode, _, _ in rows)
        else "Sequential baseline: not measured (`diagnose --sequential` not available or --no-sequential)."
    )
    table = "\n".join(
        [
            f"## diagnose (network lab) — {datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
            f"`reportkit diagnose --json --deadline {DEADLINE:g}` (the dead router: {DEFAULT_DEADLINE:g}) as `nobody` "
            "in rk-client; wall time in s "
            "(median/min/max; probes = the probe run's own elapsed_ms).",
            "",
            "| case | mode | runs | median | min | max | probes | target | result | verdict |",
            "|---|---|---:|---:|---:|---:|---:|---|---|---|",
            *lines,
            "",
            f"Black-holed: the home router drops all forwarded traffic and the ISP resolver is silent. Dead router: "
            f"it drops everything, ARP included (the verdict comes once its address has no neighbour entry). {note}",
            "",
        ]
    )
    print(table)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n" + table)
        print(f"appended to {RESULTS}", file=sys.stderr)
    failed = any(t is not None and r["median"] > t for _, _, r, t in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
