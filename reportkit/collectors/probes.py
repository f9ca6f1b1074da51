"""Concurrent network probes under one deadline (docs/probes.md is the contract).

`plan_targets` turns config + flags + the local network snapshot into `Targets` (pure);
`collect_probes` reads local facts (no packets), then runs every probe at once on an asyncio loop and
returns a Section. A probe still running at the deadline is recorded as timed out; the run ends on time.
"""

from __future__ import annotations

import asyncio
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
DEFAULT_ANCHORS = ("1.1.1.1:443", "8.8.8.8:443", "9.9.9.9:443", "1.1.1.1:53", "8.8.8.8:53", "9.9.9.9:53")
DEFAULT_RESOLVERS = ("1.1.1.1", "8.8.8.8", "9.9.9.9")
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
    samples: int = 3
    icmp: bool = True
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
        }


def plan_targets(
    settings: Mapping[str, Any],
    overrides: Mapping[str, Any],
    network: Mapping[str, Any],
    environ: Mapping[str, str] = os.environ,
) -> Targets:
    """Config file, then flags (`overrides`, None = not given), then the local snapshot (gateway, resolvers)."""
    probes, service, cloud = _checked_config(settings)

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
        ca_file=probes.get("ca_file"),
        allow=allow,
    )


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
    n = targets.samples

    def tcp(group: str, hostport: str, default_port: int = 443) -> None:
        host, port = netprobe.split_hostport(hostport, default_port)
        jobs.append(
            Job(
                group,
                f"{host}:{port}",
                f"TCP connect to {host}:{port}",
                lambda until: netprobe.tcp_probe(group, host, port, until=until, samples=n),
            )
        )

    if targets.gateway:
        for port in GATEWAY_PORTS:
            tcp("gateway", f"{_bracket(targets.gateway)}:{port}")
        if targets.icmp:
            gw = targets.gateway
            jobs.append(
                Job(
                    "gateway-icmp",
                    gw,
                    f"ICMP echo to {gw}",
                    lambda until: netprobe.icmp_probe("gateway-icmp", gw, until=until, samples=n),
                )
            )
    for anchor in targets.anchors:
        tcp("anchor", anchor)
    name = targets.known_names[0] if targets.known_names else None
    for group, servers in (("resolver", targets.resolvers), ("public-resolver", targets.public_resolvers)):
        for server in servers:
            if name:
                jobs.append(_dns_query(group, server, name))
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
                lambda until: netprobe.http_probe("portal", portal, until=until, read_body=4096),
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
                lambda until: netprobe.http_probe("service-http", url, until=until, cafile=targets.ca_file),
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
                        "service-tls", connect_to, port, server_name, until=until, cafile=targets.ca_file
                    ),
                )
            )
    for anchor in targets.provider_anchors:
        tcp("provider", anchor)
    return jobs


def _dns_query(group: str, server: str, name: str) -> Job:
    return Job(
        group,
        f"{name} @ {server}",
        f"UDP DNS query A {name} to {server}",
        lambda until: netprobe.dns_probe(group, server, name, until=until),
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
    if job.group in ("system-dns", "nxdomain") or (
        job.group in ("portal", "service-http", "service-tls")
        and not _is_ip(urlsplit(job.target).hostname or job.target)
    ):
        addresses = list(targets.resolvers)  # a lookup sends packets to the system resolvers
        if job.group in ("portal", "service-http", "service-tls"):
            addresses += [targets.host] if targets.host else []
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
    if job.group in ("portal", "service-http", "service-tls"):
        return urlsplit(job.target if "//" in job.target else f"//{job.target}").hostname or ""
    return netprobe.split_hostport(job.target, 0)[0]


async def run_jobs(
    jobs: Iterable[Job], targets: Targets, deadline: float, on_result: OnResult | None = None, sequential: bool = False
) -> list[dict[str, Any]]:
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline
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
    if tasks:
        await asyncio.wait(tasks, timeout=max(0.0, until - loop.time()) + 0.05)
    for task, (index, job) in tasks.items():
        if index not in results:
            task.cancel()
            finished(index, _timed_out(job))
    return [results[i] for i in range(len(jobs))]


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


def _timed_out(job: Job) -> dict[str, Any]:
    return netprobe.result(
        f"{job.group}:deadline:{job.target}",
        job.group,
        job.target,
        job.sent,
        "timeout",
        "no answer before the deadline",
    )


def collect_probes(
    targets: Targets, network: Mapping[str, Any], on_result: OnResult | None = None, sequential: bool = False
) -> Section:
    """Local facts, then every probe concurrently under `targets.deadline`."""
    started = time.monotonic()
    local = local_facts(network, targets)
    jobs = plan_jobs(targets)
    results = asyncio.run(run_jobs(jobs, targets, targets.deadline, on_result, sequential))
    elapsed = int((time.monotonic() - started) * 1000)
    data = {
        "deadline_s": targets.deadline,
        "elapsed_ms": elapsed,
        "targets": targets.to_dict(),
        "local": local,
        "results": results,
    }
    return Section("probes", "ok", None, data, duration_ms=elapsed)


CONTACT_KINDS = {
    "gateway": "router",
    "gateway-icmp": "router",
    "resolver": "dns",
    "anchor": "test",
    "public-resolver": "test",
    "portal": "test",
    "provider": "provider",
}


def contacts(targets: Targets) -> list[tuple[str, str]]:
    """(kind, host) for every probe these targets send, in probe order; none outside REPORTKIT_PROBE_ALLOW.
    kind: router | dns | test | service | provider. No packets: it reads the plan."""
    from urllib.parse import urlsplit

    from reportkit.collectors import netprobe

    found: list[tuple[str, str]] = []
    for job in plan_jobs(targets):
        if blocked_by_allowlist(job, targets):
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
