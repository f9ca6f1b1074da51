"""Drafts: what the user typed, saved when the interview is interrupted, restored by --resume."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from reportkit.atomic import write_text
from reportkit.errors import ReportFileError
from reportkit.model import ErrorText

DRAFT_SCHEMA = "reportkit-draft/1"
Answers = dict[str, str | tuple[str, ...]]


def draft_path(data_dir: Path) -> Path:
    return data_dir / "draft.json"


def save(path: Path, answers: Mapping[str, Any], errors: tuple[ErrorText, ...]) -> None:
    body = {
        "schema": DRAFT_SCHEMA,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items() if v},
        "errors": [
            {
                "text": e.text,
                "source": e.source,
                "truncated": e.truncated,
                "original_bytes": e.original_bytes,
                "note": e.note,
            }
            for e in errors
        ],
    }
    write_text(path, json.dumps(body, ensure_ascii=False, indent=2) + "\n", mode=0o600)


def load(path: Path) -> tuple[Answers, tuple[ErrorText, ...]]:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportFileError(f"there is no saved draft at {path}; run `reportkit collect` without --resume") from None
    except (OSError, ValueError) as exc:
        raise ReportFileError(f"the saved draft {path} cannot be read ({exc}); delete it and start again") from None
    if not isinstance(body, dict) or body.get("schema") != DRAFT_SCHEMA:
        raise ReportFileError(f"the saved draft {path} is not a reportkit draft; delete it and start again")
    answers: Answers = {}
    for key, value in (body.get("answers") or {}).items():
        answers[str(key)] = tuple(str(v) for v in value) if isinstance(value, list) else str(value)
    errors = tuple(ErrorText(**e) for e in body.get("errors") or [] if isinstance(e, dict) and "text" in e)
    return answers, errors


def clear(path: Path) -> None:
    path.unlink(missing_ok=True)
