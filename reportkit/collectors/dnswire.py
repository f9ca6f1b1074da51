"""DNS on the wire, just enough for a probe: build an A/AAAA query, parse the rcode and addresses."""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
TYPE_A, TYPE_AAAA = 1, 28


@dataclass(frozen=True)
class Answer:
    ident: int
    rcode: str
    addresses: tuple[str, ...]


def build_query(ident: int, name: str, qtype: int = TYPE_A) -> bytes:
    header = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)  # recursion desired, one question
    labels = b"".join(bytes([len(p)]) + p for p in (part.encode("idna") for part in name.rstrip(".").split(".")))
    return header + labels + b"\x00" + struct.pack("!HH", qtype, 1)


def parse_response(packet: bytes) -> Answer:
    """Parse a response; raises ValueError on anything malformed."""
    if len(packet) < 12:
        raise ValueError("short DNS packet")
    ident, flags, qdcount, ancount, _ns, _ar = struct.unpack("!HHHHHH", packet[:12])
    if not flags & 0x8000:
        raise ValueError("not a DNS response")
    offset = 12
    for _ in range(qdcount):
        offset = _skip_name(packet, offset) + 4
    addresses: list[str] = []
    for _ in range(ancount):
        offset = _skip_name(packet, offset)
        if offset + 10 > len(packet):
            raise ValueError("truncated DNS answer")
        rtype, _cls, _ttl, length = struct.unpack("!HHIH", packet[offset : offset + 10])
        offset += 10
        rdata = packet[offset : offset + length]
        if len(rdata) != length:
            raise ValueError("truncated DNS record")
        if rtype == TYPE_A and length == 4:
            addresses.append(str(ipaddress.IPv4Address(rdata)))
        elif rtype == TYPE_AAAA and length == 16:
            addresses.append(str(ipaddress.IPv6Address(rdata)))
        offset += length
    return Answer(ident, RCODES.get(flags & 0x0F, f"RCODE{flags & 0x0F}"), tuple(addresses))


def _skip_name(packet: bytes, offset: int) -> int:
    for _ in range(128):  # bounded: a malicious loop of pointers cannot hang us
        if offset >= len(packet):
            raise ValueError("truncated DNS name")
        length = packet[offset]
        if length & 0xC0 == 0xC0:
            return offset + 2
        if length == 0:
            return offset + 1
        offset += 1 + length
    raise ValueError("DNS name too long")
