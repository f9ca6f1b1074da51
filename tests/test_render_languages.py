"""The request in every language: one well-filled report (a real verdict from the triage engine, secrets removed and
kept, screenshots with hidden secrets, an anchored start time) as text, Markdown and HTML in en, fi, hu, tr and ru.

Golden files live in tests/golden/i18n/<lang>.txt and <lang>.html. After the catalogs or the templates change,
regenerate them and review the diff before committing:

    REPORTKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_languages.py
    git diff tests/golden/i18n/

Also here: the templates hold no English outside gettext (a scanner), the wording tables follow the language of each
render (not the first one), the filters speak the request language, plurals come from the catalog (a tiny in-memory
Russian one).
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fixtures
import pytest
import test_triage as triage_table

from reportkit import i18n, triage
from reportkit import render as render_module
from reportkit.model import (
    Attachment,
    Diagnostics,
    EarlierReport,
    ErrorText,
    Evidence,
    History,
    Meta,
    OtherVantage,
    Problem,
    Report,
    Section,
    WatchSummary,
)
from reportkit.render import render

LANGUAGES = ("en", "fi", "hu", "tr", "ru")
HUMAN_FORMATS = ("text", "markdown", "html")
GOLDEN = Path(__file__).parent / "golden" / "i18n"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def language_report() -> Report:
    """The sample report with a verdict the engine decided (the service refuses connections), its probe data, an
    anchored start time, secrets removed (two different ones in three places) and one finding kept, and two
    screenshots with secrets hidden in them."""
    base = fixtures.sample_report()
    data = triage_table.healthy()
    triage_table.app_refused(data)
    verdict = triage.decide(data, None, triage_table.SETTINGS)
    kept_sections = tuple(s for s in base.diagnostics.sections if s.name != "probes")
    attachments = (
        *base.evidence.attachments,
        Attachment(name="login.png", size=48_213, sha256="1" * 64, media_type="image/png", hidden=("password",)),
        Attachment(
            name="card.png",
            size=1_573_000,
            sha256="2" * 64,
            media_type="image/png",
            caption="The payment form",
            hidden=("card-number", "github-token", "password", "password", "password"),
        ),
    )
    return dataclasses.replace(
        base,
        verdict=verdict,
        problem=dataclasses.replace(
            base.problem,
            started_at="this morning",
            started_resolved="2026-12-01T08:00:00+02:00",
            started_approx=True,
        ),
        evidence=dataclasses.replace(base.evidence, attachments=attachments),
        diagnostics=Diagnostics((*kept_sections, Section("probes", "ok", duration_ms=812, data=data))),
        meta=dataclasses.replace(
            base.meta,
            redactions={"password": 2, "card-number": 1},
            redacted_distinct=2,
            not_secrets=({"kind": "secret", "field": "problem.description"},),
            request_id="RK-7Q2M",
        ),
        history=HISTORY,
    )


# what the ledger adds: two earlier open tickets (one from last year), a watch, a hotspot and an office
HISTORY = History(
    earlier=(
        EarlierReport("ISP-48213", "Example ISP", "2026-11-12T10:00:00+02:00", "RK-4K2P"),
        EarlierReport("CLOUD-771", "", "2025-12-30T09:00:00+02:00", "RK-0ABC"),
    ),
    watch=WatchSummary(
        "2026-12-01T14:00:00+02:00", "2026-12-01T14:20:00+02:00", 20, 4,
        "2026-12-01T14:05:00+02:00", "2026-12-01T14:15:00+02:00", ("isp",), True,
    ),
    vantages=(
        OtherVantage("phone hotspot", True, "none", "healthy"),
        OtherVantage("office", False, "cloud-provider", "host-down"),
        OtherVantage("laptop", None, "unknown", "not-measured"),
    ),
)  # fmt: skip


def rendered(fmt: str, language: str, report: Report | None = None) -> str:
    return render(report or language_report(), fmt, language=language)


# --------------------------------------------------------------------------------------------
# every language, every format


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_every_format(language: str, fmt: str) -> None:
    out = rendered(fmt, language)
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "None" not in out and "Undefined" not in out
    assert "%(" not in out and "{service}" not in out  # no placeholder left unfilled
    assert "INC-20418" in out and "anna.virtanen@virtanen-design.example" in out  # the user's data is all there


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_carries_the_request_language(language: str) -> None:
    assert f'<html lang="{language}">' in rendered("html", language)
    # without a language given, the report's own (meta.language)
    report = dataclasses.replace(language_report(), meta=dataclasses.replace(language_report().meta, language=language))
    assert render(report, "html").startswith(f'<!DOCTYPE html>\n<html lang="{language}">\n')


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_json_renders_the_same_in_every_language(language: str) -> None:
    report = language_report()
    again = Report.from_dict(json.loads(render(report, "json")))
    for fmt in HUMAN_FORMATS:
        assert render(again, fmt, language=language) == render(report, fmt, language=language), fmt


@pytest.mark.parametrize("ext", ["txt", "html"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_golden(language: str, ext: str) -> None:
    out = rendered("text" if ext == "txt" else "html", language)
    path = GOLDEN / f"{language}.{ext}"
    if os.environ.get("REPORTKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with REPORTKIT_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} differs: review, then regenerate"


def test_english_is_the_english_golden_of_the_sample() -> None:
    """The request language changes nothing for English: the sample renders as tests/golden/sample.txt."""
    assert render(fixtures.sample_report(), "text", language="en") == (GOLDEN.parent / "sample.txt").read_text("utf-8")


# --------------------------------------------------------------------------------------------
# filters and lists in the request language


def test_numbers_sizes_percentages_and_durations_follow_the_language() -> None:
    cases = {
        "en": ("247.3 KiB", "96.8 %", "1 h 52 min", "2,250,417"),
        "fi": ("247,3 KiB", "96,8\xa0%", "1 t 52 min", "2\xa0250\xa0417"),
        "hu": ("247,3 KiB", "96,8%", "1 ó 52 p", "2\xa0250\xa0417"),
        "tr": ("247,3 KiB", "%96,8", "1 sa. 52 dk.", "2.250.417"),
        "ru": ("247,3 KiB", "96,8\xa0%", "1 ч 52 мин", "2\xa0250\xa0417"),
    }
    for language, (size, percent, duration, number) in cases.items():
        with render_module._speaking(language):
            assert render_module.human_bytes(253_235) == size, language
            assert render_module.human_percent(96.84) == percent, language
            assert render_module.human_duration(6720) == duration, language
            assert render_module.human_number(2_250_417) == number, language
        assert f"checkout-502.png (image/png, {size})" in rendered("text", language)


def test_every_time_keeps_its_utc_offset() -> None:
    for language in LANGUAGES:
        with render_module._speaking(language):
            shown = render_module.human_time("2026-11-23T09:15:00+02:00")
        assert shown.endswith("+02:00"), (language, shown)
        assert "9" in shown and "15" in shown


def test_the_start_time_names_weekday_and_month_in_the_request_language() -> None:
    problem = Problem(started_at="this morning", started_resolved="2026-12-01T08:00:00+02:00", started_approx=True)
    assert render_module._since(problem, "en") == "this morning (≈ Tue 1 Dec 2026, 08:00 UTC+02:00)"
    shown = {language: render_module._since(problem, language) or "" for language in LANGUAGES}
    assert "вт" in shown["ru"] and "дек" in shown["ru"]
    assert "ti" in shown["fi"] and "1.12.2026" in shown["fi"]
    assert "Ara" in shown["tr"] and "dec" in shown["hu"]
    assert all(s.startswith("this morning (≈ ") and s.endswith(" UTC+02:00)") for s in shown.values()), shown
    assert len(set(shown.values())) == len(LANGUAGES)
    # a day alone: no time, no offset
    day = Problem(started_at="yesterday", started_resolved="2026-11-30")
    assert render_module._since(day, "en") == "yesterday (Mon 30 Nov 2026)"
    assert "нояб" in (render_module._since(day, "ru") or "")


def test_lists_join_as_the_language_does() -> None:
    tickets = {"en": " and ", "fi": " ja ", "hu": " és ", "tr": " ve ", "ru": " и "}
    for language, word in tickets.items():
        assert f"INC-20418{word}INC-20433" in rendered("text", language), language


def test_kinds_of_secret_have_names_and_an_unknown_kind_shows_its_code() -> None:
    text = rendered("text", "en")
    assert "removed 2 secrets (card number, password) from 3 places" in text
    assert "1 secret hidden in this screenshot (password)" in text
    assert "5 secrets hidden in this screenshot (card number, GitHub token, password)" in text
    assert "1 finding (secret) marked “not a secret”" in text
    odd = dataclasses.replace(
        language_report(), meta=Meta(tool_version="0", created_at="x", redactions={"odd-kind": 1})
    )
    assert "(odd-kind)" in render(odd, "text")


def test_every_source_of_an_error_has_its_own_caption() -> None:
    sources = {
        "typed": "Error 1, typed in by me:",
        "file:app.log": "Error 1, from the file app.log:",
        "stdin": "Error 1, piped in from another program:",
        "clipboard": "Error 1, pasted from the clipboard:",
        "screenshot 2": "Error 1, from screenshot 2:",
        "screenshot:3": "Error 1, from screenshot 3:",
        "fax machine": "Error 1, from fax machine:",
    }
    for source, caption in sources.items():
        report = Report(
            meta=Meta(tool_version="0", created_at="2026-11-23T09:15:00+02:00"),
            evidence=Evidence(errors=(ErrorText("Access denied", source=source),)),
        )
        assert caption in render(report, "text").splitlines(), source


def test_the_interview_says_the_start_time_back_in_the_interface_language() -> None:
    problem = Problem(started_at="this morning", started_resolved="2026-12-01T08:00:00+02:00", started_approx=True)
    try:
        i18n.use("ru")
        assert "дек" in (render_module.since_text(problem) or "")
        assert "Dec" in (render_module.since_text(problem, "en") or "")
    finally:
        i18n.use("en")
    assert render_module.since_text(problem) == "this morning (≈ Tue 1 Dec 2026, 08:00 UTC+02:00)"


# --------------------------------------------------------------------------------------------
# the catalogs are used per render: a tiny catalog in memory


HIDDEN = "%(num)s secret hidden in this screenshot (%(kinds)s)|%(num)s secrets hidden in this screenshot (%(kinds)s)"


def catalog(language: str, entries: dict[str, str | tuple[str, ...]]) -> gettext.GNUTranslations:
    """A compiled catalog holding `entries` (msgid -> translation; a plural: "singular|plural" -> its forms)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = Catalog(locale=language, domain=i18n.DOMAIN)
    for msgid, text in entries.items():
        made.add(tuple(msgid.split("|")) if "|" in msgid else msgid, text)
    out = io.BytesIO()
    write_mo(out, made)
    out.seek(0)
    return gettext.GNUTranslations(out)


@pytest.fixture
def fake_catalogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    fi = catalog(
        "fi",
        {
            "Account ID": "Asiakastunnus",  # a wording.j2 table entry
            "The problem": "Ongelma",
            "Hello,": "Hei,",
            "I am writing about a problem with %(service)s.": "Kirjoitan palvelun %(service)s ongelmasta.",
        },
    )
    ru = catalog(
        "ru",
        {
            HIDDEN: (
                "%(num)s секрет скрыт на снимке (%(kinds)s)",
                "%(num)s секрета скрыты на снимке (%(kinds)s)",
                "%(num)s секретов скрыто на снимке (%(kinds)s)",
            ),
            "card number": "номер карты",
            "password": "пароль",
        },
    )
    real = i18n.translations

    def translations(language: str) -> gettext.NullTranslations:
        return {"fi": fi, "ru": ru}.get(language) or real(language)

    monkeypatch.setattr(i18n, "translations", translations)
    yield


def test_each_render_speaks_its_own_language_english_finnish_english(fake_catalogs: None) -> None:
    """`{% import "partials/wording.j2" as w %}` would keep the first language it was rendered in: it is imported
    with context, so the tables follow every render."""
    first = rendered("text", "en")
    finnish = rendered("text", "fi")
    again = rendered("text", "en")
    assert "Account ID:" in first and "Asiakastunnus:" not in first
    assert "Asiakastunnus:" in finnish and "Account ID:" not in finnish
    assert "Ongelma\n-------" in finnish and "Kirjoitan palvelun Shop website ongelmasta." in finnish
    assert again == first
    for fmt in ("markdown", "html"):
        assert "Asiakastunnus" in rendered(fmt, "fi") and "Asiakastunnus" not in rendered(fmt, "en")


def test_plurals_come_from_the_catalog(fake_catalogs: None) -> None:
    report = language_report()
    three = ("password", "password", "card-number")
    more = dataclasses.replace(
        report,
        evidence=dataclasses.replace(
            report.evidence,
            attachments=(
                Attachment(name="a.png", size=1, sha256="3" * 64, hidden=("password",)),
                Attachment(name="b.png", size=1, sha256="4" * 64, hidden=three),
                Attachment(name="c.png", size=1, sha256="5" * 64, hidden=three + three[:2]),
                Attachment(name="d.png", size=1, sha256="6" * 64, hidden=("password",) * 21),
            ),
        ),
    )
    for fmt in HUMAN_FORMATS:
        out = render(more, fmt, language="ru")
        assert "1 секрет скрыт на снимке (пароль)" in out
        assert "3 секрета скрыты на снимке (номер карты, пароль)" in out
        assert "5 секретов скрыто на снимке (номер карты, пароль)" in out
        assert "21 секрет скрыт на снимке (пароль)" in out


def test_a_translation_is_escaped_data_in_html(fake_catalogs: None) -> None:
    evil = dataclasses.replace(
        language_report(), service=dataclasses.replace(language_report().service, name="<b>x</b>")
    )
    out = render(evil, "html", language="fi")
    assert "Kirjoitan palvelun &lt;b&gt;x&lt;/b&gt; ongelmasta." in out


# --------------------------------------------------------------------------------------------
# the templates hold no English outside gettext

# words every language writes the same way (protocols, units, names, abbreviations)
UNIVERSAL = {
    "reportkit", "URL", "IP", "VM", "HTTP", "HTTPS", "DNS", "JSON", "TLS", "ID", "SHA", "UTC", "MiB", "KiB", "GiB",
    "IPv4", "IPv6", "PID", "CPU", "RSS", "MTU", "MAC", "Python", "json", "text", "html", "DOCTYPE",
}  # fmt: skip
GETTEXT_CALL = re.compile(r"\b(?:_|gettext|ngettext|pgettext|npgettext)\(")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z]+)*")
CODE = re.compile(r"^[a-z0-9_.:/%#-]*$")  # keys, filter arguments, formats: "account_id", "cloud-provider", "%7s"


def templates() -> list[Path]:
    found = sorted([*TEMPLATES.glob("*.j2"), *(TEMPLATES / "partials").glob("*.j2")])
    assert len(found) >= 7, found
    return found


def outside_gettext(source: str) -> str:
    """The template's literal text: trans blocks, expressions, tags, comments, style, script and HTML tags gone."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    return re.sub(r"<[^>]*>", " ", text)


def gettext_literals(code: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of every string literal given to a gettext function (every leading literal argument)."""
    for call in GETTEXT_CALL.finditer(code):
        at = call.end()
        while True:
            space = re.match(r"\s*", code[at:])
            at += space.end() if space else 0
            literal = STRING.match(code, at)
            if literal is None:
                break
            yield literal.start(), literal.end(), literal.group(1) if literal.group(1) is not None else literal.group(2)
            at = literal.end()
            comma = re.match(r"\s*,", code[at:])
            if comma is None:
                break
            at += comma.end()


def code_parts(source: str) -> Iterator[str]:
    """The insides of every {{ … }} and {% … %} (trans blocks' own tags included, their text not)."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    for part in re.finditer(r"\{\{(.*?)\}\}|\{%(.*?)%\}", source, flags=re.S):
        yield part.group(1) if part.group(1) is not None else part.group(2)


def english(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in UNIVERSAL and not re.fullmatch(r"[a-z]?\d\w*", w)]


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_no_english_outside_gettext_in_the_template_text(path: Path) -> None:
    left = english(outside_gettext(path.read_text("utf-8")))
    assert left == [], f"{path.name}: words outside gettext: {sorted(set(left))}"


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_no_english_string_outside_gettext_in_the_template_code(path: Path) -> None:
    """A string literal in an expression or tag that holds words is the argument of _(), ngettext() or npgettext()."""
    bad = []
    for code in code_parts(path.read_text("utf-8")):
        translated = {(start, end) for start, end, _ in gettext_literals(code)}
        for literal in STRING.finditer(code):
            text = literal.group(1) if literal.group(1) is not None else literal.group(2)
            if (literal.start(), literal.end()) in translated or CODE.match(text):
                continue
            if code[literal.end() :].lstrip().startswith(":"):  # a dict key
                continue
            if english(re.sub(r"\\.", " ", text)):  # "\n" is no word
                bad.append(text)
    assert bad == [], f"{path.name}: strings with words outside gettext: {bad}"


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_gettext_gets_whole_messages_not_fragments(path: Path) -> None:
    """No message that is the head of a sentence to be glued to something ("I am writing about ", "VM ")."""
    source = path.read_text("utf-8")
    for code in code_parts(source):
        for _, _, text in gettext_literals(code):
            assert text.strip(), f"{path.name}: an empty message"
            assert text == text.strip(), f"{path.name}: {text!r} starts or ends with a space: a fragment"
    for block in re.findall(r"\{%-?\s*trans\b[^%]*%\}(.*?)\{%-?\s*endtrans", source, flags=re.S):
        for form in re.split(r"\{%-?\s*pluralize[^%]*%\}", block):
            assert form == form.strip(), f"{path.name}: trans block {form!r} starts or ends with a space"


def test_the_scanner_finds_english() -> None:
    """The scanner itself: it sees a bare word, a bare string, a fragment; it passes gettext and universal tokens."""
    assert english(outside_gettext("<p>Thank you</p>")) == ["Thank", "you"]
    assert english(outside_gettext('<p>{{ _("Thank you") }} IPv4 {% trans %}Hi{% endtrans %}</p>')) == []
    code = '_("Hello %(name)s", name=x) if y else "Hello"'
    translated = {(s, e) for s, e, _ in gettext_literals(code)}
    assert [m.group(1) for m in STRING.finditer(code) if (m.start(), m.end()) not in translated] == ["Hello"]
    assert [t for _, _, t in gettext_literals('ngettext("a file", "files", n, x="y")')] == ["a file", "files"]


def template_messages() -> Iterator[tuple[str | None, str | tuple[str, str]]]:
    """(context, msgid) of every message the catalog tool extracts from the templates (its own extractor settings)."""
    from babel.messages.extract import extract_from_dir

    from reportkit import catalogs

    method_map = [("**.j2", "jinja2.ext:babel_extract")]
    for _file, _line, message, _comments, context in extract_from_dir(
        str(catalogs.TEMPLATES), method_map, {"**.j2": catalogs.JINJA_OPTIONS}, strip_comment_tags=True
    ):
        yield context, message if isinstance(message, str) else (message[0], message[1])


def test_every_message_of_the_templates_is_extracted() -> None:
    """What the templates say through gettext is what `python -m reportkit.catalogs` extracts."""
    extracted: set[Any] = set()
    for context, msgid in template_messages():
        extracted.update([msgid] if isinstance(msgid, str) else msgid)
        extracted.add(context)  # pgettext's first argument is its context
    assert (
        "Before sending, reportkit removed %(num)s secret (%(kinds)s) from %(num)s place in this request: support "
        "never needs passwords, PINs or keys." in extracted
    )
    assert "VM %(name)s" in extracted  # a trans block
    for path in templates():
        for code in code_parts(path.read_text("utf-8")):
            for _, _, text in gettext_literals(code):
                assert text in extracted, (path.name, text)
