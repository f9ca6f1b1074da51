"""Shared CLI pieces: global options (before or after the subcommand), format lists, one-line failures, printing."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from reportkit import __version__, formats
from reportkit.errors import Exit, InputError
from reportkit.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = Exit.ERROR) -> NoReturn:
    say(error_line(message))
    sys.exit(code)


def error_line(message: str) -> str:
    """`reportkit: error: …` in the interface language (the program's name stays)."""
    return "reportkit: " + _("error: {message}").format(message=message)


def warning_line(text: str) -> str:
    """`warning: …` in the interface language; `text` may be a stored message (worded in that language too)."""
    from reportkit import i18n, messages

    return _("warning: {text}").format(text=messages.say(text, i18n.current()))


def language_of(tag: str, what: str) -> str:
    """A language named on the command line (`--request-lang`), or a one-line InputError listing the ones there are."""
    from reportkit import i18n

    return i18n.require(tag, what)


def json_text(value: Any, **options: Any) -> str:
    """JSON for --json output; json is imported when a command prints it, not when `reportkit --help` starts."""
    import json

    return json.dumps(value, **options)


def say(message: str = "", *, nl: bool = True) -> None:
    """A line for the person at the terminal (stderr); never crashes when the terminal is gone."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(message, err=True, nl=nl)


def verbose(message: str) -> None:
    """Detail for -v/--verbose: which config file, each probe as it finishes, how long each part took."""
    if is_verbose():
        say(message)


def is_verbose() -> bool:
    return bool(settings().get("verbose"))


def quiet() -> bool:
    return bool(settings().get("quiet"))


def note(message: str) -> None:
    """Progress and hints, silenced by -q/--quiet; errors and warnings are never silenced."""
    if not quiet():
        say(message)


def settings() -> dict[str, Any]:
    """The global options of this invocation (config file, quiet, verbose, colour)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    return root.obj  # type: ignore[no-any-return]


class FormatList(click.ParamType):  # type: ignore[type-arg]
    """`-f md`, `-f markdown,html`, `-f txt -f htm`: aliases and comma lists, one canonical name each."""

    name = "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        names: list[str] = []
        for part in str(value).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in formats.ALIASES:
                known = ", ".join(
                    f"{f.name} ({', '.join(a for a in f.aliases if a != f.name)})" if len(f.aliases) > 1 else f.name
                    for f in formats.TABLE
                )
                self.fail(
                    _("{value} is not a format; choose from {formats}").format(value=repr(part), formats=known),
                    param,
                    ctx,
                )
            names.append(formats.ALIASES[part])
        if not names:
            self.fail(_("give at least one format, e.g. -f markdown"), param, ctx)
        return tuple(names)


def formats_from(values: Sequence[tuple[str, ...]], default: tuple[str, ...]) -> tuple[str, ...]:
    """Flatten repeated -f values, keeping the first mention of each format."""
    flat = [name for group in values for name in group]
    return tuple(dict.fromkeys(flat)) or default


def format_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "-f",
        "formats",
        multiple=True,
        type=FormatList(),
        metavar="FORMAT",
        help=help_text + " Aliases: txt, md, htm; comma lists work.",
    )


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None or value is False or (param.multiple and not value):
            return
        settings()[name] = value
        if name == "no_color":
            _no_colour(ctx)

    return callback


def _no_colour(ctx: click.Context) -> None:
    node: click.Context | None = ctx
    while node is not None:
        node.color = False
        node = node.parent


def colour_from_environment(ctx: click.Context) -> None:
    """NO_COLOR (any value), TERM=dumb and non-terminal output turn colour off (click strips it for pipes)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        _no_colour(ctx)


def _language(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """--lang: checked here (one line listing the languages); it was already applied before parsing (cli.main reads
    it from the command line first, so even --help speaks it)."""
    if value is None:
        return
    try:
        settings()["lang"] = language_of(str(value), "--lang")
    except InputError as exc:
        raise click.BadParameter(exc.message.split(": ", 1)[-1], ctx, param) from None


def request_language_option(func: F) -> F:
    return click.option(
        "--request-lang",
        "request_lang",
        metavar="LANG",
        help="Write the request in this language (default: the recipient's `language` in the config, else the "
        "interface language): en, fi, hu, tr, ru.",
    )(func)


def global_options(func: F) -> F:
    """--config, --lang, --version, -q/--quiet, -v/--verbose, --no-color: accepted before or after any
    subcommand."""
    options = [
        click.option(
            "--lang",
            metavar="LANG",
            expose_value=False,
            is_eager=True,
            callback=_language,
            help="Interface language: en, fi, hu, tr, ru (default: $REPORTKIT_LANG, the config's "
            "[reporter] language, then the system locale).",
        ),
        click.option(
            "--config",
            "config_file",
            metavar="FILE",
            expose_value=False,
            callback=_store("config_file"),
            help="Config file (default: $REPORTKIT_CONFIG, else the user config dir).",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            expose_value=False,
            callback=_store("quiet"),
            help="Print only errors, warnings and the result.",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            expose_value=False,
            callback=_store("verbose"),
            help="Say more about what is done and where files are.",
        ),
        click.option(
            "--no-color",
            "--no-colour",
            "no_color",
            is_flag=True,
            expose_value=False,
            callback=_store("no_color"),
            help="No colours (also: NO_COLOR=1, TERM=dumb).",
        ),
        click.version_option(__version__, "--version", prog_name="reportkit"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def config_file() -> str | None:
    """--config wherever it was given, else $REPORTKIT_CONFIG (resolved by config.config_path)."""
    value = settings().get("config_file") or os.environ.get("REPORTKIT_CONFIG")
    return str(value) if value else None


def shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
