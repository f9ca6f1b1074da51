"""The command line: parse flags, prompt, print, map errors to exit codes. No logic lives here.

`ReportkitGroup.main` is the one error boundary: a ReportkitError is one line and its exit code, Ctrl-C / SIGTERM /
SIGHUP end with 130 / 143 / 129 (a collect session saves its draft first, see cli.collect), and anything unexpected
is `reportkit: internal error (…); details in PATH — please report it`, exit 3, with the traceback in a crash log.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from reportkit.cli.common import colour_from_environment, error_line, global_options, say
from reportkit.errors import Exit, ReportkitError, Stopped
from reportkit.i18n import _, ngettext


def _raise_stopped(signum: int, _frame: Any) -> None:
    raise Stopped(signum)


def _install_signal_handlers() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _raise_stopped)


def _tolerant_streams() -> None:
    """Bytes that do not decode (typed answers, pasted text) become U+FFFD; output never fails to encode.

    A standard input that was closed at start (`<&-`) becomes a stand-in reading as end of file, so nothing
    trips over `sys.stdin is None` and `--error-file -` says there is no standard input."""
    if sys.stdin is None:
        from reportkit import safeio

        sys.stdin = safeio.absent_stdin()
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


# options whose value is a file name: its bytes are kept exactly (Python carries undecodable ones as surrogates,
# and os functions turn them back), so a file called b"fel\xe4.log" can still be opened
PATH_OPTIONS = frozenset({"--error-file", "--screenshot", "--output", "-o", "--config", "--anonymize-map"})
# commands whose argument is a file name, and the options of theirs that take a value
PATH_ARGUMENT_COMMANDS = frozenset({"check", "render", "verify", "watch", "compare"})
VALUE_OPTIONS = frozenset({"-f", "--format", "-o", "--output", "--config"})


def _replaced(arg: str) -> str:
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_argv(args: Sequence[str]) -> list[str]:
    """argv bytes that did not decode arrive as lone surrogates; in text they become U+FFFD so no write can crash.
    File names keep their bytes: the values of PATH_OPTIONS and the REPORT argument of check and render."""
    cleaned: list[str] = []
    command: str | None = None
    previous = ""
    for arg in args:
        option = arg.split("=", 1)[0] if arg.startswith("--") else arg
        is_path = previous in PATH_OPTIONS or ("=" in arg and option in PATH_OPTIONS)
        if command in PATH_ARGUMENT_COMMANDS and not arg.startswith("-") and previous not in VALUE_OPTIONS:
            is_path = True
        if command is None and not arg.startswith("-") and previous not in PATH_OPTIONS:
            command = arg
        cleaned.append(arg if is_path else _replaced(arg))
        previous = arg
    return cleaned


class ReportkitGroup(click.Group):
    """Every error is one line on stderr with a meaningful exit code; never a traceback."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = clean_argv(sys.argv[1:] if args is None else args)
        if args is None:  # a real process, not a test runner
            _install_signal_handlers()
            _tolerant_streams()
        try:
            _speak(argv, self)
            code = super().main(argv, "reportkit", complete_var, standalone_mode=False, **extra)
        except ReportkitError as exc:
            say(error_line(shorten(exc.message)))
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            say(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(Exit.USAGE)
        except click.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            text = shorten(exc.format_message().replace(chr(10), " "))
            if ctx:
                text = _("{message} (see `{command} --help`)").format(message=text, command=ctx.command_path)
            say(error_line(text))
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except Stopped as exc:
            say("\nreportkit: " + _("stopped by a signal"))
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError) as exc:
            signalled = _stopped(exc)  # click turns KeyboardInterrupt (and so Stopped) into Abort
            if signalled is not None:
                say("\nreportkit: " + _("stopped by a signal"))
                sys.exit(signalled.exit_code)
            say("\nreportkit: " + _("interrupted"))
            sys.exit(Exit.INTERRUPTED)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(Exit.PIPE)
        except SystemExit:
            raise
        except OSError as exc:
            if exc.errno not in _USER_FIXABLE:
                _internal_error(exc, argv)
            if exc.filename is None:  # standard output itself (e.g. > /dev/full): no second complaint at exit
                _quiet_stdout()
            say(error_line(os_error_line(exc)))
            sys.exit(Exit.ERROR)
        except Exception as exc:  # the last line of defence: one line, a crash log, exit 3
            _internal_error(exc, argv)
        sys.exit(code if isinstance(code, int) else 0)


def _speak(argv: list[str], group: click.Command) -> None:
    """Choose the interface language before anything is parsed or printed (reportkit.cli.language)."""
    from reportkit import i18n
    from reportkit.cli import language
    from reportkit.errors import InputError

    try:
        chosen = language.choose(argv)
    except InputError as exc:  # said in English: the language asked for is the one reportkit does not have
        i18n.use(i18n.DEFAULT)
        language.translate(group)
        raise click.UsageError(exc.message) from None
    i18n.use(chosen)
    language.translate(group)


def _internal_error(exc: Exception, argv: list[str]) -> NoReturn:
    signalled = _stopped(exc)  # e.g. the terminal is gone (EIO) while click reports the signal
    if signalled is not None:
        sys.exit(signalled.exit_code)
    from reportkit import crashlog

    path = crashlog.write(exc, ["reportkit", *argv])
    error = f"{type(exc).__name__}: {_short(exc)}"
    if path:
        line = _("internal error ({error}); details in {path} — please report it").format(error=error, path=path)
    else:
        line = _("internal error ({error}); no crash log could be written — please report it").format(error=error)
    say("reportkit: " + line)
    sys.exit(Exit.INTERNAL)


# what the machine says no to, not a bug: a full disk, a read-only or over-long path, a permission
_USER_FIXABLE = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.EACCES,
    errno.EPERM,
    errno.ENOTDIR,
    errno.ELOOP,
}


def os_error_line(exc: OSError) -> str:
    """One line for an OSError that escaped the modules: what failed, on which path, and the way round it."""
    what = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return _("standard output cannot be written ({error}); send it somewhere with room, or to a file").format(
            error=what
        )
    where = shorten(os.fsdecode(exc.filename))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        line = _("{error} ({path}); free some space or choose another folder with --output")
    elif exc.errno == errno.ENAMETOOLONG:
        line = _("{error} ({path}); choose a shorter path")
    else:
        line = _("{error} ({path}); choose another path")
    return line.format(error=what, path=where)


def shorten(message: str, longest: int = 300) -> str:
    """A 10 000-character value quoted in a message is shown by its head and tail, so the line stays readable and
    the fix at its end stays visible."""
    if len(message) <= 2 * longest:
        return message
    return _LONG_RUN.sub(lambda m: _cut(m.group()), message)


def _cut(run: str) -> str:
    count = len(run)
    left_out = ngettext("[{count} character]", "[{count} characters]", count).format(count=count)
    return f"{run[:120]}…{left_out}…{run[-40:]}"


_LONG_RUN = re.compile(r"\S{300,}")


def _stopped(exc: BaseException | None) -> Stopped | None:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, Stopped):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:160] + "…" if len(text) > 160 else text


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=ReportkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build a complete, specific support request when a service is down."""
    colour_from_environment(ctx)


from reportkit.cli import after_cmd as _after_cmd  # noqa: E402
from reportkit.cli import collect as _collect  # noqa: E402  (subcommands register themselves on `main`)
from reportkit.cli import config_cmd as _config_cmd  # noqa: E402
from reportkit.cli import diagnose as _diagnose  # noqa: E402
from reportkit.cli import history_cmd as _history_cmd  # noqa: E402
from reportkit.cli import reports_cmd as _reports_cmd  # noqa: E402

__all__ = ["main"]
_SUBCOMMANDS = (_collect, _config_cmd, _diagnose, _reports_cmd, _history_cmd, _after_cmd)
