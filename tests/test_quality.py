"""The report lint: vague text in five languages, missing specifics per recipient, secrets, the score."""

from __future__ import annotations

import dataclasses
from typing import Any

import fixtures
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit import quality, recipients
from reportkit.messages import Said
from reportkit.model import (
    CULPRITS,
    Attachment,
    Diagnostics,
    ErrorText,
    Evidence,
    Meta,
    Problem,
    Report,
    Reporter,
    Section,
    Service,
    Verdict,
)
from reportkit.quality import SECRET_SUGGESTION, THRESHOLD, WEIGHTS, Finding, check, vague_answer
from reportkit.redact import anonymize_report, keep_for
from reportkit.triage.contact import _contact
from reportkit.triage.wording import NEEDS

META = Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00")


def problem_report(**problem: Any) -> Report:
    return Report(meta=META, problem=Problem(**problem))


def with_problem(report: Report, **problem: Any) -> Report:
    return dataclasses.replace(report, problem=dataclasses.replace(report.problem, **problem))


def with_service(report: Report, **service: object) -> Report:
    return dataclasses.replace(report, service=dataclasses.replace(report.service, **service))  # type: ignore[arg-type]


def codes(report: Report) -> list[str]:
    return [f.code for f in check(report).findings]


def serious(report: Report) -> list[Finding]:
    return [f for f in check(report).findings if f.severity in ("error", "warning")]


# ---------------------------------------------------------------------------------------------- vague text

VAGUE = [
    # English
    ("en", "everything is broken"),
    ("en", "Everything's BROKEN!!!"),
    ("en", "nothing works"),
    ("en", "It doesn't work."),
    ("en", "doesn't work"),
    ("en", "it doesn’t work at all!!"),
    ("en", "broken"),
    ("en", "HELP"),
    ("en", "Please help, urgent!!!"),
    ("en", "The internet is slow"),
    ("en", "slow"),
    ("en", "The website is down"),
    # Finnish
    ("fi", "Kaikki on rikki!"),
    ("fi", "mikään ei toimi"),
    ("fi", "Ei toimi."),
    ("fi", "Netti on tosi hidas"),
    ("fi", "Apua!!"),
    ("fi", "netti ei toimi taas"),
    # Hungarian
    ("hu", "Semmi sem működik!"),
    ("hu", "Minden elromlott"),
    ("hu", "nem működik"),
    ("hu", "Nagyon lassú a net"),
    ("hu", "Segítség!"),
    ("hu", "semmi sem mukodik"),  # typed without accents
    # Turkish
    ("tr", "Her şey bozuk"),
    ("tr", "HİÇBİR ŞEY ÇALIŞMIYOR!!!"),
    ("tr", "hicbir sey calismiyor"),  # typed without Turkish letters
    ("tr", "çalışmıyor"),
    ("tr", "İnternet çok yavaş"),
    ("tr", "Yardım edin lütfen"),
    # Russian
    ("ru", "Всё сломано"),
    ("ru", "все совсем сломано"),
    ("ru", "«Всё совсем сломано»!"),
    ("ru", "Ничего не работает!!!"),
    ("ru", "не работает"),
    ("ru", "Интернет тормозит"),
    ("ru", "медленный интернет"),
    ("ru", "Помогите, срочно!"),
]

SPECIFIC = [
    ("en", "Since 08:00 the checkout page returns HTTP 502; the front page works"),
    ("en", "Everything is broken since 08:00: the checkout page returns HTTP 502, the front page works"),
    ("en", "Help! Pressing Pay now on https://shop.example.com/checkout shows 502 Bad Gateway"),
    ("fi", "Kassasivu ei toimi klo 8.00 alkaen: Maksa-painike antaa virheen 502, etusivu toimii"),
    ("hu", "A pénztár oldal nem működik 8:00 óta: a Fizetés gomb 502-es hibát ad, a főoldal működik"),
    ("tr", "Ödeme sayfası 08:00'den beri çalışmıyor: Öde düğmesi HTTP 502 veriyor, ana sayfa açılıyor"),
    ("ru", "С 8:00 не работает страница оплаты: кнопка «Оплатить» выдаёт ошибку 502, главная открывается"),
]


@pytest.mark.parametrize(("lang", "text"), VAGUE)
def test_vague_phrase_as_the_description_is_flagged(lang: str, text: str) -> None:
    found = [f for f in check(problem_report(description=text)).findings if f.code == "vague-description"]
    assert [f.field for f in found] == ["problem.description"], lang
    assert found[0].severity == "warning"
    assert found[0].question == quality.ASK_WHAT_FAILS
    assert "description" in found[0].message


@pytest.mark.parametrize(("lang", "text"), VAGUE)
def test_vague_phrase_as_the_summary_is_flagged(lang: str, text: str) -> None:
    report = problem_report(summary=text, description=SPECIFIC[0][1])
    found = [f for f in check(report).findings if f.code == "vague-description"]
    assert [f.field for f in found] == ["problem.summary"], lang


@pytest.mark.parametrize(("lang", "text"), SPECIFIC)
def test_the_same_phrase_inside_a_specific_description_is_not_flagged(lang: str, text: str) -> None:
    assert not quality.is_vague(text), lang
    report = problem_report(summary="Checkout returns HTTP 502", description=text)
    assert "vague-description" not in codes(report)


def test_the_brief_example_passes_cleanly_in_a_complete_report() -> None:
    report = with_problem(fixtures.sample_report(), description=SPECIFIC[0][1])
    assert serious(report) == []
    assert check(report).score >= 90


def test_vague_wording_quotes_the_users_text() -> None:
    (found,) = [f for f in check(problem_report(summary="Kaikki on rikki!")).findings if f.code == "vague-description"]
    assert found.message == "The summary only says “Kaikki on rikki!”: support cannot tell what is wrong."
    assert "e.g." in found.suggestion


def test_no_description_and_summary_only() -> None:
    empty = [f for f in check(problem_report()).findings if f.code == "vague-description"]
    assert [(f.field, f.message) for f in empty] == [("problem.description", "There is no description of the problem.")]
    thin = [f for f in check(problem_report(summary="Webshop checkout returns 502")).findings]
    assert ("vague-description", "problem.description") in [(f.code, f.field) for f in thin]
    no_summary = check(problem_report(description=SPECIFIC[0][1])).findings
    assert ("vague-description", "problem.summary") in [(f.code, f.field) for f in no_summary]


def test_vague_broken_answer_earns_nothing() -> None:
    report = with_problem(fixtures.sample_report(), broken="ei toimi")
    result = check(report)
    assert result.breakdown["works_broken"] == quality.PARTS["works"]
    (found,) = [f for f in result.findings if f.code == "no-works-broken"]
    assert found.field == "problem.broken"
    assert "ei toimi" in found.message


# ---------------------------------------------------------------------------------------------- slowness

SLOW = [
    ("en", "The internet is slow since 08:00"),
    ("fi", "Netti on hidas aamusta asti, sivut latautuvat hitaasti"),
    ("hu", "Lassú a net, a videók akadoznak"),
    ("tr", "İnternet yavaş, sayfalar geç açılıyor"),
    ("ru", "Интернет тормозит, страницы грузятся медленно"),
]


@pytest.mark.parametrize(("lang", "text"), SLOW)
def test_slow_without_numbers(lang: str, text: str) -> None:
    found = [f for f in check(problem_report(description=text)).findings if f.code == "slow-without-numbers"]
    assert [f.field for f in found] == ["problem.description"], lang
    assert found[0].question is not None and "Mbit/s" in found[0].question


@pytest.mark.parametrize(
    "text",
    [
        "The internet is slow: speed test 2 Mbit/s instead of 100, ping 900 ms",
        "Netti on hidas: nopeustesti 3 Mbit/s, sivu latautuu 20 sekunnissa",
        "Интернет тормозит: 1,5 Мбит/с вместо 100",
    ],
)
def test_slow_with_numbers_is_fine(text: str) -> None:
    assert "slow-without-numbers" not in codes(problem_report(description=text))


def test_slowness_without_numbers_costs_description_points() -> None:
    report = with_problem(
        fixtures.sample_report(),
        description="Since Monday the shop admin is slow for all of us, pages take ages",
        impact="Staff wait for every page",
        steps="Open /wp-admin and click Orders",
        changed="nothing",
        works="The shop front",
        broken="The admin is slow",
        tried="Restarted",
        frequency="always",
        summary="Shop admin slow",
    )
    result = check(report)
    assert "slow-without-numbers" in result.codes
    assert result.breakdown["description"] == WEIGHTS["description"] - quality.PARTS["slow_penalty"]


# ---------------------------------------------------------------------------------------------- devices

VAGUE_DEVICES = [
    ("en", "The grey one doesn't print"),
    ("en", "the printer jams every time"),
    ("fi", "Harmaa ei tulosta"),
    ("fi", "Tulostin ei tulosta mitään"),
    ("hu", "A szürke nem nyomtat"),
    ("hu", "A nyomtató papírt gyűr"),
    ("tr", "Gri olan yazdırmıyor"),
    ("tr", "Yazıcı kağıt sıkıştırıyor"),
    ("ru", "Ну этот принтер такой серый…"),
    ("ru", "Серый не печатает"),
    ("ru", "Принтер зажёвывает бумагу"),
]


@pytest.mark.parametrize(("lang", "text"), VAGUE_DEVICES)
def test_vague_device(lang: str, text: str) -> None:
    found = [f for f in check(problem_report(description=text)).findings if f.code == "vague-device"]
    assert [f.field for f in found] == ["service.device_make"], lang
    assert found[0].question is not None and "model" in found[0].question


@pytest.mark.parametrize(("lang", "text"), VAGUE_DEVICES)
def test_no_vague_device_when_make_and_model_are_given(lang: str, text: str) -> None:
    report = with_service(problem_report(description=text), device_make="Brother", device_model="HL-L2350DW")
    assert "vague-device" not in codes(report), lang


@pytest.mark.parametrize(
    "text",
    [
        "The Brother HL-L2350DW printer jams",
        "Printer HL-L2350DW jams on page 2",
        "Printer: Brother HL-L2350DW",
        "Our printer jams. It is a Brother.",
        "Black screen after login",
        "Белый экран после входа",
        "Musta ruutu kirjautumisen jälkeen",
        "A white page instead of the checkout",
    ],
)
def test_named_devices_and_colour_symptoms_are_not_vague_devices(text: str) -> None:
    assert "vague-device" not in codes(problem_report(description=text))


def test_vague_device_quotes_the_words_as_typed() -> None:
    (found,) = [f for f in check(problem_report(broken="Серый не печатает")).findings if f.code == "vague-device"]
    assert "“Серый”" in found.message


# ---------------------------------------------------------------------------------------------- secrets

SECRETS = [
    ("en", "description", "I can't log in, my password is hunter2"),
    ("en", "tried", "Tried the PIN code 1234 three times"),
    ("en", "steps", "1. log in as anna, password: Sommer2026! 2. open the shop"),
    ("fi", "description", "En pääse sisään, salasanani on kissa123"),
    ("fi", "tried", "Kokeilin PIN-koodi 4321 kolmesti"),
    ("hu", "description", "Nem tudok belépni, a jelszavam: titok123"),
    ("hu", "steps", "Beírom a PIN-kódom 1234 és hibát kapok"),
    ("tr", "description", "Giriş yapamıyorum, şifrem Ankara06"),
    ("tr", "tried", "PIN kodu 1234 ile denedim"),
    ("tr", "description", "ŞİFREM: İSTANBUL34"),
    ("ru", "description", "Не могу войти, мой пароль qwerty123"),
    ("ru", "tried", "Ввёл ПИН-код 1234, не помогло"),
    ("en", "description", "my password is [REDACTED:password]"),  # what quality sees after redaction
]


@pytest.mark.parametrize(("lang", "name", "text"), SECRETS)
def test_secret_in_text(lang: str, name: str, text: str) -> None:
    found = [f for f in check(problem_report(**{name: text})).findings if f.code == "secret-in-text"]
    assert [f.field for f in found] == [f"problem.{name}"], lang
    assert found[0].severity == "error"
    assert found[0].suggestion == SECRET_SUGGESTION
    assert check(problem_report(**{name: text})).findings[0].code == "secret-in-text"  # errors come first


@pytest.mark.parametrize(
    "text",
    [
        "Login says 'wrong password' although I typed it correctly",
        "I changed my password yesterday and now Outlook keeps asking",
        "Password manager: Bitwarden",
        "Salasana on väärä, vaikka se on oikea",
        "A jelszó hibás, pedig jó",
        "Şifre yanlış diyor, şifremi unuttum",
        "Пароль не подходит, хотя вчера подходил",
        "Pin the tab and reload",
    ],
)
def test_talking_about_passwords_is_not_a_secret(text: str) -> None:
    assert "secret-in-text" not in codes(problem_report(description=text))


# ---------------------------------------------------------------------------------------------- the score


def test_complete_specific_report_is_clean_and_scores_high() -> None:
    result = check(fixtures.sample_report())
    assert [f for f in result.findings if f.severity != "info"] == []
    assert result.score >= 90
    assert result.breakdown == WEIGHTS
    assert result.passes()


def test_weights_are_documented_and_sum_to_100() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert quality.PARTS["name"] + quality.PARTS["contact"] == WEIGHTS["identity"]
    assert quality.PARTS["summary"] + quality.PARTS["description"] == WEIGHTS["description"]
    assert quality.PARTS["works"] + quality.PARTS["broken"] == WEIGHTS["works_broken"]
    assert all(f"| {name}" in (quality.__doc__ or "") for name in WEIGHTS)
    assert THRESHOLD == 60


def test_empty_report_scores_at_most_10() -> None:
    result = check(Report(meta=META))
    assert result.score <= 10
    assert not result.passes()


@pytest.mark.parametrize("text", ["everything is broken", "Всё совсем сломано!", "HİÇBİR ŞEY ÇALIŞMIYOR"])
def test_everything_is_broken_alone_scores_at_most_20(text: str) -> None:
    assert check(problem_report(summary=text)).score <= 20
    assert check(problem_report(description=text)).score <= 20


def test_minimal_report_scores_low_with_the_missing_findings() -> None:
    result = check(fixtures.minimal_report())
    assert result.score < THRESHOLD
    found = {(f.code, f.field) for f in result.findings}
    assert found >= {
        ("missing-identity", "reporter.name"),
        ("missing-identity", "reporter.email"),
        ("missing-identifier", "service.url"),  # no verdict: the request goes to the service's own support
        ("no-error-text", "evidence.errors"),
        ("no-start-time", "problem.started_at"),
        ("no-what-changed", "problem.changed"),
        ("no-steps", "problem.steps"),
        ("no-works-broken", "problem.broken"),
        ("no-impact", "problem.impact"),
        ("no-screenshot", "evidence.attachments"),
    }
    assert all(f.message and f.suggestion and f.question for f in result.findings)


REPORTS = [
    Report(meta=META),
    fixtures.sample_report(),
    fixtures.multilingual_report(),
    fixtures.minimal_report(),
    problem_report(description="Kaikki on rikki"),
    problem_report(description="internet is slow", works="email"),
    with_problem(fixtures.sample_report(), description="slow", broken="не работает", steps=""),
    with_service(fixtures.sample_report(), account_id=None, host=None),
    dataclasses.replace(fixtures.sample_report(), evidence=Evidence(errors=(ErrorText("502 Bad Gateway"),))),
]


@pytest.mark.parametrize("report", REPORTS)
def test_breakdown_sums_to_score(report: Report) -> None:
    result = check(report)
    assert list(result.breakdown) == list(WEIGHTS)
    assert sum(result.breakdown.values()) == result.score
    assert all(0 <= result.breakdown[k] <= WEIGHTS[k] for k in WEIGHTS)
    assert 0 <= result.score <= 100


@pytest.mark.parametrize("report", REPORTS)
def test_findings_are_well_formed_and_ordered(report: Report) -> None:
    result = check(report)
    ranks = [("error", "warning", "info").index(f.severity) for f in result.findings]
    assert ranks == sorted(ranks)
    for f in result.findings:
        assert f.code in quality.CODES
        assert f.severity == quality.SEVERITY[f.code]
        assert f.message.endswith((".", "”")) and f.suggestion
        assert "{" not in f.message + f.suggestion + (f.question or "")
    assert check(report) == result  # pure and deterministic


def test_each_lost_criterion_has_a_finding() -> None:
    result = check(fixtures.minimal_report())
    lost = {k for k, v in result.breakdown.items() if v < WEIGHTS[k]}
    assert lost == set(WEIGHTS)
    assert len(result.findings) >= len(lost)


def test_screenshot_and_error_text() -> None:
    sample = fixtures.sample_report()
    no_attachments = dataclasses.replace(sample, evidence=Evidence(errors=sample.evidence.errors))
    assert "no-screenshot" not in codes(no_attachments)
    assert check(no_attachments).breakdown["evidence"] == quality.PARTS["error_text_as_evidence"]
    attachment = Attachment(name="x.png", size=1, sha256="0" * 64)
    only_screenshot = dataclasses.replace(sample, evidence=Evidence(attachments=(attachment,)))
    assert codes(only_screenshot) == ["no-error-text"]
    nothing = dataclasses.replace(sample, evidence=Evidence())
    found = [f for f in check(nothing).findings if f.code == "no-screenshot"]
    assert [f.severity for f in found] == ["info"]


# ------------------------------------------------------------------------------------- identity and identifiers


def test_missing_identity() -> None:
    sample = fixtures.sample_report()
    anonymous = dataclasses.replace(sample, reporter=Reporter(company="Virtanen Design Oy"))
    found = [(f.field, f.severity) for f in check(anonymous).findings if f.code == "missing-identity"]
    assert found == [("reporter.name", "error"), ("reporter.email", "error")]
    phone_only = dataclasses.replace(sample, reporter=Reporter(name="Anna", phone="+358 40 123 4567"))
    assert "missing-identity" not in codes(phone_only)


def verdict(culprit: str, **contact: object) -> Verdict:
    return Verdict(culprit=culprit, finding="x", confidence="medium", contact=dict(contact))


def identifier_fields(report: Report) -> list[str | None]:
    return [f.field for f in check(report).findings if f.code == "missing-identifier"]


HOSTED = ["service.account_id", "service.vm_name", "service.host", "service.url"]


@pytest.mark.parametrize(
    ("culprit", "contact", "expected"),
    [
        ("cloud-provider", {}, HOSTED),
        ("cloud-provider", {"role": "cloud-provider"}, HOSTED),
        ("service", {}, ["service.url"]),
        ("service", {"role": "cloud-provider"}, HOSTED),  # triage's stand-in when the operator has no contact
        ("service", {"role": "service-operator"}, ["service.url"]),
        ("isp", {"role": "isp"}, ["service.account_id"]),
        ("dns", {"role": "isp"}, ["service.account_id"]),
        ("none", {}, ["service.url"]),  # the network is fine: the service is next
        ("none", {"role": "service-operator"}, ["service.url"]),
        ("unknown", {}, ["service.url"]),  # unexplained: the request goes to the service's own support
        ("unknown", {"role": "you"}, ["service.url"]),
        ("local-network", {"role": "local-admin"}, ["service.name"]),
        ("device", {"role": "you"}, ["service.name"]),
    ],
)
def test_missing_identifier_depends_on_the_culprit(culprit: str, contact: dict[str, str], expected: list[str]) -> None:
    report = dataclasses.replace(problem_report(summary="x"), verdict=verdict(culprit, **contact))
    assert identifier_fields(report) == expected
    assert check(report).breakdown["identifiers"] == 0


def test_missing_identifier_messages_name_the_identifier_and_recipient() -> None:
    report = dataclasses.replace(problem_report(), verdict=verdict("cloud-provider"))
    found = [f for f in check(report).findings if f.code == "missing-identifier"]
    assert [f.message.split(" is missing")[0] for f in found] == [
        "The account ID",
        "The server (VM) name",
        "The server IP address",
        "The service URL",
    ]
    assert all("cloud provider" in f.message and "e.g." in f.suggestion and f.question for f in found)


def test_identifiers_given_or_partly_given() -> None:
    full = Service(account_id="NC-1", vm_name="web-01", host="203.0.113.10", url="https://shop.example.com/")
    report = dataclasses.replace(problem_report(), service=full, verdict=verdict("cloud-provider"))
    assert identifier_fields(report) == []
    assert check(report).breakdown["identifiers"] == WEIGHTS["identifiers"]
    partial = with_service(report, host=None, url=None)
    assert identifier_fields(partial) == ["service.host", "service.url"]
    assert check(partial).breakdown["identifiers"] == round(WEIGHTS["identifiers"] / 2)


def test_identifiers_from_the_verdict_contact_and_hostname_count() -> None:
    service = Service(vm_name="web-01", host="203.0.113.10", hostname="shop.example.com")
    report = Report(meta=META, service=service, verdict=verdict("cloud-provider", account_id="acct-42"))
    assert identifier_fields(report) == []
    isp = Report(meta=META, verdict=verdict("isp", role="isp", customer_id="C-1234"))
    assert identifier_fields(isp) == []


def test_without_a_verdict_the_service_support_identifiers_are_asked_for() -> None:
    """--offline: the request goes to the service's own support (as anonymisation assumes), which needs the URL;
    a VM name does not turn it into a request to a cloud provider."""
    assert identifier_fields(Report(meta=META, service=Service(vm_name="web-01"))) == ["service.url"]
    assert identifier_fields(Report(meta=META, service=Service(name="Webmail"))) == ["service.url"]
    assert identifier_fields(Report(meta=META, service=Service(url="https://mail.example/"))) == []
    assert identifier_fields(Report(meta=META, service=Service(hostname="mail.example"))) == []
    found = [f for f in check(Report(meta=META)).findings if f.code == "missing-identifier"]
    assert [f.message for f in found] == [
        "The service URL is missing: the service operator needs the exact address that fails."
    ]


def test_a_service_verdict_never_asks_for_the_cloud_providers_identifiers() -> None:
    """The review's case: "the service itself" with "VM name missing: the cloud provider needs it"."""
    for contact in ({}, {"role": "service-operator", "email": "ops@shop.example"}):
        report = dataclasses.replace(problem_report(summary="x"), verdict=verdict("service", **contact))
        messages = [f.message for f in check(report).findings if f.code == "missing-identifier"]
        assert messages == ["The service URL is missing: the service operator needs the exact address that fails."]


@pytest.mark.parametrize(
    ("situation", "service", "asked"),
    [
        ("device", Service(), ["service.device_model"]),  # a printer: no URL, no VM name
        ("device", Service(device_make="HP"), ["service.device_model"]),  # the make alone does not say which
        ("device", Service(device_make="HP", device_model="LaserJet M404dn"), []),
        ("internet", Service(), ["service.account_id"]),  # the line's customer number
        ("service", Service(), ["service.url"]),
        (None, Service(), ["service.url"]),
        ("a stranger's value", Service(), ["service.url"]),
    ],
)
def test_without_a_verdict_the_situation_says_who_gets_the_request(
    situation: str | None, service: Service, asked: list[str]
) -> None:
    """--offline: no verdict, so the situation the user chose decides the recipient (and what it must be told)."""
    report = Report(meta=META, service=service, problem=Problem(situation=situation))
    assert identifier_fields(report) == asked
    if situation == "device" and asked:
        message = next(f.message for f in check(report).findings if f.code == "missing-identifier")
        assert message == (
            "The device's make and model are missing: the device vendor or support desk needs them to know which "
            "device it is."
        )


# ------------------------------------------------------------------------------------ one recipient table

# contact details only, no identifiers: so every identifier the recipient requires is missing from the report
CONTACTS = {
    "isp": {"name": "Elisa", "support_email": "help@isp.example"},
    "cloud": {"name": "Nimbus", "support_email": "support@cloud.example"},
    "service": {"operator": "Shop Oy", "support_email": "ops@shop.example"},
}
SERVER = Service(host="203.0.113.10", hostname="shop.example.com", url="https://shop.example.com/checkout")
PUBLIC_IP = "198.51.100.77"
# what each identifier key anonymisation keeps stands for in the report built below
KEPT_VALUES = {
    "service.host": {"203.0.113.10"},
    "service.hostname": {"shop.example.com"},
    "service.url-host": {"shop.example.com"},
    "diagnostics.public_ip": {PUBLIC_IP},
}
# the identifiers anonymisation would replace, and the kept keys that spare them
REPLACEABLE = {"service.host": "service.host", "service.url": "service.url-host"}
# how the recipient's needs (triage/wording.NEEDS) name each identifier key
NEED_WORDS = {
    "service.account_id": "account ID",
    "isp.customer_id": "customer ID",
    "service.vm_name": "VM name",
    "service.host": "IP",
    "service.url": "service URL",
    "service.name-or-url": "which service or website",
}


def _table_report(culprit: str | None, contact: dict[str, object]) -> Report:
    network = Section(name="network", status="ok", data={"public_ip": PUBLIC_IP})
    verdict = None if culprit is None else Verdict(culprit=culprit, finding="x", confidence="low", contact=contact)
    return Report(meta=META, service=SERVER, diagnostics=Diagnostics(sections=(network,)), verdict=verdict)


@pytest.mark.parametrize("settings_", [CONTACTS, {k: v for k, v in CONTACTS.items() if k != "service"}, {}])
@pytest.mark.parametrize("culprit", [*CULPRITS, None])
def test_one_recipient_table_for_contact_quality_and_anonymisation(
    culprit: str | None, settings_: dict[str, dict[str, str]]
) -> None:
    """Triage's contact, the identifiers the quality check asks for and what anonymisation keeps all come from
    reportkit/recipients.py, and agree: every identifier the recipient requires is named in its needs and, where
    anonymisation would replace it, kept."""
    contact = {} if culprit is None else _contact(culprit, settings_)
    if culprit is not None:
        fallback = culprit in ("service", "none") and "service" not in settings_ and "cloud" in settings_
        assert contact["role"] == ("cloud-provider" if fallback else recipients.role_for(culprit))
    role = recipients.addressee(culprit, contact.get("role"))
    if culprit in (None, "unknown"):
        assert role == recipients.ADDRESSEE_WITHOUT_VERDICT == "service-operator"
    else:
        assert role == contact["role"]
    recipient = recipients.RECIPIENTS[role]
    assert recipients.requires(culprit, contact.get("role")) == recipient.requires
    assert recipients.keeps(culprit, contact.get("role")) == recipient.keeps

    # the quality check asks for exactly what the table requires, naming the recipient
    bare = dataclasses.replace(_table_report(culprit, contact), service=Service())
    found = [f for f in check(bare).findings if f.code == "missing-identifier"]
    assert [f.field for f in found] == [quality.IDENTIFIERS[key].field for key in recipient.requires]
    assert all(quality.RECIPIENT_LABELS[role] in f.message for f in found)
    given = [key for key in recipient.requires if key in ("service.host", "service.url", "service.name-or-url")]
    points = check(_table_report(culprit, contact)).breakdown["identifiers"]
    assert points == round(WEIGHTS["identifiers"] * len(given) / len(recipient.requires))

    # anonymisation keeps what the table keeps, and with it every identifier the recipient requires
    report = _table_report(culprit, contact)
    keep = keep_for(report)
    assert keep == set().union(*(KEPT_VALUES[key] for key in recipient.keeps))
    anonymized, _ = anonymize_report(report, keep=keep)
    for key, kept_as in REPLACEABLE.items():
        if key in recipient.requires:
            assert kept_as in recipient.keeps, (role, key)
    survived = {
        "service.host": anonymized.service.host == SERVER.host,
        "service.hostname": anonymized.service.hostname == SERVER.hostname,
        "service.url-host": anonymized.service.url == SERVER.url,
        "diagnostics.public_ip": anonymized.diagnostics.sections[0].data["public_ip"] == PUBLIC_IP,
    }
    assert {key for key, kept in survived.items() if kept} == set(recipient.keeps)

    # the words: the contact's needs name every identifier the recipient requires
    assert contact.get("needs", list(NEEDS.get(role, ()))) == list(NEEDS.get(role, ()))
    for key in recipient.requires if role in NEEDS else ():
        assert any(NEED_WORDS[key] in need for need in NEEDS[role]), (role, key)


def test_the_recipient_table_is_complete() -> None:
    """Every role a culprit maps to has a row, a label and (if someone else receives it) words for its needs; every
    identifier key it names has quality's wording or anonymisation's value."""
    assert set(recipients.ROLE_BY_CULPRIT) == set(CULPRITS)
    assert set(recipients.ROLE_BY_CULPRIT.values()) | {recipients.ADDRESSEE_WITHOUT_VERDICT} <= set(
        recipients.RECIPIENTS
    )
    assert set(quality.RECIPIENT_LABELS) == set(recipients.RECIPIENTS)
    assert set(NEEDS) == set(recipients.RECIPIENTS) - {"you"}
    assert {key for r in recipients.RECIPIENTS.values() for key in r.requires} == set(quality.IDENTIFIERS)
    assert {key for r in recipients.RECIPIENTS.values() for key in r.keeps} == set(KEPT_VALUES)
    assert recipients.SECTION_BY_ROLE == {"isp": "isp", "cloud-provider": "cloud", "service-operator": "service"}
    assert set(recipients.SECTION_BY_ROLE.values()) == set(recipients.CONTACT_FIELDS)


# ---------------------------------------------------------------------------------------------- earlier tickets

EARLIER = [
    ("en", "Same as last week, I reported it already"),
    ("fi", "Ilmoitin tästä aiemmin, sama vika"),
    ("hu", "Korábban már jeleztem ezt a hibát"),
    ("tr", "Geçen hafta bildirdim, yine aynı sorun"),
    ("ru", "Я уже писал на прошлой неделе"),
]


@pytest.mark.parametrize(("lang", "text"), EARLIER)
def test_earlier_report_without_ticket_number(lang: str, text: str) -> None:
    found = [f for f in check(problem_report(description=text)).findings if f.code == "no-ticket-reference"]
    assert [(f.severity, f.field) for f in found] == [("info", "service.tickets")], lang
    with_ticket = with_service(problem_report(description=text), tickets=("INC-20418",))
    assert "no-ticket-reference" not in codes(with_ticket)


def test_ticket_number_in_the_text_is_enough() -> None:
    assert "no-ticket-reference" not in codes(problem_report(description="As in ticket INC-20418, checkout fails"))


# ---------------------------------------------------------------------------------------------- vague_answer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nothing works", "vague-description"),
        ("Kaikki on rikki", "vague-description"),
        ("nem működik", "vague-description"),
        ("HİÇBİR ŞEY ÇALIŞMIYOR", "vague-description"),
        ("всё сломано", "vague-description"),
        ("internet is slow", "slow-without-numbers"),
        ("Интернет тормозит", "slow-without-numbers"),
        ("the grey one", "vague-device"),
        ("серый", "vague-device"),
        ("harmaa", "vague-device"),
        ("szürke", "vague-device"),
        ("gri", "vague-device"),
        ("my password is hunter2", "secret-in-text"),
    ],
)
def test_vague_answer_asks_a_targeted_question(text: str, code: str) -> None:
    found = vague_answer(text)
    assert found is not None and found.code == code
    assert found.question
    assert found.message and found.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Pay now on /checkout shows 502 Bad Gateway",
        "Kassasivu näyttää virheen 502",
        "A Fizetés gomb 502-es hibát ad",
        "Öde düğmesi HTTP 502 veriyor",
        "Кнопка «Оплатить» выдаёт ошибку 502",
        "Brother HL-L2350DW",
        "speed test 2 Mbit/s instead of 100",
        "nothing changed",
    ],
)
def test_vague_answer_accepts_specific_answers(text: str) -> None:
    assert vague_answer(text) is None


def test_vague_answer_question_follows_the_field() -> None:
    broken = vague_answer("doesn't work", "problem.broken")
    assert broken is not None
    assert broken.field == "problem.broken"
    assert broken.question == "What exactly does not work — which page, which button, which error?"
    works = vague_answer("nothing works", "problem.works")
    assert works is not None and works.question == quality.VAGUE_QUESTIONS["problem.works"]
    assert vague_answer("help") is not None and vague_answer("help").field is None  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------- normalising


def test_turkish_dotted_and_dotless_i() -> None:
    assert "İ".casefold() != "i"  # the trap: Python gives "i̇" (i + combining dot)
    assert quality.fold("İ") == quality.fold("I") == quality.fold("ı") == quality.fold("i") == "i"
    assert quality.tokens("İNTERNET YAVAŞ") == quality.tokens("internet yavaş") == ["internet", "yavas"]
    assert quality.tokens("ÇALIŞMIYOR") == quality.tokens("çalışmıyor") == quality.tokens("calismiyor")
    assert quality.is_vague("IT DOESN'T WORK")  # English capitals stay English
    assert quality.is_vague("İnternet Yavaş!!!")
    assert quality.find_secret("ŞİFREM: İSTANBUL34") is not None


def test_russian_yo_and_punctuation() -> None:
    assert quality.tokens("Всё совсем сломано!!!") == quality.tokens("все совсем сломано")
    assert quality.tokens("doesn’t") == quality.tokens("doesn't") == ["doesnt"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_text_gives_a_consistent_result(summary: str, description: str) -> None:
    result = check(problem_report(summary=summary, description=description))
    assert sum(result.breakdown.values()) == result.score
    assert 0 <= result.score <= 100
    finding = vague_answer(description)
    assert finding is None or finding.question


def test_a_question_the_situation_does_not_ask_is_not_held_against_it() -> None:
    """Steps to reproduce are not asked for an internet outage; examples speak of the situation, not a webshop."""
    internet = Report(meta=META, problem=Problem(summary="No internet", situation="internet"))
    result = check(internet)
    assert result.breakdown["steps"] == WEIGHTS["steps"]
    assert not [f for f in result.findings if f.code == "no-steps"]
    service = check(Report(meta=META, problem=Problem(summary="Checkout 502", situation="service")))
    assert service.breakdown["steps"] == 0 and any(f.code == "no-steps" for f in service.findings)
    device = check(Report(meta=META, problem=Problem(summary="Printer prints blank pages", situation="device")))
    for result in (check(internet), device):
        words = " ".join(f"{f.message} {f.suggestion}" for f in result.findings)
        assert "Pay now" not in words and "checkout" not in words and "orders a day" not in words, words
    assert "printer" in " ".join(f.suggestion for f in device.findings if f.code == "no-steps")


def test_a_sentence_naming_a_field_is_written_for_that_field() -> None:
    """Each field has its own sentence (a translator words it whole), so "the steps" agrees with its verb."""
    vague = vague_answer("everything is broken", "problem.steps")
    assert vague is not None
    assert vague.message == "The steps only say “everything is broken”: support cannot tell what is wrong."
    slow = vague_answer("it is slow", "problem.steps")
    assert slow is not None and slow.message == "The steps say it is slow but give no numbers."
    secret = vague_answer("my password: Zq9!vLm2#pRt", "problem.steps")
    assert secret is not None and secret.message == "The steps contain a password, PIN or key."
    other = vague_answer("it is slow", "service.device_make")
    assert other is not None and other.message == "The answer says it is slow but gives no numbers."


def test_a_recipient_is_named_with_its_article_wherever_it_stands() -> None:
    report = dataclasses.replace(problem_report(summary="x"), verdict=verdict("local-network", role="local-admin"))
    found = [f.message for f in check(report).findings if f.code == "missing-identifier"]
    assert found == ["Neither the service name nor its URL is given: the network administrator cannot tell what fails."]
    assert all(isinstance(label, Said) for label in quality.RECIPIENT_LABELS.values())
