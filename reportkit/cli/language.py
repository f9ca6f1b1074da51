"""The interface language, chosen before click parses anything, so `reportkit --lang fi --help` (or `--help --lang
fi`, or `collect --help --lang fi`) already speaks Finnish: --lang wherever it is, then REPORTKIT_LANG, the
config's `[reporter] language`, the locale environment (reportkit.i18n.interface_language).

The help texts are written in English in the decorators; `translate` swaps each command's and option's help for
its translation (keeping the English, so a second run in another language in one process works), and click's own
words ("Usage:", "Options") go through the same catalog.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from reportkit import i18n

# click's own words (the help page's "Usage:", "Options"; usage errors such as "No such option"): click looks them up
# with `_` = gettext.gettext in each of these modules; `translate` points that `_` at reportkit's catalog, and
# reportkit.catalogs extracts their messages from click's source into it
CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


def flag(argv: Sequence[str]) -> str | None:
    """The value of the last --lang on the command line (before a lone `--`), or None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def _config_file(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return os.environ.get("REPORTKIT_CONFIG") or None


def _configured(argv: Sequence[str]) -> Mapping[str, Any]:
    """The config file's settings for `[reporter] language`; a broken config is reported later by the command."""
    from reportkit.errors import ReportkitError
    from reportkit.paths import config_path

    try:
        path = config_path(_config_file(argv))
        if not path.is_file():  # no config file: the config machinery is not even imported (start-up time)
            return {}
        from reportkit import config

        return config.load(path, required=False)
    except (ReportkitError, OSError, ValueError):
        return {}


def choose(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The interface language for this command line; raises InputError for a language reportkit lacks."""
    environ = os.environ if environ is None else environ
    given = flag(argv)
    if given or environ.get(i18n.ENV, "").strip():
        return i18n.interface_language(given, environ)
    return i18n.interface_language(None, environ, _configured(argv))


_ENGLISH: dict[int, dict[str, Any]] = {}


def translate(command: click.Command) -> None:
    """Every help text of `command` and its subcommands in the interface language."""
    language = i18n.current()
    for node in _walk(command):
        items: list[Any] = [node, *node.params]
        for item in items:
            english = _ENGLISH.setdefault(id(item), _helps(item, item is node))
            for name, text in english.items():
                setattr(item, name, i18n.translations(language).gettext(text) if language != i18n.DEFAULT else text)
    _click_gettext()


def _helps(item: Any, command: bool = False) -> dict[str, str]:
    """An item's help texts, as the catalog holds them (a command's docstring without its indentation)."""
    import inspect

    return {
        name: inspect.cleandoc(text) if command else text
        for name in ("help", "short_help")
        if isinstance(text := getattr(item, name, None), str)
    }


def english_helps(item: Any, command: bool = False) -> dict[str, str]:
    """An item's help texts in English, even after `translate` put another language's in place."""
    return _ENGLISH.get(id(item)) or _helps(item, command)


def _walk(command: click.Command) -> list[click.Command]:
    found = [command]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += _walk(sub)
    return found


def _click_gettext() -> None:
    for module in CLICK_MODULES:
        if getattr(module, "_", None) is not i18n._:
            module._ = i18n._  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) not in (None, i18n.ngettext):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
