"""Option groups shared by several commands: one flag per report field, probe targets, evidence."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from reportkit.fields import FIELDS, param_name
from reportkit.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


class FiniteRange(click.FloatRange):
    """A FloatRange that also refuses nan (it passes every comparison) and inf."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(_("{value} is not a number of seconds; give e.g. 5").format(value=repr(value)), param, ctx)
        return number


class CopyFormat(click.ParamType):  # type: ignore[type-arg]
    """--copy: text or markdown, by any name the format table knows (md, txt, …)."""

    name = "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from reportkit import formats

        name = formats.ALIASES.get(str(value).strip().lower())
        if name not in ("text", "markdown"):
            self.fail(
                _("{value} cannot go on the clipboard; choose text or markdown (md)").format(value=repr(value)),
                param,
                ctx,
            )
        return str(name)


def _apply(func: F, options: Sequence[Callable[[Any], Any]]) -> F:
    for option in reversed(options):
        func = option(func)
    return func


def field_options(func: F) -> F:
    """One flag per report field, generated from the field table (fields.py)."""
    options = []
    for f in FIELDS:
        multiple = f.kind == "list"
        options.append(
            click.option(
                f.flag,
                param_name(f),
                multiple=multiple,
                metavar="TEXT",
                help=f"{f.prompt}" + (" (repeatable)" if multiple else "") + (f" — {f.hint}" if f.hint else ""),
            )
        )
    return _apply(func, options)


PROBE_PARAMS = ("ports", "admin_port", "anchors", "resolvers", "portal_url", "deadline")


def probe_options(func: F) -> F:
    """Probe targets as flags (they override the config file); shared by collect and diagnose. The command gets
    them as one `probe_flags` dict, ready for `options.probe_overrides(**probe_flags)`."""

    @functools.wraps(func)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        kwargs["probe_flags"] = {name: kwargs.pop(name) for name in PROBE_PARAMS}
        return func(*args, **kwargs)

    return _apply(
        cast(F, gathered),
        [
            click.option("--port", "ports", multiple=True, metavar="PORT", help="Service port to test (repeatable)."),
            click.option("--admin-port", metavar="PORT", help="Admin port of the server (e.g. 22), proves it is up."),
            click.option(
                "--anchor",
                "anchors",
                multiple=True,
                metavar="IP:PORT",
                help="Internet test address (repeatable; default: three public operators).",
            ),
            click.option(
                "--resolver", "resolvers", multiple=True, metavar="IP", help="Public DNS resolver to compare with."
            ),
            click.option("--portal-url", metavar="URL", help="Captive-portal check URL (must answer 204)."),
            click.option("--deadline", metavar="SECONDS", help="One deadline for all network probes (default 6)."),
        ],
    )


def evidence_options(func: F) -> F:
    """Screenshots, the clipboard, the bundle, strictness and anonymisation."""
    return _apply(
        func,
        [
            click.option(
                "--screenshot",
                "screenshots",
                multiple=True,
                metavar="PATH[::CAPTION]",
                help="Screenshot or photo of the error (repeatable); PATH::caption says what it shows.",
            ),
            click.option("--capture", is_flag=True, help="Capture the screen now (needs a display)."),
            click.option(
                "--capture-delay",
                type=FiniteRange(0, 600),
                default=0.0,
                metavar="SECONDS",
                help="Wait before --capture so you can bring the error window forward.",
            ),
            click.option(
                "--no-ocr",
                is_flag=True,
                help="Do not read screenshots (by default, with Tesseract installed, the secrets in them are covered).",
            ),
            click.option("--error-from-clipboard", is_flag=True, help="Use the clipboard's text as an error message."),
            click.option(
                "--copy",
                "copy_format",
                is_flag=False,
                flag_value="text",
                default=None,
                type=CopyFormat(),
                help="Put the request on the clipboard (text, or --copy markdown / md).",
            ),
            click.option(
                "--bundle", is_flag=True, help="Also write reportkit-DATE-TIME.zip with everything (+ MANIFEST.json)."
            ),
            click.option(
                "--strict",
                is_flag=True,
                help="Refuse a request scoring below the quality threshold; exit 1 on any warning.",
            ),
            click.option(
                "--min-score",
                type=click.IntRange(0, 100),
                metavar="N",
                help="Refuse to finish a request scoring below N (default with --strict: 60).",
            ),
            click.option(
                "--anonymize",
                is_flag=True,
                help="Replace host names, user names, home paths, MACs and IPs by consistent stand-ins.",
            ),
            click.option(
                "--anonymize-map",
                type=click.Path(path_type=Path, dir_okay=False),
                metavar="FILE",
                help="Private mapping file to reuse and update (default: beside the output directory).",
            ),
        ],
    )
