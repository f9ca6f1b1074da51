"""Provider tokens with a published prefix (`ghp_`, `glpat-`, `xoxb-`, `AKIA`, `SG.`, `doo_v1_` …), from the table
`providers.tsv` (one row per token format: prefix, body, checksum, source).

Linear by construction: candidate positions come from one C-speed pass (runs of 12+ token characters in a byte
image of the text, and each place inside such a run where a new token could start), a two-character set rejects
almost all of them, and only then are the rows of that prefix tried, each a bounded regex anchored at the position.
The match is then taken to the token's real end (padding, inner `=`/`/`), and a token glued to more letters or
digits is not one ("…-xoxo-indieweb-1.jpg").
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    lengths: tuple[int, ...]  # prefix lengths, longest first
    heads: frozenset[str]  # the first two characters of every prefix
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
        lengths=tuple(sorted({len(p) for p in by_prefix}, reverse=True)),
        heads=frozenset(p[:2] for p in by_prefix),
        labelled=tuple(r for r in rows if not r.prefix),
    )


def kinds() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.kind for r in table().rows))


def service_of(kind: str) -> str | None:
    for row in table().rows:
        if row.kind == kind:
            return row.service
    return None


# -- candidates --------------------------------------------------------------------------------------------------------

_TOKEN_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.~:"
_SHAPE = bytes.maketrans(bytes(range(256)), bytes(97 if b in _TOKEN_CHARS else 32 for b in range(256)))
_RUN_MIN = 12
_NEEDLE = b"a" * _RUN_MIN
_INNER = re.compile(rb"[^A-Za-z0-9]+")  # where a new token may start inside a run
_TAIL = re.compile(r"[A-Za-z0-9_\-=+/]{0,4096}")


def find_prefixed(text: str, raw: bytes, hits: Hits) -> None:
    t = table()
    if not t.by_prefix:
        return
    shape = raw.translate(_SHAPE)
    n = len(shape)
    pos = shape.find(_NEEDLE)
    while pos >= 0:
        end = shape.find(b" ", pos + _RUN_MIN)
        if end < 0:
            end = n
        resume = _run(text, raw, pos, end, t, hits)
        pos = shape.find(_NEEDLE, max(end, resume))


def _run(text: str, raw: bytes, rs: int, re_: int, t: Table, hits: Hits) -> int:
    """Try the run's start and each place after a separator inside it; return where the next run may start."""
    furthest = re_
    candidates = [rs]
    candidates.extend(m.end() for m in _INNER.finditer(raw, rs, re_) if m.end() < re_)
    skip_to = -1
    for p in candidates:
        if p < skip_to or text[p : p + 2] not in t.heads:
            continue
        found = _at(text, p, t)
        if found is not None:
            e = found[1]
            hits.append(found)
            skip_to = e
            furthest = max(furthest, e)
    return furthest


def _at(text: str, p: int, t: Table) -> tuple[int, int, str, str] | None:
    if p and text[p - 1].isalnum():
        return None
    best: tuple[int, int, str, str] | None = None
    for length in t.lengths:
        rows = t.by_prefix.get(text[p : p + length])
        if not rows:
            continue
        for row in rows:
            m = row.body.match(text, p + length)
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
        if best is not None:
            break  # the longest prefix that matched decides
    if best is None:
        return None
    s, e, kind, conf = best
    tail = _TAIL.match(text, e)
    if tail is not None and tail.end() > e:
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
    return True  # a checksum this version does not know: the shape decides
