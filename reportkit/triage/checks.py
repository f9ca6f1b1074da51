"""One plain-language line per probe group, for the text and Markdown request ("Router 198.51.100.1: answered 24 of
24, 3 ms"); the full probe data stays in report.json / diagnostics.json and the HTML's collapsed section.

Pure: probe data in, sentences out (wording in `wording.CHECK`).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

from reportkit.messages import make
from reportkit.triage.facts import _dns_name, _hosts, _pool
from reportkit.triage.read import NOT_RUN, Probes, Result, _int, _text, _texts
from reportkit.triage.wording import CHECK, Said, _join

ORDER = (
    "gateway",
    "gateway-icmp",
    "anchor",
    "portal",
    "resolver",
    "public-resolver",
    "system-dns",
    "nxdomain",
    "service-tcp",
    "admin-tcp",
    "service-http",
    "service-tls",
    "provider",
    "path",
    "status-page",
    "public-ip",
)


def _c(key: str, **fields: Any) -> Said:
    return make(f"triage.CHECK.{key}", CHECK[key], **fields)


def _ms(results: list[Result]) -> str:
    times = [ms for r in results for ms in r.answer_ms]
    return "" if not times else CHECK["ms"].format(ms=f"{statistics.median(times):.0f}")


def lines(data: Mapping[str, Any] | None) -> list[str]:
    """The lines, in the order a technician reads them; a group that did not run says why."""
    if not isinstance(data, Mapping):
        return []
    try:
        p = Probes.parse(data)
        out: list[str] = []
        for group in ORDER:
            results = [r for r in p.results if r.group == group]
            if results:
                out += _group(group, results, p)
        return out
    except Exception:  # a summary line must never cost the request
        return []


def _group(group: str, results: list[Result], p: Probes) -> list[str]:
    ran = [r for r in results if r.outcome not in NOT_RUN]
    label = CHECK[f"label:{group}"]
    if not ran:
        reason = results[0].detail or results[0].outcome
        return [_c("not_run", label=label, reason=reason[:120])]
    if group in ("gateway", "anchor", "provider", "service-tcp", "admin-tcp"):
        return [_tcp(label, group, ran, p)]
    if group == "gateway-icmp":
        r = ran[0]
        if r.answered:
            return [_c("answered", label=label, answered=r.attempts[0], sent=r.attempts[1], ms=_ms(ran))]
        if all(s.outcome == "timeout" for s in r.samples) and r.samples:
            return [_c("icmp_no_reply", label=label)]
        return [_c("not_sent", label=label, reason=(r.detail or r.outcome)[:120])]
    if group in ("resolver", "public-resolver"):
        answered = [r for r in ran if r.answered]
        return [
            _c(
                "dns_servers",
                label=label,
                servers=_join(_hosts(ran)),
                answered=len(answered),
                sent=len(ran),
                outcomes=_join(list(dict.fromkeys(_rcode(r) for r in ran))),
            )
        ]
    if group == "system-dns":
        ok = [r for r in ran if r.ok]
        return [
            _c(
                "lookups",
                label=label,
                ok=len(ok),
                sent=len(ran),
                names=_join([f"{_dns_name(r)} ({_rcode(r)})" for r in ran[:4]]),
            )
        ]
    if group == "nxdomain":
        r = ran[0]
        if r.outcome == "nxdomain":
            return [_c("nx_correct", label=label)]
        if r.ok:
            return [_c("nx_rewritten", label=label, addresses=_join(_texts(r.data.get("addresses"))) or "?")]
        return [_c("failed", label=label, what=(r.detail or r.outcome)[:120])]
    if group in ("portal", "service-http"):
        return [_http(label, r) for r in ran[:2]]
    if group == "service-tls":
        r = ran[0]
        if r.data.get("valid") is True:
            days = _int(r.data.get("days_left"))
            return [_c("tls_valid", label=label, days=days if days is not None else "?")]
        return [_c("failed", label=label, what=(_text(r.data.get("error")) or r.detail or r.outcome)[:160])]
    if group == "path":
        return [_c("path", label=label, host=_text(r.data.get("toward")) or r.target, what=r.detail[:160]) for r in ran]
    if group == "status-page":
        return [_c("status", label=label, url=r.target, what=(r.detail or r.outcome)[:200]) for r in ran]
    if group == "public-ip":
        r = ran[0]
        if r.ok and _text(r.data.get("address")):
            return [_c("public_ip", label=label, address=_text(r.data.get("address")))]
        return [_c("failed", label=label, what=(r.detail or r.outcome)[:120])]
    return []


def _rcode(r: Result) -> str:
    rcode = _text(r.data.get("rcode"))
    if rcode:
        return rcode
    return CHECK.get(f"outcome:{r.outcome}", r.outcome)


def _tcp(label: str, group: str, ran: list[Result], p: Probes) -> str:
    hosts = _hosts(ran)
    alive = _hosts(r for r in ran if r.answered)
    pool = _pool(ran)
    answered = sum(r.attempts[0] for r in ran)
    sent = sum(r.attempts[1] for r in ran)
    where = _join(hosts) if len(hosts) <= 3 else ", ".join(hosts[:3]) + CHECK["more"].format(count=len(hosts) - 3)
    if group == "gateway":
        where = _text(p.targets.get("gateway")) or where
    lost = pool.lost if pool else 0
    total = pool.total if pool else sent
    if not alive:
        return _c("tcp_silent", label=label, where=where, sent=sent)
    loss = CHECK["lost"].format(lost=lost, sent=total) if lost else ""
    if len(hosts) > 1:
        return _c("tcp_hosts", label=label, where=where, alive=len(alive), hosts=len(hosts), loss=loss, ms=_ms(ran))
    return _c("tcp_one", label=label, where=where, answered=answered, sent=sent, loss=loss, ms=_ms(ran))


def _http(label: str, r: Result) -> str:
    status = _int(r.data.get("status"))
    if r.ok and status is not None:
        location = _text(r.data.get("location"))
        to = CHECK["to"].format(location=location[:120]) if location and 300 <= status < 400 else ""
        ms = CHECK["ms"].format(ms=f"{r.ms:.0f}") if r.ms is not None else ""
        return _c("http", label=label, url=r.target[:160], status=status, to=to, ms=ms)
    return _c("http_failed", label=label, url=r.target[:160], what=(r.detail or r.outcome)[:120])
