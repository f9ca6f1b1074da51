"""The network collector: a real run on this machine, and the pure parsers on literal fixtures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from reportkit.collectors.network import (
    collect_network,
    ipv6_scope,
    mask_password,
    parse_ipv6_route,
    parse_proc_net_route,
    parse_resolv_conf,
)
from reportkit.model import Section

ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
ROUTE = ROUTE_HEADER + (
    "eth0\t00000000\t0102000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "eth0\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
    "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
)
ROUTE_NO_DEFAULT = ROUTE_HEADER + (
    "eth0\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
    "wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
)
IPV6_ROUTE = """\
fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003    wlan0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000100 00000002 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
"""  # noqa: E501
IPV6_ROUTE_NO_DEFAULT = "\n".join(IPV6_ROUTE.splitlines()[:2] + IPV6_ROUTE.splitlines()[4:]) + "\n"


@pytest.fixture(scope="module")
def section() -> Section:
    return collect_network()


def test_real_collect_finds_loopback(section: Section) -> None:
    assert section.name == "network"
    assert section.status == "ok", section.reason
    assert isinstance(section.duration_ms, int)
    lo = next(i for i in section.data["interfaces"] if i["name"] == "lo")
    assert lo["loopback"] is True and lo["is_up"] is True
    assert {"address": "127.0.0.1", "netmask": "255.0.0.0", "prefixlen": 8} in lo["ipv4"]
    assert lo["mac"] is None


def test_real_interfaces_shape(section: Section) -> None:
    interfaces = section.data["interfaces"]
    names = [i["name"] for i in interfaces]
    assert names == sorted(names)
    for iface in interfaces:
        assert iface["speed_mbps"] is None or iface["speed_mbps"] > 0
        assert iface["duplex"] in ("full", "half", None)
        assert iface["mtu"] is None or isinstance(iface["mtu"], int)
        for addr in iface["ipv6"]:
            assert "%" not in addr["address"]
            assert addr["scope"] in ("host", "link", "site", "global")
            assert isinstance(addr["prefixlen"], int)
        if iface["counters"] is not None:
            errors = sum(iface["counters"][k] for k in ("errin", "errout", "dropin", "dropout"))
            assert iface["has_errors"] is (errors > 0)


def test_real_collect_round_trips_through_json(section: Section) -> None:
    def no_tuples(value: Any) -> None:
        assert not isinstance(value, tuple)
        for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
            no_tuples(item)

    no_tuples(section.data)
    assert json.loads(json.dumps(section.data)) == section.data
    assert set(section.data) == {
        "interfaces", "default_gateways", "gateway_source", "dns", "proxies", "notes",
    }  # fmt: skip
    assert set(section.data["default_gateways"]) == {"ipv4", "ipv6"}


def test_real_gateway_agrees_with_proc(section: Section) -> None:
    """netifaces (netlink) and this module's /proc parsers must name the same gateways."""
    routes = Path("/proc/net/route").read_text().splitlines()[1:]
    if sum(line.split()[1:2] == ["00000000"] for line in routes) > 1:
        pytest.skip("several IPv4 default routes: netifaces and the metric rule may pick different ones")
    source = section.data["gateway_source"]
    gateways = section.data["default_gateways"]
    from_proc = {
        "ipv4": parse_proc_net_route(Path("/proc/net/route").read_text()),
        "ipv6": parse_ipv6_route(Path("/proc/net/ipv6_route").read_text()),
    }
    if source is None:
        assert from_proc == {"ipv4": None, "ipv6": None}
    else:
        assert source == "netifaces"
        assert gateways == from_proc


def test_proc_route_default_gateway() -> None:
    assert parse_proc_net_route(ROUTE, byteorder="little") == {"address": "10.0.2.1", "interface": "eth0"}


def test_proc_route_without_default() -> None:
    assert parse_proc_net_route(ROUTE_NO_DEFAULT, byteorder="little") is None
    assert parse_proc_net_route(ROUTE_HEADER) is None
    assert parse_proc_net_route("") is None


def test_proc_route_lowest_metric_wins_and_junk_is_ignored() -> None:
    text = ROUTE_HEADER + (
        "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
        "garbage line\n"
        "eth9\tZZZZZZZZ\t0101A8C0\t0003\t0\t0\t1\t00000000\t0\t0\t0\n"
        "eth1\t00000000\t0102000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
        "ppp0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"  # no gateway address
        "eth2\t00000000\t0103000A\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"  # not up
    )
    assert parse_proc_net_route(text, byteorder="little") == {"address": "10.0.2.1", "interface": "eth1"}


def test_proc_route_big_endian_host() -> None:
    text = ROUTE_HEADER + "eth0\t00000000\t0A000201\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    assert parse_proc_net_route(text, byteorder="big") == {"address": "10.0.2.1", "interface": "eth0"}


def test_ipv6_route_default_gateway() -> None:
    # two defaults: fd00::1 (metric 0x100) beats fe80::1 (0x400); the reject route on lo is ignored
    assert parse_ipv6_route(IPV6_ROUTE) == {"address": "fd00::1", "interface": "eth0"}
    assert parse_ipv6_route(IPV6_ROUTE_NO_DEFAULT) is None
    assert parse_ipv6_route("") is None


def test_resolv_conf_parsing() -> None:
    text = """\
# Generated by NetworkManager
; old-style comment
search corp.example.org example.org
nameserver 192.0.2.53  # primary
nameserver 2001:db8::53
nameserver fe80::1%eth0
nameserver 192.0.2.53
#nameserver 198.51.100.1
options edns0 trust-ad
nameserver
"""
    assert parse_resolv_conf(text) == {
        "servers": ["192.0.2.53", "2001:db8::53", "fe80::1%eth0"],
        "search": ["corp.example.org", "example.org"],
    }


def test_resolv_conf_last_domain_or_search_wins() -> None:
    assert parse_resolv_conf("search a.example b.example\ndomain c.example\n")["search"] == ["c.example"]
    assert parse_resolv_conf("domain c.example\nsearch a.example\n")["search"] == ["a.example"]
    assert parse_resolv_conf("") == {"servers": [], "search": []}


def test_dns_from_injected_file(tmp_path: Path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("nameserver 127.0.0.53\nsearch example.org\n")
    dns = collect_network(resolv_conf=str(conf), environ={}).data["dns"]
    assert dns == {"servers": ["127.0.0.53"], "search": ["example.org"], "source": str(conf)}


def test_missing_resolv_conf(tmp_path: Path) -> None:
    missing = tmp_path / "resolv.conf"
    section = collect_network(resolv_conf=str(missing), environ={})
    assert section.status == "ok"
    assert section.data["dns"] == {"servers": [], "search": [], "source": None}
    assert f"no {missing}" in section.data["notes"]


def test_proxies_from_injected_environ() -> None:
    environ = {
        "HTTP_PROXY": "http://alice:hunter2@proxy.example:3128",
        "https_proxy": "http://bob:p@ss:w0rd@proxy.example:3129/",
        "HTTPS_PROXY": "http://ignored:ignored@other:1",
        "ALL_PROXY": "socks5://carol@socks.example:1080",
        "no_proxy": "localhost,127.0.0.1,.corp.example",
        "PATH": "/usr/bin",
    }
    proxies = collect_network(environ=environ).data["proxies"]
    assert proxies == {
        "http_proxy": "http://alice:***@proxy.example:3128",
        "https_proxy": "http://bob:***@proxy.example:3129/",
        "all_proxy": "socks5://carol@socks.example:1080",
        "no_proxy": "localhost,127.0.0.1,.corp.example",
    }
    assert "hunter2" not in json.dumps(proxies) and "w0rd" not in json.dumps(proxies)
    assert collect_network(environ={}).data["proxies"] == {}


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("proxy.example:3128", "proxy.example:3128"),
        ("dave:secret@proxy.example:8080", "dave:***@proxy.example:8080"),
        ("http://:secret@proxy.example", "http://:***@proxy.example"),
        ("https://user:a%40b@proxy.example", "https://user:***@proxy.example"),
    ],
)
def test_mask_password(value: str, masked: str) -> None:
    assert mask_password(value) == masked


def test_ipv6_scope() -> None:
    assert ipv6_scope("::1") == "host"
    assert ipv6_scope("fe80::1%eth0") == "link"
    assert ipv6_scope("2001:db8::1") == "global"
    assert ipv6_scope("fd00::2") == "global"  # ULA: the kernel calls it global too


def test_fallback_without_netifaces(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "netifaces", None)  # import netifaces -> ImportError
    route = tmp_path / "route"
    ipv6_route = tmp_path / "ipv6_route"
    route.write_text(ROUTE)
    ipv6_route.write_text(IPV6_ROUTE)
    section = collect_network(proc_route=str(route), proc_ipv6_route=str(ipv6_route), environ={})
    assert section.status == "ok"
    assert section.data["gateway_source"] == "/proc/net/route"
    expected_v4 = parse_proc_net_route(ROUTE)  # the host's byte order, as the kernel would write it
    assert section.data["default_gateways"] == {
        "ipv4": expected_v4,
        "ipv6": {"address": "fd00::1", "interface": "eth0"},
    }
    if sys.byteorder == "little":
        assert expected_v4 == {"address": "10.0.2.1", "interface": "eth0"}
    assert any("netifaces" in note for note in section.data["notes"])


def test_fallback_without_any_default_route(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "netifaces", None)
    route = tmp_path / "route"
    route.write_text(ROUTE_NO_DEFAULT)
    section = collect_network(proc_route=str(route), proc_ipv6_route=str(tmp_path / "absent"), environ={})
    assert section.status == "ok"
    assert section.data["gateway_source"] is None
    assert section.data["default_gateways"] == {"ipv4": None, "ipv6": None}


def test_survives_psutil_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import psutil

    def broken(*args: object, **kwargs: object) -> Any:
        raise OSError("netlink exploded")

    monkeypatch.setattr(psutil, "net_if_addrs", broken)
    section = collect_network(environ={})
    assert section.status == "ok"
    assert section.data["interfaces"] == []
    assert any("netlink exploded" in note for note in section.data["notes"])
