"""The rules and the ordered `RULES` table (DESIGN §5): first match wins, lower layers first.

Every rule is a small function whose docstring states the observation it matches and why.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import replace

from reportkit.messages import Pct, Said
from reportkit.triage.facts import (
    _addresses,
    _anchor_path_passes,
    _any_route_off_link,
    _attempts,
    _beyond_answered,
    _beyond_pool,
    _default_routes,
    _dns_name,
    _gateway_alive,
    _gateway_ip,
    _global_ipv6,
    _hosts,
    _interfaces,
    _interfaces_read,
    _internet_answered,
    _internet_elsewhere,
    _is_usable,
    _known_lookups,
    _lan_pool,
    _lookup_faulty,
    _missing_names,
    _on_link,
    _on_ports,
    _path_stop,
    _ports,
    _rejected_everywhere,
    _resolver_faulty,
    _service_lookups,
    _service_silent,
    _up_interfaces,
    _usable_address,
    _vpn_names,
)
from reportkit.triage.match import Match, _match
from reportkit.triage.read import SERVICE_GROUPS, Probes, Result, _int, _ip, _map, _text, _texts
from reportkit.triage.sentences import _anchors_ok_sentence, _gateway_ok_sentence, _outcomes, _status, _what
from reportkit.triage.thresholds import (
    ANCHOR_CONNECT_MAX_MS,
    ANCHOR_LOSS_MAX,
    DNS_FAST_MS,
    DNS_SLOW_MS,
    GATEWAY_LOSS_MAX,
    GATEWAY_RTT_MAX_MS,
    LAN_FAST_MS,
    MIN_POOL,
)
from reportkit.triage.wording import _fmt_ms, _join, _say


def _interface_down(p: Probes) -> Match | None:
    """1. No non-loopback interface is up → device / interface-down (high).

    Why: with every adapter off (airplane mode, disabled adapter, Wi-Fi switch) nothing can leave the computer and
    everything else fails as a consequence; the fix is on this computer. Guarded: only when the interface list was
    read (the collector leaves loopback out, so an empty list counts only together with no addresses at all), every
    other adapter is known to be down (an unknown state is not "down"), and nothing beyond this computer answered —
    an answer proves an adapter works, whatever the (possibly incomplete) OS tables say.
    """
    interfaces = _interfaces(p)
    if not interfaces and not (_interfaces_read(p) and _usable_address(p) is False and not _addresses(p)):
        return None
    if any(i.up is not False for i in interfaces if not i.loopback) or _beyond_answered(p):
        return None
    down = [i.name for i in interfaces if not i.loopback]
    first = _say("iface_down", names=_join(down), count=len(down)) if down else _say("no_ifaces")
    return _match("device", "interface-down", "high", first, _say("nothing_left"))


def _no_link(p: Probes) -> Match | None:
    """2. Adapters are up but none has a carrier → local-network / no-link (high).

    Why: "no carrier" means no cable signal or no Wi-Fi association: the cable, the switch/router port or the
    Wi-Fi is the problem, not this computer's software. VPN interfaces have no carrier of their own and are ignored;
    an unknown carrier (None) never counts as "no carrier". Guarded like rule 1.
    """
    physical = [i for i in _up_interfaces(p) if i.kind != "vpn"]
    if not physical or any(i.carrier is not False for i in physical) or _beyond_answered(p):
        return None
    return _match(
        "local-network",
        "no-link",
        "high",
        _say("no_link", names=_join([i.name for i in physical]), count=len(physical)),
        _say("nothing_left"),
    )


def _no_address(p: Probes) -> Match | None:
    """3. No usable address (none, or only 169.254.x / fe80::) → local-network / no-address (medium).

    Why: a missing or self-assigned address almost always means the DHCP server (usually the router) did not
    answer. Medium: a static misconfiguration on this computer looks the same. Guarded like rule 1.
    """
    if _usable_address(p) is not False or _beyond_answered(p):
        return None
    addresses = _addresses(p)
    if addresses and (p.local.get("link_local_only") is True or not any(_is_usable(a) for a in addresses)):
        first = _say("self_assigned", addresses=_join(addresses), count=len(addresses))
    else:
        first = _say("no_address")
    return _match("local-network", "no-address", "medium", first, _say("no_address_2"))


def _no_route(p: Probes) -> Match | None:
    """4. A usable address but no default route (IPv4 and IPv6 both null) → device / no-route (high).

    Why: without a default route the computer does not know where to send internet traffic, although the network
    may be fine; it is this computer's configuration (DHCP answer, a VPN that removed the route). Only when the route
    table was read (`default_route` present), no route to any off-link probed target exists (`routes_to`), and
    nothing past the router answered — policy routing can route without a classic default route. (The router and
    other on-link hosts may answer: they need no route.)
    """
    routes = _default_routes(p)
    if _usable_address(p) is not True or routes is None or routes or _any_route_off_link(p):
        return None
    if _internet_answered(p) or _internet_elsewhere(p):  # the router itself is on-link: it may well answer
        return None
    usable = [a for a in _addresses(p) if _is_usable(a)]
    first = _say("no_route", addresses=_join(usable), count=len(usable)) if usable else _say("no_route_no_address")
    return _match("device", "no-route", "high", first, _say("no_route_2"))


def _gateway_down(p: Probes) -> Match | None:
    """5. The router answers nothing (gateway TCP 53/80/443: no sample ok or refused; no ping reply)
    → local-network / gateway-down (high).

    Why: a router answers on at least one of these ports (DNS relay, web admin), and a refused connection proves it
    alive, so silence everywhere means it is off, hung or unreachable over the cable/Wi-Fi. Skipped when no gateway
    was probed (point-to-point/VPN links have no router to ask). Guarded: if any internet target answered, the router
    evidently forwards traffic — it merely filters connections to itself.
    """
    tcp = p.measured("gateway")
    if not tcp or _gateway_alive(p) or _internet_answered(p):
        return None
    answered, sent = _attempts(tcp)
    icmp = p.measured("gateway-icmp")
    no_ping = any(r.samples and all(s.outcome in ("timeout", "unreachable") for s in r.samples) for r in icmp)
    anchors = p.measured("anchor")
    arp = _text(_map(p.local.get("neighbour")).get("state"))
    return _match(
        "local-network",
        "gateway-down",
        "medium" if arp == "reachable" else "high",
        _say("gw_silent", gateway=_gateway_ip(p), ports=_on_ports(_ports(tcp), "or"), answered=answered, sent=sent),
        _say("gw_no_arp") if arp == "incomplete" else _say("gw_arp_ok") if arp == "reachable" else None,
        _say("gw_no_ping") if no_ping else None,
        _say("anchors_silent_too") if anchors else None,
    )


def _lan_degraded(p: Probes) -> Match | None:
    """6. Router loss ≥ 10 % (lost or retransmitted samples) or median round trip ≥ 200 ms → local-network /
    lan-degraded (medium).

    Why: the router is one hop away; anything but ~0 % loss and a few ms points at Wi-Fi or the router itself.
    Loss counts only ports that answered at least once, and a connect that needed a retransmission (≥ ~1 s, the
    kernel's initial RTO) counts as a lost first packet: TCP hides loss in its retries (see `facts._pool`).
    Medium: a busy router may deprioritise connections to itself.
    """
    pool = _lan_pool(p)
    if pool is None:
        return None
    slow = pool.median_ms is not None and pool.median_ms >= GATEWAY_RTT_MAX_MS
    lossy = pool.loss >= GATEWAY_LOSS_MAX and pool.total >= MIN_POOL
    beyond = _beyond_pool(p)
    if lossy and not slow and beyond is not None and beyond.total >= MIN_POOL and beyond.loss < GATEWAY_LOSS_MAX / 2:
        lossy = False  # everything beyond the router crosses the LAN too and lost next to nothing: the router
        # rate-limits answers to itself (real LAN loss shows beyond it as much: a ratio test would flip on luck)
    if not lossy and not slow:
        return None
    facts = {"gateway": _gateway_ip(p), "lost": pool.lost, "sent": pool.total, "loss": Pct(pool.loss)}
    return _match(
        "local-network",
        "lan-degraded",
        "medium",
        _say("gw_quality", **facts, ms=_fmt_ms(pool.median_ms))
        if pool.median_ms is not None
        else _say("gw_quality_lost", **facts),
        _say("gw_quality_2"),
    )


def _portal_what(result: Result) -> Said | None:
    """How a portal check answer differs from the expected empty 204, or None when it does not."""
    status = _int(result.data.get("status"))
    size = _int(result.data.get("body_bytes")) or 0
    location = _text(result.data.get("location"))
    if status is None or status == 204:
        return None
    if 300 <= status < 400:
        return (
            _say("portal_redirect", location=location)
            if location
            else _say("portal_redirect_nowhere", status=str(status))
        )
    if status == 511:
        return _say("portal_511")
    return _say("portal_body", status=str(status), size=size) if size > 0 else None


def _captive_portal(p: Probes) -> Match | None:
    """7. The portal check gets a redirect, a 511 or a page instead of an empty 204 → local-network /
    captive-portal (high).

    Why: a URL that must answer "204, no content" answered something else: a hotel/café/guest network is
    intercepting web traffic until someone logs in. High: nothing else rewrites that answer.
    """
    for result in p.ok("portal"):
        what = _portal_what(result)
        if what:
            url = _text(p.targets.get("portal_url")) or result.target
            return _match(
                "local-network", "captive-portal", "high", _say("portal", url=url, what=what), _say("portal_2")
            )
    return None


def _isp_down(p: Probes) -> Match | None:
    """8. The router is fine, the portal is not intercepting, and no internet anchor answers (no sample ok or
    refused) → isp / isp-down (high with ≥ 2 distinct anchor addresses, medium with one).

    Why: the anchors are IP literals of several independent operators (no DNS involved), so when all of them are
    silent while the router answers, the break is past the router: the ISP line. Medium also when the router could
    not be checked (point-to-point link) or a VPN is up (the tunnel may be what is broken). Guarded: if another
    internet target answered (public resolver, provider anchor, portal, an off-link service host), the anchors are
    merely blocked.
    """
    anchors = p.measured("anchor")
    if not anchors or any(r.answered for r in anchors) or _internet_elsewhere(p):
        return None
    hosts = _hosts(anchors)
    sure = len(hosts) >= 2 and _gateway_alive(p) and not _vpn_names(p)
    answered, sent = _attempts(anchors)
    key = "anchors_none" if len(hosts) >= 2 else "anchors_one"
    public = p.measured("public-resolver")
    return _match(
        "isp",
        "isp-down",
        "high" if sure else "medium",
        _say(key, count=len(hosts), hosts=_join(hosts), answered=answered, sent=sent),
        _gateway_ok_sentence(p) or _say("p2p"),
        _path_sentence(p, anchors[0].host),
        _say("public_dns_silent", servers=_join(_hosts(public), "or"), count=len(_hosts(public))) if public else None,
    )


def _everything_rejected(p: Probes) -> Match | None:
    """7b. Every connection beyond the router was refused at once and none got through (the anchors among them)
    → isp / isp-down (medium), or local-network / firewall when the path trace shows the router itself rejecting.

    Why: internet test addresses of several operators do not all refuse; a filter on the way sends the resets
    (or ICMP errors) for them — "refused" proves that something answered, not that the far end is alive.
    """
    if not _rejected_everywhere(p):
        return None
    anchors = p.measured("anchor")
    first = _say("all_rejected", count=len(_hosts(anchors)), hosts=_join(_hosts(anchors)))
    stop = _path_stop(p, anchors[0].host)
    if stop is not None and stop.where in ("router", "second-router") and stop.refused:
        return _match("local-network", "firewall", "medium", first, _path_sentence(p, anchors[0].host))
    return _match(
        "isp", "isp-down", "medium", first, _gateway_ok_sentence(p) or _say("p2p"), _path_sentence(p, anchors[0].host)
    )


def _no_ipv6(p: Probes) -> Match | None:
    """11d. The service has only an IPv6 address, this computer has no global IPv6 address, and the service cannot
    be reached → isp / no-ipv6 (medium).

    Why: the connection offers no IPv6, so an IPv6-only server is out of reach from here however healthy it is;
    the ISP (IPv6 for the line) or the service's operator (an IPv4 address) can change that.
    """
    host = _text(p.service.get("host"))
    ip = _ip(host) if host else None
    if ip is None or ip.version != 6 or ip.is_loopback or _global_ipv6(p) or p.ok(*SERVICE_GROUPS, "service-http"):
        return None
    return _match("isp", "no-ipv6", "medium", _say("no_ipv6", host=host), _anchors_ok_sentence(p))


def _ipv4_down(p: Probes) -> Match | None:
    """8b. Over IPv4 nothing beyond the router answers (anchors, provider, service), while IPv6 anchors do → isp /
    isp-down (medium), said to be IPv4 only.

    Why: the line works (IPv6 gets through), but the ISP's IPv4 service (often a carrier-grade NAT or a DS-Lite
    tunnel) does not; apps that use IPv4 fail. Not a port filter: every IPv4 port fails alike.
    """
    anchors = p.measured("anchor")
    v4 = [r for r in anchors if ":" not in r.host]
    v6 = [r for r in anchors if ":" in r.host]
    if not v4 or not v6 or any(r.answered for r in v4) or not any(r.answered for r in v6):
        return None
    beyond_v4 = [r for r in p.measured("provider", *SERVICE_GROUPS) if ":" not in r.host and not _on_link(p, r.host)]
    if any(r.answered for r in beyond_v4):
        return None
    return _match(
        "isp",
        "isp-down",
        "medium",
        _say("ipv4_down", count=len(_hosts(v4)), hosts=_join(_hosts(v4))),
        _say("ipv6_works", hosts=_join(_hosts([r for r in v6 if r.answered]))),
        _gateway_ok_sentence(p),
    )


def _vpn_down(p: Probes) -> Match | None:
    """4b. The default route goes through a VPN interface and nothing beyond this computer answers → device /
    vpn-down (medium).

    Why: every packet enters the tunnel first; a dead tunnel (VPN client stopped, its server unreachable, expired
    login) looks like a dead internet, so the ISP would be blamed wrongly. Disconnecting the VPN tells at once.
    """
    vpns = set(_vpn_names(p))
    routes = _default_routes(p) or []
    through = [r for r in routes if _text(r.get("interface")) in vpns]
    if not through or _beyond_answered(p):
        return None
    name = _text(through[0].get("interface")) or "vpn"
    return _match("device", "vpn-down", "medium", _say("vpn_down", name=name), _say("nothing_left"))


def _resolver_down(p: Probes) -> Match | None:
    """9. The internet answers, the system resolvers fail (silence, SERVFAIL, REFUSED, or NXDOMAIN for a name the
    public resolvers know) and/or system lookups of known names fail, and a public resolver answers → dns /
    resolver-down (high); no public resolver answers → medium.

    DNS is judged by agreement: a known name that the public resolvers say does not exist is a configuration
    problem (a note), and this computer's DNS saying the same is a correct answer, not a fault.

    Why: the internet works by IP, and DNS works on the internet, so the DNS server this computer uses (the ISP's,
    or the router relaying to it) is broken — SERVFAIL and silence are the same fault to the user. A system lookup
    of a known name that succeeds overrides a silent resolver entry (another resolver in the list answered: only a
    warning). If public resolvers are silent too, DNS traffic may be blocked upstream: still DNS, medium.
    """
    if not (p.answered("anchor") or _internet_elsewhere(p)):
        return None
    missing = set(_missing_names(p))
    resolvers = [r for r in p.measured("resolver") if _dns_name(r) not in missing or r.outcome != "nxdomain"]
    known = [r for r in _known_lookups(p) if _dns_name(r) not in missing]
    resolvers_failed = bool(resolvers) and all(_resolver_faulty(r, p) for r in resolvers)
    known_failed = bool(known) and all(_lookup_faulty(r, p) for r in known)
    if not (known_failed or (resolvers_failed and not any(r.ok for r in known))):
        return None
    public = p.measured("public-resolver")
    public_ok = [r for r in public if r.ok]
    public_answered = [r for r in public if r.answered]
    if public_ok:
        fastest = min(public_ok, key=lambda r: r.ms if r.ms is not None else float("inf"))
        contrast = (
            _say("public_dns_ok", server=fastest.host, ms=_fmt_ms(fastest.ms))
            if fastest.ms is not None
            else _say("public_dns_ok_no_ms", server=fastest.host)
        )
    elif public_answered:
        servers = _hosts(public_answered)
        contrast = _say("public_dns_answered", servers=_join(servers), count=len(servers))
    elif public:
        contrast = _say("public_dns_blocked", servers=_join(_hosts(public)), count=len(_hosts(public)))
    else:
        contrast = _say("public_dns_none")
    local_stub = bool(resolvers) and all(_is_loopback(r.host) for r in resolvers) and resolvers_failed
    if local_stub and not any(r.outcome == "servfail" for r in resolvers):
        found = _match(
            "device",
            "resolver-down",
            "high" if public_ok else "medium",
            _say(
                "local_resolver",
                servers=_join(_hosts(resolvers)),
                what=_outcomes(resolvers, "RESOLVER_WORDS", count=1),  # "the DNS service": one
            ),
            contrast,
            _anchors_ok_sentence(p),
        )
        return replace(found, steps="local-resolver-down")
    return _match(
        "dns",
        "resolver-down",
        "high" if public_ok else "medium",
        _say(
            "resolvers_failed",
            servers=_join(_hosts(resolvers)),
            what=_outcomes(resolvers, "RESOLVER_WORDS", count=len(_hosts(resolvers))),
            count=len(_hosts(resolvers)),
        )
        if resolvers_failed
        else None,
        _say(
            "known_failed",
            names=_join([_dns_name(r) for r in known]),
            what=_outcomes(known, "LOOKUP_WORDS"),
        )
        if known_failed
        else None,
        contrast,
        _anchors_ok_sentence(p),
    )


def _firewall(p: Probes) -> Match | None:
    """10. One TCP port fails on every host beyond the router that was tried on it (at least two hosts), while
    other ports on the same or other hosts answer → local-network / firewall (medium), naming the port.

    Why: several independent hosts do not all stop listening on the same port at once; a filter between this
    computer and the internet drops that port (a router filter, security software, a guest or work network) —
    whether the anchors were configured on one port or many. Medium: the filter may also sit at the ISP.
    Refused counts as answered (a RST came back). On-link hosts (the router) are not counted.
    """
    beyond = p.measured("anchor", "provider", *SERVICE_GROUPS)
    tcp = [r for r in beyond if r.port is not None and not _on_link(p, r.host)]
    ports: dict[int, list[Result]] = {}
    for r in tcp:
        ports.setdefault(r.port or 0, []).append(r)
    for port, tried in sorted(ports.items(), key=lambda item: -len(_hosts(item[1]))):
        hosts = _hosts(tried)
        if len(hosts) < 2 or any(r.ok for r in tried):  # refused on every host too: a REJECT rule's resets
            continue
        families = {":" in r.host for r in tried}
        elsewhere = [r for r in tcp if r.port != port and r.ok and (":" in r.host) in families]
        if not elsewhere:
            continue
        found = _match(
            "local-network",
            "firewall",
            "medium",
            _say(
                "port_rejected" if any(r.answered for r in tried) else "port_blocked",
                port=str(port),
                count=len(hosts),
                hosts=_join(hosts),
                answered=_attempts(tried)[0],
                sent=_attempts(tried)[1],
            ),
            _say("port_open_elsewhere", ports=_on_ports(_ports(elsewhere)), hosts=_join(_hosts(elsewhere))),
            _say("port_blocked_2", port=str(port)),
        )
        return replace(found, steps="firewall-443") if port == 443 else found
    return None


def _service_dns(p: Probes) -> Match | None:
    """11. The service hostname's system lookup (role "service") fails while known names resolve → service /
    service-dns (medium).

    Why: DNS works for other names, so the service's own DNS record is missing or broken (expired domain, deleted
    record, broken nameservers of the service). Medium: a resolver that blocks one name looks the same (the hotspot
    answer can tell; see A3).
    """
    lookups, known_ok = _service_lookups(p), [r for r in _known_lookups(p) if r.ok]
    if not lookups or any(r.ok for r in lookups) or not known_ok:
        return None
    hostname = _text(lookups[0].data.get("name")) or lookups[0].target
    host = _text(p.service.get("host"))
    nx = any(r.outcome == "nxdomain" for r in lookups)
    by_ip = host is not None and bool(p.answered(*SERVICE_GROUPS))
    public = [r for r in p.ok("public-resolver") if _dns_name(r) == hostname and _texts(r.data.get("answers"))]
    if public:  # the name exists on the internet: this connection's DNS fails it (a blocked or stale name)
        found = _match(
            "dns",
            "service-dns",
            "high",
            _say("service_dns", hostname=hostname, what=_outcomes(lookups, "LOOKUP_WORDS"),
                 known=_join(_names(known_ok)), count=len(_names(known_ok))),
            _say("service_dns_public", server=public[0].host, hostname=hostname,
                 addresses=_join(_texts(public[0].data.get("answers")))),
            _say("service_by_ip", host=host) if by_ip else None,
        )  # fmt: skip
        return replace(found, steps="service-dns-here")
    return _match(
        "service",
        "service-dns",
        "medium",
        _say(
            "service_dns",
            hostname=hostname,
            what=_outcomes(lookups, "LOOKUP_WORDS"),
            known=_join([_text(r.data.get("name")) or r.target for r in known_ok]),
            count=len(known_ok),
        ),
        _say("service_dns_nx") if nx else None,
        _say("service_by_ip", host=host) if by_ip else None,
        _anchors_ok_sentence(p),
    )


def _service_dns_mismatch(p: Probes) -> Match | None:
    """11b. The service name resolves, but not to the configured server address; the server answers by its
    address while the service fails by name (HTTP/TLS) → dns / service-dns-mismatch (medium; high when a public
    resolver gives the configured address, i.e. only this connection's DNS is wrong).

    Why: the name leads somewhere else (an outdated or poisoned record, a changed DNS entry, a hosts-file entry), so
    the service fails although the server itself is up. When the name still works (HTTP answers fine) this is only a
    warning: a CDN or proxy in front of the server looks the same.
    """
    host = _text(p.service.get("host"))
    if not host:
        return None
    lookups = [r for r in _service_lookups(p) if r.ok and _texts(r.data.get("addresses"))]
    wrong = [r for r in lookups if host not in _texts(r.data.get("addresses"))]
    if not lookups or len(wrong) != len(lookups) or not p.answered(*SERVICE_GROUPS):
        return None
    by_name = [r for r in p.measured("service-http", "service-tls") if not _is_ip_host(r)]
    failed = [r for r in by_name if _by_name_failed(r)]
    if not failed:
        return None
    hostname = _dns_name(wrong[0])
    public = [r for r in p.measured("public-resolver") if _dns_name(r) == hostname and r.ok]
    public_right = [r for r in public if host in _texts(r.data.get("answers"))]
    public_sentence = None
    if public_right:
        public_sentence = _say("mismatch_public_right", server=public_right[0].host, hostname=hostname, host=host)
    elif public:
        answers = _texts(public[0].data.get("answers"))
        public_sentence = _say(
            "mismatch_public_wrong", server=public[0].host, hostname=hostname, addresses=_join(answers)
        )
    return _match(
        "dns",
        "service-dns-mismatch",
        "high" if public_right else "medium",
        _say("mismatch", hostname=hostname, addresses=_join(_texts(wrong[0].data.get("addresses"))), host=host),
        _say("mismatch_by_ip", host=host, ports=_on_ports(_ports(p.answered(*SERVICE_GROUPS)))),
        _by_name_sentence(failed[0]),
        public_sentence,
    )


def _is_ip_host(r: Result) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(r.target).hostname if "://" in r.target else r.host
    return host is not None and _ip(host) is not None


def _by_name_failed(r: Result) -> bool:
    if r.group == "service-tls":
        return r.data.get("valid") is False or not r.ok
    status = _int(r.data.get("status"))
    return not r.ok or (status is not None and (status >= 500 or status == 421))


def _by_name_sentence(r: Result) -> Said:
    """How the service failed when reached by its name: a certificate not valid, an HTTP status, or its outcome."""
    url = r.target
    if r.group == "service-tls" and r.data.get("valid") is False:
        error = _text(r.data.get("error"))
        if error:
            return _say("mismatch_by_name_tls", url=url, error=error)
        return _say("mismatch_by_name_tls_no_error", url=url)
    status = _int(r.data.get("status"))
    if r.ok and status is not None:
        return _say("mismatch_by_name_http", url=url, status=_status(r))
    return _what(r, "TEXT.mismatch_by_name", url=url)


def _names(results: list[Result]) -> list[str]:
    return [_dns_name(r) for r in results]


def _host_silent_sentence(p: Probes) -> Said:
    probed = p.measured(*SERVICE_GROUPS)
    answered, sent = _attempts(probed)
    host = _text(p.service.get("host")) or _join(_hosts(probed))
    return _say("host_silent", host=host, ports=_on_ports(_ports(probed), "or"), answered=answered, sent=sent)


def _path_sentence(p: Probes, host: str | None) -> Said | None:
    """ "The path to X stops after Y (hop N), your ISP's first router." — when a trace toward `host` ran."""
    stop = _path_stop(p, host)
    if stop is None or stop.reached:
        return None
    if stop.where == "silent":
        return _say("path_silent", host=stop.toward)
    key = "path_refused" if stop.refused else "path_stops"
    where = {"host": stop.toward, "address": stop.address, "ttl": stop.ttl}
    if stop.where == "beyond":  # a place, not a router of its own: a sentence of its own
        return _say(f"{key}_beyond", **where)
    whose = {"router": "path_whose_router", "second-router": "path_whose_second", "isp-first": "path_whose_isp"}
    return _say(key, **where, whose=_say(whose[stop.where]))


def _isp_route(p: Probes) -> Match | None:
    """11c. The service host (and the provider's other addresses, if configured) answer nothing, the internet
    answers, and the path toward the service stops at the router or the ISP's first router while the path toward an
    anchor gets past it → isp / isp-route (medium; high when that router says the destination is unreachable or
    prohibited).

    Why: the ISP carries traffic to the rest of the internet but does not pass it on toward the provider: a routing
    or filtering fault in the ISP's network, not the provider being down. One vantage point, but the trace shows
    where the packets stop, so the ISP is the one to call.
    """
    host = _text(p.service.get("host"))
    service = p.measured(*SERVICE_GROUPS)
    if not service or p.ok(*SERVICE_GROUPS) or p.ok("provider") or not p.ok("anchor"):
        return None
    stop = _path_stop(p, host)
    if stop is None or stop.where not in ("router", "isp-first"):
        return None
    rejected = bool(p.answered(*SERVICE_GROUPS, "provider"))  # refusals: only believable as the router's own
    if rejected and not stop.refused:
        return None
    # a router that says it cannot pass it on is proof enough; silence needs the anchors' path to get further
    if not (stop.refused and stop.where == "isp-first") and not _anchor_path_passes(p, stop.ttl or 1):
        return None
    found = _match(
        "isp",
        "isp-route",
        "high" if stop.refused else "medium",
        _say("host_rejected", host=host, ports=_on_ports(_ports(service))) if rejected else _host_silent_sentence(p),
        _path_sentence(p, host),
        _say("path_anchor_passes"),
        _anchors_ok_sentence(p),
    )
    return replace(found, steps="isp-route-measured")


def _provider_down(p: Probes) -> Match | None:
    """12. The service host is silent on every port and every provider anchor is silent, while the internet
    answers → cloud-provider / provider-down (medium).

    Why: other machines of the same provider are unreachable too, so the provider's network (or a region) is down.
    Medium, and said so: from one vantage point this cannot be told apart from a broken route between the ISP and the
    provider — the hotspot test can (A2 turns it into isp-route, A4 confirms it).
    """
    provider = p.measured("provider")
    if not _service_silent(p) or not provider or any(r.answered for r in provider) or not _internet_answered(p):
        return None
    return _match(
        "cloud-provider",
        "provider-down",
        "medium",
        _host_silent_sentence(p),
        _say("provider_silent", targets=_join([r.target for r in provider]), count=len(provider)),
        _path_sentence(p, _text(p.service.get("host"))),
        _anchors_ok_sentence(p),
        _say("one_vantage"),
    )


def _host_down(p: Probes) -> Match | None:
    """13. Provider anchors answer (or none configured), the service host is silent on every port → cloud-provider
    / host-down (medium).

    Why: the provider's network is reachable, but this one server answers nothing, not even a refusal on its admin
    port: the VM is likely stopped or crashed (or a provider firewall drops everything). Medium: only the control
    panel can confirm.
    """
    provider_ok = p.answered("provider")
    if not _service_silent(p) or not (_internet_answered(p) or provider_ok):
        return None
    return _match(
        "cloud-provider",
        "host-down",
        "medium",
        _host_silent_sentence(p),
        _say("provider_ok", targets=_join([r.target for r in provider_ok]), count=len(provider_ok))
        if provider_ok
        else None,
        _path_sentence(p, _text(p.service.get("host"))),
        _anchors_ok_sentence(p),
        _say("host_down_2"),
    )


def _app_down(p: Probes) -> Match | None:
    """14. The host is alive (admin port ok or refused, or another service port answers) but a service port is
    refused or times out → service / app-down (high; medium when the failing ports only timed out).

    Why: the machine is up, so the service program on it is not running (a refusal means nothing listens on that
    port). A timeout on a live host is as often a firewall/security-group rule dropping the port as a hung program,
    so that alone gives medium.
    """
    service = p.measured("service-tcp")
    failing = [r for r in service if not r.ok]
    if not failing or not p.answered(*SERVICE_GROUPS):  # the host answered nothing: rules 12/13
        return None
    refused = [r for r in failing if r.outcome == "refused"]
    silent = [r for r in failing if r.outcome != "refused"]
    alive_ports = _ports(r for r in p.answered(*SERVICE_GROUPS) if r not in failing)
    host = _text(p.service.get("host")) or _join(_hosts(service))
    return _match(
        "service",
        "app-down",
        "high" if refused else "medium",
        _say("app_refused", host=host, ports=_on_ports(_ports(refused))) if refused else None,
        _say("app_timeout", host=host, ports=_on_ports(_ports(silent))) if silent else None,
        _say("app_alive", ports=_on_ports(alive_ports)) if alive_ports else None,
        _say("app_down_2"),
        _anchors_ok_sentence(p),
    )


def _tcp_fine(p: Probes) -> bool:
    return all(r.ok for r in p.measured("service-tcp"))


def _tcp_sentence(p: Probes) -> Said | None:
    service = p.ok("service-tcp")
    if not service:
        return None
    host = _text(p.service.get("host")) or _join(_hosts(service))
    return _say("tcp_ok", host=host, ports=_on_ports(_ports(service)))


def _app_error(p: Probes) -> Match | None:
    """15. TCP to the service is fine, but its web address answers HTTP ≥ 500 or no answer in time (or the request
    fails otherwise) → service / app-error (high for 5xx and timeouts after a good connect; medium otherwise).

    Why: the server accepts connections, so the network and the machine are fine; the application behind it
    errors or hangs. 4xx is not a fault by itself (a warning). A failed request with a failed certificate is left to
    the TLS rule (15b).
    """
    http = p.measured("service-http")
    if not http or not _tcp_fine(p):
        return None
    tcp_measured = bool(p.measured("service-tcp"))
    url = _text(p.service.get("url")) or http[0].target
    host = _text(p.service.get("host")) or url
    for r in http:
        status = _int(r.data.get("status"))
        if r.ok and status is not None and status >= 500:
            return _match(
                "service",
                "app-error",
                "high",
                _say("http_5xx", host=host, url=url, status=_status(r)),
                _tcp_sentence(p),
                _anchors_ok_sentence(p),
            )
    timed_out = [r for r in http if r.outcome == "timeout"]
    if timed_out:
        connected = any(r.data.get("connected") is True for r in timed_out)
        return _match(
            "service",
            "app-error",
            "high" if tcp_measured and connected else "medium",
            _say("http_timeout", url=url) if connected else _say("http_no_answer", url=url),
            _tcp_sentence(p),
            _anchors_ok_sentence(p),
        )
    failed = [r for r in http if not r.ok]
    refused = [r for r in failed if r.outcome == "refused"]
    if refused and not tcp_measured:  # nothing listens at the web address (no TCP probe said so first)
        return _match("service", "app-down", "high", _say("http_refused", url=url), _anchors_ok_sentence(p))
    if failed and not _tls_bad(p):
        connected = any(r.data.get("connected") is True for r in failed)
        return _match(
            "service",
            "app-error",
            "medium",
            _what(failed[0], "TEXT.http_error" if connected else "TEXT.http_unreached", url=url),
            _tcp_sentence(p),
            _anchors_ok_sentence(p),
        )
    return None


def _tls_bad(p: Probes) -> list[Result]:
    return [r for r in p.measured("service-tls") if r.data.get("valid") is False]


def _tls_invalid(p: Probes) -> Match | None:
    """15b. TCP to the service is fine, but its certificate is invalid or expired → service / tls-invalid (high if
    expired, medium otherwise).

    Why: browsers refuse the connection; the fix is on the server (renew/replace the certificate). Expired is
    unambiguous (high); "invalid" can also come from something on this network intercepting HTTPS (medium; the
    hotspot answer can tell, see A3).
    """
    bad = _tls_bad(p)
    if not bad or not _tcp_fine(p):
        return None
    data = bad[0].data
    error = _text(data.get("error"))
    days = _int(data.get("days_left"))
    expired = (days is not None and days < 0) or "expired" in (error or "").lower()
    name = _text(p.service.get("hostname")) or bad[0].target
    not_after = _text(data.get("not_after")) or error
    if expired:
        first = (
            _say("tls_expired", name=name, not_after=not_after) if not_after else _say("tls_expired_no_date", name=name)
        )
    else:
        first = _say("tls_invalid", name=name, error=error) if error else _say("tls_invalid_no_error", name=name)
    return _match(
        "service", "tls-invalid", "high" if expired else "medium", first, _tcp_sentence(p), _anchors_ok_sentence(p)
    )


def _isp_degraded(p: Probes) -> Match | None:
    """16. Loss beyond the router ≥ 15 % or median connect > 300 ms, with a clean LAN → isp / isp-degraded (medium).

    Why: the router answers promptly (rule 6 did not match), so delay and loss arise past it, on the ISP line.
    Every TCP sample beyond the router is pooled (anchors, provider, service and admin ports): one target has too
    few samples to tell 30 % loss from luck. A silent sample or a connect that needed a retransmission (≥ ~1 s)
    is a lost first packet; targets that never answer are down, not lossy. Judged before the service's own
    timeouts (15), which loss explains. Still medium when the LAN could not be measured (point-to-point link).
    """
    pool = _beyond_pool(p)
    if pool is None or pool.total < MIN_POOL:
        return None
    lan = _lan_pool(p)
    lan_ms = lan.median_ms if lan is not None and lan.median_ms is not None else 0.0
    slow = pool.median_ms is not None and pool.median_ms - lan_ms > ANCHOR_CONNECT_MAX_MS  # what the ISP adds
    if pool.loss < ANCHOR_LOSS_MAX and not slow:
        return None
    facts = {"lost": pool.lost, "sent": pool.total, "host_count": pool.hosts, "loss": Pct(pool.loss)}
    if pool.median_ms is None:
        first = _say("isp_lossy_no_ms", **facts)
    elif pool.lost:
        first = _say("isp_lossy", **facts, ms=_fmt_ms(pool.median_ms))
    else:
        first = _say("isp_slow", sent=pool.total, host_count=pool.hosts, ms=_fmt_ms(pool.median_ms))
    return _match(
        "isp",
        "isp-degraded",
        "medium",
        first,
        (
            _say("lan_clean", lost=lan.lost, sent=lan.total, ms=_fmt_ms(lan.median_ms))
            if lan_ms < LAN_FAST_MS
            else _say("lan_part", ms=_fmt_ms(lan.median_ms))
        )
        if lan and lan.median_ms is not None
        else _say("lan_unknown"),
    )


def _dns_slow(p: Probes) -> Match | None:
    """17. System lookups take a median > 500 ms while a public resolver answers < 150 ms → dns / dns-slow
    (medium).

    Why: the internet is fast (a direct query to a public resolver is quick), so the DNS server this computer uses
    is slow; every new connection waits for it. Medium: a cold cache can make one run slow.
    """
    lookups = [r.ms for r in p.ok("system-dns") if r.ms is not None]
    fast = [r for r in p.ok("public-resolver") if r.ms is not None and r.ms < DNS_FAST_MS]
    if not lookups or not fast or statistics.median(lookups) <= DNS_SLOW_MS:
        return None
    fastest = min(fast, key=lambda r: r.ms or 0.0)
    return _match(
        "dns",
        "dns-slow",
        "medium",
        _say("dns_slow", ms=_fmt_ms(statistics.median(lookups))),
        _say("dns_slow_2", server=fastest.host, public_ms=_fmt_ms(fastest.ms or 0.0)),  # `fast` has times
    )


def _healthy(p: Probes) -> Match | None:
    """18. Nothing above matched and the internet or the service answered → none / healthy (high; medium with a
    caveat warning).

    Why: every layer that was measured works. Requires positive evidence (an internet target or the service
    answered): "no rule matched" on an empty or all-skipped run is not health.
    """
    if not (_internet_answered(p) or p.answered(*SERVICE_GROUPS, "service-http")):
        return None
    http = [r for r in p.ok("service-http") if _int(r.data.get("status")) is not None]
    url = _text(p.service.get("url")) or (http[0].target if http else "")
    return _match(
        "none",
        "healthy",
        "high",
        _anchors_ok_sentence(p),
        _gateway_ok_sentence(p),
        _tcp_sentence(p),
        _say("http_ok", url=url, status=str(_int(http[0].data.get("status")))) if http else None,
        _say("healthy"),
    )


def _inconclusive(p: Probes) -> Match:
    """19. Fallback: nothing measured enough to judge → unknown / not-measured (low)."""
    if not any(r.measured for r in p.results):
        return _match("unknown", "not-measured", "low", _say("all_skipped"), _say("inconclusive_2"))
    return replace(
        _match("unknown", "not-measured", "low", _say("inconclusive"), _say("inconclusive_2")), steps="inconclusive"
    )


Rule = Callable[[Probes], Match | None]

# The ordered rule table (DESIGN §5): first match wins, lower layers first.
RULES: tuple[tuple[str, Rule], ...] = (
    ("1", _interface_down),  # no non-loopback interface up → device / interface-down
    ("2", _no_link),  # up but no carrier → local-network / no-link
    ("3", _no_address),  # no usable address → local-network / no-address
    ("4", _no_route),  # address but no default route → device / no-route
    ("4b", _vpn_down),  # the default route's VPN tunnel is dead → device / vpn-down
    ("5", _gateway_down),  # router answers nothing → local-network / gateway-down
    ("6", _lan_degraded),  # router loss/latency → local-network / lan-degraded
    ("7", _captive_portal),  # portal intercepts → local-network / captive-portal
    ("7b", _everything_rejected),  # every connection beyond the router refused → isp / isp-down
    ("8", _isp_down),  # router fine, no anchor answers → isp / isp-down
    ("8b", _ipv4_down),  # IPv4 dead beyond the router, IPv6 works → isp / isp-down
    ("9", _resolver_down),  # system DNS fails, internet fine → dns / resolver-down
    ("10", _firewall),  # everything on 443 fails → local-network / firewall
    ("11", _service_dns),  # the service name fails → service / service-dns
    ("11b", _service_dns_mismatch),  # the name leads elsewhere → dns / service-dns-mismatch
    ("11c", _isp_route),  # the path toward the service stops in the ISP → isp / isp-route
    ("11d", _no_ipv6),  # an IPv6-only service, no IPv6 here → isp / no-ipv6
    ("12", _provider_down),  # host + provider silent → cloud-provider / provider-down
    ("13", _host_down),  # host silent, provider fine → cloud-provider / host-down
    ("14", _app_down),  # host alive, service port fails → service / app-down
    ("16", _isp_degraded),  # loss/latency beyond the router → isp / isp-degraded
    ("15", _app_error),  # HTTP 5xx / timeout → service / app-error
    ("15b", _tls_invalid),  # certificate invalid/expired → service / tls-invalid
    ("17", _dns_slow),  # slow system DNS → dns / dns-slow
    ("18", _healthy),  # nothing wrong → none / healthy
    ("19", _inconclusive),  # nothing to judge → unknown / not-measured
)


def _first_match(p: Probes) -> Match:
    for _number, rule in RULES:
        found = rule(p)
        if found is not None:
            return found
    return _inconclusive(p)  # not reached: the last rule always matches


def _is_loopback(host: str) -> bool:
    ip = _ip(host)
    return ip is not None and ip.is_loopback
