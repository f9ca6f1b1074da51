"""Every occurrence of a value found once: a secret pasted twice is a secret twice, whatever the second copy's
context ("Same as above: …", a file name, an OCR line).

Values of six or more characters are found anywhere; shorter ones (PINs) only as a whole token (not glued to more
letters or digits), so a PIN "2024" does not take every year with it — but it does take a bare "2024" elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Hit = tuple[int, int, str, str]

MIN_ANYWHERE = 6
MIN_TOKEN = 4
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


def occurrences(text: str, known: dict[str, str]) -> list[Hit]:
    """Every place in `text` where a known value stands, or a long piece of one (pasted again cut short)."""
    hits: list[Hit] = []
    grams: dict[str, tuple[str, int, str]] = {}
    for value, kind in known.items():
        if len(value) >= MIN_ANYWHERE:
            i = text.find(value)
            while i >= 0:
                hits.append((i, i + len(value), kind, "high"))
                i = text.find(value, i + len(value))
            if len(value) >= 2 * GRAM:
                for o in range(len(value) - GRAM + 1):
                    grams.setdefault(value[o : o + GRAM], (value, o, kind))
        elif value in text:
            rx = _token(value)
            hits.extend((m.start(), m.end(), kind, "high") for m in rx.finditer(text))
    if grams:
        hits.extend(_pieces(text, grams))
    return hits


def _pieces(text: str, grams: dict[str, tuple[str, int, str]]) -> list[Hit]:
    """Runs of token characters that start with GRAM characters of a long secret: as far as they agree with it."""
    out: list[Hit] = []
    n = len(text)
    for m in _RUN.finditer(text):
        p = m.start()
        found = grams.get(text[p : p + GRAM])
        if found is None:
            continue
        value, o, kind = found
        j = GRAM
        while o + j < len(value) and p + j < n and text[p + j] == value[o + j]:
            j += 1
        out.append((p, p + j, kind, "high"))
    return out


def _token(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_]){re.escape(value)}(?![^\W_])")
