"""The report lint: pure, data in and findings out (no I/O; imports only the model, its phrase lists, the recipient
table, and reportkit.when for an old report whose start time was never anchored).

`check(report)` scores a report from 0 to 100 and lists what support would have to ask back: vague text
("everything is broken", "ничего не работает", "her şey bozuk" …), missing times, steps, identity and the
identifiers the recipient needs, a password typed into the text. `vague_answer(text)` judges one interview
answer, so the interview can ask one targeted follow-up question.

Scoring: each criterion in WEIGHTS earns up to its weight; the weights sum to 100 and `score` is the sum of
`breakdown`. Every lost point has a finding that says what to add (except the half of `evidence` a screenshot
would add when error text is already there). `collect --strict` refuses to finish below THRESHOLD.

| criterion    | weight | full points when …                                                               |
|--------------|-------:|----------------------------------------------------------------------------------|
| identity     |     10 | reporter name (4) and an e-mail or phone (6)                                     |
| identifiers  |     15 | every identifier the recipient requires (pro rata; reportkit/recipients.py)      |
| description  |     20 | a specific summary (6) and description (14); −5 if "slow" comes without numbers  |
| error_text   |     10 | at least one exact error message                                                 |
| timeline     |      8 | when it started, placed on a date (8); a time that cannot be placed gives 4      |
| changed      |      8 | what changed since it last worked ("nothing" counts)                             |
| steps        |      7 | steps to reproduce                                                               |
| works_broken |     10 | what still works (5) and a specific "what does not work" (5)                     |
| impact       |      6 | impact / urgency                                                                 |
| evidence     |      6 | a screenshot or other attachment (6); error text alone gives 3                   |

Severities: "error" where support could not answer at all or something must come out (no name or contact,
a password in the text), "warning" for each missing or vague specific, "info" for nice-to-haves (earlier ticket
number, screenshot).

Text matching folds case, Turkish İ/ı, ё/е and other accents, apostrophes and punctuation, in all five
languages (phrase lists in reportkit/quality_phrases.py).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from reportkit import fields, recipients
from reportkit import quality_phrases as phrases
from reportkit.model import Report, created_moment

THRESHOLD = 60

WEIGHTS: dict[str, int] = {
    "identity": 10,
    "identifiers": 15,
    "description": 20,
    "error_text": 10,
    "timeline": 8,
    "changed": 8,
    "steps": 7,
    "works_broken": 10,
    "impact": 6,
    "evidence": 6,
}
PARTS: dict[str, int] = {  # sub-weights inside a criterion
    "name": 4,
    "contact": 6,
    "summary": 6,
    "description": 14,
    "slow_penalty": 5,
    "works": 5,
    "broken": 5,
    "error_text_as_evidence": 3,
    "start_unplaced": 4,  # timeline points for a start time that cannot be placed on a date
}

# code → severity; the order here is also the order findings are listed in (after severity).
SEVERITY: dict[str, str] = {
    "secret-in-text": "error",
    "missing-identity": "error",
    "vague-description": "warning",
    "slow-without-numbers": "warning",
    "missing-identifier": "warning",
    "no-error-text": "warning",
    "no-start-time": "warning",
    "undated-start-time": "warning",
    "no-what-changed": "warning",
    "no-works-broken": "warning",
    "no-steps": "warning",
    "no-impact": "warning",
    "vague-device": "warning",
    "no-ticket-reference": "info",
    "no-screenshot": "info",
}
CODES: tuple[str, ...] = tuple(SEVERITY)
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    code: str  # one of CODES
    severity: str  # "error" | "warning" | "info"
    message: str  # what is wrong, one short sentence
    suggestion: str  # what to add, with an example
    field: str | None = None  # the report field to fill in ("problem.steps", "service.host" …)
    question: str | None = None  # one targeted follow-up question the interview can ask


@dataclass(frozen=True)
class Quality:
    score: int  # 0–100, the sum of breakdown
    breakdown: dict[str, int]  # points per criterion (keys and maxima: WEIGHTS)
    findings: tuple[Finding, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)

    def passes(self, threshold: int = THRESHOLD) -> bool:
        return self.score >= threshold


# ----------------------------------------------------------------------------------------------------------------
# Wording (str.format templates; placeholders: where, text, recipient)
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    message: str
    suggestion: str
    question: str | None = None


ASK_WHAT_FAILS = "What exactly does not work — which page, which button, which error?"
ASK_WHAT_HAPPENED = "What happened — what did you do, what did you expect, and what did you see?"
SECRET_SUGGESTION = "Support never needs your password, PIN or keys — remove it; reportkit redacts it anyway"

WORDING: dict[str, Wording] = {
    "vague-description": Wording(
        "The {where} only says “{text}”: support cannot tell what is wrong.",
        "Say which page, button or feature fails and what you see, "
        "e.g. 'Since 08:00 the checkout page returns HTTP 502; the front page works'.",
        ASK_WHAT_FAILS,
    ),
    "vague-description/empty": Wording(
        "There is no description of the problem.",
        "Describe what you did, what you expected and what you saw, "
        "e.g. 'Pressing Pay now on /checkout shows 502 Bad Gateway'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/thin": Wording(
        "There is only a one-line summary, no description.",
        "Add a description: what you did, what you expected and what you saw, "
        "e.g. 'The cart works, but Pay now on /checkout shows 502 Bad Gateway for every customer'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/no-summary": Wording(
        "There is no one-line summary.",
        "Add a summary naming the service and the symptom, e.g. 'Webshop checkout returns HTTP 502'.",
        "In one line: which service, and what goes wrong?",
    ),
    "slow-without-numbers": Wording(
        "The {where} says it is slow but gives no numbers.",
        "Add measurements, e.g. 'speed test 2 Mbit/s instead of 100', 'ping 900 ms', 'a page takes 20 s to load'.",
        "How slow is it — a speed test result in Mbit/s, a ping time in ms, or how many seconds a page takes?",
    ),
    "no-error-text": Wording(
        "There is no exact error message.",
        "Copy the error text word for word (typed, from a file or the clipboard), e.g. '502 Bad Gateway'.",
        "What exactly does the error message say? Please copy it word for word.",
    ),
    "no-start-time": Wording(
        "It does not say when the problem started.",
        "Add the date and time it started, e.g. '2026-11-23 08:00'.",
        "When did it start — date and time, as exactly as you know?",
    ),
    "undated-start-time": Wording(
        "The start time “{text}” cannot be placed on a date: read later, nobody knows which day it means.",
        "Add the date, e.g. '2026-11-23 08:00' or 'yesterday at 18:00'.",
        "On which day and at what time did it start?",
    ),
    "no-what-changed": Wording(
        "It does not say what changed since it last worked.",
        "Mention updates, new devices, settings or moves — or say 'nothing changed', "
        "e.g. 'updated the payment plugin yesterday at 21:30'.",
        "What changed since it last worked — updates, new devices, settings? ('Nothing' is a useful answer too.)",
    ),
    "no-works-broken": Wording(
        "It does not say what still works and what does not.",
        "Name both, e.g. works: 'front page and cart'; does not work: 'Pay now on /checkout shows 502'.",
        "What still works, and what exactly does not?",
    ),
    "no-works-broken/works": Wording(
        "It does not say what still works.",
        "Add what still works, e.g. 'other websites', 'the admin panel', 'the phone on 4G'.",
        "What still works — other websites, other devices, other parts of the service?",
    ),
    "no-works-broken/broken": Wording(
        "It does not say what does not work.",
        "Name the page, button or feature and what happens, e.g. 'Pay now on /checkout shows 502 Bad Gateway'.",
        ASK_WHAT_FAILS,
    ),
    "no-works-broken/broken-vague": Wording(
        "“{text}” does not say what does not work.",
        "Name the page, button or feature and what happens, e.g. 'Pay now on /checkout shows 502 Bad Gateway'.",
        ASK_WHAT_FAILS,
    ),
    "no-steps": Wording(
        "There are no steps to reproduce the problem.",
        "List the steps, e.g. '1. open https://shop.example.com 2. add a product to the cart 3. press Pay now'.",
        "What exactly do you do when it fails — step by step?",
    ),
    "no-impact": Wording(
        "It does not say who is affected or how urgent it is.",
        "Add the impact, e.g. 'no customer can pay: about 40 orders a day lost'.",
        "Who is affected, and how urgent is it?",
    ),
    # the same findings with examples for an internet connection or a device (the ones above speak of a webshop)
    "vague-description@internet": Wording(
        "The {where} only says “{text}”: support cannot tell what is wrong.",
        "Say what fails, where and since when, e.g. 'Since 08:00 no device at home opens any website; the router's "
        "internet light is red'.",
        ASK_WHAT_FAILS,
    ),
    "vague-description@device": Wording(
        "The {where} only says “{text}”: support cannot tell what is wrong.",
        "Say which device does what wrong, e.g. 'The HP LaserJet M404 prints blank pages from every PC'.",
        ASK_WHAT_FAILS,
    ),
    "vague-description/empty@internet": Wording(
        "There is no description of the problem.",
        "Describe what you did, what you expected and what you saw, e.g. 'No website opens on any device; the "
        "router's internet light blinks red'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/empty@device": Wording(
        "There is no description of the problem.",
        "Describe what you did, what you expected and what you saw, e.g. 'Printing from Word gives blank pages; "
        "the test page is blank too'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/thin@internet": Wording(
        "There is only a one-line summary, no description.",
        "Add a description: what you did, what you expected and what you saw, e.g. 'After restarting the router the "
        "internet light stays red; the phone on 4G works'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/thin@device": Wording(
        "There is only a one-line summary, no description.",
        "Add a description: what you did, what you expected and what you saw, e.g. 'Every page comes out blank, "
        "also the printer's own test page; the toner is new'.",
        ASK_WHAT_HAPPENED,
    ),
    "vague-description/no-summary@internet": Wording(
        "There is no one-line summary.",
        "Add a summary naming the connection and the symptom, e.g. 'Home fibre: no internet since 08:00'.",
        "In one line: which connection, and what goes wrong?",
    ),
    "vague-description/no-summary@device": Wording(
        "There is no one-line summary.",
        "Add a summary naming the device and the symptom, e.g. 'HP LaserJet M404 prints blank pages'.",
        "In one line: which device, and what goes wrong?",
    ),
    "no-what-changed@internet": Wording(
        "It does not say what changed since it last worked.",
        "Mention a new router, a move, a storm, works in the street, a changed contract — or say 'nothing changed'.",
        "What changed since it last worked — a new router, cabling, a move, the contract? ('Nothing' helps too.)",
    ),
    "no-what-changed@device": Wording(
        "It does not say what changed since it last worked.",
        "Mention updates, a new cartridge or cable, a move, a fall — or say 'nothing changed', "
        "e.g. 'Windows update on Monday'.",
        "What changed since it last worked — updates, cables, cartridges, a move? ('Nothing' helps too.)",
    ),
    "no-works-broken@internet": Wording(
        "It does not say what still works and what does not.",
        "Name both, e.g. works: 'the phone on 4G'; does not work: 'no device at home gets any website since 08:00'.",
        "What still works (another connection, some devices?), and what exactly does not?",
    ),
    "no-works-broken@device": Wording(
        "It does not say what still works and what does not.",
        "Name both, e.g. works: 'copying'; does not work: 'printing from any PC gives blank pages'.",
        "What does the device still do, and what exactly does it not do?",
    ),
    "no-works-broken/broken@internet": Wording(
        "It does not say what does not work.",
        "Say what fails and where, e.g. 'no website opens on any device at home; the router's light is red'.",
        ASK_WHAT_FAILS,
    ),
    "no-works-broken/broken@device": Wording(
        "It does not say what does not work.",
        "Say what the device does wrong, e.g. 'prints blank pages', 'shows error E-04 when switched on'.",
        ASK_WHAT_FAILS,
    ),
    "no-works-broken/broken-vague@internet": Wording(
        "“{text}” does not say what does not work.",
        "Say what fails and where, e.g. 'no website opens on any device at home; the router's light is red'.",
        ASK_WHAT_FAILS,
    ),
    "no-works-broken/broken-vague@device": Wording(
        "“{text}” does not say what does not work.",
        "Say what the device does wrong, e.g. 'prints blank pages', 'shows error E-04 when switched on'.",
        ASK_WHAT_FAILS,
    ),
    "no-steps@device": Wording(
        "There are no steps to reproduce the problem.",
        "List the steps, e.g. '1. switch the printer on 2. print a test page from Word 3. the page comes out blank'.",
        "What exactly do you do when it fails — step by step?",
    ),
    "no-impact@internet": Wording(
        "It does not say who is affected or how urgent it is.",
        "Add the impact, e.g. 'the whole office (12 people) cannot work', 'working from home impossible'.",
        "Who is affected, and how urgent is it?",
    ),
    "no-impact@device": Wording(
        "It does not say who is affected or how urgent it is.",
        "Add the impact, e.g. 'the only printer of the office: invoices cannot go out'.",
        "Who is affected, and how urgent is it?",
    ),
    "vague-device": Wording(
        "The device is named only as “{text}”, without make or model.",
        "Add the make and model from the label, e.g. 'Brother HL-L2350DW' — not 'the grey one'.",
        "What make and model is it? It is on the label, e.g. Brother HL-L2350DW.",
    ),
    "missing-identity/name": Wording(
        "Your name is missing.",
        "Add your name so support can address you and find your account, e.g. 'Anna Virtanen'.",
        "What is your name?",
    ),
    "missing-identity/contact": Wording(
        "There is no e-mail address or phone number to answer to.",
        "Add an e-mail address or phone number, e.g. anna@example.com or +358 40 123 4567.",
        "Where should support answer — which e-mail address or phone number?",
    ),
    "secret-in-text": Wording(
        "The {where} contains a password, PIN or key.",
        SECRET_SUGGESTION,
        "Could you say that again without the password, PIN or key?",
    ),
    "no-ticket-reference": Wording(
        "The text mentions an earlier report, but no ticket number is given.",
        "Add the earlier ticket number, e.g. INC-20418, so support finds the history at once.",
        "What was the number of your earlier ticket?",
    ),
    "no-screenshot": Wording(
        "There is no screenshot and no error text.",
        "Attach a screenshot of what you see, e.g. the browser window with the error.",
        "Can you take a screenshot of the error?",
    ),
}

# vague_answer(): the follow-up question per interview field (default ASK_WHAT_FAILS)
VAGUE_QUESTIONS: dict[str, str] = {
    "problem.summary": "In one line: which service, and what exactly goes wrong?",
    "problem.description": ASK_WHAT_FAILS,
    "problem.broken": ASK_WHAT_FAILS,
    "problem.works": "What still works — other websites, other devices, other parts of the service?",
    "problem.changed": "What changed since it last worked — updates, new devices, settings, a move?",
    "problem.steps": "What exactly do you do when it fails — step by step?",
    "problem.impact": "Who is affected, and what does it cost — e.g. 'no customer can pay'?",
    "problem.tried": "What exactly did you try, and what happened each time?",
}

FIELD_LABELS: dict[str | None, str] = {
    "problem.summary": "summary",
    "problem.description": "description",
    "problem.frequency": "'how often' answer",
    "problem.changed": "'what changed' answer",
    "problem.works": "'what still works' answer",
    "problem.broken": "'what does not work' answer",
    "problem.steps": "steps",
    "problem.tried": "'what you tried' answer",
    "problem.impact": "impact",
    None: "answer",
}


@dataclass(frozen=True)
class Identifier:
    field: str
    message: str
    suggestion: str
    question: str


# One per identifier key of reportkit/recipients.py (which recipient requires which is said there, not here).
IDENTIFIERS: dict[str, Identifier] = {
    "service.account_id": Identifier(
        "service.account_id",
        "The account ID is missing: the {recipient} needs it to find your account.",
        "Add the account ID from the provider's control panel, contract or invoice, e.g. NC-448812.",
        "What is your account ID with the provider?",
    ),
    "isp.customer_id": Identifier(
        "service.account_id",
        "The customer ID is missing: the {recipient} needs it to find your line.",
        "Add the customer ID from your internet contract or invoice, e.g. 100234567.",
        "What is your customer number with the internet provider?",
    ),
    "service.vm_name": Identifier(
        "service.vm_name",
        "The server (VM) name is missing: the {recipient} needs it to find the server.",
        "Add the VM name as the control panel shows it, e.g. web-01.",
        "What is the server's (VM's) name in the control panel?",
    ),
    "service.host": Identifier(
        "service.host",
        "The server IP address is missing: the {recipient} needs it to find the server.",
        "Add the server's IP address, e.g. 203.0.113.10.",
        "What is the server's IP address?",
    ),
    "service.url": Identifier(
        "service.url",
        "The service URL is missing: the {recipient} needs the exact address that fails.",
        "Add the full address of the page that fails, e.g. https://shop.example.com/checkout.",
        "What is the exact address (URL) of the page that fails?",
    ),
    "service.device": Identifier(
        "service.device_model",
        "The device's make and model are missing: the {recipient} needs them to know which device it is.",
        "Add the make and model from the label on the device, e.g. 'HP LaserJet M404dn'.",
        "Which device is it — the make and model on its label?",
    ),
    "service.name-or-url": Identifier(
        "service.name",
        "Neither the service name nor its URL is given: {recipient} cannot tell what fails.",
        "Name the service or give its address, e.g. 'Shop website' or https://shop.example.com/.",
        "Which service or website is affected — its name or address?",
    ),
}

# How each role of reportkit/recipients.py is named in a finding ("the {recipient} needs it …").
RECIPIENT_LABELS: dict[str, str] = {
    "cloud-provider": "cloud provider",
    "service-operator": "service operator",
    "isp": "internet provider",
    "local-admin": "network administrator",
    "you": "support",
    "device-support": "device vendor or support desk",
}

# The problem fields that are free text (scanned for secrets, slowness, devices and earlier reports).
TEXT_FIELDS: tuple[str, ...] = (
    "summary",
    "description",
    "started_at",
    "frequency",
    "changed",
    "works",
    "broken",
    "steps",
    "tried",
    "impact",
)

# ----------------------------------------------------------------------------------------------------------------
# Normalising and matching
# ----------------------------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NON_WORD = re.compile(r"[\W_]+")
_CLOCK_OR_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}[:.]\d{2}(?::\d{2})?)?\b"  # 2026-11-23 08:00
    r"|\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?"  # 23.11.2026, 23.11.
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"  # 11/23/2026
    r"|\b\d{1,2}[:.]\d{2}\b"  # 08:00, 8.00
)
_MEASUREMENT = re.compile(  # on folded text: a number with a unit ("12.50 ms", "2 Mbit/s", "20 másodperc")
    r"\d(?:[.,]\d+)?\s*(?:%|ms\b|s\b|sec|min|mbit|mbps|mb/s|kbit|kbps|kb/s|gbit|gbps|мс\b|сек|с\b|мбит|мб/с|кбит"
    r"|мин|sn\b|saniye|dk\b|dakika|mp\b|masodperc|perc|sekunti|sekunnissa|sekuntia|minuut|times|kertaa|x\b)"
)
_TICKET_ID = re.compile(r"#\s?\d{3,}|№\s?\d+|\b[^\W\d_]{2,}[-_]?\d{3,}\b|\b\d{5,}\b")
_MODEL_LIKE = re.compile(r"(?=(?:\D*\d){2})(?=.*[^\W\d_])\w{3,}")
_REDACTED = re.compile(r"\[redacted:[^\]]*\]")

Pattern = tuple[str, ...]  # folded tokens; a trailing "*" on a token matches any word starting with it


def fold(text: str) -> str:
    """Casefold and strip accents the same way for every language (İ/I/ı → i, ё → е, ä → a, ő → o …)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text.replace("ı", "i"))


def tokens(text: str) -> list[str]:
    """Folded words, punctuation and emoji dropped: "Everything's BROKEN!!!" → ["everythings", "broken"]."""
    return [t for t in _NON_WORD.split(fold(text)) if t]


def _pattern(entry: str) -> Pattern:
    out: list[str] = []
    for word in entry.split():
        star = word.endswith("*")
        parts = tokens(word.rstrip("*"))
        if star and parts:
            parts[-1] += "*"
        out.extend(parts)
    return tuple(out)


def _patterns(entries: Iterable[str]) -> tuple[Pattern, ...]:
    unique = {p for p in (_pattern(e) for e in entries) if p}
    return tuple(sorted(unique, key=lambda p: (-len(p), p)))  # longest first: "ei toimi" before "toimi"


def _words(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(t for e in entries for t in tokens(e))


def _same(pattern: str, token: str) -> bool:
    return token.startswith(pattern[:-1]) if pattern.endswith("*") else token == pattern


class _Phrases:
    """A phrase list compiled for matching runs of tokens, indexed by first word (fast on long texts)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.patterns = _patterns(entries)  # longest first
        self._exact: dict[str, list[Pattern]] = {}
        self._prefixed: list[Pattern] = []
        for pattern in self.patterns:
            if pattern[0].endswith("*"):
                self._prefixed.append(pattern)
            else:
                self._exact.setdefault(pattern[0], []).append(pattern)
        self.words = frozenset(t for p in self.patterns for t in p if not t.endswith("*"))
        self.stems = tuple(sorted({t[:-1] for p in self.patterns for t in p if t.endswith("*")}))

    def knows(self, token: str) -> bool:
        """Could this token be part of one of the phrases?"""
        return token in self.words or token.startswith(self.stems)

    def at(self, toks: Sequence[str | None], i: int) -> Pattern | None:
        """The longest phrase starting at toks[i] (None marks tokens already taken)."""
        first = toks[i]
        if first is None:
            return None
        candidates = self._exact.get(first, [])
        if self._prefixed:
            candidates = sorted(
                [*candidates, *(p for p in self._prefixed if _same(p[0], first))], key=lambda p: (-len(p), p)
            )
        for pattern in candidates:
            end = i + len(pattern)
            if end <= len(toks) and all((t := toks[i + k]) is not None and _same(p, t) for k, p in enumerate(pattern)):
                return pattern
        return None

    def find(self, toks: Sequence[str | None]) -> Iterator[tuple[int, Pattern]]:
        """Non-overlapping matches, left to right, the longest at each place."""
        i = 0
        while i < len(toks):
            pattern = self.at(toks, i)
            if pattern:
                yield i, pattern
                i += len(pattern)
            else:
                i += 1

    def within(self, toks: Sequence[str | None]) -> bool:
        return next(self.find(toks), None) is not None


_VAGUE = _Phrases(p for group in phrases.VAGUE_PHRASES.values() for p in group)
_FILLER = _words(phrases.FILLER.values())
_SLOW = _Phrases(phrases.SLOW_WORDS)
_DEVICES = _Phrases(phrases.DEVICE_WORDS)
_COLOURS = _Phrases(phrases.COLOUR_WORDS)
_COLOURS_NEED_NOUN = _Phrases(phrases.COLOURS_NEED_NOUN)
_ONE_WORDS = _Phrases(phrases.ONE_WORDS)
_DETERMINERS = _words(phrases.DETERMINERS)
_SURFACES = _Phrases(phrases.SURFACE_WORDS)
_MAKES = _Phrases(phrases.MAKES)
_EARLIER = _Phrases(phrases.EARLIER_REPORT)


# ----------------------------------------------------------------------------------------------------------------
# Detectors (one text in, a yes/no or a quote out)
# ----------------------------------------------------------------------------------------------------------------


def is_vague(text: str) -> bool:
    """True if the text is nothing but vague phrases and filler ("Everything is broken!!!", "netti on hidas")."""
    toks: list[str | None] = list(tokens(_CLOCK_OR_DATE.sub(" ", text)))
    if not toks:
        return bool(text.strip())  # only punctuation or emoji: "!!!", "🛒💥"
    if not all(t in _FILLER or _VAGUE.knows(t) for t in toks if t):  # a specific word: done (fast on long texts)
        return False
    matched = False
    for i, pattern in _VAGUE.find(toks):
        toks[i : i + len(pattern)] = [None] * len(pattern)
        matched = True
    return matched and all(t is None or t in _FILLER for t in toks)


def mentions_slowness(text: str) -> bool:
    return _SLOW.within(tokens(text))


def has_numbers(text: str) -> bool:
    """A measurement ("2 Mbit/s", "20 s", "900 ms", "50 %") or any number that is not a clock time or a date."""
    if _MEASUREMENT.search(fold(text)):
        return True
    return any(c.isdigit() for c in _CLOCK_OR_DATE.sub(" ", text))


def find_secret(text: str, allow: Collection[str] = (), kept_kinds: Collection[str] = ()) -> str | None:
    """The secret typed into the text, or the redaction marker that replaced it, else None.

    The same detector redaction uses (`reportkit.secrets`): the lint flags exactly what redaction removes, and
    nothing the user marked "not a secret" (`allow`: the values, in memory; `kept_kinds`: the kinds a saved report
    records as kept in this field).
    """
    marker = _REDACTED.search(text.lower())
    if marker:
        return marker.group(0)
    from reportkit.secrets import scan

    for f in scan(text):
        value = text[f.start : f.end]
        if value not in allow and f.kind not in kept_kinds:
            return value
    return None


def vague_device(text: str) -> str | None:
    """The words naming a device without make or model ("the grey one", "принтер"), else None."""
    if _MAKES.within(tokens(text)):  # "Our printer jams. It is a Brother."
        return None
    for sentence in re.split(r"[.!?;\n]+", text):
        toks = tokens(sentence)
        for i, _ in _DEVICES.find(toks):
            if not any(_MODEL_LIKE.fullmatch(t) for t in toks[max(0, i - 3) : i + 4]):
                return _quote(sentence, toks, i, 1)
        for i, _ in _COLOURS.find(toks):
            after = toks[i + 1 : i + 2]
            if after and _ONE_WORDS.within(after):
                return _quote(sentence, toks, i, 2)
            starts = all(t in _DETERMINERS for t in toks[:i])
            alone = len(toks) == i + 1
            as_noun = not _COLOURS_NEED_NOUN.within(toks[i : i + 1]) and not (after and _SURFACES.within(after))
            if starts and (alone or as_noun):
                return _quote(sentence, toks, i, 1)
    return None


def earlier_report(text: str) -> bool:
    """The text refers to an earlier report ("last week I reported", "уже писал", "aiemmin") with no ticket id."""
    return _EARLIER.within(tokens(text)) and not _TICKET_ID.search(_CLOCK_OR_DATE.sub(" ", text))


def _quote(text: str, toks: Sequence[str], i: int, n: int) -> str:
    """The user's own words for toks[i : i + n] (with a determiner before them), as typed when possible."""
    start = i - 1 if i > 0 and toks[i - 1] in _DETERMINERS else i
    typed = [t for t in _NON_WORD.split(_APOSTROPHES.sub("", unicodedata.normalize("NFKC", text))) if t]
    words = typed if len(typed) == len(toks) else list(toks)
    return " ".join(words[start : i + n])


def _short(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


# ----------------------------------------------------------------------------------------------------------------
# Findings
# ----------------------------------------------------------------------------------------------------------------


def _finding(
    code: str, key: str | None = None, field: str | None = None, situation: str | None = None, **values: str
) -> Finding:
    """The finding in its words — those written for the situation ("no-steps@device") where there are some."""
    wording = WORDING.get(f"{key or code}@{situation}") or WORDING[key or code]
    return Finding(
        code=code,
        severity=SEVERITY[code],
        message=wording.message.format_map(values),
        suggestion=wording.suggestion.format_map(values),
        field=field,
        question=wording.question.format_map(values) if wording.question else None,
    )


def _identifier_finding(key: str, recipient: str) -> Finding:
    ident = IDENTIFIERS[key]
    values = {"recipient": RECIPIENT_LABELS[recipient]}
    return Finding(
        code="missing-identifier",
        severity=SEVERITY["missing-identifier"],
        message=ident.message.format_map(values),
        suggestion=ident.suggestion.format_map(values),
        field=ident.field,
        question=ident.question,
    )


def _where(field: str | None) -> str:
    return FIELD_LABELS.get(field, FIELD_LABELS[None])


def _text(value: str | None) -> str:
    return value.strip() if value else ""


def _recipient(report: Report) -> str:
    """The role the request goes to (reportkit/recipients.py decides, from the verdict and its contact)."""
    verdict = report.verdict
    if verdict is None:
        return recipients.addressee(None, situation=report.problem.situation)
    return recipients.addressee(
        verdict.culprit, str(verdict.contact.get("role") or "") or None, report.problem.situation
    )


def _present(report: Report, key: str) -> bool:
    service = report.service
    contact: Mapping[str, object] = report.verdict.contact if report.verdict else {}
    values: dict[str, tuple[object, ...]] = {
        "service.account_id": (service.account_id, contact.get("account_id")),
        "isp.customer_id": (service.account_id, contact.get("customer_id")),
        "service.vm_name": (service.vm_name,),
        "service.host": (service.host,),
        "service.url": (service.url, service.hostname),
        "service.name-or-url": (service.name, service.url, service.hostname),
    }
    if key == "service.device":  # both: "HP" alone does not say which printer
        return all(isinstance(v, str) and v.strip() for v in (service.device_make, service.device_model))
    return any(isinstance(v, str) and v.strip() for v in values[key])


def _problem_texts(report: Report) -> list[tuple[str, str]]:
    """(field key, text) for every filled-in free-text problem field."""
    out = []
    for name in TEXT_FIELDS:
        text = _text(getattr(report.problem, name))
        if text:
            out.append((f"problem.{name}", text))
    return out


_FULL_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b")


def _start_placed(report: Report) -> bool:
    """Can the start time be placed on a date? Yes if it was anchored when the report was built; an old report
    is anchored now from its collection time; without a collection time only a full date will do."""
    p = report.problem
    if _text(p.started_resolved):
        return True
    at = created_moment(report.meta)
    if at is None:
        return bool(_FULL_DATE.search(p.started_at or ""))
    from reportkit.when import anchor  # imports dateparser: only for a start time the report has not anchored

    return anchor(p.started_at, at) is not None


def check(report: Report, allow: Collection[str] = ()) -> Quality:
    """Score the report and list what support would have to ask back (`allow`: values marked "not a secret")."""
    p, service, reporter = report.problem, report.service, report.reporter
    situation = p.situation if p.situation in fields.SITUATIONS else None  # examples fit the kind of problem
    points: dict[str, int] = dict.fromkeys(WEIGHTS, 0)
    found: list[Finding] = []
    texts = _problem_texts(report)

    # identity
    if _text(reporter.name):
        points["identity"] += PARTS["name"]
    else:
        found.append(_finding("missing-identity", "missing-identity/name", "reporter.name"))
    if _text(reporter.email) or _text(reporter.phone):
        points["identity"] += PARTS["contact"]
    else:
        found.append(_finding("missing-identity", "missing-identity/contact", "reporter.email"))

    # identifiers the recipient needs
    recipient = _recipient(report)
    required = recipients.RECIPIENTS[recipient].requires
    missing = [key for key in required if not _present(report, key)]
    found.extend(_identifier_finding(key, recipient) for key in missing)
    given = (len(required) - len(missing)) / len(required) if required else 1.0
    points["identifiers"] = round(WEIGHTS["identifiers"] * given)

    # description
    summary, description = _text(p.summary), _text(p.description)
    summary_ok = bool(summary) and not is_vague(summary)
    description_ok = bool(description) and not is_vague(description)
    for field, text in (("problem.summary", summary), ("problem.description", description)):
        if text and is_vague(text):
            found.append(_finding("vague-description", None, field, situation, where=_where(field), text=_short(text)))
    if not summary and not description:
        found.append(_finding("vague-description", "vague-description/empty", "problem.description", situation))
    elif summary_ok and not description:
        found.append(_finding("vague-description", "vague-description/thin", "problem.description", situation))
    elif description_ok and not summary:
        found.append(_finding("vague-description", "vague-description/no-summary", "problem.summary", situation))
    points["description"] = PARTS["summary"] * summary_ok + PARTS["description"] * description_ok

    slow_field = next((f for f, t in texts if f != "problem.started_at" and mentions_slowness(t)), None)
    if slow_field and not any(has_numbers(t) for f, t in texts if f != "problem.started_at"):
        found.append(_finding("slow-without-numbers", None, slow_field, where=_where(slow_field)))
        points["description"] = max(0, points["description"] - PARTS["slow_penalty"])

    # error text, evidence
    if report.evidence.errors:
        points["error_text"] = WEIGHTS["error_text"]
    else:
        found.append(_finding("no-error-text", None, "evidence.errors"))
    if report.evidence.attachments:
        points["evidence"] = WEIGHTS["evidence"]
    elif report.evidence.errors:
        points["evidence"] = PARTS["error_text_as_evidence"]
    else:
        found.append(_finding("no-screenshot", None, "evidence.attachments"))

    # timeline: said, and placed on a date
    started = _text(p.started_at)
    if not started:
        found.append(_finding("no-start-time", None, "problem.started_at"))
    elif _start_placed(report):
        points["timeline"] = WEIGHTS["timeline"]
    else:
        points["timeline"] = PARTS["start_unplaced"]
        found.append(_finding("undated-start-time", None, "problem.started_at", text=_short(started)))

    # changed, steps, impact (a question the situation does not ask — steps for an internet outage — is not held
    # against the request: the user was never asked it)
    for criterion, value, code, field in (
        ("changed", p.changed, "no-what-changed", "problem.changed"),
        ("steps", p.steps, "no-steps", "problem.steps"),
        ("impact", p.impact, "no-impact", "problem.impact"),
    ):
        if _text(value) or (situation is not None and situation not in fields.BY_KEY[field].situations):
            points[criterion] = WEIGHTS[criterion]
        else:
            found.append(_finding(code, None, field, situation))

    # works / broken
    works, broken = _text(p.works), _text(p.broken)
    broken_ok = bool(broken) and not is_vague(broken)
    points["works_broken"] = PARTS["works"] * bool(works) + PARTS["broken"] * broken_ok
    if broken and not broken_ok:
        found.append(
            _finding(
                "no-works-broken", "no-works-broken/broken-vague", "problem.broken", situation, text=_short(broken)
            )
        )
    if not works and not broken:
        found.append(_finding("no-works-broken", None, "problem.broken", situation))
    elif not works:
        found.append(_finding("no-works-broken", "no-works-broken/works", "problem.works", situation))
    elif not broken:
        found.append(_finding("no-works-broken", "no-works-broken/broken", "problem.broken", situation))

    # device named by colour or kind only
    if not (_text(service.device_make) or _text(service.device_model)):
        quoted = next((q for _, t in texts if (q := vague_device(t))), None)
        if quoted:
            found.append(_finding("vague-device", None, "service.device_make", text=quoted))

    # secrets typed into the text
    kept: dict[str, set[str]] = {}
    for entry in report.meta.not_secrets:
        if isinstance(entry, dict):
            kept.setdefault(str(entry.get("field", "")), set()).add(str(entry.get("kind", "")))
    for field, text in texts:
        if find_secret(text, allow, kept.get(field, ())):
            found.append(_finding("secret-in-text", None, field, where=_where(field)))

    # an earlier report without its ticket number
    if not service.tickets and any(earlier_report(t) for _, t in texts):
        found.append(_finding("no-ticket-reference", None, "service.tickets"))

    order = {code: i for i, code in enumerate(CODES)}
    found.sort(key=lambda f: (_SEVERITY_RANK[f.severity], order[f.code]))  # stable: fields keep their order
    return Quality(score=sum(points.values()), breakdown=points, findings=tuple(found))


def vague_answer(text: str, field: str | None = None) -> Finding | None:
    """Is this one interview answer too vague? A finding with one targeted follow-up question, else None.

    `field` (e.g. "problem.broken") picks the question and is set on the finding. Empty answers are skips,
    not vague answers (None). Checked in order: a password or PIN, a vague phrase as the whole answer,
    slowness without numbers, a device named only by colour or kind.
    """
    answer = text.strip()
    if not answer:
        return None
    where = _where(field)
    if find_secret(answer):
        return _finding("secret-in-text", None, field, where=where)
    slow = mentions_slowness(answer) and not has_numbers(answer)
    if is_vague(answer) and not slow:
        found = _finding("vague-description", None, field, where=where, text=_short(answer))
        return dataclasses.replace(found, question=VAGUE_QUESTIONS.get(field or "", ASK_WHAT_FAILS))
    if slow:
        return _finding("slow-without-numbers", None, field, where=where)
    quoted = vague_device(answer)
    if quoted:
        return _finding("vague-device", None, field, text=quoted)
    return None
