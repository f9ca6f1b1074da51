"""`reportkit check` (the quality findings) in every language, golden files from one fixture: what is missing and
what to add, worded in the interface language; the same report.json in all five."""

from __future__ import annotations

import os
from pathlib import Path

import fixtures
import pytest
from click.testing import CliRunner

from reportkit import i18n
from reportkit.cli import main
from reportkit.render import render

GOLDEN = Path(__file__).parent / "golden" / "i18n"


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    yield None
    i18n.use(i18n.DEFAULT)


def checked(tmp_path: Path, language: str) -> str:
    path = tmp_path / "report.json"
    path.write_text(render(fixtures.minimal_report(), "json"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", language, "check", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.replace(str(path), "report.json")


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_check_golden(tmp_path: Path, language: str) -> None:
    out = checked(tmp_path, language)
    path = GOLDEN / f"check-{language}.txt"
    if os.environ.get("REPORTKIT_UPDATE_GOLDEN") == "1":
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then regenerate"


@pytest.mark.parametrize("language", [code for code in i18n.LANGUAGES if code != i18n.DEFAULT])
def test_check_speaks_the_language_not_english(tmp_path: Path, language: str) -> None:
    english, worded = checked(tmp_path, "en"), checked(tmp_path, language)
    shared = set(english.splitlines()) & set(worded.splitlines())
    assert not [line for line in shared if any(c.isalpha() for c in line)], shared
