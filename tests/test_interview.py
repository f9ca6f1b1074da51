"""The interview's logic through a scripted Prompter (the UI boundary): which questions for which situation, the
progress counts, follow-ups that replace an answer, the preview's edit-any-answer flow, and Ctrl-C at any question."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from reportkit import interview
from reportkit.fields import BY_KEY, FIELDS
from reportkit.interview import Session


@dataclass
class Asked:
    kind: str  # ask | choose | confirm | paste | edit
    text: str
    progress: str = ""
    hint: str = ""


@dataclass
class Script:
    """A Prompter that answers from a script. A reply is a string, or a callable taking the prompt text (so one reply
    can depend on the question); a KeyboardInterrupt instance in the script is raised, like Ctrl-C."""

    replies: list[Any]
    default: str | None = None  # the reply once the script is used up (None: fail, the script is too short)
    asked: list[Asked] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    paged: list[str] = field(default_factory=list)

    def _next(self, asked: Asked) -> Any:
        self.asked.append(asked)
        if not self.replies:
            assert self.default is not None, f"the script ran out at {asked}"
            return self.default
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply(asked.text) if callable(reply) else reply

    def ask(self, text: str, default: str = "", *, hidden: bool = False, hint: str = "", progress: str = "") -> str:
        reply = self._next(Asked("ask", text, progress, hint))
        return default if reply == "" else str(reply)

    def choose(self, text: str, choices: Sequence[str], default: str) -> str:
        reply = self._next(Asked("choose", text)) or default
        assert reply in choices, (reply, choices)
        return str(reply)

    def confirm(self, text: str, default: bool = False) -> bool:
        reply = self._next(Asked("confirm", text))
        return default if reply == "" else bool(reply)

    def say(self, text: str = "", style: str = "") -> None:
        self.said.append(text)

    def paste_lines(self, prompt: str) -> Iterator[str]:
        while True:
            yield str(self._next(Asked("paste", prompt)))

    def edit(self, text: str) -> str | None:
        reply = self._next(Asked("edit", text))
        return None if reply is None else str(reply)

    def page(self, text: str) -> None:
        self.paged.append(text)

    @property
    def questions(self) -> list[Asked]:
        """The field questions (those with a progress count)."""
        return [a for a in self.asked if a.progress]

    def prompts(self) -> list[str]:
        return [a.text for a in self.questions]


def interview_of(situation: str, **answers: Any) -> tuple[Script, Session]:
    """Run a whole interview for one situation, skipping every question."""
    p = Script([situation[0]], default="")
    session = Session(answers=dict(answers))
    interview.run(session, p, clipboard=False)
    return p, session


def prompt(key: str, situation: str | None = None) -> str:
    return BY_KEY[key].worded(situation)[0]


def test_a_service_on_a_server_asks_for_the_server_not_the_printer() -> None:
    p, _ = interview_of("service")
    asked = p.prompts()
    for key in ("service.vm_name", "service.host", "service.url", "service.service_id", "problem.other_connection"):
        assert prompt(key) in asked, key
    for key in ("service.device_make", "service.device_model", "problem.other_devices"):
        assert prompt(key) not in asked, key


def test_a_printer_is_not_asked_for_a_vm_name_or_server_ip() -> None:
    p, _ = interview_of("device")
    asked = p.prompts()
    assert prompt("service.device_make") in asked and prompt("service.device_model") in asked
    assert prompt("problem.steps") in asked
    for key in ("service.vm_name", "service.host", "service.hostname", "service.url", "service.service_id"):
        assert prompt(key) not in asked, key
    # "Do other devices on this network have internet" is about a connection, not a printer
    assert prompt("problem.other_devices") not in asked and prompt("problem.other_devices", "internet") not in asked


def test_the_internet_connection_asks_about_other_connections_and_devices_only() -> None:
    p, _ = interview_of("internet")
    asked = p.prompts()
    assert prompt("problem.other_devices", "internet") in asked
    assert prompt("problem.other_connection", "internet") in asked
    for key in ("service.vm_name", "service.host", "service.device_model", "problem.steps"):
        assert prompt(key) not in asked, key
    assert prompt("reporter.name") == asked[0]  # the interview still starts with who is asking


@pytest.mark.parametrize("situation", ["service", "internet", "device"])
def test_progress_counts_match_the_questions_asked(situation: str) -> None:
    p, _ = interview_of(situation, **{"reporter.name": "Anna", "problem.summary": "Printer offline"})
    progress = [a.progress for a in p.questions]
    total = len(progress)
    assert progress == [f"{n}/{total}" for n in range(1, total + 1)]
    expected = [f for f in FIELDS if situation in f.situations and f.key not in ("reporter.name", "problem.summary")]
    assert total == len(expected)
    assert f"A few questions ({total}) for the support request. Press Enter to skip any of them.\n" in p.said


EXPECTED = {
    "service": [
        *("reporter.name", "reporter.email", "reporter.phone", "reporter.company"),
        *("service.account_id", "service.name", "service.provider", "service.service_id", "service.vm_name"),
        *("service.host", "service.hostname", "service.url", "service.tickets"),
        *("problem.summary", "problem.description", "problem.started_at", "problem.frequency", "problem.changed"),
        *("problem.works", "problem.broken", "problem.steps", "problem.tried", "problem.impact"),
        "problem.other_connection",
    ],
    "internet": [
        *("reporter.name", "reporter.email", "reporter.phone", "reporter.company"),
        *("service.account_id", "service.name", "service.provider", "service.service_id", "service.tickets"),
        *("problem.summary", "problem.description", "problem.started_at", "problem.frequency", "problem.changed"),
        *("problem.works", "problem.broken", "problem.tried", "problem.impact"),
        *("problem.other_connection", "problem.other_devices"),
    ],
    "device": [
        *("reporter.name", "reporter.email", "reporter.phone", "reporter.company"),
        *("service.account_id", "service.name", "service.provider", "service.tickets"),
        *("service.device_make", "service.device_model"),
        *("problem.summary", "problem.description", "problem.started_at", "problem.frequency", "problem.changed"),
        *("problem.works", "problem.broken", "problem.steps", "problem.tried", "problem.impact"),
    ],
}


@pytest.mark.parametrize("situation", EXPECTED)
def test_each_situation_asks_exactly_its_questions_in_its_own_words(situation: str) -> None:
    p, _ = interview_of(situation)
    assert p.prompts() == [prompt(key, situation) for key in EXPECTED[situation]]


@pytest.mark.parametrize("situation", ["internet", "device"])
def test_internet_and_device_questions_are_not_worded_for_a_service(situation: str) -> None:
    p, _ = interview_of(situation)
    for a in p.questions:
        words = f"{a.text} ({a.hint})".lower()
        for service_word in ("service", "webshop", "http 502", "hosting", "cloud", "control panel"):
            assert service_word not in words, (service_word, a.text, a.hint)


def test_the_wording_fits_each_situation() -> None:
    internet, _ = interview_of("internet")
    device, _ = interview_of("device")
    assert "Your internet provider" in internet.prompts() and "Which connection" in internet.prompts()
    assert "Which device" in device.prompts()
    hints = {a.text: a.hint for a in internet.questions}
    assert "No internet on any device since 08:00" in hints["One-line summary"]
    assert "HP LaserJet M404 prints blank pages" in {a.text: a.hint for a in device.questions}["One-line summary"]
    service, _ = interview_of("service")
    assert "Which service is affected" in service.prompts()  # the service wording is unchanged


def test_a_situation_given_by_flags_or_the_draft_is_not_asked() -> None:
    p = Script([], default="")
    session = Session(answers={"service.device_model": "HL-L2350DW"}, situation="device")
    interview.run(session, p, clipboard=False)
    assert not any(a.kind == "choose" for a in p.asked)
    assert prompt("service.vm_name") not in p.prompts() and prompt("service.device_make") in p.prompts()


def test_prefilled_answers_never_decide_the_situation() -> None:
    """A server IP from the config is a default, not the user's choice: the situation is still asked."""
    p = Script(["i"], default="")
    session = Session(answers={"service.host": "203.0.113.10", "service.device_model": "HL-L2350DW"})
    interview.run(session, p, clipboard=False)
    assert [a.text for a in p.asked if a.kind == "choose"] == ["  Choose"]
    assert "What is the problem about?" in p.said and session.situation == "internet"


def test_questions_already_asked_are_not_asked_again() -> None:
    """A resumed session: what was skipped with Enter before (in `asked`) is not asked again, nor the error paste
    or the screenshot question once they were answered."""
    first, session = interview_of("service")
    assert session.asked == {*EXPECTED["service"], interview.ASKED_ERROR, interview.ASKED_SCREENSHOTS}
    again = Script([], default="")
    interview.run(session, again, clipboard=False)
    assert again.asked == [] and first.questions


def test_ctrl_c_at_a_question_leaves_it_to_be_asked_again() -> None:
    replies: list[Any] = ["s", "Anna", "", KeyboardInterrupt()]
    session = Session(answers={})
    with pytest.raises(KeyboardInterrupt):
        interview.run(session, Script(replies), clipboard=False)
    assert session.asked == {"reporter.name", "reporter.email"}
    again = Script([], default="")
    interview.run(session, again, clipboard=False)
    assert again.prompts()[0] == prompt("reporter.phone")
    assert not any(a.kind == "choose" for a in again.asked)  # the situation is kept too


def answering(replies: dict[str, list[str]], follow_ups: Sequence[str] = ()) -> Any:
    """A reply function: the next scripted reply for the field whose prompt is asked, the next follow-up reply for
    a question that is no field's, else Enter."""
    more = list(follow_ups)
    fields = {f.prompt: f.key for f in FIELDS}

    def reply(text: str) -> str:
        key = fields.get(text)
        if key is None:
            return more.pop(0) if more and "screenshot" not in text else ""
        queue = replies.get(key)
        return queue.pop(0) if queue else ""

    return reply


@pytest.mark.parametrize(
    ("key", "vague", "question"),
    [
        ("problem.summary", "it doesn't work", "In one line: which service, and what exactly goes wrong?"),
        ("problem.description", "everything is broken", "What exactly does not work"),
    ],
)
def test_a_vague_answer_gets_one_follow_up_that_replaces_it(key: str, vague: str, question: str) -> None:
    specific = "The checkout page answers HTTP 502 since 08:00"
    reply = answering({key: [vague]}, [specific])
    p = Script(["s", *[reply] * 60])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    follow_ups = [a.text for a in p.asked if a.kind == "ask" and not a.progress and question in a.text]
    assert len(follow_ups) == 1
    assert session.answers[key] == specific


def test_a_specific_answer_gets_no_follow_up() -> None:
    reply = answering({"problem.summary": ["Checkout returns HTTP 502 after PHP 8.3 update"]}, ["not asked"])
    p = Script(["s", *[reply] * 60])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    assert session.answers["problem.summary"] == "Checkout returns HTTP 502 after PHP 8.3 update"
    assert all(a.progress for a in p.asked if a.kind == "ask" and "screenshot" not in a.text)


def test_a_follow_up_skipped_keeps_the_first_answer() -> None:
    reply = answering({"problem.summary": ["it doesn't work"]})
    p = Script(["s", *[reply] * 60])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    assert session.answers["problem.summary"] == "it doesn't work"


@pytest.mark.parametrize("key", ["problem.description", "problem.tried", "reporter.company"])
def test_an_answer_with_a_password_is_asked_again_and_replaced(key: str) -> None:
    reply = answering({key: ["my password is Kevät2026! and it fails"]}, ["Login fails with error 809"])
    p = Script(["s", *[reply] * 60])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    assert any("without the password" in a.text for a in p.asked)
    assert session.answers[key] == "Login fails with error 809"


def test_a_password_answer_is_held_redacted_until_it_is_replaced() -> None:
    """Ctrl-C at the follow-up: the draft keeps the answer, but never the password itself."""
    reply = answering({"problem.description": ["my password is Kevät2026! and it fails"]})
    session = Session(answers={})

    def interrupt_at_follow_up(text: str) -> Any:
        if "without the password" in text:
            raise KeyboardInterrupt
        return reply(text)

    p = Script(["s", *[interrupt_at_follow_up] * 60])
    with pytest.raises(KeyboardInterrupt):
        interview.run(session, p, clipboard=False)
    kept = session.answers["problem.description"]
    assert "Kevät2026!" not in kept and "[REDACTED:password]" in kept and "it fails" in kept


def test_an_invalid_ip_is_explained_and_asked_again() -> None:
    reply = answering({"service.host": ["999.1.2.3", "203.0.113.10"]})
    p = Script(["s", *[reply] * 60])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    assert session.answers["service.host"] == "203.0.113.10"
    assert [a.progress for a in p.asked if a.text == prompt("service.host")] == ["10/24", "10/24"]
    assert any("'999.1.2.3' is not an IP address" in line for line in p.said)


VALID = {"ip": "203.0.113.10", "url": "https://shop.example.com/", "email": "anna@example.com", "works-fails": "fails"}


@pytest.mark.parametrize("stop_at", [1, 2, 5, 12, 24])
def test_ctrl_c_at_any_question_keeps_everything_already_answered(stop_at: int) -> None:
    by_prompt = {f.prompt: f for f in FIELDS}
    count = 0

    def reply(text: str) -> str:
        nonlocal count
        f = by_prompt.get(text)
        if f is None:  # a follow-up question ("On which day …?"): skipped, not counted
            return ""
        count += 1
        if count == stop_at:
            raise KeyboardInterrupt
        return VALID.get(f.kind, f"answer {count} for {f.key}")

    p = Script(["s", *[reply] * 30])
    session = Session(answers={})
    with pytest.raises(KeyboardInterrupt):
        interview.run(session, p, clipboard=False)
    answered = [by_prompt[a.text] for a in p.questions][: stop_at - 1]
    assert len(session.answers) == stop_at - 1
    for n, f in enumerate(answered, 1):
        expected = VALID.get(f.kind, f"answer {n} for {f.key}")
        assert session.answers[f.key] == ((expected,) if f.kind == "list" else expected), f.key


def test_ctrl_c_mid_paste_keeps_the_lines_already_pasted() -> None:
    p = Script(["s", *[""] * 24, "Fatal error 0x80070005", "in module kernel32.dll", KeyboardInterrupt()])
    session = Session(answers={})
    with pytest.raises(KeyboardInterrupt):
        interview.run(session, p, clipboard=False)
    assert session.pasting == ["Fatal error 0x80070005", "in module kernel32.dll"]
    (kept,) = session.kept_errors()
    assert kept.text == "Fatal error 0x80070005\nin module kernel32.dll"


def test_a_finished_paste_becomes_one_error_text() -> None:
    p = Script(["s", *[""] * 24, "502 Bad Gateway", "nginx/1.24.0", "", ""])
    session = Session(answers={})
    interview.run(session, p, clipboard=False)
    assert [e.text for e in session.errors] == ["502 Bad Gateway\nnginx/1.24.0"]
    assert session.pasting == []
    assert any("No clipboard can be read here" in line for line in p.said)


def test_with_a_clipboard_it_offers_the_clipboard_instead_of_the_paste() -> None:
    p = Script(["s", *[""] * 24, True, ""])
    session = Session(answers={})
    interview.run(session, p, clipboard=True)
    assert session.clipboard is True
    assert not any(a.kind == "paste" for a in p.asked)


def png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(path, "PNG")
    return path


def test_screenshot_path_is_checked_and_c_captures(tmp_path: Path) -> None:
    shot = png(tmp_path / "502.png")
    p = Script([str(tmp_path / "typo.png"), str(shot), "the 502 page", "c", "the screen now"])
    session = Session(answers={})
    interview.ask_screenshots(p, session)
    assert session.screenshots == [(str(shot), "the 502 page")]
    assert session.capture and session.capture_caption == "the screen now"
    assert any("typo.png': does not exist (check the path); give the path of an image" in line for line in p.said)


def test_ctrl_c_at_the_caption_keeps_the_screenshot_path(tmp_path: Path) -> None:
    shot = png(tmp_path / "502.png")

    def stop(text: str) -> str:
        raise KeyboardInterrupt

    session = Session(answers={})
    with pytest.raises(KeyboardInterrupt):
        interview.ask_screenshots(Script([str(shot), stop]), session)
    assert session.screenshots == [(str(shot), None)]
    session = Session(answers={})
    with pytest.raises(KeyboardInterrupt):
        interview.ask_screenshots(Script(["c", stop]), session)
    assert session.capture and session.capture_caption is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 76, "not an image (unrecognised content)"),  # an 84-byte fake PNG
        (None, "damaged or truncated PNG"),  # a real PNG cut short
        (b"Fatal error 0x80070005\n", "not an image (unrecognised content)"),
        (b"", "is empty"),
    ],
)
def test_a_non_image_is_refused_at_the_prompt_with_the_reason(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    fake = tmp_path / "error.png"
    real = png(tmp_path / "real.png")
    fake.write_bytes(real.read_bytes()[:-20] if content is None else content)
    p = Script([str(fake), str(real), "", ""])
    session = Session(answers={})
    interview.ask_screenshots(p, session)
    assert session.screenshots == [(str(real), None)]
    errors = [line for line in p.said if line.startswith("  Error:")]
    assert len(errors) == 1 and reason in errors[0] and "error.png" in errors[0], errors
    assert [a.text for a in p.asked].count("  What does it show?") == 1  # no caption asked for the fake


def test_a_directory_is_refused_at_the_prompt(tmp_path: Path) -> None:
    p = Script([str(tmp_path), ""])
    session = Session(answers={})
    interview.ask_screenshots(p, session)
    assert session.screenshots == [] and any("is a directory, not an image" in line for line in p.said)


def test_restore_brings_back_the_whole_session_and_warns_once_per_vanished_screenshot(tmp_path: Path) -> None:
    from reportkit import draft
    from reportkit.collectors import evidence

    shot = png(tmp_path / "502.png")
    kept = draft.Draft(
        answers={"reporter.name": "Anna"},
        errors=(evidence.from_text("E42"),),
        situation="device",
        asked=("reporter.name", "reporter.email"),
        screenshots=((str(shot), "the page"), (str(tmp_path / "gone.png"), None)),
        capture=True,
        capture_caption="the screen",
        clipboard=True,
    )
    session = Session(answers={}, errors=[evidence.from_text("from a flag")], screenshots=[("flag.png", None)])
    warnings = interview.restore(session, kept)
    assert len(warnings) == 1 and "gone.png" in warnings[0] and "no longer exists" in warnings[0]
    assert [e.text for e in session.errors] == ["E42", "from a flag"]
    assert session.screenshots == [(str(shot), "the page"), ("flag.png", None)]
    assert session.capture and session.capture_caption == "the screen" and session.clipboard
    assert session.situation == "device" and session.asked == {"reporter.name", "reporter.email"}


def test_restore_keeps_a_situation_the_flags_of_this_run_tell() -> None:
    from reportkit import draft

    session = Session(answers={}, situation="service")
    interview.restore(session, draft.Draft(answers={}, situation="device"))
    assert session.situation == "service"


def test_session_draft_holds_everything_typed_and_chosen() -> None:
    session = Session(
        answers={"reporter.name": "Anna"},
        screenshots=[("/tmp/a.png", "a")],
        capture=True,
        capture_caption="c",
        clipboard=True,
        situation="internet",
        asked={"reporter.name"},
        pasting=["half a paste"],
    )
    kept = session.draft()
    assert kept.answers == {"reporter.name": "Anna"} and [e.text for e in kept.errors] == ["half a paste"]
    assert kept.screenshots == (("/tmp/a.png", "a"),) and kept.capture and kept.capture_caption == "c"
    assert kept.clipboard and kept.situation == "internet" and kept.asked == ("reporter.name",)


# ------------------------------------------------------------------ the preview


def test_review_edit_an_answer_by_number_then_shows_the_change() -> None:
    original = {"reporter.name": "Anna", "service.host": "203.0.113.10", "problem.summary": "VPS 502"}
    session = Session(answers=dict(original))
    seen: list[dict[str, Any]] = []
    p = Script(["e", "7", "2", "999.1.2.3", "198.51.100.7", "s"])
    assert interview.review(p, session, lambda: seen.append(dict(session.answers))) is True
    assert session.answers["service.host"] == "198.51.100.7"
    assert seen == [original, original | {"service.host": "198.51.100.7"}]
    assert "   2. Server IP address: 203.0.113.10" in p.said
    assert any("'7' is not one of the numbers 1–3" in line for line in p.said)
    assert any("'999.1.2.3' is not an IP address" in line for line in p.said)
    edit = next(a for a in p.asked if a.text == prompt("service.host"))
    assert "now: 203.0.113.10" in edit.hint


def test_review_edit_also_offers_the_questions_not_answered() -> None:
    """On --resume a skipped question is not asked again: the preview can still answer it."""
    session = Session(answers={"reporter.name": "Anna"}, situation="internet")
    p = Script(["e", "7", "Example Fibre Oy", "s"])
    assert interview.review(p, session, lambda: None)
    assert session.answers["service.provider"] == "Example Fibre Oy"
    assert p.said[:4] == ["   1. Your name: Anna", "  Not answered:", "   2. Your e-mail", "   3. Phone number"]
    assert "   7. Your internet provider" in p.said
    assert prompt("service.vm_name") not in " ".join(p.said)  # only the situation's own questions


def test_review_edit_keeps_on_enter_and_removes_on_dash() -> None:
    session = Session(answers={"reporter.name": "Anna", "reporter.phone": "+358 40 123 4567"})
    p = Script(["e", "1", "", "e", "2", "-", "s"])
    assert interview.review(p, session, lambda: None)
    assert session.answers == {"reporter.name": "Anna"}


def test_review_edit_of_a_vague_summary_gets_the_follow_up() -> None:
    session = Session(answers={"problem.summary": "Checkout 502"})
    p = Script(["e", "1", "it doesn't work", "Checkout returns 502 since 08:00", "s"])
    assert interview.review(p, session, lambda: None)
    assert session.answers["problem.summary"] == "Checkout returns 502 since 08:00"


def test_review_description_in_the_editor_and_cancel() -> None:
    session = Session(answers={"problem.description": "nothing works"})
    p = Script(["d", "Since 08:00 the VPN rejects logins with error 809\n", "d", None, "c"])
    shows: list[str] = []
    assert interview.review(p, session, lambda: shows.append(session.answers["problem.description"])) is False
    assert session.answers["problem.description"] == "Since 08:00 the VPN rejects logins with error 809"
    edits = [a.text for a in p.asked if a.kind == "edit"]
    assert edits[0] == "nothing works"
    assert shows == ["nothing works", *["Since 08:00 the VPN rejects logins with error 809"] * 2]


def test_menu_says_honestly_what_the_editor_edits() -> None:
    assert "the [d]escription in $EDITOR" in interview.MENU and "[e]dit an answer" in interview.MENU
    assert "edit [a]ll answers" in interview.MENU


# ------------------------------------------------------------------ remember, the pre-probe notice


def test_remember_offers_only_new_details() -> None:
    answers = {"reporter.name": "Anna", "reporter.email": "anna@example.com", "problem.summary": "x"}
    settings = {"reporter": {"name": "Anna"}}
    assert interview.details_to_remember(answers, settings) == {"reporter.email": "anna@example.com"}
    p = Script([False])
    assert interview.offer_to_remember(p, answers, settings, "/x/config.toml") == {}
    assert interview.offer_to_remember(Script([]), {"reporter.name": "Anna"}, settings, "/x") == {}


def test_contact_notice_is_one_line_and_shortens_long_lists() -> None:
    contacts = [
        ("router", "192.168.1.1"),
        ("router", "192.168.1.1"),
        ("dns", "192.168.1.1"),
        *[("test", f"198.51.100.{n}") for n in range(1, 7)],
        ("service", "shop.example.com"),
    ]
    line = interview.contact_notice(contacts)
    assert "\n" not in line
    assert line.startswith(
        "Contacting your router 192.168.1.1; DNS 192.168.1.1; test addresses 198.51.100.1, 198.51.100.2, "
        "198.51.100.3 and 3 more; and the service shop.example.com (--offline sends nothing"
    )
    assert "probes.internet_anchors" in line


@pytest.mark.parametrize(
    ("contacts", "listed"),
    [
        ([("test", "127.0.0.1")], "test addresses 127.0.0.1 ("),
        ([("test", "127.0.0.1"), ("service", "127.0.0.1")], "test addresses 127.0.0.1 and the service 127.0.0.1 ("),
        (
            [("router", "192.168.1.1"), ("dns", "192.168.1.1"), ("service", "shop.example.com")],
            "your router 192.168.1.1, DNS 192.168.1.1 and the service shop.example.com (",
        ),
        (
            [("test", "127.0.0.1"), ("test", "127.0.0.2"), ("service", "127.0.0.3")],
            "test addresses 127.0.0.1, 127.0.0.2; and the service 127.0.0.3 (",
        ),
    ],
)
def test_contact_notice_joins_its_parts_as_a_sentence(contacts: list[tuple[str, str]], listed: str) -> None:
    assert interview.contact_notice(contacts).startswith(f"Contacting {listed}")


def test_contact_notice_with_nothing_to_contact_says_so() -> None:
    assert "No network probes will leave this machine" in interview.contact_notice([])


ANCHOR = datetime(2026, 12, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))


def test_a_start_time_is_said_back_as_the_request_will_show_it() -> None:
    p = Script([])
    answers: dict[str, Any] = {"problem.started_at": "this morning"}
    interview.place_start(p, answers, ANCHOR)
    assert p.said == ["  → this morning (≈ Tue 1 Dec 2026, 08:00 UTC+02:00)"]
    assert answers["problem.started_at"] == "this morning"
    assert not p.asked


def test_a_start_time_that_cannot_be_placed_is_asked_once_and_replaced() -> None:
    p = Script(["yesterday 18:00"])
    answers: dict[str, Any] = {"problem.started_at": "since the update"}
    interview.place_start(p, answers, ANCHOR)
    assert [a.text for a in p.asked] == ["  " + interview.START_QUESTION]
    assert answers["problem.started_at"] == "yesterday 18:00"
    assert p.said == ["  → yesterday 18:00 (Mon 30 Nov 2026, 18:00 UTC+02:00)"]


def test_no_answer_to_the_day_question_keeps_what_was_said() -> None:
    p = Script([""])
    answers: dict[str, Any] = {"problem.started_at": "a while ago"}
    interview.place_start(p, answers, ANCHOR)
    assert answers["problem.started_at"] == "a while ago"
    assert p.said == []


@pytest.mark.parametrize(
    ("situation", "title"), [("service", "The service"), ("internet", "The connection"), ("device", "The device")]
)
def test_the_middle_part_is_titled_for_the_situation(situation: str, title: str) -> None:
    p = Script([], default="")
    interview.run(Session(answers={}, situation=situation), p, clipboard=False)
    headings = [line for line in p.said if line in ("The service", "The connection", "The device")]
    assert headings == [title]
