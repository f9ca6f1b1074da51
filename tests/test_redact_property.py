"""Property tests: generated secrets of every kind, placed anywhere in a report, never survive redaction;
harmless text always does; and redaction never crashes and never finds more on a second run."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import random
import string
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportkit.model import (
    Attachment,
    Diagnostics,
    ErrorText,
    Evidence,
    Meta,
    Report,
    Reporter,
    Section,
    Service,
    Verdict,
)
from reportkit.redact import redact_report, redact_text
from reportkit.secrets.providers import TABLE, Row, table
from reportkit.secrets.shapes import IBAN_LENGTHS
from reportkit.secrets.values import looks_random

# moderate by default so the file runs in seconds; REPORTKIT_PROPERTY_EXAMPLES=5000 for a deeper search
EXAMPLES = int(os.environ.get("REPORTKIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"

# Surrounding text: no vowels (so no label, copula or scheme word), no capitals, no digits, no ":" "=" "/" "@" "-".
SAFE = "bcdfghjklmnqrstvwxzñßçжшщ"
SEPARATORS = [" ", "  ", "\n", "\t", ". ", ", ", "; ", " (", ") ", "! "]
safe_words = st.text(alphabet=SAFE, min_size=1, max_size=10)
safe_text = st.lists(st.tuples(safe_words, st.sampled_from(SEPARATORS)), max_size=12).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def fixed(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


def luhn_complete(body: str) -> str:
    """Append the check digit that makes `body` pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from([("4", 16), ("4", 13), ("51", 16), ("2221", 16), ("6011", 16), ("4", 19)]))
    body = prefix + draw(fixed(string.digits, length - len(prefix) - 1))
    digits = luhn_complete(body)
    style = draw(st.sampled_from(["plain", "space", "dash"]))
    if style == "plain" or length not in (16, 19):
        return digits
    sep = " " if style == "space" else "-"
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


@st.composite
def amex(draw: st.DrawFn) -> str:
    digits = luhn_complete(draw(st.sampled_from(["34", "37"])) + draw(fixed(string.digits, 12)))
    return f"{digits[:4]} {digits[4:10]} {digits[10:]}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(IBAN_LENGTHS)))
    bban = draw(fixed(UPPER_DIGITS, IBAN_LENGTHS[country] - 4))
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    compact = f"{country}{check:02d}{bban}"
    if draw(st.booleans()):
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@st.composite
def jwts(draw: st.DrawFn) -> str:
    claims = draw(st.dictionaries(st.sampled_from(["sub", "name", "iat", "exp"]), fixed(ALNUM, 8), min_size=1))
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = b64url(json.dumps(claims).encode())
    return f"{header}.{payload}.{b64url(draw(st.binary(min_size=32, max_size=32)))}"


random_token = st.text(alphabet=ALNUM, min_size=20, max_size=40).filter(looks_random)
password_values = st.text(alphabet=ALNUM + "!#%&*+?@^~", min_size=6, max_size=24).filter(
    lambda v: any(c.isdigit() for c in v) and v.lower() not in ("null", "none")
)
pin_values = fixed(string.digits, 4) | fixed(string.digits, 6)

PASSWORD_FORMS = [
    "password: {}",
    "Password={}",
    "my password is {}",
    "pwd: {}",
    "salasana: {}",
    "salasana on {}",
    "jelszó: {}",
    "jelszavam {}",
    "şifre: {}",
    "şifrem {}",
    "parola = {}",
    "пароль: {}",
    "мой пароль {}",
    "Passwort ist {}",
    "Kennwort: {}",
    '"password": "{}"',
]
PIN_FORMS = ["PIN: {}", "my PIN is {}", "PIN-koodi {}", "tunnusluku: {}", "PIN-kód: {}", "PIN kodu {}", "ПИН-код: {}"]


# -- issue 9's kinds: every provider token format, webhook URLs, credentials in commands -----------------------------


@dataclass(frozen=True)
class Format:
    row: Row  # reportkit.secrets.providers.table().rows[i]
    example: str  # its `example` column in providers.tsv


# Rows whose values the detector misses today whatever they are placed in (tests/test_secrets_detector.py holds the
# xfail cases): their examples fail for a reason that is not the generated value; they are tested there, not here.
KNOWN_MISSES = {
    "sidekiq-key": "a 'sid' label word rejected first hides the key label (LabelScan.rejected window)",
    "ipinfo-token": "the 'pin' inside 'IPINFO' rejected first hides the token label (LabelScan.rejected window)",
}


@cache
def formats() -> tuple[Format, ...]:
    """Every row of the provider table with its synthetic example (the TSV's rows in the order `table()` reads)."""
    lines = [
        line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    examples = [dict(zip(header, line.split("\t"), strict=False))["example"] for line in lines[1:]]
    rows = table().rows
    assert len(rows) == len(examples)
    return tuple(Format(r, e) for r, e in zip(rows, examples, strict=True) if r.kind not in KNOWN_MISSES)


def _category(c: str) -> str | None:
    if not (c.isascii() and c.isalnum()):
        return None
    return "digit" if c.isdigit() else "lower" if c.islower() else "upper"


def mutate(fmt: Format, rnd: random.Random) -> str:
    """The example with about half its letters and digits replaced by others of the same class (taken from the
    characters of that class the example uses, so hex stays hex and base32 stays base32); a replacement that would
    break the row's shape (a literal part, a fixed length) is undone. A new value of the format."""
    prefix = fmt.row.prefix
    body = list(fmt.example[len(prefix) :])
    pools: dict[str, list[str]] = {}
    for c in body:
        cat = _category(c)
        if cat is not None:
            pools.setdefault(cat, [])
            if c not in pools[cat]:
                pools[cat].append(c)
    for i, c in enumerate(body):
        cat = _category(c)
        if cat is None or rnd.random() < 0.5:
            continue
        body[i] = rnd.choice(pools[cat])
        if not fmt.row.body.fullmatch("".join(body)):
            body[i] = c
    return prefix + "".join(body)


@st.composite
def provider_tokens(draw: st.DrawFn) -> tuple[str, str]:
    fmt = draw(st.sampled_from(formats()))
    value = mutate(fmt, draw(st.randoms(use_true_random=False)))
    if fmt.row.prefix:  # the prefix names the service: bare, quoted, or after a key
        form = draw(st.sampled_from(["{}", "'{}'", '"{}"', "({})", "KEY={}", "token: {}", "`{}`"]))
        return form.format(value), value
    label = fmt.row.labels[0]
    env = label.upper().replace(" ", "_").replace("-", "_").replace(".", "_")
    form = draw(st.sampled_from([f"{env}_API_KEY={{}}", f"{label} token: {{}}", f'"{label}_secret": "{{}}"']))
    return form.format(value), value


WEBHOOK_FORMS = [
    ("https://hooks.slack.com/services/T{a:9}/B{a:10}/{a:24}", 29),
    ("https://discord.com/api/webhooks/{d:18}/{w:68}", 0),
    ("https://discordapp.com/api/webhooks/{d:19}/{w:68}", 0),
    ("https://acme.webhook.office.com/webhookb2/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}@{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"
     "/IncomingWebhook/{h:32}/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}", 0),
    ("https://hooks.zapier.com/hooks/catch/{d:7}/{l:7}/", 0),
    ("https://api.telegram.org/bot{d:10}:AA{w:33}/sendMessage", 0),
]  # fmt: skip
POOLS = {"a": string.ascii_uppercase + string.digits, "d": string.digits, "h": "0123456789abcdef", "w": B64URL,
         "l": string.ascii_lowercase + string.digits}  # fmt: skip


@st.composite
def webhook_urls(draw: st.DrawFn) -> tuple[str, str]:
    """(the URL, its secret part: everything after the fixed host and path)."""
    form, _ = draw(st.sampled_from(WEBHOOK_FORMS))
    out, i = [], 0
    while i < len(form):
        if form[i] == "{":
            j = form.index("}", i)
            pool, size = form[i + 1 : j].split(":")
            out.append(draw(fixed(POOLS[pool], int(size))))
            i = j + 1
        else:
            out.append(form[i])
            i += 1
    url = "".join(out)
    for fixed_part in ("/services/", "/webhooks/", "/webhookb2/", "/catch/", "/bot"):
        if fixed_part in url:
            secret = url.split(fixed_part, 1)[1].removesuffix("/sendMessage").rstrip("/")
            return url, secret
    raise AssertionError(url)


command_passwords = st.text(alphabet=ALNUM + "!*+^~", min_size=6, max_size=20).filter(
    lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v)
)
COMMAND_FORMS = [
    "curl -u anna:{} https://api.example.com/v1",
    "curl --user 'anna:{}' https://api.example.com/v1",
    "mysql -u root -p{} shop",
    "mysqldump -uroot -p'{}' shop",
    "docker login -u anna -p {} registry.example.com",
    "PGPASSWORD={} psql -h db -U anna shop",
    "sshpass -p '{}' ssh anna@host",
    "redis-cli -h cache -a {} ping",
    "ldapsearch -x -D cn=admin -w {} -b dc=example",
    "smbclient //srv/share -U anna%{}",
    "psql postgres://anna:{}@db.example.com:5432/shop",
    "mongodb+srv://svc:{}@cluster0.ab1cd.mongodb.net/shop",
    "Server=sql01;Database=shop;User Id=sa;Password={};Encrypt=yes",
    "machine api.example.com login anna password {}",
    "wget --user=anna --password={} https://x.example/f",
    "openssl pkcs12 -in a.p12 -passin pass:{}",
    "mongosh --username anna --password {} shop",
]


@st.composite
def command_credentials(draw: st.DrawFn) -> tuple[str, str]:
    value = draw(command_passwords)
    return draw(st.sampled_from(COMMAND_FORMS)).format(value), value


KIND_NAMES = [
    "password",
    "pin",
    "card",
    "amex",
    "iban",
    "aws-key",
    "aws-secret",
    "github",
    "gitlab",
    "slack",
    "stripe",
    "google",
    "openai",
    "jwt",
    "bearer",
    "private-key",
    "url",
    "secret",
    "azure",
    "provider",
    "webhook",
    "command",
]


@st.composite
def secrets(draw: st.DrawFn) -> tuple[str, str]:
    """(the text to embed, the secret that must not survive)."""
    kind = draw(st.sampled_from(KIND_NAMES))
    if kind == "password":
        value = draw(password_values)
        return draw(st.sampled_from(PASSWORD_FORMS)).format(value), value
    if kind == "pin":
        value = draw(pin_values)
        return draw(st.sampled_from(PIN_FORMS)).format(value), value
    if kind == "card":
        value = draw(card_numbers())
        return value, value
    if kind == "amex":
        value = draw(amex())
        return value, value
    if kind == "iban":
        value = draw(ibans())
        return value, value
    if kind == "aws-key":
        value = "AKIA" + draw(fixed(UPPER_DIGITS, 16))
        return value, value
    if kind == "aws-secret":
        value = draw(fixed(B64, 40).filter(looks_random))
        return f"aws_secret_access_key = {value}", value
    if kind == "github":
        value = draw(st.sampled_from(["ghp_", "gho_", "ghs_"])) + draw(fixed(ALNUM, 36))
        return value, value
    if kind == "gitlab":
        value = "glpat-" + draw(fixed(ALNUM + "_-", 20))
        return value, value
    if kind == "slack":
        value = f"xoxb-{draw(fixed(string.digits, 12))}-{draw(fixed(string.digits, 13))}-{draw(fixed(ALNUM, 24))}"
        return value, value
    if kind == "stripe":
        value = draw(st.sampled_from(["sk_live_", "sk_test_", "rk_live_"])) + draw(fixed(ALNUM, 24))
        return value, value
    if kind == "google":
        value = "AIza" + draw(fixed(ALNUM + "_-", 35))
        return value, value
    if kind == "openai":
        value = "sk-proj-" + draw(random_token)
        return value, value
    if kind == "jwt":
        value = draw(jwts())
        return value, value
    if kind == "bearer":
        value = draw(random_token)
        return f"Authorization: Bearer {value}", value
    if kind == "private-key":
        body = "\n".join(draw(st.lists(fixed(B64, 64), min_size=1, max_size=4)))
        value = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
        return value, body
    if kind == "url":
        value = draw(password_values.filter(lambda v: "@" not in v and "?" not in v))
        return f"https://anna:{value}@shop.example.com/x", value
    if kind == "provider":
        return draw(provider_tokens())
    if kind == "webhook":
        return draw(webhook_urls())
    if kind == "command":
        return draw(command_credentials())
    if kind == "azure":
        value = draw(fixed(B64, 86).filter(looks_random)) + "=="
        return f"AccountName=shop;AccountKey={value};EndpointSuffix=core.windows.net", value
    value = draw(random_token)
    label = draw(st.sampled_from(["api_key", "token", "client_secret", "X-Api-Key", "auth"]))
    sep = draw(st.sampled_from([": ", "=", " = ", " is "]))
    return f"{label}{sep}{value}", value


PLACES = [
    "problem.summary",
    "problem.description",
    "problem.tried",
    "service.name",
    "service.tickets",
    "evidence.error",
    "evidence.note",
    "evidence.attachment_name",
    "evidence.caption",
    "diagnostics.reason",
    "diagnostics.nested",
    "diagnostics.key",
    "verdict.evidence",
    "verdict.next_steps",
    "verdict.contact",
    "meta.warnings",
]


def base_report() -> Report:
    return Report(
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"),
        reporter=Reporter(name="Anna Virtanen"),
        verdict=Verdict(culprit="service", finding="app-error", confidence="high"),
    )


def place(report: Report, where: str, text: str) -> Report:
    section, _, part = where.partition(".")
    if section == "problem":
        field: dict[str, Any] = {part: text}
        return dataclasses.replace(report, problem=dataclasses.replace(report.problem, **field))
    if section == "service":
        value: Any = (text,) if part == "tickets" else text
        return dataclasses.replace(report, service=Service(**{part: value}))
    if section == "evidence":
        error = ErrorText(text=text if part == "error" else "x", note=text if part == "note" else None)
        attachment = Attachment(
            name=text if part == "attachment_name" else "a.png",
            size=1,
            sha256="0" * 64,
            caption=text if part == "caption" else None,
        )
        return dataclasses.replace(report, evidence=Evidence(errors=(error,), attachments=(attachment,)))
    if section == "diagnostics":
        data: dict[str, Any] = {"notes": []}
        if part == "nested":
            data = {"level": [{"deeper": {"value": text}}, 1, None]}
        elif part == "key":
            data = {text: 1}
        reason = text if part == "reason" else None
        return dataclasses.replace(
            report, diagnostics=Diagnostics(sections=(Section(name="s", status="ok", reason=reason, data=data),))
        )
    if section == "verdict":
        assert report.verdict is not None
        if part == "contact":
            return dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, contact={"note": text}))
        changes: dict[str, Any] = {part: (text,)}
        return dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, **changes))
    return dataclasses.replace(report, meta=dataclasses.replace(report.meta, warnings=(text,)))


def dumped(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def enc(value: str) -> str:
    """How `value` looks inside the JSON text."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


@SETTINGS
@given(secret=secrets(), before=safe_text, after=safe_text, where=st.sampled_from(PLACES))
def test_a_secret_anywhere_in_a_report_never_survives(
    secret: tuple[str, str], before: str, after: str, where: str
) -> None:
    never_survives(secret, before, after, where)


def never_survives(secret: tuple[str, str], before: str, after: str, where: str) -> None:
    snippet, value = secret
    assume(enc(value) not in dumped(place(base_report(), where, f"{before} {after}".strip() or "x")))
    report = place(base_report(), where, f"{before} {snippet} {after}".strip())
    assert enc(value) in dumped(report)
    redacted, summary = redact_report(report)
    assert enc(value) not in dumped(redacted)
    assert summary.total >= 1
    assert sum(redacted.meta.redactions.values()) == summary.total == len(summary.removed)


@SETTINGS
@given(
    secret=provider_tokens() | webhook_urls() | command_credentials(),
    before=safe_text,
    after=safe_text,
    where=st.sampled_from(PLACES),
)
def test_a_new_kind_anywhere_in_a_report_never_survives(
    secret: tuple[str, str], before: str, after: str, where: str
) -> None:
    """Issue 9's kinds on their own (the mixed strategy above draws them too, among the older kinds)."""
    never_survives(secret, before, after, where)


@SETTINGS
@given(secret=provider_tokens() | webhook_urls() | command_credentials(), where=st.sampled_from(PLACES))
def test_a_new_kind_found_once_is_removed_from_every_field(secret: tuple[str, str], where: str) -> None:
    """The secret with its context in the description, and bare again in another field: both copies go."""
    snippet, value = secret
    report = place(base_report(), where, f"again: {value}")
    report = dataclasses.replace(report, problem=dataclasses.replace(report.problem, description=snippet))
    redacted, summary = redact_report(report)
    assert enc(value) not in dumped(redacted)
    assert summary.distinct >= 1


def test_every_provider_format_is_drawn_from() -> None:
    """The strategy covers the table: every row but the known misses, and the mutation makes new values."""
    fmts = formats()
    assert len(fmts) == len(table().rows) - len(KNOWN_MISSES) >= 300
    rnd = random.Random(9)
    changed = sum(mutate(f, rnd) != f.example for f in fmts)
    assert changed >= 0.95 * len(fmts)
    assert all(f.row.body.fullmatch(mutate(f, rnd)[len(f.row.prefix) :]) for f in fmts)


@SETTINGS
@given(parts=st.lists(secrets(), min_size=1, max_size=5), filler=st.lists(safe_text, min_size=6, max_size=6))
def test_several_secrets_in_one_text(parts: list[tuple[str, str]], filler: list[str]) -> None:
    text = " ".join(f"{filler[i % 6]} {snippet}\n" for i, (snippet, _) in enumerate(parts))
    out, found = redact_text(text)
    for _, value in parts:
        assert value not in out
    assert out.count("[REDACTED:") == len(found) >= 1


numbers = st.integers(min_value=0, max_value=999).map(str)
harmless_words = safe_words | numbers | st.sampled_from(["nginx", "Ubuntu", "3.11.7", "08:00", "INC"])


@SETTINGS
@given(st.lists(st.tuples(harmless_words, st.sampled_from(SEPARATORS)), max_size=40))
def test_harmless_text_is_left_unchanged(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    assert redact_text(text) == (text, [])


FRAGMENTS = [
    "password",
    "PIN",
    "пароль",
    "şifre",
    "key",
    "token",
    "Bearer ",
    ": ",
    "=",
    " is ",
    " ",
    "\n",
    '"',
    "'",
    "4111",
    "1111",
    "-",
    "0",
    "FI21",
    "AKIA",
    "ghp_",
    "eyJ",
    ".",
    "://",
    "@",
    "anna",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----",
    "[REDACTED:pin]",
    "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd",
    "\ud800",
    "\x00",
    "é",
]


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60) | st.lists(st.text(max_size=8), max_size=20))
def test_never_crashes_and_a_second_run_finds_nothing(parts: list[str]) -> None:
    text = "".join(parts)
    out, found = redact_text(text)
    assert out.count("[REDACTED:") - text.count("[REDACTED:") == len(found)
    again, more = redact_text(out)
    assert more == [] and again == out
