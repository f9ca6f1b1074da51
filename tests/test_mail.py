"""The request as an e-mail (reportkit.mail): composed from the rendered request in each language, sent through a
real SMTP server on loopback (aiosmtpd), and read back: recipients, Reply-To, subject, both alternatives, and
attachments whose bytes match their sources."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Iterator
from typing import Any

import fixtures
import pytest

from reportkit import i18n, mail
from reportkit.render import render

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = Inbox()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def composed(language: str, attachments: list[mail.Attachment], cap: int = mail.DEFAULT_CAP) -> mail.Composed:
    report = fixtures.sample_report()
    text = render(report, "text", language=language)
    subject, body = mail.subject_of(text, i18n.gettext_for(language, "Subject"))
    return mail.compose(
        subject=subject,
        text=body,
        html=render(report, "html", language=language),
        sender="Anna Virtanen <anna@example.org>",
        to=["support@cloud.example"],
        cc=["anna@example.org"],
        reply_to="Anna Virtanen <anna@example.org>",
        attachments=attachments,
        cap=cap,
        language=language,
    )


@pytest.mark.parametrize("language", ["en", "fi", "hu", "tr", "ru"])
def test_the_message_that_arrives_is_the_request(smtp: tuple[int, Inbox], language: str) -> None:
    port, inbox = smtp
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    diagnostics = b'{"sections": []}\n'
    made = composed(language, [mail.Attachment("screenshot-01.png", png, "image/png"),
                               mail.Attachment("diagnostics.json", diagnostics)])  # fmt: skip
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(made.message)
    assert len(inbox.messages) == 1
    mail_from, rcpts, raw = inbox.messages[0]
    assert mail_from == "anna@example.org" and sorted(rcpts) == ["anna@example.org", "support@cloud.example"]
    got = email.message_from_bytes(raw, policy=email.policy.default)
    assert got["Reply-To"] == "Anna Virtanen <anna@example.org>" and got["Message-ID"] == made.message_id
    text = render(fixtures.sample_report(), "text", language=language)
    # one line (folding on the wire may leave two spaces where it broke a long encoded subject)
    assert " ".join(got["Subject"].split()) == " ".join(text.splitlines()[0].split(": ", 1)[1].split())
    plain = got.get_body(("plain",))
    html = got.get_body(("html",))
    assert plain is not None and html is not None
    wire = plain.get_content().replace("\r\n", "\n")  # lines end in CRLF on the wire
    assert wire.rstrip("\n") == text.split("\n", 1)[1].lstrip("\n").rstrip("\n")
    assert "<html" in html.get_content().lower()
    parts = {p.get_filename(): p.get_payload(decode=True) for p in got.iter_attachments()}
    assert parts == {"screenshot-01.png": png, "diagnostics.json": diagnostics}
    assert made.attached == ("screenshot-01.png", "diagnostics.json") and made.left_out == ()


def test_attachments_over_the_cap_are_left_out_and_named() -> None:
    big, small = mail.Attachment("big.png", b"x" * 900), mail.Attachment("small.json", b"{}")
    made = composed("en", [big, small, mail.Attachment("second-big.png", b"y" * 900)], cap=1000)
    assert made.attached == ("big.png", "small.json") and made.left_out == ("second-big.png",)
    names = [p.get_filename() for p in made.message.iter_attachments()]
    assert names == ["big.png", "small.json"]


def test_a_line_break_in_a_header_value_never_adds_a_header() -> None:
    sender = "Anna\nBcc: evil@example.net <anna@example.org>"
    made = mail.compose(subject="Down\r\nBcc: evil@example.net", text="x", html=None, sender=sender,
                        to=["support@example.org"])  # fmt: skip
    raw = mail.eml(made).decode()
    assert "\nBcc:" not in raw and "\r\nBcc:" not in raw
    assert made.message["Subject"] == "Down Bcc: evil@example.net"


def test_subject_of_reads_the_labelled_first_line() -> None:
    assert mail.subject_of("Aihe: Kauppa: kassa ei toimi\n\nHei,\n", "Aihe") == ("Kauppa: kassa ei toimi", "Hei,\n")
    assert mail.subject_of("no subject line\n", "Subject") == ("", "no subject line\n")
