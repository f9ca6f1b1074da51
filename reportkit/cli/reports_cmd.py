"""`reportkit render` and `reportkit check`: saved reports (data from a stranger) rendered again or linted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reportkit.cli import main
from reportkit.cli.common import (
    fail,
    format_option,
    formats_from,
    global_options,
    language_of,
    request_language_option,
)
from reportkit.cli.printing import print_receipt, print_warnings, shown
from reportkit.errors import Exit
from reportkit.i18n import N_, _, pgettext

# how `check` labels a finding, by its severity (a severity not listed: as it is stored)
SEVERITY = {"error": N_("error: {text}"), "warning": N_("warning: {text}"), "info": N_("info: {text}")}


def criterion(name: str) -> str:
    """A completeness criterion (a key of quality.WEIGHTS) as `check` names it; in English, the key itself."""
    names = {
        "identity": pgettext("check criterion", "identity"),
        "identifiers": pgettext("check criterion", "identifiers"),
        "description": pgettext("check criterion", "description"),
        "error_text": pgettext("check criterion", "error_text"),
        "timeline": pgettext("check criterion", "timeline"),
        "changed": pgettext("check criterion", "changed"),
        "steps": pgettext("check criterion", "steps"),
        "works_broken": pgettext("check criterion", "works_broken"),
        "impact": pgettext("check criterion", "impact"),
        "evidence": pgettext("check criterion", "evidence"),
    }
    return names.get(name, name)


class ReportPath(click.ParamType):  # type: ignore[type-arg]
    """A report.json or an output folder; an empty name (an unset shell variable) is refused, not read as `.`."""

    name = "REPORT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        if not str(value).strip():
            self.fail(_("the name is empty; give the report.json of a collected report (or its folder)"), param, ctx)
        return Path(value)


@main.command()
@click.argument("report", type=ReportPath())
@format_option("Format to render (repeatable; default: text, markdown and html).")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Output directory (default: the report's own directory); - prints the request instead.",
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@request_language_option
@global_options
def render(
    report: Path, formats: tuple[tuple[str, ...], ...], output: Path | None, force: bool, request_lang: str | None
) -> None:
    """Re-render a saved REPORT.json into other formats (or, with --request-lang, another language)."""
    from reportkit import formats as table
    from reportkit import reports

    language = language_of(request_lang, "--request-lang") if request_lang else None

    chosen = formats_from(formats, tuple(name for name in table.ALL if table.FILES[name] in table.RENDERED))
    source = reports.locate(report)
    if output is not None and str(output) == "-":  # one request on standard output, no files
        if formats and len(chosen) > 1:
            fail(
                _("-o - prints one format, not {formats}; choose one with -f (e.g. -f markdown)").format(
                    formats=", ".join(chosen)
                ),
                2,
            )
        name = chosen[0] if formats else "text"
        files, warnings = reports.rendered(source, (name,), language)
        print_warnings(warnings)
        click.echo(files[table.FILES[name]], nl=False)
        return
    written, warnings = reports.rerender(source, chosen, output, force, language)
    print_warnings(warnings)
    print_receipt(output or source.parent, written, ())


@main.command()
@click.argument("report", type=ReportPath())
@click.option("--strict", is_flag=True, help="Exit 1 when the score is below the threshold.")
@global_options
def check(report: Path, strict: bool) -> None:
    """Lint a saved REPORT.json: vague wording, missing specifics, secrets; a completeness score."""
    from reportkit import quality, reports

    report = reports.locate(report)
    result = quality.check(reports.load(report))
    click.echo(
        _("Completeness: {score}/100 (threshold {threshold})").format(score=result.score, threshold=quality.THRESHOLD)
    )
    click.echo("  " + ", ".join(f"{criterion(name)} {points}" for name, points in result.breakdown.items()))
    for finding in result.findings:
        label = SEVERITY.get(finding.severity)
        text = shown(finding.message)
        click.echo(_(label).format(text=text) if label else f"{finding.severity}: {text}")
        if finding.suggestion:
            click.echo(f"  → {shown(finding.suggestion)}")
    if not result.findings:
        click.echo(_("No findings: the request is specific."))
    if strict and result.score < quality.THRESHOLD:
        fail(
            _("{report} scores {score}/100, below {threshold}").format(
                report=report, score=result.score, threshold=quality.THRESHOLD
            ),
            Exit.ERROR,
        )
