"""Screenshots through `reportkit collect`: privacy of every output and the bundle, bad files as warnings."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from reportkit.cli import main

SECRET_COMMENT = b"Kotiosoite Mannerheimintie 7 B 12"


def run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=False)


def gps_photo(path: Path) -> None:
    """A photo-like JPEG with GPS coordinates, a camera owner and a comment, as a phone would write it."""
    image = Image.merge("RGB", [Image.effect_noise((1200, 900), 60 + 10 * i) for i in range(3)])
    exif = Image.Exif()
    exif[0x013B] = "Anna Virtanen"  # Artist
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (60.0, 10.0, 12.5), 3: "E", 4: (24.0, 56.0, 3.25)})
    image.save(path, "JPEG", exif=exif, comment=SECRET_COMMENT, quality=90)


def all_output_bytes(outdir: Path) -> dict[str, bytes]:
    found = {}
    for path in outdir.rglob("*"):
        if path.is_file():
            found[str(path.relative_to(outdir))] = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as bundle:
                    found.update({f"{path.name}:{n}": bundle.read(n) for n in bundle.namelist()})
    return found


def test_gps_and_comments_never_leave_the_machine(tmp_path: Path) -> None:
    photo = tmp_path / "IMG_2026_home_address.jpg"
    gps_photo(photo)
    before = photo.read_bytes()
    assert SECRET_COMMENT in before and b"Anna Virtanen" in before  # the fixture really carries them
    out = tmp_path / "out"
    result = run(
        [
            "collect",
            "--yes",
            "--offline",
            "-o",
            str(out),
            "--bundle",
            "--summary",
            "Printer error",
            "--screenshot",
            f"{photo}::Photo of the printer display",
        ]
    )
    assert result.exit_code == 0, result.output
    outputs = all_output_bytes(out)
    assert any(name.endswith("attachments/photo-01.jpg") for name in outputs)
    for name, data in outputs.items():
        assert SECRET_COMMENT not in data, name
        assert b"Anna Virtanen" not in data, name
        assert b"home_address" not in data, name  # the user's file name is not reused anywhere
        if name.endswith(".jpg"):
            with Image.open(io.BytesIO(data)) as stored:
                assert not stored.getexif() and "comment" not in stored.info and "exif" not in stored.info
    assert photo.read_bytes() == before  # the original is untouched
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (attachment,) = report["evidence"]["attachments"]
    assert attachment["caption"] == "Photo of the printer display" and attachment["media_type"] == "image/jpeg"
    with zipfile.ZipFile(next(out.glob("reportkit-*.zip"))) as bundle:
        manifest = json.loads(bundle.read("MANIFEST.json"))
    listed = {f["name"]: f for f in manifest["files"]}
    assert listed["attachments/photo-01.jpg"]["sha256"] == attachment["sha256"]
    assert {"request.txt", "request.md", "request.html", "report.json", "diagnostics.json"} <= set(listed)


def bomb_png(path: Path, side: int = 30000) -> None:
    """A tiny file whose header declares side×side pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack("!I", len(body)) + kind + body + struct.pack("!I", zlib.crc32(kind + body))

    header = struct.pack("!IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_bad_screenshots_are_warnings_and_the_rest_still_arrives(tmp_path: Path) -> None:
    good = tmp_path / "ok.png"
    Image.new("RGB", (640, 480), "#3366cc").save(good)
    fake = tmp_path / "fake.png"
    fake.write_text("this is not an image")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(good.read_bytes()[:200])
    bomb = tmp_path / "bomb.png"
    bomb_png(bomb)
    missing = tmp_path / "gone.png"
    args = [
        "collect",
        "--yes",
        "--offline",
        "-o",
        str(tmp_path / "out"),
        "-f",
        "json",
        "--screenshot",
        str(fake),
        "--screenshot",
        str(truncated),
        "--screenshot",
        str(bomb),
        "--screenshot",
        str(tmp_path),
        "--screenshot",
        str(missing),
        "--screenshot",
        str(good),
    ]
    result = run(args)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: screenshot '{fake}': not an image (unrecognised content); skipped",
        f"warning: screenshot '{truncated}': damaged or truncated PNG file; skipped",
        f"warning: screenshot '{bomb}': 900,000,000 pixels is over the limit of 90,000,000 (possibly a "
        "decompression bomb); skipped",
        f"warning: screenshot '{tmp_path}': is a directory, not an image; skipped",
        f"warning: screenshot '{missing}': does not exist (check the path); skipped",
    ]
    assert "Traceback" not in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["name"] for a in report["evidence"]["attachments"]] == ["screenshot-01.png"]
    assert len(report["meta"]["warnings"]) == 5  # the report itself says what could not be attached

    strict = run([*args[:4], str(tmp_path / "strict"), *args[5:], "--strict", "--min-score", "0"])
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == "reportkit: error: 5 warnings and --strict (the files above are written)"
    assert (tmp_path / "strict" / "report.json").is_file()


def test_html_embeds_images_and_render_embeds_them_again(tmp_path: Path) -> None:
    shot = tmp_path / "s.png"
    Image.new("RGB", (300, 200), "#00aa00").save(shot)
    out = tmp_path / "out"
    assert run(["collect", "--yes", "--offline", "-o", str(out), "--screenshot", f"{shot}::Green error"]).exit_code == 0
    html = (out / "request.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 1 and 'alt="Green error"' in html
    again = tmp_path / "again"
    assert run(["render", str(out / "report.json"), "-f", "html", "-o", str(again)]).exit_code == 0
    assert (again / "request.html").read_text(encoding="utf-8") == html


@pytest.mark.parametrize("flag", ["--capture", "--error-from-clipboard", "--copy"])
def test_no_display_degrades_to_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    out = tmp_path / "out"
    result = run(["collect", "--yes", "--offline", "-o", str(out), "-f", "text", flag])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and ("no display" in warnings[0] or "no clipboard" in warnings[0]), warnings
    assert (out / "request.txt").is_file()
