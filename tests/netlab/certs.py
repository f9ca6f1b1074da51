"""Test certificates for the lab's HTTPS servers, made with the `openssl` command (OpenSSL 3.0 or later).

`make_certs(directory)` writes a test CA and three leaf certificates it signed, and returns
{"ca": (ca.pem, ca.key), "valid": ..., "expired": ..., "wronghost": ...} as (certificate, private key) paths:
- valid: CN and SAN DNS:shop.lab.test, valid from an hour ago for 30 days;
- expired: SAN DNS:shop.lab.test, valid only in January 2020;
- wronghost: CN and SAN DNS:other.lab.test, valid from an hour ago for 30 days.

The leaves are signed with `openssl ca` (its -startdate/-enddate set any validity period, past ones too; OpenSSL 3.0's
`x509 -req` has only -days). Every certificate carries the extensions a strict verifier wants (Python 3.13's
VERIFY_X509_STRICT): a critical basicConstraints and keyUsage, subject and authority key identifiers, and on the
leaves extendedKeyUsage serverAuth. The keys are P-256 (fast to make: the whole set takes well under a second).
Every file written is mode 0644: the lab's unprivileged user reads ca.pem, and these are throwaway test keys.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

CA_NAME = "reportkit netlab test CA"
LEAVES = {  # name -> (common name, SAN DNS name, (notBefore, notAfter) or None for "from an hour ago, 30 days")
    "valid": ("shop.lab.test", "shop.lab.test", None),
    "expired": ("shop.lab.test", "shop.lab.test", ("20200101000000Z", "20200201000000Z")),
    "wronghost": ("other.lab.test", "other.lab.test", None),
}
VALID_DAYS = 30

_CONFIG = """\
[ req ]
distinguished_name = req_dn
prompt = no
x509_extensions = v3_ca

[ req_dn ]
CN = {ca_name}

[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ca ]
default_ca = lab_ca

[ lab_ca ]
dir = {workdir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = {ca_cert}
private_key = {ca_key}
rand_serial = yes
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
preserve = no

[ policy_any ]
commonName = supplied
"""

_LEAF_SECTION = """
[ leaf_{name} ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:{san}
"""


class CertError(RuntimeError):
    pass


def _openssl(*args: str) -> None:
    try:
        done = subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=30, check=False)
    except FileNotFoundError:
        raise CertError("the `openssl` command is not installed") from None
    if done.returncode != 0:
        raise CertError(f"openssl {args[0]} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%SZ")  # GeneralizedTime, as `openssl ca -startdate/-enddate` take it


def make_certs(directory: Path) -> dict[str, tuple[Path, Path]]:
    """Create the CA and the leaves in `directory` (made if missing; existing files are replaced)."""
    if shutil.which("openssl") is None:
        raise CertError("the `openssl` command is not installed")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    work = directory / "ca-work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "newcerts").mkdir(parents=True)
    (work / "index.txt").write_text("", encoding="utf-8")

    ca_cert, ca_key = directory / "ca.pem", directory / "ca.key"
    config = work / "openssl.cnf"
    text = _CONFIG.format(ca_name=CA_NAME, workdir=work, ca_cert=ca_cert, ca_key=ca_key)
    text += "".join(_LEAF_SECTION.format(name=name, san=san) for name, (_, san, _) in LEAVES.items())
    config.write_text(text, encoding="utf-8")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")

    # the CA: self-signed, valid from now for ten years
    _openssl("req", "-config", str(config), "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca_cert), "-days", "3650")
    out = {"ca": (ca_cert, ca_key)}

    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    for name, (common_name, _, period) in LEAVES.items():
        cert, key, csr = directory / f"{name}.pem", directory / f"{name}.key", work / f"{name}.csr"
        start, end = period or (
            _stamp(now - datetime.timedelta(hours=1)),
            _stamp(now + datetime.timedelta(days=VALID_DAYS)),
        )
        subject = f"/CN={common_name}"
        _openssl("req", "-config", str(config), "-new", *ec, "-subj", subject, "-keyout", str(key), "-out", str(csr))
        _openssl(
            "ca",
            "-batch",
            "-config",
            str(config),
            "-in",
            str(csr),
            "-out",
            str(cert),
            "-extensions",
            f"leaf_{name}",
            "-startdate",
            start,
            "-enddate",
            end,
            "-notext",
        )
        out[name] = (cert, key)
    for cert, key in out.values():
        os.chmod(cert, 0o644)
        os.chmod(key, 0o644)
    shutil.rmtree(work, ignore_errors=True)
    return out
