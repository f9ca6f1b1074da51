"""Evidence phrases built from probe results, shared by the rules and the warnings."""

from __future__ import annotations

from collections.abc import Iterable

from reportkit.messages import Joined, Said
from reportkit.triage.facts import _gateway_ip, _hosts, _median_ms, _quality
from reportkit.triage.read import OUTCOMES, Probes, Result, _int, _text
from reportkit.triage.wording import TABLES, _fmt_ms, _join, _say, _word

# the collectors' details that say no more than the outcome does (English summaries, not data)
WORDY_DETAILS = frozenset({"no answer", "connected, but no answer", *OUTCOMES})


def _status(result: Result) -> str:
    """'503 Service Unavailable' (or just '503'): the status line's code and reason phrase, protocol words."""
    return " ".join(t for t in (_text(result.data.get("status")), _text(result.data.get("reason"))) if t)


def _outcome_word(table: str, outcome: str, **fields: object) -> Said:
    """How a check went, in the words of `table` (OUTCOME_WORDS, RESOLVER_WORDS, LOOKUP_WORDS)."""
    words = TABLES[table]
    return _word(table, outcome if outcome in words else "error", **fields)


def _outcomes(results: Iterable[Result], table: str = "OUTCOME_WORDS", **fields: object) -> Joined:
    """The different ways the results went, joined with "or" ("did not answer or refused the query")."""
    said = list(dict.fromkeys(r.outcome for r in results))
    return _join([_outcome_word(table, outcome, **fields) for outcome in said], "or")


def _outcome_noun(outcome: str, connected: bool = False) -> Said:
    """How a check went, as a short noun phrase for parentheses ("no answer", "refused")."""
    if outcome == "timeout" and connected:
        return _word("CHECK", "outcome:connected-timeout")
    return _word("CHECK", f"outcome:{outcome}" if outcome in OUTCOMES else "outcome:error")


def _failed_as(r: Result) -> Said:
    """How a failed check failed, for a list of failures: its HTTP status, a certificate that is not valid, or its
    outcome."""
    status = _int(r.data.get("status"))
    if r.group == "service-http" and r.ok and status is not None:
        return _word("CHECK", "failed:http", status=_status(r))
    if r.group == "service-tls" and r.data.get("valid") is False:
        return _word("CHECK", "failed:certificate")
    return _outcome_noun(r.outcome, r.data.get("connected") is True)


def _technical(r: Result, limit: int = 120) -> str | None:
    """The technical part of a failed probe's detail (an OS, TLS or protocol error) to keep as data, or None.

    The details are the collectors' English one-liners: "failed: [Errno 104] Connection reset by peer", "could not
    send: Network is unreachable", "no answer (0/3 answered)". The text after the first ": " is the error as the
    library gave it; a multi-sample summary without one, or a bare "no answer", says no more than the outcome does.
    """
    if r.outcome not in ("error", "unreachable"):
        return None
    detail = r.detail.strip()
    _, colon, error = detail.partition(": ")
    if colon:
        detail = error.strip()
    elif r.samples:
        return None
    if not detail or detail in WORDY_DETAILS:
        return None
    return detail[:limit]


def _what(r: Result, key: str, limit: int = 120, **fields: object) -> Said:
    """A message that says how `r` went (`what`), with the technical detail as data when there is one
    (the `<key>_detail` variant)."""
    detail = _technical(r, limit)
    what = _outcome_noun(r.outcome, r.data.get("connected") is True)
    table, _, name = key.partition(".")
    if detail is not None and f"{name}_detail" in TABLES[table]:
        return _word(table, f"{name}_detail", what=what, detail=detail, **fields)
    return _word(table, name, what=what, **fields)


def _anchors_ok_sentence(p: Probes) -> Said | None:
    anchors = p.measured("anchor")
    if not anchors:
        return None
    hosts = _hosts(anchors)
    alive = _hosts(r for r in anchors if r.answered)
    ms = _median_ms(anchors)
    if ms is None:
        return _say("anchors_ok_no_ms", answered=len(alive), count=len(hosts))
    return _say("anchors_ok", answered=len(alive), count=len(hosts), ms=_fmt_ms(ms))


def _gateway_ok_sentence(p: Probes) -> Said | None:
    gateway = p.measured("gateway", "gateway-icmp")
    quality = _quality(gateway)
    if quality is None:
        return None
    if quality.median_ms is None:
        return _say("gw_ok_no_ms", gateway=_gateway_ip(p), answered=quality.answered, sent=quality.sent)
    return _say(
        "gw_ok", gateway=_gateway_ip(p), answered=quality.answered, sent=quality.sent, ms=_fmt_ms(quality.median_ms)
    )
