"""triage.compare: check-by-check before/after (verify) and several vantage points in one verdict (compare).

Table-tested on the healthy baseline of test_triage and its named faults."""

from __future__ import annotations

from typing import Any

import pytest
from test_triage import (
    SETTINGS,
    Mutate,
    app_refused,
    compose,
    healthy,
    host_silent,
    http_503,
    internet_silent,
    nothing,
    one_set,
    provider_silent,
    resolver_silent,
    router_and_internet_silent,
    service_nx,
    tcp_set,
    tls_expired,
)

from reportkit.messages import Said
from reportkit.triage import compare


def data(mutate: Mutate) -> dict[str, Any]:
    d = healthy()
    mutate(d)
    return d


# ---------------------------------------------------------------------------------------------- before / after


def test_healthy_to_healthy_is_unchanged_everywhere() -> None:
    found = compare.changes(data(nothing), data(nothing))
    assert found and {c.change for c in found} == {"unchanged"}
    keys = [c.key for c in found]
    assert len(keys) == len(set(keys))
    assert "nxdomain" in keys  # its random name differs in every run: one check all the same


@pytest.mark.parametrize(
    ("fault", "groups"),
    [
        (host_silent, {"service-tcp", "admin-tcp", "service-http", "service-tls"}),
        (http_503, {"service-http"}),
        (tls_expired, {"service-tls"}),
        (app_refused, {"service-tcp", "service-http", "service-tls"}),
        (internet_silent, {"anchor", "provider", "service-tcp", "admin-tcp", "service-http", "service-tls",
                           "public-resolver", "portal", "resolver", "system-dns"}),
    ],
    ids=["host-silent", "http-503", "tls-expired", "app-refused", "internet-silent"],
)  # fmt: skip
def test_fixed_and_newly_failing_are_exactly_the_checks_that_changed(fault: Mutate, groups: set[str]) -> None:
    broken, fine = data(fault), data(nothing)
    fixed = compare.changes(broken, fine)
    assert {c.group for c in fixed if c.change == "fixed"} <= groups
    assert {c.group for c in fixed if c.change == "fixed"}, "something must be fixed"
    assert not [c for c in fixed if c.change in ("newly-failing", "still-failing")]
    # the reverse: the same checks, newly failing
    worse = compare.changes(fine, broken)
    assert {c.key for c in worse if c.change == "newly-failing"} == {c.key for c in fixed if c.change == "fixed"}
    assert compare.changes(broken, broken) and not [
        c for c in compare.changes(broken, broken) if c.change in ("fixed", "newly-failing")
    ]


def test_still_failing_and_partial_fix() -> None:
    before = data(compose(host_silent))
    after = data(compose(tcp_set("service-tcp", "rrr"), one_set("service-http", "refused"),
                         one_set("service-tls", "refused")))  # fmt: skip
    found = {c.key: c for c in compare.changes(before, after)}
    admin = next(c for c in found.values() if c.group == "admin-tcp")
    assert admin.change == "fixed"  # the host is back: its admin port answers
    assert next(c for c in found.values() if c.group == "service-tcp").change == "still-failing"
    assert compare.tally(list(found.values()))["still-failing"] >= 1


def test_a_check_missing_on_one_side_is_not_compared() -> None:
    before = data(nothing)
    after = data(nothing)
    after["results"] = [r for r in after["results"] if r["group"] != "provider"]
    found = [c for c in compare.changes(before, after) if c.group == "provider"]
    assert found and all(c.change == "not-compared" and c.after == "absent" for c in found)


def test_not_run_is_not_compared() -> None:
    found = compare.changes(data(nothing), data(tcp_set("gateway-icmp", "nnn")))
    icmp = [c for c in found if c.group == "gateway-icmp"]
    assert icmp and icmp[0].change == "not-compared"


@pytest.mark.parametrize("junk", [None, {}, {"results": "x"}, {"results": [1, None, {"group": 3}]}, []])
def test_unreadable_runs_give_no_checks(junk: Any) -> None:
    assert compare.checks(junk) == {}
    assert compare.changes(junk, data(nothing))  # the other side's checks, each "not compared"
    assert {c.change for c in compare.changes(junk, data(nothing))} == {"not-compared"}


def test_words_exist_for_every_state_and_change() -> None:
    for state in ("ok", "alive", "failed", "not-run", "absent"):
        assert isinstance(compare.state_word(state), Said)
    for change in ("fixed", "still-failing", "newly-failing", "unchanged", "not-compared"):
        assert isinstance(compare.change_word(change), Said)


# ---------------------------------------------------------------------------------------------- vantage points

# (name, vantages as (label, fault or None for no probes), culprit, finding, confidence, primary)
# fmt: off
MERGES: list[tuple[str, list[tuple[str, Mutate | None]], str, str, str, str | None]] = [
    ("isp-down-home-hotspot-works", [("home", internet_silent), ("hotspot", nothing)],
     "isp", "isp-down", "high", "home"),
    ("provider-unreachable-home-only-is-isp-route", [("home", provider_silent), ("hotspot", nothing)],
     "isp", "isp-route", "medium", "home"),
    ("host-silent-home-only-is-isp-route", [("home", host_silent), ("office", nothing)],
     "isp", "isp-route", "medium", "home"),
    ("host-down-everywhere-is-provider", [("home", host_silent), ("hotspot", host_silent)],
     "cloud-provider", "host-down", "high", "home"),
    ("provider-down-everywhere", [("home", provider_silent), ("hotspot", provider_silent), ("office", provider_silent)],
     "cloud-provider", "provider-down", "high", "home"),
    ("app-error-everywhere-is-service", [("a", http_503), ("b", http_503)], "service", "app-error", "high", "a"),
    ("second-file-fails-first-works", [("hotspot", nothing), ("home", router_and_internet_silent)],
     "local-network", "gateway-down", "high", "home"),
    ("dns-here-works-elsewhere", [("home", resolver_silent), ("hotspot", nothing)], "dns", "resolver-down", "high",
     "home"),
    ("service-name-missing-here-only-is-dns", [("home", service_nx), ("hotspot", nothing)], "dns", "service-dns",
     "medium", "home"),
    ("healthy-everywhere", [("home", nothing), ("hotspot", nothing)], "none", "healthy", "high", "home"),
    ("offline-file-is-left-out", [("home", host_silent), ("laptop", None)], "cloud-provider", "host-down", "medium",
     "home"),
    ("only-offline-files", [("a", None), ("b", None)], "unknown", "not-measured", "low", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "vantages", "culprit", "finding", "confidence", "primary"), MERGES, ids=[m[0] for m in MERGES]
)
def test_merge(
    name: str,
    vantages: list[tuple[str, Mutate | None]],
    culprit: str,
    finding: str,
    confidence: str,
    primary: str | None,
) -> None:
    merged = compare.merge([compare.Vantage(label, data(m) if m else None) for label, m in vantages], SETTINGS)
    v = merged.verdict
    assert (v.culprit, v.finding, v.confidence) == (culprit, finding, confidence), v.evidence
    assert merged.primary == primary
    assert [s.label for s in merged.seen] == [label for label, _ in vantages]
    # no evidence claims the user *said* anything: the other connection was measured, and named
    assert not [e for e in v.evidence if isinstance(e, Said) and e.context.startswith("triage.ANSWER_TEXT.")]
    others = [label for label, m in vantages if m and label != primary]
    if primary and others:
        measured = [e for e in v.evidence if isinstance(e, Said) and e.context.startswith("triage.COMPARE.")]
        assert measured, v.evidence
        assert any(o in str(e) for e in measured for o in others)


def test_merge_notes_offline_files_and_different_services() -> None:
    other = data(nothing)
    other["targets"]["service"]["host"] = "203.0.113.77"
    other["targets"]["service"].pop("url", None)
    merged = compare.merge(
        [compare.Vantage("home", data(nothing)), compare.Vantage("x", None), compare.Vantage("y", other)], SETTINGS
    )
    keys = [n.context for n in merged.notes if isinstance(n, Said)]
    assert "triage.COMPARE.no_probes" in keys
    assert "triage.COMPARE.different_targets" in keys


def test_works_reads_the_service_checks_first() -> None:
    fine = data(nothing)
    assert compare.works(fine, compare.merge([compare.Vantage("a", fine)]).verdict) is True
    broken = data(host_silent)
    assert compare.works(broken, compare.merge([compare.Vantage("a", broken)]).verdict) is False
    assert compare.works(None, compare.merge([compare.Vantage("a", None)]).verdict) is None
