"""The status-page probe: parsing as pure functions, fetching against real HTTP(S) servers on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import json
import socket
import socketserver
import ssl
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportkit.collectors import netprobe
from reportkit.collectors.statuspage import (
    DATA_KEYS,
    FORMATS,
    INCIDENT_KEYS,
    MAX_BODY,
    MAX_INCIDENTS,
    MAX_TEXT,
    PARSED_KEYS,
    parse_status,
    status_probe,
)

FIXTURES = Path(__file__).parent / "statuspage_fixtures"
NOW = datetime(2024, 5, 14, 12, 0, tzinfo=timezone.utc)
RESULT_KEYS = {"id", "group", "target", "sent", "outcome", "ms", "samples", "detail", "data"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --------------------------------------------------------------------------- a raw HTTP server on loopback


def reply(
    body: bytes = b"",
    status: str = "200 OK",
    ctype: str | None = "application/json",
    framing: str = "length",
    headers: tuple[str, ...] = (),
) -> bytes:
    """A whole HTTP/1.1 response, byte for byte: framing is "length", "chunked" or "close" (body ends at EOF)."""
    lines = [f"HTTP/1.1 {status}", *headers]
    if ctype:
        lines.append(f"Content-Type: {ctype}")
    if framing == "length":
        lines.append(f"Content-Length: {len(body)}")
    elif framing == "chunked":
        lines.append("Transfer-Encoding: chunked")
        pieces = [body[i : i + 700] for i in range(0, len(body), 700)]
        body = b"".join(
            f"{len(p):x}{';ext=1' if i == 1 else ''}\r\n".encode() + p + b"\r\n" for i, p in enumerate(pieces)
        )
        body += b"0\r\nX-Trailer: yes\r\n\r\n"
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def redirect(location: str, status: str = "302 Found") -> bytes:
    return reply(b"", status, None, headers=(f"Location: {location}",))


HANG = b"<hang>"  # a route value ending in HANG: send what comes before it, then never a byte more


@dataclass
class Server:
    base: str
    port: int
    routes: dict[str, bytes]
    requests: list[str] = field(default_factory=list)


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(5)
        with contextlib.suppress(OSError, ssl.SSLError), contextlib.ExitStack() as stack:
            if self.server.tls is not None:
                conn = stack.enter_context(self.server.tls.wrap_socket(conn, server_side=True))
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                piece = conn.recv(4096)
                if not piece:
                    return
                head += piece
            text = head.decode("latin-1")
            self.server.state.requests.append(text)
            path = text.split(" ", 2)[1]
            answer = self.server.state.routes.get(path, reply(b"not here", "404 Not Found", "text/plain"))
            if answer.endswith(HANG):
                conn.sendall(answer[: -len(HANG)])
                self.server.stop.wait(5)
                return
            conn.sendall(answer)
            if self.server.tls is None:
                conn.shutdown(socket.SHUT_WR)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.stop = threading.Event()
        port = self.server_address[1]
        self.state = Server(f"{'https' if tls else 'http'}://127.0.0.1:{port}", port, {})


@contextlib.contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    server = _TCPServer(tls)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.state
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def http() -> Iterator[Server]:
    with serving() as server:
        yield server


@pytest.fixture
def https(certificate: tuple[Path, Path]) -> Iterator[Server]:
    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serving(context) as server:
        yield server


def probe(url: str, *, seconds: float = 3.0, **options: Any) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        until = asyncio.get_running_loop().time() + seconds
        options.setdefault("now", NOW)
        return await status_probe("status-page", "cloud", url, until=until, name="Example Cloud", **options)

    got = asyncio.run(go())
    assert set(got) == RESULT_KEYS and set(got["data"]) == set(DATA_KEYS)
    json.dumps(got, allow_nan=False)  # plain JSON
    assert "\n" not in got["detail"]
    return got


# --------------------------------------------------------------------------- parse_status: Statuspage JSON


def test_statuspage_summary_with_an_open_incident() -> None:
    got = parse_status(fixture("summary_open.json"), "application/json", NOW)
    assert set(got) == set(PARSED_KEYS)
    assert got["format"] == "statuspage" and got["error"] is None
    assert (got["indicator"], got["description"], got["operational"]) == ("major", "Partial System Outage", False)
    assert got["open_count"] == 1  # the resolved incident is not open
    assert got["incidents"] == [
        {
            "title": "Network issue in FRA1",
            "status": "identified",
            "impact": "major",
            "started": "2024-05-14T08:10:00Z",
            "updated": "2024-05-14T09:00:12Z",
            "components": ["FRA1 Network"],
            "link": "https://stspg.io/abc123",
        }
    ]
    assert got["degraded_components"] == [{"name": "FRA1 Network", "status": "partial_outage"}]
    assert got["summary"] == "major: Partial System Outage; 1 open incident: 'Network issue in FRA1' since 08:10 UTC"


def test_statuspage_all_operational() -> None:
    got = parse_status(fixture("summary_ok.json"), "application/json; charset=utf-8", NOW)
    assert (got["format"], got["indicator"], got["operational"]) == ("statuspage", "none", True)
    assert got["incidents"] == [] and got["summary"] == "All Systems Operational"


def test_status_json_without_an_incident_list_still_says_operational() -> None:
    body = b'{"page": {"id": "x"}, "status": {"indicator": "none", "description": "All Systems Operational"}}'
    assert parse_status(body, None, NOW)["operational"] is True


def test_indicator_none_with_an_open_incident_is_not_operational_and_older_days_show_the_date() -> None:
    incidents = [
        {"name": "A", "status": "monitoring", "created_at": "2024-05-12T23:05:00-02:00"},
        {"name": "B", "status": "postmortem", "created_at": "2024-05-14T10:00:00Z"},
        {"name": "C", "status": "investigating", "created_at": "2024-05-14T10:00:00Z", "shortlink": "javascript:x"},
    ]
    doc: dict[str, Any] = {
        "status": {"indicator": "none", "description": "All Systems Operational"},
        "incidents": incidents,
    }
    got = parse_status(json.dumps(doc).encode(), "application/json", NOW)
    assert got["operational"] is False and [i["title"] for i in got["incidents"]] == ["C", "A"]  # newest first
    assert got["incidents"][1]["started"] == "2024-05-13T01:05:00Z" and got["incidents"][0]["link"] is None
    assert got["summary"] == "All Systems Operational; 2 open incidents: 'C' since 10:00 UTC (+1 more)"
    older = parse_status(json.dumps({**doc, "incidents": incidents[:1]}).encode(), None, NOW)
    assert older["summary"].endswith("since 2024-05-13 01:05 UTC")


def test_json_with_wrong_types_is_read_as_far_as_it_goes() -> None:
    got = parse_status(fixture("wrong_types.json"), "application/json", NOW)
    assert (got["format"], got["error"], got["indicator"], got["description"]) == ("statuspage", None, "minor", None)
    assert got["operational"] is False and got["incidents"] == [] and got["degraded_components"] == []
    # indicator none but an incident list that is not a list: we cannot say "all operational"
    doubtful = b'{"page": {}, "status": {"indicator": "none"}, "incidents": {"a": 1}}'
    assert parse_status(doubtful, None, NOW)["operational"] is None
    odd = {"status": {"indicator": "none"}, "incidents": [1, None, {"name": 7, "status": ["x"], "components": "y"}]}
    weird = parse_status(json.dumps(odd).encode(), None, NOW)
    assert weird["incidents"][0]["title"] == "(untitled incident)" and weird["incidents"][0]["components"] == []


@pytest.mark.parametrize(
    "body",
    [b'{"status": "major"}', b"[1, 2, 3]", b'"just a string"', b'{"page": {"id": "x"}}', b"{}"],
)
def test_json_that_is_not_a_statuspage_is_an_error(body: bytes) -> None:
    got = parse_status(body, "application/json", NOW)
    assert got["format"] is None and got["error"] == "not a Statuspage, RSS or Atom document"


def test_broken_and_hostile_json_never_raises() -> None:
    assert parse_status(b'{"status": {"indicator": ', "application/json", NOW)["error"].startswith("not valid JSON")
    deep = parse_status(b"[" * 200_000, None, NOW)
    assert deep["format"] is None and deep["error"]
    assert parse_status(b'{"n": ' + b"9" * 10_000 + b"}", None, NOW)["error"].startswith("not valid JSON")


def test_invalid_utf8_is_read_with_replacement_characters() -> None:
    body = fixture("summary_open.json").replace(b"Network issue in FRA1", b"Network \xff\xfe issue \xc3")
    got = parse_status(body, "application/json", NOW)
    assert got["format"] == "statuspage" and got["incidents"][0]["title"] == "Network \ufffd\ufffd issue \ufffd"
    feed = fixture("aws.rss").replace(b"Increased connectivity issues", b"Increased \xe9 issues")
    assert parse_status(feed, "application/rss+xml", NOW)["incidents"][0]["title"] == "Increased \ufffd issues"


def test_hostile_text_is_trimmed_stripped_and_capped() -> None:
    title = "\u202eevil\u200b\x1b[31m red \x00\r\n  " + "x" * 1000
    doc = {"status": {"indicator": "major", "description": "\tMajor \n\n Outage\x07 "}, "incidents": [{"name": title}]}
    got = parse_status(json.dumps(doc).encode(), None, NOW)
    assert got["description"] == "Major Outage"
    title_out = got["incidents"][0]["title"]
    assert title_out.startswith("evil[31m red x") and len(title_out) == MAX_TEXT and title_out.endswith("…")
    lone_surrogate = b'{"status": {"indicator": "minor", "description": "a\\ud800b"}}'
    assert parse_status(lone_surrogate, None, NOW)["description"] == "ab"


# --------------------------------------------------------------------------- parse_status: RSS, Atom, pages


def test_rss_open_items_only() -> None:
    got = parse_status(fixture("aws.rss"), "application/rss+xml", NOW)
    assert (got["format"], got["operational"], got["open_count"], got["indicator"]) == ("rss", False, 1, None)
    assert got["incidents"] == [
        {
            "title": "Increased connectivity issues",
            "status": None,
            "impact": None,
            "started": "2024-05-14T11:20:00Z",  # 04:20 PDT
            "updated": "2024-05-14T11:20:00Z",
            "components": [],
            "link": "http://status.aws.amazon.com/",
        }
    ]
    assert got["summary"] == "1 open entry in the last 24 h: 'Increased connectivity issues' since 11:20 UTC"


def test_rss_a_day_later_has_nothing_open() -> None:
    got = parse_status(fixture("aws.rss"), "application/rss+xml", datetime(2024, 5, 16, tzinfo=timezone.utc))
    assert got["operational"] is True and got["incidents"] == []
    assert got["summary"] == "no open entry in the last 24 h (4 in the feed)"


def test_atom_open_entry_and_an_old_one() -> None:
    got = parse_status(fixture("gcloud.atom"), "application/atom+xml", NOW)
    assert (got["format"], got["operational"], got["open_count"]) == ("atom", False, 1)
    assert got["incidents"] == [
        {
            "title": "Cloud SQL instances unavailable in europe-west3",
            "status": None,
            "impact": None,
            "started": "2024-05-14T09:31:00Z",
            "updated": "2024-05-14T10:05:00Z",
            "components": ["Cloud SQL"],
            "link": "https://status.cloud.google.com/incidents/AbC123",
        }
    ]


def _rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<item><title>{t}</title><pubDate>{d}</pubDate></item>" for t, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>'.encode()


def test_feed_newest_first_at_most_five_and_resolved_words() -> None:
    items = [(f"Issue {h}", f"Tue, 14 May 2024 {h:02d}:00:00 GMT") for h in range(1, 9)]
    items += [
        ("Issue closed", "Tue, 14 May 2024 11:00:00 GMT"),
        ("Maintenance COMPLETED", "Tue, 14 May 2024 11:00:00 GMT"),
        ("Unresolved packet loss", "Tue, 14 May 2024 11:30:00 GMT"),  # 'unresolved' is not 'resolved'
        ("Far future", "Wed, 15 May 2024 12:00:00 GMT"),
        ("No date", "someday"),
    ]
    got = parse_status(_rss(items), None, NOW)
    assert got["open_count"] == 9 and len(got["incidents"]) == MAX_INCIDENTS
    assert [i["title"] for i in got["incidents"]] == [
        "Unresolved packet loss",
        "Issue 8",
        "Issue 7",
        "Issue 6",
        "Issue 5",
    ]
    assert got["summary"].endswith("since 11:30 UTC (+8 more)")


def test_an_atom_entry_updated_later_under_the_same_id_closes_it() -> None:
    entry = "<entry><id>i1</id><title>{}</title><updated>{}</updated></entry>"
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        + entry.format("Outage", "2024-05-14T09:00:00Z")
        + entry.format("Outage is over: resolved", "2024-05-14T10:00:00Z")
        + "</feed>"
    )
    assert parse_status(feed.encode(), "application/atom+xml", NOW)["operational"] is True


def test_formats_are_detected_by_content_not_by_content_type() -> None:
    assert parse_status(fixture("summary_ok.json"), "text/html", NOW)["format"] == "statuspage"
    assert parse_status(fixture("aws.rss"), "text/plain", NOW)["format"] == "rss"
    assert parse_status(fixture("gcloud.atom"), None, NOW)["format"] == "atom"
    assert parse_status(fixture("page.html"), "text/html", NOW)["format"] == "page"
    xhtml = b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n<html/>'
    assert parse_status(xhtml, "application/xhtml+xml", NOW)["format"] == "page"
    rdf = b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
    rdf += b"<item><title>Down</title><dc:date xmlns:dc='http://purl.org/dc/elements/1.1/'>2024-05-14T11:00Z</dc:date>"
    rdf += b"</item></rdf:RDF>"
    assert parse_status(rdf, None, NOW)["incidents"][0]["title"] == "Down"  # RSS 1.0 too


def test_page_and_other_xml() -> None:
    page = parse_status(fixture("page.html"), "text/html", NOW)
    assert page["operational"] is None and page["error"] is None and page["indicator"] is None
    assert parse_status(b"\x00\xffgarbage\x89PNG", "application/octet-stream", NOW)["format"] == "page"
    sitemap = parse_status(b'<?xml version="1.0"?><urlset/>', "application/xml", NOW)
    assert sitemap["error"] == "not a Statuspage, RSS or Atom document"
    broken = parse_status(b"<rss><channel><item></channel>", None, NOW)
    assert broken["format"] is None and broken["error"].startswith("not valid XML")
    assert parse_status(b"\x00\xffgarbage", "application/json", NOW)["error"].startswith("not valid JSON")
    assert parse_status(b"\x00\xffgarbage", "text/xml", NOW)["error"].startswith("not valid XML")


@pytest.mark.parametrize(
    "body",
    [
        fixture("bomb.xml"),
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        b'<!-- hi --><!DOCTYPE feed SYSTEM "http://127.0.0.1:9/x.dtd"><feed xmlns="http://www.w3.org/2005/Atom"/>',
        codecs.BOM_UTF16_LE + '<!DOCTYPE rss [<!ENTITY a "b">]><rss/>'.encode("utf-16-le"),
    ],
)
def test_doctype_and_entity_declarations_are_refused(body: bytes) -> None:
    started = time.perf_counter()
    got = parse_status(body, "application/rss+xml", NOW)
    assert got["format"] is None and got["error"] == "XML with a DOCTYPE or ENTITY declaration refused"
    assert time.perf_counter() - started < 0.5


def test_a_stray_control_character_does_not_hide_a_feed() -> None:
    feed = fixture("aws.rss").replace(b"Increased connectivity", b"Increased\x01\x1b connectivity")
    got = parse_status(feed, "application/rss+xml", NOW)
    assert got["incidents"][0]["title"] == "Increased connectivity issues"


def test_long_links_are_dropped_not_cut() -> None:
    doc = {"status": {"indicator": "minor"}, "incidents": [{"name": "x", "shortlink": "https://a.test/" + "p" * 400}]}
    assert parse_status(json.dumps(doc).encode(), None, NOW)["incidents"][0]["link"] is None


def test_undeclared_entities_and_declared_encodings() -> None:
    assert parse_status(b"<rss>&lol;</rss>", None, NOW)["error"].startswith("not valid XML")
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><title>Störung</title>'
    latin += "<pubDate>Tue, 14 May 2024 11:00:00 +0000</pubDate></item></channel></rss>"
    assert parse_status(latin.encode("latin-1"), None, NOW)["incidents"][0]["title"] == "Störung"
    assert "unknown encoding" in parse_status(b'<?xml version="1.0" encoding="rot13"?><rss/>', None, NOW)["error"]


# --------------------------------------------------------------------------- property tests

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
_status_like = st.fixed_dictionaries(
    {},
    optional={
        "page": _json,
        "status": st.fixed_dictionaries({}, optional={"indicator": _json, "description": _json}) | _json,
        "incidents": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    k: _json | st.sampled_from(["resolved", "2024-05-14T11:00:00Z", "https://x.test/"])
                    for k in ("name", "status", "impact", "created_at", "started_at", "updated_at", "shortlink")
                },
            )
            | _json,
            max_size=8,
        )
        | _json,
        "components": _json,
    },
)
_xml_bits = st.lists(
    st.sampled_from(
        [
            '<?xml version="1.0"?>',
            "<rss>",
            "</rss>",
            "<channel>",
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "[RESOLVED] ",
            "Outage \x01 \u202e",
            "<pubDate>",
            "</pubDate>",
            "Tue, 14 May 2024 11:00:00 GMT",
            "Tue, 99 Foo 2024 99:00:00 XYZ",
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            "</feed>",
            "<entry>",
            "</entry>",
            "<updated>",
            "</updated>",
            "2024-05-14T11:00:00Z",
            "9999-12-31T23:59:59-23:59",
            '<link href="https://a.test/"/>',
            "<![CDATA[<!DOCTYPE x>]]>",
            "<!DOCTYPE",
            "&amp;",
            "&x;",
            "<!-- c -->",
        ]
    ),
    max_size=30,
).map(lambda bits: "".join(bits).encode())
_content_types = st.sampled_from([None, "application/json", "application/rss+xml", "text/html", "text/xml", "x/y"])


def _check_parsed(got: dict[str, Any]) -> None:
    assert set(got) == set(PARSED_KEYS)
    json.dumps(got, allow_nan=False)
    assert (got["format"] in FORMATS) == (got["error"] is None)
    assert got["operational"] in (True, False, None) and isinstance(got["open_count"], int)
    assert len(got["incidents"]) == min(got["open_count"], MAX_INCIDENTS)
    texts = [got["indicator"], got["description"]]
    for incident in got["incidents"]:
        assert set(incident) == set(INCIDENT_KEYS)
        texts += [incident[k] for k in ("title", "status", "impact", "link")] + incident["components"]
    texts += [c[k] for c in got["degraded_components"] for k in ("name", "status")]
    for text in texts:
        if text is not None:
            assert isinstance(text, str) and 0 < len(text) <= MAX_TEXT and text == text.strip()
            assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in text), text
    assert "\n" not in got["summary"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=600), content_type=_content_types)
def test_parse_status_never_raises_on_bytes(body: bytes, content_type: str | None) -> None:
    _check_parsed(parse_status(body, content_type, NOW))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_status_like, content_type=_content_types)
def test_parse_status_never_raises_on_statuspage_shaped_json(doc: dict[str, Any], content_type: str | None) -> None:
    _check_parsed(parse_status(json.dumps(doc).encode(), content_type, NOW))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_xml_bits, content_type=_content_types)
def test_parse_status_never_raises_on_feed_shaped_xml(body: bytes, content_type: str | None) -> None:
    _check_parsed(parse_status(body, content_type, NOW))


# --------------------------------------------------------------------------- the probe over real HTTP


def test_probe_reads_an_open_incident_and_sends_a_polite_request(http: Server) -> None:
    http.routes["/api/v2/summary.json"] = reply(fixture("summary_open.json"))
    got = probe(f"{http.base}/api/v2/summary.json")
    assert (
        got["outcome"] == "ok" and got["group"] == "status-page" and got["target"] == f"{http.base}/api/v2/summary.json"
    )
    assert got["detail"] == "major: Partial System Outage; 1 open incident: 'Network issue in FRA1' since 08:10 UTC"
    data = got["data"]
    assert (data["source"], data["name"], data["http_status"], data["format"]) == (
        "cloud",
        "Example Cloud",
        200,
        "statuspage",
    )
    assert data["url"] == data["final_url"] == f"{http.base}/api/v2/summary.json"
    assert data["operational"] is False and data["incidents"][0]["components"] == ["FRA1 Network"]
    assert got["ms"] is not None and got["ms"] >= 0
    request = http.requests[0]
    assert request.startswith("GET /api/v2/summary.json HTTP/1.1\r\n")
    for header in (f"Host: 127.0.0.1:{http.port}", "Accept-Encoding: identity", "Connection: close"):
        assert f"\r\n{header}\r\n" in request
    assert "\r\nUser-Agent: reportkit-statuspage/" in request


def test_probe_all_operational(http: Server) -> None:
    http.routes["/api/v2/status.json"] = reply(fixture("summary_ok.json"))
    got = probe(f"{http.base}/api/v2/status.json")
    assert (got["outcome"], got["detail"], got["data"]["operational"]) == ("ok", "All Systems Operational", True)


@pytest.mark.parametrize(("framing"), ["length", "chunked", "close"])
def test_probe_reads_every_body_framing(http: Server, framing: str) -> None:
    http.routes["/feed.rss"] = reply(fixture("aws.rss"), ctype="application/rss+xml", framing=framing)
    http.routes["/feed.atom"] = reply(fixture("gcloud.atom"), ctype="application/atom+xml", framing=framing)
    rss = probe(f"{http.base}/feed.rss")
    assert rss["outcome"] == "ok" and rss["data"]["format"] == "rss"
    assert [i["title"] for i in rss["data"]["incidents"]] == ["Increased connectivity issues"]
    atom = probe(f"{http.base}/feed.atom")
    assert atom["data"]["format"] == "atom" and atom["data"]["open_count"] == 1


def test_probe_a_plain_page_and_errors(http: Server) -> None:
    http.routes["/"] = reply(fixture("page.html"), ctype="text/html; charset=utf-8")
    http.routes["/down"] = reply(fixture("summary_open.json"), "503 Service Unavailable")
    http.routes["/garbage"] = reply(bytes(range(256)) * 4, ctype="application/json")
    http.routes["/bomb"] = reply(fixture("bomb.xml"), ctype="application/rss+xml")
    http.routes["/gzip"] = reply(b"\x1f\x8b\x08\x00", headers=("Content-Encoding: gzip",))
    http.routes["/bad"] = b"SSH-2.0-OpenSSH_9.6\r\n\r\n"
    page = probe(f"{http.base}/")
    assert page["outcome"] == "ok" and page["data"]["format"] == "page" and page["data"]["operational"] is None
    assert page["detail"].startswith("HTTP 200 OK: a web page")
    missing = probe(f"{http.base}/nothing")
    assert (missing["outcome"], missing["detail"], missing["data"]["http_status"]) == (
        "error",
        "HTTP 404 Not Found",
        404,
    )
    assert missing["data"]["format"] is None and missing["data"]["operational"] is None
    down = probe(f"{http.base}/down")
    assert (down["outcome"], down["detail"]) == ("error", "HTTP 503 Service Unavailable")
    garbage = probe(f"{http.base}/garbage")
    assert garbage["outcome"] == "error" and garbage["detail"].startswith("HTTP 200 OK: not valid JSON")
    bomb = probe(f"{http.base}/bomb")
    assert bomb["outcome"] == "error" and bomb["detail"].endswith("DOCTYPE or ENTITY declaration refused")
    gzip = probe(f"{http.base}/gzip")
    assert gzip["outcome"] == "error" and "gzip-encoded" in gzip["detail"]
    bad = probe(f"{http.base}/bad")
    assert bad["outcome"] == "error" and bad["detail"].startswith("not an HTTP/1.x response")


def test_probe_invalid_utf8_and_wrong_types(http: Server) -> None:
    http.routes["/utf8"] = reply(fixture("summary_ok.json").replace(b"All Systems", b"All \xff\xff Systems"))
    http.routes["/types"] = reply(fixture("wrong_types.json"))
    utf8 = probe(f"{http.base}/utf8")
    assert utf8["outcome"] == "ok" and utf8["detail"] == "All \ufffd\ufffd Systems Operational"
    types = probe(f"{http.base}/types")
    assert (types["outcome"], types["detail"], types["data"]["operational"]) == ("ok", "minor", False)


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_probe_refuses_a_body_over_one_mib(http: Server, framing: str) -> None:
    http.routes["/big"] = reply(b"{" + b" " * MAX_BODY + b"}", framing=framing)
    got = probe(f"{http.base}/big")
    assert got["outcome"] == "error" and got["detail"] == "body larger than 1 MiB: too large"
    assert got["data"]["http_status"] == 200
    http.routes["/exact"] = reply(b" " * (MAX_BODY - 2) + b"{}", framing=framing)
    assert probe(f"{http.base}/exact")["detail"] == "HTTP 200 OK: not a Statuspage, RSS or Atom document"


def test_probe_follows_up_to_three_redirects(http: Server) -> None:
    http.routes["/a"] = redirect("/b", "301 Moved Permanently")  # relative
    http.routes["/b"] = redirect(f"{http.base}/c?x=1", "307 Temporary Redirect")  # absolute
    http.routes["/c?x=1"] = redirect("d", "308 Permanent Redirect")  # relative to /c
    http.routes["/d"] = reply(fixture("summary_ok.json"))
    got = probe(f"{http.base}/a")
    assert got["outcome"] == "ok" and got["data"]["operational"] is True
    assert got["data"]["url"] == f"{http.base}/a" and got["data"]["final_url"] == f"{http.base}/d"
    assert [r.split(" ", 2)[1] for r in http.requests] == ["/a", "/b", "/c?x=1", "/d"]


def test_probe_stops_at_a_redirect_loop(http: Server) -> None:
    http.routes["/loop"] = redirect("/loop")
    got = probe(f"{http.base}/loop")
    assert (got["outcome"], got["detail"]) == ("error", "too many redirects (more than 3)")
    assert len(http.requests) == 4 and got["data"]["http_status"] == 302


def test_probe_redirect_oddities(http: Server) -> None:
    http.routes["/ftp"] = redirect("ftp://127.0.0.1/x")
    http.routes["/spaces"] = redirect("/a path/ü?q=a b")
    http.routes["/a%20path/%C3%BC?q=a%20b"] = reply(fixture("summary_ok.json"))
    http.routes["/nolocation"] = reply(b"", "302 Found", None)
    assert "unsupported URL scheme 'ftp'" in probe(f"{http.base}/ftp")["detail"]
    assert probe(f"{http.base}/spaces")["outcome"] == "ok"
    assert probe(f"{http.base}/nolocation")["detail"] == "HTTP 302 Found"


def test_probe_redirects_stay_inside_the_allow_list(http: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_lookups(name: str, until: float) -> list[str]:
        raise AssertionError(f"looked up {name}")

    monkeypatch.setattr(netprobe, "system_resolve", no_lookups)
    http.routes["/elsewhere"] = redirect("http://127.0.0.2:9/")
    http.routes["/named"] = redirect("http://status.example.test/")
    inside = probe(f"{http.base}/elsewhere", allow=["127.0.0.0/8"])
    assert inside["outcome"] == "refused"  # followed: nothing listens on port 9
    blocked = probe(f"{http.base}/elsewhere", allow=["127.0.0.1/32", "not a network"])
    assert (blocked["outcome"], blocked["detail"]) == (
        "skipped",
        "127.0.0.2 (127.0.0.2) is outside REPORTKIT_PROBE_ALLOW",
    )
    assert blocked["data"]["final_url"] == "http://127.0.0.2:9/" and blocked["data"]["http_status"] is None
    named = probe(f"{http.base}/named")  # allow-list from the environment (conftest)
    assert named["outcome"] == "skipped" and "needs a name lookup" in named["detail"]


def test_probe_names_go_through_the_system_resolver(http: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for getaddrinfo (a real lookup of a made-up name would leave the machine)."""
    answers = {"status.lab.test": ["127.0.0.1"], "elsewhere.lab.test": ["127.0.0.2"]}
    asked: list[str] = []

    async def resolve(name: str, until: float) -> list[str]:
        asked.append(name)
        assert until > asyncio.get_running_loop().time()
        if name not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answers[name]

    monkeypatch.setattr(netprobe, "system_resolve", resolve)
    http.routes["/api/v2/status.json"] = reply(fixture("summary_ok.json"))
    http.routes["/hop"] = redirect(f"http://elsewhere.lab.test:{http.port}/api/v2/status.json")
    got = probe(f"http://status.lab.test:{http.port}/api/v2/status.json")
    assert got["outcome"] == "ok" and f"\r\nHost: status.lab.test:{http.port}\r\n" in http.requests[-1]
    outside = probe(f"http://status.lab.test:{http.port}/hop", allow=["127.0.0.1/32"])
    assert (outside["outcome"], outside["detail"]) == (
        "skipped",
        "127.0.0.2 (elsewhere.lab.test) is outside REPORTKIT_PROBE_ALLOW",
    )
    missing = probe("http://nowhere.lab.test/")
    assert (missing["outcome"], missing["detail"]) == (
        "error",
        "could not resolve nowhere.lab.test: Name or service not known",
    )
    assert asked == ["status.lab.test", "status.lab.test", "elsewhere.lab.test", "nowhere.lab.test"]


def test_probe_refused_and_bad_urls(http: Server) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once it is closed
    refused = probe(f"http://127.0.0.1:{port}/")
    assert refused["outcome"] == "refused" and refused["ms"] is not None
    assert refused["detail"] == f"connecting to 127.0.0.1:{port}: connection refused"
    assert probe("http://127.0.0.1:99999/")["detail"].startswith("unusable URL")
    assert probe("gopher://127.0.0.1/")["outcome"] == "error"
    assert probe("http://[::1/")["outcome"] == "error"


def test_probe_respects_timeout_and_until_against_a_silent_server(http: Server) -> None:
    http.routes["/hang"] = HANG
    started = time.perf_counter()
    got = probe(f"{http.base}/hang", timeout=0.5)
    assert time.perf_counter() - started < 0.5 + 0.3
    assert got["outcome"] == "timeout" and got["ms"] is None
    assert got["detail"] == f"no answer within 0.5 s (waiting for the response from 127.0.0.1:{http.port})"
    started = time.perf_counter()
    assert probe(f"{http.base}/hang", seconds=0.4, timeout=3.0)["outcome"] == "timeout"
    assert time.perf_counter() - started < 0.4 + 0.3
    assert probe(f"{http.base}/hang", seconds=-1.0)["outcome"] == "timeout"  # deadline already past


def test_probe_slow_body_is_cut_at_the_deadline(http: Server) -> None:
    http.routes["/half"] = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{" + HANG
    started = time.perf_counter()
    got = probe(f"{http.base}/half", timeout=0.3)
    assert time.perf_counter() - started < 0.3 + 0.3
    assert got["outcome"] == "timeout" and got["data"]["http_status"] == 200
    assert got["detail"] == f"no answer within 0.3 s (reading the body from 127.0.0.1:{http.port})"


def test_probe_https_with_a_private_ca(https: Server, http: Server, certificate: tuple[Path, Path]) -> None:
    https.routes["/api/v2/summary.json"] = reply(fixture("summary_open.json"), framing="chunked")
    untrusted = probe(f"{https.base}/api/v2/summary.json")
    assert untrusted["outcome"] == "error" and untrusted["detail"].startswith("TLS certificate not valid: self")
    trusted = probe(f"{https.base}/api/v2/summary.json", cafile=str(certificate[1]))
    assert trusted["outcome"] == "ok" and trusted["data"]["open_count"] == 1
    http.routes["/up"] = redirect(f"{https.base}/api/v2/summary.json")  # http -> https is fine
    upgraded = probe(f"{http.base}/up", cafile=str(certificate[1]))
    assert upgraded["outcome"] == "ok" and upgraded["data"]["final_url"] == f"{https.base}/api/v2/summary.json"
    https.routes["/down"] = redirect(f"{http.base}/api/v2/summary.json")  # https -> http is not
    downgraded = probe(f"{https.base}/down", cafile=str(certificate[1]))
    assert downgraded["outcome"] == "error" and downgraded["detail"].startswith("redirect from https to plain http")


def test_probe_never_raises_on_hostile_status_lines(http: Server) -> None:
    routes: dict[str, bytes] = {
        "/cl": b"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
        "/short": b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{}",
        "/chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "/te": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "/empty": b"",
        "/reason": b"HTTP/1.1 404 \x1b[2J\xff\r\n\r\n",
        "/continue": b"HTTP/1.1 100 Continue\r\n\r\n" + reply(fixture("summary_ok.json")),
    }
    http.routes.update(routes)
    got: Callable[[str], dict[str, Any]] = lambda path: probe(f"{http.base}{path}")  # noqa: E731
    assert got("/cl")["detail"] == "bad Content-Length"
    assert got("/short")["detail"] == "the connection closed after 2 body bytes"
    assert got("/chunk")["detail"] == "bad chunk size in a chunked body"
    assert got("/te")["detail"] == "unsupported Transfer-Encoding gzip"
    assert got("/empty")["detail"] == "the server closed the connection without answering"
    assert got("/reason")["detail"] == "HTTP 404 [2J\xff"
    assert got("/continue")["outcome"] == "ok"
