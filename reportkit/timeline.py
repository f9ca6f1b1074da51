"""A watch's rounds summed up (pure): how many failed, between when, and where the fault was each time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from reportkit.model import WatchSummary


class RoundLike(Protocol):
    at: str  # ISO 8601
    ok: bool
    culprit: str


def summarize(rounds: Sequence[RoundLike], started_at: str | None = None, ended_at: str | None = None) -> WatchSummary:
    """The rounds of one watch as a WatchSummary: "failed 4 of 20 rounds between 14:05 and 14:15, always beyond the
    router". `where` lists the culprits of the failed rounds, the most frequent first (ties: the first seen)."""
    ordered = sorted(rounds, key=lambda r: r.at)
    failed = [r for r in ordered if not r.ok]
    counts = Counter(r.culprit or "unknown" for r in failed)
    first_seen = {c: i for i, c in reversed(list(enumerate(r.culprit or "unknown" for r in failed)))}
    where = tuple(sorted(counts, key=lambda c: (-counts[c], first_seen[c])))
    return WatchSummary(
        started_at=started_at or (ordered[0].at if ordered else ""),
        ended_at=ended_at or (ordered[-1].at if ordered else ""),
        rounds=len(ordered),
        failed=len(failed),
        first_failed_at=failed[0].at if failed else None,
        last_failed_at=failed[-1].at if failed else None,
        where=where,
        always=len(where) == 1,
    )


def changes_of(rounds: Sequence[RoundLike]) -> list[tuple[str, bool]]:
    """The moments the outcome flipped: (time, ok) for the first round and every round unlike the one before."""
    out: list[tuple[str, bool]] = []
    for r in sorted(rounds, key=lambda r: r.at):
        if not out or out[-1][1] != r.ok:
            out.append((r.at, r.ok))
    return out


def as_dict(summary: WatchSummary) -> dict[str, Any]:
    from reportkit.model import dump

    return dump(summary)  # type: ignore[no-any-return]
