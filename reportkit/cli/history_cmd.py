"""`reportkit history` and `reportkit ticket`: the ledger of requests, their tickets and verify / watch runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, global_options, json_text, say, warning_line
from reportkit.cli.printing import shown
from reportkit.errors import InputError
from reportkit.i18n import _, pgettext


def open_ledger(write: bool = False) -> Any:
    """The ledger for a history command; its notices (moved aside, read-only) said once. History turned off in the
    config: a one-line error for the commands that need it."""
    from reportkit import config, history

    settings = config.load(config.config_path(config_file()), required=config_file() is not None)
    ledger = history.open_default(settings, True)
    if ledger is None:
        raise InputError(_("the history is turned off ([history] enabled = false in the config); turn it on first"))
    for notice in ledger.notices:
        if not (write and ledger.read_only):  # the write's own error says it
            say(warning_line(notice))
    return ledger


def since_of(text: str | None) -> datetime | None:
    """--since: a date (2026-11-01), a date and time, or an age (7d, 24h, 90m)."""
    if not text:
        return None
    from reportkit import durations

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            return datetime.now().astimezone() - timedelta(seconds=durations.parse(text, "--since"))
        except InputError:
            raise InputError(
                _("--since {value}: give a date (2026-11-01) or an age (7d, 24h)").format(value=repr(text[:40]))
            ) from None
    return moment if moment.tzinfo else moment.astimezone()


def status_word(status: str) -> str:
    """A request's status as the table shows it, in the interface language (the code itself in --json)."""
    words = {
        "draft": pgettext("request status", "draft"),
        "saved": pgettext("request status", "saved"),
        "sent": pgettext("request status", "sent"),
        "ticket-open": pgettext("request status", "ticket open"),
        "resolved": pgettext("request status", "resolved"),
    }
    return words.get(status, status)


def local_time(iso: str) -> str:
    try:
        return f"{datetime.fromisoformat(iso).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return iso


def cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def request_json(request: Any, tickets: list[Any]) -> dict[str, Any]:
    import dataclasses

    return {**dataclasses.asdict(request), "tickets": [dataclasses.asdict(t) for t in tickets]}


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--service", metavar="TEXT", help="Only requests about this service (its name, host or URL).")
@click.option(
    "--status",
    type=click.Choice(["draft", "saved", "sent", "ticket-open", "resolved"]),
    help="Only requests with this status.",
)
@click.option("--since", metavar="DATE|AGE", help="Only requests since this date (2026-11-01) or age (7d, 24h).")
@global_options
@click.pass_context
def history(ctx: click.Context, as_json: bool, service: str | None, status: str | None, since: str | None) -> None:
    """The requests collected on this computer, newest first; `history show ID` shows one."""
    if ctx.invoked_subcommand is not None:
        return
    when = since_of(since)
    with open_ledger() as ledger:
        found = ledger.requests(service=service, status=status, since=when)
        if as_json:
            items = [request_json(r, ledger.tickets(r.id)) for r in found]
            click.echo(json_text(items, ensure_ascii=False, indent=2))
            return
        if not found:
            say(_("No requests in the history yet: `reportkit collect` records each one."))
            return
        rows = [
            (
                r.id,
                local_time(r.created_at),
                status_word(r.status),
                ", ".join(t.number for t in ledger.tickets(r.id)),
                cut(shown(r.service or r.service_key or "-"), 24),
                cut(shown(r.summary or "-"), 40),
            )
            for r in found
        ]
    heads = (_("ID"), _("Created"), _("Status"), _("Tickets"), _("Service"), _("Summary"))
    widths = [max(len(str(x)) for x in column) for column in zip(heads, *rows, strict=True)]
    for row in (heads, *rows):
        click.echo("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())


@history.command("show")
@click.argument("request_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@global_options
def show(request_id: str, as_json: bool) -> None:
    """One request with its tickets, verify and watch runs and how it was resolved."""
    import dataclasses

    from reportkit import history as ledger_module

    rid = ledger_module.check_request_id(request_id)
    with open_ledger() as ledger:
        detail = ledger.detail(rid)
    if as_json:
        click.echo(json_text(dataclasses.asdict(detail), ensure_ascii=False, indent=2))
        return
    r = detail.request
    facts = [
        (_("Request"), r.id),
        (_("Created"), local_time(r.created_at)),
        (_("Status"), status_word(r.status)),
        (_("Service"), shown(r.service or r.service_key or "-")),
        (_("Summary"), shown(r.summary or "-")),
        (_("Contact"), shown(r.contact or "-")),
        (_("Sent to"), shown(r.recipient or "-")),
        (_("Verdict"), r.culprit or "-"),
        (_("Score"), "-" if r.score is None else f"{r.score}/100"),
        (_("Files"), shown(r.output or "-")),
    ]
    width = max(len(label) for label, _value in facts) + 1
    for label, value in facts:
        click.echo(f"{(label + ':').ljust(width)} {value}")
    for t in detail.tickets:
        if t.provider:
            line = _("Ticket {number} ({provider}), recorded {time}")
        else:
            line = _("Ticket {number}, recorded {time}")
        click.echo(line.format(number=shown(t.number), provider=shown(t.provider), time=local_time(t.recorded_at)))
    for run in detail.runs:
        failed = sum(1 for x in run.rounds if not x.ok)
        kind = _("verify") if run.kind == "verify" else _("watch")
        click.echo(
            _("{kind} {time}: {failed} of {rounds} rounds failed").format(
                kind=kind, time=local_time(run.started_at), failed=failed, rounds=len(run.rounds)
            )
        )
    if detail.resolution is not None:
        res = detail.resolution
        click.echo(_("Resolved {time}").format(time=local_time(res.resolved_at)))
        for label, value in ((_("Symptom"), res.symptom), (_("Cause"), res.cause), (_("Fix"), res.fix)):
            click.echo(f"  {label}: {shown(value)}")


@main.command()
@click.argument("request_id", metavar="REQUEST-ID")
@click.argument("number", metavar="TICKET-NUMBER")
@click.option("--provider", metavar="NAME", help="Who gave the number (e.g. the ISP's name).")
@global_options
def ticket(request_id: str, number: str, provider: str | None) -> None:
    """Record the ticket number support gave for a request; later requests about the same service list it."""
    from reportkit import history

    rid = history.check_request_id(request_id)
    number = history.check_ticket_number(number)
    if provider is not None:
        provider = history.check_ticket_number(provider, "--provider")
    with open_ledger(write=True) as ledger:
        ledger.get(rid)
        ledger.add_ticket(rid, number, provider or "")
    click.echo(_("Ticket {number} recorded for {id}.").format(number=number, id=rid))
