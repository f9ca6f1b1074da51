"""Redact a whole Report: every string in every field, nested diagnostics data included.

A stored message (`reportkit.messages.Said`: verdict texts, section reasons, notes, warnings) is not one string here:
only its data (each argument's text, in nested messages and lists too) is scanned and replaced, and it stays a
message with the same catalog context, its English re-filled from its template (`messages.remap`). Its wording
and context are never scanned (they are the program's words, and in another language they differ).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from reportkit import messages
from reportkit.messages import Joined, Said
from reportkit.model import Meta, Report
from reportkit.redact.tables import MESSAGES
from reportkit.redact.text import MARK, apply
from reportkit.secrets import Finding, context, scan_all
from reportkit.secrets.values import looks_random


@dataclass(frozen=True)
class Removed:
    """One secret taken out: where it was, what kind, and a preview that does not give it away."""

    field: str  # e.g. "problem.description", "diagnostics.sections[1].data.proxies.https_proxy"
    kind: str
    preview: str  # "hu…(7 chars)": the first two characters only when the secret has at least 8
    # the value itself, in memory only (so the preview can keep a finding the user marks "not a secret"); never
    # written, printed or compared
    value: str = dataclasses.field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class RedactionSummary:
    counts: dict[str, int]  # this run's findings per kind (places)
    removed: tuple[Removed, ...]
    distinct: int = 0  # how many different secrets those places held

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def preview(secret: str) -> str:
    """First two characters (only of a secret of 8 or more) and the length; printable whatever the input. A message
    ("redact.preview"; `messages.say` words it, e.g. the length's unit)."""
    head = secret[:2] if len(secret) >= 8 else ""
    head = head.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    head = "".join(c if c.isprintable() else "?" for c in head)
    return messages.make("redact.preview", MESSAGES["preview"], head=head, count=len(secret))


# A dict key that names a secret makes its whole value one ("password": "hunter2", "apiKey": "…"): the detector's
# own label words decide (reportkit.secrets.context.key_kind), so keys and text never disagree.
key_kind = context.key_kind


class _Walker:
    """Walks every string of a report twice in the same order: first to collect them (`plan is None`), then to put
    the redacted texts back, so that a value found in one field is removed from every other field too.

    A message contributes the texts of its data (`messages.remap` visits them in the same order both times), plus
    its English as a whole only where it has no template to be re-filled from (a hand-built message): a secret
    found there and in its data is counted once, as the place is one."""

    def __init__(self, plan: list[tuple[str, list[tuple[str, str]]]] | None = None) -> None:
        self.plan = plan
        self.texts: list[str] = []
        self.whole_kinds: list[str | None] = []
        self.paths: list[str] = []
        self.i = 0
        self.counts: Counter[str] = Counter()
        self.removed: list[Removed] = []

    def _next(
        self, value: str, path: str, whole: str | None = None, counted: Callable[[str, str], bool] | None = None
    ) -> str:
        if self.plan is None:
            self.texts.append(value)
            self.whole_kinds.append(whole)
            self.paths.append(path)
            return value
        new, found = self.plan[self.i]
        self.i += 1
        self.paths.append(path)
        for kind, secret in found:
            if counted is None or counted(kind, secret):
                self.counts[kind] += 1
                self.removed.append(Removed(path, kind, preview(secret), secret))
        return new

    def text(self, value: str, path: str) -> str:
        if isinstance(value, Said | Joined):
            return self.message(value, path)
        return self._next(value, path)

    def message(self, value: Said | Joined, path: str, kind: str | None = None) -> str:
        """A message with its data redacted (`kind`: under a secret-naming key, each piece of data goes whole); the
        same object when nothing in it changed."""
        plain = plain_data(value)
        order = _data_or_wording(plain)
        counted: set[tuple[str, str]] = set()
        changed = False

        def change(piece: str) -> str:
            nonlocal changed
            is_data = next(order, True)

            def count(found_kind: str, secret: str) -> bool:
                first = (found_kind, secret) not in counted
                counted.add((found_kind, secret))
                return is_data or first

            new = self.string(piece, path, kind, count)
            changed = changed or new != piece
            return new

        redacted = messages.remap(plain, change)
        return redacted if changed else value

    def string(self, value: str, path: str, kind: str | None, counted: Callable[[str, str], bool] | None = None) -> str:
        """One text; under a secret-naming key (`kind`) all of it goes, if there is anything to hide."""
        if kind is None:
            return self._next(value, path, None, counted)
        if not value.strip() or value.startswith(MARK) or all(c in "*•●·" for c in value):
            return value
        if kind not in ("password", "pin") and not looks_random(value.strip(), min_len=8):
            return self._next(value, path, None, counted)
        return self._next(value, path, kind, counted)

    def whole(self, value: Any, kind: str, path: str) -> Any:
        """A value under a secret-naming key: all of it goes, if there is anything to hide."""
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float):
            if kind not in ("password", "pin"):
                return value
            new = self._next(str(value), path, kind)
            return value if new == str(value) else new
        if isinstance(value, Said | Joined):
            return self.message(value, path, kind)
        if isinstance(value, str):
            return self.string(value, path, kind)
        return self.any(value, path)

    def any(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            return self.text(value, path)
        if isinstance(value, tuple | list):
            items = [self.any(v, f"{path}[{i}]") for i, v in enumerate(value)]
            return tuple(items) if isinstance(value, tuple) else items
        if isinstance(value, dict):
            return self.mapping(value, path)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.dataclass(value, path)
        return value

    def mapping(self, value: dict[Any, Any], path: str) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new_key = self.text(key, f"{path}(a key)" if path else "(a key)") if isinstance(key, str) else key
            while new_key in out:  # two keys redacted to the same text: keep both
                new_key = f"{new_key} (2)"
            # the place is named after the key as it leaves (a key can hold a secret: "https://anna:pw@proxy")
            named = new_key if self.plan is not None else "…"
            where = f"{path}.{named}" if path else str(named)
            kind = key_kind(key) if isinstance(key, str) else None
            out[new_key] = self.whole(item, kind, where) if kind else self.any(item, where)
        return out

    def dataclass(self, value: Any, path: str) -> Any:
        changes = {}
        for f in dataclasses.fields(value):
            if isinstance(value, Meta) and f.name == "redactions":
                continue
            old = getattr(value, f.name)
            new = self.any(old, f"{path}.{f.name}" if path else f.name)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value


def plain_data(value: Any) -> Any:
    """`value` with every argument in shapes `messages.remap` reaches: a list or tuple as a `Joined` list (as the
    report stores it), anything else that is not plain data as its text (as the report stores it too). The same
    object when it has nothing to change."""
    if isinstance(value, Said):
        fields = {k: plain_data(v) for k, v in value.fields.items()}
        if all(fields[k] is v for k, v in value.fields.items()):
            return value
        return Said(value.key, str(value), fields, value.context)
    if isinstance(value, Joined):
        items = [plain_data(i) for i in value.items]
        return value if all(a is b for a, b in zip(items, value.items, strict=True)) else Joined(items, value.style)
    if isinstance(value, list | tuple):
        return Joined([plain_data(i) for i in value])
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _data_or_wording(value: Any) -> Iterator[bool]:
    """For each text `messages.remap` hands over, in its order: True for a piece of data, False for a message's
    English as a whole (no template to re-fill it from, or one its arguments do not fit)."""
    if isinstance(value, Said):
        for item in value.fields.values():
            yield from _data_or_wording(item)
        found = messages.template(value.context)
        try:
            fits = found is not None and isinstance(messages.fill(found, value.fields), str)
        except (KeyError, IndexError, ValueError):
            fits = False
        if not fits:
            yield False
    elif isinstance(value, Joined):
        for item in value.items:
            yield from _data_or_wording(item)
    elif isinstance(value, messages.Num | messages.Pct):
        return
    elif isinstance(value, str):
        yield True


def redact_report(
    report: Report, allow: Collection[str] = (), also: Mapping[str, str] | None = None
) -> tuple[Report, RedactionSummary]:
    """A copy of `report` without secrets, and what was taken out.

    Every string is scanned: all dataclass fields, tuples, dict keys and values at any depth (diagnostics data,
    error texts, attachment names and captions, verdict texts). A dict value under a key that names a secret
    ("password", "apiKey", "client_secret") goes as a whole. Meta.redactions becomes the earlier counts plus
    this run's; running it again on its own output finds nothing more.

    A value a finding found in one string is removed from every other string too. `allow` holds values the user
    marked "not a secret": they stay wherever they are, and Meta.not_secrets records each such place (kind and field,
    never the value). `also` (value → kind) are secrets found elsewhere (read in a screenshot): removed wherever
    they stand.
    """
    collect = _Walker()
    collect.dataclass(report, "")
    findings = scan_all(collect.texts, collect.whole_kinds, also or {})
    kept: list[tuple[int, str]] = []  # (index of the text, kind) of each finding the user kept
    if allow:
        findings = [
            _allowed(t, f, allow, i, kept) for i, (t, f) in enumerate(zip(collect.texts, findings, strict=True))
        ]
    plan = [apply(text, found) for text, found in zip(collect.texts, findings, strict=True)]
    walker = _Walker(plan)
    redacted: Report = walker.dataclass(report, "")
    counts = dict(sorted(walker.counts.items()))
    merged = Counter(report.meta.redactions)
    merged.update(counts)
    meta = dataclasses.replace(
        redacted.meta,
        redactions=dict(sorted(merged.items())),
        redacted_distinct=report.meta.redacted_distinct + _distinct(plan),
        not_secrets=report.meta.not_secrets + tuple({"kind": kind, "field": walker.paths[i]} for i, kind in kept),
    )
    return dataclasses.replace(redacted, meta=meta), RedactionSummary(counts, tuple(walker.removed), _distinct(plan))


def _distinct(plan: list[tuple[str, list[tuple[str, str]]]]) -> int:
    return len({secret for _, found in plan for _, secret in found})


def _allowed(
    text: str, found: list[Finding], allow: Collection[str], index: int, kept: list[tuple[int, str]]
) -> list[Finding]:
    """The findings minus those the user marked "not a secret": that value, or one line of it (a PEM body)."""
    out = []
    for f in found:
        value = text[f.start : f.end]
        if value in allow or (len(value) >= 16 and any(value in a.split() for a in allow)):
            kept.append((index, f.kind))
        else:
            out.append(f)
    return out
