"""Who receives the request, as one table: culprit → role → the config section with that recipient's contact
details → the identifiers anonymisation must keep so the recipient can act on it.

Triage (whom to contact), render (whom the request is addressed to) and anonymisation (what stays verbatim) all
read it, so they cannot disagree. The words ("what the ISP needs") live in triage/wording.py.
"""

from __future__ import annotations

ROLE_BY_CULPRIT: dict[str, str] = {
    "device": "you",
    "local-network": "local-admin",
    "isp": "isp",
    "dns": "isp",  # the system resolver is the ISP's (or the router's, which relays to the ISP)
    "cloud-provider": "cloud-provider",
    "service": "service-operator",
    "none": "service-operator",  # the network is fine: if the problem persists, the service is next
    "unknown": "you",
}


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

SECTION_BY_ROLE: dict[str, str] = {"isp": "isp", "cloud-provider": "cloud", "service-operator": "service"}

# identifiers in the report that a recipient must see as they are: the provider must find the VM, the ISP the line
SERVICE_IDENTIFIERS = ("service.host", "service.hostname", "service.url-host")
KEEPS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "isp": ("diagnostics.public_ip",),
    "cloud-provider": SERVICE_IDENTIFIERS,
    "service-operator": SERVICE_IDENTIFIERS,
}
# no verdict (--offline, or the probes could not run) or an unexplained one: such a request goes to the service's
# own support, which needs its server's address to do anything
KEEPS_WITHOUT_VERDICT = SERVICE_IDENTIFIERS


def role_for(culprit: str) -> str:
    return ROLE_BY_CULPRIT.get(culprit, "you")


def keeps(culprit: str | None) -> tuple[str, ...]:
    """The identifier keys anonymisation keeps for a verdict with this culprit (None: no verdict)."""
    if culprit is None or culprit == "unknown":
        return KEEPS_WITHOUT_VERDICT
    return KEEPS_BY_ROLE.get(role_for(culprit), ())
