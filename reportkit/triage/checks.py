"""One plain-language line per probe group, for the text and Markdown request ("Router 198.51.100.1: answered 24 of
24, 3 ms"); the full probe data stays in report.json / diagnostics.json and the HTML's collapsed section.

Pure: probe data in, sentences out (wording in `wording.CHECK`). Every line is a whole message, worded from the
outcome codes and the probe data; a probe's English `detail` is kept only as data (an OS or TLS error), in brackets.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

from reportkit.messages import Said, make
from reportkit.triage.facts import _dns_name, _hosts, _pool
from reportkit.triage.read import NOT_RUN, Probes, Result, _int, _map, _seq, _text, _texts
from reportkit.triage.sentences import _outcome_noun, _what
from reportkit.triage.wording import CHECK, _fmt_ms, _join, _word

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
ALLOW_ENV = "REPORTKIT_PROBE_ALLOW"
REJECTING = frozenset({"host-unreachable", "net-unreachable", "admin-prohibited", "port-unreachable"})


def _c(key: str, **fields: Any) -> Said:
    return make(f"triage.CHECK.{key}", CHECK[key], **fields)


def _median_ms(results: list[Result]) -> float | None:
    times = [ms for r in results for ms in r.answer_ms]
    return statistics.median(times) if times else None


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


def _not_run(label: Said, r: Result) -> Said:
    if r.data.get("early") is True:
        return _c("not_needed", label=label)
    if r.outcome == "not-permitted":
        return _c("not_permitted", label=label)
    if ALLOW_ENV in r.detail:
        return _c("not_run_allow", label=label)
    return _c("not_run", label=label)


def _group(group: str, results: list[Result], p: Probes) -> list[str]:
    ran = [r for r in results if r.outcome not in NOT_RUN]
    label = _word("CHECK", f"label:{group}")
    if not ran:
        return [_not_run(label, results[0])]
    if group in ("gateway", "anchor", "provider", "service-tcp", "admin-tcp"):
        return [_tcp(label, group, ran, p)]
    if group == "gateway-icmp":
        r = ran[0]
        if r.answered:
            ms = _median_ms(ran)
            facts = {"label": label, "answered": r.attempts[0], "sent": r.attempts[1]}
            return [_c("answered_ms", **facts, ms=_fmt_ms(ms)) if ms is not None else _c("answered", **facts)]
        if all(s.outcome == "timeout" for s in r.samples) and r.samples:
            if not p.answered("gateway"):  # the router is silent on TCP too: no reply is no reply, not a filter
                return [_c("failed", label=label, what=_outcome_noun("timeout"))]
            return [_c("icmp_no_reply", label=label)]
        return [_what(r, "CHECK.not_sent", label=label)]
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
        names = [_c("lookup", name=_dns_name(r), result=_rcode(r)) for r in ran[:4]]
        return [_c("lookups", label=label, ok=len(ok), sent=len(ran), names=_join(names))]
    if group == "nxdomain":
        r = ran[0]
        if r.outcome == "nxdomain":
            return [_c("nx_correct", label=label)]
        if r.ok:
            addresses = _texts(r.data.get("addresses"))
            if addresses:
                return [_c("nx_rewritten", label=label, addresses=_join(addresses))]
            return [_c("nx_rewritten_nowhere", label=label)]
        return [_what(r, "CHECK.failed", label=label)]
    if group in ("portal", "service-http"):
        return [_http(label, r) for r in ran[:2]]
    if group == "service-tls":
        r = ran[0]
        if r.data.get("valid") is True:
            days = _int(r.data.get("days_left"))
            if days is None:
                return [_c("tls_valid_no_days", label=label)]
            return [_c("tls_valid", label=label, days=days)]
        error = _text(r.data.get("error"))
        if error:
            return [_c("tls_invalid", label=label, error=error[:160])]
        if r.data.get("valid") is False:
            return [_c("tls_invalid_no_error", label=label)]
        return [_what(r, "CHECK.failed", 160, label=label)]
    if group == "path":
        return [_path(label, r) for r in ran]
    if group == "status-page":
        return [_status_page(label, r) for r in ran]
    if group == "public-ip":
        r = ran[0]
        if r.ok and _text(r.data.get("address")):
            return [_c("public_ip", label=label, address=_text(r.data.get("address")))]
        return [_what(r, "CHECK.failed", label=label)]
    return []


def _rcode(r: Result) -> str:
    """The DNS answer's rcode (NOERROR, NXDOMAIN: protocol words), or how the query went."""
    rcode = _text(r.data.get("rcode"))
    if rcode:
        return rcode
    return _outcome_noun(r.outcome)


def _tcp(label: Said, group: str, ran: list[Result], p: Probes) -> Said:
    hosts = _hosts(ran)
    alive = _hosts(r for r in ran if r.answered)
    pool = _pool(ran)
    answered = sum(r.attempts[0] for r in ran)
    sent = sum(r.attempts[1] for r in ran)
    where: str = _join(hosts) if len(hosts) <= 3 else _join([*hosts[:3], _c("more_hosts", count=len(hosts) - 3)])
    if group == "gateway":
        where = _text(p.targets.get("gateway")) or where
    lost = pool.lost if pool else 0
    total = pool.total if pool else sent
    if not alive:
        return _c("tcp_silent", label=label, where=where, sent=sent)
    ms = _median_ms(ran)
    facts: dict[str, Any]
    if len(hosts) > 1:
        key, facts = "tcp_hosts", {"alive": len(alive), "host_count": len(hosts)}
    else:
        key, facts = "tcp_one", {"answered": answered, "sent": sent}
    if lost:
        key, facts = f"{key}_lost", {**facts, "lost": lost, "total": total}
    if ms is not None:
        key, facts = f"{key}_ms", {**facts, "ms": _fmt_ms(ms)}
    return _c(key, label=label, where=where, **facts)


def _http(label: Said, r: Result) -> Said:
    status = _int(r.data.get("status"))
    if r.ok and status is not None:
        location = _text(r.data.get("location"))
        facts: dict[str, Any] = {"label": label, "url": r.target[:160], "status": str(status)}
        key = "http"
        if location and 300 <= status < 400:
            key, facts["location"] = "http_to", location[:120]
        if r.ms is not None:
            key, facts["ms"] = f"{key}_ms", _fmt_ms(r.ms)
        return _c(key, **facts)
    return _what(r, "CHECK.http_failed", label=label, url=r.target[:160])


def _path(label: Said, r: Result) -> Said:
    """Where the trace went, from its data (the collector's own sentence is English)."""
    host = _text(r.data.get("toward")) or r.target
    hops = [h for h in _seq(r.data.get("hops")) if isinstance(h, Mapping)]
    answering = [h for h in hops if _text(h.get("address")) and isinstance(h.get("ttl"), int)]
    final = hops[-1] if hops else {}
    if r.data.get("reached") is True:
        count = max((h["ttl"] for h in answering), default=len(hops))
        return _c("path_reached", label=label, host=host, hops=count)
    if final.get("kind") == "local-error":
        return _c("path_local", label=label, host=host)
    if final.get("kind") in REJECTING and _text(final.get("address")) and isinstance(final.get("ttl"), int):
        return _c(
            "path_rejected",
            label=label,
            host=host,
            ttl=final["ttl"],
            address=_text(final.get("address")),
            kind=str(final.get("kind")),
        )
    if answering:
        last = answering[-1]
        return _c("path_stops", label=label, host=host, ttl=last["ttl"], address=_text(last.get("address")))
    if hops and r.outcome == "timeout":
        return _c("path_silent", label=label, host=host)
    return _what(r, "CHECK.path_failed", 160, label=label, host=host)


def _status_page(label: Said, r: Result) -> Said:
    """What the status page says, from its data (the collector's own summary is English)."""
    url = r.target
    if not r.ok:
        return _what(r, "CHECK.status_failed", 200, label=label, url=url)
    data = r.data
    incidents = [i for i in _seq(data.get("incidents")) if isinstance(i, Mapping) and _text(i.get("title"))]
    if incidents:
        count = max(_int(data.get("open_count")) or 0, len(incidents))
        title = (_text(_map(incidents[0]).get("title")) or "")[:120]
        return _c("status_incidents", label=label, url=url, count=count, title=title)
    if data.get("operational") is True:
        return _c("status_operational", label=label, url=url)
    if data.get("operational") is False:
        return _c("status_degraded", label=label, url=url)
    return _c("status_read", label=label, url=url)
