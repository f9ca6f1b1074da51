"""Pure validators for user-supplied values; each returns the normalised value or raises InputError."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from reportkit.errors import InputError


def ip_address(value: str, what: str = "--host") -> str:
    text = value.strip()
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        raise InputError(
            f"{what}: {value!r} is not an IP address; give the server's IPv4 or IPv6 address, e.g. 203.0.113.10"
        ) from None


def url(value: str, what: str = "--url") -> str:
    text = value.strip()
    if text and "://" not in text and " " not in text and "." in text:
        text = "https://" + text  # "shop.example.com" is what most people type
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise InputError(f"{what}: {value!r} is not a web address; give the full URL, e.g. https://shop.example.com/")
    return text


def email(value: str, what: str = "--email") -> str:
    text = value.strip()
    local, _, domain = text.partition("@")
    if not local or "." not in domain or " " in text:
        raise InputError(f"{what}: {value!r} is not an e-mail address; give one like name@example.com")
    return text


def port(value: str | int, what: str = "--port") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 1 <= number <= 65535:
        raise InputError(f"{what}: {value!r} is not a port number; give a number from 1 to 65535")
    return number


VALIDATORS = {"ip": ip_address, "url": url, "email": email}
