"""Values announced by a label: passwords and PINs in several languages, generic secrets, Bearer tokens.

Labels are searched in the latin-1 image of the text, lower-cased (ASCII letters only): one pattern per first
letter, so each starts with a literal. A character outside latin-1 shows there as "?" ("şifre" is "?ifre", "PIN-код"
is "pin-???"); the label is then read back from the text itself. Cyrillic labels are searched in the text.
"""

from __future__ import annotations

import re
from functools import cache

from reportkit.redact.common import (
    MARK,
    MAX_QUOTED,
    PEEK,
    Hit,
    Hits,
    is_reference,
    looks_like_code,
    looks_random,
    strip_trailing,
)
from reportkit.redact.tables import (
    LABEL_PREFIXES,
    LABEL_SUFFIXES,
    PASSWORD_LABELS,
    PLACEHOLDERS,
    POSSESSIVE_WORDS,
    QUOTES,
    SECRET_LABELS,
    STOPWORDS,
)


def _norm(label: str) -> str:
    return label.replace(" ", "").replace("-", "")


_LABEL_INFO: dict[str, tuple[str, bool]] = {_norm(k): v for k, v in PASSWORD_LABELS.items()}
_SECRET_SET = frozenset(SECRET_LABELS)

_PASSWORD_PATTERNS = (
    rb"(pass(?:word|wd|code|phrase|wort)?|pwd(?![ \t]*[:=][ \t]*[\"']?[/~])|pin(?:[ \-]?(?:code|number|nummer"
    rb"|koodi(?:ni)?|k[o\xf3\xd3]d(?:um|u)?|\?\?\?))?|parola(?:m)?)",
    rb"(salasana(?:ni)?|sifre(?:si|m)?)",
    rb"(\?ifre(?:si|m)?)",
    rb"(tunnus(?:sana|luku)(?:ni)?)",
    rb"(jelsz(?:avam|ava|\xf3|\xd3|o))",
    rb"(kennwort)",
    rb"(credentials?|creds)",
)
_SECRET_PATTERNS = (rb"(secrets?)", rb"(token)", rb"(key)", rb"(auth(?:orization)?)")
# what may follow a password label: a separator, a copula or preposition, or a value with a digit or a symbol in it
_PASSWORD_AFTER = (
    rb"(?:[_\-](?:" + "|".join(LABEL_SUFFIXES).encode() + rb"))?(?![^\W_])(?=[\"'\xbb?]?[ \t]*[:=>\-?]"
    rb"|[ \t]+(?:is|was|are|on|oli|ist|lautet|war|for|to|of|at|f\xfcr|von|zum|zur|\?+)[ \t]"
    rb"|[ \t]+\S{0,64}?[^a-z\s])"
)
# what must follow a generic label: a separator and 16 token characters (or "Basic " and a token)
_SECRET_AFTER = (
    rb"(?![^\W_])(?=[\"'\xbb?]?(?:[ \t]*(?:=>|[:=?])|[ \t]+(?:is|was|ist|on)[ \t])[ \t]*"
    rb"(?:[\"'`?]?[a-z0-9+/_\-.~%]{16}|basic[ \t]))"
)
_CYRILLIC_LABEL = re.compile(r"([пП](?i:ароль|ин(?:[ \-]?код)?))(?![^\W_])(?=[\"'»”’]?[ \t]*[:=：>—–\-]|[ \t])")


@cache
def _families() -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p + _PASSWORD_AFTER) for p in _PASSWORD_PATTERNS) + tuple(
        re.compile(p + _SECRET_AFTER) for p in _SECRET_PATTERNS
    )


_Q = "[\"'»”’]?"
_SEP = re.compile(
    rf"(?:(?P<strong>{_Q}(?:[ \t]+(?:is|was|ist|lautet|on|oli))?[ \t]*(?:=>|->|[:=：]))"
    rf"|(?P<xml>>)"
    rf"|(?P<cop>{_Q}[ \t]+(?:is|was|are|on|oli|ist|lautet|war|это|[—–-])(?=[ \t]))"
    rf"|(?P<dash>{_Q}[ \t]*[—–])"
    rf"|(?P<bare>(?=[ \t])))[ \t]*",
    re.IGNORECASE,
)
_GAP = re.compile(
    r"[ \t]+(?:for|to|of|on|at|für|von|zum|zur|от|для|к|на)[ \t]+(?:[^\s:=]{1,30}(?:[ \t]+|(?=[:=]))){0,3}?"
    r"(?:(?P<strong>[:=])|(?:is|was|on|ist|lautet|—|–)(?=[ \t]))[ \t]*",
    re.IGNORECASE,
)
_SECRET_SEP = re.compile(rf"{_Q}(?:[ \t]*(?:=>|[:=：])|[ \t]+(?:is|was|ist|on)(?=[ \t]))[ \t]*", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<![^\W_])(?:" + "|".join(POSSESSIVE_WORDS) + r")[ \t]+\Z", re.IGNORECASE)
_WORD_BACK = re.compile(r"[^\W_]+\Z")
_COMPOUND_BACK = re.compile(r"[a-z0-9_.\-]{0,48}")
_SMALL_COUNT = re.compile(r"\d{1,3}(?:/\d{1,5})?%?|\d+(?:\.\d+)?%")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


@cache
def _token(stop: str, limit: int) -> re.Pattern[str]:
    return re.compile(rf"[^{stop}]{{1,{limit}}}" if limit else rf"[^{stop}]*")


@cache
def _quoted(open_: str) -> re.Pattern[str]:
    close = re.escape(QUOTES[open_])
    return re.compile(rf"{re.escape(open_)}((?:[^{close}\\\n]|\\.){{0,{MAX_QUOTED}}}){close}")


_ANGLED = re.compile(r"<[^<>\n]{1,64}>")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~%]{1,512}=*")
_SECRET_TOKEN_REST = re.compile(r"[A-Za-z0-9+/_\-.~%]*=*")
_B64_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~]{8,4096}=*")


def _left_ok(text: str, s: int) -> bool:
    """The label starts a word, a `snake_case`/`camelCase` part, or follows a known glued prefix ("apikey")."""
    if s == 0:
        return True
    c = text[s - 1]
    if not c.isalnum():
        return True
    if text[s].isupper() and (c.islower() or c.isdigit()):
        return True
    m = _WORD_BACK.search(text, max(0, s - 24), s)
    return m is not None and m.group().lower() in LABEL_PREFIXES


def find_labelled(text: str, blow: bytes, hits: Hits) -> None:
    for rx in _families():
        pos = 0
        while True:
            m = rx.search(blow, pos)
            if m is None:
                break
            pos = _label(text, m.start(), m.end(1), m.end(), hits) or m.end()
    pos = 0
    while True:
        c = _CYRILLIC_LABEL.search(text, pos)
        if c is None:
            break
        pos = _label(text, c.start(), c.end(1), c.end(), hits) or c.end()


def _label(text: str, s: int, base_end: int, e: int, hits: Hits) -> int | None:
    """Read the value after the label at s:e; on success record it and return where scanning may resume."""
    if not _left_ok(text, s):
        return None
    label = _norm(text[s:base_end].lower())
    if label in _SECRET_SET:
        found = _secret_value(text, s, e, label)
    else:
        info = _LABEL_INFO.get(label)
        if info is None:  # "pin-" and three letters that were not "код"
            if not label.startswith("pin"):
                return None
            info, e = _LABEL_INFO["pin"], s + 3
        found = _password_value(text, s, e, label, *info)
    if found is None:
        return None
    hits.append(found)
    return max(e, found[1])


def _password_value(text: str, s: int, e: int, label: str, kind: str, possessive: bool) -> Hit | None:
    n = len(text)
    m = _SEP.match(text, e, min(n, e + 16))
    if m is None:
        return None
    mode = m.lastgroup or "bare"
    if mode == "xml" and (s == 0 or text[s - 1] != "<"):
        return None
    found = None
    if mode != "bare" or possessive or kind == "pin" or _POSSESSIVE.search(text, max(0, s - 12), s):
        found = _take_value(text, m.end(), mode, kind, label, s)
    if found is None and mode in ("cop", "bare"):  # "password for the portal: X", "password on the router is X"
        g = _GAP.match(text, e, min(n, e + 160))
        if g is not None:
            found = _take_value(text, g.end(), "strong" if g.group("strong") else "cop", kind, label, s)
    return found


def _take_value(text: str, p: int, mode: str, kind: str, label: str, s: int) -> Hit | None:
    """The value that starts at `p`, if it is one."""
    n = len(text)
    if p >= n:
        return None
    opener = text[p]
    if opener in QUOTES:
        q = _quoted(opener).match(text, p)
        if q is not None:
            value = q.group(1)
            if not value or value.startswith(MARK) or _is_placeholder(value) or is_reference(value):
                return None
            return (p + 1, q.end() - 1, kind)
    if opener == "<" and _ANGLED.match(text, p):  # password: <your password>
        return None
    if mode == "xml":
        stop = "<\\n"
    elif mode == "strong" and s > 0 and text[s - 1] in ";&?":  # Server=db;Password=x;… or ?password=x&…
        stop = "\\s;&"
    else:
        stop = "\\s"
    t = _token(stop, PEEK).match(text, p)
    if t is None:
        return None
    end = t.end()
    head = t.group()
    cut = strip_trailing(head) if end - p < PEEK else 0
    if _reject(head[: len(head) - cut] if cut else head, mode, kind, label):
        return None
    if end - p == PEEK:  # accepted on its first characters: now read the rest of it
        end = _token(stop, 0).match(text, end).end()  # type: ignore[union-attr]
        cut = strip_trailing(text[max(p, end - 8) : end])
    end -= cut
    if end <= p:
        return None
    return (p, end, kind)


def _is_placeholder(value: str) -> bool:
    return value.lower() in PLACEHOLDERS or all(c in "*•●·" for c in value)


def _reject(value: str, mode: str, kind: str, label: str) -> bool:
    if not value or value.startswith(MARK) or _is_placeholder(value) or is_reference(value):
        return True
    if label == "pwd" and (value[0] in "/~" or _DRIVE.match(value)):  # PWD=/home/anna: the working directory
        return True
    if label == "pass" and _SMALL_COUNT.fullmatch(value):  # "pass: 12" in a test summary
        return True
    if looks_like_code(value):  # a traceback's source line: password = request.form["password"]
        return True
    if mode in ("strong", "xml"):
        return False
    if value.lower().rstrip(".,;:!?") in STOPWORDS:
        return True
    if kind == "pin" and sum(c.isdigit() for c in value) < 4:
        return True
    if mode == "bare":  # no separator at all: only something with a digit or a symbol in it
        return all(c.isalpha() for c in value)
    return False


def _compound(text: str, s: int, e: int) -> str:
    """The whole key a label ends: "aws_secret_access_key" for "key"."""
    back = text[max(0, s - 48) : s].lower()[::-1]
    m = _COMPOUND_BACK.match(back)
    k = len(m.group()) if m else 0
    return text[s - k : e].lower()


def _secret_kind(compound: str) -> str:
    flat = compound.replace("_", "").replace("-", "").replace(".", "")
    if "secretaccesskey" in flat or ("aws" in flat and "secret" in flat):
        return "aws-secret"
    if flat.endswith(("accountkey", "sharedaccesskey", "ocpapimsubscriptionkey")):
        return "azure-key"
    return "secret"


def _secret_value(text: str, s: int, e: int, label: str) -> Hit | None:
    compound = _compound(text, s, e)
    if "public" in compound or "pubkey" in compound:
        return None
    m = _SECRET_SEP.match(text, e, min(len(text), e + 16))
    if m is None:
        return None
    p = m.end()
    if p >= len(text):
        return None
    opener = text[p]
    if opener in QUOTES:
        q = _quoted(opener).match(text, p)
        if q is None:
            return None
        value, vs, ve = q.group(1), p + 1, q.end() - 1
    else:
        t = _SECRET_TOKEN.match(text, p)
        if t is None:
            return None
        value, vs, ve = t.group(), p, t.end()
        if value.lower() == "basic" and text.startswith(" ", ve):  # Authorization: Basic dXNlcjpwYXNz
            b = _B64_TOKEN.match(text, ve + 1)
            if b is not None and any(c.isdigit() or c.isupper() for c in b.group()):
                return (b.start(), b.end(), "secret")
            return None
    if not looks_random(value) or looks_like_code(value, dotted=True):
        return None
    if ve - vs >= 512:
        r = _SECRET_TOKEN_REST.match(text, ve)
        ve = r.end() if r else ve
    return (vs, ve, _secret_kind(compound))


# -- Bearer tokens ----------------------------------------------------------------------------------------------------

_BEARER = re.compile(rb"bearer[ \t]+")
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{1,8192}=*")


def find_bearer(text: str, blow: bytes, hits: Hits) -> None:
    for m in _BEARER.finditer(blow):
        s = m.start()
        if s and text[s - 1].isalnum():
            continue
        t = _BEARER_TOKEN.match(text, m.end())
        if t is None:
            continue
        token = t.group()
        if len(token) < 8 or (token.isalpha() and token.islower()):  # "bearer authentication"
            continue
        end = t.end()
        if len(token) >= 8192:
            end = _SECRET_TOKEN_REST.match(text, end).end()  # type: ignore[union-attr]
        hits.append((t.start(), end, "bearer-token"))
