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
from reportkit.i18n import N_, _

MiB = 1024 * 1024
# kind -> (default cap in bytes, what it is called in messages: translated where it is shown)
CAPS: dict[str, tuple[int, str]] = {
    "error": (1 * MiB, N_("error file")),  # kept up to the cap, the rest is cut with a note (see collectors/evidence)
    "config": (1 * MiB, N_("config file")),
    "report": (256 * MiB, N_("report")),
    "draft": (16 * MiB, N_("draft")),
    "map": (64 * MiB, N_("anonymisation map")),
}


class PermissionDenied(InputError):
    """The file exists but this user may not read it (callers that word it their own way catch this)."""


MAX_JSON_DEPTH = 64


def cap_for(kind: str) -> int:
    """The cap for `kind`; `REPORTKIT_MAX_<KIND>_MB` raises it (the way round a cap, named in its message)."""
    default, _name = CAPS[kind]
    raw = os.environ.get(f"REPORTKIT_MAX_{kind.upper()}_MB", "")
    try:
        value = float(raw)
    except ValueError:
        return default
    return int(value * MiB) if math.isfinite(value) and value > 0 else default  # "inf" or "nan": the default


def _describe(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISDIR(mode):
        return _("a directory")
    return _("not a regular file")


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


NOT_REGULAR_FIX = N_("save the content to a file first (or pipe it to `-`, standard input, where that is accepted)")


def open_regular(path: str | Path, what: str, fix: str = NOT_REGULAR_FIX) -> tuple[BinaryIO, int]:
    """Open `path` for reading only if it is a regular file; return the handle and its size.
    `what` names the file in messages (an option such as `--error-file`, or a translated noun); `fix` is the advice
    given when it is something else (a FIFO, a device, a socket), translated by the caller (the default here).

    The file is opened non-blocking and checked with fstat, so a FIFO swapped in after a check cannot hang us."""
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(_("{what} {path} does not exist; check the path").format(what=what, path=repr(name))) from None
    except IsADirectoryError:
        raise InputError(
            _("{what} {path} is a directory; give the file itself").format(what=what, path=repr(name))
        ) from None
    except PermissionError:
        raise PermissionDenied(
            _("{what} {path} cannot be read (permission denied); check its permissions").format(
                what=what, path=repr(name)
            )
        ) from None
    except OSError as exc:
        kind = _kind_of(name)  # e.g. a socket (ENXIO): say what it is, not "no such device or address"
        if kind is not None:
            raise InputError(_not_regular(what, name, kind, fix)) from None
        raise InputError(
            _("{what} {path} cannot be opened ({reason}); check the path").format(
                what=what, path=repr(name), reason=exc.strerror or exc
            )
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(_not_regular(what, name, _describe(info.st_mode), fix))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def _not_regular(what: str, name: str, kind: str, fix: str) -> str:
    return _("{what} {path} is {kind}, not a regular file; {fix}").format(
        what=what, path=repr(name), kind=kind, fix=_(fix)
    )


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
    fields = {
        "what": what,
        "path": repr(name),
        "limit": f"{cap / MiB:g}",
        "variable": f"REPORTKIT_MAX_{kind.upper()}_MB",
    }
    if size is None:
        return InputError(
            _(
                "{what} {path} is larger than the {limit} MiB limit; if it really is that big, raise the limit with "
                "{variable}"
            ).format(**fields)
        )
    return InputError(
        _(
            "{what} {path} is larger than the {limit} MiB limit ({size} MiB); if it really is that big, raise the "
            "limit with {variable}"
        ).format(**fields, size=f"{size / MiB:.1f}")
    )


def read_bytes(path: str | Path, kind: str, what: str | None = None, fix: str = NOT_REGULAR_FIX) -> bytes:
    """The whole content of a regular file, refusing files over the kind's cap (InputError naming the cap).
    `what` names the file in messages (default: the kind's name, translated); `fix` is an English msgid."""
    what = what or _(CAPS[kind][1])
    handle, size = open_regular(path, what, fix)
    with handle:
        if size > cap_for(kind):
            raise too_big(what, str(path), kind, size)
        try:
            data = read_capped(handle, cap_for(kind))
        except OSError as exc:
            raise InputError(
                _("{what} {path} cannot be read ({reason}); give a regular file you can read").format(
                    what=what, path=repr(str(path)), reason=exc.strerror or exc
                )
            ) from None
    if len(data) > cap_for(kind):  # it grew while we read
        raise too_big(what, str(path), kind)
    return data


def json_loads(data: bytes, what: str, expected: str | None = None, fix: str = "") -> Any:
    """Parse UTF-8 JSON (a byte-order mark is fine) with one-line errors and a nesting limit (no RecursionError, no
    deep structures later). `expected` names the file in the not-UTF-8 question; `fix` follows a JSON error (both
    already in the interface language: the caller's `_()`)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            _("{what} is not UTF-8 text; is it really {expected}?").format(
                what=what, expected=expected or _("the right file")
            )
        ) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise InputError(_nested(what, MAX_JSON_DEPTH)) from None
    except json.JSONDecodeError as exc:
        fields = {"what": what, "line": exc.lineno, "column": exc.colno, "problem": exc.msg}
        if fix:
            raise InputError(
                _("{what} is not valid JSON (line {line}, column {column}: {problem}); {fix}").format(**fields, fix=fix)
            ) from None
        raise InputError(
            _("{what} is not valid JSON (line {line}, column {column}: {problem})").format(**fields)
        ) from None
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
            raise InputError(_nested(what, limit))
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _nested(what: str, limit: int) -> str:
    return _("{what} is nested deeper than {limit} levels; it is not a reportkit file").format(what=what, limit=limit)
