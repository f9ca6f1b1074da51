"""The provider token table `reportkit/secrets/providers.tsv`: its columns, the regex subset its bodies keep to (so
the scan stays linear), its synthetic examples, the published checksums, ambiguity between services, and ordinary
support text that no prefixed row may match.

The table is read here with `str.split`; the detector is not imported (the table is data and is tested as data).
"""

from __future__ import annotations

import binascii
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

try:  # Python >= 3.11
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # Python 3.10
    import sre_parse  # type: ignore[no-redef]

TABLE = Path(__file__).resolve().parent.parent / "reportkit" / "secrets" / "providers.tsv"
HEADER = ["service", "kind", "prefix", "body", "label", "checksum", "example", "source"]
KIND = re.compile(r"[a-z][a-z0-9-]{1,19}")
LABEL_WORD = re.compile(r"[a-z0-9][a-z0-9_\-]*")
SOURCE = re.compile(r"(?:gitleaks|trufflehog|credsweeper):\S.*|doc:https://\S+")
BOUNDARY_BEFORE = r"(?<![A-Za-z0-9])"
BOUNDARY_AFTER = r"(?![A-Za-z0-9])"
MAX_BOUND = 4096


@dataclass(frozen=True)
class Row:
    line: int
    service: str
    kind: str
    prefix: str
    body: str
    label: str
    checksum: str
    example: str
    source: str

    @property
    def prefixed(self) -> bool:
        return self.prefix != "-"

    @property
    def labels(self) -> tuple[str, ...]:
        return () if self.label == "-" else tuple(self.label.split("|"))

    @property
    def pattern(self) -> str:
        return (re.escape(self.prefix) if self.prefixed else "") + self.body

    def __str__(self) -> str:
        return f"line {self.line} ({self.service} {self.prefix!r})"


@cache
def table() -> tuple[list[str], tuple[str, ...], tuple[Row, ...]]:
    """(header, comment lines, rows)."""
    header: list[str] = []
    comments: list[str] = []
    rows: list[Row] = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            comments.append(line)
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if not header:
            header = cells
            continue
        assert len(cells) == len(HEADER), f"line {number}: {len(cells)} columns, not {len(HEADER)}"
        rows.append(Row(number, *cells))
    return header, tuple(comments), tuple(rows)


def rows() -> tuple[Row, ...]:
    return table()[2]


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def ids(row: Row) -> str:
    return f"{row.line}-{row.prefix if row.prefixed else row.label.split('|')[0]}"


# -- shape of the table ------------------------------------------------------------------------------------------------


def test_header_columns_and_no_empty_cells() -> None:
    header, _, all_rows = table()
    assert header == HEADER
    assert len(all_rows) >= 250
    for row in all_rows:
        for name in HEADER:
            value = getattr(row, name)
            assert value and value == value.strip(), f"{row}: empty or padded {name}"


def test_at_least_170_services() -> None:
    services = {row.service for row in rows()}
    assert len(services) >= 170, len(services)


def test_kinds_are_marker_names_and_belong_to_one_service() -> None:
    owner: dict[str, str] = {}
    for row in rows():
        assert KIND.fullmatch(row.kind), f"{row}: kind {row.kind!r}"
        assert owner.setdefault(row.kind, row.service) == row.service, f"{row}: kind {row.kind} is {owner[row.kind]}'s"


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("AKIA", "aws-key"),
        ("ASIA", "aws-key"),
        ("ghp_", "github-token"),
        ("github_pat_", "github-token"),
        ("glpat-", "gitlab-token"),
        ("GR1348941", "gitlab-token"),
        ("xoxb-", "slack-token"),
        ("xapp-", "slack-token"),
        ("sk_live_", "stripe-key"),
        ("whsec_", "stripe-key"),
        ("AIza", "google-api-key"),
        ("sk-proj-", "openai-key"),
        ("sk-", "openai-key"),
        ("eyJ", "jwt"),
    ],
)
def test_existing_kinds_are_kept(prefix: str, kind: str) -> None:
    kinds = {row.kind for row in rows() if row.prefix == prefix}
    assert kind in kinds


def test_existing_prefixless_kinds_are_kept() -> None:
    by_kind = {row.kind: row for row in rows() if not row.prefixed}
    assert "aws" in by_kind["aws-secret"].labels
    assert {"client", "secret", "azure"} <= set(by_kind["azure-key"].labels) | {
        w for r in rows() if r.kind == "azure-key" for w in r.labels
    }


def test_prefixes_are_literal_and_prefixless_rows_have_labels() -> None:
    for row in rows():
        if row.prefixed:
            assert len(row.prefix) >= 2 and row.prefix.isascii() and row.prefix.isprintable(), str(row)
            assert " " not in row.prefix and row.prefix[0].isascii(), str(row)
            assert row.label == "-" or all(LABEL_WORD.fullmatch(w) for w in row.labels), str(row)
        else:
            assert row.labels, f"{row}: a row without a prefix needs label words"
            for word in row.labels:
                assert LABEL_WORD.fullmatch(word), f"{row}: label word {word!r}"


def test_sources_name_a_rule_set_or_a_page() -> None:
    for row in rows():
        for item in row.source.split(";"):
            assert SOURCE.fullmatch(item), f"{row}: source {item!r}"


# -- the regex subset --------------------------------------------------------------------------------------------------


def _has_repeat(items: object) -> bool:
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            return True
        if name == "SUBPATTERN" and _has_repeat(av[3]):
            return True
    return False


def _walk(items: object, problems: list[str]) -> None:
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name == "LITERAL":
            if av > 127:
                problems.append("non-ASCII literal")
        elif name == "IN":
            for item_op, item_av in av:
                item = str(item_op)
                if item == "CATEGORY":
                    problems.append(r"\d \w \s are Unicode classes: write the ASCII class out")
                elif item == "RANGE" and item_av[1] > 127:
                    problems.append("non-ASCII range")
        elif name == "MAX_REPEAT":
            _low, high, sub = av
            if high == sre_parse.MAXREPEAT:
                problems.append("unbounded quantifier (*, + or {n,})")
            elif high > MAX_BOUND:
                problems.append(f"bound {high} > {MAX_BOUND}")
            if _has_repeat(sub):
                problems.append("a quantified group contains a quantifier")
            _walk(sub, problems)
        elif name == "MIN_REPEAT":
            problems.append("lazy quantifier")
        elif name == "SUBPATTERN":
            group, add_flags, del_flags, sub = av
            if group is not None:
                problems.append("capturing group")
            if add_flags or del_flags:
                problems.append("inline flags")
            _walk(sub, problems)
        elif name == "ANY":
            problems.append("'.' (any character)")
        elif name == "BRANCH":
            problems.append("alternation (write one row per variant)")
        elif name in ("ASSERT", "ASSERT_NOT"):
            problems.append("lookaround")
        elif name.startswith("GROUPREF"):
            problems.append("back reference")
        elif name == "AT":
            problems.append("anchor")
        else:
            problems.append(f"{name} is outside the subset")


def subset_violations(body: str) -> list[str]:
    """Why `body` is outside the linear subset (empty: inside)."""
    if not body:
        return ["empty body"]
    if re.search(r"\(\?(?!:)", body):
        return ["only (?:...) groups: no flags, lookarounds or named groups"]
    try:
        tree = sre_parse.parse(body)
    except re.error as exc:
        return [f"does not compile: {exc}"]
    problems: list[str] = []
    _walk(tree, problems)
    return problems


@pytest.mark.parametrize(
    "body",
    [
        "[a-z]*",
        "[a-z]+",
        "[a-z]{3,}",
        "a.b",
        "([a-z]{3})",
        "(?=a)[a-z]{3}",
        "(?<!x)a",
        "(?:[a-z]{2}){3}",
        "(?:ab|cd)",
        r"(a)\1",
        "^[a-z]{3}",
        "[a-z]{1,5000}",
        "[a-z]{1,9}?",
        "(?i)[a-z]{3}",
        r"\w{8}",
        "",
        "[a-z",
    ],
)
def test_subset_checker_rejects(body: str) -> None:
    assert subset_violations(body)


@pytest.mark.parametrize("body", [r"[a-z0-9]{32}", r"(?:-[0-9])?", r"[A-Za-z0-9_\-]{20,255}\.[0-9a-z]{9}", r"={0,2}"])
def test_subset_checker_accepts(body: str) -> None:
    assert subset_violations(body) == []


@pytest.mark.parametrize("row", rows(), ids=ids)
def test_body_is_in_the_linear_subset(row: Row) -> None:
    assert subset_violations(row.body) == [], str(row)
    compiled(row.pattern)


# -- examples ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", rows(), ids=ids)
def test_example_has_the_rows_shape(row: Row) -> None:
    assert compiled(row.pattern).fullmatch(row.example), str(row)
    if row.prefixed:
        assert row.example.startswith(row.prefix)


@pytest.mark.parametrize("row", [r for r in rows() if r.prefixed], ids=ids)
def test_prefixed_example_is_found_whole_in_a_sentence(row: Row) -> None:
    rx = compiled(BOUNDARY_BEFORE + row.pattern + BOUNDARY_AFTER)
    text = f"The {row.service} token {row.example} stopped working"
    m = rx.search(text)
    assert m is not None and m.group() == row.example, str(row)


def test_examples_are_distinct() -> None:
    seen: dict[str, Row] = {}
    for row in rows():
        assert row.example not in seen, f"{row} repeats the example of {seen[row.example]}"
        seen[row.example] = row


def _labels_meet(a: Row, b: Row) -> bool:
    return any(x in y or y in x for x in a.labels for y in b.labels)


def test_no_example_fits_another_services_row() -> None:
    """A prefixed row matches anywhere, so no other service's example may fit it; a label-bound row applies only after
    one of its words, so it clashes only with label-bound rows whose words meet it. (A prefixed token that also has
    the plain shape of some label-bound row, e.g. AKIA… and Looker's 20 letters and digits, is named by its prefix:
    the label row needs "looker" in front of it.)"""
    clashes = []
    for a in rows():
        for b in rows():
            if a.service == b.service:
                continue
            if not b.prefixed and (a.prefixed or not _labels_meet(a, b)):
                continue
            if compiled(b.pattern).fullmatch(a.example):
                clashes.append(f"{a} example fits {b}")
    assert clashes == []


# -- checksums ---------------------------------------------------------------------------------------------------------

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _base62_value(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 62 + BASE62.index(ch)
    return n


def github_crc32_ok(token: str, prefix: str) -> bool:
    """CredSweeper value_github_check.py: CRC-32 of the part between the prefix and the last 6 == base62(last 6)."""
    rest = token[len(prefix) :]
    if len(rest) != 36 or any(ch not in BASE62 for ch in rest):
        return False
    return binascii.crc32(rest[:-6].encode("ascii")) == _base62_value(rest[-6:])


def atlassian_crc32_ok(token: str, prefix: str) -> bool:
    """CredSweeper value_atlassian_token_check.py: the last 8 hex digits are the CRC-32 of everything before them."""
    try:
        return int(token[-8:], 16) == binascii.crc32(token[:-8].encode("ascii"))
    except ValueError:
        return False


def grafana_crc32_ok(token: str, prefix: str) -> bool:
    """CredSweeper value_grafana_service_check.py: glsa_<32>_<8 hex>, the hex is the little-endian CRC-32 of the 37."""
    try:
        return struct.unpack("<I", bytes.fromhex(token[38:]))[0] == binascii.crc32(token[:37].encode("ascii"))
    except (ValueError, struct.error):
        return False


CHECKS: dict[str, Callable[[str, str], bool]] = {
    "github-crc32": github_crc32_ok,
    "atlassian-crc32": atlassian_crc32_ok,
    "grafana-crc32": grafana_crc32_ok,
}


def _corrupt(token: str, at: int) -> str:
    """The same token with one character of the random part changed to another of the same kind."""
    ch = token[at]
    for pool in ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        if ch in pool:
            return token[:at] + pool[(pool.index(ch) + 1) % len(pool)] + token[at + 1 :]
    raise AssertionError(f"no letter or digit at {at} in {token!r}")


def test_checksum_names_are_known_and_documented() -> None:
    comments = "\n".join(table()[1])
    for row in rows():
        if row.checksum != "-":
            assert row.checksum in CHECKS, f"{row}: unknown checksum {row.checksum}"
            assert re.search(rf"^#\s+{re.escape(row.checksum)}\s", comments, re.M), f"{row.checksum} undocumented"


def test_github_style_checksums_cover_github_and_npm() -> None:
    with_check = {row.prefix for row in rows() if row.checksum == "github-crc32"}
    assert with_check == {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"}


@pytest.mark.parametrize("row", [r for r in rows() if r.checksum != "-"], ids=ids)
def test_checksummed_example_is_valid_and_a_corrupted_one_is_not(row: Row) -> None:
    check = CHECKS[row.checksum]
    assert check(row.example, row.prefix), str(row)
    at = len(row.prefix) + 2  # inside the random part of every checksummed format
    broken = _corrupt(row.example, at)
    assert compiled(row.pattern).fullmatch(broken), "the corrupted token keeps the shape: only the checksum tells"
    assert not check(broken, row.prefix), str(row)


def test_checksum_checks_can_fail() -> None:
    assert not github_crc32_ok("ghp_" + "A" * 36, "ghp_")
    assert not atlassian_crc32_ok("ATBB" + "a" * 24 + "00000000", "ATBB")
    assert not grafana_crc32_ok("glsa_" + "a" * 32 + "_00000000", "glsa_")


# -- coverage the product and the issue require ------------------------------------------------------------------------

REQUIRED_PREFIXES = [
    # reportkit/redact/patterns.py before the detector
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "AGPA",
    "AIDA",
    "AIPA",
    "ANPA",
    "ANVA",
    "AROA",
    "APKA",
    "ASCA",
    "AIza",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glrt-",
    "glptt-",
    "glcbt-",
    "glimt-",
    "glft-",
    "glsoat-",
    "glagent-",
    "gloas-",
    "GR1348941",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xoxe-",
    "xapp-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "whsec_",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk-",
    "sk-ant-api03-",
    "sk-ant-admin01-",
    "npm_",
    "pypi-AgEIcHlwaS5vcmc",
    "hf_",
    "GOCSPX-",
    "dop_v1_",
    "eyJ",
    # issue 9 and the brief
    "doo_v1_",
    "dor_v1_",
    "HRKU-",
    "sgp_",
    "ntn_",
    "SG.",
    "sntrys_",
    "sntryu_",
    "ATATT3",
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
    "SK",
    "AC",
    "xkeysib-",
    "hvs.",
    "hvb.",
    "hvr.",
    "glc_",
    "glsa_",
    "dp.pt.",
    "dapi",
    "dt0c01.",
    "lin_api_",
    "secret_",
    "PMAK-",
    "pul-",
    "pscale_tkn_",
    "pnu_",
    "pplx-",
    "gsk_",
    "r8_",
    "rdme_",
    "rubygems_",
    "sbp_",
    "tskey-",
    "tfp_",
    "AGE-SECRET-KEY-1",
    "A3-",
    "ops_",
    "p8e-",
    "pat",
    "LTAI",
    "AKCp",
    "cmVmd",
    "CLOJARS_",
    "CFPAT-",
    "dnkey-",
    "sl.",
    "duffel_live_",
    "EZAK",
    "EAA",
    "FLWSECK-",
    "fio-u-",
    "pat.",
    "pat-na1-",
    "ico-",
    "sk.",
    "pk.",
    "NRAK-",
    "NRJS-",
    "NRII-",
    "sha256~",
    "pcsk_",
    "tk-us-",
    "sm_pat_",
    "sm_aat_",
    "sm_sat_",
    "shippo_live_",
    "shippo_test_",
    "sq0atp-",
    "sq0csp-",
    "EAAA",
]


def test_required_prefixes_are_present() -> None:
    present = {row.prefix for row in rows()}
    missing = [p for p in REQUIRED_PREFIXES if p not in present]
    assert missing == []


@pytest.mark.parametrize(
    ("service", "value"),
    [
        ("Telegram", "123456789:A" + "b" * 34),
        ("Azure", "Ab1" + "8Q~" + "c" * 34),
        ("Mailchimp", "0123456789abcdef0123456789abcdef-us12"),
        ("HashiCorp Terraform Cloud", "abcdefghijklmn.atlasv1." + "x" * 67),
    ],
)
def test_prefixless_formats_are_present(service: str, value: str) -> None:
    assert any(r.service == service and not r.prefixed and compiled(r.body).fullmatch(value) for r in rows())


# -- ordinary support text ---------------------------------------------------------------------------------------------

ORDINARY = [
    "v2.3.1",
    "1.0.0-beta.2",
    "v1.0-rc1",
    "v1.0-beta",
    "release-2024.05",
    "python3.11",
    "2024-05-02",
    "2024-05-02T10:11:12Z",
    "02.05.2024 12:30:45",
    "3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b",
    "request api-3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b failed",
    "4b1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
    "4b1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d",
    "commit a3f9c2e on main",
    "2023-06-cat-xoxo-indieweb-1.jpg",
    "IMG_20240502_101112.jpg",
    "report-final-v2.pdf",
    "S3 object key: uploads/2024/05/invoice-0001.pdf",
    "bucket_key: SalesResults-1.2",
    "sk-learn-tutorial.ipynb",
    "I use sk-learn and pandas",
    "keyboard",
    "AKIA",
    "ASIA Pacific region",
    "hf_model_name",
    "SG.2024",
    "pat-on-the-back",
    "pattern",
    "secret_santa_list.xlsx",
    "glpat-",
    "ghp_",
    "xoxb-",
    "npm_config_registry=https://registry.npmjs.org/",
    "key-value store",
    "pubkey-auth failed",
    "re_run_tests",
    "sk_live",
    "api_org_chart",
    "EAA meeting notes",
    "dapi-docs",
    "sha256~abc",
    "AC/DC",
    "SKU-12345",
    "API-GATEWAY-TIMEOUT",
    "access-production-server",
    "sl.no",
    "pk.example.com",
    "sc_status.log",
    "ext_modules",
    "ico-font.woff2",
    "https://api.github.com/repos/acme/app",
    "gitlab.example.com",
    "my-server.local:8000",
    "https://host:8000/@x",
    "login.microsoftonline.com",
    "Printer says PC LOAD LETTER",
    "Error 0x80070005: access denied",
    "ERR_CONNECTION_RESET",
    "HTTP/1.1 401 Unauthorized",
    "MAC 00:1A:2B:3C:4D:5E, IP 192.168.1.254",
    "Order ORD-2024-000123, ticket #48213",
    "aGVsbG8gd29ybGQ=",
    "ANTIDISESTABLISHMENTARIANISM",
    "Password: (I did not change it)",
    "= var.db_password",
    "${DB_PASS}",
    "<your-token>",
    "Salasanani vaihtui eilen, mutta sovellus kysyy sitä yhä.",
    "Пароль не подходит после обновления.",
    "A jelszavam nem működik a frissítés óta.",
    "Şifrem güncellemeden sonra çalışmıyor.",
]


@cache
def _bounded(row: Row) -> re.Pattern[str]:
    return re.compile(BOUNDARY_BEFORE + row.pattern + BOUNDARY_AFTER)


def test_ordinary_text_matches_no_prefixed_row() -> None:
    assert len(ORDINARY) >= 60
    hits = []
    for text in ORDINARY:
        for row in rows():
            if row.prefixed:
                m = _bounded(row).search(text)
                if m is not None:
                    hits.append(f"{text!r}: {row} matched {m.group()!r}")
    assert hits == []


def test_a_word_that_merely_contains_a_prefix_is_not_a_token() -> None:
    slack = [r for r in rows() if r.prefix == "xoxo-"]
    assert slack
    for row in slack:
        assert _bounded(row).search("2023-06-cat-xoxo-indieweb-1.jpg") is None
        assert _bounded(row).search("x" + row.example) is None  # glued to a letter in front
        assert _bounded(row).search(row.example + "z") is None  # glued to a letter behind
