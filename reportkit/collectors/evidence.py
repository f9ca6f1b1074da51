"""Evidence: error text (typed, file, stdin, clipboard) kept verbatim and capped; screenshots normalised.

Screenshots (files or a screen capture) are validated by content, oriented, stripped of every piece of metadata,
downscaled and stored as PNG (screenshots) or JPEG (photos). Pillow is imported only inside functions.
"""

from __future__ import annotations

import contextlib
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
from reportkit.model import Attachment, ErrorText

# the names an attachment gets here (load_screenshot, capture_screen): --force supersedes exactly these
ATTACHMENT_NAMES = re.compile(r"(?:screenshot|photo)-\d{2,}\.(?:png|jpg)")

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

MAX_ERROR_BYTES = 1024 * 1024  # 1 MiB per error block
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def from_bytes(
    data: bytes, source: str, total: int | None = None, at_least: bool = False
) -> tuple[ErrorText, list[str]]:
    """Decode an error text; binary or non-UTF-8 input is decoded with replacement, and said so.

    `total` is the size of the whole input when `data` is only its head (`at_least`: it was not read to the end).
    """
    warnings: list[str] = []
    note: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        text = _CONTROL.sub("\ufffd", data.decode("utf-8", errors="replace"))
        note = "binary data: decoded as UTF-8 with replacement characters (\ufffd)"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if total and total > len(data) and exc.start >= len(data) - 3:  # a character cut by the cap
                return from_bytes(data[: exc.start], source, total, at_least)
            text = data.decode("utf-8", errors="replace")
            note = "not valid UTF-8: undecodable bytes shown as \ufffd"
    if note:
        warnings.append(f"{source}: {note}")
    error = from_text(text, source, total, at_least)
    if note:
        error = ErrorText(
            error.text,
            error.source,
            error.truncated,
            error.original_bytes,
            "; ".join(n for n in (note, error.note) if n),
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
    note = f"truncated: kept the first {_size(MAX_ERROR_BYTES)} of {'at least ' if at_least else ''}{_size(size)}"
    marker = f"\n[… {note} by reportkit]"
    return ErrorText(text=kept + marker, source=source, truncated=True, original_bytes=size, note=note)


def read_error_file(path: str, stdin: BinaryIO | None = None) -> tuple[ErrorText, list[str]]:
    """Read --error-file PATH ('-' = stdin). Regular files only (a FIFO or device is refused at once, never read);
    unreadable files are an InputError naming the file. Only the head (the cap) is read; the size comes from fstat."""
    from reportkit import safeio

    what = "--error-file"
    if path == "-":
        if stdin is None or safeio.is_absent(stdin):
            raise InputError(f"{what} -: there is no standard input to read from; pipe the text in or give a file")
        try:
            head, total = _read_capped(stdin)
        except (OSError, ValueError) as exc:
            raise InputError(
                f"{what} -: standard input cannot be read ({exc}); pipe the text in or give a file"
            ) from None
        _refuse_empty(head, f"{what} -: standard input", "pipe the error text in, e.g. `command 2>&1 | reportkit …`")
        return from_bytes(head, "stdin", total, at_least=total >= STDIN_COUNT_LIMIT)
    if os.path.isdir(path):
        raise InputError(f"{what} {path!r} is a directory; give the file that holds the error text")
    try:
        handle, size = safeio.open_regular(path, what)
    except InputError as exc:
        if "(permission denied)" in exc.message:  # the wording this message always had
            raise InputError(f"{what} {path!r} cannot be read (Permission denied); check its permissions") from None
        raise
    try:
        with handle:
            head = handle.read(MAX_ERROR_BYTES + 4)
    except OSError as exc:
        raise InputError(f"{what} {path!r} cannot be read ({exc.strerror}); check its permissions") from None
    _refuse_empty(head, f"{what} {path!r}", "give the file that holds the error text, or use --error TEXT")
    name = _text(path.replace("\\", "/").rsplit("/", 1)[-1])
    return from_bytes(head, f"file:{name}", max(size, len(head)))


def _text(name: str) -> str:
    """A file name as text for the report: bytes that did not decode (kept to open the file) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refuse_empty(head: bytes, what: str, fix: str) -> None:
    """An empty (or whitespace-only) error text is a wrong file or a forgotten pipe, never an "exact error"."""
    if not head.strip(b" \t\r\n\x0b\x0c") or head in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"):
        shown = "is empty" if not head else "holds only white space"
        raise InputError(f"{what} {shown}; {fix}")


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
    """A piece of evidence that could not be used; `message` is one line naming the file and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = one_line(message)


def read_clipboard_error() -> ErrorText:
    """The clipboard's text as an error block (source "clipboard"), capped like any other error text."""
    from reportkit.clipboard import ClipboardUnavailable, paste

    try:
        text = paste()
    except ClipboardUnavailable as exc:
        raise EvidenceWarning(f"--error-from-clipboard: {exc.message}") from None
    if not text.strip():
        raise EvidenceWarning("--error-from-clipboard: the clipboard holds no text; copy the error message first")
    return from_text(text, "clipboard")


# --- screenshots: files or a screen capture, normalised -------------------------------------------------------------

MAX_SIDE = 1920  # long side of a stored image, in pixels
MAX_PIXELS = 90_000_000  # more than this is refused as a possible decompression bomb
MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are not read at all
JPEG_QUALITY = 85
NO_DISPLAY = "no display for --capture: set DISPLAY or give --screenshot PATH"
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
    label = f"screenshot {path!r}"
    if not path:
        raise EvidenceWarning("screenshot '': no file name given (before '::'); skipped")
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
        return exc.message.removesuffix("; skipped")
    except UnidentifiedImageError:
        return f"{label}: {_not_an_image(raw)}"
    except pil.DecompressionBombError:
        return f"{label}: over the limit of {MAX_PIXELS:,} pixels (possibly a decompression bomb)"
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, MemoryError, TypeError):
        return f"{label}: damaged or truncated {fmt} file"
    return None


def capture_screen(delay: float = 0.0, caption: str | None = None, index: int = 1) -> Image:
    """Grab the whole screen after `delay` seconds and store it as a screenshot (PNG)."""
    if _unix_without_display():
        raise EvidenceWarning(NO_DISPLAY)
    if delay > 0:
        time.sleep(delay)
    try:
        from PIL import ImageGrab

        grabbed = ImageGrab.grab()
        grabbed.load()
    except Exception as exc:  # OSError without an X server, and whatever else the platform backend raises
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise EvidenceWarning(f"{NO_DISPLAY} ({reason})") from None
    if grabbed.width * grabbed.height > MAX_PIXELS:
        raise EvidenceWarning(f"screen capture: {grabbed.width}×{grabbed.height} pixels is too large; skipped")
    return _store(grabbed, "screen capture", caption, index, photo=False)


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
        raise EvidenceWarning(f"{label}: cannot be converted ({_reason(exc)}); skipped") from None


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
        raise EvidenceWarning(f"{label}: does not exist (check the path); skipped") from None
    except OSError as exc:
        raise EvidenceWarning(f"{label}: cannot be read ({exc.strerror or _reason(exc)}); skipped") from None
    if stat.S_ISDIR(st.st_mode):
        raise EvidenceWarning(f"{label}: is a directory, not an image; skipped")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO swapped in after stat() must not hang us
    except FileNotFoundError:
        raise EvidenceWarning(f"{label}: vanished before it could be read; skipped") from None
    except IsADirectoryError:
        raise EvidenceWarning(f"{label}: is a directory, not an image; skipped") from None
    except OSError as exc:
        raise EvidenceWarning(f"{label}: cannot be read ({exc.strerror or _reason(exc)}); skipped") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise EvidenceWarning(f"{label}: is a directory, not an image; skipped")
        if not stat.S_ISREG(st.st_mode):
            raise EvidenceWarning(f"{label}: is not a regular file; skipped")
        if st.st_size > MAX_FILE_BYTES:
            raise EvidenceWarning(f"{label}: is {_size(st.st_size)}, over the {_size(MAX_FILE_BYTES)} limit; skipped")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise EvidenceWarning(f"{label}: cannot be read ({exc.strerror or _reason(exc)}); skipped") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # grew while we read it
        raise EvidenceWarning(f"{label}: is over the {_size(MAX_FILE_BYTES)} limit; skipped")
    if not raw:
        raise EvidenceWarning(f"{label}: is empty; skipped")
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
            pixels = f"{int(found.group(1)):,} pixels is" if found else "the image is"
            raise EvidenceWarning(
                f"{label}: {pixels} over the limit of {MAX_PIXELS:,} (possibly a decompression bomb); skipped"
            ) from None
        except UnidentifiedImageError:
            raise EvidenceWarning(f"{label}: {_not_an_image(raw)}; skipped") from None
        except EvidenceWarning:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, MemoryError, TypeError):
            raise EvidenceWarning(f"{label}: damaged or truncated {fmt} file; skipped") from None
    return image


def _check_pixels(width: int, height: int, label: str) -> None:
    if width * height > MAX_PIXELS:
        raise EvidenceWarning(
            f"{label}: {width * height:,} pixels is over the limit of {MAX_PIXELS:,} (possibly a decompression bomb); "
            "skipped"
        )
    if width < 1 or height < 1:
        raise EvidenceWarning(f"{label}: has no pixels ({width}×{height}); skipped")


def _not_an_image(raw: bytes) -> str:
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
        return f"{other_format} images are not supported (use PNG, JPEG, WebP, BMP or GIF)"
    return "not an image (unrecognised content)"


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
    top16 = sum(sorted((count for count, _ in colours), reverse=True)[:16])
    return bool(top16 / total < _PHOTO_MAX_TOP16)
