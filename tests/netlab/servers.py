"""The lab's servers: one stdlib asyncio process per network namespace (DNS, HTTP and bare TCP listeners).

Started by `netlab.lab.Lab` as `ip netns exec <ns> python3 -I servers.py '<json spec>'`; never imports
anything outside the standard library (it runs with the interpreter's isolated mode).

Spec: {"name": "rk-inet", "control": "/path/ctl.sock", "services": [
    {"id": "public-dns", "kind": "dns", "host": "203.0.113.53", "port": 53,
     "records": {"anchor.lab.test": "203.0.113.64"}, "mode": "normal"},
    {"id": "portal-check", "kind": "http", "host": "203.0.113.80", "port": 80, "mode": "204"},
    {"id": "anchor64-443", "kind": "tcp", "host": "203.0.113.64", "port": 443}]}

Modes (switched at run time over the control socket):
- dns: "normal" (A from `records`, AAAA and other types NOERROR/empty for known names, NXDOMAIN otherwise),
  "servfail", "refused", "silent" (read and drop), "rewrite" (unknown names answer `rewrite_to`: NXDOMAIN rewriting).
- http: "200" (200 for `GET /`, 404 elsewhere), "204" (204 for `/generate_204`, 404 elsewhere), "503" (503 for
  everything), "302" (302 to `location` for everything: a captive portal).
- tcp: accept and close.
Every service can be stopped (the port then answers TCP RST / ICMP port unreachable) and started again.

Control: a UNIX socket; one JSON line in, one JSON line out. Commands:
{"cmd": "ping"}, {"cmd": "reset"}, {"cmd": "set", "id": ID, "mode": M}, {"cmd": "stop", "id": ID},
{"cmd": "start", "id": ID}, {"cmd": "stats"} (requests seen per service).

Lifetime: prints "READY" on stdout once every listener is bound; exits on SIGTERM/SIGINT, when its stdin reaches
EOF (the parent closed it or died) and, on Linux, when the parent dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import socket
import struct
import sys
from typing import Any

DNS_TYPES = {1: "A", 28: "AAAA"}
RCODES = {"NOERROR": 0, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}
REASONS = {200: "OK", 204: "No Content", 302: "Found", 404: "Not Found", 503: "Service Unavailable"}


def parse_question(packet: bytes) -> tuple[int, int, str, int, bytes] | None:
    """(id, flags, lowercase name, qtype, raw question section) of a DNS query, or None if it is not one."""
    if len(packet) < 12:
        return None
    qid, flags, qdcount = struct.unpack("!HHH", packet[:6])
    if flags & 0x8000 or qdcount < 1:
        return None
    labels: list[str] = []
    pos = 12
    while True:
        if pos >= len(packet):
            return None
        length = packet[pos]
        pos += 1
        if length == 0:
            break
        if length & 0xC0 or pos + length > len(packet):
            return None
        labels.append(packet[pos : pos + length].decode("ascii", "replace").lower())
        pos += length
    if pos + 4 > len(packet):
        return None
    qtype = struct.unpack("!H", packet[pos : pos + 2])[0]
    return qid, flags, ".".join(labels), qtype, packet[12 : pos + 4]


def dns_answer(packet: bytes, mode: str, records: dict[str, str], rewrite_to: str) -> bytes | None:
    """The reply to one query under `mode`; None means stay silent."""
    parsed = parse_question(packet)
    if parsed is None or mode == "silent":
        return None
    qid, qflags, name, qtype, question = parsed
    opcode = (qflags >> 11) & 0xF
    answers: list[str] = []
    if opcode != 0:
        rcode = RCODES["NOTIMP"]
    elif mode == "servfail":
        rcode = RCODES["SERVFAIL"]
    elif mode == "refused":
        rcode = RCODES["REFUSED"]
    else:
        address = records.get(name.rstrip("."))
        if address is None and mode == "rewrite":
            address = rewrite_to
        if address is None:
            rcode = RCODES["NXDOMAIN"]
        else:
            rcode = RCODES["NOERROR"]
            if qtype == 1:
                answers.append(address)
    flags = 0x8000 | (opcode << 11) | 0x0400 | (qflags & 0x0100) | 0x0080 | rcode
    out = struct.pack("!HHHHHH", qid, flags, 1, len(answers), 0, 0) + question
    for address in answers:
        out += struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(address)
    return out


def http_response(mode: str, method: str, path: str, location: str) -> tuple[int, dict[str, str], bytes]:
    path = path.split("?", 1)[0]
    if mode == "503":
        return 503, {"Content-Type": "text/plain"}, b"service unavailable\n"
    if mode == "302":
        return (
            302,
            {"Location": location, "Content-Type": "text/html"},
            b"<a href='" + location.encode() + b"'>login</a>\n",
        )
    if mode == "204":
        if path == "/generate_204":
            return 204, {}, b""
        return 404, {"Content-Type": "text/plain"}, b"not found\n"
    if path == "/":
        return 200, {"Content-Type": "text/html"}, b"<!doctype html><title>Lab shop</title><p>ok</p>\n"
    return 404, {"Content-Type": "text/plain"}, b"not found\n"


class DnsProtocol(asyncio.DatagramProtocol):
    def __init__(self, service: Service) -> None:
        self.service = service
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a _SelectorDatagramTransport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.service.hits += 1
        spec = self.service.spec
        reply = dns_answer(data, self.service.mode, spec.get("records", {}), spec.get("rewrite_to", "203.0.113.80"))
        if reply is not None and self.transport is not None:
            self.transport.sendto(reply, addr)


class Service:
    """One listener: dns (UDP), http or tcp; can be stopped, started and switched between modes."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.id: str = spec["id"]
        self.kind: str = spec["kind"]
        self.default_mode: str = spec.get("mode", {"dns": "normal", "http": "200", "tcp": "accept"}[self.kind])
        self.mode = self.default_mode
        self.hits = 0
        self.handle: Any = None

    @property
    def running(self) -> bool:
        return self.handle is not None

    async def start(self) -> None:
        if self.handle is not None:
            return
        loop = asyncio.get_running_loop()
        host, port = self.spec["host"], int(self.spec["port"])
        if self.kind == "dns":
            transport, _ = await loop.create_datagram_endpoint(
                lambda: DnsProtocol(self), local_addr=(host, port), family=socket.AF_INET
            )
            self.handle = transport
        elif self.kind == "http":
            self.handle = await asyncio.start_server(self._http, host, port, reuse_address=True, backlog=128)
        elif self.kind == "tcp":
            self.handle = await asyncio.start_server(self._tcp, host, port, reuse_address=True, backlog=128)
        else:
            raise ValueError(f"unknown service kind {self.kind!r}")

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    async def _tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hits += 1
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()

    async def _http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hits += 1
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split()
            method, path = (parts[0], parts[1]) if len(parts) >= 2 else ("GET", "/")
            location = self.spec.get("location", "http://portal.lab.test/login")
            status, headers, body = http_response(self.mode, method, path, location)
            lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "Server: netlab", "Connection: close"]
            if status != 204:
                lines.append(f"Content-Length: {len(body)}")
            lines += [f"{k}: {v}" for k, v in headers.items()]
            payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            if method != "HEAD" and status != 204:
                payload += body
            writer.write(payload)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


class Servers:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.name = spec.get("name", "netlab")
        self.control_path: str = spec["control"]
        self.services = {s["id"]: Service(s) for s in spec["services"]}
        self.done = asyncio.Event()

    async def run(self) -> None:
        for service in self.services.values():
            await service.start()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.control_path)
        control = await asyncio.start_unix_server(self._control, self.control_path)
        os.chmod(self.control_path, 0o600)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(sig, self.done.set)
        await self._watch_stdin()
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        try:
            await self.done.wait()
        finally:
            control.close()
            for service in self.services.values():
                service.stop()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.control_path)

    async def _watch_stdin(self) -> None:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        try:
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        except (ValueError, OSError):  # stdin is not a pipe: rely on signals and PDEATHSIG only
            return

        async def wait_eof() -> None:
            while await reader.read(4096):
                pass
            self.done.set()

        loop.create_task(wait_eof())  # noqa: RUF006 - lives as long as the loop

    async def _control(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                reply = await self.command(json.loads(line))
            except Exception as exc:
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            writer.write((json.dumps(reply) + "\n").encode())
            await writer.drain()
        finally:
            writer.close()

    async def command(self, request: dict[str, Any]) -> dict[str, Any]:
        cmd = request.get("cmd")
        if cmd == "ping":
            return {"ok": True, "name": self.name}
        if cmd == "stats":
            return {
                "ok": True,
                "services": {
                    sid: {"mode": s.mode, "running": s.running, "hits": s.hits} for sid, s in self.services.items()
                },
            }
        if cmd == "reset":
            for service in self.services.values():
                service.mode = service.default_mode
                await service.start()
            return {"ok": True}
        service = self.services.get(request.get("id", ""))
        if service is None:
            return {"ok": False, "error": f"no service {request.get('id')!r} in {self.name}"}
        if cmd == "set":
            service.mode = str(request["mode"])
        elif cmd == "stop":
            service.stop()
        elif cmd == "start":
            await service.start()
        else:
            return {"ok": False, "error": f"unknown command {cmd!r}"}
        return {"ok": True}


def die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl: nobody will ever stop us
        sys.exit(0)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} '<json spec>'", file=sys.stderr)
        return 2
    die_with_parent()
    spec = json.loads(argv[1])
    asyncio.run(Servers(spec).run())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
