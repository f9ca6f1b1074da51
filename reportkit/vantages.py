"""Diagnoses taken elsewhere, read for `reportkit compare` and `collect --also`: a `diagnose --json` file, a
report.json (or its folder), each bounded and checked like every file a user names."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportkit import safeio
from reportkit.errors import InputError
from reportkit.i18n import N_, _
from reportkit.triage.compare import Vantage

_GENERIC = ("report", "diagnostics", "diagnosis", "diagnose")


def label_of(path: Path) -> str:
    """A short name for a vantage point: the file's name, or its folder's for report.json / diagnostics.json."""
    stem = path.stem
    if stem.lower() in _GENERIC and path.parent.name:
        return path.parent.name
    return stem or str(path)


def load(path: Path, label: str | None = None) -> Vantage:
    """One vantage point from a file; InputError (one line) for anything that is not a reportkit diagnosis."""
    if path.is_dir():
        path = path / "report.json"
    english_fix = N_("give a file written by `reportkit diagnose --json` or a report.json")
    fix = _(english_fix)
    raw = safeio.read_bytes(path, "report", what=_("the diagnosis"), fix=english_fix)  # it adds the path itself
    data = safeio.json_loads(raw, str(path), expected=_("a diagnosis (diagnose --json)"), fix=fix)
    probes = probes_of(data)
    if probes is _NOT_OURS:
        raise InputError(_("{path} is not a reportkit diagnosis; {fix}").format(path=path, fix=fix))
    return Vantage(label or label_of(path), probes if isinstance(probes, Mapping) else None)


_NOT_OURS: Any = object()


def probes_of(data: Any) -> Any:
    """The probe data of a diagnosis: `diagnose --json`'s "probes" section, or a report's probes section; None when
    it was taken without probes (--offline); _NOT_OURS when it is no reportkit file at all."""
    if not isinstance(data, Mapping) or not str(data.get("schema", "")).startswith("reportkit/"):
        return _NOT_OURS
    section: Any = data.get("probes")
    if section is None and isinstance(data.get("diagnostics"), Mapping):
        sections = data["diagnostics"].get("sections")
        section = next(
            (s for s in sections if isinstance(s, Mapping) and s.get("name") == "probes"),
            None,
        ) if isinstance(sections, list) else None  # fmt: skip
    if not isinstance(section, Mapping):
        return None if "verdict" in data else _NOT_OURS
    if section.get("status") != "ok" or not isinstance(section.get("data"), Mapping):
        return None
    return section["data"]
