"""Values announced by a label, in the syntaxes people paste: `label: value`, `LABEL=value`, `"label": "value"`,
`label := value`, `$config['label'] .= 'value'`, `<add key="LABEL" value="…"/>`, `- name: LABEL` / `value: …`,
`--label value`, `Authorization: Token …`, cookies, query strings, and sentences ("my password is …",
"salasanani on …", "a jelszavam …", "şifrem …", "мой пароль …").

How it reads one label (found by one regex over the lower-cased text, generated from `words.LABELS`):
1. The whole key around it: `DB_PASSWORD`, `smtpPassword`, `x-api-key`, `aws_secret_access_key`. Words of the key
   after the label that make it a setting (`password_min_length`, `token_url`, `key_id`) or before it that make it a
   name (`public_key`, `object key`, `next_page_token`) end it here.
2. What joins key and value: a strong separator (`=`, `:`, `:=`, `?=`, `.=`, `=>`, ` - `, an option's space, XML and
   Kubernetes `value`), a copula ("is", "on", "ist", "est", "это", "—"), a few words ("password for the portal:"),
   or nothing but a space.
3. The value: a quoted string to its closing quote, or the token to whitespace (to `;`/`&` where the next setting
   starts: `Server=…;Password=…;Database=…`, `?access_token=…&page=2`, cookies), never cut at an inner `=`/`:`/`.`.
4. Whether it is one, by kind and separator: a `password` after a strong separator is anything but a placeholder,
   a reference (`${DB_PASS}`, `var.db_password`, `<your-token>`), a parenthesis or a stop word; after a copula or
   nothing it needs a digit or a symbol (or a possessive label: "my password is kissa"); a `pin` needs four digits;
   a `secret` (key, token, session …) needs a machine-made value (`values.looks_random`; entropy is only this
   tie-breaker, never a finding alone).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from reportkit.secrets import words
from reportkit.secrets.providers import labelled_kind
from reportkit.secrets.trie import trie_regex
from reportkit.secrets.values import (
    MARK,
    MAX_VALUE,
    PEEK,
    entropy,
    is_date_or_number,
    is_name_or_path,
    is_reference,
    looks_like_code,
    looks_random,
    strip_trailing,
)

Hits = list[tuple[int, int, str, str]]
_Judged = tuple[int, int, str, bool, str]  # value start, end, confidence, after a gap, kind

_INFLECTION = "[^\\W\\d_]{0,5}"


def _atoms(word: str) -> tuple[str, ...]:
    """ "pin-koodi*" → p i n ␠ k o o d i *: a space or hyphen matches either or nothing, `*` any inflection."""
    star = word.endswith("*")
    atoms = tuple(" " if ch in " -" else ch for ch in word.rstrip("*"))
    return (*atoms, "*") if star else atoms


def _piece(atom: str) -> str:
    if atom == " ":
        return "[ _\\-]?"
    if atom == "*":
        return _INFLECTION
    return re.escape(atom)


def piece(atom: str) -> str:
    """An atom of a label or tool name as regex: "␠" a space, hyphen or nothing; "*" an inflection; "\x01" spaces."""
    if atom == "\x01":
        return "[ \\t]+"
    return _piece(atom)


@cache
def _labels() -> tuple[re.Pattern[str], dict[str, str]]:
    """One trie-shaped regex for every label word, and word → kind."""
    kinds: dict[str, str] = {}
    for word, kind in words.LABELS:
        kinds[word.rstrip("*").replace("-", " ")] = kind
    rx = re.compile(trie_regex((_atoms(w) for w, _ in words.LABELS), _piece))
    return rx, kinds


@lru_cache(maxsize=4096)
def _kind_of(label: str) -> str | None:
    """The kind of a matched label ("salasanani" → password), from the longest word it starts with."""
    flat = label.replace("-", " ").replace("_", " ")
    _, kinds = _labels()
    best: tuple[int, str] | None = None
    for word, kind in kinds.items():
        same = flat == word or flat.replace(" ", "") == word.replace(" ", "")
        if (same or (flat.startswith(word) and _star(word))) and (best is None or len(word) > best[0]):
            best = (len(word), kind)
    return best[1] if best else None


@cache
def _starred() -> frozenset[str]:
    return frozenset(w.rstrip("*").replace("-", " ") for w, _ in words.LABELS if w.endswith("*"))


def _star(word: str) -> bool:
    return word in _starred()


# -- the scan ---------------------------------------------------------------------------------------------------------


def find_labelled(text: str, low: str, hits: Hits) -> None:
    scan = LabelScan(text, low)
    for m in _labels()[0].finditer(low):
        scan.at(m.start(), m.end(), hits)


class LabelScan:
    """The label rule over one text, one label match at a time."""

    def __init__(self, text: str, low: str) -> None:
        self.text, self.low = text, low
        self.pos = 0  # labels inside an accepted value are not read again
        self.marked = MARK in text
        self.rejected: set[tuple[int, str]] = set()

    def at(self, s: int, e: int, hits: Hits) -> None:
        if s < self.pos or (self.marked and _inside_marker(self.text, s)):
            return
        # The same label in the same surroundings again (a pasted table, a hostile repetition): same answer.
        # the window a decision reads, cut at the line ends (plus the start of the next line: `- name:` / `value:`),
        # so that a repeated line is recognised wherever it stands
        low = self.low
        start = max(0, s - _BEHIND)
        nl = low.rfind("\n", start, s)
        if nl >= 0:
            start = nl + 1
        end = s + _AHEAD
        nl = low.find("\n", s, end)
        if nl >= 0:
            end = min(end, nl + 24)
        around = (s - start, low[start:end])
        if around in self.rejected:
            return
        resume = _label(self.text, self.low, s, e, hits)
        if resume is None:
            if len(self.rejected) < 4096:
                self.rejected.add(around)
        elif resume > s:
            self.pos = resume


def _inside_marker(text: str, i: int) -> bool:
    """Is position i inside a `[REDACTED:kind]` marker (a second run must not read "key]" as a label)?"""
    start = text.rfind(MARK, max(0, i - 40), i + 1)
    return start >= 0 and text.find("]", start, i) < 0


_BEHIND, _AHEAD = 64, 512  # everything a label's decision reads: the key before it, the separator and value after
_IDENT = re.compile(r"[A-Za-z0-9_.\-]{0,64}")
_IDENT_BACK = re.compile(r"[A-Za-z0-9_.\-]{0,64}")
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[_.\-\s]+")
_GLUED_BACK = re.compile(r"[^\W\d_]{1,12}\Z")


def _left_ok(text: str, s: int) -> bool:
    """The label starts a word, a snake/kebab/camelCase part, or follows a glued prefix ("apikey", "dbpassword"),
    or a percent-encoded "?" or "&" (a query inside a URL's parameter: "%3Faccess_token%3D…")."""
    if s == 0:
        return True
    if s >= 3 and text[s - 3 : s].upper() in ("%3F", "%26"):
        return True
    c = text[s - 1]
    if not c.isalnum():
        return True
    if text[s].isupper() and (c.islower() or c.isdigit()):
        return True
    if text[s].isupper() and c.isupper() and text[s + 1 : s + 2].islower():  # "APIKey"? no: only "MYPassword"
        return False
    m = _GLUED_BACK.search(text, max(0, s - 12), s)
    return m is not None and m.group().lower() in words.GLUED_PREFIXES and _left_ok(text, m.start())


def _right_ok(text: str, e: int) -> bool:
    if e >= len(text):
        return True
    c = text[e]
    if not c.isalpha():
        return True
    return c.isupper() and text[e - 1].islower()  # "passwordHash"


def _label(text: str, low: str, s: int, e: int, hits: Hits) -> int | None:
    if not _left_ok(text, s) or not _right_ok(text, e):
        return None
    kind = _kind_of(low[s:e])
    if kind is None:
        return None
    # the whole key around the label
    ke = _IDENT.match(text, e).end()  # type: ignore[union-attr]
    while ke > e and text[ke - 1] in ".-":
        ke -= 1
    possessive = _Possessive(low, s, e)
    k8s = _K8S_VALUE.match(text, _CLOSE.match(text, ke).end()) is not None  # type: ignore[union-attr]
    nothing = _plain_words_follow(text, ke) or _no_value_follows(text, ke)
    if nothing and not k8s and not (kind == "password" and possessive):
        return None  # "password reset mail did not arrive", "Failed password for anna from 198.51.100.7": no value
    ks = s
    back = _IDENT_BACK.match(text[max(0, s - 64) : s][::-1])
    if back:
        ks = s - len(back.group())
    while ks < s and text[ks] in ".-":
        ks += 1
    key = text[ks:ke]
    label_words = low[s:e].replace("-", " ").split()
    after = _after_label(text, s, e, ke)
    before = _before_label(text, ks, s)
    if any(p in words.NOT_SECRET_SUFFIXES for p in after):
        return None
    if kind == "secret" and any(p in words.NOT_SECRET_QUALIFIERS for p in before + label_words[:-1]):
        return None
    if kind == "secret" and ("public" in key.lower() or "pubkey" in key.lower()):
        return None
    if _not_a_secret_compound(low, s, e):
        return None
    option = ks >= 1 and text[ks - 1] == "-" and (ks < 2 or not text[ks - 2].isalnum())
    found = _value_after(text, low, s, ks, ke, kind, possessive, option, key)
    if found is None:
        return None
    vs, ve, confidence, gap, kind = found
    final = _refine(key.lower(), kind)
    if final == "secret" and key.lower() == "sig" and _AZURE_SAS.search(text, max(0, s - 512), s):
        final = "azure-key"  # a shared-access signature: ?sv=…&sig=…
    hits.append((vs, ve, final, confidence))
    return ve if not gap else max(e, vs)


_PLAIN = re.compile(r"[^\W\d_]*(?:[ \t,;]+[^\W\d_]+){0,12}?(?:[.!?](?=\s|\Z)|[ \t]*(?=\n|\Z))")


def _plain_words_follow(text: str, ke: int) -> bool:
    """Only plain words (letters, spaces, commas) from the key to the end of the sentence or line: nothing there
    can be a value (a value has a digit or a symbol, follows a separator, or is quoted) — the common case, decided
    by one regex."""
    return _PLAIN.match(text, ke, ke + 200) is not None


_WORD_THEN = re.compile(
    r"[ \t]+([^\W\d_]+)(?=[ \t]|\Z)((?:[ \t]+[^\s:=：—–\"'`«»“”]{1,40}){0,6})(?P<stop>[ \t]*[:=：—–\"'`«»“”])?"
)


def _no_value_follows(text: str, ke: int) -> bool:
    """A plain word right after the key, and no separator, quote or copula in the next few words: not bare (the
    first word would be the value), not a copula, not a gap form ("Failed password for anna from … port 22")."""
    m = _WORD_THEN.match(text, ke, ke + 300)
    if m is None or m.group("stop") or not _prefix_check_ok(text, ke):
        return False
    first = m.group(1).lower()
    if first in words.COPULAS:
        return False
    return not any(w.lower() in words.COPULAS for w in m.group(2).split())


def _prefix_check_ok(text: str, ke: int) -> bool:
    """Nothing but spaces between the key and the first word (no closing quote or bracket: `"password" …`)."""
    return ke < len(text) and text[ke] in " \t"


def _after_label(text: str, s: int, e: int, ke: int) -> list[str]:
    return [p.lower() for p in _CAMEL_SPLIT.split(text[e:ke]) if p]


def _before_label(text: str, ks: int, s: int) -> list[str]:
    words_before = [p.lower() for p in _CAMEL_SPLIT.split(text[ks:s]) if p]
    # plus up to two plain words before the key ("S3 object key", "next page token")
    head = text[max(0, ks - 40) : ks].split()
    return words_before + [w.lower().strip("\"'(") for w in head[-2:]]


def _not_a_secret_compound(low: str, s: int, e: int) -> bool:
    window = low[max(0, s - 2) : e + 24]
    return any(c in window for c in _compounds())


@cache
def _compounds() -> tuple[str, ...]:
    return tuple(words.NOT_SECRET_COMPOUNDS)


_POSSESSIVE_BACK = re.compile(r"([^\W\d_]+)[ \t]+(?:[^\W\d_]+[ \t]+)?\Z")


class _Possessive:
    """Whether the label is the user's own, worked out only when a rule asks (most labels never need it)."""

    __slots__ = ("e", "low", "s", "value")

    def __init__(self, low: str, s: int, e: int) -> None:
        self.low, self.s, self.e = low, s, e
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = _possessive(self.low, self.s, self.e)
        return self.value


def _possessive(low: str, s: int, e: int) -> bool:
    """ "my password", "мой пароль", "salasanani", "jelszavam", "şifrem", "a PIN kódom"."""
    m = _POSSESSIVE_BACK.search(low, max(0, s - 24), s)
    if m is not None and m.group(1) in words.POSSESSIVE_WORDS:
        return True
    label = low[s:e].replace("-", " ")
    for word in _starred():
        if label.startswith(word) and len(label) > len(word):
            ending = label[len(word) :]
            return ending.endswith(words.POSSESSIVE_ENDINGS) or ending.rstrip("iı").endswith(words.POSSESSIVE_ENDINGS)
    return False


def _refine(key: str, kind: str) -> str:
    """A more specific kind from the key: AWS secret keys, Azure storage/subscription keys."""
    if kind != "secret":
        return kind
    flat = key.replace("_", "").replace("-", "").replace(".", "")
    if "secretaccesskey" in flat or ("aws" in flat and "secret" in flat):
        return "aws-secret"
    if flat.endswith(("accountkey", "sharedaccesskey", "subscriptionkey")):
        return "azure-key"
    return kind


# -- between key and value ---------------------------------------------------------------------------------------------

_AZURE_SAS = re.compile(r"[?&]sv=\d{4}-|\.windows\.net/")
_PAREN = re.compile(r"[ \t]*\([^()\n]{1,24}\)(?=[ \t]*[:=：])")
_CLOSE = re.compile(r"[\"'`»”’\]\)]{0,3}")
_STRONG = re.compile(r"[ \t]*(?::=|\?=|\+=|\.=|=>|->|==|=|:(?!//)|：|%3[Dd])[ \t]*|[ \t]+-[ \t]+")
_XML_VALUE = re.compile(r"[ \t]+value[ \t]*=[ \t]*(?=[\"'])", re.IGNORECASE)
_K8S_VALUE = re.compile(r"[ \t]*\n[ \t]*value:[ \t]*")
_DASH = re.compile(r"[ \t]*[—–][ \t]*")
_COPULA = re.compile(r"[ \t]+([^\W\d_]+|[—–])(?:[ \t]*:)?[ \t]+")
_BARE = re.compile(r"[ \t]+")
_GAP = re.compile(
    r"(?:[ \t]+[^\s:=\"'()<>]{1,40}){1,5}?(?P<sep>[ \t]*(?::(?!//)|=|：)[ \t]*|[ \t]+(?P<cop>"
    + "|".join(sorted((re.escape(c) for c in words.COPULAS), key=len, reverse=True))
    + r")[ \t]+)",
    re.IGNORECASE,
)
_SCHEMES = frozenset(
    ["bearer", "token", "basic", "digest", "bot", "apikey", "api-key", "key", "sso-key", "ssws", "negotiate", "otoken"]
)
_SCHEME = re.compile(r"([A-Za-z\-]{2,10})[ \t]+")


def _value_after(
    text: str, low: str, s: int, ks: int, ke: int, kind: str, possessive: _Possessive, option: bool, key: str
) -> _Judged | None:
    """The value for the label at `s` whose key runs from `ks` to `ke`, or None."""
    n = len(text)
    p = _CLOSE.match(text, ke).end()  # type: ignore[union-attr]
    quoted_key = p > ke
    paren = _PAREN.match(text, p)
    if paren is not None and not quoted_key:  # "Password (new): …", "Salasana (uusi): …"
        p = paren.end()
    if quoted_key and text[ke] in "\"'" and s > 0:
        x = _XML_VALUE.match(text, p)
        if x is not None:
            return _judge(text, x.end(), kind, "strong", possessive, key)
    k = _K8S_VALUE.match(text, p) if text[max(0, ks - 12) : ks].rstrip().endswith("name:") else None
    if k is not None:  # - name: DB_PASSWORD / value: …
        return _judge(text, k.end(), kind, "strong", possessive, key)
    m = _STRONG.match(text, p)
    if m is not None and m.end() > p:
        op = m.group().strip()
        if op == ":" and text.startswith(":", m.end()):
            return None
        if s > 0 and text[s - 1] == "<":  # <password>…</password> is XML, not `<x:` …
            return None
        return _judge(text, m.end(), kind, "strong", possessive, key)
    if p < n and text[p] == ">" and s > 0 and text[s - 1] == "<":  # <password>value</password>
        return _judge(text, p + 1, kind, "xml", possessive, key)
    d = _DASH.match(text, p)
    if d is not None and d.end() > p:
        return _judge(text, d.end(), kind, "cop", possessive, key)
    if option:  # --password value
        b = _BARE.match(text, p)
        if b is not None:
            return _judge(text, b.end(), kind, "strong", possessive, key)
    c = _COPULA.match(text, p)
    if c is not None and c.group(1).lower() in words.COPULAS:
        found = _judge(text, c.end(), kind, "cop", possessive, key)
        if found is not None:
            return found
    b = _BARE.match(text, p)
    if b is not None and b.end() < n and text[b.end()] not in ":=":
        found = _judge(text, b.end(), kind, "bare", possessive, key)
        if found is not None:
            return found
    g = _GAP.match(text, p, min(n, p + 160))
    if g is not None:
        cop = g.group("cop")
        if cop is None or cop.lower() in words.COPULAS:
            found = _judge(text, g.end(), kind, "gap" if cop is None else "cop", possessive, key)
            if found is not None:
                return (found[0], found[1], found[2], True, found[4])
    return None


# -- the value ---------------------------------------------------------------------------------------------------------

QUOTES = {'"': '"', "'": "'", "`": "`", "«": "»", "“": "”", "„": "“", "‘": "’", "”": "”"}
_NEXT_SETTING = re.compile(r"[;&][ \t]?[A-Za-z_][\w.\-]{0,40}=|[;&]?\Z|[;&][ \t]")
_SETTING_SEP = re.compile(r"[;&]")
_DIGIT_OR_SYMBOL = re.compile(r"[^\w\s\-']|\d")
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-+/=.:~]*")
_RUN = re.compile(rf"[^\s\"'<>`]{{1,{PEEK}}}")
_RUN_REST = re.compile(r"[^\s\"'<>`]*")


@cache
def _quoted(open_: str) -> re.Pattern[str]:
    close = re.escape(QUOTES[open_])
    return re.compile(rf"{re.escape(open_)}((?:[^{close}\\\n]|\\.){{0,{MAX_VALUE}}}){close}")


def _read(text: str, p: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the value at `p`; an unquoted value is read PEEK characters far (see `_rest`)."""
    if p >= len(text):
        return None
    opener = text[p]
    if opener in QUOTES:
        q = _quoted(opener).match(text, p)
        if q is not None:
            return (p + 1, q.end() - 1, True)
        p += 1
    if opener == "<" and text.find(">", p, p + 64) > 0:
        return None  # <your password>, <token>: a placeholder
    t = _RUN.match(text, p)
    if t is None:
        return None
    end = _cut(text, p, t.end())
    marker = text.find(MARK, p, end)
    if marker >= 0:  # password=x[REDACTED:pin]: the value ends where an earlier run's marker starts
        end = marker
    end -= strip_trailing(text[p:end]) if end > p else 0
    return (p, end, False) if end > p else None


def _read_xml(text: str, p: int) -> tuple[int, int, bool] | None:
    """<password>hunter 2</password>: the element's text, spaces and all."""
    end = text.find("<", p, p + MAX_VALUE)
    if end <= p or "\n" in text[p:end]:
        return None
    return (p, end, True)


def _cut(text: str, p: int, end: int) -> int:
    """The value's end before the next setting at ; or & (connection strings, query strings, cookies)."""
    cut = _SETTING_SEP.search(text, p, end)
    while cut is not None:
        i = cut.start()
        if _NEXT_SETTING.match(text, i, end + 1 if end < len(text) else end):
            return i
        cut = _SETTING_SEP.search(text, i + 1, end)
    return end


def _rest(text: str, p: int, end: int) -> int:
    """An accepted value read PEEK far: now to its real end."""
    far = _RUN_REST.match(text, end).end()  # type: ignore[union-attr]
    if far == end:
        return end
    far = _cut(text, p, far)
    return far - strip_trailing(text[max(p, far - 8) : far])


def _judge(text: str, p: int, kind: str, mode: str, possessive: _Possessive, key: str) -> _Judged | None:
    # Authorization: Token abc…, Bearer …, Basic …
    if kind == "secret" or key.lower() in ("authorization", "auth"):
        sm = _SCHEME.match(text, p)
        if sm is not None and sm.group(1).lower() in _SCHEMES:
            p = sm.end()
            mode = "strong"
    read = _read_xml(text, p) if mode == "xml" else _read(text, p)
    if read is None:
        return None
    vs, ve, quoted = read
    value = text[vs:ve]
    if not quoted and ve - vs >= PEEK - 8:
        accepted = _judge_value(text, vs, ve, value, kind, mode, possessive, quoted, key)
        if accepted is None:
            return None
        return (vs, _rest(text, vs, ve), *accepted[2:])
    return _judge_value(text, vs, ve, value, kind, mode, possessive, quoted, key)


def _judge_value(
    text: str, vs: int, ve: int, value: str, kind: str, mode: str, possessive: _Possessive, quoted: bool, key: str
) -> _Judged | None:
    rejected = _reject(value, kind, mode, possessive, quoted, key, text[ve : ve + 40])
    if kind == "secret" and 8 <= len(value) <= 200 and _TOKEN_LIKE.fullmatch(value):
        # a provider's key without a prefix, named by its label: ALGOLIA_ADMIN_KEY=…, "Vultr key: …"
        named = labelled_kind(value, text[max(0, vs - 80) : vs])
        if named is not None:
            return (vs, ve, "high", False, named[0])
    if rejected:
        return None
    confidence = "high" if mode in ("strong", "xml") else "medium"
    return (vs, ve, confidence, False, kind)


def _prose(after: str, value: str) -> bool:
    """A value of letters only that another plain word follows: the start of a sentence, not a password."""
    word = value.rstrip(".,;:!?")
    return bool(word) and _LETTERS.fullmatch(word) is not None and _NEXT_WORD.match(after) is not None


_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NEXT_WORD = re.compile(r"[ \t]+[^\W\d_]{1,30}(?:['’][^\W\d_]+)?(?=[\s.,;:!?]|\Z)")


def _reject(
    value: str, kind: str, mode: str, possessive: _Possessive, quoted: bool, key: str, text_after: str = ""
) -> bool:
    if not value or MARK in value or value.lower() in words.PLACEHOLDERS or value[0] == "(":
        return True
    if all(c in "*•●·" for c in value) or (len(value) >= 3 and all(c in "*•●·x#" for c in value.lower())):
        return True
    if is_reference(value) or looks_like_code(value):
        return True
    if value.lower().rstrip(".,;:!?") in words.STOPWORDS:
        return True
    low_key = key.lower()
    if kind == "pin":
        digits = sum(c.isdigit() for c in value)
        return digits < 4 or digits < len(value) - 2 or (is_date_or_number(value) and not value.isdigit())
    if kind == "password":
        if low_key.endswith("pwd") and is_name_or_path(value):  # PWD=/home/anna: the working directory
            return True
        if low_key == "pass" and re.fullmatch(r"\d{1,5}(?:/\d{1,5})?%?", value):  # "pass: 12" in a test summary
            return True
        if mode in ("strong", "xml"):
            # "Password: I don't remember", "Salasana: en muista", "Пароль: см. выше": words, a sentence
            return not quoted and _prose(text_after, value)
        if is_date_or_number(value) or (is_name_or_path(value) and not quoted):
            return True
        if mode == "gap":  # "password for the portal: Sunflower7" — not a plain lower-case word
            return value.isalpha() and value.islower()
        symbol_or_digit = _DIGIT_OR_SYMBOL.search(value) is not None  # "Wi-Fi", "PIN-koodi": a word, not a password
        other = None if quoted else _labels()[0].match(value.lower())
        if other is not None and (other.end() == len(value) or not value[other.end()].isalnum()):
            return True  # another label: "salasana PIN-koodi …"
        if mode == "cop":  # "password is Secret1!", "Kennwort lautet 'sommer'", "my password is kissa"
            return not (symbol_or_digit or possessive or quoted)
        # bare: "jelszavam Kissa2024", "pw hunter22!"
        return not symbol_or_digit or len(value) < 4 or (not possessive and len(value) < 6)
    # a secret: a token, a key, a session id — machine-made, whatever the separator
    if is_date_or_number(value) or is_name_or_path(value):
        return True
    strong = mode in ("strong", "xml")
    min_len = 12 if strong else 16
    if looks_random(value, min_len=min_len) and not looks_like_code(value, dotted=True):
        return False
    # a short key after a clear label: 8+ characters, letters and digits, and not a word
    if strong and len(value) >= 8 and entropy(value) >= 2.8:
        has_digit = any(c.isdigit() for c in value)
        has_alpha = any(c.isalpha() for c in value)
        return not (has_digit and has_alpha)
    return True


# -- Bearer tokens -----------------------------------------------------------------------------------------------------

_BEARER = re.compile(r"bearer[ \t]+")
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{1,8192}=*")
_TOKEN_REST = re.compile(r"[A-Za-z0-9\-._~+/]*=*")


def find_bearer(text: str, low: str, hits: Hits) -> None:
    """`Bearer <token>` wherever it is (headers, logs, curl commands): the scheme word is label enough."""
    for m in _BEARER.finditer(low):
        s = m.start()
        if s and text[s - 1].isalnum():
            continue
        t = _BEARER_TOKEN.match(text, m.end())
        if t is None:
            continue
        token = t.group()
        if len(token) < 8 or (token.isalpha() and token.islower()) or token.startswith(MARK):
            continue  # "bearer authentication"
        end = t.end()
        if len(token) >= 8192:
            end = _TOKEN_REST.match(text, end).end()  # type: ignore[union-attr]
        end -= strip_trailing(text[t.start() : end])
        hits.append((t.start(), end, "bearer-token", "high"))


# -- dict keys ---------------------------------------------------------------------------------------------------------

_BARE_NOT_A_LABEL = frozenset({"key", "keys", "pass", "sig", "sid", "sess"})  # {"pass": 12}, {"key": "F5"}


def key_kind(key: str) -> str | None:
    """The kind of secret a dict key announces ("DB_PASSWORD" → password, "apiKey" → secret, "AWS_SECRET_ACCESS_KEY"
    → aws-secret), by the same label words and rules as in text; None for "token_type", "public_key", "passed"."""
    low = key.lower() if len(key.lower()) == len(key) else key.replace("\u0130", "i").lower()
    for m in _labels()[0].finditer(low):
        s, e = m.span()
        if not _left_ok(key, s) or not _right_ok(key, e):
            continue
        kind = _kind_of(low[s:e])
        if kind is None:
            continue
        after = _after_label(key, s, e, len(key))
        if any(p not in words.SECRET_SUFFIXES for p in after):
            continue  # the label does not end the key: "password_set", "token_type", "key_id"
        before = [p.lower() for p in _CAMEL_SPLIT.split(key[:s]) if p]
        if not before and not after and low[s:e] in _BARE_NOT_A_LABEL:
            return None
        if kind == "secret" and (any(p in words.NOT_SECRET_QUALIFIERS for p in before) or "public" in low):
            return None
        return _refine(low, kind)
    return None
