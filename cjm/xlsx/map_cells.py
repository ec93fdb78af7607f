"""How a Map sheet cell reads when a person changed it: the notations people type (docs/xlsx-format.md).

* a stage header with or without its number ("2. Comparing options", "Comparing options");
* a list: one item a line, with or without a bullet ("•", "·"…);
* importance: anything the grid takes ("5", "5/5", "★★★★★"); in "★★★★★ 3/5" the part changed from what the
  export wrote wins;
* emotion: the first line is the score ("−2 (very negative) 😡", "😡", "+1"; the part — number, emoji or scale
  word — changed from what was written wins), the lines below are the words; a cell that is not a score line is
  read as the grid reads an emotion cell ("😡 long wait", words only: a suggestion).
"""

from __future__ import annotations

import re
from typing import Any

from .. import emotion as emotion_scale
from ..grid import parse_emotion_score
from ..lanes import LaneType
from ..validation import CellError
from .values import CellParser, name_text, raw_text

_NUMBER_PREFIX = re.compile(r"^\s*\d{1,4}\.\s*")
_BULLET = re.compile(r"^[•·▪◦‣]\s*")
_STARS = re.compile(r"^([★☆]+)\s*([1-5])\s*(?:/\s*5)?$")
_SCALE_WORDS = {word.lower(): score for words in emotion_scale.WORDS.values() for score, word in words.items()}
_EMOJI = {face: score for score, face in emotion_scale.EMOJI.items()}


def stage_name(raw: Any) -> str:
    """A stage header without its number ('2. Comparing options' -> 'Comparing options'); '' when empty."""
    if raw is None:
        return ""
    return name_text(_NUMBER_PREFIX.sub("", raw_text(raw), count=1))


def _score_parts(line: str) -> dict[str, int] | None:
    """The score(s) a first line gives — its number, its emoji, its scale word in brackets ('−2 (very negative)
    😡', '😡', '+1', '0') — or None when the line is not a score line ({} for an empty line)."""
    line = line.strip()
    if not line:
        return {}
    emoji = next((face for face in _EMOJI if line.endswith(face) or line.startswith(face)), None)
    core = line.replace(emoji, "").strip() if emoji else line
    parts: dict[str, int] = {}
    if emoji:
        parts["emoji"] = _EMOJI[emoji]
    match = re.search(r"\(([^()]*)\)\s*$", core)
    if match and match.group(1).strip().lower() in _SCALE_WORDS:
        parts["word"] = _SCALE_WORDS[match.group(1).strip().lower()]
        core = core[: match.start()].strip()
    if core:
        try:
            number = parse_emotion_score(core)
        except CellError:
            return None
        if number is not None:
            parts["number"] = number
    return parts or None


def _score(line: str, written_line: str | None) -> tuple[bool, int | None]:
    """(is a score line, the score). Where the number, the emoji and the word disagree, the one changed from the
    line as written wins (a person who changed '−2 (very negative) 😡' to '+1 (very negative) 😡' means +1)."""
    parts = _score_parts(line)
    if parts is None:
        return False, None
    if not parts:
        return True, None
    if len(set(parts.values())) > 1 and written_line is not None:
        before = _score_parts(written_line) or {}
        changed = {value for name, value in parts.items() if before.get(name) != value}
        if len(changed) == 1:
            return True, changed.pop()
    return True, parts.get("number", next(iter(parts.values())))


def cell_value(parser: CellParser, lane: dict[str, Any], raw: Any, stage: dict[str, Any], written: Any) -> Any:
    """A changed Map cell as the lane's value; ``written`` is what the export wrote there. The parser keeps
    what does not fit (``parser.failed``)."""
    parser.failed = False
    kind = LaneType(lane["type"])
    if raw is None:
        return None
    if kind is LaneType.LIST:
        return [_BULLET.sub("", line).strip() for line in raw_text(raw).split("\n")
                if _BULLET.sub("", line).strip()] or None
    if kind is LaneType.IMPORTANCE:
        return _importance(parser, lane, raw, stage, written)
    if kind is LaneType.EMOTION:
        return _emotion(parser, lane, raw, stage, written)
    return parser.parse(lane, raw, lane["key"], stage)


def _importance(parser: CellParser, lane: dict[str, Any], raw: Any, stage: dict[str, Any], written: Any) -> Any:
    """'★★★★★ 3/5' after '★★★☆☆ 3/5': the stars changed, so 5; '★★★☆☆ 5/5': the number changed, 5."""
    match = _STARS.match(raw.strip()) if isinstance(raw, str) else None
    if match and isinstance(written, str):
        stars, number = match.group(1).count("★"), int(match.group(2))
        before = _STARS.match(written.strip())
        if stars != number and before and 1 <= stars <= 5:
            return stars if number == int(before.group(2)) else number
    return parser.parse(lane, raw, lane["key"], stage)


def _emotion(parser: CellParser, lane: dict[str, Any], raw: Any, stage: dict[str, Any], written: Any) -> Any:
    """The first line is the score ('−2 (very negative) 😡', '+1', '😡'); the lines below are the words."""
    text = raw_text(raw)
    first, _, rest = text.partition("\n")
    is_score, score = _score(first, written.partition("\n")[0] if isinstance(written, str) else None)
    if is_score:
        return {"score": score, "words": rest.strip()} if score is not None or rest.strip() else None
    return parser.parse(lane, raw, lane["key"], stage)
