"""The lab's server process (tests/netlab/servers.py) on loopback, without namespaces and without root.

servers.py runs as the lab runs it (`python -I servers.py '<json spec>'`), bound to 127.0.0.1 / ::1 on ports the
kernel picks (port 0; the control command "stats" reports them), and every mode is checked over real sockets.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netlab import certs
from netlab import servers as servers_module
from netlab.lab import control_request

pytestmark = pytest.mark.slow

SERVERS = Path(servers_module.__file__).resolve()
HAVE_OPENSSL = shutil.which("openssl") is not None
LO = "127.0.0.1"
STATUS_OPERATIONAL = '{"status": {"indicator": "none", "description": "All Systems Operational"}}'
STATUS_INCIDENT = '{"status": {"indicator": "major", "description": "Partial System Outage"}}'
FEED = "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Lab status</title></feed>"
RECORDS: dict[str, Any] = {
    "anchor.lab.test": "203.0.113.64",
    "shop.lab.test": "203.0.113.10",
    "dual.lab.test": {"A": "203.0.113.65", "AAAA": "2001:db8::64"},
    "v6only.lab.test": {"AAAA": ["2001:db8::1", "2001:db8::2"]},
}


def has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


class Proc:
    """One servers.py process and its control socket."""

    def __init__(self, workdir: Path, services: list[dict[str, Any]]) -> None:
        self.control_path = workdir / "ctl.sock"
        spec = {"name": "loopback", "control": str(self.control_path), "services": services}
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(SERVERS), json.dumps(spec)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.first_line = read_line(self.proc, timeout=10)
        self.ports: dict[str, int] = {}
        if self.first_line == b"READY\n":
            self.ports = {sid: s["port"] for sid, s in self.control({"cmd": "stats"})["services"].items()}

    def control(self, request: dict[str, Any]) -> dict[str, Any]:
        return control_request(self.control_path, request, timeout=3)

    def ok(self, request: dict[str, Any]) -> None:
        reply = self.control(request)
        assert reply.get("ok") is True, reply

    def stats(self, sid: str) -> dict[str, Any]:
        result: dict[str, Any] = self.control({"cmd": "stats"})["services"][sid]
        return result

    def stderr_tail(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None or self.proc.stderr.closed:
            return ""
        return self.proc.stderr.read().decode("utf-8", "replace")[-3000:]

    def close(self) -> bool:
        """Close its stdin; True if it then exited by itself (status 0, within 5 s)."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            exited = self.proc.wait(timeout=5) == 0
        except subprocess.TimeoutExpired:
            exited = False
            self.proc.kill()
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return exited


def read_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline() if ready else b""


# --- clients -------------------------------------------------------------------------------------------------


def http_get(
    port: int,
    path: str = "/",
    host: str = LO,
    context: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
    timeout: float = 2.0,
) -> tuple[int, dict[str, str], bytes]:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    raw = socket.socket(family, socket.SOCK_STREAM)
    raw.settimeout(timeout)
    try:
        raw.connect((host, port))
        sock = context.wrap_socket(raw, server_hostname=server_hostname) if context else raw
        name = server_hostname or host
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        raw.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def dns_query(port: int, name: str, qtype: int, host: str = LO, timeout: float = 1.0) -> tuple[int, list[str]]:
    """(rcode, answers as address strings) of one UDP query."""
    qid = int.from_bytes(os.urandom(2), "big")
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    packet = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + struct.pack("!HH", qtype, 1)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, (host, port))
        reply = s.recv(4096)
    rid, flags, qdcount, ancount = struct.unpack("!HHHH", reply[:8])
    assert rid == qid and flags & 0x8000 and qdcount == 1
    pos = 12 + len(question) + 4
    answers = []
    for _ in range(ancount):
        assert reply[pos] & 0xC0 == 0xC0  # a pointer to the question's name
        rtype, rclass, _ttl, rdlength = struct.unpack("!HHIH", reply[pos + 2 : pos + 12])
        rdata = reply[pos + 12 : pos + 12 + rdlength]
        assert rtype == qtype and rclass == 1
        answers.append(socket.inet_ntop(socket.AF_INET6 if rtype == 28 else socket.AF_INET, rdata))
        pos += 12 + rdlength
    return flags & 0xF, answers


STUN_COOKIE = 0x2112A442


def stun_binding(port: int, host: str = LO, timeout: float = 1.0, cookie: int = STUN_COOKIE) -> tuple[str, int, int]:
    """(mapped address, mapped port, the client's own port) from one Binding Request."""
    txid = os.urandom(12)
    request = struct.pack("!HHI", 0x0001, 0, cookie) + txid
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(request, (host, port))
        reply = s.recv(2048)
        own_port = s.getsockname()[1]
    mtype, length, rcookie = struct.unpack("!HHI", reply[:8])
    assert (mtype, rcookie, reply[8:20], length) == (0x0101, STUN_COOKIE, txid, len(reply) - 20)
    pos = 20
    while pos < len(reply):
        atype, alen = struct.unpack("!HH", reply[pos : pos + 4])
        value = reply[pos + 4 : pos + 4 + alen]
        if atype == 0x0020:
            _, fam, xport = struct.unpack("!BBH", value[:4])
            key = struct.pack("!I", STUN_COOKIE) + (txid if fam == 0x02 else b"")
            raw = bytes(a ^ b for a, b in zip(value[4:], key, strict=True))
            addr = socket.inet_ntop(socket.AF_INET6 if fam == 0x02 else socket.AF_INET, raw)
            return addr, xport ^ (STUN_COOKIE >> 16), own_port
        pos += 4 + (alen + 3) // 4 * 4
    raise AssertionError("no XOR-MAPPED-ADDRESS in the response")


def tls_client(cafile: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cafile))


def running(proc: Proc) -> Iterator[Proc]:
    """A fixture's body: the started process, then a check that it exits when its stdin closes."""
    if proc.first_line != b"READY\n":
        proc.close()
        pytest.fail(f"servers.py did not start: {proc.first_line!r} {proc.stderr_tail()}")
    yield proc
    assert proc.close(), "servers.py did not exit when its stdin closed"


# --- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cert_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    if not HAVE_OPENSSL:
        return {}
    return certs.make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="module")
def lab4(tmp_path_factory: pytest.TempPathFactory, cert_files: dict[str, tuple[Path, Path]]) -> Iterator[Proc]:
    def http(sid: str, **extra: Any) -> dict[str, Any]:
        return {"id": sid, "kind": "http", "host": LO, "port": 0, **extra}

    services: list[dict[str, Any]] = [
        http("portal-511", mode="511", location="http://198.51.100.1:8080/login"),
        http("portal-login", mode="login"),
        http("ip-echo", mode="text", text="$client"),
        http("fixed-text", mode="text", text="198.51.100.7"),
        http("summary", mode="json", body=STATUS_OPERATIONAL),
        http("feed", mode="file", content_type="application/atom+xml", body=FEED),
        http(
            "status",
            mode="operational",
            bodies={
                "operational": {"content_type": "application/json", "body": STATUS_OPERATIONAL},
                "incident": {"content_type": "application/json", "body": STATUS_INCIDENT},
            },
        ),
        http("hang", mode="hang"),
        http("classic", mode="204", location="http://portal.lab.test/login"),
        {"id": "tcp", "kind": "tcp", "host": LO, "port": 0},
        {"id": "tcp-slow", "kind": "tcp", "host": "127.0.0.2", "port": 0, "delay_ms": 200},
        {
            "id": "dns",
            "kind": "dns",
            "host": LO,
            "port": 0,
            "records": RECORDS,
            "wrong_records": {"shop.lab.test": "203.0.113.99"},
        },
        {"id": "stun", "kind": "stun", "host": LO, "port": 0},
    ]
    if cert_files:
        cert, key = cert_files["valid"]
        variants = {name: {"cert": str(c), "key": str(k)} for name, (c, k) in cert_files.items() if name != "ca"}
        services.append(http("https", mode="200", tls={"cert": str(cert), "key": str(key)}, tls_variants=variants))
    yield from running(Proc(tmp_path_factory.mktemp("servers4"), services))


@pytest.fixture
def lab(lab4: Proc) -> Proc:
    """The IPv4 process, back in its default state."""
    lab4.ok({"cmd": "reset"})
    return lab4


@pytest.fixture(scope="module")
def lab6(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    if not has_ipv6_loopback():
        pytest.skip("no IPv6 loopback (::1) here")
    services: list[dict[str, Any]] = [
        {"id": "ip-echo6", "kind": "http", "host": "::1", "port": 0, "mode": "text"},
        {"id": "tcp6", "kind": "tcp", "host": "::1", "port": 0},
        {"id": "dns6", "kind": "dns", "host": "::1", "port": 0, "records": RECORDS},
        {"id": "stun6", "kind": "stun", "host": "::1", "port": 0},
    ]
    yield from running(Proc(tmp_path_factory.mktemp("servers6"), services))


# --- HTTP modes ----------------------------------------------------------------------------------------------


def test_511_serves_a_login_page_for_every_path(lab: Proc) -> None:
    for path in ("/", "/generate_204", "/hotspot-detect.html"):
        status, headers, body = http_get(lab.ports["portal-511"], path)
        assert status == 511
        assert headers["content-type"].startswith("text/html")
        assert b"<form" in body and b"type='password'" in body
        assert b"http://198.51.100.1:8080/login" in body
        assert int(headers["content-length"]) == len(body)


def test_login_answers_200_with_a_password_form(lab: Proc) -> None:
    for path in ("/", "/generate_204", "/anything?x=1"):
        status, headers, body = http_get(lab.ports["portal-login"], path)
        assert status == 200
        assert headers["content-type"].startswith("text/html")
        assert b"<form" in body and b"type='password'" in body


def test_text_echoes_the_client_address_or_the_fixed_text(lab: Proc) -> None:
    status, headers, body = http_get(lab.ports["ip-echo"], "/ip")
    assert (status, body) == (200, b"127.0.0.1")
    assert headers["content-type"].startswith("text/plain")
    assert http_get(lab.ports["fixed-text"], "/")[2] == b"198.51.100.7"


def test_json_and_file_bodies(lab: Proc) -> None:
    status, headers, body = http_get(lab.ports["summary"], "/api/v2/summary.json")
    assert (status, headers["content-type"]) == (200, "application/json")
    assert json.loads(body) == json.loads(STATUS_OPERATIONAL)
    status, headers, body = http_get(lab.ports["feed"], "/history.atom")
    assert (status, headers["content-type"], body.decode()) == (200, "application/atom+xml", FEED)


def test_named_bodies_switch_over_control(lab: Proc) -> None:
    port = lab.ports["status"]
    assert json.loads(http_get(port, "/api/v2/summary.json")[2])["status"]["indicator"] == "none"
    lab.ok({"cmd": "set", "id": "status", "mode": "incident"})
    assert lab.stats("status")["mode"] == "incident"
    assert json.loads(http_get(port, "/api/v2/summary.json")[2])["status"]["indicator"] == "major"
    refused = lab.control({"cmd": "set", "id": "status", "mode": "no-such-body"})
    assert refused["ok"] is False and "unknown http mode" in refused["error"]
    lab.ok({"cmd": "reset"})
    assert json.loads(http_get(port, "/")[2])["status"]["indicator"] == "none"


def test_hang_reads_the_request_and_never_answers(lab: Proc) -> None:
    hits = lab.stats("hang")["hits"]
    with socket.create_connection((LO, lab.ports["hang"]), timeout=0.3) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(socket.timeout):
            s.recv(1)
    assert lab.stats("hang")["hits"] == hits + 1


def test_old_modes_still_work(lab: Proc) -> None:
    port = lab.ports["classic"]
    assert http_get(port, "/generate_204")[0] == 204
    assert http_get(port, "/")[0] == 404
    lab.ok({"cmd": "set", "id": "classic", "mode": "302"})
    status, headers, _ = http_get(port, "/generate_204")
    assert (status, headers["location"]) == (302, "http://portal.lab.test/login")
    lab.ok({"cmd": "set", "id": "classic", "mode": "200"})
    assert http_get(port, "/")[0] == 200
    lab.ok({"cmd": "set", "id": "classic", "mode": "503"})
    assert http_get(port, "/")[0] == 503
    lab.ok({"cmd": "stop", "id": "classic"})
    with pytest.raises(ConnectionRefusedError):
        http_get(port)
    lab.ok({"cmd": "start", "id": "classic"})  # the same port again, although the spec said 0
    assert http_get(port, "/")[0] == 503
    assert lab.control({"cmd": "frobnicate", "id": "classic"})["ok"] is False
    assert lab.control({"cmd": "set", "id": "nope", "mode": "200"})["ok"] is False


# --- TLS -----------------------------------------------------------------------------------------------------

needs_openssl = pytest.mark.skipif(not HAVE_OPENSSL, reason="the openssl command is not installed")


@needs_openssl
def test_make_certs_is_fast_and_world_readable(tmp_path: Path) -> None:
    started = time.perf_counter()
    made = certs.make_certs(tmp_path / "certs")
    assert time.perf_counter() - started < 2
    assert set(made) == {"ca", "valid", "expired", "wronghost"}
    for cert, key in made.values():
        assert cert.stat().st_mode & 0o777 == 0o644 and key.stat().st_mode & 0o777 == 0o644
        assert cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert sorted(p.name for p in (tmp_path / "certs").iterdir()) == sorted(
        p.name for pair in made.values() for p in pair
    )


@needs_openssl
def test_tls_valid_expired_wronghost(lab: Proc, cert_files: dict[str, tuple[Path, Path]]) -> None:
    port, client = lab.ports["https"], tls_client(cert_files["ca"][0])
    status, _, body = http_get(port, "/", context=client, server_hostname="shop.lab.test")
    assert status == 200 and b"Lab shop" in body
    assert lab.stats("https")["tls"] == "default"

    lab.ok({"cmd": "tls", "id": "https", "variant": "expired"})
    with pytest.raises(ssl.SSLCertVerificationError) as expired:
        http_get(port, "/", context=client, server_hostname="shop.lab.test")
    assert "certificate has expired" in str(expired.value)

    lab.ok({"cmd": "tls", "id": "https", "variant": "wronghost"})
    with pytest.raises(ssl.SSLCertVerificationError) as wrong:
        http_get(port, "/", context=client, server_hostname="shop.lab.test")
    assert "Hostname mismatch" in str(wrong.value)

    lab.ok({"cmd": "tls", "id": "https", "variant": "valid"})
    assert http_get(port, "/", context=client, server_hostname="shop.lab.test")[0] == 200
    assert lab.control({"cmd": "tls", "id": "https", "variant": "nope"})["ok"] is False
    assert lab.control({"cmd": "tls", "id": "tcp", "variant": "valid"})["ok"] is False

    lab.ok({"cmd": "tls", "id": "https", "variant": "expired"})
    lab.ok({"cmd": "reset"})
    assert http_get(port, "/", context=client, server_hostname="shop.lab.test")[0] == 200
    assert lab.stats("https")["handshakes"] >= 5


@needs_openssl
def test_tls_variant_applies_without_sni(lab: Proc, cert_files: dict[str, tuple[Path, Path]]) -> None:
    """A client that connects by address sends no server name; it still gets the current variant."""
    lab.ok({"cmd": "tls", "id": "https", "variant": "expired"})
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((LO, lab.ports["https"]), timeout=2) as raw,
        client.wrap_socket(raw, server_hostname=None) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der == ssl.PEM_cert_to_DER_cert(cert_files["expired"][0].read_text())


# --- delay ---------------------------------------------------------------------------------------------------


def test_delay_http_and_tcp(lab: Proc) -> None:
    lab.ok({"cmd": "delay", "id": "ip-echo", "ms": 300})
    assert lab.stats("ip-echo")["delay_ms"] == 300
    started = time.perf_counter()
    assert http_get(lab.ports["ip-echo"])[2] == b"127.0.0.1"
    assert time.perf_counter() - started >= 0.3

    with socket.create_connection(("127.0.0.2", lab.ports["tcp-slow"]), timeout=2) as s:  # the spec's 200 ms
        started = time.perf_counter()
        assert s.recv(1) == b""
        assert time.perf_counter() - started >= 0.19

    lab.ok({"cmd": "delay", "id": "tcp", "ms": 250})
    with socket.create_connection((LO, lab.ports["tcp"]), timeout=2) as s:
        started = time.perf_counter()
        assert s.recv(1) == b""
        assert time.perf_counter() - started >= 0.25

    assert lab.control({"cmd": "delay", "id": "tcp", "ms": -1})["ok"] is False
    lab.ok({"cmd": "reset"})
    assert lab.stats("tcp")["delay_ms"] == 0 and lab.stats("tcp-slow")["delay_ms"] == 200
    started = time.perf_counter()
    http_get(lab.ports["ip-echo"])
    assert time.perf_counter() - started < 0.25


def test_delay_dns(lab: Proc) -> None:
    lab.ok({"cmd": "delay", "id": "dns", "ms": 200})
    started = time.perf_counter()
    assert dns_query(lab.ports["dns"], "anchor.lab.test", 1) == (0, ["203.0.113.64"])
    assert time.perf_counter() - started >= 0.2


# --- DNS -----------------------------------------------------------------------------------------------------


def test_dns_a_and_aaaa(lab: Proc) -> None:
    port = lab.ports["dns"]
    assert dns_query(port, "anchor.lab.test", 1) == (0, ["203.0.113.64"])
    assert dns_query(port, "anchor.lab.test", 28) == (0, [])  # a plain string stays A: NODATA for AAAA
    assert dns_query(port, "dual.lab.test", 1) == (0, ["203.0.113.65"])
    assert dns_query(port, "dual.lab.test", 28) == (0, ["2001:db8::64"])
    assert dns_query(port, "v6only.lab.test", 28) == (0, ["2001:db8::1", "2001:db8::2"])
    assert dns_query(port, "v6only.lab.test", 1) == (0, [])
    assert dns_query(port, "missing.lab.test", 28) == (3, [])


def test_dns_wrong_mode(lab: Proc) -> None:
    port = lab.ports["dns"]
    assert dns_query(port, "shop.lab.test", 1) == (0, ["203.0.113.10"])
    lab.ok({"cmd": "set", "id": "dns", "mode": "wrong"})
    assert dns_query(port, "shop.lab.test", 1) == (0, ["203.0.113.99"])
    assert dns_query(port, "anchor.lab.test", 1) == (0, ["203.0.113.64"])
    assert dns_query(port, "missing.lab.test", 1) == (3, [])
    lab.ok({"cmd": "set", "id": "dns", "mode": "servfail"})
    assert dns_query(port, "shop.lab.test", 1) == (2, [])


# --- STUN ----------------------------------------------------------------------------------------------------


def test_stun_binding_response(lab: Proc) -> None:
    address, mapped_port, own_port = stun_binding(lab.ports["stun"])
    assert (address, mapped_port) == ("127.0.0.1", own_port)
    assert lab.stats("stun")["hits"] >= 1


def test_stun_silent_and_garbage(lab: Proc) -> None:
    with pytest.raises(socket.timeout):
        stun_binding(lab.ports["stun"], timeout=0.2, cookie=0x12345678)  # not RFC 5389: dropped
    lab.ok({"cmd": "set", "id": "stun", "mode": "silent"})
    with pytest.raises(socket.timeout):
        stun_binding(lab.ports["stun"], timeout=0.2)
    lab.ok({"cmd": "reset"})
    assert stun_binding(lab.ports["stun"])[0] == "127.0.0.1"


# --- IPv6 ----------------------------------------------------------------------------------------------------


def test_ipv6_services(lab6: Proc) -> None:
    assert http_get(lab6.ports["ip-echo6"], host="::1")[2] == b"::1"
    with socket.create_connection(("::1", lab6.ports["tcp6"]), timeout=2) as s:
        assert s.recv(1) == b""
    assert dns_query(lab6.ports["dns6"], "dual.lab.test", 28, host="::1") == (0, ["2001:db8::64"])
    assert dns_query(lab6.ports["dns6"], "dual.lab.test", 1, host="::1") == (0, ["203.0.113.65"])
    address, mapped_port, own_port = stun_binding(lab6.ports["stun6"], host="::1")
    assert (address, mapped_port) == ("::1", own_port)


# --- lifetime and bad specs ----------------------------------------------------------------------------------


def test_exits_when_stdin_closes(tmp_path: Path) -> None:
    proc = Proc(tmp_path, [{"id": "tcp", "kind": "tcp", "host": LO, "port": 0}])
    try:
        assert proc.first_line == b"READY\n"
        assert proc.control({"cmd": "ping"}) == {"ok": True, "name": "loopback"}
        assert proc.proc.stdin is not None
        proc.proc.stdin.close()
        assert proc.proc.wait(timeout=3) == 0
        assert not proc.control_path.exists()
    finally:
        proc.close()


@pytest.mark.parametrize(
    "service",
    [
        {"id": "x", "kind": "http", "host": LO, "port": 0, "mode": "418"},
        {"id": "x", "kind": "dns", "host": LO, "port": 0, "records": {"a.test": "not-an-address"}},
        {"id": "x", "kind": "dns", "host": LO, "port": 0, "records": {"a.test": {"A": "2001:db8::1"}}},
        {"id": "x", "kind": "http", "host": LO, "port": 0, "bodies": {"200": {"body": "x"}}},
        {"id": "x", "kind": "tcp", "host": LO, "port": 0, "tls": {"cert": "/nonexistent", "key": "/nonexistent"}},
        {"id": "x", "kind": "gopher", "host": LO, "port": 0},
    ],
)
def test_a_bad_spec_fails_before_ready(tmp_path: Path, service: dict[str, Any]) -> None:
    proc = Proc(tmp_path, [service])
    try:
        assert proc.first_line == b""
        assert proc.proc.wait(timeout=3) != 0
    finally:
        proc.close()
