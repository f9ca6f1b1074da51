"""How the corpus is scored (shared by tests/test_secrets_corpus.py and benchmarks/secrets_recall.py).

The three fields of an example are three strings of one report, scanned together as `redact_report` does
(`reportkit.secrets.scan_all`): a value found in one field must be gone from the others too.
"""

from __future__ import annotations

from reportkit.secrets import scan_all
from tests.secrets_corpus.generator import Example

RULE = (
    "An occurrence of a secret (its exact span in the field) is CAUGHT when at most min(4, len//4) of its characters "
    "are outside every redaction finding (so a 4-digit PIN may keep 1, a 40-character token 4: a kept public prefix "
    "such as 'ghp_' at most); MISSED when none of its characters is inside a finding; PARTIAL otherwise (the secret "
    "was cut short). An example is caught only when every occurrence in all three fields is caught. The three fields "
    "are scanned together, as the strings of one report."
)
_ORDER = {"caught": 0, "partial": 1, "missed": 2}


def allowed(length: int) -> int:
    return min(4, length // 4)


def occurrence_state(hits: list[tuple[int, int]], start: int, end: int) -> str:
    """'caught' | 'partial' | 'missed' for the span [start, end) given the findings' spans."""
    covered = 0
    for a, b in hits:
        if b <= start or a >= end:
            continue
        covered += min(b, end) - max(a, start)
    left = (end - start) - covered
    if left <= allowed(end - start):
        return "caught"
    return "missed" if covered == 0 else "partial"


def judge(example: Example) -> dict[str, str]:
    """Per field name: the worst state of its occurrences."""
    found = scan_all([f.text for f in example.fields])
    out: dict[str, str] = {}
    for f, findings in zip(example.fields, found, strict=True):
        spans = [(x.start, x.end) for x in findings]
        states = [occurrence_state(spans, a, b) for a, b in f.spans]
        out[f.name] = max(states, key=_ORDER.__getitem__)
    return out
