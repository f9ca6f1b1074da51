"""No English sentence reaches the user past the catalog: an AST scan of the modules that talk to the person at the
terminal (the CLI, the interview and what it shows).

A string literal or f-string passed straight to an output function (say, note, fail, verbose, click.echo / secho /
prompt / confirm, the prompter's methods, print), raised in a user-facing exception, or returned by a function
whose result is printed, fails the scan when it holds an English word of three letters or more. Program tokens do
not count: {placeholders}, `commands`, option names (--output, -f), file names and dotted keys (request.txt,
probes.internet_anchors), $VARIABLES and ALL-CAPS names. Text inside `_()`, `ngettext()`, `N_()` is what the
catalog translates: it is fine, but its argument must be a plain literal (the extractor reads the source).

To scan another module, add it to SCANNED.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from reportkit import errors

ROOT = Path(__file__).resolve().parent.parent

# the modules scanned (globs under the repository root)
SCANNED: tuple[str, ...] = (
    "reportkit/cli/*.py",
    "reportkit/interview.py",
    "reportkit/fields.py",
    "reportkit/answer_sheet.py",
    "reportkit/draft.py",
    "reportkit/collectors/evidence.py",
    "reportkit/collectors/system.py",
    "reportkit/collectors/network.py",
    "reportkit/pipeline.py",
    "reportkit/deliver.py",
    "reportkit/writeset.py",
    "reportkit/reports.py",
    "reportkit/screens.py",
    "reportkit/ocr.py",
    "reportkit/safeio.py",
    "reportkit/validate.py",
    "reportkit/config.py",
    "reportkit/model.py",
    "reportkit/quality.py",
    "reportkit/redact/*.py",
    "reportkit/render.py",
    "reportkit/clipboard.py",
    "reportkit/history.py",
    "reportkit/recording.py",
    "reportkit/verify.py",
    "reportkit/watch.py",
    "reportkit/vantages.py",
    "reportkit/durations.py",
    "reportkit/timeline.py",
    "reportkit/mail.py",
    "reportkit/smtp.py",
)

# functions (by name, or by the last part of an attribute: click.echo, p.say) whose text arguments are shown
OUTPUT = frozenset(
    {
        "say",  # cli.common.say and the prompter's say
        "note",
        "fail",  # cli.common.fail and click's ParamType.fail
        "verbose",
        "echo",
        "secho",
        "prompt",
        "confirm",
        "ask",
        "choose",
        "paste_lines",
        "print",
        "warning_line",
        "error_line",
        "error",  # interview.error: "  Error: …"
        "Problem",  # answer_sheet.Problem(line, message)
    }
)
# calls whose arguments are still shown as they are (a style, a cut): their literals are checked too
THROUGH = frozenset({"style", "shorten", "strip", "rstrip", "lstrip"})
# exceptions whose message is shown to the person (ReportkitError's family, click's, and those of these modules)
RAISED = frozenset(
    {name for name, kind in vars(errors).items() if inspect.isclass(kind) and issubclass(kind, errors.ReportkitError)}
    | {name for name, kind in vars(click.exceptions).items() if inspect.isclass(kind) and issubclass(kind, Exception)}
    | {"ClipboardUnavailable", "ValueError"}  # draft.py's ValueErrors are the reason a draft is set aside
)
# functions whose returned text is printed (their `return "…"` is checked)
SHOWN_RETURNS = frozenset(
    {"os_error_line", "untrusted", "contact_notice", "remark", "_failure", "listed_together", "header", "shown"}
)
TRANSLATED = frozenset({"_", "N_", "ngettext", "pgettext", "npgettext"})
# words that are the program's, not English prose
PROGRAM_WORDS = frozenset({"reportkit", "json", "html", "htm", "txt", "md", "utf", "nano", "xsel", "xclip"})


def english_words(text: str) -> list[str]:
    """The English words in `text`, program tokens left out."""
    rest = re.sub(r"\{[^{}]*\}", " ", text)  # {placeholders}
    rest = re.sub(r"`[^`]*`", " ", rest)  # `reportkit collect --resume`
    rest = re.sub(r"\$\w+", " ", rest)  # $EDITOR
    rest = re.sub(r"(?<!\w)--?[A-Za-z][\w-]*", " ", rest)  # --output, -f
    rest = re.sub(r"\S*[\w\]][./:\\][\w\[*]\S*", " ", rest)  # request.txt, probes.anchors, a/b, C:\x
    rest = re.sub(r"\b[A-Z][A-Z0-9_]+\b", " ", rest)  # REPORTKIT_PROBE_ALLOW, PNG, IBAN
    return [word for word in re.findall(r"[A-Za-z]{3,}", rest) if word.lower() not in PROGRAM_WORDS]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def bare_texts(node: ast.AST) -> Iterator[tuple[int, str]]:
    """The literal text in an expression that reaches the output as it is (not through the catalog)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node.lineno, node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                yield node.lineno, part.value
            elif isinstance(part, ast.FormattedValue):
                yield from bare_texts(part.value)
    elif isinstance(node, ast.BinOp):
        yield from bare_texts(node.left)
        yield from bare_texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from bare_texts(node.body)
        yield from bare_texts(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from bare_texts(value)
    elif isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATED:
            return
        if name == "format" and isinstance(node.func, ast.Attribute):
            yield from bare_texts(node.func.value)
            for keyword in node.keywords:
                yield from bare_texts(keyword.value)
        elif name in THROUGH:
            if isinstance(node.func, ast.Attribute):
                yield from bare_texts(node.func.value)
            for arg in node.args:
                yield from bare_texts(arg)


def _shown_args(call: ast.Call) -> list[ast.expr]:
    """The arguments of an output call that are shown: the first (the text; a style or a code follows), all of
    print's, the message of answer_sheet.Problem(line, message), and the text-like keywords."""
    name = _name(call.func)
    args = list(call.args) if name == "print" else call.args[1:2] if name == "Problem" else call.args[:1]
    return args + [k.value for k in call.keywords if k.arg in ("text", "message", "prompt", "hint")]


def findings(source: str, filename: str = "<source>") -> list[str]:
    """Every place in `source` where English reaches the user without the catalog, and every misuse of `_()`."""
    tree = ast.parse(source, filename)
    # a throwaway `_` only hides the catalog's _() in a module that uses it
    uses_gettext = re.search(r"^\s*from reportkit\.i18n import .*\b_\b", source, re.MULTILINE) is not None
    found: list[str] = []

    def check(node: ast.AST, what: str) -> None:
        for line, text in bare_texts(node):
            words = english_words(text)
            if words:
                found.append(f"{filename}:{line}: {what} shows {text!r} (English: {', '.join(words[:4])})")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in OUTPUT:
                for arg in _shown_args(node):
                    check(arg, f"{name}()")
            if name in TRANSLATED:
                literal_count = 2 if name in ("ngettext", "npgettext") else 1
                offset = 1 if name in ("pgettext", "npgettext") else 0
                for arg in node.args[offset : offset + literal_count]:
                    plain = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    marked = name == "_" and isinstance(arg, ast.Name | ast.Attribute | ast.Subscript | ast.Call)
                    if isinstance(arg, ast.Call) and _name(arg.func) in ("format", "join"):
                        marked = False
                    if not (plain or marked):
                        found.append(f"{filename}:{node.lineno}: {name}() of {ast.unparse(arg)[:60]!r}: not a literal")
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc.func) in RAISED:
            for arg in node.exc.args:
                check(arg, f"raise {_name(node.exc.func)}")
        elif isinstance(node, ast.FunctionDef) and node.name in SHOWN_RETURNS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    check(inner.value, f"{node.name}() returns")
        elif isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store) and uses_gettext:
            found.append(f"{filename}:{node.lineno}: `_` is rebound here, hiding the catalog's _()")
    return found


def scanned_files() -> list[Path]:
    return sorted({path for pattern in SCANNED for path in ROOT.glob(pattern)})


def test_the_scanned_modules_exist() -> None:
    for pattern in SCANNED:
        assert list(ROOT.glob(pattern)), f"{pattern} matches no file"


@pytest.mark.parametrize("path", scanned_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_reaches_the_user_past_the_catalog(path: Path) -> None:
    problems = findings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------ the scan itself


@pytest.mark.parametrize(
    "source",
    [
        'say("Hello world")',
        'say(f"Removed {n} secrets")',
        'click.echo("Next: " + name)',
        'click.secho(f"  {mark} done", fg="red")',
        'p.ask("  Your name", "")',
        'p.confirm(f"Remember (in {where})?", default=True)',
        'fail("--yes and --interactive; choose one", 2)',
        'self.fail("give at least one format", param, ctx)',
        'raise InputError("the file is empty")',
        'raise click.UsageError(f"{x} is wrong")',
        'say(click.style("Removed it", bold=True))',
        'say("Completeness {score}".format(score=1))',
        'say(_("fine {x}").format(x="not fine"))',
        'say("a" if x else "the other one")',
        'Problem(3, "an indented line")',
        'def untrusted(p):\n    return "it is a symbolic link"',
        'say(_(f"Hello {name}"))',
        'say(_("Hello " + name))',
        'say(ngettext("one file", f"{n} files", n))',
        "from reportkit.i18n import _\n_ = (a, b)",
    ],
)
def test_the_scan_finds_english_past_the_catalog(source: str) -> None:
    assert findings(source), source


@pytest.mark.parametrize(
    "source",
    [
        'say(_("Hello world"))',
        'say(_("Removed {count} secrets").format(count=n))',
        'say(ngettext("{n} file", "{n} files", n).format(n=n))',
        'say("reportkit: " + _("interrupted"))',
        'say(f"  {mark} {group:<15} {target}  {detail}")',
        'say(f"  → {shown(x)}")',
        'fail(_("-o - prints one format, not {f}").format(f=", ".join(chosen)), 2)',
        'say("  " + _(NO_CLIPBOARD))',
        'say(f"  [{key[0]}] {label}")',
        'click.echo(f"# {path}")',
        'say(f"{section}.{name} = {value}")',
        'say("--output -o request.txt probes.internet_anchors $EDITOR `reportkit collect --resume` PNG")',
        'raise ValueError(_("its answers have the wrong shape"))',
        'verbose("{name}: {status} ({reason})")',
        "def untrusted(p):\n    return None",
        'X = N_("Your name")',
    ],
)
def test_the_scan_passes_what_goes_through_the_catalog_or_is_no_prose(source: str) -> None:
    assert not findings(source), findings(source)
