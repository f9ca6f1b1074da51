"""Privacy before anything leaves memory: secrets out (redaction), identifiers swapped for stand-ins (anonymisation).

Pure: Report in, Report out; no I/O. `redact_report` runs on every report; `anonymize_report` on `--anonymize`.

    redact_text(text) -> (text with [REDACTED:kind], [(kind, original)])
    redact_report(report) -> (report, RedactionSummary(counts, removed))     # Meta.redactions += counts
    anonymize_report(report, mapping=None, keep=()) -> (report, mapping)    # Meta.anonymized = True
    keep_for(report) -> the values the recipient needs verbatim
    Anonymizer(mapping=None, keep=()).text(value) / .mapping

Finding secrets is `reportkit.secrets`' job (one detector for redaction, the quality lint and screenshots); this
package replaces what it finds. Modules: text (markers), report (whole reports: every string collected first, then
every occurrence of every value found replaced everywhere), tables (anonymisation word lists), anonymize (stand-ins).

Decisions, where the brief left a choice:
- A label keeps its place and only the value goes: `password: [REDACTED:password]`. URL credentials: scheme, user and
  host stay, only the password goes. Webhook URLs keep their host and fixed path.
- A secret found once is removed everywhere: every other field, error text, file name and diagnostics value that
  holds the same value (PINs shorter than six characters only as a whole token). The summary counts places per kind
  and the distinct secrets.
- A dict value under a key that names a secret ("password", "apiKey", "client_secret") goes as a whole.
- A preview shows the first two characters only of a secret of eight or more, then the length: `co…(12 chars)`,
  `…(4 chars)` for a PIN.
- Anonymisation: see `reportkit.redact.anonymize` for the stand-ins and what is kept.
- A stored message (`reportkit.messages.Said`) is redacted and anonymised in its data only (its arguments, nested
  messages and lists): it stays the same message, so it can still be worded in every language; its own words and
  catalog context are the program's and are never scanned. Per place it counts what its English would.
- The marker `[REDACTED:kind]` is a code in every language (it stands in the user's own text; the lint and a second
  run find it by its spelling); the preview and the names of kinds are messages (`reportkit.redact.tables`).
"""

from __future__ import annotations

from reportkit.redact.anonymize import Anonymizer, anonymize_report, keep_for
from reportkit.redact.report import RedactionSummary, Removed, redact_report
from reportkit.redact.text import find_secrets, kinds, redact_report_text, redact_text

__all__ = [
    "Anonymizer",
    "RedactionSummary",
    "Removed",
    "anonymize_report",
    "find_secrets",
    "keep_for",
    "kinds",
    "redact_report",
    "redact_report_text",
    "redact_text",
]
