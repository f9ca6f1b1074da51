"""`reportkit collect`: flags, the interview, the preview, the receipt."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reportkit.cli import main
from reportkit.cli.common import (
    config_file,
    fail,
    format_option,
    formats_from,
    global_options,
    is_verbose,
    language_of,
    note,
    request_language_option,
    say,
    warning_line,
)
from reportkit.cli.options import evidence_options, field_options, probe_options
from reportkit.cli.printing import (
    print_findings,
    print_quality_line,
    print_receipt,
    print_redactions,
    print_sections,
    print_warnings,
    progress_printer,
)
from reportkit.errors import Exit, ReportkitError
from reportkit.fields import FIELDS, param_name, situation_of, validated
from reportkit.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from reportkit import interview


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
@click.option(
    "--also",
    "also",
    multiple=True,
    metavar="DIAGNOSIS.json",
    help="A diagnosis taken over another connection or machine (diagnose --json), merged into the verdict "
    "(repeatable).",
)
@click.option("--no-history", is_flag=True, help="Do not record this request in the history (the ledger).")
@request_language_option
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
    probe_flags: dict[str, Any],
    screenshots: tuple[str, ...],
    capture: bool,
    capture_delay: float,
    no_ocr: bool,
    error_from_clipboard: bool,
    copy_format: str | None,
    bundle: bool,
    strict: bool,
    anonymize: bool,
    anonymize_map: Path | None,
    min_score: int | None,
    request_lang: str | None,
    also: tuple[str, ...],
    no_history: bool,
    **values: Any,
) -> None:
    """Gather identifiers, the problem, evidence and diagnostics into a support request."""
    from reportkit import config, draft, i18n, interview, options, pipeline, recording
    from reportkit.collectors import evidence
    from reportkit.render import FORMATS

    if yes and interactive:
        fail(_("--yes never asks and --interactive always asks; choose one"), 2)
    if error_files.count("-") > 1:
        fail(_("--error-file -: standard input can be read only once; give it once"), 2)
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and anonymize and anonymize_map is None:
        fail(_("-o - --anonymize: the private map needs a file of its own; add --anonymize-map FILE"), 2)
    if anonymize_map is not None and str(anonymize_map) == "-":
        fail(_("--anonymize-map -: the private map is a file kept on this machine, not a stream; give a file name"), 2)
    request_language = language_of(request_lang, "--request-lang") if request_lang else None
    settings = config.load(config.config_path(config_file()), required=config_file() is not None)
    also, values["other_connection"] = other_vantages(also, values.get("other_connection"))
    flags = {f.key: validated(f, values.get(param_name(f))) for f in FIELDS}
    overrides = options.probe_overrides(**probe_flags)
    errors = [evidence.from_text(t) for t in error_texts if t.strip()]
    warnings: list[str] = []
    for path in error_files:
        error, notes = evidence.read_error_file(path, sys.stdin.buffer if path == "-" else None)
        errors.append(error)
        warnings.extend(notes)
    draft_file = draft.draft_path(config.user_data_dir())
    kept = draft.Draft(answers={})
    if resume:
        source, ignored = draft.find(draft_file)
        if ignored:
            say(warning_line(ignored))
        kept, moved = draft.load(source)
        if moved:
            say(warning_line(moved))
        else:
            note(_("Resuming the draft saved in {path}.").format(path=source))
    answers = options.merge_answers(flags, kept.answers, settings)
    chosen = formats_from(formats, options.ALL_FORMATS)
    if to_stdout:  # one request on standard output: the text, or the one format asked for
        if formats and len(chosen) > 1:
            fail(
                _("-o - prints one format, not {formats}; choose one with -f (e.g. -f markdown)").format(
                    formats=", ".join(chosen)
                ),
                2,
            )
        chosen = chosen if formats else ("text",)
    elif output is not None:  # fail before the interview, not after it
        from reportkit import deliver, pipeline

        anonymizing = anonymize or anonymize_map is not None
        private = pipeline.anonymize_map_path(output, anonymize_map) if anonymizing else None
        deliver.preflight(output, [FORMATS[f] for f in chosen], force, private)
    for text in warnings:
        say(warning_line(text))
    ask = interactive or (not yes and sys.stdin.isatty() and "-" not in error_files)
    session = interview.Session(
        answers=answers,
        errors=errors,
        clipboard=error_from_clipboard,
        capture=capture,
        screenshots=[evidence.parse_screenshot_arg(s) for s in screenshots],
        situation=situation_of(flags),  # the user's choice: these flags, else the draft's, else asked
    )
    for text in interview.restore(session, kept):
        say(warning_line(text))
    prompter = ClickPrompter()
    recorder = recording.open_recorder(settings, not no_history)
    try:
        if ask:
            interview.run(session, prompter)
        known = recorder.history(session_answers(session))
        request_id = recorder.reserve(session_answers(session), request_language or i18n.current())
        run = options.RunOptions(
            answers=session_answers(session),
            errors=tuple(session.errors),
            formats=chosen,
            output=output,
            force=force,
            offline=offline,
            warnings=tuple(warnings),
            settings=settings,
            probe_overrides={**overrides, **{k: answers.get(f"service.{k}") for k in ("host", "hostname", "url")}},
            on_result=progress_printer(always=is_verbose()) if not offline else None,
            before_probes=announce if not offline and (ask or sys.stderr.isatty()) else None,
            screenshots=tuple(session.screenshots),
            capture=session.capture,
            capture_caption=session.capture_caption,
            capture_delay=capture_delay,
            error_from_clipboard=session.clipboard,
            copy=copy_format,
            bundle=bundle,
            strict=strict,
            min_score=min_score,
            anonymize=anonymize or anonymize_map is not None,
            anonymize_map=anonymize_map,
            start_said=session.start_said,
            language=i18n.current(),
            request_language=request_language,
            ocr=not no_ocr,
            seen_secrets=dict(interview.SEEN),
            ocr_error_text=None if ask else True,  # --yes: a dialog's error text is added, marked as read
            request_id=request_id,
            history=known,
            vantages=also,
        )
        outcome = preview_then_write(run, session, draft_file, prompter) if ask else pipeline.collect(run)
    except SystemExit:
        raise  # cancel in the preview: the draft is already kept
    except BaseException as exc:
        recorder.close()
        if ask or resume or isinstance(exc, pipeline.QualityRefused):
            keep_draft(draft_file, session, exc)
        raise
    recorder.saved(outcome, outcome.plan, outcome.probes)
    recorder.close()
    if resume:
        draft.clear(draft_file)
    config_at = config.config_path(config_file())
    print_sections(outcome.report.diagnostics.sections, config_at, config_at.exists())
    if to_stdout and outcome.stdout_text is not None:
        click.echo(outcome.stdout_text, nl=False)
        print_warnings(later_warnings(outcome.warnings, warnings))
    else:
        print_receipt(outcome.outdir, outcome.written, later_warnings(outcome.warnings, warnings))
        print_quality_line(outcome)
    print_warnings(list(dict.fromkeys(recorder.warnings)))
    print_recorded(recorder.request_id, to_stdout=not (to_stdout and outcome.stdout_text is not None))
    if ask:
        remember(prompter, answers, settings, config_at)
    if strict and outcome.warnings:
        count = len(outcome.warnings)
        fail(
            ngettext(
                "{count} warning and --strict (the files above are written)",
                "{count} warnings and --strict (the files above are written)",
                count,
            ).format(count=count),
            1,
        )


def other_vantages(also: tuple[str, ...], other_connection: str | None) -> tuple[tuple[Any, ...], str | None]:
    """The diagnoses named by --also, and by --other-connection when it names a file rather than works / fails;
    each read and checked now, before any question is asked."""
    import os

    from reportkit import validate, vantages

    paths = list(also)
    named = other_connection and not validate.is_works_fails(other_connection)
    if named and (os.path.exists(str(other_connection)) or str(other_connection).lower().endswith(".json")):
        paths.append(str(other_connection))
        other_connection = None
    return tuple(vantages.load(Path(p)) for p in paths), other_connection


def print_recorded(request_id: str | None, to_stdout: bool) -> None:
    """The id to quote, and how to record the ticket number support will give: with the receipt on standard
    output, or on stderr when standard output carries the request itself (-o -)."""
    if request_id is None:
        return
    line = _("Recorded as {id}; when support answers with a ticket number: `reportkit ticket {id} NUMBER`")
    if to_stdout:
        click.echo(line.format(id=request_id))
    else:
        say(line.format(id=request_id))


def session_answers(session: interview.Session) -> dict[str, Any]:
    """The answers as the report is built from them, with what the problem is about (the situation)."""
    return {**session.answers, "problem.situation": session.situation}


def later_warnings(everything: Sequence[str], said: Sequence[str]) -> tuple[str, ...]:
    """The warnings not yet printed: those about the input files were said before the interview."""
    return tuple(w for w in everything if w not in said)


def announce(targets: Any) -> None:
    """Before the first probe: one line naming what this run will contact (from the pipeline's own plan)."""
    from reportkit import interview
    from reportkit.collectors import probes

    note(interview.contact_notice(probes.contacts(targets)))


def keep_draft(draft_file: Path, session: interview.Session, exc: BaseException) -> None:
    """The session ends before the request is written: keep every answer, say where, never fail doing so."""
    from reportkit import pipeline

    if session.draft().is_empty():
        return
    if isinstance(exc, pipeline.QualityRefused):
        print_warnings(exc.warnings)
        save_draft(draft_file, session, "refused")
    elif isinstance(exc, ReportkitError):
        save_draft(draft_file, session, "error")
    elif isinstance(exc, KeyboardInterrupt | click.Abort | EOFError):
        save_draft(draft_file, session, "interrupted")
    else:
        save_draft(draft_file, session, "ended")


# why the session ended -> the line saying where the answers are (the draft's folder writable, or not)
SAVED = {
    "refused": (
        N_("Nothing was written. Your answers are saved in {path}; add the specifics and run `{command}`."),
        N_(
            "Nothing was written. Your answers are saved in {path} ({folder} is not writable); add the specifics and "
            "run `{command}`."
        ),
    ),
    "error": (
        N_("Your answers are saved in {path}; fix the problem below and run `{command}`."),
        N_("Your answers are saved in {path} ({folder} is not writable); fix the problem below and run `{command}`."),
    ),
    "interrupted": (
        N_("Interrupted. Your answers are saved in {path}; continue with `{command}`."),
        N_("Interrupted. Your answers are saved in {path} ({folder} is not writable); continue with `{command}`."),
    ),
    "cancelled": (
        N_("Cancelled. Your answers are saved in {path}; continue with `{command}`."),
        N_("Cancelled. Your answers are saved in {path} ({folder} is not writable); continue with `{command}`."),
    ),
    "ended": (
        N_("Your answers are saved in {path}; continue with `{command}`."),
        N_("Your answers are saved in {path} ({folder} is not writable); continue with `{command}`."),
    ),
}


def save_draft(draft_file: Path, session: interview.Session, why: str) -> None:
    """The draft where it can be written (else the answers as JSON on stderr), and one line saying where; `why`
    the session ended: a key of SAVED."""
    from reportkit import draft

    kept = session.draft()
    where = draft.keep(draft_file, kept)
    if where is None:
        say(_("Your answers could not be saved anywhere (no writable folder); here they are, copy them:"))
        say(draft.encode(kept).decode("utf-8", "replace"))
        return
    here, elsewhere = SAVED[why]
    line = _(here) if where == draft_file else _(elsewhere)
    text = line.format(path=where, folder=draft_file.parent, command="reportkit collect --resume")
    say(("\n" if why == "interrupted" else "") + text)


def preview_then_write(run: Any, session: interview.Session, draft_file: Path, prompter: ClickPrompter) -> Any:
    """Show the request as it will leave the machine, in a pager; save, edit any answer or the description, or
    cancel (the draft is kept). An edit rebuilds the request from what was gathered, without probing again."""
    import dataclasses

    from reportkit import interview, pipeline
    from reportkit.render import render

    state: dict[str, Any] = {"prepared": pipeline.prepare(run), "answers": dict(session.answers), "run": run}
    offered = state["prepared"].ocr_error
    if offered is not None:  # a screenshot shows an error and none was given: ask before the preview
        number, text = offered
        prompter.say(_("Screenshot {number} shows this error text (read by OCR):").format(number=number))
        prompter.say("  " + " ".join(text.split())[:300])
        use = prompter.confirm(_("Add it to the request as the exact error text?"), True)
        state["run"] = dataclasses.replace(run, ocr_error_text=use)
        state["answers"] = None  # rebuild

    def current() -> Any:
        return dataclasses.replace(state["run"], answers=session_answers(session))

    def show() -> None:
        if session.answers != state["answers"]:
            prepared = state["prepared"]
            state["prepared"] = pipeline.prepare(current(), prepared.now, prepared.gathered)
            state["answers"] = dict(session.answers)
        prepared = state["prepared"]
        rule = "─" * 72
        prompter.page(f"{rule}\n{render(prepared.report, 'text').rstrip()}\n{rule}\n")
        print_redactions(prepared.redacted)
        print_findings(prepared.quality)

    def not_a_secret() -> None:
        removed = state["prepared"].redacted.removed
        chosen = interview.pick_not_secrets(prompter, removed)
        if chosen:
            values = frozenset(r.value for r in chosen if r.value)
            state["run"] = dataclasses.replace(state["run"], not_secrets=state["run"].not_secrets | values)
            state["answers"] = None  # rebuild with those values kept

    if interview.review(prompter, session, show, not_a_secret, lambda: bool(state["prepared"].redacted.removed)):
        return pipeline.finish(state["prepared"], current())
    save_draft(draft_file, session, "cancelled")
    sys.exit(Exit.INTERRUPTED)


class ClickPrompter:
    """interview.Prompter on the terminal, with Click; every prompt goes to stderr, stdout stays for results."""

    def ask(self, text: str, default: str = "", *, hidden: bool = False, hint: str = "", progress: str = "") -> str:
        label = (
            (click.style(f"  {progress:>5} ", dim=True) if progress else "")
            + text
            + (click.style(f"  ({hint})", dim=True) if hint else "")
        )
        answer = click.prompt(label, default=default, show_default=bool(default), hide_input=hidden, err=True)
        return str(answer)

    def choose(self, text: str, choices: Sequence[str], default: str) -> str:
        """One of `choices`, read as interview.chosen reads it; anything else is said and asked again."""
        from reportkit import interview

        while True:
            typed = str(click.prompt(text, default=default, show_default=bool(default), err=True))
            picked = interview.chosen(typed, choices)
            if picked is not None:
                return picked
            known = ", ".join(repr(choice) for choice in choices)
            say(_("Error: {value} is not one of {choices}.").format(value=repr(typed), choices=known))

    def confirm(self, text: str, default: bool = False) -> bool:
        """Yes or no, as interview.yes_no reads it (English always, the interface language's words too)."""
        from reportkit import interview

        shown = _("[Y/n]") if default else _("[y/N]")
        while True:
            typed = str(click.prompt(f"{text} {shown}", default="", show_default=False, err=True))
            answer = interview.yes_no(typed, default)
            if answer is not None:
                return answer
            say(_("Error: invalid input"))

    def say(self, text: str = "", style: str = "") -> None:
        say(click.style(text, bold=True) if style == "heading" else click.style(text, dim=True) if style else text)

    def paste_lines(self, prompt: str) -> Iterator[str]:
        while True:
            yield str(click.prompt(prompt, default="", show_default=False, prompt_suffix="", err=True))

    def edit(self, text: str) -> str | None:
        """`text` in $VISUAL / $EDITOR (else nano, vi …); None if the editor was left without saving or failed."""
        import os
        import shlex
        import shutil
        import tempfile

        fallback = (name for name in ("sensible-editor", "editor", "nano", "vim", "vi") if shutil.which(name))
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or next(fallback, None)
        if not editor:
            say("  " + _("No editor found: set $EDITOR (e.g. EDITOR=nano); nothing was changed."))
            return None
        fd, name = tempfile.mkstemp(prefix="reportkit-", suffix=".txt")  # 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
            before = os.stat(name).st_mtime_ns
            try:
                code = on_terminal([*shlex.split(editor), name])
            except (OSError, ValueError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                line = _("The editor {editor} could not be started ({reason}); set $EDITOR, e.g. EDITOR=nano.")
                say("  " + line.format(editor=repr(editor), reason=reason))
                return None
            if code != 0:
                line = _("The editor {editor} ended with exit code {code}; nothing was changed.")
                say("  " + line.format(editor=repr(editor), code=code))
                return None
            if os.stat(name).st_mtime_ns == before:
                return None
            with open(name, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        finally:
            os.unlink(name)

    def page(self, text: str) -> None:
        """A pager from the top of the text when a person reads the terminal (less: quit at once if it fits, leave
        the text on screen, as git does); otherwise, or without a pager, the text as it is."""
        import os
        import shlex
        import shutil

        argv = shlex.split(os.environ.get("PAGER") or "less")
        usable = argv and argv[0] not in ("cat", "") and shutil.which(argv[0])
        if (
            not usable
            or not (sys.stdin.isatty() and sys.stdout.isatty())
            or os.environ.get("TERM", "dumb") in ("", "dumb")
        ):
            say(text, nl=False)
            return
        env = {**os.environ, "LESS": os.environ.get("LESS") or "FRX"}
        try:
            on_terminal(argv, text, env)
        except OSError:
            say(text, nl=False)


def on_terminal(argv: list[str], text: str | None = None, env: dict[str, str] | None = None) -> int:
    """Run a pager (fed `text`) or an editor on this terminal and wait for it. Ctrl-C, SIGTERM, SIGHUP or an error
    end it with the session (the caller keeps the draft), and the terminal's modes are restored either way."""
    import contextlib
    import subprocess

    saved = None
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        saved = termios.tcgetattr(sys.stdin.fileno())
    stdin = subprocess.PIPE if text is not None else None
    child = subprocess.Popen(argv, stdin=stdin, env=env, text=True, encoding="utf-8", errors="replace")
    try:
        if child.stdin is not None:
            with contextlib.suppress(BrokenPipeError):  # the pager was quit before it read everything
                child.stdin.write(text or "")
            with contextlib.suppress(BrokenPipeError):
                child.stdin.close()
        return child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=2)
            except subprocess.TimeoutExpired:
                child.kill()
        if saved is not None:
            with contextlib.suppress(OSError, ValueError):
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


def remember(prompter: ClickPrompter, answers: Mapping[str, Any], settings: Mapping[str, Any], path: Path) -> None:
    """After the request is saved: offer to keep the reporter details; a failure is one warning, never fatal."""
    from reportkit import config, interview
    from reportkit.cli import _stopped

    try:
        keep = interview.offer_to_remember(prompter, answers, settings, str(path))
    except click.Abort as exc:
        if _stopped(exc) is not None:  # SIGTERM / SIGHUP: 143 / 129 (the request is written: no draft needed)
            raise
        say()  # Ctrl-C or end of input: a quiet "no"
        return
    try:
        for key, value in keep.items():
            config.set_value(path, key, value)
    except (ReportkitError, OSError) as exc:
        reason = exc.message if isinstance(exc, ReportkitError) else str(exc)
        say(
            warning_line(_("your details were not remembered ({reason}); the request is written").format(reason=reason))
        )
