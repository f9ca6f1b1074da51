"""The "system" section: OS, uptime, CPU and load, memory, disks, battery, top processes.

Reads local state only. psutil is imported inside the functions so that importing this module stays cheap.
Every part is collected on its own: a part that fails leaves its key None (lists stay empty) and adds a note.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any, TypeVar

from reportkit.messages import Plural, Said, Template, make
from reportkit.model import Section

T = TypeVar("T")

# The section's notes and reason as messages (catalog context "system.<key>"); `part_*` name a part of the snapshot
# inside "unavailable". An exception's own text stays data. The notes are also kept in `data["notes"]` as plain
# English text (data, like the rest of the section).
MESSAGES: dict[str, Template] = {
    "unavailable": "{what} unavailable: {error}",
    "nothing": "nothing could be collected",
    "no_psutil": "psutil is not installed: CPU, memory, disk and process details are missing",
    "disk_usage": "disk usage of {mountpoint} unavailable: {error}",
    "no_battery_status": "battery status is not available on this platform",
    "process_skipped": "process {pid} skipped: {error}",
    "denied": Plural("{count} process skipped: access denied", "{count} processes skipped: access denied"),
    "part_boot_time": "boot time",
    "part_disks": "disks",
    "part_battery": "battery",
    "part_os": "OS",
    "part_hostname": "hostname",
    "part_cpu": "CPU",
    "part_memory": "memory",
    "part_process_list": "process list",
    "part_cpu_usage": "CPU usage",
}


def _say(key: str, **fields: Any) -> Said:
    return make(f"system.{key}", MESSAGES[key], **fields)


NEARLY_FULL_PERCENT = 95.0
TOP_N = 5
# Read-only image file systems (snaps, CD images) are always "100 % full" and are not disks the user fills.
_IMAGE_FSTYPES = frozenset({"squashfs", "iso9660", "udf", "cramfs", "erofs"})


class _Parts:
    """Runs each part of a collector, turning an exception into a note and a default value."""

    def __init__(self) -> None:
        self.notes: list[str] = []  # messages
        self.succeeded = 0
        self.failed = 0

    def run(self, what: str, fn: Callable[[], T], default: T) -> T:
        """`what`: the part, a key of MESSAGES ("part_disks")."""
        try:
            value = fn()
        except Exception as exc:
            self.failed += 1
            self.notes.append(_say("unavailable", what=_say(what), error=_one_line(exc)))
            return default
        self.succeeded += 1
        return value


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def collect_system(sample_seconds: float = 0.25, *, partitions: Iterable[Any] | None = None) -> Section:
    """Collect the "system" section. Never raises.

    `partitions` replaces psutil.disk_partitions(all=False) (objects with device, mountpoint, fstype);
    the usage of each is still read from the real file system.
    """
    start = time.perf_counter()
    try:
        data, parts = _collect(sample_seconds, partitions)
    except Exception as exc:  # a bug in this module: report it, never raise
        return Section("system", "failed", reason=_one_line(exc), duration_ms=_ms(start))
    if parts.succeeded == 0:
        reason = parts.notes[0] if parts.notes else _say("nothing")
        return Section("system", "failed", reason=reason, data=data, duration_ms=_ms(start))
    return Section("system", "ok", data=data, duration_ms=_ms(start))


def _ms(start: float) -> int:
    return int((time.perf_counter() - start) * 1000)


def _collect(sample_seconds: float, partitions: Iterable[Any] | None) -> tuple[dict[str, Any], _Parts]:
    parts = _Parts()
    psutil = _import_psutil(parts)
    no_boot: tuple[str | None, int | None] = (None, None)
    boot_time, uptime = parts.run("part_boot_time", lambda: _boot(_need(psutil)), no_boot)
    no_disks: list[dict[str, Any]] = []
    disks = parts.run("part_disks", lambda: _disks(_need(psutil), partitions, parts.notes), no_disks)
    no_battery: tuple[dict[str, Any] | None, bool | None] = (None, None)
    battery, on_battery = parts.run("part_battery", lambda: _battery(_need(psutil), parts.notes), no_battery)
    cpu_percent, procs = _sample(psutil, sample_seconds, parts)
    data: dict[str, Any] = {
        "os": parts.run("part_os", _os_info, None),
        "hostname": parts.run("part_hostname", lambda: platform.node() or None, None),
        "boot_time": boot_time,
        "uptime_seconds": uptime,
        "cpu": parts.run("part_cpu", lambda: _cpu(psutil, cpu_percent), None),
        "memory": parts.run("part_memory", lambda: _memory(_need(psutil)), None),
        "disks": disks,
        "disks_nearly_full": [d["mountpoint"] for d in disks if d["nearly_full"]],
        "battery": battery,
        "on_battery": on_battery,
        "top_cpu": _top(procs, "cpu_percent"),
        "top_memory": _top(procs, "rss"),
        "notes": [str(note) for note in parts.notes],  # data: plain text (the reason keeps the message)
    }
    return data, parts


def _import_psutil(parts: _Parts) -> ModuleType | None:
    try:
        import psutil
    except ImportError:
        parts.notes.append(_say("no_psutil"))
        return None
    return psutil


def _need(psutil: ModuleType | None) -> ModuleType:
    if psutil is None:
        raise RuntimeError("psutil is not installed")
    return psutil


# --- OS ---------------------------------------------------------------------------------------------------


def _os_info() -> dict[str, Any]:
    return {
        "system": platform.system() or None,
        "release": platform.release() or None,
        "version": platform.version() or None,
        "distribution": _distribution(),
        "machine": platform.machine() or None,
        "python": platform.python_version(),
    }


def _distribution() -> str | None:
    if sys.platform.startswith("linux"):
        try:
            release = platform.freedesktop_os_release()
        except OSError:
            return None
        return release.get("PRETTY_NAME") or release.get("NAME") or None
    if sys.platform == "darwin":
        version = platform.mac_ver()[0]
        return f"macOS {version}" if version else None
    if sys.platform == "win32":
        release, version, _csd, _ptype = platform.win32_ver()
        edition = platform.win32_edition()
        name = " ".join(p for p in ("Windows", release, edition) if p)
        return f"{name} ({version})" if version else name
    return None


def _boot(psutil: ModuleType) -> tuple[str | None, int | None]:
    """Boot time as local ISO 8601 with offset (seconds precision), and the uptime in seconds."""
    stamp = float(psutil.boot_time())
    boot = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).astimezone()
    return boot.isoformat(timespec="seconds"), max(0, int(time.time() - stamp))


# --- CPU and memory ---------------------------------------------------------------------------------------


def _cpu(psutil: ModuleType | None, percent: float | None) -> dict[str, Any]:
    logical = psutil.cpu_count() if psutil else None
    return {
        "logical": logical or os.cpu_count(),
        "physical": psutil.cpu_count(logical=False) if psutil else None,
        "percent": percent,
        "load_average": _load_average(psutil),
    }


def _load_average(psutil: ModuleType | None) -> list[float] | None:
    getloadavg = getattr(psutil, "getloadavg", None) or getattr(os, "getloadavg", None)
    if getloadavg is None:
        return None
    try:
        return [round(float(v), 2) for v in getloadavg()]
    except OSError:
        return None


def _memory(psutil: ModuleType) -> dict[str, Any]:
    vm = psutil.virtual_memory()
    sw = psutil.swap_memory()
    return {
        "total": int(vm.total),
        "available": int(vm.available),
        "used": int(vm.used),
        "percent": float(vm.percent),
        "swap_total": int(sw.total),
        "swap_used": int(sw.used),
        "swap_percent": float(sw.percent),
    }


# --- disks ------------------------------------------------------------------------------------------------


def _disks(psutil: ModuleType, partitions: Iterable[Any] | None, notes: list[str]) -> list[dict[str, Any]]:
    if partitions is None:
        partitions = psutil.disk_partitions(all=False)
    disks: list[dict[str, Any]] = []
    seen: set[str] = set()
    for part in partitions:
        if part.mountpoint in seen or part.fstype in _IMAGE_FSTYPES:
            continue
        seen.add(part.mountpoint)
        try:
            usage = psutil.disk_usage(part.mountpoint)
        except Exception as exc:
            notes.append(_say("disk_usage", mountpoint=str(part.mountpoint), error=_one_line(exc)))
            continue
        disks.append(_disk_entry(part, usage))
    return disks


def _disk_entry(part: Any, usage: Any) -> dict[str, Any]:
    percent = float(usage.percent)
    return {
        "mountpoint": str(part.mountpoint),
        "device": str(part.device) or None,
        "fstype": str(part.fstype) or None,
        "total": int(usage.total),
        "used": int(usage.used),
        "free": int(usage.free),
        "percent": percent,
        "nearly_full": percent > NEARLY_FULL_PERCENT,
    }


# --- battery ----------------------------------------------------------------------------------------------


def _battery(psutil: ModuleType, notes: list[str]) -> tuple[dict[str, Any] | None, bool | None]:
    sensors_battery = getattr(psutil, "sensors_battery", None)
    if sensors_battery is None:
        notes.append(_say("no_battery_status"))
        return None, None
    battery = sensors_battery()
    if battery is None:
        return None, False  # no battery: the machine runs on mains power
    plugged = None if battery.power_plugged is None else bool(battery.power_plugged)
    secs = battery.secsleft
    # psutil uses -1 for "unknown" and -2 for "unlimited" (plugged in)
    seconds_left = int(secs) if isinstance(secs, int | float) and secs >= 0 else None
    info = {"percent": float(battery.percent), "power_plugged": plugged, "seconds_left": seconds_left}
    return info, (None if plugged is None else not plugged)


# --- processes --------------------------------------------------------------------------------------------


def _sample(psutil: ModuleType | None, seconds: float, parts: _Parts) -> tuple[float | None, list[dict[str, Any]]]:
    """Prime the CPU counters of the system and of every process, sleep once, read them all again."""
    if psutil is None:
        return None, []
    no_procs: list[Any] = []
    procs = parts.run("part_process_list", lambda: _prime(psutil), no_procs)
    no_cpu: float | None = None
    primed = parts.run("part_cpu_usage", lambda: float(psutil.cpu_percent(interval=None)), no_cpu)
    time.sleep(max(0.0, seconds))
    cpu = None if primed is None else parts.run("part_cpu_usage", lambda: float(psutil.cpu_percent(None)), no_cpu)
    return cpu, _read_processes(psutil, procs, parts.notes)


def _prime(psutil: ModuleType) -> list[Any]:
    procs: list[Any] = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            proc.cpu_percent(None)  # read again below: a denied process is counted there
        procs.append(proc)
    return procs


def _read_processes(psutil: ModuleType, procs: list[Any], notes: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    denied = 0
    for proc in procs:
        try:
            rows.append(_process_row(psutil, proc))
        except psutil.AccessDenied:
            denied += 1
        except psutil.NoSuchProcess:  # includes ZombieProcess: it vanished or cannot be read
            pass
        except Exception as exc:
            notes.append(_say("process_skipped", pid=str(getattr(proc, "pid", "?")), error=_one_line(exc)))
    if denied:
        notes.append(_say("denied", count=denied))
    return rows


def _process_row(psutil: ModuleType, proc: Any) -> dict[str, Any]:
    with proc.oneshot():
        cpu = float(proc.cpu_percent(None))
        rss = int(proc.memory_info().rss)
        mem = float(proc.memory_percent())
        name = proc.name()
        try:
            username: str | None = proc.username()
        except (psutil.AccessDenied, KeyError):  # KeyError: uid without a passwd entry
            username = None
    return {
        "pid": int(proc.pid),
        "name": str(name),
        "username": username,
        "cpu_percent": round(cpu, 1),
        "memory_percent": round(mem, 2),
        "rss": rss,
    }


def _top(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: row[key], reverse=True)[:TOP_N]
