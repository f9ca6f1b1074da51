"""Redaction throughput and worst cases: 10 MB of secret-dense and of ordinary support text, 1 MB of each hostile
pattern.

Run with the venv's Python:  .venv/bin/python benchmarks/redact.py [--runs 3] [--mb 10] [--write]
The text is generated here from a fixed seed: web-server and system logs, JSON application logs, a PHP stack
trace, configuration snippets, order tables, and support prose in six languages that talks about passwords and PINs
without giving one — with real-looking (fake) secrets of every kind sprinkled in: one line in 10 for the
secret-dense text, none for the ordinary text.
Median wall time of N runs; --write records the tables in benchmarks/RESULTS.md.
Targets (issue 9): ≥ 20 MB/s for `redact_text` on the secret-dense text, ≥ 40 MB/s on the ordinary text; ≤ 0.5 s
for each 1 MB hostile input (and linear: 2 MB takes about twice as long).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from reportkit.model import ErrorText, Evidence, Meta, Report
from reportkit.redact import Anonymizer, redact_report, redact_text

THROUGHPUT_TARGET = 20.0  # MB/s, secret-dense
ORDINARY_TARGET = 40.0  # MB/s, no secret
DENSE_RATE = 1 / 10  # lines holding a secret in the secret-dense text
WORST_TARGET = 0.5  # s per 1 MB hostile input
RESULTS = Path(__file__).with_name("RESULTS.md")
MB = 1_000_000

PROSE = [
    "Since this morning customers cannot pay in our web shop. The cart works, but pressing Pay now shows 502.",
    "I already reset my password twice and cleared the browser cache; the password reset mail did not arrive.",
    "The PIN was rejected at the terminal, then the card was blocked. Please call me back before 16:00.",
    "Verkkokauppa ei aukea, näkyy virhe 502. Salasana vaihdettiin eilen, mutta se ei auttanut.",
    "Kassasivu ja maksaminen eivät toimi; PIN-koodi kysyttiin kahdesti. Tikettinumero INC-20418.",
    "A webáruház nem tölt be, a jelszó visszaállítása sem működik. Hibakód: 502, idő: 08:00.",
    "Ödeme sayfası açılmıyor, şifremi unuttum sayfası da hata veriyor. İstanbul şubesinden erişilemiyor.",
    "Сайт не открывается с 8 утра, пароль не подходит, а ПИН-код от карты никто не спрашивал.",
    "Seit heute früh geht der Checkout nicht; das Passwort wurde nicht geändert. Bestellnummer ORD-2026-000123.",
    "Customer says: the shop shows 🛒💥 and then nothing. Phone +358 40 123 4567, order 1234567890123.",
]
LOGS = [
    '{ip} - - [23/Nov/2026:08:00:{s:02d} +0200] "POST /checkout/pay HTTP/2.0" 502 157 "-" "Mozilla/5.0 (X11; '
    'Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"',
    "2026/11/23 08:00:{s:02d} [error] 1187#1187: *{n} upstream prematurely closed connection while reading "
    'response header from upstream, client: {ip}, server: shop.example.com, request: "POST /checkout/pay HTTP/2.0"',
    "Nov 23 08:00:{s:02d} web-01 sshd[{n}]: Failed password for anna from {ip} port {port} ssh2",
    "Nov 23 08:00:{s:02d} web-01 systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.",
    "Nov 23 08:00:{s:02d} web-01 kernel: [274369.{n}] eth0: link up, 1000 Mbps, full duplex, lpa 0x45E1",
    '{{"level":"info","ts":{ms},"msg":"request done","status":200,"bytes":{n},"duration_ms":23.4,'
    '"trace":"{hex16}","path":"/api/v2/orders/{n}"}}',
    "#{n} /var/www/shop/wp-content/plugins/pay-gw/src/Checkout.php(212): PayGw\\Notice->render(NULL, 'x')",
    "ORD-2026-{n:06d};2026-11-23;{n}.95 EUR;paid;+358 40 {n:03d} 4567;sha256:{hex64}",
    "  database: shop  # host db.internal, port 5432, pool 20, timeout 30s, nginx/1.24.0, PHP 8.2.26",
    "memory 16749330432 total, 3583254528 available, load 1.42 0.97 0.88, uptime 274369 s, version 6.8.0-48",
]
SECRETS = [
    "password: Summer2024!",
    "DB_PASSWORD=s3cr3t-Pa55",
    "my password is hunter2",
    "salasana on Kissa123",
    "jelszavam: titok99",
    "şifrem 123456",
    "пароль: qwerty123",
    "Passwort ist Geheim42",
    "PIN: 4711",
    "ПИН-код: 1234",
    "Authorization: Bearer 8f2dKq9LmZx7Tp0WvR3sYc6N",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "export GITHUB_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234",
    "SLACK_BOT_TOKEN=xoxb-2318349812-5123456789012-AbCdEfGhIjKlMnOpQrStUvWx",
    "stripe key sk_live_51HxYzAbCdEfGh1234567890",
    "maps key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
    "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
    "DATABASE_URL=postgres://shop:S3cr3t!pw@db.example.com:5432/shop",
    "git clone https://oauth2:glpat-x9Yk2LmN8pQr4StUv6Wz@gitlab.example.com/shop/web.git",
    "AccountName=shopfiles;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
    "card 4111 1111 1111 1111, exp 12/27",
    "IBAN FI21 1234 5600 0007 85",
    "api_key: 9bX2kQ7mT4pL8vN3sR6wY1zC",
    "session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq\n"
    "-----END RSA PRIVATE KEY-----",
    "curl -u anna:Tr0ub4dor&3 https://api.example.com/v1/orders",
    "mysql -h db01 -u shop -pS3cretSh0p shop < dump.sql",
    "docker login -u ci -p dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c registry.example.com",
    "Server=db01;Database=shop;User Id=app;Password=Xq7!pLm2;",
    "webhook https://discord.com/api/webhooks/112233445566778899/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEf",
    "SENDGRID_API_KEY=SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ01",
    "Set-Cookie: _gitlab_session=7f3a9c2e4b1d8f6a0c5e3b9d7a1f4c2e; path=/; HttpOnly",
    "https://bucket.s3.amazonaws.com/a.pdf?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261203&X-Amz-Signature=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
]

HOSTILE: dict[str, str] = {
    "a × 1M": "a" * MB,
    "= × 1M": "=" * MB,
    "0 × 1M": "0" * MB,
    '"0 " × 500k': "0 " * (MB // 2),
    '"4111 " × 200k': "4111 " * (MB // 5),
    '"password=" × 111k': "password=" * (MB // 9),
    '"password " × 111k': "password " * (MB // 9),
    '"password is " × 83k': "password is " * (MB // 12),
    '"pin 1" × 200k': "pin 1" * (MB // 5),
    '"key=" × 250k': "key=" * (MB // 4),
    '"token: " × 143k': "token: " * (MB // 7),
    '"pwd=/" × 200k': "pwd=/" * (MB // 5),
    '"-----BEGIN" × 100k': "-----BEGIN" * (MB // 10),
    '"-----BEGIN RSA PRIVATE KEY-----" × 32k': "-----BEGIN RSA PRIVATE KEY-----" * (MB // 31),
    '"://" × 333k': "://" * (MB // 3),
    '"http://a:b@" × 91k': "http://a:b@" * (MB // 11),
    '"eyJ" × 333k': "eyJ" * (MB // 3),
    '"DE00 " × 200k': "DE00 " * (MB // 5),
    '"bearer " × 143k': "bearer " * (MB // 7),
    '"salasana on " × 83k': "salasana on " * (MB // 12),
    "é × 1M": "é" * MB,
    "NUL and lone surrogates": "\x00\ud800" * (MB // 2),
    '"ghp_" × 250k': "ghp_" * (MB // 4),
    '"mysql -p" × 111k': "mysql -p" * (MB // 8),
    '"curl -u a:" × 100k': "curl -u a:" * (MB // 10),
    '"api_key: x " × 83k': "api_key: x " * (MB // 12),
    '"my password is " × 62k': "my password is " * (MB // 16),
    '"Authorization: Token " × 47k': "Authorization: Token " * (MB // 21),
    "one 1 MB token": "A1b2C3d4" * (MB // 8),
    '"a=b;" × 250k': "a=b;" * (MB // 4),
}


def mixed_text(size: int, seed: int = 2026, secret_rate: float = 1 / 150) -> str:
    rnd = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        roll = rnd.random()
        if roll < secret_rate:
            line = rnd.choice(SECRETS)
        elif roll < 0.25:
            line = rnd.choice(PROSE)
        else:
            line = rnd.choice(LOGS).format(
                ip=f"{rnd.choice([198, 203, 192])}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}",
                s=rnd.randrange(60),
                n=rnd.randrange(100000),
                port=rnd.randrange(1024, 65535),
                ms=1732348800000 + rnd.randrange(10**8),
                hex16=f"{rnd.getrandbits(64):016x}",
                hex64=f"{rnd.getrandbits(256):064x}",
            )
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]


def timed(func: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), min(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mb", type=float, default=10.0, help="size of the mixed text in MB")
    parser.add_argument("--write", action="store_true", help="record the results in benchmarks/RESULTS.md")
    args = parser.parse_args()

    text = mixed_text(int(args.mb * MB), secret_rate=DENSE_RATE)
    plain = mixed_text(int(args.mb * MB), seed=2027, secret_rate=0.0)
    size_mb = len(text.encode("utf-8")) / MB
    plain_mb = len(plain.encode("utf-8")) / MB
    out, found = redact_text(text)
    kinds = sorted({k for k, _ in found})
    plain_changed = redact_text(plain)[0] != plain
    lines = text.split("\n")
    chunks = [text[i : i + 1_048_576] for i in range(0, len(text), 1_048_576)]
    report = Report(
        meta=Meta(tool_version="bench", created_at="2026-11-23T09:15:00+02:00"),
        evidence=Evidence(errors=tuple(ErrorText(text=c, source="file:app.log") for c in chunks)),
    )
    anon_sample = text[:MB]

    rows: list[tuple[str, float, float, float, str, float | None]] = []

    def throughput(name: str, func: Callable[[], object], target: float | None, mb: float = size_mb) -> None:
        med, low = timed(func, args.runs)
        rate = mb / med
        verdict = "—" if target is None else ("PASS" if rate >= target else "FAIL")
        rows.append((name, med, low, rate, verdict, target))

    throughput("redact_text, secret-dense, one string", lambda: redact_text(text), THROUGHPUT_TARGET)
    throughput("redact_text, ordinary text, one string", lambda: redact_text(plain), ORDINARY_TARGET, plain_mb)
    throughput(f"redact_report, {len(chunks)} error texts of 1 MiB", lambda: redact_report(report), None)
    throughput(f"redact_text, line by line ({len(lines):,} lines)", lambda: [redact_text(x) for x in lines], None)
    anon_med, anon_low = timed(lambda: Anonymizer().text(anon_sample), args.runs)

    worst: list[tuple[str, float, str]] = []
    for name, hostile in HOSTILE.items():
        started = time.perf_counter()
        redact_text(hostile)
        one = time.perf_counter() - started
        started = time.perf_counter()
        redact_text(hostile + hostile)
        two = time.perf_counter() - started
        linear = two <= 3 * one + 0.05
        worst.append((f"{name} (2 MB: {two:.3f} s)", one, "PASS" if one <= WORST_TARGET and linear else "FAIL"))

    main_rate = rows[0][3]
    ok = all(v != "FAIL" for *_, v, _ in rows) and all(v == "PASS" for _, _, v in worst)
    table = "\n".join(
        [
            f"## redact — {datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
            f"{size_mb:.1f} MB of secret-dense support text (seed 2026, one line in {round(1 / DENSE_RATE)} a secret) "
            "and "
            f"{plain_mb:.1f} MB of ordinary text (seed 2027, no secret; changed by redaction: {plain_changed}), "
            f"median and minimum of {args.runs} runs, wall time.",
            "",
            "| case | median s | min s | MB/s | target | result |",
            "|---|---:|---:|---:|---|---|",
            *(
                f"| {name} | {med:.3f} | {low:.3f} | {rate:.1f} | "
                f"{f'≥ {target:.0f} MB/s' if target else '—'} | {verdict} |"
                for name, med, low, rate, verdict, target in rows
            ),
            f"| Anonymizer().text, first 1 MB | {anon_med:.3f} | {anon_low:.3f} | {1 / anon_med:.1f} | — | — |",
            "",
            f"Found {len(found)} secrets of {len(kinds)} kinds ({', '.join(kinds)}); "
            f"{out.count('[REDACTED:')} markers in the output.",
            "",
            "| hostile input (1 MB) | s | target | result |",
            "|---|---:|---|---|",
            *(f"| {name} | {sec:.3f} | ≤ {WORST_TARGET} s | {verdict} |" for name, sec, verdict in worst),
            "",
            f"Throughput {main_rate:.1f} MB/s (secret-dense) against ≥ {THROUGHPUT_TARGET:.0f} MB/s, "
            f"{rows[1][3]:.1f} MB/s (ordinary) against ≥ {ORDINARY_TARGET:.0f} MB/s; slowest hostile input "
            f"{max(s for _, s, _ in worst):.3f} s against ≤ {WORST_TARGET} s — {'PASS' if ok else 'FAIL'}.",
            "",
        ]
    )
    print(table)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
        RESULTS.write_text(old.rstrip("\n") + "\n\n" + table, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
