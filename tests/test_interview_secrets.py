"""A secret typed in the interview is taken out at once (even a draft never holds it), and its other copies go too:
in the answers given so far, and — through RunOptions.seen_secrets — wherever else the request holds it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reportkit import interview
from reportkit.fields import BY_KEY
from reportkit.model import Meta, Problem, Report
from reportkit.redact import redact_report

SECRET = "Kettu!2024x"


@dataclass
class Script:
    replies: list[str]
    said: list[str] = field(default_factory=list)

    def ask(self, text: str, default: str = "", *, hidden: bool = False, hint: str = "", progress: str = "") -> str:
        self.said.append(text)
        return self.replies.pop(0) if self.replies else ""

    def choose(self, text: str, choices: Sequence[str], default: str) -> str:
        return default

    def confirm(self, text: str, default: bool = False) -> bool:
        return default

    def say(self, text: str = "", style: str = "") -> None:
        self.said.append(text)

    def paste_lines(self, prompt: str) -> Iterator[str]:
        yield from ()

    def page(self, text: str) -> None:
        self.said.append(text)


def test_a_secret_in_an_answer_goes_from_every_answer_and_is_remembered_in_memory() -> None:
    interview.SEEN.clear()
    answers = {
        "problem.tried": f"I typed {SECRET} twice",  # given earlier, bare: no label
        "problem.description": f"Login fails. pw: {SECRET}",
    }
    p = Script(["Login fails after the update"])  # the follow-up's answer replaces the first one
    interview.follow_up(p, answers, BY_KEY["problem.description"])
    assert SECRET not in repr(answers)
    assert interview.SEEN == {SECRET: "password"}
    assert not any(SECRET in s for s in p.said)
    # a copy typed later (an error text, another field) goes from the request through RunOptions.seen_secrets
    report = Report(
        meta=Meta(tool_version="0", created_at="2026-12-03T10:00:00+00:00"),
        problem=Problem(summary="Login fails", broken=f"it says {SECRET} is wrong"),
    )
    out, summary = redact_report(report, also=dict(interview.SEEN))
    assert SECRET not in repr(out.to_dict()) and summary.total == 1
    interview.SEEN.clear()
