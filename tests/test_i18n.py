"""Languages: which one is chosen (flag, env, config, locale), and per-language formatting through Babel."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from reportkit import i18n
from reportkit.errors import InputError

CASES = [
    # (flag, environ, settings, expected)
    (None, {}, {}, "en"),
    ("fi", {"REPORTKIT_LANG": "hu"}, {"reporter": {"language": "tr"}}, "fi"),
    (None, {"REPORTKIT_LANG": "hu_HU.UTF-8", "LANG": "ru_RU.UTF-8"}, {"reporter": {"language": "tr"}}, "hu"),
    (None, {"LANG": "ru_RU.UTF-8"}, {"reporter": {"language": "TR"}}, "tr"),
    (None, {"LANGUAGE": "de:fi:en", "LANG": "ru_RU.UTF-8"}, {}, "fi"),
    (None, {"LC_ALL": "tr_TR.UTF-8", "LANG": "ru_RU.UTF-8"}, {}, "tr"),
    (None, {"LC_MESSAGES": "ru_RU", "LANG": "fi_FI"}, {}, "ru"),
    (None, {"LANG": "de_DE.UTF-8"}, {}, "en"),  # a desktop language reportkit lacks: English, not an error
    (None, {"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, {}, "en"),  # LC_ALL decides even when it names no language
    (None, {"LANG": "C.UTF-8"}, {}, "en"),
    ("ru-RU", {}, {}, "ru"),
]


@pytest.mark.parametrize(("flag", "environ", "settings", "expected"), CASES)
def test_interface_language(flag: str | None, environ: dict[str, str], settings: dict, expected: str) -> None:
    assert i18n.interface_language(flag, environ, settings) == expected


@pytest.mark.parametrize(
    ("flag", "environ", "settings", "named"),
    [
        ("de", {}, {}, "--lang"),
        (None, {"REPORTKIT_LANG": "klingon"}, {}, "REPORTKIT_LANG"),
        (None, {}, {"reporter": {"language": "pt"}}, "config reporter.language"),
    ],
)
def test_an_unknown_chosen_language_is_one_line_listing_the_available(
    flag: str | None, environ: dict[str, str], settings: dict, named: str
) -> None:
    with pytest.raises(InputError) as caught:
        i18n.interface_language(flag, environ, settings)
    message = caught.value.message
    assert message.startswith(named) and "\n" not in message
    assert all(code in message for code in i18n.LANGUAGES) and "magyar" in message


def test_request_language_follows_the_recipient() -> None:
    settings = {"isp": {"language": "hu"}, "cloud": {"language": "tr"}, "service": {}}
    assert i18n.request_language(None, settings, "isp", "fi") == "hu"
    assert i18n.request_language(None, settings, "cloud", "fi") == "tr"
    assert i18n.request_language(None, settings, "service", "fi") == "fi"
    assert i18n.request_language(None, settings, None, "ru") == "ru"
    assert i18n.request_language("en", settings, "isp", "fi") == "en"
    with pytest.raises(InputError):
        i18n.request_language(None, {"isp": {"language": "xx"}}, "isp", "fi")


WHEN = datetime(2026, 12, 3, 8, 10, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    ("language", "number", "percent", "size", "moment"),
    [
        ("en", "1,234,567.5", "35%", "1.5 MB", "Dec 3, 2026"),
        ("fi", "1\xa0234\xa0567,5", "35\xa0%", "1,5 Mt", "3.12.2026"),
        ("hu", "1\xa0234\xa0567,5", "35%", "1,5 MB", "2026. dec. 3."),
        ("tr", "1.234.567,5", "%35", "1,5 MB", "3 Ara 2026"),
        ("ru", "1\xa0234\xa0567,5", "35\xa0%", "1,5 МБ", "3 дек. 2026"),
    ],
)
def test_formatting_per_language(language: str, number: str, percent: str, size: str, moment: str) -> None:
    assert i18n.number(1234567.5, language) == number
    assert i18n.percent(0.35, language) == percent
    assert i18n.size(1_500_000, language).replace("\u202f", "\xa0").replace("\xa0", " ") == size.replace("\xa0", " ")
    shown = i18n.moment(WHEN, language)
    assert shown.startswith(moment) and shown.endswith("UTC+02:00"), shown


def test_durations_use_the_plural_rules_of_each_language() -> None:
    # Russian has three forms: 1 час, 3 часа, 5 часов
    assert [i18n.duration(h * 3600, "ru") for h in (1, 3, 5)] == ["1 час", "3 часа", "5 часов"]
    # Finnish and Hungarian: the partitive / the singular after a number
    assert i18n.duration(3 * 3600, "fi") == "3 tuntia" and i18n.duration(3 * 3600, "hu") == "3 óra"
    assert i18n.duration(3 * 3600, "tr") == "3 saat" and i18n.duration(3600, "en") == "1 hour"


def test_a_negative_utc_offset_is_written_with_its_sign() -> None:
    west = datetime(2026, 12, 3, 8, 10, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    assert i18n.moment(west, "en").endswith("UTC-05:30")
    assert i18n.moment(west, "en", with_time=False) == "Dec 3, 2026"


def test_a_missing_catalog_falls_back_to_the_messages_as_written() -> None:
    i18n.translations.cache_clear()
    assert i18n.gettext_for("en", "Router") == "Router"
    assert i18n.ngettext_for("en", "one check", "{n} checks", 2) == "{n} checks"


def test_normalize() -> None:
    assert [i18n.normalize(t) for t in ("fi_FI.UTF-8", "HU", "tr_TR@euro", "ru-RU", "C", "", "pt_BR", None)] == [
        "fi", "hu", "tr", "ru", None, None, None, None,
    ]  # fmt: skip
