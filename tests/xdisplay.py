"""Real X11 for tests: an Xvfb server, a scene with known colours on it, and the real clipboard tools.

Fixtures (bind them in a test module, e.g. `xvfb = xdisplay.xvfb`: pytest finds fixtures by name): `xvfb` yields the
DISPLAY string of a fresh 1280x800x24 Xvfb server and kills it afterwards, together with every xclip/xsel process
left serving a selection on it; `scene` draws `SCENE` on that display and yields the display.
Helpers: `require` (skip locally, fail in CI), `run_cli` (the installed `reportkit` in a subprocess with its output
in files, so a clipboard tool that keeps our stdout open cannot hang the test), `tool_path` (a PATH that offers only
one of xclip / xsel), `ClipboardOwner` (puts text on the CLIPBOARD selection with the real tool, in the foreground,
and kills it afterwards).

Everything here talks only to local X servers through Unix sockets (`-nolisten tcp`).
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from PIL import Image, ImageGrab

SCREEN = (1280, 800)
IN_CI = os.environ.get("CI", "").lower() == "true"
REPORTKIT = Path(sys.executable).with_name("reportkit")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, for python3-tk (the venv's Python may lack tkinter)
CLIPBOARD_TOOLS = ("xclip", "xsel", "wl-copy", "wl-paste", "klipper", "qdbus")
PACKAGES = {"Xvfb": "xvfb", "xsetroot": "x11-xserver-utils", "xclip": "xclip", "xsel": "xsel", "chromium": "chromium"}


def require(condition: object, what: str) -> None:
    """Skip when a prerequisite is missing on a developer's machine; in CI (CI=true) the same is a failure, since
    .ci/run installs everything these tests need."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI lacks {what}: .ci/run must install it", pytrace=False)
    pytest.skip(f"missing {what}")


def require_tools(*names: str) -> None:
    for name in names:
        require(shutil.which(name), f"{name} (apt-get install {PACKAGES.get(name, name)})")


# --- processes ---------------------------------------------------------------------------------------------------


def _proc_environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _proc_comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def kill_pids(pids: Sequence[int], grace: float = 3.0) -> None:
    """SIGTERM each pid (ours), wait up to `grace` seconds, then SIGKILL the survivors."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def clipboard_owners(display: str) -> list[int]:
    """xclip / xsel processes serving a selection on `display` (ours, or forked by reportkit's --copy)."""
    me = os.getpid()
    return [
        pid
        for pid in _pids()
        if pid != me and _proc_comm(pid) in ("xclip", "xsel") and _proc_environ(pid).get("DISPLAY") == display
    ]


def _group(pgid: int) -> list[int]:
    """Live processes in process group `pgid`."""
    found = []
    for pid in _pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.append(pid)
    return found


def stop(proc: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """End a process we started with start_new_session=True, and whatever it left in its process group (a tool that
    forked into the background), even when the process itself has already exited."""
    members = _group(proc.pid)
    if proc.poll() is None and proc.pid not in members:
        members.append(proc.pid)
    kill_pids(members, grace)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(grace)


# --- Xvfb --------------------------------------------------------------------------------------------------------


def _connectable(number: int) -> bool:
    import socket

    path = f"/tmp/.X11-unix/X{number}"
    for address in (path, "\0" + path):  # the file socket, then Linux's abstract one
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(1)
            sock.connect(address)
            return True
        except OSError:
            continue
        finally:
            sock.close()
    return False


@contextlib.contextmanager
def xvfb_server(size: tuple[int, int] = SCREEN, timeout: float = 20.0) -> Iterator[str]:
    """Start `Xvfb -displayfd` (it picks a free display number, honouring /tmp/.X*-lock, and reports it once it
    accepts connections); yield ":N"; always kill it, and any clipboard tool left serving on it."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise FileNotFoundError("Xvfb")
    with tempfile.TemporaryFile() as log:
        yield from _run_xvfb(binary, size, timeout, log)


def _run_xvfb(binary: str, size: tuple[int, int], timeout: float, log: IO[bytes]) -> Iterator[str]:
    read_end, write_end = os.pipe()
    cmd = [binary, "-displayfd", str(write_end), "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"]
    cmd += ["-noreset"]
    proc = subprocess.Popen(
        cmd, pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
    )
    os.close(write_end)
    display = None
    try:
        number = b""
        deadline = time.monotonic() + timeout
        while not number.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(left, 0))
            chunk = os.read(read_end, 64) if ready else b""
            if not chunk:
                log.seek(0)
                detail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(
                    f"Xvfb did not report a display within {timeout:.0f} s (exit {proc.poll()}):\n{detail}"
                )
            number += chunk
        display = f":{int(number)}"
        while not _connectable(int(number)):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"Xvfb {display} does not accept connections")
            time.sleep(0.05)
        yield display
    finally:
        os.close(read_end)
        stop(proc)
        if display:
            kill_pids(clipboard_owners(display))  # they lose their server anyway; make sure they are gone


@pytest.fixture
def xvfb() -> Iterator[str]:
    """DISPLAY string of a fresh 1280x800x24 Xvfb server (skipped locally / failed in CI without Xvfb)."""
    require_tools("Xvfb")
    with xvfb_server() as display:
        yield display


# --- a scene with known colours ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    root: str = "#204080"  # xsetroot -solid
    window: str = "#ff0000"  # a borderless Tk window …
    window_box: tuple[int, int, int, int] = (200, 150, 600, 450)  # … at x0, y0, x1, y1 (root coordinates)
    inner: str = "#00c000"  # a rectangle inside it, on a canvas
    inner_box: tuple[int, int, int, int] = (300, 250, 420, 330)

    def samples(self) -> dict[tuple[int, int], tuple[int, int, int]]:
        """Points well inside each region → the colour expected there."""
        wx0, wy0, wx1, wy1 = self.window_box
        ix0, iy0, ix1, iy1 = self.inner_box
        return {
            (40, 40): rgb(self.root),
            (1240, 760): rgb(self.root),
            (900, 300): rgb(self.root),
            (wx0 + 20, wy0 + 20): rgb(self.window),
            (wx1 - 20, wy1 - 20): rgb(self.window),
            ((ix0 + ix1) // 2, (iy0 + iy1) // 2): rgb(self.inner),
        }


SCENE = Scene()

_TK_CLIENT = """
import sys, tkinter
x0, y0, x1, y1, ix0, iy0, ix1, iy1 = map(int, sys.argv[3:11])
root = tkinter.Tk()
root.overrideredirect(True)
root.geometry(f"{x1 - x0}x{y1 - y0}+{x0}+{y0}")
canvas = tkinter.Canvas(root, bg=sys.argv[1], highlightthickness=0, bd=0, width=x1 - x0, height=y1 - y0)
canvas.pack()
canvas.create_rectangle(ix0 - x0, iy0 - y0, ix1 - x0 - 1, iy1 - y0 - 1, fill=sys.argv[2], outline=sys.argv[2])
root.update()
print("mapped", flush=True)
root.mainloop()
"""


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def close(a: Sequence[int], b: Sequence[int], tolerance: int = 12) -> bool:
    return all(abs(int(x) - int(y)) <= tolerance for x, y in zip(a[:3], b[:3], strict=True))


def grab(display: str) -> Image.Image:
    """The whole screen of `display`, read through Pillow's XCB support, as reportkit's --capture does."""
    return ImageGrab.grab(xdisplay=display)


def has_tk() -> bool:
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import tkinter"], capture_output=True).returncode == 0


def set_root(display: str, colour: str) -> None:
    subprocess.run(["xsetroot", "-solid", colour], env={**os.environ, "DISPLAY": display}, check=True, timeout=10)


@contextlib.contextmanager
def draw(display: str, scene: Scene = SCENE, timeout: float = 20.0) -> Iterator[Scene]:
    """Paint the root window and show a Tk window with a rectangle; return once a screen grab shows all of it."""
    set_root(display, scene.root)
    env = {**os.environ, "DISPLAY": display}
    args = [scene.window, scene.inner, *map(str, scene.window_box), *map(str, scene.inner_box)]
    proc = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", _TK_CLIENT, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            image = grab(display)
            wrong = {
                xy: image.getpixel(xy) for xy, want in scene.samples().items() if not close(image.getpixel(xy), want)
            }
            if not wrong:
                break
            if proc.poll() is not None:
                _, err = proc.communicate()
                raise RuntimeError(f"the Tk client exited ({proc.returncode}): {err.decode(errors='replace')}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the scene is not on {display} after {timeout:.0f} s: {wrong}")
            time.sleep(0.05)
        yield scene
    finally:
        stop(proc)


@pytest.fixture
def scene(xvfb: str) -> Iterator[str]:
    """An Xvfb display showing SCENE; yields the DISPLAY string."""
    require_tools("xsetroot")
    require(has_tk(), f"tkinter for {SYSTEM_PYTHON} (apt-get install python3-tk)")
    with draw(xvfb):
        yield xvfb


# --- clipboard ---------------------------------------------------------------------------------------------------


def tool_path(directory: Path, keep: str | None) -> str:
    """Fill `directory` with links to every program on PATH except the clipboard tools, then link `keep` (xclip or
    xsel; None = neither). Returns a PATH of that directory alone, so a library that prefers one tool must use the
    other. (pyperclip finds tools with `which`, so the rest of the system stays reachable.)"""
    directory.mkdir(parents=True, exist_ok=True)
    for entry in os.environ.get("PATH", os.defpath).split(os.pathsep):
        if not entry or not os.path.isdir(entry):
            continue
        for name in os.listdir(entry):
            link = directory / name
            source = os.path.join(entry, name)
            if name in CLIPBOARD_TOOLS or link.exists() or link.is_symlink():
                continue
            if os.path.isfile(source) and os.access(source, os.X_OK):
                link.symlink_to(source)
    if keep:
        found = shutil.which(keep)
        assert found, keep
        (directory / keep).symlink_to(found)
    return str(directory)


def read_clipboard(tool: str, display: str, env: Mapping[str, str] | None = None) -> str:
    cmd = ["xclip", "-selection", "clipboard", "-o"] if tool == "xclip" else ["xsel", "--clipboard", "--output"]
    done = subprocess.run(
        cmd, env={**(env or os.environ), "DISPLAY": display}, capture_output=True, timeout=10, check=True
    )
    return done.stdout.decode("utf-8")


class ClipboardOwner:
    """The real xclip or xsel owning the CLIPBOARD selection with `text`, kept in the foreground so we can end it."""

    def __init__(self, tool: str, display: str, text: str) -> None:
        if tool == "xclip":
            cmd = ["xclip", "-selection", "clipboard", "-in", "-quiet"]  # -quiet: stay in the foreground
        else:
            cmd = ["xsel", "--clipboard", "--input", "--nodetach"]
        self.proc = subprocess.Popen(
            cmd,
            env={**os.environ, "DISPLAY": display},
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.close()
        deadline = time.monotonic() + 10
        while True:  # ready once the selection reads back
            try:
                if read_clipboard(tool, display) == text:
                    break
            except subprocess.CalledProcessError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                stop(self.proc)
                raise RuntimeError(f"{tool} did not take the CLIPBOARD selection on {display}")
            time.sleep(0.05)

    def close(self) -> None:
        stop(self.proc)

    def __enter__(self) -> ClipboardOwner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- running the CLI ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("warning:")]

    def __str__(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.2f} s\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


def cli_env(display: str | None, path: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")}
    if display:
        env["DISPLAY"] = display
    if path is not None:
        env["PATH"] = path
    return env


def run_cli(args: Sequence[str], env: Mapping[str, str], timeout: float = 60.0) -> Run:
    """`reportkit ARGS` with stdout/stderr in files: a clipboard tool forked by --copy that keeps them open cannot
    make this wait (the pipe case has its own test). Its whole process group is killed on a time-out."""
    require(REPORTKIT.exists(), f"the reportkit script next to {sys.executable} (pip install .)")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(REPORTKIT), *args],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            stop(proc)
            raise
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"), seconds)
