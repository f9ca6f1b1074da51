"""Raw observations from inside rk-client, without reportkit: does the lab itself behave as intended?

Run by `Lab.check()` as `python3 -I -c <this file's text> TIMEOUT` inside rk-client (as `nobody`, or as root to add
raw-socket ICMP echo). Prints one JSON object: {key: observation}. Stdlib only; every check has its own timeout and
they all run at once in threads. Only lab addresses are contacted.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import random
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

TIMEOUT = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
TCP = ["198.51.100.1:53", "203.0.113.64:443", "203.0.113.64:80", "203.0.113.10:80", "203.0.113.10:22",
       "203.0.113.100:443"]  # fmt: skip
DNS = [("198.51.100.53", "anchor.lab.test"), ("203.0.113.53", "anchor.lab.test"), ("198.51.100.53", "nx.lab.test"),
       ("198.51.100.53", "shop.lab.test")]  # fmt: skip
HTTP = ["http://203.0.113.80/generate_204", "http://203.0.113.10/"]


def errname(exc: OSError) -> str:
    code = exc.errno or 0
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timeout"
    if code == errno.ECONNREFUSED:
        return "refused"
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN):
        return "unreachable"
    if code in (errno.EACCES, errno.EPERM):
        return "not-permitted"
    return f"error:{errno.errorcode.get(code, code)}"


def tcp(target: str) -> dict[str, Any]:
    host, port = target.rsplit(":", 1)
    started = time.perf_counter()
    try:
        with socket.create_connection((host, int(port)), timeout=TIMEOUT):
            return {"outcome": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}
    except OSError as exc:
        return {"outcome": errname(exc)}


def dns(server: str, name: str) -> dict[str, Any]:
    qid = random.randrange(65536)
    query = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    query += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack("!HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(TIMEOUT)
        try:
            s.connect((server, 53))
            s.send(query)
            reply = s.recv(4096)
        except OSError as exc:
            return {"outcome": errname(exc)}
    rid, flags, _qd, ancount = struct.unpack("!HHHH", reply[:8])
    rcode = {0: "NOERROR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED"}.get(flags & 0xF, str(flags & 0xF))
    answers, pos = [], len(query)  # the question is echoed back unchanged; answers use a name pointer
    for _ in range(ancount):
        rtype, _cls, _ttl, rdlen = struct.unpack("!HHIH", reply[pos + 2 : pos + 12])
        if rtype == 1 and rdlen == 4:
            answers.append(socket.inet_ntoa(reply[pos + 12 : pos + 16]))
        pos += 12 + rdlen
    return {"outcome": "answered", "rcode": rcode, "answers": answers, "id_ok": rid == qid}


def gai(name: str) -> dict[str, Any]:
    box: list[dict[str, Any]] = []

    def work() -> None:
        try:
            infos = socket.getaddrinfo(name, 80, socket.AF_INET, socket.SOCK_STREAM)
            box.append({"outcome": "ok", "addresses": sorted({i[4][0] for i in infos})})
        except socket.gaierror as exc:
            box.append({"outcome": "gaierror", "error": exc.strerror})

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(TIMEOUT * 2)
    return box[0] if box else {"outcome": "timeout"}


def http_get(url: str) -> dict[str, Any]:
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    conn = http.client.HTTPConnection(hostport, timeout=TIMEOUT)
    try:
        conn.request("GET", "/" + path, headers={"User-Agent": "netlab-check"})
        resp = conn.getresponse()
        resp.read()
        return {"outcome": "ok", "status": resp.status, "location": resp.getheader("Location")}
    except OSError as exc:
        return {"outcome": errname(exc)}
    finally:
        conn.close()


def icmp_dgram() -> dict[str, Any]:
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except OSError as exc:
        return {"outcome": errname(exc)}
    s.close()
    return {"outcome": "permitted"}


def icmp_raw(host: str) -> dict[str, Any]:
    """Echo over a raw socket (root only)."""
    ident = random.randrange(65536)
    header = struct.pack("!BBHHH", 8, 0, 0, ident, 1)
    payload = b"netlab-check"
    total = 0
    data = header + payload
    for i in range(0, len(data), 2):
        total += (data[i] << 8) + (data[i + 1] if i + 1 < len(data) else 0)
    total = (total >> 16) + (total & 0xFFFF)
    checksum = ~(total + (total >> 16)) & 0xFFFF
    packet = struct.pack("!BBHHH", 8, 0, checksum, ident, 1) + payload
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as s:
        s.settimeout(TIMEOUT)
        try:
            s.sendto(packet, (host, 0))
            end = time.monotonic() + TIMEOUT
            while time.monotonic() < end:
                reply, addr = s.recvfrom(2048)
                ihl = (reply[0] & 0xF) * 4
                rtype, _code, _sum, rid = struct.unpack("!BBHH", reply[ihl : ihl + 6])
                if rtype == 0 and rid == ident and addr[0] == host:
                    return {"outcome": "ok"}
            return {"outcome": "timeout"}
        except OSError as exc:
            return {"outcome": errname(exc)}


def link(name: str) -> dict[str, Any]:
    base = f"/sys/class/net/{name}"

    def read(what: str) -> str:
        with open(f"{base}/{what}") as f:
            return f.read().strip()

    try:
        flags = int(read("flags"), 16)
    except OSError:
        return {"exists": False}
    try:
        carrier: bool | None = read("carrier") == "1"
    except OSError:  # reading carrier of a down interface fails with EINVAL
        carrier = None
    return {"exists": True, "up": bool(flags & 1), "carrier": carrier, "operstate": read("operstate")}


def default_route() -> str | None:
    with open("/proc/net/route") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1] == "00000000" and int(fields[3], 16) & 2:
                return socket.inet_ntoa(struct.pack("<I", int(fields[2], 16)))
    return None


def main() -> None:
    jobs: dict[str, Callable[[], Any]] = {}
    for t in TCP:
        jobs[f"tcp:{t}"] = lambda t=t: tcp(t)
    for server, name in DNS:
        jobs[f"dns:{server}:{name}"] = lambda s=server, n=name: dns(s, n)
    jobs["gai:shop.lab.test"] = lambda: gai("shop.lab.test")
    for url in HTTP:
        jobs[f"http:{url}"] = lambda u=url: http_get(u)
    jobs["icmp:unprivileged"] = icmp_dgram
    if os.geteuid() == 0:
        for host in ("198.51.100.1", "203.0.113.64"):
            jobs[f"icmp:{host}"] = lambda h=host: icmp_raw(h)
    results: dict[str, Any] = {"uid": os.geteuid(), "link:eth0": link("eth0"), "route:default": default_route()}

    def run(key: str, fn: Callable[[], Any]) -> None:
        try:
            results[key] = fn()
        except Exception as exc:
            results[key] = {"outcome": f"exception:{type(exc).__name__}: {exc}"}

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 3)
    for key in jobs:
        results.setdefault(key, {"outcome": "hung"})
    print(json.dumps(results, sort_keys=True))
    sys.stdout.flush()
    os._exit(0)  # do not wait for a getaddrinfo still stuck in its thread


main()
