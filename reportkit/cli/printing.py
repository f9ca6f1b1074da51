"""What the CLI prints after work: live probe progress, the receipt, redactions and quality findings."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from reportkit import formats
from reportkit.cli.common import quiet, say, shown_path, verbose

MARKS = {"ok": "✓", "alive": "✓", "failed": "✗", "not-run": "·"}  # triage.read.status() decides which


def progress_printer(always: bool = False) -> Callable[[dict[str, Any]], None] | None:
    """One line per finished probe when a person watches stderr (or `always`: -v)."""
    if not (always or sys.stderr.isatty()):
        return None

    def show(result: dict[str, Any]) -> None:
        from reportkit.triage.read import status

        outcome, group = str(result.get("outcome", "")), str(result.get("group", ""))
        mark = MARKS[status(group, outcome)]
        ms = result.get("ms")
        timing = f"{ms:7.0f} ms" if isinstance(ms, int | float) else " " * 10
        line = f"  {mark} {group:<15} {str(result.get('target', ''))[:40]:<40} {timing}  {result.get('detail', '')}"
        with contextlib.suppress(OSError):
            click.secho(line, err=True, fg="green" if mark == "✓" else "red" if mark == "✗" else None)

    return show


def print_redactions(summary: Any) -> None:
    if not summary.total:
        say("No secrets found (checked passwords, PINs, tokens, keys, card numbers, IBANs).")
        return
    kinds = ", ".join(f"{kind} ({count})" for kind, count in sorted(summary.counts.items()))
    distinct = summary.distinct or summary.total
    places = "" if distinct == summary.total else f" in {summary.total} places"
    say(
        click.style(
            f"Removed {distinct} secret{'s' if distinct > 1 else ''}{places} before sending: {kinds}", bold=True
        )
    )
    for removed in summary.removed:
        say(f"  {removed.field}: {removed.kind} {removed.preview}")


def print_findings(quality: Any) -> None:
    say(f"Completeness: {quality.score}/100")
    for finding in quality.findings:
        if finding.severity != "info":
            say(f"  - {finding.message} {finding.suggestion}")


def print_quality_line(outcome: Any) -> None:
    result = outcome.quality
    advice = [f for f in result.findings if f.severity != "info"]
    line = f"Completeness {result.score}/100"
    if advice:
        line += f"; {len(advice)} suggestion{'s' if len(advice) > 1 else ''}: run `reportkit check` on report.json"
    click.echo(line)


def print_warnings(warnings: Sequence[str]) -> None:
    for text in warnings:
        say(f"warning: {text}")


def print_receipt(outdir: Path, written: Sequence[Path], warnings: Sequence[str]) -> None:
    print_warnings(warnings)
    click.echo(f"Support request written to {shown_path(outdir)}{os.sep}")
    names = [path.relative_to(outdir).as_posix() if path.is_relative_to(outdir) else str(path) for path in written]
    width = max((len(name) for name in names), default=0)
    for name in names:
        remark = formats.RECEIPT.get(name) or (
            "attach it to the ticket: everything in one file"
            if name.endswith(".zip")
            else "normalised, metadata removed"
            if name.startswith("attachments/")
            else "PRIVATE stand-in mapping: keep it, never send it"
            if name.endswith(".anonymization-map.json")
            else ""
        )
        click.echo(f"  {name:<{width}}  {remark}".rstrip())
    top = {p.name for p in written}
    if quiet():
        return
    if "request.txt" in top:
        click.echo(
            "Next: send request.txt as the e-mail to support"
            + (" and attach request.html." if "request.html" in top else ".")
        )
    elif "request.md" in top:
        click.echo("Next: paste request.md into the support ticket form.")


def print_sections(sections: Sequence[Any], config_path: Path, config_exists: bool) -> None:
    """-v: where the settings came from and how each part of the snapshot went."""
    verbose(f"config: {config_path}" + ("" if config_exists else " (not there: defaults used)"))
    for section in sections:
        took = f" in {section.duration_ms} ms" if section.duration_ms is not None else ""
        reason = f" ({section.reason})" if section.reason else ""
        verbose(f"{section.name}: {section.status}{took}{reason}")
