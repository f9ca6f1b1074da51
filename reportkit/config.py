"""The TOML config file: where it lives, reading it with clear errors, and `config set`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportkit import validate
from reportkit.errors import ConfigError, InputError

APP = "reportkit"

# section -> key -> type ("str", "int", "float", "bool", "list[str]", "list[int]") — DESIGN §4
SCHEMA: dict[str, dict[str, str]] = {
    "reporter": {"name": "str", "email": "str", "phone": "str", "company": "str"},
    "isp": {
        "name": "str",
        "customer_id": "str",
        "support_email": "str",
        "support_phone": "str",
        "support_url": "str",
        "status_url": "str",
    },
    "cloud": {
        "name": "str",
        "account_id": "str",
        "support_email": "str",
        "support_phone": "str",
        "support_url": "str",
        "status_url": "str",
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
    },
}
_VALIDATE = {"reporter.email": validate.email, "service.host": validate.ip_address, "service.url": validate.url}


def _home_base(env: Mapping[str, str], xdg: str, fallback: str, win: str) -> Path:
    if sys.platform == "win32":
        return Path(env.get(win) or Path.home() / "AppData" / "Roaming")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    return Path(env.get(xdg) or Path.home() / fallback)


def user_config_dir(env: Mapping[str, str] = os.environ) -> Path:
    return _home_base(env, "XDG_CONFIG_HOME", ".config", "APPDATA") / APP


def user_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    return _home_base(env, "XDG_DATA_HOME", ".local/share", "LOCALAPPDATA") / APP


def user_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    if sys.platform == "win32":
        return _home_base(env, "", "", "LOCALAPPDATA") / APP / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP


def config_path(explicit: str | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """--config FILE, else $REPORTKIT_CONFIG, else the user config dir."""
    if explicit:
        return Path(explicit)
    if env.get("REPORTKIT_CONFIG"):
        return Path(env["REPORTKIT_CONFIG"])
    return user_config_dir(env) / "config.toml"


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def load(path: Path, *, required: bool = False) -> dict[str, dict[str, Any]]:
    """Parse and check the config file; a missing file is an empty config unless `required`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(f"config file {path} does not exist; create it with `reportkit config set`") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text; save it as UTF-8") from None
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"config file {path}, {_describe_toml_error(exc)}; fix that line or delete the file"
        ) from None
    check(data, path, text)
    return dict(data)


def _describe_toml_error(exc: Exception) -> str:
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
    line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
    what = getattr(exc, "msg", None) or re.sub(r"\s*\(at .*\)$", "", msg)
    return f"line {line}: {what}" if line else str(what)


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\s*[\]=]", line):
            return number
    return None


def check(data: Mapping[str, Any], path: Path, text: str = "") -> None:
    """Reject unknown sections/keys and values of the wrong type, naming the file and line."""
    for section, values in data.items():
        where = f"config file {path}"
        if section not in SCHEMA or not isinstance(values, dict):
            line = _line_of(text, section)
            known = ", ".join(f"[{s}]" for s in SCHEMA)
            raise ConfigError(f"{where}{_at(line)}: unknown section [{section}]; known sections: {known}")
        for key, value in values.items():
            kind = SCHEMA[section].get(key)
            line = _line_of(text, key)
            if kind is None:
                known = ", ".join(SCHEMA[section])
                raise ConfigError(f"{where}{_at(line)}: unknown key {section}.{key}; known keys: {known}")
            if not _has_type(value, kind):
                raise ConfigError(f"{where}{_at(line)}: {section}.{key} should be {_type_words(kind)}")


def _at(line: int | None) -> str:
    return f", line {line}" if line else ""


def _has_type(value: Any, kind: str) -> bool:
    if kind.startswith("list["):
        inner = kind[5:-1]
        return isinstance(value, list) and all(_has_type(v, inner) for v in value)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {"str": str, "bool": bool}[kind])


def _type_words(kind: str) -> str:
    return {
        "str": 'a quoted string, e.g. "text"',
        "int": "a whole number",
        "float": "a number",
        "bool": "true or false",
        "list[str]": 'a list of strings, e.g. ["a", "b"]',
        "list[int]": "a list of numbers, e.g. [443]",
    }[kind]


def get(data: Mapping[str, Any], dotted: str) -> Any:
    section, _, key = dotted.partition(".")
    value = data.get(section, {}).get(key)
    return value


def parse_value(dotted: str, raw: str) -> Any:
    """Turn the text of `config set KEY VALUE` into the key's type, validated."""
    section, _, key = dotted.partition(".")
    kind = SCHEMA.get(section, {}).get(key)
    if kind is None:
        keys = ", ".join(f"{s}.{k}" for s, ks in SCHEMA.items() for k in ks)
        raise InputError(f"unknown config key {dotted!r}; known keys: {keys}")
    try:
        if kind == "int":
            return validate.port(raw, dotted) if key.endswith("port") else int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise ValueError
            return raw.lower() in ("true", "yes", "1")
        if kind == "list[int]":
            return [validate.port(p.strip(), dotted) for p in raw.split(",") if p.strip()]
        if kind == "list[str]":
            return [p.strip() for p in raw.split(",") if p.strip()]
    except ValueError:
        raise InputError(f"{dotted}: {raw!r} should be {_type_words(kind)}") from None
    check_fn = _VALIDATE.get(dotted)
    return check_fn(raw, dotted) if check_fn else raw


def set_value(path: Path, dotted: str, raw: str) -> Any:
    """Set one key in the config file (atomically), keeping everything else."""
    value = parse_value(dotted, raw)
    data = load(path)
    section, _, key = dotted.partition(".")
    data.setdefault(section, {})[key] = value
    save(path, data)
    return value


def save(path: Path, data: Mapping[str, Mapping[str, Any]]) -> None:
    from reportkit.atomic import write_text

    try:
        write_text(path, dumps(data), mode=0o600)
    except OSError as exc:
        raise ConfigError(f"cannot write config file {path}: {exc.strerror}") from None


def dumps(data: Mapping[str, Mapping[str, Any]]) -> str:
    """A small TOML writer for this config's flat tables of scalars and lists."""
    out: list[str] = []
    for section in SCHEMA:
        values = data.get(section)
        if not values:
            continue
        out.append(f"[{section}]")
        out.extend(f"{key} = {format_value(values[key])}" for key in values)
        out.append("")
    return "\n".join(out)


def format_value(value: Any) -> str:
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
