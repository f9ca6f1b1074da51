"""Saved reports are data from a stranger: load them bounded and checked, re-render them without trusting them."""

from __future__ import annotations

import json
from pathlib import Path

from reportkit import deliver
from reportkit.errors import ReportFileError
from reportkit.model import Report


def load(path: Path) -> Report:
    """Read a saved report.json with one-line errors for every way it can be wrong."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportFileError(f"cannot read {path} ({exc.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportFileError(f"{path} is not UTF-8 text; is it really a report.json?") from None
    except json.JSONDecodeError as exc:
        raise ReportFileError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "re-collect it or restore the original file"
        ) from None
    try:
        return Report.from_dict(data)
    except ReportFileError as exc:
        raise ReportFileError(f"{path}: {exc.message}") from None


def rerender(source: Path, formats: tuple[str, ...], outdir: Path, force: bool) -> list[Path]:
    """Render a saved report again; its attachments are embedded again when they lie beside it."""
    report = load(source)
    images = {}
    for attachment in report.evidence.attachments:
        stored = source.parent / "attachments" / attachment.name
        if stored.is_file():
            images[attachment.name] = stored.read_bytes()
    from reportkit.render import FORMATS, render

    files = {FORMATS[f]: render(report, f, images) for f in formats}
    return deliver.write_files(outdir, files, force)
