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
    assert {(m.context, m.id) for m in pot if m.id} == set(catalogs.messages())


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
