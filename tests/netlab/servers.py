"""The lab's servers: one stdlib asyncio process per network namespace (DNS, HTTP/HTTPS, bare TCP and STUN).

Started by `netlab.lab.Lab` as `ip netns exec <ns> python3 -I servers.py '<json spec>'`; never imports
anything outside the standard library (it runs with the interpreter's isolated mode).

Spec: {"name": "rk-inet", "control": "/path/ctl.sock", "services": [
    {"id": "public-dns", "kind": "dns", "host": "203.0.113.53", "port": 53,
     "records": {"anchor.lab.test": "203.0.113.64", "v6.lab.test": {"A": "203.0.113.64", "AAAA": "2001:db8::64"}},
     "mode": "normal"},
    {"id": "portal-check", "kind": "http", "host": "203.0.113.80", "port": 80, "mode": "204"},
    {"id": "shop-https", "kind": "http", "host": "203.0.113.10", "port": 443,
     "tls": {"cert": "/path/valid.pem", "key": "/path/valid.key"},
     "tls_variants": {"expired": {"cert": "/path/expired.pem", "key": "/path/expired.key"}}},
    {"id": "status", "kind": "http", "host": "203.0.113.70", "port": 80, "mode": "operational",
     "bodies": {"operational": {"content_type": "application/json", "body": "{...}"}, "incident": {...}}},
    {"id": "anchor64-443", "kind": "tcp", "host": "203.0.113.64", "port": 443, "delay_ms": 0},
    {"id": "stun", "kind": "stun", "host": "203.0.113.64", "port": 3478}]}

Keys of every service: "id", "kind" ("dns", "http", "tcp" or "stun"), "host" (an IPv4 or IPv6 address: the socket is
AF_INET or AF_INET6 accordingly), "port" (0 binds a free port, kept across stop/start; "stats" reports it), "mode"
(the default mode, see below) and "delay_ms" (default 0: wait this long before answering; see "delay" below).
Keys of one kind only:
- dns: "records" {name: value}, "rewrite_to" (a value; default "203.0.113.80"), "wrong_records" {name: value}.
  A value is an address string (IPv4 answers A; one with ":" answers AAAA), a list of them, or
  {"A": address or list, "AAAA": address or list}. A name answers the types its value holds and NOERROR with no
  answer for the other types (NODATA).
- http: "location" (302/511/login links; default "http://portal.lab.test/login"), "text" (mode "text"; "$client",
  the default, is the client's source address), "body" and "content_type" (modes "json" and "file"), "bodies"
  {name: {"content_type": ..., "body": ...}} (each name becomes a mode of its own; it may not be a built-in mode),
  "tls" {"cert": PEM path, "key": PEM path} (serve HTTPS with this certificate: the variant "default") and
  "tls_variants" {name: {"cert": ..., "key": ...}} (more certificates to switch to; "default" is reserved).

Modes (switched at run time over the control socket; an unknown mode is refused):
- dns: "normal" (answers from `records`, NXDOMAIN for unknown names), "servfail", "refused", "silent" (read and
  drop), "rewrite" (unknown names answer `rewrite_to`: NXDOMAIN rewriting), "wrong" (names in `wrong_records` answer
  that value instead of their record: a stale or poisoned resolver; other names as in "normal").
- http: "200" (200 for `GET /`, 404 elsewhere), "204" (204 for `/generate_204`, 404 elsewhere), "503" (503 for
  everything), "302" (302 to `location` for everything: a captive portal), "511" (511 Network Authentication
  Required with a small HTML login page, for everything), "login" (200 with an HTML login page, a <form> with a
  password field, for everything: a captive portal that answers 200 instead of 204), "text" (200 text/plain with
  `text` for everything, no newline added: a public-IP echo), "json" (200 with `body` as `content_type`, default
  application/json, for everything), "file" (the same, default content type text/plain; charset=utf-8), any name in
  `bodies` (200 with that body and content type, default text/plain; charset=utf-8, for everything), "hang" (accept,
  never answer, keep the connection open until the client closes it). HEAD gets the headers only.
- tcp: "accept" (accept and close).
- stun (UDP): "normal" (a RFC 5389 Binding Request gets a Binding Success Response with the request's transaction id
  and an XOR-MAPPED-ADDRESS of its source address and port, IPv4 or IPv6; anything else is dropped), "silent" (drop).
Every service can be stopped (the port then answers TCP RST / ICMP port unreachable) and started again.
Delay: http waits `delay_ms` after reading the request and before the response, tcp before closing, dns and stun
before sending the reply. TLS: the certificate is picked per connection during the handshake (with or without SNI),
so switching the variant affects new connections only and never closes the listener.

Control: a UNIX socket; one JSON line in, one JSON line out ({"ok": true, ...} or {"ok": false, "error": "..."}).
Commands:
{"cmd": "ping"} -> {"ok": true, "name": NAME};
{"cmd": "reset"} (every service: default mode, spec delay_ms, TLS variant "default", started);
{"cmd": "set", "id": ID, "mode": M}; {"cmd": "stop", "id": ID}; {"cmd": "start", "id": ID};
{"cmd": "delay", "id": ID, "ms": N} (N >= 0);
{"cmd": "tls", "id": ID, "variant": NAME} (NAME is "default" or a key of `tls_variants`);
{"cmd": "stats"} -> {"ok": true, "services": {ID: {"kind", "host", "port", "mode", "running", "hits", "delay_ms"}
  and, with TLS, "tls" (the current variant) and "handshakes" (TLS handshakes started)}}. `hits` counts DNS/STUN
  datagrams and TCP connections that reached the handler (for HTTPS: after a completed handshake).

Lifetime: prints "READY" on stdout once every listener is bound; exits on SIGTERM/SIGINT, when its stdin reaches
EOF (the parent closed it or died) and, on Linux, when the parent dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import html
import json
import os
import signal
import socket
import ssl
import struct
import sys
from collections.abc import Mapping
from typing import Any

DNS_TYPES = {1: "A", 28: "AAAA"}
QTYPES = {"A": 1, "AAAA": 28}
RCODES = {"NOERROR": 0, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}
REASONS = {
    200: "OK",
    204: "No Content",
    302: "Found",
    404: "Not Found",
    503: "Service Unavailable",
    511: "Network Authentication Required",
}
MODES = {
    "dns": ("normal", "servfail", "refused", "silent", "rewrite", "wrong"),
    "http": ("200", "204", "503", "302", "511", "login", "text", "json", "file", "hang"),
    "tcp": ("accept",),
    "stun": ("normal", "silent"),
}
DEFAULT_LOCATION = "http://portal.lab.test/login"
STUN_COOKIE = 0x2112A442
STUN_BINDING_REQUEST = 0x0001
STUN_BINDING_SUCCESS = 0x0101
STUN_XOR_MAPPED_ADDRESS = 0x0020


def family_of(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def record_set(value: Any) -> dict[int, list[bytes]]:
    """qtype -> rdata of a records value: "addr", ["addr", ...] or {"A": addr(s), "AAAA": addr(s)}."""
    out: dict[int, list[bytes]] = {}

    def add(kind: str | None, address: Any) -> None:
        if isinstance(address, list):
            for item in address:
                add(kind, item)
            return
        if not isinstance(address, str):
            raise ValueError(f"a DNS record address must be a string, not {address!r}")
        family = family_of(address)
        if kind is not None and family != (socket.AF_INET6 if kind == "AAAA" else socket.AF_INET):
            raise ValueError(f"{address!r} is not an {kind} address")
        try:
            rdata = socket.inet_pton(family, address)
        except OSError:
            raise ValueError(f"bad address in DNS record: {address!r}") from None
        out.setdefault(28 if family == socket.AF_INET6 else 1, []).append(rdata)

    if isinstance(value, Mapping):
        for kind, address in value.items():
            if kind not in QTYPES:
                raise ValueError(f"unsupported DNS record type {kind!r} (A or AAAA)")
            add(kind, address)
    else:
        add(None, value)
    return out


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


def dns_answer(
    packet: bytes,
    mode: str,
    records: Mapping[str, Any],
    rewrite_to: Any,
    wrong_records: Mapping[str, Any] | None = None,
) -> bytes | None:
    """The reply to one query under `mode`; None means stay silent."""
    parsed = parse_question(packet)
    if parsed is None or mode == "silent":
        return None
    qid, qflags, name, qtype, question = parsed
    opcode = (qflags >> 11) & 0xF
    answers: list[bytes] = []
    if opcode != 0:
        rcode = RCODES["NOTIMP"]
    elif mode == "servfail":
        rcode = RCODES["SERVFAIL"]
    elif mode == "refused":
        rcode = RCODES["REFUSED"]
    else:
        key = name.rstrip(".")
        value = records.get(key)
        if mode == "wrong" and wrong_records and key in wrong_records:
            value = wrong_records[key]
        if value is None and mode == "rewrite":
            value = rewrite_to
        if value is None:
            rcode = RCODES["NXDOMAIN"]
        else:
            rcode = RCODES["NOERROR"]
            answers = record_set(value).get(qtype, [])
    flags = 0x8000 | (opcode << 11) | 0x0400 | (qflags & 0x0100) | 0x0080 | rcode
    out = struct.pack("!HHHHHH", qid, flags, 1, len(answers), 0, 0) + question
    for rdata in answers:
        out += struct.pack("!HHHIH", 0xC00C, qtype, 1, 60, len(rdata)) + rdata
    return out


def stun_answer(packet: bytes, addr: tuple[Any, ...]) -> bytes | None:
    """The Binding Success Response to a RFC 5389 Binding Request from `addr`, or None for anything else."""
    if len(packet) < 20:
        return None
    mtype, length, cookie = struct.unpack("!HHI", packet[:8])
    if mtype != STUN_BINDING_REQUEST or cookie != STUN_COOKIE or length != len(packet) - 20 or length % 4:
        return None
    txid = packet[8:20]
    host, port = str(addr[0]).split("%", 1)[0], int(addr[1])
    if ":" in host:
        family, raw, key = 0x02, socket.inet_pton(socket.AF_INET6, host), struct.pack("!I", STUN_COOKIE) + txid
    else:
        family, raw, key = 0x01, socket.inet_aton(host), struct.pack("!I", STUN_COOKIE)
    xored = bytes(a ^ b for a, b in zip(raw, key, strict=True))
    value = struct.pack("!BBH", 0, family, port ^ (STUN_COOKIE >> 16)) + xored
    attribute = struct.pack("!HH", STUN_XOR_MAPPED_ADDRESS, len(value)) + value
    return struct.pack("!HHI", STUN_BINDING_SUCCESS, len(attribute), STUN_COOKIE) + txid + attribute


def login_page(title: str, location: str) -> bytes:
    action = html.escape(location, quote=True)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>Log in to use this network.</p><form method='post' action='{action}'>"
        "<label>User <input name='user'></label> <label>Password <input type='password' name='password'></label> "
        "<button type='submit'>Log in</button></form></body></html>\n"
    ).encode()


def http_response(
    mode: str, method: str, path: str, location: str, spec: Mapping[str, Any] | None = None, client: str = ""
) -> tuple[int, dict[str, str], bytes]:
    spec = spec or {}
    path = path.split("?", 1)[0]
    if mode == "503":
        return 503, {"Content-Type": "text/plain"}, b"service unavailable\n"
    if mode == "302":
        return (
            302,
            {"Location": location, "Content-Type": "text/html"},
            b"<a href='" + location.encode() + b"'>login</a>\n",
        )
    if mode == "511":
        return 511, {"Content-Type": "text/html; charset=utf-8"}, login_page("Network login required", location)
    if mode == "login":
        return 200, {"Content-Type": "text/html; charset=utf-8"}, login_page("Lab Wi-Fi login", location)
    if mode == "text":
        text = str(spec.get("text", "$client"))
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, (client if text == "$client" else text).encode()
    if mode in ("json", "file"):
        default_type = "application/json" if mode == "json" else "text/plain; charset=utf-8"
        content_type = str(spec.get("content_type", default_type))
        return 200, {"Content-Type": content_type}, str(spec.get("body", "")).encode()
    bodies = spec.get("bodies") or {}
    if mode in bodies:
        named = bodies[mode]
        content_type = str(named.get("content_type", "text/plain; charset=utf-8"))
        return 200, {"Content-Type": content_type}, str(named.get("body", "")).encode()
    if mode == "204":
        if path == "/generate_204":
            return 204, {}, b""
        return 404, {"Content-Type": "text/plain"}, b"not found\n"
    if path == "/":
        return 200, {"Content-Type": "text/html"}, b"<!doctype html><title>Lab shop</title><p>ok</p>\n"
    return 404, {"Content-Type": "text/plain"}, b"not found\n"


class UdpProtocol(asyncio.DatagramProtocol):
    """DNS or STUN: one reply datagram (or none) per request, after the service's delay."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a _SelectorDatagramTransport

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        self.service.hits += 1
        reply = self.service.udp_reply(data, addr)
        transport = self.transport
        if reply is None or transport is None:
            return

        def send() -> None:
            if not transport.is_closing():
                transport.sendto(reply, addr)

        if self.service.delay_ms > 0:
            asyncio.get_running_loop().call_later(self.service.delay_ms / 1000, send)
        else:
            send()


DnsProtocol = UdpProtocol  # the old name


def _tls_files(value: Any, what: str) -> tuple[str, str]:
    if not isinstance(value, Mapping) or not value.get("cert") or not value.get("key"):
        raise ValueError(f"{what} needs {{'cert': PATH, 'key': PATH}}, not {value!r}")
    return str(value["cert"]), str(value["key"])


class Service:
    """One listener: dns or stun (UDP), http(s) or tcp; can be stopped, started and switched between modes."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.id: str = spec["id"]
        self.kind: str = spec["kind"]
        if self.kind not in MODES:
            raise ValueError(f"unknown service kind {self.kind!r} for {self.id!r}")
        self.host: str = str(spec["host"])
        self.port = int(spec["port"])
        self.bodies: dict[str, Any] = dict(spec.get("bodies") or {})
        for name in self.bodies:
            if name in MODES["http"]:
                raise ValueError(f"{self.id}: a body may not be named like the built-in mode {name!r}")
        self.modes = set(MODES[self.kind]) | (set(self.bodies) if self.kind == "http" else set())
        self.default_mode = self.check_mode(spec.get("mode", MODES[self.kind][0]))
        self.mode = self.default_mode
        self.default_delay_ms = self.check_delay(spec.get("delay_ms", 0))
        self.delay_ms = self.default_delay_ms
        self.hits = 0
        self.handshakes = 0
        self.handle: Any = None
        if self.kind == "dns":  # fail at startup, not at the first query
            for table in ("records", "wrong_records"):
                for value in (spec.get(table) or {}).values():
                    record_set(value)
            record_set(spec.get("rewrite_to", "203.0.113.80"))
        self.tls_contexts: dict[str, ssl.SSLContext] = {}
        self.tls_variant = "default"
        if spec.get("tls") is not None:
            if self.kind != "http":
                raise ValueError(f"{self.id}: only http services serve TLS")
            listening = self._server_context(*_tls_files(spec["tls"], f"{self.id}: tls"))
            listening.sni_callback = self._pick_certificate
            self.tls_contexts["default"] = listening
            for name, files in (spec.get("tls_variants") or {}).items():
                if name == "default":
                    raise ValueError(f"{self.id}: the TLS variant name 'default' is reserved for `tls`")
                self.tls_contexts[name] = self._server_context(*_tls_files(files, f"{self.id}: tls_variants.{name}"))
        elif spec.get("tls_variants"):
            raise ValueError(f"{self.id}: tls_variants without tls")

    def check_mode(self, mode: Any) -> str:
        if str(mode) not in self.modes:
            raise ValueError(f"{self.id}: unknown {self.kind} mode {mode!r} (one of {', '.join(sorted(self.modes))})")
        return str(mode)

    @staticmethod
    def check_delay(ms: Any) -> int:
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms < 0:
            raise ValueError(f"a delay is a number of milliseconds >= 0, not {ms!r}")
        return int(ms)

    def set_tls(self, variant: str) -> None:
        if not self.tls_contexts:
            raise ValueError(f"{self.id} does not serve TLS")
        if variant not in self.tls_contexts:
            raise ValueError(f"{self.id}: no TLS variant {variant!r} (one of {', '.join(sorted(self.tls_contexts))})")
        self.tls_variant = variant

    @staticmethod
    def _server_context(cert: str, key: str) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.set_alpn_protocols(["http/1.1"])
        return context

    def _pick_certificate(self, ssl_object: Any, server_name: str | None, context: ssl.SSLContext) -> None:
        """sni_callback: OpenSSL calls it for every ClientHello, with or without SNI."""
        self.handshakes += 1
        current = self.tls_contexts.get(self.tls_variant)
        if current is not None and current is not context:
            ssl_object.context = current

    @property
    def running(self) -> bool:
        return self.handle is not None

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "host": self.host,
            "port": self.port,
            "mode": self.mode,
            "running": self.running,
            "hits": self.hits,
            "delay_ms": self.delay_ms,
        }
        if self.tls_contexts:
            out["tls"] = self.tls_variant
            out["handshakes"] = self.handshakes
        return out

    async def start(self) -> None:
        if self.handle is not None:
            return
        loop = asyncio.get_running_loop()
        family = family_of(self.host)
        if self.kind in ("dns", "stun"):
            transport, _ = await loop.create_datagram_endpoint(
                lambda: UdpProtocol(self), local_addr=(self.host, self.port), family=family
            )
            self.handle = transport
            self.port = int(transport.get_extra_info("sockname")[1])
            return
        handler = self._http if self.kind == "http" else self._tcp
        tls = self.tls_contexts.get("default")
        server = await asyncio.start_server(
            handler, self.host, self.port, family=family, reuse_address=True, backlog=128, ssl=tls
        )
        self.handle = server
        self.port = int(server.sockets[0].getsockname()[1])

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    def udp_reply(self, data: bytes, addr: tuple[Any, ...]) -> bytes | None:
        if self.kind == "stun":
            return None if self.mode == "silent" else stun_answer(data, addr)
        spec = self.spec
        return dns_answer(
            data, self.mode, spec.get("records", {}), spec.get("rewrite_to", "203.0.113.80"), spec.get("wrong_records")
        )

    async def _tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hits += 1
        try:
            if self.delay_ms > 0:
                await asyncio.sleep(self.delay_ms / 1000)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hits += 1
        try:
            if self.mode == "hang":
                while await reader.read(65536):
                    pass
                return
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split()
            method, path = (parts[0], parts[1]) if len(parts) >= 2 else ("GET", "/")
            if self.mode == "hang":  # switched while the request was read
                while await reader.read(65536):
                    pass
                return
            if self.delay_ms > 0:
                await asyncio.sleep(self.delay_ms / 1000)
            location = self.spec.get("location", DEFAULT_LOCATION)
            peer = writer.get_extra_info("peername")
            client = str(peer[0]) if peer else ""
            status, headers, body = http_response(self.mode, method, path, location, self.spec, client)
            lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "Server: netlab", "Connection: close"]
            if status != 204:
                lines.append(f"Content-Length: {len(body)}")
            lines += [f"{k}: {v}" for k, v in headers.items()]
            payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            if method != "HEAD" and status != 204:
                payload += body
            writer.write(payload)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, OSError):
            pass  # ConnectionError and ssl.SSLError are OSErrors
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
        self.stdin_task: asyncio.Task[None] | None = None

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

        # the loop holds tasks only weakly: without this reference the task can be garbage collected while it waits,
        # and then EOF on stdin is never noticed
        self.stdin_task = loop.create_task(wait_eof())

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
            return {"ok": True, "services": {sid: s.stats() for sid, s in self.services.items()}}
        if cmd == "reset":
            for each in self.services.values():
                each.mode = each.default_mode
                each.delay_ms = each.default_delay_ms
                each.tls_variant = "default"
                await each.start()
            return {"ok": True}
        if cmd not in ("set", "stop", "start", "delay", "tls"):
            return {"ok": False, "error": f"unknown command {cmd!r}"}
        service = self.services.get(request.get("id", ""))
        if service is None:
            return {"ok": False, "error": f"no service {request.get('id')!r} in {self.name}"}
        if cmd == "set":
            service.mode = service.check_mode(request["mode"])
        elif cmd == "stop":
            service.stop()
        elif cmd == "start":
            await service.start()
        elif cmd == "delay":
            service.delay_ms = service.check_delay(request["ms"])
        else:
            service.set_tls(str(request["variant"]))
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
