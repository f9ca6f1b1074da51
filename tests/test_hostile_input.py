"""Hostile and careless input, each case through the real CLI in its own process (`python -m reportkit`).

Every case asserts: the exit code (reportkit.errors.Exit), the number of lines on stderr (one error line, or the
known warnings) and a keyword naming the cause, no traceback anywhere, no crash log, no partial output (the folder
the command ran in holds exactly what it held before), and — where a draft exists — no typed answer lost.
A hang fails the case (timeout). Nothing here sends a packet: every collect is --offline.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fixtures
import pytest

from reportkit import messages
from reportkit.errors import Exit

TIMEOUT = 15  # seconds; a case that takes longer hangs
CLOSED = "closed"  # Case.stdin: file descriptor 0 closed, as with `<&-`
ANY_LINES = -1  # Case.lines: an interview asks its questions on stderr; only the last line is checked
ERROR = "reportkit: error:"
DRAFT_SCHEMA = "reportkit-draft/1"


@dataclass
class Case:
    args: list[Any]  # str or bytes (undecodable argv)
    code: int
    words: tuple[str, ...] = ()  # each must appear (case-insensitive) in the last stderr line
    lines: int | None = None  # stderr lines; default: 1 for a failure, 0 for success; ANY_LINES: not counted
    prefix: str | None = None  # how the last stderr line starts; default ERROR for a failure
    env: dict[str, str | None] = field(default_factory=dict)  # None unsets the variable
    stdin: Any = subprocess.DEVNULL  # DEVNULL, bytes, an open file / fd, or CLOSED
    watch: tuple[Path, ...] = ()  # folders that must be byte-for-byte unchanged
    written: bool | None = None  # <tmp>/out exists afterwards; default: only on success
    stdout: Any = None  # where standard output goes (default: captured)
    after: Callable[[str, str], None] | None = None  # further checks on (stdout, stderr)


@dataclass
class Env:
    tmp: Path  # the case's own folder; the command runs in it
    home: Path

    @property
    def out(self) -> Path:
        return self.tmp / "out"

    @property
    def data(self) -> Path:
        return self.home / "data" / "reportkit"

    @property
    def state(self) -> Path:
        return self.home / "state"

    def collect(self, *extra: Any, formats: str = "json") -> list[Any]:
        return ["collect", "--yes", "--offline", "-f", formats, "-o", str(self.out), *extra]

    def report(self) -> dict[str, Any]:
        return json.loads((self.out / "report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


CASES: dict[str, Callable[[Env], Case]] = {}


def case(func: Callable[[Env], Case]) -> Callable[[Env], Case]:
    CASES[func.__name__] = func
    return func


# --- helpers ---------------------------------------------------------------------------------------------------------


def environment(env: Env, extra: dict[str, str | None]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "REPORTKIT_CONFIG" and not k.startswith("REPORTKIT_MAX")}
    base.update(
        HOME=str(env.home),
        XDG_CONFIG_HOME=str(env.home / "config"),
        XDG_DATA_HOME=str(env.home / "data"),
        XDG_STATE_HOME=str(env.state),
        XDG_CACHE_HOME=str(env.home / "cache"),
        REPORTKIT_PROBE_ALLOW="127.0.0.0/8,::1/128",  # a safety net: nothing beyond loopback, ever
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in extra.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root`: a file by its sha256, a link by its target, a folder, a special file by kind."""
    found: dict[str, str] = {}
    if not root.exists() and not root.is_symlink():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.stat().st_size < 1 << 24 else "big"
            else:
                found[rel] = "special"
        dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()]
    return found


def run_case(env: Env, spec: Case) -> tuple[str, str]:
    before = {str(w): snapshot(w) for w in spec.watch}
    listing = sorted(p.name for p in env.tmp.iterdir())
    stdin = spec.stdin
    kwargs: dict[str, Any] = {}
    if isinstance(stdin, bytes):
        kwargs["input"] = stdin
    elif stdin == CLOSED:
        kwargs["stdin"] = subprocess.DEVNULL
        kwargs["preexec_fn"] = lambda: os.close(0)
    else:
        kwargs["stdin"] = stdin
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", *spec.args],
        env=environment(env, spec.env),
        cwd=env.tmp,
        stdout=subprocess.PIPE if spec.stdout is None else spec.stdout,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )
    out = (proc.stdout or b"").decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    shown = f"exit {proc.returncode}\nstderr:\n{err[-3000:]}\nstdout:\n{out[-1000:]}"
    assert proc.returncode == spec.code, shown
    assert "Traceback" not in err and "Traceback" not in out, shown
    assert "internal error" not in err, shown
    lines = [line for line in err.splitlines() if line.strip()]
    expected = spec.lines if spec.lines is not None else (1 if spec.code else 0)
    if expected != ANY_LINES:
        assert len(lines) == expected, shown
    if spec.words:
        for word in spec.words:
            assert word.casefold() in lines[-1].casefold(), (word, shown)
    prefix = spec.prefix if spec.prefix is not None else (ERROR if spec.code else "")
    if prefix:
        assert lines[-1].startswith(prefix), shown
    crashes = list(env.state.rglob("crash-*")) if env.state.exists() else []
    assert not crashes, crashes
    written = spec.written if spec.written is not None else spec.code == 0
    assert env.out.is_dir() == written, shown
    if not written:  # no partial output: the folder holds what it held before, no temp files or half sets
        assert sorted(p.name for p in env.tmp.iterdir()) == listing, shown
    for watched in spec.watch:
        assert snapshot(watched) == before[str(watched)], f"{watched} changed\n{shown}"
    if spec.after is not None:
        spec.after(out, err)
    return out, err


@pytest.fixture
def env(tmp_path: Path) -> Env:
    work = tmp_path / "work"
    work.mkdir()
    return Env(work, tmp_path / "home")


CLEANUP: list[Callable[[], object]] = []  # undone after each case, last first (sockets, mounts, open files)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def unix_socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    CLEANUP.append(sock.close)
    return path


def write_report(folder: Path, data: Any = None, raw: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    path.write_bytes(raw if raw is not None else json.dumps(data or fixtures.sample_report().to_dict()).encode())
    return path


def report_with(**changes: Any) -> dict[str, Any]:
    """The sample report with fields replaced; a key is a path with `__` between the parts: meta__created_at."""
    data = fixtures.sample_report().to_dict()
    for key_path, value in changes.items():
        *parents, last = key_path.split("__")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    return data


def draft_file(env: Env, content: bytes | None = None, answers: dict[str, Any] | None = None) -> Path:
    env.data.mkdir(parents=True, exist_ok=True)
    path = env.data / "draft.json"
    body: dict[str, Any] = {
        "schema": DRAFT_SCHEMA,
        "saved_at": "2026-11-23T09:00:00+02:00",
        "answers": answers,
        "errors": [],
    }
    path.write_bytes(content if content is not None else json.dumps(body).encode())
    return path


def mount_readonly(path: Path, fill: Callable[[Path], object] | None = None) -> Path:
    """A folder nobody can write to, root included: a read-only tmpfs (CI runs as root), else mode 0555."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        if fill:
            fill(path)
        path.chmod(0o555)
        CLEANUP.append(lambda: path.chmod(0o755))
        return path
    if shutil.which("mount") is None:
        pytest.skip("running as root without mount(8): no way to make a folder read-only")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(path)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"running as root and cannot mount a read-only tmpfs ({made.stderr.decode().strip()})")
    CLEANUP.append(lambda: subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False))
    if fill:
        fill(path)
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)
    return path


def error_text(env: Env) -> dict[str, Any]:
    errors = env.report()["evidence"]["errors"]
    assert len(errors) == 1, errors
    return errors[0]  # type: ignore[no-any-return]


# --- flags ----------------------------------------------------------------------------------------------------------


@case
def flag_host_empty_string_is_not_given(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["service"]["host"] is None

    return Case(env.collect("--host", ""), Exit.OK, after=after)


@case
def flag_host_whitespace_only(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["service"]["host"] is None

    return Case(env.collect("--host", " \t "), Exit.OK, after=after)


@case
def flag_host_ten_thousand_characters(env: Env) -> Case:
    def after(_out: str, err: str) -> None:
        assert len(err) < 1000, len(err)  # the value is shortened, the fix stays visible
        assert err.rstrip().endswith("e.g. 203.0.113.10")

    return Case(env.collect("--host", "1" * 10_000), Exit.USAGE, ("--host", "not an IP address"), after=after)


@case
def flag_summary_ten_thousand_characters_is_kept(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["problem"]["summary"] == "Checkout 502 " + "x" * 10_000

    return Case(env.collect("--summary", "Checkout 502 " + "x" * 10_000), Exit.OK, after=after)


@case
def flag_undecodable_bytes_in_a_name_are_carried_as_replacement(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["reporter"]["name"] == "Anna \ufffd\ufffdVirtanen"
        for name in ("request.txt", "request.md", "request.html"):
            assert "Anna \ufffd\ufffdVirtanen" in (env.out / name).read_text(encoding="utf-8")

    return Case(env.collect("--name", b"Anna \xff\xfeVirtanen", formats="text,md,html,json"), Exit.OK, after=after)


@case
def flag_undecodable_bytes_in_an_ip(env: Env) -> Case:
    return Case(env.collect("--host", b"203.0.113.\xff"), Exit.USAGE, ("--host", "not an IP address"))


@case
def flag_email_without_a_dot_in_the_domain(env: Env) -> Case:
    return Case(env.collect("--email", "anna@localhost"), Exit.USAGE, ("--email", "not an e-mail address"))


@case
def flag_url_javascript(env: Env) -> Case:
    return Case(env.collect("--url", "javascript:alert(1)"), Exit.USAGE, ("--url", "not a web address"))


@case
def flag_port_out_of_range(env: Env) -> Case:
    return Case(env.collect("--port", "65536"), Exit.USAGE, ("--port", "1 to 65535"))


@case
def flag_admin_port_by_name(env: Env) -> Case:
    return Case(env.collect("--admin-port", "ssh"), Exit.USAGE, ("--admin-port", "not a port number"))


@case
def flag_anchor_without_port(env: Env) -> Case:
    return Case(env.collect("--anchor", "198.51.100.7"), Exit.USAGE, ("--anchor", "IP:PORT"))


@case
def flag_resolver_by_host_name(env: Env) -> Case:
    return Case(env.collect("--resolver", "dns.google"), Exit.USAGE, ("--resolver", "IP address"))


@case
def flag_deadline_nan(env: Env) -> Case:
    return Case(env.collect("--deadline", "nan"), Exit.USAGE, ("--deadline", "seconds"))


@case
def flag_deadline_zero(env: Env) -> Case:
    return Case(env.collect("--deadline", "0"), Exit.USAGE, ("--deadline", "seconds"))


@case
def flag_capture_delay_nan(env: Env) -> Case:
    return Case(env.collect("--capture-delay", "nan"), Exit.USAGE, ("--capture-delay", "not a number"))


@case
def flag_min_score_negative(env: Env) -> Case:
    return Case(env.collect("--min-score", "-5"), Exit.USAGE, ("--min-score",))


@case
def flag_format_empty_string(env: Env) -> Case:
    return Case(["collect", "--yes", "--offline", "-o", str(env.out), "-f", ""], Exit.USAGE, ("format",))


@case
def flag_format_unknown_in_a_comma_list(env: Env) -> Case:
    return Case(["collect", "--yes", "--offline", "-o", str(env.out), "-f", "md,,pdf"], Exit.USAGE, ("'pdf'", "format"))


@case
def flag_format_upper_case_is_an_alias(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert sorted(p.name for p in env.out.iterdir()) == ["report.json", "request.md"]

    return Case(["collect", "--yes", "--offline", "-o", str(env.out), "-f", "JSON,MD"], Exit.OK, after=after)


@case
def flag_copy_unknown_format(env: Env) -> Case:
    return Case(env.collect("--copy", "pdf"), Exit.USAGE, ("--copy", "'pdf'"))


@case
def flag_unknown_subcommand(env: Env) -> Case:
    return Case(["colect", "--yes"], Exit.USAGE, ("colect",))


@case
def flag_config_without_a_value(env: Env) -> Case:
    return Case(["collect", "--yes", "--offline", "--config"], Exit.USAGE, ("--config", "argument"))


@case
def flag_since_nonsense_is_kept_as_said(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert "banana o'clock" in json.dumps(env.report()["problem"])

    return Case(env.collect("--since", "banana o'clock"), Exit.OK, after=after)


@case
def output_component_of_300_characters(env: Env) -> Case:
    return Case(
        ["collect", "--yes", "--offline", "-o", str(env.tmp / ("x" * 300))], Exit.ERROR, ("longer than", "--output")
    )


@case
def output_path_longer_than_path_max(env: Env) -> Case:
    deep = env.tmp.joinpath(*["d" * 200] * 25)
    return Case(["collect", "--yes", "--offline", "-o", str(deep)], Exit.ERROR, ("too long",))


@case
def output_under_proc(env: Env) -> Case:
    return Case(["collect", "--yes", "--offline", "-o", "/proc/self/reportkit"], Exit.ERROR, ("not writable",))


@case
def output_in_a_read_only_folder(env: Env) -> Case:
    ro = mount_readonly(env.tmp / "ro")
    return Case(
        ["collect", "--yes", "--offline", "-o", str(ro / "out")], Exit.ERROR, ("not writable", "--output"), watch=(ro,)
    )


@case
def anonymize_map_that_is_a_directory(env: Env) -> Case:
    (env.tmp / "maps").mkdir()
    return Case(env.collect("--anonymize-map", str(env.tmp / "maps")), Exit.USAGE, ("--anonymize-map", "directory"))


# --- files ----------------------------------------------------------------------------------------------------------


@case
def error_file_dev_null(env: Env) -> Case:
    return Case(env.collect("--error-file", "/dev/null"), Exit.USAGE, ("/dev/null", "a device"))


@case
def error_file_socket(env: Env) -> Case:
    sock = unix_socket(env.tmp / "app.sock")
    return Case(env.collect("--error-file", str(sock)), Exit.USAGE, ("app.sock", "a socket"))


@case
def error_file_empty(env: Env) -> Case:
    (env.tmp / "empty.log").write_bytes(b"")
    return Case(env.collect("--error-file", str(env.tmp / "empty.log")), Exit.USAGE, ("empty.log", "is empty"))


@case
def error_file_only_white_space(env: Env) -> Case:
    (env.tmp / "blank.log").write_bytes(b" \n\t\r\n  \n")
    return Case(env.collect("--error-file", str(env.tmp / "blank.log")), Exit.USAGE, ("blank.log", "white space"))


@case
def error_file_of_a_terabyte_is_cut_at_the_cap(env: Env) -> Case:
    huge = sparse(env.tmp / "huge.log", 10**12)

    def after(_out: str, _err: str) -> None:
        error = error_text(env)
        assert error["truncated"] and error["original_bytes"] == 10**12
        assert len(error["text"].encode()) < 2 * 1024 * 1024

    return Case(env.collect("--error-file", str(huge)), Exit.OK, ("binary data",), 1, after=after)


@case
def error_file_utf16_with_bom(env: Env) -> Case:
    (env.tmp / "win.log").write_bytes("Zugriff verweigert (0x80070005) – Ä".encode("utf-16"))

    def after(_out: str, _err: str) -> None:
        assert error_text(env)["text"] == "Zugriff verweigert (0x80070005) – Ä"

    return Case(env.collect("--error-file", str(env.tmp / "win.log")), Exit.OK, after=after)


@case
def error_file_symlink_loop(env: Env) -> Case:
    (env.tmp / "a.log").symlink_to(env.tmp / "b.log")
    (env.tmp / "b.log").symlink_to(env.tmp / "a.log")
    return Case(env.collect("--error-file", str(env.tmp / "a.log")), Exit.USAGE, ("a.log", "symbolic links"))


@case
def error_file_dangling_symlink(env: Env) -> Case:
    (env.tmp / "gone.log").symlink_to(env.tmp / "rotated-away.log")
    return Case(env.collect("--error-file", str(env.tmp / "gone.log")), Exit.USAGE, ("gone.log", "does not exist"))


@case
def error_file_with_a_trailing_slash(env: Env) -> Case:
    (env.tmp / "app.log").write_text("boom", encoding="utf-8")
    return Case(
        env.collect("--error-file", str(env.tmp / "app.log") + "/"), Exit.USAGE, ("app.log/", "not a directory")
    )


@case
def error_file_proc_self_mem(env: Env) -> Case:
    return Case(env.collect("--error-file", "/proc/self/mem"), Exit.USAGE, ("/proc/self/mem", "cannot be read"))


@case
def file_names_with_undecodable_bytes_are_still_found(env: Env) -> Case:
    """The bytes of a file name are kept (the file is opened), text shows U+FFFD (every write still works)."""
    from PIL import Image

    tmp = os.fsencode(env.tmp)
    Path(os.fsdecode(tmp + b"/virhe-\xe4.log")).write_bytes(b"Virhe 0x80070005")
    Image.new("RGB", (8, 8), "red").save(os.fsdecode(tmp + b"/kuva-\xe4.png"), "PNG")
    args = [
        *["collect", "--yes", "--offline", "-f", "text,json", "-o", str(env.out)],
        *["--error-file", tmp + b"/virhe-\xe4.log", "--screenshot", tmp + b"/kuva-\xe4.png::kassa \xe4"],
    ]

    def after(_out: str, _err: str) -> None:
        report = env.report()
        assert report["evidence"]["errors"][0]["source"] == "file:virhe-\ufffd.log"
        assert report["evidence"]["attachments"][0]["caption"] == "kassa \ufffd"
        assert "Virhe 0x80070005" in (env.out / "request.txt").read_text(encoding="utf-8")

    return Case(args, Exit.OK, after=after)


@case
def output_folder_name_with_undecodable_bytes_is_kept(env: Env) -> Case:
    target = os.fsencode(env.out) + b"/ulos-\xe4"

    def after(_out: str, _err: str) -> None:
        assert os.listdir(os.fsencode(env.out)) == [b"ulos-\xe4"]
        assert (Path(os.fsdecode(target)) / "report.json").is_file()

    return Case(["collect", "--yes", "--offline", "-f", "json", "-o", target], Exit.OK, after=after)


@case
def error_file_empty_name(env: Env) -> Case:
    return Case(env.collect("--error-file", ""), Exit.USAGE, ("--error-file ''", "does not exist"))


@case
def error_file_name_with_two_spaces_is_shown_as_it_is(env: Env) -> Case:
    return Case(env.collect("--error-file", "my  error.log"), Exit.USAGE, ("'my  error.log'", "does not exist"))


def screenshot_case(env: Env, path: Path | str, *words: str) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["evidence"]["attachments"] == []
        assert not (env.out / "attachments").exists()

    # a screenshot that cannot be used is a warning: the rest of the request still arrives
    return Case(env.collect("--screenshot", str(path)), Exit.OK, words, 1, after=after)


@case
def screenshot_that_is_text(env: Env) -> Case:
    (env.tmp / "shot.png").write_text("this is not a picture", encoding="utf-8")
    return screenshot_case(env, env.tmp / "shot.png", "shot.png", "skipped")


@case
def screenshot_truncated_png(env: Env) -> Case:
    (env.tmp / "cut.png").write_bytes(png_header(64, 64)[:40])
    return screenshot_case(env, env.tmp / "cut.png", "cut.png", "skipped")


@case
def screenshot_decompression_bomb_header(env: Env) -> Case:
    (env.tmp / "bomb.png").write_bytes(png_header(50_000, 50_000))
    return screenshot_case(env, env.tmp / "bomb.png", "bomb.png", "skipped")


@case
def screenshot_dev_zero(env: Env) -> Case:
    return screenshot_case(env, "/dev/zero", "/dev/zero", "skipped")


@case
def screenshot_symlink_loop(env: Env) -> Case:
    (env.tmp / "a.png").symlink_to(env.tmp / "b.png")
    (env.tmp / "b.png").symlink_to(env.tmp / "a.png")
    return screenshot_case(env, env.tmp / "a.png", "a.png", "skipped")


# --- config ---------------------------------------------------------------------------------------------------------


def config_case(env: Env, content: bytes | None, *, where: str = "before", directory: bool = False) -> Case:
    cfg = env.tmp / "config.toml"
    if directory:
        cfg.mkdir()
    elif content is not None:
        cfg.write_bytes(content)
    rest = ["collect", "--yes", "--offline", "-f", "json", "-o", str(env.out)]
    if where == "before":
        return Case(["--config", str(cfg), *rest], Exit.ERROR, ("config",))
    if where == "after":
        return Case([*rest, "--config", str(cfg)], Exit.ERROR, ("config",))
    return Case(rest, Exit.ERROR, ("config",), env={"REPORTKIT_CONFIG": str(cfg)})


@case
def config_is_a_directory(env: Env) -> Case:
    return config_case(env, None, directory=True)


@case
def config_invalid_utf8(env: Env) -> Case:
    return config_case(env, b'[reporter]\nname = "Anna \xff\xfe"\n', where="after")


@case
def config_invalid_toml_via_environment(env: Env) -> Case:
    return config_case(env, b"[reporter\nname = 'x'\n", where="env")


@case
def config_wrong_type(env: Env) -> Case:
    return config_case(env, b'[probes]\ndeadline = "fast"\n', where="after")


@case
def config_section_that_is_a_number(env: Env) -> Case:
    spec = config_case(env, b"reporter = 5\n")
    spec.words = ("line 1", "[reporter] should be a section")
    return spec


@case
def config_nested_a_hundred_thousand_deep(env: Env) -> Case:
    spec = config_case(env, b"x = " + b"[" * 100_000 + b"\n")
    spec.words = ("nested too deeply",)
    return spec


@case
def config_deadline_not_a_number(env: Env) -> Case:
    spec = config_case(env, b"[probes]\ndeadline = nan\n", where="after")
    spec.words = ("line 2", "probes.deadline", "reportkit config set probes.deadline")
    return spec


@case
def yes_and_interactive_together(env: Env) -> Case:
    return Case(["collect", "--yes", "--interactive", "--offline", "-o", str(env.out)], Exit.USAGE, ("choose one",))


@case
def anonymize_map_on_standard_output(env: Env) -> Case:
    return Case(
        ["collect", "--yes", "--offline", "-o", "-", "--anonymize-map", "-", "--summary", "x"],
        Exit.USAGE,
        ("--anonymize-map -", "give a file name"),
    )


@case
def stdout_with_two_formats(env: Env) -> Case:
    return Case(["collect", "--yes", "--offline", "-o", "-", "-f", "md,html"], Exit.USAGE, ("one format",))


@case
def config_unknown_section(env: Env) -> Case:
    return config_case(env, b'[printer]\nmodel = "HP"\n', where="env")


@case
def config_list_where_text_belongs(env: Env) -> Case:
    return config_case(env, b'[reporter]\nname = ["Anna", "Bea"]\n', where="after")


@case
def config_fifo_without_a_writer(env: Env) -> Case:
    os.mkfifo(env.tmp / "config.toml")
    return config_case(env, None)


@case
def config_dev_zero_via_environment(env: Env) -> Case:
    spec = config_case(env, b"")
    spec.env = {"REPORTKIT_CONFIG": "/dev/zero"}
    spec.args = spec.args[2:]  # no --config: the environment names it
    return spec


@case
def config_home_that_is_a_file_means_no_config(env: Env) -> Case:
    (env.tmp / "afile").write_text("x", encoding="utf-8")
    return Case(env.collect("--summary", "Checkout 502"), Exit.OK, env={"XDG_CONFIG_HOME": str(env.tmp / "afile")})


@case
def diagnose_config_that_is_a_directory(env: Env) -> Case:
    (env.tmp / "cfg").mkdir()
    return Case(["diagnose", "--offline", "--config", str(env.tmp / "cfg")], Exit.ERROR, ("config",))


# --- saved reports (check and render) --------------------------------------------------------------------------------


def report_case(env: Env, command: str, path: Path, code: int, *words: str) -> Case:
    args = [command, str(path)] + (["-o", str(env.out)] if command == "render" else [])
    return Case(args, code, words, watch=(path.parent,), written=False if command == "check" else None)


@case
def report_truncated_for_check(env: Env) -> Case:
    text = json.dumps(fixtures.sample_report().to_dict())
    return report_case(env, "check", write_report(env.tmp / "r", raw=text[: len(text) // 2].encode()), 1, "not valid")


@case
def report_empty_file(env: Env) -> Case:
    return report_case(env, "render", write_report(env.tmp / "r", raw=b""), 1, "not valid JSON")


@case
def report_utf16(env: Env) -> Case:
    raw = json.dumps(fixtures.sample_report().to_dict()).encode("utf-16")
    return report_case(env, "check", write_report(env.tmp / "r", raw=raw), 1, "not UTF-8")


@case
def report_with_a_byte_order_mark_is_read(env: Env) -> Case:
    raw = b"\xef\xbb\xbf" + json.dumps(fixtures.sample_report().to_dict()).encode()
    spec = report_case(env, "check", write_report(env.tmp / "r", raw=raw), Exit.OK)

    def after(out: str, _err: str) -> None:
        assert out.startswith("Completeness: "), out

    spec.after = after
    return spec


@case
def report_sparse_terabyte(env: Env) -> Case:
    (env.tmp / "r").mkdir()
    big = sparse(env.tmp / "r" / "report.json", 10**12)
    return report_case(env, "render", big, 1, "larger than", "REPORTKIT_MAX_REPORT_MB")


@case
def report_cap_raised_to_infinity_falls_back(env: Env) -> Case:
    spec = report_case(env, "check", write_report(env.tmp / "r"), 0)
    spec.env = {"REPORTKIT_MAX_REPORT_MB": "inf"}
    return spec


@case
def report_socket(env: Env) -> Case:
    (env.tmp / "r").mkdir()
    return report_case(env, "check", unix_socket(env.tmp / "r" / "report.json"), 1, "a socket")


@case
def report_directory_named_report_json(env: Env) -> Case:
    (env.tmp / "r" / "report.json").mkdir(parents=True)
    return report_case(env, "render", env.tmp / "r" / "report.json", Exit.USAGE, "is a directory")


@case
def report_empty_name(env: Env) -> Case:
    return Case(["check", ""], Exit.USAGE, ("REPORT", "empty"))


@case
def report_from_standard_input(env: Env) -> Case:
    return Case(["check", "-"], Exit.USAGE, ("standard input", "save it to a file"))


@case
def report_etc_passwd(env: Env) -> Case:
    return Case(["check", "/etc/passwd"], Exit.ERROR, ("/etc/passwd", "not valid JSON"))


BAD_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "created_at_number": ({"meta__created_at": 5}, "report.meta.created_at should be str"),
    "meta_null": ({"meta": None}, "report.meta should be an object"),
    "name_list": ({"reporter__name": ["Anna"]}, "report.reporter.name should be str"),
    "ticket_number": ({"service__tickets": [4711]}, "report.service.tickets[0] should be str"),
    "problem_list": ({"problem": []}, "report.problem should be an object"),
    "error_text_null": ({"evidence__errors": [{"text": None}]}, "report.evidence.errors[0].text should be str"),
    "attachment_size_bool": (
        {"evidence__attachments": [{"name": "a.png", "size": True, "sha256": "0"}]},
        "report.evidence.attachments[0].size should be int",
    ),
    "section_status": (
        {"diagnostics__sections": [{"name": "system", "status": "great"}]},
        "report.diagnostics.sections[0].status",
    ),
    "section_data_list": (
        {"diagnostics__sections": [{"name": "system", "status": "ok", "data": []}]},
        "report.diagnostics.sections[0].data should be an object",
    ),
    "verdict_string": ({"verdict": "isp"}, "report.verdict should be an object"),
    "anonymized_string": ({"meta__anonymized": "yes"}, "report.meta.anonymized should be bool"),
}


def _bad_field_case(key: str) -> Callable[[Env], Case]:
    changes, words = BAD_FIELDS[key]

    def build(env: Env) -> Case:
        command = "render" if len(key) % 2 else "check"  # half of them each way
        return report_case(env, command, write_report(env.tmp / "r", report_with(**changes)), 1, words)

    build.__name__ = f"report_field_{key}"
    return build


for _key in BAD_FIELDS:
    case(_bad_field_case(_key))


@case
def report_attachments_folder_that_links_out(env: Env) -> Case:
    secret = env.tmp / "private"
    secret.mkdir()
    (secret / "checkout-502.png").write_bytes(b"PRIVATE-KEY-MATERIAL-4711")
    folder = env.tmp / "r"
    source = write_report(folder)
    (folder / "attachments").symlink_to(secret)

    def after(_out: str, _err: str) -> None:
        for rendered in env.out.iterdir():
            assert b"PRIVATE-KEY-MATERIAL" not in rendered.read_bytes()
            assert b"UFJJVkFURS1LRVktTUFURVJJQUw" not in rendered.read_bytes()  # its base64

    args = ["render", str(source), "-o", str(env.out), "-f", "html"]
    return Case(args, Exit.OK, ("attachments", "link"), lines=1, prefix="warning:", watch=(folder,), after=after)


@case
def report_attachment_that_is_a_fifo(env: Env) -> Case:
    folder = env.tmp / "r"
    source = write_report(folder)
    (folder / "attachments").mkdir()
    os.mkfifo(folder / "attachments" / "checkout-502.png")
    args = ["render", str(source), "-o", str(env.out), "-f", "html"]
    return Case(args, Exit.OK, ("checkout-502.png", "not a regular file"), lines=1, prefix="warning:", watch=(folder,))


@case
def render_into_a_read_only_report_folder(env: Env) -> Case:
    ro = mount_readonly(env.tmp / "ro", lambda p: write_report(p))
    return Case(["render", str(ro / "report.json")], Exit.ERROR, ("not writable",), watch=(ro,))


@case
def render_output_is_a_file(env: Env) -> Case:
    source = write_report(env.tmp / "r")
    (env.tmp / "taken").write_text("x", encoding="utf-8")
    return Case(["render", str(source), "-o", str(env.tmp / "taken")], Exit.ERROR, ("is a file",), watch=(env.tmp,))


@case
def check_to_a_full_standard_output(env: Env) -> Case:
    source = write_report(env.tmp / "r")
    full = open("/dev/full", "wb")  # noqa: SIM115 (closed by the cleanup)
    CLEANUP.append(full.close)
    return Case(["check", str(source)], Exit.ERROR, ("standard output", "No space left"), stdout=full)


# --- drafts for collect --resume -------------------------------------------------------------------------------------


def moved_aside_case(env: Env, content: bytes, *words: str, directory: bool = False) -> Case:
    """A draft that cannot be used is moved aside, byte for byte, with one warning; the run goes on."""
    if directory:
        (env.data / "draft.json").mkdir(parents=True)
    else:
        draft_file(env, content)

    def after(_out: str, _err: str) -> None:
        kept = list(env.data.glob("draft.json.unreadable-*"))
        assert len(kept) == 1, list(env.data.iterdir())
        assert not (env.data / "draft.json").exists()
        if not directory:
            assert kept[0].read_bytes() == content  # nothing the user typed is lost

    return Case(env.collect("--resume"), Exit.OK, ("moved it aside", *words), lines=1, prefix="warning:", after=after)


@case
def draft_json_list(env: Env) -> Case:
    return moved_aside_case(env, b"[1, 2, 3]", "not a reportkit draft")


@case
def draft_truncated(env: Env) -> Case:
    return moved_aside_case(env, b'{"schema": "reportkit-draft/1", "answers": {"reporter.name": "An', "not valid JSON")


@case
def draft_from_another_version(env: Env) -> Case:
    body = {"schema": "reportkit-draft/99", "answers": {"reporter.name": "Anna"}}
    return moved_aside_case(env, json.dumps(body).encode(), "reportkit-draft/99")


@case
def draft_list_for_a_text_answer(env: Env) -> Case:
    body = {"schema": DRAFT_SCHEMA, "answers": {"reporter.name": ["Anna", {"x": 1}]}, "errors": []}
    return moved_aside_case(env, json.dumps(body).encode(), "reporter.name", "wrong shape")


@case
def draft_not_utf8(env: Env) -> Case:
    return moved_aside_case(env, b"\xff\xfe{\x00", "not UTF-8")


@case
def draft_directory_in_its_place(env: Env) -> Case:
    return moved_aside_case(env, b"", "a directory", directory=True)


@case
def draft_fifo_in_its_place(env: Env) -> Case:
    env.data.mkdir(parents=True)
    os.mkfifo(env.data / "draft.json")

    def after(_out: str, _err: str) -> None:
        assert len(list(env.data.glob("draft.json.unreadable-*"))) == 1

    return Case(env.collect("--resume"), Exit.OK, ("FIFO", "moved it aside"), lines=1, prefix="warning:", after=after)


@case
def draft_kept_when_a_flag_is_bad(env: Env) -> Case:
    draft_file(env, answers={"reporter.name": "Anna", "problem.summary": "Checkout 502"})
    return Case(env.collect("--resume", "--host", "999.1.2.3"), Exit.USAGE, ("--host",), watch=(env.data,))


@case
def draft_kept_when_the_output_is_a_file(env: Env) -> Case:
    draft_file(env, answers={"reporter.name": "Anna", "service.tickets": ["INC-1"]})
    (env.tmp / "out").write_text("x", encoding="utf-8")
    args = ["collect", "--yes", "--offline", "--resume", "-o", str(env.out)]
    # the "Resuming the draft …" note comes first, then the error
    return Case(args, Exit.ERROR, ("is a file",), lines=2, watch=(env.data,), written=False)


@case
def draft_with_a_text_for_a_list_answer_is_used(env: Env) -> Case:
    draft_file(env, answers={"service.tickets": "INC-20418", "reporter.name": "Anna", "no.such.key": "x"})

    def after(_out: str, _err: str) -> None:
        report = env.report()
        assert report["service"]["tickets"] == ["INC-20418"]
        assert report["reporter"]["name"] == "Anna"

    return Case(env.collect("--resume"), Exit.OK, lines=1, prefix="Resuming", after=after)


@case
def draft_with_an_invalid_ip_is_moved_aside(env: Env) -> Case:
    body = {"schema": DRAFT_SCHEMA, "answers": {"reporter.name": "Anna", "service.host": "999.1.2.3"}, "errors": []}
    return moved_aside_case(env, json.dumps(body).encode(), "service.host", "not an IP address")


@case
def interview_ended_by_eof_keeps_an_undecodable_answer_for_resume(env: Env) -> Case:
    """Piped answers with a byte that is not UTF-8, then end of input: the draft keeps it, --resume uses it."""
    args = ["collect", "--interactive", "--offline", "-f", "json", "-o", str(env.tmp / "first")]

    def after(_out: str, _err: str) -> None:
        draft = json.loads((env.data / "draft.json").read_text(encoding="utf-8"))
        assert draft["answers"] == {"reporter.name": "Anna \ufffd\ufffdVirtanen"}
        resumed = subprocess.run(
            [sys.executable, "-m", "reportkit", *env.collect("--resume")],
            env=environment(env, {}),
            cwd=env.tmp,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert resumed.returncode == 0, resumed.stderr
        assert env.report()["reporter"]["name"] == "Anna \ufffd\ufffdVirtanen"

    return Case(
        args,
        Exit.INTERRUPTED,
        lines=ANY_LINES,
        prefix="reportkit: interrupted",
        stdin=b"s\nAnna \xff\xfeVirtanen\n",
        after=after,
    )


@case
def diagnose_other_connection_maybe(env: Env) -> Case:
    return Case(["diagnose", "--offline", "--other-connection", "maybe"], Exit.USAGE, ("--other-connection", "works"))


@case
def diagnose_host_with_three_parts(env: Env) -> Case:
    return Case(["diagnose", "--offline", "--json", "--host", "10.1.2"], Exit.USAGE, ("--host", "not an IP address"))


# --- environment ----------------------------------------------------------------------------------------------------


@case
def env_no_home_and_no_xdg(env: Env) -> Case:
    unset: dict[str, str | None] = dict.fromkeys(
        ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    )
    return Case(env.collect("--summary", "Checkout 502"), Exit.OK, env=unset)


@case
def env_xdg_data_home_is_a_file(env: Env) -> Case:
    (env.tmp / "afile").write_text("x", encoding="utf-8")
    spec = Case(env.collect("--resume"), Exit.ERROR, ("no saved draft",))
    spec.env = {"XDG_DATA_HOME": str(env.tmp / "afile")}
    return spec


@case
def env_term_dumb_and_no_color(env: Env) -> Case:
    def after(out: str, err: str) -> None:
        assert "\x1b" not in out + err

    spec = Case(env.collect("--port", "0"), Exit.USAGE, ("--port",), after=after)
    spec.env = {"TERM": "dumb", "NO_COLOR": "1"}
    return spec


@case
def env_c_locale_with_non_ascii_answers(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert env.report()["reporter"]["name"] == "Zoë Ĳsselmeer"
        assert "Zoë Ĳsselmeer" in (env.out / "request.txt").read_text(encoding="utf-8")

    spec = Case(env.collect("--name", "Zoë Ĳsselmeer", formats="text,json"), Exit.OK, after=after)
    spec.env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    return spec


@case
def env_turkish_locale_and_dotted_i(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert sorted(p.name for p in env.out.iterdir()) == ["report.json", "request.html", "request.txt"]
        assert env.report()["reporter"]["name"] == "İlkay Işık"

    args = ["collect", "--yes", "--offline", "-o", str(env.out), "-f", "HTML,TXT,JSON", "--name", "İlkay Işık"]
    return Case(args, Exit.OK, env={"LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"}, after=after)


@case
def env_five_columns_keeps_the_error_on_one_line(env: Env) -> Case:
    return Case(env.collect("--deadline", "soon"), Exit.USAGE, ("--deadline", "seconds"), env={"COLUMNS": "5"})


@case
def env_editor_that_does_not_exist_is_never_started(env: Env) -> Case:
    editors: dict[str, str | None] = {"EDITOR": "/nonexistent/editor", "VISUAL": "/nonexistent/editor"}
    return Case(env.collect("--summary", "Checkout 502"), Exit.OK, env=editors)


@case
def env_ascii_output_encoding(env: Env) -> Case:
    spec = Case(env.collect("--host", "Zoë-ü"), Exit.USAGE, ("--host", "not an IP address"))
    spec.env = {"PYTHONIOENCODING": "ascii"}
    return spec


# --- standard input -------------------------------------------------------------------------------------------------


@case
def stdin_closed(env: Env) -> Case:
    return Case(env.collect("--error-file", "-"), Exit.USAGE, ("--error-file -", "no standard input"), stdin=CLOSED)


@case
def stdin_closed_without_yes_does_not_interview(env: Env) -> Case:
    args = ["collect", "--offline", "-f", "json", "-o", str(env.out), "--summary", "Checkout 502"]
    return Case(args, Exit.OK, stdin=CLOSED)


@case
def stdin_empty(env: Env) -> Case:
    return Case(env.collect("--error-file", "-"), Exit.USAGE, ("standard input is empty",), stdin=b"")


@case
def stdin_dev_zero_is_capped(env: Env) -> Case:
    zero = open("/dev/zero", "rb")  # noqa: SIM115 (closed by the cleanup)
    CLEANUP.append(zero.close)

    def after(_out: str, _err: str) -> None:
        error = error_text(env)
        assert error["truncated"] and "at least" in messages.from_json(error["note"])
        assert error["note"]["key"] == "evidence.both"  # kept as a message: binary data, and cut

    return Case(env.collect("--error-file", "-"), Exit.OK, ("binary data",), 1, stdin=zero, after=after)


@case
def stdin_invalid_utf8(env: Env) -> Case:
    def after(_out: str, _err: str) -> None:
        assert error_text(env)["text"] == "Virhe: k\ufffdytt\ufffdj\ufffd ei l\ufffdydy"

    return Case(
        env.collect("--error-file", "-"),
        Exit.OK,
        ("not valid UTF-8",),
        1,
        stdin=b"Virhe: k\xe4ytt\xe4j\xe4 ei l\xf6ydy",
        after=after,
    )


@case
def stdin_a_terabyte_file_is_capped(env: Env) -> Case:
    handle = open(sparse(env.tmp / "huge.log", 10**12), "rb")  # noqa: SIM115 (closed by the cleanup)
    CLEANUP.append(handle.close)

    def after(_out: str, _err: str) -> None:
        error = error_text(env)
        assert error["truncated"] and error["source"] == "stdin"

    return Case(env.collect("--error-file", "-"), Exit.OK, ("binary data",), 1, stdin=handle, after=after)


# --- signals while waiting for standard input -------------------------------------------------------------------------


def wait_until_reading(pid: int, limit: float = 8.0) -> None:
    """Until the process sleeps in a pipe read (its signal handlers are installed by then)."""
    end = time.monotonic() + limit
    wchan = Path(f"/proc/{pid}/wchan")
    while time.monotonic() < end:
        try:
            where = wchan.read_text()
        except OSError:
            where = "0"
        if "pipe" in where:
            return
        if where.strip() in ("", "0") and time.monotonic() > end - limit + 2:
            return  # this kernel does not say where a process waits: two seconds are plenty to start
        time.sleep(0.02)
    pytest.fail("reportkit never started reading standard input")


@pytest.mark.parametrize(
    ("signame", "code", "said"),
    [
        ("SIGTERM", Exit.TERMINATED, "stopped by a signal"),
        ("SIGHUP", Exit.HANGUP, "stopped by a signal"),
        ("SIGINT", Exit.INTERRUPTED, "interrupted"),
    ],
)
def test_signal_while_waiting_for_standard_input(env: Env, signame: str, code: int, said: str) -> None:
    """`--error-file -` with a pipe that never delivers: a signal ends it at once, nothing is written."""
    listing = sorted(p.name for p in env.tmp.iterdir())
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportkit", *env.collect("--error-file", "-")],
        env=environment(env, {}),
        cwd=env.tmp,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_reading(proc.pid)
        proc.send_signal(getattr(signal, signame))
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = err.decode("utf-8", "replace")
    assert proc.returncode == code, text
    assert "Traceback" not in text + out.decode("utf-8", "replace")
    assert [line for line in text.splitlines() if line.strip()] == [f"reportkit: {said}"]
    assert sorted(p.name for p in env.tmp.iterdir()) == listing
    assert not env.state.exists() or not list(env.state.rglob("crash-*"))


def test_there_are_at_least_fifty_cases() -> None:
    assert len(CASES) + 3 >= 50, len(CASES)


# every case registered above, one test each
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(name: str, env: Env) -> None:
    CLEANUP.clear()
    try:
        run_case(env, CASES[name](env))
    finally:
        while CLEANUP:
            with contextlib.suppress(Exception):
                CLEANUP.pop()()
