"""Privacy before anything leaves memory: secrets out (redaction), identifiers swapped for stand-ins (anonymisation).

Pure: Report in, Report out; no I/O. `redact_report` runs on every report; `anonymize_report` on `--anonymize`.

    redact_text(text) -> (text with [REDACTED:kind], [(kind, original)])
    redact_report(report) -> (report, RedactionSummary(counts, removed))     # Meta.redactions += counts
    anonymize_report(report, mapping=None, keep=()) -> (report, mapping)    # Meta.anonymized = True
    keep_for(report) -> the values the recipient needs verbatim
    Anonymizer(mapping=None, keep=()).text(value) / .mapping

Modules: text (the scan), labels (passwords, PINs, generic secrets, Bearer), patterns (prefixed tokens, PEM keys,
URL credentials, cards, IBANs), common (kinds, marker, value tests), tables (word lists), report (whole reports),
anonymize (stand-ins).

Decisions, where the brief left a choice:
- A label keeps its place and only the value goes: `password: [REDACTED:password]`. The value is the rest of the
  token (to whitespace; to `;`/`&` inside `Server=…;Password=…;` and `?password=…&`), or the quoted string;
  trailing sentence punctuation and unbalanced closing brackets stay outside.
- How sure a label must be depends on its separator: after `:` `=` `=>` anything but a placeholder (`****`,
  `${VAR}`, `<your password>`, `null`) or a piece of source code (`request.form["password"]`) is a secret; after a
  copula ("is", "on", "ist", "lautet", "—", "это") a stop word ("wrong", "not", "väärä", "неверный" …) is not; with no
  separator at all only a possessive label ("my password", "мой пароль", "jelszavam", "şifrem", "salasanani") or a
  PIN label, and only a value with a digit or a symbol (a PIN: at least four digits). "PIN-код от вашей карты" stays.
- `passcode` counts as a PIN; "credentials: …" as a generic secret. Generic labels (key, secret, token, auth …) need a
  machine-made value: 16+ characters, letters and digits or both cases, not a CamelCase/snake_case name, entropy
  ≥ 3 bits per character. A `public_key` is not a secret.
- URL credentials: scheme, user and host stay, only the password goes (`https://anna:[REDACTED:url-credentials]@
  host`): the account name is what support needs to find. A user part that is itself a token goes whole.
- A checksum after "sha256:" (or any hash without a secret label) is not a secret: it identifies a file, not a key.
- Cards: 13–19 digits, alone or in card-shaped groups (4-4-4-4, 4-4-4-4-3, 4-6-5 …, one separator: space, dash,
  no-break space), first digit 2–6 (the card networks; epoch milliseconds start with 1), passing Luhn, not glued to
  letters, after "+", or inside ORD-…/versions/decimals.
- IBAN: an upper-case country code from the registry, exactly that country's length, unbroken or in groups of four,
  passing mod 97.
- Overlapping findings are redacted as their union and named after the more specific kind (a GitHub token in a URL
  is `github-token`). Text inside an existing `[REDACTED:…]` marker is never a finding, so a second run finds
  nothing, and every marker written is counted.
- A preview shows the first two characters only of a secret of eight or more, then the length: `co…(12 chars)`,
  `…(4 chars)` for a PIN.
- Anonymisation: see `reportkit.redact.anonymize` for the stand-ins and what is kept.
"""

from __future__ import annotations

from reportkit.redact.anonymize import Anonymizer, anonymize_report, keep_for
from reportkit.redact.report import RedactionSummary, Removed, redact_report
from reportkit.redact.text import KINDS, find_secrets, redact_text

__all__ = [
    "KINDS",
    "Anonymizer",
    "RedactionSummary",
    "Removed",
    "anonymize_report",
    "find_secrets",
    "keep_for",
    "redact_report",
    "redact_text",
]
