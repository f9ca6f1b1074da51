"""Screenshots and photos: validated by content, oriented, stripped of metadata, downscaled, stored as PNG or JPEG.

Real images made with Pillow in temporary directories; no display needed (the X11 tests live elsewhere).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from reportkit import clipboard
from reportkit.collectors import evidence
from reportkit.collectors.evidence import EvidenceWarning, load_screenshot, normalise, parse_screenshot_arg

SECRETS = (b"SECRET-DATUM", b"Jane Secret", b"secret comment 1234", b"http://ns.adobe.com/xap", b"Exif\x00\x00")


def screenshot_like(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A UI: flat background, a title bar, buttons and some 'text' lines — few colours."""
    image = Image.new("RGB", size, (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 40), fill=(30, 60, 120))
    draw.rectangle((50, 100, 300, 140), fill=(200, 30, 30))
    for y in range(180, min(size[1] - 20, 500), 24):
        draw.text((50, y), "Error 0x80070005: access is denied", fill=(20, 20, 20))
    return image


def photo_like(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """Noise on a gradient: thousands of colours, none dominant."""
    bands = [Image.effect_noise(size, 60).point(lambda v, o=o: min(255, max(0, v + o))) for o in (-30, 0, 30)]
    return Image.merge("RGB", bands)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close(pixel: object, expected: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(p) - e) < 60 for p, e in zip(pixel, expected, strict=True))


def assert_clean(data: bytes) -> None:
    for secret in SECRETS:
        assert secret not in data, secret
    image = reopen(data)
    assert not image.getexif()
    assert not {"exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp", "dpi"} & set(image.info)
    if image.format == "PNG":
        assert not getattr(image, "text", {})
        assert not any(chunk in data for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"pHYs"))


# --- parse_screenshot_arg ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("shot.png", ("shot.png", None)),
        ("shot.png::Login fails", ("shot.png", "Login fails")),
        ("shot.png::  spaced  ", ("shot.png", "spaced")),
        ("shot.png::", ("shot.png", None)),
        ("C:\\Users\\me\\x.png::cap", ("C:\\Users\\me\\x.png", "cap")),
        ("C:\\x.png", ("C:\\x.png", None)),
        ("/tmp/a b.png::Error: 500::retry", ("/tmp/a b.png", "Error: 500::retry")),
    ],
)
def test_parse_screenshot_arg(arg: str, expected: tuple[str, str | None]) -> None:
    assert parse_screenshot_arg(arg) == expected


# --- good images ------------------------------------------------------------------------------------------------------


def test_screenshot_png_stays_png_and_original_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "Jane Doe's bank error.png"
    screenshot_like().save(path)
    before, mtime = sha(path), path.stat().st_mtime_ns
    image = load_screenshot(str(path), "Login fails", index=3)
    assert sha(path) == before and path.stat().st_mtime_ns == mtime
    a = image.attachment
    assert (a.name, a.media_type, a.caption) == ("screenshot-03.png", "image/png", "Login fails")
    assert a.size == len(image.data) and a.sha256 == hashlib.sha256(image.data).hexdigest()
    out = reopen(image.data)
    assert (out.format, out.size) == ("PNG", (800, 600))
    assert out.convert("RGB").getpixel((100, 120)) == (200, 30, 30)  # lossless


def test_noisy_photo_becomes_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "IMG_2024.jpg"
    photo_like().save(path, quality=95)
    image = load_screenshot(str(path), None, index=1)
    assert (image.attachment.name, image.attachment.media_type, image.attachment.caption) == (
        "photo-01.jpg",
        "image/jpeg",
        None,
    )
    out = reopen(image.data)
    assert (out.format, out.size, out.mode) == ("JPEG", (800, 600), "RGB")


def test_content_decides_not_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "really-a-png.jpg"
    screenshot_like().save(path, format="PNG")
    assert load_screenshot(str(path)).attachment.media_type == "image/png"


def test_every_piece_of_metadata_is_dropped(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Jane Secret"
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSMapDatum] = "SECRET-DATUM"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:xmp="http://ns.adobe.com/xap/1.0/"/></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for name, image in (("photo.jpg", photo_like()), ("shot.jpg", screenshot_like())):
        path = tmp_path / name
        image.save(path, quality=95, exif=exif, comment=b"secret comment 1234", xmp=xmp, icc_profile=icc)
        raw = path.read_bytes()
        assert all(secret in raw for secret in SECRETS)  # the input really carries all of it
        stored = load_screenshot(str(path))
        assert_clean(stored.data)


def test_png_text_chunks_icc_and_exif_are_dropped(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret comment 1234")
    info.add_itxt("XML:com.adobe.xmp", "http://ns.adobe.com/xap/1.0/")
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Jane Secret"
    path = tmp_path / "shot.png"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    screenshot_like().save(path, pnginfo=info, exif=exif, icc_profile=icc, dpi=(144, 144))
    assert_clean(load_screenshot(str(path)).data)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # stored 40 wide × 20 high, red block in the stored top-left corner; orientation 6 = rotate 90° clockwise to view
    image = Image.new("RGB", (40, 20), (255, 255, 255))
    image.paste((255, 0, 0), (0, 0, 10, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "rotated.jpg"
    image.save(path, quality=95, exif=exif)
    out = reopen(load_screenshot(str(path)).data).convert("RGB")
    assert out.size == (20, 40)
    assert close(out.getpixel((17, 2)), (255, 0, 0))  # the stored top-left corner is now the top-right corner
    assert close(out.getpixel((2, 2)), (255, 255, 255))
    assert not reopen(load_screenshot(str(path)).data).getexif()  # no orientation tag left to apply twice


def test_big_photo_is_downscaled_to_1920(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    photo_like((1000, 750)).resize((4000, 3000)).save(path, quality=80)
    out = reopen(load_screenshot(str(path)).data)
    assert out.size == (1920, 1440)


def test_big_screenshot_is_downscaled_to_1920(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    screenshot_like((3000, 4000)).save(path, compress_level=1)
    image = load_screenshot(str(path))
    assert image.attachment.media_type == "image/png"
    assert reopen(image.data).size == (1440, 1920)


def test_rgba_with_transparency_stays_png_with_alpha(tmp_path: Path) -> None:
    path = tmp_path / "overlay.png"
    image = photo_like((300, 200)).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((300, 200)))
    image.save(path)
    stored = load_screenshot(str(path))
    out = reopen(stored.data)
    assert (stored.attachment.media_type, out.mode) == ("image/png", "RGBA")


def test_opaque_rgba_loses_its_useless_alpha(tmp_path: Path) -> None:
    path = tmp_path / "opaque.png"
    screenshot_like().convert("RGBA").save(path)
    assert reopen(load_screenshot(str(path)).data).mode == "RGB"


def test_gif_first_frame(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (64, 48), colour) for colour in ((0, 0, 255), (0, 255, 0), (255, 0, 0))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    stored = load_screenshot(str(path))
    out = reopen(stored.data).convert("RGB")
    assert stored.attachment.media_type == "image/png"
    assert out.size == (64, 48) and out.getpixel((10, 10)) == (0, 0, 255)


@pytest.mark.parametrize(("fmt", "kwargs"), [("WEBP", {"lossless": True}), ("BMP", {})])
def test_webp_and_bmp(tmp_path: Path, fmt: str, kwargs: dict[str, object]) -> None:
    path = tmp_path / f"shot.{fmt.lower()}"
    screenshot_like().save(path, format=fmt, **kwargs)
    stored = load_screenshot(str(path), index=2)
    assert stored.attachment.name == "screenshot-02.png"
    assert reopen(stored.data).convert("RGB").getpixel((100, 120)) == (200, 30, 30)


def test_grey_and_palette_images(tmp_path: Path) -> None:
    grey = tmp_path / "grey.png"
    screenshot_like().convert("L").save(grey)
    assert reopen(load_screenshot(str(grey)).data).mode == "L"
    deep = tmp_path / "16bit.png"
    Image.linear_gradient("L").resize((64, 64)).convert("I").point(lambda v: v * 256).convert("I;16").save(deep)
    out = reopen(load_screenshot(str(deep)).data)
    assert out.mode == "L" and out.getextrema() == (0, 255)


def test_normalise_is_the_shared_pipeline() -> None:
    buffer = io.BytesIO()
    screenshot_like().save(buffer, "PNG")
    image = normalise(buffer.getvalue(), "test", "cap", 7)
    assert (image.attachment.name, image.attachment.caption) == ("screenshot-07.png", "cap")


# --- bad input: one warning line naming the file ----------------------------------------------------------------------


def warning_for(path: Path | str) -> str:
    with pytest.raises(EvidenceWarning) as caught:
        load_screenshot(str(path))
    message = caught.value.message
    assert "\n" not in message
    return message


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that declares a huge size: the bomb check must fire before any pixel is decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    path.write_text("this is not a picture\n")
    assert warning_for(path) == f"screenshot {str(path)!r}: not an image (unrecognised content); skipped"


def test_unsupported_image_format(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    screenshot_like((32, 32)).save(path, format="TIFF")
    assert warning_for(path) == (
        f"screenshot {str(path)!r}: TIFF images are not supported (use PNG, JPEG, WebP, BMP or GIF); skipped"
    )


def test_truncated_png(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    photo_like((200, 150)).save(buffer, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert warning_for(path) == f"screenshot {str(path)!r}: damaged or truncated PNG file; skipped"


def test_truncated_jpeg(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    photo_like((200, 150)).save(buffer, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert warning_for(path) == f"screenshot {str(path)!r}: damaged or truncated JPEG file; skipped"


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (10000, 9500)])
def test_decompression_bomb(tmp_path: Path, width: int, height: int) -> None:
    # 30000² is over twice Pillow's limit (its error); 10000×9500 only over it (its warning, made an error)
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(width, height))
    assert path.stat().st_size < 200
    assert warning_for(path) == (
        f"screenshot {str(path)!r}: {width * height:,} pixels is over the limit of 90,000,000 "
        "(possibly a decompression bomb); skipped"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.png"
    screenshot_like((10, 10)).save(path)
    path.unlink()
    assert warning_for(path) == f"screenshot {str(path)!r}: does not exist (check the path); skipped"


def test_file_vanishes_between_stat_and_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flaky.png"
    screenshot_like((10, 10)).save(path)
    real_stat = os.stat

    def stat_then_delete(p: str, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(p, *args, **kwargs)  # type: ignore[arg-type]
        if p == str(path):
            os.unlink(p)
        return result

    monkeypatch.setattr(os, "stat", stat_then_delete)
    assert warning_for(path) == f"screenshot {str(path)!r}: vanished before it could be read; skipped"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "shots.png"
    folder.mkdir()
    assert warning_for(folder) == f"screenshot {str(folder)!r}: is a directory, not an image; skipped"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.png"
    screenshot_like((10, 10)).save(path)
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail the way it fails for a user
        real_open = os.open

        def denied(p: str, flags: int, *args: int) -> int:
            if p == str(path):
                raise PermissionError(13, "Permission denied", p)
            return real_open(p, flags, *args)

        monkeypatch.setattr(os, "open", denied)
    assert warning_for(path) == f"screenshot {str(path)!r}: cannot be read (Permission denied); skipped"


def test_empty_file_and_fifo(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert warning_for(empty) == f"screenshot {str(empty)!r}: is empty; skipped"
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert warning_for(fifo) == f"screenshot {str(fifo)!r}: is not a regular file; skipped"  # and it did not hang


def test_no_path_before_caption() -> None:
    path, caption = parse_screenshot_arg("::just a caption")
    assert (path, caption) == ("", "just a caption")
    assert warning_for(path) == "screenshot '': no file name given (before '::'); skipped"


# --- capture and clipboard without a display --------------------------------------------------------------------------


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)


@pytest.mark.usefixtures("no_display")
def test_capture_without_display() -> None:
    with pytest.raises(EvidenceWarning) as caught:
        evidence.capture_screen(0.0, "cap", 1)
    assert caught.value.message == "no display for --capture: set DISPLAY or give --screenshot PATH"


@pytest.mark.usefixtures("no_display")
def test_clipboard_without_display() -> None:
    expected = (
        "no clipboard: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
        "run in a desktop session with xsel or xclip (X11) or wl-clipboard (Wayland)"
    )
    for action in (clipboard.paste, lambda: clipboard.copy("text")):
        with pytest.raises(clipboard.ClipboardUnavailable) as caught:
            action()
        assert caught.value.message == expected
    with pytest.raises(EvidenceWarning) as warned:
        evidence.read_clipboard_error()
    assert warned.value.message == f"--error-from-clipboard: {expected}"


def test_clipboard_without_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(clipboard.ClipboardUnavailable) as caught:
        clipboard.paste()
    assert caught.value.message == "no clipboard: install xsel or xclip (X11) or wl-clipboard (Wayland)"


def test_clipboard_text_becomes_an_error_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "paste", lambda: "Error 503\r\nService Unavailable\r\n")
    error = evidence.read_clipboard_error()
    assert (error.text, error.source, error.truncated) == ("Error 503\nService Unavailable\n", "clipboard", False)
    monkeypatch.setattr(clipboard, "paste", lambda: "x" * (evidence.MAX_ERROR_BYTES + 10))
    assert evidence.read_clipboard_error().truncated
    monkeypatch.setattr(clipboard, "paste", lambda: " \n\t")
    with pytest.raises(EvidenceWarning) as caught:
        evidence.read_clipboard_error()
    assert caught.value.message == "--error-from-clipboard: the clipboard holds no text; copy the error message first"


def test_busy_screenshot_gets_a_palette_and_stays_close_to_the_original() -> None:
    from PIL import ImageChops, ImageDraw, ImageStat

    base = Image.new("RGB", (3840, 2160), "#f4f6f8")
    draw = ImageDraw.Draw(base)
    for row in range(0, 2160, 24):  # anti-aliased text-like lines: thousands of in-between colours after downscaling
        draw.text((40, row), "502 Bad Gateway upstream timed out " * 8, fill=(row % 200, 40, 90))
    draw.rectangle([0, 0, 3840, 90], fill="#1f6feb")
    raw = io.BytesIO()
    base.save(raw, "PNG")
    stored = evidence.normalise(raw.getvalue(), "busy", None, 1)
    assert stored.attachment.name == "screenshot-01.png"
    with Image.open(io.BytesIO(stored.data)) as out:
        assert out.mode == "P" and out.size == (1920, 1080)
        expected = base.resize((1920, 1080), Image.Resampling.LANCZOS)
        diff = ImageStat.Stat(ImageChops.difference(out.convert("RGB"), expected)).mean
    assert max(diff) < 3  # on average within 3 of 255 per channel: visually the same
    plain = io.BytesIO()
    expected.save(plain, "PNG", compress_level=6)
    assert len(stored.data) < len(plain.getvalue()) / 2
