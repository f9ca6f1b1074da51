"""Fact-checking the verdict's sentences against the probe data they describe.

The engine's sentences are `Said` strings that carry their message key and the facts they were filled with. Here each
key's facts are recomputed from the raw probe data by independent, simple code (not the engine's helpers) and
compared; and every IP address a sentence names must occur in the data. A sentence's fields are data or typed values
(reportkit.messages): a `Joined` list (its `items`), a `Num` (its `value`), a nested `Said` (a fragment, checked as a
sentence of its own: "on ports 53, 80 or 443" inside "The router … did not answer …"). Used by the lab scenarios
(tests/test_netlab.py) and the property tests (tests/test_triage_invariants.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from reportkit import triage
from reportkit.messages import Joined, Num, Said

BEYOND = ("anchor", "provider", "service-tcp", "admin-tcp")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"\b2001:db8:[0-9a-f:]*[0-9a-f]\b", re.I)


def _results(data: Mapping[str, Any], *groups: str) -> list[Mapping[str, Any]]:
    return [r for r in data.get("results") or [] if isinstance(r, Mapping) and r.get("group") in groups]


def _ran(data: Mapping[str, Any], *groups: str) -> list[Mapping[str, Any]]:
    return [r for r in _results(data, *groups) if r.get("outcome") not in ("skipped", "not-permitted")]


def _host(r: Mapping[str, Any]) -> str:
    target = str(r.get("target") or "")
    if target.startswith("["):
        return target[1:].partition("]")[0]
    return target.rpartition(":")[0] if target.count(":") == 1 else target


def _samples(r: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in r.get("samples") or [] if isinstance(s, Mapping)]


def _answered(r: Mapping[str, Any]) -> bool:
    return r.get("outcome") in ("ok", "refused") or any(s.get("outcome") in ("ok", "refused") for s in _samples(r))


def _attempts(results: list[Mapping[str, Any]]) -> tuple[int, int]:
    answered = sent = 0
    for r in results:
        samples = _samples(r)
        if samples:
            answered += sum(s.get("outcome") in ("ok", "refused") for s in samples)
            sent += len(samples)
        else:
            answered += int(_answered(r))
            sent += 1
    return answered, sent


def _lost(results: list[Mapping[str, Any]]) -> tuple[int, int]:
    """(lost, total) over the samples of targets that answered at least once: silent, or ≥ 950 ms next to a fast
    sample of the same target, is lost."""
    lost = total = 0
    for r in results:
        if not _answered(r):
            continue
        fast = [s["ms"] for s in _samples(r) if isinstance(s.get("ms"), int | float) and s["ms"] < 950]
        base = sorted(fast)[len(fast) // 2] if fast else None
        for s in _samples(r):
            if s.get("outcome") in ("skipped", "not-permitted"):
                continue
            total += 1
            ms = s.get("ms")
            slow = isinstance(ms, int | float) and ms >= 950 and base is not None and ms > base + 800
            if s.get("outcome") not in ("ok", "refused") or not isinstance(ms, int | float) or slow:
                lost += 1
    return lost, total


def _hosts(results: list[Mapping[str, Any]]) -> set[str]:
    return {_host(r) for r in results}


def _port(r: Mapping[str, Any]) -> str | None:
    target = str(r.get("target") or "")
    tail = target.rpartition(":")[2] if target.count(":") == 1 or target.startswith("[") else ""
    return tail if tail.isdigit() else None


Check = Callable[[Mapping[str, Any], Mapping[str, Any]], list[str]]


def _value(field: Any) -> Any:
    """A field as a plain value: a Num's number, a Joined's items (as a list of their values), else itself."""
    if isinstance(field, Num):
        return field.value
    if isinstance(field, Joined):
        return [_value(i) for i in field.items]
    return field


def _eq(what: str, said: Any, real: Any) -> list[str]:
    said = _value(said)
    return [] if said == real else [f"{what}: said {said!r}, data {real!r}"]


def _gw_silent(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    answered, sent = _attempts(_ran(d, "gateway"))
    return _eq("router answered", f["answered"], answered) + _eq("router sent", f["sent"], sent)


def _lan_lost(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    lost, total = _lost(_ran(d, "gateway", "gateway-icmp"))
    return _eq("LAN lost", f["lost"], lost) + _eq("LAN attempts", f["sent"], total)


def _isp_lost(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    results = _ran(d, *BEYOND)
    lost, total = _lost(results)
    problems = _eq("lost beyond the router", f["lost"], lost) + _eq("attempts beyond the router", f["sent"], total)
    return problems + _isp_hosts(f, d)


def _isp_hosts(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    """`host_count`: the hosts beyond the router that answered at least once (the pool's hosts)."""
    alive = {_host(r) for r in _ran(d, *BEYOND) if _answered(r) and _samples(r)}
    return _eq("hosts beyond the router", f["host_count"], len(alive))


def _isp_slow(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    lost, total = _lost(_ran(d, *BEYOND))
    problems = _eq("attempts beyond the router", f["sent"], total) + _isp_hosts(f, d)
    return problems + ([] if lost == 0 else [f"said none lost, data {lost} lost"])


def _anchors_ok(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    anchors = _ran(d, "anchor")
    alive = {_host(r) for r in anchors if _answered(r)}
    return _eq("anchors answered", f["answered"], len(alive)) + _eq("anchors", f["count"], len(_hosts(anchors)))


def _anchors_none(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    anchors = _ran(d, "anchor")
    answered, sent = _attempts(anchors)
    problems = _eq("anchor attempts answered", f["answered"], answered) + _eq("anchor attempts", f["sent"], sent)
    return problems + ([] if not any(_answered(r) for r in anchors) else ["an anchor answered"])


def _ports_said(f: Mapping[str, Any], d: Mapping[str, Any], *groups: str) -> list[str]:
    """The ports a sentence names ({ports}: an on_ports fragment) are ports of the probed results."""
    ports = f.get("ports")
    if not isinstance(ports, Said):
        return [f"ports is not a fragment: {ports!r}"]
    real = {_port(r) for r in _ran(d, *groups)}
    return [f"port {p} was not probed" for p in _value(ports.fields["ports"]) if p not in real]


def _gw_ports(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    return _gw_silent(f, d) + _ports_said(f, d, "gateway")


def _service_ports(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    return _ports_said(f, d, "service-tcp", "admin-tcp")


def _port_blocked(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    on_port = [r for r in _ran(d, *BEYOND) if str(r.get("target", "")).endswith(f":{f['port']}")]
    problems = [f"{r['target']} answered" for r in on_port if _answered(r)]
    return problems + _eq("hosts on the port", f["count"], len(_hosts(on_port)))


def _port_rejected(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    on_port = [r for r in _ran(d, *BEYOND) if str(r.get("target", "")).endswith(f":{f['port']}")]
    connected = [r["target"] for r in on_port if any(s.get("outcome") == "ok" for s in _samples(r))]
    return [f"{t} connected" for t in connected] + _eq("hosts on the port", f["count"], len(_hosts(on_port)))


def _host_silent(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    service = _ran(d, "service-tcp", "admin-tcp")
    answered, sent = _attempts(service)
    problems = _eq("service answered", f["answered"], answered) + _eq("service attempts", f["sent"], sent)
    return problems + _service_ports(f, d)


def _path(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    for r in _ran(d, "path"):
        hops = (r.get("data") or {}).get("hops") or []
        if any(h.get("ttl") == f["ttl"] and h.get("address") == f["address"] for h in hops if isinstance(h, Mapping)):
            return []
    return [f"no path hop {f['ttl']} at {f['address']}"]


def _status_incident(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    titles = [
        i.get("title")
        for r in _ran(d, "status-page")
        for i in (r.get("data") or {}).get("incidents") or []
        if isinstance(i, Mapping)
    ]
    return [] if any(str(t).startswith(f["title"]) for t in titles if t) else [f"no incident {f['title']!r}"]


def _mismatch(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    lookups = [r for r in _ran(d, "system-dns") if (r.get("data") or {}).get("role") == "service"]
    addresses = {a for r in lookups for a in (r.get("data") or {}).get("addresses") or []}
    return [] if all(a in addresses for a in _value(f["addresses"])) else ["mismatch addresses"]


def _icmp_filtered(f: Mapping[str, Any], d: Mapping[str, Any]) -> list[str]:
    icmp = _ran(d, "gateway-icmp")
    ok = icmp and all(_samples(r) and all(s.get("outcome") == "timeout" for s in _samples(r)) for r in icmp)
    return [] if ok else ["ICMP called filtered but echo requests were not all sent and unanswered"]


CHECKS: dict[str, Check] = {
    "gw_silent": _gw_ports,
    "gw_quality": _lan_lost,
    "gw_quality_lost": _lan_lost,
    "isp_lossy": _isp_lost,
    "isp_lossy_no_ms": _isp_lost,
    "isp_slow": _isp_slow,
    "anchors_ok": _anchors_ok,
    "anchors_ok_no_ms": _anchors_ok,
    "anchors_none": _anchors_none,
    "anchors_one": _anchors_none,
    "port_blocked": _port_blocked,
    "port_rejected": _port_rejected,
    "host_silent": _host_silent,
    "path_stops": _path,
    "path_refused": _path,
    "path_stops_beyond": _path,
    "path_refused_beyond": _path,
    "status_incident": _status_incident,
    "status_incident_no_time": _status_incident,
    "status_incident_page": _status_incident,
    "status_incident_no_time_page": _status_incident,
    "mismatch": _mismatch,
    "icmp_filtered": _icmp_filtered,
    "app_refused": _service_ports,
    "app_timeout": _service_ports,
    "app_alive": _service_ports,
    "tcp_ok": _service_ports,
}

# a sentence that says how many things it lists: the count field, and the list it counts
COUNTED = {
    "iface_down": "names",
    "no_link": "names",
    "self_assigned": "addresses",
    "no_route": "addresses",
    "ipv4_down": "hosts",
    "anchors_none": "hosts",
    "all_rejected": "hosts",
    "public_dns_silent": "servers",
    "public_dns_blocked": "servers",
    "public_dns_answered": "servers",
    "resolvers_failed": "servers",
    "port_blocked": "hosts",
    "port_rejected": "hosts",
    "provider_silent": "targets",
    "provider_ok": "targets",
    "service_dns": "known",
    "known_name_missing": "names",
    "anchor_dead": "hosts",
    "ipv6_broken": "targets",
    "resolver_partial": "bad",
    "on_ports": "ports",
    "for_ports": "ports",
}


def _sentences(said: Said) -> list[Said]:
    """The sentence and every fragment in it (nested in its fields or in their lists)."""
    out = [said]
    for field in said.fields.values():
        for item in field.items if isinstance(field, Joined) else (field,):
            if isinstance(item, Said):
                out += _sentences(item)
    return out


def _counted(said: Said) -> list[str]:
    listed = COUNTED.get(said.key)
    if listed is None:
        return []
    items = said.fields.get(listed)
    if not isinstance(items, Joined):
        return [f"{said.key}: {listed} is not a list"]
    return _eq(f"{said.key}: how many {listed}", said.fields.get("count"), len(items.items))


def problems(data: Mapping[str, Any], verdict: Mapping[str, Any] | None = None) -> list[str]:
    """What is wrong with the verdict's sentences for this probe data (empty: every checked fact holds)."""
    again = triage.decide(dict(data))
    found: list[str] = []
    if verdict is not None:
        for field in ("culprit", "finding", "evidence", "warnings"):
            real = getattr(again, field)
            said = verdict.get(field)
            if (list(real) if isinstance(real, tuple) else real) != said:
                found.append(f"{field} differs when the engine re-reads the data: {said!r} vs {real!r}")
    blob = json.dumps(data)
    for sentence in (*again.evidence, *again.warnings):
        if "median ?" in sentence or "? ms" in sentence:
            found.append(f"unknown number printed: {sentence}")
        for address in IPV4.findall(sentence) + IPV6.findall(sentence):
            if address not in blob:
                found.append(f"{address} in {sentence!r} is not in the probe data")
        if not isinstance(sentence, Said):
            continue
        for said in _sentences(sentence):
            if said.key in CHECKS:
                found += [f"{said.key}: {p}" for p in CHECKS[said.key](said.fields, data)]
            found += _counted(said)
    return found
