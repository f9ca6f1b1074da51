"""Render a Report as a support request: text, Markdown, one self-contained HTML page, or JSON.

Python holds the logic (which parts exist, what is flagged, how wide a fence must be); the Jinja2
templates in the top-level ``templates/`` directory (shipped as the package ``reportkit.templates``)
hold the wording. User text is always data handed to a template, never template source.

Jinja2 is imported inside functions so that ``reportkit --help`` stays fast.
"""

from __future__ import annotations

import base64
import contextvars
import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reportkit import i18n, messages
from reportkit.errors import InputError
from reportkit.formats import FILES
from reportkit.i18n import N_
from reportkit.model import PROBLEM_DETAILS, Problem, Report, Section, Verdict

if TYPE_CHECKING:
    from importlib.abc import Traversable

    import jinja2

FORMATS: dict[str, str] = FILES  # format name -> file name (reportkit/formats.py)

_TEMPLATES = {"text": "request.txt.j2", "markdown": "request.md.j2", "html": "request.html.j2"}


# the language of the request being rendered: the view's messages and the templates' filters word in it
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("request_language", default=i18n.DEFAULT)


def render(report: Report, fmt: str, images: Mapping[str, bytes] | None = None, language: str | None = None) -> str:
    """Return the report in format `fmt` (a key of FORMATS) as one string ending in a newline, written in
    `language` (default: the language the report was written in, meta.language).

    `images` maps attachment names to their bytes; the HTML page embeds them inline (data: URIs)."""
    if fmt not in FORMATS:
        raise InputError(
            i18n._("unknown format {format}; valid formats: {formats}").format(
                format=repr(fmt), formats=", ".join(FORMATS)
            )
        )
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    language = language or report.meta.language
    with _speaking(language) as env:
        template = env.get_template(_TEMPLATES[fmt])
        view = visible_view(build_view(report))
        if fmt == "html" and images:
            for attachment in view["attachments"]:
                data = images.get(attachment["name"])
                if data is not None and str(attachment["media_type"] or "").startswith("image/"):
                    attachment["data_uri"] = f"data:{attachment['media_type']};base64,{base64.b64encode(data).decode()}"
        return template.render(v=view, lang=_LANGUAGE.get())


class _speaking:
    """Within it, messages, filters and the templates' gettext speak one language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in i18n.LANGUAGES else i18n.DEFAULT

    def __enter__(self) -> jinja2.Environment:
        self.token = _LANGUAGE.set(self.language)
        env = _environment()
        catalog = i18n.translations(self.language)
        env.install_gettext_callables(  # type: ignore[attr-defined]
            catalog.gettext, catalog.ngettext, newstyle=True, pgettext=catalog.pgettext, npgettext=catalog.npgettext
        )
        return env

    def __exit__(self, *exc: object) -> None:
        _LANGUAGE.reset(self.token)


def language() -> str:
    """The language of the request being rendered."""
    return _LANGUAGE.get()


def say(text: Any) -> str:
    """A stored message (or a literal) worded in the request's language."""
    return messages.say(text, _LANGUAGE.get())


_BIDI = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])
_VISIBLE = {
    **{c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if c not in (0x0A, 0x09)},
    **{c: f"<U+{c:04X}>" for c in _BIDI},
}


_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_VISIBLE)) + "]")


def visible(text: str) -> str:
    """User text with terminal controls and bidi overrides made visible (ESC as \\x1b, U+202E as <U+202E>)."""
    return _INVISIBLE.sub(lambda m: _VISIBLE[ord(m.group())], text)


def visible_view(value: Any) -> Any:
    """`visible` applied to every string in a view (dicts, lists and tuples walked; other values kept)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: visible_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [visible_view(item) for item in value]
    if isinstance(value, tuple):
        return tuple(visible_view(item) for item in value)
    return value


MEMORY_KEYS = ("total", "available", "used", "percent", "swap_total", "swap_used", "swap_percent")


def render_diagnosis(verdict: Verdict, sections: tuple[Section, ...]) -> str:
    """The verdict in plain words for `reportkit diagnose` on a terminal."""
    probes = next((s for s in sections if s.name == "probes"), None)
    with _speaking(i18n.current()) as env:
        template = env.get_template("diagnosis.txt.j2")
        return template.render(vd=_verdict_view(verdict), p=_probe_summary(probes), lang=_LANGUAGE.get())


def render_view(template: str, view: Callable[[], dict[str, Any]], language: str) -> str:
    """A small template (a follow-up message, a watch's summary) over the view `view()` builds, both in `language`
    (the view is built inside, so the messages it words come out in that language too)."""
    with _speaking(language) as env:
        return env.get_template(template).render(v=visible_view(view()), lang=_LANGUAGE.get())


def _probe_summary(probes: Section | None) -> dict[str, Any]:
    if probes is None or probes.status != "ok":
        return {"ran": False, "reason": say(probes.reason) if probes and probes.reason else None}
    from reportkit.triage.read import status

    results = [r for r in _list(probes.data.get("results")) if isinstance(r, dict)]
    states = [status(str(r.get("group", "")), str(r.get("outcome", ""))) for r in results]
    return {
        "ran": True,
        "total": len(states),
        "answered": states.count("ok") + states.count("alive"),
        "skipped": states.count("not-run"),
        "failed": states.count("failed"),
        "elapsed_ms": probes.data.get("elapsed_ms"),
        "deadline": probes.data.get("deadline_s"),
    }


# --------------------------------------------------------------------------------------------
# Jinja2 environment


def template_root() -> Traversable:
    """The directory holding the templates: the installed package, else the source checkout."""
    import importlib.resources

    try:
        return importlib.resources.files("reportkit.templates")
    except ModuleNotFoundError:  # running from a source checkout that was never installed
        return Path(__file__).resolve().parent.parent / "templates"


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates are cached per user (keyed by source checksum): compiling costs ~0.3 s a run."""
    import os

    from reportkit.config import user_cache_dir

    directory = user_cache_dir() / f"jinja2-{jinja2.__version__}"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory)) if os.access(directory, os.W_OK) else None


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    root = template_root()

    def load(name: str) -> tuple[str, str | None, Any] | None:
        parts = name.split("/")
        if any(part in ("", ".", "..") for part in parts):
            return None
        node = root
        for part in parts:  # one step at a time: Traversable.joinpath takes one child on Python 3.10
            node = node.joinpath(part)
        if not node.is_file():
            return None
        return node.read_text(encoding="utf-8"), str(node), lambda: True

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        extensions=["jinja2.ext.i18n"],
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        bytecode_cache=_bytecode_cache(jinja2),
    )
    env.filters.update(
        {
            "bytes": human_bytes,
            "duration": human_duration,
            "pct": human_percent,
            "num": human_number,
            "when": human_time,
            "md": markdown_text,
            "cell": markdown_cell,
            "dec": human_decimal,
            "listing": listing,
            "kind": kind_label,
            "day": human_day,
            "clock": human_clock,
            "escaped": escaped,
        }
    )
    return env


def _finalize(value: Any) -> Any:
    return "" if value is None else value


# --------------------------------------------------------------------------------------------
# Filters: numbers and text in the shape a reader expects

_BYTE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def _trim(number: float, decimals: int = 1) -> str:
    text = f"{number:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _english() -> bool:
    return _LANGUAGE.get() == i18n.DEFAULT


def _decimal(number: float, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals, trailing zeros dropped, in the request language's digits."""
    if _english():
        return _trim(number, decimals)
    return i18n.number(round(number, decimals), _LANGUAGE.get())


def human_bytes(value: Any) -> str:
    """1536 → "1.5 KiB" ("1,5 KiB" in Finnish), 16_749_000_000 → "15.6 GiB"; anything not a number → "".
    The units stay IEC (KiB, MiB) in every language; the decimal sign is the language's."""
    if not _is_number(value):
        return ""
    size = float(value)
    unit = 0
    while abs(size) >= 1024 and unit < len(_BYTE_UNITS) - 1:
        size /= 1024
        unit += 1
    if unit == 0:
        return f"{int(size)} B"
    return f"{_decimal(size)} {_BYTE_UNITS[unit]}"


_DURATION_UNITS = {"d": "duration-day", "h": "duration-hour", "min": "duration-minute", "s": "duration-second"}


def _amount(count: int, unit: str) -> str:
    """ "3 d" in English; the language's short unit otherwise ("3 pv", "3 nap", "3 gün", "3 дн.")."""
    if _english():
        return f"{count} {unit}"
    from babel.units import format_unit

    return str(format_unit(count, _DURATION_UNITS[unit], length="short", locale=_LANGUAGE.get()))


def human_duration(value: Any) -> str:
    """Seconds → the two largest units: "3 d 4 h", "4 h 12 min", "12 min", "45 s" (the language's short units)."""
    if not _is_number(value) or value < 0:
        return ""
    seconds = int(value)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{_amount(days, 'd')} {_amount(hours, 'h')}" if hours else _amount(days, "d")
    if hours:
        return f"{_amount(hours, 'h')} {_amount(minutes, 'min')}" if minutes else _amount(hours, "h")
    if minutes:
        return _amount(minutes, "min")
    return _amount(secs, "s")


def human_percent(value: Any) -> str:
    """97.34 → "97.3 %", 5.0 → "5 %"; other languages by their own pattern ("97,3 %", "%97,3")."""
    if not _is_number(value):
        return ""
    if _english():
        return f"{_trim(float(value))} %"
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(_LANGUAGE.get())
    standard = locale.percent_formats[None].pattern.split(";")[0]
    pattern = standard.replace("#,##0", "#,##0.#", 1) if "." not in standard else standard
    return str(format_percent(round(float(value), 1) / 100, format=pattern, locale=locale))


def human_number(value: Any) -> str:
    """1234567 → "1,234,567" ("1 234 567" in Finnish, "1.234.567" in Turkish)."""
    if not _is_number(value):
        return ""
    if _english():
        return f"{value:,}" if isinstance(value, int) else _trim(float(value), 2)
    return i18n.number(value if isinstance(value, int) else round(float(value), 2), _LANGUAGE.get())


def human_decimal(value: Any) -> str:
    """A measured number as the collector gave it (a load average, 0.52): English as written, other languages with
    their decimal sign."""
    if not _is_number(value) or _english():
        return "" if value is None else str(value)
    return i18n.number(value, _LANGUAGE.get())


def human_time(value: Any) -> str:
    """ISO 8601 → "2026-11-23 09:15 +02:00" (other languages: their medium date and short time, "23.11.2026 9.15
    UTC+02:00"); the UTC offset is always shown; anything unparsable is returned unchanged."""
    if not isinstance(value, str) or not value:
        return "" if value is None else str(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if not _english():
        return i18n.moment(moment, _LANGUAGE.get())
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    if offset:
        text += f" {offset[:3]}:{offset[3:5]}" if offset not in ("+0000", "-0000") else " UTC"
    return text


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def human_day(value: Any, year_of: Any = None) -> str:
    """ISO 8601 → the day alone, as a reader says it: "12 Nov" ("12. marrask." in Finnish); the year too when it is
    not the year of `year_of` (an ISO 8601 time: the request's; default now). Anything unparsable: unchanged."""
    moment = _moment(value)
    if moment is None:
        return "" if value is None else str(value)
    reference = _moment(year_of) or datetime.now(moment.tzinfo)
    this_year = moment.year == reference.year
    if _english():
        return f"{moment.day} {_MONTHS[moment.month - 1]}" + ("" if this_year else f" {moment.year}")
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd" if this_year else "yMMMd", moment, locale=_LANGUAGE.get()))


def human_clock(value: Any) -> str:
    """ISO 8601 → the time of day, "14:05" ("14.05" in Finnish); anything unparsable is returned unchanged."""
    moment = _moment(value)
    if moment is None:
        return "" if value is None else str(value)
    if _english():
        return f"{moment:%H:%M}"
    from babel.dates import format_time

    return str(format_time(moment, format="short", locale=_LANGUAGE.get(), tzinfo=moment.tzinfo))


def escaped(value: Any) -> Any:
    """Every string inside a view escaped for HTML (markupsafe.Markup): for the HTML template's calls of macros
    that are defined in a template without autoescape (partials/history.j2), whose text is not escaped there."""
    from markupsafe import escape

    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {k: escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escaped(v) for v in value]
    return value


def listing(items: Any) -> str:
    """Items joined as the request language joins a list: "a, b and c", "a, b ja c", "a, b и c"."""
    words = [str(i) for i in items] if isinstance(items, list | tuple) else [str(items)]
    if _english() or len(words) <= 1:  # English as it always was: no serial comma
        return str(messages.Joined(words, "and"))
    return i18n.join(words, "and", _LANGUAGE.get())


# a kind of secret from the provider table ("github-token"), named after its service (the fixed kinds are named in
# templates/partials/wording.j2, KIND)
_KIND_OF = {
    "webhook": N_("{service} webhook URL"),
    "token": N_("{service} token"),
    "key": N_("{service} key"),
}


def kind_label(kind: Any, labels: Mapping[str, str] | None = None) -> str:
    """The name of a kind of secret in the request language: `labels` (wording.j2's KIND) for the fixed kinds, the
    provider's name for a provider token ("GitHub token"), else the code as stored (a hand-edited report)."""
    code = str(kind)
    if labels and code in labels:
        return str(labels[code])
    from reportkit.secrets.providers import service_of

    try:
        service = service_of(code)
    except (OSError, ValueError):  # the provider table unreadable: the code still names the kind
        service = None
    if not service:
        return code
    what = "webhook" if code.endswith("webhook") else "token" if "token" in code else "key"
    worded = i18n.translations(_LANGUAGE.get()).gettext(_KIND_OF[what])
    try:
        return worded.format(service=service)
    except (KeyError, IndexError, ValueError):  # a broken translation must not cost the request
        return _KIND_OF[what].format(service=service)


_MD_SPECIAL = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[<`]")
_MD_BLOCK_START = re.compile(r"^( {0,3})(#|=+\s*$|-+\s*$|\*{3,}\s*$|_{3,}\s*$)")


def markdown_text(value: Any) -> str:
    """User prose for Markdown: keep it readable raw, but stop it turning into HTML, headings or rules.

    Backslashes before punctuation, backticks and "<" are escaped; a line that would become a
    heading or a horizontal rule is escaped; line breaks inside a paragraph are kept (hard breaks).
    """
    if value is None:
        return ""
    lines = []
    for line in str(value).split("\n"):
        line = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), line)
        line = _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(line)
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(line + "  " if line.strip() and following.strip() else line)
    return "\n".join(out)


def markdown_cell(value: Any) -> str:
    """A value for a Markdown table cell: one line, pipes escaped."""
    return markdown_text(" ".join(str(value).split()) if value is not None else "").replace("|", "\\|")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --------------------------------------------------------------------------------------------
# The view: everything the templates show, normalised, with empty parts already dropped


def build_view(report: Report) -> dict[str, Any]:
    """Turn a Report into plain dicts and lists the templates can rely on (every key present)."""
    service = report.service
    problem = report.problem
    url_host = _url_host(service.url)
    service_label = _oneline(service.name) or url_host
    return {
        "subject": _subject(report, service_label),
        "verdict": _verdict(report),
        "recipient": _recipient(report),
        "reporter": {
            "name": _clean(report.reporter.name),
            "email": _clean(report.reporter.email),
            "phone": _clean(report.reporter.phone),
            "company": _clean(report.reporter.company),
        },
        "service_label": service_label,
        "situation": report.problem.situation
        if report.problem.situation in ("service", "internet", "device")
        else None,
        "tickets": [t for t in (_clean(t) for t in service.tickets) if t],
        "identifiers": _identifiers(report),
        "problem": {
            "summary": _oneline(problem.summary),
            "description": _clean(problem.description),
            "fields": [
                {"key": key, "value": text, "multiline": "\n" in text}
                for key in PROBLEM_DETAILS
                if (text := _clean(_since(problem) if key == "started_at" else getattr(problem, key)))
            ],
        },
        "errors": [_error(i, e) for i, e in enumerate(report.evidence.errors, start=1)],
        "attachments": [
            {
                "name": a.name,
                "size": a.size,
                "sha256": a.sha256,
                "media_type": _clean(a.media_type),
                "caption": _clean(a.caption),
                "hidden": len(a.hidden),
                "hidden_kinds": sorted(set(a.hidden)),
                "data_uri": None,
            }
            for a in report.evidence.attachments
        ],
        "diagnostics": _diagnostics(report),
        "history": _history(report),
        "meta": {
            "tool_version": report.meta.tool_version,
            "created_at": report.meta.created_at,
            "schema": report.meta.schema,
            "warnings": _meta_warnings(report),
            "redacted_total": sum(n for n in report.meta.redactions.values() if isinstance(n, int)),
            "redactions": [{"kind": k, "count": n} for k, n in sorted(report.meta.redactions.items()) if n],
            "redacted_distinct": max(0, report.meta.redacted_distinct),  # a hand-edited report: never "-3 secrets"
            "not_secrets": _kept_kinds(report.meta.not_secrets),
            "not_secrets_total": len(report.meta.not_secrets),
            "anonymized": bool(report.meta.anonymized),
        },
    }


def _history(report: Report) -> dict[str, Any]:
    """What the ledger adds: the request's id, earlier open tickets, a watch's summary, other vantage points."""
    h = report.history
    watch = h.watch
    return {
        "request_id": _oneline(report.meta.request_id),
        "earlier": [
            {
                "ticket": t,
                "provider": _oneline(e.provider),
                "when": e.opened_at,
                "request_id": _oneline(e.request_id),
                "now": report.meta.created_at,
            }
            for e in h.earlier
            if (t := _oneline(e.ticket))
        ],
        "watch": None if watch is None or not watch.rounds else watch_view(watch),
        "vantages": [
            {"label": label, "works": o.works, "culprit": o.culprit, "checks": [say(c) for c in o.checks if c]}
            for o in h.vantages
            if (label := _oneline(o.label))
        ],
    }


def watch_view(watch: Any) -> dict[str, Any]:
    """A model.WatchSummary for partials/history.j2's `watched`."""
    return {
        "rounds": watch.rounds,
        "failed": watch.failed,
        "started_at": watch.started_at,
        "ended_at": watch.ended_at,
        "first_failed_at": watch.first_failed_at,
        "last_failed_at": watch.last_failed_at,
        "where": watch.where[0] if watch.where else None,
        "always": watch.always,
        "one_day": (watch.started_at or "")[:10] == (watch.ended_at or "")[:10],
    }


def _kept_kinds(kept: tuple[Any, ...]) -> list[str]:
    """The kinds of the findings the reporter kept, as a hand-edited report may hold them: names only."""
    kinds = {k for x in kept if isinstance(x, dict) and isinstance(k := x.get("kind"), str) and k}
    return sorted(kinds) or (["secret"] if kept else [])


def _meta_warnings(report: Report) -> list[str]:
    """The run's warnings, minus those that only repeat why a collector was skipped or failed
    (the diagnostics summary already says that)."""
    repeats = [(s.name, s.reason) for s in report.diagnostics.sections if s.status != "ok" and s.reason]
    return [
        say(w) for w in report.meta.warnings if w and not any(name in w and reason in w for name, reason in repeats)
    ]


def _clean(value: Any) -> str | None:
    """Strip a user string; empty or whitespace-only becomes None (so it is omitted)."""
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
    return text if text.strip() else None


def _oneline(value: Any) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _url_host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        return parts.hostname or None
    except ValueError:
        return None


def _subject(report: Report, service_label: str | None) -> dict[str, Any]:
    service = report.service
    ids: list[dict[str, str]] = []
    if vm := _oneline(service.vm_name):
        ids.append({"kind": "vm", "value": vm})
    hostname = _oneline(service.hostname)
    if hostname and not vm and hostname != service_label:
        ids.append({"kind": "hostname", "value": hostname})
    if host := _oneline(service.host):
        ids.append({"kind": "host", "value": host})
    return {
        "service": service_label,
        "ids": ids,
        "summary": _oneline(report.problem.summary),
        "since": _since_subject(report.problem),
    }


# --- the start time: what the user said and, when it was anchored (reportkit.when), the date it means

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_DATE_AND_TIME = re.compile(
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?|\d{1,2}\.\d{1,2}\.\d{4})[T ,]+\D{0,6}\d{1,2}[:.]\d{2}"
)


def _resolved(problem: Problem) -> tuple[datetime, bool] | None:
    """problem.started_resolved as (moment, has a time of day): an aware ISO 8601 time, or a date alone;
    None when absent or anything else (a report is data from a stranger)."""
    value = problem.started_resolved
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:  # "2026-11-30": the day only
        return moment, False
    return (moment, True) if moment.tzinfo is not None else None


def _offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return "UTC" if offset in ("+0000", "-0000") else f"UTC{offset[:3]}:{offset[3:5]}"


def _day_and_time(moment: datetime, timed: bool, language: str) -> str:
    """ "Tue 1 Dec 2026, 08:00 UTC+02:00" in English; other languages by Babel, their weekday and month names in their
    own order ("ti 1.12.2026 klo 8.00 UTC+02:00", "вт, 1 дек. 2026 г., 08:00 UTC+02:00"); the offset always."""
    if language == i18n.DEFAULT:
        day = f"{_WEEKDAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
        return f"{day}, {moment:%H:%M} {_offset(moment)}" if timed else day
    from babel import Locale
    from babel.dates import format_skeleton, format_time

    locale = Locale.parse(language)
    day = str(format_skeleton("yMMMEd", moment, locale=locale))
    if not timed:
        return day
    time = str(format_time(moment, format="short", locale=locale, tzinfo=moment.tzinfo))
    joined = str(locale.datetime_formats["medium"]).replace("'", "").replace("{0}", time).replace("{1}", day)
    return f"{joined} {_offset(moment)}"


def _since(problem: Problem, language: str | None = None) -> str | None:
    """The start time as the request shows it: what the user said and the moment it means,
    "this morning (≈ Tue 1 Dec 2026, 08:00 UTC+02:00)"; a date and time typed in full only gains its offset,
    "2026-11-23 08:00 (UTC+02:00)". Weekday and month are named in `language` (default: the request's)."""
    said = _clean(problem.started_at)
    resolved = _resolved(problem)
    if resolved is None:
        return said
    moment, timed = resolved
    shown = _day_and_time(moment, timed, language or _LANGUAGE.get())
    if said is None:
        return shown
    if timed and _FULL_DATE_AND_TIME.search(said):
        return f"{said} ({_offset(moment)})"
    if not timed and said.strip() == moment.date().isoformat():
        return said
    return f"{said} ({'≈ ' if problem.started_approx else ''}{shown})"


def since_text(problem: Problem, language: str | None = None) -> str | None:
    """The start time exactly as a request in `language` will show it (default: the interface language): the
    interview says it back."""
    return _since(problem, language or i18n.current())


_SITUATIONS = ("service", "internet", "device")  # fields.SITUATIONS: what the problem is about

_LEADING_SINCE = re.compile(r"^\s*since\s+", re.IGNORECASE)
_SINCE_IN_SUMMARY = re.compile(r"\bsince\s+\S")


def _since_subject(problem: Problem) -> str | None:
    """The subject line names the date a queue is sorted by ("since 2026-12-01 08:00"), else the user's words —
    unless the summary already says since when ("No internet since 08:00"): the subject says it once."""
    summary = (problem.summary or "").casefold()
    typed = (problem.started_at or "").strip().casefold()
    if _SINCE_IN_SUMMARY.search(summary) or (len(typed) >= 3 and typed in summary):
        return None
    resolved = _resolved(problem)
    if resolved is None:
        said = _oneline(problem.started_at)
        return _LEADING_SINCE.sub("", said) or said if said else None  # the template says "since" itself
    moment, timed = resolved
    # every time the request shows carries its UTC offset, the subject line too
    shown = f"{moment:%Y-%m-%d %H:%M} {_offset(moment)}" if timed else moment.date().isoformat()
    return f"≈ {shown}" if problem.started_approx else shown


def _identifiers(report: Report) -> list[dict[str, str]]:
    s = report.service
    device = " ".join(p for p in (_oneline(s.device_make), _oneline(s.device_model)) if p) or None
    tickets = ", ".join(t for t in (_oneline(t) for t in s.tickets) if t) or None
    pairs = [
        ("account_id", s.account_id),
        ("service_id", s.service_id),
        ("provider", s.provider),
        ("service", s.name),
        ("vm_name", s.vm_name),
        ("host", s.host),
        ("hostname", s.hostname),
        ("url", s.url),
        ("tickets", tickets),
        ("device", device),
        ("public_ip", _public_ip_for_isp(report)),
    ]
    return [{"key": key, "value": text} for key, value in pairs if (text := _oneline(value))]


def _public_ip_for_isp(report: Report) -> str | None:
    """The public address the checks learnt: the ISP's own identifier for this line (shown to the ISP only)."""
    if report.verdict is None or report.verdict.contact.get("role") != "isp":
        return None
    probes = report.diagnostics.get("probes")
    value = probes.data.get("public_ip") if probes is not None and isinstance(probes.data, dict) else None
    return value if isinstance(value, str) else None


_SOURCES = ("typed", "file", "stdin", "clipboard", "screenshot")  # ErrorText.source: where the text came from
_SCREENSHOT_SOURCE = re.compile(r"screenshot[ :](\d{1,6})")


def _error(number: int, error: Any) -> dict[str, Any]:
    source = error.source or "typed"
    kind, _, name = source.partition(":")
    if shot := _SCREENSHOT_SOURCE.fullmatch(source):  # text read from a screenshot: "screenshot 2" (or "screenshot:2")
        kind, name = "screenshot", shot.group(1)
    text = error.text.replace("\r\n", "\n").replace("\r", "\n")
    return {
        "number": number,
        "text": text.rstrip("\n"),
        "source": kind if kind in _SOURCES else "other",
        "source_name": name or None,
        "source_raw": source,
        "truncated": bool(error.truncated),
        "kept_bytes": len(text.encode("utf-8")),
        "original_bytes": error.original_bytes if _is_number(error.original_bytes) else None,
        "note": _clean(say(error.note)) if error.note else None,
        "fence": code_fence(text),
    }


def code_fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks inside `text` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _verdict(report: Report) -> dict[str, Any] | None:
    return None if report.verdict is None else _verdict_view(report.verdict)


def _recipient(report: Report) -> dict[str, str] | None:
    """Whom the request is addressed to: the verdict's contact, when that is someone other than the user."""
    contact = report.verdict.contact if report.verdict else {}
    if contact.get("role") in (None, "you") or not (contact.get("name") or contact.get("email")):
        return None
    return {"name": _oneline(contact.get("name")) or "", "email": _oneline(contact.get("email")) or ""}


def _verdict_view(verdict: Verdict) -> dict[str, Any]:
    contact = [
        {"key": str(k), "value": _oneline(v) if not isinstance(v, list | tuple) else ", ".join(map(str, v))}
        for k, v in verdict.contact.items()
        if v not in (None, "", [], ()) and k not in ("role", "needs")
    ]
    name = next((c["value"] for c in contact if c["key"] == "name"), None)
    return {
        "culprit": verdict.culprit,
        "finding": _oneline(verdict.finding),
        "confidence": _oneline(verdict.confidence),
        "evidence": [say(e) for e in verdict.evidence if e],
        "warnings": [say(w) for w in verdict.warnings if w],
        "next_steps": [say(s) for s in verdict.next_steps if s],
        "contact_name": name,
        "contact_role": _oneline(verdict.contact.get("role")),
        "contact_needs": [say(n) for n in _list(verdict.contact.get("needs")) if n],
        "contact": [c for c in contact if c["key"] != "name" and c["value"]],
    }


# --- diagnostics ----------------------------------------------------------------------------


def _diagnostics(report: Report) -> dict[str, Any]:
    sections = report.diagnostics.sections
    system_section = report.diagnostics.get("system")
    network_section = report.diagnostics.get("network")
    system = _system(system_section.data) if system_section and _usable(system_section) else None
    network = _network(network_section.data) if network_section and _usable(network_section) else None
    others: list[dict[str, Any]] = [
        {
            "name": s.name,
            "status": s.status,
            "reason": _clean(say(s.reason)) if s.reason else None,
            "duration_ms": s.duration_ms,
            "data": json.dumps(s.data, ensure_ascii=False, indent=2, default=str) if s.data else None,
        }
        for s in sections
        if s.name not in ("system", "network")
    ]
    for other in others:
        other["fence"] = code_fence(other["data"] or "")
        other["lines"] = []
    probes_section = report.diagnostics.get("probes")
    if probes_section is not None and _usable(probes_section):
        from reportkit.triage.checks import lines

        for other in others:
            if other["name"] == "probes":
                other["lines"] = [_oneline(say(line)) for line in lines(probes_section.data)]
    return {
        "present": bool(sections),
        "system": system,
        "network": network,
        "sections": [
            {
                "name": s.name,
                "status": s.status,
                "reason": _clean(say(s.reason)) if s.reason else None,
                "duration_ms": s.duration_ms,
            }
            for s in sections
        ],
        "not_ok": [
            {"name": s.name, "status": s.status, "reason": _clean(say(s.reason)) if s.reason else None}
            for s in sections
            if s.status != "ok"
        ],
        "others": others,
        "others_ok": [o for o in others if o["status"] == "ok"],
    }


def _usable(section: Section) -> bool:
    return section.status == "ok" and isinstance(section.data, dict) and bool(section.data)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _num(value: Any) -> int | float | None:
    return value if _is_number(value) else None


def _str(value: Any) -> str | None:
    return _oneline(value) if value not in (None, "") else None


def _system(data: dict[str, Any]) -> dict[str, Any]:
    os_ = _dict(data.get("os"))
    cpu = _dict(data.get("cpu"))
    mem = _dict(data.get("memory"))
    battery = _dict(data.get("battery")) if data.get("battery") is not None else None
    full_names = {str(m) for m in _list(data.get("disks_nearly_full"))}
    disks = []
    for d in _list(data.get("disks")):
        d = _dict(d)
        mount = _str(d.get("mountpoint")) or _str(d.get("device")) or "?"
        disks.append(
            {
                "mountpoint": mount,
                "device": _str(d.get("device")),
                "fstype": _str(d.get("fstype")),
                "total": _num(d.get("total")),
                "used": _num(d.get("used")),
                "free": _num(d.get("free")),
                "percent": _num(d.get("percent")),
                "nearly_full": d.get("nearly_full") is True or mount in full_names,
            }
        )
    load = [x for x in _list(cpu.get("load_average")) if _is_number(x)]
    on_battery = data.get("on_battery")
    if on_battery is None and battery is not None and battery.get("power_plugged") is False:
        on_battery = True
    seconds_left = _num(battery.get("seconds_left")) if battery else None
    return {
        "os": {
            key: _str(os_.get(key)) for key in ("system", "release", "version", "distribution", "machine", "python")
        },
        "hostname": _str(data.get("hostname")),
        "boot_time": _str(data.get("boot_time")),
        "uptime_seconds": _num(data.get("uptime_seconds")),
        "cpu": {
            "logical": _num(cpu.get("logical")),
            "physical": _num(cpu.get("physical")),
            "percent": _num(cpu.get("percent")),
            "load_average": load if len(load) == 3 else None,
        },
        "memory": {key: _num(mem.get(key)) for key in MEMORY_KEYS} if mem else None,
        "disks": disks,
        "disks_nearly_full": [d for d in disks if d["nearly_full"]],
        "battery": {
            "percent": _num(battery.get("percent")),
            "power_plugged": battery.get("power_plugged") if isinstance(battery.get("power_plugged"), bool) else None,
            "seconds_left": seconds_left if seconds_left is not None and seconds_left > 0 else None,
        }
        if battery is not None
        else None,
        "on_battery": on_battery if isinstance(on_battery, bool) else None,
        "top_cpu": [_process(p) for p in _list(data.get("top_cpu"))],
        "top_memory": [_process(p) for p in _list(data.get("top_memory"))],
        "notes": [n for n in (_clean(n) for n in _list(data.get("notes"))) if n],
    }


def _process(value: Any) -> dict[str, Any]:
    p = _dict(value)
    return {
        "pid": _num(p.get("pid")),
        "name": _str(p.get("name")) or "?",
        "username": _str(p.get("username")),
        "cpu_percent": _num(p.get("cpu_percent")),
        "memory_percent": _num(p.get("memory_percent")),
        "rss": _num(p.get("rss")),
    }


_COUNTERS = ("bytes_sent", "bytes_recv", "packets_sent", "packets_recv", "errin", "errout", "dropin", "dropout")


def _counter_view(counters: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {k: _num(counters.get(k)) for k in _COUNTERS}
    view["idle"] = not any(view[k] for k in _COUNTERS)
    return view


def _network(data: dict[str, Any]) -> dict[str, Any]:
    interfaces = []
    for raw in _list(data.get("interfaces")):
        i = _dict(raw)
        counters = _dict(i.get("counters")) if i.get("counters") is not None else None
        speed = _num(i.get("speed_mbps"))
        duplex = _str(i.get("duplex"))
        interfaces.append(
            {
                "name": _str(i.get("name")) or "?",
                "is_up": i.get("is_up") is True,
                "loopback": i.get("loopback") is True,
                "speed_mbps": speed if speed else None,
                "duplex": duplex if duplex and duplex.lower() not in ("unknown", "none") else None,
                "mtu": _num(i.get("mtu")),
                "mac": _str(i.get("mac")),
                "ipv4": [
                    {
                        "address": _str(a.get("address")),
                        "prefixlen": _num(a.get("prefixlen")),
                        "netmask": _str(a.get("netmask")),
                        "scope": None,
                    }
                    for a in map(_dict, _list(i.get("ipv4")))
                    if a.get("address")
                ],
                "ipv6": [
                    {
                        "address": _str(a.get("address")),
                        "prefixlen": _num(a.get("prefixlen")),
                        "scope": _str(a.get("scope")),
                    }
                    for a in map(_dict, _list(i.get("ipv6")))
                    if a.get("address")
                ],
                "counters": _counter_view(counters) if counters else None,
                "has_errors": i.get("has_errors") is True,
            }
        )
    gateways = _dict(data.get("default_gateways"))

    def gateway(family: str) -> dict[str, Any] | None:
        g = _dict(gateways.get(family))
        address = _str(g.get("address"))
        return {"address": address, "interface": _str(g.get("interface"))} if address else None

    dns = _dict(data.get("dns"))
    proxies = _dict(data.get("proxies"))
    return {
        "interfaces": interfaces,
        "active": [i for i in interfaces if i["is_up"] and not i["loopback"]],
        "with_errors": [i for i in interfaces if i["has_errors"]],
        "gateway_ipv4": gateway("ipv4"),
        "gateway_ipv6": gateway("ipv6"),
        "gateway_source": _str(data.get("gateway_source")),
        "dns_servers": [s for s in (_str(x) for x in _list(dns.get("servers"))) if s],
        "dns_search": [s for s in (_str(x) for x in _list(dns.get("search"))) if s],
        "dns_source": _str(dns.get("source")),
        "proxies": [{"name": str(k), "value": _str(v)} for k, v in proxies.items() if _str(v)],
        "notes": [n for n in (_clean(n) for n in _list(data.get("notes"))) if n],
    }
