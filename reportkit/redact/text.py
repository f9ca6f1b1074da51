"""Replace each secret in one string with `[REDACTED:kind]` (the finding itself is `reportkit.secrets`' job)."""

from __future__ import annotations

from collections.abc import Sequence

from reportkit.secrets import Finding, find_secrets, kinds

MARK = "[REDACTED:"

__all__ = ["MARK", "apply", "find_secrets", "kinds", "marker", "redact_report_text", "redact_text"]


def marker(kind: str) -> str:
    return f"{MARK}{kind}]"


def apply(text: str, findings: Sequence[Finding]) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each finding replaced by its marker, and [(kind, the original secret)] in order."""
    if not findings:
        return text, []
    out: list[str] = []
    found: list[tuple[str, str]] = []
    last = 0
    for f in findings:
        out.append(text[last : f.start])
        out.append(marker(f.kind))
        found.append((f.kind, text[f.start : f.end]))
        last = f.end
    out.append(text[last:])
    return "".join(out), found


def redact_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(`text` with every secret replaced by `[REDACTED:kind]`, [(kind, the original secret)] in order)."""
    from reportkit.secrets import scan

    return apply(text, scan(text))


def redact_report_text(text: str, known: dict[str, str]) -> str:
    """`text` with every occurrence of the known values (value → kind) replaced, and whatever else it holds."""
    from reportkit.secrets import scan_all

    (found,) = scan_all([text], also=known)
    return apply(text, found)[0]
