"""What the redaction rules share: the kinds, the marker, and the tests a candidate value must pass."""

from __future__ import annotations

import math
import re
from collections import Counter

KINDS = (
    "password",
    "pin",
    "bearer-token",
    "jwt",
    "aws-key",
    "aws-secret",
    "github-token",
    "gitlab-token",
    "slack-token",
    "stripe-key",
    "google-api-key",
    "openai-key",
    "azure-key",
    "private-key",
    "url-credentials",
    "card-number",
    "iban",
    "secret",
)

# Where two findings overlap, the union is redacted and named after the more specific one (lower rank).
RANK = {
    "private-key": 0,
    "url-credentials": 3,
    "aws-key": 2,
    "aws-secret": 2,
    "github-token": 2,
    "gitlab-token": 2,
    "slack-token": 2,
    "stripe-key": 2,
    "google-api-key": 2,
    "openai-key": 2,
    "azure-key": 2,
    "jwt": 2,
    "bearer-token": 3,
    "card-number": 4,
    "iban": 4,
    "password": 5,
    "pin": 5,
    "secret": 6,
}

Hit = tuple[int, int, str]  # start, end, kind
Hits = list[Hit]

MARK = "[REDACTED:"
MARK_B = MARK.encode()
MARKER = re.compile(rb"\[REDACTED:[a-z\-]{1,20}\]")
MAX_QUOTED = 256  # a quoted value longer than this on one line is read as an unquoted token
PEEK = 64  # how much of an unquoted value is read before deciding whether it is a secret


def marker(kind: str) -> str:
    return f"{MARK}{kind}]"


# CamelCase or snake_case words: an identifier, however long
_WORDS = re.compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+|_[a-z]+|-[a-z]+)+[_-]?")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def looks_random(value: str, min_len: int = 16) -> bool:
    """A machine-made token rather than a word, a name, a path or a number."""
    if len(value) < min_len or value.startswith(MARK) or is_reference(value):
        return False
    if value[0] in "/~." or any(c.isspace() for c in value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    if not ((has_digit and has_alpha) or (has_upper and has_lower)):
        return False
    if not has_digit and _WORDS.fullmatch(value):  # ListExecutionsPageToken, state_credentials: a name
        return False
    return entropy(value[:256]) >= 3.0


def is_reference(value: str) -> bool:
    """`$PASSWORD`, `${DB_PASS}`, `%PASSWORD%`, `{{ secret }}`, `<your password>`: a pointer, not the secret."""
    if len(value) >= 2 and value[0] == "$" and (value[1].isalpha() or value[1] in "_{"):
        return True
    if len(value) >= 3 and value[0] == "%" and value[-1] == "%":
        return True
    if value.startswith(("{{", "{%")):
        return True
    return len(value) >= 3 and value[0] == "<" and value[-1] == ">"


# A value that is source code rather than a secret (tracebacks show the failing line): a call or subscript,
# an attribute of self/os/request…, a format placeholder, or the rest of a comparison.
_CODE = re.compile(
    r"[A-Za-z_][\w.]*[(\[].*[)\]][,;)]*"
    r"|(?:self|cls|this|os|request|settings|config|options|args|kwargs|params|env)\.[\w.\[\]\"']+"
    r"|%[sdr]|\{\d*\}|\?|=.*"
)
_DOTTED_NAME = re.compile(r"[A-Za-z_]+(?:\.[A-Za-z_]+)+(?:\(\))?")


def looks_like_code(value: str, *, dotted: bool = False) -> bool:
    """`request.form["password"]`, `os.environ.get("PIN")`, `self.pwd`, `%s`, `== x` (and, for generic secrets,
    `module.Class._sort_key`): part of a program, not a value someone typed."""
    if MARK in value:
        return False
    if _CODE.fullmatch(value):
        return True
    return dotted and _DOTTED_NAME.fullmatch(value) is not None


_TRAIL = ".,;:"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def strip_trailing(value: str) -> int:
    """How many trailing characters are punctuation around the value rather than part of it."""
    end = len(value)
    while end > 1:
        c = value[end - 1]
        unbalanced = (c in _CLOSERS and _CLOSERS[c] not in value[: end - 1]) or (
            c in "\"'»”’`" and value.count(c, 0, end) == 1
        )
        if not (c in _TRAIL or unbalanced):
            break
        end -= 1
    return len(value) - end
