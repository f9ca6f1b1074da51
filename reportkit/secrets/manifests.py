"""Kubernetes Secret manifests: every value under `data:` (base64) or `stringData:` is a secret, whatever its key
(`DATABASE_URL: cG9zdGdyZXM6Ly8…` has no label word, but in a Secret it is one)."""

from __future__ import annotations

import re

Hits = list[tuple[int, int, str, str]]

_KIND = re.compile(r"^[ \t]*kind:[ \t]*[\"']?Secret[\"']?[ \t]*$", re.M)
_BLOCK = re.compile(r"^([ \t]*)(?:data|stringData):[ \t]*\n", re.M)
_ENTRY = re.compile(r"([ \t]+)[\w.\-]{1,253}:[ \t]+[\"']?([^\s\"'#]{1,65536})[\"']?[ \t]*(?:#[^\n]*)?$", re.M)


def find_secret_manifests(text: str, hits: Hits) -> None:
    if "Secret" not in text or _KIND.search(text) is None:
        return
    for block in _BLOCK.finditer(text):
        outer = len(block.group(1))
        pos = block.end()
        while True:
            m = _ENTRY.match(text, pos)
            if m is None or len(m.group(1)) <= outer:
                break
            hits.append((m.start(2), m.end(2), "secret", "high"))
            pos = m.end() + 1
