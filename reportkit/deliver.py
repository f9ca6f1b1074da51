"""Deliver the rendered request: atomic writes into the output directory, never clobbering; the zip bundle."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from reportkit.atomic import write_bytes
from reportkit.errors import OutputError


def default_output_dir(now: datetime, base: Path | None = None) -> Path:
    return (base or Path.cwd()) / now.strftime("reportkit-%Y%m%d-%H%M%S")


def preflight(outdir: Path, names: Iterable[str], force: bool) -> None:
    """Fail before any work (and before the interview) if the files could not be written."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"output {outdir} is a file, not a directory; choose another with --output")
    if not force:
        for name in names:
            if (outdir / name).exists():
                raise OutputError(
                    f"{outdir / name} already exists; "
                    "use --force to overwrite it or --output to choose another directory"
                )
    probe = outdir
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to {outdir} ({probe} is not writable); choose another directory with --output")


def write_files(outdir: Path, files: Mapping[str, str | bytes], force: bool) -> list[Path]:
    """Write every file (text as UTF-8) atomically; refuse to overwrite unless `force`."""
    preflight(outdir, files, force)
    written: list[Path] = []
    for name, content in files.items():
        path = outdir / name
        try:
            write_bytes(path, content.encode("utf-8") if isinstance(content, str) else content)
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({exc.strerror}); choose another directory with --output") from None
        written.append(path)
    return written


BUNDLE_SCHEMA = "reportkit-bundle/1"
MANIFEST = "MANIFEST.json"
# content that is already compressed is stored, not deflated again: PNG, JPEG, GIF, WebP, zip, gzip
_COMPRESSED_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")
_DRIVE = re.compile(r"^[A-Za-z]:")


def write_bundle(path: Path, files: Mapping[str, bytes], force: bool = False) -> Path:
    """Write one zip with every file plus MANIFEST.json (name, size, sha256 of each), atomically.

    Names are relative POSIX paths ("attachments/screenshot-01.png"); absolute paths, drive letters, backslashes,
    `..` and `.` parts are refused. An existing `path` is replaced only with `force`.
    """
    import tempfile
    import zipfile
    from datetime import datetime

    from reportkit import __version__

    for name in files:
        _check_bundle_name(name)
    if path.is_dir():
        raise OutputError(f"{path} is a directory; choose a file name for the bundle")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it or --output to choose another directory")
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
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                entries = {MANIFEST: (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
                entries.update(files)
                for name, data in entries.items():
                    info = zipfile.ZipInfo(name, date_time=stamp)
                    info.external_attr = 0o644 << 16
                    info.compress_type = (
                        zipfile.ZIP_STORED if data.startswith(_COMPRESSED_MAGIC) else zipfile.ZIP_DEFLATED
                    )
                    archive.writestr(info, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(
            f"cannot write {path} ({exc.strerror or exc}); choose another directory with --output"
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def _check_bundle_name(name: str) -> None:
    """Refuse names that would escape the archive's root or mean different things on different systems."""
    problem = None
    if not isinstance(name, str) or not name:
        problem = "it is empty"
    elif name == MANIFEST:
        problem = f"{MANIFEST} is written by reportkit itself"
    elif name.startswith("/") or _DRIVE.match(name):
        problem = "it is an absolute path"
    elif "\\" in name:
        problem = "it contains a backslash"
    elif any(ord(c) < 32 or ord(c) == 127 for c in name):
        problem = "it contains a control character"
    elif any(part in ("", ".", "..") for part in name.split("/")):
        problem = "it contains an empty, '.' or '..' part"
    if problem:
        raise OutputError(f"cannot bundle {name!r}: {problem}; bundle names are relative paths like 'a/b.png'")


def copy_to_clipboard(text: str) -> None:
    """Put the rendered request on the clipboard; raises clipboard.ClipboardUnavailable naming what to install."""
    from reportkit import clipboard

    clipboard.copy(text)
