"""A finding the user marks "not a secret" in the preview: kept everywhere it appears, recorded by kind and place
only (never the value), other secrets still removed; the picker lists findings masked; and the whole flow through
`reportkit collect --interactive` on a real terminal (pty), against a session that saves without marking."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_interrupt_pty import Session, environment

from reportkit import interview, quality
from reportkit.model import ErrorText, Evidence, Meta, Problem, Report, Reporter
from reportkit.redact import Removed, redact_report
from reportkit.render import render

# A random-looking value after a label the detector flags ("Build tag: …" is not flagged; "Correlation key: …" is):
# what support needs to find the failed request in its logs, so the reporter keeps it.
VALUE = "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd"
PASSWORD = "Kissa#2024"
CARD = "4111 1111 1111 1111"  # the Visa test number (Luhn-valid, never a real card)
KEPT_FOOTER = "marked “not a secret”"


def report_with_value() -> Report:
    """The value in three fields (labelled in two, bare in one), beside a password and a card number."""
    return Report(
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"),
        reporter=Reporter(name="Anna Virtanen", email="anna@example.com"),
        problem=Problem(
            summary="Checkout fails with HTTP 500",
            description=f"Correlation key: {VALUE}. Login with password {PASSWORD} works, paying fails.",
            tried=f"searched the shop's logs for {VALUE}",
            impact=f"no customer can pay; paid with card {CARD} as a test",
        ),
        evidence=Evidence(errors=(ErrorText(f"HTTP 500 Internal Server Error (correlation key={VALUE})"),)),
    )


# --- redact_report(allow=…) ------------------------------------------------------------------------------------------


def test_without_allow_the_value_is_removed_everywhere() -> None:
    """The control: the detector does flag the value, in every field it appears in."""
    out, summary = redact_report(report_with_value())
    flat = json.dumps(out.to_dict(), ensure_ascii=False)
    assert VALUE not in flat and PASSWORD not in flat and CARD not in flat
    assert sorted(r.field for r in summary.removed if r.value == VALUE) == [
        "evidence.errors[0].text",
        "problem.description",
        "problem.tried",
    ]
    assert out.meta.not_secrets == ()
    assert KEPT_FOOTER not in render(out, "text")


def test_an_allowed_value_is_kept_in_every_field_and_recorded_without_the_value() -> None:
    out, summary = redact_report(report_with_value(), allow={VALUE})
    assert out.problem.description == f"Correlation key: {VALUE}. Login with password [REDACTED:password] works, " + (
        "paying fails."
    )
    assert out.problem.tried == f"searched the shop's logs for {VALUE}"
    assert out.evidence.errors[0].text == f"HTTP 500 Internal Server Error (correlation key={VALUE})"
    assert "[REDACTED:card-number]" in (out.problem.impact or "") and CARD not in (out.problem.impact or "")
    # one entry per kept place, kind and field only
    assert sorted(out.meta.not_secrets, key=lambda e: e["field"]) == [
        {"kind": "secret", "field": "evidence.errors[0].text"},
        {"kind": "secret", "field": "problem.description"},
        {"kind": "secret", "field": "problem.tried"},
    ]
    meta = out.to_dict()["meta"]
    assert VALUE not in json.dumps(meta, ensure_ascii=False)
    assert VALUE[:8] not in json.dumps(meta, ensure_ascii=False)
    # the summary lists only what was removed
    assert sorted(r.kind for r in summary.removed) == ["card-number", "password"]
    assert all(r.value != VALUE for r in summary.removed)
    assert out.meta.redactions == {"card-number": 1, "password": 1}
    assert out.meta.redacted_distinct == 2


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_request_says_what_was_kept_in_its_footer(fmt: str) -> None:
    out, _ = redact_report(report_with_value(), allow={VALUE})
    shown = render(out, fmt)
    assert VALUE in shown
    assert KEPT_FOOTER in shown
    line = next(line for line in shown.splitlines() if KEPT_FOOTER in line)
    assert "3 findings (secret)" in line, line
    assert PASSWORD not in shown and CARD not in shown


def test_allowing_one_value_keeps_no_other() -> None:
    """Allowing the value keeps neither a different random value after the same label nor the password."""
    other = "Hb4Tq8Wn1Xc6Vm3Zr7Ks2Pd"
    report = report_with_value()
    report = Report(
        meta=report.meta,
        problem=Problem(summary="x", description=f"Correlation key: {VALUE}; next try: correlation key: {other}"),
    )
    out, summary = redact_report(report, allow={VALUE})
    assert VALUE in (out.problem.description or "") and other not in (out.problem.description or "")
    assert [r.kind for r in summary.removed] == ["secret"]
    assert out.meta.not_secrets == ({"kind": "secret", "field": "problem.description"},)


def test_the_lint_does_not_flag_a_value_the_user_kept() -> None:
    report = Report(
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"),
        problem=Problem(summary="Checkout fails", description=f"Correlation key: {VALUE}. Paying fails."),
    )
    out, _ = redact_report(report, allow={VALUE})
    assert out.problem.description == f"Correlation key: {VALUE}. Paying fails."
    assert [f.message for f in quality.check(out, {VALUE}).findings if f.code == "secret-in-text"] == []
    # a saved report remembers (kind and place) what was kept: `reportkit check report.json` agrees without the value
    assert [f.code for f in quality.check(out).findings if f.code == "secret-in-text"] == []
    assert [f.code for f in quality.check(report).findings if f.code == "secret-in-text"]  # not kept: flagged


# --- interview.pick_not_secrets ---------------------------------------------------------------------------------------


@dataclass
class Script:
    """A Prompter answering `ask` from a list; everything said or asked is kept, to check nothing leaks."""

    replies: list[str]
    said: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def ask(self, text: str, default: str = "", *, hidden: bool = False, hint: str = "", progress: str = "") -> str:
        self.asked.append(f"{text} ({hint})")
        assert self.replies, f"the script ran out at {text!r}"
        return self.replies.pop(0) or default

    def choose(self, text: str, choices: Sequence[str], default: str) -> str:
        raise AssertionError(f"unexpected choice: {text}")

    def confirm(self, text: str, default: bool = False) -> bool:
        raise AssertionError(f"unexpected confirm: {text}")

    def say(self, text: str = "", style: str = "") -> None:
        self.said.append(text)

    def paste_lines(self, prompt: str) -> Iterator[str]:
        raise AssertionError(f"unexpected paste: {prompt}")

    def edit(self, text: str) -> str | None:
        raise AssertionError("unexpected edit")

    def page(self, text: str) -> None:
        raise AssertionError("unexpected page")

    def everything(self) -> str:
        return "\n".join(self.said + self.asked)


def findings() -> tuple[Removed, ...]:
    _, summary = redact_report(report_with_value())
    assert len(summary.removed) == 5  # the value three times, the password, the card number
    return summary.removed


def listed(p: Script) -> list[str]:
    return [line for line in p.said if line.lstrip()[:1].isdigit()]


def test_the_picker_lists_each_finding_masked_and_takes_numbers() -> None:
    removed = findings()
    p = Script(["1,3"])
    chosen = interview.pick_not_secrets(p, removed)
    assert chosen == [removed[0], removed[2]]
    lines = listed(p)
    assert len(lines) == len(removed)
    for number, (line, r) in enumerate(zip(lines, removed, strict=True), 1):
        assert line.strip().startswith(f"{number}. "), line
        assert r.kind in line and r.field in line and r.preview in line, line
    shown = p.everything()
    for secret in (VALUE, PASSWORD, CARD, VALUE[:4], PASSWORD[:4], CARD[:4]):
        assert secret not in shown, (secret, shown)
    assert "…(23 chars)" in shown and "…(10 chars)" in shown  # masked: at most the first two characters


@pytest.mark.parametrize("bad", ["9", "x", "0", "1,9", "1-3"])
def test_the_picker_rejects_what_is_not_a_listed_number_once_and_asks_again(bad: str) -> None:
    removed = findings()
    p = Script([bad, "2"])
    assert interview.pick_not_secrets(p, removed) == [removed[1]]
    errors = [line for line in p.said if "Error" in line]
    assert len(errors) == 1, p.said
    assert repr(bad) in errors[0] and f"1–{len(removed)}" in errors[0], errors
    assert len(p.asked) == 2
    assert len(listed(p)) == len(removed)  # the list is shown once, not again with the error


def test_enter_changes_nothing() -> None:
    p = Script([""])
    assert interview.pick_not_secrets(p, findings()) == []
    assert not [line for line in p.said if "Error" in line]


def test_with_nothing_removed_the_picker_says_so_and_asks_nothing() -> None:
    p = Script([])
    assert interview.pick_not_secrets(p, ()) == []
    assert p.asked == [] and any("Nothing was removed" in line for line in p.said)


# --- through the CLI, on a real terminal -----------------------------------------------------------------------------

DESCRIPTION = f"Paying fails with HTTP 500. Correlation key: {VALUE}. It started after the update."
# every answer of the "service" situation as a flag, so the interview only asks for screenshots and shows the preview
FLAGS = [
    *("--name", "Anna Virtanen", "--email", "anna@example.com", "--phone", "+358 40 123 4567"),
    *("--company", "Kahvila Ääni Oy", "--account", "C-10442", "--service", "webshop", "--provider", "Example Cloud"),
    *("--service-id", "SRV-2231", "--vm-name", "web01", "--host", "203.0.113.10", "--hostname", "web01.example.com"),
    *("--url", "https://shop.example.com/checkout", "--ticket", "INC-20418", "--summary", "Webshop checkout: HTTP 500"),
    *("--description", DESCRIPTION, "--since", "2026-11-23 08:00", "--frequency", "always"),
    *("--changed", "plugin update 4.2 last night", "--works", "the front page and the admin panel"),
    *("--broken", "the checkout page only", "--steps", "1. add to cart 2. pay 3. see HTTP 500"),
    *("--tried", "another browser", "--impact", "no customer can pay", "--other-connection", "fails"),
    *("--error", "HTTP 500 Internal Server Error"),
]


def interactive(tmp_path: Path, dirs: dict[str, Path], out: Path, choices: list[bytes]) -> Session:
    """One `collect --offline --interactive` session to the preview, then the menu `choices` (after each `n`, the
    finding numbers), the save and no to remembering; returns the finished session."""
    s = Session(
        ["--offline", "--interactive", "-o", str(out), "-f", "json", "-f", "text", *FLAGS], environment(dirs, tmp_path)
    )
    try:
        s.answer(b"screenshot", b"")
        for choice in choices:
            s.answer(b"[c]ancel", choice)
            if choice == b"n":
                s.answer(b"Which are not secrets?", b"1")
        s.answer(b"[c]ancel", b"s")
        s.answer(b"Remember", b"n")
        assert s.finish() == 0, s.seen[-1500:]
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
        if s.open:
            os.close(s.leader)
    assert b"Traceback" not in s.seen
    return s


def saved(out: Path) -> tuple[dict[str, Any], str]:
    return json.loads((out / "report.json").read_text(encoding="utf-8")), (out / "request.txt").read_text("utf-8")


@pytest.mark.slow
def test_marking_a_finding_not_a_secret_in_the_preview_keeps_it(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    out = tmp_path / "kept"
    s = interactive(tmp_path, isolated_dirs, out, [b"n"])
    before, after = s.seen.split(b"Which are not secrets?", 1)
    assert VALUE.encode() not in before  # the first preview and the list show it masked
    assert b"secret in problem.description: Zq\xe2\x80\xa6(23 chars)" in before, before[-1500:]
    assert b"[n]ot a secret" in before
    second = after.rsplit(b"[s]ave", 1)[0]
    assert VALUE.encode() in second  # the preview shown again keeps it …
    assert b"[n]ot a secret" not in after  # … and, nothing being removed now, no longer offers the choice
    report, request = saved(out)
    assert report["problem"]["description"] == DESCRIPTION
    assert report["meta"]["not_secrets"] == [{"kind": "secret", "field": "problem.description"}]
    assert report["meta"]["redactions"] == {}
    assert VALUE not in json.dumps(report["meta"])
    assert f"Correlation key: {VALUE}." in request and KEPT_FOOTER in request


@pytest.mark.slow
def test_saving_without_marking_removes_it(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    out = tmp_path / "removed"
    s = interactive(tmp_path, isolated_dirs, out, [])
    assert VALUE.encode() not in s.seen
    report, request = saved(out)
    assert report["problem"]["description"] == DESCRIPTION.replace(VALUE, "[REDACTED:secret]")
    assert report["meta"]["not_secrets"] == []
    assert report["meta"]["redactions"] == {"secret": 1}
    assert VALUE not in request and KEPT_FOOTER not in request
