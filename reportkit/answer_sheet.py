"""Every answer of a request as one plain text to edit in $EDITOR, and that text read back.

The request is built from the answers, so "edit the whole text" edits the answers — all of them at once, in the
order and wording of the interview — and the request is rendered from them again (redacted and checked as ever):

    Your name: Anna Virtanen
    What happened, in your own words:
      Pressing Pay now shows 502.
      Since this morning.

A line "Label: value" per question, indented lines continue the answer above, an empty value removes it, lists are
comma-separated, lines starting with # are comments (an indented # belongs to the answer). Anything else is an
error naming its line. Line breaks of any kind (\r, U+2028 …) come back as \n.

The sheet speaks the interface language (its header and questions); read back, a question is recognised in that
language or in English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportkit.errors import InputError
from reportkit.fields import Field, validated
from reportkit.i18n import N_, _

# each line of it is a comment: a translation keeps the leading "# " of every line
HEADER = N_(
    "# Every answer of this support request. Change what you like, then save and close the editor.\n"
    "# One 'Question: answer' per line; indent further lines of a long answer; leave an answer empty to remove it;\n"
    "# separate several ticket numbers with commas. Lines starting with # are ignored.\n"
)
INDENT = "  "


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


def header() -> str:
    """The sheet's header in the interface language; every line a comment, whatever the translation did."""
    lines = _(HEADER).splitlines()
    return "".join((line if line.startswith("#") else f"# {line}") + "\n" for line in lines)


def dump(answers: Mapping[str, Any], fields: Sequence[Field], situation: str | None = None) -> str:
    """The sheet: each field's label and answer (empty when unanswered), in interview order."""
    lines = [header()]
    for f in fields:
        label = f.asked(situation)[0]
        value = answers.get(f.key)
        text = ", ".join(value) if isinstance(value, tuple | list) else str(value or "")
        first, *more = text.splitlines() if text else [""]
        if more:
            lines.append(f"{label}:")
            lines.extend(INDENT + line if line.strip() else "" for line in [first, *more])
        else:
            lines.append(f"{label}: {first}".rstrip())
    return "\n".join(lines) + "\n"


def parse(text: str, fields: Sequence[Field], situation: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """The answers the sheet holds (every listed field: a value, or None when emptied), and its problems.

    Each value is checked as the interview checks it (an IP address, a URL, an e-mail address)."""
    named = {label: f for f in fields for label in (f.asked(situation)[0], f.worded(situation)[0])}
    named.update({f.asked(situation)[0]: f for f in fields})  # the interface language's wording comes first
    labels = sorted(named.items(), key=lambda pair: -len(pair[0]))
    found: dict[str, tuple[int, list[str]]] = {}  # key -> (line of its label, its lines)
    problems: list[Problem] = []
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("#"):  # a comment; an indented "#" is part of an answer ("#4711 still open")
            continue
        if not line.strip():
            if current is not None:
                current.append("")
            continue
        if raw[:1] in (" ", "\t"):
            if current is None:
                problems.append(Problem(number, _("an indented line with no question above it")))
            else:
                current.append(line.strip())
            continue
        match = next(((label, f) for label, f in labels if line.startswith(label + ":")), None)
        if match is None:
            shown = line if len(line) <= 40 else line[:39] + "…"
            problems.append(
                Problem(
                    number,
                    _("{line} is none of the questions; keep each question before its colon").format(line=repr(shown)),
                )
            )
            current = None
            continue
        label, f = match
        if f.key in found:
            problems.append(Problem(number, _("{question} appears twice; keep one").format(question=repr(label))))
        current = [line[len(label) + 1 :].strip()]
        found[f.key] = (number, current)
    answers: dict[str, Any] = {}
    for f in fields:
        if f.key not in found:
            continue  # a question deleted from the sheet: its answer stays as it was
        number, parts = found[f.key]
        value = "\n".join(parts).strip("\n").strip()
        if f.kind == "works-fails" and value:
            # the interface language's words, as the interview takes them
            from reportkit.interview import works_or_fails

            value = works_or_fails(value)
        try:
            answers[f.key] = validated(f, (value,) if f.kind == "list" else value) if value else None
        except InputError as exc:
            problems.append(Problem(number, exc.message))
    return answers, problems
