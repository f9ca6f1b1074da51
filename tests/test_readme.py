"""README's two commands stay true: CI runs the test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_install_and_test_commands() -> None:
    run_cmd, test_cmd = readme_commands()
    assert run_cmd.endswith("reportkit collect") and "pip install ." in run_cmd
    assert test_cmd.endswith("pytest -q") and "'.[test]'" in test_cmd


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, test_cmd = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()
