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
# Wording: evidence sentences (str.format templates; a Plural has a form for one and for several, chosen by its `n`
# field). A fragment filled into another sentence ({what}, {whose}, {ports}, {groups} …) is a message of its own.
# ----------------------------------------------------------------------------------------------------------------

TEXT: dict[str, Template] = {
    # not measured / inconclusive
    "no_probes": "No network checks ran (reportkit ran with --offline, or the checks could not start), "
    "so this report cannot say where the fault lies.",
    "no_probes_2": "Only the information you entered and the facts about this computer are in this report.",
    "unreadable": "The network check results could not be read, so this report cannot say where the fault lies.",
    "all_skipped": "Every network check was skipped (no targets were configured, or REPORTKIT_PROBE_ALLOW "
    "excluded them), so nothing was measured.",
    "inconclusive": "The checks that ran could not show whether the internet or the service works.",
    "inconclusive_2": "Configure internet test addresses and the service's address in the settings to get a verdict.",
    # fragments filled into sentences below
    "on_ports": Plural("on port {ports}", "on ports {ports}", n="count"),  # {ports}: "80" / "53, 80 or 443"
    "for_ports": Plural("for port {ports}", "for ports {ports}", n="count"),
    "unknown_gateway": "an unknown address",  # "The router at {gateway} …" when its address is not known
    "check_failed": "{target} ({what})",  # one failed check in a list: "203.0.113.64:443 (no answer)"
    # rules 1–4: this computer
    "iface_down": Plural(
        "The network adapter {names} is switched off (down).",
        "The network adapters {names} are switched off (down).",
        n="count",
    ),
    "no_ifaces": "No network adapter other than the internal loopback one was found.",
    "nothing_left": "Nothing beyond this computer answered, so no traffic can leave it.",
    "no_link": Plural(
        "The network adapter {names} is switched on but has no link: no signal on the cable, "
        "or not connected to a Wi-Fi network.",
        "The network adapters {names} are switched on but have no link: no signal on the cable, "
        "or not connected to a Wi-Fi network.",
        n="count",
    ),
    "self_assigned": Plural(
        "This computer has only a self-assigned address ({addresses}): the router (DHCP server) did not give it a "
        "proper one.",
        "This computer has only self-assigned addresses ({addresses}): the router (DHCP server) did not give it a "
        "proper one.",
        n="count",
    ),
    "no_address": "This computer has no network address on any adapter.",
    "no_address_2": "Without an address it cannot talk to the router or the internet.",
    "no_route": Plural(
        "This computer has the address {addresses} but no default route (no gateway), "
        "so it does not know where to send internet traffic.",
        "This computer has the addresses {addresses} but no default route (no gateway), "
        "so it does not know where to send internet traffic.",
        n="count",
    ),
    "no_route_no_address": "This computer has an address but no default route (no gateway), so it does not know "
    "where to send internet traffic.",
    "no_route_2": "This is a setting on this computer (from DHCP or left behind by a VPN), not a network fault.",
    # rules 5–7: the local network
    "gw_silent": "The router at {gateway} did not answer {ports} ({answered} of {sent} attempts).",  # on_ports
    "gw_no_ping": "It did not answer ping either.",
    "gw_no_arp": "Its address does not even answer ARP (no link-layer reply), so it is switched off, unplugged or "
    "not on this network.",
    "gw_arp_ok": "It does answer ARP, so it is powered and on this network: it may be hung, or filter everything; "
    "the fault could also lie just behind it.",
    "vpn_down": "The default route goes through the VPN interface {name}, and nothing answered through it: the VPN "
    "tunnel is down, so no traffic gets out.",
    "ipv4_down": Plural(
        "Over IPv4 nothing beyond the router answered: not the internet test address ({hosts}), nor the service or "
        "the provider.",
        "Over IPv4 nothing beyond the router answered: none of the {count} internet test addresses ({hosts}), nor "
        "the service or the provider.",
        n="count",
    ),
    "ipv6_works": "Over IPv6 the internet answers ({hosts}), so the line works but the ISP's IPv4 service does not.",
    "local_resolver": "The DNS service on this computer ({servers}) {what}.",  # RESOLVER_WORDS
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
    "anchors_none": Plural(
        "None of the {count} internet test addresses ({hosts}) answered ({answered} of {sent} attempts).",
        "None of the {count} internet test addresses ({hosts}) answered ({answered} of {sent} attempts).",
        n="count",
    ),  # at least two addresses (one is anchors_one): English needs no other form
    "anchors_one": "The internet test address {hosts} did not answer ({answered} of {sent} attempts); "
    "with only one test address configured this is less certain.",
    "public_dns_silent": Plural(
        "The public DNS server {servers} did not answer either.",
        "The public DNS servers {servers} did not answer either.",
        n="count",
    ),
    "p2p": "No router address is known (a point-to-point or VPN link), so the local network could not be checked.",
    # rule 9: DNS
    "resolvers_failed": Plural(
        "This computer's DNS server {servers} {what}.", "This computer's DNS servers {servers} {what}.", n="count"
    ),  # RESOLVER_WORDS, in the same number
    "known_failed": "Looking up {names} {what}.",  # LOOKUP_WORDS
    "public_dns_ok": "The public DNS server {server} answered in {ms} ms, so DNS works on the internet; "
    "the DNS server this computer uses is the problem.",
    "public_dns_ok_no_ms": "The public DNS server {server} answered, so DNS works on the internet; "
    "the DNS server this computer uses is the problem.",
    "public_dns_blocked": Plural(
        "The public DNS server {servers} did not answer either although the internet works: "
        "DNS traffic may be blocked upstream.",
        "No public DNS server answered either ({servers}) although the internet works: "
        "DNS traffic may be blocked upstream.",
        n="count",
    ),
    "public_dns_answered": Plural(
        "The public DNS server {servers} answered, but could not confirm the names either.",
        "The public DNS servers {servers} answered, but could not confirm the names either.",
        n="count",
    ),
    "public_dns_none": "No public DNS server was configured to compare with.",
    "anchors_ok": Plural(
        "{answered} of {count} internet test address answered (median {ms} ms).",
        "{answered} of {count} internet test addresses answered (median {ms} ms).",
        n="count",
    ),
    "anchors_ok_no_ms": Plural(
        "{answered} of {count} internet test address answered.",
        "{answered} of {count} internet test addresses answered.",
        n="count",
    ),
    # rule 10: firewall
    "port_blocked": Plural(
        "None of the {count} hosts tried on port {port} answered there ({hosts}; {answered} of {sent} attempts).",
        "None of the {count} hosts tried on port {port} answered there ({hosts}; {answered} of {sent} attempts).",
        n="count",
    ),  # at least two hosts: English needs no other form
    "port_open_elsewhere": "Connections {ports} did get through (to {hosts}), so the internet itself works.",
    "port_blocked_2": "Port {port} is blocked somewhere between this computer and the internet; often a firewall, a "
    "router filter or security software.",
    # rule 11b: the service name leads elsewhere
    "mismatch": "The service name {hostname} resolves to {addresses} here, not to the configured server {host}.",
    "mismatch_by_ip": "The server {host} itself answers {ports} when reached by its address.",  # on_ports
    "mismatch_by_name": "Reached by its name, {url} failed ({what}).",  # CHECK outcome:*
    "mismatch_by_name_http": "Reached by its name, {url} answered HTTP {status}.",
    "mismatch_by_name_tls": "Reached by its name, {url} shows a certificate that is not valid ({error}).",
    "mismatch_by_name_tls_no_error": "Reached by its name, {url} shows a certificate that is not valid.",
    "mismatch_public_right": "The public DNS server {server} gives {host} for {hostname}: only the DNS this computer "
    "uses has the wrong answer.",
    "mismatch_public_wrong": "The public DNS server {server} gives {addresses} for {hostname} too: the name's DNS "
    "record itself points elsewhere.",
    # rule 11: service DNS
    "service_dns": Plural(
        "Looking up the service's name {hostname} {what}, while {known} resolved normally.",
        "Looking up the service's name {hostname} {what}, while {known} resolved normally.",
        n="count",
    ),  # count: the names in {known}
    "service_dns_nx": "This computer's DNS says the name does not exist: the domain may have expired or its record "
    "was deleted.",
    "service_by_ip": "The server itself ({host}) answers when reached by its address, so only the name is broken.",
    # rules 12–15: provider and service
    "host_silent": "The server {host} did not answer {ports} ({answered} of {sent} attempts).",  # on_ports
    "provider_silent": Plural(
        "The provider's other address ({targets}) did not answer either.",
        "None of the provider's other addresses ({targets}) answered either.",
        n="count",
    ),
    "provider_ok": Plural(
        "Another address of the same provider ({targets}) answered, so the provider's network is up.",
        "Other addresses of the same provider ({targets}) answered, so the provider's network is up.",
        n="count",
    ),
    "path_stops": "The path to {host} stops after {address} (hop {ttl}), {whose}.",  # {whose}: path_whose_*
    "path_refused": "The path to {host} ends at {address} (hop {ttl}), {whose}, which says it cannot pass it on.",
    "path_stops_beyond": "The path to {host} stops after {address} (hop {ttl}), beyond your ISP's first router.",
    "path_refused_beyond": "The path to {host} ends at {address} (hop {ttl}), beyond your ISP's first router: "
    "{address} says it cannot pass it on.",
    "path_silent": "A path trace toward {host} got no answer from any router on the way.",
    # {whose}: which router the last hop that answered is
    "path_whose_router": "your router",
    "path_whose_isp": "your ISP's first router",
    "path_whose_second": "a second router on your own network (double NAT)",
    "host_rejected": "Connections to the server {host} {ports} were refused, but the path trace shows a router "
    "on the way rejecting them, not the server.",  # on_ports
    "all_rejected": Plural(
        "The internet test address {hosts} refused every connection, and nothing beyond the router accepted one: "
        "a filter on the way is likely rejecting the traffic.",
        "All {count} internet test addresses ({hosts}) refused every connection at once. Servers of different "
        "operators would not all do that, so a filter on the way is rejecting the traffic.",
        n="count",
    ),
    "no_ipv6": "The server {host} has only an IPv6 address, and this computer has no IPv6 internet address: it "
    "cannot be reached over this connection.",
    "http_refused": "{url} refused the connection: nothing is listening there.",
    "http_unreached": "{url} could not be reached ({what}).",  # CHECK outcome:*
    "http_unreached_detail": "{url} could not be reached ({what}: {detail}).",  # {detail}: the error, as it came
    "port_rejected": Plural(
        "All {count} hosts tried on port {port} refused it at once ({hosts}): a filter rejects that port.",
        "All {count} hosts tried on port {port} refused it at once ({hosts}): a filter rejects that port.",
        n="count",
    ),  # at least two hosts: English needs no other form
    "path_anchor_passes": "Traffic to the internet test addresses gets past that point, so your ISP's network works "
    "but does not carry traffic toward the provider.",
    "one_vantage": "From one place it is impossible to tell 'the provider is down' from 'the route between your "
    "internet provider and the cloud provider is broken'; the hotspot test tells them apart.",
    "host_down_2": "The server is likely stopped or crashed; its control panel or console will show it.",
    "app_refused": "The server {host} refused the connection {ports}: the machine is up, but nothing is "
    "listening there.",  # on_ports
    "app_timeout": "The server {host} did not answer {ports}: the program is hung, or a firewall on the "
    "server drops it.",  # on_ports
    "app_alive": "The server answered {ports}, so the machine itself is up.",  # on_ports
    "app_down_2": "The service program on the server is not running or not accepting connections.",
    "http_5xx": "The server {host} accepts connections, but {url} answered HTTP {status}: "
    "the application behind it has an error.",
    "http_timeout": "{url} accepted the connection but sent no answer in time: the application is hung or overloaded.",
    "http_no_answer": "{url} did not answer in time.",
    "http_error": "{url} accepted the connection but the web request failed ({what}).",  # CHECK outcome:*
    "http_error_detail": "{url} accepted the connection but the web request failed ({what}: {detail}).",
    "tls_expired": "The security certificate of {name} has expired ({not_after}); browsers refuse or warn.",
    "tls_expired_no_date": "The security certificate of {name} has expired; browsers refuse or warn.",
    "tls_invalid": "The security certificate of {name} is not valid ({error}); browsers refuse or warn.",
    "tls_invalid_no_error": "The security certificate of {name} is not valid; browsers refuse or warn.",
    "tcp_ok": "The server {host} accepted connections {ports}.",  # on_ports
    # rules 16–17: degraded
    "isp_lossy": Plural(
        "Of {sent} connection attempts to {host_count} host beyond the router, {lost} ({loss}) were lost or "
        "needed a retransmission; the others connected in a median {ms} ms.",
        "Of {sent} connection attempts to {host_count} hosts beyond the router, {lost} ({loss}) were lost or "
        "needed a retransmission; the others connected in a median {ms} ms.",
        n="host_count",
    ),
    "isp_slow": Plural(
        "Connections to {host_count} host beyond the router took a median {ms} ms ({sent} attempts, none lost).",
        "Connections to {host_count} hosts beyond the router took a median {ms} ms ({sent} attempts, none lost).",
        n="host_count",
    ),
    "lan_part": "The router itself answers in a median {ms} ms, so part of the delay is on the local network.",
    "isp_lossy_no_ms": Plural(
        "Of {sent} connection attempts to {host_count} host beyond the router, {lost} ({loss}) were lost "
        "or needed a retransmission.",
        "Of {sent} connection attempts to {host_count} hosts beyond the router, {lost} ({loss}) were lost "
        "or needed a retransmission.",
        n="host_count",
    ),
    "lan_clean": "The router lost {lost} of {sent} attempts and answered in a median {ms} ms, so the local network "
    "is fine.",
    "lan_unknown": "The local network could not be measured (no router address known).",
    "dns_slow": "Name lookups through this computer's DNS took a median {ms} ms.",
    "dns_slow_2": "The public DNS server {server} answered in {public_ms} ms, so the DNS server this computer uses "
    "is slow.",
    # rule 18: healthy
    "http_ok": "{url} answered HTTP {status}.",
    "healthy": "No check found a fault.",
    # status pages ({name}: the provider's name as configured; the `_page` variants: no name configured)
    "status_incident": "{name} reports '{title}' on its status page since {since} ({url}).",
    "status_incident_no_time": "{name} reports '{title}' on its status page ({url}).",
    "status_operational": "{name}'s status page reports all systems operational ({url}).",
    "status_wait": "{name} already reports this on its status page ({url}): follow the incident there and wait for "
    "it to be fixed instead of opening a duplicate ticket; if you do contact them, quote the incident.",
    "status_incident_page": "The status page {url} reports '{title}' since {since}.",
    "status_incident_no_time_page": "The status page {url} reports '{title}'.",
    "status_operational_page": "The status page {url} reports all systems operational.",
    "status_wait_page": "The status page {url} already reports this: follow the incident there and wait for it to be "
    "fixed instead of opening a duplicate ticket; if you do contact the provider, quote the incident.",
    # invariants: failures no rule explains, checks that matter not measured
    "unexplained": Plural(
        "A check failed in a way no known fault pattern explains: {checks}.",
        "{count} checks failed in a way no known fault pattern explains: {checks}.",
        n="count",
    ),  # {checks}: check_failed items
    "unexplained_answered": "Other checks worked: {groups} answered.",  # LABELS
    "unexplained_2": "This is not a healthy result; the failing checks above are what to show support.",
    "matter_skipped": "The checks that could tell whether the internet and the service work did not run "
    "(not run: {groups}), so this report cannot say where the fault lies.",  # LABELS
}

# what a check is called in sentences ({groups}: "the router and internet test addresses answered")
LABELS: dict[str, Template] = {
    "gateway": "the router",
    "gateway-icmp": "ping to the router",
    "anchor": "internet test addresses",
    "portal": "the captive-portal check",
    "resolver": "this computer's DNS server",
    "public-resolver": "public DNS servers",
    "system-dns": "name lookups",
    "nxdomain": "the check for rewritten 'no such name' answers",
    "service-tcp": "the service's ports",
    "admin-tcp": "the server's admin port",
    "service-http": "the service's web address",
    "service-tls": "the service's certificate",
    "provider": "the provider's other addresses",
    "status-page": "status pages",
    "public-ip": "the public IP check",
    "path": "path traces",
}

# why the probes stopped early (triage.settled; the probe runner puts it into the details of the checks it stopped)
EARLY: dict[str, Template] = {
    "interface_down": "no network adapter is switched on",
    "no_link": "no adapter has a link",
    "no_address": "this computer has no usable address",
    "no_route": "this computer has no route to the internet",
    "no_arp": "the router does not answer, not even ARP",
}

# one line per probe group in the request (triage/checks.py); every line is a whole template (no tails appended)
CHECK: dict[str, Template] = {
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
    "not_run": "{label}: not checked",
    "not_run_allow": "{label}: not checked (outside REPORTKIT_PROBE_ALLOW)",
    "not_needed": "{label}: not needed (the checks before it had already settled the verdict)",
    "not_permitted": "{label}: not permitted for this user",
    "not_sent": "{label}: could not be sent ({what})",  # {what}: outcome:*
    "not_sent_detail": "{label}: could not be sent ({what}: {detail})",  # {detail}: the error, as it came
    "answered": "{label}: answered {answered} of {sent}",
    "answered_ms": "{label}: answered {answered} of {sent}, {ms} ms",
    "icmp_no_reply": "{label}: no reply (ping is filtered; not a fault)",
    "tcp_silent": Plural(
        "{label} {where}: no answer ({sent} attempt)", "{label} {where}: no answer ({sent} attempts)", n="sent"
    ),  # {where}: hosts, perhaps with more_hosts
    "tcp_hosts": "{label} {where}: {alive} of {host_count} answered",
    "tcp_hosts_ms": "{label} {where}: {alive} of {host_count} answered, {ms} ms",
    "tcp_hosts_lost": "{label} {where}: {alive} of {host_count} answered, {lost} in {total} attempts lost or "
    "retransmitted",
    "tcp_hosts_lost_ms": "{label} {where}: {alive} of {host_count} answered, {lost} in {total} attempts lost or "
    "retransmitted, {ms} ms",
    "tcp_one": "{label} {where}: answered {answered} of {sent}",
    "tcp_one_ms": "{label} {where}: answered {answered} of {sent}, {ms} ms",
    "tcp_one_lost": "{label} {where}: answered {answered} of {sent}, {lost} in {total} attempts lost or retransmitted",
    "tcp_one_lost_ms": "{label} {where}: answered {answered} of {sent}, {lost} in {total} attempts lost or "
    "retransmitted, {ms} ms",
    "more_hosts": Plural("{count} more", "{count} more", n="count"),  # the last item of a list: "a, b, c and 2 more"
    "dns_servers": Plural(
        "{label} {servers}: {answered} of {sent} query answered ({outcomes})",
        "{label} {servers}: {answered} of {sent} queries answered ({outcomes})",
        n="sent",
    ),
    "lookups": "{label}: {ok} of {sent} resolved: {names}",  # {names}: lookup items
    "lookup": "{name} ({result})",  # {result}: an rcode (NOERROR) or outcome:*
    "nx_correct": "{label}: a made-up name correctly does not exist",
    "nx_rewritten": "{label}: a made-up name resolved to {addresses} (answers are rewritten)",
    "nx_rewritten_nowhere": "{label}: a made-up name resolved (answers are rewritten)",
    "http": "{label} {url}: HTTP {status}",
    "http_ms": "{label} {url}: HTTP {status}, {ms} ms",
    "http_to": "{label} {url}: HTTP {status} to {location}",
    "http_to_ms": "{label} {url}: HTTP {status} to {location}, {ms} ms",
    "http_failed": "{label} {url}: {what}",  # outcome:*
    "http_failed_detail": "{label} {url}: {what} ({detail})",
    "tls_valid": Plural("{label}: valid, {days} day left", "{label}: valid, {days} days left", n="days"),
    "tls_valid_no_days": "{label}: valid",
    "tls_invalid": "{label}: not valid ({error})",  # {error}: the TLS library's words
    "tls_invalid_no_error": "{label}: not valid",
    "path_reached": Plural(
        "{label} toward {host}: reached in {hops} hop", "{label} toward {host}: reached in {hops} hops", n="hops"
    ),
    "path_stops": "{label} toward {host}: stops after hop {ttl} ({address})",
    "path_rejected": "{label} toward {host}: hop {ttl} ({address}) rejects it ({kind})",  # {kind}: the ICMP error
    "path_local": "{label} toward {host}: this computer cannot send toward it",
    "path_silent": "{label} toward {host}: no router on the way answered",
    "path_failed": "{label} toward {host}: {what}",
    "path_failed_detail": "{label} toward {host}: {what} ({detail})",
    "status_incidents": Plural(
        "{label} {url}: {count} open incident, '{title}'",
        "{label} {url}: {count} open incidents, the newest '{title}'",
        n="count",
    ),
    "status_operational": "{label} {url}: all systems operational",
    "status_degraded": "{label} {url}: not all systems operational",
    "status_read": "{label} {url}: read, but it does not say whether all systems work",
    "status_failed": "{label} {url}: {what}",
    "status_failed_detail": "{label} {url}: {what} ({detail})",
    "public_ip": "{label}: {address}",
    "failed": "{label}: {what}",
    "failed_detail": "{label}: {what} ({detail})",
    # how a check went, as a short noun phrase ({what} in the lines above, in check_failed, http_error …)
    "outcome:timeout": "no answer",
    "outcome:unreachable": "unreachable",
    "outcome:refused": "refused",
    "outcome:error": "error",
    "outcome:nxdomain": "NXDOMAIN",
    "outcome:servfail": "SERVFAIL",
    "outcome:ok": "ok",
    "outcome:not-permitted": "not permitted",
    "outcome:skipped": "skipped",
    "outcome:connected-timeout": "connected, but no answer",
    "failed:http": "HTTP {status}",
    "failed:certificate": "certificate not valid",
}

OUTCOME_WORDS: dict[str, Template] = {  # "{url} failed ({what})" is CHECK outcome:*; this: "… {what}." after a name
    "timeout": "did not answer in time",
    "refused": "refused",
    "servfail": "returned SERVFAIL (server failure)",
    "nxdomain": "said the name does not exist (NXDOMAIN)",
    "unreachable": "was unreachable",
    "error": "failed with an error",
    "not-permitted": "was not permitted",
    "skipped": "was skipped",
    "ok": "answered",
}

# ----------------------------------------------------------------------------------------------------------------
# Wording: the user's answers (evidence from a second vantage point)
# ----------------------------------------------------------------------------------------------------------------

# "This computer's DNS server(s) X …": {count} is the number of servers the phrase speaks of, for the verb's number
RESOLVER_WORDS: dict[str, Template] = {
    "timeout": Plural("did not answer", "did not answer", n="count"),
    "servfail": Plural("answered SERVFAIL (server failure)", "answered SERVFAIL (server failure)", n="count"),
    "refused": Plural("refused the query", "refused the query", n="count"),
    "unreachable": Plural("could not be reached", "could not be reached", n="count"),
    "nxdomain": Plural(
        "said a name that exists does not (NXDOMAIN)", "said a name that exists does not (NXDOMAIN)", n="count"
    ),
    "error": Plural("failed", "failed", n="count"),
    "not-permitted": Plural("could not be asked (not permitted)", "could not be asked (not permitted)", n="count"),
    "skipped": Plural("was not asked", "were not asked", n="count"),
    "ok": Plural("answered", "answered", n="count"),
}

LOOKUP_WORDS: dict[str, Template] = {  # "Looking up NAME …"
    "timeout": "got no answer in time",
    "servfail": "got SERVFAIL (server failure)",
    "nxdomain": "got 'no such name' (NXDOMAIN)",
    "refused": "was refused by the DNS server",
    "unreachable": "could not reach the DNS server",
    "error": "failed",
    "not-permitted": "was not permitted",
    "skipped": "was skipped",
    "ok": "succeeded",
}

ANSWER_TEXT: dict[str, Template] = {
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

WARN: dict[str, Template] = {
    "nxdomain_rewrite": "The DNS server answered for a name that does not exist ({name} → {addresses}): it rewrites "
    "'not found' answers, often to an ISP search page. Not a fault by itself, but mistyped or dead addresses "
    "will show that page instead of an error.",
    "nxdomain_rewrite_no_address": "The DNS server answered for a name that does not exist ({name}): it rewrites "
    "'not found' answers, often to an ISP search page. Not a fault by itself, but mistyped or dead addresses "
    "will show that page instead of an error.",
    "icmp_not_permitted": "Ping (ICMP) is not permitted for this user here, so it was not used — not a fault.",
    "icmp_filtered": "The router does not answer ping (ICMP is filtered) — not a fault.",
    "icmp_not_measured": "Ping to the router could not be sent here ({what}), so the router was checked over TCP "
    "only — not a fault.",  # {what}: CHECK outcome:*
    "icmp_not_measured_detail": "Ping to the router could not be sent here ({what}: {detail}), so the router was "
    "checked over TCP only — not a fault.",  # {detail}: the error, as it came
    "status_unreadable": "The status page {url} could not be read ({what}); it was left out of the verdict.",
    "status_unreadable_detail": "The status page {url} could not be read ({what}: {detail}); it was left out of the "
    "verdict.",
    "unexplained_too": "Also failed, and not explained by this finding: {checks}.",  # TEXT check_failed items
    "not_measured": Plural(
        "Not measured (a check could not run): {groups}; the verdict is less certain.",
        "Not measured ({count} checks could not run): {groups}; the verdict is less certain.",
        n="count",
    ),  # LABELS
    "minor_loss": "{lost} of {sent} connection attempts beyond the router were lost or needed a retransmission: not "
    "enough to call the line degraded, but a clean path loses none.",
    "admin_filtered": "The server's admin port ({targets}) did not answer while the service did: it is probably "
    "filtered (for example an allow-list) — not a fault.",
    "known_name_missing": Plural(
        "The configured test name {names} does not exist (public DNS says NXDOMAIN too), so it was not used as "
        "evidence: set [probes] known_names to names that exist.",
        "The configured test names {names} do not exist (public DNS says NXDOMAIN too), so they were not used as "
        "evidence: set [probes] known_names to names that exist.",
        n="count",
    ),
    "anchor_dead": Plural(
        "The internet test address {hosts} did not answer while the others did: that operator may have a problem "
        "of its own — not a fault on your side.",
        "The internet test addresses {hosts} did not answer while the others did: those operators may have "
        "problems of their own — not a fault on your side.",
        n="count",
    ),
    "ipv6_broken": Plural(
        "The IPv6 internet test address {targets} did not answer while IPv4 ones did: IPv6 is broken on this "
        "connection. Apps that try IPv6 first may be slow to connect.",
        "IPv6 internet test addresses ({targets}) did not answer while IPv4 ones did: IPv6 is broken on "
        "this connection. Apps that try IPv6 first may be slow to connect.",
        n="count",
    ),
    "proxy": "A proxy is configured ({proxies}); the checks connect directly, but browsers and apps may go through "
    "the proxy, so a proxy fault would not show here.",
    "vpn": "A VPN is active ({names}): traffic may take a different path than without it; try again with the VPN "
    "off if the problem persists.",
    "name_mismatch": "The service name {hostname} resolves to {addresses}, not to the configured server {host}: a DNS "
    "record may be outdated, or a CDN or proxy sits in front of the server.",
    "http_4xx": "The service answered HTTP {status}: the server works but refused this request (login, "
    "permissions or a wrong address) — not a network fault.",
    "cert_expiring": Plural(
        "The security certificate of {name} expires in {days} day ({not_after}); renew it soon.",
        "The security certificate of {name} expires in {days} days ({not_after}); renew it soon.",
        n="days",
    ),
    "cert_expiring_no_date": Plural(
        "The security certificate of {name} expires in {days} day; renew it soon.",
        "The security certificate of {name} expires in {days} days; renew it soon.",
        n="days",
    ),
    "resolver_partial": Plural(
        "The DNS server {bad} did not answer, but {good} did; lookups may be slow while this computer retries.",
        "The DNS servers {bad} did not answer, but {good} did; lookups may be slow while this computer retries.",
        n="count",
    ),  # count: the servers in {bad}
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
# {placeholders} are all known is used; a plain string whose placeholders are unknown is dropped. An alternative may
# be a Plural (its count is one of the known values), but a step of its own is never one: that reads as a tuple.
# ----------------------------------------------------------------------------------------------------------------

Step = str | tuple[Template, ...]

ASK_OTHER_DEVICES = "Check whether other devices on the same network have internet."
ASK_HOTSPOT = "Test the service over another connection, for example a phone hotspot."
ASK_HOTSPOT_PROVIDER = (
    "Test over another connection, for example a phone hotspot: if the service works there, the route between "
    "your ISP and the provider is broken, not the provider."
)
# the question each asking step asks (a step that asks what the user already answered is left out: ANSWERED_BY)
ASKS: dict[str, str] = {
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
            Plural(
                "If it persists, contact {isp_name}: the DNS server {resolvers} is failing.",
                "If it persists, contact {isp_name}: the DNS servers {resolvers} are failing.",
                n="resolver_count",
            ),
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
            "Check the server's firewall and the provider's firewall (security group) rules {failing_ports}.",
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


def _options(step: Step) -> tuple[Template, ...]:
    """A step's alternatives (a plain string is its only one)."""
    return step if isinstance(step, tuple) and not isinstance(step, Plural) else (step,)


# a step that asks what the user already answered is left out: the question, by the step's catalog context
ANSWERED_BY: dict[str, str] = {
    f"triage.STEPS.{finding}.{i}.{j}": ASKS[option]
    for finding, steps in STEPS.items()
    for i, step in enumerate(steps)
    for j, option in enumerate(_options(step))
    if not isinstance(option, Plural) and option in ASKS
}

# ----------------------------------------------------------------------------------------------------------------
# Wording: before/after (verify) and several vantage points (compare), triage/compare.py
# ----------------------------------------------------------------------------------------------------------------

COMPARE: dict[str, Template] = {
    # the state of one check in a run
    "state:ok": "ok",
    "state:alive": "answers",
    "state:failed": "fails",
    "state:not-run": "not checked",
    "state:absent": "not in this run",
    # how one check changed between two runs
    "change:fixed": "fixed",
    "change:still-failing": "still failing",
    "change:newly-failing": "newly failing",
    "change:unchanged": "unchanged",
    "change:not-compared": "not compared",
    # what a second connection measured, in place of what the user would have said (ANSWER_TEXT)
    "hotspot_works_flip": "Measured over {others}: the service answers there, so it is up; the path through this "
    "connection's ISP is the likely culprit.",
    "hotspot_works_dns": "Measured over {others}: the service works there, so its name exists; the DNS server of "
    "this connection may hold an outdated or blocked answer.",
    "hotspot_works_service": "Measured over {others}: the service works there, so the server may be treating this "
    "network's public address differently (for example an IP ban after failed logins, or an allow-list).",
    "hotspot_works_tls": "Measured over {others}: the service works there, so something on this network may be "
    "intercepting HTTPS (a proxy, security software or the router).",
    "hotspot_works_here": "Measured over {others}: the service works there, which confirms the problem is on this "
    "connection.",
    "hotspot_fails": "Measured over {others}: the service fails there too, which points to the service side "
    "rather than one connection.",
    "other_connection:works": "Measured over {others}: the service works there.",
    "other_connection:fails": "Measured over {others}: the service fails there too.",
    "different_targets": "{first} and {other} checked different services ({first_target} and {other_target}); "
    "the comparison may not hold.",
    "no_probes": "{label} holds no network checks (taken with --offline?); it is left out of the comparison.",
}

# every table of one-message-per-key wording, by the name its catalog contexts use ("triage.TEXT.gw_silent")
TABLES: dict[str, dict[str, Template]] = {
    "TEXT": TEXT,
    "WARN": WARN,
    "CHECK": CHECK,
    "OUTCOME_WORDS": OUTCOME_WORDS,
    "RESOLVER_WORDS": RESOLVER_WORDS,
    "LOOKUP_WORDS": LOOKUP_WORDS,
    "ANSWER_TEXT": ANSWER_TEXT,
    "LABELS": LABELS,
    "EARLY": EARLY,
    "COMPARE": COMPARE,
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
            return _options(step)[int(parts[4])] if step else None
        except (ValueError, IndexError):
            return None
    if table == "NEEDS" and len(parts) == 4:
        needs = NEEDS.get(parts[2], ())
        return needs[int(parts[3])] if parts[3].isdigit() and int(parts[3]) < len(needs) else None
    return TABLES.get(table, {}).get(".".join(parts[2:]))


def _say(key: str, **fields: Any) -> Said:
    return make(f"triage.TEXT.{key}", TEXT[key], **fields)


def _warn(key: str, **fields: Any) -> Said:
    return make(f"triage.WARN.{key}", WARN[key], **fields)


def _word(table: str, key: str, **fields: Any) -> Said:
    """A fragment filled into another sentence ({what}), itself a message."""
    return make(f"triage.{table}.{key}", TABLES[table][key], **fields)


def _join(items: Sequence[Any], last: str = "and") -> Joined:
    """A list, joined as the language joins lists when it is worded ("a, b and c")."""
    return Joined(items, last)


def _fmt_ms(ms: float) -> Num:
    """Milliseconds as a whole number."""
    return Num(ms, 0)
