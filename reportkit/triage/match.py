"""`Match`: what a rule concludes from the measurements, before the user's answers adjust it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    culprit: str
    finding: str
    confidence: str
    evidence: tuple[str, ...]  # what was measured
    steps: str = ""  # key into STEPS; "" = the finding
    told: tuple[str, ...] = ()  # what the user's answers added
    told_first: bool = False  # the answers changed the culprit: say them first
    used: frozenset[str] = frozenset()  # answers an adjustment already used
    notes: tuple[str, ...] = ()  # warnings added by adjustments
    lead_step: str = ""  # a next step that goes before the finding's own (e.g. "follow the provider's incident")


def _match(culprit: str, finding: str, confidence: str, *evidence: str | None) -> Match:
    return Match(culprit, finding, confidence, tuple(e for e in evidence if e))
