"""Anonymisation: identifiers become consistent stand-ins; what the recipient needs stays; nothing collides."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from fixtures import sample_report

from reportkit.model import Diagnostics, ErrorText, Evidence, Meta, Problem, Report, Section, Verdict
from reportkit.redact import Anonymizer, anonymize_report, keep_for

# identifiers in fixtures.sample_report() that must not survive anonymisation
PRIVATE = [
    "anna-thinkpad",
    "3c:91:80:4e:2a:17",
    "54:e1:ad:0b:77:c2",
    "192.168.1.23",
    "192.168.1.1",
    "2001:db8:1::23",
    "fe80::3e91:80ff:fe4e:2a17",
    "198.51.100.23",
    "proxy.virtanen-design.example",
    '"anna"',
]


def dumped(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def without_kept_parts(report: Report) -> str:
    """The JSON of everything anonymisation is responsible for (the reporter and the contact stay on purpose)."""
    verdict = dataclasses.replace(report.verdict, contact={}) if report.verdict else None
    return dumped(
        dataclasses.replace(report, reporter=dataclasses.replace(report.reporter, email=None), verdict=verdict)
    )


def test_identifiers_are_replaced_everywhere() -> None:
    report = sample_report()
    anonymized, mapping = anonymize_report(report)
    text = without_kept_parts(anonymized)
    for original in PRIVATE:
        assert original not in text, original
    assert "203.0.113.10" not in text and "shop.example.com" not in text  # no keep list given: replaced too
    assert anonymized.meta.anonymized is True
    assert mapping["anna"] == "user1" and mapping["anna-thinkpad"] == "host1"
    assert mapping["3c:91:80:4e:2a:17"] == "02:00:00:00:00:01"
    system = anonymized.diagnostics.sections[0].data
    assert system["hostname"] == "host1"
    assert {p["username"] for p in system["top_cpu"] + system["top_memory"]} == {"user1"}


def test_same_value_same_standin_across_fields_and_spellings() -> None:
    report = sample_report()
    extra = ErrorText(
        text="ping 192.168.1.23 from Anna-ThinkPad (3C-91-80-4E-2A-17), /home/anna/.cache, "
        "2001:0db8:0001:0000:0000:0000:0000:0023 via 192.168.1.1",
        source="file:/home/anna/notes.txt",
    )
    report = dataclasses.replace(report, evidence=dataclasses.replace(report.evidence, errors=(extra,)))
    anonymized, mapping = anonymize_report(report)
    ip = mapping["192.168.1.23"]
    mac = mapping["3c:91:80:4e:2a:17"]
    v6 = mapping["2001:db8:1::23"]
    interfaces = anonymized.diagnostics.sections[1].data["interfaces"]
    assert interfaces[0]["ipv4"][0]["address"] == ip
    assert interfaces[0]["mac"] == mac
    assert interfaces[0]["ipv6"][0]["address"] == v6
    assert anonymized.evidence.errors[0].text == (
        f"ping {ip} from host1 ({mac.upper().replace(':', '-')}), /home/user1/.cache, {v6} via {mapping['192.168.1.1']}"
    )
    assert anonymized.evidence.errors[0].source == "file:/home/user1/notes.txt"
    # one /24 stays one /24, the last octet is kept
    assert ip.rsplit(".", 1)[0] == mapping["192.168.1.1"].rsplit(".", 1)[0]
    assert ip.endswith(".23") and mapping["192.168.1.1"].endswith(".1")
    assert ip.startswith("10.")


def test_rerun_with_the_saved_mapping_is_identical() -> None:
    report = sample_report()
    first, mapping = anonymize_report(report)
    saved = json.loads(json.dumps(mapping))  # as the private mapping file stores it
    second, mapping2 = anonymize_report(report, saved)
    assert dumped(second) == dumped(first)
    assert mapping2 == mapping


def test_a_saved_mapping_carries_over_to_another_report() -> None:
    _, mapping = anonymize_report(sample_report())
    later = _report(
        Problem(description="anna-thinkpad lost 192.168.1.23 again; new laptop bob-laptop at 192.168.1.40"),
        system={"hostname": "bob-laptop"},
    )
    anonymized, mapping2 = anonymize_report(later, mapping)
    description = anonymized.problem.description or ""
    assert description.startswith(f"host1 lost {mapping['192.168.1.23']} again")
    assert mapping2["192.168.1.40"] == mapping["192.168.1.23"].rsplit(".", 1)[0] + ".40"  # same subnet stand-in
    assert mapping2["bob-laptop"] not in set(mapping.values())  # new names get new stand-ins
    assert set(mapping.items()) <= set(mapping2.items())


def test_keep_for_cloud_culprits_keeps_the_vm_address_and_name() -> None:
    report = sample_report()  # culprit "service"
    keep = keep_for(report)
    assert keep == {"203.0.113.10", "shop.example.com"}
    anonymized, mapping = anonymize_report(report, keep=keep)
    assert anonymized.service.host == "203.0.113.10"
    assert anonymized.service.hostname == "shop.example.com"
    assert anonymized.service.url == "https://shop.example.com/checkout"
    assert anonymized.verdict is not None
    assert anonymized.verdict.evidence[0] == "TCP 203.0.113.10:443 connected in 24 ms"
    assert "203.0.113.10" not in mapping and "shop.example.com" not in mapping
    assert "anna-thinkpad" not in without_kept_parts(anonymized)  # the rest is still anonymised
    assert report.verdict is not None
    provider = dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, culprit="cloud-provider"))
    assert keep_for(provider) == keep


def test_keep_for_isp_keeps_only_the_public_ip() -> None:
    report = _report(
        Problem(description="no internet since 8:00"),
        network={"public_ip": "198.51.100.77", "interfaces": [{"ipv4": [{"address": "192.168.1.23"}]}]},
        culprit="isp",
    )
    assert keep_for(report) == {"198.51.100.77"}
    anonymized, _ = anonymize_report(report, keep=keep_for(report))
    data = anonymized.diagnostics.sections[1].data
    assert data["public_ip"] == "198.51.100.77"
    assert data["interfaces"][0]["ipv4"][0]["address"] != "192.168.1.23"
    assert report.verdict is not None
    dns = dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, culprit="dns"))
    assert keep_for(dns) == {"198.51.100.77"}  # the system resolver is the ISP's: the request goes to the ISP
    for culprit in ("device", "local-network"):
        other = dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, culprit=culprit))
        assert keep_for(other) == set()


@pytest.mark.parametrize("culprit", [None, "unknown", "none", "service", "cloud-provider"])
def test_without_a_verdict_the_service_keeps_its_own_identifiers(culprit: str | None) -> None:
    """--offline (no verdict) or an unexplained fault: the request goes to the service's support, which must find
    the server — its IP, host name and URL host stay; the user's own machine names do not."""
    report = sample_report()
    assert report.verdict is not None
    report = dataclasses.replace(
        report, verdict=None if culprit is None else dataclasses.replace(report.verdict, culprit=culprit)
    )
    assert keep_for(report) == {"203.0.113.10", "shop.example.com"}
    anonymized, mapping = anonymize_report(report, keep=keep_for(report))
    assert anonymized.service.host == "203.0.113.10"
    assert anonymized.service.url == "https://shop.example.com/checkout"
    assert "203.0.113.10" not in mapping
    assert "anna-thinkpad" not in without_kept_parts(anonymized)


def test_reporter_contact_and_support_identifiers_are_untouched() -> None:
    report = sample_report()
    anonymized, _ = anonymize_report(report)
    assert anonymized.reporter == report.reporter
    assert anonymized.verdict is not None and report.verdict is not None
    assert anonymized.verdict.contact == report.verdict.contact
    for name in ("account_id", "service_id", "vm_name", "tickets", "provider"):
        assert getattr(anonymized.service, name) == getattr(report.service, name)
    assert anonymized.evidence.attachments[0].sha256 == report.evidence.attachments[0].sha256
    assert anonymized.meta.created_at == report.meta.created_at


def test_ordinary_text_keeps_its_words_and_numbers() -> None:
    text = (
        "nginx/1.24.0 on Ubuntu 24.04.1, PHP 8.2, Python 3.11.7, setup.py, notes.md, ASP.NET, Node.js, e.g. this, "
        "2026-11-23 08:00:14, INC-20418, +358 40 123 4567, 1.1.1.1, 8.8.8.8, 127.0.0.1, 0.0.0.0, 255.255.255.0, "
        "169.254.7.9, ::1, fe80::1, std::vector, nginx/1.2.3.4, version 10.2.0.1, github.com, archive.ubuntu.com"
    )
    assert Anonymizer().text(text) == text


def test_text_level_detections() -> None:
    anon = Anonymizer()
    assert anon.text("C:\\Users\\Bob\\Desktop and /Users/carol/x and /home/dave") == (
        "C:\\Users\\user1\\Desktop and /Users/user2/x and /home/user3"
    )
    assert anon.text("bob logged in") == "user1 logged in"  # learnt from the path
    assert anon.text("/home/user and /Users/Shared stay") == "/home/user and /Users/Shared stay"
    assert anon.text("mail.virtanen.fi, www.virtanen.fi, virtanen.fi") == (
        "host1.domain1.example, host2.domain1.example, domain1.example"
    )
    assert anon.text("nas.lan and printer.local") == "host3.lan and host4.local"
    assert anon.text("public 93.184.216.34 and 93.184.216.35") == "public 192.0.2.1 and 192.0.2.2"
    assert anon.text("cisco 3c91.804e.2a17 vs 3c:91:80:4e:2a:17") == "cisco 0200.0000.0001 vs 02:00:00:00:00:01"
    assert anon.text("fe80::3e91:80ff:fe4e:2a17%wlan0") == "fe80::a:1%wlan0"
    assert anon.text("fd12:3456:789a:1::5 and ::ffff:192.168.0.9") == "fd00:0:0:1::5 and ::ffff:10.0.1.9"


def test_standins_never_collide_with_real_values() -> None:
    report = _report(
        Problem(
            description="user1 and host1 are real names here; 10.0.1.5, 192.0.2.1 and 02:00:00:00:00:01 are real too; "
            "domain1.example is a real domain; /home/anna is the home",
            tried="pinged 192.168.1.7, 203.0.113.99 and aa:bb:cc:dd:ee:ff; shop.virtanen.fi",
        ),
        system={"hostname": "anna-pc", "top_cpu": [{"username": "anna"}]},
    )
    _, mapping = anonymize_report(report)
    originals = json.dumps(report.to_dict()).lower()
    for standin in mapping.values():
        probe = standin.removesuffix("0/24").removesuffix("/64")  # a subnet: no real address may be inside it
        assert probe not in originals, standin
    assert mapping["anna"] == "user2" and mapping["anna-pc"] == "host2"
    assert not mapping["192.168.1.7"].startswith("10.0.1.")
    assert mapping["192.0.2.1"] == "192.0.2.2"  # the real 192.0.2.1 is itself replaced, by the next free one
    assert mapping["203.0.113.99"] == "192.0.2.3"
    assert mapping["02:00:00:00:00:01"] == "02:00:00:00:00:02"
    assert mapping["aa:bb:cc:dd:ee:ff"] == "02:00:00:00:00:03"
    assert mapping["domain1.example"] == "domain2.example"
    assert mapping["virtanen.fi"] == "domain3.example"
    assert len(set(mapping.values())) == len(mapping)


def test_anonymizer_api_mapping_and_keep() -> None:
    anon = Anonymizer(mapping={"anna": "user7", "192.168.1.0/24": "10.9.9.0/24"}, keep=["https://keep.example.com/x"])
    assert anon.text("anna at 192.168.1.50 via keep.example.com") == "user7 at 10.9.9.50 via keep.example.com"
    assert anon.mapping["192.168.1.50"] == "10.9.9.50"
    anon.add_user("bob")
    anon.add_host("bob-pc")
    assert anon.text("bob on bob-pc, root on bob-pc") == "user1 on host1, root on host1"
    assert re.fullmatch(r"user\d+", anon.mapping["bob"])


def _report(
    problem: Problem,
    *,
    system: dict[str, object] | None = None,
    network: dict[str, object] | None = None,
    culprit: str = "local-network",
) -> Report:
    return Report(
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"),
        problem=problem,
        evidence=Evidence(),
        diagnostics=Diagnostics(
            sections=(
                Section(name="system", status="ok", data=system or {}),
                Section(name="network", status="ok", data=network or {}),
            )
        ),
        verdict=Verdict(culprit=culprit, finding="x", confidence="medium"),
    )


def test_a_two_letter_host_and_a_one_letter_user_are_replaced_wherever_the_map_says() -> None:
    """A VM named "vm", a user "a": whole fields are replaced whatever their length (the request showed
    "Hostname: vm" while the map said vm → host1); in free text a short name is replaced only where it cannot be
    an ordinary word — "vm" as a token spelt as collected, "a" beside an "@" or in a home path."""
    from reportkit.render import render

    report = _report(
        Problem(
            description="ssh a@vm fails since 8:00; my vm is down. Restart the VM? a cat, /home/a/x, vm.log",
            tried="curl via http://a:***@vm:3128",
        ),
        system={"hostname": "vm", "top_cpu": [{"username": "a", "name": "nginx"}], "top_memory": [{"username": "a"}]},
    )
    anonymized, mapping = anonymize_report(report)
    assert mapping == {"vm": "host1", "a": "user1"}
    system = anonymized.diagnostics.sections[0].data
    assert system["hostname"] == "host1"
    assert [p["username"] for p in system["top_cpu"] + system["top_memory"]] == ["user1", "user1"]
    assert anonymized.problem.description == (
        "ssh user1@host1 fails since 8:00; my host1 is down. Restart the VM? a cat, /home/user1/x, vm.log"
    )
    assert anonymized.problem.tried == "curl via http://user1:***@host1:3128"
    text = render(anonymized, "text")
    assert re.search(r"\bhost1\b", text) and not re.search(r"(?<![\w.])vm(?![\w.])", text)
    assert '"hostname": "vm"' not in json.dumps(anonymized.to_dict())
    # the map claims nothing that did not happen: every stand-in it lists is in the anonymised report
    out = dumped(anonymized)
    assert all(standin in out for standin in mapping.values())
    again, mapping2 = anonymize_report(report, json.loads(json.dumps(mapping)))
    assert dumped(again) == out and mapping2 == mapping


@pytest.mark.parametrize(("host", "user"), [("PC", "jo"), ("x", "b")])
def test_short_names_in_other_spellings_and_lengths(host: str, user: str) -> None:
    report = _report(
        Problem(description=f"{user} logged in on {host}; {user}@{host} answers; the pc and Jo's mail, x-ray, b.txt"),
        system={"hostname": host, "top_cpu": [{"username": user}]},
    )
    anonymized, mapping = anonymize_report(report)
    assert mapping == {host.lower(): "host1", user: "user1"}
    assert anonymized.diagnostics.sections[0].data["hostname"] == "host1"
    assert anonymized.diagnostics.sections[0].data["top_cpu"][0]["username"] == "user1"
    description = anonymized.problem.description or ""
    assert "user1@host1 answers" in description
    assert description.endswith("the pc and Jo's mail, x-ray, b.txt")  # other spellings and ordinary words stay
    if len(host) == 2:  # a two-letter name as a whole token, spelt as collected
        assert description.startswith("user1 logged in on host1;")
    else:  # one letter alone is too often a word: only beside an "@"
        assert description.startswith(f"{user} logged in on {host};")


def test_a_windows_process_owner_is_replaced_as_domain_and_user() -> None:
    report = _report(
        Problem(description="slow"),
        system={
            "hostname": "WS",
            "top_cpu": [{"username": "WS\\a"}, {"username": "NT AUTHORITY\\SYSTEM"}],
        },
    )
    anonymized, mapping = anonymize_report(report)
    assert mapping == {"ws": "host1", "a": "user1"}
    names = [p["username"] for p in anonymized.diagnostics.sections[0].data["top_cpu"]]
    assert names == ["host1\\user1", "NT AUTHORITY\\SYSTEM"]
