"""The one format table: each format's name, the file it is written to, the names people type for it, and what the
receipt says about the file. Rendering, the CLI's -f, the receipt and `check`'s advice all read it."""

from __future__ import annotations

from dataclasses import dataclass

from reportkit.i18n import N_


@dataclass(frozen=True)
class Format:
    name: str
    file: str
    aliases: tuple[str, ...]
    receipt: str  # what the file is for, in the receipt (English, marked for the catalog: shown with `_()`)


TABLE: tuple[Format, ...] = (
    Format(
        "text",
        "request.txt",
        ("text", "txt", "plain", "email", "e-mail"),
        N_("e-mail body; its first line is the subject"),
    ),
    Format("markdown", "request.md", ("markdown", "md"), N_("paste into a ticket form that takes Markdown")),
    Format("html", "request.html", ("html", "htm"), N_("one page to open, print or attach")),
    Format("json", "report.json", ("json",), N_("machine-readable; `reportkit render` re-renders it")),
)
BY_NAME = {f.name: f for f in TABLE}
ALL: tuple[str, ...] = tuple(BY_NAME)
FILES: dict[str, str] = {f.name: f.file for f in TABLE}  # name -> file name
ALIASES: dict[str, str] = {alias: f.name for f in TABLE for alias in f.aliases}  # what people type -> name
RECEIPT: dict[str, str] = {f.file: f.receipt for f in TABLE}  # file name -> what it is for
RENDERED: tuple[str, ...] = tuple(f.file for f in TABLE if f.name != "json")  # made from report.json
