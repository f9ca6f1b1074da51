"""Fixed reports for render tests and golden files: `sample_report`, `multilingual_report`, `minimal_report`.

Everything here is literal (no clock, no host data), so rendering them is deterministic.
Addresses come from the documentation ranges (RFC 5737 / RFC 3849), names from .example.
"""

from __future__ import annotations

import socket

from reportkit import messages
from reportkit.model import (
    Attachment,
    Diagnostics,
    ErrorText,
    Evidence,
    Meta,
    Problem,
    Report,
    Reporter,
    Section,
    Service,
    Verdict,
)

CREATED_AT = "2026-11-23T09:15:00+02:00"
TOOL_VERSION = "0.1.0"

GiB = 1024**3
MiB = 1024**2

NGINX_LOG = (
    '2026/11/23 08:00:14 [error] 1187#1187: *5121 FastCGI sent in stderr: "PHP message: PHP Fatal error:  '
    "Uncaught TypeError: PayGw\\Notice::render(): Argument #1 ($markdown) must be of type string, null given, "
    "called in /var/www/shop/wp-content/plugins/pay-gw/src/Checkout.php on line 212\n"
    "Stack trace:\n"
    "#0 /var/www/shop/wp-content/plugins/pay-gw/src/Checkout.php(212): PayGw\\Notice->render(NULL, '```\n"
    "Card declined\n"
    "```')\n"
    "#1 {main}\n"
    '  thrown in /var/www/shop/wp-content/plugins/pay-gw/src/Notice.php on line 41" while reading response '
    'header from upstream, client: 198.51.100.23, server: shop.example.com, request: "POST /checkout/pay HTTP/2.0", '
    'upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"\n'
    "2026/11/23 08:00:15 [error] 1187#1187: *5121 upstream prematurely closed connection while reading "
    'response header from upstream, client: 198.51.100.23, server: shop.example.com, request: "POST /checkout/pay '
    'HTTP/2.0"\n'
    "[… truncated: kept the first 1.0 MiB of 3.2 MiB by reportkit]"
)

# stored texts as the real code makes them (messages, so a request renders them in any language)
TRUNCATED_NOTE = messages.message(
    "evidence.",
    "truncated",
    kept=messages.message("evidence.", "size_mib", size=messages.Num(1.0, 1)),
    total=messages.message("evidence.", "size_mib", size=messages.Num(3.2, 1)),
)
OFFLINE = messages.message("pipeline.", "offline")
PROBES_SKIPPED = messages.message("pipeline.", "section_skipped", name="probes", reason=OFFLINE)


def _meta(warnings: tuple[str, ...] = (), redactions: dict[str, int] | None = None, anonymized: bool = False) -> Meta:
    return Meta(
        tool_version=TOOL_VERSION,
        created_at=CREATED_AT,
        warnings=warnings,
        redactions=redactions or {},
        anonymized=anonymized,
    )


def _system_data() -> dict[str, object]:
    return {
        "os": {
            "system": "Linux",
            "release": "6.8.0-48-generic",
            "version": "#48-Ubuntu SMP PREEMPT_DYNAMIC Fri Sep 27 14:04:52 UTC 2024",
            "distribution": "Ubuntu 24.04.1 LTS",
            "machine": "x86_64",
            "python": "3.12.3",
        },
        "hostname": "anna-thinkpad",
        "boot_time": "2026-11-20T05:02:11+02:00",
        "uptime_seconds": 274369,
        "cpu": {"logical": 8, "physical": 4, "percent": 23.5, "load_average": [1.42, 0.97, 0.88]},
        "memory": {
            "total": 16749330432,
            "available": 3583254528,
            "used": 12300431360,
            "percent": 78.6,
            "swap_total": 4294967296,
            "swap_used": 171798692,
            "swap_percent": 4.0,
        },
        "disks": [
            {
                "mountpoint": "/",
                "device": "/dev/nvme0n1p2",
                "fstype": "ext4",
                "total": 502921871360,
                "used": 462081171456,
                "free": 15238275072,
                "percent": 96.8,
                "nearly_full": True,
            },
            {
                "mountpoint": "/boot/efi",
                "device": "/dev/nvme0n1p1",
                "fstype": "vfat",
                "total": 535805952,
                "used": 6369280,
                "free": 529436672,
                "percent": 1.2,
                "nearly_full": False,
            },
        ],
        "disks_nearly_full": ["/"],
        "battery": {"percent": 41, "power_plugged": False, "seconds_left": 6720},
        "on_battery": True,
        "top_cpu": [
            {
                "pid": 4211,
                "name": "firefox",
                "username": "anna",
                "cpu_percent": 35.2,
                "memory_percent": 8.1,
                "rss": 1356808192,
            },
            {
                "pid": 5630,
                "name": "code",
                "username": "anna",
                "cpu_percent": 12.1,
                "memory_percent": 4.4,
                "rss": 737148928,
            },
            {
                "pid": 1893,
                "name": "gnome-shell",
                "username": "anna",
                "cpu_percent": 6.3,
                "memory_percent": 2.1,
                "rss": 351272960,
            },
        ],
        "top_memory": [
            {
                "pid": 4211,
                "name": "firefox",
                "username": "anna",
                "cpu_percent": 35.2,
                "memory_percent": 8.1,
                "rss": 1356808192,
            },
            {
                "pid": 5630,
                "name": "code",
                "username": "anna",
                "cpu_percent": 12.1,
                "memory_percent": 4.4,
                "rss": 737148928,
            },
            {
                "pid": 2477,
                "name": "thunderbird",
                "username": "anna",
                "cpu_percent": 0.4,
                "memory_percent": 3.2,
                "rss": 536113152,
            },
        ],
        "notes": ["top processes sampled over 0.25 s"],
    }


def _counters(sent: int, recv: int, psent: int, precv: int, errin: int = 0, dropin: int = 0) -> dict[str, int]:
    return {
        "bytes_sent": sent,
        "bytes_recv": recv,
        "packets_sent": psent,
        "packets_recv": precv,
        "errin": errin,
        "errout": 0,
        "dropin": dropin,
        "dropout": 0,
    }


def _network_data() -> dict[str, object]:
    return {
        "interfaces": [
            {
                "name": "wlp0s20f3",
                "is_up": True,
                "loopback": False,
                "speed_mbps": None,
                "duplex": None,
                "mtu": 1500,
                "mac": "3c:91:80:4e:2a:17",
                "ipv4": [{"address": "192.168.1.23", "netmask": "255.255.255.0", "prefixlen": 24}],
                "ipv6": [
                    {"address": "2001:db8:1::23", "prefixlen": 64, "scope": "global"},
                    {"address": "fe80::3e91:80ff:fe4e:2a17", "prefixlen": 64, "scope": "link"},
                ],
                "counters": _counters(1288490188, 8697308774, 2250417, 6811342, errin=12, dropin=340),
                "has_errors": True,
            },
            {
                "name": "enp0s31f6",
                "is_up": False,
                "loopback": False,
                "speed_mbps": None,
                "duplex": None,
                "mtu": 1500,
                "mac": "54:e1:ad:0b:77:c2",
                "ipv4": [],
                "ipv6": [],
                "counters": _counters(0, 0, 0, 0),
                "has_errors": False,
            },
            {
                "name": "lo",
                "is_up": True,
                "loopback": True,
                "speed_mbps": None,
                "duplex": None,
                "mtu": 65536,
                "mac": None,
                "ipv4": [{"address": "127.0.0.1", "netmask": "255.0.0.0", "prefixlen": 8}],
                "ipv6": [{"address": "::1", "prefixlen": 128, "scope": "host"}],
                "counters": _counters(48213, 48213, 512, 512),
                "has_errors": False,
            },
        ],
        "default_gateways": {
            "ipv4": {"address": "192.168.1.1", "interface": "wlp0s20f3"},
            "ipv6": {"address": "fe80::1", "interface": "wlp0s20f3"},
        },
        "gateway_source": "netifaces",
        "dns": {"servers": ["192.168.1.1", "1.1.1.1"], "search": ["lan"], "source": "/etc/resolv.conf"},
        "proxies": {
            "https_proxy": "http://proxy.virtanen-design.example:3128",
            "no_proxy": "localhost,127.0.0.1",
        },
        "notes": [],
    }


def sample_report() -> Report:
    """Every field filled: the request a well-prepared customer would send."""
    return Report(
        meta=_meta(warnings=(PROBES_SKIPPED,), redactions={"password": 2, "card-number": 1}),
        reporter=Reporter(
            name="Anna Virtanen",
            email="anna.virtanen@virtanen-design.example",
            phone="+358 40 123 4567",
            company="Virtanen Design Oy",
        ),
        service=Service(
            name="Shop website",
            provider="Nimbus Cloud",
            account_id="NC-448812",
            service_id="vps-204551",
            vm_name="web-01",
            host="203.0.113.10",
            hostname="shop.example.com",
            url="https://shop.example.com/checkout",
            tickets=("INC-20418", "INC-20433"),
            device_make="Lenovo",
            device_model="ThinkPad T14 Gen 3",
        ),
        problem=Problem(
            summary="HTTP 502 on checkout",
            description=(
                "Since this morning customers cannot pay in our web shop. The cart works, but pressing\n"
                '"Pay now" on the checkout page shows "502 Bad Gateway" from nginx after about a second.\n'
                "\n"
                "It happens for every customer and every payment method."
            ),
            started_at="2026-11-23 08:00",
            frequency="every time, for every customer",
            changed="Yesterday evening (22 Nov, around 21:30) our developer updated the payment plugin pay-gw "
            "from 3.4 to 3.5.",
            works="The front page, product pages, the cart and the WordPress admin (/wp-admin) load normally. "
            "SSH to web-01 works.",
            broken='Pressing "Pay now" on /checkout: 502 Bad Gateway, in Firefox and Chrome, from the office '
            "and from a phone on 4G.",
            steps="1. Open https://shop.example.com\n2. Put any product in the cart\n"
            '3. Go to the checkout and press "Pay now"',
            tried="Restarted the VPS from the Nimbus control panel at 08:40 (no change). Cleared the browser "
            "cache and tried another browser.",
            impact="No customer can pay: we lose about 40 orders a day. Urgent.",
            other_connection="fails",
            other_devices="works",
        ),
        evidence=Evidence(
            errors=(
                ErrorText(text="502 Bad Gateway\nnginx/1.24.0 (Ubuntu)", source="typed"),
                ErrorText(
                    text=NGINX_LOG,
                    source="file:nginx-error.log",
                    truncated=True,
                    original_bytes=3355443,
                    note=TRUNCATED_NOTE,
                ),
            ),
            attachments=(
                Attachment(
                    name="checkout-502.png",
                    size=253247,
                    sha256="9f2c1d0a7be54e4f6d1c3b2a8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f",
                    media_type="image/png",
                    caption='Browser after pressing "Pay now"',
                ),
            ),
        ),
        diagnostics=Diagnostics(
            sections=(
                Section(name="system", status="ok", data=_system_data(), duration_ms=284),
                Section(name="network", status="ok", data=_network_data(), duration_ms=12),
                Section(name="probes", status="skipped", reason=OFFLINE),
            )
        ),
        verdict=Verdict(
            culprit="service",
            finding="app-error",
            confidence="high",
            evidence=(
                "TCP 203.0.113.10:443 connected in 24 ms",
                "TCP 203.0.113.10:22 (admin port) connected in 23 ms",
                "https://shop.example.com/checkout answered HTTP 502 Bad Gateway in 1.1 s",
                "3 of 3 internet anchors answered; gateway 192.168.1.1 answered in 3 ms",
            ),
            warnings=("running on battery (41 %)",),
            contact={
                "role": "cloud-provider",
                "name": "Nimbus Cloud",
                "account_id": "NC-448812",
                "email": "support@nimbus-cloud.example",
                "url": "https://support.nimbus-cloud.example/tickets",
                "status_url": "https://status.nimbus-cloud.example",
                "needs": ["account ID", "VM name and IP", "service URL", "dates and times of the problem"],
            },
            next_steps=(
                "Check the PHP-FPM and nginx error logs on web-01 around 08:00",
                "Roll back the pay-gw plugin update from 22 Nov and test the checkout again",
            ),
        ),
    )


# Strings the multilingual tests look for verbatim in every output format.
FI_SUMMARY = "Verkkokauppa ei aukea, näkyy virhe 502"
RU_TEXT = "Сайт не открывается с 8 утра"
TR_TEXT = "Ödeme sayfası açılmıyor"
TR_MORE = "İstanbul şubesinden erişilemiyor, ağ normal görünüyor"
EMOJI = "🛒💥"
RTL_TEXT = "האתר לא עובד"  # Hebrew: "the site does not work"


def multilingual_report() -> Report:
    """Finnish, Russian, Turkish, an emoji and right-to-left text in reporter, problem and evidence."""
    return Report(
        meta=_meta(redactions={"pin": 1}, anonymized=True),
        reporter=Reporter(
            name="Åsa Jääskeläinen",
            email="asa.jaaskelainen@kauppa.example",
            phone="+358 50 765 4321",
            company="Öz Ticaret Ltd. Şti.",
        ),
        service=Service(
            name="Verkkokauppa",
            provider="Pilvi Oy",
            account_id="PO-9917",
            vm_name="kauppa-ö1",
            host="198.51.100.77",
            url="https://kauppa.example/kassa",
            tickets=("TKT-ÄÖ-77",),
        ),
        problem=Problem(
            summary=FI_SUMMARY,
            description=f"{RU_TEXT}.\n{TR_TEXT} {EMOJI}\n{TR_MORE}.\nAsiakas Israelista kirjoitti: {RTL_TEXT}",
            started_at="tänään klo 8.00",
            changed="Ei mitään muutoksia — ничего не меняли.",
            broken="Kassasivu ja maksaminen",
            impact="Myynti seisoo 🛑",
        ),
        evidence=Evidence(
            errors=(
                ErrorText(
                    text=f"Virhe 502: yhdyskäytävä ei vastaa\nОшибка 502 Bad Gateway\n{TR_TEXT} {EMOJI}\n{RTL_TEXT}",
                    source="clipboard",
                ),
            ),
            attachments=(
                Attachment(
                    name="näyttökuva-kassa.png",
                    size=1048576,
                    sha256="0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                    media_type="image/png",
                    caption=f"Kassasivu: virhe 502 {EMOJI}",
                ),
            ),
        ),
        diagnostics=Diagnostics(
            sections=(
                Section(
                    name="system",
                    status="failed",
                    reason="psutil could not read /proc: permission denied",
                    duration_ms=3,
                ),
                Section(
                    name="network",
                    status="ok",
                    duration_ms=9,
                    data={
                        "interfaces": [
                            {
                                "name": "Wi-Fi",
                                "is_up": True,
                                "loopback": False,
                                "speed_mbps": 866,
                                "duplex": "full",
                                "mtu": 1500,
                                "mac": "a4:c3:f0:12:34:56",
                                "ipv4": [{"address": "10.0.0.42", "netmask": "255.255.255.0", "prefixlen": 24}],
                                "ipv6": [],
                                "counters": None,
                                "has_errors": False,
                            }
                        ],
                        "default_gateways": {"ipv4": {"address": "10.0.0.1", "interface": "Wi-Fi"}, "ipv6": None},
                        "gateway_source": "/proc/net/route",
                        "dns": {"servers": ["10.0.0.1"], "search": [], "source": None},
                        "proxies": {},
                        "notes": ["Wi-Fi-verkko: Kahvila Ääni (vieras)"],
                    },
                ),
                Section(
                    name="vpn",
                    status="ok",
                    duration_ms=1,
                    data={"detected": True, "adapter": "WireGuard Tunnel: työ-vpn"},
                ),
            )
        ),
        verdict=Verdict(
            culprit="dns",
            finding="resolver-down",
            confidence="high",
            evidence=(
                "the system resolver 10.0.0.1 did not answer within 2 s",
                "public resolver 9.9.9.9 answered kauppa.example → 198.51.100.77",
            ),
            contact={"name": "Kahvila Ääni (Wi-Fi)", "phone": "+358 9 555 0100"},
            next_steps=("Vaihda DNS-palvelimeksi 9.9.9.9 tai käytä puhelimen yhteyttä",),
        ),
    )


def minimal_report() -> Report:
    """Only what every report has (meta) and a one-line summary: everything else must be omitted."""
    return Report(meta=_meta(), problem=Problem(summary="Website does not load"))


def ipv6_loopback() -> bool:
    """This machine has IPv6 loopback (::1) to bind to."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False
