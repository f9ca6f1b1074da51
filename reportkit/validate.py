"""Pure validators for user-supplied values; each returns the normalised value or raises InputError."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from reportkit.errors import InputError
from reportkit.i18n import _


def ip_address(value: str, what: str = "--host") -> str:
    text = value.strip()
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        raise InputError(
            _("{what}: {value} is not an IP address; give the server's IPv4 or IPv6 address, e.g. 203.0.113.10").format(
                what=what, value=repr(value)
            )
        ) from None


def url(value: str, what: str = "--url") -> str:
    text = value.strip()
    if text and "://" not in text and " " not in text and "." in text:
        text = "https://" + text  # "shop.example.com" is what most people type
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise InputError(
            _("{what}: {value} is not a web address; give the full URL, e.g. https://shop.example.com/").format(
                what=what, value=repr(value)
            )
        )
    return text


def email(value: str, what: str = "--email") -> str:
    text = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+", text):  # one @, a dotted domain, no spaces
        raise InputError(
            _("{what}: {value} is not an e-mail address; give one like name@example.com").format(
                what=what, value=repr(value)
            )
        )
    return text


def port(value: str | int, what: str = "--port") -> int:
    number = -1
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,5}\s*", value):  # no "+80", "8_0", "٨٠"
        number = int(value)
    if not 1 <= number <= 65535:
        raise InputError(
            _("{what}: {value} is not a port number; give a number from 1 to 65535").format(
                what=what, value=repr(value)
            )
        )
    return number


def split_hostport(value: str, default_port: int, what: str = "--anchor") -> tuple[str, int]:
    """The one host:port parser: '203.0.113.5:443', '[2001:db8::5]:443', '2001:db8::5', 'host', 'host:80'.

    Returns (host, port), with `default_port` when none is written; a malformed bracket or a port that is not
    1-65535 is an InputError. The host is not checked here (see `hostport` for IP literals)."""
    text = value.strip()
    if text.startswith("["):
        host, closed, rest = text[1:].partition("]")
        if not closed or (rest and not rest.startswith(":")):
            raise InputError(
                _("{what}: {value} is not HOST:PORT; write an IPv6 address as [2001:db8::5]:443").format(
                    what=what, value=repr(value)
                )
            )
        port_text: str | None = rest[1:] if rest else None
    elif text.count(":") == 1:
        host, _colon, port_text = text.partition(":")
    else:
        host, port_text = text, None  # a bare IPv6 address has more than one colon
    if not host:
        raise InputError(
            _("{what}: {value} names no host; give HOST:PORT, e.g. 203.0.113.5:443").format(
                what=what, value=repr(value)
            )
        )
    if port_text is None:
        return host, default_port
    try:
        return host, port(port_text, what)
    except InputError:
        example = f"[{host}]:443" if ":" in host else f"{host}:443"
        raise InputError(
            _("{what}: {value} has the port {port}; a port is a number from 1 to 65535, e.g. {example}").format(
                what=what, value=repr(value), port=repr(port_text), example=example
            )
        ) from None


def hostport(value: str, what: str = "--anchor", default_port: int | None = None) -> str:
    """An IP literal with a port ('203.0.113.5:443', '[2001:db8::5]:443'); DNS-independent by design.

    With `default_port` the port may be left out (a resolver: '203.0.113.53' means port 53)."""
    if default_port is None:
        bad = InputError(
            _("{what}: {value} should be IP:PORT, e.g. 203.0.113.5:443").format(what=what, value=repr(value))
        )
    else:
        bad = InputError(
            _("{what}: {value} should be an IP address (optionally :PORT), e.g. 203.0.113.53").format(
                what=what, value=repr(value)
            )
        )
    host, number = split_hostport(value, 0, what)  # 0: no port written
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise bad from None
    if number == 0:
        if default_port is None:
            raise bad
        return str(address)  # the implied port stays implied
    return f"[{address}]:{number}" if address.version == 6 else f"{address}:{number}"


def deadline(value: str | float, what: str = "--deadline") -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0.2 <= number <= 120:
        raise InputError(
            _("{what}: {value} should be a number of seconds from 0.2 to 120").format(what=what, value=repr(value))
        )
    return number


_WORKS = {
    "works": "works",
    "work": "works",
    "yes": "works",
    "y": "works",
    "ok": "works",
    "fails": "fails",
    "fail": "fails",
    "no": "fails",
    "n": "fails",
    "broken": "fails",
}


def is_works_fails(value: str) -> bool:
    """An answer works_fails reads (rather than, say, a file name)."""
    return value.strip().lower() in _WORKS


def works_fails(value: str, what: str = "--other-connection") -> str:
    answer = _WORKS.get(value.strip().lower())
    if answer is None:
        raise InputError(
            _("{what}: {value} is not an answer I know; say works or fails (or leave it out)").format(
                what=what, value=repr(value)
            )
        )
    return answer


VALIDATORS = {"ip": ip_address, "url": url, "email": email, "works-fails": works_fails}
