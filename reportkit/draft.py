"""Drafts: what the user typed, kept whenever a collect session ends before the request is written.

`keep` never fails: the user data dir, else the system temp dir (mode 0600), else None (the caller then prints the
answers as JSON to stderr). `load` moves a draft of another version or shape aside instead of failing on it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from reportkit.errors import InputError, ReportFileError
from reportkit.model import ErrorText

DRAFT_SCHEMA = "reportkit-draft/1"
Answers = dict[str, str | tuple[str, ...]]
_ERROR_KEYS = ("text", "source", "truncated", "original_bytes", "note")


def draft_path(data_dir: Path) -> Path:
    return data_dir / "draft.json"


def fallback_path() -> Path:
    return Path(tempfile.gettempdir()) / f"reportkit-draft-{os.getuid() if hasattr(os, 'getuid') else 'user'}.json"


def body(answers: Mapping[str, Any], errors: tuple[ErrorText, ...]) -> dict[str, Any]:
    return {
        "schema": DRAFT_SCHEMA,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "answers": {k: list(v) if isinstance(v, tuple | list) else v for k, v in answers.items() if v},
        "errors": [{key: getattr(e, key) for key in _ERROR_KEYS} for e in errors],
    }


def encode(answers: Mapping[str, Any], errors: tuple[ErrorText, ...]) -> bytes:
    """UTF-8 JSON; text that cannot be encoded (lone surrogates from undecodable bytes) is carried as U+FFFD."""
    return (json.dumps(body(answers, errors), ensure_ascii=False, indent=2) + "\n").encode("utf-8", "replace")


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600, O_EXCL
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save(path: Path, answers: Mapping[str, Any], errors: tuple[ErrorText, ...]) -> None:
    _write_private(path, encode(answers, errors))


def keep(path: Path, answers: Mapping[str, Any], errors: tuple[ErrorText, ...]) -> Path | None:
    """Save the draft where it can be saved; None when no folder at all is writable."""
    data = encode(answers, errors)
    for where in (path, fallback_path()):
        try:
            _write_private(where, data)
            return where
        except OSError:
            continue
    return None


def find(path: Path) -> Path:
    """The draft to resume: the usual place, else the fallback in the temp dir."""
    if not path.exists() and fallback_path().exists():
        return fallback_path()
    return path


def load(path: Path) -> tuple[Answers, tuple[ErrorText, ...], str | None]:
    """The saved answers and errors, and a note when a draft of another shape was moved aside (then empty)."""
    from reportkit import safeio

    if not path.exists():
        raise ReportFileError(f"there is no saved draft at {path}; run `reportkit collect` without --resume")
    try:
        parsed = safeio.json_loads(
            safeio.read_bytes(path, "draft", fix="reportkit only ever saves a draft as a file"), f"the draft {path}"
        )
        return (*_parse(parsed), None)
    except (InputError, ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, InputError):
            reason = exc.message
        else:
            reason = str(exc) if type(exc) is ValueError else f"{type(exc).__name__}: {exc}"
    aside = path.with_name(f"{path.name}.unreadable-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        moved = f"moved it aside to {aside}"
    except OSError:
        moved = "it could not be moved aside"
    return {}, (), f"the saved draft could not be used ({reason}); {moved} and started without it"


def _parse(parsed: Any) -> tuple[Answers, tuple[ErrorText, ...]]:
    if not isinstance(parsed, dict):
        raise ValueError(f"it is a JSON {type(parsed).__name__}, not a reportkit draft")
    if parsed.get("schema") != DRAFT_SCHEMA:
        raise ValueError(f"it has schema {parsed.get('schema')!r}, this version reads {DRAFT_SCHEMA!r}")
    raw_answers = parsed.get("answers") or {}
    raw_errors = parsed.get("errors") or []
    if not isinstance(raw_answers, dict) or not isinstance(raw_errors, list):
        raise ValueError("its answers or errors have the wrong shape")
    from reportkit.fields import BY_KEY
    from reportkit.validate import VALIDATORS

    answers: Answers = {}
    for key, value in raw_answers.items():
        if key not in BY_KEY:
            continue
        f = BY_KEY[key]
        is_list = f.kind == "list"
        if is_list and isinstance(value, list) and all(isinstance(v, str) for v in value):
            answers[key] = tuple(value)
        elif isinstance(value, str):
            check = VALIDATORS.get(f.kind)  # checked as the flag would be: an edited draft is input like any other
            if check is not None and value.strip():
                value = check(value, f"answer {key}")
            answers[key] = (value,) if is_list else value
        else:
            raise ValueError(f"answer {key!r} has the wrong shape")
    errors: list[ErrorText] = []
    for item in raw_errors:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValueError("an error text has the wrong shape")
        errors.append(
            ErrorText(
                text=item["text"],
                source=str(item.get("source") or "typed"),
                truncated=bool(item.get("truncated")),
                original_bytes=item.get("original_bytes") if isinstance(item.get("original_bytes"), int) else None,
                note=item.get("note") if isinstance(item.get("note"), str) else None,
            )
        )
    return answers, tuple(errors)


def clear(path: Path) -> None:
    for where in (path, fallback_path()):
        with contextlib.suppress(OSError):
            where.unlink(missing_ok=True)
