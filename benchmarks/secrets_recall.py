"""Recall of the secret detector on the secrets corpus (tests/secrets_corpus; scoring in its score.py).

    .venv/bin/python benchmarks/secrets_recall.py [--seed 9] [--misses 25]

Runs `reportkit.secrets.scan_all` (what `redact_report` applies to a report's strings) over the fields of each
example of `tests/secrets_corpus`, and over the ordinary lines, and prints:
- recall per class, per context (sentence / line / repeat) and per kind (worst first), with the worst misses;
- partial removals (the secret cut short);
- ordinary lines changed (first 20);
- throughput.

The three fields of an example are scanned together, as the strings of one report (`reportkit.secrets.scan_all`),
so the `repeat` context measures whether a value found once is found again without its label.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportkit.redact import redact_text
from tests.secrets_corpus import Example, build
from tests.secrets_corpus.score import RULE, judge

CONTEXTS = ("sentence", "line", "repeat")


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f} %" if d else "  n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--misses", type=int, default=25, help="how many missed examples to show")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    corpus = build(args.seed)
    build_s = time.perf_counter() - t0
    examples = corpus.examples

    print(f"secrets corpus: seed {corpus.seed}, {len(examples)} examples, {len(corpus.ordinary)} ordinary lines, "
          f"{len({p.service for p in corpus.providers})} services / {len(corpus.providers)} token formats "
          f"(built in {build_s:.2f} s)")  # fmt: skip
    print(f"rule: {RULE}")
    print()

    by_class: dict[str, list[bool]] = defaultdict(list)
    by_class_nr: dict[str, list[bool]] = defaultdict(list)  # without the repeat field
    by_context: dict[str, list[bool]] = defaultdict(list)
    by_class_context: dict[tuple[str, str], list[bool]] = defaultdict(list)
    by_kind: dict[tuple[str, str], list[bool]] = defaultdict(list)
    by_syntax: dict[str, list[bool]] = defaultdict(list)
    partial: list[tuple[Example, str]] = []
    missed: list[tuple[Example, dict[str, str]]] = []
    for ex in examples:
        states = judge(ex)
        ok = all(s == "caught" for s in states.values())
        by_class[ex.cls].append(ok)
        by_class_nr[ex.cls].append(states["sentence"] == "caught" and states["line"] == "caught")
        by_kind[(ex.cls, ex.kind)].append(ok)
        for f in ex.fields:
            by_context[f.name].append(states[f.name] == "caught")
            by_class_context[(ex.cls, f.name)].append(states[f.name] == "caught")
            if f.name == "line":
                by_syntax[f.syntax if ex.cls != "password-word" else f.syntax.split(":", 1)[1]].append(
                    states[f.name] == "caught"
                )
            if states[f.name] == "partial":
                partial.append((ex, f.name))
        if not ok:
            missed.append((ex, states))

    total = [ok for v in by_class.values() for ok in v]
    total_nr = [ok for v in by_class_nr.values() for ok in v]
    print(f"{'class':<20}{'examples':>9}{'recall':>10}{'  w/o repeat':>13}{'sentence':>10}{'line':>10}{'repeat':>10}")
    for cls in sorted(by_class, key=lambda c: sum(by_class[c]) / len(by_class[c])):
        v, w = by_class[cls], by_class_nr[cls]
        ctx = "".join(f"{pct(sum(c), len(c)):>10}" for c in (by_class_context[(cls, n)] for n in CONTEXTS))
        print(f"{cls:<20}{len(v):>9}{pct(sum(v), len(v)):>10}{pct(sum(w), len(w)):>13}{ctx}")
    print(f"{'ALL':<20}{len(total):>9}{pct(sum(total), len(total)):>10}{pct(sum(total_nr), len(total_nr)):>13}")
    print()
    print("recall per context (each field on its own):")
    for name in CONTEXTS:
        v = by_context[name]
        print(f"  {name:<10}{pct(sum(v), len(v))}  ({sum(v)}/{len(v)})")
    print()
    print("line syntaxes, worst first (the line field only):")
    worst_syntax = sorted(by_syntax.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
    for syntax, v in worst_syntax[:30]:
        print(f"  {syntax:<28}{pct(sum(v), len(v))}  ({sum(v)}/{len(v)})")
    print()
    print("kinds, worst first (all three fields):")
    worst = sorted(by_kind.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
    for (cls, kind), v in worst[:40]:
        print(f"  {cls:<18}{kind:<44}{pct(sum(v), len(v))}  ({sum(v)}/{len(v)})")
    perfect = sum(1 for v in by_kind.values() if all(v))
    print(f"  … {perfect} of {len(by_kind)} kinds caught in every example")
    print()
    print(f"partial removals (secret cut short): {len(partial)} fields")
    for ex, name in partial[:15]:
        f = next(f for f in ex.fields if f.name == name)
        red, _ = redact_text(f.text)
        print(f"  [{ex.cls} {ex.kind} / {name}] {red[:150]!r}")
    print()
    print(f"missed examples (first {args.misses}):")
    for ex, states in missed[: args.misses]:
        bad = [n for n, s in states.items() if s != "caught"]
        f = next(f for f in ex.fields if f.name == bad[0])
        print(f"  [{ex.cls} {ex.kind}] {'/'.join(bad)}: {f.text[:140]!r}")
    print()

    changed = []
    for lang, line in corpus.ordinary:
        red, _ = redact_text(line)
        if red != line:
            changed.append((lang, line, red))
    print(
        f"ordinary lines changed: {len(changed)} of {len(corpus.ordinary)} ({pct(len(changed), len(corpus.ordinary))})"
    )
    for lang, line, red in changed[:20]:
        print(f"  [{lang}] {line!r}\n       -> {red!r}")
    print()

    texts = [f.text for ex in examples for f in ex.fields]
    plain = [line for _, line in corpus.ordinary]
    for label, items in (("secret fields", texts), ("ordinary lines", plain)):
        size = sum(len(t.encode()) for t in items)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for t in items:
                redact_text(t)
            best = min(best, time.perf_counter() - t0)
        print(
            f"throughput, {label}: {size / 1e6 / best:.1f} MB/s "
            f"({len(items)} strings, {size} bytes, {best * 1e3:.1f} ms)"
        )
    blob = "\n".join(texts) * 4
    t0 = time.perf_counter()
    redact_text(blob)
    dt = time.perf_counter() - t0
    print(
        f"throughput, one {len(blob.encode()) / 1e6:.1f} MB string of secret fields: "
        f"{len(blob.encode()) / 1e6 / dt:.1f} MB/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
