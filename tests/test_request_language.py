"""The request's language, apart from the interface's: --request-lang, the recipient's `language` in the config,
the interface language; `render --request-lang` re-words a saved report.json; an unknown language is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportkit import i18n
from reportkit.cli import main


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    yield None
    i18n.use(i18n.DEFAULT)


def run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=False)


def identifiers(language: str) -> str:
    """A heading every request with identifiers has, as the catalog words it."""
    return i18n.translations(language).gettext("Identifiers")


def collect(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    result = run(["collect", "--yes", "--offline", "-o", str(out), "--account", "ACC-1", "--summary",
                  "Kassa ei toimi", *args])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_request_lang_writes_the_request_in_that_language(tmp_path: Path) -> None:
    out = collect(tmp_path, "--request-lang", "hu")
    text = (out / "request.txt").read_text(encoding="utf-8")
    assert identifiers("hu") in text and identifiers("hu") != "Identifiers"
    assert 'lang="hu"' in (out / "request.html").read_text(encoding="utf-8")
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["meta"]["language"] == "hu"


def test_the_recipients_language_in_the_config_decides_without_a_flag(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[service]\nname = "Shop"\nlanguage = "ru"\n', encoding="utf-8")
    out = collect(tmp_path, "--config", str(config))  # offline: no verdict, the request goes to the service
    assert identifiers("ru") in (out / "request.txt").read_text(encoding="utf-8")
    again = collect(tmp_path / "b", "--config", str(config), "--request-lang", "tr")  # the flag wins
    assert identifiers("tr") in (again / "request.txt").read_text(encoding="utf-8")


def test_the_interface_language_is_the_default_for_the_request(tmp_path: Path) -> None:
    out = collect(tmp_path, "--lang", "fi")
    assert identifiers("fi") in (out / "request.txt").read_text(encoding="utf-8")


def test_render_request_lang_rewords_a_saved_report(tmp_path: Path) -> None:
    out = collect(tmp_path)
    english = (out / "request.txt").read_text(encoding="utf-8")
    assert "Identifiers" in english
    for language in ("fi", "hu", "tr", "ru"):
        result = run(["render", str(out / "report.json"), "--request-lang", language, "-o", "-"])
        assert result.exit_code == 0, result.output
        assert identifiers(language) in result.stdout and "ACC-1" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["collect", "--yes", "--offline", "--request-lang", "xx"],
        ["render", "nowhere.json", "--request-lang", "klingon"],
        ["--lang", "de", "check", "nowhere.json"],
    ],
)
def test_an_unknown_language_is_one_line_naming_the_ones_there_are(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "fi (suomi)" in lines[0] and "ru (русский)" in lines[0], result.output


def test_a_bad_language_in_the_config_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[isp]\nlanguage = "elvish"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--config", str(config), "collect", "--yes", "--offline", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code != 0
    assert "elvish" in result.output and "hu (magyar)" in result.output and "Traceback" not in result.output
