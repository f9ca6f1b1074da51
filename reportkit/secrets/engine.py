"""One pass over one string: every rule's findings, merged into non-overlapping spans named after the most specific.

Nothing inside an existing `[REDACTED:…]` marker is a finding, so a second run finds nothing new.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from reportkit.secrets import commands
from reportkit.secrets.context import find_bearer, find_labelled, piece
from reportkit.secrets.manifests import find_secret_manifests
from reportkit.secrets.providers import find_prefixed
from reportkit.secrets.providers import kinds as provider_kinds
from reportkit.secrets.shapes import find_cards, find_ibans, find_private_keys, find_telegram, find_url_credentials
from reportkit.secrets.trie import trie_regex
from reportkit.secrets.urls import WEBHOOKS, find_webhooks

Hit = tuple[int, int, str, str]  # start, end, kind, confidence

MARKER = re.compile(rb"\[REDACTED:[a-z0-9\-]{1,24}\]")
MARK_B = b"[REDACTED:"
_CONFIDENCE = {"low": 0, "medium": 1, "high": 2}
# digits to "0", capital letters to "A", small letters to "a": runs of digits and IBAN shapes become literals
_SHAPE = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", b"0" * 10 + b"A" * 26 + b"a" * 26
)

_FIXED_KINDS = (
    "password",
    "pin",
    "private-key",
    "url-credentials",
    "bearer-token",
    "card-number",
    "iban",
    "aws-secret",
    "azure-key",
    "secret",
)


@cache
def all_kinds() -> tuple[str, ...]:
    """Every kind a finding can have (the marker names), from the rules and the provider table."""
    webhook = tuple(kind for _, _, kind in WEBHOOKS)
    return tuple(dict.fromkeys((*_FIXED_KINDS, *provider_kinds(), *webhook)))


def rank(kind: str) -> int:
    """Where findings overlap the union is named after the lowest rank: a GitHub token inside a URL is a token."""
    if kind == "private-key":
        return 0
    if kind in ("card-number", "iban"):
        return 4
    if kind in ("password", "pin"):
        return 5
    if kind == "secret":
        return 6
    if kind in ("url-credentials", "bearer-token"):
        return 3
    return 2  # a named provider's token or webhook


def lower(text: str) -> str:
    """Lower case with the same length (so offsets carry over): "İ" would become two characters."""
    if "\u0130" in text:  # the only character whose lower case is two characters ("i" + a combining dot)
        text = text.replace("\u0130", "i")
    return text.lower()


def find(text: str) -> list[Hit]:
    """Non-overlapping findings in `text`, sorted by position."""
    if len(text) < 4:
        return []
    raw = text.encode("latin-1", "replace")  # one byte per character: offsets are the text's
    low = lower(text)
    hits: list[Hit] = []
    find_private_keys(text, raw, hits)
    find_prefixed(text, raw, hits)
    find_webhooks(text, raw, hits)
    find_url_credentials(text, raw, hits)
    find_telegram(text, raw, hits)
    find_secret_manifests(text, hits)
    _words(text, low, hits)
    find_bearer(text, low, hits)
    commands.find_pgpass(text, hits)
    shape = raw.translate(_SHAPE)
    find_cards(text, shape, hits)
    find_ibans(text, shape, hits)
    if hits:  # a value found once is a secret wherever else it stands in this text ("… and again Kettu!2024")
        from reportkit.secrets import propagate

        own = {text[s:e]: k for s, e, k, _ in hits if e - s >= propagate.MIN_TOKEN}
        if own:
            seen = {(s, e) for s, e, _, _ in hits}  # a copy found again is not more certain than the finding
            found = propagate.occurrences(text, dict(sorted(own.items(), key=lambda kv: -len(kv[0]))))
            hits += [(s, e, k, "medium") for s, e, k, _ in found if (s, e) not in seen]
    if MARK_B in raw:
        hits = _outside_markers(raw, hits)
    return _merge(hits)


@cache
def _tool_regex() -> tuple[re.Pattern[str], dict[str, tuple[str, re.Pattern[str]]]]:
    """Tool names in one trie-shaped regex over the lower-cased text, and for a match (spaces collapsed) the tool's
    name and flag form."""
    tools = commands.tool_atoms()
    rx = re.compile(r"(?<![\w\-.])(?:" + trie_regex(list(tools), piece) + ")")
    by_match = {
        " ".join("".join(atoms).split("\x01")): ("".join(atoms).replace("\x01", " "), form)
        for atoms, form in tools.items()
    }
    return rx, by_match


# What a command with a credential always shows: a flag after a space, or a tool's special syntax. Tool names are
# only looked for on the lines these appear in (one cheap pass instead of a tool-name pass over everything).
_FLAG = re.compile(r" -{1,2}[a-z]|\t-{1,2}[a-z]|/p:|pass:|machine[ \t]|\\\\|/user:")  # over the lower-cased text
_BACK = 2048  # how far before a flag its tool name may stand, on the same line


def _words(text: str, low: str, hits: list[Hit]) -> None:
    find_labelled(text, low, hits)
    rx, tools = _tool_regex()
    tool_scan = commands.ToolScan(text)
    done = -1  # lines up to here were searched for tool names
    for f in _FLAG.finditer(low):
        if f.start() < done:
            continue
        start = max(0, f.start() - _BACK)
        nl = text.rfind("\n", start, f.start())
        start = nl + 1 if nl >= 0 else start
        end = text.find("\n", f.end())
        end = len(text) if end < 0 else end
        for m in rx.finditer(low, max(start, done), end):
            tool = tools.get(" ".join(m.group().split()))
            if tool is not None:
                tool_scan.at(m.start(), m.end(), tool[0], tool[1], hits)
        done = end


def _outside_markers(raw: bytes, hits: list[Hit]) -> list[Hit]:
    """The hits minus any part inside an existing marker (so a second run adds nothing and loses nothing)."""
    spans = [m.span() for m in MARKER.finditer(raw)]
    if not spans:
        return hits
    starts = [a for a, _ in spans]
    out: list[Hit] = []
    for start, end, kind, conf in hits:
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while start < end and i < len(spans):
            a, b = spans[i]
            if a >= end:
                break
            if b > start:
                if a > start:
                    out.append((start, a, kind, conf))
                start = max(start, b)
            i += 1
        if start < end:
            out.append((start, end, kind, conf))
    return out


def _merge(hits: list[Hit]) -> list[Hit]:
    if not hits:
        return []
    hits.sort()
    merged: list[Hit] = []
    start, end, kind, conf = hits[0]
    for s, e, k, c in hits[1:]:
        if s < end:  # overlap: the union, named after the more specific finding
            end = max(end, e)
            if rank(k) < rank(kind):
                kind = k
            if _CONFIDENCE[c] > _CONFIDENCE[conf]:
                conf = c
        else:
            merged.append((start, end, kind, conf))
            start, end, kind, conf = s, e, k, c
    merged.append((start, end, kind, conf))
    return merged
