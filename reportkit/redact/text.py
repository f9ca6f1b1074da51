"""Find secrets in one string and replace each with `[REDACTED:kind]`.

Linear time by construction: every pattern either starts with a literal (so `re` skips ahead at C speed) or is
guarded so it only starts where a token starts, and every repetition is either bounded or cannot overlap the next
attempt. Where a value must be inspected before it is accepted, only a bounded prefix is read; the rest of it is read
only once it is accepted, and the scan then continues after it. Patterns run over the text's latin-1 image (one byte
per character, anything else as "?"), so offsets carry over and the scan is fast; values are read from the text.
"""

from __future__ import annotations

import bisect
import re

from reportkit.redact.common import KINDS, MARK, MARK_B, MARKER, RANK, Hit, Hits, marker
from reportkit.redact.labels import find_bearer, find_labelled
from reportkit.redact.patterns import find_cards, find_ibans, find_prefixed, find_private_keys, find_url_credentials

__all__ = ["KINDS", "MARK", "find_secrets", "marker", "redact_text"]


def find_secrets(text: str) -> list[Hit]:
    """The secrets in `text` as non-overlapping (start, end, kind), sorted by position."""
    if len(text) < 5:
        return []
    raw = text.encode("latin-1", "replace")  # one byte per character: offsets are the text's
    blow = raw.lower()  # ASCII letters only
    if len(text) <= _SHORT and not _ANY_TRIGGER.search(blow):
        return []  # a short string with nothing any rule starts from: one scan instead of thirty
    shape = raw.translate(_SHAPE)
    hits: Hits = []
    find_private_keys(text, raw, hits)
    find_labelled(text, blow, hits)
    find_bearer(text, blow, hits)
    find_prefixed(text, raw, hits)
    find_url_credentials(text, raw, hits)
    find_cards(text, shape, hits)
    find_ibans(text, shape, hits)
    if MARK_B in raw:  # already redacted (a second run): nothing inside a marker is a new finding
        hits = _outside_markers(raw, hits)
    return _merge(hits)


def redact_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(`text` with every secret replaced by `[REDACTED:kind]`, [(kind, the original secret)] in order)."""
    hits = find_secrets(text)
    if not hits:
        return text, []
    out: list[str] = []
    found: list[tuple[str, str]] = []
    last = 0
    for start, end, kind in hits:
        out.append(text[last:start])
        out.append(marker(kind))
        found.append((kind, text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out), found


# -- helpers ----------------------------------------------------------------------------------------------------------


_SHORT = 4096
# Everything a rule can start from, in the lower-cased latin-1 image ("?" stands for any other character, so
# Cyrillic and Turkish labels are covered): labels, token prefixes, "://", PEM, four digits, an IBAN's start.
_ANY_TRIGGER = re.compile(
    rb"pass|pwd|pin|parol|salasana|sifre|\?|tunnus|jelsz|kennwort|cred|secret|token|key|auth|bearer"
    rb"|a(?:kia|sia|bia|cca|gpa|ida|ipa|npa|nva|roa|pka|sca|iza)|gh[pousr]_|github_pat_|gl[a-z]{1,5}-|gr1348941"
    rb"|xox|xapp-|hooks\.slack|k_live_|k_test_|whsec_|sk-|eyj|q~|sig=|npm_|pypi-|hf_|gocspx-|dop_v1_"
    rb"|://|-----begin|[0-9]{4}|[a-z]{2}[0-9]{2}"
)
# digits to "0", capital letters to "A", small letters to "a": runs of digits and IBAN shapes become literals
_SHAPE = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", b"0" * 10 + b"A" * 26 + b"a" * 26
)


def _outside_markers(raw: bytes, hits: Hits) -> Hits:
    """The hits minus any part inside an existing marker (so a second run adds nothing and loses nothing)."""
    spans = [m.span() for m in MARKER.finditer(raw)]
    if not spans:
        return hits
    starts = [a for a, _ in spans]
    out: Hits = []
    for start, end, kind in hits:
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while start < end and i < len(spans):
            a, b = spans[i]
            if a >= end:
                break
            if b > start:
                if a > start:
                    out.append((start, a, kind))
                start = max(start, b)
            i += 1
        if start < end:
            out.append((start, end, kind))
    return out


def _merge(hits: Hits) -> list[Hit]:
    if not hits:
        return []
    hits.sort()
    merged: list[Hit] = []
    start, end, kind = hits[0]
    for s, e, k in hits[1:]:
        if s < end:  # overlap: redact the union, name it after the more specific finding
            if e > end:
                end = e
            if RANK[k] < RANK[kind]:
                kind = k
        else:
            merged.append((start, end, kind))
            start, end, kind = s, e, k
    merged.append((start, end, kind))
    return merged
