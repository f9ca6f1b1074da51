"""reportkit.screens and the pipeline around it: what happens to a screenshot OCR could not check, and the places
recorded for "not a secret" (they must not carry a secret themselves)."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageDraw

from reportkit import ocr, screens
from reportkit.collectors.evidence import normalise
from reportkit.model import Diagnostics, Meta, Report, Section
from reportkit.redact import redact_report


def _shot() -> bytes:
    image = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(image).text((10, 40), "Password: Hunter2-Secret!", fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return normalise(out.getvalue(), "screenshot 'a.png'", None, 1).data


def test_a_screenshot_that_cannot_be_checked_is_left_out_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail closed: an OCR failure (a time-out, broken language data) must not send the image unchecked."""
    image = normalise(_shot(), "screenshot 'a.png'", None, 1)
    monkeypatch.setattr(ocr, "unavailable", lambda: None)

    def broken(*args: object, **kwargs: object) -> object:
        raise ocr.OcrError("reading took longer than 20 s")

    monkeypatch.setattr(ocr, "scrub", broken)
    screens._CACHE.clear()
    result = screens.scrub_all([image], {}, ())
    assert result.images == ()
    (warning,) = result.warnings
    assert image.attachment.name in warning and "left out" in warning and "--no-ocr" in warning


def test_without_ocr_the_screenshots_pass_through_with_one_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    image = normalise(_shot(), "screenshot 'a.png'", None, 1)
    monkeypatch.setattr(ocr, "unavailable", lambda: "screenshots are not read for secrets: Tesseract is not installed")
    result = screens.scrub_all([image], {}, ())
    assert result.images == (image,) and result.warnings == () and len(result.notices) == 1
    assert screens.scrub_all([image], {}, (), enabled=False).notices == ()


def test_a_kept_place_is_named_without_the_secret_a_key_holds() -> None:
    """A dict key can itself hold a secret (a proxy URL with a password): the place recorded for a finding the user
    kept must not spell it out, in Meta.not_secrets or in the preview's list."""
    data = {"https://anna:Hunter22x@proxy.example": {"api_key": "Zq8rT2vLm9XwP4kN7bYc"}}
    report = Report(
        meta=Meta(tool_version="0", created_at="2026-12-03T10:00:00+00:00"),
        diagnostics=Diagnostics((Section("network", "ok", data=data),)),
    )
    out, summary = redact_report(report, allow={"Zq8rT2vLm9XwP4kN7bYc"})
    dumped = json.dumps(out.to_dict())
    assert "Hunter22x" not in dumped
    assert "Zq8rT2vLm9XwP4kN7bYc" in dumped  # kept, as the user said
    assert out.meta.not_secrets and all("Hunter22x" not in e["field"] for e in out.meta.not_secrets)
    assert all("Hunter22x" not in r.field for r in summary.removed)


def test_a_hand_edited_report_renders_sane_privacy_lines() -> None:
    """A stranger's report.json: a negative distinct count, a kept finding whose kind is not a name."""
    from reportkit.render import render

    report = Report(
        meta=Meta(
            tool_version="0",
            created_at="2026-12-03T10:00:00+00:00",
            redactions={"password": 2},
            redacted_distinct=-3,
            not_secrets=({"kind": {"a": 1}, "field": None},),  # type: ignore[dict-item]
        )
    )
    text = render(report, "text")
    assert "removed 2 secrets (password) from 2 places" in text
    assert "1 finding (secret) marked" in text and "{'a'" not in text
