"""Two kinds of comparison, both pure (probe data in, plain data and a Verdict out):

- `changes(before, after)`: one diagnosis run against a later run of the same probes (`reportkit verify`): per
  check, fixed / still failing / newly failing / unchanged / not compared.
- `merge(vantages)`: diagnoses of the same service taken over different connections or from different machines
  (`reportkit compare`, `collect --also`): one verdict. A connection over which the service works is the second
  vantage point the single-run engine can only ask about ("does it work over a phone hotspot?"), so the failing
  run is decided again with that answer given — measured rather than said, and worded so.

A check is one probe target of one group ("anchor 203.0.113.64:443"); its state is `ok`, `alive` (it refused,
which proves the host is up), `failed` or `not-run`, as read by `read.status` plus what a probe's data says beyond
its outcome (an HTTP 5xx, an invalid certificate, a captive portal's answer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportkit.messages import Said, make
from reportkit.model import Verdict
from reportkit.triage.checks import ORDER
from reportkit.triage.facts import _dns_name, _service_unreachable
from reportkit.triage.read import Probes, Result, _int, _map, status
from reportkit.triage.wording import COMPARE, _join

# the groups compared check by check: path traces, status pages and the public IP are information, not checks
COMPARED = tuple(g for g in ORDER if g not in ("path", "status-page", "public-ip"))
GOOD = frozenset({"ok", "alive"})
SERVICE = ("service-tcp", "service-http", "service-tls")
RANK = {"failed": 3, "alive": 1, "ok": 0, "not-run": 2}  # several results of one check: the worst stands


def _c(key: str, **fields: Any) -> Said:
    return make(f"triage.COMPARE.{key}", COMPARE[key], **fields)


def state_word(state: str) -> Said:
    return _c(f"state:{state}")


def change_word(change: str) -> Said:
    return _c(f"change:{change}")


@dataclass(frozen=True)
class Check:
    key: str  # "anchor 203.0.113.64:443": the group and what was checked
    group: str
    target: str
    state: str  # ok | alive | failed | not-run


def check_state(r: Result) -> str:
    base = status(r.group, r.outcome)
    if base != "ok":
        return base
    code = _int(r.data.get("status"))
    if r.group == "service-http" and code is not None and code >= 500:
        return "failed"
    if r.group == "portal" and code is not None and code != 204:
        return "failed"
    if r.group == "service-tls" and r.data.get("valid") is False:
        return "failed"
    return base


def _target(r: Result) -> str:
    if r.group == "nxdomain":  # a new random name each run: the check is the same
        return ""
    if r.group == "system-dns" and _map(r.data).get("role") == "random":
        return ""
    if r.group in ("resolver", "public-resolver"):
        return f"{_dns_name(r)} @ {r.host}"
    return r.target


def checks(data: Mapping[str, Any] | None) -> dict[str, Check]:
    """The checks of one run, by key, in the order a technician reads them."""
    if not isinstance(data, Mapping):
        return {}
    p = Probes.parse(data)
    found: dict[str, Check] = {}
    for group in COMPARED:
        for r in (r for r in p.results if r.group == group):
            target = _target(r)
            key = f"{group} {target}".strip()
            state = check_state(r)
            seen = found.get(key)
            if seen is None or RANK[state] > RANK[seen.state]:
                found[key] = Check(key, group, target, state)
    return found


@dataclass(frozen=True)
class Change:
    key: str
    group: str
    target: str
    before: str  # a state, or "absent" (the check was not in that run)
    after: str
    change: str  # fixed | still-failing | newly-failing | unchanged | not-compared


def _change(before: str, after: str) -> str:
    if before in ("not-run", "absent") or after in ("not-run", "absent"):
        return "not-compared"
    if before == "failed":
        return "still-failing" if after == "failed" else "fixed"
    return "newly-failing" if after == "failed" else "unchanged"


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """Every check of either run: how it went before and after (the earlier run's order, then new checks)."""
    old, new = checks(before), checks(after)
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(key), new.get(key)
        first = was or now
        assert first is not None
        b = was.state if was else "absent"
        a = now.state if now else "absent"
        out.append(Change(key, first.group, first.target, b, a, _change(b, a)))
    return out


def tally(found: Sequence[Change]) -> dict[str, int]:
    counts = {k: 0 for k in ("fixed", "still-failing", "newly-failing", "unchanged", "not-compared")}
    for c in found:
        counts[c.change] += 1
    return counts


# ------------------------------------------------------------------------------------------------ vantage points


@dataclass(frozen=True)
class Vantage:
    """One diagnosis to compare: a label (the file's name), its probe data (None: taken without probes)."""

    label: str
    probes: Mapping[str, Any] | None


@dataclass(frozen=True)
class Seen:
    """What one vantage point saw."""

    label: str
    works: bool | None  # the service (or, with no service configured, the connection) works from there
    verdict: Verdict  # decided on its own probes alone


@dataclass(frozen=True)
class Merged:
    verdict: Verdict
    seen: tuple[Seen, ...]
    primary: str | None  # the label of the vantage point the verdict speaks about
    notes: tuple[str, ...]  # messages about the comparison itself (a file without checks, different services)


def works(data: Mapping[str, Any] | None, verdict: Verdict) -> bool | None:
    """Does the service work from there? Its own checks say, when it was checked; else the verdict (healthy or
    not). None: nothing was measured."""
    if not isinstance(data, Mapping) or verdict.finding == "not-measured":
        return None
    service = [c for c in checks(data).values() if c.group in SERVICE and c.state != "not-run"]
    if service:
        return all(c.state in GOOD for c in service) and not _service_unreachable(Probes.parse(data))
    return verdict.culprit == "none"


def _service_of(data: Mapping[str, Any] | None) -> str:
    service = _map(_map(_map(data).get("targets")).get("service"))
    return str(service.get("url") or service.get("host") or service.get("hostname") or "")


def merge(vantages: Sequence[Vantage], settings: Mapping[str, Any] | None = None) -> Merged:
    """One verdict from several vantage points. The first vantage point over which the service fails is the one
    the verdict speaks about, decided with the others' result as its "other connection" answer: works somewhere
    else → this connection's side (or its route to the provider); fails everywhere → the provider or the service."""
    from reportkit.triage import decide

    notes: list[str] = []
    seen: list[Seen] = []
    for v in vantages:
        verdict = decide(v.probes, None, settings)
        if not isinstance(v.probes, Mapping) or not v.probes:
            notes.append(_c("no_probes", label=v.label))
        seen.append(Seen(v.label, works(v.probes, verdict), verdict))
    by_label = {v.label: v for v in vantages}
    measured = [s for s in seen if s.works is not None]
    first = next((v for v in vantages if v.probes), None)
    for v in vantages:
        if first is not None and v is not first and v.probes and _service_of(v.probes) != _service_of(first.probes):
            notes.append(
                _c(
                    "different_targets",
                    first=first.label,
                    other=v.label,
                    first_target=_service_of(first.probes) or "-",
                    other_target=_service_of(v.probes) or "-",
                )
            )
    if not measured:
        return Merged(decide(None, None, settings), tuple(seen), None, tuple(notes))
    failing = [s for s in measured if not s.works]
    working = [s for s in measured if s.works]
    primary = failing[0] if failing else measured[0]
    others = [s.label for s in measured if s is not primary]
    if not others:
        return Merged(primary.verdict, tuple(seen), primary.label, tuple(notes))
    answer = "works" if working else "fails"
    told = [s.label for s in (working if working else failing[1:])] or others
    verdict = decide(by_label[primary.label].probes, {"other_connection": answer}, settings)
    return Merged(_measured(verdict, told), tuple(seen), primary.label, tuple(notes))


def _measured(verdict: Verdict, others: Sequence[str]) -> Verdict:
    """The verdict with "You said … over another connection" worded as what the other connections measured."""

    def reword(text: str) -> str:
        if isinstance(text, Said) and text.context.startswith("triage.ANSWER_TEXT."):
            key = text.context.removeprefix("triage.ANSWER_TEXT.")
            if key in COMPARE:
                return _c(key, others=_join(list(others)))
        return text

    return replace(verdict, evidence=tuple(reword(e) for e in verdict.evidence))
