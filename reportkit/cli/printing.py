"""What the CLI prints after work: live probe progress, the receipt, redactions and quality findings.

Every line is in the interface language: the CLI's own sentences through the catalog (`_`, `ngettext`), and what
the report stores (findings, warnings, section reasons, probe details: messages) worded by `shown`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from reportkit import formats
from reportkit.cli.common import quiet, say, shown_path, verbose, warning_line
from reportkit.i18n import _, ngettext

MARKS = {"ok": "✓", "alive": "✓", "failed": "✗", "not-run": "·"}  # triage.read.status() decides which


def shown(text: Any) -> str:
    """A stored text (a message) in the interface language; a plain str as it is."""
    from reportkit import i18n, messages

    return messages.say(text, i18n.current())


def kind_name(kind: str) -> str:
    """A kind of secret as the CLI names it: in English its code ("card-number", as always), in another language
    its name (secrets.describe, worded in that language)."""
    from reportkit import i18n

    if i18n.current() == i18n.DEFAULT:
        return kind
    from reportkit.secrets import describe

    return shown(describe(kind))


def progress_printer(always: bool = False) -> Callable[[dict[str, Any]], None] | None:
    """One line per finished probe when a person watches stderr (or `always`: -v)."""
    if not (always or sys.stderr.isatty()):
        return None

    def show(result: dict[str, Any]) -> None:
        from reportkit.triage.read import status

        outcome, group = str(result.get("outcome", "")), str(result.get("group", ""))
        mark = MARKS[status(group, outcome)]
        ms = result.get("ms")
        timing = _("{ms} ms").format(ms=f"{ms:7.0f}") if isinstance(ms, int | float) else " " * 10
        detail = shown(result.get("detail", ""))
        line = f"  {mark} {group:<15} {str(result.get('target', ''))[:40]:<40} {timing}  {detail}"
        with contextlib.suppress(OSError):
            click.secho(line, err=True, fg="green" if mark == "✓" else "red" if mark == "✗" else None)

    return show


def print_redactions(summary: Any) -> None:
    if not summary.total:
        say(_("No secrets found (checked passwords, PINs, tokens, keys, card numbers, IBANs)."))
        return
    kinds = ", ".join(f"{kind_name(kind)} ({count})" for kind, count in sorted(summary.counts.items()))
    distinct = summary.distinct or summary.total
    if distinct == summary.total:
        line = ngettext(
            "Removed {count} secret before sending: {kinds}",
            "Removed {count} secrets before sending: {kinds}",
            distinct,
        ).format(count=distinct, kinds=kinds)
    else:
        places = ngettext("in {count} place", "in {count} places", summary.total).format(count=summary.total)
        line = ngettext(
            "Removed {count} secret {places} before sending: {kinds}",
            "Removed {count} secrets {places} before sending: {kinds}",
            distinct,
        ).format(count=distinct, places=places, kinds=kinds)
    say(click.style(line, bold=True))
    for removed in summary.removed:
        say(f"  {removed.field}: {kind_name(removed.kind)} {shown(removed.preview)}")


def print_findings(quality: Any) -> None:
    say(_("Completeness: {score}/100").format(score=quality.score))
    for finding in quality.findings:
        if finding.severity != "info":
            say(f"  - {shown(finding.message)} {shown(finding.suggestion)}")


def print_quality_line(outcome: Any) -> None:
    result = outcome.quality
    advice = [f for f in result.findings if f.severity != "info"]
    if advice:
        line = ngettext(
            "Completeness {score}/100; {count} suggestion: run `reportkit check` on report.json",
            "Completeness {score}/100; {count} suggestions: run `reportkit check` on report.json",
            len(advice),
        ).format(score=result.score, count=len(advice))
    else:
        line = _("Completeness {score}/100").format(score=result.score)
    click.echo(line)


def print_warnings(warnings: Sequence[str]) -> None:
    for text in warnings:
        say(warning_line(text))


def print_receipt(outdir: Path, written: Sequence[Path], warnings: Sequence[str]) -> None:
    print_warnings(warnings)
    click.echo(_("Support request written to {folder}").format(folder=f"{shown_path(outdir)}{os.sep}"))
    names = [path.relative_to(outdir).as_posix() if path.is_relative_to(outdir) else str(path) for path in written]
    width = max((len(name) for name in names), default=0)
    for name in names:
        click.echo(f"  {name:<{width}}  {remark(name)}".rstrip())
    top = {p.name for p in written}
    if quiet():
        return
    if "request.txt" in top and "request.html" in top:
        click.echo(_("Next: send request.txt as the e-mail to support and attach request.html."))
    elif "request.txt" in top:
        click.echo(_("Next: send request.txt as the e-mail to support."))
    elif "request.md" in top:
        click.echo(_("Next: paste request.md into the support ticket form."))


def remark(name: str) -> str:
    """What a written file is for, in the receipt."""
    if name in formats.RECEIPT:
        return _(formats.RECEIPT[name]) if formats.RECEIPT[name] else ""
    if name.endswith(".zip"):
        return _("attach it to the ticket: everything in one file")
    if name.startswith("attachments/"):
        return _("normalised, metadata removed")
    if name.endswith(".anonymization-map.json"):
        return _("PRIVATE stand-in mapping: keep it, never send it")
    return ""


def print_sections(sections: Sequence[Any], config_path: Path, config_exists: bool) -> None:
    """-v: where the settings came from and how each part of the snapshot went."""
    if config_exists:
        verbose(_("config: {path}").format(path=config_path))
    else:
        verbose(_("config: {path} (not there: defaults used)").format(path=config_path))
    for section in sections:
        took, reason = section.duration_ms, shown(section.reason) if section.reason else ""
        if took is not None and reason:
            line = _("{name}: {status} in {ms} ms ({reason})")
        elif took is not None:
            line = _("{name}: {status} in {ms} ms")
        elif reason:
            line = "{name}: {status} ({reason})"
        else:
            line = "{name}: {status}"
        words = {"ok": _("collected"), "skipped": _("skipped"), "failed": _("failed")}
        status = words.get(section.status, section.status)
        verbose(line.format(name=section.name, status=status, ms=took, reason=reason))
