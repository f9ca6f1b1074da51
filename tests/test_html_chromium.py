"""request.html with screenshots, opened by a real browser: headless Chromium (Debian's `chromium`).

Two screenshots with known colours go in through `reportkit collect --screenshot`; request.html is then copied alone
into an empty folder (it must be complete by itself) and opened from a file:// URL. `--dump-dom` shows the images as
data: URIs that decode to the attachments; `--screenshot` shows that Chromium really draws the thumbnails; a real
click through the DevTools pipe shows that the thumbnail opens the full-size picture. (Chromium refuses a top-frame
navigation to a data: URL — "Not allowed to navigate top frame to data URL" — so a plain <a href="data:…"> does not
open anything there; the click test says so when that is the design.)

Chromium runs in a network namespace of its own when it can (root), and always with every host name mapped to
nothing and a proxy on a closed loopback port, so it sends nothing anywhere. Missing chromium skips these tests on a
developer's machine and fails them in CI (CI=true).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw
from xdisplay import close, kill_pids, require, run_cli, stop

pytestmark = pytest.mark.slow

BLUE = (20, 90, 220)
RED = (230, 30, 40)
GREEN = (40, 180, 60)
RED_BOX = (300, 200, 500, 400)  # in the 800x600 blue picture: x0, y0, x1, y1 (exclusive)
CAPTION = "Checkout page after pressing Pay"
WINDOW = (1280, 6000)  # tall enough to show the whole request; the thumbnails must be drawn somewhere in it
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--metrics-recording-only",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves …
    "--proxy-server=127.0.0.1:9",  # … and anything else would go to a closed loopback port
]


def chromium_binary() -> str | None:
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def own_network_namespace() -> list[str]:
    """`unshare --net` when it works here (root): Chromium then has no network but a loopback that is down."""
    if not shutil.which("unshare"):
        return []
    done = subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10)
    return ["unshare", "--net"] if done.returncode == 0 else []


@contextlib.contextmanager
def launched(*args: str, wrap: Sequence[str] = (), **popen: Any) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Headless Chromium with a fresh profile, in its own process group (and network namespace when possible).
    Yields the process and its command line; afterwards every process it started (found by the unique profile path)
    and the profile are gone. `wrap` goes before the command; `popen`: more arguments for subprocess.Popen."""
    binary = chromium_binary()
    require(binary, "chromium (apt-get install chromium)")
    assert binary
    profile = tempfile.mkdtemp(prefix="reportkit-chromium-")
    cmd = [*wrap, *own_network_namespace(), binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    try:
        with tempfile.TemporaryFile() as err:
            env = {**os.environ, "TMPDIR": profile}  # its singleton socket dir goes away with the profile
            options = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": err, "env": env, **popen}
            proc = subprocess.Popen(cmd, start_new_session=True, **options)
            try:
                yield proc, " ".join(cmd)
            finally:
                stop(proc)
    finally:
        kill_pids(processes_mentioning(profile))
        shutil.rmtree(profile, ignore_errors=True)


def chromium(url: str, *args: str, timeout: float = 120) -> bytes:
    """Run headless Chromium once on `url`; return what it printed."""
    with launched("--virtual-time-budget=2000", *args, url) as (proc, cmd):
        try:
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"chromium did not finish within {timeout:.0f} s: {cmd}", pytrace=False)
        assert proc.returncode == 0, f"chromium exited {proc.returncode}: {cmd}"
        return stdout


def _above_4(fd: int) -> int:
    """The same pipe end on a descriptor ≥ 10, so moving it onto 3 or 4 in the child cannot clobber the other."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe (JSON messages ended by NUL on fds 3 and 4): enough
    to load a page, find elements, click like a user and look at the result. Nothing runs inside the page."""

    def __init__(self, *args: str) -> None:
        to_chrome, self.write = map(_above_4, os.pipe())
        self.read, to_us = map(_above_4, os.pipe())

        self._launch = launched(
            "--remote-debugging-pipe",
            *args,
            "about:blank",
            stdout=subprocess.DEVNULL,
            pass_fds=(to_chrome, to_us),
            wrap=["bash", "-c", f'exec 3<&{to_chrome} 4>&{to_us} {to_chrome}<&- {to_us}>&-; exec "$@"', "chromium"],
        )
        self.proc, _ = self._launch.__enter__()
        os.close(to_chrome)
        os.close(to_us)
        self.buffer = b""
        self.last_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> DevTools:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError, TimeoutError, EOFError, RuntimeError):
            self.call("Browser.close", timeout=5)
        os.close(self.write)
        os.close(self.read)
        self._launch.__exit__(None, None, None)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30):
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._next(deadline)
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def _next(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.read], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.read, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def wait_event(self, method: str, session: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            self.events.append(self._next(deadline))

    def pages(self) -> list[dict[str, Any]]:
        return [t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"]

    def attach(self, target: str) -> str:
        session: str = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Log", "DOM"):
            self.call(f"{domain}.enable", session=session)
        return session

    def open(self, url: str) -> str:
        session = self.attach(self.pages()[0]["targetId"])
        self.call("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session)
        return session

    def nodes(self, session: str, selector: str) -> list[int]:
        root = self.call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
        found: list[int] = self.call("DOM.querySelectorAll", {"nodeId": root, "selector": selector}, session)["nodeIds"]
        return found

    def attribute(self, session: str, node: int, name: str) -> str | None:
        flat = self.call("DOM.getAttributes", {"nodeId": node}, session)["attributes"]
        values = dict(zip(flat[::2], flat[1::2], strict=True))
        return values.get(name)

    def box(self, session: str, node: int) -> tuple[float, float, float, float]:
        """x, y (in the viewport), width, height of the element's content box, scrolled into view first."""
        self.call("DOM.scrollIntoViewIfNeeded", {"nodeId": node}, session)
        quad = self.call("DOM.getBoxModel", {"nodeId": node}, session)["model"]["content"]
        return quad[0], quad[1], quad[2] - quad[0], quad[5] - quad[1]

    def click(self, session: str, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            event = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            self.call("Input.dispatchMouseEvent", event, session)

    def screenshot(self, session: str) -> Image.Image:
        self.call("Page.bringToFront", session=session)  # a background tab is not painted
        data = self.call("Page.captureScreenshot", {"format": "png"}, session, timeout=15)["data"]
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")

    def refusals(self) -> list[str]:
        """What the browser refused to do (e.g. 'Not allowed to navigate top frame to data URL')."""
        entries = [e["params"]["entry"] for e in self.events if e.get("method") == "Log.entryAdded"]
        return [e["text"][:160] for e in entries if e.get("source") == "security" or "Not allowed" in e["text"]]


def processes_mentioning(text: str) -> list[int]:
    """Pids whose command line contains `text` (the unique profile dir: Chromium's helpers, crashpad)."""
    needle = text.encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if needle in Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
    return found


# --- the request under test --------------------------------------------------------------------------------------


@dataclass
class Page:
    html: Path  # request.html, alone in a folder of its own
    attachments: list[dict[str, Any]]
    out: Path  # the whole output folder


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    src = tmp_path_factory.mktemp("pictures")
    blue = Image.new("RGB", (800, 600), BLUE)
    ImageDraw.Draw(blue).rectangle((RED_BOX[0], RED_BOX[1], RED_BOX[2] - 1, RED_BOX[3] - 1), fill=RED)
    blue.save(src / "checkout.png")
    Image.new("RGB", (640, 480), GREEN).save(src / "green.png")
    out = tmp_path_factory.mktemp("request") / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    args = ["collect", "--yes", "--offline", "-o", str(out), "-f", "html", "-f", "json", "--summary", "Pay fails"]
    args += ["--screenshot", f"{src / 'checkout.png'}::{CAPTION}", "--screenshot", str(src / "green.png")]
    run = run_cli(args, env)
    assert run.returncode == 0, run
    assert "Traceback" not in run.stderr and not run.warnings, run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    alone = tmp_path_factory.mktemp("alone") / "request.html"
    shutil.copyfile(out / "request.html", alone)
    return Page(alone, list(report["evidence"]["attachments"]), out)


def test_attachments_are_normalised(page: Page) -> None:
    names = [a["name"] for a in page.attachments]
    assert names == ["screenshot-01.png", "screenshot-02.png"], page.attachments
    assert [a.get("caption") for a in page.attachments] == [CAPTION, None]
    for att, size in zip(page.attachments, [(800, 600), (640, 480)], strict=True):
        data = (page.out / "attachments" / att["name"]).read_bytes()
        assert att["media_type"] == "image/png" and att["size"] == len(data)
        assert att["sha256"] == hashlib.sha256(data).hexdigest()
        assert Image.open(io.BytesIO(data)).size == size


# --- what the browser's DOM holds --------------------------------------------------------------------------------


@dataclass
class Link:
    href: str
    images: list[str] = field(default_factory=list)


class Links(HTMLParser):
    """<a href> elements with the <img src> inside each, and every <img src> in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[Link] = []
        self.images: list[str] = []
        self.text = ""
        self._open: list[Link | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a":
            link = Link(values["href"]) if "href" in values else None
            if link:
                self.links.append(link)
            self._open.append(link)
        elif tag == "img":
            self.images.append(values.get("src", ""))
            for link in reversed(self._open):
                if link:
                    link.images.append(values.get("src", ""))
                    break

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._open.pop()


DATA_URI = re.compile(r"data:(image/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/=\s]+)\Z")


def decode(uri: str) -> tuple[str, bytes]:
    match = DATA_URI.match(uri)
    assert match, f"not a base64 image data: URI: {uri[:80]}…"
    try:
        return match[1], base64.b64decode(re.sub(r"\s", "", match[2]), validate=True)
    except binascii.Error as exc:
        raise AssertionError(f"bad base64 in {uri[:60]}…: {exc}") from None


def picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def at(image: Image.Image, fx: float, fy: float) -> tuple[int, int, int]:
    """The pixel at a fraction of the width and height."""
    px = image.getpixel((min(int(fx * image.width), image.width - 1), min(int(fy * image.height), image.height - 1)))
    assert isinstance(px, tuple)
    return px[0], px[1], px[2]


def check_pixels(image: Image.Image, blue_picture: bool, what: str) -> None:
    if blue_picture:
        for fx, fy in ((0.05, 0.05), (0.95, 0.95), (0.2, 0.5)):
            assert close(at(image, fx, fy), BLUE, 24), f"{what}: {at(image, fx, fy)} at {fx},{fy} is not blue"
        assert close(at(image, 0.5, 0.5), RED, 24), f"{what}: the red square is missing ({at(image, 0.5, 0.5)})"
    else:
        for fx, fy in ((0.05, 0.05), (0.5, 0.5), (0.95, 0.95)):
            assert close(at(image, fx, fy), GREEN, 24), f"{what}: {at(image, fx, fy)} at {fx},{fy} is not green"


@pytest.fixture(scope="module")
def dom(page: Page) -> Links:
    stdout = chromium(page.html.as_uri(), "--dump-dom")
    parser = Links()
    parser.feed(stdout.decode("utf-8"))
    return parser


def looks_like(image: Image.Image, blue_picture: bool) -> bool:
    return close(at(image, 0.05, 0.05), BLUE if blue_picture else GREEN, 24)


def test_dom_holds_each_screenshot_inline_full_size_and_as_a_thumbnail(page: Page, dom: Links) -> None:
    assert dom.images, "no <img> in the page Chromium loaded"
    outside = [src[:80] for src in dom.images if not src.startswith("data:")]
    assert not outside, f"images that are not inside the file: {outside}"
    uris = [uri for uri in [*dom.images, *(link.href for link in dom.links)] if DATA_URI.match(uri)]
    shown = [(kind, picture(data)) for kind, data in map(decode, dom.images)]
    for att, blue_picture in zip(page.attachments, [True, False], strict=True):
        full = (page.out / "attachments" / att["name"]).read_bytes()
        assert any(decode(uri) == (att["media_type"], full) for uri in uris), (
            f"the full {att['name']} (sha256 {att['sha256'][:12]}…) is nowhere in the page as a data: URI"
        )
        big = picture(full)
        check_pixels(big, blue_picture, f"full {att['name']}")
        thumbs = [(kind, image) for kind, image in shown if looks_like(image, blue_picture)]
        assert len(thumbs) == 1, f"want one <img> showing {att['name']}, found {len(thumbs)}"
        kind, thumb = thumbs[0]
        assert kind == "image/png", f"the <img> of {att['name']} is {kind}"
        assert thumb.width <= big.width and thumb.height <= big.height
        assert abs(thumb.width / thumb.height - big.width / big.height) < 0.03, (thumb.size, big.size)
        check_pixels(thumb, blue_picture, f"<img> of {att['name']}")


def test_page_shows_the_caption(dom: Links) -> None:
    assert CAPTION in dom.text


# --- what the browser draws --------------------------------------------------------------------------------------


def region(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 20) -> tuple[int, tuple[int, ...]]:
    """How many pixels have `colour` (within `tolerance` per channel), and their bounding box (x0, y0, x1, y1)."""
    masks = [
        channel.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
        for channel, c in zip(image.split(), colour, strict=True)
    ]
    mask = ImageChops.darker(ImageChops.darker(masks[0], masks[1]), masks[2])  # all three channels match
    return mask.histogram()[255], tuple(mask.getbbox() or ())


def test_chromium_draws_the_thumbnails(page: Page, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    started = time.monotonic()
    chromium(page.html.as_uri(), f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert shot.is_file(), "chromium wrote no screenshot"
    image = Image.open(shot).convert("RGB")
    blue, blue_box = region(image, BLUE)
    red, red_box = region(image, RED)
    green, green_box = region(image, GREEN)
    assert blue >= 2000 and red >= 400 and green >= 2000, (
        f"thumbnails not drawn in the first {WINDOW[1]} px of the page (pixels: blue {blue}, red {red}, green "
        f"{green}); page screenshot: {shot} ({time.monotonic() - started:.1f} s)"
    )
    # the red square sits in the middle of the blue picture, as in the original
    bx0, by0, bx1, by1 = blue_box
    rx0, ry0, rx1, ry1 = red_box
    assert bx0 < rx0 < rx1 < bx1 and by0 < ry0 < ry1 < by1, (blue_box, red_box)
    assert abs((rx0 + rx1) / 2 - (bx0 + bx1) / 2) <= 3 and abs((ry0 + ry1) / 2 - (by0 + by1) / 2) <= 3
    assert (bx1 - bx0) / (rx1 - rx0) == pytest.approx(4.0, rel=0.1)  # 800 px wide, the square 200
    assert green_box and (bx1 - bx0) > 20 and (green_box[2] - green_box[0]) > 20


# --- what a click does -------------------------------------------------------------------------------------------


def test_clicking_the_thumbnail_shows_the_full_size_picture(page: Page) -> None:
    """A real click (DevTools input events, no script in the page) on the blue picture's thumbnail must show it
    bigger: enlarged in place, or opened as an image that the browser actually displays."""
    with DevTools(f"--window-size={WINDOW[0]},1000") as browser:
        session = browser.open(page.html.as_uri())
        nodes = [
            node
            for node in browser.nodes(session, "img")
            if DATA_URI.match(src := browser.attribute(session, node, "src") or "")
            and looks_like(picture(decode(src)[1]), blue_picture=True)
        ]
        assert len(nodes) == 1, f"want one <img> of the blue picture, found {len(nodes)}"
        x, y, width, height = browser.box(session, nodes[0])
        assert 0 < width < 800, f"the picture is shown {width:.0f} px wide: not a thumbnail of the 800 px original"
        first_url = browser.pages()[0]["url"]
        browser.click(session, x + width / 2, y + height / 2)

        deadline = time.monotonic() + 5
        enlarged, opened = 0.0, None
        while time.monotonic() < deadline and not enlarged and not opened:
            time.sleep(0.2)
            with contextlib.suppress(RuntimeError):  # the node is gone when the page navigated away
                _, _, now, _ = browser.box(session, nodes[0])
                enlarged = now if now >= min(1.5 * width, 800) else 0.0
            opened = next((p for p in browser.pages() if p["url"] != first_url and p["url"] != "about:blank"), None)

        if enlarged:
            red, _ = region(browser.screenshot(session), RED)
            side = 200 * enlarged / 800
            assert red >= 0.8 * side * side, f"enlarged to {enlarged:.0f} px but the red square is not drawn ({red})"
            return
        assert opened, f"clicking the thumbnail did nothing visible; the browser refused: {browser.refusals()}"
        refused = browser.refusals()
        assert not refused, f"the click opened {opened['url'][:40]}… but the browser refused to show it: {refused}"
        view = browser.attach(opened["targetId"])
        time.sleep(0.5)
        try:
            red, _ = region(browser.screenshot(view), RED)
        except TimeoutError:
            pytest.fail(f"the click opened {opened['url'][:40]}… but the browser does not draw it", pytrace=False)
        assert red >= 0.8 * 200 * 200, f"the click opened {opened['url'][:40]}… but it shows no picture ({red})"
