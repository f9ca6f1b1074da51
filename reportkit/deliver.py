"""Deliver the rendered request: checks before writing, the set written all or nothing (writeset), the zip bundle."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from reportkit.errors import OutputError
from reportkit.i18n import _


def default_output_dir(now: datetime, base: Path | None = None) -> Path:
    return (base or Path.cwd()) / now.strftime("reportkit-%Y%m%d-%H%M%S")


STDOUT = Path("-")  # `-o -`: the request goes to standard output, no folder is written
_NAME_MAX = 255  # bytes per path component on Linux, macOS and Windows file systems


def resolve(outdir: Path) -> Path:
    """An absolute, normalised folder (`.`, `..`, `a/../b` resolved lexically), so it always has a name and a parent."""
    return Path(os.path.abspath(outdir))


def preflight(outdir: Path, names: Iterable[str], force: bool, private: Path | None = None) -> None:
    """Fail before any work (and before the interview) if the files could not be written.

    `private` is the anonymisation map: it must stay outside the folder that is sent."""
    try:
        _preflight(outdir, names, force, private)
    except OSError as exc:  # ENAMETOOLONG, ELOOP, EACCES while looking: one line, not a traceback
        raise OutputError(
            _("cannot use {path} ({reason}); choose another folder with --output").format(
                path=outdir, reason=exc.strerror or exc
            )
        ) from None


def _preflight(outdir: Path, names: Iterable[str], force: bool, private: Path | None) -> None:
    outdir = resolve(outdir)
    if outdir == outdir.parent:
        raise OutputError(_("cannot write a request into {path}; choose a folder with --output").format(path=outdir))
    for part in outdir.parts[1:]:
        if len(os.fsencode(part)) > _NAME_MAX:
            raise OutputError(
                _(
                    "the output folder name {name}… is {size} bytes, longer than the {limit} a file system allows; "
                    "choose a shorter one with --output"
                ).format(name=part[:40], size=len(os.fsencode(part)), limit=_NAME_MAX)
            )
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(
            _("output {path} is a file, not a directory; choose another with --output").format(path=outdir)
        )
    names = list(names)
    if not force:
        for name in names:
            if (outdir / name).exists():
                raise OutputError(already_exists(outdir / name))
    if private is not None:
        refuse_inside(private, outdir)
        if private.exists() and not private.is_file():  # read later, after the interview: refuse it now
            raise OutputError(
                _(
                    "the anonymisation map {path} is not a regular file; give a map written by reportkit "
                    "--anonymize, or another path with --anonymize-map"
                ).format(path=private)
            )
    probe = outdir
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(
            _("cannot write to {path} ({parent} is not writable); choose another directory with --output").format(
                path=outdir, parent=probe
            )
        )


def already_exists(path: Path) -> str:
    return _("{path} already exists; use --force to overwrite it or --output to choose another directory").format(
        path=path
    )


def refuse_inside(private: Path, outdir: Path) -> None:
    """The anonymisation map undoes the anonymisation: it never goes into the folder (or bundle) that is sent."""
    where, folder = Path(os.path.realpath(private)), Path(os.path.realpath(outdir))
    if where == folder or folder in where.parents:
        raise OutputError(
            _(
                "the private anonymisation map {path} would be inside the output folder {folder}, which is sent; "
                "choose a place outside it with --anonymize-map or another folder with --output"
            ).format(path=private, folder=outdir)
        )


def write_files(
    outdir: Path, files: Mapping[str, str | bytes], force: bool, replaces: Iterable[str] = ()
) -> list[Path]:
    """Write the set (text as UTF-8) all or nothing, one run at a time; refuse to overwrite unless `force`, and then
    take away the `replaces` files of the previous set in the same step."""
    from reportkit import writeset

    preflight(outdir, files, force)
    data = {name: content.encode("utf-8") if isinstance(content, str) else content for name, content in files.items()}
    return writeset.write_set(resolve(outdir), data, force, replaces)


def previous_set(outdir: Path) -> list[str]:
    """The files an earlier reportkit request left in `outdir`: the request files, its attachments, its bundles."""
    from reportkit import formats
    from reportkit.collectors.evidence import ATTACHMENT_NAMES

    outdir = resolve(outdir)
    if not outdir.is_dir():
        return []
    found = [name for name in formats.FILES.values() if (outdir / name).is_file()]
    found += sorted(p.name for p in outdir.glob("reportkit-*.zip") if _BUNDLE.fullmatch(p.name) and p.is_file())
    attachments = outdir / "attachments"
    if attachments.is_dir() and not attachments.is_symlink():  # only the names reportkit gives; a user's own stay
        found += sorted(f"attachments/{p.name}" for p in attachments.iterdir() if ATTACHMENT_NAMES.fullmatch(p.name))
    return found


BUNDLE_SCHEMA = "reportkit-bundle/1"
MANIFEST = "MANIFEST.json"
# content that is already compressed is stored, not deflated again: PNG, JPEG, GIF, WebP, zip, gzip
_COMPRESSED_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")
_DRIVE = re.compile(r"^[A-Za-z]:")
_BUNDLE = re.compile(r"reportkit-\d{8}-\d{6}\.zip")


def write_bundle(path: Path, files: Mapping[str, bytes], force: bool = False) -> Path:
    """Write one zip with every file plus MANIFEST.json (name, size, sha256 of each), atomically.

    An existing `path` is replaced only with `force`.
    """
    from reportkit.atomic import write_bytes

    data = bundle_bytes(files)
    if path.is_dir():
        raise OutputError(_("{path} is a directory; choose a file name for the bundle").format(path=path))
    if path.exists() and not force:
        raise OutputError(already_exists(path))
    try:
        write_bytes(path, data)
    except OSError as exc:
        raise OutputError(
            _("cannot write {path} ({reason}); choose another directory with --output").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    return path


def bundle_bytes(files: Mapping[str, bytes]) -> bytes:
    """The zip: every file plus MANIFEST.json (name, size, sha256 of each).

    Names are relative POSIX paths ("attachments/screenshot-01.png"); absolute paths, drive letters, backslashes,
    `..` and `.` parts are refused.
    """
    import io
    import zipfile

    from reportkit import __version__

    for name in files:
        _check_bundle_name(name)
    manifest = {
        "schema": BUNDLE_SCHEMA,
        "created_by": f"reportkit {__version__}",
        "files": [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
        ],
    }
    stamp = datetime.now().timetuple()[:6]
    if stamp[0] < 1980:  # the zip format starts in 1980
        stamp = (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = {MANIFEST: (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
        entries.update(files)
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if data.startswith(_COMPRESSED_MAGIC) else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _check_bundle_name(name: str) -> None:
    """Refuse names that would escape the archive's root or mean different things on different systems."""
    problem = None
    if not isinstance(name, str) or not name:
        problem = _("it is empty")
    elif name == MANIFEST:
        problem = _("{manifest} is written by reportkit itself").format(manifest=MANIFEST)
    elif name.startswith("/") or _DRIVE.match(name):
        problem = _("it is an absolute path")
    elif "\\" in name:
        problem = _("it contains a backslash")
    elif any(ord(c) < 32 or ord(c) == 127 for c in name):
        problem = _("it contains a control character")
    elif any(part in ("", ".", "..") for part in name.split("/")):
        problem = _("it contains an empty, '.' or '..' part")
    if problem:
        raise OutputError(
            _("cannot bundle {name}: {problem}; bundle names are relative paths like 'a/b.png'").format(
                name=repr(name), problem=problem
            )
        )
