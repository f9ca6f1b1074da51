"""All wording for humans: evidence templates, answers, warnings, next steps and contacts, in one place.

Plus the tiny helpers that fill and join them (as `reportkit.messages` values, so a sentence can be worded again in
another language). No logic beyond that, no other imports from the package: the wording is revised here alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportkit.messages import Joined, Num, Plural, Said, make

__all__ = ["Plural", "Said"]

Template = str | Plural

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
    "gw_no_arp": "Its address does not even answer ARP (no link-layer reply), so it is switched off, unplugged or "
    "not on this network.",
    "gw_arp_ok": "It does answer ARP, so it is powered and on this network: it may be hung, or filter everything; "
    "the fault could also lie just behind it.",
    "vpn_down": "The default route goes through the VPN interface {name}, and nothing answered through it: the VPN "
    "tunnel is down, so no traffic gets out.",
    "ipv4_down": "Over IPv4 nothing beyond the router answered: none of the {count} internet test addresses "
    "({hosts}), nor the service or the provider.",
    "ipv6_works": "Over IPv6 the internet answers ({hosts}), so the line works but the ISP's IPv4 service does not.",
    "local_resolver": "The DNS service on this computer ({servers}) {what}.",
    "service_dns_public": "The public DNS server {server} finds {hostname} ({addresses}), so the name exists: the DNS "
    "this connection uses fails it.",
    "anchors_silent_too": "None of the internet test addresses answered either.",
    "gw_quality": "Of {sent} attempts to reach the router at {gateway}, {lost} ({loss}) were lost or needed a "
    "retransmission; the others answered in a median {ms} ms.",
    "gw_quality_lost": "Of {sent} attempts to reach the router at {gateway}, {lost} ({loss}) were lost or needed a "
    "retransmission.",
    "gw_quality_2": "A healthy home or office network loses nothing and answers in a few milliseconds; "
    "Wi-Fi interference, a weak signal or an overloaded router can cause this.",
    "gw_ok": "The router at {gateway} answered ({answered} of {sent} attempts, median {ms} ms).",
    "gw_ok_no_ms": "The router at {gateway} answered ({answered} of {sent} attempts).",
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
    "public_dns_answered": "The public DNS server {servers} answered, but could not confirm the names either.",
    "public_dns_none": "No public DNS server was configured to compare with.",
    "anchors_ok": "{answered} of {count} internet test addresses answered (median {ms} ms).",
    "anchors_ok_no_ms": "{answered} of {count} internet test addresses answered.",
    # rule 10: firewall
    "port_blocked": "None of the {count} hosts tried on port {port} answered there ({hosts}; {answered} of {sent} "
    "attempts).",
    "port_open_elsewhere": "Connections on {ports} did get through (to {hosts}), so the internet itself works.",
    "port_blocked_2": "Port {port} is blocked somewhere between this computer and the internet; often a firewall, a "
    "router filter or security software.",
    # rule 11b: the service name leads elsewhere
    "mismatch": "The service name {hostname} resolves to {addresses} here, not to the configured server {host}.",
    "mismatch_by_ip": "The server {host} itself answers when reached by its address ({ports}).",
    "mismatch_by_name": "Reached by its name, {url} failed ({what}).",
    "mismatch_public_right": "The public DNS server {server} gives {host} for {hostname}: only the DNS this computer "
    "uses has the wrong answer.",
    "mismatch_public_wrong": "The public DNS server {server} gives {addresses} for {hostname} too: the name's DNS "
    "record itself points elsewhere.",
    # rule 11: service DNS
    "service_dns": "Looking up the service's name {hostname} {what}, while {known} resolved normally.",
    "service_dns_nx": "This computer's DNS says the name does not exist: the domain may have expired or its record "
    "was deleted.",
    "service_by_ip": "The server itself ({host}) answers when reached by its address, so only the name is broken.",
    # rules 12–15: provider and service
    "host_silent": "The server {host} did not answer on {ports} ({answered} of {sent} attempts).",
    "provider_silent": "None of the provider's other addresses ({targets}) answered either.",
    "provider_ok": "Other addresses of the same provider ({targets}) answered, so the provider's network is up.",
    "path_stops": "The path to {host} stops after {address} (hop {ttl}), {whose}.",
    "path_refused": "The path to {host} ends at {address} (hop {ttl}), {whose}, which says it cannot pass it on.",
    "path_silent": "A path trace toward {host} got no answer from any router on the way.",
    "path_whose_router": "your router",
    "path_whose_isp": "your ISP's first router",
    "path_whose_second": "a second router on your own network (double NAT)",
    "host_rejected": "Connections to the server {host} on {ports} were refused, but the path trace shows a router "
    "on the way rejecting them, not the server.",
    "all_rejected": "All {count} internet test addresses ({hosts}) refused every connection at once: they do not "
    "all refuse, so a filter on the way rejects the traffic.",
    "no_ipv6": "The server {host} has only an IPv6 address, and this computer has no IPv6 internet address: it "
    "cannot be reached over this connection.",
    "http_refused": "{url} refused the connection: nothing is listening there.",
    "http_unreached": "{url} could not be reached ({detail}).",
    "port_rejected": "All {count} hosts tried on port {port} refused it at once ({hosts}): a filter rejects that port.",
    "path_whose_beyond": "beyond your ISP's first router",
    "path_anchor_passes": "Traffic to the internet test addresses gets past that point, so your ISP's network works "
    "but does not carry traffic toward the provider.",
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
    "http_no_answer": "{url} did not answer in time.",
    "http_error": "{url} accepted the connection but the web request failed ({detail}).",
    "tls_expired": "The security certificate of {name} has expired ({not_after}); browsers refuse or warn.",
    "tls_invalid": "The security certificate of {name} is not valid ({error}); browsers refuse or warn.",
    "tcp_ok": "The server {host} accepted connections on {ports}.",
    # rules 16–17: degraded
    "isp_lossy": "Of {sent} connection attempts to {hosts} hosts beyond the router, {lost} ({loss}) were lost or "
    "needed a retransmission; the others connected in a median {ms} ms.",
    "isp_slow": "Connections to {hosts} hosts beyond the router took a median {ms} ms ({sent} attempts, none lost).",
    "lan_part": "The router itself answers in a median {ms} ms, so part of the delay is on the local network.",
    "isp_lossy_no_ms": "Of {sent} connection attempts to {hosts} hosts beyond the router, {lost} ({loss}) were lost "
    "or needed a retransmission.",
    "lan_clean": "The router lost {lost} of {sent} attempts and answered in a median {ms} ms, so the local network "
    "is fine.",
    "lan_unknown": "The local network could not be measured (no router address known).",
    "dns_slow": "Name lookups through this computer's DNS took a median {ms} ms.",
    "dns_slow_2": "The public DNS server {server} answered in {public_ms} ms, so the DNS server this computer uses "
    "is slow.",
    # rule 18: healthy
    "http_ok": "{url} answered HTTP {status}.",
    "healthy": "No check found a fault.",
    # status pages
    "status_incident": "{name} reports '{title}' on its status page since {since} ({url}).",
    "status_incident_no_time": "{name} reports '{title}' on its status page ({url}).",
    "status_operational": "{name}'s status page reports all systems operational ({url}).",
    "status_wait": "{name} already reports this on its status page ({url}): follow the incident there and wait for "
    "it to be fixed instead of opening a duplicate ticket; if you do contact them, quote the incident.",
    # invariants: failures no rule explains, checks that matter not measured
    "unexplained": "{count} checks failed in a way no known fault pattern explains: {checks}.",
    "unexplained_1": "A check failed in a way no known fault pattern explains: {checks}.",
    "unexplained_answered": "Other checks worked: {groups} answered.",
    "unexplained_2": "This is not a healthy result; the failing checks above are what to show support.",
    "matter_skipped": "The checks that could tell whether the internet and the service work did not run "
    "(not run: {groups}), so this report cannot say where the fault lies.",
}

# one line per probe group in the request (triage/checks.py)
CHECK: dict[str, str] = {
    "label:gateway": "Router",
    "label:gateway-icmp": "Ping to the router",
    "label:anchor": "Internet test addresses",
    "label:portal": "Captive-portal check",
    "label:resolver": "This computer's DNS server",
    "label:public-resolver": "Public DNS servers",
    "label:system-dns": "Name lookups",
    "label:nxdomain": "'No such name' check",
    "label:service-tcp": "Service ports",
    "label:admin-tcp": "Admin port",
    "label:service-http": "Web address",
    "label:service-tls": "Certificate",
    "label:provider": "Provider's other addresses",
    "label:path": "Path trace",
    "label:status-page": "Status page",
    "label:public-ip": "Public IP address",
    "not_run": "{label}: not checked ({reason})",
    "not_sent": "{label}: could not be sent ({reason})",
    "answered": "{label}: answered {answered} of {sent}{ms}",
    "icmp_no_reply": "{label}: no reply (ping is filtered; not a fault)",
    "tcp_silent": "{label} {where}: no answer ({sent} attempts)",
    "tcp_hosts": "{label} {where}: {alive} of {hosts} answered{loss}{ms}",
    "tcp_one": "{label} {where}: answered {answered} of {sent}{loss}{ms}",
    "lost": ", {lost} in {sent} attempts lost or retransmitted",
    "ms": ", {ms} ms",
    "more": " and {count} more",
    "to": " to {location}",
    "dns_servers": "{label} {servers}: {answered} of {sent} queries answered ({outcomes})",
    "lookups": "{label}: {ok} of {sent} resolved: {names}",
    "nx_correct": "{label}: a made-up name correctly does not exist",
    "nx_rewritten": "{label}: a made-up name resolved to {addresses} (answers are rewritten)",
    "http": "{label} {url}: HTTP {status}{to}{ms}",
    "http_failed": "{label} {url}: {what}",
    "tls_valid": "{label}: valid, {days} days left",
    "path": "{label} toward {host}: {what}",
    "status": "{label} {url}: {what}",
    "public_ip": "{label}: {address}",
    "failed": "{label}: {what}",
    "outcome:timeout": "no answer",
    "outcome:unreachable": "unreachable",
    "outcome:refused": "refused",
    "outcome:error": "error",
    "outcome:nxdomain": "NXDOMAIN",
    "outcome:servfail": "SERVFAIL",
    "outcome:ok": "ok",
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
    "icmp_not_measured": "Ping to the router could not be sent here ({detail}), so the router was checked over TCP "
    "only — not a fault.",
    "status_unreadable": "The status page {url} could not be read ({detail}); it was left out of the verdict.",
    "unexplained_too": "Also failed, and not explained by this finding: {checks}.",
    "not_measured": "Not measured ({count} checks could not run): {groups}; the verdict is less certain.",
    "not_measured_1": "Not measured (a check could not run): {groups}; the verdict is less certain.",
    "minor_loss": "{lost} of {sent} connection attempts beyond the router were lost or needed a retransmission: not "
    "enough to call the line degraded, but a clean path loses none.",
    "admin_filtered": "The server's admin port ({targets}) did not answer while the service did: it is probably "
    "filtered (for example an allow-list) — not a fault.",
    "known_name_missing": "The configured test name {names} does not exist (public DNS says NXDOMAIN too), so it was "
    "not used as evidence: set [probes] known_names to names that exist.",
    "anchor_dead": "The internet test address {hosts} did not answer while the others did: that operator may "
    "have a problem of its own — not a fault on your side.",
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
        "minor_loss",
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
    "isp-route-measured": (
        ("Check {isp_status_url} for an outage notice.", "Check your ISP's status page for an outage notice."),
        (
            "Contact {isp_name}: their network does not pass traffic on toward {service_host}, while the rest of "
            "the internet works. Give them the path trace in this report.",
            "Contact your ISP: their network does not pass traffic on toward the service, while the rest of the "
            "internet works. Give them the path trace in this report.",
        ),
        ASK_HOTSPOT,
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
    "firewall-443": (
        "Turn off any VPN, proxy or security software on this computer for a moment and test again.",
        "Check the router for parental controls, site blocking or firewall rules that block HTTPS (port 443).",
        "On a work or public network, ask its administrator whether HTTPS is filtered.",
    ),
    "local-resolver-down": (
        "Restart this computer's DNS service (for example `sudo systemctl restart systemd-resolved`, or restart "
        "the computer).",
        (
            "As a temporary workaround, set this computer's DNS server to {public_resolver}.",
            "As a temporary workaround, set this computer's DNS server to a public DNS service.",
        ),
        "If a VPN or security software installed its own DNS service, turn it off and test again.",
    ),
    "no-ipv6": (
        (
            "Ask {isp_name} whether IPv6 can be switched on for your line (often a router setting).",
            "Ask your ISP whether IPv6 can be switched on for your line (often a router setting).",
        ),
        "Ask the service's operator to give the server an IPv4 address too.",
        "Meanwhile, use a connection that has IPv6 (many mobile networks do).",
    ),
    "vpn-down": (
        "Disconnect the VPN and test again: if everything works without it, the VPN is the problem.",
        "Restart the VPN client and log in again; check that its server is reachable.",
        "If the VPN is your employer's, contact their IT with this report.",
    ),
    "firewall": (
        "Turn off any VPN, proxy or security software on this computer for a moment and test again.",
        "Check the router for parental controls, site blocking or firewall rules that block the port named above.",
        "On a work or public network, ask its administrator whether that port is filtered.",
        (
            "If nothing here filters it, ask {isp_name} whether they block that port.",
            "If nothing here filters it, ask your ISP whether they block that port.",
        ),
    ),
    "service-dns-mismatch": (
        "Restart the router: it relays DNS requests and may hold an old answer.",
        (
            "Check that the DNS record of {service_hostname} points to {service_host}, and look for an entry for it "
            "in this computer's hosts file.",
            "Check that the service's DNS record points to its server, and look for an entry for it in this "
            "computer's hosts file.",
        ),
        (
            "If only this connection gets the wrong address, contact {isp_name}: their DNS server gives an outdated "
            "answer.",
            "If only this connection gets the wrong address, contact your ISP: their DNS server gives an outdated "
            "answer.",
        ),
    ),
    "unexplained": (
        "Run `reportkit diagnose` again in a few minutes: a check that fails once may be a passing glitch.",
        "Send this report with the failing checks listed above to whoever manages the service.",
        ASK_HOTSPOT,
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
# Contacts: what each recipient needs, in words
# ----------------------------------------------------------------------------------------------------------------

# the roles themselves (culprit → role, config section, the identifiers each requires, what anonymisation keeps) are
# in reportkit/recipients.py; each role's words here name every identifier it requires there (tests/test_quality.py)
NEEDS: dict[str, tuple[str, ...]] = {
    "local-admin": ("which service or website fails", "which devices are affected", "when it started", "what changed"),
    "isp": ("customer ID", "public IP address, if known", "dates and times of the problem", "test results"),
    "cloud-provider": ("account ID", "VM name and IP", "service URL", "dates and times of the problem"),
    "service-operator": ("service URL", "exact error message", "dates and times of the problem"),
    "device-support": ("the device's make and model", "exact error message", "when it started"),
}

# every table of one-message-per-key wording, by the name its catalog contexts use ("triage.TEXT.gw_silent")
TABLES: dict[str, dict[str, Template]] = {
    "TEXT": TEXT,  # type: ignore[dict-item]
    "WARN": WARN,  # type: ignore[dict-item]
    "CHECK": CHECK,  # type: ignore[dict-item]
    "OUTCOME_WORDS": OUTCOME_WORDS,  # type: ignore[dict-item]
    "RESOLVER_WORDS": RESOLVER_WORDS,  # type: ignore[dict-item]
    "LOOKUP_WORDS": LOOKUP_WORDS,  # type: ignore[dict-item]
    "ANSWER_TEXT": ANSWER_TEXT,  # type: ignore[dict-item]
}

# ----------------------------------------------------------------------------------------------------------------
# Small wording helpers
# ----------------------------------------------------------------------------------------------------------------


def template(context: str) -> Template | None:
    """The English template of a catalog context "triage.<TABLE>.<key>" (messages.SOURCES)."""
    parts = context.split(".")
    if len(parts) < 3 or parts[0] != "triage":
        return None
    table = parts[1]
    if table == "STEPS" and len(parts) == 5:
        steps = STEPS.get(parts[2])
        try:
            step = steps[int(parts[3])] if steps else None
            return (step if isinstance(step, tuple) else (step,))[int(parts[4])] if step else None
        except (ValueError, IndexError):
            return None
    if table == "NEEDS" and len(parts) == 4:
        needs = NEEDS.get(parts[2], ())
        return needs[int(parts[3])] if parts[3].isdigit() and int(parts[3]) < len(needs) else None
    found = TABLES.get(table, {}).get(".".join(parts[2:]))
    return found


def _say(key: str, **fields: Any) -> Said:
    return make(f"triage.TEXT.{key}", TEXT[key], **fields)


def _warn(key: str, **fields: Any) -> Said:
    return make(f"triage.WARN.{key}", WARN[key], **fields)


def _word(table: str, key: str) -> Said:
    """A fragment filled into another sentence ({what}), itself a message."""
    return make(f"triage.{table}.{key}", TABLES[table][key])


def _join(items: Sequence[Any], last: str = "and") -> str:
    return Joined(items, last)


def _fmt_ms(ms: float | None) -> str:
    return "?" if ms is None else Num(ms, 0)
