"""Errors a user can cause. Each carries a one-line message meant for people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self


def _english(key: str, params: dict[str, object]) -> str:
    from .i18n import t  # cjm.i18n imports the model, which imports this module

    return t(key, "en", **params)


class Phrase(str):
    """A line of the i18n table, filled in: the English text (it *is* that ``str``) that can say itself in
    another language. A problem of a :class:`MapValidationError`, or a part of a longer line (a parameter of
    another key), is a ``Phrase`` so that it is said in the reader's language (:func:`cjm.i18n.t` calls
    :meth:`say` on such a parameter)."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> Self:
        phrase = super().__new__(cls, _english(key, params))
        phrase.key = key
        phrase.params = params
        return phrase

    def say(self, lang: str) -> str:
        from .i18n import t

        return t(self.key, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        return _phrase, (self.key, self.params)


def _phrase(key: str, params: dict[str, object]) -> Phrase:
    return Phrase(key, **params)


def said(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it says itself (a :class:`Phrase`, a quoted name…); a plain string as it is."""
    return text.say(lang) if hasattr(type(text), "say") else text


class Quoted(tuple):
    """Names listed in a message, each in the reader's quotes: “a”, “b” in English, «a», «b» in Russian."""

    def __new__(cls, names: Iterable[str]) -> Self:
        return super().__new__(cls, (str(name) for name in names))

    def say(self, lang: str) -> str:
        left, right = ("«", "»") if lang == "ru" else ("“", "”")
        return ", ".join(f"{left}{name}{right}" for name in self)

    def __str__(self) -> str:
        return self.say("en")


class Joined(tuple):
    """Parts of a message (phrases or plain text) joined by ``separator``, each said in the reader's language."""

    separator: str

    def __new__(cls, parts: Iterable[str], separator: str = ", ") -> Self:
        joined = super().__new__(cls, parts)
        joined.separator = separator
        return joined

    def say(self, lang: str) -> str:
        return self.separator.join(said(part, lang) for part in self)

    def __str__(self) -> str:
        return self.say("en")

    def __reduce__(self) -> tuple[Any, ...]:
        return Joined, (tuple(self), self.separator)


class CJMError(Exception):
    """A mistake in the user's input: shown as one line, never as a traceback.

    ``message`` is the English line (the CLI, logs). An error also names its ``key`` in :mod:`cjm.i18n` and the
    ``params`` to fill in, so that the app says it in the reader's language (:func:`cjm.i18n.error_text`).
    Build one with :meth:`keyed`: its English line is then the table's (one home for the wording).
    """

    def __init__(self, message: str, *, key: str = "", **params: object):
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params

    @classmethod
    def keyed(cls, key: str, /, **params: object) -> Self:
        """The error whose English ``message`` is the i18n table's line ``key`` filled with ``params``."""
        return cls(_english(key, params), key=key, **params)

    def say(self, lang: str) -> str:
        """The line in ``lang`` (the English ``message`` when the error has no key)."""
        from .i18n import STRINGS, t

        if self.key and self.key in STRINGS:
            return t(self.key, lang, **self.params)
        return self.message

    def __str__(self) -> str:
        return self.message


class MapValidationError(CJMError):
    """A map breaks the model's rules. ``problems`` lists every one found: each a :class:`Phrase` (said in the
    reader's language) or, for a problem no key names, an English ``str``."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems) or [Phrase("err.map.invalid")]
        super().__init__(self._line("en"))

    def _line(self, lang: str) -> str:
        from .i18n import t

        first = said(self.problems[0], lang)
        more = len(self.problems) - 1
        return first if more == 0 else t("err.map.more", lang, first=first, count=more)

    def say(self, lang: str) -> str:
        return self._line(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.problems,)


class MapFileError(CJMError):
    """A file could not be read as a map: wrong encoding, not JSON, too large, too new…"""
