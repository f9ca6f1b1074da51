"""Provider tokens with a published prefix (`ghp_`, `glpat-`, `xoxb-`, `AKIA`, `SG.`, `doo_v1_` …), from the table
`providers.tsv` (one row per token format: prefix, body, checksum, source).

Linear by construction: one trie-shaped regex of every prefix finds the candidates (not glued to a letter or digit
before them); only then are the rows of that prefix tried, each a bounded regex anchored after the prefix, and the
scan resumes after the token.
The match is then taken to the token's real end (padding, inner `=`/`/`), and a token glued to more letters or
digits is not one ("…-xoxo-indieweb-1.jpg").
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportkit.secrets.trie import trie_regex

Hits = list[tuple[int, int, str, str]]

TABLE = Path(__file__).with_name("providers.tsv")
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Row:
    service: str
    kind: str
    prefix: str  # "" when the format has no literal prefix (then `labels` say where it is)
    body: re.Pattern[str]
    labels: tuple[str, ...]
    checksum: str | None


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    by_prefix: dict[str, tuple[Row, ...]]
    labelled: tuple[Row, ...]  # rows without a prefix


@cache
def table() -> Table:
    rows: list[Row] = []
    header: list[str] | None = None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rec = dict(zip(header, cells, strict=False))
        prefix = "" if rec["prefix"] == "-" else rec["prefix"]
        labels = () if rec.get("label", "-") in ("-", "") else tuple(rec["label"].lower().split("|"))
        checksum = None if rec.get("checksum", "-") in ("-", "") else rec["checksum"]
        rows.append(Row(rec["service"], rec["kind"], prefix, re.compile(rec["body"]), labels, checksum))
    by_prefix: dict[str, list[Row]] = {}
    for row in rows:
        if row.prefix:
            by_prefix.setdefault(row.prefix, []).append(row)
    return Table(
        rows=tuple(rows),
        by_prefix={k: tuple(v) for k, v in by_prefix.items()},
        labelled=tuple(r for r in rows if not r.prefix),
    )


def kinds() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.kind for r in table().rows))


def service_of(kind: str) -> str | None:
    for row in table().rows:
        if row.kind == kind:
            return row.service
    return None


# -- the scan ----------------------------------------------------------------------------------------------------------

_TAIL = re.compile(r"[A-Za-z0-9_\-=+/]{0,4096}")


@cache
def _prefix_regex() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """Every prefix in one trie-shaped regex (not glued to a letter or digit before it), and for each prefix the
    shorter table prefixes it starts with (tried when the longest one's rows do not match)."""
    t = table()
    prefixes = sorted(t.by_prefix, key=len, reverse=True)
    shorter = {p: tuple(q for q in prefixes if len(q) < len(p) and p.startswith(q)) for p in prefixes}
    rx = (  # not glued to a letter or digit before it, unless that is a percent-encoded "=" (…%3Dghp_…)
        re.compile("(?:(?<![A-Za-z0-9])|(?<=%3D)|(?<=%3d))(?:" + trie_regex(prefixes) + ")")
        if prefixes
        else re.compile(r"(?!)")
    )
    return rx, shorter


def find_prefixed(text: str, raw: bytes, hits: Hits) -> None:
    """Only where a token can be: inside runs of RUN token characters (found at C speed in a byte image), plus
    around the few prefixes whose tokens can be shorter than that."""
    t = table()
    rx, shorter = _prefix_regex()
    shape = raw.translate(_SHAPE)
    needle = b"a" * RUN
    n = len(text)
    pos = shape.find(needle)
    while pos >= 0:
        end = shape.find(b" ", pos + RUN)
        end = n if end < 0 else end
        _scan(text, pos, end, rx, shorter, t, hits)
        pos = shape.find(needle, end)
    for literal in _short_literals():
        i = raw.find(literal)
        while i >= 0:
            s = i
            while s > 0 and shape[s - 1] == 97 and i - s < 64:  # the run it starts, to where a token could begin
                s -= 1
            e = shape.find(b" ", i)
            _scan(text, s, n if e < 0 else e, rx, shorter, t, hits)
            i = raw.find(literal, i + len(literal))


def _scan(
    text: str, start: int, end: int, rx: re.Pattern[str], shorter: dict[str, tuple[str, ...]], t: Table, hits: Hits
) -> None:
    pos = start
    while pos < end:
        m = rx.search(text, pos, end)
        if m is None:
            return
        prefix = m.group()
        found = _at(text, m.start(), prefix, t) or next(
            (f for q in shorter[prefix] if (f := _at(text, m.start(), q, t)) is not None), None
        )
        if found is not None:
            hits.append(found)
            pos = found[1]
        else:
            pos = m.end()


RUN = 16  # most tokens are at least this long; the rows whose tokens can be shorter are found by their prefix
_TOKEN_CHARS = bytes(range(33, 127)).translate(None, b"\"'`<>()[]{},;|\\")
_SHAPE = bytes.maketrans(bytes(range(256)), bytes(97 if b in _TOKEN_CHARS else 32 for b in range(256)))


@cache
def _short_literals() -> tuple[bytes, ...]:
    """The prefixes (latin-1) of rows whose shortest token is shorter than RUN characters."""
    import re._parser as sre_parse  # only to read the regex's width, once

    out = set()
    for row in table().rows:
        if row.prefix and len(row.prefix) + sre_parse.parse(row.body.pattern).getwidth()[0] < RUN:
            out.add(row.prefix.encode("latin-1", "replace"))
    return tuple(sorted(out))


def _at(text: str, p: int, prefix: str, t: Table) -> tuple[int, int, str, str] | None:
    best: tuple[int, int, str, str] | None = None
    for row in t.by_prefix[prefix]:
        m = row.body.match(text, p + len(prefix))
        if m is None:
            continue
        e = m.end()
        if e < len(text) and text[e].isalnum():
            continue  # glued to more letters or digits: a word that merely contains the prefix
        conf = "high"
        if row.checksum and not checksum_ok(row.checksum, text[p:e], len(row.prefix)):
            conf = "medium"
        if best is None or e > best[1]:
            best = (p, e, row.kind, conf)
    if best is None:
        return None
    s, e, kind, conf = best
    tail = _TAIL.match(text, e)
    if tail is not None and tail.end() > e:  # the whole token, up to its real end (padding, inner = or /)
        e = tail.end()
        while e > s and text[e - 1] in "-_/+":
            e -= 1
    return (s, e, kind, conf)


def labelled_kind(value: str, context: str) -> tuple[str, str] | None:
    """(kind, service) of a prefix-less format this value has, when one of its label words is in `context`."""
    rx, rows = _label_index()
    for word in {m.group() for m in rx.finditer(context.lower())}:
        for row in rows[word]:
            if row.body.fullmatch(value):
                return row.kind, row.service
    return None


@cache
def _label_index() -> tuple[re.Pattern[str], dict[str, tuple[Row, ...]]]:
    rows: dict[str, list[Row]] = {}
    for row in table().labelled:
        for word in row.labels:
            rows.setdefault(word, []).append(row)
    words = sorted(rows, key=len, reverse=True)
    rx = re.compile("|".join(re.escape(w) for w in words) if words else r"(?!)")
    return rx, {w: tuple(r) for w, r in rows.items()}


# -- checksums ---------------------------------------------------------------------------------------------------------


def _base62(n: int, width: int) -> str:
    out = []
    while n:
        n, r = divmod(n, 62)
        out.append(BASE62[r])
    return "".join(reversed(out)).rjust(width, "0")


def checksum_ok(name: str, token: str, prefix_len: int) -> bool:
    if name == "github-crc32":
        body = token[prefix_len:]
        if len(body) != 36:
            return False
        return _base62(zlib.crc32(body[:30].encode()), 6) == body[30:]
    if name == "atlassian-crc32":  # the last 8 characters: the CRC-32 of everything before them, in hex
        tail = token[-8:]
        return (
            len(token) > 8
            and all(c in "0123456789ABCDEFabcdef" for c in tail)
            and (int(tail, 16) == zlib.crc32(token[:-8].encode()))
        )
    if name == "grafana-crc32":  # glsa_ + 32 + "_" + the little-endian CRC-32 of the first 37 characters, in hex
        return len(token) == 46 and zlib.crc32(token[:37].encode()).to_bytes(4, "little").hex() == token[38:].lower()
    return True  # a checksum this version does not know: the shape decides
