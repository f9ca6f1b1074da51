"""`reportkit config get|set|unset|show`: hand-edited files keep their layout, typos get a suggestion, values are
checked exactly as a run checks them, and a bad config file stops every command with one line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportkit import validate
from reportkit.cli import main
from reportkit.collectors import netprobe
from reportkit.errors import InputError

HAND_WRITTEN = """\
# reportkit settings — edited by hand, keep my notes!

[reporter]
name = "Anna Virtanen"   # that's me
# work address, not the private one
email = "anna@example.com"

[service]
# the webshop VPS
host = "203.0.113.10"
ports = [443, 8443]  # 8443 is the admin UI

[probes]
deadline = 4.0
"""


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def cfg(tmp_path: Path, text: str = HAND_WRITTEN) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stderr.startswith("reportkit: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr.removeprefix("reportkit: error: ").rstrip("\n")


# --------------------------------------------------------------------------- layout survives


def test_set_keeps_comments_blank_lines_and_order(tmp_path: Path) -> None:
    path = cfg(tmp_path)
    assert run(["--config", str(path), "config", "set", "reporter.phone", "+358 40 123 4567"]).exit_code == 0
    assert run(["config", "set", "service.ports", "443", "--config", str(path)]).exit_code == 0
    assert run(["config", "--config", str(path), "set", "reporter.name", "Anna V."]).exit_code == 0
    assert run(["--config", str(path), "config", "set", "isp.name", "Elisa"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "# reportkit settings — edited by hand, keep my notes!\n"
        "\n"
        "[reporter]\n"
        'name = "Anna V."   # that\'s me\n'
        "# work address, not the private one\n"
        'email = "anna@example.com"\n'
        'phone = "+358 40 123 4567"\n'
        "\n"
        "[service]\n"
        "# the webshop VPS\n"
        'host = "203.0.113.10"\n'
        "ports = [443]  # 8443 is the admin UI\n"
        "\n"
        "[probes]\n"
        "deadline = 4.0\n"
        "\n"
        "[isp]\n"
        'name = "Elisa"\n'
    )


def test_unset_keeps_everything_else_and_drops_an_emptied_table(tmp_path: Path) -> None:
    path = cfg(tmp_path)
    assert run(["--config", str(path), "config", "unset", "reporter.name"]).exit_code == 0
    assert run(["--config", str(path), "config", "unset", "probes.deadline"]).exit_code == 0  # [probes] goes
    assert run(["--config", str(path), "config", "unset", "service.host"]).exit_code == 0
    assert run(["--config", str(path), "config", "unset", "service.ports"]).exit_code == 0  # [service] has a comment
    assert path.read_text(encoding="utf-8") == (
        "# reportkit settings — edited by hand, keep my notes!\n"
        "\n"
        "[reporter]\n"
        "# work address, not the private one\n"
        'email = "anna@example.com"\n'
        "\n"
        "[service]\n"
        "# the webshop VPS\n"
    )


def test_unset_of_a_table_in_the_middle_leaves_one_blank_line(tmp_path: Path) -> None:
    path = cfg(tmp_path, '[reporter]\nname = "A"\n\n[isp]\nname = "I"\n\n[probes]\nicmp = false\n')
    assert run(["--config", str(path), "config", "unset", "isp.name"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == '[reporter]\nname = "A"\n\n[probes]\nicmp = false\n'


def test_dotted_and_inline_tables_are_edited_in_place(tmp_path: Path) -> None:
    path = cfg(tmp_path, 'reporter.name = "A"  # dotted\nservice = { host = "203.0.113.10" }\n')
    assert run(["--config", str(path), "config", "set", "reporter.email", "a@example.com"]).exit_code == 0
    assert run(["--config", str(path), "config", "set", "service.host", "203.0.113.11"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        'reporter.name = "A"  # dotted\nreporter.email = "a@example.com"\nservice = { host = "203.0.113.11" }\n'
    )


def test_a_file_saved_on_windows_keeps_its_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'# mine\r\n[reporter]\r\nname = "A"\r\n\r\n[isp]\r\nname = "I"\r\n')
    assert run(["--config", str(path), "config", "set", "reporter.email", "a@example.com"]).exit_code == 0
    assert run(["--config", str(path), "config", "unset", "isp.name"]).exit_code == 0
    assert run(["--config", str(path), "config", "set", "probes.icmp", "false"]).exit_code == 0
    assert path.read_bytes() == (
        b'# mine\r\n[reporter]\r\nname = "A"\r\nemail = "a@example.com"\r\n\r\n[probes]\r\nicmp = false\r\n'
    )


def test_first_set_creates_the_file_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    result = run(["--config", str(path), "config", "set", "reporter.email", "anna@example.com"])
    assert result.stdout == f'reporter.email = "anna@example.com"  (saved in {path})\n'
    assert path.read_text(encoding="utf-8") == '[reporter]\nemail = "anna@example.com"\n'
    assert path.stat().st_mode & 0o777 == 0o600


def test_set_makes_a_world_readable_file_private_and_writes_through_a_symlink(tmp_path: Path) -> None:
    real = cfg(tmp_path)
    real.chmod(0o644)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert run(["--config", str(link), "config", "set", "reporter.company", "Oy Ab"]).exit_code == 0
    assert link.is_symlink()
    assert 'company = "Oy Ab"' in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- get / set / unset / show


@pytest.mark.parametrize(
    ("key", "typed", "shown"),
    [
        ("reporter.email", " anna@example.com ", "anna@example.com"),
        ("service.ports", "443, 8443,", "443, 8443"),
        ("service.admin_port", "22", "22"),
        ("probes.deadline", "2.5", "2.5"),
        ("probes.ipv6", "no", "false"),
        ("probes.internet_anchors", "203.0.113.5:443, [2001:db8::5]:443", "203.0.113.5:443, [2001:db8::5]:443"),
        ("probes.public_resolvers", "203.0.113.53,[2001:db8::53]:5353", "203.0.113.53, [2001:db8::53]:5353"),
        ("service.url", "shop.example.com", "https://shop.example.com"),
        ("service.host", "2001:DB8::10", "2001:db8::10"),
        ("reporter.name", 'Zoë "Z" Öztürk', 'Zoë "Z" Öztürk'),
    ],
)
def test_get_set_unset_round_trip(tmp_path: Path, key: str, typed: str, shown: str) -> None:
    path = cfg(tmp_path)
    env = {"REPORTKIT_CONFIG": str(path)}
    assert run(["config", "set", key, typed], env).exit_code == 0
    got = run(["config", "get", key], env)
    assert (got.exit_code, got.stdout) == (0, shown + "\n")
    assert run(["config", "set", key, got.stdout.rstrip("\n")], env).exit_code == 0  # get's output is set's input
    assert run(["config", "get", key], env).stdout == shown + "\n"
    assert run(["config", "unset", key], env).stdout == f"{key} removed  (from {path})\n"
    assert one_line_error(run(["config", "get", key], env), 1) == (
        f"{key} is not set in {path}; set it with `reportkit config set {key} VALUE`"
    )
    assert "edited by hand" in path.read_text(encoding="utf-8")


def test_unset_of_a_key_that_is_not_set_is_said_and_exits_0(tmp_path: Path) -> None:
    path = cfg(tmp_path)
    before = path.read_bytes()
    result = run(["--config", str(path), "config", "unset", "isp.customer_id"])
    assert result.exit_code == 0
    assert result.stderr == f"reportkit: isp.customer_id is not set in {path}; nothing to remove\n"
    assert path.read_bytes() == before
    missing = tmp_path / "none.toml"
    assert run(["--config", str(missing), "config", "unset", "isp.customer_id"]).exit_code == 0
    assert not missing.exists()


def test_unset_removes_a_mistyped_key_from_the_file(tmp_path: Path) -> None:
    path = cfg(tmp_path, '[reporter]\nname = "A"\nemial = "a@example.com"\n')
    assert "did you mean reporter.email?" in one_line_error(run(["--config", str(path), "config", "show"]), 1)
    assert run(["--config", str(path), "config", "unset", "reporter.emial"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == '[reporter]\nname = "A"\n'


def test_show_prints_the_file_as_written(tmp_path: Path) -> None:
    path = cfg(tmp_path)
    result = run(["--config", str(path), "config", "show"])
    assert (result.exit_code, result.stdout) == (0, f"# {path}\n{HAND_WRITTEN}")


def test_show_prints_a_bad_file_then_names_the_problem(tmp_path: Path) -> None:
    path = cfg(tmp_path, "[probes]\ndeadline = 0  # oops\n")
    result = run(["--config", str(path), "config", "show"])
    assert result.stdout == f"# {path}\n[probes]\ndeadline = 0  # oops\n"
    assert one_line_error(result, 1).startswith(f"config file {path}, line 2: probes.deadline: 0 should be")


def test_set_fixes_a_bad_value_in_the_file(tmp_path: Path) -> None:
    path = cfg(tmp_path, "[probes]\ndeadline = nan  # typed by hand\nicmp = false\n")
    assert run(["--config", str(path), "diagnose", "--offline"]).exit_code == 1
    assert run(["--config", str(path), "config", "set", "probes.deadline", "3"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == "[probes]\ndeadline = 3.0  # typed by hand\nicmp = false\n"
    assert run(["--config", str(path), "config", "get", "probes.deadline"]).stdout == "3.0\n"


# --------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("reporter.emial", "unknown key `reporter.emial`; did you mean `reporter.email`?"),
        ("service.prots", "unknown key `service.prots`; did you mean `service.ports`?"),
        ("probes.dedline", "unknown key `probes.dedline`; did you mean `probes.deadline`?"),
        ("reportr.email", "unknown key `reportr.email`; did you mean `reporter.email`?"),
        ("sevice.host", "unknown key `sevice.host`; did you mean `service.host`?"),
        ("email", "unknown key `email`; did you mean `reporter.email`?"),
        ("deadline", "unknown key `deadline`; did you mean `probes.deadline`?"),
        ("admin_prot", "unknown key `admin_prot`; did you mean `service.admin_port`?"),
        ("reporter.customer_id", "unknown key `reporter.customer_id`; did you mean `isp.customer_id`?"),
        ("host", "unknown key `host`; did you mean `service.host`?"),
        (
            "name",
            "unknown key `name`; did you mean `reporter.name`, `isp.name`, `cloud.name` or `service.name`?",
        ),
        (
            "reporter",
            "`reporter` is a section; name one of its keys, e.g. `reporter.name` "
            "(keys: name, email, phone, company, language)",
        ),
    ],
)
@pytest.mark.parametrize("command", ["get", "set", "unset"])
def test_typo_gets_did_you_mean(tmp_path: Path, command: str, typed: str, message: str) -> None:
    path = cfg(tmp_path)
    before = path.read_bytes()
    args = ["--config", str(path), "config", command, typed] + (["x"] if command == "set" else [])
    assert one_line_error(run(args), 2) == message
    assert path.read_bytes() == before


def test_a_key_named_by_part_of_a_known_one_gets_it() -> None:
    message = one_line_error(run(["config", "set", "printer.model", "x"]), 2)
    assert message == "unknown key `printer.model`; did you mean `service.device_model`?"


@pytest.mark.parametrize("typed", ["zzz", "colour.grey", "printer.tray"])
def test_typo_without_a_close_key_names_the_sections_not_43_keys(typed: str) -> None:
    message = one_line_error(run(["config", "set", typed, "x"]), 2)
    assert message == (
        f"unknown key `{typed}`; keys are SECTION.NAME with the sections reporter, isp, cloud, service, probes, "
        "history (`reportkit config set --help` and the README list every key)"
    )


def test_set_help_lists_every_key_by_section() -> None:
    from reportkit import config

    text = run(["config", "set", "--help"]).stdout
    listed = " ".join(text.split("Keys:", 1)[1].split())
    for section, names in config.SCHEMA.items():
        assert f"[{section}]" in listed
        for name in names:
            assert name in listed


# --------------------------------------------------------------------------- values a run cannot use

# (key, what `config set` is given, the same value as TOML in a hand-written file, what the message says)
BAD_VALUES = [
    ("probes.deadline", "nan", "nan", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "inf", "inf", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "-inf", "-inf", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "0", "0", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "-1", "-1", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "0.1", "0.1", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "121", "121.0", "should be a number of seconds from 0.2 to 120"),
    ("probes.deadline", "soon", '"soon"', "should be a number"),
    ("service.ports", "0", "[0]", "is not a port number; give a number from 1 to 65535"),
    ("service.ports", "443, 65536", "[443, 65536]", "is not a port number; give a number from 1 to 65535"),
    ("service.ports", "-443", "[-443]", "is not a port number"),
    ("service.ports", "https", '["https"]', "is not a port number"),
    ("service.admin_port", "70000", "70000", "is not a port number; give a number from 1 to 65535"),
    ("service.admin_port", "0", "0", "is not a port number"),
    ("service.admin_port", "2_2", "true", "is not a port number"),  # in the file: "should be a whole number"
    ("service.host", "web01", '"web01"', "is not an IP address"),
    ("service.host", "999.1.2.3", '"999.1.2.3"', "is not an IP address"),
    ("service.host", "203.0.113.10:443", '"203.0.113.10:443"', "is not an IP address"),
    ("service.url", "ftp://shop.example.com/", '"ftp://shop.example.com/"', "is not a web address"),
    ("service.url", "https://", '"https://"', "is not a web address"),
    ("service.url", "https://shop.example.com:99999/", '"https://shop.example.com:99999/"', "is not a web address"),
    ("probes.portal_check_url", "not a url", '"not a url"', "is not a web address"),
    ("isp.status_url", "javascript:alert(1)", '"javascript:alert(1)"', "is not a web address"),
    ("reporter.email", "anna", '"anna"', "is not an e-mail address"),
    ("reporter.email", "anna@", '"anna@"', "is not an e-mail address"),
    ("reporter.email", "@example.com", '"@example.com"', "is not an e-mail address"),
    ("reporter.email", "anna@example", '"anna@example"', "is not an e-mail address"),
    ("reporter.email", "a@b@example.com", '"a@b@example.com"', "is not an e-mail address"),
    ("cloud.support_email", "support at hetzner", '"support at hetzner"', "is not an e-mail address"),
    ("probes.internet_anchors", "anchor.example:443", '["anchor.example:443"]', "should be IP:PORT"),
    ("probes.internet_anchors", "203.0.113.5", '["203.0.113.5"]', "should be IP:PORT"),
    ("probes.internet_anchors", "203.0.113.5:0", '["203.0.113.5:0"]', "a port is a number from 1 to 65535"),
    ("cloud.anchors", "[2001:db8::5]:70000", '["[2001:db8::5]:70000"]', "e.g. [2001:db8::5]:443"),
    ("cloud.anchors", "[2001:db8::5", '["[2001:db8::5"]', "write an IPv6 address as [2001:db8::5]:443"),
    ("probes.public_resolvers", "dns.example", '["dns.example"]', "should be an IP address (optionally :PORT)"),
    ("probes.public_resolvers", "203.0.113.53:99999", '["203.0.113.53:99999"]', "a port is a number from 1"),
    ("probes.ipv6", "maybe", '"maybe"', "should be true or false"),
    ("probes.icmp", "2", "2", "should be true or false"),
]


@pytest.mark.parametrize(("key", "typed", "_toml", "message"), BAD_VALUES)
def test_set_refuses_what_a_run_would_refuse(tmp_path: Path, key: str, typed: str, _toml: str, message: str) -> None:
    path = cfg(tmp_path)
    before = path.read_bytes()
    error = one_line_error(run(["--config", str(path), "config", "set", key, typed]), 2)
    assert error.startswith(f"{key}: ") and message in error
    assert path.read_bytes() == before


@pytest.mark.parametrize(("key", "_typed", "toml", "message"), BAD_VALUES)
@pytest.mark.parametrize("command", ["collect", "diagnose", "get"])
def test_bad_value_in_the_file_stops_every_command(
    tmp_path: Path, command: str, key: str, _typed: str, toml: str, message: str
) -> None:
    section, name = key.split(".")
    other = '[isp]\nname = "Elisa"' if section == "reporter" else '[reporter]\nname = "Anna"'
    path = cfg(tmp_path, f"# hand-written\n[{section}]\n{name} = {toml}\n\n{other}\n")
    out = tmp_path / "out"
    args = {
        "collect": ["collect", "--offline", "--yes", "-o", str(out), "--summary", "502 on checkout"],
        "diagnose": ["diagnose", "--offline", "--json"],
        "get": ["config", "get", "reporter.name"],
    }[command]
    result = run(["--config", str(path), *args])
    error = one_line_error(result, 1)
    assert error.startswith(f"config file {path}, line 3: {key}"), error
    assert message in error or "should be" in error
    # a list of the wrong type is shown as `config set` takes it (comma-separated), not in the file's brackets
    value = "443,8443" if key == "service.ports" and "should be a list" in error else "VALUE"
    assert error.endswith(f"fix it with `reportkit config set {key} {value}` or edit the file")
    assert result.stdout == ""
    assert not out.exists()


def test_bad_value_via_the_environment_variable_too(tmp_path: Path) -> None:
    path = cfg(tmp_path, '[service]\nhost = "web01"\n')
    result = run(["collect", "--offline", "--yes", "-o", str(tmp_path / "o")], env={"REPORTKIT_CONFIG": str(path)})
    assert one_line_error(result, 1).startswith(f"config file {path}, line 2: service.host: 'web01' is not an IP")


def test_good_values_in_the_file_are_used_normalised(tmp_path: Path) -> None:
    from reportkit import config

    path = cfg(tmp_path, '[service]\nurl = "shop.example.com"\nhost = "2001:DB8::1"\n[probes]\ndeadline = 3\n')
    assert config.load(path) == {
        "service": {"url": "https://shop.example.com", "host": "2001:db8::1"},
        "probes": {"deadline": 3.0},
    }


# --------------------------------------------------------------------------- files that are not config files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[reporter]\nname = "Anna\n', "line 2: "),
        (b"[reporter\n", "line 1: "),
        (b'[reporter]\nname = "A"\nname = "B"\n', "line 3: "),
        (b'[reporter]\nname = "Ann\xe4"\n', "line 2: byte 0xe4 at column 12 is not UTF-8; save the file as UTF-8"),
        (b"\xff\xfe[\x00r\x00", "line 1: byte 0xff at column 1 is not UTF-8; save the file as UTF-8"),
    ],
)
@pytest.mark.parametrize("command", [["config", "show"], ["config", "set", "reporter.name", "X"], ["diagnose"]])
def test_broken_toml_or_encoding_names_line_and_column(
    tmp_path: Path, command: list[str], content: bytes, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    error = one_line_error(
        run(["--config", str(path), *command, *(["--offline"] if command == ["diagnose"] else [])]), 1
    )
    assert error.startswith(f"config file {path}, {message}")
    if not message.endswith("UTF-8"):
        assert " at column " in error and error.endswith("; fix that line or delete the file")
    assert path.read_bytes() == content


def test_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufeff[reporter]\nname = "Anna"\n'.encode())
    assert run(["--config", str(path), "config", "get", "reporter.name"]).stdout == "Anna\n"


def reportkit(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A real process: a read that blocks would hang it, and the timeout turns that into a failure."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *args],
        capture_output=True,
        text=True,
        timeout=20,
        env=env,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )


SPECIAL_COMMANDS = [
    ["config", "show"],
    ["config", "get", "reporter.name"],
    ["config", "set", "reporter.name", "Anna"],
    ["config", "unset", "reporter.name"],
    ["diagnose", "--offline"],
    ["collect", "--offline", "--yes", "-o", "out"],
]


@pytest.mark.parametrize("command", SPECIAL_COMMANDS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize("kind", ["fifo", "directory", "/dev/zero"])
def test_fifo_directory_or_device_as_config_is_refused_at_once(tmp_path: Path, kind: str, command: list[str]) -> None:
    if kind == "fifo":
        special = tmp_path / "config.fifo"
        os.mkfifo(special)
        said = "is a FIFO (named pipe), not a regular file"
    elif kind == "directory":
        special = tmp_path / "config.d"
        special.mkdir()
        said = "is a directory"
    else:
        special, said = Path("/dev/zero"), "is a device, not a regular file"
    started = time.monotonic()
    done = reportkit(["--config", str(special), *command], tmp_path)
    assert time.monotonic() - started < 10
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"reportkit: error: config file {str(special)!r} {said}"), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "out").exists()
    if kind == "fifo":
        assert special.exists() and not special.is_file()


def test_oversized_config_is_refused_with_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    error = one_line_error(run(["--config", str(path), "config", "get", "reporter.name"]), 1)
    assert "larger than the 1 MiB limit" in error and "REPORTKIT_MAX_CONFIG_MB" in error


# --------------------------------------------------------------------------- the one host:port parser


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("203.0.113.5:443", 0, ("203.0.113.5", 443)),
        (" 203.0.113.5:8443 ", 0, ("203.0.113.5", 8443)),
        ("203.0.113.5", 53, ("203.0.113.5", 53)),
        ("[2001:db8::5]:443", 0, ("2001:db8::5", 443)),
        ("[2001:db8::5]", 53, ("2001:db8::5", 53)),
        ("2001:db8::5", 53, ("2001:db8::5", 53)),
        ("::1", 443, ("::1", 443)),
        ("shop.example.com", 443, ("shop.example.com", 443)),
        ("shop.example.com:8080", 443, ("shop.example.com", 8080)),
        ("localhost:1", 0, ("localhost", 1)),
        ("localhost:65535", 0, ("localhost", 65535)),
    ],
)
def test_split_hostport(text: str, default: int, expected: tuple[str, int]) -> None:
    assert validate.split_hostport(text, default) == expected
    assert netprobe.split_hostport(text, default) == expected  # one parser, not two


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("203.0.113.5:0", "--anchor: '203.0.113.5:0' has the port '0'; a port is a number from 1 to 65535"),
        ("203.0.113.5:65536", "has the port '65536'; a port is a number from 1 to 65535, e.g. 203.0.113.5:443"),
        ("203.0.113.5:", "has the port ''"),
        ("203.0.113.5:https", "has the port 'https'"),
        ("203.0.113.5:+80", "has the port '+80'"),
        ("203.0.113.5:٤٤٣", "has the port '٤٤٣'"),
        ("[2001:db8::5]:99999", "has the port '99999'; a port is a number from 1 to 65535, e.g. [2001:db8::5]:443"),
        ("[2001:db8::5]443", "is not HOST:PORT; write an IPv6 address as [2001:db8::5]:443"),
        ("[2001:db8::5", "is not HOST:PORT"),
        (":443", "names no host"),
        ("", "names no host"),
    ],
)
def test_split_hostport_refuses_bad_ports_clearly(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        validate.split_hostport(text, 443)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("203.0.113.5:443", None, "203.0.113.5:443"),
        ("[2001:DB8::5]:443", None, "[2001:db8::5]:443"),
        ("203.0.113.53", 53, "203.0.113.53"),
        ("203.0.113.53:53", 53, "203.0.113.53:53"),
        ("2001:db8::53", 53, "2001:db8::53"),
        ("[2001:db8::53]:5353", 53, "[2001:db8::53]:5353"),
    ],
)
def test_hostport_normalises_ip_literals(text: str, default: int | None, expected: str) -> None:
    assert validate.hostport(text, default_port=default) == expected


@pytest.mark.parametrize("text", ["one.one.one.one:443", "203.0.113.5", "2001:db8::5", "[2001:db8::5]"])
def test_hostport_wants_an_ip_and_a_port(text: str) -> None:
    with pytest.raises(InputError) as caught:
        validate.hostport(text)
    assert caught.value.message == f"--anchor: {text!r} should be IP:PORT, e.g. 203.0.113.5:443"


def test_an_unknown_key_in_the_file_gets_a_suggestion_by_part_of_its_name(tmp_path: Path) -> None:
    path = cfg(tmp_path, '[probes]\nresolver = ["203.0.113.53"]\n')
    result = run(["--config", str(path), "diagnose", "--offline"])
    error = one_line_error(result, 1)
    assert "unknown key probes.resolver; did you mean probes.public_resolvers?" in error


def test_a_bare_key_is_found_by_part_of_its_name() -> None:
    result = run(["config", "set", "resolver", "203.0.113.53"])
    error = one_line_error(result, 2) if result.exit_code == 2 else one_line_error(result, 1)
    assert "did you mean `probes.public_resolvers`?" in error
