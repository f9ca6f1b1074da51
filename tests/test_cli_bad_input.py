"""Every bad input: one line on stderr naming the problem and the fix, exit 1 or 2, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportkit.cli import main
from reportkit.collectors.evidence import MAX_ERROR_BYTES
from reportkit.model import Report


def run(args: list[str], input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def assert_one_line_error(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr == f"reportkit: error: {message}\n"
    assert "Traceback" not in result.output


def base(tmp_path: Path) -> list[str]:
    return ["collect", "--yes", "--offline", "-o", str(tmp_path / "out")]


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        (
            "--host",
            "999.1.2.3",
            "--host: '999.1.2.3' is not an IP address; give the server's IPv4 or IPv6 address, e.g. 203.0.113.10",
        ),
        (
            "--host",
            "web01",
            "--host: 'web01' is not an IP address; give the server's IPv4 or IPv6 address, e.g. 203.0.113.10",
        ),
        (
            "--url",
            "ftp://x.example",
            "--url: 'ftp://x.example' is not a web address; give the full URL, e.g. https://shop.example.com/",
        ),
        (
            "--url",
            "not a url",
            "--url: 'not a url' is not a web address; give the full URL, e.g. https://shop.example.com/",
        ),
        (
            "--url",
            "https://x.example:99999/",
            "--url: 'https://x.example:99999/' is not a web address; give the full URL, e.g. https://shop.example.com/",
        ),
        (
            "--email",
            "anna-at-example",
            "--email: 'anna-at-example' is not an e-mail address; give one like name@example.com",
        ),
    ],
)
def test_invalid_values_are_usage_errors(tmp_path: Path, flag: str, value: str, message: str) -> None:
    assert_one_line_error(run([*base(tmp_path), flag, value]), 2, message)
    assert not (tmp_path / "out").exists()


def test_missing_error_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    assert_one_line_error(
        run([*base(tmp_path), "--error-file", str(missing)]),
        2,
        f"--error-file '{missing}' does not exist; check the path",
    )


def test_error_file_that_is_a_directory(tmp_path: Path) -> None:
    assert_one_line_error(
        run([*base(tmp_path), "--error-file", str(tmp_path)]),
        2,
        f"--error-file '{tmp_path}' is a directory; give the file that holds the error text",
    )


def unreadable_file(tmp_path: Path) -> Path:
    """A mode-000 file; as root (CI) a write-only sysfs file, which even root cannot open for reading."""
    locked = tmp_path / "locked.log"
    locked.write_text("x")
    locked.chmod(0)
    for candidate in (locked, Path("/sys/bus/pci/rescan")):
        try:
            with open(candidate, "rb"):
                pass
        except PermissionError:
            return candidate
        except OSError:
            continue
    pytest.skip("no file here that this user cannot read")


def test_unreadable_error_file(tmp_path: Path) -> None:
    locked = unreadable_file(tmp_path)
    assert_one_line_error(
        run([*base(tmp_path), "--error-file", str(locked)]),
        2,
        f"--error-file '{locked}' cannot be read (Permission denied); check its permissions",
    )


def test_binary_error_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    blob = tmp_path / "core.bin"
    blob.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\xff\xfeSegmentation fault\n")
    result = run([*base(tmp_path), "-f", "json", "--error-file", str(blob)])
    assert result.exit_code == 0
    assert "warning: file:core.bin: binary data: decoded as UTF-8 with replacement characters (\ufffd)" in result.stderr
    report = Report.from_dict(json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8")))
    error = report.evidence.errors[0]
    assert "Segmentation fault" in error.text and "\x00" not in error.text
    assert error.note == "binary data: decoded as UTF-8 with replacement characters (\ufffd)"


def test_huge_error_text_is_truncated_with_a_visible_note(tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    big.write_bytes(b"E" * (3 * MAX_ERROR_BYTES))
    result = run([*base(tmp_path), "--error-file", str(big)])
    assert result.exit_code == 0
    report = Report.from_dict(json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8")))
    error = report.evidence.errors[0]
    assert error.truncated and error.original_bytes == 3 * MAX_ERROR_BYTES
    assert error.text.endswith("[… truncated: kept the first 1.0 MiB of 3.0 MiB by reportkit]")
    assert len(error.text.encode()) < MAX_ERROR_BYTES + 100
    for name in ("request.txt", "request.md", "request.html"):
        assert "truncated: kept the first 1.0 MiB of 3.0 MiB" in (tmp_path / "out" / name).read_text(encoding="utf-8")


def test_huge_error_from_stdin(tmp_path: Path) -> None:
    result = run([*base(tmp_path), "-f", "json", "--error-file", "-"], input=b"x" * (MAX_ERROR_BYTES + 10))
    assert result.exit_code == 0
    report = Report.from_dict(json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8")))
    assert report.evidence.errors[0].truncated


def test_output_directory_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "sub"
    assert_one_line_error(
        run(["collect", "--yes", "--offline", "-o", str(target)]),
        1,
        f"cannot write to {target} ({blocker} is not writable); choose another directory with --output",
    )


def test_output_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert_one_line_error(
        run(["collect", "--yes", "--offline", "-o", str(blocker)]),
        1,
        f"output {blocker} is a file, not a directory; choose another with --output",
    )


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run([*base(tmp_path), "-f", "text", "--summary", "first"]).exit_code == 0
    before = (out / "request.txt").read_text(encoding="utf-8")
    assert_one_line_error(
        run([*base(tmp_path), "-f", "text", "--summary", "second"]),
        1,
        f"{out / 'request.txt'} already exists; use --force to overwrite it or --output to choose another directory",
    )
    assert (out / "request.txt").read_text(encoding="utf-8") == before
    assert run([*base(tmp_path), "-f", "text", "--summary", "second", "--force"]).exit_code == 0
    assert "second" in (out / "request.txt").read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir()] == ["request.txt"]  # no temp files left behind


def test_write_failure_after_interview_keeps_the_answers(
    tmp_path: Path, isolated_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportkit import deliver

    def broken(*_a: object, **_k: object) -> None:
        from reportkit.errors import OutputError

        raise OutputError(
            "cannot write /x/request.txt (No space left on device); choose another directory with --output"
        )

    monkeypatch.setattr(deliver, "write_files", broken)
    result = run(["collect", "--interactive", "--offline", "-o", str(tmp_path / "o")], input="\nAnna\n" + "\n" * 40)
    assert result.exit_code == 1
    assert "reportkit: error: cannot write /x/request.txt (No space left on device)" in result.stderr
    draft = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert draft["answers"]["reporter.name"] == "Anna"


def test_unknown_flag_is_one_line(tmp_path: Path) -> None:
    result = run(["collect", "--colour", "grey"])
    assert result.exit_code == 2
    assert result.stderr.startswith("reportkit: error: No such option")
    assert "--colour" in result.stderr
    assert result.stderr.endswith(" (see `reportkit collect --help`)\n")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[reporter]\nname = "Anna\nemail = "a@example.com"\n', "line 2: "),
        (
            '[reporter]\nname = "Anna"\ncolour = "grey"\n',
            "line 3: unknown key reporter.colour; known keys: name, email, phone, company",
        ),
        (
            '[printer]\nname = "HP"\n',
            "line 1: unknown section [printer]; known sections: [reporter], [isp], [cloud], [service], [probes]",
        ),
        ('[service]\nports = "443"\n', "line 2: service.ports should be a list of numbers, e.g. [443]"),
    ],
)
def test_malformed_config_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(content, encoding="utf-8")
    result = run(["--config", str(cfg), *base(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"reportkit: error: config file {cfg}, {message}")
    assert result.stderr.count("\n") == 1


def test_config_via_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[reporter\n", encoding="utf-8")
    monkeypatch.setenv("REPORTKIT_CONFIG", str(cfg))
    result = run(base(tmp_path))
    assert result.exit_code == 1 and f"config file {cfg}, line 1: " in result.stderr


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    cfg = tmp_path / "none.toml"
    assert_one_line_error(
        run(["--config", str(cfg), *base(tmp_path)]),
        1,
        f"config file {cfg} does not exist; create it with `reportkit config set`",
    )
