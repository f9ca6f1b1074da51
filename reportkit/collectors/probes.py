"""Concurrent network probes under one deadline (docs/probes.md is the contract).

`plan_targets` turns config + flags + the local network snapshot into `Targets` (pure);
`collect_probes` reads local facts (no packets), then runs every probe at once on an asyncio loop and
returns a Section. A probe still running at the deadline is recorded as timed out; the run ends on time.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import os
import secrets
import socket
import string
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reportkit.collectors import netprobe
from reportkit.model import Section

# Public defaults for real users: IP literals of three operators (TCP 443 and 53), their resolvers,
# a well-known portal check. Tests and the lab always override these (and set REPORTKIT_PROBE_ALLOW).
DEFAULT_ANCHORS = (
    "1.1.1.1:443",
    "8.8.8.8:443",
    "9.9.9.9:443",
    "1.1.1.1:53",
    "8.8.8.8:53",
    "9.9.9.9:53",
    "[2606:4700:4700::1111]:443",  # IPv6 ones are probed only when this computer has a global IPv6 address
    "[2001:4860:4860::8888]:443",
)
DEFAULT_RESOLVERS = ("1.1.1.1", "8.8.8.8", "9.9.9.9", "2606:4700:4700::1111")
DEFAULT_PORTAL = "http://connectivitycheck.gstatic.com/generate_204"
DEFAULT_KNOWN_NAMES = ("example.com", "wikipedia.org")
DEFAULT_NX_SUFFIX = "com"
DEFAULT_DEADLINE = 6.0
GATEWAY_PORTS = (53, 80, 443)
VPN_PREFIXES = ("tun", "tap", "wg", "ppp", "utun", "ipsec", "vpn", "nordlynx", "tailscale", "zt")
ALLOW_ENV = "REPORTKIT_PROBE_ALLOW"

OnResult = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Targets:
    gateway: str | None = None
    anchors: tuple[str, ...] = DEFAULT_ANCHORS
    resolvers: tuple[str, ...] = ()
    public_resolvers: tuple[str, ...] = DEFAULT_RESOLVERS
    known_names: tuple[str, ...] = DEFAULT_KNOWN_NAMES
    nx_suffix: str = DEFAULT_NX_SUFFIX
    portal_url: str | None = DEFAULT_PORTAL
    host: str | None = None
    hostname: str | None = None
    ports: tuple[int, ...] = ()
    admin_port: int | None = None
    url: str | None = None
    provider_anchors: tuple[str, ...] = ()
    deadline: float = DEFAULT_DEADLINE
    samples: int = 4  # per TCP target beyond the router: pooled for a loss estimate (triage.facts._pool)
    gateway_samples: int = 12  # per router port: the LAN's loss estimate needs its own samples (36 in all)
    spacing: float = 0.01  # seconds between a target's samples: spread in time, not one burst
    icmp: bool = True
    ipv6: bool = True  # probe IPv6 anchors/resolvers when this computer has a global IPv6 address
    trace: bool = True  # trace where the path stops (toward the service and the first anchor)
    public_ip_url: str | None = None
    stun: str | None = None
    status_pages: tuple[tuple[str, str, str], ...] = ()  # (source: isp|cloud|service, name, url)
    global_ipv6: bool = False  # this computer has a global IPv6 address (from the network snapshot)
    ca_file: str | None = None
    allow: tuple[str, ...] = field(default=())  # CIDRs; empty = everything allowed

    def to_dict(self) -> dict[str, Any]:
        return {
            "gateway": self.gateway,
            "anchors": list(self.anchors),
            "resolvers": list(self.resolvers),
            "public_resolvers": list(self.public_resolvers),
            "known_names": list(self.known_names),
            "nx_suffix": self.nx_suffix,
            "portal_url": self.portal_url,
            "service": {
                "host": self.host,
                "hostname": self.hostname,
                "ports": list(self.ports),
                "admin_port": self.admin_port,
                "url": self.url,
            },
            "provider_anchors": list(self.provider_anchors),
            "public_ip_url": self.public_ip_url,
            "stun": self.stun,
            "status_pages": [{"source": a, "name": b, "url": c} for a, b, c in self.status_pages],
        }


# what a later run needs to send the same probes again (`reportkit verify`); the router and this computer's DNS
# servers are not kept: they are read from the network the later run is on
REPLAYED = (
    "anchors", "public_resolvers", "known_names", "nx_suffix", "portal_url", "host", "hostname", "ports",
    "admin_port", "url", "provider_anchors", "deadline", "samples", "gateway_samples", "icmp", "ipv6", "trace",
    "public_ip_url", "stun", "status_pages", "ca_file",
)  # fmt: skip


def plan_of(targets: Targets) -> dict[str, Any]:
    """The targets as plain JSON, to run the same probes later (`replay`)."""
    out: dict[str, Any] = {}
    for name in REPLAYED:
        value = getattr(targets, name)
        out[name] = [list(v) if isinstance(v, tuple) else v for v in value] if isinstance(value, tuple) else value
    return out


def replay(plan: Mapping[str, Any], network: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Targets:
    """Targets from a stored plan (`plan_of`, or a report's `targets` with its `deadline_s`), with the router, the
    DNS servers, IPv6 and the allow-list read afresh. A value of the wrong type falls back to the default."""
    defaults = Targets()
    found = plan.get("service")
    service: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    kwargs: dict[str, Any] = {}
    for name in REPLAYED:
        in_service = name in ("host", "hostname", "ports", "admin_port", "url")
        value = plan.get(name, service.get(name) if in_service else None)
        if name == "deadline" and value is None:
            value = plan.get("deadline_s")
        default = getattr(defaults, name)
        if value is None:
            if name == "portal_url" and name in plan:  # no portal check was configured: none again
                kwargs[name] = None
            continue
        if name == "status_pages":
            pages = []
            for page in value if isinstance(value, list) else ():
                if isinstance(page, Mapping):
                    page = [page.get("source"), page.get("name"), page.get("url")]
                if isinstance(page, list | tuple) and len(page) == 3 and all(isinstance(x, str) for x in page):
                    pages.append(tuple(page))
            kwargs[name] = tuple(pages)
        elif isinstance(default, tuple) or name == "ports":
            if isinstance(value, list) and all(isinstance(x, str | int) and not isinstance(x, bool) for x in value):
                kwargs[name] = tuple(int(x) for x in value) if name == "ports" else tuple(str(x) for x in value)
        elif isinstance(default, bool):
            if isinstance(value, bool):
                kwargs[name] = value
        elif isinstance(default, float) or name in ("deadline",):
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 120:
                kwargs[name] = float(value)
        elif isinstance(default, int) or name in ("admin_port", "samples", "gateway_samples"):
            if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536:
                kwargs[name] = value
        elif isinstance(value, str):
            kwargs[name] = value
    gateways = (network.get("default_gateways") or {}) if isinstance(network, Mapping) else {}
    dns = network.get("dns") or {} if isinstance(network, Mapping) else {}
    return Targets(
        **kwargs,
        gateway=(gateways.get("ipv4") or gateways.get("ipv6") or {}).get("address"),
        resolvers=tuple(dns.get("servers") or ()),
        global_ipv6=has_global_ipv6(network),
        allow=tuple(c.strip() for c in environ.get(ALLOW_ENV, "").split(",") if c.strip()),
    )


def plan_targets(
    settings: Mapping[str, Any],
    overrides: Mapping[str, Any],
    network: Mapping[str, Any],
    environ: Mapping[str, str] = os.environ,
) -> Targets:
    """Config file, then flags (`overrides`, None = not given), then the local snapshot (gateway, resolvers)."""
    probes, service, cloud = _checked_config(settings)
    isp = dict(settings.get("isp") or {}) if isinstance(settings, Mapping) else {}

    def pick(key: str, configured: Any, default: Any) -> Any:
        flag = overrides.get(key)
        return flag if flag not in (None, (), []) else configured if configured not in (None, [], "") else default

    url = pick("url", service.get("url"), None)
    hostname = service.get("hostname") or (urlsplit(url).hostname if url else None)
    ports = pick("ports", service.get("ports"), ())
    if not ports and url:
        parts = urlsplit(url)
        ports = (parts.port or (443 if parts.scheme == "https" else 80),)
    gateways = (network.get("default_gateways") or {}) if isinstance(network, Mapping) else {}
    gateway = (gateways.get("ipv4") or gateways.get("ipv6") or {}).get("address")
    dns = network.get("dns") or {} if isinstance(network, Mapping) else {}
    allow = tuple(c.strip() for c in environ.get(ALLOW_ENV, "").split(",") if c.strip())
    return Targets(
        gateway=gateway,
        anchors=tuple(pick("anchors", probes.get("internet_anchors"), DEFAULT_ANCHORS)),
        resolvers=tuple(dns.get("servers") or ()),
        public_resolvers=tuple(pick("resolvers", probes.get("public_resolvers"), DEFAULT_RESOLVERS)),
        known_names=tuple(probes.get("known_names") or DEFAULT_KNOWN_NAMES),
        nx_suffix=str(probes.get("nx_suffix") or DEFAULT_NX_SUFFIX),
        portal_url=pick("portal_url", probes.get("portal_check_url"), DEFAULT_PORTAL),
        host=pick("host", service.get("host"), None),
        hostname=hostname,
        ports=tuple(int(p) for p in ports),
        admin_port=pick("admin_port", service.get("admin_port"), None),
        url=url,
        provider_anchors=tuple(cloud.get("anchors") or ()),
        deadline=float(pick("deadline", probes.get("deadline"), DEFAULT_DEADLINE)),
        icmp=bool(probes.get("icmp", True)),
        ipv6=bool(probes.get("ipv6", True)),
        trace=bool(probes.get("trace", True)),
        public_ip_url=probes.get("public_ip_url") or None,
        stun=probes.get("stun") or None,
        status_pages=tuple(
            (source, str(table.get("name") or ""), str(table["status_url"]))
            for source, table in (("isp", isp), ("cloud", cloud), ("service", service))
            if isinstance(table.get("status_url"), str) and table["status_url"].strip()
        ),
        ca_file=probes.get("ca_file"),
        allow=allow,
        global_ipv6=has_global_ipv6(network),
    )


def has_global_ipv6(network: Mapping[str, Any]) -> bool:
    """An IPv6 address in 2000::/3 on an interface that is up (not link-local, not ULA, not loopback)."""
    if not isinstance(network, Mapping):
        return False
    for iface in network.get("interfaces") or []:
        if not isinstance(iface, Mapping) or iface.get("loopback") or iface.get("is_up") is False:
            continue
        for entry in iface.get("ipv6") or []:
            try:
                ip = ipaddress.ip_address(str((entry or {}).get("address", "")).split("%")[0])
            except ValueError:
                continue
            if ip.version == 6 and ip in ipaddress.ip_network("2000::/3"):
                return True
    return False


def _checked_config(settings: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Validate the config's probe targets; a bad one is a one-line error naming the key."""
    from reportkit import config

    probes, service, cloud = (dict(settings.get(k) or {}) for k in ("probes", "service", "cloud"))
    for section, table in (("probes", probes), ("service", service), ("cloud", cloud)):
        for key, value in table.items():
            if value not in (None, "", []):
                table[key] = config.check_value(f"{section}.{key}", value, f"config {section}.{key}")
    return probes, service, cloud


# --------------------------------------------------------------------------- local facts (no packets)


def local_facts(network: Mapping[str, Any], targets: Targets, sys_class_net: str = "/sys/class/net") -> dict[str, Any]:
    interfaces, ipv4, ipv6 = [], [], []
    for iface in network.get("interfaces") or []:
        if iface.get("loopback"):
            continue
        name = str(iface.get("name"))
        flags = _read(f"{sys_class_net}/{name}/flags")
        admin_up = bool(int(flags, 16) & 0x1) if flags else bool(iface.get("is_up"))
        carrier = _read(f"{sys_class_net}/{name}/carrier")
        interfaces.append(
            {
                "name": name,
                "up": admin_up,
                "carrier": None if carrier is None else carrier == "1",
                "kind": _kind(name, sys_class_net),
            }
        )
        if admin_up:
            ipv4 += [f"{a['address']}/{a.get('prefixlen')}" for a in iface.get("ipv4") or []]
            ipv6 += [f"{a['address']}/{a.get('prefixlen')}" for a in iface.get("ipv6") or []]
    usable = [a for a in ipv4 if not a.startswith("169.254.")] + [a for a in ipv6 if not a.lower().startswith("fe80")]
    gateways = network.get("default_gateways") or {}
    return {
        "interfaces": interfaces,
        "addresses": {"ipv4": ipv4, "ipv6": ipv6},
        "usable_address": bool(usable),
        "link_local_only": bool(ipv4 or ipv6) and not usable,
        "default_route": {
            fam: ({"gateway": g.get("address"), "interface": g.get("interface")} if (g := gateways.get(fam)) else None)
            for fam in ("ipv4", "ipv6")
        },
        "routes_to": {dest: route_source(dest) for dest in _route_destinations(targets)},
        "vpn_interfaces": [i["name"] for i in interfaces if i["kind"] == "vpn" and i["up"]],
        "proxies": dict(network.get("proxies") or {}),
    }


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None  # e.g. carrier of an interface that is administratively down: EINVAL


def _kind(name: str, sys_class_net: str) -> str:
    if name.startswith(VPN_PREFIXES):
        return "vpn"
    if Path(f"{sys_class_net}/{name}/wireless").exists():
        return "wifi"
    return "ethernet" if _read(f"{sys_class_net}/{name}/type") == "1" else "other"


def _route_destinations(targets: Targets) -> list[str]:
    hosts = [targets.host] + [netprobe.split_hostport(a, 0)[0] for a in targets.anchors[:1]]
    return [h for h in hosts if h and _is_ip(h)]


def route_source(destination: str) -> dict[str, str] | None:
    """The source address the kernel would use (UDP connect sends no packet)."""
    family = socket.AF_INET6 if ":" in destination else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((destination, 9))
            return {"source": str(sock.getsockname()[0])}
    except OSError:
        return None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Job:
    group: str
    target: str
    sent: str
    make: Callable[[float], Coroutine[Any, Any, dict[str, Any]]]  # until -> result


def plan_jobs(targets: Targets) -> list[Job]:
    """Every probe the targets call for, in the order a technician would check them."""
    jobs: list[Job] = []
    spacing = targets.spacing

    def tcp(group: str, hostport: str, default_port: int = 443, n: int = targets.samples) -> None:
        host, port = netprobe.split_hostport(hostport, default_port)
        if not _family_ok(host, targets):
            return
        shown = f"{_bracket(host)}:{port}"
        jobs.append(
            Job(
                group,
                shown,
                f"TCP connect to {shown}",
                lambda until: netprobe.tcp_probe(group, host, port, until=until, samples=n, spacing=spacing),
            )
        )

    if targets.gateway:
        for port in GATEWAY_PORTS:
            tcp("gateway", f"{_bracket(targets.gateway)}:{port}", n=targets.gateway_samples)
        if targets.icmp:
            gw = targets.gateway
            jobs.append(
                Job(
                    "gateway-icmp",
                    gw,
                    f"ICMP echo to {gw}",
                    lambda until: netprobe.icmp_probe("gateway-icmp", gw, until=until, samples=targets.samples),
                )
            )
    for anchor in targets.anchors:
        tcp("anchor", anchor)
    # DNS by agreement: this computer's DNS servers and the public ones are asked the same names, so an answer
    # ("exists" / "does not exist" / this address) can be compared instead of trusted
    name = targets.known_names[0] if targets.known_names else None
    service_name = targets.hostname if targets.hostname and not _is_ip(targets.hostname) else None
    for server in targets.resolvers:
        if name:
            jobs.append(_dns_query("resolver", server, name))
    for server in (s for s in targets.public_resolvers if _family_ok(netprobe.split_hostport(s, 53)[0], targets)):
        for known in targets.known_names[:3]:
            jobs.append(_dns_query("public-resolver", server, known))
        if service_name:
            jobs.append(_dns_query("public-resolver", server, service_name, role="service"))
    for known in targets.known_names:
        jobs.append(_system_dns(known, "known"))
    if targets.hostname and not _is_ip(targets.hostname):
        jobs.append(_system_dns(targets.hostname, "service"))
    random_name = f"rk-{_random_label()}.{targets.nx_suffix.strip('.')}"
    jobs.append(
        Job(
            "nxdomain",
            random_name,
            f"lookup of {random_name} (must not exist)",
            lambda until: netprobe.system_dns_probe("nxdomain", random_name, until=until, role="nxdomain"),
        )
    )
    if targets.portal_url:
        portal = targets.portal_url
        jobs.append(
            Job(
                "portal",
                portal,
                f"HTTP GET {portal}",
                lambda until: netprobe.http_probe("portal", portal, until=until, read_body=4096, allow=targets.allow),
            )
        )
    if targets.host:
        for port in targets.ports:
            tcp("service-tcp", f"{_bracket(targets.host)}:{port}")
        if targets.admin_port:
            tcp("admin-tcp", f"{_bracket(targets.host)}:{targets.admin_port}")
    if targets.url:
        url = targets.url
        jobs.append(
            Job(
                "service-http",
                url,
                f"HTTP GET {url}",
                lambda until: netprobe.http_probe(
                    "service-http", url, until=until, cafile=targets.ca_file, allow=targets.allow
                ),
            )
        )
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.hostname:
            server_name, port = parts.hostname, parts.port or 443
            connect_to = targets.host or server_name
            jobs.append(
                Job(
                    "service-tls",
                    f"{server_name}:{port}",
                    f"TLS handshake with {server_name}:{port}",
                    lambda until: netprobe.tls_probe(
                        "service-tls",
                        connect_to,
                        port,
                        server_name,
                        until=until,
                        cafile=targets.ca_file,
                        allow=targets.allow,
                    ),
                )
            )
    for anchor in targets.provider_anchors:
        tcp("provider", anchor)
    jobs += _extra_jobs(targets)
    return jobs


def _extra_jobs(targets: Targets) -> list[Job]:
    """Where the path stops, the providers' status pages and the public IP: information for the verdict."""
    jobs: list[Job] = []
    if targets.trace:
        toward = [targets.host] if targets.host and _is_ip(targets.host) else []
        toward += [h for h in (netprobe.split_hostport(a, 443)[0] for a in targets.anchors) if _is_ip(h)][:1]
        for host in dict.fromkeys(h for h in toward if _family_ok(h, targets)):
            jobs.append(Job("path", host, f"UDP path trace toward {host} (TTL 1–10)", functools.partial(_trace, host)))
    for source, name, url in targets.status_pages:
        jobs.append(
            Job(
                "status-page",
                url,
                f"HTTP GET {url} (status page)",
                functools.partial(_status_page, source, name, url, cafile=targets.ca_file),
            )
        )
    if targets.public_ip_url:
        url = targets.public_ip_url
        jobs.append(
            Job(
                "public-ip",
                url,
                f"HTTP GET {url} (public IP)",
                functools.partial(_public_ip_url, url, cafile=targets.ca_file),
            )
        )
    elif targets.stun:
        stun = targets.stun
        jobs.append(Job("public-ip", stun, f"STUN binding request to {stun}", lambda until: _stun(stun, until)))
    return jobs


async def _trace(host: str, until: float) -> dict[str, Any]:
    from reportkit.collectors import tracepath

    return await tracepath.trace_probe("path", host, until=until)


async def _status_page(source: str, name: str, url: str, until: float, cafile: str | None = None) -> dict[str, Any]:
    from reportkit.collectors import statuspage

    return await statuspage.status_probe("status-page", source, url, until=until, name=name or None, cafile=cafile)


async def _public_ip_url(url: str, until: float, cafile: str | None = None) -> dict[str, Any]:
    from reportkit.collectors import publicip

    return await publicip.public_ip_url_probe("public-ip", url, until=until, cafile=cafile)


async def _stun(server: str, until: float) -> dict[str, Any]:
    from reportkit.collectors import publicip

    return await publicip.stun_probe("public-ip", server, until=until)


def _family_ok(host: str, targets: Targets) -> bool:
    """IPv6 anchors and resolvers only when this computer has a global IPv6 address and IPv6 probing is on
    (loopback ::1 always). The service's own address is always probed (see plan_jobs): an IPv6-only service on a
    connection without IPv6 is a finding, not something to leave out."""
    if ":" not in host:
        return True
    if host == targets.host or host.strip("[]") == "::1":
        return True
    return targets.ipv6 and targets.global_ipv6


def _dns_query(group: str, server: str, name: str, role: str = "known") -> Job:
    return Job(
        group,
        f"{name} @ {server}",
        f"UDP DNS query A {name} to {server}",
        lambda until: netprobe.dns_probe(group, server, name, until=until, role=role),
    )


def _system_dns(name: str, role: str) -> Job:
    return Job(
        "system-dns",
        name,
        f"lookup of {name} through the system resolver",
        lambda until: netprobe.system_dns_probe("system-dns", name, until=until, role=role),
    )


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _random_label() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(20))


def blocked_by_allowlist(job: Job, targets: Targets) -> str | None:
    """With REPORTKIT_PROBE_ALLOW set, nothing leaves for an address outside it (tests, cautious admins)."""
    if not targets.allow:
        return None
    networks = [ipaddress.ip_network(c, strict=False) for c in targets.allow]
    if job.group in ("status-page", "public-ip"):  # fetched from wherever their name resolves: only IP literals
        host = _host_of(job)
        if not _is_ip(host) or not any(ipaddress.ip_address(host) in net for net in networks):
            return f"{host or job.target} is not an address inside {ALLOW_ENV}"
        return None
    if job.group in ("system-dns", "nxdomain") or (
        job.group in ("portal", "service-http", "service-tls")
        and not _is_ip(urlsplit(job.target).hostname or job.target)
    ):
        addresses = list(targets.resolvers)  # a lookup sends packets to the system resolvers
        if not addresses:
            return f"no DNS server is known, so a lookup could go anywhere outside {ALLOW_ENV}"
        for server in addresses:  # a stub on loopback (127.0.0.53) forwards to servers nobody checked
            host = netprobe.split_hostport(server, 53)[0]
            if _is_ip(host) and ipaddress.ip_address(host).is_loopback:
                return f"the system resolver {server} forwards lookups to servers outside {ALLOW_ENV}"
        # the connection itself goes wherever the name resolves: netprobe checks that address before connecting
    else:
        addresses = [_host_of(job)]
    for address in addresses:
        host = netprobe.split_hostport(address, 0)[0] if address else ""
        if not _is_ip(host) or not any(ipaddress.ip_address(host) in net for net in networks):
            return f"{address or job.target} is outside {ALLOW_ENV}"
    return None


def _host_of(job: Job) -> str:
    if job.group in ("resolver", "public-resolver"):
        return job.target.rsplit(" @ ", 1)[-1]
    if job.group in ("portal", "service-http", "service-tls", "status-page", "public-ip"):
        if job.group == "public-ip" and "//" not in job.target:  # a STUN server "host:port"
            return netprobe.split_hostport(job.target, 3478)[0]
        return urlsplit(job.target if "//" in job.target else f"//{job.target}").hostname or ""
    return netprobe.split_hostport(job.target, 0)[0]


Settle = Callable[[list[dict[str, Any]], float], str | None]  # (results so far, seconds since start) -> why, or None


async def run_jobs(
    jobs: Iterable[Job],
    targets: Targets,
    deadline: float,
    on_result: OnResult | None = None,
    sequential: bool = False,
    settle: Settle | None = None,
) -> list[dict[str, Any]]:
    """Every job at once under one deadline. `settle` is asked as results arrive (and every 0.1 s): once it names a
    reason, the verdict cannot change any more (a lower layer decided it), so the rest stops at once — router
    checks still running count as unanswered, everything else as not needed (`data.early`)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    until = started + deadline
    results: dict[int, dict[str, Any]] = {}
    tasks: dict[asyncio.Task[dict[str, Any]], tuple[int, Job]] = {}
    jobs = list(jobs)

    def finished(index: int, value: dict[str, Any]) -> None:
        results[index] = value
        if on_result:
            on_result(value)

    for index, job in enumerate(jobs):
        reason = blocked_by_allowlist(job, targets)
        if reason:
            finished(
                index,
                netprobe.result(
                    f"{job.group}:skipped:{job.target}", job.group, job.target, job.sent, "skipped", reason
                ),
            )
        elif sequential:  # for comparison only: each probe gets the whole deadline to itself
            finished(index, await _bounded(job, loop.time() + deadline))
        else:
            task = asyncio.ensure_future(_bounded(job, until))
            task.add_done_callback(_on_done(finished, index))
            tasks[task] = (index, job)
    settled: str | None = None
    pending = set(tasks)
    while pending:
        left = until - loop.time()
        if left <= 0:
            break
        _done, pending = await asyncio.wait(
            pending, timeout=min(left, 0.1) if settle else left + 0.05, return_when=asyncio.FIRST_COMPLETED
        )
        if settle is not None:
            settled = settle([results[i] for i in sorted(results)], loop.time() - started)
            if settled:
                break
    for task, (index, job) in tasks.items():
        if index not in results:
            task.cancel()
            if settled and job.group not in ("gateway", "gateway-icmp"):
                finished(index, _not_needed(job, settled))
            else:
                finished(index, _timed_out(job, settled))
    return [results[i] for i in range(len(jobs))]


def _not_needed(job: Job, why: str) -> dict[str, Any]:
    done = netprobe.result(
        f"{job.group}:early:{job.target}", job.group, job.target, job.sent, "skipped", f"not needed: {why}"
    )
    done["data"]["early"] = True
    return done


def _on_done(finished: Callable[[int, dict[str, Any]], None], index: int) -> Callable[[asyncio.Task[Any]], None]:
    def callback(task: asyncio.Task[Any]) -> None:
        if not task.cancelled():
            finished(index, task.result())

    return callback


async def _bounded(job: Job, until: float) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(job.make(until), max(0.0, until - loop.time()))
    except (TimeoutError, asyncio.TimeoutError):
        return _timed_out(job)
    except Exception as exc:  # a probe bug is a failed probe, never a failed run
        return netprobe.result(
            f"{job.group}:error:{job.target}",
            job.group,
            job.target,
            job.sent,
            "error",
            f"probe failed: {type(exc).__name__}: {exc}",
        )


def _timed_out(job: Job, settled: str | None = None) -> dict[str, Any]:
    return netprobe.result(
        f"{job.group}:deadline:{job.target}",
        job.group,
        job.target,
        job.sent,
        "timeout",
        f"no answer before the verdict was settled ({settled})" if settled else "no answer before the deadline",
    )


Settled = Callable[[Mapping[str, Any], float], str | None]  # (probe data so far, seconds) -> why, or None


def collect_probes(
    targets: Targets,
    network: Mapping[str, Any],
    on_result: OnResult | None = None,
    sequential: bool = False,
    settled: Settled | None = None,
) -> Section:
    """Local facts, then every probe concurrently under `targets.deadline`. `settled` (the verdict engine's
    `triage.settled`, passed in by the pipeline) ends the run early once lower layers decide the verdict."""
    started = time.monotonic()
    local = local_facts(network, targets)
    jobs = plan_jobs(targets)
    shown = targets.to_dict()

    def settle(results: list[dict[str, Any]], seconds: float) -> str | None:
        if settled is None:
            return None
        if seconds >= EARLY_AFTER_S and targets.gateway and "neighbour" not in local:
            local["neighbour"] = neighbour_state(targets.gateway)
        return settled({"targets": shown, "local": local, "results": results}, seconds)

    before = settle([], 0.0) if not sequential else None
    if before:  # nothing can leave this computer: no packet is sent at all
        results = [_not_needed(job, before) for job in jobs]
        for r in results:
            if on_result:
                on_result(r)
    else:
        results = asyncio.run(
            run_jobs(jobs, targets, targets.deadline, on_result, sequential, None if sequential else settle)
        )
    elapsed = int((time.monotonic() - started) * 1000)
    data = {
        "deadline_s": targets.deadline,
        "elapsed_ms": elapsed,
        "targets": shown,
        "local": local,
        "results": results,
        "public_ip": public_ip(results),
    }
    return Section("probes", "ok", None, data, duration_ms=elapsed)


def public_ip(results: Iterable[Mapping[str, Any]]) -> str | None:
    """The public address the public-ip probe learnt (what the ISP sees), or None."""
    for r in results:
        data = r.get("data") or {}
        if r.get("group") == "public-ip" and r.get("outcome") == "ok" and isinstance(data.get("address"), str):
            return str(data["address"])
    return None


EARLY_AFTER_S = 1.5  # a router whose address still has no neighbour entry after this long is not there


def neighbour_state(address: str, arp: str = "/proc/net/arp") -> dict[str, Any]:
    """The kernel's neighbour (ARP) entry for an IPv4 address: "reachable" (resolved), "incomplete" (asked, no
    answer yet or failed), "none" (no entry), or "unknown" (not readable: IPv6, not Linux)."""
    state = "unknown"
    if ":" not in address:
        try:
            lines = Path(arp).read_text(encoding="ascii", errors="replace").splitlines()[1:]
        except OSError:
            lines = None
        if lines is not None:
            state = "none"
            for line in lines:
                fields = line.split()
                if len(fields) >= 4 and fields[0] == address:
                    state = "reachable" if int(fields[2], 16) & 0x2 else "incomplete"
                    break
    return {"address": address, "state": state}


CONTACT_KINDS = {
    "gateway": "router",
    "gateway-icmp": "router",
    "resolver": "dns",
    "anchor": "test",
    "public-resolver": "test",
    "portal": "test",
    "provider": "provider",
    "status-page": "status",
    "public-ip": "test",
}


def contacts(targets: Targets) -> list[tuple[str, str]]:
    """(kind, host) for every probe these targets send, in probe order; none outside REPORTKIT_PROBE_ALLOW.
    kind: router | dns | test | service | provider. No packets: it reads the plan."""
    from urllib.parse import urlsplit

    from reportkit.collectors import netprobe

    found: list[tuple[str, str]] = []
    for job in plan_jobs(targets):
        if blocked_by_allowlist(job, targets) or job.group == "path":  # traces go toward hosts listed already
            continue
        if job.group in ("system-dns", "nxdomain"):  # a lookup asks the system resolvers
            found += [("dns", server) for server in targets.resolvers]
            if job.group == "nxdomain" or job.target in targets.known_names:
                continue
        kind = CONTACT_KINDS.get(job.group, "service")
        if "://" in job.target:
            host = urlsplit(job.target).hostname or job.target
        else:  # "host:port", or "name @ server:port" for a DNS query
            host = netprobe.split_hostport(job.target.rsplit(" @ ", 1)[-1], 0)[0]
        found.append((kind, host))
    return found
