"""Write a request set as a set: the output folder holds either its previous state or the complete new set.

The files are built in a hidden staging folder on the same file system and moved into place only when every byte is
on disk. A folder that does not exist yet appears in one rename; into an existing folder the files are swapped in
with the old ones kept aside until the last rename succeeded (and put back if one fails). SIGINT, SIGTERM and SIGHUP
are held back while files move, so a signal lands before the swap (nothing changed) or after it (all changed).

One reportkit process at a time writes into a folder: `hold()` takes an exclusive lock beside it. A second run waits
for the first to finish (a few seconds at most), then checks again — so it reports "already exists" instead of
silently replacing the first run's request — or fails with one line if the first is still busy.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from reportkit.errors import OutputError
from reportkit.i18n import _

STAGING_PREFIX = ".reportkit-staging-"
WAIT = 10.0  # seconds a second run waits for the first one to finish writing
_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
_held: dict[Path, tuple[int, Path | None, int]] = {}  # folder -> (lock fd, lock file, depth): re-entrant


def real(outdir: Path) -> Path:
    """The folder itself, whatever the spelling: `o`, `./o/`, a symlink to it and the target are one folder, with
    one lock (so two runs cannot each claim a different name for it)."""
    return Path(os.path.realpath(outdir))


def lock_path(outdir: Path) -> Path:
    """`.reportkit-<hash>.lock` beside the folder: short whatever the folder's name, and not inside what is sent."""
    outdir = real(outdir)
    digest = hashlib.sha256(os.fsencode(outdir.name)).hexdigest()[:16]
    return outdir.parent / f".reportkit-{digest}.lock"


@contextlib.contextmanager
def hold(outdir: Path) -> Iterator[None]:
    """Exclusive use of `outdir` for this process (re-entrant); another process holding it is a clear error."""
    outdir = real(outdir)
    if outdir in _held:
        fd, where, depth = _held[outdir]
        _held[outdir] = (fd, where, depth + 1)
        try:
            yield
        finally:
            fd, where, depth = _held[outdir]
            _held[outdir] = (fd, where, depth - 1)
        return
    try:
        _acquire(outdir)
        yield
    finally:
        with _signals_held():  # a signal here must not leave the lock file behind
            entry = _held.pop(outdir, None)
            if entry is not None:
                _unlock(entry)


def claim(outdir: Path) -> None:
    """Hold `outdir` for the rest of this run (from before the probes until `release`): a second run into the same
    folder fails at its start, instead of both writing and both saying "written". Taking it twice is a no-op."""
    outdir = real(outdir)
    if outdir not in _held:
        _acquire(outdir, wait=0)
        atexit.register(release, outdir)  # Ctrl-C, a signal or cancel in the preview: no lock file left behind


def release(outdir: Path) -> None:
    """Give up a `claim` (the kernel also drops the lock when the process ends)."""
    outdir = real(outdir)
    with _signals_held():
        entry = _held.pop(outdir, None)
        if entry is not None:
            _unlock(entry)


def _unlock(entry: tuple[int, Path | None, int]) -> None:
    fd, where, _owner = entry
    if where is not None:
        with contextlib.suppress(OSError):
            os.unlink(where)  # before unlocking: a waiter that opened it sees a stale inode, retries
    os.close(fd)


def _acquire(outdir: Path, wait: float | None = None) -> None:
    """Take the lock, waiting up to `wait` (default WAIT) seconds: another run's write takes milliseconds, so a
    second run writing the same folder queues."""
    try:
        outdir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_cannot(outdir.parent, exc)) from None
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    while True:
        with _signals_held():  # taken and recorded in one step, so release always finds it
            if _try_lock(outdir):
                return
        if time.monotonic() >= deadline:
            raise OutputError(
                _(
                    "another reportkit run is writing into {path}; wait for it to finish or choose another folder "
                    "with --output"
                ).format(path=outdir)
            )
        time.sleep(0.05)


def _try_lock(outdir: Path) -> bool:
    where: Path | None = lock_path(outdir)
    try:
        fd = os.open(where, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)  # type: ignore[arg-type]
    except OSError as exc:
        if not outdir.is_dir():
            raise OutputError(_cannot(outdir.parent, exc)) from None
        where, fd = None, os.open(outdir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # parent is read-only
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        raise OutputError(_cannot(outdir, exc)) from None
    if where is not None and not _same_file(fd, where):
        os.close(fd)  # the holder removed the lock file as we opened it: take the new one
        return False
    _held[outdir] = (fd, where, 1)
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def write_set(outdir: Path, files: Mapping[str, bytes], force: bool, replaces: Iterable[str] = ()) -> list[Path]:
    """Write every file of the set (names are relative, '/'-separated) or none; refuse to replace unless `force`.

    `replaces`: files of a previous set in the folder that the new set supersedes (with `force`); they go in the
    same swap, so the folder never mixes two requests."""
    outdir = real(outdir)
    with hold(outdir):
        _refuse_existing(outdir, files, force)
        exists = outdir.is_dir()
        _remove_stale_staging(outdir if exists else outdir.parent)
        made: list[Path] = []  # filled while signals are held; a signal lands after it, inside the try
        try:
            with _signals_held():
                made.append(Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outdir if exists else outdir.parent)))
            staging = made[0]
            _stage(staging, files)
            with _signals_held():
                if exists:
                    _swap_in(staging, outdir, files, [r for r in replaces if r not in files] if force else [])
                else:
                    os.chmod(staging, 0o777 & ~_umask())
                    os.rename(staging, outdir)
                    _fsync_dir(outdir.parent)
        except OSError as exc:
            raise OutputError(_cannot(outdir, exc)) from None
        finally:
            with _signals_held():
                for staging in made:
                    shutil.rmtree(staging, ignore_errors=True)
    return [outdir / name for name in files]


def _refuse_existing(outdir: Path, files: Mapping[str, bytes], force: bool) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(
            _("output {path} is a file, not a directory; choose another with --output").format(path=outdir)
        )
    for name in files:
        target = outdir / name
        if target.is_dir() and not target.is_symlink():
            raise OutputError(
                _("{path} is a directory; move it away or choose another folder with --output").format(path=target)
            )
        if not force and (target.exists() or target.is_symlink()):
            raise OutputError(
                _("{path} already exists; use --force to overwrite it or --output to choose another directory").format(
                    path=target
                )
            )


def _stage(staging: Path, files: Mapping[str, bytes]) -> None:
    mode = 0o644 & ~_umask()
    for name, data in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    for folder in {(staging / name).parent for name in files}:
        _fsync_dir(folder)


def _swap_in(staging: Path, outdir: Path, files: Mapping[str, bytes], superseded: Sequence[str] = ()) -> None:
    """Old files (and the superseded ones) aside, new files in; on any failure undo every step, so the folder is as
    it was."""
    aside = staging / ".previous"
    done: list[tuple[Path, Path]] = []  # (from, to) renames, in order
    try:
        for name in [*files, *superseded]:
            target = outdir / name
            if target.exists() or target.is_symlink():
                keep = aside / name
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.rename(target, keep)
                done.append((target, keep))
        for name in files:
            target = outdir / name
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                os.chmod(target.parent, 0o777 & ~_umask())
            os.rename(staging / name, target)
            done.append((staging / name, target))
        for folder in {(outdir / name).parent for name in files}:
            _fsync_dir(folder)
        for folder in {(outdir / name).parent for name in superseded} - {outdir}:
            with contextlib.suppress(OSError):
                folder.rmdir()  # emptied by the swap (attachments/ of a request that had screenshots): gone too
    except BaseException:
        for source, moved in reversed(done):
            with contextlib.suppress(OSError):
                os.rename(moved, source)
        raise


def _remove_stale_staging(folder: Path) -> None:
    """Staging folders left by a run that was killed (-9, power loss): under the lock nobody else is using them."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Defer SIGINT/SIGTERM/SIGHUP (delivered right after) while the file system changes in several steps."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    except (AttributeError, OSError, ValueError):  # not available: the renames are still ordered and undone
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cannot(path: Path, exc: OSError) -> str:
    fields = {"path": path, "reason": exc.strerror or str(exc)}
    if exc.errno == errno.ENOSPC:
        return _(
            "cannot write {path} ({reason}); free some space or choose another folder with --output; nothing was "
            "changed"
        ).format(**fields)
    if exc.errno == errno.ENAMETOOLONG:
        return _("cannot write {path} ({reason}); choose a shorter name with --output").format(**fields)
    return _("cannot write {path} ({reason}); choose another directory with --output").format(**fields)
