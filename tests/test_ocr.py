"""Screenshots are text too: real Tesseract reads images drawn here (PIL, DejaVu Sans), `scrub` covers the secrets.

Each screenshot goes through `evidence.normalise` first, so what is scrubbed is exactly what reportkit stores (a
palette PNG for a many-coloured screenshot). After `scrub`, the scrubbed image is read again: none of the secrets,
nor the stranger's e-mail, may be found there; the reporter's own address must still be readable. Skipped only when
the tesseract program is missing (a missing OCR extra fails: the test extra installs it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from reportkit import ocr
from reportkit.collectors.evidence import normalise
from reportkit.redact import find_secrets

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract (tesseract-ocr) is not installed")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
REPORTER = "anna.virtanen@example.com"
STRANGER = "mikko.stranger@example.org"
PASSWORD = "Hunter2-Secret!"
CARD = "4111 1111 1111 1111"  # the Visa test number (Luhn-valid, never a real card)
GITHUB = "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"  # a GitHub token's shape: prefix + 36 characters
AWS = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key id
SECRET_LINES = (
    f"Password: {PASSWORD}",
    f"Card number: {CARD}",
    f"GitHub token {GITHUB}",
    f"AWS access key {AWS}",
)
TERMINAL_LINES = ("$ export GITHUB_TOKEN=ghp_Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa", "$ ping -c 1 db.example.net")
ERROR_LINES = ("Error 0x80070005: Access is denied.", "Connection timed out")
# what must not be readable after scrub: each secret (and its parts a reader could use) and the stranger's address
LEAKS = ("Hunter2", "Secret!", "4111", "ghp_", "aBcDeF", "Zy9Xw8", "AKIA", "IOSFODNN", "mikko", "stranger")


def draw(
    size: tuple[int, int],
    rows: list[tuple[int, int, str]],
    *,
    dark: bool,
    font_size: int = 15,
    menu: tuple[str, ...] = ("Settings — Account", "General", "Network", "Privacy", "Updates"),
) -> Image.Image:
    """A window: a title bar, a side panel (`menu`: the title, then the panel's items), and `rows` of text at (x, y)."""
    bg, fg, panel = (
        ((32, 33, 36), (226, 226, 226), (48, 50, 56)) if dark else ((250, 250, 250), (24, 24, 24), (228, 231, 236))
    )
    image = Image.new("RGB", size, bg)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    pen.rectangle((0, 0, size[0], 30), fill=panel)
    pen.text((12, 7), menu[0], fill=fg, font=font)
    pen.rectangle((0, 30, 180, size[1]), fill=panel)
    for n, item in enumerate(menu[1:]):
        pen.text((16, 50 + 32 * n), item, fill=fg, font=font)
    for x, y, text in rows:
        pen.text((x, y), text, fill=fg, font=font)
    return image


def stored(image: Image.Image) -> tuple[bytes, str]:
    """The bytes reportkit would store for this screenshot, and their media type."""
    raw = io.BytesIO()
    image.save(raw, "PNG")
    kept = normalise(raw.getvalue(), "screenshot 'test.png'", None, 1)
    return kept.data, kept.attachment.media_type


def as_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def full_hd_light() -> Image.Image:
    """1920×1080, light: the secrets one per line, the two e-mail addresses, an error line below; and a dark
    terminal window (light text on dark inside a light screen) with another token."""
    lines = [*SECRET_LINES, f"Contact: {STRANGER}", f"Reporter: {REPORTER}", ERROR_LINES[1]]
    image = draw((1920, 1080), [(220, 80 + 40 * n, line) for n, line in enumerate(lines)], dark=False)
    pen = ImageDraw.Draw(image)
    pen.rectangle((1000, 560, 1820, 860), fill=(22, 22, 22))
    mono = ImageFont.truetype(MONO, 15)
    for n, line in enumerate(TERMINAL_LINES):
        pen.text((1016, 580 + 28 * n), line, fill=(215, 215, 215), font=mono)
    return image


def laptop_dark() -> Image.Image:
    """1366×768, dark, a form: labels in one column, values in another (Tesseract reads them as separate blocks)."""
    pairs = [
        ("Password", PASSWORD),
        ("Card number", CARD),
        ("GitHub token", GITHUB),
        ("AWS access key", AWS),
        ("Shared with", STRANGER),
        ("Your e-mail", REPORTER),
    ]
    rows = []
    for n, (label, value) in enumerate(pairs):
        rows += [(220, 90 + 44 * n, label + ":"), (420, 90 + 44 * n, value)]
    return draw((1366, 768), rows, dark=True)


def error_dialog() -> Image.Image:
    """800×600: a plain error dialog, nothing secret in it."""
    image = draw((800, 600), [], dark=False)
    pen = ImageDraw.Draw(image)
    pen.rectangle((200, 180, 760, 360), fill=(255, 255, 255), outline=(120, 120, 120))
    font = ImageFont.truetype(FONT, 16)
    for n, line in enumerate(ERROR_LINES):
        pen.text((224, 210 + 40 * n), line, fill=(20, 20, 20), font=font)
    pen.rectangle((640, 310, 740, 344), outline=(90, 90, 90))
    pen.text((676, 317), "OK", fill=(20, 20, 20), font=font)
    return image


def read_text(data: bytes) -> str:
    return "\n".join(text for text, _ in ocr.lines(ocr.read(data)))


def expected_kinds(find: Callable[[str], list[tuple[int, int, str]]]) -> list[str]:
    """The kinds the finder gives the secret lines as typed (so the test follows the finder's names)."""
    return sorted([kind for line in SECRET_LINES for _, _, kind in find(line)] + ["email"])


@pytest.fixture(scope="module")
def light() -> tuple[bytes, ocr.Scrubbed]:
    data, media_type = stored(full_hd_light())
    assert media_type == "image/png"
    return data, ocr.scrub(data, media_type, find_secrets, keep_emails=[REPORTER.upper()])


@pytest.fixture(scope="module")
def dark_jpeg() -> tuple[bytes, ocr.Scrubbed]:
    data = as_jpeg(laptop_dark())
    return data, ocr.scrub(data, "image/jpeg", find_secrets, keep_emails=[REPORTER])


def test_ocr_is_available_here() -> None:
    assert ocr.unavailable() is None, ocr.unavailable()
    assert "eng" in ocr.languages()
    assert set(ocr.languages()) <= set(ocr.PRODUCT_LANGUAGES)
    assert ocr.languages_for("en") == ("eng",)
    assert ocr.languages_for(None) == ("eng",)
    if "fin" in ocr.languages():
        assert ocr.languages_for("fi") == ("eng", "fin")


@pytest.mark.parametrize("fixture", ["light", "dark_jpeg"])
def test_scrubbed_screenshot_shows_no_secret(fixture: str, request: pytest.FixtureRequest) -> None:
    original, scrubbed = request.getfixturevalue(fixture)
    before = read_text(original)
    assert all(part in before for part in ("Hunter2", "4111", "ghp_", "AKIA", "stranger")), before  # it was readable
    # one kind per secret; the terminal's token may be named by its label only (OCR drops a monospace underscore)
    terminal = [kind for line in TERMINAL_LINES for _, _, kind in find_secrets(line)] if fixture == "light" else []
    assert len(scrubbed.hidden) == len(expected_kinds(find_secrets)) + len(terminal), scrubbed.hidden
    assert not Counter(expected_kinds(find_secrets)) - Counter(scrubbed.hidden), scrubbed.hidden
    assert len(scrubbed.boxes) == len(scrubbed.hidden)
    after = read_text(scrubbed.data)
    assert not [leak for leak in LEAKS if leak.lower() in after.lower()], after
    assert not find_secrets(after), after
    assert not [line for line in after.splitlines() if find_secrets(line)], after
    assert REPORTER in after.lower().replace(" ", ""), after  # the reporter's own address stays
    for leak in (PASSWORD, GITHUB, AWS, CARD, STRANGER):
        assert leak not in scrubbed.text
    assert "[REDACTED:email]" in scrubbed.text and REPORTER in scrubbed.text.lower().replace(" ", "")


def test_scrub_keeps_the_format_and_adds_no_metadata(light: tuple[bytes, ocr.Scrubbed]) -> None:
    original, scrubbed = light
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(scrubbed.data))
    assert (after.format, after.mode, after.size) == ("PNG", before.mode, before.size)
    assert before.mode == "P"  # a palette PNG stays one
    assert not {"exif", "icc_profile", "xmp", "dpi", "comment"} & set(after.info)
    assert not getattr(after, "text", {})
    pixels = after.convert("RGB")
    for group in scrubbed.boxes:
        for box in group:
            assert box[2] - box[0] > 10 and box[3] - box[1] > 10
            colours = pixels.crop(box).getcolors(16)
            assert colours is not None and len(colours) == 1, (box, colours)  # opaque: one flat colour


def test_jpeg_stays_jpeg(dark_jpeg: tuple[bytes, ocr.Scrubbed]) -> None:
    _, scrubbed = dark_jpeg
    after = Image.open(io.BytesIO(scrubbed.data))
    assert after.format == "JPEG" and after.size == (1366, 768)
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(after.info)


def test_error_text_comes_from_the_screen_and_never_holds_a_secret(light: tuple[bytes, ocr.Scrubbed]) -> None:
    _, scrubbed = light
    assert scrubbed.error_text == ERROR_LINES[1]


def test_error_dialog_is_read_and_left_alone() -> None:
    data, media_type = stored(error_dialog())
    scrubbed = ocr.scrub(data, media_type, find_secrets, keep_emails=[REPORTER])
    assert scrubbed.hidden == () and scrubbed.boxes == ()
    assert scrubbed.data == data  # nothing covered: the stored bytes themselves
    assert scrubbed.error_text == "\n".join(ERROR_LINES)
    assert "OK" in scrubbed.text


def test_a_russian_screen_is_read_again_with_russian() -> None:
    """Read with English first (languages=None), a Cyrillic screen reads poorly and is read again with every
    installed language: the error line and the password's label are then readable."""
    if "rus" not in ocr.languages():
        pytest.fail("tesseract-ocr-rus is not installed (.ci/run installs it)")
    rows = [(220, 90, "Ошибка: не удалось подключиться к серверу"), (220, 130, "Пароль: Hunter2-Secret!")]
    menu = ("Настройки — Учётная запись", "Общие", "Сеть", "Обновления")
    data, media_type = stored(draw((800, 300), rows, dark=False, menu=menu))
    scrubbed = ocr.scrub(data, media_type, find_secrets)
    assert scrubbed.error_text is not None and "Ошибка" in scrubbed.error_text, scrubbed.text
    assert "Hunter2" not in scrubbed.text and "Hunter2" not in read_text(scrubbed.data)


def test_lines_give_each_word_its_span() -> None:
    words = (
        ocr.Word("Password:", (10, 10, 80, 24), 0, 95.0),
        ocr.Word("Hunter2", (88, 10, 150, 24), 0, 91.0),
        ocr.Word("OK", (10, 40, 30, 54), 1, 96.0),
    )
    assert ocr.lines(words) == [
        ("Password: Hunter2", [(0, 9, words[0]), (10, 17, words[1])]),
        ("OK", [(0, 2, words[2])]),
    ]
    assert ocr.lines(()) == []


def test_failures_are_one_line_errors() -> None:
    with pytest.raises(ocr.OcrError) as damaged:
        ocr.scrub(b"\x89PNG\r\n\x1a\n not really", "image/png", find_secrets)
    assert "cannot be decoded" in damaged.value.message and "\n" not in damaged.value.message
    with pytest.raises(ocr.OcrError, match="only PNG and JPEG"):
        ocr.scrub(b"GIF89a", "image/gif", find_secrets)
    data, _ = stored(error_dialog())
    with pytest.raises(ocr.OcrError, match="took longer than"):
        ocr.read(data, timeout=0.0)


def test_without_tesseract_on_path_ocr_says_so_in_one_line(tmp_path: Path) -> None:
    """A fresh process whose PATH has no tesseract: one line from unavailable(), nothing raised, nothing printed."""
    code = (
        "from reportkit import ocr\n"
        "print(ocr.unavailable())\n"
        "print(ocr.languages())\n"
        "try:\n"
        "    ocr.scrub(b'', 'image/png', lambda text: [])\n"
        "except ocr.OcrUnavailable as exc:\n"
        "    print(exc.message == ocr.unavailable())\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "TESSDATA_PREFIX"}
    env["PATH"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    notice, langs, same = done.stdout.splitlines()
    assert notice.startswith("screenshots are not read for secrets: Tesseract is not installed"), notice
    assert "apt install tesseract-ocr" in notice
    assert (langs, same) == ("()", "True")


def test_unavailable_in_process_when_path_loses_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr._setup.cache_clear()
    try:
        notice = ocr.unavailable()
        assert notice is not None and "\n" not in notice and "Tesseract is not installed" in notice
        assert ocr.languages() == ()
        with pytest.raises(ocr.OcrUnavailable):
            ocr.read(b"")
    finally:
        monkeypatch.undo()
        ocr._setup.cache_clear()
    assert ocr.unavailable() is None
