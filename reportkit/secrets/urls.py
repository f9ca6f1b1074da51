"""URLs that are themselves the secret: webhook URLs (Slack, Discord, Microsoft Teams, Zapier, IFTTT, Telegram bots).

The host and the fixed part of the path stay (support needs to see which service it was); the secret part of the
path goes. Passwords in `scheme://user:password@host` are read in `shapes`; signed query parameters (`sig=`,
`X-Amz-Signature=`, `access_token=`) are labels like any other (`context`).
"""

from __future__ import annotations

import re

Hits = list[tuple[int, int, str, str]]

# (literal that ends right before the secret part, the secret part, kind)
WEBHOOKS: tuple[tuple[bytes, re.Pattern[str], str], ...] = tuple(
    (literal, re.compile(body), kind)
    for literal, body, kind in (
        (b"hooks.slack.com/services/", r"[A-Za-z0-9]{8,12}/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{20,40}", "slack-token"),
        (b"hooks.slack.com/workflows/", r"[A-Za-z0-9/_\-]{16,255}", "slack-token"),
        (b"hooks.slack.com/triggers/", r"[A-Za-z0-9/_\-]{16,255}", "slack-token"),
        (b"discord.com/api/webhooks/", r"\d{5,30}/[A-Za-z0-9_\-]{20,100}", "discord-webhook"),
        (b"discordapp.com/api/webhooks/", r"\d{5,30}/[A-Za-z0-9_\-]{20,100}", "discord-webhook"),
        (b".webhook.office.com/webhookb2/", r"[A-Za-z0-9\-@/]{40,400}", "teams-webhook"),
        (b"outlook.office.com/webhook/", r"[A-Za-z0-9\-@/]{40,400}", "teams-webhook"),
        (b"hooks.zapier.com/hooks/catch/", r"\d{3,12}/[A-Za-z0-9]{4,20}", "zapier-webhook"),
        (b"maker.ifttt.com/trigger/", r"[^\s/]{1,64}/with/key/[A-Za-z0-9_\-]{16,64}", "ifttt-key"),
        (b"maker.ifttt.com/use/", r"[A-Za-z0-9_\-]{16,64}", "ifttt-key"),
        (b"api.telegram.org/bot", r"\d{5,16}:[A-Za-z0-9_\-]{30,40}", "telegram-token"),
        (b"api.telegram.org/file/bot", r"\d{5,16}:[A-Za-z0-9_\-]{30,40}", "telegram-token"),
    )
)


def find_webhooks(text: str, raw: bytes, hits: Hits) -> None:
    for literal, body, kind in WEBHOOKS:
        i = raw.find(literal)
        while i >= 0:
            p = i + len(literal)
            m = body.match(text, p)
            if m is not None:
                hits.append((p, m.end(), kind, "high"))
            i = raw.find(literal, p)
