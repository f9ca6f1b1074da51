"""`reportkit diagnose` outside the lab: bad flags, --offline, and a loopback-only run (nothing leaves 127/8)."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportkit.cli import main


def run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port: '70000' is not a port number; give a number from 1 to 65535"),
        (["--admin-port", "ssh"], "--admin-port: 'ssh' is not a port number; give a number from 1 to 65535"),
        (
            ["--anchor", "one.one.one.one:443"],
            "--anchor: 'one.one.one.one:443' should be IP:PORT, e.g. 203.0.113.5:443",
        ),
        (["--anchor", "203.0.113.5"], "--anchor: '203.0.113.5' should be IP:PORT, e.g. 203.0.113.5:443"),
        (
            ["--resolver", "dns.example"],
            "--resolver: 'dns.example' should be an IP address (optionally :PORT), e.g. 203.0.113.53",
        ),
        (["--deadline", "0"], "--deadline: '0' should be a number of seconds from 0.2 to 120"),
        (
            ["--host", "shop"],
            "--host: 'shop' is not an IP address; give the server's IPv4 or IPv6 address, e.g. 203.0.113.10",
        ),
        (
            ["--portal-url", "portal"],
            "--portal-url: 'portal' is not a web address; give the full URL, e.g. https://shop.example.com/",
        ),
    ],
)
def test_bad_probe_flags_are_one_line_usage_errors(args: list[str], message: str) -> None:
    result = run(["diagnose", "--json", *args])
    assert result.exit_code == 2
    assert result.stderr == f"reportkit: error: {message}\n"
    assert result.stdout == ""


def test_bad_target_in_config_is_one_line_error(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[probes]\ninternet_anchors = ["anchor.example:443"]\n', encoding="utf-8")
    result = run(["--config", str(cfg), "diagnose", "--json"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"reportkit: error: config file {cfg}, line 2: probes.internet_anchors: 'anchor.example:443' should be "
        "IP:PORT, e.g. 203.0.113.5:443; fix it with `reportkit config set probes.internet_anchors VALUE` "
        "or edit the file\n"
    )


def test_offline_diagnose_sends_nothing_and_says_so() -> None:
    result = run(["diagnose", "--offline", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "reportkit/2"
    assert data["probes"]["status"] == "skipped"
    assert (data["verdict"]["culprit"], data["verdict"]["finding"]) == ("unknown", "not-measured")
    assert data["network"]["status"] == "ok"


def test_offline_diagnose_in_plain_words() -> None:
    result = run(["diagnose", "--offline"])
    assert result.exit_code == 0
    assert "No network checks ran (--offline: no network probes were sent)." in result.stdout
    assert "The checks could not tell where the fault lies." in result.stdout


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(32)
        yield server.getsockname()[1]


def test_loopback_only_run_never_leaves_the_allowed_networks(
    listener: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REPORTKIT_PROBE_ALLOW", "127.0.0.0/8")
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[probes]\nknown_names = ["localhost"]\nicmp = false\n[cloud]\nanchors = ["127.0.0.3:{listener}"]\n',
        encoding="utf-8",
    )
    result = run(
        [
            "--config",
            str(cfg),
            "diagnose",
            "--json",
            "--deadline",
            "2",
            "--anchor",
            f"127.0.0.1:{listener}",
            "--anchor",
            f"127.0.0.2:{listener}",
            "--resolver",
            "127.0.0.1:9",
            "--host",
            "127.0.0.1",
            "--port",
            str(listener),
            "--portal-url",
            f"http://127.0.0.1:{listener}/generate_204",
        ]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    results = data["probes"]["data"]["results"]
    anchors = [r for r in results if r["group"] == "anchor"]
    assert [r["outcome"] for r in anchors] == ["ok", "refused"]  # nothing listens on 127.0.0.2
    assert next(r for r in results if r["group"] == "service-tcp")["outcome"] == "ok"
    for r in results:  # whatever lies outside 127/8 (the real gateway, the system resolver) was not probed
        if r["outcome"] != "skipped":
            assert r["target"].startswith(("127.", "localhost", "http://127.", "rk-")) or "@ 127." in r["target"], r
    assert data["verdict"]["culprit"] in ("none", "unknown", "service", "dns")


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_says_where_the_settings_came_from_and_how_each_part_went(where: str) -> None:
    args = ["diagnose", "--offline"]
    result = run(["-v", *args] if where == "before" else [*args, "--verbose"])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert any(line.startswith("config: ") and "defaults used" in line for line in lines), result.stderr
    assert any(re.fullmatch(r"system: collected in \d+ ms", line) for line in lines), result.stderr
    assert "probes: skipped (--offline: no network probes were sent)" in lines
    quiet = run(args)
    assert "config: " not in quiet.stderr and "system: collected" not in quiet.stderr


def test_verbose_prints_each_probe_even_when_stderr_is_not_a_terminal() -> None:
    from reportkit.cli.printing import progress_printer

    assert progress_printer() is None  # pytest's stderr is not a terminal: quiet by default
    assert progress_printer(always=True) is not None
