"""Drafts keep the whole session (answers, errors, screenshots, the capture and clipboard choices, the situation,
what was asked); older drafts still load; a wrong-shaped one is moved aside; a temp-dir draft is trusted only when
it is this user's own private file."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from reportkit import draft
from reportkit.collectors import evidence
from reportkit.model import ErrorText


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fallback draft lands in a temp dir of this test's own."""
    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


FULL = draft.Draft(
    answers={"reporter.name": "Anna", "service.tickets": ("INC-1", "INC-2"), "service.host": "203.0.113.10"},
    errors=(evidence.from_text("502 Bad Gateway"),),
    situation="service",
    asked=("reporter.email", "reporter.name", "error"),
    screenshots=(("/home/anna/502.png", "the checkout page"), ("/home/anna/log.png", None)),
    capture=True,
    capture_caption="the whole screen",
    clipboard=True,
)


def saved(tmp_path: Path, body: dict[str, Any]) -> Path:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_a_draft_keeps_the_whole_session(tmp_path: Path) -> None:
    path = tmp_path / "data" / "draft.json"
    assert draft.keep(path, FULL) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded, note = draft.load(path)
    assert note is None
    assert loaded == FULL


def test_a_draft_from_before_the_session_keys_still_loads(tmp_path: Path) -> None:
    path = saved(
        tmp_path,
        {"schema": draft.DRAFT_SCHEMA, "answers": {"reporter.name": "Anna"}, "errors": [{"text": "E42"}]},
    )
    loaded, note = draft.load(path)
    assert note is None
    assert loaded.answers == {"reporter.name": "Anna"} and [e.text for e in loaded.errors] == ["E42"]
    assert loaded.situation is None and loaded.asked == () and loaded.screenshots == ()
    assert not loaded.capture and loaded.capture_caption is None and not loaded.clipboard


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("situation", "printer", "its situation 'printer' is not one of service, internet, device"),
        ("situation", 3, "its situation 3 is not one of"),
        ("asked", "reporter.name", "its list of questions asked has the wrong shape"),
        ("asked", [1, 2], "its list of questions asked has the wrong shape"),
        ("screenshots", ["/home/anna/502.png"], "its screenshots have the wrong shape"),
        ("screenshots", [{"path": 5}], "its screenshots have the wrong shape"),
        ("screenshots", [{"path": "a.png", "caption": ["x"]}], "its screenshots have the wrong shape"),
        ("screenshots", {"path": "a.png"}, "its screenshots have the wrong shape"),
        ("capture", "yes", "its capture or clipboard choice is not true or false"),
        ("clipboard", 1, "its capture or clipboard choice is not true or false"),
        ("capture_caption", 7, "its capture caption has the wrong shape"),
    ],
)
def test_a_wrong_typed_session_key_moves_the_draft_aside(tmp_path: Path, key: str, value: Any, reason: str) -> None:
    body = {"schema": draft.DRAFT_SCHEMA, "answers": {"reporter.name": "Anna"}, key: value}
    path = saved(tmp_path, body)
    original = path.read_bytes()
    loaded, note = draft.load(path)
    assert loaded.answers == {} and note is not None
    assert reason in note and "moved it aside to" in note
    (aside,) = tmp_path.glob("draft.json.unreadable-*")
    assert aside.read_bytes() == original and not path.exists()


def test_undecodable_bytes_never_break_the_draft_and_a_screenshot_path_keeps_them(tmp_path: Path) -> None:
    name = os.fsdecode(b"fel\xe4.png")  # a file name that is not UTF-8: Python carries the byte as a surrogate
    shot = tmp_path / name
    shot.write_bytes(b"x")
    odd = draft.Draft(
        answers={"reporter.name": os.fsdecode(b"Ren\xe9"), "problem.tried": "C:\\Temp\\" + os.fsdecode(b"\xe4")},
        screenshots=((str(shot), os.fsdecode(b"caption \xff")),),
    )
    path = tmp_path / "draft.json"
    assert draft.keep(path, odd) == path
    path.read_bytes().decode("utf-8")  # valid UTF-8
    loaded, note = draft.load(path)
    assert note is None
    assert loaded.answers == {"reporter.name": "Ren\ufffd", "problem.tried": "C:\\Temp\\\ufffd"}
    assert loaded.screenshots == ((str(shot), "caption \ufffd"),)
    assert Path(loaded.screenshots[0][0]).is_file()  # the same bytes: the file is found


def test_the_fallback_in_the_temp_dir_is_used_when_the_data_dir_is_unwritable(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data dir should be")
    where = draft.keep(blocked / "draft.json", FULL)
    assert where == draft.fallback_path()
    assert draft.find(blocked / "draft.json") == (where, None)


def planted(content: bytes = b"{}") -> Path:
    fallback = draft.fallback_path()
    fallback.write_bytes(content)
    return fallback


def test_a_fallback_others_may_write_is_ignored_with_one_warning(tmp_path: Path) -> None:
    fallback = planted()
    fallback.chmod(0o666)
    usual = tmp_path / "data" / "draft.json"
    path, warning = draft.find(usual)
    assert path == usual
    assert warning == (
        f"ignored the draft {fallback}: others may write to it (mode 0666); "
        "reportkit writes drafts only as your own private file"
    )


def test_a_fallback_that_is_a_symlink_is_ignored(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_bytes(b"{}")
    draft.fallback_path().symlink_to(target)
    path, warning = draft.find(tmp_path / "draft.json")
    assert path == tmp_path / "draft.json" and warning is not None and "it is a symbolic link" in warning


def test_a_fallback_that_is_a_directory_is_ignored(tmp_path: Path) -> None:
    draft.fallback_path().mkdir()
    _, warning = draft.find(tmp_path / "draft.json")
    assert warning is not None and "it is not a regular file" in warning


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_a_fallback_owned_by_another_user_is_ignored(tmp_path: Path) -> None:
    fallback = planted()
    fallback.chmod(0o600)
    os.chown(fallback, 54321, 54321)
    _, warning = draft.find(tmp_path / "draft.json")
    assert warning is not None and "it belongs to another user (uid 54321)" in warning


def test_a_private_fallback_of_this_user_is_resumed(tmp_path: Path) -> None:
    fallback = planted()
    fallback.chmod(0o600)
    assert draft.find(tmp_path / "draft.json") == (fallback, None)


def test_the_usual_draft_wins_over_any_fallback(tmp_path: Path) -> None:
    planted().chmod(0o666)
    usual = tmp_path / "draft.json"
    usual.write_bytes(b"{}")
    assert draft.find(usual) == (usual, None)


def test_an_empty_session_needs_no_draft() -> None:
    assert draft.Draft(answers={}).is_empty()
    assert not draft.Draft(answers={}, screenshots=(("a.png", None),)).is_empty()
    assert not draft.Draft(answers={}, errors=(ErrorText(text="E42"),)).is_empty()


def test_a_start_time_keeps_the_moment_it_was_typed_across_resumes(tmp_path: Path) -> None:
    """'yesterday evening' typed on 30 Nov at 23:50 means 29 Nov, also when the draft is resumed days later —
    and after a second interruption."""
    path = saved(
        tmp_path,
        {
            "schema": draft.DRAFT_SCHEMA,
            "saved_at": "2026-12-02T09:00:00+02:00",
            "start_said": ["yesterday evening", "2026-11-30T23:50:00+02:00"],
            "answers": {"problem.started_at": "yesterday evening"},
            "errors": [],
        },
    )
    kept, _ = draft.load(path)
    assert kept.start_said == ("yesterday evening", "2026-11-30T23:50:00+02:00")
    again = tmp_path / "again.json"
    draft.keep(again, kept)  # interrupted once more: the moment stays that of the typing
    assert json.loads(again.read_text(encoding="utf-8"))["start_said"][1] == "2026-11-30T23:50:00+02:00"
    changed = draft.Draft(answers={"problem.started_at": "since 9"}, start_said=kept.start_said)
    draft.keep(again, changed)  # a new answer: a new moment
    assert json.loads(again.read_text(encoding="utf-8"))["start_said"][0] == "since 9"
    assert json.loads(again.read_text(encoding="utf-8"))["start_said"][1] != "2026-11-30T23:50:00+02:00"
    old = saved(  # a draft from before start_said: its saved_at is the best guess
        tmp_path,
        {
            "schema": draft.DRAFT_SCHEMA,
            "saved_at": "2026-11-30T23:55:00+02:00",
            "answers": {"problem.started_at": "yesterday evening"},
            "errors": [],
        },
    )
    assert draft.load(old)[0].start_said == ("yesterday evening", "2026-11-30T23:55:00+02:00")
