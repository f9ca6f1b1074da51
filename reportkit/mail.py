"""A support request as one e-mail (issue 13, first slice): the MIME message only — subject, plain-text and HTML
alternatives, attachments, Reply-To, a Message-ID — built with the standard library's `email` package. Sending
(SMTP, its faults and the CLI) builds on this.

Nothing here prints or asks: `compose` returns the message and `Composed.left_out` names what did not fit under the
size cap, for the caller to say."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

DEFAULT_CAP = 10 * 1024 * 1024  # bytes of attachments a message carries at most (before base64)


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    media_type: str | None = None  # guessed from the name when None


@dataclass(frozen=True)
class Composed:
    message: EmailMessage
    message_id: str
    attached: tuple[str, ...]
    left_out: tuple[str, ...] = field(default_factory=tuple)  # over the cap: the bundle carries them instead


def subject_of(text_request: str, label: str) -> tuple[str, str]:
    """(subject, body) of a rendered request.txt, whose first line is "LABEL: subject" in the request's language."""
    first, _, rest = text_request.partition("\n")
    prefix = f"{label}:"
    if first.startswith(prefix):
        return first[len(prefix) :].strip(), rest.lstrip("\n")
    return "", text_request


def _header(value: str) -> str:
    """A header value on one line: a name or subject with a line break in it never adds a header."""
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


def compose(
    *,
    subject: str,
    text: str,
    html: str | None,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
    cap: int = DEFAULT_CAP,
    language: str = "en",
    domain: str | None = None,
) -> Composed:
    """The message: text/plain and text/html as alternatives, then the attachments in order while they fit under
    `cap` (the first that does not, and every one after it that does not, are left out)."""
    message = EmailMessage()
    message["Subject"] = _header(subject)
    message["From"] = _header(sender)
    message["To"] = ", ".join(_header(t) for t in to)
    if cc:
        message["Cc"] = ", ".join(_header(c) for c in cc)
    if reply_to:
        message["Reply-To"] = _header(reply_to)
    message["Date"] = formatdate(localtime=True)
    message_id = make_msgid(idstring="reportkit", domain=domain or _domain_of(sender))
    message["Message-ID"] = message_id
    message["Content-Language"] = language
    message["X-Mailer"] = "reportkit"
    message.set_content(text if text.endswith("\n") else text + "\n", subtype="plain", charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    attached: list[str] = []
    left_out: list[str] = []
    used = 0
    for item in attachments:
        if used + len(item.data) > cap:
            left_out.append(item.name)
            continue
        used += len(item.data)
        maintype, subtype = _media_type(item)
        message.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.name)
        attached.append(item.name)
    return Composed(message, message_id, tuple(attached), tuple(left_out))


def _media_type(item: Attachment) -> tuple[str, str]:
    media = item.media_type or mimetypes.guess_type(item.name)[0] or "application/octet-stream"
    maintype, _, subtype = media.partition("/")
    return maintype, subtype or "octet-stream"


def _domain_of(address: str) -> str:
    """The domain a Message-ID is made under: the sender's, else reportkit's own placeholder."""
    from email.utils import parseaddr

    _, email = parseaddr(address)
    domain = email.rpartition("@")[2]
    return domain if domain and all(c.isalnum() or c in ".-" for c in domain) else "reportkit.invalid"


def eml(composed: Composed) -> bytes:
    """The message as an .eml file (what --dry-run writes)."""
    return composed.message.as_bytes()
