"""Who to turn to (per culprit, details from settings) and the next steps, filled in from what is known."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportkit.messages import Plural, Said, make, placeholders
from reportkit.recipients import CONTACT_FIELDS, SECTION_BY_ROLE, role_for
from reportkit.triage.facts import _on_ports, _ports
from reportkit.triage.read import Probes, _map, _text, _texts
from reportkit.triage.wording import NEEDS, STEPS, Template, _join, _options


def _settings_section(settings: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return _map(settings.get(name))


def _context(p: Probes, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The values step templates may use; missing ones are left out (their steps fall back or drop)."""
    isp, cloud, service = (_settings_section(settings, n) for n in ("isp", "cloud", "service"))
    ports = _texts(p.service.get("ports")) or _texts(service.get("ports"))
    failing = _ports(r for r in p.measured("service-tcp") if not r.ok)
    resolvers = _texts(p.targets.get("resolvers"))
    values = {
        "gateway": _text(p.targets.get("gateway")),
        "isp_name": _text(isp.get("name")),
        "isp_status_url": _text(isp.get("status_url")),
        "cloud_name": _text(cloud.get("name")),
        "cloud_status_url": _text(cloud.get("status_url")),
        "service_name": _text(service.get("name")),
        "vm_name": _text(service.get("vm_name")),
        "service_host": _text(p.service.get("host")) or _text(service.get("host")),
        "service_hostname": _text(p.service.get("hostname")) or _text(service.get("hostname")),
        "service_ports": _join(ports, "or"),
        "failing_ports": _on_ports(failing, key="for_ports") if failing else None,
        "public_resolver": _join(_texts(p.targets.get("public_resolvers"))[:1]),
        "resolvers": _join(resolvers),
        "resolver_count": len(resolvers),
    }
    return {k: v for k, v in values.items() if v}


def _fill(message: str, template: Template, context: Mapping[str, Any]) -> Said | None:
    """The step as a message (catalog context `message`), or None when a value it names is not known."""
    forms = template if isinstance(template, Plural) else (template,)
    names = set().union(*(placeholders(form) for form in forms))
    if isinstance(template, Plural):
        names.add(template.n)
    if any(name not in context for name in names):
        return None
    return make(message, template, **{name: context[name] for name in sorted(names)})


def _steps(key: str, context: Mapping[str, Any]) -> tuple[Said, ...]:
    out = []
    for i, step in enumerate(STEPS.get(key, ())):
        for j, option in enumerate(_options(step)):
            text = _fill(f"triage.STEPS.{key}.{i}.{j}", option, context)
            if text is not None:
                out.append(text)
                break
    return tuple(out)


def _contact(culprit: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Who to turn to: role per culprit, details from settings, and what that recipient needs."""
    role = role_for(culprit)
    section = SECTION_BY_ROLE.get(role)
    fields = _contact_fields(settings, section) if section else {}
    if role == "service-operator" and not ({"email", "phone", "url"} & fields.keys()):
        cloud = _contact_fields(settings, "cloud")  # no better service contact: the cloud provider's
        if cloud:
            role, fields = "cloud-provider", cloud
        else:
            fields = {"name": _text(_settings_section(settings, "service").get("name"))}
    needs = [make(f"triage.NEEDS.{role}.{i}", need) for i, need in enumerate(NEEDS.get(role, ()))]
    contact: dict[str, Any] = {"role": role, **fields, "needs": needs}
    return {k: v for k, v in contact.items() if v}


def _contact_fields(settings: Mapping[str, Any], section: str) -> dict[str, Any]:
    raw = _settings_section(settings, section)
    out: dict[str, Any] = {}
    for source, key in CONTACT_FIELDS[section]:
        value = _text(raw.get(source))
        if value and key not in out:
            out[key] = value
    return out
