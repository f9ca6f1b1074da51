"""Screenshots are text too: read the words of a stored image with Tesseract, cover the secrets with opaque boxes.

    unavailable() -> None, or ONE line for the user: why screenshots are not read and how to enable it
    languages() -> installed subset of ("eng", "fin", "hun", "tur", "rus")
    languages_for("fi") -> ("eng", "fin")       # for a report language: en, fi, hu, tr, ru
    read(data, languages=None) -> (Word(text, box=(left, top, right, bottom), line, conf, block), …)
    lines(words) -> [(line text, [(start, end, Word), …]), …]
    scrub(data, media_type, find, keep_emails=()) -> Scrubbed(data, hidden, text, error_text, boxes)

Every failure (no Tesseract, an image that cannot be decoded, a time-out) is an OcrError carrying one line, for the
caller to show as a warning; nothing else is raised here (an exception from the caller's `find` passes through).
Pillow and tesserocr are imported only when an image is read; importing this module costs nothing.

Binding: tesserocr (Tesseract's C API through Cython). Measured on this 2-core machine on a 1920×1080 screenshot
full of text (a log window behind a dialog, ~700 words; benchmarks/ocr.py, numbers in benchmarks/RESULTS.md):
- Debian's tesseract 5.3 CLI as installed 7–12 s (it is built with OpenMP, which on two cores only contends);
  with OMP_THREAD_LIMIT=1 2.5–3 s; pytesseract is that CLI plus a temporary file, the same 3.0 s. tesserocr's
  engine in one thread ~1.8–2.2 s (its wheel carries Tesseract 5.5, faster than Debian's 5.3, and the model stays
  loaded); `read` — the screen's two halves in two threads, tesserocr releases the GIL — 0.9–1.2 s while the second
  core is free. Only that meets the ≤ 1.5 s target: two CLI processes on two halves measured 1.4–1.7 s.
- Install: `pip install 'reportkit[ocr]'` takes tesserocr's manylinux wheel (Python 3.10–3.13, x86_64 and aarch64;
  Windows wheels too; macOS wheels only for tesserocr 2.7), which bundles libtesseract and leptonica: nothing to
  compile, no -dev packages. The language data come from the system's Tesseract (Debian: tesseract-ocr and
  tesseract-ocr-fin/-hun/-tur/-rus), whose program is asked where they are (`tesseract --list-langs`, which honours
  TESSDATA_PREFIX): so a machine with only Debian's tesseract-ocr needs the extra too, and one without the program
  on PATH is told so by `unavailable()`.
- The price: the engine runs in this process. It is given raw 8-bit pixels (SetImageBytes: no image file is parsed
  by leptonica); recognition has Tesseract's own deadline (TIMEOUT_S per image), and layout analysis, which that
  deadline does not interrupt, is bounded by the pixel cap (MAX_READ_PIXELS).
Tuning (measured): English alone reads Latin-script text of all five product languages well enough for the finder
(virhe, hiba, hata, salasana …), and eng+fin+hun+tur+rus costs 1.5–1.8× — so `read` starts with eng (or what the caller
names, e.g. `languages_for(report language)`) and reads a part again with every installed pack only when it reads
poorly (confidence per character < RETRY_CONFIDENCE: Cyrillic through the English model reads ~30, Latin ~90).
Polarity: a dark screen is inverted (Tesseract otherwise retries lines inverted, 1.7× slower), and areas of the other
polarity — a terminal window on a light screen, a light dialog on a dark one — are read again on their own, the
right way round (a token in a terminal came out in fragments otherwise). An image of at most a quarter of 1920×1080
is read at twice its size. The two halves of the screen (cut at the quietest row near the middle, overlapping by
OVERLAP px, each word kept from the half that holds its centre) are read in parallel on two cores.

OCR misreads that would hide a secret from a text finder are undone on the boxes' geometry before the finder runs:
words only a letter gap apart (`ghp_aBcDeF gHiJ…` → one token) and digit groups that OCR merged or split (`4111
11111111 1111` → one number) are also offered joined; a short line and the line right of it on the same row are
offered as "label: field" (layout analysis puts "Password" and its field in two blocks); the whole text is offered
too (a label on the line above); e-mail addresses are read with the spaces OCR put next to . @ _ + - removed, and
one within two OCR edits of a kept address counts as that address.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import shutil
import subprocess
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from reportkit.errors import one_line
from reportkit.messages import Joined, Num, Said, make

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

Box = tuple[int, int, int, int]  # left, top, right, bottom (pixels; right and bottom exclusive)
Finder = Callable[[str], list[tuple[int, int, str]]]  # text -> [(start, end, kind)]
Lines = list[tuple[str, list[tuple[int, int, "Word"]]]]  # what lines() returns

PRODUCT_LANGUAGES = ("eng", "fin", "hun", "tur", "rus")
_FOR_CODE = {"en": "eng", "fi": "fin", "hu": "hun", "tr": "tur", "ru": "rus"}
TIMEOUT_S = 20.0  # per image, all parts and retries together
MAX_READ_PIXELS = 4_200_000  # larger images are read downscaled (boxes mapped back)
UPSCALE_BUDGET = 1920 * 1080  # an image whose doubled size fits this is read at twice its size
CELL = 8  # px: the background (light or dark) is judged on cells this big
REGION_CELLS = (12, 4)  # an area of the other polarity read on its own: at least 12 × 4 cells …
REGION_FILL = 0.85  # … nearly all of them of that polarity
MAX_REGIONS = 12  # the largest ones
SCREEN_DPI = 96  # a screenshot's pixels are the screen's
MARGIN = 16  # px of white around each part as it is read
OVERLAP = 64  # px (as read) that the two halves share: text lines up to twice this tall survive the cut
RETRY_CONFIDENCE = 60.0  # a part read with less mean confidence per character (and RETRY_MIN_WORDS words): again
RETRY_MIN_WORDS = 5
ROW_GAP = 20.0  # a short line (LABEL_WORDS) this many line heights (or fewer) left of another on its row: its label
LABEL_WORDS = 4
TIGHT_GAP = 0.4  # a gap narrower than this × line height is a letter gap (OCR split a token), not a space
MAX_ERROR_LINES = 12
MAX_ERROR_CHARS = 2000
JPEG_QUALITY = 85  # as the stored screenshots (reportkit.collectors.evidence)
INSTALL_TESSERACT = "apt install tesseract-ocr tesseract-ocr-fin tesseract-ocr-hun tesseract-ocr-tur tesseract-ocr-rus"
INSTALL_EXTRA = "pip install 'reportkit[ocr]'"

# Why a screenshot could not be read, and why OCR is off: messages (catalog context "ocr.<key>"), kept in the
# request's warnings (reportkit.screens) and worded when shown; commands, paths and Tesseract's own words are data.
MESSAGES: dict[str, str] = {
    "not_read": "screenshots are not read for secrets: {reason}",
    "not_read_both": "screenshots are not read for secrets: {first}; {second}",
    "no_tesseract": "Tesseract is not installed ({command})",
    "no_extra": "reportkit's OCR extra is not installed ({command})",
    "no_extra_reason": "reportkit's OCR extra is not installed ({reason}) ({command})",
    "no_english": "Tesseract has no English data in {path} (apt install tesseract-ocr-eng)",
    "list_langs_failed": "`tesseract --list-langs` failed ({reason})",
    "list_langs_unclear": "`tesseract --list-langs` did not say where its language data is ({output})",
    "cannot_load": "Tesseract cannot load its {languages} data from {path} ({reason})",
    "too_slow": "reading the image took longer than {seconds} s; stopped",
    "no_languages": "Tesseract has none of the languages {languages} installed",
    "too_large": "the image is too large to read ({width}×{height} pixels)",
    "not_decodable_as": "the image cannot be decoded (not a {formats} image)",
    "not_decodable": "the image cannot be decoded ({reason})",
    "stopped": "Tesseract stopped reading the image",
    "failed": "Tesseract failed on the image ({reason})",
    "media_type": "cannot cover secrets in a {media_type} image (only PNG and JPEG)",
    "not_written": "the covered image cannot be written ({reason})",
}


def _say(key: str, **fields: Any) -> Said:
    return make(f"ocr.{key}", MESSAGES[key], **fields)


class OcrError(Exception):
    """OCR could not read or cover an image; `message` is one line for a warning (a message, see MESSAGES)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message: str = message if isinstance(message, Said) else one_line(message)


class OcrUnavailable(OcrError):
    """Tesseract or the binding is missing; `message` is what `unavailable()` says."""


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, its box in the image's pixels, its line and block (numbered from 0 in reading
    order over the whole image), and Tesseract's confidence (0–100)."""

    text: str
    box: Box
    line: int
    conf: float
    block: int = 0


@dataclass(frozen=True)
class Scrubbed:
    """The image with every finding covered (the input bytes themselves when nothing was covered), one kind per
    covered finding (`hidden`, in reading order) with its covering rectangles (`boxes`, same order), the recognised
    text with each finding replaced by `[REDACTED:kind]`, and the lines that read like an error message (or None)."""

    data: bytes
    hidden: tuple[str, ...]
    text: str
    error_text: str | None
    boxes: tuple[tuple[Box, ...], ...] = ()
    # what each covered secret read as (e-mail addresses left out): the caller removes these from the text too
    values: tuple[tuple[str, str], ...] = ()  # (value, kind)


# --- availability ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    problem: Said | None
    tessdata: str
    installed: tuple[str, ...]  # every language Tesseract lists


@functools.cache
def _setup() -> _Setup:
    missing: list[Said] = []
    tessdata = ""
    installed: tuple[str, ...] = ()
    program = shutil.which("tesseract")
    if program is None:
        missing.append(_say("no_tesseract", command=INSTALL_TESSERACT))
    else:
        try:
            tessdata, installed = _list_langs(program)
        except OcrError as exc:
            return _Setup(_say("not_read", reason=exc.message), "", ())
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError):
            missing.append(_say("no_extra", command=INSTALL_EXTRA))
        else:
            missing.append(_say("no_extra_reason", reason=_reason(exc), command=INSTALL_EXTRA))
    if len(missing) == 2:
        return _Setup(_say("not_read_both", first=missing[0], second=missing[1]), "", ())
    if missing:
        return _Setup(_say("not_read", reason=missing[0]), "", ())
    if "eng" not in installed:
        return _Setup(_say("not_read", reason=_say("no_english", path=tessdata)), tessdata, installed)
    return _Setup(None, tessdata, installed)


def _list_langs(program: str) -> tuple[str, tuple[str, ...]]:
    """Where Tesseract keeps its language data, and which it has: `tesseract --list-langs`."""
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, timeout=10, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrError(_say("list_langs_failed", reason=_reason(exc))) from None
    out = (done.stdout + done.stderr).decode("utf-8", "replace")
    found = re.search(r'List of available languages in "([^"]*)"', out)
    if done.returncode != 0 or not found:
        raise OcrError(_say("list_langs_unclear", output=one_line(out)[:120]))
    rest = out[found.end() :].splitlines()[1:]
    return found.group(1), tuple(name.strip() for name in rest if re.fullmatch(r"[\w.+-]+", name.strip()))


def unavailable() -> Said | None:
    """None when screenshots can be read; otherwise one line for the user saying why not and how to enable it."""
    return _setup().problem


def languages() -> tuple[str, ...]:
    """The product languages (eng fin hun tur rus) whose Tesseract data is installed; () when OCR is unavailable."""
    setup = _setup()
    return () if setup.problem else tuple(lang for lang in PRODUCT_LANGUAGES if lang in setup.installed)


def languages_for(code: str | None) -> tuple[str, ...]:
    """The languages to read a screenshot of a report written in `code` (en, fi, hu, tr, ru): English first, then
    that language's pack when it is installed."""
    extra = _FOR_CODE.get((code or "").lower())
    return ("eng",) + ((extra,) if extra and extra != "eng" and extra in languages() else ())


# --- the engine: one Tesseract instance per language set and thread, kept for reuse ---------------------------------

_pool_lock = threading.Lock()
_pool: dict[str, list[Any]] = {}


def _tesserocr() -> Any:
    import tesserocr

    return tesserocr


def _take(langs: str) -> Any:
    with _pool_lock:
        free = _pool.setdefault(langs, [])
        if free:
            return free.pop()
    tess = _tesserocr()
    try:
        api = tess.PyTessBaseAPI(path=_setup().tessdata, lang=langs, oem=tess.OEM.LSTM_ONLY, psm=tess.PSM.AUTO)
    except RuntimeError as exc:
        raise OcrError(_say("cannot_load", languages=langs, path=_setup().tessdata, reason=_reason(exc))) from None
    api.SetVariable("debug_file", os.devnull)  # no "Estimating resolution" chatter on the terminal
    return api


def _give_back(langs: str, api: Any) -> None:
    with _pool_lock:
        _pool.setdefault(langs, []).append(api)


# --- reading ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """One image Tesseract reads: an area of the prepared image, inverted or not; of a part, only the words whose
    centre lies in rows [keep_from, keep_to) are kept (the halves overlap); of a region, all of them."""

    box: Box
    invert: bool
    keep_from: int
    keep_to: int
    region: bool = False


@dataclass(frozen=True)
class _Raw:
    text: str
    box: Box  # in the prepared image
    line: int  # within the part
    block: int
    conf: float


def read(data: bytes, languages: Sequence[str] | None = None, *, timeout: float = TIMEOUT_S) -> tuple[Word, ...]:
    """The words of an image (PNG or JPEG bytes), in reading order, boxes in the image's own pixels.

    `languages`: Tesseract language names to read with (e.g. `languages_for("fi")`); None: English, and a part that
    reads poorly (Cyrillic, say) is read again with every installed product language.
    """
    if problem := unavailable():
        raise OcrUnavailable(problem)
    return _read(_decode(data, ("PNG", "JPEG")), languages, timeout)


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic()
    seconds: float

    def left_ms(self) -> int:
        left = int((self.at - time.monotonic()) * 1000)
        if left <= 0:
            raise OcrError(_say("too_slow", seconds=_seconds(self.seconds)))
        return left


def _seconds(value: float) -> Num:
    """A number of seconds as `:g` writes it in English (20, 2.5)."""
    return Num(value, 0) if float(value).is_integer() else Num(float(f"{value:g}"))


def _read(image: PILImage, languages: Sequence[str] | None, timeout: float) -> tuple[Word, ...]:
    langs = _language_arg(("eng",) if languages is None else languages)
    retry = None if languages is not None else _language_arg(PRODUCT_LANGUAGES)
    prepared, scale = _prepare(image)
    deadline = _Deadline(time.monotonic() + timeout, timeout)
    dpi = max(70, round(SCREEN_DPI * scale))  # what Tesseract's size thresholds expect of the text
    dominant_dark, regions = _regions(prepared)
    tasks = _parts(prepared, dominant_dark)
    tasks += [_Task(box, not dominant_dark, box[1], box[3], region=True) for box in regions]
    workers = min(len(tasks), 2 if (os.cpu_count() or 1) >= 2 else 1)
    if workers == 1:
        results = [_read_task(prepared, task, langs, retry, deadline, dpi) for task in tasks]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reportkit-ocr") as pool:
            futures = [pool.submit(_read_task, prepared, task, langs, retry, deadline, dpi) for task in tasks]
            results = [future.result() for future in futures]
    results = _prefer_regions(results, tasks)
    words: list[Word] = []
    line = block = -1
    for raws in results:
        last_line = last_block = None
        for raw in raws:
            if raw.block != last_block:
                block, last_block = block + 1, raw.block
            if raw.line != last_line:
                line, last_line = line + 1, raw.line
            words.append(Word(raw.text, _unscale(raw.box, scale, image.size), line, raw.conf, block))
    return tuple(words)


def _language_arg(languages: Sequence[str]) -> str:
    installed = _setup().installed
    chosen = [lang for lang in dict.fromkeys(languages) if lang in installed]
    if not chosen:
        raise OcrError(_say("no_languages", languages="+".join(languages) or "(none)"))
    return "+".join(chosen)


def _decode(data: bytes, formats: tuple[str, ...]) -> PILImage:
    from PIL import Image as pil
    from PIL import UnidentifiedImageError

    try:
        image = pil.open(io.BytesIO(data), formats=list(formats))
        if image.width * image.height > 90_000_000:  # evidence.MAX_PIXELS: stored images are far below it
            raise OcrError(_say("too_large", width=image.width, height=image.height))
        image.load()
    except OcrError:
        raise
    except UnidentifiedImageError:
        raise OcrError(_say("not_decodable_as", formats=Joined(formats, "or"))) from None
    except Exception as exc:  # Pillow raises a wide range on damaged data: OSError, SyntaxError, ValueError …
        raise OcrError(_say("not_decodable", reason=_reason(exc))) from None
    return image


def _prepare(image: PILImage) -> tuple[PILImage, float]:
    """Grey and scaled for reading: (the image to read, its scale against the original)."""
    from PIL import Image as pil

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = pil.new("RGBA", rgba.size, (255, 255, 255, 255))
        grey = pil.alpha_composite(white, rgba).convert("L")
    else:
        grey = image.convert("L")
    pixels = grey.width * grey.height
    scale = 1.0
    if pixels > MAX_READ_PIXELS:
        scale = math.sqrt(MAX_READ_PIXELS / pixels)
    elif pixels * 4 <= UPSCALE_BUDGET:
        scale = 2.0
    if scale != 1.0:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, pil.Resampling.LANCZOS)
    return grey, scale


def _regions(grey: PILImage) -> tuple[bool, list[Box]]:
    """Whether the screen is dark (most of it dark background), and the areas of the other polarity — a terminal
    window or a dark task bar on a light screen, a light dialog on a dark one — each to be read on its own with its
    own polarity: Tesseract reads light-on-dark areas inside a light screen poorly (a token in a terminal came out
    in fragments). Judged on cells of CELL px: a cell's mean below 128 is dark; an area is a rectangle of at least
    REGION_CELLS cells, nearly all (REGION_FILL) clearly of the other polarity (mean < 96 or > 160)."""
    small = grey.reduce(CELL) if min(grey.size) >= 4 * CELL else None
    if small is None:
        return False, []
    width, height = small.size
    means = small.tobytes()
    dark = sum(1 for v in means if v < 128) * 2 > len(means)
    other = bytearray(1 if (v > 160 if dark else v < 96) else 0 for v in means)
    found: list[tuple[int, Box]] = []
    for start in range(len(other)):
        if not other[start]:
            continue
        other[start] = 0
        stack, count = [start], 0
        x0, y0, x1, y1 = width, height, 0, 0
        while stack:  # the 4-connected cells of this area, each visited once
            at = stack.pop()
            count += 1
            y, x = divmod(at, width)
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
            for near, inside in (
                (at - 1, x > 0),
                (at + 1, x < width - 1),
                (at - width, y > 0),
                (at + width, y < height - 1),
            ):
                if inside and other[near]:
                    other[near] = 0
                    stack.append(near)
        w, h = x1 - x0 + 1, y1 - y0 + 1
        if w >= REGION_CELLS[0] and h >= REGION_CELLS[1] and count >= REGION_FILL * w * h:
            box = (x0 * CELL, y0 * CELL, min(grey.width, (x1 + 1) * CELL), min(grey.height, (y1 + 1) * CELL))
            found.append((count, _trim(grey, box, dark)))
    found.sort(reverse=True)
    return dark, [box for _, box in found[:MAX_REGIONS]]


def _trim(grey: PILImage, box: Box, dark: bool) -> Box:
    """The area without its edge rows and columns that are still of the screen's own polarity (cells are coarse)."""
    from PIL import Image as pil

    left, top, right, bottom = box
    area = grey.crop(box)
    rows = area.resize((1, area.height), pil.Resampling.BOX).tobytes()
    cols = area.resize((area.width, 1), pil.Resampling.BOX).tobytes()

    def outside(v: int) -> bool:
        return v < 128 if dark else v >= 128

    first_row = next((i for i, v in enumerate(rows) if not outside(v)), 0)
    last_row = next((i for i, v in enumerate(reversed(rows)) if not outside(v)), 0)
    first_col = next((i for i, v in enumerate(cols) if not outside(v)), 0)
    last_col = next((i for i, v in enumerate(reversed(cols)) if not outside(v)), 0)
    return left + first_col, top + first_row, right - last_col, bottom - last_row


def _parts(image: PILImage, invert: bool) -> list[_Task]:
    """Two overlapping halves cut at the quietest row near the middle (one part on one core or a short image)."""
    width, height = image.size
    if (os.cpu_count() or 1) < 2 or height < 6 * OVERLAP:
        return [_Task((0, 0, width, height), invert, 0, height)]
    cut = _quiet_row(image, height * 3 // 8, height * 5 // 8)
    return [
        _Task((0, 0, width, min(height, cut + OVERLAP)), invert, 0, cut),
        _Task((0, max(0, cut - OVERLAP), width, height), invert, cut, height),
    ]


def _quiet_row(image: PILImage, low: int, high: int) -> int:
    """The row in [low, high) with the least edge energy (a gap between text lines), nearest the middle on a tie."""
    from PIL import Image as pil
    from PIL import ImageFilter

    band = image.crop((0, low, image.width, high)).filter(ImageFilter.FIND_EDGES)
    energy = band.resize((1, band.height), pil.Resampling.BOX).tobytes()  # one byte per row
    middle = (high - low) / 2
    best = min(range(len(energy)), key=lambda row: (energy[row], abs(row - middle)))
    return low + best


def _read_task(
    image: PILImage, task: _Task, langs: str, retry: str | None, deadline: _Deadline, dpi: int
) -> list[_Raw]:
    from PIL import ImageOps

    crop = image.crop(task.box)
    if task.invert:
        crop = ImageOps.invert(crop)
    # a white margin: a line cut at the edge of a part otherwise makes leptonica print errors (and read worse)
    crop = ImageOps.expand(crop, MARGIN, fill=255)
    raws, conf = _recognise(crop, langs, deadline, dpi)
    if retry and retry != langs and len(raws) >= RETRY_MIN_WORDS and conf < RETRY_CONFIDENCE:
        again, again_conf = _recognise(crop, retry, deadline, dpi)
        if again_conf > conf:
            raws = again
    kept = []
    dx, dy = task.box[0] - MARGIN, task.box[1] - MARGIN
    for raw in raws:
        left, top, right, bottom = raw.box
        if task.keep_from <= dy + (top + bottom) / 2 < task.keep_to:
            box = (left + dx, top + dy, right + dx, bottom + dy)
            kept.append(_Raw(raw.text, box, raw.line, raw.block, raw.conf))
    return kept


def _prefer_regions(results: list[list[_Raw]], tasks: list[_Task]) -> list[list[_Raw]]:
    """A region was read twice: within the whole screen (light-on-dark text in fragments, often with high
    confidence), and on its own in its polarity. The region's own reading replaces the screen's words there when it
    has at least half as many letters. (The parts' words first, then the regions'.)"""
    parts = [raws for raws, task in zip(results, tasks, strict=True) if not task.region]
    dropped: set[tuple[int, int]] = set()
    regions = []
    for raws, task in zip(results, tasks, strict=True):
        if not task.region:
            continue
        inside = {
            (p, i)
            for p, words in enumerate(parts)
            for i, raw in enumerate(words)
            if (p, i) not in dropped and _centre_in(raw.box, task.box)
        }
        if sum(len(raw.text) for raw in raws) * 2 >= sum(len(parts[p][i].text) for p, i in inside):
            dropped |= inside  # the region read on its own as fully as the screen read it: its reading wins
        regions.append(raws)  # else both stay: a word is never lost for an area that only looked inverted
    kept = [[raw for i, raw in enumerate(words) if (p, i) not in dropped] for p, words in enumerate(parts)]
    return kept + regions


def _centre_in(box: Box, area: Box) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= x < area[2] and area[1] <= y < area[3]


def _confidence(raws: list[_Raw]) -> float:
    letters = sum(len(raw.text) for raw in raws)
    return sum(raw.conf * len(raw.text) for raw in raws) / letters if letters else 0.0  # long garbage weighs more


def _recognise(image: PILImage, langs: str, deadline: _Deadline, dpi: int) -> tuple[list[_Raw], float]:
    """Tesseract on one image: its words and their mean confidence per character."""
    pixels = image.tobytes()  # 8-bit grey, row after row: Tesseract does not copy it, so it lives until we are done
    api = _take(langs)
    try:
        try:
            api.SetImageBytes(pixels, image.width, image.height, 1, image.width)
            api.SetSourceResolution(dpi)
            if not api.Recognize(deadline.left_ms()):
                deadline.left_ms()  # past the deadline: raises
                raise OcrError(_say("stopped"))
            return _words(api)
        except OcrError:
            raise
        except Exception as exc:  # RuntimeError from the binding, whatever its version raises
            raise OcrError(_say("failed", reason=_reason(exc))) from None
    finally:
        _give_back(langs, api)


def _words(api: Any) -> tuple[list[_Raw], float]:
    word, textline, blk = _tesserocr().RIL.WORD, _tesserocr().RIL.TEXTLINE, _tesserocr().RIL.BLOCK
    it = api.GetIterator()
    raws: list[_Raw] = []
    line = block = -1
    if it is None:
        return raws, 0.0
    while True:
        if it.IsAtBeginningOf(blk):
            block += 1
        if it.IsAtBeginningOf(textline):
            line += 1
        text = it.GetUTF8Text(word) if not it.Empty(word) else None
        box = it.BoundingBox(word) if text else None
        if text and text.strip() and box:
            left, top, right, bottom = (int(v) for v in box)
            raws.append(_Raw(str(text).strip(), (left, top, right, bottom), line, block, float(it.Confidence(word))))
        if not it.Next(word):
            break
    return raws, _confidence(raws)


def _unscale(box: Box, scale: float, size: tuple[int, int]) -> Box:
    left, top, right, bottom = box
    width, height = size
    return (
        max(0, math.floor(left / scale)),
        max(0, math.floor(top / scale)),
        min(width, math.ceil(right / scale)),
        min(height, math.ceil(bottom / scale)),
    )


def lines(words: Iterable[Word]) -> Lines:
    """Each line's text (its words joined by one space) and where each word stands in it, in reading order."""
    out: Lines = []
    current: int | None = None
    for word in words:
        if word.line != current:
            out.append(("", []))
            current = word.line
        text, spans = out[-1]
        start = len(text) + (1 if text else 0)
        text = f"{text} {word.text}" if text else word.text
        spans.append((start, start + len(word.text), word))
        out[-1] = (text, spans)
    return out


# --- finding: the finder on each line (as read, and with OCR's splits undone), on rows, on the whole text; e-mails --

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# a text the finder reads, and for each of its characters the (line, position in the line's text) it shows, or None
_Source = tuple[str, list[tuple[int, int] | None]]


@dataclass
class _Finding:
    kind: str
    pieces: list[tuple[int, int, int]]  # (line index, start, end) in the line's text
    words: set[tuple[int, int]]  # (line index, word index in the line)
    rank: int  # where it was seen: 0 a line as read, 1 a row or the whole text, 2 OCR splits undone, 3 an e-mail


def _findings(text_lines: Lines, find: Finder, keep: set[str]) -> list[_Finding]:
    raw: list[_Finding] = []

    def add(source: _Source, start: int, end: int, kind: str, rank: int) -> None:
        at: dict[int, list[int]] = {}
        for place in source[1][start:end]:
            if place is not None:
                at.setdefault(place[0], []).append(place[1])
        pieces = [(li, min(pos), max(pos) + 1) for li, pos in at.items()]
        words = {
            (li, wi)
            for li, low, high in pieces
            for wi, (ws, we, _) in enumerate(text_lines[li][1])
            if ws < high and low < we
        }
        if words:
            raw.append(_Finding(kind, pieces, words, rank))

    def scan(source: _Source, rank: int) -> None:
        for start, end, kind in find(source[0]):
            add(source, start, end, kind, rank)

    for li, (text, spans) in enumerate(text_lines):
        plain: _Source = (text, [(li, i) for i in range(len(text))])
        scan(plain, 0)
        tight, numbers, mail = _variants(li, spans, text)
        for variant in (tight, numbers):
            if variant:
                scan(variant, 2)
        for match in _EMAIL.finditer(mail[0]):
            if not _kept(match.group(0), keep):
                add(mail, match.start(), match.end(), "email", 3)
    for row in _rows(text_lines):
        scan(row, 1)
    scan(_joined(text_lines, range(len(text_lines)), "\n"), 1)
    return _merge(raw)


def _joined(text_lines: Lines, indices: Iterable[int], separator: str) -> _Source:
    text: list[str] = []
    where: list[tuple[int, int] | None] = []
    for n, li in enumerate(indices):
        if n:
            text.append(separator)
            where.extend([None] * len(separator))
        line = text_lines[li][0]
        text.append(line)
        where.extend((li, i) for i in range(len(line)))
    return "".join(text), where


def _variants(li: int, spans: list[tuple[int, int, Word]], text: str) -> tuple[_Source | None, _Source | None, _Source]:
    """The line with OCR's false spaces removed: between words only a letter gap apart (`ghp_aBcDeF gHiJ…`); between
    digit groups (`4111 11111111 1111`); and, for e-mail addresses, also next to . @ _ + - (`anna. virtanen@…`).
    The first two are None where they remove no space."""
    height = max((w.box[3] for _, _, w in spans), default=0) - min((w.box[1] for _, _, w in spans), default=0)
    tight, numbers, mail = set(), set(), set()
    for (_, end, left), (_, _, right) in pairwise(spans):
        if right.box[0] - left.box[2] <= TIGHT_GAP * height:
            tight.add(end)  # the space after `left` in `text`
        if _DIGITS.fullmatch(left.text) and _DIGITS.fullmatch(right.text):
            numbers.add(end)
        if left.text[-1] in _MAIL_GLUE or right.text[0] in _MAIL_GLUE:
            mail.add(end)
    out: list[_Source] = []
    for gone in (tight, numbers, tight | mail):
        kept = [i for i in range(len(text)) if i not in gone]
        out.append(("".join(text[i] for i in kept), [(li, i) for i in kept]))
    return out[0] if tight else None, out[1] if numbers else None, out[2]


_MAIL_GLUE = frozenset(".@_+-")
_DIGITS = re.compile(r"[0-9]+")


def _rows(text_lines: Lines) -> list[_Source]:
    """Each short line (a label: at most LABEL_WORDS words) followed by its nearest right-hand neighbour on the same
    screen row, as "label: field": layout analysis often puts a label and its field in two blocks ("Password" |
    "Hunter2…"). Neighbours overlap vertically by half the lower one's height, at most ROW_GAP heights apart."""
    boxes: list[tuple[int, int, int, int, int]] = []  # top, line, left, right, bottom
    for li, (_, spans) in enumerate(text_lines):
        found = [w.box for _, _, w in spans]
        top, bottom = min(b[1] for b in found), max(b[3] for b in found)
        boxes.append((top, li, min(b[0] for b in found), max(b[2] for b in found), bottom))
    boxes.sort()
    tops = [box[0] for box in boxes]
    tallest = max((box[4] - box[0] for box in boxes), default=0)
    out = []
    for top, a, _, right, bottom in boxes:
        if len(text_lines[a][1]) > LABEL_WORDS:
            continue
        # only lines that can overlap this one vertically: their tops lie within (top - tallest, bottom)
        near = boxes[bisect_right(tops, top - tallest) : bisect_left(tops, bottom)]
        neighbours = [
            (other_left - right, b)
            for other_top, b, other_left, _, other_bottom in near
            if b != a
            and min(bottom, other_bottom) - max(top, other_top) >= 0.5 * min(bottom - top, other_bottom - other_top)
            and 0 <= other_left - right <= ROW_GAP * max(bottom - top, other_bottom - other_top)
        ]
        if neighbours:
            label = text_lines[a][0]
            # a label and its field: "Password" | "Hunter2…" reads as "Password: Hunter2…"
            out.append(_joined(text_lines, (a, min(neighbours)[1]), " " if label[-1] in ":=" else ": "))
    return out


def _kept(address: str, keep: set[str]) -> bool:
    """The reporter's own address (any case), also as OCR misread it: within two edits."""
    folded = address.casefold()
    return any(folded == kept or _within(folded, kept, 2) for kept in keep)


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most `limit` (banded: linear in the length)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [limit + 1] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
        if min(current) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit


def _merge(raw: list[_Finding]) -> list[_Finding]:
    """Findings sharing a word are one finding (named as where it was seen first: the line as read first)."""
    merged: list[_Finding] = []
    for finding in sorted(raw, key=lambda f: f.rank):
        touching = [m for m in merged if m.words & finding.words]
        if not touching:
            merged.append(_Finding(finding.kind, list(finding.pieces), set(finding.words), finding.rank))
            continue
        first = touching[0]
        for other in touching[1:]:
            first.pieces += other.pieces
            first.words |= other.words
            merged.remove(other)
        first.pieces += finding.pieces
        first.words |= finding.words
    return sorted(merged, key=lambda f: min(f.words))


# --- scrubbing -------------------------------------------------------------------------------------------------------


def scrub(
    data: bytes,
    media_type: str,
    find: Finder,
    *,
    keep_emails: Iterable[str] = (),
    languages: Sequence[str] | None = None,
    timeout: float = TIMEOUT_S,
) -> Scrubbed:
    """Read the image, run `find` (text -> [(start, end, kind)]) on its text, and cover every word of a finding —
    and every e-mail address that is not in `keep_emails` (any case) — with an opaque box; same format (a palette
    PNG stays one), no metadata. `languages` as for `read`. OcrError (OcrUnavailable) on any failure; an exception
    from `find` itself is not caught."""
    if problem := unavailable():
        raise OcrUnavailable(problem)
    formats = {"image/png": ("PNG",), "image/jpeg": ("JPEG",)}
    if media_type not in formats:
        raise OcrError(_say("media_type", media_type=media_type))
    image = _decode(data, formats[media_type])
    words = _read(image, languages, timeout)
    text_lines = lines(words)
    keep = {address.strip().casefold() for address in keep_emails if address.strip()}
    findings = _findings(text_lines, find, keep)
    boxes = tuple(_cover_boxes(finding, text_lines, image.size) for finding in findings)
    redacted = _redacted_lines(text_lines, findings)
    try:
        out = _covered(image, formats[media_type][0], [box for group in boxes for box in group]) if findings else data
    except (OSError, ValueError, MemoryError) as exc:
        raise OcrError(_say("not_written", reason=_reason(exc))) from None
    values = tuple(
        dict.fromkeys(
            (value, f.kind)
            for f in findings
            if f.kind != "email"
            for li, a, b in dict.fromkeys(f.pieces)
            if (value := text_lines[li][0][a:b].strip())
        )
    )
    return Scrubbed(out, tuple(f.kind for f in findings), "\n".join(redacted), _error_text(redacted), boxes, values)


def _cover_boxes(finding: _Finding, text_lines: Lines, size: tuple[int, int]) -> tuple[Box, ...]:
    """One padded rectangle per line of the finding, over its words and the gaps between them."""
    by_line: dict[int, list[Box]] = {}
    for li, wi in sorted(finding.words):
        by_line.setdefault(li, []).append(text_lines[li][1][wi][2].box)
    out = []
    for found in by_line.values():
        left, top = min(b[0] for b in found), min(b[1] for b in found)
        right, bottom = max(b[2] for b in found), max(b[3] for b in found)
        pad = max(2, math.ceil(0.2 * (bottom - top)))
        out.append((max(0, left - pad), max(0, top - pad), min(size[0], right + pad), min(size[1], bottom + pad)))
    return tuple(out)


def _redacted_lines(text_lines: Lines, findings: list[_Finding]) -> list[str]:
    per_line: dict[int, list[tuple[int, int, str]]] = {}
    for finding in findings:
        for li, start, end in finding.pieces:
            per_line.setdefault(li, []).append((start, end, finding.kind))
    out = []
    for li, (text, _) in enumerate(text_lines):
        spans = sorted(per_line.get(li, []))
        merged: list[tuple[int, int, str]] = []
        for start, end, kind in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
            else:
                merged.append((start, end, kind))
        for start, end, kind in reversed(merged):
            text = f"{text[:start]}[REDACTED:{kind}]{text[end:]}"
        out.append(text)
    return out


def _covered(image: PILImage, fmt: str, boxes: list[Box]) -> bytes:
    """The image with opaque rectangles over `boxes`, re-encoded as `fmt` from fresh pixels (no metadata)."""
    from PIL import Image as pil
    from PIL import ImageDraw, ImageStat

    mode = image.mode
    if mode == "P" and "transparency" in image.info:
        image, mode = image.convert("RGBA"), "RGBA"
    elif mode not in ("1", "L", "LA", "RGB", "RGBA", "P") or (fmt == "JPEG" and mode not in ("L", "RGB")):
        mode = "RGB" if "A" not in mode or fmt == "JPEG" else "RGBA"
        image = image.convert(mode)
    dark = ImageStat.Stat(image.convert("L")).mean[0] < 128
    grey = 200 if dark else 0  # black on light screens, light grey on dark ones: visibly covered either way
    clean = pil.frombytes(image.mode, image.size, image.tobytes())
    fill: int | tuple[int, ...]
    if image.mode == "P":
        clean.putpalette(image.getpalette() or [])
        fill = _palette_index(clean, (grey, grey, grey))
    elif image.mode in ("1", "L"):
        fill = 255 if (grey and image.mode == "1") else grey
    elif image.mode == "LA":
        fill = (grey, 255)
    else:
        fill = (grey, grey, grey, 255)[: len(image.mode)]
    draw = ImageDraw.Draw(clean)
    for left, top, right, bottom in boxes:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=fill)
    out = io.BytesIO()
    if fmt == "PNG":
        clean.save(out, "PNG", compress_level=6)
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _palette_index(image: PILImage, colour: tuple[int, int, int]) -> int:
    """A palette entry of exactly `colour`: an existing one, an unused one set to it, or else the nearest."""
    palette = image.getpalette() or []
    entries = [tuple(palette[i : i + 3]) for i in range(0, len(palette) - 2, 3)]
    if colour in entries:
        return entries.index(colour)
    used = {index for _, index in image.getcolors(256) or []}
    spare = next((i for i in range(256) if i not in used), None)
    if spare is not None:
        entries += [(0, 0, 0)] * (256 - len(entries))
        entries[spare] = colour
        image.putpalette([v for entry in entries for v in entry])
        return spare
    return min(range(len(entries)), key=lambda i: sum((a - b) ** 2 for a, b in zip(entries[i], colour, strict=True)))


# --- the error message on the screen ---------------------------------------------------------------------------------


@functools.cache
def _error_words() -> re.Pattern[str]:
    """Error words in the five languages, 0x… codes, HTTP statuses (compiled on first use: import stays cheap)."""
    return re.compile(
        r"\b(?:error\w*|fail(?:ed|ure|s)?|denied|time[ds]?[- ]?out|timed out|unable|cannot|can[’']?t|could ?n[o’']t"
        r"|refused|unreachable|not found|forbidden|unauthori[sz]ed|exception|fatal|invalid"
        r"|virhe\w*|epäonnistui|ei voitu|aikakatkaisu"  # fi
        r"|hib[aá]\w*|sikertelen\w*|nem sikerült|időtúllépés"  # hu
        r"|hata\w*|başarısız|reddedildi|zaman aşımı"  # tr
        r"|ошибк\w*|сбой|не удалось|невозможно|отказано|тайм-?аут|превышено время)\b"
        r"|\b0x[0-9a-f]{4,}\b|\bHTTP(?:/[\d.]+)?\s+[1-5]\d\d\b"
        r"|\b[45]\d\d\s+(?:Bad Request|Unauthorized|Forbidden|Not Found|Internal Server Error|Bad Gateway"
        r"|Service Unavailable|Gateway Time-?out)\b",
        re.IGNORECASE,
    )


def _error_text(text_lines: list[str]) -> str | None:
    """The lines that read like an error message (error words in the five languages, 0x… codes, HTTP statuses), in
    reading order, at most MAX_ERROR_LINES; None when nothing does."""
    found = [line.strip() for line in text_lines if _error_words().search(line)][:MAX_ERROR_LINES]
    text = "\n".join(found)[:MAX_ERROR_CHARS]
    return text or None


def _reason(exc: BaseException) -> str:
    return one_line(str(exc)) or type(exc).__name__
