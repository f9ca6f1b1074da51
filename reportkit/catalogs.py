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


Msgid = str | tuple[str, str]  # a message, or its singular and plural forms

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = ROOT.parent  # the checkout's templates/ (also when reportkit itself runs from an installed wheel)
# Jinja2's own extractor reads the templates with the settings render.py gives them
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def messages() -> Iterator[tuple[str | None, Msgid]]:
    """(msgctxt, msgid) for every message: the message tables (reportkit.messages.SOURCES), then every `_()`,
    `N_()`, `ngettext()` and `pgettext()` in the code, then the templates' `{% trans %}` blocks and `_()` calls."""
    for context, msgid, _where in located():
        yield context, msgid


def located() -> Iterator[tuple[str | None, Msgid, tuple[str, int] | None]]:
    """`messages()` with where each was found in the source (file, line) when the extractor knows it, for the
    translators' `#:` comments."""
    for context, msgid in _tables():
        yield context, msgid, None
    yield from _extracted()
    for context, msgid in _cli_help():
        yield context, msgid, ("reportkit/cli (help text)", 0)
    yield from _click_words()


def _click_words() -> Iterator[tuple[str | None, Msgid, tuple[str, int] | None]]:
    """click's own messages (help page words, usage errors such as "No such option"), which reportkit.cli.language
    routes through this catalog."""
    from babel.messages.extract import extract_from_file

    from reportkit.cli.language import CLICK_MODULES

    for module in CLICK_MODULES:
        path = Path(module.__file__ or "")
        for lineno, message, _comments, context in extract_from_file("python", str(path)):
            where = (f"click/{path.name}", lineno)
            if isinstance(message, tuple):
                if len(message) >= 2 and message[0] and message[1]:
                    yield context, (str(message[0]), str(message[1])), where
            elif message:
                yield context, str(message), where


def _cli_help() -> Iterator[tuple[str | None, Msgid]]:
    """Every help text of the command line (docstrings and help= of commands and options), as reportkit.cli.language
    translates them."""
    from reportkit.cli import main
    from reportkit.cli.language import _walk, english_helps

    for command in _walk(main):
        for item in [command, *command.params]:
            for text in english_helps(item, item is command).values():
                yield None, text


def _tables() -> Iterator[tuple[str | None, Msgid]]:
    from reportkit import messages as stored
    from reportkit.triage import wording

    for table in wording.TABLES:
        for key, text in getattr(wording, table).items():
            yield f"triage.{table}.{key}", _msgid(text)
    for finding, steps in wording.STEPS.items():
        for i, step in enumerate(steps):
            for j, option in enumerate(step if isinstance(step, tuple) else (step,)):
                yield f"triage.STEPS.{finding}.{i}.{j}", _msgid(option)
    for role, needs in wording.NEEDS.items():
        for i, need in enumerate(needs):
            yield f"triage.NEEDS.{role}.{i}", _msgid(need)
    for prefix in stored.SOURCES:
        for key, text in stored.table(prefix).items():
            yield f"{prefix}{key}", _msgid(text)


def _msgid(text: str | tuple[str, str]) -> Msgid:
    return (text[0], text[1]) if isinstance(text, tuple) else text


def _extracted() -> Iterator[tuple[str | None, Msgid, tuple[str, int] | None]]:
    from babel.messages.extract import extract_from_dir

    sources = [
        (PACKAGE, [("**.py", "python")], {}),
        (TEMPLATES, [("**.j2", "jinja2.ext:babel_extract")], {"**.j2": JINJA_OPTIONS}),
    ]
    for root, method_map, options_map in sources:
        if not root.is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
            str(root), method_map, options_map, strip_comment_tags=True
        ):
            where = (f"{root.name}/{filename}", lineno)
            if isinstance(message, tuple):
                if len(message) >= 2 and message[0] and message[1]:
                    yield context, (str(message[0]), str(message[1])), where
            elif message:
                yield context, str(message), where


def placeholders(text: str) -> set[str]:
    """The {named} (str.format) and %(named)s (Jinja2's trans blocks) placeholders of a message."""
    import re

    found = set(re.findall(r"%\((\w+)\)[sd]", text))
    try:
        found |= {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        found.add("<unbalanced braces>")
    return found


def template() -> Catalog:
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="reportkit", domain=i18n.DOMAIN, charset="utf-8")
    for context, text, where in located():
        found = catalog.get(text if isinstance(text, str) else text[0], context=context)
        if found is None:
            catalog.add(text, context=context, locations=[where] if where else ())
        elif where and where not in found.locations:
            found.locations.append(where)
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


def _name(context: str | None, msgid: Msgid) -> str:
    head = msgid if isinstance(msgid, str) else msgid[0]
    shown = head if len(head) <= 50 else head[:47] + "..."
    return f"{context} ({shown!r})" if context else repr(shown)


def problems(language: str) -> list[str]:
    """What keeps one language's catalog from being complete and current: a message missing, empty or fuzzy, a
    translation whose placeholders differ from the English, plural forms missing, a .mo not compiled from the .po."""
    import gettext

    from babel.messages.pofile import read_po

    path = po_path(language)
    if not path.exists():
        return [f"{language}: no catalog ({path})"]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    wanted = {(context, text if isinstance(text, str) else text[0]): text for context, text in messages()}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    plural_of = gettext.c2py(catalog.plural_expr)
    for key, text in wanted.items():
        message = have.get(key)
        name = _name(key[0], text)
        if message is None:
            found.append(f"{language}: {name} is missing (run `python -m reportkit.catalogs update`)")
            continue
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(forms):
            found.append(f"{language}: {name} is {'fuzzy' if message.fuzzy else 'not translated'}")
            continue
        if isinstance(text, str):
            if placeholders(str(forms[0])) != placeholders(text):
                found.append(f"{language}: {name} has placeholders {sorted(placeholders(str(forms[0])))}, the English "
                             f"{sorted(placeholders(text))}")  # fmt: skip
            continue
        if len(forms) != catalog.num_plurals:
            found.append(f"{language}: {name} has {len(forms)} plural forms, the language {catalog.num_plurals}")
            continue
        every = placeholders(text[1])
        allowed = every | placeholders(text[0])  # click fills a singular's own field as well
        for i, form in enumerate(forms):
            # a form used for one only may leave the count out, as the English singular does
            only_one = i == plural_of(1) and all(plural_of(n) != i for n in (0, 2, 3, 5, 11, 21, 101))
            required = every - (every - placeholders(text[0])) if only_one else every
            have_here = placeholders(str(form))
            if not required <= have_here <= allowed:
                found.append(f"{language}: {name} form {i} has placeholders {sorted(have_here)}, the English "
                             f"{sorted(every)}")  # fmt: skip
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
    elif command == "list":  # what the code holds, one message per line (for a quick look; writes nothing)
        for context, text in messages():
            print(_name(context, text))
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = [p for language in i18n.LANGUAGES if language != i18n.DEFAULT for p in problems(language)]
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    else:
        print("usage: python -m reportkit.catalogs extract|update|compile|check|list", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
