"""collect → render → deliver, as one readable function (triage and redaction join in later slices)."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportkit import __version__, deliver
from reportkit.errors import OutputError, ReportFileError, ReportkitError
from reportkit.i18n import _, ngettext
from reportkit.messages import Said, make
from reportkit.model import (
    Attachment,
    Diagnostics,
    ErrorText,
    Evidence,
    Meta,
    Problem,
    Report,
    Reporter,
    Section,
    Service,
    Verdict,
    anchor_start,
    dump,
)
from reportkit.options import RunOptions


@dataclass(frozen=True)
class Outcome:
    report: Report
    outdir: Path
    written: tuple[Path, ...]
    warnings: tuple[str, ...]
    quality: Any  # quality.Quality of the report as written
    stdout_text: str | None = None  # `-o -`: the request to print instead of files
    plan: dict[str, Any] | None = None  # the probe targets as sent (collectors.probes.plan_of), for the ledger
    probes: dict[str, Any] | None = None  # the probe results as measured (not anonymised), for the ledger


# What the run's report keeps in its own words (catalog context "pipeline.<key>"): a section's reason is a nested
# message of its collector (render leaves out a warning that holds a section's name and reason: its English text)
MESSAGES: dict[str, str] = {
    "section_failed": "{name} diagnostics failed: {reason}",
    "section_skipped": "{name} diagnostics skipped: {reason}",
    "offline": "--offline: no network probes were sent",
    "read_from_screenshot": "read from screenshot {number}",
}


def _say(key: str, **fields: Any) -> Said:
    return make(f"pipeline.{key}", MESSAGES[key], **fields)


SYSTEM_SAMPLE_S = 0.2  # the CPU sample: long enough for a usage figure, short enough to hide behind the probes


def _system() -> Section:
    from reportkit.collectors.system import collect_system

    return collect_system(sample_seconds=SYSTEM_SAMPLE_S)


def _network() -> Section:
    from reportkit.collectors.network import collect_network

    return collect_network()


def _guarded(name: str, collector: Callable[[], Section]) -> Section:
    """One failing collector never stops the others."""
    started = time.monotonic()
    try:
        return collector()
    except ReportkitError:  # bad configuration: the user must hear it, in one line
        raise
    except Exception as exc:  # a collector bug must not lose the user's report
        return Section(
            name, "failed", f"{type(exc).__name__}: {exc}", duration_ms=int((time.monotonic() - started) * 1000)
        )


def build_report(
    answers: Mapping[str, Any],
    errors: tuple[ErrorText, ...],
    diagnostics: Diagnostics,
    now: datetime,
    warnings: tuple[str, ...] = (),
    verdict: Verdict | None = None,
    attachments: tuple[Attachment, ...] = (),
    start_said: tuple[str, str] | None = None,
) -> Report:
    def part(prefix: str) -> dict[str, Any]:
        return {k.split(".", 1)[1]: v for k, v in answers.items() if k.startswith(prefix + ".")}

    section_warnings = tuple(
        _say("section_failed" if s.status == "failed" else "section_skipped", name=s.name, reason=s.reason)
        for s in diagnostics.sections
        if s.status == "failed" or (s.status == "skipped" and s.name != "probes")
    )
    report = Report(
        meta=Meta(
            tool_version=__version__, created_at=now.isoformat(timespec="seconds"), warnings=warnings + section_warnings
        ),
        reporter=Reporter(**part("reporter")),
        service=Service(**part("service")),
        problem=Problem(**part("problem")),
        evidence=Evidence(errors=errors, attachments=attachments),
        diagnostics=diagnostics,
        verdict=verdict,
    )
    return anchor_start(report, said_at=_said_at(start_said, answers))  # "since this morning", from when it was said


def _said_at(start_said: tuple[str, str] | None, answers: Mapping[str, Any]) -> datetime | None:
    """When the start time was typed, if not now: only while the answer is still the one resumed from the draft."""
    if start_said is None or answers.get("problem.started_at") != start_said[0]:
        return None
    try:
        moment = datetime.fromisoformat(start_said[1])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class QualityRefused(ReportkitError):
    """--strict / --min-score: the request is too vague to send; nothing was written."""

    def __init__(self, message: str, warnings: tuple[str, ...]) -> None:
        super().__init__(message)
        self.warnings = warnings


@dataclass(frozen=True)
class Gathered:
    """What was measured and collected once; an edit in the preview rebuilds the report without re-probing."""

    errors: tuple[ErrorText, ...]
    images: tuple[Any, ...]  # collectors.evidence.Image
    warnings: tuple[str, ...]
    diagnosis: Diagnosis


@dataclass(frozen=True)
class Prepared:
    """The request as it will leave the machine: redacted (and anonymised), linted, not yet written."""

    report: Report
    redacted: Any  # redact.RedactionSummary
    quality: Any  # quality.Quality
    images: dict[str, bytes]
    outdir: Path
    now: datetime
    mapping: dict[str, str] | None
    gathered: Gathered
    ocr_error: tuple[int, str] | None = None  # (screenshot number, error text read) to offer, when none was given
    notices: tuple[str, ...] = ()  # for the user, not in the request (OCR not installed)


def collect(options: RunOptions, now: datetime | None = None) -> Outcome:
    """Collect evidence and diagnostics, build, redact, lint, render, write, then copy and bundle if asked."""
    return finish(prepare(options, now), options)


def prepare(options: RunOptions, now: datetime | None = None, gathered: Gathered | None = None) -> Prepared:
    from reportkit import quality, redact, writeset

    now = now or datetime.now().astimezone()
    outdir = output_dir(options, now)
    deliver.preflight(outdir, output_names(options, now), options.force, map_path(options, now))
    if options.output is not None and options.output != deliver.STDOUT:
        writeset.claim(outdir)  # until finish(): a second run into this folder stops here, before probing
    if gathered is None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            # the system snapshot's CPU sample (0.25 s) overlaps reading the evidence, and then the probes
            system = pool.submit(_guarded, "system", _system)
            errors, images, evidence_warnings = gather_evidence(options)
            diagnosis = diagnose(
                options.settings,
                options.probe_overrides,
                options.answers,
                options.offline,
                options.on_result,
                before_probes=options.before_probes,
                system=system,
            )
        gathered = Gathered(errors, tuple(images), evidence_warnings, diagnosis)
    verdict = None if options.offline else gathered.diagnosis.verdict
    history = options.history
    if options.vantages:
        verdict, history = _with_vantages(gathered.diagnosis, options, history)
    report = build_report(
        options.answers,
        gathered.errors,
        Diagnostics(gathered.diagnosis.sections),
        now,
        options.warnings + gathered.warnings,
        verdict,
        attachments=tuple(image.attachment for image in gathered.images),
        start_said=options.start_said,
    )
    report = dataclasses.replace(
        report, meta=dataclasses.replace(report.meta, request_id=options.request_id), history=history
    )
    built = report
    seen = {v: k for v, k in options.seen_secrets.items() if v not in options.not_secrets}
    report, summary = redact.redact_report(report, allow=options.not_secrets, also=seen)  # before anything leaves
    read = _read_screens(report, gathered.images, summary, options)
    also = {**seen, **{v: k for v, k in read.values.items() if v not in options.not_secrets}}
    dialog = _dialog_error(built, read, options)
    if dialog is not None or (also and not all(any(v == r.value for r in summary.removed) for v in also)):
        # a secret seen in a screenshot is removed from the text too (a token shown there and pasted here
        # unlabelled), and a dialog's error text is redacted and counted like any other text
        if dialog is not None:
            built = dataclasses.replace(built, evidence=dataclasses.replace(built.evidence, errors=(dialog,)))
        report, summary = redact.redact_report(built, allow=options.not_secrets, also=also)
    report, shown, ocr_error, notices = _screens(report, gathered.images, read, options)
    mapping = None
    if options.anonymize:
        previous = load_mapping(anonymize_map_path(outdir, options.anonymize_map))
        report, mapping = redact.anonymize_report(report, previous, keep=redact.keep_for(report))
    image_bytes = {image.attachment.name: image.data for image in shown}
    report = with_language(report, options.request_language, options.settings, options.language)
    quality_found = quality.check(report, options.not_secrets)
    return Prepared(report, summary, quality_found, image_bytes, outdir, now, mapping, gathered, ocr_error, notices)


def _with_vantages(diagnosis: Diagnosis, options: RunOptions, history: Any) -> tuple[Verdict | None, Any]:
    """The verdict decided over this computer's probes and those of the other vantage points (collect --also), and
    what each of those saw, for the request."""
    from reportkit.model import OtherVantage
    from reportkit.triage import checks, compare

    probes = next((s for s in diagnosis.sections if s.name == "probes"), None)
    here = probes.data if probes is not None and probes.status == "ok" else None
    label = _("this computer")
    merged = compare.merge([compare.Vantage(label, here), *options.vantages], options.settings)
    others = tuple(
        OtherVantage(
            label=seen.label,
            works=seen.works,
            culprit=seen.verdict.culprit,
            finding=seen.verdict.finding,
            checks=tuple(checks.lines(v.probes)) if v.probes else (),
        )
        for seen, v in zip(merged.seen[1:], options.vantages, strict=True)
    )
    verdict = None if options.offline else merged.verdict
    if verdict is not None and merged.notes:
        verdict = dataclasses.replace(verdict, warnings=verdict.warnings + tuple(merged.notes))
    return verdict, dataclasses.replace(history, vantages=others)


def with_language(report: Report, flag: str | None, settings: Mapping[str, Any], interface: str) -> Report:
    """The report marked with the language its request is written in: --request-lang, else the `language` of the
    config section of whoever it is addressed to (a request to a Hungarian ISP is Hungarian by itself), else the
    interface language."""
    from reportkit import i18n, recipients

    verdict = report.verdict
    if verdict is None:
        role = recipients.addressee(None, situation=report.problem.situation)
    else:
        role = recipients.addressee(verdict.culprit, str(verdict.contact.get("role") or "") or None,
                                    report.problem.situation)  # fmt: skip
    section = recipients.RECIPIENTS[role].section if role in recipients.RECIPIENTS else None
    language = i18n.request_language(flag, settings, section, interface)
    return dataclasses.replace(report, meta=dataclasses.replace(report.meta, language=language))


def _dialog_error(report: Report, read: Any, options: RunOptions) -> ErrorText | None:
    """A dialog's error text read from a screenshot, as the request's error text: only when none was given and the
    user said yes (`ocr_error_text=True`; --yes)."""
    if not read.error_texts or report.evidence.errors or not options.ocr_error_text:
        return None
    number, text = read.error_texts[0]
    return ErrorText(text, source=f"screenshot {number}", note=_say("read_from_screenshot", number=str(number)))


def _read_screens(report: Report, images: tuple[Any, ...], summary: Any, options: RunOptions) -> Any:
    """Cover, in the screenshots, the secrets the detector sees there and every value found in the text."""
    from reportkit import screens

    known = {r.value: r.kind for r in summary.removed if r.value and r.value not in options.not_secrets}
    keep = [report.reporter.email] if report.reporter.email else []
    return screens.scrub_all(images, known, keep, enabled=options.ocr)


def _screens(
    report: Report, images: tuple[Any, ...], result: Any, options: RunOptions
) -> tuple[Report, tuple[Any, ...], tuple[int, str] | None, tuple[str, ...]]:
    """The screenshots as covered (`result` of `_read_screens`) into the report; offer a dialog's error text when
    none was given: added with `ocr_error_text=True`, else returned for the CLI to ask about. A screenshot that could
    not be read is a warning in the request; OCR not being installed is a notice for the user only (the request is
    the same as without OCR)."""
    if (
        not result.warnings
        and len(result.images) == len(images)
        and all(a is b for a, b in zip(result.images, images, strict=True))
        and not result.error_texts
    ):
        return report, images, None, result.notices
    by_name = {image.attachment.name: image.attachment for image in result.images}
    attachments = tuple(
        dataclasses.replace(a, size=b.size, sha256=b.sha256, hidden=b.hidden)
        for a in report.evidence.attachments
        if (b := by_name.get(a.name)) is not None  # left out: could not be checked for secrets
    )
    offer = None
    if result.error_texts and not report.evidence.errors and options.ocr_error_text is None:
        offer = result.error_texts[0]
    meta = dataclasses.replace(report.meta, warnings=report.meta.warnings + result.warnings)
    evidence = dataclasses.replace(report.evidence, attachments=attachments)
    return dataclasses.replace(report, meta=meta, evidence=evidence), result.images, offer, result.notices


def finish(prepared: Prepared, options: RunOptions) -> Outcome:
    """Write the files (refusing below the quality threshold with --strict), then copy and bundle."""
    from reportkit import writeset

    try:
        outcome = _finish(prepared, options)
    finally:
        writeset.release(prepared.outdir)
    diagnosis = prepared.gathered.diagnosis
    probes = next((s for s in diagnosis.sections if s.name == "probes" and s.status == "ok"), None)
    return dataclasses.replace(outcome, plan=diagnosis.plan, probes=probes.data if probes is not None else None)


def _finish(prepared: Prepared, options: RunOptions) -> Outcome:
    from reportkit import quality
    from reportkit.render import render

    report, outdir, images = prepared.report, prepared.outdir, prepared.images
    threshold = options.min_score if options.min_score is not None else quality.THRESHOLD if options.strict else 0
    if prepared.quality.score < threshold:
        from reportkit import i18n, messages

        top = next((f for f in prepared.quality.findings if f.severity != "info"), None)
        score = {"score": prepared.quality.score, "threshold": threshold}
        if top:
            refused = _("the request scores {score}/100, below {threshold}; first: {suggestion}").format(
                **score, suggestion=messages.say(top.suggestion, i18n.current())
            )
        else:
            refused = _("the request scores {score}/100, below {threshold}").format(**score)
        raise QualityRefused(refused, report.meta.warnings)
    written: list[Path] = []
    private = map_path(options, prepared.now)
    if private is not None and prepared.mapping is not None:
        written.append(save_mapping(private, prepared.mapping))  # first: a set without its map cannot be decoded
    later: list[str] = list(prepared.notices)
    if options.copy:
        later += copy_request(report, options.copy, files=options.output != deliver.STDOUT)
    if options.output == deliver.STDOUT:
        fmt = options.formats[0]
        shown = report
        if report.evidence.attachments and fmt not in ("html", "json"):  # HTML embeds them; JSON is the record
            count = len(report.evidence.attachments)
            later += [
                ngettext(
                    "-o - writes no files: the screenshot ({names}) only goes with a folder (-o DIR) or in the HTML "
                    "(-f html); left out of this request",
                    "-o - writes no files: the screenshots ({names}) only go with a folder (-o DIR) or in the HTML "
                    "(-f html); left out of this request",
                    count,
                ).format(names=", ".join(a.name for a in report.evidence.attachments))
            ]
            shown = dataclasses.replace(report, evidence=dataclasses.replace(report.evidence, attachments=()))
        text = render(shown, fmt, images)
        return Outcome(report, outdir, tuple(written), report.meta.warnings + tuple(later), prepared.quality, text)
    files = request_files(report, options.formats, images)
    if options.bundle:
        files[bundle_name(prepared.now)] = bundle(report, images)
    written += deliver.write_files(outdir, files, options.force, deliver.previous_set(outdir) if options.force else ())
    later += [
        _(
            "{path} is a private anonymisation map from an earlier run, inside the folder you are about to send; "
            "move it out first"
        ).format(path=found)
        for found in sorted(outdir.glob("*.anonymization-map.json"))
    ]
    return Outcome(report, outdir, tuple(written), report.meta.warnings + tuple(later), prepared.quality)


def output_dir(options: RunOptions, now: datetime) -> Path:
    """The folder the set goes to: --output (absolute), or a new dated folder in the working directory."""
    if options.output == deliver.STDOUT:
        return deliver.resolve(deliver.default_output_dir(now))  # nothing is written there; the map sits beside it
    return deliver.resolve(options.output or deliver.default_output_dir(now))


def output_names(options: RunOptions, now: datetime) -> list[str]:
    from reportkit.render import FORMATS

    if options.output == deliver.STDOUT:
        if options.bundle:
            raise OutputError(
                _("--bundle needs a folder, and -o - writes only the request to standard output; drop one")
            )
        return []
    return [FORMATS[f] for f in options.formats] + ([bundle_name(now)] if options.bundle else [])


def bundle_name(now: datetime) -> str:
    return now.strftime("reportkit-%Y%m%d-%H%M%S.zip")


def map_path(options: RunOptions, now: datetime) -> Path | None:
    """Where the private anonymisation map goes (None without --anonymize): beside the output folder, never in it."""
    if not options.anonymize:
        return None
    return anonymize_map_path(output_dir(options, now), options.anonymize_map)


def anonymize_map_path(outdir: Path, given: Path | None) -> Path:
    """Beside the output directory, never inside it: whoever attaches the folder cannot leak the mapping."""
    outdir = deliver.resolve(outdir)
    return deliver.resolve(given) if given else outdir.with_name(outdir.name + ".anonymization-map.json")


def load_mapping(path: Path) -> dict[str, str] | None:
    """The private map of an earlier run (its stand-ins are reused), or None. Bounded like every file a user names:
    a FIFO, a device or a huge file is one line, not a hang or an out-of-memory kill."""
    from reportkit import safeio
    from reportkit.errors import InputError

    if not path.exists() and not path.is_symlink():
        return None
    fix = _("give a map written by reportkit --anonymize, or another path with --anonymize-map")
    try:
        data = safeio.json_loads(
            safeio.read_bytes(path, "map", fix=fix), _("the anonymisation map {path}").format(path=path), fix=fix
        )
    except InputError as exc:
        raise ReportFileError(exc.message) from None
    mapping = data.get("mapping") if isinstance(data, dict) else None
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise ReportFileError(
            _("the anonymisation map {path} is not a reportkit map; delete it or fix it").format(path=path)
        )
    return mapping


def save_mapping(path: Path, mapping: dict[str, str]) -> Path:
    from reportkit.atomic import write_text

    body = {
        "schema": "reportkit-anonymization-map/1",
        "note": "PRIVATE: original -> stand-in; never send this file",
        "mapping": mapping,
    }
    write_text(path, json.dumps(body, ensure_ascii=False, indent=2) + "\n", mode=0o600)
    return path


def gather_evidence(options: RunOptions) -> tuple[tuple[ErrorText, ...], list[Any], tuple[str, ...]]:
    """Error text from the clipboard, screenshots from files and the screen; a bad one is a warning, never fatal."""
    from reportkit.collectors import evidence

    errors: list[ErrorText] = list(options.errors)
    images: list[Any] = []
    warnings: list[str] = []
    if options.error_from_clipboard:
        try:
            errors.append(evidence.read_clipboard_error())
        except evidence.EvidenceWarning as exc:
            warnings.append(exc.message)
    sources: list[tuple[str | None, str | None]] = list(options.screenshots)
    if options.capture:
        sources.append((None, options.capture_caption))
    for path, caption in sources:
        index = len(images) + 1
        try:
            if path is None:
                images.append(evidence.capture_screen(options.capture_delay, caption, index))
            else:
                images.append(evidence.load_screenshot(path, caption, index))
        except evidence.EvidenceWarning as exc:
            warnings.append(exc.message)
    return tuple(errors), images, tuple(warnings)


def request_files(
    report: Report, formats: tuple[str, ...], images: Mapping[str, bytes] | None = None
) -> dict[str, str | bytes]:
    """The request in each format plus its attachments, by file name inside the output folder."""
    from reportkit.render import FORMATS, render

    files: dict[str, str | bytes] = {FORMATS[f]: render(report, f, images) for f in formats}
    files.update({f"attachments/{name}": data for name, data in (images or {}).items()})
    return files


def copy_request(report: Report, fmt: str, files: bool = True) -> list[str]:
    """Put the rendered request on the clipboard; without a clipboard, one warning naming what to install."""
    from reportkit import clipboard
    from reportkit.render import render

    try:
        clipboard.copy(render(report, fmt))
    except clipboard.ClipboardUnavailable as exc:
        if files:
            return [_("--copy: {reason}; the files are written anyway").format(reason=exc.message)]
        return [_("--copy: {reason}; the request is printed anyway").format(reason=exc.message)]
    return []


def bundle(report: Report, images: Mapping[str, bytes]) -> bytes:
    """One zip for the ticket: the request in every format, attachments, diagnostics.json (+ MANIFEST.json)."""
    from reportkit.render import FORMATS, render

    files: dict[str, bytes] = {FORMATS[f]: render(report, f, images).encode("utf-8") for f in FORMATS}
    files.update({f"attachments/{name}": data for name, data in images.items()})
    diagnostics = {
        "schema": report.meta.schema,
        "verdict": dump(report.verdict),
        "sections": dump(report.diagnostics.sections),
    }
    files["diagnostics.json"] = (json.dumps(diagnostics, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return deliver.bundle_bytes(files)


@dataclass(frozen=True)
class Diagnosis:
    sections: tuple[Section, ...]
    verdict: Verdict
    plan: dict[str, Any] | None = None  # the probe targets as sent (collectors.probes.plan_of), to send again later


def diagnose(
    settings: Mapping[str, Any],
    overrides: Mapping[str, Any],
    answers: Mapping[str, Any],
    offline: bool = False,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    sequential: bool = False,
    before_probes: Callable[[Any], None] | None = None,
    system: Future[Section] | None = None,
) -> Diagnosis:
    """Local snapshot + probes (all at once, one deadline) + the verdict. `offline` sends nothing. `system`: the
    system snapshot already started by the caller (so its CPU sample overlaps the caller's work too)."""
    from reportkit import triage

    with ThreadPoolExecutor(max_workers=1) as pool:
        if system is None:
            system = pool.submit(_guarded, "system", _system)  # its CPU sample overlaps the probes
        network = _guarded("network", _network)
        planned: list[Any] = []
        if offline:
            probes = Section("probes", "skipped", _say("offline"))
        else:
            probes = _guarded(
                "probes", lambda: _probes(settings, overrides, network, on_result, sequential, before_probes, planned)
            )
        sections = (system.result(), network, probes)
    probe_data = probes.data if probes.status == "ok" else None
    verdict = triage.decide(probe_data, _triage_answers(answers), settings)
    return Diagnosis(sections, verdict, _plan(planned[0]) if planned else None)


def plan_now(settings: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The probe targets a diagnose run would use now (config and flags), as a stored plan (`watch` without a
    request)."""
    from reportkit.collectors import probes

    network = _guarded("network", _network)
    return probes.plan_of(probes.plan_targets(settings, overrides, network.data))


def rediagnose(
    plan: Mapping[str, Any],
    settings: Mapping[str, Any],
    on_result: Callable[[dict[str, Any]], None] | None = None,
    deadline: float | None = None,
) -> Diagnosis:
    """The probes of an earlier run sent again to the same targets (`verify`, `watch`): the router and the DNS
    servers as this network has them now, no system snapshot; `deadline` caps the stored one."""
    from reportkit import triage
    from reportkit.collectors import probes

    network = _guarded("network", _network)
    targets = probes.replay(plan, network.data)
    if deadline is not None and deadline < targets.deadline:
        targets = dataclasses.replace(targets, deadline=deadline)
    section = _guarded(
        "probes", lambda: probes.collect_probes(targets, network.data, on_result, settled=triage.settled)
    )
    verdict = triage.decide(section.data if section.status == "ok" else None, None, settings)
    return Diagnosis((network, section), verdict, probes.plan_of(targets))


def _plan(targets: Any) -> dict[str, Any]:
    from reportkit.collectors import probes

    return probes.plan_of(targets)


def _probes(
    settings: Mapping[str, Any],
    overrides: Mapping[str, Any],
    network: Section,
    on_result: Callable[[dict[str, Any]], None] | None,
    sequential: bool,
    before_probes: Callable[[Any], None] | None = None,
    planned: list[Any] | None = None,
) -> Section:
    from reportkit import triage
    from reportkit.collectors import probes

    targets = probes.plan_targets(settings, overrides, network.data)
    if planned is not None:
        planned.append(targets)
    if before_probes is not None:
        before_probes(targets)
    return probes.collect_probes(targets, network.data, on_result, sequential, settled=triage.settled)


def _triage_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "other_connection": answers.get("problem.other_connection"),
        "other_devices": answers.get("problem.other_devices"),
    }


def diagnosis_json(diagnosis: Diagnosis) -> dict[str, Any]:
    """The `diagnose --json` object: schema, verdict, probes, network (and system)."""
    from reportkit.model import SCHEMA

    sections = {s.name: dump(s) for s in diagnosis.sections}
    return {
        "schema": SCHEMA,
        "verdict": dump(diagnosis.verdict),
        "probes": sections.get("probes"),
        "network": sections.get("network"),
        "system": sections.get("system"),
    }
