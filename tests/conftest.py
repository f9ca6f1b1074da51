"""Shared fixtures: every test gets its own config and data dirs, never the user's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/fixtures.py is importable as `fixtures`


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    home = tmp_path_factory.mktemp("home")
    dirs = {"config": home / "config", "data": home / "data", "cache": home / "cache", "state": home / "state"}
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs["state"]))  # crash logs
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.delenv("REPORTKIT_CONFIG", raising=False)
    # safety net: no test may probe anything but loopback and the lab's RFC 5737 ranges
    monkeypatch.setenv("REPORTKIT_PROBE_ALLOW", "127.0.0.0/8,::1/128,198.51.100.0/24,203.0.113.0/24")
    return dirs


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed (key, certificate) for localhost and 127.0.0.1, for TLS servers on loopback."""
    where = tmp_path_factory.mktemp("tls")
    key, cert = where / "key.pem", where / "cert.pem"
    made = subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip("openssl cannot make a test certificate here")
    return key, cert
