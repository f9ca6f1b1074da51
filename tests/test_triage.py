"""The verdict engine: a healthy baseline (docs/probes.md) plus one mutation per rule, adjustment and warning."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import pytest

from reportkit import triage
from reportkit.model import CULPRITS, Verdict

GW = "198.51.100.1"
HOST = "203.0.113.10"
ANCHORS = ["203.0.113.64:443", "203.0.113.64:80", "203.0.113.65:443", "203.0.113.66:443"]
RESOLVER = "198.51.100.53"
PUBLIC = "203.0.113.53"
PROVIDER = "203.0.113.100:443"

Data = dict[str, Any]
Mutate = Callable[[Data], None]

SETTINGS: Data = {
    "isp": {
        "name": "Lab Telecom",
        "customer_id": "C-1234",
        "support_email": "help@isp.example",
        "support_phone": "+36 1 555 0100",
        "status_url": "https://status.isp.example/",
    },
    "cloud": {
        "name": "Lab Cloud",
        "account_id": "acct-42",
        "support_email": "support@cloud.example",
        "support_url": "https://cloud.example/support",
        "status_url": "https://status.cloud.example/",
    },
    "service": {"name": "Shop website", "vm_name": "shop-vm-1", "host": HOST, "hostname": "shop.lab.test"},
}


# ---------------------------------------------------------------------------------------------- the builder


def tcp(group: str, target: str, pattern: str = "ooo", ms: float = 12.0) -> Data:
    """One multi-sample TCP/ICMP result; `pattern` has one letter per sample: o(k) r(efused) t(imeout) u(nreachable)."""
    names = {"o": "ok", "r": "refused", "t": "timeout", "u": "unreachable", "n": "not-permitted", "e": "error"}
    samples = [{"outcome": names[c], "ms": ms if c in "or" else None} for c in pattern]
    answered = sum(c in "or" for c in pattern)
    outcome = "ok" if "o" in pattern else "refused" if "r" in pattern else names[pattern[0]]
    return {
        "id": f"{group}:tcp:{target}",
        "group": group,
        "target": target,
        "sent": f"TCP connect to {target}, {len(pattern)} samples",
        "outcome": outcome,
        "ms": ms if answered else None,
        "samples": samples,
        "detail": f"{outcome} ({answered}/{len(pattern)})",
        "data": {"answered": answered, "sent": len(pattern), "loss": round(1 - answered / len(pattern), 2)},
    }


def one(group: str, target: str, outcome: str = "ok", ms: float | None = 20.0, **data: Any) -> Data:
    """A single-shot result (DNS, HTTP, TLS, portal)."""
    return {
        "id": f"{group}:{target}",
        "group": group,
        "target": target,
        "sent": "one query",
        "outcome": outcome,
        "ms": ms if outcome == "ok" else None,
        "samples": [],
        "detail": outcome,
        "data": data,
    }


def healthy() -> Data:
    """Everything answers: the baseline every case mutates."""
    return {
        "deadline_s": 6.0,
        "elapsed_ms": 812,
        "targets": {
            "gateway": GW,
            "anchors": list(ANCHORS),
            "resolvers": [RESOLVER],
            "public_resolvers": [PUBLIC],
            "known_names": ["anchor.lab.test"],
            "nx_suffix": "lab.test",
            "portal_url": "http://203.0.113.80/generate_204",
            "service": {
                "host": HOST,
                "hostname": "shop.lab.test",
                "ports": [80, 443],
                "admin_port": 22,
                "url": "https://shop.lab.test/",
            },
            "provider_anchors": [PROVIDER],
        },
        "local": {
            "interfaces": [
                {"name": "lo", "up": True, "carrier": True, "kind": "loopback"},
                {"name": "eth0", "up": True, "carrier": True, "kind": "ethernet"},
            ],
            "addresses": {"ipv4": ["198.51.100.2/28"], "ipv6": []},
            "usable_address": True,
            "link_local_only": False,
            "default_route": {"ipv4": {"gateway": GW, "interface": "eth0"}, "ipv6": None},
            "routes_to": {HOST: {"source": "198.51.100.2"}},
            "vpn_interfaces": [],
            "proxies": {},
        },
        "results": [
            *(tcp("gateway", f"{GW}:{port}", ms=2.0) for port in (53, 80, 443)),
            tcp("gateway-icmp", GW, ms=1.5),
            *(tcp("anchor", a, ms=14.0) for a in ANCHORS),
            one(
                "resolver",
                f"anchor.lab.test @ {RESOLVER}",
                ms=18.0,
                server=RESOLVER,
                name="anchor.lab.test",
                rcode="NOERROR",
                answers=["203.0.113.64"],
            ),
            one(
                "public-resolver",
                f"anchor.lab.test @ {PUBLIC}",
                ms=20.0,
                server=PUBLIC,
                name="anchor.lab.test",
                rcode="NOERROR",
                answers=["203.0.113.64"],
            ),
            one(
                "system-dns",
                "anchor.lab.test",
                ms=15.0,
                name="anchor.lab.test",
                addresses=["203.0.113.64"],
                role="known",
            ),
            one("system-dns", "shop.lab.test", ms=16.0, name="shop.lab.test", addresses=[HOST], role="service"),
            one("nxdomain", "qx7zz.lab.test", "nxdomain", name="qx7zz.lab.test", addresses=[]),
            one("portal", "http://203.0.113.80/generate_204", status=204, location=None, body_bytes=0),
            tcp("service-tcp", f"{HOST}:80", ms=25.0),
            tcp("service-tcp", f"{HOST}:443", ms=25.0),
            tcp("admin-tcp", f"{HOST}:22", ms=25.0),
            one(
                "service-http", "https://shop.lab.test/", ms=80.0, status=200, reason="OK", url="https://shop.lab.test/"
            ),
            one(
                "service-tls",
                "shop.lab.test:443",
                valid=True,
                error=None,
                days_left=87,
                not_after="2027-02-18T12:00:00Z",
            ),
            tcp("provider", PROVIDER, ms=22.0),
        ],
    }


# ---------------------------------------------------------------------------------------------- mutators


def compose(*mutators: Mutate) -> Mutate:
    def run(data: Data) -> None:
        for mutate in mutators:
            mutate(data)

    return run


def _replace(data: Data, match: Callable[[Data], bool], make: Callable[[Data], Data]) -> None:
    data["results"] = [make(r) if match(r) else r for r in data["results"]]


def tcp_set(group: str, pattern: str, ms: float = 12.0, port: int | None = None) -> Mutate:
    """Every TCP result in `group` (optionally only on `port`) gets the sample pattern."""

    def run(data: Data) -> None:
        _replace(
            data,
            lambda r: r["group"] == group and (port is None or r["target"].endswith(f":{port}")),
            lambda r: tcp(group, r["target"], pattern, ms),
        )

    return run


def one_set(group: str, outcome: str, ms: float | None = None, role: str | None = None, **data: Any) -> Mutate:
    """Every single-shot result in `group` (optionally only with data.role) gets the outcome; data keys merge."""

    def run(probes: Data) -> None:
        def make(r: Data) -> Data:
            new = copy.deepcopy(r)
            new["outcome"] = outcome
            new["ms"] = ms if outcome == "ok" else None
            new["data"].update(data)
            return new

        _replace(probes, lambda r: r["group"] == group and (role is None or r["data"].get("role") == role), make)

    return run


def drop(*groups: str) -> Mutate:
    def run(data: Data) -> None:
        data["results"] = [r for r in data["results"] if r["group"] not in groups]

    return run


def add(*results: Data) -> Mutate:
    def run(data: Data) -> None:
        data["results"].extend(results)

    return run


def local(**changes: Any) -> Mutate:
    def run(data: Data) -> None:
        data["local"].update(changes)

    return run


def target(**changes: Any) -> Mutate:
    def run(data: Data) -> None:
        data["targets"].update(changes)

    return run


def eth0(**changes: Any) -> Mutate:
    def run(data: Data) -> None:
        for iface in data["local"]["interfaces"]:
            if iface["name"] == "eth0":
                iface.update(changes)

    return run


# Nothing beyond this computer answers (the consequence of every local fault).
offline = compose(
    tcp_set("gateway", "uuu"),
    tcp_set("gateway-icmp", "uuu"),
    tcp_set("anchor", "uuu"),
    tcp_set("service-tcp", "uuu"),
    tcp_set("admin-tcp", "uuu"),
    tcp_set("provider", "uuu"),
    one_set("resolver", "unreachable"),
    one_set("public-resolver", "unreachable"),
    one_set("system-dns", "error"),
    one_set("nxdomain", "error"),
    one_set("portal", "unreachable"),
    one_set("service-http", "unreachable"),
    one_set("service-tls", "unreachable"),
)
router_silent = compose(tcp_set("gateway", "ttt"), tcp_set("gateway-icmp", "ttt"))
# Past the router nothing answers.
internet_silent = compose(
    tcp_set("anchor", "ttt"),
    tcp_set("service-tcp", "ttt"),
    tcp_set("admin-tcp", "ttt"),
    tcp_set("provider", "ttt"),
    one_set("public-resolver", "timeout"),
    one_set("resolver", "timeout"),
    one_set("system-dns", "error"),
    one_set("portal", "timeout"),
    one_set("service-http", "timeout"),
    one_set("service-tls", "timeout"),
)
host_silent = compose(
    tcp_set("service-tcp", "ttt"),
    tcp_set("admin-tcp", "ttt"),
    one_set("service-http", "timeout"),
    one_set("service-tls", "timeout"),
)
system_dns_fails = compose(one_set("system-dns", "error"), one_set("nxdomain", "error"))
single_anchor = compose(drop("anchor"), add(tcp("anchor", "203.0.113.64:443", "ttt")))
no_gateway = compose(drop("gateway", "gateway-icmp"), target(gateway=None))
WORKS = {"other_connection": "works"}
FAILS = {"other_connection": "fails"}
DEVICES_WORK = {"other_devices": "works"}
DEVICES_FAIL = {"other_devices": "fails"}


def nothing(_: Data) -> None:
    return None


# ---------------------------------------------------------------------------------------------- the table

# Named mutations, so every row of the table fits on one line.
nx_rewrite = one_set("nxdomain", "ok", 20.0, addresses=["203.0.113.99"])
proxy = local(proxies={"https_proxy": "http://proxy:3128"})
vpn = local(vpn_interfaces=["wg0"])
http_403 = one_set("service-http", "ok", 50.0, status=403, reason="Forbidden")
cert_5_days = one_set("service-tls", "ok", days_left=5)
one_dead_resolver = add(one("resolver", "198.51.100.54", "timeout"))  # bare-IP target, no data.server
only_loopback = local(interfaces=[{"name": "lo", "up": True, "kind": "loopback"}])
self_assigned = local(usable_address=False, link_local_only=True, addresses={"ipv4": ["169.254.7.9/16"], "ipv6": []})
no_addresses = local(usable_address=False, addresses={"ipv4": [], "ipv6": []})
no_routes = local(default_route={"ipv4": None, "ipv6": None}, routes_to={HOST: None})
lan_slow = compose(tcp_set("gateway", "ooo", ms=250.0), tcp_set("gateway-icmp", "ooo", ms=260.0))
portal_302 = one_set("portal", "ok", 30.0, status=302, location="http://login.hotel.example/")
portal_511 = one_set("portal", "ok", 30.0, status=511, body_bytes=900)
portal_page = one_set("portal", "ok", 30.0, status=200, body_bytes=5120)
resolver_silent = compose(one_set("resolver", "timeout"), system_dns_fails)
resolver_servfail = compose(one_set("resolver", "servfail"), one_set("system-dns", "servfail"))
https_blocked = compose(
    tcp_set("anchor", "ttt", port=443),
    tcp_set("service-tcp", "ttt", port=443),
    tcp_set("provider", "ttt"),
    one_set("service-http", "timeout"),
    one_set("service-tls", "timeout"),
)
service_nx = one_set("system-dns", "nxdomain", role="service", addresses=[])
provider_silent = compose(host_silent, tcp_set("provider", "ttt"))
app_refused = compose(
    tcp_set("service-tcp", "rrr"), one_set("service-http", "refused"), one_set("service-tls", "refused")
)
http_503 = one_set("service-http", "ok", 90.0, status=503, reason="Service Unavailable")
tls_expired = one_set("service-tls", "ok", valid=False, error="certificate has expired", days_left=-3)
tls_wrong_name = one_set("service-tls", "ok", valid=False, error="hostname mismatch", days_left=60)
dns_slow = compose(one_set("system-dns", "ok", 800.0), one_set("public-resolver", "ok", 25.0))
router_and_internet_silent = compose(router_silent, internet_silent)
router_refuses = compose(tcp_set("gateway", "rrr"), tcp_set("gateway-icmp", "ttt"))

# (name, mutate, answers, culprit, finding, confidence)
# fmt: off
CASES: list[tuple[str, Mutate, dict[str, Any] | None, str, str, str]] = [
    # 18: healthy, and things that must not change it
    ("healthy", nothing, None, "none", "healthy", "high"),
    ("icmp-not-permitted-stays-healthy", tcp_set("gateway-icmp", "nnn"), None, "none", "healthy", "high"),
    ("icmp-filtered-stays-healthy", tcp_set("gateway-icmp", "ttt"), None, "none", "healthy", "high"),
    ("router-filters-443-is-not-loss", tcp_set("gateway", "ttt", port=443), None, "none", "healthy", "high"),
    ("router-filters-itself-but-forwards", router_silent, None, "none", "healthy", "high"),
    ("point-to-point-skips-gateway-rules", no_gateway, None, "none", "healthy", "high"),
    ("nxdomain-rewriting-is-a-warning", nx_rewrite, None, "none", "healthy", "medium"),
    ("proxy-is-a-warning", proxy, None, "none", "healthy", "medium"),
    ("vpn-is-a-warning", vpn, None, "none", "healthy", "medium"),
    ("http-4xx-is-a-warning", http_403, None, "none", "healthy", "medium"),
    ("cert-expiring-is-a-warning", cert_5_days, None, "none", "healthy", "medium"),
    ("one-dead-resolver-is-a-warning", one_dead_resolver, None, "none", "healthy", "medium"),
    # 1–4: this computer
    ("1-interface-down", compose(offline, eth0(up=False)), None, "device", "interface-down", "high"),
    ("1-only-loopback", compose(offline, only_loopback), None, "device", "interface-down", "high"),
    ("1-adapter-table-wrong-but-internet-answers", eth0(up=False), None, "none", "healthy", "high"),
    ("1-no-adapter-listed-no-address", compose(offline, local(interfaces=[]), no_addresses), None, "device",
     "interface-down", "high"),
    ("2-no-link", compose(offline, eth0(carrier=False)), None, "local-network", "no-link", "high"),
    ("2-unknown-carrier-is-not-no-link", compose(offline, eth0(carrier=None), router_silent), None,
     "local-network", "gateway-down", "high"),
    ("3-self-assigned-only", compose(offline, self_assigned), None, "local-network", "no-address", "medium"),
    ("3-no-address-at-all", compose(offline, no_addresses), None, "local-network", "no-address", "medium"),
    ("4-no-route", compose(offline, no_routes), None, "device", "no-route", "high"),
    ("4-no-route-router-still-answers", compose(offline, no_routes, tcp_set("gateway", "rtt")), None, "device",
     "no-route", "high"),
    ("4-a-route-to-the-service-is-a-route", compose(offline, local(default_route={"ipv4": None, "ipv6": None})),
     None, "local-network", "gateway-down", "high"),
    # 5–7: the local network
    ("5-gateway-down", router_and_internet_silent, None, "local-network", "gateway-down", "high"),
    ("5-gateway-down-icmp-not-permitted", compose(router_silent, tcp_set("gateway-icmp", "nnn"), internet_silent),
     None, "local-network", "gateway-down", "high"),
    ("5-refused-proves-router-alive", compose(internet_silent, router_refuses), None, "isp", "isp-down", "high"),
    ("6-lan-loss", compose(*(tcp_set(g, "oot", ms=3.0) for g in ("gateway", "anchor", "service-tcp", "provider"))),
     None, "local-network", "lan-degraded", "medium"),
    ("6-router-rate-limits-itself-is-not-lan-loss", tcp_set("gateway", "oot", ms=3.0), None, "none", "healthy",
     "high"),
    ("6-lan-slow", lan_slow, None, "local-network", "lan-degraded", "medium"),
    ("7-portal-redirect", portal_302, None, "local-network", "captive-portal", "high"),
    ("7-portal-511", portal_511, None, "local-network", "captive-portal", "high"),
    ("7-portal-page", portal_page, None, "local-network", "captive-portal", "high"),
    # 8: ISP
    ("8-isp-down", internet_silent, None, "isp", "isp-down", "high"),
    ("8-isp-down-one-anchor", compose(internet_silent, single_anchor), None, "isp", "isp-down", "medium"),
    ("8-isp-down-point-to-point", compose(internet_silent, no_gateway), None, "isp", "isp-down", "medium"),
    ("8-isp-down-under-vpn", compose(internet_silent, vpn), None, "isp", "isp-down", "medium"),
    ("8-anchors-silent-but-rest-answers-is-unexplained", tcp_set("anchor", "ttt"), None, "unknown", "unexplained",
     "low"),
    # 9: DNS
    ("9-resolver-timeout", resolver_silent, None, "dns", "resolver-down", "high"),
    ("9-resolver-servfail", resolver_servfail, None, "dns", "resolver-down", "high"),
    ("9-system-lookups-fail-only", one_set("system-dns", "timeout"), None, "dns", "resolver-down", "high"),
    ("9-public-dns-blocked-too", compose(resolver_silent, one_set("public-resolver", "timeout")), None,
     "dns", "resolver-down", "medium"),
    # 10: firewall
    ("10-firewall-443", https_blocked, None, "local-network", "firewall", "medium"),
    ("10-443-works-elsewhere-is-not-firewall", tcp_set("anchor", "ttt", port=443), None, "unknown", "unexplained",
     "low"),
    # 11: service DNS
    ("11-service-dns", service_nx, None, "service", "service-dns", "medium"),
    # 12–15: provider and service
    ("12-provider-down", provider_silent, None, "cloud-provider", "provider-down", "medium"),
    ("13-host-down", host_silent, None, "cloud-provider", "host-down", "medium"),
    ("13-host-down-no-provider-anchors", compose(host_silent, drop("provider")), None, "cloud-provider", "host-down",
     "medium"),
    ("14-app-down-refused", app_refused, None, "service", "app-down", "high"),
    ("14-app-down-refused-no-admin-port", compose(drop("admin-tcp"), tcp_set("service-tcp", "rrr")), None, "service",
     "app-down", "high"),
    ("14-app-down-timeout", tcp_set("service-tcp", "ttt", port=443), None, "service", "app-down", "medium"),
    ("15-app-error-5xx", http_503, None, "service", "app-error", "high"),
    ("15-app-error-timeout", one_set("service-http", "timeout", connected=True), None, "service", "app-error",
     "high"),
    ("15-http-timeout-before-connecting", one_set("service-http", "timeout"), None, "service", "app-error", "medium"),
    ("15-tls-expired", tls_expired, None, "service", "tls-invalid", "high"),
    ("15-tls-wrong-name", tls_wrong_name, None, "service", "tls-invalid", "medium"),
    # 16–17: degraded
    ("16-isp-loss", tcp_set("anchor", "oot", ms=20.0), None, "isp", "isp-degraded", "medium"),
    ("16-isp-slow", tcp_set("anchor", "ooo", ms=450.0), None, "isp", "isp-degraded", "medium"),
    ("16-one-dead-anchor-is-not-loss", tcp_set("anchor", "ttt", port=80), None, "none", "healthy", "high"),
    ("17-dns-slow", dns_slow, None, "dns", "dns-slow", "medium"),
    # rule order: the lower layer wins
    ("order-router-down-and-service-down", compose(router_and_internet_silent, host_silent), None, "local-network",
     "gateway-down", "high"),
    ("order-isp-down-beats-dns", compose(internet_silent, one_set("resolver", "servfail")), None, "isp",
     "isp-down", "high"),
    ("order-dns-beats-service", compose(resolver_silent, host_silent), None, "dns", "resolver-down", "medium"),
    ("order-portal-beats-isp", compose(internet_silent, portal_302), None, "local-network", "captive-portal",
     "high"),
    ("order-host-down-beats-app-error", compose(host_silent, one_set("service-http", "ok", status=500)), None,
     "cloud-provider", "host-down", "medium"),
    # adjustments: the user's answers
    ("A1-other-devices-work-flips-gateway-down", router_and_internet_silent, DEVICES_WORK, "device", "gateway-down",
     "medium"),
    ("A1-other-devices-work-flips-isp-down", internet_silent, DEVICES_WORK, "device", "isp-down", "medium"),
    ("A1-not-for-captive-portal", portal_511, DEVICES_WORK, "local-network", "captive-portal",
     "high"),
    ("A2-hotspot-works-flips-provider-down", provider_silent, WORKS, "isp", "isp-route", "medium"),
    ("A2-hotspot-works-flips-host-down", host_silent, WORKS, "isp", "isp-route", "medium"),
    ("A3-hotspot-works-app-down-stays-service", app_refused, WORKS, "service", "app-down", "medium"),
    ("A3-hotspot-works-service-dns-is-dns", service_nx, WORKS, "dns", "service-dns", "medium"),
    ("A4-hotspot-fails-confirms-provider-down", provider_silent, FAILS, "cloud-provider", "provider-down", "high"),
    ("A4-hotspot-fails-confirms-host-down", host_silent, FAILS, "cloud-provider", "host-down", "high"),
    ("A5-hotspot-works-isp-down-stays", internet_silent, WORKS, "isp", "isp-down", "high"),
    ("A6-other-devices-fail-raise-isp-down", compose(internet_silent, single_anchor), DEVICES_FAIL, "isp",
     "isp-down", "high"),
    ("A6-other-devices-fail-keeps-device", compose(offline, eth0(up=False)), DEVICES_FAIL, "device",
     "interface-down", "high"),
    ("A7-other-devices-fail-but-healthy", nothing, DEVICES_FAIL, "none", "healthy", "high"),
    ("answers-on-healthy-change-nothing", nothing, {**WORKS, **DEVICES_WORK}, "none", "healthy", "high"),
]
# fmt: on


def run(mutate: Mutate, answers: dict[str, Any] | None = None, settings: Data | None = None) -> Verdict:
    data = healthy()
    mutate(data)
    return triage.decide(data, answers, SETTINGS if settings is None else settings)


@pytest.mark.parametrize(
    ("name", "mutate", "answers", "culprit", "finding", "confidence"), CASES, ids=[c[0] for c in CASES]
)
def test_table(
    name: str, mutate: Mutate, answers: dict[str, Any] | None, culprit: str, finding: str, confidence: str
) -> None:
    verdict = run(mutate, answers)
    assert (verdict.culprit, verdict.finding, verdict.confidence) == (culprit, finding, confidence), verdict
    assert verdict.culprit in CULPRITS
    assert 2 <= len(verdict.evidence) <= 5, verdict.evidence
    assert all(s.strip() and "{" not in s for s in verdict.evidence + verdict.warnings + verdict.next_steps)
    assert verdict.next_steps
    assert verdict.contact["role"] in ("you", "local-admin", "isp", "cloud-provider", "service-operator")
    assert all(v not in (None, "", []) for v in verdict.contact.values())


FINDINGS = {
    "interface-down", "no-link", "no-address", "no-route", "gateway-down", "lan-degraded", "captive-portal",
    "isp-down", "resolver-down", "firewall", "service-dns", "provider-down", "host-down", "app-down", "app-error",
    "tls-invalid", "isp-degraded", "dns-slow", "healthy",
}  # fmt: skip


def test_table_covers_every_finding() -> None:
    assert {c[4] for c in CASES} >= FINDINGS
    assert {"isp-route"} <= {c[4] for c in CASES}


def test_every_rule_and_adjustment_documents_why() -> None:
    for number, rule in triage.RULES:
        assert rule.__doc__ and rule.__doc__.startswith(f"{number}."), number
    for name, adjustment in triage.ADJUSTMENTS:
        assert adjustment.__doc__ and adjustment.__doc__.startswith(f"{name}."), name
    assert [n for n, _ in triage.RULES][:6] == ["1", "2", "3", "4", "4b", "5"]


def test_every_finding_has_next_steps() -> None:
    for finding in [*FINDINGS, "isp-route", "not-measured", "inconclusive", "other-devices-work", "service-dns-here"]:
        assert triage.STEPS[finding], finding


# ---------------------------------------------------------------------------------------------- warnings


def test_icmp_blocked_is_only_a_warning() -> None:
    verdict = run(tcp_set("gateway-icmp", "nnn"))
    assert any("not permitted" in w and "not a fault" in w for w in verdict.warnings)
    filtered = run(tcp_set("gateway-icmp", "ttt"))
    assert any("filtered" in w and "not a fault" in w for w in filtered.warnings)
    assert not run(nothing).warnings


def test_nxdomain_rewriting_warning_names_the_name() -> None:
    verdict = run(one_set("nxdomain", "ok", 20.0, addresses=["203.0.113.99"]))
    assert any("qx7zz.lab.test" in w and "203.0.113.99" in w for w in verdict.warnings)


def test_proxy_and_vpn_warnings() -> None:
    verdict = run(local(proxies={"https_proxy": "http://proxy:3128"}, vpn_interfaces=["wg0", "tun0"]))
    assert any("https_proxy=http://proxy:3128" in w for w in verdict.warnings)
    assert any("wg0 and tun0" in w for w in verdict.warnings)


def test_ipv6_broken_warning() -> None:
    verdict = run(compose(add(tcp("anchor", "[2001:db8::64]:443", "ttt")), target(anchors=[*ANCHORS, "x"])))
    assert (verdict.culprit, verdict.finding, verdict.confidence) == ("none", "healthy", "medium")
    assert any("IPv6" in w and "[2001:db8::64]:443" in w for w in verdict.warnings)


def test_service_name_points_elsewhere_warning() -> None:
    verdict = run(one_set("system-dns", "ok", 16.0, role="service", addresses=["203.0.113.77"]))
    assert any("203.0.113.77" in w and HOST in w for w in verdict.warnings)


def test_http_4xx_and_cert_expiry_warnings() -> None:
    verdict = run(compose(one_set("service-http", "ok", 50.0, status=404, reason="Not Found"),
                          one_set("service-tls", "ok", days_left=3, not_after="2026-11-26")))  # fmt: skip
    assert any("HTTP 404 Not Found" in w for w in verdict.warnings)
    assert any("3 days" in w and "shop.lab.test" in w for w in verdict.warnings)


def test_other_devices_fail_while_we_got_through_is_a_warning() -> None:
    verdict = run(nothing, DEVICES_FAIL)
    assert any("come and go" in w for w in verdict.warnings)


# ---------------------------------------------------------------------------------------------- evidence


def test_evidence_names_the_router_and_the_attempts() -> None:
    verdict = run(compose(router_silent, internet_silent))
    assert f"The router at {GW} did not answer on ports 53, 80 or 443 (0 of 9 attempts)." in verdict.evidence
    assert "It did not answer ping either." in verdict.evidence


def test_evidence_summarises_the_anchors() -> None:
    verdict = run(nothing)
    assert "3 of 3 internet test addresses answered (median 14 ms)." in verdict.evidence


def test_isp_down_evidence_names_the_anchors() -> None:
    verdict = run(internet_silent)
    text = " ".join(verdict.evidence)
    assert "203.0.113.64, 203.0.113.65 and 203.0.113.66" in text and "(0 of 12 attempts)" in text
    assert f"The router at {GW} answered" in text


def test_resolver_evidence_contrasts_public_resolver() -> None:
    verdict = run(compose(one_set("resolver", "servfail"), one_set("system-dns", "servfail")))
    text = " ".join(verdict.evidence)
    assert RESOLVER in text and "SERVFAIL" in text and f"public DNS server {PUBLIC} answered" in text


def test_resolver_names_come_from_data_server_or_target() -> None:
    stopped = run(compose(one_set("resolver", "refused"), system_dns_fails))
    assert f"This computer's DNS server {RESOLVER} refused the query." in stopped.evidence
    partial = run(one_dead_resolver)
    assert any(f"The DNS server 198.51.100.54 did not answer, but {RESOLVER} did" in w for w in partial.warnings)


def test_firewall_evidence_says_https_is_blocked() -> None:
    verdict = run(compose(tcp_set("anchor", "ttt", port=443), tcp_set("service-tcp", "ttt", port=443),
                          tcp_set("provider", "ttt")))  # fmt: skip
    assert any("Port 443 is blocked somewhere between this computer and the internet" in e
               for e in verdict.evidence)  # fmt: skip
    assert any("None of the 5 hosts tried on port 443 answered there" in e for e in verdict.evidence)
    assert "HTTPS (port 443)" in " ".join(verdict.next_steps)


def test_provider_down_says_one_vantage_point_and_suggests_hotspot() -> None:
    verdict = run(compose(host_silent, tcp_set("provider", "ttt")))
    assert any("hotspot test" in e for e in verdict.evidence)
    assert any(f"{HOST} did not answer on ports 80, 443 or 22 (0 of 9 attempts)" in e for e in verdict.evidence)
    assert any("hotspot" in s for s in verdict.next_steps)


def test_app_down_evidence_names_port_and_host() -> None:
    verdict = run(tcp_set("service-tcp", "rrr", port=443))
    text = " ".join(verdict.evidence)
    assert f"The server {HOST} refused the connection on port 443" in text
    assert "answered on ports 80 and 22" in text


def test_flip_puts_the_answer_first() -> None:
    verdict = run(compose(host_silent, tcp_set("provider", "ttt")), WORKS)
    assert verdict.evidence[0].startswith("You said the service works over another connection")
    device = run(compose(router_silent, internet_silent), DEVICES_WORK)
    assert "other devices on the same network have internet" in device.evidence[0]
    assert device.next_steps[0].startswith("Other devices work, so start with this computer")


def test_adapter_wording_is_singular_for_one() -> None:
    verdict = run(compose(offline, eth0(up=False)))
    assert verdict.evidence[0] == "The network adapter eth0 is switched off (down)."


def test_answered_questions_are_not_asked_again() -> None:
    gateway_down = compose(router_silent, internet_silent)
    assert triage.ASK_OTHER_DEVICES in run(gateway_down).next_steps
    assert triage.ASK_OTHER_DEVICES not in run(gateway_down, DEVICES_FAIL).next_steps
    assert triage.ASK_HOTSPOT in run(internet_silent).next_steps
    assert triage.ASK_HOTSPOT not in run(internet_silent, WORKS).next_steps
    assert triage.ASK_HOTSPOT_PROVIDER not in run(provider_silent, FAILS).next_steps


def test_hotspot_answer_settles_the_one_vantage_caveat() -> None:
    assert triage.TEXT["one_vantage"] in run(provider_silent).evidence
    assert triage.TEXT["one_vantage"] not in run(provider_silent, FAILS).evidence
    assert triage.TEXT["one_vantage"] not in run(provider_silent, WORKS).evidence


def test_unused_answer_is_still_evidence() -> None:
    verdict = run(nothing, DEVICES_WORK)
    assert "You said other devices on this network have internet." in verdict.evidence


def test_answers_accept_yes_no_and_booleans() -> None:
    flip = compose(host_silent, tcp_set("provider", "ttt"))
    assert run(flip, {"other_connection": "Yes"}).finding == "isp-route"
    assert run(flip, {"other_connection": True}).finding == "isp-route"
    assert run(flip, {"other_connection": "no"}).confidence == "high"
    assert run(flip, {"other_connection": "maybe"}).finding == "provider-down"


# ---------------------------------------------------------------------------------------------- contact, steps


def test_contact_isp_from_settings() -> None:
    contact = run(internet_silent).contact
    assert contact["role"] == "isp"
    assert contact["name"] == "Lab Telecom"
    assert contact["email"] == "help@isp.example"
    assert contact["phone"] == "+36 1 555 0100"
    assert contact["status_url"] == "https://status.isp.example/"
    assert "customer ID" in contact["needs"]
    assert contact["customer_id"] == "C-1234"  # the identifier the ISP needs travels with the contact
    assert "url" not in contact  # empty keys are omitted


def test_contact_dns_goes_to_the_isp() -> None:
    contact = run(one_set("system-dns", "timeout")).contact
    assert contact["role"] == "isp" and contact["name"] == "Lab Telecom"


def test_contact_cloud_from_settings() -> None:
    contact = run(compose(host_silent, tcp_set("provider", "ttt"))).contact
    assert contact == {
        "role": "cloud-provider",
        "name": "Lab Cloud",
        "account_id": "acct-42",
        "email": "support@cloud.example",
        "url": "https://cloud.example/support",
        "status_url": "https://status.cloud.example/",
        "needs": ["account ID", "VM name and IP", "service URL", "dates and times of the problem"],
    }


def test_contact_service_falls_back_to_cloud_then_to_service_contact() -> None:
    app_down = tcp_set("service-tcp", "rrr")
    assert run(app_down).contact["role"] == "cloud-provider"
    own = {**SETTINGS, "service": {**SETTINGS["service"], "support_email": "ops@shop.example"}}
    contact = run(app_down, settings=own).contact
    assert contact["role"] == "service-operator" and contact["email"] == "ops@shop.example"
    assert run(app_down, settings={}).contact == {
        "role": "service-operator",
        "needs": ["service URL", "exact error message", "dates and times of the problem"],
    }


def test_contact_for_local_faults() -> None:
    assert run(compose(router_silent, internet_silent)).contact["role"] == "local-admin"
    assert run(compose(offline, eth0(up=False))).contact == {"role": "you"}


def test_next_steps_use_settings() -> None:
    gateway = run(compose(router_silent, internet_silent)).next_steps
    assert "power and cables" in gateway[0] and "Restart the router" in gateway[1]
    provider = run(compose(host_silent, tcp_set("provider", "ttt"))).next_steps
    assert provider[0] == "Check https://status.cloud.example/ for an outage notice."
    app = run(tcp_set("service-tcp", "rrr")).next_steps
    assert app[0] == f"Restart the service on the server shop-vm-1 ({HOST})."
    isp = run(internet_silent).next_steps
    assert any("Lab Telecom" in s for s in isp) and any("https://status.isp.example/" in s for s in isp)


def test_next_steps_fall_back_without_settings() -> None:
    steps = run(compose(host_silent, tcp_set("provider", "ttt")), settings={}).next_steps
    assert steps[0] == "Check your cloud provider's status page for an outage."
    app = run(tcp_set("service-tcp", "rrr"), settings={}).next_steps
    assert app[0] == f"Restart the service on the server {HOST}."  # the host comes from the probe targets


# ---------------------------------------------------------------------------------------------- not measured, garbage


@pytest.mark.parametrize("probes", [None, {}])
def test_no_probes_is_not_measured(probes: Any) -> None:
    verdict = triage.decide(probes)
    assert (verdict.culprit, verdict.finding, verdict.confidence) == ("unknown", "not-measured", "low")
    assert "No network checks ran" in verdict.evidence[0]
    assert verdict.next_steps == (
        "Run `reportkit diagnose` without --offline, while the problem is happening, so the network checks can run.",
    )


def test_all_skipped_is_not_measured() -> None:
    data = healthy()
    for r in data["results"]:
        r["outcome"], r["samples"] = "skipped", []
    verdict = triage.decide(data)
    assert (verdict.culprit, verdict.finding) == ("unknown", "not-measured")
    assert "skipped" in verdict.evidence[0]


GARBAGE: list[Any] = [
    "not a dict",
    42,
    [1, 2, 3],
    {"results": "x"},
    {"results": [None, 1, "a", {"group": 5}, {"group": "anchor"}]},
    {"targets": [], "local": "x", "results": [{"group": "anchor", "outcome": "banana", "samples": "bad", "data": 3}]},
    {"local": {"interfaces": "eth0", "addresses": {"ipv4": 5}, "default_route": []}, "results": []},
    {"local": {"interfaces": [None, {"name": 3}], "usable_address": "yes"}, "results": [{"outcome": "ok"}]},
]  # fmt: skip
# garbage around one readable fact: never raise, and the verdict may use that fact
PARTIAL: list[Any] = [
    {"results": [{"group": "gateway", "outcome": "timeout", "target": None, "samples": [None, {"outcome": 3}],
                  "data": {"answered": "x", "sent": -1}}]},
    {"results": [{"group": "service-http", "outcome": "ok", "ms": "fast", "data": {"status": "abc"}}],
     "targets": {"service": "x", "anchors": None}},
    {"results": [{"group": "anchor", "outcome": "ok", "target": "[::1", "samples": [{"outcome": "ok", "ms": True}]}]},
    {"results": [{"group": "anchor", "outcome": "ok", "target": "203.0.113.1:²", "ms": 10**400,
                  "data": {"answered": float("inf"), "sent": float("nan")}}]},
]  # fmt: skip


@pytest.mark.parametrize("garbage", GARBAGE, ids=[f"garbage-{i}" for i in range(len(GARBAGE))])
def test_garbage_is_unknown(garbage: Any) -> None:
    # the inner function, so the parsing itself is shown robust (not just the last-resort guard in `decide`)
    verdict = triage._decide(garbage, {"other_connection": ["works"]}, "settings")
    assert (verdict.culprit, verdict.finding, verdict.confidence) == ("unknown", "not-measured", "low")
    assert triage.decide(garbage, garbage, garbage).culprit == "unknown"


@pytest.mark.parametrize("partial", PARTIAL, ids=[f"partial-{i}" for i in range(len(PARTIAL))])
def test_partial_garbage_never_raises(partial: Any) -> None:
    verdict = triage._decide(partial, partial, partial)
    assert verdict.culprit in CULPRITS and verdict.evidence


def test_garbage_answers_and_settings_are_ignored() -> None:
    verdict = triage.decide(healthy(), "yes", ["not", "settings"])  # type: ignore[arg-type]
    assert (verdict.culprit, verdict.finding) == ("none", "healthy")


def test_decide_is_pure() -> None:
    data = healthy()
    snapshot = copy.deepcopy(data)
    assert triage.decide(data, WORKS, SETTINGS) == triage.decide(data, WORKS, SETTINGS)
    assert data == snapshot


JUNK: list[Any] = [None, 0, -1, 1.5, float("nan"), "", "x", "²", [], {}, [None], {"a": 1}, True, 10**400]


def _scramble(value: Any, rng: random.Random) -> None:
    """Delete keys and swap values for junk, in place, all the way down."""
    if isinstance(value, dict):
        for key in list(value):
            roll = rng.random()
            if roll < 0.08:
                del value[key]
            elif roll < 0.16:
                value[key] = rng.choice(JUNK)
            else:
                _scramble(value[key], rng)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if rng.random() < 0.08:
                value[i] = rng.choice(JUNK)
            else:
                _scramble(item, rng)


def test_scrambled_baselines_never_raise() -> None:
    for seed in range(400):
        rng = random.Random(seed)
        data = healthy()
        _scramble(data, rng)
        answers = {"other_connection": rng.choice(["works", "fails", None, 3]), "other_devices": rng.choice(JUNK)}
        verdict = triage._decide(data, answers, SETTINGS)
        assert verdict.culprit in CULPRITS and verdict.evidence, seed
