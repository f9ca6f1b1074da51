"""Errors that reach the user: each carries a one-line message and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class ReportkitError(Exception):
    """A problem the user can fix; `message` is one line naming the problem and the fix."""

    exit_code: int = EXIT_ERROR

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())  # always one line
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(ReportkitError):
    """A flag or answer with an invalid value (bad IP, URL, unreadable file)."""

    exit_code = EXIT_USAGE


class ConfigError(ReportkitError):
    """The config file is malformed or names an unknown key."""


class ReportFileError(ReportkitError):
    """A saved report that cannot be read: corrupt JSON, unknown schema, wrong shape."""


class OutputError(ReportkitError):
    """The output cannot be written (unwritable directory, existing file without --force)."""
