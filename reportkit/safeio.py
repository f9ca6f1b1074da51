"""Bounded reads of files a user names: regular files only (or `-` for standard input), a size cap per kind,
JSON with a nesting limit. Nothing here can hang on a FIFO or a device, or read until memory runs out."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from reportkit.errors import InputError

MiB = 1024 * 1024
# kind -> (default cap in bytes, what it is called in messages)
CAPS: dict[str, tuple[int, str]] = {
    "error": (1 * MiB, "error file"),  # kept up to the cap, the rest is cut with a note (see collectors/evidence)
    "config": (1 * MiB, "config file"),
    "report": (256 * MiB, "report"),
    "draft": (16 * MiB, "draft"),
    "map": (64 * MiB, "anonymisation map"),
}
MAX_JSON_DEPTH = 64


def cap_for(kind: str) -> int:
    """The cap for `kind`; `REPORTKIT_MAX_<KIND>_MB` raises it (the way round a cap, named in its message)."""
    default, _ = CAPS[kind]
    raw = os.environ.get(f"REPORTKIT_MAX_{kind.upper()}_MB", "")
    try:
        value = float(raw)
    except ValueError:
        return default
    return int(value * MiB) if math.isfinite(value) and value > 0 else default  # "inf" or "nan": the default


def _describe(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def _kind_of(name: str) -> str | None:
    """What a path that could not be opened is, when it exists and is not a regular file."""
    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else _describe(mode)


# standard input that was closed when reportkit started (fd 0 not open): a stand-in reading as end of file
_ABSENT: list[object] = []


def absent_stdin() -> TextIO:
    """A stand-in for a closed standard input: reads as end of file, and `is_absent` knows it for what it is."""
    stream = open(os.devnull, encoding="utf-8", errors="replace")  # noqa: SIM115 (lives as long as the process)
    _ABSENT.extend((stream, stream.buffer))
    return stream


def is_absent(stream: object) -> bool:
    return stream is None or bool(getattr(stream, "closed", False)) or any(stream is s for s in _ABSENT)


NOT_REGULAR_FIX = "save the content to a file first (or pipe it to `-`, standard input, where that is accepted)"


def open_regular(path: str | Path, what: str, fix: str = NOT_REGULAR_FIX) -> tuple[BinaryIO, int]:
    """Open `path` for reading only if it is a regular file; return the handle and its size.
    `fix` is the advice given when it is something else (a FIFO, a device, a socket).

    The file is opened non-blocking and checked with fstat, so a FIFO swapped in after a check cannot hang us."""
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(f"{what} {name!r} does not exist; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{what} {name!r} is a directory; give the file itself") from None
    except PermissionError:
        raise InputError(f"{what} {name!r} cannot be read (permission denied); check its permissions") from None
    except OSError as exc:
        kind = _kind_of(name)  # e.g. a socket (ENXIO): say what it is, not "no such device or address"
        if kind is not None:
            raise InputError(f"{what} {name!r} is {kind}, not a regular file; {fix}") from None
        raise InputError(f"{what} {name!r} cannot be opened ({exc.strerror or exc}); check the path") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{what} {name!r} is {_describe(info.st_mode)}, not a regular file; {fix}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_capped(handle: BinaryIO, cap: int) -> bytes:
    """At most `cap + 1` bytes, so the caller can tell "exactly the cap" from "over it"."""
    chunks: list[bytes] = []
    left = cap + 1
    while left > 0:
        chunk = handle.read(min(left, MiB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def too_big(what: str, name: str, kind: str, size: int | None = None) -> InputError:
    cap = cap_for(kind)
    seen = f" ({size / MiB:.1f} MiB)" if size is not None else ""
    return InputError(
        f"{what} {name!r} is larger than the {cap / MiB:g} MiB limit{seen}; "
        f"if it really is that big, raise the limit with REPORTKIT_MAX_{kind.upper()}_MB"
    )


def read_bytes(path: str | Path, kind: str, what: str | None = None, fix: str = NOT_REGULAR_FIX) -> bytes:
    """The whole content of a regular file, refusing files over the kind's cap (InputError naming the cap)."""
    what = what or CAPS[kind][1]
    handle, size = open_regular(path, what, fix)
    with handle:
        if size > cap_for(kind):
            raise too_big(what, str(path), kind, size)
        try:
            data = read_capped(handle, cap_for(kind))
        except OSError as exc:
            raise InputError(
                f"{what} {str(path)!r} cannot be read ({exc.strerror or exc}); give a regular file you can read"
            ) from None
    if len(data) > cap_for(kind):  # it grew while we read
        raise too_big(what, str(path), kind)
    return data


def json_loads(data: bytes, what: str, expected: str = "the right file", fix: str = "") -> Any:
    """Parse UTF-8 JSON (a byte-order mark is fine) with one-line errors and a nesting limit (no RecursionError, no
    deep structures later). `expected` names the file in the not-UTF-8 question; `fix` follows a JSON error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{what} is not UTF-8 text; is it really {expected}?") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise InputError(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels; it is not a reportkit file") from None
    except json.JSONDecodeError as exc:
        then = f"; {fix}" if fix else ""
        raise InputError(f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}){then}") from None
    check_depth(value, what)
    return value


def check_depth(value: Any, what: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Iterative (never recursive) walk: refuse JSON nested deeper than `limit`."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise InputError(f"{what} is nested deeper than {limit} levels; it is not a reportkit file")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
