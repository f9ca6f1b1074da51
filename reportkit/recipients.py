"""Who receives the request, as one table: culprit → role → the config section with that recipient's contact
details → the identifiers the request must give them → the identifiers anonymisation must keep so they can act.

Triage (whom to contact), render (whom the request is addressed to), the quality check (which identifiers are
missing) and anonymisation (what stays verbatim) all read it, so they cannot disagree. Pure data, no imports from
the rest of the package. The words ("what the ISP needs", "the cloud provider") live with the rest of the wording,
keyed by the same role names: triage/wording.py (NEEDS) and quality.py (RECIPIENT_LABELS, IDENTIFIERS).

Identifier keys: `service.account_id`, `service.vm_name`, `service.host` (the server's IP address), `service.url`
(the URL, or the service's host name), `service.name-or-url` (at least what the service is called),
`isp.customer_id` (the line's customer number; the report keeps it in service.account_id);
for anonymisation also `service.hostname`, `service.url-host` (the host in the URL) and `diagnostics.public_ip`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    section: str | None  # the settings section with the recipient's contact details (None: nobody to write to)
    requires: tuple[str, ...]  # identifiers the request must give them (the quality check asks for each missing)
    keeps: tuple[str, ...]  # identifiers anonymisation leaves as they are: the provider must find the VM …


# the server as its support finds it: by its IP address, its host name and the host in the URL
SERVICE_IDENTIFIERS = ("service.host", "service.hostname", "service.url-host")

RECIPIENTS: dict[str, Recipient] = {
    "you": Recipient(None, ("service.name-or-url",), ()),
    "local-admin": Recipient(None, ("service.name-or-url",), ()),
    # the ISP finds the line by its public address, and tests the route toward the server that fails
    "isp": Recipient("isp", ("isp.customer_id",), ("diagnostics.public_ip", "service.host")),
    "cloud-provider": Recipient(
        "cloud", ("service.account_id", "service.vm_name", "service.host", "service.url"), SERVICE_IDENTIFIERS
    ),
    "service-operator": Recipient("service", ("service.url",), SERVICE_IDENTIFIERS),
    # a device problem with no verdict: whoever supports the device (its vendor, the shop, the IT desk)
    "device-support": Recipient(None, ("service.device",), ()),
}

ROLE_BY_CULPRIT: dict[str, str] = {
    "device": "you",
    "local-network": "local-admin",
    "isp": "isp",
    "dns": "isp",  # the system resolver is the ISP's (or the router's, which relays to the ISP)
    "cloud-provider": "cloud-provider",
    "service": "service-operator",
    "none": "service-operator",  # the network is fine: if the problem persists, the service is next
    "unknown": "you",  # triage cannot tell whom to contact; the request itself goes to the service (below)
}

# No verdict (--offline, or the probes could not run) or an unexplained one: such a request goes to the service's
# own support, which needs its server's address to do anything. Quality asks for, and anonymisation keeps, what
# that recipient needs.
ADDRESSEE_WITHOUT_VERDICT = "service-operator"
# …unless the user said the problem is about the internet connection or a device (problem.situation)
ADDRESSEE_BY_SITUATION: dict[str, str] = {"service": "service-operator", "internet": "isp", "device": "device-support"}
UNEXPLAINED: tuple[str | None, ...] = (None, "unknown")

# settings key → contact key, per settings section
CONTACT_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "isp": (
        ("name", "name"),
        ("customer_id", "customer_id"),
        ("support_email", "email"),
        ("support_phone", "phone"),
        ("support_url", "url"),
        ("status_url", "status_url"),
    ),
    "cloud": (
        ("name", "name"),
        ("account_id", "account_id"),
        ("support_email", "email"),
        ("support_phone", "phone"),
        ("support_url", "url"),
        ("status_url", "status_url"),
    ),
    "service": (
        ("operator", "name"),
        ("support_email", "email"),
        ("email", "email"),
        ("support_phone", "phone"),
        ("phone", "phone"),
        ("support_url", "url"),
        ("status_url", "status_url"),
    ),
}

SECTION_BY_ROLE: dict[str, str] = {role: r.section for role, r in RECIPIENTS.items() if r.section}


def role_for(culprit: str) -> str:
    """The role triage's contact names for a verdict with this culprit."""
    return ROLE_BY_CULPRIT.get(culprit, "you")


def addressee(culprit: str | None, role: str | None = None, situation: str | None = None) -> str:
    """The role the request goes to: no verdict or an unexplained one → by the situation the user chose (the
    internet provider, the device's support), else the service's own support; otherwise the role of the contact
    triage chose (`role`, e.g. the cloud provider standing in for a service operator with no contact details), else
    the culprit's role."""
    if culprit in UNEXPLAINED:
        return ADDRESSEE_BY_SITUATION.get(situation or "", ADDRESSEE_WITHOUT_VERDICT)
    if role in RECIPIENTS:
        return str(role)
    return role_for(str(culprit))


def requires(culprit: str | None, role: str | None = None, situation: str | None = None) -> tuple[str, ...]:
    """The identifier keys a request with this verdict must give its recipient (None: no verdict)."""
    return RECIPIENTS[addressee(culprit, role, situation)].requires


def keeps(culprit: str | None, role: str | None = None, situation: str | None = None) -> tuple[str, ...]:
    """The identifier keys anonymisation keeps for a verdict with this culprit (None: no verdict)."""
    return RECIPIENTS[addressee(culprit, role, situation)].keeps
