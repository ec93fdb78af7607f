"""The emotion scale: −2 … +2, each with an emoji and a word in both languages."""

from __future__ import annotations

import math

SCALE: tuple[int, ...] = (-2, -1, 0, 1, 2)
EMOJI: dict[int, str] = {-2: "😡", -1: "😞", 0: "😐", 1: "🙂", 2: "🤩"}
WORDS: dict[str, dict[int, str]] = {
    "ru": {-2: "сильно негативно", -1: "негативно", 0: "нейтрально", 1: "позитивно", 2: "восторг"},
    "en": {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "delighted"},
}


def label(score: float | None) -> str:
    """'😡 −2', '🙂 +1', '😐 0'; '—' when unrated. A mean of votes shows its nearest face: '😞 −1.33'."""
    if score is None:
        return "—"
    nearest = int(math.copysign(math.floor(abs(score) + 0.5), score))  # halves away from zero
    sign = "+" if score > 0 else ("−" if score < 0 else "")
    return f"{EMOJI[max(-2, min(2, nearest))]} {sign}{abs(score):g}"
