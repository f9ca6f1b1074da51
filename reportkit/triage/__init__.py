"""The verdict engine: probe data + the user's answers + settings → one `Verdict`.

Pure: data in, verdict out. No I/O, no clock, no imports beyond the standard library and `reportkit.model`.

The input is the probes Section's `data` (docs/probes.md). It is read defensively: a missing key, a wrong type or
an unknown outcome makes that piece "not measured", never an exception (`decide` has a last-resort guard too).

How a verdict is made (DESIGN §5):
1. `RULES`: the ordered rule table. The first rule that matches wins; lower layers (this computer, the local
   network, the ISP, DNS) are judged before higher ones (the cloud provider, the service), because a broken lower
   layer makes everything above it fail too. Every rule is a small function whose docstring states the observation
   it matches and why.
2. `ADJUSTMENTS`: the user's answers ("does it work over another connection?", "do other devices have internet?")
   are observations from a second vantage point that the probes cannot have. They run after the measured match, in
   order, each seeing the previous one's result: a measurement says *what* fails from here, an answer can say
   *where* (e.g. provider unreachable from here but fine over a hotspot → the route through the ISP).
3. `invariants.enforce`: rules cannot be trusted one by one to never be confidently wrong, so after them a
   check that failed and that the verdict does not explain turns "healthy" into unknown / unexplained (and lowers
   any other verdict), and checks that could not run lower the confidence and are listed.
4. `WARNINGS`: things worth knowing that are never a verdict on their own (NXDOMAIN rewriting, ICMP filtered, a
   proxy or VPN, …). Only the ones in `CAVEATS` lower a healthy verdict to medium confidence; ICMP being filtered
   or not permitted is not a fault and changes nothing.

All wording for humans lives in the tables in `wording.py` (`TEXT`, `STEPS`, `WARN`, `NEEDS`, …) so it can be
revised in one place.

The package, one job per module (each imports only from the ones above it):
- `thresholds`: the numbers measurements are compared with.
- `wording`: every human-readable table (evidence, answers, warnings, next steps, contacts) and how to fill it.
- `read`: reading the probe data defensively into `Probes` / `Result`.
- `facts`: small facts derived from the probes, reused everywhere below.
- `sentences`: evidence phrases built from probe results, shared by rules and warnings.
- `match`: `Match`, what a rule concludes before the answers adjust it.
- `rules`: the rule functions and the ordered `RULES` table.
- `answers`: the `ADJUSTMENTS` made by the user's answers.
- `warnings`: the `WARNINGS` checks.
- `contact`: who to turn to, and the next steps.
- this module: `decide`, the entry point, which puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportkit.model import Verdict
from reportkit.triage import status
from reportkit.triage.answers import ADJUSTMENTS, Answers, _adjust
from reportkit.triage.contact import _contact, _context, _steps
from reportkit.triage.early import settled
from reportkit.triage.invariants import enforce
from reportkit.triage.match import Match, _match
from reportkit.triage.read import Probes, _map
from reportkit.triage.rules import RULES, _first_match
from reportkit.triage.thresholds import MAX_EVIDENCE
from reportkit.triage.warnings import WARNINGS, _warnings
from reportkit.triage.wording import (
    ANSWERED_BY,
    ASK_HOTSPOT,
    ASK_HOTSPOT_PROVIDER,
    ASK_OTHER_DEVICES,
    CAVEATS,
    NEEDS,
    STEPS,
    TEXT,
    WARN,
    Said,
    _say,
)

__all__ = [
    "ADJUSTMENTS",
    "ASK_HOTSPOT",
    "ASK_HOTSPOT_PROVIDER",
    "ASK_OTHER_DEVICES",
    "CAVEATS",
    "NEEDS",
    "RULES",
    "STEPS",
    "TEXT",
    "WARN",
    "WARNINGS",
    "decide",
    "settled",
]


def decide(
    probes: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Verdict:
    """The verdict for one diagnose run. Never raises: unreadable input gives unknown / not-measured."""
    try:
        return _decide(probes, answers, settings)
    except Exception:  # last resort: a corner of malformed input nobody foresaw must not cost the user the report
        return Verdict(
            "unknown",
            "not-measured",
            "low",
            evidence=(_say("unreadable"),),
            contact=_contact("unknown", {}),
            next_steps=_steps("not-measured", {}),
        )


def _decide(probes: Any, answers: Any, settings: Any) -> Verdict:
    config = _map(settings)
    if isinstance(probes, Mapping) and probes:
        p = Probes.parse(probes)
        match = _first_match(p)
    else:
        p = Probes({}, {}, ())
        match = _match("unknown", "not-measured", "low", _say("no_probes"), _say("no_probes_2"))
    told = Answers.parse(answers)
    match, status_warnings = status.apply(_adjust(match, p, told), p)
    match = enforce(match, p)
    warnings = _warnings(p) + status_warnings
    read = status.read_urls(p)
    confidence = match.confidence
    if match.finding == "healthy" and any(key in CAVEATS for key, _ in warnings):
        confidence = "medium"
    return Verdict(
        culprit=match.culprit,
        finding=match.finding,
        confidence=confidence,
        evidence=_evidence(match),
        warnings=tuple(dict.fromkeys([text for _, text in warnings] + list(match.notes))),
        contact=_contact(match.culprit, config),
        next_steps=tuple(
            step
            for step in (
                *([match.lead_step] if match.lead_step else []),
                *(s for s in _steps(match.steps or match.finding, _context(p, config)) if not _reads(s, read)),
            )
            if not _already_answered(step, told)
        ),
    )


def _reads(step: str, urls: set[str]) -> bool:
    """The step sends the user to a status page the checks already read (its answer is in the evidence)."""
    values = step.fields.values() if isinstance(step, Said) else (step,)
    return any(url in str(value) for value in values for url in urls)


def _already_answered(step: str, answers: Answers) -> bool:
    """The step asks what the user already answered (found by its catalog context, whatever the language)."""
    question = ANSWERED_BY.get(step.context) if isinstance(step, Said) else None
    return question is not None and getattr(answers, question) is not None


def _evidence(match: Match) -> tuple[str, ...]:
    """2–5 sentences: the answers that changed the culprit first, measured facts, then other answers."""
    room = max(MAX_EVIDENCE - len(match.told), 1)
    measured = list(dict.fromkeys(match.evidence))[:room]
    ordered = [*match.told, *measured] if match.told_first else [*measured, *match.told]
    return tuple(ordered[:MAX_EVIDENCE])
