"""The providers' own status pages: what they announce is evidence (the Hungarian guide: providers announce outages
on their own channels first — check those before calling).

An open incident on the status page of the party the verdict names becomes evidence, raises the confidence one
step, and the first next step says to follow it rather than open a duplicate ticket; "all systems operational" is
evidence too. Another party's incident is a warning. A page that could not be read is one warning line and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from reportkit.triage.match import Match
from reportkit.triage.read import Probes, Result, _seq, _text
from reportkit.triage.sentences import _what
from reportkit.triage.wording import Said, _say

# whose status page speaks for which culprit
# (a cloud network incident does not explain a service that refuses connections on a host that answers)
SOURCES = {"isp": ("isp",), "dns": ("isp",), "cloud-provider": ("cloud",), "service": ("service",)}
RAISE = {"low": "medium", "medium": "high", "high": "high"}


@dataclass(frozen=True)
class Page:
    source: str
    name: str | None  # None: no name configured (the sentences then name the page by its address)
    url: str
    incidents: tuple[Mapping[str, Any], ...]
    operational: bool | None
    readable: bool
    result: Result


def pages(p: Probes) -> list[Page]:
    out = []
    for r in p.results:
        if r.group != "status-page" or r.outcome == "skipped":
            continue
        out.append(_page(r))
    return out


def _page(r: Result) -> Page:
    data = r.data
    source = _text(data.get("source")) or "service"
    incidents = tuple(i for i in _seq(data.get("incidents")) if isinstance(i, Mapping) and _text(i.get("title")))
    operational = data.get("operational")
    return Page(
        source,
        _text(data.get("name")),
        _text(data.get("url")) or r.target,
        incidents,
        operational if isinstance(operational, bool) else None,
        r.ok,
        r,
    )


def _since(incident: Mapping[str, Any]) -> str:
    """'2026-12-03 08:10 UTC' from an ISO 8601 UTC time (as the status-page collector writes it): a time, shown as
    data in every language."""
    started = _text(incident.get("started")) or _text(incident.get("updated")) or ""
    if len(started) >= 16 and started[10] == "T":
        return f"{started[:10]} {started[11:16]} UTC"
    return started


def _page_said(key: str, page: Page, **fields: Any) -> Said:
    """A status_* sentence naming the provider, or (no name configured) its `_page` variant naming the page."""
    if page.name:
        return _say(key, name=page.name, url=page.url, **fields)
    return _say(f"{key}_page", url=page.url, **fields)


def _incident_sentence(page: Page) -> Said:
    incident = page.incidents[0]
    since = _since(incident)
    title = (_text(incident.get("title")) or "")[:160]
    if since:
        return _page_said("status_incident", page, title=title, since=since)
    return _page_said("status_incident_no_time", page, title=title)


def apply(match: Match, p: Probes) -> tuple[Match, list[tuple[str, str]]]:
    """The match with the status pages' evidence, and the warnings they add."""
    found = pages(p)
    if not found:
        return match, []
    relevant = SOURCES.get(match.culprit, ())
    warnings: list[tuple[str, str]] = []
    evidence: list[str] = []
    confidence, steps_first = match.confidence, None
    for page in found:
        if not page.readable:
            warnings.append(("status_unreadable", _what(page.result, "WARN.status_unreadable", 160, url=page.url)))
        elif page.incidents and page.source in relevant:
            evidence.insert(0, _incident_sentence(page))
            confidence = RAISE.get(confidence, confidence)
            steps_first = steps_first or _page_said("status_wait", page)
        elif page.incidents:
            warnings.append(("status_incident_other", _incident_sentence(page)))
        elif page.operational is True and page.source in relevant:
            evidence.append(_page_said("status_operational", page))
    if not evidence:
        return match, warnings
    incident_first = [e for e in evidence if isinstance(e, Said) and e.key.startswith("status_incident")]
    rest = [e for e in evidence if e not in incident_first]
    measured = list(match.evidence)
    changed = replace(
        match,
        evidence=(*incident_first, *measured[:1], *rest, *measured[1:]),
        confidence=confidence,
        lead_step=steps_first or match.lead_step,
    )
    return changed, warnings


def read_urls(p: Probes) -> set[str]:
    """Status pages that were read: a next step telling the user to go and check them is not needed."""
    return {page.url for page in pages(p) if page.readable}
