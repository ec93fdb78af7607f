"""The emotion scale: −2 … +2, each with an emoji and a word in both languages."""

from __future__ import annotations

SCALE: tuple[int, ...] = (-2, -1, 0, 1, 2)
EMOJI: dict[int, str] = {-2: "😡", -1: "😞", 0: "😐", 1: "🙂", 2: "🤩"}
WORDS: dict[str, dict[int, str]] = {
    "ru": {-2: "сильно негативно", -1: "негативно", 0: "нейтрально", 1: "позитивно", 2: "восторг"},
    "en": {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "delighted"},
}


def label(score: int | None) -> str:
    """'😡 −2', '🙂 +1', '😐 0'; '—' when unrated."""
    if score is None:
        return "—"
    sign = "+" if score > 0 else ("−" if score < 0 else "")
    return f"{EMOJI[score]} {sign}{abs(score)}"
