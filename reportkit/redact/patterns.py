"""Secrets recognisable by their shape: prefixed tokens, PEM private keys, URL credentials, cards, IBANs."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from reportkit.redact.common import MARK, Hits, is_reference, looks_random
from reportkit.redact.tables import IBAN_LENGTHS

# -- tokens with a recognisable prefix --------------------------------------------------------------------------------

_Check = Callable[[str, int, int], tuple[int, int] | None]


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


def _fixed(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A fixed-length token: reject it when it is glued to more letters or digits."""
    return None if _alnum_at(text, s - 1) or _alnum_at(text, e) else (s, e)


def _stripe(text: str, s: int, e: int) -> tuple[int, int] | None:
    # the match starts at "k_live_": the key is "sk_live_…" or "rk_live_…"
    if s < 1 or text[s - 1] not in "sr" or _alnum_at(text, s - 2):
        return None
    return (s - 1, e)


def _mixed(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Machine-made: digits and letters, or both letter cases (not "sk-some-long-lowercase-words")."""
    token = text[s:e]
    digit_alpha = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    cases = any(c.isupper() for c in token) and any(c.islower() for c in token)
    return (s, e) if digit_alpha or cases else None


def _azure_ad(text: str, s: int, e: int) -> tuple[int, int] | None:
    # Entra ID (Azure AD) client secrets: three characters, a digit, "Q~", then 31–34 more
    if s < 4 or not text[s - 1].isdigit():
        return None
    head = text[s - 4 : s - 1]
    if not all(c.isalnum() or c in "_-." for c in head) or _alnum_at(text, s - 5) or _alnum_at(text, e):
        return None
    return (s - 4, e)


def _sas_sig(text: str, s: int, e: int) -> tuple[int, int] | None:
    # a shared-access signature in a URL query: ?sv=…&sig=…
    if s < 1 or text[s - 1] not in "?&":
        return None
    return (s + 4, e)


def _slack_hook(text: str, s: int, e: int) -> tuple[int, int] | None:
    cut = text.index("/", text.index("/", s) + 1) + 1  # keep "hooks.slack.com/services/", redact the rest
    return (cut, e)


_PREFIXED: tuple[tuple[re.Pattern[bytes], str | None, _Check | None], ...] = tuple(
    (re.compile(p), kind, check)
    for p, kind, check in (
        (
            rb"A(?<![A-Za-z0-9]A)(?:(?P<aws>(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|ROA|PKA|SCA)[A-Z0-9]{16})"
            rb"|(?P<google>Iza[0-9A-Za-z_\-]{35}))",
            None,
            _fixed,
        ),
        (
            rb"g(?<![A-Za-z0-9]g)(?:(?P<github>h[pousr]_[A-Za-z0-9]{36,255}|ithub_pat_[A-Za-z0-9_]{22,255})"
            rb"|(?P<gitlab>l(?:pat|dt|rt|ptt|cbt|imt|ft|soat|agent|oas)-[A-Za-z0-9_\-]{20,255}))",
            None,
            None,
        ),
        (rb"GR1348941(?<![A-Za-z0-9]GR1348941)[A-Za-z0-9_\-]{20,64}", "gitlab-token", None),
        (
            rb"x(?<![A-Za-z0-9]x)(?:ox[abposrce]-[A-Za-z0-9\-]{10,255}|app-\d-[A-Za-z0-9\-]{10,255})",
            "slack-token",
            None,
        ),
        (rb"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_\-]{16,255}", "slack-token", _slack_hook),
        (rb"k_(?:live|test)_[A-Za-z0-9]{10,255}", "stripe-key", _stripe),
        (rb"whsec_(?<![A-Za-z0-9]whsec_)[A-Za-z0-9]{20,255}", "stripe-key", None),
        (
            rb"sk-(?<![A-Za-z0-9_\-]sk-)(?:(?P<anthropic>ant-[A-Za-z0-9_\-]{20,255})|(?P<openai>[A-Za-z0-9_\-]{20,255}))",
            None,
            _mixed,
        ),
        (rb"eyJ(?<![A-Za-z0-9_\-]eyJ)[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*", "jwt", None),
        (rb"Q~[A-Za-z0-9_\-.~]{31,34}", "azure-key", _azure_ad),
        (rb"sig=[A-Za-z0-9%+/=]{20,1024}", "azure-key", _sas_sig),
        (rb"npm_(?<![A-Za-z0-9]npm_)[A-Za-z0-9]{36}", "secret", _fixed),
        (rb"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}", "secret", None),
        (rb"hf_(?<![A-Za-z0-9]hf_)[A-Za-z]{34}", "secret", _fixed),
        (rb"GOCSPX-[A-Za-z0-9_\-]{28}", "secret", None),
        (rb"dop_v1_[a-f0-9]{64}", "secret", None),
    )
)
_GROUP_KIND = {
    "aws": "aws-key",
    "google": "google-api-key",
    "github": "github-token",
    "gitlab": "gitlab-token",
    "anthropic": "secret",
    "openai": "openai-key",
}


def find_prefixed(text: str, raw: bytes, hits: Hits) -> None:
    for rx, kind, check in _PREFIXED:
        for m in rx.finditer(raw):
            span: tuple[int, int] | None = m.span()
            if check is not None:
                span = check(text, m.start(), m.end())
            if span is None:
                continue
            hits.append((span[0], span[1], kind or _GROUP_KIND[m.lastgroup or ""]))


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
        hits.append((i, end, "private-key"))
        i = raw.find(b"-----BEGIN", end)


# -- user:password@ in URLs -------------------------------------------------------------------------------------------

_AUTHORITY = re.compile(r"[^\s/?#]{0,512}")
_LOOSE_USERINFO = re.compile(r"[^\s@/:]{0,128}:[^\s@]{1,128}@")


# "://" followed by something with an "@" before the path: only these are read in detail
_URL_AT = re.compile(rb"://(?=[^\s/?#@]{0,512}@|[^\s@/:]{0,128}:[^\s@]{1,128}@)")


def find_url_credentials(text: str, raw: bytes, hits: Hits) -> None:
    for m in _URL_AT.finditer(raw):
        _userinfo(text, m.end(), hits)


def _userinfo(text: str, p: int, hits: Hits) -> None:
    a = _AUTHORITY.match(text, p)
    authority = a.group() if a else ""
    at = authority.rfind("@")
    if at < 0:
        loose = _LOOSE_USERINFO.match(text, p)  # a password with a "/" in it: anna:pa/ss@host
        if loose is None:
            return
        at = loose.end() - 1 - p
        authority = text[p : loose.end()]
    userinfo = authority[:at]
    colon = userinfo.find(":")
    if colon >= 0:
        secret = userinfo[colon + 1 :]
        if secret and not secret.startswith(MARK) and not is_reference(secret):
            hits.append((p + colon + 1, p + at, "url-credentials"))
    elif looks_random(userinfo):  # https://<token>@github.com/…
        hits.append((p, p + at, "url-credentials"))


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
                hits.append((start, end, "card-number"))
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
            hits.append((s, end, "iban"))
            pos = end
