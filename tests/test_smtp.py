"""Sending through a real SMTP server on loopback (aiosmtpd): plain, STARTTLS and implicit TLS with a test
certificate, AUTH, and each fault the server can inject — a wrong password, a refused connection, an untrusted
certificate, a server that never answers, drops the connection in DATA, refuses the recipient or the size. Each is
one line, and the password appears in none of them."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path
from typing import Any

import pytest

from reportkit import mail, smtp

controller_module = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

PASSWORD = "s3cret-Pa55word-for-the-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Handler:
    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.received: list[Any] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.mode == "refuse-rcpt":
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.mode == "drop":
            server.transport.close()
            return "421 closing"
        self.received.append(envelope)
        return "250 OK"


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"anna" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context


def start(handler: Handler, **options: Any) -> Any:
    port = free_port()
    controller = controller_module.Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


@pytest.fixture
def message() -> mail.Composed:
    return mail.compose(subject="Shop down", text="Hello,\nthe shop is down.\n", html="<p>Hello</p>",
                        sender="anna@example.org", to=["support@cloud.example"],
                        attachments=[mail.Attachment("diagnostics.json", b"{}\n")])  # fmt: skip


def server(port: int, **fields: Any) -> smtp.Server:
    return smtp.Server(host="127.0.0.1", port=port, **{"security": "none", "timeout": 5.0, **fields})


def test_plain_delivery(message: mail.Composed) -> None:
    handler = Handler()
    controller = start(handler)
    try:
        smtp.send(message.message, server(controller.port), None)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.received] == [["support@cloud.example"]]
    assert b"diagnostics.json" in handler.received[0].original_content


def test_starttls_and_auth_with_a_test_certificate(message: mail.Composed, certificate: tuple[Path, Path]) -> None:
    handler = Handler()
    controller = start(handler, tls_context=server_context(certificate), require_starttls=True,
                       authenticator=authenticator, auth_require_tls=True)  # fmt: skip
    try:
        good = server(controller.port, security="starttls", user="anna", ca_file=str(certificate[1]))
        smtp.send(message.message, good, PASSWORD)
        assert len(handler.received) == 1
        with pytest.raises(smtp.SendError) as wrong:
            smtp.send(message.message, good, "not-the-password")
        with pytest.raises(smtp.SendError) as untrusted:  # a self-signed certificate without [smtp] ca_file
            smtp.send(message.message, server(controller.port, security="starttls", user="anna"), PASSWORD)
        with pytest.raises(smtp.SendError) as no_password:
            smtp.send(message.message, good, None)
    finally:
        controller.stop()
    assert "refused the user name or password for anna" in wrong.value.message
    assert "not trusted" in untrusted.value.message and "ca_file" in untrusted.value.message
    assert "REPORTKIT_SMTP_PASSWORD" in no_password.value.message
    for caught in (wrong, untrusted, no_password):
        assert PASSWORD not in caught.value.message and "not-the-password" not in caught.value.message
        assert "\n" not in caught.value.message
    assert len(handler.received) == 1


def test_implicit_tls(message: mail.Composed, certificate: tuple[Path, Path]) -> None:
    handler = Handler()
    controller = start(handler, ssl_context=server_context(certificate))
    try:
        smtp.send(message.message, server(controller.port, security="ssl", ca_file=str(certificate[1])), None)
        with pytest.raises(smtp.SendError) as plain_to_tls:
            smtp.send(message.message, server(controller.port, security="none", timeout=2.0), None)
    finally:
        controller.stop()
    assert len(handler.received) == 1
    assert plain_to_tls.value.retry or "did not answer" in plain_to_tls.value.message


def test_a_server_without_starttls_is_not_used_in_the_clear(message: mail.Composed) -> None:
    controller = start(Handler())
    try:
        with pytest.raises(smtp.SendError) as caught:
            smtp.send(message.message, server(controller.port, security="starttls"), None)
    finally:
        controller.stop()
    assert "does not offer STARTTLS" in caught.value.message


@pytest.mark.parametrize(
    ("mode", "options", "needle", "retry"),
    [
        ("refuse-rcpt", {}, "refused every recipient (support@cloud.example)", False),
        ("drop", {}, "closed the connection", True),
        ("ok", {"data_size_limit": 200}, "too large", False),
    ],
)
def test_server_faults_are_one_line(message: mail.Composed, mode: str, options: dict[str, Any], needle: str,
                                    retry: bool) -> None:  # fmt: skip
    controller = start(Handler(mode), **options)
    try:
        with pytest.raises(smtp.SendError) as caught:
            smtp.send(message.message, server(controller.port), None)
    finally:
        controller.stop()
    assert needle in caught.value.message and "\n" not in caught.value.message, caught.value.message
    assert caught.value.retry is retry


def test_nothing_listening_and_a_silent_server(message: mail.Composed) -> None:
    with pytest.raises(smtp.SendError) as refused:
        smtp.send(message.message, server(free_port()), None)
    assert "nothing accepts connections at 127.0.0.1:" in refused.value.message and refused.value.retry
    with socket.socket() as silent:  # accepts, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        held: list[socket.socket] = []
        threading.Thread(target=lambda: held.append(silent.accept()[0]), daemon=True).start()
        with pytest.raises(smtp.SendError) as timed_out:
            smtp.send(message.message, server(port, timeout=1.0), None)
        for conn in held:
            conn.close()
    assert "did not answer within 1 s" in timed_out.value.message and timed_out.value.retry


def test_server_of_reads_the_config() -> None:
    assert smtp.server_of({}) is None
    s = smtp.server_of({"smtp": {"host": "mail.example.org", "security": "ssl", "user": "anna"}})
    assert s == smtp.Server("mail.example.org", 465, "ssl", "anna", None, smtp.DEFAULT_TIMEOUT)
    assert smtp.server_of({"smtp": {"host": "m", "port": 2525}}) == smtp.Server("m", 2525)
