"""A corpus of synthetic secrets in real published shapes, and ordinary support text that must stay unchanged.

Groundwork for issue 9 (one secret detector). Not a test module: nothing here asserts anything, and importing it
builds nothing. Use:

    from tests.secrets_corpus import build
    corpus = build(seed=9)   # Corpus(examples, ordinary, providers); deterministic for a seed

`generator` makes the secrets (from `providers.tsv`, the command/file/URL/password forms), `ordinary` the
no-secret lines. `benchmarks/secrets_recall.py` measures the redaction against it.
"""

from __future__ import annotations

from tests.secrets_corpus.generator import Corpus, Example, Field, Provider, build

__all__ = ["Corpus", "Example", "Field", "Provider", "build"]
