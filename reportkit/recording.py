"""What `collect` keeps in the ledger (reportkit.history) and reads back from it: the request with its probe plan,
earlier open tickets about the same service or from the same contact, and the latest watch of the service.

A ledger that cannot be read or written never costs the user the request: every call here turns a ledger problem
into one warning line and carries on."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from reportkit.errors import ReportkitError
from reportkit.i18n import _
from reportkit.model import EarlierReport, History


def service_key(answers: Mapping[str, Any]) -> str:
    """What identifies the service across runs: its server IP, else its URL's host, its host name, its service id
    or its name; lower case ("" when nothing names it)."""
    for key in ("service.host", "service.url", "service.hostname", "service.service_id", "service.name"):
        value = answers.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if key == "service.url":
            try:
                value = urlsplit(value if "//" in value else "//" + value).hostname or ""
            except ValueError:
                value = ""
            if not value:
                continue
        return value.lower()
    return ""


def contact_of(answers: Mapping[str, Any]) -> str:
    value = answers.get("reporter.email") or answers.get("reporter.phone") or ""
    return str(value).strip().lower()


@dataclass
class Recorder:
    """The ledger for one collect run (None: history is off), with the warnings met on the way."""

    ledger: Any | None
    request_id: str | None = None
    warnings: list[str] = field(default_factory=list)

    def _failed(self, exc: Exception) -> None:
        reason = exc.message if isinstance(exc, ReportkitError) else f"{type(exc).__name__}: {exc}"
        self.warnings.append(
            _("the request was not recorded in the history ({reason}); it is saved all the same").format(reason=reason)
        )
        self.ledger = None

    def history(self, answers: Mapping[str, Any], watch_since: str | None = None) -> History:
        """Earlier open tickets for this service or contact, and the latest watch of this service."""
        if self.ledger is None:
            return History()
        from reportkit import timeline

        key, contact = service_key(answers), contact_of(answers)
        try:
            earlier = tuple(
                EarlierReport(
                    ticket=t.number,
                    provider=t.provider,
                    opened_at=t.recorded_at,
                    request_id=r.id,
                    status="open",
                )
                for t, r in self.ledger.open_tickets(service_key=key or None, contact=contact or None)
            )
            watch = None
            if key:
                runs = [r for r in self.ledger.runs(service_key=key, kind="watch", limit=1) if r.rounds]
                if runs and _recent(runs[0].ended_at or runs[0].started_at):
                    watch = timeline.summarize(runs[0].rounds, runs[0].started_at, runs[0].ended_at)
        except (ReportkitError, sqlite3.Error, OSError, ValueError) as exc:
            self._failed(exc)
            return History()
        return History(earlier=earlier, watch=watch)

    def reserve(self, answers: Mapping[str, Any], language: str) -> str | None:
        """A request id for this run, recorded as a draft until the files are written."""
        if self.ledger is None:
            return None
        try:
            request = self.ledger.add_request(
                summary=str(answers.get("problem.summary") or ""),
                service=str(answers.get("service.name") or service_key(answers)),
                service_key=service_key(answers),
                contact=contact_of(answers),
                culprit="",
                recipient="",
                output="",
                score=None,
                language=language,
                plan=None,
                status="draft",
            )
        except (ReportkitError, sqlite3.Error, OSError, ValueError) as exc:
            self._failed(exc)
            return None
        self.request_id = request.id
        return self.request_id

    def saved(self, outcome: Any, plan: Mapping[str, Any] | None, probes: Mapping[str, Any] | None) -> None:
        """The files are written: the request is saved, with its verdict, output and the probes to run again."""
        if self.ledger is None or self.request_id is None:
            return
        report = outcome.report
        verdict = report.verdict
        try:
            self.ledger.update(
                self.request_id,
                output=str(outcome.outdir) if outcome.written else "",
                score=int(outcome.quality.score),
                culprit=verdict.culprit if verdict else "",
                recipient=_recipient(report),
                language=report.meta.language,
                plan=dict(plan) if plan else None,
                probes=dict(probes) if probes else None,
            )
            self.ledger.set_status(self.request_id, "saved")
        except (ReportkitError, sqlite3.Error, OSError, ValueError) as exc:
            self._failed(exc)

    def close(self) -> None:
        if self.ledger is not None:
            with contextlib.suppress(sqlite3.Error, OSError):
                self.ledger.close()


WATCH_KEPT_DAYS = 7  # an older watch says little about today's fault: it is not attached


def _recent(iso: str) -> bool:
    from datetime import datetime, timedelta

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return False
    now = datetime.now(moment.tzinfo) if moment.tzinfo else datetime.now()
    return now - moment <= timedelta(days=WATCH_KEPT_DAYS)


def _recipient(report: Any) -> str:
    """Whom the request is addressed to, as a To: line names them ("Lab Cloud <support@cloud.lab.test>")."""
    from reportkit.verify import recipient_of

    return recipient_of(report)


def open_recorder(settings: Mapping[str, Any], enabled: bool) -> Recorder:
    """The ledger if history is on (`--no-history`, config `[history] enabled = false` turn it off); a ledger that
    cannot be opened is a warning, not an error."""
    recorder = Recorder(None)
    if not enabled:
        return recorder
    try:
        from reportkit import history

        recorder.ledger = history.open_default(settings, enabled)
    except (ReportkitError, sqlite3.Error, OSError, ValueError) as exc:
        recorder._failed(exc)
        return recorder
    if recorder.ledger is not None:  # a read-only ledger still lists earlier tickets; its writes say why not
        recorder.warnings.extend(recorder.ledger.notices)
    return recorder
