"""Invariants every verdict obeys, enforced after the rules and the answers — not rule by rule:

1. "none / healthy" only when every check that ran passed and the checks that matter were measured. A failed check
   that no rule explains turns "healthy" into unknown / unexplained (low), naming the failing checks; under any other
   finding it is listed as a warning and the confidence drops one step.
2. Checks that could not run (skipped, not permitted) are never a fault, but they are listed, and they lower the
   confidence; when the checks that matter were not measured, there is no "healthy".

What "failed" means is decided here once (`failures`), from the probe data, independently of the rules: the
invariants must hold even for a combination of results no rule foresaw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from reportkit.messages import Joined, Said
from reportkit.triage.facts import (
    _dns_name,
    _internet_answered,
    _lookup_faulty,
    _missing_names,
    _resolver_faulty,
)
from reportkit.triage.match import Match, _match
from reportkit.triage.read import BEYOND_GROUPS, NOT_RUN, SERVICE_GROUPS, Probes, Result, _int, _ip, _text
from reportkit.triage.sentences import _failed_as
from reportkit.triage.wording import LABELS, _join, _say, _warn, _word

# without these measured there is no "healthy": whether the internet answers, and (when configured) the service
MATTER_INTERNET = ("anchor", "public-resolver", "portal")
MATTER_SERVICE = (*SERVICE_GROUPS, "service-http", "service-tls")
CONFIDENCE = ("low", "medium", "high")


def failures(p: Probes) -> list[Result]:
    """Every check that ran and shows a fault, by one independent reading of the data."""
    missing = set(_missing_names(p))
    internet = _internet_answered(p) or bool(p.answered("service-tcp", "admin-tcp"))
    ran = [r for r in p.results if r.outcome not in NOT_RUN and r.data.get("early") is not True]
    out = [r for r in ran if r.group not in ("anchor", "resolver") and _failed(r, p, missing, internet)]
    # anchors: one dead test address among live ones is that operator's problem (a warning); half or more is not
    anchors = _anchors_judged(ran)
    silent_hosts = _silent_hosts(anchors)
    if silent_hosts and len(silent_hosts) * 2 >= len({r.host for r in anchors}):
        out += [r for r in anchors if r.host in silent_hosts]
    # this computer's DNS servers: one dead server while another answers is a warning (lookups retry)
    resolvers = [r for r in ran if r.group == "resolver"]
    if resolvers and all(_resolver_faulty(r, p) for r in resolvers):
        out += resolvers
    return out


def _anchors_judged(results: list[Result]) -> list[Result]:
    """The anchor results that count: IPv6 anchors that all fail while IPv4 ones answer are the "IPv6 broken"
    warning, not a failure of the internet."""
    anchors = [r for r in results if r.group == "anchor"]
    v6 = [r for r in anchors if ":" in r.host]
    v4 = [r for r in anchors if ":" not in r.host]
    if v6 and not any(r.answered for r in v6) and any(r.answered for r in v4):
        return v4
    return anchors


def _silent_hosts(results: list[Result]) -> set[str]:
    """Hosts that answered on none of the ports tried."""
    hosts = {r.host for r in results}
    return {h for h in hosts if not any(r.answered for r in results if r.host == h)}


def dead_anchors(p: Probes) -> list[str]:
    """Anchor hosts that answered on no port, when they are fewer than half (else they are a failure)."""
    anchors = _anchors_judged([r for r in p.measured("anchor") if r.outcome not in NOT_RUN])
    silent = _silent_hosts(anchors)
    if silent and len(silent) * 2 < len({r.host for r in anchors}):
        return sorted(silent)
    return []


def _failed(r: Result, p: Probes, missing: set[str], internet: bool) -> bool:
    group = r.group
    if group == "gateway":  # the router filtering connections to itself is fine while traffic gets through
        return not p.answered("gateway", "gateway-icmp") and not internet
    if group == "gateway-icmp":
        return False  # ping is informational (often filtered); TCP decides whether the router is alive
    if group == "provider":
        return not r.answered
    if group == "admin-tcp":  # filtered (an allow-list) while the service answers is not a fault
        return not r.answered and not p.ok("service-tcp")
    if group == "service-tcp":
        return not r.ok
    if group == "public-resolver":
        return not r.answered or r.outcome in ("servfail", "refused")
    if group == "system-dns":
        if r.data.get("role") == "service":
            return not r.ok
        return _dns_name(r) not in missing and _lookup_faulty(r, p)
    if group == "nxdomain":
        return r.outcome not in ("nxdomain", "ok")  # ok = rewriting: a warning, not a fault
    if group == "portal":
        return not r.ok
    if group == "service-http":
        status = _int(r.data.get("status"))
        return not r.ok or (status is not None and status >= 500)
    if group == "service-tls":
        return not r.ok or r.data.get("valid") is False
    return False  # path, status pages, public IP: information, never a fault by themselves


def _port_of(r: Result) -> int | None:
    if "://" in r.target:
        parts = urlsplit(r.target)
        try:
            return parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
    return r.port


def _by_name(r: Result) -> bool:
    """An HTTP/TLS check that needs DNS first (its URL names a host, not an address)."""
    host = urlsplit(r.target).hostname if "://" in r.target else r.host
    return host is not None and _ip(host) is None


DNS_GROUPS = frozenset({"resolver", "system-dns", "nxdomain", "public-resolver"})
SERVICE_ALL = frozenset({*SERVICE_GROUPS, "service-http", "service-tls"})


def explains(match: Match, p: Probes) -> Callable[[Result], bool]:
    """Which failed checks the match accounts for."""
    finding = match.finding
    everything = {
        "interface-down", "no-link", "no-address", "no-route", "gateway-down", "lan-degraded", "captive-portal",
        "isp-down", "isp-degraded", "not-measured", "unexplained", "vpn-down",
    }  # fmt: skip
    if finding in everything:
        return lambda r: True
    if finding in ("resolver-down", "dns-slow"):
        return lambda r: r.group in DNS_GROUPS or (r.group in ("service-http", "service-tls", "portal") and _by_name(r))
    if finding == "firewall":
        port = _blocked_port(match)
        dns = DNS_GROUPS if port == 53 else frozenset()  # DNS queries use port 53 too
        return lambda r: _port_of(r) == port or r.group in dns
    if finding in ("service-dns", "service-dns-mismatch"):
        hostname = _text(p.service.get("hostname"))
        return lambda r: (
            (r.group == "system-dns" and r.data.get("role") == "service")
            or (
                r.group in ("service-http", "service-tls", "public-resolver")
                and (_by_name(r) or _dns_name(r) == hostname)
            )
        )
    if finding in ("provider-down", "isp-route", "no-ipv6"):
        return lambda r: r.group in SERVICE_ALL or r.group == "provider"
    if finding in ("host-down", "app-down"):
        return lambda r: r.group in SERVICE_ALL
    if finding in ("app-error", "tls-invalid"):
        return lambda r: r.group in ("service-http", "service-tls")
    return lambda r: False  # healthy explains nothing


def _blocked_port(match: Match) -> int | None:
    for sentence in match.evidence:
        if isinstance(sentence, Said) and sentence.key in ("port_blocked", "port_rejected"):
            port = str(sentence.fields.get("port"))
            return int(port) if port.isascii() and port.isdigit() else None
    return None


def not_run(p: Probes) -> list[Result]:
    """Checks that were planned but could not run (skipped by the allow list, not permitted) — not those a
    settled lower layer made unnecessary."""
    router_measured = bool(p.measured("gateway"))
    return [
        r
        for r in p.results
        if r.outcome in NOT_RUN
        and r.data.get("early") is not True
        and not (r.group == "gateway-icmp" and router_measured)  # unprivileged ping is often denied: TCP suffices
        and r.group not in ("status-page", "public-ip", "path")  # information: never part of the verdict's base
    ]


def _label(r: Result) -> Said:
    """One failed check in a list: its target and how it failed ("203.0.113.64:443 (no answer)")."""
    return _say("check_failed", target=r.target, what=_failed_as(r))


def _groups(results: list[Result]) -> Joined:
    """What the checks are called ("the router and internet test addresses"); a group with no name: its code."""
    groups = list(dict.fromkeys(r.group for r in results))
    return _join([_word("LABELS", g) if g in LABELS else g for g in groups])


def enforce(match: Match, p: Probes) -> Match:
    """Apply both invariants to the final match (after the answers adjusted it)."""
    if not p.results:
        return match
    failed = failures(p)
    unexplained = [r for r in failed if not explains(match, p)(r)]
    skipped = not_run(p)
    ran = [r for r in p.results if r.outcome not in NOT_RUN]
    if match.finding == "healthy":
        if unexplained:
            return _unexplained(unexplained, p)
        if not _matter_measured(p):
            return _not_measured(skipped, p)
    elif unexplained and match.culprit not in ("unknown",):
        note = _warn("unexplained_too", checks=_join([_label(r) for r in unexplained[:6]]), groups=_groups(unexplained))
        match = replace(match, confidence=_lower(match.confidence), notes=(*match.notes, note))
    if skipped and match.culprit != "unknown":
        confidence = match.confidence
        if len(skipped) * 2 >= len(p.results) or len(ran) < 3:
            confidence = "low"
        elif match.finding == "healthy" or confidence == "high":
            confidence = _lower(confidence)
        note = _warn("not_measured", groups=_groups(skipped), count=len(skipped))
        match = replace(match, confidence=confidence, notes=(*match.notes, note))
    return match


def _lower(confidence: str) -> str:
    index = CONFIDENCE.index(confidence) if confidence in CONFIDENCE else 0
    return CONFIDENCE[max(0, index - 1)]


def _matter_measured(p: Probes) -> bool:
    internet = any(r.outcome not in NOT_RUN for r in p.results if r.group in MATTER_INTERNET)
    service_configured = bool(_text(p.service.get("host")) or _text(p.service.get("url")))
    service = any(r.outcome not in NOT_RUN for r in p.results if r.group in MATTER_SERVICE)
    return internet and (service or not service_configured)


def _unexplained(failed: list[Result], p: Probes) -> Match:
    answered = [r for r in p.results if r.group in BEYOND_GROUPS and r.answered and r not in failed]
    return _match(
        "unknown",
        "unexplained",
        "low",
        _say("unexplained", checks=_join([_label(r) for r in failed[:6]]), count=len(failed)),
        _say("unexplained_answered", groups=_groups(answered)) if answered else None,
        _say("unexplained_2"),
    )


def _not_measured(skipped: list[Result], p: Probes) -> Match:
    return _match(
        "unknown",
        "not-measured",
        "low",
        _say("matter_skipped", groups=_groups(skipped) if skipped else _join([_word("LABELS", "anchor")])),
        _say("inconclusive_2"),
    )
