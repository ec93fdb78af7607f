"""Errors a user can cause. Each carries a one-line message meant for people."""

from __future__ import annotations


class CJMError(Exception):
    """A mistake in the user's input: shown as one line, never as a traceback.

    ``message`` is the English line (the CLI, logs, pages that show it as is). An error a participant's phone
    shows also names its ``key`` in :mod:`cjm.i18n` and the ``params`` to fill in, so that it can be said in the
    participant's language (:func:`cjm.i18n.error_text`).
    """

    def __init__(self, message: str, *, key: str = "", **params: object):
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return self.message


class MapValidationError(CJMError):
    """A map breaks the model's rules. ``problems`` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems) or ["the map is not valid"]
        first = self.problems[0]
        more = len(self.problems) - 1
        message = first if more == 0 else f"{first} (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(message)


class MapFileError(CJMError):
    """A file could not be read as a map: wrong encoding, not JSON, too large, too new…"""
