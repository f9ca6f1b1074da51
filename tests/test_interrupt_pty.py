"""Every way an interactive collect can end on a real terminal keeps the answers; --resume restores every one.

Each case runs `python -m reportkit collect` on a pty as its controlling terminal (so ^C is a real SIGINT and
closing the terminal a real SIGHUP), ends the session its own way, then checks the draft and a --resume run."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def read_until(fd: int, needle: bytes, already: bytes = b"", timeout: float = 20.0) -> bytes:
    """Read until `needle` shows up in `already` + what arrives; returns what arrived."""
    seen = already
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {needle!r}; got {seen[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen[len(already) :]


def take_terminal() -> None:
    """Make the pty the child's controlling terminal, so ^C becomes SIGINT as on a real desktop."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Session:
    def __init__(self, args: list[str], env: dict[str, str], rows: int = 500, columns: int = 120) -> None:
        """`rows`: the terminal's height; the default fits the whole preview, so the pager leaves at once."""
        self.leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reportkit", "collect", *args],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            preexec_fn=take_terminal,
        )
        os.close(follower)
        self.seen = b""
        self.read = 0  # how far `seen` has been waited through: a prompt is looked for after the last one
        self.open = True

    def answer(self, prompt: bytes, text: bytes) -> None:
        self.wait_for(prompt)
        os.write(self.leader, text + b"\r")

    def wait_for(self, prompt: bytes) -> None:
        if prompt not in self.seen[self.read :]:
            self.seen += read_until(self.leader, prompt, self.seen[self.read :])
        at = self.seen.find(prompt, self.read)
        assert at >= 0, f"the session ended before {prompt!r}; it printed {self.seen[-800:]!r}"
        self.read = at + len(prompt)

    def finish(self) -> int:
        """Read everything until the session exits (a pty reads EIO once the child has closed it, while the child
        may still be exiting: keep waiting then, never close the terminal under it — that would be a hang-up)."""
        if self.open:
            try:
                deadline = time.monotonic() + 40
                while self.proc.poll() is None and time.monotonic() < deadline:
                    ready, _, _ = select.select([self.leader], [], [], 0.2)
                    if ready:
                        try:
                            self.seen += os.read(self.leader, 4096)
                        except OSError:
                            time.sleep(0.05)
                if self.proc.poll() is None:
                    self.seen += b"\n[still running: " + self.where().encode() + b"]"
            finally:
                os.close(self.leader)
                self.open = False
        return self.proc.wait(timeout=20)

    def where(self) -> str:
        """What the child is waiting in (kernel side), for a failure message."""
        facts = []
        for name in ("wchan", "stack"):
            try:
                facts.append(Path(f"/proc/{self.proc.pid}/{name}").read_text().strip().replace("\n", " | "))
            except OSError as exc:
                facts.append(f"{name}: {exc}")
        return "; ".join(facts)

    def hang_up(self) -> None:
        os.close(self.leader)  # the terminal window is closed: the kernel sends SIGHUP to the session
        self.open = False


def environment(dirs: dict[str, Path], tmp_path: Path, **extra: str) -> dict[str, str]:
    dropped = ("DISPLAY", "WAYLAND_DISPLAY", "PAGER", "LESS", "EDITOR", "VISUAL")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"XDG_CONFIG_HOME": str(dirs["config"]), "XDG_DATA_HOME": str(dirs["data"]), "TERM": "xterm"})
    env.update({"TMPDIR": str(tmp_path / "tmp"), **extra})
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return env


def resume(env: dict[str, str], out: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "reportkit", "collect", "--resume", "--yes", "--offline", "-o", str(out), "-f", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def two_answers(s: Session) -> None:
    s.answer(b"Choose", b"s")
    s.answer(b"Your name", "Ägnes Kuznetsova".encode())
    s.answer(b"Your e-mail", b"agnes@example.com")
    s.wait_for(b"Phone number")


# A person reacts to a prompt after a moment. Pressed within microseconds of the prompt appearing, a signal can land
# while CPython is between printing the prompt and blocking in read(): its handler then only runs once read()
# returns, i.e. at the next keystroke (a CPython input() race, not ours: a second Ctrl-C always works). The tests
# wait as a person would, so they measure what reportkit does with the signal.
REACTION = 0.3


def ctrl_c(s: Session) -> None:
    time.sleep(REACTION)
    os.write(s.leader, b"\x03")


def to_the_paste(s: Session) -> None:
    s.answer(b"Choose", b"s")
    s.answer(b"Your name", "Ägnes Kuznetsova".encode())
    s.answer(b"Your e-mail", b"agnes@example.com")
    for _ in range(22):
        s.answer(b": ", b"")
    s.answer(b"Paste the exact error", b"Fatal error 0x80070005")
    s.answer(b"\r\n", b"in module kernel32.dll")
    time.sleep(0.3)


def to_the_preview(s: Session) -> None:
    to_the_paste(s)
    os.write(s.leader, b"\r")  # end of the paste
    s.answer(b"screenshot", b"")
    s.wait_for(b"[s]ave")


LESS_PROMPT = b"\r\n:\x1b[K"  # less waits for a key at the bottom of the first screen
# like vim or nano, the editor keeps running on Ctrl-C (and here outlives the end of the test's terminal session):
# reportkit must end it, not leave it behind on the terminal
EDITOR = (
    "import signal, sys, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "signal.signal(signal.SIGHUP, signal.SIG_IGN)\nprint('EDITING ' + sys.argv[1], flush=True)\ntime.sleep(60)\n"
)
SHORT = 24  # terminal rows: the preview does not fit, the pager waits


def to_the_pager(s: Session) -> None:
    to_the_paste(s)
    os.write(s.leader, b"\r")  # end of the paste
    s.answer(b"screenshot", b"")
    s.wait_for(LESS_PROMPT)


def into_the_editor(s: Session) -> None:
    to_the_preview(s)
    os.write(s.leader, b"d\r")
    s.wait_for(b"EDITING ")


CASES: dict[str, tuple[Callable[[Session], None], str, int, int]] = {
    "ctrl-c at a question": (two_answers, "ctrl-c", 130, 500),
    "SIGTERM at a question": (two_answers, "term", 143, 500),
    "terminal closed at a question": (two_answers, "hangup", 129, 500),
    "ctrl-c in the middle of a paste": (to_the_paste, "ctrl-c", 130, 500),
    "ctrl-c at the preview": (to_the_preview, "ctrl-c", 130, 500),
    "SIGTERM at the preview": (to_the_preview, "term", 143, 500),
    "ctrl-c in the pager": (to_the_pager, "ctrl-c", 130, SHORT),
    "SIGTERM in the pager": (to_the_pager, "term", 143, SHORT),
    "terminal closed in the pager": (to_the_pager, "hangup", 129, SHORT),
    "ctrl-c in the editor": (into_the_editor, "ctrl-c", 130, 500),
    "SIGTERM in the editor": (into_the_editor, "term", 143, 500),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_every_way_a_session_ends_keeps_the_answers(case: str, tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    steps, how, code, rows = CASES[case]
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR, encoding="utf-8")
    env = environment(isolated_dirs, tmp_path, EDITOR=f"{sys.executable} {editor}")
    s = Session(["--offline", "-o", str(tmp_path / "o")], env, rows=rows)
    try:
        steps(s)
        if how == "ctrl-c":
            ctrl_c(s)
        elif how == "term":
            time.sleep(REACTION)
            s.proc.send_signal(signal.SIGTERM)
        else:
            time.sleep(REACTION)
            s.hang_up()
        ended = s.finish()
        assert ended == code, s.seen[-1500:]
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
        if s.open:
            os.close(s.leader)
    assert b"Traceback" not in s.seen
    assert not (tmp_path / "o").exists()
    assert not list(tmp_path.glob(".reportkit-*.lock"))  # the claim on the folder ended with the session
    draft = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert draft["answers"]["reporter.name"] == "Ägnes Kuznetsova"
    assert draft["answers"]["reporter.email"] == "agnes@example.com"
    report = resume(env, tmp_path / "resumed")
    assert report["reporter"] == {
        "name": "Ägnes Kuznetsova",
        "email": "agnes@example.com",
        "phone": None,
        "company": None,
    }
    if steps is into_the_editor:  # the editor ended with the session, and its temporary file is gone
        edited = s.seen.split(b"EDITING ", 1)[1].split(b"\r\n", 1)[0].decode()
        assert not Path(edited).exists()
        running = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, check=False).stdout
        assert str(editor).encode() not in running
    if steps is not two_answers:  # the lines already pasted are kept
        texts = [e["text"] for e in report["evidence"]["errors"]]  # type: ignore[index]
        assert any("Fatal error 0x80070005" in t for t in texts), texts


@pytest.mark.slow
def test_unwritable_data_dir_falls_back_to_the_temp_dir(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    env = environment(isolated_dirs, tmp_path, XDG_DATA_HOME=str(blocker))
    s = Session(["--offline", "-o", str(tmp_path / "o")], env)
    try:
        two_answers(s)
        ctrl_c(s)
        assert s.finish() == 130, s.seen[-1500:]
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    assert b"Traceback" not in s.seen
    assert b"is not writable" in s.seen
    fallback = next((tmp_path / "tmp").glob("reportkit-draft-*.json"))
    assert oct(fallback.stat().st_mode & 0o777) == "0o600"
    report = resume(env, tmp_path / "resumed")
    assert report["reporter"]["name"] == "Ägnes Kuznetsova"  # type: ignore[index]


@pytest.mark.slow
def test_a_non_utf8_byte_typed_is_carried_with_replacement(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    env = environment(isolated_dirs, tmp_path)
    out = tmp_path / "o"
    s = Session(
        [
            "--offline",
            "-o",
            str(out),
            "-f",
            "json",
            "--summary",
            "Caf\udce9 down".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
        ],
        env,
    )
    try:
        s.answer(b"Choose", b"s")
        s.answer(b"Your name", b"Ren\xe9 M\xfcller")  # Latin-1 bytes on a UTF-8 terminal
        for _ in range(22):
            s.answer(b": ", b"")
        s.answer(b"Paste the exact error", b"")
        s.answer(b"screenshot", b"")
        s.answer(b"[s]ave", b"s")
        s.answer(b"Remember", b"n")
        assert s.finish() == 0
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    assert b"Traceback" not in s.seen
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["reporter"]["name"] == "Ren\ufffd M\ufffdller"
    assert report["problem"]["summary"] == "Caf\ufffd down"


def quit_pager(s: Session) -> None:
    os.write(s.leader, b"q")  # a bare key: a newline after it would answer the menu


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_preview_pages_from_the_top_and_any_answer_can_be_edited(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    env = environment(isolated_dirs, tmp_path)
    out = tmp_path / "o"
    s = Session(["--offline", "-o", str(out), "-f", "json"], env, rows=SHORT)
    try:
        to_the_pager(s)
        preview = s.seen.rsplit(b"screenshot", 1)[1]
        assert b"Subject: " in preview  # the top of the request comes first …
        assert b"[s]ave" not in preview  # … and the menu waits until the pager is left
        quit_pager(s)
        s.answer(b"[c]ancel", b"e")
        s.wait_for("Your name: Ägnes Kuznetsova".encode())
        s.answer(b"Which answer", b"1")
        s.answer(b"Enter keeps it", "Ägnes Kuznetsova-Laine".encode())
        s.wait_for(LESS_PROMPT)  # the request is shown again, with the change
        quit_pager(s)
        s.answer(b"[c]ancel", b"s")
        s.answer(b"Remember", b"n")
        assert s.finish() == 0
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    assert b"Traceback" not in s.seen
    assert s.seen.count(LESS_PROMPT) == 2
    assert "My name is Ägnes Kuznetsova-Laine.".encode() in s.seen.rsplit(b"Which answer", 1)[1]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["reporter"]["name"] == "Ägnes Kuznetsova-Laine"


@pytest.mark.slow
def test_unwritable_config_dir_is_a_warning_and_the_request_stays_written(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    env = environment(isolated_dirs, tmp_path, XDG_CONFIG_HOME="/proc/forbidden")  # not creatable, even by root
    out = tmp_path / "o"
    s = Session(["--offline", "-o", str(out)], env)
    try:
        to_the_preview(s)
        os.write(s.leader, b"s\r")
        s.answer(b"Remember", b"y")
        assert s.finish() == 0
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    assert b"Traceback" not in s.seen
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "request.html", "request.md", "request.txt"]
    warnings = [line for line in s.seen.split(b"\r\n") if line.startswith(b"warning:")]
    assert len(warnings) == 1 and b"your details were not remembered" in warnings[0], warnings
    assert b"/proc/forbidden/reportkit/config.toml" in warnings[0]
    assert not (isolated_dirs["data"] / "reportkit" / "draft.json").exists()  # saved: no draft left behind
