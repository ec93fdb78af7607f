"""Checks one cell value against its lane's type and returns it in canonical form.

Canonical forms (what a map stores and a file holds):

* text        -> non-empty ``str`` (kept exactly as typed)
* list        -> non-empty ``list[str]`` (empty items dropped, the rest kept as typed)
* emotion     -> ``{"score": int -2..2 | None, "words": str}`` with a score or words
* importance  -> ``int`` 1..5
* number      -> finite ``int`` or ``float``
* choice      -> ``str``, one of the lane's options

An empty value (``None``, ``""``, ``[]``, an emotion with neither score nor words) is
canonically *absent*: :func:`normalize` returns :data:`EMPTY` and the stage does not store it.
Unrated importance or emotion is therefore "absent", never 0.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .errors import Phrase
from .lanes import LaneType
from .limits import MAX_CELL_CHARS
from .numbers import Whole

EMPTY = object()  # sentinel: the cell is empty and is not stored

# Text that cannot be stored or shared: lone surrogates (not UTF-8, so no database, JSON file or workbook
# can hold them), NUL and the other C0 controls but tab, newline and carriage return (PostgreSQL refuses
# NUL, XML refuses them all), and Unicode's non-characters. Every way text enters a map or a room meets
# this one rule (the model's fields, :func:`normalize`, the workshop's names and notes): refused with a
# one-line message naming where, never stored, never a traceback.
_UNSTORABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def unstorable(text: str) -> Phrase | None:
    """Why ``text`` cannot be stored ("U+D800, a lone surrogate, at character 3"), or None when it can."""
    match = _UNSTORABLE.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        what = Phrase("err.char.surrogate")
    elif code == 0:
        what = Phrase("err.char.nul")
    elif code < 0x20:
        what = Phrase("err.char.control")
    else:
        what = Phrase("err.char.noncharacter")
    return Phrase("err.char.where", code=f"U+{code:04X}", what=what, position=Whole(match.start() + 1))


def check_storable(text: str) -> str:
    """``text`` if it can be stored; else :class:`UnstorableText` (a ``ValueError``) saying which character."""
    problem = unstorable(text)
    if problem is not None:
        raise UnstorableText(problem)
    return text


class UnstorableText(ValueError):
    def __init__(self, problem: str):
        self.problem = problem
        self.phrase = Phrase("err.text.unstorable", problem=problem)
        super().__init__(self.phrase)


class Refused(ValueError):
    """A value a field of the model refuses, with its line as a :class:`Phrase` (pydantic keeps the exception)."""

    def __init__(self, phrase: Phrase):
        self.phrase = phrase
        super().__init__(phrase)


class CellError(ValueError):
    """A value does not fit its lane. ``expected`` says what would (a :class:`Phrase`, said in the reader's
    language, or English text); ``phrase`` is the whole line ("expected …, got …")."""

    def __init__(self, expected: str, got: Any):
        self.expected = expected
        self.got = got
        self.phrase = Phrase("err.cell.expected", expected=expected, got=shown(got))
        super().__init__(self.phrase)


class UnstorableCell(CellError):
    """A cell's text holds a character that cannot be stored."""

    def __init__(self, problem: str):
        self.expected, self.got, self.problem = "text that can be stored", problem, problem
        self.phrase = Phrase("err.text.unstorable", problem=problem)
        ValueError.__init__(self, self.phrase)


def problem_of(exc: BaseException) -> str:
    """The line of a ValueError raised while checking a value: its :class:`Phrase` when it has one."""
    phrase = getattr(exc, "phrase", None)
    return phrase if isinstance(phrase, Phrase) else str(exc)

EMOTION_MIN, EMOTION_MAX = -2, 2
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 5


def show(value: Any, limit: int = 40) -> str:
    """A short, readable rendering of a user's value for error messages (unstorable characters as ``\\uXXXX``)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return _UNSTORABLE.sub(lambda c: f"\\u{ord(c.group()):04x}", json.dumps(text, ensure_ascii=False))
    if value is None:
        return Phrase("err.show.nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return Phrase("err.show.list")
    if isinstance(value, dict):
        return Phrase("err.show.object")
    return type(value).__name__


class Shown(str):
    """A user's text as :func:`show` writes it ("in quotes" in English), said in «ёлочки» in Russian."""

    source: str
    limit: int

    def __new__(cls, text: str, limit: int = 40) -> Shown:
        shown_text = super().__new__(cls, show(str(text), limit))
        shown_text.source = text
        shown_text.limit = limit
        return shown_text

    def say(self, lang: str) -> str:
        if lang != "ru":
            return str(self)
        text = self.source.say(lang) if isinstance(self.source, Phrase) else self.source
        text = text if len(text) <= self.limit else text[: self.limit - 1] + "…"
        return "«" + _UNSTORABLE.sub(lambda c: f"\\u{ord(c.group()):04x}", text) + "»"

    def __reduce__(self) -> tuple[Any, ...]:
        return Shown, (self.source, self.limit)


def shown(value: Any, limit: int = 40) -> str:
    """:func:`show` as a message parameter: a text in the reader's quotes, a phrase in the reader's language."""
    return Shown(value, limit) if isinstance(value, str) else show(value, limit)


def whole_number(value: Any) -> int | None:
    """``value`` as an int if it is a whole number (5 or 5.0), else None. Booleans are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _check_length(text_len: int, value: Any) -> None:
    if text_len > MAX_CELL_CHARS:
        raise CellError(Phrase("err.cell.max_chars", limit=Whole(MAX_CELL_CHARS)),
                        Phrase("err.cell.chars", count=Whole(text_len))) from None


def _check_text(*texts: str) -> None:
    for text in texts:
        problem = unstorable(text)
        if problem is not None:
            raise UnstorableCell(problem)


def normalize(lane_type: LaneType, value: Any, options: list[str] | None = None) -> Any:
    """Check ``value`` for a lane of ``lane_type``; return its canonical form or :data:`EMPTY`.

    Raises :class:`CellError` when the value does not fit.
    """
    if value is None:
        return EMPTY
    if lane_type is LaneType.TEXT:
        if not isinstance(value, str):
            raise CellError(Phrase("err.cell.text"), value)
        _check_length(len(value), value)
        _check_text(value)
        return value if value else EMPTY
    if lane_type is LaneType.LIST:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise CellError(Phrase("err.cell.list"), value)
        items = [item for item in value if item.strip()]
        _check_length(sum(len(item) for item in items), value)
        _check_text(*items)
        return items if items else EMPTY
    if lane_type is LaneType.IMPORTANCE:
        number = whole_number(value)
        if number is None or not IMPORTANCE_MIN <= number <= IMPORTANCE_MAX:
            raise CellError(Phrase("err.cell.importance"), value)
        return number
    if lane_type is LaneType.EMOTION:
        return _normalize_emotion(value)
    if lane_type is LaneType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise CellError(Phrase("err.cell.number"), value)
        return value
    if lane_type is LaneType.CHOICE:
        allowed = options or []
        if not isinstance(value, str) or (value and value not in allowed):
            listed = ", ".join(show(o) for o in allowed[:10]) or Phrase("err.cell.no_options")
            raise CellError(Phrase("err.cell.choice", options=listed), value)
        return value if value else EMPTY
    raise CellError(f"a known lane type, not {lane_type!r}", value)  # pragma: no cover


def _emotion_score(value: Any) -> int | None:
    if value is None:
        return None
    number = whole_number(value)
    if number is None or not EMOTION_MIN <= number <= EMOTION_MAX:
        raise CellError(Phrase("err.cell.emotion_score"), value)
    return number


def _normalize_emotion(value: Any) -> Any:
    if isinstance(value, dict):
        unknown = set(value) - {"score", "words"}
        if unknown:
            raise CellError(Phrase("err.cell.emotion_object"), f"a field {sorted(unknown)[0]!r}")
        score = _emotion_score(value.get("score"))
        words = value.get("words", "")
        if words is None:
            words = ""
        if not isinstance(words, str):
            raise CellError(Phrase("err.cell.emotion_words"), words)
        _check_length(len(words), words)
        _check_text(words)
    else:
        score = _emotion_score(value)
        words = ""
    if score is None and not words:
        return EMPTY
    return {"score": score, "words": words}
