"""Handing a composed message (reportkit.mail) to an SMTP server: STARTTLS, implicit TLS or none, optional AUTH,
one timeout on every step, and every fault as one line naming the problem and the fix (issue 13).

The password is an argument only: never stored, never put into a message or an exception."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from reportkit.errors import ReportkitError
from reportkit.i18n import _

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 20.0
PASSWORD_ENV = "REPORTKIT_SMTP_PASSWORD"


class SendError(ReportkitError):
    """The message did not leave: the request and the .eml stay on disk; `retry` says whether trying again later
    may help (a busy or unreachable server) or something must change first (a password, an address)."""

    def __init__(self, message: str, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    ca_file: str | None = None
    timeout: float = DEFAULT_TIMEOUT


def server_of(settings: Mapping[str, Any]) -> Server | None:
    """The [smtp] section as a Server (None: no host configured)."""
    section = settings.get("smtp") if isinstance(settings, Mapping) else None
    if not isinstance(section, Mapping) or not section.get("host"):
        return None
    security = str(section.get("security") or "starttls").lower()
    return Server(
        host=str(section["host"]),
        port=int(section.get("port") or DEFAULT_PORTS.get(security, 587)),
        security=security,
        user=str(section["user"]) if section.get("user") else None,
        ca_file=str(section["ca_file"]) if section.get("ca_file") else None,
        timeout=float(section.get("timeout") or DEFAULT_TIMEOUT),
    )


def _context(server: Server) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise SendError(
            _("[smtp] ca_file {path} cannot be used ({reason}); give a PEM file with the server's CA").format(
                path=server.ca_file, reason=getattr(exc, "strerror", None) or exc
            )
        ) from None


def send(message: EmailMessage, server: Server, password: str | None, recipients: Sequence[str] | None = None) -> None:
    """Deliver `message` (to its To and Cc, or `recipients`); SendError with one line for every fault."""
    where = f"{server.host}:{server.port}"
    if server.security not in SECURITY:
        raise SendError(
            _("[smtp] security = {value} is not known; use starttls, ssl or none").format(value=repr(server.security))
        )
    context = _context(server) if server.security != "none" else None
    client: smtplib.SMTP | None = None
    try:
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
            client.ehlo()
            if server.security == "starttls":
                if not client.has_extn("starttls"):
                    raise SendError(
                        _(
                            "{server} does not offer STARTTLS; set [smtp] security = ssl (port 465) or, on a trusted "
                            "network only, none"
                        ).format(server=where)
                    )
                client.starttls(context=context)
                client.ehlo()
        if server.user:
            if password is None:
                raise SendError(
                    _("[smtp] user {user} needs a password: set {env} or run it at a terminal to be asked").format(
                        user=server.user, env=PASSWORD_ENV
                    )
                )
            client.login(server.user, password)
        refused = client.send_message(message, to_addrs=list(recipients) if recipients else None)
        if refused:
            raise SendError(
                _("{server} refused {addresses}; the others got the message").format(
                    server=where, addresses=", ".join(sorted(refused))
                )
            )
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            _("{server} refused the user name or password for {user}; check [smtp] user and {env}").format(
                server=where, user=server.user, env=PASSWORD_ENV
            )
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(
            _("{server} refused every recipient ({addresses}); check the address, e.g. with --to").format(
                server=where, addresses=", ".join(sorted(exc.recipients))
            )
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 552:
            raise _too_big(where, message) from None
        raise SendError(
            _("{server} refused the sender {sender} ({reply}); set [reporter] email to an address it accepts").format(
                server=where, sender=exc.sender, reply=_reply(exc.smtp_code, exc.smtp_error)
            )
        ) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 552:
            raise _too_big(where, message) from None
        raise SendError(
            _("{server} did not accept the message ({reply}); try again later").format(
                server=where, reply=_reply(exc.smtp_code, exc.smtp_error)
            ),
            retry=True,
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):  # smtplib reports a reply that never came as a disconnect
            raise _timed_out(where, server) from None
        raise SendError(
            _("{server} closed the connection before the message was accepted; try again later").format(server=where),
            retry=True,
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise SendError(
            _("the certificate of {server} is not trusted ({reason}); give its CA as [smtp] ca_file").format(
                server=where, reason=exc.verify_message or exc.reason
            )
        ) from None
    except ssl.SSLError as exc:
        raise SendError(
            _("TLS with {server} failed ({reason}); check [smtp] security and port (ssl: 465, starttls: 587)").format(
                server=where, reason=exc.reason or exc
            )
        ) from None
    except TimeoutError:
        raise _timed_out(where, server) from None
    except ConnectionRefusedError:
        raise SendError(
            _("nothing accepts connections at {server}; check [smtp] host and port").format(server=where), retry=True
        ) from None
    except socket.gaierror:
        raise SendError(
            _("the SMTP server name {host} is not known; check [smtp] host").format(host=server.host)
        ) from None
    except smtplib.SMTPException as exc:
        raise SendError(
            _("{server} answered with an error ({reason}); try again later").format(server=where, reason=exc),
            retry=True,
        ) from None
    except OSError as exc:
        raise SendError(
            _("{server} cannot be reached ({reason}); check [smtp] host and port").format(
                server=where, reason=exc.strerror or exc
            ),
            retry=True,
        ) from None
    finally:
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()


def _timed_out(where: str, server: Server) -> SendError:
    return SendError(
        _("{server} did not answer within {seconds} s; check [smtp] host and port, or try again later").format(
            server=where, seconds=f"{server.timeout:g}"
        ),
        retry=True,
    )


def _reply(code: int, error: bytes | str) -> str:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{code} {' '.join(text.split())[:160]}"


def _too_big(where: str, message: EmailMessage) -> SendError:
    from reportkit import i18n

    size = i18n.size(len(message.as_bytes()), i18n.current())
    return SendError(
        _(
            "{server} refused the message as too large ({size}); attach fewer screenshots or send the bundle "
            "another way"
        ).format(server=where, size=size)
    )
