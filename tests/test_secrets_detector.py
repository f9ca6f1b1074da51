"""The secret detector (reportkit/secrets), case by case: every class of issue 9's "What leaks today" list and its
false positives, in the syntaxes and languages people paste, written for this file (not taken from the corpus).

Every value here is synthetic: random characters in the provider's published shape, never a real key.

A case that fails because the detector misses a secret (or changes ordinary text) is kept and marked
`xfail(strict=True, reason="detector: …")`: when the detector is fixed the mark must go.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import time
from collections.abc import Callable

import pytest

from reportkit.model import (
    Attachment,
    Diagnostics,
    ErrorText,
    Evidence,
    Meta,
    Problem,
    Report,
    Section,
    Service,
    Verdict,
)
from reportkit.quality import find_secret
from reportkit.redact import redact_report, redact_text
from reportkit.secrets import Finding, describe, kinds, scan

# -- synthetic values in published shapes -----------------------------------------------------------------------------

GLPAT = "glpat-edHBLjMPG_N-zyPnTZTO"
DOO = "doo_v1_edfc196ae5ded8114d7a52becf95659909348dd7846b6edd78adac3406ce7caf"
DOR = "dor_v1_3735ad91360f32a2e7dbdb4583edd2985d3c038cc92ab6a4241e647841307701"
DOP = "dop_v1_7be3381e403193a371c50bc0883fe718b34e436601f43dee88f7f67d9e0da073"
HRKU = "HRKU-tRRRdmyAnNVftinQ5UsLfSDFpHnpnPp_y787AX7DfB4XKuk5rwRiwH1O-eaP"
HRKU_UUID = "HRKU-3f0c9a1e-7b2d-4c8e-9a5f-1d2e3b4c5a6f"
SGP = "sgp_131bacace72d4862_6095c9699939c2f3fdfd9a02029ce3a762f95618"
NTN = "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"
SENDGRID = "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"
XAPP = "xapp-1-A09HJ2PNVWC-5269850497233-160ec638c5190ab3fdc6443aa226063dfe1c6bc030a9f221f8078e65cb6d5b77"
SENTRY = (
    "sntrys_eyJpYXQiOjE3NjcyMjU2MDAsInVybCI6Imh0dHBzOi8vc2VudHJ5LmlvIiwicmVnaW9uX3VybCI6Imh0dHBzOi8vZGUuc2VudHJ5Lm"
    "lvIiwib3JnIjoia2F1cHBhIn0=_WG2QcPvkRBqpm9a4eoKDfO5fn3TL1TwyY9FshgC1/hh"
)
ATLASSIAN = (
    "ATATT3xFfGF01qY_RD6KU1Ijd8GjkbW6VLtVOm0VeMYAGmmjrfANwacy-BYwnocvncvrff18DoOo-w46qtUjpodLms5xICGYnfujgtwMRs3S42"
    "mVAZsRKSlluMv3PhU3lahe6B7GunNhwlw3RlFbwKZD0n9Yl-XVz_0VDnA9JLZTL-U37TL_Cb=F41A57FA"
)
TELEGRAM = "5974582110:AAFTWKGBruWHoNvrEpcpTMktr9dYz2O0dlh"
GHP = "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"
GHO = "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"
AKIA = "AKIAUKJI5AFP6N2FLCK5"
AWS_SECRET = "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"
AWS_SECRET_SLASH = "/b9iKMCSHS66mS2CBa8RWwo/QKsFXUfn6sVIVR8J"  # base64: a secret key may start with "/"
OPENAI = (
    "sk-proj-yWAvD4bP6xKpEp5VhIONnwmojTJxLK4X_eYxZFscxptiwf8ESCtEdh-5GfJO-C28D4vQJJe9XnT3BlbkFJTn3zU18gJHFfsPRRw9ZSN3x"
    "N7z-ZLk8n6Zp9b2_G7Lx1Sq-W_B38vGXHcfQ_WVmoLo80pNwr9p"
)
AZURE_KEY_SLASH = "/Qx7mN2pL9vR4tK8wZ3yB6cF1hJ5sD0gA2eX7uM9nP4qT6rW8zV3bY5kC1fH0jL2oS9iU4aE7dG6wQ2xR8mN0pLw=="
SLACK_HOOK = "T0QIXC7EYH/B0M62K6YZHY/JpbqiXcN4QE2r8vSxrxVyLBr"
DISCORD = "279131250104228215/ZO1meMyE8TcLsuu9wh9yS5nfW6QgCXbcMUbqDOvbyM-tP4QSedtya0Iahx2ujyZZ-aIx"
TEAMS = (
    "8d2f4a6c-0e9b-4d3f-9a7c-9e2b4d6f8a0c@1e3b5d7f-9a2c-4e6b-8d0f-1a3f9a1c7e5b/IncomingWebhook/"
    "3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c9e/2b4d6f8a-0c1e-4b5d-8f9a-2c4e6b8d0f1a"
)
ZAPIER = "0900994/rww0jeo"
S3SIG = "9e65900c1c4c0eb209848ac7b9703dd8ca31281c86318dc214aed7035e1b3e4a"
GCSSIG = (
    "03afb2d6ac9c664931e136e671a18de85551c137766108a5ce8944eb39ccf4592852a1ca9b9838596d637bc7f79043637c4d9af0d5ac0ac2e"
    "3f594ca8326bc73becfd80d7ea05040fb07a6c81d3771d3d102e400ba63d961bf1ee8a402c9247721142c8404face9c9ab1ff51f7324c149a"
    "bd7bd5078671352a2edabf1194dbe6"
)
SAS = "glXZviBGqbPDEwbCvXg1PWynPibKQzJ90Dz9d3ygzUa%3D"
SAS_SLASH = "/lXZviBGqbPDEwbCvXg1PWynPibKQzJ90Dz9d3ygzUa="
RANDOM32 = "JNXHAwcYH8JTKrFdTxJMfBwZ8PKUcyCy"
RANDOM40 = "uDSyV1tvEnWk10aEFsYDsAU3iuyCJ7lgBw7rqgIa"
PW = "Vaahtera#77"
PW2 = "Kettu!2024"
PIN = "4827"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# -- the case tables --------------------------------------------------------------------------------------------------


def leak(
    case_id: str, text: str, *secrets: str, kind: str | None = None, keep: tuple[str, ...] = (), bug: str = ""
) -> object:
    """A text holding `secrets` (each must go, every occurrence, to its last character); `kind` is the finding's
    kind over the first secret; `keep` are parts that must stay (the label, the host); `bug` marks a known miss."""
    marks = [pytest.mark.xfail(strict=True, reason=f"detector: {bug}")] if bug else []
    return pytest.param(text, secrets, kind, keep, id=case_id, marks=marks)


def plain(case_id: str, text: str, bug: str = "") -> object:
    """Ordinary text that must come out unchanged."""
    marks = [pytest.mark.xfail(strict=True, reason=f"detector: {bug}")] if bug else []
    return pytest.param(text, id=case_id, marks=marks)


REJECTED_WINDOW = (
    "an earlier label word rejected in the same 64/512-character window (LabelScan.rejected) hides the real label"
)

SECRETS = [
    # -- the same secret a second time (inside one text; across fields: see the report tests below) -----------------
    leak("repeat-same-line", f"pw: {PW2} and again {PW2}", PW2, kind="password"),
    leak("repeat-next-line", f"token={RANDOM32}\nretrying with {RANDOM32} gives 401", RANDOM32),
    leak("repeat-pin-later", f"PIN: {PIN}. The terminal said {PIN} is wrong.", PIN, kind="pin"),
    # -- the whole token, to its real end: inner = : . -----------------------------------------------------------------
    leak("sentry-inner-eq-underscore", f"Sentry complains about {SENTRY} today", SENTRY, kind="sentry-token"),
    leak("sentry-in-env", f"SENTRY_AUTH_TOKEN={SENTRY}", SENTRY, keep=("SENTRY_AUTH_TOKEN=",)),
    leak("atlassian-eq-checksum", f"Jira rejects {ATLASSIAN} since Monday", ATLASSIAN, kind="atlassian-token"),
    leak("atlassian-in-yaml", f"jira:\n  api_token: {ATLASSIAN}\n  user: anna", ATLASSIAN, keep=("user: anna",)),
    leak("telegram-labelled", f"TELEGRAM_BOT_TOKEN={TELEGRAM}", TELEGRAM, kind="telegram-token"),
    leak("telegram-fi", f"Telegram-botin avain: {TELEGRAM}", TELEGRAM),
    leak("telegram-url", f"curl https://api.telegram.org/bot{TELEGRAM}/getMe", TELEGRAM, keep=("/getMe",)),
    leak(
        "telegram-bare-sentence",
        f"I use {TELEGRAM} for the Telegram bot",
        TELEGRAM,
    ),
    leak("inner-eq", "api_key=Zk8Pq3Lm9Xr4=Tq8mZp2Lr5Vw9", "Zk8Pq3Lm9Xr4=Tq8mZp2Lr5Vw9"),
    leak("inner-colons", "secret: Zk8Pq3Lm9Xr4:Tq8mZp2Lr5Vw9:Ab3", "Zk8Pq3Lm9Xr4:Tq8mZp2Lr5Vw9:Ab3"),
    leak("inner-dots-quoted", 'token "Zk8Pq3Lm9Xr4.Tq8mZp2Lr5Vw9.Ab3dE6"', "Zk8Pq3Lm9Xr4.Tq8mZp2Lr5Vw9.Ab3dE6"),
    leak("padding", "client_secret = Zk8Pq3Lm9Xr4Tq8mZp2Lr5Vw9==", "Zk8Pq3Lm9Xr4Tq8mZp2Lr5Vw9=="),
    leak("password-inner-eq", "password=Abc=123=xyz", "Abc=123=xyz", kind="password"),
    leak("password-inner-colons", "password: pa:ss:wo:rd9", "pa:ss:wo:rd9"),
    leak("de-dots", "Mein Passwort ist Ab.cd.ef.12", "Ab.cd.ef.12"),
    leak("sendgrid-dots", f"sendgrid: {SENDGRID} (from the mail dashboard)", SENDGRID, kind="sendgrid-key"),
    leak(
        "glpat-dot-form",
        "GITLAB_TOKEN=glpat-U9FoxmvNlh2apk7_YJoFMwIJVl4PrZcGOs.4ghnxpb9c",
        "U9FoxmvNlh2apk7_YJoFMwIJVl4PrZcGOs.4ghnxpb9c",
    ),
    leak(
        "yaml-doubled-quote",
        "password: 'Sun''flower7'",
        "Sun''flower7",
        bug="a YAML single-quoted value with an escaped '' ends at the first quote: \"flower7'\" stays",
    ),
    # -- credentials inside commands ----------------------------------------------------------------------------------
    leak("curl-u", "curl -u anna:Tr0ub4dor3 https://api.example.com/v1/items", "Tr0ub4dor3", keep=("anna:",)),
    leak("curl-user-quoted", "curl --user 'anna:Tr0ub4dor&3' https://x.example", "Tr0ub4dor&3"),
    leak("curl-token-header", f'curl -H "Authorization: Token {RANDOM32}" https://x.example', RANDOM32),
    leak(
        "curl-basic-header",
        "curl -H 'Authorization: Basic YW5uYTpUcjB1YjRkb3Iz' https://x.example",
        "YW5uYTpUcjB1YjRkb3Iz",
    ),
    leak("curl-bearer", f"curl -sS -H 'Authorization: Bearer {RANDOM40}' https://api.example.com", RANDOM40),
    leak("curl-private-token", f'curl -H "PRIVATE-TOKEN: {GLPAT}" https://gitlab.example.com/api/v4', GLPAT),
    leak("authorization-token", f"Authorization: Token {RANDOM32}", RANDOM32, keep=("Authorization: Token",)),
    leak("mysql-p-glued", "mysql -u root -pK4hvi!Kuppi shop", "K4hvi!Kuppi", keep=("shop",)),
    leak("mysql-p-quoted", "mysql -u root -p'Kahvi Kuppi 7' shop", "Kahvi Kuppi 7"),
    leak("mysqldump", "mysqldump -uroot -pVaahtera77 shop > dump.sql", "Vaahtera77"),
    leak("mysql-password-eq", f"mysql --user=root --password={PW} shop", PW),
    leak("sshpass", f"sshpass -p '{PW}' ssh anna@host", PW),
    leak("pg-password-option", "pg_dump --password S4lainen! shop", "S4lainen!"),
    leak("pgpassword-env", "PGPASSWORD=Lumi2024x psql -h db.example -U anna", "Lumi2024x", kind="password"),
    leak("redis-cli", "redis-cli -h cache -a Vaahtera77 ping", "Vaahtera77"),
    leak("mongosh-password", "mongosh --username anna --password Vaahtera77 shop", "Vaahtera77"),
    leak("docker-login-p", "docker login -u anna -p Dkr9xYzQ registry.example.com", "Dkr9xYzQ", keep=("registry",)),
    leak("docker-login-quoted", f"docker login -u anna -p '{PW}' ghcr.io", PW),
    leak("docker-login-long", "docker login --password Vaahtera77 -u anna registry.example.com", "Vaahtera77"),
    leak(
        "docker-login-stdin-echo",
        "echo Vaahtera77 | docker login --username anna --password-stdin",
        "Vaahtera77",
        bug="a literal echoed into `docker login --password-stdin` is not read",
    ),
    leak("ldapsearch", 'ldapsearch -x -D "cn=admin,dc=example,dc=com" -w Vaahtera77 -b dc=example', "Vaahtera77"),
    leak("smbclient", "smbclient //srv/share -U anna%Vaahtera77", "Vaahtera77"),
    leak("wget", "wget --password=Vaahtera77 --user=anna https://x.example/file", "Vaahtera77"),
    leak("openssl-passin", "openssl pkcs12 -in a.p12 -passin pass:Vaahtera77", "Vaahtera77"),
    leak("htpasswd", "htpasswd -b /etc/nginx/.htpasswd anna Vaahtera77", "Vaahtera77"),
    leak("kubectl-from-literal", "kubectl create secret generic db --from-literal=password=Vaahtera77", "Vaahtera77"),
    # -- connection strings -------------------------------------------------------------------------------------------
    leak("postgres-url", "postgres://anna:Lumi2024x@db.example.com:5432/shop", "Lumi2024x", keep=("db.example.com",)),
    leak("postgresql-psql", 'psql "postgresql://anna:Vaahtera77@db/shop?sslmode=require"', "Vaahtera77"),
    leak("mongodb-srv", "mongodb+srv://svc:Qw3rty9Zx@cluster0.ab1cd.mongodb.net/test", "Qw3rty9Zx", keep=("svc:",)),
    leak("amqp", "amqp://guest:Vaahtera77@rabbit:5672/", "Vaahtera77"),
    leak("redis-url-no-user", "redis://:Vaahtera77@cache.example.com:6379/0", "Vaahtera77"),
    leak(
        "jdbc-query",
        "jdbc:mysql://db:3306/shop?user=anna&password=Vaahtera77&useSSL=true",
        "Vaahtera77",
        keep=("&useSSL=true",),
    ),
    leak(
        "ado-net",
        "Server=sql01;Database=shop;User Id=sa;Password=Kesä2025!;TrustServerCertificate=True",
        "Kesä2025!",
        keep=(";TrustServerCertificate=True",),
    ),
    leak("ado-net-pwd-braces", "Server=tcp:shop,1433;Uid=sa;Pwd={Vaahtera;77};Encrypt=yes;", "Vaahtera;77"),
    leak("odbc", "Driver={ODBC Driver 18};Server=sql01;UID=sa;PWD=Vaahtera77;", "Vaahtera77"),
    leak("dotnet-env", 'ConnectionStrings__Default="Host=db;Username=anna;Password=Vaahtera#77"', PW),
    leak(
        "azure-storage-conn",
        "DefaultEndpointsProtocol=https;AccountName=shopfiles;AccountKey=Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd8Qx7mN2pL9vR4tK8wZ3yB6"
        "cF1hJ5sD0gA2eX7uM9nP4qT6rW8zV3bY5kC1fH0jL2oS9i==;EndpointSuffix=core.windows.net",
        "Zq7Lm2Np9Xr4Ts6Vw1Yb3Kd8Qx7mN2pL9vR4tK8wZ3yB6cF1hJ5sD0gA2eX7uM9nP4qT6rW8zV3bY5kC1fH0jL2oS9i==",
        kind="azure-key",
    ),
    leak(
        "azure-storage-conn-slash",
        f"DefaultEndpointsProtocol=https;AccountName=shopfiles;AccountKey={AZURE_KEY_SLASH};EndpointSuffix=x",
        AZURE_KEY_SLASH,
    ),
    # -- .netrc / .pgpass ---------------------------------------------------------------------------------------------
    leak("netrc-one-line", "machine api.example.com login anna password Vaahtera77", "Vaahtera77"),
    leak("netrc-lines", f"machine github.com\nlogin anna\npassword {GHP}", GHP),
    leak("netrc-default", "default login anna password Vaahtera77", "Vaahtera77"),
    leak("pgpass", "db.example.com:5432:shop:anna:Vaahtera77", "Vaahtera77"),
    leak(
        "pgpass-indented",
        "  db.example.com:5432:shop:anna:Vaahtera77",
        "Vaahtera77",
    ),
    # -- file and log syntaxes ----------------------------------------------------------------------------------------
    leak("yaml", f'db:\n  password: "{PW}"\n  user: anna', PW, keep=("user: anna",)),
    leak("json", f'{{"user": "anna", "password": "{PW}", "remember": true}}', PW, keep=('"remember": true',)),
    leak("toml", f'[database]\npassword = "{PW}"\nport = 5432', PW, keep=("port = 5432",)),
    leak("ini", f"[smtp]\nsmtp_pass={PW}\nhost=mail.example.com", PW, keep=("host=mail.example.com",)),
    leak("export-quoted", f"export DB_PASSWORD='{PW}'", PW),
    leak("export-token", f"export API_TOKEN={RANDOM32}", RANDOM32),
    leak("go-make-colon-eq", "DB_PASSWORD := Vaahtera77", "Vaahtera77"),
    leak("make-question-eq", f"API_KEY ?= {RANDOM32}", RANDOM32),
    leak("php-dot-eq", f"$config['smtp_pass'] .= '{PW}';", PW),
    leak("php-array", f"$cfg['Servers'][$i]['password'] = '{PW}';", PW),
    leak("php-arrow", f'"password" => "{PW}",', PW),
    leak("key-dash-value", f"password - '{PW}'", PW),
    leak("properties", f"spring.datasource.password={PW}", PW),
    leak("xml-add", f'<add key="SmtpPassword" value="{PW}" />', PW),
    leak("xml-add-name", f'<add name="SmtpPassword" value="{PW}" />', PW),
    leak("xml-element", f"<password>{PW}</password>", PW),
    leak("yaml-comment", f"password: {PW} # changed yesterday", PW, keep=("# changed yesterday",)),
    leak("k8s-env-name-value", f'- name: PASSWORD\n  value: "{PW}"', PW),
    leak(
        "k8s-env-prefixed-name",
        f'env:\n- name: DB_PASSWORD\n  value: "{PW}"',
        PW,
    ),
    leak(
        "k8s-secret-data-password",
        f"apiVersion: v1\nkind: Secret\ndata:\n  password: {b64(PW)}\n  username: {b64('anna')}",
        b64(PW),
        keep=("username: ", "kind: Secret"),  # every data: value of a Secret goes (the user name too), keys stay
    ),
    leak(
        "k8s-secret-data-token",
        f"kind: Secret\ndata:\n  api-token: {b64(RANDOM32)}",
        b64(RANDOM32),
    ),
    leak("k8s-data-no-kind", f"type: Opaque\ndata:\n  password: {b64(PW)}", b64(PW)),
    leak(
        "k8s-secret-data-any-key",
        "apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  DATABASE_URL: "
        + b64("postgres://anna:Vaahtera77@db/shop"),
        b64("postgres://anna:Vaahtera77@db/shop"),
    ),
    leak("dotenv", f"# .env\nAPP_ENV=production\nMAIL_PASSWORD={PW}\nSTRIPE_SECRET={RANDOM32}", PW, RANDOM32),
    leak("http-header-api-key", f"X-Api-Key: {RANDOM32}", RANDOM32, keep=("X-Api-Key:",)),
    leak(
        "cookie-header",
        f"Cookie: sessionid=q8zt3lm9xr4tq8mzp2lr5vw9k1; csrftoken={RANDOM32}",
        "q8zt3lm9xr4tq8mzp2lr5vw9k1",
        RANDOM32,
    ),
    leak(
        "set-cookie-gitlab",
        "Set-Cookie: _gitlab_session=7f3a9c2e4b6d8f0a1c3e5b7d9f1a2c4e; path=/; HttpOnly",
        "7f3a9c2e4b6d8f0a1c3e5b7d9f1a2c4e",
        keep=("HttpOnly",),
    ),
    leak(
        "set-cookie-laravel",
        "Set-Cookie: laravel_session=eyJpdiI6IlZhYWh0ZXJhIn0%3D; path=/",
        "eyJpdiI6IlZhYWh0ZXJhIn0%3D",
    ),
    leak(
        "query-access-token",
        f"GET /api/v2/orders?access_token={RANDOM32}&page=2 HTTP/1.1",
        RANDOM32,
        keep=("&page=2",),
    ),
    leak("query-token", f"https://example.com/reset?token={RANDOM32}", RANDOM32),
    leak("query-api-key", f"https://maps.example.com/js?api_key={RANDOM40}&v=3", RANDOM40, keep=("&v=3",)),
    # -- webhook URLs and pre-signed URLs -----------------------------------------------------------------------------
    leak("slack-webhook", f"https://hooks.slack.com/services/{SLACK_HOOK}", SLACK_HOOK, keep=("hooks.slack.com",)),
    leak(
        "discord-webhook",
        f"Posting to https://discord.com/api/webhooks/{DISCORD} fails",
        DISCORD,
        kind="discord-webhook",
    ),
    leak("discordapp-webhook", f"url: https://discordapp.com/api/webhooks/{DISCORD}", DISCORD),
    leak("teams-webhook", f"https://acme.webhook.office.com/webhookb2/{TEAMS}", TEAMS, kind="teams-webhook"),
    leak("zapier-webhook", f"ZAP_URL=https://hooks.zapier.com/hooks/catch/{ZAPIER}/", ZAPIER, kind="zapier-webhook"),
    leak(
        "s3-presigned",
        "https://bucket.s3.eu-north-1.amazonaws.com/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
        f"{AKIA}%2F20260101%2Feu-north-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600"
        f"&X-Amz-SignedHeaders=host&X-Amz-Signature={S3SIG}",
        S3SIG,
        AKIA,
        keep=("X-Amz-Expires=3600",),
    ),
    leak(
        "gcs-signed",
        "https://storage.googleapis.com/bkt/obj.pdf?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20260101T000000Z"
        f"&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature={GCSSIG}",
        GCSSIG,
    ),
    leak(
        "azure-sas",
        f"https://shop.blob.core.windows.net/c/r.pdf?sv=2022-11-02&ss=b&sp=r&se=2026-01-01T00:00:00Z&sig={SAS}",
        SAS,
        kind="azure-key",
        keep=("sv=2022-11-02",),
    ),
    leak(
        "azure-sas-slash",
        f"https://shop.blob.core.windows.net/c/r.pdf?sv=2022-11-02&sp=r&sig={SAS_SLASH}",
        SAS_SLASH,
    ),
    # -- token formats with prefixes ---------------------------------------------------------------------------------
    leak("doo", f"Here is the DigitalOcean token: {DOO}", DOO, kind="digitalocean-token"),
    leak("dor", f"refresh {DOR} expired?", DOR, kind="digitalocean-token"),
    leak("dop-json", f'{{"access_token": "{DOP}"}}', DOP),
    leak("heroku", f"heroku says {HRKU} is invalid", HRKU, kind="heroku-key"),
    leak("heroku-uuid", f"HEROKU_API_KEY={HRKU_UUID}", HRKU_UUID, kind="heroku-key"),
    leak("sourcegraph", f"src login --token {SGP}", SGP, kind="sourcegraph-token"),
    leak("notion", f'NOTION_TOKEN="{NTN}"', NTN, kind="notion-token"),
    leak(
        "glpat-in-clone-url",
        f"git clone https://oauth2:{GLPAT}@gitlab.example.com/a/b.git",
        GLPAT,
        keep=("gitlab.example.com",),
    ),
    leak("glpat-bare", f"Der Token {GLPAT} funktioniert nicht mehr.", GLPAT, kind="gitlab-token"),
    leak("xapp", f"SLACK_APP_TOKEN: {XAPP}", XAPP, kind="slack-token"),
    leak("ghp-ru", f"Токен {GHP} больше не работает", GHP, kind="github-token"),
    leak("gho-tr", f"GitHub belirteci {GHO} reddedildi", GHO, kind="github-token"),
    leak("akia-hu", f"Az AWS kulcs {AKIA} és a titok", AKIA, kind="aws-key"),
    leak("aws-secret", f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET, kind="aws-secret"),
    leak("aws-secret-slash", f"aws_secret_access_key = {AWS_SECRET_SLASH}", AWS_SECRET_SLASH),
    leak(
        "client-secret-slash",
        "client_secret: /Zk8Pq3Lm9Xr4Tq8mZp2Lr5Vw9Yb3Kd6",
        "/Zk8Pq3Lm9Xr4Tq8mZp2Lr5Vw9Yb3Kd6",
    ),
    leak("openai-fi", f"OpenAI-avain {OPENAI} lakkasi toimimasta", OPENAI, kind="openai-key"),
    # -- short keys after a clear label, and labels hidden by an earlier label word -----------------------------------
    leak(
        "sidekiq-env", "BUNDLE_ENTERPRISE__CONTRIBSYS__COM=03980810:b5c4b033", "03980810:b5c4b033", bug=REJECTED_WINDOW
    ),
    leak("sidekiq-key", "SIDEKIQ_API_KEY=03980810:b5c4b033", "03980810:b5c4b033"),
    leak("ipinfo", "IPINFO_TOKEN=e41cf45edbc757", "e41cf45edbc757"),
    leak("after-a-key-shortcut", f"key: F5; api_key={RANDOM32}", RANDOM32),
    leak("after-a-pass-count", f"Passes: 3, password: {PW2}", PW2),
    leak("short-key-labelled", "api_key: 7f3kq9x2m4", "7f3kq9x2m4"),
    # -- password and PIN words: label: value, label value, sentences -------------------------------------------------
    leak("en-pw", f"Login fails. pw: {PW2}", PW2, kind="password"),
    leak("en-pwd-bare", f"pwd {PW2}", PW2),
    leak("en-passwd", f"passwd={PW2}", PW2),
    leak("en-pass", f"pass: {PW2}", PW2),
    leak("en-sentence", f"my password is {PW2} but it does not work", PW2, keep=("but it does not work",)),
    leak("en-sentence-word", "my password is kissa", "kissa"),
    leak("en-pin", f"My PIN is {PIN}", PIN, kind="pin"),
    leak("fi-label", f"Salasana: {PW2}", PW2),
    leak("fi-bare", f"salasana {PW2}", PW2),
    leak("fi-sentence", f"Salasanani on {PW2}, mutta kirjautuminen ei onnistu.", PW2, keep=(", mutta",)),
    leak("fi-sentence-word", "salasanani on kissa", "kissa"),
    leak("fi-tunnussana", f"Tunnussana: {PW2}", PW2),
    leak("fi-pin", f"PIN-koodi: {PIN}", PIN, kind="pin"),
    leak("fi-pin-sentence", f"PIN-koodini on {PIN}", PIN),
    leak("hu-label", f"Jelszó: {PW2}", PW2),
    leak("hu-bare", f"jelszó {PW2}", PW2),
    leak("hu-sentence", f"A jelszavam {PW2}, de nem enged be.", PW2),
    leak(
        "hu-sentence-word",
        "a jelszavam kiskutya",
        "kiskutya",
        bug="Hungarian has no copula: 'a jelszavam X' is 'my password is X', but a plain word after it is kept",
    ),
    leak("hu-pin", f"PIN kód: {PIN}", PIN, kind="pin"),
    leak("hu-pin-sentence", f"A PIN kódom {PIN}", PIN),
    leak("tr-label", f"Şifre: {PW2}", PW2),
    leak("tr-bare", f"şifre {PW2}", PW2),
    leak("tr-sentence", f"Şifrem {PW2} ama giriş yapamıyorum.", PW2),
    leak(
        "tr-sentence-word",
        "şifrem kedicik",
        "kedicik",
        bug="Turkish 'şifrem X' is 'my password is X', but a plain word after it is kept",
    ),
    leak("tr-parola", f"parola: {PW2}", PW2),
    leak("tr-pin", f"PIN kodu: {PIN}", PIN, kind="pin"),
    leak("tr-pin-sentence", f"PIN kodum {PIN}", PIN),
    leak("ru-label", f"Пароль: {PW2}", PW2),
    leak("ru-bare", f"пароль {PW2}", PW2),
    leak("ru-sentence", f"Мой пароль {PW2}, но войти не получается.", PW2),
    leak("ru-sentence-dash-word", "мой пароль — котик", "котик"),
    leak(
        "ru-sentence-word",
        "мой пароль котик, но он не подходит",
        "котик",
        bug="Russian has no copula: 'мой пароль X' is 'my password is X', but a plain word after it is kept",
    ),
    leak("ru-pin", f"ПИН: {PIN}", PIN, kind="pin"),
    leak("ru-pin-code", f"мой пин-код {PIN}", PIN),
    leak("de-label", f"Kennwort: {PW2}", PW2),
    leak("de-sentence", f"Mein Passwort ist {PW2}", PW2),
    leak("de-lautet", f"Das Kennwort lautet {PW2}", PW2),
    leak("de-pin", f"Geheimzahl: {PIN}", PIN, kind="pin"),
    leak("fr-label", f"mot de passe : {PW2}", PW2),
    leak("fr-sentence", f"Mon mot de passe est {PW2}", PW2),
    leak("fr-mdp", f"mdp: {PW2}", PW2),
    leak("fr-pin", f"code PIN : {PIN}", PIN, kind="pin"),
    leak("es-label", f"Contraseña: {PW2}", PW2),
    leak("es-sentence", f"Mi contraseña es {PW2}", PW2),
    leak("es-sentence-word", "mi contraseña es gatito", "gatito"),
    leak("es-clave", f"clave: {PW2}", PW2),
    leak("fi-changed-to", f"Vaihdoin salasanan {PW2}:ksi", PW2),
    leak("tr-changed-to", f"şifremi {PW2} olarak değiştirdim", PW2),
    leak("hu-changed-to", f"jelszavamat {PW2}-re változtattam", PW2),
    leak("en-changed-to", f"I changed the password to {PW2} yesterday", PW2),
    leak("en-changed-my-to", f"He changed my password to {PW2}", PW2),
    leak("en-pin-set-to", f"I set the PIN to {PIN}", PIN),
    leak("ru-changed-to", f"Я поменял пароль на {PW2}", PW2),
    leak("de-changed-to", f"Ich habe das Passwort auf {PW2} geändert", PW2),
    leak("en-label-paren", f"Password (new): {PW2}", PW2),
    leak("fi-label-paren", f"Salasana (uusi): {PW2}", PW2),
    leak("de-label-paren", f"Passwort (neu): {PW2}", PW2),
    leak(
        "en-gap-bare", f"password for the wifi {PW2}", PW2, bug="a value after 'password for the X' without a separator"
    ),
    leak("ru-gap-bare", f"пароль от вайфая {PW2}", PW2, bug="a value after 'пароль от X' without a separator"),
    leak("wifi-label", f"Wi-Fi password: {PW2}", PW2),
    leak("quoted-passphrase", 'password: "correct horse battery staple"', "correct horse battery staple"),
    leak("user-pass-pair", f"user: anna pass: {PW2}", PW2, keep=("user: anna",)),
    leak("form-encoded", "username=anna&password=Kettu%212024", "Kettu%212024"),
    leak("json-token-compact", f'{{"token":"{GHP}","x":1}}', GHP, keep=('"x":1',)),
    leak("backticks", f"`{GHP}`", GHP),
    leak(
        "percent-encoded-query-token",
        f"https://app.example.com/login?next=%2Fcb%3Ftoken%3D{GHP}",
        GHP,
    ),
    leak(
        "percent-encoded-access-token",
        f"redirect_uri=https%3A%2F%2Fx.example%2Fcb%3Faccess_token%3D{RANDOM32}",
        RANDOM32,
    ),
]

ORDINARY = [
    # the false positives
    plain("paren-after-label", "Password: (I did not change it)"),
    plain("require-password", "Please require password on wake"),
    plain("credentials-words", "credentials: new AWS account from last week"),
    plain("s3-object-key", "S3 object key: uploads/2024/invoice-771.pdf"),
    plain("bucket-key", "bucket_key: SalesResults-1.2"),
    plain("terraform-var", "db_password = var.db_password"),
    plain("shell-var", "DB_PASS=${DB_PASS}"),
    plain("placeholder", "token: <your-token>"),
    plain("putty-flag", "PuttyPassword=0"),
    plain("xoxo-in-file-name", "https://cdn.example.com/img/2019-xoxo-indieweb-1.jpg"),
    plain("port-and-at-path", "https://host:8000/@x"),
    # more words after a label
    plain("en-unchanged", "Password: unchanged"),
    plain("en-dont-remember", "Password: I don't remember"),
    plain("en-see-above", "Password: see above"),
    plain("en-same-as-before", "Password: same as before"),
    plain("en-stars", "Password: ********"),
    plain("en-dots", "password: •••••••"),
    plain("en-null", "password: null"),
    plain("en-empty-quotes", 'password = ""'),
    plain("en-hidden", 'password: "<hidden>"'),
    plain("en-pin-ask", "PIN: ask the shop"),
    plain("fi-same", "salasana: sama kuin ennen"),
    plain("fi-dont-remember", "Salasana: en muista"),
    plain("hu-dont-remember", "jelszó: nem emlékszem rá"),
    plain("hu-see-above", "Jelszó: lásd fent"),
    plain("tr-dont-remember", "şifre: hatırlamıyorum"),
    plain("ru-dont-remember", "пароль: не помню"),
    plain("ru-see-above", "Пароль: см. выше"),
    plain("de-see-above", "Passwort: siehe oben"),
    plain("fr-forgotten", "mot de passe : oublié"),
    plain("fr-see-above", "Mot de passe : voir ci-dessus"),
    plain("es-usual", "contraseña: la de siempre"),
    plain("ansible-vault-tag", "password: !vault |"),
    # settings that name a secret without holding one
    plain("min-length", "password_min_length: 12"),
    plain("ssh-config", "PasswordAuthentication no"),
    plain("hash-algorithm", "password_hash_algorithm = argon2id"),
    plain("secret-ref", "secret_ref: db-creds"),
    plain("auth-required", "auth: required"),
    plain("token-type", "token_type: bearer"),
    plain("auth-method", "auth_method=password"),
    plain("pin-memory", "pin_memory=True"),
    plain("keyboard", "keyboard: fi"),
    plain("api-keys-count", "API keys: 3 active"),
    plain("password-file", "--password-file /etc/shop/db.secret"),
    plain("grant-type", "grant_type=password&username=anna"),
    plain("response-type", "response_type=token&client_id=shop-web"),
    plain("pin-length", "PIN_LENGTH=6"),
    plain("bearer-placeholder", "Authorization: Bearer <token>"),
    plain("bearer-words", "Bearer token authentication fails"),
    plain("github-actions-ref", "token: ${{ secrets.GITHUB_TOKEN }}"),
    plain("helm-ref", "api_key: {{ .Values.apiKey }}"),
    plain("sops", "password: ENC[AES256_GCM,data:Zk8Pq3Lm9Xr4,iv:Tq8m,tag:Zp2L,type:str]"),
    plain("pwd-dir", "PWD=/home/anna"),
    plain("test-counts", "pass: 17 fail: 2"),
    plain("echo-var", "echo $PASSWORD | sudo -S true"),
    # commands without a secret
    plain("ssh-port", "ssh -p 2222 anna@host.example.com"),
    plain("mysql-prompt", "mysql -u root -p shop"),
    plain("curl-user-only", "curl -u anna https://api.example.com/me"),
    plain("docker-login-prompt", "docker login -u anna registry.example.com"),
    plain("git-ssh", "git@github.com:shop/app.git"),
    plain("url-user-only", "https://anna@git.example.com/shop.git"),
    plain("kubectl-get", "kubectl get secret shop-db -o yaml"),
    plain("aws-configure", "aws configure set aws_secret_access_key"),
    # ordinary support text: versions, hashes, ids, addresses, times, paths, tickets, orders, phones
    plain("en-versions", "Version 3.11.7 (build 20240117.2), kernel 6.8.0-45-generic"),
    plain("en-commit", "commit 9f3c2a1b7e4d8f0a6c5b3e2d1f0a9b8c7d6e5f4a on branch main"),
    plain("en-uuid-time", "Request ID 3f2b8c1e-7d4a-4e9b-a1c6-0f5e2d9b8a7c failed at 2024-11-05T08:14:22Z"),
    plain("en-mac-ipv6", "MAC address 3c:22:fb:9a:01:7e, IPv6 fe80::3e22:fbff:fe9a:17e%wlan0"),
    plain("en-ipv6", "IPv6 2001:db8:85a3::8a2e:370:7334 does not answer ping"),
    plain("en-windows-path", "Log file: C:\\Users\\anna\\AppData\\Local\\Shop\\logs\\app-2024-11-05.log"),
    plain("en-nginx-log", "/var/log/nginx/error.log: upstream timed out (110: Connection timed out)"),
    plain("en-tickets", "Ticket INC0012345, order ORD-2024-118822, invoice 2024/0042"),
    plain("en-phones", "Call me at +358 40 123 4567 or +36 30 123 4567"),
    plain("en-sha256", "sha256sum: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  setup.exe"),
    plain(
        "en-digest",
        "docker pull ghcr.io/shop/app@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
    ),
    plain("en-host-key", "SSH host key fingerprint SHA256:Zk8Pq3Lm9Xr4Tq8mZp2Lr5Vw9Yb3Kd6Nh1Jc4Gf7Xs0"),
    plain("en-token-expired", "The token expired at 09:14 and the key rotation runs nightly."),
    plain("en-reset", "I forgot my password and the reset link says invalid."),
    plain("en-pin-pad", "The PIN pad on the terminal shows error E-104."),
    plain("en-shortcut", "Key: F5 refreshes the page, Ctrl+Shift+R clears the cache."),
    plain("en-primary-key", "Primary key: order_id (bigint)"),
    plain("en-session", "session: 42 minutes, 3 retries"),
    plain("en-token-count", "token count: 4096"),
    plain("en-product-key", "Windows product key is on the sticker under the laptop."),
    plain("en-api-key-field", "The API key field is greyed out in settings."),
    plain("fi-order", "Tilausnumero 100245883, asiakasnumero 5566778, tiketti INC0012346"),
    plain("fi-expired", "Salasana vanhentui eilen, enkä pysty vaihtamaan sitä."),
    plain("fi-pin-locked", "PIN-koodi lukittui kolmen yrityksen jälkeen."),
    plain("fi-key-lost", "Avain on hukassa ja ovi on lukossa."),
    plain("fi-version", "Sovelluksen versio 4.2.1 (koontiversio 20241105), Windows 11 23H2"),
    plain("fi-time-path", "Virhe klo 14.05 tiedostossa /home/anna/.config/kauppa/asetukset.toml"),
    plain("fi-phone", "Soita numeroon 040 123 4567 tai +358 9 8765 4321."),
    plain("hu-order", "Hívjon a +36 1 234 5678 számon, rendelésszám: 88112233"),
    plain("hu-forgot", "Elfelejtettem a jelszavamat, és a visszaállító link nem működik."),
    plain("hu-key", "A kulcs a fiókban van."),
    plain("hu-version", "A program verziója 2.14.0-beta.3, a hibakód 0x80070005."),
    plain("hu-ticket", "Jegyszám: HD-2024-55310, eszköz MAC: 00:1A:2B:3C:4D:5E"),
    plain("hu-nope", "a jelszavam nem jó"),
    plain("tr-order", "Sipariş no: 7719283746, telefon: +90 532 123 45 67"),
    plain("tr-forgot", "Şifremi unuttum, sıfırlama bağlantısı gelmiyor."),
    plain("tr-not-working", "şifrem çalışmıyor"),
    plain("tr-key", "Anahtar teslim edildi mi?"),
    plain("tr-version", "Uygulama sürümü 5.0.3, derleme 88a1f0c, 12.03.2024 tarihinde kuruldu."),
    plain("ru-order", "Номер заказа 44-117-2093, телефон +7 912 345-67-89"),
    plain("ru-forgot", "Я забыл пароль, ссылка для сброса не приходит."),
    plain("ru-key", "Ключ от офиса у охраны."),
    plain("ru-version", "Версия 1.8.4, сборка 20241105.3, ошибка 0xC0000005 в 10:42:17"),
    plain("ru-uuid", "Идентификатор запроса 6f1c2d3e-4a5b-4c7d-8e9f-0a1b2c3d4e5f"),
    plain("de-key", "Der Schlüssel liegt im Büro."),
    plain("fr-key", "La clé est sur la table."),
    plain("es-key", "La clave del wifi está en el router."),
    plain("es-no-pw", "Olvidé mi contraseña y el enlace de restablecimiento no funciona."),
]


# -- helpers ----------------------------------------------------------------------------------------------------------


def occurrences(text: str, value: str) -> list[tuple[int, int]]:
    out = []
    i = text.find(value)
    while i >= 0:
        out.append((i, i + len(value)))
        i = text.find(value, i + 1)
    return out


def covering(findings: list[Finding], start: int, end: int) -> Finding | None:
    """The finding that holds all of [start, end), if one does."""
    for f in findings:
        if f.start <= start and end <= f.end:
            return f
    return None


def all_texts() -> list[str]:
    return [p.values[0] for p in SECRETS + ORDINARY]  # type: ignore[attr-defined]


# -- secrets go, whole ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "secrets", "kind", "keep"), SECRETS)
def test_a_secret_is_removed_to_its_last_character(
    text: str, secrets: tuple[str, ...], kind: str | None, keep: tuple[str, ...]
) -> None:
    findings = scan(text)
    out, found = redact_text(text)
    assert len(found) == len(findings) == out.count("[REDACTED:")
    for secret in secrets:
        spans = occurrences(text, secret)
        assert spans, f"test data: {secret!r} not in {text!r}"
        for start, end in spans:
            f = covering(findings, start, end)
            assert f is not None, f"{secret!r} at {start}:{end} not wholly inside one finding: {out!r}"
        assert secret not in out, out
    if kind is not None:
        first = covering(findings, *occurrences(text, secrets[0])[0])
        assert first is not None and first.kind == kind, (first, out)
    for part in keep:
        assert part in out, f"{part!r} should stay: {out!r}"


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_unchanged(text: str) -> None:
    assert redact_text(text) == (text, []), scan(text)


def test_every_finding_kind_is_known_and_named() -> None:
    every = set(kinds())
    for text in all_texts():
        for f in scan(text):
            assert f.kind in every, (f, text)
            assert f.confidence in ("high", "medium"), (f, text)
            assert describe(f.kind).strip(), f.kind


@pytest.mark.parametrize("text", all_texts())
def test_a_second_run_finds_nothing(text: str) -> None:
    out, _ = redact_text(text)
    assert redact_text(out) == (out, [])


@pytest.mark.parametrize("text", all_texts())
def test_the_quality_lint_flags_exactly_what_redaction_removes(text: str) -> None:
    assert bool(find_secret(text)) == bool(scan(text)), (find_secret(text), scan(text))


# -- whole reports: every place, one distinct secret ------------------------------------------------------------------


def _report(**changes: object) -> Report:
    base = Report(meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def dumped(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def places(first: str, second: str, where: str) -> Report:
    """A report with `first` in the description and `second` in the field named by `where`."""
    problem = Problem(summary="Login fails", description=first)
    if where == "tried":
        return _report(problem=dataclasses.replace(problem, tried=second))
    if where == "error":
        return _report(problem=problem, evidence=Evidence(errors=(ErrorText(text=second, source="file:app.log"),)))
    if where == "error-note":
        return _report(problem=problem, evidence=Evidence(errors=(ErrorText(text="x", note=second),)))
    if where == "attachment":
        attachment = Attachment(name="shot.png", size=1, sha256="0" * 64, caption=second)
        return _report(problem=problem, evidence=Evidence(attachments=(attachment,)))
    if where == "attachment-name":
        attachment = Attachment(name=second, size=1, sha256="0" * 64)
        return _report(problem=problem, evidence=Evidence(attachments=(attachment,)))
    if where == "diagnostics":
        section = Section(name="env", status="ok", data={"notes": [{"line": second}]})
        return _report(problem=problem, diagnostics=Diagnostics(sections=(section,)))
    if where == "service":
        return _report(problem=problem, service=Service(url=second))
    if where == "verdict":
        verdict = Verdict(culprit="service", finding="app-error", confidence="high", evidence=(second,))
        return _report(problem=problem, verdict=verdict)
    raise AssertionError(where)


FIELD = {
    "tried": "problem.tried",
    "error": "evidence.errors[0].text",
    "error-note": "evidence.errors[0].note",
    "attachment": "evidence.attachments[0].caption",
    "attachment-name": "evidence.attachments[0].name",
    "diagnostics": "diagnostics.sections[0].data.notes[0].line",
    "service": "service.url",
    "verdict": "verdict.evidence[0]",
}

# (first place with its label, the second copy with little or no context, the secret)
TWICE = [
    pytest.param(f"pw: {PW2}", f"still {PW2} after the reset", PW2, "tried", id="password-tried"),
    pytest.param(f"salasana: {PW}", f"login anna / {PW} -> 401", PW, "error", id="fi-password-error"),
    pytest.param(f"A PIN kódom {PIN}.", f"typed {PIN} twice", PIN, "error-note", id="hu-pin-note"),
    pytest.param(f"token={GLPAT}", f"Same as above: {GLPAT}", GLPAT, "attachment", id="glpat-caption"),
    pytest.param(f"key: {SENTRY}", f"{SENTRY}.txt", SENTRY, "attachment-name", id="sentry-file-name"),
    pytest.param(f"export API_TOKEN={RANDOM40}", RANDOM40, RANDOM40, "diagnostics", id="random-diagnostics"),
    pytest.param(
        f"webhook https://discord.com/api/webhooks/{DISCORD}",
        f"https://discord.com/api/webhooks/{DISCORD}",
        DISCORD,
        "service",
        id="discord-service-url",
    ),
    pytest.param(f"curl -u anna:{PW}", f"the password {PW} works in the browser", PW, "verdict", id="curl-verdict"),
    pytest.param(f"şifrem {PW2}", f"({PW2})", PW2, "tried", id="tr-password-parenthesised"),
    pytest.param(f"мой пароль {PW2}", f"«{PW2}»", PW2, "error", id="ru-password-quoted"),
]


@pytest.mark.parametrize(("first", "second", "secret", "where"), TWICE)
def test_the_same_secret_in_two_fields_is_one_secret_removed_in_two_places(
    first: str, second: str, secret: str, where: str
) -> None:
    report = places(first, second, where)
    assert dumped(report).count(secret) == 2
    redacted, summary = redact_report(report)
    assert secret not in dumped(redacted)
    assert summary.distinct == 1, summary
    assert sorted(r.field for r in summary.removed) == sorted(["problem.description", FIELD[where]]), summary
    assert summary.total == len(summary.removed) == 2
    again, more = redact_report(redacted)
    assert more.total == 0 and again.problem == redacted.problem


def test_a_secret_twice_in_one_field_is_one_secret_in_two_places() -> None:
    report = _report(problem=Problem(description=f"pw: {PW2}\nlater the log shows {PW2} again"))
    redacted, summary = redact_report(report)
    assert PW2 not in dumped(redacted)
    assert summary.distinct == 1
    assert [r.field for r in summary.removed] == ["problem.description", "problem.description"]


def test_two_secrets_each_in_two_fields() -> None:
    report = _report(
        problem=Problem(description=f"pw: {PW2}, token {GHP}", tried=f"{GHP} and {PW2} again"),
        evidence=Evidence(errors=(ErrorText(text=f"auth {GHP} failed"),)),
    )
    redacted, summary = redact_report(report)
    text = dumped(redacted)
    assert PW2 not in text and GHP not in text
    assert summary.distinct == 2
    assert summary.total == len(summary.removed) == 5
    assert summary.counts == {"github-token": 3, "password": 2}
    assert redacted.meta.redactions == summary.counts


def test_a_copy_without_its_public_prefix_is_removed_too() -> None:
    body = GLPAT.removeprefix("glpat-")
    report = _report(problem=Problem(description=f"Our token {GLPAT} stopped working", tried=f"I pasted {body}"))
    redacted, _ = redact_report(report)
    assert body not in dumped(redacted)


# -- hostile input: time grows linearly -------------------------------------------------------------------------------

HOSTILE = [
    pytest.param("password: x ", id="labels-and-values"),
    pytest.param("password: ", id="labels"),
    pytest.param("api_key=Zk8Pq3Lm9Xr4Tq8mZp2L&", id="query-settings"),
    pytest.param("Authorization: Token Zk8Pq3Lm9Xr4Tq8m ", id="auth-headers"),
    pytest.param("my password is Kx1! ", id="sentences"),
    pytest.param("ghp_", id="prefix"),
    pytest.param("sk-", id="short-prefix"),
    pytest.param("://a:b@", id="url-userinfo"),
    pytest.param("curl -u a:b ", id="curl"),
    pytest.param("mysql -pX ", id="mysql"),
    pytest.param("4111 ", id="card-groups"),
    pytest.param("-----BEGIN PRIVATE KEY-----", id="pem-heads"),
    pytest.param("machine ", id="netrc-word"),
    pytest.param("machine h login u ", id="netrc-lines"),
]
SMALL, LARGE = 32_000, 256_000  # 8 times the input: linear is ~8 times the time, quadratic ~64


def best_time(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("unit", HOSTILE)
def test_hostile_repetition_takes_linear_time(unit: str) -> None:
    small = (unit * (SMALL // len(unit) + 1))[:SMALL]
    large = (unit * (LARGE // len(unit) + 1))[:LARGE]
    t_small = max(best_time(lambda: scan(small), 3), 1e-3)
    t_large = best_time(lambda: scan(large), 2)  # best of two: one run can meet a busy moment of the machine
    assert t_large / t_small < 24, f"{t_small:.3f} s for {SMALL} characters, {t_large:.3f} s for {LARGE}"
