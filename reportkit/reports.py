"""Saved reports are data from a stranger: load them bounded and checked, re-render them without trusting them."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reportkit import deliver, formats, safeio
from reportkit.errors import InputError, ReportFileError
from reportkit.i18n import _
from reportkit.model import Report


def locate(path: Path) -> Path:
    """The report.json a user means: the file itself, or DIR/report.json for an output folder.

    A rendered request (request.txt/.md/.html) is refused with advice naming the report.json beside it."""
    if str(path) == "-":
        raise InputError(
            _("reading a report from standard input is not supported; save it to a file and give its path")
        )
    if path.is_dir() and path.name == "report.json":
        raise InputError(
            _("{path} is a directory, not a report file; give the report.json file of a collected report").format(
                path=path
            )
        )
    if path.is_dir():
        candidate = path / "report.json"
        if not candidate.is_file():
            raise InputError(
                _("{path} is a folder without a report.json; give the report.json of a collected report").format(
                    path=path
                )
            )
        return candidate
    if path.name in formats.RENDERED:
        raise InputError(
            _("{path} is the rendered request; give the report.json beside it: {report}").format(
                path=path, report=path.parent / "report.json"
            )
        )
    return path


def load(path: Path) -> Report:
    """Read a saved report.json with one-line errors for every way it can be wrong (bounded, never hangs)."""
    path = locate(path)
    if not path.exists() and not path.is_symlink():
        raise ReportFileError(_("cannot read {path} ({reason})").format(path=path, reason=os.strerror(errno.ENOENT)))
    try:
        raw = safeio.read_bytes(path, "report", fix=_("give the report.json itself (or its folder)"))
    except InputError as exc:
        raise ReportFileError(exc.message) from None
    try:
        data = safeio.json_loads(
            raw, str(path), expected=_("a report.json"), fix=_("re-collect it or restore the original file")
        )
    except InputError as exc:
        raise ReportFileError(exc.message) from None
    try:
        return Report.from_dict(data)
    except ReportFileError as exc:
        raise ReportFileError(_("{path}: {problem}").format(path=path, problem=exc.message)) from None
    except RecursionError:
        raise ReportFileError(
            _("{path} is nested too deeply; it is not a reportkit report").format(path=path)
        ) from None


def _plain_name(name: str) -> bool:
    if not name or name in (".", "..") or "/" in name or "\\" in name or ".." in name:
        return False
    return not (Path(name).is_absolute() or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name))


def attachment_images(source: Path, report: Report) -> tuple[dict[str, bytes], list[str]]:
    """Attachments safe to embed (plain names, regular files inside the report's attachments/), and one warning
    for each one skipped."""
    images: dict[str, bytes] = {}
    warnings: list[str] = []
    if not report.evidence.attachments:
        return images, warnings
    folder = source.parent / "attachments"
    try:
        root: Path | None = folder.resolve(strict=True)
        if folder.is_symlink() or root != source.parent.resolve(strict=True) / "attachments":
            # attachments/ itself points elsewhere (a link unpacked from an archive): nothing in it is the report's
            warnings.append(
                _("the attachments of {report} skipped: {folder} is a link to {target}, not a folder").format(
                    report=source, folder=folder, target=root
                )
            )
            return images, warnings
    except (OSError, RuntimeError):
        root = None
    for attachment in report.evidence.attachments:
        name = attachment.name
        shown = ascii(name)
        if not _plain_name(name):
            warnings.append(
                _("attachment {name} skipped: not a plain file name inside attachments/").format(name=shown)
            )
            continue
        if root is None:
            warnings.append(
                _("attachment {name} is listed but there is no {folder}; it is left out").format(
                    name=shown, folder=folder
                )
            )
            continue
        stored = folder / name
        try:
            resolved = stored.resolve(strict=True)
        except (OSError, RuntimeError):
            warnings.append(
                _("attachment {name} is listed but not in {folder}; it is left out").format(name=shown, folder=folder)
            )
            continue
        if resolved.parent != root:
            warnings.append(
                _("attachment {name} skipped: it points outside {folder}").format(name=shown, folder=folder)
            )
            continue
        try:
            mode = resolved.stat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            warnings.append(_("attachment {name} skipped: not a regular file").format(name=shown))
            continue
        try:
            images[name] = safeio.read_bytes(resolved, "map", _("attachment"))
        except InputError as exc:
            warnings.append(_("attachment {name} skipped: {problem}").format(name=shown, problem=exc.message))
    return images, warnings


def rendered(source: Path, formats: tuple[str, ...], language: str | None = None) -> tuple[dict[str, str], list[str]]:
    """A saved report rendered again, by file name; its attachments are embedded only when they safely lie beside
    it, and the ones that cannot be are left out of the request (it must not promise files that are not there).

    Returns the rendered files and one warning per attachment left out."""
    import dataclasses

    from reportkit.render import FORMATS, render

    source = locate(source)
    report = load(source)
    images, warnings = attachment_images(source, report)
    kept = tuple(a for a in report.evidence.attachments if a.name in images)
    report = dataclasses.replace(report, evidence=dataclasses.replace(report.evidence, attachments=kept))
    if language is not None:  # written in another language: report.json says so too
        report = dataclasses.replace(report, meta=dataclasses.replace(report.meta, language=language))
    return {FORMATS[f]: render(report, f, images) for f in formats}, warnings


def rerender(
    source: Path, formats: tuple[str, ...], outdir: Path | None, force: bool, language: str | None = None
) -> tuple[list[Path], list[str]]:
    """Render a saved report again into `outdir` (default: beside it), in `language` (default: the one it was
    written in); returns the files written and the warnings."""
    source = locate(source)
    files, warnings = rendered(source, formats, language)
    return deliver.write_files(outdir or source.parent, files, force), warnings
