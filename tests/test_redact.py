"""Redaction: every kind of secret goes, ordinary support text stays, and nothing is slow on hostile input.

All keys and numbers here are fake (documentation examples, test card numbers, made-up tokens).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time

import pytest
from fixtures import multilingual_report, sample_report

from reportkit.model import Attachment, Diagnostics, ErrorText, Evidence, Meta, Problem, Report, Section, Verdict
from reportkit.redact import RedactionSummary, Removed, find_secrets, kinds, redact_report, redact_text
from reportkit.redact.report import key_kind
from reportkit.secrets.shapes import iban_ok, luhn

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFubmEiLCJpYXQiOjE3MzIzNDg4MDB9"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u"
PEM = (
    f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n+ZxW2gF0qLkBhFH3pY7W9zRlmDGyC6A1cQ==\n-----END RSA PRIVATE KEY-----"
)
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AZURE_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# (text, kind, the secret that must disappear)
KIND_CASES = [
    ("password: hunter2", "password", "hunter2"),
    ("PIN: 4711", "pin", "4711"),
    (
        "curl -H 'Authorization: Bearer 8f2dKq9LmZx7Tp0WvR3s' https://api.example.com",
        "bearer-token",
        "8f2dKq9LmZx7Tp0WvR3s",
    ),
    (f"Cookie: session={JWT}; Path=/", "jwt", JWT),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws-key", "AKIAIOSFODNN7EXAMPLE"),
    (f"aws_secret_access_key = {AWS_SECRET}", "aws-secret", AWS_SECRET),
    (
        "export GITHUB_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234",
        "github-token",
        "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234",
    ),
    (
        "token github_pat_11ABCDEFG0aBcDeFgHiJkL_MnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVw",
        "github-token",
        "github_pat_11ABCDEFG0aBcDeFgHiJkL_MnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVw",
    ),
    (
        "git clone https://oauth2:glpat-x9Yk2LmN8pQr4StUv6Wz@gitlab.example.com/a/b.git",
        "gitlab-token",
        "glpat-x9Yk2LmN8pQr4StUv6Wz",
    ),
    (
        "SLACK_BOT_TOKEN=xoxb-2318349812-5123456789012-AbCdEfGhIjKlMnOpQrStUvWx",
        "slack-token",
        "xoxb-2318349812-5123456789012-AbCdEfGhIjKlMnOpQrStUvWx",
    ),
    (
        "webhook https://hooks.slack.com/services/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",
        "slack-token",
        "T0123ABCD/B0456EFGH/xYz123AbC456dEf789GhI012",
    ),
    ("stripe.api_key = 'sk_live_51HxYzAbCdEfGh1234567890'", "stripe-key", "sk_live_51HxYzAbCdEfGh1234567890"),
    ("rk_test_4eC39HqLyjWDarjtT1zdp7dc in the log", "stripe-key", "rk_test_4eC39HqLyjWDarjtT1zdp7dc"),
    ("maps?key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "google-api-key", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"),
    (
        "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
        "openai-key",
        "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
    ),
    (
        "DefaultEndpointsProtocol=https;AccountName=shopfiles;AccountKey=" + AZURE_ACCOUNT_KEY + ";EndpointSuffix=x",
        "azure-key",
        AZURE_ACCOUNT_KEY,
    ),
    ("client secret Abc8Q~dEfGhIjKlMnOpQrStUvWxYz012345678a", "azure-key", "Abc8Q~dEfGhIjKlMnOpQrStUvWxYz012345678a"),
    (
        "https://shopfiles.blob.core.windows.net/x?sv=2022-11-02&ss=b&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D",
        "azure-key",
        "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D",
    ),
    (f"here is the key:\n{PEM}\nthanks", "private-key", PEM_BODY),
    ("DATABASE_URL=postgres://shop:S3cr3t!pw@db.example.com:5432/shop", "url-credentials", "S3cr3t!pw"),
    ("card 4111 1111 1111 1111, exp 12/27", "card-number", "4111 1111 1111 1111"),
    ("Mastercard 5500-0000-0000-0004", "card-number", "5500-0000-0000-0004"),
    ("amex 3782 822463 10005", "card-number", "3782 822463 10005"),
    ("charged to 4012888888881881 twice", "card-number", "4012888888881881"),
    ("IBAN FI21 1234 5600 0007 85, BIC NDEAFIHH", "iban", "FI21 1234 5600 0007 85"),
    ("Überweisung an DE89 3704 0044 0532 0130 00 bitte", "iban", "DE89 3704 0044 0532 0130 00"),
    ("iban=GB29NWBK60161331926819;", "iban", "GB29NWBK60161331926819"),
    ("api_key: 9bX2kQ7mT4pL8vN3sR6wY1zC", "secret", "9bX2kQ7mT4pL8vN3sR6wY1zC"),
    ('{"client_secret": "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd"}', "secret", "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd"),
    ("the access token is 3f9a1c7e5b2d8f4a6c0e9b1d", "secret", "3f9a1c7e5b2d8f4a6c0e9b1d"),
    ("Authorization: Basic YW5uYTpodW50ZXIy", "secret", "YW5uYTpodW50ZXIy"),
]


@pytest.mark.parametrize(("text", "kind", "secret"), KIND_CASES, ids=[c[1] + str(i) for i, c in enumerate(KIND_CASES)])
def test_each_kind_is_redacted_and_named(text: str, kind: str, secret: str) -> None:
    out, found = redact_text(text)
    assert secret not in out
    assert f"[REDACTED:{kind}]" in out
    assert kind in [k for k, _ in found]
    assert any(secret in original for _, original in found)


def test_every_kind_has_a_case() -> None:
    """Every kind that is not a provider's (those are tested row by row in test_secret_providers) has a case here."""
    from reportkit.secrets.providers import kinds as provider_kinds
    from reportkit.secrets.urls import WEBHOOKS

    named = set(provider_kinds()) | {kind for _, _, kind in WEBHOOKS}
    assert set(kinds()) - named <= {kind for _, kind, _ in KIND_CASES}
    assert {kind for _, kind, _ in KIND_CASES} <= set(kinds())


# -- passwords and PINs, label kept, value gone -------------------------------------------------------------------

PHRASINGS = [
    # English
    ("password: hunter2", "password: [REDACTED:password]"),
    ("Password=Summer2024!", "Password=[REDACTED:password]"),
    (
        "passwd hunter2 # a label and a value with a digit",
        "passwd [REDACTED:password] # a label and a value with a digit",
    ),
    ("passwd hunter # no separator and only letters: a word", "passwd hunter # no separator and only letters: a word"),
    ("pwd: x9!q", "pwd: [REDACTED:password]"),
    ("pass: Tr0ub4dor&3", "pass: [REDACTED:password]"),
    ("my password is hunter2.", "my password is [REDACTED:password]."),
    ("The password is: hunter2", "The password is: [REDACTED:password]"),
    ("the wifi password is 'correct horse battery'", "the wifi password is '[REDACTED:password]'"),
    ("the password for the admin portal is Secret123!", "the password for the admin portal is [REDACTED:password]"),
    ("passcode 482913", "passcode [REDACTED:pin]"),
    ("my PIN is 1234", "my PIN is [REDACTED:pin]"),
    ("PIN code: 0000", "PIN code: [REDACTED:pin]"),
    ('{"user": "anna", "password": "pa\\"ss"}', '{"user": "anna", "password": "[REDACTED:password]"}'),
    ("DB_PASSWORD=s3cr3t", "DB_PASSWORD=[REDACTED:password]"),
    ("dbPassword: s3cr3t", "dbPassword: [REDACTED:password]"),
    ("password_confirmation=hunter2", "password_confirmation=[REDACTED:password]"),
    (
        "Server=db;User Id=anna;Password=hunter2;Database=shop",
        "Server=db;User Id=anna;Password=[REDACTED:password];Database=shop",
    ),
    ("/login?user=anna&password=hunter2&next=/", "/login?user=anna&password=[REDACTED:password]&next=/"),
    ("<password>hunter 2</password>", "<password>[REDACTED:password]</password>"),
    # Finnish
    ("salasana: Kissa123", "salasana: [REDACTED:password]"),
    ("Salasana on kesä2024", "Salasana on [REDACTED:password]"),
    ("tunnussana = ruis#leipä", "tunnussana = [REDACTED:password]"),
    ("PIN-koodi 4321", "PIN-koodi [REDACTED:pin]"),
    ("tunnusluku: 9876", "tunnusluku: [REDACTED:pin]"),
    ("salasanani kissa!42", "salasanani [REDACTED:password]"),
    # Hungarian
    ("jelszó: titok99", "jelszó: [REDACTED:password]"),
    ("a jelszavam titok99", "a jelszavam [REDACTED:password]"),
    ("PIN-kód: 1357", "PIN-kód: [REDACTED:pin]"),
    # Turkish
    ("şifre: abc123", "şifre: [REDACTED:password]"),
    ("Şifrem 123456", "Şifrem [REDACTED:password]"),
    ("modem parolası değil, parola: Gizli.42", "modem parolası değil, parola: [REDACTED:password]"),
    ("PIN kodu 5555", "PIN kodu [REDACTED:pin]"),
    ("wifi şifresi 12345678", "wifi şifresi [REDACTED:password]"),
    # Russian
    ("пароль: qwerty", "пароль: [REDACTED:password]"),
    ("мой пароль qwerty123", "мой пароль [REDACTED:password]"),
    ("Пароль — Zima2024", "Пароль — [REDACTED:password]"),
    ("ПИН-код: 1234", "ПИН-код: [REDACTED:pin]"),
    ("пин-код 9999", "пин-код [REDACTED:pin]"),
    ("PIN-код 2580", "PIN-код [REDACTED:pin]"),
    # German
    ("Passwort: Geheim42", "Passwort: [REDACTED:password]"),
    ("Das Kennwort lautet 'sommer'", "Das Kennwort lautet '[REDACTED:password]'"),
    ("mein Passwort ist Hallo#1", "mein Passwort ist [REDACTED:password]"),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_password_and_pin_phrasings(text: str, expected: str) -> None:
    assert redact_text(text)[0] == expected


# -- private keys -------------------------------------------------------------------------------------------------


def test_private_key_blocks_of_every_flavour() -> None:
    for header in ("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"):
        text = f"before\n-----BEGIN {header}-----\n{PEM_BODY}\n-----END {header}-----\nafter"
        assert redact_text(text)[0] == "before\n[REDACTED:private-key]\nafter"
    pgp = f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{PEM_BODY}\n=Ab12\n-----END PGP PRIVATE KEY BLOCK-----"
    assert redact_text(f"key: {pgp} end")[0] == "key: [REDACTED:private-key] end"


def test_unterminated_private_key_is_redacted_to_the_end() -> None:
    text = f"log line\n-----BEGIN OPENSSH PRIVATE KEY-----\n{PEM_BODY}\n[… truncated by reportkit]"
    out, found = redact_text(text)
    assert out == "log line\n[REDACTED:private-key]"
    assert [k for k, _ in found] == ["private-key"]


def test_two_private_keys_and_public_material_between() -> None:
    cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"
    text = f"{PEM}\n{cert}\n{PEM}"
    out, found = redact_text(text)
    assert out == f"[REDACTED:private-key]\n{cert}\n[REDACTED:private-key]"
    assert len(found) == 2
    assert redact_text("-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----")[1] == []


# -- URLs -----------------------------------------------------------------------------------------------------------


def test_url_credentials_keep_scheme_user_and_host() -> None:
    assert redact_text("https://anna:hunter2@shop.example.com/x")[0] == (
        "https://anna:[REDACTED:url-credentials]@shop.example.com/x"
    )
    assert redact_text("redis://:p4ss@cache:6379/0")[0] == "redis://:[REDACTED:url-credentials]@cache:6379/0"
    assert redact_text("ftp://anna:pa/ss@files.example.com")[0] == (
        "ftp://anna:[REDACTED:url-credentials]@files.example.com"
    )
    token_as_user = "https://ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234@github.com/a/b.git"
    assert "ghp_" not in redact_text(token_as_user)[0]


def test_urls_without_credentials_stay() -> None:
    for text in (
        "ssh://git@github.com/anna/shop.git",
        "https://medium.com/@anna/post",
        "https://shop.example.com:8443/checkout?step=2#pay",
        "mailto:support@nimbus-cloud.example",
    ):
        assert redact_text(text) == (text, [])


# -- cards and IBANs ------------------------------------------------------------------------------------------------


def test_luhn_and_mod97_helpers() -> None:
    assert luhn("4111111111111111") and not luhn("4111111111111112")
    assert iban_ok("FI2112345600000785") and iban_ok("DE89370400440532013000")
    assert not iban_ok("FI2112345600000786")


def test_card_numbers_need_luhn_a_card_shape_and_a_clean_edge() -> None:
    assert redact_text("4111111111111112")[1] == []  # fails Luhn
    assert redact_text("1234567890123")[1] == []  # fails Luhn
    assert redact_text("epoch ms 1732348800123")[1] == []  # 13 digits, no card network starts with 1
    assert redact_text("v4111111111111111")[1] == []  # glued to a letter: an identifier
    assert redact_text("ORD-4111-1111-1111-1111")[1] == []  # part of an order reference
    assert redact_text("1.4111111111111111")[1] == []  # a decimal
    assert redact_text("card: 4111 1111 1111 1111 05/27")[0] == "card: [REDACTED:card-number] 05/27"
    assert redact_text("4111111111111111.")[0] == "[REDACTED:card-number]."


def test_iban_needs_its_country_length_and_check_digits() -> None:
    assert redact_text("FI21 1234 5600 0007 86")[1] == []  # wrong check
    assert redact_text("FI21 1234 5600 0007 8")[1] == []  # too short for Finland
    assert redact_text("XX21 1234 5600 0007 85")[1] == []  # no such country
    sha = "de89370400440532013000ab9f2c1d0a7be54e4f6d1c3b2a8e7f6a5b4c3d2e1f"
    assert redact_text(f"sha256:{sha}")[1] == []


# -- what must survive ------------------------------------------------------------------------------------------------

HARMLESS = [
    "nginx/1.24.0 (Ubuntu) on Python 3.11.7, kernel 6.8.0-48-generic",
    "Since 2026-11-23 08:00 (UTC+2), every request at 08:00:14 fails",
    "client: 203.0.113.10, server 198.51.100.23:443, gateway 192.168.1.1, fe80::1",
    "Order ORD-2026-000123 and 1234567890123 (not a card), invoice 2026/11/0042",
    "Earlier tickets: INC-20418, INC-20433; case #448812",
    "Call me: +358 40 123 4567 or +1 (555) 010-4477",
    "passport, compass, spin, pinned, pinging, bypass, pinpoint, keyboard, monkey, tokenizer, authors",
    "I forgot my password and the PIN was rejected; password reset did not arrive",
    "the password is wrong / the password is not accepted / PIN is required / salasana on väärä",
    "Failed password for anna from 203.0.113.5 port 22 ssh2",
    "если кто-то узнает ПИН-код от вашей карты, а если вам что-то подпишут",
    "Пароль не подходит, şifremi unuttum, jelszó nélkül, Passwort vergessen",
    "attachment sha256:9f2c1d0a7be54e4f6d1c3b2a8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f",
    "commit 4f1c2a9 Merge branch 'main'; token_type: Bearer; Bearer <token>; bearer authentication",
    "PWD=/home/anna/shop, OLDPWD=/tmp, password_policy=strict, password-protected zip",
    "key: value, sort key: created_at, Host key fingerprint SHA256:AbCdEf0123456789xyZAbCdEf",
    "public_key=AAAAB3NzaC1yc2EAAAADAQABAAABAQ, ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 anna@laptop",
    "password: ********, password=${DB_PASSWORD}, password: <your password>, password: null",
    "Test summary — pass: 12, fail: 0",
    "PIN 22 on the GPIO header, pin 7 is ground",
    "Memory 16749330432 bytes, rss 1356808192, 4.4 %, load 1.42 0.97 0.88",
    "UUID 123e4567-e89b-12d3-a456-426614174000 and MAC 3c:91:80:4e:2a:17",
    '  File "app.py", line 12, in login: password = request.form["password"]',
    '    pin = os.environ.get("APP_PIN"); token = self.session_token; log("password=%s")',
    "stats.sort(key=Statistic._sort_key); token: ListExecutionsPageToken; api_key = config.api_key",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_support_text_is_left_alone(text: str) -> None:
    assert redact_text(text) == (text, [])


def test_fixture_reports_have_nothing_to_redact() -> None:
    for report in (sample_report(), multilingual_report()):
        redacted, summary = redact_report(report)
        assert summary.total == 0, summary.removed
        assert dataclasses.replace(redacted, meta=report.meta) == report


def test_seed_satire_mentions_a_pin_without_giving_one() -> None:
    text = (
        "«Электронная подпись на пластиковой карте — это как подпись, но она вроде электронная, поэтому ничего "
        "страшного, если кто-то узнает ПИН-код от вашей карты, а если вам что-то подпишут, вы всегда можете это "
        "отменить, или доказать это."
    )
    assert redact_text(text) == (text, [])
    told = text.replace("ПИН-код от вашей карты", "ПИН-код от вашей карты: 4921")
    assert "4921" not in redact_text(told)[0]


# -- robustness -------------------------------------------------------------------------------------------------------


def test_binary_junk_control_characters_and_lone_surrogates() -> None:
    junk = "\x00\x01\x1b[31m\ud800\udfff\ufffe" + bytes(range(256)).decode("latin-1")
    for text in (junk, junk * 50, f"{junk}password: x\ud800y {junk}", "\ud83dpin: 12\udc3d34"):
        out, found = redact_text(text)
        out.encode("utf-8", "surrogatepass")
        assert len(found) == out.count("[REDACTED:")
    out, found = redact_text("password: \ud800secret")
    assert out == "password: [REDACTED:password]"
    report, summary = redact_report(_report(problem=Problem(description="password: \udc80x")))
    assert summary.total == 1
    json.dumps(report.to_dict())
    summary.removed[0].preview.encode("utf-8")  # a preview is always printable and encodable


def test_redaction_is_idempotent_and_counts_match() -> None:
    text = " ".join(t for t, _, _ in KIND_CASES) + " " + " ".join(t for t, _ in PHRASINGS)
    out, found = redact_text(text)
    assert out.count("[REDACTED:") == len(found)
    assert redact_text(out) == (out, [])
    hits = find_secrets(text)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(hits))


def test_existing_marker_text_is_not_a_hiding_place() -> None:
    out, found = redact_text("password=x[REDACTED:pin]")
    assert out == "password=[REDACTED:password][REDACTED:pin]" and found == [("password", "x")]


PATHOLOGICAL = {
    "a": "a" * 1_000_000,
    "=": "=" * 1_000_000,
    "0": "0" * 1_000_000,
    "0 ": "0 " * 500_000,
    "4111 ": "4111 " * 200_000,
    "password=": "password=" * 111_111,
    "password ": "password " * 111_111,
    "password is ": "password is " * 83_333,
    "key=": "key=" * 250_000,
    "token: ": "token: " * 142_857,
    "pwd=/": "pwd=/" * 200_000,
    "-----BEGIN": "-----BEGIN" * 100_000,
    "-----BEGIN RSA PRIVATE KEY-----": "-----BEGIN RSA PRIVATE KEY-----" * 32_258,
    "://": "://" * 333_333,
    "http://a:b@": "http://a:b@" * 90_909,
    "eyJ": "eyJ" * 333_333,
    "DE00 ": "DE00 " * 200_000,
    "bearer ": "bearer " * 142_857,
    "é": "é" * 1_000_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_hostile_input_is_linear(name: str) -> None:
    """1 MB of one repeated pattern. The budget (0.5 s each) is measured by benchmarks/redact.py; here the bound is
    loose enough for a busy CI machine but still catches any quadratic blow-up (which takes minutes)."""
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    out, found = redact_text(text)
    assert time.perf_counter() - started < 3.0
    assert out.count("[REDACTED:") == len(found)


# -- whole reports ----------------------------------------------------------------------------------------------------


def _report(**changes: object) -> Report:
    base = Report(meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_redact_report_covers_every_field() -> None:
    secret = "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd"
    labelled = f"api_key={secret}"
    report = _report(
        problem=Problem(summary="login fails", description=f"I typed password: hunter2 and {labelled}"),
        evidence=Evidence(
            errors=(ErrorText(text=f"Traceback …\n{labelled}", source="file:app.log", note=labelled),),
            attachments=(
                Attachment(name=f"screen-{labelled}.png", size=10, sha256="0" * 64, caption=f"shows {labelled}"),
            ),
        ),
        diagnostics=Diagnostics(
            sections=(
                Section(
                    name="network",
                    status="ok",
                    reason=labelled,
                    data={
                        "proxies": {"https_proxy": "http://anna:hunter2@proxy.example.com:3128"},
                        "env": [{"name": "X", "value": labelled}],
                        labelled: "a key with a secret in it",
                        "service": {"password": "plain", "apiKey": secret, "pin": 1234, "password_set": True},
                    },
                ),
            )
        ),
        verdict=Verdict(
            culprit="service",
            finding="app-error",
            confidence="high",
            evidence=(labelled,),
            warnings=(labelled,),
            next_steps=(f"rotate {labelled}",),
            contact={"note": labelled},
        ),
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00", warnings=(labelled,)),
    )
    redacted, summary = redact_report(report)
    dumped = json.dumps(redacted.to_dict(), ensure_ascii=False)
    for gone in (secret, "hunter2", '"plain"', "1234"):
        assert gone not in dumped
    data = redacted.diagnostics.sections[0].data
    assert data["service"] == {
        "password": "[REDACTED:password]",
        "apiKey": "[REDACTED:secret]",
        "pin": "[REDACTED:pin]",
        "password_set": True,
    }
    assert data["proxies"]["https_proxy"] == "http://anna:[REDACTED:url-credentials]@proxy.example.com:3128"
    assert "api_key=[REDACTED:secret]" in data
    assert redacted.evidence.attachments[0].caption == "shows api_key=[REDACTED:secret]"
    assert summary.counts == {"password": 2, "pin": 1, "secret": 14, "url-credentials": 1}
    assert summary.total == 18 == len(summary.removed)
    assert redacted.meta.redactions == summary.counts
    fields = {r.field for r in summary.removed}
    assert {
        "problem.description",
        "evidence.errors[0].text",
        "evidence.errors[0].note",
        "evidence.attachments[0].name",
        "evidence.attachments[0].caption",
        "diagnostics.sections[0].reason",
        "diagnostics.sections[0].data.proxies.https_proxy",
        "diagnostics.sections[0].data.env[0].value",
        "diagnostics.sections[0].data(a key)",  # named without the key: a key can hold the secret
        "diagnostics.sections[0].data.service.password",
        "diagnostics.sections[0].data.service.pin",
        "verdict.evidence[0]",
        "verdict.warnings[0]",
        "verdict.next_steps[0]",
        "verdict.contact.note",
        "meta.warnings[0]",
    } <= fields


def test_previews_never_give_the_secret_away() -> None:
    _, summary = redact_report(_report(problem=Problem(description="PIN: 4711 and password: correcthorse")))
    assert summary.removed == (
        Removed("problem.description", "pin", "…(4 chars)"),
        Removed("problem.description", "password", "co…(12 chars)"),
    )


def test_counts_merge_with_earlier_ones_and_a_second_run_adds_nothing() -> None:
    report = _report(problem=Problem(description="password: hunter2, PIN: 1234"))
    report = dataclasses.replace(report, meta=dataclasses.replace(report.meta, redactions={"password": 2, "jwt": 1}))
    once, first = redact_report(report)
    assert first == RedactionSummary(
        {"password": 1, "pin": 1},
        (
            Removed("problem.description", "password", "…(7 chars)"),
            Removed("problem.description", "pin", "…(4 chars)"),
        ),
        distinct=2,
    )
    assert once.meta.redactions == {"jwt": 1, "password": 3, "pin": 1}
    twice, second = redact_report(once)
    assert second.total == 0 and twice == once
    assert Report.from_dict(json.loads(json.dumps(once.to_dict()))) == once


def test_dict_keys_that_name_a_secret() -> None:
    expected = {
        "password": "password",
        "dbPassword": "password",
        "DB_PASSWORD": "password",
        "smtp_pass": "password",
        "pin_code": "pin",
        "PIN": "pin",
        "apiKey": "secret",
        "client_secret": "secret",
        "AWS_SECRET_ACCESS_KEY": "aws-secret",
        "AccountKey": "azure-key",
        "pass": None,  # {"pass": 12, "fail": 0}
        "passed": None,
        "password_set": None,
        "token_type": None,
        "public_key": None,
        "key": None,
    }
    assert {k: key_kind(k) for k in expected} == expected
    data = {"tests": {"pass": 12, "fail": 0}, "smtp": {"smtp_pass": "x", "token_type": "Bearer"}}
    redacted, summary = redact_report(_report(diagnostics=Diagnostics((Section("s", "ok", data=data),))))
    assert redacted.diagnostics.sections[0].data == {
        "tests": {"pass": 12, "fail": 0},
        "smtp": {"smtp_pass": "[REDACTED:password]", "token_type": "Bearer"},
    }
    assert summary.counts == {"password": 1}
