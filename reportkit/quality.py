"""The report lint: pure, data in and findings out (no I/O; imports only the model, its phrase lists, the recipient
table, reportkit.messages, and reportkit.when for an old report whose start time was never anchored).

A finding's message, suggestion and question are messages (`reportkit.messages.Said`, MESSAGES below): str
holding the English, worded in another language by `messages.say`.

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
from typing import Any

from reportkit import fields, messages, recipients
from reportkit import quality_phrases as phrases
from reportkit.messages import Said, Template
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
    # the texts are messages (messages.Said, MESSAGES below; a plain str is a literal): messages.say words them
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
# Wording: every text of a finding is a message (reportkit.messages; catalog context "quality.<key>"), so the CLI
# and the interview word it in the interface language. Placeholders: {text} (the user's own words, quoted) and
# {recipient} (a "recipient." entry, itself a message). A sentence that names a field ("The summary only says …")
# has one entry per field (WHERE), not a field name filled in: each language words it as a whole.
# ----------------------------------------------------------------------------------------------------------------

MESSAGES: dict[str, Template] = {
    # what is wrong (Finding.message); {text}: the user's own words, quoted
    "wrong.vague-description.summary": "The summary only says “{text}”: support cannot tell what is wrong.",
    "wrong.vague-description.description": "The description only says “{text}”: support cannot tell what is wrong.",
    "wrong.vague-description.frequency": (
        "The 'how often' answer only says “{text}”: support cannot tell what is wrong."
    ),
    "wrong.vague-description.changed": (
        "The 'what changed' answer only says “{text}”: support cannot tell what is wrong."
    ),
    "wrong.vague-description.works": (
        "The 'what still works' answer only says “{text}”: support cannot tell what is wrong."
    ),
    "wrong.vague-description.broken": (
        "The 'what does not work' answer only says “{text}”: support cannot tell what is wrong."
    ),
    "wrong.vague-description.steps": "The steps only say “{text}”: support cannot tell what is wrong.",
    "wrong.vague-description.tried": (
        "The 'what you tried' answer only says “{text}”: support cannot tell what is wrong."
    ),
    "wrong.vague-description.impact": "The impact only says “{text}”: support cannot tell what is wrong.",
    "wrong.vague-description.answer": "The answer only says “{text}”: support cannot tell what is wrong.",
    "wrong.vague-description/empty": "There is no description of the problem.",
    "wrong.vague-description/thin": "There is only a one-line summary, no description.",
    "wrong.vague-description/no-summary": "There is no one-line summary.",
    "wrong.slow-without-numbers.summary": "The summary says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.description": "The description says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.frequency": "The 'how often' answer says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.changed": "The 'what changed' answer says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.works": "The 'what still works' answer says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.broken": "The 'what does not work' answer says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.steps": "The steps say it is slow but give no numbers.",
    "wrong.slow-without-numbers.tried": "The 'what you tried' answer says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.impact": "The impact says it is slow but gives no numbers.",
    "wrong.slow-without-numbers.answer": "The answer says it is slow but gives no numbers.",
    "wrong.no-error-text": "There is no exact error message.",
    "wrong.no-start-time": "It does not say when the problem started.",
    "wrong.undated-start-time": (
        "The start time “{text}” cannot be placed on a date: read later, nobody knows which day it means."
    ),
    "wrong.no-what-changed": "It does not say what changed since it last worked.",
    "wrong.no-works-broken": "It does not say what still works and what does not.",
    "wrong.no-works-broken/works": "It does not say what still works.",
    "wrong.no-works-broken/broken": "It does not say what does not work.",
    "wrong.no-works-broken/broken-vague": "“{text}” does not say what does not work.",
    "wrong.no-steps": "There are no steps to reproduce the problem.",
    "wrong.no-impact": "It does not say who is affected or how urgent it is.",
    "wrong.vague-device": "The device is named only as “{text}”, without make or model.",
    "wrong.missing-identity/name": "Your name is missing.",
    "wrong.missing-identity/contact": "There is no e-mail address or phone number to answer to.",
    "wrong.secret-in-text.summary": "The summary contains a password, PIN or key.",
    "wrong.secret-in-text.description": "The description contains a password, PIN or key.",
    "wrong.secret-in-text.frequency": "The 'how often' answer contains a password, PIN or key.",
    "wrong.secret-in-text.changed": "The 'what changed' answer contains a password, PIN or key.",
    "wrong.secret-in-text.works": "The 'what still works' answer contains a password, PIN or key.",
    "wrong.secret-in-text.broken": "The 'what does not work' answer contains a password, PIN or key.",
    "wrong.secret-in-text.steps": "The steps contain a password, PIN or key.",
    "wrong.secret-in-text.tried": "The 'what you tried' answer contains a password, PIN or key.",
    "wrong.secret-in-text.impact": "The impact contains a password, PIN or key.",
    "wrong.secret-in-text.answer": "The answer contains a password, PIN or key.",
    "wrong.no-ticket-reference": "The text mentions an earlier report, but no ticket number is given.",
    "wrong.no-screenshot": "There is no screenshot and no error text.",
    "wrong.identifier.service.account_id": "The account ID is missing: {recipient} needs it to find your account.",
    "wrong.identifier.isp.customer_id": "The customer ID is missing: {recipient} needs it to find your line.",
    "wrong.identifier.service.vm_name": "The server (VM) name is missing: {recipient} needs it to find the server.",
    "wrong.identifier.service.host": "The server IP address is missing: {recipient} needs it to find the server.",
    "wrong.identifier.service.url": "The service URL is missing: {recipient} needs the exact address that fails.",
    "wrong.identifier.service.device": (
        "The device's make and model are missing: {recipient} needs them to know which device it is."
    ),
    "wrong.identifier.service.name-or-url": (
        "Neither the service name nor its URL is given: {recipient} cannot tell what fails."
    ),
    # what to add, with an example (Finding.suggestion)
    "tip.vague-description": (
        "Say which page, button or feature fails and what you see, e.g. 'Since 08:00 the checkout page returns HTTP "
        "502; the front page works'."
    ),
    "tip.vague-description/empty": (
        "Describe what you did, what you expected and what you saw, e.g. 'Pressing Pay now on /checkout shows 502 "
        "Bad Gateway'."
    ),
    "tip.vague-description/thin": (
        "Add a description: what you did, what you expected and what you saw, e.g. 'The cart works, but Pay now on "
        "/checkout shows 502 Bad Gateway for every customer'."
    ),
    "tip.vague-description/no-summary": (
        "Add a summary naming the service and the symptom, e.g. 'Webshop checkout returns HTTP 502'."
    ),
    "tip.slow-without-numbers": (
        "Add measurements, e.g. 'speed test 2 Mbit/s instead of 100', 'ping 900 ms', 'a page takes 20 s to load'."
    ),
    "tip.no-error-text": (
        "Copy the error text word for word (typed, from a file or the clipboard), e.g. '502 Bad Gateway'."
    ),
    "tip.no-start-time": "Add the date and time it started, e.g. '2026-11-23 08:00'.",
    "tip.undated-start-time": "Add the date, e.g. '2026-11-23 08:00' or 'yesterday at 18:00'.",
    "tip.no-what-changed": (
        "Mention updates, new devices, settings or moves — or say 'nothing changed', e.g. 'updated the payment "
        "plugin yesterday at 21:30'."
    ),
    "tip.no-works-broken": (
        "Name both, e.g. works: 'front page and cart'; does not work: 'Pay now on /checkout shows 502'."
    ),
    "tip.no-works-broken/works": "Add what still works, e.g. 'other websites', 'the admin panel', 'the phone on 4G'.",
    "tip.no-works-broken/broken": (
        "Name the page, button or feature and what happens, e.g. 'Pay now on /checkout shows 502 Bad Gateway'."
    ),
    "tip.no-steps": (
        "List the steps, e.g. '1. open https://shop.example.com 2. add a product to the cart 3. press Pay now'."
    ),
    "tip.no-impact": "Add the impact, e.g. 'no customer can pay: about 40 orders a day lost'.",
    "tip.vague-description@internet": (
        "Say what fails, where and since when, e.g. 'Since 08:00 no device at home opens any website; the router's "
        "internet light is red'."
    ),
    "tip.vague-description@device": (
        "Say which device does what wrong, e.g. 'The HP LaserJet M404 prints blank pages from every PC'."
    ),
    "tip.vague-description/empty@internet": (
        "Describe what you did, what you expected and what you saw, e.g. 'No website opens on any device; the "
        "router's internet light blinks red'."
    ),
    "tip.vague-description/empty@device": (
        "Describe what you did, what you expected and what you saw, e.g. 'Printing from Word gives blank pages; the "
        "test page is blank too'."
    ),
    "tip.vague-description/thin@internet": (
        "Add a description: what you did, what you expected and what you saw, e.g. 'After restarting the router the "
        "internet light stays red; the phone on 4G works'."
    ),
    "tip.vague-description/thin@device": (
        "Add a description: what you did, what you expected and what you saw, e.g. 'Every page comes out blank, also "
        "the printer's own test page; the toner is new'."
    ),
    "tip.vague-description/no-summary@internet": (
        "Add a summary naming the connection and the symptom, e.g. 'Home fibre: no internet since 08:00'."
    ),
    "tip.vague-description/no-summary@device": (
        "Add a summary naming the device and the symptom, e.g. 'HP LaserJet M404 prints blank pages'."
    ),
    "tip.no-what-changed@internet": (
        "Mention a new router, a move, a storm, works in the street, a changed contract — or say 'nothing changed'."
    ),
    "tip.no-what-changed@device": (
        "Mention updates, a new cartridge or cable, a move, a fall — or say 'nothing changed', e.g. 'Windows update "
        "on Monday'."
    ),
    "tip.no-works-broken@internet": (
        "Name both, e.g. works: 'the phone on 4G'; does not work: 'no device at home gets any website since 08:00'."
    ),
    "tip.no-works-broken@device": (
        "Name both, e.g. works: 'copying'; does not work: 'printing from any PC gives blank pages'."
    ),
    "tip.no-works-broken/broken@internet": (
        "Say what fails and where, e.g. 'no website opens on any device at home; the router's light is red'."
    ),
    "tip.no-works-broken/broken@device": (
        "Say what the device does wrong, e.g. 'prints blank pages', 'shows error E-04 when switched on'."
    ),
    "tip.no-steps@device": (
        "List the steps, e.g. '1. switch the printer on 2. print a test page from Word 3. the page comes out blank'."
    ),
    "tip.no-impact@internet": (
        "Add the impact, e.g. 'the whole office (12 people) cannot work', 'working from home impossible'."
    ),
    "tip.no-impact@device": "Add the impact, e.g. 'the only printer of the office: invoices cannot go out'.",
    "tip.vague-device": "Add the make and model from the label, e.g. 'Brother HL-L2350DW' — not 'the grey one'.",
    "tip.missing-identity/name": (
        "Add your name so support can address you and find your account, e.g. 'Anna Virtanen'."
    ),
    "tip.missing-identity/contact": "Add an e-mail address or phone number, e.g. anna@example.com or +358 40 123 4567.",
    "tip.secret-in-text": "Support never needs your password, PIN or keys — remove it; reportkit redacts it anyway",
    "tip.no-ticket-reference": "Add the earlier ticket number, e.g. INC-20418, so support finds the history at once.",
    "tip.no-screenshot": "Attach a screenshot of what you see, e.g. the browser window with the error.",
    "tip.identifier.service.account_id": (
        "Add the account ID from the provider's control panel, contract or invoice, e.g. NC-448812."
    ),
    "tip.identifier.isp.customer_id": "Add the customer ID from your internet contract or invoice, e.g. 100234567.",
    "tip.identifier.service.vm_name": "Add the VM name as the control panel shows it, e.g. web-01.",
    "tip.identifier.service.host": "Add the server's IP address, e.g. 203.0.113.10.",
    "tip.identifier.service.url": (
        "Add the full address of the page that fails, e.g. https://shop.example.com/checkout."
    ),
    "tip.identifier.service.device": "Add the make and model from the label on the device, e.g. 'HP LaserJet M404dn'.",
    "tip.identifier.service.name-or-url": (
        "Name the service or give its address, e.g. 'Shop website' or https://shop.example.com/."
    ),
    # the interview's one follow-up question (Finding.question), asked on its own
    "ask.what-fails": "What exactly does not work — which page, which button, which error?",
    "ask.what-happened": "What happened — what did you do, what did you expect, and what did you see?",
    "ask.vague-description/no-summary": "In one line: which service, and what goes wrong?",
    "ask.slow-without-numbers": (
        "How slow is it — a speed test result in Mbit/s, a ping time in ms, or how many seconds a page takes?"
    ),
    "ask.no-error-text": "What exactly does the error message say? Please copy it word for word.",
    "ask.no-start-time": "When did it start — date and time, as exactly as you know?",
    "ask.undated-start-time": "On which day and at what time did it start?",
    "ask.no-what-changed": (
        "What changed since it last worked — updates, new devices, settings? ('Nothing' is a useful answer too.)"
    ),
    "ask.no-works-broken": "What still works, and what exactly does not?",
    "ask.no-works-broken/works": "What still works — other websites, other devices, other parts of the service?",
    "ask.no-steps": "What exactly do you do when it fails — step by step?",
    "ask.no-impact": "Who is affected, and how urgent is it?",
    "ask.vague-description/no-summary@internet": "In one line: which connection, and what goes wrong?",
    "ask.vague-description/no-summary@device": "In one line: which device, and what goes wrong?",
    "ask.no-what-changed@internet": (
        "What changed since it last worked — a new router, cabling, a move, the contract? ('Nothing' helps too.)"
    ),
    "ask.no-what-changed@device": (
        "What changed since it last worked — updates, cables, cartridges, a move? ('Nothing' helps too.)"
    ),
    "ask.no-works-broken@internet": "What still works (another connection, some devices?), and what exactly does not?",
    "ask.no-works-broken@device": "What does the device still do, and what exactly does it not do?",
    "ask.vague-device": "What make and model is it? It is on the label, e.g. Brother HL-L2350DW.",
    "ask.missing-identity/name": "What is your name?",
    "ask.missing-identity/contact": "Where should support answer — which e-mail address or phone number?",
    "ask.secret-in-text": "Could you say that again without the password, PIN or key?",
    "ask.no-ticket-reference": "What was the number of your earlier ticket?",
    "ask.no-screenshot": "Can you take a screenshot of the error?",
    "ask.vague.summary": "In one line: which service, and what exactly goes wrong?",
    "ask.vague.changed": "What changed since it last worked — updates, new devices, settings, a move?",
    "ask.vague.impact": "Who is affected, and what does it cost — e.g. 'no customer can pay'?",
    "ask.vague.tried": "What exactly did you try, and what happened each time?",
    "ask.identifier.service.account_id": "What is your account ID with the provider?",
    "ask.identifier.isp.customer_id": "What is your customer number with the internet provider?",
    "ask.identifier.service.vm_name": "What is the server's (VM's) name in the control panel?",
    "ask.identifier.service.host": "What is the server's IP address?",
    "ask.identifier.service.url": "What is the exact address (URL) of the page that fails?",
    "ask.identifier.service.device": "Which device is it — the make and model on its label?",
    "ask.identifier.service.name-or-url": "Which service or website is affected — its name or address?",
    # who needs a missing identifier: {recipient} above, always the subject of its sentence
    "recipient.cloud-provider": "the cloud provider",
    "recipient.service-operator": "the service operator",
    "recipient.isp": "the internet provider",
    "recipient.local-admin": "the network administrator",
    "recipient.you": "support",
    "recipient.device-support": "the device vendor or support desk",
}


def _said(key: str, **values: Any) -> Said:
    """The message `key` of MESSAGES, with the values its template uses."""
    template = MESSAGES[key]
    used = messages.placeholders(template if isinstance(template, str) else template[1])
    return messages.make(f"quality.{key}", template, **{k: v for k, v in values.items() if k in used})


@dataclass(frozen=True)
class Wording:
    """The MESSAGES keys of one finding; "{where}" in `message` stands for the field it names (WHERE)."""

    message: str
    suggestion: str
    question: str | None = None


ASK_WHAT_FAILS = _said("ask.what-fails")
ASK_WHAT_HAPPENED = _said("ask.what-happened")
SECRET_SUGGESTION = _said("tip.secret-in-text")

WORDING: dict[str, Wording] = {
    "vague-description": Wording("wrong.vague-description.{where}", "tip.vague-description", "ask.what-fails"),
    "vague-description/empty": Wording(
        "wrong.vague-description/empty", "tip.vague-description/empty", "ask.what-happened"
    ),
    "vague-description/thin": Wording(
        "wrong.vague-description/thin", "tip.vague-description/thin", "ask.what-happened"
    ),
    "vague-description/no-summary": Wording(
        "wrong.vague-description/no-summary", "tip.vague-description/no-summary", "ask.vague-description/no-summary"
    ),
    "slow-without-numbers": Wording(
        "wrong.slow-without-numbers.{where}", "tip.slow-without-numbers", "ask.slow-without-numbers"
    ),
    "no-error-text": Wording("wrong.no-error-text", "tip.no-error-text", "ask.no-error-text"),
    "no-start-time": Wording("wrong.no-start-time", "tip.no-start-time", "ask.no-start-time"),
    "undated-start-time": Wording("wrong.undated-start-time", "tip.undated-start-time", "ask.undated-start-time"),
    "no-what-changed": Wording("wrong.no-what-changed", "tip.no-what-changed", "ask.no-what-changed"),
    "no-works-broken": Wording("wrong.no-works-broken", "tip.no-works-broken", "ask.no-works-broken"),
    "no-works-broken/works": Wording(
        "wrong.no-works-broken/works", "tip.no-works-broken/works", "ask.no-works-broken/works"
    ),
    "no-works-broken/broken": Wording("wrong.no-works-broken/broken", "tip.no-works-broken/broken", "ask.what-fails"),
    "no-works-broken/broken-vague": Wording(
        "wrong.no-works-broken/broken-vague", "tip.no-works-broken/broken", "ask.what-fails"
    ),
    "no-steps": Wording("wrong.no-steps", "tip.no-steps", "ask.no-steps"),
    "no-impact": Wording("wrong.no-impact", "tip.no-impact", "ask.no-impact"),
    "vague-description@internet": Wording(
        "wrong.vague-description.{where}", "tip.vague-description@internet", "ask.what-fails"
    ),
    "vague-description@device": Wording(
        "wrong.vague-description.{where}", "tip.vague-description@device", "ask.what-fails"
    ),
    "vague-description/empty@internet": Wording(
        "wrong.vague-description/empty", "tip.vague-description/empty@internet", "ask.what-happened"
    ),
    "vague-description/empty@device": Wording(
        "wrong.vague-description/empty", "tip.vague-description/empty@device", "ask.what-happened"
    ),
    "vague-description/thin@internet": Wording(
        "wrong.vague-description/thin", "tip.vague-description/thin@internet", "ask.what-happened"
    ),
    "vague-description/thin@device": Wording(
        "wrong.vague-description/thin", "tip.vague-description/thin@device", "ask.what-happened"
    ),
    "vague-description/no-summary@internet": Wording(
        "wrong.vague-description/no-summary",
        "tip.vague-description/no-summary@internet",
        "ask.vague-description/no-summary@internet",
    ),
    "vague-description/no-summary@device": Wording(
        "wrong.vague-description/no-summary",
        "tip.vague-description/no-summary@device",
        "ask.vague-description/no-summary@device",
    ),
    "no-what-changed@internet": Wording(
        "wrong.no-what-changed", "tip.no-what-changed@internet", "ask.no-what-changed@internet"
    ),
    "no-what-changed@device": Wording(
        "wrong.no-what-changed", "tip.no-what-changed@device", "ask.no-what-changed@device"
    ),
    "no-works-broken@internet": Wording(
        "wrong.no-works-broken", "tip.no-works-broken@internet", "ask.no-works-broken@internet"
    ),
    "no-works-broken@device": Wording(
        "wrong.no-works-broken", "tip.no-works-broken@device", "ask.no-works-broken@device"
    ),
    "no-works-broken/broken@internet": Wording(
        "wrong.no-works-broken/broken", "tip.no-works-broken/broken@internet", "ask.what-fails"
    ),
    "no-works-broken/broken@device": Wording(
        "wrong.no-works-broken/broken", "tip.no-works-broken/broken@device", "ask.what-fails"
    ),
    "no-works-broken/broken-vague@internet": Wording(
        "wrong.no-works-broken/broken-vague", "tip.no-works-broken/broken@internet", "ask.what-fails"
    ),
    "no-works-broken/broken-vague@device": Wording(
        "wrong.no-works-broken/broken-vague", "tip.no-works-broken/broken@device", "ask.what-fails"
    ),
    "no-steps@device": Wording("wrong.no-steps", "tip.no-steps@device", "ask.no-steps"),
    "no-impact@internet": Wording("wrong.no-impact", "tip.no-impact@internet", "ask.no-impact"),
    "no-impact@device": Wording("wrong.no-impact", "tip.no-impact@device", "ask.no-impact"),
    "vague-device": Wording("wrong.vague-device", "tip.vague-device", "ask.vague-device"),
    "missing-identity/name": Wording(
        "wrong.missing-identity/name", "tip.missing-identity/name", "ask.missing-identity/name"
    ),
    "missing-identity/contact": Wording(
        "wrong.missing-identity/contact", "tip.missing-identity/contact", "ask.missing-identity/contact"
    ),
    "secret-in-text": Wording("wrong.secret-in-text.{where}", "tip.secret-in-text", "ask.secret-in-text"),
    "no-ticket-reference": Wording("wrong.no-ticket-reference", "tip.no-ticket-reference", "ask.no-ticket-reference"),
    "no-screenshot": Wording("wrong.no-screenshot", "tip.no-screenshot", "ask.no-screenshot"),
}

# vague_answer(): the follow-up question per interview field (default ASK_WHAT_FAILS)
VAGUE_QUESTIONS: dict[str, Said] = {
    "problem.summary": _said("ask.vague.summary"),
    "problem.description": _said("ask.what-fails"),
    "problem.broken": _said("ask.what-fails"),
    "problem.works": _said("ask.no-works-broken/works"),
    "problem.changed": _said("ask.vague.changed"),
    "problem.steps": _said("ask.no-steps"),
    "problem.impact": _said("ask.vague.impact"),
    "problem.tried": _said("ask.vague.tried"),
}

# The fields a finding's sentence names, by the key of their own sentences; any other field is "the answer".
WHERE: dict[str, str] = {
    "problem.summary": "summary",
    "problem.description": "description",
    "problem.frequency": "frequency",
    "problem.changed": "changed",
    "problem.works": "works",
    "problem.broken": "broken",
    "problem.steps": "steps",
    "problem.tried": "tried",
    "problem.impact": "impact",
}


@dataclass(frozen=True)
class Identifier:
    """The report field an identifier goes in, and the MESSAGES keys of its finding."""

    field: str
    message: str
    suggestion: str
    question: str


# One per identifier key of reportkit/recipients.py (which recipient requires which is said there, not here).
IDENTIFIERS: dict[str, Identifier] = {
    "service.account_id": Identifier(
        "service.account_id",
        "wrong.identifier.service.account_id",
        "tip.identifier.service.account_id",
        "ask.identifier.service.account_id",
    ),
    "isp.customer_id": Identifier(
        "service.account_id",
        "wrong.identifier.isp.customer_id",
        "tip.identifier.isp.customer_id",
        "ask.identifier.isp.customer_id",
    ),
    "service.vm_name": Identifier(
        "service.vm_name",
        "wrong.identifier.service.vm_name",
        "tip.identifier.service.vm_name",
        "ask.identifier.service.vm_name",
    ),
    "service.host": Identifier(
        "service.host", "wrong.identifier.service.host", "tip.identifier.service.host", "ask.identifier.service.host"
    ),
    "service.url": Identifier(
        "service.url", "wrong.identifier.service.url", "tip.identifier.service.url", "ask.identifier.service.url"
    ),
    "service.device": Identifier(
        "service.device_model",
        "wrong.identifier.service.device",
        "tip.identifier.service.device",
        "ask.identifier.service.device",
    ),
    "service.name-or-url": Identifier(
        "service.name",
        "wrong.identifier.service.name-or-url",
        "tip.identifier.service.name-or-url",
        "ask.identifier.service.name-or-url",
    ),
}

# How each role of reportkit/recipients.py is named in a finding ("{recipient} needs it …"): messages.
RECIPIENT_LABELS: dict[str, Said] = {role: _said(f"recipient.{role}") for role in recipients.RECIPIENTS}

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
    """The finding in its words — those written for the situation ("no-steps@device") where there are some; a
    sentence naming the field is the one written for `field`."""
    wording = WORDING.get(f"{key or code}@{situation}") or WORDING[key or code]
    return Finding(
        code=code,
        severity=SEVERITY[code],
        message=_said(wording.message.format(where=_where(field)), **values),
        suggestion=_said(wording.suggestion, **values),
        field=field,
        question=_said(wording.question, **values) if wording.question else None,
    )


def _identifier_finding(key: str, recipient: str) -> Finding:
    ident = IDENTIFIERS[key]
    return Finding(
        code="missing-identifier",
        severity=SEVERITY["missing-identifier"],
        message=_said(ident.message, recipient=RECIPIENT_LABELS[recipient]),
        suggestion=_said(ident.suggestion),
        field=ident.field,
        question=_said(ident.question),
    )


def _where(field: str | None) -> str:
    return WHERE.get(field or "", "answer")


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
            found.append(_finding("vague-description", None, field, situation, text=_short(text)))
    if not summary and not description:
        found.append(_finding("vague-description", "vague-description/empty", "problem.description", situation))
    elif summary_ok and not description:
        found.append(_finding("vague-description", "vague-description/thin", "problem.description", situation))
    elif description_ok and not summary:
        found.append(_finding("vague-description", "vague-description/no-summary", "problem.summary", situation))
    points["description"] = PARTS["summary"] * summary_ok + PARTS["description"] * description_ok

    slow_field = next((f for f, t in texts if f != "problem.started_at" and mentions_slowness(t)), None)
    if slow_field and not any(has_numbers(t) for f, t in texts if f != "problem.started_at"):
        found.append(_finding("slow-without-numbers", None, slow_field))
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
            found.append(_finding("secret-in-text", None, field))

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
    if find_secret(answer):
        return _finding("secret-in-text", None, field)
    slow = mentions_slowness(answer) and not has_numbers(answer)
    if is_vague(answer) and not slow:
        found = _finding("vague-description", None, field, text=_short(answer))
        return dataclasses.replace(found, question=VAGUE_QUESTIONS.get(field or "", ASK_WHAT_FAILS))
    if slow:
        return _finding("slow-without-numbers", None, field)
    quoted = vague_device(answer)
    if quoted:
        return _finding("vague-device", None, field, text=quoted)
    return None
