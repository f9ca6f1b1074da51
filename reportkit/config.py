"""The TOML config file: where it lives, reading and validating it (one place, used by `load()` and `config set`),
and editing it with `config set`/`unset` without losing the comments and layout of a hand-edited file."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reportkit import validate
from reportkit.errors import ConfigError, InputError, ReportkitError
from reportkit.i18n import N_, _
from reportkit.paths import _home_base as _home_base  # where the files live: re-exported for the package
from reportkit.paths import config_path as config_path
from reportkit.paths import user_cache_dir as user_cache_dir
from reportkit.paths import user_config_dir as user_config_dir
from reportkit.paths import user_data_dir as user_data_dir

APP = "reportkit"

# section -> key -> type ("str", "int", "float", "bool", "list[str]", "list[int]") — DESIGN §4
SCHEMA: dict[str, dict[str, str]] = {
    "reporter": {"name": "str", "email": "str", "phone": "str", "company": "str", "language": "str"},
    "isp": {
        "name": "str",
        "customer_id": "str",
        "support_email": "str",
        "support_phone": "str",
        "support_url": "str",
        "status_url": "str",
        "language": "str",
    },
    "cloud": {
        "name": "str",
        "account_id": "str",
        "support_email": "str",
        "support_phone": "str",
        "support_url": "str",
        "status_url": "str",
        "language": "str",
        "anchors": "list[str]",
    },
    "service": {
        "name": "str",
        "provider": "str",
        "account_id": "str",
        "service_id": "str",
        "vm_name": "str",
        "host": "str",
        "hostname": "str",
        "url": "str",
        "ports": "list[int]",
        "admin_port": "int",
        "device_make": "str",
        "device_model": "str",
        "operator": "str",
        "support_email": "str",
        "support_phone": "str",
        "support_url": "str",
        "status_url": "str",
        "language": "str",
    },
    "probes": {
        "internet_anchors": "list[str]",
        "public_resolvers": "list[str]",
        "portal_check_url": "str",
        "deadline": "float",
        "ipv6": "bool",
        "known_names": "list[str]",
        "nx_suffix": "str",
        "icmp": "bool",
        "ca_file": "str",
        "public_ip_url": "str",
        "stun": "str",
        "trace": "bool",
    },
    "history": {"enabled": "bool"},  # the ledger of requests, tickets and verify/watch runs (reportkit.history)
}


def _language(value: str, what: str) -> str:
    from reportkit import i18n

    return i18n.require(str(value), what)


def _resolver(value: str, what: str) -> str:
    return validate.hostport(value, what, default_port=53)


def _stun(value: str, what: str) -> str:
    """A STUN server: an IP or a host name, with an optional port (default 3478)."""
    host, port = validate.split_hostport(str(value), 3478, what)
    if not re.fullmatch(r"[A-Za-z0-9.:-]{1,253}", host or "") or not 0 < port < 65536:
        raise InputError(
            _("{what}: {value} should be HOST[:PORT], e.g. stun.example.net:3478").format(what=what, value=repr(value))
        )
    return str(value).strip()


# dotted key -> the check a run applies (to each item of a list): returns the normalised value or raises InputError
CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "reporter.email": validate.email,
    **{f"{s}.language": _language for s in ("reporter", "isp", "cloud", "service")},
    **{f"{s}.support_email": validate.email for s in ("isp", "cloud", "service")},
    **{f"{s}.{k}": validate.url for s in ("isp", "cloud", "service") for k in ("support_url", "status_url")},
    "service.url": validate.url,
    "service.host": validate.ip_address,
    "service.ports": validate.port,
    "service.admin_port": validate.port,
    "cloud.anchors": validate.hostport,
    "probes.internet_anchors": validate.hostport,
    "probes.public_resolvers": _resolver,
    "probes.portal_check_url": validate.url,
    "probes.deadline": validate.deadline,
    "probes.public_ip_url": validate.url,
    "probes.stun": _stun,
}


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


# --------------------------------------------------------------------------- keys and values


def keys() -> list[str]:
    return [f"{section}.{key}" for section, names in SCHEMA.items() for key in names]


def resolve_key(dotted: str) -> tuple[str, str]:
    """(section, key) of a known key, else an InputError with a "did you mean" suggestion."""
    section, dot, key = dotted.strip().partition(".")
    if dot and key in SCHEMA.get(section, {}):
        return section, key
    raise InputError(unknown_key_message(dotted.strip()))


def suggestions(dotted: str) -> list[str]:
    """Known keys close to a mistyped one: a typo in the key or the section, or a key without its section."""
    import difflib

    section, dot, key = dotted.partition(".")
    if not dot:  # `email` -> reporter.email; `emial` -> reporter.email
        key = section
        names = sorted({name for values in SCHEMA.values() for name in values})
        near = [key] if key in names else difflib.get_close_matches(key, names, n=2, cutoff=0.75)
        near = near or [n for n in names if len(key) >= 4 and key in n][:2]  # `resolver` -> public_resolvers
        return [f"{s}.{n}" for n in near for s in SCHEMA if n in SCHEMA[s]][:4]
    found: list[str] = []
    sections = [section] if section in SCHEMA else difflib.get_close_matches(section, SCHEMA, n=2, cutoff=0.6)
    for near_section in sections:
        names = [key] if key in SCHEMA[near_section] else []
        found += [f"{near_section}.{n}" for n in names or difflib.get_close_matches(key, SCHEMA[near_section], 1, 0.7)]
    if not found:  # the right key in the wrong section (reporter.customer_id -> isp.customer_id), or a wild typo
        found = [f"{s}.{key}" for s in SCHEMA if key in SCHEMA[s]]
        found = found or difflib.get_close_matches(dotted, keys(), n=2, cutoff=0.75) or suggestions(key)
    return list(dict.fromkeys(found))[:4]


def unknown_key_message(dotted: str) -> str:
    section = dotted.rstrip(".")
    if section in SCHEMA:
        names = SCHEMA[section]
        return _("`{section}` is a section; name one of its keys, e.g. `{example}` (keys: {keys})").format(
            section=dotted, example=f"{section}.{next(iter(names))}", keys=", ".join(names)
        )
    if not section:
        return _("give a key as SECTION.NAME, e.g. `reporter.email` (`reportkit config set --help` lists every key)")
    near = suggestions(dotted)
    if near:
        return _("unknown key `{key}`; did you mean {keys}?").format(key=dotted, keys=_either([f"`{k}`" for k in near]))
    return _(
        "unknown key `{key}`; keys are SECTION.NAME with the sections {sections} "
        "(`reportkit config set --help` and the README list every key)"
    ).format(key=dotted, sections=", ".join(SCHEMA))


def _either(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c' in the interface language (the English as it always was)."""
    from reportkit import i18n

    if i18n.current() == i18n.DEFAULT or len(items) < 2:
        return ", ".join(items[:-1]) + (" or " if len(items) > 1 else "") + items[-1]
    return i18n.join(items, "or", i18n.current())


def check_value(dotted: str, value: Any, what: str | None = None) -> Any:
    """A value as a run would use it (the same check for `load()` and `config set`): normalised, or InputError
    whose message starts with `what` (default: the key)."""
    check = CHECKS.get(dotted)
    if check is None:
        return value
    if isinstance(value, list):
        return [check(item, what or dotted) for item in value]
    return check(value, what or dotted)


def parse_value(dotted: str, raw: str) -> Any:
    """Turn the text of `config set KEY VALUE` into the key's type, checked exactly as a run checks it."""
    section, key = resolve_key(dotted)
    dotted = f"{section}.{key}"
    kind = SCHEMA[section][key]
    inner = kind[5:-1] if kind.startswith("list[") else kind
    items = [p.strip() for p in raw.split(",") if p.strip()] if kind.startswith("list[") else [raw]
    try:
        if inner in ("int", "float") and dotted in CHECKS:  # the check reads the text itself: 'nan', '8_0', '+1'
            values = [CHECKS[dotted](item, dotted) for item in items]
        else:
            values = [check_value(dotted, _convert(inner, item)) for item in items]
    except ValueError:
        raise InputError(
            _("{key}: {value} should be {kind}").format(key=dotted, value=repr(raw), kind=_type_words(kind))
        ) from None
    return values if kind.startswith("list[") else values[0]


def _convert(kind: str, text: str) -> Any:
    if kind == "int":
        if not re.fullmatch(r"\s*-?[0-9]+\s*", text):
            raise ValueError(text)
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        if text.strip().lower() not in ("true", "false", "yes", "no", "1", "0", "on", "off"):
            raise ValueError(text)
        return text.strip().lower() in ("true", "yes", "1", "on")
    return text


def get(data: Mapping[str, Any], dotted: str) -> Any:
    section, _dot, key = dotted.partition(".")
    return data.get(section, {}).get(key)


def as_text(value: Any) -> str:
    """A stored value the way `config set` takes it: lists comma-separated, true/false, strings bare."""
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_value(value: Any) -> str:
    """A value as TOML shows it (the echo of `config set`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str | None:
    """The file as the user wrote it (None if there is none); bounded, regular files only, UTF-8."""
    from reportkit import safeio

    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        pass  # safeio names the problem
    try:
        raw = safeio.read_bytes(path, "config", fix=_("give the config file itself (a regular TOML file)"))
    except ReportkitError as exc:
        raise ConfigError(exc.message) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(
            _(
                "config file {path}, line {line}: byte {byte} at column {column} is not UTF-8; save the file as UTF-8"
            ).format(path=path, line=line, byte=f"0x{raw[exc.start]:02x}", column=column)
        ) from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    tomllib = _toml()
    try:
        return dict(tomllib.loads(text))
    except RecursionError:
        raise ConfigError(
            _("config file {path} is nested too deeply to be a reportkit config; fix or delete it").format(path=path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            _("{where}: {problem}; fix that line or delete the file").format(
                where=_where(path, *_toml_position(exc)[:1]), problem=_toml_problem(exc)
            )
        ) from None


def load(path: Path, *, required: bool = False) -> dict[str, dict[str, Any]]:
    """Parse and check the config file as a run uses it; a missing file is an empty config unless `required`."""
    text = read_text(path)
    if text is None:
        if required:
            raise ConfigError(
                _("config file {path} does not exist; create it with `reportkit config set`").format(path=path)
            )
        return {}
    return check(_parse(path, text), path, text)


def _toml_position(exc: Exception) -> tuple[int | None, int | None]:
    """The line and column of a TOML syntax error (None: not known)."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
    column = getattr(exc, "colno", None) or (int(m.group(2)) if m else None)
    return line, column


def _toml_problem(exc: Exception) -> str:
    """The TOML parser's own words (data, as tomllib wrote them), and the column when it is known."""
    what = str(getattr(exc, "msg", None) or re.sub(r"\s*\(at .*\)$", "", str(exc)))
    line, column = _toml_position(exc)
    if line and column:
        return _("{problem} at column {column}").format(problem=what, column=column)
    return what


def _where(path: Path, line: int | None = None) -> str:
    """Where in the config a problem is: "config file PATH" or "config file PATH, line N"."""
    if line:
        return _("config file {path}, line {line}").format(path=path, line=line)
    return _("config file {path}").format(path=path)


def _line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line of `[section]` (key None) or of `key` inside it (also `section.key = …` dotted keys)."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip().strip('"')
            if key is None and current == section:
                return number
            continue
        if current == section and key is not None:
            pattern = rf"\s*\"?{re.escape(key)}\"?\s*="
        elif not current:  # top-level dotted keys: `reporter.name = …`, `reporter = {…}`
            pattern = rf"\s*{re.escape(section)}\s*" + (r"[.=]" if key is None else rf"\.\s*{re.escape(key)}\s*=")
        else:
            continue
        if re.match(pattern, line):
            return number
    return None


def check(data: Mapping[str, Any], path: Path, text: str = "") -> dict[str, dict[str, Any]]:
    """Refuse unknown sections/keys, wrong types and values a run cannot use, naming the file, line and fix.

    Returns the config with each value normalised as a run uses it."""
    import difflib

    checked: dict[str, dict[str, Any]] = {}
    for section, values in data.items():
        if section in SCHEMA and not isinstance(values, dict):
            raise ConfigError(
                _(
                    "{where}: [{section}] should be a section (a table of keys), not a single value; write it as "
                    "[{section}] followed by its keys, e.g. `reportkit config set {example} VALUE`"
                ).format(
                    where=_where(path, _line_of(text, section)),
                    section=section,
                    example=f"{section}.{next(iter(SCHEMA[section]))}",
                )
            )
        if section not in SCHEMA:
            near = difflib.get_close_matches(section, SCHEMA, n=1, cutoff=0.6)
            where = _where(path, _line_of(text, section))
            if near:
                raise ConfigError(
                    _("{where}: unknown section [{section}]; did you mean [{near}]?").format(
                        where=where, section=section, near=near[0]
                    )
                )
            raise ConfigError(
                _("{where}: unknown section [{section}]; known sections: {sections}").format(
                    where=where, section=section, sections=", ".join(f"[{s}]" for s in SCHEMA)
                )
            )
        checked[section] = {}
        for key, value in values.items():
            dotted = f"{section}.{key}"
            where = _where(path, _line_of(text, section, key))
            kind = SCHEMA[section].get(key)
            if kind is None:
                near = (
                    difflib.get_close_matches(key, SCHEMA[section], n=1, cutoff=0.7)
                    or [known for known in SCHEMA[section] if key in known or known in key][:1]
                )
                if near:
                    raise ConfigError(
                        _("{where}: unknown key {key}; did you mean {near}? (rename or remove that line)").format(
                            where=where, key=dotted, near=f"{section}.{near[0]}"
                        )
                    )
                raise ConfigError(
                    _("{where}: unknown key {key}; known keys: {keys} (rename or remove that line)").format(
                        where=where, key=dotted, keys=", ".join(SCHEMA[section])
                    )
                )
            if not _has_type(value, kind):
                raise ConfigError(
                    _("{where}: {key} should be {kind}; {fix}").format(
                        where=where,
                        key=dotted,
                        kind=_type_words(kind),
                        fix=_fix(dotted, _SET_EXAMPLE.get(kind, "VALUE")),
                    )
                )
            try:
                checked[section][key] = check_value(dotted, value)
            except InputError as exc:
                raise ConfigError(
                    _("{where}: {problem}; {fix}").format(where=where, problem=exc.message, fix=_fix(dotted, "VALUE"))
                ) from None
    return checked


def _fix(dotted: str, example: str) -> str:
    return _("fix it with `reportkit config set {key} {example}` or edit the file").format(key=dotted, example=example)


def _has_type(value: Any, kind: str) -> bool:
    if kind.startswith("list["):
        inner = kind[5:-1]
        return isinstance(value, list) and all(_has_type(v, inner) for v in value)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {"str": str, "bool": bool}[kind])


# `config set` takes lists comma-separated, not in TOML's brackets: say so where the file shows brackets
_SET_EXAMPLE = {"list[str]": "A,B", "list[int]": "443,8443"}


_TYPE_WORDS = {
    "str": N_('a quoted string, e.g. "text"'),
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "list[str]": N_('a list of strings, e.g. ["a", "b"]'),
    "list[int]": N_("a list of numbers, e.g. [443]"),
}


def _type_words(kind: str) -> str:
    return _(_TYPE_WORDS[kind])


# --------------------------------------------------------------------------- editing (comments and layout survive)


def set_value(path: Path, dotted: str, raw: str) -> Any:
    """Set one key (checked as a run checks it), keeping every other line of the file as it is; atomic, 0600."""
    value = parse_value(dotted, raw)
    section, key = resolve_key(dotted)

    def change(doc: Any) -> None:
        import tomlkit

        if section not in doc:
            doc[section] = tomlkit.table()
        elif not isinstance(doc[section], dict):
            raise ConfigError(
                _("config file {path}: [{section}] is not a table; fix it by hand").format(path=path, section=section)
            )
        doc[section][key] = value

    _edit(path, change)
    return value


def unset_value(path: Path, dotted: str) -> bool:
    """Remove one key, keeping everything else; False if it was not set. An emptied table goes too (unless it
    holds comments). A key the schema does not know can be removed too: that is how a typo in the file is fixed."""
    section, dot, key = dotted.strip().partition(".")
    removed = False

    def change(doc: Any) -> None:
        nonlocal removed
        table = doc.get(section)
        if not dot or not isinstance(table, dict) or key not in table:
            resolve_key(dotted)  # an unknown key: "did you mean"
            return
        del table[key]
        removed = True
        if not table and not _has_comments(table):
            del doc[section]

    _edit(path, change)
    return removed


def _has_comments(table: Any) -> bool:
    from tomlkit.items import Comment

    body = getattr(getattr(table, "value", None), "body", None)
    return body is None or any(isinstance(item, Comment) for _key, item in body)


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    import tomlkit

    text = read_text(path)
    original = text or ""
    if text:
        _parse(path, text)  # the same one-line syntax errors as a run
    doc = tomlkit.parse(original)
    change(doc)
    new = tomlkit.dumps(doc)
    if new == original:
        return
    crlf = "\r\n" in original and original.count("\n") == original.count("\r\n")  # a file saved on Windows
    if crlf:
        original, new = original.replace("\r\n", "\n"), new.replace("\r\n", "\n")
    if not new.strip():
        new = ""
    elif new.endswith("\n\n") and not original.endswith("\n\n"):
        new = new.rstrip("\n") + "\n"  # a removed last table leaves the blank line before it
    save_text(path, new.replace("\n", "\r\n") if crlf else new)


def save_text(path: Path, text: str) -> None:
    """Write the config atomically, through a symlink to its target, never more open than 0600."""
    from reportkit.atomic import write_text

    target = Path(os.path.realpath(path))
    mode = 0o600
    with contextlib.suppress(OSError):
        mode &= os.stat(target).st_mode
    try:
        write_text(target, text, mode=mode or 0o600)
    except OSError as exc:
        raise ConfigError(
            _("cannot write config file {path}: {reason}; check the folder's permissions or use --config").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
