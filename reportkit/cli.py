"""The command line: parse flags, prompt, print, map errors to exit codes. No logic lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from reportkit import __version__
from reportkit.errors import EXIT_INTERRUPTED, InputError, ReportkitError
from reportkit.fields import FIELDS, Field, param_name

F = TypeVar("F", bound=Callable[..., Any])
FORMAT_CHOICE = click.Choice(["text", "markdown", "html", "json"])
SECTION_TITLES = {"reporter": "About you", "service": "The service", "problem": "The problem"}
RECEIPT = {
    "request.txt": "e-mail body; its first line is the subject",
    "request.md": "paste into a ticket form that takes Markdown",
    "request.html": "one page to open, print or attach",
    "report.json": "machine-readable; `reportkit render` re-renders it",
}


class Interrupted(Exception):
    """The interview was interrupted; the answers so far travel with it."""

    def __init__(self, answers: dict[str, Any], errors: tuple[Any, ...]) -> None:
        super().__init__("interrupted")
        self.answers, self.errors = answers, errors


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"reportkit: error: {message}", err=True)
    sys.exit(code)


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
        try:
            code = super().main(args, "reportkit", complete_var, standalone_mode=False, **extra)
        except ReportkitError as exc:
            fail(exc.message, exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see `{ctx.command_path} --help`)" if ctx else ""
            fail(exc.format_message().replace("\n", " ") + hint, exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("\nreportkit: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=ReportkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportkit")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    envvar="REPORTKIT_CONFIG",
    help="Config file (default: $REPORTKIT_CONFIG, else the user config dir).",
)
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Build a complete, specific support request when a service is down."""
    ctx.obj = {"config_file": config_file}


def field_options(func: F) -> F:
    """One flag per report field, generated from the field table (fields.py)."""
    for f in reversed(FIELDS):
        multiple = f.kind == "list"
        func = click.option(
            f.flag,
            param_name(f),
            multiple=multiple,
            metavar="TEXT",
            help=f"{f.prompt}" + (" (repeatable)" if multiple else "") + (f" — {f.hint}" if f.hint else ""),
        )(func)
    return func


def probe_options(func: F) -> F:
    """Probe targets as flags (they override the config file); shared by collect and diagnose."""
    options = [
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
    ]
    for option in reversed(options):
        func = option(func)
    return func


def evidence_options(func: F) -> F:
    """Screenshots, the clipboard, the bundle and strictness."""
    options = [
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
            type=click.FloatRange(0, 600),
            default=0.0,
            metavar="SECONDS",
            help="Wait before --capture so you can bring the error window forward.",
        ),
        click.option("--error-from-clipboard", is_flag=True, help="Use the clipboard's text as an error message."),
        click.option(
            "--copy",
            "copy_format",
            is_flag=False,
            flag_value="text",
            default=None,
            type=click.Choice(["text", "markdown"]),
            help="Put the request on the clipboard (text, or --copy markdown).",
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
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@field_options
@probe_options
@evidence_options
@click.option("--error", "error_texts", multiple=True, metavar="TEXT", help="Exact error message (repeatable).")
@click.option(
    "--error-file",
    "error_files",
    multiple=True,
    metavar="PATH",
    help="File holding an error message; - reads standard input (repeatable).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=FORMAT_CHOICE,
    help="Output format (repeatable; default: text, markdown, html and json).",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Output directory (default ./reportkit-DATE-TIME/)."
)
@click.option("--force", is_flag=True, help="Overwrite existing files in the output directory.")
@click.option("--offline", is_flag=True, help="Send no network packets (local snapshot only).")
@click.option("--yes", "-y", "--non-interactive", "yes", is_flag=True, help="Never prompt; use flags and config only.")
@click.option("--interactive", is_flag=True, help="Interview even when standard input is not a terminal.")
@click.option("--resume", is_flag=True, help="Continue from the draft saved when an interview was interrupted.")
@click.pass_context
def collect(
    ctx: click.Context,
    /,
    error_texts: tuple[str, ...],
    error_files: tuple[str, ...],
    formats: tuple[str, ...],
    output: Path | None,
    force: bool,
    offline: bool,
    yes: bool,
    interactive: bool,
    resume: bool,
    ports: tuple[str, ...],
    admin_port: str | None,
    anchors: tuple[str, ...],
    resolvers: tuple[str, ...],
    portal_url: str | None,
    deadline: str | None,
    screenshots: tuple[str, ...],
    capture: bool,
    capture_delay: float,
    error_from_clipboard: bool,
    copy_format: str | None,
    bundle: bool,
    strict: bool,
    anonymize: bool,
    anonymize_map: Path | None,
    min_score: int | None,
    **values: Any,
) -> None:
    """Gather identifiers, the problem, evidence and diagnostics into a support request."""
    from reportkit import config, draft, options, pipeline
    from reportkit.collectors import evidence
    from reportkit.render import FORMATS

    settings = config.load(config.config_path(ctx.obj["config_file"]), required=bool(ctx.obj["config_file"]))
    flags = {f.key: validated(f, values.get(param_name(f))) for f in FIELDS}
    overrides = options.probe_overrides(
        ports=ports,
        admin_port=admin_port,
        anchors=anchors,
        resolvers=resolvers,
        portal_url=portal_url,
        deadline=deadline,
    )
    errors = [evidence.from_text(t) for t in error_texts if t.strip()]
    warnings: list[str] = []
    for path in error_files:
        error, notes = evidence.read_error_file(path, sys.stdin.buffer if path == "-" else None)
        errors.append(error)
        warnings.extend(notes)
    draft_file = draft.draft_path(config.user_data_dir())
    saved: Mapping[str, Any] = {}
    if resume:
        saved, saved_errors = draft.load(draft_file)
        errors = list(saved_errors) + errors
        click.echo(f"Resuming the draft saved in {draft_file}.", err=True)
    answers = options.merge_answers(flags, saved, settings)
    chosen = formats or options.ALL_FORMATS
    if output is not None:  # fail before the interview, not after it
        from reportkit import deliver

        deliver.preflight(output, [FORMATS[f] for f in chosen], force)
    for note in warnings:
        click.echo(f"warning: {note}", err=True)
    ask = interactive or (not yes and sys.stdin.isatty() and "-" not in error_files)
    wants: dict[str, Any] = {
        "clipboard": error_from_clipboard,
        "capture": capture,
        "screenshots": [evidence.parse_screenshot_arg(s) for s in screenshots],
    }
    if ask:
        try:
            errors = interview(answers, errors, wants)
        except Interrupted as stop:
            draft.save(draft_file, stop.answers, tuple(stop.errors))
            click.echo(
                f"\nInterrupted. Your answers are saved in {draft_file}; continue with `reportkit collect --resume`.",
                err=True,
            )
            sys.exit(EXIT_INTERRUPTED)
        offer_to_remember(answers, settings, config.config_path(ctx.obj["config_file"]))
    run = options.RunOptions(
        answers=answers,
        errors=tuple(errors),
        formats=chosen,
        output=output,
        force=force,
        offline=offline,
        warnings=tuple(warnings),
        settings=settings,
        probe_overrides={**overrides, **{k: answers.get(f"service.{k}") for k in ("host", "hostname", "url")}},
        on_result=progress_printer() if not offline else None,
        screenshots=tuple(wants["screenshots"]),
        capture=bool(wants["capture"]),
        capture_caption=wants.get("capture_caption"),
        capture_delay=capture_delay,
        error_from_clipboard=bool(wants["clipboard"]),
        copy=copy_format,
        bundle=bundle,
        strict=strict,
        min_score=min_score,
        anonymize=anonymize or anonymize_map is not None,
        anonymize_map=anonymize_map,
    )
    if not offline:
        click.echo("Checking the network (reportkit diagnose) …", err=True)
    try:
        outcome = preview_then_write(run, answers, errors, draft_file) if ask else pipeline.collect(run)
    except pipeline.QualityRefused as refused:
        for note in refused.warnings:
            click.echo(f"warning: {note}", err=True)
        draft.save(draft_file, answers, tuple(errors))
        click.echo(
            f"Nothing was written. Your answers are saved in {draft_file}; add the specifics and run "
            "`reportkit collect --resume`.",
            err=True,
        )
        raise
    except ReportkitError:
        if ask:  # never lose an interview to a write error
            draft.save(draft_file, answers, tuple(errors))
            click.echo(
                f"Your answers are saved in {draft_file}; fix the problem below and run `reportkit collect --resume`.",
                err=True,
            )
        raise
    if resume:
        draft.clear(draft_file)
    print_receipt(outcome.outdir, outcome.written, outcome.warnings)
    print_quality_line(outcome)
    if strict and outcome.warnings:
        count = len(outcome.warnings)
        fail(f"{count} warning{'s' if count > 1 else ''} and --strict (the files above are written)", 1)


def preview_then_write(run: Any, answers: dict[str, Any], errors: list[Any], draft_file: Path) -> Any:
    """Show the request as it will leave the machine; save, edit the description, or cancel (draft kept)."""
    import dataclasses

    from reportkit import draft, pipeline
    from reportkit.render import render

    prepared = pipeline.prepare(run)
    while True:
        click.echo("\n" + "─" * 72, err=True)
        click.echo(render(prepared.report, "text"), err=True)
        click.echo("─" * 72, err=True)
        print_redactions(prepared.redacted)
        print_findings(prepared.quality)
        choice = click.prompt(
            "[s]ave, [e]dit the description, or [c]ancel", type=click.Choice(["s", "e", "c"]), default="s", err=True
        )
        if choice == "s":
            return pipeline.finish(prepared, run)
        if choice == "c":
            draft.save(draft_file, answers, tuple(errors))
            click.echo(
                f"Cancelled. Your answers are kept in {draft_file}; continue with `reportkit collect --resume`.",
                err=True,
            )
            sys.exit(EXIT_INTERRUPTED)
        edited = click.edit(answers.get("problem.description") or "", extension=".txt")
        if edited is not None and edited.strip():
            answers["problem.description"] = edited.strip()
            run = dataclasses.replace(run, answers=dict(answers))
            prepared = pipeline.prepare(run, prepared.now, prepared.gathered)


def print_redactions(summary: Any) -> None:
    if not summary.total:
        click.echo("No secrets found (checked passwords, PINs, tokens, keys, card numbers, IBANs).", err=True)
        return
    kinds = ", ".join(f"{kind} ({count})" for kind, count in sorted(summary.counts.items()))
    click.secho(
        f"Removed {summary.total} secret{'s' if summary.total > 1 else ''} before sending: {kinds}", err=True, bold=True
    )
    for removed in summary.removed:
        click.echo(f"  {removed.field}: {removed.kind} {removed.preview}", err=True)


def print_findings(quality: Any) -> None:
    click.echo(f"Completeness: {quality.score}/100", err=True)
    for finding in quality.findings:
        if finding.severity != "info":
            click.echo(f"  - {finding.message} {finding.suggestion}", err=True)


def print_quality_line(outcome: Any) -> None:
    result = outcome.quality
    advice = [f for f in result.findings if f.severity != "info"]
    line = f"Completeness {result.score}/100"
    if advice:
        line += f"; {len(advice)} suggestion{'s' if len(advice) > 1 else ''}: run `reportkit check` on report.json"
    click.echo(line)


GOOD = {"ok"}
ALIVE_GROUPS = {"gateway", "anchor", "provider"}  # a refused connection proves these hosts are up


def progress_printer() -> Callable[[dict[str, Any]], None] | None:
    """One line per finished probe, only when a person watches stderr."""
    if not sys.stderr.isatty():
        return None

    def show(result: dict[str, Any]) -> None:
        outcome, group = result.get("outcome"), result.get("group", "")
        good = (
            outcome == "nxdomain"
            if group == "nxdomain"
            else (outcome in GOOD or (outcome == "refused" and group in ALIVE_GROUPS))
        )
        mark = "·" if outcome in ("skipped", "not-permitted") else ("✓" if good else "✗")
        ms = result.get("ms")
        timing = f"{ms:7.0f} ms" if isinstance(ms, int | float) else " " * 10
        line = f"  {mark} {group:<15} {str(result.get('target', ''))[:40]:<40} {timing}  {result.get('detail', '')}"
        click.secho(line, err=True, fg="green" if mark == "✓" else "red" if mark == "✗" else None)

    return show


def validated(f: Field, value: Any) -> Any:
    if f.kind == "list":
        return tuple(item.strip() for v in value or () for item in v.split(",") if item.strip())
    if not value or not value.strip():
        return None
    from reportkit import validate

    check = validate.VALIDATORS.get(f.kind)
    return check(value, f.flag) if check else value.strip()


def interview(answers: dict[str, Any], errors: list[Any], wants: dict[str, Any]) -> list[Any]:
    """Ask for what is missing, in the order a support agent would ask. Mutates `answers` and `wants`."""
    from reportkit import options

    todo = options.missing(answers)
    if todo:
        click.echo("A few questions for the support request. Press Enter to skip any of them.\n", err=True)
    current = ""
    try:
        for f in todo:
            group = f.key.split(".")[0]
            if group != current:
                current = group
                click.secho(SECTION_TITLES.get(group, group.title()), bold=True, err=True)
            value = ask_field(f)
            if value and f.key in FOLLOW_UP_FIELDS:
                value = follow_up(value, f.key)
            if value:
                answers[f.key] = value
        if not errors and not wants["clipboard"]:
            wants["clipboard"] = click.confirm("  Paste the error message from the clipboard?", default=False, err=True)
            if not wants["clipboard"]:
                errors = errors + ask_errors()
        if not wants["screenshots"] and not wants["capture"]:
            ask_screenshots(wants)
    except (click.Abort, KeyboardInterrupt, EOFError):
        raise Interrupted(answers, tuple(errors)) from None
    return errors


FOLLOW_UP_FIELDS = ("problem.summary", "problem.description", "problem.broken", "problem.impact")


def follow_up(value: str, key: str) -> str:
    """A vague answer gets one targeted question, not a lecture."""
    from reportkit import quality

    finding = quality.vague_answer(value, key)
    if finding is None or not finding.question:
        return value
    more = click.prompt(f"    {finding.question}", default="", show_default=False, err=True).strip()
    if finding.code == "secret-in-text":  # the new answer replaces the one with the password (redacted anyway)
        return more or value
    return f"{value} — {more}" if more else value


def ask_field(f: Field) -> Any:
    def proc(text: str) -> Any:
        try:
            return validated(f, (text,) if f.kind == "list" else text)
        except InputError as exc:
            raise click.BadParameter(exc.message.split(": ", 1)[-1]) from None

    label = f"  {f.prompt}" + (click.style(f"  ({f.hint})", dim=True) if f.hint else "")
    return click.prompt(label, default="", show_default=False, value_proc=proc, err=True)


def ask_errors() -> list[Any]:
    from reportkit.collectors import evidence

    click.secho("The exact error", bold=True, err=True)
    click.echo(
        click.style(
            "  Paste the exact error message, not a paraphrase. Finish with an empty line; an empty line now skips.",
            dim=True,
        ),
        err=True,
    )
    lines: list[str] = []
    while True:
        line = click.prompt("  ", default="", show_default=False, prompt_suffix="", err=True)
        if not line:
            break
        lines.append(line)
    return [evidence.from_text("\n".join(lines))] if lines else []


def ask_screenshots(wants: dict[str, Any]) -> None:
    """Screenshot paths (checked now, so a typo is asked again), or c to capture the screen."""
    import os.path

    click.secho("Screenshots", bold=True, err=True)

    def proc(text: str) -> str:
        text = text.strip().strip('"')
        if text.lower() in ("", "c") or os.path.isfile(os.path.expanduser(text)):
            return text
        raise click.BadParameter(f"{text!r} is not a file; give the path of the image, c to capture, or Enter")

    while True:
        answer = click.prompt(
            "  Do you have a screenshot of the error? Path, or press c to capture the screen now",
            default="",
            show_default=False,
            value_proc=proc,
            err=True,
        )
        if not answer:
            return
        caption = click.prompt("  What does it show?", default="", show_default=False, err=True).strip() or None
        if answer.lower() == "c":
            wants["capture"] = True
            wants["capture_caption"] = caption
            return
        wants["screenshots"].append((os.path.expanduser(answer), caption))


def offer_to_remember(answers: Mapping[str, Any], settings: Mapping[str, Any], path: Path) -> None:
    """Offer to save newly typed reporter details so nobody retypes their account ID."""
    from reportkit import config

    keys = [f for f in FIELDS if f.config_key and f.key.startswith(("reporter.", "service.account_id"))]
    new = {
        f.config_key: answers[f.key]
        for f in keys
        if f.config_key and answers.get(f.key) and config.get(settings, f.config_key) != answers[f.key]
    }
    if not new:
        return
    try:
        keep = click.confirm(f"Remember your details for next time (in {path})?", default=True, err=True)
    except click.Abort:
        return
    if keep:
        for key, value in new.items():
            config.set_value(path, key, value)


def print_receipt(outdir: Path, written: Sequence[Path], warnings: Sequence[str]) -> None:
    for note in warnings:
        click.echo(f"warning: {note}", err=True)
    try:
        shown = outdir.relative_to(Path.cwd())
    except ValueError:
        shown = outdir
    click.echo(f"Support request written to {shown}{os.sep}")
    names = [path.relative_to(outdir).as_posix() if path.is_relative_to(outdir) else str(path) for path in written]
    width = max(len(name) for name in names)
    for name in names:
        note = RECEIPT.get(name) or (
            "attach it to the ticket: everything in one file"
            if name.endswith(".zip")
            else "normalised, metadata removed"
            if name.startswith("attachments/")
            else "PRIVATE stand-in mapping: keep it, never send it"
            if name.endswith(".anonymization-map.json")
            else ""
        )
        click.echo(f"  {name:<{width}}  {note}".rstrip())
    top = {p.name for p in written}
    if "request.txt" in top:
        click.echo(
            "Next: send request.txt as the e-mail to support"
            + (" and attach request.html." if "request.html" in top else ".")
        )
    elif "request.md" in top:
        click.echo("Next: paste request.md into the support ticket form.")


@main.command()
@click.option("--host", metavar="IP", help="Server IP address of the service.")
@click.option("--hostname", metavar="NAME", help="Server host name (checked through DNS).")
@click.option("--url", metavar="URL", help="Address of the service (HTTP status and TLS are checked).")
@probe_options
@click.option(
    "--other-connection",
    type=click.Choice(["works", "fails"]),
    help="Does the service work over another connection (e.g. a phone hotspot)?",
)
@click.option(
    "--other-devices", type=click.Choice(["works", "fails"]), help="Do other devices on this network have internet?"
)
@click.option("--offline", is_flag=True, help="Send nothing: local snapshot only.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (schema, verdict, probes, network).")
@click.option("--sequential", is_flag=True, hidden=True, help="Run probes one after another (benchmark baseline).")
@click.pass_context
def diagnose(
    ctx: click.Context,
    /,
    host: str | None,
    hostname: str | None,
    url: str | None,
    ports: tuple[str, ...],
    admin_port: str | None,
    anchors: tuple[str, ...],
    resolvers: tuple[str, ...],
    portal_url: str | None,
    deadline: str | None,
    other_connection: str | None,
    other_devices: str | None,
    offline: bool,
    as_json: bool,
    sequential: bool,
) -> None:
    """Find where the fault lies: device, local network, ISP, DNS, cloud provider or the service."""
    import json

    from reportkit import config, options, pipeline
    from reportkit.render import render_diagnosis

    settings = config.load(config.config_path(ctx.obj["config_file"]), required=bool(ctx.obj["config_file"]))
    overrides = options.probe_overrides(
        host=host,
        url=url,
        ports=ports,
        admin_port=admin_port,
        anchors=anchors,
        resolvers=resolvers,
        portal_url=portal_url,
        deadline=deadline,
    )
    overrides["hostname"] = hostname
    answers = {"problem.other_connection": other_connection, "problem.other_devices": other_devices}
    result = pipeline.diagnose(
        settings, overrides, answers, offline=offline, on_result=progress_printer(), sequential=sequential
    )
    if as_json:
        click.echo(json.dumps(pipeline.diagnosis_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diagnosis(result.verdict, result.sections), nl=False)


@main.command()
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=FORMAT_CHOICE,
    help="Format to render (repeatable; default: text, markdown and html).",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Output directory (default: the report's own directory)."
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def render(report: Path, formats: tuple[str, ...], output: Path | None, force: bool) -> None:
    """Re-render a saved REPORT.json into other formats."""
    from reportkit import pipeline

    written = pipeline.rerender(report, formats or ("text", "markdown", "html"), output or report.parent, force)
    print_receipt(output or report.parent, written, ())


@main.command()
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--strict", is_flag=True, help="Exit 1 when the score is below the threshold.")
def check(report: Path, strict: bool) -> None:
    """Lint a saved REPORT.json: vague wording, missing specifics, secrets; a completeness score."""
    from reportkit import pipeline, quality

    result = quality.check(pipeline.load_report(report))
    click.echo(f"Completeness: {result.score}/100 (threshold {quality.THRESHOLD})")
    click.echo("  " + ", ".join(f"{name} {points}" for name, points in result.breakdown.items()))
    for finding in result.findings:
        click.echo(f"{finding.severity}: {finding.message}")
        if finding.suggestion:
            click.echo(f"  → {finding.suggestion}")
    if not result.findings:
        click.echo("No findings: the request is specific.")
    if strict and result.score < quality.THRESHOLD:
        fail(f"{report} scores {result.score}/100, below {quality.THRESHOLD}", 1)


@main.group(name="config")
def config_group() -> None:
    """Show or change the remembered settings (reporter, service, ISP, cloud, probes)."""


@config_group.command("show")
@click.pass_context
def config_show(ctx: click.Context) -> None:
    """Print the config file and where it is."""
    from reportkit import config

    path = config.config_path(ctx.obj["config_file"])
    data = config.load(path)
    if not data:
        click.echo(f"# no settings yet; {path} will be created by `reportkit config set KEY VALUE`")
        return
    click.echo(f"# {path}")
    click.echo(config.dumps(data), nl=False)


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, key: str, value: str) -> None:
    """Set KEY (e.g. reporter.email) to VALUE; lists are comma-separated."""
    from reportkit import config

    path = config.config_path(ctx.obj["config_file"])
    stored = config.set_value(path, key, value)
    click.echo(f"{key} = {config.format_value(stored)}  (saved in {path})")


@config_group.command("path")
@click.pass_context
def config_path_cmd(ctx: click.Context) -> None:
    """Print where the config file is."""
    from reportkit import config

    click.echo(str(config.config_path(ctx.obj["config_file"])))
