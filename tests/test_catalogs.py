"""The message catalogs: complete in every language, placeholders kept, compiled files current, shipped in the wheel,
and used (a catalog that loads but translates nothing would pass every other check)."""

from __future__ import annotations

import pytest

from reportkit import catalogs, i18n

TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders_and_compiled(language: str) -> None:
    assert catalogs.problems(language) == []


def test_the_template_holds_every_message_of_the_code() -> None:
    from babel.messages.pofile import read_po

    with catalogs.POT.open("rb") as handle:
        pot = read_po(handle)
    held = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in pot if m.id}
    assert held == set(catalogs.messages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_translates(language: str) -> None:
    i18n.translations.cache_clear()
    translations = i18n.translations(language)
    english = "No check found a fault."
    translated = translations.pgettext("triage.TEXT.healthy", english)
    assert translated and translated != english


def test_placeholders_are_compared_exactly() -> None:
    assert catalogs.placeholders("The router at {gateway} answered {answered} of {sent}") == {
        "gateway", "answered", "sent",
    }  # fmt: skip
    assert catalogs.placeholders("unbalanced {") == {"<unbalanced braces>"}


def test_placeholders_of_both_styles_are_found() -> None:
    assert catalogs.placeholders("%(count)s secrets from %(places)s places, {name}") == {"count", "places", "name"}


def _problems_of(tmp_path, monkeypatch, language: str, msgid, msgstr):  # type: ignore[no-untyped-def]
    """catalogs.problems on a one-message catalog of `language`."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    made = Catalog(locale=language, domain="reportkit")
    made.add(msgid, msgstr, context="x.y")
    path = tmp_path / language / "LC_MESSAGES" / "reportkit.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, made)
    monkeypatch.setattr(catalogs, "ROOT", tmp_path)
    monkeypatch.setattr(catalogs, "messages", lambda: iter([("x.y", msgid)]))
    path.with_suffix(".mo").write_bytes(catalogs.compiled(language))
    return catalogs.problems(language)


def test_the_check_finds_wrong_placeholders_and_missing_plural_forms(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert _problems_of(tmp_path / "a", monkeypatch, "fi", "{n} left", "{m} jäljellä")[0].endswith(
        "has placeholders ['m'], the English ['n']"
    )
    plural = ("{count} check failed", "{count} checks failed")
    assert (
        _problems_of(
            tmp_path / "b", monkeypatch, "ru", plural, ("{count} проверка", "{count} проверки", "{count} проверок")
        )
        == []
    )
    found = _problems_of(tmp_path / "c", monkeypatch, "ru", plural, ("{count} проверка", "{count} проверки"))
    assert found and ("not translated" in found[0] or "plural forms" in found[0])
    # Russian's first form also serves 21, 31 …: it must carry the count
    found = _problems_of(tmp_path / "d", monkeypatch, "ru", ("A check failed", "{count} checks failed"),
                         ("Проверка не прошла", "{count} проверки", "{count} проверок"))  # fmt: skip
    assert found and "form 0" in found[0]
    # Finnish's first form is for one only: it may leave the count out, as the English does
    assert _problems_of(tmp_path / "e", monkeypatch, "fi", ("A check failed", "{count} checks failed"),
                        ("Tarkistus epäonnistui", "{count} tarkistusta epäonnistui")) == []  # fmt: skip
