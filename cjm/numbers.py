"""Numbers as the interface shows them, in the UI's language: the one home of the decimal comma.

Russian writes a decimal comma (``4,67``), English a point (``4.67``). Both drop trailing zeros
(``62.0`` → ``62``), never switch to exponents (``1000000``, not ``1e+06``) and write a negative
number with the minus sign ``−`` (U+2212), as the emotion scale does (``😞 −1``). Scores, importance
and emotion means, spreads, changes of score and the why-lines all pass here, so a Russian screen never
mixes ``−0.67`` with ``±0,47``.
"""

from __future__ import annotations

from datetime import date

from . import emotion as emotion_scale

MINUS = "−"
UNRATED = "—"


def number(value: float, language: str, digits: int = 2) -> str:
    """4 → '4', 4.333 → '4.33' ('4,33' in Russian), -0.5 → '−0.5', 1e6 → '1000000'."""
    text = f"{round(float(value), digits):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    text = text.replace("-", MINUS)
    return text.replace(".", ",") if language == "ru" else text


def day(value: date, language: str) -> str:
    """A calendar day: '30.11.2026' in Russian, '2026-11-30' in English (unambiguous, sorts as text)."""
    return value.strftime("%d.%m.%Y" if language == "ru" else "%Y-%m-%d")


def signed(value: float, language: str, digits: int = 1) -> str:
    """A change: '+5.5', '−3', '0' ('+5,5' in Russian)."""
    text = number(value, language, digits)
    return "+" + text if text != "0" and not text.startswith(MINUS) else text


def score(value: float | None, language: str) -> str:
    """A priority score (one decimal) or '—' for an unrated stage."""
    return UNRATED if value is None else number(value, language, 1)


def importance(value: float | None, language: str) -> str:
    """An importance, or a mean of votes (two decimals); '—' when unrated."""
    return UNRATED if value is None else number(value, language)


def emotion(value: float | None, language: str) -> str:
    """'😡 −2', '🙂 +1', a mean of votes '😞 −0,67' in Russian; '—' when unrated (the face: :mod:`cjm.emotion`)."""
    text = emotion_scale.label(value)
    return text.replace(".", ",") if language == "ru" else text


def whole(value: int, language: str) -> str:
    """A count in groups of three: '12 345' in Russian (a no-break space), '12,345' in English; '−5'."""
    text = f"{int(value):,}".replace("-", MINUS)
    return text.replace(",", "\u00a0") if language == "ru" else text


def megabytes(size: int, language: str) -> str:
    """A file's size in megabytes, one decimal: '20,5 МБ' in Russian, '20.5 MB' in English."""
    text = f"{size / 1024 / 1024:.1f}"
    return f"{text.replace('.', ',')}\u00a0МБ" if language == "ru" else f"{text} MB"


class Whole(int):
    """A whole number kept as a parameter of a message (:func:`cjm.i18n.t` says it with :func:`whole`)."""

    def say(self, language: str) -> str:
        return whole(self, language)


class Number(float):
    """A number kept as a parameter of a message, said with the reader's decimal mark (:func:`number`)."""

    def say(self, language: str) -> str:
        return number(self, language)


class Megabytes(int):
    """A size in bytes kept as a parameter of a message, said in megabytes (:func:`megabytes`)."""

    def say(self, language: str) -> str:
        return megabytes(self, language)
