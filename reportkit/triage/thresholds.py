"""Thresholds: the numbers the rules and warnings compare measurements with, and the evidence length."""

from __future__ import annotations

GATEWAY_LOSS_MAX = 0.10  # rule 6: this share of lost attempts to the router, or more, is a degraded LAN
GATEWAY_RTT_MAX_MS = 200.0  # rule 6: median router round trip at or above this is a degraded LAN
ANCHOR_LOSS_MAX = 0.15  # rule 16: pooled loss beyond the router at or above this is a degraded ISP line
MIN_POOL = 8  # rule 16: fewer pooled samples than this cannot tell loss from luck
ANCHOR_CONNECT_MAX_MS = 300.0  # rule 16: median internet connect time above this is a degraded ISP line
DNS_SLOW_MS = 500.0  # rule 17: system lookups slower than this …
DNS_FAST_MS = 150.0  # … while a public resolver answers faster than this
CERT_WARN_DAYS = 14  # warn when the service certificate expires within this many days
MAX_EVIDENCE = 5  # sentences
LAN_FAST_MS = 50.0  # rule 16: a router answering slower than this is part of the delay, not a clean LAN
