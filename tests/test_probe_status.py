"""One reading of "did this probe answer": the progress marks, the summary line and triage share triage.read.status."""

from __future__ import annotations

import sys

import click
import pytest

from reportkit.cli import printing
from reportkit.model import Section, Verdict
from reportkit.render import render_diagnosis
from reportkit.triage.read import status

CASES = [
    ("gateway", "ok", "ok"),
    ("gateway", "refused", "alive"),
    ("anchor", "refused", "alive"),
    ("provider", "refused", "alive"),
    ("admin-tcp", "refused", "alive"),  # SSH closed on a running VM: the host is up
    ("service-tcp", "refused", "failed"),  # the service's own port refused: that is the fault
    ("service-tcp", "ok", "ok"),
    ("anchor", "timeout", "failed"),
    ("anchor", "unreachable", "failed"),
    ("nxdomain", "nxdomain", "ok"),
    ("nxdomain", "ok", "failed"),  # a name that must not exist resolved: hijacking resolver
    ("resolver", "servfail", "failed"),
    ("gateway-icmp", "not-permitted", "not-run"),  # could not run: never "filtered"
    ("public-resolver", "skipped", "not-run"),
    ("service-http", "error", "failed"),
]


@pytest.mark.parametrize(("group", "outcome", "expected"), CASES)
def test_status_table(group: str, outcome: str, expected: str) -> None:
    assert status(group, outcome) == expected


@pytest.mark.parametrize(("group", "outcome", "expected"), CASES)
def test_the_progress_mark_follows_status(
    group: str, outcome: str, expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = printing.progress_printer()
    assert show is not None
    show({"group": group, "target": "127.0.0.1:22", "outcome": outcome, "ms": 3.0, "detail": outcome})
    line = click.unstyle(capsys.readouterr().err)
    mark = {"ok": "✓", "alive": "✓", "failed": "✗", "not-run": "·"}[expected]
    assert line.lstrip().startswith(mark), line


def test_the_summary_line_counts_what_the_marks_show() -> None:
    results = [{"group": g, "target": "127.0.0.1", "outcome": o} for g, o, _ in CASES]
    probes = Section("probes", "ok", data={"results": results, "elapsed_ms": 812, "deadline_s": 5.0})
    verdict = Verdict(culprit="unknown", finding="unexplained", confidence="low")
    text = render_diagnosis(verdict, (probes,))
    passing = sum(e in ("ok", "alive") for _, _, e in CASES)
    failing = sum(e == "failed" for _, _, e in CASES)
    not_run = sum(e == "not-run" for _, _, e in CASES)
    assert f"Ran {len(CASES)} network checks" in text
    assert f"{passing} answered as expected, {failing} did not, {not_run} skipped" in text
