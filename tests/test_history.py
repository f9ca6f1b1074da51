"""The ledger (reportkit.history): migrations from an older schema, many processes writing at once, a corrupt
file, a newer schema, a read-only folder, private files, and the checks on ids and ticket numbers."""

from __future__ import annotations

import multiprocessing
import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reportkit import history
from reportkit.errors import InputError

V1 = Path(__file__).parent / "golden" / "history-v1.sql"


def v1_ledger(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.executescript(V1.read_text(encoding="utf-8"))
    db.close()
    return path


def schema_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
    db.close()
    return version


def test_a_version_1_ledger_is_migrated_keeping_every_row(tmp_path: Path) -> None:
    path = v1_ledger(tmp_path / "h.sqlite3")
    with history.Ledger(path) as ledger:
        assert ledger.notices == [] and not ledger.read_only
        ids = [r.id for r in ledger.requests()]
        assert ids == ["RK-B4X9", "RK-7Q2M"]  # newest first
        old = ledger.get("RK-7Q2M")
        assert (old.summary, old.status, old.score, old.recipient, old.language) == (
            "No internet since 08:00", "ticket-open", 82, "", "en")  # fmt: skip
        assert ledger.plan("RK-7Q2M") == {"plan": {"anchors": ["203.0.113.64:443"], "deadline": 3.0}, "probes": None}
        assert ledger.plan("RK-B4X9") is None
        assert [t.number for t, _ in ledger.open_tickets(contact="ANNA@example.org")] == ["ISP-48213"]
        # version 2 is usable at once: runs, rounds, resolutions, the new columns
        run = ledger.start_run("verify", "RK-7Q2M", "198.51.100.2")
        ledger.add_round(run, history.Round("2026-11-13T10:00:00+02:00", True, "none", "healthy", {"n": 1}))
        ledger.update("RK-7Q2M", recipient="support@isp.example", probes={"results": []})
        ledger.resolve("RK-7Q2M", "No internet", "a cut fibre", "spliced")
        detail = ledger.detail("RK-7Q2M")
        assert detail.request.status == "resolved" and detail.resolution and detail.resolution.fix == "spliced"
        assert [r.rounds[0].summary for r in detail.runs] == [{"n": 1}]
        assert ledger.open_tickets(contact="anna@example.org") == []  # resolved: no longer open
    assert schema_version(path) == history.SCHEMA_VERSION
    with history.Ledger(path) as again:  # opening a current ledger changes nothing
        assert len(again.requests()) == 2 and again.notices == []


def _writer(path: str, worker: int, count: int) -> None:
    with history.Ledger(Path(path)) as ledger:
        run = ledger.start_run("watch", None, f"svc-{worker}")
        for i in range(count):
            request = ledger.add_request(summary=f"w{worker}-{i}", service_key=f"svc-{worker}", plan={"i": i})
            ledger.add_ticket(request.id, f"T-{worker}-{i}")
            ledger.add_round(run, history.Round(f"2026-12-01T10:{i // 60:02d}:{i % 60:02d}+00:00", i % 2 == 0))


def test_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    workers, count = 4, 150
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_writer, args=(str(path), w, count)) for w in range(workers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
        assert p.exitcode == 0
    with history.Ledger(path) as ledger:
        found = ledger.requests()
        assert len(found) == workers * count and len({r.id for r in found}) == workers * count
        assert {r.summary for r in found} == {f"w{w}-{i}" for w in range(workers) for i in range(count)}
        assert all(r.status == "ticket-open" for r in found)
        runs = ledger.runs(kind="watch")
        assert sorted(len(r.rounds) for r in runs) == [count] * workers
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == workers * count
    db.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed-header"])
def test_a_corrupt_ledger_is_moved_aside_and_a_fresh_one_started(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "h.sqlite3"
    with history.Ledger(path) as ledger:
        for i in range(200):
            ledger.add_request(summary=f"request {i} " + "x" * 200)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00not a database\xff" * 64)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(b"\x00" * 100 + data[100:])
    broken = path.read_bytes()
    with history.Ledger(path) as ledger:
        assert len(ledger.notices) == 1 and "damaged" in ledger.notices[0]
        assert ledger.requests() == []
        ledger.add_request(summary="after")
        assert [r.summary for r in ledger.requests()] == ["after"]
    moved = list(tmp_path.glob("h.sqlite3.corrupt-*"))
    assert [m.read_bytes() for m in moved if not m.name.endswith(("-wal", "-shm"))] == [broken]
    assert moved[0].name in "".join(ledger.notices)


def test_a_ledger_from_a_newer_version_is_read_only_and_untouched(tmp_path: Path) -> None:
    path = v1_ledger(tmp_path / "h.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()
    before = path.read_bytes()
    with history.Ledger(path) as ledger:
        assert ledger.read_only and len(ledger.notices) == 1 and "newer reportkit (schema 7)" in ledger.notices[0]
        assert [r.id for r in ledger.requests()] == ["RK-B4X9", "RK-7Q2M"]  # reads still work
        for write in (
            lambda: ledger.add_request(summary="x"),
            lambda: ledger.add_ticket("RK-7Q2M", "ISP-1"),
            lambda: ledger.set_status("RK-7Q2M", "resolved"),
            lambda: ledger.start_run("watch"),
        ):
            with pytest.raises(history.HistoryError, match="newer reportkit"):
                write()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite3"]


def test_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "reportkit" / "history.sqlite3"
    with history.Ledger(path) as ledger:
        ledger.add_request(summary="x", plan={"host": "203.0.113.10"})
        for p in path.parent.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_default_path_and_turning_it_off(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert history.default_path(env) == tmp_path / "reportkit" / "history.sqlite3"
    assert history.default_path({**env, history.ENV: str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert history.open_default({}, enabled=False, environ=env) is None
    assert history.open_default({"history": {"enabled": False}}, environ=env) is None
    ledger = history.open_default({"history": {"enabled": True}}, environ=env)
    assert ledger is not None
    ledger.close()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("RK-7Q2M", "RK-7Q2M"), ("rk-7q2m", "RK-7Q2M"), (" RK-7Q2O ", "RK-7Q20"), ("rk-iloq", "RK-110Q"),
     ("RK7Q2M", "RK-7Q2M")],
)  # fmt: skip
def test_request_ids_are_read_as_people_type_them(typed: str, kept: str) -> None:
    assert history.check_request_id(typed) == kept


@pytest.mark.parametrize("typed", ["", "RK-", "RK-7Q", "RK-7Q2U", "XX-7Q2M", "RK-7Q2M\x1b[2J", "R" * 10_000])
def test_bad_request_ids_are_one_line(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        history.check_request_id(typed)
    assert "\n" not in caught.value.message and "\x1b" not in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize("number", ["", "   ", "A" * 65, "X" * 10_000, "ISP-1\x00", "ISP-\u202e1", "ISP\n1",
                                    "ISP-\u200b1", "ISP\u20281"])  # fmt: skip
def test_bad_ticket_numbers_are_refused_without_echoing_them(number: str) -> None:
    with pytest.raises(InputError) as caught:
        history.check_ticket_number(number)
    message = caught.value.message
    assert len(message) < 200 and "\u202e" not in message and "\x00" not in message


def test_ticket_numbers_as_support_writes_them() -> None:
    for number in ("ISP-48213", "#48213", "CLOUD 771/2026", "Заявка №4821", "Talep-77 (acil)", "A" * 64):
        assert history.check_ticket_number(f"  {number} ") == number


def test_unknown_requests_say_how_to_find_them(tmp_path: Path) -> None:
    with history.Ledger(tmp_path / "h.sqlite3") as ledger:
        calls = (
            lambda: ledger.get("RK-0000"),
            lambda: ledger.add_ticket("RK-0000", "X-1"),
            lambda: ledger.resolve("RK-0000", "s", "c", "f"),
            lambda: ledger.set_status("RK-0000", "sent"),
        )
        for call in calls:
            with pytest.raises(history.UnknownRequest, match="reportkit history"):
                call()


READ_ONLY_PROBE = """
import sys
from pathlib import Path
from reportkit import history
from reportkit.errors import ReportkitError
ledger = history.Ledger(Path(sys.argv[1]))
print("read_only", ledger.read_only)
print("ids", ",".join(r.id for r in ledger.requests()))
try:
    ledger.add_request(summary="x")
    print("write ok")
except ReportkitError as exc:
    print("write refused:", exc.message)
"""


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/python3").exists(), reason="needs root and python3")
def test_a_read_only_folder_still_reads_and_writes_say_why() -> None:
    """As `nobody` (root ignores file modes), with Debian's python3: reportkit's history module needs only stdlib
    and reportkit's own small modules. Under a folder nobody can reach (pytest's tmp_path is root's only)."""
    import tempfile

    nobody = pwd.getpwnam("nobody")
    tmp_path = Path(tempfile.mkdtemp(prefix="rk-history-ro-"))
    try:
        _read_only_as_nobody(nobody, tmp_path)
    finally:
        (tmp_path / "ro" / "data").chmod(0o755)
        shutil.rmtree(tmp_path, ignore_errors=True)


def _read_only_as_nobody(nobody: pwd.struct_passwd, tmp_path: Path) -> None:
    where = tmp_path / "ro"
    code = where / "code"
    shutil.copytree(Path(history.__file__).parent, code / "reportkit", ignore=shutil.ignore_patterns("__pycache__"))
    path = v1_ledger(where / "data" / "history.sqlite3")
    with history.Ledger(path):
        pass  # migrated, in WAL mode
    for p in (tmp_path, where, code):
        p.chmod(0o755)
    for root, dirs, files in os.walk(where):
        for name in dirs:
            Path(root, name).chmod(0o755)
        for name in files:
            Path(root, name).chmod(0o644)
    (where / "data").chmod(0o555)  # nobody may read the ledger, not write the folder or the file
    done = subprocess.run(
        ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups",
         "/usr/bin/python3", "-I", "-c", f"import sys; sys.path.insert(0, {str(code)!r})\n" + READ_ONLY_PROBE,
         str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if "No module named" in done.stderr:
        pytest.skip(f"Debian's python3 lacks a module reportkit.history imports: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "read_only True" in out and "ids RK-B4X9,RK-7Q2M" in out, out
    assert "write refused: the history" in out and "cannot be written" in out, out
    assert "Traceback" not in done.stderr
    assert sys.version_info >= (3, 10)
