"""Drafts: the whole collect session, kept whenever it ends before the request is written — the answers, the error
texts, the screenshots, the capture and clipboard choices, the chosen situation and which questions were asked.

`keep` never fails: the user data dir, else the system temp dir (mode 0600), else None (the caller then prints the
draft as JSON to stderr). `load` moves a draft of another version or shape aside instead of failing on it; a draft
from before the session keys existed loads with their defaults. `find` takes a temp-dir draft only if it is this
user's own private file (its name can be guessed, so anyone could plant one).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportkit.errors import InputError, ReportFileError
from reportkit.i18n import _
from reportkit.model import ErrorText

DRAFT_SCHEMA = "reportkit-draft/1"
Answers = dict[str, str | tuple[str, ...]]
_ERROR_KEYS = ("text", "source", "truncated", "original_bytes", "note")


@dataclass(frozen=True)
class Draft:
    """A collect session as it is kept; every key beyond answers and errors has a default (older drafts)."""

    answers: Mapping[str, Any]
    errors: tuple[ErrorText, ...] = ()
    situation: str | None = None
    asked: tuple[str, ...] = ()  # field keys (and the interview's ASKED_* markers) already asked
    screenshots: tuple[tuple[str, str | None], ...] = ()  # (path, caption)
    capture: bool = False
    capture_caption: str | None = None
    clipboard: bool = False
    # (the start time as typed, when it was typed: ISO 8601): "yesterday evening" is read from that moment on
    # --resume, however much later; older drafts: their saved_at
    start_said: tuple[str, str] | None = None

    def is_empty(self) -> bool:
        """Nothing the user typed or chose: no draft is needed."""
        return not (any(self.answers.values()) or self.errors or self.screenshots or self.capture or self.asked)


def draft_path(data_dir: Path) -> Path:
    return data_dir / "draft.json"


def fallback_path() -> Path:
    return Path(tempfile.gettempdir()) / f"reportkit-draft-{os.getuid() if hasattr(os, 'getuid') else 'user'}.json"


def body(kept: Draft) -> dict[str, Any]:
    """The draft as JSON data. Text that cannot be encoded (lone surrogates from undecodable bytes) becomes U+FFFD;
    screenshot paths keep such bytes (`encode` writes them as JSON escapes), so the file is found on --resume."""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    started = kept.answers.get("problem.started_at")
    said = kept.start_said if kept.start_said and kept.start_said[0] == started else (started, now) if started else None
    return {
        "schema": DRAFT_SCHEMA,
        "saved_at": now,
        "start_said": [_text(said[0]), said[1]] if said else None,
        "answers": {
            k: [_text(x) for x in v] if isinstance(v, tuple | list) else _text(v) for k, v in kept.answers.items() if v
        },
        "errors": [
            {key: _note(e.note) if key == "note" else _text(getattr(e, key)) for key in _ERROR_KEYS}
            for e in kept.errors
        ],
        "situation": kept.situation,
        "asked": list(kept.asked),
        "screenshots": [{"path": path, "caption": _text(caption)} for path, caption in kept.screenshots],
        "capture": kept.capture,
        "capture_caption": _text(kept.capture_caption),
        "clipboard": kept.clipboard,
    }


def _note(note: str | None) -> Any:
    """An error text's note as the report keeps it: a message ({key, args}), so a resumed draft still words it in
    the request's language; a literal stays a string."""
    from reportkit import messages

    return None if note is None else messages.to_json(note) if isinstance(note, messages.Said) else _text(note)


def _read_note(value: Any) -> str | None:
    from reportkit import messages

    try:
        return messages.from_json(value) if isinstance(value, str | dict) else None
    except messages.MessageError:  # a note from another version: kept out rather than losing the draft
        return None


def _text(value: Any) -> Any:
    """A string with any lone surrogate replaced by U+FFFD; anything else as it is."""
    if not isinstance(value, str):
        return value
    try:  # a byte that did not decode comes back as that byte, then as one U+FFFD
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # other lone surrogates
        raw = value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def encode(kept: Draft) -> bytes:
    """UTF-8 JSON. The lone surrogates left (in screenshot paths) become `\\udcXX` escapes, which JSON reads back
    as the same surrogates — a backslash of the text itself is already escaped by json.dumps."""
    return (json.dumps(body(kept), ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")


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


def save(path: Path, kept: Draft) -> None:
    _write_private(path, encode(kept))


def keep(path: Path, kept: Draft) -> Path | None:
    """Save the draft where it can be saved; None when no folder at all is writable."""
    data = encode(kept)
    for where in (path, fallback_path()):
        try:
            _write_private(where, data)
            return where
        except OSError:
            continue
    return None


def find(path: Path) -> tuple[Path, str | None]:
    """The draft to resume: the usual place, else the fallback in the temp dir — only if it is this user's own
    private regular file; otherwise the usual place and one warning naming the fallback that was ignored."""
    fallback = fallback_path()
    if path.exists() or not (fallback.exists() or fallback.is_symlink()):
        return path, None
    why = untrusted(fallback)
    if why is None:
        return fallback, None
    return path, _("ignored the draft {path}: {reason}; reportkit writes drafts only as your own private file").format(
        path=fallback, reason=why
    )


def untrusted(path: Path) -> str | None:
    """Why a file in a shared folder is not to be read as this user's draft, or None when it is safe."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return _("it cannot be examined ({reason})").format(reason=exc.strerror or exc)
    if stat.S_ISLNK(st.st_mode):
        return _("it is a symbolic link")
    if not stat.S_ISREG(st.st_mode):
        return _("it is not a regular file")
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return _("it belongs to another user (uid {uid})").format(uid=st.st_uid)
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return _("others may write to it (mode {mode})").format(mode=f"{stat.S_IMODE(st.st_mode):04o}")
    return None


def load(path: Path) -> tuple[Draft, str | None]:
    """The saved session, and a note when a draft of another version or shape was moved aside (then empty)."""
    from reportkit import safeio

    if not path.exists():
        raise ReportFileError(
            _("there is no saved draft at {path}; run `reportkit collect` without --resume").format(path=path)
        )
    try:
        parsed = safeio.json_loads(
            safeio.read_bytes(path, "draft", fix=_("reportkit only ever saves a draft as a file")),
            _("the draft {path}").format(path=path),
        )
        return _parse(parsed), None
    except (InputError, ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, InputError):
            reason = exc.message
        else:
            reason = str(exc) if type(exc) is ValueError else f"{type(exc).__name__}: {exc}"
    aside = path.with_name(f"{path.name}.unreadable-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        line = _("the saved draft could not be used ({reason}); moved it aside to {path} and started without it")
    except OSError:
        line = _("the saved draft could not be used ({reason}); it could not be moved aside and started without it")
    return Draft(answers={}), line.format(reason=reason, path=aside)


def _parse(parsed: Any) -> Draft:
    if not isinstance(parsed, dict):
        raise ValueError(_("it is a JSON {type}, not a reportkit draft").format(type=type(parsed).__name__))
    if parsed.get("schema") != DRAFT_SCHEMA:
        raise ValueError(
            _("it has schema {schema}, this version reads {expected}").format(
                schema=repr(parsed.get("schema")), expected=repr(DRAFT_SCHEMA)
            )
        )
    raw_answers = parsed.get("answers") or {}
    raw_errors = parsed.get("errors") or []
    if not isinstance(raw_answers, dict) or not isinstance(raw_errors, list):
        raise ValueError(_("its answers or errors have the wrong shape"))
    answers = _answers(raw_answers)
    return Draft(
        answers=answers, errors=_errors(raw_errors), **_session(parsed), start_said=_start_said(parsed, answers)
    )


def _start_said(parsed: dict[str, Any], answers: Answers) -> tuple[str, str] | None:
    """When the draft's start time was typed: its own record, else (older drafts) when the draft was saved."""
    text = answers.get("problem.started_at")
    if not isinstance(text, str):
        return None
    said = parsed.get("start_said")
    if isinstance(said, list) and len(said) == 2 and said[0] == text and isinstance(said[1], str) and len(said[1]) < 40:
        return text, said[1]
    saved = parsed.get("saved_at")
    return (text, saved) if isinstance(saved, str) and len(saved) < 40 else None


def _answers(raw_answers: dict[str, Any]) -> Answers:
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
                value = check(value, _("answer {key}").format(key=key))
            answers[key] = (value,) if is_list else value
        else:
            raise ValueError(_("answer {key} has the wrong shape").format(key=repr(key)))
    return answers


def _errors(raw_errors: list[Any]) -> tuple[ErrorText, ...]:
    errors: list[ErrorText] = []
    for item in raw_errors:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValueError(_("an error text has the wrong shape"))
        errors.append(
            ErrorText(
                text=item["text"],
                source=str(item.get("source") or "typed"),
                truncated=bool(item.get("truncated")),
                original_bytes=item.get("original_bytes") if isinstance(item.get("original_bytes"), int) else None,
                note=_read_note(item.get("note")),
            )
        )
    return tuple(errors)


def _session(parsed: dict[str, Any]) -> dict[str, Any]:
    """The session keys (absent in older drafts: their defaults); a value of the wrong type is a ValueError."""
    from reportkit.fields import SITUATIONS

    situation = parsed.get("situation")
    if situation is not None and situation not in SITUATIONS:
        raise ValueError(
            _("its situation {situation} is not one of {situations}").format(
                situation=repr(situation), situations=", ".join(SITUATIONS)
            )
        )
    asked = parsed.get("asked", [])
    if not isinstance(asked, list) or not all(isinstance(k, str) for k in asked):
        raise ValueError(_("its list of questions asked has the wrong shape"))
    shots = parsed.get("screenshots", [])
    if not isinstance(shots, list) or not all(
        isinstance(s, dict) and isinstance(s.get("path"), str) and isinstance(s.get("caption"), str | None)
        for s in shots
    ):
        raise ValueError(_("its screenshots have the wrong shape"))
    flags = {key: parsed.get(key, False) for key in ("capture", "clipboard")}
    if not all(isinstance(v, bool) for v in flags.values()):
        raise ValueError(_("its capture or clipboard choice is not true or false"))
    caption = parsed.get("capture_caption")
    if not isinstance(caption, str | None):
        raise ValueError(_("its capture caption has the wrong shape"))
    return {
        "situation": situation,
        "asked": tuple(asked),
        "screenshots": tuple((s["path"], s.get("caption")) for s in shots if s["path"]),
        "capture_caption": caption,
        **flags,
    }


def clear(path: Path) -> None:
    for where in (path, fallback_path()):
        with contextlib.suppress(OSError):
            where.unlink(missing_ok=True)
