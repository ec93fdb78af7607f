"""A small Russian/English emotion lexicon: words ("Раздражение, Критическая Боль",
"frustrated, confused") → a *suggested* emotion score −2…+2.

The suggestion is only a suggestion: scoring marks it ``suggested`` until a person confirms it
(the UI writes the score into the cell).

How words are read:

* The text is lower-cased, ``ё`` is read as ``е``, and it is split into phrases at ``, ; . ! ? :``,
  new lines, dashes and "but"/"но"/"а". Each word of a phrase is looked up in :data:`ENTRIES`.
* An entry ending in ``*`` is a stem and matches any word that starts with it, so Russian
  inflections work ("раздраж*" matches раздражение, раздражён, раздражает); the longest
  matching stem wins ("недовер*" before "довер*"). Other entries match the whole word only.
* Modifiers change the *next* lexicon word of the same phrase:

  - a **negation** ("не", "нет", "ни", "без", "not", "no", "never", "n't" words) flips the word's sign
    and weakens it to 1, whatever else modifies it: "не доволен", "not happy" and "not very happy"
    count −1, "not bad" counts +1; a neutral word stays 0;
  - an **intensifier** ("очень", "сильн*", "критическ*", "very", "extremely", …) multiplies it by 1.5;
  - a **softener** ("небольш*", "немного", "слегка", "slightly", "mild*", "a bit", …) halves it.

  A word's value stays within −2…+2. Words a stem would wrongly catch are listed in
  :data:`NOT_FEELINGS` ("довольно сложно" is "rather hard", not "content").
* Several words: the suggestion is their **mean, rounded to the nearest whole number with halves
  going away from zero** (toward the stronger feeling): −2 and −1 give −2; +1 and 0 give +1;
  −1 and +1 give 0.

No lexicon word → no suggestion (``None``). Lookups are cached.

Words that contradict a chosen score (−2 with "Удовлетворение") are flagged by :func:`contradicts`: the
score and the words' reading on opposite sides of neutral.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# Scores: −2 very negative … +2 delighted. "*" = stem (prefix), else the whole word.
_RU: dict[str, float] = {
    # very negative
    "злост*": -2, "злой": -2, "зла": -2, "злые": -2, "злит*": -2, "злю*": -2, "злоб*": -2, "гнев*": -2,
    "ярост*": -2, "бешен*": -2, "бесит*": -2, "возмущ*": -2, "негодов*": -2, "ненавист*": -2, "отчаян*": -2,
    "паник*": -2, "ужас*": -2, "боль": -2, "боли": -2, "болью": -2, "фрустрац*": -2, "разочаров*": -2,
    "обид*": -2, "бессил*": -2, "кошмар*": -2,
    # negative
    "раздраж*": -1, "растерян*": -1, "недовер*": -1, "недовол*": -1, "усталост*": -1, "устал*": -1,
    "утомл*": -1, "скук*": -1, "скучн*": -1, "тревог*": -1, "тревожн*": -1, "беспокой*": -1, "беспокоит*": -1,
    "опасен*": -1, "опасени*": -1, "сомнен*": -1, "сомнева*": -1, "неуверен*": -1, "непонима*": -1,
    "непонят*": -1, "неудоб*": -1, "нерв*": -1, "напряж*": -1, "стресс*": -1, "замешател*": -1, "путаниц*": -1,
    "запута*": -1, "недоумен*": -1, "подозр*": -1, "досад*": -1, "груст*": -1, "печаль*": -1,
    "страх": -1, "страха": -1, "страхом": -1, "страхи": -1, "страху": -1,
    "страшн*": -1, "скепсис": -1, "нерешительн*": -1, "сонлив*": -1, "боязн*": -1, "неловк*": -1,
    "скептиц*": -1, "скептич*": -1, "потерян": -1, "потеряна": -1, "потеряны": -1, "потерянност*": -1,
    "перегруж*": -1, "сложно": -1, "трудно": -1, "настороженн*": -1, "неприятн*": -1,
    # neutral
    "нейтрал*": 0, "нетерпен*": 0, "равнодуш*": 0, "безразлич*": 0, "волнен*": 0, "волну*": 0, "норм": 0,
    "нормально": 0,
    # positive
    "ожидан*": 1, "предвкуш*": 1, "интерес": 1, "интереса": 1, "интересом": 1, "интересно": 1, "интересн*": 1,
    "заинтерес*": 1, "любопыт*": 1, "надежд*": 1, "надеет*": 1, "удовлетвор*": 1, "довол*": 1, "спокой*": 1,
    "уверен*": 1, "облегчен*": 1, "доверие": 1, "доверя*": 1, "понятно": 1, "понятн*": 1, "удобн*": 1,
    "удобств*": 1, "приятн*": 1, "рад": 1, "рада": 1, "рады": 1, "радост*": 1, "радует*": 1, "обрадова*": 1,
    "вдохнов*": 1, "благодар*": 1, "комфорт*": 1, "мотивир*": 1, "воодушев*": 1, "оптимизм*": 1, "гордост*": 1,
    "горд": 1, "горжусь": 1, "энтузиазм*": 1, "хорошо": 1, "искушен*": 1, "соблазн*": 1,
    # delighted
    "восторг*": 2, "восхищ*": 2, "счасть*": 2, "счастлив*": 2, "ликов*": 2, "эйфори*": 2, "восхитительн*": 2,
    "обожа*": 2, "отличн*": 2, "прекрасн*": 2, "великолепн*": 2,
}

_EN: dict[str, float] = {
    # very negative
    "angry": -2, "anger": -2, "angered": -2, "furious": -2, "fury": -2, "rage": -2, "outrage*": -2,
    "frustrat*": -2, "infuriat*": -2, "hate*": -2, "hatred": -2, "despair*": -2, "desperat*": -2, "panic*": -2,
    "terrified": -2, "horrified": -2, "disgust*": -2, "pain": -2, "painful": -2, "helpless*": -2,
    "betrayed": -2, "disappoint*": -2, "livid": -2, "miserable": -2, "hopeless*": -2,
    # negative
    "confus*": -1, "lost": -1, "distrust*": -1, "mistrust*": -1, "doubt*": -1, "unsure": -1, "uncertain*": -1,
    "annoy*": -1, "irritat*": -1, "tension": -1, "tense": -1, "displeas*": -1, "sleepy": -1, "sleepiness": -1,
    "indecis*": -1, "wariness": -1, "anxious": -1, "anxiety": -1, "worry": -1, "worried": -1, "worries": -1,
    "nervous*": -1, "stress*": -1, "tired": -1, "tiredness": -1, "fatigue*": -1, "exhaust*": -1, "bored": -1,
    "boring": -1, "boredom": -1, "suspicio*": -1, "skeptic*": -1, "sceptic*": -1, "sad": -1, "sadness": -1,
    "upset": -1, "unhappy": -1, "dissatisf*": -1, "discontent*": -1, "overwhelm*": -1, "uneasy": -1,
    "unease": -1, "afraid": -1, "fear": -1, "fears": -1, "fearful": -1, "scared": -1, "puzzled": -1,
    "hesita*": -1, "embarrass*": -1, "concern*": -1, "uncomfortable": -1, "bad": -1, "awkward": -1,
    "reluctan*": -1, "wary": -1, "unsatisf*": -1, "uninterest*": -1,
    # neutral
    "neutral": 0, "impatien*": 0, "indifferen*": 0, "ok": 0, "okay": 0, "fine": 0,
    # positive
    "calm": 1, "happy": 1, "glad": 1, "contented": 1, "satisf*": 1, "pleased": 1, "pleasure": 1, "pleasant": 1,
    "relie*": 1, "interest": 1, "interested": 1, "interesting": 1, "curious": 1, "curiosity": 1, "hope*": 1,
    "hoping": 1, "confident": 1, "confidence": 1, "trust*": 1, "reassur*": 1, "comfortable": 1, "inspir*": 1,
    "motivat*": 1, "grateful": 1, "gratitude": 1, "anticipat*": 1, "expectant": 1, "optimis*": 1, "proud": 1,
    "pride": 1, "tempt*": 1, "good": 1, "enjoy*": 1, "eager*": 1, "excite*": 1, "exciting": 1, "engaged": 1,
    "positive": 1,
    # delighted
    "delight*": 2, "thrill*": 2, "ecsta*": 2, "overjoyed": 2, "love": 2, "loved": 2, "loving": 2, "wow": 2,
    "amazed": 2, "amazing": 2, "elated": 2, "euphori*": 2, "joy": 2, "joyful": 2, "enthusias*": 2,
    "excellent": 2, "wonderful": 2, "fantastic": 2,
}

#: Every entry of the lexicon: Russian and English together (no entry is in both).
ENTRIES: dict[str, float] = {**_RU, **_EN}
#: Words a stem would catch that are not feelings ("довольно сложно" is "rather hard").
NOT_FEELINGS = frozenset({"довольно", "интересов", "интересам", "интересы", "ожидания"})

NEGATIONS = frozenset({"не", "нет", "ни", "без", "not", "no", "never", "hardly", "cannot", "nothing",
                       "dont", "didnt", "isnt", "wasnt", "arent", "werent", "doesnt", "cant", "wont"})
_INTENSIFIERS = ("очень*", "сильн*", "крайн*", "критическ*", "жутк*", "совсем", "абсолютн*",
                 "полн*", "very", "extreme*", "really", "so", "totally", "deeply", "highly", "utterly",
                 "critical*", "severe*", "strong*", "completely", "super")
_SOFTENERS = ("небольш*", "довольно", "немн*", "слегка", "чуть", "слаб*", "легк*", "некотор*", "осторожн*", "slight*",
              "mild*", "somewhat", "little", "bit", "kinda", "fairly", "rather", "moderate*", "minor",
              "cautious*")
INTENSIFY, SOFTEN = 1.5, 0.5

_BREAKS = re.compile(r"[,;.!?:\n\r\t()\[\]/|–—]+|\s-\s|\b(?:but|yet|however|но|однако|зато|а)\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Suggestion:
    """A suggested emotion score and the words it was read from (as typed)."""

    score: int
    words: tuple[str, ...]
    mean: float

    def as_json(self) -> dict[str, object]:
        return {"score": self.score, "words": list(self.words), "mean": self.mean}


def _split(entries: dict[str, float] | tuple[str, ...]) -> tuple[dict[str, float], list[tuple[str, float]]]:
    """Whole words and stems (longest first) of a table."""
    pairs = entries.items() if isinstance(entries, dict) else ((entry, 1.0) for entry in entries)
    exact: dict[str, float] = {}
    stems: list[tuple[str, float]] = []
    for entry, value in pairs:
        key = entry.replace("ё", "е")
        if key.endswith("*"):
            stems.append((key[:-1], value))
        else:
            exact[key] = value
    stems.sort(key=lambda item: -len(item[0]))
    return exact, stems


_EXACT, _STEMS = _split(ENTRIES)
_INT_EXACT, _INT_STEMS = _split(_INTENSIFIERS)
_SOFT_EXACT, _SOFT_STEMS = _split(_SOFTENERS)


def _lookup(word: str, exact: dict[str, float], stems: list[tuple[str, float]]) -> float | None:
    if word in exact:
        return exact[word]
    for stem, value in stems:
        if word.startswith(stem):
            return value
    return None


@lru_cache(maxsize=8192)
def word_score(word: str) -> float | None:
    """The lexicon's score of one word (any case, ``ё`` or ``е``), or None when it is not in the lexicon."""
    word = word.lower().replace("ё", "е")
    return None if word in NOT_FEELINGS else _lookup(word, _EXACT, _STEMS)


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


def _modifier(word: str) -> float | None:
    if _lookup(word, _INT_EXACT, _INT_STEMS) is not None:
        return INTENSIFY
    if _lookup(word, _SOFT_EXACT, _SOFT_STEMS) is not None:
        return SOFTEN
    return None


def round_toward_stronger(value: float) -> int:
    """Nearest whole number; halves go away from zero (−1.5 → −2, 0.5 → 1)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


@lru_cache(maxsize=4096)
def suggest(words: str) -> Suggestion | None:
    """A suggested score −2…+2 for emotion ``words``, or None when no word is in the lexicon."""
    if not words or not words.strip():
        return None
    values: list[float] = []
    matched: list[str] = []
    for phrase in _BREAKS.split(words):
        if not phrase:
            continue
        tokens = _WORD.findall(phrase)
        negated = False
        factor = 1.0
        start: int | None = None
        for index, token in enumerate(tokens):
            word = token.lower().replace("ё", "е")
            value = word_score(word)
            if value is None:
                if _is_negation(word):
                    negated = True
                    start = index if start is None else start
                else:
                    modifier = _modifier(word)
                    if modifier is not None:
                        factor *= modifier
                        start = index if start is None else start
                continue
            if negated:  # "not very happy" is simply −1: a negation overrides the other modifiers
                value = -math.copysign(1.0, value) if value else 0.0
            else:
                value = max(-2.0, min(2.0, value * factor))
            values.append(value)
            matched.append(" ".join(tokens[index if start is None else start: index + 1]))
            negated, factor, start = False, 1.0, None
    if not values:
        return None
    mean = sum(values) / len(values)
    return Suggestion(round_toward_stronger(mean), tuple(matched), round(mean, 2))


def contradicts(score: float | None, words: str) -> Suggestion | None:
    """The lexicon's reading of ``words`` when it contradicts the chosen ``score``, else None.

    A contradiction is a score and words on opposite sides of neutral: −2 with "Удовлетворение" (+1),
    +1 with "frustrated, confused" (−2). Neutral on either side, words the lexicon does not know, or no
    score at all are no contradiction. The interface says "check": the person decides, nothing changes.
    """
    if score is None:
        return None
    reading = suggest(words)
    if reading is None:
        return None
    return reading if (score < 0 < reading.score) or (reading.score < 0 < score) else None
