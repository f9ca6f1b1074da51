"""Screenshots through `reportkit collect`, end to end, with the real Tesseract: what is stored, embedded and bundled
shows none of the secrets the screens showed; the request and report.json say what was hidden; a dialog's error text
becomes the request's error text; a password typed in the description is covered on the screen too; `--no-ocr` and a
machine without Tesseract leave the screenshots as they were, the latter with one notice.

The screenshots are drawn here (PIL, DejaVu Sans): a light 1600×900 window and a dark 1024×640 one, each with a
password line, a card number (test numbers, Luhn-valid), a provider token and the description's password without a
label; and a plain 800×600 error dialog. Every check reads the images back with `reportkit.ocr.read`.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from PIL import Image, ImageDraw, ImageFont

from reportkit import messages, ocr
from reportkit.cli import main
from reportkit.collectors.evidence import normalise
from reportkit.secrets import find_secrets

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract (tesseract-ocr) is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("tesserocr") is None, reason="tesserocr (the ocr extra) is missing"),
]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
REPORTER = "anna.virtanen@example.com"
TYPED = "Kissa#2024"  # typed in the description after "password"; on the screens without any label
DESCRIPTION = f"Login fails with password {TYPED}"
LIGHT_LINES = (
    "Password: Hunter2-Secret!",
    "Card number: 4111 1111 1111 1111",  # Visa's test number
    "API key: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",  # a GitHub token's shape
    TYPED,
)
DARK_LINES = (
    "Password: Plumtree-77!",
    "Card number: 5555 5555 5555 4444",  # Mastercard's test number
    "GitLab token: glpat-Xk8Yw7Vu6Tq3Rm4Pd9Nh",  # a GitLab personal access token's shape
    TYPED,
)
DIALOG_ERROR = "Error 0x80070005: Access is denied."
# the values on the screens: none of their pieces (any 4 characters in a row, spaces aside) may be readable after
SECRETS = tuple(line.split(": ", 1)[-1] for line in (*LIGHT_LINES, *DARK_LINES))
PIECE = 4
KEPT_WORDS = ("Account settings", "Password", "Card number")  # only the secrets are covered, not the window
NOTICE = "not read for secrets"


def window(size: tuple[int, int], lines: tuple[str, ...], *, dark: bool, font_size: int) -> Image.Image:
    """A settings window: a title bar and `lines` of text, one below the other."""
    bg, fg, bar = (
        ((32, 33, 36), (226, 226, 226), (48, 50, 56)) if dark else ((250, 250, 250), (24, 24, 24), (228, 231, 236))
    )
    image = Image.new("RGB", size, bg)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    pen.rectangle((0, 0, size[0], 30), fill=bar)
    pen.text((12, 7), "Account settings", fill=fg, font=font)
    for n, line in enumerate(lines):
        pen.text((60, 80 + round(2.6 * font_size) * n), line, fill=fg, font=font)
    return image


def dialog() -> Image.Image:
    """A plain error dialog over an empty window: nothing secret in it."""
    image = window((800, 600), (), dark=False, font_size=16)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 16)
    pen.rectangle((150, 180, 700, 360), fill=(255, 255, 255), outline=(120, 120, 120))
    pen.text((174, 210), DIALOG_ERROR, fill=(20, 20, 20), font=font)
    pen.rectangle((590, 310, 690, 344), outline=(90, 90, 90))
    pen.text((626, 317), "OK", fill=(20, 20, 20), font=font)
    return image


@dataclass(frozen=True)
class Screens:
    light: Path
    dark: Path
    dialog: Path

    def args(self) -> list[str]:
        return [arg for path in (self.light, self.dark, self.dialog) for arg in ("--screenshot", str(path))]


def as_stored(path: Path) -> bytes:
    """What reportkit stores for a screenshot when nothing is covered: the normalised image."""
    return normalise(path.read_bytes(), f"screenshot {str(path)!r}", None, 1).data


def read_text(data: bytes) -> str:
    return "\n".join(text for text, _ in ocr.lines(ocr.read(data)))


def leaks(text: str) -> list[str]:
    """The pieces of the secrets that can be read in `text` (OCR of an image)."""
    read = "".join(text.lower().split())
    found: list[str] = []
    for secret in SECRETS:
        plain = "".join(secret.lower().split())
        found += sorted(
            {plain[i : i + PIECE] for i in range(len(plain) - PIECE + 1)}
            & {read[i : i + PIECE] for i in range(len(read) - PIECE + 1)}
        )
    return found


def collect(home: Path, args: list[str]) -> Result:
    """`reportkit collect --offline --yes …` in this process, with config and data dirs of its own under `home`."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            env.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
        for name in ("REPORTKIT_CONFIG", "DISPLAY", "WAYLAND_DISPLAY"):
            env.delenv(name, raising=False)
        result = CliRunner().invoke(main, ["collect", "--offline", "--yes", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Screens:
    where = tmp_path_factory.mktemp("screens")
    drawn = Screens(where / "light.png", where / "dark.png", where / "dialog.png")
    window((1600, 900), LIGHT_LINES, dark=False, font_size=18).save(drawn.light)
    window((1024, 640), DARK_LINES, dark=True, font_size=15).save(drawn.dark)
    dialog().save(drawn.dialog)
    return drawn


@dataclass(frozen=True)
class Collected:
    out: Path
    output: str  # what collect printed
    report: dict[str, Any]
    request: str  # request.txt
    stored: dict[str, bytes]  # attachments/NAME in the folder
    bundled: dict[str, bytes]  # attachments/NAME in the zip
    embedded: list[bytes]  # the images inside request.html (the folder's and the zip's)
    manifest: dict[str, str]  # the zip's MANIFEST.json: name -> sha256
    read: dict[str, str]  # attachment name -> what OCR reads in the stored image


def html_images(html: str) -> Iterator[bytes]:
    for found in re.finditer(r"data:image/(?:png|jpeg);base64,([A-Za-z0-9+/=]+)", html):
        yield base64.b64decode(found.group(1))


@pytest.fixture(scope="module")
def collected(screens: Screens, tmp_path_factory: pytest.TempPathFactory) -> Collected:
    """One run with the three screenshots, --bundle, the reporter's address and the typed password; no --error."""
    home = tmp_path_factory.mktemp("home")
    out = home / "out"
    args = ["-o", str(out), "--bundle", *screens.args(), "--email", REPORTER]
    result = collect(home, [*args, "--summary", "Cannot sign in to the webshop", "--description", DESCRIPTION])
    stored = {path.name: path.read_bytes() for path in sorted((out / "attachments").iterdir())}
    (zip_path,) = out.glob("reportkit-*.zip")
    with zipfile.ZipFile(zip_path) as bundle:
        names = bundle.namelist()
        bundled = {n.split("/", 1)[1]: bundle.read(n) for n in names if n.startswith("attachments/")}
        manifest = {f["name"]: f["sha256"] for f in json.loads(bundle.read("MANIFEST.json"))["files"]}
        zipped_html = bundle.read("request.html").decode("utf-8")
    embedded = [*html_images((out / "request.html").read_text("utf-8")), *html_images(zipped_html)]
    return Collected(
        out=out,
        output=result.output,
        report=json.loads((out / "report.json").read_text("utf-8")),
        request=(out / "request.txt").read_text("utf-8"),
        stored=stored,
        bundled=bundled,
        embedded=embedded,
        manifest=manifest,
        read={name: read_text(data) for name, data in stored.items()},
    )


def attachment_line(request: str, name: str) -> str:
    return next(line for line in request.splitlines() if line.startswith(f"- {name} "))


def expected_hidden(lines: tuple[str, ...]) -> list[str]:
    """The kinds the detector gives the lines as typed, and "password" for the typed password (known from the text)."""
    return sorted([kind for line in lines for _, _, kind in find_secrets(line)] + ["password"])


# --- the screens before: the secrets are there to be read --------------------------------------------------------


def test_the_drawn_screens_show_every_secret(screens: Screens) -> None:
    """The control: without reportkit covering them, OCR reads each secret off the screens as drawn."""
    light, dark = read_text(as_stored(screens.light)), read_text(as_stored(screens.dark))
    for part in ("Hunter2", "4111 1111", "ghp_aBcDeF", TYPED):
        assert part in light, light
    for part in ("Plumtree", "5555 5555", "glpat-Xk8", TYPED):
        assert part in dark, dark
    assert len(leaks(light)) >= 6 and len(leaks(dark)) >= 6
    assert DIALOG_ERROR in read_text(as_stored(screens.dialog))


# --- one collect run -----------------------------------------------------------------------------------------------


def test_no_secret_is_readable_in_what_is_stored_bundled_or_embedded(collected: Collected) -> None:
    assert sorted(collected.stored) == ["screenshot-01.png", "screenshot-02.png", "screenshot-03.png"]
    assert collected.bundled == collected.stored  # the zip carries the very same (covered) bytes …
    assert sorted(collected.embedded) == sorted([*collected.stored.values()] * 2)  # … and so do both HTML pages
    for name, text in collected.read.items():
        assert not leaks(text), (name, text)
    everything = [path.read_bytes() for path in collected.out.rglob("*") if path.is_file()]
    for secret in (*LIGHT_LINES, *DARK_LINES):
        value = secret.split(": ", 1)[-1].encode()
        assert not any(value in data for data in everything), secret  # nor in any text written


def test_only_the_secrets_are_covered(collected: Collected, screens: Screens) -> None:
    for name in ("screenshot-01.png", "screenshot-02.png"):
        for word in KEPT_WORDS:
            assert word in collected.read[name], (name, collected.read[name])
    assert collected.stored["screenshot-03.png"] == as_stored(screens.dialog)  # nothing to cover: untouched
    assert DIALOG_ERROR in collected.read["screenshot-03.png"]


def test_the_request_says_what_was_hidden_in_each_screenshot(collected: Collected) -> None:
    for name, lines in (("screenshot-01.png", LIGHT_LINES), ("screenshot-02.png", DARK_LINES)):
        line = attachment_line(collected.request, name)
        kinds = ", ".join(kind.replace("-", " ") for kind in sorted(set(expected_hidden(lines))))  # named in words
        said = f"— {len(expected_hidden(lines))} secrets hidden in this screenshot ({kinds})"
        assert line.casefold().endswith(said.casefold()), line  # "GitHub token" for github-token
    assert "hidden" not in attachment_line(collected.request, "screenshot-03.png")
    assert NOTICE not in collected.output and NOTICE not in collected.request
    assert collected.report["meta"]["warnings"] == []


def test_report_json_records_the_hidden_kinds_and_the_stored_files_hash(collected: Collected) -> None:
    records = {a["name"]: a for a in collected.report["evidence"]["attachments"]}
    assert sorted(records["screenshot-01.png"]["hidden"]) == expected_hidden(LIGHT_LINES)
    assert sorted(records["screenshot-02.png"]["hidden"]) == expected_hidden(DARK_LINES)
    assert records["screenshot-03.png"]["hidden"] == []
    for name, data in collected.stored.items():
        digest = hashlib.sha256(data).hexdigest()
        assert records[name]["sha256"] == digest and records[name]["size"] == len(data), name
        assert collected.manifest[f"attachments/{name}"] == digest
        assert records[name]["media_type"] == "image/png"


def test_the_dialogs_error_text_becomes_the_error_text_marked_as_read(collected: Collected) -> None:
    assert collected.report["evidence"]["errors"] == [
        {
            "text": DIALOG_ERROR,
            "source": "screenshot 3",
            "truncated": False,
            "original_bytes": None,
            "note": {"key": "pipeline.read_from_screenshot", "args": {"number": "3"}},  # a message
        }
    ]
    block = collected.request.split("Exact error message", 1)[1].split("Attachments", 1)[0]
    assert "(read from screenshot 3)" in block and DIALOG_ERROR in block, block


def test_a_password_typed_in_the_description_is_covered_on_the_screens(collected: Collected) -> None:
    assert find_secrets(TYPED) == []  # on its own, without a label, the detector does not see it …
    assert find_secrets(DESCRIPTION)  # … but after "password" in the description it does
    assert "Login fails with password [REDACTED:password]" in collected.request
    assert TYPED not in collected.request
    for name in ("screenshot-01.png", "screenshot-02.png"):
        assert "Kissa" not in collected.read[name], collected.read[name]


def test_without_the_typed_password_the_bare_value_stays_readable(screens: Screens, tmp_path: Path) -> None:
    """The control for the propagation: the same screen with a description that holds no password."""
    out = tmp_path / "out"
    collect(tmp_path, ["-o", str(out), "--screenshot", str(screens.light), "--description", "Login fails"])
    report = json.loads((out / "report.json").read_text("utf-8"))
    (record,) = report["evidence"]["attachments"]
    assert sorted(record["hidden"]) == sorted(k for line in LIGHT_LINES for _, _, k in find_secrets(line))
    text = read_text((out / "attachments" / "screenshot-01.png").read_bytes())
    assert TYPED in text and "Hunter2" not in text, text


# --- OCR off, OCR missing ------------------------------------------------------------------------------------------


def test_no_ocr_leaves_the_screenshots_as_they_were(screens: Screens, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["-o", str(out), "--no-ocr", *screens.args(), "--description", DESCRIPTION]
    result = collect(tmp_path, args)
    for n, path in enumerate((screens.light, screens.dark, screens.dialog), 1):
        assert (out / "attachments" / f"screenshot-0{n}.png").read_bytes() == as_stored(path), path.name
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert [a["hidden"] for a in report["evidence"]["attachments"]] == [[], [], []]
    assert report["evidence"]["errors"] == []  # the dialog is not read either
    assert report["meta"]["warnings"] == []
    request = (out / "request.txt").read_text("utf-8")
    assert "hidden in this screenshot" not in request and "read from screenshot" not in request
    assert NOTICE not in result.output and "OCR" not in result.output and "Tesseract" not in result.output


def path_without_tesseract(where: Path) -> str:
    """A PATH of one folder: a link to every program on this PATH but tesseract."""
    where.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not folder or not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            link = where / entry.name
            if entry.name != "tesseract" and not link.is_symlink():
                link.symlink_to(entry.path)
    assert shutil.which("tesseract", path=str(where)) is None
    assert shutil.which("tesseract") is not None
    return str(where)


@dataclass(frozen=True)
class Missing:
    code: int
    printed: list[str]  # stdout and stderr lines
    out: Path


@pytest.fixture(scope="module")
def without_tesseract(screens: Screens, tmp_path_factory: pytest.TempPathFactory) -> Missing:
    """`python -m reportkit collect` in a fresh process whose PATH has no tesseract."""
    home = tmp_path_factory.mktemp("no-tesseract")
    dropped = ("TESSDATA_PREFIX", "DISPLAY", "WAYLAND_DISPLAY", "REPORTKIT_CONFIG")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({f"XDG_{name}_HOME": str(home / name.lower()) for name in ("CONFIG", "DATA", "STATE", "CACHE")})
    env["PATH"] = path_without_tesseract(home / "bin")
    out = home / "out"
    args = ["collect", "--offline", "--yes", "-o", str(out), *screens.args(), "--description", DESCRIPTION]
    done = subprocess.run(
        [sys.executable, "-m", "reportkit", *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return Missing(done.returncode, (done.stdout + done.stderr).splitlines(), out)


def test_without_tesseract_one_notice_and_a_normal_request(without_tesseract: Missing, screens: Screens) -> None:
    got = without_tesseract
    assert got.code == 0, "\n".join(got.printed)
    assert not [line for line in got.printed if "Traceback" in line]
    notices = [line for line in got.printed if NOTICE in line]
    assert len(notices) == 1, got.printed
    assert "Tesseract is not installed" in notices[0] and "apt install tesseract-ocr" in notices[0]
    for n, path in enumerate((screens.light, screens.dark, screens.dialog), 1):
        assert (got.out / "attachments" / f"screenshot-0{n}.png").read_bytes() == as_stored(path), path.name
    report = json.loads((got.out / "report.json").read_text("utf-8"))
    assert [a["hidden"] for a in report["evidence"]["attachments"]] == [[], [], []]
    assert report["evidence"]["errors"] == []
    assert report["problem"]["description"] == "Login fails with password [REDACTED:password]"  # text as ever
    assert not [w for w in report["meta"]["warnings"] if NOTICE in w]  # a notice for the user, not in the request
    request = (got.out / "request.txt").read_text("utf-8")
    assert "hidden in this screenshot" not in request and TYPED not in request


def test_the_notice_says_it_once(without_tesseract: Missing) -> None:
    (notice,) = [line for line in without_tesseract.printed if NOTICE in line]
    assert notice.count("for secrets") == 1, notice


# --- interactive: the dialog's error text is offered --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("add", [True, False], ids=["yes", "no"])
def test_interactive_collect_asks_before_adding_the_dialogs_error_text(
    add: bool, screens: Screens, tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    """On a real terminal (pty), every answer but the error given by flags: the error text is skipped in the
    interview, the screenshot's is shown and offered before the preview, and added (marked) only on yes."""
    from test_interrupt_pty import Session, environment
    from test_not_a_secret import FLAGS

    at = FLAGS.index("--error")
    flags = FLAGS[:at] + FLAGS[at + 2 :]  # no error text given
    out = tmp_path / "out"
    args = ["--offline", "--interactive", "-o", str(out), "-f", "json", "--screenshot", str(screens.dialog), *flags]
    s = Session(args, environment(isolated_dirs, tmp_path))
    try:
        s.answer(b"Paste the exact error", b"")  # an empty line: skipped
        s.wait_for(b"Screenshot 1 shows this error text (read by OCR):")
        s.wait_for(DIALOG_ERROR.encode())
        s.answer(b"Add it to the request as the exact error text?", b"y" if add else b"n")
        s.answer(b"[c]ancel", b"s")
        s.answer(b"Remember", b"n")
        assert s.finish() == 0, s.seen[-1500:]
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
        if s.open:
            os.close(s.leader)
    assert b"Traceback" not in s.seen
    assert s.seen.count(b"Add it to the request") == 1  # asked once, not again after the preview is rebuilt
    report = json.loads((out / "report.json").read_text("utf-8"))
    errors = report["evidence"]["errors"]
    if add:
        assert [(e["text"], messages.from_json(e["note"])) for e in errors] == [
            (DIALOG_ERROR, "read from screenshot 1")
        ]
        assert b"(read from screenshot 1)" in s.seen.rsplit(b"Add it to the request", 1)[1]  # in the preview
    else:
        assert errors == []


# --- the other way round: a secret seen in a screenshot is removed from the text too -------------------------------


def test_a_secret_read_in_a_screenshot_is_removed_from_the_text_too(tmp_path: Path) -> None:
    """The screen shows "Password: Qz8#Lm4!Rt" (a label: the detector flags it there); the description quotes the
    bare value without a label, which alone the detector would leave. It goes from the text as well."""
    bare = "Qz8#Lm4!Rt"
    assert find_secrets(f"the dialog shows {bare} again") == []  # on its own, no label: not a finding
    shot = tmp_path / "pw.png"
    window((1024, 640), ("Account settings", f"Password: {bare}"), dark=False, font_size=22).save(shot)
    out = tmp_path / "out"
    collect(
        tmp_path,
        [
            "-o",
            str(out),
            "--screenshot",
            str(shot),
            "--summary",
            "Login fails",
            "--description",
            f"The dialog shows {bare} again and then logs me out",
        ],
    )
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert bare not in (out / "request.txt").read_text("utf-8")
    assert bare not in report["problem"]["description"]
    assert report["evidence"]["attachments"][0]["hidden"]
