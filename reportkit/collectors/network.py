"""The "network" section: interfaces, addresses, counters, default gateways, resolvers, proxies.

Reads local state only: no packet leaves the machine. psutil and netifaces are imported inside the functions.
The gateway comes from netifaces (package netifaces-plus) and falls back to /proc/net/route and
/proc/net/ipv6_route. Every part is collected on its own: a part that fails leaves its key None
and adds a note.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import time
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, TypeVar

from reportkit.messages import Said, make
from reportkit.model import Section

T = TypeVar("T")

# The section's notes and reason as messages (catalog context "network.<key>"); `part_*` name a part of the snapshot
# inside "unavailable". An exception's own text and file paths stay data. The notes are also kept in `data["notes"]`
# as plain English text (data, like the rest of the section).
MESSAGES: dict[str, str] = {
    "unavailable": "{what} unavailable: {error}",
    "nothing": "nothing could be collected",
    "no_netifaces": "netifaces is not installed: falling back to /proc/net/route",
    "netifaces_failed": "netifaces failed: {error}",
    "unreadable": "{path} unreadable: {error}",
    "no_file": "no {path}",
    "part_interfaces": "interfaces",
    "part_default_gateway": "default gateway",
    "part_resolvers": "resolvers",
    "part_proxy_settings": "proxy settings",
}


def _say(key: str, **fields: Any) -> Said:
    return make(f"network.{key}", MESSAGES[key], **fields)


PROC_ROUTE = "/proc/net/route"
PROC_IPV6_ROUTE = "/proc/net/ipv6_route"
RESOLV_CONF = "/etc/resolv.conf"
PROXY_VARS = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")
ERROR_KEYS = ("errin", "errout", "dropin", "dropout")
COUNTER_KEYS = ("bytes_sent", "bytes_recv", "packets_sent", "packets_recv", *ERROR_KEYS)
_RTF_UP = 0x0001
_RTF_GATEWAY = 0x0002
_RTF_REJECT = 0x0200
_DUPLEX = {2: "full", 1: "half"}  # psutil.NIC_DUPLEX_FULL / _HALF; 0 is unknown


class _Parts:
    """Runs each part of a collector, turning an exception into a note and a default value."""

    def __init__(self) -> None:
        self.notes: list[str] = []  # messages
        self.succeeded = 0

    def run(self, what: str, fn: Callable[[], T], default: T) -> T:
        """`what`: the part, a key of MESSAGES ("part_interfaces")."""
        try:
            value = fn()
        except Exception as exc:
            self.notes.append(_say("unavailable", what=_say(what), error=_one_line(exc)))
            return default
        self.succeeded += 1
        return value


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def collect_network(
    *,
    proc_route: str = PROC_ROUTE,
    proc_ipv6_route: str = PROC_IPV6_ROUTE,
    resolv_conf: str = RESOLV_CONF,
    environ: Mapping[str, str] | None = None,
) -> Section:
    """Collect the "network" section. Never raises; the paths and the environment are injectable for tests."""
    start = time.perf_counter()
    try:
        env = os.environ if environ is None else environ
        data, parts = _collect(proc_route, proc_ipv6_route, resolv_conf, env)
    except Exception as exc:  # a bug in this module: report it, never raise
        return Section("network", "failed", reason=_one_line(exc), duration_ms=_ms(start))
    if parts.succeeded == 0:
        reason = parts.notes[0] if parts.notes else _say("nothing")
        return Section("network", "failed", reason=reason, data=data, duration_ms=_ms(start))
    return Section("network", "ok", data=data, duration_ms=_ms(start))


def _ms(start: float) -> int:
    return int((time.perf_counter() - start) * 1000)


def _collect(
    proc_route: str, proc_ipv6_route: str, resolv_conf: str, environ: Mapping[str, str]
) -> tuple[dict[str, Any], _Parts]:
    parts = _Parts()
    no_interfaces: list[dict[str, Any]] = []
    no_gateways: tuple[dict[str, Any], str | None] = ({"ipv4": None, "ipv6": None}, None)
    no_dns: dict[str, Any] = {"servers": [], "search": [], "source": None}
    no_proxies: dict[str, str] = {}
    interfaces = parts.run("part_interfaces", _interfaces, no_interfaces)
    gateways, source = parts.run(
        "part_default_gateway", lambda: _gateways(proc_route, proc_ipv6_route, parts.notes), no_gateways
    )
    data: dict[str, Any] = {
        "interfaces": interfaces,
        "default_gateways": gateways,
        "gateway_source": source,
        "dns": parts.run("part_resolvers", lambda: _dns(resolv_conf, parts.notes), no_dns),
        "proxies": parts.run("part_proxy_settings", lambda: proxies_from_environ(environ), no_proxies),
        "notes": [str(note) for note in parts.notes],  # data: plain text (the reason keeps the message)
    }
    return data, parts


# --- interfaces -------------------------------------------------------------------------------------------


def _interfaces() -> list[dict[str, Any]]:
    import psutil

    addrs = psutil.net_if_addrs()
    stats = psutil.net_if_stats()
    counters = psutil.net_io_counters(pernic=True)
    return [
        _interface(name, addrs.get(name, []), stats.get(name), counters.get(name), psutil)
        for name in sorted(set(addrs) | set(stats))
    ]


def _interface(name: str, addrs: list[Any], stats: Any, io: Any, psutil: ModuleType) -> dict[str, Any]:
    import socket  # only for the address family constants

    ipv4 = [_ipv4(a) for a in addrs if a.family == socket.AF_INET]
    ipv6 = [_ipv6(a) for a in addrs if a.family == socket.AF_INET6]
    macs = [a.address for a in addrs if a.family == psutil.AF_LINK and _is_real_mac(a.address)]
    counters = None if io is None else {key: int(getattr(io, key)) for key in COUNTER_KEYS}
    return {
        "name": name,
        "is_up": None if stats is None else bool(stats.isup),
        "loopback": _is_loopback(stats, ipv4, ipv6),
        "speed_mbps": int(stats.speed) if stats is not None and stats.speed > 0 else None,
        "duplex": None if stats is None else _DUPLEX.get(int(stats.duplex)),
        "mtu": int(stats.mtu) if stats is not None and stats.mtu > 0 else None,
        "mac": macs[0].lower().replace("-", ":") if macs else None,
        "ipv4": ipv4,
        "ipv6": ipv6,
        "counters": counters,
        "has_errors": counters is not None and any(counters[key] > 0 for key in ERROR_KEYS),
    }


def _is_real_mac(address: str | None) -> bool:
    return bool(address) and any(c not in "0:-" for c in str(address))


def _is_loopback(stats: Any, ipv4: list[dict[str, Any]], ipv6: list[dict[str, Any]]) -> bool:
    flags = getattr(stats, "flags", None)  # psutil >= 5.9.3
    if flags is not None:
        return "loopback" in flags.split(",")
    return any(a["address"].startswith("127.") for a in ipv4) or any(a["scope"] == "host" for a in ipv6)


def _ipv4(addr: Any) -> dict[str, Any]:
    netmask = addr.netmask or None
    return {"address": addr.address, "netmask": netmask, "prefixlen": _prefixlen(netmask)}


def _ipv6(addr: Any) -> dict[str, Any]:
    address = addr.address.split("%", 1)[0]
    return {"address": address, "prefixlen": _prefixlen(addr.netmask), "scope": ipv6_scope(address)}


def _prefixlen(netmask: str | None) -> int | None:
    """The prefix length of a netmask such as "255.255.255.0" or "ffff:ffff::" ("ffff::/32" also works)."""
    if not netmask:
        return None
    if "/" in netmask:
        return int(netmask.rsplit("/", 1)[1])
    try:
        bits = int(ipaddress.ip_address(netmask))
    except ValueError:
        return None
    return bin(bits).count("1")


def ipv6_scope(address: str) -> str:
    """The kernel's name for the scope of an IPv6 address: host, link, site or global."""
    ip = ipaddress.IPv6Address(address.split("%", 1)[0])
    if ip.is_loopback:
        return "host"
    if ip.is_link_local:
        return "link"
    if ip.is_site_local:
        return "site"
    return "global"


# --- default gateways -------------------------------------------------------------------------------------


def _gateways(proc_route: str, proc_ipv6_route: str, notes: list[str]) -> tuple[dict[str, Any], str | None]:
    found = _gateways_netifaces(notes)
    if found["ipv4"] or found["ipv6"]:
        return found, "netifaces"
    found = {
        "ipv4": _parse_file(proc_route, parse_proc_net_route, notes),
        "ipv6": _parse_file(proc_ipv6_route, parse_ipv6_route, notes),
    }
    return found, ("/proc/net/route" if found["ipv4"] or found["ipv6"] else None)


def _gateways_netifaces(notes: list[str]) -> dict[str, Any]:
    none: dict[str, Any] = {"ipv4": None, "ipv6": None}
    try:
        import netifaces
    except ImportError:
        notes.append(_say("no_netifaces"))
        return none
    try:
        default = netifaces.gateways().get("default")
    except Exception as exc:
        notes.append(_say("netifaces_failed", error=_one_line(exc)))
        return none
    if not isinstance(default, dict):
        return none
    return {
        "ipv4": _gateway(default.get(netifaces.AF_INET)),
        "ipv6": _gateway(default.get(netifaces.AF_INET6)),
    }


def _gateway(entry: Any) -> dict[str, str] | None:
    if not entry or len(entry) < 2:
        return None
    return {"address": str(entry[0]).split("%", 1)[0], "interface": str(entry[1])}


def _parse_file(path: str, parse: Callable[[str], dict[str, str] | None], notes: list[str]) -> dict[str, str] | None:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return parse(handle.read())
    except FileNotFoundError:
        return None  # not Linux, or no IPv6
    except OSError as exc:
        notes.append(_say("unreadable", path=path, error=_one_line(exc)))
        return None


def parse_proc_net_route(text: str, byteorder: str = sys.byteorder) -> dict[str, str] | None:
    """The IPv4 default gateway in /proc/net/route text: {"address", "interface"} or None.

    The kernel prints each address as a 32-bit number in host byte order, so on little-endian machines
    "0102000A" is 10.0.2.1. Of several default routes the one with the lowest metric wins.
    """
    best: tuple[int, dict[str, str]] | None = None
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            dest, gateway, flags, metric, mask = (int(fields[i], 16) for i in (1, 2, 3, 6, 7))
        except ValueError:
            continue
        if dest or mask or not gateway or flags & (_RTF_UP | _RTF_GATEWAY) != _RTF_UP | _RTF_GATEWAY:
            continue
        packed = gateway.to_bytes(4, "little" if byteorder == "little" else "big")
        address = str(ipaddress.IPv4Address(packed))
        if best is None or metric < best[0]:
            best = (metric, {"address": address, "interface": fields[0]})
    return None if best is None else best[1]


def parse_ipv6_route(text: str) -> dict[str, str] | None:
    """The IPv6 default gateway in /proc/net/ipv6_route text: {"address", "interface"} or None.

    Columns: destination, prefix length, source, prefix length, next hop, metric, refcount, use,
    flags, device.
    """
    best: tuple[int, dict[str, str]] | None = None
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 10:
            continue
        try:
            dest, plen, nexthop, metric, flags = (int(fields[i], 16) for i in (0, 1, 4, 5, 8))
        except ValueError:
            continue
        if dest or plen or not nexthop or not flags & _RTF_GATEWAY or flags & _RTF_REJECT:
            continue
        address = str(ipaddress.IPv6Address(nexthop.to_bytes(16, "big")))
        if best is None or metric < best[0]:
            best = (metric, {"address": address, "interface": fields[9]})
    return None if best is None else best[1]


# --- resolvers --------------------------------------------------------------------------------------------


def _dns(path: str, notes: list[str]) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except FileNotFoundError:
        notes.append(_say("no_file", path=path))
        return {"servers": [], "search": [], "source": None}
    return {**parse_resolv_conf(text), "source": path}


def parse_resolv_conf(text: str) -> dict[str, Any]:
    """Name servers and search domains from resolv.conf text: {"servers": [...], "search": [...]}.

    Lines starting with # or ; are comments, and so is anything after # or ; on a line. As in the
    resolver, the last "search" or "domain" line wins.
    """
    servers: list[str] = []
    search: list[str] = []
    for line in text.splitlines():
        words = _words(line)
        if len(words) < 2:
            continue
        keyword, values = words[0], words[1:]
        if keyword == "nameserver" and values[0] not in servers:
            servers.append(values[0])
        elif keyword == "search":
            search = list(values)
        elif keyword == "domain":
            search = [values[0]]
    return {"servers": servers, "search": search}


def _words(line: str) -> list[str]:
    words: list[str] = []
    for word in line.split():
        if word.startswith(("#", ";")):
            break
        words.append(word)
    return words


# --- proxies ----------------------------------------------------------------------------------------------


def proxies_from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """Proxy settings from the environment, keyed by lower-case name, passwords masked.

    The lower-case variable wins over the upper-case one, as in curl.
    """
    proxies: dict[str, str] = {}
    for name in PROXY_VARS:
        value = environ.get(name) or environ.get(name.upper())
        if value:
            proxies[name] = mask_password(value.strip())
    return proxies


def mask_password(url: str) -> str:
    """Replace the password in `[scheme://]user:pass@host[:port]` by *** and keep the user name.

    The last @ ends the user info, so an unencoded @ in the password is masked too.
    """
    scheme, sep, rest = url.partition("://") if "://" in url else ("", "", url)
    if "@" not in rest:
        return url
    userinfo, host = rest.rsplit("@", 1)
    if ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
