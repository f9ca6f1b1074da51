"""`reportkit collect`: flags, the interview, the preview, the receipt."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, fail, format_option, formats_from, global_options, note, say
from reportkit.cli.options import evidence_options, field_options, probe_options
from reportkit.cli.printing import (
    print_findings,
    print_quality_line,
    print_receipt,
    print_redactions,
    print_warnings,
    progress_printer,
)
from reportkit.errors import EXIT_INTERRUPTED, InputError, ReportkitError
from reportkit.fields import FIELDS, Field, param_name

SECTION_TITLES = {"reporter": "About you", "service": "The service", "problem": "The problem"}


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
@format_option("Output format (repeatable; default: text, markdown, html and json).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Output directory (default ./reportkit-DATE-TIME/)."
)
@click.option("--force", is_flag=True, help="Overwrite existing files in the output directory.")
@click.option("--offline", is_flag=True, help="Send no network packets (local snapshot only).")
@click.option("--yes", "-y", "--non-interactive", "yes", is_flag=True, help="Never prompt; use flags and config only.")
@click.option("--interactive", is_flag=True, help="Interview even when standard input is not a terminal.")
@click.option("--resume", is_flag=True, help="Continue from the draft saved when an interview was interrupted.")
@global_options
def collect(
    error_texts: tuple[str, ...],
    error_files: tuple[str, ...],
    formats: tuple[tuple[str, ...], ...],
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

    settings = config.load(config.config_path(config_file()), required=config_file() is not None)
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
        source = draft.find(draft_file)
        saved, saved_errors, moved = draft.load(source)
        if moved:
            say(f"warning: {moved}")
        else:
            note(f"Resuming the draft saved in {source}.")
        errors = list(saved_errors) + errors
    answers = options.merge_answers(flags, saved, settings)
    chosen = formats_from(formats, options.ALL_FORMATS)
    to_stdout = output is not None and str(output) == "-"
    if output is not None and not to_stdout:  # fail before the interview, not after it
        from reportkit import deliver

        deliver.preflight(output, [FORMATS[f] for f in chosen], force)
    for text in warnings:
        say(f"warning: {text}")
    ask = interactive or (not yes and sys.stdin.isatty() and "-" not in error_files)
    wants: dict[str, Any] = {
        "clipboard": error_from_clipboard,
        "capture": capture,
        "screenshots": [evidence.parse_screenshot_arg(s) for s in screenshots],
        "pasting": [],  # lines of a multi-line paste in progress: kept if the session ends mid-paste
    }
    try:
        if ask:
            interview(answers, errors, wants)
        run = options.RunOptions(
            answers=answers,
            errors=tuple(errors),
            formats=("text",) if to_stdout else chosen,
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
            note(
                "Checking the network: your router, DNS servers, public test addresses and the service's own "
                "addresses are contacted (--offline sends nothing; targets: `reportkit config set probes.…`)."
            )
        outcome = preview_then_write(run, answers, errors, draft_file) if ask else pipeline.collect(run)
    except SystemExit:
        raise  # cancel in the preview: the draft is already kept
    except BaseException as exc:
        if ask or resume or isinstance(exc, pipeline.QualityRefused):
            keep_draft(draft_file, answers, errors, wants, exc)
        raise
    if resume:
        draft.clear(draft_file)
    stdout_text = getattr(outcome, "stdout_text", None)
    if to_stdout and stdout_text is not None:
        click.echo(stdout_text, nl=False)
        print_warnings(outcome.warnings)
    else:
        print_receipt(outcome.outdir, outcome.written, outcome.warnings)
        print_quality_line(outcome)
    if ask:
        offer_to_remember(answers, settings, config.config_path(config_file()))
    if strict and outcome.warnings:
        count = len(outcome.warnings)
        fail(f"{count} warning{'s' if count > 1 else ''} and --strict (the files above are written)", 1)


def keep_draft(
    draft_file: Path, answers: Mapping[str, Any], errors: list[Any], wants: dict[str, Any], exc: BaseException
) -> None:
    """The session ends before the request is written: keep every answer, say where, never fail doing so."""
    from reportkit import draft, pipeline
    from reportkit.collectors import evidence

    kept = list(errors)
    if wants.get("pasting"):
        kept.append(evidence.from_text("\n".join(wants["pasting"])))
    if not any(answers.values()) and not kept:
        return
    if isinstance(exc, pipeline.QualityRefused):
        print_warnings(exc.warnings)
    where = draft.keep(draft_file, answers, tuple(kept))
    if where is None:
        say("Your answers could not be saved anywhere (no writable folder); here they are, copy them:")
        say(draft.encode(answers, tuple(kept)).decode("utf-8", "replace"))
        return
    fallback = "" if where == draft_file else f" ({draft_file.parent} is not writable)"
    if isinstance(exc, pipeline.QualityRefused):
        lead, then = "Nothing was written. ", "add the specifics and run"
    elif isinstance(exc, ReportkitError):
        lead, then = "", "fix the problem below and run"
    elif isinstance(exc, KeyboardInterrupt | click.Abort | EOFError):
        lead, then = "\nInterrupted. ", "continue with"
    else:
        lead, then = "", "continue with"
    say(f"{lead}Your answers are saved in {where}{fallback}; {then} `reportkit collect --resume`.")


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


def validated(f: Field, value: Any) -> Any:
    if f.kind == "list":
        return tuple(item.strip() for v in value or () for item in v.split(",") if item.strip())
    if not value or not value.strip():
        return None
    from reportkit import validate

    check = validate.VALIDATORS.get(f.kind)
    return check(value, f.flag) if check else value.strip()


def interview(answers: dict[str, Any], errors: list[Any], wants: dict[str, Any]) -> None:
    """Ask for what is missing, in the order a support agent would ask. Mutates `answers`, `errors` and `wants`,
    so whatever was typed survives any way the session ends."""
    from reportkit import fields, options

    situation = fields.situation_of(answers) or ask_situation()
    todo = [f for f in options.missing(answers) if situation in f.situations]
    if todo:
        say(f"A few questions ({len(todo)}) for the support request. Press Enter to skip any of them.\n")
    current = ""
    for number, f in enumerate(todo, 1):
        group = f.key.split(".")[0]
        if group != current:
            current = group
            say(click.style(SECTION_TITLES.get(group, group.title()), bold=True))
        value = ask_field(f, f"{number}/{len(todo)}")
        if value and f.key in FOLLOW_UP_FIELDS:
            value = follow_up(value, f.key)
        if value:
            answers[f.key] = value
    if not errors and not wants["clipboard"]:
        from reportkit import clipboard

        if clipboard.available():
            wants["clipboard"] = click.confirm("  Paste the error message from the clipboard?", default=False, err=True)
        else:
            say("  No clipboard can be read here (no display, or no xclip/xsel): paste the error text below.")
        if not wants["clipboard"]:
            ask_errors(errors, wants["pasting"])
    if not wants["screenshots"] and not wants["capture"]:
        ask_screenshots(wants)


def ask_situation() -> str:
    """First ask what the problem is about, so only what that situation needs is asked."""
    from reportkit import fields

    say(click.style("What is the problem about?", bold=True))
    for key, (label, _) in fields.SITUATIONS.items():
        say(f"  [{key[0]}] {label}")
    choice = click.prompt(
        "  Choose", type=click.Choice([k[0] for k in fields.SITUATIONS]), default="s", show_choices=False, err=True
    )
    return next(k for k in fields.SITUATIONS if k[0] == choice)


FOLLOW_UP_FIELDS = ("problem.summary", "problem.description", "problem.broken", "problem.impact")


def follow_up(value: str, key: str) -> str:
    """A vague answer gets one targeted question, not a lecture."""
    from reportkit import quality

    finding = quality.vague_answer(value, key)
    if finding is None or not finding.question:
        return value
    more = click.prompt(f"    {finding.question}", default="", show_default=False, err=True).strip()
    return more or value  # the specific answer replaces the vague one (or the one holding a password)


def ask_field(f: Field, progress: str = "") -> Any:
    def proc(text: str) -> Any:
        try:
            return validated(f, (text,) if f.kind == "list" else text)
        except InputError as exc:
            raise click.BadParameter(exc.message.split(": ", 1)[-1]) from None

    label = (
        (click.style(f"  {progress:>5} ", dim=True) if progress else "  ")
        + f.prompt
        + (click.style(f"  ({f.hint})", dim=True) if f.hint else "")
    )
    return click.prompt(label, default="", show_default=False, value_proc=proc, err=True)


def ask_errors(errors: list[Any], lines: list[str]) -> None:
    """Multi-line paste; `lines` fills as the user pastes, so an interrupted paste keeps what arrived."""
    from reportkit.collectors import evidence

    click.secho("The exact error", bold=True, err=True)
    click.echo(
        click.style(
            "  Paste the exact error message, not a paraphrase. Finish with an empty line; an empty line now skips.",
            dim=True,
        ),
        err=True,
    )
    while True:
        line = click.prompt("  ", default="", show_default=False, prompt_suffix="", err=True)
        if not line:
            break
        lines.append(line)
    if lines:
        errors.append(evidence.from_text("\n".join(lines)))
        lines.clear()


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
