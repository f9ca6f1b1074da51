"""Every answer as one text in $EDITOR: dumped in interview order, read back and checked, never half applied."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_interview import Script

from reportkit import answer_sheet, interview
from reportkit.fields import FIELDS
from reportkit.interview import Session

SERVICE = [f for f in FIELDS if "service" in f.situations]
ANSWERS: dict[str, Any] = {
    "reporter.name": "Anna Virtanen",
    "service.host": "203.0.113.10",
    "service.tickets": ("INC-20418", "INC-20433"),
    "problem.description": "Pressing Pay now shows 502.\n\nIt started after the PHP upgrade.",
}


def test_a_sheet_reads_back_as_the_same_answers() -> None:
    text = answer_sheet.dump(ANSWERS, SERVICE, "service")
    assert "Your name: Anna Virtanen\n" in text
    assert "\n  Pressing Pay now shows 502.\n\n  It started after the PHP upgrade.\n" in text
    answers, problems = answer_sheet.parse(text, SERVICE, "service")
    assert problems == []
    assert {k: v for k, v in answers.items() if v is not None} == ANSWERS
    assert all(answers[f.key] is None for f in SERVICE if f.key not in ANSWERS)  # empty means "no answer"


def test_changes_removals_and_a_new_long_answer() -> None:
    text = answer_sheet.dump(ANSWERS, SERVICE, "service")
    text = text.replace("Your name: Anna Virtanen", "Your name: Anna V.")
    text = text.replace("Server IP address: 203.0.113.10", "Server IP address:")
    label = next(f.prompt for f in SERVICE if f.key == "problem.steps")
    text = text.replace(f"{label}:\n", f"{label}:\n  1. open the shop\n  2. press Pay now\n")
    answers, problems = answer_sheet.parse(text, SERVICE, "service")
    assert problems == []
    assert answers["reporter.name"] == "Anna V."
    assert answers["service.host"] is None
    assert answers["problem.steps"] == "1. open the shop\n2. press Pay now"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("Server IP address: 203.0.113.10", "Server IP address: 999.1.2.3"), "'999.1.2.3' is not an IP address"),
        (("Your name: Anna Virtanen", "Yuor name: Anna"), "'Yuor name: Anna' is none of the questions"),
        (("Your name: Anna Virtanen", "Your name: A\nYour name: B"), "'Your name' appears twice"),
        (("# Every answer", "  stray\n# Every answer"), "an indented line with no question above it"),
    ],
)
def test_mistakes_name_their_line(change: tuple[str, str], expected: str) -> None:
    text = answer_sheet.dump(ANSWERS, SERVICE, "service").replace(*change, 1)
    _, problems = answer_sheet.parse(text, SERVICE, "service")
    assert len(problems) == 1 and expected in problems[0].message, problems
    line = text.splitlines()[problems[0].line - 1]
    assert line.split(":")[0].strip() in change[1]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([f.key for f in SERVICE if f.kind == "text"]), st.text(max_size=80)))
def test_any_text_answers_survive_the_round_trip(answers: dict[str, str]) -> None:
    cleaned = {k: "\n".join(line.strip() for line in v.strip().splitlines()).strip() for k, v in answers.items()}
    cleaned = {k: v for k, v in cleaned.items() if v}
    back, problems = answer_sheet.parse(answer_sheet.dump(cleaned, SERVICE, "service"), SERVICE, "service")
    assert problems == []
    for key, value in cleaned.items():
        assert back[key] == value


def test_edit_all_applies_the_sheet_and_asks_the_follow_ups() -> None:
    session = Session(answers=dict(ANSWERS), situation="service")
    original = answer_sheet.dump(session.answers, SERVICE, "service")
    edited = original.replace("Your name: Anna Virtanen", "Your name: Anna V.").replace(
        "Server IP address: 203.0.113.10", "Server IP address:"
    )
    label = next(f.prompt for f in SERVICE if f.key == "problem.changed")
    edited = edited.replace(f"{label}:", f"{label}: my password is Kevät2026!")
    p = Script([edited, "the PHP 8.3 upgrade last night"])
    assert interview.edit_all(p, session)
    assert session.answers["reporter.name"] == "Anna V."
    assert "service.host" not in session.answers
    assert session.answers["problem.changed"] == "the PHP 8.3 upgrade last night"  # the password was asked away


def test_a_sheet_with_a_mistake_is_never_half_applied() -> None:
    session = Session(answers=dict(ANSWERS), situation="service")
    bad = (
        answer_sheet.dump(session.answers, SERVICE, "service")
        .replace("Your name: Anna Virtanen", "Your name: Bea")
        .replace("Server IP address: 203.0.113.10", "Server IP address: 300.1.1.1")
    )
    p = Script([bad, False])  # the editor's text, then "fix it in the editor?" → no
    assert not interview.edit_all(p, session)
    assert session.answers == ANSWERS
    assert any("'300.1.1.1' is not an IP address" in line for line in p.said)


def test_leaving_the_editor_without_a_change_changes_nothing() -> None:
    session = Session(answers=dict(ANSWERS), situation="service")
    assert not interview.edit_all(Script([None]), session)
    assert session.answers == ANSWERS
