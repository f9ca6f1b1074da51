"""Where does the path to a host stop? A tracepath-style probe that needs no root (Linux).

One connected UDP socket per TTL 1..max_hops, all sent at once (hop n to `port + n`), each with `IP_RECVERR`
(`IPV6_RECVERR`) on: the ICMP errors routers send back (time exceeded, unreachable) land in that socket's
error queue, which `recvmsg(..., MSG_ERRQUEUE)` reads as a `struct sock_extended_err` followed by the
offender's sockaddr. Unprivileged: no raw socket. Hops that have not answered are asked again after a short gap.
The probe follows docs/probes.md: it takes an absolute `until` (event-loop time), never runs past it, never
raises, and returns a `netprobe.result` dict; `data` holds the hops (see `summarize`).

The pure parts (`parse_extended_err`, `parse_cmsgs`, `classify`, `summarize`) work on bytes and plain values.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import math
import os
import socket
import struct
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reportkit.collectors import netprobe

Result = dict[str, Any]

PLATFORM = sys.platform  # read at call time, so a test can stand in for another OS

# Linux constants (<linux/in.h>, <linux/in6.h>, <linux/errqueue.h>, <bits/socket.h>); Python lacks some of them.
SOL_IP: int = getattr(socket, "SOL_IP", 0)
SOL_IPV6: int = getattr(socket, "SOL_IPV6", getattr(socket, "IPPROTO_IPV6", 41))
IP_TTL: int = getattr(socket, "IP_TTL", 2)
IP_RECVERR: int = getattr(socket, "IP_RECVERR", 11)
IP_RECVTTL: int = getattr(socket, "IP_RECVTTL", 12)
IPV6_UNICAST_HOPS: int = getattr(socket, "IPV6_UNICAST_HOPS", 16)
IPV6_RECVERR: int = getattr(socket, "IPV6_RECVERR", 25)
MSG_ERRQUEUE: int = getattr(socket, "MSG_ERRQUEUE", 0x2000)
SO_EE_ORIGIN_NONE = 0
SO_EE_ORIGIN_LOCAL = 1
SO_EE_ORIGIN_ICMP = 2
SO_EE_ORIGIN_ICMP6 = 3
AF_INET = 2  # Linux values, as they appear in the offender's sockaddr
AF_INET6 = 10

# struct sock_extended_err: __u32 ee_errno; __u8 ee_origin, ee_type, ee_code, ee_pad; __u32 ee_info, ee_data
# (host byte order, no padding), then SO_EE_OFFENDER: a sockaddr_in / sockaddr_in6 (family in host order).
EXTENDED_ERR = struct.Struct("=IBBBBII")

KINDS = (
    "time-exceeded",
    "port-unreachable",
    "udp-reply",
    "host-unreachable",
    "net-unreachable",
    "admin-prohibited",
    "other-icmp",
    "local-error",
)
REACHED_KINDS = frozenset({"port-unreachable", "udp-reply"})  # the destination itself answered
FINAL_KINDS = REACHED_KINDS | {"host-unreachable", "net-unreachable", "admin-prohibited", "local-error"}

UNSUPPORTED_DETAIL = "path tracing needs Linux IP_RECVERR"
_PAYLOAD_TAG = b"reportkit-trace"
_MAX_GAP = 0.2  # a hop that has not answered is asked again this soon
_ANC_SIZE = 512
_WORDS = {
    "host-unreachable": "host unreachable",
    "net-unreachable": "net unreachable",
    "admin-prohibited": "administratively prohibited",
}


@dataclass(frozen=True)
class ExtendedError:
    """One `struct sock_extended_err` and its offender (None when the kernel gave no address)."""

    errno: int
    origin: int
    type: int
    code: int
    info: int
    data: int
    offender: str | None


@dataclass(frozen=True)
class Answer:
    """What came back for one TTL."""

    kind: str
    address: str | None
    ms: float | None
    error: str | None = None  # the local error's text (local-error only)


# --------------------------------------------------------------------------- pure helpers


def _offender(raw: bytes) -> str | None:
    if len(raw) < 2:
        return None
    (family,) = struct.unpack_from("=H", raw)
    if family == AF_INET and len(raw) >= 8:
        return socket.inet_ntop(socket.AF_INET, raw[4:8])
    if family == AF_INET6 and len(raw) >= 24:
        return socket.inet_ntop(socket.AF_INET6, raw[8:24])
    return None


def parse_extended_err(raw: bytes) -> ExtendedError | None:
    """The payload of one IP_RECVERR / IPV6_RECVERR control message; None when it is too short."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        return None
    raw = bytes(raw)
    if len(raw) < EXTENDED_ERR.size:
        return None
    ee_errno, origin, icmp_type, code, _pad, info, data = EXTENDED_ERR.unpack_from(raw)
    return ExtendedError(ee_errno, origin, icmp_type, code, info, data, _offender(raw[EXTENDED_ERR.size :]))


def parse_cmsgs(ancdata: Iterable[Any]) -> ExtendedError | None:
    """The first extended error in `recvmsg`'s ancillary data [(level, type, data), ...]; garbage is skipped."""
    wanted = {(SOL_IP, IP_RECVERR), (SOL_IPV6, IPV6_RECVERR)}
    try:
        items = list(ancdata)
    except TypeError:
        return None
    for item in items:
        if not isinstance(item, tuple) or len(item) != 3:
            continue
        level, kind, raw = item
        if (level, kind) in wanted:
            parsed = parse_extended_err(raw)
            if parsed is not None:
                return parsed
    return None


def classify(origin: int, icmp_type: int, code: int) -> str | None:
    """The hop kind of an extended error; None for origins that are not about the path (e.g. timestamps)."""
    if origin == SO_EE_ORIGIN_LOCAL:
        return "local-error"
    if origin == SO_EE_ORIGIN_ICMP:
        if icmp_type == 11:
            return "time-exceeded"
        if icmp_type == 3:
            if code in (0, 6, 11):  # net unreachable / unknown / for TOS
                return "net-unreachable"
            if code in (1, 7, 12):  # host unreachable / unknown / for TOS
                return "host-unreachable"
            if code == 3:
                return "port-unreachable"
            if code in (9, 10, 13):  # net / host / communication administratively prohibited
                return "admin-prohibited"
        return "other-icmp"
    if origin == SO_EE_ORIGIN_ICMP6:
        if icmp_type == 3:
            return "time-exceeded"
        if icmp_type == 1:
            return {
                0: "net-unreachable",  # no route to destination
                1: "admin-prohibited",
                3: "host-unreachable",  # address unreachable
                4: "port-unreachable",
                5: "admin-prohibited",  # source address failed ingress/egress policy
                6: "admin-prohibited",  # reject route to destination
            }.get(code, "other-icmp")
        return "other-icmp"
    return None


def _same_address(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return ipaddress.ip_address(a.split("%", 1)[0]) == ipaddress.ip_address(b.split("%", 1)[0])
    except ValueError:
        return False


def _hops(n: int) -> str:
    return f"{n} hop" if n == 1 else f"{n} hops"


def _at(answer: Answer, ttl: int) -> str:
    return f"{answer.address or 'an unknown address'} (hop {ttl})"


def empty_data(host: str, *, supported: bool = True) -> dict[str, Any]:
    return {
        "toward": host,
        "hops": [],
        "reached": False,
        "last_hop": None,
        "stopped_after": None,
        "supported": supported,
    }


def summarize(
    host: str, max_hops: int, answers: Mapping[int, Answer], address: str | None = None
) -> tuple[str, str, float | None, dict[str, Any]]:
    """(outcome, detail, ms, data) from what each TTL answered; TTLs that are not keys stayed silent.

    `address` is the destination as traced (`host` normalised: no brackets, IPv4-mapped as IPv4).

    Hops are listed up to the first final answer (the destination, an unreachable, a local error), or when
    there is none up to the last hop that answered plus one silent hop. A port unreachable that does not come
    from the destination itself is a router rejecting the probe (a firewall REJECT), not the destination.
    """
    answers = {ttl: a for ttl, a in answers.items() if 1 <= ttl <= max_hops}
    finals = [ttl for ttl, a in answers.items() if a.kind in FINAL_KINDS]
    final_ttl = min(finals) if finals else None
    shown = final_ttl if final_ttl is not None else min(max_hops, max(answers, default=0) + 1)
    hops = []
    for ttl in range(1, shown + 1):
        a = answers.get(ttl)
        hops.append(
            {
                "ttl": ttl,
                "address": a.address if a else None,
                "ms": None if a is None or a.ms is None else round(a.ms, 1),
                "kind": a.kind if a else None,
            }
        )
    data = empty_data(host)
    data["hops"] = hops
    before = [ttl for ttl in answers if final_ttl is None or ttl < final_ttl]
    prior = max(before, default=None)

    def hop_ref(ttl: int | None) -> dict[str, Any] | None:
        return None if ttl is None else {"ttl": ttl, "address": answers[ttl].address}

    if final_ttl is not None:
        final = answers[final_ttl]
        from_destination = final.kind == "udp-reply" or _same_address(final.address, address or host)
        if final.kind in REACHED_KINDS and from_destination:
            data.update(reached=True, last_hop=hop_ref(prior), stopped_after=None)
            return "ok", f"reached {host} in {_hops(final_ttl)}", final.ms, data
        if final.kind == "local-error":
            data.update(last_hop=hop_ref(prior), stopped_after=answers[prior].address if prior else None)
            reason = final.error or "local error"
            where = "" if final_ttl == 1 else f" at hop {final_ttl}"
            return "unreachable", f"this host cannot send toward {host}{where}: {reason}", None, data
        data.update(last_hop=hop_ref(final_ttl), stopped_after=final.address)
        if final.kind == "port-unreachable":
            detail = f"{_at(final, final_ttl)} rejects the probe (port unreachable from a router, not from {host})"
        else:
            detail = f"{_at(final, final_ttl)} says {_WORDS.get(final.kind, final.kind)}"
        return "unreachable", detail, None, data
    if prior is None:
        return "timeout", f"no answer from any hop (1-{max_hops})", None, data
    last = answers[prior]
    data.update(last_hop=hop_ref(prior), stopped_after=last.address)
    if prior >= max_hops:
        return "timeout", f"not reached within {_hops(max_hops)}; last answer from {_at(last, prior)}", None, data
    return "timeout", f"stops after {_at(last, prior)}; no answer from hop {prior + 1} on", None, data


# --------------------------------------------------------------------------- the probe


class _Bad(Exception):
    """A one-line reason the trace cannot run (bad argument, no IP_RECVERR)."""

    def __init__(self, detail: str, outcome: str = "error", supported: bool = True) -> None:
        super().__init__(detail)
        self.detail = detail
        self.outcome = outcome
        self.supported = supported


def _one_line(text: object, limit: int = 60) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _destination(host: object) -> tuple[int, tuple[Any, ...]]:
    """(family, sockaddr without the port) of an IP literal; names are not resolved here."""
    if not isinstance(host, str):
        raise _Bad(f"not an IP address: {_one_line(host)}")
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        address = ipaddress.ip_address(literal)
    except ValueError:
        raise _Bad(f"not an IP address: {_one_line(host)} (give an IPv4 or IPv6 literal)") from None
    if address.is_multicast or address.is_unspecified or str(address) == "255.255.255.255":
        raise _Bad(f"not a unicast address: {_one_line(host)}")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # traced as IPv4: TTL and errors are the IPv4 ones
        literal = str(address)
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        info = socket.getaddrinfo(literal, 0, family, socket.SOCK_DGRAM, 0, socket.AI_NUMERICHOST)
    except (OSError, UnicodeError) as exc:
        raise _Bad(f"not a usable address: {_one_line(host)} ({exc})") from None
    return family, tuple(info[0][4])


def _check_args(max_hops: object, port: object, probes_per_hop: object, hop_timeout: object) -> None:
    """Raise _Bad unless every argument is sane (callers may pass anything)."""
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not 1 <= max_hops <= 255:
        raise _Bad(f"max_hops must be 1-255, not {_one_line(max_hops)}")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535 - max_hops:
        raise _Bad(f"port must be 1-{65535 - max_hops} (hop n probes port + n), not {_one_line(port)}")
    if isinstance(probes_per_hop, bool) or not isinstance(probes_per_hop, int) or not 1 <= probes_per_hop <= 10:
        raise _Bad(f"probes_per_hop must be 1-10, not {_one_line(probes_per_hop)}")
    if (
        isinstance(hop_timeout, bool)
        or not isinstance(hop_timeout, int | float)
        or not math.isfinite(hop_timeout)
        or hop_timeout <= 0
    ):
        raise _Bad(f"hop_timeout must be a positive number of seconds, not {_one_line(hop_timeout)}")


@dataclass
class _Hop:
    ttl: int
    sock: socket.socket
    sent: dict[int, float] = field(default_factory=dict)  # attempt -> loop time
    reading: bool = False


class _Trace:
    """The sockets of one trace and what came back; `close` releases everything."""

    def __init__(self, family: int, sockaddr: tuple[Any, ...], host: str, port: int) -> None:
        self.loop = asyncio.get_running_loop()
        self.family = family
        self.sockaddr = sockaddr
        self.host = host
        self.port = port
        self.hops: dict[int, _Hop] = {}
        self.answers: dict[int, Answer] = {}
        self.wake = asyncio.Event()
        self.local: str | None = None

    def open(self, max_hops: int) -> None:
        v6 = self.family == socket.AF_INET6
        level = SOL_IPV6 if v6 else SOL_IP
        for ttl in range(1, max_hops + 1):
            try:
                sock = socket.socket(self.family, socket.SOCK_DGRAM)
            except PermissionError as exc:
                raise _Bad(
                    f"UDP sockets not permitted for this user ({exc.strerror or exc})", "not-permitted"
                ) from None
            hop = self.hops[ttl] = _Hop(ttl, sock)
            sock.setblocking(False)
            try:
                sock.setsockopt(level, IPV6_RECVERR if v6 else IP_RECVERR, 1)
            except OSError as exc:
                raise _Bad(f"{UNSUPPORTED_DETAIL} ({exc.strerror or exc})", supported=False) from None
            sock.setsockopt(level, IPV6_UNICAST_HOPS if v6 else IP_TTL, ttl)
            try:
                sock.connect((self.sockaddr[0], self.port + ttl, *self.sockaddr[2:]))
            except OSError as exc:
                if exc.errno in netprobe.UNREACHABLE or exc.errno in (errno.EPERM, errno.EACCES):
                    self.answers[ttl] = Answer("local-error", None, None, exc.strerror or str(exc))
                    continue
                raise
            if self.local is None:
                with contextlib.suppress(OSError):
                    self.local = str(sock.getsockname()[0])
            self.loop.add_reader(sock.fileno(), self._ready, hop)
            hop.reading = True

    def close(self) -> None:
        for hop in self.hops.values():
            self._stop_reading(hop)
            hop.sock.close()

    def _stop_reading(self, hop: _Hop) -> None:
        if hop.reading:
            hop.reading = False
            with contextlib.suppress(Exception):
                self.loop.remove_reader(hop.sock.fileno())

    def send(self, hop: _Hop, attempt: int) -> None:
        if hop.ttl in self.answers or not hop.reading:
            return
        hop.sent[attempt] = self.loop.time()
        try:
            hop.sock.send(_PAYLOAD_TAG + b" ttl=%d try=%d" % (hop.ttl, attempt))
        except (BlockingIOError, InterruptedError):
            hop.sent.pop(attempt, None)
        except ConnectionRefusedError:
            self._ready(hop)  # an earlier answer is still queued: read it
        except OSError as exc:  # no route, a local firewall (EPERM), ...
            self._record(hop, Answer("local-error", None, None, exc.strerror or str(exc)))

    def _ms(self, hop: _Hop, payload: bytes, now: float) -> float | None:
        started = None
        if _PAYLOAD_TAG in payload:  # the quoted probe (or a service echoing it) says which try it was
            with contextlib.suppress(ValueError, IndexError):
                started = hop.sent.get(int(payload.rsplit(b"try=", 1)[1].split()[0]))
        if started is None and hop.sent:
            started = hop.sent[max(hop.sent)]  # routers that quote no payload: the latest probe
        return None if started is None else max(0.0, (now - started) * 1000)

    def _answer(self, hop: _Hop, ee: ExtendedError, payload: bytes, now: float) -> Answer | None:
        kind = classify(ee.origin, ee.type, ee.code)
        if kind is None:
            return None
        if kind == "local-error" or (
            kind in ("host-unreachable", "net-unreachable") and _same_address(ee.offender, self.local)
        ):  # e.g. the neighbour (ARP/ND) lookup failed: this host said so, not a router
            return Answer("local-error", None, None, os.strerror(ee.errno) if ee.errno else kind.replace("-", " "))
        return Answer(kind, ee.offender, self._ms(hop, payload, now))

    def _ready(self, hop: _Hop) -> None:
        if hop.ttl in self.answers:
            self._stop_reading(hop)
            return
        now = self.loop.time()
        sock = hop.sock
        try:
            while hop.ttl not in self.answers:
                try:
                    payload, ancdata, _flags, _addr = sock.recvmsg(_ANC_SIZE, _ANC_SIZE, MSG_ERRQUEUE)
                except (BlockingIOError, InterruptedError):
                    break
                ee = parse_cmsgs(ancdata)
                answer = None if ee is None else self._answer(hop, ee, payload, now)
                if answer is not None:
                    self._record(hop, answer)
            if hop.ttl not in self.answers:
                try:
                    reply = sock.recv(2048)  # a UDP service on the destination answered
                except (BlockingIOError, InterruptedError):
                    pass
                except ConnectionRefusedError:  # the error arrived without its queue entry
                    self._record(hop, Answer("port-unreachable", None, self._ms(hop, b"", now)))
                else:
                    self._record(hop, Answer("udp-reply", self.sockaddr[0], self._ms(hop, reply, now)))
            if hop.ttl not in self.answers:
                pending = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)  # clears it: no busy wake-ups
                if pending == errno.ECONNREFUSED:
                    self._record(hop, Answer("port-unreachable", None, self._ms(hop, b"", now)))
                elif pending:
                    self._record(hop, Answer("local-error", None, None, os.strerror(pending)))
        except OSError as exc:
            self._record(hop, Answer("local-error", None, None, exc.strerror or str(exc)))

    def _record(self, hop: _Hop, answer: Answer) -> None:
        if hop.ttl not in self.answers:
            self.answers[hop.ttl] = answer
        self._stop_reading(hop)
        self.wake.set()

    def final_ttl(self) -> int | None:
        return min((ttl for ttl, a in self.answers.items() if a.kind in FINAL_KINDS), default=None)

    def pending(self) -> list[int]:
        final = self.final_ttl()
        return [ttl for ttl in self.hops if ttl not in self.answers and (final is None or ttl < final)]

    async def run(self, until: float, probes_per_hop: int, hop_timeout: float) -> None:
        """Send every TTL at once, retry the silent ones, stop when nothing is pending or time is up."""
        start = self.loop.time()
        gap = min(_MAX_GAP, hop_timeout / probes_per_hop)
        end = min(until, start + (probes_per_hop - 1) * gap + hop_timeout)
        attempt, next_send = 0, start
        grace_end: float | None = None
        while True:
            now = self.loop.time()
            if attempt < probes_per_hop and now >= next_send:
                for ttl in self.pending():
                    self.send(self.hops[ttl], attempt)
                attempt += 1
                next_send = start + attempt * gap
            if not self.pending():
                return
            final = self.final_ttl()
            if final is not None and grace_end is None:
                # The destination (or a final no) answered; lower hops still silent get one more chance,
                # then the trace stops without waiting for the whole budget.
                ms = self.answers[final].ms
                grace = min(hop_timeout, max(0.1, 3 * (ms or 0.0) / 1000))
                grace_end = now + grace
                if attempt < probes_per_hop:
                    next_send = min(next_send, now + grace / 2)
            stop_at = end if grace_end is None else min(end, grace_end)
            if now >= stop_at:
                return
            wait_until = min(stop_at, next_send) if attempt < probes_per_hop else stop_at
            self.wake.clear()
            with contextlib.suppress(asyncio.TimeoutError, TimeoutError):
                await asyncio.wait_for(self.wake.wait(), max(0.0, wait_until - now))


async def trace_probe(
    group: str,
    host: str,
    *,
    until: float,
    max_hops: int = 10,
    port: int = 33434,
    probes_per_hop: int = 2,
    hop_timeout: float = 1.0,
) -> Result:
    """Trace the UDP path to the IP literal `host`: which hops answer, and where the path stops.

    Outcome `ok` = the destination answered (port unreachable or a UDP reply); `unreachable` = a router said
    host/net unreachable or administratively prohibited, or this host cannot send; `timeout` = the path goes
    silent (or nothing answered before `until`); `error` = bad argument, socket failure, or no IP_RECVERR.
    """
    rid = f"{group}:trace:{host}"
    shown = host if isinstance(host, str) and host.isprintable() and len(host) <= 100 else _one_line(host)
    try:
        ports = f" to ports {port + 1}-{port + max_hops}"
    except TypeError:
        ports = ""
    sent = f"UDP path trace to {shown}, TTL 1-{max_hops}{ports}, {probes_per_hop} probes per hop"
    loop = asyncio.get_running_loop()
    try:
        _check_args(max_hops, port, probes_per_hop, hop_timeout)
        family, sockaddr = _destination(host)
        if not PLATFORM.startswith("linux") or not hasattr(socket.socket, "recvmsg"):
            raise _Bad(UNSUPPORTED_DETAIL, supported=False)
        if not until - loop.time() > 0:
            return netprobe.result(
                rid, group, host, sent, "timeout", "no time left: nothing sent", data=empty_data(host)
            )
        trace = _Trace(family, sockaddr, host, port)
        try:
            trace.open(max_hops)
            await trace.run(until, probes_per_hop, hop_timeout)
        finally:
            trace.close()
        outcome, detail, ms, data = summarize(host, max_hops, trace.answers, str(sockaddr[0]))
        return netprobe.result(rid, group, host, sent, outcome, detail, ms=ms, data=data)
    except asyncio.CancelledError:
        raise
    except _Bad as bad:
        return netprobe.result(
            rid, group, str(host), sent, bad.outcome, bad.detail, data=empty_data(str(host), supported=bad.supported)
        )
    except Exception as exc:
        text = " ".join(str(getattr(exc, "strerror", None) or exc or type(exc).__name__).split())
        return netprobe.result(rid, group, str(host), sent, "error", f"failed: {text}", data=empty_data(str(host)))
