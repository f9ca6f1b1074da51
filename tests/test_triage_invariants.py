"""Issue 10's rules and invariants, table-tested on the healthy baseline of tests/test_triage.py, plus property
tests: no combination of probe results with a failed check is "healthy", and every sentence's facts hold."""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

import pytest
import triage_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from test_triage import (
    HOST,
    SETTINGS,
    Data,
    Mutate,
    add,
    compose,
    drop,
    healthy,
    host_silent,
    internet_silent,
    local,
    one,
    one_set,
    router_silent,
    target,
    tcp,
    tcp_set,
)
from triage_facts import problems

from reportkit import catalogs, messages, triage
from reportkit.messages import Joined, Num, Pct, Plural
from reportkit.triage import checks, facts, wording
from reportkit.triage.answers import Answers
from reportkit.triage.wording import Said

GW = "198.51.100.1"


def trace(host: str, hops: list[tuple[str | None, str | None]], reached: bool = False) -> Data:
    """A path result: hops as (address, kind) for TTL 1, 2, …"""
    rows = [{"ttl": i + 1, "address": a, "ms": 2.0 if a else None, "kind": k} for i, (a, k) in enumerate(hops)]
    answering = [h for h in rows if h["address"]]
    last = {"ttl": answering[-1]["ttl"], "address": answering[-1]["address"]} if answering else None
    return {
        "id": f"path:trace:{host}",
        "group": "path",
        "target": host,
        "sent": "trace",
        "outcome": "ok" if reached else "timeout",
        "ms": None,
        "samples": [],
        "detail": "trace",
        "data": {
            "toward": host,
            "hops": rows,
            "reached": reached,
            "last_hop": last,
            "stopped_after": None if reached else (last or {}).get("address"),
            "supported": True,
        },
    }


def status_page(source: str, name: str, incidents: list[dict[str, Any]], operational: bool | None) -> Data:
    return one(
        "status-page",
        f"https://status.{source}.example/",
        "ok",
        30.0,
        source=source,
        name=name,
        url=f"https://status.{source}.example/",
        incidents=incidents,
        operational=operational,
    )


INCIDENT = {"title": "Network issue in FRA1", "status": "investigating", "started": "2026-12-03T08:10:00Z"}
anchor_path = add(trace("203.0.113.64", [(GW, "time-exceeded"), ("198.51.100.18", "time-exceeded")], reached=True))
provider_silent = compose(host_silent, tcp_set("provider", "ttt"))
path_stops_in_isp = compose(
    provider_silent,
    anchor_path,
    add(trace(HOST, [(GW, "time-exceeded"), ("198.51.100.18", "admin-prohibited")])),
)
path_stops_at_router = compose(provider_silent, anchor_path, add(trace(HOST, [(GW, "time-exceeded"), (None, None)])))
path_beyond = compose(
    provider_silent,
    anchor_path,
    add(trace(HOST, [(GW, "time-exceeded"), ("198.51.100.18", "time-exceeded"), ("198.51.100.22", "net-unreachable")])),
)
known_missing = compose(
    target(known_names=["gone.lab.test"]),
    one_set("system-dns", "nxdomain", role="known", name="gone.lab.test", addresses=[]),
    one_set("resolver", "nxdomain", name="gone.lab.test", rcode="NXDOMAIN", answers=[]),
    one_set("public-resolver", "nxdomain", name="gone.lab.test", rcode="NXDOMAIN", answers=[]),
)
public_nx_only = compose(  # the public resolver says NXDOMAIN for a name this computer's DNS cannot find either
    one_set("public-resolver", "nxdomain", rcode="NXDOMAIN", answers=[]),
    one_set("system-dns", "timeout", role="known"),
    one_set("resolver", "timeout"),
)
wrong_address = compose(
    one_set("system-dns", "ok", 16.0, role="service", addresses=["203.0.113.99"]),
    one_set("service-http", "timeout", connected=False),
    one_set("service-tls", "timeout"),
    add(one("public-resolver", "shop.lab.test @ 203.0.113.53", ms=20.0, server="203.0.113.53",
            name="shop.lab.test", role="service", rcode="NOERROR", answers=[HOST])),
)  # fmt: skip
anchors_443_only = compose(
    drop("anchor"),
    add(*(tcp("anchor", f"{a}:443", "ttt") for a in ("203.0.113.64", "203.0.113.65", "203.0.113.66"))),
    tcp_set("service-tcp", "ttt", port=443),
    tcp_set("provider", "ttt"),
    one_set("service-http", "timeout"),
    one_set("service-tls", "timeout"),
)


def skip(*groups: str, outcome: str = "skipped") -> Mutate:
    """Every result in `groups` did not run (no samples)."""

    def run(data: Data) -> None:
        for r in data["results"]:
            if r["group"] in groups:
                r.update(outcome=outcome, samples=[], ms=None, detail=f"{outcome}: outside REPORTKIT_PROBE_ALLOW")
                r["data"] = {}

    return run


skipped_service = skip("service-tcp")
skipped_matter = skip("anchor", "public-resolver", "portal")
isp_loss = compose(  # every target answers, but a third of the connects needed a retransmission (~1 s)
    *(tcp_set(g, "ooo", ms=5.0) for g in ("service-tcp", "admin-tcp", "provider")),
)


def slow_samples(group: str, pattern: str) -> Mutate:
    """Samples: f(ast 5 ms), s(low: 1 s, a retransmitted SYN), t(imeout)."""

    def run(data: Data) -> None:
        for r in data["results"]:
            if r["group"] == group:
                r["samples"] = [
                    {"outcome": "timeout" if c == "t" else "ok", "ms": {"f": 5.0, "s": 1005.0, "t": None}[c]}
                    for c in pattern
                ]
                r["data"] = {"answered": sum(c != "t" for c in pattern), "sent": len(pattern)}
                r["outcome"] = "ok"

    return run


isp_retransmits = compose(*(slow_samples(g, "fsft") for g in ("anchor", "provider", "service-tcp", "admin-tcp")))
lan_retransmits = compose(slow_samples("gateway", "ffsffsff"), isp_retransmits)
icmp_error = skip("gateway-icmp", outcome="error")

# (name, mutate, culprit, finding, confidence, a sentence that must be said)
CASES: list[tuple[str, Mutate, str, str, str, str]] = [
    ("isp-route-prohibited", path_stops_in_isp, "isp", "isp-route", "high", "your ISP's first router"),
    ("isp-route-silent", path_stops_at_router, "isp", "isp-route", "medium", "your router"),
    ("provider-down-path-beyond", path_beyond, "cloud-provider", "provider-down", "medium", "beyond your ISP"),
    ("known-names-missing-is-healthy", known_missing, "none", "healthy", "high", "does not exist"),
    ("public-nxdomain-is-an-answer", public_nx_only, "dns", "resolver-down", "medium", "answered, but could not"),
    ("service-dns-mismatch", wrong_address, "dns", "service-dns-mismatch", "high", "resolves to 203.0.113.99"),
    ("anchors-443-only-blocked", anchors_443_only, "local-network", "firewall", "medium", "port 443"),
    ("skipped-check-lowers-confidence", skipped_service, "none", "healthy", "medium", "Not measured"),
    ("matter-skipped-is-not-healthy", skipped_matter, "unknown", "not-measured", "low", "did not run"),
    ("isp-loss-hidden-by-tcp", isp_retransmits, "isp", "isp-degraded", "medium", "needed a retransmission"),
    ("lan-loss-hidden-by-tcp", lan_retransmits, "local-network", "lan-degraded", "medium", "198.51.100.1"),
    ("icmp-error-is-not-filtered", icmp_error, "none", "healthy", "high", "could not be sent"),
    ("status-incident-raises-provider-down", compose(provider_silent, add(status_page("cloud", "Lab Cloud",
     [INCIDENT], False))), "cloud-provider", "provider-down", "high", "Lab Cloud reports 'Network issue in FRA1'"),
    ("status-operational-is-evidence", compose(host_silent, add(status_page("cloud", "Lab Cloud", [], True))),
     "cloud-provider", "host-down", "medium", "all systems operational"),
    ("other-party-incident-is-a-warning", add(status_page("isp", "Lab ISP", [INCIDENT], False)), "none", "healthy",
     "high", "Lab ISP reports"),
    ("unreadable-status-page-changes-nothing", compose(internet_silent, add(one("status-page", "http://s.example/",
     "timeout", source="isp", name="Lab ISP"))), "isp", "isp-down", "high", "could not be read"),
    ("a-status-page-with-no-name-is-named-by-its-address", compose(provider_silent, add(status_page("cloud", "",
     [INCIDENT], False))), "cloud-provider", "provider-down", "high",
     "The status page https://status.cloud.example/ reports 'Network issue in FRA1' since 2026-12-03 08:10 UTC."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "mutate", "culprit", "finding", "confidence", "said"), CASES, ids=[c[0] for c in CASES]
)
def test_issue_10_table(name: str, mutate: Mutate, culprit: str, finding: str, confidence: str, said: str) -> None:
    check_row(mutate, culprit, finding, confidence, said)


def check_row(
    mutate: Mutate, culprit: str, finding: str, confidence: str, said: str, never: tuple[str, ...] = ()
) -> None:
    """One table row: the verdict, a sentence it must say, words it must not, and facts that hold."""
    data = healthy()
    mutate(data)
    verdict = triage.decide(data, None, SETTINGS)
    assert (verdict.culprit, verdict.finding, verdict.confidence) == (culprit, finding, confidence), verdict
    text = " ".join([*verdict.evidence, *verdict.warnings, *verdict.next_steps])
    assert said in text, text
    assert not any(words in text for words in never), text
    assert not problems(data), problems(data)


def test_status_incident_says_to_wait_instead_of_a_duplicate_ticket() -> None:
    data = healthy()
    compose(provider_silent, add(status_page("cloud", "Lab Cloud", [INCIDENT], False)))(data)
    verdict = triage.decide(data, None, SETTINGS)
    assert verdict.evidence[0].startswith("Lab Cloud reports 'Network issue in FRA1' on its status page since 2026-12")
    assert "instead of opening a duplicate ticket" in verdict.next_steps[0]


def test_healthy_never_says_median_unknown() -> None:
    data = healthy()
    internet_silent(data)
    for sentence in triage.decide(data).evidence:
        assert "?" not in sentence


def test_settled_early_needs_silence_and_no_arp() -> None:
    data = healthy()
    data["results"] = []
    assert triage.settled(data, 0.0) is None  # a healthy computer: keep measuring
    data["local"]["neighbour"] = {"address": GW, "state": "incomplete"}
    assert triage.settled(data, 1.0) is None  # too early to tell
    assert triage.settled(data, 1.6) == "the router does not answer, not even ARP"
    data["results"] = [tcp("anchor", "203.0.113.64:443")]
    assert triage.settled(data, 2.0) is None  # something answered: the router forwards
    offline = healthy()
    offline["results"] = []
    offline["local"]["interfaces"] = [{"name": "eth0", "up": True, "carrier": False, "kind": "ethernet"}]
    assert triage.settled(offline, 0.0) == "no adapter has a link"


# ---------------------------------------------------------------------------------------------- properties

FAIL = ("timeout", "unreachable", "error")
ORACLE_GROUPS = ("provider", "service-tcp", "service-http", "public-resolver", "portal")


@st.composite
def scrambled(draw: st.DrawFn) -> Data:
    """The healthy baseline with some results' outcomes (and all their samples) replaced."""
    data = healthy()
    data["results"].append(trace(HOST, [(GW, "time-exceeded")], reached=True))
    data["results"].append(status_page("cloud", "Lab Cloud", draw(st.sampled_from([[], [INCIDENT]])), None))
    for r in data["results"]:
        outcome = draw(st.sampled_from(["keep", "keep", "keep", *FAIL, "refused", "skipped", "nxdomain", "servfail"]))
        if outcome == "keep":
            continue
        r["outcome"] = outcome
        if r["samples"]:
            r["samples"] = [{"outcome": outcome, "ms": None} for _ in r["samples"]]
            r["data"] = {"answered": 0, "sent": len(r["samples"])}
        if outcome not in ("ok", "nxdomain"):
            r["data"].pop("rcode", None)
    return data


def _oracle_failed(data: Data) -> list[str]:
    """Independent of the engine: a check in these groups that timed out / was unreachable / errored is a fault."""
    return [r["id"] for r in data["results"] if r["group"] in ORACLE_GROUPS and r["outcome"] in FAIL]


@settings(max_examples=300, deadline=None)
@given(scrambled())
def test_no_failed_check_is_ever_healthy(data: Data) -> None:
    before = copy.deepcopy(data)
    verdict = triage.decide(data, None, SETTINGS)
    failed = _oracle_failed(data)
    if failed:
        assert verdict.finding != "healthy", (failed, verdict)
        assert "No check found a fault." not in verdict.evidence
    assert data == before


@settings(max_examples=300, deadline=None)
@given(scrambled())
def test_every_sentence_states_facts_that_hold(data: Data) -> None:
    assert not problems(data)
    verdict = triage.decide(data, None, SETTINGS)
    assert all(isinstance(e, Said) for e in verdict.evidence), verdict.evidence


# ---------------------------------------------------------------------------------------------- review regressions
# A hostile review's cases (each once gave a confident wrong party or a false sentence), with real sample counts.


def realistic(data: Data) -> None:
    """Sample counts as the collector takes them: 8 per router port, 4 per other TCP target and for ping."""
    counts = {"gateway": 8, "gateway-icmp": 4, "anchor": 4, "provider": 4, "service-tcp": 4, "admin-tcp": 4}
    data["results"] = [
        tcp(r["group"], r["target"], "o" * counts[r["group"]], (r["samples"][0]["ms"] or 12.0))
        if r["group"] in counts
        else r
        for r in data["results"]
    ]


V6_ANCHORS = ["[2001:db8:ff::64]:443", "[2001:db8:ff::65]:443"]


def with_v6(data: Data) -> None:
    data["local"]["addresses"]["ipv6"] = ["2001:db8::2/64"]
    data["local"]["default_route"]["ipv6"] = {"gateway": "fe80::1", "interface": "eth0"}
    data["targets"]["anchors"] = data["targets"]["anchors"] + V6_ANCHORS
    data["results"] += [tcp("anchor", a, "oooo", ms=15.0) for a in V6_ANCHORS]


def ipv4_dead(data: Data) -> None:
    realistic(data)
    with_v6(data)
    for i, r in enumerate(data["results"]):
        if r["group"] in ("anchor", "service-tcp", "admin-tcp", "provider") and not r["target"].startswith("["):
            data["results"][i] = tcp(r["group"], r["target"], "tttt")
    for group in ("public-resolver", "portal", "service-http", "service-tls"):
        one_set(group, "timeout", rcode=None, answers=None)(data)


def stub_resolver(data: Data) -> None:
    data["targets"]["resolvers"] = ["127.0.0.53"]
    for r in data["results"]:
        if r["group"] == "resolver":
            r["target"], r["data"]["server"] = "anchor.lab.test @ 127.0.0.53", "127.0.0.53"


def vpn_tunnel_dead(data: Data) -> None:
    realistic(data)
    data["results"] = [r for r in data["results"] if r["group"] not in ("gateway", "gateway-icmp")]
    data["targets"]["gateway"] = None
    data["local"]["vpn_interfaces"] = ["wg0"]
    data["local"]["default_route"] = {"ipv4": {"gateway": None, "interface": "wg0"}, "ipv6": None}
    data["local"]["interfaces"].append({"name": "wg0", "up": True, "carrier": None, "kind": "vpn"})
    for group in ("anchor", "provider", "service-tcp", "admin-tcp"):
        tcp_set(group, "tttt")(data)
    for group in ("public-resolver", "resolver", "system-dns", "nxdomain", "portal", "service-http", "service-tls"):
        one_set(group, "timeout", rcode=None, answers=None)(data)


def lan_latency(data: Data) -> None:
    realistic(data)
    for group in ("anchor", "provider", "service-tcp", "admin-tcp"):
        tcp_set(group, "oooo", ms=310.0)(data)
    tcp_set("gateway", "o" * 8, ms=190.0)(data)
    tcp_set("gateway-icmp", "oooo", ms=190.0)(data)


def some_loss(data: Data) -> None:
    realistic(data)
    for group, pattern in (("anchor", "ooot"), ("provider", "otoo"), ("admin-tcp", "tooo")):
        first = next(r for r in data["results"] if r["group"] == group)
        data["results"][data["results"].index(first)] = tcp(group, first["target"], pattern, 14.0)


anchor_reached_only = trace(  # no router beyond hop 1 answers on the anchor's path either: only the anchor itself
    "203.0.113.64", [(GW, "time-exceeded"), (None, None), (None, None), ("203.0.113.64", "port-unreachable")], True
)
public_knows_service = add(
    one("public-resolver", "shop.lab.test @ 203.0.113.53", ms=20.0, server="203.0.113.53", name="shop.lab.test",
        role="service", rcode="NOERROR", answers=[HOST])
)  # fmt: skip
port_53_only = compose(
    target(anchors=[f"203.0.113.{h}:53" for h in (64, 65, 66)]),
    drop("anchor"),
    add(*(tcp("anchor", f"203.0.113.{h}:53", "ttt") for h in (64, 65, 66))),
    one_set("public-resolver", "timeout", rcode=None, answers=None),
)

REVIEW: list[tuple[str, Mutate, str, str, str, str]] = [
    ("service-name-fails-here-public-knows-it", compose(one_set("system-dns", "nxdomain", role="service",
     addresses=[]), one_set("service-http", "error"), one_set("service-tls", "error"), public_knows_service),
     "dns", "service-dns", "high", "so the name exists"),
    ("dead-local-stub-resolver-is-this-computer", compose(stub_resolver, one_set("resolver", "refused", rcode=None,
     answers=None), one_set("system-dns", "error"), one_set("nxdomain", "error")), "device", "resolver-down",
     "high", "The DNS service on this computer (127.0.0.53)"),
    ("anchor-reached-alone-does-not-prove-the-isp-forwards", compose(host_silent, drop("provider"),
     add(anchor_reached_only, trace(HOST, [(GW, "time-exceeded"), (None, None)]))), "cloud-provider", "host-down",
     "medium", "did not answer"),
    ("lost-ping-is-not-lan-loss", compose(realistic, tcp_set("gateway-icmp", "ottt", ms=2.0)), "none", "healthy",
     "high", "answered"),
    ("lan-latency-is-not-the-isp", lan_latency, "none", "healthy", "high", "answered"),
    ("ipv4-dead-ipv6-works", ipv4_dead, "isp", "isp-down", "medium", "Over IPv6 the internet answers"),
    ("some-loss-is-a-caveat", some_loss, "none", "healthy", "medium", "a clean path loses none"),
    ("filtered-admin-port-is-not-a-fault", tcp_set("admin-tcp", "ttt"), "none", "healthy", "high", "filtered"),
    ("router-answering-arp-is-not-surely-off", compose(router_silent, internet_silent,
     local(neighbour={"address": GW, "state": "reachable"})), "local-network", "gateway-down", "medium",
     "does answer ARP"),
    ("cloud-incident-does-not-explain-a-refused-port", compose(tcp_set("service-tcp", "rrr"),
     one_set("service-http", "refused"), one_set("service-tls", "refused"),
     add(status_page("cloud", "Lab Cloud", [INCIDENT], False))), "service", "app-down", "high", "Lab Cloud reports"),
    ("dead-vpn-tunnel-is-not-the-isp", vpn_tunnel_dead, "device", "vpn-down", "medium", "Disconnect the VPN"),
    ("port-53-blocked-explains-public-dns", port_53_only, "local-network", "firewall", "medium", "port 53"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "mutate", "culprit", "finding", "confidence", "said"), REVIEW, ids=[c[0] for c in REVIEW]
)
def test_review_regressions(name: str, mutate: Mutate, culprit: str, finding: str, confidence: str, said: str) -> None:
    check_row(mutate, culprit, finding, confidence, said, never=("0 (0%)", "1 checks"))


def test_a_status_page_read_as_operational_is_not_to_be_checked_again() -> None:
    data = healthy()
    compose(host_silent, tcp_set("provider", "ttt"), add(status_page("cloud", "Lab Cloud", [], True)))(data)
    verdict = triage.decide(data, None, SETTINGS)
    assert any("all systems operational" in e for e in verdict.evidence)
    assert not any("Check https://status.cloud.example/" in s for s in verdict.next_steps), verdict.next_steps


# a second review: faults made with REJECT (resets and ICMP errors) instead of DROP, NAT, IPv6-only services
isp_rejects = compose(
    realistic,
    *(tcp_set(g, "rrrr", ms=3.0) for g in ("anchor", "service-tcp", "admin-tcp", "provider")),
    *(one_set(g, "refused", rcode=None, answers=None) for g in ("public-resolver", "resolver")),
    one_set("system-dns", "error"),
    one_set("nxdomain", "error"),
    *(one_set(g, "refused", connected=False) for g in ("portal", "service-http", "service-tls")),
)
reset_443 = compose(
    realistic,
    tcp_set("anchor", "rrrr", ms=1.0, port=443),
    tcp_set("service-tcp", "rrrr", ms=1.0, port=443),
    tcp_set("provider", "rrrr", ms=1.0),
    one_set("service-http", "refused", connected=False),
    one_set("service-tls", "refused"),
)
isp_rejects_toward_cloud = compose(
    realistic,
    *(tcp_set(g, "rrrr", ms=3.0) for g in ("service-tcp", "admin-tcp", "provider")),
    one_set("service-http", "refused", connected=False),
    one_set("service-tls", "refused"),
    anchor_path,
    add(trace(HOST, [(GW, "time-exceeded"), ("198.51.100.18", "admin-prohibited")])),
)


def router_prohibits_itself(data: Data) -> None:
    realistic(data)
    internet_silent(data)
    for r in data["results"]:
        if r["group"] == "gateway":
            r["outcome"] = "unreachable"
            r["samples"] = [{"outcome": "unreachable", "ms": 1.0} for _ in r["samples"]]
            r["data"] = {"answered": 0, "sent": len(r["samples"])}
    tcp_set("gateway-icmp", "tttt")(data)
    data["local"]["neighbour"] = {"address": GW, "state": "reachable"}


url_only_refused = compose(
    drop("service-tcp", "admin-tcp", "service-tls"), one_set("service-http", "refused", connected=False)
)
ipv6_only_service = compose(
    target(service={"host": "2001:db8:5::10", "hostname": "shop.lab.test", "ports": [443], "admin_port": None,
                    "url": "https://shop.lab.test/"}),
    drop("service-tcp", "admin-tcp"),
    add(tcp("service-tcp", "[2001:db8:5::10]:443", "uuu")),
    one_set("service-http", "unreachable"),
    one_set("service-tls", "unreachable"),
)  # fmt: skip
double_nat = compose(
    provider_silent,
    anchor_path,
    add(trace(HOST, [(GW, "time-exceeded"), ("192.168.0.1", "admin-prohibited")])),
)

REVIEW_2: list[tuple[str, Mutate, str, str, str, str]] = [
    ("resets-from-everywhere-are-a-filter", isp_rejects, "isp", "isp-down", "medium", "refused every connection"),
    ("a-reset-443-everywhere-is-a-firewall", reset_443, "local-network", "firewall", "medium", "port 443"),
    ("resets-sent-by-a-router-on-the-way", isp_rejects_toward_cloud, "isp", "isp-route", "high",
     "a router on the way rejecting them"),
    ("a-router-rejecting-fast-with-arp-is-alive", router_prohibits_itself, "isp", "isp-down", "high",
     "internet test addresses"),
    ("a-refused-web-address-is-nothing-listening", url_only_refused, "service", "app-down", "high",
     "nothing is listening"),
    ("ipv6-only-service-without-ipv6", ipv6_only_service, "isp", "no-ipv6", "medium", "only an IPv6 address"),
    ("double-nat-is-not-the-isp", double_nat, "cloud-provider", "provider-down", "medium", "double NAT"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "mutate", "culprit", "finding", "confidence", "said"), REVIEW_2, ids=[c[0] for c in REVIEW_2]
)
def test_second_review_regressions(
    name: str, mutate: Mutate, culprit: str, finding: str, confidence: str, said: str
) -> None:
    check_row(mutate, culprit, finding, confidence, said, never=("accepted the connection",))


# ---------------------------------------------------------------------------------------------- translatable sentences
# Every sentence the engine says is a message the catalogs hold, filled with data or typed values only (never an
# English word or a pre-joined English list), and words in every language without an error.

LANGUAGES = ("fi", "hu", "tr", "ru")
SINCE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")  # status._since: a time, shown as data


@functools.cache
def _catalog() -> dict[str, str | tuple[str, str]]:
    return {context: text for context, text in catalogs.messages() if context}


def _all_cases() -> list[tuple[str, Mutate, dict[str, Any] | None]]:
    import test_triage

    rows = [(name, mutate, answers) for name, mutate, answers, *_ in test_triage.CASES]
    return rows + [(name, mutate, None) for name, mutate, *_ in CASES + REVIEW + REVIEW_2]


def _said_everywhere(value: Any) -> list[Said]:
    """`value` and every message nested in its fields (and in their lists)."""
    if isinstance(value, Joined):
        return [s for item in value.items for s in _said_everywhere(item)]
    if not isinstance(value, Said):
        return []
    return [value, *(s for field in value.fields.values() for s in _said_everywhere(field))]


def _is_data(value: str, blob: str) -> bool:
    """A plain string argument must be data: found in the probe data or the settings, or made of them."""
    if value in blob or SINCE.fullmatch(value):
        return True
    code, _, reason = value.partition(" ")
    if code.isdigit() and reason in blob:  # an HTTP status line: "503 Service Unavailable"
        return True
    name, equals, setting = value.partition("=")
    return bool(equals) and name in blob and setting in blob  # a proxy setting: "https_proxy=http://proxy:3128"


def _argument_problems(said: Said, blob: str) -> list[str]:
    found = []
    for name, field in said.fields.items():
        for item in field.items if isinstance(field, Joined) else (field,):
            if isinstance(item, Said | Joined | Num | Pct) or (
                isinstance(item, int | float) and not isinstance(item, bool)
            ):
                continue
            if not isinstance(item, str) or not _is_data(item, blob):
                found.append(f"{said.context}: {name}={item!r} is not data (a message, a typed value or data)")
    return found


def _message_problems(said: Said, blob: str) -> list[str]:
    """What keeps one message from being worded in another language."""
    catalog = _catalog()
    found = _argument_problems(said, blob)
    template = messages.template(said.context)
    if said.context not in catalog or template is None:
        return [*found, f"{said.context} is not in the catalog"]
    forms = tuple(template) if isinstance(template, Plural) else (template,)
    if catalog[said.context] != (forms if isinstance(template, Plural) else template):
        found.append(f"{said.context}: the catalog holds {catalog[said.context]!r}")
    if isinstance(template, Plural) and template.n not in said.fields:
        found.append(f"{said.context}: no {template.n!r} to choose the plural form")
    if messages.fill(template, said.fields) != str(said):
        found.append(f"{said.context}: its English is not its template filled with its fields")
    back = messages.from_json(json.loads(json.dumps(messages.to_json(said))))
    if not isinstance(back, Said) or back != said or back.context != said.context:
        found.append(f"{said.context}: does not survive report.json")
    for language in LANGUAGES:
        worded = {k: messages.word_arg(v, language) for k, v in said.fields.items()}
        for form in forms:  # every form must take the worded arguments (say() would fall back to English silently)
            form.format(**worded)
        if "{" in messages.say(said, language):
            found.append(f"{said.context}: left a placeholder in {language}")
    return found


def _verdict_messages(verdict: Any, data: Data) -> list[Any]:
    needs = verdict.contact.get("needs", [])
    return [*verdict.evidence, *verdict.warnings, *verdict.next_steps, *needs, *checks.lines(data)]


def test_every_sentence_is_a_message_the_catalog_holds_filled_with_data() -> None:
    settings_blob = json.dumps(SETTINGS, ensure_ascii=False)
    problems_found: list[str] = []
    seen: set[str] = set()
    checked: set[str] = set()
    for name, mutate, answers in _all_cases():
        data = healthy()
        mutate(data)
        blob = json.dumps(data, ensure_ascii=False) + settings_blob
        for sentence in _verdict_messages(triage.decide(data, answers, SETTINGS), data):
            if not isinstance(sentence, Said):
                problems_found.append(f"{name}: {sentence!r} is not a message")
                continue
            for said in _said_everywhere(sentence):
                seen.add(said.context)
                stored = json.dumps(messages.to_json(said), sort_keys=True)
                if stored not in checked:  # the same message with the same arguments: once
                    checked.add(stored)
                    problems_found += [f"{name}: {p}" for p in _message_problems(said, blob)]
    adapter_off = {"local": {"interfaces": [{"name": "eth0", "up": False, "kind": "ethernet"}]}}
    for other in (*triage.decide(None).evidence, triage.settled(adapter_off, 0.0)):  # nothing measured; stopped early
        assert isinstance(other, Said), other
        problems_found += _message_problems(other, "")
    assert not problems_found, "\n".join(dict.fromkeys(problems_found))
    # the walk reached the fragments too: lists of ports, outcome words, labels, the English ways a check failed
    reached = {"TEXT.on_ports", "RESOLVER_WORDS.timeout", "LABELS.anchor", "CHECK.outcome:timeout",
               "CHECK.more_hosts", "TEXT.path_whose_isp"}  # fmt: skip
    assert {f"triage.{key}" for key in reached} <= seen


def test_plural_messages_reach_the_catalog_as_singular_and_plural() -> None:
    catalog = _catalog()
    assert catalog["triage.TEXT.iface_down"] == (
        "The network adapter {names} is switched off (down).",
        "The network adapters {names} are switched off (down).",
    )
    assert isinstance(catalog["triage.WARN.not_measured"], tuple)
    assert isinstance(catalog["triage.STEPS.resolver-down.2.0"], tuple)  # a step's alternative may be plural too
    for gone in ("triage.TEXT.ifaces_down", "triage.TEXT.no_link_1", "triage.WARN.not_measured_1", "triage.CHECK.ms"):
        assert gone not in catalog  # one message with its forms, not a key per number or a sentence tail


def test_plural_forms_follow_the_count_in_english() -> None:
    one = triage.decide(_offline_one_adapter(), None, SETTINGS)
    assert one.evidence[0] == "The network adapter eth0 is switched off (down)."
    two = _offline_one_adapter()
    two["local"]["interfaces"].append({"name": "wlan0", "up": False, "carrier": False, "kind": "wifi"})
    assert triage.decide(two).evidence[0] == "The network adapters eth0 and wlan0 are switched off (down)."
    data = healthy()
    skip("service-tcp")(data)
    assert "Not measured (2 checks could not run): the service's ports" in " ".join(triage.decide(data).warnings)
    skip("admin-tcp")(data := healthy())
    assert "Not measured (a check could not run): the server's admin port" in " ".join(triage.decide(data).warnings)


def _offline_one_adapter() -> Data:
    data = healthy()
    data["results"] = []
    data["local"]["interfaces"] = [{"name": "eth0", "up": False, "carrier": False, "kind": "ethernet"}]
    return data


def test_next_steps_already_answered_are_found_by_their_message_not_their_english() -> None:
    data = healthy()
    internet_silent(data)
    steps = triage.decide(data, None, SETTINGS).next_steps
    asking = [s for s in steps if isinstance(s, Said) and s.context in wording.ANSWERED_BY]
    assert asking and str(asking[0]) == triage.ASK_HOTSPOT
    worded = Said(asking[0].key, "Testaa palvelua toisen yhteyden kautta.", {}, asking[0].context)  # another language
    assert triage._already_answered(worded, Answers.parse({"other_connection": "works"}))
    assert not triage._already_answered(triage.ASK_HOTSPOT, Answers.parse({"other_connection": "works"}))


def test_the_facts_checker_finds_a_wrong_count_and_a_port_never_probed() -> None:
    data = healthy()
    said = wording._say(
        "gw_silent", gateway=GW, ports=facts._on_ports(["8080"], "or"), answered=0, sent=9
    )  # the data has 53, 80 and 443
    assert any("8080" in p for p in triage_facts.CHECKS["gw_silent"](said.fields, data))
    wrong = wording._say("iface_down", names=wording._join(["eth0", "wlan0"]), count=1)
    assert triage_facts._counted(wrong)
    assert not triage_facts._counted(wording._say("iface_down", names=wording._join(["eth0"]), count=1))
