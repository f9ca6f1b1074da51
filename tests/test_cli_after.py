"""After sending, outside the lab: the ledger through the CLI (collect records, ticket, history), verify and watch
against loopback targets (nothing leaves 127/8), compare on diagnosis files, and their bad input."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_probes import FakeDns
from test_triage import healthy, host_silent, internet_silent

from reportkit.cli import main


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=False, env=env)


def one_line_error(result: Result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("reportkit: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def ledger_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger" / "history.sqlite3"
    monkeypatch.setenv("REPORTKIT_HISTORY", str(path))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Listener:
    """A TCP listener on 127.0.0.1, started and stopped by the test: it answers any HTTP request with 204 (so it
    is the portal check too) and closes."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None

    def start(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(64)
        threading.Thread(target=self._accept, args=(self.sock,), daemon=True).start()

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    @staticmethod
    def _answer(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            try:
                if conn.recv(4096):
                    conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass

    def stop(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, so the port really closes
            self.sock.close()
            self.sock = None


@pytest.fixture
def resolver() -> Iterator[int]:
    """The public DNS server stand-in on 127.0.0.1: localhost resolves, anything else is NXDOMAIN."""
    server = FakeDns({"localhost": "127.0.0.1"})
    server.start()
    yield server.port
    server.close()


@pytest.fixture
def anchor(resolver: int) -> Iterator[int]:
    """The internet stand-in: two anchors on loopback that always answer."""
    listener = Listener(free_port())
    listener.start()
    yield listener.port
    listener.stop()


@pytest.fixture
def service() -> Iterator[Listener]:
    """The service: a port on 127.0.0.1 the test opens and closes."""
    listener = Listener(free_port())
    yield listener
    listener.stop()


def loopback_config(tmp_path: Path, anchor: int, service_port: int, resolver: int) -> Path:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[reporter]\nname = "Anna Virtanen"\nemail = "anna@example.org"\n'
        f'[service]\nname = "Shop"\nhost = "127.0.0.1"\nports = [{service_port}]\n'
        '[cloud]\nname = "Lab Cloud"\nsupport_email = "support@cloud.example"\n'
        f'[probes]\ninternet_anchors = ["127.0.0.2:{anchor}", "127.0.0.3:{anchor}"]\n'
        f'public_resolvers = ["127.0.0.1:{resolver}"]\nknown_names = ["localhost"]\nicmp = false\ntrace = false\n'
        f'portal_check_url = "http://127.0.0.1:{anchor}/generate_204"\ndeadline = 1.5\n',
        encoding="utf-8",
    )
    return cfg


def collect(cfg: Path, out: Path, *extra: str) -> Result:
    return run(["--config", str(cfg), "collect", "--yes", "-o", str(out), "--force",
                "--summary", "Shop does not load", *extra])  # fmt: skip


def request_id_of(out: Path) -> str:
    rid = json.loads((out / "report.json").read_text(encoding="utf-8"))["meta"]["request_id"]
    assert re.fullmatch(r"RK-[0-9A-HJKMNP-TV-Z]{4,}", rid), rid
    return str(rid)


# --------------------------------------------------------------------------------------------- ledger via CLI


def test_collect_records_the_request_and_a_later_collect_lists_its_open_ticket(
    tmp_path: Path, ledger_path: Path, anchor: int, service: Listener, resolver: int
) -> None:
    service.start()
    cfg = loopback_config(tmp_path, anchor, service.port, resolver)
    first = collect(cfg, tmp_path / "one", "--offline")
    assert first.exit_code == 0, first.output
    rid = request_id_of(tmp_path / "one")
    assert f"Recorded as {rid}" in first.stdout and f"reportkit ticket {rid} NUMBER" in first.stdout
    assert rid in (tmp_path / "one" / "request.txt").read_text(encoding="utf-8")  # the reference to quote
    listed = json.loads(run(["history", "--json"]).stdout)
    assert [(r["id"], r["status"], r["service_key"]) for r in listed] == [(rid, "saved", "127.0.0.1")]
    assert listed[0]["output"] == str(tmp_path / "one") and listed[0]["contact"] == "anna@example.org"

    done = run(["ticket", rid.lower(), "ISP-48213", "--provider", "Lab Cloud"])
    assert done.exit_code == 0, done.output
    assert json.loads(run(["history", "--json"]).stdout)[0]["status"] == "ticket-open"

    second = collect(cfg, tmp_path / "two", "--offline")
    assert second.exit_code == 0, second.output
    text = (tmp_path / "two" / "request.txt").read_text(encoding="utf-8")
    assert re.search(r"Earlier reports: ISP-48213 \(Lab Cloud\) on \d{1,2} [A-Z][a-z]{2}, still open\.", text), text
    for name in ("request.md", "request.html"):
        assert "ISP-48213" in (tmp_path / "two" / name).read_text(encoding="utf-8")
    report = json.loads((tmp_path / "two" / "report.json").read_text(encoding="utf-8"))
    assert report["history"]["earlier"][0]["ticket"] == "ISP-48213"
    assert report["history"]["earlier"][0]["request_id"] == rid

    table = run(["history"]).stdout
    assert rid in table and "ISP-48213" in table and "Shop does not load" in table and "ticket open" in table
    assert "заявка открыта" in run(["--lang", "ru", "history"]).stdout  # the status in the interface language
    shown = json.loads(run(["history", "show", rid, "--json"]).stdout)
    assert [t["number"] for t in shown["tickets"]] == ["ISP-48213"]
    assert run(["history", "--status", "resolved", "--json"]).stdout.strip() == "[]"
    assert len(json.loads(run(["history", "--since", "1d", "--json"]).stdout)) == 2
    assert len(json.loads(run(["history", "--service", "127.0.0", "--json"]).stdout)) == 2


def test_no_history_and_config_off_write_no_ledger(tmp_path: Path, ledger_path: Path) -> None:
    done = run(["collect", "--yes", "--offline", "--no-history", "-o", str(tmp_path / "a"), "--summary", "x y z"])
    assert done.exit_code == 0, done.output
    assert not ledger_path.exists() and "Recorded as" not in done.output
    assert json.loads((tmp_path / "a" / "report.json").read_text())["meta"]["request_id"] is None
    cfg = tmp_path / "off.toml"
    cfg.write_text("[history]\nenabled = false\n", encoding="utf-8")
    done = run(["--config", str(cfg), "collect", "--yes", "--offline", "-o", str(tmp_path / "b"), "--summary", "x"])
    assert done.exit_code == 0, done.output
    assert not ledger_path.exists()
    bad = tmp_path / "bad.toml"
    bad.write_text('[history]\nenabled = "maybe"\n', encoding="utf-8")
    one_line_error(run(["--config", str(bad), "collect", "--yes", "--offline", "-o", str(tmp_path / "c")]), 1)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ticket", "RK-ZZZZ", "ISP-1"], "no request RK-ZZZZ"),
        (["ticket", "not-an-id", "ISP-1"], "not-an-id"),
        (["ticket", "{rid}", "ISP-\x1b[31m1"], "TICKET-NUMBER"),
        (["ticket", "{rid}", "ISP-\u202e1"], "TICKET-NUMBER"),
        (["ticket", "{rid}", "A" * 10_000], "TICKET-NUMBER"),
        (["ticket", "{rid}", "  "], "TICKET-NUMBER"),
        (["ticket", "{rid}", "ISP-1\nline two"], "TICKET-NUMBER"),
        (["history", "show", "RK-ZZZZ"], "no request RK-ZZZZ"),
        (["history", "--since", "last tuesday"], "--since"),
        (["verify", "RK-ZZZZ"], "no request RK-ZZZZ"),
    ],
)
def test_bad_ids_and_ticket_numbers_are_one_line_and_keep_the_ledger(
    tmp_path: Path, ledger_path: Path, args: list[str], needle: str
) -> None:
    made = run(["collect", "--yes", "--offline", "-o", str(tmp_path / "a"), "--summary", "Shop down"])
    rid = request_id_of(tmp_path / "a")
    before = ledger_path.read_bytes()
    line = one_line_error(run([a.replace("{rid}", rid) for a in args]))
    assert needle in line and len(line) < 400, line
    assert "\x1b" not in line and "\u202e" not in line
    assert made.exit_code == 0
    listed = json.loads(run(["history", "--json"]).stdout)
    assert [r["id"] for r in listed] == [rid] and listed[0]["tickets"] == []
    assert ledger_path.read_bytes() == before or listed[0]["status"] == "saved"


def test_a_ledger_from_a_newer_reportkit_is_left_alone_and_the_request_still_written(
    tmp_path: Path, ledger_path: Path
) -> None:
    run(["collect", "--yes", "--offline", "-o", str(tmp_path / "a"), "--summary", "Shop down"])
    rid = request_id_of(tmp_path / "a")
    with sqlite3.connect(ledger_path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    before = ledger_path.read_bytes()
    done = run(["collect", "--yes", "--offline", "-o", str(tmp_path / "b"), "--summary", "Shop down"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "b" / "request.txt").exists()
    assert "newer reportkit" in done.stderr and "Traceback" not in done.output
    line = one_line_error(run(["ticket", rid, "ISP-1"]), 1)
    assert "newer reportkit" in line
    assert ledger_path.read_bytes() == before


def test_a_corrupt_ledger_is_moved_aside_with_one_line(tmp_path: Path, ledger_path: Path) -> None:
    ledger_path.parent.mkdir(parents=True)
    ledger_path.write_bytes(b"this is not a database" * 100)
    done = run(["collect", "--yes", "--offline", "-o", str(tmp_path / "a"), "--summary", "Shop down"])
    assert done.exit_code == 0, done.output
    moved = list(ledger_path.parent.glob("history.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    assert str(moved[0].name) in done.stderr
    assert [r["id"] for r in json.loads(run(["history", "--json"]).stdout)] == [request_id_of(tmp_path / "a")]


# ----------------------------------------------------------------------------------------------------- verify


def test_verify_says_fixed_for_the_check_that_recovered_and_writes_the_follow_up(
    tmp_path: Path, ledger_path: Path, anchor: int, service: Listener, resolver: int
) -> None:
    cfg = loopback_config(tmp_path, anchor, service.port, resolver)  # the port is closed: the request is about it
    done = collect(cfg, tmp_path / "a")
    assert done.exit_code == 0, done.output
    rid = request_id_of(tmp_path / "a")
    run(["ticket", rid, "CLOUD-771", "--provider", "Lab Cloud"])
    service.start()
    done = run(["--config", str(cfg), "verify", rid, "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    fixed = {c["check"] for c in result["changes"] if c["change"] == "fixed"}
    assert fixed == {f"service-tcp 127.0.0.1:{service.port}"}, result["changes"]
    assert not [c for c in result["changes"] if c["change"] in ("still-failing", "newly-failing")]
    message = result["followup"]
    assert re.search(r"Since \d\d:\d\d the service answers again; ticket CLOUD-771 can be closed\.", message), message
    assert "Subject: Re: Shop does not load (ticket CLOUD-771)" in message and "Anna Virtanen" in message
    assert rid in message

    service.stop()  # broken again: the table and the message say so
    done = run(["--config", str(cfg), "verify", rid])
    assert done.exit_code == 0, done.output
    assert re.search(rf"127\.0\.0\.1:{service.port}\)\s+fails\s+fails\s+still failing", done.stdout), done.stdout
    assert "Still failing after your fix:" in done.stdout and "Please keep ticket CLOUD-771 open." in done.stdout

    service.start()
    done = run(["--config", str(cfg), "verify", rid, "--resolve", "--cause", "firewall rule", "--fix", "rule removed"])
    assert done.exit_code == 0, done.output
    shown = json.loads(run(["history", "show", rid, "--json"]).stdout)
    assert shown["request"]["status"] == "resolved"
    assert shown["resolution"]["cause"] == "firewall rule" and shown["resolution"]["fix"] == "rule removed"
    assert shown["resolution"]["symptom"] == "Shop does not load"
    assert [r["kind"] for r in shown["runs"]] == ["verify"] * 3


def test_verify_of_a_report_file_works_without_the_ledger_unless_anonymised(
    tmp_path: Path, ledger_path: Path, anchor: int, service: Listener, resolver: int
) -> None:
    service.start()
    cfg = loopback_config(tmp_path, anchor, service.port, resolver)
    assert collect(cfg, tmp_path / "plain", "--no-history").exit_code == 0
    done = run(["--config", str(cfg), "verify", str(tmp_path / "plain" / "report.json"), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["tally"].get("unchanged", 0) > 0
    assert collect(cfg, tmp_path / "anon", "--no-history", "--anonymize").exit_code == 0
    line = one_line_error(run(["--config", str(cfg), "verify", str(tmp_path / "anon")]))
    assert "anonymised" in line and "not in this computer's history" in line


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["verify", "--cause", "x", "--fix", "y", "RK-AAAA"], "--resolve"),
        (["verify", "--resolve", "RK-AAAA"], "--cause"),
        (["verify", ""], "empty"),
        (["verify", "/nonexistent/report.json"], "/nonexistent/report.json"),  # exit 1, as for render
        (["watch", "--every", "0"], "--every"),
        (["watch", "--every", "0.2s"], "--every"),
        (["watch", "--every", "soon"], "--every"),
        (["watch", "--for", "2d"], "longer than a day"),
        (["watch", "--for", "25h", "--every", "1m"], "--force"),
        (["watch", "--every", "1m", "--for", "30s"], "--for"),
        (["compare", "one.json"], "at least two"),
    ],
)
def test_after_commands_bad_input_is_one_line(tmp_path: Path, ledger_path: Path, args: list[str], needle: str) -> None:
    assert needle in one_line_error(run(args), 1 if "/nonexistent" in args[-1] else 2)


# ------------------------------------------------------------------------------------------------------ watch


def test_watch_prints_a_line_per_round_keeps_them_and_the_next_collect_attaches_the_summary(
    tmp_path: Path, ledger_path: Path, anchor: int, service: Listener, resolver: int
) -> None:
    cfg = loopback_config(tmp_path, anchor, service.port, resolver)
    done = run(["--config", str(cfg), "watch", "--every", "1s", "--for", "2s"])
    assert done.exit_code == 0, done.output
    rounds = [line for line in done.stdout.splitlines() if re.match(r"\d\d:\d\d:\d\d\s+\d/3\s", line)]
    assert len(rounds) == 3 and all("FAILS" in line for line in rounds), done.stdout
    assert "failed 3 of 3 rounds" in done.stdout, done.stdout
    with sqlite3.connect(ledger_path) as db:
        kinds = db.execute("SELECT kind FROM runs").fetchall()
    assert kinds == [("watch",)]
    done = collect(cfg, tmp_path / "a", "--offline")
    text = (tmp_path / "a" / "request.txt").read_text(encoding="utf-8")
    assert re.search(r"Watched from \d\d:\d\d to \d\d:\d\d: failed 3 of 3 rounds between", text), text
    assert json.loads((tmp_path / "a" / "report.json").read_text())["history"]["watch"]["failed"] == 3


# ---------------------------------------------------------------------------------------------------- compare


def diagnosis_file(path: Path, mutate: Any) -> Path:
    data = healthy()
    if mutate is not None:
        mutate(data)
    path.write_text(json.dumps({"schema": "reportkit/2", "verdict": {}, "probes": {"name": "probes",
                    "status": "ok", "data": data}}), encoding="utf-8")  # fmt: skip
    return path


def test_compare_names_the_connection_that_fails_and_json_says_the_same(tmp_path: Path) -> None:
    home = diagnosis_file(tmp_path / "home.json", internet_silent)
    hotspot = diagnosis_file(tmp_path / "hotspot.json", None)
    done = run(["compare", str(home), str(hotspot)])
    assert done.exit_code == 0, done.output
    assert re.search(r"home\s+fails\s+isp\s+isp-down", done.stdout) and re.search(r"hotspot\s+works", done.stdout)
    assert "Measured over hotspot" in done.stdout and "internet service provider" in done.stdout
    merged = json.loads(run(["compare", str(home), str(hotspot), "--json"]).stdout)
    assert (merged["primary"], merged["verdict"]["culprit"]) == ("home", "isp")
    everywhere = json.loads(run(["compare", str(diagnosis_file(tmp_path / "a.json", host_silent)),
                                 str(diagnosis_file(tmp_path / "b.json", host_silent)), "--json"]).stdout)  # fmt: skip
    assert everywhere["verdict"]["culprit"] == "cloud-provider"


def test_compare_refuses_files_that_are_not_diagnoses(tmp_path: Path) -> None:
    good = diagnosis_file(tmp_path / "good.json", None)
    for content in (b"", b"\xff\xfe", b"[]", b'{"schema": "other/1"}', b"{" * 100_000):
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        line = one_line_error(run(["compare", str(good), str(bad)]))
        assert "bad.json" in line


def test_collect_also_and_other_connection_file_merge_the_verdict(tmp_path: Path, ledger_path: Path) -> None:
    hotspot = diagnosis_file(tmp_path / "hotspot.json", None)
    done = run(["collect", "--yes", "--offline", "-o", str(tmp_path / "a"), "--summary", "Shop down",
                "--other-connection", str(hotspot)])  # fmt: skip
    assert done.exit_code == 0, done.output
    report = json.loads((tmp_path / "a" / "report.json").read_text())
    assert [v["label"] for v in report["history"]["vantages"]] == ["hotspot"]
    assert report["history"]["vantages"][0]["works"] is True
    assert report["problem"]["other_connection"] is None
    assert "Checked also over hotspot: the service works there." in (tmp_path / "a" / "request.txt").read_text()
    line = one_line_error(run(["collect", "--yes", "--offline", "-o", str(tmp_path / "b"), "--also",
                               str(tmp_path / "missing.json")]))  # fmt: skip
    assert "missing.json" in line
    assert not (tmp_path / "b").exists()


def test_ctrl_c_ends_a_watch_cleanly_and_keeps_its_rounds(
    tmp_path: Path, ledger_path: Path, anchor: int, service: Listener, resolver: int
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    service.start()
    cfg = loopback_config(tmp_path, anchor, service.port, resolver)
    reportkit = Path(sys.executable).parent / "reportkit"
    env = {**os.environ, "REPORTKIT_HISTORY": str(ledger_path), "LANG": "C.UTF-8"}
    child = subprocess.Popen([str(reportkit), "--config", str(cfg), "watch", "--every", "1s", "--for", "1m"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        time.sleep(3.5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert "Traceback" not in err and "Stopped by Ctrl-C after" in err, err
    rounds = [line for line in out.splitlines() if re.match(r"\d\d:\d\d:\d\d\s+\d+/61\s", line)]
    assert 2 <= len(rounds) <= 5 and all(" ok: " in line for line in rounds), out
    assert f"the checks passed in all {len(rounds)} rounds" in out, out
    with sqlite3.connect(ledger_path) as db:
        kept = db.execute("SELECT count(*) FROM rounds").fetchone()[0]
        ended = db.execute("SELECT ended_at FROM runs").fetchone()[0]
    assert kept == len(rounds) and ended


def test_a_watch_older_than_a_week_is_not_attached(tmp_path: Path, ledger_path: Path) -> None:
    from reportkit import history

    with history.Ledger(ledger_path) as ledger:
        old = ledger.start_run("watch", None, "127.0.0.1")
        ledger.add_round(old, history.Round("2020-01-01T10:00:00+00:00", False, "isp", "isp-down"))
        ledger.db.execute("UPDATE runs SET started_at = ?, ended_at = ?", ("2020-01-01T10:00:00+00:00",) * 2)  # type: ignore[union-attr]
    done = run(["collect", "--yes", "--offline", "--host", "127.0.0.1", "-o", str(tmp_path / "a"), "--summary", "x"])
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "a" / "report.json").read_text())["history"]["watch"] is None


def test_a_round_in_which_no_check_could_run_says_so(
    tmp_path: Path, ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTKIT_PROBE_ALLOW", "127.0.0.0/8")  # the default public targets may not be probed here
    done = run(["watch", "--every", "1s", "--for", "1s"])
    assert done.exit_code == 0, done.output
    rounds = [line for line in done.stdout.splitlines() if re.match(r"\d\d:\d\d:\d\d\s+\d/2\s", line)]
    assert len(rounds) == 2 and all("not measured: no check could run" in line for line in rounds), done.stdout
