"""The verdict engine: probe data + the user's answers + settings → one `Verdict`.

Pure: data in, verdict out. No I/O, no clock, no imports beyond the standard library and `reportkit.model`.

The input is the probes Section's `data` (docs/probes.md). It is read defensively: a missing key, a wrong type or
an unknown outcome makes that piece "not measured", never an exception (`decide` has a last-resort guard too).

How a verdict is made (DESIGN §5):
1. `RULES`: the ordered rule table. The first rule that matches wins; lower layers (this computer, the local
   network, the ISP, DNS) are judged before higher ones (the cloud provider, the service), because a broken lower
   layer makes everything above it fail too. Every rule is a small function whose docstring states the observation
   it matches and why.
2. `ADJUSTMENTS`: the user's answers ("does it work over another connection?", "do other devices have internet?")
   are observations from a second vantage point that the probes cannot have. They run after the measured match, in
   order, each seeing the previous one's result: a measurement says *what* fails from here, an answer can say
   *where* (e.g. provider unreachable from here but fine over a hotspot → the route through the ISP).
3. `WARNINGS`: things worth knowing that are never a verdict on their own (NXDOMAIN rewriting, ICMP filtered, a
   proxy or VPN, …). Only the ones in `CAVEATS` lower a healthy verdict to medium confidence; ICMP being filtered
   or not permitted is not a fault and changes nothing.

All wording for humans lives in the tables below (`TEXT`, `STEPS`, `WARN`, `NEEDS`, …) so it can be revised in
one place.
"""

from __future__ import annotations

import ipaddress
import math
import statistics
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportkit.model import Verdict

# ----------------------------------------------------------------------------------------------------------------
# Thresholds
# ----------------------------------------------------------------------------------------------------------------

GATEWAY_LOSS_MAX = 0.10  # rule 6: this share of lost attempts to the router, or more, is a degraded LAN
GATEWAY_RTT_MAX_MS = 200.0  # rule 6: median router round trip at or above this is a degraded LAN
ANCHOR_LOSS_MAX = 0.20  # rule 16: internet loss at or above this is a degraded ISP line
ANCHOR_CONNECT_MAX_MS = 300.0  # rule 16: median internet connect time above this is a degraded ISP line
DNS_SLOW_MS = 500.0  # rule 17: system lookups slower than this …
DNS_FAST_MS = 150.0  # … while a public resolver answers faster than this
CERT_WARN_DAYS = 14  # warn when the service certificate expires within this many days
MAX_EVIDENCE = 5  # sentences

# ----------------------------------------------------------------------------------------------------------------
# Wording: evidence sentences (str.format templates)
# ----------------------------------------------------------------------------------------------------------------

TEXT: dict[str, str] = {
    # not measured / inconclusive
    "no_probes": "No network checks ran (reportkit ran with --offline, or the checks could not start), "
    "so this report cannot say where the fault lies.",
    "no_probes_2": "Only the information you entered and the facts about this computer are in this report.",
    "unreadable": "The network check results could not be read, so this report cannot say where the fault lies.",
    "all_skipped": "Every network check was skipped (no targets were configured, or REPORTKIT_PROBE_ALLOW "
    "excluded them), so nothing was measured.",
    "inconclusive": "The checks that ran could not show whether the internet or the service works.",
    "inconclusive_2": "Configure internet test addresses and the service's address in the settings to get a verdict.",
    # rules 1–4: this computer
    "iface_down": "The network adapter {names} is switched off (down).",
    "ifaces_down": "The network adapters {names} are switched off (down).",
    "no_ifaces": "No network adapter other than the internal loopback one was found.",
    "nothing_left": "Nothing beyond this computer answered, so no traffic can leave it.",
    "no_link_1": "The network adapter {names} is switched on but has no link: no signal on the cable, "
    "or not connected to a Wi-Fi network.",
    "no_link": "The network adapters {names} are switched on but have no link: no signal on the cable, "
    "or not connected to a Wi-Fi network.",
    "self_assigned": "This computer has only a self-assigned address ({addresses}): the router (DHCP server) "
    "did not give it a proper one.",
    "no_address": "This computer has no network address on any adapter.",
    "no_address_2": "Without an address it cannot talk to the router or the internet.",
    "no_route": "This computer has the address {addresses} but no default route (no gateway), "
    "so it does not know where to send internet traffic.",
    "no_route_2": "This is a setting on this computer (from DHCP or left behind by a VPN), not a network fault.",
    # rules 5–7: the local network
    "gw_silent": "The router at {gateway} did not answer on {ports} ({answered} of {sent} attempts).",
    "gw_no_ping": "It did not answer ping either.",
    "anchors_silent_too": "None of the internet test addresses answered either.",
    "gw_quality": "The router at {gateway} answered {answered} of {sent} attempts ({loss} lost) "
    "with a median round trip of {ms} ms.",
    "gw_quality_2": "A healthy home or office network loses nothing and answers in a few milliseconds; "
    "Wi-Fi interference, a weak signal or an overloaded router can cause this.",
    "gw_ok": "The router at {gateway} answered ({answered} of {sent} attempts, median {ms} ms).",
    "portal": "The captive-portal check {url} got {what} instead of an empty '204' answer.",
    "portal_2": "This network wants you to log in or accept terms in a web page before it lets traffic through.",
    "portal_redirect": "a redirect to {location}",
    "portal_redirect_nowhere": "a redirect (HTTP {status})",
    "portal_511": "HTTP 511 (network login required)",
    "portal_body": "HTTP {status} with a {size}-byte page",
    # rule 8: ISP
    "anchors_none": "None of the {count} internet test addresses ({hosts}) answered ({answered} of {sent} attempts).",
    "anchors_one": "The internet test address {hosts} did not answer ({answered} of {sent} attempts); "
    "with only one test address configured this is less certain.",
    "public_dns_silent": "The public DNS server {servers} did not answer either.",
    "p2p": "No router address is known (a point-to-point or VPN link), so the local network could not be checked.",
    # rule 9: DNS
    "resolvers_failed": "This computer's DNS server {servers} {what}.",  # RESOLVER_WORDS
    "known_failed": "Looking up {names} {what}.",
    "public_dns_ok": "The public DNS server {server} answered in {ms} ms, so DNS works on the internet; "
    "the DNS server this computer uses is the problem.",
    "public_dns_blocked": "No public DNS server answered either ({servers}) although the internet works: "
    "DNS traffic may be blocked upstream.",
    "public_dns_none": "No public DNS server was configured to compare with.",
    "anchors_ok": "{answered} of {count} internet test addresses answered (median {ms} ms).",
    # rule 10: firewall
    "firewall": "Internet test addresses answered on {ports}, but none of the {count} tested on port 443 did "
    "({targets}).",
    "firewall_2": "HTTPS (port 443) is blocked somewhere between this computer and the internet; "
    "often a firewall or router filter.",
    # rule 11: service DNS
    "service_dns": "Looking up the service's name {hostname} {what}, while {known} resolved normally.",
    "service_dns_nx": "This computer's DNS says the name does not exist: the domain may have expired or its record "
    "was deleted.",
    "service_by_ip": "The server itself ({host}) answers when reached by its address, so only the name is broken.",
    # rules 12–15: provider and service
    "host_silent": "The server {host} did not answer on {ports} ({answered} of {sent} attempts).",
    "provider_silent": "None of the provider's other addresses ({targets}) answered either.",
    "provider_ok": "Other addresses of the same provider ({targets}) answered, so the provider's network is up.",
    "one_vantage": "From one place it is impossible to tell 'the provider is down' from 'the route between your "
    "internet provider and the cloud provider is broken'; the hotspot test tells them apart.",
    "host_down_2": "The server is likely stopped or crashed; its control panel or console will show it.",
    "app_refused": "The server {host} refused the connection on {ports}: the machine is up, but nothing is "
    "listening there.",
    "app_timeout": "The server {host} did not answer on {ports}: the program is hung, or a firewall on the "
    "server drops it.",
    "app_alive": "The server answered on {ports}, so the machine itself is up.",
    "app_down_2": "The service program on the server is not running or not accepting connections.",
    "http_5xx": "The server {host} accepts connections, but {url} answered HTTP {status}: "
    "the application behind it has an error.",
    "http_timeout": "{url} accepted the connection but sent no answer in time: the application is hung or overloaded.",
    "http_error": "{url} accepted the connection but the web request failed ({detail}).",
    "tls_expired": "The security certificate of {name} has expired ({not_after}); browsers refuse or warn.",
    "tls_invalid": "The security certificate of {name} is not valid ({error}); browsers refuse or warn.",
    "tcp_ok": "The server {host} accepted connections on {ports}.",
    # rules 16–17: degraded
    "isp_slow": "Internet test addresses answered {answered} of {sent} attempts ({loss} lost), with a median "
    "connect time of {ms} ms.",
    "lan_clean": "The router answered every attempt in a median {ms} ms, so the local network is fine.",
    "lan_unknown": "The local network could not be measured (no router address known).",
    "dns_slow": "Name lookups through this computer's DNS took a median {ms} ms.",
    "dns_slow_2": "The public DNS server {server} answered in {public_ms} ms, so the DNS server this computer uses "
    "is slow.",
    # rule 18: healthy
    "http_ok": "{url} answered HTTP {status}.",
    "healthy": "No check found a fault.",
}

OUTCOME_WORDS: dict[str, str] = {
    "timeout": "did not answer in time",
    "refused": "refused",
    "servfail": "returned SERVFAIL (server failure)",
    "nxdomain": "said the name does not exist (NXDOMAIN)",
    "unreachable": "was unreachable",
    "error": "failed with an error",
    "not-permitted": "was not permitted",
    "ok": "answered",
}

# ----------------------------------------------------------------------------------------------------------------
# Wording: the user's answers (evidence from a second vantage point)
# ----------------------------------------------------------------------------------------------------------------

RESOLVER_WORDS: dict[str, str] = {  # "This computer's DNS server X …"
    "timeout": "did not answer",
    "servfail": "answered SERVFAIL (server failure)",
    "refused": "refused the query",
    "unreachable": "could not be reached",
    "nxdomain": "said a name that exists does not (NXDOMAIN)",
    "error": "failed",
}

LOOKUP_WORDS: dict[str, str] = {  # "Looking up NAME …"
    "timeout": "got no answer in time",
    "servfail": "got SERVFAIL (server failure)",
    "nxdomain": "got 'no such name' (NXDOMAIN)",
    "refused": "was refused by the DNS server",
    "unreachable": "could not reach the DNS server",
    "error": "failed",
}

ANSWER_TEXT: dict[str, str] = {
    "devices_work_flip": "You said other devices on the same network have internet, so the router and the "
    "internet connection work; the difference is on this computer.",
    "hotspot_works_flip": "You said the service works over another connection (for example a phone hotspot), so the "
    "service itself is up; the path through your ISP is the likely culprit.",
    "hotspot_works_dns": "You said the service works over another connection, so its name exists; the DNS server "
    "of this connection may hold an outdated or blocked answer.",
    "hotspot_works_service": "You said the service works over another connection, so the server may be treating "
    "this network's public address differently (for example an IP ban after failed logins, or an allow-list).",
    "hotspot_works_tls": "You said the service works over another connection, so something on this network may be "
    "intercepting HTTPS (a proxy, security software or the router).",
    "hotspot_works_here": "You said the service works over another connection, which confirms the problem is on "
    "this connection.",
    "hotspot_fails": "You said the service fails over another connection too, which points to the service side "
    "rather than your connection.",
    "devices_fail": "You said other devices on this network have no internet either, which points away from this "
    "computer.",
    "devices_fail_device": "You said other devices on this network have no internet either: check the router too.",
    # an answer no adjustment used is still evidence
    "other_connection:works": "You said the service works over another connection (for example a phone hotspot).",
    "other_connection:fails": "You said the service does not work over another connection either.",
    "other_devices:works": "You said other devices on this network have internet.",
    "other_devices:fails": "You said other devices on this network have no internet.",
}

ANSWER_WORDS: dict[str, str] = {  # what the user may type → "works" / "fails"
    "works": "works",
    "work": "works",
    "yes": "works",
    "y": "works",
    "ok": "works",
    "true": "works",
    "fails": "fails",
    "fail": "fails",
    "no": "fails",
    "n": "fails",
    "false": "fails",
}

# ----------------------------------------------------------------------------------------------------------------
# Wording: warnings (never verdicts on their own)
# ----------------------------------------------------------------------------------------------------------------

WARN: dict[str, str] = {
    "nxdomain_rewrite": "The DNS server answered for a name that does not exist ({name} → {addresses}): it rewrites "
    "'not found' answers, often to an ISP search page. Not a fault by itself, but mistyped or dead addresses "
    "will show that page instead of an error.",
    "icmp_not_permitted": "Ping (ICMP) is not permitted for this user here, so it was not used — not a fault.",
    "icmp_filtered": "The router does not answer ping (ICMP is filtered) — not a fault.",
    "ipv6_broken": "IPv6 internet test addresses ({targets}) did not answer while IPv4 ones did: IPv6 is broken on "
    "this connection. Apps that try IPv6 first may be slow to connect.",
    "proxy": "A proxy is configured ({proxies}); the checks connect directly, but browsers and apps may go through "
    "the proxy, so a proxy fault would not show here.",
    "vpn": "A VPN is active ({names}): traffic may take a different path than without it; try again with the VPN "
    "off if the problem persists.",
    "name_mismatch": "The service name {hostname} resolves to {addresses}, not to the configured server {host}: a DNS "
    "record may be outdated, or a CDN or proxy sits in front of the server.",
    "http_4xx": "The service answered HTTP {status}: the server works but refused this request (login, "
    "permissions or a wrong address) — not a network fault.",
    "cert_expiring": "The security certificate of {name} expires in {days} days ({not_after}); renew it soon.",
    "resolver_partial": "The DNS server {bad} did not answer, but {good} did; lookups may be slow while this computer "
    "retries.",
    "devices_fail_contradiction": "You said other devices on this network have no internet, but this computer "
    "reached the internet during the checks: the problem may come and go.",
}

# Warnings that make "nothing wrong" less certain (healthy → medium). ICMP ones are deliberately absent.
CAVEATS = frozenset(
    {
        "nxdomain_rewrite",
        "ipv6_broken",
        "proxy",
        "vpn",
        "name_mismatch",
        "http_4xx",
        "cert_expiring",
        "resolver_partial",
    }
)

# ----------------------------------------------------------------------------------------------------------------
# Wording: next steps, per finding (or per adjustment). A tuple is a list of alternatives: the first one whose
# {placeholders} are all known is used; a plain string whose placeholders are unknown is dropped.
# ----------------------------------------------------------------------------------------------------------------

Step = str | tuple[str, ...]

ASK_OTHER_DEVICES = "Check whether other devices on the same network have internet."
ASK_HOTSPOT = "Test the service over another connection, for example a phone hotspot."
ASK_HOTSPOT_PROVIDER = (
    "Test over another connection, for example a phone hotspot: if the service works there, the route between "
    "your ISP and the provider is broken, not the provider."
)
# a step that asks what the user already answered is left out
ANSWERED_BY: dict[str, str] = {
    ASK_OTHER_DEVICES: "other_devices",
    ASK_HOTSPOT: "other_connection",
    ASK_HOTSPOT_PROVIDER: "other_connection",
}

STEPS: dict[str, tuple[Step, ...]] = {
    "not-measured": (
        "Run `reportkit diagnose` without --offline, while the problem is happening, so the network checks can run.",
    ),
    "inconclusive": (
        "Set the internet test addresses ([probes] internet_anchors) and the service's address ([service] host) "
        "in the settings.",
        "Run `reportkit diagnose` again without --offline, while the problem is happening.",
    ),
    "interface-down": (
        "Turn Wi-Fi on (check the Wi-Fi switch or key and airplane mode) or plug in the network cable.",
        "Open the network settings and enable the network adapter if it is disabled.",
        "Restart the computer.",
    ),
    "no-link": (
        "Check the network cable at both ends, or reconnect to the Wi-Fi network.",
        "Check that the router is powered on and its lights look normal.",
        "Try another cable or another port on the router; for Wi-Fi, move closer to the router.",
    ),
    "no-address": (
        "Disconnect and reconnect this computer to the network so it asks for an address again.",
        "Restart the router: unplug its power for 30 seconds, plug it back in and wait two minutes.",
        "If other devices get no address either, the router's DHCP service is not working: contact whoever "
        "manages the router.",
    ),
    "no-route": (
        "Disconnect and reconnect to the network so the computer receives its settings again.",
        "If a VPN was just turned off or crashed, reconnect or restart it: VPN software sometimes removes the "
        "default route.",
        "Restart the computer.",
    ),
    "gateway-down": (
        "Check the router's power and cables first: are its lights on, is this computer's cable or Wi-Fi connected?",
        "Restart the router: unplug its power for 30 seconds, plug it back in and wait two minutes.",
        ASK_OTHER_DEVICES,
        "If the router still does not answer, contact whoever manages it (for a router from your ISP, the ISP).",
    ),
    "lan-degraded": (
        "If you use Wi-Fi, move closer to the router or try a network cable.",
        "Restart the router: unplug its power for 30 seconds, plug it back in and wait two minutes.",
        "Pause large downloads, backups or video calls on other devices and test again.",
    ),
    "captive-portal": (
        "Open a web browser and go to any http:// page: a login or terms page should appear; log in or accept it.",
        "If no page appears, ask the network's operator (hotel, office, café) how to log in.",
    ),
    "isp-down": (
        "Restart the router and modem: unplug their power for 30 seconds, plug back in and wait two minutes.",
        ("Check {isp_status_url} for an outage notice.", "Check your ISP's status page or social media for an outage."),
        ASK_HOTSPOT,
        (
            "Contact {isp_name} and give them the test results in this report.",
            "Contact your ISP and give them the test results in this report.",
        ),
    ),
    "isp-route": (
        ("Check {isp_status_url} for an outage notice.", "Check your ISP's status page for an outage notice."),
        (
            "Contact {isp_name}: the route from their network to {service_host} is broken, but the server works over "
            "another connection. Give them the test results in this report.",
            "Contact your ISP: the route from their network to the service is broken, but the service works over "
            "another connection. Give them the test results in this report.",
        ),
        "Meanwhile, use the other connection (for example the phone hotspot) for urgent work.",
    ),
    "resolver-down": (
        "Restart the router: it often relays DNS requests and may be stuck.",
        (
            "As a temporary workaround, set this computer's DNS server to {public_resolver}.",
            "As a temporary workaround, set this computer's DNS server to a public DNS service.",
        ),
        (
            "If it persists, contact {isp_name}: the DNS server {resolvers} is failing.",
            "If it persists, contact your ISP: its DNS server is failing.",
        ),
    ),
    "service-dns-here": (
        "Restart the router: it relays DNS requests and may hold an old answer.",
        (
            "As a temporary workaround, set this computer's DNS server to {public_resolver}.",
            "As a temporary workaround, set this computer's DNS server to a public DNS service.",
        ),
        (
            "If it persists, contact {isp_name}: their DNS server cannot find {service_hostname}, although other "
            "networks can.",
            "If it persists, contact your ISP: their DNS server cannot find the service's name, although other "
            "networks can.",
        ),
    ),
    "firewall": (
        "Turn off any VPN, proxy or security software on this computer for a moment and test again.",
        "Check the router for parental controls, site blocking or firewall rules that block HTTPS (port 443).",
        "On a work or public network, ask its administrator whether HTTPS is filtered.",
    ),
    "service-dns": (
        (
            "Check that the domain of {service_hostname} is still registered and paid for, and that its DNS record "
            "points to {service_host}.",
            "Check that the domain of {service_hostname} is still registered and paid for, and that its DNS record "
            "exists.",
            "Check that the service's domain is still registered and that its DNS record exists.",
        ),
        "Contact whoever manages the service's domain (the service operator or the domain registrar).",
    ),
    "provider-down": (
        ("Check {cloud_status_url} for an outage notice.", "Check your cloud provider's status page for an outage."),
        ASK_HOTSPOT_PROVIDER,
        (
            "Contact {cloud_name} support with your account ID and the server address {service_host}.",
            "Contact your cloud provider's support with your account ID and the server address.",
        ),
    ),
    "host-down": (
        (
            "Open {cloud_name}'s control panel and check whether the server {vm_name} is running; start or reboot it.",
            "Open {cloud_name}'s control panel and check whether the server {service_host} is running; start or "
            "reboot it.",
            "Open your cloud provider's control panel and check whether the server is running; start or reboot it.",
        ),
        "Look at the server's console in the control panel for a crash, a full disk or a boot error.",
        ("Check {cloud_status_url} for an outage notice.", "Check the provider's status page for an outage notice."),
        (
            "If the server shows as running but stays unreachable, contact {cloud_name} support.",
            "If the server shows as running but stays unreachable, contact the provider's support.",
        ),
    ),
    "app-down": (
        (
            "Restart the service on the server {vm_name} ({service_host}).",
            "Restart the service on the server {service_host}.",
            "Restart the service on the server.",
        ),
        "Check the service's logs on the server for why it stopped (crash, out of memory, full disk).",
        (
            "Check the server's firewall and the provider's firewall (security group) rules for {failing_ports}.",
            "Check the server's firewall and the provider's firewall (security group) rules for the service port.",
        ),
    ),
    "app-error": (
        (
            "Check the application's error log on the server {vm_name}.",
            "Check the application's error log on the server.",
        ),
        "Restart the application (and its database, if it has one).",
        "Check free disk space and memory on the server.",
    ),
    "tls-invalid": (
        (
            "Renew the certificate of {service_hostname} (for Let's Encrypt, check that automatic renewal runs).",
            "Renew the service's certificate (for Let's Encrypt, check that automatic renewal runs).",
        ),
        "Check that the certificate matches the service's name and includes its intermediate certificates.",
        "Until it is fixed, do not click through certificate warnings.",
    ),
    "isp-degraded": (
        "Restart the router and modem: unplug their power for 30 seconds, plug back in and wait two minutes.",
        "Run `reportkit diagnose` again at other times of day and note when it is slow.",
        (
            "If it stays slow, contact {isp_name} with these measurements.",
            "If it stays slow, contact your ISP with these measurements.",
        ),
    ),
    "dns-slow": (
        "Restart the router: it often relays DNS requests.",
        (
            "As a temporary workaround, set this computer's DNS server to {public_resolver}.",
            "As a temporary workaround, set this computer's DNS server to a public DNS service.",
        ),
        (
            "If it persists, contact {isp_name}: their DNS server is slow.",
            "If it persists, contact your ISP: their DNS server is slow.",
        ),
    ),
    "healthy": (
        "If the problem comes and goes, run `reportkit diagnose` again while it is happening.",
        "Restart the app or browser that shows the problem and note the exact error message.",
        (
            "If it persists, send this report to {service_name}'s support.",
            "If it persists, send this report to the service's support.",
        ),
    ),
    "other-devices-work": (
        "Other devices work, so start with this computer: turn Wi-Fi off and on (or re-plug the cable), then "
        "restart it.",
        "Turn off any VPN, proxy or firewall/security software on this computer and test again.",
        "Forget the Wi-Fi network and join it again, and check the network settings for a fixed address or DNS server.",
    ),
}

# ----------------------------------------------------------------------------------------------------------------
# Contacts: who to turn to, per culprit, and what that recipient needs
# ----------------------------------------------------------------------------------------------------------------

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

NEEDS: dict[str, tuple[str, ...]] = {
    "local-admin": ("which devices are affected", "when it started", "what changed"),
    "isp": ("customer ID", "public IP address, if known", "dates and times of the problem", "test results"),
    "cloud-provider": ("account ID", "VM name and IP", "service URL", "dates and times of the problem"),
    "service-operator": ("service URL", "exact error message", "dates and times of the problem"),
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

# ----------------------------------------------------------------------------------------------------------------
# Reading the probe data (docs/probes.md) defensively
# ----------------------------------------------------------------------------------------------------------------

ANSWERED = frozenset({"ok", "refused"})  # TCP: connected or RST — either way the host is alive
OUTCOMES = frozenset(
    {"ok", "refused", "timeout", "unreachable", "error", "nxdomain", "servfail", "not-permitted", "skipped"}
)
SERVICE_GROUPS = ("service-tcp", "admin-tcp")
# results that prove something beyond this computer answered
BEYOND_GROUPS = (
    "gateway",
    "gateway-icmp",
    "anchor",
    "public-resolver",
    "portal",
    "service-tcp",
    "admin-tcp",
    "service-http",
    "service-tls",
    "provider",
)
LOOPBACK_NAMES = frozenset({"lo", "lo0"})


@dataclass(frozen=True)
class Sample:
    outcome: str
    ms: float | None


@dataclass(frozen=True)
class Result:
    """One ProbeResult, with every field coerced to its documented type."""

    group: str
    target: str
    outcome: str
    ms: float | None
    samples: tuple[Sample, ...]
    data: Mapping[str, Any]
    detail: str = ""

    @property
    def measured(self) -> bool:
        return self.outcome != "skipped"

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def answered(self) -> bool:
        """Connected or refused (TCP), or answered at all (DNS/HTTP): the far end is alive."""
        return self.outcome in ANSWERED or any(s.outcome in ANSWERED for s in self.samples)

    @property
    def attempts(self) -> tuple[int, int]:
        """(answered, sent): from `data`, else from the samples, else 1 attempt."""
        answered, sent = _int(self.data.get("answered")), _int(self.data.get("sent"))
        if answered is not None and sent is not None and 0 <= answered <= sent:
            return answered, sent
        if self.samples:
            return sum(s.outcome in ANSWERED for s in self.samples), len(self.samples)
        return int(self.answered), 1

    @property
    def answer_ms(self) -> list[float]:
        """Times of the answered samples (or the result's median when there are no samples)."""
        times = [s.ms for s in self.samples if s.outcome in ANSWERED and s.ms is not None]
        if not times and self.answered and self.ms is not None:
            times = [self.ms]
        return times

    @property
    def host(self) -> str:
        """The address probed: a DNS query's `data.server` (its target may read "name @ server"), else the target's
        host part."""
        server = _text(self.data.get("server"))
        if server:
            return server
        return _split_target(self.target.rpartition(" @ ")[2])[0]

    @property
    def port(self) -> int | None:
        return _split_target(self.target)[1]


@dataclass(frozen=True)
class Interface:
    name: str
    up: bool | None
    carrier: bool | None
    kind: str

    @property
    def loopback(self) -> bool:
        return self.kind == "loopback" or self.name in LOOPBACK_NAMES


@dataclass(frozen=True)
class Probes:
    targets: Mapping[str, Any]
    local: Mapping[str, Any]
    results: tuple[Result, ...]

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Probes:
        results = tuple(r for r in (_parse_result(x) for x in _seq(raw.get("results"))) if r is not None)
        return cls(_map(raw.get("targets")), _map(raw.get("local")), results)

    def measured(self, *groups: str) -> list[Result]:
        return [r for r in self.results if r.group in groups and r.measured]

    def answered(self, *groups: str) -> list[Result]:
        return [r for r in self.measured(*groups) if r.answered]

    def ok(self, *groups: str) -> list[Result]:
        return [r for r in self.measured(*groups) if r.ok]

    @property
    def service(self) -> Mapping[str, Any]:
        return _map(self.targets.get("service"))


def _parse_result(raw: Any) -> Result | None:
    if not isinstance(raw, Mapping):
        return None
    group, outcome = _text(raw.get("group")), _text(raw.get("outcome"))
    if group is None or outcome is None:
        return None
    if outcome not in OUTCOMES:  # a contract violation: conclude nothing from it
        outcome = "skipped"
    samples = tuple(
        Sample(o if (o := _text(s.get("outcome"))) in OUTCOMES else "error", _num(s.get("ms")))
        for s in _seq(raw.get("samples"))
        if isinstance(s, Mapping)
    )
    return Result(
        group,
        _text(raw.get("target")) or "",
        outcome,
        _num(raw.get("ms")),
        samples,
        _map(raw.get("data")),
        _text(raw.get("detail")) or "",
    )


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any) -> list[str]:
    return [t for t in (_text(v) for v in _seq(value)) if t is not None]


def _num(value: Any) -> float | None:
    """A finite number (not a bool, NaN, infinity or an int too big for a float), else None."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None else None


def _split_target(target: str) -> tuple[str, int | None]:
    """'203.0.113.64:443' / '[2001:db8::1]:443' / '2001:db8::1' / 'host' → (host, port)."""
    if target.startswith("["):
        host, _, rest = target[1:].partition("]")
        return host, _port(rest[1:] if rest.startswith(":") else "")
    if target.count(":") == 1:
        host, _, port = target.partition(":")
        return host, _port(port)
    return target, None


def _port(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------------------------------
# Facts derived from the probes (small, reused by the rules)
# ----------------------------------------------------------------------------------------------------------------


def _interfaces(p: Probes) -> list[Interface]:
    """The interface list, or [] when it was not read completely (one unreadable entry could be the adapter)."""
    out = []
    for raw in _seq(p.local.get("interfaces")):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            return []
        if raw["name"].strip():
            up, carrier = raw.get("up"), raw.get("carrier")
            out.append(
                Interface(
                    _text(raw.get("name")) or "",
                    up if isinstance(up, bool) else None,
                    carrier if isinstance(carrier, bool) else None,
                    _text(raw.get("kind")) or "other",
                )
            )
    return out


def _interfaces_read(p: Probes) -> bool:
    return isinstance(p.local.get("interfaces"), list)


def _up_interfaces(p: Probes) -> list[Interface]:
    return [i for i in _interfaces(p) if not i.loopback and i.up is True]


def _addresses(p: Probes) -> list[str]:
    addresses = _map(p.local.get("addresses"))
    return _texts(addresses.get("ipv4")) + _texts(addresses.get("ipv6"))


def _usable_address(p: Probes) -> bool | None:
    """`local.usable_address`, or derived from the addresses when the flag is missing (None = unknown)."""
    flag = p.local.get("usable_address")
    if isinstance(flag, bool):
        return flag
    addresses = _map(p.local.get("addresses"))
    families = [addresses.get(family) for family in ("ipv4", "ipv6")]
    if not any(isinstance(f, list) for f in families):
        return None  # not read
    if any(not isinstance(a, str) for f in families if isinstance(f, list) for a in f):
        return None  # not read completely
    return any(_is_usable(a) for a in _addresses(p))


def _is_usable(address: str) -> bool:
    """Not loopback, not link-local (169.254/16, fe80::/10), not unspecified or multicast."""
    ip = _ip(address.split("/")[0])
    return ip is not None and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _default_routes(p: Probes) -> list[Mapping[str, Any]] | None:
    """The default routes present (ipv4/ipv6), or None when the route table was not read."""
    routes = p.local.get("default_route")
    if not isinstance(routes, Mapping):
        return None
    found = [routes.get("ipv4"), routes.get("ipv6")]
    if any(r is not None and not isinstance(r, Mapping) for r in found):
        return None  # unreadable is not "no route"
    return [r for r in found if isinstance(r, Mapping)]


def _any_route_off_link(p: Probes) -> bool:
    """`routes_to` found a route to some destination beyond this computer's own subnets."""
    routes = _map(p.local.get("routes_to"))
    return any(isinstance(v, Mapping) and not _on_link(p, str(k)) for k, v in routes.items())


def _beyond_answered(p: Probes) -> bool:
    """Something outside this computer answered: it evidently has a working adapter, address and route."""
    return bool(p.answered(*BEYOND_GROUPS))


def _gateway_ip(p: Probes) -> str:
    gateway = _text(p.targets.get("gateway"))
    if gateway:
        return gateway
    hosts = [r.host for r in p.measured("gateway", "gateway-icmp") if r.host]
    return hosts[0] if hosts else "(unknown)"


def _gateway_alive(p: Probes) -> bool:
    return bool(p.answered("gateway", "gateway-icmp"))


def _internet_answered(p: Probes) -> bool:
    """An internet target answered: anchors, a public resolver, the provider or the portal check."""
    return bool(p.answered("anchor", "public-resolver", "provider", "portal"))


def _internet_elsewhere(p: Probes) -> bool:
    """Something on the internet other than the anchors answered (including an off-link service host)."""
    if p.answered("public-resolver", "provider", "portal"):
        return True
    return any(not _on_link(p, r.host) for r in p.answered(*SERVICE_GROUPS))


def _on_link(p: Probes, host: str) -> bool:
    """Is `host` on one of this computer's own subnets (or itself)? Unknown hosts count as off-link."""
    ip = _ip(host)
    if ip is None:
        return False
    if ip.is_loopback:
        return True
    for address in _addresses(p):
        try:
            if ip in ipaddress.ip_interface(address).network:
                return True
        except ValueError:
            continue
    return False


@dataclass(frozen=True)
class Quality:
    answered: int
    sent: int
    median_ms: float | None

    @property
    def loss(self) -> float:
        return 1 - self.answered / self.sent if self.sent else 0.0


def _quality(results: Iterable[Result]) -> Quality | None:
    """Loss and median time over the targets that answered at least once.

    A port that never answers is filtered, not lossy (e.g. a router that drops port 443 but answers 53 and 80):
    counting it would report a third of all attempts as "lost" on a perfect network.
    """
    live = [r for r in results if r.answered]
    if not live:
        return None
    answered = sum(r.attempts[0] for r in live)
    sent = sum(r.attempts[1] for r in live)
    times = [ms for r in live for ms in r.answer_ms]
    return Quality(answered, sent, statistics.median(times) if times else None)


def _hosts(results: Iterable[Result]) -> list[str]:
    return list(dict.fromkeys(r.host for r in results))


def _ports(results: Iterable[Result]) -> list[str]:
    return list(dict.fromkeys(str(r.port) for r in results if r.port is not None))


def _on_ports(ports: Sequence[str], last: str = "and") -> str:
    """'port 80' / 'ports 53, 80 or 443'."""
    return f"{'port' if len(ports) == 1 else 'ports'} {_join(ports, last)}"


def _attempts(results: Iterable[Result]) -> tuple[int, int]:
    pairs = [r.attempts for r in results]
    return sum(a for a, _ in pairs), sum(s for _, s in pairs)


def _median_ms(results: Iterable[Result]) -> float | None:
    times = [ms for r in results for ms in r.answer_ms]
    return statistics.median(times) if times else None


def _known_lookups(p: Probes) -> list[Result]:
    service_name = _text(p.service.get("hostname"))
    return [
        r
        for r in p.measured("system-dns")
        if r.data.get("role") == "known" or (r.data.get("role") is None and r.data.get("name") != service_name)
    ]


def _service_lookups(p: Probes) -> list[Result]:
    return [r for r in p.measured("system-dns") if r.data.get("role") == "service"]


def _service_silent(p: Probes) -> bool:
    """The service host was probed (service and admin ports) and answered on none of them."""
    probed = p.measured(*SERVICE_GROUPS)
    return bool(probed) and not any(r.answered for r in probed)


def _service_unreachable(p: Probes) -> bool:
    """The service cannot be reached from here: its host is silent, or (no TCP probe) its web address failed."""
    if _service_silent(p):
        return True
    http = p.measured("service-http")
    return not p.measured(*SERVICE_GROUPS) and bool(http) and not any(r.ok for r in http)


def _vpn_names(p: Probes) -> list[str]:
    return _texts(p.local.get("vpn_interfaces"))


# ----------------------------------------------------------------------------------------------------------------
# Small wording helpers
# ----------------------------------------------------------------------------------------------------------------


def _say(key: str, **fields: Any) -> str:
    return TEXT[key].format(**fields)


def _join(items: Sequence[str], last: str = "and") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _fmt_ms(ms: float | None) -> str:
    return "?" if ms is None else f"{ms:.0f}"


def _status(result: Result) -> str:
    """'503 Service Unavailable' (or just '503')."""
    return " ".join(t for t in (_text(result.data.get("status")), _text(result.data.get("reason"))) if t)


def _outcomes(results: Iterable[Result], words: Mapping[str, str] = OUTCOME_WORDS) -> str:
    said = list(dict.fromkeys(words.get(r.outcome, r.outcome) for r in results))
    return _join(said, "or")


def _anchors_ok_sentence(p: Probes) -> str | None:
    anchors = p.measured("anchor")
    if not anchors:
        return None
    hosts = _hosts(anchors)
    alive = _hosts(r for r in anchors if r.answered)
    return _say("anchors_ok", answered=len(alive), count=len(hosts), ms=_fmt_ms(_median_ms(anchors)))


def _gateway_ok_sentence(p: Probes) -> str | None:
    gateway = p.measured("gateway", "gateway-icmp")
    quality = _quality(gateway)
    if quality is None:
        return None
    return _say(
        "gw_ok", gateway=_gateway_ip(p), answered=quality.answered, sent=quality.sent, ms=_fmt_ms(quality.median_ms)
    )


# ----------------------------------------------------------------------------------------------------------------
# The rules
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    culprit: str
    finding: str
    confidence: str
    evidence: tuple[str, ...]  # what was measured
    steps: str = ""  # key into STEPS; "" = the finding
    told: tuple[str, ...] = ()  # what the user's answers added
    told_first: bool = False  # the answers changed the culprit: say them first
    used: frozenset[str] = frozenset()  # answers an adjustment already used
    notes: tuple[str, ...] = ()  # warnings added by adjustments


def _match(culprit: str, finding: str, confidence: str, *evidence: str | None) -> Match:
    return Match(culprit, finding, confidence, tuple(e for e in evidence if e))


def _interface_down(p: Probes) -> Match | None:
    """1. No non-loopback interface is up → device / interface-down (high).

    Why: with every adapter off (airplane mode, disabled adapter, Wi-Fi switch) nothing can leave the computer and
    everything else fails as a consequence; the fix is on this computer. Guarded: only when the interface list was
    read (the collector leaves loopback out, so an empty list counts only together with no addresses at all), every
    other adapter is known to be down (an unknown state is not "down"), and nothing beyond this computer answered —
    an answer proves an adapter works, whatever the (possibly incomplete) OS tables say.
    """
    interfaces = _interfaces(p)
    if not interfaces and not (_interfaces_read(p) and _usable_address(p) is False and not _addresses(p)):
        return None
    if any(i.up is not False for i in interfaces if not i.loopback) or _beyond_answered(p):
        return None
    down = [i.name for i in interfaces if not i.loopback]
    first = _say("iface_down" if len(down) == 1 else "ifaces_down", names=_join(down)) if down else _say("no_ifaces")
    return _match("device", "interface-down", "high", first, _say("nothing_left"))


def _no_link(p: Probes) -> Match | None:
    """2. Adapters are up but none has a carrier → local-network / no-link (high).

    Why: "no carrier" means no cable signal or no Wi-Fi association: the cable, the switch/router port or the
    Wi-Fi is the problem, not this computer's software. VPN interfaces have no carrier of their own and are ignored;
    an unknown carrier (None) never counts as "no carrier". Guarded like rule 1.
    """
    physical = [i for i in _up_interfaces(p) if i.kind != "vpn"]
    if not physical or any(i.carrier is not False for i in physical) or _beyond_answered(p):
        return None
    return _match(
        "local-network",
        "no-link",
        "high",
        _say("no_link_1" if len(physical) == 1 else "no_link", names=_join([i.name for i in physical])),
        _say("nothing_left"),
    )


def _no_address(p: Probes) -> Match | None:
    """3. No usable address (none, or only 169.254.x / fe80::) → local-network / no-address (medium).

    Why: a missing or self-assigned address almost always means the DHCP server (usually the router) did not
    answer. Medium: a static misconfiguration on this computer looks the same. Guarded like rule 1.
    """
    if _usable_address(p) is not False or _beyond_answered(p):
        return None
    addresses = _addresses(p)
    if addresses and (p.local.get("link_local_only") is True or not any(_is_usable(a) for a in addresses)):
        first = _say("self_assigned", addresses=_join(addresses))
    else:
        first = _say("no_address")
    return _match("local-network", "no-address", "medium", first, _say("no_address_2"))


def _no_route(p: Probes) -> Match | None:
    """4. A usable address but no default route (IPv4 and IPv6 both null) → device / no-route (high).

    Why: without a default route the computer does not know where to send internet traffic, although the network
    may be fine; it is this computer's configuration (DHCP answer, a VPN that removed the route). Only when the route
    table was read (`default_route` present), no route to any off-link probed target exists (`routes_to`), and
    nothing past the router answered — policy routing can route without a classic default route. (The router and
    other on-link hosts may answer: they need no route.)
    """
    routes = _default_routes(p)
    if _usable_address(p) is not True or routes is None or routes or _any_route_off_link(p):
        return None
    if _internet_answered(p) or _internet_elsewhere(p):  # the router itself is on-link: it may well answer
        return None
    usable = [a for a in _addresses(p) if _is_usable(a)] or ["(unknown)"]
    return _match("device", "no-route", "high", _say("no_route", addresses=_join(usable)), _say("no_route_2"))


def _gateway_down(p: Probes) -> Match | None:
    """5. The router answers nothing (gateway TCP 53/80/443: no sample ok or refused; no ping reply)
    → local-network / gateway-down (high).

    Why: a router answers on at least one of these ports (DNS relay, web admin), and a refused connection proves it
    alive, so silence everywhere means it is off, hung or unreachable over the cable/Wi-Fi. Skipped when no gateway
    was probed (point-to-point/VPN links have no router to ask). Guarded: if any internet target answered, the router
    evidently forwards traffic — it merely filters connections to itself.
    """
    tcp = p.measured("gateway")
    if not tcp or _gateway_alive(p) or _internet_answered(p):
        return None
    answered, sent = _attempts(tcp)
    icmp = p.measured("gateway-icmp")
    no_ping = any(r.outcome in ("timeout", "unreachable") for r in icmp)
    anchors = p.measured("anchor")
    return _match(
        "local-network",
        "gateway-down",
        "high",
        _say("gw_silent", gateway=_gateway_ip(p), ports=_on_ports(_ports(tcp), "or"), answered=answered, sent=sent),
        _say("gw_no_ping") if no_ping else None,
        _say("anchors_silent_too") if anchors else None,
    )


def _lan_degraded(p: Probes) -> Match | None:
    """6. Router loss ≥ 10 % or median round trip ≥ 200 ms → local-network / lan-degraded (medium).

    Why: the router is one hop away; anything but ~0 % loss and a few ms points at Wi-Fi or the router itself.
    Loss counts only ports that answered at least once (see `_quality`). Medium: a busy router may deprioritise
    connections to itself.
    """
    quality = _quality(p.measured("gateway", "gateway-icmp"))
    if quality is None:
        return None
    slow = quality.median_ms is not None and quality.median_ms >= GATEWAY_RTT_MAX_MS
    if quality.loss < GATEWAY_LOSS_MAX and not slow:
        return None
    return _match(
        "local-network",
        "lan-degraded",
        "medium",
        _say(
            "gw_quality",
            gateway=_gateway_ip(p),
            answered=quality.answered,
            sent=quality.sent,
            loss=f"{quality.loss:.0%}",
            ms=_fmt_ms(quality.median_ms),
        ),
        _say("gw_quality_2"),
    )


def _portal_what(result: Result) -> str | None:
    """How a portal check answer differs from the expected empty 204, or None when it does not."""
    status = _int(result.data.get("status"))
    size = _int(result.data.get("body_bytes")) or 0
    location = _text(result.data.get("location"))
    if status is None or status == 204:
        return None
    if 300 <= status < 400:
        return (
            _say("portal_redirect", location=location) if location else _say("portal_redirect_nowhere", status=status)
        )
    if status == 511:
        return _say("portal_511")
    return _say("portal_body", status=status, size=size) if size > 0 else None


def _captive_portal(p: Probes) -> Match | None:
    """7. The portal check gets a redirect, a 511 or a page instead of an empty 204 → local-network /
    captive-portal (high).

    Why: a URL that must answer "204, no content" answered something else: a hotel/café/guest network is
    intercepting web traffic until someone logs in. High: nothing else rewrites that answer.
    """
    for result in p.ok("portal"):
        what = _portal_what(result)
        if what:
            url = _text(p.targets.get("portal_url")) or result.target
            return _match(
                "local-network", "captive-portal", "high", _say("portal", url=url, what=what), _say("portal_2")
            )
    return None


def _isp_down(p: Probes) -> Match | None:
    """8. The router is fine, the portal is not intercepting, and no internet anchor answers (no sample ok or
    refused) → isp / isp-down (high with ≥ 2 distinct anchor addresses, medium with one).

    Why: the anchors are IP literals of several independent operators (no DNS involved), so when all of them are
    silent while the router answers, the break is past the router: the ISP line. Medium also when the router could
    not be checked (point-to-point link) or a VPN is up (the tunnel may be what is broken). Guarded: if another
    internet target answered (public resolver, provider anchor, portal, an off-link service host), the anchors are
    merely blocked.
    """
    anchors = p.measured("anchor")
    if not anchors or any(r.answered for r in anchors) or _internet_elsewhere(p):
        return None
    hosts = _hosts(anchors)
    sure = len(hosts) >= 2 and _gateway_alive(p) and not _vpn_names(p)
    answered, sent = _attempts(anchors)
    key = "anchors_none" if len(hosts) >= 2 else "anchors_one"
    public = p.measured("public-resolver")
    return _match(
        "isp",
        "isp-down",
        "high" if sure else "medium",
        _say(key, count=len(hosts), hosts=_join(hosts), answered=answered, sent=sent),
        _gateway_ok_sentence(p) or _say("p2p"),
        _say("public_dns_silent", servers=_join(_hosts(public), "or")) if public else None,
    )


def _resolver_down(p: Probes) -> Match | None:
    """9. Anchors answer, the system resolvers fail (timeout/servfail/refused/error) and/or system lookups of known
    names fail, and a public resolver answers → dns / resolver-down (high); no public resolver answers → medium.

    Why: the internet works by IP, and DNS works on the internet, so the DNS server this computer uses (the ISP's,
    or the router relaying to it) is broken — SERVFAIL and silence are the same fault to the user. A system lookup
    of a known name that succeeds overrides a silent resolver entry (another resolver in the list answered: only a
    warning). If public resolvers are silent too, DNS traffic may be blocked upstream: still DNS, medium.
    """
    if not p.answered("anchor"):
        return None
    resolvers, known = p.measured("resolver"), _known_lookups(p)
    resolvers_failed = bool(resolvers) and not any(r.ok for r in resolvers)
    known_failed = bool(known) and not any(r.ok for r in known)
    if not (known_failed or (resolvers_failed and not any(r.ok for r in known))):
        return None
    public, public_ok = p.measured("public-resolver"), p.ok("public-resolver")
    if public_ok:
        fastest = min(public_ok, key=lambda r: r.ms if r.ms is not None else float("inf"))
        contrast = _say("public_dns_ok", server=fastest.host, ms=_fmt_ms(fastest.ms))
    elif public:
        contrast = _say("public_dns_blocked", servers=_join(_hosts(public)))
    else:
        contrast = _say("public_dns_none")
    return _match(
        "dns",
        "resolver-down",
        "high" if public_ok else "medium",
        _say("resolvers_failed", servers=_join(_hosts(resolvers)), what=_outcomes(resolvers, RESOLVER_WORDS))
        if resolvers_failed
        else None,
        _say(
            "known_failed",
            names=_join([_text(r.data.get("name")) or r.target for r in known]),
            what=_outcomes(known, LOOKUP_WORDS),
        )
        if known_failed
        else None,
        contrast,
        _anchors_ok_sentence(p),
    )


def _firewall(p: Probes) -> Match | None:
    """10. Anchors answer on some port, but every anchor on port 443 fails (at least one tested) → local-network /
    firewall (medium).

    Why: the same operators answer on other ports, so the internet works but HTTPS is filtered — usually a firewall,
    a router filter or security software. Guarded: any other target that answered on 443 (service, provider)
    proves 443 is not blocked wholesale. Medium: the filter may also sit at the ISP.
    """
    anchors = p.measured("anchor")
    on_443 = [r for r in anchors if r.port == 443]
    if not on_443 or any(r.answered for r in on_443) or not any(r.answered for r in anchors):
        return None
    if any(r.port == 443 for r in p.answered(*SERVICE_GROUPS, "provider")):
        return None
    open_ports = _ports(r for r in anchors if r.answered)
    return _match(
        "local-network",
        "firewall",
        "medium",
        _say("firewall", ports=_on_ports(open_ports), count=len(on_443), targets=_join([r.target for r in on_443])),
        _say("firewall_2"),
    )


def _service_dns(p: Probes) -> Match | None:
    """11. The service hostname's system lookup (role "service") fails while known names resolve → service /
    service-dns (medium).

    Why: DNS works for other names, so the service's own DNS record is missing or broken (expired domain, deleted
    record, broken nameservers of the service). Medium: a resolver that blocks one name looks the same (the hotspot
    answer can tell; see A3).
    """
    lookups, known_ok = _service_lookups(p), [r for r in _known_lookups(p) if r.ok]
    if not lookups or any(r.ok for r in lookups) or not known_ok:
        return None
    hostname = _text(lookups[0].data.get("name")) or lookups[0].target
    host = _text(p.service.get("host"))
    nx = any(r.outcome == "nxdomain" for r in lookups)
    by_ip = host is not None and bool(p.answered(*SERVICE_GROUPS))
    return _match(
        "service",
        "service-dns",
        "medium",
        _say(
            "service_dns",
            hostname=hostname,
            what=_outcomes(lookups, LOOKUP_WORDS),
            known=_join([_text(r.data.get("name")) or r.target for r in known_ok]),
        ),
        _say("service_dns_nx") if nx else None,
        _say("service_by_ip", host=host) if by_ip else None,
        _anchors_ok_sentence(p),
    )


def _host_silent_sentence(p: Probes) -> str:
    probed = p.measured(*SERVICE_GROUPS)
    answered, sent = _attempts(probed)
    host = _text(p.service.get("host")) or _join(_hosts(probed))
    return _say("host_silent", host=host, ports=_on_ports(_ports(probed), "or"), answered=answered, sent=sent)


def _provider_down(p: Probes) -> Match | None:
    """12. The service host is silent on every port and every provider anchor is silent, while the internet
    answers → cloud-provider / provider-down (medium).

    Why: other machines of the same provider are unreachable too, so the provider's network (or a region) is down.
    Medium, and said so: from one vantage point this cannot be told apart from a broken route between the ISP and the
    provider — the hotspot test can (A2 turns it into isp-route, A4 confirms it).
    """
    provider = p.measured("provider")
    if not _service_silent(p) or not provider or any(r.answered for r in provider) or not _internet_answered(p):
        return None
    return _match(
        "cloud-provider",
        "provider-down",
        "medium",
        _host_silent_sentence(p),
        _say("provider_silent", targets=_join([r.target for r in provider])),
        _anchors_ok_sentence(p),
        _say("one_vantage"),
    )


def _host_down(p: Probes) -> Match | None:
    """13. Provider anchors answer (or none configured), the service host is silent on every port → cloud-provider
    / host-down (medium).

    Why: the provider's network is reachable, but this one server answers nothing, not even a refusal on its admin
    port: the VM is likely stopped or crashed (or a provider firewall drops everything). Medium: only the control
    panel can confirm.
    """
    provider_ok = p.answered("provider")
    if not _service_silent(p) or not (_internet_answered(p) or provider_ok):
        return None
    return _match(
        "cloud-provider",
        "host-down",
        "medium",
        _host_silent_sentence(p),
        _say("provider_ok", targets=_join([r.target for r in provider_ok])) if provider_ok else None,
        _anchors_ok_sentence(p),
        _say("host_down_2"),
    )


def _app_down(p: Probes) -> Match | None:
    """14. The host is alive (admin port ok or refused, or another service port answers) but a service port is
    refused or times out → service / app-down (high; medium when the failing ports only timed out).

    Why: the machine is up, so the service program on it is not running (a refusal means nothing listens on that
    port). A timeout on a live host is as often a firewall/security-group rule dropping the port as a hung program,
    so that alone gives medium.
    """
    service = p.measured("service-tcp")
    failing = [r for r in service if not r.ok]
    if not failing or not p.answered(*SERVICE_GROUPS):  # the host answered nothing: rules 12/13
        return None
    refused = [r for r in failing if r.outcome == "refused"]
    silent = [r for r in failing if r.outcome != "refused"]
    alive_ports = _ports(r for r in p.answered(*SERVICE_GROUPS) if r not in failing)
    host = _text(p.service.get("host")) or _join(_hosts(service))
    return _match(
        "service",
        "app-down",
        "high" if refused else "medium",
        _say("app_refused", host=host, ports=_on_ports(_ports(refused))) if refused else None,
        _say("app_timeout", host=host, ports=_on_ports(_ports(silent))) if silent else None,
        _say("app_alive", ports=_on_ports(alive_ports)) if alive_ports else None,
        _say("app_down_2"),
        _anchors_ok_sentence(p),
    )


def _tcp_fine(p: Probes) -> bool:
    return all(r.ok for r in p.measured("service-tcp"))


def _tcp_sentence(p: Probes) -> str | None:
    service = p.ok("service-tcp")
    if not service:
        return None
    host = _text(p.service.get("host")) or _join(_hosts(service))
    return _say("tcp_ok", host=host, ports=_on_ports(_ports(service)))


def _app_error(p: Probes) -> Match | None:
    """15. TCP to the service is fine, but its web address answers HTTP ≥ 500 or no answer in time (or the request
    fails otherwise) → service / app-error (high for 5xx and timeouts after a good connect; medium otherwise).

    Why: the server accepts connections, so the network and the machine are fine; the application behind it
    errors or hangs. 4xx is not a fault by itself (a warning). A failed request with a failed certificate is left to
    the TLS rule (15b).
    """
    http = p.measured("service-http")
    if not http or not _tcp_fine(p):
        return None
    tcp_measured = bool(p.measured("service-tcp"))
    url = _text(p.service.get("url")) or http[0].target
    host = _text(p.service.get("host")) or url
    for r in http:
        status = _int(r.data.get("status"))
        if r.ok and status is not None and status >= 500:
            return _match(
                "service",
                "app-error",
                "high",
                _say("http_5xx", host=host, url=url, status=_status(r)),
                _tcp_sentence(p),
                _anchors_ok_sentence(p),
            )
    if any(r.outcome == "timeout" for r in http):
        return _match(
            "service",
            "app-error",
            "high" if tcp_measured else "medium",
            _say("http_timeout", url=url),
            _tcp_sentence(p),
            _anchors_ok_sentence(p),
        )
    failed = [r for r in http if not r.ok]
    if failed and not _tls_bad(p):
        detail = failed[0].detail or OUTCOME_WORDS.get(failed[0].outcome, failed[0].outcome)
        return _match(
            "service",
            "app-error",
            "medium",
            _say("http_error", url=url, detail=detail),
            _tcp_sentence(p),
            _anchors_ok_sentence(p),
        )
    return None


def _tls_bad(p: Probes) -> list[Result]:
    return [r for r in p.measured("service-tls") if r.data.get("valid") is False]


def _tls_invalid(p: Probes) -> Match | None:
    """15b. TCP to the service is fine, but its certificate is invalid or expired → service / tls-invalid (high if
    expired, medium otherwise).

    Why: browsers refuse the connection; the fix is on the server (renew/replace the certificate). Expired is
    unambiguous (high); "invalid" can also come from something on this network intercepting HTTPS (medium; the
    hotspot answer can tell, see A3).
    """
    bad = _tls_bad(p)
    if not bad or not _tcp_fine(p):
        return None
    data = bad[0].data
    error = _text(data.get("error")) or "verification failed"
    days = _int(data.get("days_left"))
    expired = (days is not None and days < 0) or "expired" in error.lower()
    name = _text(p.service.get("hostname")) or bad[0].target
    first = (
        _say("tls_expired", name=name, not_after=_text(data.get("not_after")) or error)
        if expired
        else _say("tls_invalid", name=name, error=error)
    )
    return _match(
        "service", "tls-invalid", "high" if expired else "medium", first, _tcp_sentence(p), _anchors_ok_sentence(p)
    )


def _isp_degraded(p: Probes) -> Match | None:
    """16. Internet loss ≥ 20 % or median connect > 300 ms, with a clean LAN → isp / isp-degraded (medium).

    Why: the router answers promptly (rule 6 did not match), so delay and loss arise past it, on the ISP line.
    Loss counts only anchors that answered at least once (an anchor that never answers is down, not lossy).
    Still medium when the LAN could not be measured (point-to-point link), said so in the evidence.
    """
    quality = _quality(p.measured("anchor"))
    if quality is None:
        return None
    slow = quality.median_ms is not None and quality.median_ms > ANCHOR_CONNECT_MAX_MS
    if quality.loss < ANCHOR_LOSS_MAX and not slow:
        return None
    lan = _quality(p.measured("gateway", "gateway-icmp"))
    return _match(
        "isp",
        "isp-degraded",
        "medium",
        _say(
            "isp_slow",
            answered=quality.answered,
            sent=quality.sent,
            loss=f"{quality.loss:.0%}",
            ms=_fmt_ms(quality.median_ms),
        ),
        _say("lan_clean", ms=_fmt_ms(lan.median_ms)) if lan else _say("lan_unknown"),
    )


def _dns_slow(p: Probes) -> Match | None:
    """17. System lookups take a median > 500 ms while a public resolver answers < 150 ms → dns / dns-slow
    (medium).

    Why: the internet is fast (a direct query to a public resolver is quick), so the DNS server this computer uses
    is slow; every new connection waits for it. Medium: a cold cache can make one run slow.
    """
    lookups = [r.ms for r in p.ok("system-dns") if r.ms is not None]
    fast = [r for r in p.ok("public-resolver") if r.ms is not None and r.ms < DNS_FAST_MS]
    if not lookups or not fast or statistics.median(lookups) <= DNS_SLOW_MS:
        return None
    fastest = min(fast, key=lambda r: r.ms or 0.0)
    return _match(
        "dns",
        "dns-slow",
        "medium",
        _say("dns_slow", ms=_fmt_ms(statistics.median(lookups))),
        _say("dns_slow_2", server=fastest.host, public_ms=_fmt_ms(fastest.ms)),
    )


def _healthy(p: Probes) -> Match | None:
    """18. Nothing above matched and the internet or the service answered → none / healthy (high; medium with a
    caveat warning).

    Why: every layer that was measured works. Requires positive evidence (an internet target or the service
    answered): "no rule matched" on an empty or all-skipped run is not health.
    """
    if not (_internet_answered(p) or p.answered(*SERVICE_GROUPS, "service-http")):
        return None
    http = [r for r in p.ok("service-http") if _int(r.data.get("status")) is not None]
    url = _text(p.service.get("url")) or (http[0].target if http else "")
    return _match(
        "none",
        "healthy",
        "high",
        _anchors_ok_sentence(p),
        _gateway_ok_sentence(p),
        _tcp_sentence(p),
        _say("http_ok", url=url, status=_int(http[0].data.get("status"))) if http else None,
        _say("healthy"),
    )


def _inconclusive(p: Probes) -> Match:
    """19. Fallback: nothing measured enough to judge → unknown / not-measured (low)."""
    if not any(r.measured for r in p.results):
        return _match("unknown", "not-measured", "low", _say("all_skipped"), _say("inconclusive_2"))
    return replace(
        _match("unknown", "not-measured", "low", _say("inconclusive"), _say("inconclusive_2")), steps="inconclusive"
    )


Rule = Callable[[Probes], Match | None]

# The ordered rule table (DESIGN §5): first match wins, lower layers first.
RULES: tuple[tuple[str, Rule], ...] = (
    ("1", _interface_down),  # no non-loopback interface up → device / interface-down
    ("2", _no_link),  # up but no carrier → local-network / no-link
    ("3", _no_address),  # no usable address → local-network / no-address
    ("4", _no_route),  # address but no default route → device / no-route
    ("5", _gateway_down),  # router answers nothing → local-network / gateway-down
    ("6", _lan_degraded),  # router loss/latency → local-network / lan-degraded
    ("7", _captive_portal),  # portal intercepts → local-network / captive-portal
    ("8", _isp_down),  # router fine, no anchor answers → isp / isp-down
    ("9", _resolver_down),  # system DNS fails, internet fine → dns / resolver-down
    ("10", _firewall),  # everything on 443 fails → local-network / firewall
    ("11", _service_dns),  # the service name fails → service / service-dns
    ("12", _provider_down),  # host + provider silent → cloud-provider / provider-down
    ("13", _host_down),  # host silent, provider fine → cloud-provider / host-down
    ("14", _app_down),  # host alive, service port fails → service / app-down
    ("15", _app_error),  # HTTP 5xx / timeout → service / app-error
    ("15b", _tls_invalid),  # certificate invalid/expired → service / tls-invalid
    ("16", _isp_degraded),  # internet loss/latency → isp / isp-degraded
    ("17", _dns_slow),  # slow system DNS → dns / dns-slow
    ("18", _healthy),  # nothing wrong → none / healthy
    ("19", _inconclusive),  # nothing to judge → unknown / not-measured
)


def _first_match(p: Probes) -> Match:
    for _number, rule in RULES:
        found = rule(p)
        if found is not None:
            return found
    return _inconclusive(p)  # not reached: the last rule always matches


# ----------------------------------------------------------------------------------------------------------------
# Adjustments: the user's answers, applied in order after the measured match
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    other_connection: str | None = None  # "works" | "fails" | None
    other_devices: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Answers:
        answers = _map(raw)
        return cls(_answer(answers.get("other_connection")), _answer(answers.get("other_devices")))


def _answer(value: Any) -> str | None:
    if isinstance(value, bool):
        return "works" if value else "fails"
    if isinstance(value, str):
        return ANSWER_WORDS.get(value.strip().lower())
    return None


def _tell(match: Match, key: str, answer: str, *, first: bool = False, **changes: Any) -> Match:
    return replace(
        match,
        told=(*match.told, ANSWER_TEXT[key]),
        used=match.used | {answer},
        told_first=match.told_first or first,
        **changes,
    )


def _settled(match: Match) -> Match:
    """The match without the "one vantage point cannot tell" caveat: the hotspot answer tells."""
    return replace(match, evidence=tuple(e for e in match.evidence if e != TEXT["one_vantage"]))


def _devices_work_means_device(m: Match, p: Probes, a: Answers) -> Match | None:
    """A1. Other devices on the same network work, but the verdict blames the local network, the ISP or DNS →
    device (medium), same finding.

    Why: the router, the line and the ISP's DNS serve the other devices fine, so what differs is this computer
    (its Wi-Fi/cable, firewall, VPN, fixed DNS setting). Not for captive-portal: every device must log in on its own.
    """
    if a.other_devices != "works" or m.culprit not in ("local-network", "isp", "dns") or m.finding == "captive-portal":
        return None
    return _tell(
        m,
        "devices_work_flip",
        "other_devices",
        first=True,
        culprit="device",
        confidence="medium",
        steps="other-devices-work",
    )


def _hotspot_works_means_isp_route(m: Match, p: Probes, a: Answers) -> Match | None:
    """A2. The service works over another connection, the service is unreachable from here, and the verdict blames
    the provider, the service or nothing known → isp / isp-route (medium).

    Why: the server is up (it answers the other connection), so what fails is the path from this connection to it:
    the ISP's routing (seed 001: reached over an alternative connection → contact the ISP).
    """
    if a.other_connection != "works" or m.culprit not in ("cloud-provider", "service", "unknown"):
        return None
    if not _service_unreachable(p):
        return None
    return _tell(
        _settled(m),
        "hotspot_works_flip",
        "other_connection",
        first=True,
        culprit="isp",
        finding="isp-route",
        confidence="medium",
        steps="isp-route",
    )


HOTSPOT_WORKS_NOTE = {"service-dns": "hotspot_works_dns", "tls-invalid": "hotspot_works_tls"}


def _hotspot_works_service_reachable(m: Match, p: Probes, a: Answers) -> Match | None:
    """A3. The service works over another connection, but from here the server answers and the verdict blames the
    service → same verdict, medium, plus what the difference suggests.

    Why: the server evidently works for others, so this network is treated differently: its DNS (service-dns →
    culprit dns: this connection's resolver holds an outdated or blocked answer), HTTPS interception (tls-invalid),
    or an IP ban / allow-list on the server (app-down, app-error: still the service operator's to fix).
    """
    if a.other_connection != "works" or m.culprit != "service" or "other_connection" in m.used:
        return None
    key = HOTSPOT_WORKS_NOTE.get(m.finding, "hotspot_works_service")
    culprit = "dns" if m.finding == "service-dns" else m.culprit
    steps = "service-dns-here" if culprit == "dns" else m.steps
    return _tell(
        m, key, "other_connection", first=culprit != m.culprit, culprit=culprit, confidence="medium", steps=steps
    )


def _hotspot_fails_confirms_service_side(m: Match, p: Probes, a: Answers) -> Match | None:
    """A4. The service fails over another connection too, and the verdict blames the provider or the service →
    evidence; provider-down / host-down become high.

    Why: a second, independent path fails the same way, which rules out "the route from this ISP is broken" — the
    one thing a single vantage point could not exclude.
    """
    if a.other_connection != "fails" or m.culprit not in ("cloud-provider", "service"):
        return None
    high = m.finding in ("provider-down", "host-down")
    return _tell(_settled(m), "hotspot_fails", "other_connection", confidence="high" if high else m.confidence)


def _hotspot_works_confirms_here(m: Match, p: Probes, a: Answers) -> Match | None:
    """A5. The service works over another connection and the verdict already blames this side (device, local
    network, ISP, DNS) → evidence only.

    Why: it agrees with the measurement; the confidence stays, since the other connection bypasses every one of
    those layers and so cannot tell them apart.
    """
    if a.other_connection != "works" or m.culprit not in ("device", "local-network", "isp", "dns"):
        return None
    if "other_connection" in m.used:  # A2/A3 already said it
        return None
    return _tell(m, "hotspot_works_here", "other_connection")


CORROBORATED = frozenset({"gateway-down", "lan-degraded", "no-address", "isp-down", "isp-degraded", "resolver-down"})


def _devices_fail_confirms_network(m: Match, p: Probes, a: Answers) -> Match | None:
    """A6. Other devices have no internet either and the verdict blames the local network, the ISP or DNS →
    evidence; a medium verdict on a network-wide finding becomes high. With a device verdict: "check the router too".

    Why: a fault that hits every device on the network is in the network, not in this computer.
    """
    if a.other_devices != "fails" or m.culprit not in ("local-network", "isp", "dns", "device"):
        return None
    if m.culprit == "device":
        return _tell(m, "devices_fail_device", "other_devices")
    raise_it = m.finding in CORROBORATED and m.confidence == "medium"
    return _tell(m, "devices_fail", "other_devices", confidence="high" if raise_it else m.confidence)


def _devices_fail_contradicts(m: Match, p: Probes, a: Answers) -> Match | None:
    """A7. Other devices have no internet, yet this computer reached the internet (verdict provider, service or
    healthy) → a warning: the problem may come and go. The measured verdict stands."""
    if a.other_devices != "fails" or m.culprit not in ("cloud-provider", "service", "none"):
        return None
    return replace(m, notes=(*m.notes, WARN["devices_fail_contradiction"]), used=m.used | {"other_devices"})


Adjustment = Callable[[Match, Probes, Answers], Match | None]

ADJUSTMENTS: tuple[tuple[str, Adjustment], ...] = (
    ("A1", _devices_work_means_device),  # other devices work + local/isp/dns → device (medium)
    ("A2", _hotspot_works_means_isp_route),  # works elsewhere + unreachable here → isp / isp-route (medium)
    ("A3", _hotspot_works_service_reachable),  # works elsewhere + server answers here → medium (+ dns for names)
    ("A4", _hotspot_fails_confirms_service_side),  # fails elsewhere too → provider/host-down high
    ("A5", _hotspot_works_confirms_here),  # works elsewhere + this side blamed → evidence
    ("A6", _devices_fail_confirms_network),  # others fail too → network findings medium → high
    ("A7", _devices_fail_contradicts),  # others fail but we got through → warning
)


def _adjust(match: Match, p: Probes, answers: Answers) -> Match:
    for _name, adjustment in ADJUSTMENTS:
        changed = adjustment(match, p, answers)
        if changed is not None:
            match = changed
    for question in ("other_connection", "other_devices"):  # an unused answer is still evidence
        value = getattr(answers, question)
        if value is not None and question not in match.used:
            match = _tell(match, f"{question}:{value}", question)
    return match


# ----------------------------------------------------------------------------------------------------------------
# Warnings
# ----------------------------------------------------------------------------------------------------------------


def _warn_nxdomain(p: Probes) -> list[tuple[str, str]]:
    """Random non-existent names resolved: the resolver rewrites NXDOMAIN."""
    out = []
    for r in p.ok("nxdomain"):
        name = _text(r.data.get("name")) or r.target
        out.append(
            (
                "nxdomain_rewrite",
                WARN["nxdomain_rewrite"].format(
                    name=name, addresses=_join(_texts(r.data.get("addresses"))) or "an address"
                ),
            )
        )
    return out[:1]


def _warn_icmp(p: Probes) -> list[tuple[str, str]]:
    """Ping denied or filtered: informational only, never a fault."""
    icmp = p.measured("gateway-icmp")
    if any(r.outcome == "not-permitted" for r in icmp):
        return [("icmp_not_permitted", WARN["icmp_not_permitted"])]
    if icmp and not any(r.answered for r in icmp) and p.answered("gateway"):
        return [("icmp_filtered", WARN["icmp_filtered"])]
    return []


def _warn_ipv6(p: Probes) -> list[tuple[str, str]]:
    """IPv6 anchors silent while IPv4 anchors answer (only when both families were probed)."""
    anchors = p.measured("anchor")
    v6 = [r for r in anchors if (ip := _ip(r.host)) is not None and ip.version == 6]
    v4 = [r for r in anchors if (ip := _ip(r.host)) is not None and ip.version == 4]
    if v6 and v4 and not any(r.answered for r in v6) and any(r.answered for r in v4):
        return [("ipv6_broken", WARN["ipv6_broken"].format(targets=_join([r.target for r in v6])))]
    return []


def _warn_path(p: Probes) -> list[tuple[str, str]]:
    """A proxy or VPN in the path."""
    out = []
    proxies = _map(p.local.get("proxies"))
    shown = [f"{k}={v}" for k, v in proxies.items() if _text(v)]
    if shown:
        out.append(("proxy", WARN["proxy"].format(proxies=", ".join(shown))))
    vpns = _vpn_names(p)
    if vpns:
        out.append(("vpn", WARN["vpn"].format(names=_join(vpns))))
    return out


def _warn_name_mismatch(p: Probes) -> list[tuple[str, str]]:
    """The service name resolves, but not to the configured server address."""
    host = _text(p.service.get("host"))
    for r in _service_lookups(p):
        addresses = _texts(r.data.get("addresses"))
        if r.ok and host and addresses and host not in addresses:
            hostname = _text(r.data.get("name")) or r.target
            return [
                (
                    "name_mismatch",
                    WARN["name_mismatch"].format(hostname=hostname, addresses=_join(addresses), host=host),
                )
            ]
    return []


def _warn_http_4xx(p: Probes) -> list[tuple[str, str]]:
    for r in p.ok("service-http"):
        status = _int(r.data.get("status"))
        if status is not None and 400 <= status < 500:
            return [("http_4xx", WARN["http_4xx"].format(status=_status(r)))]
    return []


def _warn_cert(p: Probes) -> list[tuple[str, str]]:
    for r in p.measured("service-tls"):
        days = _int(r.data.get("days_left"))
        if r.data.get("valid") is True and days is not None and 0 <= days <= CERT_WARN_DAYS:
            name = _text(p.service.get("hostname")) or r.target
            return [
                (
                    "cert_expiring",
                    WARN["cert_expiring"].format(
                        name=name, days=days, not_after=_text(r.data.get("not_after")) or "soon"
                    ),
                )
            ]
    return []


def _warn_resolver_partial(p: Probes) -> list[tuple[str, str]]:
    resolvers = p.measured("resolver")
    bad, good = [r for r in resolvers if not r.ok], [r for r in resolvers if r.ok]
    if bad and good:
        return [("resolver_partial", WARN["resolver_partial"].format(bad=_join(_hosts(bad)), good=_join(_hosts(good))))]
    return []


WARNINGS: tuple[Callable[[Probes], list[tuple[str, str]]], ...] = (
    _warn_nxdomain,
    _warn_icmp,
    _warn_ipv6,
    _warn_path,
    _warn_name_mismatch,
    _warn_http_4xx,
    _warn_cert,
    _warn_resolver_partial,
)


def _warnings(p: Probes) -> list[tuple[str, str]]:
    return [w for check in WARNINGS for w in check(p)]


# ----------------------------------------------------------------------------------------------------------------
# Contact and next steps
# ----------------------------------------------------------------------------------------------------------------


def _settings_section(settings: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return _map(settings.get(name))


def _context(p: Probes, settings: Mapping[str, Any]) -> dict[str, str]:
    """The values step templates may use; missing ones are left out (their steps fall back or drop)."""
    isp, cloud, service = (_settings_section(settings, n) for n in ("isp", "cloud", "service"))
    ports = _texts(p.service.get("ports")) or _texts(service.get("ports"))
    failing = _ports(r for r in p.measured("service-tcp") if not r.ok)
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
        "failing_ports": _on_ports(failing) if failing else None,
        "public_resolver": _join(_texts(p.targets.get("public_resolvers"))[:1]),
        "resolvers": _join(_texts(p.targets.get("resolvers"))),
    }
    return {k: v for k, v in values.items() if v}


def _fill(template: str, context: Mapping[str, str]) -> str | None:
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    if any(name not in context for name in names):
        return None
    return template.format_map(context)


def _steps(key: str, context: Mapping[str, str]) -> tuple[str, ...]:
    out = []
    for step in STEPS.get(key, ()):
        for option in step if isinstance(step, tuple) else (step,):
            text = _fill(option, context)
            if text is not None:
                out.append(text)
                break
    return tuple(out)


def _contact(culprit: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Who to turn to: role per culprit, details from settings, and what that recipient needs."""
    role = ROLE_BY_CULPRIT.get(culprit, "you")
    fields: dict[str, Any] = {}
    if role == "isp":
        fields = _contact_fields(settings, "isp")
    elif role == "cloud-provider":
        fields = _contact_fields(settings, "cloud")
    elif role == "service-operator":
        fields = _contact_fields(settings, "service")
        if not ({"email", "phone", "url"} & fields.keys()):  # no better service contact: the cloud provider's
            cloud = _contact_fields(settings, "cloud")
            if cloud:
                role, fields = "cloud-provider", cloud
            else:
                fields = {"name": _text(_settings_section(settings, "service").get("name"))}
    contact: dict[str, Any] = {"role": role, **fields, "needs": list(NEEDS.get(role, ()))}
    return {k: v for k, v in contact.items() if v}


def _contact_fields(settings: Mapping[str, Any], section: str) -> dict[str, Any]:
    raw = _settings_section(settings, section)
    out: dict[str, Any] = {}
    for source, key in CONTACT_FIELDS[section]:
        value = _text(raw.get(source))
        if value and key not in out:
            out[key] = value
    return out


# ----------------------------------------------------------------------------------------------------------------
# The entry point
# ----------------------------------------------------------------------------------------------------------------


def decide(
    probes: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Verdict:
    """The verdict for one diagnose run. Never raises: unreadable input gives unknown / not-measured."""
    try:
        return _decide(probes, answers, settings)
    except Exception:  # last resort: a corner of malformed input nobody foresaw must not cost the user the report
        return Verdict(
            "unknown",
            "not-measured",
            "low",
            evidence=(TEXT["unreadable"],),
            contact=_contact("unknown", {}),
            next_steps=_steps("not-measured", {}),
        )


def _decide(probes: Any, answers: Any, settings: Any) -> Verdict:
    config = _map(settings)
    if isinstance(probes, Mapping) and probes:
        p = Probes.parse(probes)
        match = _first_match(p)
    else:
        p = Probes({}, {}, ())
        match = _match("unknown", "not-measured", "low", _say("no_probes"), _say("no_probes_2"))
    told = Answers.parse(answers)
    match = _adjust(match, p, told)
    warnings = _warnings(p)
    confidence = match.confidence
    if match.finding == "healthy" and any(key in CAVEATS for key, _ in warnings):
        confidence = "medium"
    return Verdict(
        culprit=match.culprit,
        finding=match.finding,
        confidence=confidence,
        evidence=_evidence(match),
        warnings=tuple(dict.fromkeys([text for _, text in warnings] + list(match.notes))),
        contact=_contact(match.culprit, config),
        next_steps=tuple(
            step
            for step in _steps(match.steps or match.finding, _context(p, config))
            if not _already_answered(step, told)
        ),
    )


def _already_answered(step: str, answers: Answers) -> bool:
    question = ANSWERED_BY.get(step)
    return question is not None and getattr(answers, question) is not None


def _evidence(match: Match) -> tuple[str, ...]:
    """2–5 sentences: the answers that changed the culprit first, measured facts, then other answers."""
    room = max(MAX_EVIDENCE - len(match.told), 1)
    measured = list(dict.fromkeys(match.evidence))[:room]
    ordered = [*match.told, *measured] if match.told_first else [*measured, *match.told]
    return tuple(ordered[:MAX_EVIDENCE])
