"""Rendering: golden files for every fixture × format, plus the properties every output must keep.

Golden files live in tests/golden/<fixture>.<ext> (ext: txt, md, html, json). After an intended change to
the templates or the fixtures, regenerate them and review the diff before committing:

    REPORTKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py
    git diff tests/golden/
"""

from __future__ import annotations

import dataclasses
import html
import importlib.resources
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import fixtures
import pytest

from reportkit import render as render_module
from reportkit.errors import InputError
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
from reportkit.render import FORMATS, render

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}
HUMAN_FORMATS = ("text", "markdown", "html")
FIXTURES: dict[str, Callable[[], Report]] = {
    "sample": fixtures.sample_report,
    "multilingual": fixtures.multilingual_report,
    "minimal": fixtures.minimal_report,
}


# --------------------------------------------------------------------------------------------
# golden files


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("name", list(FIXTURES))
def test_golden(name: str, fmt: str) -> None:
    out = render(FIXTURES[name](), fmt)
    path = GOLDEN / f"{name}.{EXTENSIONS[fmt]}"
    if os.environ.get("REPORTKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with REPORTKIT_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} differs: review, then regenerate"


def test_formats_name_their_files() -> None:
    assert FORMATS == {"text": "request.txt", "markdown": "request.md", "html": "request.html", "json": "report.json"}


# --------------------------------------------------------------------------------------------
# missing fields are omitted


def all_reports() -> Iterator[tuple[str, Report]]:
    yield from ((name, make()) for name, make in FIXTURES.items())
    yield "sparse", sparse_report()
    yield "garbage", garbage_report()


def sparse_report() -> Report:
    """Some fields, no verdict, every collector skipped or failed, an empty attachment caption."""
    return Report(
        meta=Meta(tool_version="0.1.0", created_at="2026-11-23T09:15:00+02:00"),
        reporter=Reporter(company="Acme"),
        service=Service(url="https://portal.example/login"),
        problem=Problem(description="The login page spins forever.", steps="  \n  "),
        evidence=Evidence(
            errors=(ErrorText(text="Timeout", source="stdin", truncated=True, original_bytes=None),),
            attachments=(Attachment(name="a.png", size=0, sha256="0" * 64),),
        ),
        diagnostics=Diagnostics(
            sections=(
                Section(name="system", status="skipped", reason="--no-system given"),
                Section(name="network", status="failed", reason="psutil raised PermissionError"),
                Section(name="probes", status="skipped"),
            )
        ),
    )


def garbage_report() -> Report:
    """Section data with missing keys and wrong types: the view builder must cope, not crash."""
    return Report(
        meta=Meta(tool_version="0.1.0", created_at="not a date"),
        problem=Problem(summary="x"),
        diagnostics=Diagnostics(
            sections=(
                Section(
                    name="system",
                    status="ok",
                    data={
                        "os": None,
                        "cpu": {"load_average": [1, "x"]},
                        "memory": {},
                        "disks": [{}, "oops", {"mountpoint": "/", "percent": "full"}],
                        "battery": {"seconds_left": -2},
                        "top_cpu": [{}],
                        "notes": [None, ""],
                    },
                ),
                Section(
                    name="network",
                    status="ok",
                    data={
                        "interfaces": [{}, {"name": "eth0", "ipv4": [{}], "counters": {}}],
                        "default_gateways": {"ipv4": {}},
                        "dns": None,
                        "proxies": {"http_proxy": None},
                    },
                ),
                Section(name="weird", status="ok", data={}),
            )
        ),
        verdict=Verdict(culprit="martians", finding="", confidence=""),
    )


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
@pytest.mark.parametrize(("name", "report"), list(all_reports()), ids=lambda x: x if isinstance(x, str) else "")
def test_nothing_shows_none_or_empty_parts(name: str, report: Report, fmt: str) -> None:
    out = render(report, fmt)
    assert "None" not in out
    assert "Undefined" not in out
    assert out.endswith("\n") and not out.endswith("\n\n")
    if fmt == "text":
        assert_text_has_no_empty_parts(out)
    elif fmt == "markdown":
        assert_markdown_has_no_empty_parts(out)
    else:
        assert_html_has_no_empty_parts(out)


def test_minimal_report_omits_everything_it_does_not_have() -> None:
    report = fixtures.minimal_report()
    text = render(report, "text")
    for absent in ("Identifiers", "Account", "Error", "Attachments", "Diagnostics", "Automatic check", "Thank you,"):
        assert absent not in text
    assert text.startswith("Subject: Support request: Website does not load\n")
    assert "Website does not load" in render(report, "markdown")
    assert "<title>Support request: Website does not load</title>" in render(report, "html")


def assert_text_has_no_empty_parts(out: str) -> None:
    out = re.sub(r"^--- error (\d+) begins ---\n.*?^--- error \1 ends ---$", "(error)", out, flags=re.S | re.M)
    lines = out.split("\n")
    headings: list[tuple[int, int]] = []  # (line index, level: 1 for ===, 2 for ---)
    for i, line in enumerate(lines):
        assert line == line.rstrip(), f"trailing whitespace on line {i + 1}: {line!r}"
        under = lines[i + 1] if i + 1 < len(lines) else ""
        if line and under and len(set(under)) == 1 and under[0] in "-=" and len(under) == len(line):
            headings.append((i, 1 if under[0] == "=" else 2))
        if re.fullmatch(r"[A-Z][\w /()]*:", line):  # a label alone on its line needs an indented value below
            following = lines[i + 1] if i + 1 < len(lines) else ""
            assert following.startswith(" "), f"label {line!r} has no value"
    assert "\n\n\n\n" not in out
    assert_sections_have_content(lines, headings, skip=2)


def assert_sections_have_content(lines: list[str], headings: list[tuple[int, int]], skip: int = 1) -> None:
    """Between a heading and the next one of the same or a higher level there must be some text."""
    for n, (i, level) in enumerate(headings):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        body = [x for x in lines[i + skip : end] if x.strip() and x.strip() != "---"]
        next_level = headings[n + 1][1] if n + 1 < len(headings) else 0
        assert body or next_level > level, f"heading {lines[i]!r} has nothing under it"


def assert_markdown_has_no_empty_parts(out: str) -> None:
    lines = out.split("\n")
    in_fence = ""
    headings: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        fence = re.match(r"^(`{3,})", line)
        if fence and (not in_fence or fence.group(1) == in_fence):
            in_fence = "" if in_fence else fence.group(1)
            continue
        if in_fence:
            continue
        if line.endswith(" ") and not line.endswith("  "):
            raise AssertionError(f"stray trailing space on line {i + 1}: {line!r}")
        assert not re.fullmatch(r"- \*\*[^*]+:\*\*\s*", line) or lines[i + 1].startswith("  "), line
        if m := re.match(r"^(#{1,6}) ", line):
            headings.append((i, len(m.group(1))))
    assert not in_fence, "unclosed code fence"
    assert_sections_have_content(lines, headings)


def assert_html_has_no_empty_parts(out: str) -> None:
    for empty in (r"<ul>\s*</ul>", r"<dl[^>]*>\s*</dl>", r"<dd[^>]*></dd>", r"<p[^>]*>\s*</p>", r"<li[^>]*></li>"):
        assert not re.search(empty, out), f"empty element matching {empty}"
    assert not re.search(r"</h[1-6]>\s*</section>", out), "a heading with nothing under it"
    assert not re.search(r"</summary>\s*</details>", out), "a details element with nothing inside"


# --------------------------------------------------------------------------------------------
# text is data: multilingual text unchanged, nothing escaped wrongly, nothing executed


def non_ascii_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if not value.isascii():
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from non_ascii_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from non_ascii_strings(item)


def test_multilingual_fixture_really_is_multilingual() -> None:
    strings = "\n".join(non_ascii_strings(fixtures.multilingual_report().to_dict()))
    for needle in (fixtures.FI_SUMMARY, fixtures.RU_TEXT, fixtures.TR_TEXT, fixtures.TR_MORE, fixtures.EMOJI):
        assert needle in strings
    assert any(0x0590 <= ord(c) <= 0x05FF for c in strings)  # right-to-left (Hebrew)
    for letter in "äöÅıİğş":
        assert letter in strings


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_every_non_ascii_string_appears_unchanged(fmt: str) -> None:
    report = fixtures.multilingual_report()
    out = render(report, fmt)
    if fmt == "html":
        out = html.unescape(out)
    strings = list(non_ascii_strings(report.to_dict()))
    assert len(strings) > 15
    for value in strings:
        for line in value.split("\n"):
            assert line.strip() in out, f"{line!r} missing from {fmt}"


@pytest.mark.parametrize("name", list(FIXTURES))
def test_json_round_trips(name: str) -> None:
    report = FIXTURES[name]()
    out = render(report, "json")
    assert Report.from_dict(json.loads(out)) == report
    assert out == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert fixtures.RU_TEXT in render(fixtures.multilingual_report(), "json")  # not \u-escaped


SCRIPT = "<script>alert(1)</script>"


def hostile_report() -> Report:
    """Markup in every kind of field the HTML shows, including attribute-breaking quotes."""
    base = fixtures.sample_report()
    evil = SCRIPT + "\"'><img src=x onerror=alert(2)>"
    return dataclasses.replace(
        base,
        reporter=Reporter(name=evil, email=evil, phone=evil, company=evil),
        service=dataclasses.replace(base.service, name=evil, vm_name=evil, url=evil, tickets=(evil,)),
        problem=Problem(summary=evil, description=evil, started_at=evil, steps=evil + "\n" + evil),
        evidence=Evidence(
            errors=(ErrorText(text=evil, source="file:" + evil, note=evil),),
            attachments=(Attachment(name=evil, size=1, sha256="0" * 64, media_type=evil, caption=evil),),
        ),
        diagnostics=Diagnostics(
            sections=(
                *base.diagnostics.sections[:2],
                Section(name=evil, status="failed", reason=evil),
                Section(name="extra", status="ok", data={"k": evil}),
            )
        ),
        verdict=Verdict(
            culprit='x" onmouseover="alert(3)',
            finding=evil,
            confidence=evil,
            evidence=(evil,),
            warnings=(evil,),
            contact={"name": evil, evil: evil},
            next_steps=(evil,),
        ),
        meta=dataclasses.replace(base.meta, warnings=(evil,)),
    )


def test_html_escapes_user_markup() -> None:
    out = render(hostile_report(), "html")
    assert "<script" not in out.lower()
    assert "<img" not in out.lower()
    assert 'onmouseover="' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert html.unescape(out).count(SCRIPT) >= 20  # shown, as text, wherever it was given


def test_html_of_a_plain_report_has_no_script_at_all() -> None:
    out = render(fixtures.sample_report(), "html")
    assert "<script" not in out.lower()


def test_autoescape_is_on_for_html_templates_only() -> None:
    env = render_module._environment()
    assert callable(env.autoescape)
    assert env.autoescape("request.html.j2") is True
    assert env.autoescape("partials/anything.html.j2") is True
    assert env.autoescape("request.txt.j2") is False
    assert env.autoescape("request.md.j2") is False


def test_markdown_neutralises_markup_in_prose() -> None:
    out = render(hostile_report(), "markdown")
    prose = re.sub(r"^(`{3,}).*?^\1$", "", out, flags=re.S | re.M)  # outside code blocks
    assert not re.search(r"(?<!\\)<(script|img)", prose)
    assert "\\<script>" in prose


TEMPLATE_CODE = "{{ 7*7 }} {% if true %}yes{% endif %} {# c #} ${x}"


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_template_syntax_in_user_text_is_rendered_literally(fmt: str) -> None:
    report = Report(
        meta=fixtures.minimal_report().meta,
        reporter=Reporter(name=TEMPLATE_CODE),
        problem=Problem(summary=TEMPLATE_CODE, description=TEMPLATE_CODE),
        evidence=Evidence(errors=(ErrorText(text=TEMPLATE_CODE),)),
    )
    out = render(report, fmt)
    if fmt == "html":
        out = html.unescape(out.split("</style>")[1])
    assert out.count(TEMPLATE_CODE) >= 3
    assert "49" not in out and "yes yes" not in out


# --------------------------------------------------------------------------------------------
# Markdown code fences


def test_markdown_fence_is_longer_than_any_backtick_run_inside() -> None:
    out = render(fixtures.sample_report(), "markdown")
    assert "```" in fixtures.NGINX_LOG and "````" not in fixtures.NGINX_LOG
    assert "\n````text\n2026/11/23 08:00:14" in out
    assert out.count("\n````\n") == 1


@pytest.mark.parametrize("run", [0, 1, 2, 3, 5, 9])
def test_markdown_fence_grows_with_the_text(run: int) -> None:
    text = f"before {'`' * run} after" if run else "no backticks"
    report = Report(meta=fixtures.minimal_report().meta, evidence=Evidence(errors=(ErrorText(text=text),)))
    out = render(report, "markdown")
    fence = "`" * max(3, run + 1)
    assert f"\n{fence}text\n{text}\n{fence}\n" in out
    assert render_module.code_fence(text) == fence


# --------------------------------------------------------------------------------------------
# HTML page: one file, well-formed, printable


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.seen: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        for name, _ in attrs:
            if name in ("src", "href") or name.startswith("on"):
                self.errors.append(f"<{tag} {name}=…> refers outside the page or runs code")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize(("name", "report"), [*all_reports(), ("hostile", hostile_report())])
def test_html_is_one_well_formed_self_contained_page(name: str, report: Report) -> None:
    out = render(report, "html")
    assert out.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    checker = TagChecker()
    checker.feed(out)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    assert checker.seen.count("title") == 1 and checker.seen.count("h1") == 1 and checker.seen.count("main") == 1
    assert "@media print" in out
    assert "@import" not in out and "url(" not in out
    assert "http://" not in out.split("</style>")[0] and "https://" not in out.split("</style>")[0]


def test_html_keeps_error_text_exact_inside_pre() -> None:
    report = Report(
        meta=fixtures.minimal_report().meta,
        evidence=Evidence(errors=(ErrorText(text="\nstarts with a blank line\n  indented <b>&amp;"),)),
    )
    out = render(report, "html")
    pre = re.search(r"<pre>(.*?)</pre>", out, re.S)
    assert pre is not None
    # the HTML parser drops exactly one newline after <pre>; the template writes that one itself
    assert html.unescape(pre.group(1)) == "\n\nstarts with a blank line\n  indented <b>&amp;"


# --------------------------------------------------------------------------------------------
# subject line


@pytest.mark.parametrize(
    ("service", "problem", "subject"),
    [
        (
            Service(name="Shop website", vm_name="web-01", host="203.0.113.10", hostname="shop.example.com"),
            Problem(summary="HTTP 502 on checkout", started_at="2026-11-23 08:00"),
            "Shop website (VM web-01, 203.0.113.10): HTTP 502 on checkout since 2026-11-23 08:00",
        ),
        (
            Service(url="https://portal.example:8443/login", hostname="portal.example"),
            Problem(summary="Login\n  spins"),
            "portal.example: Login spins",
        ),
        (
            Service(hostname="db.example", host="198.51.100.5"),
            Problem(started_at="yesterday"),
            "Support request (db.example, 198.51.100.5): problem since yesterday",
        ),
        (Service(), Problem(), "Support request"),
    ],
)
def test_subject(service: Service, problem: Problem, subject: str) -> None:
    report = Report(meta=fixtures.minimal_report().meta, service=service, problem=problem)
    assert render(report, "text").split("\n", 1)[0] == f"Subject: {subject}"
    assert render(report, "markdown").split("\n", 1)[0] == f"# {subject}"
    assert f"<title>{subject}</title>" in render(report, "html")


# --------------------------------------------------------------------------------------------
# verdict wording


def test_every_culprit_has_its_own_wording() -> None:
    def verdict_line(culprit: str) -> str:
        report = dataclasses.replace(
            fixtures.minimal_report(), verdict=Verdict(culprit=culprit, finding="healthy", confidence="medium")
        )
        block = render(report, "text").split("Hello,")[0]
        assert "Automatic check" in block and "medium confidence" in block
        return block.split("---\n")[1].split("\n")[0]

    lines = {culprit: verdict_line(culprit) for culprit in CULPRITS}
    assert len(set(lines.values())) == len(CULPRITS)
    assert verdict_line("something-new") == lines["unknown"]


# --------------------------------------------------------------------------------------------
# errors, filters, loading


def test_unknown_format_is_an_input_error_naming_the_valid_ones() -> None:
    with pytest.raises(InputError) as caught:
        render(fixtures.minimal_report(), "pdf")
    message = caught.value.message
    assert "\n" not in message
    assert "'pdf'" in message
    for fmt in FORMATS:
        assert fmt in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1 KiB"),
        (1536, "1.5 KiB"),
        (16749330432, "15.6 GiB"),
        (3355443, "3.2 MiB"),
        (None, ""),
        (True, ""),
        ("12", ""),
    ],
)
def test_bytes_filter(value: Any, expected: str) -> None:
    assert render_module.human_bytes(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (720, "12 min"),
        (3600, "1 h"),
        (15120, "4 h 12 min"),
        (274369, "3 d 4 h"),
        (86400, "1 d"),
        (-1, ""),
        (None, ""),
    ],
)
def test_duration_filter(value: Any, expected: str) -> None:
    assert render_module.human_duration(value) == expected


def test_time_filter() -> None:
    assert render_module.human_time("2026-11-23T09:15:00+02:00") == "2026-11-23 09:15 +02:00"
    assert render_module.human_time("2026-11-23T07:15:00+00:00") == "2026-11-23 07:15 UTC"
    assert render_module.human_time("whenever") == "whenever"


def test_templates_load_from_the_installed_package() -> None:
    root = render_module.template_root()
    assert str(root) == str(importlib.resources.files("reportkit.templates"))
    for name in ("request.txt.j2", "request.md.j2", "request.html.j2", "partials/wording.j2"):
        assert root.joinpath(*name.split("/")).is_file()
        render_module._environment().get_template(name)


def test_templates_fall_back_to_the_source_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(package: str) -> Any:
        raise ModuleNotFoundError(f"No module named {package!r}")

    monkeypatch.setattr(importlib.resources, "files", missing)
    # pretend the module runs from this checkout (in CI it is installed in site-packages)
    checkout = Path(__file__).resolve().parent.parent
    monkeypatch.setattr(render_module, "__file__", str(checkout / "reportkit" / "render.py"))
    render_module._environment.cache_clear()
    try:
        root = render_module.template_root()
        assert root == checkout / "templates"
        assert "Website does not load" in render(fixtures.minimal_report(), "text")
    finally:
        render_module._environment.cache_clear()


def test_template_names_cannot_leave_the_template_directory() -> None:
    import jinja2

    with pytest.raises(jinja2.TemplateNotFound):
        render_module._environment().get_template("../setup.cfg")


def test_importing_render_does_not_import_jinja2() -> None:
    code = "import sys, reportkit.render; sys.exit('jinja2' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_subject_of_an_unanchored_start_time_does_not_say_since_twice() -> None:
    from reportkit.model import Problem
    from reportkit.render import _since_subject

    assert _since_subject(Problem(started_at="since 9")) == "9"
    assert _since_subject(Problem(started_at="Since the update")) == "the update"
    assert _since_subject(Problem(started_at="9:00")) == "9:00"


def test_every_problem_detail_in_the_model_is_asked_for_and_rendered() -> None:
    """One list: the model's Problem fields; the interview asks each one (fields.py) and the request shows each."""
    from fixtures import sample_report

    from reportkit import fields
    from reportkit.model import PROBLEM_DETAILS, Problem

    asked = {f.key.split(".", 1)[1] for f in fields.FIELDS if f.key.startswith("problem.")}
    assert set(PROBLEM_DETAILS) | {"summary", "description"} == asked
    values = {name: f"value of {name}" for name in PROBLEM_DETAILS}
    report = dataclasses.replace(sample_report(), problem=Problem(summary="s", **values))
    text = render(report, "text")
    for value in values.values():
        assert value in text


def test_the_subject_says_since_once() -> None:
    from reportkit.model import Problem
    from reportkit.render import _since_subject

    assert _since_subject(Problem(summary="No internet since 08:00", started_at="this morning")) is None
    assert _since_subject(Problem(summary="Checkout fails from 9:00", started_at="9:00")) is None
    assert _since_subject(Problem(summary="Checkout returns 502", started_at="since 9")) == "9"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_an_internet_problem_names_its_identifiers_for_a_connection(fmt: str) -> None:
    from reportkit.model import Problem, Service

    report = dataclasses.replace(
        fixtures.sample_report(),
        service=Service(name="Home fibre", provider="Elisa", account_id="100234567"),
        problem=Problem(summary="No internet since 08:00", situation="internet"),
    )
    text = render(report, fmt)
    assert "Customer number" in text and "Internet provider" in text and "Connection" in text
    assert "Account ID" not in text.split("Automatic check")[0]
