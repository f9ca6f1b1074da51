"""The follow-up message `reportkit verify` writes to support, in each of the five languages: fixed ("ticket … can
be closed") and still failing (the checks, in the request's language). Golden files in tests/golden/followup/;
after the catalogs or templates/followup.txt.j2 change, regenerate and review:

    REPORTKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_followup.py
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_triage import SETTINGS, app_refused, compose, healthy, http_503, resolver_silent

from reportkit import triage, verify
from reportkit.history import Ticket
from reportkit.triage import compare

LANGUAGES = ("en", "fi", "hu", "tr", "ru")
GOLDEN = Path(__file__).parent / "golden" / "followup"
BEFORE_AT = "2026-12-01T09:15:00+02:00"
AT = datetime.fromisoformat("2026-12-01T14:20:00+02:00")


def probes(*mutators: Any) -> dict[str, Any]:
    data = healthy()
    compose(*mutators)(data)
    return data


def result(language: str, after: dict[str, Any], tickets: int = 1) -> verify.Result:
    baseline = verify.Baseline(
        plan={"host": "203.0.113.10"},
        probes=probes(app_refused),
        request_id="RK-7Q2M",
        tickets=tuple(Ticket("RK-7Q2M", n, "Example Cloud", BEFORE_AT) for n in ("CLOUD-771", "CLOUD-775")[:tickets]),
        language=language,
        summary="Checkout returns HTTP 502",
        service="Shop",
        reporter="Anna Virtanen",
        created_at=BEFORE_AT,
        recipient="Example Cloud <support@cloud.example>",
    )
    found = verify.outcome(baseline, after, triage.decide(after, None, SETTINGS), AT)
    return verify.Result(**{**found.__dict__, "recovered_at": "2026-12-01T14:05:00+02:00"})


CASES = {
    "fixed": lambda lang: result(lang, probes()),
    "still": lambda lang: result(lang, probes(app_refused, resolver_silent), tickets=2),
    "untracked": lambda lang: result(lang, probes(http_503), tickets=0),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_golden(language: str, case: str) -> None:
    out = verify.render_followup(CASES[case](language))
    path = GOLDEN / f"{language}-{case}.txt"
    if os.environ.get("REPORTKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with REPORTKIT_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then regenerate"


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_says_the_facts_in_every_language(language: str) -> None:
    fixed = verify.render_followup(CASES["fixed"](language))
    still = verify.render_followup(CASES["still"](language))
    for text in (fixed, still):
        assert not re.search(r"%\(|\{[a-z_]+\}|\(\)", text), text  # every placeholder filled
        assert "RK-7Q2M" in text and "Anna Virtanen" in text and "<support@cloud.example>" in text
    assert "CLOUD-771" in fixed and re.search(r"14[.:]05", fixed), fixed  # since when it answers again
    assert "CLOUD-771" in still and "CLOUD-775" in still
    assert "127.0.0.1" not in still and "203.0.113.10:443" in still  # the check that still fails, by target
    if language != "en":  # the checks and states in the request's language, not in English
        assert "still failing" not in still and "the service's ports" not in still and "fails" not in still
        assert "can be closed" not in fixed


def test_fixed_and_still_failing_follow_the_changes() -> None:
    fixed = CASES["fixed"]("en")
    assert fixed.fixed and {c.change for c in fixed.changes if c.group == "service-tcp"} == {"fixed"}
    still = CASES["still"]("en")
    assert not still.fixed
    assert {c.group for c in still.changes if c.change == "still-failing"} == {
        "service-tcp",
        "service-http",
        "service-tls",
    }
    assert {c.group for c in still.changes if c.change == "newly-failing"} >= {"resolver"}
    assert compare.tally(still.changes)["newly-failing"] >= 1


def test_recovered_since_is_the_start_of_the_last_passing_stretch() -> None:
    from reportkit.history import Round

    rounds = [Round(f"2026-12-01T14:0{i}:00+02:00", ok) for i, ok in enumerate([False, True, False, True, True])]
    assert verify.recovered_since(rounds, "2026-12-01T14:09:00+02:00") == "2026-12-01T14:03:00+02:00"
    assert verify.recovered_since(rounds[:3], "2026-12-01T14:09:00+02:00") == "2026-12-01T14:09:00+02:00"
