"""Compiled templates are cached per user; an unusable cache dir only costs speed, never the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import minimal_report

from reportkit import render


@pytest.fixture(autouse=True)
def fresh_environment() -> None:
    render._environment.cache_clear()
    yield
    render._environment.cache_clear()


def test_templates_are_compiled_once_into_the_user_cache(isolated_dirs: dict[str, Path]) -> None:
    first = render.render(minimal_report(), "text")
    cached = list((isolated_dirs["cache"] / "reportkit").glob("jinja2-*/*"))
    assert len(cached) >= 2  # request.txt.j2 and the wording partial
    render._environment.cache_clear()
    assert render.render(minimal_report(), "text") == first


def test_unwritable_cache_dir_still_renders(isolated_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = isolated_dirs["cache"].parent / "cache-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert render.render(minimal_report(), "text").startswith("Subject: ")
