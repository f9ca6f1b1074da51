"""The published checksums in providers.tsv are checked (GitHub/npm, Atlassian/Bitbucket, Grafana): a token with
its checksum is a high-confidence finding; the same shape with the checksum broken is still removed, with medium
confidence (a mistyped or made-up token is still better gone)."""

from __future__ import annotations

import pytest

from reportkit.secrets import scan
from reportkit.secrets.providers import TABLE, checksum_ok


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


CHECKED = [r for r in _rows() if r["checksum"] != "-"]


def _broken(row: dict[str, str]) -> str:
    example, at = row["example"], len(row["prefix"]) + 1
    return example[:at] + ("B" if example[at] == "A" else "A") + example[at + 1 :]


def test_every_named_checksum_is_implemented() -> None:
    assert {r["checksum"] for r in CHECKED} == {"github-crc32", "atlassian-crc32", "grafana-crc32"}


@pytest.mark.parametrize("row", CHECKED, ids=[f"{r['service']}-{r['prefix']}" for r in CHECKED])
def test_a_checksum_decides_the_confidence(row: dict[str, str]) -> None:
    assert checksum_ok(row["checksum"], row["example"], len(row["prefix"]))
    assert not checksum_ok(row["checksum"], _broken(row), len(row["prefix"]))
    (good,) = scan(f"see {row['example']} here")
    (bad,) = scan(f"see {_broken(row)} here")
    assert (good.confidence, bad.confidence) == ("high", "medium")
    assert good.kind == bad.kind == row["kind"]
