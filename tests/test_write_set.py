"""The request set is written as a set: all or nothing under a full disk, signals and failures; one run at a time."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportkit import writeset
from reportkit.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with a hash of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    """Staging folders or lock files reportkit left behind, anywhere under `parent`."""
    return sorted(
        str(p.relative_to(parent))
        for p in parent.rglob(".reportkit-*")
        if p.name.startswith((writeset.STAGING_PREFIX, ".reportkit-")) and not p.name.endswith(".json")
    )


def a_set(tag: str) -> dict[str, bytes]:
    return {
        "request.txt": f"txt {tag}\n".encode(),
        "request.md": f"md {tag}\n".encode(),
        "report.json": json.dumps({"tag": tag}).encode(),
        "attachments/screenshot-01.png": f"png {tag}".encode() * 100,
    }


def test_a_new_folder_appears_complete_and_nothing_is_left(tmp_path: Path) -> None:
    out = tmp_path / "ticket"
    written = writeset.write_set(out, a_set("one"), force=False)
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(a_set("one"))
    assert (out / "request.txt").read_bytes() == b"txt one\n"
    assert (out / "attachments" / "screenshot-01.png").read_bytes() == b"png one" * 100
    assert leftovers(tmp_path) == []
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_an_existing_folder_keeps_other_files_and_gets_the_whole_new_set(tmp_path: Path) -> None:
    out = tmp_path / "ticket"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    writeset.write_set(out, a_set("one"), force=False)
    with pytest.raises(OutputError, match="already exists; use --force"):
        writeset.write_set(out, a_set("two"), force=False)
    assert (out / "request.txt").read_bytes() == b"txt one\n"
    writeset.write_set(out, a_set("two"), force=True)
    assert (out / "request.txt").read_bytes() == b"txt two\n"
    assert (out / "report.json").read_bytes() == b'{"tag": "two"}'
    assert (out / "notes.txt").read_text() == "mine"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fail_at", range(8))
def test_a_failed_rename_while_swapping_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """4 old files aside, then 4 new ones in: whichever of the 8 renames fails, the folder is as it was."""
    out = tmp_path / "ticket"
    writeset.write_set(out, a_set("old"), force=False)
    before = snapshot(out)
    calls = {"n": 0}
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if calls["n"] == fail_at:
            calls["n"] += 1
            raise OSError(errno.EIO, "Input/output error")
        calls["n"] += 1
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OutputError, match=r"cannot write .*Input/output error"):
        writeset.write_set(out, a_set("new"), force=True)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("after", [0, 1, 3])
def test_an_interrupt_while_staging_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    out = tmp_path / "ticket"
    writeset.write_set(out, a_set("old"), force=False)
    before = snapshot(out)
    real_fsync, calls = os.fsync, {"n": 0}

    def fsync(fd: int) -> None:
        if calls["n"] == after:
            raise KeyboardInterrupt
        calls["n"] += 1
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        writeset.write_set(out, a_set("new"), force=True)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_staging_left_by_a_killed_run_is_cleared_by_the_next(tmp_path: Path) -> None:
    stale = tmp_path / f"{writeset.STAGING_PREFIX}dead"
    (stale / "attachments").mkdir(parents=True)
    (stale / "request.txt").write_text("half")
    writeset.write_set(tmp_path / "ticket", a_set("one"), force=False)
    assert not stale.exists()


def test_a_very_long_folder_name_still_has_a_short_lock_and_staging_name(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 250)
    writeset.write_set(out, a_set("one"), force=False)
    assert (out / "request.txt").exists()
    assert len(writeset.lock_path(out).name) < 40


# -- full disk: a real, small tmpfs (CI runs as root) --------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def collect(out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "reportkit", "collect", "--yes", "--offline", "-o", str(out), "--name", "Anna"]
    return subprocess.run(
        [*args, *extra],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def test_full_disk_leaves_no_partial_set_and_a_rerun_is_not_refused(small_disk: Path, tmp_path: Path) -> None:
    big = tmp_path / "error.log"
    big.write_text("ERROR 502 upstream timed out while reading response header\n" * 1500)  # ~90 kB, ×4 formats
    out = small_disk / "ticket"
    result = collect(out, "--summary", "Checkout 502", "--error-file", str(big))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr and "nothing was changed" in result.stderr
    assert not out.exists()
    assert leftovers(small_disk) == []
    # the same run with room to spare is not refused because of debris from the failed one
    assert collect(out, "--summary", "Checkout 502").returncode == 0
    assert (out / "request.txt").exists()


def test_full_disk_while_replacing_keeps_the_previous_set_byte_for_byte(small_disk: Path, tmp_path: Path) -> None:
    out = small_disk / "ticket"
    assert collect(out, "--summary", "first request").returncode == 0
    before = snapshot(out)
    big = tmp_path / "error.log"
    big.write_text("ERROR 502 upstream timed out while reading response header\n" * 1500)
    result = collect(out, "--summary", "second request", "--error-file", str(big), "--force")
    assert result.returncode == 1
    assert "No space left on device" in result.stderr
    assert snapshot(out) == before
    assert leftovers(small_disk) == []


# -- several processes ---------------------------------------------------------------------------------------------


def test_two_runs_into_one_folder_never_both_say_written(tmp_path: Path) -> None:
    for attempt in range(3):
        out = tmp_path / f"ticket-{attempt}"
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "reportkit",
                    "collect",
                    "--yes",
                    "--offline",
                    "-o",
                    str(out),
                    "--summary",
                    f"request number {n}",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                cwd=ROOT,
            )
            for n in (1, 2)
        ]
        results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
        said_written = [n for n, (code, stdout, _) in zip((1, 2), results, strict=True) if "written" in stdout]
        assert len(said_written) == 1, results
        failed = [r for r in results if r[0] != 0]
        assert len(failed) == 1 and failed[0][0] == 1
        assert "already exists" in failed[0][2] or "another reportkit run" in failed[0][2]
        assert f"request number {said_written[0]}" in (out / "request.txt").read_text(encoding="utf-8")
        assert leftovers(tmp_path) == []


def test_a_run_that_cannot_get_the_lock_fails_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ticket"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import fcntl, os, sys, time
                fd = os.open({str(writeset.lock_path(out))!r}, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                print("locked", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        monkeypatch.setattr(writeset, "WAIT", 0.3)
        started = time.monotonic()
        with pytest.raises(OutputError, match=r"another reportkit run is writing into .*ticket; wait for it"):
            writeset.write_set(out, a_set("one"), force=False)
        assert time.monotonic() - started < 5
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()


SIGNALLED_WRITER = """
import os, signal, sys
from pathlib import Path
from reportkit import writeset
from reportkit.errors import Stopped

def stop(signum, frame):
    raise Stopped(signum)

signal.signal(signal.SIGTERM, stop)
out, tag = Path(sys.argv[1]), sys.argv[2]
files = {f"attachments/part-{i:02d}.bin": tag.encode() * 200_000 for i in range(12)}
files["request.txt"] = tag.encode()
print("go", flush=True)
try:
    writeset.write_set(out, files, force=True)
except Stopped:
    sys.exit(143)
"""


def test_sigterm_at_any_moment_of_writing_leaves_the_old_or_the_new_set(tmp_path: Path) -> None:
    out = tmp_path / "ticket"
    script = tmp_path / "writer.py"
    script.write_text(SIGNALLED_WRITER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(script), str(out), "A"], check=True, env=env)
    outcomes = set()
    for attempt in range(12):
        tag = "B" if attempt % 2 else "C"
        proc = subprocess.Popen(
            [sys.executable, str(script), str(out), tag], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None and proc.stdout.readline() == "go\n"
        time.sleep(0.004 * attempt)
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
        assert code in (0, 143, -signal.SIGTERM), code
        tags = {p.read_bytes()[:1] for p in out.rglob("*") if p.is_file()}
        assert len(tags) == 1, f"attempt {attempt}: a mixed set {tags}"
        assert len([p for p in out.rglob("*") if p.is_file()]) == 13
        assert leftovers(tmp_path) == []
        outcomes.add(code)
    assert 143 in outcomes or -signal.SIGTERM in outcomes  # the signal did land while writing at least once


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_force_replaces_the_whole_previous_request_not_just_the_same_names(tmp_path: Path) -> None:
    out = tmp_path / "ticket"
    first = collect(out, "--summary", "first request", "--bundle", "--error", "E1")
    assert first.returncode == 0, first.stderr
    (out / "attachments").mkdir(exist_ok=True)
    (out / "attachments" / "screenshot-01.png").write_bytes(b"old screenshot")
    (out / "notes.txt").write_text("mine, not reportkit's")
    second = collect(out, "--summary", "second request", "-f", "md", "--force")
    assert second.returncode == 0, second.stderr
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert names == ["notes.txt", "request.md"]  # no old request.txt, report.json, zip, screenshot or attachments/
    assert "second request" in (out / "request.md").read_text(encoding="utf-8")
    (out / "attachments").mkdir()
    (out / "attachments" / "photo-02.jpg").write_bytes(b"old photo")
    (out / "attachments" / "my-invoice.pdf").write_bytes(b"the user's own file")
    third = collect(out, "--summary", "third request", "-f", "md", "--force")
    assert third.returncode == 0, third.stderr
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == ["attachments/my-invoice.pdf", "notes.txt", "request.md"]  # only reportkit's own names go
    assert "third request" in (out / "request.md").read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_a_second_run_into_a_claimed_folder_stops_before_probing(tmp_path: Path) -> None:
    """The first run holds the folder from before its probes to its last write: concurrent --force runs cannot both
    say "written"."""
    out = tmp_path / "ticket"
    writeset.claim(out)
    try:
        result = collect(out, "--summary", "second", "--force")
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1
        assert "another reportkit run is writing into" in result.stderr
        assert not out.exists()
    finally:
        writeset.release(out)
    assert not writeset.lock_path(out).exists()
    assert collect(out, "--summary", "third").returncode == 0


def test_the_claim_holds_the_folder_under_any_name(tmp_path: Path) -> None:
    """A symlink to the folder, `./`, a trailing slash: one folder, one claim."""
    out = tmp_path / "ticket"
    out.mkdir()
    (tmp_path / "link").symlink_to(out)
    writeset.claim(out)
    try:
        for spelling in (tmp_path / "link", f"{out}/", f"{tmp_path}/./ticket"):
            result = collect(Path(spelling), "--summary", "other run", "--force")
            assert result.returncode == 1, (spelling, result.stderr)
            assert "another reportkit run is writing into" in result.stderr
    finally:
        writeset.release(out)
    assert list(out.iterdir()) == []
