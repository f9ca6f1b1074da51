"""Reading the probe data (docs/probes.md) defensively.

A missing key, a wrong type or an unknown outcome makes that piece "not measured", never an exception: every
field is coerced to its documented type here, so the rest of the package works on `Probes` and `Result`.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ANSWERED = frozenset({"ok", "refused"})  # TCP: connected or RST — either way the host is alive
OUTCOMES = frozenset(
    {"ok", "refused", "timeout", "unreachable", "error", "nxdomain", "servfail", "not-permitted", "skipped"}
)
SERVICE_GROUPS = ("service-tcp", "admin-tcp")
# results that prove something beyond this computer answered
BEYOND_GROUPS = (
    "gateway",
    "gateway-icmp",
    "anchor",
    "public-resolver",
    "portal",
    "service-tcp",
    "admin-tcp",
    "service-http",
    "service-tls",
    "provider",
)
LOOPBACK_NAMES = frozenset({"lo", "lo0"})
# a refused connection proves these hosts are up; for the service's own ports a refusal is the fault itself
ALIVE_WHEN_REFUSED = frozenset({"gateway", "anchor", "provider", "admin-tcp"})
NOT_RUN = frozenset({"skipped", "not-permitted"})
DNS_QUERY_GROUPS = frozenset({"resolver", "public-resolver"})
FETCH_GROUPS = frozenset({"portal", "service-http", "service-tls", "status-page", "public-ip"})


def status(group: str, outcome: str) -> str:
    """The one reading of a probe result that the progress marks, the summary line and the evidence share:
    "ok" (answered as expected), "alive" (refused, which proves the host is up), "failed", or "not-run"."""
    if outcome in NOT_RUN:
        return "not-run"
    if group == "nxdomain":  # a name that must not exist: NXDOMAIN is the right answer
        return "ok" if outcome == "nxdomain" else "failed"
    if outcome == "ok":
        return "ok"
    if outcome == "refused" and group in ALIVE_WHEN_REFUSED:
        return "alive"
    return "failed"


@dataclass(frozen=True)
class Sample:
    outcome: str
    ms: float | None


@dataclass(frozen=True)
class Result:
    """One ProbeResult, with every field coerced to its documented type."""

    group: str
    target: str
    outcome: str
    ms: float | None
    samples: tuple[Sample, ...]
    data: Mapping[str, Any]
    detail: str = ""

    @property
    def measured(self) -> bool:
        return self.outcome != "skipped"

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def answered(self) -> bool:
        """Connected or refused (TCP), or answered at all (DNS/HTTP): the far end is alive. A direct DNS query is
        answered only by a DNS response (an rcode): "refused" without one is an ICMP port unreachable, which any
        router on the way can send."""
        if self.group in DNS_QUERY_GROUPS:
            return isinstance(self.data.get("rcode"), str) and self.outcome not in ("timeout", "unreachable", *NOT_RUN)
        if self.group in FETCH_GROUPS and self.outcome == "refused":
            return False  # a RST to a web request proves nothing listens (or a filter rejects), not that it works
        return self.outcome in ANSWERED or any(s.outcome in ANSWERED for s in self.samples)

    @property
    def attempts(self) -> tuple[int, int]:
        """(answered, sent): from `data`, else from the samples, else 1 attempt."""
        answered, sent = _int(self.data.get("answered")), _int(self.data.get("sent"))
        if answered is not None and sent is not None and 0 <= answered <= sent:
            return answered, sent
        if self.samples:
            return sum(s.outcome in ANSWERED for s in self.samples), len(self.samples)
        return int(self.answered), 1

    @property
    def answer_ms(self) -> list[float]:
        """Times of the answered samples (or the result's median when there are no samples)."""
        times = [s.ms for s in self.samples if s.outcome in ANSWERED and s.ms is not None]
        if not times and self.answered and self.ms is not None:
            times = [self.ms]
        return times

    @property
    def host(self) -> str:
        """The address probed: a DNS query's `data.server` (its target may read "name @ server"), else the target's
        host part."""
        server = _text(self.data.get("server"))
        if server:
            return server
        return _split_target(self.target.rpartition(" @ ")[2])[0]

    @property
    def port(self) -> int | None:
        return _split_target(self.target)[1]


@dataclass(frozen=True)
class Interface:
    name: str
    up: bool | None
    carrier: bool | None
    kind: str

    @property
    def loopback(self) -> bool:
        return self.kind == "loopback" or self.name in LOOPBACK_NAMES


@dataclass(frozen=True)
class Probes:
    targets: Mapping[str, Any]
    local: Mapping[str, Any]
    results: tuple[Result, ...]

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Probes:
        results = tuple(r for r in (_parse_result(x) for x in _seq(raw.get("results"))) if r is not None)
        return cls(_map(raw.get("targets")), _map(raw.get("local")), results)

    def measured(self, *groups: str) -> list[Result]:
        return [r for r in self.results if r.group in groups and r.measured]

    def answered(self, *groups: str) -> list[Result]:
        return [r for r in self.measured(*groups) if r.answered]

    def ok(self, *groups: str) -> list[Result]:
        return [r for r in self.measured(*groups) if r.ok]

    @property
    def service(self) -> Mapping[str, Any]:
        return _map(self.targets.get("service"))


def _parse_result(raw: Any) -> Result | None:
    if not isinstance(raw, Mapping):
        return None
    group, outcome = _text(raw.get("group")), _text(raw.get("outcome"))
    if group is None or outcome is None:
        return None
    if outcome not in OUTCOMES:  # a contract violation: conclude nothing from it
        outcome = "skipped"
    samples = tuple(
        Sample(o if (o := _text(s.get("outcome"))) in OUTCOMES else "error", _num(s.get("ms")))
        for s in _seq(raw.get("samples"))
        if isinstance(s, Mapping)
    )
    return Result(
        group,
        _text(raw.get("target")) or "",
        outcome,
        _num(raw.get("ms")),
        samples,
        _map(raw.get("data")),
        _text(raw.get("detail")) or "",
    )


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any) -> list[str]:
    return [t for t in (_text(v) for v in _seq(value)) if t is not None]


def _num(value: Any) -> float | None:
    """A finite number (not a bool, NaN, infinity or an int too big for a float), else None."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None else None


def _split_target(target: str) -> tuple[str, int | None]:
    """'203.0.113.64:443' / '[2001:db8::1]:443' / '2001:db8::1' / 'host' → (host, port)."""
    if target.startswith("["):
        host, _, rest = target[1:].partition("]")
        return host, _port(rest[1:] if rest.startswith(":") else "")
    if target.count(":") == 1:
        host, _, port = target.partition(":")
        return host, _port(port)
    return target, None


def _port(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
