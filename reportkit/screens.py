"""Screenshots before they are stored: every secret the detector sees in them covered (OCR), and the error text a
dialog shows read out, for a request that has none typed.

    scrub_all(images, known, keep_emails, enabled=True) -> Screens(images, warnings, error_texts)

`known` holds the values already found in the report's text (value → kind): a password typed in the description
is covered in the screenshot too. Without Tesseract (or with `--no-ocr`) the images pass through unchanged and the
run carries one notice. Results are kept per image and per known-values set, so a preview that rebuilds the request
after an edit does not read the screen again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportkit.messages import make

# what the request keeps about a screenshot left out (catalog context "screens.<key>"); {reason} is an ocr. message
MESSAGES: dict[str, str] = {
    "left_out": (
        "{name} was left out: it could not be checked for secrets ({reason}); attach it unchecked with --no-ocr"
    ),
}

CACHE_SIZE = 16
_CACHE: dict[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], Any] = {}


@dataclass(frozen=True)
class Screens:
    images: tuple[Any, ...]  # collectors.evidence.Image, attachment records updated; an unreadable one left out
    warnings: tuple[str, ...]  # a screenshot that could not be read (goes into the request)
    error_texts: tuple[tuple[int, str], ...]  # (screenshot number, the error text read from it)
    notices: tuple[str, ...] = ()  # OCR is not installed: for the user only
    values: dict[str, str] = dataclasses.field(default_factory=dict)  # secrets read in the screenshots: value → kind


def scrub_all(
    images: Sequence[Any], known: Mapping[str, str], keep_emails: Iterable[str] = (), enabled: bool = True
) -> Screens:
    screenshots = [i for i in images if (i.attachment.media_type or "").startswith("image/")]
    if not screenshots or not enabled:
        return Screens(tuple(images), (), ())
    from reportkit import ocr

    why = ocr.unavailable()
    if why is not None:
        return Screens(tuple(images), (), (), (why,))
    keep = tuple(sorted({e.strip().lower() for e in keep_emails if e and e.strip()}))
    known_items = tuple(sorted(known.items()))
    out: list[Any] = []
    warnings: list[str] = []
    errors: list[tuple[int, str]] = []
    values: dict[str, str] = {}
    for number, image in enumerate(images, 1):
        if image not in screenshots:
            out.append(image)
            continue
        key = (image.attachment.sha256, known_items, keep)
        try:
            scrubbed = _CACHE.get(key)
            if scrubbed is None:
                scrubbed = ocr.scrub(image.data, image.attachment.media_type or "", _finder(known), keep_emails=keep)
                while len(_CACHE) >= CACHE_SIZE:  # the oldest goes: a preview edit adds one entry per screenshot
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = scrubbed
        except ocr.OcrError as exc:  # fail closed: an image that could not be checked does not go out
            warnings.append(
                make("screens.left_out", MESSAGES["left_out"], name=image.attachment.name, reason=exc.message)
            )
            continue
        out.append(_updated(image, scrubbed))
        values.update((v, k) for v, k in scrubbed.values if len(v) >= 6)
        if scrubbed.error_text:
            errors.append((number, scrubbed.error_text))
    return Screens(tuple(out), tuple(warnings), tuple(errors), (), values)


def _finder(known: Mapping[str, str]) -> Any:
    from reportkit.secrets import find_secrets, propagate

    def find(text: str) -> list[tuple[int, int, str]]:
        hits = find_secrets(text)
        if known:
            hits += [(s, e, k) for s, e, k, _ in propagate.occurrences(text, dict(known))]
        return hits

    return find


def _updated(image: Any, scrubbed: Any) -> Any:
    import hashlib

    if scrubbed.data == image.data and not scrubbed.hidden:
        return image
    attachment = dataclasses.replace(
        image.attachment,
        size=len(scrubbed.data),
        sha256=hashlib.sha256(scrubbed.data).hexdigest(),
        hidden=tuple(scrubbed.hidden),
    )
    return dataclasses.replace(image, attachment=attachment, data=scrubbed.data)
