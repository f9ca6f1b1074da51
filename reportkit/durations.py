"""Durations as people type them on a command line: "30s", "10m", "1h30m", "1.5h", "90" (seconds)."""

from __future__ import annotations

import math
import re

from reportkit.errors import InputError
from reportkit.i18n import _

_UNITS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ms|sec|min|s|m|h|d)?", re.IGNORECASE)


def parse(text: str, option: str) -> float:
    """Seconds, or InputError naming the option and showing what is accepted."""
    cleaned = (text or "").strip().lower().replace(" ", "")
    position, total, parts = 0, 0.0, 0
    while position < len(cleaned):
        found = _PART.match(cleaned, position)
        if found is None or found.end() == position:
            break
        unit = found.group(2) or ("s" if found.end() == len(cleaned) and parts == 0 else None)
        if unit is None:
            break
        total += float(found.group(1).replace(",", ".")) * _UNITS[unit]
        parts += 1
        position = found.end()
    if not cleaned or position != len(cleaned) or not math.isfinite(total) or len(cleaned) > 40:
        raise InputError(
            _("{option} {value} is not a duration; write it like 30s, 10m, 1h30m or 2h").format(
                option=option, value=repr(text[:40])
            )
        )
    return total


def spoken(seconds: float) -> str:
    """A duration back in the same short form ("1h30m", "45s")."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    out = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{secs}s" if secs else "")
    return out or f"{seconds:g}s"
