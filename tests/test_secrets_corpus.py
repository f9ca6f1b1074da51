"""Issue 9's acceptance test: the secret detector against the secrets corpus (tests/secrets_corpus).

Recall over every example (all three fields of each, scanned together as one report's strings) is at least 98 %
for two seeds, and not one ordinary support-text line is changed. The per-class figures are printed (`pytest -s`)
and are in the assertion message when a threshold fails.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `tests.secrets_corpus` as the benchmark uses it

from reportkit.redact import redact_text
from tests.secrets_corpus import Corpus, build
from tests.secrets_corpus.score import judge

SEEDS = (9, 2026)
MIN_RECALL = 0.98
CONTEXTS = ("sentence", "line", "repeat")


@dataclass(frozen=True)
class Scored:
    corpus: Corpus
    by_class: dict[str, list[bool]]  # class -> per example: every occurrence in all three fields caught
    by_context: dict[tuple[str, str], list[bool]]  # (class, field name) -> per example
    misses: list[str]  # "class kind/field: text" of the examples not caught

    @property
    def caught(self) -> int:
        return sum(sum(v) for v in self.by_class.values())

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.by_class.values())

    @property
    def recall(self) -> float:
        return self.caught / self.total


@cache
def scored(seed: int) -> Scored:
    corpus = build(seed)
    by_class: dict[str, list[bool]] = defaultdict(list)
    by_context: dict[tuple[str, str], list[bool]] = defaultdict(list)
    misses: list[str] = []
    for example in corpus.examples:
        states = judge(example)
        ok = all(state == "caught" for state in states.values())
        by_class[example.cls].append(ok)
        for name, state in states.items():
            by_context[(example.cls, name)].append(state == "caught")
        if not ok:
            bad = [name for name, state in states.items() if state != "caught"]
            text = next(f.text for f in example.fields if f.name == bad[0])
            misses.append(f"{example.cls} {example.kind} [{'/'.join(bad)}]: {text[:120]!r}")
    return Scored(corpus, dict(by_class), dict(by_context), misses)


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f} %" if whole else "  n/a  "


def table(s: Scored) -> str:
    """Per class: examples, recall, and each context on its own, as benchmarks/secrets_recall.py prints them."""
    lines = [
        f"secrets corpus, seed {s.corpus.seed}: {s.total} examples, {len(s.corpus.ordinary)} ordinary lines",
        f"{'class':<20}{'examples':>9}{'recall':>10}" + "".join(f"{c:>10}" for c in CONTEXTS),
    ]
    for cls in sorted(s.by_class, key=lambda c: (sum(s.by_class[c]) / len(s.by_class[c]), c)):
        v = s.by_class[cls]
        ctx = "".join(f"{pct(sum(c), len(c)):>10}" for c in (s.by_context.get((cls, n), []) for n in CONTEXTS))
        lines.append(f"{cls:<20}{len(v):>9}{pct(sum(v), len(v)):>10}{ctx}")
    lines.append(f"{'ALL':<20}{s.total:>9}{pct(s.caught, s.total):>10}")
    if s.misses:
        lines.append(f"missed or cut short ({len(s.misses)}, first 15):")
        lines.extend(f"  {m}" for m in s.misses[:15])
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_corpus_is_the_size_the_issue_asks_for(seed: int) -> None:
    s = scored(seed)
    assert s.total >= 1000
    assert len(s.corpus.ordinary) >= 500
    assert {lang for lang, _ in s.corpus.ordinary} >= {"en", "fi", "hu", "tr", "ru"}
    for example in s.corpus.examples:  # each secret in at least three syntaxes, every occurrence recorded
        assert [f.name for f in example.fields] == list(CONTEXTS), example.id
        assert all(f.spans for f in example.fields), example.id


@pytest.mark.parametrize("seed", SEEDS)
def test_recall_is_at_least_98_percent(seed: int) -> None:
    s = scored(seed)
    report = table(s)
    print("\n" + report)
    assert s.recall >= MIN_RECALL, f"recall {100 * s.recall:.1f} % < {100 * MIN_RECALL:.0f} %\n{report}"


@pytest.mark.parametrize("seed", SEEDS)
def test_no_ordinary_line_is_changed(seed: int) -> None:
    corpus = scored(seed).corpus
    changed = []
    for lang, line in corpus.ordinary:
        out = redact_text(line)[0]
        if out != line:
            changed.append(f"  [{lang}] {line!r}\n    -> {out!r}")
    print(f"\nseed {seed}: {len(changed)} of {len(corpus.ordinary)} ordinary lines changed")
    assert not changed, f"{len(changed)} ordinary lines changed:\n" + "\n".join(changed[:20])


def test_the_scoring_can_fail() -> None:
    """The judge is not vacuous: a field whose secret is left in place is 'missed', one cut short 'partial'."""
    from tests.secrets_corpus.score import occurrence_state

    assert occurrence_state([], 10, 50) == "missed"
    assert occurrence_state([(10, 30)], 10, 50) == "partial"
    assert occurrence_state([(10, 46)], 10, 50) == "caught"  # 4 of 40 characters may stay (a public prefix)
    assert occurrence_state([(10, 45)], 10, 50) == "partial"
