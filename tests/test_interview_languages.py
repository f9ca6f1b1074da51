"""The interview and the command line in the interface language (issue 11).

Two kinds of test:
- with a small catalog made here (monkeypatched in), that the interview and the CLI show the catalog's wording,
  read back the answers of that language (yes / no, menu letters, works / fails, the answer sheet's questions) and
  word stored messages (warnings, findings) in it;
- with the real catalogs, on a real terminal (a pty, `collect --offline`): an interview in Russian and one in
  Hungarian, answered in Cyrillic and accented letters, whose answers must come back exactly in request.txt,
  request.md, request.html (escaped) and report.json, and whose prompts must be the catalog's translations; and
  `reportkit --lang fi --help` in Finnish. The checks that the catalog translates fail until the coordinator's
  catalogs hold the CLI's texts — saying which text is not translated yet.
"""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from test_interrupt_pty import Session
from test_interview import Script

from reportkit import answer_sheet, i18n, interview, messages, quality
from reportkit.cli import language as cli_language
from reportkit.cli import main, printing
from reportkit.fields import BY_KEY
from reportkit.render import markdown_cell, markdown_text

Entries = Mapping[Any, str]  # msgid, or (context, msgid) -> translation


def catalog(entries: Entries, language: str) -> gettext.GNUTranslations:
    """A compiled catalog of `entries`, as reportkit.i18n.translations gives one."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = Catalog(locale=language, domain=i18n.DOMAIN)
    for key, text in entries.items():
        if isinstance(key, tuple):
            made.add(key[1], text, context=key[0])
        else:
            made.add(key, text)
    data = io.BytesIO()
    write_mo(data, made)
    data.seek(0)
    return gettext.GNUTranslations(data)


@pytest.fixture
def speak(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """speak(language, entries): the interface speaks `language` with a catalog of `entries` (until the test ends)."""

    def use(language: str, entries: Entries | None = None) -> None:
        made = catalog(entries or {}, language)
        monkeypatch.setattr(i18n, "translations", lambda code: made if code == language else gettext.NullTranslations())
        i18n.use(language)

    yield use
    i18n.use(i18n.DEFAULT)


# ------------------------------------------------------------------------------------------ what may be typed


@pytest.mark.parametrize(
    ("language", "yes", "no"),
    [
        ("en", ["y", "yes", "Y", " YES "], ["n", "no", "No"]),
        ("fi", ["kyllä", "Kyllä", "k", "y", "yes"], ["ei", "EI", "e", "n", "no"]),
        ("hu", ["igen", "i", "y"], ["nem", "n", "no"]),
        ("tr", ["evet", "EVET", "e", "yes"], ["hayır", "Hayır", "hayir", "HAYIR", "h", "no"]),
        ("ru", ["да", "Да", "д", "yes"], ["нет", "НЕТ", "н", "n"]),
    ],
)
def test_yes_and_no_in_the_interface_language_and_always_in_english(
    speak: Any, language: str, yes: list[str], no: list[str]
) -> None:
    speak(language)
    assert [interview.yes_no(w) for w in yes] == [True] * len(yes)
    assert [interview.yes_no(w) for w in no] == [False] * len(no)
    assert interview.yes_no("", True) is True and interview.yes_no("  ", False) is False
    assert interview.yes_no("maybe") is None


def test_another_languages_yes_and_no_mean_nothing_here(speak: Any) -> None:
    speak("en")
    assert [interview.yes_no(w) for w in ("kyllä", "e", "igen", "evet", "да", "ei")] == [None] * 6
    speak("fi")
    assert interview.yes_no("e") is False  # "ei" in Finnish …
    speak("tr")
    assert interview.yes_no("e") is True  # … "evet" in Turkish: each language only its own


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("fi", "toimii", "works"),
        ("fi", "ei toimi", "fails"),
        ("fi", "kyllä", "works"),
        ("hu", "nem működik", "fails"),
        ("tr", "Çalışıyor", "works"),
        ("ru", "не  работает", "fails"),
        ("ru", "да", "works"),
        ("ru", "works", "works"),
        ("en", "fails", "fails"),
    ],
)
def test_works_or_fails_in_the_interface_language(speak: Any, language: str, typed: str, stored: str) -> None:
    speak(language)
    p = Script([typed])
    answers: dict[str, Any] = {}
    interview.answer_field(p, answers, BY_KEY["problem.other_connection"])
    assert answers["problem.other_connection"] == stored


FI_MENU = "[t]allenna, [m]uokkaa vastausta, muokkaa [k]aikkia vastauksia tai [o]hjetta editorissa $EDITOR, tai [p]eru"


def test_the_menu_letters_of_a_translation_work_beside_the_english(speak: Any) -> None:
    speak("fi", {interview.MENU: FI_MENU})
    text, typed = interview.menu(interview.MENU, interview.MENU_CHOICES)
    assert text == FI_MENU
    assert typed == {"s": "s", "e": "e", "a": "a", "d": "d", "c": "c", "t": "s", "m": "e", "k": "a", "o": "d", "p": "c"}
    session = interview.Session(answers={"reporter.name": "Anna"}, situation="service")
    shown: list[int] = []
    assert interview.review(Script(["t"]), session, lambda: shown.append(1)) is True
    assert interview.review(Script(["p"]), session, lambda: shown.append(1)) is False
    assert interview.review(Script(["c"]), session, lambda: shown.append(1)) is False  # English: cancel


@pytest.mark.parametrize(
    ("menu", "added"),
    [
        ("[m]entés, [s]zerkesztés, [x] [y] [z]", {"m": "s", "x": "a", "y": "d", "z": "c"}),  # "s" stays save
        ("[t]allenna tai [p]eru", {}),  # too few letters: only the English ones
        ("[t]allenna, [t]oinen, [k]aikki, [o]hje, [p]eru", {}),  # one letter twice: only the English ones
    ],
)
def test_a_translation_never_takes_an_english_letter_from_its_action(
    speak: Any, menu: str, added: dict[str, str]
) -> None:
    speak("fi", {interview.MENU: menu})
    _text, typed = interview.menu(interview.MENU, interview.MENU_CHOICES)
    assert typed == {**{k: k for k in interview.MENU_CHOICES}, **added}


def test_chosen_reads_case_and_spaces_but_never_guesses() -> None:
    assert interview.chosen("s", ["s", "e"]) == "s"
    assert interview.chosen(" S ", ["s", "e"]) == "s"
    assert interview.chosen("x", ["s", "e"]) is None
    assert interview.chosen("", ["s", "e"]) is None


# ------------------------------------------------------------------------------------------ shown in the language

FI = {
    "What is the problem about?": "Mitä ongelma koskee?",
    "Choose": "Valitse",
    "About you": "Sinusta",
    "Your name": "Nimesi",
    "so support can address you": "jotta tuki voi puhutella sinua",
    "a service on a server or in the cloud (website, VPS, e-mail, app)": "palvelu palvelimella tai pilvessä",
    "Paste the error message from the clipboard?": "Liitetäänkö virheilmoitus leikepöydältä?",
    "Error: {message}": "Virhe: {message}",
}


def test_the_interview_asks_in_the_interface_language(speak: Any) -> None:
    speak("fi", FI)
    p = Script(["s", "Anna Virtanen"], default="")
    session = interview.Session(answers={})
    interview.run(session, p, clipboard=True)
    assert p.said[0] == "Mitä ongelma koskee?"
    assert "  [1] palvelu palvelimella tai pilvessä" in p.said
    assert p.asked[0].text == "  Valitse"
    first = p.questions[0]
    assert (first.text, first.hint) == ("Nimesi", "jotta tuki voi puhutella sinua")
    assert "Sinusta" in p.said
    assert any(a.text == "  Liitetäänkö virheilmoitus leikepöydältä?" for a in p.asked)
    assert p.questions[1].text == "Your e-mail"  # not in this catalog: English, never an empty prompt
    assert session.answers["reporter.name"] == "Anna Virtanen"


def test_an_invalid_answer_is_explained_in_the_interface_language(speak: Any) -> None:
    speak("fi", FI)
    p = Script(["not an address", "203.0.113.10"])
    answers: dict[str, Any] = {}
    interview.answer_field(p, answers, BY_KEY["service.host"])
    assert answers["service.host"] == "203.0.113.10"
    assert [line for line in p.said if line.startswith("  Virhe: ")], p.said


def test_the_answer_sheet_speaks_the_language_and_reads_english_too(speak: Any) -> None:
    speak("fi", {"Your name": "Nimesi", "Your e-mail": "Sähköpostisi", answer_sheet.HEADER: "Kaikki vastaukset.\n"})
    fields = [BY_KEY["reporter.name"], BY_KEY["reporter.email"]]
    sheet = answer_sheet.dump({"reporter.name": "Anna"}, fields, "service")
    assert sheet.startswith("# Kaikki vastaukset.\n")  # a translated header line is still a comment
    assert "Nimesi: Anna\n" in sheet
    answers, problems = answer_sheet.parse("Nimesi: Ägnes\nYour e-mail: agnes@example.com\n", fields, "service")
    assert problems == []
    assert answers == {"reporter.name": "Ägnes", "reporter.email": "agnes@example.com"}
    _answers, twice = answer_sheet.parse("Nimesi: A\nYour name: B\n", fields, "service")
    assert len(twice) == 1 and "appears twice" in twice[0].message


GW = messages.make("triage.TEXT.gw_no_ping", "It did not answer ping either.")


def test_stored_warnings_and_findings_are_worded_in_the_interface_language(
    speak: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    speak(
        "fi",
        {
            ("triage.TEXT.gw_no_ping", "It did not answer ping either."): "Se ei vastannut pingiinkään.",
            "warning: {text}": "varoitus: {text}",
            "Completeness: {score}/100": "Täydellisyys: {score}/100",
        },
    )
    printing.print_warnings([GW, "a literal stays as it is"])
    finding = quality.Finding(code="x", severity="warning", message=GW, suggestion="")
    printing.print_findings(quality.Quality(score=42, breakdown={}, findings=(finding,)))
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == ["varoitus: Se ei vastannut pingiinkään.", "varoitus: a literal stays as it is"]
    assert err[2] == "Täydellisyys: 42/100"
    assert err[3].startswith("  - Se ei vastannut pingiinkään.")


def test_what_was_removed_is_named_in_the_interface_language(speak: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from reportkit.redact.report import RedactionSummary, Removed, preview

    summary = RedactionSummary(
        counts={"card-number": 1}, removed=(Removed("problem.description", "card-number", preview("4111111111111111")),)
    )
    printing.print_redactions(summary)
    assert capsys.readouterr().err.splitlines() == [  # English as it always was: the kind's code
        "Removed 1 secret before sending: card-number (1)",
        "  problem.description: card-number 41…(16 chars)",
    ]
    speak("fi", {("redact.kind.card-number", "card number"): "korttinumero"})
    printing.print_redactions(summary)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith(": korttinumero (1)")
    assert lines[1].startswith("  problem.description: korttinumero 41…")
    p = Script([""])
    interview.pick_not_secrets(p, summary.removed)
    assert p.said == ["   1. korttinumero in problem.description: 41…(16 chars)"]


def test_check_names_every_criterion_in_the_interface_language(speak: Any) -> None:
    from reportkit.cli.reports_cmd import criterion

    assert [criterion(name) for name in quality.WEIGHTS] == list(quality.WEIGHTS)  # English: the keys
    speak("fi", {("check criterion", name): f"fi-{name}" for name in quality.WEIGHTS})
    assert [criterion(name) for name in quality.WEIGHTS] == [f"fi-{name}" for name in quality.WEIGHTS]


def test_english_output_is_unchanged_by_the_catalog_plumbing(capsys: pytest.CaptureFixture[str]) -> None:
    printing.print_warnings([GW])
    assert capsys.readouterr().err == "warning: It did not answer ping either.\n"
    assert interview.yes_no("yes") is True and interview.menu(interview.MENU, ("s",))[0] == interview.MENU


# ------------------------------------------------------------------------------------------ on a real terminal

RU_ANSWERS = {
    "reporter.name": "Анна Кузнецова",
    "reporter.email": "anna@example.com",
    "reporter.company": "ООО «Ромашка» & Ко",
    "service.name": "Интернет-магазин",
    "problem.summary": "Магазин отдаёт ошибку 502",
    "problem.description": "Кнопка «Оплатить» показывает <ошибку> & ничего не происходит",
    "problem.tried": "Перезагрузил роутер, другой браузер",
    "problem.other_connection": "не работает",  # stored as "fails"
}
HU_ANSWERS = {
    "reporter.name": "Árvíztűrő Tükörfúrógép",
    "reporter.email": "arviz@example.com",
    "reporter.company": "Kovács és Társa Kft.",
    "service.name": "Webáruház",
    "problem.summary": "A webáruház 502-es hibát ad",
    "problem.description": "A „Fizetés” gomb <hibát> & 502-t ad, őszintén",
    "problem.tried": "Újraindítottam a routert, másik böngésző",
    "problem.other_connection": "működik",  # stored as "works"
}
ERRORS = {"ru": "Ошибка 0x80070005: доступ запрещён", "hu": "Hiba 0x80070005: hozzáférés megtagadva"}
REMEMBER = {"ru": "нет", "hu": "igen"}  # the answer to "Remember your details?", in the language
TEXT_FIELDS = ("reporter.name", "reporter.company", "service.name", "problem.summary", "problem.description")


@dataclass
class Run:
    language: str
    code: int
    seen: bytes
    out: Path
    config: Path
    expected: list[str] = field(default_factory=list)  # the English texts whose translation was waited for


def translated(language: str, english: str) -> str:
    return i18n.translations(language).gettext(english)


def menu_save_letter(language: str) -> str:
    """The letter the language's menu gives "save" (the English "s" when the translation has none)."""
    i18n.use(language)
    try:
        _text, typed = interview.menu(interview.MENU, interview.MENU_CHOICES)
    finally:
        i18n.use(i18n.DEFAULT)
    return next((k for k, action in typed.items() if action == "s" and k != "s"), "s")


def interview_in(language: str, answers: Mapping[str, str], where: Path) -> Run:
    """A whole interactive `collect --offline` in `language` on a pty, every prompt waited for in its catalog
    wording, answered with `answers`; saved, and the details remembered or not as REMEMBER says."""
    home = where / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTKIT_", "LC_", "LANG"))}
    env = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PAGER", "LESS", "EDITOR", "VISUAL")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "TMPDIR": str(where / "tmp"),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "REPORTKIT_PROBE_ALLOW": "127.0.0.0/8,::1/128",
        }
    )
    (where / "tmp").mkdir(parents=True, exist_ok=True)
    for key, value in answers.items():  # a follow-up question would stop the script: no text answer is vague
        assert BY_KEY[key].kind != "text" or quality.vague_answer(value, key) is None, (key, value)
    out = where / "out"
    run = Run(language, -1, b"", out, home / "config" / "reportkit" / "config.toml")
    s = Session(["--lang", language, "--offline", "-o", str(out)], env)

    def expect(english: str) -> None:
        run.expected.append(english)
        s.wait_for(translated(language, english).split("{", 1)[0].encode())

    def send(text: str) -> None:
        os.write(s.leader, text.encode() + b"\r")

    try:
        expect("What is the problem about?")
        expect("Choose")
        send("s")
        for f in interview.questions({}, "service"):
            expect(f.prompt)
            send(answers.get(f.key, ""))
        expect("Paste the exact error message, not a paraphrase. Finish with an empty line; an empty line now skips.")
        time.sleep(0.2)
        send(ERRORS[language])
        send("")
        expect("Do you have a screenshot of the error? Path, or press c to capture the screen now")
        send("")
        expect(interview.MENU)
        send(menu_save_letter(language))
        expect("Remember your details for next time (in {path})?")
        send(REMEMBER[language])
        run.code = s.finish()
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
        if s.open:
            os.close(s.leader)
    run.seen = s.seen
    run.expected.append("Support request written to {folder}")
    return run


_RUNS: dict[str, Run] = {}


@pytest.fixture
def interviewed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The interview in the parametrized language, run once per language for all the tests that read it."""
    language = request.param
    if language not in _RUNS:
        _RUNS[language] = interview_in(
            language, RU_ANSWERS if language == "ru" else HU_ANSWERS, tmp_path_factory.mktemp(f"interview-{language}")
        )
    return _RUNS[language]


@pytest.mark.slow
@pytest.mark.parametrize("interviewed", ["ru", "hu"], indirect=True)
def test_answers_in_the_language_come_back_exactly_in_every_file(interviewed: Run) -> None:
    run = interviewed
    assert run.code == 0, run.seen[-1500:]
    assert b"Traceback" not in run.seen
    answers = RU_ANSWERS if run.language == "ru" else HU_ANSWERS
    report = json.loads((run.out / "report.json").read_text(encoding="utf-8"))
    assert report["reporter"]["name"] == answers["reporter.name"]
    assert report["reporter"]["company"] == answers["reporter.company"]
    assert report["service"]["name"] == answers["service.name"]
    assert report["problem"]["summary"] == answers["problem.summary"]
    assert report["problem"]["description"] == answers["problem.description"]
    assert report["problem"]["tried"] == answers["problem.tried"]
    assert report["problem"]["other_connection"] == ("fails" if run.language == "ru" else "works")
    assert [e["text"] for e in report["evidence"]["errors"]] == [ERRORS[run.language]]
    text = (run.out / "request.txt").read_text(encoding="utf-8")
    md = (run.out / "request.md").read_text(encoding="utf-8")
    page = (run.out / "request.html").read_text(encoding="utf-8")
    for key in TEXT_FIELDS:
        value = answers[key]
        assert value in text, (key, value)
        assert markdown_text(value) in md or markdown_cell(value) in md, (key, value)
        assert str(markupsafe.escape(value)) in page, (key, value)
        if "<" in value:
            assert value not in page  # never unescaped
    assert ERRORS[run.language] in text and ERRORS[run.language] in page


@pytest.mark.slow
@pytest.mark.parametrize("interviewed", ["ru", "hu"], indirect=True)
def test_remember_is_answered_in_the_language(interviewed: Run) -> None:
    run = interviewed
    assert run.code == 0, run.seen[-1500:]
    if run.language == "hu":  # "igen": remembered, exactly as typed
        config = run.config.read_text(encoding="utf-8")
        assert f'name = "{HU_ANSWERS["reporter.name"]}"' in config
        assert HU_ANSWERS["reporter.company"] in config
    else:  # "нет": nothing remembered
        assert not run.config.exists()


@pytest.mark.slow
@pytest.mark.parametrize("interviewed", ["ru", "hu"], indirect=True)
def test_the_interview_shows_the_catalogs_translations(interviewed: Run) -> None:
    run = interviewed
    untranslated = [english for english in run.expected if translated(run.language, english) == english]
    assert not untranslated, f"the {run.language} catalog does not translate these yet: {untranslated}"
    screen = run.seen.decode("utf-8", "replace")
    for english in run.expected:
        assert translated(run.language, english).split("{", 1)[0] in screen, english


# ------------------------------------------------------------------------------------------ --help and --lang


def reportkit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTKIT_", "LC_", "LANG"))}
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *args],
        capture_output=True,
        text=True,
        env={**env, "LANG": "C.UTF-8", "COLUMNS": "100"},
        timeout=30,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def flat(text: str) -> str:
    """Text as click wraps it, unwrapped: one space between words, none after a hyphen it broke a line at."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def english_help(item: Any, command: bool = False) -> str:
    """An item's help as written (this process may have shown it in another language)."""
    return str((cli_language._ENGLISH.get(id(item)) or cli_language._helps(item, command))["help"])


@pytest.mark.slow
def test_help_in_finnish_is_the_catalogs() -> None:
    done = reportkit("--lang", "fi", "--help")
    assert done.returncode == 0, done.stderr
    lang_option = next(p for p in main.params if p.name == "lang")
    english = [
        english_help(main, True),
        english_help(lang_option),
        "Usage:",
        "Options",
        "Commands",
    ]
    untranslated = [text for text in english if translated("fi", text) == text]
    assert not untranslated, f"the fi catalog does not translate these help texts yet: {untranslated}"
    for text in english[:2]:
        assert flat(translated("fi", text)) in flat(done.stdout), text
    assert done.stdout.startswith(translated("fi", "Usage:"))
    assert flat(translated("fi", "Options")) in done.stdout


@pytest.mark.slow
def test_an_unknown_language_is_one_line_listing_the_languages() -> None:
    for args in (("--lang", "xx", "--help"), ("config", "path", "--lang", "xx")):
        done = reportkit(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("reportkit: error: --lang: 'xx'")
        for code, name in i18n.LANGUAGES.items():
            assert f"{code} ({name})" in lines[0]
