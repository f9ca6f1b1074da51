"""The message catalogs' workflow, with no make: `python -m reportkit.catalogs extract|update|compile|check`.

- `extract`: the template (`templates/locale/reportkit.pot`) from every message table in the code (today the verdict
  engine's wording: `triage/wording.py`; each entry's msgctxt is its table and key, so two tables may hold the same
  English words with different translations).
- `update`: merge the template into each language's `.po` (new entries empty, changed ones fuzzy, gone ones obsolete).
- `compile`: each `.po` to its `.mo` beside it (committed: a non-editable install needs no build step).
- `check`: exit 1 with one line per problem when a `.mo` is not current, an entry is empty or fuzzy, or a
  translation's {placeholders} differ from the English ones (tests/test_catalogs.py runs the same checks).

Adding a language: add it to `i18n.LANGUAGES`, run `update` (it creates the `.po`), translate, `compile`, `check`.
"""

from __future__ import annotations

import io
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reportkit import i18n

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


def source_root() -> Path:
    """The catalogs of the source checkout: beside this package in a checkout or an editable install, else (an
    installed package) `templates/locale` under the current directory, where the tool is meant to be run."""
    beside = Path(__file__).resolve().parent.parent / "templates" / "locale"
    if (beside / f"{i18n.DOMAIN}.pot").exists():
        return beside
    return Path.cwd() / "templates" / "locale"


ROOT = source_root()
POT = ROOT / f"{i18n.DOMAIN}.pot"


def po_path(language: str) -> Path:
    return ROOT / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def messages() -> Iterator[tuple[str, str]]:
    """(msgctxt, msgid) for every message in the code's tables."""
    from reportkit.triage import wording

    for table in ("TEXT", "WARN", "CHECK", "OUTCOME_WORDS", "RESOLVER_WORDS", "LOOKUP_WORDS", "ANSWER_TEXT"):
        for key, text in getattr(wording, table).items():
            yield f"triage.{table}.{key}", text
    for finding, steps in wording.STEPS.items():
        for i, step in enumerate(steps):
            for j, option in enumerate(step if isinstance(step, tuple) else (step,)):
                yield f"triage.STEPS.{finding}.{i}.{j}", option
    for role, needs in wording.NEEDS.items():
        for i, need in enumerate(needs):
            yield f"triage.NEEDS.{role}.{i}", need


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def template() -> Catalog:
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="reportkit", domain=i18n.DOMAIN, charset="utf-8")
    for context, text in messages():
        catalog.add(text, context=context)
    return catalog


def extract() -> None:
    from babel.messages.pofile import write_po

    ROOT.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as handle:
        write_po(handle, template(), width=120, omit_header=False, sort_output=False)


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    pot = template()
    for language in i18n.LANGUAGES:
        if language == i18n.DEFAULT:
            continue
        path = po_path(language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, domain=i18n.DOMAIN, project="reportkit", charset="utf-8")
        catalog.update(pot)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, sort_output=False, include_previous=True)


def compiled(language: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for language in i18n.LANGUAGES:
        if language != i18n.DEFAULT and po_path(language).exists():
            po_path(language).with_suffix(".mo").write_bytes(compiled(language))


def problems(language: str) -> list[str]:
    """What keeps one language's catalog from being complete and current."""
    from babel.messages.pofile import read_po

    path = po_path(language)
    if not path.exists():
        return [f"{language}: no catalog ({path})"]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    wanted = dict((context, text) for context, text in messages())
    have = {(m.context, m.id) for m in catalog if m.id}
    for context, text in wanted.items():
        if (context, text) not in have:
            found.append(f"{language}: {context} is missing (run `python -m reportkit.catalogs update`)")
    for message in catalog:
        if not message.id or message.context not in wanted:
            continue
        if message.fuzzy or not message.string:
            found.append(f"{language}: {message.context} is {'fuzzy' if message.fuzzy else 'not translated'}")
        elif placeholders(str(message.string)) != placeholders(str(message.id)):
            found.append(f"{language}: {message.context} has placeholders {sorted(placeholders(str(message.string)))}"
                         f", the English {sorted(placeholders(str(message.id)))}")  # fmt: skip
    mo = path.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(language):
        found.append(f"{language}: {mo.name} is not current (run `python -m reportkit.catalogs compile`)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        extract()
    elif command == "update":
        extract()
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = [p for language in i18n.LANGUAGES if language != i18n.DEFAULT for p in problems(language)]
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    else:
        print("usage: python -m reportkit.catalogs extract|update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
