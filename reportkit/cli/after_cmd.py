"""After the request is sent: `verify` (is it fixed?), `watch` (a fault that comes and goes) and `compare`
(diagnoses from several connections or machines)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, global_options, json_text, note, say, warning_line
from reportkit.cli.options import probe_options
from reportkit.cli.printing import shown
from reportkit.errors import InputError
from reportkit.i18n import _


def _settings() -> dict[str, Any]:
    from reportkit import config

    return config.load(config.config_path(config_file()), required=config_file() is not None)


def _ledger(settings: dict[str, Any], enabled: bool = True) -> Any | None:
    """The ledger, or None when history is off; a ledger that cannot be opened is a warning here."""
    from reportkit import history
    from reportkit.errors import ReportkitError

    try:
        ledger = history.open_default(settings, enabled)
    except ReportkitError as exc:
        say(warning_line(exc.message))
        return None
    for notice in ledger.notices if ledger is not None else ():
        say(warning_line(notice))
    return ledger


def baseline_of(source: str, ledger: Any | None) -> Any:
    """A request id from the ledger, or a report.json (its folder)."""
    from reportkit import verify

    if not source.strip():
        raise InputError(_("the request is empty; give a request id (RK-…) or a report.json"))
    if verify.looks_like_id(source) and not Path(source).exists():
        if ledger is None:
            raise InputError(
                _("{id}: the history is turned off, so request ids are unknown; give the report.json").format(id=source)
            )
        return verify.from_ledger(ledger, source)
    return verify.from_report(Path(source), ledger)


@main.command()
@click.argument("request", metavar="REQUEST-ID|REPORT")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the changes, the new verdict, the follow-up.")
@click.option("--resolve", is_flag=True, help="Mark the request resolved (with --cause and --fix).")
@click.option("--cause", metavar="TEXT", help="What caused the problem (with --resolve).")
@click.option("--fix", "fix_text", metavar="TEXT", help="What fixed it (with --resolve).")
@click.option("--symptom", metavar="TEXT", help="The symptom as written down (default: the request's summary).")
@click.option("--deadline", metavar="SECONDS", type=click.FloatRange(0.5, 120), help="Deadline for the probes.")
@click.option("--no-history", is_flag=True, help="Do not record this run in the history.")
@global_options
def verify(
    request: str,
    as_json: bool,
    resolve: bool,
    cause: str | None,
    fix_text: str | None,
    symptom: str | None,
    deadline: float | None,
    no_history: bool,
) -> None:
    """Send a request's probes again to the same targets: what is fixed, what still fails, and a follow-up."""
    import dataclasses
    from datetime import datetime

    from reportkit import pipeline
    from reportkit import verify as check
    from reportkit.history import Round

    if (cause or fix_text) and not resolve:
        raise InputError(_("--cause and --fix go with --resolve; add --resolve to close the request"))
    if resolve and not (cause and cause.strip() and fix_text and fix_text.strip()):
        raise InputError(_("--resolve writes down the cause and the fix: give both, --cause TEXT --fix TEXT"))
    settings = _settings()
    ledger = _ledger(settings, not no_history)
    try:
        baseline = baseline_of(request, ledger)
        diagnosis = pipeline.rediagnose(baseline.plan, settings, deadline=deadline)
        probes = next((s.data for s in diagnosis.sections if s.name == "probes" and s.status == "ok"), None)
        result = check.outcome(baseline, probes, diagnosis.verdict, datetime.now().astimezone())
        earlier: list[Any] = []
        if ledger is not None and baseline.request_id:
            runs = ledger.runs(request_id=baseline.request_id)
            earlier = [r for run in runs for r in run.rounds]
        now_round = Round(
            result.at, result.fixed, diagnosis.verdict.culprit, diagnosis.verdict.finding, check.round_summary(result)
        )
        result = dataclasses.replace(result, recovered_at=check.recovered_since([*earlier, now_round], result.at))
        warnings = _keep_run(ledger, baseline, now_round, settings) if ledger is not None else []
        if resolve and ledger is not None and baseline.request_id:
            ledger.resolve(
                baseline.request_id,
                (symptom or baseline.summary or "").strip(),
                str(cause).strip(),
                str(fix_text).strip(),
            )
        elif resolve:
            warnings.append(_("--resolve: this request is not in the history, so nothing was marked resolved"))
        reporter = str((settings.get("reporter") or {}).get("name") or "")
        message = check.render_followup(result, reporter)
    finally:
        if ledger is not None:
            ledger.close()
    if as_json:
        click.echo(json_text(_verify_json(result, message), ensure_ascii=False, indent=2))
    else:
        _print_changes(result.changes)
        from reportkit.render import render_diagnosis

        click.echo()
        click.echo(render_diagnosis(diagnosis.verdict, diagnosis.sections), nl=False)
        tally = result.tally
        click.echo(
            _("Fixed: {fixed}, still failing: {still}, newly failing: {new}, unchanged: {same}.").format(
                fixed=tally.get("fixed", 0),
                still=tally.get("still-failing", 0),
                new=tally.get("newly-failing", 0),
                same=tally.get("unchanged", 0),
            )
        )
        rule = "─" * 72
        heading = _("Follow-up message")
        click.echo(f"\n{heading}:\n{rule}\n{message.rstrip()}\n{rule}")
    for text in warnings:
        say(warning_line(text))
    if resolve and ledger is not None and baseline.request_id:
        note(_("{id} is marked resolved, with the symptom, the cause and the fix.").format(id=baseline.request_id))


def _keep_run(ledger: Any, baseline: Any, tick: Any, settings: dict[str, Any]) -> list[str]:
    from reportkit import recording
    from reportkit.errors import ReportkitError

    key = (
        baseline.request.service_key
        if baseline.request is not None
        else recording.service_key(
            {
                "service.host": baseline.plan.get("host"),
                "service.url": baseline.plan.get("url"),
                "service.hostname": baseline.plan.get("hostname"),
            }
        )
    )
    try:
        run = ledger.start_run("verify", baseline.request_id if baseline.request is not None else None, key)
        ledger.add_round(run, tick)
        ledger.finish_run(run)
    except ReportkitError as exc:
        return [_("this run was not recorded in the history ({reason})").format(reason=exc.message)]
    return []


def _print_changes(changes: tuple[Any, ...]) -> None:
    from reportkit import verify as check
    from reportkit.render import say as worded
    from reportkit.triage import compare

    rows = [
        (
            check.compare_label(c),
            worded(compare.state_word(c.before)),
            worded(compare.state_word(c.after)),
            worded(compare.change_word(c.change)),
        )
        for c in changes
        if not {c.before, c.after} <= {"not-run", "absent"}  # checked neither time: nothing to say
    ]
    heads = (_("Check"), _("Before"), _("Now"), _("Change"))
    widths = [max(len(str(x)) for x in column) for column in zip(heads, *rows, strict=True)]
    for row in (heads, *rows):
        click.echo("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())


def _verify_json(result: Any, message: str) -> dict[str, Any]:
    from reportkit.model import dump

    return {
        "request_id": result.baseline.request_id,
        "at": result.at,
        "fixed": result.fixed,
        "recovered_at": result.recovered_at,
        "tally": result.tally,
        "changes": [
            {
                "check": c.key,
                "group": c.group,
                "target": c.target,
                "before": c.before,
                "after": c.after,
                "change": c.change,
            }
            for c in result.changes
        ],
        "verdict": dump(result.verdict),
        "followup": message,
    }


@main.command()
@click.argument("request", metavar="[REQUEST-ID|REPORT]", required=False)
@click.option(
    "--every",
    "every_text",
    metavar="DURATION",
    default="30s",
    show_default=True,
    help="Time between rounds (e.g. 30s, 1m).",
)
@click.option(
    "--for",
    "for_text",
    metavar="DURATION",
    default="10m",
    show_default=True,
    help="How long to watch (e.g. 10m, 2h; more than a day needs --force).",
)
@click.option("--force", is_flag=True, help="Allow watching for longer than a day.")
@click.option("--host", metavar="IP", help="Server IP address of the service.")
@click.option("--hostname", metavar="NAME", help="Server host name (checked through DNS).")
@click.option("--url", metavar="URL", help="Address of the service (HTTP status and TLS are checked).")
@probe_options
@click.option("--no-history", is_flag=True, help="Do not keep the timeline in the history.")
@global_options
def watch(
    request: str | None,
    every_text: str,
    for_text: str,
    force: bool,
    host: str | None,
    hostname: str | None,
    url: str | None,
    probe_flags: dict[str, Any],
    no_history: bool,
) -> None:
    """Run the probes every --every for --for, one line per round; the timeline is kept for the next collect."""
    from reportkit import durations, options, pipeline, recording, render, timeline
    from reportkit import watch as watching
    from reportkit.errors import ReportkitError
    from reportkit.history import Round

    every, duration = watching.bounds(durations.parse(every_text, "--every"), durations.parse(for_text, "--for"), force)
    settings = _settings()
    ledger = _ledger(settings, not no_history)
    request_id = None
    if request:
        baseline = baseline_of(request, ledger)
        plan = dict(baseline.plan)
        request_id = baseline.request_id if baseline.request is not None else None
        key = baseline.request.service_key if baseline.request is not None else ""
    else:
        overrides = options.probe_overrides(host=host, url=url, **probe_flags)
        overrides["hostname"] = hostname
        plan = pipeline.plan_now(settings, overrides)
        key = ""
    key = key or recording.service_key(
        {"service.host": plan.get("host"), "service.url": plan.get("url"), "service.hostname": plan.get("hostname")}
    )
    run_id = None
    warnings: list[str] = []
    if ledger is not None:
        try:
            run_id = ledger.start_run("watch", request_id, key)
        except ReportkitError as exc:
            warnings.append(_("the timeline is not kept in the history ({reason})").format(reason=exc.message))
    total = watching.rounds_planned(every, duration)
    note(
        _("Watching {target}: {rounds} rounds, every {every}, Ctrl-C stops and keeps what was measured.").format(
            target=key or _("the internet connection"), rounds=total, every=durations.spoken(every)
        )
    )
    ticks: list[Any] = []

    def on_tick(tick: Any, number: int, total: int) -> None:
        nonlocal run_id
        ticks.append(tick)
        if ledger is not None and run_id is not None:
            try:
                ledger.add_round(run_id, Round(tick.at, tick.ok, tick.culprit, tick.finding, tick.summary))
            except ReportkitError as exc:
                warnings.append(_("the timeline is not kept in the history ({reason})").format(reason=exc.message))
                run_id = None
        view = {
            "kind": "round",
            "at": tick.at,
            "number": number,
            "total": total,
            "width": len(str(total)),
            "ok": tick.ok,
            "unmeasured": tick.finding == "not-measured",
            "checks": tick.total,
            "culprit": tick.culprit,
            "failed": list(tick.failed[:3]),
            "more": max(0, len(tick.failed) - 3),
        }
        click.echo(render.render_view("watch.txt.j2", lambda: view, _language()).rstrip("\n"))

    interrupted = False
    try:
        watching.run(plan, settings, every, duration, on_tick)
    except KeyboardInterrupt:
        interrupted = True
        say()
    finally:
        if ledger is not None:
            if run_id is not None:
                with contextlib.suppress(ReportkitError):
                    ledger.finish_run(run_id)
            ledger.close()
    for text in dict.fromkeys(warnings):
        say(warning_line(text))
    if not ticks:
        say(_("Stopped before the first round ended: nothing was measured."))
        return
    summary = timeline.summarize(ticks)
    view = {"kind": "summary", "watch": render.watch_view(summary)}
    click.echo(render.render_view("watch.txt.j2", lambda: view, _language()).rstrip("\n"))
    if interrupted:
        note(_("Stopped by Ctrl-C after {rounds} rounds; they are kept.").format(rounds=len(ticks)))


def _language() -> str:
    from reportkit import i18n

    return i18n.current()


@main.command()
@click.argument("diagnoses", nargs=-1, required=True, metavar="DIAGNOSIS.json...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: each vantage point and the merged verdict.")
@global_options
def compare(diagnoses: tuple[str, ...], as_json: bool) -> None:
    """Merge diagnoses taken over different connections or machines (diagnose --json) into one verdict."""
    from reportkit import vantages
    from reportkit.model import Section, dump
    from reportkit.render import render_diagnosis
    from reportkit.render import say as worded
    from reportkit.triage import compare as merging

    if len(diagnoses) < 2:
        raise InputError(_("compare needs at least two diagnoses, e.g. home.json hotspot.json"))
    loaded = []
    labels: dict[str, int] = {}
    for name in diagnoses:
        v = vantages.load(Path(name))
        labels[v.label] = labels.get(v.label, 0) + 1
        if labels[v.label] > 1:  # two files of the same name in different folders
            v = merging.Vantage(f"{v.label} ({labels[v.label]})", v.probes)
        loaded.append(v)
    merged = merging.merge(loaded, _settings())
    if as_json:
        click.echo(
            json_text(
                {
                    "vantages": [{"label": s.label, "works": s.works, "verdict": dump(s.verdict)} for s in merged.seen],
                    "primary": merged.primary,
                    "verdict": dump(merged.verdict),
                    "notes": [worded(n) for n in merged.notes],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    rows = [
        (
            shown(s.label),
            _("works") if s.works else _("fails") if s.works is False else _("not measured"),
            s.verdict.culprit,
            s.verdict.finding,
        )
        for s in merged.seen
    ]
    heads = (_("Vantage point"), _("Service"), _("Culprit from there"), _("Finding"))
    widths = [max(len(str(x)) for x in column) for column in zip(heads, *rows, strict=True)]
    for row in (heads, *rows):
        click.echo("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())
    for n in merged.notes:
        say(warning_line(n))
    click.echo()
    if merged.primary:
        click.echo(_("The verdict, for {label}:").format(label=shown(merged.primary)))
    primary = next((v.probes for v in loaded if v.label == merged.primary and v.probes), None)
    sections = (Section("probes", "ok", data=dict(primary)),) if primary is not None else ()
    click.echo(render_diagnosis(merged.verdict, sections), nl=False)
