"""The system collector run for real on this machine (Linux), a really full tmpfs, injected psutil faults."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psutil
import pytest

from reportkit.collectors.system import collect_system
from reportkit.model import Section

PROCESS_KEYS = {"pid": int, "name": str, "cpu_percent": float, "memory_percent": float, "rss": int}


def assert_plain(value: Any, path: str = "data") -> None:
    """Only JSON types, lists and never tuples, string keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{path}: key {key!r}"
            assert_plain(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            assert_plain(item, f"{path}[{i}]")
    else:
        assert value is None or isinstance(value, str | int | float | bool), f"{path}: {type(value).__name__}"


def assert_process_row(row: dict[str, Any]) -> None:
    assert set(row) == {*PROCESS_KEYS, "username"}
    for key, kind in PROCESS_KEYS.items():
        assert isinstance(row[key], kind), (key, row)
    assert row["username"] is None or isinstance(row["username"], str)
    assert row["cpu_percent"] >= 0 and row["rss"] >= 0


@pytest.fixture(scope="module")
def section() -> Section:
    return collect_system(sample_seconds=0.1)


def test_real_collect_is_ok_and_timed(section: Section) -> None:
    assert section.name == "system"
    assert section.status == "ok", section.reason
    assert section.reason is None
    assert isinstance(section.duration_ms, int) and section.duration_ms >= 0


def test_real_collect_round_trips_through_json(section: Section) -> None:
    assert_plain(section.data)
    assert json.loads(json.dumps(section.data)) == section.data


def test_real_os_host_and_uptime(section: Section) -> None:
    data = section.data
    assert data["os"]["system"] == "Linux"
    assert data["os"]["python"] == ".".join(map(str, sys.version_info[:3]))
    for key in ("release", "version", "machine"):
        assert isinstance(data["os"][key], str) and data["os"][key]
    assert data["os"]["distribution"] is None or isinstance(data["os"]["distribution"], str)
    assert data["hostname"] == os.uname().nodename
    boot = data["boot_time"]
    assert isinstance(boot, str) and boot[10] == "T" and boot[-6] in "+-" and "." not in boot
    assert isinstance(data["uptime_seconds"], int)
    assert abs(data["uptime_seconds"] - (time.time() - psutil.boot_time())) < 60


def test_real_cpu_and_memory(section: Section) -> None:
    cpu, memory = section.data["cpu"], section.data["memory"]
    assert cpu["logical"] == os.cpu_count()
    assert cpu["physical"] is None or 1 <= cpu["physical"] <= cpu["logical"]
    assert isinstance(cpu["percent"], float) and 0.0 <= cpu["percent"] <= 100.0
    assert isinstance(cpu["load_average"], list) and len(cpu["load_average"]) == 3
    assert all(isinstance(v, float) for v in cpu["load_average"])
    for key in ("total", "available", "used", "swap_total", "swap_used"):
        assert isinstance(memory[key], int) and memory[key] >= 0, key
    assert memory["total"] > 0 and memory["available"] <= memory["total"]
    for key in ("percent", "swap_percent"):
        assert isinstance(memory[key], float) and 0.0 <= memory[key] <= 100.0


def test_real_disks_consistent(section: Section) -> None:
    disks = section.data["disks"]
    assert disks, "no disk found"
    mountpoints = [d["mountpoint"] for d in disks]
    assert len(mountpoints) == len(set(mountpoints))
    for disk in disks:
        assert isinstance(disk["total"], int) and disk["total"] >= disk["used"] >= 0
        assert isinstance(disk["percent"], float)
        assert disk["nearly_full"] is (disk["percent"] > 95)
    assert section.data["disks_nearly_full"] == [d["mountpoint"] for d in disks if d["nearly_full"]]


def test_real_battery(section: Section) -> None:
    data = section.data
    if psutil.sensors_battery() is None:
        assert data["battery"] is None and data["on_battery"] is False
    else:
        assert set(data["battery"]) == {"percent", "power_plugged", "seconds_left"}
        assert data["on_battery"] in (True, False, None)


def test_real_top_processes(section: Section) -> None:
    top_cpu, top_memory = section.data["top_cpu"], section.data["top_memory"]
    assert 1 <= len(top_cpu) <= 5 and 1 <= len(top_memory) <= 5
    for row in top_cpu + top_memory:
        assert_process_row(row)
    cpu = [r["cpu_percent"] for r in top_cpu]
    rss = [r["rss"] for r in top_memory]
    assert cpu == sorted(cpu, reverse=True)
    assert rss == sorted(rss, reverse=True)
    assert isinstance(section.data["notes"], list)


def test_busy_process_tops_the_cpu_list() -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.2)
        data = collect_system(sample_seconds=0.5).data
    finally:
        busy.kill()
        busy.wait()
    row = next((r for r in data["top_cpu"] if r["pid"] == busy.pid), None)
    assert row is not None, data["top_cpu"]
    assert row["cpu_percent"] > 30


@contextlib.contextmanager
def full_tmpfs(where: Path) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        with open(where / "fill", "wb") as handle, contextlib.suppress(OSError):  # ENOSPC ends the filling
            for _ in range(64):
                handle.write(b"\0" * 65536)
                handle.flush()
        yield where
    finally:
        if subprocess.run(["umount", str(where)]).returncode != 0:
            subprocess.run(["umount", "-l", str(where)])


def test_full_disk_is_flagged(tmp_path: Path) -> None:
    with full_tmpfs(tmp_path / "full") as mountpoint:
        # disk_partitions(all=False) leaves out tmpfs, so hand its real partition entry to the collector;
        # the usage is still read from the mounted file system.
        part = next(p for p in psutil.disk_partitions(all=True) if p.mountpoint == str(mountpoint))
        section = collect_system(0.0, partitions=[*psutil.disk_partitions(all=False), part])
    assert section.status == "ok"
    disk = next(d for d in section.data["disks"] if d["mountpoint"] == str(mountpoint))
    assert disk["fstype"] == "tmpfs" and disk["percent"] > 95 and disk["nearly_full"] is True
    assert str(mountpoint) in section.data["disks_nearly_full"]
    assert "/" in [d["mountpoint"] for d in section.data["disks"]]


def test_unreadable_and_image_partitions_are_skipped(tmp_path: Path) -> None:
    parts = [
        SimpleNamespace(device="/dev/loop0", mountpoint="/", fstype="squashfs"),
        SimpleNamespace(device="/dev/sdz1", mountpoint=str(tmp_path / "gone"), fstype="ext4"),
        SimpleNamespace(device="/dev/sdz2", mountpoint=str(tmp_path), fstype="ext4"),
    ]
    section = collect_system(0.0, partitions=parts)
    assert section.status == "ok"
    assert [d["mountpoint"] for d in section.data["disks"]] == [str(tmp_path)]
    assert any(str(tmp_path / "gone") in note for note in section.data["notes"])


class DeniedProcess:
    pid = 999_999

    def _deny(self, *args: object, **kwargs: object) -> Any:
        raise psutil.AccessDenied(self.pid)

    cpu_percent = memory_info = memory_percent = name = username = _deny

    def oneshot(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


def test_survives_psutil_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_battery() -> None:
        raise RuntimeError("no /sys/class/power_supply")

    me = psutil.Process()
    monkeypatch.setattr(psutil, "sensors_battery", broken_battery)
    monkeypatch.setattr(psutil, "process_iter", lambda *a, **k: iter([DeniedProcess(), me]))
    section = collect_system(0.0)
    assert section.status == "ok", section.reason
    data = section.data
    assert data["battery"] is None and data["on_battery"] is None
    assert any("battery" in n and "no /sys/class/power_supply" in n for n in data["notes"])
    assert any("access denied" in n for n in data["notes"])
    assert [r["pid"] for r in data["top_cpu"]] == [me.pid]
    assert data["memory"] is not None and data["disks"]
    assert json.loads(json.dumps(data)) == data


def test_battery_on_mains_and_discharging(monkeypatch: pytest.MonkeyPatch) -> None:
    # This machine has no battery, so a battery reading has to be fabricated.
    reading = SimpleNamespace(percent=42, secsleft=psutil.POWER_TIME_UNKNOWN, power_plugged=False)
    monkeypatch.setattr(psutil, "sensors_battery", lambda: reading)
    data = collect_system(0.0).data
    assert data["battery"] == {"percent": 42.0, "power_plugged": False, "seconds_left": None}
    assert data["on_battery"] is True
    plugged = SimpleNamespace(percent=99.5, secsleft=psutil.POWER_TIME_UNLIMITED, power_plugged=True)
    monkeypatch.setattr(psutil, "sensors_battery", lambda: plugged)
    data = collect_system(0.0).data
    assert data["battery"] == {"percent": 99.5, "power_plugged": True, "seconds_left": None}
    assert data["on_battery"] is False


def test_without_psutil_still_reports_the_os(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psutil", None)
    section = collect_system(0.0)
    assert section.status == "ok"
    assert section.data["os"]["system"] == "Linux"
    assert section.data["memory"] is None and section.data["top_cpu"] == []
    assert any("psutil is not installed" in n for n in section.data["notes"])
    assert_plain(section.data)


def test_import_does_not_load_psutil_or_netifaces() -> None:
    code = (
        "import sys, reportkit.collectors.system, reportkit.collectors.network;"
        "print(sorted(m for m in ('psutil', 'netifaces') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
