"""Anonymisation (`--anonymize`): host names, user names, home paths, MAC and IP addresses become stand-ins.

The same value gets the same stand-in everywhere (across fields, and across spellings: "3C-91-80-4E-2A-17" and
"3c:91:80:4e:2a:17", "Anna-ThinkPad" and "anna-thinkpad", the compressed and expanded forms of an IPv6 address).
The mapping (original -> stand-in) goes to a private file beside the output; fed back in, it gives the same
stand-ins again. Stand-ins are chosen so that none of them occurs in the report's real text.

Stand-ins:
  user names      user1, user2 …                     (also inside /home/<user>, /Users/<user>, C:\\Users\\<user>)
  host names      host1 …; an FQDN keeps the shape:  shop.virtanen.fi -> host2.domain1.example,
                  a local suffix stays:               anna-pc.lan -> host1.lan
  private IPv4    each /24 -> its own 10.x.y.0/24, last octet kept (192.168.1.23 -> 10.0.1.23)
  public IPv4     one by one from 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737), then 240.0.0.0/4
  IPv6            each /64 -> 2001:db8:0:k::/64 (ULA: fd00:0:0:k::/64); link-local keeps fe80::; a small
                  interface id (::1, ::23) is kept, a MAC-derived or random one is replaced
  MAC             02:00:00:00:00:01 … (locally administered), in the original's separator and letter case
Kept as they are: loopback, 0.0.0.0, netmasks, broadcast, multicast, 169.254.x.x (it says "no DHCP"), fe80::<small>,
well-known public resolvers and services (PUBLIC_IPS, PUBLIC_DOMAINS), system accounts (root, www-data …), the
identifiers the user gave for support (account, service and VM ids), and everything in `keep`.

A stored message (`reportkit.messages.Said`) is anonymised in its data only (each argument's text: a host name, an
address, a URL, a path): it stays the same message, its English re-filled from its template (`messages.remap`).
Its own wording is never searched for names (the words are the program's, not the user's); it is only reserved, so
that no stand-in looks like something the English already says.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from reportkit import messages
from reportkit.messages import Joined, Said
from reportkit.model import Report
from reportkit.redact.report import plain_data
from reportkit.redact.tables import (
    AMBIGUOUS_TLDS,
    LOCAL_SUFFIXES,
    PUBLIC_DOMAINS,
    PUBLIC_IPS,
    SECOND_LEVEL,
    SYSTEM_USERS,
    TLDS,
)

_HOME = re.compile(
    r"(?:(?<![\w.])/(?:home|Users|var/home)/|(?<![\w])[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+)"
    r"([^\s/\\:*?\"'<>|,;]{1,64})"
)
_MAC = re.compile(
    r"(?<![\w:.\-])(?:[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:\-]|\.\w)"
)
_IPV6 = re.compile(
    r"(?<![\w:.%])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?:%[\w.\-]{1,32})?"
    r"(?![\w:]|\.\w)"
)
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
# "nginx/1.2.3.4", "version 1.2.3.4": a four-part version number, not an address
_VERSION_BEFORE = re.compile(r"(?:[A-Za-z0-9]/|\b(?:version|versio|ver|версия|sürüm|verzió)[ :]*)\Z", re.IGNORECASE)
_FQDN = re.compile(
    r"(?<![\w.\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}(?![\w\-]|\.[A-Za-z0-9])"
)
_WORD_LENGTH = 3  # user and host names this long or longer are replaced as words in any case (_names_pattern)
_USER_STANDIN = re.compile(r"user\d+")
_HOST_STANDIN = re.compile(r"host\d+")
_PRIVATE_V4 = tuple(
    ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)
_LINK_LOCAL_V4 = ipaddress.IPv4Network("169.254.0.0/16")
_PUBLIC_POOLS = ("192.0.2.", "198.51.100.", "203.0.113.")


def _is_netmask(ip: ipaddress.IPv4Address) -> bool:
    v = int(ip)
    inverted = ~v & 0xFFFFFFFF
    return v >= 0xFF000000 and (inverted & (inverted + 1)) == 0


class Anonymizer:
    """Replaces identifiers in text with consistent stand-ins.

    `mapping` (original -> stand-in, as `mapping` returned it before) is reused as it is; `keep` lists values left
    verbatim (IP addresses, host names, URLs whose host is kept).
    """

    def __init__(self, mapping: Mapping[str, str] | None = None, keep: Iterable[str] = ()) -> None:
        self._map: dict[str, str] = {}
        self._used: set[str] = set()
        self._corpus: list[str] = []  # the real text, lower-cased, in the pieces it arrived in
        self._reserved: set[str] = set()
        self._real_v4: set[str] = set()  # every dotted quad in the real text (checked by set, not by search)
        self._keep: set[str] = set()
        self._users: set[str] = set()
        self._hosts: set[str] = set()
        self._short: set[str] = set()  # user and host names under 3 characters, as spelt (see _names_pattern)
        self._labels: dict[str, str] = {}  # host part of an FQDN -> hostN, this session only
        self._next: dict[str, int] = {}  # per kind of stand-in: the next number to try
        self._names: tuple[re.Pattern[str], ...] = ()
        self._names_dirty = True
        for value in keep:
            self._add_keep(value)
        for original, standin in (mapping or {}).items():
            self._load(str(original), str(standin))

    # -- public ----------------------------------------------------------------------------------------------------

    @property
    def mapping(self) -> dict[str, str]:
        """original -> stand-in, for everything replaced so far (and everything loaded); keep it private."""
        return dict(self._map)

    def reserve(self, *texts: str) -> None:
        """Real text of the report: no stand-in may occur in it (text() reserves what it is given, too)."""
        fresh = [t for t in texts if t not in self._reserved]
        self._reserved.update(fresh)
        if fresh:
            joined = "\n".join(t.lower() for t in fresh)
            self._corpus.append(joined)
            self._real_v4.update(_DOTTED.findall(joined))

    def add_user(self, name: str | None) -> None:
        """A user name to replace wherever it appears as a word (system accounts are left alone)."""
        if not name:
            return
        if "\\" in name:  # Windows: DOMAIN\user
            domain, _, name = name.rpartition("\\")
            if " " not in domain and domain.lower() not in ("nt authority", "nt service", "builtin"):
                self.add_host(domain)
        low = name.strip().lower()
        if not low or low in SYSTEM_USERS or low.startswith(("_", "systemd-")) or low in self._keep:
            return
        self._users.add(low)
        if len(low) < _WORD_LENGTH:
            self._short.add(name.strip())
        self._names_dirty = True
        self._standin_user(low)

    def add_host(self, name: str | None) -> None:
        """A host name to replace wherever it appears: a short one as a word, a fully qualified one as a name."""
        if not name:
            return
        low = name.strip().rstrip(".").lower()
        if not low or low in self._keep or low in ("localhost", "localhost.localdomain"):
            return
        try:
            ipaddress.ip_address(low)
            return  # an address, not a name
        except ValueError:
            pass
        if "." in low:
            self._fqdn(low)
            return
        self._hosts.add(low)
        if len(low) < _WORD_LENGTH:
            self._short.add(name.strip().rstrip("."))
        self._names_dirty = True
        self._standin_host(low)

    def name(self, value: str) -> str:
        """A field that holds a host or user name as its whole value (system.hostname, a process's username): its
        stand-in whatever its length, as in every other place it occurs; any other value as text() makes it."""
        if "\\" in value:  # Windows: DOMAIN\user
            domain, sep, user = value.rpartition("\\")
            return f"{self.name(domain)}{sep}{self.name(user)}"
        low = value.strip().rstrip(".").lower()
        if low in self._users or low in self._hosts or "." in low:
            found = self._map.get(low)
            if found is not None:
                return found
        return self.text(value)

    def discover(self, value: str) -> None:
        """Learn the user names in home paths of `value` (so they are replaced in other fields too)."""
        for m in _HOME.finditer(value):
            self.add_user(m.group(1))

    def text(self, value: str) -> str:
        """`value` with every known or detected identifier replaced by its stand-in."""
        if not value:
            return value
        self.reserve(value)
        self.discover(value)
        spans: list[tuple[int, int, str]] = []
        taken = bytearray(len(value))  # detectors run in priority order; the first to claim a character wins

        def claim(m: re.Match[str], standin: Callable[[str], str | None], group: int = 0) -> None:
            start, end = m.span(group)
            if any(taken[start:end]):
                return  # inside something a detector before this one replaced
            replacement = standin(m.group(group))
            if replacement is not None:
                taken[start:end] = b"\x01" * (end - start)
                spans.append((start, end, replacement))

        for m in _HOME.finditer(value):
            claim(m, lambda user: self._map.get(user.lower()) if user.lower() in self._users else None, 1)
        for m in _MAC.finditer(value):
            claim(m, self._mac)
        for m in _IPV6.finditer(value):
            claim(m, self._ipv6)
        for m in _IPV4.finditer(value):
            if not _VERSION_BEFORE.search(value, max(0, m.start() - 12), m.start()):
                claim(m, self._ipv4)
        for m in _FQDN.finditer(value):
            claim(m, self._fqdn_in_text)
        for names in self._names_pattern():
            for m in names.finditer(value):
                claim(m, lambda name: self._map.get(name.lower()))
        if not spans:
            return value
        spans.sort()
        out: list[str] = []
        last = 0
        for start, end, replacement in spans:
            out.append(value[last:start])
            out.append(replacement)
            last = end
        out.append(value[last:])
        return "".join(out)

    # -- stand-ins -------------------------------------------------------------------------------------------------

    def _fresh(self, family: str, make: Callable[[int], str], probe: Callable[[str], str] | None = None) -> str:
        """The first stand-in make(1), make(2) … that is unused and absent from the real text."""
        n = self._next.get(family, 1)  # numbers below were all taken: never look at them again
        while True:
            candidate = make(n)
            low = candidate.lower()
            needle = probe(low) if probe else low
            n += 1
            clash = low in self._real_v4 if family == "v4" else self._in_corpus(needle)
            if low not in self._used and not clash and low not in self._map:
                self._used.add(low)
                self._next[family] = n
                return candidate

    def _in_corpus(self, needle: str) -> bool:
        return any(needle in part for part in self._corpus)

    def _assign(
        self, original: str, family: str, make: Callable[[int], str], probe: Callable[[str], str] | None = None
    ) -> str:
        found = self._map.get(original)
        if found is None:
            found = self._fresh(family, make, probe)
            self._map[original] = found
        return found

    def _standin_user(self, low: str) -> str:
        return self._assign(low, "user", lambda n: f"user{n}")

    def _standin_host(self, low: str) -> str:
        return self._assign(low, "host", lambda n: f"host{n}")

    def _domain(self, reg: str) -> str:
        return self._assign(reg, "domain", lambda n: f"domain{n}.example")

    def _host_label(self, head: str) -> str:
        if head in self._hosts or head in self._map:
            return self._standin_host(head)
        found = self._labels.get(head)
        if found is None:
            found = self._fresh("host", lambda n: f"host{n}")
            self._labels[head] = found
        return found

    def _fqdn(self, low: str) -> str | None:
        """The stand-in of a fully qualified name (lower case, no trailing dot); None when it stays."""
        if low in self._keep:
            return None
        found = self._map.get(low)
        if found is not None:
            return found
        labels = low.split(".")
        if any(low == d or low.endswith("." + d) for d in PUBLIC_DOMAINS):
            return None
        for suffix in LOCAL_SUFFIXES:
            if low.endswith("." + suffix):
                head = low[: -len(suffix) - 1]
                standin = f"{self._host_label(head)}.{suffix}"
                self._map[low] = standin
                return standin
        size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL else 2
        reg = ".".join(labels[-size:])
        head = ".".join(labels[:-size])
        if reg in self._keep:
            return None
        standin = self._domain(reg)
        if head:
            standin = f"{self._host_label(head)}.{standin}"
            self._map[low] = standin
        return standin

    def _fqdn_in_text(self, name: str) -> str | None:
        labels = name.split(".")
        tld = labels[-1]
        if tld.lower() not in TLDS:
            return None
        if not tld.islower() and not (name.isupper() and len(labels) >= 3):  # ASP.NET, System.Net: not hosts
            return None
        if tld.lower() in AMBIGUOUS_TLDS and len(labels) < 3:  # setup.py, notes.md, chart.js — and is.it
            return None
        return self._fqdn(name.lower())

    def _mac(self, text: str) -> str | None:
        hexdigits = re.sub(r"[^0-9A-Fa-f]", "", text).lower()
        if hexdigits in ("000000000000", "ffffffffffff") or int(hexdigits[:2], 16) & 1:  # multicast
            return None
        key = ":".join(hexdigits[i : i + 2] for i in range(0, 12, 2))
        if key in self._keep:
            return None
        standin = self._assign(
            key, "mac", lambda n: "02:00:00:" + ":".join(f"{(n >> s) & 0xFF:02x}" for s in (16, 8, 0))
        )
        flat = standin.replace(":", "")
        if "." in text:
            out = ".".join(flat[i : i + 4] for i in range(0, 12, 4))
        else:
            sep = "-" if "-" in text else ":"
            out = sep.join(flat[i : i + 2] for i in range(0, 12, 2))
        return out.upper() if text.upper() == text and any(c.isalpha() for c in text) else out

    def _ipv4(self, text: str) -> str | None:
        try:
            ip = ipaddress.IPv4Address(text)
        except ValueError:
            return None
        return self._ipv4_addr(ip)

    def _ipv4_addr(self, ip: ipaddress.IPv4Address) -> str | None:
        key = str(ip)
        if key in self._keep or key in PUBLIC_IPS:
            return None
        if ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip in _LINK_LOCAL_V4 or _is_netmask(ip):
            return None
        if int(ip) == 0xFFFFFFFF:
            return None
        found = self._map.get(key)
        if found is not None:
            return found
        if any(ip in net for net in _PRIVATE_V4):
            a, b, c, d = key.split(".")
            subnet = self._assign(
                f"{a}.{b}.{c}.0/24",
                "v4net",
                lambda n: f"10.{n // 256}.{n % 256}.0/24",
                lambda low: low[: -len("0/24")],  # "10.0.1." must not occur in the real text
            )
            standin = subnet[: -len("0/24")] + d
            self._map[key] = standin
            self._used.add(standin)
            return standin
        return self._assign(key, "v4", self._public_v4)

    @staticmethod
    def _public_v4(n: int) -> str:
        pool, offset = divmod(n - 1, 254)
        if pool < len(_PUBLIC_POOLS):
            return f"{_PUBLIC_POOLS[pool]}{offset + 1}"
        return str(ipaddress.IPv4Address(0xF0000000 + n))

    def _ipv6(self, text: str) -> str | None:
        address, _, zone = text.partition("%")
        if not any(c.isdigit() for c in address):  # "cafe::bad" is more likely C++ than an address
            return None
        try:
            ip = ipaddress.IPv6Address(address)
        except ValueError:
            return None
        suffix = f"%{zone}" if zone else ""
        if ip.ipv4_mapped is not None:
            mapped = self._ipv4_addr(ip.ipv4_mapped)
            return None if mapped is None else f"::ffff:{mapped}{suffix}"
        key = ip.compressed
        if key in self._keep or key in PUBLIC_IPS or ip.is_loopback or ip.is_unspecified or ip.is_multicast:
            return None
        found = self._map.get(key)
        if found is not None:
            return found + suffix
        iid = int(ip) & (2**64 - 1)
        if iid >= 0x10000:  # derived from a MAC, or random: replace it
            iid = self._iid(key)
        if ip.is_link_local:
            if iid < 0x10000 and int(ip) >> 64 == 0xFE80 << 48:
                return None  # fe80::1: a router's usual address, nothing to hide
            standin = str(ipaddress.IPv6Address((0xFE80 << 112) | iid))
            while iid >= 0x10000 and (self._in_corpus(standin) or standin in self._used):
                iid = self._iid(key)
                standin = str(ipaddress.IPv6Address((0xFE80 << 112) | iid))
        else:
            net = ipaddress.IPv6Network((int(ip) >> 64 << 64, 64))
            ula = ip in ipaddress.IPv6Network("fc00::/7")
            subnet = self._assign(
                net.compressed,
                "ula" if ula else "v6net",
                (lambda n: f"fd00:0:0:{n:x}::/64") if ula else (lambda n: f"2001:db8:0:{n:x}::/64"),
                lambda low: low[: -len("::/64")] + ":",
            )
            prefix = int(ipaddress.IPv6Network(subnet).network_address)
            standin = str(ipaddress.IPv6Address(prefix | iid))
        self._map[key] = standin
        self._used.add(standin)
        return standin + suffix

    def _iid(self, key: str) -> int:
        n = 1
        while True:
            iid = (0xA << 16) | n
            if f":a:{n:x}" not in self._used:  # interface ids handed out are tracked as ":a:N"
                self._used.add(f":a:{n:x}")
                return iid
            n += 1

    # -- set-up ----------------------------------------------------------------------------------------------------

    def _add_keep(self, value: str) -> None:
        value = str(value).strip()
        if not value:
            return
        if "://" in value:
            host = urlsplit(value).hostname
            if host:
                self._add_keep(host)
            return
        low = value.lower().rstrip(".")
        with contextlib.suppress(ValueError):
            low = ipaddress.ip_address(low.strip("[]")).compressed
        self._keep.add(low)

    def _load(self, original: str, standin: str) -> None:
        key = original.strip().lower()
        with contextlib.suppress(ValueError):
            key = ipaddress.ip_address(key).compressed
        self._map[key] = standin
        self._used.add(standin.lower())
        first = standin.split(".", 1)[0].lower()
        if _HOST_STANDIN.fullmatch(first):  # host3.domain1.example: "host3" is taken too
            self._used.add(first)
        if _USER_STANDIN.fullmatch(standin):
            self._users.add(key)
        elif _HOST_STANDIN.fullmatch(standin) and "." not in key:
            self._hosts.add(key)
        else:
            return
        if len(key) < _WORD_LENGTH:
            self._short.add(key)
        self._names_dirty = True

    def _names_pattern(self) -> tuple[re.Pattern[str], ...]:
        """The known user and host names in free text, as whole words.

        A name of 3 characters or more matches in any letter case. A shorter one is too easily an ordinary word
        ("vm", "pc", "a", "I"): a 2-character name matches only as a whole token spelt exactly as collected ("vm"
        on a VM named vm, never the "VM" in "restart the VM", nor the file name vm.log), a 1-character one only
        as the user or host of an address (a@vm, anna@x, http://a:***@proxy).
        Wherever such a name is a whole field (system.hostname, a process's username), name() replaces it anyway,
        so the stand-in the mapping lists is in the report.
        """
        if self._names_dirty:
            known = {n for n in self._users | self._hosts if n not in self._keep}
            long = sorted((n for n in known if len(n) >= _WORD_LENGTH), key=len, reverse=True)
            short = sorted((n for n in self._short if n.lower() in known), key=len, reverse=True)
            two = "|".join(re.escape(n) for n in short if len(n) == 2)
            one = "|".join(re.escape(n) for n in short if len(n) == 1)
            patterns = []
            if long:
                alternation = "|".join(re.escape(n) for n in long)
                patterns.append(re.compile(rf"(?<![\w.\-])(?:{alternation})(?![\w\-])", re.IGNORECASE))
            if two:
                patterns.append(re.compile(rf"(?<![\w.\-])(?:{two})(?![\w\-]|\.\w)"))
            if one:  # a@vm, anna@x, http://a:***@proxy
                patterns.append(re.compile(rf"(?<![\w.\-@])(?:{one})(?=@|:[^\s@/]*@)|(?<=@)(?:{one})(?![\w\-]|\.\w)"))
            self._names = tuple(patterns)
            self._names_dirty = False
        return self._names


# -- reports ----------------------------------------------------------------------------------------------------------


# Data keys whose value is a host or user name as a whole, per diagnostics section (reportkit/collectors): replaced
# by their stand-in whatever their length. The network section has none (its proxy URLs are replaced as text).
NAME_FIELDS: dict[str, tuple[str, ...]] = {"system": ("hostname", "username")}


def _walk_strings(value: Any, wording: bool = False) -> Iterable[str]:
    """Every string in `value`; of a message its data only (`wording`: its English too)."""
    if isinstance(value, Said | Joined):
        if wording:
            yield str(value)
        yield from messages.data_strings(plain_data(value))
    elif isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _walk_strings(v, wording)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield k
            yield from _walk_strings(v, wording)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk_strings(getattr(value, f.name), wording)


def _find_key(value: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                found.append(v)
            found.extend(_find_key(v, key))
    elif isinstance(value, list | tuple):
        for v in value:
            found.extend(_find_key(v, key))
    return found


def keep_for(report: Report) -> set[str]:
    """The values the recipient needs to see as they are (reportkit/recipients.py says which, per culprit).

    For the cloud provider and the service's operator — and with no verdict, when the request goes to the service's
    own support — the server's IP and host name and the URL's host (they must find the VM). For the ISP the public
    IP address if the diagnostics found one.
    """
    from reportkit import recipients

    service = report.service
    url_host = None
    if service.url:
        url_host = urlsplit(service.url if "://" in service.url else f"//{service.url}").hostname
    values: dict[str, list[str]] = {
        "service.host": [service.host] if service.host else [],
        "service.hostname": [service.hostname] if service.hostname else [],
        "service.url-host": [url_host] if url_host else [],
        "diagnostics.public_ip": [
            item
            for section in report.diagnostics.sections
            for value in _find_key(section.data, "public_ip")
            for item in (value if isinstance(value, list | tuple) else [value])
            if isinstance(item, str) and item
        ],
    }
    verdict = report.verdict
    if verdict is None:
        kept = recipients.keeps(None, situation=report.problem.situation)
    else:
        kept = recipients.keeps(
            verdict.culprit, str(verdict.contact.get("role") or "") or None, report.problem.situation
        )
    return {value for key in kept for value in values[key]}


def _contact_hosts(contact: Mapping[str, Any]) -> set[str]:
    """Host names in the recipient's own contact details (support e-mail, portal): public, never replaced."""
    hosts: set[str] = set()
    for value in _walk_strings(dict(contact)):
        if "://" in value:
            host = urlsplit(value).hostname
            if host:
                hosts.add(host)
        elif "@" in value:
            hosts.add(value.rpartition("@")[2])
    return hosts


def anonymize_report(
    report: Report, mapping: Mapping[str, str] | None = None, keep: Iterable[str] = ()
) -> tuple[Report, dict[str, str]]:
    """A copy of `report` with identifiers replaced, and the mapping (original -> stand-in) to store privately.

    Left as they are: the reporter (support must know who asks), the verdict's contact (the recipient's own
    details), the identifiers the user gave for support (account, service and VM ids), the verdict's codes, the
    metadata except its warnings, and attachment checksums. Meta.anonymized becomes True.
    """
    service = report.service
    contact = report.verdict.contact if report.verdict else {}
    keep_all = [*keep, *_contact_hosts(contact)]
    keep_all += [v for v in (service.vm_name, service.account_id, service.service_id) if v]
    anon = Anonymizer(mapping, keep_all)
    anon.reserve(*_walk_strings(report, wording=True))

    system = report.diagnostics.get("system")
    if system is not None:
        hostname = system.data.get("hostname")
        if isinstance(hostname, str) and hostname:
            anon.add_host(hostname.split(".", 1)[0])  # the machine's own name, also on its own
            anon.add_host(hostname)
        for key in ("top_cpu", "top_memory"):
            for proc in system.data.get(key) or []:
                if isinstance(proc, dict) and isinstance(proc.get("username"), str):
                    anon.add_user(proc["username"])
    anon.add_host(service.hostname)
    if service.url:
        anon.add_host(urlsplit(service.url if "://" in service.url else f"//{service.url}").hostname)

    targets = (report.problem, report.service, report.evidence, report.diagnostics, report.meta.warnings)
    for value in _walk_strings(targets):
        anon.discover(value)

    def each(value: Any, names: tuple[str, ...] = ()) -> Any:
        """`value` anonymised; a string under one of the dict keys `names` is a whole name (Anonymizer.name). A
        message keeps its context: only its data changes."""
        if isinstance(value, Said | Joined):
            return messages.remap(plain_data(value), anon.text)
        if isinstance(value, str):
            return anon.text(value)
        if isinstance(value, tuple):
            return tuple(each(v, names) for v in value)
        if isinstance(value, list):
            return [each(v, names) for v in value]
        if isinstance(value, dict):
            return {
                (each(k) if isinstance(k, str) else k): (
                    anon.name(v) if k in names and type(v) is str else each(v, names)
                )
                for k, v in value.items()
            }
        return value

    def fields(obj: Any, names: Iterable[str]) -> Any:
        return dataclasses.replace(obj, **{n: each(getattr(obj, n)) for n in names})

    problem = fields(report.problem, [f.name for f in dataclasses.fields(report.problem)])
    new_service = fields(report.service, ("name", "host", "hostname", "url"))
    errors = tuple(fields(e, ("text", "source", "note")) for e in report.evidence.errors)
    attachments = tuple(fields(a, ("name", "caption")) for a in report.evidence.attachments)
    sections = tuple(
        dataclasses.replace(s, reason=each(s.reason), data=each(s.data, NAME_FIELDS.get(s.name, ())))
        for s in report.diagnostics.sections
    )
    verdict = fields(report.verdict, ("evidence", "warnings", "next_steps")) if report.verdict else None
    meta = dataclasses.replace(report.meta, warnings=each(report.meta.warnings), anonymized=True)
    new = dataclasses.replace(
        report,
        meta=meta,
        service=new_service,
        problem=problem,
        evidence=dataclasses.replace(report.evidence, errors=errors, attachments=attachments),
        diagnostics=dataclasses.replace(report.diagnostics, sections=sections),
        verdict=verdict,
    )
    return new, anon.mapping
