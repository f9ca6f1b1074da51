"""Languages: which one the interface speaks, which one a request is written in, the message catalogs, and
formatting of numbers, sizes, durations and times per language (Babel).

Pure choices, lazy loading: nothing here imports Babel or reads a catalog until a text is actually formatted or
translated, so `reportkit --help` stays fast.

Which language (issue 11, DESIGN §4):
- the interface: `--lang`, then `REPORTKIT_LANG`, then the config's `[reporter] language`, then the locale
  environment (`LANGUAGE`, a colon list, then `LC_ALL`, `LC_MESSAGES`, `LANG`), else English. A language the user
  named explicitly (flag, REPORTKIT_LANG, config) that reportkit does not have is a one-line error listing the
  ones it has; a locale environment it does not have is passed over (a German desktop gets English, not an error).
- a request: `--request-lang`, then the recipient's `language` in `[isp]` / `[cloud]` / `[service]`, then the
  interface language.

Catalogs are standard gettext: `templates/locale/<lang>/LC_MESSAGES/reportkit.po` in the repository, compiled to
`.mo` beside them (committed, and a test checks they are current: a non-editable install then needs no build step).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reportkit.errors import InputError

if TYPE_CHECKING:  # gettext and datetime are imported where used: `reportkit --help` in English needs neither
    import gettext
    from datetime import datetime

DOMAIN = "reportkit"
DEFAULT = "en"
# code -> the language's name in itself (what a user looks for in a list)
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fi": "suomi",
    "hu": "magyar",
    "tr": "Türkçe",
    "ru": "русский",
}
ENV = "REPORTKIT_LANG"
LOCALE_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def available() -> str:
    """'en (English), fi (suomi), …' for messages."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def normalize(tag: str | None) -> str | None:
    """A language code reportkit has, from a tag as users and locales write it ('fi', 'fi_FI.UTF-8', 'hu-HU',
    'RU', 'tr_TR@euro'), or None ('C', 'POSIX', '', a language it does not have)."""
    if not isinstance(tag, str):
        return None
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def require(tag: str, what: str) -> str:
    """An explicitly chosen language, or a one-line InputError naming the ones available."""
    code = normalize(tag)
    if code is None:
        raise InputError(
            _("{what}: {tag} is not a language reportkit speaks; available: {languages}").format(
                what=what, tag=repr(tag), languages=available()
            )
        )
    return code


def interface_language(flag: str | None, environ: Mapping[str, str], settings: Mapping[str, Any] | None = None) -> str:
    """The interface language, by the order in the module docstring."""
    if flag:
        return require(flag, "--lang")
    if environ.get(ENV, "").strip():
        return require(environ[ENV], ENV)
    reporter = (settings or {}).get("reporter") if isinstance(settings, Mapping) else None
    configured = reporter.get("language") if isinstance(reporter, Mapping) else None
    if isinstance(configured, str) and configured.strip():
        return require(configured, "config reporter.language")
    for name in LOCALE_ENV:
        value = environ.get(name, "")
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            code = normalize(part)
            if code:
                return code
        if value and name != "LANGUAGE":
            break  # the first locale variable that is set decides (POSIX precedence), even if unknown
    return DEFAULT


def request_language(flag: str | None, settings: Mapping[str, Any] | None, section: str | None, interface: str) -> str:
    """The language of a request to the recipient whose config section is `section` ("isp", "cloud", "service")."""
    if flag:
        return require(flag, "--request-lang")
    table = (settings or {}).get(section) if section and isinstance(settings, Mapping) else None
    configured = table.get("language") if isinstance(table, Mapping) else None
    if isinstance(configured, str) and configured.strip():
        return require(configured, f"config {section}.language")
    return interface


# ---------------------------------------------------------------------------------------------------- catalogs


def locale_dir() -> Any:
    """The directory holding `<lang>/LC_MESSAGES/reportkit.mo` (installed package, else the source checkout)."""
    import importlib.resources
    from pathlib import Path

    try:
        return importlib.resources.files("reportkit.templates") / "locale"
    except ModuleNotFoundError:  # a source checkout that was never installed
        return Path(__file__).resolve().parent.parent / "templates" / "locale"


@functools.lru_cache(maxsize=8)
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of one language (English and a missing catalog: the messages as written)."""
    import gettext

    if language == DEFAULT or language not in LANGUAGES:
        return gettext.NullTranslations()
    path = locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()


def gettext_for(language: str, message: str) -> str:
    return translations(language).gettext(message)


# the interface language of this process (set once by the CLI from --lang and the environment)
_interface = [DEFAULT]


def use(language: str) -> None:
    """Speak `language` in the interface from now on (`_`, `ngettext`)."""
    _interface[0] = language if language in LANGUAGES else DEFAULT


def current() -> str:
    return _interface[0]


def _(message: str) -> str:
    """`message` (an English msgid) in the interface language."""
    return message if _interface[0] == DEFAULT else translations(_interface[0]).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it here (it is translated where it is shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n`, in the interface language."""
    if _interface[0] == DEFAULT:
        return singular if n == 1 else plural
    return translations(_interface[0]).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return message if _interface[0] == DEFAULT else translations(_interface[0]).pgettext(context, message)


def ngettext_for(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


# ---------------------------------------------------------------------------------------------------- formatting


def _babel_locale(language: str) -> Any:
    from babel import Locale

    return Locale.parse(language if language in LANGUAGES else DEFAULT)


def number(value: float | int, language: str, decimals: int | None = None) -> str:
    """1234567.5 → '1,234,567.5' (en), '1 234 567,5' (fi, hu, ru), '1.234.567,5' (tr); `decimals` fixes how many
    digits follow the decimal sign (0: a whole number)."""
    from babel.numbers import format_decimal

    if decimals is not None:
        value = round(value, decimals)
        if decimals == 0:
            value = int(value)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(value, format=pattern, locale=_babel_locale(language)))
    return str(format_decimal(value, locale=_babel_locale(language)))


def join(items: Sequence[str], style: str, language: str) -> str:
    """Items joined as the language joins a list: style "and" ('a, b and c', 'a, b ja c') or "or"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    from babel.lists import format_list

    return str(format_list(items, style="or" if style == "or" else "standard", locale=_babel_locale(language)))


def percent(fraction: float, language: str) -> str:
    """0.35 → '35%' (en), '35 %' (fi), '%35' (tr)."""
    from babel.numbers import format_percent

    return str(format_percent(fraction, locale=_babel_locale(language)))


SIZE_UNITS: Sequence[tuple[str, int]] = (("petabyte", 1000**5), ("terabyte", 1000**4), ("gigabyte", 1000**3),
                                         ("megabyte", 1000**2), ("kilobyte", 1000), ("byte", 1))  # fmt: skip


def size(n_bytes: int | float, language: str) -> str:
    """1_500_000 → '1.5 MB' (en), '1,5 Mt' (fi), '1,5 MB' (hu, tr), '1,5 МБ' (ru): Babel's unit names."""
    from babel.units import format_unit

    for unit, scale in SIZE_UNITS:
        if abs(n_bytes) >= scale or unit == "byte":
            value = round(n_bytes / scale, 1) if scale > 1 else int(n_bytes)
            return str(format_unit(value, f"digital-{unit}", length="short", locale=_babel_locale(language)))
    return str(n_bytes)  # not reached


def duration(seconds: float, language: str) -> str:
    """3 h 20 min as words of the language, rounded to its largest unit ('3 hours', '3 tuntia', '3 óra')."""
    from datetime import timedelta

    from babel.dates import format_timedelta

    return str(format_timedelta(timedelta(seconds=seconds), locale=_babel_locale(language), threshold=1.0))


def moment(when: datetime, language: str, with_time: bool = True) -> str:
    """A date (and time) in the language's medium format, always with its UTC offset ('UTC+02:00')."""
    from babel.dates import format_date, format_time

    locale = _babel_locale(language)
    day = str(format_date(when, format="medium", locale=locale))
    if not with_time:
        return day
    text = f"{day} {format_time(when, format='short', locale=locale, tzinfo=when.tzinfo)}"
    offset = when.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
