"""Status-page probe: fetch a provider's status page and say whether it reports an open incident.

`status_probe` is a network probe like those in `netprobe` (absolute `until`, never raises, never runs past the
deadline, a plain result dict). The fetch is a small HTTP/1.1 client over asyncio streams: http and https (system
trust store plus an optional CA file), at most `MAX_REDIRECTS` redirects, a body of at most `MAX_BODY` bytes
(Content-Length, chunked or close-delimited). Host names are resolved only through `netprobe.system_resolve`.

`parse_status` is the pure half: bytes in, a plain dict out, whatever the bytes are. It knows Atlassian
Statuspage v2 JSON (summary.json / status.json), RSS 2.0 (AWS) and Atom (Google Cloud, Azure), detected by content;
anything else is a "page" (only the status code counts). XML with a DOCTYPE or ENTITY declaration is refused before
it reaches the parser. Every text taken from the document is trimmed, stripped of control characters and capped.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import json
import os
import re
import socket
import ssl
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from reportkit import __version__
from reportkit.collectors import netprobe

MAX_BODY = 1 << 20  # 1 MiB
MAX_REDIRECTS = 3
MAX_TEXT = 300  # any text field taken from the document
MAX_INCIDENTS = 5
MAX_COMPONENTS = 10
MAX_URL = 2000
OPEN_WINDOW = timedelta(hours=24)  # a feed entry updated this recently (and not resolved) is open
CLOCK_SKEW = timedelta(minutes=10)  # a feed entry dated a little in the future still counts
ALLOW_ENV = "REPORTKIT_PROBE_ALLOW"  # the same variable collectors/probes.py honours
USER_AGENT = f"reportkit-statuspage/{__version__}"
ACCEPT = "application/json, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/*;q=0.8, */*;q=0.5"

FORMATS = ("statuspage", "rss", "atom", "page")
# keys of parse_status's answer, always all present
PARSED_KEYS = (
    "format",
    "indicator",
    "description",
    "operational",
    "incidents",
    "open_count",
    "degraded_components",
    "summary",
    "error",
)
# keys of status_probe's result["data"], always all present
DATA_KEYS = ("source", "name", "url", "final_url", "http_status", *PARSED_KEYS[:-2])
INCIDENT_KEYS = ("title", "status", "impact", "started", "updated", "components", "link")

CLOSED_STATUSES = {"resolved", "postmortem", "completed"}
PROBLEM_INDICATORS = {"minor", "major", "critical", "maintenance"}
_RESOLVED_WORDS = re.compile(r"\b(?:resolved|completed|closed)\b|\boperating\s+normally\b", re.IGNORECASE)
_REDIRECTS = {301, 302, 303, 307, 308}
_DROP_CATEGORIES = {"Cc", "Cf", "Cs"}  # control, format (bidi overrides, zero-width), lone surrogates
_NOT_A_STATUS_DOCUMENT = "not a Statuspage, RSS or Atom document"
UTC = timezone.utc


# --------------------------------------------------------------------------- text and time


def clean(value: object, limit: int = MAX_TEXT) -> str | None:
    """A string from untrusted input made safe to show: one line, no control characters, at most `limit` chars."""
    if not isinstance(value, str):
        return None
    kept = []
    for ch in value[: limit * 4]:  # never walk a megabyte for a 300-character field
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in _DROP_CATEGORIES:
            kept.append(ch)
    text = " ".join("".join(kept).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def _link(value: object) -> str | None:
    """Only absolute http(s) links survive (no javascript:, data:, relative or otherwise surprising targets)."""
    text = clean(value, MAX_TEXT + 1)
    if text is None or len(text) > MAX_TEXT or " " in text or not re.match(r"https?://[^/?#]", text, re.IGNORECASE):
        return None
    return text


_ISO_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?",
    re.ASCII,
)


def parse_time(value: object) -> datetime | None:
    """ISO 8601 / RFC 3339 (Statuspage, Atom) or RFC 822 (RSS pubDate) as an aware UTC datetime; None if neither."""
    if not isinstance(value, str):
        return None
    text = value.strip()[:80]
    try:
        match = _ISO_TIME.fullmatch(text)
        if match:
            year, month, day, hour, minute, second, zone = match.groups()
            tz = UTC
            if zone and zone not in "Zz":
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            moment = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
            )
        else:
            moment = parsedate_to_datetime(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _clock(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return ""
    moment = moment.astimezone(UTC)
    day = "" if moment.date() == now.date() else f"{moment.date().isoformat()} "
    return f" since {day}{moment:%H:%M} UTC"


# --------------------------------------------------------------------------- parsing (pure)


def _answer(fmt: str | None, **values: Any) -> dict[str, Any]:
    parsed: dict[str, Any] = {
        "format": fmt,
        "indicator": None,
        "description": None,
        "operational": None,
        "incidents": [],
        "open_count": 0,
        "degraded_components": [],
        "summary": "",
        "error": None,
    }
    parsed.update(values)
    return parsed


def _refuse(reason: str) -> dict[str, Any]:
    return _answer(None, summary=reason, error=reason)


def parse_status(body: bytes, content_type: str | None, now: datetime) -> dict[str, Any]:
    """Read a status document. Never raises; always returns every key in PARSED_KEYS.

    `format` is "statuspage" | "rss" | "atom" | "page", or None with `error` set (one line) when the body claims to
    be JSON or XML (by content or Content-Type) and cannot be read as one of the three formats.
    """
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    try:
        ctype = (content_type or "").split(";", 1)[0].strip().lower()
        kind = _sniff(body, ctype)
        if kind == "json":
            return _parse_json(body, now)
        if kind == "xml":
            return _parse_xml(body, now)
        return _answer("page", summary="a web page, not a Statuspage, RSS or Atom document (status code only)")
    except RecursionError:
        return _refuse("document nested too deeply")
    except Exception as exc:  # a parser bug must still not escape a probe
        return _refuse(f"could not read the document ({type(exc).__name__})")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DOCTYPE = re.compile(r"<![^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL)


def _bom_codec(body: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if body.startswith(bom)), None)


def _head_text(body: bytes) -> str:
    return body[:4096].decode(_bom_codec(body) or "utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def _sniff(body: bytes, ctype: str) -> str:
    """ "json" | "xml" | "html" | "other", by content first, then by Content-Type."""
    head = _head_text(body)
    if head[:1] in ("{", "["):
        return "json"
    if head[:1] == "<":
        root = _root_name(head)
        if root in ("rss", "rdf", "feed"):
            return "xml"
        if root == "html" or "html" in ctype:
            return "html"
        if head.startswith("<?xml") or ctype.endswith("xml"):
            return "xml"
        return "html"
    if "json" in ctype:
        return "json"
    if ctype.endswith("xml") and "html" not in ctype:
        return "xml"
    return "other"


def _root_name(text: str) -> str | None:
    """The local name (lower case) of the first element after the prolog, if the head shows one."""
    pos = _prolog_end(text)
    if pos is None:
        return None
    match = _FIRST_ELEMENT.match(text, pos)
    return match.group(1).rsplit(":", 1)[-1].lower() if match else None


def _prolog_end(text: str) -> int | None:
    """Skip the XML declaration, processing instructions, comments, whitespace and a DOCTYPE; None if cut off."""
    pos, size = 0, len(text)
    while pos < size:
        if text[pos].isspace() or text[pos] == "\ufeff":
            pos += 1
        elif text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            if end < 0:
                return None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif text.startswith("<!", pos):  # DOCTYPE (maybe with an internal subset)
            match = _DOCTYPE.match(text, pos)
            if not match:
                return None
            pos = match.end()
        else:
            return pos
    return None


# ----------------------------------------------------------------- Statuspage JSON


def _parse_json(body: bytes, now: datetime) -> dict[str, Any]:
    try:
        text = body.decode(_bom_codec(body) or "utf-8-sig", errors="replace")
        doc = json.loads(text)
    except ValueError as exc:
        return _refuse(f"not valid JSON ({str(exc).splitlines()[0][:100]})")
    if not isinstance(doc, dict):
        return _refuse(_NOT_A_STATUS_DOCUMENT)
    status = doc.get("status")
    has_indicator = isinstance(status, dict) and "indicator" in status
    if not has_indicator and not (isinstance(doc.get("page"), dict) and isinstance(doc.get("incidents"), list)):
        return _refuse(_NOT_A_STATUS_DOCUMENT)
    indicator = description = None
    if isinstance(status, dict):
        indicator = clean(status.get("indicator"), 40)
        indicator = indicator.lower() if indicator else None
        description = clean(status.get("description"))

    raw = doc.get("incidents")
    incidents_known = isinstance(raw, list) or "incidents" not in doc  # status.json has no incident list
    found: list[tuple[datetime | None, dict[str, Any]]] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        state = clean(item.get("status"), 40)
        if state and state.lower() in CLOSED_STATUSES:
            continue
        started = parse_time(item.get("started_at")) or parse_time(item.get("created_at"))
        updated = parse_time(item.get("updated_at"))
        names = item.get("components")
        incident = {
            "title": clean(item.get("name")) or "(untitled incident)",
            "status": state,
            "impact": clean(item.get("impact"), 40),
            "started": iso(started),
            "updated": iso(updated),
            "components": _names(names if isinstance(names, list) else []),
            "link": _link(item.get("shortlink")) or _link(item.get("url")),
        }
        found.append((updated or started, incident))
    found.sort(key=lambda pair: pair[0] or datetime.min.replace(tzinfo=UTC), reverse=True)

    degraded: list[dict[str, str]] = []
    components = doc.get("components")
    for item in components if isinstance(components, list) else []:
        if not isinstance(item, dict) or len(degraded) >= MAX_COMPONENTS:
            continue
        state, name = clean(item.get("status"), 40), clean(item.get("name"))
        if name and state and state.lower() != "operational" and all(d["name"] != name for d in degraded):
            degraded.append({"name": name, "status": state})

    if found or degraded or indicator in PROBLEM_INDICATORS:
        operational: bool | None = False
    elif indicator == "none" and incidents_known:
        operational = True
    else:
        operational = None  # no indicator we know, or an incident list we could not read
    parsed = _answer(
        "statuspage",
        indicator=indicator,
        description=description,
        operational=operational,
        incidents=[incident for _, incident in found[:MAX_INCIDENTS]],
        open_count=len(found),
        degraded_components=degraded,
    )
    parsed["summary"] = _statuspage_summary(parsed, now)
    return parsed


def _names(items: list[Any]) -> list[str]:
    names: list[str] = []
    for item in items:
        name = clean(item.get("name") if isinstance(item, dict) else item)
        if name and name not in names:
            names.append(name)
        if len(names) >= MAX_COMPONENTS:
            break
    return names


def _statuspage_summary(parsed: dict[str, Any], now: datetime) -> str:
    indicator, description = parsed["indicator"], parsed["description"]
    if indicator and indicator != "none":
        line = f"{indicator}: {description}" if description else indicator
    else:
        line = description or ("indicator none" if indicator else "no status indicator")
    if parsed["open_count"]:
        return f"{line}; {_open_phrase(parsed, 'incident', 'incidents', now)}"
    degraded = parsed["degraded_components"]
    if degraded:
        names = ", ".join(d["name"] for d in degraded[:3]) + (", …" if len(degraded) > 3 else "")
        count = f"{len(degraded)}{'+' if len(degraded) >= MAX_COMPONENTS else ''}"  # the list stops at MAX_COMPONENTS
        return f"{line}; {count} component{'s' if len(degraded) > 1 else ''} not operational: {names}"
    return line


def _open_phrase(parsed: dict[str, Any], one: str, many: str, now: datetime) -> str:
    """ "2 open incidents: 'newest title' since 08:10 UTC (+1 more)" """
    count, first = parsed["open_count"], parsed["incidents"][0]
    since = _clock(parse_time(first["started"] or first["updated"]), now)
    more = f" (+{count - 1} more)" if count > 1 else ""
    return f"{count} open {one if count == 1 else many}: '{first['title']}'{since}{more}"


# --------------------------------------------------------------------------- RSS / Atom


def _parse_xml(body: bytes, now: datetime) -> dict[str, Any]:
    codec = _bom_codec(body)
    if codec is None:
        declared = _XML_DECLARATION.match(body.lstrip()[:300])
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = body.decode(codec, errors="replace").lstrip("\ufeff")
    except (LookupError, ValueError, TypeError):
        return _refuse(f"XML in an unknown encoding ({clean(codec, 40)})")
    if _declares_dtd(text):
        return _refuse("XML with a DOCTYPE or ENTITY declaration refused")
    text = _XML_ILLEGAL.sub("", text)  # a stray control character should not hide a whole feed
    try:
        root = ET.fromstring(text)  # str input: the declared encoding is already applied
    except ET.ParseError as exc:
        return _refuse(f"not valid XML ({str(exc)[:100]})")
    name = _local(root.tag)
    if name in ("rss", "rdf"):
        entries = [_rss_item(item) for item in root.iter() if _local(item.tag) == "item"]
        return _feed("rss", entries, now)
    if name == "feed":
        entries = [_atom_entry(entry) for entry in root if _local(entry.tag) == "entry"]
        return _feed("atom", entries, now)
    return _refuse(_NOT_A_STATUS_DOCUMENT)


def _declares_dtd(text: str) -> bool:
    """A DOCTYPE (and with it any ENTITY) can only stand in the prolog, before the root element: look there."""
    pos, size = 0, len(text)
    while pos < size:
        if text[pos].isspace():
            pos += 1
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            pos = size if end < 0 else end + 3
        elif text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            pos = size if end < 0 else end + 2
        else:
            return text.startswith("<!", pos)
    return False


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _text(element: ET.Element | None, limit: int = MAX_TEXT) -> str | None:
    if element is None:
        return None
    pieces, size = [], 0
    for piece in element.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > limit * 4:
            break
    return clean("".join(pieces), limit)


@dataclass
class _Entry:
    key: str | None
    title: str | None
    summary: str | None
    started: datetime | None
    updated: datetime | None
    link: str | None
    categories: list[str] = field(default_factory=list)


def _rss_item(item: ET.Element) -> _Entry:
    date = parse_time(_text(_child(item, "pubdate", "date"), 80))
    guid = _text(_child(item, "guid"), MAX_URL)
    link = _link(_text(_child(item, "link"), MAX_URL)) or (_link(guid) if guid else None)
    categories = [c for c in (_text(el) for el in item if _local(el.tag) == "category") if c]
    return _Entry(
        guid, _text(_child(item, "title")), _text(_child(item, "description"), 2000), date, date, link, categories
    )


def _atom_entry(entry: ET.Element) -> _Entry:
    updated = parse_time(_text(_child(entry, "updated"), 80))
    published = parse_time(_text(_child(entry, "published"), 80))
    link = None
    for element in entry:
        if _local(element.tag) == "link" and element.get("rel", "alternate") == "alternate":
            link = _link(element.get("href"))
            if link:
                break
    categories = [
        c for c in (clean(el.get("term")) for el in entry if _local(el.tag) == "category") if c
    ]  # Google Cloud tags products this way
    return _Entry(
        _text(_child(entry, "id"), MAX_URL),
        _text(_child(entry, "title")),
        _text(_child(entry, "summary", "content"), 2000),
        published or updated,
        updated or published,
        link,
        categories,
    )


def _feed(fmt: str, entries: list[_Entry], now: datetime) -> dict[str, Any]:
    newest: dict[str, _Entry] = {}  # a feed that repeats an id for each update: only the latest update counts
    loose: list[_Entry] = []
    for entry in entries:
        if entry.key is None:
            loose.append(entry)
            continue
        seen = newest.get(entry.key)
        if seen is None or (entry.updated or datetime.min.replace(tzinfo=UTC)) > (
            seen.updated or datetime.min.replace(tzinfo=UTC)
        ):
            newest[entry.key] = entry
    open_entries = [
        entry
        for entry in [*newest.values(), *loose]
        if entry.updated is not None
        and now - OPEN_WINDOW <= entry.updated <= now + CLOCK_SKEW
        and not _RESOLVED_WORDS.search(f"{entry.title or ''} {entry.summary or ''}")
    ]
    open_entries.sort(key=lambda entry: entry.updated or now, reverse=True)
    incidents = [
        {
            "title": entry.title or "(untitled entry)",
            "status": None,
            "impact": None,
            "started": iso(entry.started),
            "updated": iso(entry.updated),
            "components": entry.categories[:MAX_COMPONENTS],
            "link": entry.link,
        }
        for entry in open_entries[:MAX_INCIDENTS]
    ]
    parsed = _answer(fmt, operational=not open_entries, incidents=incidents, open_count=len(open_entries))
    parsed["summary"] = (
        _open_phrase(parsed, "entry in the last 24 h", "entries in the last 24 h", now)
        if open_entries
        else f"no open entry in the last 24 h ({len(entries)} in the feed)"
    )
    return parsed


# --------------------------------------------------------------------------- fetching


class _Fail(Exception):
    """An answer we got but cannot use: outcome "error" (or "skipped") with a one-line detail."""

    def __init__(self, detail: str, outcome: str = "error", http_status: int | None = None) -> None:
        super().__init__(detail)
        self.detail, self.outcome, self.http_status = detail, outcome, http_status


@dataclass
class _Progress:
    """What the fetch was doing when the deadline hit, and how far it got."""

    final_url: str
    stage: str = "starting"
    http_status: int | None = None
    names_vetted: bool = False  # the caller checked the system resolvers (the first URL names a host)
    deadline: float = 0.0  # event-loop time the whole fetch ends by


@dataclass
class _Target:
    url: str
    https: bool
    host: str  # IDNA-encoded name or IP literal, no brackets
    port: int
    request_path: str  # percent-encoded path and query

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == (443 if self.https else 80) else f"{host}:{self.port}"


@dataclass
class _Response:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes = b""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _Fail(f"unusable URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _Fail(f"unsupported URL scheme {clean(scheme, 20) or '(none)'!r} (http or https only)")
    host = parts.hostname or ""
    if not _is_ip(host):
        try:
            host = host.encode("idna").decode("ascii").lower()
        except (UnicodeError, ValueError):
            raise _Fail(f"unusable host name {clean(host, 80)!r}") from None
        if not re.fullmatch(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?", host):
            raise _Fail(f"unusable host name {clean(host, 80)!r}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(
        url,
        scheme == "https",
        host,
        port or (443 if scheme == "https" else 80),
        quote(path, safe="!#$%&'()*+,/:;=?@[]~"),  # spaces, controls and non-ASCII percent-encoded
    )


def _allow_networks(allow: Sequence[str] | None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
    """None = no allow-list. Entries that are not networks match nothing (an allow-list never widens by mistake)."""
    entries = [c.strip() for c in (os.environ.get(ALLOW_ENV, "").split(",") if allow is None else allow) if c.strip()]
    if not entries:
        return None
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return networks


async def _address(
    target: _Target, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None, progress: _Progress
) -> str:
    """The address to connect to (system resolver for names), inside the allow-list when there is one."""
    if _is_ip(target.host):
        addresses = [target.host]
    else:
        if networks is not None and not progress.names_vetted:
            raise _Fail(f"a redirect to {target.host} needs a name lookup, outside {ALLOW_ENV}", "skipped")
        progress.stage = f"looking up {target.host}"
        loop = asyncio.get_running_loop()
        try:
            addresses = await netprobe.system_resolve(
                target.host, loop.time() + 3600
            )  # the caller's wait_for bounds it
        except socket.gaierror as exc:
            raise _Fail(f"could not resolve {target.host}: {exc.strerror or exc}") from None
        if not addresses:
            raise _Fail(f"{target.host} has no address")
    if networks is not None:
        inside = [a for a in addresses if any(ipaddress.ip_address(a.split("%")[0]) in net for net in networks)]
        if not inside:
            raise _Fail(f"{addresses[0]} ({target.host}) is outside {ALLOW_ENV}", "skipped")
        addresses = inside
    return addresses[0]


def _tls_context(cafile: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile or None)


async def _fetch(url: str, cafile: str | None, networks: Any, progress: _Progress) -> _Response:
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        target = _target(current)
        progress.final_url, progress.http_status = current, None
        response = await _get_once(target, cafile, networks, progress)
        location = response.headers.get("location")
        if response.status not in _REDIRECTS or not location:
            return response
        if hop == MAX_REDIRECTS:
            raise _Fail(f"too many redirects (more than {MAX_REDIRECTS})", http_status=response.status)
        following = urljoin(current, location.strip())
        if urlsplit(following).scheme.lower() == "http" and target.https:
            raise _Fail(
                f"redirect from https to plain http refused ({clean(following, 200)})", http_status=response.status
            )
        current = following[:MAX_URL]
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


async def _get_once(target: _Target, cafile: str | None, networks: Any, progress: _Progress) -> _Response:
    address = await _address(target, networks, progress)
    context = _tls_context(cafile) if target.https else None
    progress.stage = f"connecting to {target.netloc}"
    reader, writer = await asyncio.open_connection(
        address, target.port, ssl=context, server_hostname=target.host if context else None, limit=1 << 16
    )
    try:
        writer.write(
            (
                f"GET {target.request_path} HTTP/1.1\r\nHost: {target.netloc}\r\nUser-Agent: {USER_AGENT}\r\n"
                f"Accept: {ACCEPT}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
            ).encode("ascii")
        )
        await writer.drain()
        progress.stage = f"waiting for the response from {target.netloc}"
        response = await _read_head(reader)
        progress.http_status = response.status
        if 200 <= response.status < 300:
            progress.stage = f"reading the body from {target.netloc}"
            response.body = await _read_body(reader, response)
        return response
    finally:
        writer.close()


async def _read_head(reader: asyncio.StreamReader) -> _Response:
    for _ in range(5):  # interim 1xx answers are skipped
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            said = "without answering" if not exc.partial else "inside the response headers"
            raise _Fail(f"the server closed the connection {said}") from None
        except asyncio.LimitOverrunError:
            raise _Fail("response headers larger than 64 KiB") from None
        lines = head[:-4].decode("latin-1").split("\r\n")
        match = re.fullmatch(r"HTTP/1\.[01] ([1-5]\d\d)(?: (.*))?", lines[0])
        if not match:
            raise _Fail(f"not an HTTP/1.x response ({clean(lines[0], 60)!r})")
        status = int(match.group(1))
        if status >= 200 or status == 101:
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, colon, value = line.partition(":")
                name = name.strip().lower()
                if colon and name and not line[:1].isspace():
                    headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
            return _Response(status, clean(match.group(2), 100) or "", headers)
    raise _Fail("too many interim (1xx) responses")


async def _read_body(reader: asyncio.StreamReader, response: _Response) -> bytes:
    headers = response.headers
    too_large = _Fail(f"body larger than {MAX_BODY // (1 << 20)} MiB: too large", http_status=response.status)
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise _Fail(
            f"the body is {clean(encoding, 40)}-encoded although identity was asked", http_status=response.status
        )
    try:
        codings = [c.strip().lower() for c in headers.get("transfer-encoding", "").split(",") if c.strip()]
        if codings:
            if codings[-1] == "chunked" and all(c in ("chunked", "identity") for c in codings):
                return await _read_chunked(reader, too_large)
            raise _Fail(f"unsupported Transfer-Encoding {clean(', '.join(codings), 60)}", http_status=response.status)
        if "content-length" in headers:
            values = {v.strip() for v in headers["content-length"].split(",")}
            if len(values) != 1 or not next(iter(values)).isdigit() or len(next(iter(values))) > 18:
                raise _Fail("bad Content-Length", http_status=response.status)
            length = int(values.pop())
            if length > MAX_BODY:
                raise too_large
            return await reader.readexactly(length)
        body = await reader.read(MAX_BODY + 1)
        chunks, size = [body], len(body)
        while body and size <= MAX_BODY:
            body = await reader.read(MAX_BODY + 1 - size)
            chunks.append(body)
            size += len(body)
        if size > MAX_BODY:
            raise too_large
        return b"".join(chunks)
    except asyncio.IncompleteReadError as exc:
        raise _Fail(f"the connection closed after {len(exc.partial)} body bytes", http_status=response.status) from None


async def _read_chunked(reader: asyncio.StreamReader, too_large: _Fail) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            line = await reader.readline()
            if not line.endswith(b"\n"):
                raise asyncio.IncompleteReadError(b"".join(chunks), None)
            text = line.split(b";", 1)[0].strip()
            if not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", text):
                raise _Fail("bad chunk size in a chunked body")
            length = int(text, 16)
            if length == 0:
                for _ in range(100):  # trailer fields up to the empty line (or the end)
                    trailer = await reader.readline()
                    if trailer in (b"\r\n", b"\n", b""):
                        return b"".join(chunks)
                raise _Fail("too many trailer fields in a chunked body")
            size += length
            if size > MAX_BODY:
                raise too_large
            chunks.append(await reader.readexactly(length))
            if await reader.readexactly(2) != b"\r\n":
                raise _Fail("bad chunk framing in a chunked body")
    except ValueError:  # readline past the stream limit
        raise _Fail("a chunk-size line longer than 64 KiB") from None


async def status_probe(
    group: str,
    source: str,
    url: str,
    *,
    until: float,
    name: str | None = None,
    cafile: str | None = None,
    now: datetime | None = None,
    timeout: float = 3.0,
    allow: Sequence[str] | None = None,
) -> dict[str, Any]:
    """GET a provider's status page and read it (`parse_status`); a netprobe result dict, never an exception.

    source: "isp" | "cloud" | "service" (the config section of the URL); name: the provider's display name.
    The whole fetch, redirects included, ends by min(until, now + timeout). `allow` (default: the CIDRs in
    REPORTKIT_PROBE_ALLOW) bounds where redirects may lead: an address outside it is never contacted ("skipped").
    """
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    rid = f"{group}:{source}:{url}"
    sent = f"HTTP GET {url} (status page, up to {MAX_REDIRECTS} redirects)"
    data: dict[str, Any] = {
        "source": source,
        "name": clean(name),
        "url": url,
        "final_url": url,
        "http_status": None,
        **{key: value for key, value in _answer(None).items() if key in DATA_KEYS},
    }
    try:
        networks = _allow_networks(allow)
        first_host = urlsplit(url).hostname or ""
    except ValueError:
        networks, first_host = [], ""
    progress = _Progress(url, names_vetted=not _is_ip(first_host))
    budget = max(0.0, min(timeout, until - loop.time()))
    progress.deadline = loop.time() + budget

    def done(outcome: str, detail: str, ms: float | None = None) -> dict[str, Any]:
        data["final_url"] = clean(progress.final_url, MAX_URL)
        if data["http_status"] is None:
            data["http_status"] = progress.http_status
        return netprobe.result(rid, group, url, sent, outcome, detail, ms=ms, data=data)

    try:
        response = await asyncio.wait_for(_fetch(url, cafile, networks, progress), budget)
    except asyncio.CancelledError:
        raise
    except _Fail as exc:
        data["http_status"] = exc.http_status
        return done(exc.outcome, exc.detail, (time.perf_counter() - started) * 1000)
    except (TimeoutError, asyncio.TimeoutError):
        return done("timeout", f"no answer within {budget:.1f} s ({progress.stage})")
    except ssl.SSLCertVerificationError as exc:
        return done("error", f"TLS certificate not valid: {clean(exc.verify_message or str(exc), 200)}")
    except ssl.SSLError as exc:
        return done("error", f"TLS failed: {clean(exc.reason or str(exc), 200)}")
    except Exception as exc:
        outcome = netprobe.classify(exc)
        reason = clean(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__, 200)
        ms = (time.perf_counter() - started) * 1000 if outcome in ("refused", "unreachable") else None
        return done(outcome, f"{progress.stage}: {'connection refused' if outcome == 'refused' else reason}", ms)
    ms = (time.perf_counter() - started) * 1000
    data["http_status"] = response.status
    status_line = f"HTTP {response.status} {response.reason}".strip()
    if not 200 <= response.status < 300:
        return done("error", status_line, ms)
    parsed = parse_status(response.body, response.headers.get("content-type"), now or datetime.now(UTC))
    data.update({key: value for key, value in parsed.items() if key in DATA_KEYS})
    if parsed["error"]:
        return done("error", f"{status_line}: {parsed['error']}", ms)
    if parsed["format"] == "page":
        return done("ok", f"{status_line}: {parsed['summary']}", ms)
    return done("ok", parsed["summary"], ms)
