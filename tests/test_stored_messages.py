"""What the report keeps outside the verdict is data too (issue 11): error-text notes, collector reasons, run
warnings and the evidence, screenshot and OCR problems behind them are messages (`messages.Said`), made by the real
code paths, whose catalog contexts the extractor yields; they survive report.json with the same context and fields,
are worded from a catalog (nested fragments, numbers and plurals in that language, English where a translation is
missing), and a reportkit/1 report keeps its old English sentences as literals. The errors printed at once go
through the catalog too."""

from __future__ import annotations

import gettext
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psutil
import pytest

from reportkit import catalogs, config, i18n, messages, ocr, pipeline, screens, validate
from reportkit.collectors import evidence, network, system
from reportkit.errors import InputError
from reportkit.messages import Num, Said
from reportkit.model import Attachment, Diagnostics, ErrorText, Evidence, Meta, Report, Section
from reportkit.options import RunOptions
from reportkit.redact import redact_report
from reportkit.render import render

GOLDEN_V1 = Path(__file__).parent / "golden" / "v1"
NOW = "2026-12-03T10:00:00+02:00"

# --------------------------------------------------------------------------------------------------- helpers


def nested(value: Any) -> Iterator[Said]:
    """A message and every message inside its fields."""
    if isinstance(value, Said):
        yield value
        for field in value.fields.values():
            yield from nested(field)
    elif isinstance(value, messages.Joined):
        for item in value.items:
            yield from nested(item)


def missing_from_catalog(texts: Iterable[Said]) -> set[str]:
    """The contexts of these messages (and of the ones inside them) that reportkit.catalogs.messages() does not yield.
    The message tables come first in it: it is read only until every context is seen."""
    wanted = {said.context for text in texts for said in nested(text)}
    for context, _msgid in catalogs.messages():
        wanted.discard(context or "")
        if not wanted:
            break
    return wanted


def same_message(back: Any, made: Any) -> None:
    """The message read back is the one made: the same context, fields and English, all the way down."""
    assert isinstance(back, Said) and isinstance(made, Said), (back, made)
    assert back.context == made.context and str(back) == str(made)
    assert back.fields.keys() == made.fields.keys()
    for name, field in made.fields.items():
        if isinstance(field, Said):
            same_message(back.fields[name], field)
        else:
            assert type(back.fields[name]) is type(field) and back.fields[name] == field, name


def catalog(
    language: str, entries: dict[tuple[str | None, str | tuple[str, str]], str | tuple[str, ...]]
) -> gettext.GNUTranslations:
    """A compiled in-memory catalog of `language` with the given (context, msgid) → msgstr entries."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = Catalog(locale=language, domain="reportkit")
    for (context, msgid), msgstr in entries.items():
        made.add(msgid, msgstr, context=context)
    out = io.BytesIO()
    write_mo(out, made)
    out.seek(0)
    return gettext.GNUTranslations(out)


def entry(context: str) -> str | tuple[str, str]:
    found = messages.template(context)
    assert found is not None, context
    return (found[0], found[1]) if isinstance(found, messages.Plural) else str(found)


FINNISH: dict[tuple[str | None, str | tuple[str, str]], str | tuple[str, ...]] = {
    ("evidence.binary", entry("evidence.binary")): "binääridataa: luettu UTF-8:na korvausmerkein (\ufffd)",
    ("evidence.truncated_at_least", entry("evidence.truncated_at_least")): (
        "katkaistu: säilytettiin ensimmäiset {kept}, kaikkiaan vähintään {total}"
    ),
    ("evidence.size_mib", entry("evidence.size_mib")): "{size} Mt",
    # evidence.both is left untranslated: its English "{first}; {second}" holds the Finnish parts
    ("evidence.skipped", entry("evidence.skipped")): "{problem}; ohitettu",
    ("evidence.missing", entry("evidence.missing")): "{label}: ei ole olemassa (tarkista polku)",
    ("evidence.label_screenshot", entry("evidence.label_screenshot")): "kuvakaappaus {path}",
    ("pipeline.section_failed", entry("pipeline.section_failed")): "{name}-diagnostiikka epäonnistui: {reason}",
    ("pipeline.offline", entry("pipeline.offline")): "--offline: verkkotarkistuksia ei lähetetty",
    ("system.denied", entry("system.denied")): (
        "{count} prosessi ohitettiin: pääsy estetty",
        "{count} prosessia ohitettiin: pääsy estetty",
    ),
    ("ocr.not_read", entry("ocr.not_read")): "kuvakaappauksista ei etsitä salaisuuksia: {reason}",
    (None, "{what}: {value} is not a port number; give a number from 1 to 65535"): (
        "{what}: {value} ei ole porttinumero; anna luku väliltä 1–65535"
    ),
    (None, "unknown key `{key}`; did you mean {keys}?"): "tuntematon avain `{key}`; tarkoititko {keys}?",
}


@pytest.fixture
def fake_fi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    fi = catalog("fi", FINNISH)
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda language: fi if language == "fi" else real(language))
    yield
    i18n.use("en")


# ----------------------------------------------------------------------------------- the texts, made for real


def a_png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "shot.png"
    Image.new("RGB", (40, 30), "white").save(path)
    return path


def evidence_texts(tmp_path: Path) -> dict[str, Said]:
    """Each kind of note and warning evidence.py makes, by the calls the pipeline and the CLI make."""
    binary_cut, binary_warnings = evidence.from_bytes(b"\x00" * (2 * evidence.MAX_ERROR_BYTES), "stdin",
                                                      total=64 * evidence.MAX_ERROR_BYTES, at_least=True)  # fmt: skip
    not_utf8, not_utf8_warnings = evidence.from_bytes(b"caf\xe9 failed", "file:log.txt")
    cut = evidence.from_text("x" * (evidence.MAX_ERROR_BYTES + 5000), "typed")
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    found: dict[str, Any] = {
        "binary and cut note": binary_cut.note,
        "binary warning": binary_warnings[0],
        "not UTF-8 note": not_utf8.note,
        "not UTF-8 warning": not_utf8_warnings[0],
        "cut note": cut.note,
    }
    for name, path in (
        ("missing screenshot", tmp_path / "gone.png"),
        ("not an image", tmp_path / "notes.txt"),
        ("a folder", tmp_path),
    ):
        with pytest.raises(evidence.EvidenceWarning) as caught:
            evidence.load_screenshot(str(path))
        found[name] = caught.value.message
    found["interview's check"] = evidence.screenshot_problem(str(tmp_path / "gone.png"))
    assert all(isinstance(v, Said) for v in found.values()), {k: type(v) for k, v in found.items()}
    return found


def collector_texts() -> dict[str, Said]:
    """A collector's reason for a failed part, and what the pipeline stores about the run."""
    parts = system._Parts()
    parts.run("part_memory", lambda: 1 / 0, None)
    net = network._Parts()
    net.run("part_resolvers", lambda: open("/nonexistent/resolv.conf"), None)  # noqa: SIM115 (never opens)
    denied = system._Parts()
    system._read_processes(psutil, [Denied(), Denied()], denied.notes)
    offline = pipeline.diagnose({}, {}, {}, offline=True)  # no packet leaves: the probes are skipped
    probes = next(s for s in offline.sections if s.name == "probes")
    failed = Section("system", "failed", reason=parts.notes[0])
    report = pipeline.build_report({}, (), Diagnostics((failed,)), pipeline_now())
    found: dict[str, Any] = {
        "system reason": parts.notes[0],
        "network reason": net.notes[0],
        "access denied": denied.notes[0],
        "offline reason": probes.reason,
        "section warning": report.meta.warnings[0],
    }
    assert all(isinstance(v, Said) for v in found.values()), {k: type(v) for k, v in found.items()}
    return found


class Denied:
    """A process whose details this user may not read (psutil says so when they are read)."""

    pid = 4242

    def oneshot(self) -> Any:
        raise psutil.AccessDenied(self.pid)


def pipeline_now() -> Any:
    from datetime import datetime

    return datetime.fromisoformat(NOW)


def screen_texts() -> dict[str, Said]:
    """A screenshot OCR could not check (left out, with the OCR problem inside), or OCR's notice when it is off."""
    data = b"not a png at all"
    image = evidence.Image(
        Attachment("screenshot-01.png", len(data), hashlib.sha256(data).hexdigest(), "image/png"), data
    )
    screens._CACHE.clear()
    result = screens.scrub_all([image], {}, ())
    found: dict[str, Any] = {}
    if ocr.unavailable() is not None:
        (found["OCR notice"],) = result.notices
    else:
        (found["screenshot left out"],) = result.warnings
        with pytest.raises(ocr.OcrError) as caught:
            ocr.scrub(data, "image/gif", lambda text: [])
        found["OCR problem"] = caught.value.message
    assert all(isinstance(v, Said) for v in found.values()), {k: type(v) for k, v in found.items()}
    return found


def dialog_note() -> Said:
    read = SimpleNamespace(error_texts=[(2, "Error 0x80070005: Access is denied.")])
    error = pipeline._dialog_error(Report(meta=Meta("0", NOW)), read, RunOptions(answers={}, ocr_error_text=True))
    assert error is not None and isinstance(error.note, Said)
    return error.note


def a_report(tmp_path: Path) -> tuple[Report, dict[str, Said]]:
    """Every kind of stored text above, where the report keeps it."""
    texts = {**evidence_texts(tmp_path), **collector_texts(), **screen_texts(), "dialog note": dialog_note()}
    notes = [v for k, v in texts.items() if "note" in k and "OCR" not in k]
    reasons = [texts["system reason"], texts["network reason"], texts["offline reason"]]
    report = Report(
        meta=Meta("0", NOW, warnings=tuple(v for v in texts.values() if v not in notes and v not in reasons)),
        evidence=Evidence(errors=tuple(ErrorText("text", note=n) for n in notes)),
        diagnostics=Diagnostics(tuple(Section(f"s{i}", "failed", reason=r) for i, r in enumerate(reasons))),
    )
    return report, texts


# ------------------------------------------------------------------------------------------------------ tests


def test_the_english_is_what_it_always_was(tmp_path: Path) -> None:
    texts = {**evidence_texts(tmp_path), **collector_texts(), "dialog note": dialog_note()}
    assert texts["binary and cut note"] == (
        "binary data: decoded as UTF-8 with replacement characters (\ufffd); "
        "truncated: kept the first 1.0 MiB of at least 64.0 MiB"
    )
    assert texts["binary warning"] == "stdin: binary data: decoded as UTF-8 with replacement characters (\ufffd)"
    assert texts["not UTF-8 warning"] == "file:log.txt: not valid UTF-8: undecodable bytes shown as \ufffd"
    assert texts["cut note"] == "truncated: kept the first 1.0 MiB of 1.0 MiB"
    gone = repr(str(tmp_path / "gone.png"))
    assert texts["missing screenshot"] == f"screenshot {gone}: does not exist (check the path); skipped"
    assert texts["interview's check"] == f"{gone}: does not exist (check the path)"
    assert texts["system reason"] == "memory unavailable: ZeroDivisionError: division by zero"
    assert texts["network reason"].startswith("resolvers unavailable: FileNotFoundError")
    assert texts["access denied"] == "2 processes skipped: access denied"
    assert texts["offline reason"] == "--offline: no network probes were sent"
    assert (
        texts["section warning"] == "system diagnostics failed: memory unavailable: ZeroDivisionError: division by zero"
    )
    assert texts["dialog note"] == "read from screenshot 2"


def test_each_stored_text_is_a_message_the_catalog_holds(tmp_path: Path) -> None:
    _report, texts = a_report(tmp_path)
    assert missing_from_catalog(texts.values()) == set()
    contexts = {said.context for text in texts.values() for said in nested(text)}
    assert {"evidence.both", "evidence.binary", "evidence.truncated_at_least", "evidence.size_mib",
            "evidence.skipped", "evidence.label_screenshot", "system.unavailable", "system.part_memory",
            "network.part_resolvers", "pipeline.section_failed", "pipeline.offline"} <= contexts  # fmt: skip
    assert any(c.startswith("ocr.") for c in contexts)


def test_they_survive_report_json_with_the_same_context_and_fields(tmp_path: Path) -> None:
    report, _texts = a_report(tmp_path)
    back = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert back == report
    for made, read in zip(report.meta.warnings, back.meta.warnings, strict=True):
        same_message(read, made)
    for made_error, read_error in zip(report.evidence.errors, back.evidence.errors, strict=True):
        same_message(read_error.note, made_error.note)
    for made_section, read_section in zip(report.diagnostics.sections, back.diagnostics.sections, strict=True):
        same_message(read_section.reason, made_section.reason)
    redacted, _summary = redact_report(back)  # redaction changes the data inside, never the message around it
    for made, read in zip(report.meta.warnings, redacted.meta.warnings, strict=True):
        same_message(read, made)
    note = back.evidence.errors[0].note
    assert isinstance(note, Said) and note.context == "evidence.both"
    size = note.fields["second"].fields["total"]
    assert size.context == "evidence.size_mib" and isinstance(size.fields["size"], Num)
    assert size.fields["size"].value == 64.0 and size.fields["size"].decimals == 1


def test_a_warning_repeating_a_sections_reason_is_still_left_out_of_the_request(tmp_path: Path) -> None:
    """render drops a run warning holding a section's name and reason (it reads their English text)."""
    parts = system._Parts()
    parts.run("part_memory", lambda: 1 / 0, None)
    failed = Section("system", "failed", reason=parts.notes[0])
    report = pipeline.build_report({}, (), Diagnostics((failed,)), pipeline_now())
    back = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    for shown in (report, back):
        text = render(shown, "text")
        assert "memory unavailable" in text and "system diagnostics failed" not in text


def test_say_words_them_from_the_catalog_with_english_where_it_has_none(fake_fi: None, tmp_path: Path) -> None:
    report, texts = a_report(tmp_path)
    back = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    note = next(e.note for e in back.evidence.errors if e.note == texts["binary and cut note"])
    assert messages.say(note, "fi") == (
        "binääridataa: luettu UTF-8:na korvausmerkein (\ufffd); "  # "{first}; {second}": no translation, English
        "katkaistu: säilytettiin ensimmäiset 1,0 Mt, kaikkiaan vähintään 64,0 Mt"
    )
    gone = repr(str(tmp_path / "gone.png"))
    assert (
        messages.say(texts["missing screenshot"], "fi")
        == f"kuvakaappaus {gone}: ei ole olemassa (tarkista polku); ohitettu"
    )
    assert messages.say(texts["offline reason"], "fi") == "--offline: verkkotarkistuksia ei lähetetty"
    assert messages.say(texts["section warning"], "fi") == (
        "system-diagnostiikka epäonnistui: memory unavailable: ZeroDivisionError: division by zero"
    )  # the nested reason has no translation: English, inside the Finnish sentence
    assert messages.say(texts["access denied"], "fi") == "2 prosessia ohitettiin: pääsy estetty"
    one = system._say("denied", count=1)
    assert (
        str(one) == "1 process skipped: access denied"
        and messages.say(one, "fi") == "1 prosessi ohitettiin: pääsy estetty"
    )
    assert messages.say(texts["dialog note"], "fi") == "read from screenshot 2"  # not in this catalog: English
    notice = ocr._say("not_read", reason=ocr._say("no_tesseract", command=ocr.INSTALL_TESSERACT))
    assert (
        messages.say(notice, "fi")
        == f"kuvakaappauksista ei etsitä salaisuuksia: Tesseract is not installed ({ocr.INSTALL_TESSERACT})"
    )
    assert messages.say(texts["section warning"], "en") == str(texts["section warning"])


def test_errors_printed_at_once_speak_the_interface_language(fake_fi: None) -> None:
    i18n.use("fi")
    with pytest.raises(InputError) as caught:
        validate.port("80x", "--port")
    assert caught.value.message == "--port: '80x' ei ole porttinumero; anna luku väliltä 1–65535"
    assert config.unknown_key_message("support_email") == (
        "tuntematon avain `support_email`; tarkoititko `isp.support_email`, `cloud.support_email` tai "
        "`service.support_email`?"
    )  # the suggestions joined as Finnish joins a list; the keys themselves as they are
    with pytest.raises(InputError) as untranslated:
        validate.deadline("9999")
    assert untranslated.value.message == "--deadline: '9999' should be a number of seconds from 0.2 to 120"
    i18n.use("en")
    assert config.unknown_key_message("support_email") == (
        "unknown key `support_email`; did you mean `isp.support_email`, `cloud.support_email` or "
        "`service.support_email`?"
    )


def test_a_reportkit_1_report_keeps_its_old_english_sentences_as_literals() -> None:
    data = json.loads((GOLDEN_V1 / "sample.json").read_text(encoding="utf-8"))
    assert data["schema"] == "reportkit/1"
    report = Report.from_dict(data)
    assert report.meta.schema == "reportkit/2"
    note = report.evidence.errors[1].note
    reason = report.diagnostics.get("probes").reason  # type: ignore[union-attr]
    olds = [note, reason, *report.meta.warnings]
    assert olds == [data["evidence"]["errors"][1]["note"], data["diagnostics"]["sections"][2]["reason"],
                    *data["meta"]["warnings"]]  # fmt: skip
    assert not any(isinstance(text, Said) for text in olds)
    assert note == "truncated: kept the first 1.0 MiB of 3.2 MiB"
    for language in ("en", "fi"):
        out = render(report, "text", language=language)
        assert "truncated: kept the first 1.0 MiB of 3.2 MiB" in out  # as written, in every language
        assert "offline: no packets sent" in out
        assert messages.say(note, language) == note
    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.evidence.errors[1].note == note and not isinstance(again.evidence.errors[1].note, Said)
