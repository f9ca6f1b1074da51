"""Warnings: things worth knowing that are never a verdict on their own."""

from __future__ import annotations

from collections.abc import Callable

from reportkit.triage.facts import _beyond_pool, _hosts, _missing_names, _service_lookups, _vpn_names
from reportkit.triage.invariants import dead_anchors
from reportkit.triage.read import Probes, _int, _ip, _map, _text, _texts
from reportkit.triage.sentences import _status, _what
from reportkit.triage.thresholds import ANCHOR_LOSS_MAX, CERT_WARN_DAYS
from reportkit.triage.wording import _join, _warn


def _warn_nxdomain(p: Probes) -> list[tuple[str, str]]:
    """Random non-existent names resolved: the resolver rewrites NXDOMAIN."""
    out: list[tuple[str, str]] = []
    for r in p.ok("nxdomain"):
        name = _text(r.data.get("name")) or r.target
        addresses = _texts(r.data.get("addresses"))
        out.append(
            (
                "nxdomain_rewrite",
                _warn("nxdomain_rewrite", name=name, addresses=_join(addresses))
                if addresses
                else _warn("nxdomain_rewrite_no_address", name=name),
            )
        )
    return out[:1]


def _warn_icmp(p: Probes) -> list[tuple[str, str]]:
    """Ping denied or filtered: informational only, never a fault."""
    icmp = p.measured("gateway-icmp")
    if any(r.outcome == "not-permitted" for r in icmp):
        return [("icmp_not_permitted", _warn("icmp_not_permitted"))]
    if any(r.answered for r in icmp) or not icmp:
        return []
    # "filtered" only when echo requests went out and no reply came back; a probe that could not run is not measured
    sent_unanswered = all(s.outcome == "timeout" for r in icmp for s in r.samples) and all(
        r.samples or r.outcome == "timeout" for r in icmp
    )
    if sent_unanswered and p.answered("gateway"):
        return [("icmp_filtered", _warn("icmp_filtered"))]
    if not sent_unanswered:
        failed = next((r for r in icmp if r.outcome != "timeout"), icmp[0])
        return [("icmp_not_measured", _what(failed, "WARN.icmp_not_measured"))]
    return []


def _warn_known_missing(p: Probes) -> list[tuple[str, str]]:
    """Configured known names that do not exist anywhere: a configuration note."""
    missing = _missing_names(p)
    if not missing:
        return []
    return [("known_name_missing", _warn("known_name_missing", names=_join(missing), count=len(missing)))]


def _warn_minor_loss(p: Probes) -> list[tuple[str, str]]:
    """Some loss beyond the router, below the degraded threshold: a clean path loses nothing."""
    pool = _beyond_pool(p)
    if pool is None or pool.lost < 2 or pool.loss >= ANCHOR_LOSS_MAX:
        return []
    return [("minor_loss", _warn("minor_loss", lost=pool.lost, sent=pool.total))]


def _warn_admin_filtered(p: Probes) -> list[tuple[str, str]]:
    silent = [r for r in p.measured("admin-tcp") if not r.answered]
    if silent and p.ok("service-tcp"):
        return [("admin_filtered", _warn("admin_filtered", targets=_join([r.target for r in silent])))]
    return []


def _warn_dead_anchor(p: Probes) -> list[tuple[str, str]]:
    dead = dead_anchors(p)
    return [("anchor_dead", _warn("anchor_dead", hosts=_join(dead), count=len(dead)))] if dead else []


def _warn_ipv6(p: Probes) -> list[tuple[str, str]]:
    """IPv6 anchors silent while IPv4 anchors answer (only when both families were probed)."""
    anchors = p.measured("anchor")
    v6 = [r for r in anchors if (ip := _ip(r.host)) is not None and ip.version == 6]
    v4 = [r for r in anchors if (ip := _ip(r.host)) is not None and ip.version == 4]
    if v6 and v4 and not any(r.answered for r in v6) and any(r.answered for r in v4):
        return [("ipv6_broken", _warn("ipv6_broken", targets=_join([r.target for r in v6]), count=len(v6)))]
    return []


def _warn_path(p: Probes) -> list[tuple[str, str]]:
    """A proxy or VPN in the path."""
    out: list[tuple[str, str]] = []
    proxies = _map(p.local.get("proxies"))
    shown = [f"{k}={v}" for k, v in proxies.items() if _text(v)]
    if shown:
        out.append(("proxy", _warn("proxy", proxies=_join(shown))))  # "https_proxy=http://proxy:3128": data
    vpns = _vpn_names(p)
    if vpns:
        out.append(("vpn", _warn("vpn", names=_join(vpns))))
    return out


def _warn_name_mismatch(p: Probes) -> list[tuple[str, str]]:
    """The service name resolves, but not to the configured server address."""
    host = _text(p.service.get("host"))
    for r in _service_lookups(p):
        addresses = _texts(r.data.get("addresses"))
        if r.ok and host and addresses and host not in addresses:
            hostname = _text(r.data.get("name")) or r.target
            return [
                (
                    "name_mismatch",
                    _warn("name_mismatch", hostname=hostname, addresses=_join(addresses), host=host),
                )
            ]
    return []


def _warn_http_4xx(p: Probes) -> list[tuple[str, str]]:
    for r in p.ok("service-http"):
        status = _int(r.data.get("status"))
        if status is not None and 400 <= status < 500:
            return [("http_4xx", _warn("http_4xx", status=_status(r)))]
    return []


def _warn_cert(p: Probes) -> list[tuple[str, str]]:
    for r in p.measured("service-tls"):
        days = _int(r.data.get("days_left"))
        if r.data.get("valid") is True and days is not None and 0 <= days <= CERT_WARN_DAYS:
            name = _text(p.service.get("hostname")) or r.target
            not_after = _text(r.data.get("not_after"))
            return [
                (
                    "cert_expiring",
                    _warn("cert_expiring", name=name, days=days, not_after=not_after)
                    if not_after
                    else _warn("cert_expiring_no_date", name=name, days=days),
                )
            ]
    return []


def _warn_resolver_partial(p: Probes) -> list[tuple[str, str]]:
    resolvers = p.measured("resolver")
    bad, good = [r for r in resolvers if not r.ok], [r for r in resolvers if r.ok]
    if bad and good:
        said = _warn("resolver_partial", bad=_join(_hosts(bad)), good=_join(_hosts(good)), count=len(_hosts(bad)))
        return [("resolver_partial", said)]
    return []


WARNINGS: tuple[Callable[[Probes], list[tuple[str, str]]], ...] = (
    _warn_nxdomain,
    _warn_icmp,
    _warn_ipv6,
    _warn_path,
    _warn_name_mismatch,
    _warn_http_4xx,
    _warn_cert,
    _warn_resolver_partial,
    _warn_known_missing,
    _warn_dead_anchor,
    _warn_minor_loss,
    _warn_admin_filtered,
)


def _warnings(p: Probes) -> list[tuple[str, str]]:
    return [w for check in WARNINGS for w in check(p)]
