"""Errors that reach the user: each carries a one-line message and an exit code (one named table: Exit)."""

from __future__ import annotations

import re
from enum import IntEnum


class Exit(IntEnum):
    """Every exit code reportkit uses, by name."""

    OK = 0
    ERROR = 1  # a problem the user can fix (unwritable output, unreadable report, --strict warnings)
    USAGE = 2  # a bad flag, value or input file
    INTERNAL = 3  # a bug in reportkit: details in the crash log
    HANGUP = 129  # the terminal went away (SIGHUP); the draft is saved
    INTERRUPTED = 130  # Ctrl-C (SIGINT) or cancel; the draft is saved
    PIPE = 141  # the reader of standard output went away
    TERMINATED = 143  # SIGTERM; the draft is saved


def one_line(message: str) -> str:
    """Line breaks (and the indentation around them) become one space; other spacing is kept as given, so a name
    with two spaces in it is shown as it really is."""
    return re.sub(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*", " ", message).strip()


class ReportkitError(Exception):
    """A problem the user can fix; `message` is one line naming the problem and the fix."""

    exit_code: int = Exit.ERROR

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = one_line(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(ReportkitError):
    """A flag, answer or input file with an invalid value (bad IP, URL, unreadable or oversized file)."""

    exit_code = Exit.USAGE


class ConfigError(ReportkitError):
    """The config file is malformed, names an unknown key or holds a value a run cannot use."""


class ReportFileError(ReportkitError):
    """A saved report that cannot be read: corrupt JSON, unknown schema, wrong shape."""


class OutputError(ReportkitError):
    """The output cannot be written (unwritable directory, existing file without --force, disk full)."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread so the session keeps the answers exactly as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        import signal

        return Exit.HANGUP if self.signum == getattr(signal, "SIGHUP", -1) else Exit.TERMINATED
