"""Messages are data (reportkit.messages): a stored sentence is a key plus its arguments, worded per language.

The JSON form round-trips, a tampered message is one clear ReportFileError, a translation is used where the
catalog has one (with the arguments worded in the same language: lists, numbers, nested fragments), and a broken
translation falls back to English instead of costing the request."""

from __future__ import annotations

import gettext
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportkit import i18n, messages, triage
from reportkit.errors import ReportFileError
from reportkit.messages import Joined, Num, Pct, Plural, Said
from reportkit.model import Diagnostics, Meta, Report, Section, Verdict
from reportkit.render import render

GOLDEN_V1 = Path(__file__).parent / "golden" / "v1"


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


@pytest.fixture
def fake_fi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    entries: dict[tuple[str | None, str | tuple[str, str]], str | tuple[str, ...]] = {
        ("triage.TEXT.gw_silent", messages.template("triage.TEXT.gw_silent")): (  # type: ignore[dict-item]
            "Reititin {gateway} ei vastannut porteissa {ports} ({answered}/{sent})."
        ),
        ("triage.OUTCOME_WORDS.timeout", "did not answer in time"): "ei vastannut ajoissa",
        ("triage.TEXT.no_probes", messages.template("triage.TEXT.no_probes")): "Verkkotarkistuksia ei tehty {oops}",  # type: ignore[dict-item]
    }
    fi = catalog("fi", entries)
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda language: fi if language == "fi" else real(language))
    yield


def test_a_message_round_trips_through_json_with_typed_arguments() -> None:
    what = messages.make("triage.OUTCOME_WORDS.timeout", "did not answer in time")
    said = messages.make(
        "triage.TEXT.gw_silent",
        messages.template("triage.TEXT.gw_silent"),  # type: ignore[arg-type]
        gateway="198.51.100.1",
        ports=Joined(["80", "443"], "or"),
        answered=Num(0),
        sent=12,
    )
    data = messages.to_json(said)
    assert data == {
        "key": "triage.TEXT.gw_silent",
        "args": {"gateway": "198.51.100.1", "ports": {"list": ["80", "443"], "join": "or"}, "answered": {"num": 0},
                 "sent": 12},
    }  # fmt: skip
    back = messages.from_json(json.loads(json.dumps(data)))
    assert isinstance(back, Said) and back == said and back.context == said.context
    assert str(back) == str(said) and "198.51.100.1" in back and "80 or 443" in back and "12" in back
    nested = messages.from_json(messages.to_json(messages.make("triage.TEXT.local_resolver",
                                                              "The DNS service on this computer ({servers}) {what}.",
                                                              servers="127.0.0.53", what=what)))  # fmt: skip
    assert isinstance(nested, Said) and isinstance(nested.fields["what"], Said)
    assert nested.fields["what"].context == "triage.OUTCOME_WORDS.timeout"


def test_a_literal_stays_a_json_string() -> None:
    assert messages.to_json("disk full") == "disk full"
    assert messages.from_json("disk full") == "disk full"
    assert not isinstance(messages.from_json("disk full"), Said)


@pytest.mark.parametrize(
    ("stored", "says"),
    [
        ({"key": "triage.TEXT.nope", "args": {}}, "unknown message key 'triage.TEXT.nope'"),
        ({"key": "triage.TEXT.gw_silent", "args": {}}, "does not fit its arguments"),
        ({"key": "triage.TEXT.no_probes", "args": [1]}, "'args' that is not an object"),
        ({"key": "triage.TEXT.no_probes", "args": {}, "extra": 1}, "is not a message"),
        ({"key": 5}, "is not a message"),
        ({"key": "literal", "args": {}}, "literal without its text"),
        ({"key": "triage.TEXT.iface_down", "args": {"names": {"weird": 1}}}, "unknown shape"),
    ],
)
def test_a_tampered_message_is_one_clear_error_naming_the_field(stored: object, says: str) -> None:
    report = Report(meta=Meta(tool_version="0", created_at="2026-12-03T10:00:00+02:00"), verdict=triage.decide(None))
    data = report.to_dict()
    data["verdict"]["evidence"][0] = stored
    with pytest.raises(ReportFileError) as caught:
        Report.from_dict(data)
    assert "verdict.evidence[0]" in caught.value.message and says in caught.value.message


def test_a_real_verdict_round_trips_and_keeps_its_messages() -> None:
    verdict = triage.decide(None)
    report = Report(
        meta=Meta(tool_version="0", created_at="2026-12-03T10:00:00+02:00", warnings=("a literal warning",)),
        diagnostics=Diagnostics((Section("probes", "skipped", reason="offline"),)),
        verdict=verdict,
    )
    back = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert back == report
    assert back.verdict is not None
    assert all(isinstance(e, Said) for e in back.verdict.evidence)
    assert [e.context for e in back.verdict.evidence] == [e.context for e in verdict.evidence]  # type: ignore[attr-defined]
    assert all(isinstance(n, Said) for n in back.verdict.contact.get("needs", []))


def test_say_words_the_message_and_its_arguments_in_the_language(fake_fi: None) -> None:
    what = messages.make("triage.OUTCOME_WORDS.timeout", "did not answer in time")
    said = messages.make(
        "triage.TEXT.gw_silent",
        messages.template("triage.TEXT.gw_silent"),  # type: ignore[arg-type]
        gateway="198.51.100.1",
        ports=Joined(["port 80", "port 443"], "or"),
        answered=Num(1234),
        sent=Num(2000.5, 1),
    )
    worded = "Reititin 198.51.100.1 ei vastannut porteissa port 80 tai port 443 (1\u00a0234/2\u00a0000,5)."
    assert messages.say(said, "fi") == worded
    assert messages.say(what, "fi") == "ei vastannut ajoissa"
    assert messages.say(said, "en") == str(said)
    untranslated = messages.make("triage.OUTCOME_WORDS.refused", "refused")
    assert messages.say(untranslated, "fi") == "refused"  # no translation: the English


def test_a_broken_translation_falls_back_to_english(fake_fi: None) -> None:
    said = messages.make("triage.TEXT.no_probes", messages.template("triage.TEXT.no_probes"))  # type: ignore[arg-type]
    assert messages.say(said, "fi") == str(said)


def test_plural_forms_follow_the_count() -> None:
    table = Plural("{count} check failed", "{count} checks failed")
    assert messages.fill(table, {"count": 1}) == "1 check failed"
    assert messages.fill(table, {"count": Num(3)}) == "3 checks failed"


def test_numbers_and_percentages_in_each_language() -> None:
    assert messages.word_arg(Num(1234.5, 1), "fi") == "1\u00a0234,5"
    assert messages.word_arg(Num(12.7, 0), "tr") == "13"
    assert messages.word_arg(Pct(0.35), "tr") == "%35"
    assert messages.word_arg(Joined(["a", "b", "c"], "or"), "ru") == "a, b или c"
    assert messages.word_arg(Joined(["a", "b"]), "hu") == "a és b"


def test_remap_changes_data_and_keeps_the_structure() -> None:
    said = messages.make(
        "triage.TEXT.host_silent",
        messages.template("triage.TEXT.host_silent"),  # type: ignore[arg-type]
        host="db.internal.example",
        ports=Joined(["443"]),
        answered=0,
        sent=4,
    )
    changed = messages.remap(said, lambda text: text.replace("db.internal.example", "host-1"))
    assert isinstance(changed, Said) and changed.context == said.context
    assert "host-1" in changed and "db.internal" not in changed
    assert list(messages.data_strings(said)) == ["db.internal.example", "443"]


@pytest.mark.parametrize("name", ["sample", "minimal", "multilingual"])
def test_a_reportkit_1_report_migrates_on_read_and_renders(name: str) -> None:
    data = json.loads((GOLDEN_V1 / f"{name}.json").read_text(encoding="utf-8"))
    assert data["schema"] == "reportkit/1"
    report = Report.from_dict(data)
    assert report.meta.schema == "reportkit/2"
    assert report.to_dict()["schema"] == "reportkit/2"
    if report.verdict is not None:
        assert report.verdict.evidence == tuple(data["verdict"]["evidence"])  # the old sentences, as literals
        assert not any(isinstance(e, Said) for e in report.verdict.evidence)
    for fmt in ("text", "markdown", "html"):
        for language in i18n.LANGUAGES:
            out = render(report, fmt, language=language)
            if report.verdict is not None and report.verdict.evidence:
                assert report.verdict.evidence[0].split("\n")[0][:40] in out.replace("&#39;", "'")


def test_an_unknown_schema_is_refused_naming_both_it_reads() -> None:
    with pytest.raises(ReportFileError) as caught:
        Report.from_dict({"schema": "reportkit/9", "meta": {}})
    assert "'reportkit/1' and 'reportkit/2'" in caught.value.message


def test_a_verdict_object_built_by_hand_with_plain_strings_still_renders() -> None:
    verdict = Verdict("isp", "isp-down", "high", evidence=("typed by hand",))
    report = Report(meta=Meta(tool_version="0", created_at="2026-12-03T10:00:00+02:00"), verdict=verdict)
    assert "typed by hand" in render(report, "text", language="ru")


def _what_keys() -> list[tuple[str, int]]:
    """Every (key, line) that the verdict engine words with `_what` (a message, and its `_detail` variant)."""
    import re

    root = Path(__file__).resolve().parent.parent / "reportkit" / "triage"
    return [
        (m.group(1), n)
        for path in sorted(root.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in re.finditer(r'_what\(\w+, "([A-Z_]+\.\w+)"', line)
    ]


@pytest.mark.parametrize("outcome", ["timeout", "unreachable", "refused", "error", "ok"])
def test_every_worded_outcome_fits_with_and_without_a_technical_detail(outcome: str) -> None:
    """A probe failure with an OS error text (`detail`) is worded by every `_what` message of the engine, whether
    or not the table has a `_detail` variant (a missing one cost a whole verdict in the lab once)."""
    from reportkit.triage.read import Result
    from reportkit.triage.sentences import _what

    keys = _what_keys()
    assert len(keys) >= 5
    fields = {"url": "http://shop.example/", "label": "Web address", "host": "203.0.113.10"}
    for detail in ("", "error: [Errno 113] No route to host", "plain words"):
        r = Result("service-http", "http://shop.example/", outcome, None, (), {}, detail)
        for key, _line in keys:
            said = _what(r, key, **fields)
            assert isinstance(said, Said) and messages.from_json(messages.to_json(said)) == said


def test_a_dead_router_is_not_said_to_filter_ping() -> None:
    """The check line for ping says "filtered; not a fault" only when the router answers over TCP (a reviewer read
    it in a gateway-down request, where nothing answers at all)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    import test_triage as table

    from reportkit.triage.checks import lines

    cases = {finding: mutate for _name, mutate, _answers, _culprit, finding, _conf in reversed(table.CASES)}
    for finding, filtered in (("gateway-down", False), ("healthy", None)):
        data = table.healthy()
        cases[finding](data)
        ping = [line for line in lines(data) if line.startswith("Ping to the router")]
        if filtered is False:
            assert ping and "not a fault" not in ping[0], ping
