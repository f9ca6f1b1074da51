"""Adjustments: the user's answers (a second vantage point), applied in order after the measured match."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from reportkit.triage.facts import _service_unreachable
from reportkit.triage.match import Match
from reportkit.triage.read import Probes, _map
from reportkit.triage.wording import ANSWER_WORDS, Said, _warn, _word


@dataclass(frozen=True)
class Answers:
    other_connection: str | None = None  # "works" | "fails" | None
    other_devices: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Answers:
        answers = _map(raw)
        return cls(_answer(answers.get("other_connection")), _answer(answers.get("other_devices")))


def _answer(value: Any) -> str | None:
    if isinstance(value, bool):
        return "works" if value else "fails"
    if isinstance(value, str):
        return ANSWER_WORDS.get(value.strip().lower())
    return None


def _tell(match: Match, key: str, answer: str, *, first: bool = False, **changes: Any) -> Match:
    return replace(
        match,
        told=(*match.told, _word("ANSWER_TEXT", key)),
        used=match.used | {answer},
        told_first=match.told_first or first,
        **changes,
    )


def _settled(match: Match) -> Match:
    """The match without the "one vantage point cannot tell" caveat: the hotspot answer tells."""
    return replace(
        match, evidence=tuple(e for e in match.evidence if not (isinstance(e, Said) and e.key == "one_vantage"))
    )


def _devices_work_means_device(m: Match, p: Probes, a: Answers) -> Match | None:
    """A1. Other devices on the same network work, but the verdict blames the local network, the ISP or DNS →
    device (medium), same finding.

    Why: the router, the line and the ISP's DNS serve the other devices fine, so what differs is this computer
    (its Wi-Fi/cable, firewall, VPN, fixed DNS setting). Not for captive-portal: every device must log in on its own.
    """
    if a.other_devices != "works" or m.culprit not in ("local-network", "isp", "dns") or m.finding == "captive-portal":
        return None
    return _tell(
        m,
        "devices_work_flip",
        "other_devices",
        first=True,
        culprit="device",
        confidence="medium",
        steps="other-devices-work",
    )


def _hotspot_works_means_isp_route(m: Match, p: Probes, a: Answers) -> Match | None:
    """A2. The service works over another connection, the service is unreachable from here, and the verdict blames
    the provider, the service or nothing known → isp / isp-route (medium).

    Why: the server is up (it answers the other connection), so what fails is the path from this connection to it:
    the ISP's routing (seed 001: reached over an alternative connection → contact the ISP).
    """
    if a.other_connection != "works" or m.culprit not in ("cloud-provider", "service", "unknown"):
        return None
    if not _service_unreachable(p):
        return None
    return _tell(
        _settled(m),
        "hotspot_works_flip",
        "other_connection",
        first=True,
        culprit="isp",
        finding="isp-route",
        confidence="medium",
        steps="isp-route",
    )


HOTSPOT_WORKS_NOTE = {"service-dns": "hotspot_works_dns", "tls-invalid": "hotspot_works_tls"}


def _hotspot_works_service_reachable(m: Match, p: Probes, a: Answers) -> Match | None:
    """A3. The service works over another connection, but from here the server answers and the verdict blames the
    service → same verdict, medium, plus what the difference suggests.

    Why: the server evidently works for others, so this network is treated differently: its DNS (service-dns →
    culprit dns: this connection's resolver holds an outdated or blocked answer), HTTPS interception (tls-invalid),
    or an IP ban / allow-list on the server (app-down, app-error: still the service operator's to fix).
    """
    if a.other_connection != "works" or m.culprit != "service" or "other_connection" in m.used:
        return None
    key = HOTSPOT_WORKS_NOTE.get(m.finding, "hotspot_works_service")
    culprit = "dns" if m.finding == "service-dns" else m.culprit
    steps = "service-dns-here" if culprit == "dns" else m.steps
    return _tell(
        m, key, "other_connection", first=culprit != m.culprit, culprit=culprit, confidence="medium", steps=steps
    )


def _hotspot_fails_confirms_service_side(m: Match, p: Probes, a: Answers) -> Match | None:
    """A4. The service fails over another connection too, and the verdict blames the provider or the service →
    evidence; provider-down / host-down become high.

    Why: a second, independent path fails the same way, which rules out "the route from this ISP is broken" — the
    one thing a single vantage point could not exclude.
    """
    if a.other_connection != "fails" or m.culprit not in ("cloud-provider", "service"):
        return None
    high = m.finding in ("provider-down", "host-down")
    return _tell(_settled(m), "hotspot_fails", "other_connection", confidence="high" if high else m.confidence)


def _hotspot_works_confirms_here(m: Match, p: Probes, a: Answers) -> Match | None:
    """A5. The service works over another connection and the verdict already blames this side (device, local
    network, ISP, DNS) → evidence only.

    Why: it agrees with the measurement; the confidence stays, since the other connection bypasses every one of
    those layers and so cannot tell them apart.
    """
    if a.other_connection != "works" or m.culprit not in ("device", "local-network", "isp", "dns"):
        return None
    if "other_connection" in m.used:  # A2/A3 already said it
        return None
    return _tell(m, "hotspot_works_here", "other_connection")


CORROBORATED = frozenset({"gateway-down", "lan-degraded", "no-address", "isp-down", "isp-degraded", "resolver-down"})


def _devices_fail_confirms_network(m: Match, p: Probes, a: Answers) -> Match | None:
    """A6. Other devices have no internet either and the verdict blames the local network, the ISP or DNS →
    evidence; a medium verdict on a network-wide finding becomes high. With a device verdict: "check the router too".

    Why: a fault that hits every device on the network is in the network, not in this computer.
    """
    if a.other_devices != "fails" or m.culprit not in ("local-network", "isp", "dns", "device"):
        return None
    if m.culprit == "device":
        return _tell(m, "devices_fail_device", "other_devices")
    raise_it = m.finding in CORROBORATED and m.confidence == "medium"
    return _tell(m, "devices_fail", "other_devices", confidence="high" if raise_it else m.confidence)


def _devices_fail_contradicts(m: Match, p: Probes, a: Answers) -> Match | None:
    """A7. Other devices have no internet, yet this computer reached the internet (verdict provider, service or
    healthy) → a warning: the problem may come and go. The measured verdict stands."""
    if a.other_devices != "fails" or m.culprit not in ("cloud-provider", "service", "none"):
        return None
    return replace(m, notes=(*m.notes, _warn("devices_fail_contradiction")), used=m.used | {"other_devices"})


Adjustment = Callable[[Match, Probes, Answers], Match | None]

ADJUSTMENTS: tuple[tuple[str, Adjustment], ...] = (
    ("A1", _devices_work_means_device),  # other devices work + local/isp/dns → device (medium)
    ("A2", _hotspot_works_means_isp_route),  # works elsewhere + unreachable here → isp / isp-route (medium)
    ("A3", _hotspot_works_service_reachable),  # works elsewhere + server answers here → medium (+ dns for names)
    ("A4", _hotspot_fails_confirms_service_side),  # fails elsewhere too → provider/host-down high
    ("A5", _hotspot_works_confirms_here),  # works elsewhere + this side blamed → evidence
    ("A6", _devices_fail_confirms_network),  # others fail too → network findings medium → high
    ("A7", _devices_fail_contradicts),  # others fail but we got through → warning
)


def _adjust(match: Match, p: Probes, answers: Answers) -> Match:
    for _name, adjustment in ADJUSTMENTS:
        changed = adjustment(match, p, answers)
        if changed is not None:
            match = changed
    for question in ("other_connection", "other_devices"):  # an unused answer is still evidence
        value = getattr(answers, question)
        if value is not None and question not in match.used:
            match = _tell(match, f"{question}:{value}", question)
    return match
