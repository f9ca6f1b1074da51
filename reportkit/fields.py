"""The report's input fields, in the order a support agent would ask for them.

One table drives the collect flags, the interview, the draft and the config defaults,
so a field is added in exactly one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    key: str  # section.attribute in the Report model
    flag: str  # long option of `reportkit collect`
    prompt: str
    hint: str = ""
    kind: str = "text"  # text | ip | url | email | list
    config_key: str | None = None  # config default, e.g. "reporter.name"
    situations: tuple[str, ...] = ("service", "internet", "device")  # which kinds of problem ask this field
    wording: tuple[tuple[str, str, str], ...] = ()  # (situation, prompt, hint) where the service wording does not fit

    def worded(self, situation: str | None) -> tuple[str, str]:
        """(prompt, hint) as the interview asks it in `situation`; the default wording is the service one."""
        return next(((p, h) for s, p, h in self.wording if s == situation), (self.prompt, self.hint))


FIELDS: tuple[Field, ...] = (
    Field("reporter.name", "--name", "Your name", "so support can address you", config_key="reporter.name"),
    Field("reporter.email", "--email", "Your e-mail", "where the answer should go", "email", "reporter.email"),
    Field("reporter.phone", "--phone", "Phone number", "for a call-back; Enter to skip", config_key="reporter.phone"),
    Field("reporter.company", "--company", "Company or organisation", "Enter to skip", config_key="reporter.company"),
    Field(
        "service.account_id",
        "--account",
        "Account or customer ID",
        "from your contract, invoice or the provider's control panel",
        config_key="service.account_id",
    ),
    Field(
        "service.name",
        "--service",
        "Which service is affected",
        "as the provider calls it, e.g. 'Cloud VPS', 'webshop'",
        config_key="service.name",
    ),
    Field(
        "service.provider",
        "--provider",
        "Provider of that service",
        "e.g. the hosting or cloud company",
        config_key="service.provider",
    ),
    Field(
        "service.service_id",
        "--service-id",
        "Service or contract ID",
        "as shown in the control panel",
        config_key="service.service_id",
    ),
    Field(
        "service.vm_name",
        "--vm-name",
        "Server (VM) name",
        "the name in the control panel",
        config_key="service.vm_name",
    ),
    Field("service.host", "--host", "Server IP address", "e.g. 203.0.113.10", "ip", "service.host"),
    Field(
        "service.hostname", "--hostname", "Server host name", "e.g. web01.example.com", config_key="service.hostname"
    ),
    Field("service.url", "--url", "Address (URL) of the service", "the exact page that fails", "url", "service.url"),
    Field(
        "service.tickets",
        "--ticket",
        "Earlier ticket numbers about this",
        "support finds the history at once; comma-separated",
        "list",
    ),
    Field(
        "service.device_make",
        "--device-make",
        "Device make",
        "e.g. Brother, HP, Lenovo — not 'the grey one'",
        config_key="service.device_make",
    ),
    Field(
        "service.device_model",
        "--device-model",
        "Device model",
        "from the label, e.g. HL-L2350DW",
        config_key="service.device_model",
    ),
    Field("problem.summary", "--summary", "One-line summary", "service + symptom, e.g. 'Webshop returns HTTP 502'"),
    Field(
        "problem.description",
        "--description",
        "What happened, in your own words",
        "what you did, what you expected, what you saw",
    ),
    Field("problem.started_at", "--since", "Since when", "date and time it started, e.g. 2026-11-23 08:00"),
    Field("problem.frequency", "--frequency", "How often", "always, intermittently (how often), or once"),
    Field("problem.changed", "--changed", "What changed since it last worked", "updates, new devices, settings, moves"),
    Field("problem.works", "--works", "What still works", "e.g. other sites, the admin panel, other devices"),
    Field("problem.broken", "--broken", "What does not work", "name it exactly, e.g. 'checkout page only'"),
    Field("problem.steps", "--steps", "Steps to reproduce", "1. open … 2. click … 3. see …"),
    Field("problem.tried", "--tried", "What you already tried", "restarted the router, another browser, …"),
    Field("problem.impact", "--impact", "Impact and urgency", "who is affected, what it costs, deadline"),
    Field(
        "problem.other_connection",
        "--other-connection",
        "Does it work over another connection",
        "e.g. your phone's hotspot: works / fails / Enter if not tried",
        "works-fails",
    ),
    Field(
        "problem.other_devices",
        "--other-devices",
        "Do other devices on this network have internet",
        "works / fails / Enter if you don't know",
        "works-fails",
    ),
)

# What a problem can be about; the interview asks only the fields of the chosen situation.
SITUATIONS: dict[str, str] = {
    "service": "a service on a server or in the cloud (website, VPS, e-mail, app)",
    "internet": "the internet connection at home or in an office",
    "device": "a device: PC, printer, phone",
}
_ONLY: dict[str, tuple[str, ...]] = {
    "service.service_id": ("service", "internet"),
    "service.vm_name": ("service",),
    "service.host": ("service",),
    "service.hostname": ("service",),
    "service.url": ("service",),
    "service.device_make": ("device",),
    "service.device_model": ("device",),
    "problem.other_connection": ("service", "internet"),
    "problem.other_devices": ("internet",),  # other devices "have internet": what triage reads it as
    "problem.steps": ("service", "device"),
}
# The question as it reads in the internet and device situations (the prompts above are worded for a service).
_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "service.account_id": {
        "internet": ("Customer number at your internet provider", "from your contract or an invoice"),
        "device": ("Customer or contract number", "with the vendor or your IT support, if any; Enter to skip"),
    },
    "service.name": {
        "internet": ("Which connection", "e.g. home fibre, office DSL, 4G router"),
        "device": ("Which device", "what it is and where, e.g. 'office printer, 2nd floor', 'my work laptop'"),
    },
    "service.provider": {
        "internet": ("Your internet provider", "the company on the bill for the connection"),
        "device": (
            "Who sold or supports the device",
            "the shop, the vendor or your IT support; Enter if you don't know",
        ),
    },
    "service.service_id": {
        "internet": ("Connection or contract ID", "on the bill or in your account, e.g. the line ID"),
    },
    "problem.summary": {
        "internet": ("One-line summary", "e.g. 'No internet on any device since 08:00'"),
        "device": ("One-line summary", "device + symptom, e.g. 'HP LaserJet M404 prints blank pages'"),
    },
    "problem.works": {
        "internet": ("What still works", "e.g. Wi-Fi but not cable, some sites, the phone's mobile data"),
        "device": ("What still works", "e.g. printing from another PC, copying, the power light"),
    },
    "problem.broken": {
        "internet": ("What does not work", "name it exactly, e.g. 'every site, on every device'"),
        "device": ("What does not work", "name it exactly, e.g. 'printing from any program'"),
    },
    "problem.tried": {
        "device": ("What you already tried", "switched it off and on, another cable, reinstalled the driver, …"),
    },
    "problem.other_connection": {
        "internet": (
            "Does the internet work over another connection",
            "e.g. your phone's mobile data or hotspot: works / fails / Enter if not tried",
        ),
    },
}
FIELDS = tuple(
    Field(
        **{
            **f.__dict__,
            "situations": _ONLY.get(f.key, f.situations),
            "wording": tuple((s, p, h) for s, (p, h) in _WORDING.get(f.key, {}).items()),
        }
    )
    for f in FIELDS
)
BY_KEY = {f.key: f for f in FIELDS}


def situation_of(answers: Mapping[str, object]) -> str | None:
    """The situation the flags of this command line tell (a server or URL: service; a device model: device), else
    None. Only for what the user gave now: config defaults pre-fill answers but never choose the situation."""
    if any(answers.get(k) for k in ("service.host", "service.hostname", "service.url", "service.vm_name")):
        return "service"
    if any(answers.get(k) for k in ("service.device_make", "service.device_model")):
        return "device"
    return None


def param_name(field: Field) -> str:
    """The Python name Click gives the flag (e.g. --service-id → service_id)."""
    return field.flag.lstrip("-").replace("-", "_")


def validated(field: Field, value: Any) -> Any:
    """A flag's or an answer's value, normalised (list: split at commas; ip, url, email … checked); None if empty.

    Raises InputError naming the flag for a value of the wrong form."""
    if field.kind == "list":
        return tuple(item.strip() for v in value or () for item in v.split(",") if item.strip())
    if not value or not value.strip():
        return None
    from reportkit import validate

    check = validate.VALIDATORS.get(field.kind)
    return check(value, field.flag) if check else value.strip()
