"""Facts derived from the probes: small questions ("did the router answer?") reused by rules, answers,
warnings and next steps."""

from __future__ import annotations

import ipaddress
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportkit.triage.read import (
    BEYOND_GROUPS,
    SERVICE_GROUPS,
    Interface,
    Probes,
    Result,
    _ip,
    _map,
    _seq,
    _text,
    _texts,
)
from reportkit.triage.wording import Said, _join, _say


def _interfaces(p: Probes) -> list[Interface]:
    """The interface list, or [] when it was not read completely (one unreadable entry could be the adapter)."""
    out = []
    for raw in _seq(p.local.get("interfaces")):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            return []
        if raw["name"].strip():
            up, carrier = raw.get("up"), raw.get("carrier")
            out.append(
                Interface(
                    _text(raw.get("name")) or "",
                    up if isinstance(up, bool) else None,
                    carrier if isinstance(carrier, bool) else None,
                    _text(raw.get("kind")) or "other",
                )
            )
    return out


def _interfaces_read(p: Probes) -> bool:
    return isinstance(p.local.get("interfaces"), list)


def _up_interfaces(p: Probes) -> list[Interface]:
    return [i for i in _interfaces(p) if not i.loopback and i.up is True]


def _addresses(p: Probes) -> list[str]:
    addresses = _map(p.local.get("addresses"))
    return _texts(addresses.get("ipv4")) + _texts(addresses.get("ipv6"))


def _usable_address(p: Probes) -> bool | None:
    """`local.usable_address`, or derived from the addresses when the flag is missing (None = unknown)."""
    flag = p.local.get("usable_address")
    if isinstance(flag, bool):
        return flag
    addresses = _map(p.local.get("addresses"))
    families = [addresses.get(family) for family in ("ipv4", "ipv6")]
    if not any(isinstance(f, list) for f in families):
        return None  # not read
    if any(not isinstance(a, str) for f in families if isinstance(f, list) for a in f):
        return None  # not read completely
    return any(_is_usable(a) for a in _addresses(p))


def _is_usable(address: str) -> bool:
    """Not loopback, not link-local (169.254/16, fe80::/10), not unspecified or multicast."""
    ip = _ip(address.split("/")[0])
    return ip is not None and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _default_routes(p: Probes) -> list[Mapping[str, Any]] | None:
    """The default routes present (ipv4/ipv6), or None when the route table was not read."""
    routes = p.local.get("default_route")
    if not isinstance(routes, Mapping):
        return None
    found = [routes.get("ipv4"), routes.get("ipv6")]
    if any(r is not None and not isinstance(r, Mapping) for r in found):
        return None  # unreadable is not "no route"
    return [r for r in found if isinstance(r, Mapping)]


def _any_route_off_link(p: Probes) -> bool:
    """`routes_to` found a route to some destination beyond this computer's own subnets."""
    routes = _map(p.local.get("routes_to"))
    return any(isinstance(v, Mapping) and not _on_link(p, str(k)) for k, v in routes.items())


def _beyond_answered(p: Probes) -> bool:
    """Something outside this computer answered: it evidently has a working adapter, address and route."""
    return bool(p.answered(*BEYOND_GROUPS))


def _gateway_ip(p: Probes) -> str:
    """The router's address, or (not known) the words for that."""
    gateway = _text(p.targets.get("gateway"))
    if gateway:
        return gateway
    hosts = [r.host for r in p.measured("gateway", "gateway-icmp") if r.host]
    return hosts[0] if hosts else _say("unknown_gateway")


def _gateway_alive(p: Probes) -> bool:
    """The router answered (connect or RST), or — its ARP entry resolved — rejected at once with an ICMP error of its
    own (a firewall's host-prohibited): both prove it is on and listening to this computer."""
    if p.answered("gateway", "gateway-icmp"):
        return True
    if _text(_map(p.local.get("neighbour")).get("state")) != "reachable":
        return False
    return any(
        s.outcome == "unreachable" and s.ms is not None and s.ms < 500 for r in p.measured("gateway") for s in r.samples
    )


def _rejected_everywhere(p: Probes) -> bool:
    """Every TCP target beyond the router (at least two hosts, anchors among them) refused and none connected:
    real internet test addresses do not all refuse, so a filter on the way is sending the resets."""
    beyond = [r for r in p.measured("anchor", "provider", *SERVICE_GROUPS) if not _on_link(p, r.host)]
    anchors = [r for r in beyond if r.group == "anchor"]
    if not anchors or any(r.ok for r in beyond) or len({r.host for r in beyond}) < 2:
        return False
    return all(r.outcome == "refused" for r in anchors)


def _internet_answered(p: Probes) -> bool:
    """An internet target answered: anchors, a public resolver, the provider or the portal check."""
    return bool(p.answered("anchor", "public-resolver", "provider", "portal"))


def _internet_elsewhere(p: Probes) -> bool:
    """Something on the internet other than the anchors answered (including an off-link service host)."""
    if p.answered("public-resolver", "provider", "portal"):
        return True
    return any(not _on_link(p, r.host) for r in p.answered(*SERVICE_GROUPS))


def _on_link(p: Probes, host: str) -> bool:
    """Is `host` on one of this computer's own subnets (or itself)? Unknown hosts count as off-link."""
    ip = _ip(host)
    if ip is None:
        return False
    if ip.is_loopback:
        return True
    for address in _addresses(p):
        try:
            if ip in ipaddress.ip_interface(address).network:
                return True
        except ValueError:
            continue
    return False


@dataclass(frozen=True)
class Quality:
    answered: int
    sent: int
    median_ms: float | None

    @property
    def loss(self) -> float:
        return 1 - self.answered / self.sent if self.sent else 0.0


def _quality(results: Iterable[Result]) -> Quality | None:
    """Loss and median time over the targets that answered at least once.

    A port that never answers is filtered, not lossy (e.g. a router that drops port 443 but answers 53 and 80):
    counting it would report a third of all attempts as "lost" on a perfect network.
    """
    live = [r for r in results if r.answered]
    if not live:
        return None
    answered = sum(r.attempts[0] for r in live)
    sent = sum(r.attempts[1] for r in live)
    times = [ms for r in live for ms in r.answer_ms]
    return Quality(answered, sent, statistics.median(times) if times else None)


def _hosts(results: Iterable[Result]) -> list[str]:
    return list(dict.fromkeys(r.host for r in results))


def _ports(results: Iterable[Result]) -> list[str]:
    return list(dict.fromkeys(str(r.port) for r in results if r.port is not None))


def _on_ports(ports: Sequence[str], last: str = "and", key: str = "on_ports") -> Said:
    """'on port 80' / 'on ports 53, 80 or 443' (key "for_ports": 'for port 80'), a message of its own."""
    return _say(key, ports=_join(ports, last), count=len(ports))


def _attempts(results: Iterable[Result]) -> tuple[int, int]:
    pairs = [r.attempts for r in results]
    return sum(a for a, _ in pairs), sum(s for _, s in pairs)


def _median_ms(results: Iterable[Result]) -> float | None:
    times = [ms for r in results for ms in r.answer_ms]
    return statistics.median(times) if times else None


def _known_lookups(p: Probes) -> list[Result]:
    service_name = _text(p.service.get("hostname"))
    return [
        r
        for r in p.measured("system-dns")
        if r.data.get("role") == "known" or (r.data.get("role") is None and r.data.get("name") != service_name)
    ]


def _service_lookups(p: Probes) -> list[Result]:
    return [r for r in p.measured("system-dns") if r.data.get("role") == "service"]


def _service_silent(p: Probes) -> bool:
    """The service host was probed (service and admin ports) and answered on none of them."""
    probed = p.measured(*SERVICE_GROUPS)
    return bool(probed) and not any(r.answered for r in probed)


def _service_unreachable(p: Probes) -> bool:
    """The service cannot be reached from here: its host is silent, or (no TCP probe) its web address failed."""
    if _service_silent(p):
        return True
    http = p.measured("service-http")
    return not p.measured(*SERVICE_GROUPS) and bool(http) and not any(r.ok for r in http)


def _vpn_names(p: Probes) -> list[str]:
    return _texts(p.local.get("vpn_interfaces"))


# ------------------------------------------------------------------------------------------------ DNS by agreement


def _dns_name(r: Result) -> str:
    return _text(r.data.get("name")) or r.target.rpartition(" @ ")[0] or r.target


def _public_says(p: Probes, name: str) -> str | None:
    """What the public resolvers say about `name`: "exists", "missing" (NXDOMAIN, no public resolver saying
    otherwise), or None (not asked, or no answer)."""
    said = {r.outcome for r in p.measured("public-resolver") if _dns_name(r) == name and r.answered}
    if "ok" in said:
        return "exists"
    if "nxdomain" in said:
        return "missing"
    return None


def _missing_names(p: Probes) -> list[str]:
    """Configured known names that the public resolvers confirm do not exist: a config problem, not a fault."""
    names = _texts(p.targets.get("known_names"))
    return [n for n in names if _public_says(p, n) == "missing"]


def _resolver_faulty(r: Result, p: Probes) -> bool:
    """A direct query to this computer's DNS server shows a fault: silence, SERVFAIL/REFUSED, or NXDOMAIN for a
    name the public resolvers know (disagreement). NXDOMAIN that public resolvers confirm is a correct answer."""
    if r.outcome == "ok":
        return False
    if r.outcome == "nxdomain":  # a known name must exist, unless the public resolvers confirm it does not
        return _public_says(p, _dns_name(r)) != "missing"
    return True


def _lookup_faulty(r: Result, p: Probes) -> bool:
    """A system lookup of a known name failed in a way that is a fault (see `_resolver_faulty`)."""
    if r.ok:
        return False
    if r.outcome == "nxdomain":
        return _public_says(p, _dns_name(r)) != "missing"
    return True


# ------------------------------------------------------------------------------------------------ loss TCP hides

RETRANSMIT_MS = 950.0  # Linux's initial RTO is 1 s: a connect this slow needed a retransmitted SYN (or SYN-ACK)
LOSS_GROUPS = ("anchor", "provider", "service-tcp", "admin-tcp")  # TCP samples beyond the router


@dataclass(frozen=True)
class Pool:
    """Samples pooled over many targets: `lost` counts silent samples and connects that needed a retransmission."""

    lost: int
    total: int
    median_ms: float | None  # the median over hosts of each host's median clean (first-try) connect time
    hosts: int

    @property
    def loss(self) -> float:
        return self.lost / self.total if self.total else 0.0


def _pool(results: Iterable[Result]) -> Pool | None:
    """Every sample of every target that answered at least once (a target that never answers is down or filtered,
    not lossy); a sample is lost when it timed out or took a retransmission (≥ ~1 s while the target's clean
    samples are fast)."""
    lost = total = 0
    clean: dict[str, list[float]] = {}
    hosts: set[str] = set()
    for r in results:
        if not r.answered or not r.samples:
            continue
        times = [s.ms for s in r.samples if s.outcome in ("ok", "refused") and s.ms is not None]
        fast = [ms for ms in times if ms < RETRANSMIT_MS]
        baseline = statistics.median(fast) if fast else None
        hosts.add(r.host)
        for s in r.samples:
            if s.outcome in ("skipped", "not-permitted"):
                continue
            total += 1
            # slow next to the same target's fast connects: a retransmission; slow every time is latency, not loss
            retransmitted = (
                s.ms is not None and s.ms >= RETRANSMIT_MS and baseline is not None and s.ms > baseline + 800
            )
            if s.outcome not in ("ok", "refused") or s.ms is None or retransmitted:
                lost += 1
            else:
                clean.setdefault(r.host, []).append(s.ms)
    if not total:
        return None
    per_host = [statistics.median(times) for times in clean.values()]
    return Pool(lost, total, statistics.median(per_host) if per_host else None, len(hosts))


def _beyond_pool(p: Probes) -> Pool | None:
    return _pool(p.measured(*LOSS_GROUPS))


def _lan_pool(p: Probes) -> Pool | None:
    return _pool(p.measured("gateway", "gateway-icmp"))


# ------------------------------------------------------------------------------------------------ where the path stops


@dataclass(frozen=True)
class PathStop:
    toward: str
    reached: bool
    ttl: int | None  # of the last hop that answered before the path stopped
    address: str | None
    where: str  # "reached" | "router" | "isp-first" | "beyond" | "silent" (no hop answered at all)
    refused: bool  # a router said unreachable / prohibited (rather than silence)


def _path_stop(p: Probes, host: str | None) -> PathStop | None:
    """Where the trace toward `host` stopped, and whose the last answering hop is: the router (hop 1 or the
    gateway's address), the ISP's first router (the hop after the router), or beyond."""
    if not host:
        return None
    for r in p.measured("path"):
        data = r.data
        if _text(data.get("toward")) != host and r.target != host:
            continue
        if data.get("supported") is False:
            return None
        if data.get("reached") is True:
            return PathStop(host, True, None, None, "reached", False)
        last = _map(data.get("last_hop"))
        hops = [h for h in _seq(data.get("hops")) if isinstance(h, Mapping)]
        answering = [h for h in hops if _text(h.get("address"))]
        if not last and answering:
            last = answering[-1]
        ttl = last.get("ttl") if isinstance(last.get("ttl"), int) else None
        address = _text(last.get("address"))
        refusing = ("host-unreachable", "net-unreachable", "admin-prohibited")
        refused = any(
            h.get("kind") in refusing or (h.get("kind") == "port-unreachable" and _text(h.get("address")) != host)
            for h in hops
        )  # a router's own port unreachable is a REJECT rule too
        if address is None:
            return PathStop(host, False, None, None, "silent", refused)
        if address == _text(p.targets.get("gateway")) or ttl == 1:
            where = "router"
        elif ttl == 2 and _is_private_v4(address):
            where = "second-router"  # double NAT: a second router of this network, not the ISP's
        elif ttl == 2:
            where = "isp-first"
        else:
            where = "beyond"
        return PathStop(host, False, ttl, address, where, refused)
    return None


def _anchor_path_passes(p: Probes, ttl: int) -> bool:
    """A router beyond hop `ttl` answered on a trace toward an anchor: the hop where the path toward the service
    stops does forward other traffic. The anchor itself answering does not count — a host answers for itself
    whatever the routers in between do (the path may just not send time-exceeded)."""
    for r in p.measured("path"):
        toward = _text(r.data.get("toward"))
        if toward == _text(p.service.get("host")):
            continue
        hops = [h for h in _seq(r.data.get("hops")) if isinstance(h, Mapping)]
        for h in hops:
            address = _text(h.get("address"))
            if isinstance(h.get("ttl"), int) and h["ttl"] > ttl and address and address != toward:
                return True
    return False


PRIVATE_V4 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def _is_private_v4(address: str) -> bool:
    """RFC 1918 only (a home or office network); not 100.64/10 (the ISP's carrier-grade NAT) nor documentation
    ranges, which Python's `is_private` also counts."""
    ip = _ip(address)
    return ip is not None and ip.version == 4 and any(ip in net for net in PRIVATE_V4)


def _global_ipv6(p: Probes) -> bool:
    """This computer has an IPv6 address in 2000::/3."""
    for address in _texts(_map(p.local.get("addresses")).get("ipv6")):
        ip = _ip(address.split("/")[0])
        if ip is not None and ip.version == 6 and ip in ipaddress.ip_network("2000::/3"):
            return True
    return False
