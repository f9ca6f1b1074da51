"""Build the secrets corpus: synthetic secrets in published shapes, each embedded in three contexts.

Deterministic: `build(seed)` gives the same corpus for the same seed. Nothing here is a real key: every value is
random characters in the provider's charset, length and prefix (with the public checksum where the format has one:
GitHub's CRC32 suffix, Luhn for cards, ISO 13616 mod 97 for IBANs).

An `Example` is one secret (or, for a URL or a connection string, the one or two secret parts of it) embedded in
three fields: `sentence` (a labelled sentence as a user writes it), `line` (a config, log or command line as a user
pastes it) and `repeat` (the same value again in another field, with little or no context). Each field records the
exact spans (start, end) of every occurrence of every secret value: those characters must disappear.
"""

from __future__ import annotations

import base64
import binascii
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.secrets_corpus import ordinary

HERE = Path(__file__).parent

CHARSETS: dict[str, str] = {
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "h": "0123456789abcdef",
    "H": "0123456789ABCDEF",
    "d": "0123456789",
    "l": "abcdefghijklmnopqrstuvwxyz0123456789",
    "u": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "L": "abcdefghijklmnopqrstuvwxyz",
    "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "U": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "w": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    "b": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "3": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    "z": "abcdefghijklmnopqrstuvwxyz234567",
    "B": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
}
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # pybase62's default order


@dataclass(frozen=True)
class Provider:
    service: str
    kind: str
    template: str
    prefixed: bool  # the value alone names the service; otherwise only the label does
    label: str  # the environment-variable style name it is usually stored under
    source: str


@dataclass(frozen=True)
class Field:
    name: str  # "sentence" | "line" | "repeat"
    syntax: str  # which template made it (e.g. "yaml", "curl -u", "fi:label-value")
    text: str
    spans: tuple[tuple[int, int], ...]  # every occurrence of every secret value in `text`


@dataclass(frozen=True)
class Example:
    id: str
    cls: str  # "provider-token", "provider-labelled", "command", "file-syntax", "url", "password-word", "payment"
    kind: str  # provider/kind, command form, syntax, language …
    secrets: tuple[str, ...]
    fields: tuple[Field, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(f.text for f in self.fields)


@dataclass(frozen=True)
class Corpus:
    seed: int
    examples: tuple[Example, ...]
    ordinary: tuple[tuple[str, str], ...]  # (language, line): no secret, must come out unchanged
    providers: tuple[Provider, ...]


# -- values ------------------------------------------------------------------------------------------------------------


def load_providers() -> tuple[Provider, ...]:
    rows = []
    for line in (HERE / "providers.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        service, kind, template, prefixed, label, source = line.split("\t")
        rows.append(Provider(service, kind, template, prefixed == "yes", label, source))
    return tuple(rows)


def base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def github_token_body(rng: random.Random) -> str:
    """30 random base62 characters and the CRC32 of them, base62, six characters (GitHub's 2021 token format)."""
    body = "".join(rng.choice(CHARSETS["a"]) for _ in range(30))
    return body + base62(binascii.crc32(body.encode()), 6)


def github_checksum_ok(token: str) -> bool:
    body = token.split("_", 1)[1]
    return base62(binascii.crc32(body[:-6].encode()), 6) == body[-6:]


def fill(template: str, rng: random.Random) -> str:
    """Expand `{c:n}`, `{gh}`, `{uuid}`, `{UUID}` in a provider template."""
    out: list[str] = []
    i = 0
    while i < len(template):
        c = template[i]
        if c != "{":
            out.append(c)
            i += 1
            continue
        j = template.index("}", i)
        spec = template[i + 1 : j]
        i = j + 1
        if spec == "gh":
            out.append(github_token_body(rng))
        elif spec in ("uuid", "UUID"):
            u = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            out.append(u.upper() if spec == "UUID" else u)
        else:
            cs, n = spec.split(":")
            out.append("".join(rng.choice(CHARSETS[cs]) for _ in range(int(n))))
    return "".join(out)


def luhn_complete(partial: str) -> str:
    """`partial` plus the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def iban(country: str, bban: str) -> str:
    """An IBAN with valid ISO 13616 check digits for `bban`."""
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    return f"{country}{check:02d}{bban}"


_WORDS = ("Kissa", "Summer", "Tavasz", "Deniz", "Moskva", "Sonne", "Soleil", "Playa", "Koira", "Dragon", "Lumi")
_SYMBOLS = "!#*+-_.~^"


def password(rng: random.Random) -> str:
    """A password a person chose: a word, digits, often a symbol; or 10–14 random characters."""
    if rng.random() < 0.5:
        return rng.choice(_WORDS) + str(rng.randint(10, 2099)) + (rng.choice(_SYMBOLS) if rng.random() < 0.7 else "")
    n = rng.randint(10, 14)
    chars = CHARSETS["a"] + _SYMBOLS
    value = "".join(rng.choice(chars) for _ in range(n - 2))
    return value + rng.choice("0123456789") + rng.choice("abcdefghjkmnpqrstuvwxyz")


def pin(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(rng.choice((4, 4, 6))))


# -- embedding ---------------------------------------------------------------------------------------------------------


def _field(name: str, syntax: str, text: str, secrets: tuple[str, ...]) -> Field:
    spans: list[tuple[int, int]] = []
    for s in secrets:
        i = text.find(s)
        while i >= 0:
            spans.append((i, i + len(s)))
            i = text.find(s, i + len(s))
    spans.sort()
    assert spans, f"secret not in text: {text!r}"
    return Field(name, syntax, text, tuple(spans))


# A config, log or command line holding a labelled value: {L} = LABEL_NAME, {l} = label_name, {v} = value.
LINE_SYNTAXES: tuple[tuple[str, str], ...] = (
    ("export", "export {L}={v}"),
    ("export-quoted", 'export {L}="{v}"'),
    ("dotenv", "{L}={v}"),
    ("yaml", "  {l}: {v}"),
    ("yaml-quoted", "{l}: '{v}'"),
    ("json", '  "{l}": "{v}",'),
    ("toml", '{l} = "{v}"'),
    ("ini", "{l}={v}"),
    ("make", "{L} := {v}"),
    ("make-cond", "{L} ?= {v}"),
    ("php", "$config['{l}'] .= '{v}';"),
    ("key-dash", "{l} - '{v}'"),
    ("docker-env", "docker run -e {L}={v} registry.example.com/app:1.4.2"),
    ("powershell", '$env:{L}="{v}"'),
    ("cmd-set", "set {L}={v}"),
    ("log", "2024-05-02T10:11:12Z ERROR client: auth failed {l}={v} status=401"),
    ("header-bearer", "Authorization: Bearer {v}"),
    ("header-token", "Authorization: token {v}"),
    ("header-x", "X-Api-Key: {v}"),
    ("query", "GET https://api.example.com/v2/items?page=2&access_token={v} HTTP/1.1"),
    ("query-key", "https://api.example.com/v1/search?q=printer&api_key={v}"),
    ("cookie", "Cookie: theme=dark; session={v}; lang=fi"),
    ("curl-header", 'curl -sS -H "Authorization: Bearer {v}" https://api.example.com/v1/me'),
    ("python", '{l} = "{v}"  # TODO move to vault'),
    ("js", "const {l} = '{v}';"),
    ("go", '{l} := "{v}"'),
    ("k8s-env", "        - name: {L}\n          value: {v}"),
    ("xml", '<add key="{L}" value="{v}" />'),
)

# A labelled sentence. {S} = service, {v} = value.
SENTENCES: tuple[tuple[str, str], ...] = (
    ("en", "My {S} key is {v} and since this morning every call returns 401."),
    ("en", "I pasted the {S} token {v} into the settings page but nothing syncs."),
    ("en", "Here is the API key we use for {S}: {v}"),
    ("fi", "{S}-avaimeni on {v} ja se lakkasi toimimasta eilen."),
    ("hu", "A {S} kulcsunk: {v}, de mindig 401-et kapunk."),
    ("tr", "{S} anahtarım {v} ama artık çalışmıyor."),
    ("ru", "Мой ключ {S}: {v}, с утра всё время 401."),
)

REPEATS: tuple[str, ...] = (
    "Same as above: {v}",
    "(I also tried it on the test server with {v})",
    "{v}",
    "copied again just in case -> {v}",
    "Steps: 1. open settings 2. paste {v} 3. save",
    "sama arvo: {v}",
    "ugyanaz: {v}",
    "aynı değer: {v}",
    "то же самое: {v}",
)


def _snake(label: str) -> str:
    return label.lower()


def _embed(
    ex_id: str,
    cls: str,
    kind: str,
    secrets: tuple[str, ...],
    sentence: tuple[str, str],
    line: tuple[str, str],
    repeat: tuple[str, str],
) -> Example:
    fields = (
        _field("sentence", sentence[0], sentence[1], secrets),
        _field("line", line[0], line[1], secrets),
        _field("repeat", repeat[0], repeat[1], secrets),
    )
    return Example(ex_id, cls, kind, secrets, fields)


def _provider_examples(rng: random.Random, providers: tuple[Provider, ...], per: int) -> list[Example]:
    out: list[Example] = []
    for p in providers:
        for k in range(per):
            v = fill(p.template, rng)
            lang, st = rng.choice(SENTENCES)
            syntax, lt = rng.choice(LINE_SYNTAXES)
            line = lt.format(L=p.label, l=_snake(p.label), v=v)
            rt = rng.choice(REPEATS)
            cls = "provider-token" if p.prefixed else "provider-labelled"
            out.append(
                _embed(
                    f"{p.service}/{p.kind}/{k}",
                    cls,
                    f"{p.service}/{p.kind}",
                    (v,),
                    (f"{lang}:sentence", st.format(S=p.service, v=v)),
                    (syntax, line),
                    ("repeat", rt.format(v=v)),
                )
            )
    return out


# Credentials in commands people paste: {u} user, {p} password, {t} token.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("curl -u", "curl -u {u}:{p} https://api.example.com/v1/status"),
    ("curl --user", "curl --user '{u}:{p}' -X POST https://printer.local/api/jobs"),
    ("curl token header", 'curl -H "Authorization: Token {t}" https://api.example.com/v1/orders'),
    ("mysql -p", "mysql -u root -p{p} -h db.internal shop"),
    ("mysql -p quoted", "mysql -h 10.0.0.12 -u app -p'{p}' shop < dump.sql"),
    ("mysqldump --password", 'mysqldump -uroot --password="{p}" shop > shop.sql'),
    ("PGPASSWORD", "PGPASSWORD={p} psql -h db.example.com -U app shop"),
    ("postgres url", 'psql "postgres://app:{p}@db.example.com:5432/shop?sslmode=require"'),
    ("mongodb+srv", "mongosh 'mongodb+srv://admin:{p}@cluster0.ab1cd.mongodb.net/test'"),
    ("sqlserver", "Server=tcp:sql.example.com,1433;Database=shop;User Id=app;Password={p};Encrypt=True;"),
    ("netrc", "machine api.example.com login {u} password {p}"),
    ("docker login -p", "docker login -u {u} -p {p} registry.example.com"),
    ("--password", "backup-tool --host nas.local --user {u} --password {p} --dry-run"),
    ("--password=", "rclone config create nas webdav url=https://nas.local user={u} --password={p}"),
    ("redis-cli -a", "redis-cli -h cache.internal -a {p} ping"),
    ("redis url", "REDIS_URL=redis://:{p}@cache.internal:6379/0"),
    ("sshpass", "sshpass -p '{p}' ssh admin@10.0.0.5"),
    ("git clone url", "git clone https://{u}:{p}@git.example.com/team/app.git"),
    ("smbclient", "smbclient //nas/share -U {u}%{p}"),
    ("wget --password", "wget --user={u} --password={p} https://files.example.com/backup.tar.gz"),
    ("net use", "net use Z: \\\\nas\\share {p} /user:{u}"),
    ("amqp url", "amqp://{u}:{p}@rabbit.internal:5672/vhost"),
    ("ftp url", "ftp://{u}:{p}@ftp.example.com/incoming/"),
    ("openssl passin", "openssl pkcs12 -in cert.p12 -out cert.pem -nodes -passin pass:{p}"),
    ("htpasswd -b", "htpasswd -b /etc/nginx/.htpasswd {u} {p}"),
    ("jdbc", "jdbc:mysql://db.example.com:3306/shop?user={u}&password={p}"),
    ("ldapsearch -w", "ldapsearch -x -H ldap://dc1 -D cn={u},dc=corp -w {p} '(uid=anna)'"),
    ("psql conninfo", "psql 'host=db.example.com user={u} password={p} dbname=shop'"),
)
_USERS = ("anna", "admin", "app", "root", "mikko", "zsofi", "deniz", "ivan", "svc-backup")
_CMD_SENTENCES = (
    ("en", "I log in with the password {p} and it worked last week."),
    ("en", "The database password is {p}, nothing changed on our side."),
    ("fi", "Salasana on {p}, en ole vaihtanut sitä."),
    ("hu", "A jelszó: {p}, nem változtattam rajta."),
    ("tr", "Şifre: {p}, hiç değiştirmedim."),
    ("ru", "Пароль: {p}, я его не менял."),
)


def _command_examples(rng: random.Random, per: int) -> list[Example]:
    out: list[Example] = []
    for form, template in COMMANDS:
        for k in range(per):
            u = rng.choice(_USERS)
            token = "{" in template and "{t}" in template
            secret = fill("{a:40}", rng) if token else password(rng)
            line = template.format(u=u, p=secret, t=secret)
            lang, st = rng.choice(_CMD_SENTENCES)
            rt = rng.choice(REPEATS)
            out.append(
                _embed(
                    f"command/{form}/{k}",
                    "command",
                    form,
                    (secret,),
                    (f"{lang}:sentence", st.format(p=secret)),
                    (form, line),
                    ("repeat", rt.format(v=secret)),
                )
            )
    return out


# Generic labelled values in file and log syntaxes (no provider): the label is what says "secret".
_GENERIC_LABELS = (
    "DB_PASSWORD", "DB_PASS", "API_KEY", "CLIENT_SECRET", "SECRET_KEY", "AUTH_TOKEN", "ACCESS_TOKEN", "SMTP_PASSWORD",
    "REDIS_PASSWORD", "JWT_SECRET", "ENCRYPTION_KEY", "PRIVATE_TOKEN", "WEBHOOK_SECRET", "APP_SECRET", "LICENSE_KEY",
    "SESSION_SECRET", "MYSQL_ROOT_PASSWORD", "ADMIN_PASS", "WIFI_PASSWORD", "VPN_PSK",
)  # fmt: skip


def _generic_value(rng: random.Random, label: str) -> str:
    if "PASS" in label or "PSK" in label:
        return password(rng)
    return fill(rng.choice(("{w:32}", "{h:40}", "{a:24}", "{b:43}=", "{l:12}")), rng)


def _file_examples(rng: random.Random, per: int) -> list[Example]:
    out: list[Example] = []
    for syntax, lt in LINE_SYNTAXES:
        for k in range(per):
            label = rng.choice(_GENERIC_LABELS)
            v = _generic_value(rng, label)
            lang, st = rng.choice(_CMD_SENTENCES)
            out.append(
                _embed(
                    f"file/{syntax}/{k}",
                    "file-syntax",
                    syntax,
                    (v,),
                    (f"{lang}:sentence", st.format(p=v)),
                    (syntax, lt.format(L=label, l=label.lower(), v=v)),
                    ("repeat", rng.choice(REPEATS).format(v=v)),
                )
            )
    # Kubernetes Secret data: base64 of the password, the base64 is the secret
    for k in range(per * 2):
        pw = password(rng)
        b64 = base64.b64encode(pw.encode()).decode()
        manifest = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: {b64}\n"
        out.append(
            _embed(
                f"file/k8s-secret-data/{k}",
                "file-syntax",
                "k8s-secret-data",
                (b64,),
                ("en:sentence", f"The secret in the cluster has password {b64} (base64)."),
                ("k8s-secret-data", manifest),
                ("repeat", f"kubectl get secret db -o yaml shows {b64}"),
            )
        )
    # cookies that are sessions
    for k in range(per * 2):
        v = fill("{l:32}", rng)
        name = rng.choice(("_gitlab_session", "sessionid", "PHPSESSID", "connect.sid", "laravel_session"))
        out.append(
            _embed(
                f"file/set-cookie/{k}",
                "file-syntax",
                "set-cookie",
                (v,),
                ("en:sentence", f"My session cookie {name} is {v} if that helps."),
                ("set-cookie", f"Set-Cookie: {name}={v}; path=/; HttpOnly; Secure; SameSite=Lax"),
                ("repeat", f"Cookie: {name}={v}"),
            )
        )
    # whole-file shapes: Basic auth, Azure storage connection string, docker config auth, .pgpass, PEM, GCP JSON
    for k in range(per * 6):
        user, pw = rng.choice(_USERS), password(rng)
        basic = base64.b64encode(f"{user}:{pw}".encode()).decode()
        akey = fill("{b:86}==", rng)
        pem_body = "\n".join(fill("{b:64}", rng) for _ in range(6))
        pem = f"-----BEGIN PRIVATE KEY-----\n{pem_body}\n-----END PRIVATE KEY-----"
        shapes = (
            ("basic-auth", basic, f"Authorization: Basic {basic}"),
            ("azure-storage-conn", akey,
             f"DefaultEndpointsProtocol=https;AccountName=acmefiles;AccountKey={akey};EndpointSuffix=core.windows.net"),
            ("docker-config-auth", basic, f'{{"auths": {{"registry.example.com": {{"auth": "{basic}"}}}}}}'),
            ("pgpass", pw, f"db.example.com:5432:shop:{user}:{pw}"),
            ("pem-private-key", pem_body, pem),
            ("gcp-service-account", pem_body.replace("\n", "\\n"),
             '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n'
             + pem_body.replace("\n", "\\n") + '\\n-----END PRIVATE KEY-----\\n"}'),
        )  # fmt: skip
        syntax, secret, line = shapes[k % len(shapes)]
        out.append(
            _embed(
                f"file/{syntax}/{k}",
                "file-syntax",
                syntax,
                (secret,),
                ("en:sentence", f"This is what the config contains: {line}"),
                (syntax, line),
                ("repeat", rng.choice(REPEATS).format(v=secret)),
            )
        )
    return out


def _url_examples(rng: random.Random, per: int) -> list[Example]:
    out: list[Example] = []
    for k in range(per):
        uid = fill("{d:18}", rng)
        tok = fill("{w:68}", rng)
        url = f"https://discord.com/api/webhooks/{uid}/{tok}"
        out.append(_url_example(rng, f"url/discord-webhook/{k}", "discord-webhook", url, (tok,)))
        g1, g2, h = (
            str(uuid.UUID(int=rng.getrandbits(128))),
            str(uuid.UUID(int=rng.getrandbits(128))),
            fill("{h:32}", rng),
        )
        g3 = str(uuid.UUID(int=rng.getrandbits(128)))
        url = f"https://contoso.webhook.office.com/webhookb2/{g1}@{g2}/IncomingWebhook/{h}/{g3}"
        out.append(_url_example(rng, f"url/teams-webhook/{k}", "teams-webhook", url, (h,)))
        path = f"T{fill('{U:10}', rng)}/B{fill('{U:10}', rng)}/{fill('{a:24}', rng)}"
        url = f"https://hooks.slack.com/services/{path}"
        out.append(_url_example(rng, f"url/slack-webhook/{k}", "slack-webhook", url, (path,)))
        path = f"{fill('{d:7}', rng)}/{fill('{l:6}', rng)}"
        url = f"https://hooks.zapier.com/hooks/catch/{path}/"
        out.append(_url_example(rng, f"url/zapier-webhook/{k}", "zapier-webhook", url, (path,)))
        sig = fill("{h:64}", rng)
        akid = "AKIA" + fill("{3:16}", rng)
        url = (
            "https://reports-eu.s3.eu-north-1.amazonaws.com/uploads/report-2024.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            f"&X-Amz-Credential={akid}%2F20240502%2Feu-north-1%2Fs3%2Faws4_request&X-Amz-Date=20240502T101112Z"
            f"&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
        )
        out.append(_url_example(rng, f"url/s3-presigned/{k}", "s3-presigned", url, (akid, sig)))
        sig = fill("{h:256}", rng)
        url = (
            "https://storage.googleapis.com/acme-exports/orders.csv?X-Goog-Algorithm=GOOG4-RSA-SHA256"
            "&X-Goog-Credential=exporter%40acme.iam.gserviceaccount.com%2F20240502%2Fauto%2Fstorage%2Fgoog4_request"
            f"&X-Goog-Date=20240502T101112Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature={sig}"
        )
        out.append(_url_example(rng, f"url/gcs-signed/{k}", "gcs-signed", url, (sig,)))
        sig = fill("{b:43}", rng) + "%3D"
        url = (
            "https://acmefiles.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=sco&sp=rl"
            f"&se=2024-06-01T00:00:00Z&st=2024-05-01T00:00:00Z&spr=https&sig={sig}"
        )
        out.append(_url_example(rng, f"url/azure-sas/{k}", "azure-sas", url, (sig,)))
    return out


def _url_example(rng: random.Random, ex_id: str, kind: str, url: str, secrets: tuple[str, ...]) -> Example:
    sentence = rng.choice(
        (
            "The webhook/link we use is {u} and it stopped posting.",
            "Linkki on {u} mutta se ei toimi.",
            "A link: {u} — nem tölt be.",
            "Bağlantı {u} açılmıyor.",
            "Ссылка {u} не открывается.",
        )
    )
    line = rng.choice(
        (
            "2024-05-02 10:11:12 WARN notifier: POST {u} -> 404",
            'WEBHOOK_URL="{u}"',
            "  url: {u}",
            "curl -X POST -d @payload.json {u}",
        )
    )
    return _embed(
        ex_id,
        "url",
        kind,
        secrets,
        ("sentence", sentence.format(u=url)),
        ("line", line.format(u=url)),
        ("repeat", f"Again: {url}"),
    )


# Password and PIN words: (language, label, possessive sentence with {v}).
PASSWORD_WORDS: tuple[tuple[str, str, str], ...] = (
    ("en", "password", "my password is {v}"),
    ("en", "pw", "pw is {v} btw"),
    ("en", "pwd", "the pwd I use is {v}"),
    ("en", "passwd", "passwd was set to {v} by the installer"),
    ("en", "pass", "my pass is {v}"),
    ("en", "PIN", "my PIN is {v}"),
    ("fi", "salasana", "salasanani on {v}"),
    ("fi", "PIN-koodi", "PIN-koodini on {v}"),
    ("fi", "tunnusluku", "tunnuslukuni on {v}"),
    ("hu", "jelszó", "a jelszavam {v}"),
    ("hu", "PIN kód", "a PIN kódom {v}"),
    ("tr", "şifre", "şifrem {v}"),
    ("tr", "parola", "parolam {v}"),
    ("tr", "PIN kodu", "PIN kodum {v}"),
    ("ru", "пароль", "мой пароль {v}"),
    ("ru", "ПИН", "мой ПИН {v}"),
    ("ru", "ПИН-код", "мой ПИН-код {v}"),
    ("de", "Kennwort", "mein Kennwort ist {v}"),
    ("de", "Passwort", "mein Passwort lautet {v}"),
    ("fr", "mot de passe", "mon mot de passe est {v}"),
    ("es", "contraseña", "mi contraseña es {v}"),
)
_LABEL_FORMS = ("{label}: {v}", "{label} {v}", "{label} = {v}", "{Label}: {v}")


def _password_examples(rng: random.Random, per: int) -> list[Example]:
    out: list[Example] = []
    for lang, label, sentence in PASSWORD_WORDS:
        is_pin = "pin" in label.lower() or label in ("tunnusluku", "ПИН", "ПИН-код")
        for k in range(per):
            v = pin(rng) if is_pin else password(rng)
            form = _LABEL_FORMS[k % len(_LABEL_FORMS)]
            labelled = form.format(label=label, Label=label[:1].upper() + label[1:], v=v)
            kind = f"{lang}:{label}"
            out.append(
                _embed(
                    f"password/{lang}/{label}/{k}",
                    "password-word",
                    kind,
                    (v,),
                    (f"{lang}:sentence", f"Login fails. {sentence.format(v=v)}"),
                    (f"{lang}:{form}", labelled),
                    ("repeat", rng.choice(REPEATS).format(v=v)),
                )
            )
    return out


def _payment_examples(rng: random.Random, per: int) -> list[Example]:
    out: list[Example] = []
    for k in range(per):
        brand, head, n = rng.choice((("visa", "4", 16), ("mastercard", "5" + rng.choice("12345"), 16),
                                     ("amex", "3" + rng.choice("47"), 15), ("discover", "6011", 16)))  # fmt: skip
        card = luhn_complete(head + fill("{d:" + str(n - len(head) - 1) + "}", rng))
        shown = " ".join(card[i : i + 4] for i in range(0, len(card), 4)) if k % 2 else card
        out.append(
            _embed(
                f"payment/{brand}/{k}",
                "payment",
                f"card/{brand}",
                (shown,),
                ("en:sentence", f"The card number is {shown} and the payment is declined."),
                ("log", f"2024-05-02 10:11:12 payment declined card={shown} exp=12/27 code=05"),
                ("repeat", f"kortin numero: {shown}"),
            )
        )
        country, bban = rng.choice((("FI", fill("{d:14}", rng)), ("DE", fill("{d:18}", rng)),
                                    ("HU", fill("{d:24}", rng)), ("TR", "0" + fill("{d:21}", rng)),
                                    ("GB", "NWBK" + fill("{d:14}", rng)), ("FR", fill("{d:23}", rng))))  # fmt: skip
        value = iban(country, bban)
        shown = " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if k % 2 else value
        out.append(
            _embed(
                f"payment/iban-{country}/{k}",
                "payment",
                f"iban/{country}",
                (shown,),
                ("en:sentence", f"Refund to my account {shown}, please."),
                ("log", f"IBAN: {shown}"),
                ("repeat", f"tilinumero {shown}"),
            )
        )
    return out


def build(seed: int = 9) -> Corpus:
    """The whole corpus for `seed` (same seed, same corpus)."""
    rng = random.Random(seed)
    providers = load_providers()
    examples = (
        _provider_examples(rng, providers, per=3)
        + _command_examples(rng, per=6)
        + _file_examples(rng, per=4)
        + _url_examples(rng, per=8)
        + _password_examples(rng, per=8)
        + _payment_examples(rng, per=20)
    )
    return Corpus(seed, tuple(examples), ordinary.lines(random.Random(seed + 1)), providers)
