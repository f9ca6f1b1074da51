"""`reportkit render` and `reportkit config`: re-rendering saved reports, remembered settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportkit.cli import main

META = b'{"schema": "reportkit/1", "meta": {"tool_version": "0.1.0", "created_at": "x"}, '


def run(args: list[str], input: str | None = None) -> Result:
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def saved_report(tmp_path: Path) -> Path:
    out = tmp_path / "first"
    result = run(
        [
            "collect",
            "--yes",
            "--offline",
            "-o",
            str(out),
            "--summary",
            "Webshop 502 на оплате",
            "--host",
            "203.0.113.10",
            "--error",
            "502 Bad Gateway",
        ]
    )
    assert result.exit_code == 0, result.output
    return out / "report.json"


def test_render_reproduces_what_collect_wrote(tmp_path: Path) -> None:
    source = saved_report(tmp_path)
    again = tmp_path / "again"
    result = run(["render", str(source), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in again.iterdir()) == ["request.html", "request.md", "request.txt"]
    for name in ("request.txt", "request.md", "request.html"):
        assert (again / name).read_bytes() == (source.parent / name).read_bytes()


def test_render_one_format_into_the_reports_own_directory(tmp_path: Path) -> None:
    source = saved_report(tmp_path)
    (source.parent / "request.md").unlink()
    result = run(["render", str(source), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "Webshop 502 на оплате" in (source.parent / "request.md").read_text(encoding="utf-8")


def test_render_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    source = saved_report(tmp_path)
    result = run(["render", str(source), "-f", "text"])
    assert result.exit_code == 1
    assert "request.txt already exists; use --force" in result.stderr
    assert run(["render", str(source), "-f", "text", "--force"]).exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"schema": "reportkit/1", "meta": ',
            "is not valid JSON (line 1, column 35: Expecting value); re-collect it or restore the original file",
        ),
        (
            b'{"schema": "bugzilla/4"}',
            "the report has schema 'bugzilla/4'; this reportkit reads 'reportkit/1' and 'reportkit/2' "
            "(upgrade reportkit or re-collect)",
        ),
        (b"[1, 2]", "the report is not a JSON object"),
        (
            META + b'"reporter": {"pin": "1234"}}',
            "field report.reporter has unknown key 'pin'",
        ),
        (
            META + b'"service": {"tickets": "A"}}',
            "field report.service.tickets should be a list, got str",
        ),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text; is it really a report.json?"),
    ],
)
def test_corrupt_or_foreign_report_json(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "report.json"
    bad.write_bytes(content)
    result = run(["render", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"reportkit: error: {bad}")
    assert result.stderr.rstrip("\n").endswith(message)
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_render_missing_file(tmp_path: Path) -> None:
    result = run(["render", str(tmp_path / "none.json")])
    assert result.exit_code == 1
    assert result.stderr == f"reportkit: error: cannot read {tmp_path / 'none.json'} (No such file or directory)\n"


def test_config_set_show_and_path(isolated_dirs: dict[str, Path]) -> None:
    path = isolated_dirs["config"] / "reportkit" / "config.toml"
    assert run(["config", "path"]).stdout == f"{path}\n"
    assert "no settings yet" in run(["config", "show"]).stdout
    assert run(["config", "set", "reporter.email", "anna@example.com"]).exit_code == 0
    assert run(["config", "set", "service.ports", "443, 8443"]).stdout.startswith("service.ports = [443, 8443]")
    assert run(["config", "set", "reporter.name", 'Zoë "Z" Öztürk']).exit_code == 0
    shown = run(["config", "show"]).stdout
    assert shown == (
        f'# {path}\n[reporter]\nemail = "anna@example.com"\nname = "Zoë \\"Z\\" Öztürk"\n\n'
        "[service]\nports = [443, 8443]\n"
    )
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_config_values_become_report_defaults(tmp_path: Path) -> None:
    run(["config", "set", "reporter.name", "Anna"])
    run(["config", "set", "cloud.account_id", "CUST-7781"])
    run(["config", "set", "service.host", "203.0.113.10"])
    out = tmp_path / "o"
    assert run(["collect", "--yes", "--offline", "-o", str(out), "-f", "json", "--host", "198.51.100.7"]).exit_code == 0
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["reporter"]["name"] == "Anna"
    assert data["service"]["account_id"] == "CUST-7781"
    assert data["service"]["host"] == "198.51.100.7"  # the flag wins over the config


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["reporter.pin", "1234"], 2, "unknown key `reporter.pin`; did you mean `reporter.phone` or `reporter.name`?"),
        (["service.host", "web01"], 2, "service.host: 'web01' is not an IP address"),
        (
            ["service.admin_port", "70000"],
            2,
            "service.admin_port: '70000' is not a port number; give a number from 1 to 65535",
        ),
        (["probes.deadline", "soon"], 2, "probes.deadline: 'soon' should be a number"),
        (["probes.ipv6", "maybe"], 2, "probes.ipv6: 'maybe' should be true or false"),
    ],
)
def test_config_set_rejects_bad_values(args: list[str], code: int, message: str) -> None:
    result = run(["config", "set", *args])
    assert result.exit_code == code
    assert result.stderr.startswith(f"reportkit: error: {message}")
    assert result.stderr.count("\n") == 1
