"""The report model: frozen dataclasses that round-trip losslessly through JSON.

Every field is plain data (str, int, float, bool, None, tuples, dicts of JSON values),
so `Report.from_dict(report.to_dict()) == report` always holds.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, NewType, TypeAlias, TypeVar, Union

from reportkit import i18n, messages
from reportkit.errors import ReportFileError
from reportkit.i18n import _

SCHEMA = "reportkit/2"
# schemas this version reads: reportkit/1 kept finished English sentences where reportkit/2 keeps messages (a key
# and its arguments, reportkit.messages); a reportkit/1 report is migrated on read (`migrate`), its sentences
# becoming literals: they render as they were written, in English
READS = ("reportkit/1", SCHEMA)

# a message the report keeps (verdict evidence, next steps, warnings, collector reasons, notes): in memory a str (a
# `messages.Said` or a literal), in JSON {"key": …, "args": {…}}
if TYPE_CHECKING:
    Text: TypeAlias = str
else:  # at run time a distinct marker, so the loader knows which fields hold messages
    Text = NewType("Text", str)

Status = Literal["ok", "skipped", "failed"]
CULPRITS = ("device", "local-network", "isp", "dns", "cloud-provider", "service", "none", "unknown")


@dataclass(frozen=True)
class Reporter:
    """Who is asking."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None


@dataclass(frozen=True)
class Service:
    """What the user uses: the identifiers support needs to find it."""

    name: str | None = None  # the service as the user knows it, e.g. "Shop website"
    provider: str | None = None  # cloud / hosting provider or vendor
    account_id: str | None = None
    service_id: str | None = None
    vm_name: str | None = None
    host: str | None = None  # server IP address
    hostname: str | None = None
    url: str | None = None
    tickets: tuple[str, ...] = ()  # earlier ticket numbers about this problem
    device_make: str | None = None
    device_model: str | None = None


@dataclass(frozen=True)
class Problem:
    """The problem in the user's own words."""

    summary: str | None = None  # one line
    situation: str | None = None  # what it is about: "service" | "internet" | "device" (the interview's first question)
    description: str | None = None
    started_at: str | None = None  # "since when", as the user said it
    # started_at placed on the calendar when the report was built (anchor_start): ISO 8601 date, time and UTC
    # offset ("2026-12-01T08:00+02:00"), or a date alone ("2026-11-30") when only a day was said; None: unread
    started_resolved: str | None = None
    started_approx: bool = False  # started_resolved stands for a part of the day ("this morning" → 08:00)
    frequency: str | None = None  # always / intermittent / once …
    changed: str | None = None  # what changed since it last worked
    works: str | None = None  # what still works
    broken: str | None = None  # what does not work
    steps: str | None = None  # steps to reproduce
    tried: str | None = None  # what the user already tried
    impact: str | None = None  # impact / urgency
    other_connection: str | None = None  # "works" / "fails": the service over another connection (phone hotspot)
    other_devices: str | None = None  # "works" / "fails": other devices on the same network


# the problem's details in the order a request lists them: every answer field but the summary and description
# (shown on their own) and what anchor_start computes
PROBLEM_DETAILS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Problem)
    if f.name not in ("summary", "situation", "description", "started_resolved", "started_approx")
)


@dataclass(frozen=True)
class ErrorText:
    """One exact error message, verbatim."""

    text: str
    source: str = "typed"  # typed | file:<name> | stdin | clipboard
    truncated: bool = False
    original_bytes: int | None = None
    note: Text | None = None  # e.g. "not UTF-8: decoded with replacement characters"


@dataclass(frozen=True)
class Attachment:
    """A file that travels with the request: a screenshot (normalised, metadata removed, secrets covered)."""

    name: str
    size: int
    sha256: str
    media_type: str | None = None
    caption: str | None = None
    hidden: tuple[str, ...] = ()  # kinds of the secrets covered in this screenshot before it was stored (OCR)


@dataclass(frozen=True)
class Evidence:
    errors: tuple[ErrorText, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Section:
    """What one collector found: ok / skipped / failed, a reason, and plain JSON data."""

    name: str
    status: Status
    reason: Text | None = None
    data: dict[str, Any] = field(default_factory=dict)
    duration_ms: int | None = None


@dataclass(frozen=True)
class Diagnostics:
    sections: tuple[Section, ...] = ()

    def get(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


@dataclass(frozen=True)
class Verdict:
    culprit: str
    finding: str
    confidence: str
    evidence: tuple[Text, ...] = ()
    warnings: tuple[Text, ...] = ()
    contact: dict[str, Any] = field(default_factory=dict)  # "needs": a list of messages
    next_steps: tuple[Text, ...] = ()


@dataclass(frozen=True)
class EarlierReport:
    """An earlier request about the same service or from the same contact whose ticket is still open (the ledger)."""

    ticket: str
    provider: str = ""
    opened_at: str = ""  # ISO 8601: when the ticket number was recorded
    request_id: str = ""
    status: str = "open"


@dataclass(frozen=True)
class WatchSummary:
    """What `reportkit watch` measured for this service: how often the checks failed, when, and where."""

    started_at: str
    ended_at: str
    rounds: int
    failed: int
    first_failed_at: str | None = None
    last_failed_at: str | None = None
    where: tuple[str, ...] = ()  # culprits of the failed rounds, the most frequent first
    always: bool = False  # every failed round blamed the same place


@dataclass(frozen=True)
class OtherVantage:
    """A diagnosis taken over another connection or from another machine (`collect --also`)."""

    label: str
    works: bool | None  # the service works from there (None: nothing measured)
    culprit: str
    finding: str
    checks: tuple[Text, ...] = ()  # its one-line check results


@dataclass(frozen=True)
class History:
    """What reportkit knows beyond this run: earlier open tickets, a watch, other vantage points."""

    earlier: tuple[EarlierReport, ...] = ()
    watch: WatchSummary | None = None
    vantages: tuple[OtherVantage, ...] = ()


@dataclass(frozen=True)
class Meta:
    tool_version: str
    created_at: str  # ISO 8601 with offset
    schema: str = SCHEMA
    warnings: tuple[Text, ...] = ()  # what the run could not do (skipped collectors, decoded files …)
    redactions: dict[str, int] = field(default_factory=dict)  # secrets removed before rendering: places per kind
    redacted_distinct: int = 0  # how many different secrets those places held
    # findings the user marked "not a secret" in the preview and that were kept: kind and place, never the value
    not_secrets: tuple[dict[str, str], ...] = ()
    language: str = "en"  # the language the request is written in (render --request-lang words it in another)
    anonymized: bool = False  # host names, users, paths, MACs and IPs replaced by stand-ins
    request_id: str | None = None  # the ledger's id for this request ("RK-7Q2M"), to quote and to verify with


@dataclass(frozen=True)
class Report:
    meta: Meta
    reporter: Reporter = Reporter()
    service: Service = Service()
    problem: Problem = Problem()
    evidence: Evidence = Evidence()
    diagnostics: Diagnostics = Diagnostics()
    verdict: Verdict | None = None
    history: History = History()

    def to_dict(self) -> dict[str, Any]:
        return dump(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: Any) -> Report:
        """Build a Report from parsed JSON; raise ReportFileError naming the bad field."""
        if not isinstance(data, dict):
            raise ReportFileError(_("the report is not a JSON object"))
        schema = data.get(
            "schema", (data.get("meta") or {}).get("schema") if isinstance(data.get("meta"), dict) else None
        )
        if schema not in READS:
            raise ReportFileError(
                _(
                    "the report has schema {schema}; this reportkit reads {known} (upgrade reportkit or re-collect)"
                ).format(
                    schema=repr(str(schema)[:40]), known=i18n.join([repr(r) for r in READS], "and", i18n.current())
                )
            )
        if schema != SCHEMA:
            data = migrate(data)
        body = {k: v for k, v in data.items() if k != "schema"}
        report: Report = _load(cls, body, "report")
        return report


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """A reportkit/1 report as reportkit/2: the same fields, its sentences kept as literals (they are already plain
    strings, which the reportkit/2 loader reads as literals), the schema moved on."""
    out = dict(data)
    out["schema"] = SCHEMA
    if isinstance(out.get("meta"), dict):
        out["meta"] = {**out["meta"], "schema": SCHEMA}
    return out


def created_moment(meta: Meta) -> datetime | None:
    """When the report was collected (aware), or None when meta.created_at is not an ISO time with offset."""
    try:
        moment = datetime.fromisoformat(meta.created_at)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def anchor_start(report: Report, language: str | None = None, said_at: datetime | None = None) -> Report:
    """The report with problem.started_resolved / started_approx read afresh from started_at, seen from the
    moment it was said (`said_at`: an answer resumed from a draft was said when the draft was kept), else from
    when the report was collected (meta.created_at, the user's local time); both cleared when it cannot be read.
    Call it whenever the report is built from answers (and after an edit of the start time)."""
    problem = report.problem
    at = said_at if said_at is not None and said_at.tzinfo is not None else created_moment(report.meta)
    found = None
    if problem.started_at and at is not None:
        from reportkit.when import anchor  # dateparser is imported only here, not at start-up

        found = anchor(problem.started_at, at, language)
    resolved = dataclasses.replace(
        problem,
        started_resolved=found.iso if found else None,
        started_approx=found.approximate if found else False,
    )
    return report if resolved == problem else dataclasses.replace(report, problem=resolved)


T = TypeVar("T")


def dump(value: Any) -> Any:
    if isinstance(value, messages.Said):
        return messages.to_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Verdict | Meta | Section | ErrorText | OtherVantage):
            return _dump_texts(value)
        out = {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Report):
            out = {"schema": value.meta.schema, **out}
        return out
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    return value


def _dump_texts(value: Any) -> dict[str, Any]:
    """A dataclass whose Text fields are stored as messages (a plain str there: a literal)."""
    hints = _hints(type(value))
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        tp = hints[f.name]
        if _holds_text(tp) and item is not None:
            out[f.name] = [messages.to_json(i) for i in item] if isinstance(item, tuple) else messages.to_json(item)
        elif f.name == "contact" and isinstance(item, dict):
            out[f.name] = {k: [messages.to_json(n) for n in v] if k == "needs" and isinstance(v, list | tuple)
                           else dump(v) for k, v in item.items()}  # fmt: skip
        else:
            out[f.name] = dump(item)
    return out


def _holds_text(tp: Any) -> bool:
    return tp is Text or any(_holds_text(a) for a in typing.get_args(tp) if a is not Ellipsis)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _load(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if tp is Text:
        try:
            return messages.from_json(value)
        except messages.MessageError as exc:
            raise ReportFileError(_("field {path} {problem}").format(path=path, problem=exc)) from None
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _load(inner[0], value, path)
    if origin is Literal:
        if value not in typing.get_args(tp):
            raise ReportFileError(
                _("field {path} has value {value}; expected one of {choices}").format(
                    path=path, value=repr(value), choices=typing.get_args(tp)
                )
            )
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise ReportFileError(
                _("field {path} should be a list, got {type}").format(path=path, type=type(value).__name__)
            )
        (item_tp, _ellipsis) = typing.get_args(tp)
        return tuple(_load(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value))
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise ReportFileError(
                _("field {path} should be an object, got {type}").format(path=path, type=type(value).__name__)
            )
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ReportFileError(
                _("field {path} should be an object, got {type}").format(path=path, type=type(value).__name__)
            )
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = sorted(set(value) - names)
        if unknown:
            raise ReportFileError(_("field {path} has unknown key {key}").format(path=path, key=repr(unknown[0])))
        kwargs = {k: _load(hints[k], v, f"{path}.{k}") for k, v in value.items()}
        if tp is Verdict and isinstance(kwargs.get("contact"), dict) and "needs" in kwargs["contact"]:
            needs = kwargs["contact"]["needs"]
            kwargs["contact"] = {
                **kwargs["contact"],
                "needs": list(_load(tuple[Text, ...], needs, f"{path}.contact.needs")),
            }
        try:
            return tp(**kwargs)
        except TypeError as exc:  # a required field is missing
            raise ReportFileError(_("field {path} is incomplete: {problem}").format(path=path, problem=exc)) from None
    if tp is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if tp in (str, int, bool) and not (isinstance(value, tp) and not (tp is int and isinstance(value, bool))):
        raise ReportFileError(
            _("field {path} should be {expected}, got {type}").format(
                path=path, expected=tp.__name__, type=type(value).__name__
            )
        )
    return value
