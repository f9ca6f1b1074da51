"""Evidence: error text (typed, file, stdin, clipboard) kept verbatim and capped; screenshots normalised.

Screenshots (files or a screen capture) are validated by content, oriented, stripped of every piece of metadata,
downscaled and stored as PNG (screenshots) or JPEG (photos). Pillow is imported only inside functions.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import math
import os
import re
import stat
import struct
import sys
import time
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from reportkit.errors import InputError, one_line
from reportkit.i18n import _
from reportkit.messages import Num, Said, make
from reportkit.model import Attachment, ErrorText

# the names an attachment gets here (load_screenshot, capture_screen): --force supersedes exactly these
ATTACHMENT_NAMES = re.compile(r"(?:screenshot|photo)-\d{2,}\.(?:png|jpg)")

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

MAX_ERROR_BYTES = 1024 * 1024  # 1 MiB per error block
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# What the report keeps about evidence (ErrorText.note, run warnings): messages, worded when shown (catalog context
# "evidence.<key>"). `{label}` names the image ("screenshot 'x.png'", "screen capture"); `{problem}` is a whole
# sentence about it, which "skipped" closes. Pixel counts are data, written with their digit groups ("90,000,000").
MESSAGES: dict[str, str] = {
    # error text
    "binary": "binary data: decoded as UTF-8 with replacement characters (\ufffd)",
    "not_utf8": "not valid UTF-8: undecodable bytes shown as \ufffd",
    "truncated": "truncated: kept the first {kept} of {total}",
    "truncated_at_least": "truncated: kept the first {kept} of at least {total}",
    "both": "{first}; {second}",  # two notes about one error text
    "from_source": "{source}: {note}",  # a note as a run warning: where the text came from, then the note
    "size_mib": "{size} MiB",
    "size_kib": "{size} KiB",
    "size_b": "{size} B",
    # the clipboard
    "clipboard_unavailable": "--error-from-clipboard: {reason}",
    "clipboard_empty": "--error-from-clipboard: the clipboard holds no text; copy the error message first",
    # screenshots
    "skipped": "{problem}; skipped",
    "label_screenshot": "screenshot {path}",
    "label_capture": "screen capture",
    "no_name": "screenshot '': no file name given (before '::')",
    "no_display": "no display for --capture: set DISPLAY or give --screenshot PATH",
    "no_display_reason": "no display for --capture: set DISPLAY or give --screenshot PATH ({reason})",
    "capture_too_large": "screen capture: {width}×{height} pixels is too large",
    "missing": "{label}: does not exist (check the path)",
    "unreadable": "{label}: cannot be read ({reason})",
    "directory": "{label}: is a directory, not an image",
    "vanished": "{label}: vanished before it could be read",
    "not_regular": "{label}: is not a regular file",
    "too_big": "{label}: is {size}, over the {limit} limit",
    "grew": "{label}: is over the {limit} limit",
    "empty": "{label}: is empty",
    "unsupported_format": "{label}: {format} images are not supported (use PNG, JPEG, WebP, BMP or GIF)",
    "not_an_image": "{label}: not an image (unrecognised content)",
    "damaged": "{label}: damaged or truncated {format} file",
    "damaged_image": "{label}: damaged or truncated image file",
    "bomb": "{label}: {pixels} pixels is over the limit of {limit} (possibly a decompression bomb)",
    "bomb_image": "{label}: the image is over the limit of {limit} (possibly a decompression bomb)",
    "bomb_limit": "{label}: over the limit of {limit} pixels (possibly a decompression bomb)",
    "no_pixels": "{label}: has no pixels ({width}×{height})",
    "cannot_convert": "{label}: cannot be converted ({reason})",
}


def _say(key: str, **fields: object) -> Said:
    return make(f"evidence.{key}", MESSAGES[key], **fields)


def _size(n: int) -> Said:
    """A size as a message: "1.0 MiB", "3.2 KiB", "12 B" (the number in the language's digits)."""
    if n >= 1024 * 1024:
        return _say("size_mib", size=Num(n / 1024 / 1024, 1))
    if n >= 1024:
        return _say("size_kib", size=Num(n / 1024, 1))
    return _say("size_b", size=Num(n, 0))


def from_bytes(
    data: bytes, source: str, total: int | None = None, at_least: bool = False
) -> tuple[ErrorText, list[str]]:
    """Decode an error text; binary or non-UTF-8 input is decoded with replacement, and said so.

    `total` is the size of the whole input when `data` is only its head (`at_least`: it was not read to the end).
    """
    warnings: list[str] = []
    note: Said | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        text = _CONTROL.sub("\ufffd", data.decode("utf-8", errors="replace"))
        note = _say("binary")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if total and total > len(data) and exc.start >= len(data) - 3:  # a character cut by the cap
                return from_bytes(data[: exc.start], source, total, at_least)
            text = data.decode("utf-8", errors="replace")
            note = _say("not_utf8")
    if note:
        warnings.append(_say("from_source", source=source, note=note))
    error = from_text(text, source, total, at_least)
    if note:
        error = ErrorText(
            error.text,
            error.source,
            error.truncated,
            error.original_bytes,
            _say("both", first=note, second=error.note) if error.note else note,
        )
    return error, warnings


def from_text(text: str, source: str = "typed", total: int | None = None, at_least: bool = False) -> ErrorText:
    """Normalise line endings and cap the size with a visible note."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    encoded = text.encode("utf-8")
    size = max(total or 0, len(encoded))
    if size <= MAX_ERROR_BYTES:
        return ErrorText(text=text, source=source)
    kept = encoded[:MAX_ERROR_BYTES].decode("utf-8", errors="ignore")
    note = _say("truncated_at_least" if at_least else "truncated", kept=_size(MAX_ERROR_BYTES), total=_size(size))
    marker = f"\n[… {note} by reportkit]"  # in the text itself: data, as English as the text was when cut
    return ErrorText(text=kept + marker, source=source, truncated=True, original_bytes=size, note=note)


def read_error_file(path: str, stdin: BinaryIO | None = None) -> tuple[ErrorText, list[str]]:
    """Read --error-file PATH ('-' = stdin). Regular files only (a FIFO or device is refused at once, never read);
    unreadable files are an InputError naming the file. Only the head (the cap) is read; the size comes from fstat."""
    from reportkit import safeio

    if path == "-":
        if stdin is None or safeio.is_absent(stdin):
            raise InputError(
                _("--error-file -: there is no standard input to read from; pipe the text in or give a file")
            )
        try:
            head, total = _read_capped(stdin)
        except (OSError, ValueError) as exc:
            raise InputError(
                _("--error-file -: standard input cannot be read ({reason}); pipe the text in or give a file").format(
                    reason=exc
                )
            ) from None
        if _blank(head):
            raise InputError(
                _("--error-file -: standard input is empty; pipe the error text in, e.g. `command 2>&1 | reportkit …`")
                if not head
                else _(
                    "--error-file -: standard input holds only white space; pipe the error text in, e.g. "
                    "`command 2>&1 | reportkit …`"
                )
            )
        return from_bytes(head, "stdin", total, at_least=total >= STDIN_COUNT_LIMIT)
    if os.path.isdir(path):
        raise InputError(
            _("--error-file {path} is a directory; give the file that holds the error text").format(path=repr(path))
        )
    try:
        handle, size = safeio.open_regular(path, "--error-file")
    except safeio.PermissionDenied:  # the wording this message always had
        raise InputError(
            _("--error-file {path} cannot be read ({reason}); check its permissions").format(
                path=repr(path), reason=os.strerror(errno.EACCES)
            )
        ) from None
    try:
        with handle:
            head = handle.read(MAX_ERROR_BYTES + 4)
    except OSError as exc:
        raise InputError(
            _("--error-file {path} cannot be read ({reason}); check its permissions").format(
                path=repr(path), reason=exc.strerror
            )
        ) from None
    if _blank(head):
        raise InputError(
            _("--error-file {path} is empty; give the file that holds the error text, or use --error TEXT").format(
                path=repr(path)
            )
            if not head
            else _(
                "--error-file {path} holds only white space; give the file that holds the error text, or use "
                "--error TEXT"
            ).format(path=repr(path))
        )
    name = _text(path.replace("\\", "/").rsplit("/", 1)[-1])
    return from_bytes(head, f"file:{name}", max(size, len(head)))


def _text(name: str) -> str:
    """A file name as text for the report: bytes that did not decode (kept to open the file) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _blank(head: bytes) -> bool:
    """An empty (or whitespace-only) error text is a wrong file or a forgotten pipe, never an "exact error"."""
    return not head.strip(b" \t\r\n\x0b\x0c") or head in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


# standard input is counted past the cap only this far: /dev/zero or `yes` piped in must not read forever
STDIN_COUNT_LIMIT = 64 * MAX_ERROR_BYTES


def _read_capped(handle: BinaryIO) -> tuple[bytes, int]:
    """Keep at most the cap (plus a few bytes to finish a character); count the rest without storing it, up to
    STDIN_COUNT_LIMIT (an endless stream then counts as that much: the note says "at least")."""
    head = handle.read(MAX_ERROR_BYTES + 4)
    total = len(head)
    while total < STDIN_COUNT_LIMIT and (chunk := handle.read(min(1 << 20, STDIN_COUNT_LIMIT - total))):
        total += len(chunk)
    return head, total


# --- the clipboard as an error block --------------------------------------------------------------------------------


class EvidenceWarning(Exception):
    """A piece of evidence that could not be used; `message` is one line naming the file and the problem (a message
    the report keeps as a run warning), `problem` the same without the closing "skipped"."""

    def __init__(self, problem: str, skipped: bool = True) -> None:
        self.problem: str = problem if isinstance(problem, Said) else one_line(problem)
        self.message: str = _say("skipped", problem=self.problem) if skipped else self.problem
        super().__init__(self.message)


def read_clipboard_error() -> ErrorText:
    """The clipboard's text as an error block (source "clipboard"), capped like any other error text."""
    from reportkit.clipboard import ClipboardUnavailable, paste

    try:
        text = paste()
    except ClipboardUnavailable as exc:
        raise EvidenceWarning(_say("clipboard_unavailable", reason=exc.message), skipped=False) from None
    if not text.strip():
        raise EvidenceWarning(_say("clipboard_empty"), skipped=False)
    return from_text(text, "clipboard")


# --- screenshots: files or a screen capture, normalised -------------------------------------------------------------

MAX_SIDE = 1920  # long side of a stored image, in pixels
MAX_PIXELS = 90_000_000  # more than this is refused as a possible decompression bomb
MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are not read at all
JPEG_QUALITY = 85
NO_DISPLAY = MESSAGES["no_display"]
# formats read by content (never by extension); HEIF and AVIF only when this Pillow can read them
_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "HEIF", "AVIF")
_PHOTO_MIN_COLOURS = 4096  # distinct colours in the ≤256 px sample above which an image may be a photo
_PHOTO_MAX_TOP16 = 0.5  # … unless its 16 commonest colours cover this share of it (flat UI areas: a screenshot)


@dataclass(frozen=True)
class Image:
    """A normalised image: its attachment record and the stored (metadata-free) bytes."""

    attachment: Attachment
    data: bytes


def parse_screenshot_arg(arg: str) -> tuple[str, str | None]:
    """`PATH::caption` → (PATH, caption); without `::` → (arg, None). A drive colon (C:\\x.png) is not a separator."""
    path, sep, caption = arg.partition("::")
    if not sep:
        return arg, None
    return path, (_text(caption).strip() or None)


def load_screenshot(path: str, caption: str | None = None, index: int = 1) -> Image:
    """Read an image file (never modified) and normalise it; any problem is an EvidenceWarning naming the file."""
    label = _say("label_screenshot", path=repr(path))
    if not path:
        raise EvidenceWarning(_say("no_name"))
    raw = _read_file(path, label)
    return normalise(raw, label, caption, index)


def screenshot_problem(path: str) -> str | None:
    """Why `path` cannot be a screenshot, as the warning would say it ("'x.png': not an image …"), or None. Cheap —
    the file's checks, its header, the pixel count and Pillow's verify, no decoding — so the interview asks again
    at once; the full check still runs when the request is built."""
    from PIL import Image as pil
    from PIL import UnidentifiedImageError

    label = repr(path)
    raw, fmt = b"", "image"
    try:
        raw = _read_file(path, label)
        _register_optional_formats()
        pil.preinit()
        if not all(f in pil.OPEN for f in ("PNG", "JPEG", "WEBP")):
            pil.init()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pil.open(io.BytesIO(raw), formats=[f for f in _FORMATS if f in pil.OPEN]) as probe:
                fmt = probe.format or fmt
                _check_pixels(probe.width, probe.height, label)
                probe.verify()
    except EvidenceWarning as exc:
        return exc.problem
    except UnidentifiedImageError:
        return _not_an_image(raw, label)
    except pil.DecompressionBombError:
        return _say("bomb_limit", label=label, limit=f"{MAX_PIXELS:,}")
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, MemoryError, TypeError):
        return _damaged(label, fmt)
    return None


def capture_screen(delay: float = 0.0, caption: str | None = None, index: int = 1) -> Image:
    """Grab the whole screen after `delay` seconds and store it as a screenshot (PNG)."""
    if _unix_without_display():
        raise EvidenceWarning(_say("no_display"), skipped=False)
    if delay > 0:
        time.sleep(delay)
    try:
        from PIL import ImageGrab

        grabbed = ImageGrab.grab()
        grabbed.load()
    except Exception as exc:  # OSError without an X server, and whatever else the platform backend raises
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise EvidenceWarning(_say("no_display_reason", reason=reason), skipped=False) from None
    if grabbed.width * grabbed.height > MAX_PIXELS:
        raise EvidenceWarning(_say("capture_too_large", width=grabbed.width, height=grabbed.height))
    return _store(grabbed, _say("label_capture"), caption, index, photo=False)


def normalise(raw: bytes, label: str, caption: str | None, index: int) -> Image:
    """Validate the bytes as an image, orient it, drop all metadata, downscale, store as PNG or JPEG.

    `label` names the source in warnings ("screenshot 'x.png'"); PNG for screenshots and anything with
    transparency, JPEG for photos, decided by content.
    """
    image = _decode(raw, label)
    try:
        return _store(image, label, caption, index, photo=None)
    except EvidenceWarning:
        raise
    except (OSError, ValueError, MemoryError) as exc:
        raise EvidenceWarning(_say("cannot_convert", label=label, reason=_reason(exc))) from None


def _unix_without_display() -> bool:
    return sys.platform not in ("win32", "darwin", "cygwin") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _read_file(path: str, label: str) -> bytes:
    """The whole file, read once; a directory, a special file, a vanished or unreadable file is a warning."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise EvidenceWarning(_say("missing", label=label)) from None
    except OSError as exc:
        raise EvidenceWarning(_say("unreadable", label=label, reason=exc.strerror or _reason(exc))) from None
    if stat.S_ISDIR(st.st_mode):
        raise EvidenceWarning(_say("directory", label=label))
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO swapped in after stat() must not hang us
    except FileNotFoundError:
        raise EvidenceWarning(_say("vanished", label=label)) from None
    except IsADirectoryError:
        raise EvidenceWarning(_say("directory", label=label)) from None
    except OSError as exc:
        raise EvidenceWarning(_say("unreadable", label=label, reason=exc.strerror or _reason(exc))) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise EvidenceWarning(_say("directory", label=label))
        if not stat.S_ISREG(st.st_mode):
            raise EvidenceWarning(_say("not_regular", label=label))
        if st.st_size > MAX_FILE_BYTES:
            raise EvidenceWarning(_say("too_big", label=label, size=_size(st.st_size), limit=_size(MAX_FILE_BYTES)))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise EvidenceWarning(_say("unreadable", label=label, reason=exc.strerror or _reason(exc))) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # grew while we read it
        raise EvidenceWarning(_say("grew", label=label, limit=_size(MAX_FILE_BYTES)))
    if not raw:
        raise EvidenceWarning(_say("empty", label=label))
    return raw


def _decode(raw: bytes, label: str) -> PILImage:
    """Open by content, verify, reopen and load; bombs, damage and non-images become warnings."""
    from PIL import Image as pil
    from PIL import UnidentifiedImageError

    _register_optional_formats()
    pil.preinit()  # plugins register lazily: in a fresh process pil.OPEN starts nearly empty
    if not all(f in pil.OPEN for f in ("PNG", "JPEG", "WEBP")):
        pil.init()
    formats = [f for f in _FORMATS if f in pil.OPEN]
    pil.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above this and refuses above twice this; we refuse both
    fmt = "image"
    with warnings.catch_warnings():
        warnings.simplefilter("error", pil.DecompressionBombWarning)
        try:
            with pil.open(io.BytesIO(raw), formats=formats) as probe:
                fmt = probe.format or fmt
                _check_pixels(probe.width, probe.height, label)
                probe.verify()
            image = pil.open(io.BytesIO(raw), formats=formats)
            if image.format == "JPEG" and max(image.size) > MAX_SIDE:  # decode big photos at 1/2, 1/4, 1/8 scale
                scale = MAX_SIDE / max(image.size)
                image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.load()  # GIF, WebP: the first frame
        except (pil.DecompressionBombError, pil.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            limit = f"{MAX_PIXELS:,}"
            raise EvidenceWarning(
                _say("bomb", label=label, pixels=f"{int(found.group(1)):,}", limit=limit)
                if found
                else _say("bomb_image", label=label, limit=limit)
            ) from None
        except UnidentifiedImageError:
            raise EvidenceWarning(_not_an_image(raw, label)) from None
        except EvidenceWarning:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, MemoryError, TypeError):
            raise EvidenceWarning(_damaged(label, fmt)) from None
    return image


def _check_pixels(width: int, height: int, label: str) -> None:
    if width * height > MAX_PIXELS:
        raise EvidenceWarning(_say("bomb", label=label, pixels=f"{width * height:,}", limit=f"{MAX_PIXELS:,}"))
    if width < 1 or height < 1:
        raise EvidenceWarning(_say("no_pixels", label=label, width=width, height=height))


def _damaged(label: str, fmt: str) -> Said:
    return _say("damaged_image", label=label) if fmt == "image" else _say("damaged", label=label, format=fmt)


def _not_an_image(raw: bytes, label: str) -> Said:
    """Why Pillow could not open it: another image format we do not take, or no image at all."""
    from PIL import Image as pil

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pil.open(io.BytesIO(raw)) as other:
                other_format = other.format
    except Exception:
        other_format = None
    if other_format:
        return _say("unsupported_format", label=label, format=other_format)
    return _say("not_an_image", label=label)


def _register_optional_formats() -> None:
    """HEIC/HEIF photos (iPhone) when the pillow-heif plugin is installed; nothing otherwise."""
    global _optional_registered
    if _optional_registered:
        return
    _optional_registered = True
    try:
        from pillow_heif import register_heif_opener  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    with contextlib.suppress(Exception):
        register_heif_opener()


_optional_registered = False


def _store(image: PILImage, label: str, caption: str | None, index: int, photo: bool | None) -> Image:
    """Orient, flatten to fresh pixels (no metadata survives), downscale, encode; `photo=None` decides by content."""
    from PIL import Image as pil
    from PIL import ImageOps

    try:
        oriented = ImageOps.exif_transpose(image)
    except Exception:  # a malformed EXIF block: keep the pixels as they are
        oriented = image
    pixels = _plain_mode(oriented)
    if max(pixels.size) > MAX_SIDE:
        scale = MAX_SIDE / max(pixels.size)
        size = (max(1, round(pixels.width * scale)), max(1, round(pixels.height * scale)))
        pixels = pixels.resize(size, pil.Resampling.LANCZOS, reducing_gap=3.0)
    # a brand-new image from the raw pixel data: no info, EXIF, XMP, ICC profile, comment or text chunk can follow
    clean = pil.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    if photo is None:
        photo = "A" not in clean.mode and _looks_like_photo(clean)
    out = io.BytesIO()
    if photo:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        name, media_type = f"photo-{index:02d}.jpg", "image/jpeg"
    else:
        if clean.mode == "RGB" and clean.getcolors(256) is None:
            # Many colours in a screenshot come from anti-aliasing and downscaling: a 256-colour palette keeps text
            # readable and makes the PNG about 4x smaller (the bundle budget). Flat images stay lossless.
            clean = clean.quantize(256, method=pil.Quantize.FASTOCTREE, dither=pil.Dither.NONE)
        clean.save(out, "PNG", compress_level=6)
        name, media_type = f"screenshot-{index:02d}.png", "image/png"
    data = out.getvalue()
    attachment = Attachment(
        name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), media_type=media_type, caption=caption
    )
    return Image(attachment=attachment, data=data)


def _plain_mode(image: PILImage) -> PILImage:
    """L, RGB or RGBA (LA for grey with transparency); alpha only when some pixel is not opaque."""
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):  # 16-bit / float grey: scale to 8 bits
        extrema = image.getextrema()
        low, high = (float(extrema[0]), float(extrema[1])) if isinstance(extrema[0], int | float) else (0.0, 255.0)
        span = (high - low) or 1.0
        image = image.convert("F").point(lambda v: (v - low) * 255.0 / span).convert("L")
        mode = "L"
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    grey = mode in ("1", "L", "LA", "La") or (mode == "P" and _grey_palette(image))
    target = ("LA" if grey else "RGBA") if has_alpha else ("L" if grey else "RGB")
    if mode != target:
        image = image.convert(target)
    if has_alpha and image.getchannel("A").getextrema() == (255, 255):  # alpha present but unused
        image = image.convert(target[:-1])
    return image


def _grey_palette(image: PILImage) -> bool:
    palette = image.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette) - 2, 3))


def _looks_like_photo(image: PILImage) -> bool:
    """Photos have many colours spread evenly; screenshots a few flat colours covering most of the area."""
    from PIL import Image as pil

    sample = image.convert("RGB")
    if max(sample.size) > 256:  # nearest neighbour keeps real colours (a smoothing filter would invent new ones)
        scale = 256 / max(sample.size)
        sample = sample.resize(
            (max(1, round(sample.width * scale)), max(1, round(sample.height * scale))), pil.Resampling.NEAREST
        )
    total = sample.width * sample.height
    colours = sample.getcolors(maxcolors=total) or []
    if len(colours) < _PHOTO_MIN_COLOURS:
        return False
    top16 = sum(sorted((count for count, _colour in colours), reverse=True)[:16])
    return bool(top16 / total < _PHOTO_MAX_TOP16)
