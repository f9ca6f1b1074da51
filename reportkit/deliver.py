"""Deliver the rendered request: atomic writes into the output directory, never clobbering."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from reportkit.atomic import write_text
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


def write_files(outdir: Path, files: Mapping[str, str], force: bool) -> list[Path]:
    """Write every file atomically; refuse to overwrite unless `force`."""
    preflight(outdir, files, force)
    written: list[Path] = []
    for name, text in files.items():
        path = outdir / name
        try:
            write_text(path, text)
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({exc.strerror}); choose another directory with --output") from None
        written.append(path)
    return written
