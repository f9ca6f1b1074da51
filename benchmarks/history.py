"""The ledger at 10 000 requests: opening it, recording one more, and looking up earlier open tickets (what every
`collect` does) stay in milliseconds.

    .venv/bin/python benchmarks/history.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from reportkit import history

ROWS = 10_000
TARGET_MS = 50.0  # open + add_request + open_tickets, median


def main() -> None:
    where = Path(tempfile.mkdtemp(prefix="rk-bench-history-")) / "history.sqlite3"
    with history.Ledger(where) as ledger:
        assert ledger.db is not None
        ledger.db.execute("BEGIN")
        for i in range(ROWS):
            ledger.db.execute(
                "INSERT INTO requests (id, created_at, updated_at, summary, service_key, contact, status) "
                "VALUES (?, '2026-11-01T10:00:00+00:00', '2026-11-01T10:00:00+00:00', ?, ?, ?, 'ticket-open')",
                (f"RK-{i:06d}", f"request {i}", f"host-{i % 500}", f"user{i % 50}@example.org"),
            )
            ledger.db.execute(
                "INSERT INTO tickets (request_id, number, provider, recorded_at) VALUES (?, ?, '', '2026-11-01')",
                (f"RK-{i:06d}", f"T-{i}"),
            )
        ledger.db.execute("COMMIT")
    times = []
    for _ in range(20):
        started = time.perf_counter()
        with history.Ledger(where) as ledger:
            ledger.add_request(summary="bench", service_key="host-7", contact="user7@example.org")
            found = ledger.open_tickets(service_key="host-7", contact="user7@example.org")
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(
        f"ledger of {ROWS} requests: open + add_request + open_tickets ({len(found)} found) median {median:.1f} ms"
        f" (target {TARGET_MS:.0f} ms) {'ok' if median <= TARGET_MS else 'SLOW'}"
    )


if __name__ == "__main__":
    main()
