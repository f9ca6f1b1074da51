"""Deciding early: when the layers below settle a verdict that no later result can change, the probes stop at once.

Pure, like the rest of the engine: probe data so far and the seconds since the probes started in; a reason (for
the probe results' detail) or None out. Used by the probe runner through the pipeline (collectors never import the
engine). Only verdicts that later answers cannot overturn settle:
- nothing can leave this computer: every adapter down, no carrier, no usable address, or no route (rules 1–4, on
  the local facts alone, before any packet is sent);
- the router is not there: after `EARLY_AFTER_S` no answer from anything, and its address still has no
  resolved neighbour (ARP) entry — a router that is switched off or unplugged does not answer ARP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportkit.triage.read import Probes, _map, _text
from reportkit.triage.rules import _interface_down, _no_address, _no_link, _no_route
from reportkit.triage.wording import _word

EARLY_AFTER_S = 1.5
LOCAL_RULES = (  # the rule, and why it settles the verdict (wording.EARLY)
    (_interface_down, "interface_down"),
    (_no_link, "no_link"),
    (_no_address, "no_address"),
    (_no_route, "no_route"),
)


def settled(data: Mapping[str, Any], seconds: float) -> str | None:
    """Why the verdict cannot change any more (a message: wording.EARLY), or None: keep measuring."""
    try:
        return _settled(data, seconds)
    except Exception:  # deciding early is an optimisation: a surprise in the data means "keep measuring"
        return None


def _settled(data: Mapping[str, Any], seconds: float) -> str | None:
    p = Probes.parse(data)
    if any(r.answered for r in p.results):
        return None
    for rule, why in LOCAL_RULES:
        if rule(p) is not None:
            return _word("EARLY", why)
    if seconds < EARLY_AFTER_S or not _text(p.targets.get("gateway")):
        return None
    neighbour = _map(p.local.get("neighbour"))
    # only an entry the kernel asked for and got no answer to: "none" (no entry) is also what a link without ARP
    # (PPP, a tunnel) shows, where it proves nothing
    if neighbour.get("state") == "incomplete":
        return _word("EARLY", "no_arp")
    return None
