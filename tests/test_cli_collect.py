"""`reportkit collect` through Click's CliRunner: flags, --yes, the interview, --resume, bad input."""

from __future__ import annotations

import io
import json
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reportkit import interview
from reportkit.cli import main
from reportkit.errors import Stopped
from reportkit.fields import FIELDS, Field
from reportkit.model import Report

VALUES = {
    "text": "Verkkokauppa 502 — Ödeme sayfası açılmıyor",
    "ip": "203.0.113.10",
    "url": "https://shop.example.com/checkout",
    "email": "anna@example.com",
    "list": "INC-20418",
    "works-fails": "works",
}


@pytest.fixture(autouse=True)
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interview asks about the clipboard only where one exists: make that the same on every machine."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def run(args: list[str], input: str | bytes | None = None, **kw: Any) -> Result:
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False, **kw)


def collect_json(tmp_path: Path, *args: str, input: str | bytes | None = None) -> tuple[Result, Report]:
    out = tmp_path / "out"
    result = run(["collect", "--yes", "--offline", "-o", str(out), "-f", "json", *args], input=input)
    assert result.exit_code == 0, result.output
    return result, Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))


def field_value(report: Report, f: Field) -> Any:
    part, attr = f.key.split(".")
    return getattr(getattr(report, part), attr)


@pytest.mark.parametrize("f", FIELDS, ids=[f.flag for f in FIELDS])
def test_each_flag_lands_in_its_field(tmp_path: Path, f: Field) -> None:
    value = VALUES.get(f.kind, VALUES["text"])
    _, report = collect_json(tmp_path, f.flag, value)
    expected = (value,) if f.kind == "list" else value
    assert field_value(report, f) == expected
    others = [g for g in FIELDS if g is not f]
    assert all(not field_value(report, g) for g in others)


def test_ticket_is_repeatable_and_comma_separated(tmp_path: Path) -> None:
    _, report = collect_json(tmp_path, "--ticket", "INC-1", "--ticket", "INC-2, INC-3")
    assert report.service.tickets == ("INC-1", "INC-2", "INC-3")


def test_error_texts_and_files_are_kept_verbatim(tmp_path: Path) -> None:
    log = tmp_path / "err.log"
    log.write_bytes(b"Traceback (most recent call last):\r\n  File \"app.py\"\r\nKeyError: 'cart'\r\n")
    _, report = collect_json(
        tmp_path, "--error", "HTTP 502 Bad Gateway", "--error", "nginx: upstream timed out", "--error-file", str(log)
    )
    assert [e.text for e in report.evidence.errors] == [
        "HTTP 502 Bad Gateway",
        "nginx: upstream timed out",
        "Traceback (most recent call last):\n  File \"app.py\"\nKeyError: 'cart'\n",
    ]
    assert report.evidence.errors[2].source == "file:err.log"


def test_error_file_dash_reads_stdin(tmp_path: Path) -> None:
    _, report = collect_json(tmp_path, "--error-file", "-", input="Ошибка 0x80070005: доступ запрещён\n")
    assert report.evidence.errors[0].text == "Ошибка 0x80070005: доступ запрещён\n"
    assert report.evidence.errors[0].source == "stdin"


def test_yes_never_prompts_even_with_input_waiting(tmp_path: Path) -> None:
    result, report = collect_json(tmp_path, "--summary", "VPN drops", input="Anna\nanna@example.com\n")
    assert "Your name" not in result.output
    assert report.reporter.name is None
    assert report.problem.summary == "VPN drops"


def test_default_writes_all_four_formats_and_a_receipt(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run(["collect", "--yes", "--offline", "-o", str(out), "--summary", "Mail bounces"])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "request.html", "request.md", "request.txt"]
    assert f"Support request written to {out}/" in result.stdout
    assert "request.txt   e-mail body; its first line is the subject" in result.stdout
    assert "Next: send request.txt as the e-mail to support and attach request.html." in result.stdout


def test_default_output_dir_is_timestamped_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["collect", "--yes", "--offline", "-f", "text"])
    assert result.exit_code == 0
    (made,) = list(tmp_path.iterdir())
    assert made.name.startswith("reportkit-2") and len(made.name) == len("reportkit-20261123-091500")
    assert (made / "request.txt").read_text(encoding="utf-8").startswith("Subject: ")


def test_diagnostics_snapshot_is_in_the_report(tmp_path: Path) -> None:
    _, report = collect_json(tmp_path)
    names = {s.name: s for s in report.diagnostics.sections}
    assert names["system"].status == "ok" and names["system"].data["hostname"]
    assert names["network"].status == "ok"
    assert any(i["name"] == "lo" for i in names["network"].data["interfaces"])
    assert names["probes"].status == "skipped" and "offline" in (names["probes"].reason or "")


INTERVIEW = (
    "\n".join(
        [
            "s",  # what is it about? a service on a server
            "Anna Virtanen",  # name
            "anna@example.com",  # e-mail
            "",  # phone (skip)
            "Kauppa Oy",  # company
            "CUST-7781",  # account
            "Cloud VPS",  # service
            "",  # provider
            "VPS-551",  # service id
            "web-01",  # vm name
            "999.1.2.3",  # invalid IP -> asked again
            "203.0.113.10",  # server IP
            "",  # hostname
            "shop.example.com/checkout",  # url without scheme
            "INC-20418, INC-20433",  # tickets
            "Checkout returns HTTP 502",
            "Customers cannot pay; the cart page loads, checkout shows 502.",
            "2026-11-23 08:00",
            "always",
            "PHP updated to 8.3 last night",
            "front page, admin panel",
            "checkout page",
            "1. add to cart 2. press Pay",
            "restarted nginx",
            "all sales stopped",
            "fails",  # other connection (other devices: not asked about a service)
            # no clipboard here (the autouse fixture removes DISPLAY): the paste is asked at once
            "502 Bad Gateway",  # error block line 1
            "nginx/1.24.0",  # error block line 2
            "",  # end of error block
            "",  # no screenshot
            "s",  # preview: save
            "n",  # remember details? no (asked only once the request is saved)
        ]
    )
    + "\n"
)


def test_interview_asks_in_order_and_fills_the_report(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = run(["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"], input=INTERVIEW)
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.reporter.name == "Anna Virtanen" and report.reporter.phone is None
    assert report.service.host == "203.0.113.10"
    assert report.service.url == "https://shop.example.com/checkout"
    assert report.service.tickets == ("INC-20418", "INC-20433")
    assert report.problem.impact == "all sales stopped"
    assert report.problem.other_connection == "fails" and report.problem.other_devices is None
    assert report.problem.situation == "service"  # the first answer: what the problem is about
    assert report.evidence.errors[0].text == "502 Bad Gateway\nnginx/1.24.0"
    text = result.output
    assert "'999.1.2.3' is not an IP address" in text
    assert text.index("Your name") < text.index("Account or customer ID") < text.index("One-line summary")
    assert "Paste the exact error message, not a paraphrase" in text


def test_interview_skips_what_flags_and_config_already_say(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    assert run(["config", "set", "reporter.name", "Anna"]).exit_code == 0
    out = tmp_path / "o"
    answers = "\n" * 40
    result = run(
        ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json", "--summary", "x"], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "Your name" not in result.output and "One-line summary" not in result.output
    assert "Your e-mail" in result.output


def test_remembering_reporter_details_in_config(tmp_path: Path) -> None:
    answers = (
        "\nAnna\nanna@example.com\n" + "\n" * 24 + "s\ny\n"
    )  # situation (service); 22 skipped fields, no clipboard/error/screenshot; save; then remember
    result = run(["collect", "--interactive", "--offline", "-o", str(tmp_path / "o"), "-f", "json"], input=answers)
    assert result.exit_code == 0, result.output
    shown = run(["config", "show"]).stdout
    assert 'name = "Anna"' in shown and 'email = "anna@example.com"' in shown


def test_eof_mid_interview_saves_a_draft_and_resume_continues(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    out = tmp_path / "o"
    first = run(
        ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json", "--error", "E42"],
        input="\nAnna Virtanen\nanna@example.com\n",
    )
    assert first.exit_code == 130
    draft = isolated_dirs["data"] / "reportkit" / "draft.json"
    assert "continue with `reportkit collect --resume`" in first.stderr
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert saved["answers"] == {"reporter.name": "Anna Virtanen", "reporter.email": "anna@example.com"}
    assert not out.exists()

    second = run(
        [
            "collect",
            "--resume",
            "--interactive",
            "--offline",
            "-o",
            str(out),
            "-f",
            "json",
            "--summary",
            "Checkout 502",
        ],
        input="\n" * 40,
    )
    assert second.exit_code == 0, second.output
    assert "Your name" not in second.output  # not asked again
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.reporter.name == "Anna Virtanen"
    assert report.problem.summary == "Checkout 502"
    assert [e.text for e in report.evidence.errors] == ["E42"]
    assert not draft.exists()


def test_resume_without_a_draft_is_a_clear_error(tmp_path: Path) -> None:
    result = run(["collect", "--resume", "--yes", "--offline", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.startswith("reportkit: error: there is no saved draft at ")
    assert result.stderr.count("\n") == 1


def test_python_dash_m_reportkit_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "reportkit", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("reportkit, version ")


def test_preview_shows_what_was_redacted_and_cancel_keeps_the_draft(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    out = tmp_path / "o"
    args = [
        "collect",
        "--interactive",
        "--offline",
        "-o",
        str(out),
        "--summary",
        "VPN login fails",
        "--description",
        "Login fails with error 809; my password is Talvi2026! if you need it",
    ]
    result = run(args, input="\n" * 25 + "c\n")  # situation, 22 fields, error, screenshot
    assert result.exit_code == 130
    assert "Removed 1 secret before sending: password (1)" in result.stderr
    assert "Talvi2026!" not in result.output  # not even in the preview
    assert "[REDACTED:password]" in result.stderr
    assert not out.exists()
    draft = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert draft["answers"]["problem.summary"] == "VPN login fails"


def test_preview_edit_opens_the_editor_on_the_description(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'w').write('Since 08:00 the VPN rejects logins with error 809')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    out = tmp_path / "o"
    result = run(
        [
            "collect",
            "--interactive",
            "--offline",
            "-o",
            str(out),
            "-f",
            "json",
            "--summary",
            "VPN",
            "--description",
            "nothing works",
        ],
        input="\n" * 25 + "d\ns\n",
    )
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.problem.description == "Since 08:00 the VPN rejects logins with error 809"


def test_vague_answer_gets_one_follow_up_question(tmp_path: Path) -> None:
    out = tmp_path / "o"
    answers = "\n" * 14 + "everything is broken\nthe checkout page shows HTTP 502\n" + "\n" * 20 + "s\n"
    result = run(["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "In one line: which service, and what exactly goes wrong?" in result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.problem.summary == "the checkout page shows HTTP 502"  # the specific answer replaces the vague one


def test_a_password_typed_in_is_asked_again_and_replaced(tmp_path: Path) -> None:
    out = tmp_path / "o"
    answers = (
        "\n" * 14 + "my password is Kevät2026!\nVPN rejects logins with error 809 since 08:00\n" + "\n" * 20 + "s\n"
    )
    result = run(
        ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json", "--summary", "VPN 809"], input=answers
    )
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.problem.description == "VPN rejects logins with error 809 since 08:00"
    assert "Kevät2026!" not in (out / "report.json").read_text(encoding="utf-8")


def test_preview_edit_an_answer_by_number_shows_the_request_again(tmp_path: Path) -> None:
    out = tmp_path / "o"
    args = ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"]
    args += ["--name", "Anna", "--host", "203.0.113.10", "--summary", "VPS returns 502"]
    # 21 questions left, paste, screenshot; then edit answer 2 (the IP: a bad one first), then save
    result = run(args, input="\n" * 23 + "e\n2\n999.1.2.3\n198.51.100.7\ns\n")
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.service.host == "198.51.100.7"
    text = result.stderr
    assert "   2. Server IP address: 203.0.113.10" in text
    assert "'999.1.2.3' is not an IP address" in text
    second = text.index("'999.1.2.3' is not an IP address")
    assert "198.51.100.7" in text[second:] and "198.51.100.7" not in text[:second]  # shown again, changed
    assert text.count(interview.MENU) == 2


def test_pre_probe_notice_names_the_targets_of_this_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every target on 127.0.0.1, and the allowlist keeps anything else (the real router, the system DNS) unsent."""
    monkeypatch.setenv("REPORTKIT_PROBE_ALLOW", "127.0.0.0/8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[probes]\nknown_names = ["localhost"]\nicmp = false\n', encoding="utf-8")
    out = tmp_path / "o"
    args = ["--config", str(cfg), "collect", "--interactive", "-o", str(out), "-f", "json", "--deadline", "1"]
    args += ["--anchor", "127.0.0.1:9", "--anchor", "127.0.0.2:9", "--resolver", "127.0.0.3:9"]
    args += ["--portal-url", "http://127.0.0.4:9/generate_204", "--host", "127.0.0.5", "--port", "9"]
    args += ["--summary", "Webshop 502", "--description", "The checkout page answers 502 Bad Gateway"]
    result = run(args, input="\n" * 40)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Contacting ")]
    assert lines == [
        "Contacting test addresses 127.0.0.1, 127.0.0.2, 127.0.0.3 and 1 more; and the service 127.0.0.5 "
        "(--offline sends nothing; other test addresses: `reportkit config set probes.internet_anchors …`)."
    ]
    assert result.stderr.index("Contacting ") < result.stderr.index("─" * 72)  # before the probes, not after
    probes = json.loads((out / "report.json").read_text(encoding="utf-8"))["diagnostics"]["sections"][2]["data"]
    sent = {r["target"] for r in probes["results"] if r["outcome"] != "skipped"}
    assert sent and all("127.0.0." in target or target.startswith("rk-") for target in sent), sent


def test_no_pre_probe_notice_offline(tmp_path: Path) -> None:
    result = run(["collect", "--interactive", "--offline", "-o", str(tmp_path / "o"), "-f", "json"], input="\n" * 40)
    assert result.exit_code == 0, result.output
    assert "Contacting" not in result.stderr


def test_remember_with_an_unwritable_config_dir_is_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/proc/forbidden")  # cannot be created, not even by root
    out = tmp_path / "o"
    answers = "\nAnna\n" + "\n" * 25 + "s\ny\n"
    result = run(["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"], input=answers)
    assert result.exit_code == 0, result.output
    assert (out / "report.json").exists()
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: your details were not remembered (cannot write config file /proc/forbidden/reportkit/config.toml:"
        " No such file or directory; check the folder's permissions or use --config); the request is written"
    ]


def png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), "red").save(path, "PNG")
    return path


def skip_all_fields() -> str:
    """The situation (Enter: service), its 24 questions skipped, an empty paste."""
    return "\n" + "\n" * 24 + "\n"


def test_ctrl_c_at_the_screenshot_prompt_keeps_the_screenshot_and_resume_asks_nothing_again(
    tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    shot = png(tmp_path / "502.png")
    out = tmp_path / "o"
    args = ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"]
    first = run(args, input=skip_all_fields() + f"{shot}\nthe checkout page\n")  # then end of input: Abort
    assert first.exit_code == 130 and not out.exists()
    kept = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert kept["screenshots"] == [{"path": str(shot), "caption": "the checkout page"}]
    assert kept["situation"] == "service" and "reporter.name" in kept["asked"] and "error" in kept["asked"]

    second = run([*args, "--resume"], input="s\n")  # nothing is asked again: straight to the preview
    assert second.exit_code == 0, second.output
    asked = ("What is the problem about?", "Your name  (", "/24 ", "Paste the exact error", "screenshot of the error")
    for question in asked:
        assert question not in second.stderr, question
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert [a.caption for a in report.evidence.attachments] == ["the checkout page"]


def test_ctrl_c_at_the_preview_keeps_the_capture_choice(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    args = ["collect", "--interactive", "--offline", "-o", str(tmp_path / "o"), "-f", "json"]
    result = run(args, input=skip_all_fields() + "c\nthe whole screen\n")  # end of input at the preview
    assert result.exit_code == 130
    kept = json.loads((isolated_dirs["data"] / "reportkit" / "draft.json").read_text(encoding="utf-8"))
    assert kept["capture"] is True and kept["capture_caption"] == "the whole screen"
    assert kept["screenshots"] == [] and "screenshots" in kept["asked"]


def test_a_screenshot_gone_since_the_draft_is_one_warning(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    shot = png(tmp_path / "502.png")
    kept = png(tmp_path / "kept.png")
    args = ["collect", "--interactive", "--offline", "-o", str(tmp_path / "o"), "-f", "json"]
    assert run(args, input=skip_all_fields() + f"{shot}\n\n{kept}\n\n").exit_code == 130
    shot.unlink()
    out = tmp_path / "resumed"
    result = run(["collect", "--resume", "--yes", "--offline", "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "502.png" in line]
    assert warnings == [
        f"warning: the screenshot {str(shot)!r} in the draft no longer exists; left out (add it with --screenshot)"
    ]
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert len(report.evidence.attachments) == 1


def test_a_server_in_the_config_does_not_choose_the_situation(tmp_path: Path) -> None:
    assert run(["config", "set", "service.host", "203.0.113.10"]).exit_code == 0
    out = tmp_path / "o"
    args = ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"]
    result = run(args, input="i\n" + "\n" * 40)
    assert result.exit_code == 0, result.output
    assert "What is the problem about?" in result.stderr
    assert "Your internet provider" in result.stderr and "Which service is affected" not in result.stderr
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.service.host == "203.0.113.10"  # the config still pre-fills the answer


def test_a_server_flag_of_this_command_line_tells_the_situation(tmp_path: Path) -> None:
    args = ["collect", "--interactive", "--offline", "-o", str(tmp_path / "o"), "-f", "json", "--host", "203.0.113.10"]
    result = run(args, input="\n" * 40)
    assert result.exit_code == 0, result.output
    assert "What is the problem about?" not in result.stderr and "Which service is affected" in result.stderr


class SignalAtEnd(io.BytesIO):
    """Standard input that delivers its lines, then is interrupted by SIGTERM (as the signal handler raises it)."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data and size != 0:
            raise Stopped(signal.SIGTERM)
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        if not line:
            raise Stopped(signal.SIGTERM)
        return line


def test_sigterm_at_the_remember_prompt_exits_143(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    out = tmp_path / "o"
    args = ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"]
    answers = SignalAtEnd(b"\nAnna\n" + b"\n" * 25 + b"s\n")  # then SIGTERM at "Remember your details?"
    result = CliRunner().invoke(main, args, input=answers, catch_exceptions=False)
    assert "Remember your details" in result.stderr
    assert result.exit_code == 143, result.output
    assert result.stderr.rstrip().endswith("reportkit: stopped by a signal")
    assert (out / "report.json").exists()  # the request is written: no draft needed
    assert not (isolated_dirs["data"] / "reportkit" / "draft.json").exists()


def test_end_of_input_at_the_remember_prompt_is_a_quiet_no(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = run(
        ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"], input="\nAnna\n" + "\n" * 25 + "s\n"
    )
    assert result.exit_code == 0, result.output
    assert "Remember your details" in result.stderr and "interrupted" not in result.stderr
    assert "Anna" not in run(["config", "show"]).stdout


def test_stdout_with_anonymize_needs_a_map_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["collect", "--offline", "-o", "-", "--anonymize", "--summary", "x"], input="would be asked\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "reportkit: error: -o - --anonymize: the private map needs a file of its own; add --anonymize-map FILE"
    ]
    assert list(tmp_path.iterdir()) == []
    mapped = run(
        ["collect", "--yes", "--offline", "-o", "-", "--anonymize", "--anonymize-map", str(tmp_path / "map.json")]
    )
    assert mapped.exit_code == 0, mapped.output
    assert [p.name for p in tmp_path.iterdir()] == ["map.json"]


def test_error_file_dash_twice_is_a_usage_error(tmp_path: Path) -> None:
    args = ["collect", "--yes", "--offline", "-o", str(tmp_path / "o"), "--error-file", "-", "--error-file", "-"]
    result = run(args, input="502 Bad Gateway\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "reportkit: error: --error-file -: standard input can be read only once; give it once"
    ]
    assert not (tmp_path / "o").exists()


def test_a_device_problem_says_so_in_the_report_and_the_check_asks_for_the_model(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = run(["collect", "--interactive", "--offline", "-o", str(out), "-f", "json"], input="d\n" + "\n" * 40)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["problem"]["situation"] == "device"
    checked = run(["check", str(out)])
    assert "The device's make and model are missing" in checked.stdout
    assert "URL is missing" not in checked.stdout and "VM" not in checked.stdout


def test_preview_edits_every_answer_at_once_in_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """[a]ll answers: one sheet in $EDITOR, read back, the request rendered again from it."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "text = text.replace('Your name: Anna', 'Your name: Bea Kovács')\n"
        "text = text.replace('Server IP address:', 'Server IP address: 203.0.113.10', 1)\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    out = tmp_path / "o"
    args = ["collect", "--interactive", "--offline", "-o", str(out), "-f", "json", "--name", "Anna", "--summary", "502"]
    result = run(args, input="s\n" + "\n" * 24 + "a\ns\n")  # situation, 22 questions, error, screenshot
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.reporter.name == "Bea Kovács"
    assert report.service.host == "203.0.113.10"
    assert result.output.count(interview.MENU) == 2  # shown again after the edit


def test_standard_output_leaves_out_screenshots_it_cannot_carry(tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "shot.png"
    Image.new("RGB", (40, 30), "red").save(image)
    base = ["collect", "--yes", "--offline", "-o", "-", "--summary", "Checkout 502", "--screenshot", str(image)]
    text = run([*base, "-f", "md"])
    assert text.exit_code == 0, text.stderr
    assert "screenshot-01" not in text.stdout  # no file is written, so the request must not promise one
    assert "left out of this request" in text.stderr and text.stderr.count("\n") == 2  # and the request id
    assert "Recorded as RK-" in text.stderr
    page = run([*base, "-f", "html"])
    assert page.exit_code == 0 and "data:image/png;base64," in page.stdout and "left out" not in page.stderr


def test_a_resumed_start_time_is_read_from_when_it_was_typed(tmp_path: Path, isolated_dirs: dict[str, Path]) -> None:
    folder = isolated_dirs["data"] / "reportkit"
    folder.mkdir(parents=True)
    (folder / "draft.json").write_text(
        json.dumps(
            {
                "schema": "reportkit-draft/1",
                "saved_at": "2026-11-30T23:50:00+02:00",
                "start_said": ["yesterday evening", "2026-11-30T23:50:00+02:00"],
                "answers": {"problem.summary": "Checkout 502", "problem.started_at": "yesterday evening"},
                "errors": [],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = run(["collect", "--resume", "--yes", "--offline", "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = Report.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert report.problem.started_at == "yesterday evening"
    assert report.problem.started_resolved == "2026-11-29T19:00+02:00" and report.problem.started_approx
    flagged = run(["collect", "--yes", "--offline", "-o", str(tmp_path / "p"), "-f", "json", "--since", "09:00"])
    assert flagged.exit_code == 0  # typed now: read from now, as before
