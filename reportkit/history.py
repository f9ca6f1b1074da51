"""The ledger: every request collected on this computer, the ticket numbers support gave, verify and watch runs,
and how each request was resolved. Stdlib sqlite3 in WAL mode, in the user data dir, private (0700 / 0600).

- Concurrent reportkit processes: every write is one `BEGIN IMMEDIATE` transaction, waiting up to BUSY_S for the
  others; nothing is lost or half-written.
- A file that is not a database (or fails its integrity check) is moved aside, with one notice, and a fresh one is
  started; a database from a newer reportkit (PRAGMA user_version above SCHEMA_VERSION) is opened read-only and
  every write says so; a read-only folder or file still reads, and its writes say why not.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reportkit.errors import InputError, ReportkitError
from reportkit.i18n import _

ENV = "REPORTKIT_HISTORY"  # a ledger file of its own (tests, a shared admin ledger)
STATUSES = ("draft", "saved", "sent", "ticket-open", "resolved")
SCHEMA_VERSION = 2
BUSY_S = 15.0
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ID_DECODE = {**{c: c for c in _CROCKFORD}, "O": "0", "I": "1", "L": "1"}
TICKET_MAX = 64


class HistoryError(ReportkitError):
    """The ledger cannot be written (read-only, newer schema, disk full); the request itself is unaffected."""


class UnknownRequest(InputError):
    """No request with this id in the ledger."""


def default_path(environ: Mapping[str, str] = os.environ) -> Path:
    from reportkit.paths import user_data_dir

    if environ.get(ENV):
        return Path(environ[ENV])
    return user_data_dir(environ) / "history.sqlite3"


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _shown(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


def check_request_id(text: str) -> str:
    """RK- and four or more Crockford base-32 characters, any case; O reads as 0, I and L as 1."""
    raw = str(text or "").strip().upper()
    body = raw[3:] if raw.startswith("RK-") else raw[2:] if raw.startswith("RK") else None
    if body and 4 <= len(body) <= 12 and all(c in _ID_DECODE for c in body):
        return "RK-" + "".join(_ID_DECODE[c] for c in body)
    raise InputError(
        _("{value} is not a request id; ids look like RK-7Q2M (`reportkit history` lists them)").format(
            value=_shown(str(text or ""))
        )
    )


def check_ticket_number(text: str, what: str = "TICKET-NUMBER") -> str:
    """1 to 64 visible characters, no control, format (bidi) or line-break characters."""
    import unicodedata

    value = str(text or "").strip()
    if not value:
        raise InputError(_("the {what} is empty; give the number support sent you, e.g. ISP-48213").format(what=what))
    if len(value) > TICKET_MAX:
        raise InputError(
            _("the {what} is {count} characters long; give at most {most}, as support wrote it").format(
                what=what, count=len(value), most=TICKET_MAX
            )
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        raise InputError(
            _("the {what} holds control or invisible characters; type it as support wrote it").format(what=what)
        )
    return value


@dataclass(frozen=True)
class Request:
    id: str
    created_at: str
    updated_at: str
    summary: str = ""
    service: str = ""
    service_key: str = ""
    contact: str = ""
    culprit: str = ""
    recipient: str = ""
    output: str = ""
    score: int | None = None
    status: str = "draft"
    language: str = "en"


@dataclass(frozen=True)
class Ticket:
    request_id: str
    number: str
    provider: str
    recorded_at: str


@dataclass(frozen=True)
class Round:
    at: str
    ok: bool
    culprit: str = ""
    finding: str = ""
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    id: int
    request_id: str | None
    kind: str  # verify | watch
    service_key: str
    started_at: str
    ended_at: str | None
    rounds: tuple[Round, ...] = ()


@dataclass(frozen=True)
class Resolution:
    request_id: str
    symptom: str
    cause: str
    fix: str
    resolved_at: str


@dataclass(frozen=True)
class Detail:
    request: Request
    tickets: tuple[Ticket, ...]
    runs: tuple[Run, ...]
    resolution: Resolution | None


# ------------------------------------------------------------------------------------------------ the schema

_V1 = """
CREATE TABLE IF NOT EXISTS requests (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT '', service_key TEXT NOT NULL DEFAULT '', contact TEXT NOT NULL DEFAULT '',
    culprit TEXT NOT NULL DEFAULT '', output TEXT NOT NULL DEFAULT '', score INTEGER,
    status TEXT NOT NULL DEFAULT 'draft', plan TEXT
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL REFERENCES requests(id), number TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL
);
"""


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Statements one by one, inside the caller's transaction (executescript would commit it first)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _to_v1(db: sqlite3.Connection) -> None:
    _script(db, _V1)


def _to_v2(db: sqlite3.Connection) -> None:
    """Version 2: who the request went to, its language and probe results, verify / watch runs, resolutions."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(requests)")}
    for name, kind in (("recipient", "TEXT NOT NULL DEFAULT ''"), ("language", "TEXT NOT NULL DEFAULT 'en'"),
                       ("probes", "TEXT")):  # fmt: skip
        if name not in columns:
            db.execute(f"ALTER TABLE requests ADD COLUMN {name} {kind}")
    _script(
        db,
        """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT, kind TEXT NOT NULL,
            service_key TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL, ended_at TEXT
        );
        CREATE TABLE IF NOT EXISTS rounds (
            id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id), at TEXT NOT NULL,
            ok INTEGER NOT NULL, culprit TEXT NOT NULL DEFAULT '', finding TEXT NOT NULL DEFAULT '', summary TEXT
        );
        CREATE TABLE IF NOT EXISTS resolutions (
            request_id TEXT PRIMARY KEY REFERENCES requests(id), symptom TEXT NOT NULL, cause TEXT NOT NULL,
            fix TEXT NOT NULL, resolved_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS tickets_request ON tickets(request_id);
        CREATE INDEX IF NOT EXISTS requests_service ON requests(service_key);
        CREATE INDEX IF NOT EXISTS runs_service ON runs(service_key, kind);
        CREATE INDEX IF NOT EXISTS rounds_run ON rounds(run_id);
        """,
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_to_v1, _to_v2)  # MIGRATIONS[n] makes version n+1


# --------------------------------------------------------------------------------------------------- the ledger


class Ledger:
    """The ledger at `path`; use as a context manager (or call close())."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.read_only = False
        self.notices: list[str] = []
        self._why_read_only = ""
        self.db: sqlite3.Connection | None = self._open()

    # -- opening
    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            return self._open_read_only(exc)
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return self._open_read_only(PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
        if not os.access(self.path.parent, os.W_OK):
            return self._open_read_only(PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
        try:
            db, version = self._connect()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise HistoryError(
                    _("the history {path} is busy (another reportkit is writing); try again").format(path=self.path)
                ) from None
            self._move_aside()
            db, version = self._connect()
        except sqlite3.DatabaseError:
            self._move_aside()
            db, version = self._connect()
        if version > SCHEMA_VERSION:
            db.close()
            self.notices.append(self._newer_text(version))
            self._why_read_only = self._newer_text(version)
            return self._read_only_connection()
        if version < SCHEMA_VERSION:
            self._migrate(db, version)
        self._private()
        return db

    def _connect(self) -> tuple[sqlite3.Connection, int]:
        """A connection in WAL mode and the schema version; the connection is closed again if that fails."""
        if not self.path.exists():  # created private: no moment in which another user could read it
            with contextlib.suppress(FileExistsError):  # another reportkit made it just now
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        db = sqlite3.connect(self.path, timeout=BUSY_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_S * 1000)}")
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                return db, version  # a newer reportkit's: not even its journal mode is changed
            if db.execute("PRAGMA journal_mode = WAL").fetchone() is None:
                raise sqlite3.DatabaseError("no journal mode")
            db.execute("PRAGMA synchronous = NORMAL")
            ok = db.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {ok[0] if ok else '?'}")
        except BaseException:
            db.close()
            raise
        return db, version

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = int(db.execute("PRAGMA user_version").fetchone()[0])  # another process may have done it
            for step in MIGRATIONS[current:SCHEMA_VERSION]:
                step(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _move_aside(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                with contextlib.suppress(OSError):
                    os.replace(side, target.with_name(target.name + suffix))
        self.notices.append(
            _("the history {path} was damaged; it is kept as {moved} and a new one was started").format(
                path=self.path, moved=target.name
            )
        )

    def _private(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.chmod(self.path.with_name(self.path.name + suffix), 0o600)

    def _newer_text(self, version: int) -> str:
        return _(
            "{path} was written by a newer reportkit (schema {version}); it is left untouched: upgrade reportkit or "
            "use --no-history"
        ).format(path=self.path.name, version=version)

    def _open_read_only(self, exc: OSError) -> sqlite3.Connection | None:
        self._why_read_only = _("the history {path} cannot be written ({reason})").format(
            path=self.path, reason=exc.strerror or str(exc)
        )
        return self._read_only_connection()

    def _read_only_connection(self) -> sqlite3.Connection | None:
        self.read_only = True
        if not self.path.exists():
            return None
        # read-only; in a folder that cannot be written the WAL index cannot be made either, so then as an
        # immutable file (what the last writer checkpointed into it when it closed)
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True, timeout=BUSY_S)
            except sqlite3.Error:
                continue
            try:
                db.execute("SELECT count(*) FROM requests").fetchone()
                return db
            except sqlite3.Error:
                db.close()
        return None

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions
    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self.read_only or self.db is None:
            raise HistoryError(self._why_read_only or _("the history cannot be written"))
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise HistoryError(_("the history {path} cannot be written ({reason})").format(
                path=self.path, reason=exc)) from None  # fmt: skip
        try:
            yield db
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise HistoryError(_("the history {path} cannot be written ({reason})").format(
                path=self.path, reason=exc)) from None  # fmt: skip
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        self._private()

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        if self.db is None:
            return []
        self.db.row_factory = sqlite3.Row
        try:
            return list(self.db.execute(sql, args))
        except sqlite3.OperationalError:
            if self.read_only:  # a newer schema whose tables this version does not know
                return []
            raise

    def _has(self, column: str) -> bool:
        return any(r["name"] == column for r in self._rows("PRAGMA table_info(requests)"))

    # -- requests
    def _new_id(self, db: sqlite3.Connection) -> str:
        length = 4
        for attempt in range(200):
            if attempt and attempt % 20 == 0:
                length += 1  # the space of this length is getting full
            candidate = "RK-" + "".join(secrets.choice(_CROCKFORD) for _n in range(length))
            if db.execute("SELECT 1 FROM requests WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        raise HistoryError(_("no free request id could be found; the history is full"))

    def add_request(
        self,
        *,
        summary: str = "",
        service: str = "",
        service_key: str = "",
        contact: str = "",
        culprit: str = "",
        recipient: str = "",
        output: str = "",
        score: int | None = None,
        language: str = "en",
        plan: Mapping[str, Any] | None = None,
        probes: Mapping[str, Any] | None = None,
        status: str = "draft",
    ) -> Request:
        if status not in STATUSES:
            raise ValueError(status)
        at = now_iso()
        with self._writing() as db:
            rid = self._new_id(db)
            db.execute(
                "INSERT INTO requests (id, created_at, updated_at, summary, service, service_key, contact, culprit,"
                " recipient, output, score, status, language, plan, probes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                tuple(_text(v) for v in (rid, at, at, summary, service, service_key.lower(), contact.lower(), culprit,
                      recipient, output, score, status, language, _json(plan), _json(probes))),
            )  # fmt: skip
        return self.get(rid)

    _UPDATABLE = ("summary", "service", "culprit", "recipient", "output", "score", "language", "plan", "probes")

    def update(self, request_id: str, **fields: Any) -> None:
        unknown = set(fields) - set(self._UPDATABLE)
        if unknown:
            raise ValueError(sorted(unknown))
        if not fields:
            return
        values = [_json(v) if k in ("plan", "probes") else _text(v) for k, v in fields.items()]
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._writing() as db:
            done = db.execute(f"UPDATE requests SET {sets}, updated_at = ? WHERE id = ?",
                              (*values, now_iso(), request_id))  # fmt: skip
            if done.rowcount == 0:
                raise self._unknown(request_id)

    def set_status(self, request_id: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        with self._writing() as db:
            done = db.execute("UPDATE requests SET status = ?, updated_at = ? WHERE id = ?",
                              (status, now_iso(), request_id))  # fmt: skip
            if done.rowcount == 0:
                raise self._unknown(request_id)

    def _unknown(self, request_id: str) -> UnknownRequest:
        return UnknownRequest(_("no request {id} in the history; `reportkit history` lists them").format(id=request_id))

    def get(self, request_id: str) -> Request:
        rows = self._rows("SELECT * FROM requests WHERE id = ?", (request_id,))
        if not rows:
            raise self._unknown(request_id)
        return _request(rows[0])

    def plan(self, request_id: str) -> dict[str, Any] | None:
        """{"plan": the probe targets, "probes": the results then} of a request (None: recorded without probes)."""
        self.get(request_id)
        rows = self._rows("SELECT * FROM requests WHERE id = ?", (request_id,))
        plan = _loads(rows[0]["plan"])
        if plan is None:
            return None
        probes = _loads(rows[0]["probes"]) if "probes" in rows[0].keys() else None  # noqa: SIM118 (a Row: keys)
        return {"plan": plan, "probes": probes}

    def requests(
        self,
        service: str | None = None,
        status: str | None = None,
        since: datetime | str | None = None,
        limit: int | None = None,
    ) -> list[Request]:
        found = [_request(r) for r in self._rows("SELECT * FROM requests ORDER BY created_at DESC, rowid DESC")]
        if service:
            needle = service.strip().lower()
            found = [r for r in found if needle in r.service_key.lower() or needle in r.service.lower()]
        if status:
            found = [r for r in found if r.status == status]
        if since is not None:
            moment = since if isinstance(since, datetime) else datetime.fromisoformat(since)
            if moment.tzinfo is None:
                moment = moment.astimezone()
            found = [r for r in found if _when(r.created_at) >= moment]
        return found[:limit] if limit else found

    # -- tickets
    def add_ticket(self, request_id: str, number: str, provider: str = "") -> Ticket:
        number = check_ticket_number(number)
        provider = check_ticket_number(provider, "--provider") if provider.strip() else ""
        at = now_iso()
        with self._writing() as db:
            row = db.execute("SELECT status FROM requests WHERE id = ?", (request_id,)).fetchone()
            if row is None:
                raise self._unknown(request_id)
            db.execute("INSERT INTO tickets (request_id, number, provider, recorded_at) VALUES (?,?,?,?)",
                       (request_id, number, provider, at))  # fmt: skip
            if row[0] != "resolved":
                db.execute("UPDATE requests SET status = 'ticket-open', updated_at = ? WHERE id = ?", (at, request_id))
        return Ticket(request_id, number, provider, at)

    def tickets(self, request_id: str) -> list[Ticket]:
        return [
            Ticket(r["request_id"], r["number"], r["provider"], r["recorded_at"])
            for r in self._rows("SELECT * FROM tickets WHERE request_id = ? ORDER BY id", (request_id,))
        ]

    def open_tickets(
        self, service_key: str | None = None, contact: str | None = None, exclude: str | None = None
    ) -> list[tuple[Ticket, Request]]:
        """Tickets of unresolved requests about this service or from this contact, newest first."""
        if not service_key and not contact:
            return []
        rows = self._rows(
            "SELECT t.request_id AS tid, t.number, t.provider, t.recorded_at, r.* FROM tickets t "
            "JOIN requests r ON r.id = t.request_id WHERE r.status != 'resolved' "
            "AND ((? != '' AND r.service_key = ?) OR (? != '' AND r.contact = ?)) ORDER BY t.id DESC",
            (service_key or "", (service_key or "").lower(), contact or "", (contact or "").lower()),
        )
        return [
            (Ticket(r["tid"], r["number"], r["provider"], r["recorded_at"]), _request(r))
            for r in rows
            if r["id"] != exclude
        ]

    # -- runs
    def start_run(self, kind: str, request_id: str | None = None, service_key: str = "") -> int:
        if kind not in ("verify", "watch"):
            raise ValueError(kind)
        with self._writing() as db:
            cursor = db.execute("INSERT INTO runs (request_id, kind, service_key, started_at) VALUES (?,?,?,?)",
                                (request_id, kind, service_key.lower(), now_iso()))  # fmt: skip
            return int(cursor.lastrowid or 0)

    def add_round(self, run_id: int, round_: Round) -> None:
        with self._writing() as db:
            db.execute("INSERT INTO rounds (run_id, at, ok, culprit, finding, summary) VALUES (?,?,?,?,?,?)",
                       (run_id, round_.at, int(round_.ok), round_.culprit, round_.finding,
                        _json(round_.summary)))  # fmt: skip
            db.execute("UPDATE runs SET ended_at = ? WHERE id = ?", (round_.at, run_id))

    def finish_run(self, run_id: int) -> None:
        with self._writing() as db:
            db.execute("UPDATE runs SET ended_at = ? WHERE id = ?", (now_iso(), run_id))

    def runs(
        self,
        request_id: str | None = None,
        service_key: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
    ) -> list[Run]:
        where, args = [], []
        for column, value in (("request_id", request_id), ("service_key", service_key), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value.lower() if column == "service_key" else value)
        sql = "SELECT * FROM runs" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        out = []
        for r in self._rows(sql, tuple(args)):
            rounds = tuple(
                Round(x["at"], bool(x["ok"]), x["culprit"], x["finding"], _loads(x["summary"]) or {})
                for x in self._rows("SELECT * FROM rounds WHERE run_id = ? ORDER BY id", (r["id"],))
            )
            out.append(Run(r["id"], r["request_id"], r["kind"], r["service_key"], r["started_at"], r["ended_at"],
                           rounds))  # fmt: skip
        return out

    # -- resolution
    def resolve(self, request_id: str, symptom: str, cause: str, fix: str) -> Resolution:
        at = now_iso()
        with self._writing() as db:
            done = db.execute("UPDATE requests SET status = 'resolved', updated_at = ? WHERE id = ?",
                              (at, request_id))  # fmt: skip
            if done.rowcount == 0:
                raise self._unknown(request_id)
            db.execute("INSERT OR REPLACE INTO resolutions (request_id, symptom, cause, fix, resolved_at) "
                       "VALUES (?,?,?,?,?)", (request_id, symptom, cause, fix, at))  # fmt: skip
        return Resolution(request_id, symptom, cause, fix, at)

    def detail(self, request_id: str) -> Detail:
        request = self.get(request_id)
        rows = self._rows("SELECT * FROM resolutions WHERE request_id = ?", (request_id,))
        resolution = (
            Resolution(rows[0]["request_id"], rows[0]["symptom"], rows[0]["cause"], rows[0]["fix"],
                       rows[0]["resolved_at"]) if rows else None
        )  # fmt: skip
        runs = tuple(reversed(self.runs(request_id=request_id)))  # oldest first, as they happened
        return Detail(request, tuple(self.tickets(request_id)), runs, resolution)


def _text(value: Any) -> Any:
    """A string as sqlite can store it: bytes that did not decode (a file name's, carried as surrogates) become
    U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def _json(value: Any) -> str | None:
    return None if value is None else _text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _loads(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _when(iso: str) -> datetime:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.astimezone()


def _request(r: sqlite3.Row) -> Request:
    keys = r.keys()
    return Request(
        id=r["id"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        summary=r["summary"],
        service=r["service"],
        service_key=r["service_key"],
        contact=r["contact"],
        culprit=r["culprit"],
        recipient=r["recipient"] if "recipient" in keys else "",
        output=r["output"],
        score=r["score"],
        status=r["status"],
        language=r["language"] if "language" in keys else "en",
    )


def open_default(
    settings: Mapping[str, Any], enabled: bool = True, environ: Mapping[str, str] = os.environ
) -> Ledger | None:
    """The user's ledger, or None when history is off (--no-history, config `[history] enabled = false`)."""
    section = settings.get("history") if isinstance(settings, Mapping) else None
    if not enabled or (isinstance(section, Mapping) and section.get("enabled") is False):
        return None
    return Ledger(default_path(environ))
