"""Probe primitives and the concurrent runner, against real servers on loopback only (127.0.0.0/8)."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import socket
import ssl
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from reportkit.collectors import dnswire, netprobe, probes
from reportkit.errors import InputError


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def until(seconds: float) -> float:
    return asyncio.get_event_loop().time() + seconds


async def within(seconds: float, coro_factory: Any) -> Any:
    return await coro_factory(asyncio.get_running_loop().time() + seconds)


# --------------------------------------------------------------------------- loopback servers


@pytest.fixture
def tcp_listener() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


class FakeDns(threading.Thread):
    """A UDP DNS server on 127.0.0.1: answers A for known names, NXDOMAIN otherwise; modes servfail/silent."""

    def __init__(self, records: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.records, self.mode = records, "normal"
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def run(self) -> None:
        while True:
            try:
                packet, peer = self.sock.recvfrom(512)
            except OSError:
                return
            if self.mode == "silent":
                continue
            self.sock.sendto(self.answer(packet), peer)

    def answer(self, query: bytes) -> bytes:
        ident = struct.unpack("!H", query[:2])[0]
        end = query.index(b"\x00", 12) + 5
        labels, i = [], 12
        while query[i]:
            labels.append(query[i + 1 : i + 1 + query[i]].decode())
            i += 1 + query[i]
        name = ".".join(labels)
        address = self.records.get(name)
        rcode = 2 if self.mode == "servfail" else (0 if address else 3)
        header = struct.pack("!HHHHHH", ident, 0x8180 | rcode, 1, 1 if address and rcode == 0 else 0, 0, 0)
        body = query[12:end]
        if address and rcode == 0:
            body += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(address)
        return header + body

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def dns_server() -> Iterator[FakeDns]:
    server = FakeDns({"anchor.lab.test": "127.0.0.9"})
    server.start()
    yield server
    server.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str]]]] = {}

    def do_GET(self) -> None:
        status, headers = self.routes.get(self.path, (404, {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    _Handler.routes = {
        "/generate_204": (204, {}),
        "/login": (302, {"Location": "http://portal.example/"}),
        "/down": (503, {}),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[int]:
    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with contextlib.suppress(OSError, ssl.SSLError), context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1024)
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()


# --------------------------------------------------------------------------- DNS wire format


def test_dns_query_and_response_round_trip(dns_server: FakeDns) -> None:
    query = dnswire.build_query(0x1234, "anchor.lab.test")
    answer = dnswire.parse_response(dns_server.answer(query))
    assert answer == dnswire.Answer(0x1234, "NOERROR", ("127.0.0.9",))
    missing = dnswire.parse_response(dns_server.answer(dnswire.build_query(7, "nope.lab.test")))
    assert missing.rcode == "NXDOMAIN" and missing.addresses == ()


@pytest.mark.parametrize(
    "packet",
    [
        b"",
        b"\x00" * 11,
        b"\x12\x34\x01\x00" + b"\x00" * 8,
        b"\x12\x34\x81\x80\x00\x01\x00\x00\x00\x00\x00\x00" + b"\x3f" * 5,
        b"\x12\x34\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00\x01\x00\x01"
        + b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f",
    ],
)
def test_malformed_dns_responses_raise_value_error(packet: bytes) -> None:
    with pytest.raises(ValueError):
        dnswire.parse_response(packet)


# --------------------------------------------------------------------------- TCP / ICMP


def test_tcp_probe_connects_and_counts_samples(tcp_listener: int) -> None:
    got = run(within(3, lambda u: netprobe.tcp_probe("anchor", "127.0.0.1", tcp_listener, until=u, samples=3)))
    assert got["outcome"] == "ok" and got["data"] == {"answered": 3, "sent": 3, "loss": 0.0}
    assert got["target"] == f"127.0.0.1:{tcp_listener}" and got["ms"] is not None
    assert [s["outcome"] for s in got["samples"]] == ["ok", "ok", "ok"]


def test_tcp_refused_proves_the_host_alive(closed_port: int) -> None:
    got = run(within(3, lambda u: netprobe.tcp_probe("gateway", "127.0.0.1", closed_port, until=u)))
    assert got["outcome"] == "refused"
    assert got["data"]["answered"] == 3 and "refused (host is alive)" in got["detail"]


def test_icmp_reports_not_permitted_or_answers() -> None:
    got = run(within(2, lambda u: netprobe.icmp_probe("gateway-icmp", "127.0.0.1", until=u, samples=1)))
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP).close()
    except OSError:
        assert got["outcome"] == "not-permitted" and "ICMP not permitted" in got["detail"]
    else:
        assert got["outcome"] == "ok"


# --------------------------------------------------------------------------- DNS probes


def test_dns_probe_answer_servfail_and_silence(dns_server: FakeDns) -> None:
    server = f"127.0.0.1:{dns_server.port}"
    ok = run(within(2, lambda u: netprobe.dns_probe("resolver", server, "anchor.lab.test", until=u)))
    assert ok["outcome"] == "ok" and ok["data"]["answers"] == ["127.0.0.9"] and ok["data"]["rcode"] == "NOERROR"
    nx = run(within(2, lambda u: netprobe.dns_probe("resolver", server, "nope.lab.test", until=u)))
    assert nx["outcome"] == "nxdomain"
    dns_server.mode = "servfail"
    assert (
        run(within(2, lambda u: netprobe.dns_probe("resolver", server, "anchor.lab.test", until=u)))["outcome"]
        == "servfail"
    )
    dns_server.mode = "silent"
    started = time.monotonic()
    silent = run(within(0.6, lambda u: netprobe.dns_probe("resolver", server, "anchor.lab.test", until=u)))
    assert silent["outcome"] == "timeout" and time.monotonic() - started < 1.5


def test_system_resolver_lookup_of_localhost() -> None:
    got = run(within(3, lambda u: netprobe.system_dns_probe("system-dns", "localhost", until=u)))
    assert got["outcome"] == "ok" and any(a in ("127.0.0.1", "::1") for a in got["data"]["addresses"])


def test_stuck_lookup_is_cut_by_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: release.wait(30) or [])
    started = time.monotonic()
    got = run(within(0.5, lambda u: netprobe.system_dns_probe("system-dns", "stuck.example", until=u)))
    release.set()
    assert got["outcome"] == "timeout" and time.monotonic() - started < 1.5


# --------------------------------------------------------------------------- HTTP / TLS


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [("/generate_204", 204, None), ("/login", 302, "http://portal.example/"), ("/down", 503, None)],
)
def test_http_probe_records_status_without_following_redirects(
    http_server: str, path: str, status: int, location: str | None
) -> None:
    got = run(within(3, lambda u: netprobe.http_probe("portal", http_server + path, until=u, read_body=4096)))
    assert got["outcome"] == "ok"
    assert got["data"]["status"] == status and got["data"]["location"] == location


def test_http_probe_to_a_closed_port(closed_port: int) -> None:
    got = run(within(3, lambda u: netprobe.http_probe("service-http", f"http://127.0.0.1:{closed_port}/", until=u)))
    assert got["outcome"] == "refused"


def test_tls_probe_untrusted_then_trusted(tls_server: int, certificate: tuple[Path, Path]) -> None:
    bad = run(within(3, lambda u: netprobe.tls_probe("service-tls", "127.0.0.1", tls_server, "localhost", until=u)))
    assert bad["data"]["valid"] is False and "self-signed" in bad["data"]["error"]
    good = run(
        within(
            3,
            lambda u: netprobe.tls_probe(
                "service-tls", "127.0.0.1", tls_server, "localhost", until=u, cafile=str(certificate[1])
            ),
        )
    )
    assert good["data"]["valid"] is True and 28 <= good["data"]["days_left"] <= 30
    http = run(within(3, lambda u: netprobe.http_probe("service-http", f"https://localhost:{tls_server}/", until=u)))
    assert http["data"]["status"] == 200 and "self-signed" in http["data"]["tls_error"]


# --------------------------------------------------------------------------- targets and the runner


NETWORK = {
    "default_gateways": {"ipv4": {"address": "127.0.0.1", "interface": "lo"}, "ipv6": None},
    "dns": {"servers": ["127.0.0.1"]},
    "interfaces": [],
    "proxies": {},
}


def test_plan_targets_flags_over_config_over_defaults() -> None:
    settings = {
        "probes": {"internet_anchors": ["127.0.0.2:443"], "deadline": 2.0},
        "service": {"url": "https://shop.example/", "admin_port": 22},
        "cloud": {"anchors": ["127.0.0.3:443"]},
    }
    targets = probes.plan_targets(settings, {"deadline": 1.5, "ports": (), "anchors": ()}, NETWORK, environ={})
    assert targets.anchors == ("127.0.0.2:443",) and targets.deadline == 1.5
    assert targets.public_resolvers == probes.DEFAULT_RESOLVERS
    assert targets.ports == (443,) and targets.hostname == "shop.example" and targets.admin_port == 22
    assert targets.gateway == "127.0.0.1" and targets.resolvers == ("127.0.0.1",)
    assert targets.provider_anchors == ("127.0.0.3:443",)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"probes": {"internet_anchors": ["one.one.one.one:443"]}},
            "config probes.internet_anchors: 'one.one.one.one:443' should be IP:PORT, e.g. 203.0.113.5:443",
        ),
        (
            {"probes": {"public_resolvers": ["dns.example"]}},
            "config probes.public_resolvers: 'dns.example' should be an IP address (optionally :PORT), "
            "e.g. 203.0.113.53",
        ),
        ({"cloud": {"anchors": ["203.0.113.5"]}}, "config cloud.anchors: '203.0.113.5' should be IP:PORT"),
    ],
)
def test_bad_targets_in_config_are_one_line_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        probes.plan_targets(settings, {}, NETWORK, environ={})
    assert caught.value.message.startswith(message)


def test_allowlist_skips_targets_outside_it(tcp_listener: int) -> None:
    targets = probes.Targets(
        gateway=None,
        anchors=(f"127.0.0.1:{tcp_listener}", "192.0.2.1:443"),
        resolvers=(),
        public_resolvers=(),
        known_names=(),
        portal_url=None,
        deadline=2,
        allow=("127.0.0.0/8",),
    )
    jobs = [j for j in probes.plan_jobs(targets) if j.group == "anchor"]
    results = run(probes.run_jobs(jobs, targets, 2.0))
    assert [r["outcome"] for r in results] == ["ok", "skipped"]
    assert results[1]["detail"] == "192.0.2.1 is outside REPORTKIT_PROBE_ALLOW"


def test_one_deadline_for_everything(dns_server: FakeDns, tcp_listener: int) -> None:
    dns_server.mode = "silent"

    async def forever(_until: float) -> dict[str, Any]:
        await asyncio.sleep(60)
        raise AssertionError("not reached")

    targets = probes.Targets(allow=("127.0.0.0/8",), deadline=0.8)
    jobs = [
        probes.Job("anchor", "127.0.0.1:1", "never answers", forever),
        probes.Job(
            "resolver",
            f"x @ 127.0.0.1:{dns_server.port}",
            "silent DNS",
            lambda u: netprobe.dns_probe("resolver", f"127.0.0.1:{dns_server.port}", "x.lab.test", until=u, timeout=5),
        ),
        probes.Job(
            "anchor",
            f"127.0.0.1:{tcp_listener}",
            "fast",
            lambda u: netprobe.tcp_probe("anchor", "127.0.0.1", tcp_listener, until=u),
        ),
    ]
    seen: list[str] = []
    started = time.monotonic()
    results = run(probes.run_jobs(jobs, targets, 0.8, on_result=lambda r: seen.append(r["outcome"])))
    elapsed = time.monotonic() - started
    assert elapsed < 1.3
    assert [r["outcome"] for r in results] == ["timeout", "timeout", "ok"]
    assert seen[0] == "ok"  # progress arrives as probes finish, not in plan order


def test_a_stuck_lookup_does_not_delay_process_exit(tmp_path: Path) -> None:
    script = tmp_path / "stuck.py"
    script.write_text(
        textwrap.dedent("""
        import socket, threading, time
        socket.getaddrinfo = lambda *a, **k: threading.Event().wait(60)
        from reportkit.collectors import probes
        targets = probes.Targets(anchors=(), public_resolvers=(), known_names=("stuck.example",), portal_url=None,
                                 deadline=0.5, icmp=False)
        section = probes.collect_probes(targets, {"interfaces": []})
        print(section.data["results"][0]["outcome"])
    """)
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=20, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "timeout"
    assert time.monotonic() - started < 3.0


def test_local_facts_read_carrier_and_admin_state(tmp_path: Path) -> None:
    for name, flags, carrier in (("eth0", "0x1003", "1"), ("eth1", "0x1003", "0"), ("wg0", "0x1091", None)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "flags").write_text(flags + "\n")
        (tmp_path / name / "type").write_text("1\n")
        if carrier is not None:
            (tmp_path / name / "carrier").write_text(carrier + "\n")
    network = {
        "interfaces": [
            {"name": "eth0", "ipv4": [{"address": "127.0.0.5", "prefixlen": 8}], "ipv6": []},
            {"name": "eth1", "ipv4": [{"address": "169.254.3.4", "prefixlen": 16}], "ipv6": []},
            {"name": "wg0", "ipv4": [], "ipv6": []},
            {"name": "lo", "loopback": True, "ipv4": [{"address": "127.0.0.1", "prefixlen": 8}]},
        ],
        "default_gateways": {"ipv4": None, "ipv6": None},
        "proxies": {"https_proxy": "http://p:3128"},
    }
    facts = probes.local_facts(network, probes.Targets(anchors=(), host="127.0.0.1"), sys_class_net=str(tmp_path))
    assert [(i["name"], i["up"], i["carrier"], i["kind"]) for i in facts["interfaces"]] == [
        ("eth0", True, True, "ethernet"),
        ("eth1", True, False, "ethernet"),
        ("wg0", True, None, "vpn"),
    ]
    assert facts["usable_address"] is True and facts["link_local_only"] is False
    assert facts["default_route"] == {"ipv4": None, "ipv6": None}
    assert facts["vpn_interfaces"] == ["wg0"] and facts["proxies"] == {"https_proxy": "http://p:3128"}
    assert facts["routes_to"]["127.0.0.1"] == {"source": "127.0.0.1"}
