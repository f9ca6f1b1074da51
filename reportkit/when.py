"""Anchor a free-text start time ("since 9", "yesterday evening", "вчера вечером") to a moment.

`anchor(text, at)` is pure: the text as the user typed it and the moment the report was collected (an aware
datetime in the user's local time) in, an `Anchored` (or None when the text cannot be read) out.

Own tables read what dateparser does not in all five languages (en, fi, hu, tr, ru): "since"/"óta"/"beri"/"с"
words, today/yesterday words, parts of the day (morning 08:00, noon 12:00, afternoon 15:00, evening 19:00,
night 23:00 — marked approximate) and clock times ("9", "klo 8.00", "9-kor", "saat 9'dan", "в 9 вечера",
"23.11. klo 8"). Whatever words remain ("monday", "2 hours ago", "23 Nov") go to dateparser, which is imported
inside the function: it is slow to import and `reportkit --help` must stay fast.

Never into the future: a bare time after the anchor means the day before; anything else after it is refused.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

LANGUAGES = ("en", "fi", "hu", "tr", "ru")
MAX_CHARS = 200  # longer than this is a description, not a start time

PART_HOURS: dict[str, tuple[int, int]] = {  # part of day → (nominal hour, earliest hour)
    "morning": (8, 6),
    "noon": (12, 11),
    "afternoon": (15, 12),
    "evening": (19, 17),
    "night": (23, 21),
}


@dataclass(frozen=True)
class Anchored:
    """A start time placed on the calendar."""

    said: str  # the text as the user typed it
    moment: datetime  # aware, in the anchor's local time; 00:00 of the day when `timed` is False
    dated: bool  # the text named a day ("yesterday", "monday", "2026-11-23"); False: only a time of day
    timed: bool  # a time of day was given or implied; False: only a day ("since yesterday")
    approximate: bool  # a part of the day ("this morning" → 08:00) or "about 9", not an exact clock time

    @property
    def iso(self) -> str:
        """ISO 8601: a date ("2026-11-30") when only a day was given, else date, time and UTC offset."""
        return self.moment.date().isoformat() if not self.timed else self.moment.isoformat(timespec="minutes")


# --------------------------------------------------------------------------------------------
# Word tables (folded: casefolded, accents stripped, ı → i; a trailing "*" matches any ending)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SINCE = _words(  # "since", "from", "about": always read past
    "since from starting started began begun about around approx approximately roughly circa ca ish "
    "lahtien alkaen asti noin suunnilleen ota korul korulbelul kb beri itibaren yaklasik sularinda civari* gibi "
    "с со от начиная примерно около где то"
)
_ABOUT = _words(
    "about around approx approximately roughly circa ca ish noin suunnilleen korul korulbelul kb "
    "sularinda civari civarinda civarlarinda gibi yaklasik примерно около где"
)
_MARKERS = _words(  # clock words and fillers: read past them, but dateparser may need them ("2 часа назад")
    "at the in of on o clock oclock h uhr klo kello kellon ora orakor oratol kor tol tal "
    "saat dan den tan ten da de ta te часов часа час в во"
)
_TIME_MARKERS = _words("since from at klo kello kellon saat с со от в во")  # a number after: an hour
_HOUR_SUFFIXES = _words(  # a number before: an hour
    "ota ora orakor oratol kor tol tal dan den tan ten da de ta te h uhr oclock o "
    "часов часа час lahtien alkaen asti beri itibaren"
)

# (tokens, day offset or None, part of day or None); longest phrases are tried first
_PHRASES: tuple[tuple[str, int | None, str | None], ...] = (
    # day before yesterday
    ("day before yesterday", -2, None),
    ("toissapaiva*", -2, None),
    ("tegnapelott*", -2, None),
    ("evvelsi gun*", -2, None),
    ("evvelki gun*", -2, None),
    ("позавчера", -2, None),
    ("позавчерашн*", -2, None),
    # last night: the night before today
    ("last night", -1, "night"),
    ("viime yona", -1, "night"),
    ("viime yolla", -1, "night"),
    ("viime yosta", -1, "night"),
    ("прошлой ночью", -1, "night"),
    ("прошлой ночи", -1, "night"),
    ("eilisilta*", -1, "evening"),
    ("eilisillasta", -1, "evening"),
    ("eilisaamu*", -1, "morning"),
    ("eilisyo*", -1, "night"),
    # yesterday
    ("yesterday", -1, None),
    ("eilen", -1, None),
    ("eilis*", -1, None),
    ("tegnap*", -1, None),
    ("dun*", -1, None),
    ("вчера", -1, None),
    ("вчерашн*", -1, None),
    # today / this
    ("today", 0, None),
    ("this", 0, None),
    ("tanaan", 0, None),
    ("tana", 0, None),
    ("ma", 0, None),
    ("mai", 0, None),
    ("bugun*", 0, None),
    ("bu", 0, None),
    ("сегодня", 0, None),
    ("сегодняшн*", 0, None),
    ("этим", 0, None),
    ("этой", 0, None),
    ("tonight", None, "night"),
    # parts of the day (specific before general: "iltapäivä" before "ilta", "délután" before "dél")
    ("ogleden sonra", None, "afternoon"),
    ("после обеда", None, "afternoon"),
    ("после полудня", None, "afternoon"),
    ("afternoon", None, "afternoon"),
    ("iltapaiva*", None, "afternoon"),
    ("delutan*", None, "afternoon"),
    ("ikindi*", None, "afternoon"),
    ("днем", None, "afternoon"),
    ("morning", None, "morning"),
    ("aamu*", None, "morning"),
    ("reggel*", None, "morning"),
    ("delelott*", None, "morning"),
    ("sabah*", None, "morning"),
    ("утр*", None, "morning"),
    ("noon", None, "noon"),
    ("midday", None, "noon"),
    ("lunch*", None, "noon"),
    ("keskipaiva*", None, "noon"),
    ("del", None, "noon"),
    ("delben", None, "noon"),
    ("deltol", None, "noon"),
    ("ogle*", None, "noon"),
    ("полдень", None, "noon"),
    ("полудня", None, "noon"),
    ("обед*", None, "noon"),
    ("evening", None, "evening"),
    ("ilta*", None, "evening"),
    ("illa*", None, "evening"),
    ("este*", None, "evening"),
    ("esti", None, "evening"),
    ("aksam*", None, "evening"),
    ("вечер*", None, "evening"),
    ("night", None, "night"),
    ("yo", None, "night"),
    ("yolla", None, "night"),
    ("yona", None, "night"),
    ("yosta", None, "night"),
    ("ejjel*", None, "night"),
    ("ejszaka*", None, "night"),
    ("gece*", None, "night"),
    ("ноч*", None, "night"),
)

_APOSTROPHES = re.compile(r"['’ʼ`´‘\-–—]")  # after the numeric dates are read: "9-kor", "9'dan" → "9 kor", "9 dan"
_TOKEN = re.compile(r"\d{1,2}[:.]\d{2}|\d+|[^\W\d_]+")
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?)?(z|[+-]\d{2}:?\d{2})?"
)
_YMD_DOTS = re.compile(r"(?<!\d)(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")  # Hungarian 2026.11.23.
_DMY_DOTS = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d.])")  # 23.11. / 23.11.2026
_AMPM = re.compile(r"\b([ap])\.?\s?m\b\.?")


def fold(text: str) -> str:
    """Casefold, strip accents (ä → a, ő → o, й → и, ё → е), Turkish ı → i."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _matches(pattern: str, token: str) -> bool:
    return token.startswith(pattern[:-1]) if pattern.endswith("*") else token == pattern


_COMPILED = sorted(
    ((tuple(_APOSTROPHES.sub(" ", fold(p)).split()), day, part) for p, day, part in _PHRASES), key=lambda e: -len(e[0])
)  # stable: within one length, the table order (specific before general)
_SINCE_WORDS = tuple(fold(w) for w in _SINCE)


def _since_word(token: str) -> bool:
    return any(_matches(w, token) for w in _SINCE_WORDS)


# --------------------------------------------------------------------------------------------
# Reading the text


@dataclass
class _Parts:
    day: int | None = None  # days relative to the anchor's date
    part: str | None = None
    hour: int | None = None
    minute: int = 0
    bare_hour: bool = False  # the hour was a lone number ("since 9"), not "9:00"
    ampm: str | None = None
    on: date | None = None  # an explicit date
    offset: tzinfo | None = None  # an explicit UTC offset (ISO input)
    about: bool = False


def _take_dates(text: str, parts: _Parts, at: datetime) -> str:
    """Numeric dates (ISO, 2026.11.23., 23.11.2026, 23.11.) are read here, not by dateparser (which takes
    "23.11." for 23:11); returns the text without them."""
    iso = _ISO.search(text)
    if iso:
        year, month, day, hour, minute, zone = iso.groups()
        parts.on = _date(int(year), int(month), int(day))
        if hour is not None:
            parts.hour, parts.minute = int(hour), int(minute)
        if zone:
            parts.offset = _zone(zone)
        return text[: iso.start()] + " " + text[iso.end() :]
    ymd = _YMD_DOTS.search(text)
    if ymd:
        parts.on = _date(int(ymd[1]), int(ymd[2]), int(ymd[3]))
        return text[: ymd.start()] + " " + text[ymd.end() :]
    dmy = _DMY_DOTS.search(text)
    if dmy:
        year = int(dmy[3]) if dmy[3] else at.year
        year = year + 2000 if year < 100 else year
        parts.on = _date(year, int(dmy[2]), int(dmy[1]))
        if parts.on and not dmy[3] and parts.on > at.date():  # "23.12." said on 1 December: last year's
            parts.on = _date(year - 1, int(dmy[2]), int(dmy[1]))
        return text[: dmy.start()] + " " + text[dmy.end() :]
    return text


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _zone(text: str) -> tzinfo:
    if text == "z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _scan(tokens: list[str], parts: _Parts, bare_hours: bool) -> list[str]:
    """Fill `parts` from the tokens; return the tokens left for dateparser (clock words kept, "since" words not)."""
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        phrase = next(
            (
                (words, day, part)
                for words, day, part in _COMPILED
                if all(i + k < len(tokens) and _matches(w, tokens[i + k]) for k, w in enumerate(words))
            ),
            None,
        )
        if phrase:
            words, day, part = phrase
            parts.day = day if day is not None else parts.day
            parts.part = part or parts.part
            i += len(words)
            continue
        clock = re.fullmatch(r"(\d{1,2})[:.](\d{2})", token)
        if clock and parts.hour is None:
            parts.hour, parts.minute = int(clock[1]), int(clock[2])
        elif token.isdigit() and parts.hour is None and bare_hours and _hour_context(tokens, i):
            parts.hour, parts.bare_hour = int(token), True
        elif token in ("am", "pm") and parts.hour is not None:
            parts.ampm = token
        else:
            parts.about = parts.about or token in _ABOUT
            if not _since_word(token):
                rest.append(token)
        i += 1
    return rest


def _hour_context(tokens: list[str], i: int) -> bool:
    """A lone number is an hour when a clock word is next to it ("klo 9", "9-kor", "9'dan") or it stands alone
    ("9", "around 9")."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    alone = all(_since_word(t) or t in _MARKERS for k, t in enumerate(tokens) if k != i)
    return alone or before in _TIME_MARKERS or after in _HOUR_SUFFIXES or after in ("am", "pm")


def _hour24(parts: _Parts) -> int | None:
    hour = parts.hour
    if hour is None:
        return None
    if parts.ampm == "pm" and hour < 12:
        hour += 12
    elif parts.ampm == "am" and hour == 12:
        hour = 0
    elif (
        parts.ampm is None
        and hour < 12
        and (  # "9 in the evening", "в 9 вечера", "akşam 8'de"
            parts.part in ("afternoon", "evening") or (parts.part == "night" and hour >= 6)
        )
    ):
        hour += 12
    return hour if 0 <= hour <= 23 and 0 <= parts.minute <= 59 else None


# --------------------------------------------------------------------------------------------
# dateparser for the rest ("monday", "2 hours ago", "23 Nov", "3 napja")


def _dateparser(text: str, base: datetime, language: str | None) -> tuple[datetime, bool] | None:
    """(naive local datetime, has a time of day) for the words our tables do not read, else None."""
    from dateparser.date import DateDataParser  # slow to import: only here

    languages = [language, *(x for x in LANGUAGES if x != language)] if language in LANGUAGES else list(LANGUAGES)
    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "RETURN_AS_TIMEZONE_AWARE": False,  # wall-clock time in the anchor's zone; we attach the offset
        "DATE_ORDER": "DMY",
        "PREFER_LOCALE_DATE_ORDER": True,
    }
    try:
        data = DateDataParser(languages=languages, settings=settings, try_previous_locales=False).get_date_data(text)
    except Exception:  # dateparser raises on some odd input (overflow, regex errors): unreadable, not a crash
        return None
    moment = data.date_obj
    if moment is None or data.period not in ("day", "time"):  # week / month / year: too coarse to anchor
        return None
    if moment.tzinfo is not None:
        moment = moment.replace(tzinfo=None)
    return moment, data.period == "time"


# --------------------------------------------------------------------------------------------
# Putting it together


def _localize(wall: datetime, at: datetime) -> datetime:
    """Attach the anchor's zone to a wall-clock time, with the UTC offset in force on that day.

    A zone with rules (zoneinfo) gives it directly. A fixed offset that is the system's local offset at the
    anchor (what `datetime.now().astimezone()` returns) is taken to mean the system zone, whose rules give the
    offset on the other day (DST). Any other fixed offset is kept as it is."""
    zone = at.tzinfo
    if zone is None:
        return wall.astimezone()
    if isinstance(zone, timezone):
        system = at.astimezone()
        if system.utcoffset() == at.utcoffset():
            return wall.astimezone()  # naive → the system's local time, DST rules included
        return wall.replace(tzinfo=zone)
    return wall.replace(tzinfo=zone)


def anchor(text: str | None, at: datetime, language: str | None = None) -> Anchored | None:
    """Place the start time `text` on the calendar, seen from `at` (aware, the user's local time).

    None when the text says no time or day we can read ("a while ago", "since the update", "last week"),
    or when it would lie after `at`. `language` (en, fi, hu, tr, ru) is tried first by dateparser."""
    if not text or not text.strip() or len(text) > MAX_CHARS or at.tzinfo is None:
        return None
    said = text
    folded = _AMPM.sub(lambda m: f" {m[1]}m ", fold(" ".join(text.split())))
    parts = _Parts()
    folded = _APOSTROPHES.sub(" ", _take_dates(folded, parts, at))
    tokens = _TOKEN.findall(folded)
    scanned = dataclasses.replace(parts)
    rest = _scan(tokens, scanned, bare_hours=True)
    base = at.replace(tzinfo=None)
    from_words: tuple[datetime, bool] | None = None
    if any(t not in _MARKERS for t in rest):  # words our tables do not read: ask dateparser
        from_words = _dateparser(" ".join(rest), base, language)
        if from_words is None and scanned.bare_hour:  # "2 hours ago": the 2 was not an hour after all
            retry = dataclasses.replace(parts)
            rest_retry = _scan(tokens, retry, bare_hours=False)
            from_words = _dateparser(" ".join(rest_retry), base, language)
            if from_words is not None:
                scanned, rest = retry, rest_retry
        if from_words is None and any(t.isdigit() for t in rest):
            return None  # numbers we cannot place: guessing would mislead
    return _compose(said, scanned, from_words, at)


def _compose(said: str, parts: _Parts, from_words: tuple[datetime, bool] | None, at: datetime) -> Anchored | None:
    hour = _hour24(parts)
    if parts.hour is not None and hour is None:
        return None  # "25:00"
    day: date | None = parts.on
    dated = parts.on is not None or parts.day is not None
    if parts.on is None and parts.day is not None:
        day = at.date() + timedelta(days=parts.day)
    if from_words is not None:
        moment, has_time = from_words
        dated = True
        if day is None:
            day = moment.date()
        if has_time and hour is None and parts.part is None:  # "2 hours ago", "5 perccel ezelőtt"
            wall = moment.replace(second=0, microsecond=0)
            return _final(said, _localize(wall, at), at, dated=True, timed=True, approximate=parts.about)
    if parts.part == "night" and parts.day == 0 and parts.on is None and from_words is None:
        dated, day = False, None  # "tonight", "tänä yönä", "этой ночью": the last night, whichever day that is
    approximate = parts.about
    if hour is None and parts.part is not None:
        hour, approximate = PART_HOURS[parts.part][0], True
    if day is None and hour is None:
        return None
    if day is None:  # a time of day only: today, or yesterday if that is still to come
        assert hour is not None
        moment = _localize(datetime.combine(at.date(), time(hour, parts.minute)), at)
        if moment > at:
            moment = _localize(datetime.combine(at.date() - timedelta(days=1), time(hour, parts.minute)), at)
        return _final(said, moment, at, dated=False, timed=True, approximate=approximate)
    if hour is None:  # a day only
        moment = _localize(datetime.combine(day, time(0, 0)), at)
        if day > at.date():
            return None
        return Anchored(said, moment, dated=dated, timed=False, approximate=approximate)
    wall = datetime.combine(day, time(hour, parts.minute))
    moment = wall.replace(tzinfo=parts.offset) if parts.offset else _localize(wall, at)
    if moment > at and parts.hour is None and parts.part is not None and day == at.date():
        earliest = _localize(datetime.combine(day, time(PART_HOURS[parts.part][1], 0)), at)
        moment = earliest if earliest <= at else moment  # "this evening" said at 17:30 → ≈ 17:00
    return _final(said, moment, at, dated=dated, timed=True, approximate=approximate)


def _final(
    said: str, moment: datetime, at: datetime, *, dated: bool, timed: bool, approximate: bool
) -> Anchored | None:
    if moment > at:
        return None  # never into the future
    return Anchored(said, moment, dated=dated, timed=timed, approximate=approximate)
