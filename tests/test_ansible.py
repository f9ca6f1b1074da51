"""The Ansible example (examples/ansible): the playbook runs `reportkit diagnose --json` on two inventory hosts that
are both this machine (local connection), fetches both results and merges them with `reportkit compare`. Every probe
goes to loopback (a loopback-only config and REPORTKIT_PROBE_ALLOW=127.0.0.0/8), or none at all (--offline)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli_after import Listener, free_port, loopback_config
from test_probes import FakeDns

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ansible"
BIN = Path(sys.executable).parent
PLAYBOOK = shutil.which("ansible-playbook", path=str(BIN))

pytestmark = pytest.mark.skipif(PLAYBOOK is None, reason="ansible-core is not installed (the test extra has it)")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    where = tmp_path / "ansible"
    shutil.copytree(EXAMPLE, where)
    return where


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[Path]:
    """A config whose every target is on loopback and answers: the anchors, the portal check, a DNS server, the
    service's port."""
    dns = FakeDns({"localhost": "127.0.0.1"})
    dns.start()
    anchor, service = Listener(free_port()), Listener(free_port())
    anchor.start()
    service.start()
    yield loopback_config(tmp_path, anchor.port, service.port, dns.port)
    anchor.stop()
    service.stop()
    dns.close()


def play(workdir: Path, extra: dict[str, object]) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")},
        "HOME": str(workdir),
        "TMPDIR": str(workdir / ".tmp"),
        "ANSIBLE_LOCAL_TEMP": str(workdir / ".ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(workdir / ".ansible-remote"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "REPORTKIT_PROBE_ALLOW": "127.0.0.0/8",
        "REPORTKIT_HISTORY": str(workdir / "history.sqlite3"),
        "LANG": "C.UTF-8",
    }
    variables = {"reportkit_bin": str(BIN / "reportkit"), "compare_args": ["--json"], **extra}
    (workdir / ".tmp").mkdir(exist_ok=True)
    return subprocess.run(
        [str(PLAYBOOK), "-i", "inventory.ini", "diagnose.yml", "-e", json.dumps(variables)],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip


def merged_of(output: str) -> dict[str, object]:
    """The compare --json object the playbook's last task printed (as its stdout_lines)."""
    start = output.index('"msg": [')
    lines = json.loads("{" + output[start : output.index("\n    ]\n", start) + 6] + "}")["msg"]
    merged: dict[str, object] = json.loads("\n".join(lines))
    return merged


def test_the_playbook_diagnoses_both_hosts_fetches_and_compares(workdir: Path, loopback: Path) -> None:
    done = play(workdir, {"reportkit_args": ["--config", str(loopback), "--deadline", "2"]})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "failed=0" in done.stdout and "unreachable=0" in done.stdout
    results = sorted((workdir / "results").glob("*.json"))
    assert [p.name for p in results] == ["home.json", "office.json"]
    for path in results:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["schema"].startswith("reportkit/") and data["probes"]["status"] == "ok"
        targets = [r["target"] for r in data["probes"]["data"]["results"] if r["outcome"] != "skipped"]
        assert targets and all("127." in t or "localhost" in t for t in targets), targets  # loopback only
    merged = merged_of(done.stdout)
    assert [v["label"] for v in merged["vantages"]] == ["home", "office"]  # type: ignore[index]
    assert [v["works"] for v in merged["vantages"]] == [True, True]  # type: ignore[index]
    assert merged["verdict"]["culprit"] == "none"  # type: ignore[index]


def test_offline_hosts_give_an_honest_not_measured(workdir: Path) -> None:
    done = play(workdir, {"reportkit_args": ["--offline"]})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    for host in ("home", "office"):
        data = json.loads((workdir / "results" / f"{host}.json").read_text(encoding="utf-8"))
        assert data["schema"].startswith("reportkit/") and data["probes"]["status"] == "skipped"
        assert (data["verdict"]["culprit"], data["verdict"]["finding"]) == ("unknown", "not-measured")
    assert not list((workdir / ".tmp").glob("reportkit-*"))  # the playbook removed its folder on the host
    merged = merged_of(done.stdout)
    assert [(v["label"], v["works"]) for v in merged["vantages"]] == [("home", None), ("office", None)]  # type: ignore[index]
    assert (merged["verdict"]["culprit"], merged["verdict"]["finding"]) == ("unknown", "not-measured")  # type: ignore[index]


def test_the_compare_step_can_be_left_out(workdir: Path) -> None:
    done = play(workdir, {"reportkit_args": ["--offline"], "reportkit_compare": False})
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Run reportkit compare" in done.stdout and '"msg": [' not in done.stdout
    assert len(list((workdir / "results").glob("*.json"))) == 2
