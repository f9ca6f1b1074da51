"""A lab of Linux network namespaces for `reportkit diagnose`: client, home router, ISP, internet, cloud, VPS.

    rk-client eth0 198.51.100.2/28 ── lan0 198.51.100.1/28  rk-router  wan0 198.51.100.17/30
        ── cpe0 198.51.100.18/30  rk-isp (resolver 198.51.100.53, status feed 198.51.100.90:80)  up0 198.51.100.21/30
        ── isp0 198.51.100.22/30  rk-inet (anchors 203.0.113.64/.65/.66 :80 :443 and [2001:db8:ff::64]:443,
                                           resolver 203.0.113.53, portal check 203.0.113.80:80, cloud status page
                                           203.0.113.90:80, public-IP echo 203.0.113.95:80)  cloud0 203.0.113.1/30
        ── inet0 203.0.113.2/30   rk-cloud (provider anchor 203.0.113.100:443)  vps0 203.0.113.9/29
        ── eth0 203.0.113.10/29   rk-vps (HTTP :80, HTTPS :443 with certs.py's certificates, admin :22)

Safety: every command that changes anything runs inside a lab namespace (`ip -n rk-…` / `ip netns exec rk-…`);
the root namespace's links, addresses, routes, sysctls and firewall are never touched (and `root_snapshot()` lets
tests prove it). No veth end ever lives in the root namespace, so no packet can reach the host's network. Only RFC 5737
documentation addresses are used. `teardown()` is idempotent and runs from the fixture finalizer, `atexit` and SIGTERM;
`cleanup_stale()` removes what a crashed earlier run left behind. IPv6 too, from the documentation prefix
2001:db8::/32 (one /64 per link, an anchor at 2001:db8:ff::64), without DAD or router advertisements.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SERVERS = HERE / "servers.py"
CHECK = HERE / "check.py"
NETNS_ETC = Path("/etc/netns")
PREFIX = "rk-"
RUN_PREFIX = "rk-netlab-run-"
LOCK_PATH = Path(tempfile.gettempdir()) / "rk-netlab.lock"
DEBIAN_PYTHON = "/usr/bin/python3"
PROBE_ALLOW = "198.51.100.0/24,203.0.113.0/24,127.0.0.0/8,2001:db8::/32"
LAB_NETS = ("198.51.100.0/24", "203.0.113.0/24")

CLIENT, ROUTER, ISP, INET, CLOUD, VPS = "rk-client", "rk-router", "rk-isp", "rk-inet", "rk-cloud", "rk-vps"
# a second client on a second path (a phone hotspot, a mobile operator): straight onto rk-inet, past neither the
# home router nor the ISP, so the client's faults are not its faults
HOTSPOT = "rk-hotspot"
NAMESPACES = (CLIENT, ROUTER, ISP, INET, CLOUD, VPS, HOTSPOT)
CLIENTS = (CLIENT, HOTSPOT)  # where reportkit runs (as nobody)
ROUTERS = (ROUTER, ISP, INET, CLOUD)  # ip_forward=1 here, and only here

GATEWAY = "198.51.100.1"
ISP_RESOLVER = "198.51.100.53"
PUBLIC_RESOLVER = "203.0.113.53"
ANCHORS = ("203.0.113.64", "203.0.113.65", "203.0.113.66")
PORTAL_CHECK = "203.0.113.80"
PROVIDER_ANCHOR = "203.0.113.100"
VPS_IP = "203.0.113.10"
ROUTER_PORTAL_PORT = 8080
CLOUD_STATUS = "203.0.113.90"  # the cloud provider's status page (Statuspage v2 JSON), in rk-inet
ISP_STATUS = "198.51.100.90"  # the ISP's status page (an Atom feed), in rk-isp: reachable while its uplink is down
PUBLIC_IP_ECHO = "203.0.113.95"  # answers the client's address as text
WRONG_VPS = "203.0.113.99"  # where a stale DNS answer points: nothing there
RECORDS = {"anchor.lab.test": ANCHORS[0], "shop.lab.test": VPS_IP}
# IPv6 (documentation prefix 2001:db8::/32): one more link prefix per veth, and an anchor on rk-inet's loopback
ANCHOR6 = "2001:db8:ff::64"
GATEWAY6 = "2001:db8:1::1"


@dataclass(frozen=True)
class Link:
    """A veth pair: one end in each namespace (never in the root namespace)."""

    a_ns: str
    a_if: str
    a_addr: str
    b_ns: str
    b_if: str
    b_addr: str


LINKS = (
    Link(CLIENT, "eth0", "198.51.100.2/28", ROUTER, "lan0", "198.51.100.1/28"),
    Link(ROUTER, "wan0", "198.51.100.17/30", ISP, "cpe0", "198.51.100.18/30"),
    Link(ISP, "up0", "198.51.100.21/30", INET, "isp0", "198.51.100.22/30"),
    Link(INET, "cloud0", "203.0.113.1/30", CLOUD, "inet0", "203.0.113.2/30"),
    Link(CLOUD, "vps0", "203.0.113.9/29", VPS, "eth0", "203.0.113.10/29"),
    Link(INET, "mob0", "203.0.113.33/29", HOTSPOT, "eth0", "203.0.113.34/29"),
)
HOTSPOT_IP = "203.0.113.34"
HOTSPOT_GATEWAY = "203.0.113.33"
LINKS6 = {  # (a end, b end) per link, same order as LINKS
    ("eth0", "lan0"): ("2001:db8:1::2/64", "2001:db8:1::1/64"),
    ("wan0", "cpe0"): ("2001:db8:2::1/64", "2001:db8:2::2/64"),
    ("up0", "isp0"): ("2001:db8:3::1/64", "2001:db8:3::2/64"),
    ("cloud0", "inet0"): ("2001:db8:4::1/64", "2001:db8:4::2/64"),
    ("vps0", "eth0"): ("2001:db8:5::1/64", "2001:db8:5::10/64"),
    ("mob0", "eth0"): ("2001:db8:6::1/64", "2001:db8:6::2/64"),
}
LOCAL_ADDRS = {  # service addresses on the namespace's loopback
    ISP: [f"{ISP_RESOLVER}/32", f"{ISP_STATUS}/32"],
    INET: [f"{a}/32" for a in (*ANCHORS, PUBLIC_RESOLVER, PORTAL_CHECK, CLOUD_STATUS, PUBLIC_IP_ECHO)]
    + [f"{ANCHOR6}/128"],
    CLOUD: [f"{PROVIDER_ANCHOR}/32"],
}
ROUTES = {
    CLIENT: [("default", GATEWAY)],
    ROUTER: [("default", "198.51.100.18")],
    ISP: [("198.51.100.0/28", "198.51.100.17"), ("default", "198.51.100.22")],
    INET: [
        ("198.51.100.0/24", "198.51.100.21"),
        ("203.0.113.8/29", "203.0.113.2"),
        (f"{PROVIDER_ANCHOR}/32", "203.0.113.2"),
    ],
    CLOUD: [("default", "203.0.113.1")],
    VPS: [("default", "203.0.113.9")],
    HOTSPOT: [("default", HOTSPOT_GATEWAY)],
}
ROUTES6 = {
    CLIENT: [("default", GATEWAY6)],
    ROUTER: [("default", "2001:db8:2::2")],
    ISP: [("2001:db8:1::/64", "2001:db8:2::1"), ("default", "2001:db8:3::2")],
    INET: [
        ("2001:db8:1::/64", "2001:db8:3::1"),
        ("2001:db8:2::/64", "2001:db8:3::1"),
        ("2001:db8:5::/64", "2001:db8:4::2"),
    ],
    CLOUD: [("default", "2001:db8:4::1")],
    VPS: [("default", "2001:db8:5::1")],
    HOTSPOT: [("default", "2001:db8:6::1")],
}


def _iso(seconds_ago: float) -> str:
    moment = time.gmtime(time.time() - seconds_ago)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment)


def status_bodies() -> dict[str, dict[str, dict[str, str]]]:
    """The status pages' documents, dated relative to now (a feed entry is open only while it is recent)."""
    cloud_ok = {
        "page": {"id": "lab", "name": "Lab Cloud", "url": f"http://{CLOUD_STATUS}/", "updated_at": _iso(60)},
        "status": {"indicator": "none", "description": "All Systems Operational"},
        "components": [{"name": "FRA1 network", "status": "operational"}],
        "incidents": [],
        "scheduled_maintenances": [],
    }
    cloud_incident = {
        **cloud_ok,
        "status": {"indicator": "major", "description": "Partial System Outage"},
        "components": [{"name": "FRA1 network", "status": "major_outage"}],
        "incidents": [
            {
                "name": "Network issue in FRA1",
                "status": "investigating",
                "impact": "major",
                "created_at": _iso(1800),
                "started_at": _iso(1800),
                "updated_at": _iso(600),
                "shortlink": "http://stspg.example/lab1",
                "components": [{"name": "FRA1 network", "status": "major_outage"}],
            }
        ],
    }

    def atom(entries: list[tuple[str, str, float]]) -> str:
        items = "".join(
            f"<entry><id>urn:lab:{i}</id><title>{title}</title><updated>{_iso(ago)}</updated>"
            f"<summary>{summary}</summary><link href='http://{ISP_STATUS}/incident/{i}'/></entry>"
            for i, (title, summary, ago) in enumerate(entries)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Lab ISP status</title><id>urn:lab:feed</id><updated>{_iso(60)}</updated>{items}</feed>"
        )

    isp_ok = atom([("[RESOLVED] Slow DNS in the north", "Resolved.", 5 * 86400)])
    isp_incident = atom(
        [
            ("Outage in the Lab City area", "We are investigating a loss of connectivity in Lab City.", 900),
            ("[RESOLVED] Slow DNS in the north", "Resolved.", 5 * 86400),
        ]
    )
    feed = "application/atom+xml"
    return {
        "cloud": {
            "operational": {"content_type": "application/json", "body": json.dumps(cloud_ok)},
            "incident": {"content_type": "application/json", "body": json.dumps(cloud_incident)},
        },
        "isp": {
            "operational": {"content_type": feed, "body": isp_ok},
            "incident": {"content_type": feed, "body": isp_incident},
        },
    }


def _services(certs: dict[str, tuple[Path, Path]] | None = None) -> dict[str, list[dict[str, Any]]]:
    bodies = status_bodies()
    inet: list[dict[str, Any]] = [
        {
            "id": "cloud-status",
            "kind": "http",
            "host": CLOUD_STATUS,
            "port": 80,
            "mode": "operational",
            "bodies": bodies["cloud"],
        },
        {"id": "public-ip", "kind": "http", "host": PUBLIC_IP_ECHO, "port": 80, "mode": "text", "text": "$client"},
        {"id": "anchor6-443", "kind": "tcp", "host": ANCHOR6, "port": 443},
        {"id": "anchor6-80", "kind": "tcp", "host": ANCHOR6, "port": 80},
        {"id": "public-dns", "kind": "dns", "host": PUBLIC_RESOLVER, "port": 53, "records": RECORDS},
        {
            "id": "portal-check",
            "kind": "http",
            "host": PORTAL_CHECK,
            "port": 80,
            "mode": "204",
            "location": f"http://{GATEWAY}:{ROUTER_PORTAL_PORT}/login",
        },
    ]
    for ip in ANCHORS:
        inet.append({"id": f"anchor-{ip}-80", "kind": "http", "host": ip, "port": 80, "mode": "200"})
        inet.append({"id": f"anchor-{ip}-443", "kind": "tcp", "host": ip, "port": 443})
    return {
        ROUTER: [
            {
                "id": "portal",
                "kind": "http",
                "host": GATEWAY,
                "port": ROUTER_PORTAL_PORT,
                "mode": "302",
                "location": f"http://{GATEWAY}:{ROUTER_PORTAL_PORT}/login",
            },
        ],
        ISP: [
            {
                "id": "isp-dns",
                "kind": "dns",
                "host": ISP_RESOLVER,
                "port": 53,
                "records": RECORDS,
                "wrong_records": {"shop.lab.test": WRONG_VPS},
            },
            {
                "id": "isp-status",
                "kind": "http",
                "host": ISP_STATUS,
                "port": 80,
                "mode": "operational",
                "bodies": bodies["isp"],
            },
        ],
        INET: inet,
        CLOUD: [{"id": "provider-anchor", "kind": "tcp", "host": PROVIDER_ANCHOR, "port": 443}],
        VPS: [
            {"id": "shop-http", "kind": "http", "host": VPS_IP, "port": 80, "mode": "200"},
            {"id": "shop-admin", "kind": "tcp", "host": VPS_IP, "port": 22},
            *(
                [
                    {
                        "id": "shop-https",
                        "kind": "http",
                        "host": VPS_IP,
                        "port": 443,
                        "mode": "200",
                        "tls": {"cert": str(certs["valid"][0]), "key": str(certs["valid"][1])},
                        "tls_variants": {
                            name: {"cert": str(certs[name][0]), "key": str(certs[name][1])}
                            for name in ("expired", "wronghost")
                        },
                    }
                ]
                if certs
                else []
            ),
        ],
    }


LAB_TOML = """\
[service]
name = "Lab shop"
host = "203.0.113.10"
hostname = "shop.lab.test"
ports = [80]
admin_port = 22
url = "http://shop.lab.test/"

[cloud]
name = "Lab Cloud"
anchors = ["203.0.113.100:443"]
support_email = "support@cloud.lab.test"
status_url = "http://203.0.113.90/api/v2/summary.json"

[isp]
name = "Lab ISP"
customer_id = "ISP-1001"
status_url = "http://198.51.100.90/feed.atom"

[probes]
internet_anchors = ["203.0.113.64:443", "203.0.113.64:80", "203.0.113.65:443", "203.0.113.65:80", \
"203.0.113.66:443", "203.0.113.66:80", "[2001:db8:ff::64]:443"]
public_resolvers = ["203.0.113.53"]
portal_check_url = "http://203.0.113.80/generate_204"
public_ip_url = "http://203.0.113.95/"
known_names = ["anchor.lab.test"]
nx_suffix = "lab.test"
deadline = 3.0
"""


def config_variants(ca_file: str) -> dict[str, str]:
    """Other configurations of the same lab: name -> TOML (written beside lab.toml as lab-NAME.toml)."""
    base = LAB_TOML
    return {
        # anchors configured on one port only: a block of that port leaves no anchor answering
        "443only": base.replace(
            """internet_anchors = ["203.0.113.64:443", "203.0.113.64:80", "203.0.113.65:443", "203.0.113.65:80", \
"203.0.113.66:443", "203.0.113.66:80", "[2001:db8:ff::64]:443"]""",
            'internet_anchors = ["203.0.113.64:443", "203.0.113.65:443", "203.0.113.66:443"]',
        ),
        # known names that exist nowhere: the system resolver and public DNS agree on NXDOMAIN
        "badnames": base.replace(
            'known_names = ["anchor.lab.test"]', 'known_names = ["gone.lab.test", "nowhere.lab.test"]'
        ),
        # the service over HTTPS with the lab's own CA
        "tls": base.replace("ports = [80]", "ports = [443]")
        .replace('url = "http://shop.lab.test/"', 'url = "https://shop.lab.test/"')
        .replace("deadline = 3.0", f'deadline = 3.0\nca_file = "{ca_file}"'),
    }


_ROUTER_DEAD = """
table inet rk_fault {
  chain input { type filter hook input priority 0; policy accept; iifname "lan0" drop; }
  chain forward { type filter hook forward priority 0; policy accept; iifname "lan0" drop; oifname "lan0" drop; }
  chain output { type filter hook output priority 0; policy accept; oifname "lan0" drop; }
}
"""
_CAPTIVE = f"""
table ip rk_fault {{
  chain prerouting {{
    type nat hook prerouting priority dstnat; policy accept;
    iifname "lan0" tcp dport 80 dnat to {GATEWAY}:{ROUTER_PORTAL_PORT};
  }}
}}
"""
_HTTPS_BLOCKED = """
table inet rk_fault {
  chain forward { type filter hook forward priority 0; policy accept; iifname "lan0" tcp dport 443 drop; }
}
"""
_ICMP_BLOCKED = """
table inet rk_fault {
  chain input { type filter hook input priority 0; policy accept; meta l4proto icmp drop; }
  chain forward { type filter hook forward priority 0; policy accept; meta l4proto icmp drop; }
}
"""
_ROUTER_ARP_DEAD = """
table arp rk_fault_arp {
  chain input { type filter hook input priority 0; policy drop; }
  chain output { type filter hook output priority 0; policy drop; }
}
"""
_ISP_LOSS = """
table inet rk_fault {
  chain forward { type filter hook forward priority 0; policy accept; numgen random mod 3 == 0 drop; }
}
"""
_LAN_LOSS = """
table inet rk_fault {
  chain input { type filter hook input priority 0; policy accept; iifname "lan0" numgen random mod 100 < 35 drop; }
  chain forward { type filter hook forward priority 0; policy accept; iifname "lan0" numgen random mod 100 < 35 drop; }
}
"""
_IPV6_BROKEN = """
table ip6 rk_fault {
  chain forward { type filter hook forward priority 0; policy drop; }
}
"""
_DROP_ALL = """
table inet rk_fault {
  chain input { type filter hook input priority 0; policy drop; }
  chain output { type filter hook output priority 0; policy drop; }
}
"""
_FORWARD_DROP_ALL = """
table inet rk_fault {
  chain forward { type filter hook forward priority 0; policy drop; }
}
"""

# fault -> what it does (for messages and docs)
FAULTS = {
    "healthy": "nothing broken",
    "interface-down": "client eth0 administratively down",
    "no-carrier": "router's end of the client veth down: client eth0 up, NO-CARRIER",
    "no-route": "client default routes (IPv4 and IPv6) deleted",
    "router-dead": "router drops everything from and to the client (nft in rk-router)",
    "captive-portal": "router DNATs the client's tcp/80 to its own portal server, which answers 302",
    "isp-down": "ISP uplink (isp-inet veth) down",
    "resolver-down": "ISP resolver silent (reads queries, never answers)",
    "resolver-stopped": "ISP resolver process stopped (ICMP port unreachable)",
    "resolver-servfail": "ISP resolver answers SERVFAIL",
    "https-blocked": "router drops forwarded tcp/443 from the client",
    "provider-down": "inet-cloud veth down: the whole provider unreachable",
    "vm-down": "the VPS drops everything (nft in rk-vps)",
    "port-closed": "VPS :80 listener stopped (RST), :22 still accepts",
    "http-503": "VPS HTTP answers 503",
    "icmp-blocked": "router drops all ICMP (input and forward)",
    "nxdomain-rewrite": "ISP resolver answers unknown names with an address (NXDOMAIN rewriting)",
    "black-hole": "router drops all forwarded traffic and the ISP resolver is silent",
    "router-off": "router drops everything from and to the client, ARP included; the client's neighbour cache is "
    "flushed (a router that is switched off)",
    "isp-loss": "the ISP drops 1 in 3 forwarded packets (nft numgen) while the LAN is clean",
    "lan-loss": "the router drops 35 % of what the client sends it (nft numgen)",
    "service-dns-wrong": "the ISP resolver answers shop.lab.test with 203.0.113.99 (nothing there)",
    "isp-no-route-to-cloud": "the ISP has 'prohibit' routes for the cloud's addresses (ICMP administratively "
    "prohibited from 198.51.100.18)",
    "isp-blackhole-to-cloud": "the ISP silently drops traffic to the cloud's addresses (blackhole routes)",
    "vm-down-cloud-incident": "the VPS drops everything and the cloud's status page reports an open incident",
    "isp-down-isp-incident": "the ISP uplink is down and the ISP's status feed reports an outage",
    "ipv6-broken": "the router drops all forwarded IPv6",
    "tls-expired": "the service's HTTPS certificate expired (config lab-tls.toml)",
    "tls-wronghost": "the service's HTTPS certificate is for other.lab.test (config lab-tls.toml)",
    "captive-portal-login": "router DNATs tcp/80 to its portal, which answers 200 with a login page",
    "captive-portal-511": "router DNATs tcp/80 to its portal, which answers 511 Network Authentication Required",
}
ISP_FAULT_ROUTES = ("203.0.113.8/29", f"{PROVIDER_ANCHOR}/32")


class LabError(RuntimeError):
    pass


# --- prerequisites ------------------------------------------------------------------------------------------


def prerequisites() -> str | None:
    """Why the lab cannot run here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "the network lab needs Linux network namespaces"
    if os.geteuid() != 0:
        return "the network lab needs root (network namespaces, veth, nftables)"
    for tool, package in (("ip", "iproute2"), ("nft", "nftables"), ("setpriv", "util-linux")):
        if shutil.which(tool) is None:
            return f"`{tool}` not found (apt-get install {package})"
    if not Path(DEBIAN_PYTHON).exists():
        return f"{DEBIAN_PYTHON} not found (the unprivileged user needs a system Python for the lab venv)"
    probe = subprocess.run([DEBIAN_PYTHON, "-c", "import ensurepip, venv"], capture_output=True, check=False)
    if probe.returncode != 0 and not os.environ.get("REPORTKIT_NETLAB_VENV"):
        return f"{DEBIAN_PYTHON} cannot create venvs (apt-get install python3-venv)"
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return "no user `nobody` to run the probes unprivileged"
    name = f"{PREFIX}probe-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        return f"`ip netns add` failed: {made.stderr.strip()}"
    try:
        nft = subprocess.run(
            ["ip", "netns", "exec", name, "nft", "add", "table", "inet", "rk_probe"],
            capture_output=True,
            text=True,
            check=False,
        )
        if nft.returncode != 0:
            return f"nftables does not work in a namespace: {nft.stderr.strip()}"
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
    return None


# --- the unprivileged user's venv ---------------------------------------------------------------------------


def project_copy(dest: Path) -> Path:
    """The files git knows (or would know), so a dev .venv or build/ never leaks into the install."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:  # not a git checkout (or no git): the tree without caches and build output
        skip = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
        shutil.copytree(ROOT, dest, ignore=skip, dirs_exist_ok=True)
        return dest
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def build_venv(where: Path) -> Path:
    """A venv from Debian's python3 (readable by `nobody`) with a non-editable install of this checkout."""
    existing = os.environ.get("REPORTKIT_NETLAB_VENV")
    if existing:  # developer shortcut: reuse a venv built earlier (it must be world-readable)
        if not (Path(existing) / "bin" / "reportkit").exists():
            raise LabError(f"REPORTKIT_NETLAB_VENV={existing} has no bin/reportkit")
        return Path(existing)
    where.mkdir(parents=True, exist_ok=True)
    os.chmod(where, 0o755)
    src = project_copy(where / "src")
    venv_dir = where / "venv"
    _run([DEBIAN_PYTHON, "-m", "venv", str(venv_dir)], timeout=300)
    pip = subprocess.run(
        [str(venv_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--no-warn-script-location", str(src)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if pip.returncode != 0:
        raise LabError(f"pip install of the project into the lab venv failed:\n{pip.stderr[-3000:]}")
    shutil.rmtree(src, ignore_errors=True)
    return venv_dir


# --- small helpers ------------------------------------------------------------------------------------------


def _run(cmd: Sequence[str], *, input: str | None = None, timeout: float = 30, check: bool = True) -> str:
    done = subprocess.run(list(cmd), input=input, capture_output=True, text=True, timeout=timeout, check=False)
    if check and done.returncode != 0:
        raise LabError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _lab_ns(ns: str) -> str:
    if ns not in NAMESPACES:
        raise LabError(f"{ns!r} is not a lab namespace; refusing to run a command outside the lab")
    return ns


def ip(ns: str, *args: str, check: bool = True) -> str:
    """`ip -n <lab ns> …`: never the root namespace."""
    return _run(["ip", "-n", _lab_ns(ns), *args], check=check)


def ns_exec(ns: str, *cmd: str, input: str | None = None, check: bool = True, timeout: float = 30) -> str:
    """`ip netns exec <lab ns> …`: never the root namespace."""
    return _run(["ip", "netns", "exec", _lab_ns(ns), *cmd], input=input, check=check, timeout=timeout)


def sysctl(ns: str, key: str, value: str) -> None:
    if shutil.which("sysctl"):
        ns_exec(ns, "sysctl", "-qw", f"{key}={value}")
    else:
        path = "/proc/sys/" + key.replace(".", "/")
        ns_exec(ns, "sh", "-c", f"printf %s {value} > {path}")


def lab_namespaces_present() -> list[str]:
    out = _run(["ip", "netns", "list"], check=False)
    return [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0].startswith(PREFIX)]


def _kill_pids(pids: Sequence[int], grace: float = 2.0) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + grace
    alive = list(pids)
    while alive and time.monotonic() < end:
        alive = [p for p in alive if _alive(p)]
        if alive:
            time.sleep(0.05)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):  # a zombie of ours counts as gone
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def delete_namespace(ns: str) -> None:
    """Stop every process still inside a lab namespace (lab servers, a hung probe run), then delete it."""
    if not ns.startswith(PREFIX):
        raise LabError(f"refusing to delete non-lab namespace {ns!r}")
    pids = [int(p) for p in _run(["ip", "netns", "pids", ns], check=False).split() if p.isdigit()]
    _kill_pids([p for p in pids if p != os.getpid()])
    _run(["ip", "netns", "del", ns], check=False)
    netns_dir = NETNS_ETC / ns
    if netns_dir.is_dir() and not netns_dir.is_symlink():
        shutil.rmtree(netns_dir, ignore_errors=True)


def cleanup_stale() -> list[str]:
    """Remove lab namespaces, /etc/netns/rk-* dirs and run dirs left by a crashed earlier run."""
    removed = []
    for ns in lab_namespaces_present():
        if _is_ours(ns):
            delete_namespace(ns)
            removed.append(ns)
    if NETNS_ETC.is_dir():
        for d in NETNS_ETC.glob(f"{PREFIX}*"):
            if _is_ours(d.name) and d.is_dir() and not d.is_symlink():
                shutil.rmtree(d, ignore_errors=True)
                removed.append(str(d))
    for d in Path(tempfile.gettempdir()).glob(f"{RUN_PREFIX}*"):
        if d.is_dir() and not d.is_symlink():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(str(d))
    return removed


def _is_ours(name: str) -> bool:
    """The lab's own namespace names, and prerequisite probes of a dead process. Other `rk-*` names on a shared
    machine (someone's manual experiment) are left alone."""
    if name in NAMESPACES:
        return True
    m = re.fullmatch(rf"{PREFIX}probe-(\d+)", name)
    return bool(m) and not _alive(int(m.group(1)))


_VOLATILE = re.compile(r"\s(expires|valid_lft|preferred_lft|used)\s+\S+")


def root_snapshot() -> dict[str, str]:
    """The root namespace's links, addresses, routes, forwarding and firewall (read-only), to prove the lab left
    them alone."""

    def read(cmd: list[str]) -> str:
        return _VOLATILE.sub("", _run(cmd, check=False))

    snap = {
        "links": "\n".join(re.sub(r"\s+link/.*$", "", line) for line in read(["ip", "-o", "link"]).splitlines()),
        "addrs": read(["ip", "-o", "addr"]),
        "routes4": read(["ip", "-4", "route", "show", "table", "all"]),
        "routes6": read(["ip", "-6", "route", "show", "table", "main"]),
        "ip_forward": Path("/proc/sys/net/ipv4/ip_forward").read_text().strip(),
    }
    if shutil.which("nft"):
        snap["nft"] = read(["nft", "list", "ruleset"])
    return snap


# --- the lab ------------------------------------------------------------------------------------------------


@dataclass
class RunResult:
    cmd: list[str]
    returncode: int
    stdout: str
    stderr: str
    elapsed: float


class Lab:
    def __init__(self, venv: Path | None = None, workdir: Path | None = None) -> None:
        self.venv = venv
        self.workdir = workdir
        self.servers: dict[str, subprocess.Popen[str]] = {}
        self.built = False
        self.last_run: RunResult | None = None
        self._lock: Any = None
        self._own_workdir = False
        self._previous_sigterm: Any = None
        self.root_before: dict[str, str] = {}
        self.certs: dict[str, tuple[Path, Path]] = {}

    # -- paths --
    @property
    def config_path(self) -> Path:
        assert self.workdir is not None
        return self.workdir / "lab.toml"

    def variant_path(self, name: str | None) -> Path:
        """lab.toml, or one of `config_variants` (lab-NAME.toml)."""
        assert self.workdir is not None
        return self.config_path if not name else self.workdir / f"lab-{name}.toml"

    @property
    def home(self) -> Path:
        assert self.workdir is not None
        return self.workdir / "home"

    def control_path(self, ns: str) -> Path:
        assert self.workdir is not None
        return self.workdir / "ctl" / f"{ns}.sock"

    # -- life cycle --
    def build(self) -> Lab:
        """Create the namespaces, links, routes, resolver config and servers. Cleans up a crashed run first."""
        self._take_lock()
        atexit.register(self.teardown)
        self._catch_sigterm()
        try:
            cleanup_stale()
            self.root_before = root_snapshot()
            if self.workdir is None:
                self.workdir = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
                self._own_workdir = True
            os.chmod(self.workdir, 0o755)  # `nobody` reads the config and the venv below it
            (self.workdir / "ctl").mkdir(mode=0o700, exist_ok=True)
            self.config_path.write_text(LAB_TOML, encoding="utf-8")
            os.chmod(self.config_path, 0o644)
            from netlab.certs import make_certs

            certs_dir = self.workdir / "certs"
            certs_dir.mkdir(exist_ok=True)
            os.chmod(certs_dir, 0o755)
            self.certs = make_certs(certs_dir)
            for name, text in config_variants(str(self.certs["ca"][0])).items():
                path = self.variant_path(name)
                path.write_text(text, encoding="utf-8")
                os.chmod(path, 0o644)
            self._make_home()
            self._build_network()
            self._start_servers()
            self.built = True
            self.heal()
        except BaseException:
            self.teardown()
            raise
        return self

    def teardown(self) -> None:
        """Stop the servers, delete the namespaces and /etc/netns dirs, remove the run dir. Safe to call twice.

        Without the lab lock nothing is touched: the namespaces then belong to another running lab."""
        if self._lock is None:
            return
        for proc in self.servers.values():
            with contextlib.suppress(Exception):
                if proc.stdin:
                    proc.stdin.close()
        _kill_pids([p.pid for p in self.servers.values() if p.poll() is None])
        for proc in self.servers.values():
            with contextlib.suppress(Exception):
                proc.wait(timeout=2)
            with contextlib.suppress(Exception):
                if proc.stdout:
                    proc.stdout.close()
        self.servers.clear()
        for ns in NAMESPACES:
            if ns in lab_namespaces_present() or (NETNS_ETC / ns).exists():
                delete_namespace(ns)
        if self._own_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
            self._own_workdir = False
        self.built = False
        if self._previous_sigterm is not None:
            with contextlib.suppress(ValueError):
                signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None
        with contextlib.suppress(Exception):
            atexit.unregister(self.teardown)
        self._release_lock()

    def __enter__(self) -> Lab:
        return self.build()

    def __exit__(self, *exc: object) -> None:
        self.teardown()

    def _take_lock(self, wait: float = 300.0) -> None:
        if self._lock is not None:
            return
        fd = open(LOCK_PATH, "a+")  # noqa: SIM115 - held for the lab's lifetime
        end = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > end:
                    fd.close()
                    raise LabError(f"another network lab holds {LOCK_PATH}") from None
                time.sleep(0.5)
        self._lock = fd

    def _release_lock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(Exception):
                fcntl.flock(self._lock, fcntl.LOCK_UN)
                self._lock.close()
            self._lock = None

    def _catch_sigterm(self) -> None:
        """SIGTERM would skip finalizers and atexit: turn it into KeyboardInterrupt so teardown still runs."""
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
            return

        def on_sigterm(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt("SIGTERM")

        self._previous_sigterm = signal.signal(signal.SIGTERM, on_sigterm)

    def _make_home(self) -> None:
        nobody = pwd.getpwnam("nobody")
        for sub in ("", "config", "data", "cache"):
            d = self.home / sub
            d.mkdir(mode=0o700, exist_ok=True)
            os.chown(d, nobody.pw_uid, nobody.pw_gid)

    def _build_network(self) -> None:
        for ns in NAMESPACES:
            _run(["ip", "netns", "add", ns])
            ip(ns, "link", "set", "lo", "up")
            # keep_addr_on_down: a link fault (ip link set down) must not flush the IPv6 addresses for good
            for key, value in (
                ("disable_ipv6", "0"),
                ("accept_dad", "0"),
                ("accept_ra", "0"),
                ("keep_addr_on_down", "1"),
            ):
                sysctl(ns, f"net.ipv6.conf.all.{key}", value)
                sysctl(ns, f"net.ipv6.conf.default.{key}", value)
            sysctl(ns, "net.ipv4.ip_forward", "1" if ns in ROUTERS else "0")
            sysctl(ns, "net.ipv6.conf.all.forwarding", "1" if ns in ROUTERS else "0")
            sysctl(ns, "net.ipv4.icmp_ratelimit", "0")  # every ICMP error gets out: deterministic faults
            sysctl(ns, "net.ipv6.icmp.ratelimit", "0")
        for link in LINKS:
            # created inside a_ns with its peer moved straight into b_ns: nothing ever appears in the root namespace
            ip(link.a_ns, "link", "add", link.a_if, "type", "veth", "peer", "name", link.b_if, "netns", link.b_ns)
            six = LINKS6[(link.a_if, link.b_if)]
            for ns, ifname, addr, addr6 in (
                (link.a_ns, link.a_if, link.a_addr, six[0]),
                (link.b_ns, link.b_if, link.b_addr, six[1]),
            ):
                ip(ns, "addr", "add", addr, "dev", ifname)
                ip(ns, "-6", "addr", "add", addr6, "dev", ifname, "nodad")
                ip(ns, "link", "set", ifname, "up")
        for ns, addrs in LOCAL_ADDRS.items():
            for addr in addrs:
                ip(ns, *(["-6"] if ":" in addr else []), "addr", "add", addr, "dev", "lo")
        self._routes()
        for ns, resolver in ((CLIENT, ISP_RESOLVER), (HOTSPOT, PUBLIC_RESOLVER)):  # the hotspot: a public resolver
            etc = NETNS_ETC / ns
            etc.mkdir(parents=True, exist_ok=True)
            (etc / "resolv.conf").write_text(f"nameserver {resolver}\n", encoding="utf-8")
            (etc / "hosts").write_text("127.0.0.1\tlocalhost\n", encoding="utf-8")
            for f in etc.iterdir():
                os.chmod(f, 0o644)

    def _routes(self) -> None:
        for ns, routes in ROUTES.items():
            for dest, via in routes:
                ip(ns, "route", "replace", dest, "via", via)
        for ns, routes in ROUTES6.items():
            for dest, via in routes:
                ip(ns, "-6", "route", "replace", dest, "via", via)
        for dest in ISP_FAULT_ROUTES:  # the routing faults' prohibit/blackhole routes
            for kind in ("prohibit", "blackhole"):
                ip(ISP, "route", "del", kind, dest, check=False)

    def _start_servers(self) -> None:
        specs = _services(self.certs)
        for ns, services in specs.items():
            spec = {"name": ns, "control": str(self.control_path(ns)), "services": services}
            with open(self.log_path(ns), "w", encoding="utf-8") as log:
                self.servers[ns] = subprocess.Popen(
                    ["ip", "netns", "exec", ns, sys.executable, "-I", str(SERVERS), json.dumps(spec)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    text=True,
                )
        for ns, proc in self.servers.items():
            line = _readline(proc, timeout=15)
            if line.strip() != "READY":
                raise LabError(f"lab servers in {ns} did not start: {line!r}\n{self.server_log(ns)}")

    def log_path(self, ns: str) -> Path:
        assert self.workdir is not None
        return self.workdir / "ctl" / f"{ns}.log"

    def server_log(self, ns: str) -> str:
        """The tail of a server process's stderr (tracebacks, if any)."""
        try:
            return self.log_path(ns).read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            return ""

    # -- control of the servers --
    def control(self, ns: str, request: dict[str, Any]) -> dict[str, Any]:
        reply = control_request(self.control_path(_lab_ns(ns)), request)
        if not reply.get("ok"):
            raise LabError(f"server control in {ns} refused {request}: {reply.get('error')}")
        return reply

    def set_mode(self, ns: str, service: str, mode: str) -> None:
        self.control(ns, {"cmd": "set", "id": service, "mode": mode})

    def stop_service(self, ns: str, service: str) -> None:
        self.control(ns, {"cmd": "stop", "id": service})

    def start_service(self, ns: str, service: str) -> None:
        self.control(ns, {"cmd": "start", "id": service})

    def stats(self) -> dict[str, Any]:
        return {ns: self.control(ns, {"cmd": "stats"})["services"] for ns in self.servers}

    def servers_alive(self) -> dict[str, bool]:
        return {ns: p.poll() is None for ns, p in self.servers.items()}

    # -- faults --
    def heal(self) -> None:
        """Back to the healthy lab: links up, routes back, firewall rules gone, servers in their default modes."""
        if not self.built:
            raise LabError("the lab is not built")
        for link in LINKS:
            ip(link.a_ns, "link", "set", link.a_if, "up")
            ip(link.b_ns, "link", "set", link.b_if, "up")
        self._routes()
        for ns in NAMESPACES:
            ns_exec(ns, "nft", "flush", "ruleset")
        dead = [ns for ns, alive in self.servers_alive().items() if not alive]
        if dead:
            raise LabError(f"lab servers died in {', '.join(dead)}")
        for ns in self.servers:
            self.control(ns, {"cmd": "reset"})
        self._settle_links()

    def _settle_links(self, wait: float = 3.0) -> None:
        """Links back up have their carrier (a veth raised a moment ago may not yet), and no neighbour entry left
        FAILED by the previous fault delays the next one (its first packets would wait for ARP to be retried)."""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            if not any("NO-CARRIER" in ip(ns, "-o", "link", "show", check=False) for ns in NAMESPACES):
                break
            time.sleep(0.05)
        for ns in NAMESPACES:
            ip(ns, "neigh", "flush", "all", check=False)

    def nft(self, ns: str, ruleset: str) -> None:
        ns_exec(ns, "nft", "-f", "-", input=ruleset)

    def break_(self, fault: str) -> None:
        """Inject one fault (see FAULTS) into the healthy lab."""
        actions: dict[str, Callable[[], None]] = {
            "healthy": lambda: None,
            "interface-down": lambda: ip(CLIENT, "link", "set", "eth0", "down"),
            "no-carrier": lambda: ip(ROUTER, "link", "set", "lan0", "down"),
            "no-route": lambda: (ip(CLIENT, "route", "del", "default"), ip(CLIENT, "-6", "route", "del", "default")),
            "router-dead": lambda: self.nft(ROUTER, _ROUTER_DEAD),
            "captive-portal": lambda: self.nft(ROUTER, _CAPTIVE),
            "isp-down": lambda: ip(ISP, "link", "set", "up0", "down"),
            "resolver-down": lambda: self.set_mode(ISP, "isp-dns", "silent"),
            "resolver-stopped": lambda: self.stop_service(ISP, "isp-dns"),
            "resolver-servfail": lambda: self.set_mode(ISP, "isp-dns", "servfail"),
            "https-blocked": lambda: self.nft(ROUTER, _HTTPS_BLOCKED),
            "provider-down": lambda: ip(INET, "link", "set", "cloud0", "down"),
            "vm-down": lambda: self.nft(VPS, _DROP_ALL),
            "port-closed": lambda: self.stop_service(VPS, "shop-http"),
            "http-503": lambda: self.set_mode(VPS, "shop-http", "503"),
            "icmp-blocked": lambda: self.nft(ROUTER, _ICMP_BLOCKED),
            "nxdomain-rewrite": lambda: self.set_mode(ISP, "isp-dns", "rewrite"),
            "black-hole": self._black_hole,
            "router-off": self._router_off,
            "isp-loss": lambda: self.nft(ISP, _ISP_LOSS),
            "lan-loss": lambda: self.nft(ROUTER, _LAN_LOSS),
            "service-dns-wrong": lambda: self.set_mode(ISP, "isp-dns", "wrong"),
            "isp-no-route-to-cloud": lambda: self._isp_routes("prohibit"),
            "isp-blackhole-to-cloud": lambda: self._isp_routes("blackhole"),
            "vm-down-cloud-incident": lambda: (
                self.nft(VPS, _DROP_ALL),
                self.set_mode(INET, "cloud-status", "incident"),
            ),
            "isp-down-isp-incident": lambda: (
                ip(ISP, "link", "set", "up0", "down"),
                self.set_mode(ISP, "isp-status", "incident"),
            ),
            "ipv6-broken": lambda: self.nft(ROUTER, _IPV6_BROKEN),
            "tls-expired": lambda: self.control(VPS, {"cmd": "tls", "id": "shop-https", "variant": "expired"}),
            "tls-wronghost": lambda: self.control(VPS, {"cmd": "tls", "id": "shop-https", "variant": "wronghost"}),
            "captive-portal-login": lambda: (self.nft(ROUTER, _CAPTIVE), self.set_mode(ROUTER, "portal", "login")),
            "captive-portal-511": lambda: (self.nft(ROUTER, _CAPTIVE), self.set_mode(ROUTER, "portal", "511")),
        }
        if fault not in actions:
            raise LabError(f"unknown fault {fault!r}; known: {', '.join(actions)}")
        actions[fault]()

    def _router_off(self) -> None:
        self.nft(ROUTER, _ROUTER_DEAD)
        self.nft(ROUTER, _ROUTER_ARP_DEAD)
        ip(CLIENT, "neigh", "flush", "all")

    def _isp_routes(self, kind: str) -> None:
        for dest in ISP_FAULT_ROUTES:
            ip(ISP, "route", "add", kind, dest)

    def _black_hole(self) -> None:
        self.nft(ROUTER, _FORWARD_DROP_ALL)
        self.set_mode(ISP, "isp-dns", "silent")

    def schedule(self, fault: str, on_after: float, off_after: float) -> ScheduledFault:
        """A fault that comes and goes: broken `on_after` seconds from now, healed `off_after` seconds from now, from
        a background thread (for `reportkit watch`). `cancel()` stops it and leaves the lab healthy."""
        if not 0 <= on_after < off_after:
            raise LabError(f"schedule({fault!r}): on_after {on_after} must come before off_after {off_after}")
        scheduled = ScheduledFault(self, fault, time.monotonic() + on_after, time.monotonic() + off_after)
        scheduled.start()
        return scheduled

    @contextlib.contextmanager
    def fault(self, name: str) -> Iterator[Lab]:
        """`with lab.fault("router-dead"): …` — healthy before, the fault inside, healthy again after."""
        self.heal()
        try:
            self.break_(name)
            yield self
        finally:
            self.heal()

    # -- running things in the client namespace as `nobody` --
    def _as_nobody(self, argv: Sequence[str], ns: str = CLIENT, extra_env: dict[str, str] | None = None) -> list[str]:
        nobody = pwd.getpwnam("nobody")
        home = self.home
        venv_bin = f"{self.venv}/bin:" if self.venv else ""
        env = {
            "PATH": f"{venv_bin}/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "LANG": "C.UTF-8",
            "REPORTKIT_PROBE_ALLOW": PROBE_ALLOW,
            **(extra_env or {}),
        }
        if ns not in CLIENTS:
            raise LabError(f"reportkit runs only in {', '.join(CLIENTS)}, not {ns}")
        return [
            "ip", "netns", "exec", ns,
            "setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--inh-caps=-all",
            "env", "-i", *(f"{k}={v}" for k, v in env.items()),
            *argv,
        ]  # fmt: skip

    def run_as_nobody(
        self, argv: Sequence[str], timeout: float = 30, ns: str = CLIENT, env: dict[str, str] | None = None
    ) -> RunResult:
        if not self.built:
            raise LabError("the lab is not built")
        cmd = self._as_nobody(argv, ns, env)
        started = time.perf_counter()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.home, check=False)
        except subprocess.TimeoutExpired as exc:
            elapsed = time.perf_counter() - started
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
            self.last_run = RunResult(cmd, -9, out, err, elapsed)
            raise LabError(f"{' '.join(argv)} did not finish within {timeout} s\nstderr: {err[-2000:]}") from None
        self.last_run = RunResult(cmd, done.returncode, done.stdout, done.stderr, time.perf_counter() - started)
        return self.last_run

    def reportkit(
        self, *args: str, timeout: float = 30, ns: str = CLIENT, env: dict[str, str] | None = None
    ) -> RunResult:
        if self.venv is None:
            raise LabError("no venv for reportkit: Lab(venv=build_venv(...))")
        return self.run_as_nobody([str(self.venv / "bin" / "reportkit"), *args], timeout=timeout, ns=ns, env=env)

    def run_diagnose(
        self,
        extra_args: Sequence[str] = (),
        deadline: float = 3.0,
        timeout: float | None = None,
        config: str | None = None,
        ns: str = CLIENT,
    ) -> tuple[dict[str, Any], float]:
        """`reportkit --config lab.toml diagnose --json --deadline D …` in rk-client as nobody: (its JSON, wall time).

        Raises LabError (with stdout/stderr) on a non-zero exit, a hang past `timeout` or output that is not JSON."""
        result = self.reportkit(
            "--config", str(self.variant_path(config)), "diagnose", "--json", "--deadline", f"{deadline:g}",
            *extra_args,
            timeout=timeout or deadline + 30,
            ns=ns,
        )  # fmt: skip
        if result.returncode != 0:
            raise LabError(
                f"reportkit diagnose exited {result.returncode}\nstdout: {result.stdout[-3000:]}\n"
                f"stderr: {result.stderr[-3000:]}"
            )
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError as exc:
            raise LabError(f"diagnose --json printed no single JSON object ({exc}):\n{result.stdout[-3000:]}") from None
        return worded(data), result.elapsed

    def check(self, timeout: float = 1.0, as_root: bool = False) -> dict[str, Any]:
        """Raw socket observations from rk-client (see check.py), as nobody unless `as_root` (adds raw ICMP)."""
        argv = [DEBIAN_PYTHON, "-I", "-c", CHECK.read_text(encoding="utf-8"), str(timeout)]
        if as_root:
            out = ns_exec(CLIENT, *argv, timeout=30)
        else:
            result = self.run_as_nobody(argv, timeout=30)
            if result.returncode != 0:
                raise LabError(f"lab check failed: {result.stderr[-2000:]}")
            out = result.stdout
        observed: dict[str, Any] = json.loads(out)
        return observed


class ScheduledFault(threading.Thread):
    """Lab.schedule's thread: `broke_at` / `healed_at` are the wall-clock times (time.time()) it acted, or None."""

    def __init__(self, lab: Lab, fault: str, on_at: float, off_at: float) -> None:
        super().__init__(daemon=True, name=f"fault-{fault}")
        self.lab, self.fault, self.on_at, self.off_at = lab, fault, on_at, off_at
        self.broke_at: float | None = None
        self.healed_at: float | None = None
        self.error: BaseException | None = None
        self._cancelled = threading.Event()

    def run(self) -> None:
        try:
            if self._cancelled.wait(max(0.0, self.on_at - time.monotonic())):
                return
            self.lab.break_(self.fault)
            self.broke_at = time.time()
            self._cancelled.wait(max(0.0, self.off_at - time.monotonic()))
            self.lab.heal()
            self.healed_at = time.time()
        except BaseException as exc:  # said by cancel(), in the test's thread
            self.error = exc

    def cancel(self) -> None:
        """Stop early (heal if broken) and wait for the thread; raise what went wrong in it."""
        self._cancelled.set()
        self.join(30)
        if self.broke_at is not None and self.healed_at is None:
            self.lab.heal()
            self.healed_at = time.time()
        if self.error is not None:
            raise LabError(f"scheduled fault {self.fault!r} failed: {self.error}") from self.error

    def __repr__(self) -> str:
        return f"ScheduledFault({self.fault!r}, broke_at={self.broke_at}, healed_at={self.healed_at})"


def control_request(path: Path, request: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
    """One request to a servers.py control socket: one JSON line out, one JSON line back (ok or not)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(str(path))
        s.sendall((json.dumps(request) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    reply: dict[str, Any] = json.loads(data)
    return reply


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(proc.stdout.readline() if proc.stdout else ""), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else ""


def summarize(data: dict[str, Any]) -> str:
    """The probe results and the verdict of a diagnose JSON, one line each, for assertion messages and the report."""
    lines = []
    verdict = data.get("verdict") or {}
    lines.append(f"verdict: {verdict.get('culprit')}/{verdict.get('finding')} ({verdict.get('confidence')})")
    for item in verdict.get("evidence") or []:
        lines.append(f"  evidence: {item}")
    for item in verdict.get("warnings") or []:
        lines.append(f"  warning: {item}")
    probes = data.get("probes") or {}
    pdata = probes.get("data", probes) if isinstance(probes, dict) else {}
    local = pdata.get("local") or {}
    if local:
        ifaces = ", ".join(
            f"{i.get('name')}(up={i.get('up')},carrier={i.get('carrier')})" for i in local.get("interfaces") or []
        )
        lines.append(
            f"local: {ifaces}; default_route={local.get('default_route')}; usable={local.get('usable_address')}"
        )
    for r in pdata.get("results") or []:
        lines.append(f"  {r.get('id')}: {r.get('outcome')} — {r.get('detail')}")
    return "\n".join(lines)


def worded(data: dict[str, Any]) -> dict[str, Any]:
    """A diagnose --json object with the verdict's messages (schema reportkit/2: {key, args}) read back as their
    English sentences (a str the scenarios can search; each also keeps its message key and facts), as they were."""
    from reportkit import messages

    verdict = data.get("verdict")
    if not isinstance(verdict, dict):
        return data
    kept = dict(verdict)
    for field in ("evidence", "warnings", "next_steps"):
        if isinstance(kept.get(field), list):
            kept[field] = [messages.from_json(item) for item in kept[field]]
    return {**data, "verdict": kept, "verdict_json": verdict}
