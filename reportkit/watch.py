"""`reportkit watch`: the same probes every N seconds for a bounded time, one compact line per round, each round
kept as it happens (a watch stopped with Ctrl-C keeps what it measured)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportkit.errors import InputError
from reportkit.i18n import _

SHORTEST_EVERY = 1.0  # seconds between rounds, at least
LONGEST_FOR = 24 * 3600.0  # a watch longer than a day needs --force


def bounds(every: float, duration: float, force: bool) -> tuple[float, float]:
    """--every and --for checked: one line each when out of bounds."""
    from reportkit import durations

    if every < SHORTEST_EVERY:
        raise InputError(
            _("--every {value}: rounds must be at least 1s apart; e.g. --every 30s").format(
                value=durations.spoken(every)
            )
        )
    if duration <= 0:
        raise InputError(_("--for {value}: give how long to watch, e.g. --for 10m").format(value=durations.spoken(0)))
    if duration > LONGEST_FOR and not force:
        raise InputError(
            _("--for {value} is longer than a day; add --force to watch that long, or choose a shorter time").format(
                value=durations.spoken(duration)
            )
        )
    if duration < every:
        raise InputError(
            _("--for {duration} is shorter than --every {every}: that is not even two rounds; watch longer").format(
                duration=durations.spoken(duration), every=durations.spoken(every)
            )
        )
    return every, duration


@dataclass(frozen=True)
class Tick:
    """One round: when, whether every check passed, the culprit if not, and which checks failed."""

    at: str  # ISO 8601
    ok: bool
    culprit: str
    finding: str
    failed: tuple[str, ...] = ()
    total: int = 0
    summary: dict[str, Any] = field(default_factory=dict)


def tick_of(diagnosis: Any, at: datetime) -> Tick:
    from reportkit.triage import compare

    probes = next((s for s in diagnosis.sections if s.name == "probes"), None)
    data = probes.data if probes is not None and probes.status == "ok" else None
    found = compare.checks(data)
    failed = tuple(k for k, c in found.items() if c.state == "failed")
    verdict = diagnosis.verdict
    ok = data is not None and verdict.culprit == "none"
    return Tick(
        at.isoformat(timespec="seconds"),
        ok,
        verdict.culprit,
        verdict.finding,
        failed,
        len(found),
        {"failed": list(failed), "total": len(found), "states": {k: c.state for k, c in found.items()}},
    )


def rounds_planned(every: float, duration: float) -> int:
    return int(duration // every) + 1


def run(
    plan: Mapping[str, Any],
    settings: Mapping[str, Any],
    every: float,
    duration: float,
    on_tick: Callable[[Tick, int, int], None],
    sleep: Callable[[float], None] = time.sleep,
) -> list[Tick]:
    """Round after round until `duration` has passed: each one starts `every` seconds after the one before (a round
    that takes longer delays the next), under a deadline that leaves room for the pause. Ctrl-C (KeyboardInterrupt)
    propagates to the caller, which keeps the ticks `on_tick` has seen."""
    from reportkit import pipeline

    ticks: list[Tick] = []
    total = rounds_planned(every, duration)
    started = time.monotonic()
    deadline = max(1.0, min(every * 0.8, float(plan.get("deadline") or plan.get("deadline_s") or 6.0)))
    for number in range(1, total + 1):
        due = started + (number - 1) * every
        wait = due - time.monotonic()
        if wait > 0:
            sleep(wait)
        diagnosis = pipeline.rediagnose(plan, settings, deadline=deadline)
        tick = tick_of(diagnosis, datetime.now().astimezone())
        ticks.append(tick)
        on_tick(tick, number, total)
    return ticks
