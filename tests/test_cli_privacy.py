"""Privacy and specificity through the CLI: secrets never leave, --anonymize, --strict quality gate, `check`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from reportkit.cli import main


def run(args: list[str], input: str | None = None) -> Result:
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


SPECIFIC = [
    "--name", "Anna Virtanen", "--email", "anna@example.com", "--account", "CUST-7781", "--service", "Cloud VPS",
    "--vm-name", "web-01", "--host", "203.0.113.10", "--url", "https://shop.example.com/checkout",
    "--summary", "Checkout returns HTTP 502 since 08:00", "--description",
    "Since 08:00 pressing Pay now on /checkout shows 502 Bad Gateway; the front page and cart work.",
    "--since", "2026-11-23 08:00", "--changed", "payment plugin updated at 21:30", "--works", "front page, cart",
    "--broken", "Pay now on /checkout", "--steps", "1. add a product 2. press Pay now", "--impact", "no sales",
    "--error", "502 Bad Gateway",
]  # fmt: skip

SECRETS = {
    "my password is Talvi2026!": "Talvi2026!",
    "PIN-koodi: 4921": "4921",
    "Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456": "abcdefghijklmnopqrstuvwxyz123456",
    "card 4111 1111 1111 1111": "4111 1111 1111 1111",
    "https://admin:s3cr3tPa55@shop.example.com/admin": "s3cr3tPa55",
    "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789": "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
}


def everything(out: Path) -> str:
    parts = []
    for path in out.rglob("*"):
        if path.is_file():
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as bundle:
                    parts += [bundle.read(n).decode("utf-8", "replace") for n in bundle.namelist()]
            else:
                parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_secrets_never_reach_any_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "collect",
        "--yes",
        "--offline",
        "-o",
        str(out),
        "--bundle",
        "--summary",
        "VPN login fails",
        "--description",
        "; ".join(SECRETS),
        "--error",
        "login failed for " + list(SECRETS)[4],
        "--steps",
        list(SECRETS)[2],
        "--tried",
        list(SECRETS)[1],
    ]
    result = run(args)
    assert result.exit_code == 0, result.output
    text = everything(out)
    for secret in SECRETS.values():
        assert secret not in text, secret
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sum(report["meta"]["redactions"].values()) >= len(SECRETS)
    assert "places in this request: support never needs" in (out / "request.txt").read_text(encoding="utf-8")


def test_strict_refuses_a_vague_request_and_keeps_the_draft(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    out = tmp_path / "out"
    result = run(["collect", "--yes", "--offline", "-o", str(out), "--summary", "everything is broken", "--strict"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("reportkit: error: the request scores ")
    assert "below 60" in result.stderr
    assert not out.exists()
    draft = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert draft["answers"]["problem.summary"] == "everything is broken"


def test_strict_passes_a_specific_request(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(["collect", "--yes", "--offline", "-o", str(out), *SPECIFIC, "--strict"])
    assert result.exit_code == 0, result.output
    assert "Completeness " in result.stdout


def test_check_prints_findings_and_strict_exit_code(tmp_path: Path) -> None:
    vague, good = tmp_path / "vague", tmp_path / "good"
    run(
        [
            "collect",
            "--yes",
            "--offline",
            "-o",
            str(vague),
            "-f",
            "json",
            "--summary",
            "nothing works",
            "--description",
            "Серый принтер не печатает",
        ]
    )
    run(["collect", "--yes", "--offline", "-o", str(good), "-f", "json", *SPECIFIC])
    checked = run(["check", str(vague / "report.json")])
    assert checked.exit_code == 0
    assert checked.stdout.startswith("Completeness: ")
    assert "vague" in checked.stdout.lower() or "only says" in checked.stdout
    assert run(["check", "--strict", str(vague / "report.json")]).exit_code == 1
    fine = run(["check", "--strict", str(good / "report.json")])
    assert fine.exit_code == 0, fine.output


def test_anonymize_keeps_the_map_beside_the_output_and_is_consistent(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = [
        "collect",
        "--yes",
        "--offline",
        "-f",
        "text",
        "-f",
        "json",
        "--bundle",
        "--anonymize",
        "--description",
        "Laptop 10.20.30.40 (MAC 3c:91:80:4e:2a:17) cannot reach 10.20.30.1; "
        "log in /home/anna/vpn.log; again 10.20.30.40",
    ]
    first = run([*base, "-o", str(out)])
    assert first.exit_code == 0, first.output
    mapping_file = tmp_path / "out.anonymization-map.json"
    assert oct(mapping_file.stat().st_mode & 0o777) == "0o600"
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))["mapping"]
    text = everything(out)
    for original in ("10.20.30.40", "3c:91:80:4e:2a:17", "/home/anna", "10.20.30.1 "):
        assert original.strip() not in text, original
    assert "anonymization-map" not in " ".join(p.name for p in out.rglob("*"))
    description = json.loads((out / "report.json").read_text(encoding="utf-8"))["problem"]["description"]
    stand_in = mapping["10.20.30.40"]
    assert description.count(stand_in) == 2  # the same value always maps to the same stand-in
    again = tmp_path / "again"
    second = run([*base, "-o", str(again), "--anonymize-map", str(mapping_file)])
    assert second.exit_code == 0, second.output
    assert json.loads((again / "report.json").read_text(encoding="utf-8"))["problem"]["description"] == description
