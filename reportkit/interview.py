"""The interactive collect session: which questions for which situation, in which order, the follow-ups, the
preview's decisions and what to remember — through a small `Prompter` the CLI implements with Click.

The `Session` owns the answers and is mutated in place, answer by answer and pasted line by pasted line, so
whatever was typed survives any way the session ends (Ctrl-C, a signal, an error): the caller keeps it as a draft.
No Click here; tests drive the interview with a scripted Prompter.

Everything it shows is in the interface language (`reportkit.i18n`); what may be typed back (yes / no, the menu's
letters, works / fails) is read in one place, at the end of this module: the English answers always work, and the
interface language's own ones too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from reportkit.errors import InputError
from reportkit.fields import BY_KEY, FIELDS, SITUATIONS, Field, situation_label, validated
from reportkit.i18n import N_, _, current, ngettext

Style = Literal["", "heading", "hint"]

SECTION_TITLES = {"reporter": N_("About you"), "service": N_("The service"), "problem": N_("The problem")}
SERVICE_TITLE = {"internet": N_("The connection"), "device": N_("The device")}  # the "service" part, by situation
# The letters in brackets are what is typed; a translation may bracket letters of its own language, one per action
# in the same order (they are understood beside the English ones: `menu`).
MENU = N_("[s]ave, [e]dit an answer, edit [a]ll answers or the [d]escription in $EDITOR, or [c]ancel")
MENU_CHOICES = ("s", "e", "a", "d", "c")
# "c" captures the screen; on a Cyrillic keyboard the same key types "с" (U+0441), which looks the same
CAPTURE_LETTERS = ("c", "\u0441")
# when something was removed: a finding can be marked "not a secret" (kept as typed)
MENU_FOUND = N_(
    "[s]ave, [e]dit an answer, edit [a]ll answers or the [d]escription in $EDITOR, [n]ot a secret, or [c]ancel"
)
MENU_FOUND_CHOICES = ("s", "e", "a", "d", "n", "c")
NO_CLIPBOARD = N_("No clipboard can be read here (no display, or no xclip/xsel): paste the error text below.")
CLEAR = "-"  # typed when editing an answer: the answer is removed
# Secrets typed in this interview and already taken out of the answers (value → kind): in memory only, never written;
# the request removes every other copy of them (RunOptions.seen_secrets).
SEEN: dict[str, str] = {}
ASKED_ERROR = "error"  # in Session.asked: the error text was asked for (clipboard or paste), even if skipped
ASKED_SCREENSHOTS = "screenshots"  # in Session.asked: the screenshot question was answered, even with Enter


class Prompter(Protocol):
    """The user interface boundary: the CLI implements it with Click, tests with a script."""

    def ask(self, text: str, default: str = "", *, hidden: bool = False, hint: str = "", progress: str = "") -> str:
        """One line of input; Enter gives `default`."""
        ...

    def choose(self, text: str, choices: Sequence[str], default: str) -> str:
        """One of `choices` (the prompter asks again until it is one)."""
        ...

    def confirm(self, text: str, default: bool = False) -> bool: ...

    def say(self, text: str = "", style: Style = "") -> None: ...

    def paste_lines(self, prompt: str) -> Iterator[str]:
        """Lines as they are typed or pasted, one at a time (an empty string for an empty line)."""
        ...

    def edit(self, text: str) -> str | None:
        """`text` opened in the user's editor; None when the editor was closed without saving."""
        ...

    def page(self, text: str) -> None:
        """Show a long text from its top (a pager on a terminal)."""
        ...


@dataclass
class Session:
    """Everything typed so far. Mutated in place: a draft taken at any moment holds every answer."""

    answers: dict[str, Any]
    errors: list[Any] = field(default_factory=list)  # model.ErrorText
    clipboard: bool = False  # read the error text from the clipboard when the request is built
    capture: bool = False  # capture the screen when the request is built
    capture_caption: str | None = None
    screenshots: list[tuple[str, str | None]] = field(default_factory=list)  # (path, caption)
    pasting: list[str] = field(default_factory=list)  # lines of a multi-line paste in progress
    situation: str | None = None  # chosen by the user: a flag of this command line, the draft, or asked
    asked: set[str] = field(default_factory=set)  # field keys (and ASKED_*) already asked: --resume skips them
    start_said: tuple[str, str] | None = None  # a resumed start time and when it was typed (draft.Draft.start_said)

    def kept_errors(self) -> tuple[Any, ...]:
        """The error texts to keep in a draft, with the lines of an interrupted paste as one more."""
        if not self.pasting:
            return tuple(self.errors)
        from reportkit.collectors import evidence

        return (*self.errors, evidence.from_text("\n".join(self.pasting)))

    def draft(self) -> Any:
        """The whole session as a draft.Draft: answers, errors (with a paste in progress), screenshots, the capture
        and clipboard choices, the situation and what was already asked."""
        from reportkit import draft

        return draft.Draft(
            answers=dict(self.answers),
            errors=self.kept_errors(),
            situation=self.situation,
            asked=tuple(sorted(self.asked)),
            screenshots=tuple(self.screenshots),
            capture=self.capture,
            capture_caption=self.capture_caption,
            clipboard=self.clipboard,
            start_said=self.start_said,
        )


def restore(session: Session, kept: Any, exists: Callable[[str], bool] | None = None) -> list[str]:
    """Continue a kept session (a draft.Draft) in `session`, which holds what this command line gives: the draft's
    error texts and screenshots first, its capture and clipboard choices, its situation unless the flags tell one,
    and what was already asked. A screenshot whose file is gone is left out; the warnings saying so are returned."""
    import os.path

    is_file = exists or os.path.isfile
    gone = [path for path, _caption in kept.screenshots if not is_file(path)]
    session.errors[:0] = kept.errors
    session.screenshots[:0] = [(path, caption) for path, caption in kept.screenshots if path not in gone]
    session.capture = session.capture or kept.capture
    session.capture_caption = session.capture_caption or kept.capture_caption
    session.clipboard = session.clipboard or kept.clipboard
    session.situation = session.situation or kept.situation
    session.asked.update(kept.asked)
    session.start_said = kept.start_said
    return [
        _("the screenshot {path} in the draft no longer exists; left out (add it with --screenshot)").format(
            path=repr(path)
        )
        for path in gone
    ]


def run(session: Session, p: Prompter, clipboard: bool | None = None) -> None:
    """Ask for what is missing, in the order a support agent would ask, only what the situation needs.

    The situation is the user's: `session.situation` when flags or the draft gave it, else asked here (answers
    pre-filled from the config never decide it). What `session.asked` holds is not asked again (a resumed draft).
    `clipboard`: whether a clipboard can be read here (None: look)."""
    session.situation = session.situation or ask_situation(p)
    todo = questions(session.answers, session.situation, session.asked)
    if todo:
        count = len(todo)
        intro = ngettext(
            "A few questions ({count}) for the support request. Press Enter to skip any of them.",
            "A few questions ({count}) for the support request. Press Enter to skip any of them.",
            count,
        )
        p.say(intro.format(count=count) + "\n")
    part = ""
    for number, f in enumerate(todo, 1):
        group = f.key.split(".")[0]
        if group != part:
            part = group
            title = SERVICE_TITLE.get(session.situation or "") if group == "service" else None
            title = title or SECTION_TITLES.get(group)
            p.say(_(title) if title else group.title(), "heading")
        answer_field(p, session.answers, f, f"{number}/{len(todo)}", situation=session.situation)
        session.asked.add(f.key)
    if not session.errors and not session.clipboard and ASKED_ERROR not in session.asked:
        if clipboard is None:
            from reportkit import clipboard as system_clipboard

            clipboard = system_clipboard.available()
        if clipboard:
            session.clipboard = p.confirm("  " + _("Paste the error message from the clipboard?"), default=False)
        else:
            p.say("  " + _(NO_CLIPBOARD))
        if not session.clipboard:
            ask_errors(p, session)
        session.asked.add(ASKED_ERROR)
    if not session.screenshots and not session.capture and ASKED_SCREENSHOTS not in session.asked:
        ask_screenshots(p, session)
        session.asked.add(ASKED_SCREENSHOTS)


def questions(answers: Mapping[str, Any], situation: str, asked: Collection[str] = ()) -> list[Field]:
    """The fields still to ask for this situation, in interview order: not answered and not asked before."""
    return [f for f in FIELDS if situation in f.situations and not answers.get(f.key) and f.key not in asked]


def ask_situation(p: Prompter) -> str:
    """First ask what the problem is about, so only what that situation needs is asked."""
    p.say(_("What is the problem about?"), "heading")
    # English shows each situation's first letter; a translated label does not start with it, so other languages
    # number them; the English letters and the numbers are both taken in every language
    numbered = current() != "en"
    for number, key in enumerate(SITUATIONS, start=1):
        p.say(f"  [{number if numbered else key[0]}] {situation_label(key)}")
    keys = list(SITUATIONS)
    letters = [k[0] for k in keys]
    digits = [str(n) for n in range(1, len(keys) + 1)]
    choice = p.choose("  " + _("Choose"), [*digits, *letters] if numbered else [*letters, *digits],
                      "1" if numbered else "s")  # fmt: skip
    return keys[digits.index(choice)] if choice in digits else next(k for k in keys if k[0] == choice)


def follow_up_fields() -> frozenset[str]:
    """The fields whose vague answer gets a targeted question (a password is asked again in any text field)."""
    from reportkit import quality

    return frozenset(quality.VAGUE_QUESTIONS) | {"service.device_make", "service.device_model"}


def answer_field(
    p: Prompter,
    answers: dict[str, Any],
    f: Field,
    progress: str = "",
    editing: bool = False,
    situation: str | None = None,
) -> bool:
    """Ask one field (worded for `situation`) until the answer is valid and store it at once; a vague answer or one
    holding a password gets one follow-up whose answer replaces it. Enter leaves the field as it was (editing: `-`
    removes the answer). True when the answer changed."""
    question, hint = f.asked(situation)
    if editing and answers.get(f.key):
        hint = _("now: {answer}; Enter keeps it, {clear} removes it").format(
            answer=shown(answers[f.key], 40), clear=CLEAR
        )
    text, value = ask_valid(p, f, progress, hint, question)
    if text == CLEAR:
        if not editing:
            return False
        answers.pop(f.key, None)
        return True
    if not value:
        return False
    answers[f.key] = value
    if f.kind == "text":
        follow_up(p, answers, f)
    if f.key == "problem.started_at":
        place_start(p, answers)
    return True


START_QUESTION = N_("On which day and at what time did it start? (e.g. 2026-11-23 08:00, 'yesterday 18:00')")


def place_start(p: Prompter, answers: dict[str, Any], now: datetime | None = None) -> None:
    """Say back where "since when" lands on the calendar, so a wrong reading is caught now; when it cannot be
    placed ("since the update", "a while"), ask once for the day and time — that answer replaces it."""
    from reportkit import when

    now = now or datetime.now().astimezone()
    placed = when.anchor(answers["problem.started_at"], now)
    if placed is None:
        more = p.ask("  " + _(START_QUESTION), "").strip()
        if not more:
            return
        answers["problem.started_at"] = more
        placed = when.anchor(more, now)
        if placed is None:
            return
    p.say(f"  → {start_shown(answers['problem.started_at'], placed)}")


def start_shown(said: str, placed: Any) -> str:
    """The start time as the request will show it (render decides the wording)."""
    from reportkit.model import Problem
    from reportkit.render import since_text

    return since_text(Problem(started_at=said, started_resolved=placed.iso, started_approx=placed.approximate)) or ""


def ask_valid(p: Prompter, f: Field, progress: str, hint: str, question: str | None = None) -> tuple[str, Any]:
    """(what was typed, the validated value); an invalid value is explained and asked again."""
    while True:
        text = p.ask(question or f.asked(None)[0], "", hint=hint, progress=progress)
        if text.strip() == CLEAR:
            return CLEAR, None
        typed = works_or_fails(text) if f.kind == "works-fails" else text
        try:
            return text, validated(f, (typed,) if f.kind == "list" else typed)
        except InputError as exc:
            p.say(error(exc.message.split(": ", 1)[-1]))


def follow_up(p: Prompter, answers: dict[str, Any], f: Field) -> None:
    """One targeted question, not a lecture; its answer replaces the first (a password never stays typed)."""
    from reportkit import quality

    value = answers[f.key]
    finding = quality.vague_answer(value, f.key)
    if finding is None or not finding.question:
        return
    secret = finding.code == "secret-in-text"
    if not secret and f.key not in follow_up_fields():
        return
    if secret:  # until it is replaced, even a draft holds the answer without the password
        from reportkit import redact, secrets

        found = {value[x.start : x.end]: x.kind for x in secrets.scan(value)}
        SEEN.update(found)  # in memory only: the request removes other copies of it too (never in a draft)
        for key, other in list(answers.items()):  # and so does every answer given so far
            if isinstance(other, str) and any(v in other for v in found):
                answers[key] = redact.redact_report_text(other, found)
        answers[f.key] = redact.redact_text(value)[0]
    more = p.ask(f"  {said(finding.question)}", "").strip()
    if more:
        answers[f.key] = more


def ask_errors(p: Prompter, session: Session) -> None:
    """Multi-line paste; `session.pasting` fills as the user pastes, so an interrupted paste keeps what arrived."""
    from reportkit.collectors import evidence

    p.say(_("The exact error"), "heading")
    p.say(
        "  "
        + _("Paste the exact error message, not a paraphrase. Finish with an empty line; an empty line now skips."),
        "hint",
    )
    for line in p.paste_lines("  "):
        if not line:
            break
        session.pasting.append(line)
    if session.pasting:
        session.errors.append(evidence.from_text("\n".join(session.pasting)))
        session.pasting.clear()


def ask_screenshots(p: Prompter, session: Session, problem: Callable[[str], str | None] | None = None) -> None:
    """Screenshot paths, each checked now as an image (so a typo or a non-image is asked again, with the reason), or
    c to capture the screen. `problem`: why a path is no usable image, or None (default: evidence's cheap check)."""
    import os.path

    if problem is None:
        from reportkit.collectors import evidence

        problem = evidence.screenshot_problem
    p.say(_("Screenshots"), "heading")
    while True:
        answer = p.ask("  " + _("Do you have a screenshot of the error? Path, or press c to capture the screen now"))
        answer = answer.strip()
        answer = answer.strip('"')
        if not answer:
            return
        path = os.path.expanduser(answer)
        capture = answer.lower() in CAPTURE_LETTERS and not os.path.exists(path)
        why = None if capture else problem(path)
        if why is not None:
            p.say(
                error(
                    _("{reason}; give the path of an image (PNG, JPEG, WebP, BMP, GIF), c to capture, or Enter").format(
                        reason=said(why)
                    )
                )
            )
            continue
        if capture:
            session.capture = True  # kept even if the session ends at the caption
            session.capture_caption = p.ask("  " + _("What does it show?")).strip() or None
            return
        session.screenshots.append((path, None))  # kept even if the session ends at the caption
        caption = p.ask("  " + _("What does it show?")).strip() or None
        session.screenshots[-1] = (path, caption)


# --------------------------------------------------------------------------- the preview


def review(
    p: Prompter,
    session: Session,
    show: Callable[[], None],
    not_a_secret: Callable[[], bool | None] | None = None,
    found: Callable[[], bool] | None = None,
) -> bool:
    """The preview loop: `show` the request, then save (True), cancel (False), or edit and show it again; with
    `not_a_secret`, a finding can be kept as typed (offered while `found()` says something was removed)."""
    while True:
        show()
        offer = not_a_secret is not None and (found is None or found())
        text, typed = menu(MENU_FOUND, MENU_FOUND_CHOICES) if offer else menu(MENU, MENU_CHOICES)
        choice = typed.get(p.choose(text, list(typed), "s"), "s")
        if choice == "s":
            return True
        if choice == "c":
            return False
        if choice == "n" and not_a_secret is not None:
            not_a_secret()
        elif choice == "e":
            edit_answer(p, session.answers, session.situation)
        elif choice == "a":
            edit_all(p, session)
        else:
            edit_description(p, session.answers)


def pick_not_secrets(p: Prompter, removed: Sequence[Any]) -> list[Any]:
    """List what was removed, by number (kind, where, the first characters masked); take the numbers the user says
    are not secrets. Nothing typed: nothing changes."""
    from reportkit.secrets import describe

    if not removed:
        p.say("  " + _("Nothing was removed."))
        return []
    for number, r in enumerate(removed, 1):
        line = _("{number}. {kind} in {field}: {preview}")
        kind = r.kind if current() == "en" else said(describe(r.kind))
        p.say("  " + line.format(number=f"{number:>2}", kind=kind, field=r.field, preview=said(r.preview)))
    while True:
        pick = p.ask("  " + _("Which are not secrets? Numbers, e.g. 1,3"), "", hint=_("Enter goes back")).strip()
        if not pick:
            return []
        numbers = [x.strip() for x in pick.replace(" ", ",").split(",") if x.strip()]
        if all(x.isdigit() and 1 <= int(x) <= len(removed) for x in numbers):
            return [removed[int(x) - 1] for x in numbers]
        p.say(
            error(
                _("{typed}: give numbers from 1–{last}, separated by commas").format(
                    typed=repr(pick), last=len(removed)
                )
            )
        )


def shown(value: Any, width: int = 50) -> str:
    """A short one-line view of an answer."""
    text = ", ".join(value) if isinstance(value, tuple | list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def edit_answer(p: Prompter, answers: dict[str, Any], situation: str | None = None) -> bool:
    """List the answered fields by number, then those of the situation not answered (skipped, or not asked again on
    --resume); take one, ask it (validated as in the interview)."""
    answered = [f for f in FIELDS if answers.get(f.key)]
    unanswered = [f for f in FIELDS if situation in f.situations and not answers.get(f.key)]
    listed = answered + unanswered
    if not listed:
        p.say("  " + _("Nothing is answered yet."))
        return False
    for number, f in enumerate(answered, 1):
        p.say(f"  {number:>2}. {f.asked(situation)[0]}: {shown(answers[f.key])}")
    if unanswered:
        p.say("  " + _("Not answered:"))
    for number, f in enumerate(unanswered, len(answered) + 1):
        p.say(f"  {number:>2}. {f.asked(situation)[0]}")
    while True:
        pick = p.ask("  " + _("Which answer? Its number"), "", hint=_("Enter goes back")).strip()
        if not pick:
            return False
        if pick.isdigit() and 1 <= int(pick) <= len(listed):
            break
        p.say(error(_("{typed} is not one of the numbers 1–{last}").format(typed=repr(pick), last=len(listed))))
    f = listed[int(pick) - 1]
    return answer_field(p, answers, f, editing=True, situation=situation)


def edit_all(p: Prompter, session: Session) -> bool:
    """Every answer of the situation as one text in the editor (reportkit/answer_sheet.py), read back and checked
    as the interview checks each answer; a sheet with mistakes is shown again with them, never half applied. An
    answer changed there gets the interview's follow-ups (a password, a vague answer, a start time)."""
    from reportkit import answer_sheet

    situation = session.situation
    fields = [f for f in FIELDS if situation is None or situation in f.situations or session.answers.get(f.key)]
    text = answer_sheet.dump(session.answers, fields, situation)
    while True:
        edited = p.edit(text)
        if edited is None or edited == text:
            return False
        changed, problems = answer_sheet.parse(edited, fields, situation)
        if not problems:
            break
        for problem in problems:
            p.say(error(str(problem)))
        if not p.confirm("  " + _("Fix it in the editor? (No keeps the answers as they were)"), True):
            return False
        text = edited
    before = dict(session.answers)
    for key, value in changed.items():
        if value is None:
            session.answers.pop(key, None)
        else:
            session.answers[key] = value
    for f in fields:
        if session.answers.get(f.key) == before.get(f.key) or not session.answers.get(f.key):
            continue
        if f.kind == "text":
            follow_up(p, session.answers, f)
        if f.key == "problem.started_at":
            place_start(p, session.answers)
    return session.answers != before


def edit_description(p: Prompter, answers: dict[str, Any]) -> bool:
    """The problem description in the editor (the request is built from the answers, so that is what is edited)."""
    edited = p.edit(answers.get("problem.description") or "")
    if edited is None or not edited.strip() or edited.strip() == answers.get("problem.description"):
        return False
    answers["problem.description"] = edited.strip()
    follow_up(p, answers, BY_KEY["problem.description"])
    return True


# --------------------------------------------------------------------------- after saving


def details_to_remember(answers: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, str]:
    """Reporter details and the account ID typed in this session that the config does not hold yet."""
    from reportkit import config

    keys = [f for f in FIELDS if f.config_key and f.key.startswith(("reporter.", "service.account_id"))]
    return {
        f.config_key: answers[f.key]
        for f in keys
        if f.config_key and answers.get(f.key) and config.get(settings, f.config_key) != answers[f.key]
    }


def offer_to_remember(
    p: Prompter, answers: Mapping[str, Any], settings: Mapping[str, Any], where: str
) -> dict[str, str]:
    """Offered only once the request is saved; what the user agreed to keep (empty: nothing)."""
    new = details_to_remember(answers, settings)
    if new and p.confirm(_("Remember your details for next time (in {path})?").format(path=where), default=True):
        return new
    return {}


# what the probes contact, by kind, with the hosts of that kind: "your router 192.168.1.1"
CONTACTS = {
    "router": N_("your router {hosts}"),
    "dns": N_("DNS {hosts}"),
    "test": N_("test addresses {hosts}"),
    "service": N_("the service {hosts}"),
    "provider": N_("the provider {hosts}"),
    "status": N_("status pages {hosts}"),
}


def contact_notice(contacts: Sequence[tuple[str, str]], most: int = 3) -> str:
    """One line naming what the probes will contact. `contacts`: (kind, host) with kind router | dns | test |
    service | provider | status, in the order they are probed; each list is shortened to `most` names and
    "N more"."""
    grouped: dict[str, list[str]] = {}
    for kind, host in contacts:
        hosts = grouped.setdefault(kind, [])
        if host and host not in hosts:
            hosts.append(host)
    parts = []
    for kind, label in CONTACTS.items():
        named = grouped.get(kind)
        if named:
            listed = ", ".join(named[:most])
            if len(named) > most:
                more = len(named) - most
                listed = ngettext("{hosts} and {count} more", "{hosts} and {count} more", more).format(
                    hosts=listed, count=more
                )
            parts.append(_(label).format(hosts=listed))
    if not parts:
        return _("No network probes will leave this machine (all targets are outside REPORTKIT_PROBE_ALLOW).")
    return _(
        "Contacting {targets} (--offline sends nothing; other test addresses: "
        "`reportkit config set probes.internet_anchors …`)."
    ).format(targets=listed_together(parts))


def listed_together(parts: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"; when a part holds its own list (a comma or "and"), parts are set apart with
    semicolons: "A, B and 2 more; and C"."""
    if len(parts) <= 1:
        return "".join(parts)
    if current() != "en":  # the language's own way of listing (nested lists: parts with their own commas)
        from reportkit import i18n

        return i18n.join(parts, "and", current())
    nested = any("," in part or " and " in part for part in parts)
    between, last = ("; ", "; and ") if nested else (", ", " and ")
    return between.join(parts[:-1]) + last + parts[-1]


# --------------------------------------------------------------------------- what may be typed back


def error(message: str) -> str:
    """A line saying what was wrong with an answer (it is asked again)."""
    return "  " + _("Error: {message}").format(message=message)


def said(text: Any) -> str:
    """A stored text (a message: a finding's question, a reason) in the interface language; a plain str as it is."""
    from reportkit import messages

    return messages.say(text, current())


# yes and no, by interface language; the English words are understood in every language
YES_NO: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"y", "yes"}), frozenset({"n", "no"})),
    "fi": (frozenset({"k", "kyllä", "kylla"}), frozenset({"e", "ei"})),
    "hu": (frozenset({"i", "igen"}), frozenset({"n", "nem"})),
    "tr": (frozenset({"e", "evet"}), frozenset({"h", "hayır", "hayir"})),
    "ru": (frozenset({"д", "да"}), frozenset({"н", "нет"})),
}
# works / fails (another connection, other devices), by interface language, beside the English words validate knows
WORKS_FAILS: dict[str, dict[str, str]] = {
    "fi": {"toimii": "works", "ei toimi": "fails"},
    "hu": {"működik": "works", "mukodik": "works", "nem működik": "fails", "nem mukodik": "fails"},
    "tr": {"çalışıyor": "works", "calisiyor": "works", "çalışmıyor": "fails", "calismiyor": "fails"},
    "ru": {"работает": "works", "не работает": "fails"},
}


def _word(typed: str) -> str:
    return " ".join(typed.split()).casefold()


def yes_no(typed: str, default: bool | None = None) -> bool | None:
    """A typed yes (True) or no (False): the English words always, the interface language's too; Enter gives
    `default`; anything else None (ask again)."""
    word = _word(typed)
    if not word:
        return default
    for language in dict.fromkeys(("en", current())):
        yes, no = YES_NO.get(language, YES_NO["en"])
        if word in yes:
            return True
        if word in no:
            return False
    return None


def works_or_fails(typed: str) -> str:
    """An answer to a works / fails question with the interface language's words (and its yes / no) made the
    English word the validator knows; anything else as typed (English answers, or a mistake it explains)."""
    word = _word(typed)
    if current() == "en" or not word:
        return typed
    found = WORKS_FAILS.get(current(), {}).get(word)
    if found:
        return found
    answer = yes_no(word)
    return typed if answer is None else "works" if answer else "fails"


def menu(template: str, actions: Sequence[str]) -> tuple[str, dict[str, str]]:
    """A menu in the interface language, and what may be typed for each action (typed -> action): the English
    letters always; the letters a translation puts in brackets too, when it gives one per action, in order, and
    none of them is another action's English letter."""
    text = _(template)
    typed = {action: action for action in actions}
    letters = [letter.casefold() for letter in re.findall(r"\[([^\W\d_])\]", text)]
    if text != template and len(letters) == len(actions) and len(set(letters)) == len(letters):
        for letter, action in zip(letters, actions, strict=True):
            typed.setdefault(letter, action)  # another action's English letter keeps its English meaning
    return text, typed


def chosen(typed: str, choices: Sequence[str]) -> str | None:
    """Which of `choices` was typed (as it is, or with other case and spaces), or None."""
    if typed in choices:
        return typed
    word = _word(typed)
    matches = [choice for choice in choices if _word(choice) == word]
    return matches[0] if len(matches) == 1 else None
