"""Saved reports and input files are data from a stranger: bounded reads, safe attachments, visible controls."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import fixtures
import pytest
from click.testing import CliRunner, Result

from reportkit.cli import main

SECRET = "TOP-SECRET-CONTENT-4711"


def run(args: list[str], input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def write_report(folder: Path, data: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    path.write_text(json.dumps(data or fixtures.sample_report().to_dict()), encoding="utf-8")
    return path


def one_error_line(result: Result, *parts: str) -> None:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for part in parts:
        assert part in lines[0], lines[0]


# --- bounded reads of report.json -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "render"])
def test_device_is_refused_at_once(command: str, tmp_path: Path) -> None:
    result = run([command, "/dev/zero", "-o", str(tmp_path / "o")] if command == "render" else [command, "/dev/zero"])
    assert result.exit_code == 1
    one_error_line(result, "/dev/zero", "a device, not a regular file")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["check", "render"])
def test_fifo_without_writer_is_refused_at_once(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    result = run([command, str(fifo)])
    assert result.exit_code == 1
    one_error_line(result, "FIFO", "not a regular file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_report_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTKIT_MAX_REPORT_MB", "0.001")
    path = write_report(tmp_path)
    result = run(["render", str(path)])
    assert result.exit_code == 1
    one_error_line(result, "larger than", "REPORTKIT_MAX_REPORT_MB")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


@pytest.mark.parametrize("depth", [100, 100_000])
@pytest.mark.parametrize("command", ["check", "render"])
def test_deep_nesting_is_one_line(command: str, depth: int, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"schema": "reportkit/1", "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    result = run([command, str(path)])
    assert result.exit_code == 1
    one_error_line(result, str(path), "nested")
    assert "RecursionError" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


# --- the output folder and the rendered request -----------------------------------------------------------------


def test_check_and_render_accept_the_output_folder(tmp_path: Path) -> None:
    write_report(tmp_path / "out")
    checked = run(["check", str(tmp_path / "out")])
    assert checked.exit_code == 0, checked.output
    assert "Completeness:" in checked.stdout
    rendered = run(["render", str(tmp_path / "out"), "-f", "text"])
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "out" / "request.txt").is_file()


@pytest.mark.parametrize("name", ["request.txt", "request.md", "request.html"])
@pytest.mark.parametrize("command", ["check", "render"])
def test_rendered_request_gets_advice(command: str, name: str, tmp_path: Path) -> None:
    write_report(tmp_path)
    (tmp_path / name).write_text("rendered", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run([command, str(tmp_path / name)])
    assert result.exit_code != 0
    one_error_line(result, "is the rendered request", str(tmp_path / "report.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_folder_without_report_is_one_line(tmp_path: Path) -> None:
    result = run(["check", str(tmp_path)])
    assert result.exit_code != 0
    one_error_line(result, str(tmp_path), "without a report.json")


# --- attachments of an untrusted report -------------------------------------------------------------------------


def test_attachments_outside_the_folder_are_never_embedded(tmp_path: Path) -> None:
    secret_dir = tmp_path / "secret"
    secret_dir.mkdir()
    secret = secret_dir / "secret"
    secret.write_bytes(SECRET.encode() + b"\x89PNG")
    folder = tmp_path / "a" / "b"
    attachments = folder / "attachments"
    attachments.mkdir(parents=True)
    (folder / "x").write_bytes(SECRET.encode())
    (attachments / "link.png").symlink_to(secret)
    (attachments / "ok.png").write_bytes(b"GOOD-IMAGE-BYTES")
    data = fixtures.sample_report().to_dict()
    base = data["evidence"]["attachments"][0]
    names = [
        "/etc/passwd",
        str(secret),
        "../../secret/secret",
        "attachments/../x",
        "link.png",
        "..",
        "a\x1bb",
        "ok.png",
    ]
    data["evidence"]["attachments"] = [{**base, "name": n, "media_type": "image/png"} for n in names]
    path = write_report(folder, data)
    result = run(["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(names) - 1, result.stderr
    import base64

    passwd = Path("/etc/passwd").read_bytes()[:40]
    for output in (tmp_path / "out").iterdir():
        content = output.read_bytes()
        for needle in (SECRET.encode(), base64.b64encode(SECRET.encode() + b"\x89PNG")[:20], base64.b64encode(passwd)):
            assert needle not in content, output
    html = (tmp_path / "out" / "request.html").read_text(encoding="utf-8")
    assert base64.b64encode(b"GOOD-IMAGE-BYTES").decode() in html


# --- terminal controls and bidi overrides -----------------------------------------------------------------------

NASTY = "boom \x1b[31mred\x1b]0;title\x07 \x1b[2J wipe \u202eevil\u202c end\x9b"


def nasty_report(tmp_path: Path) -> Path:
    data = fixtures.sample_report().to_dict()
    data["problem"]["summary"] = "Checkout " + NASTY
    data["evidence"]["errors"][0]["text"] = "502 " + NASTY + "\nline two\twith tab"
    return write_report(tmp_path, data)


def test_controls_are_visible_in_text_markdown_and_html(tmp_path: Path) -> None:
    path = nasty_report(tmp_path)
    out = tmp_path / "out"
    result = run(["render", str(path), "-o", str(out), "-f", "text", "-f", "markdown", "-f", "html", "-f", "json"])
    assert result.exit_code == 0, result.output
    for name in ("request.txt", "request.md", "request.html"):
        content = (out / name).read_text(encoding="utf-8")
        for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
            assert raw not in content, (name, raw)
        assert "\\x1b[31mred" in content, name
        assert "\\x1b]0;title\\x07" in content, name
        assert "\\x1b[2J" in content, name
        assert "<U+202E>evil<U+202C>" in content or "&lt;U+202E&gt;evil&lt;U+202C&gt;" in content, name
        assert "\\x9b" in content, name
        assert "line two\twith tab" in content, name
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["problem"]["summary"] == "Checkout " + NASTY


def test_controls_are_visible_in_render_function() -> None:
    from reportkit.render import visible

    assert visible("a\x1b[2Jb\u202ec\u2066d\u200e\x00\x7f\n\t") == "a\\x1b[2Jb<U+202E>c<U+2066>d<U+200E>\\x00\\x7f\n\t"


# --- --error-file: regular files only ---------------------------------------------------------------------------


def collect_args(tmp_path: Path) -> list[str]:
    return ["collect", "--yes", "--offline", "-o", str(tmp_path / "out"), "--summary", "Webshop 502 on checkout"]


def test_error_file_device_is_refused_at_once(tmp_path: Path) -> None:
    result = run([*collect_args(tmp_path), "--error-file", "/dev/zero"])
    assert result.exit_code == 2
    one_error_line(result, "--error-file '/dev/zero' is a device, not a regular file")
    assert not (tmp_path / "out").exists()


def test_error_file_fifo_without_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run([*collect_args(tmp_path), "--error-file", str(fifo)])
    assert result.exit_code == 2
    one_error_line(result, f"--error-file '{fifo}' is a FIFO (named pipe), not a regular file")
    assert not (tmp_path / "out").exists()


def test_error_file_size_comes_from_the_file(tmp_path: Path) -> None:
    from reportkit.collectors import evidence

    big = tmp_path / "big.log"
    big.write_bytes(b"E" * (5 * evidence.MAX_ERROR_BYTES))
    error, _ = evidence.read_error_file(str(big))
    assert error.truncated and error.original_bytes == 5 * evidence.MAX_ERROR_BYTES
    assert "of 5.0 MiB" in error.text


def test_error_file_stdin_closed_or_missing() -> None:
    import io

    from reportkit.collectors import evidence
    from reportkit.errors import InputError

    closed = io.BytesIO(b"x")
    closed.close()
    for stdin in (None, closed):
        with pytest.raises(InputError) as caught:
            evidence.read_error_file("-", stdin)
        assert caught.value.message == (
            "--error-file -: there is no standard input to read from; pipe the text in or give a file"
        )


# --- render -o -, and attachments the request must not promise ---------------------------------------------------


def test_render_to_standard_output_writes_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_report(tmp_path / "saved")
    monkeypatch.chdir(tmp_path)
    result = run(["render", str(source), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Subject: ")
    assert not (tmp_path / "-").exists()
    markdown = run(["render", str(source), "-o", "-", "-f", "md"])
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# ")
    both = run(["render", str(source), "-o", "-", "-f", "md,html"])
    assert both.exit_code == 2
    one_error_line(both, "-o - prints one format", "choose one with -f")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../secret.png", "screenshot-09.png"])
def test_an_attachment_that_is_not_there_is_not_listed_in_the_request(name: str, tmp_path: Path) -> None:
    data = fixtures.sample_report().to_dict()
    data["evidence"]["attachments"][0]["name"] = name
    source = write_report(tmp_path / "saved", data)
    result = run(["render", str(source), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert name not in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and ascii(name) in warnings[0], result.stderr
