"""Every UI string exists in Russian and English with the same placeholders."""

from __future__ import annotations

import string

import pytest

from cjm.i18n import STRINGS, normalize_language, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == {"ru", "en"}
    assert entry["ru"].strip() and entry["en"].strip()
    assert placeholders(entry["ru"]) == placeholders(entry["en"])


@pytest.mark.parametrize(
    ("locale", "expected"), [("ru-RU", "ru"), ("ru", "ru"), ("en-US", "en"), ("de-DE", "en"), (None, "en"), ("", "en")]
)
def test_language_from_locale(locale, expected):
    assert normalize_language(locale) == expected


def test_t_fills_parameters():
    assert t("templates.stages", "ru", count=5) == "5 этапов"
    assert t("templates.stages", "en", count=5) == "5 stages"
