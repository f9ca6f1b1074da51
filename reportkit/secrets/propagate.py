"""Every occurrence of a value found once: a secret pasted twice is a secret twice, whatever the second copy's
context ("Same as above: …", a file name, an OCR line).

Values of six or more characters are found anywhere; shorter ones (PINs) only as a whole token (not glued to more
letters or digits), so a PIN "2024" does not take every year with it — but it does take a bare "2024" elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportkit.secrets.trie import trie_regex

Hit = tuple[int, int, str, str]

MIN_ANYWHERE = 6
MIN_TOKEN = 4
MANY = 32  # more known values than this: looked up by index rather than searched one by one
GRAM = 20  # a run that starts with this many characters of a longer secret is a piece of it
_RUN = re.compile(rf"[A-Za-z0-9+/_\-]{{{GRAM},}}")
MIN_PIECE = 16  # a line of a multi-line secret (a PEM body) propagates on its own when this long
_PIECES = re.compile(r"\\n|\s+")


def values(texts: Sequence[str], found: Sequence[Sequence[Hit]]) -> dict[str, str]:
    """value → kind of every distinct finding worth propagating (longest first)."""
    out: dict[str, str] = {}
    for text, hits in zip(texts, found, strict=True):
        for s, e, kind, _ in hits:
            value = text[s:e]
            if len(value) >= MIN_TOKEN and value not in out:
                out[value] = kind
            if len(value) > 2 * MIN_PIECE and ("\n" in value or "\\n" in value):
                for piece in _PIECES.split(value):  # a key pasted again line by line, or JSON-escaped
                    if len(piece) >= MIN_PIECE and not piece.startswith("-----"):
                        out.setdefault(piece, kind)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


class Known:
    """The values to find again, indexed once for every text they are searched in."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.many = len(known) > MANY
        self.index: dict[str, list[tuple[str, str]]] = {}
        self.grams: dict[str, tuple[str, int, str]] = {}
        for value, kind in known.items():
            if self.many:
                self.index.setdefault(value[:MIN_TOKEN], []).append((value, kind))
            if len(value) >= GRAM + 4:
                for o in range(len(value) - GRAM + 1):
                    self.grams.setdefault(value[o : o + GRAM], (value, o, kind))
        # where a value can start: its first four characters, found at C speed (overlapping, so every position)
        self.heads = re.compile("(?=(" + trie_regex(sorted(self.index)) + "))") if self.many else None


def occurrences(text: str, known: dict[str, str] | Known) -> list[Hit]:
    """Every place in `text` where a known value stands, or a long piece of one (pasted again cut short)."""
    k = known if isinstance(known, Known) else Known(known)
    hits: list[Hit] = []
    if k.heads is not None:
        hits.extend(_indexed(text, k.index, k.heads))
    else:
        for value, kind in k.known.items():
            if len(value) >= MIN_ANYWHERE:
                i = text.find(value)
                while i >= 0:
                    hits.append((i, i + len(value), kind, "high"))
                    i = text.find(value, i + len(value))
            elif value in text:
                rx = _token(value)
                hits.extend((m.start(), m.end(), kind, "high") for m in rx.finditer(text))
    if k.grams:
        hits.extend(_pieces(text, k.grams))
    return hits


def _indexed(text: str, index: dict[str, list[tuple[str, str]]], heads: re.Pattern[str]) -> list[Hit]:
    """Many values (a log full of different tokens): each place where one of their first four characters stand,
    looked up, instead of one search of the whole text per value. A copy may be glued to what is before it."""
    out: list[Hit] = []
    n = len(text)
    for m in heads.finditer(text):
        p = m.start()
        for value, kind in index[m.group(1)]:
            if text.startswith(value, p):
                e = p + len(value)
                if len(value) >= MIN_ANYWHERE or (
                    (p == 0 or not text[p - 1].isalnum()) and (e == n or not text[e].isalnum())
                ):
                    out.append((p, e, kind, "high"))
                break  # longest first
    return out


def _pieces(text: str, grams: dict[str, tuple[str, int, str]]) -> list[Hit]:
    """Runs of token characters that start with GRAM characters of a long secret: as far as they agree with it.
    The search goes on after each piece (so a long value is walked once, not once per run inside it)."""
    out: list[Hit] = []
    n = len(text)
    pos = 0
    while True:
        m = _RUN.search(text, pos)
        if m is None:
            return out
        p = m.start()
        found = grams.get(text[p : p + GRAM])
        if found is None:
            pos = m.end()
            continue
        value, o, kind = found
        j = GRAM
        while o + j < len(value) and p + j < n and text[p + j] == value[o + j]:
            j += 1
        out.append((p, p + j, kind, "high"))
        pos = p + j


def _token(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_]){re.escape(value)}(?![^\W_])")
