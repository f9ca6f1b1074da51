"""Tests a candidate value must pass: machine-made or a word, a reference or code, a date or a version, a path."""

from __future__ import annotations

import math
import re
from collections import Counter

MARK = "[REDACTED:"
MAX_VALUE = 4096  # a quoted value is read this far
PEEK = 256  # an unquoted value is read this far before deciding; an accepted one is then read to its real end


# CamelCase or snake_case words: an identifier, however long
_WORDS = re.compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+|_[a-z]+|-[a-z]+)+[_-]?")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


_SPACE = re.compile(r"\s")
_PLAIN_WORD = re.compile(r"[A-Z]?[a-z]+[:.,;!?]*|[A-Z]+[:.,;!?]*")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÞА-Я]")
_LOWER = re.compile(r"[a-zß-ÿа-я]")
_ALPHA = re.compile(r"[^\W\d_]")


def looks_random(value: str, min_len: int = 16) -> bool:
    """A machine-made token rather than a word, a name, a path or a number."""
    if len(value) < min_len or value.startswith(MARK) or is_reference(value):
        return False
    if value[0] in "/~." or _SPACE.search(value):
        return False
    has_digit = _DIGIT.search(value) is not None
    has_upper = _UPPER.search(value) is not None
    has_lower = _LOWER.search(value) is not None
    has_alpha = has_upper or has_lower or _ALPHA.search(value) is not None
    if not ((has_digit and has_alpha) or (has_upper and has_lower)):
        return False
    if not has_digit and (_WORDS.fullmatch(value) or _PLAIN_WORD.fullmatch(value)):
        return False  # ListExecutionsPageToken, state_credentials, "Authorization:": a name or a word
        return False
    return entropy(value[:256]) >= 3.0


def is_reference(value: str) -> bool:
    """`$PASSWORD`, `${DB_PASS}`, `%PASSWORD%`, `{{ secret }}`, `<your password>`: a pointer, not the secret."""
    if len(value) >= 2 and value[0] == "$" and (value[1].isalpha() or value[1] in "_{"):
        return True
    if _WINDOWS_VARIABLE.fullmatch(value):  # %APPDATA%, %DB_PASS%, %ProgramFiles(x86)%; "%0000%" is a password
        return True
    if value.startswith(("{{", "{%", "!Ref", "!Sub", "!GetAtt", "!vault", "!ENV", "!env", "!secret")):
        return True
    if _VARIABLE.fullmatch(value):  # var.db_password, env.API_KEY, secrets.TOKEN, process.env.X
        return True
    return len(value) >= 3 and value[0] == "<" and value[-1] == ">"


_WINDOWS_VARIABLE = re.compile(r"%[A-Za-z_]+(?:\(x86\))?%")
_VARIABLE = re.compile(
    r"(?:var|vars|local|locals|env|secrets|process\.env|os\.environ|data|module|settings|config|inputs|params)"
    r"(?:\.[A-Za-z_][\w\-]*|\[[\"'][\w\-.]+[\"']\])+"
)


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


_DATE_OR_NUMBER = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?"
    r"|[+-]?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d+)?%?|v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?"
)
_NAME_AND_VERSION = re.compile(r"[A-Za-z][A-Za-z]*(?:[-_ ][A-Za-z]+)*[-_ ]v?\d+(?:\.\d+)+")
_FILE_NAME = re.compile(
    r"[\w.\-]{1,120}\.(?:pdf|docx?|xlsx?|csv|txt|log|png|jpe?g|gif|zip|gz|tar|json|ya?ml|xml|html?|md)"
)


def is_date_or_number(value: str) -> bool:
    """2025-01-04, 14:05, 12.03.2024, 1 234, 12 %, v2.3.1: a date, a time, a count or a version, not a secret."""
    return _DATE_OR_NUMBER.fullmatch(value) is not None


def is_name_or_path(value: str) -> bool:
    """uploads/report-2024.pdf, ~/.ssh/id_rsa, C:\\keys\\a.pem, SalesResults-1.2: a file or a name with a version."""
    if value[:1] in "/~" or value.startswith(("./", "../")) or re.match(r"[A-Za-z]:[\\/]", value):
        return not _base64_like(value)  # "/Qx7…==" is a base64 key that happens to start with "/"
    if _FILE_NAME.fullmatch(value) or ("/" in value and _FILE_NAME.fullmatch(value.rsplit("/", 1)[-1])):
        return True
    return _NAME_AND_VERSION.fullmatch(value) is not None


def _base64_like(value: str) -> bool:
    """20+ characters of base64 with digits and both cases, no dot, and more entropy than a path has."""
    if len(value) < 20 or "." in value or not re.fullmatch(r"[A-Za-z0-9+/=_\-]+", value):
        return False
    return _DIGIT.search(value) is not None and _UPPER.search(value) is not None and entropy(value) >= 4.0
