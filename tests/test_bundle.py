"""The zip bundle: every file plus MANIFEST.json with sizes and hashes; atomic; never clobbers without --force."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from reportkit import __version__
from reportkit.deliver import write_bundle
from reportkit.errors import OutputError


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def files() -> dict[str, bytes]:
    return {
        "request.txt": ("Subject: shop down\n" * 200).encode(),
        "request.md": "# Shop down — ünïcödé\n".encode(),
        "diagnostics.json": b'{"schema": "reportkit/1"}\n',
        "attachments/screenshot-01.png": png_bytes(),
        "attachments/photo-02.jpg": b"\xff\xd8\xff\xe0" + os.urandom(2000),
        "empty.txt": b"",
    }


def test_bundle_holds_every_file_and_a_true_manifest(tmp_path: Path) -> None:
    given = files()
    path = write_bundle(tmp_path / "reportkit-20240101-120000.zip", given)
    assert path == tmp_path / "reportkit-20240101-120000.zip"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted([*given, "MANIFEST.json"])
        manifest = json.loads(archive.read("MANIFEST.json"))
        assert manifest["schema"] == "reportkit-bundle/1"
        assert manifest["created_by"] == f"reportkit {__version__}"
        assert [entry["name"] for entry in manifest["files"]] == list(given)  # MANIFEST itself not listed
        for entry in manifest["files"]:
            data = archive.read(entry["name"])
            assert data == given[entry["name"]]
            assert entry == {"name": entry["name"], "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
    assert kinds["request.txt"] == zipfile.ZIP_DEFLATED
    assert kinds["attachments/screenshot-01.png"] == zipfile.ZIP_STORED  # already compressed
    assert kinds["attachments/photo-02.jpg"] == zipfile.ZIP_STORED
    assert path.stat().st_size < sum(len(d) for d in given.values())


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(b"precious")
    with pytest.raises(OutputError) as caught:
        write_bundle(path, files())
    assert caught.value.message == (
        f"{path} already exists; use --force to overwrite it or --output to choose another directory"
    )
    assert path.read_bytes() == b"precious"
    write_bundle(path, {"a.txt": b"new"}, force=True)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("a.txt") == b"new"


def test_directory_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "bundle.zip").mkdir()
    with pytest.raises(OutputError) as caught:
        write_bundle(tmp_path / "bundle.zip", files(), force=True)
    assert caught.value.message == f"{tmp_path / 'bundle.zip'} is a directory; choose a file name for the bundle"


def test_creates_missing_parent_directories(tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "new" / "dir" / "b.zip", {"a.txt": b"a"})
    assert zipfile.is_zipfile(path)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/passwd", "it is an absolute path"),
        ("C:/Windows/x.txt", "it is an absolute path"),
        ("c:x.txt", "it is an absolute path"),
        ("../escape.txt", "it contains an empty, '.' or '..' part"),
        ("attachments/../../escape.txt", "it contains an empty, '.' or '..' part"),
        ("a//b.txt", "it contains an empty, '.' or '..' part"),
        ("./a.txt", "it contains an empty, '.' or '..' part"),
        ("dir/", "it contains an empty, '.' or '..' part"),
        ("..\\escape.txt", "it contains a backslash"),
        ("a\nb.txt", "it contains a control character"),
        ("", "it is empty"),
        ("MANIFEST.json", "MANIFEST.json is written by reportkit itself"),
    ],
)
def test_bad_names_are_refused(tmp_path: Path, name: str, problem: str) -> None:
    path = tmp_path / "bundle.zip"
    with pytest.raises(OutputError) as caught:
        write_bundle(path, {"ok.txt": b"x", name: b"evil"})
    assert caught.value.message == (
        f"cannot bundle {name!r}: {problem}; bundle names are relative paths like 'a/b.png'"
    ).replace("\n", " ")
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_unwritable_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError) as caught:
        write_bundle(blocker / "b.zip", {"a.txt": b"a"})
    assert caught.value.message.startswith(f"cannot write {blocker / 'b.zip'} (")
    assert "\n" not in caught.value.message
