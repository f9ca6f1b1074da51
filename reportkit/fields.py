"""The report's input fields, in the order a support agent would ask for them.

One table drives the collect flags, the interview, the draft and the config defaults,
so a field is added in exactly one place. Its questions, hints and the situations' labels are written in English and
marked for the catalog (`N_`); the interview shows them in the interface language (`Field.asked`, `situation_label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportkit.i18n import N_, _


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

    def asked(self, situation: str | None) -> tuple[str, str]:
        """(prompt, hint) in the interface language, as the interview shows them."""
        prompt, hint = self.worded(situation)
        return shown(prompt), shown(hint)


def shown(text: str) -> str:
    """An English text of these tables in the interface language ("" stays "": gettext would give the header)."""
    return _(text) if text else text


def situation_label(situation: str) -> str:
    """What a situation is, in the interface language."""
    return shown(SITUATIONS.get(situation, situation))


FIELDS: tuple[Field, ...] = (
    Field("reporter.name", "--name", N_("Your name"), N_("so support can address you"), config_key="reporter.name"),
    Field("reporter.email", "--email", N_("Your e-mail"), N_("where the answer should go"), "email", "reporter.email"),
    Field(
        "reporter.phone",
        "--phone",
        N_("Phone number"),
        N_("for a call-back; Enter to skip"),
        config_key="reporter.phone",
    ),
    Field(
        "reporter.company",
        "--company",
        N_("Company or organisation"),
        N_("Enter to skip"),
        config_key="reporter.company",
    ),
    Field(
        "service.account_id",
        "--account",
        N_("Account or customer ID"),
        N_("from your contract, invoice or the provider's control panel"),
        config_key="service.account_id",
    ),
    Field(
        "service.name",
        "--service",
        N_("Which service is affected"),
        N_("as the provider calls it, e.g. 'Cloud VPS', 'webshop'"),
        config_key="service.name",
    ),
    Field(
        "service.provider",
        "--provider",
        N_("Provider of that service"),
        N_("e.g. the hosting or cloud company"),
        config_key="service.provider",
    ),
    Field(
        "service.service_id",
        "--service-id",
        N_("Service or contract ID"),
        N_("as shown in the control panel"),
        config_key="service.service_id",
    ),
    Field(
        "service.vm_name",
        "--vm-name",
        N_("Server (VM) name"),
        N_("the name in the control panel"),
        config_key="service.vm_name",
    ),
    Field("service.host", "--host", N_("Server IP address"), N_("e.g. 203.0.113.10"), "ip", "service.host"),
    Field(
        "service.hostname",
        "--hostname",
        N_("Server host name"),
        N_("e.g. web01.example.com"),
        config_key="service.hostname",
    ),
    Field(
        "service.url",
        "--url",
        N_("Address (URL) of the service"),
        N_("the exact page that fails"),
        "url",
        "service.url",
    ),
    Field(
        "service.tickets",
        "--ticket",
        N_("Earlier ticket numbers about this"),
        N_("support finds the history at once; comma-separated"),
        "list",
    ),
    Field(
        "service.device_make",
        "--device-make",
        N_("Device make"),
        N_("e.g. Brother, HP, Lenovo — not 'the grey one'"),
        config_key="service.device_make",
    ),
    Field(
        "service.device_model",
        "--device-model",
        N_("Device model"),
        N_("from the label, e.g. HL-L2350DW"),
        config_key="service.device_model",
    ),
    Field(
        "problem.summary", "--summary", N_("One-line summary"), N_("service + symptom, e.g. 'Webshop returns HTTP 502'")
    ),
    Field(
        "problem.description",
        "--description",
        N_("What happened, in your own words"),
        N_("what you did, what you expected, what you saw"),
    ),
    Field("problem.started_at", "--since", N_("Since when"), N_("date and time it started, e.g. 2026-11-23 08:00")),
    Field("problem.frequency", "--frequency", N_("How often"), N_("always, intermittently (how often), or once")),
    Field(
        "problem.changed",
        "--changed",
        N_("What changed since it last worked"),
        N_("updates, new devices, settings, moves"),
    ),
    Field("problem.works", "--works", N_("What still works"), N_("e.g. other sites, the admin panel, other devices")),
    Field("problem.broken", "--broken", N_("What does not work"), N_("name it exactly, e.g. 'checkout page only'")),
    Field("problem.steps", "--steps", N_("Steps to reproduce"), N_("1. open … 2. click … 3. see …")),
    Field("problem.tried", "--tried", N_("What you already tried"), N_("restarted the router, another browser, …")),
    Field("problem.impact", "--impact", N_("Impact and urgency"), N_("who is affected, what it costs, deadline")),
    Field(
        "problem.other_connection",
        "--other-connection",
        N_("Does it work over another connection"),
        N_("e.g. your phone's hotspot: works / fails / Enter if not tried"),
        "works-fails",
    ),
    Field(
        "problem.other_devices",
        "--other-devices",
        N_("Do other devices on this network have internet"),
        N_("works / fails / Enter if you don't know"),
        "works-fails",
    ),
)

# What a problem can be about; the interview asks only the fields of the chosen situation.
SITUATIONS: dict[str, str] = {
    "service": N_("a service on a server or in the cloud (website, VPS, e-mail, app)"),
    "internet": N_("the internet connection at home or in an office"),
    "device": N_("a device: PC, printer, phone"),
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
        "internet": (N_("Customer number at your internet provider"), N_("from your contract or an invoice")),
        "device": (N_("Customer or contract number"), N_("with the vendor or your IT support, if any; Enter to skip")),
    },
    "service.name": {
        "internet": (N_("Which connection"), N_("e.g. home fibre, office DSL, 4G router")),
        "device": (N_("Which device"), N_("what it is and where, e.g. 'office printer, 2nd floor', 'my work laptop'")),
    },
    "service.provider": {
        "internet": (N_("Your internet provider"), N_("the company on the bill for the connection")),
        "device": (
            N_("Who sold or supports the device"),
            N_("the shop, the vendor or your IT support; Enter if you don't know"),
        ),
    },
    "service.service_id": {
        "internet": (N_("Connection or contract ID"), N_("on the bill or in your account, e.g. the line ID")),
    },
    "problem.summary": {
        "internet": (N_("One-line summary"), N_("e.g. 'No internet on any device since 08:00'")),
        "device": (N_("One-line summary"), N_("device + symptom, e.g. 'HP LaserJet M404 prints blank pages'")),
    },
    "problem.works": {
        "internet": (N_("What still works"), N_("e.g. Wi-Fi but not cable, some sites, the phone's mobile data")),
        "device": (N_("What still works"), N_("e.g. printing from another PC, copying, the power light")),
    },
    "problem.broken": {
        "internet": (N_("What does not work"), N_("name it exactly, e.g. 'every site, on every device'")),
        "device": (N_("What does not work"), N_("name it exactly, e.g. 'printing from any program'")),
    },
    "problem.tried": {
        "device": (
            N_("What you already tried"),
            N_("switched it off and on, another cable, reinstalled the driver, …"),
        ),
    },
    "problem.other_connection": {
        "internet": (
            N_("Does the internet work over another connection"),
            N_("e.g. your phone's mobile data or hotspot: works / fails / Enter if not tried"),
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
