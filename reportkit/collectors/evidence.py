"""Error text evidence: typed, from a file, or from stdin — kept verbatim, capped, never crashing on bytes."""

from __future__ import annotations

import re
from typing import BinaryIO

from reportkit.errors import InputError
from reportkit.model import ErrorText

MAX_ERROR_BYTES = 1024 * 1024  # 1 MiB per error block
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def from_bytes(data: bytes, source: str, total: int | None = None) -> tuple[ErrorText, list[str]]:
    """Decode an error text; binary or non-UTF-8 input is decoded with replacement, and said so.

    `total` is the size of the whole input when `data` is only its head.
    """
    warnings: list[str] = []
    note: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        text = _CONTROL.sub("\ufffd", data.decode("utf-8", errors="replace"))
        note = "binary data: decoded as UTF-8 with replacement characters (\ufffd)"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if total and total > len(data) and exc.start >= len(data) - 3:  # a character cut by the cap
                return from_bytes(data[: exc.start], source, total)
            text = data.decode("utf-8", errors="replace")
            note = "not valid UTF-8: undecodable bytes shown as \ufffd"
    if note:
        warnings.append(f"{source}: {note}")
    error = from_text(text, source, total)
    if note:
        error = ErrorText(
            error.text,
            error.source,
            error.truncated,
            error.original_bytes,
            "; ".join(n for n in (note, error.note) if n),
        )
    return error, warnings


def from_text(text: str, source: str = "typed", total: int | None = None) -> ErrorText:
    """Normalise line endings and cap the size with a visible note."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    encoded = text.encode("utf-8")
    size = max(total or 0, len(encoded))
    if size <= MAX_ERROR_BYTES:
        return ErrorText(text=text, source=source)
    kept = encoded[:MAX_ERROR_BYTES].decode("utf-8", errors="ignore")
    note = f"truncated: kept the first {_size(MAX_ERROR_BYTES)} of {_size(size)}"
    marker = f"\n[… {note} by reportkit]"
    return ErrorText(text=kept + marker, source=source, truncated=True, original_bytes=size, note=note)


def read_error_file(path: str, stdin: BinaryIO | None = None) -> tuple[ErrorText, list[str]]:
    """Read --error-file PATH ('-' = stdin). Unreadable files are an InputError naming the file."""
    if path == "-":
        if stdin is None:
            raise InputError("--error-file -: no standard input to read from")
        head, total = _read_capped(stdin)
        return from_bytes(head, "stdin", total)
    try:
        with open(path, "rb") as handle:
            head, total = _read_capped(handle)
    except IsADirectoryError:
        raise InputError(f"--error-file {path!r} is a directory; give the file that holds the error text") from None
    except FileNotFoundError:
        raise InputError(f"--error-file {path!r} does not exist; check the path") from None
    except OSError as exc:
        raise InputError(f"--error-file {path!r} cannot be read ({exc.strerror}); check its permissions") from None
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return from_bytes(head, f"file:{name}", total)


def _read_capped(handle: BinaryIO) -> tuple[bytes, int]:
    """Keep at most the cap (plus a few bytes to finish a character); count the rest without storing it."""
    head = handle.read(MAX_ERROR_BYTES + 4)
    total = len(head)
    while chunk := handle.read(1 << 20):
        total += len(chunk)
    return head, total
