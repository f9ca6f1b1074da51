"""Secrets recognisable by their shape: PEM private keys, URL credentials, payment cards (Luhn), IBANs (mod 97)."""

from __future__ import annotations

import re
from functools import lru_cache

from reportkit.secrets.values import MARK, is_reference, looks_random

Hits = list[tuple[int, int, str, str]]  # start, end, kind, confidence

# -- PEM private keys -------------------------------------------------------------------------------------------------

_PEM_HEAD = re.compile(rb"-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----")
_PEM_TAIL = re.compile(rb"-----END (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----")


def find_private_keys(text: str, raw: bytes, hits: Hits) -> None:
    i = raw.find(b"-----BEGIN")
    while i >= 0:
        head = _PEM_HEAD.match(raw, i)
        if head is None:
            i = raw.find(b"-----BEGIN", i + 10)
            continue
        end = len(raw)  # no END line: everything after BEGIN may be key material
        j = raw.find(b"-----END", head.end())
        while j >= 0:
            tail = _PEM_TAIL.match(raw, j)
            if tail is not None:
                end = tail.end()
                break
            j = raw.find(b"-----END", j + 8)
        hits.append((i, end, "private-key", "high"))
        i = raw.find(b"-----BEGIN", end)


# -- user:password@ in URLs -------------------------------------------------------------------------------------------

_AUTHORITY = re.compile(r"[^\s/?#]{0,512}")
_LOOSE_USERINFO = re.compile(r"[^\s@/:]{0,128}:[^\s@]{1,128}@")
_PORT_PATH = re.compile(r"\d{1,5}/")


# "://" followed by something with an "@" before the path: only these are read in detail
_URL_AT = re.compile(rb"://(?=[^\s/?#@]{0,512}@|[^\s@/:]{0,128}:[^\s@]{1,128}@)")


def find_url_credentials(text: str, raw: bytes, hits: Hits) -> None:
    i = raw.find(b"://")
    while i >= 0:
        p = i + 3
        at = raw.find(b"@", p, p + 258)  # no "@" close after "://": no user info (one memchr, not a regex per URL)
        if at >= 0 and _URL_AT.match(raw, i):
            _userinfo(text, p, hits)
        i = raw.find(b"://", p)


def _userinfo(text: str, p: int, hits: Hits) -> None:
    a = _AUTHORITY.match(text, p)
    authority = a.group() if a else ""
    at = authority.rfind("@")
    if at < 0:
        loose = _LOOSE_USERINFO.match(text, p)  # a password with a "/" in it: anna:pa/ss@host
        if loose is None or _PORT_PATH.match(text, text.index(":", p) + 1):  # host:8000/@x is a port and a path
            return
        at = loose.end() - 1 - p
        authority = text[p : loose.end()]
    userinfo = authority[:at]
    colon = userinfo.find(":")
    if colon >= 0:
        secret = userinfo[colon + 1 :]
        if secret and not secret.startswith(MARK) and not is_reference(secret):
            hits.append((p + colon + 1, p + at, "url-credentials", "high"))
    elif looks_random(userinfo):  # https://<token>@github.com/…
        hits.append((p, p + at, "url-credentials", "medium"))


# -- payment card numbers ---------------------------------------------------------------------------------------------

_CARD_RUN = re.compile(rb"0000(?<!00000)(?:[ \-\xa0]?0){9,}")
_GROUPS = re.compile(rb"0+")


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@lru_cache(maxsize=4096)
def _card_ok(window: str) -> bool:
    """13–19 digits (separators ignored), a card network's first digit, and the Luhn check."""
    digits = window.replace(" ", "").replace("-", "").replace("\u00a0", "")
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn(digits)


def find_cards(text: str, shape: bytes, hits: Hits) -> None:
    for m in _CARD_RUN.finditer(shape):
        rs, re_ = m.span()
        before = text[rs - 1] if rs else ""
        # glued to an identifier, after "+" (a phone number), or ORD-…, a version, a path: not from the first group
        glued = bool(before) and (
            before.isalnum() or before == "+" or (before in ".-/" and rs >= 2 and text[rs - 2].isalnum())
        )
        groups = [(g.start(), g.end()) for g in _GROUPS.finditer(shape, rs, re_)]
        _card_windows(text, groups, 1 if glued else 0, re_, hits)


def _card_windows(text: str, groups: list[tuple[int, int]], first: int, re_: int, hits: Hits) -> None:
    """Card-shaped windows in one run of digit groups: 13–19 digits alone, 4-4-4-1…4-4-4-4-3, or 4-6-5 / 4-6-4."""
    lens = [b - a for a, b in groups]
    k = len(lens)
    i = first
    while i < k:
        count = 0
        if lens[i] == 4:
            options = []  # how many groups, longest first
            if i + 4 < k and lens[i + 1] == lens[i + 2] == lens[i + 3] == 4 and lens[i + 4] <= 3:
                options.append(5)
            if i + 3 < k and lens[i + 1] == lens[i + 2] == 4 and lens[i + 3] <= 4:
                options.append(4)
            if i + 2 < k and lens[i + 1] == 6 and lens[i + 2] in (4, 5):
                options.append(3)
            for c in options:
                if _card_ok(text[groups[i][0] : groups[i + c - 1][1]]):
                    count = c
                    break
        elif 13 <= lens[i] <= 19 and _card_ok(text[groups[i][0] : groups[i][1]]):
            count = 1
        if count:
            start, end = groups[i][0], groups[i + count - 1][1]
            if end != re_ or _card_tail_ok(text, end):
                hits.append((start, end, "card-number", "high"))
                i += count
                continue
        i += 1


def _card_tail_ok(text: str, end: int) -> bool:
    after = text[end] if end < len(text) else ""
    if after and (after.isalnum() or after == "_"):
        return False
    return not (after in ".:" and end + 1 < len(text) and text[end + 1].isdigit())  # 1234….5 or a time


# -- IBANs ------------------------------------------------------------------------------------------------------------

_IBAN = re.compile(rb"AA00(?<![Aa0]AA00)(?:[Aa0]{11,30}|(?: [Aa0]{4}){2,7}(?: [Aa0]{1,3})?)")


def iban_ok(compact: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    if len(compact) < 15 or not compact.isascii() or not compact.isalnum():
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def find_ibans(text: str, shape: bytes, hits: Hits) -> None:
    """IBANs unbroken or printed in groups of four, of exactly their country's length, passing mod 97."""
    pos = 0
    n = len(text)
    while True:
        m = _IBAN.search(shape, pos)
        if m is None:
            return
        s, end = m.span()
        pos = s + 1
        if s and text[s - 1].isalnum():
            continue
        length = IBAN_LENGTHS.get(text[s : s + 2].upper())
        if length is None:
            continue
        compact = text[s:end].replace(" ", "")
        if len(compact) > length and length % 4 == 0 and " " in text[s:end]:
            end = s + length + length // 4 - 1  # grouped, followed by more groups: cut after the last full group
            compact = compact[:length]
        if len(compact) != length or (end < n and text[end].isalnum()):
            continue
        if iban_ok(compact.upper()):
            hits.append((s, end, "iban", "high"))
            pos = end


# -- IBAN -------------------------------------------------------------------------------------------------------------
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


# -- Telegram bot tokens ----------------------------------------------------------------------------------------------

_TELEGRAM_BODY = re.compile(r"A[A-Za-z0-9_\-]{34}(?![A-Za-z0-9_\-])")
_BOT_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{5,16}\Z")


def find_telegram(text: str, raw: bytes, hits: Hits) -> None:
    """`123456789:AA…` (a bot id, a colon, 35 characters starting with A): the shape alone is the token."""
    i = raw.find(b":A")
    while i >= 0:
        if _TELEGRAM_BODY.match(text, i + 1):
            bot = _BOT_ID.search(text, max(0, i - 16), i)
            if bot is not None:
                hits.append((bot.start(), i + 36, "telegram-token", "high"))
        i = raw.find(b":A", i + 2)
