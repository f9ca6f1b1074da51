"""`reportkit verify`: the probes of a request sent again to the same targets, compared check by check with what
was measured when the request was written, and a short follow-up message for the same contact."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportkit.errors import InputError
from reportkit.i18n import _


@dataclass(frozen=True)
class Baseline:
    """What verify compares against: the stored targets (plan) and probe results of one request."""

    plan: Mapping[str, Any]
    probes: Mapping[str, Any] | None
    request_id: str | None = None
    request: Any | None = None  # history.Request, when the request is in the ledger
    tickets: tuple[Any, ...] = ()  # history.Ticket
    language: str = "en"
    summary: str = ""
    service: str = ""
    reporter: str = ""
    created_at: str = ""
    recipient: str = ""  # whom the request went to (the follow-up goes there too)


def looks_like_id(text: str) -> bool:
    return text.strip().upper().startswith("RK-") and "/" not in text and not text.lower().endswith(".json")


def from_ledger(ledger: Any, request_id: str) -> Baseline:
    """The baseline of a request in the ledger (UnknownRequest if it is not there)."""
    from reportkit import history

    rid = history.check_request_id(request_id)
    request = ledger.get(rid)
    stored = ledger.plan(rid) or {}
    plan = stored.get("plan") if isinstance(stored, Mapping) and "plan" in stored else stored
    probes = stored.get("probes") if isinstance(stored, Mapping) else None
    if not isinstance(plan, Mapping) or not plan:
        raise InputError(
            _("{id} was recorded without network checks (collected with --offline?); nothing to verify").format(id=rid)
        )
    return Baseline(
        plan=plan,
        probes=probes if isinstance(probes, Mapping) else None,
        request_id=rid,
        request=request,
        tickets=tuple(ledger.tickets(rid)),
        language=request.language or "en",
        summary=request.summary,
        service=request.service,
        created_at=request.created_at,
        recipient=request.recipient,
    )


def from_report(path: Path, ledger: Any | None) -> Baseline:
    """The baseline of a saved report: its request in the ledger when it has an id there, else the targets the
    report holds — unless they were anonymised (stand-ins cannot be probed)."""
    from reportkit import history, reports

    source = reports.locate(path)
    report = reports.load(source)
    rid = report.meta.request_id
    if rid and ledger is not None:
        try:
            found = from_ledger(ledger, rid)
        except history.UnknownRequest:
            found = None
        if found is not None:
            return found
    if report.meta.anonymized:
        raise InputError(
            _(
                "{path}: its targets were anonymised and its request is not in this computer's history; verify it on "
                "the computer that collected it, or collect again without --anonymize"
            ).format(path=source)
        )
    section = report.diagnostics.get("probes")
    data = section.data if section is not None and section.status == "ok" else None
    targets = data.get("targets") if isinstance(data, Mapping) else None
    if not isinstance(targets, Mapping):
        raise InputError(
            _("{path} holds no network checks (collected with --offline?); there is nothing to verify").format(
                path=source
            )
        )
    plan = {**targets, "deadline_s": data.get("deadline_s") if isinstance(data, Mapping) else None}
    return Baseline(
        plan=plan,
        probes=data,
        request_id=rid,
        language=report.meta.language,
        summary=report.problem.summary or "",
        service=report.service.name or report.service.hostname or report.service.host or "",
        reporter=report.reporter.name or "",
        created_at=report.meta.created_at,
        recipient=recipient_of(report),
    )


def recipient_of(report: Any) -> str:
    contact = report.verdict.contact if report.verdict is not None else {}
    name, email = str(contact.get("name") or ""), str(contact.get("email") or "")
    return f"{name} <{email}>" if name and email else name or email


@dataclass(frozen=True)
class Result:
    """One verify run: the checks before and after, the new verdict, and whether the fault is gone."""

    baseline: Baseline
    at: str  # ISO 8601
    changes: tuple[Any, ...]  # triage.compare.Change
    tally: dict[str, int]
    verdict: Any  # model.Verdict of the new run
    probes: Mapping[str, Any] | None
    fixed: bool  # nothing fails now
    recovered_at: str | None = None  # since when every run of this request has passed (ledger), else `at`
    notes: tuple[str, ...] = field(default_factory=tuple)


def outcome(baseline: Baseline, probes: Mapping[str, Any] | None, verdict: Any, at: datetime) -> Result:
    from reportkit.triage import compare

    found = compare.changes(baseline.probes, probes)
    counts = compare.tally(found)
    failing_now = any(c.after == "failed" for c in found)
    fixed = probes is not None and not failing_now and verdict.culprit in ("none",)
    return Result(baseline, at.isoformat(timespec="seconds"), tuple(found), counts, verdict, probes, fixed, None, ())


def recovered_since(rounds: Sequence[Any], now: str) -> str:
    """The earliest moment from which every round up to now passed (the rounds of this request's verify and
    watch runs), else `now`."""
    since = now
    for r in sorted(rounds, key=lambda r: r.at, reverse=True):
        if not r.ok:
            break
        since = min(since, r.at)
    return since


def round_summary(result: Result) -> dict[str, Any]:
    """What the ledger keeps of one verify pass."""
    return {
        "tally": result.tally,
        "failed": [c.key for c in result.changes if c.after == "failed"],
        "fixed": [c.key for c in result.changes if c.change == "fixed"],
    }


def followup_view(result: Result, reporter: str = "") -> dict[str, Any]:
    """The data of the follow-up message (templates/followup.txt.j2)."""
    from reportkit import render
    from reportkit.triage import compare

    b = result.baseline
    still = [c for c in result.changes if c.change == "still-failing"]
    new = [c for c in result.changes if c.change == "newly-failing"]
    fixed = [c for c in result.changes if c.change == "fixed"]

    def line(c: Any) -> str:
        return f"{compare_label(c)}: {render.say(compare.state_word(c.after))}"

    return {
        "fixed": result.fixed,
        "since": result.recovered_at or result.at,
        "at": result.at,
        "tickets": [t.number for t in b.tickets],
        "providers": sorted({t.provider for t in b.tickets if t.provider}),
        "request_id": b.request_id,
        "summary": b.summary,
        "service": b.service,
        "created_at": b.created_at,
        "reporter": reporter or b.reporter,
        "recipient": b.recipient,
        "still": [line(c) for c in still],
        "new": [line(c) for c in new],
        "recovered": [compare_label(c) for c in fixed],
        "culprit": result.verdict.culprit if result.verdict is not None else "unknown",
    }


def compare_label(change: Any) -> str:
    """A check as a person reads it: "the router (198.51.100.1)"."""
    from reportkit import render
    from reportkit.messages import make
    from reportkit.triage.wording import LABELS

    group = change.group
    label = render.say(make(f"triage.LABELS.{group}", LABELS[group])) if group in LABELS else group
    return f"{label} ({change.target})" if change.target else label


def render_followup(result: Result, reporter: str = "") -> str:
    """The follow-up message in the request's language."""
    from reportkit import render

    return render.render_view("followup.txt.j2", lambda: followup_view(result, reporter), result.baseline.language)
