"""Messages are data: a sentence the report keeps is a message key plus its arguments, worded only when shown.

In memory a message is a `Said`: a `str` holding its English wording (so code, tests and logs can read it as
text) that also remembers its catalog context (`context`, e.g. "triage.TEXT.gw_silent") and its arguments
(`fields`). An argument is plain data, or one of the typed values below, each also a `str` holding its English form:
- `Said`: a nested message (a fragment such as "did not answer in time"), worded in the same language;
- `Joined`: a list joined as the language joins lists ("a, b and c"; "a, b or c");
- `Num` / `Pct`: a number (a count, milliseconds) or a fraction shown as a percentage, in the language's digits.

`to_json` / `from_json` turn them into the report's JSON (schema reportkit/2) and back; `say` words one in a
language through the gettext catalogs (`reportkit.i18n`). The English templates are found by context in the
message tables (`SOURCES`), imported only when a stored message is read back.

A plain `str` where a message is expected is a literal: text from outside the catalogs (an OS error, a migrated
reportkit/1 sentence), stored as a JSON string and shown as it is in every language.

This module is a leaf: stdlib only, so the verdict engine can use it and stay pure.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

LITERAL = "literal"


class Plural(tuple[str, str]):
    """A message with singular and plural forms; `n` names the argument that chooses the form."""

    n: str

    def __new__(cls, singular: str, plural: str, n: str = "count") -> Plural:
        made = super().__new__(cls, (singular, plural))
        made.n = n
        return made

    def __getnewargs__(self) -> tuple[str, str, str]:
        return (self[0], self[1], self.n)

    def pick(self, count: Any) -> str:
        return self[0] if _count(count) == 1 else self[1]


Template = str | Plural


class Said(str):
    """A sentence that remembers its message (catalog context and arguments); its `str` value is the English."""

    key: str  # the short key inside its table ("gw_silent")
    context: str  # the catalog context ("triage.TEXT.gw_silent")
    fields: dict[str, Any]

    def __new__(cls, key: str, text: str, fields: dict[str, Any], context: str | None = None) -> Said:
        said = super().__new__(cls, text)
        said.key = key
        said.context = context or key
        said.fields = fields
        return said

    def __reduce__(self) -> Any:
        return (Said, (self.key, str(self), self.fields, self.context))


class Joined(str):
    """A list shown joined: `style` "and" or "or"."""

    items: tuple[Any, ...]
    style: str

    def __new__(cls, items: Iterable[Any], style: str = "and") -> Joined:
        kept = tuple(items)
        words = [str(i) for i in kept]
        text = "".join(words) if len(words) <= 1 else f"{', '.join(words[:-1])} {style} {words[-1]}"
        joined = super().__new__(cls, text)
        joined.items = kept
        joined.style = style
        return joined

    def __reduce__(self) -> Any:
        return (Joined, (self.items, self.style))


class Num(str):
    """A number shown in the language's digits; `decimals` fixes how many (milliseconds: 0)."""

    value: float
    decimals: int | None

    def __new__(cls, value: float, decimals: int | None = None) -> Num:
        text = f"{value:.{decimals}f}" if decimals is not None else str(value)
        num = super().__new__(cls, text)
        num.value = value
        num.decimals = decimals
        return num

    def __reduce__(self) -> Any:
        return (Num, (self.value, self.decimals))


class Pct(str):
    """A fraction (0.35) shown as a percentage ("35%"), whole percent."""

    value: float

    def __new__(cls, value: float) -> Pct:
        pct = super().__new__(cls, f"{value:.0%}")
        pct.value = value
        return pct

    def __reduce__(self) -> Any:
        return (Pct, (self.value,))


def _count(value: Any) -> float:
    if isinstance(value, Num):
        return value.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return float(str(value))
    except ValueError:
        return 0


def fill(template: Template, fields: Mapping[str, Any]) -> str:
    """The English wording of a template with its fields."""
    text = template.pick(fields.get(template.n)) if isinstance(template, Plural) else template
    return text.format(**fields)


def make(context: str, template: Template, **fields: Any) -> Said:
    """A message from its table entry: `context` is "<area>.<TABLE>.<key>"."""
    return Said(context.rsplit(".", 1)[-1], fill(template, fields), dict(fields), context)


# ------------------------------------------------------------------------------------------ the English templates

# context prefix -> "module:function" returning the English template of a whole context (or None), or "module":
# the module's `MESSAGES` table, keyed by the rest of the context ("evidence.binary" -> MESSAGES["binary"]).
# Every table here is also extracted into the catalog (reportkit.catalogs).
SOURCES: dict[str, str] = {
    "triage.": "reportkit.triage.wording:template",
    "evidence.": "reportkit.collectors.evidence",
    "system.": "reportkit.collectors.system",
    "network.": "reportkit.collectors.network",
    "probes.": "reportkit.collectors.probes",
    "pipeline.": "reportkit.pipeline",
    "screens.": "reportkit.screens",
    "ocr.": "reportkit.ocr",
    "quality.": "reportkit.quality",
    "redact.": "reportkit.redact.tables",
    "cli.": "reportkit.cli.printing",
}


def table(prefix: str) -> Mapping[str, Template]:
    """The MESSAGES table behind a prefix ({} for a function source or a module without one)."""
    where = SOURCES.get(prefix, "")
    if ":" in where or not where:
        return {}
    found = getattr(importlib.import_module(where), "MESSAGES", {})
    return found if isinstance(found, Mapping) else {}


def template(context: str) -> Template | None:
    for prefix, where in SOURCES.items():
        if context.startswith(prefix):
            if ":" in where:
                module, _, function = where.partition(":")
                lookup: Callable[[str], Template | None] = getattr(importlib.import_module(module), function)
                return lookup(context)
            return table(prefix).get(context[len(prefix) :])
    return None


def message(prefix: str, key: str, **fields: Any) -> Said:
    """A message from the MESSAGES table behind `prefix`: message("evidence.", "binary", name=...)."""
    return make(prefix + key, table(prefix)[key], **fields)


def placeholders(text: str) -> set[str]:
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


# ------------------------------------------------------------------------------------------------ JSON


class MessageError(ValueError):
    """A stored message that cannot be read back (unknown key, wrong arguments)."""


def to_json(value: Any) -> Any:
    """A message as JSON; a plain str (a literal) stays a JSON string."""
    if isinstance(value, Said):
        return {"key": value.context, "args": {k: _arg_json(v) for k, v in value.fields.items()}}
    return str(value)


def _arg_json(value: Any) -> Any:
    if isinstance(value, Said):
        return to_json(value)
    if isinstance(value, Joined):
        return {"list": [_arg_json(i) for i in value.items], "join": value.style}
    if isinstance(value, Num):
        return {"num": value.value, **({"decimals": value.decimals} if value.decimals is not None else {})}
    if isinstance(value, Pct):
        return {"pct": value.value}
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value) if isinstance(value, str) else value
    if isinstance(value, list | tuple):
        return {"list": [_arg_json(i) for i in value], "join": "and"}
    return str(value)


def from_json(value: Any) -> str:
    """A stored message back as a `Said` (a literal: a plain str); raises MessageError."""
    if isinstance(value, str):  # reportkit/1 stored finished sentences; also accepted as a literal
        return value
    if not isinstance(value, dict) or not isinstance(value.get("key"), str) or set(value) - {"key", "args"}:
        raise MessageError("is not a message (an object with 'key' and 'args')")
    args = value.get("args", {})
    if not isinstance(args, dict):
        raise MessageError("has 'args' that is not an object")
    key = value["key"]
    if key == LITERAL:
        text = args.get("text")
        if not isinstance(text, str) or set(args) != {"text"}:
            raise MessageError("is a literal without its text")
        return text
    found = template(key)
    if found is None:
        raise MessageError(f"has the unknown message key {key!r}")
    fields = {str(k): _arg_from_json(v) for k, v in args.items()}
    try:
        text = fill(found, fields)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise MessageError(f"message {key!r} does not fit its arguments ({exc})") from None
    return Said(key.rsplit(".", 1)[-1], text, fields, key)


def _arg_from_json(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        if "key" in value:
            return from_json(value)
        if "list" in value and isinstance(value["list"], list) and value.get("join", "and") in ("and", "or"):
            return Joined([_arg_from_json(i) for i in value["list"]], str(value.get("join", "and")))
        number = value.get("num", value.get("pct"))
        if isinstance(number, int | float) and not isinstance(number, bool):
            if "pct" in value:
                return Pct(float(number))
            decimals = value.get("decimals")
            return Num(number, decimals if isinstance(decimals, int) and 0 <= decimals <= 6 else None)
    raise MessageError(f"has an argument of an unknown shape: {str(value)[:60]!r}")


# ------------------------------------------------------------------------------------------------ wording


def say(value: Any, language: str) -> str:
    """A message worded in `language` (English: its own text); a literal as it is."""
    if not isinstance(value, Said) or language == "en":
        return str(value)
    found = template(value.context)
    if found is None:
        return str(value)
    from reportkit import i18n

    catalog = i18n.translations(language)
    if isinstance(found, Plural):
        count = value.fields.get(found.n)
        n = int(_count(count)) if float(_count(count)).is_integer() else 2
        worded = catalog.npgettext(value.context, found[0], found[1], n)
    else:
        worded = catalog.pgettext(value.context, found)
    args = {k: word_arg(v, language) for k, v in value.fields.items()}
    try:
        return worded.format(**args)
    except (KeyError, IndexError, ValueError):  # a broken translation must not cost the request: English
        return str(value)


def word_arg(value: Any, language: str) -> str:
    from reportkit import i18n

    if isinstance(value, Said):
        return say(value, language)
    if isinstance(value, Joined):
        return i18n.join([word_arg(i, language) for i in value.items], value.style, language)
    if isinstance(value, Num):
        return i18n.number(round(value.value, value.decimals or 0) if value.decimals is not None else value.value,
                           language, value.decimals)  # fmt: skip
    if isinstance(value, Pct):
        return i18n.percent(value.value, language)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return i18n.number(value, language)
    return str(value)


def remap(value: Any, change: Callable[[str], str]) -> Any:
    """`value` with `change` applied to every piece of data in it (a message's arguments, a list's items), the
    message structure kept; a plain str is changed as a whole. Used by redaction and anonymisation."""
    if isinstance(value, Said):
        fields = {k: remap(v, change) for k, v in value.fields.items()}
        found = template(value.context)
        try:
            text = fill(found, fields) if found is not None else change(str(value))
        except (KeyError, IndexError, ValueError):
            text = change(str(value))
        return Said(value.key, text, fields, value.context)
    if isinstance(value, Joined):
        return Joined([remap(i, change) for i in value.items], value.style)
    if isinstance(value, Num | Pct):
        return value
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list | tuple):  # stored as a joined list (to_json)
        return type(value)(remap(i, change) for i in value)
    return value


def data_strings(value: Any) -> Iterable[str]:
    """Every piece of data (argument text) inside a message, in `remap`'s order."""
    if isinstance(value, Said):
        for v in value.fields.values():
            yield from data_strings(v)
    elif isinstance(value, Joined):
        for i in value.items:
            yield from data_strings(i)
    elif isinstance(value, Num | Pct):
        return
    elif isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for i in value:
            yield from data_strings(i)
