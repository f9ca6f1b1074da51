"""Evidence phrases built from probe results, shared by the rules and the warnings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reportkit.triage.facts import _gateway_ip, _hosts, _median_ms, _quality
from reportkit.triage.read import Probes, Result, _text
from reportkit.triage.wording import OUTCOME_WORDS, _fmt_ms, _join, _say


def _status(result: Result) -> str:
    """'503 Service Unavailable' (or just '503')."""
    return " ".join(t for t in (_text(result.data.get("status")), _text(result.data.get("reason"))) if t)


def _outcomes(results: Iterable[Result], words: Mapping[str, str] = OUTCOME_WORDS) -> str:
    said = list(dict.fromkeys(words.get(r.outcome, r.outcome) for r in results))
    return _join(said, "or")


def _anchors_ok_sentence(p: Probes) -> str | None:
    anchors = p.measured("anchor")
    if not anchors:
        return None
    hosts = _hosts(anchors)
    alive = _hosts(r for r in anchors if r.answered)
    ms = _median_ms(anchors)
    if ms is None:
        return _say("anchors_ok_no_ms", answered=len(alive), count=len(hosts))
    return _say("anchors_ok", answered=len(alive), count=len(hosts), ms=_fmt_ms(ms))


def _gateway_ok_sentence(p: Probes) -> str | None:
    gateway = p.measured("gateway", "gateway-icmp")
    quality = _quality(gateway)
    if quality is None:
        return None
    if quality.median_ms is None:
        return _say("gw_ok_no_ms", gateway=_gateway_ip(p), answered=quality.answered, sent=quality.sent)
    return _say(
        "gw_ok", gateway=_gateway_ip(p), answered=quality.answered, sent=quality.sent, ms=_fmt_ms(quality.median_ms)
    )
