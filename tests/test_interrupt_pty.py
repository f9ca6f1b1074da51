"""A real Ctrl-C on a real terminal: the interview's answers survive in a draft, --resume continues."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path


def read_until(fd: int, needle: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
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
    return seen


def take_terminal() -> None:
    """Make the pty the child's controlling terminal, so ^C becomes SIGINT as on a real desktop."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_ctrl_c_saves_a_draft_and_exits_130(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(isolated_dirs["config"]), "XDG_DATA_HOME": str(isolated_dirs["data"])}
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportkit", "collect", "--offline", "-o", str(tmp_path / "o")],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        preexec_fn=take_terminal,
    )
    os.close(follower)
    try:
        read_until(leader, b"Your name")
        os.write(leader, "Ägnes Kuznetsova\r".encode())
        read_until(leader, b"Your e-mail")
        os.write(leader, b"agnes@example.com\r")
        read_until(leader, b"Phone number")
        os.write(leader, b"\x03")  # the terminal turns this into SIGINT for the foreground process
        output = read_until(leader, b"--resume")
        assert proc.wait(timeout=20) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert b"Your answers are saved in" in output
    assert b"Traceback" not in output
    draft = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert draft["answers"] == {"reporter.name": "Ägnes Kuznetsova", "reporter.email": "agnes@example.com"}
    assert not (tmp_path / "o").exists()
