"""Learning the public IP address (a request to the ISP should name it): an HTTP(S) echo URL or a STUN server.

Both probes follow docs/probes.md: an absolute `until` (event-loop time), never past it, never raising (except
cancellation), one plain result dict made by `netprobe.result`. Their `data` is

    {"address": "198.51.100.7" | None, "via": "url" | "stun", "family": 4 | 6 | None,
     "private": bool, "server": <the URL or host:port as given>}

`private` is True for an address no ISP hands out as a public one (RFC 1918, carrier-grade NAT 100.64/10,
loopback, link-local, ULA, ...): the answer is kept, outcome "ok", and the detail says another NAT is in between.
The documentation ranges (198.51.100/24, 203.0.113/24, 2001:db8::/32) count as public: the lab uses them.

The STUN wire format (RFC 5389, with the RFC 3489 MAPPED-ADDRESS fallback) is in two pure functions,
`stun_request` and `parse_stun_response`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import ssl
import struct
import time
from typing import Any
from urllib.parse import urlsplit

from reportkit.collectors import netprobe
from reportkit.errors import InputError

Result = dict[str, Any]

# --------------------------------------------------------------------------- addresses

_NOT_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # shared address space: carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "224.0.0.0/3",  # multicast, reserved, broadcast
        "::/128",
        "::1/128",
        "64:ff9b:1::/48",  # local-use NAT64
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "ff00::/8",  # multicast
    )
)


def is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not an address the ISP hands out as public (documentation ranges count as public: the lab uses them)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in _NOT_PUBLIC)


def _data(via: str, server: str, address: str | None = None) -> dict[str, Any]:
    parsed = ipaddress.ip_address(address) if address else None
    return {
        "address": address,
        "via": via,
        "family": parsed.version if parsed else None,
        "private": is_private(parsed) if parsed else False,
        "server": server,
    }


def _found(rid: str, group: str, target: str, sent: str, via: str, server: str, address: str, ms: float) -> Result:
    data = _data(via, server, address)
    where = f"via STUN {server}" if via == "stun" else f"via {server}"
    if data["private"]:
        detail = f"not a public address: {address} ({where}); another NAT is in between (carrier-grade NAT?)"
    else:
        detail = f"public address {address} ({where})"
    return netprobe.result(rid, group, target, sent, "ok", detail, ms=ms, data=data)


def _left(until: float) -> float:
    return max(0.0, until - asyncio.get_running_loop().time())


def _printable(text: str, limit: int = 40) -> str:
    """One line, no control characters, at most `limit` characters: safe to quote from a hostile server."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return cleaned + ("…" if len(text) > limit else "")


async def _address_for(host: str, until: float) -> str:
    """An IP literal as is; a name through the system resolver (netprobe's daemon-thread getaddrinfo)."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        addresses = await netprobe.system_resolve(host, until)
        if not addresses:
            raise OSError(f"{host} has no address") from None
        return addresses[0]


# --------------------------------------------------------------------------- URL (plain-text echo service)

BODY_LIMIT = 256
_HEAD_LIMIT = 16 * 1024


class _Answer(Exception):
    """A one-line reason the HTTP answer is unusable (outcome "error")."""


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    """Up to BODY_LIMIT + 1 bytes of the body: Content-Length, chunked, or delimited by the close."""
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return await _read_chunked(reader)
        if "content-length" in headers:
            try:
                length = int(headers["content-length"])
            except ValueError:
                raise _Answer(f"bad Content-Length {_printable(headers['content-length'])!r}") from None
            if length < 0:
                raise _Answer(f"bad Content-Length {length}")
            return await reader.readexactly(min(length, BODY_LIMIT + 1))
        body = b""
        while len(body) <= BODY_LIMIT:
            more = await reader.read(BODY_LIMIT + 1 - len(body))
            if not more:
                break
            body += more
        return body
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        raise _Answer("the body was cut short") from None


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = b""
    while len(body) <= BODY_LIMIT:
        line = await reader.readuntil(b"\r\n")
        try:
            size = int(line.split(b";", 1)[0].strip() or b"x", 16)
        except ValueError:
            raise _Answer("bad chunked encoding") from None
        if size == 0:
            break
        body += await reader.readexactly(min(size, BODY_LIMIT + 1 - len(body)))
        if len(body) <= BODY_LIMIT:
            await reader.readexactly(2)  # the CRLF after the chunk
    return body


async def _get(
    host: str, port: int, path: str, context: ssl.SSLContext | None, until: float
) -> tuple[int, str, dict[str, str], bytes]:
    address = await _address_for(host, until)
    reader, writer = await asyncio.open_connection(
        address, port, ssl=context, server_hostname=host if context else None, limit=_HEAD_LIMIT
    )
    try:
        host_header = f"[{host}]" if ":" in host else host
        default = 443 if context else 80
        host_header += "" if port == default else f":{port}"
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: reportkit-probe\r\n"
            "Accept: text/plain\r\nConnection: close\r\n\r\n".encode("ascii", "ignore")
        )
        await writer.drain()
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.LimitOverrunError:
            raise _Answer("the HTTP headers are too long") from None
        except asyncio.IncompleteReadError as exc:
            if not exc.partial:
                raise _Answer("the server closed the connection without answering") from None
            raise _Answer("the server closed the connection in the middle of the headers") from None
        lines = head.decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        status_text, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/") or len(status_text) != 3 or not status_text.isdigit():
            raise _Answer(f"not an HTTP answer: {_printable(lines[0])!r}")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        status = int(status_text)
        body = await _read_body(reader, headers) if 200 <= status < 300 else b""
        return status, reason.strip(), headers, body
    finally:
        writer.close()


def _address_in(body: bytes) -> str:
    """The body, stripped, as one IPv4 or IPv6 address; _Answer otherwise."""
    if len(body) > BODY_LIMIT:
        raise _Answer(f"the answer is not an IP address (more than {BODY_LIMIT} bytes)")
    try:
        text = body.decode("ascii").strip()
    except UnicodeDecodeError:
        raise _Answer("the answer is not an IP address (not ASCII text)") from None
    if not text:
        raise _Answer("the answer is not an IP address (empty)")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        shape = "an HTML page" if text.startswith("<") else repr(_printable(text))
        raise _Answer(f"the answer is not an IP address: {shape}") from None


async def public_ip_url_probe(
    group: str, url: str, *, until: float, timeout: float = 3.0, cafile: str | None = None
) -> Result:
    """GET a URL that answers the caller's address as plain text (https://api.ipify.org); no redirects."""
    sent = f"HTTP GET {url} (expects the address as plain text)"
    rid = f"{group}:public-ip:{url}"

    def error(detail: str, outcome: str = "error") -> Result:
        return netprobe.result(rid, group, url, sent, outcome, detail, data=_data("url", url))

    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        return error(f"not a usable URL: {exc}")
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return error("not an http:// or https:// URL with a host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    try:
        context = ssl.create_default_context(cafile=cafile or None) if parts.scheme == "https" else None
        status, reason, headers, body = await asyncio.wait_for(
            _get(host, port, path, context, until), max(0.01, min(timeout, _left(until)))
        )
        if 300 <= status < 400:
            location = headers.get("location")
            where = f" to {_printable(location, 120)}" if location else " without a Location"
            raise _Answer(f"HTTP {status} redirect{where}; give that URL instead")
        if not 200 <= status < 300:
            raise _Answer(f"HTTP {status} {_printable(reason)}".rstrip())
        address = _address_in(body)
    except asyncio.CancelledError:
        raise
    except _Answer as exc:
        return error(str(exc))
    except ssl.SSLCertVerificationError as exc:
        return error(f"TLS certificate not valid: {exc.verify_message or exc}")
    except Exception as exc:
        outcome = netprobe.classify(exc)
        return error(
            "no answer" if outcome == "timeout" else f"failed: {_printable(str(exc) or repr(exc), 160)}", outcome
        )
    ms = (time.perf_counter() - started) * 1000
    return _found(rid, group, url, sent, "url", url, address, ms)


# --------------------------------------------------------------------------- STUN (RFC 5389)

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
BINDING_ERROR = 0x0111
MAPPED_ADDRESS = 0x0001
XOR_MAPPED_ADDRESS = 0x0020
ERROR_CODE = 0x0009
STUN_PORT = 3478
_HEADER = struct.Struct("!HHI12s")


class StunMismatch(ValueError):
    """The packet is not an answer to this request (not STUN, wrong cookie or transaction id): discard it."""


def stun_request(txid: bytes) -> bytes:
    """A Binding Request with no attributes (RFC 5389 section 6): 20 bytes."""
    if len(txid) != 12:
        raise ValueError("a STUN transaction id is 96 bits (12 bytes)")
    return _HEADER.pack(BINDING_REQUEST, 0, MAGIC_COOKIE, txid)


def _decode_address(value: bytes, txid: bytes, xor: bool) -> tuple[str, int]:
    if len(value) < 4:
        raise ValueError(f"address attribute of {len(value)} bytes")
    family, port = value[1], struct.unpack("!H", value[2:4])[0]
    raw = value[4:]
    if family == 1 and len(raw) == 4:
        mask = struct.pack("!I", MAGIC_COOKIE)
    elif family == 2 and len(raw) == 16:
        mask = struct.pack("!I", MAGIC_COOKIE) + txid
    elif family in (1, 2):
        raise ValueError(f"IPv{4 if family == 1 else 6} address attribute of {len(value)} bytes")
    else:
        raise ValueError(f"unknown address family {family}")
    if xor:
        port ^= MAGIC_COOKIE >> 16
        raw = bytes(a ^ b for a, b in zip(raw, mask, strict=True))
    address: ipaddress.IPv4Address | ipaddress.IPv6Address = (
        ipaddress.IPv4Address(raw) if family == 1 else ipaddress.IPv6Address(raw)
    )
    return str(address), port


def _error_code(value: bytes) -> str:
    if len(value) < 4:
        return "(no code)"
    code = (value[2] & 0x07) * 100 + value[3]
    reason = value[4:132].decode("utf-8", "replace")
    return f"{code} {_printable(reason, 60)}".rstrip()


def parse_stun_response(packet: bytes, txid: bytes) -> tuple[str, int]:
    """The mapped (address, port) of a Binding Success Response to the request with `txid`.

    XOR-MAPPED-ADDRESS is preferred, MAPPED-ADDRESS (RFC 3489 servers) the fallback; unknown attributes are
    ignored. Anything else raises ValueError with a one-line reason: StunMismatch where the packet does not
    answer this request (short header, not STUN, wrong magic cookie or transaction id), plain ValueError where it
    does but is unusable (error response, wrong lengths, truncated attributes, no address)."""
    if len(packet) < _HEADER.size:
        raise StunMismatch(f"{len(packet)} bytes, shorter than a STUN header")
    kind, length, cookie, echoed = _HEADER.unpack_from(packet)
    if kind & 0xC000:
        raise StunMismatch("not a STUN message (the first two bits are not zero)")
    if cookie != MAGIC_COOKIE:
        raise StunMismatch(f"wrong magic cookie 0x{cookie:08x}")
    if echoed != txid:
        raise StunMismatch("the transaction id does not match the request")
    if length % 4 or _HEADER.size + length != len(packet):
        raise ValueError(f"the length field says {length} bytes of attributes, the packet has {len(packet) - 20}")
    if kind == BINDING_REQUEST:
        raise ValueError("the server sent the request back (a UDP echo service, not STUN)")
    if kind not in (BINDING_SUCCESS, BINDING_ERROR):
        raise ValueError(f"message type 0x{kind:04x} is not a Binding Success Response")
    attributes: dict[int, bytes] = {}
    offset = _HEADER.size
    while offset < len(packet):
        if len(packet) - offset < 4:
            raise ValueError(f"attribute header cut short at byte {offset}")
        atype, alen = struct.unpack_from("!HH", packet, offset)
        if offset + 4 + alen > len(packet):
            raise ValueError(f"attribute 0x{atype:04x} of {alen} bytes runs past the end of the packet")
        attributes.setdefault(atype, packet[offset + 4 : offset + 4 + alen])  # the first occurrence counts
        offset += 4 + alen + (-alen % 4)
    if kind == BINDING_ERROR:
        raise ValueError(
            f"the server answered a Binding Error Response: {_error_code(attributes.get(ERROR_CODE, b''))}"
        )
    problem: ValueError | None = None
    for atype, xor in ((XOR_MAPPED_ADDRESS, True), (MAPPED_ADDRESS, False)):
        if atype in attributes:
            try:
                return _decode_address(attributes[atype], txid, xor)
            except ValueError as exc:
                name = "XOR-MAPPED-ADDRESS" if xor else "MAPPED-ADDRESS"
                problem = problem or ValueError(f"{name}: {exc}")
    raise problem or ValueError("the answer has no XOR-MAPPED-ADDRESS or MAPPED-ADDRESS")


class _StunClient(asyncio.DatagramProtocol):
    """Keeps the first packet that answers the request (usable or not); remembers why others were discarded."""

    def __init__(self, txid: bytes) -> None:
        self.txid = txid
        self.answer: asyncio.Future[tuple[str, int] | ValueError] = asyncio.get_running_loop().create_future()
        self.discarded: str | None = None

    def datagram_received(self, data: bytes, addr: Any) -> None:
        if self.answer.done():
            return
        try:
            self.answer.set_result(parse_stun_response(data, self.txid))
        except StunMismatch as exc:
            self.discarded = str(exc)  # RFC 5389 7.3: not ours, silently discarded; keep waiting
        except ValueError as exc:
            self.answer.set_result(exc)

    def error_received(self, exc: Exception) -> None:
        if not self.answer.done():
            self.answer.set_exception(exc)


async def stun_probe(group: str, server: str, *, until: float, timeout: float = 2.0) -> Result:
    """A STUN Binding Request over UDP to `server` ("host", "host:port", "[v6]:port"; port 3478), one retransmission."""
    rid = f"{group}:stun:{server}"
    sent = f"STUN Binding Request to {server} over UDP"

    def error(detail: str, outcome: str = "error") -> Result:
        return netprobe.result(rid, group, server, sent, outcome, detail, data=_data("stun", server))

    try:
        host, port = netprobe.split_hostport(server, STUN_PORT, "STUN server")
    except InputError as exc:
        return error(str(exc))
    txid = os.urandom(12)
    request = stun_request(txid)
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    budget = max(0.01, min(timeout, _left(until)))
    end = loop.time() + budget
    try:
        address = await asyncio.wait_for(_address_for(host, until), max(0.01, end - loop.time()))
        transport, proto = await loop.create_datagram_endpoint(
            lambda: _StunClient(txid),
            remote_addr=(address, port),
            family=socket.AF_INET6 if ":" in address else socket.AF_INET,
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        outcome = netprobe.classify(exc)
        return error("no answer" if outcome == "timeout" else f"could not send: {_printable(str(exc), 160)}", outcome)
    try:
        transport.sendto(request)
        try:
            got = await asyncio.wait_for(asyncio.shield(proto.answer), budget / 2)
        except (TimeoutError, asyncio.TimeoutError):
            transport.sendto(request)  # one retransmission (RFC 5389 7.2.1 retransmits; two tries fit a probe)
            got = await asyncio.wait_for(proto.answer, max(0.01, end - loop.time()))
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        outcome = netprobe.classify(exc)
        if outcome == "timeout" and proto.discarded:
            return error(f"answered, but not to this request: {proto.discarded}")
        if outcome == "refused":
            return error("refused (ICMP port unreachable: no STUN server on that port)", "refused")
        return error("no answer" if outcome == "timeout" else f"failed: {_printable(str(exc), 160)}", outcome)
    finally:
        transport.close()
    if isinstance(got, ValueError):
        return error(f"not a usable STUN answer: {got}")
    ms = (time.perf_counter() - started) * 1000
    return _found(rid, group, server, sent, "stun", server, got[0], ms)
