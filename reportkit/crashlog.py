"""The crash log: what a bug report needs (traceback, versions, command line) with secrets redacted, written to
the user's state directory. Only ever called from the CLI's error boundary."""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path


def state_dir(env: os._Environ[str] | dict[str, str] = os.environ) -> Path:
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "reportkit" / "logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "reportkit"
    return Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "reportkit"


def _redacted(text: str) -> str:
    try:
        from reportkit.redact import redact_text

        return redact_text(text)[0]
    except Exception:  # the crash log must be written even when redaction itself is what broke
        return "[not shown: redaction failed]"


def write(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the crash log; return its path, or None when nothing could be written anywhere."""
    from reportkit import __version__

    stamp = datetime.now().astimezone()
    lines = [
        f"reportkit {__version__} crashed at {stamp.isoformat(timespec='seconds')}",
        f"python {platform.python_version()} ({sys.executable}) on {platform.platform()}",
        f"command: {_redacted(' '.join(argv))}",
        "",
        _redacted("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))),
    ]
    body = "\n".join(lines).encode("utf-8", errors="replace")
    import tempfile

    for folder in (state_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"crash-{stamp.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
            return path
        except OSError:
            continue
    return None
