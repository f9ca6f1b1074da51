"""Start times anchored to a date: "since 9", "yesterday evening", "tänä aamuna", "вчера вечером" … in five
languages, never into the future, DST-correct offsets; the request shows both what was said and the moment;
`check` flags a start time that cannot be placed; dateparser stays out of `reportkit --help`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import fixtures
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit import quality
from reportkit.model import Meta, Problem, Report, anchor_start
from reportkit.redact import anonymize_report, redact_report
from reportkit.render import render
from reportkit.when import Anchored, anchor

PLUS2 = timezone(timedelta(hours=2))
AT = datetime(2026, 12, 1, 14, 30, tzinfo=PLUS2)  # a Tuesday afternoon
HELSINKI = ZoneInfo("Europe/Helsinki")

# text → (resolved ISO, dated, approximate); seen from AT
CASES: dict[str, tuple[str, bool, bool]] = {
    # English
    "this morning": ("2026-12-01T08:00+02:00", True, True),
    "since 9": ("2026-12-01T09:00+02:00", False, False),
    "yesterday evening": ("2026-11-30T19:00+02:00", True, True),
    "last night": ("2026-11-30T23:00+02:00", True, True),
    "tonight": ("2026-11-30T23:00+02:00", False, True),
    "this afternoon": ("2026-12-01T12:00+02:00", True, True),  # 15:00 is still to come: its earliest hour
    "since noon": ("2026-12-01T12:00+02:00", False, True),
    "yesterday at 18:30": ("2026-11-30T18:30+02:00", True, False),
    "around 9": ("2026-12-01T09:00+02:00", False, True),
    "since 9am": ("2026-12-01T09:00+02:00", False, False),
    "2 hours ago": ("2026-12-01T12:30+02:00", True, False),
    "monday morning": ("2026-11-30T08:00+02:00", True, True),
    "yesterday": ("2026-11-30", True, False),
    "the day before yesterday": ("2026-11-29", True, False),
    "2026-11-23 08:00": ("2026-11-23T08:00+02:00", True, False),
    "2026-11-23T08:00+00:00": ("2026-11-23T08:00+00:00", True, False),
    "23 Nov 08:00": ("2026-11-23T08:00+02:00", True, False),
    # Finnish
    "tänä aamuna": ("2026-12-01T08:00+02:00", True, True),
    "aamusta lähtien": ("2026-12-01T08:00+02:00", False, True),
    "eilen illalla": ("2026-11-30T19:00+02:00", True, True),
    "eilisiltana": ("2026-11-30T19:00+02:00", True, True),
    "tänään klo 8.00": ("2026-12-01T08:00+02:00", True, False),
    "noin klo 9": ("2026-12-01T09:00+02:00", False, True),
    "maanantaina klo 9": ("2026-11-30T09:00+02:00", True, False),
    "23.11. klo 8": ("2026-11-23T08:00+02:00", True, False),
    "2 tuntia sitten": ("2026-12-01T12:30+02:00", True, False),
    "toissapäivänä": ("2026-11-29", True, False),
    # Hungarian
    "ma reggel óta": ("2026-12-01T08:00+02:00", True, True),
    "tegnap este óta": ("2026-11-30T19:00+02:00", True, True),
    "9-kor": ("2026-12-01T09:00+02:00", False, False),
    "9 óra óta": ("2026-12-01T09:00+02:00", False, False),
    "hétfő reggel": ("2026-11-30T08:00+02:00", True, True),
    "2026.11.23.": ("2026-11-23", True, False),
    "3 napja": ("2026-11-28", True, False),
    # Turkish
    "dün akşamdan beri": ("2026-11-30T19:00+02:00", True, True),
    "bu sabahtan beri": ("2026-12-01T08:00+02:00", True, True),
    "dün gece": ("2026-11-30T23:00+02:00", True, True),
    "saat 9'dan beri": ("2026-12-01T09:00+02:00", False, False),
    "pazartesi sabah": ("2026-11-30T08:00+02:00", True, True),
    "3 gün önce": ("2026-11-28", True, False),
    # Russian
    "вчера вечером": ("2026-11-30T19:00+02:00", True, True),
    "сегодня утром": ("2026-12-01T08:00+02:00", True, True),
    "с утра": ("2026-12-01T08:00+02:00", False, True),
    "со вчерашнего вечера": ("2026-11-30T19:00+02:00", True, True),
    "вчера в 18:30": ("2026-11-30T18:30+02:00", True, False),
    "2 часа назад": ("2026-12-01T12:30+02:00", True, False),
    "позавчера": ("2026-11-29", True, False),
    "в понедельник": ("2026-11-30", True, False),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.items()), ids=list(CASES))
def test_anchor_table(text: str, expected: tuple[str, bool, bool]) -> None:
    found = anchor(text, AT)
    assert found is not None, text
    assert (found.iso, found.dated, found.approximate) == expected
    assert found.said == text
    assert found.moment <= AT


def test_result_is_a_frozen_dataclass_with_the_moment_aware() -> None:
    found = anchor("this morning", AT)
    assert found == Anchored(
        said="this morning",
        moment=datetime(2026, 12, 1, 8, 0, tzinfo=PLUS2),
        dated=True,
        timed=True,
        approximate=True,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.said = "x"  # type: ignore[misc]
    day = anchor("yesterday", AT)
    assert day is not None and not day.timed and day.moment == datetime(2026, 11, 30, tzinfo=PLUS2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since 16", "2026-11-30T16:00+02:00"),  # 16:00 today is still to come: yesterday's
        ("since 15:00", "2026-11-30T15:00+02:00"),
        ("9 pm", "2026-11-30T21:00+02:00"),
        ("с 9 вечера", "2026-11-30T21:00+02:00"),
        ("akşam 8'de", "2026-11-30T20:00+02:00"),
        ("since 14:30", "2026-12-01T14:30+02:00"),  # exactly the anchor is not the future
    ],
)
def test_a_bare_time_after_the_anchor_is_the_day_before(text: str, expected: str) -> None:
    found = anchor(text, AT)
    assert found is not None and found.iso == expected and not found.dated


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "blah blah",
        "since the update",
        "a while ago",
        "last week",  # too coarse to be a start time
        "november",
        "2019",
        "25:00",
        "since 99",
        "tomorrow",  # the future is refused …
        "in 2 days",
        "2026-12-05",
        "2026-12-01 18:00",
        "this evening",  # … a part of today that has not begun yet too
        "x" * 500,
    ],
)
def test_unreadable_or_future_is_none(text: str) -> None:
    assert anchor(text, AT) is None


WORDS = [
    "since",
    "from",
    "9",
    "12:30",
    "23.11.",
    "2026-11-23",
    "2026.11.23.",
    "31.2.",
    "yesterday",
    "evening",
    "morning",
    "night",
    "noon",
    "tänä",
    "aamuna",
    "eilen",
    "illalla",
    "ma",
    "reggel",
    "óta",
    "dün",
    "akşam",
    "beri",
    "вчера",
    "вечером",
    "с",
    "утра",
    "2",
    "hours",
    "ago",
    "am",
    "pm",
    "klo",
    "saat",
    "9'dan",
    "-kor",
    "tonight",
    "99",
    "25:00",
]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=40), st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)),
    minutes=st.integers(min_value=0, max_value=365 * 24 * 60),
    zone=st.sampled_from([PLUS2, timezone.utc, timezone(timedelta(hours=-5)), HELSINKI]),
)
def test_never_crashes_and_never_resolves_into_the_future(text: str, minutes: int, zone: timezone) -> None:
    at = (datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes)).astimezone(zone)
    found = anchor(text, at)
    if found is not None:
        assert found.moment <= at
        assert found.moment.tzinfo is not None and found.said == text
        assert datetime.fromisoformat(found.iso)


def test_a_part_of_today_already_begun_starts_at_its_earliest_hour() -> None:
    found = anchor("this evening", datetime(2026, 12, 1, 17, 30, tzinfo=PLUS2))
    assert found is not None and found.iso == "2026-12-01T17:00+02:00" and found.approximate


def test_a_naive_anchor_is_refused() -> None:
    assert anchor("since 9", datetime(2026, 12, 1, 14, 30)) is None


def test_language_hint_is_accepted() -> None:
    for language in ("fi", "ru", "xx", None):
        found = anchor("2 tuntia sitten", AT, language)
        assert found is not None and found.iso == "2026-12-01T12:30+02:00"


# --------------------------------------------------------------------------------------------
# DST: the offset is the one in force at the resolved moment, not at the anchor


def test_dst_with_zoneinfo_anchor() -> None:
    at = datetime(2026, 3, 29, 14, 30, tzinfo=HELSINKI)  # clocks went 03:00 → 04:00 this morning
    assert at.utcoffset() == timedelta(hours=3)
    expect = {
        "yesterday evening": "2026-03-28T19:00+02:00",
        "this morning": "2026-03-29T08:00+03:00",
        "since 2": "2026-03-29T02:00+02:00",
        "since 5": "2026-03-29T05:00+03:00",
        "вчера вечером": "2026-03-28T19:00+02:00",
        "2026-03-27 10:00": "2026-03-27T10:00+02:00",
    }
    for text, iso in expect.items():
        found = anchor(text, at)
        assert found is not None and found.iso == iso, text


def test_dst_in_october_the_other_way() -> None:
    at = datetime(2026, 10, 25, 12, 0, tzinfo=HELSINKI)  # 04:00 → 03:00 this morning
    found = anchor("eilen illalla", at)
    assert found is not None and found.iso == "2026-10-24T19:00+03:00"
    found = anchor("tänä aamuna", at)
    assert found is not None and found.iso == "2026-10-25T08:00+02:00"


@pytest.fixture
def helsinki_system_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("helsinki_system_zone")
def test_dst_with_the_fixed_offset_a_collect_run_has() -> None:
    """collect stamps `datetime.now().astimezone()`: a fixed +03:00; the system zone's rules still give +02:00
    for the evening before the switch."""
    at = datetime(2026, 3, 29, 14, 30).astimezone()
    assert at.tzinfo is not None and at.utcoffset() == timedelta(hours=3) and isinstance(at.tzinfo, timezone)
    found = anchor("yesterday evening", at)
    assert found is not None and found.iso == "2026-03-28T19:00+02:00"


# --------------------------------------------------------------------------------------------
# the report keeps what was said and the resolved value


def report_with(started_at: str | None, created_at: str = "2026-12-01T14:30:00+02:00") -> Report:
    base = fixtures.sample_report()
    return dataclasses.replace(
        base,
        meta=dataclasses.replace(base.meta, created_at=created_at),
        problem=dataclasses.replace(base.problem, started_at=started_at),
    )


def test_anchor_start_fills_the_report_and_round_trips() -> None:
    report = anchor_start(report_with("this morning"))
    assert report.problem.started_at == "this morning"
    assert report.problem.started_resolved == "2026-12-01T08:00+02:00"
    assert report.problem.started_approx is True
    data = json.loads(render(report, "json"))
    assert data["problem"]["started_at"] == "this morning"
    assert data["problem"]["started_resolved"] == "2026-12-01T08:00+02:00"
    assert data["problem"]["started_approx"] is True
    assert Report.from_dict(data) == report


def test_anchor_start_recomputes_and_clears() -> None:
    stale = anchor_start(report_with("this morning"))
    edited = dataclasses.replace(stale, problem=dataclasses.replace(stale.problem, started_at="since the update"))
    cleared = anchor_start(edited)
    assert cleared.problem.started_resolved is None and cleared.problem.started_approx is False
    unknown_time = anchor_start(report_with("since 9", created_at="not a date"))
    assert unknown_time.problem.started_resolved is None


def test_redaction_and_anonymisation_keep_the_resolved_value() -> None:
    report = anchor_start(report_with("eilen illalla"))
    redacted, _ = redact_report(report)
    assert redacted.problem.started_resolved == "2026-11-30T19:00+02:00"
    anonymized, _ = anonymize_report(redacted)
    assert anonymized.problem.started_resolved == "2026-11-30T19:00+02:00"


# --------------------------------------------------------------------------------------------
# the rendered request


def test_request_shows_what_was_said_and_the_moment_with_offset() -> None:
    report = anchor_start(report_with("this morning"))
    shown = "this morning (≈ Tue 1 Dec 2026, 08:00 UTC+02:00)"
    text, markdown, page = (render(report, fmt) for fmt in ("text", "markdown", "html"))
    assert shown in text and shown in markdown and shown in page
    subject = "Shop website (VM web-01, 203.0.113.10): HTTP 502 on checkout since ≈ 2026-12-01 08:00 UTC+02:00"
    assert text.split("\n", 1)[0] == f"Subject: {subject}"
    assert markdown.split("\n", 1)[0] == f"# {subject}"
    assert f"<title>{subject}</title>" in page


@pytest.mark.parametrize(
    ("said", "shown", "subject_since"),
    [
        ("since 9", "since 9 (Tue 1 Dec 2026, 09:00 UTC+02:00)", "2026-12-01 09:00 UTC+02:00"),
        ("вчера", "вчера (Mon 30 Nov 2026)", "2026-11-30"),
        (
            "2026-11-23 08:00",
            "2026-11-23 08:00 (UTC+02:00)",
            "2026-11-23 08:00 UTC+02:00",
        ),  # no repeat, only the offset
        ("2026-11-23", "2026-11-23", "2026-11-23"),  # a date alone: nothing to add
    ],
)
def test_request_since_forms(said: str, shown: str, subject_since: str) -> None:
    text = render(anchor_start(report_with(said)), "text")
    started = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Started:")]
    assert started == [shown]
    assert text.split("\n", 1)[0].endswith(f" since {subject_since}")


def test_an_old_report_without_the_fields_loads_and_renders() -> None:
    data = json.loads(render(report_with("since 9"), "json"))
    del data["problem"]["started_resolved"], data["problem"]["started_approx"]
    old = Report.from_dict(data)
    assert old.problem.started_resolved is None
    text = render(old, "text")
    assert "since 9" in text and "UTC+02:00" not in text
    assert text.split("\n", 1)[0].endswith("on checkout since 9")  # the user's words, "since" said once


@pytest.mark.parametrize("garbage", ["not a date", "2026-12-01T08:00", "9" * 100, "", "2026-13-40"])
def test_a_strangers_resolved_value_that_is_not_iso_is_ignored(garbage: str) -> None:
    report = report_with("since 9")
    report = dataclasses.replace(report, problem=dataclasses.replace(report.problem, started_resolved=garbage))
    for fmt in ("text", "markdown", "html"):
        out = render(report, fmt)
        assert "since 9" in out and "UTC+" not in out


# --------------------------------------------------------------------------------------------
# check: a start time that cannot be placed on a date


def codes(report: Report) -> list[str]:
    return [f.code for f in quality.check(report).findings]


def test_check_flags_a_start_time_that_cannot_be_placed() -> None:
    unplaced = report_with("since the update")
    result = quality.check(unplaced)
    finding = next(f for f in result.findings if f.code == "undated-start-time")
    assert finding.field == "problem.started_at" and "since the update" in finding.message
    assert finding.severity == "warning" and finding.question
    assert result.breakdown["timeline"] == quality.PARTS["start_unplaced"] < quality.WEIGHTS["timeline"]


def test_check_flags_a_bare_time_when_the_collection_date_is_unknown() -> None:
    assert "undated-start-time" in codes(report_with("since 9", created_at="not a date"))
    assert "undated-start-time" not in codes(report_with("2026-11-23 08:00", created_at="not a date"))


@pytest.mark.parametrize("said", ["since 9", "tänä aamuna", "2026-11-23 08:00"])
def test_check_accepts_an_anchored_or_anchorable_start(said: str) -> None:
    for report in (anchor_start(report_with(said)), report_with(said)):  # new report, and an old one
        result = quality.check(report)
        assert "undated-start-time" not in result.codes
        assert result.breakdown["timeline"] == quality.WEIGHTS["timeline"]


def test_check_still_says_when_no_start_time_is_given() -> None:
    result = quality.check(report_with(None))
    assert "no-start-time" in result.codes and "undated-start-time" not in result.codes
    assert result.breakdown["timeline"] == 0


# --------------------------------------------------------------------------------------------
# start-up: dateparser is imported only when a start time is anchored


def test_cli_and_model_import_without_dateparser() -> None:
    code = (
        "import sys, reportkit.cli, reportkit.model, reportkit.when, reportkit.quality, reportkit.render\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dateparser', 'regex', 'tzlocal')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_anchoring_does_import_dateparser() -> None:  # the test above would pass if nothing ever did
    code = (
        "import sys\nfrom datetime import datetime, timezone\nfrom reportkit.when import anchor\n"
        "anchor('2 hours ago', datetime(2026, 12, 1, 14, 30, tzinfo=timezone.utc))\n"
        "print('dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_meta_helper_rejects_naive_or_bad_times() -> None:
    from reportkit.model import created_moment

    assert created_moment(Meta(tool_version="x", created_at="2026-12-01T14:30:00")) is None
    assert created_moment(Meta(tool_version="x", created_at="nope")) is None
    assert created_moment(Meta(tool_version="x", created_at="2026-12-01T14:30:00+02:00")) == AT
    assert anchor_start(Report(meta=Meta(tool_version="x", created_at="nope"), problem=Problem())).problem == Problem()
