"""The one secret detector: passwords, PINs, provider tokens, keys, webhook URLs, cards and IBANs in any text.

Pure and linear-time; redaction (`reportkit.redact`), the quality lint and screenshot OCR all call it, and there is
no second vocabulary anywhere (the words are in `words`, the provider formats in `providers.tsv`).

    scan(text) -> [Finding(start, end, kind, confidence)]         non-overlapping, sorted
    scan_all(texts) -> [[Finding], …]                              plus every other occurrence of each value found
    find_secrets(text) -> [(start, end, kind)]                     the same as plain tuples
    kinds() -> every kind a finding can have; describe(kind) -> "GitHub token"

Modules: engine (one string, merge), providers (+ providers.tsv: token formats), context (label = value in config,
log, command and sentence syntaxes; Bearer), commands (tool flags: mysql -p, curl -u …), urls (webhook URLs),
shapes (PEM keys, URL passwords, Telegram tokens, cards, IBANs), manifests (Kubernetes Secret data), values (what a
value must look like), words (the vocabulary), propagate (every occurrence everywhere), trie (regex alternations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Finding", "describe", "find_secrets", "kinds", "scan", "scan_all"]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str  # the marker name: "password", "github-token", "card-number" …
    confidence: str  # "high" (a prefix, a checksum, a strong separator) or "medium" (a sentence, a copied value)


def scan(text: str) -> list[Finding]:
    from reportkit.secrets.engine import find

    return [Finding(*hit) for hit in find(text)]


def find_secrets(text: str) -> list[tuple[int, int, str]]:
    from reportkit.secrets.engine import find

    return [(s, e, k) for s, e, k, _ in find(text)]


def scan_all(
    texts: Sequence[str], whole: Sequence[str | None] = (), also: Mapping[str, str] | None = None
) -> list[list[Finding]]:
    """Each text's findings, including every occurrence of a value that was found in any of them.

    `whole[i]`, when given and not None, is the kind of a text that is a secret as a whole (the value under a
    "password" key): it is one finding, and its other occurrences are found too. `also` (value → kind): secrets
    found somewhere else (a screenshot) whose occurrences are found too.
    """
    from reportkit.secrets import propagate
    from reportkit.secrets.engine import _merge, _outside_markers, find

    found: list[list[tuple[int, int, str, str]]] = []
    for i, t in enumerate(texts):
        kind = whole[i] if i < len(whole) else None
        found.append([(0, len(t), kind, "high")] if kind else find(t))
    known = propagate.values(texts, found)
    if also:
        known = dict(sorted({**also, **known}.items(), key=lambda kv: -len(kv[0])))
    if not known:
        return [[Finding(*h) for h in hits] for hits in found]
    out: list[list[Finding]] = []
    index = propagate.Known(known)
    for text, hits in zip(texts, found, strict=True):
        extra = propagate.occurrences(text, index)
        if extra:
            merged = list(hits) + extra
            if "[REDACTED:" in text:
                merged = _outside_markers(text.encode("latin-1", "replace"), merged)
            hits = _merge(merged)
        out.append([Finding(*h) for h in hits])
    return out


def kinds() -> tuple[str, ...]:
    from reportkit.secrets.engine import all_kinds

    return all_kinds()


def describe(kind: str) -> str:
    """A name for the preview: "GitHub token", "password", "card number" — a message (`reportkit.messages.Said`,
    the table is reportkit.redact.tables.MESSAGES) worded per language by `messages.say`; a kind it has no name for
    as it is spelt ("some kind" for "some-kind")."""
    from reportkit import messages
    from reportkit.redact.tables import MESSAGES

    if f"kind.{kind}" in MESSAGES:
        return messages.make(f"redact.kind.{kind}", MESSAGES[f"kind.{kind}"])
    from reportkit.secrets.providers import service_of

    service = service_of(kind)
    if not service:
        return kind.replace("-", " ")
    what = "webhook" if kind.endswith("webhook") else "token" if "token" in kind else "key"
    return messages.make(f"redact.kind.service-{what}", MESSAGES[f"kind.service-{what}"], service=service)
