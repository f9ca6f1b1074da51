"""Single network probes (TCP, ICMP, UDP DNS, system resolver, HTTP, TLS), each returning a plain result dict.

Every probe takes an absolute `until` (event-loop time) and never runs past it. Results follow docs/probes.md.
No probe needs root. Host names are resolved only through `system_resolve`, which runs `getaddrinfo` in a
daemon thread: a lookup stuck in the resolver can neither delay the deadline nor the process exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
import ssl
import statistics
import struct
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from reportkit.collectors import dnswire
from reportkit.validate import split_hostport as split_hostport  # the one host:port parser (re-exported)

Result = dict[str, Any]
UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTDOWN, errno.EADDRNOTAVAIL}
_RANK = {"ok": 0, "refused": 1}


def result(
    rid: str,
    group: str,
    target: str,
    sent: str,
    outcome: str,
    detail: str,
    *,
    ms: float | None = None,
    samples: list[dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> Result:
    return {
        "id": rid,
        "group": group,
        "target": target,
        "sent": sent,
        "outcome": outcome,
        "ms": None if ms is None else round(ms, 1),
        "samples": samples or [],
        "detail": detail,
        "data": data or {},
    }


def failure(rid: str, group: str, target: str, sent: str, exc: BaseException, data: dict[str, Any]) -> Result:
    """A probe that got no usable answer: the outcome named by the exception, one line of detail."""
    outcome = classify(exc)
    return result(
        rid, group, target, sent, outcome, "no answer" if outcome == "timeout" else f"failed: {exc}", data=data
    )


def _left(until: float) -> float:
    return max(0.0, until - asyncio.get_running_loop().time())


def _fmt_ms(ms: float | None) -> str:
    return "?" if ms is None else f"{ms:.0f} ms"


def classify(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "timeout"
    if isinstance(exc, OSError) and exc.errno in UNREACHABLE:
        return "unreachable"
    return "error"


# --------------------------------------------------------------------------- TCP


async def tcp_once(host: str, port: int, timeout: float) -> tuple[str, float | None, str]:
    """One connect: (outcome, ms, error text). Connection refused proves the host is alive."""
    started = time.perf_counter()
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except BaseException as exc:
        if isinstance(exc, asyncio.CancelledError):
            raise
        outcome = classify(exc)
        ms = (time.perf_counter() - started) * 1000 if outcome in ("refused", "unreachable") else None
        return outcome, ms, str(exc) or type(exc).__name__
    ms = (time.perf_counter() - started) * 1000
    writer.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.wait_closed(), 0.2)
    return "ok", ms, ""


async def tcp_probe(
    group: str, host: str, port: int, *, until: float, samples: int = 3, timeout: float = 2.0, spacing: float = 0.05
) -> Result:
    """Several connects, staggered, in parallel: loss and latency estimate."""

    async def sample(i: int) -> tuple[str, float | None, str]:
        await asyncio.sleep(min(i * spacing, _left(until)))
        return await tcp_once(host, port, max(0.01, min(timeout, _left(until))))

    got = await asyncio.gather(*(sample(i) for i in range(samples)))
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return _sampled(f"{group}:tcp:{target}", group, target, f"TCP connect to {target}, {samples} samples", got)


def _sampled(rid: str, group: str, target: str, sent: str, got: list[tuple[str, float | None, str]]) -> Result:
    outcomes = [o for o, _, _ in got]
    best = min(outcomes, key=lambda o: _RANK.get(o, 2))
    answered = [ms for o, ms, _ in got if o in ("ok", "refused") and ms is not None]
    ms = statistics.median(answered) if answered else None
    loss = 1 - len(answered) / len(got) if got else 1.0
    errors = sorted({e for o, _, e in got if o == best and e})  # the error behind the reported outcome
    words = {
        "ok": "connected",
        "refused": "refused (host is alive)",
        "timeout": "no answer",
        "unreachable": "unreachable",
        "error": "failed",
    }
    detail = f"{words.get(best, best)}" + (f" in {_fmt_ms(ms)}" if ms is not None else "")
    detail += f" ({len(answered)}/{len(got)} answered)" + (f": {errors[0]}" if errors and not answered else "")
    return result(
        rid,
        group,
        target,
        sent,
        best,
        detail,
        ms=ms,
        samples=[{"outcome": o, "ms": None if m is None else round(m, 1)} for o, m, _ in got],
        data={"answered": len(answered), "sent": len(got), "loss": round(loss, 2)},
    )


# --------------------------------------------------------------------------- ICMP


async def icmp_probe(group: str, host: str, *, until: float, samples: int = 3, timeout: float = 1.0) -> Result:
    """Unprivileged ICMP echo (SOCK_DGRAM) where the OS permits it; 'not-permitted' otherwise."""
    target, sent = host, f"ICMP echo to {host}, {samples} samples"
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except OSError as exc:
        return result(
            f"{group}:icmp:{host}",
            group,
            target,
            sent,
            "not-permitted",
            f"ICMP not permitted for this user ({exc.strerror or exc})",
        )
    got: list[tuple[str, float | None, str]] = []
    with sock:
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        try:
            # a datagram connect sends nothing and never blocks; asyncio's sock_connect would run getaddrinfo with
            # this socket's type and fail ("ai_socktype not supported") where unprivileged ping is allowed
            sock.connect((host, 0))
        except OSError as exc:
            return result(
                f"{group}:icmp:{host}", group, target, sent, classify(exc), f"could not send: {exc.strerror or exc}"
            )
        for seq in range(samples):
            packet = struct.pack("!BBHHH", 8, 0, 0, 0, seq) + b"reportkit"
            started = time.perf_counter()
            try:
                await loop.sock_sendall(sock, packet)
                await asyncio.wait_for(loop.sock_recv(sock, 1024), max(0.01, min(timeout, _left(until))))
                got.append(("ok", (time.perf_counter() - started) * 1000, ""))
            except asyncio.CancelledError:
                raise
            except BaseException as exc:
                got.append((classify(exc), None, str(exc) or type(exc).__name__))
    return _sampled(f"{group}:icmp:{host}", group, target, sent, got)


# --------------------------------------------------------------------------- DNS


class _DnsClient(asyncio.DatagramProtocol):
    def __init__(self, ident: int) -> None:
        self.ident = ident
        self.answer: asyncio.Future[dnswire.Answer] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: Any) -> None:
        with contextlib.suppress(ValueError):
            parsed = dnswire.parse_response(data)
            if parsed.ident == self.ident and not self.answer.done():
                self.answer.set_result(parsed)

    def error_received(self, exc: Exception) -> None:
        if not self.answer.done():
            self.answer.set_exception(exc)


async def dns_probe(
    group: str, server: str, name: str, *, until: float, timeout: float = 2.0, role: str = "known"
) -> Result:
    """A direct UDP query for `name` (A) to `server` (ip or ip:port), one retransmission. `role`: "known" (a name
    that must exist) or "service" (the service's name, compared with the system resolver's answer)."""
    host, port = split_hostport(server, 53, "resolver")
    target = f"{name} @ {server}"
    sent = f"UDP DNS query A {name} to {host}:{port}"
    rid = f"{group}:dns:{server}:{name}"
    ident = int.from_bytes(os.urandom(2), "big")
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        transport, proto = await loop.create_datagram_endpoint(
            lambda: _DnsClient(ident), remote_addr=(host, port), family=family
        )
    except OSError as exc:
        return result(
            rid,
            group,
            target,
            sent,
            classify(exc),
            f"could not send: {exc.strerror or exc}",
            data={"server": server, "name": name, "role": role},
        )
    try:
        query = dnswire.build_query(ident, name)
        budget = max(0.01, min(timeout, _left(until)))
        transport.sendto(query)
        retransmitted = False
        try:
            answer = await asyncio.wait_for(asyncio.shield(proto.answer), budget / 2)
        except (TimeoutError, asyncio.TimeoutError):
            retransmitted = True
            transport.sendto(query)  # one retransmission, as resolvers do
            answer = await asyncio.wait_for(proto.answer, max(0.01, min(budget / 2, _left(until))))
    except asyncio.CancelledError:
        raise
    except BaseException as exc:
        return failure(rid, group, target, sent, exc, {"server": server, "name": name, "role": role})
    finally:
        transport.close()
    ms = (time.perf_counter() - started) * 1000
    outcome = {
        "NOERROR": "ok" if answer.addresses else "error",
        "NXDOMAIN": "nxdomain",
        "SERVFAIL": "servfail",
        "REFUSED": "refused",
    }.get(answer.rcode, "error")
    detail = (
        f"answered {', '.join(answer.addresses)} in {_fmt_ms(ms)}"
        if answer.addresses
        else f"answered {answer.rcode} in {_fmt_ms(ms)}"
    )
    return result(
        rid,
        group,
        target,
        sent,
        outcome,
        detail,
        ms=ms,
        data={
            "server": server,
            "name": name,
            "role": role,
            "rcode": answer.rcode,
            "answers": list(answer.addresses),
            "retransmitted": retransmitted,
        },
    )


def _resolve_in_thread(name: str) -> asyncio.Future[list[str]]:
    """getaddrinfo has no timeout: run it in a daemon thread and hand the answer back to the loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[str]] = loop.create_future()

    def deliver(value: list[str] | BaseException) -> None:
        if future.done():
            return
        if isinstance(value, BaseException):
            future.set_exception(value)
        else:
            future.set_result(value)

    def work() -> None:
        value: list[str] | BaseException
        try:
            infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
            value = list(dict.fromkeys(str(info[4][0]) for info in infos))
        except BaseException as exc:
            value = exc
        with contextlib.suppress(RuntimeError):  # the loop may be gone after the deadline
            loop.call_soon_threadsafe(deliver, value)

    threading.Thread(target=work, name=f"resolve {name}", daemon=True).start()
    return future


async def system_resolve(name: str, until: float) -> list[str]:
    return await asyncio.wait_for(_resolve_in_thread(name), max(0.01, _left(until)))


async def system_dns_probe(group: str, name: str, *, until: float, role: str = "known") -> Result:
    sent = f"lookup of {name} through the system resolver"
    rid = f"{group}:{role}:{name}"
    started = time.perf_counter()
    try:
        addresses = await system_resolve(name, until)
    except asyncio.CancelledError:
        raise
    except socket.gaierror as exc:
        ms = (time.perf_counter() - started) * 1000
        outcome = "nxdomain" if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)) else "error"
        return result(
            rid,
            group,
            name,
            sent,
            outcome,
            f"{exc.strerror} after {_fmt_ms(ms)}",
            ms=ms,
            data={"name": name, "addresses": [], "role": role},
        )
    except BaseException as exc:
        outcome = classify(exc)
        return result(
            rid,
            group,
            name,
            sent,
            outcome,
            "no answer" if outcome == "timeout" else str(exc),
            data={"name": name, "addresses": [], "role": role},
        )
    ms = (time.perf_counter() - started) * 1000
    return result(
        rid,
        group,
        name,
        sent,
        "ok",
        f"{', '.join(addresses[:3])} in {_fmt_ms(ms)}",
        ms=ms,
        data={"name": name, "addresses": addresses, "role": role},
    )


# --------------------------------------------------------------------------- HTTP / TLS


class Outside(Exception):
    """A name resolved to an address outside REPORTKIT_PROBE_ALLOW: nothing is sent to it."""


def _inside(address: str, allow: tuple[str, ...]) -> bool:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.split("%")[0])
        return any(ip in ipaddress.ip_network(c, strict=False) for c in allow)
    except ValueError:
        return False


async def _address_for(host: str, until: float, allow: tuple[str, ...] = ()) -> str:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
        address = host
    except OSError:
        addresses = await system_resolve(host, until)
        if not addresses:
            raise OSError(errno.EHOSTUNREACH, f"{host} has no address") from None
        address = addresses[0]
    if allow and not _inside(address, allow):
        raise Outside(f"{host} resolved to {address}, outside REPORTKIT_PROBE_ALLOW: not contacted")
    return address


def _outside(rid: str, group: str, target: str, sent: str, exc: Outside) -> Result:
    return result(rid, group, target, sent, "skipped", str(exc))


async def http_probe(
    group: str,
    url: str,
    *,
    until: float,
    timeout: float = 3.0,
    verify: bool = True,
    read_body: int = 0,
    cafile: str | None = None,
    allow: tuple[str, ...] = (),
) -> Result:
    """GET the URL (no redirects followed) and record the status line, Location and body size. With `allow`
    (REPORTKIT_PROBE_ALLOW), an address outside it is never contacted (outcome skipped)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = f"HTTP GET {url} (no redirects)"
    rid = f"{group}:http:{url}"
    started = time.perf_counter()
    phase: dict[str, bool] = {"connected": False}
    try:
        status, reason, headers, body = await asyncio.wait_for(
            _http_get(
                host,
                port,
                path,
                _tls_context(verify, cafile) if parts.scheme == "https" else None,
                read_body,
                until,
                phase,
                allow,
            ),
            max(0.01, min(timeout, _left(until))),
        )
    except asyncio.CancelledError:
        raise
    except Outside as exc:
        return _outside(rid, group, url, sent, exc)
    except ssl.SSLCertVerificationError as exc:
        if verify:  # still learn what the application answers
            retry = await http_probe(
                group, url, until=until, timeout=timeout, verify=False, read_body=read_body, cafile=cafile, allow=allow
            )
            retry["data"]["tls_error"] = exc.verify_message or str(exc)
            return retry
        raise
    except BaseException as exc:
        outcome = classify(exc)
        connected = phase["connected"]
        detail = (
            ("connected, but no answer" if connected else "no answer") if outcome == "timeout" else f"failed: {exc}"
        )
        return result(rid, group, url, sent, outcome, detail, data={"url": url, "connected": connected})
    ms = (time.perf_counter() - started) * 1000
    data = {
        "url": url,
        "connected": True,
        "status": status,
        "reason": reason,
        "location": headers.get("location"),
        "body_bytes": len(body),
    }
    return result(rid, group, url, sent, "ok", f"HTTP {status} {reason} in {_fmt_ms(ms)}", ms=ms, data=data)


async def _http_get(
    host: str,
    port: int,
    path: str,
    context: ssl.SSLContext | None,
    read_body: int,
    until: float,
    phase: dict[str, bool] | None = None,
    allow: tuple[str, ...] = (),
) -> tuple[int, str, dict[str, str], bytes]:
    address = await _address_for(host, until, allow)
    reader, writer = await asyncio.open_connection(
        address, port, ssl=context, server_hostname=host if context else None
    )
    if phase is not None:
        phase["connected"] = True  # TCP (and TLS) done: what follows is the application's answer
    try:
        host_header = f"[{host}]" if ":" in host else host
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: reportkit-probe\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n".encode("ascii", "ignore")
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        _version, status, *rest = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        body = await reader.read(read_body) if read_body else b""
        return int(status), rest[0] if rest else "", headers, body
    finally:
        writer.close()


def _tls_context(verify: bool, cafile: str | None = None) -> ssl.SSLContext:
    """The system trust store (plus `probes.ca_file` for a private CA); unverified only to read the app's status."""
    context = ssl.create_default_context(cafile=cafile or None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


async def tls_probe(
    group: str,
    host: str,
    port: int,
    server_name: str,
    *,
    until: float,
    timeout: float = 3.0,
    cafile: str | None = None,
    allow: tuple[str, ...] = (),
) -> Result:
    """Verify the certificate chain and host name; report days until expiry."""
    target = f"{server_name}:{port}"
    sent = f"TLS handshake with {target} (certificate check)"
    rid = f"{group}:tls:{target}"
    started = time.perf_counter()
    try:
        address = await _address_for(host, until, allow)
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(address, port, ssl=_tls_context(True, cafile), server_hostname=server_name),
            max(0.01, min(timeout, _left(until))),
        )
    except asyncio.CancelledError:
        raise
    except Outside as exc:
        return _outside(rid, group, target, sent, exc)
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or str(exc)
        return result(
            rid,
            group,
            target,
            sent,
            "ok",
            f"certificate not valid: {reason}",
            data={"valid": False, "error": reason, "days_left": None, "not_after": None},
        )
    except BaseException as exc:
        return failure(
            rid, group, target, sent, exc, {"valid": None, "error": str(exc), "days_left": None, "not_after": None}
        )
    ms = (time.perf_counter() - started) * 1000
    cert = writer.get_extra_info("peercert") or {}
    writer.close()
    not_after = cert.get("notAfter")
    days = int((ssl.cert_time_to_seconds(not_after) - time.time()) // 86400) if not_after else None
    return result(
        rid,
        group,
        target,
        sent,
        "ok",
        f"certificate valid, {days} days left" if days is not None else "certificate valid",
        ms=ms,
        data={"valid": True, "error": None, "days_left": days, "not_after": not_after},
    )
