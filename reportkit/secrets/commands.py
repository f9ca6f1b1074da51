"""Credentials in the command lines people paste: `curl -u user:pass`, `mysql -pSecret`, `sshpass -p …`,
`docker login -p …`, `redis-cli -a …`, `ldapsearch -w …`, `smbclient -U user%pass`, `htpasswd -b file user pass`,
`net use \\\\srv\\share pass`, `openssl … -passin pass:…`, `.netrc` and `.pgpass` lines.

`--password value` / `--token=value` and `PGPASSWORD=…` are labels (`context`); this module holds the forms whose
flag is not a word. Each tool is found by its name; its flags are read on the rest of that command (to the end of
the line or the next `|`, `;`, `&&`), so a `-p` elsewhere (`ssh -p 22`) is never read as a password.
"""

from __future__ import annotations

import re

from reportkit.secrets.values import is_reference

Hits = list[tuple[int, int, str, str]]

_V = r"(?P<v>'[^'\n]{1,256}'|\"[^\"\n]{1,256}\"|[^\s'\"]{1,512})"

# (tool names, the flag form with the value in group "v")
COMMANDS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (names, re.compile(form))
    for names, form in (
        (
            ("mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mysqlpump", "mariadb", "mariadb-dump"),
            rf"(?<!\S)(?:-p|--password=){_V}",
        ),
        (("sshpass",), rf"(?<!\S)-p[ \t]*{_V}"),
        (("redis-cli", "valkey-cli"), rf"(?<!\S)(?:-a|--pass)[ \t]+{_V}"),
        (
            ("docker login", "podman login", "nerdctl login", "helm registry login", "buildah login", "skopeo login"),
            rf"(?<!\S)(?:-p|--password)[ \t=]+{_V}",
        ),
        (
            ("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd", "ldapcompare"),
            rf"(?<!\S)-w[ \t]*{_V}",
        ),
        (
            ("smbclient", "rpcclient", "smbmap", "smbcacls", "crackmapexec", "netexec"),
            r"(?<!\S)(?:-U|--user(?:name)?)[ \t=]*['\"]?[^\s%'\"]{1,128}%(?P<v>[^\s'\"]{1,256})",
        ),
        (("htpasswd",), rf"(?<!\S)-[A-Za-z]*b[A-Za-z]*[ \t]+(?:-\S+[ \t]+)*(?:(?!-)\S+[ \t]+){{1,2}}{_V}"),
        (
            ("net use",),
            rf"\\\\[^\s]{{1,256}}[ \t]+(?!/){_V}|/user:[^\s]{{1,128}}[ \t]+(?!/){_V.replace('?P<v>', '?P<w>')}",
        ),
        (("curl",), r"(?<!\S)(?:-u|--user|--proxy-user|-U)[ \t=]*['\"]?[^\s:'\"]{0,128}:(?P<v>[^\s'\"]{1,256})"),
        (("wget",), rf"(?<!\S)--(?:http-|ftp-|proxy-)?password[ \t=]+{_V}"),
        (("openssl",), r"(?<!\S)-(?:passin|passout|pass|password|k)[ \t]+pass:(?P<v>[^\s'\"]{1,256})"),
        (
            ("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport"),
            rf"(?<!\S)(?:-p|--password)[ \t=]+{_V}",
        ),
        (("sqlcmd", "bcp", "osql"), rf"(?<!\S)-P[ \t]*{_V}"),
        (("lftp",), r"(?<!\S)-u[ \t]+[^\s,]{1,128},(?P<v>[^\s'\"]{1,256})"),
        (("7z", "7za", "rar", "unrar"), rf"(?<!\S)-p{_V}"),
        (("zip", "unzip"), rf"(?<!\S)-P[ \t]+{_V}"),
        (("xfreerdp", "wlfreerdp"), rf"(?<!\S)/p:{_V}"),
        (("rdesktop",), rf"(?<!\S)-p[ \t]+{_V}"),
        (("az login", "az ad", "az acr login"), rf"(?<!\S)(?:-p|--password)[ \t=]+{_V}"),
        (("ssh-keygen",), rf"(?<!\S)-[NP][ \t]+{_V}"),
        (("machine",), rf"(?<!\S)machine[ \t]+\S+(?:[ \t]+login[ \t]+\S+)?[ \t]+password[ \t]+{_V}"),
    )
)
_END = re.compile(r"\n|\|\|?|&&|;[ \t]")
_PGPASS = re.compile(
    r"^[ \t]{0,16}(?:[\w.\-*]{1,255}|\[[0-9A-Fa-f:]{2,45}\]):(?:\d{1,5}|\*):[^\s:]{1,128}:[^\s:]{1,128}:"
    r"(?P<v>(?:[^\s:\\]|\\.){1,512})$",
    re.M,
)
_HEX_GROUPS = re.compile(r"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){3,7}")  # a MAC or an IPv6 address, not a .pgpass line


def tool_atoms() -> dict[tuple[str, ...], re.Pattern[str]]:
    """Each tool name as atoms (a space inside a name is "\x01": one or more spaces), with its flag form."""
    return {tuple("\x01" if c == " " else c for c in name): form for names, form in COMMANDS for name in names}


class ToolScan:
    """The command-line rule over one text, one tool name at a time. A tool named again inside the command already
    read with the same flag form adds nothing ("curl -u a:curl -u a:…" is read once, in linear time)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.read_to: dict[int, int] = {}  # id(form) → end of the last command read with it

    def at(self, s: int, e: int, name: str, form: re.Pattern[str], hits: Hits) -> None:
        """The tool `name` was found at s:e (in the lower-cased text): read its flags on the rest of its command."""
        text = self.text
        if s and (text[s - 1].isalnum() or text[s - 1] in "_-."):
            return
        if s < self.read_to.get(id(form), -1):
            return
        stop = _END.search(text, e, e + 2048)
        end = stop.start() if stop else min(len(text), e + 2048)
        self.read_to[id(form)] = end
        start = e if name != "machine" else _line_start(text, s)
        for v in form.finditer(text, start, end):
            _value(v, hits)


def find_pgpass(text: str, hits: Hits) -> None:
    if ":" in text:
        for m in _PGPASS.finditer(text):
            if not _HEX_GROUPS.fullmatch(m.group()):
                _value(m, hits)


def _line_start(text: str, i: int) -> int:
    """Where the line holding i starts, looking back at most 512 characters (a 1 MB line is not searched per
    match)."""
    low = max(0, i - 512)
    j = text.rfind("\n", low, i)
    return j + 1 if j >= 0 else low


def _value(m: re.Match[str], hits: Hits) -> None:
    group = "v" if m.group("v") is not None else "w"
    s, e = m.span(group)
    value = m.group(group)
    if value[:1] in "'\"" and len(value) >= 2 and value[-1] == value[0]:
        s, e, value = s + 1, e - 1, value[1:-1]
    if (
        not value
        or value in ("-", "*")
        or is_reference(value)
        or value.startswith(("$", "env:", "file:", "fd:", "stdin"))
    ):
        return
    hits.append((s, e, "password", "high"))
