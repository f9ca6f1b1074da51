"""RunOptions: flags, draft and config merged once into one frozen value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportkit import config
from reportkit.fields import FIELDS, Field
from reportkit.formats import ALL
from reportkit.model import ErrorText, History

Answers = dict[str, str | tuple[str, ...]]
ALL_FORMATS = ALL  # every format, in the order of reportkit/formats.py


@dataclass(frozen=True)
class RunOptions:
    answers: Mapping[str, str | tuple[str, ...]]
    errors: tuple[ErrorText, ...] = ()
    formats: tuple[str, ...] = ALL_FORMATS
    output: Path | None = None
    force: bool = False
    offline: bool = False
    warnings: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)  # the parsed config file
    probe_overrides: Mapping[str, Any] = field(default_factory=dict)  # probe targets given as flags
    on_result: Callable[[dict[str, Any]], None] | None = None  # live progress, one call per finished probe
    before_probes: Callable[[Any], None] | None = None  # called with the planned probes.Targets before any is sent
    screenshots: tuple[tuple[str, str | None], ...] = ()  # (path, caption)
    capture: bool = False
    capture_delay: float = 0.0
    capture_caption: str | None = None
    error_from_clipboard: bool = False
    copy: str | None = None  # "text" | "markdown"
    bundle: bool = False
    strict: bool = False  # refuse to finish below quality.THRESHOLD
    min_score: int | None = None  # refuse to finish below this score (overrides the --strict threshold)
    anonymize: bool = False
    anonymize_map: Path | None = None
    # (the start time as typed, when it was typed: ISO 8601) for an answer resumed from a draft: "yesterday
    # evening" means the evening before the interrupted session, not before the resumed one
    start_said: tuple[str, str] | None = None
    ocr: bool = True  # read screenshots and cover the secrets in them (when Tesseract is installed)
    # a dialog's error text read from a screenshot, when none was given: True add it, False not, None ask (the CLI)
    ocr_error_text: bool | None = None
    not_secrets: frozenset[str] = frozenset()  # values the user marked "not a secret" in the preview (memory only)
    language: str = "en"  # the interface language (i18n.interface_language)
    request_language: str | None = None  # --request-lang; else the recipient's config `language`, else the interface
    seen_secrets: Mapping[str, str] = field(default_factory=dict)  # secrets typed and taken out during the interview
    request_id: str | None = None  # the ledger's id for this request (reportkit.recording), None: history is off
    history: History = field(default_factory=History)  # earlier open tickets, the latest watch (the ledger)
    vantages: tuple[Any, ...] = ()  # triage.compare.Vantage: diagnoses taken elsewhere (collect --also)


def merge_answers(flags: Mapping[str, Any], draft: Mapping[str, Any], settings: Mapping[str, Any]) -> Answers:
    """Flags win over the draft, the draft over config defaults; empty values count as missing."""
    merged: Answers = {}
    for f in FIELDS:
        for source in (flags.get(f.key), draft.get(f.key), _config_default(f, settings)):
            value = _clean(source)
            if value:
                merged[f.key] = value
                break
    return merged


def _config_default(f: Field, settings: Mapping[str, Any]) -> Any:
    if f.config_key is None:
        return None
    value = config.get(settings, f.config_key)
    if value is None and f.key == "service.account_id":
        value = config.get(settings, "cloud.account_id")
    if value is None and f.key == "service.provider":
        value = config.get(settings, "cloud.name")
    return value


def _clean(value: Any) -> str | tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = tuple(str(v).strip() for v in value if str(v).strip())
        return items or None
    text = str(value).strip()
    return text or None


def missing(answers: Mapping[str, Any]) -> list[Field]:
    """Fields the interview still has to ask, in interview order."""
    return [f for f in FIELDS if not answers.get(f.key)]


def probe_overrides(
    *,
    host: str | None = None,
    url: str | None = None,
    ports: tuple[str, ...] = (),
    admin_port: str | None = None,
    anchors: tuple[str, ...] = (),
    resolvers: tuple[str, ...] = (),
    portal_url: str | None = None,
    deadline: str | None = None,
) -> dict[str, Any]:
    """Probe targets given as flags, validated; None / () means "not given" (config or defaults apply)."""
    from reportkit import validate

    return {
        "host": validate.ip_address(host) if host else None,
        "url": validate.url(url) if url else None,
        "ports": tuple(validate.port(p) for p in ports),
        "admin_port": validate.port(admin_port, "--admin-port") if admin_port else None,
        "anchors": tuple(validate.hostport(a) for a in anchors),
        "resolvers": tuple(validate.hostport(r, "--resolver", default_port=53) for r in resolvers),
        "portal_url": validate.url(portal_url, "--portal-url") if portal_url else None,
        "deadline": validate.deadline(deadline) if deadline else None,
    }
