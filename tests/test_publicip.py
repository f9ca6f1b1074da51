"""Public IP probes (HTTP echo URL, STUN) against real servers on loopback only (127.0.0.1, ::1)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import pytest
from fixtures import ipv6_loopback
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.collectors import publicip
from reportkit.collectors.publicip import parse_stun_response, stun_request

COOKIE = 0x2112A442
TXID = bytes.fromhex("b7e7a701bc34d686fa87dfae")  # the transaction id of the RFC 5769 samples
KEYS = {"address", "via", "family", "private", "server"}


# --------------------------------------------------------------------------- an independent STUN encoder


def attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, len(value)) + value + b"\x00" * (-len(value) % 4)


def address_value(address: str, port: int, txid: bytes, *, xor: bool) -> bytes:
    ip = ipaddress.ip_address(address)
    number = int(ip)
    if xor:
        port ^= COOKIE >> 16
        number ^= COOKIE if ip.version == 4 else int.from_bytes(struct.pack("!I", COOKIE) + txid, "big")
    return (
        bytes([0, 1 if ip.version == 4 else 2])
        + struct.pack("!H", port)
        + number.to_bytes(ip.max_prefixlen // 8, "big")
    )


def message(kind: int, txid: bytes, *attributes: bytes, cookie: int = COOKIE) -> bytes:
    body = b"".join(attributes)
    return struct.pack("!HHI", kind, len(body), cookie) + txid + body


def success(txid: bytes, address: str, port: int, *, xor: bool = True) -> bytes:
    return message(0x0101, txid, attribute(0x0020 if xor else 0x0001, address_value(address, port, txid, xor=xor)))


# --------------------------------------------------------------------------- pure encode / decode


def test_binding_request_is_a_bare_rfc5389_header() -> None:
    packet = stun_request(TXID)
    assert packet == bytes.fromhex("0001 0000 2112a442") + TXID
    with pytest.raises(ValueError):
        stun_request(b"short")


def test_rfc5769_xor_mapped_addresses_decode() -> None:
    software = attribute(0x8022, b"test vector")  # unknown attributes (odd length, padded) are skipped
    fingerprint = attribute(0x8028, b"\xc0\x7d\x4c\x96")
    v4 = message(0x0101, TXID, software, attribute(0x0020, bytes.fromhex("0001a147e112a643")), fingerprint)
    assert parse_stun_response(v4, TXID) == ("192.0.2.1", 32853)
    x6 = bytes.fromhex("0002a1470113a9faa5d3f179bc25f4b5bed2b9d9")
    v6 = message(0x0101, TXID, software, attribute(0x0020, x6), fingerprint)
    assert parse_stun_response(v6, TXID) == ("2001:db8:1234:5678:11:2233:4455:6677", 32853)


def test_xor_mapped_is_preferred_and_mapped_is_the_rfc3489_fallback() -> None:
    mapped = attribute(0x0001, address_value("203.0.113.9", 1, TXID, xor=False))
    xored = attribute(0x0020, address_value("198.51.100.7", 40000, TXID, xor=True))
    assert parse_stun_response(message(0x0101, TXID, mapped, xored), TXID) == ("198.51.100.7", 40000)
    assert parse_stun_response(message(0x0101, TXID, mapped), TXID) == ("203.0.113.9", 1)
    bad_xor = attribute(0x0020, b"\x00\x01\x00\x00")  # cut short: the plain one still answers
    assert parse_stun_response(message(0x0101, TXID, bad_xor, mapped), TXID) == ("203.0.113.9", 1)
    v6 = success(TXID, "2001:db8::7", 3478, xor=False)
    assert parse_stun_response(v6, TXID) == ("2001:db8::7", 3478)


@pytest.mark.parametrize(
    ("packet", "mismatch", "words"),
    [
        (b"", True, "shorter than a STUN header"),
        (success(TXID, "198.51.100.7", 1)[:19], True, "shorter than a STUN header"),
        (b"\xc0" + success(TXID, "198.51.100.7", 1)[1:], True, "first two bits"),
        (message(0x0101, TXID, cookie=0xDEADBEEF), True, "magic cookie"),
        (success(bytes(12), "198.51.100.7", 1), True, "transaction id"),
        (success(TXID, "198.51.100.7", 1)[:26], False, "length field"),
        (success(TXID, "198.51.100.7", 1) + b"\x00" * 4, False, "length field"),
        (message(0x0101, TXID)[:2] + b"\x00\x02" + message(0x0101, TXID)[4:] + b"\x00\x20", False, "length field"),
        (message(0x0101, TXID, b"\x00\x20\x00\x08"), False, "runs past the end"),
        (message(0x0101, TXID), False, "no XOR-MAPPED-ADDRESS"),
        (message(0x0101, TXID, attribute(0x8022, b"x")), False, "no XOR-MAPPED-ADDRESS"),
        (message(0x0101, TXID, attribute(0x0020, b"\x00\x03\x00\x01abcd")), False, "unknown address family"),
        (message(0x0101, TXID, attribute(0x0020, b"\x00\x01\x00\x01abc")), False, "IPv4 address attribute"),
        (message(0x0101, TXID, attribute(0x0001, b"\x00\x02\x00\x01abcd")), False, "IPv6 address attribute"),
        (message(0x0001, TXID), False, "sent the request back"),
        (message(0x0111, TXID, attribute(0x0009, b"\x00\x00\x04\x00Bad Request")), False, "400 Bad Request"),
        (message(0x0111, TXID), False, "Binding Error Response"),
        (message(0x0102, TXID), False, "0x0102"),
    ],
)
def test_hostile_or_foreign_packets_are_value_errors(packet: bytes, mismatch: bool, words: str) -> None:
    with pytest.raises(ValueError, match=words) as caught:
        parse_stun_response(packet, TXID)
    assert isinstance(caught.value, publicip.StunMismatch) is mismatch
    assert "\n" not in str(caught.value)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_but_value_error(packet: bytes) -> None:
    with contextlib.suppress(ValueError):
        address, port = parse_stun_response(packet, TXID)
        ipaddress.ip_address(address)
        assert 0 <= port <= 0xFFFF


_attributes = st.lists(
    st.tuples(st.sampled_from([0x0001, 0x0020, 0x0009, 0x8022, 0x0000, 0xFFFF]), st.binary(max_size=24)),
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([0x0101, 0x0111, 0x0001, 0x0100]),
    _attributes,
    st.one_of(st.none(), st.integers(0, 0xFFFF)),
    st.integers(0, 8),
)
def test_well_framed_hostile_answers_never_raise_anything_but_value_error(
    kind: int, attrs: list[tuple[int, bytes]], length: int | None, cut: int
) -> None:
    body = b"".join(attribute(t, v) if i % 2 else struct.pack("!HH", t, len(v)) + v for i, (t, v) in enumerate(attrs))
    packet = struct.pack("!HHI", kind, len(body) if length is None else length, COOKIE) + TXID + body
    packet = packet[: len(packet) - cut] if cut else packet
    with contextlib.suppress(ValueError):
        address, port = parse_stun_response(packet, TXID)
        ipaddress.ip_address(address)
        assert 0 <= port <= 0xFFFF


@given(st.ip_addresses(), st.integers(0, 0xFFFF), st.binary(min_size=12, max_size=12), st.booleans())
def test_any_address_round_trips(ip: Any, port: int, txid: bytes, xor: bool) -> None:
    assert parse_stun_response(success(txid, str(ip), port, xor=xor), txid) == (str(ip), port)


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("198.51.100.7", False),  # documentation ranges are the lab's "public" addresses
        ("203.0.113.5", False),
        ("8.8.8.8", False),
        ("2001:db8::7", False),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("100.64.0.1", True),  # carrier-grade NAT
        ("127.0.0.1", True),
        ("169.254.1.1", True),
        ("::1", True),
        ("fd00::1", True),
        ("fe80::1", True),
        ("::ffff:192.168.1.1", True),
    ],
)
def test_private_means_not_handed_out_as_public(address: str, private: bool) -> None:
    assert publicip.is_private(ipaddress.ip_address(address)) is private


# --------------------------------------------------------------------------- a STUN server on loopback


class StunServer(asyncio.DatagramProtocol):
    """Answers Binding Requests according to `mode`; records what it received."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests: list[bytes] = []
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.requests.append(data)
        assert self.transport is not None
        txid, host, port = data[8:20], addr[0], addr[1]
        answers = {
            "xor": [message(0x0101, txid, attribute(0x8022, b"loopback stun"), success(txid, host, port)[20:])],
            "public": [
                message(
                    0x0101,
                    txid,
                    attribute(0x0001, address_value("203.0.113.9", 9, txid, xor=False)),
                    attribute(0x0020, address_value("198.51.100.7", 40000, txid, xor=True)),
                )
            ],
            "mapped": [success(txid, host, port, xor=False)],
            "wrong-txid": [success(bytes(a ^ 0xFF for a in txid), host, port)],
            "truncated": [success(txid, host, port)[:26]],
            "error": [message(0x0111, txid, attribute(0x0009, b"\x00\x00\x05\x00Server Error"))],
            "echo": [data],
            "stray-then-good": [b"\x00\x01garbage", success(bytes(12), "192.0.2.66", 1), success(txid, host, port)],
            "silent": [],
        }
        if self.mode == "retransmission-only" and len(self.requests) < 2:
            return
        for answer in answers.get(self.mode, answers["xor"]):
            self.transport.sendto(answer, addr)


async def stun(
    mode: str, *, host: str = "127.0.0.1", timeout: float = 0.4, budget: float = 5.0
) -> tuple[dict[str, Any], StunServer, float]:
    loop = asyncio.get_running_loop()
    transport, server = await loop.create_datagram_endpoint(lambda: StunServer(mode), local_addr=(host, 0))
    port = transport.get_extra_info("sockname")[1]
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    started = loop.time()
    try:
        res = await publicip.stun_probe("public-ip", target, until=started + budget, timeout=timeout)
    finally:
        transport.close()
    return res, server, loop.time() - started


def check_shape(res: dict[str, Any], via: str) -> None:
    assert set(res["data"]) == KEYS
    assert res["data"]["via"] == via
    assert "\n" not in res["detail"]
    if res["outcome"] != "ok":
        assert res["data"]["address"] is None and res["data"]["family"] is None and res["data"]["private"] is False


def test_stun_learns_the_senders_address_over_loopback() -> None:
    res, server, _ = asyncio.run(stun("xor"))
    check_shape(res, "stun")
    assert res["outcome"] == "ok", res
    assert res["data"]["address"] == "127.0.0.1" and res["data"]["family"] == 4
    assert res["data"]["private"] is True and res["detail"].startswith("not a public address: 127.0.0.1")
    assert res["id"].startswith("public-ip:stun:127.0.0.1:") and res["ms"] is not None
    request = server.requests[0]
    assert len(request) == 20 and request[:8] == bytes.fromhex("000100002112a442")


def test_stun_public_answer_detail_and_xor_preferred() -> None:
    res, _, _ = asyncio.run(stun("public"))
    check_shape(res, "stun")
    assert res["outcome"] == "ok"
    assert res["data"] == {
        "address": "198.51.100.7",
        "via": "stun",
        "family": 4,
        "private": False,
        "server": res["target"],
    }
    assert res["detail"] == f"public address 198.51.100.7 (via STUN {res['target']})"


def test_stun_rfc3489_server_with_mapped_address_only() -> None:
    res, _, _ = asyncio.run(stun("mapped"))
    assert res["outcome"] == "ok" and res["data"]["address"] == "127.0.0.1"


def test_stun_retransmits_once_after_half_the_budget() -> None:
    res, server, elapsed = asyncio.run(stun("retransmission-only", timeout=0.6))
    assert res["outcome"] == "ok", res
    assert len(server.requests) == 2 and server.requests[0] == server.requests[1]  # same transaction
    assert 0.25 <= elapsed < 0.6


def test_stun_discards_stray_packets_and_takes_the_real_answer() -> None:
    res, _, elapsed = asyncio.run(stun("stray-then-good"))
    assert res["outcome"] == "ok" and res["data"]["address"] == "127.0.0.1"
    assert elapsed < 0.2


@pytest.mark.parametrize(
    ("mode", "words", "waits"),
    [
        ("wrong-txid", "answered, but not to this request: the transaction id does not match", True),
        ("truncated", "not a usable STUN answer: the length field says", False),
        ("error", "Binding Error Response: 500 Server Error", False),
        ("echo", "sent the request back", False),
    ],
)
def test_stun_bad_answers_are_one_line_errors(mode: str, words: str, waits: bool) -> None:
    res, server, elapsed = asyncio.run(stun(mode, timeout=0.4))
    check_shape(res, "stun")
    assert res["outcome"] == "error" and words in res["detail"], res
    if waits:  # a packet that answers another transaction is discarded (RFC 5389 7.3): wait for the real one
        assert len(server.requests) == 2 and 0.35 <= elapsed < 0.4 + 0.3
    else:
        assert elapsed < 0.2


def test_stun_silent_server_is_a_timeout_within_the_budget() -> None:
    res, server, elapsed = asyncio.run(stun("silent", timeout=0.4))
    check_shape(res, "stun")
    assert res["outcome"] == "timeout" and res["detail"] == "no answer"
    assert len(server.requests) == 2
    assert 0.35 <= elapsed < 0.4 + 0.3


def test_stun_deadline_shorter_than_the_timeout_wins() -> None:
    res, _, elapsed = asyncio.run(stun("silent", timeout=5.0, budget=0.3))
    assert res["outcome"] == "timeout" and elapsed < 0.3 + 0.3


def test_stun_closed_port_is_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once it is closed

    async def main() -> dict[str, Any]:
        return await publicip.stun_probe("public-ip", f"127.0.0.1:{port}", until=asyncio.get_running_loop().time() + 1)

    res = asyncio.run(main())
    check_shape(res, "stun")
    assert res["outcome"] == "refused" and "no STUN server" in res["detail"]


@pytest.mark.parametrize("server", ["[::1", "127.0.0.1:0", "127.0.0.1:99999", ":3478"])
def test_stun_bad_server_text_is_an_error_not_an_exception(server: str) -> None:
    async def main() -> dict[str, Any]:
        return await publicip.stun_probe("public-ip", server, until=asyncio.get_running_loop().time() + 1)

    res = asyncio.run(main())
    check_shape(res, "stun")
    assert res["outcome"] == "error" and res["data"]["server"] == server


@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")
@pytest.mark.parametrize("mode", ["xor", "mapped"])
def test_stun_over_ipv6_loopback(mode: str) -> None:
    res, _, _ = asyncio.run(stun(mode, host="::1"))
    check_shape(res, "stun")
    assert res["outcome"] == "ok", res
    assert res["data"]["address"] == "::1" and res["data"]["family"] == 6 and res["data"]["private"] is True
    assert res["target"].startswith("[::1]:")


# --------------------------------------------------------------------------- an HTTP echo service on loopback

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def canned(response: bytes, *, pause_after: int | None = None) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            handle.requests.append(await reader.readuntil(b"\r\n\r\n"))  # type: ignore[attr-defined]
            if pause_after is None:
                writer.write(response)
            else:  # a body that arrives in two pieces
                writer.write(response[:pause_after])
                await writer.drain()
                await asyncio.sleep(0.05)
                writer.write(response[pause_after:])
            await writer.drain()
        writer.close()

    handle.requests = []  # type: ignore[attr-defined]
    return handle


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body


@contextlib.asynccontextmanager
async def http_server(handler: Handler, ssl_context: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=ssl_context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def get(handler: Handler, *, timeout: float = 1.0, budget: float = 5.0, path: str = "/") -> dict[str, Any]:
    async with http_server(handler) as port:
        loop = asyncio.get_running_loop()
        url = f"http://127.0.0.1:{port}{path}"
        res = await publicip.public_ip_url_probe("public-ip", url, until=loop.time() + budget, timeout=timeout)
        check_shape(res, "url")
        assert res["data"]["server"] == url and res["target"] == url
        return res


def test_url_probe_reads_a_plain_text_address() -> None:
    handler = canned(ok(b"198.51.100.7\n"))
    res = asyncio.run(get(handler, path="/ip?format=text"))
    assert res["outcome"] == "ok", res
    assert res["data"]["address"] == "198.51.100.7" and res["data"]["family"] == 4 and res["data"]["private"] is False
    assert res["detail"] == f"public address 198.51.100.7 (via {res['target']})"
    request = handler.requests[0].decode()  # type: ignore[attr-defined]
    port = res["target"].split(":")[2].split("/")[0]
    assert request.startswith("GET /ip?format=text HTTP/1.1\r\n")
    assert "Connection: close\r\n" in request and f"Host: 127.0.0.1:{port}\r\n" in request


@pytest.mark.parametrize(
    ("response", "address", "family", "private"),
    [
        (ok(b"  2001:db8::7\r\n"), "2001:db8::7", 6, False),
        (ok(b"10.1.2.3"), "10.1.2.3", 4, True),
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n203.0.113.5\n", "203.0.113.5", 4, False),  # close-delimited
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n203.0\r\n6\r\n.113.5\r\n0\r\n\r\n",
            "203.0.113.5",
            4,
            False,
        ),
    ],
)
def test_url_probe_body_shapes(response: bytes, address: str, family: int, private: bool) -> None:
    res = asyncio.run(get(canned(response)))
    assert res["outcome"] == "ok", res
    assert (res["data"]["address"], res["data"]["family"], res["data"]["private"]) == (address, family, private)


def test_url_probe_close_delimited_body_in_two_pieces() -> None:
    response = b"HTTP/1.0 200 OK\r\n\r\n198.51.100.7\n"
    res = asyncio.run(get(canned(response, pause_after=len(response) - 6)))
    assert res["outcome"] == "ok" and res["data"]["address"] == "198.51.100.7", res


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (ok(b"<!doctype html><html><body>198.51.100.7</body></html>"), "the answer is not an IP address: an HTML page"),
        (ok(b""), "the answer is not an IP address (empty)"),
        (ok(b"198.51.100.7 203.0.113.5"), "the answer is not an IP address: '198.51.100.7 203.0.113.5'"),
        (ok(b"\xff\xfe1.2.3.4"), "not ASCII"),
        (ok(b"1" * 300), "more than 256 bytes"),
        (ok(b"bad\x1b[31mred\nline"), "the answer is not an IP address: 'bad?[31mred?line'"),
        (
            b"HTTP/1.1 302 Found\r\nLocation: https://203.0.113.5/ip\r\nContent-Length: 0\r\n\r\n",
            "HTTP 302 redirect to https://203.0.113.5/ip",
        ),
        (b"HTTP/1.1 301 Moved\r\nContent-Length: 0\r\n\r\n", "HTTP 301 redirect without a Location"),
        (b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\nno", "HTTP 500 Internal Server Error"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n1.2.3", "the body was cut short"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n1.2.3.4", "bad Content-Length"),
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP answer: 'SSH-2.0-OpenSSH_9.6'"),
        (b"", "closed the connection without answering"),
        (b"HTTP/1.1 200 OK\r\nContent-Le", "in the middle of the headers"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunked encoding"),
    ],
)
def test_url_probe_unusable_answers_are_one_line_errors(response: bytes, words: str) -> None:
    res = asyncio.run(get(canned(response)))
    assert res["outcome"] == "error" and words in res["detail"], res


def test_url_probe_never_answering_server_is_cut_by_the_timeout() -> None:
    async def never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            await reader.read()  # holds the connection open, says nothing

    async def main() -> tuple[dict[str, Any], float]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        res = await get(never, timeout=0.4)
        return res, loop.time() - started

    res, elapsed = asyncio.run(main())
    assert res["outcome"] == "timeout" and res["detail"] == "no answer"
    assert elapsed < 0.4 + 0.3


def test_url_probe_deadline_shorter_than_the_timeout_wins() -> None:
    async def never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            await reader.read()

    async def main() -> tuple[dict[str, Any], float]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        res = await get(never, timeout=5.0, budget=0.3)
        return res, loop.time() - started

    res, elapsed = asyncio.run(main())
    assert res["outcome"] == "timeout" and elapsed < 0.3 + 0.3


def test_url_probe_closed_port_is_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    async def main() -> dict[str, Any]:
        url = f"http://127.0.0.1:{port}/"
        return await publicip.public_ip_url_probe("public-ip", url, until=asyncio.get_running_loop().time() + 1)

    res = asyncio.run(main())
    check_shape(res, "url")
    assert res["outcome"] == "refused"


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/ip", "127.0.0.1", "http:///ip", "http://127.0.0.1:99999/", "http://[::1/"]
)
def test_url_probe_bad_urls_are_errors_not_exceptions(url: str) -> None:
    async def main() -> dict[str, Any]:
        return await publicip.public_ip_url_probe("public-ip", url, until=asyncio.get_running_loop().time() + 1)

    res = asyncio.run(main())
    check_shape(res, "url")
    assert res["outcome"] == "error"


def test_url_probe_over_https_checks_the_certificate(certificate: tuple[Path, Path]) -> None:
    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        async with http_server(canned(ok(b"198.51.100.7\n")), context) as port:
            url = f"https://127.0.0.1:{port}/"
            now = asyncio.get_running_loop().time()
            untrusted = await publicip.public_ip_url_probe("public-ip", url, until=now + 2)
            trusted = await publicip.public_ip_url_probe("public-ip", url, until=now + 2, cafile=str(cert))
            return untrusted, trusted

    untrusted, trusted = asyncio.run(main())
    check_shape(untrusted, "url")
    assert untrusted["outcome"] == "error" and untrusted["detail"].startswith("TLS certificate not valid")
    assert trusted["outcome"] == "ok" and trusted["data"]["address"] == "198.51.100.7", trusted
