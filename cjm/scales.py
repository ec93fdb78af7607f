"""Values as people write them: the one home of reading an importance or an emotion lane of a foreign table.

A lane's cells are read **together** (:func:`read_lane`), because the scale is a property of the column, not
of a cell: "7" is a 1–10 importance in a column that holds 9 and 10, and "2" is a 1–5 satisfaction (−1) in a
column that holds 5. What was assumed is said (:class:`Assumption`, shown in the import preview), and every
value that could not be read is listed once (``unknown``), never guessed.

Importance (1–5):

* numbers: 1–5 as they are; a column with a number above 5 is a 1–10 scale (0–10 with a 0), above 10 or with a
  ``%`` a 0–100 % scale; a label such as "Priority (1–3)", "важность, 0-100%" or "/10" names the scale first.
  Rescaled linearly to 1–5, halves up;
* fractions ``5/5``, ``7/10``, ``2 из 3``, ``4 of 5`` on their own scale; stars ``★★★`` (of 5) or ``★★☆`` (of 3);
  marks ``!!!`` (a column of at most three marks is a 1–3 scale);
* words, Russian and English (:data:`IMPORTANCE_WORDS`): low / medium / high (and H/M/L, В/С/Н) are 1, 3, 5 in a
  column of three levels; with "very high", "critical" or "key" also in the column they are 2, 3, 4 and the top
  words 5.

Emotion (−2…+2):

* numbers −2…+2 as they are; a column of 0…5 with a number above 2 is a 1–5 satisfaction, above 5 a 1–10 one,
  above 10 or with a ``%`` a 0–100 % one; a negative column wider than −2…+2 (−3…+3, −5…+5) is symmetric.
  Rescaled linearly to −2…+2, halves away from zero;
* every common face and gesture emoji, by its Unicode name (:func:`emoji_score`; skin tones and variation
  selectors ignored), with or without words after it;
* signs ``+`` ``++`` ``-`` ``--`` ``−`` (U+2212) ``±`` ``+/-``; the app's own scale words ("негативно",
  "delighted");
* other words: kept as words with no score; the lexicon's reading is a *suggestion* (scoring marks it), and
  words the lexicon cannot read are listed as unknown.

``overrides`` (a person's choice in the import's mapping step, :mod:`cjm.import_plan`) give a score to a value,
by :func:`value_key`; ``None`` there means "leave it as not read".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import emotion as emotion_scale
from .i18n import t
from .lexicon import suggest

IMPORTANCE, EMOTION = "importance", "emotion"
KINDS = (IMPORTANCE, EMOTION)
MAX_TEXT = 200  # a longer cell is never a scale value (kept, listed as unknown)

# --- small helpers ------------------------------------------------------------------------------------------


def value_key(text: Any) -> str:
    """A value as the mapping step and the profiles know it: case-folded, ё as е, blanks collapsed."""
    return " ".join(str(text).casefold().replace("ё", "е").split())[:MAX_TEXT]


def _words_only(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in value_key(text)).split())


def _half_up(value: float) -> int:
    """Halves away from zero (2.5 → 3, −1.5 → −2)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def cell_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)):
        return f"{raw:g}"
    return str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()


_NUMBER = re.compile(r"^([+\-−]?\d+(?:[.,]\d+)?)\s*(%?)$")
_FRACTION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:/|из|of|out of)\s*(\d+)$", re.I)
_RANGE_HINT = re.compile(r"([+\-−]?\d+)\s*(?:-|–|—|\.\.|…|to|до)\s*\+?(\d+)", re.I)
_OF_HINT = re.compile(r"(?:/|из|of|out of)\s*(\d+)\b", re.I)
_STAR_CELL = re.compile(r"^([★☆✩✰⭐*]+)\s*(\d)?$")
_MARKS = re.compile(r"^(!+)$")


def _number(raw: Any) -> tuple[float, bool] | None:
    """A plain number in a cell and whether it carried ``%``; None when the cell is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return (float(raw), False) if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    match = _NUMBER.match(raw.strip().replace("\u00a0", "").replace(" ", ""))
    if not match:
        return None
    return float(match.group(1).replace("−", "-").replace(",", ".")), bool(match.group(2))


def _hinted_scale(label: str) -> tuple[float, float] | None:
    """A scale the label names: "(1–10)", "0-100%", "/5", "из 10", "%"."""
    text = label or ""
    match = _RANGE_HINT.search(text)
    if match:
        low, high = float(match.group(1).replace("−", "-")), float(match.group(2))
        if high > low and high - low >= 2:
            return low, high
    match = _OF_HINT.search(text)
    if match and float(match.group(1)) >= 2:
        return 1.0, float(match.group(1))
    if "%" in text:
        return 0.0, 100.0
    return None


# --- emoji ----------------------------------------------------------------------------------------------------

# First match wins, so the specific names come before the general ones. The words are parts of Unicode names.
_EMOJI_RULES: tuple[tuple[str, int], ...] = (
    ("BROKEN HEART", -2), ("LOUDLY CRYING", -2), ("POUTING", -2), ("ANGRY", -2), ("SYMBOLS COVERING MOUTH", -2),
    ("STEAM FROM NOSE", -2), ("SCREAMING", -2), ("VOMITING", -2), ("NAUSEATED", -2), ("CONFOUNDED", -2),
    ("TIRED FACE", -2), ("SKULL", -2), ("ANGUISHED", -2), ("EXPLODING HEAD", -2), ("IMP", -2), ("HORNS", -2),
    ("FACE PALM", -1), ("CROSS MARK", -1), ("WITH TEAR", 0), ("LOOK OF TRIUMPH", -2), ("NO GOOD GESTURE", -1),
    ("HOLDING BACK TEARS", 0), ("WRY SMILE", 0), ("KISS", 2), ("OK GESTURE", 1), ("TEARS OF JOY", 2),
    ("FLOOR LAUGHING", 2), ("HEART", 2), ("HEARTS", 2), ("STAR EYES", 2), ("STAR-STRUCK", 2), ("PARTY", 2),
    ("GRINNING", 2), ("SMILING FACE WITH OPEN MOUTH", 2), ("TIGHTLY-CLOSED EYES", 2), ("THUMBS DOWN", -1),
    ("FROWNING", -1), ("CRYING", -1), ("DISAPPOINTED", -1), ("WORRIED", -1), ("CONFUSED", -1), ("PENSIVE", -1),
    ("UNAMUSED", -1), ("FEARFUL", -1), ("COLD SWEAT", -1), ("WEARY", -1), ("PERSEVERING", -1), ("ROLLING EYES", -1),
    ("GRIMACING", -1), ("YAWNING", -1), ("PLEADING", -1), ("DIZZY FACE", -1), ("DOWNCAST", -1), ("HEAD-BANDAGE", -1),
    ("SPIRAL EYES", -1), ("MEDICAL MASK", -1), ("SNEEZING", -1), ("THERMOMETER", -1), ("UNEVEN EYES", -1),
    ("MELTING", -1), ("OVERHEATED", -1), ("FREEZING", -1), ("DIAGONAL MOUTH", -1), ("SAD", -1), ("THUMBS UP", 1),
    ("OK HAND", 1), ("CLAPPING", 1), ("SMILING", 1), ("RELIEVED", 1), ("WINKING", 1), ("HUGGING", 1),
    ("SUNGLASSES", 1), ("HALO", 1), ("SAVOURING", 1), ("SMIRKING", 1), ("KISSING", 1), ("HANDS", 1), ("VICTORY", 1),
    ("STUCK-OUT TONGUE", 1), ("COWBOY", 1), ("NERD", 1), ("MONEY-MOUTH", 1), ("DROOLING", 1), ("CHECK MARK", 1),
    ("NEUTRAL", 0), ("EXPRESSIONLESS", 0), ("WITHOUT MOUTH", 0), ("THINKING", 0), ("HUSHED", 0), ("ZIPPER", 0),
    ("RAISED EYEBROW", 0), ("EYEBROW RAISED", 0), ("CLOSED LIPS", 0), ("DISGUISED", 0), ("SHRUG", 0),
    ("UPSIDE-DOWN", 0), ("ASTONISHED", 0), ("FLUSHED", 0), ("OPEN MOUTH", 0), ("SLEEPING", 0), ("SLEEPY", 0),
    ("LYING", 0), ("MONOCLE", 0), ("SALUTING", 0), ("DOTTED LINE", 0), ("PEEKING", 0), ("SHAKING FACE", 0),
    ("OPEN EYES AND HAND", 0),
)
_IGNORED = {0xFE0E, 0xFE0F, 0x200D, 0x20E3} | set(range(0x1F3FB, 0x1F400))  # selectors, ZWJ, skin tones
# names that mean no feeling, though a rule word is in them (a heart-suit card, hearts as decorations)
_NOT_FEELINGS = ("HEART DECORATION", "HEART SUIT", "ANATOMICAL HEART", "HEART WITH RIBBON")


def _is_emoji_char(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x2600 and unicodedata.category(ch) in ("So", "Sk")


def emoji_score(char: str) -> int | None:
    """The score of one emoji character by its Unicode name family, or None (not a feeling we read)."""
    name = unicodedata.name(char, "")
    if not name or any(part in name for part in _NOT_FEELINGS):
        return None
    for part, score in _EMOJI_RULES:
        if (score != 0 or "FACE" in name or "SHRUG" in name) and _rule(part).search(name):
            return score
    return None


@cache
def _rule(part: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(part) + r"\b")


def leading_emoji(text: str) -> tuple[int | None, str, str] | None:
    """``(score, emoji, rest)`` when ``text`` starts with emoji (several of one feeling read as one: "👍👍"),
    else None. A score of None: the emoji is not a feeling we know (an unknown value)."""
    position = 0
    scores: list[int | None] = []
    while position < len(text):
        ch = text[position]
        if ch == "\u200d":  # a ZWJ sequence (🤷‍♀️, 👨‍💻): the first emoji says the feeling
            position += 2
            continue
        if ord(ch) in _IGNORED:
            position += 1
            continue
        if not _is_emoji_char(ch):
            break
        scores.append(emoji_score(ch))
        position += 1
    if not scores:
        return None
    known = {s for s in scores if s is not None}
    score = known.pop() if len(known) == 1 and None not in scores else None
    return score, text[:position], text[position:].strip(" \t\n:—–-")


# --- words ----------------------------------------------------------------------------------------------------

LOW, MEDIUM, HIGH, VERY_LOW, TOP = "low", "medium", "high", "very_low", "top"
_LADDER_3 = {LOW: 1, MEDIUM: 3, HIGH: 5}
_LADDER_5 = {VERY_LOW: 1, LOW: 2, MEDIUM: 3, HIGH: 4, TOP: 5}

#: importance words (normalised: lower case, ё → е, punctuation as spaces) → their rung of the ladder
IMPORTANCE_WORDS: dict[str, str] = {
    **dict.fromkeys(("low", "l", "lo", "minor", "not important", "unimportant", "nice to have", "could",
                     "низкая", "низкий", "низкое", "низко", "н", "неважно", "не важно", "невысокая",
                     "невысокий", "второстепенный", "второстепенная", "желательно"), LOW),
    **dict.fromkeys(("medium", "m", "med", "mid", "moderate", "average", "normal", "should", "средняя", "средний",
                     "среднее", "с", "умеренная", "умеренный", "нормальная", "обычная"), MEDIUM),
    **dict.fromkeys(("high", "h", "hi", "important", "major", "must", "высокая", "высокий", "высокое", "высоко",
                     "в", "важно", "важный", "важная"), HIGH),
    **dict.fromkeys(("very low", "lowest", "none", "trivial", "очень низкая", "очень низкий", "минимальная",
                     "минимальный", "совсем не важно"), VERY_LOW),
    **dict.fromkeys(("very high", "highest", "critical", "crit", "key", "top", "must have", "very important",
                     "blocker", "очень высокая", "очень высокий", "критично", "критичный", "критичная",
                     "критическая", "критический", "критически важно", "ключевой", "ключевая", "ключевое",
                     "очень важно", "максимальная", "максимальный", "блокер"), TOP),
}

#: the app's own emotion words (both languages) → the score
_SCALE_WORDS: dict[str, int] = {_words_only(word): score for words in emotion_scale.WORDS.values()
                                for score, word in words.items()}


@dataclass(frozen=True)
class Assumption:
    """Something the reader assumed about a lane, said in the preview (``mapping.assumed.<key>``)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, language: str) -> str:
        return t(f"mapping.assumed.{self.key}", language, **dict(self.params))


@dataclass(frozen=True)
class Cell:
    """One cell as read: its score (None: unrated or not read), the words kept with it, whether it was read."""

    text: str
    score: int | None
    words: str = ""
    known: bool = True  # False: an unknown value (listed; the importer keeps it in a "(not read)" lane)
    suggested: bool = False  # emotion words the lexicon reads (scoring marks them suggested)
    chosen: bool = False  # the score came from a person's choice (an override)


@dataclass(frozen=True)
class LaneReading:
    """A lane's cells read together: the cells (None for a blank), what was assumed, what is unknown."""

    kind: str
    cells: tuple[Cell | None, ...]
    assumed: tuple[Assumption, ...] = ()
    unknown: tuple[str, ...] = ()  # distinct unknown values, as first written
    values: tuple[tuple[str, int | None], ...] = field(default=())  # distinct words/marks and their score

    @property
    def read(self) -> int:
        return sum(1 for cell in self.cells if cell is not None and cell.known and cell.score is not None)

    def notes(self, language: str) -> list[str]:
        return [a.text(language) for a in self.assumed]


# --- importance -------------------------------------------------------------------------------------------------


def _scale_text(low: float, high: float, percent: bool = False) -> str:
    def short(x: float) -> str:
        return f"{x:g}".replace("-", "−")
    return f"{short(low)}–{short(high)}" + (" %" if percent else "")


def _rescale(value: float, low: float, high: float, to_low: float, to_high: float) -> int:
    return _half_up(to_low + (value - low) * (to_high - to_low) / (high - low))


def _importance_scale(numbers: list[tuple[float, bool]], hint: tuple[float, float] | None
                      ) -> tuple[float, float, str | None]:
    """(low, high, assumption key or None when 1–5 as is)."""
    if hint is not None and hint != (1, 5):
        return hint[0], hint[1], "named_scale"
    if not numbers:
        return 1, 5, None
    top = max(value for value, _ in numbers)
    bottom = min(value for value, _ in numbers)
    if any(percent for _, percent in numbers) or top > 10:
        return 0, 100, "scale"
    if top > 5:
        return (0 if bottom < 1 else 1), 10, "scale"
    return 1, 5, None


def _importance_word(text: str) -> str | None:
    return IMPORTANCE_WORDS.get(_words_only(text))


def read_importance(raws: Iterable[Any], label: str = "", overrides: Mapping[str, int | None] | None = None
                    ) -> LaneReading:
    """An importance lane's cells as 1–5 (see the module's doc)."""
    overrides = overrides or {}
    raws = list(raws)
    texts = [cell_text(raw) for raw in raws]
    numbers = [n for raw in raws if (n := _number(raw)) is not None]
    low, high, scale_note = _importance_scale(numbers, _hinted_scale(label))
    rungs = {_importance_word(text) for text in texts if text} - {None}
    ladder = _LADDER_5 if rungs & {VERY_LOW, TOP} else _LADDER_3
    marks = [len(m.group(1)) for text in texts if (m := _MARKS.match(text))]
    marks_top = 3 if marks and max(marks) <= 3 else 5
    assumed: list[Assumption] = []
    used: set[str] = set()
    cells: list[Cell | None] = []
    for raw, text in zip(raws, texts, strict=True):
        if not text or text.casefold() in _BLANKS:
            cells.append(None)
            continue
        key = value_key(text)
        if key in overrides:
            score = overrides[key]
            cells.append(Cell(text, score, known=score is not None, chosen=True))
            continue
        score, why = _one_importance(raw, text, (low, high), ladder, marks_top)
        if why:
            used.add(why)
        cells.append(Cell(text, score, known=score is not None))
    if "number" in used and scale_note:
        assumed.append(Assumption(scale_note, (("scale", _scale_text(low, high, (low, high) == (0, 100))),)))
    if "rounded" in used:
        assumed.append(Assumption("rounded"))
    if "words" in used:
        words = {value_key(c.text): f"{c.text} = {c.score}" for c in cells
                 if c is not None and not c.chosen and _importance_word(c.text) is not None}
        rung_scores = ", ".join(list(words.values())[:8]) + (" …" if len(words) > 8 else "")
        assumed.append(Assumption("words_5" if ladder is _LADDER_5 else "words_3", (("levels", rung_scores),)))
    if "marks" in used:
        assumed.append(Assumption("marks", (("scale", _scale_text(1, marks_top)),)))
    if "fraction" in used:
        assumed.append(Assumption("fractions"))
    if "stars" in used:
        assumed.append(Assumption("stars"))
    return _reading(IMPORTANCE, cells, assumed)


def _one_importance(raw: Any, text: str, scale: tuple[float, float], ladder: dict[str, int],
                    marks_top: int) -> tuple[int | None, str]:
    number = _number(raw)
    if number is not None:
        value, _ = number
        low, high = scale
        if not low <= value <= high:
            return None, ""
        if (low, high) == (1, 5):
            return (_half_up(value), "rounded" if not value.is_integer() else "") if value >= 1 else (None, "")
        return max(1, min(5, _rescale(value, low, high, 1, 5))), "number"
    match = _FRACTION.match(text)
    if match:
        value, top = float(match.group(1).replace(",", ".")), float(match.group(2))
        if top >= 2 and 0 <= value <= top:
            if top == 5 and value.is_integer() and value >= 1:
                return int(value), ""
            return max(1, min(5, _rescale(value, 0 if value == 0 else 1, top, 1, 5))), "fraction"
        return None, ""
    match = _STAR_CELL.match(text.replace(" ", ""))
    if match:
        if match.group(2):  # "★★★☆☆ 3": the app's own form
            value = int(match.group(2))
            return (value, "") if 1 <= value <= 5 else (None, "")
        stars = match.group(1)
        full = sum(stars.count(ch) for ch in "★⭐*")
        total = len(stars)
        if full == 0 or total > 10:
            return None, ""
        if total == full:
            return (full, "") if full <= 5 else (None, "")
        return max(1, min(5, _rescale(full, 1, total, 1, 5) if total > 1 else 5)), "stars"
    match = _MARKS.match(text)
    if match:
        count = len(match.group(1))
        if count > marks_top:
            return None, ""
        return (count if marks_top == 5 else _rescale(count, 1, 3, 1, 5)), "marks"
    rung = _importance_word(text)
    if rung is not None:
        return ladder.get(rung, _LADDER_5[rung]), "words"
    return None, ""


# --- emotion ------------------------------------------------------------------------------------------------------

_SIGNS: dict[str, int] = {"+": 1, "++": 2, "+++": 2, "-": -1, "--": -2, "---": -2, "−": -1, "−−": -2, "−−−": -2,
                          "±": 0, "+/-": 0, "+-": 0, "-/+": 0, "+/−": 0, "=": 0}
_BLANKS = ("—", "–", "-")  # what grid.py reads as unrated too


def _emotion_scale(numbers: list[float], hint: tuple[float, float] | None
                   ) -> tuple[float, float, str | None]:
    if hint is not None and hint != (-2, 2):
        return hint[0], hint[1], "named_scale"
    if not numbers:
        return -2, 2, None
    top, bottom = max(numbers), min(numbers)
    if bottom >= -2 and top <= 2:
        return -2, 2, None
    if bottom < 0:
        span = max(abs(bottom), abs(top))
        return (-span, span, "scale") if span <= 10 else (-2, 2, None)
    if top > 10:
        return 0, 100, "scale"
    if top > 5:
        return (0 if bottom < 1 else 1), 10, "scale"
    return (0 if bottom < 1 else 1), 5, "scale"


def read_emotion(raws: Iterable[Any], label: str = "", overrides: Mapping[str, int | None] | None = None
                 ) -> LaneReading:
    """An emotion lane's cells as −2…+2 with words (see the module's doc)."""
    overrides = overrides or {}
    raws = list(raws)
    texts = [cell_text(raw) for raw in raws]
    percent = any(n[1] for raw in raws if (n := _number(raw)) is not None)
    numbers = [n[0] for raw in raws if (n := _number(raw)) is not None and cell_text(raw) not in _SIGNS]
    low, high, scale_note = _emotion_scale(numbers, _hinted_scale(label))
    if percent and scale_note is None:
        low, high, scale_note = 0, 100, "scale"
    # a lone "-" is a minus only in a column that also holds "+" signs; elsewhere it is a blank
    signs = any(text in _SIGNS and text not in ("-", "=") for text in texts)
    used: set[str] = set()
    cells: list[Cell | None] = []
    for raw, text in zip(raws, texts, strict=True):
        if not text or (text.casefold() in _BLANKS and not (signs and text == "-")):
            cells.append(None)
            continue
        key = value_key(text)
        if key in overrides:
            score = overrides[key]
            cells.append(Cell(text, score, words=_override_words(text), known=score is not None, chosen=True))
            continue
        cell, why = _one_emotion(raw, text, (low, high))
        if why:
            used.add(why)
        cells.append(cell)
    assumed: list[Assumption] = []
    if "number" in used and scale_note:
        shown = _scale_text(low, high, (low, high) == (0, 100))
        assumed.append(Assumption("emotion_" + scale_note, (("scale", shown),)))
    for why in ("emoji", "signs", "scale_words"):
        if why in used:
            assumed.append(Assumption("emotion_" + why))
    return _reading(EMOTION, cells, assumed)


def emotion_cell(text: str) -> Cell:
    """One emotion cell on the app's own −2…+2 scale (our workbook's cells): a face emoji, a sign, "−1 words", a
    scale word, or words (the lexicon suggests); a lone "-" and numbers off the scale are words with no score."""
    if text in _BLANKS:
        return Cell(text, None, words=text, known=False)
    return _one_emotion(text, text, (-2, 2))[0]


def _override_words(text: str) -> str:
    """The words kept when a person scores a value: the text, unless it is only a number, a sign or emoji."""
    if _number(text) is not None or text in _SIGNS:
        return ""
    found = leading_emoji(text)
    return found[2] if found is not None else text


def _one_emotion(raw: Any, text: str, scale: tuple[float, float]) -> tuple[Cell, str]:
    if text in _SIGNS:
        return Cell(text, _SIGNS[text]), "signs"
    number = _number(raw)
    if number is not None:
        value, _ = number
        low, high = scale
        if not low <= value <= high:
            return Cell(text, None, known=False), ""
        if (low, high) == (-2, 2):
            return (Cell(text, int(value)), "") if value.is_integer() else (Cell(text, _half_up(value)), "number")
        return Cell(text, max(-2, min(2, _rescale(value, low, high, -2, 2)))), "number"
    found = leading_emoji(text)
    if found is not None:
        score, _, rest = found
        if score is None:
            return Cell(text, None, words=rest, known=False), ""
        return Cell(text, score, words=rest), ("" if found[1] in _OWN_FACES else "emoji")
    match = _LEADING_SCORE.match(text)
    if match:
        return Cell(text, int(match.group(1).replace("−", "-")), words=match.group(2).strip()), ""
    plain = _words_only(text)
    if plain in _SCALE_WORDS:
        return Cell(text, _SCALE_WORDS[plain], words=""), "scale_words"
    if len(text) <= MAX_TEXT * 10 and suggest(text) is not None:
        return Cell(text, None, words=text, suggested=True), ""  # counted by the importer's notes
    return Cell(text, None, words=text, known=False), ""


_OWN_FACES = frozenset(emotion_scale.EMOJI.values())  # the app's own five: no assumption in reading them
_LEADING_SCORE = re.compile(r"^([+\-−]?[0-2])(?:\s*[:.)—–-]\s*|\s+)(\S.*)$", re.S)


# --- both -----------------------------------------------------------------------------------------------------


def _reading(kind: str, cells: list[Cell | None], assumed: list[Assumption]) -> LaneReading:
    unknown: dict[str, str] = {}
    values: dict[str, tuple[str, int | None]] = {}
    for cell in cells:
        if cell is None:
            continue
        key = value_key(cell.text)
        if not cell.known:
            unknown.setdefault(key, cell.text)
        if _number(cell.text) is None and not cell.suggested:
            values.setdefault(key, (cell.text, cell.score if cell.known else None))
    return LaneReading(kind, tuple(cells), tuple(assumed), tuple(unknown.values()), tuple(values.values()))


def read_lane(kind: str, raws: Iterable[Any], label: str = "",
              overrides: Mapping[str, int | None] | None = None) -> LaneReading:
    """The cells of one lane (``importance`` or ``emotion``) read together."""
    if kind == IMPORTANCE:
        return read_importance(raws, label, overrides)
    if kind == EMOTION:
        return read_emotion(raws, label, overrides)
    raise ValueError(f"not a scale lane: {kind}")


def score_range(kind: str) -> tuple[int, ...]:
    """The scores a person can give a value in the mapping step."""
    return (1, 2, 3, 4, 5) if kind == IMPORTANCE else emotion_scale.SCALE
