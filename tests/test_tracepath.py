"""The path-tracing probe: real traces on loopback only, and the pure parsing/summary on crafted bytes."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import os
import socket
import struct
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fixtures import ipv6_loopback

from reportkit.collectors import tracepath
from reportkit.collectors.tracepath import Answer, classify, parse_cmsgs, parse_extended_err, summarize

LINUX_ONLY = pytest.mark.skipif(not tracepath.PLATFORM.startswith("linux"), reason="IP_RECVERR is Linux only")


def trace(host: str, seconds: float = 3.0, **kwargs: Any) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        until = asyncio.get_running_loop().time() + seconds
        return await tracepath.trace_probe("path", host, until=until, **kwargs)

    return asyncio.run(go())


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@contextlib.contextmanager
def udp_ports(count: int, host: str = "127.0.0.1") -> Iterator[tuple[int, list[socket.socket]]]:
    """`count` bound UDP sockets on consecutive ports P+1..P+count that never answer; yields (P, sockets)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(50):
        socks: list[socket.socket] = []
        try:
            first = socket.socket(family, socket.SOCK_DGRAM)
            socks.append(first)
            first.bind((host, 0))
            base = first.getsockname()[1] - 1
            if base + count > 65535:
                raise OSError("too high")
            for n in range(2, count + 1):
                sock = socket.socket(family, socket.SOCK_DGRAM)
                socks.append(sock)
                sock.bind((host, base + n))
        except OSError:
            for sock in socks:
                sock.close()
            continue
        try:
            for sock in socks:
                sock.setblocking(False)
            yield base, socks
        finally:
            for sock in socks:
                sock.close()
        return
    pytest.skip("no run of free consecutive UDP ports on loopback")


def closed_base(host: str = "127.0.0.1") -> int:
    """A port P such that nothing listens on P+1 (hop 1 probes port + 1)."""
    with udp_ports(1, host) as (base, _socks):
        return base  # closed once the context ends


def received(sock: socket.socket) -> list[bytes]:
    got = []
    with contextlib.suppress(BlockingIOError):
        while True:
            got.append(sock.recv(2048))
    return got


# --------------------------------------------------------------------------- crafted error-queue bytes


def ee_bytes(ee_errno: int, origin: int, icmp_type: int, code: int, offender: bytes = b"") -> bytes:
    return struct.pack("=IBBBBII", ee_errno, origin, icmp_type, code, 0, 0, 0) + offender


def sin(address: str, port: int = 0) -> bytes:
    return struct.pack("=H", socket.AF_INET) + struct.pack("!H", port) + socket.inet_aton(address) + b"\0" * 8


def sin6(address: str, port: int = 0) -> bytes:
    return (
        struct.pack("=H", tracepath.AF_INET6)
        + struct.pack("!HI", port, 0)
        + socket.inet_pton(socket.AF_INET6, address)
        + struct.pack("=I", 0)
    )


V4 = [
    (11, 0, "time-exceeded"),
    (3, 0, "net-unreachable"),
    (3, 1, "host-unreachable"),
    (3, 3, "port-unreachable"),
    (3, 9, "admin-prohibited"),
    (3, 10, "admin-prohibited"),
    (3, 13, "admin-prohibited"),
    (3, 4, "other-icmp"),  # fragmentation needed
    (12, 0, "other-icmp"),  # parameter problem
]
V6 = [
    (3, 0, "time-exceeded"),
    (1, 0, "net-unreachable"),
    (1, 1, "admin-prohibited"),
    (1, 3, "host-unreachable"),
    (1, 4, "port-unreachable"),
    (2, 0, "other-icmp"),  # packet too big
]


@pytest.mark.parametrize(("icmp_type", "code", "kind"), V4)
def test_ipv4_cmsg_is_parsed_and_classified(icmp_type: int, code: int, kind: str) -> None:
    raw = ee_bytes(errno.EHOSTUNREACH, tracepath.SO_EE_ORIGIN_ICMP, icmp_type, code, sin("198.51.100.1", 33435))
    ee = parse_cmsgs([(tracepath.SOL_IP, tracepath.IP_RECVERR, raw)])
    assert ee is not None
    assert (ee.errno, ee.origin, ee.type, ee.code, ee.offender) == (
        errno.EHOSTUNREACH,
        tracepath.SO_EE_ORIGIN_ICMP,
        icmp_type,
        code,
        "198.51.100.1",
    )
    assert classify(ee.origin, ee.type, ee.code) == kind


@pytest.mark.parametrize(("icmp_type", "code", "kind"), V6)
def test_ipv6_cmsg_is_parsed_and_classified(icmp_type: int, code: int, kind: str) -> None:
    raw = ee_bytes(errno.ECONNREFUSED, tracepath.SO_EE_ORIGIN_ICMP6, icmp_type, code, sin6("2001:db8::1"))
    ee = parse_cmsgs([(tracepath.SOL_IPV6, tracepath.IPV6_RECVERR, raw)])
    assert ee is not None
    assert (ee.origin, ee.type, ee.code, ee.offender) == (tracepath.SO_EE_ORIGIN_ICMP6, icmp_type, code, "2001:db8::1")
    assert classify(ee.origin, ee.type, ee.code) == kind


def test_local_origin_and_foreign_origins() -> None:
    raw = ee_bytes(errno.EMSGSIZE, tracepath.SO_EE_ORIGIN_LOCAL, 0, 0, b"\0" * 16)  # zeroed offender
    ee = parse_extended_err(raw)
    assert ee is not None and ee.offender is None and ee.errno == errno.EMSGSIZE
    assert classify(tracepath.SO_EE_ORIGIN_LOCAL, 0, 0) == "local-error"
    assert classify(4, 0, 0) is None  # timestamping: not about the path
    assert classify(tracepath.SO_EE_ORIGIN_NONE, 0, 0) is None


def test_other_control_messages_are_skipped_for_the_error() -> None:
    error = ee_bytes(0, tracepath.SO_EE_ORIGIN_ICMP, 11, 0, sin("198.51.100.9"))
    ttl_cmsg = (tracepath.SOL_IP, tracepath.IP_RECVTTL, struct.pack("=i", 63))
    ee = parse_cmsgs([ttl_cmsg, (tracepath.SOL_IP, tracepath.IP_RECVERR, error)])
    assert ee is not None and ee.offender == "198.51.100.9"


@pytest.mark.parametrize(
    "ancdata",
    [
        [],
        [(tracepath.SOL_IP, tracepath.IP_RECVERR, b"")],
        [(tracepath.SOL_IP, tracepath.IP_RECVERR, b"\x01\x02\x03")],  # truncated header
        [(tracepath.SOL_IP, tracepath.IP_RECVERR, ee_bytes(0, 2, 11, 0)[:15])],
        [(tracepath.SOL_IPV6, tracepath.IPV6_RECVERR, "not bytes")],
        [(tracepath.SOL_IP, tracepath.IP_RECVERR)],  # wrong shape
        ["garbage", None, 42, (1, 2, 3, 4)],
        None,
        42,
    ],
)
def test_truncated_or_garbage_cmsg_gives_none(ancdata: Any) -> None:
    assert parse_cmsgs(ancdata) is None


def test_truncated_offender_keeps_the_error_without_an_address() -> None:
    raw = ee_bytes(0, tracepath.SO_EE_ORIGIN_ICMP, 11, 0, sin("198.51.100.1")[:6])  # address cut short
    ee = parse_cmsgs([(tracepath.SOL_IP, tracepath.IP_RECVERR, raw)])
    assert ee is not None and ee.type == 11 and ee.offender is None
    six = ee_bytes(0, tracepath.SO_EE_ORIGIN_ICMP6, 3, 0, sin6("2001:db8::1")[:20])
    assert parse_extended_err(six) is not None
    assert parse_extended_err(six).offender is None  # type: ignore[union-attr]
    unknown_family = ee_bytes(0, 2, 11, 0, struct.pack("=H", 99) + b"\1" * 14)
    assert parse_extended_err(unknown_family).offender is None  # type: ignore[union-attr]


# --------------------------------------------------------------------------- summary (pure)


def test_summary_path_stops_silently_after_a_router() -> None:
    answers = {1: Answer("time-exceeded", "198.51.100.1", 1.23)}
    outcome, detail, ms, data = summarize("203.0.113.10", 10, answers)
    assert (outcome, ms) == ("timeout", None)
    assert detail == "stops after 198.51.100.1 (hop 1); no answer from hop 2 on"
    assert data["hops"] == [
        {"ttl": 1, "address": "198.51.100.1", "ms": 1.2, "kind": "time-exceeded"},
        {"ttl": 2, "address": None, "ms": None, "kind": None},
    ]
    assert data["reached"] is False
    assert data["last_hop"] == {"ttl": 1, "address": "198.51.100.1"}
    assert data["stopped_after"] == "198.51.100.1"
    assert data["toward"] == "203.0.113.10" and data["supported"] is True


def test_summary_reached_drops_hops_beyond_the_destination() -> None:
    answers = {
        1: Answer("time-exceeded", "198.51.100.1", 0.5),
        3: Answer("time-exceeded", "198.51.100.33", 2.0),  # hop 2 is a silent router
        4: Answer("port-unreachable", "203.0.113.10", 3.0),
        5: Answer("port-unreachable", "203.0.113.10", 3.1),
        6: Answer("port-unreachable", "203.0.113.10", 3.2),
    }
    outcome, detail, ms, data = summarize("203.0.113.10", 10, answers)
    assert (outcome, detail, ms) == ("ok", "reached 203.0.113.10 in 4 hops", 3.0)
    assert [h["ttl"] for h in data["hops"]] == [1, 2, 3, 4]
    assert data["hops"][1] == {"ttl": 2, "address": None, "ms": None, "kind": None}
    assert data["reached"] is True
    assert data["last_hop"] == {"ttl": 3, "address": "198.51.100.33"}
    assert data["stopped_after"] is None


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("host-unreachable", "says host unreachable"),
        ("net-unreachable", "says net unreachable"),
        ("admin-prohibited", "says administratively prohibited"),
    ],
)
def test_summary_router_says_unreachable(kind: str, words: str) -> None:
    answers = {1: Answer("time-exceeded", "198.51.100.1", 1), 2: Answer(kind, "198.51.100.17", 2)}
    answers.update({n: Answer(kind, "198.51.100.17", 2) for n in range(3, 11)})
    outcome, detail, _ms, data = summarize("203.0.113.10", 10, answers)
    assert outcome == "unreachable"
    assert detail == f"198.51.100.17 (hop 2) {words}"
    assert [h["kind"] for h in data["hops"]] == ["time-exceeded", kind]
    assert data["last_hop"] == {"ttl": 2, "address": "198.51.100.17"}
    assert data["stopped_after"] == "198.51.100.17" and data["reached"] is False


def test_summary_port_unreachable_from_a_router_is_a_reject_not_the_destination() -> None:
    answers = {1: Answer("port-unreachable", "198.51.100.1", 1.0)}
    outcome, detail, _ms, data = summarize("203.0.113.10", 10, answers)
    assert outcome == "unreachable" and data["reached"] is False
    assert detail.startswith("198.51.100.1 (hop 1) rejects the probe")


def test_summary_local_error_nothing_answered_and_too_long() -> None:
    outcome, detail, _ms, data = summarize("203.0.113.10", 10, {1: Answer("local-error", None, None, "No route")})
    assert (outcome, detail) == ("unreachable", "this host cannot send toward 203.0.113.10: No route")
    assert data["hops"] == [{"ttl": 1, "address": None, "ms": None, "kind": "local-error"}]
    assert data["last_hop"] is None and data["stopped_after"] is None

    outcome, detail, _ms, data = summarize("203.0.113.10", 10, {})
    assert (outcome, detail) == ("timeout", "no answer from any hop (1-10)")
    assert data["hops"] == [{"ttl": 1, "address": None, "ms": None, "kind": None}]
    assert data["last_hop"] is None

    routers = {n: Answer("time-exceeded", f"198.51.100.{n}", float(n)) for n in range(1, 4)}
    outcome, detail, _ms, data = summarize("203.0.113.10", 3, routers)
    assert (outcome, detail) == ("timeout", "not reached within 3 hops; last answer from 198.51.100.3 (hop 3)")
    assert len(data["hops"]) == 3 and data["stopped_after"] == "198.51.100.3"


# --------------------------------------------------------------------------- real traces on loopback


@LINUX_ONLY
def test_trace_to_ipv4_loopback_is_reached_at_hop_1() -> None:
    started = time.monotonic()
    result = trace("127.0.0.1", port=closed_base())
    assert time.monotonic() - started < 1.0
    assert result["outcome"] == "ok", result
    assert result["id"] == "path:trace:127.0.0.1" and result["group"] == "path" and result["target"] == "127.0.0.1"
    data = result["data"]
    assert data["hops"] == [{"ttl": 1, "address": "127.0.0.1", "ms": data["hops"][0]["ms"], "kind": "port-unreachable"}]
    assert isinstance(data["hops"][0]["ms"], float) and 0 <= data["hops"][0]["ms"] < 500
    assert data["reached"] is True and data["supported"] is True
    assert data["last_hop"] is None and data["stopped_after"] is None
    assert result["detail"] == "reached 127.0.0.1 in 1 hop"
    assert result["ms"] is not None


@LINUX_ONLY
@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback on this host")
def test_trace_to_ipv6_loopback_is_reached_at_hop_1() -> None:
    result = trace("::1", port=closed_base("::1"))
    assert result["outcome"] == "ok", result
    hops = result["data"]["hops"]
    assert [(h["ttl"], h["address"], h["kind"]) for h in hops] == [(1, "::1", "port-unreachable")]
    assert result["detail"] == "reached ::1 in 1 hop"


@LINUX_ONLY
def test_a_udp_service_that_answers_counts_as_reached() -> None:
    async def go() -> dict[str, Any]:
        loop = asyncio.get_running_loop()

        class Echo(asyncio.DatagramProtocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self.transport = transport

            def datagram_received(self, data: bytes, addr: Any) -> None:
                self.transport.sendto(b"pong " + data, addr)  # type: ignore[attr-defined]

        transport, _proto = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
        try:
            port = transport.get_extra_info("sockname")[1]
            return await tracepath.trace_probe("path", "127.0.0.1", until=loop.time() + 3, port=port - 1, max_hops=3)
        finally:
            transport.close()

    result = asyncio.run(go())
    assert result["outcome"] == "ok", result
    assert result["data"]["reached"] is True
    assert [(h["ttl"], h["address"], h["kind"]) for h in result["data"]["hops"]] == [(1, "127.0.0.1", "udp-reply")]


@LINUX_ONLY
def test_silence_is_a_timeout_that_ends_at_until_and_retries_each_hop() -> None:
    with udp_ports(2) as (base, servers):  # bound but silent: no ICMP, no reply
        started = time.monotonic()
        result = trace("127.0.0.1", seconds=0.5, port=base, max_hops=2, hop_timeout=5.0)
        elapsed = time.monotonic() - started
        assert 0.4 < elapsed < 0.8, elapsed
        assert result["outcome"] == "timeout"
        assert result["detail"] == "no answer from any hop (1-2)"
        assert result["data"]["hops"] == [{"ttl": 1, "address": None, "ms": None, "kind": None}]
        for ttl, server in enumerate(servers, start=1):  # a first probe and one retry per hop
            assert received(server) == [b"reportkit-trace ttl=%d try=0" % ttl, b"reportkit-trace ttl=%d try=1" % ttl]


@LINUX_ONLY
def test_until_already_past_returns_at_once_and_sends_nothing() -> None:
    with udp_ports(3) as (base, servers):
        started = time.monotonic()
        result = trace("127.0.0.1", seconds=-1.0, port=base, max_hops=3)
        assert time.monotonic() - started < 0.1
        assert result["outcome"] == "timeout" and "\n" not in result["detail"]
        assert result["data"]["hops"] == [] and result["data"]["reached"] is False
        time.sleep(0.05)
        assert all(received(server) == [] for server in servers)


@LINUX_ONLY
@pytest.mark.parametrize("host", ["[127.0.0.1]", "::ffff:127.0.0.1"])
def test_bracketed_and_ipv4_mapped_loopback_are_reached(host: str) -> None:
    result = trace(host, port=closed_base(), max_hops=3)
    assert result["outcome"] == "ok", result
    assert [(h["ttl"], h["address"], h["kind"]) for h in result["data"]["hops"]] == [
        (1, "127.0.0.1", "port-unreachable")
    ]
    assert result["target"] == host and result["data"]["toward"] == host


@pytest.mark.parametrize(
    "host", ["not-an-ip", "999.1.1.1", "", "127.0.0.1\nX-Injected: 1", "::1::2", "224.0.0.1", "0.0.0.0", "a" * 5000]
)
def test_bad_host_is_an_error_with_one_line(host: str) -> None:
    result = trace(host)
    assert result["outcome"] == "error"
    assert result["detail"] and "\n" not in result["detail"] and len(result["detail"]) < 200
    assert result["data"]["hops"] == [] and result["data"]["reached"] is False


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_hops": 0},
        {"max_hops": 300},
        {"max_hops": True},
        {"port": 0},
        {"port": 65535},
        {"port": "33434"},
        {"probes_per_hop": 0},
        {"hop_timeout": -1},
        {"hop_timeout": float("nan")},
    ],
)
def test_bad_arguments_are_an_error_not_an_exception(kwargs: dict[str, Any]) -> None:
    result = trace("127.0.0.1", **kwargs)
    assert result["outcome"] == "error" and "\n" not in result["detail"]


def test_without_linux_ip_recverr_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracepath, "PLATFORM", "darwin")
    result = trace("127.0.0.1")
    assert result["outcome"] == "error"
    assert result["detail"] == "path tracing needs Linux IP_RECVERR"
    assert result["data"]["supported"] is False and result["data"]["hops"] == []


@LINUX_ONLY
def test_no_file_descriptors_leak_over_20_traces_and_a_cancelled_one() -> None:
    async def go() -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        selector = getattr(loop, "_selector", None)  # every reader the trace added is removed again
        registered = len(selector.get_map()) if selector else 0
        started = time.monotonic()
        results = [
            await tracepath.trace_probe("path", "127.0.0.1", until=loop.time() + 2, port=closed_base())
            for _ in range(20)
        ]
        assert time.monotonic() - started < 1.0  # each stops once the destination answered
        assert (len(selector.get_map()) if selector else 0) == registered
        with udp_ports(4) as (base, _servers):  # silent: the trace would wait; cancel it midway
            task = asyncio.create_task(
                tracepath.trace_probe("path", "127.0.0.1", until=loop.time() + 5, port=base, max_hops=4)
            )
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        assert (len(selector.get_map()) if selector else 0) == registered
        return results

    asyncio.run(go())  # the loop's own fds come and go with it
    before = open_fds()
    with warnings.catch_warnings(record=True) as caught:  # a socket left to the garbage collector warns
        warnings.simplefilter("always", ResourceWarning)
        results = asyncio.run(go())
        gc.collect()
    assert open_fds() == before
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert all(r["outcome"] == "ok" and r["data"]["reached"] for r in results), [r["detail"] for r in results]
