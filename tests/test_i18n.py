"""Every UI string exists in Russian and English with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cjm.i18n import STRINGS, normalize_language, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(value) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == {"ru", "en"}
    all_forms = forms(entry["ru"]) + forms(entry["en"])
    assert all(text.strip() for text in all_forms)
    assert len({frozenset(placeholders(text)) for text in all_forms}) == 1
    for value in entry.values():
        if isinstance(value, dict):
            assert "many" in value and set(value) <= {"one", "few", "many"} and "count" in placeholders(value["many"])


@pytest.mark.parametrize(
    ("locale", "expected"), [("ru-RU", "ru"), ("ru", "ru"), ("en-US", "en"), ("de-DE", "en"), (None, "en"), ("", "en")]
)
def test_language_from_locale(locale, expected):
    assert normalize_language(locale) == expected


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [(1, "1 этап", "1 stage"), (2, "2 этапа", "2 stages"), (4, "4 этапа", "4 stages"), (5, "5 этапов", "5 stages"),
     (11, "11 этапов", "11 stages"), (12, "12 этапов", "12 stages"), (21, "21 этап", "21 stages"),
     (22, "22 этапа", "22 stages"), (0, "0 этапов", "0 stages"), (111, "111 этапов", "111 stages")],
)
def test_plural_forms(count, ru, en):
    assert t("library.stages", "ru", count=count) == ru
    assert t("library.stages", "en", count=count) == en


ROOT = Path(__file__).resolve().parents[1]
# keys built at run time, e.g. t("level." + level): a key under one of these prefixes counts as used
DYNAMIC = re.compile(r"""t\(\s*f?["']([a-z0-9_.]+)\.(?:\{|["']\s*\+)""")


def sources() -> str:
    files = [*(ROOT / "cjm").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py", ROOT / "server.py",
             *(ROOT / "web").rglob("*.py"), *(ROOT / "web" / "templates").glob("*.html")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_key_is_used_somewhere():
    """Dead keys go: each key is written in the code, or sits under a prefix the code completes at run time."""
    code = sources()
    prefixes = set(DYNAMIC.findall(code))
    unused = [key for key in STRINGS
              if f'"{key}"' not in code.replace(f'"{key}": {{', "")  # the table's own entry does not count
              and f"'{key}'" not in code
              and not any(key.startswith(prefix + ".") for prefix in prefixes)]
    assert unused == [], f"unused i18n keys (remove them): {unused}"


def test_pages_write_no_russian_of_their_own():
    """Every Russian word a page shows comes from the table (pages/, app.py, server.py and web/ hold none)."""
    cyrillic = re.compile("[А-Яа-яЁё]")
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for path in [*(ROOT / "pages").rglob("*.py"), ROOT / "app.py", ROOT / "server.py",
                              *(ROOT / "web").rglob("*.py"), *(ROOT / "web" / "templates").glob("*.html")]
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if cyrillic.search(line.split("#", 1)[0])]
    assert offenders == []
