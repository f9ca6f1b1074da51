"""Redaction and anonymisation inside messages, and the texts of the quality check and redaction as messages.

A stored message (`messages.Said`) is redacted and anonymised in its data only: the secret or host name inside an
argument goes, the message stays the same message (context, the arguments' shape), its English re-filled from the
template; the message's own wording and context are never searched. The quality check's findings, the preview of a
removed secret and the names of secret kinds are messages the catalog can word in every language.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_redact_property import EXAMPLES, safe_text, secrets

from reportkit import catalogs, i18n, messages, quality
from reportkit.messages import Joined, Num, Pct, Said
from reportkit.model import Diagnostics, ErrorText, Evidence, Meta, Problem, Report, Section, Service, Verdict
from reportkit.redact import anonymize_report, redact_report
from reportkit.redact.report import preview
from reportkit.secrets import describe

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# A message table of this test module, registered under "testmsg." for the tests (as messages.SOURCES registers the
# real ones). "literal" and "anna.home" hold in their own wording what redaction or anonymisation would take out of
# user text: the wording is the program's, so it stays.
MESSAGES: dict[str, messages.Template] = {
    "one": "checked {a}.",
    "two": "{a}, then {b}",
    "nest": "because {inner}",
    "list": "tried {items}",
    "mixed": "{a} took {ms} ms ({share} lost)",
    "literal": "the example https://admin:Sup3rSecretPw9@shop.example.com/ shows {a}",
    "anna.home": "see /home/zed/notes for {a}",
    "shop.virtanen.fi": "asked {a}",
}
PREFIX = "testmsg."
META = Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00")


@pytest.fixture(autouse=True, scope="module")
def registered() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(messages.SOURCES, PREFIX, __name__)
        yield


def say(key: str, **fields: Any) -> Said:
    return messages.make(PREFIX + key, MESSAGES[key], **fields)


def report_with(said: Any, description: str | None = None) -> Report:
    """`said` in every kind of place that stores messages."""
    return Report(
        meta=dataclasses.replace(META, warnings=(said,)),
        problem=Problem(description=description),
        evidence=Evidence(errors=(ErrorText(text="x", note=said),)),
        diagnostics=Diagnostics(sections=(Section(name="s", status="failed", reason=said),)),
        verdict=Verdict(
            culprit="service", finding="app-error", confidence="high", evidence=(said,), next_steps=(said,)
        ),
    )


def stored(report: Report) -> list[Any]:
    """The messages of report_with(), in its order."""
    assert report.verdict is not None and report.evidence.errors[0].note is not None
    return [
        report.meta.warnings[0],
        report.evidence.errors[0].note,
        report.diagnostics.sections[0].reason,
        report.verdict.evidence[0],
        report.verdict.next_steps[0],
    ]


def shape(value: Any) -> Any:
    """A message's structure without its data: contexts, argument names, list styles, numbers."""
    if isinstance(value, Said):
        return (value.context, {k: shape(v) for k, v in value.fields.items()})
    if isinstance(value, Joined):
        return ("list", value.style, [shape(i) for i in value.items])
    if isinstance(value, Num | Pct):
        return (type(value).__name__, value.value)
    return "data" if isinstance(value, str) else value


def full(value: Any) -> Any:
    """A message's structure with its data."""
    if isinstance(value, Said):
        return (value.context, str(value), {k: full(v) for k, v in value.fields.items()})
    if isinstance(value, Joined):
        return ("list", value.style, [full(i) for i in value.items])
    if isinstance(value, Num | Pct):
        return (type(value).__name__, value.value)
    return value


def dumped(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


# ------------------------------------------------------------------------------------------------ redaction


URL = "https://anna:Hunter2Hunter2x@proxy.example.com:8080/"
TOKEN = "ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8"


def test_a_secret_in_a_message_argument_goes_and_the_message_stays() -> None:
    said = say("two", a=URL, b=say("nest", inner=Joined([f"token {TOKEN}", "the cache"])))
    redacted, summary = redact_report(report_with(said))
    for new in stored(redacted):
        assert isinstance(new, Said) and new.context == "testmsg.two"
        assert shape(new) == shape(said)
        assert "Hunter2Hunter2x" not in new and TOKEN not in new
        assert new.fields["a"] == "https://anna:[REDACTED:url-credentials]@proxy.example.com:8080/"
        inner = new.fields["b"]
        assert isinstance(inner, Said) and inner.context == "testmsg.nest"
        assert isinstance(inner.fields["inner"], Joined) and inner.fields["inner"].items[1] == "the cache"
        assert new == messages.fill(MESSAGES["two"], new.fields)  # the English re-filled from the template
    assert summary.counts == {"github-token": 5, "url-credentials": 5}  # one of each per place
    text = dumped(redacted)
    assert "Hunter2Hunter2x" not in text and TOKEN not in text
    assert '"key": "testmsg.two"' in text


def test_the_count_is_the_one_the_same_text_gets() -> None:
    """Per place, a message counts what its English as a plain string counts."""
    said = say("two", a=f"Authorization: Bearer {TOKEN}", b=f"password: Zq9!vLm2#pRt and again {TOKEN}")
    _, as_message = redact_report(report_with(said))
    _, as_text = redact_report(report_with(str(said)))
    assert as_message.counts == as_text.counts and as_message.counts
    assert [(r.field, r.kind) for r in as_message.removed] == [(r.field, r.kind) for r in as_text.removed]


def test_a_message_with_nothing_to_hide_is_the_same_object() -> None:
    said = say("two", a="the cache", b=say("one", a="the router"))
    report = report_with(said)
    redacted, summary = redact_report(report)
    assert summary.total == 0
    assert all(new is said for new in stored(redacted))


def test_the_wording_of_a_message_is_never_scanned() -> None:
    """A template's own words are not user text: a credential-looking example in them stays, and counts nothing."""
    said = say("literal", a="the cache")
    redacted, summary = redact_report(report_with(said))
    assert summary.total == 0 and summary.removed == ()
    assert all(new is said for new in stored(redacted))
    assert "Sup3rSecretPw9" in str(stored(redacted)[0])


def test_a_value_found_in_plain_text_goes_from_message_arguments_too() -> None:
    """Propagation: a secret found in the description is removed from a message that holds it bare."""
    said = say("one", a="Zq9!vLm2#pRt-x7")
    redacted, summary = redact_report(report_with(said, "my password: Zq9!vLm2#pRt-x7"))
    assert all("Zq9!vLm2#pRt-x7" not in new.fields["a"] and isinstance(new, Said) for new in stored(redacted))
    assert summary.counts == {"password": 6}


def test_a_message_without_a_template_is_scanned_whole_and_counted_once() -> None:
    """A hand-built message whose context no table knows: its English is scanned too (no template re-fills it),
    and a secret found there and in its argument counts once."""
    odd = Said("odd", f"could not use {URL}", {"url": URL}, "testmsg.no-such-key")
    redacted, summary = redact_report(report_with(odd))
    for new in stored(redacted):
        assert isinstance(new, Said) and new.context == "testmsg.no-such-key"
        assert "Hunter2Hunter2x" not in new and "Hunter2Hunter2x" not in new.fields["url"]
    assert summary.counts == {"url-credentials": 5}


def test_list_arguments_are_reached_and_stored_as_lists() -> None:
    said = say("list", items=("the cache", URL))
    redacted, summary = redact_report(report_with(said))
    new = stored(redacted)[0]
    assert isinstance(new, Said) and isinstance(new.fields["items"], Joined)
    assert "Hunter2Hunter2x" not in new.fields["items"].items[1] and summary.counts == {"url-credentials": 5}
    assert "Hunter2Hunter2x" not in dumped(redacted)


def test_a_message_under_a_secret_naming_key_loses_its_data_whole() -> None:
    said = say("one", a="Zq9vLm2pRt")
    report = Report(
        meta=META,
        diagnostics=Diagnostics(sections=(Section(name="s", status="ok", data={"password": said, "note": said}),)),
    )
    redacted, summary = redact_report(report)
    data = redacted.diagnostics.sections[0].data
    assert isinstance(data["password"], Said) and data["password"].fields["a"] == "[REDACTED:password]"
    assert isinstance(data["note"], Said) and data["note"].fields["a"] == "[REDACTED:password]"  # found once: gone
    assert summary.counts == {"password": 2}


def test_redacted_messages_round_trip_through_json() -> None:
    said = say("mixed", a=say("two", a=URL, b=Joined([TOKEN, "x"], "or")), ms=Num(12.5, 1), share=Pct(0.25))
    redacted, _ = redact_report(report_with(said))
    back = Report.from_dict(json.loads(dumped(redacted)))
    assert [full(m) for m in stored(back)] == [full(m) for m in stored(redacted)]
    assert all(isinstance(m, Said) for m in stored(back))


def test_a_second_run_finds_nothing_more() -> None:
    said = say("two", a=URL, b=TOKEN)
    once, _ = redact_report(report_with(said))
    twice, summary = redact_report(once)
    assert summary.total == 0 and [full(m) for m in stored(twice)] == [full(m) for m in stored(once)]


# ------------------------------------------------------------------------------------------------ anonymisation


def test_anonymisation_replaces_hosts_and_addresses_in_arguments_and_keeps_the_message() -> None:
    said = say("two", a="anna-laptop.virtanen.fi", b=say("list", items=Joined(["192.168.7.23", "10.1.2.3"])))
    report = report_with(said, "anna-laptop.virtanen.fi stopped answering at 192.168.7.23")
    new, mapping = anonymize_report(report)
    host, ip = mapping["anna-laptop.virtanen.fi"], mapping["192.168.7.23"]
    assert new.problem.description == f"{host} stopped answering at {ip}"
    for message in stored(new):
        assert isinstance(message, Said) and shape(message) == shape(said)
        assert message.fields["a"] == host
        assert message.fields["b"].fields["items"].items[0] == ip  # the same stand-in as in the plain text
        assert "virtanen" not in message and "192.168.7.23" not in message
    assert "virtanen" not in dumped(new).replace('"key": "testmsg.', "")


def test_anonymisation_never_reads_or_changes_a_messages_own_words() -> None:
    """The wording "/home/zed/notes" is the program's: "zed" is not learnt as a user name, and stays. A context
    that looks like a host name ("testmsg.shop.virtanen.fi") is a key, not text."""
    said = say("anna.home", a=say("shop.virtanen.fi", a="the router"))
    new, mapping = anonymize_report(report_with(said, "zed says hello"))
    assert new.problem.description == "zed says hello" and "zed" not in mapping
    for message in stored(new):
        assert full(message) == full(said)
        assert message.fields["a"].context == "testmsg.shop.virtanen.fi"


def test_anonymised_messages_round_trip_through_json() -> None:
    said = say("mixed", a="https://shop.virtanen.fi/checkout", ms=Num(900, 0), share=Pct(0.5))
    new, mapping = anonymize_report(report_with(said))
    back = Report.from_dict(json.loads(dumped(new)))
    assert [full(m) for m in stored(back)] == [full(m) for m in stored(new)]
    assert "virtanen" not in stored(back)[0].fields["a"] and mapping


# ------------------------------------------------------------------------------------------------ property tests

SLOT = "⟦slot⟧"  # where the secret goes (not in the safe alphabet)


def trees(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Said]:
    """Random messages of the test table: nested messages, lists, numbers."""

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        part = leaf | inner
        return st.one_of(
            st.builds(lambda a, b: say("two", a=a, b=b), part, part),
            st.builds(lambda i: say("nest", inner=i), inner),
            st.builds(
                lambda items, style: say("list", items=Joined(items, style)),
                st.lists(part, max_size=4),
                st.sampled_from(["and", "or"]),
            ),
            st.builds(
                lambda a, ms, share: say("mixed", a=a, ms=Num(ms, 0), share=Pct(share)),
                part,
                st.integers(0, 10_000),
                st.floats(0, 1),
            ),
        )

    return st.recursive(st.builds(lambda a: say("one", a=a), leaf), extend, max_leaves=8)


with_slot = st.one_of(safe_text, st.just(SLOT))


@SETTINGS
@given(tree=trees(with_slot), secret=secrets(), where=st.integers(0, 4))
def test_a_secret_anywhere_in_a_message_tree_never_survives(tree: Said, secret: tuple[str, str], where: int) -> None:
    text, value = secret
    assume(any(SLOT in d for d in messages.data_strings(tree)))
    said = messages.remap(tree, lambda d: d.replace(SLOT, f" {text} "))
    redacted, summary = redact_report(report_with(said))
    new = stored(redacted)[where]
    assert isinstance(new, Said) and shape(new) == shape(said)
    assert value not in new and all(value not in d for d in messages.data_strings(new))
    assert new == messages.fill(MESSAGES[new.key], new.fields)
    assert value not in dumped(redacted)
    assert summary.total >= 5  # at least once in each of the five places
    back = Report.from_dict(json.loads(dumped(redacted)))
    assert [full(m) for m in stored(back)] == [full(m) for m in stored(redacted)]


@SETTINGS
@given(tree=trees(with_slot), secret=secrets())
def test_a_message_tree_counts_what_its_english_counts(tree: Said, secret: tuple[str, str]) -> None:
    """The counts and places are those the message's English gets as a plain string (as before messages)."""
    assume(any(SLOT in d for d in messages.data_strings(tree)))
    said = messages.remap(tree, lambda d: d.replace(SLOT, f" {secret[0]} "))
    _, as_message = redact_report(report_with(said))
    _, as_text = redact_report(report_with(str(said)))
    assert as_message.counts == as_text.counts
    assert [(r.field, r.kind) for r in as_message.removed] == [(r.field, r.kind) for r in as_text.removed]


HOSTS = ["anna-laptop.virtanen.fi", "192.168.7.23", "https://shop.virtanen-design.fi/pay", "/home/annav/.config"]
PRIVATE = {HOSTS[0]: "virtanen", HOSTS[1]: "192.168.7.23", HOSTS[2]: "virtanen-design", HOSTS[3]: "annav"}


@SETTINGS
@given(tree=trees(with_slot), host=st.sampled_from(HOSTS))
def test_anonymisation_replaces_a_host_anywhere_in_a_message_tree(tree: Said, host: str) -> None:
    assume(any(SLOT in d for d in messages.data_strings(tree)))
    said = messages.remap(tree, lambda d: d.replace(SLOT, f" {host} "))
    new, mapping = anonymize_report(report_with(said, f"it was {host}"))
    private = PRIVATE[host]
    assert private not in (new.problem.description or "") and mapping
    for message in stored(new):
        assert isinstance(message, Said) and shape(message) == shape(said)
        assert private not in message and all(private not in d for d in messages.data_strings(message))
    back = Report.from_dict(json.loads(dumped(new)))
    assert [full(m) for m in stored(back)] == [full(m) for m in stored(new)]


# ------------------------------------------------------------------------------------------------ quality check


@cache
def catalog_contexts() -> set[str | None]:
    """The contexts of the message tables the catalog extracts (not the code's _() calls: slow, not needed here)."""
    return {context for context, _ in catalogs._tables()}


def fake_catalog(language: str, entries: dict[str, str]) -> gettext.GNUTranslations:
    """A compiled in-memory catalog: context -> translation of its English template."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = Catalog(locale=language, domain="reportkit")
    for context, msgstr in entries.items():
        english = messages.template(context)
        assert isinstance(english, str), context
        made.add(english, msgstr, context=context)
    out = io.BytesIO()
    write_mo(out, made)
    out.seek(0)
    return gettext.GNUTranslations(out)


def every_finding() -> list[quality.Finding]:
    """At least one finding of every code, for a service, an internet connection and a device."""
    found: list[quality.Finding] = []
    for situation in ("service", "internet", "device", None):
        empty = Report(meta=META, problem=Problem(situation=situation))
        found += quality.check(empty).findings
        vague = Problem(
            situation=situation,
            summary="everything is broken",
            description="it is slow",
            broken="nothing works",
            started_at="since the update",
            works="the grey one, password: Zq9!vLm2#pRt",
            steps="I reported it last week",
        )
        found += quality.check(Report(meta=META, problem=vague)).findings
    for field in [*quality.WHERE, None, "service.device_make"]:
        for answer in ("everything is broken", "it is slow", "the grey one", "my PIN is 4921"):
            finding = quality.vague_answer(answer, field)
            if finding is not None:
                found.append(finding)
    return found


def test_every_finding_text_is_a_message_the_catalog_holds() -> None:
    contexts = catalog_contexts()
    found = every_finding()
    assert set(quality.CODES) <= {f.code for f in found}
    for finding in found:
        for text in (finding.message, finding.suggestion, finding.question):
            if text is None:
                continue
            assert isinstance(text, Said), (finding.code, text)
            assert text.context in contexts and text.context.startswith("quality.")
            assert text == messages.fill(messages.template(text.context) or "", text.fields)
            for value in text.fields.values():  # data or a message: never an English fragment
                assert isinstance(value, Said) or value in (messages.data_strings(text)), value


def test_the_tables_are_consistent() -> None:
    """Every key a finding names exists (each field its sentence); every entry is used; placeholders are data."""
    used: set[str] = set()
    for wording in quality.WORDING.values():
        keys = [wording.suggestion, *([wording.question] if wording.question else [])]
        keys += [wording.message.format(where=w) for w in [*quality.WHERE.values(), "answer"]]
        assert all(k in quality.MESSAGES for k in keys), keys
        used.update(keys)
    for ident in quality.IDENTIFIERS.values():
        used.update((ident.message, ident.suggestion, ident.question))
    used.update(k for k in quality.MESSAGES if k.startswith("recipient."))
    used.update(v.context.removeprefix("quality.") for v in quality.VAGUE_QUESTIONS.values())
    assert set(quality.MESSAGES) == used
    for key, template in quality.MESSAGES.items():
        assert isinstance(template, str) and messages.placeholders(template) <= {"text", "recipient"}, key


def test_a_missing_identifier_names_the_recipient_as_a_message() -> None:
    report = Report(meta=META, verdict=Verdict(culprit="isp", finding="x", confidence="high"))
    finding = next(f for f in quality.check(report).findings if f.code == "missing-identifier")
    assert isinstance(finding.message, Said)
    recipient = finding.message.fields["recipient"]
    assert isinstance(recipient, Said) and recipient.context == "quality.recipient.isp"
    assert finding.message == "The customer ID is missing: the internet provider needs it to find your line."


def test_findings_are_worded_in_the_interface_language(monkeypatch: pytest.MonkeyPatch) -> None:
    fi = fake_catalog(
        "fi",
        {
            "quality.wrong.identifier.isp.customer_id": "Asiakasnumero puuttuu: {recipient} tarvitsee sen.",
            "quality.recipient.isp": "internet-palveluntarjoaja",
            "quality.wrong.vague-description.summary": "Yhteenvedossa lukee vain “{text}”.",
            "quality.ask.vague.summary": "Mikä palvelu, ja mikä menee vikaan?",
        },
    )
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda language: fi if language == "fi" else real(language))
    report = Report(meta=META, verdict=Verdict(culprit="isp", finding="x", confidence="high"))
    finding = next(f for f in quality.check(report).findings if f.code == "missing-identifier")
    assert messages.say(finding.message, "fi") == "Asiakasnumero puuttuu: internet-palveluntarjoaja tarvitsee sen."
    vague = quality.vague_answer("Kaikki on rikki!", "problem.summary")
    assert vague is not None and vague.question is not None
    assert messages.say(vague.message, "fi") == "Yhteenvedossa lukee vain “Kaikki on rikki!”."
    assert messages.say(vague.question, "fi") == "Mikä palvelu, ja mikä menee vikaan?"
    assert messages.say(vague.suggestion, "fi") == vague.suggestion  # not in this catalog: English


# ------------------------------------------------------------------------------------------------ redaction's texts


def test_the_preview_and_the_kind_names_are_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = preview("Zq9!vLm2#pRt")
    assert shown == "Zq…(12 chars)" and isinstance(shown, Said) and shown.context == "redact.preview"
    assert preview("4921") == "…(4 chars)" and preview("x") == "…(1 char)"
    github = describe("github-token")
    assert github == "GitHub token" and isinstance(github, Said) and github.fields == {"service": "GitHub"}
    assert describe("password") == "password" and describe("no-such-kind") == "no such kind"
    contexts = catalog_contexts()
    pin = describe("pin")
    assert isinstance(pin, Said) and {shown.context, github.context, pin.context} <= contexts

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = Catalog(locale="fi", domain="reportkit")
    made.add(
        ("{head}…({count} char)", "{head}…({count} chars)"),
        ("{head}…({count} merkki)", "{head}…({count} merkkiä)"),
        context="redact.preview",
    )
    made.add("{service} token", "{service}-tunnus", context="redact.kind.service-token")
    out = io.BytesIO()
    write_mo(out, made)
    out.seek(0)
    fi = gettext.GNUTranslations(out)
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda language: fi if language == "fi" else real(language))
    assert messages.say(shown, "fi") == "Zq…(12 merkkiä)"
    assert messages.say(preview("x"), "fi") == "…(1 merkki)"
    assert messages.say(github, "fi") == "GitHub-tunnus"


def test_the_redaction_marker_is_a_code_in_every_language() -> None:
    """[REDACTED:kind] goes into the user's own text (a literal in every language) and is found by its spelling."""
    said = say("one", a=URL)
    redacted, _ = redact_report(report_with(said))
    for language in i18n.LANGUAGES:
        assert "[REDACTED:url-credentials]" in messages.say(stored(redacted)[0], language)
    assert quality.find_secret(stored(redacted)[0].fields["a"]) == "[redacted:url-credentials]"


def test_a_redacted_report_keeps_service_fields_plain() -> None:
    """Plain strings are still plain strings: nothing becomes a message that was not one."""
    report = dataclasses.replace(report_with(say("one", a="x")), service=Service(url=URL))
    redacted, _ = redact_report(report)
    assert type(redacted.service.url) is str and "Hunter2Hunter2x" not in (redacted.service.url or "")
