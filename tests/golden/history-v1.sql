-- A ledger as reportkit's first history schema (version 1) left it: requests and tickets only.
CREATE TABLE requests (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT '', service_key TEXT NOT NULL DEFAULT '', contact TEXT NOT NULL DEFAULT '',
    culprit TEXT NOT NULL DEFAULT '', output TEXT NOT NULL DEFAULT '', score INTEGER,
    status TEXT NOT NULL DEFAULT 'draft', plan TEXT
);
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL REFERENCES requests(id), number TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL
);
INSERT INTO requests VALUES ('RK-7Q2M', '2026-11-12T09:15:00+02:00', '2026-11-12T09:20:00+02:00',
    'No internet since 08:00', 'Home fibre', '198.51.100.2', 'anna@example.org', 'isp', '/home/anna/reportkit-1',
    82, 'ticket-open', '{"anchors": ["203.0.113.64:443"], "deadline": 3.0}');
INSERT INTO requests VALUES ('RK-B4X9', '2026-11-20T14:00:00+02:00', '2026-11-20T14:00:00+02:00',
    'Shop checkout fails', 'Shop', 'shop.example.net', 'anna@example.org', 'service', '/home/anna/reportkit-2',
    64, 'saved', NULL);
INSERT INTO tickets (request_id, number, provider, recorded_at) VALUES
    ('RK-7Q2M', 'ISP-48213', 'Example ISP', '2026-11-12T11:00:00+02:00');
PRAGMA user_version = 1;
