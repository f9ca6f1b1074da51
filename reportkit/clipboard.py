"""The system clipboard, text only.

On X11/Wayland the helper tools are run directly (preferring xsel, then xclip, then wl-clipboard — the order
pyperclip would use is xclip first): a copy helper stays alive to serve the selection, so it runs detached in its
own session with no pipe to our stdout/stderr (pyperclip's xclip backend keeps one open, and `reportkit … | cat`
hangs), every helper runs under a timeout, and its stderr never reaches the user's terminal. On Windows, macOS and
WSL pyperclip does the work. Heavy imports happen inside the functions. What goes wrong is said in the interface
language (`reportkit.i18n`).
"""

from __future__ import annotations

import os
import shutil
import sys

from reportkit.i18n import N_, _

INSTALL_HINT = N_("no clipboard: install xsel or xclip (X11) or wl-clipboard (Wayland)")
NO_DISPLAY = N_(
    "no clipboard: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run in a desktop session with xsel or xclip (X11) or wl-clipboard (Wayland)"
)
TIMEOUT = 5.0  # seconds for any clipboard helper

_COMMANDS = {  # backend → (copy, paste)
    "xsel": (["xsel", "--clipboard", "--input"], ["xsel", "--clipboard", "--output"]),
    "xclip": (["xclip", "-selection", "clipboard"], ["xclip", "-selection", "clipboard", "-o"]),
    "wl-clipboard": (["wl-copy"], ["wl-paste", "--no-newline", "--type", "text"]),
}
# what the helpers say on stderr (with a non-zero exit) when the clipboard simply holds no text
_EMPTY = ("not available", "nothing is copied", "no selection", "no suitable type", "clipboard is empty")


class ClipboardUnavailable(Exception):
    """No usable clipboard; `message` is one line naming what to install or what went wrong."""

    def __init__(self, message: str | None = None) -> None:
        message = _(INSTALL_HINT) if message is None else message
        super().__init__(message)
        self.message = " ".join(message.split())  # always one line


def paste() -> str:
    """The clipboard's text ("" when it holds none)."""
    backend = _backend()
    if backend is None:
        return _pyperclip("paste")
    import subprocess

    command = _COMMANDS[backend][1]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ClipboardUnavailable(
            _("no clipboard: {tool} did not answer within {seconds} s").format(tool=command[0], seconds=f"{TIMEOUT:g}")
        ) from None
    except OSError:
        raise ClipboardUnavailable() from None
    if done.returncode != 0:
        error = _first_line(done.stderr)
        if any(marker in error.lower() for marker in _EMPTY):
            return ""
        raise ClipboardUnavailable(_failure(command[0], error))
    return done.stdout.decode("utf-8", errors="replace")


def copy(text: str) -> None:
    """Put `text` on the clipboard; the helper that keeps serving it is detached and holds none of our streams."""
    backend = _backend()
    if backend is None:
        _pyperclip("copy", text)
        return
    import subprocess
    import tempfile

    command = list(_COMMANDS[backend][0])
    if backend == "wl-clipboard" and not text:
        command.append("--clear")
    # stderr goes to a file, not a pipe: the forked helper inherits it, and a pipe would stay open while it lives
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                close_fds=True,
                start_new_session=True,
            )
        except OSError:
            raise ClipboardUnavailable() from None
        try:
            process.communicate(text.encode("utf-8"), timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ClipboardUnavailable(
                _("no clipboard: {tool} did not finish within {seconds} s").format(
                    tool=command[0], seconds=f"{TIMEOUT:g}"
                )
            ) from None
        except BrokenPipeError:  # the helper quit before reading (no display): its exit code tells why
            process.wait()
        if process.returncode != 0:
            errors.seek(0)
            raise ClipboardUnavailable(_failure(command[0], _first_line(errors.read())))


def _backend() -> str | None:
    """The X11/Wayland helper to use, or None for pyperclip (Windows, macOS, WSL without a display)."""
    if sys.platform in ("win32", "darwin", "cygwin"):
        return None
    display, wayland = os.environ.get("DISPLAY"), os.environ.get("WAYLAND_DISPLAY")
    if display and shutil.which("xsel"):
        return "xsel"
    if display and shutil.which("xclip"):
        return "xclip"
    if wayland and shutil.which("wl-copy") and shutil.which("wl-paste"):
        return "wl-clipboard"
    if _is_wsl():
        return None
    raise ClipboardUnavailable(_(INSTALL_HINT) if display or wayland else _(NO_DISPLAY))


def _is_wsl() -> bool:
    try:
        with open("/proc/sys/kernel/osrelease", encoding="ascii", errors="replace") as handle:
            return "microsoft" in handle.read().lower()
    except OSError:
        return False


def _pyperclip(action: str, text: str = "") -> str:
    import pyperclip

    try:
        if action == "copy":
            pyperclip.copy(text)
            return ""
        return str(pyperclip.paste() or "")
    except pyperclip.PyperclipException as exc:
        reason = _first_line(str(exc).encode("utf-8")) or _("no clipboard mechanism found")
        raise ClipboardUnavailable(_("no clipboard: {reason}").format(reason=reason)) from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0].strip() if text else ""


def _failure(tool: str, error: str) -> str:
    if "display" in error.lower() or "wayland" in error.lower() or "connect" in error.lower():
        where = os.environ.get("WAYLAND_DISPLAY" if tool.startswith("wl-") else "DISPLAY") or "?"
        return _("no clipboard: {tool} cannot reach display {display} ({error})").format(
            tool=tool, display=where, error=error
        )
    if not error:
        return _("no clipboard: {tool} failed (no message)").format(tool=tool)
    return _("no clipboard: {tool} failed ({error})").format(tool=tool, error=error)


def available() -> bool:
    """Whether a clipboard tool can be used here (checked without touching the clipboard)."""
    try:
        _backend()  # None means pyperclip's native clipboard (Windows, macOS, WSL)
    except ClipboardUnavailable:
        return False
    return True
