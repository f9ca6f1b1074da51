"""Where reportkit's files live (config, data, cache): a tiny module, so the start-up can find the config file
before the config machinery (reportkit.config) is imported."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "reportkit"


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
